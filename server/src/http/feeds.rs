//! Atom feeds (RFC 4287) for feed readers and municipal intranets: new public decisions, and
//! status changes of public demands — all, of one Themenfeld (`?themenfeld=`), or of the demands
//! one organization raised or co-signed (`?organisation=`). Only public objects; no sign-in.

use std::collections::HashMap;

use atom_syndication::{Category, Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use gremium::domain::decisions::{DecisionKind, number};
use gremium::domain::demands::{DemandStatus, status_label};
use gremium::store::{Db, StoreError, decisions, demands};

use crate::config::Config;

pub const DECISIONS_FEED_PATH: &str = "/beschluesse.atom";
pub const DEMANDS_FEED_PATH: &str = gremium_app::query::demands::FEED_PATH;

/// Entries per feed: enough for a reader polling daily.
const ENTRIES: i64 = 50;

fn fixed(at: DateTime<Utc>) -> FixedDateTime {
    at.fixed_offset()
}

fn link(href: String, rel: &str, mime_type: Option<&str>) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(mime_type.map(str::to_owned));
    link
}

/// A feed with its own address as id and `self` link, the web page as `alternate`.
fn feed(
    title: &str,
    self_url: String,
    page: String,
    updated: DateTime<Utc>,
    entries: Vec<Entry>,
) -> Feed {
    let mut author = Person::default();
    author.set_name("Gremium");
    let mut feed = Feed::default();
    feed.set_title(title);
    feed.set_id(self_url.clone());
    feed.set_updated(fixed(updated));
    feed.set_authors(vec![author]);
    feed.set_links(vec![
        link(self_url, "self", Some("application/atom+xml")),
        link(page, "alternate", Some("text/html")),
    ]);
    feed.set_lang("de".to_owned());
    feed.set_entries(entries);
    feed
}

fn answer(feed: &Feed) -> Response {
    let mut response = feed.to_string().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

fn failed(error: &StoreError) -> Response {
    super::store_failed(error, "feed")
}

fn base(config: &Config) -> String {
    config.public_url.trim_end_matches('/').to_owned()
}

fn kind_name(kind: &str) -> &'static str {
    match DecisionKind::parse(kind) {
        Some(DecisionKind::Recommendation) => "Empfehlung",
        Some(DecisionKind::Notice) => "Kenntnisnahme",
        Some(DecisionKind::Deferral) => "Vertagung",
        _ => "Beschluss",
    }
}

pub async fn decisions_feed(State(db): State<Db>, State(config): State<Config>) -> Response {
    let web = base(&config);
    let list = match decisions::public_recent(&db, ENTRIES).await {
        Ok(list) => list,
        Err(error) => return failed(&error),
    };
    let updated = list
        .iter()
        .map(|d| d.updated_at)
        .max()
        .unwrap_or(DateTime::UNIX_EPOCH);
    let entries = list
        .into_iter()
        .map(|d| {
            let page = format!("{web}/beschluesse/{}", d.id);
            let mut entry = Entry::default();
            entry.set_id(page.clone());
            entry.set_title(format!(
                "{} {}: {}",
                kind_name(&d.kind),
                number(&d.period, d.seq),
                d.item_title
            ));
            entry.set_updated(fixed(d.updated_at));
            entry.set_published(Some(fixed(d.created_at)));
            entry.set_links(vec![link(page, "alternate", Some("text/html"))]);
            entry.set_summary(Some(Text::plain(format!("Sitzung: {}", d.meeting_title))));
            let mut content = Content::default();
            content.set_content_type(Some("text".to_owned()));
            content.set_value(Some(d.text));
            entry.set_content(Some(content));
            entry
        })
        .collect();
    answer(&feed(
        "Beschlüsse des Gremiums",
        format!("{web}{DECISIONS_FEED_PATH}"),
        format!("{web}/sitzungen"),
        updated,
        entries,
    ))
}

/// A positive whole number from the query, `None` when absent; `Err` when malformed.
#[expect(
    clippy::result_large_err,
    reason = "an early answer is a ready response; boxing it adds nothing"
)]
fn id_param(query: &HashMap<String, String>, name: &str) -> Result<Option<i64>, Response> {
    match query.get(name).map(String::as_str) {
        None | Some("") => Ok(None),
        Some(value) => match value.parse::<i64>() {
            Ok(id) if id > 0 => Ok(Some(id)),
            _ => Err((
                StatusCode::BAD_REQUEST,
                format!("Ungültiger Wert für „{name}“: eine Nummer wird erwartet."),
            )
                .into_response()),
        },
    }
}

pub async fn demands_feed(
    State(db): State<Db>,
    State(config): State<Config>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let web = base(&config);
    let (category, organization) = match (
        id_param(&query, "themenfeld"),
        id_param(&query, "organisation"),
    ) {
        (Ok(c), Ok(o)) => (c, o),
        (Err(response), _) | (_, Err(response)) => return response,
    };
    let changes = match demands::public_changes(&db, category, organization, ENTRIES).await {
        Ok(list) => list,
        Err(error) => return failed(&error),
    };
    let updated = changes
        .iter()
        .map(|c| c.at)
        .max()
        .unwrap_or(DateTime::UNIX_EPOCH);
    let label = |s: &Option<String>| {
        s.as_deref()
            .and_then(DemandStatus::parse)
            .map(status_label)
            .unwrap_or("–")
    };
    let entries = changes
        .iter()
        .map(|c| {
            let page = format!("{web}/bedarfe/{}", c.demand_id);
            let what = match c.kind.as_str() {
                "decision" => format!("Beschluss: {}", label(&c.to_status)),
                "merged_in" => "ein anderer Bedarf wurde hier zusammengeführt".to_owned(),
                _ => format!("{} → {}", label(&c.from_status), label(&c.to_status)),
            };
            let mut entry = Entry::default();
            entry.set_id(format!("{page}#ereignis-{}", c.event_id));
            entry.set_title(format!("Bedarf {} „{}“: {what}", c.demand_id, c.title));
            entry.set_updated(fixed(c.at));
            entry.set_links(vec![link(page, "alternate", Some("text/html"))]);
            let mut category = Category::default();
            category.set_term(c.category.clone());
            entry.set_categories(vec![category]);
            if let Some(comment) = c.comment.clone().filter(|c| !c.is_empty()) {
                entry.set_summary(Some(Text::plain(comment)));
            }
            entry
        })
        .collect();
    let mut filters = Vec::new();
    if let Some(c) = category {
        filters.push(format!("themenfeld={c}"));
    }
    if let Some(o) = organization {
        filters.push(format!("organisation={o}"));
    }
    let suffix = if filters.is_empty() {
        String::new()
    } else {
        format!("?{}", filters.join("&"))
    };
    let title = match (category, organization) {
        (Some(_), _) => changes
            .first()
            .map(|c| format!("Bedarfe im Themenfeld {}: Statusänderungen", c.category))
            .unwrap_or_else(|| "Bedarfe eines Themenfelds: Statusänderungen".to_owned()),
        (None, Some(_)) => "Bedarfe einer Organisation: Statusänderungen".to_owned(),
        _ => "Bedarfe: Statusänderungen".to_owned(),
    };
    answer(&feed(
        &title,
        format!("{web}{DEMANDS_FEED_PATH}{suffix}"),
        format!("{web}/bedarfe"),
        updated,
        entries,
    ))
}
