//! The HTML report: one self-contained page a member can read, act on, keep and share.
//!
//! The page is written with maud, which escapes every interpolated string, so archive text
//! (file names, column names, values quoted in problems) can never become markup. On top
//! of that, [`clean`] neutralises control characters and bidi overrides, and only `https://`
//! addresses become links: LinkedIn's own for anything that could come from the archive
//! ([`archive_link`]), and the `https://` sources the policy model cites (`policy_link`).
//!
//! The page loads nothing: the CSS and the small script are inline, the charts are inline
//! SVG, and a Content-Security-Policy (`default-src 'none'` plus the SHA-256 of the page's
//! own style and script, computed here) forbids anything else. Every section reads with
//! scripts off; the script only remembers ticked checkboxes (in `localStorage`, when the
//! browser allows it) and adds filtering and sorting to long tables.
//!
//! Each section is one function taking the [`Report`], so sections added to the model later
//! (posts to review, the Microsoft connection, sensitive findings) slot in as one more
//! function and one more line in [`render`] (and one in the `nav` list of `header`). A
//! checklist of posts needs no new script: any `<input type="checkbox" data-key="post:ID">`
//! is remembered like the actions' boxes. Their links go through [`archive_link`], their
//! excerpts through [`clean`], and `--redact` masks them in `report::redact`. Long lists are
//! cut to their first items with the count of the rest: the JSON report keeps them all,
//! and the page stays small.

use super::exposure::{CiteReport, Matrix, RuleReport, Surface};
use super::format::thousands;
use super::microsoft::{CountReport, FlowReport, StatementReport, StepsReport};
use super::posts::TimelineEntry;
use super::{CategoryReport, Report};
use crate::policy::{Jurisdiction, Purpose, Verdict};
use base64::Engine;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::{self, Write};

/// The page's style sheet, hashed into the Content-Security-Policy.
const STYLE: &str = include_str!("html/style.css");
/// The page's script, hashed into the Content-Security-Policy.
const SCRIPT: &str = include_str!("html/script.js");

/// Rows shown of the files table; the rest are counted (the JSON lists them all).
pub const MAX_FILES: usize = 300;
/// Rows shown of the problems table.
pub const MAX_PROBLEMS: usize = 200;
/// Rows shown of the posts-to-review checklist (the newest); the JSON and `lidex posts`
/// list them all.
pub const MAX_POSTS: usize = 200;
/// Files named in one category's card.
const MAX_CARD_FILES: usize = 12;

/// Writes the page.
pub fn write(report: &Report, out: &mut impl Write) -> io::Result<()> {
    out.write_all(render(report).as_bytes())
}

/// The whole page as a string.
pub fn render(report: &Report) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(csp());
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                meta name="color-scheme" content="light dark";
                title { "What LinkedIn may use of your data: lidex report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                (header(report))
                main {
                    (headline(report))
                    (exposure_chart(report))
                    (timeline(report))
                    (activity(report))
                    (category_cards(report))
                    (sensitive(report))
                    (posts_to_review(report))
                    (actions(report))
                    (microsoft(report))
                    (what_was_read(report))
                    (problems(report))
                }
                footer {
                    p {
                        "Written by lidex " (report.tool.version) " on your computer. "
                        "The full details, every file and every column, are in the JSON report ("
                        code { "lidex scan … --json report.json" } ")."
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    let mut text = page.into_string();
    text.push('\n');
    text
}

/// The Content-Security-Policy: nothing but this page's own style and script.
pub fn csp() -> String {
    format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; img-src 'none'; \
         base-uri 'none'; form-action 'none'",
        sha256_source(STYLE),
        sha256_source(SCRIPT)
    )
}

/// A CSP hash source (`sha256-<base64>`) for an inline element's exact text.
fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Archive text made safe to show: control characters become spaces, and the characters
/// that reorder text (bidi overrides and isolates, which can make a file name read
/// backwards) become U+FFFD, so the reader sees that something was there. maud escapes
/// the rest.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}' => '\u{FFFD}',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// True for an address that may become a link when it could come from the archive: only
/// LinkedIn's own pages over https.
pub fn is_linkedin_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let safe = url
        .chars()
        .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'));
    safe && (host == "linkedin.com" || host.ends_with(".linkedin.com"))
}

/// True for an address the policy model cites that may become a link: https only, with
/// nothing in it that could break out of an attribute.
fn is_https_url(url: &str) -> bool {
    url.strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty())
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'))
}

/// A link to a LinkedIn page named in the archive, or the address as plain text.
pub fn archive_link(url: &str, text: &str) -> Markup {
    if is_linkedin_url(url) {
        html! { a href=(url) rel="noopener noreferrer" { bdi { (clean(text)) } } }
    } else {
        html! { bdi { (clean(text)) } }
    }
}

/// A link to a source the policy cites (https only), or the text alone.
fn policy_link(url: Option<&str>, text: &str) -> Markup {
    match url {
        Some(url) if is_https_url(url) => {
            html! { a href=(url) rel="noopener noreferrer" { (clean(text)) } }
        }
        _ => html! { (clean(text)) },
    }
}

fn place(j: Jurisdiction) -> String {
    match j {
        Jurisdiction::Eu | Jurisdiction::Uk | Jurisdiction::Us => format!("the {}", j.label()),
        _ => j.label().to_string(),
    }
}

fn purpose_phrase(p: Purpose) -> &'static str {
    match p {
        Purpose::GenaiTraining => "may be used to train generative AI",
        Purpose::MicrosoftAds => "may be shared with Microsoft for advertising",
        Purpose::MicrosoftAi => "may be shared with Microsoft to train its AI",
        Purpose::MicrosoftAccountLink => {
            "is exchanged with Microsoft if you connect a work or school account"
        }
    }
}

fn verdict_class(v: Verdict) -> String {
    format!("v v-{}", v.id())
}

/// The strongest verdict for a purpose over the jurisdictions in a matrix.
fn worst(matrix: &Matrix, purpose: Purpose) -> Option<Verdict> {
    matrix.get(&purpose)?.values().map(|v| v.verdict).max()
}

fn region_phrase(report: &Report) -> String {
    match report.exposure.policy.region {
        Some(j) => format!("for {}", place(j)),
        None => "for every region (give --region for yours)".to_string(),
    }
}

fn header(report: &Report) -> Markup {
    let p = &report.exposure.policy;
    html! {
        header {
            h1 { "What LinkedIn may use of your data" }
            p.lede {
                "Policy in force on " strong { (p.as_of) }
                @if let Some(v) = &p.version { " (version " (v) ")" }
                ", " (region_phrase(report)) "."
                @if let Some(d) = &p.opted_out_on { " You turned off the GenAI setting on " (d) "." }
            }
            @if report.redacted {
                p.note role="note" {
                    strong { "Redacted copy. " }
                    "Other people's names, email addresses, phone numbers, profile links and "
                    "message excerpts are masked, so this page can be shared."
                }
            }
            nav aria-label="Sections" {
                ul {
                    li { a href="#headline" { "Summary" } }
                    li { a href="#by-category" { "By category" } }
                    li { a href="#timeline" { "Timeline" } }
                    @if !report.timeline.is_empty() { li { a href="#activity" { "Activity" } } }
                    li { a href="#categories" { "Details" } }
                    @if report.sensitive.is_some() { li { a href="#sensitive" { "Sensitive" } } }
                    @if !report.posts_to_review.is_empty() { li { a href="#posts" { "Posts to review" } } }
                    li { a href="#actions" { "What to do" } }
                    li { a href="#microsoft" { "Microsoft" } }
                    li { a href="#read" { "What was read" } }
                    li { a href="#problems" { "Problems" } }
                }
            }
        }
    }
}

/// Jurisdictions whose surfaces for one purpose say the same thing, grouped so the
/// all-regions headline reads as a few sentences rather than seven.
fn grouped(surfaces: &[&Surface]) -> Vec<(Vec<Jurisdiction>, Surface)> {
    let mut out: Vec<(Vec<Jurisdiction>, Surface)> = Vec::new();
    for s in surfaces {
        let key = |x: &Surface| {
            (
                x.used.records,
                x.used.text.tokens_estimate,
                x.used.categories.clone(),
                x.unclear.records,
                x.unclear.text.tokens_estimate,
                // What the sentences under the headline say must hold for every member
                // of the group too.
                x.predates_rule
                    .as_ref()
                    .map(|p| (p.rule_valid_from.clone(), p.before.records)),
                x.opt_out.as_ref().map(|o| {
                    (
                        o.before.records,
                        o.before.text.tokens_estimate,
                        o.after.records,
                    )
                }),
            )
        };
        match out.iter_mut().find(|(_, g)| key(g) == key(s)) {
            Some((js, _)) => js.push(s.jurisdiction),
            None => out.push((vec![s.jurisdiction], (*s).clone())),
        }
    }
    out
}

fn places(js: &[Jurisdiction]) -> String {
    if js.len() == Jurisdiction::ALL.len() {
        return "In every region".to_string();
    }
    let names: Vec<String> = js.iter().map(|j| place(*j)).collect();
    format!("In {}", names.join(", "))
}

fn headline(report: &Report) -> Markup {
    let e = &report.exposure;
    html! {
        section #headline aria-labelledby="headline-h" {
            h2 #headline-h { "In short" }
            @for purpose in Purpose::ALL {
                @let surfaces: Vec<&Surface> = e.surfaces.iter().filter(|s| s.purpose == purpose).collect();
                @if !surfaces.is_empty() {
                    article.purpose {
                        h3 { (purpose.label()) }
                        @for (js, s) in grouped(&surfaces) {
                            p {
                                (places(&js)) ", "
                                @if s.used.records == 0 && s.used.text.chars == 0 {
                                    "nothing in your archive is listed as data that " (purpose_phrase(purpose)) "."
                                } @else {
                                    strong.big { "about " (thousands(s.used.text.tokens_estimate)) " tokens" }
                                    " of your text, across " (thousands(s.used.records)) " records ("
                                    (s.used.categories.iter().map(|c| c.label()).collect::<Vec<_>>().join(", "))
                                    "), " (purpose_phrase(purpose)) "."
                                }
                                @if s.unclear.records > 0 || s.unclear.text.chars > 0 {
                                    " The policy is unclear about " (thousands(s.unclear.records))
                                    " more records (" (thousands(s.unclear.text.tokens_estimate)) " tokens)."
                                }
                            }
                            @if let Some(split) = &s.opt_out {
                                p {
                                    "Opted out on " (split.opted_out_on) ": "
                                    (thousands(split.before.records)) " records ("
                                    (thousands(split.before.text.tokens_estimate))
                                    " tokens) created before may already have been used; "
                                    (thousands(split.after.records)) " records created after are not."
                                }
                            }
                            @if let Some(old) = &s.predates_rule && old.before.records > 0 {
                                p {
                                    (thousands(old.before.records)) " of these records predate the rule's start ("
                                    (old.rule_valid_from) "): the policy reaches back to old data."
                                }
                            }
                        }
                    }
                }
            }
            @let missing: Vec<_> = e.not_in_archive.iter().filter(|n| n.purpose == Purpose::GenaiTraining).collect();
            @if !missing.is_empty() {
                p {
                    "LinkedIn holds more than it exports. Used (or possibly used) for GenAI training "
                    "but not in your archive: "
                    (missing.iter().map(|n| format!("{} ({})", n.category.label(), n.verdict.label())).collect::<Vec<_>>().join(", "))
                    "."
                }
            }
            p.small {
                "Tokens are estimated at one per four characters of free text. "
                "Verdicts come from LinkedIn's published texts; each one is quoted under "
                a href="#categories" { "Details" } "."
            }
        }
    }
}

/// The verdict a category's bar is drawn with: the member's region, or the worst region.
fn genai_verdict(c: &CategoryReport) -> Verdict {
    worst(&c.exposure, Purpose::GenaiTraining).unwrap_or(Verdict::Unclear)
}

fn legend() -> Markup {
    html! {
        ul.legend aria-label="Colours" {
            @for v in [Verdict::Used, Verdict::Unclear, Verdict::NotListed, Verdict::Excluded] {
                li { span class=(format!("swatch s-{}", v.id())) aria-hidden="true" {} (v.label()) }
            }
        }
    }
}

/// A number for an SVG attribute, rounded to one decimal so the page is byte-stable.
fn n(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

fn exposure_chart(report: &Report) -> Markup {
    const LABEL: f64 = 190.0;
    const WIDTH: f64 = 400.0;
    const ROW: f64 = 26.0;
    let cats = &report.categories;
    let max = cats.iter().map(|c| c.records).max().unwrap_or(0).max(1) as f64;
    let height = ROW * cats.len() as f64 + 6.0;
    let who = match report.exposure.policy.region {
        Some(j) => format!("in {}", place(j)),
        None => "in at least one region".to_string(),
    };
    html! {
        section #by-category aria-labelledby="by-category-h" {
            h2 #by-category-h { "Your data by category" }
            p { "Records per category, coloured by what the policy says about GenAI training " (who) "." }
            @if cats.is_empty() {
                p { "The archive holds no records." }
            } @else {
                (legend())
                svg.chart role="img" aria-labelledby="chart-title" viewBox=(format!("0 0 720 {}", n(height))) {
                    title #chart-title { "Records per category, with the GenAI-training verdict" }
                    @for (i, c) in cats.iter().enumerate() {
                        @let y = ROW * i as f64 + 4.0;
                        @let w = (c.records as f64 / max * WIDTH).max(if c.records > 0 { 2.0 } else { 0.0 });
                        @let v = genai_verdict(c);
                        g {
                            text x=(n(LABEL - 8.0)) y=(n(y + 14.0)) text-anchor="end" { (c.label) }
                            rect class=(format!("bar s-{}", v.id())) x=(n(LABEL)) y=(n(y)) width=(n(w)) height="18" {}
                            text x=(n(LABEL + w + 6.0)) y=(n(y + 14.0)) { (thousands(c.records)) " · " (v.label()) }
                        }
                    }
                }
                details {
                    summary { "The chart as a table" }
                    table {
                        thead { tr { th scope="col" { "Category" } th scope="col" { "Records" } th scope="col" { "Words" } th scope="col" { "Tokens" } th scope="col" { "GenAI training" } } }
                        tbody {
                            @for c in cats {
                                @let v = genai_verdict(c);
                                tr {
                                    th scope="row" { (c.label) }
                                    td.num { (thousands(c.records)) }
                                    td.num { (thousands(c.text.words)) }
                                    td.num { (thousands(c.text.tokens_estimate)) }
                                    td class=(verdict_class(v)) { (v.label()) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Months since year 0 for a `YYYY-MM-DD` date.
fn month_index(date: &str) -> Option<i64> {
    let year: i64 = date.get(..4)?.parse().ok()?;
    let month: i64 = date.get(5..7)?.parse().ok()?;
    Some(year * 12 + month - 1)
}

/// The activity timeline. The report model holds each category's first and last date (not
/// yet records per month), so the chart draws each category's span on a monthly scale;
/// a per-month series slots in here once the model carries one.
fn timeline(report: &Report) -> Markup {
    const LABEL: f64 = 190.0;
    const WIDTH: f64 = 500.0;
    const ROW: f64 = 24.0;
    let spans: Vec<(&CategoryReport, i64, i64)> = report
        .categories
        .iter()
        .filter_map(|c| {
            let first = month_index(c.first.as_deref()?)?;
            let last = month_index(c.last.as_deref()?)?;
            Some((c, first, last))
        })
        .collect();
    let start_year = spans.iter().map(|s| s.1).min().unwrap_or(0).div_euclid(12);
    let end_year = spans.iter().map(|s| s.2).max().unwrap_or(0).div_euclid(12) + 1;
    let months = ((end_year - start_year) * 12).max(12) as f64;
    let x = |m: i64| LABEL + (m - start_year * 12) as f64 / months * WIDTH;
    let years = end_year - start_year;
    let step = (years / 8).max(1);
    let height = ROW * spans.len() as f64 + 30.0;
    html! {
        section #timeline aria-labelledby="timeline-h" {
            h2 #timeline-h { "Activity timeline" }
            @if spans.is_empty() {
                p { "No dated records were found." }
            } @else {
                p { "When each category's dated records begin and end, month by month." }
                svg.chart role="img" aria-labelledby="timeline-title" viewBox=(format!("0 0 720 {}", n(height))) {
                    title #timeline-title { "First and last month of dated records per category" }
                    @for k in (0..=years).step_by(step as usize) {
                        @let xx = x((start_year + k) * 12);
                        line.grid x1=(n(xx)) x2=(n(xx)) y1="0" y2=(n(height - 18.0)) {}
                        text.tick x=(n(xx)) y=(n(height - 4.0)) text-anchor="middle" { (start_year + k) }
                    }
                    @for (i, (c, first, last)) in spans.iter().enumerate() {
                        @let y = ROW * i as f64 + 2.0;
                        @let v = genai_verdict(c);
                        g {
                            text x=(n(LABEL - 8.0)) y=(n(y + 13.0)) text-anchor="end" { (c.label) }
                            rect class=(format!("bar s-{}", v.id())) x=(n(x(*first))) y=(n(y + 2.0)) width=(n((x(*last + 1) - x(*first)).max(2.0))) height="14" {}
                        }
                    }
                }
                details {
                    summary { "The timeline as a table" }
                    table {
                        thead { tr { th scope="col" { "Category" } th scope="col" { "First" } th scope="col" { "Last" } th scope="col" { "Records" } } }
                        tbody {
                            @for (c, _, _) in &spans {
                                tr {
                                    th scope="row" { (c.label) }
                                    td { (c.first.as_deref().unwrap_or("")) }
                                    td { (c.last.as_deref().unwrap_or("")) }
                                    td.num { (thousands(c.records)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The rules a matrix names, each once, in the order met.
fn rules_of<'r>(report: &'r Report, matrix: &Matrix) -> Vec<(&'r str, &'r RuleReport)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for row in matrix.values() {
        for v in row.values() {
            if let Some(id) = v.rule.as_deref()
                && seen.insert(id)
                && let Some((key, rule)) = report.exposure.rules.get_key_value(id)
            {
                out.push((key.as_str(), rule));
            }
        }
    }
    out
}

fn matrix_table(matrix: &Matrix) -> Markup {
    let js: Vec<Jurisdiction> = matrix
        .values()
        .next()
        .map(|row| row.keys().copied().collect())
        .unwrap_or_default();
    html! {
        table.matrix {
            thead {
                tr {
                    th scope="col" { "Purpose" }
                    @for j in &js { th scope="col" { abbr title=(j.label()) { (j.id().to_uppercase()) } } }
                }
            }
            tbody {
                @for (purpose, row) in matrix {
                    tr {
                        th scope="row" { (purpose.label()) }
                        @for j in &js {
                            @match row.get(j) {
                                Some(v) => td class=(verdict_class(v.verdict)) { (v.verdict.label()) },
                                None => td { "" },
                            }
                        }
                    }
                }
            }
        }
    }
}

fn cite(c: &CiteReport) -> Markup {
    html! {
        li {
            @if let Some(q) = &c.quote {
                blockquote { "“" (clean(q)) "”" }
            }
            @if let Some(note) = &c.note { p.small { (clean(note)) } }
            p.small {
                "— " (policy_link(c.url.as_deref(), &c.title))
                @if let Some(s) = &c.section { ", “" (clean(s)) "”" }
                " (" (c.kind) " source"
                @if let (Some(repo), Some(commit)) = (&c.repo, &c.commit) {
                    "; archived copy: "
                    @if repo.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '/' | '-' | '_' | '.')) && commit.chars().all(|ch| ch.is_ascii_hexdigit()) {
                        a href=(format!("https://github.com/{repo}/tree/{commit}")) rel="noopener noreferrer" {
                            (repo) " @ " (commit.get(..12).unwrap_or(commit))
                        }
                    } @else {
                        (clean(repo)) " @ " (clean(commit))
                    }
                }
                ")"
            }
        }
    }
}

fn sources(report: &Report, matrix: &Matrix) -> Markup {
    let rules = rules_of(report, matrix);
    html! {
        @if !rules.is_empty() {
            details.sources {
                summary { "Why: the rules and quoted sources (" (rules.len()) ")" }
                @for (id, rule) in rules {
                    div.rule {
                        p {
                            strong { (rule.purpose.label()) ": " (rule.verdict.label()) }
                            " — " code { (id) }
                            " (" (rule.basis.replace('_', " "))
                            @if let Some(from) = &rule.valid_from { ", from " (from) }
                            @if let Some(to) = &rule.valid_to { ", to " (to) }
                            ")"
                        }
                        @if let Some(note) = &rule.note { p.small { (clean(note)) } }
                        ul.cites { @for c in &rule.cite { (cite(c)) } }
                    }
                }
            }
        }
    }
}

fn category_cards(report: &Report) -> Markup {
    html! {
        section #categories aria-labelledby="categories-h" {
            h2 #categories-h { "Category by category" }
            @if report.categories.is_empty() { p { "No category holds data." } }
            @for c in &report.categories {
                @let files: Vec<_> = report.files.iter().filter(|f| f.category == c.id).collect();
                article.card id=(format!("cat-{}", c.id.id())) aria-labelledby=(format!("cat-{}-h", c.id.id())) {
                    h3 id=(format!("cat-{}-h", c.id.id())) { (c.label) }
                    dl.facts {
                        div { dt { "Files" } dd { (c.files) } }
                        div { dt { "Records" } dd { (thousands(c.records)) } }
                        div { dt { "Time span" } dd {
                            @match (&c.first, &c.last) {
                                (Some(a), Some(b)) => { (a) " to " (b) },
                                _ => "undated",
                            }
                        } }
                        div { dt { "Free text" } dd { (thousands(c.text.words)) " words, ~" (thousands(c.text.tokens_estimate)) " tokens" } }
                    }
                    (matrix_table(&c.exposure))
                    (sources(report, &c.exposure))
                    @if !files.is_empty() {
                        p.small {
                            "Files: "
                            @for (i, f) in files.iter().take(MAX_CARD_FILES).enumerate() {
                                @if i > 0 { ", " }
                                bdi { (clean(&f.path)) }
                            }
                            @if files.len() > MAX_CARD_FILES { " and " (files.len() - MAX_CARD_FILES) " more" }
                            "."
                        }
                    }
                }
            }
            @if !report.exposure.conflicts.is_empty() {
                h3 { "Where LinkedIn's texts disagree" }
                ul {
                    @for c in &report.exposure.conflicts {
                        li { strong { (clean(&c.title)) } ": " (clean(&c.resolution)) }
                    }
                }
            }
        }
    }
}

fn actions(report: &Report) -> Markup {
    let a = &report.exposure.actions;
    html! {
        section #actions aria-labelledby="actions-h" {
            h2 #actions-h { "What you can do" }
            @if report.exposure.policy.region.is_none() {
                p { "These are every region's steps; a report made with --region lists yours." }
            }
            p.small.js-only { "Ticks are kept in this browser when it allows it." }
            @if a.is_empty() { p { "The policy model lists no step." } }
            ol.checklist {
                @for action in a {
                    li {
                        input type="checkbox" id=(format!("do-{}", action.id)) data-key=(format!("action:{}", action.id));
                        div {
                            label for=(format!("do-{}", action.id)) { strong { (clean(&action.label)) } }
                            @if !action.path.is_empty() { p.path { (clean(&action.path.join(" › "))) } }
                            @if let Some(url) = &action.url { p { (policy_link(Some(url), url)) } }
                            p { (clean(&action.description)) }
                            @if let Some(cmd) = &action.command { p { "With lidex: " code { (clean(cmd)) } } }
                            @if !action.cite.is_empty() {
                                details.sources {
                                    summary { "Sources (" (action.cite.len()) ")" }
                                    ul.cites { @for c in &action.cite { (cite(c)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn what_was_read(report: &Report) -> Markup {
    let files = &report.files;
    let unknown: Vec<_> = files.iter().filter(|f| !f.known).collect();
    html! {
        section #read aria-labelledby="read-h" {
            h2 #read-h { "What was read" }
            p.safe {
                strong { "Nothing left this machine." }
                " lidex read the archive where it lies, made no network request, and wrote only the "
                "reports you asked for. This page loads nothing either: its content policy forbids it."
            }
            table {
                caption { "Inputs" }
                thead { tr { th scope="col" { "Input" } th scope="col" { "Type" } th scope="col" { "Export date" } th scope="col" { "Size" } th scope="col" { "Files" } } }
                tbody {
                    @for i in &report.inputs {
                        tr {
                            th scope="row" { bdi { (clean(&i.path)) } }
                            td { (i.archive_type) " " (i.kind) }
                            td { (i.export_date.as_deref().unwrap_or("unknown")) }
                            td.num { (thousands(i.bytes)) " bytes" }
                            td.num { (i.files) }
                        }
                    }
                }
            }
            p {
                (report.summary.files) " files read, " (report.summary.known_files) " of them known to lidex, with "
                (thousands(report.summary.records)) " records and " (thousands(report.summary.text.words)) " words of free text"
                @if let Some(r) = &report.summary.date_range { ", dated " (r.first) " to " (r.last) }
                "."
            }
            @if !unknown.is_empty() {
                h3 { "Files lidex does not know" }
                p { "They were measured and classified by guessing; the reasons are shown." }
                ul {
                    @for f in unknown.iter().take(MAX_PROBLEMS) {
                        li {
                            bdi { (clean(&f.path)) } ": " (f.category.label())
                            @if !f.evidence.is_empty() { " (" (clean(&f.evidence.join("; "))) ")" }
                            @if !f.columns.is_empty() {
                                "; columns: "
                                @for (i, c) in f.columns.iter().take(MAX_CARD_FILES).enumerate() {
                                    @if i > 0 { ", " }
                                    bdi { (clean(&c.name)) }
                                }
                                @if f.columns.len() > MAX_CARD_FILES { " and " (f.columns.len() - MAX_CARD_FILES) " more" }
                            }
                        }
                    }
                    @if unknown.len() > MAX_PROBLEMS { li { "… and " (unknown.len() - MAX_PROBLEMS) " more in the JSON report." } }
                }
            }
            @if !report.missing.is_empty() {
                h3 { "Files the archive lacks" }
                ul {
                    @for m in &report.missing {
                        li { (m.label) " (" (m.names.join(", ")) "): " (m.reason) }
                    }
                }
            }
            h3 { "Every file" }
            div.table-wrap {
                table.sortable data-filter="files" {
                    caption { "Files, by input then path" @if files.len() > MAX_FILES { " (the first " (MAX_FILES) " of " (files.len()) "; the JSON report lists them all)" } }
                    thead { tr { th scope="col" { "File" } th scope="col" { "What it is" } th scope="col" { "Category" } th scope="col" { "Records" } th scope="col" { "Bytes" } th scope="col" { "Format" } } }
                    tbody {
                        @for f in files.iter().take(MAX_FILES) {
                            tr {
                                th scope="row" { bdi { (clean(&f.path)) } }
                                td { (clean(&f.label)) }
                                td { (f.category.label()) }
                                td.num { (f.rows) }
                                td.num { (f.bytes) }
                                td { (f.format.kind) ", " (f.format.encoding) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn problems(report: &Report) -> Markup {
    let p = &report.problems;
    let c = &report.summary.problems;
    html! {
        section #problems aria-labelledby="problems-h" {
            h2 #problems-h { "Problems found in the archive" }
            @if p.is_empty() {
                p { "None: every file was read in full." }
            } @else {
                p { (c.error) " errors (not read), " (c.warning) " warnings (partly read), " (c.info) " notes." }
                div.table-wrap {
                    table.sortable data-filter="problems" {
                        caption { "Problems" @if p.len() > MAX_PROBLEMS { " (the first " (MAX_PROBLEMS) " of " (p.len()) "; the JSON report lists them all)" } }
                        thead { tr { th scope="col" { "Severity" } th scope="col" { "Kind" } th scope="col" { "File" } th scope="col" { "What happened" } } }
                        tbody {
                            @for problem in p.iter().take(MAX_PROBLEMS) {
                                tr {
                                    td { (format!("{:?}", problem.severity).to_lowercase()) }
                                    td { (serde_json::to_value(problem.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()) }
                                    td { bdi { (clean(problem.path.as_deref().unwrap_or("—"))) } }
                                    td { bdi { (clean(&problem.message)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The kinds of items in the timeline, in a fixed order so each keeps its colour.
const KINDS: [&str; 6] = ["post", "comment", "article", "repost", "vote", "reaction"];

fn kind_class(kind: &str) -> String {
    let i = KINDS
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(KINDS.len() - 1);
    format!("k-{i}")
}

/// The member's own activity per month and kind (posts, comments, articles...), stacked.
fn activity(report: &Report) -> Markup {
    let dated: Vec<_> = report
        .timeline
        .iter()
        .filter_map(|e| Some((month_index(&format!("{}-", e.month.as_deref()?))?, e)))
        .collect();
    let undated: u64 = report
        .timeline
        .iter()
        .filter(|e| e.month.is_none())
        .map(|e| e.items)
        .sum();
    if report.timeline.is_empty() {
        return html! {};
    }
    let mut kinds: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| report.timeline.iter().any(|e| e.kind == *k))
        .collect();
    for e in &report.timeline {
        if !kinds.contains(&e.kind.as_str()) {
            kinds.push(&e.kind);
        }
    }
    let mut months: Vec<(i64, String)> = dated
        .iter()
        .filter_map(|(m, e)| Some((*m, e.month.clone()?)))
        .collect();
    months.sort();
    months.dedup();
    html! {
        section #activity aria-labelledby="activity-h" {
            h2 #activity-h { "Your activity by month" }
            p { "Your posts, comments, articles, reposts, votes and reactions, by the month the archive dates them." }
            @if !months.is_empty() { (activity_chart(report, &kinds, &dated, &months)) }
            @if undated > 0 { p { (thousands(undated)) " items carry no date." } }
            (activity_table(report, &kinds, &months))
        }
    }
}

/// Items of one kind in one month ("YYYY-MM").
fn timeline_count(report: &Report, month: &str, kind: &str) -> u64 {
    report
        .timeline
        .iter()
        .filter(|e| e.month.as_deref() == Some(month) && e.kind == kind)
        .map(|e| e.items)
        .sum()
}

/// The legend and the stacked bars, one per month from the first to the last (not empty).
fn activity_chart(
    report: &Report,
    kinds: &[&str],
    dated: &[(i64, &TimelineEntry)],
    months: &[(i64, String)],
) -> Markup {
    const LEFT: f64 = 50.0;
    const WIDTH: f64 = 660.0;
    const HEIGHT: f64 = 160.0;
    let first = months.first().map(|m| m.0).unwrap_or(0);
    let last = months.last().map(|m| m.0).unwrap_or(0);
    let span = (last - first + 1).max(1) as f64;
    let per_month = |m: i64| -> u64 {
        dated
            .iter()
            .filter(|(x, _)| *x == m)
            .map(|(_, e)| e.items)
            .sum()
    };
    let peak = months
        .iter()
        .map(|(m, _)| per_month(*m))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let bar = (WIDTH / span).max(1.0);
    html! {
        p.small {
            @for k in kinds { span class=(format!("swatch {}", kind_class(k))) {} (k) }
        }
        svg.chart role="img" aria-labelledby="activity-title" viewBox=(format!("0 0 720 {}", n(HEIGHT + 24.0))) {
            title #activity-title { "Items per month by kind, " (months.first().map(|m| m.1.as_str()).unwrap_or("")) " to " (months.last().map(|m| m.1.as_str()).unwrap_or("")) "; peak " (peak) " in a month" }
            line.grid x1=(n(LEFT)) x2=(n(LEFT + WIDTH)) y1=(n(HEIGHT)) y2=(n(HEIGHT)) {}
            text.tick x=(n(LEFT - 6.0)) y="12" text-anchor="end" { (peak) }
            text.tick x=(n(LEFT - 6.0)) y=(n(HEIGHT)) text-anchor="end" { "0" }
            // Each year's January; the first year's label only when its first
            // month leaves room before the next January's.
            @for y in (first.div_euclid(12))..=(last.div_euclid(12)) {
                @let m = (y * 12).max(first);
                @if m == y * 12 || first.rem_euclid(12) <= 6 {
                @let xx = LEFT + (m - first) as f64 / span * WIDTH;
                text.tick x=(n(xx)) y=(n(HEIGHT + 16.0)) { (y) }
                }
            }
            @for (m, label) in months {
                @let xx = LEFT + (m - first) as f64 / span * WIDTH;
                g {
                    @for (k, top) in stack(kinds, |k| timeline_count(report, label, k)) {
                        @let h = timeline_count(report, label, k) as f64 / peak * HEIGHT;
                        rect class=(kind_class(k)) x=(n(xx)) y=(n(HEIGHT - top as f64 / peak * HEIGHT)) width=(n((bar - 1.0).max(1.0))) height=(n(h)) {}
                    }
                }
            }
        }
    }
}

/// The same counts as a sortable table, newest month first.
fn activity_table(report: &Report, kinds: &[&str], months: &[(i64, String)]) -> Markup {
    html! {
        details {
            summary { "Your activity as a table" }
            div.table-wrap {
                table.sortable data-filter="activity" {
                    caption { "Items per month and kind" }
                    thead { tr { th scope="col" { "Month" } @for k in kinds { th scope="col" { (k) } } } }
                    tbody {
                        @for (_, label) in months.iter().rev() {
                            tr {
                                th scope="row" { (label) }
                                @for k in kinds { td.num { (timeline_count(report, label, k)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Each kind with the running total up to and including it (the top of its stacked bar);
/// kinds with nothing that month are left out.
fn stack<'k>(kinds: &[&'k str], count: impl Fn(&str) -> u64) -> Vec<(&'k str, u64)> {
    let mut total = 0;
    let mut out = Vec::new();
    for k in kinds {
        let c = count(k);
        if c > 0 {
            total += c;
            out.push((*k, total));
        }
    }
    out
}

/// The key that remembers a post's checkbox: its id, else its link, kind and date.
fn post_key(p: &super::posts::PostItem) -> String {
    if p.id.is_empty() {
        format!(
            "post:{}|{}|{}",
            p.url,
            p.kind,
            p.date.as_deref().unwrap_or("")
        )
    } else {
        format!("post:{}", p.id)
    }
}

fn posts_to_review(report: &Report) -> Markup {
    let items = &report.posts_to_review;
    if items.is_empty() {
        return html! {};
    }
    html! {
        section #posts aria-labelledby="posts-h" {
            h2 #posts-h { "Posts to review" }
            p {
                (thousands(items.len() as u64)) " of your posts, comments, articles and other items are older than two years or hold "
                "sensitive content. Open each, delete what you no longer want public, and tick it."
            }
            p.small { (super::posts::ENGAGEMENT_NOTE) }
            p.small.js-only { "Ticks are kept in this browser when it allows it." }
            div.table-wrap {
                table.sortable data-filter="posts" {
                    caption {
                        "Items to review, newest first"
                        @if items.len() > MAX_POSTS { " (the newest " (MAX_POSTS) " of " (items.len()) "; the JSON report and " code { "lidex posts" } " list them all)" }
                    }
                    thead { tr { th scope="col" { "Done" } th scope="col" { "Date" } th scope="col" { "Kind" } th scope="col" { "Why" } th scope="col" { "Excerpt" } th scope="col" { "Link" } } }
                    tbody {
                        @for (i, p) in items.iter().take(MAX_POSTS).enumerate() {
                            tr {
                                td { input type="checkbox" id=(format!("post-{i}")) data-key=(post_key(&p)) aria-label=(format!("Reviewed item {}", i + 1)); }
                                td { (p.date.as_deref().unwrap_or("undated")) }
                                td { (clean(&p.kind)) }
                                td { (clean(&p.reasons.join(", "))) }
                                td { bdi { (clean(&p.excerpt)) } }
                                td {
                                    @if p.url.is_empty() { "no link" }
                                    @else if is_linkedin_url(&p.url) { (archive_link(&p.url, "open")) }
                                    @else { "not a LinkedIn link" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn sensitive(report: &Report) -> Markup {
    let Some(s) = &report.sensitive else {
        return html! {};
    };
    let by_severity = |sev: &str| -> u64 {
        s.findings
            .iter()
            .filter(|f| f.severity == sev)
            .map(|f| f.count)
            .sum()
    };
    html! {
        section #sensitive aria-labelledby="sensitive-h" {
            h2 #sensitive-h { "Sensitive content in what LinkedIn may train on" }
            p {
                (thousands(s.values_scanned)) " text values scanned in "
                @for (i, c) in s.categories.iter().enumerate() { @if i > 0 { ", " } (c.label()) }
                ". Values are shown masked."
            }
            p { (super::posts::phone_region_line(s.phone_region.as_ref())) }
            @if s.findings.is_empty() {
                p { "No email address, phone number, bank or card number, national id, postal address or special-category word was found." }
            } @else {
                p { (by_severity("high")) " high, " (by_severity("medium")) " medium and " (by_severity("low")) " low severity findings." }
                div.table-wrap {
                    table.sortable data-filter="sensitive" {
                        caption { "Findings by category, type and severity" }
                        thead { tr { th scope="col" { "Category" } th scope="col" { "Type" } th scope="col" { "Severity" } th scope="col" { "Findings" } th scope="col" { "Examples (masked)" } } }
                        tbody {
                            @for f in &s.findings {
                                tr {
                                    th scope="row" { (f.category.label()) }
                                    td { (clean(&f.kind)) @if let Some(sub) = &f.subtype { " (" (clean(sub)) ")" } }
                                    td { (clean(&f.severity)) }
                                    td.num { (thousands(f.count)) }
                                    td { @for (i, e) in f.examples.iter().enumerate() { @if i > 0 { ", " } bdi { (clean(e)) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn counts_list(list: &[CountReport]) -> Markup {
    html! {
        @for c in list {
            li { (clean(&c.label)) ": " (thousands(c.records)) " (" bdi { (clean(&c.file)) } ")" }
        }
    }
}

fn flows_list(flows: &[FlowReport]) -> Markup {
    html! { ul { @for f in flows { li { (clean(&f.label)) } } } }
}

fn statement_block(title: &str, s: &StatementReport) -> Markup {
    html! {
        h4 { (title) }
        p { (clean(&s.text)) }
        @for q in &s.quotes { blockquote { (clean(q)) } }
        @if !s.sources.is_empty() { p.small { "Sources: " (s.sources.join(", ")) } }
    }
}

fn steps_block(title: &str, s: &StepsReport) -> Markup {
    html! {
        h4 { (title) }
        @if let Some(url) = &s.url { p { (policy_link(Some(url), url)) } }
        ol { @for step in &s.steps { li { (clean(step)) } } }
    }
}

fn microsoft(report: &Report) -> Markup {
    let m = &report.microsoft_account_connection;
    let p = &m.linkedin_provides;
    let b = &m.brings_in;
    html! {
        section #microsoft aria-labelledby="microsoft-h" {
            h2 #microsoft-h { "Microsoft account connection" }
            p.note { strong { (clean(&m.statement)) } }
            @if !m.evidence.is_empty() {
                ul {
                    @for e in &m.evidence {
                        li { bdi { (clean(&e.value)) } " (" (clean(&e.service)) ") in " bdi { (clean(&e.file)) } ", column " bdi { (clean(&e.column)) } ": " (thousands(e.records)) " records" }
                    }
                }
            }
            h3 { "What LinkedIn would provide, from your archive" }
            ul {
                @match p.connections {
                    Some(c) => li { (thousands(c)) " connections, " (thousands(p.connections_with_email)) " of them with an email address" },
                    None => li { "Connections: the archive has no Connections.csv" },
                }
                @if !p.profile_fields.is_empty() { li { "Profile fields with a value: " (clean(&p.profile_fields.join(", "))) } }
                (counts_list(&p.profile_sections))
                (counts_list(&p.contact_details))
                @if !p.interests.is_empty() { li { "Interests and activity: " (thousands(p.interests_total)) " records" ul { (counts_list(&p.interests)) } } }
                (counts_list(&p.subscription_receipts))
            }
            h3 { "What a connection brings in, as far as the archive records it" }
            ul {
                li { "Imported contacts: " (thousands(b.imported_contacts_total)) @if !b.imported_contacts.is_empty() { ul { (counts_list(&b.imported_contacts)) } } }
                li { "Synced calendars: " @if b.synced_calendars.is_empty() { "none recorded" } @else { ul { (counts_list(&b.synced_calendars)) } } }
            }
            @for k in &m.kinds {
                article.card {
                    h3 { (clean(&k.label)) }
                    h4 { "LinkedIn provides to Microsoft" }
                    (flows_list(&k.linkedin_to_microsoft))
                    h4 { "Microsoft provides to LinkedIn" }
                    (flows_list(&k.microsoft_to_linkedin))
                    (statement_block("How Microsoft keeps it", &k.kept_by_microsoft))
                    (statement_block("How LinkedIn keeps it", &k.kept_by_linkedin))
                    (statement_block("Imported contacts", &k.imported_contacts))
                    (statement_block("Your public profile in Microsoft apps", &k.public_profile))
                    (steps_block("Disconnect on LinkedIn", &k.linkedin_steps))
                    (steps_block("Disconnect on the Microsoft side", &k.microsoft_steps))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_overrides_and_controls_are_neutralised() {
        assert_eq!(
            clean("a\u{202E}b\u{2066}c\x07d\ne"),
            "a\u{FFFD}b\u{FFFD}c d e"
        );
    }

    #[test]
    fn only_https_linkedin_addresses_are_archive_links() {
        assert!(is_linkedin_url(
            "https://www.linkedin.com/feed/update/urn:li:activity:1/"
        ));
        assert!(is_linkedin_url("https://linkedin.com/in/x"));
        assert!(!is_linkedin_url("http://www.linkedin.com/in/x"));
        assert!(!is_linkedin_url("javascript:alert(1)"));
        assert!(!is_linkedin_url("https://www.linkedin.com.evil.example/"));
        assert!(!is_linkedin_url("https://evil.example/?www.linkedin.com"));
        assert!(!is_linkedin_url("https://www.linkedin.com/\"onmouseover=x"));
        let text = archive_link("javascript:alert(1)", "<b>x</b>").into_string();
        assert!(!text.contains("href"), "{text}");
        assert!(text.contains("&lt;b&gt;"), "{text}");
    }

    #[test]
    fn the_csp_hashes_the_style_and_script_the_page_carries() {
        let expected = format!(
            "sha256-{}",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT))
        );
        assert!(csp().contains(&expected));
        assert!(csp().starts_with("default-src 'none';"));
        // A known vector: SHA-256 of the empty string.
        assert_eq!(
            sha256_source(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn chart_numbers_are_stable() {
        assert_eq!(n(2.0), "2");
        assert_eq!(n(2.04), "2");
        assert_eq!(n(2.06), "2.1");
    }
}
