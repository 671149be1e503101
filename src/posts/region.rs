//! The region the sensitive-content scan reads phone numbers without a country code in:
//! `--country`, else the member's country from the archive's `Profile.csv`.
//!
//! The profile is read before the scan's single pass, since every post is scanned as it
//! is read: only the `Profile.csv` entries (one row, a few KB), only their first
//! [`PROFILE_MAX_BYTES`], and only the copy the scan would keep (see [`from_profile`]).

use crate::archive::{ArchiveSet, ArchiveType, Entry};
use crate::catalog::{Catalog, FileSpec};
use crate::classify::csv::find_layout;
use crate::classify::feed::{Encoding, sniff_encoding};
use crate::sensitive::Region;
use crate::vocab::vocabulary;
use std::io::Read;

vocabulary! {
    /// Where the phone region came from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum RegionSource {
        /// The member's country in `Profile.csv`.
        Profile = "profile",
        /// The `--country` option.
        Option = "option",
    }
}

/// The region phone numbers without a country code are read in, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhoneRegion {
    /// The region.
    pub region: Region,
    /// Where it came from.
    pub source: RegionSource,
}

/// Bytes of a `Profile.csv` read at most: its one row, with an About text of LinkedIn's
/// 2,600 characters, fits many times over. A larger entry is not a real profile, and is
/// never read twice.
pub const PROFILE_MAX_BYTES: u64 = 256 * 1024;

/// The member's country from the `Profile.csv` among `entries` (the entries that can be
/// part of the export). When several inputs hold one (a Basic and a Complete part), the
/// copy the scan keeps is read: the largest, then a Complete part's, then the first
/// given; a copy whose header is not a profile's is passed over, as the scan does not
/// count it.
pub fn from_profile(set: &ArchiveSet, entries: &[&Entry], catalog: &Catalog) -> Option<Region> {
    let spec_of = |e: &Entry| catalog.lookup(&e.path).and_then(|i| catalog.get(i));
    let mut copies: Vec<(&Entry, &FileSpec)> = entries
        .iter()
        .filter(|e| e.unreadable.is_none() && e.size <= PROFILE_MAX_BYTES)
        .filter_map(|e| spec_of(e).filter(|s| s.id == "profile").map(|s| (*e, s)))
        .collect();
    let rank = |input: usize| match set.inputs.get(input).map(|i| i.archive_type) {
        Some(ArchiveType::Complete) => 0,
        Some(ArchiveType::Basic) => 1,
        _ => 2,
    };
    copies.sort_by_key(|(e, _)| (std::cmp::Reverse(e.size), rank(e.input), e.input));
    for (entry, spec) in copies {
        let head = set
            .peek_entry(entry, |r| {
                let mut buf = Vec::new();
                r.take(PROFILE_MAX_BYTES).read_to_end(&mut buf).map(|_| buf)
            })
            .ok()
            .and_then(Result::ok);
        let Some(head) = head else { continue };
        if let Some(country) = country_in(&head, spec) {
            return country;
        }
    }
    None
}

/// The country a `Profile.csv` gives: `Some(region)` from its `Geo Location`, else its
/// `Country` (2018); `Some(None)` when it is a profile that names none; `None` when the
/// bytes are not a profile (no header of one, or not text).
fn country_in(bytes: &[u8], spec: &FileSpec) -> Option<Option<Region>> {
    let (encoding, bom) = sniff_encoding(bytes);
    let body = bytes.get(bom..).unwrap_or_default();
    let text = match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => String::from_utf8_lossy(body).into_owned(),
        Encoding::Utf16Le => encoding_rs::UTF_16LE
            .decode_without_bom_handling(body)
            .0
            .into_owned(),
        Encoding::Utf16Be => encoding_rs::UTF_16BE
            .decode_without_bom_handling(body)
            .0
            .into_owned(),
        Encoding::Binary => return None,
    };
    let layout = find_layout(text.as_bytes(), Some(spec));
    if !layout.header_matched {
        return None;
    }
    let rows = text.as_bytes().get(layout.data_start..).unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(layout.delimiter)
        .from_reader(rows);
    let Some(Ok(row)) = reader.records().next() else {
        return Some(None);
    };
    let value = |name: &str| {
        layout
            .header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .and_then(|i| row.get(i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    Some(
        value("Geo Location")
            .and_then(Region::from_place)
            .or_else(|| value("Country").and_then(Region::from_country)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile_spec() -> &'static FileSpec {
        let catalog = Catalog::builtin();
        catalog
            .lookup("Profile.csv")
            .and_then(|i| catalog.get(i))
            .expect("the catalog knows Profile.csv")
    }

    fn country(text: &[u8]) -> Option<Option<String>> {
        country_in(text, profile_spec()).map(|r| r.map(|r| r.code().to_string()))
    }

    const HEADER_2026: &str = "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n";
    const HEADER_2018: &str = "First Name,Last Name,Maiden Name,Address,Birth Date,Contact Instructions,Headline,Summary,Industry,Country,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n";

    #[test]
    fn the_geo_location_names_the_country() {
        let text = format!(
            "{HEADER_2026}Ada,Lovelace,,,Dec 10,\"Engineer, Writer\",\"About me, with commas\nand a line break\",Software,10115,\"Berlin, Berlin, Germany\",[ada],,\n"
        );
        assert_eq!(country(text.as_bytes()), Some(Some("DE".into())));
    }

    #[test]
    fn a_2018_profile_falls_back_on_its_country_column() {
        let text = format!(
            "{HEADER_2018}Ada,Lovelace,,,\"Dec 10, 1815\",,Engineer,,Software,nl,1011,Amsterdam Area,,,\n"
        );
        assert_eq!(country(text.as_bytes()), Some(Some("NL".into())));
        // The Geo Location wins when it names a country.
        let text = format!(
            "{HEADER_2018}Ada,Lovelace,,,,,Engineer,,Software,nl,,\"Paris, Île-de-France, France\",,,\n"
        );
        assert_eq!(country(text.as_bytes()), Some(Some("FR".into())));
    }

    #[test]
    fn a_profile_that_names_no_country_gives_none() {
        let text = format!("{HEADER_2026}Ada,Lovelace,,,,,,,,Berlin Metropolitan Area,,,\n");
        assert_eq!(country(text.as_bytes()), Some(None));
        assert_eq!(country(HEADER_2026.as_bytes()), Some(None));
    }

    #[test]
    fn bytes_that_are_not_a_profile_give_nothing() {
        assert_eq!(country(b"Date,Link,Message\n2024-01-01,x,Germany\n"), None);
        assert_eq!(country(&[0, 159, 146, 150, 0, 1, 2, 3, 0, 0]), None);
    }

    #[test]
    fn a_utf16_profile_with_a_byte_order_mark_is_read() {
        let text = format!(
            "{HEADER_2026}Ada,Lovelace,,,,,,,,\"Madrid, Comunidad de Madrid, España\",,,\n"
        );
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(country(&bytes), Some(Some("ES".into())));
    }
}
