//! Email addresses: found from each `@` outwards, without a regex, so text with no `@` costs
//! one memchr.

use super::text::{char_at, char_before};
use super::{Candidate, Kind};

/// The email detector (stateless; a type so [`super::Detector`] reads uniformly).
#[derive(Debug, Default)]
pub(crate) struct Emails;

/// A character allowed in the local part (RFC 5322 "atext" less the rare symbols that
/// mostly appear around addresses in prose, plus dots).
fn local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-' | b'\'')
}

fn domain_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

impl Emails {
    pub(crate) fn new() -> Emails {
        Emails
    }

    pub(crate) fn find(&self, text: &str, out: &mut Vec<Candidate>) {
        for (start, end) in spans(text) {
            if let Some(value) = text.get(start..end) {
                out.push(Candidate::new(Kind::Email, start, end, mask(value)));
            }
        }
    }
}

/// Byte spans of the email addresses in `text`.
pub(crate) fn spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut resume = 0usize;
    for at in memchr::memchr_iter(b'@', bytes) {
        if at < resume {
            continue;
        }
        // Local part: back to the first character that cannot belong to it.
        let mut start = at;
        while start > 0 && bytes.get(start - 1).copied().is_some_and(local_char) {
            start -= 1;
        }
        // Quotes and dots at the edges are prose, not address ("'jo@x.com'", "...jo@x").
        while start < at && matches!(bytes.get(start), Some(b'.' | b'\'' | b'-')) {
            start += 1;
        }
        let mut end = at + 1;
        while bytes.get(end).copied().is_some_and(domain_char) {
            end += 1;
        }
        // A sentence's full stop or a trailing hyphen is not part of the domain.
        while end > at + 1 && matches!(bytes.get(end - 1), Some(b'.' | b'-')) {
            end -= 1;
        }
        let (Some(local), Some(domain)) = (text.get(start..at), text.get(at + 1..end)) else {
            continue;
        };
        if !valid_local(local) || !valid_domain(domain) {
            continue;
        }
        // "user@host.com@evil" or an address glued to a word character is not an address.
        if char_at(text, end).is_some_and(|c| c == '@' || c.is_alphanumeric())
            || char_before(text, start).is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        out.push((start, end));
        resume = end;
    }
    out
}

fn valid_local(local: &str) -> bool {
    !local.is_empty() && local.len() <= 64 && !local.contains("..") && !local.ends_with('.')
}

fn valid_domain(domain: &str) -> bool {
    if domain.len() > 253 || domain.contains("..") {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let Some(tld) = labels.last() else {
        return false;
    };
    labels.len() >= 2
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
        && labels
            .iter()
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.len() <= 63)
}

/// "jane.doe@example.co.uk" → "j***@e***.co.uk": the first character of the local part and
/// of the domain's first label, and the public suffix-ish tail (the labels after the first).
fn mask(value: &str) -> String {
    let Some((local, domain)) = value.split_once('@') else {
        return "***".to_owned();
    };
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    let (host, tail) = domain.split_once('.').unwrap_or((domain, ""));
    format!("{}***@{}***.{}", first(local), first(host), tail)
}

#[cfg(test)]
mod tests {
    use crate::sensitive::Detector;
    use crate::sensitive::tests::summary;

    fn emails(text: &str) -> Vec<String> {
        let d = Detector::new(None);
        summary(&d, text)
            .into_iter()
            .filter(|(k, _, _)| *k == "email")
            .map(|(_, _, s)| s)
            .collect()
    }

    #[test]
    fn finds_addresses_in_prose() {
        assert_eq!(
            emails("Write to jane.doe@example.co.uk."),
            ["jane.doe@example.co.uk"]
        );
        assert_eq!(
            emails("(mail: j_o+jobs@mail-host.de)"),
            ["j_o+jobs@mail-host.de"]
        );
        assert_eq!(emails("a@b.nl, c@d.fr"), ["a@b.nl", "c@d.fr"]);
        assert_eq!(emails("'pat@firma.es'"), ["pat@firma.es"]);
    }

    #[test]
    fn masks_the_address() {
        let d = Detector::new(None);
        let f = d.scan("contact: jane.doe@example.co.uk");
        assert_eq!(f[0].masked, "j***@e***.co.uk");
        assert_eq!(f[0].severity, crate::sensitive::Severity::Medium);
    }

    #[test]
    fn mentions_and_prices_are_not_addresses() {
        assert!(emails("Thanks @JaneDoe and @team!").is_empty());
        assert!(emails("2 coffees @ 3.50 each").is_empty());
        assert!(emails("ping me @ the office").is_empty());
        assert!(emails("user@localhost").is_empty());
        assert!(emails("me@host.c0m").is_empty());
        assert!(emails("a..b@x.com").is_empty());
    }
}
