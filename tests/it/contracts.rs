//! What scripts and shells rely on: a piped report is clean JSON with the notes on stderr;
//! `--help` teaches with examples and lists the README's exit codes; completion scripts and
//! man pages are produced by the binary. (The clap-level checks, which need the binary's
//! `Command`, are unit tests in src/cli/help.rs and src/cli/completions.rs.)

use crate::support::*;
use serde_json::Value;
use std::io::Write;
use std::process::Stdio;

/// An archive with a damaged entry, an unknown file and a nested archive.
fn archive_with_problems(dir: &std::path::Path) -> std::path::PathBuf {
    let files = Files::new()
        .text("Skills.csv", "Name\nRust\n")
        .text(
            "Languages.csv",
            &"Name,Proficiency\nEnglish,Native\n".repeat(200),
        )
        .text("Mystery.csv", "Contact\nada@example.com\n")
        .bytes("inner.zip", b"PK\x03\x04 not really");
    let mut bytes = crate::synth::zip_files(&files.0).expect("zip");
    let name = b"Languages.csv";
    let at = bytes
        .windows(30 + name.len())
        .position(|w| w.starts_with(b"PK\x03\x04") && w.ends_with(name))
        .expect("local header");
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
    let data = at + 30 + u16_at(at + 26) + u16_at(at + 28);
    for b in &mut bytes[data + 8..data + 24] {
        *b ^= 0x5A;
    }
    let path = dir.join("Complete_LinkedInDataExport_01-01-2026.zip");
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn piped_json_is_clean_even_when_the_archive_has_problems_and_the_notes_go_to_stderr() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = archive_with_problems(dir.path());
    let out = lidex()
        .arg("scan")
        .arg(&zip)
        .args(["--json", "-", "--as-of", AS_OF])
        .output()
        .expect("lidex runs");
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let kinds = problem_kinds(&report);
    assert!(kinds.contains(&"damaged_entry".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"nested_archive".to_string()), "{kinds:?}");
    assert_eq!(file(&report, "Mystery.csv")["known"], false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let counts = &report["summary"]["problems"];
    assert_eq!(
        stderr,
        format!(
            "lidex: {} errors, {} warnings, {} notes: see \"problems\" in the report\n",
            counts["error"], counts["warning"], counts["info"]
        )
    );
    // jq is not required; where it is installed, it reads the stream as it is.
    if let Ok(mut jq) = std::process::Command::new("jq")
        .arg(".summary.files")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        jq.stdin
            .take()
            .expect("stdin")
            .write_all(&out.stdout)
            .expect("jq reads");
        let jq = jq.wait_with_output().expect("jq runs");
        assert!(
            jq.status.success(),
            "{}",
            String::from_utf8_lossy(&jq.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&jq.stdout).trim(),
            report["summary"]["files"].to_string()
        );
    }
}

#[test]
fn a_clean_archive_piped_leaves_stderr_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = Files::new()
        .text("Skills.csv", "Name\nRust\n")
        .zip(dir.path(), "Complete_LinkedInDataExport_01-01-2026.zip");
    let out = lidex()
        .arg("scan")
        .arg(&zip)
        .args(["--json", "-", "--as-of", AS_OF])
        .output()
        .expect("lidex runs");
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    // What the archive lacks is reported in `missing`, not as a problem.
    assert_eq!(report["problems"], serde_json::json!([]));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_refused_input_piped_writes_nothing_to_stdout() {
    let out = lidex()
        .args(["scan", "no/such/export.zip", "--json", "-"])
        .output()
        .expect("lidex runs");
    assert_eq!(out.status.code(), Some(3));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("lidex: "));
}

/// The `Exit codes:` lines of a help text, rejoined where clap's text wraps them.
fn exit_codes_in_help(help: &str) -> Vec<(String, String)> {
    let mut codes: Vec<(String, String)> = Vec::new();
    let section = help
        .split("Exit codes:\n")
        .nth(1)
        .expect("an Exit codes section");
    for line in section.lines() {
        let trimmed = line.trim();
        match trimmed.split_once("  ") {
            Some((code, text)) if code.parse::<u8>().is_ok() => {
                codes.push((code.to_string(), text.trim().to_string()));
            }
            _ if line.starts_with("     ") => {
                if let Some(last) = codes.last_mut() {
                    last.1 = format!("{} {trimmed}", last.1);
                }
            }
            _ => break,
        }
    }
    codes
}

#[test]
fn long_help_has_examples_and_the_readme_s_exit_codes() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let table = readme
        .split("### Exit codes")
        .nth(1)
        .expect("README has an exit code table");
    // Only this section's table: `lidex diff` has its own codes further down.
    let table = table.split("\n#").next().unwrap_or_default();
    let from_readme: Vec<(String, String)> = table
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            match cells.as_slice() {
                ["", code, text, ""] if code.parse::<u8>().is_ok() => {
                    Some((code.to_string(), text.replace('`', "")))
                }
                _ => None,
            }
        })
        .collect();
    assert_eq!(from_readme.len(), 7, "{from_readme:?}");
    for args in [&["--help"][..], &["scan", "--help"]] {
        let out = lidex().args(args).output().expect("lidex runs");
        assert!(out.status.success());
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("\nExamples:\n"), "{args:?}: {help}");
        assert_eq!(exit_codes_in_help(&help), from_readme, "{args:?}");
    }
}

#[test]
fn every_command_s_long_help_has_examples_and_its_short_help_does_not() {
    for command in ["scan", "policy", "schema", "completions", "man"] {
        let long = lidex().args([command, "--help"]).output().expect("runs");
        let long = String::from_utf8_lossy(&long.stdout);
        assert!(long.contains("\nExamples:\n"), "{command}: {long}");
        assert!(
            long.contains(&format!("\n    lidex {command}")),
            "{command}: {long}"
        );
        let short = lidex().args([command, "-h"]).output().expect("runs");
        assert!(!String::from_utf8_lossy(&short.stdout).contains("Examples:"));
    }
}

#[test]
fn lidex_writes_completion_scripts_for_every_shell_and_man_pages() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = lidex().args(["completions", shell]).output().expect("runs");
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["lidex", "scan", "policy", "opted-out-on"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let bad = lidex()
        .args(["completions", "tcsh"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));

    let page = lidex().arg("man").output().expect("runs");
    assert!(page.status.success());
    let page = String::from_utf8_lossy(&page.stdout);
    assert!(page.contains(".TH lidex 1"), "{page}");
    assert!(page.contains("lidex\\-scan(1)"), "{page}");
    let scan = lidex().args(["man", "scan"]).output().expect("runs");
    assert!(scan.status.success());
    let scan = String::from_utf8_lossy(&scan.stdout);
    assert!(scan.contains(".TH lidex-scan 1"), "{scan}");
    assert!(scan.contains("\\-\\-opted\\-out\\-on"), "{scan}");
    let unknown = lidex().args(["man", "nope"]).output().expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("scan"));
}
