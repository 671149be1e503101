//! The per-record path: every parser (CSV, comments, article HTML) pushes fields here, and
//! this is where values are measured: non-empty counts, text volume, dates, value shapes.
//!
//! Fields arrive in chunks so a 100 MB field never has to sit in memory whole: the first
//! `max_field` bytes are kept (enough for any date, any real post), the rest only counted.
//! Later single-pass scans of the text (sensitive-content detection, the posts list) hook
//! into [`FileAcc::end_record`], where a whole record's fields are available at once.

use super::guess::ValueShapes;
use super::{ColumnScan, DayTally, TextTally};
use crate::catalog::{Clean, ColumnSpec, FileSpec};
use crate::category::Role;
use crate::dates::{self, Parsed, Stamp};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Measures for one column while a file is read.
pub(super) struct ColAcc<'c> {
    pub name: String,
    pub spec: Option<&'c ColumnSpec>,
    /// The field of the current record, up to the field limit.
    head: Vec<u8>,
    /// Bytes of the current field beyond the limit (counted, not kept).
    overflow: u64,
    overflow_in_word: bool,
    overflow_text: TextTally,
    pub non_empty: u64,
    pub text: TextTally,
    pub first: Option<Stamp>,
    pub last: Option<Stamp>,
    pub unparsed_dates: u64,
    pub out_of_range: u64,
    pub unparsed_example: Option<String>,
    pub invalid_utf8: u64,
    pub truncated: u64,
    /// Value shapes, for columns the catalog does not know.
    pub shapes: Option<ValueShapes>,
    /// This record's stamp from this column, if it is a date column.
    record_stamp: Option<Stamp>,
    /// This record's text from this column.
    record_text: TextTally,
    record_non_empty: bool,
}

impl<'c> ColAcc<'c> {
    pub fn new(name: String, spec: Option<&'c ColumnSpec>) -> ColAcc<'c> {
        let shapes = spec.is_none().then(ValueShapes::default);
        ColAcc {
            name,
            spec,
            head: Vec::new(),
            overflow: 0,
            overflow_in_word: false,
            overflow_text: TextTally::default(),
            non_empty: 0,
            text: TextTally::default(),
            first: None,
            last: None,
            unparsed_dates: 0,
            out_of_range: 0,
            unparsed_example: None,
            invalid_utf8: 0,
            truncated: 0,
            shapes,
            record_stamp: None,
            record_text: TextTally::default(),
            record_non_empty: false,
        }
    }

    fn role(&self) -> Option<Role> {
        self.spec.map(|s| s.role)
    }

    fn chunk(&mut self, bytes: &[u8], max_field: usize) {
        let room = max_field.saturating_sub(self.head.len());
        let (keep, rest) = bytes.split_at(room.min(bytes.len()));
        self.head.extend_from_slice(keep);
        if !rest.is_empty() {
            self.overflow += rest.len() as u64;
            let (c, w) = super::feed::count_text(rest, &mut self.overflow_in_word);
            self.overflow_text.chars += c;
            self.overflow_text.words += w;
        }
    }

    /// Measures the finished field and clears it for the next record.
    fn finish(&mut self) {
        self.record_stamp = None;
        self.record_text = TextTally::default();
        self.record_non_empty = false;
        let head = std::mem::take(&mut self.head);
        self.measure(&head);
        self.head = head;
        self.head.clear();
        self.overflow = 0;
        self.overflow_in_word = false;
        self.overflow_text = TextTally::default();
    }

    fn measure(&mut self, raw: &[u8]) {
        let lossy;
        let text: &str = match std::str::from_utf8(raw) {
            Ok(s) => s,
            Err(_) => {
                self.invalid_utf8 += 1;
                lossy = String::from_utf8_lossy(raw);
                &lossy
            }
        };
        let value = text.trim();
        if value.is_empty() && self.overflow == 0 {
            return;
        }
        if let Some(spec) = self.spec
            && spec.null_values.iter().any(|n| n.trim() == value)
        {
            return;
        }
        self.non_empty += 1;
        self.record_non_empty = true;
        if self.overflow > 0 {
            self.truncated += 1;
        }
        match self.role() {
            Some(Role::Text) => {
                let counted = match self.spec.and_then(|s| s.clean) {
                    Some(Clean::UnwrapLineQuotes) if self.overflow == 0 => count_unwrapped(value),
                    _ => count_str(value),
                };
                let tally = TextTally {
                    chars: counted.chars + self.overflow_text.chars,
                    words: counted.words + self.overflow_text.words,
                };
                self.text.add(tally);
                self.record_text = tally;
                self.sensitive_hook(value);
                // Free-text answers can hold date ranges (format Q): place them on the
                // timeline, but text without a date is no problem.
                if let Some(spec) = self.spec
                    && !spec.dates.is_empty()
                    && let Some(p) = dates::parse_any_of(&spec.dates, value)
                {
                    self.place(&p);
                }
            }
            Some(Role::Date) => {
                let formats = self.spec.map(|s| s.dates.as_slice()).unwrap_or_default();
                let parsed = dates::parse_any_of(formats, value)
                    .or_else(|| dates::sniff(value).map(|(_, p)| p));
                match parsed {
                    Some(p) => self.place(&p),
                    None => {
                        self.unparsed_dates += 1;
                        if self.unparsed_example.is_none() {
                            self.unparsed_example = Some(value.chars().take(40).collect());
                        }
                    }
                }
            }
            Some(_) => {}
            None => {
                // Unknown column: keep every measure a guess might need; the role is
                // decided when the file ends.
                let tally = count_str(value);
                let tally = TextTally {
                    chars: tally.chars + self.overflow_text.chars,
                    words: tally.words + self.overflow_text.words,
                };
                self.text.add(tally);
                let sniffed = self.shapes.as_mut().and_then(|s| s.observe(value));
                if let Some(p) = sniffed {
                    self.place(&p);
                }
            }
        }
    }

    /// HOOK for the sensitive-content scan of posts and messages (a later issue). It gets
    /// every non-empty value of a text column once, whole (up to the field limit), trimmed
    /// and already checked as UTF-8, on the thread that parses the file, while the bytes are
    /// still in cache. One multi-pattern pass here (an Aho-Corasick prefilter, then exact
    /// checks on its rare hits) adds a single linear scan per text byte, which is what the
    /// 2.0x-of-floor budget allows for. Values beyond the field limit are only counted.
    #[inline(always)]
    fn sensitive_hook(&mut self, _value: &str) {}

    fn place(&mut self, parsed: &Parsed) {
        for stamp in parsed.stamps() {
            if !dates::plausible(&stamp) {
                self.out_of_range += 1;
                continue;
            }
            if self.record_stamp.is_none() {
                self.record_stamp = Some(stamp);
            }
            self.first = Some(self.first.map_or(stamp, |f| f.min(stamp)));
            self.last = Some(self.last.map_or(stamp, |l| l.max(stamp)));
        }
    }

    pub fn into_scan(self, index: usize) -> ColumnScan<'c> {
        ColumnScan {
            name: self.name,
            index,
            spec: self.spec,
            non_empty: self.non_empty,
            text: self.text,
            first: self.first,
            last: self.last,
            unparsed_dates: self.unparsed_dates,
            unparsed_example: self.unparsed_example,
            out_of_range: self.out_of_range,
            invalid_utf8: self.invalid_utf8,
            truncated: self.truncated,
            shapes: self.shapes,
        }
    }
}

fn count_str(s: &str) -> TextTally {
    let mut in_word = false;
    let (chars, words) = super::feed::count_text(s.as_bytes(), &mut in_word);
    TextTally { chars, words }
}

/// `count_str(&unwrap_line_quotes(value))` without building the unwrapped string.
fn count_unwrapped(value: &str) -> TextTally {
    let mut in_word = false;
    let mut tally = TextTally::default();
    for (i, line) in value.split('\n').enumerate() {
        if i > 0 {
            // The joining newline: one character, and a word break.
            tally.chars += 1;
            in_word = false;
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = line.strip_prefix('"').unwrap_or(line);
        let line = line.strip_suffix('"').unwrap_or(line);
        let (chars, words) = super::feed::count_text(line.as_bytes(), &mut in_word);
        tally.chars += chars;
        tally.words += words;
    }
    tally
}

/// Undoes `Shares.csv`'s per-line quoting: after CSV unquoting, every line of a post is
/// still wrapped in literal `"…"` and blank lines are `""`. The reference that
/// [`count_unwrapped`] is tested against.
#[cfg(test)]
pub fn unwrap_line_quotes(value: &str) -> String {
    value
        .split('\n')
        .map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = line.strip_prefix('"').unwrap_or(line);
            line.strip_suffix('"').unwrap_or(line)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Measures for one file while it is read: its columns, rows and timeline.
pub(super) struct FileAcc<'c> {
    pub spec: Option<&'c FileSpec>,
    pub cols: Vec<ColAcc<'c>>,
    max_field: usize,
    join_last: bool,
    cur: usize,
    /// Fields beyond the header width in the current record.
    extra: usize,
    skip_record: bool,
    pub rows: u64,
    pub empty_rows: u64,
    pub ragged_rows: u64,
    pub placeholder_rows: u64,
    /// Hashed while scanning, sorted once at the end: messages jump between days
    /// (conversation by conversation), and a tree search per day change was 5% of a scan.
    timeline: HashMap<Option<jiff::civil::Date>, DayTally, BuildHasherDefault<DayHasher>>,
    /// The day of the latest records, added up here and merged into `timeline` when the day
    /// changes: records often come in runs of one day (a conversation, a day's reactions).
    day: Option<(Option<jiff::civil::Date>, DayTally)>,
}

impl<'c> FileAcc<'c> {
    /// Sets up the columns from the header row.
    pub fn new(spec: Option<&'c FileSpec>, header: Vec<String>, max_field: usize) -> FileAcc<'c> {
        let cols = header
            .into_iter()
            .map(|name| {
                let col = spec.and_then(|s| s.column(&name));
                ColAcc::new(name, col)
            })
            .collect();
        let join_last = spec.and_then(|s| s.overflow).is_some();
        FileAcc {
            spec,
            cols,
            max_field,
            join_last,
            cur: 0,
            extra: 0,
            skip_record: false,
            rows: 0,
            empty_rows: 0,
            ragged_rows: 0,
            placeholder_rows: 0,
            timeline: HashMap::default(),
            day: None,
        }
    }

    /// The column the current field belongs to: extra fields join the last column when the
    /// catalog says so, and are otherwise only counted.
    fn target(&self) -> Option<usize> {
        let width = self.cols.len();
        if self.cur < width {
            Some(self.cur)
        } else if self.join_last && width > 0 {
            Some(width - 1)
        } else {
            None
        }
    }

    /// A piece of the current field.
    pub fn chunk(&mut self, bytes: &[u8]) {
        let max = self.max_field;
        if let Some(col) = self.target().and_then(|i| self.cols.get_mut(i)) {
            col.chunk(bytes, max);
        }
    }

    /// The current field is complete.
    pub fn end_field(&mut self) {
        let width = self.cols.len();
        if self.join_last && width > 0 && self.cur + 1 >= width {
            // The last column may continue in the next field; close it at record end.
            if let Some(col) = self.cols.last_mut() {
                col.chunk(b",", self.max_field);
            }
        } else if let Some(i) = self.target() {
            if i == 0 {
                self.skip_record = self.is_placeholder_row();
            }
            if let Some(col) = self.cols.get_mut(i) {
                if self.skip_record {
                    col.head.clear();
                } else {
                    col.finish();
                }
            }
        }
        if self.cur >= width {
            self.extra += 1;
        }
        self.cur += 1;
    }

    fn is_placeholder_row(&self) -> bool {
        let (Some(spec), Some(col)) = (self.spec, self.cols.first()) else {
            return false;
        };
        if spec.placeholder_values.is_empty() {
            return false;
        }
        let first = String::from_utf8_lossy(&col.head);
        spec.placeholder_values.iter().any(|p| p == first.trim())
    }

    /// The current record is complete.
    pub fn end_record(&mut self) {
        let width = self.cols.len();
        if self.join_last
            && width > 0
            && self.cur >= width
            && let Some(col) = self.cols.last_mut()
        {
            if col.head.last() == Some(&b',') {
                col.head.pop();
            }
            if !self.skip_record {
                col.finish();
            }
        }
        // Columns missing from a short row still need their per-record state cleared.
        for col in self.cols.iter_mut().skip(self.cur) {
            col.record_stamp = None;
            col.record_text = TextTally::default();
            col.record_non_empty = false;
        }
        let fields = self.cur;
        self.cur = 0;
        self.extra = 0;
        if std::mem::take(&mut self.skip_record) {
            self.placeholder_rows += 1;
            return;
        }
        if fields != width && !(self.join_last && fields > width) {
            self.ragged_rows += 1;
        }
        if !self.cols.iter().any(|c| c.record_non_empty) {
            self.empty_rows += 1;
            return;
        }
        self.rows += 1;
        let date = self
            .cols
            .iter()
            .find_map(|c| c.record_stamp)
            .map(|s| s.date);
        let mut text = TextTally::default();
        for c in &self.cols {
            text.add(c.record_text);
        }
        match &mut self.day {
            Some((current, tally)) if *current == date => {
                tally.records += 1;
                tally.text.add(text);
            }
            _ => {
                self.flush_day();
                self.day = Some((date, DayTally { records: 1, text }));
            }
        }
        // A per-record verdict of the sensitive-content scan (see `ColAcc::sensitive_hook`)
        // would be combined here, with the record's date, like the text tally above.
    }

    fn flush_day(&mut self) {
        if let Some((date, tally)) = self.day.take() {
            let day = self.timeline.entry(date).or_default();
            day.records += tally.records;
            day.text.add(tally.text);
        }
    }

    /// Records and text per day, once every record has been seen.
    pub fn take_timeline(&mut self) -> BTreeMap<Option<jiff::civil::Date>, DayTally> {
        self.flush_day();
        std::mem::take(&mut self.timeline).into_iter().collect()
    }
}

/// A multiply-rotate hasher for day keys: a few bytes each, never attacker-controlled in a
/// way that matters (a skewed table only costs time, and dates are bounded), so SipHash's
/// DoS resistance buys nothing here.
#[derive(Default)]
pub(super) struct DayHasher(u64);

impl Hasher for DayHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwrapped_counts_match_counting_the_unwrapped_text() {
        for raw in [
            "I'm off for a retreat.\"\n\"\"\n\"WHAT? No phone.\"\n\"Scheduled posts still go out.",
            "one line",
            "\"\"\r\n\"x\"",
            "",
            "\n\n a \"\n",
        ] {
            assert_eq!(
                count_unwrapped(raw),
                count_str(&unwrap_line_quotes(raw)),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn unwrap_line_quotes_restores_the_post_text() {
        let raw =
            "I'm off for a retreat.\"\n\"\"\n\"WHAT? No phone.\"\n\"Scheduled posts still go out.";
        let cleaned = unwrap_line_quotes(raw);
        assert_eq!(
            cleaned,
            "I'm off for a retreat.\n\nWHAT? No phone.\nScheduled posts still go out."
        );
    }
}
