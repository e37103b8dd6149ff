//! The list's URL parameters: `q`, `land`, `art`, `in` (parent) and `seite`. Parsed leniently,
//! since URLs are typed and shared by people: a value that makes no sense is ignored.

use gremium::domain::organization::{OrganizationFilter, OrganizationKind};
use gremium::domain::page::PageRequest;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

pub const LIST_PATH: &str = "/organisationen";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub land: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub art: Option<String>,
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seite: Option<String>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

impl OrganizationQuery {
    pub fn from_params(params: &ParamsMap) -> Self {
        Self {
            q: non_empty(params.get("q")),
            land: non_empty(params.get("land")),
            art: non_empty(params.get("art")),
            within: non_empty(params.get("in")),
            seite: non_empty(params.get("seite")),
        }
    }

    pub fn land_id(&self) -> Option<i64> {
        self.land.as_deref()?.parse().ok()
    }

    pub fn kind(&self) -> Option<OrganizationKind> {
        OrganizationKind::parse(self.art.as_deref()?)
    }

    pub fn within_id(&self) -> Option<i64> {
        self.within.as_deref()?.parse().ok()
    }

    pub fn page(&self) -> u32 {
        self.seite
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1)
    }

    pub fn to_filter(&self) -> OrganizationFilter {
        OrganizationFilter {
            query: self.q.clone(),
            land_id: self.land_id(),
            kind: self.kind(),
            parent_id: self.within_id(),
            page: PageRequest::new(Some(self.page()), None),
        }
    }

    /// The list URL for this query on another page (page 1 is left out of the URL).
    pub fn url_for_page(&self, page: u32) -> String {
        let query = Self {
            seite: (page > 1).then(|| page.to_string()),
            ..self.clone()
        };
        query.url()
    }

    pub fn url(&self) -> String {
        let encoded = serde_urlencoded::to_string(self).unwrap_or_default();
        if encoded.is_empty() {
            LIST_PATH.to_owned()
        } else {
            format!("{LIST_PATH}?{encoded}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonsense_values_are_ignored() {
        let query = OrganizationQuery {
            land: Some("abc".into()),
            art: Some("stadtstaat".into()),
            seite: Some("-3".into()),
            ..Default::default()
        };
        let filter = query.to_filter();
        assert_eq!(
            (filter.land_id, filter.kind, filter.page.page),
            (None, None, 1)
        );
    }

    #[test]
    fn urls_carry_every_filter_and_encode_text() {
        let query = OrganizationQuery {
            q: Some("Gießen & Co".into()),
            art: Some("gemeinde".into()),
            ..Default::default()
        };
        assert_eq!(
            query.url_for_page(2),
            "/organisationen?q=Gie%C3%9Fen+%26+Co&art=gemeinde&seite=2"
        );
        assert_eq!(
            query.url_for_page(1),
            "/organisationen?q=Gie%C3%9Fen+%26+Co&art=gemeinde"
        );
        assert_eq!(OrganizationQuery::default().url(), "/organisationen");
    }
}
