//! `lidex diff`: two exports of one member, taken at different times. Did the deletions
//! happen?
//!
//! Both sides are scanned with the posts collector ([`crate::posts`]) set to keep every
//! dated item ([`everything`]); this module only matches what it collected. An item is
//! matched by its id (the share, ugcPost, activity or comment id in its link, or an
//! article's slug) and, where it has none, by its date and the start of its text (the
//! excerpt the collector keeps; items never hold the full text).

use crate::analysis::Analysis;
use crate::category::Category;
use crate::posts::{Item, ItemKind, Selection};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// The selection that keeps every dated item of every kind: the diff needs all of them,
/// not only those `lidex posts` would list. The collector leaves undated items out of any
/// selection with a date window, so they are counted as not compared.
pub fn everything(as_of: Date) -> Selection {
    let mut s = Selection::default_on(as_of);
    s.before = Some(Date::MAX);
    s.kinds = ItemKind::ALL.to_vec();
    s
}

/// Who an export belongs to, as far as it says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// First and last name from `Profile.csv`.
    pub name: Option<String>,
    /// The member's own email addresses (`Email Addresses.csv`), lower case.
    pub emails: BTreeSet<String>,
    /// Member ids in file names (`Shares_<member id>.csv`, 2026 exports).
    pub member_ids: BTreeSet<String>,
}

/// Whether two exports are of one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameMember {
    /// Everything both exports record agrees.
    Yes,
    /// Something both record differs.
    No,
    /// Neither name, email nor member id is in both.
    Unknown,
}

/// The member check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberCheck {
    /// Identity in OLD.
    pub old: Identity,
    /// Identity in NEW.
    pub new: Identity,
    /// The verdict.
    pub same: SameMember,
    /// What differs, for people.
    pub differences: Vec<String>,
}

/// Records and tokens of one category, before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryDelta {
    /// The category.
    pub category: Category,
    /// Records in OLD.
    pub old_records: u64,
    /// Records in NEW.
    pub new_records: u64,
    /// Estimated tokens of free text in OLD.
    pub old_tokens: u64,
    /// Estimated tokens in NEW.
    pub new_tokens: u64,
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// In OLD, not in NEW.
    Deleted,
    /// In both.
    Present,
    /// In NEW only.
    New,
}

/// How two items were matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// The id in the link.
    Id,
    /// Date and start of the text.
    DateText,
}

/// One item and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    /// Deleted, present or new.
    pub status: Status,
    /// How it was matched (or how it would have been, for unmatched items).
    pub matched_by: MatchedBy,
    /// The item (OLD's copy, except for new items).
    pub item: Item,
}

/// Counts for one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindDelta {
    /// Dated items in OLD.
    pub old: u64,
    /// Dated items in NEW.
    pub new: u64,
    /// In OLD, not in NEW.
    pub deleted: u64,
    /// In both.
    pub present: u64,
    /// In NEW only.
    pub added: u64,
    /// Undated items of OLD, not compared.
    pub undated_old: u64,
    /// Undated items of NEW, not compared.
    pub undated_new: u64,
}

/// A checklist line and whether its item is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedItem {
    /// post, comment, ...
    pub kind: Option<ItemKind>,
    /// As listed.
    pub url: String,
    /// As listed.
    pub id: String,
    /// As listed.
    pub date: Option<Date>,
    /// As listed.
    pub excerpt: String,
    /// The member ticked it as deleted.
    pub ticked: bool,
    /// Gone, still present, or not checkable.
    pub outcome: Outcome,
}

/// What became of a checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Not in NEW.
    Gone,
    /// Still in NEW.
    Remains,
    /// NEW has undated items of its kind that could not be compared, or the line names no
    /// known kind: lidex cannot say.
    Unverified,
}

/// Where the checklist came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecklistSource {
    /// `lidex posts`' default selection evaluated on this day over OLD.
    Default(Date),
    /// A `lidex posts --csv` file.
    File(String),
}

/// The checklist view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    /// Where it came from.
    pub source: ChecklistSource,
    /// Its items, in its order.
    pub items: Vec<CheckedItem>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// Same member?
    pub member: MemberCheck,
    /// Per category, in category order; categories in either export.
    pub categories: Vec<CategoryDelta>,
    /// Files in NEW only (path, lower case).
    pub appeared: Vec<String>,
    /// Files in OLD only.
    pub disappeared: Vec<String>,
    /// Per kind of item.
    pub kinds: BTreeMap<ItemKind, KindDelta>,
    /// Every compared item: deleted, present and new.
    pub items: Vec<ItemChange>,
    /// The checklist view.
    pub checklist: Checklist,
}

/// A checklist line, as read from a `lidex posts --csv` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistLine {
    /// `url`.
    pub url: String,
    /// `id`.
    pub id: String,
    /// `kind`.
    pub kind: String,
    /// `date`.
    pub date: Option<Date>,
    /// `excerpt`.
    pub excerpt: String,
    /// `deleted` is ticked: any value but empty, `no`, `n`, `false`, `0`.
    pub ticked: bool,
}

/// Why a checklist file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ChecklistError {
    /// Not CSV, or a broken line.
    #[error("line {line}: {message}")]
    Csv {
        /// 1-based line.
        line: u64,
        /// What went wrong.
        message: String,
    },
    /// A column `lidex posts --csv` writes is missing.
    #[error("no '{0}' column: expected a checklist written by `lidex posts --csv`")]
    MissingColumn(&'static str),
}

/// Reads a checklist written by `lidex posts --csv` (columns by header name, so a
/// spreadsheet that reorders or adds columns still works).
pub fn parse_checklist(text: &str) -> Result<Vec<ChecklistLine>, ChecklistError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| ChecklistError::Csv {
            line: 1,
            message: e.to_string(),
        })?
        .clone();
    let col = |name: &'static str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or(ChecklistError::MissingColumn(name))
    };
    let (url, id, kind, deleted) = (col("url")?, col("id")?, col("kind")?, col("deleted")?);
    let (date, excerpt) = (col("date").ok(), col("excerpt").ok());
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| ChecklistError::Csv {
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })?;
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let mark = get(Some(deleted)).to_lowercase();
        out.push(ChecklistLine {
            url: get(Some(url)),
            id: get(Some(id)),
            kind: get(Some(kind)),
            date: get(date).parse().ok(),
            excerpt: undefuse(&get(excerpt)),
            ticked: !matches!(mark.as_str(), "" | "no" | "n" | "false" | "0"),
        });
    }
    Ok(out)
}

/// `lidex posts --csv` puts a `'` before an excerpt a spreadsheet would read as a formula;
/// the item's own excerpt has none.
fn undefuse(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

fn tally_value(a: &Analysis<'_>, file_id: &str, column: &str) -> Vec<String> {
    a.files
        .iter()
        .filter(|f| f.spec.is_some_and(|s| s.id == file_id))
        .flat_map(|f| f.columns.iter())
        .filter(|c| c.scan.name.eq_ignore_ascii_case(column))
        .filter_map(|c| c.scan.values.as_ref())
        .flat_map(|v| v.counts.keys().cloned())
        .collect()
}

/// Who the export says it belongs to.
pub fn identity(a: &Analysis<'_>) -> Identity {
    let first = tally_value(a, "profile", "First Name");
    let last = tally_value(a, "profile", "Last Name");
    let name = [first.first(), last.first()]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    let emails = tally_value(a, "email_addresses", "Email Address")
        .into_iter()
        .map(|e| e.to_lowercase())
        .collect();
    let member_ids = a
        .files
        .iter()
        .filter(|f| f.spec.is_some())
        .filter_map(|f| {
            let base = f.path.rsplit('/').next()?;
            let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
            let (_, digits) = stem.rsplit_once('_')?;
            // Split parts are `_1`.. `_N`; member ids are long.
            (digits.len() >= 6 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.to_string())
        })
        .collect();
    Identity {
        name: (!name.is_empty()).then_some(name),
        emails,
        member_ids,
    }
}

fn check_member(old: Identity, new: Identity) -> MemberCheck {
    let mut differences = Vec::new();
    let mut agreed = 0;
    if let (Some(a), Some(b)) = (&old.name, &new.name) {
        if a.to_lowercase() == b.to_lowercase() {
            agreed += 1;
        } else {
            differences.push(format!("the profile name differs: '{a}' then '{b}'"));
        }
    }
    if !old.emails.is_empty() && !new.emails.is_empty() {
        if old.emails.is_disjoint(&new.emails) {
            differences.push("no email address of OLD is in NEW".to_string());
        } else {
            agreed += 1;
        }
    }
    if !old.member_ids.is_empty() && !new.member_ids.is_empty() {
        if old.member_ids.is_disjoint(&new.member_ids) {
            differences.push("the member id in the file names differs".to_string());
        } else {
            agreed += 1;
        }
    }
    let same = if !differences.is_empty() {
        SameMember::No
    } else if agreed > 0 {
        SameMember::Yes
    } else {
        SameMember::Unknown
    };
    MemberCheck {
        old,
        new,
        same,
        differences,
    }
}

fn items(a: &Analysis<'_>) -> Vec<Item> {
    a.collected
        .as_ref()
        .map(|c| c.items.clone().into_vec())
        .unwrap_or_default()
}

fn undated(a: &Analysis<'_>, kind: ItemKind, collected: u64) -> u64 {
    let seen = a
        .collected
        .as_ref()
        .and_then(|c| c.seen.get(&kind).copied())
        .unwrap_or(0);
    seen.saturating_sub(collected)
}

/// The second key: date and start of text.
type TextKey = (ItemKind, Option<Date>, String);

fn text_key(i: &Item) -> TextKey {
    (i.kind, i.date, i.excerpt.to_string())
}

/// Items by kind and id.
type ById = BTreeMap<(ItemKind, String), Vec<Item>>;

/// Items grouped by kind and id, and the items without an id. The id is read from the
/// link, so once per item.
fn by_id(items: Vec<Item>) -> (ById, Vec<Item>) {
    let mut with_id = ById::new();
    let mut rest = Vec::new();
    for i in items {
        let id = i.id();
        if id.is_empty() {
            rest.push(i);
        } else {
            with_id.entry((i.kind, id)).or_default().push(i);
        }
    }
    (with_id, rest)
}

/// Matches OLD's items with NEW's: by id where both have one, then by date and text.
fn match_items(old: Vec<Item>, new: Vec<Item>) -> Vec<ItemChange> {
    let mut out = Vec::new();
    let (by_id_old, rest_old) = by_id(old);
    let (mut by_id_new, rest_new) = by_id(new);
    for (key, olds) in by_id_old {
        let mut news = by_id_new.remove(&key).unwrap_or_default();
        let mut left = Vec::new();
        // Several items can share an id (two comments on one post whose link has no
        // comment id): pair equal date and text first.
        for o in olds {
            match news.iter().position(|n| text_key(n) == text_key(&o)) {
                Some(at) => {
                    news.remove(at);
                    out.push(ItemChange {
                        status: Status::Present,
                        matched_by: MatchedBy::Id,
                        item: o,
                    });
                }
                None => left.push(o),
            }
        }
        // One left on each side with the same id: the same item, edited.
        if left.len() == 1 && news.len() == 1 {
            news.clear();
            out.extend(left.drain(..).map(|o| ItemChange {
                status: Status::Present,
                matched_by: MatchedBy::Id,
                item: o,
            }));
        }
        out.extend(left.into_iter().map(|o| ItemChange {
            status: Status::Deleted,
            matched_by: MatchedBy::Id,
            item: o,
        }));
        out.extend(news.into_iter().map(|n| ItemChange {
            status: Status::New,
            matched_by: MatchedBy::Id,
            item: n,
        }));
    }
    for news in by_id_new.into_values() {
        out.extend(news.into_iter().map(|n| ItemChange {
            status: Status::New,
            matched_by: MatchedBy::Id,
            item: n,
        }));
    }
    let mut pool: BTreeMap<TextKey, Vec<Item>> = BTreeMap::new();
    for n in rest_new {
        pool.entry(text_key(&n)).or_default().push(n);
    }
    for o in rest_old {
        let hit = pool.get_mut(&text_key(&o)).and_then(Vec::pop);
        out.push(ItemChange {
            status: if hit.is_some() {
                Status::Present
            } else {
                Status::Deleted
            },
            matched_by: MatchedBy::DateText,
            item: o,
        });
    }
    for n in pool.into_values().flatten() {
        out.push(ItemChange {
            status: Status::New,
            matched_by: MatchedBy::DateText,
            item: n,
        });
    }
    // Newest first, then kind; deterministic whatever the archive order.
    // The id is read from the link, so it is made once per item, not per comparison.
    out.sort_by_cached_key(|c| {
        (
            std::cmp::Reverse(c.item.date),
            c.item.kind,
            c.item.id(),
            c.item.excerpt.clone(),
            c.status,
        )
    });
    out
}

/// Whether NEW still holds a checklist line's item.
fn check_line(
    line: &ChecklistLine,
    new: &[Item],
    kinds: &BTreeMap<ItemKind, KindDelta>,
) -> CheckedItem {
    let kind = ItemKind::from_id(&line.kind);
    let found = kind.is_some_and(|k| {
        new.iter().any(|n| {
            n.kind == k
                && if line.id.is_empty() {
                    n.id().is_empty() && n.date == line.date && *n.excerpt == *line.excerpt
                } else {
                    n.id() == line.id
                }
        })
    });
    let outcome = match kind {
        _ if found => Outcome::Remains,
        Some(k) if kinds.get(&k).is_none_or(|d| d.undated_new == 0) => Outcome::Gone,
        _ => Outcome::Unverified,
    };
    CheckedItem {
        kind,
        url: line.url.clone(),
        id: line.id.clone(),
        date: line.date,
        excerpt: line.excerpt.clone(),
        ticked: line.ticked,
        outcome,
    }
}

/// Compares two scans made with [`everything`] as their collection. Without `checklist`,
/// the checklist is `lidex posts`' default selection on `as_of` over OLD's items.
pub fn compare(
    old: &Analysis<'_>,
    new: &Analysis<'_>,
    as_of: Date,
    checklist: Option<(String, Vec<ChecklistLine>)>,
) -> Diff {
    let member = check_member(identity(old), identity(new));
    let categories = Category::ALL
        .into_iter()
        .filter_map(|c| {
            let (o, n) = (old.categories.get(&c), new.categories.get(&c));
            if o.is_none() && n.is_none() {
                return None;
            }
            Some(CategoryDelta {
                category: c,
                old_records: o.map_or(0, |t| t.records),
                new_records: n.map_or(0, |t| t.records),
                old_tokens: o.map_or(0, |t| t.text.tokens_estimate()),
                new_tokens: n.map_or(0, |t| t.text.tokens_estimate()),
            })
        })
        .collect();
    let paths = |a: &Analysis<'_>| -> BTreeSet<String> {
        a.files.iter().map(|f| f.path.to_lowercase()).collect()
    };
    let (old_paths, new_paths) = (paths(old), paths(new));
    let appeared = new_paths.difference(&old_paths).cloned().collect();
    let disappeared = old_paths.difference(&new_paths).cloned().collect();

    let (old_items, new_items) = (items(old), items(new));
    let mut kinds: BTreeMap<ItemKind, KindDelta> = BTreeMap::new();
    for i in &old_items {
        kinds.entry(i.kind).or_default().old += 1;
    }
    for i in &new_items {
        kinds.entry(i.kind).or_default().new += 1;
    }
    for k in ItemKind::ALL {
        let d = kinds.get(&k).copied().unwrap_or_default();
        let (uo, un) = (undated(old, k, d.old), undated(new, k, d.new));
        if uo + un > 0 || d.old + d.new > 0 {
            let e = kinds.entry(k).or_default();
            e.undated_old = uo;
            e.undated_new = un;
        }
    }
    let checklist_items = match &checklist {
        Some((_, lines)) => lines
            .iter()
            .map(|l| check_line(l, &new_items, &kinds))
            .collect(),
        None => {
            let default = Selection::default_on(as_of);
            old_items
                .iter()
                .filter(|i| {
                    let mismatch = i.reasons.iter().any(|r| r == "date_mismatch");
                    default
                        .judge(i.kind, i.date, &i.findings, false, mismatch)
                        .is_some()
                })
                .map(|i| {
                    let line = ChecklistLine {
                        url: i.url().into_owned(),
                        id: i.id(),
                        kind: i.kind.id().to_string(),
                        date: i.date,
                        excerpt: i.excerpt.to_string(),
                        ticked: false,
                    };
                    check_line(&line, &new_items, &kinds)
                })
                .collect()
        }
    };
    let changes = match_items(old_items, new_items);
    for c in &changes {
        let d = kinds.entry(c.item.kind).or_default();
        match c.status {
            Status::Deleted => d.deleted += 1,
            Status::Present => d.present += 1,
            Status::New => d.added += 1,
        }
    }
    Diff {
        member,
        categories,
        appeared,
        disappeared,
        kinds,
        items: changes,
        checklist: Checklist {
            source: match checklist {
                Some((name, _)) => ChecklistSource::File(name),
                None => ChecklistSource::Default(as_of),
            },
            items: checklist_items,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// An item whose link carries `id` (a digit, made a 19-digit id), or no link.
    fn item(kind: ItemKind, id: &str, day: i8, text: &str) -> Item {
        let url = if id.is_empty() {
            String::new()
        } else {
            format!("https://www.linkedin.com/feed/update/urn:li:activity:{id:0>19}")
        };
        Item {
            link: crate::posts::link::Link::new(&url),
            ..Item::sample(kind, Some(date(2024, 1, day)), text)
        }
    }

    fn statuses(changes: &[ItemChange]) -> Vec<(String, Status)> {
        let mut v: Vec<(String, Status)> = changes
            .iter()
            .map(|c| (c.item.excerpt.to_string(), c.status))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn items_match_by_id_then_by_date_and_text() {
        let old = vec![
            item(ItemKind::Post, "1", 1, "kept"),
            item(ItemKind::Post, "2", 2, "gone"),
            item(ItemKind::Post, "3", 3, "edited"),
            item(ItemKind::Vote, "", 4, "no id kept"),
            item(ItemKind::Vote, "", 5, "no id gone"),
        ];
        let new = vec![
            item(ItemKind::Post, "1", 1, "kept"),
            item(ItemKind::Post, "3", 3, "edited later"),
            item(ItemKind::Vote, "", 4, "no id kept"),
            item(ItemKind::Post, "9", 9, "brand new"),
        ];
        let got = statuses(&match_items(old, new));
        assert_eq!(
            got,
            [
                ("brand new".to_string(), Status::New),
                ("edited".to_string(), Status::Present),
                ("gone".to_string(), Status::Deleted),
                ("kept".to_string(), Status::Present),
                ("no id gone".to_string(), Status::Deleted),
                ("no id kept".to_string(), Status::Present),
            ]
        );
    }

    #[test]
    fn two_comments_on_one_post_are_told_apart_by_text() {
        let old = vec![
            item(ItemKind::Comment, "7", 1, "first"),
            item(ItemKind::Comment, "7", 2, "second"),
        ];
        let new = vec![item(ItemKind::Comment, "7", 2, "second")];
        let got = statuses(&match_items(old, new));
        assert_eq!(
            got,
            [
                ("first".to_string(), Status::Deleted),
                ("second".to_string(), Status::Present)
            ]
        );
    }

    #[test]
    fn a_checklist_reads_by_header_and_ticks_any_mark() {
        let text = "url,id,kind,date,reasons,excerpt,deleted\nhttps://x/1,1,post,2024-01-01,old,hi,x\nhttps://x/2,2,post,2024-01-02,old,\"a, b\",\nhttps://x/3,3,comment,,old,c,no\n";
        let lines = parse_checklist(text).expect("parses");
        let ticked: Vec<bool> = lines.iter().map(|l| l.ticked).collect();
        assert_eq!(ticked, [true, false, false]);
        assert_eq!(lines[1].excerpt, "a, b");
        assert_eq!(lines[0].date, Some(date(2024, 1, 1)));
        assert!(matches!(
            parse_checklist("url,kind\n"),
            Err(ChecklistError::MissingColumn("id"))
        ));
    }

    #[test]
    fn a_different_name_or_email_means_a_different_member() {
        let a = Identity {
            name: Some("Ada Lovelace".into()),
            emails: ["ada@example.org".to_string()].into(),
            member_ids: BTreeSet::new(),
        };
        let mut b = a.clone();
        assert_eq!(check_member(a.clone(), b.clone()).same, SameMember::Yes);
        b.name = Some("Alan Turing".into());
        let check = check_member(a.clone(), b);
        assert_eq!(check.same, SameMember::No);
        assert!(check.differences[0].contains("profile name differs"));
        assert_eq!(
            check_member(Identity::default(), a).same,
            SameMember::Unknown
        );
    }
}
