//! Article pages (`Articles/Articles/*.html`) and other HTML files.
//!
//! An article page is small, regular, LinkedIn-generated HTML: a `<title>`, an `<h1>` whose
//! link is the public address, `Created on` and `Published on` paragraphs, and the body.
//! A tag scanner is enough; nothing here renders or trusts the markup, it only measures the
//! visible text and pulls out those few fields.

/// The fields of one article page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Article {
    /// The `<title>` text.
    pub title: String,
    /// Visible body text, tags removed, entities decoded.
    pub body: String,
    /// The "Created on …" line.
    pub created: String,
    /// The "Published on …" line.
    pub published: String,
    /// The public address from the `<h1>` link.
    pub link: String,
}

fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let hay_tail = hay.get(from..)?;
    hay_tail
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// Visible text of an HTML fragment: tags dropped, `<style>`, `<script>` and `<head>`
/// content dropped, a few common entities decoded, whitespace collapsed.
pub fn visible_text(html: &[u8]) -> String {
    let mut out = Vec::with_capacity(html.len() / 2);
    let mut i = 0;
    while let Some(&b) = html.get(i) {
        if b == b'<' {
            let skip_to = [&b"style"[..], b"script", b"head"].iter().find_map(|tag| {
                let name = html.get(i + 1..i + 1 + tag.len())?;
                let next = html.get(i + 1 + tag.len()).copied().unwrap_or(b'>');
                if !name.eq_ignore_ascii_case(tag) || !(next == b'>' || next.is_ascii_whitespace())
                {
                    return None;
                }
                let close = [b"</", *tag].concat();
                // An unclosed <style> or <script> hides everything after it.
                Some(find_ci(html, &close, i).map_or(html.len(), |end| end + close.len()))
            });
            let from = skip_to.unwrap_or(i);
            match memchr::memchr(b'>', html.get(from..).unwrap_or_default()) {
                Some(end) => {
                    out.push(b' ');
                    i = from + end + 1;
                }
                None => break,
            }
        } else {
            out.push(b);
            i += 1;
        }
    }
    let text = String::from_utf8_lossy(&out);
    let decoded = decode_entities(&text);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        let (before, after) = rest.split_at(amp);
        out.push_str(before);
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = after.get(1..e)?;
            let ch = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" | "#39" | "rsquo" | "lsquo" => '\'',
                "ldquo" | "rdquo" => '"',
                "nbsp" => ' ',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((ch, e))
        });
        match decoded {
            Some((ch, e)) => {
                out.push(ch);
                rest = after.get(e + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text inside the first element that starts with `open` (e.g. `<p class="created"`).
fn element_text(html: &[u8], open: &[u8], close: &[u8]) -> Option<(String, usize)> {
    let start = find_ci(html, open, 0)?;
    let body_start = start + memchr::memchr(b'>', html.get(start..)?)? + 1;
    let end = find_ci(html, close, body_start)?;
    let inner = html.get(body_start..end)?;
    Some((visible_text(inner), end + close.len()))
}

/// Pulls the fields out of an article page.
pub fn parse_article(html: &[u8]) -> Article {
    let title = element_text(html, b"<title", b"</title>")
        .map(|(t, _)| t)
        .unwrap_or_default();
    let link = find_ci(html, b"<h1", 0)
        .and_then(|h1| {
            let href = find_ci(html, b"href=\"", h1)? + 6;
            let end = memchr::memchr(b'"', html.get(href..)?)? + href;
            html.get(href..end)
        })
        .map(|l| decode_entities(&String::from_utf8_lossy(l)))
        .unwrap_or_default();
    let created = element_text(html, b"<p class=\"created\"", b"</p>");
    let published = element_text(html, b"<p class=\"published\"", b"</p>");
    let body_from = published
        .as_ref()
        .map(|(_, end)| *end)
        .or_else(|| created.as_ref().map(|(_, end)| *end))
        .or_else(|| find_ci(html, b"</h1>", 0).map(|e| e + 5))
        .or_else(|| find_ci(html, b"<body", 0))
        .unwrap_or(0);
    let body = visible_text(html.get(body_from..).unwrap_or_default());
    Article {
        title,
        body,
        created: created.map(|(t, _)| t).unwrap_or_default(),
        published: published.map(|(t, _)| t).unwrap_or_default(),
        link,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &[u8] = br#"<html>
<head>
  <title>Creating a "Living Manual"</title>
  <style>p { color: red; } /* not text */</style>
</head>
<body>
    <img src="https://media.licdn.com/mediaD5612AQFakeCover" alt="" title="" />
      <h1><a href="https://www.linkedin.com/pulse/creating-living-manual-ada-lovelace-8bzrc">Creating a "Living Manual"</a></h1>
    <p class="created">Created on 2025-06-26 17:27</p>
  <p class="published">Published on 2025-07-01 17:15</p>
  <div><p>First paragraph &amp; more.</p><script>alert(1)</script><p>Second.</p></div>
</body>
</html>"#;

    #[test]
    fn article_fields_are_extracted() {
        let a = parse_article(PAGE);
        assert_eq!(a.title, "Creating a \"Living Manual\"");
        assert_eq!(
            a.link,
            "https://www.linkedin.com/pulse/creating-living-manual-ada-lovelace-8bzrc"
        );
        assert_eq!(a.created, "Created on 2025-06-26 17:27");
        assert_eq!(a.published, "Published on 2025-07-01 17:15");
        assert_eq!(a.body, "First paragraph & more. Second.");
    }

    #[test]
    fn broken_markup_never_panics_and_keeps_the_text() {
        assert_eq!(visible_text(b"a <b>bold</b> & <unclosed"), "a bold &");
        assert_eq!(visible_text(b"<style>never closed"), "");
        assert_eq!(
            decode_entities("&#x1F600; &#99999999; &bogus"),
            "\u{1F600} &#99999999; &bogus"
        );
        let a = parse_article(b"<h1><a href=\"x");
        assert_eq!(a.link, "");
    }
}
