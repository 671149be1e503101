//! The parsers of the export's date shapes, one per [`DateFormat`](super::DateFormat) (a few
//! share one): fixed-width shapes matched by byte position, variable-width ones read by a
//! cursor, and those buried in prose found by their anchor first.

use super::fields::{digit, four, hms, is_weekday3, month_name, month3, two, ymd};
use super::{Parsed, Precision, Stamp, stamp};
use jiff::civil::Date;
use memchr::memmem;

// Fixed-width shapes, matched by byte position

/// `YYYY?MM?DD`, where `?` is `sep`, filling all of `b`.
#[inline]
pub(super) fn ymd_at(b: &[u8], sep: u8) -> Option<Date> {
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
pub(super) fn parse_ymd_hms(b: &[u8], sep: u8) -> Option<Stamp> {
    let (date, time) = split_space(b, 10)?;
    hms_at(time, b':')?;
    Some(stamp(ymd_at(date, sep)?, Precision::Second))
}

/// Format `I`: `YYYY-MM-DD HH:MM UTC`.
pub(super) fn parse_i(b: &[u8]) -> Option<Stamp> {
    let (date, time) = split_space(b.strip_suffix(b" UTC")?, 10)?;
    hm_at(time)?;
    Some(stamp(ymd_at(date, b'-')?, Precision::Minute))
}

/// Format `A`, `DD Mon YYYY`, plus the one-digit day and the Excel re-save `D-Mon-YY`.
pub(super) fn parse_a(b: &[u8]) -> Option<Stamp> {
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
pub(super) fn parse_h(b: &[u8]) -> Option<Stamp> {
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

pub(super) fn parse_b(b: &[u8]) -> Option<Stamp> {
    parse_mdy_comma(b, 1, true)
}

pub(super) fn parse_c(b: &[u8]) -> Option<Stamp> {
    parse_mdy_comma(b, 2, false)
}

/// Format `D`: `MM/DD/YY hh:mm AM UTC`.
pub(super) fn parse_d(b: &[u8]) -> Option<Stamp> {
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
pub(super) fn parse_j(b: &[u8]) -> Option<Stamp> {
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
pub(super) fn parse_k(b: &[u8]) -> Option<Stamp> {
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
pub(super) fn parse_l(b: &[u8]) -> Option<Parsed> {
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
pub(super) fn parse_m(b: &[u8]) -> Option<Parsed> {
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
pub(super) fn parse_n(b: &[u8]) -> Option<Stamp> {
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
pub(super) fn parse_r(b: &[u8]) -> Option<Parsed> {
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
pub(super) fn parse_s(b: &[u8]) -> Option<Stamp> {
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
pub(super) fn parse_q(b: &[u8]) -> Option<Parsed> {
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
    use super::super::tests::{one, rejects, st};
    use crate::dates::{DateFormat, Parsed, Precision, parse};
    use DateFormat::{A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S};
    use Precision::{Day, Minute, Month, Second, Year};

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
}
