//! The report model every output format renders: built once from an [`Analysis`], then
//! written as JSON ([`json`]), as a terminal summary ([`term`]) or as an HTML page
//! ([`html`]); [`redact`] masks other people's data first when asked.
//!
//! These types are the JSON wire format. They are versioned by [`SCHEMA_VERSION`] and
//! documented in `docs/report-format.md`; `docs/report.schema.json` is generated from them.
//! Domain types elsewhere do not derive `Serialize`, so internals can change freely.

pub mod dataset;
pub mod diff;
pub mod exposure;
pub mod format;
pub mod html;
pub mod json;
pub mod microsoft;
pub mod policy;
pub mod posts;
pub mod problem;
pub mod redact;
pub mod term;

use crate::analysis::{Analysis, ColumnResult, FileResult, InputSummary, Missing, NotRead};
use crate::archive::InputKind;
use crate::category::{Category, Role};
use crate::classify::TextTally;
use crate::dates::Stamp;
use crate::exposure::Judge;
use crate::policy::Policy;
use exposure::{Exposure, Matrix};
use problem::{Problem, Severity};
use schemars::JsonSchema;
use serde::Serialize;

/// Version of the JSON report format. Bumped on any change that can break a reader.
pub const SCHEMA_VERSION: u32 = 2;

/// The whole report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Report {
    /// Version of this format.
    pub schema_version: u32,
    /// The program that wrote it.
    pub tool: Tool,
    /// The archives and folders scanned.
    pub inputs: Vec<InputReport>,
    /// Totals over all files.
    pub summary: Summary,
    /// What the policy says about it all, with sources and the steps to take.
    pub exposure: Exposure,
    /// Totals per policy category, in a fixed order; categories with no file are left out.
    pub categories: Vec<CategoryReport>,
    /// Every file, known or not, by input then path.
    pub files: Vec<FileReport>,
    /// Files a member would expect but the archive lacks.
    pub missing: Vec<MissingReport>,
    /// Every problem, including those listed under their file.
    pub problems: Vec<Problem>,
    /// The export's date and where it was read; null when nothing tells it.
    pub export_date: Option<ExportDateReport>,
    /// Entries that are not part of a LinkedIn export: listed, never read or counted.
    pub not_read: Vec<NotReadReport>,
    /// True when made with `--redact`: other people's names, emails, phones, profile links
    /// and excerpts are masked (see [`redact`]).
    pub redacted: bool,
    /// Posts, comments, articles, reposts and votes to review for deletion: older than two
    /// years (from `as_of`) or holding sensitive content, newest first (as `lidex posts`
    /// lists them with no criteria).
    pub posts_to_review: posts::PostItems,
    /// Items per month per kind, reactions included, listed or not.
    pub timeline: Vec<posts::TimelineEntry>,
    /// The sensitive-content findings in the free text of the categories LinkedIn trains
    /// on; null when the scan did not run.
    pub sensitive: Option<posts::SensitiveSummary>,
    /// The Microsoft account connection, both kinds: what it would send and bring in,
    /// counted from this archive, whether the archive shows one, and how to disconnect.
    pub microsoft_account_connection: microsoft::MicrosoftAccountConnection,
}

/// The export's date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExportDateReport {
    /// YYYY-MM-DD.
    pub date: String,
    /// "file_name", "folder_name", "zip_timestamps" or "newest_activity".
    pub source: String,
    /// Records whose activity date is after it (left out of the time spans).
    pub records_dated_after: u64,
}

/// An entry that is not part of a LinkedIn export.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NotReadReport {
    /// Path inside its input.
    pub path: String,
    /// Index into `inputs`.
    pub input: usize,
    /// Its size.
    pub bytes: u64,
    /// Why it was not read.
    pub reason: String,
}

/// Name and version of the program.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Tool {
    /// Always "lidex".
    pub name: String,
    /// The program version.
    pub version: String,
}

/// One input.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct InputReport {
    /// The path as given.
    pub path: String,
    /// "zip" or "dir".
    pub kind: String,
    /// "basic", "complete" or "unknown".
    pub archive_type: String,
    /// "name" when read from LinkedIn's file name, "contents" when inferred from the files.
    pub archive_type_source: String,
    /// The export date LinkedIn put in the name (YYYY-MM-DD).
    pub export_date: Option<String>,
    /// Size of the ZIP, or of the files in a folder, in bytes.
    pub bytes: u64,
    /// Files reported from this input.
    pub files: usize,
    /// Its files whose copy in another input was read instead.
    pub read_elsewhere: usize,
    /// What happened to it, when `files` alone would mislead (a redundant part).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `.DS_Store` and `__MACOSX/` entries skipped.
    pub skipped_system: usize,
    /// Entries not part of a LinkedIn export, listed in `not_read`.
    pub not_read: usize,
}

/// Free-text volume.
#[derive(Debug, Clone, Copy, Default, Serialize, JsonSchema)]
pub struct Text {
    /// Unicode characters.
    pub chars: u64,
    /// Whitespace-separated words.
    pub words: u64,
    /// About one token per four characters.
    pub tokens_estimate: u64,
}

impl From<TextTally> for Text {
    fn from(t: TextTally) -> Text {
        Text {
            chars: t.chars,
            words: t.words,
            tokens_estimate: t.tokens_estimate(),
        }
    }
}

/// A span of dates (YYYY-MM-DD).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DateRange {
    /// The earliest date.
    pub first: String,
    /// The latest date.
    pub last: String,
}

fn range(r: Option<(Stamp, Stamp)>) -> Option<DateRange> {
    r.map(|(f, l)| DateRange {
        first: f.date.to_string(),
        last: l.date.to_string(),
    })
}

/// Totals over the whole scan.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Summary {
    /// Files reported.
    pub files: usize,
    /// Of which known to the catalog.
    pub known_files: usize,
    /// Records over all files.
    pub records: u64,
    /// Free text over all files.
    pub text: Text,
    /// Earliest and latest date over all files.
    pub date_range: Option<DateRange>,
    /// Problems by severity.
    pub problems: ProblemCounts,
}

/// Problem counts.
#[derive(Debug, Clone, Copy, Default, Serialize, JsonSchema)]
pub struct ProblemCounts {
    /// Worth knowing.
    pub info: usize,
    /// Partly read.
    pub warning: usize,
    /// Not read.
    pub error: usize,
}

/// Totals for one category.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CategoryReport {
    /// The category id.
    pub id: Category,
    /// A label for people.
    pub label: String,
    /// Files whose category this is.
    pub files: usize,
    /// Records in those files.
    pub records: u64,
    /// Free text in columns of this category (in any file).
    pub text: Text,
    /// Earliest date.
    pub first: Option<String>,
    /// Latest date.
    pub last: Option<String>,
    /// Verdicts for the category as a whole, by purpose and jurisdiction.
    pub exposure: Matrix,
}

/// How a file is written.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FormatReport {
    /// csv, tsv, ssv, html, placeholder, binary, archive, empty, unreadable.
    #[serde(rename = "type")]
    pub kind: String,
    /// utf-8, utf-8-bom, utf-16le, utf-16be, binary.
    pub encoding: String,
    /// Lines before the header.
    pub preamble_lines: u32,
}

/// One file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FileReport {
    /// Path inside its input.
    pub path: String,
    /// Index into `inputs`.
    pub input: usize,
    /// Known to the catalog.
    pub known: bool,
    /// The catalog id of the kind of file ("connections", "messages"...); null when unknown.
    pub kind: Option<String>,
    /// A label for people.
    pub label: String,
    /// Its category.
    pub category: Category,
    /// Its finer policy item, when the catalog names one.
    pub item: Option<String>,
    /// Why this category (unknown files only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// How it is written.
    pub format: FormatReport,
    /// Data records.
    pub rows: u64,
    /// Uncompressed bytes.
    pub bytes: u64,
    /// Its columns.
    pub columns: Vec<ColumnReport>,
    /// Earliest and latest date in its date columns.
    pub date_range: Option<DateRange>,
    /// Free text in its text columns.
    pub text: Text,
    /// Verdicts by purpose and jurisdiction, for the file's category and item.
    pub exposure: Matrix,
    /// What went wrong with it.
    pub problems: Vec<Problem>,
}

/// One column.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ColumnReport {
    /// The header as written.
    pub name: String,
    /// Known to the catalog.
    pub known: bool,
    /// Its category.
    pub category: Category,
    /// Its finer policy item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// What its values are.
    pub role: Role,
    /// Why this role (unknown columns only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Non-empty values.
    pub non_empty: u64,
    /// Earliest and latest date (date columns).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_range: Option<DateRange>,
    /// Free text (text columns).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// What its dates are: "activity" (on the time spans), "life", "expiry_or_planned" or
    /// "typed" (dated columns only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_role: Option<String>,
    /// Verdicts, only where they differ from the file's (e.g. a profile's headline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exposure: Option<Matrix>,
}

/// An expected file the archive lacks.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MissingReport {
    /// Catalog id.
    pub kind: String,
    /// A label for people.
    pub label: String,
    /// The names it goes by.
    pub names: Vec<String>,
    /// Its category.
    pub category: Category,
    /// Why its absence matters.
    pub reason: String,
    /// The earliest export month (YYYY-MM) it was seen in.
    pub first_seen: Option<String>,
    /// The latest export month (YYYY-MM) it was seen in.
    pub last_seen: Option<String>,
}

fn column_report<'p>(
    c: &ColumnResult<'_>,
    file: &FileResult<'_>,
    matrix: &crate::exposure::Matrix<'p>,
    judge: &mut Judge<'p>,
) -> ColumnReport {
    // A matrix depends only on (category, item): most columns share their file's, and
    // building one per column was most of the cost of a report.
    let same_data = c.category == file.category && c.item == file.item;
    let own = (!same_data).then(|| judge.matrix(c.category, c.item.as_deref()));
    ColumnReport {
        exposure: own
            .filter(|own| own != matrix)
            .map(|own| exposure::matrix(&own)),
        name: c.scan.name.clone(),
        known: c.known(),
        category: c.category,
        item: c.item.clone(),
        role: c.role,
        evidence: c.evidence.clone(),
        non_empty: c.scan.non_empty,
        date_range: range(c.date_range()),
        text: (c.role == Role::Text).then(|| c.text().into()),
        date_role: c.date_role.map(|r| r.id().to_string()),
    }
}

fn file_report(f: &FileResult<'_>, judge: &mut Judge<'_>) -> FileReport {
    let matrix = judge.matrix(f.category, f.item.as_deref());
    let label = match f.spec {
        Some(s) => s.label.clone(),
        None => format!("Unknown file ({})", f.category.label()),
    };
    FileReport {
        path: f.path.clone(),
        input: f.input,
        known: f.spec.is_some(),
        kind: f.spec.map(|s| s.id.clone()),
        label,
        category: f.category,
        item: f.item.clone(),
        evidence: f.evidence.clone(),
        format: FormatReport {
            kind: f.scan.format.kind.id().to_string(),
            encoding: f.scan.format.encoding.id().to_string(),
            preamble_lines: f.scan.format.preamble_lines,
        },
        rows: f.scan.rows,
        bytes: f.scan.bytes,
        columns: f
            .columns
            .iter()
            .map(|c| column_report(c, f, &matrix, judge))
            .collect(),
        date_range: range(f.date_range),
        text: f.text.into(),
        exposure: exposure::matrix(&matrix),
        problems: f.scan.problems.iter().map(Problem::from).collect(),
    }
}

/// [`build`], taking the listed items out of `analysis` instead of copying them into the
/// report (what `lidex scan` does): a long posts list is then held once, not twice.
/// `analysis` keeps everything else.
pub fn build_taking_items(
    analysis: &mut Analysis<'_>,
    policy: &Policy,
    options: crate::exposure::Options,
) -> Report {
    let items = analysis
        .collected
        .as_mut()
        .map(|c| std::mem::take(&mut c.items))
        .unwrap_or_default();
    assemble(analysis, policy, options, posts::PostItems::new(items))
}

/// Builds the report model from an analysis and the policy model.
pub fn build(
    analysis: &Analysis<'_>,
    policy: &Policy,
    options: crate::exposure::Options,
) -> Report {
    let posts_to_review = analysis
        .collected
        .as_ref()
        .map(|c| posts::PostItems::new(c.items.clone()))
        .unwrap_or_default();
    assemble(analysis, policy, options, posts_to_review)
}

/// The report of `analysis`, with its posts to review made by the caller (copied or moved).
fn assemble(
    analysis: &Analysis<'_>,
    policy: &Policy,
    options: crate::exposure::Options,
    posts_to_review: posts::PostItems,
) -> Report {
    let mut judge = Judge::new(policy, options);
    let files: Vec<FileReport> = analysis
        .files
        .iter()
        .map(|f| file_report(f, &mut judge))
        .collect();
    let categories = category_reports(analysis, &mut judge);
    let exposure = Exposure::from(&judge.exposure(analysis));
    let problems = all_problems(analysis);
    let summary = summary(analysis, &files, &problems);
    let empty = crate::posts::Collected::default();
    let collected = analysis.collected.as_ref().unwrap_or(&empty);
    let trained = trained_categories(policy, options);
    let trained = |c: Category| trained.contains(&c);
    let sensitive = analysis
        .collected
        .as_ref()
        .filter(|c| c.values_scanned > 0)
        .map(|c| posts::sensitive(c, &trained));
    Report {
        schema_version: SCHEMA_VERSION,
        exposure,
        tool: Tool {
            name: "lidex".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        inputs: analysis.inputs.iter().map(input_report).collect(),
        summary,
        categories,
        files,
        missing: analysis.missing.iter().map(missing_report).collect(),
        problems,
        export_date: analysis.export_date.map(|d| ExportDateReport {
            date: d.date.to_string(),
            source: d.source.id().to_string(),
            records_dated_after: analysis.after_export,
        }),
        not_read: analysis.not_read.iter().map(not_read_report).collect(),
        redacted: false,
        posts_to_review,
        timeline: posts::timeline(collected),
        sensitive,
        microsoft_account_connection: microsoft::build(&crate::microsoft::facts(analysis), policy),
    }
}

fn input_report(i: &InputSummary) -> InputReport {
    InputReport {
        path: i.path.display().to_string(),
        kind: match i.kind {
            InputKind::Zip => "zip",
            InputKind::Dir => "dir",
        }
        .to_string(),
        archive_type: i.archive_type.id().to_string(),
        archive_type_source: if i.archive_type_from_contents {
            "contents"
        } else {
            "name"
        }
        .to_string(),
        export_date: i.export_date.map(|d| d.to_string()),
        bytes: i.bytes,
        files: i.files,
        read_elsewhere: i.read_elsewhere,
        note: i.note.clone(),
        skipped_system: i.skipped_system,
        not_read: i.not_read,
    }
}

/// Each category the archive holds, in the catalog's order, with its exposure.
fn category_reports(analysis: &Analysis<'_>, judge: &mut Judge<'_>) -> Vec<CategoryReport> {
    Category::ALL
        .iter()
        .filter_map(|c| analysis.categories.get(c).map(|t| (c, t)))
        .map(|(c, t)| CategoryReport {
            id: *c,
            label: c.label().to_string(),
            files: t.files,
            records: t.records,
            text: t.text.into(),
            first: t.date_range.map(|(f, _)| f.date.to_string()),
            last: t.date_range.map(|(_, l)| l.date.to_string()),
            exposure: exposure::matrix(&judge.matrix(*c, None)),
        })
        .collect()
}

fn missing_report(m: &Missing<'_>) -> MissingReport {
    MissingReport {
        kind: m.spec.id.clone(),
        label: m.spec.label.clone(),
        names: m.spec.names.clone(),
        category: m.spec.category,
        reason: m.reason.clone(),
        first_seen: m.spec.first_seen.clone(),
        last_seen: m.spec.last_seen.clone(),
    }
}

fn not_read_report(n: &NotRead) -> NotReadReport {
    NotReadReport {
        path: n.path.clone(),
        input: n.input,
        bytes: n.bytes,
        reason: "not part of a LinkedIn export (only .csv files and pages under Articles/ are), not read".to_string(),
    }
}

/// The analysis's own problems, then every file's.
fn all_problems(analysis: &Analysis<'_>) -> Vec<Problem> {
    analysis
        .problems
        .iter()
        .chain(analysis.files.iter().flat_map(|f| &f.scan.problems))
        .map(Problem::from)
        .collect()
}

/// Totals over all files: counts, text, the overall span and the problems by severity.
fn summary(analysis: &Analysis<'_>, files: &[FileReport], problems: &[Problem]) -> Summary {
    let mut counts = ProblemCounts::default();
    for p in problems {
        match p.severity {
            Severity::Info => counts.info += 1,
            Severity::Warning => counts.warning += 1,
            Severity::Error => counts.error += 1,
        }
    }
    let mut text = TextTally::default();
    let mut all_range = None;
    for f in &analysis.files {
        text.add(f.text);
        // The overall span is the member's activity up to the export, as the categories'.
        all_range = match (all_range, f.activity_range) {
            (Some((a, b)), Some((c, d))) => Some((Stamp::min(a, c), Stamp::max(b, d))),
            (x, None) | (None, x) => x,
        };
    }
    Summary {
        files: files.len(),
        known_files: files.iter().filter(|f| f.known).count(),
        records: analysis.files.iter().map(|f| f.records()).sum(),
        text: text.into(),
        date_range: range(all_range),
        problems: counts,
    }
}

/// The categories the posts scan reads that some region's policy uses for GenAI training.
fn trained_categories(policy: &Policy, options: crate::exposure::Options) -> Vec<Category> {
    // Straight from the policy, not through the judge: the judge records every rule it
    // consults in the report's cited rules.
    crate::posts::SCANNED_CATEGORIES
        .into_iter()
        .filter(|&c| {
            options.jurisdictions().into_iter().any(|j| {
                policy
                    .resolve(
                        crate::policy::Purpose::GenaiTraining,
                        j,
                        c,
                        None,
                        options.as_of,
                    )
                    .verdict
                    == crate::policy::Verdict::Used
            })
        })
        .collect()
}
