//! The minutes as files: Markdown, a self-contained printable HTML page and a PDF. Stable URLs
//! beside the meeting page. A draft only for the committee's chairs; final minutes of a public
//! meeting for everyone, in the public version (internal items left out) unless the reader is
//! one of the committee's people; `?fassung=oeffentlich` asks for the public version anyway.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use gremium::domain::minutes::{MinutesDocument, to_markdown, votes_line};
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::{Db, StoreError};
use gremium::usecases;
use gremium_app::auth::AuthSession;

use crate::http::invitation::{download, escape, failed, not_found};
use crate::pdf::{self, Block};

pub const MINUTES_MD_PATH: &str = "/sitzungen/{id}/niederschrift.md";
pub const MINUTES_HTML_PATH: &str = "/sitzungen/{id}/niederschrift.html";
pub const MINUTES_PDF_PATH: &str = "/sitzungen/{id}/niederschrift.pdf";

/// The document in the reader's view, and the file name stem.
async fn load(
    db: &Db,
    id: &str,
    auth: &AuthSession,
    query: &HashMap<String, String>,
) -> Result<(MinutesDocument, String), Response> {
    let id = id.parse::<i64>().map_err(|_| not_found())?;
    let reader = crate::http::reader(db, auth)
        .await
        .map_err(|e| failed(&e))?;
    let meeting = match usecases::meetings::record(db, &reader, id).await {
        Ok(meeting) => meeting,
        Err(StoreError::NotFound) => return Err(not_found()),
        Err(error) => return Err(failed(&error)),
    };
    let ask_public = query.get("fassung").is_some_and(|f| f == "oeffentlich");
    let read = match usecases::minutes::read(db, &reader, &meeting, ask_public).await {
        Ok(read) => read,
        Err(StoreError::NotAllowed | StoreError::NotFound) => return Err(not_found()),
        Err(error) => return Err(failed(&error)),
    };
    let stem = format!(
        "niederschrift-{}{}",
        utc_to_berlin(meeting.starts_at).format("%Y-%m-%d"),
        if read.public { "-oeffentlich" } else { "" }
    );
    Ok((read.document, stem))
}

/// A complete HTML document (styles inline, no scripts) that prints on A4.
fn render_html(doc: &MinutesDocument) -> String {
    let title = format!("Niederschrift: {}", doc.meeting_title);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>\n\
         body {{ font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; max-width: 48rem; \
         margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }}\n\
         dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.5rem; }}\n\
         dt {{ font-weight: bold; }} dd {{ margin: 0; }}\n\
         .text {{ white-space: pre-wrap; }}\n\
         @page {{ size: A4; margin: 2cm; }}\n\
         </style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<dl>\n",
        escape(&title),
        escape(&title)
    );
    let mut fact = |label: &str, value: &str| {
        out.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>\n",
            escape(label),
            escape(value)
        ));
    };
    fact("Gremium", &doc.committee);
    fact("Sitzung", &doc.when);
    if let Some(place) = &doc.place {
        fact("Ort", place);
    }
    fact("Stand", doc.state.german());
    out.push_str("</dl>\n");
    if let Some(approval) = &doc.approval {
        out.push_str(&format!("<p><em>{}</em></p>\n", escape(approval)));
    }
    out.push_str("<h2>Anwesenheit</h2>\n<ul>\n");
    for a in &doc.attendance {
        let org = a
            .organization
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "<li>{}{}: {}</li>\n",
            escape(&a.name),
            escape(&org),
            escape(&a.presence)
        ));
    }
    out.push_str(&format!("</ul>\n<p>{}</p>\n", escape(&doc.quorum)));
    if !doc.opening.is_empty() {
        out.push_str(&format!("<p class=\"text\">{}</p>\n", escape(&doc.opening)));
    }
    for item in &doc.items {
        out.push_str(&format!(
            "<h2>{} {}</h2>\n",
            escape(&item.number),
            escape(&item.title)
        ));
        if !item.notes.is_empty() {
            out.push_str(&format!("<p class=\"text\">{}</p>\n", escape(&item.notes)));
        }
        for d in &item.decisions {
            out.push_str(&format!(
                "<h3>{} {}</h3>\n<p class=\"text\">{}</p>\n",
                escape(d.kind.german()),
                escape(&d.number),
                escape(&d.text)
            ));
            if let Some(votes) = d.votes {
                out.push_str(&format!(
                    "<p>Abstimmung: {}</p>\n",
                    escape(&votes_line(votes))
                ));
            }
            if !d.demands.is_empty() {
                out.push_str("<p>Bewegte Bedarfe:</p>\n<ul>\n");
                for m in &d.demands {
                    out.push_str(&format!("<li>{}</li>\n", escape(&m.line())));
                }
                out.push_str("</ul>\n");
            }
            if !d.tasks.is_empty() {
                out.push_str("<p>Aufgaben:</p>\n<ul>\n");
                for t in &d.tasks {
                    out.push_str(&format!(
                        "<li>{} — {}, fällig am {}</li>\n",
                        escape(&t.title),
                        escape(&t.owner),
                        escape(&t.due)
                    ));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    if !doc.closing.is_empty() {
        out.push_str(&format!("<p class=\"text\">{}</p>\n", escape(&doc.closing)));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn render_pdf(doc: &MinutesDocument) -> Vec<u8> {
    let title = format!("Niederschrift: {}", doc.meeting_title);
    let mut blocks = vec![
        Block::Title(title.clone()),
        Block::Space,
        Block::Text(format!("Gremium: {}", doc.committee)),
        Block::Text(format!("Sitzung: {}", doc.when)),
    ];
    if let Some(place) = &doc.place {
        blocks.push(Block::Text(format!("Ort: {place}")));
    }
    blocks.push(Block::Text(format!("Stand: {}", doc.state.german())));
    if let Some(approval) = &doc.approval {
        blocks.push(Block::Text(approval.clone()));
    }
    blocks.push(Block::Heading("Anwesenheit".to_owned()));
    for a in &doc.attendance {
        let org = a
            .organization
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        blocks.push(Block::Text(format!("{}{org}: {}", a.name, a.presence)));
    }
    blocks.push(Block::Text(doc.quorum.clone()));
    if !doc.opening.is_empty() {
        blocks.push(Block::Space);
        blocks.push(Block::Text(doc.opening.clone()));
    }
    for item in &doc.items {
        blocks.push(Block::Heading(format!("{} {}", item.number, item.title)));
        if !item.notes.is_empty() {
            blocks.push(Block::Text(item.notes.clone()));
        }
        for d in &item.decisions {
            blocks.push(Block::Space);
            blocks.push(Block::Text(format!("{} {}", d.kind.german(), d.number)));
            blocks.push(Block::Text(d.text.clone()));
            if let Some(votes) = d.votes {
                blocks.push(Block::Text(format!("Abstimmung: {}", votes_line(votes))));
            }
            for m in &d.demands {
                blocks.push(Block::Text(format!("Bewegter Bedarf: {}", m.line())));
            }
            for t in &d.tasks {
                blocks.push(Block::Text(format!(
                    "Aufgabe: {} — {}, fällig am {}",
                    t.title, t.owner, t.due
                )));
            }
        }
    }
    if !doc.closing.is_empty() {
        blocks.push(Block::Space);
        blocks.push(Block::Text(doc.closing.clone()));
    }
    pdf::render(&title, &blocks, &doc.meeting_title)
}

pub async fn minutes_md(
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    State(db): State<Db>,
    auth: AuthSession,
) -> Response {
    match load(&db, &id, &auth, &query).await {
        Ok((doc, stem)) => download(
            to_markdown(&doc),
            "text/markdown; charset=utf-8",
            &format!("{stem}.md"),
        ),
        Err(response) => response,
    }
}

pub async fn minutes_html(
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    State(db): State<Db>,
    auth: AuthSession,
) -> Response {
    match load(&db, &id, &auth, &query).await {
        Ok((doc, stem)) => download(
            render_html(&doc),
            "text/html; charset=utf-8",
            &format!("{stem}.html"),
        ),
        Err(response) => response,
    }
}

pub async fn minutes_pdf(
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    State(db): State<Db>,
    auth: AuthSession,
) -> Response {
    match load(&db, &id, &auth, &query).await {
        Ok((doc, stem)) => download(render_pdf(&doc), "application/pdf", &format!("{stem}.pdf")),
        Err(response) => response,
    }
}
