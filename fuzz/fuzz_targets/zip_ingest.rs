//! Any bytes given as an export ZIP: opening, listing, reading every entry and building the
//! report must end in a report or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lidex::analysis::{self, Config};
use lidex::archive::Limits;
use lidex::catalog::Catalog;
use lidex::policy::Policy;
use lidex::exposure;
use lidex::report;
use std::sync::LazyLock;

static POLICY: LazyLock<Policy> = LazyLock::new(Policy::builtin);

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("lidex-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("Complete_LinkedInDataExport_01-01-2026.zip");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let config = Config {
        inputs: vec![path],
        threads: Some(1),
        limits: Limits {
            max_total_bytes: 64 << 20,
            max_entry_bytes: 16 << 20,
            max_field_bytes: 4096,
            ..Limits::default()
        },
        pipe_min_bytes: None,
        pipe_eagerly: false,
        collect: None,
    };
    if let Ok(analysis) = analysis::analyze(&config, Catalog::builtin(), &|_| {}) {
        let options = exposure::Options {
            region: None,
            as_of: jiff::civil::date(2026, 1, 1),
            opted_out_on: None,
        };
        let _ = report::build(&analysis, &POLICY, options);
    }
});
