//! Guessing what an unknown file or column holds, with the evidence for the guess.
//!
//! LinkedIn changes the export every year. A file or column the catalog does not know is
//! never dropped: it is measured like any other, and its role and category are guessed from
//! its name and the shapes of its values. The evidence goes into the report, so a reader can
//! judge the guess.

use crate::category::{Category, Role};
use crate::dates::{self, Parsed};

/// Counts of value shapes seen in one column.
#[derive(Debug, Clone, Default)]
pub struct ValueShapes {
    /// Non-empty values looked at.
    pub seen: u64,
    emails: u64,
    urls: u64,
    phones: u64,
    dates: u64,
    numbers: u64,
    long_text: u64,
    total_chars: u64,
    /// Up to `DISTINCT_CAP + 1` distinct values, to tell enums from free values.
    distinct: Vec<String>,
}

const DISTINCT_CAP: usize = 12;

impl ValueShapes {
    /// Looks at one non-empty, trimmed value; returns it parsed if it is a date.
    pub fn observe(&mut self, value: &str) -> Option<Parsed> {
        self.seen += 1;
        self.total_chars += value.chars().count() as u64;
        if self.distinct.len() <= DISTINCT_CAP && !self.distinct.iter().any(|d| d == value) {
            self.distinct.push(value.chars().take(64).collect());
        }
        if is_email(value) {
            self.emails += 1;
        } else if is_url(value) {
            self.urls += 1;
        } else if let Some((_, parsed)) = dates::sniff(value) {
            self.dates += 1;
            return Some(parsed);
        } else if is_phone(value) {
            self.phones += 1;
        } else if value.parse::<f64>().is_ok() {
            self.numbers += 1;
        } else if value.len() >= 40 && value.split_whitespace().nth(4).is_some() {
            self.long_text += 1;
        }
        None
    }

    /// The role these shapes (and the column's name) suggest, with the evidence.
    pub fn role(&self, column_name: &str) -> (Role, String) {
        let n = self.seen;
        if n == 0 {
            return (
                Role::Other,
                "no values to judge from; role unknown".to_string(),
            );
        }
        let share = |k: u64| k * 100 / n;
        let shaped = [
            (self.emails, Role::Email, "email addresses"),
            (self.urls, Role::Url, "links"),
            (self.dates, Role::Date, "dates"),
            (self.phones, Role::Phone, "phone numbers"),
            (self.numbers, Role::Number, "numbers"),
        ];
        for (count, role, what) in shaped {
            if share(count) >= 80 {
                return (role, format!("{}% of {n} values are {what}", share(count)));
            }
        }
        let lower = column_name.to_lowercase();
        let avg = self.total_chars / n;
        if share(self.long_text) >= 30 || avg >= 60 {
            return (
                Role::Text,
                format!(
                    "free text: {}% of {n} values are long sentences, average {avg} characters",
                    share(self.long_text)
                ),
            );
        }
        let by_name = [
            ("name", Role::Name),
            ("email", Role::Email),
            ("phone", Role::Phone),
            ("url", Role::Url),
            ("link", Role::Url),
            ("location", Role::Location),
            ("address", Role::Location),
            ("city", Role::Location),
            ("country", Role::Location),
            ("ip", Role::Identifier),
            ("id", Role::Identifier),
            ("urn", Role::Identifier),
        ];
        for (word, role) in by_name {
            if lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == word)
            {
                return (role, format!("the column name contains '{word}'"));
            }
        }
        if n >= 10 && self.distinct.len() <= DISTINCT_CAP {
            return (
                Role::Enum,
                format!("only {} distinct values in {n}", self.distinct.len()),
            );
        }
        if avg >= 25 {
            return (
                Role::Text,
                format!("free text: average {avg} characters over {n} values"),
            );
        }
        (
            Role::Other,
            format!("{n} short values of no recognisable shape"),
        )
    }
}

fn is_email(v: &str) -> bool {
    let Some((user, domain)) = v.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !v.contains(char::is_whitespace)
}

fn is_url(v: &str) -> bool {
    let lower = v.get(..8).unwrap_or(v).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

fn is_phone(v: &str) -> bool {
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    (7..=16).contains(&digits)
        && v.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b' ' | b'-' | b'(' | b')' | b'.'))
        && (v.starts_with('+') || v.contains(' ') || v.contains('-') || digits >= 10)
}

/// Words in a file name or header that point at a category, strongest first.
const CATEGORY_WORDS: [(&str, Category); 32] = [
    ("coach", Category::GenaiConversations),
    ("assistant", Category::GenaiConversations),
    ("prompt", Category::GenaiConversations),
    ("genai", Category::GenaiConversations),
    ("group", Category::Groups),
    ("message", Category::Messages),
    ("conversation", Category::Messages),
    ("inmail", Category::Messages),
    ("comment", Category::PostedContent),
    ("share", Category::PostedContent),
    ("post", Category::PostedContent),
    ("article", Category::PostedContent),
    ("repost", Category::PostedContent),
    ("connection", Category::Contacts),
    ("contact", Category::Contacts),
    ("invitation", Category::Contacts),
    ("job", Category::JobSeeking),
    ("application", Category::JobSeeking),
    ("resume", Category::JobSeeking),
    ("inference", Category::InferencesAds),
    ("ad", Category::InferencesAds),
    ("ads", Category::InferencesAds),
    ("targeting", Category::InferencesAds),
    ("follow", Category::Interests),
    ("hashtag", Category::Interests),
    ("interest", Category::Interests),
    ("learning", Category::Learning),
    ("course", Category::Learning),
    ("login", Category::Account),
    ("security", Category::Account),
    ("feedback", Category::Feedback),
    ("profile", Category::Profile),
];

/// A word matches itself and its plural, nothing longer: "post" must not match "postal".
fn word_matches(word: &str, key: &str) -> bool {
    word == key || word.strip_suffix('s') == Some(key)
}

/// Guesses an unknown file's category from its path, its column names and the roles its
/// columns turned out to have. Returns the category and the evidence, most telling first.
pub fn file_category(path: &str, columns: &[(&str, Role)]) -> (Category, Vec<String>) {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let name_words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut evidence = Vec::new();
    for (word, category) in CATEGORY_WORDS {
        let hit = name_words.iter().any(|w| word_matches(w, word));
        if hit {
            evidence.push(format!("the file name contains '{word}'"));
            return (category, evidence);
        }
    }
    for (col, _) in columns {
        let lower = col.to_lowercase();
        for (word, category) in CATEGORY_WORDS {
            let hit = lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| word_matches(w, word));
            if hit {
                evidence.push(format!("the column '{col}' mentions '{word}'"));
                return (category, evidence);
            }
        }
    }
    let has = |r: Role| columns.iter().any(|(_, role)| *role == r);
    if has(Role::Email) || has(Role::Phone) {
        evidence.push("it holds email addresses or phone numbers".to_string());
        return (Category::Contacts, evidence);
    }
    if has(Role::Text) {
        evidence.push("it holds free text, as posts and messages do".to_string());
        return (Category::PostedContent, evidence);
    }
    evidence.push("nothing in its name or values points to a category".to_string());
    (Category::Other, evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(values: &[&str]) -> ValueShapes {
        let mut s = ValueShapes::default();
        for v in values {
            s.observe(v);
        }
        s
    }

    #[test]
    fn value_shapes_decide_the_role() {
        let emails = shapes(&["a@example.com", "b.c@example.org", "d@example.net"]);
        assert_eq!(emails.role("Contact").0, Role::Email);
        let urls = shapes(&["https://www.linkedin.com/in/x", "http://example.org/y"]);
        assert_eq!(urls.role("Thing").0, Role::Url);
        let dates = shapes(&["2024-03-17 18:03:34", "2023-01-01 00:00:00"]);
        assert_eq!(dates.role("When").0, Role::Date);
        let phones = shapes(&["+1 4155550123", "+49 30 1234567"]);
        assert_eq!(phones.role("Number").0, Role::Phone);
        let prose = shapes(&[
            "This is a long sentence that somebody wrote about their week at work.",
            "Another long sentence with plenty of words in it, as posts have.",
        ]);
        assert_eq!(prose.role("Body").0, Role::Text);
        let names = shapes(&["Ada", "Grace"]);
        assert_eq!(names.role("Full Name").0, Role::Name);
    }

    #[test]
    fn file_names_and_columns_point_to_categories() {
        assert_eq!(file_category("Group_Posts.csv", &[]).0, Category::Groups);
        assert_eq!(
            file_category("AI_Assistant_Prompts.csv", &[]).0,
            Category::GenaiConversations
        );
        let cols = [("Email", Role::Email)];
        assert_eq!(file_category("Misc.csv", &cols).0, Category::Contacts);
        assert_eq!(file_category("Misc.csv", &[]).0, Category::Other);
    }
}
