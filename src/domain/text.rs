//! Text rules shared by search and validation.

/// Folds a name for case-insensitive search that gets German right: lower case, umlauts and ß
/// spelled out (ä → ae, ß → ss) and other accents dropped, so "münchen", "Muenchen" and
/// "MÜNCHEN" all find "München". Stored beside each name and applied to every query, which keeps
/// the same behaviour on SQLite (whose LOWER() knows only ASCII) and PostgreSQL.
pub fn fold_for_search(text: &str) -> String {
    let mut folded = String::with_capacity(text.len() + 4);
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => folded.push_str("ae"),
            'ö' => folded.push_str("oe"),
            'ü' => folded.push_str("ue"),
            'ß' => folded.push_str("ss"),
            'à' | 'á' | 'â' | 'ã' | 'å' => folded.push('a'),
            'è' | 'é' | 'ê' | 'ë' => folded.push('e'),
            'ì' | 'í' | 'î' | 'ï' => folded.push('i'),
            'ò' | 'ó' | 'ô' | 'õ' => folded.push('o'),
            'ù' | 'ú' | 'û' => folded.push('u'),
            'ç' => folded.push('c'),
            'ñ' => folded.push('n'),
            c if c.is_whitespace() => {
                if !folded.ends_with(' ') {
                    folded.push(' ');
                }
            }
            c => folded.push(c),
        }
    }
    folded.trim().to_owned()
}

/// Escapes `%`, `_` and `\` so user input is matched literally inside a `LIKE … ESCAPE '\'`.
pub fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// A redirect target on this site, or `None`. Only a path: never an absolute or
/// protocol-relative URL. Browsers drop tabs and line breaks inside URLs and read a backslash as
/// a slash, so `/\t/evil.example` or `/\\evil.example` would become `//evil.example`: any
/// control character, whitespace or backslash refuses the target. Every redirect after a form
/// (sign-in `next`, the language switch) goes through this one check.
pub fn local_path(path: &str) -> Option<&str> {
    let safe = path.starts_with('/')
        && !path.starts_with("//")
        && !path
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    safe.then_some(path)
}

/// A cell for a CSV file that a spreadsheet will open: text that starts like a formula (`=`,
/// `+`, `-`, `@`, tab or carriage return) gets a leading apostrophe, so Excel and LibreOffice
/// show it as text instead of evaluating it (OWASP, "CSV Injection"). Every CSV export writes
/// its cells through this.
pub fn spreadsheet_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_exported_as_text() {
        assert_eq!(
            spreadsheet_cell("=HYPERLINK(\"http://evil.example\",\"x\")"),
            "'=HYPERLINK(\"http://evil.example\",\"x\")"
        );
        for risky in ["+1", "-1+2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_cell(risky), format!("'{risky}"));
        }
        for plain in ["Kiel", "", "E-Rechnung", "1-2", "'quoted"] {
            assert_eq!(spreadsheet_cell(plain), plain);
        }
    }

    #[test]
    fn only_plain_local_paths_are_redirect_targets() {
        assert_eq!(local_path("/bedarfe?q=a%20b"), Some("/bedarfe?q=a%20b"));
        assert_eq!(local_path("/"), Some("/"));
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "evil.example",
            "/ /evil.example",
            "",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn umlauts_and_case_fold_to_one_spelling() {
        assert_eq!(fold_for_search("München"), "muenchen");
        assert_eq!(fold_for_search("MÜNCHEN"), "muenchen");
        assert_eq!(fold_for_search("Muenchen"), "muenchen");
        assert_eq!(fold_for_search("Gießen"), "giessen");
        assert_eq!(
            fold_for_search("Kiel, Landeshauptstadt"),
            "kiel, landeshauptstadt"
        );
    }

    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        assert_eq!(fold_for_search("  Bad   Oldesloe "), "bad oldesloe");
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}
