//! The fixed vocabularies every other module speaks: policy categories and column roles.
//!
//! The ids are part of lidex's public contract. Reports, tests, the catalog, the policy model
//! and users' scripts rely on them, so a variant is never renamed, only added.

use serde::{Deserialize, Serialize};

use crate::vocab::vocabulary;

vocabulary! {
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
        Profile = "profile" => "Profile",
        /// Job applications, saved screening answers, job-seeker preferences, saved jobs.
        JobSeeking = "job_seeking" => "Job seeking",
        /// What the member published: posts, articles, comments, poll votes, uploaded media.
        PostedContent = "posted_content" => "Posted content",
        /// Feedback and support requests (LinkedIn holds them; exports rarely do).
        Feedback = "feedback" => "Feedback & support",
        /// Connections, invitations, imported address books.
        Contacts = "contacts" => "Contacts & connections",
        /// Conversations with LinkedIn's generative-AI features (coach, guide, assistants).
        GenaiConversations = "genai_conversations" => "GenAI conversations",
        /// Private messages: Inbox and InMail.
        Messages = "messages" => "Private messages",
        /// LinkedIn Groups activity and group messages.
        Groups = "groups" => "Groups",
        /// Follows and declared interests: companies, people, hashtags, causes.
        Interests = "interests" => "Interests & follows",
        /// Feed and usage activity: reactions, saved items, searches, events.
        Activity = "activity" => "Activity",
        /// What LinkedIn inferred about the member, and advertising data.
        InferencesAds = "inferences_ads" => "Inferences & ads",
        /// LinkedIn Learning activity.
        Learning = "learning" => "Learning",
        /// Account, contact details, security, logins, payments, verifications.
        Account = "account" => "Account & security",
        /// Anything that fits nowhere else.
        Other = "other" => "Other",
    }
}

vocabulary! {
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
        Name = "name",
        /// Free text someone wrote: posts, messages, descriptions. Counted for text volume.
        Text = "text",
        /// A date or timestamp.
        Date = "date",
        /// A link.
        Url = "url",
        /// An email address.
        Email = "email",
        /// A phone number.
        Phone = "phone",
        /// An opaque id: URN, conversation id, invoice number.
        Identifier = "identifier",
        /// A place: address, city, postal code, country, IP-derived location.
        Location = "location",
        /// A number or amount.
        Number = "number",
        /// One value from a small fixed set: status, type, yes/no.
        Enum = "enum",
        /// Anything else.
        Other = "other",
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
