//! The invitation to a meeting as files: a self-contained printable HTML page and a PDF, both
//! of the newest published agenda. Stable URLs beside the meeting page. Public meetings for
//! everyone (public items only, no video link), internal ones only for the committee's people.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gremium::domain::agenda::PublishedAgenda;
use gremium::domain::calendar::{MeetingFormat, MeetingRecord, MeetingStatus};
use gremium::domain::recurrence::utc_to_berlin;
use gremium::store::{Db, StoreError};
use gremium::usecases;
use gremium_app::auth::AuthSession;

use crate::config::Config;
use crate::pdf::{self, Block};

pub const INVITATION_HTML_PATH: &str = "/sitzungen/{id}/einladung.html";
pub const INVITATION_PDF_PATH: &str = "/sitzungen/{id}/einladung.pdf";

/// What the invitation says, in the reader's view (public items only for the public).
struct Invitation {
    meeting: MeetingRecord,
    agenda: PublishedAgenda,
    show_link: bool,
}

async fn load(db: &Db, id: &str, auth: &AuthSession) -> Result<Invitation, Response> {
    let id = id.parse::<i64>().map_err(|_| not_found())?;
    let reader = crate::http::reader(db, auth)
        .await
        .map_err(|e| failed(&e))?;
    let meeting = match usecases::meetings::record(db, &reader, id).await {
        Ok(meeting) => meeting,
        Err(StoreError::NotFound) => return Err(not_found()),
        Err(error) => return Err(failed(&error)),
    };
    let agenda = match usecases::meetings::published_versions(db, &reader, &meeting).await {
        Ok(versions) => versions.into_iter().next().ok_or_else(not_found)?,
        Err(error) => return Err(failed(&error)),
    };
    Ok(Invitation {
        meeting,
        agenda,
        show_link: reader.sees_video_link(),
    })
}

pub(crate) fn not_found() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

pub(crate) fn failed(error: &StoreError) -> Response {
    super::store_failed(error, "invitation export")
}

fn format_name(format: MeetingFormat) -> &'static str {
    match format {
        MeetingFormat::Virtual => "Videokonferenz",
        MeetingFormat::InPerson => "Präsenzsitzung",
        MeetingFormat::Hybrid => "Hybride Sitzung",
    }
}

/// The facts at the head of the letter, as (label, value).
fn facts(invitation: &Invitation, base_url: &str) -> Vec<(&'static str, String)> {
    let s = &invitation.meeting;
    let starts = utc_to_berlin(s.starts_at);
    let ends = utc_to_berlin(s.ends_at);
    let mut facts = vec![
        (
            "Termin",
            format!(
                "{}, {}–{} Uhr",
                starts.format("%d.%m.%Y"),
                starts.format("%H:%M"),
                ends.format("%H:%M")
            ),
        ),
        ("Form", format_name(s.format).to_owned()),
    ];
    if let Some(place) = &s.location {
        facts.push(("Ort", place.clone()));
    }
    if let Some(link) = s.video_url.as_ref().filter(|_| invitation.show_link) {
        facts.push(("Videokonferenz", link.clone()));
    }
    if s.status == MeetingStatus::Cancelled {
        facts.push(("Hinweis", "Die Sitzung wurde abgesagt.".to_owned()));
    }
    facts.push(("Sitzungsseite", format!("{base_url}/sitzungen/{}", s.id)));
    let published = utc_to_berlin(invitation.agenda.published_at);
    let mut version = format!(
        "Version {} vom {}",
        invitation.agenda.number,
        published.format("%d.%m.%Y %H:%M")
    );
    if !invitation.agenda.published_by.is_empty() {
        version.push_str(&format!(" ({})", invitation.agenda.published_by));
    }
    facts.push(("Fassung", version));
    facts
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn file_name(meeting: &MeetingRecord, extension: &str) -> String {
    format!(
        "einladung-{}.{extension}",
        utc_to_berlin(meeting.starts_at).format("%Y-%m-%d")
    )
}

pub(crate) fn download(
    body: impl IntoResponse,
    content_type: &'static str,
    name: &str,
) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// A complete HTML document (styles inline, no scripts) that prints on A4.
fn render_html(invitation: &Invitation, base_url: &str) -> String {
    let title = format!("Einladung: {}", invitation.meeting.title);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>\n\
         body {{ font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; max-width: 48rem; \
         margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }}\n\
         dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.5rem; }}\n\
         dt {{ font-weight: bold; }} dd {{ margin: 0; }}\n\
         table {{ width: 100%; border-collapse: collapse; }}\n\
         th, td {{ text-align: left; padding: 0.4rem; border-bottom: 1px solid #888; vertical-align: top; }}\n\
         .num {{ text-align: right; white-space: nowrap; }}\n\
         @page {{ size: A4; margin: 2cm; }}\n\
         </style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<dl>\n",
        escape(&title),
        escape(&title)
    );
    for (label, value) in facts(invitation, base_url) {
        out.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>\n",
            escape(label),
            escape(&value)
        ));
    }
    out.push_str(
        "</dl>\n<h2>Tagesordnung</h2>\n<table>\n<thead><tr><th scope=\"col\">Nr.</th>\
         <th scope=\"col\">Tagesordnungspunkt</th><th scope=\"col\">Vortragende Person</th>\
         <th scope=\"col\" class=\"num\">Minuten</th></tr></thead>\n<tbody>\n",
    );
    for item in &invitation.agenda.items {
        let mut marks = Vec::new();
        if item.late {
            marks.push("nachgereicht");
        }
        if item.retabled {
            marks.push("vertagt");
        }
        if !item.public {
            marks.push("nicht öffentlich");
        }
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!(" ({})", marks.join(", "))
        };
        out.push_str(&format!(
            "<tr><td>TOP {}</td><th scope=\"row\">{}{}</th><td>{}</td><td class=\"num\">{}</td></tr>\n",
            escape(&item.number),
            escape(&item.title),
            escape(&marks),
            escape(item.presenter.as_deref().unwrap_or_default()),
            item.minutes
        ));
    }
    let total: u32 = invitation.agenda.items.iter().map(|i| i.minutes).sum();
    out.push_str(&format!(
        "</tbody>\n<tfoot><tr><td></td><th scope=\"row\">Summe</th><td></td>\
         <td class=\"num\">{total}</td></tr></tfoot>\n</table>\n</main>\n</body>\n</html>\n"
    ));
    out
}

fn render_pdf(invitation: &Invitation, base_url: &str) -> Vec<u8> {
    let title = format!("Einladung: {}", invitation.meeting.title);
    let mut blocks = vec![Block::Title(title.clone()), Block::Space];
    for (label, value) in facts(invitation, base_url) {
        blocks.push(Block::Text(format!("{label}: {value}")));
    }
    blocks.push(Block::Heading("Tagesordnung".to_owned()));
    for item in &invitation.agenda.items {
        let mut text = item.title.clone();
        if let Some(presenter) = &item.presenter {
            text.push_str(&format!(" ({presenter})"));
        }
        if item.late {
            text.push_str(" – nachgereicht");
        }
        if item.retabled {
            text.push_str(" – vertagt");
        }
        if !item.public {
            text.push_str(" – nicht öffentlich");
        }
        blocks.push(Block::Row {
            number: format!("TOP {}", item.number),
            text,
            right: format!("{} Min.", item.minutes),
        });
    }
    let total: u32 = invitation.agenda.items.iter().map(|i| i.minutes).sum();
    blocks.push(Block::Space);
    blocks.push(Block::Text(format!("Geplante Dauer: {total} Minuten")));
    pdf::render(&title, &blocks, &invitation.meeting.title)
}

pub async fn invitation_html(
    Path(id): Path<String>,
    State(db): State<Db>,
    State(config): State<Config>,
    auth: AuthSession,
) -> Response {
    match load(&db, &id, &auth).await {
        Ok(invitation) => download(
            render_html(&invitation, &config.public_url),
            "text/html; charset=utf-8",
            &file_name(&invitation.meeting, "html"),
        ),
        Err(response) => response,
    }
}

pub async fn invitation_pdf(
    Path(id): Path<String>,
    State(db): State<Db>,
    State(config): State<Config>,
    auth: AuthSession,
) -> Response {
    match load(&db, &id, &auth).await {
        Ok(invitation) => download(
            render_pdf(&invitation, &config.public_url),
            "application/pdf",
            &file_name(&invitation.meeting, "pdf"),
        ),
        Err(response) => response,
    }
}

/// `?anzeigen=1` on a document download: the same file shown in the browser (`inline`) instead
/// of saved, which is what OParl's `accessUrl` needs (its `downloadUrl` is the plain link).
pub async fn inline_when_asked(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let inline = request
        .uri()
        .query()
        .is_some_and(|q| q.split('&').any(|pair| pair == "anzeigen=1"));
    let mut response = next.run(request).await;
    if inline {
        let value = response
            .headers()
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("attachment"))
            .and_then(|rest| HeaderValue::from_str(&format!("inline{rest}")).ok());
        if let Some(value) = value {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
    }
    response
}
