//! The CSV export of a filtered demand list: the list page's filters, every page, the rows the
//! reader may see. UTF-8 with a byte order mark so Excel detects the encoding; comma-separated
//! by default, `?trennzeichen=semikolon` for spreadsheets set to German.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gremium::domain::demands::{Demand, Visibility, status_label};
use gremium::domain::text::spreadsheet_cell;
use gremium::store::{Db, committees, demands};
use gremium_app::auth::AuthSession;
use gremium_app::query::demands::DemandQuery;

use crate::config::Config;
use crate::http::invitation::{download, failed};

pub const CSV_PATH: &str = gremium_app::query::demands::CSV_PATH;

/// The most rows one export holds; far above any real list.
const EXPORT_MAX: i64 = 200_000;

const HEADER: [&str; 15] = [
    "Nr.",
    "Titel",
    "Status",
    "Themenfeld",
    "Gemeldet von",
    "Gemeldet am",
    "Mitzeichnungen",
    "Dringlichkeit",
    "Betroffene Leistungen",
    "Weitergeleitet an",
    "Aktenzeichen",
    "Nachfassen am",
    "Problem",
    "Gewünschtes Ergebnis",
    "Link",
];

fn urgency_label(demand: &Demand) -> &'static str {
    match demand.urgency {
        gremium::domain::demands::Urgency::Low => "niedrig",
        gremium::domain::demands::Urgency::Normal => "normal",
        gremium::domain::demands::Urgency::High => "hoch",
    }
}

/// The file: BOM, header row, one row per demand.
pub fn render(rows: &[Demand], delimiter: u8, base_url: &str) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(HEADER)?;
    for d in rows {
        let cells = [
            d.id.to_string(),
            d.title.clone(),
            status_label(d.status).to_owned(),
            d.category.name.clone(),
            d.organization_name.clone(),
            d.created_local.format("%Y-%m-%d").to_string(),
            d.cosignatures.to_string(),
            urgency_label(d).to_owned(),
            d.tags.join(", "),
            d.forwarded_to.clone().unwrap_or_default(),
            d.reference.clone().unwrap_or_default(),
            d.follow_up
                .map(|f| f.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            d.problem.clone(),
            d.outcome.clone(),
            format!("{base_url}/bedarfe/{}", d.id),
        ];
        writer.write_record(cells.iter().map(|c| spreadsheet_cell(c).into_owned()))?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

pub async fn demands_csv(
    State(db): State<Db>,
    State(config): State<Config>,
    auth: AuthSession,
    Query(query): Query<DemandQuery>,
    Query(options): Query<HashMap<String, String>>,
) -> Response {
    let committee = match committees::default_id(&db).await {
        Ok(id) => id,
        Err(error) => return failed(&error),
    };
    let principal = auth.user.as_ref().map(|u| &u.principal);
    let visibility = Visibility::of(principal, committee);
    let rows = match demands::export(&db, &query.to_filter(), visibility, EXPORT_MAX).await {
        Ok(rows) => rows,
        Err(error) => return failed(&error),
    };
    let semicolon = options
        .get("trennzeichen")
        .is_some_and(|t| t == "semikolon");
    match render(
        &rows,
        if semicolon { b';' } else { b',' },
        &config.public_url,
    ) {
        Ok(bytes) => download(bytes, "text/csv; charset=utf-8", "bedarfe.csv"),
        Err(error) => {
            tracing::error!(%error, "demand export");
            http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
