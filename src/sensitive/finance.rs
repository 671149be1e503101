//! IBANs (checksum and per-country length by `iban_validate`) and payment card numbers
//! (known issuer prefix and length, Luhn check by the `luhn` crate).

use regex::Regex;

use super::text::{char_at, char_before, mask_middle};
use super::{Candidate, Kind};

/// The IBAN and card detector.
#[derive(Debug)]
pub(crate) struct Finance {
    iban: Option<Regex>,
    card: Option<Regex>,
}

impl Finance {
    pub(crate) fn new() -> Finance {
        Finance {
            // Country, check digits, then 11 to 30 characters, in groups of four or not.
            iban: Regex::new(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b").ok(),
            // 13 to 19 digits with optional single spaces or hyphens.
            card: Regex::new(r"\b[0-9](?:[ -]?[0-9]){12,18}\b").ok(),
        }
    }

    pub(crate) fn find(&self, text: &str, out: &mut Vec<Candidate>) {
        if let Some(re) = &self.iban {
            for m in re.find_iter(text) {
                if let Some(end) = longest_valid_iban(m.as_str()) {
                    let value = &m.as_str()[..end];
                    out.push(Candidate::new(
                        Kind::Iban,
                        m.start(),
                        m.start() + end,
                        mask_middle(value, 2, 3),
                    ));
                }
            }
        }
        if let Some(re) = &self.card {
            for m in re.find_iter(text) {
                if char_before(text, m.start())
                    .is_some_and(|c| matches!(c, ':' | '/' | '=' | '#' | '_' | '-' | '.'))
                    || char_at(text, m.end()).is_some_and(|c| matches!(c, '-' | '_' | '/'))
                {
                    continue;
                }
                if is_card(m.as_str()) {
                    out.push(Candidate::new(
                        Kind::Card,
                        m.start(),
                        m.end(),
                        mask_middle(m.as_str(), 0, 4),
                    ));
                }
            }
        }
    }
}

/// The byte length of the longest prefix of `candidate`, ending at a group boundary, that
/// is a valid IBAN (the regex may run on into a following code or word).
fn longest_valid_iban(candidate: &str) -> Option<usize> {
    let mut ends: Vec<usize> = candidate
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .collect();
    ends.push(candidate.len());
    ends.into_iter().rev().find(|end| {
        let electronic: String = candidate
            .get(..*end)
            .unwrap_or("")
            .chars()
            .filter(|c| *c != ' ')
            .collect();
        electronic.len() >= 15 && electronic.parse::<iban::Iban>().is_ok()
    })
}

/// A card number: consistent grouping, a known issuer prefix with its lengths, and Luhn.
fn is_card(raw: &str) -> bool {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let seps: Vec<char> = raw.chars().filter(|c| !c.is_ascii_digit()).collect();
    if seps.windows(2).any(|w| w.first() != w.last()) {
        return false;
    }
    // Printed cards group by four (Amex 4-6-5); other groupings are phone or order numbers.
    if !seps.is_empty() {
        let groups: Vec<usize> = raw.split([' ', '-']).map(str::len).collect();
        let fours = groups.iter().rev().skip(1).all(|g| *g == 4)
            && groups.last().is_some_and(|g| (1..=4).contains(g));
        if !fours && groups != [4, 6, 5] && groups != [4, 6, 4] {
            return false;
        }
    }
    let len = digits.len();
    let prefix = |n: usize| {
        digits
            .get(..n)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let issuer = match prefix(1) {
        4 => matches!(len, 13 | 16 | 19),
        5 => (51..=55).contains(&prefix(2)) && len == 16,
        2 => (2221..=2720).contains(&prefix(4)) && len == 16,
        3 => {
            (matches!(prefix(2), 34 | 37) && len == 15)
                || ((3528..=3589).contains(&prefix(4)) && (16..=19).contains(&len))
                || ((300..=305).contains(&prefix(3)) || matches!(prefix(2), 36 | 38 | 39))
                    && (14..=19).contains(&len)
        }
        6 => {
            (prefix(4) == 6011 || (644..=649).contains(&prefix(3)) || matches!(prefix(2), 65 | 62))
                && (16..=19).contains(&len)
        }
        _ => false,
    };
    issuer && luhn::valid(&digits)
}

#[cfg(test)]
mod tests {
    use crate::sensitive::Detector;
    use crate::sensitive::tests::summary;

    fn found(text: &str) -> Vec<(&'static str, String)> {
        let d = Detector::new(Some("NL"));
        summary(&d, text)
            .into_iter()
            .map(|(k, _, s)| (k, s))
            .collect()
    }

    #[test]
    fn finds_valid_ibans_in_both_formats() {
        assert_eq!(
            found("IBAN: NL91 ABNA 0417 1643 00 please"),
            [("iban", "NL91 ABNA 0417 1643 00".to_owned())]
        );
        assert_eq!(
            found("to DE89370400440532013000."),
            [("iban", "DE89370400440532013000".to_owned())]
        );
        assert_eq!(
            found("GB82 WEST 1234 5698 7654 32 THANKS"),
            [("iban", "GB82 WEST 1234 5698 7654 32".to_owned())]
        );
    }

    #[test]
    fn rejects_ibans_with_a_bad_checksum() {
        assert!(found("NL92 ABNA 0417 1643 00").is_empty());
        assert!(found("ID CH12 3456 7890 1234 5678 9").is_empty());
    }

    #[test]
    fn masks_iban_and_card() {
        let d = Detector::new(None);
        assert_eq!(
            d.scan("NL91 ABNA 0417 1643 00")[0].masked,
            "NL** **** **** ***3 00"
        );
        assert_eq!(
            d.scan("card 4111 1111 1111 1111")[0].masked,
            "**** **** **** 1111"
        );
    }

    #[test]
    fn finds_card_numbers_with_luhn_and_issuer() {
        assert_eq!(
            found("my card 4111 1111 1111 1111 expired"),
            [("card", "4111 1111 1111 1111".to_owned())]
        );
        assert_eq!(
            found("amex 3782 822463 10005"),
            [("card", "3782 822463 10005".to_owned())]
        );
        assert_eq!(
            found("5555-5555-5555-4444"),
            [("card", "5555-5555-5555-4444".to_owned())]
        );
    }

    #[test]
    fn luhn_failures_and_share_ids_are_not_cards() {
        assert!(found("4111 1111 1111 1112").is_empty());
        assert!(found("urn:li:share:6011000990139424123").is_empty());
        assert!(
            found("https://www.linkedin.com/feed/update/urn:li:activity:7012345678901234567")
                .is_empty()
        );
        // Luhn-valid but grouped like a phone number, not a card.
        assert!(found("411 11111 11111 111").is_empty());
    }
}
