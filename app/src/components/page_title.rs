//! The page's `<title>`: every page sets it through [`PageTitle`], never `<Title>` directly.
//!
//! Why (issue 19): on the server, leptos_meta does not render the title with the page. It keeps
//! the `text` and reads it only in `inject_meta_context`, after the first chunk, *outside* the
//! `Sandboxed` future that makes the request's reactive arena current (leptos_integration_utils
//! turns on reactive_graph's `sandboxed-arenas`). A closure title reads its signals (the i18n
//! locale, a memo) through the thread's current arena, which by then may belong to another
//! request on the same worker thread, or to none: under concurrent load the read panicked with
//! "Tried to access a reactive value that has already been disposed" and the connection dropped,
//! or the title came out in another request's language. So on the server the text is read once,
//! here, while the page renders inside its own arena, and leptos_meta gets a plain string.

use leptos::prelude::*;
use leptos_meta::{ServerMetaContext, Title};

/// Sets the page's title; in the browser it stays reactive (a language switch retitles the page).
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    let text = if use_context::<ServerMetaContext>().is_some() {
        TextProp::from(untrack(|| text.get()))
    } else {
        text
    };
    view! { <Title text /> }
}

#[cfg(test)]
mod tests {

    use std::path::Path;

    /// Guards issue 19: a `<Title>` outside this file could bring back closure titles, which the
    /// server reads outside the request's arena. `app.rs` sets only the formatter, a plain `fn`.
    #[test]
    fn pages_set_their_title_through_page_title() {
        let mut offenders = Vec::new();
        visit(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut |path, text| {
                let name = path.file_name().unwrap().to_string_lossy();
                for (number, line) in text.lines().enumerate() {
                    let allowed = name == "page_title.rs"
                        || (name == "app.rs"
                            && line.contains("<Title formatter=")
                            && !line.contains("text="));
                    if line.contains("<Title") && !allowed {
                        offenders.push(format!(
                            "{}:{}: {}",
                            path.display(),
                            number + 1,
                            line.trim()
                        ));
                    }
                }
            },
        );
        assert!(
            offenders.is_empty(),
            "use <PageTitle text=…/> instead of <Title>:\n{}",
            offenders.join("\n")
        );
    }

    fn visit(dir: &Path, check: &mut dyn FnMut(&Path, &str)) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, check);
            } else if path.extension().is_some_and(|e| e == "rs") {
                check(&path, &std::fs::read_to_string(&path).unwrap());
            }
        }
    }
}
