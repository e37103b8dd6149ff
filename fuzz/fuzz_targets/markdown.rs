//! Markdown from anyone (topic descriptions) is rendered into HTML that cannot run script: only
//! the renderer's own tags, no event handler attribute, no link or image to `javascript:` or
//! any other scheme than http(s) and mailto, and raw HTML only as escaped text.

#![no_main]

use gremium::domain::markdown::to_html;
use libfuzzer_sys::fuzz_target;

/// The tags the renderer may write; anything else in its output is a hole.
const TAGS: &[&str] = &[
    "p",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "del",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "input",
];

/// The attributes those tags may carry.
const ATTRIBUTES: &[&str] = &[
    "href", "rel", "title", "start", "style", "class", "type", "checked", "disabled",
];

/// One tag of the output: its name, and its attributes with their (unquoted) values.
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
}

/// Every tag in `html`. A `<` always starts a tag, since text is escaped; attribute values are
/// double-quoted and may hold spaces, `=` and `>`.
fn elements(html: &str) -> Vec<Element> {
    html.split('<')
        .skip(1)
        .map(|rest| {
            let rest = rest.strip_prefix('/').unwrap_or(rest);
            let mut name = String::new();
            let mut attributes = Vec::new();
            let mut chars = rest.chars().peekable();
            while let Some(c) = chars.next_if(|c| c.is_ascii_alphanumeric()) {
                name.push(c);
            }
            loop {
                while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
                let mut attribute = String::new();
                while let Some(c) = chars.next_if(|c| !matches!(c, '=' | '>' | ' ' | '/')) {
                    attribute.push(c);
                }
                if attribute.is_empty() {
                    break;
                }
                let mut value = String::new();
                if chars.next_if_eq(&'=').is_some() {
                    assert_eq!(chars.next(), Some('"'), "unquoted value of {attribute}");
                    for c in chars.by_ref() {
                        if c == '"' {
                            break;
                        }
                        value.push(c);
                    }
                }
                attributes.push((attribute.to_lowercase(), value));
            }
            Element {
                name: name.to_lowercase(),
                attributes,
            }
        })
        .collect()
}

/// Whether a link target is one the renderer lets through: http(s), mailto, or a path or
/// anchor on this site (never protocol-relative).
fn safe_href(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        || href.starts_with('#')
        || (href.starts_with('/')
            && !href.starts_with("//")
            && !href
                .chars()
                .any(|c| c == '\\' || c.is_control() || c.is_whitespace()))
}

fuzz_target!(|source: &str| {
    let html = to_html(source);
    for element in elements(&html) {
        assert!(TAGS.contains(&element.name.as_str()), "<{}> in {html}", element.name);
        for (attribute, value) in &element.attributes {
            assert!(!attribute.starts_with("on"), "{attribute} in {html}");
            assert!(
                ATTRIBUTES.contains(&attribute.as_str()),
                "{attribute} on <{}> in {html}",
                element.name
            );
            if attribute == "href" {
                assert!(safe_href(value), "href=\"{value}\" in {html}");
            }
            if attribute == "rel" {
                assert_eq!(value, "noopener noreferrer", "{html}");
            }
        }
    }
    // Redundant with the tags above, and the hole that matters most.
    assert!(!html.to_lowercase().contains("<script"), "{html}");
});
