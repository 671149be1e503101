//! `--redact`: masks other people's data in a report before any format renders it, so a
//! member can share the JSON, the terminal summary or the HTML page with a journalist, a
//! lawyer or a data-protection authority without exposing the people in their archive.
//!
//! What is masked: email addresses, phone numbers and LinkedIn profile links anywhere in
//! archive-derived text (file paths, column names, guessing evidence, problem messages);
//! the value excerpts that problem messages quote (`e.g. "…"`); the names of unknown
//! columns in contact and message files, which in a file without a header row are the
//! first person's record; and input paths, cut to their file name (a home folder names
//! its owner). Catalog labels, the policy's text and counts are not archive text and stay.
//! Posts to review keep their date, kind and reasons, but their excerpts (a comment or a
//! post may name or quote others) become `[excerpt]` and their links and file names are
//! masked like any archive text; so are the sensitive findings' examples and the values
//! quoted as evidence of a Microsoft connection.

use super::Report;
use crate::category::Category;

/// What replaces a masked email address.
pub const EMAIL: &str = "[email]";
/// What replaces a masked phone number.
pub const PHONE: &str = "[phone]";
/// What replaces the member part of a profile link.
pub const PROFILE: &str = "[profile]";
/// What replaces a quoted excerpt.
pub const EXCERPT: &str = "[excerpt]";
/// What replaces a name of an unknown column that may be a person's data.
pub const NAME: &str = "[name]";

/// Masks the report in place and marks it as redacted.
pub fn apply(report: &mut Report) {
    report.redacted = true;
    for input in &mut report.inputs {
        let name = std::path::Path::new(&input.path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        if let Some(name) = name {
            input.path = name;
        }
        input.path = mask_text(&input.path);
    }
    for f in &mut report.files {
        f.path = mask_text(&f.path);
        let personal = matches!(f.category, Category::Contacts | Category::Messages);
        for c in &mut f.columns {
            if !c.known && personal {
                c.name = NAME.to_string();
            } else {
                c.name = mask_text(&c.name);
            }
            if let Some(e) = &mut c.evidence {
                *e = mask_text(e);
            }
        }
        for e in &mut f.evidence {
            *e = mask_text(e);
        }
        for p in &mut f.problems {
            mask_problem(p);
        }
    }
    for p in &mut report.problems {
        mask_problem(p);
    }
    report.posts_to_review.redact();
    if let Some(s) = &mut report.sensitive {
        for f in &mut s.findings {
            for e in &mut f.examples {
                *e = mask_text(e);
            }
        }
    }
    for e in &mut report.microsoft_account_connection.evidence {
        e.value = mask_text(&e.value);
        e.file = mask_text(&e.file);
    }
}

/// Masks one listed item: its excerpt, link, file and the findings' masked values.
pub(super) fn mask_post(post: &mut super::posts::PostItem) {
    if !post.excerpt.is_empty() {
        post.excerpt = EXCERPT.to_string();
    }
    post.url = mask_text(&post.url);
    post.file = mask_text(&post.file);
    for f in &mut post.findings {
        f.masked = mask_text(&f.masked);
    }
}

fn mask_problem(p: &mut super::problem::Problem) {
    if let Some(path) = &mut p.path {
        *path = mask_text(path);
    }
    p.message = mask_text(&mask_excerpts(&p.message));
}

/// Replaces the values problem messages quote as examples (`e.g. "…"`).
pub fn mask_excerpts(s: &str) -> String {
    const OPEN: &str = "e.g. \"";
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find(OPEN) {
        let (head, tail) = rest.split_at(at + OPEN.len());
        out.push_str(head);
        // The excerpt runs to the last quote before the closing parenthesis lidex writes.
        let end = tail.rfind("\")").or_else(|| tail.rfind('"'));
        match end {
            Some(end) => {
                out.push_str(EXCERPT);
                rest = tail.get(end..).unwrap_or_default();
            }
            None => {
                out.push_str(EXCERPT);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Masks email addresses, phone numbers and LinkedIn profile links in free text.
pub fn mask_text(s: &str) -> String {
    mask_phones(&mask_words(s))
}

/// Emails and profile links, which never contain spaces: checked word by word.
fn mask_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    for c in s.chars() {
        if c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '(' | ')' | ',' | ';') {
            out.push_str(&mask_word(&word));
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.push_str(&mask_word(&word));
    out
}

fn mask_word(w: &str) -> String {
    let lower = w.to_lowercase();
    if let Some(at) = lower.find("linkedin.com/in/") {
        let keep = at + "linkedin.com/in/".len();
        return format!("{}{PROFILE}", w.get(..keep).unwrap_or_default());
    }
    if let Some((local, domain)) = w.split_once('@')
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
    {
        return EMAIL.to_string();
    }
    w.to_string()
}

/// Runs of digits with phone punctuation that hold at least seven digits.
fn mask_phones(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let mut digits = 0;
        let mut j = i;
        while let Some(&c) = chars.get(j) {
            let phoney = c.is_ascii_digit()
                || (j > start && matches!(c, ' ' | '-' | '.' | '(' | ')' | '/'))
                || (j == start && matches!(c, '+' | '('));
            if !phoney {
                break;
            }
            if c.is_ascii_digit() {
                digits += 1;
            }
            j += 1;
        }
        // Trailing separators are not part of the number.
        while j > start && chars.get(j - 1).is_some_and(|c| !c.is_ascii_digit()) {
            j -= 1;
        }
        if digits >= 7 && j > start {
            let run: String = chars.get(start..j).unwrap_or_default().iter().collect();
            // Dates (2024-01-31, 2024.01.31) are not phone numbers.
            if looks_like_date(&run) {
                out.push_str(&run);
            } else {
                out.push_str(PHONE);
            }
            i = j;
        } else {
            if let Some(&c) = chars.get(i) {
                out.push(c);
            }
            i += 1;
        }
    }
    out
}

fn looks_like_date(run: &str) -> bool {
    let parts: Vec<&str> = run.split(['-', '.', '/']).collect();
    parts.len() == 3
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && parts.iter().any(|p| p.len() == 4)
        && parts.iter().all(|p| (1..=4).contains(&p.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_phones_and_profile_links_are_masked() {
        assert_eq!(
            mask_text("write to jane.doe@example.org or +44 20 7946 0958"),
            "write to [email] or [phone]"
        );
        assert_eq!(
            mask_text("see https://www.linkedin.com/in/jane-doe-123/ now"),
            "see https://www.linkedin.com/in/[profile] now"
        );
        assert_eq!(mask_text("(555) 010-9999"), "[phone]");
    }

    #[test]
    fn dates_counts_and_plain_words_stay() {
        for s in [
            "Shares.csv",
            "2024-01-31",
            "12 values",
            "column 'Email Address'",
            "Articles/Articles/My 2019 post.html",
        ] {
            assert_eq!(mask_text(s), s);
        }
    }

    #[test]
    fn quoted_excerpts_are_masked() {
        assert_eq!(
            mask_excerpts(
                "column 'Date': 3 values are not dates in a known format (e.g. \"Jane \"J\" Doe\")"
            ),
            "column 'Date': 3 values are not dates in a known format (e.g. \"[excerpt]\")"
        );
        assert_eq!(mask_excerpts("nothing quoted"), "nothing quoted");
    }
}
