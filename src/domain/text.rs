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

#[cfg(test)]
mod tests {
    use super::*;

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
