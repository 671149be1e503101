//! Every file path and header variant seen in real exports (tests/it/data/export-headers.json,
//! trimmed from the reference research) is built into a synthetic archive in its real byte
//! format and must be recognised, with its category, every column known and every date read.

use crate::support::*;
use crate::synth::utf16le_with_bom;
use serde_json::Value;
use std::collections::BTreeMap;

/// The category each path must get. Written out by hand from the policy reference, so a
/// catalog change that moves a file to another category fails here first.
const EXPECTED: &[(&str, &str)] = &[
    ("Connections.csv", "contacts"),
    ("messages.csv", "messages"),
    ("Messages.csv", "messages"),
    ("guide_messages.csv", "genai_conversations"),
    ("coach_messages.csv", "genai_conversations"),
    ("learning_coach_messages.csv", "genai_conversations"),
    ("learning_role_play_messages.csv", "genai_conversations"),
    ("LearningCoachMessages.csv", "genai_conversations"),
    ("Invitations.csv", "contacts"),
    ("Profile.csv", "profile"),
    ("Profile Summary.csv", "profile"),
    ("Positions.csv", "profile"),
    ("Education.csv", "profile"),
    ("Skills.csv", "profile"),
    ("Certifications.csv", "profile"),
    ("Languages.csv", "profile"),
    ("Projects.csv", "profile"),
    ("Honors.csv", "profile"),
    ("Publications.csv", "profile"),
    ("Courses.csv", "profile"),
    ("Organizations.csv", "profile"),
    ("Volunteering.csv", "profile"),
    ("Causes You Care About.csv", "profile"),
    ("Member Hashtags.csv", "profile"),
    ("Duolingo.csv", "profile"),
    ("Email Addresses.csv", "account"),
    ("PhoneNumbers.csv", "account"),
    ("Phone Numbers.csv", "account"),
    ("Whatsapp Phone Numbers.csv", "account"),
    ("Registration.csv", "account"),
    ("Verifications/Verifications.csv", "account"),
    ("Receipts.csv", "account"),
    ("Receipts_v2.csv", "account"),
    ("Ad_Targeting.csv", "inferences_ads"),
    ("Ad Targeting.csv", "inferences_ads"),
    ("Ads Clicked.csv", "inferences_ads"),
    ("LAN Ads Engagement.csv", "inferences_ads"),
    ("Inferences_about_you.csv", "inferences_ads"),
    ("Private_identity_asset.csv", "job_seeking"),
    ("Logins.csv", "account"),
    ("Security Challenges.csv", "account"),
    ("Account Status History.csv", "account"),
    ("SearchQueries.csv", "activity"),
    ("Search Queries.csv", "activity"),
    ("Company Follows.csv", "interests"),
    ("Member_Follows.csv", "interests"),
    ("Hashtag_Follows.csv", "interests"),
    ("Reactions.csv", "activity"),
    ("Comments.csv", "posted_content"),
    ("Shares.csv", "posted_content"),
    ("Votes.csv", "posted_content"),
    ("Saved_Items.csv", "activity"),
    ("Endorsement_Received_Info.csv", "profile"),
    ("Endorsement Received Info.csv", "profile"),
    ("Endorsement_Given_Info.csv", "profile"),
    ("Recommendations_Received.csv", "profile"),
    ("Recommendations_Given.csv", "profile"),
    ("Events.csv", "activity"),
    ("Learning.csv", "learning"),
    ("Jobs/Job Applications.csv", "job_seeking"),
    ("Jobs/Saved Jobs.csv", "job_seeking"),
    ("Jobs/Job Seeker Preferences.csv", "job_seeking"),
    ("Jobs/Job Applicant Saved Answers.csv", "job_seeking"),
    ("Job Applicant Saved Answers.csv", "job_seeking"),
    (
        "Job Applicant Saved Screening Question Responses.csv",
        "job_seeking",
    ),
    ("SavedJobAlerts.csv", "job_seeking"),
    ("Contacts.csv", "contacts"),
    ("ImportedContacts.csv", "contacts"),
    ("Imported Contacts.csv", "contacts"),
    ("Calendar.csv", "contacts"),
    ("Reviews.csv", "activity"),
    ("Online Job Postings.csv", "job_seeking"),
    ("Services Marketplace/Providers.csv", "account"),
    ("Rich Media.csv", "posted_content"),
    ("Videos.csv", "posted_content"),
    ("Rich_Media.csv", "posted_content"),
    ("Comments_<number>.csv", "posted_content"),
    ("Reactions_<number>.csv", "activity"),
    ("Member_Follows_<number>.csv", "interests"),
    ("Shares_<number>.csv", "posted_content"),
];

/// A synthetic value in each date format of the reference (section 3).
fn date_example(id: &str) -> &'static str {
    match id {
        "A" => "04 Jul 2023",
        "B" => "6/17/23, 6:18 AM",
        "C" => "04/15/24, 09:25 PM",
        "D" => "03/11/26 04:41 PM UTC",
        "E" => "2023-07-10 15:47:10 UTC",
        "F" => "2021/12/16 12:56:17 UTC",
        "G" => "2024-03-17 18:03:34",
        "H" => "Tue Jun 20 12:25:51 UTC 2023",
        "I" => "2018-09-16 14:44 UTC",
        "J" => "Nov 2022",
        "K" => "Apr 9, 2020",
        "L" => "Mar 9",
        "M" => "May 07, 2022 08:00 AM - May 07, 2022 11:00 AM",
        "N" => "You uploaded a profile photo on January 15, 2026 at 11:39 PM (GMT)",
        "O" => "2025/10/09",
        "P" => "2024-10-07",
        "Q" => "2019-01-01 - 2020-03-01",
        other => panic!("no example for date format {other}"),
    }
}

struct Reference {
    legend: BTreeMap<String, String>,
    files: serde_json::Map<String, Value>,
}

fn reference() -> Reference {
    let text = std::fs::read_to_string(root().join("tests/it/data/export-headers.json"))
        .expect("reference headers");
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    let legend = v["date_format_legend"]
        .as_object()
        .expect("legend")
        .iter()
        .map(|(k, v)| (v.as_str().unwrap_or_default().to_string(), k.clone()))
        .collect();
    Reference {
        legend,
        files: v["files"].as_object().expect("files").clone(),
    }
}

/// Column name -> date format id, from strings like `Connected On: DD Mon YYYY  e.g. ...`.
fn date_columns(variant: &Value, legend: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    variant["date_formats"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|s| {
                    let s = s.as_str()?;
                    let (col, pattern) = s.split_once(": ")?;
                    let id = legend.get(pattern.trim())?;
                    Some((col.to_string(), id.clone()))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn archive_name(path: &str) -> String {
    path.replace("<number>", "1158443584")
}

fn csv_line(fields: &[String], delimiter: char, quote_all: bool) -> String {
    fields
        .iter()
        .map(|f| {
            if quote_all || f.contains(delimiter) || f.contains('"') || f.contains('\n') {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(&delimiter.to_string())
}

/// The bytes of one file in one variant: header and two records, in the variant's encoding,
/// delimiter, quoting and preamble.
fn build_file(
    path: &str,
    entry: &Value,
    variant: &Value,
    legend: &BTreeMap<String, String>,
) -> Vec<u8> {
    let header: Vec<String> = variant["header"]
        .as_array()
        .map(|h| {
            h.iter()
                .filter_map(|c| c.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    if header.is_empty() {
        // LearningCoachMessages.csv: a sentence, not a CSV.
        return b"No conversations found\n\n".to_vec();
    }
    let dates = date_columns(variant, legend);
    let utf16 = variant["encoding"]
        .as_str()
        .is_some_and(|e| e.contains("UTF-16"));
    let delimiter = if variant["delimiter"] == "TAB" {
        '\t'
    } else {
        ','
    };
    let quote_all = utf16
        || variant["quoting"]
            .as_str()
            .is_some_and(|q| q.starts_with("ALL"));
    let comments = path.starts_with("Comments");
    let mut text = String::new();
    if variant["preamble_lines"].as_u64().unwrap_or(0) > 0 {
        text.push_str(entry["preamble_text"].as_str().expect("preamble text"));
    }
    text.push_str(&csv_line(&header, delimiter, quote_all));
    text.push('\n');
    for row in 0..2 {
        let fields: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, col)| match dates.get(col) {
                Some(id) => date_example(id).to_string(),
                None if comments && i == 1 => {
                    format!("https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{row}")
                }
                None => format!("Example value {row}-{i}"),
            })
            .collect();
        text.push_str(&csv_line(&fields, delimiter, quote_all));
        text.push('\n');
    }
    if utf16 {
        utf16le_with_bom(&text)
    } else {
        text.into_bytes()
    }
}

#[test]
fn every_reference_path_and_variant_is_recognised_with_its_category() {
    let reference = reference();
    let expected: BTreeMap<&str, &str> = EXPECTED.iter().copied().collect();
    assert_eq!(
        expected.len(),
        reference.files.len(),
        "the expected table covers every reference path"
    );
    let max_variants = reference
        .files
        .values()
        .filter_map(|e| e["variants"].as_array().map(Vec::len))
        .max()
        .unwrap_or(0);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut checked = 0;
    // One archive per variant index: variant k of every path that has one.
    for k in 0..max_variants {
        let mut files = Files::new();
        let mut paths = Vec::new();
        for (path, entry) in &reference.files {
            let Some(variant) = entry["variants"].as_array().and_then(|v| v.get(k)) else {
                continue;
            };
            let name = archive_name(path);
            files = files.bytes(&name, &build_file(path, entry, variant, &reference.legend));
            paths.push((path.clone(), name, variant.clone()));
        }
        let zip = files.zip(
            dir.path(),
            &format!("Complete_LinkedInDataExport_01-0{}-2026.zip", k + 1),
        );
        let report = report_json(&[zip], None);
        for (path, name, variant) in paths {
            let f = file(&report, &name);
            let want = expected.get(path.as_str()).copied().unwrap_or("?");
            let era = variant["era"].as_str().unwrap_or("?");
            assert_eq!(f["known"], true, "{path} ({era}) is known");
            assert_eq!(f["category"], want, "{path} ({era}) category");
            let kinds = problem_kinds(f);
            for bad in [
                "header_not_found",
                "unparsed_dates",
                "ragged_rows",
                "invalid_utf8",
                "malformed_csv",
            ] {
                assert!(
                    !kinds.iter().any(|k| k == bad),
                    "{path} ({era}): {:?}",
                    f["problems"]
                );
            }
            let header_len = variant["header"].as_array().map(Vec::len).unwrap_or(0);
            if header_len > 0 {
                assert_eq!(f["rows"], 2, "{path} ({era}) rows");
                let columns = f["columns"].as_array().expect("columns");
                assert_eq!(columns.len(), header_len, "{path} ({era}) columns");
                for c in columns {
                    assert_eq!(
                        c["known"], true,
                        "{path} ({era}) column {} known",
                        c["name"]
                    );
                }
                for (col, _) in date_columns(&variant, &reference.legend) {
                    let c = columns
                        .iter()
                        .find(|c| c["name"] == col.as_str())
                        .expect("date column");
                    let role = c["role"].as_str().unwrap_or_default();
                    assert!(
                        role == "date" || role == "text",
                        "{path} ({era}) {col} is a date column (or text holding dates): {role}"
                    );
                    let no_year = c["non_empty"] == 2 && c["date_range"].is_null();
                    assert!(
                        c["date_range"].is_object() || no_year,
                        "{path} ({era}) {col} has dates: {c}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 100, "every variant was checked ({checked})");
}

#[test]
fn one_file_of_each_kind_plus_an_unknown_one_all_appear_with_their_categories() {
    let reference = reference();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Files::new();
    for (path, entry) in &reference.files {
        if let Some(newest) = entry["variants"].as_array().and_then(|v| v.last()) {
            files = files.bytes(
                &archive_name(path),
                &build_file(path, entry, newest, &reference.legend),
            );
        }
    }
    files = files.text("Brand_New_Feature.csv", "Something,Else\n1,2\n");
    let zip = files.zip(dir.path(), "Complete_LinkedInDataExport_01-01-2026.zip");
    let report = report_json(&[zip], None);
    let listed = report["files"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(listed, reference.files.len() + 1, "every file is reported");
    for (path, want) in EXPECTED {
        let f = file(&report, &archive_name(path));
        assert_eq!(f["category"], *want, "{path}");
        assert_eq!(f["known"], true, "{path}");
    }
    let unknown = file(&report, "Brand_New_Feature.csv");
    assert_eq!(unknown["known"], false);
    assert!(unknown["kind"].is_null());
}
