//! Research datasets: many members' scans as hive-partitioned Parquet (`lidex dataset`), and
//! the cohort query over them (`lidex cohort`, in [`cohort`]).
//!
//! Every table is built from the scan's plain data (the [`Analysis`] and the report model),
//! never by reading text again, and carries a pseudonymous member id: a keyed BLAKE3 hash of
//! the member's primary email address, or of the export's contents when it has none. The
//! email itself is read from `Email Addresses.csv` through [`ArchiveSet`] and never written.
//!
//! The tree is `DIR/table=<name>/member=<id>/<export>.parquet`: one file per table and export,
//! under a folder per member, so shards written on many machines merge into one tree without
//! coordination. Nothing in a file depends on the clock, the thread count or the order of
//! the inputs, so a rerun with the same key over the same inputs writes the same bytes.

pub mod cohort;

use crate::analysis::{self, Analysis, Config};
use crate::archive::{ArchiveSet, ArchiveType, InputKind, Limits};
use crate::catalog::Catalog;
use crate::category::Role;
use crate::dates::Stamp;
use crate::exposure;
use crate::policy::{Jurisdiction, Policy, Purpose, Verdict};
use crate::posts::{Item, Plan};
use crate::report::dataset::{Failure, Meta};
use crate::report::{self, Report};
use jiff::civil::Date;
use polars::prelude::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Version of the dataset's tables and columns (docs/dataset.md). Bumped on any change that
/// can break a reader.
pub const DATASET_SCHEMA_VERSION: u32 = 2;

/// The tables `lidex dataset` writes, in this order.
pub const TABLES: [&str; 7] = [
    "exports",
    "files",
    "categories",
    "exposure",
    "timeline",
    "items",
    "findings",
];

/// Catalog ids of the files that hold the member's own posts (for "posts older than two
/// years" in the cohort).
pub const POST_KINDS: [&str; 3] = ["shares", "articles", "videos"];

/// Domain separation for the key derivation and the hashes.
const KEY_CONTEXT: &str = "lidex dataset 2026-12 member id key";

/// The most of `Email Addresses.csv` read to find the primary address: the file holds a
/// handful of lines, so a bigger one is not what it claims to be.
const EMAIL_FILE_MAX: u64 = 1 << 20;

/// Why a dataset cannot be written or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DatasetError {
    /// The scan of a member failed.
    #[error(transparent)]
    Scan(#[from] crate::Error),
    /// polars failed building, writing or querying a table.
    #[error("{context}: {source}")]
    Polars {
        /// What was being done.
        context: String,
        /// polars' error.
        #[source]
        source: PolarsError,
    },
    /// A file of the dataset cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// `_meta.json` or the key file is not what lidex writes.
    #[error("{path}: {detail}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// No random key could be made.
    #[error("cannot make a random key: {0}")]
    Random(String),
}

fn polars_err(context: &str) -> impl FnOnce(PolarsError) -> DatasetError + '_ {
    move |source| DatasetError::Polars {
        context: context.to_string(),
        source,
    }
}

/// The secret behind the member ids: whoever holds it can test whether an email address is
/// in the dataset, so it is kept apart from the data when the data is shared.
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

impl Key {
    /// A fresh random key.
    pub fn random() -> Result<Key, DatasetError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| DatasetError::Random(e.to_string()))?;
        Ok(Key(bytes))
    }

    /// The key in a key file: 64 hex digits (as `_meta.json` keeps a generated key) are the
    /// key itself; any other content (a passphrase, random bytes) is hashed into one.
    pub fn from_file_contents(bytes: &[u8]) -> Key {
        let trimmed = std::str::from_utf8(bytes).map(str::trim).ok();
        if let Some(key) = trimmed.and_then(Key::from_hex) {
            return key;
        }
        Key(blake3::derive_key(KEY_CONTEXT, bytes))
    }

    /// Parses 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Key> {
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            let pair = text.get(2 * i..2 * i + 2)?;
            *b = u8::from_str_radix(pair, 16).ok()?;
        }
        Some(Key(bytes))
    }

    /// The key as 64 hex digits.
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    fn hasher(&self) -> blake3::Hasher {
        blake3::Hasher::new_keyed(&self.0)
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// What a member id was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdSource {
    /// The primary address in `Email Addresses.csv`.
    Email,
    /// The export's files (no email address in it).
    Contents,
}

impl IdSource {
    /// "email" or "contents".
    pub fn id(self) -> &'static str {
        match self {
            IdSource::Email => "email",
            IdSource::Contents => "contents",
        }
    }
}

/// The parts of one member's export: a ZIP or folder is one part; a folder that holds
/// LinkedIn export ZIPs (a member's Basic and Complete archives side by side) is those ZIPs.
pub fn member_parts(input: &Path) -> Vec<PathBuf> {
    if !input.is_dir() {
        return vec![input.to_path_buf()];
    }
    let Ok(read) = std::fs::read_dir(input) else {
        return vec![input.to_path_buf()];
    };
    let files: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    // An extracted export (CSV files at its top) is itself the export, whatever else it holds.
    let is_csv = |p: &PathBuf| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if files.iter().any(is_csv) {
        return vec![input.to_path_buf()];
    }
    let mut zips: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.to_lowercase().ends_with(".zip")
                    && crate::archive::parse_export_name(n).0 != ArchiveType::Unknown
            })
        })
        .collect();
    if zips.is_empty() {
        return vec![input.to_path_buf()];
    }
    zips.sort();
    zips
}

/// The member's primary email address, normalised (trimmed, lower case), from the first part
/// that has `Email Addresses.csv`; the row marked `Primary` wins, else the first address.
fn primary_email(set: &ArchiveSet, catalog: &Catalog) -> Option<String> {
    let is_email_file = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path);
        catalog
            .lookup(name)
            .and_then(|i| catalog.get(i))
            .is_some_and(|spec| spec.id == "email_addresses")
    };
    for entry in set.entries.iter().filter(|e| is_email_file(&e.path)) {
        let Ok(Ok(bytes)) = set.peek_entry(entry, |r| {
            let mut buf = Vec::new();
            r.take(EMAIL_FILE_MAX).read_to_end(&mut buf).map(|_| buf)
        }) else {
            continue;
        };
        if let Some(email) = email_in(&bytes) {
            return Some(email);
        }
    }
    None
}

/// The primary address in the bytes of an `Email Addresses.csv`.
fn email_in(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader.headers().ok()?.clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let address = find("Email Address")?;
    let primary = find("Primary");
    let mut first = None;
    for record in reader.records().flatten() {
        let Some(email) = record
            .get(address)
            .map(|e| e.trim().to_lowercase())
            .filter(|e| e.contains('@'))
        else {
            continue;
        };
        let is_primary = primary
            .and_then(|p| record.get(p))
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("yes"));
        if is_primary {
            return Some(email);
        }
        first.get_or_insert(email);
    }
    first
}

/// A keyed hash of every readable entry's path and bytes, in path order: the same export as
/// a ZIP or a folder gets the same id.
fn contents_hash(set: &ArchiveSet, key: &Key) -> blake3::Hash {
    let mut entries: Vec<_> = set.entries.iter().collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path).then(a.input.cmp(&b.input)));
    let mut hasher = key.hasher();
    hasher.update(b"contents\0");
    for entry in entries {
        hasher.update(entry.path.as_bytes());
        hasher.update(b"\0");
        if entry.unreadable.is_none() {
            let _ = set.read_entry(entry, |r| std::io::copy(r, &mut hasher));
        }
        hasher.update(b"\0");
    }
    hasher.finalize()
}

/// A member id: `m` and 32 hex digits. The letter keeps engines that infer hive partition
/// types from reading an id of digits as a number.
fn member_id(hash: &blake3::Hash) -> String {
    let bytes = hash.as_bytes();
    format!("m{}", hex(bytes.get(..16).unwrap_or(bytes)))
}

/// The pseudonymous id of the member whose export `parts` are, and what it was made from.
pub fn identify(
    parts: &[PathBuf],
    key: &Key,
    limits: &Limits,
    catalog: &Catalog,
) -> Result<(String, IdSource), DatasetError> {
    let set = ArchiveSet::open(parts, limits)?;
    if let Some(email) = primary_email(&set, catalog) {
        let mut hasher = key.hasher();
        hasher.update(b"email\0");
        hasher.update(email.as_bytes());
        return Ok((member_id(&hasher.finalize()), IdSource::Email));
    }
    Ok((member_id(&contents_hash(&set, key)), IdSource::Contents))
}

/// The export id: a keyed hash of the member id and the parts' file names, so two exports of
/// one member (different dates) sit side by side and a rerun overwrites its own file.
fn export_id(key: &Key, member: &str, parts: &[PathBuf]) -> String {
    let mut hasher = key.hasher();
    hasher.update(b"export\0");
    hasher.update(member.as_bytes());
    for p in parts {
        hasher.update(b"\0");
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        hasher.update(name.as_bytes());
    }
    let hash = hasher.finalize();
    let bytes = hash.as_bytes();
    format!("e{}", hex(bytes.get(..8).unwrap_or(bytes)))
}

/// How to build a dataset.
#[derive(Debug, Clone)]
pub struct Options {
    /// Safety limits for every member's scan.
    pub limits: Limits,
    /// The policy date; verdicts are given for every jurisdiction.
    pub as_of: Date,
    /// Write paths and other free text (the `path` columns). Off by default.
    pub include_text: bool,
    /// What the scan collects for the `items` and `findings` tables: every item, and the
    /// sensitive-content findings ([`Options::new`] makes it). Built once and shared by
    /// every member, so the detector is not rebuilt per member.
    pub collect: Plan,
}

impl Options {
    /// Options for a run on `as_of`, with the sensitive-content detector (national phone
    /// numbers are read in each member's profile country, as `lidex scan` reads them).
    pub fn new(limits: Limits, as_of: Date, include_text: bool) -> Options {
        Options {
            limits,
            as_of,
            include_text,
            collect: Plan::every_item(as_of, crate::posts::detector(None)),
        }
    }
}

/// One table of one export, before writing.
#[derive(Debug)]
pub struct Table {
    /// The table name (`table=<name>`).
    pub name: &'static str,
    /// Its rows.
    pub frame: DataFrame,
}

/// One member's export, as tables.
#[derive(Debug)]
pub struct Member {
    /// The pseudonymous member id.
    pub id: String,
    /// What the id was made from.
    pub id_source: IdSource,
    /// The export id (the file name in each table's member folder).
    pub export: String,
    /// The tables, in [`TABLES`] order.
    pub tables: Vec<Table>,
}

/// Columns of one table under construction.
struct Cols {
    height: usize,
    cols: Vec<Column>,
}

impl Cols {
    fn new(height: usize, member: &str, export: &str) -> Cols {
        Cols {
            height,
            cols: vec![
                Column::new("member_id".into(), vec![member; height]),
                Column::new("export_id".into(), vec![export; height]),
            ],
        }
    }
    fn str(mut self, name: &str, v: Vec<Option<String>>) -> Cols {
        self.cols.push(Column::new(name.into(), v));
        self
    }
    fn u64(mut self, name: &str, v: Vec<u64>) -> Cols {
        self.cols.push(Column::new(name.into(), v));
        self
    }
    fn u32(mut self, name: &str, v: Vec<u32>) -> Cols {
        self.cols.push(Column::new(name.into(), v));
        self
    }
    fn bool(mut self, name: &str, v: Vec<bool>) -> Cols {
        self.cols.push(Column::new(name.into(), v));
        self
    }
    fn date(mut self, name: &str, v: Vec<Option<Date>>) -> Result<Cols, DatasetError> {
        let days: Vec<Option<i32>> = v.into_iter().map(|d| d.map(epoch_days)).collect();
        let col = Column::new(name.into(), days)
            .cast(&DataType::Date)
            .map_err(polars_err(name))?;
        self.cols.push(col);
        Ok(self)
    }
    fn finish(self, name: &'static str) -> Result<Table, DatasetError> {
        let frame = DataFrame::new(self.height, self.cols).map_err(polars_err(name))?;
        Ok(Table { name, frame })
    }
}

/// Days since 1970-01-01, Parquet's DATE.
fn epoch_days(d: Date) -> i32 {
    let secs = d.duration_since(jiff::civil::date(1970, 1, 1)).as_secs();
    i32::try_from(secs.div_euclid(86_400)).unwrap_or(i32::MAX)
}

fn first(r: Option<(Stamp, Stamp)>) -> Option<Date> {
    r.map(|(f, _)| f.date)
}

fn last(r: Option<(Stamp, Stamp)>) -> Option<Date> {
    r.map(|(_, l)| l.date)
}

fn opt(s: &str) -> Option<String> {
    Some(s.to_string())
}

/// Builds one export's tables from its analysis and report.
pub fn tables(
    analysis: &Analysis<'_>,
    report: &Report,
    member: &str,
    export: &str,
    id_source: IdSource,
    include_text: bool,
) -> Result<Vec<Table>, DatasetError> {
    Ok(vec![
        exports_table(analysis, member, export, id_source, include_text)?,
        files_table(analysis, report, member, export, include_text)?,
        categories_table(analysis, member, export)?,
        exposure_table(analysis, report, member, export)?,
        timeline_table(analysis, member, export)?,
        items_table(analysis, member, export, include_text)?,
        findings_table(analysis, member, export)?,
    ])
}

fn exports_table(
    a: &Analysis<'_>,
    member: &str,
    export: &str,
    id_source: IdSource,
    include_text: bool,
) -> Result<Table, DatasetError> {
    let n = a.inputs.len();
    let mut cols = Cols::new(n, member, export)
        .u32(
            "part",
            (0..n)
                .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect(),
        )
        .str("id_source", vec![opt(id_source.id()); n])
        .date(
            "export_date",
            a.inputs.iter().map(|i| i.export_date).collect(),
        )?
        .str(
            "archive_type",
            a.inputs.iter().map(|i| opt(i.archive_type.id())).collect(),
        )
        .str(
            "input_kind",
            a.inputs
                .iter()
                .map(|i| {
                    opt(match i.kind {
                        InputKind::Zip => "zip",
                        InputKind::Dir => "dir",
                    })
                })
                .collect(),
        )
        .u64("bytes", a.inputs.iter().map(|i| i.bytes).collect())
        .u64("files", a.inputs.iter().map(|i| i.files as u64).collect());
    if include_text {
        cols = cols.str(
            "path",
            a.inputs
                .iter()
                .map(|i| Some(i.path.display().to_string()))
                .collect(),
        );
    }
    cols.finish("exports")
}

fn files_table(
    a: &Analysis<'_>,
    r: &Report,
    member: &str,
    export: &str,
    include_text: bool,
) -> Result<Table, DatasetError> {
    let n = a.files.len();
    let fr = &r.files;
    let mut cols = Cols::new(n, member, export)
        .u32(
            "part",
            a.files
                .iter()
                .map(|f| u32::try_from(f.input).unwrap_or(u32::MAX))
                .collect(),
        )
        .str("kind", fr.iter().map(|f| f.kind.clone()).collect())
        .bool("known", fr.iter().map(|f| f.known).collect())
        .str(
            "category",
            fr.iter().map(|f| opt(f.category.id())).collect(),
        )
        .str("item", fr.iter().map(|f| f.item.clone()).collect())
        .str(
            "format",
            fr.iter().map(|f| Some(f.format.kind.clone())).collect(),
        )
        .str(
            "encoding",
            fr.iter().map(|f| Some(f.format.encoding.clone())).collect(),
        )
        .u64("rows", fr.iter().map(|f| f.rows).collect())
        .u64("bytes", fr.iter().map(|f| f.bytes).collect())
        .u64("chars", fr.iter().map(|f| f.text.chars).collect())
        .u64("words", fr.iter().map(|f| f.text.words).collect())
        .u64(
            "tokens",
            fr.iter().map(|f| f.text.tokens_estimate).collect(),
        )
        .date(
            "first_date",
            a.files.iter().map(|f| first(f.date_range)).collect(),
        )?
        .date(
            "last_date",
            a.files.iter().map(|f| last(f.date_range)).collect(),
        )?
        .u64(
            "problems",
            fr.iter().map(|f| f.problems.len() as u64).collect(),
        );
    if include_text {
        cols = cols.str("path", fr.iter().map(|f| Some(f.path.clone())).collect());
    }
    cols.finish("files")
}

fn categories_table(a: &Analysis<'_>, member: &str, export: &str) -> Result<Table, DatasetError> {
    let rows: Vec<_> = a.categories.iter().collect();
    Cols::new(rows.len(), member, export)
        .str("category", rows.iter().map(|(c, _)| opt(c.id())).collect())
        .u64("files", rows.iter().map(|(_, t)| t.files as u64).collect())
        .u64("records", rows.iter().map(|(_, t)| t.records).collect())
        .u64("chars", rows.iter().map(|(_, t)| t.text.chars).collect())
        .u64("words", rows.iter().map(|(_, t)| t.text.words).collect())
        .u64(
            "tokens",
            rows.iter().map(|(_, t)| t.text.tokens_estimate()).collect(),
        )
        .date(
            "first_date",
            rows.iter().map(|(_, t)| first(t.date_range)).collect(),
        )?
        .date(
            "last_date",
            rows.iter().map(|(_, t)| last(t.date_range)).collect(),
        )?
        .finish("categories")
}

/// Totals of the data with one verdict, for one (category, purpose, jurisdiction).
#[derive(Default, Clone, Copy)]
struct Used {
    files: u64,
    records: u64,
    tokens: u64,
}

fn exposure_table(
    a: &Analysis<'_>,
    r: &Report,
    member: &str,
    export: &str,
) -> Result<Table, DatasetError> {
    // Data "used" for a purpose where: a file counts (with its records) under its own
    // category when the file's verdict is used; text counts under its column's category
    // when the column's verdict (its own, or its file's) is used. That is how the report's
    // surfaces count, split by category.
    let mut used: BTreeMap<(&str, Purpose, Jurisdiction), Used> = BTreeMap::new();
    for f in &r.files {
        for (purpose, by_region) in &f.exposure {
            for (region, v) in by_region {
                if v.verdict == Verdict::Used {
                    let u = used
                        .entry((f.category.id(), *purpose, *region))
                        .or_default();
                    u.files += 1;
                    u.records += f.rows;
                }
            }
        }
        for c in &f.columns {
            let Some(text) = c.text.filter(|_| c.role == Role::Text) else {
                continue;
            };
            let matrix = c.exposure.as_ref().unwrap_or(&f.exposure);
            for (purpose, by_region) in matrix {
                for (region, v) in by_region {
                    if v.verdict == Verdict::Used {
                        used.entry((c.category.id(), *purpose, *region))
                            .or_default()
                            .tokens += text.tokens_estimate;
                    }
                }
            }
        }
    }
    let mut rows = Vec::new();
    for c in &r.categories {
        let total = a.categories.get(&c.id);
        for (purpose, by_region) in &c.exposure {
            for (region, v) in by_region {
                let u = used
                    .get(&(c.id.id(), *purpose, *region))
                    .copied()
                    .unwrap_or_default();
                rows.push((c.id, *purpose, *region, v.clone(), total, u));
            }
        }
    }
    Cols::new(rows.len(), member, export)
        .str("category", rows.iter().map(|r| opt(r.0.id())).collect())
        .str("purpose", rows.iter().map(|r| opt(r.1.id())).collect())
        .str("region", rows.iter().map(|r| opt(r.2.id())).collect())
        .str(
            "verdict",
            rows.iter().map(|r| opt(r.3.verdict.id())).collect(),
        )
        .str("rule", rows.iter().map(|r| r.3.rule.clone()).collect())
        .u64(
            "records",
            rows.iter().map(|r| r.4.map_or(0, |t| t.records)).collect(),
        )
        .u64(
            "tokens",
            rows.iter()
                .map(|r| r.4.map_or(0, |t| t.text.tokens_estimate()))
                .collect(),
        )
        .u64("used_files", rows.iter().map(|r| r.5.files).collect())
        .u64("used_records", rows.iter().map(|r| r.5.records).collect())
        .u64("used_tokens", rows.iter().map(|r| r.5.tokens).collect())
        .finish("exposure")
}

fn timeline_table(a: &Analysis<'_>, member: &str, export: &str) -> Result<Table, DatasetError> {
    // (kind, category, month) -> (records, chars, words); the kind is the catalog id, ""
    // for unknown files (written as null).
    type Slot<'a> = (&'a str, &'static str, Option<Date>);
    let mut months: BTreeMap<Slot<'_>, (u64, u64, u64)> = BTreeMap::new();
    for f in &a.files {
        let kind = f.spec.map_or("", |s| s.id.as_str());
        for (day, tally) in &f.scan.timeline {
            let month = month_of(*day);
            let e = months.entry((kind, f.category.id(), month)).or_default();
            e.0 += tally.records;
            e.1 += tally.text.chars;
            e.2 += tally.text.words;
        }
    }
    let rows: Vec<_> = months.into_iter().collect();
    Cols::new(rows.len(), member, export)
        .str(
            "kind",
            rows.iter()
                .map(|((k, _, _), _)| (!k.is_empty()).then(|| k.to_string()))
                .collect(),
        )
        .str(
            "category",
            rows.iter().map(|((_, c, _), _)| opt(c)).collect(),
        )
        .date("month", rows.iter().map(|((_, _, m), _)| *m).collect())?
        .u64("records", rows.iter().map(|(_, v)| v.0).collect())
        .u64("chars", rows.iter().map(|(_, v)| v.1).collect())
        .u64("words", rows.iter().map(|(_, v)| v.2).collect())
        .u64(
            "tokens",
            rows.iter().map(|(_, v)| v.1.div_ceil(4)).collect(),
        )
        .finish("timeline")
}

/// The first of `date`'s month.
fn month_of(date: Option<Date>) -> Option<Date> {
    date.and_then(|d| Date::new(d.year(), d.month(), 1).ok())
}

/// The member's posted content, one row per item (post, comment, article, repost, vote;
/// reactions are counted in `timeline` only): its kind, month, size, flags, the reasons
/// `lidex posts` would list it for on the dataset's date, and how many sensitive findings
/// its text holds. The link and the excerpt only with `--include-text`.
fn items_table(
    a: &Analysis<'_>,
    member: &str,
    export: &str,
    include_text: bool,
) -> Result<Table, DatasetError> {
    let items: Vec<&Item> = a
        .collected
        .as_ref()
        .map(|c| c.items.iter().collect())
        .unwrap_or_default();
    let reasons =
        |i: &Item| (!i.reasons.is_empty()).then(|| i.reasons.iter().collect::<Vec<_>>().join(";"));
    let mut cols = Cols::new(items.len(), member, export)
        .str("kind", items.iter().map(|i| opt(i.kind.id())).collect())
        .date("month", items.iter().map(|i| month_of(i.date)).collect())?
        .u64(
            "chars",
            items.iter().map(|i| i.text.tally().chars).collect(),
        )
        .u64(
            "words",
            items.iter().map(|i| i.text.tally().words).collect(),
        )
        .u64(
            "tokens",
            items
                .iter()
                .map(|i| i.text.tally().tokens_estimate())
                .collect(),
        )
        .bool("has_media", items.iter().map(|i| i.has_media).collect())
        .bool("has_link", items.iter().map(|i| i.has_link).collect())
        .str(
            "visibility",
            items
                .iter()
                .map(|i| i.visibility.as_deref().map(str::to_owned))
                .collect(),
        )
        .str("reasons", items.iter().map(|i| reasons(i)).collect())
        .u32(
            "findings",
            items
                .iter()
                .map(|i| u32::try_from(i.findings.len()).unwrap_or(u32::MAX))
                .collect(),
        );
    if include_text {
        cols = cols
            .str(
                "url",
                items
                    .iter()
                    .map(|i| (!i.link.is_empty()).then(|| i.url().into_owned()))
                    .collect(),
            )
            .str("excerpt", items.iter().map(|i| opt(&i.excerpt)).collect());
    }
    cols.finish("items")
}

/// Sensitive findings per category, type, subtype, severity and month, counted (never the
/// values).
fn findings_table(a: &Analysis<'_>, member: &str, export: &str) -> Result<Table, DatasetError> {
    let rows: Vec<_> = a
        .collected
        .as_ref()
        .map(|c| c.finding_months.iter().collect())
        .unwrap_or_default();
    let month = |m: &crate::posts::Month| m.and_then(|(y, mo)| Date::new(y, mo, 1).ok());
    Cols::new(rows.len(), member, export)
        .str(
            "category",
            rows.iter().map(|(((c, ..), _), _)| opt(c.id())).collect(),
        )
        .str(
            "type",
            rows.iter().map(|(((_, t, ..), _), _)| opt(t)).collect(),
        )
        .str(
            "subtype",
            rows.iter()
                .map(|(((_, _, s, _), _), _)| s.clone())
                .collect(),
        )
        .str(
            "severity",
            rows.iter().map(|(((.., s), _), _)| opt(s)).collect(),
        )
        .date("month", rows.iter().map(|((_, m), _)| month(m)).collect())?
        .u64("count", rows.iter().map(|(_, n)| **n).collect())
        .finish("findings")
}

/// Scans one member's export and builds its tables. Memory is this member's only.
pub fn build_member(
    input: &Path,
    key: &Key,
    options: &Options,
    catalog: &Catalog,
    policy: &Policy,
) -> Result<Member, DatasetError> {
    let parts = member_parts(input);
    let (id, id_source) = identify(&parts, key, &options.limits, catalog)?;
    let export = export_id(key, &id, &parts);
    let config = Config {
        inputs: parts,
        // The members are the parallel work: one member's entries share its worker.
        threads: Some(1),
        limits: options.limits.clone(),
        pipe_min_bytes: None,
        pipe_eagerly: false,
        collect: Some(options.collect.clone()),
    };
    let analysis = analysis::analyze(&config, catalog, &|_| {})?;
    let report = report::build(
        &analysis,
        policy,
        exposure::Options {
            region: None,
            as_of: options.as_of,
            opted_out_on: None,
        },
    );
    let tables = tables(
        &analysis,
        &report,
        &id,
        &export,
        id_source,
        options.include_text,
    )?;
    Ok(Member {
        id,
        id_source,
        export,
        tables,
    })
}

/// The Parquet bytes of a table, with fixed writer settings (zstd at its default level,
/// statistics, one row group, serial) so the same rows always give the same bytes.
pub fn parquet_bytes(frame: &mut DataFrame) -> Result<Vec<u8>, DatasetError> {
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::default())
        .set_parallel(false)
        .finish(frame)
        .map_err(polars_err("writing Parquet"))?;
    Ok(bytes)
}

/// Writes a member's tables under `dir`, each file atomically.
pub fn write_member(dir: &Path, member: &mut Member) -> Result<(), DatasetError> {
    for table in &mut member.tables {
        let folder = dir
            .join(format!("table={}", table.name))
            .join(format!("member={}", member.id));
        std::fs::create_dir_all(&folder).map_err(|source| DatasetError::Io {
            path: folder.clone(),
            source,
        })?;
        let path = folder.join(format!("{}.parquet", member.export));
        let bytes = parquet_bytes(&mut table.frame)?;
        crate::output::write_atomic(&path, &bytes, true, &[]).map_err(|e| match e {
            crate::output::OutputError::Io(path, source) => DatasetError::Io { path, source },
            other => DatasetError::Invalid {
                path: path.clone(),
                detail: other.to_string(),
            },
        })?;
    }
    Ok(())
}

/// What a whole run did.
#[derive(Debug)]
pub struct Outcome {
    /// Members written, by input (in input order): (input, member id).
    pub written: Vec<(PathBuf, String)>,
    /// Inputs that failed, with their errors (in input order).
    pub failed: Vec<Failure>,
}

/// One input's outcome: the member id written, or why not.
type MemberResult = (PathBuf, Result<String, DatasetError>);

/// Writes every input's tables under `dir`, as many members at once as the current rayon
/// pool has threads; `on_member` is called as each one finishes. A failed member is
/// recorded and the rest go on.
///
/// The members run on plain threads, not as rayon tasks: each member's scan installs a
/// one-thread pool of its own, and a rayon worker waiting on another pool runs other tasks
/// of its own pool meanwhile, on the same stack. Members as rayon tasks therefore nested one
/// member's scan inside another's, deeper with every member, until a run of 700 members
/// overflowed the stack.
pub fn write_dataset(
    inputs: &[PathBuf],
    dir: &Path,
    key: &Key,
    options: &Options,
    on_member: &(dyn Fn() + Sync),
) -> Outcome {
    let catalog = Catalog::builtin();
    let policy = Policy::builtin();
    let workers = rayon::current_num_threads().clamp(1, inputs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let member = |input: &PathBuf| {
        let result = build_member(input, key, options, catalog, &policy).and_then(|mut m| {
            write_member(dir, &mut m)?;
            Ok(m.id)
        });
        on_member();
        (input.clone(), result)
    };
    let mut done: Vec<(usize, MemberResult)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(input) = inputs.get(i) else { break };
                        mine.push((i, member(input)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    // Input order, whatever order the workers finished in.
    done.sort_by_key(|(i, _)| *i);
    let results = done.into_iter().map(|(_, r)| r);
    let mut outcome = Outcome {
        written: Vec::new(),
        failed: Vec::new(),
    };
    for (input, result) in results {
        match result {
            Ok(id) => outcome.written.push((input, id)),
            Err(e) => outcome.failed.push(Failure {
                input: input.display().to_string(),
                error: e.to_string(),
            }),
        }
    }
    outcome
}

/// The `_meta.json` of a run.
pub fn meta(options: &Options, key: Option<&Key>, outcome: &Outcome) -> Meta {
    let policy = Policy::builtin();
    Meta {
        lidex_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version: DATASET_SCHEMA_VERSION,
        report_schema_version: report::SCHEMA_VERSION,
        policy_version: policy
            .versions()
            .iter()
            .filter(|v| v.effective <= options.as_of)
            .max_by_key(|v| v.effective)
            .map(|v| v.id.clone()),
        as_of: options.as_of.to_string(),
        include_text: options.include_text,
        tables: TABLES.iter().map(|t| t.to_string()).collect(),
        key: key.map(Key::to_hex),
        members_written: outcome.written.len(),
        failed: outcome.failed.clone(),
    }
}

/// Reads a dataset's `_meta.json`, if it has one.
pub fn read_meta(dir: &Path) -> Result<Option<serde_json::Value>, DatasetError> {
    let path = dir.join("_meta.json");
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| DatasetError::Invalid {
                path,
                detail: e.to_string(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(DatasetError::Io { path, source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Members as rayon tasks nested one member's scan inside another's on a worker's stack
    /// (see [`write_dataset`]); on plain threads no member runs inside a rayon worker.
    #[test]
    fn members_run_on_plain_threads_not_as_rayon_tasks() {
        let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample");
        let inputs = vec![sample; 6];
        let out = tempfile::tempdir().expect("temp dir");
        let options = Options::new(Limits::default(), jiff::civil::date(2026, 12, 1), false);
        let in_rayon = std::sync::atomic::AtomicUsize::new(0);
        let on_member = || {
            if rayon::current_thread_index().is_some() {
                in_rayon.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a pool");
        let outcome = pool
            .install(|| write_dataset(&inputs, out.path(), &Key([1; 32]), &options, &on_member));
        assert_eq!(outcome.written.len(), 6, "{:?}", outcome.failed);
        assert_eq!(in_rayon.load(std::sync::atomic::Ordering::Relaxed), 0);
    }

    #[test]
    fn primary_row_wins_over_the_first() {
        let csv = b"Email Address,Confirmed,Primary,Updated On\nold@example.org,Yes,No,\"1/3/19, 10:02 PM\"\n Ada@Example.com ,Yes,Yes,\"6/17/23, 6:18 AM\"";
        assert_eq!(email_in(csv).as_deref(), Some("ada@example.com"));
    }

    #[test]
    fn without_a_primary_the_first_address_is_taken() {
        let csv = b"\xEF\xBB\xBFEmail Address,Confirmed,Primary\na@example.org,Yes,No\nb@example.org,Yes,No\n";
        assert_eq!(email_in(csv).as_deref(), Some("a@example.org"));
        assert_eq!(email_in(b"Email Address\nnot an address\n"), None);
    }

    #[test]
    fn a_hex_key_file_is_the_key_and_anything_else_is_hashed() {
        let key = Key([7; 32]);
        let text = format!("{}\n", key.to_hex());
        assert_eq!(Key::from_file_contents(text.as_bytes()), key);
        let pass = Key::from_file_contents(b"correct horse battery staple");
        assert_ne!(pass, key);
        assert_eq!(
            pass,
            Key::from_file_contents(b"correct horse battery staple")
        );
    }

    #[test]
    fn ids_depend_on_the_key() {
        let hash = |k: &Key| {
            let mut h = k.hasher();
            h.update(b"email\0ada@example.com");
            member_id(&h.finalize())
        };
        let a = hash(&Key([1; 32]));
        assert_eq!(a.len(), 33);
        assert!(a.starts_with('m'));
        assert_ne!(a, hash(&Key([2; 32])));
    }

    #[test]
    fn epoch_days_match_parquet_dates() {
        assert_eq!(epoch_days(jiff::civil::date(1970, 1, 1)), 0);
        assert_eq!(epoch_days(jiff::civil::date(2026, 4, 20)), 20_563);
        assert_eq!(epoch_days(jiff::civil::date(1969, 12, 31)), -1);
    }
}
