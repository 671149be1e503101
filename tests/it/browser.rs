//! The HTML report in a real browser: tests/browser/check.mjs drives Debian's Chromium
//! through playwright-core over the hostile fixture's report and the sample's (see that
//! script for the checks). CI installs both (`.ci/run`); elsewhere, without them, this test
//! says how to get them and passes, unless `CI` is set, where it fails.

use crate::html::hostile_files;
use crate::support::*;
use std::path::Path;

const CHROMIUM: &str = "/usr/bin/chromium";

fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push(format!("{CHROMIUM} (apt-get install chromium)"));
    }
    if !root()
        .join("tests/browser/node_modules/playwright-core")
        .exists()
        || !root().join("tests/browser/node_modules/axe-core").exists()
    {
        missing.push("tests/browser/node_modules (cd tests/browser && npm ci)".to_string());
    }
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        missing.push("node (apt-get install nodejs)".to_string());
    }
    missing
}

#[test]
fn the_html_report_is_inert_offline_and_accessible_in_chromium() {
    let missing = missing_tools();
    if !missing.is_empty() {
        let what = missing.join(", ");
        if std::env::var_os("CI").is_some() {
            panic!("the browser test needs {what}");
        }
        eprintln!(
            "SKIPPED the_html_report_is_inert_offline_and_accessible_in_chromium: missing {what}"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = hostile_files().zip(dir.path(), "Complete_LinkedInDataExport_01-01-2026.zip");
    let hostile = dir.path().join("hostile.html");
    let sample = dir.path().join("sample.html");
    lidex()
        .arg("scan")
        .arg(&zip)
        .args(["--as-of", AS_OF, "--quiet", "--html"])
        .arg(&hostile)
        .assert()
        .success();
    lidex()
        .arg("scan")
        .arg(sample_zip())
        .args(["--region", "uk", "--as-of", AS_OF, "--quiet", "--html"])
        .arg(&sample)
        .assert()
        .success();
    // Kept under target/ so a developer can look at it (docs/report.png is a copy).
    let shots = root().join("target/lidex-browser");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let shot = shots.join("sample-report.png");
    let _ = std::fs::remove_file(&shot);
    let out = std::process::Command::new("node")
        .arg(root().join("tests/browser/check.mjs"))
        .arg("--hostile")
        .arg(&hostile)
        .arg("--sample")
        .arg(&sample)
        .arg("--screenshot")
        .arg(&shot)
        .output()
        .expect("node runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "browser checks failed:\n{log}");
    assert!(log.contains("all browser checks passed"), "{log}");
    let png = std::fs::read(&shot).expect("a screenshot was taken");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
}
