//! The `microsoft_account_connection` section of the scan report: for both kinds of
//! Microsoft account, what a connection sends and brings in (counted from the archive where
//! the archive can say), how each side keeps it, and what to click on both sides.

use crate::microsoft::{ConnectionFacts, Counted};
use crate::policy::Policy;
use crate::policy::connection::{
    AccountConnection, ConnectionKind, Flow, FlowData, Statement, Steps,
};
use schemars::JsonSchema;
use serde::Serialize;

/// What the archive says about a Microsoft account connection.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MicrosoftAccountConnection {
    /// "evidence" when a source value names a Microsoft service, else "not_recorded".
    pub connected: Connected,
    /// The same, in a sentence.
    pub statement: String,
    /// Values in `Contacts.csv` or `Calendar.csv` source columns that name a Microsoft service.
    pub evidence: Vec<EvidenceReport>,
    /// What LinkedIn would provide to Microsoft, counted from this archive.
    pub linkedin_provides: Provides,
    /// What a connection brings in, as far as this archive records it.
    pub brings_in: BringsIn,
    /// Both kinds of account, from the policy model.
    pub kinds: Vec<KindReport>,
}

/// Whether the export shows a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Connected {
    /// A source value names a Microsoft service.
    Evidence,
    /// The export does not record whether an account is connected.
    NotRecorded,
}

/// A value that names a Microsoft service.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EvidenceReport {
    /// The file.
    pub file: String,
    /// The column.
    pub column: String,
    /// The value as written (at most 80 characters).
    pub value: String,
    /// The Microsoft service it names.
    pub service: String,
    /// Records holding it.
    pub records: u64,
}

/// Records of one kind.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CountReport {
    /// What was counted (a file's label, or a source value).
    pub label: String,
    /// The file it was counted in.
    pub file: String,
    /// How many records.
    pub records: u64,
}

/// What LinkedIn provides to Microsoft, from this archive.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Provides {
    /// 1st-degree connections (`Connections.csv`); null when the file is absent.
    pub connections: Option<u64>,
    /// Of those, with an email address.
    pub connections_with_email: u64,
    /// `Profile.csv` fields that hold a value.
    pub profile_fields: Vec<String>,
    /// Other profile sections with records.
    pub profile_sections: Vec<CountReport>,
    /// Your own email addresses and phone numbers.
    pub contact_details: Vec<CountReport>,
    /// Follows, groups, learning, content liked and shared.
    pub interests: Vec<CountReport>,
    /// Total records of `interests`.
    pub interests_total: u64,
    /// Payment receipts; the export keeps no list of subscriptions as such.
    pub subscription_receipts: Vec<CountReport>,
}

/// What a connection brings in, as far as this archive records it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BringsIn {
    /// Imported contacts by source ("source not recorded" where the file has no source column).
    pub imported_contacts: Vec<CountReport>,
    /// Total imported contacts.
    pub imported_contacts_total: u64,
    /// Synced calendars by source.
    pub synced_calendars: Vec<CountReport>,
}

/// One kind of data crossing the connection.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FlowReport {
    /// profile, interests, subscriptions, connections, calendar or contacts.
    pub data: FlowData,
    /// What it includes.
    pub label: String,
    /// Source ids.
    pub sources: Vec<String>,
}

/// A statement and the sources behind it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StatementReport {
    /// The statement.
    pub text: String,
    /// Verbatim quotes from the sources.
    pub quotes: Vec<String>,
    /// Source ids.
    pub sources: Vec<String>,
}

/// Steps on one side.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StepsReport {
    /// Where to start.
    pub url: Option<String>,
    /// The steps, in order.
    pub steps: Vec<String>,
    /// Source ids.
    pub sources: Vec<String>,
}

/// One kind of Microsoft account connection.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KindReport {
    /// personal or work_school.
    pub kind: ConnectionKind,
    /// Its name for people.
    pub label: String,
    /// What LinkedIn provides to Microsoft.
    pub linkedin_to_microsoft: Vec<FlowReport>,
    /// What Microsoft provides to LinkedIn.
    pub microsoft_to_linkedin: Vec<FlowReport>,
    /// How Microsoft keeps what it gets.
    pub kept_by_microsoft: StatementReport,
    /// How LinkedIn keeps what it gets.
    pub kept_by_linkedin: StatementReport,
    /// Disconnecting on LinkedIn.
    pub linkedin_steps: StepsReport,
    /// Disconnecting on the Microsoft side.
    pub microsoft_steps: StepsReport,
    /// Imported contacts stay until removed, and how to remove them.
    pub imported_contacts: StatementReport,
    /// Public profile visibility in Microsoft apps.
    pub public_profile: StatementReport,
}

fn sources(cites: &[crate::policy::Cite]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in cites {
        if !out.contains(&c.source) {
            out.push(c.source.clone());
        }
    }
    out
}

fn flows(flows: &[Flow]) -> Vec<FlowReport> {
    flows
        .iter()
        .map(|f| FlowReport {
            data: f.data,
            label: f.label.clone(),
            sources: sources(&f.cite),
        })
        .collect()
}

fn statement(s: &Statement) -> StatementReport {
    StatementReport {
        text: s.text.clone(),
        quotes: s.cite.iter().filter_map(|c| c.quote.clone()).collect(),
        sources: sources(&s.cite),
    }
}

fn steps(s: &Steps) -> StepsReport {
    StepsReport {
        url: s.url.clone(),
        steps: s.steps.clone(),
        sources: sources(&s.cite),
    }
}

fn kind(c: &AccountConnection) -> KindReport {
    KindReport {
        kind: c.id,
        label: c.label.clone(),
        linkedin_to_microsoft: flows(&c.linkedin_to_microsoft),
        microsoft_to_linkedin: flows(&c.microsoft_to_linkedin),
        kept_by_microsoft: statement(&c.kept_by_microsoft),
        kept_by_linkedin: statement(&c.kept_by_linkedin),
        linkedin_steps: steps(&c.linkedin_steps),
        microsoft_steps: steps(&c.microsoft_steps),
        imported_contacts: statement(&c.imported_contacts),
        public_profile: statement(&c.public_profile),
    }
}

fn counts(list: &[Counted]) -> Vec<CountReport> {
    list.iter()
        .map(|c| CountReport {
            label: c.label.clone(),
            file: c.file.clone(),
            records: c.records,
        })
        .collect()
}

/// Builds the section from the archive's facts and the policy model.
pub fn build(facts: &ConnectionFacts, policy: &Policy) -> MicrosoftAccountConnection {
    let evidence: Vec<EvidenceReport> = facts
        .evidence
        .iter()
        .map(|e| EvidenceReport {
            file: e.file.clone(),
            column: e.column.clone(),
            value: e.value.clone(),
            service: e.service.clone(),
            records: e.records,
        })
        .collect();
    let (connected, statement) = if evidence.is_empty() {
        (
            Connected::NotRecorded,
            "The export does not record whether a Microsoft account is connected.".to_string(),
        )
    } else {
        (
            Connected::Evidence,
            "Imported contacts or synced calendars name a Microsoft service: a Microsoft account was connected at some point.".to_string(),
        )
    };
    MicrosoftAccountConnection {
        connected,
        statement,
        evidence,
        linkedin_provides: Provides {
            connections: facts.connections,
            connections_with_email: facts.connections_with_email,
            profile_fields: facts.profile_fields.clone(),
            profile_sections: counts(&facts.profile_sections),
            contact_details: counts(&facts.contact_details),
            interests: counts(&facts.interests),
            interests_total: facts.interests.iter().map(|c| c.records).sum(),
            subscription_receipts: counts(&facts.subscription_receipts),
        },
        brings_in: BringsIn {
            imported_contacts: counts(&facts.imported_contacts),
            imported_contacts_total: facts.imported_contacts.iter().map(|c| c.records).sum(),
            synced_calendars: counts(&facts.synced_calendars),
        },
        kinds: policy.account_connections().iter().map(kind).collect(),
    }
}
