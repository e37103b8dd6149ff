//! The demand list's URL parameters: `q`, `status`, `kategorie`, `land`, `art`, `org`, `von`,
//! `bis`, `sortierung` and `seite`. Parsed leniently, since URLs are typed and shared: a value
//! that makes no sense is ignored. The CSV export takes the same parameters.

use chrono::NaiveDate;
use gremium::domain::demands::{DemandFilter, DemandSort, DemandStatus, OrgClass};
use gremium::domain::page::PageRequest;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

pub const LIST_PATH: &str = "/bedarfe";
pub const CSV_PATH: &str = "/bedarfe.csv";
/// Status changes of public demands as Atom (server/src/http/feeds.rs).
pub const FEED_PATH: &str = "/bedarfe.atom";

/// Keeps only the digits of an id taken from the URL, so the link cannot carry anything else.
fn urlencoding_number(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kategorie: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub land: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub art: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub von: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sortierung: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seite: Option<String>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn date(value: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value?, "%Y-%m-%d").ok()
}

impl DemandQuery {
    pub fn from_params(params: &ParamsMap) -> Self {
        Self {
            q: non_empty(params.get("q")),
            status: non_empty(params.get("status")),
            kategorie: non_empty(params.get("kategorie")),
            land: non_empty(params.get("land")),
            art: non_empty(params.get("art")),
            org: non_empty(params.get("org")),
            von: non_empty(params.get("von")),
            bis: non_empty(params.get("bis")),
            sortierung: non_empty(params.get("sortierung")),
            seite: non_empty(params.get("seite")),
        }
    }

    /// The first parameter whose value is not understood (the page forgives them; the REST API
    /// answers 400 naming it).
    pub fn invalid(&self) -> Option<&'static str> {
        let number = |v: &Option<String>| {
            v.as_deref()
                .is_some_and(|v| v.parse::<i64>().map_or(true, |n| n < 1))
        };
        let bad_date = |v: &Option<String>| v.is_some() && date(v.as_deref()).is_none();
        if self.q.as_deref().is_some_and(|q| q.chars().count() > 200) {
            Some("q")
        } else if self
            .status
            .as_deref()
            .is_some_and(|s| DemandStatus::parse(s).is_none())
        {
            Some("status")
        } else if number(&self.kategorie) {
            Some("kategorie")
        } else if number(&self.land) {
            Some("land")
        } else if self
            .art
            .as_deref()
            .is_some_and(|a| OrgClass::parse(a).is_none())
        {
            Some("art")
        } else if number(&self.org) {
            Some("org")
        } else if bad_date(&self.von) {
            Some("von")
        } else if bad_date(&self.bis) {
            Some("bis")
        } else if self
            .sortierung
            .as_deref()
            .is_some_and(|s| DemandSort::parse(s).is_none())
        {
            Some("sortierung")
        } else if number(&self.seite) {
            Some("seite")
        } else {
            None
        }
    }

    pub fn page(&self) -> u32 {
        self.seite
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1)
    }

    pub fn page_request(&self) -> PageRequest {
        PageRequest::new(Some(self.page()), None)
    }

    pub fn to_filter(&self) -> DemandFilter {
        let number = |v: &Option<String>| v.as_deref().and_then(|v| v.parse::<i64>().ok());
        let query = self.q.clone().filter(|q| q.chars().count() <= 200);
        let sort = self
            .sortierung
            .as_deref()
            .and_then(DemandSort::parse)
            .unwrap_or(if query.is_some() {
                DemandSort::Relevance
            } else {
                DemandSort::Recent
            });
        DemandFilter {
            query,
            status: self.status.as_deref().and_then(DemandStatus::parse),
            category_id: number(&self.kategorie),
            land_id: number(&self.land),
            class: self.art.as_deref().and_then(OrgClass::parse),
            organization_id: number(&self.org),
            from: date(self.von.as_deref()),
            until: date(self.bis.as_deref()),
            sort,
        }
    }

    /// The list URL for this query on another page (page 1 is left out of the URL).
    pub fn url_for_page(&self, page: u32) -> String {
        Self {
            seite: (page > 1).then(|| page.to_string()),
            ..self.clone()
        }
        .url_at(LIST_PATH)
    }

    pub fn url(&self) -> String {
        self.url_at(LIST_PATH)
    }

    /// The CSV export of every page of this list; `semicolon` for spreadsheets set to German.
    pub fn csv_url(&self, semicolon: bool) -> String {
        let mut url = Self {
            seite: None,
            ..self.clone()
        }
        .url_at(CSV_PATH);
        if semicolon {
            url.push_str(if url.contains('?') { "&" } else { "?" });
            url.push_str("trennzeichen=semikolon");
        }
        url
    }

    /// The Atom feed of status changes for this list's Themenfeld and organization (the feed
    /// knows only those two filters).
    pub fn feed_url(&self) -> String {
        let mut filters = Vec::new();
        if let Some(category) = self.kategorie.as_deref().filter(|c| !c.is_empty()) {
            filters.push(format!("themenfeld={}", urlencoding_number(category)));
        }
        if let Some(org) = self.org.as_deref().filter(|o| !o.is_empty()) {
            filters.push(format!("organisation={}", urlencoding_number(org)));
        }
        if filters.is_empty() {
            FEED_PATH.to_owned()
        } else {
            format!("{FEED_PATH}?{}", filters.join("&"))
        }
    }

    fn url_at(&self, path: &str) -> String {
        let encoded = serde_urlencoded::to_string(self).unwrap_or_default();
        if encoded.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{encoded}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonsense_values_are_ignored_and_search_sorts_by_relevance() {
        let query = DemandQuery {
            q: Some("Schnittstellen".into()),
            status: Some("erfunden".into()),
            von: Some("2026-13-01".into()),
            art: Some("stadt".into()),
            ..Default::default()
        };
        let filter = query.to_filter();
        assert_eq!(filter.status, None);
        assert_eq!(filter.from, None);
        assert_eq!(filter.class, Some(OrgClass::Stadt));
        assert_eq!(filter.sort, DemandSort::Relevance);
        assert_eq!(DemandQuery::default().to_filter().sort, DemandSort::Recent);
    }

    #[test]
    fn urls_carry_every_filter() {
        let query = DemandQuery {
            q: Some("Wohngeld & XÖV".into()),
            status: Some("forwarded".into()),
            seite: Some("3".into()),
            ..Default::default()
        };
        assert_eq!(
            query.url_for_page(2),
            "/bedarfe?q=Wohngeld+%26+X%C3%96V&status=forwarded&seite=2"
        );
        assert_eq!(
            query.csv_url(true),
            "/bedarfe.csv?q=Wohngeld+%26+X%C3%96V&status=forwarded&trennzeichen=semikolon"
        );
    }
}
