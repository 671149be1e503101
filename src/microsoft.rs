//! What a Microsoft account connection would carry, counted from the member's own archive,
//! and whether the archive itself shows a connection.
//!
//! Nothing in an export says "a Microsoft account is connected". The only trace it can hold
//! is where imported contacts and synced calendars came from: the `Source`/`Owner` columns
//! of `Contacts.csv` and `Calendar.csv`, which the catalog marks `tally = true` so the scan
//! counts their values. A value naming a Microsoft service there is evidence; anything else
//! (a contact's `@hotmail.com` address says nothing about the member's own account) is not.

use crate::analysis::{Analysis, FileResult};
use crate::category::Category;

/// Words that name a Microsoft service when they appear as a whole word of a source value
/// (`OUTLOOK_CONTACTS`, `Hotmail`, `Windows Live`, `OFFICE_365`, ...). Matched
/// case-insensitively against the value's alphanumeric words.
const MICROSOFT_WORDS: [&str; 13] = [
    "microsoft",
    "msft",
    "outlook",
    "hotmail",
    "live",
    "msn",
    "skype",
    "exchange",
    "office365",
    "o365",
    "m365",
    "entra",
    "windowslive",
];

/// The Microsoft service a value names, if any (the word as found, lower case).
pub fn microsoft_service(value: &str) -> Option<String> {
    let words: Vec<String> = value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    for (i, w) in words.iter().enumerate() {
        if MICROSOFT_WORDS.contains(&w.as_str()) {
            return Some(w.clone());
        }
        // "OFFICE_365", "Office 365"
        if w == "office" && words.get(i + 1).is_some_and(|n| n == "365") {
            return Some("office 365".to_string());
        }
    }
    None
}

/// Records of one kind, with a label for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// What was counted.
    pub label: String,
    /// The file it was counted in.
    pub file: String,
    /// How many records.
    pub records: u64,
}

/// A value in a source column that names a Microsoft service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The file.
    pub file: String,
    /// The column.
    pub column: String,
    /// The value as written (shortened to 80 characters).
    pub value: String,
    /// The service it names.
    pub service: String,
    /// Records holding it.
    pub records: u64,
}

/// The archive's side of the Microsoft account connection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionFacts {
    /// Records in `Connections.csv`; `None` when the file is absent.
    pub connections: Option<u64>,
    /// Of those, how many have an email address.
    pub connections_with_email: u64,
    /// `Profile.csv` columns that hold a value.
    pub profile_fields: Vec<String>,
    /// Other profile files with records (positions, education, skills, ...).
    pub profile_sections: Vec<Counted>,
    /// The member's own email addresses and phone numbers (contact information).
    pub contact_details: Vec<Counted>,
    /// Follows, groups, learning, content liked and shared.
    pub interests: Vec<Counted>,
    /// Payment receipts (the export keeps no list of subscriptions).
    pub subscription_receipts: Vec<Counted>,
    /// Imported contacts by where they came from.
    pub imported_contacts: Vec<Counted>,
    /// Synced calendars by source.
    pub synced_calendars: Vec<Counted>,
    /// Values that name a Microsoft service.
    pub evidence: Vec<Evidence>,
}

fn kind<'a>(f: &'a FileResult<'_>) -> &'a str {
    f.spec.map_or("", |s| s.id.as_str())
}

fn label(f: &FileResult<'_>) -> String {
    f.spec.map_or_else(|| f.path.clone(), |s| s.label.clone())
}

fn counted(f: &FileResult<'_>) -> Counted {
    Counted {
        label: label(f),
        file: f.path.clone(),
        records: f.records(),
    }
}

/// Splits a file's records by the values of its tallied column `column`; records without a
/// value go under `unlabelled`. Also collects the values that name a Microsoft service.
fn by_source(
    f: &FileResult<'_>,
    column: &str,
    unlabelled: &str,
    out: &mut Vec<Counted>,
    evidence: &mut Vec<Evidence>,
) {
    let mut tallied = 0;
    for col in &f.columns {
        let Some(values) = &col.scan.values else {
            continue;
        };
        for (value, n) in &values.counts {
            if let Some(service) = microsoft_service(value) {
                evidence.push(Evidence {
                    file: f.path.clone(),
                    column: col.scan.name.clone(),
                    value: value.clone(),
                    service,
                    records: *n,
                });
            }
            if col.scan.name == column {
                out.push(Counted {
                    label: value.clone(),
                    file: f.path.clone(),
                    records: *n,
                });
                tallied += n;
            }
        }
        if col.scan.name == column && values.others > 0 {
            out.push(Counted {
                label: "other sources".to_string(),
                file: f.path.clone(),
                records: values.others,
            });
            tallied += values.others;
        }
    }
    let rest = f.records().saturating_sub(tallied);
    if rest > 0 {
        out.push(Counted {
            label: unlabelled.to_string(),
            file: f.path.clone(),
            records: rest,
        });
    }
}

/// Counts, from the archive, what a Microsoft account connection would send and bring in.
pub fn facts(analysis: &Analysis<'_>) -> ConnectionFacts {
    let mut out = ConnectionFacts::default();
    for f in &analysis.files {
        match kind(f) {
            "connections" => {
                *out.connections.get_or_insert(0) += f.records();
                out.connections_with_email += f
                    .columns
                    .iter()
                    .filter(|c| c.role == crate::category::Role::Email)
                    .map(|c| c.scan.non_empty)
                    .max()
                    .unwrap_or(0);
            }
            "profile" => {
                out.profile_fields.extend(
                    f.columns
                        .iter()
                        .filter(|c| c.scan.non_empty > 0)
                        .map(|c| c.scan.name.clone()),
                );
            }
            "email_addresses" | "phone_numbers" if f.records() > 0 => {
                out.contact_details.push(counted(f));
            }
            "company_follows" | "member_follows" | "hashtag_follows" | "groups" | "learning"
            | "reactions" | "instant_reposts"
                if f.records() > 0 =>
            {
                out.interests.push(counted(f));
            }
            "receipts" | "receipts_v2" if f.records() > 0 => {
                out.subscription_receipts.push(counted(f));
            }
            "contacts" => by_source(
                f,
                "Source",
                "source not recorded",
                &mut out.imported_contacts,
                &mut out.evidence,
            ),
            "imported_contacts" if f.records() > 0 => {
                out.imported_contacts.push(Counted {
                    label: "source not recorded".to_string(),
                    file: f.path.clone(),
                    records: f.records(),
                });
            }
            "calendar" => by_source(
                f,
                "Source",
                "source not recorded",
                &mut out.synced_calendars,
                &mut out.evidence,
            ),
            _ if f.category == Category::Profile && f.spec.is_some() && f.records() > 0 => {
                out.profile_sections.push(counted(f));
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microsoft_services_are_named_by_whole_words_only() {
        assert_eq!(
            microsoft_service("OUTLOOK_CONTACTS").as_deref(),
            Some("outlook")
        );
        assert_eq!(microsoft_service("Hotmail").as_deref(), Some("hotmail"));
        assert_eq!(microsoft_service("WINDOWS_LIVE").as_deref(), Some("live"));
        assert_eq!(
            microsoft_service("OFFICE_365").as_deref(),
            Some("office 365")
        );
        assert_eq!(microsoft_service("SKYPE").as_deref(), Some("skype"));
        assert_eq!(microsoft_service("GOOGLE_CONTACTS"), None);
        assert_eq!(microsoft_service("MOBILE_CONTACTS"), None);
        assert_eq!(microsoft_service("ANDROID_CALENDAR"), None);
        assert_eq!(microsoft_service("OLIVE_CONTACTS"), None);
        assert_eq!(microsoft_service("OFFICE_DEPOT"), None);
    }
}
