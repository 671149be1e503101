//! Helpers shared by the integration tests: building exports in memory, running lidex.

#![allow(dead_code)]

use assert_cmd::Command;
use lidex::analysis::{self, Analysis, Config};
use lidex::catalog::Catalog;
use lidex::exposure;
use lidex::policy::{Jurisdiction, Policy};
use lidex::report::{self, Report};
use std::path::{Path, PathBuf};

/// The date every test evaluates the policy on, so snapshots do not move with the clock.
pub const AS_OF: &str = "2026-11-23";

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled sample ZIP, relative to the root (tests run there), so reports show a stable path.
pub fn sample_zip() -> PathBuf {
    PathBuf::from("fixtures/Complete_LinkedInDataExport_04-20-2026.zip")
}

/// The bundled sample as a folder.
pub fn sample_dir() -> PathBuf {
    PathBuf::from("fixtures/sample")
}

/// The `lidex` binary with an environment that cannot change its output.
pub fn lidex() -> Command {
    let mut cmd = Command::cargo_bin("lidex").expect("the lidex binary is built");
    cmd.current_dir(root());
    for var in [
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "TERM",
        "RUST_BACKTRACE",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Files for an export, as (path inside the archive, bytes).
#[derive(Default, Clone)]
pub struct Files(pub Vec<(String, Vec<u8>)>);

impl Files {
    pub fn new() -> Files {
        Files::default()
    }

    pub fn text(mut self, name: &str, text: &str) -> Files {
        self.0.push((name.to_string(), text.as_bytes().to_vec()));
        self
    }

    pub fn bytes(mut self, name: &str, bytes: &[u8]) -> Files {
        self.0.push((name.to_string(), bytes.to_vec()));
        self
    }

    /// Writes them as a LinkedIn-style ZIP named `name` in `dir`.
    pub fn zip(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        let bytes = crate::synth::zip_files(&self.0).expect("zip builds");
        std::fs::write(&path, bytes).expect("zip written");
        path
    }

    /// Writes them as a ZIP whose entries are dated `day` (year, month, day).
    pub fn zip_on(&self, dir: &Path, name: &str, day: (u16, u8, u8)) -> PathBuf {
        let path = dir.join(name);
        let bytes = crate::synth::zip_files_on(&self.0, day).expect("zip builds");
        std::fs::write(&path, bytes).expect("zip written");
        path
    }

    /// Writes them as an extracted folder named `name` in `dir`.
    pub fn folder(&self, dir: &Path, name: &str) -> PathBuf {
        let root = dir.join(name);
        for (rel, bytes) in &self.0 {
            let path = root.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("folder created");
            }
            std::fs::write(path, bytes).expect("file written");
        }
        root
    }
}

pub fn as_of() -> jiff::civil::Date {
    AS_OF.parse().expect("valid date")
}

/// Scans with the library, as `lidex scan` does (posts list and sensitive scan included).
pub fn analyze(paths: &[PathBuf], threads: Option<usize>) -> Analysis<'static> {
    let config = Config {
        inputs: paths.to_vec(),
        threads,
        collect: Some(lidex::posts::Plan::new(
            lidex::posts::Selection::default_on(as_of()),
            lidex::posts::detector(None),
        )),
        ..Default::default()
    };
    analysis::analyze(&config, Catalog::builtin(), &|_| {}).expect("scan succeeds")
}

/// Scans and builds the report for a region (or all).
pub fn report(paths: &[PathBuf], region: Option<Jurisdiction>) -> Report {
    let analysis = analyze(paths, None);
    let options = exposure::Options {
        region,
        as_of: as_of(),
        opted_out_on: None,
    };
    report::build(&analysis, &Policy::builtin(), options)
}

/// The JSON report as a value, validated against docs/report.schema.json.
pub fn report_json(paths: &[PathBuf], region: Option<Jurisdiction>) -> serde_json::Value {
    let value = serde_json::to_value(report(paths, region)).expect("report serialises");
    crate::schema::assert_valid_report(&value);
    value
}

/// The file entry for `path` in a JSON report.
pub fn file<'a>(report: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    report["files"]
        .as_array()
        .and_then(|files| files.iter().find(|f| f["path"] == path))
        .unwrap_or_else(|| panic!("{path} is in the report"))
}

/// Problem kinds of a file entry, or of the whole report.
pub fn problem_kinds(file: &serde_json::Value) -> Vec<String> {
    file["problems"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p["kind"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
