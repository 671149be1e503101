//! Snapshots of every report format on the bundled sample, and their invariants.

use crate::support::*;
use lidex::exposure;
use lidex::policy::{Jurisdiction, Policy};
use lidex::report::{self, json, term};

fn json_text(report: &lidex::report::Report) -> String {
    let mut out = Vec::new();
    json::write(report, &mut out).expect("json writes");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn json_report_of_the_sample_for_the_uk() {
    let report = report(&[sample_zip()], Some(Jurisdiction::Uk));
    insta::assert_json_snapshot!("sample_uk_json", report, {
        ".tool.version" => "[version]",
    });
}

#[test]
fn terminal_summary_of_the_sample_for_all_regions() {
    let report = report(&[sample_zip()], None);
    let text = term::render(&report, term::Color::Never);
    insta::assert_snapshot!(
        "sample_terminal_all_regions",
        text.replace(&report.tool.version, "[version]")
    );
}

#[test]
fn terminal_summary_of_the_sample_for_the_uk_after_opting_out() {
    let analysis = analyze(&[sample_zip()], None);
    let options = exposure::Options {
        region: Some(Jurisdiction::Uk),
        as_of: as_of(),
        opted_out_on: Some("2025-11-10".parse().expect("date")),
    };
    let report = report::build(&analysis, &Policy::builtin(), options);
    let text = term::render(&report, term::Color::Never);
    assert!(!text.contains('\x1b'), "no colour codes when colour is off");
    insta::assert_snapshot!(
        "sample_terminal_uk_opted_out",
        text.replace(&report.tool.version, "[version]")
    );
}

#[test]
fn taking_the_items_into_the_report_gives_the_report_that_copies_them() {
    let mut analysis = analyze(&[root().join(sample_zip())], Some(1));
    let options = || exposure::Options {
        region: Some(Jurisdiction::Uk),
        as_of: as_of(),
        opted_out_on: None,
    };
    let copied = report::build(&analysis, &Policy::builtin(), options());
    assert!(!copied.posts_to_review.is_empty(), "the sample lists posts");
    let taken = report::build_taking_items(&mut analysis, &Policy::builtin(), options());
    assert_eq!(json_text(&taken), json_text(&copied));
    let left = analysis.collected.as_ref().map_or(0, |c| c.items.len());
    assert_eq!(left, 0, "the items moved, not copied");
}

#[test]
fn output_is_byte_identical_at_any_thread_count() {
    let inputs = [sample_zip()];
    let options = exposure::Options {
        region: None,
        as_of: as_of(),
        opted_out_on: None,
    };
    let policy = Policy::builtin();
    let runs: Vec<String> = [1, 2, 4]
        .iter()
        .map(|&n| json_text(&report::build(&analyze(&inputs, Some(n)), &policy, options)))
        .collect();
    assert_eq!(runs[0], runs[1], "1 and 2 threads agree");
    assert_eq!(runs[0], runs[2], "1 and 4 threads agree");
}

/// The sample's entries are all below the size that is inflated on a thread of its own;
/// with that size set to 0, every compressed entry goes through the pipeline (inflater
/// thread, recycled buffers) and the report must not change.
#[test]
fn the_inflate_pipeline_changes_nothing() {
    let options = exposure::Options {
        region: None,
        as_of: as_of(),
        opted_out_on: None,
    };
    let policy = Policy::builtin();
    let run = |threads: usize, pipe_min_bytes: Option<u64>, pipe_eagerly: bool| {
        let config = lidex::analysis::Config {
            inputs: vec![sample_zip()],
            threads: Some(threads),
            pipe_min_bytes,
            pipe_eagerly,
            ..Default::default()
        };
        let analysis =
            lidex::analysis::analyze(&config, lidex::catalog::Catalog::builtin(), &|_| {})
                .expect("scan succeeds");
        json_text(&report::build(&analysis, &policy, options))
    };
    let plain = run(1, None, false);
    assert_eq!(
        run(2, Some(0), true),
        plain,
        "every entry pipelined, 2 workers"
    );
    assert_eq!(
        run(4, Some(0), true),
        plain,
        "every entry pipelined, 4 workers"
    );
    // Entries switch to the pipeline part-way, as the other entries run out.
    assert_eq!(run(2, Some(0), false), plain, "late switches, 2 workers");
    assert_eq!(run(4, Some(0), false), plain, "late switches, 4 workers");
}

/// One entry of many buffers (2 MiB of messages, multi-byte text, quoted fields across
/// buffer ends) among the sample's small ones: with 2 workers, the small entries run out
/// while it is being read, so it is handed to the inflater part-way; with 1 worker it never
/// is. The analyses must agree.
#[test]
fn an_entry_switched_to_the_pipeline_part_way_reads_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Files(crate::synth::read_folder(&sample_dir()).expect("sample folder"));
    files.0.retain(|(name, _)| name != "messages.csv");
    let mut messages = String::from(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n",
    );
    let mut i = 0u32;
    while messages.len() < 2 << 20 {
        messages.push_str(&format!(
            "conv-{},,Zoë Ådahl,https://www.linkedin.com/in/zoe,Ada,https://www.linkedin.com/in/ada,2024-{:02}-{:02} 10:{:02}:00 UTC,,\"Message {i} — naïve café \"\"quoted\"\" text, with commas\nand a second line 😀\",INBOX\n",
            i / 7,
            i % 12 + 1,
            i % 28 + 1,
            i % 60,
        ));
        i += 1;
    }
    let zip = files
        .text("messages.csv", &messages)
        .zip(dir.path(), "Complete_LinkedInDataExport_01-01-2026.zip");
    let run = |threads: usize| {
        let config = lidex::analysis::Config {
            inputs: vec![zip.clone()],
            threads: Some(threads),
            pipe_min_bytes: Some(1 << 20),
            ..Default::default()
        };
        let analysis =
            lidex::analysis::analyze(&config, lidex::catalog::Catalog::builtin(), &|_| {})
                .expect("scan succeeds");
        let options = exposure::Options {
            region: None,
            as_of: as_of(),
            opted_out_on: None,
        };
        json_text(&report::build(&analysis, &Policy::builtin(), options))
    };
    let one = run(1);
    assert!(one.contains("messages.csv"));
    assert_eq!(run(2), one, "2 workers, switched part-way");
}

#[test]
fn the_sample_zip_and_the_sample_folder_report_the_same_files() {
    let from_zip = report_json(&[sample_zip()], None);
    let from_dir = report_json(&[sample_dir()], None);
    assert_eq!(from_zip["files"], from_dir["files"]);
    assert_eq!(from_zip["categories"], from_dir["categories"]);
}

#[test]
fn the_committed_sample_zip_is_what_make_sample_builds() {
    let files = crate::synth::read_folder(&root().join("fixtures/sample")).expect("sample folder");
    let built = crate::synth::zip_files(&files).expect("zip");
    let committed = std::fs::read(root().join(sample_zip())).expect("sample zip");
    assert!(
        built == committed,
        "fixtures/sample changed: run `cargo run --example make_sample` and commit the ZIP"
    );
}

#[test]
fn the_committed_json_schema_matches_the_report_types() {
    let committed =
        std::fs::read_to_string(root().join("docs/report.schema.json")).unwrap_or_default();
    assert!(
        committed == json::schema(),
        "docs/report.schema.json is stale: run `cargo run -- schema > docs/report.schema.json`"
    );
}

#[test]
fn every_report_lists_every_file_of_the_archive() {
    let report = report_json(&[sample_zip()], None);
    let listed = report["files"].as_array().map(Vec::len).unwrap_or(0);
    let archive =
        zip::ZipArchive::new(std::fs::File::open(root().join(sample_zip())).expect("open"))
            .expect("zip");
    assert_eq!(listed, archive.len(), "no entry is dropped");
}
