//! The catalog of known export files: which file is which, and what every column holds.
//!
//! The catalog is data (`catalog.toml`, embedded in the binary), not code, because LinkedIn
//! changes the export every year: supporting a new file or column should mean editing one
//! TOML entry. This module parses it once and answers "which entry is this path?".

use crate::category::{Category, Role};
use crate::dates::DateFormat;
use crate::vocab::vocabulary;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// How often LinkedIn includes a file, which decides whether its absence is worth telling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// In every archive, Basic and Complete.
    Always,
    /// In every Complete archive, never in a Basic one.
    Complete,
    /// Only when the member has such data.
    IfAny,
    /// An old name or format current exports no longer produce.
    Legacy,
}

/// Which reader a file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Parser {
    /// RFC 4180 CSV (or the 2018 UTF-16 TSV), with header detection.
    #[default]
    Csv,
    /// `Comments.csv`: records start with a timestamp and a link; messages may be unquoted
    /// across lines (2021-2024) or quoted with backslash escapes (2025+).
    Comments,
    /// Not a CSV at all: a sentence such as "No conversations found".
    Placeholder,
    /// One HTML page per article, under `Articles/`.
    ArticleHtml,
}

/// What to do with fields beyond the header's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Overflow {
    /// They belong to the last column (unquoted commas in `SearchQueries.csv`, 2025).
    JoinLast,
}

/// A cleaning step applied to a column's values before measuring them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clean {
    /// `Shares.csv` wraps every line of a post in literal quotes; remove them.
    UnwrapLineQuotes,
}

vocabulary! {
    /// What a date column's dates say about the member, which decides whether they belong on
    /// the timeline of what the member did on LinkedIn.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum DateRole {
        /// The member did something on LinkedIn then (sent, posted, applied, connected).
        #[default]
        Activity = "activity",
        /// A date in the member's life: education, positions, birth. It can lie decades before
        /// the member joined.
        Life = "life",
        /// An expiry or a planned date: certificate and verification expiry, future events,
        /// expected graduation. It can lie years after the export.
        ExpiryOrPlanned = "expiry_or_planned",
        /// A date typed into free text, such as a job-application answer.
        Typed = "typed",
    }
}

/// One known column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// The header as LinkedIn writes it today.
    pub name: String,
    /// Other spellings of the same column in other years.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What its values are.
    pub role: Role,
    /// Its category, when it differs from the file's.
    pub category: Option<Category>,
    /// The finer policy item it holds, when the policy distinguishes it.
    pub item: Option<String>,
    /// Date formats seen in this column, tried in order.
    #[serde(default)]
    pub dates: Vec<DateFormat>,
    /// A cleaning step before measuring.
    pub clean: Option<Clean>,
    /// Literal values that mean "no value" here.
    #[serde(default)]
    pub null_values: Vec<String>,
    /// What its dates are (date columns; activity unless the catalog says otherwise).
    #[serde(default)]
    pub date_role: DateRole,
    /// Count each distinct value (short enum columns a report breaks down by value).
    #[serde(default)]
    pub tally: bool,
}

/// One known kind of file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    /// Stable id.
    pub id: String,
    /// Every file name seen for it.
    pub names: Vec<String>,
    /// The folder LinkedIn puts it in, if any.
    pub folder: Option<String>,
    /// Its policy category.
    pub category: Category,
    /// The finer policy item, when the policy distinguishes it.
    pub item: Option<String>,
    /// How often LinkedIn includes it.
    pub presence: Presence,
    /// A short label for people.
    pub label: String,
    /// What it holds.
    pub description: String,
    /// Why this category, where the policy or the format notes leave it open.
    pub reason: Option<String>,
    /// Which reader it needs.
    #[serde(default)]
    pub parser: Parser,
    /// What to do with extra fields.
    pub overflow: Option<Overflow>,
    /// First-field values of rows that carry no member data (pointer rows).
    #[serde(default)]
    pub placeholder_values: Vec<String>,
    /// Its columns, across every header variant.
    #[serde(default)]
    pub columns: Vec<ColumnSpec>,
    /// The earliest export month (YYYY-MM) the reference saw it in; `None` when it was never
    /// seen there.
    pub first_seen: Option<String>,
    /// The latest export month (YYYY-MM) the reference saw it in.
    pub last_seen: Option<String>,
    /// Keys of the `key: value` block form some versions of the file take (see
    /// `classify::keyvalue`); empty when the file is only ever a table.
    #[serde(default)]
    pub key_value_keys: Vec<String>,
}

impl FileSpec {
    /// Whether exports made in the month of `date` were seen with this file: false only when
    /// the reference's first sighting is later than that month. Without a first sighting
    /// nothing is known, and nothing is ruled out.
    pub fn existed_on(&self, date: jiff::civil::Date) -> bool {
        let month = format!("{:04}-{:02}", date.year(), date.month());
        self.first_seen
            .as_deref()
            .is_none_or(|first| first <= month.as_str())
    }

    /// The known column with this header (case and surrounding space ignored), if any.
    pub fn column(&self, header: &str) -> Option<&ColumnSpec> {
        let header = header.trim();
        self.columns.iter().find(|c| {
            c.name.eq_ignore_ascii_case(header)
                || c.aliases.iter().any(|a| a.eq_ignore_ascii_case(header))
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    schema_version: u32,
    #[serde(rename = "file")]
    files: Vec<FileSpec>,
}

/// The parsed catalog with its lookup index.
#[derive(Debug)]
pub struct Catalog {
    files: Vec<FileSpec>,
    by_key: HashMap<String, usize>,
    articles: Option<usize>,
}

/// Errors in a catalog file. The builtin catalog is checked by a test, so users never see these.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// Not valid TOML or not the catalog's shape.
    #[error("catalog: {0}")]
    Syntax(#[from] toml::de::Error),
    /// Valid shape, inconsistent content.
    #[error("catalog: {0}")]
    Invalid(String),
}

#[allow(
    clippy::expect_used,
    reason = "embedded data, validated by catalog::tests"
)]
static BUILTIN: LazyLock<Catalog> = LazyLock::new(|| {
    Catalog::from_json(BUILTIN_JSON)
        .expect("the builtin catalog is valid (checked by catalog::tests)")
});

/// `catalog.toml` as JSON, made by `build.rs`: the same data, parsed in a fifth of the time.
const BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.json"));

/// Folds a file name to its matching key: lower case, extension and `_<digits>` suffix
/// (split parts, member ids) removed, only letters and digits kept. LinkedIn has renamed
/// `Rich Media.csv` to `Rich_Media.csv` and `Phone Numbers.csv` to `PhoneNumbers.csv`;
/// both spellings must land on the same entry.
pub fn fold_key(file_name: &str) -> String {
    let base = file_name.rsplit('/').next().unwrap_or(file_name);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let stem = match stem.rsplit_once('_') {
        Some((head, digits))
            if !head.is_empty()
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            head
        }
        _ => stem,
    };
    stem.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Catalog {
    /// The catalog built into the binary.
    pub fn builtin() -> &'static Catalog {
        &BUILTIN
    }

    /// Parses and checks a catalog.
    pub fn from_toml(text: &str) -> Result<Catalog, CatalogError> {
        Catalog::check(toml::from_str(text)?)
    }

    /// Parses and checks a catalog written as JSON (the built-in one, see `build.rs`).
    fn from_json(text: &str) -> Result<Catalog, CatalogError> {
        let file = serde_json::from_str(text).map_err(|e| CatalogError::Invalid(e.to_string()))?;
        Catalog::check(file)
    }

    fn check(file: CatalogFile) -> Result<Catalog, CatalogError> {
        if file.schema_version != 1 {
            return Err(CatalogError::Invalid(format!(
                "schema_version {} is not supported (expected 1)",
                file.schema_version
            )));
        }
        let mut by_key = HashMap::new();
        let mut articles = None;
        let mut ids = std::collections::HashSet::new();
        for (i, spec) in file.files.iter().enumerate() {
            if !ids.insert(spec.id.clone()) {
                return Err(CatalogError::Invalid(format!("duplicate id '{}'", spec.id)));
            }
            check_item(&spec.id, spec.category, spec.item.as_deref())?;
            for col in &spec.columns {
                let cat = col.category.unwrap_or(spec.category);
                check_item(&spec.id, cat, col.item.as_deref())?;
                if col.role == Role::Date && col.dates.is_empty() {
                    return Err(CatalogError::Invalid(format!(
                        "{}: date column '{}' lists no date formats",
                        spec.id, col.name
                    )));
                }
            }
            for month in [&spec.first_seen, &spec.last_seen].into_iter().flatten() {
                let ok = month.len() == 7
                    && jiff::civil::Date::strptime("%Y-%m-%d", format!("{month}-01")).is_ok();
                if !ok {
                    return Err(CatalogError::Invalid(format!(
                        "{}: seen month '{month}' is not YYYY-MM",
                        spec.id
                    )));
                }
            }
            if spec.parser == Parser::ArticleHtml {
                articles = Some(i);
            }
            for name in &spec.names {
                if let Some(prev) = by_key.insert(fold_key(name), i)
                    && prev != i
                {
                    return Err(CatalogError::Invalid(format!(
                        "file name '{name}' of '{}' folds to the same key as an earlier entry",
                        spec.id
                    )));
                }
            }
        }
        Ok(Catalog {
            files: file.files,
            by_key,
            articles,
        })
    }

    /// Every entry, in catalog order.
    pub fn files(&self) -> &[FileSpec] {
        &self.files
    }

    /// The entry at an index returned by [`Catalog::lookup`].
    pub fn get(&self, index: usize) -> Option<&FileSpec> {
        self.files.get(index)
    }

    /// Finds the entry for a path inside an export, by its folded file name; HTML pages
    /// anywhere under an `Articles/` folder are articles.
    ///
    /// Only `.csv` files (and pages under `Articles/`) can be export files: `Skills.tsx` or
    /// `positions.json` next to an export share a base name with catalog entries but are
    /// not LinkedIn's.
    pub fn lookup(&self, path: &str) -> Option<usize> {
        let lower = path.to_lowercase();
        if !(lower.ends_with(".csv") || lower.ends_with(".html") || lower.ends_with(".htm")) {
            return None;
        }
        if lower.ends_with(".html") || lower.ends_with(".htm") {
            let in_articles = lower
                .split('/')
                .rev()
                .skip(1)
                .any(|part| part == "articles");
            return if in_articles { self.articles } else { None };
        }
        self.by_key.get(&fold_key(path)).copied()
    }
}

fn check_item(id: &str, category: Category, item: Option<&str>) -> Result<(), CatalogError> {
    let Some(item) = item else { return Ok(()) };
    match item.split_once('.') {
        Some((prefix, rest)) if prefix == category.id() && !rest.is_empty() => Ok(()),
        _ => Err(CatalogError::Invalid(format!(
            "{id}: item '{item}' does not belong to category '{category}'"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_roles_are_read_from_the_catalog_by_their_report_ids() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        for role in DateRole::ALL {
            let de: StrDeserializer<'_, Error> = role.id().into_deserializer();
            assert_eq!(DateRole::deserialize(de), Ok(role));
        }
        assert_eq!(DateRole::ExpiryOrPlanned.id(), "expiry_or_planned");
        assert_eq!(DateRole::default(), DateRole::Activity);
    }

    #[test]
    fn the_built_in_json_is_the_catalog_toml() {
        let from_toml = Catalog::from_toml(include_str!("catalog.toml")).expect("valid catalog");
        let from_json = Catalog::from_json(BUILTIN_JSON).expect("valid JSON catalog");
        assert_eq!(
            format!("{:?}", from_json.files),
            format!("{:?}", from_toml.files)
        );
        assert_eq!(from_json.by_key, from_toml.by_key);
    }

    #[test]
    fn builtin_catalog_parses_and_is_consistent() {
        let catalog = Catalog::from_toml(include_str!("catalog.toml")).expect("valid catalog");
        assert!(
            catalog.files().len() > 60,
            "the catalog covers the known files"
        );
        assert!(catalog.articles.is_some(), "articles have an entry");
    }

    #[test]
    fn fold_key_merges_renamed_spellings_and_strips_numeric_suffixes() {
        assert_eq!(fold_key("Rich Media.csv"), fold_key("Rich_Media.csv"));
        assert_eq!(fold_key("Phone Numbers.csv"), fold_key("PhoneNumbers.csv"));
        assert_eq!(fold_key("Comments_1158443584.csv"), "comments");
        assert_eq!(
            fold_key("Job Applicant Saved Screening Question Responses_3.csv"),
            fold_key("Job Applicant Saved Screening Question Responses.csv")
        );
        assert_eq!(fold_key("Receipts_v2.csv"), "receiptsv2");
        assert_eq!(fold_key("Jobs/Saved Jobs.csv"), "savedjobs");
    }

    #[test]
    fn lookup_is_case_insensitive_and_finds_articles_only_under_articles() {
        let c = Catalog::builtin();
        let conn = c
            .lookup("Connections.csv")
            .and_then(|i| c.get(i))
            .map(|s| s.category);
        assert_eq!(conn, Some(Category::Contacts));
        assert_eq!(c.lookup("CONNECTIONS.CSV"), c.lookup("Connections.csv"));
        assert_eq!(c.lookup("Shares_1158443584.csv"), c.lookup("Shares.csv"));
        let art = c.lookup("Articles/Articles/2025-07-02 04:22:13.0-CMS RFI MCP: Now.html");
        assert_eq!(
            art.and_then(|i| c.get(i)).map(|s| s.parser),
            Some(Parser::ArticleHtml)
        );
        assert_eq!(c.lookup("random/page.html"), None);
        assert_eq!(c.lookup("Something_New.csv"), None);
    }

    #[test]
    fn a_file_exists_from_its_first_sighting_on() {
        let c = Catalog::builtin();
        let spec = |name: &str| c.lookup(name).and_then(|i| c.get(i)).expect("known");
        let day = |s: &str| s.parse::<jiff::civil::Date>().expect("date");
        assert!(!spec("guide_messages.csv").existed_on(day("2023-07-10")));
        assert!(spec("guide_messages.csv").existed_on(day("2024-12-01")));
        assert!(spec("Connections.csv").existed_on(day("2018-11-04")));
        assert!(!spec("Profile Summary.csv").existed_on(day("2022-09-12")));
        assert_eq!(c.lookup("Skills.tsx"), None);
        assert_eq!(c.lookup("positions.json"), None);
    }

    #[test]
    fn inconsistent_catalogs_are_rejected() {
        let bad_item = r#"
schema_version = 1
[[file]]
id = "x"
names = ["X.csv"]
category = "profile"
item = "account.security"
presence = "if_any"
label = "X"
description = "x"
"#;
        assert!(Catalog::from_toml(bad_item).is_err());
        let bad_date = r#"
schema_version = 1
[[file]]
id = "x"
names = ["X.csv"]
category = "profile"
presence = "if_any"
label = "X"
description = "x"
[[file.columns]]
name = "When"
role = "date"
"#;
        assert!(Catalog::from_toml(bad_date).is_err());
    }
}
