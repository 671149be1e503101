//! Phone numbers: candidate digit runs found by a byte scan, the many numbers that are not
//! phones (dates, ranges, money, versions, ids, coordinates) dropped by shape and by the
//! words around them, and the rest parsed and validated by the `phonenumber` crate
//! (libphonenumber's metadata), in the profile's region for national formats.
//!
//! The metadata is loaded per calling code (`metadata`): a number costs the territories of
//! its own code once per process, about 2.5M instructions (release) a territory, so a few
//! million for most codes and 64M for +1's 25, where the crate's default database of all
//! 254 territories costs about 600M. A code's main territory is tried alone first where
//! that gives the same answer (`read_in_main`), so a US number costs the US's 2.5M, and
//! only a number the US does not take (a Canadian one, or none at all) loads the other 24.
//! The crate's plain `parse` and `is_valid`, and any of its formatting, load its full
//! database: nothing here may call them, and `format` writes the international form in the
//! crate's place.

mod format;
mod metadata;

use super::region::Region;
use super::text::{after_lower, before_lower, char_at, char_before, mask_middle};
use super::{Candidate, Kind};
use metadata::{Codes, Territories};
use phonenumber::PhoneNumber;
use phonenumber::metadata::Database;
use std::sync::Arc;

/// The phone detector. It holds no state: the region comes with each text, as the scan
/// learns it from the archive's profile after the detector is built.
#[derive(Debug)]
pub(crate) struct Phones;

/// Words that, just before a number, say it is a reference and not a phone number.
const NOT_PHONE_BEFORE: &[&str] = &[
    "isbn",
    "issn",
    "order",
    "ticket",
    "invoice",
    "ref",
    "reference",
    "case",
    "booking",
    "tracking",
    "confirmation",
    "id",
    "nr",
    "no",
    "version",
    "build",
    "v",
    "bestellung",
    "bestellnummer",
    "auftrag",
    "rechnung",
    "rechnungsnummer",
    "kundennummer",
    "vorgang",
    "commande",
    "facture",
    "dossier",
    "réf",
    "pedido",
    "factura",
    "expediente",
    "localizador",
    "bestelling",
    "bestelnummer",
    "factuur",
    "factuurnummer",
    "kenmerk",
    "ordernummer",
    "zaak",
    "kvk",
    "btw",
    "vat",
    "siret",
    "siren",
    "iban",
    "bsn",
    "ssn",
    "nir",
    "dni",
    "nie",
    "nino",
    "account",
    "konto",
    "cuenta",
    "compte",
    "rekening",
    "doi",
    "arxiv",
    "pmid",
    "patent",
    "postcode",
    "zip",
    "plz",
    "lat",
    "lon",
    "gps",
    "iso",
];

/// Words (or symbols) right after a number that make it an amount or a measure.
const NOT_PHONE_AFTER: &[&str] = &[
    "€",
    "$",
    "£",
    "%",
    "eur",
    "euro",
    "usd",
    "gbp",
    "chf",
    "dollar",
    "pound",
    "k ",
    "m ",
    "km",
    "kg",
    "mb",
    "gb",
    "views",
    "followers",
    "members",
    "users",
    "people",
    "jobs",
];

impl Phones {
    /// The phone numbers in `text`: international ones always, national ones when
    /// `region` says whose they are.
    pub(crate) fn find(&self, text: &str, region: Option<Region>, out: &mut Vec<Candidate>) {
        for (start, end) in candidates(text) {
            let Some(raw) = text.get(start..end) else {
                continue;
            };
            if looks_like_something_else(text, start, end, raw) {
                continue;
            }
            let Some((formatted, code_digits)) = valid_number(raw, region) else {
                continue;
            };
            out.push(Candidate::new(
                Kind::Phone,
                start,
                end,
                mask_middle(&formatted, code_digits, 3),
            ));
        }
    }
}

/// A valid phone number's international form ("+44 7911 123456") and the number of digits
/// of its calling code. International candidates (`+…`, `00…`) are read on their own,
/// national ones in `region` (none: not read).
///
/// Each is parsed with a database of only the territories it needs, which gives the same
/// answer as the full database (see `metadata`): the candidate's digits are those the
/// parser reads, as candidates hold nothing but ASCII digits and separators (no letters,
/// no extension).
fn valid_number(raw: &str, region: Option<Region>) -> Option<(String, usize)> {
    valid_number_with(raw, region, &metadata::database)
}

/// [`valid_number`], with the databases from `load` (the tests count what it builds).
fn valid_number_with(
    raw: &str,
    region: Option<Region>,
    load: &dyn Fn(Territories) -> Option<Arc<Database>>,
) -> Option<(String, usize)> {
    let index = metadata::index();
    if raw.starts_with('+') || raw.starts_with("00") {
        let text = raw
            .strip_prefix("00")
            .map_or_else(|| raw.to_owned(), |r| format!("+{r}"));
        let digits = digits(&text);
        let code = index.code_prefix(&digits)?;
        // What the parser first reads as the national number: the digits after the code.
        let written = digits.get(code.to_string().len()..)?;
        if let Some(main) = index.shared_main(code) {
            let db = load(Territories::Main(code))?;
            if let Some(answer) = read_in_main(&db, main, None, &text, Some(written)) {
                return answer;
            }
        }
        let db = load(Codes::one(code).into())?;
        let number = phonenumber::parse_with(&db, None, text).ok()?;
        return checked(&db, &number);
    }
    let id = region?.id();
    let home = index.code_of(id.as_ref())?;
    let main = index.shared_main(home).filter(|main| *main == id.as_ref());
    let db = load(if main.is_some() {
        Territories::Main(home)
    } else {
        Codes::one(home).into()
    })?;
    // A number dialled abroad the region's way ("011 44 20 …" in the US) is parsed with
    // the region's territory for its international prefix and the other code's for the
    // number, as the parser does: it strips the prefix only where it starts the number and
    // is not followed by a 0.
    let abroad = db
        .by_id(id.as_ref())
        .and_then(|meta| meta.international_prefix())
        .and_then(|prefix| {
            let digits = digits(raw);
            let found = prefix.find(&digits)?;
            let rest = digits.get(found.end()..)?;
            if found.start() != 0 || rest.starts_with('0') {
                return None;
            }
            index.code_prefix(rest)
        });
    let db = match abroad {
        Some(code) if code != home => load(Codes::two(home, code).into())?,
        _ => match main {
            Some(main) => match read_in_main(&db, main, Some(id), raw, None) {
                Some(answer) => return answer,
                None => load(Codes::one(home).into())?,
            },
            None => db,
        },
    };
    let number = phonenumber::parse_with(&db, Some(id), raw).ok()?;
    checked(&db, &number)
}

/// The answer of `db`, the database of territory `main` alone, the main one of its calling
/// code, where it is the answer of the code's whole database; `None` where it may not be
/// (then read with all of them).
///
/// The parser reads a number in the given region's territory, or, without one, in the
/// territory the validator's choice picks for the national number as written; the
/// validator then picks a territory for the final national number and checks it there; the
/// formatter uses the code's main territory. The choice tries the main territory first and
/// takes it when its leading digits match the number, or, when it has none, when the number
/// is one of its types (which, alone in a database, is its validity). So where the main
/// territory is taken for the final number, and, without a region, the final number is the
/// written one (no prefix stripped, no leading zero the choice would drop), every step
/// looked at the main territory only, as it does here.
fn read_in_main(
    db: &Database,
    main: &str,
    region: Option<phonenumber::country::Id>,
    text: &str,
    written: Option<&str>,
) -> Option<Option<(String, usize)>> {
    let meta = db.by_id(main)?;
    let number = phonenumber::parse_with(db, region, text).ok()?;
    let national = number.national().to_string();
    if written.is_some_and(|w| w != national || w.starts_with('0')) {
        return None;
    }
    let valid = phonenumber::is_valid_with(db, &number);
    let taken = match meta.leading_digits() {
        Some(leading) => leading.find(&national).is_some_and(|m| m.start() == 0),
        None => valid,
    };
    // Validity was just checked: validating runs the territory's type patterns.
    taken.then(|| valid.then(|| written_out(db, &number)).flatten())
}

/// The number's international form and the length of its code, if it is valid in `db`.
fn checked(db: &Database, number: &PhoneNumber) -> Option<(String, usize)> {
    if !phonenumber::is_valid_with(db, number) {
        return None;
    }
    written_out(db, number)
}

/// A valid number's international form and the length of its code.
fn written_out(db: &Database, number: &PhoneNumber) -> Option<(String, usize)> {
    let formatted = format::international(number, db)?;
    Some((formatted, number.code().value().to_string().len()))
}

/// The ASCII digits of `text`.
fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Indexes the phone metadata and loads what a national number of `region` is read with
/// first (its territory alone if it is its code's main one, else its code's territories: a
/// few million instructions), so a scan's first phone number does not wait for them. Other
/// codes load when a number first needs them; indexing the metadata costs 1.5M.
pub(crate) fn warm_up(region: Option<Region>) {
    let index = metadata::index();
    let Some(id) = region.map(|r| r.id()) else {
        return;
    };
    let Some(code) = index.code_of(id.as_ref()) else {
        return;
    };
    let _ = if index.shared_main(code) == Some(id.as_ref()) {
        metadata::database(Territories::Main(code))
    } else {
        metadata::database(Codes::one(code))
    };
}

/// Byte spans of digit runs that could be phone numbers: an optional `+` or `(`, digits
/// with single separators (space, `-`, `.`, `/`, parentheses) between them, 7 to 15 digits.
fn candidates(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        let starts = b.is_ascii_digit()
            || (matches!(b, b'+' | b'(')
                && match bytes.get(i + 1) {
                    Some(n) if n.is_ascii_digit() => true,
                    Some(b' ') => bytes.get(i + 2).is_some_and(u8::is_ascii_digit),
                    _ => false,
                });
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut digits = 0usize;
        let mut j = i;
        let mut last_sep = false;
        let mut open_paren = false;
        if b == b'+' || b == b'(' {
            open_paren = b == b'(';
            j += 1;
            if bytes.get(j) == Some(&b' ') {
                j += 1;
            }
        }
        while let Some(&c) = bytes.get(j) {
            if c.is_ascii_digit() {
                digits += 1;
                j += 1;
                end = j;
                last_sep = false;
            } else if c == b'(' && !open_paren && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
                open_paren = true;
                j += 1;
                last_sep = true;
            } else if c == b')' && open_paren {
                open_paren = false;
                j += 1;
                // ") " is one separator, as in "(0)20 123".
                if bytes.get(j) == Some(&b' ') {
                    j += 1;
                }
                last_sep = true;
            } else if matches!(c, b' ' | b'-' | b'.' | b'/') && !last_sep {
                j += 1;
                last_sep = true;
            } else {
                break;
            }
        }
        // Skip the whole run whatever its length, so no substring of a long id is tried.
        if (7..=15).contains(&digits) {
            out.push((start, end));
        }
        i = j.max(i + 1);
    }
    out
}

/// Dates, ranges, amounts, versions, coordinates, ids and references.
fn looks_like_something_else(text: &str, start: usize, end: usize, raw: &str) -> bool {
    // Glued to a word, a URL path, an amount or a decimal: part of something else.
    if char_before(text, start).is_some_and(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                ':' | '/'
                    | '#'
                    | '_'
                    | '='
                    | '$'
                    | '€'
                    | '£'
                    | '¥'
                    | '.'
                    | ','
                    | '-'
                    | '@'
                    | '&'
                    | '?'
            )
    }) {
        return true;
    }
    if char_at(text, end).is_some_and(|c| {
        c.is_alphanumeric() || matches!(c, '%' | '€' | '$' | '£' | '_' | '/' | '@')
    }) {
        return true;
    }
    // "12.345.678,90", "12:30", "2019-2023,": a number that goes on past a separator.
    let after = text.get(end..).unwrap_or("");
    let mut next = after.chars();
    if let (Some(sep), Some(d)) = (next.next(), next.next())
        && matches!(sep, ',' | '.' | ':' | '-' | '–')
        && d.is_ascii_digit()
    {
        return true;
    }
    let after_words = after_lower(text, end, 12);
    let after_words = after_words.trim_start();
    if NOT_PHONE_AFTER.iter().any(|w| after_words.starts_with(w)) {
        return true;
    }
    let before = before_lower(text, start, 32);
    if before
        .trim_end()
        .ends_with(['#', '€', '$', '£', '№', '°', 'º'])
    {
        return true;
    }
    // The two words before the number, without punctuation: "Order no. 1234567".
    let words: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words
        .iter()
        .rev()
        .take(2)
        .any(|w| NOT_PHONE_BEFORE.contains(w))
    {
        return true;
    }
    shape_is_not_phone(raw)
}

/// Shapes that phones never take: dates, year ranges, grouped thousands, decimals, IP
/// addresses, versions.
fn shape_is_not_phone(raw: &str) -> bool {
    let groups: Vec<&str> = raw
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let seps: Vec<char> = raw
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != ' ')
        .collect();
    let only = |s: char| !seps.is_empty() && seps.iter().all(|c| *c == s);
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    // Dates: 3 groups like d/m/yyyy, yyyy-mm-dd, dd.mm.yy.
    if groups.len() == 3
        && (only('/') || only('-') || only('.'))
        && matches!(lens.as_slice(), [1 | 2, 1 | 2, 2 | 4] | [4, 1 | 2, 1 | 2])
    {
        return true;
    }
    // Year ranges "2019 - 2023", "1998/2004", and date ranges written in digits.
    if groups.len() == 2 && lens == [4, 4] {
        return true;
    }
    // Grouped thousands: "1.250.000". Space-grouped "612 345 678" is how Spain writes
    // phones; space-grouped amounts are caught by the currency after them.
    if groups.len() >= 3
        && lens.first().is_some_and(|l| *l <= 3)
        && lens.iter().skip(1).all(|l| *l == 3)
        && only('.')
        && !raw.starts_with('+')
        && !raw.starts_with('0')
    {
        return true;
    }
    // A decimal "40.712776", IPs "192.168.10.12", versions "10.0.19041.1234".
    if only('.') && !raw.starts_with('0') && !(lens.len() >= 4 && lens.iter().all(|l| *l == 2)) {
        return lens.len() == 2
            || lens.iter().any(|l| *l >= 4)
            || lens.len() == 4 && lens.iter().all(|l| *l <= 3);
    }
    // ISBN-13 "978-3-16-148410-0".
    if (raw.starts_with("978") || raw.starts_with("979"))
        && groups.len() >= 4
        && lens.iter().sum::<usize>() == 13
    {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{Codes, Region, Territories, metadata, valid_number, valid_number_with};
    use crate::sensitive::Detector;
    use crate::sensitive::tests::summary;
    use phonenumber::Mode;

    fn phones(region: Option<&str>, text: &str) -> Vec<String> {
        let d = Detector::new(region);
        summary(&d, text)
            .into_iter()
            .filter(|(k, _, _)| *k == "phone")
            .map(|(_, _, s)| s)
            .collect()
    }

    #[test]
    fn finds_international_numbers_without_a_region() {
        assert_eq!(
            phones(None, "Call me on +44 7911 123456 today"),
            ["+44 7911 123456"]
        );
        assert_eq!(
            phones(None, "WhatsApp: +31 6 12345678."),
            ["+31 6 12345678"]
        );
        assert_eq!(phones(None, "Tel. 0049 30 12345678"), ["0049 30 12345678"]);
        assert_eq!(
            phones(None, "Ruf an: +49 (0)30 1234567"),
            ["+49 (0)30 1234567"]
        );
    }

    #[test]
    fn finds_national_numbers_in_the_profile_region() {
        assert_eq!(phones(Some("GB"), "ring 07911 123456"), ["07911 123456"]);
        assert_eq!(
            phones(Some("FR"), "mon portable 06 12 34 56 78"),
            ["06 12 34 56 78"]
        );
        assert_eq!(phones(Some("NL"), "bel 06-12345678"), ["06-12345678"]);
        assert_eq!(phones(Some("nl"), "bel 020 123 4567"), ["020 123 4567"]);
        assert_eq!(
            phones(Some("ES"), "mi móvil es 612 345 678"),
            ["612 345 678"]
        );
        assert_eq!(
            phones(Some("US"), "my new number +1 646 555 3890"),
            ["+1 646 555 3890"]
        );
        // Without a region a national number cannot be validated, so it is not reported.
        assert!(phones(None, "bel 06-12345678").is_empty());
    }

    #[test]
    fn masks_all_but_country_code_and_last_digits() {
        let d = Detector::new(None);
        let f = d.scan("+44 7911 123456");
        assert_eq!(f[0].masked, "+44 **** ***456");
    }

    #[test]
    fn dates_times_ranges_and_amounts_are_not_phones() {
        for text in [
            "Meeting on 12/03/2024 at 10:30-11:45",
            "From 2019-04-01 to 2023-06-30",
            "Worked there 2015 - 2021",
            "Revenue grew to €1.250.000 this year",
            "Raised $12,500,000 in Series A",
            "Salary 45 000 EUR",
            "Budget: 12 500 000 €",
            "+1 great point",
            "+1 to this, and +1000 to the previous comment",
        ] {
            assert!(phones(Some("NL"), text).is_empty(), "{text}");
            assert!(phones(Some("US"), text).is_empty(), "{text}");
        }
    }

    #[test]
    fn references_and_ids_are_not_phones() {
        for text in [
            "ISBN 978-3-16-148410-0",
            "My order 20231115 shipped",
            "Ticket #4455667 is closed",
            "see urn:li:activity:7123456789012345678",
            "GUID 123e4567-e89b-12d3-a456-426614174000",
            "Upgraded to 10.0.19041.1234 last night",
            "We are at 52.370216, 4.895168",
            "Server 192.168.100.201 is down",
        ] {
            assert!(phones(Some("NL"), text).is_empty(), "{text}");
            assert!(phones(Some("GB"), text).is_empty(), "{text}");
        }
    }

    /// [`valid_number`] as it was before `metadata`: the crate's full default database.
    fn valid_number_with_every_territory(
        raw: &str,
        region: Option<Region>,
    ) -> Option<(String, usize)> {
        let parsed = if raw.starts_with('+') || raw.starts_with("00") {
            let text = raw
                .strip_prefix("00")
                .map_or_else(|| raw.to_owned(), |r| format!("+{r}"));
            phonenumber::parse(None, text)
        } else {
            phonenumber::parse(Some(region?.id()), raw)
        };
        let number = parsed.ok()?;
        if !phonenumber::is_valid(&number) {
            return None;
        }
        let formatted = number.format().mode(Mode::International).to_string();
        Some((formatted, number.code().value().to_string().len()))
    }

    /// The example numbers of a territory's fixed-line and mobile descriptors, or of all
    /// its descriptors where it has neither (the non-geographic codes).
    fn examples(element: &str) -> Vec<&str> {
        fn example_in<'a>(element: &'a str, tag: &str) -> Option<&'a str> {
            let body = element.split_once(&format!("<{tag}>"))?.1;
            let body = body.split_once(&format!("</{tag}>"))?.0;
            Some(body.split_once("<exampleNumber>")?.1.split_once("</")?.0)
        }
        let some: Vec<&str> = ["fixedLine", "mobile"]
            .iter()
            .filter_map(|tag| example_in(element, tag))
            .collect();
        if !some.is_empty() {
            return some;
        }
        element
            .split("<exampleNumber>")
            .skip(1)
            .filter_map(|s| s.split_once("</").map(|(e, _)| e))
            .collect()
    }

    /// Wrong versions of a written number: last digit changed, dropped, doubled.
    fn mutations(written: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(last) = written.chars().last().and_then(|c| c.to_digit(10)) {
            let head = &written[..written.len() - 1];
            out.push(format!("{head}{}", (last + 1) % 10));
            out.push(head.trim_end_matches([' ', '-']).to_string());
            out.push(format!("{written}{last}"));
        }
        out
    }

    /// The territories `valid_number` loads to read `raw` in `region`, and its answer.
    fn loads(raw: &str, region: Option<&str>) -> (Vec<Territories>, Option<String>) {
        let loaded = std::sync::Mutex::new(Vec::new());
        let answer = valid_number_with(raw, region.and_then(Region::from_code), &|t| {
            loaded.lock().unwrap().push(t);
            metadata::database(t)
        });
        (loaded.into_inner().unwrap(), answer.map(|(f, _)| f))
    }

    #[test]
    fn a_number_of_the_main_territory_loads_it_alone() {
        let us = Territories::Main(1);
        assert_eq!(
            loads("+1 212 555 0123", None),
            (vec![us], Some("+1 212-555-0123".to_owned()))
        );
        assert_eq!(
            loads("(212) 555-0123", Some("US")),
            (vec![us], Some("+1 212-555-0123".to_owned()))
        );
        assert_eq!(
            loads("07400 123456", Some("GB")),
            (
                vec![Territories::Main(44)],
                Some("+44 7400 123456".to_owned())
            )
        );
    }

    #[test]
    fn a_number_the_main_territory_does_not_take_loads_the_whole_code() {
        // 604 is a Canadian area code: the US's patterns refuse it, Canada's take it.
        let whole = Territories::from(Codes::one(1));
        let (loaded, answer) = loads("+1 604 555 0123", None);
        assert_eq!(loaded, [Territories::Main(1), whole]);
        assert_eq!(answer.as_deref(), Some("+1 604-555-0123"));
        // Read in Canada, the US alone is never enough: Canada is not the main territory.
        let (loaded, answer) = loads("604 555 0123", Some("CA"));
        assert_eq!(loaded, [whole]);
        assert_eq!(answer.as_deref(), Some("+1 604-555-0123"));
        // Not a number of any +1 territory: only the whole code can say so.
        let (loaded, answer) = loads("+1 099 555 0123", None);
        assert_eq!(loaded, [Territories::Main(1), whole]);
        assert_eq!(answer, None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// Beyond the territories' example numbers: any number of a shared calling code,
        /// written any of the ways a member writes it, in the code's main territory, in
        /// another of its territories, or in none, reads as it does with every territory
        /// loaded, whether the main territory alone answers it or not.
        #[test]
        fn shared_codes_read_any_number_as_the_full_database_does(
            code in proptest::sample::select(vec!["1", "44", "7", "61", "47"]),
            national in "[0-9]{6,11}",
            style in 0usize..4,
            region in proptest::sample::select(vec![None, Some("US"), Some("CA"), Some("GB"), Some("JE"), Some("RU"), Some("KZ"), Some("AU")]),
        ) {
            let written = match style {
                0 => format!("+{code} {national}"),
                1 => format!("00{code}{national}"),
                2 => format!("0{national}"),
                _ => national.clone(),
            };
            let region = region.and_then(Region::from_code);
            proptest::prop_assert_eq!(
                valid_number(&written, region),
                valid_number_with_every_territory(&written, region),
                "{:?} in {:?}", written, region
            );
        }
    }

    /// The proof that loading one calling code at a time changes nothing: for every
    /// territory's example numbers, written internationally (`+`, `00`, without spaces),
    /// nationally (in its own region and in another), dialled from abroad with other
    /// regions' international prefixes, and mutated into invalid ones, the per-code
    /// databases accept and format exactly what the full database does.
    #[test]
    fn per_code_databases_read_every_number_as_the_full_database_does() {
        let region = |id: &str| Region::from_code(id);
        // Regions whose international prefix does not start with 00 (a candidate starting
        // with 00 is read as international whatever the region), with one of their
        // prefixes. Each pair of codes is a database of its own, so Russia (two
        // territories, national prefix 8) dials every code and the others a few.
        let dialers = [("RU", "810")];
        let more_dialers = [
            ("US", "011"),
            ("JP", "010"),
            ("IL", "013"),
            ("AU", "1411 0011"),
        ];
        let few = [1, 7, 33, 44, 49, 61, 81, 86, 91, 234, 800, 972];
        let mut cases: Vec<(String, Option<Region>)> = Vec::new();
        let mut codes_with_examples = std::collections::BTreeSet::new();
        for (id, code, element) in metadata::index().territories() {
            for example in examples(element) {
                codes_with_examples.insert(code);
                let e164 = format!("+{code}{example}");
                let Ok(number) = phonenumber::parse(None, &e164) else {
                    continue;
                };
                let international = number.format().mode(Mode::International).to_string();
                let national = number.format().mode(Mode::National).to_string();
                let own = region(id);
                let other = region(if code == 1 { "GB" } else { "US" });
                let mut written = vec![
                    (e164.clone(), None),
                    (international.clone(), None),
                    (international.clone(), own),
                    (international.replacen('+', "00", 1), None),
                    (national.clone(), own),
                    (national.clone(), other),
                ];
                let more = if few.contains(&code) {
                    &more_dialers[..]
                } else {
                    &[]
                };
                for (dialer, prefix) in dialers.iter().chain(more) {
                    written.push((format!("{prefix} {code} {example}"), region(dialer)));
                }
                let wrong: Vec<(String, Option<Region>)> = written
                    .iter()
                    .flat_map(|(w, r)| mutations(w).into_iter().map(move |m| (m, *r)))
                    .collect();
                cases.extend(written);
                cases.extend(wrong);
            }
        }
        assert_eq!(
            codes_with_examples.iter().copied().collect::<Vec<u16>>(),
            metadata::index().codes(),
            "every calling code has example numbers"
        );
        let mut accepted_codes = std::collections::BTreeSet::new();
        let (mut accepted, mut rejected) = (0usize, 0usize);
        for (raw, region) in &cases {
            let ours = valid_number(raw, *region);
            let theirs = valid_number_with_every_territory(raw, *region);
            assert_eq!(ours, theirs, "{raw:?} in {region:?}");
            if let Some((formatted, digits)) = ours {
                accepted += 1;
                accepted_codes.insert(formatted[1..=digits].parse::<u16>().unwrap());
            } else {
                rejected += 1;
            }
        }
        // Not a vacuous agreement: every code has valid numbers, and many were refused.
        assert_eq!(
            accepted_codes.into_iter().collect::<Vec<u16>>(),
            metadata::index().codes()
        );
        assert!(accepted > 3000 && rejected > 3000, "{accepted} {rejected}");
    }
}
