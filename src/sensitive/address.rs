//! Postal addresses where the text makes them detectable: a house number next to a street
//! name with a street-type word (per language), optionally followed by a postcode and town
//! in that country's format. A postcode alone, or a street without a number, is not enough.

use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Kind};

/// The address detector. Its patterns live in [`PATTERNS`], compiled once per process.
#[derive(Debug)]
pub(crate) struct Addresses;

/// The five languages' patterns. Their Unicode classes make them the dearest part of the
/// detector to build (88M of its 114M instructions, release): compiled at first use, or
/// ahead of it by [`warm_up`] on a scan's warm-up thread, rather than on the main thread
/// before the scan can start. A scan that meets no text with a digit never compiles them.
static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(compile);

/// Compiles the patterns now if they are not yet.
pub(crate) fn warm_up() {
    LazyLock::force(&PATTERNS);
}

// A capitalised word, accents allowed.
const CAP: &str = r"\p{Lu}[\p{L}'’-]*";
// A town: capitalised, then lowercase (so a postcode's letters are not taken for one).
const TOWN: &str = r"\p{Lu}\p{Ll}[\p{L}'’-]*";

fn compile() -> Vec<Regex> {
    let en = format!(
        r"\b[0-9]{{1,5}}[A-Za-z]? (?:{CAP} ){{1,3}}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive|Boulevard|Blvd\.?|Way|Close|Crescent|Terrace|Place|Court|Gardens|Grove|Row|Square)\b(?:,? (?:Apt|Flat|Suite|Unit) [0-9A-Z]+)?(?:, (?:{TOWN} ){{0,2}}{TOWN})?(?:,? (?:[A-Z]{{2}} [0-9]{{5}}(?:-[0-9]{{4}})?|[A-Z]{{1,2}}[0-9][A-Z0-9]? [0-9][A-Z]{{2}}))?"
    );
    let de = format!(
        r"\b(?:{CAP}(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee)|{CAP} (?:Straße|Strasse|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer))\s[0-9]{{1,4}}(?: ?[a-z]\b)?(?:,? (?:[0-9]{{5}}|[0-9]{{4}}) {TOWN})?"
    );
    let nl = format!(
        r"\b{CAP}(?:straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|steeg|hof|markt|pad)\s[0-9]{{1,4}}(?:-?[0-9]{{1,3}}|[ -]?[a-zA-Z]\b)?(?:,? [0-9]{{4}} ?[A-Z]{{2}}(?: {TOWN})?)?"
    );
    let fr = format!(
        r"\b[0-9]{{1,4}}(?: ?(?:bis|ter))?,? (?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours) (?:de la |de l'|de l’|du |des |de |d'|d’)?{CAP}(?: (?:de la |du |des |de |d')?{CAP}){{0,3}}(?:,? [0-9]{{5}} {TOWN}(?: {TOWN})?)?"
    );
    let es = format!(
        r"\b(?:[Cc]alle|C/|[Aa]venida|Avda\.|[Pp]laza|[Pp]aseo|[Cc]amino|[Rr]onda) (?:de la |de los |de las |del |de )?{CAP}(?: (?:de la |del |de )?{CAP}){{0,3}},? (?:nº ?|n\.º ?|núm\. ?)?[0-9]{{1,4}}(?:, ?[0-9]{{1,2}}º ?[A-Z]?)?(?:,? [0-9]{{5}} {TOWN}(?: {TOWN})?)?"
    );
    [en, de, nl, fr, es]
        .iter()
        .filter_map(|p| Regex::new(p).ok())
        .collect()
}

impl Addresses {
    pub(crate) fn new() -> Addresses {
        Addresses
    }

    pub(crate) fn find(&self, text: &str, out: &mut Vec<Candidate>) {
        for re in PATTERNS.iter() {
            for m in re.find_iter(text) {
                let value = m.as_str().trim_end_matches([',', ' ']);
                let masked = mask(value);
                out.push(Candidate::new(
                    Kind::PostalAddress,
                    m.start(),
                    m.start() + value.len(),
                    masked,
                ));
            }
        }
    }
}

/// Keeps the street-type words and masks names and numbers: "12 Baker Street" →
/// "** B**** Street" is still too revealing, so every word but the street type goes.
fn mask(value: &str) -> String {
    value
        .split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            let keep = [
                "street", "road", "avenue", "lane", "rue", "calle", "avenida", "plaza", "straße",
                "strasse", "straat", "laan", "weg",
            ]
            .iter()
            .any(|t| lower == *t);
            if keep {
                w.to_owned()
            } else {
                w.chars()
                    .map(|c| if c.is_alphanumeric() { '*' } else { c })
                    .collect()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use crate::sensitive::Detector;
    use crate::sensitive::tests::summary;

    fn addresses(text: &str) -> Vec<String> {
        let d = Detector::new(None);
        summary(&d, text)
            .into_iter()
            .filter(|(k, _, _)| *k == "postal_address")
            .map(|(_, _, s)| s)
            .collect()
    }

    #[test]
    fn finds_addresses_in_five_languages() {
        assert_eq!(
            addresses("Drop it at 221B Baker Street, London NW1 6XE please"),
            ["221B Baker Street, London NW1 6XE"]
        );
        assert_eq!(
            addresses("Wir wohnen jetzt in der Hauptstraße 12, 10115 Berlin."),
            ["Hauptstraße 12, 10115 Berlin"]
        );
        assert_eq!(
            addresses("Ons nieuwe adres: Keizersgracht 123, 1015 CJ Amsterdam"),
            ["Keizersgracht 123, 1015 CJ Amsterdam"]
        );
        assert_eq!(
            addresses("J'habite au 12 rue de la Paix, 75002 Paris"),
            ["12 rue de la Paix, 75002 Paris"]
        );
        assert_eq!(
            addresses("Vivo en Calle Mayor 5, 28013 Madrid"),
            ["Calle Mayor 5, 28013 Madrid"]
        );
    }

    #[test]
    fn masks_names_and_numbers() {
        let d = Detector::new(None);
        assert_eq!(d.scan("at 12 Baker Street")[0].masked, "** ***** Street");
    }

    #[test]
    fn streets_without_numbers_and_offices_are_not_addresses() {
        assert!(addresses("Our Union Square office is lovely").is_empty());
        assert!(addresses("We met on Baker Street in 2019").is_empty());
        assert!(addresses("In 2019 Berlin hosted 300 people").is_empty());
    }
}
