//! The files of a research dataset that are not Parquet (`_meta.json`), and the cohort
//! report (`lidex cohort`) with its JSON and terminal renderings.

use schemars::JsonSchema;
use serde::Serialize;
use std::fmt::Write as _;

/// Version of the cohort JSON format.
pub const COHORT_SCHEMA_VERSION: u32 = 1;

/// `DIR/_meta.json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Meta {
    /// The lidex version that wrote the dataset.
    pub lidex_version: String,
    /// Version of the dataset's tables (docs/dataset.md).
    pub schema_version: u32,
    /// Version of the scan report the tables are built from.
    pub report_schema_version: u32,
    /// The policy version in force on `as_of`.
    pub policy_version: Option<String>,
    /// The date the policy was evaluated for (YYYY-MM-DD).
    pub as_of: String,
    /// Whether free-text columns (`path`) were written (`--include-text`).
    pub include_text: bool,
    /// The tables written.
    pub tables: Vec<String>,
    /// The member-id key, as 64 hex digits, when lidex made it (none with `--key-file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Exports written by this run.
    pub members_written: usize,
    /// Inputs that failed, with their errors.
    pub failed: Vec<Failure>,
}

/// An input that could not be added.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Failure {
    /// The input as given.
    pub input: String,
    /// Why.
    pub error: String,
}

/// What `lidex cohort` reports.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Cohort {
    /// Version of this format.
    pub schema_version: u32,
    /// Distinct members (member ids).
    pub members: u64,
    /// Exports (a member may have several).
    pub exports: u64,
    /// The policy date the dataset was built for.
    pub as_of: Option<String>,
    /// Export dates covered.
    pub export_dates: ExportDates,
    /// Per category and region: members whose data in it the policy lists for GenAI
    /// training, and how much.
    pub genai: Vec<GenaiRow>,
    /// Members with posts older than two years before `as_of`.
    pub old_posts: OldPosts,
    /// Prevalence of each sensitive-finding type; null when the dataset has no findings table.
    pub findings: Option<Vec<FindingRow>>,
}

/// The export dates in the dataset.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExportDates {
    /// The earliest (YYYY-MM-DD).
    pub first: Option<String>,
    /// The latest.
    pub last: Option<String>,
    /// Distinct dates.
    pub distinct: u64,
    /// Export parts whose name carried no date.
    pub undated: u64,
}

/// One category in one region.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GenaiRow {
    /// Category id.
    pub category: String,
    /// Region id.
    pub region: String,
    /// Members with data of this category used for GenAI training there.
    pub members: u64,
    /// Their share of all members (0..1).
    pub share: f64,
    /// Median estimated tokens of used text per such member.
    pub median_tokens: f64,
    /// 90th percentile of the same.
    pub p90_tokens: f64,
}

/// Posts older than two years.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OldPosts {
    /// Posts from before this month count (YYYY-MM-DD, the first of a month).
    pub before: String,
    /// Members with at least one.
    pub members: u64,
    /// Their share of all members (0..1).
    pub share: f64,
    /// How many such posts in all.
    pub posts: u64,
}

/// One finding type.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FindingRow {
    /// The finding type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Members with at least one.
    pub members: u64,
    /// Their share of all members (0..1).
    pub share: f64,
    /// Findings in all.
    pub count: u64,
}

/// The JSON Schema of `lidex cohort --json` (docs/cohort.schema.json).
pub fn cohort_schema() -> String {
    super::json::schema_of::<Cohort>()
}

/// The JSON Schema of a dataset's `_meta.json` (docs/dataset-meta.schema.json).
pub fn meta_schema() -> String {
    super::json::schema_of::<Meta>()
}

/// The cohort as pretty JSON, with a final newline.
pub fn cohort_json(cohort: &Cohort) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(cohort)?;
    text.push('\n');
    Ok(text)
}

fn pct(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A value read back from the dataset, safe for a terminal: the files may come from anyone,
/// so control characters are replaced.
fn safe(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// The cohort for a terminal. Strings are lidex's own vocabularies (category, region and
/// finding ids, dates) as read back from the dataset, cleaned of control characters.
pub fn cohort_term(c: &Cohort) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Cohort: {} members, {} exports (policy as of {})",
        c.members,
        c.exports,
        c.as_of.as_deref().unwrap_or("unknown")
    );
    let d = &c.export_dates;
    let _ = writeln!(
        out,
        "Export dates: {} to {} ({} distinct, {} undated)",
        d.first.as_deref().unwrap_or("-"),
        d.last.as_deref().unwrap_or("-"),
        d.distinct,
        d.undated
    );
    let _ = writeln!(out, "\nUsed for GenAI training, by category and region:");
    let _ = writeln!(
        out,
        "  {:<24} {:<6} {:>8} {:>7} {:>12} {:>12}",
        "category", "region", "members", "share", "median tok", "p90 tok"
    );
    if c.genai.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for r in &c.genai {
        let _ = writeln!(
            out,
            "  {:<24} {:<6} {:>8} {:>7} {:>12.0} {:>12.0}",
            safe(&r.category),
            safe(&r.region),
            r.members,
            pct(r.share),
            r.median_tokens,
            r.p90_tokens
        );
    }
    let p = &c.old_posts;
    let _ = writeln!(
        out,
        "\nPosts from before {}: {} members ({}), {} posts",
        p.before,
        p.members,
        pct(p.share),
        p.posts
    );
    match &c.findings {
        None => {
            let _ = writeln!(out, "\nSensitive findings: not in this dataset");
        }
        Some(rows) => {
            let _ = writeln!(out, "\nSensitive findings, by type:");
            if rows.is_empty() {
                let _ = writeln!(out, "  (none)");
            }
            for r in rows {
                let _ = writeln!(
                    out,
                    "  {:<24} {:>8} members ({}), {} findings",
                    safe(&r.kind),
                    r.members,
                    pct(r.share),
                    r.count
                );
            }
        }
    }
    out
}

/// The cohort as one self-contained HTML page. maud escapes every interpolated string (the
/// values are read back from Parquet files that may come from anyone), control characters
/// are replaced as for the terminal, and the Content-Security-Policy lets the page load
/// nothing: it has no script and only its inline style.
pub fn cohort_html(c: &Cohort) -> String {
    use maud::{DOCTYPE, PreEscaped, html};
    const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}\
        table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #8884;text-align:left}\
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}";
    let d = &c.export_dates;
    let p = &c.old_posts;
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { "lidex cohort: " (c.members) " members" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "Cohort: " (c.members) " members, " (c.exports) " exports" }
                p {
                    "Policy as of " (safe(c.as_of.as_deref().unwrap_or("unknown"))) ". Export dates "
                    (safe(d.first.as_deref().unwrap_or("-"))) " to " (safe(d.last.as_deref().unwrap_or("-")))
                    " (" (d.distinct) " distinct, " (d.undated) " undated)."
                }
                h2 { "Used for GenAI training, by category and region" }
                @if c.genai.is_empty() {
                    p { "No member has data the policy lists for GenAI training." }
                } @else {
                    table {
                        thead { tr {
                            th { "Category" } th { "Region" } th.n { "Members" } th.n { "Share" }
                            th.n { "Median tokens" } th.n { "p90 tokens" }
                        } }
                        tbody {
                            @for r in &c.genai {
                                tr {
                                    td { (safe(&r.category)) } td { (safe(&r.region)) }
                                    td.n { (r.members) } td.n { (pct(r.share)) }
                                    td.n { (format!("{:.0}", r.median_tokens)) }
                                    td.n { (format!("{:.0}", r.p90_tokens)) }
                                }
                            }
                        }
                    }
                }
                h2 { "Posts older than two years" }
                p {
                    (p.members) " members (" (pct(p.share)) ") have posts from before "
                    (safe(&p.before)) ": " (p.posts) " posts in all."
                }
                h2 { "Sensitive findings" }
                @match &c.findings {
                    None => p { "This dataset has no findings table." },
                    Some(rows) => {
                        table {
                            thead { tr { th { "Type" } th.n { "Members" } th.n { "Share" } th.n { "Findings" } } }
                            tbody {
                                @for r in rows {
                                    tr {
                                        td { (safe(&r.kind)) } td.n { (r.members) }
                                        td.n { (pct(r.share)) } td.n { (r.count) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cohort(category: &str) -> Cohort {
        Cohort {
            schema_version: COHORT_SCHEMA_VERSION,
            members: 3,
            exports: 3,
            as_of: Some("2026-11-23".to_string()),
            export_dates: ExportDates {
                first: Some("2026-01-15".to_string()),
                last: Some("2026-04-20".to_string()),
                distinct: 2,
                undated: 1,
            },
            genai: vec![GenaiRow {
                category: category.to_string(),
                region: "us".to_string(),
                members: 2,
                share: 2.0 / 3.0,
                median_tokens: 10.0,
                p90_tokens: 20.0,
            }],
            old_posts: OldPosts {
                before: "2024-11-01".to_string(),
                members: 1,
                share: 1.0 / 3.0,
                posts: 4,
            },
            findings: None,
        }
    }

    #[test]
    fn values_from_the_files_are_escaped_in_html_and_cleaned_for_terminals() {
        let c = cohort("<script>alert(1)</script>\u{1b}[31m");
        let page = cohort_html(&c);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains('\u{1b}'));
        let text = cohort_term(&c);
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains("66.7%"));
    }

    #[test]
    fn the_page_loads_nothing() {
        let page = cohort_html(&cohort("posted_content"));
        assert!(page.contains("default-src 'none'"));
        assert!(!page.contains("src=\"http"));
        assert!(page.contains("Cohort: 3 members, 3 exports"));
    }
}
