//! The lexicon files' entries (`lexicon/*.toml`), checked, with their terms folded for
//! matching.
//!
//! Shared with `build.rs` (through `#[path]`), which compiles the checked terms into the
//! lexicon's DFA, so a bad entry is a build error naming its file and term. The library
//! compiles this file only for its tests, which check the built-in lexicons and what the
//! build writes from them.

use serde::Deserialize;

use super::fold::fold_into;

/// The special-category ids a term may have, each with its `Special` variant (what
/// `build.rs` writes into the binary); a test checks both against `Special`.
pub(crate) const CATEGORIES: [(&str, &str); 6] = [
    ("health", "Health"),
    ("religion", "Religion"),
    ("political_opinion", "PoliticalOpinion"),
    ("trade_union", "TradeUnion"),
    ("sex_life", "SexLife"),
    ("ethnic_origin", "EthnicOrigin"),
];

/// The languages a term may be in (ISO 639-1), one lexicon file each.
pub(crate) const LANGUAGES: [&str; 5] = ["en", "de", "fr", "es", "nl"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    term: Vec<Entry>,
}

/// One lexicon entry as written in the TOML files.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// The phrase, written naturally (accents and capitals are folded away).
    term: String,
    /// A special-category id, one of [`CATEGORIES`].
    category: String,
    /// ISO 639-1 code of the term's language.
    language: String,
    /// Why the term is a disclosure, or what it must not match.
    #[serde(default)]
    #[allow(dead_code)] // for reviewers of the data files
    notes: String,
    /// The term may be followed by more letters ("my chemo" → "my chemotherapy").
    #[serde(default)]
    prefix: bool,
}

/// One lexicon entry, checked, with its term folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    /// The phrase as folded for matching (see `fold`); its ASCII case stays, since the
    /// match ignores it.
    pub(crate) folded: String,
    /// The special-category id and `Special` variant, from [`CATEGORIES`].
    pub(crate) category: (&'static str, &'static str),
    /// ISO 639-1 code of the term's language.
    pub(crate) language: String,
    /// The term may be followed by more letters.
    pub(crate) prefix: bool,
}

/// Why a lexicon file cannot be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LexiconError {
    #[error("{file}: {detail}")]
    Invalid { file: String, detail: String },
}

/// The terms of `sources` (file name, TOML text), in order: pattern `i` of the DFA is
/// term `i`.
pub(crate) fn terms(sources: &[(&str, &str)]) -> Result<Vec<Term>, LexiconError> {
    let mut terms = Vec::new();
    for (name, source) in sources {
        let invalid = |detail: String| LexiconError::Invalid {
            file: (*name).to_owned(),
            detail,
        };
        let file: File = toml::from_str(source).map_err(|e| invalid(e.to_string()))?;
        for entry in file.term {
            let category = CATEGORIES
                .iter()
                .find(|(id, _)| *id == entry.category)
                .copied()
                .ok_or_else(|| {
                    invalid(format!(
                        "term {:?}: unknown category {:?}",
                        entry.term, entry.category
                    ))
                })?;
            if !LANGUAGES.contains(&entry.language.as_str()) {
                return Err(invalid(format!(
                    "term {:?}: unknown language {:?}",
                    entry.term, entry.language
                )));
            }
            let folded = fold(&entry.term);
            if folded.trim().len() < 3 {
                return Err(invalid(format!("term {:?} is too short", entry.term)));
            }
            terms.push(Term {
                folded,
                category,
                language: entry.language,
                prefix: entry.prefix,
            });
        }
    }
    Ok(terms)
}

/// `term` folded as the scanned text is.
pub(crate) fn fold(term: &str) -> String {
    let mut folded = String::with_capacity(term.len());
    let mut map = Vec::with_capacity(term.len() + 1);
    fold_into(term, &mut folded, &mut map);
    folded
}
