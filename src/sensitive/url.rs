//! URLs that carry personal identifiers: profile links (`linkedin.com/in/…`, `t.me/…`,
//! `wa.me/<phone>`, `calendly.com/…` and the like) and any URL whose query string holds an
//! email address or a phone number. Company pages, posts and job links are not personal.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

use super::text::char_before;
use super::{Candidate, Kind, Severity};

/// The personal-URL detector.
#[derive(Debug)]
pub(crate) struct Urls {
    starts: Option<AhoCorasick>,
}

/// Hosts (with the path prefix) whose next path segment names a person. `wa.me` and
/// `api.whatsapp.com/send` carry a phone number and rank higher.
const PROFILE_PREFIXES: &[&str] = &[
    "linkedin.com/in/",
    "t.me/",
    "telegram.me/",
    "wa.me/",
    "calendly.com/",
    "cal.com/",
    "instagram.com/",
    "facebook.com/",
    "fb.com/",
    "m.me/",
    "twitter.com/",
    "x.com/",
    "github.com/",
    "gitlab.com/",
    "tiktok.com/@",
    "youtube.com/@",
    "medium.com/@",
    "paypal.me/",
    "signal.me/",
    "threads.net/@",
    "bsky.app/profile/",
    "xing.com/profile/",
];

/// Path segments after a profile host that are not a person.
const NOT_A_PERSON: &[&str] = &[
    "",
    "company",
    "groups",
    "group",
    "events",
    "pages",
    "jobs",
    "share",
    "sharer",
    "hashtag",
    "search",
    "explore",
    "watch",
    "intent",
    "home",
    "about",
    "help",
    "login",
    "settings",
    "feed",
    "posts",
    "p",
    "reel",
    "status",
    "i",
    "orgs",
    "topics",
    "marketplace",
    "privacy",
    "legal",
    "policies",
];

/// Query parameters that name contact data.
const CONTACT_PARAMS: &[&str] = &[
    "email", "mail", "e-mail", "phone", "tel", "mobile", "whatsapp", "msisdn",
];

impl Urls {
    pub(crate) fn new() -> Urls {
        let mut starts: Vec<&str> = vec!["http://", "https://", "www."];
        starts.extend(PROFILE_PREFIXES);
        Urls {
            starts: AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build(starts)
                .ok(),
        }
    }

    pub(crate) fn find(&self, text: &str, out: &mut Vec<Candidate>) {
        let Some(ac) = &self.starts else {
            return;
        };
        let mut resume = 0usize;
        for m in ac.find_iter(text) {
            if m.start() < resume {
                continue;
            }
            // Walk back over a scheme or subdomain we matched inside of ("https://www.x.com").
            let mut start = m.start();
            while start > 0
                && char_before(text, start).is_some_and(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '/' | '-')
                })
            {
                start -= 1;
            }
            let end = url_end(text, m.start());
            resume = end;
            let Some(url) = text.get(start..end) else {
                continue;
            };
            if let Some((severity, masked)) = classify(url) {
                let mut c = Candidate::new(Kind::PersonalUrl, start, end, masked);
                c.severity = severity;
                out.push(c);
            }
        }
    }
}

/// The end of a URL starting at `from`: the first space or quote, less trailing punctuation.
fn url_end(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    let len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\'' | '`' | '«' | '»'))
        .unwrap_or(rest.len());
    let url = rest.get(..len).unwrap_or("");
    from + url
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}'])
        .len()
}

/// Whether a URL is personal, how severe, and its masked form.
fn classify(url: &str) -> Option<(Severity, String)> {
    let lower = url.to_ascii_lowercase();
    let bare = lower
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    let offset = url.len() - bare.len();
    let (path_part, query) = bare.split_once('?').unwrap_or((bare, ""));
    // Contact data in the query string.
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or(("", pair));
        let decoded = value.replace("%40", "@").replace("%2b", "+");
        let digits = decoded.chars().filter(char::is_ascii_digit).count();
        if decoded.contains('@')
            || (CONTACT_PARAMS.contains(&name)
                && (!value.is_empty())
                && (digits >= 7 || decoded.contains('@')))
        {
            let keep = offset + path_part.len();
            return Some((
                Severity::Medium,
                format!("{}?***", url.get(..keep).unwrap_or("")),
            ));
        }
    }
    for prefix in PROFILE_PREFIXES {
        // The host must be the prefix's host or a subdomain of it ("nl.linkedin.com").
        let Some(at) = path_part.find(prefix) else {
            continue;
        };
        if at > 0
            && !path_part
                .get(..at)
                .is_some_and(|h| h.ends_with('.') && !h.contains('/'))
        {
            continue;
        }
        let rest = path_part.get(at + prefix.len()..).unwrap_or("");
        let segment = rest.split(['/', '#']).next().unwrap_or("");
        if NOT_A_PERSON.contains(&segment) || segment.ends_with(".php") {
            return None;
        }
        let severity = if prefix.starts_with("wa.me")
            || segment.chars().filter(char::is_ascii_digit).count() >= 7
        {
            Severity::Medium
        } else {
            Severity::Low
        };
        let keep = offset + at + prefix.len();
        let first: String = url.get(keep..).unwrap_or("").chars().take(1).collect();
        return Some((
            severity,
            format!("{}{first}***", url.get(..keep).unwrap_or("")),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::sensitive::tests::summary;
    use crate::sensitive::{Detector, Severity};

    fn urls(text: &str) -> Vec<String> {
        let d = Detector::new(None);
        summary(&d, text)
            .into_iter()
            .filter(|(k, _, _)| *k == "personal_url")
            .map(|(_, _, s)| s)
            .collect()
    }

    #[test]
    fn finds_profile_links() {
        assert_eq!(
            urls("Connect: https://www.linkedin.com/in/jane-doe-123/."),
            ["https://www.linkedin.com/in/jane-doe-123/"]
        );
        assert_eq!(
            urls("see nl.linkedin.com/in/piet"),
            ["nl.linkedin.com/in/piet"]
        );
        assert_eq!(urls("DM me on t.me/janedoe"), ["t.me/janedoe"]);
        assert_eq!(
            urls("book: calendly.com/jane/30min"),
            ["calendly.com/jane/30min"]
        );
        assert_eq!(
            urls("(https://wa.me/31612345678)"),
            ["https://wa.me/31612345678"]
        );
    }

    #[test]
    fn finds_contact_data_in_query_strings() {
        assert_eq!(
            urls("form at https://example.com/signup?ref=li&email=jane%40example.com ok"),
            ["https://example.com/signup?ref=li&email=jane%40example.com"]
        );
        let d = Detector::new(None);
        let f = d.scan("https://example.com/c?phone=31612345678");
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(f[0].masked, "https://example.com/c?***");
    }

    #[test]
    fn masks_the_person() {
        let d = Detector::new(None);
        let f = d.scan("https://www.linkedin.com/in/jane-doe");
        assert_eq!(f[0].masked, "https://www.linkedin.com/in/j***");
        assert_eq!(f[0].severity, Severity::Low);
    }

    #[test]
    fn company_post_and_job_links_are_not_personal() {
        for text in [
            "https://www.linkedin.com/company/acme/",
            "https://www.linkedin.com/posts/acme_launch-activity-7123456789012345678-abcd",
            "https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/",
            "https://www.linkedin.com/jobs/view/3712345678",
            "https://github.com/",
            "https://example.com/blog?utm_source=linkedin",
            "https://twitter.com/intent/tweet?text=hi",
            "https://box.com/in/x",
        ] {
            assert!(urls(text).is_empty(), "{text}");
        }
    }
}
