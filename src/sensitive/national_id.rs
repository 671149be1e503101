//! National identity numbers with a checksum or a strict format: NL BSN (11-proof, and
//! only next to a word naming it, since one 9-digit number in eleven passes), FR NIR (key
//! mod 97), ES DNI and NIE (check letter), UK NINO (prefix and suffix rules), US SSN
//! (area, group and serial rules).

use regex::Regex;

use super::text::{before_lower, char_before, mask_middle};
use super::{Candidate, IdKind, Kind};

/// The national id detector.
#[derive(Debug)]
pub(crate) struct Ids {
    bsn: Option<Regex>,
    nir: Option<Regex>,
    dni: Option<Regex>,
    nie: Option<Regex>,
    nino: Option<Regex>,
    ssn: Option<Regex>,
}

const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Words that name a BSN, or a bare 9-digit SSN, within a few words before it.
const BSN_WORDS: &[&str] = &[
    "bsn",
    "burgerservicenummer",
    "sofinummer",
    "sofi-nummer",
    "citizen service number",
];
const SSN_WORDS: &[&str] = &["ssn", "social security", "social-security"];

impl Ids {
    pub(crate) fn new() -> Ids {
        Ids {
            bsn: Regex::new(r"\b(?:[0-9]{9}|[0-9]{4}\.[0-9]{2}\.[0-9]{3}|[0-9]{3} [0-9]{3} [0-9]{3})\b").ok(),
            nir: Regex::new(
                r"\b[12] ?[0-9]{2} ?(?:0[1-9]|1[0-2]|[2-9][0-9]) ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}\b",
            )
            .ok(),
            dni: Regex::new(r"\b[0-9]{8}[- ]?[A-Z]\b").ok(),
            nie: Regex::new(r"\b[XYZ][- ]?[0-9]{7}[- ]?[A-Z]\b").ok(),
            nino: Regex::new(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b").ok(),
            ssn: Regex::new(r"\b[0-9]{3}(?:-[0-9]{2}-| [0-9]{2} |[0-9]{2})[0-9]{4}\b").ok(),
        }
    }

    pub(crate) fn find(&self, text: &str, out: &mut Vec<Candidate>) {
        let mut push = |kind: IdKind, start: usize, end: usize, value: &str| {
            out.push(Candidate::new(
                Kind::NationalId(kind),
                start,
                end,
                mask_middle(value, 0, 2),
            ));
        };
        let each = |re: &Option<Regex>, f: &mut dyn FnMut(regex::Match<'_>)| {
            if let Some(re) = re {
                for m in re.find_iter(text) {
                    // An id glued to a URL path or an id field is some other identifier.
                    if char_before(text, m.start())
                        .is_some_and(|c| matches!(c, ':' | '/' | '=' | '-' | '.' | '_' | '#'))
                    {
                        continue;
                    }
                    f(m);
                }
            }
        };
        each(&self.bsn, &mut |m| {
            if bsn_valid(m.as_str()) && named_before(text, m.start(), BSN_WORDS) {
                push(IdKind::NlBsn, m.start(), m.end(), m.as_str());
            }
        });
        each(&self.nir, &mut |m| {
            if nir_valid(m.as_str()) {
                push(IdKind::FrNir, m.start(), m.end(), m.as_str());
            }
        });
        each(&self.dni, &mut |m| {
            if dni_valid(m.as_str()) {
                push(IdKind::EsDni, m.start(), m.end(), m.as_str());
            }
        });
        each(&self.nie, &mut |m| {
            if nie_valid(m.as_str()) {
                push(IdKind::EsNie, m.start(), m.end(), m.as_str());
            }
        });
        each(&self.nino, &mut |m| {
            let prefix: String = m.as_str().chars().take(2).collect();
            if !matches!(
                prefix.as_str(),
                "BG" | "GB" | "KN" | "NK" | "NT" | "TN" | "ZZ"
            ) {
                push(IdKind::UkNino, m.start(), m.end(), m.as_str());
            }
        });
        each(&self.ssn, &mut |m| {
            let raw = m.as_str();
            // A bare run of 9 digits is an SSN only where the text says so.
            let dashed = raw.contains('-');
            if ssn_valid(raw) && (dashed || named_before(text, m.start(), SSN_WORDS)) {
                push(IdKind::UsSsn, m.start(), m.end(), raw);
            }
        });
    }
}

fn digits(raw: &str) -> Vec<u32> {
    raw.chars().filter_map(|c| c.to_digit(10)).collect()
}

fn named_before(text: &str, at: usize, words: &[&str]) -> bool {
    let before = before_lower(text, at, 40);
    words.iter().any(|w| before.contains(w))
}

/// The 11-proof: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11), and not all zeros.
fn bsn_valid(raw: &str) -> bool {
    let d = digits(raw);
    if d.len() != 9 || d.iter().all(|x| *x == 0) {
        return false;
    }
    let sum: i64 = d
        .iter()
        .zip([9i64, 8, 7, 6, 5, 4, 3, 2, -1])
        .map(|(x, w)| i64::from(*x) * w)
        .sum();
    sum % 11 == 0
}

/// The NIR key: 97 − (first 13 digits mod 97), Corsica's 2A/2B counted as 19/18.
fn nir_valid(raw: &str) -> bool {
    let compact: String = raw.chars().filter(|c| *c != ' ').collect();
    if compact.len() != 15 {
        return false;
    }
    let (body, key) = compact.split_at(13);
    let (body, offset) = if body.contains('A') {
        (body.replace('A', "0"), 1_000_000u64)
    } else if body.contains('B') {
        (body.replace('B', "0"), 2_000_000u64)
    } else {
        (body.to_owned(), 0)
    };
    let (Ok(n), Ok(key)) = (body.parse::<u64>(), key.parse::<u64>()) else {
        return false;
    };
    let Some(n) = n.checked_sub(offset) else {
        return false;
    };
    key == 97 - n % 97
}

fn dni_valid(raw: &str) -> bool {
    let number: String = raw.chars().filter(char::is_ascii_digit).collect();
    check_letter(&number, raw)
}

fn nie_valid(raw: &str) -> bool {
    let lead = match raw.chars().next() {
        Some('X') => '0',
        Some('Y') => '1',
        Some('Z') => '2',
        _ => return false,
    };
    let number: String = std::iter::once(lead)
        .chain(raw.chars().filter(char::is_ascii_digit))
        .collect();
    check_letter(&number, raw)
}

fn check_letter(number: &str, raw: &str) -> bool {
    let (Ok(n), Some(letter)) = (number.parse::<usize>(), raw.chars().next_back()) else {
        return false;
    };
    DNI_LETTERS
        .get(n % 23)
        .is_some_and(|l| char::from(*l) == letter)
}

/// Never issued: area 000, 666 or 900–999, group 00, serial 0000.
fn ssn_valid(raw: &str) -> bool {
    let d = digits(raw);
    let num = |r: std::ops::Range<usize>| {
        d.get(r)
            .map_or(0, |s| s.iter().fold(0u32, |a, x| a * 10 + x))
    };
    d.len() == 9 && !matches!(num(0..3), 0 | 666 | 900..=999) && num(3..5) != 0 && num(5..9) != 0
}

#[cfg(test)]
mod tests {
    use crate::sensitive::Detector;
    use crate::sensitive::tests::summary;

    fn ids(text: &str) -> Vec<(Option<&'static str>, String)> {
        let d = Detector::new(None);
        summary(&d, text)
            .into_iter()
            .filter(|(k, _, _)| *k == "national_id")
            .map(|(_, s, t)| (s, t))
            .collect()
    }

    fn one(kind: &'static str, value: &str) -> Vec<(Option<&'static str>, String)> {
        vec![(Some(kind), value.to_owned())]
    }

    #[test]
    fn bsn_needs_the_eleven_proof_and_its_name() {
        assert_eq!(ids("mijn BSN is 111222333"), one("nl_bsn", "111222333"));
        assert_eq!(
            ids("burgerservicenummer: 1112.22.333"),
            one("nl_bsn", "1112.22.333")
        );
        assert!(ids("mijn BSN is 111222334").is_empty());
        assert!(ids("factuur 111222333").is_empty());
    }

    #[test]
    fn nir_needs_its_key() {
        assert_eq!(
            ids("n° sécu 1 85 05 78 006 084 91"),
            one("fr_nir", "1 85 05 78 006 084 91")
        );
        assert_eq!(ids("NIR 185057800608491"), one("fr_nir", "185057800608491"));
        assert!(ids("NIR 185057800608492").is_empty());
    }

    #[test]
    fn dni_and_nie_need_their_letter() {
        assert_eq!(ids("DNI 12345678Z"), one("es_dni", "12345678Z"));
        assert_eq!(ids("DNI 12345678-Z"), one("es_dni", "12345678-Z"));
        assert!(ids("DNI 12345678A").is_empty());
        assert_eq!(ids("NIE X1234567L"), one("es_nie", "X1234567L"));
        assert!(ids("NIE X1234567A").is_empty());
    }

    #[test]
    fn nino_follows_the_prefix_and_suffix_rules() {
        assert_eq!(
            ids("NI number AB 12 34 56 C"),
            one("uk_nino", "AB 12 34 56 C")
        );
        assert_eq!(ids("NINO: JG103759A"), one("uk_nino", "JG103759A"));
        assert!(ids("GB123456A").is_empty());
        assert!(ids("QQ123456C").is_empty());
        assert!(ids("AB123456E").is_empty());
    }

    #[test]
    fn ssn_follows_the_issuing_rules() {
        assert_eq!(ids("SSN 219-09-9999"), one("us_ssn", "219-09-9999"));
        assert_eq!(
            ids("social security number 219099999"),
            one("us_ssn", "219099999")
        );
        assert!(ids("part 219099999").is_empty());
        assert!(ids("666-12-3456").is_empty());
        assert!(ids("123-00-4567").is_empty());
        assert!(ids("912-34-5678").is_empty());
    }
}
