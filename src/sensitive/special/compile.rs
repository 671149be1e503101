//! Compiles the folded terms into the NFA that the lexicon's DFA is built from, with
//! regex-automata.
//!
//! `build.rs` builds a dense DFA from it and serialises it into the binary: building an
//! automaton over the lexicons at start-up (the aho-corasick crate's DFA, and parsing the
//! TOML) was 31M instructions, about 4% of a scan of a 16 MiB archive. The library
//! compiles this file only for its tests, which search a lazy DFA built from the same NFA
//! (the dense DFA's builder, regex-automata's `dfa-build`, would also switch the regex
//! crate's own engine choice in the tests, benches and examples if they enabled it) and
//! check that it finds what aho-corasick's overlapping search finds.
//!
//! One pattern per term, matched literally and ignoring ASCII case only, as the folded
//! text keeps its ASCII capitals and nothing else differs in case. The DFA reports every
//! match of every pattern ([`MATCH_KIND`], searched overlapping) and is unanchored.
//!
//! The built-in DFA has about 10,100 states of 64 byte classes (2.5 MB): a regex-automata
//! DFA reports a match one byte after it ends, so each state where a term ends comes again
//! for every byte class that may follow; a leftmost-first DFA over the same terms has
//! about 4,000. Minimising it changes nothing (the states differ), and takes twice as
//! long to build.

use regex_automata::MatchKind;
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;

/// Every match of every pattern: what the overlapping search needs to find them all.
pub(crate) const MATCH_KIND: MatchKind = MatchKind::All;

/// The NFA whose pattern `i` is `terms[i]`, matched literally. (The error is boxed: it is
/// large, and only ever reported.)
pub(crate) fn nfa(terms: &[&str]) -> Result<thompson::NFA, Box<thompson::BuildError>> {
    let patterns: Vec<String> = terms.iter().map(|term| literal(term)).collect();
    thompson::Compiler::new()
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
        .configure(
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
