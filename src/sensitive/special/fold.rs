//! Case and accent folding of the lexicons' terms and of the text they are matched in.
//!
//! Shared with `build.rs`, which folds the terms when it compiles the lexicons: both sides
//! must fold the same way, and this file is the one place that says how.

/// The folded form of one character: lowercase ASCII for Latin letters with accents.
fn fold_char(c: char, out: &mut String) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        '’' | '‘' | 'ʼ' => '\'',
        '‐' | '‑' | '–' => '-',
        '\u{a0}' => ' ',
        'ß' => return out.push_str("ss"),
        'æ' | 'Æ' => return out.push_str("ae"),
        'œ' | 'Œ' => return out.push_str("oe"),
        c if c.is_ascii() => c.to_ascii_lowercase(),
        // Combining accents (decomposed text) vanish.
        '\u{300}'..='\u{36f}' => return,
        c => return out.extend(c.to_lowercase()),
    };
    out.push(base);
}

/// Folds `text` into `folded`, with `map[i]` the original byte offset of folded byte `i`
/// (and one entry past the end).
///
/// Runs of ASCII are copied whole, case and all (the automaton ignores ASCII case), and
/// their offsets written as a range: folding character by character was 7% of a scan of
/// posts and comments (perf), most of it on the ASCII between the accents.
pub(crate) fn fold_into(text: &str, folded: &mut String, map: &mut Vec<usize>) {
    folded.clear();
    map.clear();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        let ascii = bytes
            .get(at..)
            .map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii()).count());
        if ascii > 0 {
            folded.push_str(text.get(at..at + ascii).unwrap_or(""));
            map.extend(at..at + ascii);
            at += ascii;
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let before = folded.len();
        fold_char(c, folded);
        map.extend(std::iter::repeat_n(at, folded.len() - before));
        at += c.len_utf8();
    }
    map.push(text.len());
}
