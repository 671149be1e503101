//! The policy model: which of a member's data LinkedIn says it may use to train generative AI
//! or share with Microsoft, per jurisdiction and date.
//!
//! The model is data, not code. `policy.toml` (embedded at build time, replaceable with
//! `--policy FILE`) holds sources pinned by commit, conflicts, controls and time-bounded
//! rules, each rule citing the text it rests on. This module loads and validates that file,
//! answers "what does the policy say about this data, here, on this date", and renders the
//! tables and explanations `lidex policy` prints. The file format is documented in
//! `docs/policy-model.md`.

use crate::category::Category;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::fmt::{self, Write as _};
use std::ops::Range;
use toml::Spanned;

pub mod connection;

pub use connection::{AccountConnection, ConnectionKind};

/// The model shipped with lidex. Kept next to this file so a reviewer sees rules and code together.
const BUILTIN: &str = include_str!("../policy.toml");

/// The name errors in the built-in model are reported under.
const BUILTIN_ORIGIN: &str = "policy.toml";

/// The only schema this loader understands; bumped when a key changes meaning.
const SCHEMA_VERSION: i64 = 1;

/// Reports are meant for an 80-100 column terminal.
const WIDTH: usize = 100;

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/// Why LinkedIn may use or share the data.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Training content-generating AI models (LinkedIn and its affiliates).
    GenaiTraining,
    /// Sharing with Microsoft for Microsoft's advertising.
    MicrosoftAds,
    /// Sharing with Microsoft for its own AI (UK), or public content so affiliates can
    /// "provide or develop their services" (outside the Designated Countries).
    MicrosoftAi,
    /// Data exchanged when the member connects a Microsoft work or school account.
    MicrosoftAccountLink,
}

impl Purpose {
    /// Every purpose, in report order.
    pub const ALL: [Purpose; 4] = [
        Purpose::GenaiTraining,
        Purpose::MicrosoftAds,
        Purpose::MicrosoftAi,
        Purpose::MicrosoftAccountLink,
    ];

    /// The stable id, as written in policy files and reports.
    pub fn id(self) -> &'static str {
        match self {
            Purpose::GenaiTraining => "genai_training",
            Purpose::MicrosoftAds => "microsoft_ads",
            Purpose::MicrosoftAi => "microsoft_ai",
            Purpose::MicrosoftAccountLink => "microsoft_account_link",
        }
    }

    /// A short human label. The policy file may carry a longer one.
    pub fn label(self) -> &'static str {
        match self {
            Purpose::GenaiTraining => "GenAI training",
            Purpose::MicrosoftAds => "Microsoft ads",
            Purpose::MicrosoftAi => "Microsoft AI",
            Purpose::MicrosoftAccountLink => "Microsoft account link",
        }
    }

    /// Looks a purpose up by its id.
    pub fn from_id(id: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.id() == id)
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Where the member lives, as far as LinkedIn's documents distinguish it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Jurisdiction {
    /// The EU and the EEA (Designated Countries, with Switzerland).
    Eu,
    /// The United Kingdom: not a Designated Country, but covered by the European Notice.
    Uk,
    /// Switzerland.
    Ch,
    /// Canada.
    Ca,
    /// Hong Kong.
    Hk,
    /// The United States.
    Us,
    /// Everywhere else.
    Row,
}

impl Jurisdiction {
    /// Every jurisdiction, in report order.
    pub const ALL: [Jurisdiction; 7] = [
        Jurisdiction::Eu,
        Jurisdiction::Uk,
        Jurisdiction::Ch,
        Jurisdiction::Ca,
        Jurisdiction::Hk,
        Jurisdiction::Us,
        Jurisdiction::Row,
    ];

    /// The stable id, as written in policy files and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Jurisdiction::Eu => "eu",
            Jurisdiction::Uk => "uk",
            Jurisdiction::Ch => "ch",
            Jurisdiction::Ca => "ca",
            Jurisdiction::Hk => "hk",
            Jurisdiction::Us => "us",
            Jurisdiction::Row => "row",
        }
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Jurisdiction::Eu => "EU/EEA",
            Jurisdiction::Uk => "UK",
            Jurisdiction::Ch => "Switzerland",
            Jurisdiction::Ca => "Canada",
            Jurisdiction::Hk => "Hong Kong",
            Jurisdiction::Us => "United States",
            Jurisdiction::Row => "Rest of world",
        }
    }

    /// Looks a jurisdiction up by its id.
    pub fn from_id(id: &str) -> Option<Jurisdiction> {
        Jurisdiction::ALL.into_iter().find(|j| j.id() == id)
    }

    /// A column heading of at most four characters for the tables.
    fn short(self) -> &'static str {
        match self {
            Jurisdiction::Eu => "EU",
            Jurisdiction::Uk => "UK",
            Jurisdiction::Ch => "CH",
            Jurisdiction::Ca => "CA",
            Jurisdiction::Hk => "HK",
            Jurisdiction::Us => "US",
            Jurisdiction::Row => "RoW",
        }
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What the policy text says about a piece of data for a purpose.
///
/// Ordered by severity, `Used > Unclear > NotListed > Excluded`, so a report can take the
/// maximum over a file's items as the verdict to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The text lists it for the purpose.
    Used,
    /// The text expressly excludes it.
    Excluded,
    /// Left out of the purpose's enumerated list: an inference from omission, not a promise.
    NotListed,
    /// Not addressed, or the sources conflict.
    Unclear,
}

impl Verdict {
    /// Every verdict, from least to most severe.
    pub const ALL: [Verdict; 4] = [
        Verdict::Excluded,
        Verdict::NotListed,
        Verdict::Unclear,
        Verdict::Used,
    ];

    /// The stable id, as written in policy files and JSON reports.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Used => "used",
            Verdict::Excluded => "excluded",
            Verdict::NotListed => "not_listed",
            Verdict::Unclear => "unclear",
        }
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Used => "used",
            Verdict::Excluded => "excluded",
            Verdict::NotListed => "not listed",
            Verdict::Unclear => "unclear",
        }
    }

    /// The one-character mark used in tables: `Y`, `N`, `-` (not listed) or `?`.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Used => "Y",
            Verdict::Excluded => "N",
            Verdict::NotListed => "-",
            Verdict::Unclear => "?",
        }
    }

    /// Higher is worse for the member: 3 used, 2 unclear, 1 not listed, 0 excluded.
    pub fn severity(self) -> u8 {
        match self {
            Verdict::Used => 3,
            Verdict::Unclear => 2,
            Verdict::NotListed => 1,
            Verdict::Excluded => 0,
        }
    }

    /// Looks a verdict up by its id.
    pub fn from_id(id: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.id() == id)
    }
}

impl PartialOrd for Verdict {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Verdict {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.severity().cmp(&other.severity())
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Why a rule has its verdict: how directly the text supports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A primary text names the data for the purpose. Verdict `used`.
    Listed,
    /// A text expressly excludes the data. Verdict `excluded`.
    Excluded,
    /// The data is missing from an enumerated list. Verdict `not_listed` or `unclear`.
    OmittedFromEnumeration,
    /// Only a broad clause ("personal data", "AI models") covers it.
    BroadClause,
    /// Rests on secondary sources only (help pages, press).
    SecondaryOnly,
    /// Sources disagree; the rule's conflicts say how it was resolved.
    Conflict,
}

impl Basis {
    /// Every basis.
    pub const ALL: [Basis; 6] = [
        Basis::Listed,
        Basis::Excluded,
        Basis::OmittedFromEnumeration,
        Basis::BroadClause,
        Basis::SecondaryOnly,
        Basis::Conflict,
    ];

    /// The stable id, as written in policy files.
    pub fn id(self) -> &'static str {
        match self {
            Basis::Listed => "listed",
            Basis::Excluded => "excluded",
            Basis::OmittedFromEnumeration => "omitted_from_enumeration",
            Basis::BroadClause => "broad_clause",
            Basis::SecondaryOnly => "secondary_only",
            Basis::Conflict => "conflict",
        }
    }

    /// Looks a basis up by its id.
    pub fn from_id(id: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.id() == id)
    }

    /// Whether a verdict is consistent with this basis. Catches a rule whose basis was copied
    /// from a neighbour without its verdict.
    fn allows(self, verdict: Verdict) -> bool {
        match self {
            Basis::Listed => verdict == Verdict::Used,
            Basis::Excluded => verdict == Verdict::Excluded,
            Basis::OmittedFromEnumeration => {
                matches!(verdict, Verdict::NotListed | Verdict::Unclear)
            }
            Basis::BroadClause | Basis::SecondaryOnly | Basis::Conflict => true,
        }
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Whether a source is LinkedIn's (or Microsoft's) own archived text, or something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An archived policy text pinned by repository and commit.
    Primary,
    /// A help page, update page or press report that nobody archives.
    Secondary,
}

impl SourceKind {
    /// The stable id, as written in policy files.
    pub fn id(self) -> &'static str {
        match self {
            SourceKind::Primary => "primary",
            SourceKind::Secondary => "secondary",
        }
    }

    fn from_id(id: &str) -> Option<SourceKind> {
        [SourceKind::Primary, SourceKind::Secondary]
            .into_iter()
            .find(|k| k.id() == id)
    }
}

// ---------------------------------------------------------------------------------------------
// The validated model
// ---------------------------------------------------------------------------------------------

/// The `[meta]` table.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Meta {
    /// What the model describes.
    pub title: String,
    /// The id of the version reports use when no date is given.
    pub default_version: String,
    /// The newest source capture checked against the model.
    #[serde(serialize_with = "ser_date")]
    #[schemars(with = "String")]
    pub as_of: Date,
    /// Where the research behind the model lives.
    pub reference: Option<String>,
    /// How quotes were compared with the archived text.
    pub quote_normalisation: Option<String>,
}

/// A named state of the policy (`[[version]]`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Version {
    /// The version's id, conventionally its effective date.
    pub id: String,
    /// The date it took effect.
    #[serde(serialize_with = "ser_date")]
    #[schemars(with = "String")]
    pub effective: Date,
    /// What changed.
    pub title: String,
    /// The sources that define this state.
    pub sources: Vec<String>,
}

/// A document the model cites (`[[source]]`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Source {
    /// Short id used by cites, such as `N25`.
    pub id: String,
    /// Human title, naming the capture.
    pub title: String,
    /// Primary (archived, pinned) or secondary.
    pub kind: SourceKind,
    /// Repository holding the archived text.
    pub repo: Option<String>,
    /// Path of the text inside the repository.
    pub path: Option<String>,
    /// Commit the quotes were checked against.
    pub commit: Option<String>,
    /// When the archive captured the page.
    pub captured: Option<String>,
    /// The document's own effective date.
    #[serde(serialize_with = "ser_opt_date")]
    #[schemars(with = "Option<String>")]
    pub effective: Option<Date>,
    /// The live page.
    pub url: Option<String>,
    /// Anything a reader of the citation should know.
    pub note: Option<String>,
}

/// The file's description of a purpose (`[[purpose]]`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PurposeInfo {
    /// Which purpose.
    pub id: Purpose,
    /// Long label.
    pub label: String,
    /// What falls under it.
    pub description: String,
}

/// The file's description of a jurisdiction (`[[jurisdiction]]`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct JurisdictionInfo {
    /// Which jurisdiction.
    pub id: Jurisdiction,
    /// Label as the file gives it.
    pub label: String,
    /// Source id of the regional document that governs it, if any.
    pub notice: Option<String>,
}

/// A finer data item below a category (`[[item]]`), such as `profile.headline`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Item {
    /// `<category>.<name>`.
    pub id: String,
    /// The category the id's prefix names.
    pub category: Category,
    /// Human label.
    pub label: String,
}

/// A disagreement between sources and how the model settles it (`[[conflict]]`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Conflict {
    /// Id such as `C1`.
    pub id: String,
    /// Short title.
    pub title: String,
    /// What the sources say.
    pub summary: String,
    /// What the rules chose.
    pub resolution: String,
    /// Source ids involved.
    pub sources: Vec<String>,
}

/// A citation: where in which source the rule's support is.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Cite {
    /// Source id.
    pub source: String,
    /// Section or table row of the source.
    pub section: Option<String>,
    /// Verbatim text; required for primary sources.
    pub quote: Option<String>,
    /// Paraphrase or context; secondary sources may carry only this.
    pub note: Option<String>,
}

/// Something the member can do about a purpose (`[[control]]`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Control {
    /// Stable id.
    pub id: String,
    /// Name as LinkedIn shows it.
    pub label: String,
    /// Menu path to reach it.
    pub path: Vec<String>,
    /// Direct link, if there is one.
    pub url: Option<String>,
    /// A lidex command that helps, if any.
    pub command: Option<String>,
    /// Purposes it affects.
    pub purposes: Vec<Purpose>,
    /// Where it is offered.
    pub jurisdictions: Vec<Jurisdiction>,
    /// What it does and does not do.
    pub description: String,
    /// Its default state, when known.
    pub default: Option<String>,
    /// Whether it undoes past use; `Some(false)` when a source says it does not.
    pub retroactive: Option<bool>,
    /// Where this is documented.
    pub cite: Vec<Cite>,
}

/// One verdict for a purpose, some jurisdictions, a category set or an item, and a date window.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Rule {
    /// Unique, stable id.
    pub id: String,
    /// The purpose it answers for.
    pub purpose: Purpose,
    /// Categories it covers; for an item rule, the item's category.
    pub categories: Vec<Category>,
    /// The item it covers, if it is an item rule.
    pub item: Option<String>,
    /// Where it applies.
    pub jurisdictions: Vec<Jurisdiction>,
    /// What it says.
    pub verdict: Verdict,
    /// How directly the sources support it.
    pub basis: Basis,
    /// First day in force; `None` means since before any source.
    #[serde(serialize_with = "ser_opt_date")]
    #[schemars(with = "Option<String>")]
    pub valid_from: Option<Date>,
    /// Last day in force; `None` means still in force.
    #[serde(serialize_with = "ser_opt_date")]
    #[schemars(with = "Option<String>")]
    pub valid_to: Option<Date>,
    /// Ids of conflicts that bear on it.
    pub conflicts: Vec<String>,
    /// Short remark for readers.
    pub note: Option<String>,
    /// Its support; never empty.
    pub cite: Vec<Cite>,
    /// Line of the rule in its file, for pointing readers at it.
    #[serde(skip)]
    pub line: usize,
}

impl Rule {
    /// Whether `on` falls inside the rule's window (both ends inclusive).
    pub fn in_force_on(&self, on: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= on) && self.valid_to.is_none_or(|to| on <= to)
    }

    /// Whether the rule applies in `jurisdiction`.
    pub fn covers(&self, jurisdiction: Jurisdiction) -> bool {
        self.jurisdictions.contains(&jurisdiction)
    }

    /// Whether the rule is about `purpose` in `jurisdiction`.
    fn answers(&self, purpose: Purpose, jurisdiction: Jurisdiction) -> bool {
        self.purpose == purpose && self.covers(jurisdiction)
    }

    /// The window as text, e.g. `2025-11-03 .. open`.
    pub fn window(&self) -> String {
        let from = self
            .valid_from
            .map_or_else(|| "start".to_owned(), |d| d.to_string());
        let to = self
            .valid_to
            .map_or_else(|| "open".to_owned(), |d| d.to_string());
        format!("{from} .. {to}")
    }
}

/// The answer to one question put to the model.
#[derive(Debug, Clone, Copy)]
pub struct Resolution<'p> {
    /// The verdict; `Unclear` when no rule covers the question.
    pub verdict: Verdict,
    /// The rule that decided it; `None` only when no rule covers the question.
    pub rule: Option<&'p Rule>,
}

/// A validated policy model.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Policy {
    #[serde(skip)]
    origin: String,
    /// Version of the policy file format.
    schema_version: i64,
    /// What the model describes and when it was last checked.
    meta: Meta,
    /// The named states of the policy, oldest first.
    versions: Vec<Version>,
    /// The documents the rules cite.
    sources: Vec<Source>,
    /// What each purpose covers.
    purposes: Vec<PurposeInfo>,
    /// The jurisdictions and their governing notices.
    jurisdictions: Vec<JurisdictionInfo>,
    /// Finer data items below the categories.
    items: Vec<Item>,
    /// Disagreements between sources and how they are settled.
    conflicts: Vec<Conflict>,
    /// What the member can do.
    controls: Vec<Control>,
    /// The verdicts, each with its window and citations.
    rules: Vec<Rule>,
    account_connections: Vec<AccountConnection>,
}

/// One thing wrong with a policy file, located by line and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file name (or `policy.toml` for the built-in model).
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// The TOML key at fault, such as `rule.category`.
    pub key: String,
    /// What is wrong, naming the table entry and the value.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.origin, self.line, self.message)
    }
}

/// Why a policy file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file is not valid TOML or does not have the expected shape.
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        /// The file name.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The toml crate's message.
        message: String,
    },
    /// The file parsed but breaks the model's rules; every problem found, in file order.
    #[error("{}", join_problems(.0))]
    Invalid(Vec<Problem>),
}

impl PolicyError {
    /// The problems found by validation; empty for a syntax error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            PolicyError::Invalid(problems) => problems,
            PolicyError::Syntax { .. } => &[],
        }
    }
}

fn join_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Raw file shape. Spanned values let every error point at a line.
// ---------------------------------------------------------------------------------------------

type Text = Spanned<String>;
type TomlDate = Spanned<toml::value::Datetime>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema_version: Spanned<i64>,
    meta: Spanned<RawMeta>,
    #[serde(default)]
    version: Vec<Spanned<RawVersion>>,
    #[serde(default)]
    source: Vec<Spanned<RawSource>>,
    #[serde(default)]
    purpose: Vec<Spanned<RawPurpose>>,
    #[serde(default)]
    jurisdiction: Vec<Spanned<RawJurisdiction>>,
    #[serde(default)]
    item: Vec<Spanned<RawItem>>,
    #[serde(default)]
    conflict: Vec<Spanned<RawConflict>>,
    #[serde(default)]
    control: Vec<Spanned<RawControl>>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    account_connection: Vec<Spanned<connection::RawConnection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    title: String,
    default_version: Text,
    as_of: TomlDate,
    reference: Option<String>,
    quote_normalisation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    id: Text,
    effective: TomlDate,
    title: String,
    #[serde(default)]
    sources: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Text,
    title: String,
    kind: Text,
    repo: Option<String>,
    path: Option<String>,
    commit: Option<Text>,
    captured: Option<String>,
    effective: Option<TomlDate>,
    url: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPurpose {
    id: Text,
    label: String,
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJurisdiction {
    id: Text,
    label: String,
    notice: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Text,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConflict {
    id: Text,
    title: String,
    summary: String,
    resolution: String,
    #[serde(default)]
    sources: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCite {
    source: Text,
    section: Option<String>,
    quote: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControl {
    id: Text,
    label: String,
    #[serde(default)]
    path: Vec<String>,
    url: Option<String>,
    command: Option<String>,
    #[serde(default)]
    purposes: Vec<Text>,
    #[serde(default)]
    jurisdictions: Vec<Text>,
    description: String,
    default: Option<String>,
    retroactive: Option<bool>,
    #[serde(default)]
    cite: Vec<Spanned<RawCite>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Text,
    purpose: Text,
    category: Option<Text>,
    categories: Option<Vec<Text>>,
    item: Option<Text>,
    #[serde(default)]
    jurisdictions: Vec<Text>,
    verdict: Text,
    basis: Text,
    valid_from: Option<TomlDate>,
    valid_to: Option<TomlDate>,
    #[serde(default)]
    conflicts: Vec<Text>,
    note: Option<String>,
    #[serde(default)]
    cite: Vec<Spanned<RawCite>>,
}

// ---------------------------------------------------------------------------------------------
// Loading and validation
// ---------------------------------------------------------------------------------------------

/// Maps byte offsets to 1-based lines and columns.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }

    fn column(&self, text: &str, offset: usize) -> usize {
        let line = self.line(offset);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        text.get(start..offset.min(text.len()))
            .map_or(1, |prefix| prefix.chars().count() + 1)
    }
}

/// Collects problems while the raw file is turned into the model.
struct Checker<'a> {
    origin: &'a str,
    lines: Lines,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, span: Range<usize>, key: &str, message: String) {
        self.problems.push(Problem {
            origin: self.origin.to_owned(),
            line: self.lines.line(span.start),
            key: key.to_owned(),
            message,
        });
    }

    fn line(&self, span: Range<usize>) -> usize {
        self.lines.line(span.start)
    }

    fn date(&mut self, value: &TomlDate, key: &str, owner: &str) -> Option<Date> {
        let date = toml_date(value.get_ref());
        if date.is_none() {
            self.report(
                value.span(),
                key,
                format!(
                    "{owner} has {key} = {}, which is not a plain date (YYYY-MM-DD)",
                    value.get_ref()
                ),
            );
        }
        date
    }

    fn unique(&mut self, seen: &mut HashMap<String, usize>, id: &Text, what: &str) {
        let line = self.line(id.span());
        if let Some(first) = seen.insert(id.get_ref().clone(), line) {
            self.report(
                id.span(),
                &format!("{what}.id"),
                format!(
                    "duplicate {what} id '{}' (first defined on line {first})",
                    id.get_ref()
                ),
            );
        }
    }

    fn cites(
        &mut self,
        raw: Vec<Spanned<RawCite>>,
        owner: &str,
        owner_span: Range<usize>,
        sources: &HashMap<String, SourceKind>,
    ) -> Vec<Cite> {
        if raw.is_empty() {
            self.report(owner_span, "cite", format!("{owner} has no cite"));
        }
        let mut cites = Vec::with_capacity(raw.len());
        for spanned in raw {
            let span = spanned.span();
            let cite = spanned.into_inner();
            let quote = cite.quote.filter(|q| !q.trim().is_empty());
            let note = cite.note.filter(|n| !n.trim().is_empty());
            match sources.get(cite.source.get_ref()) {
                None => self.report(
                    cite.source.span(),
                    "cite.source",
                    format!(
                        "cite of {owner} names unknown source '{}'",
                        cite.source.get_ref()
                    ),
                ),
                Some(SourceKind::Primary) if quote.is_none() => self.report(
                    span.clone(),
                    "cite.quote",
                    format!(
                        "cite of {owner} has an empty quote (source '{}' is primary)",
                        cite.source.get_ref()
                    ),
                ),
                Some(SourceKind::Secondary) if quote.is_none() && note.is_none() => self.report(
                    span.clone(),
                    "cite.quote",
                    format!("cite of {owner} has neither quote nor note"),
                ),
                Some(_) => {}
            }
            cites.push(Cite {
                source: cite.source.into_inner(),
                section: cite.section,
                quote,
                note,
            });
        }
        cites
    }

    fn purposes(&mut self, raw: Vec<Text>, owner: &str) -> Vec<Purpose> {
        raw.into_iter()
            .filter_map(|p| {
                let found = Purpose::from_id(p.get_ref());
                if found.is_none() {
                    self.report(
                        p.span(),
                        "purpose",
                        format!("{owner} names unknown purpose '{}'", p.get_ref()),
                    );
                }
                found
            })
            .collect()
    }

    fn jurisdictions(
        &mut self,
        raw: Vec<Text>,
        owner: &str,
        owner_span: Range<usize>,
    ) -> Vec<Jurisdiction> {
        if raw.is_empty() {
            self.report(
                owner_span,
                "jurisdictions",
                format!("{owner} lists no jurisdictions"),
            );
        }
        let mut out: Vec<Jurisdiction> = Vec::with_capacity(raw.len());
        for j in raw {
            match Jurisdiction::from_id(j.get_ref()) {
                None => self.report(
                    j.span(),
                    "jurisdictions",
                    format!("{owner} names unknown jurisdiction '{}'", j.get_ref()),
                ),
                Some(found) if out.contains(&found) => self.report(
                    j.span(),
                    "jurisdictions",
                    format!("{owner} lists jurisdiction '{}' twice", j.get_ref()),
                ),
                Some(found) => out.push(found),
            }
        }
        out
    }
}

fn toml_date(value: &toml::value::Datetime) -> Option<Date> {
    if value.time.is_some() || value.offset.is_some() {
        return None;
    }
    let d = value.date?;
    Date::new(
        i16::try_from(d.year).ok()?,
        i8::try_from(d.month).ok()?,
        i8::try_from(d.day).ok()?,
    )
    .ok()
}

fn ser_date<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

fn ser_opt_date<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

impl Policy {
    /// The model shipped with lidex.
    #[allow(
        clippy::expect_used,
        reason = "embedded data, validated by policy::tests"
    )]
    pub fn builtin() -> Policy {
        Policy::from_toml(BUILTIN, BUILTIN_ORIGIN)
            .expect("the built-in policy.toml is checked by the policy unit tests")
    }

    /// Parses and validates a policy file. `origin` names the file in error messages.
    ///
    /// Every validation problem is reported, not only the first, so a user editing a copy of
    /// the model can fix them in one pass.
    pub fn from_toml(text: &str, origin: &str) -> Result<Policy, PolicyError> {
        let lines = Lines::new(text);
        let raw: RawFile = toml::from_str(text).map_err(|err| {
            let offset = err.span().map_or(0, |s| s.start);
            PolicyError::Syntax {
                origin: origin.to_owned(),
                line: lines.line(offset),
                column: lines.column(text, offset),
                message: err.message().trim().to_owned(),
            }
        })?;
        let mut checker = Checker {
            origin,
            lines,
            problems: Vec::new(),
        };
        let policy = build(raw, origin, &mut checker);
        if checker.problems.is_empty() {
            Ok(policy)
        } else {
            checker.problems.sort_by_key(|p| p.line);
            Err(PolicyError::Invalid(checker.problems))
        }
    }

    /// The file name the model was loaded from.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The `[meta]` table.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The named policy states, oldest first as written.
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// The version reports use by default.
    pub fn default_version(&self) -> Option<&Version> {
        self.versions
            .iter()
            .find(|v| v.id == self.meta.default_version)
    }

    /// The date of the default version: what "the current policy" means when no date is given.
    pub fn default_date(&self) -> Date {
        self.default_version()
            .map_or(self.meta.as_of, |v| v.effective)
    }

    /// Every source, in file order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// One source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The file's descriptions of the purposes.
    pub fn purposes(&self) -> &[PurposeInfo] {
        &self.purposes
    }

    /// The file's descriptions of the jurisdictions.
    pub fn jurisdictions(&self) -> &[JurisdictionInfo] {
        &self.jurisdictions
    }

    /// The item vocabulary.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// One item by id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Every conflict, in file order.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// Every control, in file order.
    pub fn controls(&self) -> &[Control] {
        &self.controls
    }

    /// Every rule, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The Microsoft account connections (`[[account_connection]]`), in file order.
    pub fn account_connections(&self) -> &[AccountConnection] {
        &self.account_connections
    }

    /// One conflict by id.
    pub fn conflict(&self, id: &str) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.id == id)
    }

    /// The controls offered in `jurisdiction`, or all of them for `None`.
    pub fn controls_for(&self, jurisdiction: Option<Jurisdiction>) -> Vec<&Control> {
        self.controls
            .iter()
            .filter(|c| jurisdiction.is_none_or(|j| c.jurisdictions.contains(&j)))
            .collect()
    }

    /// Every rule that could bear on `category` (and `item`), whatever its purpose, place or
    /// window: the category-level rules, plus the rules for `item`, or for every item of the
    /// category when `item` is `None`. In file order.
    pub fn rules_matching(&self, category: Category, item: Option<&str>) -> Vec<&Rule> {
        self.rules
            .iter()
            .filter(|r| match (&r.item, item) {
                (None, _) => r.categories.contains(&category),
                (Some(rule_item), Some(wanted)) => rule_item == wanted,
                (Some(_), None) => r.categories.contains(&category),
            })
            .collect()
    }

    /// What the model says about `category` (or its `item`) for `purpose` in `jurisdiction`
    /// on the date `on`.
    ///
    /// Only rules in force on `on` count. A rule for the exact item beats a category rule;
    /// between rules of the same kind the one with the latest `valid_from` wins (a rule
    /// without one counts as the oldest), and after that the one written first. With no
    /// rule at all the verdict is `Unclear` and `rule` is `None`.
    pub fn resolve(
        &self,
        purpose: Purpose,
        jurisdiction: Jurisdiction,
        category: Category,
        item: Option<&str>,
        on: Date,
    ) -> Resolution<'_> {
        // Purpose and place first: they rule out most rules at the lowest cost.
        let asked = self
            .rules
            .iter()
            .filter(|r| r.answers(purpose, jurisdiction));
        pick(candidates(asked, category, item, on))
    }

    /// The rules that can answer questions about `category` (or its `item`) on `on`, for
    /// putting many questions about one thing: [`Candidates::resolve`] answers as
    /// [`Policy::resolve`] does, looking only at these rules instead of all of them.
    pub fn candidates(&self, category: Category, item: Option<&str>, on: Date) -> Candidates<'_> {
        Candidates {
            rules: candidates(self.rules.iter(), category, item, on).collect(),
        }
    }
}

/// The rules in force on one date that bear on one category or item, in file order.
#[derive(Debug, Clone)]
pub struct Candidates<'p> {
    /// Each rule, and whether it is for the item rather than the whole category.
    rules: Vec<(bool, &'p Rule)>,
}

impl<'p> Candidates<'p> {
    /// What the model says for `purpose` in `jurisdiction`: see [`Policy::resolve`].
    pub fn resolve(&self, purpose: Purpose, jurisdiction: Jurisdiction) -> Resolution<'p> {
        pick(
            self.rules
                .iter()
                .copied()
                .filter(|(_, r)| r.answers(purpose, jurisdiction)),
        )
    }
}

/// The rules in force on `on` that cover `category` or `item`, with whether each is an item
/// rule.
fn candidates<'p>(
    rules: impl Iterator<Item = &'p Rule>,
    category: Category,
    item: Option<&str>,
    on: Date,
) -> impl Iterator<Item = (bool, &'p Rule)> {
    rules.filter_map(move |rule| {
        if !rule.in_force_on(on) {
            return None;
        }
        match (&rule.item, item) {
            (Some(rule_item), Some(wanted)) if rule_item == wanted => Some((true, rule)),
            (None, _) if rule.categories.contains(&category) => Some((false, rule)),
            _ => None,
        }
    })
}

/// The deciding rule among `candidates`, all for the purpose and place asked about (the
/// precedence is described at [`Policy::resolve`]).
fn pick<'p>(candidates: impl Iterator<Item = (bool, &'p Rule)>) -> Resolution<'p> {
    let mut best: Option<(bool, Option<Date>, &Rule)> = None;
    for (for_item, rule) in candidates {
        let better = best.is_none_or(|(best_item, best_from, _)| {
            (for_item, rule.valid_from) > (best_item, best_from)
        });
        if better {
            best = Some((for_item, rule.valid_from, rule));
        }
    }
    match best {
        Some((_, _, rule)) => Resolution {
            verdict: rule.verdict,
            rule: Some(rule),
        },
        None => Resolution {
            verdict: Verdict::Unclear,
            rule: None,
        },
    }
}

/// Turns the raw file into the model, reporting every problem to `checker`.
fn build(raw: RawFile, origin: &str, checker: &mut Checker<'_>) -> Policy {
    if *raw.schema_version.get_ref() != SCHEMA_VERSION {
        checker.report(
            raw.schema_version.span(),
            "schema_version",
            format!(
                "schema_version {} is not supported (this lidex reads {SCHEMA_VERSION})",
                raw.schema_version.get_ref()
            ),
        );
    }

    // Sources first: everything else cites them.
    let mut seen = HashMap::new();
    let mut source_kinds = HashMap::new();
    let mut sources = Vec::with_capacity(raw.source.len());
    for spanned in raw.source {
        let span = spanned.span();
        let s = spanned.into_inner();
        checker.unique(&mut seen, &s.id, "source");
        let owner = format!("source '{}'", s.id.get_ref());
        let kind = SourceKind::from_id(s.kind.get_ref());
        let kind = kind.unwrap_or_else(|| {
            checker.report(
                s.kind.span(),
                "source.kind",
                format!(
                    "{owner} has unknown kind '{}' (primary or secondary)",
                    s.kind.get_ref()
                ),
            );
            SourceKind::Secondary
        });
        if kind == SourceKind::Primary {
            let pinned = s.repo.is_some()
                && s.path.is_some()
                && s.commit.as_ref().is_some_and(|c| is_commit(c.get_ref()));
            if !pinned {
                let at = s.commit.as_ref().map_or(span, Spanned::span);
                checker.report(
                    at,
                    "source.commit",
                    format!("{owner} is primary but lacks repo, path or a 40-hex commit"),
                );
            }
        }
        let effective = s
            .effective
            .as_ref()
            .and_then(|d| checker.date(d, "effective", &owner));
        source_kinds.insert(s.id.get_ref().clone(), kind);
        sources.push(Source {
            id: s.id.into_inner(),
            title: s.title,
            kind,
            repo: s.repo,
            path: s.path,
            commit: s.commit.map(Spanned::into_inner),
            captured: s.captured,
            effective,
            url: s.url,
            note: s.note,
        });
    }
    let known_source = |id: &str| source_kinds.contains_key(id);

    let meta_span = raw.meta.span();
    let m = raw.meta.into_inner();
    let as_of = checker.date(&m.as_of, "as_of", "meta").unwrap_or(Date::MIN);

    let mut seen = HashMap::new();
    let mut versions = Vec::with_capacity(raw.version.len());
    let mut version_lines = Vec::with_capacity(raw.version.len());
    for spanned in raw.version {
        let v = spanned.into_inner();
        checker.unique(&mut seen, &v.id, "version");
        let owner = format!("version '{}'", v.id.get_ref());
        let effective = checker.date(&v.effective, "effective", &owner);
        for s in &v.sources {
            if !known_source(s.get_ref()) {
                checker.report(
                    s.span(),
                    "version.sources",
                    format!("{owner} names unknown source '{}'", s.get_ref()),
                );
            }
        }
        version_lines.push(checker.line(v.id.span()));
        versions.push(Version {
            id: v.id.into_inner(),
            effective: effective.unwrap_or(Date::MIN),
            title: v.title,
            sources: v.sources.into_iter().map(Spanned::into_inner).collect(),
        });
    }
    if !versions
        .iter()
        .any(|v| &v.id == m.default_version.get_ref())
    {
        checker.report(
            m.default_version.span(),
            "meta.default_version",
            format!(
                "meta names unknown default_version '{}'",
                m.default_version.get_ref()
            ),
        );
    }
    let meta = Meta {
        title: m.title,
        default_version: m.default_version.into_inner(),
        as_of,
        reference: m.reference,
        quote_normalisation: m.quote_normalisation,
    };

    let mut purposes = Vec::with_capacity(raw.purpose.len());
    for spanned in raw.purpose {
        let p = spanned.into_inner();
        match Purpose::from_id(p.id.get_ref()) {
            None => checker.report(
                p.id.span(),
                "purpose.id",
                format!("unknown purpose '{}'", p.id.get_ref()),
            ),
            Some(id) if purposes.iter().any(|x: &PurposeInfo| x.id == id) => checker.report(
                p.id.span(),
                "purpose.id",
                format!("duplicate purpose id '{}'", p.id.get_ref()),
            ),
            Some(id) => purposes.push(PurposeInfo {
                id,
                label: p.label,
                description: p.description,
            }),
        }
    }
    for p in Purpose::ALL {
        if !purposes.iter().any(|x| x.id == p) {
            checker.report(
                meta_span.clone(),
                "purpose",
                format!("purpose '{p}' is not described by any [[purpose]]"),
            );
        }
    }
    purposes.sort_by_key(|p| p.id);

    let mut jurisdictions = Vec::with_capacity(raw.jurisdiction.len());
    for spanned in raw.jurisdiction {
        let j = spanned.into_inner();
        if let Some(notice) = &j.notice
            && !known_source(notice.get_ref())
        {
            checker.report(
                notice.span(),
                "jurisdiction.notice",
                format!(
                    "jurisdiction '{}' names unknown source '{}'",
                    j.id.get_ref(),
                    notice.get_ref()
                ),
            );
        }
        match Jurisdiction::from_id(j.id.get_ref()) {
            None => checker.report(
                j.id.span(),
                "jurisdiction.id",
                format!("unknown jurisdiction '{}'", j.id.get_ref()),
            ),
            Some(id) if jurisdictions.iter().any(|x: &JurisdictionInfo| x.id == id) => checker
                .report(
                    j.id.span(),
                    "jurisdiction.id",
                    format!("duplicate jurisdiction id '{}'", j.id.get_ref()),
                ),
            Some(id) => jurisdictions.push(JurisdictionInfo {
                id,
                label: j.label,
                notice: j.notice.map(Spanned::into_inner),
            }),
        }
    }
    for j in Jurisdiction::ALL {
        if !jurisdictions.iter().any(|x| x.id == j) {
            checker.report(
                meta_span.clone(),
                "jurisdiction",
                format!("jurisdiction '{j}' is not described by any [[jurisdiction]]"),
            );
        }
    }
    jurisdictions.sort_by_key(|j| j.id);

    let mut seen = HashMap::new();
    let mut items = Vec::with_capacity(raw.item.len());
    for spanned in raw.item {
        let i = spanned.into_inner();
        checker.unique(&mut seen, &i.id, "item");
        match item_category(i.id.get_ref()) {
            Some(category) => items.push(Item {
                id: i.id.into_inner(),
                category,
                label: i.label,
            }),
            None => checker.report(
                i.id.span(),
                "item.id",
                format!(
                    "item '{}' does not start with a known category followed by '.'",
                    i.id.get_ref()
                ),
            ),
        }
    }

    let mut seen = HashMap::new();
    let mut conflicts = Vec::with_capacity(raw.conflict.len());
    for spanned in raw.conflict {
        let c = spanned.into_inner();
        checker.unique(&mut seen, &c.id, "conflict");
        for s in &c.sources {
            if !known_source(s.get_ref()) {
                checker.report(
                    s.span(),
                    "conflict.sources",
                    format!(
                        "conflict '{}' names unknown source '{}'",
                        c.id.get_ref(),
                        s.get_ref()
                    ),
                );
            }
        }
        conflicts.push(Conflict {
            id: c.id.into_inner(),
            title: c.title,
            summary: c.summary,
            resolution: c.resolution,
            sources: c.sources.into_iter().map(Spanned::into_inner).collect(),
        });
    }

    let mut seen = HashMap::new();
    let mut controls = Vec::with_capacity(raw.control.len());
    for spanned in raw.control {
        let span = spanned.span();
        let c = spanned.into_inner();
        checker.unique(&mut seen, &c.id, "control");
        let owner = format!("control '{}'", c.id.get_ref());
        let purposes = checker.purposes(c.purposes, &owner);
        let jurisdictions = checker.jurisdictions(c.jurisdictions, &owner, span.clone());
        let cite = checker.cites(c.cite, &owner, span, &source_kinds);
        controls.push(Control {
            id: c.id.into_inner(),
            label: c.label,
            path: c.path,
            url: c.url,
            command: c.command,
            purposes,
            jurisdictions,
            description: c.description,
            default: c.default,
            retroactive: c.retroactive,
            cite,
        });
    }

    let mut seen = HashMap::new();
    let mut rules = Vec::with_capacity(raw.rule.len());
    for spanned in raw.rule {
        let span = spanned.span();
        let r = spanned.into_inner();
        checker.unique(&mut seen, &r.id, "rule");
        if let Some(rule) = build_rule(r, span, checker, &items, &conflicts, &source_kinds) {
            rules.push(rule);
        }
    }

    let account_connections = connection::build(raw.account_connection, checker, &source_kinds);

    let policy = Policy {
        origin: origin.to_owned(),
        schema_version: *raw.schema_version.get_ref(),
        meta,
        versions,
        sources,
        purposes,
        jurisdictions,
        items,
        conflicts,
        controls,
        rules,
        account_connections,
    };
    // Overlaps and gaps are only meaningful once every rule is well formed.
    if checker.problems.is_empty() {
        check_ambiguity(&policy, checker);
        check_coverage(&policy, &version_lines, checker);
    }
    policy
}

fn build_rule(
    r: RawRule,
    span: Range<usize>,
    checker: &mut Checker<'_>,
    items: &[Item],
    conflicts: &[Conflict],
    sources: &HashMap<String, SourceKind>,
) -> Option<Rule> {
    let owner = format!("rule '{}'", r.id.get_ref());
    let before = checker.problems.len();

    let purpose = Purpose::from_id(r.purpose.get_ref());
    if purpose.is_none() {
        checker.report(
            r.purpose.span(),
            "rule.purpose",
            format!("{owner} names unknown purpose '{}'", r.purpose.get_ref()),
        );
    }

    let mut categories = Vec::new();
    for c in r.category.iter().chain(r.categories.iter().flatten()) {
        match Category::from_id(c.get_ref()) {
            None => checker.report(
                c.span(),
                "rule.category",
                format!("{owner} names unknown category '{}'", c.get_ref()),
            ),
            Some(found) if categories.contains(&found) => checker.report(
                c.span(),
                "rule.categories",
                format!("{owner} names category '{}' twice", c.get_ref()),
            ),
            Some(found) => categories.push(found),
        }
    }
    if r.category.is_some() && r.categories.is_some() {
        checker.report(
            span.clone(),
            "rule.categories",
            format!("{owner} has both category and categories; use one"),
        );
    }

    let mut item = None;
    if let Some(raw_item) = &r.item {
        let id = raw_item.get_ref();
        match (item_category(id), items.iter().find(|i| &i.id == id)) {
            (None, _) => checker.report(
                raw_item.span(),
                "rule.item",
                format!("{owner} names item '{id}', whose prefix is not a known category"),
            ),
            (Some(_), None) => checker.report(
                raw_item.span(),
                "rule.item",
                format!("{owner} names item '{id}', which no [[item]] declares"),
            ),
            (Some(category), Some(_)) => {
                if r.categories.is_some() || categories.iter().any(|c| *c != category) {
                    checker.report(
                        raw_item.span(),
                        "rule.item",
                        format!("{owner} names item '{id}' outside its category list"),
                    );
                }
                categories = vec![category];
                item = Some(id.clone());
            }
        }
    } else if r.category.is_none() && r.categories.as_ref().is_none_or(Vec::is_empty) {
        checker.report(
            span.clone(),
            "rule.category",
            format!("{owner} names no category, categories or item"),
        );
    }

    let jurisdictions = checker.jurisdictions(r.jurisdictions, &owner, span.clone());

    let verdict = Verdict::from_id(r.verdict.get_ref());
    if verdict.is_none() {
        checker.report(
            r.verdict.span(),
            "rule.verdict",
            format!(
                "{owner} has unknown verdict '{}' (used, excluded, not_listed, unclear)",
                r.verdict.get_ref()
            ),
        );
    }
    let basis = Basis::from_id(r.basis.get_ref());
    if basis.is_none() {
        checker.report(
            r.basis.span(),
            "rule.basis",
            format!("{owner} has unknown basis '{}'", r.basis.get_ref()),
        );
    }
    if let (Some(v), Some(b)) = (verdict, basis)
        && !b.allows(v)
    {
        checker.report(
            r.basis.span(),
            "rule.basis",
            format!("{owner} has basis '{b}', which cannot give verdict '{v}'"),
        );
    }

    let valid_from = r
        .valid_from
        .as_ref()
        .and_then(|d| checker.date(d, "valid_from", &owner));
    let valid_to = r
        .valid_to
        .as_ref()
        .and_then(|d| checker.date(d, "valid_to", &owner));
    if let (Some(from), Some(to), Some(at)) = (valid_from, valid_to, r.valid_to.as_ref())
        && to < from
    {
        checker.report(
            at.span(),
            "rule.valid_to",
            format!("{owner} has valid_to {to} before valid_from {from}"),
        );
    }

    for c in &r.conflicts {
        if !conflicts.iter().any(|k| &k.id == c.get_ref()) {
            checker.report(
                c.span(),
                "rule.conflicts",
                format!("{owner} names unknown conflict '{}'", c.get_ref()),
            );
        }
    }

    let cite = checker.cites(r.cite, &owner, span.clone(), sources);
    if basis == Some(Basis::SecondaryOnly)
        && !cite
            .iter()
            .any(|c| sources.get(&c.source) == Some(&SourceKind::Secondary))
    {
        checker.report(
            r.basis.span(),
            "rule.basis",
            format!("{owner} has basis 'secondary_only' but cites no secondary source"),
        );
    }

    if checker.problems.len() != before {
        return None;
    }
    Some(Rule {
        id: r.id.into_inner(),
        purpose: purpose?,
        categories,
        item,
        jurisdictions,
        verdict: verdict?,
        basis: basis?,
        valid_from,
        valid_to,
        conflicts: r.conflicts.into_iter().map(Spanned::into_inner).collect(),
        note: r.note,
        cite,
        line: checker.line(span),
    })
}

/// The category an item id's prefix names, if it is `<known category>.<non-empty name>`.
fn item_category(id: &str) -> Option<Category> {
    let (category, name) = id.split_once('.')?;
    if name.is_empty() {
        return None;
    }
    Category::from_id(category)
}

fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Two rules of the same kind that could both decide a question with the same `valid_from`
/// would make the answer depend on file order; that is almost always a copy-paste slip.
fn check_ambiguity(policy: &Policy, checker: &mut Checker<'_>) {
    let rules = &policy.rules;
    for (i, a) in rules.iter().enumerate() {
        for b in rules.iter().skip(i + 1) {
            let same_target = a.purpose == b.purpose
                && a.item == b.item
                && a.categories.iter().any(|c| b.categories.contains(c))
                && a.jurisdictions.iter().any(|j| b.jurisdictions.contains(j))
                && a.valid_from == b.valid_from;
            let overlap = a.valid_from.max(b.valid_from).is_none_or(|start| {
                a.valid_to.is_none_or(|end| start <= end)
                    && b.valid_to.is_none_or(|end| start <= end)
            });
            if same_target && overlap {
                checker.problems.push(Problem {
                    origin: checker.origin.to_owned(),
                    line: b.line,
                    key: "rule".to_owned(),
                    message: format!(
                        "rule '{}' overlaps rule '{}' (line {}) with the same valid_from; \
                         which one applies would depend on file order",
                        b.id, a.id, a.line
                    ),
                });
            }
        }
    }
}

/// Every purpose x jurisdiction x category needs a category-level answer in every version,
/// or reports would silently show "unclear" for a gap in the data.
fn check_coverage(policy: &Policy, version_lines: &[usize], checker: &mut Checker<'_>) {
    for (version, line) in policy.versions.iter().zip(version_lines) {
        let on = version.effective;
        // This runs on every load, the built-in model's included: find each category's rules
        // once per version rather than once per question.
        let by_category = Category::ALL.map(|c| policy.candidates(c, None, on));
        for purpose in Purpose::ALL {
            for jurisdiction in Jurisdiction::ALL {
                for (category, candidates) in Category::ALL.iter().zip(&by_category) {
                    if candidates.resolve(purpose, jurisdiction).rule.is_none() {
                        checker.problems.push(Problem {
                            origin: checker.origin.to_owned(),
                            line: *line,
                            key: "rule".to_owned(),
                            message: format!(
                                "version '{}': no category-level rule for purpose '{purpose}', \
                                 jurisdiction '{jurisdiction}', category '{category}' on {on}",
                                version.id
                            ),
                        });
                        // The first gap is enough to start fixing; hundreds would drown it.
                        return;
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/// Appends `text` word-wrapped to `WIDTH`: the first line after `first`, later ones after `rest`.
fn push_wrapped(out: &mut String, first: &str, rest: &str, text: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

fn purpose_label(policy: &Policy, purpose: Purpose) -> String {
    let label = policy
        .purposes
        .iter()
        .find(|p| p.id == purpose)
        .map_or(purpose.label(), |p| p.label.as_str());
    format!("{label} [{purpose}]")
}

fn item_name(id: &str) -> &str {
    id.split_once('.').map_or(id, |(_, name)| name)
}

/// A plain-text table per purpose: category rows (with item rows where an item differs)
/// by jurisdiction columns, verdicts as `Y`, `N`, `-`, `?`, then a legend, the conflicts
/// involved and the sources. Deterministic and at most 100 columns wide.
pub fn render_table(policy: &Policy, jurisdiction: Option<Jurisdiction>, on: Date) -> String {
    let columns: Vec<Jurisdiction> = match jurisdiction {
        Some(j) => vec![j],
        None => Jurisdiction::ALL.to_vec(),
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", policy.meta.title);
    let _ = writeln!(out, "Policy in force on {on}, from {}", policy.origin);
    let _ = writeln!(
        out,
        "Default version {}; newest source capture checked {}",
        policy.meta.default_version, policy.meta.as_of
    );
    let mut seen_conflicts: BTreeSet<&str> = BTreeSet::new();

    for purpose in Purpose::ALL {
        out.push('\n');
        let _ = writeln!(out, "{}", purpose_label(policy, purpose));
        let mut header = format!("  {:<34}", "Category");
        for j in &columns {
            let _ = write!(header, "{:^5}", j.short());
        }
        header.push_str("  Conflicts");
        let _ = writeln!(out, "{header}");

        for category in Category::ALL {
            let line = table_row(
                policy,
                purpose,
                category,
                None,
                &columns,
                on,
                &mut seen_conflicts,
            );
            let _ = writeln!(
                out,
                "{}",
                format!("  {:<34}{line}", category.label()).trim_end()
            );
            for item in items_with_rules(policy, purpose, category, &columns, on) {
                let line = table_row(
                    policy,
                    purpose,
                    category,
                    Some(item),
                    &columns,
                    on,
                    &mut seen_conflicts,
                );
                let label = format!("    .{}", item_name(item));
                let _ = writeln!(out, "{}", format!("  {label:<34}{line}").trim_end());
            }
        }
    }

    out.push('\n');
    out.push_str(
        "Legend: Y used (the text lists it)   N excluded (the text expressly excludes it)\n",
    );
    out.push_str(
        "        - not listed (left out of an enumerated list)   ? unclear or conflicting\n",
    );
    out.push_str("        Item rows (.name) are shown where an item differs from its category.\n");

    if !seen_conflicts.is_empty() {
        out.push_str("\nConflicts:\n");
        // File order, so C2 follows C1 rather than C11.
        for c in policy
            .conflicts
            .iter()
            .filter(|c| seen_conflicts.contains(c.id.as_str()))
        {
            push_wrapped(
                &mut out,
                &format!("  {:<5} {}: ", c.id, c.title),
                "        ",
                &c.resolution,
            );
        }
    }

    out.push_str("\nSources:\n");
    for s in &policy.sources {
        push_wrapped(
            &mut out,
            &format!("  {:<10} {:<9} ", s.id, s.kind.id()),
            &" ".repeat(23),
            &s.title,
        );
        if let (Some(repo), Some(commit)) = (&s.repo, &s.commit) {
            let _ = writeln!(out, "{:23}{repo}@{commit}", "");
        } else if let Some(url) = &s.url {
            let _ = writeln!(out, "{:23}{url}", "");
        }
    }
    out
}

/// One row's marks and the conflicts behind them; records those conflicts in `seen` for the
/// list under the tables.
fn table_row<'p>(
    policy: &'p Policy,
    purpose: Purpose,
    category: Category,
    item: Option<&str>,
    columns: &[Jurisdiction],
    on: Date,
    seen: &mut BTreeSet<&'p str>,
) -> String {
    let mut marks = String::new();
    let mut ids: BTreeSet<&'p str> = BTreeSet::new();
    for j in columns {
        let res = policy.resolve(purpose, *j, category, item, on);
        let _ = write!(marks, "{:^5}", res.verdict.mark());
        if let Some(rule) = res.rule {
            ids.extend(rule.conflicts.iter().map(String::as_str));
        }
    }
    seen.extend(ids.iter().copied());
    // File order, so C2 sorts before C11.
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_by_key(|id| policy.conflicts.iter().position(|c| c.id == *id));
    format!("{marks}  {}", ids.join(" "))
}

/// Items of `category` that some rule of `purpose` in force on `on` singles out in one of
/// `columns`, in vocabulary order.
fn items_with_rules<'p>(
    policy: &'p Policy,
    purpose: Purpose,
    category: Category,
    columns: &[Jurisdiction],
    on: Date,
) -> Vec<&'p str> {
    policy
        .items
        .iter()
        .filter(|i| i.category == category)
        .filter(|i| {
            policy.rules.iter().any(|r| {
                r.purpose == purpose
                    && r.item.as_deref() == Some(i.id.as_str())
                    && r.in_force_on(on)
                    && columns.iter().any(|j| r.covers(*j))
            })
        })
        .map(|i| i.id.as_str())
        .collect()
}

/// Everything the model says about `category` (or its `item`): per purpose, the verdict in
/// each jurisdiction on `on`, then every matching rule, grouped by the jurisdictions it
/// covers, with its window, basis, conflicts and resolutions, and each cite's source, commit
/// and quote.
pub fn explain(policy: &Policy, category: Category, item: Option<&str>, on: Date) -> String {
    let mut out = String::new();
    let subject = match item {
        Some(id) => match policy.item(id) {
            Some(known) => format!("{id} ({})", known.label),
            None => format!("{id} (not in the item vocabulary; category rules apply)"),
        },
        None => format!("{} ({})", category.id(), category.label()),
    };
    push_wrapped(
        &mut out,
        "Explain: ",
        "         ",
        &format!("{subject}, on {on}"),
    );
    let _ = writeln!(
        out,
        "Model: {} (newest capture checked {})",
        policy.origin, policy.meta.as_of
    );
    let matching = policy.rules_matching(category, item);

    for purpose in Purpose::ALL {
        out.push('\n');
        let _ = writeln!(out, "{}", purpose_label(policy, purpose));
        let _ = writeln!(out, "  On {on}:");
        for j in Jurisdiction::ALL {
            let res = policy.resolve(purpose, j, category, item, on);
            let by = res.rule.map_or("no rule", |r| r.id.as_str());
            let _ = writeln!(
                out,
                "    {:<14} {} {:<11} {by}",
                j.label(),
                res.verdict.mark(),
                res.verdict.label()
            );
        }

        let mut rules: Vec<&Rule> = matching
            .iter()
            .copied()
            .filter(|r| r.purpose == purpose)
            .collect();
        if rules.is_empty() {
            let _ = writeln!(out, "  No rule mentions this data for this purpose.");
            continue;
        }
        // Group by jurisdiction set in report order, oldest window first within a group.
        rules.sort_by_key(|r| {
            (
                jurisdiction_key(&r.jurisdictions),
                r.valid_from,
                r.item.is_some(),
            )
        });
        let mut group: Option<Vec<Jurisdiction>> = None;
        for rule in rules {
            if group.as_ref() != Some(&rule.jurisdictions) {
                let labels: Vec<&str> = rule.jurisdictions.iter().map(|j| j.label()).collect();
                let _ = writeln!(out, "  Rules for {}:", labels.join(", "));
                group = Some(rule.jurisdictions.clone());
            }
            explain_rule(&mut out, policy, rule, on);
        }
    }
    out
}

/// Sorts jurisdiction sets by their members in report order, so groups come out stable.
fn jurisdiction_key(js: &[Jurisdiction]) -> Vec<usize> {
    let mut key: Vec<usize> = js
        .iter()
        .filter_map(|j| Jurisdiction::ALL.iter().position(|x| x == j))
        .collect();
    key.sort_unstable();
    key
}

fn explain_rule(out: &mut String, policy: &Policy, rule: &Rule, on: Date) {
    let state = if rule.in_force_on(on) {
        "in force"
    } else {
        "not in force"
    };
    let _ = writeln!(
        out,
        "    - {} ({}:{}, {state})",
        rule.id, policy.origin, rule.line
    );
    let target = match &rule.item {
        Some(item) => format!("item {item}"),
        None => {
            let ids: Vec<&str> = rule.categories.iter().map(|c| c.id()).collect();
            format!("category {}", ids.join(", "))
        }
    };
    push_wrapped(out, "        covers    ", "                  ", &target);
    let _ = writeln!(
        out,
        "        verdict   {} {}",
        rule.verdict.mark(),
        rule.verdict.label()
    );
    let _ = writeln!(out, "        valid     {}", rule.window());
    let _ = writeln!(out, "        basis     {}", rule.basis);
    for id in &rule.conflicts {
        match policy.conflict(id) {
            Some(c) => push_wrapped(
                out,
                &format!("        conflict  {id} {}: ", c.title),
                "                  ",
                &c.resolution,
            ),
            None => {
                let _ = writeln!(out, "        conflict  {id}");
            }
        }
    }
    if let Some(note) = &rule.note {
        push_wrapped(out, "        note      ", "                  ", note);
    }
    for cite in &rule.cite {
        let source = policy.source(&cite.source);
        let title = source.map_or("(unknown source)", |s| s.title.as_str());
        let kind = source.map_or("?", |s| s.kind.id());
        push_wrapped(
            out,
            &format!("        cite      {} ({kind}): ", cite.source),
            "                  ",
            title,
        );
        if let Some(s) = source {
            if let (Some(repo), Some(commit)) = (&s.repo, &s.commit) {
                let _ = writeln!(out, "                  {repo}@{commit}");
            } else if let Some(url) = &s.url {
                let _ = writeln!(out, "                  {url}");
            }
        }
        if let Some(section) = &cite.section {
            push_wrapped(
                out,
                "                  section: ",
                "                  ",
                section,
            );
        }
        if let Some(quote) = &cite.quote {
            push_wrapped(
                out,
                "                  \"",
                "                   ",
                &format!("{quote}\""),
            );
        }
        if let Some(note) = &cite.note {
            push_wrapped(out, "                  note: ", "                  ", note);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// The controls a member can use, for `lidex policy`: each with where to find it and its
/// link, as the scan report's steps give them (only those offered in `jurisdiction`, when
/// one is given). Kept apart from [`render_table`] so other sections can sit beside it.
pub fn render_controls(policy: &Policy, jurisdiction: Option<Jurisdiction>) -> String {
    let controls = policy.controls_for(jurisdiction);
    let mut out = String::new();
    if controls.is_empty() {
        return out;
    }
    let heading = match jurisdiction {
        Some(j) => format!("\nControls in {}:\n", j.label()),
        None => "\nControls (every region's; give --region for yours):\n".to_string(),
    };
    out.push_str(&heading);
    for (i, c) in controls.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}: {}", i + 1, c.label, c.path.join(" > "));
        if let Some(url) = &c.url {
            let _ = writeln!(out, "     {url}");
        }
        let places: Vec<&str> = c.jurisdictions.iter().map(|j| j.id()).collect();
        let purposes: Vec<String> = c.purposes.iter().map(|p| p.label().to_string()).collect();
        let _ = writeln!(
            out,
            "     for: {}; where: {}",
            purposes.join(", "),
            places.join(", ")
        );
        let mut sources: Vec<&str> = c.cite.iter().map(|cite| cite.source.as_str()).collect();
        sources.dedup();
        if !sources.is_empty() {
            let _ = writeln!(out, "     source: {}", sources.join(", "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const CURRENT: Date = date(2025, 11, 3);
    const EARLIER: Date = date(2025, 6, 1);

    fn verdict(p: Purpose, j: Jurisdiction, c: Category, item: Option<&str>, on: Date) -> Verdict {
        Policy::builtin().resolve(p, j, c, item, on).verdict
    }

    #[test]
    fn candidates_answer_as_resolve_does() {
        let policy = Policy::builtin();
        let mut dates = vec![EARLIER, CURRENT, date(2020, 1, 1)];
        for v in policy.versions() {
            dates.extend([v.effective, v.effective.yesterday().expect("a day before")]);
        }
        for on in dates {
            for category in Category::ALL {
                let items = policy.items().iter().filter(|i| i.category == category);
                let items = items.map(|i| Some(i.id.as_str()));
                for item in [None, Some("profile.no_such_item")]
                    .into_iter()
                    .chain(items)
                {
                    let candidates = policy.candidates(category, item, on);
                    for p in Purpose::ALL {
                        for j in Jurisdiction::ALL {
                            let one = policy.resolve(p, j, category, item, on);
                            let many = candidates.resolve(p, j);
                            assert_eq!(one.verdict, many.verdict, "{p} {j} {category} {item:?}");
                            assert_eq!(
                                one.rule.map(|r| &r.id),
                                many.rule.map(|r| &r.id),
                                "{p} {j} {category} {item:?} {on}"
                            );
                        }
                    }
                }
            }
        }
    }

    fn everywhere(p: Purpose, c: Category, item: Option<&str>, on: Date) -> Vec<Verdict> {
        let policy = Policy::builtin();
        Jurisdiction::ALL
            .iter()
            .map(|j| policy.resolve(p, *j, c, item, on).verdict)
            .collect()
    }

    fn invalid(text: &str) -> PolicyError {
        match Policy::from_toml(text, "custom.toml") {
            Ok(_) => panic!("expected the policy to be rejected"),
            Err(err) => err,
        }
    }

    #[test]
    fn builtin_parses_and_every_rule_is_cited() {
        let policy = Policy::builtin();
        assert!(policy.rules().len() > 50);
        for rule in policy.rules() {
            assert!(!rule.cite.is_empty(), "{} has no cite", rule.id);
            for cite in &rule.cite {
                let source = policy.source(&cite.source).expect("validated source");
                if source.kind == SourceKind::Primary {
                    let quote = cite.quote.as_deref().unwrap_or_default();
                    assert!(
                        !quote.is_empty(),
                        "{} cites {} without a quote",
                        rule.id,
                        source.id
                    );
                    assert!(quote.chars().count() <= 200, "{}: quote too long", rule.id);
                    assert!(
                        source.commit.is_some(),
                        "{} is primary without commit",
                        source.id
                    );
                } else {
                    assert!(cite.quote.is_some() || cite.note.is_some());
                }
            }
        }
        for control in policy.controls() {
            assert!(!control.cite.is_empty(), "{} has no cite", control.id);
        }
        for id in [
            "data_for_genai_improvement",
            "objection_form",
            "microsoft_ads_sharing",
            "disconnect_microsoft_account",
            "delete_content",
        ] {
            assert!(
                policy.controls().iter().any(|c| c.id == id),
                "missing control {id}"
            );
        }
        for n in 1..=12 {
            assert!(
                policy.conflict(&format!("C{n}")).is_some(),
                "missing conflict C{n}"
            );
        }
    }

    #[test]
    fn every_cell_is_covered_in_both_states() {
        let policy = Policy::builtin();
        for on in [CURRENT, EARLIER, date(2024, 9, 18), policy.meta().as_of] {
            for p in Purpose::ALL {
                for j in Jurisdiction::ALL {
                    for c in Category::ALL {
                        let res = policy.resolve(p, j, c, None, on);
                        let rule = res
                            .rule
                            .unwrap_or_else(|| panic!("gap: {p} {j} {c} on {on}"));
                        assert!(
                            rule.item.is_none(),
                            "category question answered by an item rule"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn builtin_rules_never_overlap() {
        // Stricter than validation: the shipped model partitions time by version, so no
        // question may have two candidate rules of the same kind.
        let policy = Policy::builtin();
        for on in [date(2024, 1, 1), EARLIER, CURRENT, policy.meta().as_of] {
            for p in Purpose::ALL {
                for j in Jurisdiction::ALL {
                    for c in Category::ALL {
                        let items: Vec<Option<&str>> = std::iter::once(None)
                            .chain(
                                policy
                                    .items()
                                    .iter()
                                    .filter(|i| i.category == c)
                                    .map(|i| Some(i.id.as_str())),
                            )
                            .collect();
                        for item in items {
                            let n = policy
                                .rules()
                                .iter()
                                .filter(|r| r.purpose == p && r.covers(j) && r.in_force_on(on))
                                .filter(|r| match (&r.item, item) {
                                    (Some(a), Some(b)) => a == b,
                                    (None, None) => r.categories.contains(&c),
                                    _ => false,
                                })
                                .count();
                            assert!(n <= 1, "{n} rules for {p} {j} {c} {item:?} on {on}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn genai_training_verdicts_match_policy_md() {
        use Category as C;
        use Jurisdiction as J;
        use Purpose::GenaiTraining as G;
        use Verdict::*;
        let summary = everywhere(G, C::Profile, Some("profile.summary"), CURRENT);
        assert_eq!(
            summary,
            [Used, Used, Used, Unclear, Unclear, Unclear, Unclear]
        );
        assert_eq!(
            everywhere(G, C::Profile, Some("profile.headline"), CURRENT),
            [Unclear; 7]
        );
        assert_eq!(
            everywhere(G, C::Profile, Some("profile.other_sections"), CURRENT),
            [Unclear; 7]
        );
        assert_eq!(
            everywhere(G, C::Profile, Some("profile.name"), CURRENT),
            [Used; 7]
        );
        let contact = everywhere(G, C::Profile, Some("profile.contact_details"), CURRENT);
        assert_eq!(
            contact,
            [
                NotListed, NotListed, NotListed, Unclear, Unclear, Unclear, Unclear
            ]
        );
        assert_eq!(
            everywhere(G, C::Messages, Some("messages.private"), CURRENT),
            [Excluded; 7]
        );
        assert_eq!(
            everywhere(G, C::Messages, Some("messages.group_threads"), CURRENT),
            [Unclear; 7]
        );
        assert_eq!(everywhere(G, C::Groups, None, CURRENT), [Used; 7]);
        assert_eq!(
            everywhere(G, C::PostedContent, Some("posted_content.posts"), CURRENT),
            [Used; 7]
        );
        let media = everywhere(G, C::PostedContent, Some("posted_content.media"), CURRENT);
        assert_eq!(media, [Unclear, Unclear, Unclear, Used, Used, Used, Used]);
        assert_eq!(
            everywhere(G, C::GenaiConversations, None, CURRENT),
            [Used; 7]
        );
        assert_eq!(
            everywhere(G, C::JobSeeking, Some("job_seeking.resumes"), CURRENT),
            [Used; 7]
        );
        assert_eq!(
            everywhere(G, C::JobSeeking, Some("job_seeking.applications"), CURRENT),
            [Excluded; 7]
        );
        assert_eq!(
            everywhere(G, C::JobSeeking, Some("job_seeking.preferences"), CURRENT),
            [NotListed; 7]
        );
        assert_eq!(
            everywhere(G, C::Account, Some("account.payments"), CURRENT),
            [Excluded; 7]
        );
        assert_eq!(everywhere(G, C::Contacts, None, CURRENT), [NotListed; 7]);
        assert_eq!(
            everywhere(G, C::Activity, Some("activity.search"), CURRENT),
            [NotListed; 7]
        );
        assert_eq!(everywhere(G, C::Other, None, CURRENT), [Unclear; 7]);
        // C2: feedback is unclear where the Notice prevails, used where the FAQ rules.
        assert_eq!(verdict(G, J::Eu, C::Feedback, None, CURRENT), Unclear);
        assert_eq!(
            verdict(
                G,
                J::Us,
                C::Feedback,
                Some("feedback.support_requests"),
                CURRENT
            ),
            Used
        );
        // The earlier state: Europe excluded, CA/HK not yet, US/RoW already on.
        assert_eq!(verdict(G, J::Eu, C::Profile, None, EARLIER), Excluded);
        assert_eq!(verdict(G, J::Uk, C::PostedContent, None, EARLIER), Excluded);
        assert_eq!(verdict(G, J::Ca, C::Profile, None, EARLIER), Excluded);
        assert_eq!(verdict(G, J::Us, C::Profile, None, EARLIER), Used);
        assert_eq!(
            verdict(G, J::Row, C::Profile, Some("profile.summary"), EARLIER),
            Unclear
        );
        assert_eq!(verdict(G, J::Us, C::Messages, None, EARLIER), Excluded);
        // Before the AI sentence existed, nothing was listed for training anywhere.
        assert_eq!(
            verdict(G, J::Us, C::Profile, None, date(2024, 9, 17)),
            NotListed
        );
        assert_eq!(verdict(G, J::Us, C::Profile, None, date(2024, 9, 18)), Used);
        // The last day of the earlier state and the first of the current one.
        assert_eq!(
            verdict(G, J::Eu, C::Profile, None, date(2025, 11, 2)),
            Excluded
        );
        assert_eq!(verdict(G, J::Eu, C::Profile, None, CURRENT), Used);
    }

    #[test]
    fn microsoft_verdicts_match_policy_md() {
        use Category as C;
        use Jurisdiction as J;
        use Verdict::*;
        let ads = Purpose::MicrosoftAds;
        assert_eq!(verdict(ads, J::Eu, C::Profile, None, CURRENT), Excluded);
        assert_eq!(verdict(ads, J::Ch, C::Activity, None, CURRENT), Excluded);
        assert_eq!(verdict(ads, J::Uk, C::Profile, None, CURRENT), Unclear);
        assert_eq!(verdict(ads, J::Us, C::Profile, None, CURRENT), Used);
        assert_eq!(verdict(ads, J::Row, C::Activity, None, CURRENT), Used);
        assert_eq!(
            verdict(ads, J::Us, C::Messages, Some("messages.private"), CURRENT),
            Excluded
        );
        assert_eq!(verdict(ads, J::Ca, C::Messages, None, CURRENT), Unclear);
        assert_eq!(
            verdict(
                ads,
                J::Us,
                C::InferencesAds,
                Some("inferences_ads.ads_engagement"),
                CURRENT
            ),
            Used
        );
        assert_eq!(
            verdict(
                ads,
                J::Us,
                C::InferencesAds,
                Some("inferences_ads.inferences"),
                CURRENT
            ),
            Unclear
        );
        assert_eq!(
            verdict(ads, J::Us, C::PostedContent, None, CURRENT),
            Unclear
        );
        assert_eq!(verdict(ads, J::Us, C::Profile, None, EARLIER), Unclear);

        let ai = Purpose::MicrosoftAi;
        assert_eq!(
            verdict(
                ai,
                J::Uk,
                C::PostedContent,
                Some("posted_content.posts"),
                CURRENT
            ),
            Used
        );
        assert_eq!(
            verdict(
                ai,
                J::Uk,
                C::PostedContent,
                Some("posted_content.media"),
                CURRENT
            ),
            Used
        );
        assert_eq!(
            verdict(
                ai,
                J::Uk,
                C::JobSeeking,
                Some("job_seeking.job_postings"),
                CURRENT
            ),
            Used
        );
        assert_eq!(verdict(ai, J::Uk, C::Profile, None, CURRENT), NotListed);
        assert_eq!(verdict(ai, J::Uk, C::PostedContent, None, EARLIER), Unclear);
        assert_eq!(
            verdict(
                ai,
                J::Eu,
                C::PostedContent,
                Some("posted_content.posts"),
                CURRENT
            ),
            Excluded
        );
        assert_eq!(verdict(ai, J::Us, C::PostedContent, None, CURRENT), Used);
        assert_eq!(verdict(ai, J::Us, C::Profile, None, CURRENT), Unclear);

        let link = Purpose::MicrosoftAccountLink;
        assert_eq!(everywhere(link, C::Contacts, None, CURRENT), [Used; 7]);
        assert_eq!(
            everywhere(link, C::Contacts, Some("contacts.imported"), EARLIER),
            [Used; 7]
        );
        assert_eq!(everywhere(link, C::Profile, None, CURRENT), [Used; 7]);
        assert_eq!(everywhere(link, C::Messages, None, CURRENT), [NotListed; 7]);
        assert_eq!(
            everywhere(link, C::PostedContent, None, CURRENT),
            [Unclear; 7]
        );
    }

    #[test]
    fn verdicts_order_by_severity() {
        use Verdict::*;
        assert!(Used > Unclear && Unclear > NotListed && NotListed > Excluded);
        assert_eq!([Excluded, Used, NotListed].into_iter().max(), Some(Used));
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_id(v.id()), Some(v));
            assert_eq!(
                serde_json::to_string(&v).expect("serialises"),
                format!("\"{}\"", v.id())
            );
        }
        for p in Purpose::ALL {
            assert_eq!(Purpose::from_id(p.id()), Some(p));
            assert_eq!(
                serde_json::to_string(&p).expect("serialises"),
                format!("\"{}\"", p.id())
            );
        }
        for j in Jurisdiction::ALL {
            assert_eq!(Jurisdiction::from_id(j.id()), Some(j));
            assert_eq!(
                serde_json::to_string(&j).expect("serialises"),
                format!("\"{}\"", j.id())
            );
        }
    }

    #[test]
    fn item_rules_beat_category_rules_and_windows_are_respected() {
        let policy = Policy::builtin();
        let res = policy.resolve(
            Purpose::GenaiTraining,
            Jurisdiction::Us,
            Category::Profile,
            Some("profile.headline"),
            CURRENT,
        );
        assert_eq!(
            res.rule.map(|r| r.id.as_str()),
            Some("genai.profile.headline.all.2025")
        );
        // An item the model does not single out falls back to its category.
        let res = policy.resolve(
            Purpose::GenaiTraining,
            Jurisdiction::Us,
            Category::Profile,
            Some("profile.nonexistent"),
            CURRENT,
        );
        assert_eq!(
            res.rule.map(|r| r.id.as_str()),
            Some("genai.profile.ca-hk-us-row.2025")
        );
    }

    #[test]
    fn resolve_without_any_rule_is_unclear() {
        let text = BUILTIN.replace(
            "valid_to = 2024-09-17",
            "valid_to = 2024-09-17\nvalid_from = 2024-09-01",
        );
        let policy = Policy::from_toml(&text, "custom.toml").expect("still valid");
        let res = policy.resolve(
            Purpose::GenaiTraining,
            Jurisdiction::Us,
            Category::Profile,
            None,
            date(2020, 1, 1),
        );
        assert_eq!(res.verdict, Verdict::Unclear);
        assert!(res.rule.is_none());
    }

    #[test]
    fn custom_toml_changes_resolution() {
        let builtin = Policy::builtin();
        let ask = |p: &Policy| {
            p.resolve(
                Purpose::GenaiTraining,
                Jurisdiction::Eu,
                Category::Groups,
                None,
                CURRENT,
            )
            .verdict
        };
        assert_eq!(ask(&builtin), Verdict::Used);
        let anchor = "id = \"genai.groups.eu-uk-ch.2025\"";
        let start = BUILTIN.find(anchor).expect("rule present");
        let (head, tail) = BUILTIN.split_at(start);
        let tail = tail
            .replacen("verdict = \"used\"", "verdict = \"unclear\"", 1)
            .replacen("basis = \"listed\"", "basis = \"conflict\"", 1);
        let custom = Policy::from_toml(&format!("{head}{tail}"), "custom.toml").expect("valid");
        assert_eq!(ask(&custom), Verdict::Unclear);
        assert_eq!(custom.origin(), "custom.toml");
    }

    #[test]
    fn bad_toml_syntax_reports_line_and_column() {
        let text = BUILTIN.replacen("[meta]", "[meta", 1);
        let line = text
            .lines()
            .position(|l| l.starts_with("[meta"))
            .expect("line")
            + 1;
        let err = invalid(&text);
        let shown = err.to_string();
        assert!(matches!(err, PolicyError::Syntax { .. }), "{shown}");
        assert!(
            shown.starts_with(&format!("custom.toml:{line}:")),
            "{shown}"
        );
    }

    #[test]
    fn unknown_category_names_line_and_key() {
        let text = BUILTIN.replacen("category = \"profile\"", "category = \"profil\"", 1);
        let line = text
            .lines()
            .position(|l| l == "category = \"profil\"")
            .expect("line")
            + 1;
        let err = invalid(&text);
        let shown = err.to_string();
        assert!(
            shown.contains(&format!(
                "custom.toml:{line}: rule 'genai.profile.eu-uk-ch.2025' names unknown category 'profil'"
            )),
            "{shown}"
        );
        assert_eq!(
            err.problems().first().map(|p| p.key.as_str()),
            Some("rule.category")
        );
    }

    #[test]
    fn missing_cite_is_rejected() {
        let anchor = "id = \"genai.other.all.2025\"";
        let start = BUILTIN.find(anchor).expect("rule present");
        let header = BUILTIN
            .get(..start)
            .and_then(|h| h.rfind("[[rule]]"))
            .expect("header");
        let line = BUILTIN.get(..header).map_or(0, |h| h.lines().count()) + 1;
        let (head, tail) = BUILTIN.split_at(start);
        let cite_at = tail.find("cite = [").expect("cite");
        let cite_end = tail
            .get(cite_at..)
            .and_then(|t| t.find("\n]\n"))
            .expect("end")
            + cite_at
            + 3;
        let text = format!(
            "{head}{}{}",
            tail.get(..cite_at).unwrap_or_default(),
            tail.get(cite_end..).unwrap_or_default()
        );
        let shown = invalid(&text).to_string();
        assert!(
            shown.contains(&format!(
                "custom.toml:{line}: rule 'genai.other.all.2025' has no cite"
            )),
            "{shown}"
        );
    }

    #[test]
    fn unknown_source_and_empty_quote_are_rejected() {
        let text = BUILTIN.replacen("{ source = \"CO-2408\"", "{ source = \"CO-2407\"", 1);
        let shown = invalid(&text).to_string();
        assert!(
            shown.contains("rule 'genai.all.all.pre-2024' names unknown source 'CO-2407'"),
            "{shown}"
        );

        let text = BUILTIN.replacen(
            "quote = \"skills, summary, certifications\"",
            "quote = \"\"",
            1,
        );
        let shown = invalid(&text).to_string();
        assert!(
            shown.contains("cite of rule 'genai.profile.summary.eu-uk-ch.2025' has an empty quote"),
            "{shown}"
        );
    }

    #[test]
    fn other_validation_errors() {
        let cases = [
            (
                "verdict = \"used\"",
                "verdict = \"yes\"",
                "unknown verdict 'yes'",
            ),
            (
                "basis = \"listed\"",
                "basis = \"stated\"",
                "unknown basis 'stated'",
            ),
            (
                "purpose = \"genai_training\"\ncategories",
                "purpose = \"genai\"\ncategories",
                "unknown purpose 'genai'",
            ),
            (
                "jurisdictions = [\"eu\", \"uk\", \"ch\"]",
                "jurisdictions = [\"eu\", \"gb\", \"ch\"]",
                "unknown jurisdiction 'gb'",
            ),
            (
                "conflicts = [\"C11\"]",
                "conflicts = [\"C13\"]",
                "unknown conflict 'C13'",
            ),
            (
                "item = \"profile.headline\"",
                "item = \"profil.headline\"",
                "prefix is not a known category",
            ),
            (
                "item = \"profile.headline\"",
                "item = \"profile.headlin\"",
                "which no [[item]] declares",
            ),
            (
                "id = \"genai.other.all.2025\"",
                "id = \"genai.messages.all.2025\"",
                "duplicate rule id",
            ),
            (
                "valid_to = 2024-09-17",
                "valid_to = 2024-09-17\nvalid_from = 2024-10-01",
                "before valid_from",
            ),
            (
                "basis = \"listed\"",
                "basis = \"excluded\"",
                "cannot give verdict 'used'",
            ),
            (
                "id = \"profile.name\"",
                "id = \"profil.name\"",
                "item 'profil.name' does not start",
            ),
        ];
        for (from, to, expected) in cases {
            assert!(BUILTIN.contains(from), "fixture text missing: {from}");
            let shown = invalid(&BUILTIN.replacen(from, to, 1)).to_string();
            assert!(shown.contains(expected), "{to}: {shown}");
            assert!(shown.starts_with("custom.toml:"), "{shown}");
        }
    }

    #[test]
    fn ambiguous_rules_are_rejected() {
        let extra = r#"
[[rule]]
id = "genai.groups.eu.copy"
purpose = "genai_training"
category = "groups"
jurisdictions = ["eu"]
verdict = "unclear"
basis = "conflict"
valid_from = 2025-11-03
cite = [{ source = "N25", quote = "Group activity and group messages" }]
"#;
        let shown = invalid(&format!("{BUILTIN}{extra}")).to_string();
        assert!(
            shown
                .contains("rule 'genai.groups.eu.copy' overlaps rule 'genai.groups.eu-uk-ch.2025'"),
            "{shown}"
        );
        // A later valid_from supersedes instead of clashing, and wins from its first day.
        let later = extra.replace("valid_from = 2025-11-03", "valid_from = 2026-01-01");
        let policy = Policy::from_toml(&format!("{BUILTIN}{later}"), "custom.toml").expect("valid");
        let ask = |on| {
            policy
                .resolve(
                    Purpose::GenaiTraining,
                    Jurisdiction::Eu,
                    Category::Groups,
                    None,
                    on,
                )
                .verdict
        };
        assert_eq!(ask(date(2025, 12, 31)), Verdict::Used);
        assert_eq!(ask(date(2026, 1, 1)), Verdict::Unclear);
    }

    #[test]
    fn coverage_gap_is_named() {
        // Dropping the only EU/CH Microsoft-ads rule leaves every EU cell uncovered.
        let text = BUILTIN.replacen(
            "jurisdictions = [\"eu\", \"ch\"]",
            "jurisdictions = [\"ch\"]",
            1,
        );
        let shown = invalid(&text).to_string();
        assert!(
            shown.contains("no category-level rule for purpose 'microsoft_ads', jurisdiction 'eu', category 'profile'"),
            "{shown}"
        );
    }

    #[test]
    fn controls_filter_by_jurisdiction() {
        let policy = Policy::builtin();
        assert_eq!(policy.controls_for(None).len(), policy.controls().len());
        let us: Vec<&str> = policy
            .controls_for(Some(Jurisdiction::Us))
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert!(us.contains(&"microsoft_ads_sharing"));
        assert!(!us.contains(&"objection_form"));
        let eu: Vec<&str> = policy
            .controls_for(Some(Jurisdiction::Eu))
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert!(eu.contains(&"objection_form") && !eu.contains(&"microsoft_ads_sharing"));
    }

    #[test]
    fn rules_matching_includes_item_and_category_rules() {
        let policy = Policy::builtin();
        let ids: Vec<&str> = policy
            .rules_matching(Category::Messages, Some("messages.group_threads"))
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert!(ids.contains(&"genai.messages.group_threads.all.2025"));
        assert!(ids.contains(&"genai.messages.all.2025"));
        assert!(!ids.iter().any(|id| id.contains("headline")));
        let headline = policy.rules_matching(Category::Profile, Some("profile.headline"));
        assert!(
            !headline
                .iter()
                .any(|r| r.item.as_deref() == Some("profile.summary"))
        );
        let all = policy.rules_matching(Category::Profile, None);
        assert!(
            all.iter()
                .any(|r| r.item.as_deref() == Some("profile.summary"))
        );
        assert!(all.len() > headline.len());
    }

    #[test]
    fn rendering_is_deterministic_and_fits() {
        let policy = Policy::builtin();
        let table = render_table(&policy, None, CURRENT);
        assert_eq!(table, render_table(&policy, None, CURRENT));
        assert!(table.contains("C1") && table.contains("N25") && table.contains("Legend"));
        assert!(
            table.lines().all(|l| l.chars().count() <= WIDTH),
            "line too long"
        );
        let uk = render_table(&policy, Some(Jurisdiction::Uk), CURRENT);
        assert!(uk.contains("UK") && !uk.contains(" RoW "));

        let text = explain(
            &policy,
            Category::Messages,
            Some("messages.group_threads"),
            CURRENT,
        );
        assert_eq!(
            text,
            explain(
                &policy,
                Category::Messages,
                Some("messages.group_threads"),
                CURRENT
            )
        );
        assert!(text.contains("C1") && text.contains("50dcbecfd7c391c0aaa4cf0db72ffc9763f85cd3"));
        assert!(text.contains("Group activity and group messages"));
        assert!(
            text.lines().all(|l| l.chars().count() <= WIDTH),
            "line too long"
        );
        for c in Category::ALL {
            let text = explain(&policy, c, None, CURRENT);
            assert!(
                text.lines().all(|l| l.chars().count() <= WIDTH),
                "{c}: line too long"
            );
        }
        for i in policy.items() {
            let text = explain(&policy, i.category, Some(&i.id), EARLIER);
            assert!(
                text.lines().all(|l| l.chars().count() <= WIDTH),
                "{}: line too long",
                i.id
            );
        }
        for on in [EARLIER, CURRENT] {
            for j in Jurisdiction::ALL {
                let table = render_table(&policy, Some(j), on);
                assert!(
                    table.lines().all(|l| l.chars().count() <= WIDTH),
                    "{j}: line too long"
                );
            }
        }
        let category = explain(&policy, Category::Profile, None, EARLIER);
        assert!(
            category.contains("genai.profile.headline.all.2025")
                && category.contains("not in force")
        );
    }

    #[test]
    fn policy_serialises_to_json() {
        let json = serde_json::to_value(Policy::builtin()).expect("serialises");
        let rules = json.get("rules").and_then(|r| r.as_array()).expect("rules");
        assert!(!rules.is_empty());
        let first = rules.first().expect("a rule");
        assert_eq!(
            first.get("valid_to").and_then(|v| v.as_str()),
            Some("2024-09-17")
        );
    }
}
