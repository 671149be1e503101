//! GDPR Art. 9 special categories: first-person disclosures ("my diagnosis", "als lid van
//! de vakbond", "ich bin schwerbehindert") found with one DFA over the lexicons in
//! `lexicon/*.toml` (reviewable data: term, category, language, notes).
//!
//! Terms are phrases in the first person rather than topical words, so a post about a
//! hospital client or a Union Square office discloses nothing. Matching is case- and
//! accent-insensitive: patterns and text are folded the same way (lowercase, accents
//! stripped, ß → ss, curly apostrophes straight: `fold`), and offsets in the folded text
//! are mapped back to the original. ASCII text (the common case) is searched in place,
//! without a copy.
//!
//! `build.rs` checks the lexicons (`entries`) and builds their DFA with regex-automata
//! (`compile`), serialised into the binary: at run time the DFA is only loaded (checked,
//! without a copy) and searched, every match of every term, for what aho-corasick's
//! overlapping search would find.

mod fold;

#[cfg(test)]
mod compile;
#[cfg(test)]
mod entries;

use std::cell::RefCell;
use std::sync::LazyLock;

use regex_automata::Input;
use regex_automata::dfa::{Automaton, OverlappingState, dense};

use super::{Candidate, Kind, Special};
use fold::fold_into;

/// What the scan needs about one pattern of the DFA once it matches.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    category: Special,
    /// The term may run on into a longer word ("my chemo" → "my chemotherapy").
    prefix: bool,
    /// The folded term's length in bytes: a match reports where it ends, and starts this
    /// far before.
    len: usize,
}

// `PATTERNS`, indexed by pattern id.
include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));

/// Bytes aligned as a `u32`, which the serialised DFA's tables are read as in place.
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u32; 0],
    bytes: B,
}

/// The DFA `build.rs` serialised, in the target's byte order.
static SERIALISED: &Aligned<[u8]> = &Aligned {
    _align: [],
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.dfa")),
};

/// The compiled lexicon.
#[derive(Debug)]
pub(crate) struct Lexicon {
    dfa: Option<dense::DFA<&'static [u32]>>,
}

thread_local! {
    /// The folded copy of a non-ASCII text and the map back to original byte offsets,
    /// reused between calls on the same thread.
    static FOLDED: RefCell<(String, Vec<usize>)> = const { RefCell::new((String::new(), Vec::new())) };
}

/// Loads the built-in lexicon now rather than at the first text that needs it.
pub(crate) fn warm_up() {
    let _ = Lexicon::builtin();
}

impl Lexicon {
    /// The built-in lexicon, loaded once per process on first use (or by
    /// `Detector::warm_up`): `from_bytes` checks every transition of the 2.5 MB DFA, 10M
    /// instructions (release), too many to repeat for every text, and a third of what
    /// building an automaton at start-up took. A unit test checks it loads, so the
    /// fallback (no special-category detection) cannot ship.
    pub(crate) fn builtin() -> &'static Lexicon {
        static BUILTIN: LazyLock<Lexicon> = LazyLock::new(|| Lexicon {
            dfa: dense::DFA::from_bytes(&SERIALISED.bytes)
                .ok()
                .map(|(dfa, _)| dfa),
        });
        &BUILTIN
    }

    pub(crate) fn find(&self, text: &str, out: &mut Vec<Candidate>) {
        let Some(dfa) = &self.dfa else {
            return;
        };
        if text.is_ascii() {
            find_in(dfa, text, text, None, out);
            return;
        }
        FOLDED.with(|cell| {
            let Ok(mut buffers) = cell.try_borrow_mut() else {
                return;
            };
            let (folded, map) = &mut *buffers;
            fold_into(text, folded, map);
            find_in(dfa, text, folded, Some(map), out);
        });
    }
}

/// Every match of every pattern of `dfa` in `haystack`, as (pattern id, end): in the order
/// of their ends, and for one end the longest first (patterns that are the same text in
/// the order of their ids), which is what aho-corasick's overlapping search reports, in
/// its order (the tests compare the two).
#[inline]
fn each_match<A: Automaton>(dfa: &A, haystack: &[u8], mut found: impl FnMut(usize, usize)) {
    let input = Input::new(haystack);
    let mut state = OverlappingState::start();
    // The DFA has no quit bytes and the search is unanchored, so the search cannot fail;
    // an error would end it.
    while dfa.try_search_overlapping_fwd(&input, &mut state).is_ok() {
        let Some(m) = state.get_match() else {
            return;
        };
        found(m.pattern().as_usize(), m.offset());
    }
}

/// Matches in `haystack` (the text, or its folded copy with `map` back to `text`).
fn find_in(
    dfa: &dense::DFA<&'static [u32]>,
    text: &str,
    haystack: &str,
    map: Option<&[usize]>,
    out: &mut Vec<Candidate>,
) {
    let bytes = haystack.as_bytes();
    each_match(dfa, bytes, |pattern, match_end| {
        let Some(Pattern {
            category,
            prefix,
            len,
        }) = PATTERNS.get(pattern).copied()
        else {
            return;
        };
        let Some(match_start) = match_end.checked_sub(len) else {
            return;
        };
        let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80);
        let before = match_start.checked_sub(1).and_then(|i| bytes.get(i));
        if word(before) {
            return;
        }
        let mut end = match_end;
        if prefix {
            while word(bytes.get(end)) {
                end += 1;
            }
            // Stay on a character boundary of the haystack.
            while !haystack.is_char_boundary(end) {
                end += 1;
            }
        } else if word(bytes.get(end)) {
            return;
        }
        let (start, end) = match map {
            None => (match_start, end),
            Some(map) => match (map.get(match_start), map.get(end)) {
                (Some(s), Some(e)) => (*s, *e),
                _ => return,
            },
        };
        let Some(original) = text.get(start..end) else {
            return;
        };
        out.push(Candidate::new(
            Kind::SpecialCategory(category),
            start,
            end,
            original.to_owned(),
        ));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensitive::Detector;
    use crate::sensitive::tests::summary;

    fn special(text: &str) -> Vec<(Option<&'static str>, String)> {
        let d = Detector::new(None);
        summary(&d, text)
            .into_iter()
            .filter(|(k, _, _)| *k == "special_category")
            .map(|(_, s, t)| (s, t))
            .collect()
    }

    /// The built-in lexicons, one file per language, in the order `build.rs` reads them.
    const SOURCES: [(&str, &str); 5] = [
        ("en.toml", include_str!("lexicon/en.toml")),
        ("de.toml", include_str!("lexicon/de.toml")),
        ("fr.toml", include_str!("lexicon/fr.toml")),
        ("es.toml", include_str!("lexicon/es.toml")),
        ("nl.toml", include_str!("lexicon/nl.toml")),
    ];

    fn builtin_terms() -> Vec<entries::Term> {
        entries::terms(&SOURCES).unwrap()
    }

    #[test]
    fn builtin_lexicons_parse_and_cover_every_category_and_language() {
        let terms = builtin_terms();
        assert!(terms.len() >= 250, "{}", terms.len());
        assert!(
            Lexicon::builtin().dfa.is_some(),
            "the built-in DFA does not load"
        );
        assert_eq!(
            SOURCES.map(|(name, _)| name.trim_end_matches(".toml")),
            entries::LANGUAGES
        );
        for (name, source) in SOURCES {
            let terms = entries::terms(&[(name, source)]).unwrap();
            let lang = name.trim_end_matches(".toml");
            assert!(
                terms.iter().all(|t| t.language == lang),
                "{name}: a term in the wrong file"
            );
            for (cat, _) in entries::CATEGORIES {
                assert!(
                    terms.iter().any(|t| t.category.0 == cat),
                    "{name} lacks {cat}"
                );
            }
        }
    }

    #[test]
    fn the_categories_build_rs_knows_are_the_special_variants() {
        let known: Vec<(&str, String)> = Special::ALL
            .iter()
            .map(|s| (s.id(), format!("{s:?}")))
            .collect();
        let listed: Vec<(&str, String)> = entries::CATEGORIES
            .iter()
            .map(|(id, variant)| (*id, (*variant).to_owned()))
            .collect();
        assert_eq!(listed, known);
    }

    #[test]
    fn the_built_in_patterns_are_the_lexicons_terms_in_order() {
        let terms = builtin_terms();
        assert_eq!(PATTERNS.len(), terms.len());
        for (term, pattern) in terms.iter().zip(PATTERNS) {
            assert_eq!(pattern.category.id(), term.category.0, "{term:?}");
            assert_eq!(pattern.prefix, term.prefix, "{term:?}");
            assert_eq!(pattern.len, term.folded.len(), "{term:?}");
        }
        assert!(PATTERNS.iter().any(|p| p.prefix));
        let dfa = Lexicon::builtin().dfa.as_ref().unwrap();
        assert_eq!(dfa.pattern_len(), PATTERNS.len());
    }

    /// Every (pattern, start, end) aho-corasick's overlapping search finds, in its order.
    fn aho_corasick_matches(patterns: &[&str], haystack: &str) -> Vec<(usize, usize, usize)> {
        let ac = aho_corasick::AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(patterns)
            .unwrap();
        ac.find_overlapping_iter(haystack)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect()
    }

    /// Every (pattern, start, end) `dfa` finds, in its order; `patterns` give the lengths.
    fn dfa_matches<A: Automaton>(
        dfa: &A,
        patterns: &[&str],
        haystack: &str,
    ) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        each_match(dfa, haystack.as_bytes(), |pattern, end| {
            found.push((pattern, end - patterns[pattern].len(), end));
        });
        found
    }

    /// Every (pattern, start, end) that a lazy DFA built from the NFA `build.rs` builds
    /// its dense DFA from finds in `haystack`, searched as [`each_match`] searches.
    fn compiled_matches(patterns: &[&str], haystack: &str) -> Vec<(usize, usize, usize)> {
        use regex_automata::hybrid::dfa::{Config, DFA, OverlappingState};
        let nfa = compile::nfa(patterns).unwrap();
        let dfa = DFA::builder()
            .configure(Config::new().match_kind(compile::MATCH_KIND))
            .build_from_nfa(nfa)
            .unwrap();
        let mut cache = dfa.create_cache();
        let input = Input::new(haystack);
        let mut state = OverlappingState::start();
        let mut found = Vec::new();
        loop {
            dfa.try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .unwrap();
            let Some(m) = state.get_match() else {
                return found;
            };
            let (pattern, end) = (m.pattern().as_usize(), m.offset());
            found.push((pattern, end - patterns[pattern].len(), end));
        }
    }

    #[test]
    fn the_dfa_finds_what_aho_corasick_finds() {
        let terms = builtin_terms();
        let patterns: Vec<&str> = terms.iter().map(|t| t.folded.as_str()).collect();
        let mut texts = crate::sensitive::tests::corpus_texts();
        // Every term, in capitals, glued to the next, inside a word, and overlapping
        // others ("as a muslim" holds "a muslim"-like tails of other terms).
        let all: String = patterns.join(" ");
        texts.push(all.clone());
        texts.push(all.to_uppercase());
        texts.push(patterns.concat());
        texts.push(patterns.iter().map(|p| format!("x{p}y")).collect());
        let dfa = Lexicon::builtin().dfa.as_ref().unwrap();
        let mut matched = 0;
        for text in &texts {
            let mut folded = String::new();
            let mut map = Vec::new();
            fold_into(text, &mut folded, &mut map);
            let expected = aho_corasick_matches(&patterns, &folded);
            let found = dfa_matches(dfa, &patterns, &folded);
            assert_eq!(found, expected, "{text}");
            matched += found.len();
        }
        assert!(matched > patterns.len() * 3, "{matched}");
    }

    #[test]
    fn small_lexicons_find_every_match_of_every_term() {
        // Duplicates, a term inside another, overlaps, regex syntax and a non-ASCII term.
        let patterns = ["abc", "bcd", "c'd", "ABCDE", "abc", "x.z", "(é)"];
        let haystack = "xabcdE aBc'd xyzx.zabc (é)";
        assert_eq!(
            compiled_matches(&patterns, haystack),
            aho_corasick_matches(&patterns, haystack)
        );
        assert_eq!(
            compiled_matches(&patterns, haystack),
            [
                (0, 1, 4),
                (4, 1, 4),
                (1, 2, 5),
                (3, 1, 6),
                (0, 7, 10),
                (4, 7, 10),
                (2, 9, 12),
                (5, 16, 19),
                (0, 19, 22),
                (4, 19, 22),
                (6, 23, 27),
            ]
        );
    }

    #[test]
    fn terms_are_literal_whatever_bytes_they_hold() {
        assert_eq!(compile::literal("my x-ray"), r"my\x20x\x2Dray");
        assert_eq!(compile::literal("é."), r"\xC3\xA9\x2E");
    }

    proptest::proptest! {
        /// Small lexicons over a few letters and some regex syntax (so terms overlap,
        /// nest and repeat) find what aho-corasick finds, in its order.
        #[test]
        fn compiled_lexicons_find_what_aho_corasick_finds(
            patterns in proptest::collection::vec("[abAB' .*é-]{1,5}", 1..12),
            haystack in "[abcAB' .*é-]{0,80}",
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(
                compiled_matches(&patterns, &haystack),
                aho_corasick_matches(&patterns, &haystack)
            );
        }
    }

    #[test]
    fn bad_lexicons_are_errors() {
        let bad = [(
            "x.toml",
            "[[term]]\nterm = \"my thing\"\ncategory = \"hobby\"\nlanguage = \"en\"\n",
        )];
        assert_eq!(
            entries::terms(&bad).unwrap_err().to_string(),
            "x.toml: term \"my thing\": unknown category \"hobby\""
        );
        for (source, error) in [
            ("term = 3", "invalid type"),
            ("words = []", "unknown field `words`"),
            (
                "term = [{ term = \"my x\", category = \"health\", language = \"en\", note = \"\" }]",
                "unknown field `note`",
            ),
            (
                "term = [{ term = \"my x\", category = \"health\", language = \"xx\" }]",
                "term \"my x\": unknown language \"xx\"",
            ),
            (
                "term = [{ term = \"ab \", category = \"health\", language = \"en\" }]",
                "term \"ab \" is too short",
            ),
            (
                "term = [{ term = \"my x\", category = \"health\", language = \"en\", prefix = 1 }]",
                "invalid type",
            ),
            ("term = [", "y.toml: "),
        ] {
            let e = entries::terms(&[("y.toml", source)])
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("y.toml: "), "{source}: {e}");
            assert!(e.contains(error), "{source}: {e}");
        }
    }

    #[test]
    fn finds_first_person_disclosures() {
        assert_eq!(
            special("Last year I was diagnosed with cancer."),
            [(Some("health"), "I was diagnosed".to_owned())]
        );
        assert_eq!(
            special("Ich bin schwerbehindert und stolz."),
            [(Some("health"), "Ich bin schwerbehindert".to_owned())]
        );
        assert_eq!(
            special("Als lid van de vakbond ben ik blij"),
            [(Some("trade_union"), "Als lid van de vakbond".to_owned())]
        );
    }

    #[test]
    fn matching_ignores_accents_and_case_and_maps_offsets_back() {
        let text = "Après des mois, MON DIAGNOSTIC est tombé : je suis enceinte.";
        let found = special(text);
        assert_eq!(
            found,
            [
                (Some("health"), "MON DIAGNOSTIC".to_owned()),
                (Some("health"), "je suis enceinte".to_owned())
            ]
        );
        // The same term written without accents in the text.
        assert_eq!(
            special("mi diagnostico"),
            [(Some("health"), "mi diagnostico".to_owned())]
        );
        assert_eq!(
            special("Ich bin in der Gewerkschaft"),
            [(
                Some("trade_union"),
                "Ich bin in der Gewerkschaft".to_owned()
            )]
        );
    }

    #[test]
    fn topical_words_disclose_nothing() {
        for text in [
            "Proud to support our hospital client with their new scheduling system.",
            "Our Union Square office opens Monday.",
            "Great panel on trade unions and labour law.",
            "Wir beraten Krankenhäuser bei der Digitalisierung.",
            "Nous accompagnons les syndicats dans leur transformation numérique.",
            "Webinar sobre diversidad e inclusión en la empresa.",
            "Onze klant is een groot ziekenhuis in Utrecht.",
            "my diagnosisless test", // a word that only starts like a term
        ] {
            assert!(special(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn folding_maps_every_byte_back() {
        let (mut folded, mut map) = (String::new(), Vec::new());
        fold_into("Straße É", &mut folded, &mut map);
        // ASCII keeps its case (the automaton ignores it); accents and ß fold.
        assert_eq!(folded, "Strasse e");
        assert_eq!(map.len(), folded.len() + 1);
        assert_eq!(map[5], 4); // the second "s" of "ss" comes from "ß" at byte 4
        assert_eq!(*map.last().unwrap(), "Straße É".len());
    }
}
