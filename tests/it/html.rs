//! The HTML report: its snapshot on the sample, hostile archive text that must stay text,
//! `--redact`, and the real-browser checks of tests/browser (Chromium through Playwright).

use crate::support::*;
use lidex::policy::Jurisdiction;
use lidex::report::{self, html};
use std::path::{Path, PathBuf};

/// What every hostile payload sets when it runs: the browser test checks it stays unset.
const CANARY: &str = "window.__lidexPwned=1";

/// An export whose text tries every way into the page: markup, attribute breakers,
/// `javascript:` links, bidi overrides, in file names, column names, dates, posts,
/// messages and an article.
pub fn hostile_files() -> Files {
    let script = format!("<script>{CANARY};document.title='pwned'</script>");
    let breaker = format!("\"><img src=x onerror=\"{CANARY}\">'><svg onload={CANARY}>");
    Files::new()
        .text(
            "Profile.csv",
            "First Name,Last Name,Headline,Summary\nAda,Lovelace,Engineer,Hi\n",
        )
        .text(
            "Shares.csv",
            &format!(
                "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n\
                 2025-01-02 10:00:00,javascript:{CANARY},\"{}\",\"javascript:{CANARY}\",https://evil.example/x.png,MEMBER_NETWORK\n\
                 2019-03-04 10:00:00,\"https://www.linkedin.com/feed/update/urn:li:share:6512345678901234567{}\",\"\u{202E}{}{}\",,,PUBLIC\n",
                script.replace('"', "\"\""),
                breaker.replace('"', "\"\""),
                script.replace('"', "\"\""),
                breaker.replace('"', "\"\"")
            ),
        )
        // An old comment (so it is listed to review) with a javascript: link.
        .text(
            "Comments.csv",
            &format!(
                "Date,Link,Message\n\
                 2019-05-06 10:00:00,javascript:{CANARY},\"\u{2066}{}\"\n",
                script.replace('"', "\"\"")
            ),
        )
        .text(
            "messages.csv",
            &format!(
                "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n\
                 c1,\u{202E}gnp.exe,Eve,javascript:{CANARY},Ada,https://www.linkedin.com/in/ada,2025-01-03 10:00:00 UTC,\"{}\",\"</style></title>{}\",INBOX\n",
                breaker.replace('"', "\"\""),
                script.replace('"', "\"\"")
            ),
        )
        .text(
            "Connections.csv",
            &format!(
                "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                 Eve,Mallory,javascript:{CANARY},eve@example.com,X,Y,\"{}\"\n",
                breaker.replace('"', "\"\"")
            ),
        )
        .text(
            &format!("Articles/Articles/{script}.html"),
            &format!("<html><body><h1>{breaker}</h1><p><a href=\"javascript:{CANARY}\">x</a>{script}</p></body></html>"),
        )
        .text(
            "x\"><svg onload=window.__lidexPwned=1>\u{202E}vsc.csv",
            &format!("{script},\u{2066}isolate\nvalue,value\n"),
        )
}

/// Every element and attribute the renderer writes. Anything else in the page came from
/// the archive.
const TAGS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "strong",
    "nav",
    "ul",
    "ol",
    "li",
    "a",
    "main",
    "section",
    "article",
    "svg",
    "g",
    "text",
    "rect",
    "line",
    "details",
    "summary",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "dl",
    "dt",
    "dd",
    "div",
    "input",
    "label",
    "code",
    "blockquote",
    "bdi",
    "abbr",
    "span",
    "footer",
    "script",
];

/// The tags of a page written by lidex, with their attribute names. Good enough for our
/// own output, where maud escapes every `<`, `&` and `"` of text and attribute values.
fn tags(page: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = page;
    // Our own script and style are raw text: skip their bodies.
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with('/') {
            continue;
        }
        let end = rest.find('>').expect("tags close");
        let inside = &rest[..end];
        let name: String = inside
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect::<String>()
            .to_lowercase();
        let mut attrs = Vec::new();
        let mut attr_rest = &inside[name.len()..];
        loop {
            attr_rest = attr_rest.trim_start();
            if attr_rest.is_empty() || attr_rest == "/" {
                break;
            }
            let key: String = attr_rest
                .chars()
                .take_while(|c| *c != '=' && !c.is_whitespace())
                .collect();
            attr_rest = &attr_rest[key.len()..];
            if let Some(v) = attr_rest.strip_prefix("=\"") {
                let close = v.find('"').expect("attribute values are quoted");
                attr_rest = &v[close + 1..];
            }
            attrs.push(key.to_lowercase());
        }
        rest = &rest[end..];
        if name == "script" || name == "style" {
            let close = rest.find(&format!("</{name}>")).expect("closed");
            rest = &rest[close..];
        }
        out.push((name, attrs));
    }
    out
}

/// The checks a hostile page must pass: only lidex's own elements, attributes and script;
/// links only to https; no bidi override; the hostile text there, as text.
pub fn assert_inert(page: &str) {
    let found = tags(page);
    for (name, attrs) in &found {
        assert!(TAGS.contains(&name.as_str()), "unexpected element <{name}>");
        for a in attrs {
            assert!(!a.starts_with("on"), "event handler {a} on <{name}>");
            assert!(
                a != "src" && a != "srcdoc" && a != "style",
                "{a} on <{name}>"
            );
        }
    }
    let scripts = found.iter().filter(|(n, _)| n == "script").count();
    assert_eq!(scripts, 1, "only lidex's own script");
    let csp = html::csp();
    assert!(
        page.contains(&format!("content=\"{csp}\"")),
        "the CSP is set"
    );
    for href in page.split("href=\"").skip(1) {
        let url = &href[..href.find('"').expect("closed")];
        assert!(
            url.starts_with('#') || url.starts_with("https://"),
            "link to {url}"
        );
    }
    assert!(!page.contains("href=\"javascript"), "no javascript: link");
    for c in [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}',
    ] {
        assert!(
            !page.contains(c),
            "bidi control U+{:04X} in the page",
            c as u32
        );
    }
}

fn hostile_report(dir: &Path) -> (PathBuf, String) {
    let zip = hostile_files().zip(dir, "Complete_LinkedInDataExport_01-01-2026.zip");
    let page = html::render(&report(std::slice::from_ref(&zip), None));
    (zip, page)
}

#[test]
fn html_report_of_the_sample_for_the_uk() {
    let report = report(&[sample_zip()], Some(Jurisdiction::Uk));
    let page = html::render(&report);
    // One element a line, so a change reads as a small diff.
    insta::assert_snapshot!(
        "sample_uk_html",
        page.replace(&report.tool.version, "[version]")
            .replace("><", ">\n<")
    );
}

#[test]
fn hostile_archive_text_stays_text_in_the_html_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, page) = hostile_report(dir.path());
    assert_inert(&page);
    // The payloads did reach the page, escaped: the checks above are not vacuous.
    assert!(
        page.contains("&lt;script&gt;window.__lidexPwned=1"),
        "escaped file name shown"
    );
    assert!(
        page.contains("x&quot;&gt;&lt;svg onload=window.__lidexPwned=1&gt;"),
        "escaped attribute breaker shown"
    );
    assert!(
        page.contains('\u{FFFD}'),
        "the bidi override is shown neutralised"
    );
    // The old post and comment are in the checklist: their excerpts are text, their
    // javascript: and attribute-breaking links are not links.
    let posts = section(&page, "posts");
    assert!(
        posts.contains("\u{FFFD}&lt;script&gt;window.__lidexPwned=1"),
        "the post's excerpt is shown escaped: {posts}"
    );
    assert!(
        posts.contains("data-key=\"post:"),
        "the items have checkboxes"
    );
    assert!(
        !posts.contains("href="),
        "no hostile link became a link: {posts}"
    );
    assert!(
        posts.contains("not a LinkedIn link"),
        "the javascript: link is named, not linked"
    );
}

/// One section of a page, from its opening tag to its end.
fn section<'p>(page: &'p str, id: &str) -> &'p str {
    let start = page
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("section {id}"));
    let rest = &page[start..];
    &rest[..rest.find("</section>").expect("closed")]
}

#[test]
fn every_section_is_in_the_page_without_script() {
    let report = report(&[sample_zip()], None);
    let page = html::render(&report);
    // The script only adds comforts: every section is in the markup.
    for id in [
        "headline",
        "by-category",
        "timeline",
        "activity",
        "categories",
        "sensitive",
        "posts",
        "actions",
        "microsoft",
        "read",
        "problems",
    ] {
        assert!(
            page.contains(&format!("<section id=\"{id}\"")),
            "section {id}"
        );
    }
    assert!(page.contains("Nothing left this machine."));
    // Every category of the model has a card and a bar.
    for c in &report.categories {
        assert!(
            page.contains(&format!("id=\"cat-{}\"", c.id.id())),
            "card {}",
            c.id.id()
        );
    }
    // Every listed post (the sample has fewer than the cap) has a checkbox and its link.
    assert!(
        !report.posts_to_review.is_empty(),
        "the sample has posts to review"
    );
    for p in report.posts_to_review.iter().take(html::MAX_POSTS) {
        let key = if p.id.is_empty() {
            String::new()
        } else {
            format!("data-key=\"post:{}\"", p.id)
        };
        assert!(page.contains(&key), "{key}");
        if p.url.starts_with("https://www.linkedin.com/") {
            assert!(
                page.contains(&format!("href=\"{}\"", p.url)),
                "{} is a link",
                p.url
            );
        }
    }
    assert!(
        page.contains("engagement cannot be used"),
        "the engagement note"
    );
    // The timeline's chart has a title and a table equivalent; Microsoft's both kinds show.
    assert!(page.contains("<title id=\"activity-title\">Items per month by kind"));
    assert!(page.contains("Items per month and kind"));
    for k in &report.microsoft_account_connection.kinds {
        assert!(
            page.contains(&format!("<h3>{}</h3>", k.label)),
            "{}",
            k.label
        );
        if let Some(url) = &k.linkedin_steps.url {
            assert!(page.contains(&format!("href=\"{url}\"")), "{url} is a link");
        }
    }
    // Every action has a checkbox and its link.
    for a in &report.exposure.actions {
        assert!(page.contains(&format!("data-key=\"action:{}\"", a.id)));
        if let Some(url) = &a.url {
            assert!(page.contains(&format!("href=\"{url}\"")), "{url} is a link");
        }
    }
}

#[test]
fn long_lists_are_cut_and_counted_and_the_page_stays_small() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Files::new().text("Profile.csv", "First Name,Last Name\nA,B\n");
    let n = html::MAX_FILES + 250;
    for i in 0..n {
        files = files.text(&format!("Extra_{i:04}.csv"), "Column,Other\n");
    }
    // Old posts, one a day from 2010 on: more than the checklist shows.
    let posts = html::MAX_POSTS + 100;
    let mut shares = String::from("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n");
    for i in 0..posts {
        let day = jiff::civil::date(2010, 1, 1)
            .checked_add(jiff::Span::new().days(i as i64))
            .expect("a date");
        shares.push_str(&format!(
            "{day} 10:00:00,https://www.linkedin.com/feed/update/urn:li:share:{},\"Post number {i}\",,,PUBLIC\n",
            6_000_000_000_000_000_000u64 + i as u64
        ));
    }
    files = files.text("Shares.csv", &shares);
    let zip = files.zip(dir.path(), "Complete_LinkedInDataExport_01-01-2026.zip");
    let report = report(&[zip], None);
    assert!(report.files.len() > html::MAX_FILES);
    assert!(report.problems.len() > html::MAX_PROBLEMS);
    let page = html::render(&report);
    assert!(page.contains(&format!(
        "(the first {} of {};",
        html::MAX_FILES,
        report.files.len()
    )));
    assert!(page.contains(&format!(
        "(the first {} of {};",
        html::MAX_PROBLEMS,
        report.problems.len()
    )));
    assert!(
        !page.contains(&format!("Extra_{:04}.csv</bdi></th>", n - 1)),
        "the last file is not a row"
    );
    // The checklist shows the newest posts and the count; the JSON keeps every one.
    assert_eq!(report.posts_to_review.len(), posts);
    assert!(page.contains(&format!("(the newest {} of {};", html::MAX_POSTS, posts)));
    assert_eq!(page.matches("data-key=\"post:").count(), html::MAX_POSTS);
    assert!(
        page.contains(&format!("Post number {}<", posts - 1)),
        "the newest is shown"
    );
    assert!(!page.contains("Post number 0<"), "the oldest is not a row");
    assert_eq!(report.files.len(), n + 2);
    assert!(page.len() < 1 << 20, "{} bytes", page.len());
}

/// A header-less address book among the files: its "column names" are the first person.
fn personal_files() -> Files {
    Files::new()
        .text("Profile.csv", "First Name,Last Name\nAda,Lovelace\n")
        .text(
            "Contacts_backup.csv",
            "Jane,Doe,jane.doe@example.org,+44 20 7946 0958\nJohn,Roe,john@example.org,+44 20 7946 0959\n",
        )
        .text(
            "Connections.csv",
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
             Grace,Hopper,https://www.linkedin.com/in/grace-hopper-00,grace@example.com,X,Y,call grace@example.com\n",
        )
        // An old comment, so it is listed to review, that names another person.
        .text(
            "Comments.csv",
            "Date,Link,Message\n\
             2019-05-06 10:00:00,https://www.linkedin.com/feed/update/urn:li:activity:6538000000000000004,Thanks Wilhelmina for the intro\n",
        )
}

#[test]
fn redact_masks_other_peoples_data_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = personal_files().zip(dir.path(), "Complete_LinkedInDataExport_01-01-2026.zip");
    let secrets = [
        "jane.doe@example.org",
        "7946 0958",
        "grace@example.com",
        "Jane",
        // A comment's excerpt in the posts to review.
        "Wilhelmina",
    ];
    let run = |redact: bool| {
        let out = dir.path().join(if redact { "r.html" } else { "p.html" });
        let mut cmd = lidex();
        cmd.arg("scan")
            .arg(&zip)
            .args(["--as-of", AS_OF, "--quiet", "--json", "-", "--html"])
            .arg(&out);
        if redact {
            cmd.arg("--redact");
        }
        let json = cmd.assert().success().get_output().stdout.clone();
        let term = {
            let mut cmd = lidex();
            cmd.arg("scan")
                .arg(&zip)
                .args(["--as-of", AS_OF, "--color", "never"]);
            if redact {
                cmd.arg("--redact");
            }
            cmd.assert().success().get_output().stdout.clone()
        };
        let page = std::fs::read_to_string(&out).expect("html written");
        (
            String::from_utf8(json).expect("utf-8"),
            String::from_utf8(term).expect("utf-8"),
            page,
        )
    };
    let (json, term, page) = run(false);
    assert!(!term.contains("Redacted: "));
    // Without --redact the people are there, so the test below can fail.
    for s in secrets {
        assert!(
            json.contains(s) && page.contains(s),
            "{s} in the plain report"
        );
    }
    assert!(!page.contains("Redacted copy."));
    let (json, term, page) = run(true);
    for s in secrets {
        assert!(!json.contains(s), "{s} in the redacted JSON");
        assert!(!term.contains(s), "{s} in the redacted terminal summary");
        assert!(!page.contains(s), "{s} in the redacted HTML");
    }
    assert!(page.contains("Redacted copy."));
    assert!(term.contains("Redacted: "), "the terminal summary says so");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["redacted"], true);
    assert!(
        !v["inputs"][0]["path"].as_str().unwrap().contains('/'),
        "the folder is dropped"
    );
}

#[test]
fn html_goes_to_a_file_atomically_or_to_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("report.html");
    lidex()
        .args([
            "scan",
            "fixtures/sample",
            "--as-of",
            AS_OF,
            "--quiet",
            "--html",
        ])
        .arg(&out)
        .assert()
        .success();
    let file = std::fs::read_to_string(&out).expect("written");
    assert!(file.starts_with("<!DOCTYPE html>"));
    // An existing report is kept without --force (exit code 5).
    lidex()
        .args([
            "scan",
            "fixtures/sample",
            "--as-of",
            AS_OF,
            "--quiet",
            "--html",
        ])
        .arg(&out)
        .assert()
        .code(5);
    let stdout = lidex()
        .args([
            "scan",
            "fixtures/sample",
            "--as-of",
            AS_OF,
            "--quiet",
            "--html",
            "-",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(stdout).expect("utf-8"),
        file,
        "stdout holds the page alone"
    );
    lidex()
        .args(["scan", "fixtures/sample", "--json", "-", "--html", "-"])
        .assert()
        .code(2);
    // The page of the library and of the binary agree.
    let mut lib = Vec::new();
    let mut r = report(&[sample_dir()], None);
    r.inputs[0].path = "fixtures/sample".into();
    report::html::write(&r, &mut lib).expect("write");
    assert_eq!(String::from_utf8(lib).expect("utf-8"), file);
}
