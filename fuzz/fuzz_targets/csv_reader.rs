//! Any bytes, read as any known file's format (the first byte picks which), must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lidex::archive::Limits;
use lidex::catalog::Catalog;
use lidex::classify::scan_reader;

fuzz_target!(|data: &[u8]| {
    let catalog = Catalog::builtin();
    let files = catalog.files();
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let spec = files.get(usize::from(pick) % (files.len() + 1));
    let name = spec
        .and_then(|s| s.names.first().cloned())
        .unwrap_or_else(|| "Unknown.csv".to_string());
    // A small field limit so long-field paths are reached with short inputs.
    let limits = Limits {
        max_field_bytes: 64,
        ..Limits::default()
    };
    let mut rdr = rest;
    let _ = scan_reader(&mut rdr, &name, spec, &limits);
});
