//! `lidex posts`: a generated archive with posts of known dates, planted PII and
//! special-category words, and the exact items and reasons expected from it.

use crate::support::{Files, lidex};
use std::collections::BTreeMap;

/// A 19-digit LinkedIn id made at noon UTC on that day (first 41 bits: Unix milliseconds).
fn id_on(date: &str, n: u64) -> String {
    let day: jiff::civil::Date = date.parse().unwrap();
    let ts = day
        .at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp();
    let ms = u64::try_from(ts.as_millisecond()).unwrap();
    ((ms << 22) | n).to_string()
}

fn share(id_date: &str, n: u64) -> String {
    format!(
        "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{}",
        id_on(id_date, n)
    )
}

fn activity(date: &str, n: u64) -> String {
    format!(
        "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{}",
        id_on(date, n)
    )
}

struct Archive {
    dir: tempfile::TempDir,
    zip: std::path::PathBuf,
    /// url -> (kind, date) of every item written.
    urls: BTreeMap<&'static str, String>,
}

fn archive() -> Archive {
    let mut urls = BTreeMap::new();
    urls.insert("old_post", share("2021-03-04", 1));
    urls.insert("email_post", share("2025-06-01", 2));
    urls.insert("mismatch_post", share("2020-02-02", 3));
    urls.insert("recent_post", share("2025-09-09", 4));
    urls.insert("commented_post", activity("2022-01-01", 5));
    urls.insert("recent_commented", activity("2025-10-01", 6));
    let shares = format!(
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n\
         2021-03-04 10:00:00,{},\"Old post about Rust.\"\"\n\"\"\"\"\n\"\"Second line.\",https://example.org/rust,\"\",MEMBER_NETWORK\n\
         2025-06-01 09:00:00,{},Write to me at jane.roe@example.com for the slides,\"\",https://media.licdn.com/x,MEMBER_NETWORK\n\
         2023-06-01 08:00:00,{},A post whose id says 2020,\"\",\"\",MEMBER_NETWORK\n\
         2025-09-09 08:00:00,{},Recent and harmless #rustlang,\"\",\"\",MEMBER_NETWORK\n",
        urls["old_post"], urls["email_post"], urls["mismatch_post"], urls["recent_post"]
    );
    let comments = format!(
        "Date,Link,Message\n\
         2022-02-02 10:00:00,{},Great point!\n\
         2025-10-10 10:00:00,{},Thanks for sharing\n\
         2025-11-11 10:00:00,{},I was diagnosed with diabetes last spring and it changed how I work\n",
        urls["commented_post"], urls["recent_commented"], urls["recent_commented"]
    );
    let votes = format!(
        "Date,Link,OptionText\n2020-05-05 10:00:00,https://www.linkedin.com/feed/update/urn:li:ugcPost:{},Option B\n",
        id_on("2020-05-01", 8)
    );
    let reactions = format!(
        "Date,Type,Link\n2019-01-01 10:00:00,LIKE,{}\n",
        activity("2019-01-01", 7)
    );
    let article = "<html><head><title>Old article</title></head><body>\
        <h1><a href=\"https://www.linkedin.com/pulse/old-article-ada-abcde\">Old article</a></h1>\
        <p class=\"created\">Created on 2020-01-01 10:00</p>\
        <p class=\"published\">Published on 2020-01-02 10:00</p>\
        <div><p>Body of an old article.</p></div></body></html>";
    let dir = tempfile::tempdir().unwrap();
    let zip = Files::new()
        .text("Shares.csv", &shares)
        .text("Comments.csv", &comments)
        .text("Votes.csv", &votes)
        .text("Reactions.csv", &reactions)
        .text(
            "Articles/Articles/2020-01-01 10:00:00.0-Old article.html",
            article,
        )
        .zip(dir.path(), "Complete_LinkedInDataExport_01-01-2026.zip");
    Archive { dir, zip, urls }
}

fn posts_json(a: &Archive, extra: &[&str]) -> serde_json::Value {
    posts_of(&a.zip, extra)
}

/// (kind, date, reasons) of every listed item, in order.
fn listed(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let reasons: Vec<&str> = i["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap())
                .collect();
            (
                i["kind"].as_str().unwrap().to_string(),
                i["date"].as_str().unwrap_or("").to_string(),
                reasons.join(","),
            )
        })
        .collect()
}

fn row(kind: &str, date: &str, reasons: &str) -> (String, String, String) {
    (kind.to_string(), date.to_string(), reasons.to_string())
}

#[test]
fn default_lists_old_and_sensitive_items_with_their_reasons() {
    let a = archive();
    let v = posts_json(&a, &[]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(
        listed(&v),
        vec![
            row("comment", "2025-11-11", "special_category:health"),
            row("post", "2025-06-01", "email"),
            row("post", "2023-06-01", "old,date_mismatch"),
            row("comment", "2022-02-02", "old"),
            row("post", "2021-03-04", "old"),
            row("vote", "2020-05-05", "old"),
            row("article", "2020-01-01", "old"),
        ]
    );
    let items = &v["items"].as_array().unwrap()[1..];
    let email = &items[0];
    assert_eq!(email["url"], a.urls["email_post"].as_str());
    assert_eq!(email["has_media"], true);
    assert_eq!(email["has_link"], false);
    assert_eq!(email["findings"][0]["type"], "email");
    assert_eq!(email["findings"][0]["column"], "ShareCommentary");
    assert!(
        !email["findings"][0]["masked"]
            .as_str()
            .unwrap()
            .contains("jane.roe@example.com")
    );
    let old = &items[3];
    assert_eq!(old["excerpt"], "Old post about Rust. Second line.");
    assert_eq!(old["has_link"], true);
    assert_eq!(old["visibility"], "MEMBER_NETWORK");
    assert_eq!(
        items[5]["url"],
        "https://www.linkedin.com/pulse/old-article-ada-abcde"
    );
    assert_eq!(items[5]["excerpt"], "Old article");
    // Seen, listed or not; reactions are counted though not listed.
    assert_eq!(v["seen"]["post"], 4);
    assert_eq!(v["seen"]["reaction"], 1);
    assert!(v["notes"][0].as_str().unwrap().contains("no like, comment"));
    drop(a.dir);
}

#[test]
fn keep_removes_what_it_names_by_url_or_id() {
    let a = archive();
    let keep = a.dir.path().join("keep.txt");
    let comment_id = a.urls["commented_post"]
        .rsplit("%3A")
        .next()
        .unwrap()
        .to_string();
    std::fs::write(
        &keep,
        format!("# never list these\n{}\n{comment_id}\n", a.urls["old_post"]),
    )
    .unwrap();
    let v = posts_json(&a, &["--keep", keep.to_str().unwrap()]);
    assert_eq!(
        listed(&v),
        vec![
            row("comment", "2025-11-11", "special_category:health"),
            row("post", "2025-06-01", "email"),
            row("post", "2023-06-01", "old,date_mismatch"),
            row("vote", "2020-05-05", "old"),
            row("article", "2020-01-01", "old"),
        ]
    );
    // The URL line adds its id too.
    assert_eq!(v["selection"]["keep"], 3);
}

#[test]
fn criteria_narrow_the_list() {
    let a = archive();
    let v = posts_json(&a, &["--contains", "#RustLang"]);
    assert_eq!(listed(&v), vec![row("post", "2025-09-09", "contains")]);
    let v = posts_json(&a, &["--older-than", "3y", "--kind", "post,comment"]);
    assert_eq!(
        listed(&v),
        vec![
            row("comment", "2022-02-02", "old"),
            row("post", "2021-03-04", "old")
        ]
    );
    let v = posts_json(&a, &["--kind", "reaction", "--before", "2020-01-01"]);
    assert_eq!(listed(&v), vec![row("reaction", "2019-01-01", "old")]);
    let v = posts_json(&a, &["--sensitive=phone"]);
    assert_eq!(listed(&v), vec![]);
    let v = posts_json(
        &a,
        &[
            "--sensitive=special_category:health",
            "--after",
            "2025-01-01",
        ],
    );
    assert_eq!(
        listed(&v),
        vec![row("comment", "2025-11-11", "special_category:health")]
    );
}

#[test]
fn checklist_csv_has_stable_columns_and_a_row_per_item() {
    let a = archive();
    let out = lidex()
        .arg("posts")
        .arg(&a.zip)
        .args(["--as-of", "2026-01-01", "--csv", "-"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        ["url", "id", "kind", "date", "reasons", "excerpt", "deleted"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(&rows[2][4], "old;date_mismatch");
    assert!(rows.iter().all(|r| r[6].is_empty()));
}

#[test]
fn quiet_prints_nothing_and_bad_arguments_are_usage_errors() {
    let a = archive();
    lidex()
        .arg("posts")
        .arg(&a.zip)
        .args(["--as-of", "2026-01-01", "--quiet"])
        .assert()
        .success()
        .stdout("");
    lidex()
        .arg("posts")
        .arg(&a.zip)
        .args(["--older-than", "2w"])
        .assert()
        .code(2);
    lidex()
        .arg("posts")
        .arg(&a.zip)
        .args(["--keep", "/nonexistent/keep.txt"])
        .assert()
        .code(3);
}

#[test]
fn the_scan_report_carries_posts_to_review_and_the_timeline() {
    let a = archive();
    let out = lidex()
        .arg("scan")
        .arg(&a.zip)
        .args(["--as-of", "2026-01-01", "--json", "-"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["posts_to_review"].as_array().unwrap().len(), 7);
    let timeline = v["timeline"].as_array().unwrap();
    let posts_2021_03 = timeline
        .iter()
        .find(|t| t["month"] == "2021-03" && t["kind"] == "post")
        .unwrap();
    assert_eq!(posts_2021_03["items"], 1);
    assert!(timeline.iter().any(|t| t["kind"] == "reaction"));
    let sensitive = &v["sensitive"];
    assert!(sensitive["values_scanned"].as_u64().unwrap() >= 6);
    let email = sensitive["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["type"] == "email" && f["category"] == "posted_content")
        .unwrap();
    assert_eq!(email["count"], 1);
}

#[test]
fn posts_schema_file_is_current() {
    let path = crate::support::root().join("docs/posts.schema.json");
    let schema = lidex::report::posts::schema();
    // LIDEX_BLESS=1 rewrites the file from the types (as `lidex schema posts` prints it).
    if std::env::var_os("LIDEX_BLESS").is_some() {
        std::fs::write(&path, &schema).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == schema,
        "docs/posts.schema.json is stale: run LIDEX_BLESS=1 cargo test --test it posts_schema"
    );
}

const PROFILE_HEADER: &str = "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n";

/// A Complete export whose profile says `geo` (no Profile.csv when `None`) and whose one
/// post gives a Berlin number in national format, and a Dutch one in international format.
fn archive_in(dir: &std::path::Path, geo: Option<&str>) -> std::path::PathBuf {
    let shares = format!(
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n\
         2025-06-01 09:00:00,{},Ruf mich an: 030 12345678 oder +31 6 12345678,\"\",\"\",MEMBER_NETWORK\n",
        share("2025-06-01", 1)
    );
    let mut files = Files::new().text("Shares.csv", &shares);
    if let Some(geo) = geo {
        files = files.text(
            "Profile.csv",
            &format!("{PROFILE_HEADER}Ada,Lovelace,,,,Engineer,,Software,,\"{geo}\",,,\n"),
        );
    }
    files.zip(dir, "Complete_LinkedInDataExport_01-01-2026.zip")
}

/// Standard output of a successful `lidex posts ZIP --as-of 2026-01-01 EXTRA…`.
fn posts_stdout(zip: &std::path::Path, extra: &[&str]) -> Vec<u8> {
    lidex()
        .arg("posts")
        .arg(zip)
        .args(["--as-of", "2026-01-01"])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn posts_of(zip: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let extra: Vec<&str> = ["--json", "-"].iter().chain(extra).copied().collect();
    serde_json::from_slice(&posts_stdout(zip, &extra)).expect("stdout is JSON")
}

/// The masked phone numbers found in the listed items.
fn phones(v: &serde_json::Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["findings"].as_array().cloned().unwrap_or_default())
        .filter(|f| f["type"] == "phone")
        .map(|f| f["masked"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_national_number_is_read_in_the_profiles_country() {
    let dir = tempfile::tempdir().unwrap();
    let zip = archive_in(dir.path(), Some("Berlin, Berlin, Germany"));
    let v = posts_of(&zip, &[]);
    assert_eq!(
        v["phone_region"],
        serde_json::json!({"region": "DE", "source": "profile"})
    );
    assert_eq!(phones(&v), ["+49 ** *****678", "+31 * *****678"]);
}

#[test]
fn country_option_overrides_the_profile_and_a_berlin_number_is_not_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let zip = archive_in(dir.path(), Some("Berlin, Berlin, Germany"));
    let v = posts_of(&zip, &["--country", "nl"]);
    assert_eq!(
        v["phone_region"],
        serde_json::json!({"region": "NL", "source": "option"})
    );
    // 030 12345678 has a digit too many for a Dutch number; the international one stays.
    assert_eq!(phones(&v), ["+31 * *****678"]);
}

#[test]
fn without_a_country_only_international_numbers_are_found() {
    let dir = tempfile::tempdir().unwrap();
    for (name, geo) in [("none", None), ("metro", Some("Berlin Metropolitan Area"))] {
        let sub = dir.path().join(name);
        std::fs::create_dir(&sub).unwrap();
        let v = posts_of(&archive_in(&sub, geo), &[]);
        assert!(v["phone_region"].is_null(), "{name}: {}", v["phone_region"]);
        assert_eq!(phones(&v), ["+31 * *****678"], "{name}");
    }
}

#[test]
fn the_scan_report_says_where_the_phone_region_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let zip = archive_in(dir.path(), Some("Amsterdam, North Holland, Netherlands"));
    let scan = |extra: &[&str]| -> serde_json::Value {
        let out = lidex()
            .arg("scan")
            .arg(&zip)
            .args(["--as-of", "2026-01-01", "--json", "-"])
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    let phone_count = |v: &serde_json::Value| -> u64 {
        v["sensitive"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["type"] == "phone")
            .map(|f| f["count"].as_u64().unwrap())
            .sum()
    };
    let v = scan(&[]);
    assert_eq!(
        v["sensitive"]["phone_region"],
        serde_json::json!({"region": "NL", "source": "profile"})
    );
    assert_eq!(phone_count(&v), 1);
    let v = scan(&["--country", "DE"]);
    assert_eq!(
        v["sensitive"]["phone_region"],
        serde_json::json!({"region": "DE", "source": "option"})
    );
    assert_eq!(phone_count(&v), 2);
}

#[test]
fn the_profile_of_the_copy_the_scan_keeps_gives_the_region() {
    // A Basic and a Complete part that disagree: the Complete one's profile holds more, so
    // its copy is the one read, whatever the order of the inputs.
    let dir = tempfile::tempdir().unwrap();
    let profile = |summary: &str, geo: &str| {
        format!("{PROFILE_HEADER}Ada,Lovelace,,,,Engineer,{summary},Software,,\"{geo}\",,,\n")
    };
    let complete = Files::new()
        .text(
            "Profile.csv",
            &profile("A longer About text than the other copy", "Berlin, Berlin, Germany"),
        )
        .text(
            "Shares.csv",
            &format!(
                "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2025-06-01 09:00:00,{},Ruf an: 030 12345678,\"\",\"\",MEMBER_NETWORK\n",
                share("2025-06-01", 1)
            ),
        )
        .zip(dir.path(), "Complete_LinkedInDataExport_01-01-2026.zip");
    let basic = Files::new()
        .text(
            "Profile.csv",
            &profile("Short", "Paris, Île-de-France, France"),
        )
        .zip(dir.path(), "Basic_LinkedInDataExport_01-01-2026.zip");
    for inputs in [[&basic, &complete], [&complete, &basic]] {
        let out = lidex()
            .arg("posts")
            .args(inputs)
            .args(["--as-of", "2026-01-01", "--json", "-"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["phone_region"]["region"], "DE");
        assert_eq!(phones(&v), ["+49 ** *****678"]);
    }
}

#[test]
fn a_country_without_phone_rules_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let zip = archive_in(dir.path(), None);
    for command in ["posts", "scan"] {
        for bad in ["XX", "DEU", "UK"] {
            lidex()
                .arg(command)
                .arg(&zip)
                .args(["--country", bad])
                .assert()
                .code(2)
                .stderr(predicates::str::contains(
                    "is not a country code with phone-numbering rules",
                ));
        }
    }
    lidex()
        .args(["posts", "--country", "uk"])
        .arg(&zip)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the United Kingdom is GB"));
}

#[test]
fn the_posts_table_says_how_national_phone_numbers_were_read() {
    let dir = tempfile::tempdir().unwrap();
    let table = |zip: &std::path::Path, extra: &[&str]| {
        String::from_utf8(posts_stdout(zip, extra)).unwrap()
    };
    let berlin = dir.path().join("berlin");
    std::fs::create_dir(&berlin).unwrap();
    let zip = archive_in(&berlin, Some("Berlin, Berlin, Germany"));
    let text = table(&zip, &[]);
    assert!(
        text.contains("were read as DE numbers (your profile's country"),
        "{text}"
    );
    assert!(table(&zip, &["--country", "nl"]).contains("were read as NL numbers (--country)"));
    let nowhere = dir.path().join("nowhere");
    std::fs::create_dir(&nowhere).unwrap();
    let zip = archive_in(&nowhere, None);
    assert!(table(&zip, &[]).contains("were not looked for: your profile names no country"));
}
