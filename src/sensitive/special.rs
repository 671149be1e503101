//! GDPR Art. 9 special categories: first-person disclosures ("my diagnosis", "als lid van
//! de vakbond", "ich bin schwerbehindert") found with one aho-corasick automaton over the
//! lexicons in `lexicon/*.toml` (reviewable data: term, category, language, notes).
//!
//! Terms are phrases in the first person rather than topical words, so a post about a
//! hospital client or a Union Square office discloses nothing. Matching is case- and
//! accent-insensitive: patterns and text are folded the same way (lowercase, accents
//! stripped, ß → ss, curly apostrophes straight), and offsets in the folded text are mapped
//! back to the original. ASCII text (the common case) is searched in place, without a copy.

use std::cell::RefCell;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Deserialize;

use super::{Candidate, Kind, Special};

/// The built-in lexicons, one file per language.
const SOURCES: &[(&str, &str)] = &[
    ("en.toml", include_str!("lexicon/en.toml")),
    ("de.toml", include_str!("lexicon/de.toml")),
    ("fr.toml", include_str!("lexicon/fr.toml")),
    ("es.toml", include_str!("lexicon/es.toml")),
    ("nl.toml", include_str!("lexicon/nl.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    term: Vec<Entry>,
}

/// One lexicon entry as written in the TOML files.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// The phrase, written naturally (accents and capitals are folded away).
    term: String,
    /// A [`Special`] id.
    category: String,
    /// ISO 639-1 code of the term's language.
    language: String,
    /// Why the term is a disclosure, or what it must not match.
    #[serde(default)]
    #[allow(dead_code)] // for reviewers of the data files
    notes: String,
    /// The term may be followed by more letters ("my chemo" → "my chemotherapy").
    #[serde(default)]
    prefix: bool,
}

/// The compiled lexicon.
#[derive(Debug)]
pub(crate) struct Lexicon {
    automaton: Option<AhoCorasick>,
    /// Per pattern: category and whether it may run on into a longer word.
    entries: Vec<(Special, bool)>,
}

/// Why a lexicon file cannot be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LexiconError {
    #[error("{file}: {detail}")]
    Invalid { file: String, detail: String },
}

thread_local! {
    /// The folded copy of a non-ASCII text and the map back to original byte offsets,
    /// reused between calls on the same thread.
    static FOLDED: RefCell<(String, Vec<usize>)> = const { RefCell::new((String::new(), Vec::new())) };
}

/// Builds the built-in lexicon now rather than at the first text that needs it.
pub(crate) fn warm_up() {
    let _ = Lexicon::builtin();
}

impl Lexicon {
    /// The built-in lexicons, compiled once per process on first use. They are checked by
    /// a unit test, so the fallback (no special-category detection) cannot ship.
    pub(crate) fn builtin() -> &'static Lexicon {
        static BUILTIN: LazyLock<Lexicon> = LazyLock::new(|| {
            Lexicon::parse(SOURCES).unwrap_or(Lexicon {
                automaton: None,
                entries: Vec::new(),
            })
        });
        &BUILTIN
    }

    pub(crate) fn parse(sources: &[(&str, &str)]) -> Result<Lexicon, LexiconError> {
        let mut patterns = Vec::new();
        let mut entries = Vec::new();
        for (name, source) in sources {
            let invalid = |detail: String| LexiconError::Invalid {
                file: (*name).to_owned(),
                detail,
            };
            let file: File = toml::from_str(source).map_err(|e| invalid(e.to_string()))?;
            for entry in file.term {
                let category = Special::from_id(&entry.category).ok_or_else(|| {
                    invalid(format!(
                        "term {:?}: unknown category {:?}",
                        entry.term, entry.category
                    ))
                })?;
                if !matches!(entry.language.as_str(), "en" | "de" | "fr" | "es" | "nl") {
                    return Err(invalid(format!(
                        "term {:?}: unknown language {:?}",
                        entry.term, entry.language
                    )));
                }
                let (folded, _) = fold(&entry.term);
                if folded.trim().len() < 3 {
                    return Err(invalid(format!("term {:?} is too short", entry.term)));
                }
                patterns.push(folded);
                entries.push((category, entry.prefix));
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // A DFA: every scanned text runs through it, and its overlapping search was the
            // largest cost of the scan of posts and comments (perf: 23% of a scan of the
            // 256 MiB archive without messages, which went from 0.83 to 0.68 s of CPU). It
            // takes about 7 ms more to build than a contiguous NFA, which the scan's warm-up
            // thread pays (`warm_up`) while the archive opens.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| LexiconError::Invalid {
                file: "lexicon".to_owned(),
                detail: e.to_string(),
            })?;
        Ok(Lexicon {
            automaton: Some(automaton),
            entries,
        })
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn find(&self, text: &str, out: &mut Vec<Candidate>) {
        let Some(ac) = &self.automaton else {
            return;
        };
        if text.is_ascii() {
            self.find_in(ac, text, text, None, out);
            return;
        }
        FOLDED.with(|cell| {
            let Ok(mut buffers) = cell.try_borrow_mut() else {
                return;
            };
            let (folded, map) = &mut *buffers;
            fold_into(text, folded, map);
            self.find_in(ac, text, folded, Some(map), out);
        });
    }

    /// Matches in `haystack` (the text, or its folded copy with `map` back to `text`).
    fn find_in(
        &self,
        ac: &AhoCorasick,
        text: &str,
        haystack: &str,
        map: Option<&[usize]>,
        out: &mut Vec<Candidate>,
    ) {
        let bytes = haystack.as_bytes();
        for m in ac.find_overlapping_iter(haystack) {
            let Some((category, prefix)) = self.entries.get(m.pattern().as_usize()).copied() else {
                continue;
            };
            let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80);
            let before = m.start().checked_sub(1).and_then(|i| bytes.get(i));
            if word(before) {
                continue;
            }
            let mut end = m.end();
            if prefix {
                while word(bytes.get(end)) {
                    end += 1;
                }
                // Stay on a character boundary of the haystack.
                while !haystack.is_char_boundary(end) {
                    end += 1;
                }
            } else if word(bytes.get(end)) {
                continue;
            }
            let (start, end) = match map {
                None => (m.start(), end),
                Some(map) => match (map.get(m.start()), map.get(end)) {
                    (Some(s), Some(e)) => (*s, *e),
                    _ => continue,
                },
            };
            let Some(original) = text.get(start..end) else {
                continue;
            };
            out.push(Candidate::new(
                Kind::SpecialCategory(category),
                start,
                end,
                original.to_owned(),
            ));
        }
    }
}

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
fn fold_into(text: &str, folded: &mut String, map: &mut Vec<usize>) {
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

fn fold(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    fold_into(text, &mut folded, &mut map);
    (folded, map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensitive::Detector;
    use crate::sensitive::tests::summary;

    fn special(text: &str) -> Vec<(Option<&'static str>, String)> {
        let d = Detector::new(None);
        summary(&d, text)
            .into_iter()
            .filter(|(k, _, _)| *k == "special_category")
            .map(|(_, s, t)| (s, t))
            .collect()
    }

    #[test]
    fn builtin_lexicons_parse_and_cover_every_category_and_language() {
        let lexicon = Lexicon::parse(SOURCES).unwrap();
        assert!(lexicon.len() >= 250, "{}", lexicon.len());
        assert_eq!(Lexicon::builtin().len(), lexicon.len());
        for (name, source) in SOURCES {
            let file: File = toml::from_str(source).unwrap();
            let lang = name.trim_end_matches(".toml");
            assert!(
                file.term.iter().all(|t| t.language == lang),
                "{name}: a term in the wrong file"
            );
            for cat in [
                "health",
                "religion",
                "political_opinion",
                "trade_union",
                "sex_life",
                "ethnic_origin",
            ] {
                assert!(
                    file.term.iter().any(|t| t.category == cat),
                    "{name} lacks {cat}"
                );
            }
        }
    }

    #[test]
    fn bad_lexicons_are_errors() {
        let bad = [(
            "x.toml",
            "[[term]]\nterm = \"my thing\"\ncategory = \"hobby\"\nlanguage = \"en\"\n",
        )];
        assert!(
            Lexicon::parse(&bad)
                .unwrap_err()
                .to_string()
                .contains("unknown category")
        );
        assert!(Lexicon::parse(&[("y.toml", "term = 3")]).is_err());
    }

    #[test]
    fn finds_first_person_disclosures() {
        assert_eq!(
            special("Last year I was diagnosed with cancer."),
            [(Some("health"), "I was diagnosed".to_owned())]
        );
        assert_eq!(
            special("Ich bin schwerbehindert und stolz."),
            [(Some("health"), "Ich bin schwerbehindert".to_owned())]
        );
        assert_eq!(
            special("Als lid van de vakbond ben ik blij"),
            [(Some("trade_union"), "Als lid van de vakbond".to_owned())]
        );
    }

    #[test]
    fn matching_ignores_accents_and_case_and_maps_offsets_back() {
        let text = "Après des mois, MON DIAGNOSTIC est tombé : je suis enceinte.";
        let found = special(text);
        assert_eq!(
            found,
            [
                (Some("health"), "MON DIAGNOSTIC".to_owned()),
                (Some("health"), "je suis enceinte".to_owned())
            ]
        );
        // The same term written without accents in the text.
        assert_eq!(
            special("mi diagnostico"),
            [(Some("health"), "mi diagnostico".to_owned())]
        );
        assert_eq!(
            special("Ich bin in der Gewerkschaft"),
            [(
                Some("trade_union"),
                "Ich bin in der Gewerkschaft".to_owned()
            )]
        );
    }

    #[test]
    fn topical_words_disclose_nothing() {
        for text in [
            "Proud to support our hospital client with their new scheduling system.",
            "Our Union Square office opens Monday.",
            "Great panel on trade unions and labour law.",
            "Wir beraten Krankenhäuser bei der Digitalisierung.",
            "Nous accompagnons les syndicats dans leur transformation numérique.",
            "Webinar sobre diversidad e inclusión en la empresa.",
            "Onze klant is een groot ziekenhuis in Utrecht.",
            "my diagnosisless test", // a word that only starts like a term
        ] {
            assert!(special(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn folding_maps_every_byte_back() {
        let (folded, map) = fold("Straße É");
        // ASCII keeps its case (the automaton ignores it); accents and ß fold.
        assert_eq!(folded, "Strasse e");
        assert_eq!(map.len(), folded.len() + 1);
        assert_eq!(map[5], 4); // the second "s" of "ss" comes from "ß" at byte 4
        assert_eq!(*map.last().unwrap(), "Straße É".len());
    }
}
