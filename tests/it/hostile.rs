//! The hostile corpus: broken, malicious and odd archives, generated here (never committed as
//! blobs). Every case has the outcome documented in docs/hostile-inputs.md: a clear error with
//! its exit code, or a report with the problem listed and everything else intact.

use crate::support::*;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const SKILLS: &str = "Name\nRust\nCompilers\n";
const REACTIONS: &str =
    "Date,Type,Link\n2023-03-02 09:00:00,LIKE,https://www.linkedin.com/feed/update/1\n";

fn good_files() -> Files {
    Files::new()
        .text("Skills.csv", SKILLS)
        .text("Reactions.csv", REACTIONS)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn zip_bytes(files: &Files) -> Vec<u8> {
    crate::synth::zip_files(&files.0).expect("zip")
}

/// Runs `lidex scan` and returns the exit code, the parsed JSON report (if any) and stderr.
fn scan_cli(path: &Path, extra: &[&str]) -> (Option<i32>, Option<Value>, String) {
    let out = lidex()
        .arg("scan")
        .arg(path)
        .args(["--json", "-", "--as-of", AS_OF])
        .args(extra)
        .output()
        .expect("lidex runs");
    let json = serde_json::from_slice(&out.stdout).ok();
    if let Some(report) = &json {
        crate::schema::assert_valid_report(report);
    }
    (
        out.status.code(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Scans archive bytes that must still give a report (exit 0) with the good files intact.
fn report_of(bytes: &[u8], extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        dir.path(),
        "Complete_LinkedInDataExport_01-01-2026.zip",
        bytes,
    );
    let (code, report, stderr) = scan_cli(&path, extra);
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.expect("a report");
    assert_rest_intact(&report);
    report
}

/// Scans archive bytes that must be refused; returns the exit code and stderr.
fn refusal_of(bytes: &[u8]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        dir.path(),
        "Complete_LinkedInDataExport_01-01-2026.zip",
        bytes,
    );
    let (code, _, stderr) = scan_cli(&path, &[]);
    (code, stderr)
}

/// Both good files are still fully reported.
fn assert_rest_intact(report: &Value) {
    assert_eq!(
        file(report, "Skills.csv")["rows"],
        2,
        "the other files are intact"
    );
    assert_eq!(
        file(report, "Reactions.csv")["rows"],
        1,
        "the other files are intact"
    );
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn u16_at(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
}

/// Offset of the local header of the entry named `name`.
fn local_header(bytes: &[u8], name: &str) -> usize {
    let mut from = 0;
    while let Some(p) = find(&bytes[from..], b"PK\x03\x04") {
        let at = from + p;
        let n = u16_at(bytes, at + 26);
        if &bytes[at + 30..at + 30 + n] == name.as_bytes() {
            return at;
        }
        from = at + 4;
    }
    panic!("no local header for {name}");
}

/// Replaces every occurrence of a name (same length) in local and central headers.
fn rename(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let mut start = 0;
    while let Some(p) = find(&bytes[start..], from) {
        let at = start + p;
        bytes[at..at + to.len()].copy_from_slice(to);
        start = at + to.len();
    }
}

/// The end-of-central-directory record: (offset, entries, cd size, cd offset).
fn eocd(bytes: &[u8]) -> (usize, usize, usize, usize) {
    let at = bytes.len() - 22;
    assert_eq!(&bytes[at..at + 4], b"PK\x05\x06", "no archive comment");
    (
        at,
        u16_at(bytes, at + 10),
        u32_at(bytes, at + 12),
        u32_at(bytes, at + 16),
    )
}

#[test]
fn a_truncated_zip_is_a_clear_error() {
    let bytes = zip_bytes(&good_files());
    let (code, stderr) = refusal_of(&bytes[..bytes.len() / 2]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("damaged ZIP archive"), "{stderr}");
}

#[test]
fn a_bad_central_directory_is_a_clear_error() {
    let mut bytes = zip_bytes(&good_files());
    let (_, _, _, cd) = eocd(&bytes);
    bytes[cd] = b'X';
    let (code, stderr) = refusal_of(&bytes);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("damaged ZIP archive"), "{stderr}");
}

#[test]
fn a_corrupt_entry_is_a_problem_and_the_rest_is_reported() {
    let files = good_files().text(
        "Languages.csv",
        &"Name,Proficiency\nEnglish,Native\n".repeat(200),
    );
    let mut bytes = zip_bytes(&files);
    let at = local_header(&bytes, "Languages.csv");
    let data = at + 30 + u16_at(&bytes, at + 26) + u16_at(&bytes, at + 28);
    for b in &mut bytes[data + 8..data + 24] {
        *b ^= 0x5A;
    }
    let report = report_of(&bytes, &[]);
    let lang = file(&report, "Languages.csv");
    assert!(
        problem_kinds(lang).contains(&"damaged_entry".to_string()),
        "{lang}"
    );
}

#[test]
fn a_high_ratio_entry_stops_at_the_ratio_limit() {
    let zeros = vec![b'0'; 8 << 20];
    let mut bomb = b"Name\n".to_vec();
    bomb.extend_from_slice(&zeros);
    let files = good_files().bytes("Skills_2.csv", &bomb);
    let report = report_of(&zip_bytes(&files), &["--max-ratio", "50"]);
    let bomb = file(&report, "Skills_2.csv");
    let problems = bomb["problems"].to_string();
    assert!(
        problem_kinds(bomb).contains(&"limit_exceeded".to_string()),
        "{problems}"
    );
    assert!(
        problems.contains("--max-ratio"),
        "the message says how to raise the limit"
    );
}

#[test]
fn an_archive_declaring_more_than_the_total_limit_is_refused_with_exit_code_4() {
    let (code, _, stderr) = scan_cli(&sample_zip(), &["--max-total-bytes", "1000"]);
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("--max-total-bytes"), "{stderr}");
}

#[test]
fn an_archive_exactly_at_the_total_limit_is_read_whole() {
    // The profile is read once ahead of the scan for the member's country; that look must
    // not count toward the limit, or the scan's own read of it runs past.
    let total: u64 = {
        let file = std::fs::File::open(sample_zip()).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().size())
            .sum()
    };
    let (code, report, stderr) =
        scan_cli(&sample_zip(), &["--max-total-bytes", &total.to_string()]);
    let report = report.expect("a report");
    assert!(!report.to_string().contains("limit_exceeded"), "{stderr}");
    assert_ne!(code, Some(4), "{stderr}");
    let (_, over, _) = scan_cli(
        &sample_zip(),
        &["--max-total-bytes", &(total - 1).to_string()],
    );
    assert!(
        over.is_none_or(|r| r.to_string().contains("limit_exceeded")),
        "one byte less is over the limit"
    );
}

#[test]
fn too_many_entries_are_refused_with_exit_code_4() {
    let (code, _, stderr) = scan_cli(&sample_zip(), &["--max-entries", "10"]);
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("--max-entries"), "{stderr}");
}

#[test]
fn an_oversized_entry_stops_at_the_entry_limit_and_the_rest_is_reported() {
    let big = format!("Name\n{}", "Rust\n".repeat(100_000));
    let files = good_files().text("Skills_3.csv", &big);
    let report = report_of(&zip_bytes(&files), &["--max-entry-bytes", "100000"]);
    let big = file(&report, "Skills_3.csv");
    assert!(
        problem_kinds(big).contains(&"limit_exceeded".to_string()),
        "{big}"
    );
    assert!(
        big["rows"].as_u64().unwrap_or(0) > 0,
        "the part read is still counted"
    );
}

#[test]
fn a_nested_zip_is_listed_but_not_opened() {
    let inner = zip_bytes(&good_files());
    let files = good_files().bytes("Another_Export.zip", &inner);
    let report = report_of(&zip_bytes(&files), &[]);
    let nested = file(&report, "Another_Export.zip");
    assert_eq!(nested["format"]["type"], "archive");
    assert!(problem_kinds(nested).contains(&"nested_archive".to_string()));
}

#[test]
fn overlapping_entries_are_each_bounded_and_reported() {
    // A second central-directory record pointing at the first entry's data: the trick of
    // non-recursive zip bombs. Each reference is read on its own, under the limits.
    let mut bytes = zip_bytes(&good_files());
    let (end, entries, size, cd) = eocd(&bytes);
    let first_len =
        46 + u16_at(&bytes, cd + 28) + u16_at(&bytes, cd + 30) + u16_at(&bytes, cd + 32);
    let mut copy = bytes[cd..cd + first_len].to_vec();
    let name_len = u16_at(&copy, 28);
    // Still a `.csv`, so it is read (other entries are listed, not read).
    let new_name = format!("{:X<width$}.csv", "Dup", width = name_len - 4);
    copy[46..46 + name_len].copy_from_slice(new_name.as_bytes());
    let insert_at = cd + size;
    assert_eq!(insert_at, end);
    bytes.splice(insert_at..insert_at, copy.iter().copied());
    let eocd_at = end + copy.len();
    let count = u16::try_from(entries + 1)
        .expect("few entries")
        .to_le_bytes();
    bytes[eocd_at + 8..eocd_at + 10].copy_from_slice(&count);
    bytes[eocd_at + 10..eocd_at + 12].copy_from_slice(&count);
    let new_size = u32::try_from(size + copy.len())
        .expect("small")
        .to_le_bytes();
    bytes[eocd_at + 12..eocd_at + 16].copy_from_slice(&new_size);
    let report = report_of(&bytes, &[]);
    assert!(
        report["files"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["path"] == new_name.as_str())),
        "the overlapping entry is listed"
    );
    assert!(
        problem_kinds(&report).contains(&"inconsistent_archive".to_string()),
        "{}",
        report["problems"]
    );
}

#[test]
fn a_zip64_archive_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut builder = crate::synth::ZipBuilder::new(std::io::Cursor::new(Vec::new()));
    builder.start_large("Skills.csv").expect("start");
    std::io::Write::write_all(builder.writer(), SKILLS.as_bytes()).expect("write");
    builder.start_large("Reactions.csv").expect("start");
    std::io::Write::write_all(builder.writer(), REACTIONS.as_bytes()).expect("write");
    let bytes = builder.finish().expect("finish").into_inner();
    assert!(
        find(&bytes, b"PK\x06\x06").is_some() || find(&bytes, &[0x01, 0x00, 0x10, 0x00]).is_some(),
        "ZIP64 records present"
    );
    let path = write(
        dir.path(),
        "Complete_LinkedInDataExport_01-01-2026.zip",
        &bytes,
    );
    let (code, report, stderr) = scan_cli(&path, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_rest_intact(&report.expect("a report"));
}

#[test]
fn encrypted_entries_are_listed_as_unreadable() {
    let mut bytes =
        zip_bytes(&good_files().text("Languages.csv", "Name,Proficiency\nEnglish,Native\n"));
    // Set the "encrypted" flag bit of Languages.csv in its local and central headers.
    let local = local_header(&bytes, "Languages.csv");
    bytes[local + 6] |= 1;
    let (_, _, _, cd) = eocd(&bytes);
    let mut at = cd;
    while &bytes[at..at + 4] == b"PK\x01\x02" {
        let n = u16_at(&bytes, at + 28);
        if &bytes[at + 46..at + 46 + n] == b"Languages.csv" {
            bytes[at + 8] |= 1;
        }
        at += 46 + n + u16_at(&bytes, at + 30) + u16_at(&bytes, at + 32);
    }
    let report = report_of(&bytes, &[]);
    let lang = file(&report, "Languages.csv");
    assert!(
        problem_kinds(lang).contains(&"encrypted_entry".to_string()),
        "{lang}"
    );
}

#[test]
fn dangerous_names_are_made_safe_and_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dangerous: [&[u8]; 4] = [
        b"../../evil1.csv",
        b"/etc/evil2.csv",
        b"ev\0il3.csv",
        b"\xff\xfevil4.csv",
    ];
    let placeholders: Vec<String> = dangerous
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{}{:.>width$}", i, ".csv", width = d.len() - 1))
        .collect();
    let mut files = good_files();
    for p in &placeholders {
        files = files.text(p, "Name\nx\n");
    }
    let mut bytes = zip_bytes(&files);
    for (p, d) in placeholders.iter().zip(dangerous) {
        rename(&mut bytes, p.as_bytes(), d);
    }
    let path = write(
        dir.path(),
        "Complete_LinkedInDataExport_01-01-2026.zip",
        &bytes,
    );
    let before: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    let (code, report, stderr) = scan_cli(&path, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.expect("a report");
    assert_rest_intact(&report);
    let unsafe_names = problem_kinds(&report)
        .iter()
        .filter(|k| *k == "unsafe_name")
        .count();
    assert_eq!(unsafe_names, 4, "{}", report["problems"]);
    for f in report["files"].as_array().expect("files") {
        let p = f["path"].as_str().unwrap_or_default();
        assert!(
            !p.starts_with('/') && !p.contains("..") && !p.contains('\0'),
            "{p}"
        );
    }
    let after: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(
        before.len(),
        after.len(),
        "nothing was written next to the input"
    );
    assert!(!Path::new("/etc/evil2.csv").exists());
}

#[test]
fn duplicate_names_are_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = good_files()
        .text("Languages.csv", "Name,Proficiency\nEnglish,Native\n")
        .text("Languagez.csv", "Name,Proficiency\nGerman,Native\n");
    let mut bytes = zip_bytes(&files);
    rename(&mut bytes, b"Languagez.csv", b"Languages.csv");
    let path = write(
        dir.path(),
        "Complete_LinkedInDataExport_01-01-2026.zip",
        &bytes,
    );
    let (code, report, stderr) = scan_cli(&path, &[]);
    // The ZIP reader keeps one entry per name; the report says others were not read. (Were
    // it to refuse the archive outright, that is a clear error too, never a crash.)
    match code {
        Some(0) => {
            let report = report.expect("a report");
            assert_rest_intact(&report);
            assert!(
                problem_kinds(&report).contains(&"duplicate_name".to_string()),
                "{}",
                report["problems"]
            );
        }
        Some(3) => assert!(stderr.contains("damaged ZIP archive"), "{stderr}"),
        other => panic!("unexpected exit {other:?}: {stderr}"),
    }
}

#[test]
fn symlink_entries_are_not_followed() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("Skills.csv", options).expect("start");
    std::io::Write::write_all(&mut zip, SKILLS.as_bytes()).expect("write");
    zip.start_file("Reactions.csv", options).expect("start");
    std::io::Write::write_all(&mut zip, REACTIONS.as_bytes()).expect("write");
    zip.add_symlink("Connections.csv", "/etc/passwd", options)
        .expect("symlink");
    let bytes = zip.finish().expect("finish").into_inner();
    let report = report_of(&bytes, &[]);
    let link = file(&report, "Connections.csv");
    assert!(
        problem_kinds(link).contains(&"symlink".to_string()),
        "{link}"
    );
    assert_eq!(link["rows"], 0);
}

#[test]
fn an_empty_archive_is_a_clear_error() {
    let empty = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()))
        .finish()
        .expect("finish")
        .into_inner();
    let (code, stderr) = refusal_of(&empty);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("holds no files"), "{stderr}");
}

#[test]
fn an_empty_file_named_zip_is_a_clear_error() {
    let (code, stderr) = refusal_of(b"");
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("the file is empty"), "{stderr}");
}

#[test]
fn empty_and_header_only_csvs_are_notes_not_errors() {
    let files = good_files()
        .text("Languages.csv", "")
        .text("guide_messages.csv", "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n");
    let report = report_of(&zip_bytes(&files), &[]);
    for name in ["Languages.csv", "guide_messages.csv"] {
        let f = file(&report, name);
        assert_eq!(f["rows"], 0);
        assert!(problem_kinds(f).contains(&"empty_file".to_string()), "{f}");
    }
}

#[test]
fn an_unbalanced_quote_swallows_the_rest_of_its_file_only() {
    let files = good_files().text(
        "Languages.csv",
        "Name,Proficiency\n\"English,Native\nGerman,Basic\nFrench,Basic\n",
    );
    let report = report_of(&zip_bytes(&files), &[]);
    let f = file(&report, "Languages.csv");
    assert_eq!(f["rows"], 1, "the open quote runs to the end of the file");
    assert!(
        problem_kinds(f).contains(&"malformed_csv".to_string()),
        "{f}"
    );
}

#[test]
fn a_100_mb_field_is_counted_but_only_its_start_kept() {
    let mut text = b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2025-07-01 14:33:22,https://www.linkedin.com/feed/update/1,\"".to_vec();
    let word = b"lorem ipsum dolor sit amet ";
    while text.len() < 100 << 20 {
        text.extend_from_slice(word);
    }
    text.extend_from_slice(b"\",\"\",\"\",MEMBER_NETWORK\n");
    let files = good_files().bytes("Shares.csv", &text);
    let report = report_of(&zip_bytes(&files), &["--max-field-bytes", "1048576"]);
    let f = file(&report, "Shares.csv");
    assert_eq!(f["rows"], 1);
    assert!(
        problem_kinds(f).contains(&"limit_exceeded".to_string()),
        "{f}"
    );
    let words = f["text"]["words"].as_u64().unwrap_or(0);
    assert!(
        words > 19_000_000,
        "the whole field was counted: {words} words"
    );
}

#[test]
fn a_10k_column_row_is_read() {
    let header: Vec<String> = (0..10_000).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let files = good_files().text("Wide.csv", &text);
    let report = report_of(&zip_bytes(&files), &[]);
    let wide = file(&report, "Wide.csv");
    assert_eq!(wide["columns"].as_array().map(Vec::len), Some(10_000));
    assert_eq!(wide["rows"], 1);
}

#[test]
fn binary_garbage_and_mixed_encodings_are_reported_not_fatal() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let files = good_files().bytes("Registration.csv", &garbage).bytes(
        "Languages.csv",
        b"Name,Proficiency\nFran\xe7ais,Native\nDeutsch,Basic\n",
    );
    let report = report_of(&zip_bytes(&files), &[]);
    let reg = file(&report, "Registration.csv");
    assert!(!problem_kinds(reg).is_empty(), "garbage is reported: {reg}");
    let lang = file(&report, "Languages.csv");
    assert_eq!(lang["rows"], 2);
    assert!(problem_kinds(lang).contains(&"invalid_utf8".to_string()));
}

#[test]
fn dates_far_out_of_range_are_left_out_of_the_time_span() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = good_files().text(
        "Votes.csv",
        "Date,Link,OptionText\n9999-12-31 23:59:59,https://www.linkedin.com/feed/update/1,Yes\n0001-01-01 00:00:00,https://www.linkedin.com/feed/update/2,No\n2024-05-05 10:00:00,https://www.linkedin.com/feed/update/3,Maybe\n",
    );
    let path = files.zip(dir.path(), "Complete_LinkedInDataExport_01-01-2026.zip");
    let (code, report, _) = scan_cli(&path, &[]);
    assert_eq!(code, Some(0));
    let report = report.expect("a report");
    let votes = file(&report, "Votes.csv");
    assert_eq!(votes["rows"], 3);
    assert_eq!(votes["date_range"]["first"], "2024-05-05");
    assert_eq!(votes["date_range"]["last"], "2024-05-05");
    assert!(problem_kinds(votes).contains(&"out_of_range_dates".to_string()));
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = good_files().text(
        "\x1b[2J<script>alert(1)</script>.csv",
        "Name\n\x1b]0;pwned\x07<img src=x onerror=alert(1)>\n",
    );
    let path = files.zip(dir.path(), "Complete_LinkedInDataExport_01-01-2026.zip");
    lidex()
        .arg("scan")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[2J").not())
        .stdout(predicate::str::contains("\x07").not());
}

#[test]
fn lidex_opens_no_socket() {
    // strace ships with the machine image; the test fails loudly rather than skipping if not.
    let out = std::process::Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=socket,connect",
            "-o",
            "/dev/stderr",
        ])
        .arg(assert_cmd::cargo::cargo_bin("lidex"))
        .args(["scan", "--quiet"])
        .arg(root().join(sample_zip()))
        .output()
        .expect("strace is installed (apt-get install strace)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = String::from_utf8_lossy(&out.stderr);
    assert!(
        !trace.contains("socket("),
        "lidex opened a socket:\n{trace}"
    );
    assert!(
        !trace.contains("connect("),
        "lidex connected somewhere:\n{trace}"
    );
}
