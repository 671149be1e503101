//! What the member posted, commented, wrote, reposted and voted (and, on request, reacted
//! to), as a list of items to review for deletion, with the reasons each one is listed.
//!
//! The items are collected during the scan's single pass by a [`RecordSink`]
//! ([`collect`]): each posts file's records become [`Item`]s as they are read, the
//! selection ([`Selection`]) is applied at once, and only selected items are kept. An item
//! holds its date, link, flags and a short excerpt, never the text: the text stays in the
//! archive. Free text of the categories LinkedIn trains on is run through a
//! [`TextScanner`] (the sensitive-content detector) in the same pass.
//!
//! [`RecordSink`]: crate::classify::sink::RecordSink

pub mod collect;
pub mod items;
pub mod link;
pub mod region;

pub use collect::{Plan, TextScanner};
pub use items::Items;
pub use region::{PhoneRegion, RegionSource};

use crate::category::Category;
use crate::classify::TextTally;
use crate::sensitive::Region;
use jiff::civil::Date;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, LazyLock};

crate::vocab::vocabulary! {
    /// What kind of thing an item is. Declared in report order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum ItemKind {
        /// A post (`Shares*.csv`), including posts in groups.
        Post = "post",
        /// A comment (`Comments*.csv`).
        Comment = "comment",
        /// An article or article draft (`Articles/…/*.html`).
        Article = "article",
        /// A repost without commentary (`InstantReposts*.csv`).
        Repost = "repost",
        /// A poll vote (`Votes.csv`).
        Vote = "vote",
        /// A reaction (`Reactions*.csv`); listed only when asked for.
        Reaction = "reaction",
    }
}

impl ItemKind {
    /// The kinds listed when none are asked for: everything but reactions.
    pub const DEFAULT: [ItemKind; 5] = [
        ItemKind::Post,
        ItemKind::Comment,
        ItemKind::Article,
        ItemKind::Repost,
        ItemKind::Vote,
    ];

    /// The kind of item a catalog file holds, by its catalog id.
    pub fn of_file(file_id: &str) -> Option<ItemKind> {
        Some(match file_id {
            "shares" => ItemKind::Post,
            "comments" => ItemKind::Comment,
            "articles" => ItemKind::Article,
            "instant_reposts" => ItemKind::Repost,
            "votes" => ItemKind::Vote,
            "reactions" => ItemKind::Reaction,
            _ => return None,
        })
    }
}

/// One sensitive-content finding in an item's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFinding {
    /// The column (header) it was found in.
    pub column: String,
    /// Its type id ("email", "phone", "special_category", ...).
    pub kind: String,
    /// Its subtype ("health", "nl_bsn", ...), where the type has them.
    pub subtype: Option<String>,
    /// "low", "medium" or "high".
    pub severity: String,
    /// Character offsets in the value (after `Shares.csv`'s line quotes are removed).
    pub start: usize,
    /// End offset (exclusive), in characters.
    pub end: usize,
    /// The value with most of it masked.
    pub masked: String,
}

impl ItemFinding {
    /// The reason code it gives an item: the type, with the subtype for special categories.
    pub fn reason(&self) -> Reason {
        match (&self.subtype, self.kind.as_str()) {
            (Some(sub), "special_category") => Cow::Owned(format!("special_category:{sub}")),
            _ => Cow::Owned(self.kind.clone()),
        }
    }
}

/// Why an item is listed (`old`, `email`, `special_category:health`...). The codes lidex
/// names itself are static, so the common `old` costs an item no allocation.
pub type Reason = Cow<'static, str>;

/// One thing the member posted, commented, wrote, reposted, voted or reacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// Its date in the archive.
    pub date: Option<Date>,
    /// Its `https://www.linkedin.com/...` link (for comments, votes and reactions: the post
    /// they belong to), as the archive gives it; empty for an unpublished article draft.
    /// Kept compactly ([`link::Link`]); [`Item::url`] gives its text.
    pub link: link::Link,
    /// The date in the id of its link (first 41 bits of a 19-digit id, Unix milliseconds).
    pub id_date: Option<Date>,
    /// Visibility, where the archive gives it (`MEMBER_NETWORK`, `PUBLIC`...), shared with
    /// the file's other items of the same visibility.
    pub visibility: Option<Shared>,
    /// It carries media (an image, a video, a document).
    pub has_media: bool,
    /// It shares a link.
    pub has_link: bool,
    /// The first words of its text (control characters removed, whitespace collapsed).
    pub excerpt: Box<str>,
    /// Characters and words of its text (every text column and an article's title), as
    /// the research dataset's `items` table counts them.
    pub text: ItemText,
    /// Why it is listed: `old`, `email`, `phone`, `iban`, `card`, `national_id`,
    /// `postal_address`, `personal_url`, `special_category:<subtype>`, `contains`,
    /// `date_mismatch`.
    pub reasons: Reasons,
    /// What the sensitive-content scan found in its text.
    pub findings: Findings,
    /// The file it comes from (path inside its input), shared by the file's items.
    pub file: Shared,
}

impl Item {
    /// Its own id (share, ugcPost, activity or comment id, or an article's slug), else the
    /// id of the post its link points to; empty when the link has none. Read from the link
    /// when asked rather than kept beside it.
    pub fn id(&self) -> String {
        match self.link.id() {
            Some(n) => format!("{n:019}"),
            None => item_id(self.kind, &self.url()).unwrap_or("").to_owned(),
        }
    }

    /// Its link, as the archive gives it (empty when it has none).
    pub fn url(&self) -> Cow<'_, str> {
        self.link.as_str()
    }

    /// A plain item of Shares.csv for tests: no link, reasons or findings.
    #[cfg(test)]
    pub(crate) fn sample(kind: ItemKind, date: Option<Date>, excerpt: &str) -> Item {
        Item {
            kind,
            date,
            link: link::Link::default(),
            id_date: None,
            visibility: None,
            has_media: false,
            has_link: false,
            excerpt: excerpt.into(),
            text: ItemText::default(),
            reasons: Reasons::default(),
            findings: Findings::default(),
            file: "Shares.csv".into(),
        }
    }
}

/// The own id of an item of `kind` in `url` (see [`Item::id`]), else its post's id.
pub fn item_id(kind: ItemKind, url: &str) -> Option<&str> {
    own_id(kind, url).or_else(|| link::post_id(url))
}

/// The id that is the item's own, not its post's: a post's share id, a comment's comment
/// id, an article's slug.
pub(crate) fn own_id(kind: ItemKind, url: &str) -> Option<&str> {
    match kind {
        ItemKind::Post => link::own_id(url, false),
        ItemKind::Comment => link::own_id(url, true),
        ItemKind::Article => link::article_id(url),
        _ => None,
    }
}

/// [`TextTally`] in half the room: one item's text is far below 4G characters (a field is
/// cut at `--max-field-bytes`), and items are held by the hundred thousand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemText {
    chars: u32,
    words: u32,
}

impl ItemText {
    /// The counts, widened back.
    pub fn tally(&self) -> TextTally {
        TextTally {
            chars: u64::from(self.chars),
            words: u64::from(self.words),
        }
    }
}

impl From<TextTally> for ItemText {
    fn from(t: TextTally) -> ItemText {
        ItemText {
            chars: u32::try_from(t.chars).unwrap_or(u32::MAX),
            words: u32::try_from(t.words).unwrap_or(u32::MAX),
        }
    }
}

/// Text many items share (a file's path, a visibility), held through one thin pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared(Arc<String>);

impl std::ops::Deref for Shared {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Shared {
    fn from(text: &str) -> Shared {
        Shared(Arc::new(text.to_owned()))
    }
}

/// An item's findings: most items have none, which then costs one null pointer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings(
    // Boxed so an item pays 8 bytes for the field, not a Vec's 24 or a boxed slice's 16.
    #[allow(clippy::box_collection)] Option<Box<Vec<ItemFinding>>>,
);

impl std::ops::Deref for Findings {
    type Target = [ItemFinding];

    fn deref(&self) -> &[ItemFinding] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl From<Vec<ItemFinding>> for Findings {
    fn from(findings: Vec<ItemFinding>) -> Findings {
        Findings((!findings.is_empty()).then(|| Box::new(findings)))
    }
}

/// Every reason code lidex gives: `old`, each finding type (a special category's with its
/// subtype, as `ItemFinding::reason` writes it), `contains` and `date_mismatch`. Made from
/// the sensitive scan's own kinds, so a new kind or category is in it. An item's reasons are
/// held as indexes into this table, so a listed item's reasons cost it no allocation (most
/// large-archive items have two: `old` and `date_mismatch`).
static REASON_CODES: LazyLock<Vec<String>> = LazyLock::new(|| {
    use crate::sensitive::{Kind, Special};
    let special = Kind::SpecialCategory(Special::Health).id();
    let mut codes = vec!["old".to_owned()];
    codes.extend(
        Kind::IDS
            .iter()
            .filter(|id| **id != special)
            .map(|id| (*id).to_owned()),
    );
    codes.extend(Special::ALL.iter().map(|s| format!("{special}:{}", s.id())));
    codes.extend(["contains", "date_mismatch"].map(str::to_owned));
    codes
});

/// Bits per reason in [`Reasons`]' packed form (a table index plus one; 0 ends the list).
const REASON_BITS: u32 = 5;

/// Why an item is listed, in order: up to twelve codes of `REASON_CODES` packed in one
/// word, or, for a code outside the table, the list itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reasons {
    packed: u64,
    // Boxed so the rare case costs an item one pointer (8 bytes), not a Vec's 24.
    #[allow(clippy::box_collection)]
    other: Option<Box<Vec<Reason>>>,
}

impl Reasons {
    /// The reasons in the order given.
    pub fn new(reasons: Vec<Reason>) -> Reasons {
        let mut packed = 0u64;
        for (slot, reason) in reasons.iter().enumerate() {
            let index = REASON_CODES
                .iter()
                .position(|c| c == reason.as_ref())
                // An index plus one must fit its slot.
                .filter(|i| *i + 1 < 1 << REASON_BITS);
            // Twelve codes of five bits fit in the word; a thirteenth, or an unknown code,
            // keeps the list.
            let slot = u32::try_from(slot)
                .ok()
                .filter(|s| *s < u64::BITS / REASON_BITS);
            match (index, slot) {
                (Some(i), Some(slot)) => packed |= (i as u64 + 1) << (slot * REASON_BITS),
                _ => {
                    return Reasons {
                        packed: 0,
                        other: Some(Box::new(reasons)),
                    };
                }
            }
        }
        Reasons {
            packed,
            other: None,
        }
    }

    /// The reason codes, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let mut packed = self.packed;
        let codes = std::iter::from_fn(move || {
            let index = usize::try_from(packed & ((1 << REASON_BITS) - 1)).ok()?;
            packed >>= REASON_BITS;
            REASON_CODES.get(index.checked_sub(1)?).map(String::as_str)
        });
        codes.chain(self.other.iter().flat_map(|o| o.iter().map(|r| r.as_ref())))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether there is none (an item listed by `--every`).
    pub fn is_empty(&self) -> bool {
        self.packed == 0 && self.other.as_ref().is_none_or(|o| o.is_empty())
    }
}

/// Sensitive findings of one type and severity in one category.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingTally {
    /// Findings.
    pub count: u64,
    /// Up to three masked examples, in the order found.
    pub examples: Vec<String>,
}

/// Findings per (category, type, subtype, severity).
pub type FindingKey = (Category, String, Option<String>, String);

/// Items per month (`YYYY-MM`, or `None` when undated) and kind.
pub type Timeline = BTreeMap<(Option<(i16, i8)>, ItemKind), u64>;

/// A year and month (`None`: the record had no date).
pub type Month = Option<(i16, i8)>;

/// What the posts and sensitive-content sinks collected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collected {
    /// Selected items.
    pub items: Items,
    /// Every item seen (selected or not), per month and kind.
    pub timeline: Timeline,
    /// Items seen per kind, selected or not.
    pub seen: BTreeMap<ItemKind, u64>,
    /// Sensitive findings per category, type and severity, over every scanned text column.
    pub findings: BTreeMap<FindingKey, FindingTally>,
    /// The same findings counted per month of the record they are in (the research
    /// dataset's `findings` table).
    pub finding_months: BTreeMap<(FindingKey, Month), u64>,
    /// Text values run through the sensitive-content scan.
    pub values_scanned: u64,
    /// Bytes of text run through it.
    pub bytes_scanned: u64,
    /// The region phone numbers without a country code were read in, and where it came
    /// from; `None` when nothing told it (only international numbers were looked for).
    pub phone_region: Option<PhoneRegion>,
}

impl Collected {
    /// Adds another file's collection.
    pub fn merge(&mut self, other: Collected) {
        self.items.append(other.items);
        for (k, n) in other.timeline {
            *self.timeline.entry(k).or_default() += n;
        }
        for (k, n) in other.seen {
            *self.seen.entry(k).or_default() += n;
        }
        for (k, n) in other.finding_months {
            *self.finding_months.entry(k).or_default() += n;
        }
        for (k, t) in other.findings {
            let mine = self.findings.entry(k).or_default();
            mine.count += t.count;
            for e in t.examples {
                if mine.examples.len() < 3 {
                    mine.examples.push(e);
                }
            }
        }
        self.values_scanned += other.values_scanned;
        self.bytes_scanned += other.bytes_scanned;
        // One region holds for a whole scan; a collection that has one keeps it.
        self.phone_region = self.phone_region.or(other.phone_region);
    }

    /// Orders the items newest first (undated last); ties keep archive order.
    pub fn sort(&mut self) {
        self.items.sort();
    }
}

/// How far back `--older-than` reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    /// Years.
    Years(i16),
    /// Months.
    Months(i32),
    /// Days.
    Days(i32),
}

impl Age {
    /// Parses `2y`, `18m` or `400d`.
    pub fn parse(s: &str) -> Option<Age> {
        let s = s.trim();
        let unit = s.chars().last()?;
        let n = s.get(..s.len() - unit.len_utf8())?;
        match unit.to_ascii_lowercase() {
            'y' => n
                .parse()
                .ok()
                .filter(|n| (0..=200).contains(n))
                .map(Age::Years),
            'm' => n
                .parse()
                .ok()
                .filter(|n| (0..=2400).contains(n))
                .map(Age::Months),
            'd' => n
                .parse()
                .ok()
                .filter(|n| (0..=73000).contains(n))
                .map(Age::Days),
            _ => None,
        }
    }

    /// The day that far before `as_of`.
    pub fn before(self, as_of: Date) -> Option<Date> {
        let span = match self {
            Age::Years(y) => jiff::Span::new().years(y),
            Age::Months(m) => jiff::Span::new().months(m),
            Age::Days(d) => jiff::Span::new().days(d),
        };
        as_of.checked_sub(span).ok()
    }
}

/// Which items to list. With no criterion (no `before`, `after`, `sensitive` or
/// `contains`), the default is everything older than two years plus everything
/// sensitive. Given criteria combine with AND between groups (the date window; the
/// content: `sensitive` OR `contains`).
#[derive(Debug, Clone)]
pub struct Selection {
    /// The day the run is evaluated on.
    pub as_of: Date,
    /// List items dated before this day (`--before`, or `--older-than` from `as_of`).
    pub before: Option<Date>,
    /// List only items dated on or after this day.
    pub after: Option<Date>,
    /// The kinds to list; empty means [`ItemKind::DEFAULT`].
    pub kinds: Vec<ItemKind>,
    /// List items with sensitive findings: `Some(empty)` for any type, else these type ids
    /// (or `special_category:<subtype>`).
    pub sensitive: Option<Vec<String>>,
    /// List items whose text or shared link contains one of these (case-insensitive): a
    /// word, a `#hashtag` or a domain.
    pub contains: Vec<String>,
    /// URLs or ids never to list.
    pub keep: BTreeSet<String>,
}

impl Selection {
    /// The default selection on `as_of`: older than two years, or sensitive.
    pub fn default_on(as_of: Date) -> Selection {
        Selection {
            as_of,
            before: None,
            after: None,
            kinds: Vec::new(),
            sensitive: None,
            contains: Vec::new(),
            keep: BTreeSet::new(),
        }
    }

    /// No criterion was given, so the default applies.
    pub fn is_default(&self) -> bool {
        self.before.is_none()
            && self.after.is_none()
            && self.sensitive.is_none()
            && self.contains.is_empty()
    }

    /// The kinds this selection lists.
    pub fn wants(&self, kind: ItemKind) -> bool {
        if self.kinds.is_empty() {
            ItemKind::DEFAULT.contains(&kind)
        } else {
            self.kinds.contains(&kind)
        }
    }

    /// The day before which an item is `old`.
    pub fn old_before(&self) -> Option<Date> {
        self.before.or_else(|| Age::Years(2).before(self.as_of))
    }

    /// Whether a `keep` line names this item.
    pub fn keeps(&self, url: &str, id: &str) -> bool {
        (!url.is_empty() && self.keep.contains(url)) || (!id.is_empty() && self.keep.contains(id))
    }

    /// The reasons an item is listed, or `None` when it is not. `contains` says whether
    /// one of the `contains` terms matched; `date_mismatch` whether its date disagrees
    /// with its id.
    pub fn judge(
        &self,
        kind: ItemKind,
        date: Option<Date>,
        findings: &[ItemFinding],
        contains: bool,
        date_mismatch: bool,
    ) -> Option<Vec<Reason>> {
        if !self.wants(kind) {
            return None;
        }
        let old = match (self.old_before(), date) {
            (Some(cut), Some(d)) => d < cut,
            _ => false,
        };
        let mut sensitive: Vec<Reason> = Vec::new();
        for f in findings {
            let reason = f.reason();
            let asked = match &self.sensitive {
                Some(types) if !types.is_empty() => {
                    types.iter().any(|t| *t == f.kind || *t == reason)
                }
                _ => true,
            };
            if asked && !sensitive.contains(&reason) {
                sensitive.push(reason);
            }
        }
        let selected = if self.is_default() {
            old || !sensitive.is_empty()
        } else {
            let in_window = (self.before.is_none() || old)
                && self
                    .after
                    .is_none_or(|after| date.is_some_and(|d| d >= after));
            let content_asked = self.sensitive.is_some() || !self.contains.is_empty();
            let content = (self.sensitive.is_some() && !sensitive.is_empty())
                || (!self.contains.is_empty() && contains);
            in_window && (!content_asked || content)
        };
        if !selected {
            return None;
        }
        let mut reasons = Vec::new();
        if old && (self.is_default() || self.before.is_some()) {
            reasons.push(Cow::Borrowed("old"));
        }
        if self.is_default() || self.sensitive.is_some() {
            reasons.extend(sensitive);
        }
        if contains && !self.contains.is_empty() {
            reasons.push(Cow::Borrowed("contains"));
        }
        if date_mismatch {
            reasons.push(Cow::Borrowed("date_mismatch"));
        }
        Some(reasons)
    }
}

/// The categories whose free text the sensitive-content scan reads: those the issue names
/// as used for GenAI training in some region (posted content, GenAI conversations,
/// job-seeking answers, profile text). The report keeps the findings of the categories the
/// policy's verdicts say are used in the member's region.
pub const SCANNED_CATEGORIES: [Category; 4] = [
    Category::PostedContent,
    Category::GenaiConversations,
    Category::JobSeeking,
    Category::Profile,
];

/// The sensitive-content scanner, [`crate::sensitive::Detector`]. `country` (`--country`)
/// is the region of phone numbers without a country code; without it, the scan reads the
/// member's country from the archive's profile.
pub fn detector(country: Option<Region>) -> Option<Box<dyn TextScanner>> {
    let code = country.as_ref().map(Region::code);
    Some(Box::new(crate::sensitive::Detector::new(code)))
}

impl TextScanner for crate::sensitive::Detector {
    fn country(&self) -> Option<Region> {
        self.region()
    }

    fn scan(&self, text: &str, region: Option<Region>) -> Vec<ItemFinding> {
        self.scan_in(text, region)
            .into_iter()
            .map(|f| ItemFinding {
                column: String::new(),
                kind: f.kind.id().to_string(),
                subtype: f.kind.subtype().map(String::from),
                severity: f.severity.id().to_string(),
                start: f.start,
                end: f.end,
                masked: f.masked,
            })
            .collect()
    }
}

/// Reads a `--keep` file: one URL or id per line; blank lines and lines starting with `#`
/// are ignored. A CSV checklist written by `lidex posts --csv` works too: its `url` and
/// `id` columns are read.
pub fn parse_keep(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut lines = text.lines();
    let first = lines.clone().next().unwrap_or_default();
    if first.trim_start_matches('\u{feff}').starts_with("url,id,") {
        let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        for rec in rdr.records().flatten() {
            for field in [rec.get(0), rec.get(1)].into_iter().flatten() {
                if !field.trim().is_empty() {
                    out.insert(field.trim().to_string());
                }
            }
        }
        return out;
    }
    for line in lines.by_ref() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.insert(line.to_string());
        if let Some(id) = link::own_id(line, false) {
            out.insert(id.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn finding(kind: &str, sub: Option<&str>) -> ItemFinding {
        ItemFinding {
            column: "ShareCommentary".into(),
            kind: kind.into(),
            subtype: sub.map(String::from),
            severity: "high".into(),
            start: 0,
            end: 1,
            masked: "x".into(),
        }
    }

    #[test]
    fn default_lists_old_or_sensitive_items() {
        let s = Selection::default_on(date(2026, 1, 1));
        let old = Some(date(2023, 12, 31));
        let recent = Some(date(2025, 6, 1));
        assert_eq!(
            s.judge(ItemKind::Post, old, &[], false, false),
            Some(vec![Reason::from("old")])
        );
        assert_eq!(s.judge(ItemKind::Post, recent, &[], false, false), None);
        let health = [finding("special_category", Some("health"))];
        assert_eq!(
            s.judge(ItemKind::Comment, recent, &health, false, true),
            Some(vec![
                Reason::from("special_category:health"),
                Reason::from("date_mismatch")
            ])
        );
        // Reactions are only listed when asked for.
        assert_eq!(s.judge(ItemKind::Reaction, old, &[], false, false), None);
    }

    #[test]
    fn criteria_combine_window_and_content() {
        let mut s = Selection::default_on(date(2026, 1, 1));
        s.before = Age::parse("18m").and_then(|a| a.before(s.as_of));
        assert_eq!(s.before, Some(date(2024, 7, 1)));
        s.sensitive = Some(vec!["email".into()]);
        let old = Some(date(2024, 1, 1));
        let email = [finding("email", None)];
        let phone = [finding("phone", None)];
        assert_eq!(
            s.judge(ItemKind::Post, old, &email, false, false),
            Some(vec![Reason::from("old"), Reason::from("email")])
        );
        assert_eq!(s.judge(ItemKind::Post, old, &phone, false, false), None);
        assert_eq!(
            s.judge(ItemKind::Post, Some(date(2025, 1, 1)), &email, false, false),
            None
        );
    }

    fn listed(kind: ItemKind, date: Option<Date>, excerpt: &str) -> Item {
        Item::sample(kind, date, excerpt)
    }

    #[test]
    fn reasons_keep_their_order_with_old_first_or_anywhere() {
        let codes = |r: &Reasons| r.iter().map(str::to_owned).collect::<Vec<_>>();
        let old_email = Reasons::new(vec!["old".into(), "email".into()]);
        assert_eq!(codes(&old_email), ["old", "email"]);
        assert_eq!(old_email.len(), 2);
        let only_old = Reasons::new(vec!["old".into()]);
        assert_eq!(codes(&only_old), ["old"]);
        let all: Vec<Reason> = REASON_CODES
            .iter()
            .rev()
            .map(|c| Cow::Owned(c.clone()))
            .collect();
        assert_eq!(
            codes(&Reasons::new(all.clone())),
            all.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            "more than a word holds: kept as a list"
        );
        let unknown = Reasons::new(vec!["old".into(), "special_category:new_one".into()]);
        assert_eq!(codes(&unknown), ["old", "special_category:new_one"]);
        let later = Reasons::new(vec!["email".into(), "old".into()]);
        assert_eq!(codes(&later), ["email", "old"]);
        let none = Reasons::new(Vec::new());
        assert!(none.is_empty());
        assert_eq!(codes(&none), Vec::<String>::new());
    }

    #[test]
    fn the_reason_table_names_every_finding_type_and_special_category() {
        use crate::sensitive::{IdKind, Special};
        for special in Special::ALL {
            let code = format!("special_category:{}", special.id());
            assert!(REASON_CODES.contains(&code), "{code}");
        }
        let finding = |kind: crate::sensitive::Kind| {
            ItemFinding {
                column: String::new(),
                kind: kind.id().to_string(),
                subtype: kind.subtype().map(str::to_string),
                severity: String::new(),
                start: 0,
                end: 0,
                masked: String::new(),
            }
            .reason()
        };
        use crate::sensitive::Kind;
        for kind in [
            Kind::Email,
            Kind::Phone,
            Kind::Iban,
            Kind::Card,
            Kind::NationalId(IdKind::NlBsn),
            Kind::PostalAddress,
            Kind::PersonalUrl,
        ] {
            let code = finding(kind);
            assert!(REASON_CODES.contains(&code.to_string()), "{code}");
        }
    }

    #[test]
    fn an_items_id_is_read_from_its_link_by_kind() {
        let share = "7100000000000000001";
        let comment = "7200000000000000002";
        let mut item = listed(ItemKind::Post, None, "");
        item.link = link::Link::new(&format!(
            "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{share}"
        ));
        assert_eq!(item.id(), share);
        item.kind = ItemKind::Comment;
        item.link = link::Link::new(&format!(
            "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{share}?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A{share}%2C{comment}%29"
        ));
        assert_eq!(item.id(), comment);
        item.kind = ItemKind::Vote;
        assert_eq!(item.id(), share, "a vote's id is its post's");
        item.kind = ItemKind::Article;
        item.link = link::Link::new("https://www.linkedin.com/pulse/a-title-jane-doe-abcde/");
        assert_eq!(item.id(), "a-title-jane-doe-abcde");
        item.link = link::Link::default();
        assert_eq!(item.id(), "");
    }

    #[test]
    fn merged_items_sort_newest_first_undated_last_ties_in_archive_order() {
        let day = |d| Some(date(2024, 1, d));
        let mut first = Collected {
            items: Items::from_vec(vec![
                listed(ItemKind::Comment, day(1), "c1"),
                listed(ItemKind::Post, None, "undated"),
                listed(ItemKind::Post, day(1), "p1"),
            ]),
            ..Collected::default()
        };
        let second = Collected {
            items: Items::from_vec(vec![
                listed(ItemKind::Comment, day(1), "c2"),
                listed(ItemKind::Post, day(3), "p3"),
            ]),
            ..Collected::default()
        };
        first.merge(second);
        first.sort();
        let order: Vec<&str> = first.items.iter().map(|i| &*i.excerpt).collect();
        assert_eq!(order, ["p3", "p1", "c1", "c2", "undated"]);
    }

    #[test]
    fn ages_parse_and_reject() {
        assert_eq!(Age::parse("2y"), Some(Age::Years(2)));
        assert_eq!(Age::parse("400d"), Some(Age::Days(400)));
        assert_eq!(Age::parse("18M"), Some(Age::Months(18)));
        assert_eq!(Age::parse("2w"), None);
        assert_eq!(Age::parse("y"), None);
        assert_eq!(Age::parse(""), None);
    }

    #[test]
    fn keep_reads_lines_and_checklists() {
        let keep = parse_keep(
            "# mine\nhttps://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7012345678901234567\n\n7000000000000000001\n",
        );
        assert!(keep.contains("7012345678901234567"));
        assert!(keep.contains("7000000000000000001"));
        let keep = parse_keep(
            "url,id,kind,date,reasons,excerpt,deleted\nhttps://x/y,123,post,2020-01-01,old,hi,\n",
        );
        assert!(keep.contains("https://x/y") && keep.contains("123"));
    }
}
