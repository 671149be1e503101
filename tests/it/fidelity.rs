//! Issue 10, real-world fidelity: no row lost whatever the parts' order and names, no
//! "missing" claim outside a file's era, nothing counted that is not part of an export, the
//! 2025-2026 formats, spans that stop at the export's date, and output that keeps its word.
//!
//! Every archive here is built from the reference's formats (headers as LinkedIn writes
//! them) with invented values; none holds a real person's data.

use crate::support::*;
use predicates::prelude::*;
use std::path::PathBuf;

const PREAMBLE: &str = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261\"\n\n";

const MESSAGES_HEADER: &str = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n";

/// `Connections.csv` of the 2023+ form with `n` invented connections.
pub fn connections(n: usize) -> String {
    let mut text =
        format!("{PREAMBLE}First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..n {
        let day = i % 28 + 1;
        let month = ["Jan", "Feb", "Mar", "Apr"][i % 4];
        text.push_str(&format!(
            "Member{i},Example,https://www.linkedin.com/in/member-{i},,Acme Ltd,Engineer,{day:02} {month} 2026\n"
        ));
    }
    text
}

/// `messages.csv` with `n` plain messages, the last one dated `last`, and one HTML message.
pub fn messages(n: usize, last: &str) -> String {
    let mut text = MESSAGES_HEADER.to_string();
    for i in 0..n {
        let date = if i + 1 == n {
            last.to_string()
        } else {
            format!("2025-0{}-1{} 10:00:00 UTC", i % 9 + 1, i % 9)
        };
        text.push_str(&format!(
            "2-conv{i},,Ada Example,https://www.linkedin.com/in/ada-example,Bo Example,https://www.linkedin.com/in/bo-example,{date},,Thanks for the chat about the project,INBOX,\n"
        ));
    }
    text.push_str("2-promo,Sponsored Conversation,LinkedIn Member,,Ada Example,https://www.linkedin.com/in/ada-example,2025-01-30 11:00:00 UTC,,\"<p class=\"\"spin\"\">Hi there,</p><p>Try it free &amp; see more.</p>\",INBOX,\n");
    text
}

/// The files both parts of a 2026-05 export hold, identical in both.
fn shared(files: Files) -> Files {
    files
        .text(
            "Profile.csv",
            "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\nAda,Example,,,Mar 9,Engineer at Acme,I build data tools.,Software,,\"London, UK\",,,\n",
        )
        .text(
            "Positions.csv",
            "Company Name,Title,Description,Location,Started On,Finished On\nAcme Ltd,Engineer,Builds pipelines,London,Jan 1990,\n",
        )
        .text(
            "Education.csv",
            "School Name,Start Date,End Date,Notes,Degree Name,Activities\nExample University,2024,2029,,MSc,Chess club\n",
        )
        .text(
            "Certifications.csv",
            "Name,Url,Authority,Started On,Finished On,License Number\nCloud Architect,,Example Cloud,Jan 2025,Dec 2031,ABC123\n",
        )
        .text(
            "Email Addresses.csv",
            "Email Address,Confirmed,Primary,Updated On\nada@example.com,Yes,Yes,Not Available\nada.old@example.org,Yes,No,\"6/17/23, 6:18 AM\"\n",
        )
        .text(
            "Verifications/Verifications.csv",
            "First name,Middle name,Last name,Verification type,Organization name,Email address,Country,State,City,Year of birth,Issuing authority,Document type,Verification service provider,Verified date,Expiry date\nAda,,Example,IDENTITY,,,GB,,,,,PASSPORT,CLEAR,2025-10-07,2034-10-06\n",
        )
        .text(
            "Private_identity_asset.csv",
            "Private Identity Asset Name,Private Identity Asset Raw Text\nada-cv.pdf,\"Ada Example, engineer. Builds data tools.\"\n",
        )
        .text(
            "Jobs/Job Seeker Preferences.csv",
            "Locations,Industries,Company Employee Count,Preferred Job Types,Job Titles,Open To Recruiters,Dream Companies,Profile Shared With Job Poster,Job Title For Searching Fast Growing Companies,Introduction Statement,Phone Number,Job Seeker Activity Level,Preferred Start Time Range,Commute Preference Starting Address,Commute Preference Starting Time,Mode Of Transportation,Maximum Commute Duration,Open Candidate Visibility,Job Seeking Urgency Level,Semantic Preferences\nLondon,Software,,Full-time,Engineer,Yes,,No,,,,,,,,,,,,Remote data engineering roles in climate tech\n",
        )
        .text(
            "Services Marketplace/Engagements.csv",
            "Creation Time,Marketplace Type,Body,Currency Code,Currency Amount,Billing Time Unit,Free Consultation included\nTue Mar 03 10:00:00 UTC 2026,SERVICE_MARKETPLACE,I can migrate your pipelines in two weeks.,GBP,500,DAY,true\n",
        )
        .text(
            "Services Marketplace/Opprtunities.csv",
            "Creation Time,Marketplace Type,Service Category,Location,Questions and Answers,Preferred Providers,Status\nWed Feb 04 09:00:00 UTC 2026,SERVICE_MARKETPLACE,Bookkeeping,London,Q: How often? A: Monthly for the shop.,,OPEN\n",
        )
}

/// The Basic part of a 2026-05 export: the shared files, and early copies of the network.
pub fn basic_part() -> Files {
    shared(Files::new())
        .text("Connections.csv", &connections(10))
        .text("messages.csv", &messages(3, "2026-02-01 10:00:00 UTC"))
}

/// The Complete part: the same files with the full network and inbox, and what only a
/// Complete part has.
pub fn complete_part() -> Files {
    shared(Files::new())
        .text("Connections.csv", &connections(400))
        .text("messages.csv", &messages(40, "2026-05-10 10:00:00 UTC"))
        .text(
            "Shares.csv",
            "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2026-04-01 09:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,\"\"\"A post about pipelines.\"\"\",,,MEMBER_NETWORK\n",
        )
        .text(
            // One reaction dated after the export (20 May 2026): counted in a note, off the span.
            "Reactions.csv",
            "Date,Type,Link\n2026-03-01 08:00:00,LIKE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A1\n2026-06-30 08:00:00,LIKE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A2\n",
        )
        .text("LearningCoachMessages.csv", LEARNING_COACH_BLOCKS)
        .text(
            "Reviews.csv",
            "Reviewee,Review Type,Review Section,Creation Date,Rating,Review Text,Review Tags,Reviewer\nData course,LEARNING_CONTENT_CONSUMPTION,,\"3/2/26, 9:00 AM\",5,Clear and short.,,Ada Example\n",
        )
        .text(
            "Events.csv",
            "Event Name,Event Time,Status,External Url\nData meetup,\"May 07, 2027 08:00 AM - May 07, 2027 11:00 AM\",ATTENDING,\n",
        )
        .text(
            "Jobs/Job Applicant Saved Answers.csv",
            "Question,Answer\nWhen did you study?,1985-01-01 - 1990-01-01\n",
        )
}

/// `LearningCoachMessages.csv` as 2026 exports write it: `key: value` blocks, epoch
/// milliseconds, the coach's side withheld. The second answer runs over two paragraphs.
pub const LEARNING_COACH_BLOCKS: &str = "conversation: 1f0c2a9e-7b1d-4e55-9a3c-2b8f6d1e0a11\ntimestamp: 1767811582000\nuser: what is a data factory\ncoach: REDACTED FOR DMA COMPLIANCE\n\nconversation: 1f0c2a9e-7b1d-4e55-9a3c-2b8f6d1e0a11\ntimestamp: 1767811642000\nuser: and how do I schedule one\n\nevery night at two\ncoach: REDACTED FOR DMA COMPLIANCE\n\nconversation: 5d9e8c7b-0000-4aaa-8bbb-123456789abc\ntimestamp: 1770000000000\nuser: summarise my week\ncoach: REDACTED FOR DMA COMPLIANCE\n";

fn rows(report: &serde_json::Value, path: &str) -> Vec<u64> {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["path"] == path)
        .map(|f| f["rows"].as_u64().expect("rows"))
        .collect()
}

fn input_of<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["inputs"]
        .as_array()
        .and_then(|i| {
            i.iter()
                .find(|i| i["path"].as_str().is_some_and(|p| p.ends_with(name)))
        })
        .unwrap_or_else(|| panic!("{name} is an input"))
}

#[test]
fn no_row_is_lost_whatever_the_order_and_names_of_the_parts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let day = (2026, 5, 19);
    let namings = [
        (
            "Basic_LinkedInDataExport_05-20-2026.zip",
            "Complete_LinkedInDataExport_05-20-2026.zip",
        ),
        ("LinkedInDataExport.zip", "LinkedInDataExport (1).zip"),
        ("LinkedInDataExport (1).zip", "LinkedInDataExport.zip"),
    ];
    for (k, (basic_name, complete_name)) in namings.iter().enumerate() {
        let sub = dir.path().join(k.to_string());
        std::fs::create_dir_all(&sub).expect("dir");
        let basic = basic_part().zip_on(&sub, basic_name, day);
        let complete = complete_part().zip_on(&sub, complete_name, day);
        for order in [
            vec![basic.clone(), complete.clone()],
            vec![complete.clone(), basic.clone()],
        ] {
            let r = report_json(&order, None);
            let what = format!("{basic_name} + {complete_name}, {:?}", order);
            assert_eq!(rows(&r, "Connections.csv"), vec![400], "{what}");
            assert_eq!(rows(&r, "messages.csv"), vec![41], "{what}");
            let b = input_of(&r, basic_name);
            assert_eq!(b["archive_type"], "basic", "{what}");
            assert_eq!(b["files"], 0, "{what}");
            let note = b["note"].as_str().expect("the redundant part says why");
            assert!(
                note.starts_with("Basic part: all its 12 files are also in the Complete part"),
                "{what}: {note}"
            );
            assert!(note.ends_with("whose copies were read"), "{note}");
            assert_eq!(input_of(&r, complete_name)["archive_type"], "complete");
        }
    }
    // The terminal line of the redundant part says what happened, not "unknown, 0 files".
    let basic = basic_part().zip_on(dir.path(), "LinkedInDataExport.zip", day);
    let complete = complete_part().zip_on(dir.path(), "LinkedInDataExport (1).zip", day);
    lidex()
        .args(["scan", "--as-of", AS_OF])
        .arg(&basic)
        .arg(&complete)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Basic part: all its 12 files are also in the Complete part",
        ))
        .stdout(predicate::str::contains("unknown archive").not());
}

#[test]
fn copies_that_do_not_cover_each_other_are_both_kept_and_the_problem_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The Basic copy is newer (a later message), the Complete copy longer.
    let basic = Files::new()
        .text("messages.csv", &messages(2, "2026-05-18 10:00:00 UTC"))
        .zip_on(dir.path(), "LinkedInDataExport.zip", (2026, 5, 19));
    let complete = complete_part().zip_on(dir.path(), "LinkedInDataExport (1).zip", (2026, 5, 19));
    for order in [
        vec![basic.clone(), complete.clone()],
        vec![complete.clone(), basic.clone()],
    ] {
        let r = report_json(&order, None);
        let mut got = rows(&r, "messages.csv");
        got.sort_unstable();
        assert_eq!(got, vec![3, 41]);
        let warned = r["problems"].as_array().expect("problems").iter().any(|p| {
            p["kind"] == "duplicate_file"
                && p["severity"] == "warning"
                && p["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("none holds all of another"))
        });
        assert!(warned, "{:?}", r["problems"]);
    }
}

#[test]
fn an_old_export_is_told_only_about_files_of_its_era() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A 2018 export, extracted: the date is in the folder's name.
    let folder = Files::new()
        .text(
            "Connections.csv",
            "First Name,Last Name,Email Address,Company,Position,Connected On\nBo,Example,,Acme,Engineer,\"6/17/18, 6:18 AM\"\n",
        )
        .text("Skills.csv", "Name\nRust\n")
        .folder(dir.path(), "Complete_LinkedInDataExport_11-04-2018");
    let r = report_json(&[folder], None);
    assert_eq!(r["export_date"]["date"], "2018-11-04");
    assert_eq!(r["export_date"]["source"], "folder_name");
    assert!(r["inputs"][0]["bytes"].as_u64().is_some_and(|b| b > 100));
    let missing: Vec<&str> = r["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .filter_map(|m| m["kind"].as_str())
        .collect();
    for newer in [
        "learning_coach_messages",
        "learning_role_play_messages",
        "guide_messages",
        "profile_summary",
        "learning",
    ] {
        assert!(
            !missing.contains(&newer),
            "{newer} is not claimed: {missing:?}"
        );
    }
    assert!(
        missing.contains(&"profile"),
        "a file of 2018 still is: {missing:?}"
    );
    // A 2026 export lacking the same files is told.
    let new = Files::new()
        .text("Skills.csv", "Name\nRust\n")
        .folder(dir.path(), "Basic_LinkedInDataExport_05-20-2026");
    let r = report_json(&[new], None);
    let missing = r["missing"].to_string();
    assert!(missing.contains("\"guide_messages\""), "{missing}");
    assert!(missing.contains("\"profile_summary\""), "{missing}");
    // Learning.csv only comes to members who used LinkedIn Learning.
    assert!(!missing.contains("\"learning\""), "{missing}");
}

#[test]
fn the_export_date_comes_from_a_wrapper_folder_then_zip_times_then_activity() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut wrapped = Files::new();
    for (path, bytes) in &basic_part().0 {
        wrapped = wrapped.bytes(
            &format!("Basic_LinkedInDataExport_12-24-2025/{path}"),
            bytes,
        );
    }
    let zip = wrapped.zip(dir.path(), "LinkedInDataExport.zip");
    let r = report_json(&[zip], None);
    assert_eq!(r["export_date"]["date"], "2025-12-24");
    assert_eq!(r["export_date"]["source"], "folder_name");
    assert_eq!(r["inputs"][0]["archive_type"], "basic");
    assert_eq!(r["inputs"][0]["archive_type_source"], "name");

    let zip = basic_part().zip_on(dir.path(), "download.zip", (2026, 5, 19));
    let r = report_json(&[zip], None);
    assert_eq!(r["export_date"]["date"], "2026-05-19");
    assert_eq!(r["export_date"]["source"], "zip_timestamps");

    let folder = basic_part().folder(dir.path(), "my-linkedin");
    let r = report_json(&[folder], None);
    assert_eq!(r["export_date"]["source"], "newest_activity");
    // The newest connection (08 Apr 2026); no ZIP times or name to go by.
    assert_eq!(r["export_date"]["date"], "2026-04-08");
}

#[test]
fn files_that_are_not_part_of_an_export_are_listed_not_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let export_only = complete_part().folder(dir.path(), "plain");
    let mut project = complete_part()
        .text(
            "Skills.tsx",
            "export const Skills = () => <ul><li>Rust</li></ul>;\n",
        )
        .text("Projects.tsx", "export const Projects = [];\n")
        .text(
            "positions.json",
            "[{\"company\": \"Acme\", \"title\": \"Engineer\"}]\n",
        )
        .text("analysis.ipynb", "{\"cells\": []}\n")
        .text(
            "README.md",
            "# My LinkedIn data\n\nLots of words about the project here.\n",
        )
        .text("src/Skills.csv", "id,label,level\n1,Rust,5\n2,Go,4\n")
        .bytes(".DS_Store", b"\0\0\0\x01Bud1")
        .bytes("__MACOSX/._Connections.csv", b"\0\x05\x16\x07");
    project = project.text(
        "notes/Profile.html",
        "<html><body>Not an article</body></html>",
    );
    let folder = project.folder(dir.path(), "my-project");
    let plain = report_json(&[export_only], None);
    let r = report_json(&[folder], None);
    let not_read: Vec<&str> = r["not_read"]
        .as_array()
        .expect("not_read")
        .iter()
        .filter_map(|n| n["path"].as_str())
        .collect();
    for path in [
        "Skills.tsx",
        "Projects.tsx",
        "positions.json",
        "analysis.ipynb",
        "README.md",
        "notes/Profile.html",
    ] {
        assert!(not_read.contains(&path), "{path} in {not_read:?}");
    }
    assert_eq!(not_read.len(), 6, "each listed once: {not_read:?}");
    assert_eq!(r["inputs"][0]["skipped_system"], 2);
    assert_eq!(r["inputs"][0]["not_read"], 6);
    let mismatched = file(&r, "src/Skills.csv");
    assert_eq!(mismatched["rows"], 0);
    assert!(problem_kinds(mismatched).contains(&"header_not_found".to_string()));
    // Nothing of it reaches a count: the categories are those of the export alone.
    assert_eq!(r["categories"], plain["categories"]);
    assert_eq!(r["summary"]["text"], plain["summary"]["text"]);
    assert_eq!(r["summary"]["records"], plain["summary"]["records"]);
}

#[test]
fn learning_coach_key_value_blocks_are_records_and_withheld_text_counts_as_none() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = complete_part().zip_on(
        dir.path(),
        "Complete_LinkedInDataExport_05-20-2026.zip",
        (2026, 5, 19),
    );
    let r = report_json(&[zip], None);
    let f = file(&r, "LearningCoachMessages.csv");
    assert_eq!(f["format"]["type"], "key_value");
    assert_eq!(f["rows"], 3);
    assert_eq!(f["category"], "genai_conversations");
    let kinds = problem_kinds(f);
    assert!(
        !kinds.contains(&"header_not_found".to_string()),
        "{kinds:?}"
    );
    assert!(kinds.contains(&"withheld".to_string()), "{kinds:?}");
    let names: Vec<&str> = f["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, ["conversation", "timestamp", "user", "coach"]);
    let column = |name: &str| {
        f["columns"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["name"] == name))
            .expect("column")
    };
    assert_eq!(column("coach")["text"]["words"], 0);
    assert_eq!(column("coach")["non_empty"], 3);
    // "what is a data factory" + "and how do I schedule one / every night at two" + 3 words.
    assert_eq!(column("user")["text"]["words"], 5 + 10 + 3);
    assert_eq!(column("timestamp")["date_range"]["first"], "2026-01-07");
    assert_eq!(column("timestamp")["date_range"]["last"], "2026-02-02");
}

#[test]
fn html_in_message_bodies_counts_as_its_text() {
    let r = {
        let dir = tempfile::tempdir().expect("temp dir");
        let zip = Files::new()
            .text("messages.csv", &messages(1, "2025-01-01 10:00:00 UTC"))
            .zip(dir.path(), "Complete_LinkedInDataExport_05-20-2026.zip");
        report_json(&[zip], None)
    };
    let content = file(&r, "messages.csv")["columns"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "CONTENT"))
        .expect("CONTENT")
        .clone();
    // "Thanks for the chat about the project" (7) + "Hi there, Try it free & see more." (8,
    // the entity decoded); the tags and their class attribute are not counted.
    assert_eq!(content["text"]["words"], 15);
}

#[test]
fn spans_use_activity_dates_and_stop_at_the_export_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = complete_part().zip_on(
        dir.path(),
        "Complete_LinkedInDataExport_05-20-2026.zip",
        (2026, 5, 19),
    );
    let r = report_json(&[zip], None);
    assert_eq!(r["export_date"]["date"], "2026-05-20");
    assert_eq!(r["export_date"]["source"], "file_name");
    for c in r["categories"].as_array().expect("categories") {
        if let Some(last) = c["last"].as_str() {
            assert!(last <= "2026-05-20", "{} runs to {last}", c["id"]);
        }
        if let Some(first) = c["first"].as_str() {
            assert!(first >= "2020-01-01", "{} starts at {first}", c["id"]);
        }
    }
    assert!(r["summary"]["date_range"]["last"].as_str() <= Some("2026-05-20"));
    // The reaction of 2026-06-30 is after the export: counted in a note.
    assert_eq!(r["export_date"]["records_dated_after"], 1);
    let noted = r["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .any(|p| p["kind"] == "dates_after_export");
    assert!(noted);
    // Life, expiry and typed dates stay in the file and column details.
    let verifications = file(&r, "Verifications/Verifications.csv");
    assert_eq!(verifications["date_range"]["last"], "2034-10-06");
    let expiry = verifications["columns"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "Expiry date"))
        .expect("Expiry date");
    assert_eq!(expiry["date_role"], "expiry_or_planned");
}

#[test]
fn new_columns_and_files_of_2025_2026_are_known() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = complete_part()
        .text(
            "Ad_Targeting.csv",
            "Member Age,Recent Device OS,Devices\n25 to 34,iOS,Mobile\n",
        )
        .zip_on(
            dir.path(),
            "Complete_LinkedInDataExport_05-20-2026.zip",
            (2026, 5, 19),
        );
    let r = report_json(&[zip], None);
    let known = |path: &str, column: &str| {
        file(&r, path)["columns"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["name"] == column))
            .map(|c| c["known"].clone())
    };
    assert_eq!(known("Ad_Targeting.csv", "Devices"), Some(true.into()));
    assert_eq!(
        known("Jobs/Job Seeker Preferences.csv", "Semantic Preferences"),
        Some(true.into())
    );
    assert_eq!(known("Reviews.csv", "Reviewer"), Some(true.into()));
    let engagements = file(&r, "Services Marketplace/Engagements.csv");
    assert_eq!(engagements["known"], true);
    assert_eq!(engagements["category"], "job_seeking");
    let opportunities = file(&r, "Services Marketplace/Opprtunities.csv");
    assert_eq!(opportunities["known"], true);
    assert_eq!(opportunities["category"], "job_seeking");
    // "Not Available" is no date, not an unparsed one.
    let emails = file(&r, "Email Addresses.csv");
    assert!(!problem_kinds(emails).contains(&"unparsed_dates".to_string()));
}

#[test]
fn a_basic_part_with_saved_resumes_is_still_basic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = basic_part().zip_on(dir.path(), "LinkedInDataExport.zip", (2026, 5, 19));
    let r = report_json(&[zip], None);
    assert_eq!(r["inputs"][0]["archive_type"], "basic");
    assert_eq!(file(&r, "Private_identity_asset.csv")["rows"], 1);
}

#[test]
fn pointer_rows_are_not_called_a_header_without_rows() {
    let r = {
        let dir = tempfile::tempdir().expect("temp dir");
        let zip = Files::new()
            .text(
                "Rich Media.csv",
                "Type,Link\nVideo content can be downloaded at,https://www.linkedin.com/psettings/member-data/videos\n",
            )
            .text("Skills.csv", "Name\nRust\n")
            .zip(dir.path(), "Basic_LinkedInDataExport_07-11-2023.zip");
        report_json(&[zip], None)
    };
    let rich = file(&r, "Rich Media.csv");
    let messages: Vec<&str> = rich["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .all(|m| !m.contains("header but no data rows")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("only point to where")),
        "{messages:?}"
    );
}

#[test]
fn quiet_leaves_stdout_empty_and_errors_on_stderr() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("report.json");
    lidex()
        .args([
            "scan",
            "fixtures/sample",
            "--quiet",
            "--as-of",
            AS_OF,
            "--json",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    assert!(out.exists(), "the report is still written");
    lidex()
        .args(["scan", "no/such/export.zip", "--quiet"])
        .assert()
        .code(3)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("cannot read"));
}

fn genai_state(files: Files) -> (String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip: PathBuf = files.zip(dir.path(), "Complete_LinkedInDataExport_05-20-2026.zip");
    let r = report_json(std::slice::from_ref(&zip), None);
    let state = r["exposure"]["not_in_archive"]
        .as_array()
        .and_then(|n| {
            n.iter().find(|n| {
                n["category"] == "genai_conversations" && n["purpose"] == "genai_training"
            })
        })
        .map(|n| n["state"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    let out = lidex()
        .args(["scan", "--as-of", AS_OF])
        .arg(&zip)
        .output()
        .expect("runs");
    (state, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The terminal line that names GenAI conversations among the categories without records.
fn genai_line(text: &str) -> &str {
    text.lines()
        .find(|l| l.contains("Used for GenAI training,") && l.contains("GenAI conversations"))
        .unwrap_or_default()
}

#[test]
fn genai_conversations_tell_no_file_from_no_records_from_a_placeholder() {
    let base = Files::new().text("Skills.csv", "Name\nRust\n");
    let (state, text) = genai_state(base.clone());
    assert_eq!(state, "no_file");
    assert!(genai_line(&text).contains("not in your archive:"), "{text}");
    let (state, text) = genai_state(
        base.clone()
            .text("LearningCoachMessages.csv", "No conversations found\n\n"),
    );
    assert_eq!(state, "placeholder_only");
    assert!(
        genai_line(&text).contains("only as LinkedIn's placeholder"),
        "{text}"
    );
    let (state, text) = genai_state(base.text(
        "learning_role_play_messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n",
    ));
    assert_eq!(state, "no_records");
    assert!(
        genai_line(&text).contains("its files hold no records"),
        "{text}"
    );
}

#[test]
fn policy_lists_the_controls_with_where_to_find_them() {
    for region in ["eu", "us"] {
        lidex()
            .args(["policy", "--as-of", AS_OF, "--region", region])
            .assert()
            .success()
            .stdout(predicate::str::contains("Data for Generative AI Improvement: Settings & Privacy > Data privacy > Data for Generative AI Improvement"))
            .stdout(predicate::str::contains(
                "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
            ));
    }
    lidex()
        .args(["policy", "--as-of", AS_OF, "--region", "us"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Data Processing Objection form").not());
    // Only .csv names match the catalog now; a bare file name still finds its .csv.
    lidex()
        .args(["policy", "--as-of", AS_OF, "--explain", "Shares"])
        .assert()
        .success()
        .stdout(predicate::str::contains("posted_content.posts"));
}

/// Writes this file's test archives to `$LIDEX_FIGURES_DIR`, to measure them with any
/// build of lidex (the before/after figures of docs/fidelity.md). Not a check: run it with
/// `LIDEX_FIGURES_DIR=/tmp/fig cargo test --test it write_the_test_archives -- --ignored`.
#[test]
#[ignore = "writes files for measuring; run by hand"]
fn write_the_test_archives() {
    let Some(dir) = std::env::var_os("LIDEX_FIGURES_DIR").map(PathBuf::from) else {
        return;
    };
    std::fs::create_dir_all(&dir).expect("dir");
    let day = (2026, 5, 19);
    basic_part().zip_on(&dir, "Basic_LinkedInDataExport_05-20-2026.zip", day);
    complete_part().zip_on(&dir, "Complete_LinkedInDataExport_05-20-2026.zip", day);
    basic_part().zip_on(&dir, "LinkedInDataExport.zip", day);
    complete_part().zip_on(&dir, "LinkedInDataExport (1).zip", day);
    Files::new()
        .text(
            "Connections.csv",
            "First Name,Last Name,Email Address,Company,Position,Connected On\nBo,Example,,Acme,Engineer,\"6/17/18, 6:18 AM\"\n",
        )
        .text("Skills.csv", "Name\nRust\n")
        .folder(&dir, "Complete_LinkedInDataExport_11-04-2018");
    complete_part()
        .text(
            "Skills.tsx",
            "export const Skills = () => <ul><li>Rust</li></ul>;\n",
        )
        .text(
            "positions.json",
            "[{\"company\": \"Acme\", \"title\": \"Engineer\"}]\n",
        )
        .text(
            "README.md",
            "# My LinkedIn data\n\nLots of words about the project here.\n",
        )
        .text("src/Skills.csv", "id,label,level\n1,Rust,5\n2,Go,4\n")
        .bytes(".DS_Store", b"\0\0\0\x01Bud1")
        .folder(&dir, "my-project");
}
