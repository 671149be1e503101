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

use jiff::civil::Date;
use memchr::memmem;
use serde::Deserialize;

/// One date or time shape from the catalogue in `linkedin-export-format.md`, section 3.
///
/// The catalog names it by its one-letter id (`"A"` .. `"S"`), the same as [`DateFormat::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum DateFormat {
    /// `DD Mon YYYY`, e.g. `04 Jul 2023` (Connections, 2020+). Also reads a one-digit day and
    /// the `4-Apr-21` shape that Excel writes when a user re-saves the file.
    A,
    /// `M/D/YY, h:mm AM`, unpadded, e.g. `6/17/23, 6:18 AM` (Invitations, Registration, 2018
    /// files, ...). Padded values and four-digit years are read too.
    B,
    /// `MM/DD/YY, hh:mm AM`, zero-padded, e.g. `04/15/24, 09:25 PM` (Recommendations).
    C,
    /// `MM/DD/YY hh:mm AM UTC`, e.g. `03/11/26 04:41 PM UTC` (Receipts_v2).
    D,
    /// `YYYY-MM-DD HH:MM:SS UTC`, e.g. `2023-07-10 15:47:10 UTC` (messages).
    E,
    /// `YYYY/MM/DD HH:MM:SS UTC`, e.g. `2021/12/16 12:56:17 UTC` (Endorsements, SearchQueries,
    /// the 2018 UTF-16 family).
    F,
    /// `YYYY-MM-DD HH:MM:SS` without a zone, e.g. `2024-03-17 18:03:34` (Comments, Reactions,
    /// Shares, ...).
    G,
    /// Java `Date.toString`, e.g. `Tue Jun 20 12:25:51 UTC 2023` (Company Follows, Logins
    /// 2024+).
    H,
    /// `YYYY-MM-DD HH:MM UTC`, e.g. `2018-09-16 14:44 UTC` (Learning).
    I,
    /// `Mon YYYY` or a bare `YYYY`, e.g. `Nov 2022`, `2015` (Positions, Education, ...).
    J,
    /// `Mon D, YYYY`, e.g. `Apr 9, 2020` (Publications; the 2018 Profile birth date).
    K,
    /// `Mon D` without a year, e.g. `Mar 9` (Profile birth date, 2022+).
    L,
    /// A range in one field, `Mon DD, YYYY hh:mm AM - Mon DD, YYYY hh:mm AM` (Events).
    M,
    /// Prose, e.g. `You uploaded a profile photo on January 15, 2026 at 11:39 PM (GMT)`
    /// (Rich_Media).
    N,
    /// `YYYY/MM/DD`, e.g. `2025/10/09` (LAN Ads Engagement).
    O,
    /// `YYYY-MM-DD`, e.g. `2024-10-07` (Verifications).
    P,
    /// A range inside free text: `2019-01-01 - 2020-03-01`, open `2016-04-01 - `, or
    /// month-precise `2016-04-null - 2024-12-null` (job application answers).
    Q,
    /// Article HTML lines: `Created on 2025-06-26 17:27`, `Published on 2025-07-01 17:15`,
    /// `Published on ---`, `Not published yet`.
    R,
    /// Article file names: `2025-11-21 17:31:01.0-TOON vs JSON.html`,
    /// `2025-06-30 00:40:54.0.html`, the Windows form `2025-11-21 17_31_01.0-...`, and the
    /// 2018 form `2017-12-09 04:54:08.html`. Slug names carry no date and do not parse.
    S,
}

impl DateFormat {
    /// Every format, in id order.
    pub const ALL: [DateFormat; 19] = [
        Self::A,
        Self::B,
        Self::C,
        Self::D,
        Self::E,
        Self::F,
        Self::G,
        Self::H,
        Self::I,
        Self::J,
        Self::K,
        Self::L,
        Self::M,
        Self::N,
        Self::O,
        Self::P,
        Self::Q,
        Self::R,
        Self::S,
    ];

    /// The one-letter id used by the reference document and in serialised output.
    pub fn id(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
            Self::D => "D",
            Self::E => "E",
            Self::F => "F",
            Self::G => "G",
            Self::H => "H",
            Self::I => "I",
            Self::J => "J",
            Self::K => "K",
            Self::L => "L",
            Self::M => "M",
            Self::N => "N",
            Self::O => "O",
            Self::P => "P",
            Self::Q => "Q",
            Self::R => "R",
            Self::S => "S",
        }
    }

    /// The format with this exact id (`"A"` .. `"S"`), or `None`.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.id() == id)
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

// ---------------------------------------------------------------------------------------------
// Digits, calendar and clock

#[inline]
fn digit(b: u8) -> Option<u8> {
    let d = b.wrapping_sub(b'0');
    (d < 10).then_some(d)
}

/// Two ASCII digits as a number, 0..=99.
#[inline]
fn two(a: u8, b: u8) -> Option<i8> {
    // At most 99, so the cast cannot wrap.
    Some((digit(a)? * 10 + digit(b)?) as i8)
}

#[inline]
fn four(a: u8, b: u8, c: u8, d: u8) -> Option<i16> {
    Some(i16::from(two(a, b)?) * 100 + i16::from(two(c, d)?))
}

/// A valid calendar date, or `None`.
#[inline]
fn ymd(year: i16, month: i8, day: i8) -> Option<Date> {
    // jiff builds an error value on failure. Common garbage is turned away here without one.
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// Checks a 24-hour time. Second 60 is allowed for leap seconds.
#[inline]
fn hms(hour: i8, minute: i8, second: i8) -> Option<()> {
    (hour <= 23 && minute <= 59 && second <= 60).then_some(())
}

/// Three ASCII letters as a month number, in any case.
#[inline]
fn month3(a: u8, b: u8, c: u8) -> Option<i8> {
    let m = match [
        a.to_ascii_lowercase(),
        b.to_ascii_lowercase(),
        c.to_ascii_lowercase(),
    ] {
        [b'j', b'a', b'n'] => 1,
        [b'f', b'e', b'b'] => 2,
        [b'm', b'a', b'r'] => 3,
        [b'a', b'p', b'r'] => 4,
        [b'm', b'a', b'y'] => 5,
        [b'j', b'u', b'n'] => 6,
        [b'j', b'u', b'l'] => 7,
        [b'a', b'u', b'g'] => 8,
        [b's', b'e', b'p'] => 9,
        [b'o', b'c', b't'] => 10,
        [b'n', b'o', b'v'] => 11,
        [b'd', b'e', b'c'] => 12,
        _ => return None,
    };
    Some(m)
}

/// A month written as its three-letter abbreviation or its full English name, in any case.
fn month_name(word: &[u8]) -> Option<i8> {
    const FULL: [&[u8]; 12] = [
        b"january",
        b"february",
        b"march",
        b"april",
        b"may",
        b"june",
        b"july",
        b"august",
        b"september",
        b"october",
        b"november",
        b"december",
    ];
    let &[a, b, c, ref rest @ ..] = word else {
        return None;
    };
    let m = month3(a, b, c)?;
    if rest.is_empty() {
        return Some(m);
    }
    let full = FULL.get(usize::from(m.unsigned_abs()).checked_sub(1)?)?;
    full.eq_ignore_ascii_case(word).then_some(m)
}

/// Three ASCII letters that name a day of the week, as Java abbreviates them.
#[inline]
fn is_weekday3(a: u8, b: u8, c: u8) -> bool {
    matches!(
        [
            a.to_ascii_lowercase(),
            b.to_ascii_lowercase(),
            c.to_ascii_lowercase()
        ],
        [b'm', b'o', b'n']
            | [b't', b'u', b'e']
            | [b'w', b'e', b'd']
            | [b't', b'h', b'u']
            | [b'f', b'r', b'i']
            | [b's', b'a', b't']
            | [b's', b'u', b'n']
    )
}

// ---------------------------------------------------------------------------------------------
// Fixed-width shapes, matched by byte position

/// `YYYY?MM?DD`, where `?` is `sep`, filling all of `b`.
#[inline]
fn ymd_at(b: &[u8], sep: u8) -> Option<Date> {
    let &[y0, y1, y2, y3, s1, m0, m1, s2, d0, d1] = b else {
        return None;
    };
    if s1 != sep || s2 != sep {
        return None;
    }
    ymd(four(y0, y1, y2, y3)?, two(m0, m1)?, two(d0, d1)?)
}

/// `HH:MM:SS` filling all of `b`. `sep2` is the second accepted separator, besides `:`.
#[inline]
fn hms_at(b: &[u8], sep2: u8) -> Option<()> {
    let &[h0, h1, c1, m0, m1, c2, s0, s1] = b else {
        return None;
    };
    if (c1 != b':' && c1 != sep2) || (c2 != b':' && c2 != sep2) {
        return None;
    }
    hms(two(h0, h1)?, two(m0, m1)?, two(s0, s1)?)
}

/// `HH:MM` filling all of `b`.
#[inline]
fn hm_at(b: &[u8]) -> Option<()> {
    let &[h0, h1, b':', m0, m1] = b else {
        return None;
    };
    hms(two(h0, h1)?, two(m0, m1)?, 0)
}

/// Splits `b` around a single space at byte `at`.
#[inline]
fn split_space(b: &[u8], at: usize) -> Option<(&[u8], &[u8])> {
    let (head, tail) = b.split_at_checked(at)?;
    match tail.split_first() {
        Some((b' ', tail)) => Some((head, tail)),
        _ => None,
    }
}

/// Formats `E`, `F` and `G` once the zone is gone: `YYYY?MM?DD HH:MM:SS`.
fn parse_ymd_hms(b: &[u8], sep: u8) -> Option<Stamp> {
    let (date, time) = split_space(b, 10)?;
    hms_at(time, b':')?;
    Some(stamp(ymd_at(date, sep)?, Precision::Second))
}

/// Format `I`: `YYYY-MM-DD HH:MM UTC`.
fn parse_i(b: &[u8]) -> Option<Stamp> {
    let (date, time) = split_space(b.strip_suffix(b" UTC")?, 10)?;
    hm_at(time)?;
    Some(stamp(ymd_at(date, b'-')?, Precision::Minute))
}

/// Format `A`, `DD Mon YYYY`, plus the one-digit day and the Excel re-save `D-Mon-YY`.
fn parse_a(b: &[u8]) -> Option<Stamp> {
    let (day, month, year) = match *b {
        [d0, d1, b' ', m0, m1, m2, b' ', y0, y1, y2, y3] => {
            (two(d0, d1)?, month3(m0, m1, m2)?, four(y0, y1, y2, y3)?)
        }
        [d1, b' ', m0, m1, m2, b' ', y0, y1, y2, y3] => {
            (two(b'0', d1)?, month3(m0, m1, m2)?, four(y0, y1, y2, y3)?)
        }
        [d0, d1, b'-', m0, m1, m2, b'-', y0, y1] => (
            two(d0, d1)?,
            month3(m0, m1, m2)?,
            2000 + i16::from(two(y0, y1)?),
        ),
        [d1, b'-', m0, m1, m2, b'-', y0, y1] => (
            two(b'0', d1)?,
            month3(m0, m1, m2)?,
            2000 + i16::from(two(y0, y1)?),
        ),
        _ => return None,
    };
    Some(stamp(ymd(year, month, day)?, Precision::Day))
}

/// Format `H`, Java `Date.toString`: `EEE MMM dd HH:mm:ss zzz yyyy`.
fn parse_h(b: &[u8]) -> Option<Stamp> {
    let &[
        w0,
        w1,
        w2,
        b' ',
        m0,
        m1,
        m2,
        b' ',
        d0,
        d1,
        b' ',
        ref time @ ..,
    ] = b
    else {
        return None;
    };
    let (time, rest) = time.split_at_checked(8)?;
    // Java prints the JVM's zone. LinkedIn's is UTC, and GMT means the same thing.
    let &[b' ', z0, z1, z2, b' ', y0, y1, y2, y3] = rest else {
        return None;
    };
    if !matches!([z0, z1, z2], [b'U', b'T', b'C'] | [b'G', b'M', b'T']) || !is_weekday3(w0, w1, w2)
    {
        return None;
    }
    hms_at(time, b':')?;
    // The weekday name is checked for shape only. Java always writes the right one, and the
    // date is what the timeline needs.
    let date = ymd(four(y0, y1, y2, y3)?, month3(m0, m1, m2)?, two(d0, d1)?)?;
    Some(stamp(date, Precision::Second))
}

// ---------------------------------------------------------------------------------------------
// Shapes with variable-width fields
//
// Unpadded numbers and month names make positions vary, so these shapes are read left to right
// by a cursor that consumes the input. Every step returns `Option`, and `?` rejects the value
// at the first mismatch.

struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn new(b: &'a [u8]) -> Self {
        Self { rest: b }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        match self.rest.split_first() {
            Some((&first, rest)) if first == byte => {
                self.rest = rest;
                Some(())
            }
            _ => None,
        }
    }

    fn eat_ci(&mut self, lit: &[u8]) -> Option<()> {
        let (head, rest) = self.rest.split_at_checked(lit.len())?;
        if !head.eq_ignore_ascii_case(lit) {
            return None;
        }
        self.rest = rest;
        Some(())
    }

    /// One space. Newer CLDR data puts U+202F before AM/PM, and spreadsheets write U+00A0,
    /// so both are accepted too.
    fn space(&mut self) -> Option<()> {
        const SPACES: [&[u8]; 3] = [b" ", "\u{202f}".as_bytes(), "\u{a0}".as_bytes()];
        SPACES.iter().find_map(|sp| {
            let rest = self.rest.strip_prefix(*sp)?;
            self.rest = rest;
            Some(())
        })
    }

    /// `min..=max` ASCII digits (`max` at most 4) and how many there were.
    fn digits(&mut self, min: usize, max: usize) -> Option<(i16, usize)> {
        let mut value: i16 = 0;
        let mut count = 0;
        for &b in self.rest.iter().take(max) {
            let Some(d) = digit(b) else { break };
            value = value * 10 + i16::from(d);
            count += 1;
        }
        if count < min {
            return None;
        }
        self.rest = self.rest.get(count..)?;
        Some((value, count))
    }

    /// A one- or two-digit number, e.g. a month or a day.
    fn small(&mut self, min: usize) -> Option<i8> {
        let (v, _) = self.digits(min, 2)?;
        i8::try_from(v).ok()
    }

    fn year4(&mut self) -> Option<i16> {
        Some(self.digits(4, 4)?.0)
    }

    /// A two-digit year as 20YY. With `allow_four`, a four-digit year is read as written.
    fn year2(&mut self, allow_four: bool) -> Option<i16> {
        match self.digits(2, if allow_four { 4 } else { 2 })? {
            (v, 2) => Some(2000 + v),
            (v, 4) => Some(v),
            _ => None,
        }
    }

    /// A run of ASCII letters read as a month name.
    fn month(&mut self) -> Option<i8> {
        let len = self
            .rest
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let (word, rest) = self.rest.split_at_checked(len)?;
        self.rest = rest;
        month_name(word)
    }

    /// `h:mm AM` on a 12-hour clock. `min_hour` is 2 where the hour is zero-padded.
    fn time12(&mut self, min_hour: usize) -> Option<()> {
        let hour = self.small(min_hour)?;
        self.eat(b':')?;
        let minute = self.small(2)?;
        self.space()?;
        let (ampm, rest) = self.rest.split_at_checked(2)?;
        if !ampm.eq_ignore_ascii_case(b"AM") && !ampm.eq_ignore_ascii_case(b"PM") {
            return None;
        }
        self.rest = rest;
        ((1..=12).contains(&hour) && minute <= 59).then_some(())
    }

    fn end(&self) -> Option<()> {
        self.rest.is_empty().then_some(())
    }
}

/// Formats `B` and `C`: `M/D/YY, h:mm AM`. `min` is 2 for the zero-padded `C`.
fn parse_mdy_comma(b: &[u8], min: usize, allow_four: bool) -> Option<Stamp> {
    let mut c = Cursor::new(b);
    let month = c.small(min)?;
    c.eat(b'/')?;
    let day = c.small(min)?;
    c.eat(b'/')?;
    let year = c.year2(allow_four)?;
    c.eat(b',')?;
    c.space()?;
    c.time12(min)?;
    c.end()?;
    Some(stamp(ymd(year, month, day)?, Precision::Minute))
}

fn parse_b(b: &[u8]) -> Option<Stamp> {
    parse_mdy_comma(b, 1, true)
}

fn parse_c(b: &[u8]) -> Option<Stamp> {
    parse_mdy_comma(b, 2, false)
}

/// Format `D`: `MM/DD/YY hh:mm AM UTC`.
fn parse_d(b: &[u8]) -> Option<Stamp> {
    let mut c = Cursor::new(b.strip_suffix(b" UTC")?);
    let month = c.small(2)?;
    c.eat(b'/')?;
    let day = c.small(2)?;
    c.eat(b'/')?;
    let year = c.year2(false)?;
    c.space()?;
    c.time12(2)?;
    c.end()?;
    Some(stamp(ymd(year, month, day)?, Precision::Minute))
}

/// Format `J`: `Mon YYYY`, or a bare `YYYY`.
fn parse_j(b: &[u8]) -> Option<Stamp> {
    if let &[y0, y1, y2, y3] = b {
        return Some(stamp(ymd(four(y0, y1, y2, y3)?, 1, 1)?, Precision::Year));
    }
    let mut c = Cursor::new(b);
    let month = c.month()?;
    c.space()?;
    let year = c.year4()?;
    c.end()?;
    Some(stamp(ymd(year, month, 1)?, Precision::Month))
}

/// Format `K`: `Mon D, YYYY`.
fn parse_k(b: &[u8]) -> Option<Stamp> {
    let mut c = Cursor::new(b);
    let date = mon_d_comma_yyyy(&mut c)?;
    c.end()?;
    Some(stamp(date, Precision::Day))
}

/// `Mon D, YYYY`, shared by `K`, `M` and `N`.
fn mon_d_comma_yyyy(c: &mut Cursor<'_>) -> Option<Date> {
    let month = c.month()?;
    c.space()?;
    let day = c.small(1)?;
    c.eat(b',')?;
    c.space()?;
    let year = c.year4()?;
    ymd(year, month, day)
}

/// Format `L`: `Mon D`, a birthday without a year.
fn parse_l(b: &[u8]) -> Option<Parsed> {
    let mut c = Cursor::new(b);
    let month = c.month()?;
    c.space()?;
    let day = c.small(1)?;
    c.end()?;
    // 2000 is a leap year, so 29 February passes and 30 February does not.
    ymd(2000, month, day)?;
    Some(Parsed::NoYear { month, day })
}

/// Format `M`: `Mon DD, YYYY hh:mm AM - Mon DD, YYYY hh:mm AM`. A lone start is a stamp.
fn parse_m(b: &[u8]) -> Option<Parsed> {
    fn side(c: &mut Cursor<'_>) -> Option<Stamp> {
        let date = mon_d_comma_yyyy(c)?;
        c.space()?;
        c.time12(1)?;
        Some(stamp(date, Precision::Minute))
    }
    let mut c = Cursor::new(b);
    let start = side(&mut c)?;
    if c.end().is_some() {
        return Some(Parsed::Stamp(start));
    }
    c.space()?;
    c.eat(b'-')?;
    c.space()?;
    let end = side(&mut c)?;
    c.end()?;
    Some(Parsed::Range(start, Some(end)))
}

// ---------------------------------------------------------------------------------------------
// Shapes inside longer text

/// Format `N`: `... on <Month> D, YYYY at h:mm AM ...`, anywhere in a sentence.
fn parse_n(b: &[u8]) -> Option<Stamp> {
    memmem::find_iter(b, b" on ").find_map(|at| {
        let mut c = Cursor::new(b.get(at + 4..)?);
        let date = mon_d_comma_yyyy(&mut c)?;
        c.space()?;
        c.eat_ci(b"at")?;
        c.space()?;
        c.time12(1)?;
        // Whatever follows, usually ` (GMT)`, must not continue the last word or number.
        match c.rest.first() {
            Some(next) if next.is_ascii_alphanumeric() => None,
            _ => Some(stamp(date, Precision::Minute)),
        }
    })
}

/// `YYYY-MM-DD HH:MM` with optional `:SS`, at the start of `b`. Returns what follows.
fn ymd_hm_prefix(b: &[u8]) -> Option<(Stamp, &[u8])> {
    let (date, rest) = split_space(b, 10)?;
    let date = ymd_at(date, b'-')?;
    let (hm, rest) = rest.split_at_checked(5)?;
    hm_at(hm)?;
    let (precision, rest) = match rest {
        &[b':', s0, s1, ref tail @ ..] => {
            if two(s0, s1)? > 60 {
                return None;
            }
            (Precision::Second, tail)
        }
        _ => (Precision::Minute, rest),
    };
    if rest.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some((stamp(date, precision), rest))
}

/// Format `R`: the created and published lines of an article, alone or inside their HTML.
fn parse_r(b: &[u8]) -> Option<Parsed> {
    if memmem::find(b, b"Not published yet").is_some() {
        return Some(Parsed::Null);
    }
    for label in [b"Created on ".as_slice(), b"Published on "] {
        let Some(at) = memmem::find(b, label) else {
            continue;
        };
        let tail = b.get(at + label.len()..)?;
        if tail.starts_with(b"---") {
            return Some(Parsed::Null);
        }
        if let Some((s, _)) = ymd_hm_prefix(tail) {
            return Some(Parsed::Stamp(s));
        }
    }
    match ymd_hm_prefix(b)? {
        (s, []) => Some(Parsed::Stamp(s)),
        _ => None,
    }
}

/// Format `S`: an article file name, with or without its folder.
fn parse_s(b: &[u8]) -> Option<Stamp> {
    let name = match memchr::memrchr2(b'/', b'\\', b) {
        Some(i) => b.get(i + 1..)?,
        None => b,
    };
    let (date, rest) = split_space(name, 10)?;
    let (time, rest) = rest.split_at_checked(8)?;
    // Windows cannot store `:` in a file name, so extractors there write `_` instead.
    hms_at(time, b'_')?;
    // Then `.0-Title.html`, `.0.html`, `.html`, or nothing if the caller cut the extension.
    if !matches!(rest.first(), None | Some(b'.' | b'-')) {
        return None;
    }
    Some(stamp(ymd_at(date, b'-')?, Precision::Second))
}

/// One end of a `Q` range at the start of `b`: `YYYY-MM-DD` or `YYYY-MM-null`.
fn q_end(b: &[u8]) -> Option<(Stamp, &[u8])> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', ref rest @ ..] = b else {
        return None;
    };
    let year = four(y0, y1, y2, y3)?;
    let month = two(m0, m1)?;
    let (s, rest) = match rest {
        [n, u, l1, l2, tail @ ..] if [*n, *u, *l1, *l2].eq_ignore_ascii_case(b"null") => {
            (stamp(ymd(year, month, 1)?, Precision::Month), tail)
        }
        &[d0, d1, ref tail @ ..] => (stamp(ymd(year, month, two(d0, d1)?)?, Precision::Day), tail),
        _ => return None,
    };
    if rest.first().is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some((s, rest))
}

/// Format `Q`: the first `start - end` or `start - ` range anywhere in free text.
fn parse_q(b: &[u8]) -> Option<Parsed> {
    // Every date holds a `-` four bytes in, so only those spots are tried.
    memchr::memchr_iter(b'-', b).find_map(|dash| {
        let start = dash.checked_sub(4)?;
        // A year glued to more digits is part of some other number.
        if start
            .checked_sub(1)
            .and_then(|i| b.get(i))
            .is_some_and(u8::is_ascii_digit)
        {
            return None;
        }
        let (from, rest) = q_end(b.get(start..)?)?;
        let rest = rest.trim_ascii_start().strip_prefix(b"-")?;
        let to = q_end(rest.trim_ascii_start()).map(|(s, _)| s);
        Some(Parsed::Range(from, to))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).expect("valid test date")
    }

    fn st(y: i16, m: i8, day: i8, precision: Precision) -> Stamp {
        stamp(d(y, m, day), precision)
    }

    fn one(format: DateFormat, s: &str) -> Stamp {
        match parse(format, s) {
            Some(Parsed::Stamp(s)) => s,
            other => panic!("{format:?} {s:?}: expected a stamp, got {other:?}"),
        }
    }

    #[track_caller]
    fn rejects(format: DateFormat, inputs: &[&str]) {
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
    fn format_a() {
        assert_eq!(one(A, "04 Jul 2023"), st(2023, 7, 4, Day));
        assert_eq!(one(A, "  28 sep 2022\t"), st(2022, 9, 28, Day));
        assert_eq!(one(A, "4 Jul 2023"), st(2023, 7, 4, Day));
        // Excel re-saves.
        assert_eq!(one(A, "4-Apr-21"), st(2021, 4, 4, Day));
        assert_eq!(one(A, "12-Feb-24"), st(2024, 2, 12, Day));
        rejects(
            A,
            &[
                "30 Feb 2023",
                "04 Foo 2023",
                "04-Jul-2023",
                "04 Jul 23",
                "2023-07-04",
            ],
        );
    }

    #[test]
    fn format_b() {
        assert_eq!(one(B, "6/17/23, 6:18 AM"), st(2023, 6, 17, Minute));
        assert_eq!(one(B, "11/2/23, 9:05 PM"), st(2023, 11, 2, Minute));
        assert_eq!(one(B, "1/8/18, 12:14 pm"), st(2018, 1, 8, Minute));
        assert_eq!(one(B, "04/15/24, 09:25 PM"), st(2024, 4, 15, Minute));
        assert_eq!(
            one(B, "6/17/23,\u{a0}6:18\u{202f}AM"),
            st(2023, 6, 17, Minute)
        );
        assert_eq!(one(B, "6/17/2023, 6:18 AM"), st(2023, 6, 17, Minute));
        rejects(
            B,
            &[
                "2/30/23, 6:18 AM",
                "6/17/23, 13:18 AM",
                "6/17/23, 0:18 AM",
                "6/17/23, 6:60 AM",
                "6/17/23 6:18 AM",
                "6/17/23, 6:18",
                "6/17/23, 6:18 XM",
                "6/17/223, 6:18 AM",
                "123/1/23, 6:18 AM",
            ],
        );
    }

    #[test]
    fn format_c() {
        assert_eq!(one(C, "04/15/24, 09:25 PM"), st(2024, 4, 15, Minute));
        rejects(
            C,
            &[
                "4/15/24, 9:25 PM",
                "02/30/24, 09:25 PM",
                "04/15/24, 25:25 PM",
            ],
        );
    }

    #[test]
    fn format_d() {
        assert_eq!(one(D, "03/11/26 04:41 PM UTC"), st(2026, 3, 11, Minute));
        rejects(
            D,
            &[
                "03/11/26 04:41 PM",
                "02/30/26 04:41 PM UTC",
                "03/11/26 13:41 PM UTC",
                "03/11/26, 04:41 PM UTC",
            ],
        );
    }

    #[test]
    fn format_e() {
        assert_eq!(one(E, "2023-07-10 15:47:10 UTC"), st(2023, 7, 10, Second));
        assert_eq!(one(E, "2016-12-31 23:59:60 UTC"), st(2016, 12, 31, Second));
        rejects(
            E,
            &[
                "2023-07-10 15:47:10",
                "2023-02-30 15:47:10 UTC",
                "2023-07-10 25:47:10 UTC",
                "2023-07-10 15:60:10 UTC",
                "2023-07-10 15:47:61 UTC",
                "2023/07/10 15:47:10 UTC",
                "2023-07-10T15:47:10 UTC",
            ],
        );
    }

    #[test]
    fn format_f() {
        assert_eq!(one(F, "2021/12/16 12:56:17 UTC"), st(2021, 12, 16, Second));
        rejects(
            F,
            &[
                "2021-12-16 12:56:17 UTC",
                "2021/02/30 12:56:17 UTC",
                "2021/12/16 25:56:17 UTC",
            ],
        );
    }

    #[test]
    fn format_g() {
        assert_eq!(one(G, "2024-03-17 18:03:34"), st(2024, 3, 17, Second));
        rejects(
            G,
            &[
                "2024-03-17 18:03:34 UTC",
                "2024-02-30 18:03:34",
                "2024-03-17 25:03:34",
                "2024-13-17 18:03:34",
                "2024-03-17 18:03",
                "2024-3-17 18:03:34",
            ],
        );
    }

    #[test]
    fn format_h() {
        assert_eq!(
            one(H, "Tue Jun 20 12:25:51 UTC 2023"),
            st(2023, 6, 20, Second)
        );
        assert_eq!(
            one(H, "Fri Mar 01 11:13:16 UTC 2024"),
            st(2024, 3, 1, Second)
        );
        rejects(
            H,
            &[
                "Tue Jun 20 12:25:51 PST 2023",
                "Tue Feb 30 12:25:51 UTC 2023",
                "Tue Jun 20 25:25:51 UTC 2023",
                "Tue Foo 20 12:25:51 UTC 2023",
                "Xyz Jun 20 12:25:51 UTC 2023",
                "Tue Jun 20 12:25:51 UTC 23",
            ],
        );
    }

    #[test]
    fn format_i() {
        assert_eq!(one(I, "2018-09-16 14:44 UTC"), st(2018, 9, 16, Minute));
        rejects(
            I,
            &[
                "2018-09-16 14:44",
                "2018-02-30 14:44 UTC",
                "2018-09-16 25:44 UTC",
                "2018-09-16 14:44:00 UTC",
            ],
        );
    }

    #[test]
    fn format_j() {
        assert_eq!(one(J, "Nov 2022"), st(2022, 11, 1, Month));
        assert_eq!(one(J, "2015"), st(2015, 1, 1, Year));
        assert_eq!(one(J, "November 2022"), st(2022, 11, 1, Month));
        rejects(
            J,
            &[
                "Foo 2022",
                "Nov 22",
                "201",
                "20150",
                "Nov2022",
                "Novem 2022",
            ],
        );
    }

    #[test]
    fn format_k() {
        assert_eq!(one(K, "Apr 9, 2020"), st(2020, 4, 9, Day));
        assert_eq!(one(K, "Feb 17, 1998"), st(1998, 2, 17, Day));
        rejects(
            K,
            &[
                "Feb 30, 2020",
                "Foo 9, 2020",
                "Apr 9 2020",
                "Apr 9, 20",
                "Apr 123, 2020",
            ],
        );
    }

    #[test]
    fn format_l() {
        assert_eq!(parse(L, "Mar 9"), Some(Parsed::NoYear { month: 3, day: 9 }));
        assert_eq!(
            parse(L, "Dec 10"),
            Some(Parsed::NoYear { month: 12, day: 10 })
        );
        assert_eq!(
            parse(L, "Feb 29"),
            Some(Parsed::NoYear { month: 2, day: 29 })
        );
        rejects(L, &["Feb 30", "Apr 31", "Foo 9", "Mar 9, 2020", "Mar"]);
    }

    #[test]
    fn format_m() {
        assert_eq!(
            parse(M, "May 07, 2022 08:00 AM - May 07, 2022 11:00 AM"),
            Some(Parsed::Range(
                st(2022, 5, 7, Minute),
                Some(st(2022, 5, 7, Minute))
            ))
        );
        assert_eq!(
            parse(M, "Jun 15, 2022 08:00 AM - Jun 16, 2022 05:00 PM"),
            Some(Parsed::Range(
                st(2022, 6, 15, Minute),
                Some(st(2022, 6, 16, Minute))
            ))
        );
        assert_eq!(
            parse(M, "May 07, 2022 08:00 AM"),
            Some(Parsed::Stamp(st(2022, 5, 7, Minute)))
        );
        rejects(
            M,
            &[
                "May 07, 2022 08:00 AM - Feb 30, 2022 11:00 AM",
                "May 07, 2022 13:00 AM - May 07, 2022 11:00 AM",
                "Foo 07, 2022 08:00 AM - May 07, 2022 11:00 AM",
                "May 07, 2022 08:00 AM - ",
                "May 07, 2022 08:00 AM - May 07, 2022 11:00 AM x",
            ],
        );
    }

    #[test]
    fn format_n() {
        assert_eq!(
            one(
                N,
                "You uploaded a profile photo on January 15, 2026 at 11:39 PM (GMT)"
            ),
            st(2026, 1, 15, Minute)
        );
        assert_eq!(
            one(
                N,
                "You uploaded a feed document on August 9, 2025 at 9:05 PM (GMT)"
            ),
            st(2025, 8, 9, Minute)
        );
        rejects(
            N,
            &[
                "You uploaded a photo on February 30, 2026 at 11:39 PM (GMT)",
                "You uploaded a photo on Foo 15, 2026 at 11:39 PM (GMT)",
                "You uploaded a photo on January 15, 2026 at 25:39 PM (GMT)",
                "You uploaded a photo on January 15, 2026",
                "Video content can be downloaded at",
            ],
        );
    }

    #[test]
    fn format_o() {
        assert_eq!(one(O, "2025/10/09"), st(2025, 10, 9, Day));
        rejects(O, &["2025-10-09", "2025/02/30", "2025/13/09", "2025/10/9"]);
    }

    #[test]
    fn format_p() {
        assert_eq!(one(P, "2024-10-07"), st(2024, 10, 7, Day));
        rejects(
            P,
            &[
                "2024/10/07",
                "2024-02-30",
                "2024-00-07",
                "2024-10-07x",
                "20241007",
            ],
        );
        assert_eq!(one(P, " 2024-10-07\r\n"), st(2024, 10, 7, Day));
    }

    #[test]
    fn format_q() {
        assert_eq!(
            parse(Q, "2019-01-01 - 2020-03-01"),
            Some(Parsed::Range(
                st(2019, 1, 1, Day),
                Some(st(2020, 3, 1, Day))
            ))
        );
        assert_eq!(
            parse(Q, "2016-04-01 - "),
            Some(Parsed::Range(st(2016, 4, 1, Day), None))
        );
        assert_eq!(
            parse(Q, "2016-04-null - 2024-12-null"),
            Some(Parsed::Range(
                st(2016, 4, 1, Month),
                Some(st(2024, 12, 1, Month))
            ))
        );
        assert_eq!(
            parse(
                Q,
                "Dates of employment:2016-04-null - 2024-12-null | Company:Globex"
            ),
            Some(Parsed::Range(
                st(2016, 4, 1, Month),
                Some(st(2024, 12, 1, Month))
            ))
        );
        assert_eq!(
            parse(
                Q,
                "Phone:+1 415-555-0123 | Dates attended:2010-01-01 - 2012-12-01 | Then:2013-01-01 - "
            ),
            Some(Parsed::Range(
                st(2010, 1, 1, Day),
                Some(st(2012, 12, 1, Day))
            ))
        );
        assert_eq!(
            parse(Q, "Dates of employment:2019-01-01 -  | Company:Globex"),
            Some(Parsed::Range(st(2019, 1, 1, Day), None))
        );
        rejects(
            Q,
            &[
                "2016-04-01",
                "2016-02-30 - 2017-01-01",
                "2016-13-null - 2017-01-null",
                "12016-04-01 - 2017-01-01",
                "Mobile phone number:+1 4155550123",
                "Yes",
            ],
        );
    }

    #[test]
    fn format_r() {
        assert_eq!(
            one(R, "Created on 2025-06-26 17:27"),
            st(2025, 6, 26, Minute)
        );
        assert_eq!(
            one(R, "Published on 2025-07-01 17:15"),
            st(2025, 7, 1, Minute)
        );
        assert_eq!(
            one(R, r#"<p class="created">Created on 2025-06-26 17:27</p>"#),
            st(2025, 6, 26, Minute)
        );
        assert_eq!(parse(R, "Published on ---"), Some(Parsed::Null));
        assert_eq!(parse(R, "Not published yet"), Some(Parsed::Null));
        assert_eq!(
            parse(R, r#"<p class="published">Not published yet</p>"#),
            Some(Parsed::Null)
        );
        rejects(
            R,
            &[
                "Created on 2025-02-30 17:27",
                "Created on 2025-06-26 25:27",
                "Created on yesterday",
                "Published on 2025-07-01",
            ],
        );
    }

    #[test]
    fn format_s() {
        let want = st(2025, 11, 21, Second);
        assert_eq!(one(S, "2025-11-21 17:31:01.0-TOON vs JSON.html"), want);
        assert_eq!(one(S, "2025-11-21 17_31_01.0-TOON vs JSON.html"), want);
        assert_eq!(
            one(
                S,
                "Articles/Articles/2025-11-21 17:31:01.0-TOON vs JSON.html"
            ),
            want
        );
        assert_eq!(
            one(S, "2025-06-30 00:40:54.0.html"),
            st(2025, 6, 30, Second)
        );
        assert_eq!(one(S, "2017-12-09 04:54:08.html"), st(2017, 12, 9, Second));
        rejects(
            S,
            &[
                "creating-living-manual-ada-lovelace-8bzrc.html",
                "2025-02-30 00:40:54.0.html",
                "2025-06-30 25:40:54.0.html",
                "2025-06-30 00:40:54x.html",
            ],
        );
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
