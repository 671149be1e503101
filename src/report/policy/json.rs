//! The JSON view of the policy model: `lidex policy --json`, and its schema
//! (`lidex schema policy`, committed as `docs/policy.schema.json`).
//!
//! These wire types mirror the domain types of [`crate::policy`] field for field and keep
//! their names and doc comments, because the schema's definition names and descriptions come
//! from them. Dates are written as `YYYY-MM-DD` strings. The vocabularies (purpose,
//! jurisdiction, verdict, basis, source kind, category, connection kind and flow data) are
//! written by their own `Serialize`, as the scan report writes them.

use crate::category::Category;
use crate::policy::connection::{ConnectionKind, FlowData};
use crate::policy::{self as model, Basis, Jurisdiction, Purpose, SourceKind, Verdict};
use schemars::JsonSchema;
use serde::Serialize;

/// `lidex policy --json`: the whole model, pretty-printed, with a final newline.
pub fn to_json(policy: &model::Policy) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(&Policy::from(policy))?;
    text.push('\n');
    Ok(text)
}

/// The JSON Schema of `lidex policy --json`, pretty-printed (`docs/policy.schema.json`).
pub fn schema() -> String {
    super::super::json::schema_of::<Policy>()
}

/// A validated policy model.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Policy {
    /// Version of the policy file format.
    pub schema_version: i64,
    /// What the model describes and when it was last checked.
    pub meta: Meta,
    /// The named states of the policy, oldest first.
    pub versions: Vec<Version>,
    /// The documents the rules cite.
    pub sources: Vec<Source>,
    /// What each purpose covers.
    pub purposes: Vec<PurposeInfo>,
    /// The jurisdictions and their governing notices.
    pub jurisdictions: Vec<JurisdictionInfo>,
    /// Finer data items below the categories.
    pub items: Vec<Item>,
    /// Disagreements between sources and how they are settled.
    pub conflicts: Vec<Conflict>,
    /// What the member can do.
    pub controls: Vec<Control>,
    /// The verdicts, each with its window and citations.
    pub rules: Vec<Rule>,
    // Undocumented, as it always was: a doc comment would add a description to the committed
    // schema (docs/policy.schema.json), which must not change.
    #[allow(missing_docs)]
    pub account_connections: Vec<AccountConnection>,
}

/// The `[meta]` table.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Meta {
    /// What the model describes.
    pub title: String,
    /// The id of the version reports use when no date is given.
    pub default_version: String,
    /// The newest source capture checked against the model.
    pub as_of: String,
    /// Where the research behind the model lives.
    pub reference: Option<String>,
    /// How quotes were compared with the archived text.
    pub quote_normalisation: Option<String>,
}

/// A named state of the policy (`[[version]]`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Version {
    /// The version's id, conventionally its effective date.
    pub id: String,
    /// The date it took effect.
    pub effective: String,
    /// What changed.
    pub title: String,
    /// The sources that define this state.
    pub sources: Vec<String>,
}

/// A document the model cites (`[[source]]`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
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
    pub effective: Option<String>,
    /// The live page.
    pub url: Option<String>,
    /// Anything a reader of the citation should know.
    pub note: Option<String>,
}

/// The file's description of a purpose (`[[purpose]]`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PurposeInfo {
    /// Which purpose.
    pub id: Purpose,
    /// Long label.
    pub label: String,
    /// What falls under it.
    pub description: String,
}

/// The file's description of a jurisdiction (`[[jurisdiction]]`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JurisdictionInfo {
    /// Which jurisdiction.
    pub id: Jurisdiction,
    /// Label as the file gives it.
    pub label: String,
    /// Source id of the regional document that governs it, if any.
    pub notice: Option<String>,
}

/// A finer data item below a category (`[[item]]`), such as `profile.headline`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Item {
    /// `<category>.<name>`.
    pub id: String,
    /// The category the id's prefix names.
    pub category: Category,
    /// Human label.
    pub label: String,
}

/// A disagreement between sources and how the model settles it (`[[conflict]]`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
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
#[derive(Debug, Clone, Serialize, JsonSchema)]
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
#[derive(Debug, Clone, Serialize, JsonSchema)]
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
#[derive(Debug, Clone, Serialize, JsonSchema)]
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
    pub valid_from: Option<String>,
    /// Last day in force; `None` means still in force.
    pub valid_to: Option<String>,
    /// Ids of conflicts that bear on it.
    pub conflicts: Vec<String>,
    /// Short remark for readers.
    pub note: Option<String>,
    /// Its support; never empty.
    pub cite: Vec<Cite>,
}

/// One kind of Microsoft account connection (`[[account_connection]]`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AccountConnection {
    /// Which kind.
    pub id: ConnectionKind,
    /// Its name for people.
    pub label: String,
    /// What LinkedIn provides to Microsoft.
    pub linkedin_to_microsoft: Vec<Flow>,
    /// What Microsoft provides to LinkedIn.
    pub microsoft_to_linkedin: Vec<Flow>,
    /// How Microsoft keeps what it gets from LinkedIn.
    pub kept_by_microsoft: Statement,
    /// How LinkedIn keeps what it gets from Microsoft.
    pub kept_by_linkedin: Statement,
    /// Disconnecting on LinkedIn.
    pub linkedin_steps: Steps,
    /// Disconnecting on the Microsoft side.
    pub microsoft_steps: Steps,
    /// What happens to imported contacts, and how to remove them.
    pub imported_contacts: Statement,
    /// Whether the public profile stays visible in Microsoft apps.
    pub public_profile: Statement,
}

/// One kind of data that crosses the connection in one direction.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Flow {
    /// Which data.
    pub data: FlowData,
    /// What it includes, in a line.
    pub label: String,
    /// Where this is said.
    pub cite: Vec<Cite>,
}

/// A statement with its support.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Statement {
    /// The statement, for people.
    pub text: String,
    /// Where this is said.
    pub cite: Vec<Cite>,
}

/// Steps to take on one side.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Steps {
    /// Where to start.
    pub url: Option<String>,
    /// The steps, in order.
    pub steps: Vec<String>,
    /// Where these are documented.
    pub cite: Vec<Cite>,
}

// ---------------------------------------------------------------------------------------------
// From the domain model
// ---------------------------------------------------------------------------------------------

fn all<'a, T: 'a, W: From<&'a T>>(items: &'a [T]) -> Vec<W> {
    items.iter().map(W::from).collect()
}

impl From<&model::Policy> for Policy {
    fn from(p: &model::Policy) -> Policy {
        Policy {
            schema_version: p.schema_version(),
            meta: Meta::from(p.meta()),
            versions: all(p.versions()),
            sources: all(p.sources()),
            purposes: all(p.purposes()),
            jurisdictions: all(p.jurisdictions()),
            items: all(p.items()),
            conflicts: all(p.conflicts()),
            controls: all(p.controls()),
            rules: all(p.rules()),
            account_connections: all(p.account_connections()),
        }
    }
}

impl From<&model::Meta> for Meta {
    fn from(m: &model::Meta) -> Meta {
        Meta {
            title: m.title.clone(),
            default_version: m.default_version.clone(),
            as_of: m.as_of.to_string(),
            reference: m.reference.clone(),
            quote_normalisation: m.quote_normalisation.clone(),
        }
    }
}

impl From<&model::Version> for Version {
    fn from(v: &model::Version) -> Version {
        Version {
            id: v.id.clone(),
            effective: v.effective.to_string(),
            title: v.title.clone(),
            sources: v.sources.clone(),
        }
    }
}

impl From<&model::Source> for Source {
    fn from(s: &model::Source) -> Source {
        Source {
            id: s.id.clone(),
            title: s.title.clone(),
            kind: s.kind,
            repo: s.repo.clone(),
            path: s.path.clone(),
            commit: s.commit.clone(),
            captured: s.captured.clone(),
            effective: s.effective.map(|d| d.to_string()),
            url: s.url.clone(),
            note: s.note.clone(),
        }
    }
}

impl From<&model::PurposeInfo> for PurposeInfo {
    fn from(p: &model::PurposeInfo) -> PurposeInfo {
        PurposeInfo {
            id: p.id,
            label: p.label.clone(),
            description: p.description.clone(),
        }
    }
}

impl From<&model::JurisdictionInfo> for JurisdictionInfo {
    fn from(j: &model::JurisdictionInfo) -> JurisdictionInfo {
        JurisdictionInfo {
            id: j.id,
            label: j.label.clone(),
            notice: j.notice.clone(),
        }
    }
}

impl From<&model::Item> for Item {
    fn from(i: &model::Item) -> Item {
        Item {
            id: i.id.clone(),
            category: i.category,
            label: i.label.clone(),
        }
    }
}

impl From<&model::Conflict> for Conflict {
    fn from(c: &model::Conflict) -> Conflict {
        Conflict {
            id: c.id.clone(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            resolution: c.resolution.clone(),
            sources: c.sources.clone(),
        }
    }
}

impl From<&model::Cite> for Cite {
    fn from(c: &model::Cite) -> Cite {
        Cite {
            source: c.source.clone(),
            section: c.section.clone(),
            quote: c.quote.clone(),
            note: c.note.clone(),
        }
    }
}

impl From<&model::Control> for Control {
    fn from(c: &model::Control) -> Control {
        Control {
            id: c.id.clone(),
            label: c.label.clone(),
            path: c.path.clone(),
            url: c.url.clone(),
            command: c.command.clone(),
            purposes: c.purposes.clone(),
            jurisdictions: c.jurisdictions.clone(),
            description: c.description.clone(),
            default: c.default.clone(),
            retroactive: c.retroactive,
            cite: all(&c.cite),
        }
    }
}

impl From<&model::Rule> for Rule {
    fn from(r: &model::Rule) -> Rule {
        Rule {
            id: r.id.clone(),
            purpose: r.purpose,
            categories: r.categories.clone(),
            item: r.item.clone(),
            jurisdictions: r.jurisdictions.clone(),
            verdict: r.verdict,
            basis: r.basis,
            valid_from: r.valid_from.map(|d| d.to_string()),
            valid_to: r.valid_to.map(|d| d.to_string()),
            conflicts: r.conflicts.clone(),
            note: r.note.clone(),
            cite: all(&r.cite),
        }
    }
}

impl From<&model::AccountConnection> for AccountConnection {
    fn from(c: &model::AccountConnection) -> AccountConnection {
        AccountConnection {
            id: c.id,
            label: c.label.clone(),
            linkedin_to_microsoft: all(&c.linkedin_to_microsoft),
            microsoft_to_linkedin: all(&c.microsoft_to_linkedin),
            kept_by_microsoft: Statement::from(&c.kept_by_microsoft),
            kept_by_linkedin: Statement::from(&c.kept_by_linkedin),
            linkedin_steps: Steps::from(&c.linkedin_steps),
            microsoft_steps: Steps::from(&c.microsoft_steps),
            imported_contacts: Statement::from(&c.imported_contacts),
            public_profile: Statement::from(&c.public_profile),
        }
    }
}

impl From<&model::connection::Flow> for Flow {
    fn from(f: &model::connection::Flow) -> Flow {
        Flow {
            data: f.data,
            label: f.label.clone(),
            cite: all(&f.cite),
        }
    }
}

impl From<&model::connection::Statement> for Statement {
    fn from(s: &model::connection::Statement) -> Statement {
        Statement {
            text: s.text.clone(),
            cite: all(&s.cite),
        }
    }
}

impl From<&model::connection::Steps> for Steps {
    fn from(s: &model::connection::Steps) -> Steps {
        Steps {
            url: s.url.clone(),
            steps: s.steps.clone(),
            cite: all(&s.cite),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_serialises_to_json() {
        let json =
            serde_json::to_value(Policy::from(&model::Policy::builtin())).expect("serialises");
        let rules = json.get("rules").and_then(|r| r.as_array()).expect("rules");
        assert!(!rules.is_empty());
        let first = rules.first().expect("a rule");
        assert_eq!(
            first.get("valid_to").and_then(|v| v.as_str()),
            Some("2024-09-17")
        );
    }

    #[test]
    fn open_windows_and_absent_fields_are_written_as_null() {
        let text = to_json(&model::Policy::builtin()).expect("serialises");
        assert!(text.ends_with("}\n"));
        let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let rules = json.get("rules").and_then(|r| r.as_array()).expect("rules");
        let open = rules
            .iter()
            .find(|r| r.get("valid_to").is_some_and(serde_json::Value::is_null))
            .expect("a rule still in force");
        assert!(
            open.get("line").is_none(),
            "the file line is not part of the JSON"
        );
        assert!(json.get("origin").is_none(), "nor is the file name");
        let meta_as_of = json.pointer("/meta/as_of").and_then(|v| v.as_str());
        assert_eq!(meta_as_of.map(str::len), Some(10), "{meta_as_of:?}");
    }
}
