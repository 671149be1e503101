//! The posts list as report types: `lidex posts --json` ([`PostsReport`]), the CSV
//! checklist ([`checklist_csv`]), the terminal table ([`render_table`]), and the parts the
//! scan report carries (`posts_to_review`, `timeline`, `sensitive`).
//!
//! The checklist's columns are a contract (`lidex diff` reads it back):
//! `url,id,kind,date,reasons,excerpt,deleted` — see [`CHECKLIST_COLUMNS`].

use super::Tool;
use crate::category::Category;
use crate::posts::{Collected, Item, ItemFinding, ItemKind, PhoneRegion, Selection, link};
use schemars::JsonSchema;
use serde::Serialize;
use std::fmt::Write as _;

/// Version of the `lidex posts --json` format.
pub const POSTS_SCHEMA_VERSION: u32 = 1;

/// The checklist's header, in order. Stable: readers may rely on the names and the order.
pub const CHECKLIST_COLUMNS: [&str; 7] =
    ["url", "id", "kind", "date", "reasons", "excerpt", "deleted"];

/// What the archive cannot tell, said rather than guessed.
pub const ENGAGEMENT_NOTE: &str = "The export holds no like, comment, repost or view counts for your posts, so engagement cannot be used to choose what to delete; lidex does not estimate it.";

/// Why group posts may be missing from the list.
pub const GROUPS_NOTE: &str = "Group posts appear when the export lists them in Shares.csv (groupPost links); no separate group-posts file has been seen in an export.";

/// One sensitive-content finding in an item.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FindingReport {
    /// The column it was found in.
    pub column: String,
    /// email, phone, iban, card, national_id, postal_address, personal_url, special_category.
    #[serde(rename = "type")]
    pub kind: String,
    /// The subtype (health, religion, nl_bsn...), where the type has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// low, medium or high.
    pub severity: String,
    /// Offset of its first character in the value (characters, after Shares.csv's line
    /// quotes are removed).
    pub start: usize,
    /// Offset after its last character.
    pub end: usize,
    /// The value, mostly masked.
    pub masked: String,
}

/// One item to review.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PostItem {
    /// post, comment, article, repost, vote or reaction.
    pub kind: String,
    /// Its date (YYYY-MM-DD); null when the archive gives none.
    pub date: Option<String>,
    /// Its `https://www.linkedin.com/` link as the archive gives it (for a comment, vote or
    /// reaction: the post it belongs to); empty for an unpublished draft.
    pub url: String,
    /// Its own id (share, ugcPost or comment id, or an article's slug), else the id of the
    /// post its link points to; empty when there is none.
    pub id: String,
    /// The day encoded in the id of its link (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_date: Option<String>,
    /// Visibility, where the archive gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// It carries media.
    pub has_media: bool,
    /// It shares a link.
    pub has_link: bool,
    /// Its first words (at most 80 characters).
    pub excerpt: String,
    /// Why it is listed: old, email, phone, iban, card, national_id, postal_address,
    /// personal_url, `special_category:<subtype>`, contains, date_mismatch.
    pub reasons: Vec<String>,
    /// What the sensitive-content scan found in it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingReport>,
    /// The export file it comes from.
    pub file: String,
}

impl From<&Item> for PostItem {
    fn from(i: &Item) -> PostItem {
        PostItem {
            kind: i.kind.id().to_string(),
            date: i.date.map(|d| d.to_string()),
            url: i.url().into_owned(),
            id: i.id(),
            id_date: i.id_date.map(|d| d.to_string()),
            visibility: i.visibility.as_deref().map(str::to_owned),
            has_media: i.has_media,
            has_link: i.has_link,
            excerpt: i.excerpt.to_string(),
            reasons: i.reasons.iter().map(str::to_owned).collect(),
            findings: i.findings.iter().map(FindingReport::from).collect(),
            file: i.file.to_string(),
        }
    }
}

impl From<&ItemFinding> for FindingReport {
    fn from(f: &ItemFinding) -> FindingReport {
        FindingReport {
            column: f.column.clone(),
            kind: f.kind.clone(),
            subtype: f.subtype.clone(),
            severity: f.severity.clone(),
            start: f.start,
            end: f.end,
            masked: f.masked.clone(),
        }
    }
}

/// The listed items of a report. They stay in the domain's compact form and become
/// [`PostItem`]s one at a time, as they are written or rendered: a large archive lists
/// items by the hundred thousand, and a wire-form copy of the whole list beside the items
/// was the largest part of a scan's peak memory (heaptrack, 1 GiB archive).
#[derive(Debug, Clone, Default)]
pub struct PostItems {
    items: crate::posts::Items,
    redacted: bool,
}

impl PostItems {
    /// The items, in the order they are to be listed.
    pub fn new(items: crate::posts::Items) -> PostItems {
        PostItems {
            items,
            redacted: false,
        }
    }

    /// How many items are listed.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items in their wire form, masked when the report is redacted.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = PostItem> + '_ {
        self.items.iter().map(|i| {
            let mut post = PostItem::from(i);
            if self.redacted {
                super::redact::mask_post(&mut post);
            }
            post
        })
    }

    /// Masks every item as it is made (`--redact`).
    pub(crate) fn redact(&mut self) {
        self.redacted = true;
    }
}

impl Serialize for PostItems {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.redacted {
            serializer.collect_seq(self.iter())
        } else {
            serializer.collect_seq(self.items.iter().map(ItemView))
        }
    }
}

/// An item serialised as its [`PostItem`], field for field, straight from the domain item:
/// making a `PostItem` first cost about ten allocations an item, and writing the scan's
/// JSON is the one step that no other thread shares (about 50 ms of a 256 MiB scan's
/// 0.56 s). A test compares the two serialisations.
struct ItemView<'a>(&'a Item);

/// A day as `YYYY-MM-DD`, written without an intermediate string.
struct Day(jiff::civil::Date);

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// A 19-digit id, written with its leading zeros and without an intermediate string.
struct Padded(u64);

impl Serialize for Padded {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{:019}", self.0))
    }
}

/// An item's reason codes as a sequence.
struct ReasonCodes<'a>(&'a crate::posts::Reasons);

impl Serialize for ReasonCodes<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

impl Serialize for ItemView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let i = self.0;
        let mut st = serializer.serialize_struct("PostItem", 12)?;
        st.serialize_field("kind", i.kind.id())?;
        st.serialize_field("date", &i.date.map(Day))?;
        let url = i.url();
        st.serialize_field("url", &*url)?;
        match i.link.id() {
            Some(n) => st.serialize_field("id", &Padded(n))?,
            None => st.serialize_field(
                "id",
                crate::posts::item_id(i.kind, &url).unwrap_or_default(),
            )?,
        }
        match i.id_date {
            Some(d) => st.serialize_field("id_date", &Day(d))?,
            None => st.skip_field("id_date")?,
        }
        match i.visibility.as_deref() {
            Some(v) => st.serialize_field("visibility", v)?,
            None => st.skip_field("visibility")?,
        }
        st.serialize_field("has_media", &i.has_media)?;
        st.serialize_field("has_link", &i.has_link)?;
        st.serialize_field("excerpt", &*i.excerpt)?;
        st.serialize_field("reasons", &ReasonCodes(&i.reasons))?;
        if i.findings.is_empty() {
            st.skip_field("findings")?;
        } else {
            let findings: Vec<FindingReport> = i.findings.iter().map(FindingReport::from).collect();
            st.serialize_field("findings", &findings)?;
        }
        st.serialize_field("file", &*i.file)?;
        st.end()
    }
}

/// The schema of the list it serialises as, so the published schemas do not change.
impl JsonSchema for PostItems {
    fn inline_schema() -> bool {
        <Vec<PostItem>>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<PostItem>>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <Vec<PostItem>>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<PostItem>>::json_schema(generator)
    }
}

/// Items in one month of one kind.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TimelineEntry {
    /// YYYY-MM; null for undated items.
    pub month: Option<String>,
    /// post, comment, article, repost, vote or reaction.
    pub kind: String,
    /// Items (all of them, listed or not).
    pub items: u64,
}

/// Sensitive findings of one type and severity in one category.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SensitiveCount {
    /// The category whose free text holds them.
    pub category: Category,
    /// The finding type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its subtype, where the type has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// low, medium or high.
    pub severity: String,
    /// Findings.
    pub count: u64,
    /// Up to three examples, masked.
    pub examples: Vec<String>,
}

/// The region phone numbers without a country code were read in.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PhoneRegionReport {
    /// ISO 3166-1 alpha-2 code, e.g. `DE`.
    pub region: String,
    /// `profile` (the location in `Profile.csv`) or `option` (`--country`).
    pub source: String,
}

impl From<PhoneRegion> for PhoneRegionReport {
    fn from(r: PhoneRegion) -> PhoneRegionReport {
        PhoneRegionReport {
            region: r.region.code().to_string(),
            source: r.source.id().to_string(),
        }
    }
}

/// The sensitive-content scan in a scan report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SensitiveSummary {
    /// The categories whose free text was scanned and whose findings are listed: those the
    /// policy says are used for GenAI training in the region (any region when none is given).
    pub categories: Vec<Category>,
    /// Text values scanned.
    pub values_scanned: u64,
    /// The region phone numbers without a country code were read in; null when neither
    /// `--country` nor the profile tells it, and then only international numbers are found.
    pub phone_region: Option<PhoneRegionReport>,
    /// Findings by category, type, subtype and severity.
    pub findings: Vec<SensitiveCount>,
}

/// What `lidex posts` was asked.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SelectionReport {
    /// No criterion was given: older than two years, or sensitive.
    pub default: bool,
    /// The day the run was evaluated on.
    pub as_of: String,
    /// Items dated before this day are `old`.
    pub old_before: Option<String>,
    /// Only items from this day on.
    pub after: Option<String>,
    /// The kinds listed.
    pub kinds: Vec<String>,
    /// The sensitive types asked for (empty: any); null when not asked.
    pub sensitive: Option<Vec<String>>,
    /// The `--contains` terms.
    pub contains: Vec<String>,
    /// Lines of the `--keep` file (URLs and ids never listed).
    pub keep: usize,
}

/// The `lidex posts --json` report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PostsReport {
    /// Version of this format.
    pub schema_version: u32,
    /// The program that wrote it.
    pub tool: Tool,
    /// The inputs as given.
    pub inputs: Vec<String>,
    /// The criteria.
    pub selection: SelectionReport,
    /// The region phone numbers without a country code were read in; null when neither
    /// `--country` nor the profile tells it, and then only international numbers are found.
    pub phone_region: Option<PhoneRegionReport>,
    /// How far an item's date may be from the date in its id before `date_mismatch`.
    pub date_mismatch_tolerance_days: i32,
    /// Items seen per kind, listed or not.
    pub seen: std::collections::BTreeMap<String, u64>,
    /// What the archive cannot tell.
    pub notes: Vec<String>,
    /// The items, newest first.
    pub items: PostItems,
}

/// Items per month per kind.
pub fn timeline(c: &Collected) -> Vec<TimelineEntry> {
    c.timeline
        .iter()
        .map(|((month, kind), n)| TimelineEntry {
            month: month.map(|(y, m)| format!("{y:04}-{m:02}")),
            kind: kind.id().to_string(),
            items: *n,
        })
        .collect()
}

/// The findings of the categories `keep` accepts.
pub fn sensitive(c: &Collected, keep: &dyn Fn(Category) -> bool) -> SensitiveSummary {
    let categories: Vec<Category> = crate::posts::SCANNED_CATEGORIES
        .into_iter()
        .filter(|c| keep(*c))
        .collect();
    SensitiveSummary {
        values_scanned: c.values_scanned,
        phone_region: c.phone_region.map(PhoneRegionReport::from),
        findings: c
            .findings
            .iter()
            .filter(|((cat, ..), _)| categories.contains(cat))
            .map(|((category, kind, subtype, severity), t)| SensitiveCount {
                category: *category,
                kind: kind.clone(),
                subtype: subtype.clone(),
                severity: severity.clone(),
                count: t.count,
                examples: t.examples.clone(),
            })
            .collect(),
        categories,
    }
}

/// Builds the `lidex posts` report.
pub fn build(c: Collected, selection: &Selection, inputs: Vec<String>) -> PostsReport {
    let kinds = ItemKind::ALL
        .into_iter()
        .filter(|k| selection.wants(*k))
        .map(|k| k.id().to_string())
        .collect();
    PostsReport {
        schema_version: POSTS_SCHEMA_VERSION,
        tool: Tool {
            name: "lidex".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        inputs,
        selection: SelectionReport {
            default: selection.is_default(),
            as_of: selection.as_of.to_string(),
            old_before: (selection.is_default() || selection.before.is_some())
                .then(|| selection.old_before().map(|d| d.to_string()))
                .flatten(),
            after: selection.after.map(|d| d.to_string()),
            kinds,
            sensitive: selection.sensitive.clone(),
            contains: selection.contains.clone(),
            keep: selection.keep.len(),
        },
        phone_region: c.phone_region.map(PhoneRegionReport::from),
        date_mismatch_tolerance_days: link::MISMATCH_TOLERANCE_DAYS,
        seen: c
            .seen
            .iter()
            .map(|(k, n)| (k.id().to_string(), *n))
            .collect(),
        notes: vec![ENGAGEMENT_NOTE.to_string(), GROUPS_NOTE.to_string()],
        items: PostItems::new(c.items),
    }
}

/// The report as pretty JSON with a final newline, written to `out` as it is made.
pub fn write_json<W: std::io::Write>(report: &PostsReport, out: W) -> std::io::Result<()> {
    super::json::write_pretty(report, out)
}

/// The JSON Schema of [`PostsReport`].
pub fn schema() -> String {
    super::json::schema_of::<PostsReport>()
}

/// A spreadsheet reads a cell starting with `=`, `+`, `-` or `@` as a formula: archive
/// text must never become one, so such an excerpt gets a leading `'` (the `lidex diff`
/// checklist uses it too).
pub(crate) fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The checklist: one row per item, [`CHECKLIST_COLUMNS`], reasons joined by `;`, an
/// empty `deleted` column to tick.
pub fn checklist_csv(items: impl IntoIterator<Item = PostItem>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CHECKLIST_COLUMNS);
    for i in items {
        let _ = w.write_record([
            i.url.as_str(),
            i.id.as_str(),
            i.kind.as_str(),
            i.date.as_deref().unwrap_or(""),
            &i.reasons.join(";"),
            &defuse(&i.excerpt),
            "",
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// One line, no control characters, at most `max` characters.
fn clean(s: &str, max: usize) -> String {
    let one: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one.chars().count() > max {
        let cut: String = one.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        one
    }
}

/// The terminal table, newest first: date, kind, reasons, excerpt, URL.
pub fn render_table(report: &PostsReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} items to review (as of {}{})",
        report.items.len(),
        report.selection.as_of,
        if report.selection.default {
            ": older than two years, or sensitive"
        } else {
            ""
        }
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<10}  {:<8}  {:<28}  {:<40}  URL",
        "Date", "Kind", "Reasons", "Excerpt"
    );
    for i in report.items.iter() {
        let _ = writeln!(
            out,
            "{:<10}  {:<8}  {:<28}  {:<40}  {}",
            i.date.as_deref().unwrap_or("undated"),
            i.kind,
            clean(&i.reasons.join(","), 28),
            clean(&i.excerpt, 40),
            clean(&i.url, 200),
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", phone_region_line(report.phone_region.as_ref()));
    for note in &report.notes {
        let _ = writeln!(out, "Note: {note}");
    }
    out
}

/// The scan summary's short section on posts to review and sensitive findings (empty
/// when there is neither).
pub fn render_summary(report: &super::Report) -> String {
    let mut out = String::new();
    let items = &report.posts_to_review;
    if !items.is_empty() {
        let old = items
            .iter()
            .filter(|i| i.reasons.iter().any(|r| r == "old"))
            .count();
        let sensitive = items.iter().filter(|i| !i.findings.is_empty()).count();
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Posts to review: {} ({old} older than two years, {sensitive} with sensitive content). `lidex posts` lists them with links and writes a checklist.",
            items.len()
        );
    }
    if let Some(s) = &report.sensitive
        && !s.findings.is_empty()
    {
        let mut parts: Vec<String> = Vec::new();
        for f in &s.findings {
            let what = match &f.subtype {
                Some(sub) => format!("{} ({sub})", f.kind),
                None => f.kind.clone(),
            };
            parts.push(format!(
                "{} {what} in {}",
                f.count,
                f.category.label().to_lowercase()
            ));
        }
        let _ = writeln!(
            out,
            "Sensitive content in text LinkedIn may train on: {}.",
            clean(&parts.join(", "), 400)
        );
        let _ = writeln!(out, "{}", phone_region_line(s.phone_region.as_ref()));
    }
    out
}

/// Which phone numbers without a country code the scan could find, in one line (the
/// terminal's; the HTML report says the same).
pub(crate) fn phone_region_line(region: Option<&PhoneRegionReport>) -> String {
    match region {
        Some(r) if r.source == "option" => format!(
            "Phone numbers without a country code were read as {} numbers (--country).",
            r.region
        ),
        Some(r) => format!(
            "Phone numbers without a country code were read as {} numbers (your profile's country; --country changes it).",
            r.region
        ),
        None => "Phone numbers without a country code were not looked for: your profile names no country (give --country).".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(excerpt: &str) -> Item {
        Item {
            link: crate::posts::link::Link::new(
                "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7000000000000000001",
            ),
            reasons: crate::posts::Reasons::new(vec!["old".into(), "email".into()]),
            ..Item::sample(ItemKind::Post, Some(jiff::civil::date(2021, 1, 2)), excerpt)
        }
    }

    fn wire(excerpt: &str) -> PostItem {
        PostItem::from(&item(excerpt))
    }

    #[test]
    fn an_item_serialises_as_its_post_item_field_for_field() {
        use crate::posts::{ItemFinding, link::Link};
        let plain = item("hello \"world\" <b>");
        let mut full = item("Call me on +31 6 12345678");
        full.date = None;
        full.id_date = Some(jiff::civil::date(2020, 2, 29));
        full.visibility = Some("PUBLIC".into());
        full.has_media = true;
        full.link = Link::new("https://www.linkedin.com/pulse/a-title/");
        full.reasons = crate::posts::Reasons::new(vec!["phone".into(), "odd:code".into()]);
        full.findings = vec![ItemFinding {
            column: "ShareCommentary".into(),
            kind: "phone".into(),
            subtype: None,
            severity: "medium".into(),
            start: 11,
            end: 25,
            masked: "+31 6 ••••5678".into(),
        }]
        .into();
        let share = "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A0000000000000000042";
        let told = Item {
            link: Link::with_id(share, crate::posts::item_id(ItemKind::Post, share)),
            ..item("told its id")
        };
        assert_eq!(told.link.id(), Some(42));
        for i in [plain, full, item(""), told] {
            assert_eq!(
                serde_json::to_string_pretty(&ItemView(&i)).unwrap(),
                serde_json::to_string_pretty(&PostItem::from(&i)).unwrap()
            );
        }
    }

    #[test]
    fn checklist_has_the_stable_columns_and_an_empty_deleted_cell() {
        let csv = String::from_utf8(checklist_csv([wire("hello, \"world\"")])).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("url,id,kind,date,reasons,excerpt,deleted")
        );
        assert_eq!(
            lines.next(),
            Some(
                "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7000000000000000001,7000000000000000001,post,2021-01-02,old;email,\"hello, \"\"world\"\"\","
            )
        );
    }

    #[test]
    fn checklist_excerpts_never_become_formulas() {
        let csv = String::from_utf8(checklist_csv([wire("=HYPERLINK(\"x\")")])).unwrap();
        assert!(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{csv}");
    }

    #[test]
    fn table_rows_are_single_lines_without_control_characters() {
        let mut r = build(
            Collected::default(),
            &Selection::default_on(jiff::civil::date(2026, 1, 1)),
            vec![],
        );
        r.items = PostItems::new(crate::posts::Items::from_vec(vec![item(
            "a\u{1b}[31mred\nline",
        )]));
        let text = render_table(&r);
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains("a [31mred line"));
    }

    #[test]
    fn the_phone_region_line_says_where_the_region_came_from() {
        let region = |source: &str| PhoneRegionReport {
            region: "DE".into(),
            source: source.into(),
        };
        assert!(
            phone_region_line(Some(&region("profile")))
                .contains("as DE numbers (your profile's country")
        );
        assert!(phone_region_line(Some(&region("option"))).contains("as DE numbers (--country)"));
        assert!(phone_region_line(None).contains("not looked for"));
    }
}
