//! LinkedIn links and the ids inside them.
//!
//! A share, activity, ugcPost or comment id is a 19-digit number whose first 41 of 64 bits
//! are the Unix time in milliseconds when it was made (LinkedIn's id scheme). Links come
//! percent-encoded (`urn%3Ali%3Aactivity%3A<id>`, Shares, Comments, Reactions) or not
//! (`urn:li:ugcPost:<id>`, Votes); a comment link may carry `?commentUrn=…` with the post's
//! and the comment's ids; a group post's URN is `groupPost:<group>-<id>`.

use jiff::civil::Date;

/// The 19-digit numbers in a link, in order.
fn long_ids(url: &str) -> impl Iterator<Item = &str> {
    url.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 19)
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

    /// An id made at `ms` Unix milliseconds.
    fn id_at(ms: u64) -> String {
        ((ms << 22) | 12345).to_string()
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
