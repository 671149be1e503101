//! The exposure part of the report: what the policy model says about each file, column
//! and category, and the totals that answer "what may be used to train AI, or go to
//! Microsoft, where I live", as written in JSON, with the sentences for people.
//!
//! [`crate::exposure`] does the judging; this module only turns its plain data into the
//! wire format. Every verdict names its rule, and the rules used are listed once with their
//! citations.

use super::format::thousands;
use super::{DateRange, Text};
use crate::category::Category;
use crate::exposure::{self as domain, Absence};
use crate::policy::{Cite, Jurisdiction, Policy, Purpose, Verdict};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// One verdict and the rule behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct VerdictRef {
    /// used, excluded, not_listed or unclear.
    pub verdict: Verdict,
    /// The rule id (see `exposure.rules`); null when no rule covers it.
    pub rule: Option<String>,
}

/// Verdicts by purpose, then jurisdiction.
pub type Matrix = BTreeMap<Purpose, BTreeMap<Jurisdiction, VerdictRef>>;

/// Totals for the data in one verdict bucket.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Bucket {
    /// Files.
    pub files: usize,
    /// Records in them.
    pub records: u64,
    /// Free text in their columns with this verdict.
    pub text: Text,
    /// Earliest and latest date.
    pub date_range: Option<DateRange>,
    /// The categories involved.
    pub categories: Vec<Category>,
}

/// Records and text on one side of a date.
#[derive(Debug, Clone, Copy, Default, Serialize, JsonSchema)]
pub struct Span {
    /// Records.
    pub records: u64,
    /// Their free text.
    pub text: Text,
}

/// The used data, split at the opt-out date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OptOutSplit {
    /// The date given with `--opted-out-on`.
    pub opted_out_on: String,
    /// Created before: may already have been used (opting out is not retroactive).
    pub before: Span,
    /// Created on or after: not used for this purpose once the setting is off.
    pub after: Span,
    /// Without a date: cannot be placed on either side.
    pub undated: Span,
}

/// Used data older than the rule that made it usable.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Predates {
    /// The rule's start date.
    pub rule_valid_from: String,
    /// Records created before it.
    pub before: Span,
}

/// The exposure surface for one purpose in one jurisdiction.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Surface {
    /// The purpose.
    pub purpose: Purpose,
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// Data the policy lists for this purpose.
    pub used: Bucket,
    /// Data the sources leave unclear or contradict themselves on.
    pub unclear: Bucket,
    /// Data expressly excluded or left out of the purpose's list.
    pub not_used: Bucket,
    /// With `--opted-out-on`: the used data split at that date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<OptOutSplit>,
    /// Used data created before the rule took effect: the new policy reaches back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predates_rule: Option<Predates>,
    /// One sentence for people.
    pub summary: String,
}

/// A category LinkedIn uses that the archive does not contain.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NotInArchive {
    /// The category.
    pub category: Category,
    /// The purpose.
    pub purpose: Purpose,
    /// Where the policy uses it (or is unclear).
    pub jurisdictions: Vec<Jurisdiction>,
    /// The strongest verdict among them.
    pub verdict: Verdict,
    /// For people.
    pub note: String,
    /// Why there are no records: "no_file" (the archive has no file of the category),
    /// "no_records" (its files hold no records) or "placeholder_only" (LinkedIn wrote a
    /// sentence such as "No conversations found" instead of data).
    pub state: String,
}

/// A citation, resolved against the model's sources.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CiteReport {
    /// Source id.
    pub source: String,
    /// Source title.
    pub title: String,
    /// primary or secondary.
    pub kind: String,
    /// Repository of an archived capture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// Commit of the capture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Live address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Section of the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Verbatim quote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// A note where there is no quote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A rule used by some verdict in the report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RuleReport {
    /// The purpose.
    pub purpose: Purpose,
    /// The verdict it gives.
    pub verdict: Verdict,
    /// How the sources support it.
    pub basis: String,
    /// First day in force.
    pub valid_from: Option<String>,
    /// Last day in force.
    pub valid_to: Option<String>,
    /// Conflicts it is part of.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
    /// A short note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What it rests on.
    pub cite: Vec<CiteReport>,
}

/// A conflict between sources, with how the model resolves it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ConflictReport {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Resolution.
    pub resolution: String,
}

/// A step the member can take.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Action {
    /// Control id.
    pub id: String,
    /// Name.
    pub label: String,
    /// Where to find it.
    pub path: Vec<String>,
    /// Its address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A lidex command that helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// What it does and does not do.
    pub description: String,
    /// Purposes it covers.
    pub purposes: Vec<Purpose>,
    /// Sources.
    pub cite: Vec<CiteReport>,
}

/// Which policy was applied.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PolicyInfo {
    /// The model's title.
    pub title: String,
    /// "policy.toml" for the built-in model, else the file given with `--policy`.
    pub origin: String,
    /// The policy version in force on `as_of`.
    pub version: Option<String>,
    /// The date the policy was evaluated for.
    pub as_of: String,
    /// The region asked about; null for all.
    pub region: Option<Jurisdiction>,
    /// The opt-out date given.
    pub opted_out_on: Option<String>,
}

/// The exposure part of the report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Exposure {
    /// Which policy, for which date and region.
    pub policy: PolicyInfo,
    /// One surface per purpose and jurisdiction.
    pub surfaces: Vec<Surface>,
    /// Categories the policy uses that the archive lacks.
    pub not_in_archive: Vec<NotInArchive>,
    /// Steps to take, for the region (all steps without one).
    pub actions: Vec<Action>,
    /// Every rule any verdict in this report names.
    pub rules: BTreeMap<String, RuleReport>,
    /// The conflicts those rules take part in.
    pub conflicts: Vec<ConflictReport>,
}

impl From<&domain::Judgement<'_>> for VerdictRef {
    fn from(j: &domain::Judgement<'_>) -> VerdictRef {
        VerdictRef {
            verdict: j.verdict,
            rule: j.rule.map(|r| r.id.clone()),
        }
    }
}

/// The wire form of a matrix.
pub fn matrix(m: &domain::Matrix<'_>) -> Matrix {
    m.iter()
        .map(|(purpose, row)| {
            let row = row.iter().map(|(j, v)| (*j, VerdictRef::from(v))).collect();
            (*purpose, row)
        })
        .collect()
}

impl From<&domain::Bucket> for Bucket {
    fn from(b: &domain::Bucket) -> Bucket {
        Bucket {
            files: b.files,
            records: b.records,
            text: b.text.into(),
            date_range: b.date_range.map(|(first, last)| DateRange {
                first: first.to_string(),
                last: last.to_string(),
            }),
            categories: b.categories.clone(),
        }
    }
}

impl From<domain::Span> for Span {
    fn from(s: domain::Span) -> Span {
        Span {
            records: s.records,
            text: s.text.into(),
        }
    }
}

impl From<&domain::Surface> for Surface {
    fn from(s: &domain::Surface) -> Surface {
        let used = Bucket::from(&s.used);
        let unclear = Bucket::from(&s.unclear);
        let summary = summary(s.purpose, s.jurisdiction, &used, &unclear);
        Surface {
            purpose: s.purpose,
            jurisdiction: s.jurisdiction,
            used,
            unclear,
            not_used: Bucket::from(&s.not_used),
            opt_out: s.opt_out.as_ref().map(|o| OptOutSplit {
                opted_out_on: o.opted_out_on.to_string(),
                before: o.before.into(),
                after: o.after.into(),
                undated: o.undated.into(),
            }),
            predates_rule: s.predates_rule.as_ref().map(|p| Predates {
                rule_valid_from: p.rule_valid_from.to_string(),
                before: p.before.into(),
            }),
            summary,
        }
    }
}

impl From<&domain::NotInArchive> for NotInArchive {
    fn from(n: &domain::NotInArchive) -> NotInArchive {
        let how = if n.verdict == Verdict::Used {
            "used"
        } else {
            "possibly used"
        };
        let (state, where_) = match n.absence {
            Absence::NoFile => ("no_file", "is not in your archive".to_string()),
            Absence::PlaceholderOnly { files } => (
                "placeholder_only",
                format!(
                    "is not in your archive: its {files} files hold only LinkedIn's placeholder (such as \"No conversations found\")"
                ),
            ),
            Absence::NoRecords { files } => (
                "no_records",
                format!("is not in your archive: its {files} files hold no records"),
            ),
        };
        NotInArchive {
            category: n.category,
            purpose: n.purpose,
            jurisdictions: n.jurisdictions.clone(),
            verdict: n.verdict,
            note: format!(
                "{} data is {how} for {} but {where_}; LinkedIn holds more than it exports",
                n.category.label(),
                n.purpose.label().to_lowercase()
            ),
            state: state.to_string(),
        }
    }
}

impl From<&domain::Exposure<'_>> for Exposure {
    fn from(e: &domain::Exposure<'_>) -> Exposure {
        let policy = e.policy;
        let actions = e
            .controls
            .iter()
            .map(|c| Action {
                id: c.id.clone(),
                label: c.label.clone(),
                path: c.path.clone(),
                url: c.url.clone(),
                command: c.command.clone(),
                description: c.description.clone(),
                purposes: c.purposes.clone(),
                cite: c
                    .cite
                    .iter()
                    .map(|cite| cite_report(policy, cite))
                    .collect(),
            })
            .collect();
        let rules = e
            .rules
            .iter()
            .map(|rule| {
                let report = RuleReport {
                    purpose: rule.purpose,
                    verdict: rule.verdict,
                    basis: rule.basis.id().to_string(),
                    valid_from: rule.valid_from.map(|d| d.to_string()),
                    valid_to: rule.valid_to.map(|d| d.to_string()),
                    conflicts: rule.conflicts.clone(),
                    note: rule.note.clone(),
                    cite: rule.cite.iter().map(|c| cite_report(policy, c)).collect(),
                };
                (rule.id.clone(), report)
            })
            .collect();
        let conflicts = e
            .conflicts
            .iter()
            .map(|c| ConflictReport {
                id: c.id.clone(),
                title: c.title.clone(),
                resolution: c.resolution.clone(),
            })
            .collect();
        Exposure {
            policy: PolicyInfo {
                title: policy.meta().title.clone(),
                origin: policy.origin().to_string(),
                version: e.version.map(|v| v.id.clone()),
                as_of: e.options.as_of.to_string(),
                region: e.options.region,
                opted_out_on: e.options.opted_out_on.map(|d| d.to_string()),
            },
            surfaces: e.surfaces.iter().map(Surface::from).collect(),
            not_in_archive: e.not_in_archive.iter().map(NotInArchive::from).collect(),
            actions,
            rules,
            conflicts,
        }
    }
}

/// A citation with its source's title, kind and addresses.
fn cite_report(policy: &Policy, cite: &Cite) -> CiteReport {
    let source = policy.source(&cite.source);
    CiteReport {
        source: cite.source.clone(),
        title: source.map(|s| s.title.clone()).unwrap_or_default(),
        kind: source.map(|s| s.kind.id().to_string()).unwrap_or_default(),
        repo: source.and_then(|s| s.repo.clone()),
        commit: source.and_then(|s| s.commit.clone()),
        url: source.and_then(|s| s.url.clone()),
        section: cite.section.clone(),
        quote: cite.quote.clone(),
        note: cite.note.clone(),
    }
}

fn summary(purpose: Purpose, j: Jurisdiction, used: &Bucket, unclear: &Bucket) -> String {
    let place = match j {
        Jurisdiction::Uk | Jurisdiction::Us => format!("In the {}", j.label()),
        _ => format!("In {}", j.label()),
    };
    let what = match purpose {
        Purpose::GenaiTraining => "may be used to train generative AI",
        Purpose::MicrosoftAds => "may be shared with Microsoft for advertising",
        Purpose::MicrosoftAi => "may be shared with Microsoft to train its AI",
        Purpose::MicrosoftAccountLink => {
            "is exchanged with Microsoft if you connect a work or school account"
        }
    };
    let span = used
        .date_range
        .as_ref()
        .map(|r| {
            let (a, b) = (
                r.first.get(..4).unwrap_or(""),
                r.last.get(..4).unwrap_or(""),
            );
            if a == b {
                format!(", {a},")
            } else {
                format!(", {a}–{b},")
            }
        })
        .unwrap_or_default();
    let cats: Vec<String> = used
        .categories
        .iter()
        .take(4)
        .map(|c| c.label().to_lowercase())
        .collect();
    let more = if used.categories.len() > 4 {
        ", …"
    } else {
        ""
    };
    let mut s = if used.records == 0 && used.text.chars == 0 {
        format!("{place}, nothing in your archive is listed as data that {what}")
    } else {
        format!(
            "{place}, about {} tokens of text across {} records ({}{more}){span} {what}",
            thousands(used.text.tokens_estimate),
            thousands(used.records),
            cats.join(", "),
        )
    };
    if unclear.records > 0 || unclear.text.chars > 0 {
        s.push_str(&format!(
            "; the policy is unclear about {} more records ({} tokens)",
            thousands(unclear.records),
            thousands(unclear.text.tokens_estimate)
        ));
    }
    s.push('.');
    s
}
