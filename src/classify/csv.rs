//! CSV and TSV: finding the header, then streaming records through csv-core.
//!
//! csv-core (the state machine under the `csv` crate) is used directly because it hands out
//! fields piecewise into a fixed buffer: memory stays flat however long a field is, and no
//! allocation happens per field or per record.

use super::feed::{Feeder, SNIFF};
use super::record::FileAcc;
use crate::catalog::FileSpec;
use csv_core::{ReadFieldResult, ReaderBuilder};

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

/// Splits one physical line into fields (quotes respected, no multi-line fields).
pub fn split_line(line: &[u8], delimiter: u8) -> Vec<String> {
    let mut rdr = ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; line.len() + 1];
    let mut field = Vec::new();
    let mut fields = Vec::new();
    let mut input = line;
    let mut finishing = false;
    loop {
        let (res, nin, nout) = rdr.read_field(input, &mut out);
        input = input.get(nin..).unwrap_or_default();
        field.extend_from_slice(out.get(..nout).unwrap_or_default());
        match res {
            ReadFieldResult::Field { record_end } => {
                let text = String::from_utf8_lossy(&field);
                fields.push(text.trim().trim_matches('"').trim().to_string());
                field.clear();
                if record_end {
                    break;
                }
            }
            // An empty input tells csv-core the line is over; give it one, once.
            ReadFieldResult::InputEmpty if input.is_empty() && !finishing => finishing = true,
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull if !finishing => {}
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull | ReadFieldResult::End => {
                break;
            }
        }
    }
    fields
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
pub(super) fn read_records(feeder: &mut Feeder<'_>, delimiter: u8, acc: &mut FileAcc<'_>) {
    let mut rdr = ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; 64 * 1024];
    loop {
        if feeder.data().is_empty() {
            feeder.fill();
        }
        let input = feeder.data();
        let at_end = input.is_empty();
        let (res, nin, nout) = rdr.read_field(input, &mut out);
        feeder.consume(nin);
        if let Some(piece) = out.get(..nout)
            && !piece.is_empty()
        {
            acc.chunk(piece);
        }
        match res {
            ReadFieldResult::InputEmpty => {
                if at_end {
                    // csv-core needs an empty input to flush; it was given one.
                    continue;
                }
            }
            ReadFieldResult::OutputFull => {}
            ReadFieldResult::Field { record_end } => {
                acc.end_field();
                if record_end {
                    acc.end_record();
                }
            }
            ReadFieldResult::End => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn delimiters_are_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a,b,c"), b',');
        assert_eq!(sniff_delimiter(b"\"a,b\"\t\"c\""), b'\t');
        assert_eq!(sniff_delimiter(b"a;b;c"), b';');
        assert_eq!(sniff_delimiter(b"single"), b',');
    }
}
