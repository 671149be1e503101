//! The `lidex diff` report: JSON, terminal and the CSV of items still present.

use super::Tool;
use crate::diff::{
    Checklist, ChecklistSource, Diff, ItemChange, MatchedBy, MemberCheck, Outcome, SameMember,
    Status,
};
use schemars::JsonSchema;
use serde::Serialize;
use std::fmt::Write as _;

/// Version of the `lidex diff --json` format.
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// The whole diff report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DiffReport {
    /// Version of this format.
    pub schema_version: u32,
    /// The program that wrote it.
    pub tool: Tool,
    /// OLD's inputs, as given.
    pub old: Vec<String>,
    /// NEW's inputs, as given.
    pub new: Vec<String>,
    /// Whether the two exports are of one member.
    pub member: MemberReport,
    /// Records and tokens per category, before and after.
    pub categories: Vec<CategoryDeltaReport>,
    /// Files in NEW only (lower-case paths).
    pub files_appeared: Vec<String>,
    /// Files in OLD only.
    pub files_disappeared: Vec<String>,
    /// Per kind of posted content.
    pub kinds: Vec<KindReport>,
    /// Every compared item with what happened to it, newest first.
    pub items: Vec<ItemReport>,
    /// The checklist view: which listed items are gone and which remain.
    pub checklist: ChecklistReport,
}

/// Same member?
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MemberReport {
    /// "yes", "no" or "unknown".
    pub same: String,
    /// Profile name in OLD.
    pub old_name: Option<String>,
    /// Profile name in NEW.
    pub new_name: Option<String>,
    /// Whether the two share an email address of the member's own (null when either has none).
    pub shared_email: Option<bool>,
    /// Member ids in OLD's file names.
    pub old_member_ids: Vec<String>,
    /// Member ids in NEW's file names.
    pub new_member_ids: Vec<String>,
    /// What differs.
    pub differences: Vec<String>,
    /// The export holds no field with the member's own profile URL, so it is not compared.
    pub note: String,
}

/// One category before and after.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CategoryDeltaReport {
    /// The category id.
    pub id: String,
    /// A label for people.
    pub label: String,
    /// Records in OLD.
    pub old_records: u64,
    /// Records in NEW.
    pub new_records: u64,
    /// Estimated tokens in OLD.
    pub old_tokens: u64,
    /// Estimated tokens in NEW.
    pub new_tokens: u64,
}

/// One kind of posted content.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KindReport {
    /// post, comment, article, repost, vote, reaction.
    pub kind: String,
    /// Dated items in OLD.
    pub old: u64,
    /// Dated items in NEW.
    pub new: u64,
    /// In OLD, not in NEW.
    pub deleted: u64,
    /// In both.
    pub still_present: u64,
    /// In NEW only.
    pub added: u64,
    /// Undated items in OLD, not compared.
    pub undated_old: u64,
    /// Undated items in NEW, not compared.
    pub undated_new: u64,
}

/// One item.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ItemReport {
    /// deleted, still_present or new.
    pub status: String,
    /// id or date_text.
    pub matched_by: String,
    /// post, comment, ...
    pub kind: String,
    /// YYYY-MM-DD.
    pub date: Option<String>,
    /// Its link.
    pub url: String,
    /// Its id.
    pub id: String,
    /// Its first words.
    pub excerpt: String,
}

/// The checklist view.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChecklistReport {
    /// "default" (`lidex posts`' default selection over OLD) or "file".
    pub source: String,
    /// The day the default selection was evaluated on.
    pub as_of: Option<String>,
    /// The checklist file, as given.
    pub file: Option<String>,
    /// Items listed.
    pub listed: usize,
    /// Of those, gone from NEW.
    pub gone: usize,
    /// Still in NEW.
    pub remaining: usize,
    /// Cannot be checked (NEW has undated items of the kind, or the kind is unknown).
    pub unverified: usize,
    /// Ticked as deleted in the checklist yet still in NEW.
    pub ticked_but_present: usize,
    /// Every listed item with its outcome.
    pub items: Vec<CheckedReport>,
}

/// One checklist item.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CheckedReport {
    /// gone, remains or unverified.
    pub outcome: String,
    /// Ticked as deleted.
    pub ticked: bool,
    /// As listed.
    pub kind: String,
    /// As listed.
    pub date: Option<String>,
    /// As listed.
    pub url: String,
    /// As listed.
    pub id: String,
    /// As listed.
    pub excerpt: String,
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Deleted => "deleted",
        Status::Present => "still_present",
        Status::New => "new",
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Gone => "gone",
        Outcome::Remains => "remains",
        Outcome::Unverified => "unverified",
    }
}

fn item_report(c: &ItemChange) -> ItemReport {
    ItemReport {
        status: status(c.status).to_string(),
        matched_by: match c.matched_by {
            MatchedBy::Id => "id",
            MatchedBy::DateText => "date_text",
        }
        .to_string(),
        kind: c.item.kind.id().to_string(),
        date: c.item.date.map(|d| d.to_string()),
        url: c.item.url().into_owned(),
        id: c.item.id(),
        excerpt: c.item.excerpt.to_string(),
    }
}

/// Builds the report.
pub fn build(diff: &Diff, old: Vec<String>, new: Vec<String>) -> DiffReport {
    DiffReport {
        schema_version: DIFF_SCHEMA_VERSION,
        tool: Tool {
            name: "lidex".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        old,
        new,
        member: member_report(&diff.member),
        categories: diff
            .categories
            .iter()
            .map(|c| CategoryDeltaReport {
                id: c.category.id().to_string(),
                label: c.category.label().to_string(),
                old_records: c.old_records,
                new_records: c.new_records,
                old_tokens: c.old_tokens,
                new_tokens: c.new_tokens,
            })
            .collect(),
        files_appeared: diff.appeared.clone(),
        files_disappeared: diff.disappeared.clone(),
        kinds: diff
            .kinds
            .iter()
            .map(|(k, d)| KindReport {
                kind: k.id().to_string(),
                old: d.old,
                new: d.new,
                deleted: d.deleted,
                still_present: d.present,
                added: d.added,
                undated_old: d.undated_old,
                undated_new: d.undated_new,
            })
            .collect(),
        items: diff.items.iter().map(item_report).collect(),
        checklist: checklist_report(&diff.checklist),
    }
}

fn member_report(m: &MemberCheck) -> MemberReport {
    let shared_email = (!m.old.emails.is_empty() && !m.new.emails.is_empty())
        .then(|| !m.old.emails.is_disjoint(&m.new.emails));
    MemberReport {
        same: match m.same {
            SameMember::Yes => "yes",
            SameMember::No => "no",
            SameMember::Unknown => "unknown",
        }
        .to_string(),
        old_name: m.old.name.clone(),
        new_name: m.new.name.clone(),
        shared_email,
        old_member_ids: m.old.member_ids.iter().cloned().collect(),
        new_member_ids: m.new.member_ids.iter().cloned().collect(),
        differences: m.differences.clone(),
        note: "An export holds no field with the member's own profile URL, so URLs are not compared; name, own email addresses and the member id in file names are.".to_string(),
    }
}

fn checklist_report(list: &Checklist) -> ChecklistReport {
    let checked: Vec<CheckedReport> = list
        .items
        .iter()
        .map(|c| CheckedReport {
            outcome: outcome(c.outcome).to_string(),
            ticked: c.ticked,
            kind: c.kind.map_or_else(String::new, |k| k.id().to_string()),
            date: c.date.map(|d| d.to_string()),
            url: c.url.clone(),
            id: c.id.clone(),
            excerpt: c.excerpt.clone(),
        })
        .collect();
    let count = |o: Outcome| list.items.iter().filter(|c| c.outcome == o).count();
    let (source, as_of, file) = match &list.source {
        ChecklistSource::Default(d) => ("default", Some(d.to_string()), None),
        ChecklistSource::File(f) => ("file", None, Some(f.clone())),
    };
    ChecklistReport {
        source: source.to_string(),
        as_of,
        file,
        listed: checked.len(),
        gone: count(Outcome::Gone),
        remaining: count(Outcome::Remains),
        unverified: count(Outcome::Unverified),
        ticked_but_present: list
            .items
            .iter()
            .filter(|c| c.ticked && c.outcome == Outcome::Remains)
            .count(),
        items: checked,
    }
}

/// The report as pretty JSON with a final newline.
pub fn to_json(report: &DiffReport) -> Vec<u8> {
    super::json::to_pretty(report)
}

/// The JSON Schema of [`DiffReport`].
pub fn schema() -> String {
    super::json::schema_of::<DiffReport>()
}

/// The checklist items still in NEW, in the `lidex posts --csv` columns (so the file can be
/// ticked again and given back to `lidex diff --checklist`), plus `ticked` (yes when it was
/// ticked as deleted).
pub fn remaining_csv(report: &DiffReport) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "url", "id", "kind", "date", "reasons", "excerpt", "deleted", "ticked",
    ]);
    for c in report
        .checklist
        .items
        .iter()
        .filter(|c| c.outcome == "remains")
    {
        let _ = w.write_record([
            c.url.as_str(),
            c.id.as_str(),
            c.kind.as_str(),
            c.date.as_deref().unwrap_or(""),
            "still_present",
            &super::posts::defuse(&c.excerpt),
            "",
            if c.ticked { "yes" } else { "" },
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// One line, no control characters, at most `max` characters.
fn clean(s: &str, max: usize) -> String {
    let one: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one.chars().count() > max {
        let cut: String = one.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        one
    }
}

fn delta(old: u64, new: u64) -> String {
    let d = i128::from(new) - i128::from(old);
    if d == 0 {
        "=".to_string()
    } else {
        format!("{d:+}")
    }
}

/// The terminal summary.
pub fn render(report: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "lidex {}: what changed between two exports",
        report.tool.version
    );
    let _ = writeln!(out, "  OLD: {}", clean(&report.old.join(" + "), 90));
    let _ = writeln!(out, "  NEW: {}", clean(&report.new.join(" + "), 90));
    render_member(&report.member, &mut out);
    render_kinds(&report.kinds, &mut out);
    render_checklist(&report.checklist, &mut out);
    render_categories(report, &mut out);
    out
}

/// Whether both exports are of one member; a warning with the differences when not.
fn render_member(m: &MemberReport, out: &mut String) {
    match m.same.as_str() {
        "no" => {
            let _ = writeln!(
                out,
                "\nWARNING: these exports seem to be of different people; the comparison below is not meaningful."
            );
            for d in &m.differences {
                let _ = writeln!(out, "  - {}", clean(d, 120));
            }
        }
        "unknown" => {
            let _ = writeln!(
                out,
                "\nNote: neither export records a name, own email address or member id in both, so lidex cannot tell whether they are of one member."
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "  Same member: {}",
                clean(
                    m.new_name
                        .as_deref()
                        .or(m.old_name.as_deref())
                        .unwrap_or("yes"),
                    60
                )
            );
        }
    }
}

/// Per kind of posted content: dated items before and after, and what was not compared.
fn render_kinds(kinds: &[KindReport], out: &mut String) {
    let _ = writeln!(
        out,
        "\n{:<14} {:>7} {:>7} {:>8} {:>8} {:>6}  not compared (undated)",
        "Kind", "OLD", "NEW", "deleted", "present", "new"
    );
    for k in kinds {
        let _ = writeln!(
            out,
            "{:<14} {:>7} {:>7} {:>8} {:>8} {:>6}  {}",
            k.kind,
            k.old,
            k.new,
            k.deleted,
            k.still_present,
            k.added,
            if k.undated_old + k.undated_new > 0 {
                format!("{} old, {} new", k.undated_old, k.undated_new)
            } else {
                "-".to_string()
            }
        );
    }
}

/// The checklist's outcome: items ticked as deleted yet present, then the first 20 still present.
fn render_checklist(c: &ChecklistReport, out: &mut String) {
    let what = match (&c.file, &c.as_of) {
        (Some(f), _) => format!("checklist {}", clean(f, 60)),
        (None, Some(d)) => format!("items `lidex posts` lists by default as of {d}"),
        _ => "checklist".to_string(),
    };
    let _ = writeln!(
        out,
        "\nOf the {} {what}: {} gone, {} still present{}.",
        c.listed,
        c.gone,
        c.remaining,
        if c.unverified > 0 {
            format!(", {} cannot be checked", c.unverified)
        } else {
            String::new()
        }
    );
    if c.ticked_but_present > 0 {
        let _ = writeln!(
            out,
            "WARNING: {} item(s) ticked as deleted are still in NEW:",
            c.ticked_but_present
        );
        for i in c
            .items
            .iter()
            .filter(|i| i.ticked && i.outcome == "remains")
        {
            checked_line(i, out);
        }
    }
    let remaining: Vec<&CheckedReport> = c
        .items
        .iter()
        .filter(|i| i.outcome == "remains" && !i.ticked)
        .collect();
    if !remaining.is_empty() {
        let _ = writeln!(out, "Still present:");
        for i in remaining.iter().take(20) {
            checked_line(i, out);
        }
        if remaining.len() > 20 {
            let _ = writeln!(
                out,
                "  … and {} more; --csv lists them all",
                remaining.len() - 20
            );
        }
    }
}

/// One checklist item on a line: date, kind, link and excerpt.
fn checked_line(i: &CheckedReport, out: &mut String) {
    let _ = writeln!(
        out,
        "  {} {:<8} {}  {}",
        i.date.as_deref().unwrap_or("----------"),
        i.kind,
        clean(&i.url, 70),
        clean(&i.excerpt, 40)
    );
}

/// Records and tokens per category, then and now, and the files only one export has.
fn render_categories(report: &DiffReport, out: &mut String) {
    let _ = writeln!(
        out,
        "\n{:<24} {:>9} {:>9} {:>7} {:>10} {:>10}",
        "Category", "Records", "then", "change", "~Tokens", "then"
    );
    for cat in &report.categories {
        let _ = writeln!(
            out,
            "{:<24} {:>9} {:>9} {:>7} {:>10} {:>10}",
            cat.label,
            cat.new_records,
            cat.old_records,
            delta(cat.old_records, cat.new_records),
            cat.new_tokens,
            cat.old_tokens
        );
    }
    if !report.files_appeared.is_empty() {
        let _ = writeln!(
            out,
            "\nFiles only in NEW: {}",
            clean(&report.files_appeared.join(", "), 300)
        );
    }
    if !report.files_disappeared.is_empty() {
        let _ = writeln!(
            out,
            "Files only in OLD: {}",
            clean(&report.files_disappeared.join(", "), 300)
        );
    }
}
