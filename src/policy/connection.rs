//! The Microsoft account connection, both kinds: a personal Microsoft account (Outlook.com,
//! Skype) and a work or school account (Microsoft Entra).
//!
//! The `microsoft_account_link` purpose answers "may this category go to Microsoft if I
//! connect an account"; it cannot say what comes back, how long each side keeps it, or what to
//! click on which side to stop it. Those are per connection kind, so they live in their own
//! `[[account_connection]]` tables, each statement citing its source like a rule does.

use super::load::{Checker, RawCite, Text};
use super::model::{Cite, SourceKind};
use crate::vocab::vocabulary;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

vocabulary! {
    /// Which kind of Microsoft account.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum ConnectionKind {
        /// A personal Microsoft account (Outlook.com, Hotmail, Skype).
        Personal = "personal",
        /// A work or school account (Microsoft Entra ID).
        WorkSchool = "work_school",
    }
}

vocabulary! {
    /// A kind of data that crosses a connection, as the sources name them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum FlowData {
        /// Identity, photo, contact information, profile.
        Profile = "profile",
        /// Follows, learning, groups, content liked and shared (LinkedIn); Cortana, Bing (Microsoft).
        Interests = "interests",
        /// Subscriptions to the other side's apps and services.
        Subscriptions = "subscriptions",
        /// 1st-degree connections with their profiles and contact information.
        Connections = "connections",
        /// Meetings, times, locations, attendees.
        Calendar = "calendar",
        /// Contact lists in Outlook, Skype and other Microsoft services.
        Contacts = "contacts",
    }
}

/// One kind of data that crosses the connection in one direction.
#[derive(Debug, Clone)]
pub struct Flow {
    /// Which data.
    pub data: FlowData,
    /// What it includes, in a line.
    pub label: String,
    /// Where this is said.
    pub cite: Vec<Cite>,
}

/// A statement with its support.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The statement, for people.
    pub text: String,
    /// Where this is said.
    pub cite: Vec<Cite>,
}

/// Steps to take on one side.
#[derive(Debug, Clone)]
pub struct Steps {
    /// Where to start.
    pub url: Option<String>,
    /// The steps, in order.
    pub steps: Vec<String>,
    /// Where these are documented.
    pub cite: Vec<Cite>,
}

/// One kind of Microsoft account connection (`[[account_connection]]`).
#[derive(Debug, Clone)]
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

// ---------------------------------------------------------------------------------------------
// Raw shape and validation
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConnection {
    id: Text,
    label: String,
    #[serde(default)]
    linkedin_to_microsoft: Vec<Spanned<RawFlow>>,
    #[serde(default)]
    microsoft_to_linkedin: Vec<Spanned<RawFlow>>,
    kept_by_microsoft: Spanned<RawStatement>,
    kept_by_linkedin: Spanned<RawStatement>,
    linkedin_steps: Spanned<RawSteps>,
    microsoft_steps: Spanned<RawSteps>,
    imported_contacts: Spanned<RawStatement>,
    public_profile: Spanned<RawStatement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlow {
    data: Text,
    label: String,
    #[serde(default)]
    cite: Vec<Spanned<RawCite>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatement {
    text: String,
    #[serde(default)]
    cite: Vec<Spanned<RawCite>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSteps {
    url: Option<String>,
    #[serde(default)]
    steps: Vec<String>,
    #[serde(default)]
    cite: Vec<Spanned<RawCite>>,
}

/// Validates the `[[account_connection]]` tables: known, unique kinds; both directions
/// listed, without repeats; every statement cited and every list of steps non-empty.
pub(super) fn build(
    raw: Vec<Spanned<RawConnection>>,
    checker: &mut Checker<'_>,
    sources: &HashMap<String, SourceKind>,
) -> Vec<AccountConnection> {
    let mut seen = HashMap::new();
    let mut out: Vec<AccountConnection> = Vec::with_capacity(raw.len());
    for spanned in raw {
        let span = spanned.span();
        let c = spanned.into_inner();
        checker.unique(&mut seen, &c.id, "account_connection");
        let owner = format!("account_connection '{}'", c.id.get_ref());
        let Some(id) = ConnectionKind::from_id(c.id.get_ref()) else {
            checker.report(
                c.id.span(),
                "account_connection.id",
                format!("{owner}: unknown kind (personal or work_school)"),
            );
            continue;
        };
        let to_ms = flows(
            c.linkedin_to_microsoft,
            "linkedin_to_microsoft",
            &owner,
            span.clone(),
            checker,
            sources,
        );
        let to_li = flows(
            c.microsoft_to_linkedin,
            "microsoft_to_linkedin",
            &owner,
            span.clone(),
            checker,
            sources,
        );
        let mut statement = |raw: Spanned<RawStatement>, key: &str| {
            let span = raw.span();
            let s = raw.into_inner();
            let owner = format!("{key} of {owner}");
            if s.text.trim().is_empty() {
                checker.report(span.clone(), key, format!("{owner} has no text"));
            }
            Statement {
                text: s.text,
                cite: checker.cites(s.cite, &owner, span, sources),
            }
        };
        let kept_by_microsoft = statement(c.kept_by_microsoft, "kept_by_microsoft");
        let kept_by_linkedin = statement(c.kept_by_linkedin, "kept_by_linkedin");
        let imported_contacts = statement(c.imported_contacts, "imported_contacts");
        let public_profile = statement(c.public_profile, "public_profile");
        let linkedin_steps = steps(c.linkedin_steps, "linkedin_steps", &owner, checker, sources);
        let microsoft_steps = steps(
            c.microsoft_steps,
            "microsoft_steps",
            &owner,
            checker,
            sources,
        );
        out.push(AccountConnection {
            id,
            label: c.label,
            linkedin_to_microsoft: to_ms,
            microsoft_to_linkedin: to_li,
            kept_by_microsoft,
            kept_by_linkedin,
            linkedin_steps,
            microsoft_steps,
            imported_contacts,
            public_profile,
        });
    }
    out
}

fn flows(
    raw: Vec<Spanned<RawFlow>>,
    key: &str,
    owner: &str,
    owner_span: Range<usize>,
    checker: &mut Checker<'_>,
    sources: &HashMap<String, SourceKind>,
) -> Vec<Flow> {
    if raw.is_empty() {
        checker.report(owner_span, key, format!("{owner} lists nothing in {key}"));
    }
    let mut out: Vec<Flow> = Vec::with_capacity(raw.len());
    for spanned in raw {
        let span = spanned.span();
        let f = spanned.into_inner();
        let flow_owner = format!("{key} '{}' of {owner}", f.data.get_ref());
        let cite = checker.cites(f.cite, &flow_owner, span, sources);
        match FlowData::from_id(f.data.get_ref()) {
            None => checker.report(
                f.data.span(),
                &format!("{key}.data"),
                format!(
                    "{flow_owner}: unknown data (expected one of {})",
                    FlowData::ALL.map(FlowData::id).join(", ")
                ),
            ),
            Some(data) if out.iter().any(|o| o.data == data) => checker.report(
                f.data.span(),
                &format!("{key}.data"),
                format!("{flow_owner} is listed twice"),
            ),
            Some(data) => out.push(Flow {
                data,
                label: f.label,
                cite,
            }),
        }
    }
    out
}

fn steps(
    raw: Spanned<RawSteps>,
    key: &str,
    owner: &str,
    checker: &mut Checker<'_>,
    sources: &HashMap<String, SourceKind>,
) -> Steps {
    let span = raw.span();
    let s = raw.into_inner();
    let owner = format!("{key} of {owner}");
    if s.steps.iter().all(|step| step.trim().is_empty()) {
        checker.report(span.clone(), key, format!("{owner} lists no steps"));
    }
    Steps {
        url: s.url,
        steps: s.steps,
        cite: checker.cites(s.cite, &owner, span, sources),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    /// The reference texts the built-in quotes come from, by source id. They live in
    /// `shared/reference/sources` beside the checkout (CI has them; a user's clone may not).
    const SOURCE_FILES: [(&str, &str); 2] = [("LIPA", "003_"), ("ENTRA", "004_")];

    /// As policy.md compares quotes: NBSP as space, runs of whitespace collapsed, Markdown link
    /// targets dropped (`[text](url)` becomes `[text]`).
    fn normalise(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("](") {
            let (head, tail) = rest.split_at(at + 1);
            out.push_str(head);
            rest = match tail.find(')') {
                Some(close) => &tail[close + 1..],
                None => "",
            };
        }
        out.push_str(rest);
        out.replace('\u{a0}', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn all_cites(c: &AccountConnection) -> Vec<&Cite> {
        let mut cites: Vec<&Cite> = Vec::new();
        for f in c
            .linkedin_to_microsoft
            .iter()
            .chain(&c.microsoft_to_linkedin)
        {
            cites.extend(&f.cite);
        }
        for s in [
            &c.kept_by_microsoft,
            &c.kept_by_linkedin,
            &c.imported_contacts,
            &c.public_profile,
        ] {
            cites.extend(&s.cite);
        }
        cites.extend(&c.linkedin_steps.cite);
        cites.extend(&c.microsoft_steps.cite);
        cites
    }

    #[test]
    fn quotes_are_verbatim_in_the_reference_sources() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/sources");
        let Ok(listing) = std::fs::read_dir(&dir) else {
            eprintln!(
                "skipped: {} is absent, so the connection quotes cannot be checked here",
                dir.display()
            );
            return;
        };
        let names: Vec<String> = listing
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let mut texts = HashMap::new();
        for (source, prefix) in SOURCE_FILES {
            let name = names
                .iter()
                .find(|n| n.starts_with(prefix))
                .unwrap_or_else(|| panic!("no {prefix}* file in {}", dir.display()));
            let text = std::fs::read_to_string(dir.join(name)).expect("a readable source");
            texts.insert(source, normalise(&text));
        }
        let policy = Policy::builtin();
        let mut checked = 0;
        for c in policy.account_connections() {
            for cite in all_cites(c) {
                let (Some(text), Some(quote)) = (texts.get(cite.source.as_str()), &cite.quote)
                else {
                    continue;
                };
                assert!(
                    text.contains(&normalise(quote)),
                    "{}: quote not in {}: {quote}",
                    c.id.id(),
                    cite.source
                );
                checked += 1;
            }
        }
        assert!(checked >= 30, "only {checked} quotes checked");
    }

    #[test]
    fn both_kinds_are_modelled_both_ways_with_retention_and_steps() {
        let policy = Policy::builtin();
        let kinds: Vec<ConnectionKind> =
            policy.account_connections().iter().map(|c| c.id).collect();
        assert_eq!(kinds, ConnectionKind::ALL);
        let to_ms = [
            FlowData::Profile,
            FlowData::Interests,
            FlowData::Subscriptions,
            FlowData::Connections,
        ];
        let to_li = [
            FlowData::Profile,
            FlowData::Calendar,
            FlowData::Interests,
            FlowData::Subscriptions,
            FlowData::Contacts,
        ];
        for c in policy.account_connections() {
            let sent: Vec<FlowData> = c.linkedin_to_microsoft.iter().map(|f| f.data).collect();
            let got: Vec<FlowData> = c.microsoft_to_linkedin.iter().map(|f| f.data).collect();
            assert_eq!(sent, to_ms, "{:?}", c.id);
            assert_eq!(got, to_li, "{:?}", c.id);
            assert!(c.linkedin_steps.steps.len() >= 3, "{:?}", c.id);
            assert!(c.microsoft_steps.steps.len() >= 3, "{:?}", c.id);
            assert!(c.imported_contacts.text.contains("until you remove them"));
            assert!(
                c.imported_contacts
                    .text
                    .contains("Manage synced and imported contacts")
            );
            assert!(c.public_profile.text.contains("visib"));
            for cite in all_cites(c) {
                assert!(policy.source(&cite.source).is_some(), "{}", cite.source);
            }
        }
        let quotes = |kind: ConnectionKind| -> String {
            let c = policy
                .account_connections()
                .iter()
                .find(|c| c.id == kind)
                .expect("both kinds");
            c.kept_by_linkedin
                .cite
                .iter()
                .filter_map(|c| c.quote.clone())
                .collect::<Vec<_>>()
                .join(" | ")
        };
        assert!(quotes(ConnectionKind::WorkSchool).contains("is not stored permanently"));
        assert!(
            quotes(ConnectionKind::Personal)
                .contains("periodically imported, stored, and used by LinkedIn")
        );
    }

    #[test]
    fn a_bad_connection_table_is_reported_with_its_line() {
        let text =
            include_str!("../policy.toml").replacen("id = \"personal\"", "id = \"persona\"", 1);
        let err = Policy::from_toml(&text, "custom.toml").expect_err("unknown kind");
        let messages: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("account_connection 'persona': unknown kind")),
            "{messages:?}"
        );
        let text = include_str!("../policy.toml").replacen(
            "{ data = \"calendar\", label = \"meetings in your calendars",
            "{ data = \"calendars\", label = \"meetings in your calendars",
            1,
        );
        let err = Policy::from_toml(&text, "custom.toml").expect_err("unknown data");
        assert!(
            err.problems()
                .iter()
                .any(|p| p.key == "microsoft_to_linkedin.data")
        );
    }
}
