//! Organizations: the administrative units of the Destatis register (Land, Kreis,
//! Gemeindeverband, Gemeinde) and the bodies and associations a committee works with.
//!
//! `OrganizationKind` is the coarse kind used for filters and rules; `Designation` is the
//! register's finer legal form (Landkreis, kreisfreie Stadt, Amt …), shown as it is officially
//! called.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::page::PageRequest;
use super::text::fold_for_search;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    Land,
    Kreis,
    Gemeindeverband,
    Gemeinde,
    /// Umbrella and professional associations: Landkreistag, Städtetag, DStGB, Vitako, KGSt.
    Association,
    /// Public bodies such as FITKO and the IT-Planungsrat.
    Body,
    ItServiceProvider,
}

impl OrganizationKind {
    pub const ALL: [OrganizationKind; 7] = [
        Self::Land,
        Self::Kreis,
        Self::Gemeindeverband,
        Self::Gemeinde,
        Self::Association,
        Self::Body,
        Self::ItServiceProvider,
    ];

    /// The name used in the database and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Land => "land",
            Self::Kreis => "kreis",
            Self::Gemeindeverband => "gemeindeverband",
            Self::Gemeinde => "gemeinde",
            Self::Association => "association",
            Self::Body => "body",
            Self::ItServiceProvider => "it_service_provider",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    /// Position in lists: bodies first, then the register from the top down.
    pub fn rank(self) -> i32 {
        match self {
            Self::Body => 0,
            Self::Association => 1,
            Self::ItServiceProvider => 2,
            Self::Land => 3,
            Self::Kreis => 4,
            Self::Gemeinde => 5,
            Self::Gemeindeverband => 6,
        }
    }

    /// Whether units of this kind come from the Destatis register (and carry AGS/ARS).
    pub fn is_municipal(self) -> bool {
        matches!(
            self,
            Self::Land | Self::Kreis | Self::Gemeindeverband | Self::Gemeinde
        )
    }
}

impl fmt::Display for OrganizationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The register's `textkennzeichen`: the legal form of a Kreis, Gemeindeverband or Gemeinde.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Designation(pub u8);

impl Designation {
    /// Accepts only codes the register defines for the given kind.
    pub fn for_kind(kind: OrganizationKind, code: u8) -> Option<Self> {
        let valid = match kind {
            OrganizationKind::Kreis => (41..=45).contains(&code),
            OrganizationKind::Gemeindeverband => (50..=56).contains(&code) || code == 58,
            OrganizationKind::Gemeinde => (60..=67).contains(&code),
            _ => false,
        };
        valid.then_some(Self(code))
    }

    /// The official German term; it is a legal name and stays German in every UI language.
    pub fn label(self) -> &'static str {
        match self.0 {
            41 => "Kreisfreie Stadt",
            42 => "Stadtkreis",
            43 => "Kreis",
            44 => "Landkreis",
            45 => "Regionalverband",
            50 => "Verbandsfreie Gemeinde",
            51 => "Amt",
            52 => "Samtgemeinde",
            53 => "Verbandsgemeinde",
            54 => "Verwaltungsgemeinschaft",
            55 => "Kirchspielslandgemeinde",
            56 => "Verwaltungsverband",
            58 => "Erfüllende Gemeinde",
            60 => "Markt",
            61 => "Kreisfreie Stadt",
            62 => "Stadtkreis",
            63 => "Stadt",
            64 => "Kreisangehörige Gemeinde",
            65 => "Gemeindefreies Gebiet, bewohnt",
            66 => "Gemeindefreies Gebiet, unbewohnt",
            67 => "Große Kreisstadt",
            _ => "",
        }
    }
}

/// Amtlicher Gemeindeschlüssel or Regionalschlüssel as typed in a search box: digits only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPrefix(String);

impl KeyPrefix {
    /// A query of 2 to 12 digits (spaces allowed, as keys are often written "01 0 02 000") is a
    /// key search rather than a name search.
    pub fn parse(query: &str) -> Option<Self> {
        let digits: String = query.chars().filter(|c| !c.is_whitespace()).collect();
        let ok = (2..=12).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
        ok.then_some(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 8 digits can only be a full AGS and 9 or 12 only an ARS (of a Gemeindeverband or a
    /// Gemeinde); shorter prefixes are the same in both keys, so both are searched.
    pub fn matches_ags(&self) -> bool {
        !matches!(self.0.len(), 9..=12)
    }

    pub fn matches_ars(&self) -> bool {
        self.0.len() != 8
    }
}

/// The longest search text accepted; longer input is cut, not refused.
pub const MAX_QUERY_CHARS: usize = 100;

/// What the organization list is asked for; every field comes from a query parameter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationFilter {
    pub query: Option<String>,
    pub land_id: Option<i64>,
    pub kind: Option<OrganizationKind>,
    pub parent_id: Option<i64>,
    pub page: PageRequest,
}

/// How a search text is matched: by name (folded) or by key prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameOrKey {
    Name(String),
    Key(KeyPrefix),
}

impl OrganizationFilter {
    /// The search text, trimmed, capped and classified; `None` when there is nothing to match.
    pub fn matcher(&self) -> Option<NameOrKey> {
        let query: String = self
            .query
            .as_deref()?
            .trim()
            .chars()
            .take(MAX_QUERY_CHARS)
            .collect();
        if query.is_empty() {
            return None;
        }
        if let Some(key) = KeyPrefix::parse(&query) {
            return Some(NameOrKey::Key(key));
        }
        let folded = fold_for_search(&query);
        (!folded.is_empty()).then_some(NameOrKey::Name(folded))
    }
}

/// One row of the organization list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationSummary {
    pub id: i64,
    pub name: String,
    /// The abbreviation people search for and recognise (FITKO, KGSt), if there is one.
    pub short_name: Option<String>,
    pub kind: OrganizationKind,
    pub designation: Option<Designation>,
    pub ags: Option<String>,
    pub ars: Option<String>,
    pub population: Option<i64>,
    pub land_name: Option<String>,
}

/// A reference to another organization, for parent links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationRef {
    pub id: i64,
    pub name: String,
    pub kind: OrganizationKind,
}

/// Everything the detail page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationDetail {
    pub id: i64,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrganizationKind,
    pub designation: Option<Designation>,
    pub ags: Option<String>,
    pub ars: Option<String>,
    pub population: Option<i64>,
    pub area_km2: Option<f64>,
    pub postal_code: Option<String>,
    pub website: Option<String>,
    pub land: Option<OrganizationRef>,
    pub kreis: Option<OrganizationRef>,
    pub gemeindeverband: Option<OrganizationRef>,
    /// The first children (Kreise of a Land, Gemeinden of a Kreis …); `children_total` says how
    /// many there are in all, the list page shows the rest.
    pub children: Vec<OrganizationSummary>,
    pub children_total: u64,
    pub version: i64,
}

/// How many children the detail page lists before it links to the full list.
pub const CHILDREN_SHOWN: u32 = 50;

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(query: &str) -> OrganizationFilter {
        OrganizationFilter {
            query: Some(query.into()),
            ..Default::default()
        }
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in OrganizationKind::ALL {
            assert_eq!(OrganizationKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(OrganizationKind::parse("stadtstaat"), None);
    }

    #[test]
    fn digits_search_by_key_and_text_by_name() {
        assert_eq!(
            filter("01002000").matcher(),
            Some(NameOrKey::Key(KeyPrefix("01002000".into())))
        );
        assert_eq!(
            filter("01 0 02").matcher(),
            Some(NameOrKey::Key(KeyPrefix("01002".into())))
        );
        assert_eq!(
            filter(" Kiel ").matcher(),
            Some(NameOrKey::Name("kiel".into()))
        );
        assert_eq!(filter("1").matcher(), Some(NameOrKey::Name("1".into())));
        assert_eq!(filter("   ").matcher(), None);
        assert_eq!(OrganizationFilter::default().matcher(), None);
    }

    #[test]
    fn overlong_queries_are_cut() {
        let long = "a".repeat(500);
        let Some(NameOrKey::Name(name)) = filter(&long).matcher() else {
            panic!("a long text is still a name search");
        };
        assert_eq!(name.len(), MAX_QUERY_CHARS);
    }

    #[test]
    fn designations_belong_to_their_kind() {
        assert_eq!(
            Designation::for_kind(OrganizationKind::Kreis, 44).map(Designation::label),
            Some("Landkreis")
        );
        assert_eq!(Designation::for_kind(OrganizationKind::Gemeinde, 44), None);
        assert_eq!(
            Designation::for_kind(OrganizationKind::Gemeindeverband, 57),
            None
        );
        assert_eq!(Designation::for_kind(OrganizationKind::Land, 10), None);
    }
}
