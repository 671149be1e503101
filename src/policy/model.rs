//! The policy model's types: the closed vocabularies (purpose, jurisdiction, verdict, basis,
//! source kind) and the validated tables a loaded `policy.toml` becomes.
//!
//! These are plain data. Loading and validation live in `load.rs`, answering questions in
//! `resolve.rs`; rendering them (terminal text and the JSON wire format) is `report::policy`'s.

use super::connection::AccountConnection;
use crate::category::Category;
use crate::vocab::vocabulary;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

// The vocabularies keep `Serialize` and `JsonSchema`: their ids are the wire values, and the
// scan report's exposure matrix embeds them as they are (as `Category` is).

vocabulary! {
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
        GenaiTraining = "genai_training" => "GenAI training",
        /// Sharing with Microsoft for Microsoft's advertising.
        MicrosoftAds = "microsoft_ads" => "Microsoft ads",
        /// Sharing with Microsoft for its own AI (UK), or public content so affiliates can
        /// "provide or develop their services" (outside the Designated Countries).
        MicrosoftAi = "microsoft_ai" => "Microsoft AI",
        /// Data exchanged when the member connects a Microsoft work or school account.
        MicrosoftAccountLink = "microsoft_account_link" => "Microsoft account link",
    }
}

vocabulary! {
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
        Eu = "eu" => "EU/EEA",
        /// The United Kingdom: not a Designated Country, but covered by the European Notice.
        Uk = "uk" => "UK",
        /// Switzerland.
        Ch = "ch" => "Switzerland",
        /// Canada.
        Ca = "ca" => "Canada",
        /// Hong Kong.
        Hk = "hk" => "Hong Kong",
        /// The United States.
        Us = "us" => "United States",
        /// Everywhere else.
        Row = "row" => "Rest of world",
    }
}

vocabulary! {
    /// What the policy text says about a piece of data for a purpose.
    ///
    /// Ordered by severity, `Used > Unclear > NotListed > Excluded`, so a report can take the
    /// maximum over a file's items as the verdict to show.
    // `ALL` is in declaration order, which the JSON Schemas list the values in; sort by `Ord`
    // for severity order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Verdict {
        /// The text lists it for the purpose.
        Used = "used",
        /// The text expressly excludes it.
        Excluded = "excluded",
        /// Left out of the purpose's enumerated list: an inference from omission, not a promise.
        NotListed = "not_listed" => "not listed",
        /// Not addressed, or the sources conflict.
        Unclear = "unclear",
    }
}

impl Verdict {
    /// Higher is worse for the member: 3 used, 2 unclear, 1 not listed, 0 excluded.
    pub fn severity(self) -> u8 {
        match self {
            Verdict::Used => 3,
            Verdict::Unclear => 2,
            Verdict::NotListed => 1,
            Verdict::Excluded => 0,
        }
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

vocabulary! {
    /// Why a rule has its verdict: how directly the text supports it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Basis {
        /// A primary text names the data for the purpose. Verdict `used`.
        Listed = "listed",
        /// A text expressly excludes the data. Verdict `excluded`.
        Excluded = "excluded",
        /// The data is missing from an enumerated list. Verdict `not_listed` or `unclear`.
        OmittedFromEnumeration = "omitted_from_enumeration",
        /// Only a broad clause ("personal data", "AI models") covers it.
        BroadClause = "broad_clause",
        /// Rests on secondary sources only (help pages, press).
        SecondaryOnly = "secondary_only",
        /// Sources disagree; the rule's conflicts say how it was resolved.
        Conflict = "conflict",
    }
}

impl Basis {
    /// Whether a verdict is consistent with this basis. Catches a rule whose basis was copied
    /// from a neighbour without its verdict.
    pub(super) fn allows(self, verdict: Verdict) -> bool {
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

vocabulary! {
    /// Whether a source is LinkedIn's (or Microsoft's) own archived text, or something else.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum SourceKind {
        /// An archived policy text pinned by repository and commit.
        Primary = "primary",
        /// A help page, update page or press report that nobody archives.
        Secondary = "secondary",
    }
}

// ---------------------------------------------------------------------------------------------
// The validated model
// ---------------------------------------------------------------------------------------------

/// The `[meta]` table.
#[derive(Debug, Clone)]
pub struct Meta {
    /// What the model describes.
    pub title: String,
    /// The id of the version reports use when no date is given.
    pub default_version: String,
    /// The newest source capture checked against the model.
    pub as_of: Date,
    /// Where the research behind the model lives.
    pub reference: Option<String>,
    /// How quotes were compared with the archived text.
    pub quote_normalisation: Option<String>,
}

/// A named state of the policy (`[[version]]`).
#[derive(Debug, Clone)]
pub struct Version {
    /// The version's id, conventionally its effective date.
    pub id: String,
    /// The date it took effect.
    pub effective: Date,
    /// What changed.
    pub title: String,
    /// The sources that define this state.
    pub sources: Vec<String>,
}

/// A document the model cites (`[[source]]`).
#[derive(Debug, Clone)]
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
    pub effective: Option<Date>,
    /// The live page.
    pub url: Option<String>,
    /// Anything a reader of the citation should know.
    pub note: Option<String>,
}

/// The file's description of a purpose (`[[purpose]]`).
#[derive(Debug, Clone)]
pub struct PurposeInfo {
    /// Which purpose.
    pub id: Purpose,
    /// Long label.
    pub label: String,
    /// What falls under it.
    pub description: String,
}

/// The file's description of a jurisdiction (`[[jurisdiction]]`).
#[derive(Debug, Clone)]
pub struct JurisdictionInfo {
    /// Which jurisdiction.
    pub id: Jurisdiction,
    /// Label as the file gives it.
    pub label: String,
    /// Source id of the regional document that governs it, if any.
    pub notice: Option<String>,
}

/// A finer data item below a category (`[[item]]`), such as `profile.headline`.
#[derive(Debug, Clone)]
pub struct Item {
    /// `<category>.<name>`.
    pub id: String,
    /// The category the id's prefix names.
    pub category: Category,
    /// Human label.
    pub label: String,
}

/// A disagreement between sources and how the model settles it (`[[conflict]]`).
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
    pub valid_from: Option<Date>,
    /// Last day in force; `None` means still in force.
    pub valid_to: Option<Date>,
    /// Ids of conflicts that bear on it.
    pub conflicts: Vec<String>,
    /// Short remark for readers.
    pub note: Option<String>,
    /// Its support; never empty.
    pub cite: Vec<Cite>,
    /// Line of the rule in its file, for pointing readers at it.
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
    pub(super) fn answers(&self, purpose: Purpose, jurisdiction: Jurisdiction) -> bool {
        self.purpose == purpose && self.covers(jurisdiction)
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
///
/// Built only by the loader (`load.rs`), which checks it; the fields are private to the policy
/// module so nothing else can break what was checked.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The file name the model was loaded from.
    pub(super) origin: String,
    /// Version of the policy file format.
    pub(super) schema_version: i64,
    /// What the model describes and when it was last checked.
    pub(super) meta: Meta,
    /// The named states of the policy, oldest first.
    pub(super) versions: Vec<Version>,
    /// The documents the rules cite.
    pub(super) sources: Vec<Source>,
    /// What each purpose covers.
    pub(super) purposes: Vec<PurposeInfo>,
    /// The jurisdictions and their governing notices.
    pub(super) jurisdictions: Vec<JurisdictionInfo>,
    /// Finer data items below the categories.
    pub(super) items: Vec<Item>,
    /// Disagreements between sources and how they are settled.
    pub(super) conflicts: Vec<Conflict>,
    /// What the member can do.
    pub(super) controls: Vec<Control>,
    /// The verdicts, each with its window and citations.
    pub(super) rules: Vec<Rule>,
    /// The Microsoft account connections.
    pub(super) account_connections: Vec<AccountConnection>,
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

impl Policy {
    /// The file name the model was loaded from.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The version of the policy file format it was written in.
    pub fn schema_version(&self) -> i64 {
        self.schema_version
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

    /// One conflict by id.
    pub fn conflict(&self, id: &str) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.id == id)
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn basis_and_source_kind_ids_round_trip_as_serde_writes_them() {
        for b in Basis::ALL {
            assert_eq!(Basis::from_id(b.id()), Some(b));
            assert_eq!(
                serde_json::to_string(&b).expect("serialises"),
                format!("\"{}\"", b.id())
            );
        }
        for k in SourceKind::ALL {
            assert_eq!(SourceKind::from_id(k.id()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).expect("serialises"),
                format!("\"{}\"", k.id())
            );
        }
        assert_eq!(Verdict::NotListed.label(), "not listed");
        assert_eq!(Jurisdiction::Row.label(), "Rest of world");
    }
}
