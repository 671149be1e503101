//! The fixed vocabularies every other module speaks: policy categories and column roles.
//!
//! The ids are part of lidex's public contract. Reports, tests, the catalog, the policy model
//! and users' scripts rely on them, so a variant is never renamed, only added.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A policy category: what kind of member data a file or column holds.
///
/// The order of the variants is the order reports list categories in: the ones the
/// generative-AI policy names first, then the rest.
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
pub enum Category {
    /// Profile sections: name, headline, positions, education, skills, endorsements...
    Profile,
    /// Job applications, saved screening answers, job-seeker preferences, saved jobs.
    JobSeeking,
    /// What the member published: posts, articles, comments, poll votes, uploaded media.
    PostedContent,
    /// Feedback and support requests (LinkedIn holds them; exports rarely do).
    Feedback,
    /// Connections, invitations, imported address books.
    Contacts,
    /// Conversations with LinkedIn's generative-AI features (coach, guide, assistants).
    GenaiConversations,
    /// Private messages: Inbox and InMail.
    Messages,
    /// LinkedIn Groups activity and group messages.
    Groups,
    /// Follows and declared interests: companies, people, hashtags, causes.
    Interests,
    /// Feed and usage activity: reactions, saved items, searches, events.
    Activity,
    /// What LinkedIn inferred about the member, and advertising data.
    InferencesAds,
    /// LinkedIn Learning activity.
    Learning,
    /// Account, contact details, security, logins, payments, verifications.
    Account,
    /// Anything that fits nowhere else.
    Other,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 14] = [
        Category::Profile,
        Category::JobSeeking,
        Category::PostedContent,
        Category::Feedback,
        Category::Contacts,
        Category::GenaiConversations,
        Category::Messages,
        Category::Groups,
        Category::Interests,
        Category::Activity,
        Category::InferencesAds,
        Category::Learning,
        Category::Account,
        Category::Other,
    ];

    /// The stable id, as written in reports and data files.
    pub fn id(self) -> &'static str {
        match self {
            Category::Profile => "profile",
            Category::JobSeeking => "job_seeking",
            Category::PostedContent => "posted_content",
            Category::Feedback => "feedback",
            Category::Contacts => "contacts",
            Category::GenaiConversations => "genai_conversations",
            Category::Messages => "messages",
            Category::Groups => "groups",
            Category::Interests => "interests",
            Category::Activity => "activity",
            Category::InferencesAds => "inferences_ads",
            Category::Learning => "learning",
            Category::Account => "account",
            Category::Other => "other",
        }
    }

    /// A short human label for terminal and HTML reports.
    pub fn label(self) -> &'static str {
        match self {
            Category::Profile => "Profile",
            Category::JobSeeking => "Job seeking",
            Category::PostedContent => "Posted content",
            Category::Feedback => "Feedback & support",
            Category::Contacts => "Contacts & connections",
            Category::GenaiConversations => "GenAI conversations",
            Category::Messages => "Private messages",
            Category::Groups => "Groups",
            Category::Interests => "Interests & follows",
            Category::Activity => "Activity",
            Category::InferencesAds => "Inferences & ads",
            Category::Learning => "Learning",
            Category::Account => "Account & security",
            Category::Other => "Other",
        }
    }

    /// Looks a category up by its id.
    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What a column's values are, independent of what they are about.
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
pub enum Role {
    /// A person's or organisation's name.
    Name,
    /// Free text someone wrote: posts, messages, descriptions. Counted for text volume.
    Text,
    /// A date or timestamp.
    Date,
    /// A link.
    Url,
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// An opaque id: URN, conversation id, invoice number.
    Identifier,
    /// A place: address, city, postal code, country, IP-derived location.
    Location,
    /// A number or amount.
    Number,
    /// One value from a small fixed set: status, type, yes/no.
    Enum,
    /// Anything else.
    Other,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 11] = [
        Role::Name,
        Role::Text,
        Role::Date,
        Role::Url,
        Role::Email,
        Role::Phone,
        Role::Identifier,
        Role::Location,
        Role::Number,
        Role::Enum,
        Role::Other,
    ];

    /// The stable id, as written in reports and data files.
    pub fn id(self) -> &'static str {
        match self {
            Role::Name => "name",
            Role::Text => "text",
            Role::Date => "date",
            Role::Url => "url",
            Role::Email => "email",
            Role::Phone => "phone",
            Role::Identifier => "identifier",
            Role::Location => "location",
            Role::Number => "number",
            Role::Enum => "enum",
            Role::Other => "other",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_ids_round_trip_and_match_serde() {
        for c in Category::ALL {
            assert_eq!(Category::from_id(c.id()), Some(c));
            let json = serde_json::to_string(&c).expect("serialises");
            assert_eq!(json, format!("\"{}\"", c.id()));
        }
    }

    #[test]
    fn role_ids_match_serde() {
        for r in Role::ALL {
            let json = serde_json::to_string(&r).expect("serialises");
            assert_eq!(json, format!("\"{}\"", r.id()));
        }
    }
}
