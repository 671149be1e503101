//! The built-in per-record sink: rows (kept, empty, ragged, placeholder) and records and
//! text per day, the file's timeline.
//!
//! [`super::record::FileAcc`] hands every finished record to it, as it does to the posts
//! collector, through [`RecordSink`]. It is called directly (a concrete field, not a boxed
//! trait object): it runs for every record of every file, messages included, where a
//! virtual call per record would show. What is measured per column as each field ends
//! (non-empty values, text, date spans, shapes) stays with the columns.

use super::sink::{RecordEnd, RecordSink};
use super::{DayTally, TextTally};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Row counts and the timeline of one file.
#[derive(Default)]
pub(super) struct Counters {
    /// Kept records: not empty, not a placeholder.
    pub rows: u64,
    /// Records with no non-empty field.
    pub empty_rows: u64,
    /// Records with another number of fields than the header.
    pub ragged_rows: u64,
    /// Pointer rows ("see the other file") and other placeholders.
    pub placeholder_rows: u64,
    /// Hashed while scanning, sorted once at the end: messages jump between days
    /// (conversation by conversation), and a tree search per day change was 5% of a scan.
    /// Keyed by [`day_key`], one integer, which hashes in a multiply.
    timeline: HashMap<u32, (Option<jiff::civil::Date>, DayTally), BuildHasherDefault<DayHasher>>,
    /// The day of the latest records, added up here and merged into `timeline` when the day
    /// changes: records often come in runs of one day (a conversation, a day's reactions).
    day: Option<(Option<jiff::civil::Date>, DayTally)>,
}

impl RecordSink for Counters {
    type Output = Counters;

    /// Values are measured by the columns; the counters only need the record's summary.
    fn field(&mut self, _: usize, _: &str) {}

    fn end_record(&mut self, record: &RecordEnd) {
        if record.placeholder {
            self.placeholder_rows += 1;
            return;
        }
        if record.ragged {
            self.ragged_rows += 1;
        }
        if !record.kept {
            self.empty_rows += 1;
            return;
        }
        self.rows += 1;
        self.add_to_day(record.date.map(|s| s.date), record.text);
    }

    fn finish(self: Box<Self>) -> Counters {
        *self
    }
}

impl Counters {
    fn add_to_day(&mut self, date: Option<jiff::civil::Date>, text: TextTally) {
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
    }

    fn flush_day(&mut self) {
        if let Some((date, tally)) = self.day.take() {
            let (_, day) = self
                .timeline
                .entry(day_key(date))
                .or_insert((date, DayTally::default()));
            day.records += tally.records;
            day.text.add(tally.text);
        }
    }

    /// Records and text per day, once every record has been seen.
    pub fn take_timeline(&mut self) -> BTreeMap<Option<jiff::civil::Date>, DayTally> {
        self.flush_day();
        // Sorted here, unstably (keys are distinct): collecting straight into the tree ran
        // a stable sort, 2% of a small scan where every row is a new day. By the integer
        // key, which orders as the dates do: comparing `Option<Date>`s cost twice as much.
        let mut days: Vec<_> = std::mem::take(&mut self.timeline).into_iter().collect();
        days.sort_unstable_by_key(|&(key, _)| key);
        days.into_iter().map(|(_, day)| day).collect()
    }
}

/// A day as one integer, distinct for every date and for "no date", and in their order
/// ("no date" first, as `None` sorts): jiff's years are -9999 to 9999, so `year + 10000`
/// is 1 to 19999, above "no date"'s 0, and month and day fit below it.
fn day_key(date: Option<jiff::civil::Date>) -> u32 {
    date.map_or(0, |d| {
        let year = (i32::from(d.year()) + 10_000).cast_unsigned();
        (year << 9)
            | (u32::from(d.month().cast_unsigned()) << 5)
            | u32::from(d.day().cast_unsigned())
    })
}

/// A multiply-rotate hasher for day keys (see [`day_key`]): never attacker-controlled in a
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

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    /// Rotated so the well-mixed middle bits of the product pick the bucket.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Stamp;
    use jiff::civil::date;

    fn end(kept: bool, placeholder: bool, ragged: bool, day: Option<i8>, chars: u64) -> RecordEnd {
        RecordEnd {
            kept,
            placeholder,
            ragged,
            date: day.map(|d| Stamp {
                date: date(2024, 1, d),
                precision: crate::dates::Precision::Day,
            }),
            text: TextTally { chars, words: 1 },
        }
    }

    #[test]
    fn day_keys_are_distinct_and_in_date_order() {
        let mut dates: Vec<Option<jiff::civil::Date>> = vec![None];
        for year in [-9999, -1, 0, 1, 1970, 2024, 9999] {
            for (month, day) in [(1, 1), (2, 29), (12, 31)] {
                if let Ok(d) = jiff::civil::Date::new(year, month, day) {
                    dates.push(Some(d));
                }
            }
        }
        let keys: Vec<u32> = dates.iter().map(|&d| day_key(d)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    }

    #[test]
    fn records_are_counted_by_kind_and_added_up_per_day() {
        let mut c = Counters::default();
        for r in [
            end(true, false, false, Some(1), 10),
            end(true, false, true, Some(1), 5),
            end(false, false, false, None, 0),
            end(false, true, false, None, 0),
            end(true, false, false, Some(2), 7),
            end(true, false, false, Some(1), 1),
            end(true, false, false, None, 3),
        ] {
            c.end_record(&r);
        }
        assert_eq!(
            (c.rows, c.empty_rows, c.ragged_rows, c.placeholder_rows),
            (5, 1, 1, 1)
        );
        let days: Vec<(Option<i8>, u64, u64)> = c
            .take_timeline()
            .into_iter()
            .map(|(d, t)| (d.map(|d| d.day()), t.records, t.text.chars))
            .collect();
        assert_eq!(days, [(None, 1, 3), (Some(1), 3, 16), (Some(2), 1, 7)]);
    }
}
