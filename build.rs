//! Turns `src/catalog.toml` into JSON at build time.
//!
//! The catalog is read on every run before any entry can be classified, and parsing its
//! TOML was most of the start-up cost of a scan (7M instructions, about 2.5 ms); the same
//! data as JSON parses in a fifth of that. The TOML stays the source that people edit and
//! that `Catalog::from_toml` reads in tests; `catalog::tests` checks both give the same
//! catalog.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=src/catalog.toml");
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
}

fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    std::process::exit(1)
}
