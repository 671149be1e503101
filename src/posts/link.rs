//! LinkedIn links and the ids inside them.
//!
//! A share, activity, ugcPost or comment id is a 19-digit number whose first 41 of 64 bits
//! are the Unix time in milliseconds when it was made (LinkedIn's id scheme). Links come
//! percent-encoded (`urn%3Ali%3Aactivity%3A<id>`, Shares, Comments, Reactions) or not
//! (`urn:li:ugcPost:<id>`, Votes); a comment link may carry `?commentUrn=…` with the post's
//! and the comment's ids; a group post's URN is `groupPost:<group>-<id>`.

use jiff::civil::Date;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::Mutex;

/// A link as a listed item keeps it. Most links are one of a few shapes around one to three
/// 19-digit ids (`…/urn%3Ali%3Ashare%3A<id>`, a comment's
/// `…activity%3A<id>?commentUrn=…%28activity%3A<id>%2C<id>%29`), so the ids are kept as
/// numbers and the text around them, the shape, once per process: an item then holds its
/// link in 32 bytes instead of 100 to 200 on the heap (the 1 GiB archive lists 178,979
/// items). Any other link keeps its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Link(Repr);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum Repr {
    #[default]
    Empty,
    /// An index into [`SHAPES`], the ids, in order, that replace its markers, and which
    /// of them is the item's id ([`NO_ID`]: none is).
    Shaped {
        shape: u32,
        id: u8,
        ids: [u64; 3],
    },
    Text(Box<str>),
}

/// `Repr::Shaped::id` when the item's id is not one of the link's ids.
const NO_ID: u8 = u8::MAX;

/// Stands for an id in a shape; a link that holds it is kept as text.
const MARK: char = '\0';

/// Shapes seen by this process. A shape is interned once and lives as long as the
/// process; past `MAX_SHAPES` (an archive has a handful) links are kept as text.
static SHAPES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
const MAX_SHAPES: usize = 1024;

impl Link {
    /// `url`, kept compactly when it has a known form.
    pub fn new(url: &str) -> Link {
        Link::with_id(url, None)
    }

    /// `url`, with `id`, a part of it, marked as the item's id when it is one of its
    /// 19-digit ids: [`Link::id`] then gives it without reading the link again.
    pub fn with_id(url: &str, id: Option<&str>) -> Link {
        if url.is_empty() {
            return Link(Repr::Empty);
        }
        // Where `id` starts in `url`, when it is a part of it.
        let id_at = id
            .filter(|id| id.len() == 19)
            .and_then(|id| (id.as_ptr() as usize).checked_sub(url.as_ptr() as usize))
            .filter(|at| *at + 19 <= url.len());
        Link(shaped(url, id_at).unwrap_or_else(|| Repr::Text(Box::from(url))))
    }

    /// The item's id, when [`Link::with_id`] was told it and it is one of the link's ids.
    pub fn id(&self) -> Option<u64> {
        match &self.0 {
            Repr::Shaped { id, ids, .. } => ids.get(usize::from(*id)).copied(),
            _ => None,
        }
    }

    /// The link's text, exactly as the archive gave it.
    pub fn as_str(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Empty => Cow::Borrowed(""),
            Repr::Text(text) => Cow::Borrowed(text),
            Repr::Shaped { shape, ids, .. } => {
                let shape = usize::try_from(*shape)
                    .ok()
                    .and_then(|i| shapes().get(i).copied())
                    .unwrap_or("");
                let mut out = String::with_capacity(shape.len() + 38);
                let mut ids = ids.iter();
                for (i, part) in shape.split(MARK).enumerate() {
                    if i > 0
                        && let Some(id) = ids.next()
                    {
                        let _ = write!(out, "{id:019}");
                    }
                    out.push_str(part);
                }
                Cow::Owned(out)
            }
        }
    }

    /// Whether there is no link (an unpublished article draft).
    pub fn is_empty(&self) -> bool {
        matches!(self.0, Repr::Empty)
    }
}

/// The shaped form of `url`: one to three 19-digit ids and no marker character.
fn shaped(url: &str, id_at: Option<usize>) -> Option<Repr> {
    if url.contains(MARK) {
        return None;
    }
    let mut shape = String::with_capacity(url.len());
    let mut ids = [0u64; 3];
    let mut found = 0;
    let mut id = NO_ID;
    let mut rest = url;
    while let Some(start) = rest.bytes().position(|b| b.is_ascii_digit()) {
        let run = rest.get(start..)?;
        let len = run.bytes().take_while(u8::is_ascii_digit).count();
        shape.push_str(rest.get(..start)?);
        let digits = run.get(..len)?;
        if len == 19 {
            if id_at == Some(url.len() - run.len()) {
                id = u8::try_from(found).ok()?;
            }
            *ids.get_mut(found)? = digits.parse().ok()?;
            found += 1;
            shape.push(MARK);
        } else {
            shape.push_str(digits);
        }
        rest = run.get(len..)?;
    }
    shape.push_str(rest);
    if found == 0 {
        return None;
    }
    let shape = intern(&shape)?;
    Some(Repr::Shaped { shape, id, ids })
}

/// The shapes. A poisoned lock still holds a valid list (shapes are only ever pushed
/// whole), so it is used as it is rather than losing every link's text.
fn shapes() -> std::sync::MutexGuard<'static, Vec<&'static str>> {
    SHAPES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn intern(shape: &str) -> Option<u32> {
    let mut shapes = shapes();
    if let Some(i) = shapes.iter().position(|s| *s == shape) {
        return u32::try_from(i).ok();
    }
    if shapes.len() >= MAX_SHAPES {
        return None;
    }
    // Leaked on purpose: shapes are few and live until the process ends.
    shapes.push(Box::leak(Box::from(shape)));
    u32::try_from(shapes.len() - 1).ok()
}

/// The 19-digit numbers in a link, in order.
///
/// Bytes, not chars: a digit is ASCII, and splitting on a char predicate decoded every
/// character and made a piece of every non-digit (a fifth of the posts list's own cost).
fn long_ids(url: &str) -> impl Iterator<Item = &str> {
    let bytes = url.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let start = at + bytes.get(at..)?.iter().position(u8::is_ascii_digit)?;
            let run = bytes.get(start..)?;
            let len = run
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(run.len());
            at = start + len;
            if len == 19 {
                return url.get(start..at);
            }
        }
    })
}

/// The item's own id in its link: the comment id of a `commentUrn` when `comment` is true
/// and there is one, otherwise the first share/activity/ugcPost id.
pub fn own_id(url: &str, comment: bool) -> Option<&str> {
    if comment {
        let at = url.find("commentUrn=")?;
        return url.get(at..).and_then(|rest| long_ids(rest).last());
    }
    long_ids(url).next()
}

/// The id of the post a link points to (the first 19-digit id).
pub fn post_id(url: &str) -> Option<&str> {
    long_ids(url).next()
}

/// An article's slug in a `/pulse/<slug>` or `/post/edit/<id>` link.
pub fn article_id(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    (path.contains("/pulse/") || path.contains("/post/edit/"))
        .then_some(last)
        .filter(|s| !s.is_empty())
}

/// The day (UTC) an id was made, when it is a plausible LinkedIn id (2003 to 2100).
pub fn id_date(id: &str) -> Option<Date> {
    let n: u64 = id.parse().ok()?;
    let ms = i64::try_from(n >> 22).ok()?;
    let ts = jiff::Timestamp::from_millisecond(ms).ok()?;
    let d = ts.to_zoned(jiff::tz::TimeZone::UTC).date();
    (2003..=2100).contains(&d.year()).then_some(d)
}

/// How far an item's date may be from its id's before it is flagged, in days. The export
/// writes times without a zone and lidex keeps dates to the day, so a record written late
/// in the evening in one zone can fall on the next day in UTC: one day of slack covers every
/// zone (at most 14 hours away) and still catches the mismatches worth a look (an edited,
/// re-dated or moved item, a wrong file), which are months or years apart.
pub const MISMATCH_TOLERANCE_DAYS: i32 = 1;

/// Whether two days are further apart than [`MISMATCH_TOLERANCE_DAYS`].
pub fn disagree(a: Date, b: Date) -> bool {
    let days = (a - b).get_days().abs();
    // `Date - Date` gives days (no larger units), so this is the whole difference.
    days > MISMATCH_TOLERANCE_DAYS
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn long_ids_are_the_19_digit_runs_in_order() {
        let a = "7100000000010053984";
        let b = "6900000000000007919";
        let url = format!("{a}/x%3A{b}?c=12345678901234567890&d=123456789012345678&e=٣{a}");
        assert_eq!(long_ids(&url).collect::<Vec<_>>(), [a, b, a]);
        // The same as splitting on every non-digit character, which it replaced.
        for text in [url.as_str(), "", "1234", a, "é1234567890123456789é", "x9"] {
            let split: Vec<&str> = text
                .split(|c: char| !c.is_ascii_digit())
                .filter(|run| run.len() == 19)
                .collect();
            assert_eq!(long_ids(text).collect::<Vec<_>>(), split, "{text}");
        }
    }

    /// An id made at `ms` Unix milliseconds.
    fn id_at(ms: u64) -> String {
        ((ms << 22) | 12345).to_string()
    }

    #[test]
    fn links_come_back_exactly_whatever_their_form() {
        let id = id_at(1_710_698_614_000);
        let other = id_at(1_720_000_000_000);
        for url in [
            String::new(),
            format!("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{id}"),
            format!(
                "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{id}?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A{id}%2C{other}%29"
            ),
            format!("urn:li:ugcPost:{id}"),
            // Leading zeros, a group post's short id, 18- and 20-digit runs stay as they were.
            "https://www.linkedin.com/feed/update/urn:li:activity:0000000000000000042".to_string(),
            format!("https://www.linkedin.com/feed/update/urn:li:groupPost:12345-{id}"),
            "https://example.com/123456789012345678/12345678901234567890".to_string(),
            // Four ids, or the marker itself: kept as text.
            format!("https://x/{id}/{id}/{id}/{id}"),
            format!("https://x/{id}\0"),
            "https://www.linkedin.com/pulse/a-title-jane-doe-abcde/".to_string(),
        ] {
            let link = Link::new(&url);
            assert_eq!(link.as_str(), url.as_str());
            assert_eq!(link.is_empty(), url.is_empty());
        }
        let comment = format!(
            "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{id}?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A{id}%2C{other}%29"
        );
        let own = own_id(&comment, true);
        let with = Link::with_id(&comment, own);
        assert_eq!(with.as_str(), comment.as_str());
        assert_eq!(
            with.id().map(|n| format!("{n:019}")),
            own.map(str::to_owned)
        );
        assert_eq!(Link::new(&comment).id(), None, "not told, so not known");
        let a = Link::new(&format!(
            "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{id}"
        ));
        assert!(
            matches!(a.0, Repr::Shaped { .. }),
            "a share link is kept as its id"
        );
    }

    #[test]
    fn an_ids_first_41_bits_are_its_time() {
        // 2024-03-17 18:03:34 UTC.
        let id = id_at(1_710_698_614_000);
        assert_eq!(id.len(), 19);
        assert_eq!(id_date(&id), Some(date(2024, 3, 17)));
        assert_eq!(id_date("12"), None);
        assert_eq!(id_date("not a number"), None);
    }

    #[test]
    fn ids_come_out_of_encoded_and_plain_links() {
        let id = id_at(1_710_698_614_000);
        let encoded = format!("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{id}");
        assert_eq!(own_id(&encoded, false), Some(id.as_str()));
        let plain = format!("https://www.linkedin.com/feed/update/urn:li:ugcPost:{id}");
        assert_eq!(post_id(&plain), Some(id.as_str()));
        let comment_id = id_at(1_720_000_000_000);
        let comment = format!(
            "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{id}?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A{id}%2C{comment_id}%29"
        );
        assert_eq!(own_id(&comment, true), Some(comment_id.as_str()));
        assert_eq!(own_id(&encoded, true), None);
        let group = format!("https://www.linkedin.com/feed/update/urn:li:groupPost:12345-{id}");
        assert_eq!(post_id(&group), Some(id.as_str()));
    }

    #[test]
    fn a_day_of_slack_then_a_mismatch() {
        assert!(!disagree(date(2024, 3, 17), date(2024, 3, 18)));
        assert!(disagree(date(2024, 3, 17), date(2024, 3, 19)));
        assert!(disagree(date(2021, 1, 1), date(2024, 3, 19)));
    }

    #[test]
    fn article_slugs() {
        assert_eq!(
            article_id("https://www.linkedin.com/pulse/my-title-jane-doe-abcde/"),
            Some("my-title-jane-doe-abcde")
        );
        assert_eq!(article_id("https://www.linkedin.com/feed/"), None);
    }
}
