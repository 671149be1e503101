//! The posts and sensitive-content sink: one collector per file that needs it, fed by
//! the scan's per-record path (see [`crate::classify::sink`]).

use super::region::{PhoneRegion, RegionSource};
use super::{
    Collected, FindingKey, FindingTally, Item, ItemFinding, ItemKind, Reasons, SCANNED_CATEGORIES,
    Selection, Shared, link,
};
use crate::catalog::{Clean, ColumnSpec, FileSpec};
use crate::category::{Category, Role};
use crate::classify::TextTally;
use crate::classify::sink::{BoxedSink, RecordEnd, RecordSink, SinkFactory};
use crate::dates::Stamp;
use crate::sensitive::Region;
use std::borrow::Cow;
use std::sync::Arc;

/// Finds sensitive content in a text: the sensitive-content detector, behind a trait so
/// the collector does not depend on how it works.
pub trait TextScanner: Send + Sync {
    /// Every finding in `text`, phone numbers without a country code read as `region`'s
    /// (none: not looked for); `column` of each is left empty (the collector fills it in).
    fn scan(&self, text: &str, region: Option<Region>) -> Vec<ItemFinding>;

    /// The region it was told (`--country`): it wins over the profile's country.
    fn country(&self) -> Option<Region> {
        None
    }
}

/// Characters of an item's text kept as its excerpt.
pub const EXCERPT_CHARS: usize = 80;

struct Inner {
    selection: Selection,
    /// Keep every item of the selection's kinds, listed or not (its reasons are empty when
    /// not): the research dataset's `items` table.
    every: bool,
    scanner: Option<Box<dyn TextScanner>>,
    /// `selection.contains`, lowercased once.
    contains: Vec<String>,
}

/// What the scan collects besides its measures: the posts list under a selection, and the
/// sensitive-content findings of a scanner. Cheap to clone (shared).
#[derive(Clone)]
pub struct Plan {
    inner: Arc<Inner>,
    /// The region national phone numbers are read in, once [`Plan::for_archive`] knows it.
    region: Option<PhoneRegion>,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("selection", &self.inner.selection)
            .field("scanner", &self.inner.scanner.is_some())
            .field("region", &self.region)
            .finish()
    }
}

impl Plan {
    /// Collects the items `selection` lists, and runs `scanner` (if any) over the free text
    /// of [`SCANNED_CATEGORIES`].
    pub fn new(selection: Selection, scanner: Option<Box<dyn TextScanner>>) -> Plan {
        Plan::with(selection, scanner, false)
    }

    /// Collects every item of the default kinds on `as_of`, each with the reasons the
    /// default selection would list it for (none when it would not), and runs `scanner`
    /// as [`Plan::new`] does: the research dataset's items and findings.
    pub fn every_item(as_of: jiff::civil::Date, scanner: Option<Box<dyn TextScanner>>) -> Plan {
        Plan::with(Selection::default_on(as_of), scanner, true)
    }

    fn with(selection: Selection, scanner: Option<Box<dyn TextScanner>>, every: bool) -> Plan {
        let contains = selection
            .contains
            .iter()
            .map(|c| c.to_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        Plan {
            inner: Arc::new(Inner {
                selection,
                every,
                scanner,
                contains,
            }),
            region: None,
        }
    }

    /// The selection items are judged by.
    pub fn selection(&self) -> &Selection {
        &self.inner.selection
    }

    /// The plan for one archive, with its phone region: the scanner's own (`--country`),
    /// else the one `profile` reads from the archive's profile. `profile` is only called
    /// when a scanner runs and was told no country, so nothing is read for nothing.
    pub fn for_archive(&self, profile: impl FnOnce() -> Option<Region>) -> Plan {
        let region = self.inner.scanner.as_ref().and_then(|scanner| {
            match scanner.country() {
                Some(region) => Some((region, RegionSource::Option)),
                None => profile().map(|region| (region, RegionSource::Profile)),
            }
            .map(|(region, source)| PhoneRegion { region, source })
        });
        Plan {
            inner: Arc::clone(&self.inner),
            region,
        }
    }

    /// The region national phone numbers are read in, and where it came from; `None`
    /// before [`Plan::for_archive`], or when neither an option nor the profile tells it.
    pub fn phone_region(&self) -> Option<PhoneRegion> {
        self.region
    }
}

/// What a column is to the collector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColRole {
    /// The item's link.
    Link,
    /// Free text the member wrote.
    Text,
    /// An article's title: the excerpt when present.
    Title,
    /// A shared link (`SharedUrl`).
    SharedLink,
    /// Media (`MediaUrl`).
    Media,
    /// `Visibility`.
    Visibility,
    /// A short value that describes the item when it has no text (a vote's option, a
    /// reaction's type).
    Label,
    /// Nothing the collector needs.
    Other,
}

struct Col {
    role: ColRole,
    name: String,
    /// The category whose training use makes this column's text worth scanning.
    scan: Option<Category>,
    unwrap_quotes: bool,
}

/// The record being read. Its buffers are kept from one record to the next (`clear`), so
/// reading a record allocates nothing; a kept item copies what it needs, exactly sized,
/// which also leaves no freed tails between the long-lived items on the heap.
#[derive(Default)]
struct Draft {
    url: String,
    visibility: Option<Shared>,
    has_media: bool,
    has_link: bool,
    excerpt: String,
    from_title: bool,
    text: TextTally,
    findings: Vec<ItemFinding>,
    /// The keys of the record's findings, counted per month when the record ends.
    finding_keys: Vec<FindingKey>,
    contains: bool,
}

impl Draft {
    fn clear(&mut self) {
        self.url.clear();
        self.visibility = None;
        self.has_media = false;
        self.has_link = false;
        self.excerpt.clear();
        self.from_title = false;
        self.text = TextTally::default();
        self.findings.clear();
        self.finding_keys.clear();
        self.contains = false;
    }
}

/// Collects one file's items and findings.
struct Collector {
    plan: Arc<Inner>,
    region: Option<Region>,
    kind: Option<ItemKind>,
    /// Shared by every item of the file rather than copied into each.
    file: Shared,
    cols: Vec<Col>,
    /// The visibilities seen in the file, shared by its items (a file has two or three).
    visibilities: Vec<Shared>,
    draft: Draft,
    out: Collected,
}

impl SinkFactory for Plan {
    fn sink_for(
        &self,
        spec: Option<&FileSpec>,
        columns: &[Option<&ColumnSpec>],
        path: &str,
    ) -> Option<BoxedSink> {
        let spec = spec?;
        let kind = ItemKind::of_file(&spec.id);
        let cols: Vec<Col> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| column(kind, spec, *c, i, self.inner.scanner.is_some()))
            .collect();
        if kind.is_none() && cols.iter().all(|c| c.scan.is_none()) {
            return None;
        }
        Some(Box::new(Collector {
            plan: Arc::clone(&self.inner),
            region: self.region.map(|r| r.region),
            kind,
            file: Shared::from(path),
            cols,
            visibilities: Vec::new(),
            draft: Draft::default(),
            out: Collected::default(),
        }))
    }
}

fn column(
    kind: Option<ItemKind>,
    file: &FileSpec,
    col: Option<&ColumnSpec>,
    index: usize,
    scanning: bool,
) -> Col {
    let Some(col) = col else {
        return Col {
            role: ColRole::Other,
            name: format!("column {}", index + 1),
            scan: None,
            unwrap_quotes: false,
        };
    };
    let name = col.name.as_str();
    let role = match (kind, name) {
        (None, _) => ColRole::Other,
        (Some(_), "ShareLink" | "Link" | "link") => ColRole::Link,
        (Some(ItemKind::Article), "title") => ColRole::Title,
        (Some(_), "SharedUrl") => ColRole::SharedLink,
        (Some(_), "MediaUrl") => ColRole::Media,
        (Some(_), "Visibility") => ColRole::Visibility,
        (Some(ItemKind::Vote), "OptionText") | (Some(ItemKind::Reaction), "Type") => ColRole::Label,
        (Some(_), _) if col.role == Role::Text => ColRole::Text,
        _ => ColRole::Other,
    };
    let category = col.category.unwrap_or(file.category);
    let free_text = col.role == Role::Text;
    Col {
        role,
        name: col.name.clone(),
        scan: (scanning && free_text && SCANNED_CATEGORIES.contains(&category)).then_some(category),
        unwrap_quotes: col.clean == Some(Clean::UnwrapLineQuotes),
    }
}

/// The first [`EXCERPT_CHARS`] characters of `text` into `out` (cleared first), whitespace
/// runs as one space, control characters left out. Into a buffer the collector reuses for
/// every record, so it allocates only for the items it keeps.
fn excerpt_into(text: &str, out: &mut String) {
    out.clear();
    let mut chars = 0;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if c.is_control() {
            continue;
        }
        // The pending space and the character both have to fit.
        let need = 1 + usize::from(space);
        if chars + need > EXCERPT_CHARS {
            out.push('…');
            break;
        }
        if space {
            out.push(' ');
            chars += 1;
            space = false;
        }
        out.push(c);
        chars += 1;
    }
}

/// `Shares.csv` wraps every line of a post in literal quotes (blank lines are `""`).
fn unwrap_line_quotes(value: &str) -> String {
    value
        .split('\n')
        .map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = line.strip_prefix('"').unwrap_or(line);
            line.strip_suffix('"').unwrap_or(line)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Characters and words of a text, counted as the scan counts a column's.
fn tally(text: &str) -> TextTally {
    let mut in_word = false;
    let (chars, words) = crate::classify::feed::count_text(text.as_bytes(), &mut in_word);
    TextTally { chars, words }
}

/// An empty link written as `""` (Shares.csv since 2024-08).
fn blank(value: &str) -> bool {
    value.is_empty() || value == "\"\""
}

impl Collector {
    /// `value` as a visibility shared with the file's earlier items of the same one.
    fn visibility(&mut self, value: &str) -> Shared {
        if let Some(seen) = self.visibilities.iter().find(|v| &***v == value) {
            return seen.clone();
        }
        let new = Shared::from(value);
        self.visibilities.push(new.clone());
        new
    }

    fn matches_contains(&self, text: &str) -> bool {
        if self.plan.contains.is_empty() {
            return false;
        }
        let lower = text.to_lowercase();
        self.plan
            .contains
            .iter()
            .any(|c| lower.contains(c.as_str()))
    }

    fn scan_text(&mut self, col: usize, category: Category, text: &str) {
        let Some(scanner) = &self.plan.scanner else {
            return;
        };
        self.out.values_scanned += 1;
        self.out.bytes_scanned += text.len() as u64;
        let found = scanner.scan(text, self.region);
        if found.is_empty() {
            return;
        }
        let name = self
            .cols
            .get(col)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        for mut f in found {
            let key = (
                category,
                f.kind.clone(),
                f.subtype.clone(),
                f.severity.clone(),
            );
            self.draft.finding_keys.push(key.clone());
            let tally: &mut FindingTally = self.out.findings.entry(key).or_default();
            tally.count += 1;
            if tally.examples.len() < 3 {
                tally.examples.push(f.masked.clone());
            }
            if self.kind.is_some() {
                f.column.clone_from(&name);
                self.draft.findings.push(f);
            }
        }
    }

    fn finish_item(&mut self, date: Option<Stamp>) -> Option<Item> {
        let kind = self.kind?;
        let date = date.map(|s| s.date);
        let month = date.map(|d| (d.year(), d.month()));
        *self.out.timeline.entry((month, kind)).or_default() += 1;
        *self.out.seen.entry(kind).or_default() += 1;
        let selection = &self.plan.selection;
        if !selection.wants(kind) {
            return None;
        }
        let draft = &mut self.draft;
        let url = draft.url.as_str();
        // Read once: the item's own id, else its post's, is also its `item_id`.
        let own = super::own_id(kind, url);
        let post = link::post_id(url);
        let id = own.or(post);
        let own_date = own.and_then(link::id_date);
        let post_date = post.and_then(link::id_date);
        let (id_date, date_mismatch) = match (own_date, post_date, date) {
            // The item's own id: its date should be the item's.
            (Some(idd), _, Some(d)) => (Some(idd), link::disagree(idd, d)),
            // The post it belongs to: it cannot be younger than the comment, vote or reaction.
            (None, Some(pd), Some(d)) if kind != ItemKind::Post => {
                (Some(pd), pd > d && link::disagree(pd, d))
            }
            (idd, pd, _) => (idd.or(pd), false),
        };
        if selection.keeps(url, id.unwrap_or("")) {
            return None;
        }
        let judged = selection.judge(kind, date, &draft.findings, draft.contains, date_mismatch);
        let reasons = if self.plan.every {
            judged.unwrap_or_default()
        } else {
            judged?
        };
        // Kept items are held until the report is written: their text is copied out of
        // the draft's buffers exactly sized.
        Some(Item {
            kind,
            date,
            link: link::Link::with_id(url, id),
            id_date,
            visibility: draft.visibility.take(),
            has_media: draft.has_media,
            has_link: draft.has_link,
            excerpt: Box::from(draft.excerpt.as_str()),
            text: draft.text.into(),
            reasons: Reasons::new(reasons),
            findings: std::mem::take(&mut draft.findings).into(),
            file: self.file.clone(),
        })
    }
}

impl RecordSink for Collector {
    type Output = Collected;

    fn field(&mut self, index: usize, value: &str) {
        let Some(col) = self.cols.get(index) else {
            return;
        };
        let (role, scan, unwrap) = (col.role, col.scan, col.unwrap_quotes);
        match role {
            ColRole::Text | ColRole::Other => {
                if role == ColRole::Other && scan.is_none() {
                    return;
                }
                let text: Cow<'_, str> = if !unwrap {
                    Cow::Borrowed(value)
                } else if value.contains('\n') {
                    Cow::Owned(unwrap_line_quotes(value))
                } else {
                    let v = value.strip_prefix('"').unwrap_or(value);
                    Cow::Borrowed(v.strip_suffix('"').unwrap_or(v))
                };
                if let Some(category) = scan {
                    self.scan_text(index, category, &text);
                }
                if role == ColRole::Text && self.kind.is_some() {
                    self.draft.text.add(tally(&text));
                    if self.draft.excerpt.is_empty() {
                        excerpt_into(&text, &mut self.draft.excerpt);
                    }
                    if !self.draft.contains && self.matches_contains(&text) {
                        self.draft.contains = true;
                    }
                }
            }
            ColRole::Title => {
                if let Some(category) = scan {
                    self.scan_text(index, category, value);
                }
                excerpt_into(value, &mut self.draft.excerpt);
                self.draft.text.add(tally(value));
                self.draft.from_title = true;
                self.draft.contains |= self.matches_contains(value);
            }
            ColRole::Link => {
                self.draft.url.clear();
                self.draft.url.push_str(value);
            }
            ColRole::SharedLink => {
                self.draft.has_link = !blank(value);
                self.draft.contains |= self.matches_contains(value);
            }
            ColRole::Media => self.draft.has_media = !blank(value),
            ColRole::Visibility => self.draft.visibility = Some(self.visibility(value)),
            ColRole::Label => {
                if self.draft.excerpt.is_empty() {
                    excerpt_into(value, &mut self.draft.excerpt);
                }
            }
        }
    }

    fn end_record(&mut self, record: &RecordEnd) {
        let (kept, date) = (record.kept, record.date);
        let month = date.map(|s| (s.date.year(), s.date.month()));
        for key in self.draft.finding_keys.drain(..) {
            *self.out.finding_months.entry((key, month)).or_default() += 1;
        }
        if kept && let Some(item) = self.finish_item(date) {
            self.out.items.push(item);
        }
        self.draft.clear();
    }

    fn finish(mut self: Box<Self>) -> Collected {
        self.out.items.shrink_to_fit();
        self.out.sort();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str) -> String {
        let mut out = String::new();
        excerpt_into(text, &mut out);
        out
    }

    #[test]
    fn excerpts_are_short_single_line_and_clean() {
        assert_eq!(excerpt("  Hello\n\n  world\u{7}!  "), "Hello world!");
        let long = "word ".repeat(40);
        let e = excerpt(&long);
        assert!(e.chars().count() <= EXCERPT_CHARS + 1);
        assert_eq!(e, format!("{}…", "word ".repeat(16).trim_end()));
        assert!(e.ends_with('…'));
    }

    #[test]
    fn line_quotes_come_off() {
        assert_eq!(unwrap_line_quotes("a\"\n\"\"\n\"b"), "a\n\nb");
    }
}
