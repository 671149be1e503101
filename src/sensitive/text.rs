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
#[allow(dead_code)] // used by the number detectors that follow
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
