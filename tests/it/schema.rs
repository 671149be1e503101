//! Every JSON lidex writes validates against its committed schema (`docs/*.schema.json`).
//!
//! Validation here is stricter than the schema alone: an object the schema describes may not
//! carry a property the schema does not name, so the schema says all that is written, not only
//! part of it. `support::report_json`, the hostile corpus's `scan_cli` and the command-line
//! reports of `policy.rs` validate every report they make, so every fixture the tests build is
//! checked; the tests below add the sample in every region, an opt-out date, archives with
//! problems, and `lidex policy --json`.

use crate::support::*;
use jsonschema::Validator;
use lidex::policy::Jurisdiction;
use lidex::report::json;
use serde_json::{Value, json};
use std::path::Path;
use std::sync::OnceLock;

/// A committed schema, parsed.
fn committed(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("docs").join(name))
        .unwrap_or_else(|e| panic!("docs/{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("docs/{name} is not JSON: {e}"))
}

/// Forbids properties a described object does not list. Maps (objects whose schema has
/// `additionalProperties` already, such as verdict matrices) keep theirs.
fn strict(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

fn validator(name: &str) -> Validator {
    let mut schema = committed(name);
    assert!(
        jsonschema::meta::is_valid(&schema),
        "docs/{name} is not a valid JSON Schema"
    );
    strict(&mut schema);
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("docs/{name}: {e}"))
}

fn report_validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| validator("report.schema.json"))
}

fn policy_validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| validator("policy.schema.json"))
}

/// Every validation error, each with where in the document it is.
fn errors(validator: &Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(validator: &Validator, value: &Value, what: &str) {
    let errors = errors(validator, value);
    assert!(
        errors.is_empty(),
        "{what}: {} errors against its schema:\n{}",
        errors.len(),
        errors
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Fails, printing every error, unless `report` validates against docs/report.schema.json.
pub fn assert_valid_report(report: &Value) {
    let what = format!("the report of {}", report["inputs"]);
    assert_valid(report_validator(), report, &what);
}

/// Fails, printing every error, unless `model` validates against docs/policy.schema.json.
pub fn assert_valid_policy(model: &Value) {
    assert_valid(policy_validator(), model, "lidex policy --json");
}

/// Fails, printing every error, unless `value` validates against `docs/<schema>` (for the
/// outputs checked in one place only: the cohort and a dataset's `_meta.json`).
#[cfg_attr(not(feature = "dataset"), allow(dead_code))]
pub fn assert_valid_as(schema: &str, value: &Value, what: &str) {
    assert_valid(&validator(schema), value, what);
}

/// `lidex scan ... --json -`: the report, validated.
fn scan_json(inputs: &[&Path], extra: &[&str]) -> Value {
    let out = lidex()
        .arg("scan")
        .args(inputs)
        .args(["--json", "-", "--as-of", AS_OF])
        .args(extra)
        .output()
        .expect("lidex runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_valid_report(&report);
    report
}

#[test]
fn the_committed_schemas_match_the_types_and_lidex_schema_prints_them() {
    for (arg, name, text) in [
        (None, "report.schema.json", json::schema()),
        (Some("scan"), "report.schema.json", json::schema()),
        (
            Some("policy"),
            "policy.schema.json",
            lidex::report::policy::json::schema(),
        ),
        (
            Some("posts"),
            "posts.schema.json",
            lidex::report::posts::schema(),
        ),
        (
            Some("diff"),
            "diff.schema.json",
            lidex::report::diff::schema(),
        ),
        (
            Some("cohort"),
            "cohort.schema.json",
            lidex::report::dataset::cohort_schema(),
        ),
        (
            Some("dataset-meta"),
            "dataset-meta.schema.json",
            lidex::report::dataset::meta_schema(),
        ),
    ] {
        let on_disk = std::fs::read_to_string(root().join("docs").join(name)).unwrap_or_default();
        assert!(
            on_disk == text,
            "docs/{name} is stale: run `cargo run -- schema {}> docs/{name}`",
            arg.map(|a| format!("{a} ")).unwrap_or_default()
        );
        let printed = lidex()
            .arg("schema")
            .args(arg)
            .output()
            .expect("lidex runs");
        assert!(printed.status.success());
        assert_eq!(String::from_utf8_lossy(&printed.stdout), text);
    }
}

#[test]
fn a_field_the_schema_lacks_or_a_missing_required_one_fails_with_every_error_named() {
    let mut report = report_json(&[sample_zip()], Some(Jurisdiction::Uk));
    let file = &mut report["files"][0];
    file["surprise"] = json!(1);
    file.as_object_mut().expect("object").remove("rows");
    report["summary"]["problems"]["error"] = json!("none");
    let errors = errors(report_validator(), &report);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("/files/0") && e.contains("surprise"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("/files/0") && e.contains("rows"))
    );
    assert!(errors.iter().any(|e| e.contains("/summary/problems/error")));
}

#[test]
fn optional_fields_may_be_absent_and_always_written_ones_must_be_there() {
    let schema = committed("report.schema.json");
    let required = |def: &str| -> Vec<String> {
        schema["$defs"][def]["required"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|f| f.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    // Skipped when empty: the 638 and 536 errors of issue 16.
    assert!(!required("FileReport").contains(&"evidence".to_string()));
    assert!(!required("RuleReport").contains(&"conflicts".to_string()));
    assert!(!required("ColumnReport").contains(&"exposure".to_string()));
    // Written even as null.
    assert!(required("FileReport").contains(&"kind".to_string()));
    assert!(required("InputReport").contains(&"export_date".to_string()));
    assert!(required("PolicyInfo").contains(&"region".to_string()));
}

#[test]
fn the_sample_report_validates_for_every_region_and_for_all() {
    let zip = sample_zip();
    scan_json(&[&zip], &[]);
    for region in Jurisdiction::ALL {
        let report = scan_json(&[&zip], &["--region", region.id()]);
        assert_eq!(report["exposure"]["policy"]["region"], region.id());
    }
}

#[test]
fn reports_with_an_opt_out_date_validate() {
    for extra in [
        &["--opted-out-on", "2025-11-10"][..],
        &["--region", "eu", "--opted-out-on", "2025-11-10"],
        &["--region", "us", "--opted-out-on", "2024-01-01"],
    ] {
        let report = scan_json(&[&sample_dir()], extra);
        let split = report["exposure"]["surfaces"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["opt_out"].is_object()));
        assert!(split, "the optional opt_out split is exercised: {extra:?}");
    }
}

#[test]
fn archives_with_problems_unknown_files_and_both_parts_validate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let basic = Files::new()
        .text("Skills.csv", "Name\nRust\n")
        .text("Profile Summary.csv", "Profile Summary\n\n")
        .zip(dir.path(), "Basic_LinkedInDataExport_08-25-2025.zip");
    let files = Files::new()
        .text(
            "Skills.csv",
            "Name,Endorsement Count\nRust,12\nCompilers,3\n",
        )
        .text(
            "Reactions.csv",
            "Date,Type,Link\n2023-03-02 09:00:00,LIKE,https://www.linkedin.com/feed/update/1\n",
        )
        .text(
            "Languages.csv",
            &"Name,Proficiency\nEnglish,Native\n".repeat(200),
        )
        .text(
            "Mystery.csv",
            "Contact\nada@example.com\ngrace@example.org\n",
        )
        .text(
            "Connections.csv",
            "First Name,Last Name,Connected On\nAda,L,not a date\nBob,\"unbalanced\n",
        )
        .text("Invitations.csv", "")
        .bytes("Rich_Media.csv", b"Date,Link\n2024-01-01,caf\xe9\n")
        .bytes("photo.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0")
        .bytes("inner.zip", b"PK\x03\x04 not really");
    let mut bytes = crate::synth::zip_files(&files.0).expect("zip");
    // Damage Languages.csv's compressed data, as the hostile corpus does.
    let name = b"Languages.csv";
    let at = bytes
        .windows(4 + 26 + name.len())
        .position(|w| w.starts_with(b"PK\x03\x04") && w.ends_with(name))
        .expect("local header");
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
    let data = at + 30 + u16_at(at + 26) + u16_at(at + 28);
    for b in &mut bytes[data + 8..data + 24] {
        *b ^= 0x5A;
    }
    let complete = dir
        .path()
        .join("Complete_LinkedInDataExport_08-26-2025.zip");
    std::fs::write(&complete, bytes).expect("write");
    let folder = Files::new()
        .text("Export/Skills.csv", "Name\nRust\n")
        .text("Export/Notes.txt", "free text nobody asked for\n")
        .folder(dir.path(), "download");

    let report = scan_json(&[&complete], &[]);
    let kinds = problem_kinds(&report);
    for kind in ["damaged_entry", "unknown_content", "nested_archive"] {
        assert!(kinds.contains(&kind.to_string()), "{kind} in {kinds:?}");
    }
    let both = scan_json(&[&basic, &complete], &["--region", "uk"]);
    assert!(problem_kinds(&both).contains(&"duplicate_file".to_string()));
    scan_json(&[&folder], &[]);
    scan_json(&[&basic, &folder], &["--opted-out-on", "2025-11-10"]);
}

#[test]
fn lidex_policy_json_validates_against_its_schema() {
    let out = lidex()
        .args(["policy", "--json"])
        .output()
        .expect("lidex runs");
    assert!(out.status.success());
    let model: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert!(model["rules"].as_array().is_some_and(|r| !r.is_empty()));
    assert_valid_policy(&model);
}

/// Runs lidex, expecting one of `codes`, and returns its stdout as JSON.
fn json_of(args: &[&std::ffi::OsStr], codes: &[i32]) -> Value {
    let out = lidex().args(args).output().expect("lidex runs");
    assert!(
        out.status.code().is_some_and(|c| codes.contains(&c)),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn lidex_posts_json_validates_against_its_schema() {
    let validator = validator("posts.schema.json");
    let zip = sample_zip();
    for extra in [
        &[][..],
        &["--kind", "post,comment,article,repost,vote,reaction"],
        &["--sensitive"],
    ] {
        let mut args: Vec<&std::ffi::OsStr> = vec!["posts".as_ref(), zip.as_os_str()];
        args.extend(["--as-of", AS_OF, "--json", "-"].map(std::ffi::OsStr::new));
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let report = json_of(&args, &[0]);
        assert!(
            report["items"].as_array().is_some_and(|i| !i.is_empty()),
            "{extra:?}"
        );
        assert_valid(&validator, &report, &format!("lidex posts {extra:?}"));
    }
}

#[test]
fn lidex_diff_json_validates_against_its_schema() {
    let validator = validator("diff.schema.json");
    // The sample against itself (ZIP and folder): nothing deleted, the listed items remain.
    let (zip, dir) = (sample_zip(), sample_dir());
    let args: Vec<&std::ffi::OsStr> = vec![
        "diff".as_ref(),
        zip.as_os_str(),
        dir.as_os_str(),
        "--json".as_ref(),
        "-".as_ref(),
    ];
    let report = json_of(&args, &[0, 7, 9]);
    assert_valid(&validator, &report, "lidex diff");
}
