//! `Comments.csv`, which no CSV reader can read as written.
//!
//! 2021-2024: a message is quoted only when it holds a comma, so multi-line messages without
//! a comma span several raw lines. 2025+: messages are quoted, but inner quotes are escaped
//! with a backslash instead of doubled. Both eras share one property: every record starts
//! on a new line with `YYYY-MM-DD HH:MM:SS,http`. So records are split there, and each
//! record is `date,link,message` with the message being everything after the second comma.

use super::feed::{CHUNK, Feeder};
use super::record::FileAcc;

fn is_record_start(line: &[u8]) -> bool {
    let Some(head) = line.get(..25) else {
        return false;
    };
    let digit = |i: usize| head.get(i).is_some_and(u8::is_ascii_digit);
    let at = |i: usize, b: u8| head.get(i) == Some(&b);
    (0..4).all(digit)
        && at(4, b'-')
        && digit(5)
        && digit(6)
        && at(7, b'-')
        && digit(8)
        && digit(9)
        && at(10, b' ')
        && digit(11)
        && digit(12)
        && at(13, b':')
        && digit(14)
        && digit(15)
        && at(16, b':')
        && digit(17)
        && digit(18)
        && at(19, b',')
        && head
            .get(20..24)
            .is_some_and(|s| s.eq_ignore_ascii_case(b"http"))
}

/// Removes the quotes around a message and undoes both escape styles (`""` and `\"`).
fn unquote(message: &[u8]) -> Vec<u8> {
    let trimmed = message.trim_ascii_end();
    let Some(inner) = trimmed.strip_prefix(b"\"") else {
        return trimmed.to_vec();
    };
    let inner = inner.strip_suffix(b"\"").unwrap_or(inner);
    let mut out = Vec::with_capacity(inner.len());
    let mut rest = inner;
    // Jumps from one possible escape to the next: most messages have none.
    while let Some(i) = memchr::memchr2(b'\\', b'"', rest) {
        let (before, at) = rest.split_at(i);
        out.extend_from_slice(before);
        match at {
            [_, b'"', after @ ..] => {
                out.push(b'"');
                rest = after;
            }
            [b, after @ ..] => {
                out.push(*b);
                rest = after;
            }
            [] => rest = at,
        }
    }
    out.extend_from_slice(rest);
    out
}

/// Streams the records of a `Comments.csv` (after its header) into `acc`. Returns the
/// number of lines found before the first record, which belong to no record.
pub(super) fn read_records(
    feeder: &mut Feeder<'_>,
    acc: &mut FileAcc<'_>,
    max_field: usize,
) -> u64 {
    let mut record: Vec<u8> = Vec::new();
    let mut overflow: Vec<u8> = Vec::new();
    let mut in_record = false;
    let mut orphan_lines = 0u64;
    let mut at_line_start = true;
    loop {
        if feeder.data().len() < 32 && !feeder.exhausted() {
            feeder.fill();
        }
        let data = feeder.data();
        if data.is_empty() {
            break;
        }
        if at_line_start && is_record_start(data) {
            if in_record {
                emit(&record, &overflow, acc);
            }
            record.clear();
            overflow.clear();
            in_record = true;
        }
        let (piece, newline) = match memchr::memchr(b'\n', data) {
            Some(i) => (data.get(..=i).unwrap_or(data), true),
            None => {
                // Keep reading a long line in bounded pieces.
                let take = data.len().min(CHUNK);
                (data.get(..take).unwrap_or(data), false)
            }
        };
        let len = piece.len();
        if in_record {
            let room = max_field.saturating_sub(record.len());
            let (keep, rest) = piece.split_at(room.min(len));
            record.extend_from_slice(keep);
            // Beyond the limit only the amount matters; keep a bounded tail for counting.
            if !rest.is_empty() {
                acc_overflow(&mut overflow, rest);
            }
        } else if newline && at_line_start {
            orphan_lines += 1;
        }
        at_line_start = newline;
        feeder.consume(len);
    }
    if in_record {
        emit(&record, &overflow, acc);
    }
    orphan_lines
}

fn acc_overflow(overflow: &mut Vec<u8>, rest: &[u8]) {
    // Bounded: the overflow is only used to count characters and words.
    if overflow.len() < CHUNK {
        overflow.extend_from_slice(rest.get(..CHUNK - overflow.len()).unwrap_or(rest));
    }
}

fn emit(record: &[u8], overflow: &[u8], acc: &mut FileAcc<'_>) {
    let (date, rest) = record.split_at(19.min(record.len()));
    let rest = rest.strip_prefix(b",").unwrap_or(rest);
    let (link, message) = match memchr::memchr(b',', rest) {
        Some(i) => (
            rest.get(..i).unwrap_or(rest),
            rest.get(i + 1..).unwrap_or_default(),
        ),
        None => (rest.trim_ascii_end(), &b""[..]),
    };
    // One UTF-8 check for the record instead of one per field; unquoting only drops ASCII
    // bytes, so it keeps the message valid.
    acc.set_checked(simdutf8::basic::from_utf8(record).is_ok());
    acc.field(date);
    acc.field(link);
    let message = unquote(message);
    if overflow.is_empty() {
        acc.field(&message);
    } else {
        acc.chunk(&message);
        acc.set_checked(false);
        acc.chunk(overflow);
        acc.end_field();
    }
    acc.end_record();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_starts_need_a_timestamp_and_a_link() {
        assert!(is_record_start(
            b"2024-03-17 18:03:34,https://www.linkedin.com/feed/update/x,Congrats"
        ));
        assert!(!is_record_start(b"MSc (2024 graduate)"));
        assert!(!is_record_start(b"2024-03-17 18:03:34,not a link"));
    }

    #[test]
    fn both_escape_styles_are_undone() {
        assert_eq!(
            unquote(br#""Someone called this a \"pitch slap\" and it's accurate.""#),
            br#"Someone called this a "pitch slap" and it's accurate."#.to_vec()
        );
        assert_eq!(
            unquote(b"\"he said \"\"free lunch\"\" wins.\"\r\n"),
            b"he said \"free lunch\" wins.".to_vec()
        );
        assert_eq!(unquote(b"Congrats Ada\r\n"), b"Congrats Ada".to_vec());
    }

    /// The byte-at-a-time unquoting that the memchr one replaced.
    fn unquote_slowly(message: &[u8]) -> Vec<u8> {
        let trimmed = message.trim_ascii_end();
        let Some(inner) = trimmed.strip_prefix(b"\"") else {
            return trimmed.to_vec();
        };
        let inner = inner.strip_suffix(b"\"").unwrap_or(inner);
        let mut out = Vec::new();
        let mut iter = inner.iter().peekable();
        while let Some(&b) = iter.next() {
            if (b == b'\\' || b == b'"') && iter.peek() == Some(&&b'"') {
                out.push(b'"');
                iter.next();
            } else {
                out.push(b);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn fast_unquoting_matches_the_slow_one(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'"', b'\\', b' ', b'\n', b'\r']),
                0..40,
            ),
        ) {
            proptest::prop_assert_eq!(unquote(&bytes), unquote_slowly(&bytes));
        }
    }
}
