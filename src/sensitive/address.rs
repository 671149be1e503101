//! Postal addresses where the text makes them detectable: a house number next to a street
//! name with a street-type word (per language), optionally followed by a postcode and town
//! in that country's format. A postcode alone, or a street without a number, is not enough.

use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Kind};

/// The address detector. Its patterns live in [`PATTERNS`], compiled once per process.
#[derive(Debug)]
pub(crate) struct Addresses;

/// The five languages' patterns, each compiled at its first use. Their Unicode classes make
/// them dear to build (90M instructions for the five, release: 60% of a tiny archive's
/// scan), and a text reaches a language's pattern only if it passes that language's
/// [`SCREENS`], so an archive compiles only the languages it has addresses in.
static PATTERNS: [LazyLock<Option<Regex>>; 5] = [
    LazyLock::new(|| compile(0)),
    LazyLock::new(|| compile(1)),
    LazyLock::new(|| compile(2)),
    LazyLock::new(|| compile(3)),
    LazyLock::new(|| compile(4)),
];

/// Per language, its pattern with every capitalised word and town widened to any run of
/// non-space characters: a match of the pattern is a match of its screen, and the screens
/// hold no Unicode letter classes, so all five build in a fraction of one pattern's cost.
static SCREENS: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| {
    (0..PATTERNS.len())
        .map(|i| Regex::new(&pattern(i, r"\S+", r"\S+")).ok())
        .collect()
});

/// Builds the screens now; the patterns wait for a text that passes one.
pub(crate) fn warm_up() {
    LazyLock::force(&SCREENS);
}

/// A bit per language whose screen `text` passes (a screen that failed to build passes
/// every text).
fn languages(text: &str) -> u8 {
    let mut found = 0u8;
    for (i, screen) in SCREENS.iter().enumerate() {
        if screen.as_ref().is_none_or(|s| s.is_match(text)) {
            found |= 1 << i;
        }
    }
    found
}

// A capitalised word, accents allowed.
const CAP: &str = r"\p{Lu}[\p{L}'’-]*";
// A town: capitalised, then lowercase (so a postcode's letters are not taken for one).
const TOWN: &str = r"\p{Lu}\p{Ll}[\p{L}'’-]*";

/// The pattern of language `i` (en, de, nl, fr, es).
fn compile(i: usize) -> Option<Regex> {
    Regex::new(&pattern(i, CAP, TOWN)).ok()
}

/// The pattern text of language `i`, with `cap` for a capitalised word and `town` for a
/// town's name.
fn pattern(i: usize, cap: &str, town: &str) -> String {
    match i {
        0 => format!(
            r"\b[0-9]{{1,5}}[A-Za-z]? (?:{cap} ){{1,3}}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive|Boulevard|Blvd\.?|Way|Close|Crescent|Terrace|Place|Court|Gardens|Grove|Row|Square)\b(?:,? (?:Apt|Flat|Suite|Unit) [0-9A-Z]+)?(?:, (?:{town} ){{0,2}}{town})?(?:,? (?:[A-Z]{{2}} [0-9]{{5}}(?:-[0-9]{{4}})?|[A-Z]{{1,2}}[0-9][A-Z0-9]? [0-9][A-Z]{{2}}))?",
        ),
        1 => format!(
            r"\b(?:{cap}(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee)|{cap} (?:Straße|Strasse|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer))\s[0-9]{{1,4}}(?: ?[a-z]\b)?(?:,? (?:[0-9]{{5}}|[0-9]{{4}}) {town})?",
        ),
        2 => format!(
            r"\b{cap}(?:straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|steeg|hof|markt|pad)\s[0-9]{{1,4}}(?:-?[0-9]{{1,3}}|[ -]?[a-zA-Z]\b)?(?:,? [0-9]{{4}} ?[A-Z]{{2}}(?: {town})?)?",
        ),
        3 => format!(
            r"\b[0-9]{{1,4}}(?: ?(?:bis|ter))?,? (?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours) (?:de la |de l'|de l’|du |des |de |d'|d’)?{cap}(?: (?:de la |du |des |de |d')?{cap}){{0,3}}(?:,? [0-9]{{5}} {town}(?: {town})?)?",
        ),
        _ => format!(
            r"\b(?:[Cc]alle|C/|[Aa]venida|Avda\.|[Pp]laza|[Pp]aseo|[Cc]amino|[Rr]onda) (?:de la |de los |de las |del |de )?{cap}(?: (?:de la |del |de )?{cap}){{0,3}},? (?:nº ?|n\.º ?|núm\. ?)?[0-9]{{1,4}}(?:, ?[0-9]{{1,2}}º ?[A-Z]?)?(?:,? [0-9]{{5}} {town}(?: {town})?)?",
        ),
    }
}

impl Addresses {
    pub(crate) fn new() -> Addresses {
        Addresses
    }

    pub(crate) fn find(&self, text: &str, out: &mut Vec<Candidate>) {
        let languages = languages(text);
        if languages == 0 {
            return;
        }
        for (i, pattern) in PATTERNS.iter().enumerate() {
            if languages & (1 << i) == 0 {
                continue;
            }
            let Some(re) = pattern.as_ref() else {
                continue;
            };
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

    /// Every text the tests know: the labelled corpus and the sentences above.
    fn known_texts() -> Vec<String> {
        let mut texts = crate::sensitive::tests::corpus_texts();
        texts.extend(
            [
                "Drop it at 221B Baker Street, London NW1 6XE please",
                "Wir wohnen jetzt in der Hauptstraße 12, 10115 Berlin.",
                "Ons nieuwe adres: Keizersgracht 123, 1015 CJ Amsterdam",
                "J'habite au 12 rue de la Paix, 75002 Paris",
                "Vivo en Calle Mayor 5, 28013 Madrid",
                "Avda. de la Constitución 3, 41001 Sevilla",
                "Schillerstr. 4, 80336 München",
                "14 avenue Victor Hugo, 75116 Paris",
            ]
            .map(String::from),
        );
        texts
    }

    #[test]
    fn every_match_of_a_pattern_passes_its_screen() {
        let mut matched = 0;
        for text in known_texts() {
            for i in 0..super::PATTERNS.len() {
                let re = super::compile(i).unwrap();
                let screen = super::SCREENS[i].as_ref().unwrap();
                for m in re.find_iter(&text) {
                    matched += 1;
                    assert!(
                        screen.is_match(m.as_str()),
                        "language {i}: {:?}",
                        m.as_str()
                    );
                    assert!(super::languages(&text) & (1 << i) != 0, "{text}");
                }
            }
        }
        assert!(
            matched >= 15,
            "the texts hold addresses of every language: {matched}"
        );
    }

    #[test]
    fn a_text_without_an_address_shape_compiles_no_pattern() {
        assert_eq!(
            super::languages("During the first week we have 12 people at the place"),
            0
        );
        assert_eq!(super::languages("Hauptstraße 12") & 0b10, 0b10);
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
