//! Markdown in topic descriptions, rendered safely on the server: raw HTML is shown as text,
//! never passed through, and links go only to http(s), mail addresses and this site's own
//! paths ("[Bedarf #4](/bedarfe/4)"); links that leave the site carry
//! `rel="noopener noreferrer"`.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use super::text::local_path;

/// Where a link may point.
enum Target<'a> {
    /// Another site or a mail address.
    Outside(&'a str),
    /// A path or anchor on this site.
    Here(&'a str),
    Refused,
}

fn target(url: &str) -> Target<'_> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
    {
        Target::Outside(url)
    } else if url.starts_with('#') || local_path(url).is_some() {
        Target::Here(url)
    } else {
        Target::Refused
    }
}

/// Escapes text for a double-quoted HTML attribute.
fn attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The opening tag of a link (also for an image, which becomes a link to it).
fn link_start<'a>(dest_url: &str, title: &str) -> Event<'a> {
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", attribute(title))
    };
    Event::InlineHtml(CowStr::from(match target(dest_url) {
        Target::Outside(url) => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\"{title}>",
            attribute(url)
        ),
        Target::Here(url) => format!("<a href=\"{}\"{title}>", attribute(url)),
        Target::Refused => format!("<a href=\"#\"{title}>"),
    }))
}

/// HTML for `source`; safe to insert into a page as it is.
pub fn to_html(source: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(source, options).map(|event| match event {
        // Raw HTML becomes visible text, escaped by the renderer.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            dest_url, title, ..
        })
        | Event::Start(Tag::Image {
            dest_url, title, ..
        }) => link_start(&dest_url, &title),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn formats_markdown() {
        let html = to_html("**fett** und *kursiv*\n\n- eins\n- zwei");
        assert!(html.contains("<strong>fett</strong>"));
        assert!(html.contains("<li>eins</li>"));
    }

    #[test]
    fn raw_html_and_script_are_shown_as_text() {
        let html = to_html("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn only_safe_links() {
        let html = to_html("[a](javascript:alert(1)) [b](https://example.org) ![c](data:x)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(
            html.contains("href=\"https://example.org\" rel=\"noopener noreferrer\""),
            "{html}"
        );
    }

    #[test]
    fn links_on_this_site_work_and_nothing_unsafe_gets_through() {
        let html = to_html("Bedarf #4 von Kiel: [Schnittstelle](/bedarfe/4 \"Titel\")");
        assert!(
            html.contains("<a href=\"/bedarfe/4\" title=\"Titel\">Schnittstelle</a>"),
            "{html}"
        );
        let html = to_html("[a](//evil.example) [b](/x\"onmouseover=\"alert(1)) [c](#oben)");
        assert!(!html.contains("evil.example"), "{html}");
        assert!(!html.contains("\"onmouseover"), "{html}");
        assert!(html.contains("href=\"#oben\""), "{html}");
    }
}
