//! Reading one entry and measuring it: format, rows, columns, dates, text volume, problems.
//!
//! [`scan_entry`] is a pure function of the entry's bytes and the catalog, so entries can be
//! scanned on any thread in any order and the results are the same.

pub mod comments;
mod counters;
pub mod csv;
pub mod feed;
pub mod guess;
pub mod html;
mod keyvalue;
mod record;
pub mod sink;

use crate::archive::{self, ArchiveSet, Entry, EntryRead, Limits};
use crate::catalog::{Catalog, ColumnSpec, FileSpec, Parser};
use crate::dates::{self, DateFormat, Stamp};
use crate::problem::{Problem, ProblemKind, Severity};
use crate::vocab::vocabulary;
use feed::{Encoding, Feeder, SNIFF};
use record::FileAcc;
use sink::{NoSinks, SinkFactory};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::{self, Read};

/// Characters and words of free text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextTally {
    /// Unicode characters.
    pub chars: u64,
    /// Whitespace-separated words.
    pub words: u64,
}

impl TextTally {
    /// Adds another tally.
    pub fn add(&mut self, other: TextTally) {
        self.chars += other.chars;
        self.words += other.words;
    }

    /// A rough count of LLM tokens: about four characters per token for English text, the
    /// rule of thumb tokenizer vendors publish. Good for orders of magnitude, not billing.
    pub fn tokens_estimate(&self) -> u64 {
        self.chars.div_ceil(4)
    }
}

/// How often each distinct value occurs, for the few short enum columns the catalog marks
/// `tally = true` (where an imported contact or a synced calendar came from). Bounded: at
/// most [`ValueTally::MAX_VALUES`] distinct values of at most [`ValueTally::MAX_CHARS`]
/// characters are kept; later new values are only counted in `others`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueTally {
    /// Value (trimmed, shortened) to the records holding it.
    pub counts: BTreeMap<String, u64>,
    /// Values not kept because the tally was full.
    pub others: u64,
}

impl ValueTally {
    /// Distinct values kept.
    pub const MAX_VALUES: usize = 64;
    /// Characters kept of a value.
    pub const MAX_CHARS: usize = 80;

    /// Counts one non-empty value.
    pub fn observe(&mut self, value: &str) {
        let key: String = value.chars().take(Self::MAX_CHARS).collect();
        if let Some(n) = self.counts.get_mut(&key) {
            *n += 1;
        } else if self.counts.len() < Self::MAX_VALUES {
            self.counts.insert(key, 1);
        } else {
            self.others += 1;
        }
    }
}

/// Records and text that fall on one day (by the record's first date).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayTally {
    /// Records.
    pub records: u64,
    /// Their text in catalog text columns.
    pub text: TextTally,
}

vocabulary! {
    /// What kind of content a file holds.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum FormatKind {
        /// Comma-separated values.
        Csv = "csv",
        /// Tab-separated values (the 2018 UTF-16 family).
        Tsv = "tsv",
        /// Semicolon-separated values (a re-saved file).
        Ssv = "ssv",
        /// An HTML page.
        Html = "html",
        /// Blocks of `key: value` lines (`LearningCoachMessages.csv`, 2026).
        KeyValue = "key_value",
        /// A sentence instead of data.
        Placeholder = "placeholder",
        /// Not text.
        Binary = "binary",
        /// An archive inside the archive (not opened).
        Archive = "archive",
        /// Zero bytes.
        Empty = "empty",
        /// Could not be read at all.
        Unreadable = "unreadable",
    }
}

/// How a file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// CSV, TSV, HTML...
    pub kind: FormatKind,
    /// Its text encoding.
    pub encoding: Encoding,
    /// Lines before the header.
    pub preamble_lines: u32,
}

/// Measures of one column.
#[derive(Debug, Clone)]
pub struct ColumnScan<'c> {
    /// The header as written in the file.
    pub name: String,
    /// Position in the header, as a [`sink::RecordSink`] knows the column.
    pub index: usize,
    /// The catalog's column, if known.
    pub spec: Option<&'c ColumnSpec>,
    /// Non-empty values (null markers excluded).
    pub non_empty: u64,
    /// Text volume (text columns; every unknown column, in case it turns out to be text).
    pub text: TextTally,
    /// Earliest plausible date.
    pub first: Option<Stamp>,
    /// Latest plausible date.
    pub last: Option<Stamp>,
    /// Values of a date column that are not dates.
    pub unparsed_dates: u64,
    /// The first such value, shortened, to show in the problem.
    pub unparsed_example: Option<String>,
    /// Dates outside 1900-2100.
    pub out_of_range: u64,
    /// Values with invalid UTF-8.
    pub invalid_utf8: u64,
    /// Values longer than the field limit.
    pub truncated: u64,
    /// Text values that are LinkedIn's placeholders for withheld content (see
    /// `record::WITHHELD`).
    pub withheld: u64,
    /// Value shapes, for unknown columns.
    pub shapes: Option<guess::ValueShapes>,
    /// Counts per value, for columns the catalog marks `tally = true`.
    pub values: Option<ValueTally>,
}

/// Everything measured in one entry.
#[derive(Debug, Clone)]
pub struct FileScan<'c> {
    /// The catalog entry, if the file is known.
    pub spec: Option<&'c FileSpec>,
    /// How it is written.
    pub format: Format,
    /// Data records (rows with at least one value).
    pub rows: u64,
    /// Records with no value at all (`,,` placeholder rows).
    pub empty_rows: u64,
    /// Pointer rows that carry no member data.
    pub placeholder_rows: u64,
    /// Uncompressed bytes read.
    pub bytes: u64,
    /// Its columns, in header order.
    pub columns: Vec<ColumnScan<'c>>,
    /// What went wrong.
    pub problems: Vec<Problem>,
    /// Records and text per day of the record's first date; `None` for undated records.
    pub timeline: BTreeMap<Option<jiff::civil::Date>, DayTally>,
    /// Named like a catalog file, but its header fits none of that file's: listed, never
    /// counted.
    pub mismatched: bool,
    /// What the file's [`sink::RecordSink`] collected in the same pass, if it had one.
    pub collected: Option<crate::posts::Collected>,
}

impl<'c> FileScan<'c> {
    fn empty(spec: Option<&'c FileSpec>, kind: FormatKind) -> FileScan<'c> {
        FileScan {
            spec,
            format: Format {
                kind,
                encoding: Encoding::Binary,
                preamble_lines: 0,
            },
            rows: 0,
            empty_rows: 0,
            placeholder_rows: 0,
            bytes: 0,
            columns: Vec::new(),
            problems: Vec::new(),
            timeline: BTreeMap::new(),
            mismatched: false,
            collected: None,
        }
    }
}

pub(crate) const NESTED_ARCHIVES: [&str; 7] =
    [".zip", ".gz", ".tgz", ".7z", ".rar", ".tar", ".bz2"];

/// Reads one entry and measures it. Never fails: what cannot be read becomes a problem.
pub fn scan_entry<'c>(set: &ArchiveSet, entry: &Entry, catalog: &'c Catalog) -> FileScan<'c> {
    scan_entry_with(set, entry, catalog, &NoSinks)
}

/// [`scan_entry`], feeding the file's records to the sink `sinks` makes for it, in the same
/// pass.
pub fn scan_entry_with<'c>(
    set: &ArchiveSet,
    entry: &Entry,
    catalog: &'c Catalog,
    sinks: &dyn SinkFactory,
) -> FileScan<'c> {
    let spec = catalog.lookup(&entry.path).and_then(|i| catalog.get(i));
    let path = entry.path.as_str();
    if let Some(kind) = entry.unreadable {
        let mut scan = FileScan::empty(spec, FormatKind::Unreadable);
        let message = match kind {
            ProblemKind::EncryptedEntry => {
                "the entry is encrypted; lidex does not decrypt (LinkedIn never encrypts exports)"
            }
            ProblemKind::Symlink => "the entry is a symbolic link; not followed",
            _ => "the entry cannot be read",
        };
        scan.problems
            .push(Problem::file(Severity::Error, kind, path, message));
        return scan;
    }
    let lower = path.to_lowercase();
    if NESTED_ARCHIVES.iter().any(|ext| lower.ends_with(ext)) {
        let mut scan = FileScan::empty(spec, FormatKind::Archive);
        scan.bytes = entry.size;
        scan.problems.push(Problem::file(
            Severity::Warning,
            ProblemKind::NestedArchive,
            path,
            "an archive inside the archive is listed but not opened (zip-bomb safety); extract it and scan it on its own",
        ));
        return scan;
    }
    let limits = set.limits().clone();
    match set.read_entry(entry, |rdr| {
        scan_entry_reader(rdr, path, spec, &limits, sinks)
    }) {
        Ok(scan) => scan,
        Err(e) => {
            let mut scan = FileScan::empty(spec, FormatKind::Unreadable);
            scan.problems.push(read_problem(path, &e));
            scan
        }
    }
}

fn read_problem(path: &str, e: &io::Error) -> Problem {
    match archive::limit_hit(e) {
        Some(msg) => Problem::file(
            Severity::Error,
            ProblemKind::LimitExceeded,
            path,
            format!("stopped reading: {msg}"),
        ),
        None => Problem::file(
            Severity::Error,
            ProblemKind::DamagedEntry,
            path,
            format!("the entry is damaged: {e}"),
        ),
    }
}

struct Counting<'a, R> {
    inner: R,
    count: &'a Cell<u64>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

impl<R: EntryRead> EntryRead for Counting<'_, R> {
    fn hand_over(&mut self, buf: &mut Vec<u8>) -> Option<io::Result<(usize, usize)>> {
        let got = self.inner.hand_over(buf);
        if let Some(Ok((start, end))) = got {
            self.count.set(self.count.get() + (end - start) as u64);
        }
        got
    }
}

/// Measures a file from its bytes. `path` is only used to name it in problems and to tell
/// HTML pages apart.
pub fn scan_reader<'c>(
    rdr: &mut dyn Read,
    path: &str,
    spec: Option<&'c FileSpec>,
    limits: &Limits,
) -> FileScan<'c> {
    scan_entry_reader(&mut feed::Plain(rdr), path, spec, limits, &NoSinks)
}

/// [`scan_reader`] with sinks (see [`scan_entry_with`]).
pub fn scan_reader_with<'c>(
    rdr: &mut dyn Read,
    path: &str,
    spec: Option<&'c FileSpec>,
    limits: &Limits,
    sinks: &dyn SinkFactory,
) -> FileScan<'c> {
    scan_entry_reader(&mut feed::Plain(rdr), path, spec, limits, sinks)
}

/// [`scan_reader`] for what [`ArchiveSet::read_entry`] hands out, whose buffers the
/// parsers may take over instead of copying.
fn scan_entry_reader<'c>(
    rdr: &mut dyn EntryRead,
    path: &str,
    spec: Option<&'c FileSpec>,
    limits: &Limits,
    sinks: &dyn SinkFactory,
) -> FileScan<'c> {
    let count = Cell::new(0u64);
    let mut scan = {
        let counting = Counting {
            inner: rdr,
            count: &count,
        };
        scan_text(
            Feeder::for_entry(Box::new(counting)),
            path,
            spec,
            limits,
            sinks,
        )
    };
    scan.bytes = count.get();
    scan
}

/// Measures a file's text: tells its encoding and what it holds (an empty or binary file,
/// an HTML page, `key: value` blocks, a placeholder sentence, a misnamed file or CSV), then
/// reads it with the matching reader.
fn scan_text<'c>(
    mut feeder: Feeder<'_>,
    path: &str,
    spec: Option<&'c FileSpec>,
    limits: &Limits,
    sinks: &dyn SinkFactory,
) -> FileScan<'c> {
    feeder.fill_to(SNIFF);
    let lower = path.to_lowercase();
    let is_html = spec.is_some_and(|s| s.parser == Parser::ArticleHtml)
        || lower.ends_with(".html")
        || lower.ends_with(".htm");
    let (encoding, bom) = feed::sniff_encoding(feeder.data());
    if feeder.data().is_empty() {
        return scan_empty(&mut feeder, path, spec);
    }
    if encoding == Encoding::Binary {
        return scan_binary(&mut feeder, path, spec);
    }
    let mut feeder = decode(feeder, encoding, bom);
    if is_html {
        return scan_html(&mut feeder, path, spec, encoding, limits, sinks);
    }
    if let Some(s) = spec
        && !s.key_value_keys.is_empty()
        && keyvalue::looks_like_blocks(feeder.data(), &s.key_value_keys)
    {
        return scan_key_value(&mut feeder, path, s, encoding, limits, sinks);
    }
    let placeholder = spec.is_some_and(|s| {
        (s.parser == Parser::Placeholder && !looks_like_csv(feeder.data(), spec))
            || is_placeholder_text(feeder.data(), s)
    });
    if placeholder {
        return scan_placeholder(&mut feeder, path, spec, encoding);
    }
    scan_delimited(&mut feeder, path, spec, encoding, limits, sinks)
}

/// A file of zero bytes (or one that failed before its first byte).
fn scan_empty<'c>(feeder: &mut Feeder<'_>, path: &str, spec: Option<&'c FileSpec>) -> FileScan<'c> {
    let mut scan = FileScan::empty(spec, FormatKind::Empty);
    finish_read(feeder, &mut scan, path);
    if scan.problems.is_empty() {
        scan.problems.push(Problem::file(
            Severity::Info,
            ProblemKind::EmptyFile,
            path,
            "the file is empty (0 bytes)",
        ));
    }
    scan
}

/// A file that is not text: read through, to count its bytes, and not measured.
fn scan_binary<'c>(
    feeder: &mut Feeder<'_>,
    path: &str,
    spec: Option<&'c FileSpec>,
) -> FileScan<'c> {
    let mut scan = FileScan::empty(spec, FormatKind::Binary);
    drain(feeder);
    finish_read(feeder, &mut scan, path);
    let severity = if spec.is_some() {
        Severity::Warning
    } else {
        Severity::Info
    };
    scan.problems.push(Problem::file(
        severity,
        ProblemKind::Binary,
        path,
        "binary content, not text; listed but not measured",
    ));
    scan
}

/// The feeder to parse from: UTF-16 is transcoded to UTF-8 as it is read; UTF-8 loses its
/// byte-order mark.
fn decode(mut feeder: Feeder<'_>, encoding: Encoding, bom: usize) -> Feeder<'_> {
    match encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let (rest, error) = feeder.into_reader();
            let label = if encoding == Encoding::Utf16Le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(label))
                .build(rest);
            let mut f = Feeder::new(Box::new(decoder));
            f.error = error;
            f.fill_to(SNIFF);
            f
        }
        _ => {
            feeder.consume(bom);
            feeder
        }
    }
}

/// A file of `key: value` blocks (`LearningCoachMessages.csv`, 2026), one record a block.
fn scan_key_value<'c>(
    feeder: &mut Feeder<'_>,
    path: &str,
    spec: &'c FileSpec,
    encoding: Encoding,
    limits: &Limits,
    sinks: &dyn SinkFactory,
) -> FileScan<'c> {
    let keys = &spec.key_value_keys;
    let mut acc = FileAcc::new(Some(spec), keys.clone(), limits.max_field_bytes);
    // The blocks' records reach the sinks like any CSV's (the coach conversations are
    // GenAI-conversation text the sensitive scan reads).
    acc.sink = sinks.sink_for(Some(spec), &acc.column_specs(), path);
    let truncated = keyvalue::read_records(feeder, &mut acc, keys, limits.max_field_bytes);
    let mut scan = into_scan(acc, encoding, FormatKind::KeyValue, 0, path);
    if truncated > 0 {
        scan.problems.push(Problem::file(
            Severity::Warning,
            ProblemKind::LimitExceeded,
            path,
            format!(
                "{truncated} values are longer than the field limit; only their start was measured (raise it with --max-field-bytes)"
            ),
        ));
    }
    column_problems(&mut scan, path);
    finish_read(feeder, &mut scan, path);
    scan
}

/// A file that holds one of LinkedIn's sentences instead of data: quoted, not measured.
fn scan_placeholder<'c>(
    feeder: &mut Feeder<'_>,
    path: &str,
    spec: Option<&'c FileSpec>,
    encoding: Encoding,
) -> FileScan<'c> {
    let mut scan = FileScan::empty(spec, FormatKind::Placeholder);
    scan.format.encoding = encoding;
    let sentence: String = String::from_utf8_lossy(feeder.data())
        .trim()
        .chars()
        .take(80)
        .collect();
    drain(feeder);
    finish_read(feeder, &mut scan, path);
    scan.problems.push(Problem::file(
        Severity::Info,
        ProblemKind::Placeholder,
        path,
        format!("holds a sentence instead of data: \"{sentence}\""),
    ));
    scan
}

/// A CSV, TSV or semicolon file: finds its header, then reads its records (or, for the
/// comments file, its multi-line records).
fn scan_delimited<'c>(
    feeder: &mut Feeder<'_>,
    path: &str,
    spec: Option<&'c FileSpec>,
    encoding: Encoding,
    limits: &Limits,
    sinks: &dyn SinkFactory,
) -> FileScan<'c> {
    let layout = {
        let head = feeder.data();
        csv::find_layout(head.get(..SNIFF).unwrap_or(head), spec)
    };
    if !layout.header_matched && spec.is_some_and(|s| !s.columns.is_empty()) {
        return scan_mismatched(feeder, path, spec, encoding);
    }
    feeder.consume(layout.data_start);
    let kind = match layout.delimiter {
        b'\t' => FormatKind::Tsv,
        b';' => FormatKind::Ssv,
        _ => FormatKind::Csv,
    };
    let header_len = layout.header.len();
    let mut acc = FileAcc::new(spec, layout.header, limits.max_field_bytes);
    acc.sink = sinks.sink_for(spec, &acc.column_specs(), path);
    let comments = spec.is_some_and(|s| s.parser == Parser::Comments) && header_len == 3;
    let mut orphan_lines = 0;
    let mut balanced = true;
    if comments {
        orphan_lines = comments::read_records(feeder, &mut acc, limits.max_field_bytes);
    } else if header_len > 0 {
        balanced = csv::read_records(feeder, layout.delimiter, &mut acc);
    }
    let mut scan = into_scan(acc, encoding, kind, layout.preamble_lines, path);
    if !layout.header_matched {
        scan.problems.push(Problem::file(
            Severity::Warning,
            ProblemKind::HeaderNotFound,
            path,
            "no line looks like this file's known header; the first line was used as the header",
        ));
    }
    if !balanced {
        scan.problems.push(Problem::file(
            Severity::Warning,
            ProblemKind::MalformedCsv,
            path,
            "a quote opened in the last record is never closed, so the rest of the file was read as one field",
        ));
    }
    if orphan_lines > 0 {
        scan.problems.push(Problem::file(
            Severity::Warning,
            ProblemKind::MalformedCsv,
            path,
            format!("{orphan_lines} lines before the first record belong to no record"),
        ));
    }
    column_problems(&mut scan, path);
    finish_read(feeder, &mut scan, path);
    scan
}

/// A file named like a LinkedIn one whose header fits none of the entry's columns (a
/// `Skills.csv` in a project folder): it is not that file, and counting its rows as the
/// member's data would invent data. It is listed, not counted.
fn scan_mismatched<'c>(
    feeder: &mut Feeder<'_>,
    path: &str,
    spec: Option<&'c FileSpec>,
    encoding: Encoding,
) -> FileScan<'c> {
    let first_line: String = String::from_utf8_lossy(feeder.data())
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect();
    let mut scan = FileScan::empty(spec, FormatKind::Csv);
    scan.format.encoding = encoding;
    scan.mismatched = true;
    drain(feeder);
    finish_read(feeder, &mut scan, path);
    let label = spec.map(|s| s.label.as_str()).unwrap_or_default();
    scan.problems.push(Problem::file(
        Severity::Warning,
        ProblemKind::HeaderNotFound,
        path,
        format!(
            "its header (\"{first_line}\") fits none of the known headers of LinkedIn's {label} file, so it is probably another file of that name: not counted"
        ),
    ));
    scan
}

fn looks_like_csv(head: &[u8], spec: Option<&FileSpec>) -> bool {
    let layout = csv::find_layout(head, spec);
    layout.header_matched && spec.is_some()
}

/// A whole file that is one of the catalog's placeholder sentences ("No conversations
/// found" in `LearningCoachMessages.csv`), with nothing else in it.
fn is_placeholder_text(head: &[u8], spec: &FileSpec) -> bool {
    if head.len() >= 4096 || spec.placeholder_values.is_empty() {
        return false;
    }
    let text = String::from_utf8_lossy(head);
    let text = text.trim();
    spec.placeholder_values.iter().any(|p| p == text)
}

fn drain(feeder: &mut Feeder<'_>) {
    loop {
        let n = feeder.data().len();
        feeder.consume(n);
        if feeder.fill() == 0 {
            break;
        }
    }
}

fn finish_read(feeder: &mut Feeder<'_>, scan: &mut FileScan<'_>, path: &str) {
    if let Some(e) = feeder.error.take() {
        scan.problems.push(read_problem(path, &e));
        if let Some(p) = scan.problems.last_mut() {
            p.message
                .push_str("; the counts cover the part read before the error");
        }
    }
}

fn scan_html<'c>(
    feeder: &mut Feeder<'_>,
    path: &str,
    spec: Option<&'c FileSpec>,
    encoding: Encoding,
    limits: &Limits,
    sinks: &dyn SinkFactory,
) -> FileScan<'c> {
    let mut page = Vec::new();
    let mut truncated = false;
    loop {
        let data = feeder.data();
        let room = limits.max_field_bytes.saturating_sub(page.len());
        page.extend_from_slice(data.get(..room).unwrap_or(data));
        truncated |= data.len() > room;
        let n = data.len();
        feeder.consume(n);
        if feeder.fill() == 0 {
            break;
        }
    }
    let known = spec.is_some_and(|s| s.parser == Parser::ArticleHtml);
    let mut acc;
    if known {
        let mut article = html::parse_article(&page);
        if article.created.is_empty() {
            // 2018 articles carry their date only in the file name.
            let name = path.rsplit('/').next().unwrap_or(path);
            if let Some(stamp) = dates::parse(DateFormat::S, name).and_then(|p| p.stamps().next()) {
                article.created = format!("Created on {} 00:00", stamp.date);
            }
        }
        let header = ["title", "body", "created", "published", "link"].map(String::from);
        acc = FileAcc::new(spec, header.to_vec(), limits.max_field_bytes);
        acc.sink = sinks.sink_for(spec, &acc.column_specs(), path);
        for value in [
            article.title,
            article.body,
            article.created,
            article.published,
            article.link,
        ] {
            acc.chunk(value.as_bytes());
            acc.end_field();
        }
    } else {
        acc = FileAcc::new(spec, vec!["text".to_string()], limits.max_field_bytes);
        acc.chunk(html::visible_text(&page).as_bytes());
        acc.end_field();
    }
    acc.end_record();
    let mut scan = into_scan(acc, encoding, FormatKind::Html, 0, path);
    if truncated {
        scan.problems.push(Problem::file(
            Severity::Warning,
            ProblemKind::LimitExceeded,
            path,
            format!(
                "page longer than the field limit of {} bytes; only its start was measured (raise it with --max-field-bytes)",
                limits.max_field_bytes
            ),
        ));
    }
    column_problems(&mut scan, path);
    finish_read(feeder, &mut scan, path);
    scan
}

fn into_scan<'c>(
    mut acc: FileAcc<'c>,
    encoding: Encoding,
    kind: FormatKind,
    preamble_lines: u32,
    path: &str,
) -> FileScan<'c> {
    let mut problems = Vec::new();
    let counts = &acc.counters;
    if counts.ragged_rows > 0 {
        let total = counts.rows + counts.empty_rows + counts.placeholder_rows;
        problems.push(Problem::file(
            Severity::Warning,
            ProblemKind::RaggedRows,
            path,
            format!(
                "{} of {total} rows have a different number of fields than the header; their fields were read by position",
                counts.ragged_rows
            ),
        ));
    }
    let timeline = acc.counters.take_timeline();
    let collected = acc.sink.take().map(|s| s.finish());
    FileScan {
        spec: acc.spec,
        format: Format {
            kind,
            encoding,
            preamble_lines,
        },
        rows: acc.counters.rows,
        empty_rows: acc.counters.empty_rows,
        placeholder_rows: acc.counters.placeholder_rows,
        bytes: 0,
        columns: acc.cols.into_iter().map(|col| col.scan).collect(),
        problems,
        timeline,
        mismatched: false,
        collected,
    }
}

fn column_problems(scan: &mut FileScan<'_>, path: &str) {
    let mut out = Vec::new();
    if scan.rows == 0 && scan.format.kind != FormatKind::Html {
        // Pointer rows ("Video content can be downloaded at ...") are rows, just not data:
        // "no data rows" would contradict a file a member can see has some.
        let message = match (scan.placeholder_rows, scan.empty_rows) {
            (0, 0) if scan.format.kind == FormatKind::KeyValue => {
                "holds no blocks of data".to_string()
            }
            (0, 0) => "holds a header but no data rows".to_string(),
            (0, empty) => format!("its {empty} rows hold no values"),
            (pointers, _) => format!(
                "its {pointers} rows only point to where LinkedIn offers the content for download; they hold none of your data"
            ),
        };
        out.push(Problem::file(
            Severity::Info,
            ProblemKind::EmptyFile,
            path,
            message,
        ));
    }
    let unknown: Vec<&str> = scan
        .columns
        .iter()
        .filter(|c| c.spec.is_none())
        .map(|c| c.name.as_str())
        .collect();
    if scan.spec.is_some() && !unknown.is_empty() {
        out.push(Problem::file(
            Severity::Info,
            ProblemKind::UnknownContent,
            path,
            format!(
                "columns the catalog does not know, classified by guessing: {}",
                unknown.join(", ")
            ),
        ));
    }
    for c in &scan.columns {
        if c.invalid_utf8 > 0 {
            out.push(Problem::file(
                Severity::Warning,
                ProblemKind::InvalidUtf8,
                path,
                format!(
                    "column '{}': {} values are not valid UTF-8 and were decoded lossily",
                    c.name, c.invalid_utf8
                ),
            ));
        }
        if c.withheld > 0 {
            out.push(Problem::file(
                Severity::Info,
                ProblemKind::Withheld,
                path,
                format!(
                    "column '{}': {} values are LinkedIn's placeholder (e.g. \"REDACTED FOR DMA COMPLIANCE\"), not your text: LinkedIn withheld the content, so they count as 0 words",
                    c.name, c.withheld
                ),
            ));
        }
        if c.unparsed_dates > 0 {
            out.push(Problem::file(
                Severity::Warning,
                ProblemKind::UnparsedDates,
                path,
                format!(
                    "column '{}': {} values are not dates in a known format (e.g. \"{}\")",
                    c.name,
                    c.unparsed_dates,
                    c.unparsed_example.as_deref().unwrap_or("")
                ),
            ));
        }
        if c.out_of_range > 0 {
            out.push(Problem::file(
                Severity::Warning,
                ProblemKind::OutOfRangeDates,
                path,
                format!(
                    "column '{}': {} dates fall outside 1900-2100 and are left out of the time span",
                    c.name, c.out_of_range
                ),
            ));
        }
        if c.truncated > 0 {
            out.push(Problem::file(
                Severity::Warning,
                ProblemKind::LimitExceeded,
                path,
                format!(
                    "column '{}': {} values are longer than the field limit; their text was counted, only their start kept (raise it with --max-field-bytes)",
                    c.name, c.truncated
                ),
            ));
        }
    }
    scan.problems.extend(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out at most `piece` bytes per read, so buffers end anywhere: inside a
    /// character, a quoted field, a `""` escape.
    struct Trickle<'a> {
        data: &'a [u8],
        piece: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.piece.min(buf.len()).min(self.data.len());
            let (now, later) = self.data.split_at(n);
            buf.get_mut(..n).unwrap_or_default().copy_from_slice(now);
            self.data = later;
            Ok(n)
        }
    }

    /// Hands its bytes over in buffers of `piece` bytes with headroom in front, as the
    /// inflate pipeline does, so parsers take them over and carry leftovers across.
    struct Handing<'a>(Trickle<'a>);

    impl Read for Handing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.0.read(buf)
        }
    }

    impl EntryRead for Handing<'_> {
        fn hand_over(&mut self, buf: &mut Vec<u8>) -> Option<io::Result<(usize, usize)>> {
            let Trickle { data, piece } = &mut self.0;
            let n = (*piece).min(data.len());
            if n == 0 {
                return Some(Ok((0, 0)));
            }
            let (now, later) = data.split_at(n);
            let mut filled = vec![0xAA; archive::HANDOVER_HEADROOM];
            filled.extend_from_slice(now);
            *buf = filled;
            *data = later;
            Some(Ok((
                archive::HANDOVER_HEADROOM,
                archive::HANDOVER_HEADROOM + n,
            )))
        }
    }

    fn scan_handed(data: &[u8], piece: usize, limits: &Limits) -> String {
        let spec = Catalog::builtin()
            .lookup("messages.csv")
            .and_then(|i| Catalog::builtin().get(i));
        let mut rdr = Handing(Trickle { data, piece });
        format!(
            "{:?}",
            scan_entry_reader(&mut rdr, "messages.csv", spec, limits, &NoSinks)
        )
    }

    fn scan_with(data: &[u8], piece: usize, limits: &Limits) -> String {
        let spec = Catalog::builtin()
            .lookup("messages.csv")
            .and_then(|i| Catalog::builtin().get(i));
        let mut rdr = Trickle { data, piece };
        format!("{:?}", scan_reader(&mut rdr, "messages.csv", spec, limits))
    }

    /// Key-value blocks measure the same whatever the read sizes, also when a line is cut
    /// at the field limit.
    #[test]
    fn key_value_blocks_measure_the_same_however_the_bytes_arrive() {
        let catalog = Catalog::builtin();
        let spec = catalog
            .lookup("LearningCoachMessages.csv")
            .and_then(|i| catalog.get(i));
        let long = "x".repeat(9000);
        let data = format!(
            "conversation: a1\ntimestamp: 1767811582000\nuser: first question here\ncoach: REDACTED FOR DMA COMPLIANCE\n\nconversation: a1\ntimestamp: 1767811642000\nuser: {long} tail\nmore of it\n\nafter a blank line\ncoach: fine\n"
        );
        let limits = Limits {
            max_field_bytes: 64,
            ..Limits::default()
        };
        let scan = |piece: usize| {
            let mut rdr = Trickle {
                data: data.as_bytes(),
                piece,
            };
            format!(
                "{:?}",
                scan_reader(&mut rdr, "LearningCoachMessages.csv", spec, &limits)
            )
        };
        let whole = scan(usize::MAX);
        assert!(whole.contains("KeyValue"), "{whole}");
        assert!(whole.contains("rows: 2"), "{whole}");
        for piece in [1, 2, 3, 7, 64, 4097] {
            assert_eq!(scan(piece), whole, "piece {piece}");
        }
    }

    const HEADER: &str = "CONVERSATION ID,FROM,DATE,SUBJECT,CONTENT,FOLDER\n";

    /// Field values: multi-byte characters of every length, Unicode and ASCII whitespace
    /// (VT included, which `trim_ascii` would keep), invalid bytes, quotes, separators.
    fn value() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        let atoms: Vec<&'static [u8]> = vec![
            b"a",
            b"Zo",
            "é".as_bytes(),
            "€".as_bytes(),
            "😀".as_bytes(),
            b" ",
            "\u{a0}".as_bytes(),
            b"\x0b",
            b"\t",
            b",",
            b"\n",
            b"\"",
            b"\xff",
            b"\xc3",
            b"2024-01-02 03:04:05 UTC",
        ];
        proptest::collection::vec(proptest::sample::select(atoms), 0..6).prop_map(|a| a.concat())
    }

    fn quoted(v: &[u8]) -> Vec<u8> {
        let mut out = b"\"".to_vec();
        for &b in v {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
        out
    }

    use proptest::strategy::Strategy as _;

    /// Parses `data` (records, no header) straight into a file accumulator that is told
    /// the bytes are, or are not, already checked as UTF-8.
    fn measure_directly(data: &[u8], checked: bool, max_field: usize) -> String {
        let spec = Catalog::builtin()
            .lookup("messages.csv")
            .and_then(|i| Catalog::builtin().get(i));
        let header = csv::split_line(HEADER.trim_end().as_bytes(), b',');
        let mut acc = FileAcc::new(spec, header, max_field);
        acc.set_checked(checked);
        let mut parser = csv::Records::new(b',');
        parser.feed(data, &mut acc);
        parser.finish(&mut acc);
        let timeline = acc.counters.take_timeline();
        let cols: Vec<_> = acc.cols.into_iter().map(|col| col.scan).collect();
        format!(
            "{cols:?} {} {} {timeline:?}",
            acc.counters.rows, acc.counters.empty_rows
        )
    }

    fn valid_value() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        value().prop_filter("valid UTF-8", |v| std::str::from_utf8(v).is_ok())
    }

    /// Records what a sink is told, into a log the test keeps.
    struct Recording(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

    impl sink::RecordSink for Recording {
        type Output = crate::posts::Collected;

        fn field(&mut self, index: usize, value: &str) {
            if let Ok(mut log) = self.0.lock() {
                log.push(format!("{index}={value}"));
            }
        }
        fn end_record(&mut self, record: &sink::RecordEnd) {
            if let Ok(mut log) = self.0.lock() {
                log.push(format!(
                    "end {} {:?}",
                    record.kept,
                    record.date.map(|d| d.date)
                ));
            }
        }
        fn finish(self: Box<Self>) -> crate::posts::Collected {
            crate::posts::Collected::default()
        }
    }

    struct Factory(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

    impl SinkFactory for Factory {
        fn sink_for(
            &self,
            _: Option<&FileSpec>,
            _: &[Option<&ColumnSpec>],
            _: &str,
        ) -> Option<sink::BoxedSink> {
            Some(Box::new(Recording(std::sync::Arc::clone(&self.0))))
        }
    }

    fn sink_log(name: &str, data: &[u8], piece: usize) -> Vec<String> {
        let spec = Catalog::builtin()
            .lookup(name)
            .and_then(|i| Catalog::builtin().get(i));
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut rdr = Trickle { data, piece };
        let factory = Factory(std::sync::Arc::clone(&log));
        scan_reader_with(&mut rdr, name, spec, &Limits::default(), &factory);
        log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The sink sees every non-empty value whole, with its column, and each record's date,
    /// from the CSV reader and the Comments splitter alike, however the bytes arrive.
    #[test]
    fn the_sink_gets_every_value_and_the_record_date() {
        let shares = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n\
            2024-03-17 18:03:34,https://l/1,\"two\"\"\n\"\"lines\",,,MEMBER_NETWORK\n\
            ,,,,,\n";
        let log = sink_log("Shares.csv", shares.as_bytes(), usize::MAX);
        assert_eq!(
            log,
            [
                "0=2024-03-17 18:03:34",
                "1=https://l/1",
                "2=two\"\n\"lines",
                "5=MEMBER_NETWORK",
                "end true Some(2024-03-17)",
                "end false None",
            ]
        );
        for piece in 1..9 {
            assert_eq!(sink_log("Shares.csv", shares.as_bytes(), piece), log);
        }
        let comments = "Date,Link,Message\n2021-06-01 10:00:00,https://l/2,one\nline two\n";
        let log = sink_log("Comments.csv", comments.as_bytes(), 3);
        assert_eq!(
            log,
            [
                "0=2021-06-01 10:00:00",
                "1=https://l/2",
                "2=one\nline two",
                "end true Some(2021-06-01)",
            ]
        );
    }

    proptest::proptest! {
        /// The per-buffer UTF-8 check (characters held back across buffers, fields measured
        /// in place when whole) measures exactly what reading everything at once does.
        #[test]
        fn how_the_bytes_arrive_never_changes_the_measures(
            rows in proptest::collection::vec(proptest::collection::vec(value(), 6), 1..8),
            piece in 1usize..9,
            max_field in 1usize..24,
        ) {
            let mut data = HEADER.as_bytes().to_vec();
            for row in &rows {
                let fields: Vec<Vec<u8>> = row.iter().map(|v| quoted(v)).collect();
                data.extend_from_slice(&fields.join(&b","[..]));
                data.push(b'\n');
            }
            for limits in [Limits::default(), Limits { max_field_bytes: max_field, ..Limits::default() }] {
                let whole = scan_with(&data, usize::MAX, &limits);
                proptest::prop_assert_eq!(&scan_with(&data, piece, &limits), &whole);
                proptest::prop_assert_eq!(&scan_handed(&data, piece, &limits), &whole);
            }
        }

        /// Valid text measures the same whether or not its buffer was checked as UTF-8 up
        /// front, also when the field limit cuts a value inside a character.
        #[test]
        fn skipping_the_per_field_utf8_check_changes_nothing(
            rows in proptest::collection::vec(proptest::collection::vec(valid_value(), 6), 1..8),
            max_field in 1usize..24,
        ) {
            let mut data = Vec::new();
            for row in &rows {
                let fields: Vec<Vec<u8>> = row.iter().map(|v| quoted(v)).collect();
                data.extend_from_slice(&fields.join(&b","[..]));
                data.push(b'\n');
            }
            for max in [max_field, 1 << 20] {
                proptest::prop_assert_eq!(
                    measure_directly(&data, true, max),
                    measure_directly(&data, false, max)
                );
            }
        }
    }
}
