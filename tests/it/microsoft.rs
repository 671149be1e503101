//! The Microsoft account connection section of the scan report, counted from the archive.

use crate::support::*;

const CONNECTIONS: &str = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Lovelace,https://www.linkedin.com/in/ada,ada@example.org,Engines,Analyst,04 Jul 2023\nAlan,Turing,https://www.linkedin.com/in/alan,,Bletchley,Cryptanalyst,05 Jul 2023\nGrace,Hopper,https://www.linkedin.com/in/grace,grace@example.org,Navy,Admiral,06 Jul 2023\n";

const CONTACTS_HEADER: &str = "Source,FirstName,LastName,Companies,Title,Emails,PhoneNumbers,CreatedAt,Addresses,Sites,InstantMessageHandles,FullName,Birthday,Location,BookmarkedAt,Profiles\n";

fn contacts(sources: &[&str]) -> String {
    let mut text = CONTACTS_HEADER.to_string();
    for (i, s) in sources.iter().enumerate() {
        text.push_str(&format!(
            "{s},First{i},Last{i},null,,x{i}@hotmail.com,,\"6/17/23, 6:18 AM\",,,,,,,,\n"
        ));
    }
    text
}

#[test]
fn a_microsoft_source_value_is_shown_as_evidence_with_counts_by_source() {
    let dir = tempfile::tempdir().unwrap();
    let input = Files::new()
        .text("Connections.csv", CONNECTIONS)
        .text(
            "Contacts.csv",
            &contacts(&[
                "GOOGLE_CONTACTS",
                "OUTLOOK_CONTACTS",
                "OUTLOOK_CONTACTS",
                "",
            ]),
        )
        .text(
            "Calendar.csv",
            "Owner,Source,LastSyncedAt\nANDROID_CALENDAR,ANDROID_CALENDAR,\"3/1/24, 9:00 AM\"\n",
        )
        .folder(dir.path(), "export");
    let json = report_json(&[input], None);
    let m = &json["microsoft_account_connection"];
    assert_eq!(m["connected"], "evidence");
    assert_eq!(m["evidence"].as_array().unwrap().len(), 1, "{m:#}");
    assert_eq!(m["evidence"][0]["value"], "OUTLOOK_CONTACTS");
    assert_eq!(m["evidence"][0]["service"], "outlook");
    assert_eq!(m["evidence"][0]["records"], 2);
    assert_eq!(m["linkedin_provides"]["connections"], 3);
    assert_eq!(m["linkedin_provides"]["connections_with_email"], 2);
    let by_source: Vec<(String, u64)> = m["brings_in"]["imported_contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["label"].as_str().unwrap().to_string(),
                c["records"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_source,
        [
            ("GOOGLE_CONTACTS".to_string(), 1),
            ("OUTLOOK_CONTACTS".to_string(), 2),
            ("source not recorded".to_string(), 1),
        ]
    );
    assert_eq!(m["brings_in"]["imported_contacts_total"], 4);
    assert_eq!(
        m["brings_in"]["synced_calendars"][0]["label"],
        "ANDROID_CALENDAR"
    );
    let kinds: Vec<&str> = m["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["personal", "work_school"]);
}

#[test]
fn a_contact_email_at_a_microsoft_domain_is_not_evidence_of_a_connection() {
    let dir = tempfile::tempdir().unwrap();
    let input = Files::new()
        .text("Connections.csv", CONNECTIONS)
        .text(
            "Contacts.csv",
            &contacts(&["GOOGLE_CONTACTS", "MOBILE_CONTACTS"]),
        )
        .folder(dir.path(), "export");
    let json = report_json(&[input], None);
    let m = &json["microsoft_account_connection"];
    assert_eq!(m["connected"], "not_recorded");
    assert!(m["evidence"].as_array().unwrap().is_empty());
    assert_eq!(
        m["statement"],
        "The export does not record whether a Microsoft account is connected."
    );
}

#[test]
fn the_sample_report_shows_both_kinds_with_counts_and_steps() {
    let report = report(&[sample_zip()], None);
    let text = lidex::report::term::render(&report, lidex::report::term::Color::Never);
    assert!(text.contains("If your account is connected, LinkedIn provides: 26 connections"));
    assert!(text.contains("and brings in: imported contacts"));
    assert!(text.contains("Microsoft personal account"));
    assert!(text.contains("Microsoft work or school account"));
    assert!(text.contains("accounts.microsoft.com"));
    assert!(text.contains("does not record whether a Microsoft account is connected"));
}

#[test]
fn lidex_policy_names_both_connections() {
    let out = lidex()
        .args(["policy", "--as-of", "2026-11-23"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Microsoft personal account (Outlook.com, Hotmail, Skype) [personal]"));
    assert!(text.contains("Microsoft work or school account (Microsoft Entra ID) [work_school]"));
    assert!(text.contains("Click Remove these permissions"));
}
