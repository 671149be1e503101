//! Small text helpers shared by the detectors: character counting, boundaries, masking.

/// Characters in `text[from..to]` (byte offsets on character boundaries).
pub(crate) fn char_count(text: &str, from: usize, to: usize) -> usize {
    text.get(from..to).map_or(0, |s| {
        if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        }
    })
}

/// The character just before byte offset `at`, if any.
pub(crate) fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|s| s.chars().next_back())
}

/// The character at byte offset `at`, if any.
pub(crate) fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|s| s.chars().next())
}

/// Masks a value: keeps the first `keep_first` and last `keep_last` alphanumeric
/// characters and every separator, and replaces the other alphanumerics with `*`.
pub(crate) fn mask_middle(value: &str, keep_first: usize, keep_last: usize) -> String {
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0usize;
    value
        .chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen <= keep_first || seen + keep_last > total {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// The `len` bytes of text ending at `at` (fewer at the start), lowercased, for
/// looking at the words before a candidate.
pub(crate) fn before_lower(text: &str, at: usize, len: usize) -> String {
    let mut from = at.saturating_sub(len);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    text.get(from..at).unwrap_or("").to_lowercase()
}

/// The `len` bytes of text starting at `at` (fewer at the end), lowercased.
pub(crate) fn after_lower(text: &str, at: usize, len: usize) -> String {
    let mut to = (at + len).min(text.len());
    while to < text.len() && !text.is_char_boundary(to) {
        to += 1;
    }
    text.get(at..to).unwrap_or("").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_middle_and_keeps_separators() {
        assert_eq!(
            mask_middle("NL91 ABNA 0417 1643 00", 2, 3),
            "NL** **** **** ***3 00"
        );
        assert_eq!(
            mask_middle("4111-1111-1111-1111", 0, 4),
            "****-****-****-1111"
        );
    }

    #[test]
    fn counts_characters_between_byte_offsets() {
        let t = "àb€c";
        assert_eq!(char_count(t, 0, t.len()), 4);
        assert_eq!(char_count(t, 2, 6), 2);
        assert_eq!(char_before(t, 2), Some('à'));
        assert_eq!(char_at(t, 3), Some('€'));
    }
}
