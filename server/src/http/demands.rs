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

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};
    use gremium::domain::demands::{Category, DemandStatus, Urgency};
    use proptest::prelude::*;

    use super::*;

    /// Text as a form may have stored it: any characters, with the ones a CSV file must quote
    /// (delimiters, quotes, line ends) and the ones a spreadsheet reads as a formula often.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                3 => any::<char>().prop_filter("no NUL (never stored)", |c| *c != '\0'),
                2 => prop::sample::select(vec![',', ';', '"', '\n', '\r', '=', '+', '-', '@', '\t', '\'', ' ']),
                2 => prop::sample::select(vec!['ä', 'ö', 'ü', 'ß', 'É', '€', '😀']),
            ],
            0..40,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    prop_compose! {
        fn demand()(
            id in 1..1_000_000i64,
            title in text(),
            problem in text(),
            outcome in text(),
            category in text(),
            organization in text(),
            tags in prop::collection::vec(text(), 0..4),
            forwarded_to in prop::option::of(text()),
            reference in prop::option::of(text()),
            cosignatures in 0..10_000i64,
            day in 0..20_000u64,
        ) -> Demand {
            let at = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap() + chrono::Days::new(day);
            Demand {
                id,
                title,
                problem,
                outcome,
                category: Category { id: 1, name: category },
                tags,
                urgency: Urgency::High,
                links: vec![],
                public: true,
                status: DemandStatus::Forwarded,
                organization_id: 1,
                organization_name: organization,
                raised_by: 1,
                raiser_name: String::new(),
                cosignatures,
                forwarded_to,
                reference,
                follow_up: NaiveDate::from_ymd_opt(2030, 2, 28),
                decline_reason: None,
                merged_into: None,
                version: 1,
                created_at: at,
                updated_at: at,
                created_local: at.naive_utc(),
            }
        }
    }

    proptest! {
        /// Whatever the demands hold, a CSV reader gets back every row with every cell as it
        /// was stored, only formulas made text by a leading apostrophe; with either delimiter.
        #[test]
        fn the_export_reads_back_as_it_was_stored(
            rows in prop::collection::vec(demand(), 0..8),
            semicolon in any::<bool>(),
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let bytes = render(&rows, delimiter, "https://gremium.example").unwrap();
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a byte order mark");
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .from_reader(body);
            let records: Vec<csv::StringRecord> =
                reader.records().collect::<Result<_, _>>().unwrap();
            prop_assert_eq!(records.len(), rows.len() + 1);
            prop_assert_eq!(records[0].iter().collect::<Vec<_>>(), HEADER.to_vec());
            for (demand, record) in rows.iter().zip(&records[1..]) {
                prop_assert_eq!(record.len(), HEADER.len());
                let cell = |i: usize| record.get(i).unwrap().to_owned();
                let stored = |text: &str| spreadsheet_cell(text).into_owned();
                prop_assert_eq!(cell(0), demand.id.to_string());
                prop_assert_eq!(cell(1), stored(&demand.title));
                prop_assert_eq!(cell(2), "weitergeleitet");
                prop_assert_eq!(cell(3), stored(&demand.category.name));
                prop_assert_eq!(cell(4), stored(&demand.organization_name));
                prop_assert_eq!(cell(5), demand.created_local.format("%Y-%m-%d").to_string());
                prop_assert_eq!(cell(6), demand.cosignatures.to_string());
                prop_assert_eq!(cell(7), "hoch");
                prop_assert_eq!(cell(8), stored(&demand.tags.join(", ")));
                prop_assert_eq!(cell(9), stored(demand.forwarded_to.as_deref().unwrap_or("")));
                prop_assert_eq!(cell(10), stored(demand.reference.as_deref().unwrap_or("")));
                prop_assert_eq!(cell(11), "2030-02-28");
                prop_assert_eq!(cell(12), stored(&demand.problem));
                prop_assert_eq!(cell(13), stored(&demand.outcome));
                prop_assert_eq!(cell(14), format!("https://gremium.example/bedarfe/{}", demand.id));
                // No cell a spreadsheet would evaluate.
                for value in record.iter() {
                    prop_assert!(!value.starts_with(['=', '+', '-', '@', '\t', '\r']), "{value:?}");
                }
            }
        }
    }
}
