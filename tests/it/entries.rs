//! One fixture per catalog entry and header variant, one snapshot per entry.
//!
//! `fixtures/entries/<entry id>/<variant>/` holds the file(s) of one variant of one entry
//! at the path the export uses, written by `fixtures/entries/generate.py` from the
//! reference's headers and invented rows. Each variant folder is scanned alone, as
//! `lidex scan <folder>` does, and how every file in it is classified (entry, category,
//! column roles, records, dates) is snapshot as `entries__<entry id>`. A new catalog entry
//! therefore needs a fixture (`every_catalog_entry_has_a_fixture`) and a reviewed snapshot.

use crate::support::*;
use lidex::catalog::Catalog;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The fixtures' root, relative to the repository root (tests run there).
const ENTRIES: &str = "fixtures/entries";

/// One variant folder and the report of scanning it alone.
struct Scanned {
    variant: String,
    report: Value,
}

/// The folders under `dir`, sorted by name.
fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// A folder's own name.
fn name_of(dir: &Path) -> String {
    dir.file_name()
        .expect("a folder name")
        .to_string_lossy()
        .into_owned()
}

/// Every fixture folder scanned, by entry id (the folder's name), once for all tests.
fn scanned() -> &'static BTreeMap<String, Vec<Scanned>> {
    static SCANNED: OnceLock<BTreeMap<String, Vec<Scanned>>> = OnceLock::new();
    SCANNED.get_or_init(|| {
        subdirs(&root().join(ENTRIES))
            .into_iter()
            .map(|entry_dir| {
                let id = name_of(&entry_dir);
                let variants = subdirs(&entry_dir)
                    .into_iter()
                    .map(|dir| {
                        let variant = name_of(&dir);
                        let rel = PathBuf::from(ENTRIES).join(&id).join(&variant);
                        Scanned {
                            variant,
                            report: report_json(&[rel], None),
                        }
                    })
                    .collect();
                (id, variants)
            })
            .collect()
    })
}

fn files(report: &Value) -> &Vec<Value> {
    report["files"].as_array().expect("files")
}

/// `a..b`, or `-` without dates.
fn range(value: &Value) -> String {
    match (value["first"].as_str(), value["last"].as_str()) {
        (Some(first), Some(last)) => format!("{first}..{last}"),
        _ => "-".into(),
    }
}

fn or_dash(value: &Value) -> &str {
    value.as_str().unwrap_or("-")
}

/// One file of a report as a few stable lines: the classification, not the policy verdicts
/// (the policy's own tests and the report snapshots cover those).
fn describe(out: &mut String, file: &Value) {
    let category = or_dash(&file["category"]);
    let item = or_dash(&file["item"]);
    let format = &file["format"];
    let unknown = if file["known"] == true {
        ""
    } else {
        "  (unknown)"
    };
    writeln!(out, "{}", file["path"].as_str().expect("path")).unwrap();
    writeln!(
        out,
        "  entry {}  category {category}  item {item}{unknown}",
        or_dash(&file["kind"]),
    )
    .unwrap();
    writeln!(
        out,
        "  format {} {} preamble {}  rows {}  dates {}  text words {}",
        or_dash(&format["type"]),
        or_dash(&format["encoding"]),
        format["preamble_lines"],
        file["rows"],
        range(&file["date_range"]),
        file["text"]["words"],
    )
    .unwrap();
    for column in file["columns"].as_array().expect("columns") {
        let mut line = format!(
            "    {:<40} {:<10} non-empty {}",
            format!("{:?}", column["name"].as_str().expect("column name")),
            or_dash(&column["role"]),
            column["non_empty"],
        );
        if column["known"] != true {
            line.push_str("  (unknown)");
        }
        if column["category"].as_str() != Some(category) {
            write!(line, "  category {}", or_dash(&column["category"])).unwrap();
        }
        if column["item"].as_str().is_some_and(|i| i != item) {
            write!(line, "  item {}", or_dash(&column["item"])).unwrap();
        }
        if !column["date_range"].is_null() {
            write!(
                line,
                "  dates {} ({})",
                range(&column["date_range"]),
                or_dash(&column["date_role"])
            )
            .unwrap();
        }
        if !column["text"].is_null() {
            write!(line, "  words {}", column["text"]["words"]).unwrap();
        }
        writeln!(out, "{line}").unwrap();
    }
    for problem in file["problems"].as_array().expect("problems") {
        writeln!(
            out,
            "  problem {} {}: {}",
            or_dash(&problem["severity"]),
            or_dash(&problem["kind"]),
            or_dash(&problem["message"]),
        )
        .unwrap();
    }
}

#[test]
fn every_catalog_entry_has_a_fixture() {
    let scanned = scanned();
    let missing: Vec<&str> = Catalog::builtin()
        .files()
        .iter()
        .map(|spec| spec.id.as_str())
        .filter(|id| scanned.get(*id).is_none_or(Vec::is_empty))
        .collect();
    assert!(
        missing.is_empty(),
        "catalog entries without a fixture under {ENTRIES}/ (add them to generate.py): {missing:?}"
    );
}

#[test]
fn every_fixture_is_classified_as_the_entry_it_is_filed_under() {
    let mut wrong = Vec::new();
    for (id, variants) in scanned() {
        for scan in variants {
            let files = files(&scan.report);
            if files.is_empty() {
                wrong.push(format!("{id}/{}: no file found", scan.variant));
            }
            for file in files {
                if file["kind"].as_str() != Some(id.as_str()) {
                    wrong.push(format!(
                        "{id}/{}/{}: classified as {}",
                        scan.variant,
                        file["path"].as_str().unwrap_or("?"),
                        file["kind"]
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn each_entry_s_fixtures_are_classified_as_its_reviewed_snapshot_shows() {
    let catalog = Catalog::builtin();
    let mut failed = Vec::new();
    for (id, variants) in scanned() {
        let spec = catalog.files().iter().find(|s| &s.id == id);
        let mut text = match spec {
            Some(spec) => format!(
                "{id}: {} ({}, {:?})\n",
                spec.label,
                spec.category.id(),
                spec.presence
            ),
            None => format!("{id}: not in the catalog\n"),
        };
        for scan in variants {
            writeln!(text, "\n== {}", scan.variant).unwrap();
            for file in files(&scan.report) {
                describe(&mut text, file);
            }
        }
        // Every entry is checked, and all mismatches listed, before the test fails.
        let outcome = std::panic::catch_unwind(|| insta::assert_snapshot!(id.as_str(), text));
        if outcome.is_err() {
            failed.push(id.as_str());
        }
    }
    assert!(failed.is_empty(), "snapshots that differ: {failed:?}");
}
