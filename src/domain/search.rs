//! Full-text search terms with German stemming, computed here once for both databases: the
//! store indexes the stemmed terms (FTS5 on SQLite, a `tsvector` with the `simple`
//! configuration on PostgreSQL), so "Schnittstellen" finds "Schnittstelle" on either.

use rust_stemmers::{Algorithm, Stemmer};

/// Words too common to tell demands apart.
const STOPWORDS: &[&str] = &[
    "aber", "alle", "als", "also", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass",
    "dem", "den", "der", "des", "die", "dies", "diese", "dieser", "durch", "ein", "eine", "einem",
    "einen", "einer", "eines", "es", "für", "hat", "haben", "im", "in", "ist", "kann", "keine",
    "mit", "nach", "nicht", "noch", "nur", "oder", "sich", "sie", "sind", "so", "über", "um",
    "und", "uns", "vom", "von", "vor", "wie", "wir", "wird", "werden", "zu", "zum", "zur",
];

/// Longest word that is indexed; longer ones are noise (hashes, pasted URLs).
const WORD_MAX: usize = 40;

/// The stemmed search terms of a text, each once, in order of appearance.
pub fn terms(text: &str) -> Vec<String> {
    let stemmer = Stemmer::create(Algorithm::German);
    let mut terms: Vec<String> = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        let length = word.chars().count();
        if !(2..=WORD_MAX).contains(&length) || STOPWORDS.contains(&word.as_str()) {
            continue;
        }
        let stem = stemmer.stem(&word).into_owned();
        if !stem.is_empty() && !terms.contains(&stem) {
            terms.push(stem);
        }
    }
    terms
}

/// The text the index holds for a document made of several fields.
pub fn document(parts: &[&str]) -> String {
    terms(&parts.join(" ")).join(" ")
}

/// How the query's terms are combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// Every term, each also as the start of a longer word (the list's search box): the
    /// last word may still be being typed, and German compounds start with their parts
    /// ("Wohngeld" finds "Wohngeldanträge").
    All,
    /// Any term, best matches first (similar demands).
    Any,
}

/// An FTS5 query over stemmed terms. Terms hold only letters and digits, and are quoted anyway.
pub fn fts5_query(terms: &[String], mode: Match) -> String {
    let quoted: Vec<String> = terms
        .iter()
        .map(|t| {
            if mode == Match::All {
                format!("\"{t}\"*")
            } else {
                format!("\"{t}\"")
            }
        })
        .collect();
    quoted.join(if mode == Match::All { " AND " } else { " OR " })
}

/// A `to_tsquery('simple', …)` text over stemmed terms (quoted lexemes, each a prefix in `All`).
pub fn tsquery(terms: &[String], mode: Match) -> String {
    let quoted: Vec<String> = terms
        .iter()
        .map(|t| {
            if mode == Match::All {
                format!("'{t}':*")
            } else {
                format!("'{t}'")
            }
        })
        .collect();
    quoted.join(if mode == Match::All { " & " } else { " | " })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_singular_share_a_stem() {
        assert_eq!(terms("Schnittstellen"), terms("Schnittstelle"));
        assert_eq!(terms("Anträge"), terms("Antrag"));
        assert_eq!(terms("Fachverfahren"), terms("fachverfahrens"));
    }

    #[test]
    fn stopwords_punctuation_and_repeats_are_dropped() {
        assert_eq!(
            terms("Die Schnittstelle, die Schnittstelle! und x"),
            terms("Schnittstelle")
        );
    }

    #[test]
    fn queries_quote_terms_and_prefix_the_last_one() {
        let t = vec!["schnittstell".to_owned(), "xoev".to_owned()];
        assert_eq!(
            fts5_query(&t, Match::All),
            "\"schnittstell\"* AND \"xoev\"*"
        );
        assert_eq!(fts5_query(&t, Match::Any), "\"schnittstell\" OR \"xoev\"");
        assert_eq!(tsquery(&t, Match::All), "'schnittstell':* & 'xoev':*");
        assert_eq!(tsquery(&t, Match::Any), "'schnittstell' | 'xoev'");
    }
}
