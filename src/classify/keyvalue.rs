//! The `key: value` block form of `LearningCoachMessages.csv` (Complete exports, 2026-05):
//!
//! ```text
//! conversation: 3f2c…-uuid
//! timestamp: 1767811582000
//! user: what is azure data factory
//! coach: REDACTED FOR DMA COMPLIANCE
//!
//! conversation: …
//! ```
//!
//! Not a CSV, despite the name: read as one, its first line became a header made of a UUID.
//! One block is one record. Its values go through the same per-record path as CSV fields
//! ([`FileAcc`]), in the order of the catalog entry's `key_value_keys`, so every measure and
//! any per-record sink sees them exactly as it sees a table's rows.

use super::feed::Feeder;
use super::record::FileAcc;

/// Whether the file's first non-blank line starts with one of `keys` and `:`.
pub fn looks_like_blocks(head: &[u8], keys: &[String]) -> bool {
    let first = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find(|l| !l.trim_ascii().is_empty());
    first.is_some_and(|line| key_of(line, keys).is_some())
}

/// The index in `keys` of the key a line starts with (`key:`), if any.
fn key_of(line: &[u8], keys: &[String]) -> Option<usize> {
    let colon = memchr::memchr(b':', line)?;
    let name = line.get(..colon)?.trim_ascii();
    keys.iter()
        .position(|k| k.as_bytes().eq_ignore_ascii_case(name))
}

/// A record being gathered: one value per key, each kept up to the field limit.
struct Block {
    values: Vec<Option<Vec<u8>>>,
    /// The key of the last value, which continuation lines extend.
    last: Option<usize>,
    /// Blank lines seen since the last line with text, joined back into a value if more of
    /// it follows (an answer with paragraphs).
    blanks: usize,
    truncated: u64,
}

impl Block {
    fn new(width: usize) -> Block {
        Block {
            values: vec![None; width],
            last: None,
            blanks: 0,
            truncated: 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }

    fn push(&mut self, key: usize, bytes: &[u8], max_field: usize) {
        if let Some(slot) = self.values.get_mut(key) {
            let value = slot.get_or_insert_with(Vec::new);
            let room = max_field.saturating_sub(value.len());
            if bytes.len() > room {
                self.truncated += 1;
            }
            value.extend_from_slice(bytes.get(..room).unwrap_or(bytes));
        }
    }
}

/// Reads every block into `acc`. `keys` are the catalog's keys; the timestamp key's epoch
/// milliseconds are handed on as `YYYY-MM-DD HH:MM:SS UTC`, the form of the chat files'
/// `DATE` column. Returns how many values were longer than the field limit.
pub fn read_records(
    feeder: &mut Feeder<'_>,
    acc: &mut FileAcc<'_>,
    keys: &[String],
    max_field: usize,
) -> u64 {
    let mut block = Block::new(keys.len());
    let mut truncated = 0;
    let mut carry: Vec<u8> = Vec::new();
    // A line with no end in sight is kept only as far as a value can hold (and its key),
    // so a hostile file without line breaks is never held whole; the rest of that line is
    // skipped up to its end. Where reads split the bytes never changes what is kept.
    let cap = max_field.saturating_add(4096);
    let mut skipping = false;
    loop {
        let data = feeder.data();
        let n = data.len();
        let mut rest = data;
        if skipping {
            match memchr::memchr(b'\n', rest) {
                Some(at) => {
                    rest = rest.get(at..).unwrap_or_default();
                    skipping = false;
                }
                None => rest = &[],
            }
        }
        carry.extend_from_slice(rest);
        feeder.consume(n);
        // Whole lines only; the last, unfinished one waits for more bytes.
        let mut start = 0;
        while let Some(nl) = memchr::memchr(b'\n', carry.get(start..).unwrap_or_default()) {
            let line = carry.get(start..start + nl).unwrap_or_default();
            line_into(line, &mut block, acc, keys, max_field, &mut truncated);
            start += nl + 1;
        }
        carry.drain(..start);
        if carry.len() > cap {
            carry.truncate(cap);
            skipping = true;
            truncated += 1;
        }
        if feeder.fill() == 0 {
            break;
        }
    }
    if !carry.is_empty() {
        let line = std::mem::take(&mut carry);
        line_into(&line, &mut block, acc, keys, max_field, &mut truncated);
    }
    finish_block(&mut block, acc, keys, &mut truncated);
    truncated
}

fn line_into(
    line: &[u8],
    block: &mut Block,
    acc: &mut FileAcc<'_>,
    keys: &[String],
    max_field: usize,
    truncated: &mut u64,
) {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.trim_ascii().is_empty() {
        block.blanks += 1;
        return;
    }
    match key_of(line, keys) {
        Some(key) => {
            // A blank line, or a key the block already has, starts the next record.
            let repeated = block.values.get(key).is_some_and(Option::is_some);
            if (block.blanks > 0 || repeated) && !block.is_empty() {
                finish_block(block, acc, keys, truncated);
            }
            let colon = memchr::memchr(b':', line).unwrap_or(0);
            let value = line.get(colon + 1..).unwrap_or_default().trim_ascii();
            // An empty value still marks the key as present.
            block.push(key, value, max_field);
            block.last = Some(key);
        }
        None => {
            // A line without a key continues the last value (a multi-line answer).
            if let Some(key) = block.last {
                let breaks = b"\n".repeat(block.blanks + 1);
                block.push(key, &breaks, max_field);
                block.push(key, line, max_field);
            }
        }
    }
    block.blanks = 0;
}

fn finish_block(block: &mut Block, acc: &mut FileAcc<'_>, keys: &[String], truncated: &mut u64) {
    if block.is_empty() {
        return;
    }
    let width = keys.len();
    let done = std::mem::replace(block, Block::new(width));
    *truncated += done.truncated;
    acc.set_checked(false);
    for (key, value) in keys.iter().zip(done.values) {
        let value = value.unwrap_or_default();
        if key.eq_ignore_ascii_case("timestamp")
            && let Some(text) = epoch_millis_text(&value)
        {
            acc.field(text.as_bytes());
        } else {
            acc.field(&value);
        }
    }
    acc.end_record();
}

/// `1767811582000` (epoch milliseconds) as `2026-01-07 18:46:22 UTC`.
fn epoch_millis_text(value: &[u8]) -> Option<String> {
    let ms: i64 = std::str::from_utf8(value).ok()?.trim().parse().ok()?;
    let ts = jiff::Timestamp::from_millisecond(ms).ok()?;
    Some(ts.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_milliseconds_become_utc_timestamps() {
        assert_eq!(
            epoch_millis_text(b"1767811582000").as_deref(),
            Some("2026-01-07 18:46:22 UTC")
        );
        assert_eq!(epoch_millis_text(b"soon"), None);
    }

    #[test]
    fn blocks_are_told_from_tables_by_their_first_line() {
        let keys: Vec<String> = ["conversation", "timestamp", "user", "coach"]
            .map(String::from)
            .to_vec();
        assert!(looks_like_blocks(
            b"\nconversation: 1a2b\ntimestamp: 1\n",
            &keys
        ));
        assert!(!looks_like_blocks(
            b"CONVERSATION ID,CONVERSATION TITLE\n",
            &keys
        ));
        assert!(!looks_like_blocks(b"No conversations found\n\n", &keys));
    }
}
