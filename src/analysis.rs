//! The scan as a whole: open the inputs, drop duplicate copies, measure every entry in
//! parallel, and decide each file's and column's category.
//!
//! The result is plain data in a deterministic order (input order, then archive path), so
//! the reports built from it are byte-identical whatever the number of threads.

use crate::archive::{ArchiveSet, ArchiveType, Entry, InputKind, Limits, NameSource};
use crate::catalog::{Catalog, DateRole, FileSpec, Presence};
use crate::category::{Category, Role};
use crate::classify::{self, ColumnScan, FileScan, TextTally, guess};
use crate::dates::Stamp;
use crate::error::{Error, Result};
use crate::problem::{Problem, ProblemKind, Severity};
use crate::vocab::vocabulary;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What to scan and how.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// ZIPs and folders; Basic and Complete parts of one export may be given together.
    pub inputs: Vec<PathBuf>,
    /// Worker threads; `None` means one per core.
    pub threads: Option<usize>,
    /// Safety limits.
    pub limits: Limits,
    /// Entries at least this large (uncompressed) are inflated on a thread of their own;
    /// `None` means [`crate::archive::PIPE_MIN_BYTES`]. For tests and tuning: the output
    /// is the same whatever it is.
    pub pipe_min_bytes: Option<u64>,
    /// Pipeline large entries from their first byte, not from when a worker runs out of
    /// work. For tests: the output is the same either way.
    pub pipe_eagerly: bool,
    /// Also collect the posts list and the sensitive-content findings, in the same pass.
    pub collect: Option<crate::posts::Plan>,
}

/// Progress events, for a progress bar. The library never draws one itself.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Scanning starts: this many entries, this many uncompressed bytes.
    Start {
        /// Entries to scan.
        entries: usize,
        /// Their declared uncompressed size.
        bytes: u64,
    },
    /// One entry is done.
    Entry {
        /// Its uncompressed size.
        bytes: u64,
    },
}

/// One input, after the scan.
#[derive(Debug, Clone)]
pub struct InputSummary {
    /// The path as given.
    pub path: PathBuf,
    /// ZIP or folder.
    pub kind: InputKind,
    /// Basic, Complete or unknown.
    pub archive_type: ArchiveType,
    /// True when the type was told from the contents, not the name.
    pub archive_type_from_contents: bool,
    /// The export date from the name.
    pub export_date: Option<jiff::civil::Date>,
    /// Size of the input file.
    pub bytes: u64,
    /// Files scanned from it (after dropping duplicates).
    pub files: usize,
    /// Which name gave the type and date.
    pub name_source: NameSource,
    /// Its files whose copy in another input was read instead (that copy holds as much or
    /// more).
    pub read_elsewhere: usize,
    /// What happened to it, for people, when that is not plain from `files`: the redundant
    /// part of a Basic + Complete pair says where its files were read.
    pub note: Option<String>,
    /// `.DS_Store` and `__MACOSX/` entries skipped.
    pub skipped_system: usize,
    /// Entries that are not part of a LinkedIn export, listed but not read.
    pub not_read: usize,
}

vocabulary! {
    /// Where the export's date was read.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ExportDateSource {
        /// `_MM-DD-YYYY` in the ZIP's name.
        FileName = "file_name",
        /// `_MM-DD-YYYY` in a folder's name (the input folder or the one wrapping the files).
        FolderName = "folder_name",
        /// The newest modification time among the ZIP's entries.
        ZipTimestamps = "zip_timestamps",
        /// The newest activity date in the data: the export is no older than that.
        NewestActivity = "newest_activity",
    }
}

/// The export's date and how it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportDate {
    /// The date.
    pub date: jiff::civil::Date,
    /// Where it was read.
    pub source: ExportDateSource,
}

/// An entry that is not part of a LinkedIn export: listed, never parsed or counted.
#[derive(Debug, Clone)]
pub struct NotRead {
    /// Index into [`Analysis::inputs`].
    pub input: usize,
    /// Path inside its input.
    pub path: String,
    /// Its size.
    pub bytes: u64,
}

/// One column, classified: its measures, moved here from the file's scan, and what they
/// were found to be.
#[derive(Debug, Clone)]
pub struct ColumnResult<'c> {
    /// Its measures: header, position, the catalog's column, counts.
    pub scan: ColumnScan<'c>,
    /// Its category.
    pub category: Category,
    /// Its policy item, if the catalog names one.
    pub item: Option<String>,
    /// What its values are.
    pub role: Role,
    /// Why the role was guessed (unknown columns only).
    pub evidence: Option<String>,
    /// What its dates are (dated columns only; guessed date columns count as activity).
    pub date_role: Option<DateRole>,
}

impl ColumnResult<'_> {
    /// Known to the catalog.
    pub fn known(&self) -> bool {
        self.scan.spec.is_some()
    }

    /// Earliest and latest date, for dated columns only: the dates an unknown column's
    /// values happened to hold, when it was not guessed to be a date, are no span.
    pub fn date_range(&self) -> Option<(Stamp, Stamp)> {
        match (self.scan.first, self.scan.last) {
            (Some(f), Some(l)) if self.date_role.is_some() => Some((f, l)),
            _ => None,
        }
    }

    /// Text volume, for text columns only: an unknown column's text is measured in case it
    /// turns out to be text, and does not count when it does not.
    pub fn text(&self) -> TextTally {
        if self.role == Role::Text {
            self.scan.text
        } else {
            TextTally::default()
        }
    }
}

/// One file, classified.
#[derive(Debug, Clone)]
pub struct FileResult<'c> {
    /// Path inside its input.
    pub path: String,
    /// Index into [`Analysis::inputs`].
    pub input: usize,
    /// The catalog entry, if known.
    pub spec: Option<&'c FileSpec>,
    /// Its category (from the catalog, or guessed).
    pub category: Category,
    /// Why this category, for unknown files.
    pub evidence: Vec<String>,
    /// Its policy item.
    pub item: Option<String>,
    /// The raw measures, but for its columns: those moved to `columns`, so `scan.columns`
    /// is empty.
    pub scan: FileScan<'c>,
    /// Its columns, classified.
    pub columns: Vec<ColumnResult<'c>>,
    /// Earliest and latest date over its date columns.
    pub date_range: Option<(Stamp, Stamp)>,
    /// Text volume over its text columns.
    pub text: TextTally,
    /// Earliest and latest activity date (see [`DateRole::Activity`]), never past the
    /// export's date: the span on the member's timeline.
    pub activity_range: Option<(Stamp, Stamp)>,
    /// Records whose activity date falls after the export's date.
    pub after_export: u64,
}

impl FileResult<'_> {
    /// Records in the file.
    pub fn records(&self) -> u64 {
        self.scan.rows
    }
}

/// Totals for one category.
#[derive(Debug, Clone, Default)]
pub struct CategoryTotal {
    /// Files in it.
    pub files: usize,
    /// Records in those files.
    pub records: u64,
    /// Text in its text columns.
    pub text: TextTally,
    /// Earliest and latest activity date, never past the export's date.
    pub date_range: Option<(Stamp, Stamp)>,
}

/// A file a member would expect that the archive lacks.
#[derive(Debug, Clone)]
pub struct Missing<'c> {
    /// The catalog entry.
    pub spec: &'c FileSpec,
    /// Why it matters.
    pub reason: String,
}

/// The result of a scan.
#[derive(Debug, Clone)]
pub struct Analysis<'c> {
    /// The inputs.
    pub inputs: Vec<InputSummary>,
    /// Every file, by input then path.
    pub files: Vec<FileResult<'c>>,
    /// Totals per category, in category order; categories with no file are absent.
    pub categories: BTreeMap<Category, CategoryTotal>,
    /// Expected files the archive lacks.
    pub missing: Vec<Missing<'c>>,
    /// Problems not tied to one scanned file (listing, duplicates).
    pub problems: Vec<Problem>,
    /// The export's date, when any source tells it.
    pub export_date: Option<ExportDate>,
    /// Entries that are not part of a LinkedIn export, listed but not read.
    pub not_read: Vec<NotRead>,
    /// Records dated after the export's date by an activity column, over all files.
    pub after_export: u64,
    /// What [`Config::collect`] collected over every file (items newest first); `None`
    /// when nothing was asked.
    pub collected: Option<crate::posts::Collected>,
}

fn merge_range(a: Option<(Stamp, Stamp)>, b: Option<(Stamp, Stamp)>) -> Option<(Stamp, Stamp)> {
    match (a, b) {
        (Some((f1, l1)), Some((f2, l2))) => Some((f1.min(f2), l1.max(l2))),
        (x, None) | (None, x) => x,
    }
}

/// Scans the inputs. Fails only when an input as a whole is unusable; everything else
/// becomes a problem in the result.
///
/// In four stages: `open_inputs` lists the entries and `candidates` sets aside those that
/// cannot be part of an export; `scan_candidates` measures every copy of every file in
/// parallel, feeding the collector's sinks in the same pass; `choose_copies` keeps one copy
/// of each file several inputs hold; `assemble` classifies what was kept and totals it.
pub fn analyze<'c>(
    config: &Config,
    catalog: &'c Catalog,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Analysis<'c>> {
    let set = open_inputs(config)?;
    let (candidates, not_read) = candidates(config, &set)?;
    on_progress(Progress::Start {
        entries: candidates.len(),
        bytes: candidates.iter().map(|e| e.size).sum(),
    });
    // The member's country is the phone region of the sensitive scan, which runs as each
    // post is read: so the (one-row) profile is read first.
    let plan = config.collect.as_ref().map(|plan| {
        plan.for_archive(|| crate::posts::region::from_profile(&set, &candidates, catalog))
    });
    let scans = scan_candidates(
        config,
        &set,
        &candidates,
        catalog,
        plan.as_ref(),
        on_progress,
    )?;
    if scans.iter().all(|s| s.spec.is_none() || s.mismatched) {
        return Err(not_linkedin(config, &set, candidates.iter().copied()));
    }
    let scanned: Vec<(Entry, FileScan<'c>)> = candidates.into_iter().cloned().zip(scans).collect();
    let types = content_types(&set, &scanned);
    let mut problems = set.problems.clone();
    let (mut kept, shadowed) = choose_copies(&set, &types, scanned, &mut problems);
    let collected = merge_collected(config, plan.as_ref(), &mut kept);
    Ok(assemble(
        &set,
        catalog,
        Chosen {
            kept,
            types,
            shadowed,
            not_read,
            problems,
            collected,
        },
    ))
}

/// Opens the inputs with the scan's settings; an input set that holds no file at all is
/// not an export.
fn open_inputs(config: &Config) -> Result<ArchiveSet> {
    let mut set = ArchiveSet::open(&config.inputs, &config.limits)?;
    if let Some(n) = config.pipe_min_bytes {
        set.set_pipe_min_bytes(n);
    }
    set.set_eager_pipes(config.pipe_eagerly);
    if set.entries.is_empty() {
        return Err(Error::NotLinkedIn {
            path: first_input(config),
            detail: "it holds no files".to_string(),
        });
    }
    Ok(set)
}

/// The entries that may be part of an export, and the others.
///
/// Only `.csv` files and pages under `Articles/` can be part of an export (and nested
/// archives, which get their own warning). Anything else next to an export is listed,
/// never parsed, so it can neither match the catalog nor add to any count.
fn candidates<'s>(config: &Config, set: &'s ArchiveSet) -> Result<(Vec<&'s Entry>, Vec<NotRead>)> {
    let (candidates, others): (Vec<&Entry>, Vec<&Entry>) = set
        .entries
        .iter()
        .partition(|e| may_be_export_file(&e.path));
    let not_read: Vec<NotRead> = others
        .iter()
        .map(|e| NotRead {
            input: e.input,
            path: e.path.clone(),
            bytes: e.size,
        })
        .collect();
    if candidates.is_empty() {
        return Err(not_linkedin(config, set, &set.entries));
    }
    Ok((candidates, not_read))
}

/// The path errors about the inputs as a whole name.
fn first_input(config: &Config) -> PathBuf {
    config.inputs.first().cloned().unwrap_or_default()
}

/// The error for inputs none of whose files is a known export file, naming a few of
/// `sample`.
fn not_linkedin<'e>(
    config: &Config,
    set: &ArchiveSet,
    sample: impl IntoIterator<Item = &'e Entry>,
) -> Error {
    let sample: Vec<&str> = sample
        .into_iter()
        .take(3)
        .map(|e| e.path.as_str())
        .collect();
    Error::NotLinkedIn {
        path: first_input(config),
        detail: format!(
            "{} files, none of them a known LinkedIn export file (e.g. {})",
            set.entries.len(),
            sample.join(", ")
        ),
    }
}

/// Measures every candidate, in parallel on `config.threads` workers (one per core when
/// unset), feeding `plan`'s sinks as each file is read. The scans come back in the order
/// of `candidates`.
fn scan_candidates<'c>(
    config: &Config,
    set: &ArchiveSet,
    candidates: &[&Entry],
    catalog: &'c Catalog,
    plan: Option<&crate::posts::Plan>,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<FileScan<'c>>> {
    // Largest entries first: the biggest file (messages.csv, often most of the archive)
    // must not start last and leave the other cores idle at the end. Results go back into
    // archive order afterwards, so the order of work never shows in the output.
    // Every copy of a file that several inputs hold is scanned: which copy to keep is
    // decided from what each holds, not from the order or names of the inputs.
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| {
        let size = candidates
            .get(i)
            .map_or(0, |e| e.compressed_size.max(e.size));
        (std::cmp::Reverse(size), i)
    });
    set.set_pending(candidates.len());
    let scan_all = || -> Vec<FileScan<'c>> {
        let mut scans: Vec<(usize, FileScan<'c>)> = order
            .par_iter()
            // One entry per task, so an idle worker always takes the next largest.
            .with_max_len(1)
            .filter_map(|&i| {
                let entry = candidates.get(i)?;
                let scan = match plan {
                    Some(plan) => classify::scan_entry_with(set, entry, catalog, plan),
                    None => classify::scan_entry(set, entry, catalog),
                };
                set.entry_done();
                on_progress(Progress::Entry { bytes: entry.size });
                Some((i, scan))
            })
            .collect();
        scans.sort_by_key(|(i, _)| *i);
        scans.into_iter().map(|(_, scan)| scan).collect()
    };
    Ok(match config.threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| Error::Threads(e.to_string()))?
            .install(scan_all),
        None => scan_all(),
    })
}

/// Merges what the collector took from each kept copy. Items come from the copies kept
/// only (every copy is scanned before the choice), merged in archive order, so a file both
/// parts hold is listed once and the list is the same for any thread count.
fn merge_collected(
    config: &Config,
    plan: Option<&crate::posts::Plan>,
    kept: &mut [(Entry, FileScan<'_>)],
) -> Option<crate::posts::Collected> {
    let mut collected = config
        .collect
        .as_ref()
        .map(|_| crate::posts::Collected::default());
    for (_, scan) in kept.iter_mut() {
        if let (Some(all), Some(mine)) = (collected.as_mut(), scan.collected.take()) {
            all.merge(mine);
        }
    }
    if let Some(all) = collected.as_mut() {
        all.sort();
        all.phone_region = plan.and_then(|p| p.phone_region());
    }
    collected
}

/// What the scan and the choice of copies hand to [`assemble`].
struct Chosen<'c> {
    /// The copies read, by input then path.
    kept: Vec<(Entry, FileScan<'c>)>,
    /// Each input's type as told from its contents.
    types: Vec<ArchiveType>,
    /// Per input, its copies read in another input.
    shadowed: Shadowed,
    /// Entries listed but not read.
    not_read: Vec<NotRead>,
    /// Problems so far (listing, duplicates).
    problems: Vec<Problem>,
    /// What the collector took from the kept copies.
    collected: Option<crate::posts::Collected>,
}

/// Classifies the kept copies, dates the export, cuts every span at its date and totals
/// the categories.
fn assemble<'c>(set: &ArchiveSet, catalog: &'c Catalog, chosen: Chosen<'c>) -> Analysis<'c> {
    let Chosen {
        kept,
        types,
        shadowed,
        not_read,
        mut problems,
        collected,
    } = chosen;
    let mut files: Vec<FileResult<'c>> = kept
        .into_iter()
        .map(|(entry, scan)| classify_file(&entry, scan))
        .collect();
    let inputs = summarize_inputs(set, &files, &types, &shadowed, &not_read);
    let export_date = find_export_date(set, &inputs, &files);
    let mut after_export = 0;
    for file in &mut files {
        place_activity(file, export_date.map(|d| d.date));
        after_export += file.after_export;
    }
    let categories = category_totals(&files, export_date.map(|d| d.date));
    note_problems(&mut problems, export_date, after_export, &not_read);
    let missing = find_missing(&inputs, &files, catalog, export_date);
    problems.sort();
    Analysis {
        inputs,
        files,
        categories,
        missing,
        problems,
        export_date,
        not_read,
        after_export,
        collected,
    }
}

/// Files, records, text and activity span per category, over the files that are what
/// their name says; spans stop at the export's date.
fn category_totals(
    files: &[FileResult<'_>],
    export: Option<jiff::civil::Date>,
) -> BTreeMap<Category, CategoryTotal> {
    let mut categories: BTreeMap<Category, CategoryTotal> = BTreeMap::new();
    for file in files.iter().filter(|f| !f.scan.mismatched) {
        let before = last_record_by(file, export);
        let total = categories.entry(file.category).or_default();
        total.files += 1;
        total.records += file.records();
        for col in &file.columns {
            let cat = categories.entry(col.category).or_default();
            cat.text.add(col.text());
            if col.date_role == Some(DateRole::Activity) {
                let clamped = clamp(col.date_range(), export, before);
                cat.date_range = merge_range(cat.date_range, clamped);
            }
        }
    }
    categories
}

/// The notes about the scan as a whole: records dated after the export, entries not read.
fn note_problems(
    problems: &mut Vec<Problem>,
    export_date: Option<ExportDate>,
    after_export: u64,
    not_read: &[NotRead],
) {
    if let Some(d) = export_date
        && after_export > 0
    {
        problems.push(Problem {
            severity: Severity::Info,
            kind: ProblemKind::DatesAfterExport,
            path: None,
            message: format!(
                "{after_export} records carry an activity date after the export's date ({}); the time spans stop at that date",
                d.date
            ),
        });
    }
    if !not_read.is_empty() {
        problems.push(Problem {
            severity: Severity::Info,
            kind: ProblemKind::NotPartOfExport,
            path: None,
            message: format!(
                "{} files are not part of a LinkedIn export (only .csv files and pages under Articles/ are); they were listed, not read",
                not_read.len()
            ),
        });
    }
}

/// Whether a path can be a file of a LinkedIn export: a `.csv`, an HTML page under an
/// `Articles/` folder, or a nested archive (read no further, but warned about).
fn may_be_export_file(path: &str) -> bool {
    let lower = path.to_lowercase();
    if lower.ends_with(".csv") {
        return true;
    }
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return lower.split('/').rev().skip(1).any(|p| p == "articles");
    }
    classify::NESTED_ARCHIVES
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Cuts a span at the export's date: dates after it are not the member's activity up to
/// the export (they are counted in a note instead). The span then ends on `before`, the
/// file's latest record date not after the export, so it names a day something happened;
/// only without one does it end on the export's date itself.
fn clamp(
    range: Option<(Stamp, Stamp)>,
    export: Option<jiff::civil::Date>,
    before: Option<jiff::civil::Date>,
) -> Option<(Stamp, Stamp)> {
    let (first, last) = range?;
    let Some(export) = export else {
        return Some((first, last));
    };
    if first.date > export {
        return None;
    }
    if last.date > export {
        let date = before.filter(|d| *d >= first.date).unwrap_or(export);
        let cut = Stamp {
            date,
            precision: crate::dates::Precision::Day,
        };
        return Some((first, cut));
    }
    Some((first, last))
}

/// The file's latest record date on or before the export's date.
fn last_record_by(
    file: &FileResult<'_>,
    export: Option<jiff::civil::Date>,
) -> Option<jiff::civil::Date> {
    let export = export?;
    file.scan
        .timeline
        .range(Some(jiff::civil::Date::MIN)..=Some(export))
        .next_back()
        .and_then(|(day, _)| *day)
}

/// Sets a file's activity span (clamped to the export's date) and counts its records
/// dated after the export.
fn place_activity(file: &mut FileResult<'_>, export: Option<jiff::civil::Date>) {
    let mut range = None;
    let mut late = false;
    let before = last_record_by(file, export);
    for col in &file.columns {
        if col.date_role != Some(DateRole::Activity) {
            continue;
        }
        if let (Some(export), Some((_, last))) = (export, col.date_range()) {
            late |= last.date > export;
        }
        range = merge_range(range, clamp(col.date_range(), export, before));
    }
    file.activity_range = range;
    // A record is filed under its first date; when an activity column runs past the export,
    // the records filed after it are the ones to tell about.
    file.after_export = match (export, late) {
        (Some(export), true) => file
            .scan
            .timeline
            .range(Some(export.saturating_add(jiff::Span::new().days(1)))..)
            .map(|(_, t)| t.records)
            .sum(),
        _ => 0,
    };
}

/// The export's date: the name's `_MM-DD-YYYY` (ZIP, input folder or wrapping folder),
/// else the ZIP entries' newest timestamp, else the newest activity date in the data. The
/// latest over the inputs, as a Basic and a Complete part are one export.
fn find_export_date(
    set: &ArchiveSet,
    inputs: &[InputSummary],
    files: &[FileResult<'_>],
) -> Option<ExportDate> {
    let named = inputs
        .iter()
        .filter_map(|i| {
            let source = match (i.kind, i.name_source) {
                (InputKind::Zip, NameSource::Own) => ExportDateSource::FileName,
                _ => ExportDateSource::FolderName,
            };
            i.export_date.map(|date| ExportDate { date, source })
        })
        .max_by_key(|d| d.date);
    if named.is_some() {
        return named;
    }
    let stamped = set
        .inputs
        .iter()
        .filter_map(|i| i.newest_entry_date)
        .max()
        .map(|date| ExportDate {
            date,
            source: ExportDateSource::ZipTimestamps,
        });
    if stamped.is_some() {
        return stamped;
    }
    files
        .iter()
        .flat_map(|f| f.columns.iter())
        .filter(|c| c.date_role == Some(DateRole::Activity))
        .filter_map(|c| c.date_range().map(|(_, last)| last.date))
        .max()
        .map(|date| ExportDate {
            date,
            source: ExportDateSource::NewestActivity,
        })
}

/// Each input's type as told from its contents: a Complete-only file with records makes
/// it Complete; other known files make it Basic.
fn content_types(set: &ArchiveSet, scanned: &[(Entry, FileScan<'_>)]) -> Vec<ArchiveType> {
    (0..set.inputs.len())
        .map(|i| {
            let mine = || scanned.iter().filter(move |(e, _)| e.input == i);
            if mine().any(|(_, s)| {
                s.spec
                    .is_some_and(|spec| spec.presence == Presence::Complete)
                    && s.rows > 0
            }) {
                ArchiveType::Complete
            } else if mine().any(|(_, s)| s.spec.is_some() && !s.mismatched) {
                ArchiveType::Basic
            } else {
                ArchiveType::Unknown
            }
        })
        .collect()
}

/// Per input: for each other input whose copies were read instead of this one's, how many.
type Shadowed = Vec<BTreeMap<usize, usize>>;

/// Picks the copy to read of every file several inputs hold, from what each copy holds:
/// a copy is dropped only when another one covers it (as many rows and bytes, a newest
/// date as late). Between equal copies the part told to be Complete from its contents
/// wins. So neither the order of the inputs nor their names change a figure. When no copy
/// covers another, all are kept, and a problem says so.
fn choose_copies<'c>(
    set: &ArchiveSet,
    types: &[ArchiveType],
    scanned: Vec<(Entry, FileScan<'c>)>,
    problems: &mut Vec<Problem>,
) -> (Vec<(Entry, FileScan<'c>)>, Shadowed) {
    let mut shadowed: Shadowed = vec![BTreeMap::new(); set.inputs.len()];
    let mut keep = vec![true; scanned.len()];
    for copies in shared_files(&scanned) {
        let dropped = beaten_copies(&copies, &scanned, types);
        for &b in &dropped {
            if let Some(k) = keep.get_mut(b) {
                *k = false;
            }
        }
        let survivors: Vec<usize> = copies
            .iter()
            .copied()
            .filter(|&i| keep.get(i).copied().unwrap_or(false))
            .collect();
        credit_readers(&scanned, &dropped, &survivors, &mut shadowed);
        problems.extend(duplicate_problem(set, &scanned, &dropped, &survivors));
    }
    let mut chosen: Vec<(Entry, FileScan<'c>)> = scanned
        .into_iter()
        .zip(keep)
        .filter_map(|(pair, k)| k.then_some(pair))
        .collect();
    chosen.sort_by(|a, b| (a.0.input, &a.0.path).cmp(&(b.0.input, &b.0.path)));
    (chosen, shadowed)
}

/// The copies (indices into `scanned`) of each file that more than one input holds,
/// grouped by path whatever its case, in path order.
fn shared_files(scanned: &[(Entry, FileScan<'_>)]) -> Vec<Vec<usize>> {
    let mut by_path: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (entry, _)) in scanned.iter().enumerate() {
        by_path
            .entry(entry.path.to_lowercase())
            .or_default()
            .push(i);
    }
    by_path
        .into_values()
        .filter(|copies| {
            let inputs: std::collections::BTreeSet<usize> = copies
                .iter()
                .filter_map(|&i| scanned.get(i).map(|(e, _)| e.input))
                .collect();
            inputs.len() >= 2
        })
        .collect()
}

/// The newest date a copy holds.
fn newest(scan: &FileScan<'_>) -> Option<Stamp> {
    scan.columns.iter().filter_map(|c| c.last).max()
}

/// Whether copy `a` holds all that copy `b` does: as many rows and bytes, a newest date
/// as late.
fn covers(a: &FileScan<'_>, b: &FileScan<'_>) -> bool {
    a.rows >= b.rows && a.bytes >= b.bytes && newest(a) >= newest(b)
}

/// The copies to drop: each is covered by a copy in another input that it does not cover
/// back (or that wins the tie on type, then input order, which only decides between
/// equals).
fn beaten_copies(
    copies: &[usize],
    scanned: &[(Entry, FileScan<'_>)],
    types: &[ArchiveType],
) -> Vec<usize> {
    let type_rank = |input: usize| match types.get(input).copied() {
        Some(ArchiveType::Complete) => 0,
        Some(ArchiveType::Basic) => 1,
        _ => 2,
    };
    copies
        .iter()
        .copied()
        .filter(|&b| {
            let Some(cb) = scanned.get(b) else {
                return false;
            };
            copies.iter().any(|&a| {
                let Some(ca) = scanned.get(a) else {
                    return false;
                };
                ca.0.input != cb.0.input
                    && covers(&ca.1, &cb.1)
                    && (!covers(&cb.1, &ca.1)
                        || (type_rank(ca.0.input), ca.0.input)
                            < (type_rank(cb.0.input), cb.0.input))
            })
        })
        .collect()
}

/// Counts each dropped copy against the input of a surviving copy that covers it, for
/// the inputs' notes.
fn credit_readers(
    scanned: &[(Entry, FileScan<'_>)],
    dropped: &[usize],
    survivors: &[usize],
    shadowed: &mut Shadowed,
) {
    for &b in dropped {
        let Some(cb) = scanned.get(b) else { continue };
        let reader = survivors
            .iter()
            .copied()
            .find(|&a| scanned.get(a).is_some_and(|ca| covers(&ca.1, &cb.1)));
        if let Some((ca, _)) = reader.and_then(|a| scanned.get(a))
            && let Some(map) = shadowed.get_mut(cb.0.input)
        {
            *map.entry(ca.input).or_default() += 1;
        }
    }
}

/// The problem about a file several inputs hold: which copy was read instead of which,
/// or, when several survive, that each is reported.
fn duplicate_problem(
    set: &ArchiveSet,
    scanned: &[(Entry, FileScan<'_>)],
    dropped: &[usize],
    survivors: &[usize],
) -> Option<Problem> {
    let describe = |i: usize| {
        scanned.get(i).map_or_else(String::new, |(e, scan)| {
            let date = newest(scan).map_or("no date".to_string(), |d| d.date.to_string());
            format!(
                "{}: {} rows, {} bytes, newest {date}",
                input_name(set, e.input),
                scan.rows,
                scan.bytes
            )
        })
    };
    if survivors.len() > 1 {
        let shown: Vec<String> = survivors.iter().map(|&i| describe(i)).collect();
        let (entry, _) = survivors.first().and_then(|&i| scanned.get(i))?;
        Some(Problem::file(
            Severity::Warning,
            ProblemKind::DuplicateFile,
            entry.path.clone(),
            format!(
                "the copies differ and none holds all of another ({}): each is reported, so some records may be counted twice",
                shown.join("; ")
            ),
        ))
    } else {
        let &kept = survivors.first()?;
        let (entry, _) = scanned.get(kept)?;
        let dropped: Vec<String> = dropped.iter().map(|&b| describe(b)).collect();
        Some(Problem::file(
            Severity::Info,
            ProblemKind::DuplicateFile,
            entry.path.clone(),
            format!(
                "also in another input; the copy that holds as much or more was read ({}), not {}",
                describe(kept),
                dropped.join("; ")
            ),
        ))
    }
}

/// An input's file name, as the notes name it.
fn input_name(set: &ArchiveSet, input: usize) -> String {
    set.inputs
        .get(input)
        .and_then(|inp| inp.path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn classify_file<'c>(entry: &Entry, mut scan: FileScan<'c>) -> FileResult<'c> {
    let spec = scan.spec;
    let mut columns: Vec<ColumnResult<'c>> = std::mem::take(&mut scan.columns)
        .into_iter()
        .map(|c| classify_column(c, spec))
        .collect();
    let (category, evidence) = match spec {
        Some(s) => (s.category, Vec::new()),
        None => {
            let cols: Vec<(&str, Role)> = columns
                .iter()
                .map(|c| (c.scan.name.as_str(), c.role))
                .collect();
            guess::file_category(&entry.path, &cols)
        }
    };
    if spec.is_none() {
        for col in &mut columns {
            col.category = category;
        }
    }
    let date_range = columns
        .iter()
        .fold(None, |acc, c| merge_range(acc, c.date_range()));
    let mut text = TextTally::default();
    for col in &columns {
        text.add(col.text());
    }
    FileResult {
        path: entry.path.clone(),
        input: entry.input,
        spec,
        category,
        evidence,
        item: spec.and_then(|s| s.item.clone()),
        scan,
        columns,
        date_range,
        text,
        activity_range: None,
        after_export: 0,
    }
}

fn classify_column<'c>(col: ColumnScan<'c>, file: Option<&FileSpec>) -> ColumnResult<'c> {
    let file_category = file.map_or(Category::Other, |f| f.category);
    let (role, evidence) = match (col.spec, &col.shapes) {
        (Some(spec), _) => (spec.role, None),
        (None, Some(shapes)) => {
            let (role, why) = shapes.role(&col.name);
            (role, Some(why))
        }
        (None, None) => (Role::Other, Some("no values seen".to_string())),
    };
    // Known columns with date formats (dates, and text holding date ranges) and unknown
    // columns that turned out to be dates place their values on the timeline.
    let dated = col.spec.map_or(role == Role::Date, |s| !s.dates.is_empty());
    ColumnResult {
        category: col.spec.and_then(|s| s.category).unwrap_or(file_category),
        item: col
            .spec
            .and_then(|s| s.item.clone())
            .or_else(|| file.and_then(|f| f.item.clone())),
        role,
        evidence,
        date_role: dated.then(|| col.spec.map_or(DateRole::Activity, |s| s.date_role)),
        scan: col,
    }
}

fn summarize_inputs(
    set: &ArchiveSet,
    files: &[FileResult<'_>],
    types: &[ArchiveType],
    shadowed: &Shadowed,
    not_read: &[NotRead],
) -> Vec<InputSummary> {
    set.inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let mut archive_type = input.archive_type;
            let mut from_contents = false;
            if archive_type == ArchiveType::Unknown {
                // Told from every file it holds, also those whose copy elsewhere was read:
                // a redundant Basic part is still a Basic part.
                from_contents = true;
                archive_type = types.get(i).copied().unwrap_or(ArchiveType::Unknown);
            }
            let others = shadowed.get(i).cloned().unwrap_or_default();
            let read_elsewhere: usize = others.values().sum();
            let files_here = files.iter().filter(|f| f.input == i).count();
            let note = (read_elsewhere > 0).then(|| {
                let part = |t: ArchiveType| match t {
                    ArchiveType::Basic => "Basic part".to_string(),
                    ArchiveType::Complete => "Complete part".to_string(),
                    ArchiveType::Unknown => "other input".to_string(),
                };
                let wheres: Vec<String> = others
                    .keys()
                    .map(|&o| {
                        let t = types
                            .get(o)
                            .copied()
                            .filter(|t| *t != ArchiveType::Unknown)
                            .or_else(|| set.inputs.get(o).map(|x| x.archive_type))
                            .unwrap_or(ArchiveType::Unknown);
                        format!("the {} ({})", part(t), input_name(set, o))
                    })
                    .collect();
                let what = if files_here == 0 {
                    format!("all its {read_elsewhere} files are also in")
                } else {
                    format!("{read_elsewhere} of its files are also in")
                };
                format!(
                    "{}: {what} {}, whose copies were read",
                    part(archive_type),
                    wheres.join(" and ")
                )
            });
            InputSummary {
                path: input.path.clone(),
                kind: input.kind,
                archive_type,
                archive_type_from_contents: from_contents,
                export_date: input.export_date,
                bytes: input.bytes,
                files: files_here,
                name_source: input.name_source,
                read_elsewhere,
                note,
                skipped_system: input.skipped_system,
                not_read: not_read.iter().filter(|n| n.input == i).count(),
            }
        })
        .collect()
}

/// Files a member would expect but the inputs lack. A Basic archive has no posts, for
/// example; saying so keeps anyone from concluding "no posts". A file is claimed missing
/// only from an export made when LinkedIn exported it (its first sighting in the reference
/// is no later than the export's month): a 2018 export never had AI-coach chats.
fn find_missing<'c>(
    inputs: &[InputSummary],
    files: &[FileResult<'c>],
    catalog: &'c Catalog,
    export_date: Option<ExportDate>,
) -> Vec<Missing<'c>> {
    let has_complete = inputs
        .iter()
        .any(|i| i.archive_type == ArchiveType::Complete);
    let present: std::collections::HashSet<&str> = files
        .iter()
        .filter(|f| !f.scan.mismatched)
        .filter_map(|f| f.spec.map(|s| s.id.as_str()))
        .collect();
    catalog
        .files()
        .iter()
        .filter(|spec| !present.contains(spec.id.as_str()))
        .filter(|spec| match export_date {
            Some(d) => spec.existed_on(d.date),
            // Without a date, only files as old as the oldest exports seen are claimed.
            None => spec.first_seen.as_deref().is_none_or(|f| f <= "2018-11"),
        })
        .filter_map(|spec| {
            let reason = match (spec.presence, has_complete) {
                (Presence::Always, _) => {
                    "LinkedIn includes this file in every archive of this export's date; it is missing here (a partial download, or the file was removed)".to_string()
                }
                (Presence::Complete, false) => {
                    "only the Complete archive has this file; request the full archive (Settings & Privacy > Data privacy > Get a copy of your data) to see it".to_string()
                }
                (Presence::Complete, true) => {
                    "not in your Complete archive: LinkedIn leaves a file out when it has no such data for you".to_string()
                }
                _ => return None,
            };
            Some(Missing { spec, reason })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> jiff::civil::Date {
        s.parse().expect("date")
    }

    fn stamp(s: &str) -> Stamp {
        Stamp {
            date: day(s),
            precision: crate::dates::Precision::Day,
        }
    }

    #[test]
    fn spans_are_cut_at_the_export_date_on_a_day_something_happened() {
        let span = Some((stamp("2026-03-01"), stamp("2026-06-30")));
        let export = Some(day("2026-05-20"));
        let cut = clamp(span, export, Some(day("2026-03-01")));
        assert_eq!(cut.map(|(_, l)| l.date), Some(day("2026-03-01")));
        let cut = clamp(span, export, None);
        assert_eq!(cut.map(|(_, l)| l.date), Some(day("2026-05-20")));
        assert_eq!(clamp(span, None, None), span);
        let later = Some((stamp("2027-01-01"), stamp("2027-05-07")));
        assert_eq!(clamp(later, export, None), None);
    }

    #[test]
    fn only_csv_files_and_article_pages_may_be_export_files() {
        for yes in [
            "Skills.csv",
            "Jobs/Saved Jobs.CSV",
            "Articles/Articles/a.html",
            "x.zip",
        ] {
            assert!(may_be_export_file(yes), "{yes}");
        }
        for no in [
            "Skills.tsx",
            "positions.json",
            "README.md",
            "notes/page.html",
            "a.ipynb",
        ] {
            assert!(!may_be_export_file(no), "{no}");
        }
    }
}
