//! Hostile input to the core, as property tests: whatever arrives, nothing panics, and what is
//! refused is refused with a reason. (The HTTP side: server/tests/web/hostile.rs.)

use gremium::domain::account::normalize_email;
use gremium::domain::form::required_text;
use gremium::domain::markdown::to_html;
use gremium::register::RegisterFile;
use proptest::prelude::*;

/// Text with what breaks parsers: markup, quotes, delimiters, line ends, control characters.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[<>\"'&;,\\n\\r\\t\\\\/:=()\\[\\]*_`#!|a-zA-Z0-9 äöüß€\u{0}\u{202e}]{0,200}",
        "(<script>|</textarea>|javascript:|\\[x\\]\\(javascript:alert\\(1\\)\\)|<img src=x onerror=alert(1)>|\\{\\{|%00|\\r\\n){1,6}",
    ]
}

/// The tags the Markdown renderer may write; anything else in its output is a hole.
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

/// Every tag in `html`: its name and the names of its attributes (a `<` always starts a tag:
/// text is escaped).
fn tags(html: &str) -> Vec<(String, Vec<String>)> {
    html.split('<')
        .skip(1)
        .map(|rest| {
            // Attribute values are quoted (and may hold spaces, `=` and `>`): skip them.
            let mut outside = String::new();
            let mut quoted = false;
            for c in rest.chars() {
                match c {
                    '"' => quoted = !quoted,
                    '>' if !quoted => break,
                    _ if !quoted => outside.push(c),
                    _ => {}
                }
            }
            let mut words = outside.trim_start_matches('/').split_whitespace();
            let name = words.next().unwrap_or_default().to_lowercase();
            let attributes = words
                .filter_map(|w| w.split('=').next())
                .map(str::to_lowercase)
                .collect();
            (name, attributes)
        })
        .collect()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        // Failures are printed with their smallest input; no files are written into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Markdown from anyone is rendered without a way to run script.
    #[test]
    fn markdown_never_panics_and_never_lets_script_through(source in hostile_text()) {
        let html = to_html(&source);
        for (tag, attributes) in tags(&html) {
            prop_assert!(TAGS.contains(&tag.as_str()), "<{tag}> in {html}");
            for attribute in attributes {
                prop_assert!(!attribute.starts_with("on"), "{attribute} in {html}");
            }
        }
        prop_assert!(!html.to_lowercase().contains("href=\"javascript:"), "{html}");
    }

    /// Any file given to the importer is read or refused, never a panic.
    #[test]
    fn the_register_importer_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
        let _ = RegisterFile::parse(&bytes);
    }

    /// Rows that look like the register's (semicolons, quotes, numbers) with anything in them.
    #[test]
    fn the_register_importer_takes_any_rows(
        rows in proptest::collection::vec(
            proptest::collection::vec("[0-9]{0,12}|[\"; a-zA-Zäö]{0,20}", 0..16),
            0..30,
        )
    ) {
        let text: String = rows.iter().map(|cells| cells.join(";") + "\n").collect();
        let _ = RegisterFile::parse(text.as_bytes());
    }

    /// Form fields: accepted values keep the rules, the rest is refused with a reason.
    #[test]
    fn form_fields_are_kept_in_bounds(value in hostile_text(), max in 1usize..300) {
        if let Ok(text) = required_text(&value, max) {
            prop_assert!(!text.is_empty());
            prop_assert!(text.chars().count() <= max);
            prop_assert_eq!(text.trim(), text.as_str());
        }
        if let Ok(email) = normalize_email(&value) {
            prop_assert!(email.contains('@'));
            prop_assert!(!email.chars().any(char::is_whitespace));
            prop_assert_eq!(email.to_lowercase(), email.clone());
        }
    }
}
