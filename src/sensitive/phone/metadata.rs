//! libphonenumber's metadata, loaded one calling code at a time.
//!
//! The `phonenumber` crate's default database builds all ~250 territories on first use and
//! checks every one of their patterns: about 600M instructions, though a scan meets numbers
//! of a few calling codes. So the crate's XML is vendored here (`PhoneNumberMetadata.xml`,
//! see `NOTICE`), its `<territory>` elements are indexed by calling code with a byte scan
//! once (1.5M instructions), and a [`Database`] of only the territories a number needs is
//! built on first need and kept for the process (about 2.5M instructions a territory).
//!
//! A database of a code's territories answers exactly as the full one does for numbers of
//! that code: the parser, validator and formatter only look up the territories of the
//! number's own code, the region it is read in, and (to find where the code ends) which
//! one- to three-digit prefixes are codes at all, which [`Index::code_prefix`] answers from
//! the whole file. The tests check this against the crate's own database.
//!
//! A code shared by several territories also has a database of its main territory alone
//! ([`Territories::Main`]): +1's 25 territories cost 64M instructions, the US alone 2.5M,
//! and most +1 numbers a scan meets are read as the US's anyway. `phone` says when that
//! answer is the full one's.

use memchr::memmem;
use phonenumber::metadata::Database;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// libphonenumber's metadata 9.0.33, the same file as the `phonenumber` crate's.
const XML: &str = include_str!("PhoneNumberMetadata.xml");

/// One `<territory>` element of the XML.
#[derive(Debug)]
struct Territory {
    /// Its region id: ISO 3166-1 alpha-2, or "001" for a non-geographic code.
    id: &'static str,
    /// Its calling code.
    code: u16,
    /// The whole element, from `<territory` to `</territory>`.
    xml: &'static str,
    /// `mainCountryForCode="true"`: the territory a database lists first among its code's,
    /// which the validator tries first and the formatter formats with.
    main: bool,
}

/// The territories of the XML by calling code.
#[derive(Debug)]
pub(super) struct Index {
    /// In the file's order, which a database keeps among the regions that share a code.
    territories: Vec<Territory>,
    /// Every calling code, sorted, once each.
    codes: Vec<u16>,
}

/// The index of the vendored XML, built on first call (a scan of 1 MB for 254 elements:
/// 1.5M instructions, release).
pub(super) fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::scan(XML))
}

impl Index {
    /// Finds every `<territory …>…</territory>` element of `xml` (they do not nest) and
    /// reads its `id` and `countryCode`.
    fn scan(xml: &'static str) -> Index {
        const CLOSE: &str = "</territory>";
        let mut territories = Vec::new();
        let close = memmem::Finder::new(CLOSE);
        // "<territories>" does not match: the space is part of the needle.
        for start in memmem::find_iter(xml.as_bytes(), "<territory ") {
            let Some(rest) = xml.get(start..) else {
                continue;
            };
            let Some(len) = close.find(rest.as_bytes()) else {
                break;
            };
            let Some(element) = rest.get(..len + CLOSE.len()) else {
                continue;
            };
            let tag = element.split_once('>').map_or(element, |(tag, _)| tag);
            let id = attribute(tag, "id");
            let code = attribute(tag, "countryCode").and_then(|c| c.parse().ok());
            if let (Some(id), Some(code)) = (id, code) {
                territories.push(Territory {
                    id,
                    code,
                    xml: element,
                    main: attribute(tag, "mainCountryForCode") == Some("true"),
                });
            }
        }
        let mut codes: Vec<u16> = territories.iter().map(|t| t.code).collect();
        codes.sort_unstable();
        codes.dedup();
        Index { territories, codes }
    }

    /// The calling code of a region (`"GB"` → 44).
    pub(super) fn code_of(&self, region: &str) -> Option<u16> {
        self.territories
            .iter()
            .find(|t| t.id == region)
            .map(|t| t.code)
    }

    /// The main territory of `code` when the code has others too (`1` → `"US"`); `None` for
    /// a code of one territory, whose database is already that territory alone.
    pub(super) fn shared_main(&self, code: u16) -> Option<&'static str> {
        let mut of_code = self.territories.iter().filter(|t| t.code == code);
        let main = of_code.clone().find(|t| t.main)?;
        of_code.nth(1)?;
        Some(main.id)
    }

    /// The calling code that `digits` (of an international number, after its `+` or
    /// international prefix) start with: the shortest of its first one, two and three
    /// digits that is a code, as the `phonenumber` parser reads it. Codes are prefix-free,
    /// so there is at most one, and none starts with 0.
    pub(super) fn code_prefix(&self, digits: &str) -> Option<u16> {
        if digits.starts_with('0') {
            return None;
        }
        (1..=3).find_map(|len| {
            let code: u16 = digits.get(..len)?.parse().ok()?;
            self.codes.binary_search(&code).is_ok().then_some(code)
        })
    }

    /// Every calling code, sorted.
    #[cfg(test)]
    pub(super) fn codes(&self) -> &[u16] {
        &self.codes
    }

    /// `(region id, calling code, element)` of every territory, in the file's order.
    #[cfg(test)]
    pub(super) fn territories(&self) -> impl Iterator<Item = (&'static str, u16, &'static str)> {
        self.territories.iter().map(|t| (t.id, t.code, t.xml))
    }

    /// A database of `territories`, `None` if there is none or the XML does not load (the
    /// tests load every code).
    fn build(&self, territories: Territories) -> Option<Database> {
        let mut xml = String::from("<phoneNumberMetadata><territories>");
        let mut any = false;
        for t in self.territories.iter().filter(|t| territories.has(t)) {
            xml.push_str(t.xml);
            any = true;
        }
        xml.push_str("</territories></phoneNumberMetadata>");
        if !any {
            return None;
        }
        Database::parse(&xml).ok()
    }
}

/// The value of attribute `name` in an opening tag, `<territory id="GB" countryCode="44" …`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some((before, after)) = rest.split_once("=\"") {
        let (value, next) = after.split_once('"')?;
        if before.rsplit(char::is_whitespace).next() == Some(name) {
            return Some(value);
        }
        rest = next;
    }
    None
}

/// The calling codes a database holds: one, or two for a number dialled abroad from a
/// region in its national way ("011 44 …" read in the US needs +1 for the US's
/// international prefix and +44 for the number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Codes(u16, u16);

impl Codes {
    /// The territories of one calling code.
    pub(super) fn one(code: u16) -> Codes {
        Codes(code, code)
    }

    /// The territories of two calling codes.
    pub(super) fn two(a: u16, b: u16) -> Codes {
        Codes(a.min(b), a.max(b))
    }

    fn has(self, code: u16) -> bool {
        self.0 == code || self.1 == code
    }
}

/// The territories a database holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Territories {
    /// Every territory of one or two calling codes.
    Codes(Codes),
    /// The main territory of a calling code, alone.
    Main(u16),
}

impl Territories {
    fn has(self, t: &Territory) -> bool {
        match self {
            Territories::Codes(codes) => codes.has(t.code),
            Territories::Main(code) => t.code == code && t.main,
        }
    }
}

impl From<Codes> for Territories {
    fn from(codes: Codes) -> Territories {
        Territories::Codes(codes)
    }
}

/// The database of `territories`, built on the first call for them and shared after.
/// Threads that need the same territories at once wait for one build; others build in
/// parallel, as the map's lock is held only to find their cell.
pub(super) fn database(territories: impl Into<Territories>) -> Option<Arc<Database>> {
    let territories = territories.into();
    type Cell = Arc<OnceLock<Option<Arc<Database>>>>;
    static DATABASES: Mutex<BTreeMap<Territories, Cell>> = Mutex::new(BTreeMap::new());
    let cell = {
        // A panic while holding the lock leaves the map whole: nothing is half-inserted.
        let mut map = DATABASES.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(map.entry(territories).or_default())
    };
    cell.get_or_init(|| index().build(territories).map(Arc::new))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonenumber::metadata::{DATABASE, Descriptor, Format, Metadata};

    #[test]
    fn the_index_holds_every_territory_of_the_xml() {
        let index = index();
        let elements = memmem::find_iter(XML.as_bytes(), "</territory>").count();
        assert_eq!(index.territories.len(), elements);
        assert_eq!(elements, 254);
        assert_eq!(index.code_of("GB"), Some(44));
        assert_eq!(index.code_of("US"), Some(1));
        assert_eq!(index.code_of("XK"), Some(383));
        assert_eq!(index.code_of("ZZ"), None);
        let ids: Vec<&str> = index
            .territories()
            .filter(|t| t.1 == 44)
            .map(|t| t.0)
            .collect();
        assert_eq!(ids, ["GB", "GG", "IM", "JE"]);
    }

    #[test]
    fn a_code_prefix_is_the_shortest_known_code_the_digits_start_with() {
        let index = index();
        assert_eq!(index.code_prefix("4420794600"), Some(44));
        assert_eq!(index.code_prefix("16465553890"), Some(1));
        assert_eq!(index.code_prefix("35312345678"), Some(353));
        assert_eq!(index.code_prefix("80012345678"), Some(800));
        // 28x and 0 are no codes.
        assert_eq!(index.code_prefix("28912345"), None);
        assert_eq!(index.code_prefix("0441234567"), None);
        assert_eq!(index.code_prefix(""), None);
    }

    #[test]
    fn attributes_are_read_by_whole_name() {
        let tag = "<territory id=\"AR\" countryCode=\"54\"\n  nationalPrefixForParsing=\"0?(?:(11|2)\" mobileNumberPortableRegion=\"true\"";
        assert_eq!(attribute(tag, "id"), Some("AR"));
        assert_eq!(attribute(tag, "countryCode"), Some("54"));
        assert_eq!(attribute(tag, "Region"), None);
        assert_eq!(attribute(tag, "mobileNumberPortableRegion"), Some("true"));
    }

    /// Everything the crate's `Metadata` holds, through its public accessors (the regexes
    /// by their source, which `Debug` would compile).
    fn fingerprint(m: &Metadata) -> String {
        fn desc(d: Option<&Descriptor>) -> String {
            d.map_or_else(String::new, |d| {
                format!(
                    "{}|{:?}|{:?}|{:?}",
                    d.national_number().as_str(),
                    d.possible_length(),
                    d.possible_local_length(),
                    d.example()
                )
            })
        }
        fn format(f: &Format) -> String {
            let leading: Vec<&str> = f.leading_digits().iter().map(|r| r.as_str()).collect();
            format!(
                "{}|{}|{leading:?}|{:?}|{}|{:?}",
                f.pattern().as_str(),
                f.format(),
                f.national_prefix(),
                f.is_national_prefix_optional(),
                f.domestic_carrier()
            )
        }
        let d = m.descriptors();
        let descriptors = [
            Some(d.general()),
            d.fixed_line(),
            d.mobile(),
            d.toll_free(),
            d.premium_rate(),
            d.shared_cost(),
            d.personal_number(),
            d.voip(),
            d.pager(),
            d.uan(),
            d.emergency(),
            d.voicemail(),
            d.short_code(),
            d.standard_rate(),
            d.carrier(),
            d.no_international(),
        ]
        .map(desc);
        let formats: Vec<String> = m.formats().iter().map(format).collect();
        let international: Vec<String> = m.international_formats().iter().map(format).collect();
        format!(
            "{} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {descriptors:?} {formats:?} {international:?}",
            m.id(),
            m.country_code(),
            m.international_prefix().map(|r| r.as_str()),
            m.preferred_international_prefix(),
            m.national_prefix(),
            m.preferred_extension_prefix(),
            m.national_prefix_for_parsing().map(|r| r.as_str()),
            m.national_prefix_transform_rule(),
            m.leading_digits().map(|r| r.as_str()),
            m.is_main_country_for_code(),
            m.is_mobile_number_portable(),
        )
    }

    /// The vendored XML is the crate's: the crate's own database (built from the XML it
    /// ships) and the per-code databases have the same codes, the same regions per code in
    /// the same order, and the same metadata for each.
    #[test]
    fn every_code_loads_the_same_territories_as_the_crates_database() {
        let full_codes: Vec<u16> = (0..1000u16)
            .filter(|c| DATABASE.by_code(c).is_some())
            .collect();
        assert_eq!(index().codes(), full_codes.as_slice());
        for &code in &full_codes {
            let db = database(Codes::one(code)).unwrap_or_else(|| panic!("+{code} loads"));
            assert_eq!(db.region(&code), DATABASE.region(&code), "+{code}");
            let ours: Vec<String> = db
                .by_code(&code)
                .unwrap()
                .into_iter()
                .map(fingerprint)
                .collect();
            let theirs: Vec<String> = DATABASE
                .by_code(&code)
                .unwrap()
                .into_iter()
                .map(fingerprint)
                .collect();
            assert_eq!(ours, theirs, "+{code}");
        }
    }

    #[test]
    fn a_database_holds_only_its_codes() {
        let db = database(Codes::two(44, 1)).unwrap();
        assert_eq!(db.region(&44).unwrap(), ["GB", "GG", "IM", "JE"]);
        assert_eq!(db.region(&1).unwrap().first(), Some(&"US"));
        assert!(db.by_code(&49).is_none());
        assert_eq!(db.iter().count(), 4 + db.region(&1).unwrap().len());
        assert!(database(Codes::one(289)).is_none());
        // Built once: the same database comes back.
        assert!(Arc::ptr_eq(&db, &database(Codes::two(1, 44)).unwrap()));
    }

    #[test]
    fn a_shared_code_has_a_main_territory_and_its_database_holds_it_alone() {
        let index = index();
        assert_eq!(index.shared_main(1), Some("US"));
        assert_eq!(index.shared_main(44), Some("GB"));
        assert_eq!(index.shared_main(7), Some("RU"));
        // One territory: its code's database is already that territory alone.
        assert_eq!(index.shared_main(49), None);
        assert_eq!(index.shared_main(289), None);
        // Every code of several territories names exactly one main territory, and it is
        // the one the crate's database lists first.
        for &code in index.codes() {
            let regions = DATABASE.region(&code).unwrap();
            let mains = index
                .territories
                .iter()
                .filter(|t| t.code == code && t.main);
            if regions.len() > 1 {
                assert_eq!(mains.count(), 1, "+{code}");
                assert_eq!(index.shared_main(code), Some(regions[0]), "+{code}");
            } else {
                assert_eq!(index.shared_main(code), None, "+{code}");
            }
        }
        let us = database(Territories::Main(1)).unwrap();
        assert_eq!(us.region(&1).unwrap(), ["US"]);
        assert_eq!(us.iter().count(), 1);
        assert_eq!(
            fingerprint(us.by_id("US").unwrap()),
            fingerprint(DATABASE.by_id("US").unwrap())
        );
    }
}
