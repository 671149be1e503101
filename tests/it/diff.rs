//! `lidex diff`: two generated exports of one member, some items deleted in the later one.

use crate::support::*;
use std::path::{Path, PathBuf};

/// A LinkedIn-style 19-digit id made at noon UTC on `day` (first 41 bits: Unix ms).
fn id_on(day: &str, n: u64) -> String {
    let date: jiff::civil::Date = day.parse().unwrap();
    let ts = date
        .at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp();
    let ms = u64::try_from(ts.as_millisecond()).unwrap();
    ((ms << 22) | n).to_string()
}

struct Post {
    day: &'static str,
    text: &'static str,
}

const POSTS: [Post; 6] = [
    Post {
        day: "2021-02-03",
        text: "My first post about engines",
    },
    Post {
        day: "2022-05-06",
        text: "Hiring! Join the analytical engine team",
    },
    Post {
        day: "2023-01-10",
        text: "Notes from a conference",
    },
    Post {
        day: "2023-11-20",
        text: "A long thread on compilers",
    },
    Post {
        day: "2025-04-01",
        text: "Recent thoughts on Rust",
    },
    Post {
        day: "2025-12-24",
        text: "Season's greetings",
    },
];

const COMMENTS: [Post; 2] = [
    Post {
        day: "2022-03-04",
        text: "Great point, thanks",
    },
    Post {
        day: "2025-06-07",
        text: "Congratulations!",
    },
];

fn export(
    dir: &Path,
    name: &str,
    first_name: &str,
    posts: &[usize],
    comments: &[usize],
) -> PathBuf {
    let mut shares = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n".to_string();
    for &i in posts {
        let p = &POSTS[i];
        shares.push_str(&format!(
            "{} 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{},\"{}\",,,MEMBER_NETWORK\n",
            p.day,
            id_on(p.day, i as u64),
            p.text
        ));
    }
    let mut comments_csv = "Date,Link,Message\n".to_string();
    for &i in comments {
        let c = &COMMENTS[i];
        let post = id_on(c.day, 100 + i as u64);
        let own = id_on(c.day, 200 + i as u64);
        comments_csv.push_str(&format!(
            "{} 09:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{post}?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A{post}%2C{own}%29,\"{}\"\n",
            c.day, c.text
        ));
    }
    Files::new()
        .text(
            "Profile.csv",
            &format!("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n{first_name},Lovelace,,,,Engineer,,Software,,,,,\n"),
        )
        .text(
            "Email Addresses.csv",
            "Email Address,Confirmed,Primary,Updated On\nada@example.com,Yes,Yes,\"6/17/23, 6:18 AM\"\n",
        )
        .text("Shares.csv", &shares)
        .text("Comments.csv", &comments_csv)
        .zip(dir, name)
}

const OLD: &str = "Complete_LinkedInDataExport_03-01-2026.zip";
const NEW: &str = "Complete_LinkedInDataExport_06-01-2026.zip";

fn diff_json(args: &[&std::ffi::OsStr]) -> (serde_json::Value, i32) {
    let out = lidex()
        .arg("diff")
        .args(args)
        .args(["--json", "-"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (json, out.status.code().unwrap())
}

fn ids_with(json: &serde_json::Value, kind: &str, status: &str) -> Vec<String> {
    let mut v: Vec<String> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == kind && i["status"] == status)
        .map(|i| i["excerpt"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn diff_reports_exactly_the_removed_posts_as_deleted_and_the_rest_as_remaining() {
    let dir = tempfile::tempdir().unwrap();
    let old = export(dir.path(), OLD, "Ada", &[0, 1, 2, 3, 4, 5], &[0, 1]);
    // Later: the first and third posts and the first comment are deleted.
    let new = export(dir.path(), NEW, "Ada", &[1, 3, 4, 5], &[1]);
    let (json, code) = diff_json(&[old.as_os_str(), new.as_os_str()]);
    assert_eq!(json["member"]["same"], "yes", "{:#}", json["member"]);
    let post = json["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "post")
        .unwrap();
    assert_eq!(
        (post["old"].as_u64(), post["new"].as_u64()),
        (Some(6), Some(4))
    );
    assert_eq!(post["deleted"], 2);
    assert_eq!(post["still_present"], 4);
    assert_eq!(post["added"], 0);
    assert_eq!(
        ids_with(&json, "post", "deleted"),
        ["My first post about engines", "Notes from a conference"]
    );
    assert_eq!(
        ids_with(&json, "comment", "deleted"),
        ["Great point, thanks"]
    );
    assert_eq!(
        ids_with(&json, "comment", "still_present"),
        ["Congratulations!"]
    );
    // Default checklist as of OLD's export date (2026-03-01): items before 2024-03-01.
    let c = &json["checklist"];
    assert_eq!(c["source"], "default");
    assert_eq!(c["as_of"], "2026-03-01");
    assert_eq!(c["listed"], 5, "{c:#}");
    assert_eq!(c["gone"], 3);
    assert_eq!(c["remaining"], 2);
    assert_eq!(code, 7, "some listed items remain");
}

#[test]
fn every_listed_item_gone_exits_zero_and_two_part_inputs_work() {
    let dir = tempfile::tempdir().unwrap();
    let old = export(dir.path(), OLD, "Ada", &[0, 1, 2, 3, 4, 5], &[0, 1]);
    let new = export(dir.path(), NEW, "Ada", &[4, 5], &[1]);
    let (json, code) = diff_json(&[
        "--old".as_ref(),
        old.as_os_str(),
        "--new".as_ref(),
        new.as_os_str(),
    ]);
    assert_eq!(json["checklist"]["listed"], 5);
    assert_eq!(json["checklist"]["gone"], 5);
    assert_eq!(json["checklist"]["remaining"], 0);
    assert_eq!(code, 0);
    let quiet = lidex()
        .args(["diff", "--quiet"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert!(quiet.stdout.is_empty());
    assert_eq!(quiet.status.code(), Some(0));
}

#[test]
fn a_ticked_checklist_says_what_is_gone_and_calls_out_ticked_items_still_present() {
    let dir = tempfile::tempdir().unwrap();
    let old = export(dir.path(), OLD, "Ada", &[0, 1, 2, 3, 4, 5], &[0, 1]);
    let new = export(dir.path(), NEW, "Ada", &[1, 3, 4, 5], &[1]);
    let list = dir.path().join("checklist.csv");
    lidex()
        .args(["posts", "--as-of", "2026-03-01", "--quiet", "--csv"])
        .arg(&list)
        .arg(&old)
        .assert()
        .success();
    // Tick the items actually deleted, and one that was not ("Hiring!").
    let text = std::fs::read_to_string(&list).unwrap();
    let mut ticked = String::new();
    for (i, line) in text.lines().enumerate() {
        let tick = i > 0
            && [
                "My first post",
                "Notes from a conference",
                "Great point",
                "Hiring!",
            ]
            .iter()
            .any(|t| line.contains(t));
        ticked.push_str(line);
        if tick {
            ticked.push('x');
        }
        ticked.push('\n');
    }
    std::fs::write(&list, ticked).unwrap();
    let (json, code) = diff_json(&[
        old.as_os_str(),
        new.as_os_str(),
        "--checklist".as_ref(),
        list.as_os_str(),
    ]);
    let c = &json["checklist"];
    assert_eq!(c["source"], "file");
    assert_eq!(c["listed"], 5, "{c:#}");
    assert_eq!(c["gone"], 3);
    assert_eq!(c["remaining"], 2);
    assert_eq!(c["ticked_but_present"], 1);
    let ticked_present: Vec<&str> = c["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["ticked"] == true && i["outcome"] == "remains")
        .map(|i| i["excerpt"].as_str().unwrap())
        .collect();
    assert_eq!(ticked_present, ["Hiring! Join the analytical engine team"]);
    assert_eq!(code, 7);
    // The CSV of what remains can be ticked again and given back.
    let out = lidex()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .arg("--checklist")
        .arg(&list)
        .args(["--csv", "-"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.starts_with("url,id,kind,date,reasons,excerpt,deleted,ticked\n"));
    let terminal = lidex()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .arg("--checklist")
        .arg(&list)
        .output()
        .unwrap();
    let text = String::from_utf8(terminal.stdout).unwrap();
    assert!(
        text.contains("ticked as deleted are still in NEW"),
        "{text}"
    );
}

#[test]
fn two_different_members_are_warned_about_with_their_own_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let old = export(dir.path(), OLD, "Ada", &[0, 1], &[]);
    let new = export(dir.path(), NEW, "Grace", &[0, 1], &[]);
    let (json, code) = diff_json(&[old.as_os_str(), new.as_os_str()]);
    assert_eq!(json["member"]["same"], "no");
    assert!(
        json["member"]["differences"][0]
            .as_str()
            .unwrap()
            .contains("profile name differs")
    );
    assert_eq!(code, 8);
}

#[test]
fn diff_needs_two_sides_and_a_day_to_judge_by() {
    let dir = tempfile::tempdir().unwrap();
    let old = export(dir.path(), OLD, "Ada", &[0], &[]);
    lidex().arg("diff").arg(&old).assert().code(2);
    let renamed = dir.path().join("old-export.zip");
    std::fs::copy(&old, &renamed).unwrap();
    let out = lidex()
        .arg("diff")
        .arg(&renamed)
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--as-of"));
}

#[test]
fn the_diff_json_schema_in_docs_is_current() {
    let path = root().join("docs/diff.schema.json");
    let schema = lidex::report::diff::schema();
    if std::env::var_os("LIDEX_WRITE_SCHEMA").is_some() {
        std::fs::write(&path, &schema).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == schema,
        "docs/diff.schema.json is stale: run `LIDEX_WRITE_SCHEMA=1 cargo test --test it diff_json_schema`"
    );
}

#[test]
fn an_undated_item_in_new_makes_gone_claims_of_its_kind_unverified() {
    let dir = tempfile::tempdir().unwrap();
    let old = export(dir.path(), OLD, "Ada", &[0, 1], &[]);
    let new = Files::new()
        .text(
            "Profile.csv",
            "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\nAda,Lovelace,,,,Engineer,,Software,,,,,\n",
        )
        .text(
            "Shares.csv",
            "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n,,\"A post the export gives no date or link\",,,MEMBER_NETWORK\n",
        )
        .zip(dir.path(), NEW);
    let (json, code) = diff_json(&[old.as_os_str(), new.as_os_str()]);
    let post = json["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "post")
        .unwrap();
    assert_eq!(post["undated_new"], 1, "{post:#}");
    assert_eq!(
        json["checklist"]["unverified"], 2,
        "{:#}",
        json["checklist"]
    );
    assert_eq!(json["checklist"]["gone"], 0);
    assert_eq!(code, 9);
}

#[test]
fn a_checklist_without_the_posts_columns_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let old = export(dir.path(), OLD, "Ada", &[0], &[]);
    let new = export(dir.path(), NEW, "Ada", &[], &[]);
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "name,value\na,b\n").unwrap();
    let out = lidex()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .arg("--checklist")
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no 'url' column"));
}
