//! Dates and times as LinkedIn writes them in a data export.
//!
//! The export uses nineteen shapes: a different one per file, and often per year. Section 3 of
//! `linkedin-export-format.md` lists them as ids `A` to `S`, and [`DateFormat`] uses the same
//! ids. The report needs three things from a date column: the span of time it covers, how many
//! values could not be read, and how many are far out of range. So every value becomes a civil
//! date plus the [`Precision`] it was written with. Times of day are checked, so that a
//! malformed value counts as unreadable, and then dropped. Most shapes carry no zone, and nothing
//! downstream needs more than the day. Dates are taken as UTC.
//!
//! The parsers run on every cell of files with millions of rows. They are written by hand over
//! bytes, with no regex and no allocation. The fixed-width shapes (`A`, `E`, `F`, `G`, `H`, `I`,
//! `O`, `P`) are matched by byte position with slice patterns, so a value of the wrong length is
//! turned away by its first comparison. Shapes with variable-width fields use a small
//! cursor. Shapes buried in prose (`N`, `Q`, `R`) find their anchor with `memchr` first.

use crate::vocab::vocabulary;
use jiff::civil::Date;
use serde::Deserialize;
use shapes::{
    parse_a, parse_b, parse_c, parse_d, parse_h, parse_i, parse_j, parse_k, parse_l, parse_m,
    parse_n, parse_q, parse_r, parse_s, parse_ymd_hms, ymd_at,
};

mod fields;
mod shapes;

vocabulary! {
    /// One date or time shape from the catalogue in `linkedin-export-format.md`, section 3.
    ///
    /// The catalog names it by its one-letter id (`"A"` .. `"S"`), the same as
    /// [`DateFormat::id`]; serde reads the variant names, which are those ids.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
    pub enum DateFormat {
        /// `DD Mon YYYY`, e.g. `04 Jul 2023` (Connections, 2020+). Also reads a one-digit day and
        /// the `4-Apr-21` shape that Excel writes when a user re-saves the file.
        A = "A",
        /// `M/D/YY, h:mm AM`, unpadded, e.g. `6/17/23, 6:18 AM` (Invitations, Registration, 2018
        /// files, ...). Padded values and four-digit years are read too.
        B = "B",
        /// `MM/DD/YY, hh:mm AM`, zero-padded, e.g. `04/15/24, 09:25 PM` (Recommendations).
        C = "C",
        /// `MM/DD/YY hh:mm AM UTC`, e.g. `03/11/26 04:41 PM UTC` (Receipts_v2).
        D = "D",
        /// `YYYY-MM-DD HH:MM:SS UTC`, e.g. `2023-07-10 15:47:10 UTC` (messages).
        E = "E",
        /// `YYYY/MM/DD HH:MM:SS UTC`, e.g. `2021/12/16 12:56:17 UTC` (Endorsements, SearchQueries,
        /// the 2018 UTF-16 family).
        F = "F",
        /// `YYYY-MM-DD HH:MM:SS` without a zone, e.g. `2024-03-17 18:03:34` (Comments, Reactions,
        /// Shares, ...).
        G = "G",
        /// Java `Date.toString`, e.g. `Tue Jun 20 12:25:51 UTC 2023` (Company Follows, Logins
        /// 2024+).
        H = "H",
        /// `YYYY-MM-DD HH:MM UTC`, e.g. `2018-09-16 14:44 UTC` (Learning).
        I = "I",
        /// `Mon YYYY` or a bare `YYYY`, e.g. `Nov 2022`, `2015` (Positions, Education, ...).
        J = "J",
        /// `Mon D, YYYY`, e.g. `Apr 9, 2020` (Publications; the 2018 Profile birth date).
        K = "K",
        /// `Mon D` without a year, e.g. `Mar 9` (Profile birth date, 2022+).
        L = "L",
        /// A range in one field, `Mon DD, YYYY hh:mm AM - Mon DD, YYYY hh:mm AM` (Events).
        M = "M",
        /// Prose, e.g. `You uploaded a profile photo on January 15, 2026 at 11:39 PM (GMT)`
        /// (Rich_Media).
        N = "N",
        /// `YYYY/MM/DD`, e.g. `2025/10/09` (LAN Ads Engagement).
        O = "O",
        /// `YYYY-MM-DD`, e.g. `2024-10-07` (Verifications).
        P = "P",
        /// A range inside free text: `2019-01-01 - 2020-03-01`, open `2016-04-01 - `, or
        /// month-precise `2016-04-null - 2024-12-null` (job application answers).
        Q = "Q",
        /// Article HTML lines: `Created on 2025-06-26 17:27`, `Published on 2025-07-01 17:15`,
        /// `Published on ---`, `Not published yet`.
        R = "R",
        /// Article file names: `2025-11-21 17:31:01.0-TOON vs JSON.html`,
        /// `2025-06-30 00:40:54.0.html`, the Windows form `2025-11-21 17_31_01.0-...`, and the
        /// 2018 form `2017-12-09 04:54:08.html`. Slug names carry no date and do not parse.
        S = "S",
    }
}

/// How much of a point in time a value states. Ordered from coarse to fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year, e.g. `2015`. The date is 1 January.
    Year,
    /// Year and month, e.g. `Nov 2022` or `2016-04-null`. The date is the 1st of the month.
    Month,
    /// A calendar day.
    Day,
    /// A day with hour and minute. The time was checked and dropped.
    Minute,
    /// A day with hour, minute and second. The time was checked and dropped.
    Second,
}

/// A point on the timeline: the civil date (UTC assumed) and how precisely it was written.
///
/// Ordered by date first. Precision only breaks ties, to stay consistent with `Eq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// The calendar date. For [`Precision::Year`] and [`Precision::Month`] it is the first day
    /// of the period.
    pub date: Date,
    /// How much of the date (and time) the source value stated.
    pub precision: Precision,
}

impl PartialOrd for Stamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Stamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.date, self.precision).cmp(&(other.date, other.precision))
    }
}

/// What one value parsed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed {
    /// A single point in time.
    Stamp(Stamp),
    /// A start and an end. `None` as the end means the range is open (format `Q`).
    Range(Stamp, Option<Stamp>),
    /// A day of the year without a year: a birthday (format `L`).
    NoYear {
        /// Month, 1 to 12.
        month: i8,
        /// Day of the month, 1 to 31. 29 February is allowed.
        day: i8,
    },
    /// A null marker such as an empty cell, `N/A` or `Published on ---`.
    Null,
}

impl Parsed {
    /// The 0, 1 or 2 stamps this value places on the timeline. `NoYear` and `Null` give none.
    pub fn stamps(&self) -> impl Iterator<Item = Stamp> + use<> {
        let (first, second) = match *self {
            Self::Stamp(s) => (Some(s), None),
            Self::Range(start, end) => (Some(start), end),
            Self::NoYear { .. } | Self::Null => (None, None),
        };
        first.into_iter().chain(second)
    }
}

/// Parses `s` as `format`. Returns `None` if `s` is not in that format.
///
/// Surrounding ASCII whitespace is ignored. A null marker (see [`is_null_marker`]) gives
/// `Some(Parsed::Null)` in every format, so a column of `N/A` does not count as unreadable.
/// Invalid calendar dates (30 February) and invalid times (hour 25) give `None`. Two-digit years
/// are 20YY, because exports only exist from 2015 on.
pub fn parse(format: DateFormat, s: &str) -> Option<Parsed> {
    let b = s.as_bytes().trim_ascii();
    if is_null_bytes(b) {
        return Some(Parsed::Null);
    }
    parse_trimmed(format, b)
}

/// Parses `s` with the first of `formats` that accepts it.
///
/// For a column whose format changed over the years, e.g. Connections (`B` in 2018, `A` later).
pub fn parse_any_of(formats: &[DateFormat], s: &str) -> Option<Parsed> {
    parse_any_of_bytes(formats, s.as_bytes())
}

/// [`parse_any_of`] for bytes: every format is ASCII, so a value need not be checked as
/// UTF-8 before it can be read as a date (the per-record path saves that check).
pub fn parse_any_of_bytes(formats: &[DateFormat], s: &[u8]) -> Option<Parsed> {
    let b = s.trim_ascii();
    if is_null_bytes(b) {
        return Some(Parsed::Null);
    }
    formats.iter().find_map(|&f| parse_trimmed(f, b))
}

/// Guesses the format of one value from a file whose columns are not known in advance.
///
/// Shapes are tried from the most specific to the least. The first byte picks the candidates,
/// so most values are settled by one or two length checks. Null markers give `None`, because they
/// say nothing about the format. Bare numbers are never taken for dates: a year alone (`2015`)
/// is only read through `parse(DateFormat::J, ..)`. Phone numbers and IP addresses do not match
/// any shape. `C` is tried before `B`, because every `C` value is also a valid `B` value. A
/// caller voting over a column that sees both should choose `B`.
pub fn sniff(s: &str) -> Option<(DateFormat, Parsed)> {
    use DateFormat::{A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S};
    // Prose and ranges (N, R, Q) can start with anything, so they come last in every list.
    const DIGIT_FIRST: [DateFormat; 13] = [G, E, F, I, P, O, S, A, D, C, B, R, Q];
    const ALPHA_FIRST: [DateFormat; 8] = [H, K, M, J, L, N, R, Q];
    const OTHER_FIRST: [DateFormat; 3] = [N, R, Q];

    let b = s.as_bytes().trim_ascii();
    if is_null_bytes(b) {
        return None;
    }
    let order: &[DateFormat] = match b.first() {
        Some(c) if c.is_ascii_digit() => &DIGIT_FIRST,
        Some(c) if c.is_ascii_alphabetic() => &ALPHA_FIRST,
        _ => &OTHER_FIRST,
    };
    order.iter().find_map(|&f| {
        let parsed = parse_trimmed(f, b)?;
        // A bare year is also a bare integer. Those are counts and ids far more often than dates.
        if let Parsed::Stamp(Stamp {
            precision: Precision::Year,
            ..
        }) = parsed
        {
            return None;
        }
        Some((f, parsed))
    })
}

/// True for the values LinkedIn writes instead of a missing date.
///
/// These are: empty, `N/A`, `---`, `null`, `Not published yet` and ` -`. Surrounding ASCII
/// whitespace is ignored, and the words match in any case.
pub fn is_null_marker(s: &str) -> bool {
    is_null_bytes(s.as_bytes().trim_ascii())
}

/// True if the stamp's year is in 1900..=2100.
///
/// Values outside parse but are "far out of range". The caller counts them as a problem and
/// leaves them out of date ranges, so that one `9999-12-31` does not stretch a timeline.
pub fn plausible(stamp: &Stamp) -> bool {
    (1900..=2100).contains(&stamp.date.year())
}

/// [`is_null_marker`] on bytes that are already trimmed.
fn is_null_bytes(b: &[u8]) -> bool {
    const MARKERS: [&[u8]; 6] = [b"", b"n/a", b"---", b"null", b"not published yet", b"-"];
    // The length check keeps long cells, such as message bodies, from being compared at all.
    b.len() <= 17 && MARKERS.iter().any(|m| m.eq_ignore_ascii_case(b))
}

fn parse_trimmed(format: DateFormat, b: &[u8]) -> Option<Parsed> {
    use DateFormat::{A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S};
    match format {
        A => parse_a(b).map(Parsed::Stamp),
        B => parse_b(b).map(Parsed::Stamp),
        C => parse_c(b).map(Parsed::Stamp),
        D => parse_d(b).map(Parsed::Stamp),
        E => parse_ymd_hms(b.strip_suffix(b" UTC")?, b'-').map(Parsed::Stamp),
        F => parse_ymd_hms(b.strip_suffix(b" UTC")?, b'/').map(Parsed::Stamp),
        G => parse_ymd_hms(b, b'-').map(Parsed::Stamp),
        H => parse_h(b).map(Parsed::Stamp),
        I => parse_i(b).map(Parsed::Stamp),
        J => parse_j(b).map(Parsed::Stamp),
        K => parse_k(b).map(Parsed::Stamp),
        L => parse_l(b),
        M => parse_m(b),
        N => parse_n(b).map(Parsed::Stamp),
        O => day_stamp(ymd_at(b, b'/')?),
        P => day_stamp(ymd_at(b, b'-')?),
        Q => parse_q(b),
        R => parse_r(b),
        S => parse_s(b).map(Parsed::Stamp),
    }
}

fn day_stamp(date: Date) -> Option<Parsed> {
    Some(Parsed::Stamp(stamp(date, Precision::Day)))
}

fn stamp(date: Date, precision: Precision) -> Stamp {
    Stamp { date, precision }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).expect("valid test date")
    }

    pub(super) fn st(y: i16, m: i8, day: i8, precision: Precision) -> Stamp {
        stamp(d(y, m, day), precision)
    }

    pub(super) fn one(format: DateFormat, s: &str) -> Stamp {
        match parse(format, s) {
            Some(Parsed::Stamp(s)) => s,
            other => panic!("{format:?} {s:?}: expected a stamp, got {other:?}"),
        }
    }

    #[track_caller]
    pub(super) fn rejects(format: DateFormat, inputs: &[&str]) {
        for s in inputs {
            assert_eq!(parse(format, s), None, "{format:?} accepted {s:?}");
        }
    }

    use DateFormat::{A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S};
    use Precision::{Day, Minute, Month, Second, Year};

    #[test]
    fn ids_round_trip() {
        for f in DateFormat::ALL {
            assert_eq!(DateFormat::from_id(f.id()), Some(f));
        }
        assert_eq!(DateFormat::from_id("T"), None);
        assert_eq!(DateFormat::from_id(""), None);
        assert_eq!(DateFormat::A.id(), "A");
        assert_eq!(DateFormat::S.id(), "S");
    }

    #[test]
    fn null_markers() {
        for s in [
            "",
            "  ",
            "N/A",
            "n/a",
            "---",
            "null",
            "NULL",
            "Not published yet",
            " -",
        ] {
            assert!(is_null_marker(s), "{s:?}");
            for f in DateFormat::ALL {
                assert_eq!(parse(f, s), Some(Parsed::Null), "{f:?} {s:?}");
            }
            assert_eq!(parse_any_of(&[G, E], s), Some(Parsed::Null));
            assert_eq!(sniff(s), None, "{s:?}");
        }
        for s in ["0", "None", "--", "nul", "2024-01-01"] {
            assert!(!is_null_marker(s), "{s:?}");
        }
    }

    #[test]
    fn any_of_takes_first_match() {
        assert_eq!(
            parse_any_of(&[A, B], "1/8/18, 6:14 PM"),
            Some(Parsed::Stamp(st(2018, 1, 8, Minute)))
        );
        assert_eq!(
            parse_any_of(&[A, B], "04 Jul 2023"),
            Some(Parsed::Stamp(st(2023, 7, 4, Day)))
        );
        assert_eq!(parse_any_of(&[A, B], "2023-07-04"), None);
        assert_eq!(parse_any_of(&[], "2023-07-04"), None);
    }

    #[test]
    fn sniff_recognises_examples() {
        let cases: [(&str, DateFormat); 18] = [
            ("04 Jul 2023", A),
            ("6/17/23, 6:18 AM", B),
            ("04/15/24, 09:25 PM", C),
            ("03/11/26 04:41 PM UTC", D),
            ("2023-07-10 15:47:10 UTC", E),
            ("2021/12/16 12:56:17 UTC", F),
            ("2024-03-17 18:03:34", G),
            ("Tue Jun 20 12:25:51 UTC 2023", H),
            ("2018-09-16 14:44 UTC", I),
            ("Nov 2022", J),
            ("Apr 9, 2020", K),
            ("May 07, 2022 08:00 AM - May 07, 2022 11:00 AM", M),
            (
                "You uploaded a profile photo on January 15, 2026 at 11:39 PM (GMT)",
                N,
            ),
            ("2025/10/09", O),
            ("2024-10-07", P),
            (
                "Dates of employment:2016-04-null - 2024-12-null | Company:Globex",
                Q,
            ),
            ("Created on 2025-06-26 17:27", R),
            ("2025-11-21 17:31:01.0-TOON vs JSON.html", S),
        ];
        for (s, want) in cases {
            let got = sniff(s).map(|(f, _)| f);
            assert_eq!(got, Some(want), "{s:?}");
            assert_eq!(sniff(s).map(|(_, p)| p), parse(want, s), "{s:?}");
        }
        assert_eq!(sniff("2019-01-01 - 2020-03-01").map(|(f, _)| f), Some(Q));
        assert_eq!(sniff("2016-04-01 - ").map(|(f, _)| f), Some(Q));
        assert_eq!(sniff("Mar 9").map(|(f, _)| f), Some(L));
        assert_eq!(sniff("2017-12-09 04:54:08.html").map(|(f, _)| f), Some(S));
    }

    #[test]
    fn sniff_rejects_non_dates() {
        for s in [
            "2015",
            "123",
            "0",
            "+1 4155550123",
            " +49 30 1234567",
            "14055550123",
            "192.0.2.10",
            "2001:db8:2eeb:c7db:0:0:8bbc:7e7f",
            "hello",
            "Yes",
            "true",
            "ACCEPTED",
            "7170000000000000001",
            "29.99",
            "https://www.linkedin.com/in/ada-lovelace-0a1b2c3d",
            "creating-living-manual-ada-lovelace-8bzrc.html",
            "2-ZmFrZTAwMDEtYWFhYS00YmJiLWNjY2MtZGRkZGRkZGRkZGRkXzAxMA==",
        ] {
            assert_eq!(sniff(s), None, "{s:?}");
        }
    }

    #[test]
    fn plausibility() {
        let at = |y| st(y, 6, 1, Day);
        assert!(!plausible(&at(1899)));
        assert!(plausible(&at(1900)));
        assert!(plausible(&at(2023)));
        assert!(plausible(&at(2100)));
        assert!(!plausible(&at(2101)));
        let far = one(G, "9999-12-31 23:59:59");
        assert_eq!(far, st(9999, 12, 31, Second));
        assert!(!plausible(&far));
    }

    #[test]
    fn stamps_and_order() {
        let a = st(2020, 1, 1, Day);
        let b = st(2021, 1, 1, Month);
        assert_eq!(Parsed::Stamp(a).stamps().collect::<Vec<_>>(), [a]);
        assert_eq!(
            Parsed::Range(a, Some(b)).stamps().collect::<Vec<_>>(),
            [a, b]
        );
        assert_eq!(Parsed::Range(a, None).stamps().collect::<Vec<_>>(), [a]);
        assert_eq!(Parsed::NoYear { month: 3, day: 9 }.stamps().count(), 0);
        assert_eq!(Parsed::Null.stamps().count(), 0);
        assert!(a < b);
        assert!(st(2020, 1, 1, Day) < st(2020, 1, 1, Second));
        assert!(st(2020, 1, 2, Year) > st(2020, 1, 1, Second));
        assert!(Precision::Year < Precision::Month && Precision::Minute < Precision::Second);
    }

    #[test]
    fn serde_uses_ids() {
        // serde_json is not a dependency here, so check through serde's own value types.
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        for f in DateFormat::ALL {
            let de: StrDeserializer<'_, Error> = f.id().into_deserializer();
            assert_eq!(DateFormat::deserialize(de), Ok(f));
        }
    }

    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    fn any_format() -> impl Strategy<Value = DateFormat> {
        proptest::sample::select(DateFormat::ALL.to_vec())
    }

    fn any_date(years: std::ops::RangeInclusive<i16>) -> impl Strategy<Value = Date> {
        (years, 1i8..=12, 1i8..=31)
            .prop_filter_map("valid date", |(y, m, d)| Date::new(y, m, d).ok())
    }

    proptest! {
        #[test]
        fn parse_never_panics(f in any_format(), s in any::<String>()) {
            let _ = parse(f, &s);
        }

        #[test]
        fn parse_never_panics_on_date_like_text(
            f in any_format(),
            s in "[0-9A-Za-z :/,.\\-_]{0,40}",
        ) {
            let _ = parse(f, &s);
            let _ = sniff(&s);
        }

        #[test]
        fn sniff_never_panics(s in any::<String>()) {
            let _ = sniff(&s);
        }

        #[test]
        fn sniff_never_takes_integers(n in any::<u64>()) {
            prop_assert_eq!(sniff(&n.to_string()), None);
        }

        #[test]
        fn round_trip(
            date in any_date(1000..=9999),
            h in 0i8..=23, mi in 0i8..=59, s in 0i8..=59,
        ) {
            let (y, m, d) = (date.year(), date.month(), date.day());
            let mon = MONTHS.get(usize::from(m.unsigned_abs() - 1)).expect("month");
            let wd = WEEKDAYS
                .get(usize::from(date.weekday().to_monday_zero_offset().unsigned_abs()))
                .expect("weekday");
            let cases = [
                (G, format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}"), Second),
                (E, format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC"), Second),
                (F, format!("{y:04}/{m:02}/{d:02} {h:02}:{mi:02}:{s:02} UTC"), Second),
                (P, format!("{y:04}-{m:02}-{d:02}"), Day),
                (O, format!("{y:04}/{m:02}/{d:02}"), Day),
                (A, format!("{d:02} {mon} {y:04}"), Day),
                (H, format!("{wd} {mon} {d:02} {h:02}:{mi:02}:{s:02} UTC {y:04}"), Second),
            ];
            for (f, text, precision) in cases {
                prop_assert_eq!(
                    parse(f, &text),
                    Some(Parsed::Stamp(stamp(date, precision))),
                    "{:?} {}", f, text
                );
                prop_assert_eq!(sniff(&text), Some((f, Parsed::Stamp(stamp(date, precision)))));
            }
        }

        #[test]
        fn round_trip_b(date in any_date(2000..=2099), h in 1i8..=12, mi in 0i8..=59, pm in any::<bool>()) {
            let (m, d, yy) = (date.month(), date.day(), date.year() - 2000);
            let ampm = if pm { "PM" } else { "AM" };
            let text = format!("{m}/{d}/{yy:02}, {h}:{mi:02} {ampm}");
            let want = Parsed::Stamp(stamp(date, Precision::Minute));
            prop_assert_eq!(parse(B, &text), Some(want));
            prop_assert_eq!(sniff(&text).map(|(_, p)| p), Some(want));
        }
    }
}
