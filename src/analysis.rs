//! The scan as a whole: open the inputs, drop duplicate copies, measure every entry in
//! parallel, and decide each file's and column's category.
//!
//! The result is plain data in a deterministic order (input order, then archive path), so
//! the reports built from it are byte-identical whatever the number of threads.

use crate::archive::{ArchiveSet, ArchiveType, Entry, InputKind, Limits};
use crate::catalog::{Catalog, FileSpec, Presence};
use crate::category::{Category, Role};
use crate::classify::{self, ColumnScan, FileScan, TextTally, ValueTally, guess};
use crate::dates::Stamp;
use crate::error::{Error, Result};
use crate::problem::{Problem, ProblemKind, Severity};
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
}

/// One column, classified.
#[derive(Debug, Clone)]
pub struct ColumnResult {
    /// Header as written.
    pub name: String,
    /// Position.
    pub index: usize,
    /// Known to the catalog.
    pub known: bool,
    /// Its category.
    pub category: Category,
    /// Its policy item, if the catalog names one.
    pub item: Option<String>,
    /// What its values are.
    pub role: Role,
    /// Why the role was guessed (unknown columns only).
    pub evidence: Option<String>,
    /// Non-empty values.
    pub non_empty: u64,
    /// Earliest and latest date (date columns).
    pub date_range: Option<(Stamp, Stamp)>,
    /// Text volume (text columns).
    pub text: TextTally,
    /// Counts per value, for columns the catalog marks `tally = true`.
    pub values: Option<ValueTally>,
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
    /// The raw measures.
    pub scan: FileScan<'c>,
    /// Its columns, classified.
    pub columns: Vec<ColumnResult>,
    /// Earliest and latest date over its date columns.
    pub date_range: Option<(Stamp, Stamp)>,
    /// Text volume over its text columns.
    pub text: TextTally,
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
    /// Earliest and latest date.
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
pub fn analyze<'c>(
    config: &Config,
    catalog: &'c Catalog,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Analysis<'c>> {
    let mut set = ArchiveSet::open(&config.inputs, &config.limits)?;
    if let Some(n) = config.pipe_min_bytes {
        set.set_pipe_min_bytes(n);
    }
    set.set_eager_pipes(config.pipe_eagerly);
    let mut problems = set.problems.clone();
    let chosen = choose_copies(&set, &mut problems);
    let first_path = config.inputs.first().cloned().unwrap_or_default();
    if chosen.is_empty() {
        return Err(Error::NotLinkedIn {
            path: first_path,
            detail: "it holds no files".to_string(),
        });
    }
    on_progress(Progress::Start {
        entries: chosen.len(),
        bytes: chosen.iter().map(|e| e.size).sum(),
    });
    // Largest entries first: the biggest file (messages.csv, often most of the archive)
    // must not start last and leave the other cores idle at the end. Results go back into
    // archive order afterwards, so the order of work never shows in the output.
    let mut order: Vec<usize> = (0..chosen.len()).collect();
    order.sort_by_key(|&i| {
        let size = chosen.get(i).map_or(0, |e| e.compressed_size.max(e.size));
        (std::cmp::Reverse(size), i)
    });
    set.set_pending(chosen.len());
    let scan_all = || -> Vec<FileScan<'c>> {
        let mut scans: Vec<(usize, FileScan<'c>)> = order
            .par_iter()
            // One entry per task, so an idle worker always takes the next largest.
            .with_max_len(1)
            .filter_map(|&i| {
                let entry = chosen.get(i)?;
                let scan = match &config.collect {
                    Some(plan) => classify::scan_entry_with(&set, entry, catalog, plan),
                    None => classify::scan_entry(&set, entry, catalog),
                };
                set.entry_done();
                on_progress(Progress::Entry { bytes: entry.size });
                Some((i, scan))
            })
            .collect();
        scans.sort_by_key(|(i, _)| *i);
        scans.into_iter().map(|(_, scan)| scan).collect()
    };
    let scans = match config.threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| Error::Threads(e.to_string()))?
            .install(scan_all),
        None => scan_all(),
    };
    if scans.iter().all(|s| s.spec.is_none()) {
        let sample: Vec<&str> = chosen.iter().take(3).map(|e| e.path.as_str()).collect();
        return Err(Error::NotLinkedIn {
            path: first_path,
            detail: format!(
                "{} files, none of them a known LinkedIn export file (e.g. {})",
                chosen.len(),
                sample.join(", ")
            ),
        });
    }
    // Merged in archive order, so the list is the same for any thread count.
    let mut collected = config
        .collect
        .as_ref()
        .map(|_| crate::posts::Collected::default());
    let mut scans = scans;
    for scan in &mut scans {
        if let (Some(all), Some(mine)) = (collected.as_mut(), scan.collected.take()) {
            all.merge(mine);
        }
    }
    if let Some(all) = collected.as_mut() {
        all.sort();
    }
    let files: Vec<FileResult<'c>> = chosen
        .iter()
        .zip(scans)
        .map(|(entry, scan)| classify_file(entry, scan))
        .collect();
    let inputs = summarize_inputs(&set, &files);
    let mut categories: BTreeMap<Category, CategoryTotal> = BTreeMap::new();
    for file in &files {
        let total = categories.entry(file.category).or_default();
        total.files += 1;
        total.records += file.records();
        for col in &file.columns {
            let cat = categories.entry(col.category).or_default();
            cat.text.add(col.text);
            cat.date_range = merge_range(cat.date_range, col.date_range);
        }
    }
    let missing = find_missing(&inputs, &files, catalog);
    problems.sort();
    Ok(Analysis {
        inputs,
        files,
        categories,
        missing,
        problems,
        collected,
    })
}

/// Picks one copy of every file. When Basic and Complete parts both hold a file, the
/// Complete copy is kept (it is the fuller one) and the choice is reported.
fn choose_copies(set: &ArchiveSet, problems: &mut Vec<Problem>) -> Vec<Entry> {
    let rank = |e: &Entry| {
        let t = set.inputs.get(e.input).map(|i| i.archive_type);
        (t != Some(ArchiveType::Complete), e.input)
    };
    let mut by_path: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for entry in &set.entries {
        by_path
            .entry(entry.path.to_lowercase())
            .or_default()
            .push(entry);
    }
    let mut chosen = Vec::new();
    for copies in by_path.into_values() {
        let inputs: std::collections::BTreeSet<usize> = copies.iter().map(|e| e.input).collect();
        if inputs.len() < 2 {
            chosen.extend(copies.into_iter().cloned());
            continue;
        }
        let best_input = copies
            .iter()
            .min_by_key(|e| rank(e))
            .map(|e| e.input)
            .unwrap_or_default();
        let name = |i: usize| {
            set.inputs
                .get(i)
                .and_then(|inp| inp.path.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        for copy in &copies {
            if copy.input == best_input {
                chosen.push((*copy).clone());
            }
        }
        let skipped: Vec<String> = inputs
            .iter()
            .filter(|&&i| i != best_input)
            .map(|&i| name(i))
            .collect();
        if let Some(kept) = copies.iter().find(|e| e.input == best_input) {
            let why = if set.inputs.get(best_input).map(|i| i.archive_type)
                == Some(ArchiveType::Complete)
            {
                "the Complete archive's copy was kept"
            } else {
                "the first input's copy was kept"
            };
            problems.push(Problem::file(
                Severity::Info,
                ProblemKind::DuplicateFile,
                kept.path.clone(),
                format!("also in {}; {why}", skipped.join(", ")),
            ));
        }
    }
    chosen.sort_by(|a, b| (a.input, &a.path).cmp(&(b.input, &b.path)));
    chosen
}

fn classify_file<'c>(entry: &Entry, scan: FileScan<'c>) -> FileResult<'c> {
    let spec = scan.spec;
    let mut columns: Vec<ColumnResult> = scan
        .columns
        .iter()
        .map(|c| classify_column(c, spec))
        .collect();
    let (category, evidence) = match spec {
        Some(s) => (s.category, Vec::new()),
        None => {
            let cols: Vec<(String, Role)> =
                columns.iter().map(|c| (c.name.clone(), c.role)).collect();
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
        .fold(None, |acc, c| merge_range(acc, c.date_range));
    let mut text = TextTally::default();
    for col in columns.iter().filter(|c| c.role == Role::Text) {
        text.add(col.text);
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
    }
}

fn classify_column(col: &ColumnScan<'_>, file: Option<&FileSpec>) -> ColumnResult {
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
    let range = match (col.first, col.last) {
        (Some(f), Some(l)) if dated => Some((f, l)),
        _ => None,
    };
    let text = if role == Role::Text {
        col.text
    } else {
        TextTally::default()
    };
    ColumnResult {
        name: col.name.clone(),
        index: col.index,
        known: col.spec.is_some(),
        category: col.spec.and_then(|s| s.category).unwrap_or(file_category),
        item: col
            .spec
            .and_then(|s| s.item.clone())
            .or_else(|| file.and_then(|f| f.item.clone())),
        role,
        evidence,
        non_empty: col.non_empty,
        date_range: range,
        text,
        values: col.values.clone(),
    }
}

fn summarize_inputs(set: &ArchiveSet, files: &[FileResult<'_>]) -> Vec<InputSummary> {
    set.inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let mine = || files.iter().filter(move |f| f.input == i);
            let mut archive_type = input.archive_type;
            let mut from_contents = false;
            if archive_type == ArchiveType::Unknown {
                from_contents = true;
                let complete_only = mine().any(|f| {
                    f.spec.is_some_and(|s| s.presence == Presence::Complete) && f.scan.rows > 0
                });
                archive_type = if complete_only {
                    ArchiveType::Complete
                } else if mine().any(|f| f.spec.is_some()) {
                    ArchiveType::Basic
                } else {
                    ArchiveType::Unknown
                };
            }
            InputSummary {
                path: input.path.clone(),
                kind: input.kind,
                archive_type,
                archive_type_from_contents: from_contents,
                export_date: input.export_date,
                bytes: input.bytes,
                files: mine().count(),
            }
        })
        .collect()
}

/// Files a member would expect but the inputs lack. A Basic archive has no posts, for
/// example; saying so keeps anyone from concluding "no posts".
fn find_missing<'c>(
    inputs: &[InputSummary],
    files: &[FileResult<'c>],
    catalog: &'c Catalog,
) -> Vec<Missing<'c>> {
    let has_complete = inputs
        .iter()
        .any(|i| i.archive_type == ArchiveType::Complete);
    let present: std::collections::HashSet<&str> = files
        .iter()
        .filter_map(|f| f.spec.map(|s| s.id.as_str()))
        .collect();
    catalog
        .files()
        .iter()
        .filter(|spec| !present.contains(spec.id.as_str()))
        .filter_map(|spec| {
            let reason = match (spec.presence, has_complete) {
                (Presence::Always, _) => {
                    "LinkedIn includes this file in every archive; it is missing here (a partial download, or the file was removed)".to_string()
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
