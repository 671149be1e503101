//! CSV and TSV: finding the header, then streaming records through csv-core.
//!
//! csv-core (the state machine under the `csv` crate) is used directly because it hands out
//! fields piecewise into a fixed buffer: memory stays flat however long a field is, and no
//! allocation happens per field or per record.

use super::feed::{Feeder, SNIFF};
use super::record::FileAcc;
use crate::catalog::FileSpec;

/// Where the header is and how the file is delimited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Lines before the header (the `Notes:` preamble of `Connections.csv`).
    pub preamble_lines: u32,
    /// The header's field names.
    pub header: Vec<String>,
    /// `,`, TAB or `;`.
    pub delimiter: u8,
    /// Bytes from the start of the (decoded) text to the first data record.
    pub data_start: usize,
    /// False when no line looked like the catalog's header and a fallback was used.
    pub header_matched: bool,
}

/// Splits one physical line into fields (quotes respected, no multi-line fields), the way
/// csv-core reads a record: a quote opens a quoted part, `""` inside it is a literal quote.
/// Header detection calls this on a few lines per file; a hand loop avoids building a
/// csv-core DFA each time, which was most of the cost of scanning a small file.
pub fn split_line(line: &[u8], delimiter: u8) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = Vec::new();
    let mut in_quotes = false;
    let mut bytes = line.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        match b {
            b'"' if in_quotes && bytes.peek() == Some(&b'"') => {
                field.push(b'"');
                bytes.next();
            }
            b'"' => in_quotes = !in_quotes,
            _ if b == delimiter && !in_quotes => {
                fields.push(field_text(&field));
                field.clear();
            }
            _ => field.push(b),
        }
    }
    fields.push(field_text(&field));
    fields
}

fn field_text(field: &[u8]) -> String {
    String::from_utf8_lossy(field).trim().to_string()
}

fn count_outside_quotes(line: &[u8], byte: u8) -> usize {
    let mut in_quotes = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == byte && !in_quotes {
            n += 1;
        }
    }
    n
}

fn sniff_delimiter(line: &[u8]) -> u8 {
    let counts = [b',', b'\t', b';'].map(|d| (count_outside_quotes(line, d), d));
    counts
        .iter()
        .copied()
        .max_by_key(|&(n, d)| (n, d == b','))
        .filter(|&(n, _)| n > 0)
        .map_or(b',', |(_, d)| d)
}

/// Finds the header row in the first bytes of a file. For a known file, the first line
/// in which most fields are catalog column names; otherwise the first line after an
/// optional `Notes:` preamble. Never assumes a fixed offset: users delete preambles.
pub fn find_layout(head: &[u8], spec: Option<&FileSpec>) -> Layout {
    // An entry whose header was never seen (catalog lists no columns) is read like an
    // unknown file, but its header is not "missing".
    let headerless_entry = spec.is_some_and(|s| s.columns.is_empty());
    let spec = spec.filter(|s| !s.columns.is_empty());
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in head.split_inclusive(|&b| b == b'\n').take(24) {
        let end = offset + raw.len();
        // A line cut off by the sniff window is only usable if it is the whole file.
        if !raw.ends_with(b"\n") && end < head.len() {
            break;
        }
        let line = raw.strip_suffix(b"\n").unwrap_or(raw);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        lines.push((line, end));
        offset = end;
    }
    if let Some(spec) = spec {
        for (i, (line, end)) in lines.iter().enumerate() {
            let delimiter = sniff_delimiter(line);
            let fields = split_line(line, delimiter);
            let known = fields.iter().filter(|f| spec.column(f).is_some()).count();
            if known >= 1 && known * 2 >= fields.len() {
                return Layout {
                    preamble_lines: i as u32,
                    header: fields,
                    delimiter,
                    data_start: *end,
                    header_matched: true,
                };
            }
        }
    }
    let mut start = 0;
    let first_text = lines
        .iter()
        .position(|(l, _)| !l.iter().all(u8::is_ascii_whitespace));
    if let Some(i) = first_text {
        start = i;
        let is_notes = lines
            .get(i)
            .is_some_and(|(l, _)| l.trim_ascii().eq_ignore_ascii_case(b"Notes:"));
        if is_notes {
            // The preamble ends at its first blank line.
            if let Some(blank) = lines
                .iter()
                .skip(i + 1)
                .position(|(l, _)| l.trim_ascii().is_empty())
            {
                let after = i + 1 + blank + 1;
                start = lines
                    .iter()
                    .skip(after)
                    .position(|(l, _)| !l.trim_ascii().is_empty())
                    .map_or(after, |p| after + p);
            }
        }
    }
    match lines.get(start) {
        Some((line, end)) => {
            let delimiter = sniff_delimiter(line);
            Layout {
                preamble_lines: start as u32,
                header: split_line(line, delimiter),
                delimiter,
                data_start: *end,
                header_matched: spec.is_none() || headerless_entry,
            }
        }
        None => Layout {
            preamble_lines: 0,
            header: Vec::new(),
            delimiter: b',',
            data_start: head.len().min(SNIFF),
            header_matched: false,
        },
    }
}

/// Streams every record after the header into `acc`.
/// Returns false when the input ended inside a quoted field: an unbalanced quote, which
/// makes the rest of the file one field.
pub(super) fn read_records(feeder: &mut Feeder<'_>, delimiter: u8, acc: &mut FileAcc<'_>) -> bool {
    let mut parser = Records::new(delimiter);
    loop {
        // Below 4 bytes, what is left may be a character held back from the last buffer.
        if feeder.data().len() < 4 {
            feeder.fill();
        }
        let input = feeder.data();
        if input.is_empty() {
            break;
        }
        // One UTF-8 check per buffer instead of one per field. A character cut by the end
        // of the buffer is held back for the next one, so every buffer handed on is whole
        // characters, and so is every field piece cut from it at an ASCII delimiter.
        // simdutf8: a whole buffer is long enough for its SIMD check to pay (per field, it
        // did not), and it runs over every byte of the archive.
        let (n, checked) = match simdutf8::compat::from_utf8(input) {
            Ok(_) => (input.len(), true),
            Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 && !feeder.at_end() => {
                (e.valid_up_to(), true)
            }
            Err(_) => (input.len(), false),
        };
        acc.set_checked(checked);
        parser.feed(input.get(..n).unwrap_or(input), acc);
        feeder.consume(n);
    }
    let balanced = parser.state != State::InQuoted;
    parser.finish(acc);
    balanced
}

/// `input` after the line terminators it starts with: blank lines between records.
#[inline]
fn skip_line_ends(input: &[u8]) -> &[u8] {
    let skip = input
        .iter()
        .position(|&c| c != b'\n' && c != b'\r')
        .unwrap_or(input.len());
    input.get(skip..).unwrap_or_default()
}

/// Where parsed fields go: pieces of a field, then its end, then the record's end.
pub(super) trait FieldSink {
    /// A piece of the current field (a field may arrive in several).
    fn chunk(&mut self, bytes: &[u8]);
    /// The current field is complete.
    fn end_field(&mut self);
    /// The current record is complete.
    fn end_record(&mut self);
    /// A whole field in one piece, which a sink may measure without copying it.
    fn field(&mut self, bytes: &[u8]) {
        self.chunk(bytes);
        self.end_field();
    }
}

impl FieldSink for FileAcc<'_> {
    fn chunk(&mut self, bytes: &[u8]) {
        FileAcc::chunk(self, bytes);
    }
    fn field(&mut self, bytes: &[u8]) {
        FileAcc::field(self, bytes);
    }
    fn end_field(&mut self) {
        FileAcc::end_field(self);
    }
    fn end_record(&mut self) {
        FileAcc::end_record(self);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between records: line terminators are skipped here, so blank lines vanish.
    StartRecord,
    StartField,
    /// In an unquoted field; quotes in it are literal.
    InField,
    InQuoted,
    /// Just after a quote inside a quoted field: a second quote is a literal one.
    QuoteInQuoted,
}

/// A CSV record splitter with exactly csv-core's reading of a file (its defaults: `"`
/// quotes, doubled-quote escapes, no comments, `\r`, `\n` or `\r\n` ending a record,
/// blank lines skipped, a leading UTF-8 BOM dropped, never an error), but which jumps from
/// one special byte to the next with `memchr` instead of stepping a state machine per
/// byte, and hands out field pieces as slices of the input instead of copying them.
///
/// Most of an export's bytes are long quoted message and post bodies, so this is where
/// parsing time goes; `read_field` spent about 40% of a scan in its byte loop.
pub(super) struct Records {
    delimiter: u8,
    state: State,
    started: bool,
    /// The current field already has pieces in the sink, so it cannot go out whole.
    pending: bool,
}

impl Records {
    pub(super) fn new(delimiter: u8) -> Records {
        Records {
            delimiter,
            state: State::StartRecord,
            started: false,
            pending: false,
        }
    }

    /// Parses all of `input`, which continues where the last call stopped.
    ///
    /// The loop keeps the state in locals and the field states' steps written out in
    /// place: this is the per-byte path of most of a scan, so only the BOM and blank-line
    /// skips are (inlined) functions.
    pub(super) fn feed(&mut self, input: &[u8], acc: &mut impl FieldSink) {
        let mut input = self.skip_bom(input);
        let d = self.delimiter;
        let mut state = self.state;
        let mut pending = self.pending;
        while let Some(&b) = input.first() {
            match state {
                State::StartRecord => {
                    input = skip_line_ends(input);
                    if !input.is_empty() {
                        state = State::StartField;
                    }
                }
                State::StartField => {
                    if b == b'"' {
                        input = input.get(1..).unwrap_or_default();
                        state = State::InQuoted;
                    } else if b == d {
                        input = input.get(1..).unwrap_or_default();
                        acc.end_field();
                    } else if b == b'\n' || b == b'\r' {
                        input = input.get(1..).unwrap_or_default();
                        acc.end_field();
                        acc.end_record();
                        state = State::StartRecord;
                    } else {
                        state = State::InField;
                    }
                }
                State::InField => match memchr::memchr3(d, b'\n', b'\r', input) {
                    Some(i) => {
                        let (piece, rest) = input.split_at(i);
                        if !pending {
                            acc.field(piece);
                        } else {
                            if !piece.is_empty() {
                                acc.chunk(piece);
                            }
                            acc.end_field();
                        }
                        pending = false;
                        if rest.first() == Some(&d) {
                            state = State::StartField;
                        } else {
                            acc.end_record();
                            state = State::StartRecord;
                        }
                        input = rest.get(1..).unwrap_or_default();
                    }
                    None => {
                        acc.chunk(input);
                        pending = true;
                        input = &[];
                    }
                },
                State::InQuoted => match memchr::memchr(b'"', input) {
                    Some(i) => {
                        let (piece, rest) = input.split_at(i);
                        let after = rest.get(1).copied();
                        let ends = after.filter(|&c| c == d || c == b'\n' || c == b'\r');
                        if let (Some(c), false) = (ends, pending) {
                            // The common case: a quoted field closed by its delimiter or
                            // line end, in one piece; what QuoteInQuoted would do, at once.
                            acc.field(piece);
                            input = rest.get(2..).unwrap_or_default();
                            if c == d {
                                state = State::StartField;
                            } else {
                                acc.end_record();
                                state = State::StartRecord;
                            }
                        } else {
                            if !piece.is_empty() {
                                acc.chunk(piece);
                                pending = true;
                            }
                            input = rest.get(1..).unwrap_or_default();
                            state = State::QuoteInQuoted;
                        }
                    }
                    None => {
                        acc.chunk(input);
                        pending = true;
                        input = &[];
                    }
                },
                State::QuoteInQuoted => {
                    if b == b'"' {
                        acc.chunk(b"\"");
                        pending = true;
                        input = input.get(1..).unwrap_or_default();
                        state = State::InQuoted;
                    } else if b == d {
                        input = input.get(1..).unwrap_or_default();
                        acc.end_field();
                        pending = false;
                        state = State::StartField;
                    } else if b == b'\n' || b == b'\r' {
                        input = input.get(1..).unwrap_or_default();
                        acc.end_field();
                        acc.end_record();
                        pending = false;
                        state = State::StartRecord;
                    } else {
                        // Text after a closing quote joins the field, as in csv-core.
                        state = State::InField;
                    }
                }
            }
        }
        self.state = state;
        self.pending = pending;
    }

    /// Drops the UTF-8 byte-order mark at the very start of the input, as csv-core does.
    #[inline]
    fn skip_bom<'i>(&mut self, input: &'i [u8]) -> &'i [u8] {
        if self.started || input.is_empty() {
            return input;
        }
        self.started = true;
        input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input)
    }

    /// The input has ended: closes a record left open by a missing final newline.
    pub(super) fn finish(&mut self, acc: &mut impl FieldSink) {
        if self.state != State::StartRecord {
            acc.end_field();
            acc.end_record();
        }
        self.state = State::StartRecord;
        self.pending = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use csv_core::{ReadFieldResult, ReaderBuilder};

    #[test]
    fn split_line_respects_quotes() {
        assert_eq!(
            split_line(br#"Ada,"Hopper, PhD",x"#, b','),
            vec!["Ada", "Hopper, PhD", "x"]
        );
        assert_eq!(
            split_line(b"\"Login Date\"\t\"IP Address\"", b'\t'),
            vec!["Login Date", "IP Address"]
        );
        assert_eq!(split_line(b"a,b,", b','), vec!["a", "b", ""]);
        assert_eq!(split_line(b"Name", b','), vec!["Name"]);
    }

    #[test]
    fn the_notes_preamble_is_skipped_without_a_catalog() {
        let text = b"Notes:\n\"When exporting, some emails are missing, see https://x\"\n\nFirst Name,Last Name\nAda,Lovelace";
        let layout = find_layout(text, None);
        assert_eq!(layout.preamble_lines, 3);
        assert_eq!(layout.header, vec!["First Name", "Last Name"]);
        assert_eq!(text.get(layout.data_start..), Some(&b"Ada,Lovelace"[..]));
    }

    /// Records as lists of fields, the way the old csv-core loop saw them.
    #[derive(Default, Debug, PartialEq)]
    struct Collect {
        field: Vec<u8>,
        record: Vec<Vec<u8>>,
        records: Vec<Vec<Vec<u8>>>,
    }

    impl FieldSink for Collect {
        fn chunk(&mut self, bytes: &[u8]) {
            self.field.extend_from_slice(bytes);
        }
        fn end_field(&mut self) {
            self.record.push(std::mem::take(&mut self.field));
        }
        fn end_record(&mut self) {
            self.records.push(std::mem::take(&mut self.record));
        }
    }

    fn with_csv_core(input: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut rdr = ReaderBuilder::new().delimiter(delimiter).build();
        let mut out = [0u8; 7];
        let mut sink = Collect::default();
        let mut input = input;
        loop {
            let (res, nin, nout) = rdr.read_field(input, &mut out);
            input = input.get(nin..).unwrap_or_default();
            sink.chunk(out.get(..nout).unwrap_or_default());
            match res {
                ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
                ReadFieldResult::Field { record_end } => {
                    sink.end_field();
                    if record_end {
                        sink.end_record();
                    }
                }
                ReadFieldResult::End => break,
            }
        }
        sink.records
    }

    fn with_records(input: &[u8], delimiter: u8, piece: usize) -> Vec<Vec<Vec<u8>>> {
        let mut parser = Records::new(delimiter);
        let mut sink = Collect::default();
        for part in input.chunks(piece.max(1)) {
            parser.feed(part, &mut sink);
        }
        parser.finish(&mut sink);
        sink.records
    }

    #[test]
    fn the_fast_splitter_reads_tricky_csv_like_csv_core() {
        let cases: [&[u8]; 12] = [
            b"a,b\nc,d",
            b"a,b\r\n\r\n\nc,\"d\"\"e\",\n",
            b"\"multi\nline\",x\r",
            b"\"ab\"cd,e\n",
            b"x\"y\",z\n",
            b",,\n,\n",
            b"\"unterminated",
            b"\xEF\xBB\xBFa,b\n",
            b"\"\"\"\"\n\"\",\"\"",
            b"a\rb\r\nc",
            b"",
            b"\n\n",
        ];
        for case in cases {
            for piece in [1, 2, 3, 64] {
                if case.starts_with(b"\xEF") && piece < 3 {
                    // Like csv-core, a BOM is only dropped when the first read holds it.
                    continue;
                }
                assert_eq!(
                    with_records(case, b',', piece),
                    with_csv_core(case, b','),
                    "{:?} in pieces of {piece}",
                    String::from_utf8_lossy(case)
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_splitter_agrees_with_csv_core(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b',', b';', b'"', b'\n', b'\r', b' ', 0xC3]),
                0..80,
            ),
            piece in 1usize..9,
            semicolon in proptest::bool::ANY,
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            proptest::prop_assert_eq!(
                with_records(&bytes, delimiter, piece),
                with_csv_core(&bytes, delimiter)
            );
        }
    }

    #[test]
    fn delimiters_are_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a,b,c"), b',');
        assert_eq!(sniff_delimiter(b"\"a,b\"\t\"c\""), b'\t');
        assert_eq!(sniff_delimiter(b"a;b;c"), b';');
        assert_eq!(sniff_delimiter(b"single"), b',');
    }
}
