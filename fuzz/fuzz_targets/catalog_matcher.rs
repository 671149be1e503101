//! Matching any path against the catalog, and folding any name, must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lidex::catalog::{Catalog, fold_key};

fuzz_target!(|path: &str| {
    let catalog = Catalog::builtin();
    if let Some(i) = catalog.lookup(path) {
        let spec = catalog.get(i).expect("lookup returns valid indexes");
        let _ = spec.column(path);
    }
    let _ = fold_key(path);
});
