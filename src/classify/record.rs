//! The per-record path: every parser (CSV, comments, article HTML) pushes fields here, and
//! this is where values are measured: non-empty counts, text volume, dates, value shapes.
//!
//! Fields arrive in chunks so a 100 MB field never has to sit in memory whole: the first
//! `max_field` bytes are kept (enough for any date, any real post), the rest only counted.
//! Later single-pass scans of the text (sensitive-content detection, the posts list) are
//! [`RecordSink`]s: each measured value goes to the file's sink before its column clears it,
//! and [`FileAcc::end_record`] tells the sink the record's date.

use super::counters::Counters;
use super::guess::ValueShapes;
use super::sink::{BoxedSink, RecordEnd, RecordSink};
use super::{ColumnScan, TextTally, ValueTally};
use crate::catalog::{Clean, ColumnSpec, FileSpec};
use crate::category::Role;
use crate::dates::{self, Parsed, Stamp};

/// One column while a file is read: its measures, kept in place as they will be handed on,
/// and the state of the field now being read.
pub(super) struct ColAcc<'c> {
    /// The measures so far; moved out whole when the file ends.
    pub scan: ColumnScan<'c>,
    /// The field of the current record, up to the field limit.
    head: Vec<u8>,
    /// False once a piece of the current field came from a buffer that was not checked as
    /// UTF-8 as a whole; such a field is checked on its own when it ends.
    head_checked: bool,
    /// Bytes of the current field beyond the limit (counted, not kept).
    overflow: u64,
    overflow_in_word: bool,
    overflow_text: TextTally,
}

/// What one field adds to its record: whether it holds a value, its text, its first date.
#[derive(Debug, Clone, Copy, Default)]
struct FieldOutcome {
    non_empty: bool,
    text: TextTally,
    stamp: Option<Stamp>,
}

impl FieldOutcome {
    /// Adds a later field of the same record: its first date counts only if none came before.
    fn add(&mut self, later: FieldOutcome) {
        self.non_empty |= later.non_empty;
        self.text.add(later.text);
        self.stamp = self.stamp.or(later.stamp);
    }
}

impl<'c> ColAcc<'c> {
    pub fn new(name: String, index: usize, spec: Option<&'c ColumnSpec>) -> ColAcc<'c> {
        let shapes = spec.is_none().then(ValueShapes::default);
        let values = spec.is_some_and(|s| s.tally).then(ValueTally::default);
        ColAcc {
            scan: ColumnScan {
                name,
                index,
                spec,
                non_empty: 0,
                text: TextTally::default(),
                first: None,
                last: None,
                unparsed_dates: 0,
                unparsed_example: None,
                out_of_range: 0,
                invalid_utf8: 0,
                truncated: 0,
                withheld: 0,
                shapes,
                values,
            },
            head: Vec::new(),
            head_checked: true,
            overflow: 0,
            overflow_in_word: false,
            overflow_text: TextTally::default(),
        }
    }

    fn role(&self) -> Option<Role> {
        self.scan.spec.map(|s| s.role)
    }

    fn chunk(&mut self, bytes: &[u8], max_field: usize, checked: bool) {
        self.head_checked &= checked;
        // Once the limit is reached the head is final, even if it then gave its last,
        // cut character to the overflow.
        let room = if self.overflow > 0 {
            0
        } else {
            max_field.saturating_sub(self.head.len()).min(bytes.len())
        };
        let (keep, rest) = bytes.split_at(room);
        self.head.extend_from_slice(keep);
        if rest.is_empty() {
            return;
        }
        if self.overflow == 0 && rest.first().is_some_and(|&b| is_continuation(b)) {
            // The limit falls inside a character: the head keeps whole characters only (so
            // it stays valid UTF-8), and the cut one is counted with the overflow. This
            // depends only on the field's bytes, never on where the reads split them.
            if let Some(lead) = self.head.iter().rposition(|&b| !is_continuation(b))
                && self.head.get(lead).is_some_and(|&b| b >= 0xC0)
            {
                let tail = self.head.split_off(lead);
                self.count_overflow(&tail);
            }
        }
        self.count_overflow(rest);
    }

    fn count_overflow(&mut self, bytes: &[u8]) {
        self.overflow += bytes.len() as u64;
        let (c, w) = super::feed::count_text(bytes, &mut self.overflow_in_word);
        self.overflow_text.chars += c;
        self.overflow_text.words += w;
    }

    /// Measures the finished field and clears it for the next record.
    fn finish(&mut self, sink: &mut Option<BoxedSink>) -> FieldOutcome {
        let head = std::mem::take(&mut self.head);
        let checked = self.head_checked;
        let outcome = self.finish_whole(&head, checked, sink);
        self.head = head;
        self.head.clear();
        outcome
    }

    /// Measures a field that arrived in one piece, straight from the parser's buffer, so
    /// the common case copies nothing. `checked`: the bytes are known to be UTF-8.
    fn finish_whole(
        &mut self,
        raw: &[u8],
        checked: bool,
        sink: &mut Option<BoxedSink>,
    ) -> FieldOutcome {
        let outcome = self.measure(raw, checked, sink);
        self.head_checked = true;
        self.overflow = 0;
        self.overflow_in_word = false;
        self.overflow_text = TextTally::default();
        outcome
    }

    /// Works on bytes, not `&str`: most fields are never looked at as text (ids, links,
    /// names are only checked for emptiness), and the parser already validated the buffer
    /// they came from, so a second, per-field UTF-8 check (once 8% of a scan) is skipped.
    /// `value` below is always valid UTF-8.
    fn measure(&mut self, raw: &[u8], checked: bool, sink: &mut Option<BoxedSink>) -> FieldOutcome {
        let mut outcome = FieldOutcome::default();
        let lossy;
        let text: &[u8] = if checked {
            raw
        } else {
            match std::str::from_utf8(raw) {
                Ok(_) => raw,
                Err(_) => {
                    self.scan.invalid_utf8 += 1;
                    lossy = String::from_utf8_lossy(raw);
                    lossy.as_bytes()
                }
            }
        };
        let value = trim_utf8(text);
        if value.is_empty() && self.overflow == 0 {
            return outcome;
        }
        if let Some(spec) = self.scan.spec
            && spec
                .null_values
                .iter()
                .any(|n| n.trim().as_bytes() == value)
        {
            return outcome;
        }
        self.scan.non_empty += 1;
        outcome.non_empty = true;
        if let Some(sink) = sink {
            // The value is still in the buffer (or the column's head) here; once this
            // returns it is gone.
            sink.field(self.scan.index, as_str(value));
        }
        if self.overflow > 0 {
            self.scan.truncated += 1;
        }
        if let Some(values) = self.scan.values.as_mut() {
            values.observe(as_str(value));
        }
        match self.role() {
            Some(Role::Text) if self.overflow == 0 && is_withheld(value) => {
                // LinkedIn's words, not the member's: the content exists but was withheld.
                self.scan.withheld += 1;
            }
            Some(Role::Text) => {
                let counted = match self.scan.spec.and_then(|s| s.clean) {
                    Some(Clean::UnwrapLineQuotes) if self.overflow == 0 => count_unwrapped(value),
                    _ if self.overflow == 0 && has_markup(value) => {
                        // Message bodies sometimes carry HTML: count what a reader sees.
                        count_bytes(super::html::visible_text(value).as_bytes())
                    }
                    _ => count_bytes(value),
                };
                let tally = TextTally {
                    chars: counted.chars + self.overflow_text.chars,
                    words: counted.words + self.overflow_text.words,
                };
                self.scan.text.add(tally);
                outcome.text = tally;
                // Free-text answers can hold date ranges (format Q): place them on the
                // timeline, but text without a date is no problem.
                if let Some(spec) = self.scan.spec
                    && !spec.dates.is_empty()
                    && let Some(p) = dates::parse_any_of_bytes(&spec.dates, value)
                {
                    outcome.stamp = self.place(&p);
                }
            }
            Some(Role::Date) => {
                let formats = self
                    .scan
                    .spec
                    .map(|s| s.dates.as_slice())
                    .unwrap_or_default();
                let parsed = dates::parse_any_of_bytes(formats, value)
                    .or_else(|| dates::sniff(as_str(value)).map(|(_, p)| p));
                match parsed {
                    Some(p) => outcome.stamp = self.place(&p),
                    None => {
                        self.scan.unparsed_dates += 1;
                        if self.scan.unparsed_example.is_none() {
                            self.scan.unparsed_example =
                                Some(as_str(value).chars().take(40).collect());
                        }
                    }
                }
            }
            Some(_) => {}
            None => {
                // Unknown column: keep every measure a guess might need; the role is
                // decided when the file ends.
                let tally = count_bytes(value);
                let tally = TextTally {
                    chars: tally.chars + self.overflow_text.chars,
                    words: tally.words + self.overflow_text.words,
                };
                self.scan.text.add(tally);
                let value = as_str(value);
                let sniffed = self.scan.shapes.as_mut().and_then(|s| s.observe(value));
                if let Some(p) = sniffed {
                    outcome.stamp = self.place(&p);
                }
            }
        }
        outcome
    }

    /// Adds a value's dates to the column's span; returns the first plausible one, the
    /// date the record is filed under.
    fn place(&mut self, parsed: &Parsed) -> Option<Stamp> {
        let mut first_plausible = None;
        for stamp in parsed.stamps() {
            if !dates::plausible(&stamp) {
                self.scan.out_of_range += 1;
                continue;
            }
            first_plausible = first_plausible.or(Some(stamp));
            self.scan.first = Some(self.scan.first.map_or(stamp, |f| f.min(stamp)));
            self.scan.last = Some(self.scan.last.map_or(stamp, |l| l.max(stamp)));
        }
        first_plausible
    }
}

/// Placeholders LinkedIn writes in place of content it withholds (seen in 2026 AI-coach
/// chats), compared without regard to case.
pub(super) const WITHHELD: [&str; 2] = ["REDACTED FOR DMA COMPLIANCE", "REDACTED"];

fn is_withheld(value: &[u8]) -> bool {
    WITHHELD
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(value))
}

/// Whether a value holds HTML tags (`<p>`, `</a>`, `<br/>`): a `<` followed by a letter or
/// `/` and a letter, with a `>` after it. `a < b` and `<3` are not markup.
fn has_markup(value: &[u8]) -> bool {
    memchr::memchr_iter(b'<', value).any(|at| {
        let rest = value.get(at + 1..).unwrap_or_default();
        let name = rest.strip_prefix(b"/").unwrap_or(rest);
        name.first().is_some_and(u8::is_ascii_alphabetic) && memchr::memchr(b'>', rest).is_some()
    })
}

fn count_bytes(s: &[u8]) -> TextTally {
    let mut in_word = false;
    let (chars, words) = super::feed::count_text(s, &mut in_word);
    TextTally { chars, words }
}

/// A UTF-8 continuation byte (`10xxxxxx`): never the start of a character.
fn is_continuation(b: u8) -> bool {
    (b as i8) < -64
}

/// Whitespace as `str::trim` sees it in ASCII: TAB, LF, VT, FF, CR and space. (Not
/// `u8::is_ascii_whitespace`, which leaves VT.)
fn is_trim_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// `str::trim` for bytes that are valid UTF-8, without looking at the middle of the value:
/// ASCII ends are trimmed byte-wise, and only a value that starts or ends with a non-ASCII
/// character (which may be Unicode whitespace) goes through `str::trim`.
fn trim_utf8(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !is_trim_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_trim_space(b))
        .map_or(start, |i| i + 1);
    let inner = bytes.get(start..end).unwrap_or_default();
    let non_ascii_end = |b: Option<&u8>| b.is_some_and(|b| !b.is_ascii());
    if non_ascii_end(inner.first()) || non_ascii_end(inner.last()) {
        match std::str::from_utf8(inner) {
            Ok(s) => s.trim().as_bytes(),
            Err(_) => inner,
        }
    } else {
        inner
    }
}

/// A value's text, for the few measures that need `&str` (dates, value shapes): `value`
/// is valid UTF-8 already, and these values are short.
fn as_str(value: &[u8]) -> &str {
    std::str::from_utf8(value).unwrap_or_default()
}

/// `count_bytes(&unwrap_line_quotes(value))` without building the unwrapped string.
fn count_unwrapped(value: &[u8]) -> TextTally {
    let mut in_word = false;
    let mut tally = TextTally::default();
    let mut start = 0;
    // memchr, not `split`: `slice::split` steps byte by byte, and posts are long.
    let ends = memchr::memchr_iter(b'\n', value).chain(std::iter::once(value.len()));
    for (i, end) in ends.enumerate() {
        if i > 0 {
            // The joining newline: one character, and a word break.
            tally.chars += 1;
            in_word = false;
        }
        let line = value.get(start..end).unwrap_or_default();
        start = end + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = line.strip_prefix(b"\"").unwrap_or(line);
        let line = line.strip_suffix(b"\"").unwrap_or(line);
        let (chars, words) = super::feed::count_text(line, &mut in_word);
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
    /// The bytes now being parsed are known to be valid UTF-8 (see [`FileAcc::set_checked`]).
    checked: bool,
    cur: usize,
    /// Fields beyond the header width in the current record.
    extra: usize,
    skip_record: bool,
    /// The built-in sink: rows and the timeline.
    pub counters: Counters,
    /// The current record so far, added up as each field is measured rather than gathered
    /// from every column at its end; fields end in column order, so its date is the first
    /// dated column's.
    rec: FieldOutcome,
    /// Where the posts list and the sensitive-content scan get this file's records, when
    /// they want them (see [`super::sink`]).
    pub sink: Option<BoxedSink>,
}

impl<'c> FileAcc<'c> {
    /// Sets up the columns from the header row.
    pub fn new(spec: Option<&'c FileSpec>, header: Vec<String>, max_field: usize) -> FileAcc<'c> {
        let cols = header
            .into_iter()
            .enumerate()
            .map(|(index, name)| {
                let col = spec.and_then(|s| s.column(&name));
                ColAcc::new(name, index, col)
            })
            .collect();
        let join_last = spec.and_then(|s| s.overflow).is_some();
        FileAcc {
            spec,
            cols,
            max_field,
            join_last,
            checked: false,
            cur: 0,
            extra: 0,
            skip_record: false,
            counters: Counters::default(),
            rec: FieldOutcome::default(),
            sink: None,
        }
    }

    /// The catalog's column for every header column, for a [`super::sink::SinkFactory`].
    pub fn column_specs(&self) -> Vec<Option<&'c ColumnSpec>> {
        self.cols.iter().map(|c| c.scan.spec).collect()
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

    /// Says whether the bytes that arrive from now on (until the next call) are known to be
    /// valid UTF-8, pieces cut only between characters: a parser that validates its whole
    /// buffer at once says so, and fields are then not checked one by one.
    pub fn set_checked(&mut self, checked: bool) {
        self.checked = checked;
    }

    /// A piece of the current field.
    pub fn chunk(&mut self, bytes: &[u8]) {
        let (max, checked) = (self.max_field, self.checked);
        if let Some(col) = self.target().and_then(|i| self.cols.get_mut(i)) {
            col.chunk(bytes, max, checked);
        }
    }

    /// A whole field in one piece: `chunk` then `end_field`, but measured where it lies.
    pub fn field(&mut self, bytes: &[u8]) {
        let width = self.cols.len();
        let plain = self.cur < width
            && !(self.join_last && self.cur + 1 >= width)
            && bytes.len() <= self.max_field;
        let i = self.cur;
        if !(plain && self.cols.get(i).is_some_and(|c| c.head.is_empty())) {
            self.chunk(bytes);
            self.end_field();
            return;
        }
        if i == 0 {
            self.skip_record = self.is_placeholder(bytes);
        }
        let checked = self.checked;
        if !self.skip_record
            && let Some(col) = self.cols.get_mut(i)
        {
            let outcome = col.finish_whole(bytes, checked, &mut self.sink);
            self.rec.add(outcome);
        }
        self.cur += 1;
    }

    /// The current field is complete.
    pub fn end_field(&mut self) {
        let width = self.cols.len();
        if self.join_last && width > 0 && self.cur + 1 >= width {
            // The last column may continue in the next field; close it at record end.
            if let Some(col) = self.cols.last_mut() {
                col.chunk(b",", self.max_field, true);
            }
        } else if let Some(i) = self.target() {
            if i == 0 {
                let first = self.cols.first().map(|c| c.head.as_slice());
                self.skip_record = self.is_placeholder(first.unwrap_or_default());
            }
            if let Some(col) = self.cols.get_mut(i) {
                if self.skip_record {
                    col.head.clear();
                } else {
                    let outcome = col.finish(&mut self.sink);
                    self.rec.add(outcome);
                }
            }
        }
        if self.cur >= width {
            self.extra += 1;
        }
        self.cur += 1;
    }

    /// Whether a record whose first field is `first` is a pointer row with no member data.
    fn is_placeholder(&self, first: &[u8]) -> bool {
        let Some(spec) = self.spec else {
            return false;
        };
        if spec.placeholder_values.is_empty() {
            return false;
        }
        let first = String::from_utf8_lossy(first);
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
                let outcome = col.finish(&mut self.sink);
                self.rec.add(outcome);
            }
        }
        let FieldOutcome {
            non_empty,
            text,
            stamp,
        } = std::mem::take(&mut self.rec);
        let fields = self.cur;
        self.cur = 0;
        self.extra = 0;
        let placeholder = std::mem::take(&mut self.skip_record);
        let record = RecordEnd {
            kept: !placeholder && non_empty,
            placeholder,
            ragged: fields != width && !(self.join_last && fields > width),
            date: stamp,
            text,
        };
        if let Some(sink) = &mut self.sink {
            sink.end_record(&record);
        }
        self.counters.end_record(&record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_told_from_text_with_angle_brackets() {
        assert!(has_markup(b"<p>Hi</p>"));
        assert!(has_markup(b"see <a href=\"x\">this</a>"));
        assert!(!has_markup(b"a < b and c > d"));
        assert!(!has_markup(b"love it <3"));
        assert!(is_withheld(b"REDACTED FOR DMA COMPLIANCE"));
        assert!(is_withheld(b"redacted for dma compliance"));
        assert!(!is_withheld(
            b"REDACTED FOR DMA COMPLIANCE, but I wrote more"
        ));
    }

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
                count_unwrapped(raw.as_bytes()),
                count_bytes(unwrap_line_quotes(raw).as_bytes()),
                "{raw:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn unwrapped_counts_match_on_any_text(
            text in proptest::collection::vec(
                proptest::sample::select(vec!["a", " ", "\n", "\r", "\"", "é", "\t"]),
                0..40,
            ),
        ) {
            let raw = text.concat();
            proptest::prop_assert_eq!(
                count_unwrapped(raw.as_bytes()),
                count_bytes(unwrap_line_quotes(&raw).as_bytes())
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
