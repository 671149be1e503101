//! `lidex dataset` and `lidex cohort` (the `dataset` feature): row counts against each
//! member's scan, no text in the Parquet, byte-identical reruns, the cohort aggregates.

use crate::support::{self, AS_OF, Files, lidex};
use lidex::archive::Limits;
use lidex::catalog::Catalog;
use lidex::dataset::{self, Key};
use polars::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A second member: a Basic export with a primary address, a profile and an old post full of
/// text, a URL and a phone number (all invented).
fn grace() -> Files {
    Files::new()
        .text(
            "Email Addresses.csv",
            "Email Address,Confirmed,Primary,Updated On\nold.grace@example.net,Yes,No,\"1/3/19, 10:02 PM\"\ngrace.hopper@example.net,Yes,Yes,\"6/17/23, 6:18 AM\"",
        )
        .text(
            "Profile.csv",
            "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\nGrace,Hopperfield,,,Dec 9,\"Admiral of compilers\",\"Found a moth in relay seventy.\",Computer Software,22202,\"Arlington, Virginia\",[gracehopperfield],[PERSONAL:https://grace.example.net/],\n",
        )
        .text(
            "Shares.csv",
            "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2019-03-04 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A6500000000000000001,\"Nanoseconds are eleven point eight inches of wire, call +1 202 555 0143\",https://grace.example.net/wire,,MEMBER_NETWORK\n2020-06-01 09:30:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A6600000000000000002,\"Cobol turns sixty-one quietly\",,,MEMBER_NETWORK\n2026-02-01 08:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7400000000000000003,\"Fresh post about debugging\",,,MEMBER_NETWORK\n",
        )
}

/// A third member: a folder with no email address (its id comes from its contents).
fn noemail() -> Files {
    Files::new()
        .text(
            "Connections.csv",
            "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nKatherine,Johnsonbury,https://www.linkedin.com/in/kjohnsonbury,kj@example.org,NASA Langley,Mathematician,12 Feb 2021\n",
        )
        .text(
            "Shares.csv",
            "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2018-07-20 20:17:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A6400000000000000004,\"Trajectories checked by hand tonight\",,,MEMBER_NETWORK\n",
        )
}

/// Three different members: the bundled sample ZIP, a Basic ZIP, and a folder.
fn three_members(dir: &Path) -> Vec<PathBuf> {
    vec![
        support::root().join(support::sample_zip()),
        grace().zip(dir, "Basic_LinkedInDataExport_01-15-2026.zip"),
        noemail().folder(dir, "member-three"),
    ]
}

fn key_file(dir: &Path) -> PathBuf {
    let path = dir.join("key.txt");
    std::fs::write(&path, "a test key that is not secret\n").unwrap();
    path
}

fn write(out: &Path, key: &Path, inputs: &[PathBuf], extra: &[&str]) -> assert_cmd::assert::Assert {
    lidex()
        .arg("dataset")
        .arg("--out")
        .arg(out)
        .arg("--key-file")
        .arg(key)
        .args(["--as-of", AS_OF, "--quiet"])
        .args(extra)
        .args(inputs)
        .assert()
}

/// Every Parquet file under `dir`, by relative path.
fn parquet_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for (rel, bytes) in crate::synth::read_folder(dir).unwrap() {
        if rel.ends_with(".parquet") {
            out.insert(rel, bytes);
        }
    }
    out
}

/// One table, read back whole with polars (every member).
fn table(dir: &Path, name: &str) -> DataFrame {
    dataset::cohort::scan(dir, name)
        .unwrap()
        .unwrap_or_else(|| panic!("table {name} is written"))
        .collect()
        .unwrap()
}

fn member_rows(df: &DataFrame, member: &str) -> DataFrame {
    df.clone()
        .lazy()
        .filter(col("member_id").eq(lit(member)))
        .collect()
        .unwrap()
}

fn sum_u64(df: &DataFrame, name: &str) -> u64 {
    df.column(name)
        .unwrap()
        .cast(&DataType::UInt64)
        .unwrap()
        .u64()
        .unwrap()
        .iter()
        .flatten()
        .sum()
}

fn id_of(input: &Path, key: &Key) -> String {
    let parts = dataset::member_parts(input);
    dataset::identify(&parts, key, &Limits::default(), Catalog::builtin())
        .unwrap()
        .0
}

#[test]
fn dataset_row_counts_match_each_members_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = three_members(tmp.path());
    let key = key_file(tmp.path());
    let out = tmp.path().join("ds");
    write(&out, &key, &inputs, &[]).success();
    let key = Key::from_file_contents(&std::fs::read(&key).unwrap());

    let ids: Vec<String> = inputs.iter().map(|i| id_of(i, &key)).collect();
    let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 3, "one member id per archive: {ids:?}");

    let exports = table(&out, "exports");
    let files = table(&out, "files");
    let categories = table(&out, "categories");
    let exposure = table(&out, "exposure");
    let timeline = table(&out, "timeline");
    let items = table(&out, "items");
    let findings = table(&out, "findings");
    assert_eq!(exports.height(), 3);
    let mut findings_in_all = 0;
    for (input, id) in inputs.iter().zip(&ids) {
        let report = support::report_json(std::slice::from_ref(input), None);
        let files_of = member_rows(&files, id);
        let report_files = report["files"].as_array().unwrap();
        assert_eq!(files_of.height(), report_files.len(), "{}", input.display());
        assert_eq!(
            sum_u64(&files_of, "rows"),
            report["summary"]["records"].as_u64().unwrap()
        );
        assert_eq!(
            sum_u64(&files_of, "tokens"),
            report_files
                .iter()
                .map(|f| f["text"]["tokens_estimate"].as_u64().unwrap())
                .sum::<u64>()
        );
        let cats = report["categories"].as_array().unwrap();
        let cats_of = member_rows(&categories, id);
        assert_eq!(cats_of.height(), cats.len());
        assert_eq!(
            sum_u64(&cats_of, "records"),
            cats.iter()
                .map(|c| c["records"].as_u64().unwrap())
                .sum::<u64>()
        );
        // Every category x purpose x region of the report's matrices.
        let cells: usize = cats
            .iter()
            .map(|c| {
                c["exposure"]
                    .as_object()
                    .unwrap()
                    .values()
                    .map(|by_region| by_region.as_object().unwrap().len())
                    .sum::<usize>()
            })
            .sum();
        assert_eq!(member_rows(&exposure, id).height(), cells);
        // The timeline holds every record of the files that have one, dated or not.
        let analysis = support::analyze(std::slice::from_ref(input), Some(1));
        let timed: u64 = analysis
            .files
            .iter()
            .flat_map(|f| f.scan.timeline.values())
            .map(|d| d.records)
            .sum();
        assert!(timed > 0);
        assert_eq!(sum_u64(&member_rows(&timeline, id), "records"), timed);
        assert_eq!(member_rows(&exports, id).height(), 1);
        // One item row per post, comment, article, repost and vote the scan's timeline
        // counts (reactions are in the timeline table only), and exactly the scan's posts to
        // review carry reasons.
        let counted: u64 = report["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] != "reaction")
            .map(|e| e["items"].as_u64().unwrap())
            .sum();
        let items_of = member_rows(&items, id);
        assert_eq!(items_of.height() as u64, counted, "{}", input.display());
        let listed = items_of.height() - items_of.column("reasons").unwrap().null_count();
        assert_eq!(
            listed,
            report["posts_to_review"].as_array().unwrap().len(),
            "{}",
            input.display()
        );
        assert_eq!(
            sum_u64(&items_of, "findings"),
            report["posts_to_review"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["findings"].as_array().map_or(0, Vec::len) as u64)
                .sum::<u64>(),
            "only listed items have findings here: {}",
            input.display()
        );
        // The findings table counts what the scan's sensitive summary counts.
        let found: u64 = report["sensitive"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["count"].as_u64().unwrap())
            .sum();
        assert_eq!(sum_u64(&member_rows(&findings, id), "count"), found);
        findings_in_all += found;
    }
    assert!(findings_in_all > 0, "the fixtures plant sensitive content");
}

/// Strings of the fixtures that must never reach the dataset: names, addresses, phone
/// numbers, URLs, words of posts and profile text.
const NEEDLES: [&str; 16] = [
    "ada@example.com",
    "grace.hopper@example.net",
    "example.net",
    "example.org",
    "linkedin.com",
    "https://",
    "Lovelace",
    "Hopperfield",
    "Johnsonbury",
    "Nanoseconds",
    "Trajectories",
    "retreat",
    "202 555 0143",
    "30 1234567",
    "member-three",
    "Basic_LinkedInDataExport",
];

#[test]
fn no_text_email_or_url_from_the_fixtures_is_in_any_parquet_file() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = three_members(tmp.path());
    let key = key_file(tmp.path());
    let out = tmp.path().join("ds");
    write(&out, &key, &inputs, &[]).success();
    let files = parquet_files(&out);
    assert_eq!(files.len(), 3 * dataset::TABLES.len());
    for (rel, bytes) in &files {
        for needle in NEEDLES {
            assert!(
                !bytes
                    .windows(needle.len())
                    .any(|w| w.eq_ignore_ascii_case(needle.as_bytes())),
                "{needle} in the bytes of {rel}"
            );
        }
    }
    // The pages are compressed: read every string column back too.
    for name in dataset::TABLES {
        let df = table(&out, name);
        assert!(
            df.get_column_names()
                .iter()
                .all(|c| !["path", "url", "excerpt"].contains(&c.as_str())),
            "{name} has a text column without --include-text"
        );
        for column in df.columns() {
            let Ok(strings) = column.str() else { continue };
            for value in strings.iter().flatten() {
                let lower = value.to_lowercase();
                assert!(
                    !value.contains('@') && !value.contains("://") && !value.contains(' '),
                    "{name}.{}: {value}",
                    column.name()
                );
                for needle in NEEDLES {
                    assert!(!lower.contains(&needle.to_lowercase()), "{name}: {value}");
                }
            }
        }
    }
}

#[test]
fn include_text_writes_paths_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = three_members(tmp.path());
    let key = key_file(tmp.path());
    let out = tmp.path().join("ds");
    let assert = write(&out, &key, &inputs, &["--include-text"]).success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("warning: --include-text"), "{stderr}");
    let files = table(&out, "files");
    let paths: Vec<String> = files
        .column("path")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    assert!(paths.iter().any(|p| p == "Shares.csv"), "{paths:?}");
    let items = table(&out, "items");
    let urls: Vec<&str> = items
        .column("url")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .collect();
    assert!(
        urls.iter()
            .any(|u| u.ends_with("urn%3Ali%3Ashare%3A6500000000000000001")),
        "{urls:?}"
    );
    assert!(items.column("excerpt").is_ok());
}

#[test]
fn same_inputs_give_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = three_members(tmp.path());
    let key = key_file(tmp.path());
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    write(&a, &key, &inputs, &[]).success();
    // Another thread count and the inputs in another order change nothing.
    let mut reversed = inputs.clone();
    reversed.reverse();
    write(&b, &key, &reversed, &["--threads", "1"]).success();
    let first = crate::synth::read_folder(&a).unwrap();
    let second = crate::synth::read_folder(&b).unwrap();
    assert_eq!(first.len(), 3 * dataset::TABLES.len() + 1);
    assert_eq!(
        first.iter().map(|f| &f.0).collect::<Vec<_>>(),
        second.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((path, x), (_, y)) in first.iter().zip(&second) {
        assert!(x == y, "{path} differs between runs");
    }
}

#[test]
fn a_generated_key_is_kept_and_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = vec![support::root().join(support::sample_zip())];
    let out = tmp.path().join("ds");
    let run = || {
        lidex()
            .args(["dataset", "--quiet", "--as-of", AS_OF, "--out"])
            .arg(&out)
            .args(&inputs)
            .assert()
            .success();
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("_meta.json")).unwrap()).unwrap();
        (meta, parquet_files(&out))
    };
    let (meta, files) = run();
    crate::schema::assert_valid_as("dataset-meta.schema.json", &meta, "_meta.json");
    let key = meta["key"].as_str().expect("the generated key is kept");
    assert_eq!(key.len(), 64);
    assert_eq!(meta["as_of"], AS_OF);
    assert_eq!(meta["schema_version"], dataset::DATASET_SCHEMA_VERSION);
    assert!(meta["policy_version"].is_string());
    let (again, files_again) = run();
    assert_eq!(again["key"], meta["key"]);
    assert_eq!(files, files_again);
    let id = id_of(&inputs[0], &Key::from_hex(key).unwrap());
    assert!(files.keys().all(|k| k.contains(&format!("/member={id}/"))));
}

#[test]
fn a_failed_archive_is_recorded_and_the_rest_go_on() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("broken.zip");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let key = key_file(tmp.path());
    let out = tmp.path().join("ds");
    let inputs = vec![broken.clone(), support::root().join(support::sample_zip())];
    let assert = write(&out, &key, &inputs, &[]).success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("broken.zip: skipped"), "{stderr}");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("_meta.json")).unwrap()).unwrap();
    crate::schema::assert_valid_as("dataset-meta.schema.json", &meta, "_meta.json");
    assert_eq!(meta["members_written"], 1);
    assert_eq!(meta["failed"][0]["input"], broken.display().to_string());
    assert!(meta["failed"][0]["error"].as_str().unwrap().contains("ZIP"));
    assert!(
        meta.get("key").is_none(),
        "a key from --key-file is not kept"
    );
    assert_eq!(table(&out, "exports").height(), 1);
}

#[test]
fn cohort_reports_three_members_and_the_aggregates() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = three_members(tmp.path());
    let key = key_file(tmp.path());
    let out = tmp.path().join("ds");
    write(&out, &key, &inputs, &[]).success();
    let assert = lidex()
        .arg("cohort")
        .arg(&out)
        .args(["--json", "-"])
        .assert()
        .success();
    let cohort: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    crate::schema::assert_valid_as("cohort.schema.json", &cohort, "lidex cohort --json");
    assert_eq!(cohort["members"], 3);
    assert_eq!(cohort["exports"], 3);
    assert_eq!(cohort["as_of"], AS_OF);
    assert_eq!(cohort["export_dates"]["first"], "2026-01-15");
    assert_eq!(cohort["export_dates"]["last"], "2026-04-20");
    assert_eq!(cohort["export_dates"]["undated"], 1);
    // Before 2024-11: grace's 2019 and 2020 posts, the third member's 2018 one, and the
    // sample's 2016, 2018, 2022 and early 2024 shares (and any dated article), as the scans
    // count them.
    assert_eq!(cohort["old_posts"]["before"], "2024-11-01");
    assert_eq!(cohort["old_posts"]["members"], 3);
    let cutoff = jiff::civil::date(2024, 11, 1);
    let expected: u64 = inputs
        .iter()
        .map(|i| support::analyze(std::slice::from_ref(i), Some(1)))
        .flat_map(|a| {
            a.files
                .into_iter()
                .filter(|f| {
                    f.spec
                        .is_some_and(|s| dataset::POST_KINDS.contains(&s.id.as_str()))
                })
                .flat_map(|f| f.scan.timeline.into_iter())
                .filter(|(day, _)| day.is_some_and(|d| d < cutoff))
                .map(|(_, t)| t.records)
                .collect::<Vec<_>>()
        })
        .sum();
    assert!(expected >= 7, "{expected}");
    assert_eq!(cohort["old_posts"]["posts"], expected);
    // Each finding type: members with one and the count, as the members' scans find them.
    let mut by_type: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for input in &inputs {
        let report = support::report_json(std::slice::from_ref(input), None);
        let mut mine: BTreeMap<String, u64> = BTreeMap::new();
        for f in report["sensitive"]["findings"].as_array().unwrap() {
            *mine
                .entry(f["type"].as_str().unwrap().to_string())
                .or_default() += f["count"].as_u64().unwrap();
        }
        for (kind, n) in mine {
            let e = by_type.entry(kind).or_default();
            e.0 += 1;
            e.1 += n;
        }
    }
    assert!(by_type.contains_key("phone"), "{by_type:?}");
    let rows = cohort["findings"].as_array().expect("a findings table");
    let got: BTreeMap<String, (u64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["type"].as_str().unwrap().to_string(),
                (r["members"].as_u64().unwrap(), r["count"].as_u64().unwrap()),
            )
        })
        .collect();
    assert_eq!(got, by_type);
    let genai = cohort["genai"].as_array().unwrap();
    let posts_us = genai
        .iter()
        .find(|r| r["category"] == "posted_content" && r["region"] == "us")
        .unwrap_or_else(|| panic!("posts are used in the US: {genai:?}"));
    assert_eq!(posts_us["members"], 3);
    assert!(
        posts_us["p90_tokens"].as_f64().unwrap() >= posts_us["median_tokens"].as_f64().unwrap()
    );
    assert!(posts_us["median_tokens"].as_f64().unwrap() > 0.0);
    // The terminal summary and the HTML page say the same.
    let page = tmp.path().join("cohort.html");
    let assert = lidex()
        .arg("cohort")
        .arg(&out)
        .arg("--html")
        .arg(&page)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(text.starts_with("Cohort: 3 members, 3 exports"), "{text}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Cohort: 3 members, 3 exports"), "{html}");
    assert!(html.contains("posted_content"));
}

#[test]
fn cohort_of_a_folder_that_is_no_dataset_fails_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let assert = lidex()
        .arg("cohort")
        .arg(tmp.path())
        .args(["--as-of", AS_OF])
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("not a lidex dataset"), "{stderr}");
}

#[test]
fn a_folder_of_two_zips_is_one_member_with_two_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let both = tmp.path().join("grace-both");
    std::fs::create_dir(&both).unwrap();
    grace().zip(&both, "Basic_LinkedInDataExport_01-15-2026.zip");
    Files::new()
        .text(
            "Shares.csv",
            "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2021-05-05 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A6800000000000000005,\"Another one\",,,MEMBER_NETWORK\n",
        )
        .zip(&both, "Complete_LinkedInDataExport_01-16-2026.zip");
    let alone = grace().zip(tmp.path(), "Basic_LinkedInDataExport_01-15-2026.zip");
    let key = key_file(tmp.path());
    let out = tmp.path().join("ds");
    write(&out, &key, &[both.clone(), alone.clone()], &[]).success();
    let k = Key::from_file_contents(&std::fs::read(&key).unwrap());
    assert_eq!(dataset::member_parts(&both).len(), 2);
    // Both inputs are the same member (same primary address): one id, two exports.
    assert_eq!(id_of(&both, &k), id_of(&alone, &k));
    let exports = table(&out, "exports");
    assert_eq!(exports.height(), 3, "two parts, then one");
    let members = exports.column("member_id").unwrap().n_unique().unwrap();
    assert_eq!(members, 1);
    let exports_ids = exports.column("export_id").unwrap().n_unique().unwrap();
    assert_eq!(exports_ids, 2);
}
