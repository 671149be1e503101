//! The digits, calendar and clock checks every shape is built from: each takes bytes by
//! value or position and answers `None` at the first byte out of place.

use jiff::civil::Date;

#[inline]
pub(super) fn digit(b: u8) -> Option<u8> {
    let d = b.wrapping_sub(b'0');
    (d < 10).then_some(d)
}

/// Two ASCII digits as a number, 0..=99.
#[inline]
pub(super) fn two(a: u8, b: u8) -> Option<i8> {
    // At most 99, so the cast cannot wrap.
    Some((digit(a)? * 10 + digit(b)?) as i8)
}

#[inline]
pub(super) fn four(a: u8, b: u8, c: u8, d: u8) -> Option<i16> {
    Some(i16::from(two(a, b)?) * 100 + i16::from(two(c, d)?))
}

/// A valid calendar date, or `None`.
#[inline]
pub(super) fn ymd(year: i16, month: i8, day: i8) -> Option<Date> {
    // jiff builds an error value on failure. Common garbage is turned away here without one.
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// Checks a 24-hour time. Second 60 is allowed for leap seconds.
#[inline]
pub(super) fn hms(hour: i8, minute: i8, second: i8) -> Option<()> {
    (hour <= 23 && minute <= 59 && second <= 60).then_some(())
}

/// Three ASCII letters as a month number, in any case.
#[inline]
pub(super) fn month3(a: u8, b: u8, c: u8) -> Option<i8> {
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
pub(super) fn month_name(word: &[u8]) -> Option<i8> {
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
pub(super) fn is_weekday3(a: u8, b: u8, c: u8) -> bool {
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
