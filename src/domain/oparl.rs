//! OParl 1.1 rules that need no I/O: the list parameters and their canonical form (carried into
//! every `links` URL), the date formats, and how a page is cut from lists made of several parts
//! (live objects, then tombstones).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Europe::Berlin;

use super::recurrence::berlin_to_utc;

/// The namespace of every `type`.
pub const SCHEMA: &str = "https://schema.oparl.org/1.1/";
/// Objects per page unless the client asks for fewer (or more, up to `PAGE_MAX`).
pub const PAGE_SIZE: u64 = 100;
pub const PAGE_MAX: u64 = 500;

/// A list request's parameters after checking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListParams {
    pub created_since: Option<DateTime<Utc>>,
    pub created_until: Option<DateTime<Utc>>,
    pub modified_since: Option<DateTime<Utc>>,
    pub modified_until: Option<DateTime<Utc>>,
    /// Objects per page (the client's `limit`, capped).
    pub limit: u64,
    /// Whether the client gave `limit` (it is then carried into the links).
    pub limit_given: bool,
    pub omit_internal: bool,
    /// 1-based.
    pub page: u64,
}

impl Default for ListParams {
    fn default() -> Self {
        Self {
            created_since: None,
            created_until: None,
            modified_since: None,
            modified_until: None,
            limit: PAGE_SIZE,
            limit_given: false,
            omit_internal: false,
            page: 1,
        }
    }
}

/// A parameter value the interface cannot use (answered with 400).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Ungültiger Wert für „{name}“: {value:?} ({expected})")]
pub struct ParamError {
    pub name: &'static str,
    pub value: String,
    pub expected: &'static str,
}

const DATE_TIME_EXPECTED: &str = "erwartet wird yyyy-mm-ddThh:mm:ss±hh:mm";

impl ListParams {
    /// Checks the query's pairs; parameters OParl does not define are ignored.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, ParamError> {
        let mut params = Self::default();
        for (name, value) in pairs {
            match name {
                "created_since" => params.created_since = Some(date_time("created_since", value)?),
                "created_until" => params.created_until = Some(date_time("created_until", value)?),
                "modified_since" => {
                    params.modified_since = Some(date_time("modified_since", value)?);
                }
                "modified_until" => {
                    params.modified_until = Some(date_time("modified_until", value)?);
                }
                "limit" => {
                    let limit = number("limit", value)?;
                    params.limit = limit.clamp(1, PAGE_MAX);
                    params.limit_given = true;
                }
                "page" => params.page = number("page", value)?,
                "omit_internal" => {
                    params.omit_internal = match value {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(ParamError {
                                name: "omit_internal",
                                value: value.to_owned(),
                                expected: "erwartet wird true oder false",
                            });
                        }
                    };
                }
                _ => {}
            }
        }
        Ok(params)
    }

    /// The query string of `page` with every filter in a fixed order, so each page has one
    /// canonical URL.
    pub fn query(&self, page: u64) -> String {
        let mut parts = Vec::new();
        for (name, value) in [
            ("created_since", self.created_since),
            ("created_until", self.created_until),
            ("modified_since", self.modified_since),
            ("modified_until", self.modified_until),
        ] {
            if let Some(at) = value {
                parts.push(format!("{name}={}", encode(&format_date_time(at))));
            }
        }
        if self.limit_given {
            parts.push(format!("limit={}", self.limit));
        }
        if self.omit_internal {
            parts.push("omit_internal=true".to_owned());
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// Deleted objects are listed only to clients that ask for changes.
    pub fn with_deleted(&self) -> bool {
        self.modified_since.is_some()
    }

    /// The first object of this page.
    pub fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.limit)
    }
}

fn number(name: &'static str, value: &str) -> Result<u64, ParamError> {
    value
        .parse::<u64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| ParamError {
            name,
            value: value.to_owned(),
            expected: "erwartet wird eine ganze Zahl ab 1",
        })
}

/// A date-time as the spec writes it; a missing offset means Berlin time. A client that forgot
/// to encode the `+` of the offset sends a space, which is read as the `+` it meant.
fn date_time(name: &'static str, value: &str) -> Result<DateTime<Utc>, ParamError> {
    let repaired = value.replace(' ', "+");
    DateTime::parse_from_rfc3339(&repaired)
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| {
            NaiveDateTime::parse_from_str(&repaired, "%Y-%m-%dT%H:%M:%S").map(berlin_to_utc)
        })
        .map_err(|_| ParamError {
            name,
            value: value.to_owned(),
            expected: DATE_TIME_EXPECTED,
        })
}

/// `yyyy-mm-ddThh:mm:ss±hh:mm` in Berlin time, as OParl requires (no `Z`, no fractions).
pub fn format_date_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Berlin)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// `yyyy-mm-dd`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Percent-encodes what a formatted date-time or number can hold that a query may not.
fn encode(value: &str) -> String {
    value
        .replace('%', "%25")
        .replace(':', "%3A")
        .replace('+', "%2B")
}

/// Where one page falls in a list made of parts of the given sizes: for each part that
/// contributes, (part, offset within it, how many).
pub fn cut(parts: &[u64], offset: u64, limit: u64) -> Vec<(usize, u64, u64)> {
    let mut out = Vec::new();
    let (mut start, mut wanted) = (offset, limit);
    for (index, &size) in parts.iter().enumerate() {
        if wanted == 0 {
            break;
        }
        if start >= size {
            start -= size;
            continue;
        }
        let take = (size - start).min(wanted);
        out.push((index, start, take));
        wanted -= take;
        start = 0;
    }
    out
}

/// How many pages `total` objects fill (at least one, so an empty list has a page 1).
pub fn pages(total: u64, limit: u64) -> u64 {
    total.div_ceil(limit.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_checked_and_carried_in_a_fixed_order() {
        let params = ListParams::parse([
            ("omit_internal", "true"),
            ("limit", "20"),
            ("modified_since", "2026-01-01T00:00:00+01:00"),
            ("page", "3"),
            ("unbekannt", "x"),
        ])
        .unwrap();
        assert_eq!(params.limit, 20);
        assert_eq!(params.offset(), 40);
        assert!(params.with_deleted());
        assert_eq!(
            params.query(4),
            "?modified_since=2026-01-01T00%3A00%3A00%2B01%3A00&limit=20&omit_internal=true&page=4"
        );
        assert_eq!(ListParams::default().query(1), "");
        assert_eq!(ListParams::default().query(2), "?page=2");
    }

    #[test]
    fn dates_in_utc_or_without_offset_are_understood() {
        let utc = ListParams::parse([("created_since", "2026-06-01T08:00:00Z")]).unwrap();
        let local = ListParams::parse([("created_since", "2026-06-01T10:00:00")]).unwrap();
        assert_eq!(
            utc.created_since, local.created_since,
            "summer time: +02:00"
        );
        let unencoded =
            ListParams::parse([("created_since", "2026-06-01T10:00:00 02:00")]).unwrap();
        assert_eq!(
            unencoded.created_since, utc.created_since,
            "a + decoded as a space"
        );
        assert_eq!(
            format_date_time(utc.created_since.unwrap()),
            "2026-06-01T10:00:00+02:00"
        );
    }

    #[test]
    fn bad_values_are_refused_with_the_parameter_named() {
        for (name, value) in [
            ("created_since", "gestern"),
            ("modified_until", "2026-13-01T00:00:00+01:00"),
            ("limit", "0"),
            ("limit", "zehn"),
            ("page", "-1"),
            ("omit_internal", "ja"),
        ] {
            let error = ListParams::parse([(name, value)]).unwrap_err();
            assert_eq!(error.name, name);
            assert!(error.to_string().contains(value), "{error}");
        }
        assert_eq!(
            ListParams::parse([("limit", "100000")]).unwrap().limit,
            PAGE_MAX
        );
    }

    #[test]
    fn a_page_is_cut_across_parts() {
        assert_eq!(cut(&[3, 5], 0, 2), vec![(0, 0, 2)]);
        assert_eq!(cut(&[3, 5], 2, 4), vec![(0, 2, 1), (1, 0, 3)]);
        assert_eq!(cut(&[3, 5], 6, 4), vec![(1, 3, 2)]);
        assert_eq!(cut(&[3, 5], 8, 4), vec![], "beyond the end: an empty page");
        assert_eq!(cut(&[0, 2], 0, 4), vec![(1, 0, 2)]);
        assert_eq!(pages(0, 100), 1);
        assert_eq!(pages(201, 100), 3);
    }
}
