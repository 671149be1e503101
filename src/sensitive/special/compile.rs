//! Compiles the folded terms into the lexicon's DFA, with regex-automata.
//!
//! `build.rs` runs this and serialises the DFA into the binary: building an automaton
//! over the lexicons at start-up (the aho-corasick crate's DFA, and parsing the TOML) was
//! 31M instructions, about 4% of a scan of a 16 MiB archive. The library compiles this
//! file only for its tests, which check that the DFA finds what aho-corasick's overlapping
//! search finds.
//!
//! One pattern per term, all in one dense DFA that reports every match of every pattern
//! (`MatchKind::All`, searched overlapping), unanchored, and ignoring ASCII case only, as
//! the folded text keeps its ASCII capitals and nothing else differs in case.
//!
//! The built-in DFA has about 10,100 states of 64 byte classes (2.5 MB): a regex-automata
//! DFA reports a match one byte after it ends, so each state where a term ends comes again
//! for every byte class that may follow; a leftmost-first DFA over the same terms has
//! about 4,000. Minimising it changes nothing (the states differ), and takes twice as
//! long to build.

use regex_automata::MatchKind;
use regex_automata::dfa::{StartKind, dense};
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;

/// The DFA whose pattern `i` is `terms[i]`, matched literally. (The error is boxed: it is
/// large, and only ever reported.)
pub(crate) fn dfa(terms: &[&str]) -> Result<dense::DFA<Vec<u32>>, Box<dense::BuildError>> {
    let patterns: Vec<String> = terms.iter().map(|term| literal(term)).collect();
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .start_kind(StartKind::Unanchored),
        )
        // Unicode off: case folds ASCII alone (aho-corasick's `ascii_case_insensitive`),
        // and a `\xHH` above 0x7f is that byte (with UTF-8 mode off, as a term may hold
        // part of a character's encoding no more than the text does).
        .syntax(
            syntax::Config::new()
                .unicode(false)
                .utf8(false)
                .case_insensitive(true),
        )
        // The search matches bytes, so the unanchored prefix can be any byte; a DFA
        // has no use for capture groups.
        .thompson(
            thompson::Config::new()
                .utf8(false)
                .which_captures(thompson::WhichCaptures::None),
        )
        .build_many(&patterns)
        .map_err(Box::new)
}

/// `term` as a regex that matches it literally: ASCII letters and digits as themselves,
/// every other byte as `\xHH`, so no byte is read as syntax whatever the term holds.
pub(crate) fn literal(term: &str) -> String {
    use std::fmt::Write as _;
    let mut pattern = String::with_capacity(term.len() * 2);
    for byte in term.bytes() {
        if byte.is_ascii_alphanumeric() {
            pattern.push(char::from(byte));
        } else {
            let _ = write!(pattern, "\\x{byte:02X}");
        }
    }
    pattern
}
