//! Sensitive-content detection: personal data and GDPR Art. 9 special categories in free
//! text (posts, comments, messages, profile text).
//!
//! One [`Detector`] is built per scan and shared by all workers (it is `Send + Sync`);
//! [`Detector::scan`] returns every finding in one text, sorted and non-overlapping, with
//! character offsets and a masked value fit for a report.
//!
//! Each detector family has its own file: `email`, `phone`, `finance` (IBAN, cards),
//! `national_id`, `address`, `url` and `special` (the lexicons under `lexicon/`). Every
//! family first looks for a cheap trigger (an `@`, a digit, a lexicon hit), so the common
//! text with none of them costs a few byte scans and no allocation.
//!
//! Severity (documented in README.md, "Sensitive content"):
//! - **high**: IBANs, card numbers, national ids and special-category disclosures: each is
//!   enough on its own to harm the member if a model repeats it;
//! - **medium**: email addresses, phone numbers, postal addresses, and URLs that carry an
//!   email address or phone number;
//! - **low**: other URLs that name a person's own account (`linkedin.com/in/…`, `t.me/…`).

mod address;
mod email;
mod finance;
mod national_id;
mod phone;
mod region;
mod special;
mod text;
mod url;

pub use region::Region;

use crate::vocab::vocabulary;
use std::sync::LazyLock;

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An email address.
    Email,
    /// A phone number, valid for its region.
    Phone,
    /// An IBAN with a valid checksum.
    Iban,
    /// A payment card number passing the Luhn check with a known issuer prefix.
    Card,
    /// A national identity number of the given kind.
    NationalId(IdKind),
    /// A street address (house number and street, possibly with postcode and town).
    PostalAddress,
    /// A URL that names a person's account or carries an email address or phone number.
    PersonalUrl,
    /// A first-person disclosure of a GDPR Art. 9 special category.
    SpecialCategory(Special),
}

vocabulary! {
    /// The national identity numbers recognised.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum IdKind {
        /// Dutch burgerservicenummer (11-proof), only next to a word naming it.
        NlBsn = "nl_bsn",
        /// French numéro d'inscription au répertoire (NIR, "numéro de sécu") with its key.
        FrNir = "fr_nir",
        /// Spanish DNI with its check letter.
        EsDni = "es_dni",
        /// Spanish NIE (foreigner's number) with its check letter.
        EsNie = "es_nie",
        /// UK National Insurance number (strict prefix and suffix rules).
        UkNino = "uk_nino",
        /// US Social Security number (area, group and serial rules).
        UsSsn = "us_ssn",
    }
}

vocabulary! {
    /// GDPR Art. 9 special categories of personal data; the ids are those of the lexicon files.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Special {
        /// Data concerning health.
        Health = "health",
        /// Religious or philosophical beliefs.
        Religion = "religion",
        /// Political opinions.
        PoliticalOpinion = "political_opinion",
        /// Trade-union membership.
        TradeUnion = "trade_union",
        /// Sex life or sexual orientation.
        SexLife = "sex_life",
        /// Racial or ethnic origin.
        EthnicOrigin = "ethnic_origin",
    }
}

vocabulary! {
    /// How much harm a finding can do if a model repeats it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Severity {
        /// Links to the member's own accounts.
        Low = "low",
        /// Contact data and addresses.
        Medium = "medium",
        /// Money, identity numbers and special categories.
        High = "high",
    }
}

/// One piece of sensitive content found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What was found.
    pub kind: Kind,
    /// Character (not byte) offset of the first character, in the scanned text.
    pub start: usize,
    /// Character offset one past the last character.
    pub end: usize,
    /// The value masked for display, e.g. "j***@e***.com", "+44 **** ***789".
    pub masked: String,
    /// How serious it is.
    pub severity: Severity,
}

impl Kind {
    /// The stable id used in reports and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Iban => "iban",
            Kind::Card => "card",
            Kind::NationalId(_) => "national_id",
            Kind::PostalAddress => "postal_address",
            Kind::PersonalUrl => "personal_url",
            Kind::SpecialCategory(_) => "special_category",
        }
    }

    /// The id kind or special category, for the kinds that have one.
    pub fn subtype(self) -> Option<&'static str> {
        match self {
            Kind::NationalId(id) => Some(id.id()),
            Kind::SpecialCategory(special) => Some(special.id()),
            _ => None,
        }
    }

    /// Every kind id, in report order.
    pub const IDS: [&'static str; 8] = [
        "email",
        "phone",
        "iban",
        "card",
        "national_id",
        "postal_address",
        "personal_url",
        "special_category",
    ];
}

impl Kind {
    /// The severity of a finding of this kind (URLs carrying contact data are raised to
    /// medium by the URL detector).
    fn severity(self) -> Severity {
        match self {
            Kind::Iban | Kind::Card | Kind::NationalId(_) | Kind::SpecialCategory(_) => {
                Severity::High
            }
            Kind::Email | Kind::Phone | Kind::PostalAddress => Severity::Medium,
            Kind::PersonalUrl => Severity::Low,
        }
    }
}

/// A finding before overlaps are resolved, with byte offsets into the text.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    kind: Kind,
    start: usize,
    end: usize,
    masked: String,
    severity: Severity,
}

impl Candidate {
    fn new(kind: Kind, start: usize, end: usize, masked: String) -> Candidate {
        Candidate {
            kind,
            start,
            end,
            masked,
            severity: kind.severity(),
        }
    }
}

/// The finders, compiled once per process (regexes and automata, about 13M instructions,
/// release), at first use (or ahead of it with [`Detector::warm_up`]): building them in
/// [`Detector::new`] held up the main thread before the scan could start.
struct Finders {
    email: email::Emails,
    phone: phone::Phones,
    finance: finance::Finance,
    ids: national_id::Ids,
    address: address::Addresses,
    url: url::Urls,
}

static FINDERS: LazyLock<Finders> = LazyLock::new(|| Finders {
    email: email::Emails::new(),
    phone: phone::Phones,
    finance: finance::Finance::new(),
    ids: national_id::Ids::new(),
    address: address::Addresses::new(),
    url: url::Urls::new(),
});

/// The sensitive-content detector: cheap to make, used from any number of threads. Its
/// finders and lexicon are built once per process and shared.
#[derive(Debug)]
pub struct Detector {
    region: Option<Region>,
}

impl Detector {
    /// Builds the detector. `default_region`: ISO 3166-1 alpha-2 (e.g. "GB", "NL") for
    /// national-format phone numbers, the member's country; `None` (or a code the phone
    /// library does not know): only international (`+…`, `00…`) numbers.
    pub fn new(default_region: Option<&str>) -> Detector {
        Detector {
            region: default_region.and_then(Region::from_code),
        }
    }

    /// Builds what every scan needs now rather than at the first text that needs it: the
    /// finders' regexes and automata (about 13M instructions, release), the
    /// special-category lexicon's DFA (built by `build.rs`; loading it checks its 2.5 MB of
    /// tables, 10M), the address screens, and the phone metadata national numbers of
    /// `region` are read with first, when the command line names it.
    ///
    /// A language's address pattern and another calling code's phone metadata wait for a
    /// text that needs them (about 2.5M instructions a territory: a few million for most
    /// codes; +1's 25 cost 64M, but a US number needs only the US's). For a caller that can
    /// build them where nothing waits: the CLI does not (on two cores the extra thread only
    /// competed with the scan's workers).
    pub fn warm_up(region: Option<Region>) {
        LazyLock::force(&FINDERS);
        special::warm_up();
        address::warm_up();
        phone::warm_up(region);
    }

    /// The region national phone numbers are read in by [`Detector::scan`].
    pub fn region(&self) -> Option<Region> {
        self.region
    }

    /// Every finding in `text`, sorted by start, non-overlapping. Where two detectors
    /// claim overlapping text, the more severe finding wins, then the longer one.
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        self.scan_in(text, self.region)
    }

    /// [`Detector::scan`], with national phone numbers read as `region`'s (none: not
    /// looked for), whatever region the detector was built with. The scan of an archive
    /// builds one detector before it knows the member's country, then passes it here.
    pub fn scan_in(&self, text: &str, region: Option<Region>) -> Vec<Finding> {
        let bytes = text.as_bytes();
        let has_at = memchr::memchr(b'@', bytes).is_some();
        let has_digit = has_ascii_digit(bytes);
        let mut found: Vec<Candidate> = Vec::new();
        let f = &*FINDERS;
        if has_at {
            f.email.find(text, &mut found);
        }
        if has_digit {
            f.phone.find(text, region, &mut found);
            f.finance.find(text, &mut found);
            f.ids.find(text, &mut found);
            f.address.find(text, &mut found);
        }
        f.url.find(text, &mut found);
        special::Lexicon::builtin().find(text, &mut found);
        if found.is_empty() {
            return Vec::new();
        }
        resolve(text, found)
    }
}

/// Whether `bytes` holds an ASCII digit. Most posts hold none and are read whole, and
/// `iter().any` goes a byte at a time (its early exit keeps the compiler from vectorising
/// it); a block of 32 bytes folded without an exit is vectorised (10M instructions of the
/// 16 MiB benchmark's 760M before, about 1M after).
fn has_ascii_digit(bytes: &[u8]) -> bool {
    const BLOCK: usize = 32;
    let mut blocks = bytes.chunks_exact(BLOCK);
    for block in &mut blocks {
        if block
            .iter()
            .fold(false, |any, b| any | b.wrapping_sub(b'0').lt(&10))
        {
            return true;
        }
    }
    blocks.remainder().iter().any(u8::is_ascii_digit)
}

/// Keeps the most severe, then longest, then earliest of overlapping candidates, and turns
/// byte offsets into character offsets.
fn resolve(text: &str, mut found: Vec<Candidate>) -> Vec<Finding> {
    found.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
            .then(a.kind.cmp(&b.kind))
    });
    let mut kept: Vec<Candidate> = Vec::with_capacity(found.len());
    for c in found {
        if kept.iter().all(|k| c.end <= k.start || k.end <= c.start) {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.start);
    let mut out = Vec::with_capacity(kept.len());
    let mut chars = 0usize;
    let mut at = 0usize;
    for c in kept {
        chars += text::char_count(text, at, c.start);
        let start = chars;
        chars += text::char_count(text, c.start, c.end);
        at = c.end;
        out.push(Finding {
            kind: c.kind,
            start,
            end: chars,
            masked: c.masked,
            severity: c.severity,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a finding covers, by its character offsets.
    pub(crate) fn covered(text: &str, f: &Finding) -> String {
        text.chars().skip(f.start).take(f.end - f.start).collect()
    }

    /// The texts of the labelled corpus (`fixtures/sensitive/corpus.toml`).
    pub(crate) fn corpus_texts() -> Vec<String> {
        let corpus: toml::Value =
            toml::from_str(include_str!("../../fixtures/sensitive/corpus.toml")).unwrap();
        corpus["text"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["text"].as_str().unwrap().to_owned())
            .collect()
    }

    /// `(kind id, subtype, covered text)` of every finding.
    pub(crate) fn summary(
        d: &Detector,
        text: &str,
    ) -> Vec<(&'static str, Option<&'static str>, String)> {
        d.scan(text)
            .iter()
            .map(|f| (f.kind.id(), f.kind.subtype(), covered(text, f)))
            .collect()
    }

    #[test]
    fn a_digit_is_found_wherever_it_is() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            let plain = "x".repeat(len);
            assert!(!has_ascii_digit(plain.as_bytes()), "{len}");
            for at in 0..len {
                for digit in [b'0', b'5', b'9'] {
                    let mut bytes = plain.clone().into_bytes();
                    bytes[at] = digit;
                    assert!(has_ascii_digit(&bytes), "{len} {at}");
                }
                // The bytes around the digits are not digits.
                for other in [b'/', b':', 0xD9, 0xB0] {
                    let mut bytes = plain.clone().into_bytes();
                    bytes[at] = other;
                    assert!(!has_ascii_digit(&bytes), "{len} {at} {other}");
                }
            }
        }
    }

    #[test]
    fn offsets_are_characters_not_bytes() {
        let d = Detector::new(None);
        let text = "Café déjà vu — écrivez à jean.dupont@exemple.fr";
        let found = d.scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(covered(text, &found[0]), "jean.dupont@exemple.fr");
        assert_eq!(found[0].start, 25);
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(Kind::NationalId(IdKind::NlBsn).id(), "national_id");
        assert_eq!(Kind::NationalId(IdKind::NlBsn).subtype(), Some("nl_bsn"));
        assert_eq!(
            Kind::SpecialCategory(Special::TradeUnion).subtype(),
            Some("trade_union")
        );
        assert_eq!(Kind::Email.subtype(), None);
        assert_eq!(Severity::High.id(), "high");
        assert_eq!(Special::from_id("sex_life"), Some(Special::SexLife));
        assert_eq!(Special::from_id("nope"), None);
    }

    #[test]
    fn plain_text_has_no_finding() {
        let d = Detector::new(Some("GB"));
        assert!(
            d.scan("Great talk today about distributed systems, thanks all!")
                .is_empty()
        );
        assert!(d.scan("").is_empty());
    }

    #[test]
    fn findings_are_sorted_and_do_not_overlap() {
        let d = Detector::new(Some("NL"));
        let text = "Mail a@b.nl or https://example.com/?email=x@y.com, bel +31 6 12345678.";
        let found = d.scan(text);
        assert!(
            found.windows(2).all(|w| w[0].end <= w[1].start),
            "{found:?}"
        );
    }

    #[test]
    fn detector_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Detector>();
    }
}
