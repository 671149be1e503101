//! Turns `src/catalog.toml` and `src/policy.toml` into JSON at build time.
//!
//! The catalog is read on every run before any entry can be classified, and parsing its
//! TOML was most of the start-up cost of a scan (7M instructions, about 2.5 ms); the same
//! data as JSON parses in a fifth of that. The TOML stays the source that people edit and
//! that `Catalog::from_toml` reads in tests; `catalog::tests` checks both give the same
//! catalog.
//!
//! The built-in policy model is the same story: parsing its TOML was 8M of the 10M
//! instructions `Policy::builtin` took. Its loader points problems and rules at lines
//! through `toml::Spanned` fields, so the JSON carries those fields' byte spans in the form
//! `serde_spanned` reads from any format (`$__serde_spanned_private_start`, `_end`,
//! `_value`). Which fields are spanned is the loader's raw shape: every table but the
//! root, every date and integer, and every string but those under [`PLAIN`] keys.
//! `policy::load::tests` checks the JSON gives the same model, lines included, as the TOML.
//!
//! The special-category lexicons (`src/sensitive/lexicon/*.toml`) become a serialised
//! regex-automata DFA and a table of what the scan needs per pattern: building an
//! automaton over them at start-up was 31M instructions. The entries are checked and
//! folded by `src/sensitive/special/entries.rs` and compiled to an NFA by `compile.rs`
//! there, the same files the library's tests use, so a bad entry is a build error.

use std::fmt::Write as _;
use std::path::PathBuf;

use regex_automata::dfa::{StartKind, dense};

#[path = "src/sensitive/special/fold.rs"]
mod fold;

#[path = "src/sensitive/special/entries.rs"]
mod entries;

#[path = "src/sensitive/special/compile.rs"]
mod compile;

fn main() {
    println!("cargo::rerun-if-changed=src/catalog.toml");
    println!("cargo::rerun-if-changed=src/policy.toml");
    let text = match std::fs::read_to_string("src/catalog.toml") {
        Ok(text) => text,
        Err(e) => fail(&format!("cannot read src/catalog.toml: {e}")),
    };
    let value: toml::Value = match toml::from_str(&text) {
        Ok(value) => value,
        Err(e) => fail(&format!("src/catalog.toml: {e}")),
    };
    let json = match serde_json::to_string(&value) {
        Ok(json) => json,
        Err(e) => fail(&format!("src/catalog.toml as JSON: {e}")),
    };
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        fail("OUT_DIR is not set");
    };
    if let Err(e) = std::fs::write(out.join("catalog.json"), json) {
        fail(&format!("cannot write catalog.json: {e}"));
    }
    write_policy(&out);
    write_lexicon(&out);
}

/// `lexicon.dfa`: the special-category lexicons' DFA, serialised in the target's byte
/// order; `lexicon.rs`: `PATTERNS`, per pattern id its category, whether it may run on
/// into a longer word, and its folded length (a match reports only where it ends).
fn write_lexicon(out: &std::path::Path) {
    println!("cargo::rerun-if-changed=src/sensitive/lexicon");
    for file in ["fold.rs", "entries.rs", "compile.rs"] {
        println!("cargo::rerun-if-changed=src/sensitive/special/{file}");
    }
    let mut sources = Vec::new();
    for language in entries::LANGUAGES {
        let name = format!("{language}.toml");
        match std::fs::read_to_string(format!("src/sensitive/lexicon/{name}")) {
            Ok(text) => sources.push((name, text)),
            Err(e) => fail(&format!("cannot read src/sensitive/lexicon/{name}: {e}")),
        }
    }
    let sources: Vec<(&str, &str)> = sources
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let terms = match entries::terms(&sources) {
        Ok(terms) => terms,
        Err(e) => fail(&format!("src/sensitive/lexicon/{e}")),
    };
    let folded: Vec<&str> = terms.iter().map(|t| t.folded.as_str()).collect();
    let nfa = match compile::nfa(&folded) {
        Ok(nfa) => nfa,
        Err(e) => fail(&format!("the special-category lexicons' NFA: {e}")),
    };
    // A dense DFA (a table look-up per byte) that the search starts anywhere.
    let dfa = match dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(compile::MATCH_KIND)
                .start_kind(StartKind::Unanchored),
        )
        .build_from_nfa(&nfa)
    {
        Ok(dfa) => dfa,
        Err(e) => fail(&format!("the special-category lexicons' DFA: {e}")),
    };
    // The byte order of the target, which need not be the build machine's.
    let (bytes, padding) = match std::env::var("CARGO_CFG_TARGET_ENDIAN").as_deref() {
        Ok("little") => dfa.to_bytes_little_endian(),
        Ok("big") => dfa.to_bytes_big_endian(),
        other => fail(&format!("unknown target byte order {other:?}")),
    };
    let Some(bytes) = bytes.get(padding..) else {
        fail("the serialised DFA is shorter than its padding");
    };
    if let Err(e) = std::fs::write(out.join("lexicon.dfa"), bytes) {
        fail(&format!("cannot write lexicon.dfa: {e}"));
    }
    let mut code = format!(
        "// Written by build.rs from src/sensitive/lexicon/*.toml.\n\
         static PATTERNS: [Pattern; {}] = [\n",
        terms.len()
    );
    for term in &terms {
        let _ = writeln!(
            code,
            "    Pattern {{ category: Special::{}, prefix: {}, len: {} }},",
            term.category.1,
            term.prefix,
            term.folded.len()
        );
    }
    code.push_str("];\n");
    if let Err(e) = std::fs::write(out.join("lexicon.rs"), code) {
        fail(&format!("cannot write lexicon.rs: {e}"));
    }
}

/// Keys of `policy.toml` whose strings (or arrays of strings) the loader reads as plain
/// `String`s, without a span.
const PLAIN: &[&str] = &[
    "captured",
    "command",
    "default",
    "description",
    "label",
    "note",
    "path",
    "quote",
    "quote_normalisation",
    "reference",
    "repo",
    "resolution",
    "section",
    "steps",
    "summary",
    "text",
    "title",
    "url",
];

/// `src/policy.toml` as JSON with the loader's spans (see the module comment).
fn write_policy(out: &std::path::Path) {
    let text = match std::fs::read_to_string("src/policy.toml") {
        Ok(text) => text,
        Err(e) => fail(&format!("cannot read src/policy.toml: {e}")),
    };
    let root = match toml::de::DeTable::parse(&text) {
        Ok(root) => root,
        Err(e) => fail(&format!("src/policy.toml: {e}")),
    };
    let json = table(root.get_ref());
    if let Err(e) = std::fs::write(out.join("policy.json"), json.to_string()) {
        fail(&format!("cannot write policy.json: {e}"));
    }
}

fn table(table: &toml::de::DeTable<'_>) -> serde_json::Value {
    let map = table
        .iter()
        .map(|(key, value)| {
            let key = key.get_ref();
            (key.to_string(), node(value, PLAIN.contains(&key.as_ref())))
        })
        .collect();
    serde_json::Value::Object(map)
}

/// One value; `plain`: a string under a [`PLAIN`] key, or an array of them.
fn node(value: &toml::Spanned<toml::de::DeValue<'_>>, plain: bool) -> serde_json::Value {
    use serde_json::Value;
    use toml::de::DeValue;
    let inner = match value.get_ref() {
        DeValue::String(s) if plain => return Value::from(s.as_ref()),
        DeValue::String(s) => Value::from(s.as_ref()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::from(n),
            Err(e) => fail(&format!("src/policy.toml: integer {i}: {e}")),
        },
        DeValue::Float(f) => fail(&format!("src/policy.toml: unexpected float {f}")),
        DeValue::Boolean(b) => return Value::from(*b),
        // The shape toml's own `Datetime` deserialises from.
        DeValue::Datetime(d) => serde_json::json!({ "$__toml_private_datetime": d.to_string() }),
        DeValue::Array(items) => {
            return Value::Array(items.iter().map(|item| node(item, plain)).collect());
        }
        DeValue::Table(t) => table(t),
    };
    let span = value.span();
    serde_json::json!({
        "$__serde_spanned_private_start": span.start,
        "$__serde_spanned_private_end": span.end,
        "$__serde_spanned_private_value": inner,
    })
}

fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    std::process::exit(1)
}
