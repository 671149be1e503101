//! Every real-world convention of the export format, one test each (see
//! shared/reference/linkedin-export-format.md, sections 1 and 2).

use crate::support::*;
use crate::synth::utf16le_with_bom;

const PREAMBLE: &str = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261\"\n\n";

fn scan(files: &Files) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = files.zip(dir.path(), "Complete_LinkedInDataExport_01-02-2026.zip");
    report_json(&[zip], None)
}

fn column<'a>(file: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    file["columns"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("column {name}"))
}

#[test]
fn the_connections_preamble_is_found_and_the_last_row_needs_no_newline() {
    let text = format!(
        "{PREAMBLE}First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Lovelace,https://www.linkedin.com/in/ada,,\"Engines, Ltd.\",Engineer,04 Jul 2023\n,,,,,,07 Jun 2022\nGrace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,03 Jan 2019"
    );
    let r = scan(&Files::new().text("Connections.csv", &text));
    let f = file(&r, "Connections.csv");
    assert_eq!(f["format"]["preamble_lines"], 3);
    assert_eq!(f["rows"], 3, "the date-only row is a record");
    assert_eq!(f["date_range"]["first"], "2019-01-03");
    assert_eq!(f["date_range"]["last"], "2023-07-04");
    assert_eq!(column(f, "Company")["non_empty"], 2);
    assert!(problem_kinds(f).is_empty(), "{:?}", f["problems"]);
}

#[test]
fn a_preamble_deleted_by_the_user_is_fine_too() {
    let text = "First Name,Last Name,Email Address,Company,Position,Connected On\nAda,Lovelace,,Globex,Engineer,04 Jul 2023\n";
    let r = scan(&Files::new().text("Connections.csv", text));
    let f = file(&r, "Connections.csv");
    assert_eq!(f["format"]["preamble_lines"], 0);
    assert_eq!(f["rows"], 1);
}

#[test]
fn legacy_utf16_tab_separated_files_are_decoded() {
    let text = "\"Login Date\"\t\"IP Address\"\t\"User Agent\"\t\"Login Type\"\n\"2018/08/18 17:16:55 UTC\"\t\"192.0.2.10\"\t\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_6)\"\t\"Website Login\"\n";
    let r = scan(&Files::new().bytes("Logins.csv", &utf16le_with_bom(text)));
    let f = file(&r, "Logins.csv");
    assert_eq!(f["format"]["encoding"], "utf-16le");
    assert_eq!(f["format"]["type"], "tsv");
    assert_eq!(f["rows"], 1);
    assert_eq!(f["date_range"]["first"], "2018-08-18");
    assert!(
        f["columns"]
            .as_array()
            .is_some_and(|c| c.iter().all(|c| c["known"] == true))
    );
}

#[test]
fn a_utf8_byte_order_mark_is_skipped() {
    let r = scan(&Files::new().bytes("Skills.csv", b"\xEF\xBB\xBFName\nRust\nCompilers\n"));
    let f = file(&r, "Skills.csv");
    assert_eq!(f["format"]["encoding"], "utf-8-bom");
    assert_eq!(f["rows"], 2);
    assert_eq!(column(f, "Name")["known"], true);
}

#[test]
fn crlf_records_and_a_missing_final_newline_are_read() {
    let text = "Date,Type,Link\r\n2023-03-02 09:00:00,LIKE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A1\r\n2023-03-03 09:00:00,PRAISE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A2";
    let r = scan(&Files::new().text("Reactions.csv", text));
    let f = file(&r, "Reactions.csv");
    assert_eq!(f["rows"], 2);
    assert_eq!(f["date_range"]["last"], "2023-03-03");
    assert!(problem_kinds(f).is_empty(), "{:?}", f["problems"]);
}

#[test]
fn quoted_multi_line_fields_stay_one_record() {
    let text = "\"CONVERSATION ID\",\"CONVERSATION TITLE\",\"FROM\",\"SENDER PROFILE URL\",\"TO\",\"RECIPIENT PROFILE URLS\",\"DATE\",\"SUBJECT\",\"CONTENT\",\"FOLDER\",\"ATTACHMENTS\"\n\"2-abc==\",\"Role\",\"Grace Hopper\",\"https://www.linkedin.com/in/g\",\"Ada Lovelace\",\"https://www.linkedin.com/in/a\",\"2026-03-27 19:33:55 UTC\",\"Role\",\"Hi Ada,\n\nQuick highlights:\n* 100% remote\n* \"\"Platform\"\" team\",\"INBOX\",\"\"\n\"2-abc==\",\"Role\",\"Ada Lovelace\",\"https://www.linkedin.com/in/a\",\"Grace Hopper\",\"https://www.linkedin.com/in/g\",\"2026-03-28 15:01:42 UTC\",\"\",\"\",\"INBOX\",\"\"\n";
    let r = scan(&Files::new().text("messages.csv", text));
    let f = file(&r, "messages.csv");
    assert_eq!(f["rows"], 2);
    assert_eq!(column(f, "CONTENT")["text"]["words"], 10);
    assert!(problem_kinds(f).is_empty(), "{:?}", f["problems"]);
}

#[test]
fn comments_with_raw_line_breaks_from_2021_to_2024_are_split_at_timestamps() {
    let text = "Date,Link,Message\r\n2024-03-17 18:03:34,https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A1,Congrats Ada\r\n2023-12-10 09:53:09,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A2,Interested\r\nMSc (2024 graduate)\r\nada@example.com\r\n2023-11-03 15:35:22,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A3,\"Interesting, please share how to apply \"\r\n2021-05-21 15:12:58,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A4,\"This works in two cases.\r\n1) If the team is junior, \r\n\r\n2) If meals matter a lot, he said \"\"free lunch\"\" wins.\"\r\n";
    let r = scan(&Files::new().text("Comments.csv", text));
    let f = file(&r, "Comments.csv");
    assert_eq!(f["rows"], 4, "4 comments, one of them 3 lines long");
    assert_eq!(f["date_range"]["first"], "2021-05-21");
    assert!(problem_kinds(f).is_empty(), "{:?}", f["problems"]);
}

#[test]
fn comments_with_backslash_escaped_quotes_from_2025_are_read() {
    let text = "Date,Link,Message\n2026-04-06 15:43:56,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A5,\"Someone called this a \\\"pitch slap\\\" and it's accurate.\"\n2026-03-24 17:09:15,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A6,\"Grace Hopper Haha, love this!\n\nOne that sticks with me: the 30/60/90 plan.\"\n2026-04-01 17:47:56,https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7,\"Mine include \\\"gross,\\\" and \\\"nope.\\\"\"\n2026-04-06 15:17:18,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A8,Alan Turing 💯\n";
    let r = scan(&Files::new().text("Comments_1158443584.csv", text));
    let f = file(&r, "Comments_1158443584.csv");
    assert_eq!(f["kind"], "comments", "the member-id suffix is matched");
    assert_eq!(f["rows"], 4);
    // "Someone called this a "pitch slap" and it's accurate." is 54 characters.
    let chars = column(f, "Message")["text"]["chars"].as_u64().unwrap_or(0);
    assert!(
        chars > 54 + 40 + 25,
        "quotes unescaped, all messages counted: {chars}"
    );
}

#[test]
fn unquoted_commas_in_search_queries_belong_to_the_query() {
    let text = "Time,Search Query\n2025/03/11 05:43:31 UTC,software engineer\n2024/08/04 16:41:43 UTC,grace hopper, navy\n";
    let r = scan(&Files::new().text("SearchQueries.csv", text));
    let f = file(&r, "SearchQueries.csv");
    assert_eq!(f["rows"], 2);
    assert!(!problem_kinds(f).contains(&"ragged_rows".to_string()));
    let query = column(f, "Search Query");
    assert_eq!(query["non_empty"], 2);
}

#[test]
fn ragged_rows_in_other_files_are_read_by_position_and_reported() {
    let text = "Name,Proficiency\nEnglish,Native,extra\nGerman\n";
    let r = scan(&Files::new().text("Languages.csv", text));
    let f = file(&r, "Languages.csv");
    assert_eq!(f["rows"], 2);
    assert!(problem_kinds(f).contains(&"ragged_rows".to_string()));
}

#[test]
fn repeated_column_names_and_a_trailing_empty_column_are_kept() {
    let ads = "Member Age,Company Names,Company Names,Job Titles,Job Titles\n25 to 34,Globex,Initech,Engineer,Engineer\n";
    let learning = "Content Title,Content Description,Content Type,Content Last Watched Date (if viewed),Content Completed At (if completed),Content Saved,Notes taken on videos (if taken),\nBeing Positive,\"<p>Stay positive.</p>\",Course,2025-01-25 04:15 UTC,N/A,false,N/A,\n";
    let r = scan(
        &Files::new()
            .text("Ad_Targeting.csv", ads)
            .text("Learning.csv", learning),
    );
    let a = file(&r, "Ad_Targeting.csv");
    assert_eq!(a["columns"].as_array().map(Vec::len), Some(5));
    assert!(
        a["columns"]
            .as_array()
            .is_some_and(|c| c.iter().all(|c| c["known"] == true))
    );
    let l = file(&r, "Learning.csv");
    assert_eq!(l["columns"].as_array().map(Vec::len), Some(8));
    assert_eq!(column(l, "")["known"], true);
    assert_eq!(l["date_range"]["first"], "2025-01-25");
}

#[test]
fn split_and_numbered_files_are_recognised() {
    let qa = "Question,Answer\nYears of Rust?,6\n";
    let r = scan(
        &Files::new()
            .text("Job Applicant Saved Screening Question Responses_1.csv", qa)
            .text("Job Applicant Saved Screening Question Responses_2.csv", qa)
            .text("Shares_1158443584.csv", "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2025-06-30 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A1,Hire Grace!,\"\",\"\",MEMBER_NETWORK\n"),
    );
    for path in [
        "Job Applicant Saved Screening Question Responses_1.csv",
        "Job Applicant Saved Screening Question Responses_2.csv",
    ] {
        assert_eq!(
            file(&r, path)["kind"],
            "job_applicant_saved_screening_question_responses"
        );
    }
    assert_eq!(file(&r, "Shares_1158443584.csv")["kind"], "shares");
    let cat = r["categories"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "job_seeking"))
        .expect("job seeking");
    assert_eq!(cat["records"], 2, "parts add up");
}

#[test]
fn articles_with_colons_and_spaces_in_their_names_are_read() {
    let page = "<html><head><title>CMS RFI MCP</title></head><body><h1>CMS RFI MCP</h1><p class=\"created\">Created on 2025-07-02 04:22</p><p class=\"published\">Published on ---</p><div><p>Now it's your turn to analyze 10k pages.</p></div></body></html>";
    let name = "Articles/Articles/2025-07-02 04:22:13.0-CMS RFI MCP: Now It's Your Turn to Analyze 10k Pages ;).html";
    let r = scan(&Files::new().text(name, page));
    let f = file(&r, name);
    assert_eq!(f["kind"], "articles");
    assert_eq!(f["category"], "posted_content");
    assert_eq!(f["date_range"]["first"], "2025-07-02");
    assert_eq!(f["text"]["words"].as_u64().map(|w| w >= 8), Some(true));
}

#[test]
fn renamed_downloads_keep_their_type_and_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = Files::new().text("Skills.csv", "Name\nRust\n");
    for name in [
        "Complete_LinkedInDataExport_08-26-2025.zip.zip",
        "Complete_LinkedInDataExport_08-26-2025 (1).zip",
    ] {
        let zip = files.zip(dir.path(), name);
        let r = report_json(&[zip], None);
        assert_eq!(r["inputs"][0]["archive_type"], "complete", "{name}");
        assert_eq!(r["inputs"][0]["export_date"], "2025-08-26", "{name}");
    }
}

#[test]
fn basic_and_complete_together_keep_the_complete_copy_and_say_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let basic = Files::new()
        .text("Skills.csv", "Name\nRust\n")
        .text("Profile Summary.csv", "Profile Summary\n\n")
        .zip(dir.path(), "Basic_LinkedInDataExport_08-25-2025.zip");
    let complete = Files::new()
        .text("Skills.csv", "Name\nRust\nCompilers\n")
        .text(
            "Reactions.csv",
            "Date,Type,Link\n2023-03-02 09:00:00,LIKE,https://www.linkedin.com/feed/update/1\n",
        )
        .zip(dir.path(), "Complete_LinkedInDataExport_08-26-2025.zip");
    let r = report_json(&[basic, complete], None);
    let skills: Vec<&serde_json::Value> = r["files"]
        .as_array()
        .map(|f| f.iter().filter(|f| f["path"] == "Skills.csv").collect())
        .unwrap_or_default();
    assert_eq!(skills.len(), 1, "one copy reported");
    assert_eq!(skills[0]["input"], 1, "the Complete archive's copy");
    assert_eq!(skills[0]["rows"], 2);
    let dup = r["problems"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["kind"] == "duplicate_file"))
        .expect("the duplicate is reported");
    assert!(
        dup["message"]
            .as_str()
            .is_some_and(|m| m.contains("Complete"))
    );
    assert_eq!(
        file(&r, "Profile Summary.csv")["input"],
        0,
        "Basic-only files stay"
    );
}

#[test]
fn invalid_utf8_is_decoded_lossily_and_reported_not_fatal() {
    let r = scan(&Files::new().bytes("Skills.csv", b"Name\nRust\nCaf\xe9 culture\n"));
    let f = file(&r, "Skills.csv");
    assert_eq!(f["rows"], 2);
    assert!(problem_kinds(f).contains(&"invalid_utf8".to_string()));
}

#[test]
fn an_extracted_folder_with_a_wrapping_folder_reads_like_the_zip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = Files::new()
        .text("Basic_LinkedInDataExport_12-24-2025/Skills.csv", "Name\nRust\n")
        .text("Basic_LinkedInDataExport_12-24-2025/Jobs/Saved Jobs.csv", "Saved Date,Job Url,Job Title,Company Name\n\"6/24/23, 11:09 AM\",http://www.linkedin.com/jobs/view/1,Staff Engineer,Hooli\n");
    let folder = files.folder(dir.path(), "download");
    let r = report_json(&[folder], None);
    assert_eq!(r["inputs"][0]["kind"], "dir");
    assert_eq!(file(&r, "Jobs/Saved Jobs.csv")["kind"], "saved_jobs");
    assert_eq!(file(&r, "Skills.csv")["kind"], "skills");
}

#[test]
fn unknown_files_and_columns_are_kept_and_classified_with_evidence() {
    let r = scan(
        &Files::new()
            .text("Skills.csv", "Name,Endorsement Count\nRust,12\n")
            .text("Group_Posts.csv", "Posted At,Text\n2026-01-02 10:00:00,\"A long group post about distributed systems and why we love them.\"\n")
            .text("Mystery.csv", "Contact\nada@example.com\ngrace@example.org\n")
            .bytes("photo.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"),
    );
    let skills = file(&r, "Skills.csv");
    let extra = column(skills, "Endorsement Count");
    assert_eq!(extra["known"], false);
    assert_eq!(extra["role"], "number");
    assert!(extra["evidence"].is_string());
    let group = file(&r, "Group_Posts.csv");
    assert_eq!(group["known"], false);
    assert_eq!(group["category"], "groups");
    assert!(group["evidence"].as_array().is_some_and(|e| !e.is_empty()));
    assert_eq!(column(group, "Text")["role"], "text");
    let mystery = file(&r, "Mystery.csv");
    assert_eq!(mystery["category"], "contacts");
    assert_eq!(column(mystery, "Contact")["role"], "email");
    // Not a .csv: listed as not part of an export, never read or counted.
    assert!(
        r["files"]
            .as_array()
            .is_some_and(|f| f.iter().all(|f| f["path"] != "photo.jpg"))
    );
    assert_eq!(r["not_read"][0]["path"], "photo.jpg");
}

#[test]
fn a_basic_archive_lists_what_only_the_complete_one_has() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = Files::new()
        .text("Skills.csv", "Name\nRust\n")
        .zip(dir.path(), "Basic_LinkedInDataExport_12-24-2025.zip");
    let r = report_json(&[zip], None);
    let missing = r["missing"].as_array().expect("missing list");
    let shares = missing
        .iter()
        .find(|m| m["kind"] == "shares")
        .expect("posts are listed as missing");
    assert!(
        shares["reason"]
            .as_str()
            .is_some_and(|s| s.contains("Complete archive"))
    );
    assert!(missing.iter().any(|m| m["kind"] == "connections"));
}

#[test]
fn shares_commentary_is_unwrapped_before_it_is_measured() {
    let text = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2025-07-01 14:33:22,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A9,\"One two.\"\"\n\"\"\"\"\n\"\"Three four.\",\"\",\"\",MEMBER_NETWORK\n";
    let r = scan(&Files::new().text("Shares.csv", text));
    let f = file(&r, "Shares.csv");
    // "One two.\n\nThree four." = 21 characters once the literal quotes are gone.
    assert_eq!(column(f, "ShareCommentary")["text"]["chars"], 21);
    assert_eq!(f["rows"], 1);
}
