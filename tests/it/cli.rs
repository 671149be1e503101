//! The command line: the README's commands, errors with their exit codes, output files.

use crate::support::*;
use predicates::prelude::*;

#[test]
fn the_readme_scan_of_the_sample_works() {
    lidex()
        .args([
            "scan",
            "fixtures/Complete_LinkedInDataExport_04-20-2026.zip",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Posted content"))
        .stdout(predicate::str::contains(
            "Data for Generative AI Improvement",
        ));
}

#[test]
fn json_to_stdout_is_the_versioned_report_and_nothing_else() {
    let out = lidex()
        .args(["scan", "fixtures/sample", "--json", "-", "--as-of", AS_OF])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("stdout is JSON");
    assert_eq!(v["schema_version"], lidex::report::SCHEMA_VERSION);
    assert_eq!(v["inputs"][0]["kind"], "dir");
}

#[test]
fn colour_is_off_when_not_a_terminal_and_with_no_color() {
    lidex()
        .args(["scan", "fixtures/sample"])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
    lidex()
        .args(["scan", "fixtures/sample", "--color", "always"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[1m"));
}

#[test]
fn a_missing_input_is_a_one_line_error_with_exit_code_3() {
    lidex()
        .args(["scan", "no/such/export.zip"])
        .assert()
        .code(3)
        .stderr(predicate::str::starts_with(
            "lidex: no/such/export.zip: cannot read",
        ))
        .stderr(predicate::str::is_match("^[^\n]*\n$").expect("regex"));
}

#[test]
fn a_file_that_is_not_a_zip_is_refused_with_exit_code_3() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = dir
        .path()
        .join("Complete_LinkedInDataExport_01-01-2026.zip");
    std::fs::write(&fake, "%PDF-1.4 not a zip").expect("write");
    lidex()
        .arg("scan")
        .arg(&fake)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("not a ZIP archive or folder"))
        .stderr(predicate::str::contains("PDF"));
}

#[test]
fn a_zip_without_linkedin_files_is_refused_with_exit_code_3() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = Files::new()
        .text("holiday/notes.txt", "sunny")
        .bytes("holiday/beach.jpg", b"\xFF\xD8\xFF\xE0")
        .zip(dir.path(), "photos.zip");
    lidex()
        .arg("scan")
        .arg(&zip)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no LinkedIn export files found"));
}

#[test]
fn an_existing_report_is_not_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("report.json");
    std::fs::write(&out, "keep me").expect("write");
    lidex()
        .args(["scan", "fixtures/sample", "--json"])
        .arg(&out)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("already exists (use --force"));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep me");
    lidex()
        .args(["scan", "fixtures/sample", "--force", "--json"])
        .arg(&out)
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("read")).expect("JSON");
    assert_eq!(v["schema_version"], lidex::report::SCHEMA_VERSION);
}

#[test]
fn a_report_is_never_written_inside_an_input_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let export = Files::new()
        .text("Skills.csv", "Name\nRust\n")
        .folder(dir.path(), "export");
    lidex()
        .arg("scan")
        .arg(&export)
        .arg("--json")
        .arg(export.join("report.json"))
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "refusing to write inside an input",
        ));
    assert!(!export.join("report.json").exists());
}

#[test]
fn an_unknown_region_is_a_usage_error() {
    lidex()
        .args(["scan", "fixtures/sample", "--region", "mars"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown region 'mars'"));
}

#[test]
fn the_schema_command_prints_the_committed_schema() {
    let committed =
        std::fs::read_to_string(root().join("docs/report.schema.json")).unwrap_or_default();
    lidex()
        .arg("schema")
        .assert()
        .success()
        .stdout(predicate::eq(committed));
}
