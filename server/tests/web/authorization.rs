//! The authorization matrix: every page, every plain route and every server function, with the
//! expected outcome for each role. It fails when the app has a route or server function that
//! the table does not list, so nothing new ships without a decision on who may use it.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use std::collections::BTreeSet;

use crate::support::{
    DEMO_PASSWORD, TestApp, app_with, call_api, get_as, login, post_form, post_json,
};
use axum::http::StatusCode;
use gremium_server::http::api::{
    COSIGNATURE_PATH as API_COSIGNATURE, DEMAND_PATH as API_DEMAND, DEMANDS_PATH as API_DEMANDS,
    DOCS_PATH as API_DOCS, OPENAPI_PATH as API_OPENAPI,
};
use gremium_server::http::calendar::{MEETING_ICS_PATH, PERSONAL_FEED_PATH, PUBLIC_FEED_PATH};
use gremium_server::http::demands::CSV_PATH as DEMANDS_CSV_PATH;
use gremium_server::http::feeds::{DECISIONS_FEED_PATH, DEMANDS_FEED_PATH};
use gremium_server::http::invitation::{INVITATION_HTML_PATH, INVITATION_PDF_PATH};
use gremium_server::http::minutes::{MINUTES_HTML_PATH, MINUTES_MD_PATH, MINUTES_PDF_PATH};
use gremium_server::http::oparl::{
    BODIES_PATH as OPARL_BODIES, BODY_LIST_PATH as OPARL_BODY_LIST, BODY_PATH as OPARL_BODY,
    OBJECT_PATH as OPARL_OBJECT, SYSTEM_PATH as OPARL_SYSTEM,
};
use gremium_server::startup::{HEALTH_PATH, LANGUAGE_PATH, route_list};

/// What a role gets: allowed (any answer but 401/403), 401 sign-in required, 403 forbidden,
/// or 404 — the object is not theirs (or does not exist).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    A,
    U,
    F,
    N,
}
use Outcome::{A, F, N, U};

/// Columns: anonymous, member (Karl Kiel, representative of Kiel), representative of another
/// organization (Katrin Köln), chair (Clara Vorsitz), admin (Ada Admin), and a representative
/// of a municipality outside the committee, signed in without a seat (Hanna Hungen).
const ROLES: [&str; 6] = [
    "anonymous",
    "member",
    "representative B",
    "chair",
    "admin",
    "outsider",
];
const ACCOUNTS: [Option<&str>; 6] = [
    None,
    Some("kiel@gremium.example"),
    Some("koeln@gremium.example"),
    Some("vorsitz@gremium.example"),
    Some("admin@gremium.example"),
    Some(OUTSIDER),
];

const OUTSIDER: &str = "hungen@gremium.example";

enum Call {
    Page(&'static str),
    Form(&'static str),
    Json(&'static str),
    /// A REST call with this method and URI (JSON body).
    Rest(&'static str, &'static str),
}

struct Row {
    /// The route pattern or server function path, as the app lists it.
    route: &'static str,
    call: Call,
    body: &'static str,
    expect: [Outcome; 6],
}

const fn page(route: &'static str, uri: &'static str, expect: [Outcome; 6]) -> Row {
    Row {
        route,
        call: Call::Page(uri),
        body: "",
        expect,
    }
}

const fn form(route: &'static str, body: &'static str, expect: [Outcome; 6]) -> Row {
    Row {
        route,
        call: Call::Form(route),
        body,
        expect,
    }
}

const fn json(route: &'static str, body: &'static str, expect: [Outcome; 6]) -> Row {
    Row {
        route,
        call: Call::Json(route),
        body,
        expect,
    }
}

const fn rest(
    route: &'static str,
    method: &'static str,
    uri: &'static str,
    body: &'static str,
    expect: [Outcome; 6],
) -> Row {
    Row {
        route,
        call: Call::Rest(method, uri),
        body,
        expect,
    }
}

const ALL: [Outcome; 6] = [A, A, A, A, A, A];
/// The REST API takes tokens, not the session cookie: writing is refused to every cookie.
const TOKEN_ONLY: [Outcome; 6] = [U, U, U, U, U, U];
const SIGNED_IN: [Outcome; 6] = [U, A, A, A, A, A];
const ADMIN: [Outcome; 6] = [U, F, F, F, A, F];
const GONE: [Outcome; 6] = [N, N, N, N, N, N];
const CHAIR: [Outcome; 6] = [U, F, F, A, A, F];
/// Internal objects: not there for the public.
const INSIDERS: [Outcome; 6] = [N, A, A, A, A, N];
/// Only the one who submitted the demo topic (Karl Kiel), while it is untriaged.
const SUBMITTER: [Outcome; 6] = [U, A, F, F, F, F];
/// Seat holders and deputies (the demo's chair and admin hold no seat).
const MEMBERS: [Outcome; 6] = [U, A, A, F, F, F];
/// People who represent an organization (the chair represents FITKO; the admin none).
const REPRESENTATIVES: [Outcome; 6] = [U, A, A, A, F, A];
/// The raising organization's people (Kiel raised the demo's internal demand) and chairs.
const RAISER_OR_CHAIR: [Outcome; 6] = [U, A, F, A, A, N];
/// The committee's people (the demo's are all members, chairs or admins): a signed-in
/// representative without a seat is refused.
const COMMITTEE: [Outcome; 6] = [U, A, A, A, A, F];
/// Signed in, on an internal object: outsiders do not learn it exists.
const INSIDERS_SIGNED_IN: [Outcome; 6] = [U, A, A, A, A, N];
/// Draft minutes: the chair's working copy (the public does not learn they exist).
const DRAFT: [Outcome; 6] = [N, F, F, A, A, N];
/// Draft minutes as files: only the chair; for everyone else there is no such file yet.
const DRAFT_FILE: [Outcome; 6] = [N, N, N, A, A, N];

/// The table. `{MEETING_KEY}`, `{VICTIM}`, `{MAIL}` and the like are filled in at run time. Sign-out comes last.
const TABLE: &[Row] = &[
    // Pages
    page("/", "/", ALL),
    page("/organisationen", "/organisationen?q=kiel", ALL),
    page("/organisationen/{id}", "/organisationen/1", ALL),
    page("/anmelden", "/anmelden", ALL),
    page("/einladung", "/einladung?t=unbekannt", GONE),
    page("/passwort/vergessen", "/passwort/vergessen", ALL),
    page("/passwort/neu", "/passwort/neu?t=unbekannt", ALL),
    page("/konto", "/konto", SIGNED_IN),
    page("/konto/sitzungen", "/konto/sitzungen", SIGNED_IN),
    page("/gremium", "/gremium", SIGNED_IN),
    page("/konto/kalender", "/konto/kalender", SIGNED_IN),
    // Meetings: public ones for everyone, internal ones for the committee's people only (the
    // demo's people are all members; outsiders are covered in tests/calendar.rs).
    page("/sitzungen", "/sitzungen", ALL),
    page("/sitzungen/monat", "/sitzungen/monat", ALL),
    page("/sitzungen/{id}", "/sitzungen/{INTERNAL}", INSIDERS),
    page("/sitzungen/neu", "/sitzungen/neu", CHAIR),
    page("/sitzungen/serien", "/sitzungen/serien", SIGNED_IN),
    page("/sitzungen/serien/{id}", "/sitzungen/serien/1", CHAIR),
    page(
        MEETING_ICS_PATH,
        "/sitzungen/{INTERNAL}/kalender.ics",
        INSIDERS,
    ),
    page(PUBLIC_FEED_PATH, PUBLIC_FEED_PATH, ALL),
    page(PERSONAL_FEED_PATH, "/kalender/unbekannt.ics", GONE),
    page(
        "/sitzungen/{id}/tagesordnung",
        "/sitzungen/{INTERNAL}/tagesordnung",
        INSIDERS,
    ),
    page(
        "/sitzungen/{id}/einladung",
        "/sitzungen/{INTERNAL}/einladung",
        INSIDERS,
    ),
    page(
        INVITATION_HTML_PATH,
        "/sitzungen/{INTERNAL}/einladung.html",
        INSIDERS,
    ),
    page(
        INVITATION_PDF_PATH,
        "/sitzungen/{INTERNAL}/einladung.pdf",
        INSIDERS,
    ),
    // Running the meeting: members follow (the chair's screen shows them the live view);
    // drafts of the minutes are the chair's; tasks are everyone's own.
    page(
        "/sitzungen/{id}/leitung",
        "/sitzungen/{INTERNAL}/leitung",
        INSIDERS,
    ),
    page(
        "/sitzungen/{id}/live",
        "/sitzungen/{INTERNAL}/live",
        INSIDERS,
    ),
    page(
        "/sitzungen/{id}/niederschrift",
        "/sitzungen/{INTERNAL}/niederschrift",
        DRAFT,
    ),
    page(
        MINUTES_MD_PATH,
        "/sitzungen/{INTERNAL}/niederschrift.md",
        DRAFT_FILE,
    ),
    page(
        MINUTES_HTML_PATH,
        "/sitzungen/{INTERNAL}/niederschrift.html",
        DRAFT_FILE,
    ),
    page(
        MINUTES_PDF_PATH,
        "/sitzungen/{INTERNAL}/niederschrift.pdf",
        DRAFT_FILE,
    ),
    page("/beschluesse/{id}", "/beschluesse/999999", GONE),
    page("/aufgaben", "/aufgaben", SIGNED_IN),
    // Demands: public ones for everybody, internal ones for the committee's people.
    page("/bedarfe", "/bedarfe?q=Akte", ALL),
    page("/bedarfe/neu", "/bedarfe/neu", REPRESENTATIVES),
    page("/bedarfe/{id}", "/bedarfe/{DEMAND}", INSIDERS),
    page("/unsere-bedarfe", "/unsere-bedarfe", REPRESENTATIVES),
    page(DEMANDS_CSV_PATH, "/bedarfe.csv?status=submitted", ALL),
    // Feeds and OParl: open data, the same for everybody (only public objects).
    page(DECISIONS_FEED_PATH, "/beschluesse.atom", ALL),
    page(DEMANDS_FEED_PATH, "/bedarfe.atom?themenfeld=1", ALL),
    page(OPARL_SYSTEM, "/oparl/v1/system", ALL),
    // REST API: reading public demands for everybody, the internal demo demand for nobody
    // without a token (a cookie does not count), writing only with a token.
    page(API_OPENAPI, "/api/v1/openapi.json", ALL),
    page(API_DOCS, "/api/v1/docs", ALL),
    page(API_DEMANDS, "/api/v1/demands?status=submitted", ALL),
    rest(API_DEMANDS, "POST", "/api/v1/demands", "{}", TOKEN_ONLY),
    page(API_DEMAND, "/api/v1/demands/{DEMAND}", GONE),
    rest(
        API_COSIGNATURE,
        "PUT",
        "/api/v1/demands/{DEMAND}/cosignature",
        r#"{"reason":"x"}"#,
        TOKEN_ONLY,
    ),
    rest(
        API_COSIGNATURE,
        "DELETE",
        "/api/v1/demands/{DEMAND}/cosignature",
        "",
        TOKEN_ONLY,
    ),
    page("/konto/api-schluessel", "/konto/api-schluessel", SIGNED_IN),
    form("/api/konto/api-schluessel", "", SIGNED_IN),
    form(
        "/api/konto/api-schluessel-neu",
        "name=&read=on&lifetime=90",
        SIGNED_IN,
    ),
    form(
        "/api/konto/api-schluessel-widerrufen",
        "id=999999",
        SIGNED_IN,
    ),
    page(OPARL_BODIES, "/oparl/v1/bodies", ALL),
    page(OPARL_BODY, "/oparl/v1/body/1", ALL),
    page(OPARL_BODY_LIST, "/oparl/v1/body/1/meetings", ALL),
    page(OPARL_OBJECT, "/oparl/v1/organization/gremium-1", ALL),
    // Topics are the committee's working material: its people only.
    page("/themen", "/themen", COMMITTEE),
    page("/themen/neu", "/themen/neu", COMMITTEE),
    page("/themen/{id}", "/themen/{TOPIC}", COMMITTEE),
    page("/eingang", "/eingang", SIGNED_IN),
    page("/admin", "/admin", ADMIN),
    page("/admin/personen", "/admin/personen", ADMIN),
    page("/admin/einladen", "/admin/einladen", ADMIN),
    form("/api/admin/einladung-link", "", ADMIN),
    page("/admin/protokoll", "/admin/protokoll", ADMIN),
    page("/admin/e-mail", "/admin/e-mail", ADMIN),
    page("/admin/themenfelder", "/admin/themenfelder", ADMIN),
    page(HEALTH_PATH, HEALTH_PATH, ALL),
    form(LANGUAGE_PATH, "lang=en&zurueck=/", ALL),
    // Server functions: reading
    json("/api/organisationen/liste", r#"{"query":{}}"#, ALL),
    form("/api/organisationen/laender", "", ALL),
    form("/api/organisationen/eintrag", "id=1", ALL),
    form("/api/konto/ich", "", ALL),
    // The caller's own notice of their last action (none here): nothing of anyone else's.
    form("/api/meldung", "", ALL),
    form("/api/konto/sitzungen", "", SIGNED_IN),
    form("/api/konto/einstellungen", "", SIGNED_IN),
    form("/api/gremium/mitglieder", "", SIGNED_IN),
    form("/api/gremium/auswahl", "", SIGNED_IN),
    json(
        "/api/sitzungen/liste",
        r#"{"query":{"past":false,"q":null,"page":null}}"#,
        ALL,
    ),
    form("/api/sitzungen/eintrag", "id={INTERNAL}", INSIDERS),
    form("/api/sitzungen/monat", "", ALL),
    form("/api/sitzungen/serien", "", SIGNED_IN),
    form("/api/sitzungen/serie", "id=1", CHAIR),
    form("/api/konto/kalender", "", SIGNED_IN),
    form("/api/themen/liste", "", COMMITTEE),
    form("/api/themen/formular", "", COMMITTEE),
    form("/api/themen/eintrag", "id={TOPIC}", COMMITTEE),
    form("/api/tagesordnung/laden", "meeting={INTERNAL}", INSIDERS),
    form("/api/sitzung/laden", "meeting={INTERNAL}", INSIDERS),
    form("/api/niederschrift/laden", "meeting={INTERNAL}", DRAFT),
    form("/api/beschluesse/laden", "id=999999", GONE),
    form("/api/aufgaben/laden", "", SIGNED_IN),
    form("/api/aufgaben/uebersicht", "", ALL),
    json("/api/bedarfe/liste", r#"{"query":{}}"#, ALL),
    form("/api/bedarfe/aehnliche", "text=Rechnung", ALL),
    form("/api/bedarfe/formular", "", REPRESENTATIVES),
    form("/api/bedarfe/eintrag", "id={DEMAND}", INSIDERS),
    form("/api/bedarfe/unsere", "", REPRESENTATIVES),
    form("/api/bedarfe/gesehen", "", REPRESENTATIVES),
    form("/api/bedarfe/nachfassen", "", ALL),
    form("/api/bedarfe/themenfelder", "", ADMIN),
    form("/api/bedarfe/themenfeld", "id=1&name=", ADMIN),
    // Demands, changing (refused input or unknown ids, so nothing changes).
    form(
        "/api/bedarfe/neu",
        "title=&problem=&outcome=&category=&tags=&links=",
        REPRESENTATIVES,
    ),
    form(
        "/api/bedarfe/aendern",
        "id={DEMAND}&version=0&title=&problem=&outcome=&category=&tags=&links=",
        [U, A, F, F, F, N],
    ),
    form(
        "/api/bedarfe/mitzeichnen",
        "id={DEMAND}&reason=",
        [U, A, A, A, F, N],
    ),
    // The demand is internal: an outsider may not learn it exists. No one here co-signed it,
    // so withdrawing changes nothing.
    form(
        "/api/bedarfe/mitzeichnung-zurueckziehen",
        "id={DEMAND}",
        [U, A, A, A, F, N],
    ),
    form(
        "/api/bedarfe/status",
        "id={DEMAND}&version=0&to=&comment=",
        RAISER_OR_CHAIR,
    ),
    form(
        "/api/bedarfe/folgen",
        "id={DEMAND}&follow=false",
        INSIDERS_SIGNED_IN,
    ),
    form(
        "/api/bedarfe/als-thema",
        "id=999999&meeting=next",
        [U, N, N, N, N, F],
    ),
    // Running the meeting: the chair only (stale versions, unknown items or refused input, so
    // nothing changes); apologies from the committee's people (a remark too long: refused).
    form(
        "/api/sitzung/anwesenheit",
        "meeting={PUBLIC}&membership=0&seen=&presence=present&note=",
        CHAIR,
    ),
    form(
        "/api/sitzung/entschuldigen",
        "meeting={PUBLIC}&note=",
        MEMBERS,
    ),
    form(
        "/api/sitzung/punkt",
        "meeting={PUBLIC}&version=0&item=0",
        CHAIR,
    ),
    form("/api/sitzung/beenden", "meeting={PUBLIC}&version=0", CHAIR),
    form(
        "/api/sitzung/notizen",
        "meeting={PUBLIC}&version=0&item=0&notes=",
        CHAIR,
    ),
    form(
        "/api/beschluesse/neu",
        "meeting={PUBLIC}&item=0&kind=&text=&yes=&no=&abstain=",
        CHAIR,
    ),
    form(
        "/api/aufgaben/neu",
        "meeting={PUBLIC}&decision=0&title=&owner=&due=",
        CHAIR,
    ),
    form(
        "/api/aufgaben/status",
        "task=0&version=0&status=",
        SIGNED_IN,
    ),
    form(
        "/api/niederschrift/speichern",
        "meeting={PUBLIC}&version=-1&opening=&closing=",
        CHAIR,
    ),
    form(
        "/api/niederschrift/endgueltig",
        "meeting={PUBLIC}&version=-1",
        CHAIR,
    ),
    form(
        "/api/niederschrift/genehmigen",
        "meeting={PUBLIC}&version=-1&approving=0",
        CHAIR,
    ),
    form("/api/eingang/liste", "", SIGNED_IN),
    form("/api/admin/personen", "", ADMIN),
    form("/api/admin/e-mail", "", ADMIN),
    json(
        "/api/admin/protokoll",
        r#"{"query":{"filter":{},"page":null}}"#,
        ADMIN,
    ),
    // Server functions: signing in and links (no one is signed in by a wrong password)
    form(
        "/api/anmelden",
        "email=matrix%40kiel.de&password=falsch",
        // The sixth failure in a row for one address waits (429).
        [U, U, U, U, U, A],
    ),
    form("/api/einladung/info", "token=unbekannt", GONE),
    form(
        "/api/einladung/annehmen",
        "token=unbekannt&password=x&password_repeat=x",
        GONE,
    ),
    form("/api/passwort/vergessen", "email=niemand%40kiel.de", ALL),
    form(
        "/api/passwort/neu",
        "token=unbekannt&password=x&password_repeat=x",
        GONE,
    ),
    // Server functions: writing
    form(
        "/api/konto/passwort",
        "current_password=falsch&password=x&password_repeat=x",
        SIGNED_IN,
    ),
    form(
        "/api/konto/einstellungen-speichern",
        "demand_mail=stuendlich&version=1",
        SIGNED_IN,
    ),
    // Object level: only the owner of a meeting may end it.
    form(
        "/api/konto/sitzung-beenden",
        "key={MEETING_KEY}",
        [U, N, N, N, A, N],
    ),
    form(
        "/api/admin/einladen",
        "email=matrix-neu%40kiel.de&display_name=Matrix&organization=",
        ADMIN,
    ),
    form(
        "/api/admin/person-sperren",
        "user_id={VICTIM}&disabled=true",
        ADMIN,
    ),
    form("/api/admin/e-mail-erneut", "id={MAIL}", ADMIN),
    // Only the committee's chair and admins manage memberships.
    form(
        "/api/gremium/mitgliedschaft",
        "user_id={VICTIM}&bench_id=3&seat=2&deputy_of=&valid_from=2026-01-01&valid_until=",
        [U, F, F, A, A, F],
    ),
    form(
        "/api/gremium/bearbeiten",
        "committee_id=1&version=0&name=Matrix&chair_organization=",
        [U, F, F, A, A, F],
    ),
    form(
        "/api/gremium/bank-neu",
        "committee_id=1&name=Matrix&seats=2",
        [U, F, F, A, A, F],
    ),
    form(
        "/api/gremium/bank-sitze",
        "bench_id=1&seats=3",
        [U, F, F, A, A, F],
    ),
    // Meetings and series: only the committee's chair and admins (refused input or a stale
    // version, so nothing changes).
    form(
        "/api/sitzungen/serie-neu",
        "title=&format=virtual&rule=monthly&interval=1&nth=2&weekday=2&skip_months=&dates=\
         &first_date=&until=&start_time=&end_time=&video_url=&location=&deadline_days=",
        CHAIR,
    ),
    form(
        "/api/sitzungen/serie-aendern",
        "id=1&version=0&title=&format=virtual&rule=monthly&interval=1&nth=2&weekday=2\
         &skip_months=&dates=&first_date=&until=&start_time=&end_time=&video_url=&location=\
         &deadline_days=",
        CHAIR,
    ),
    form(
        "/api/sitzungen/neu",
        "title=&format=virtual&date=&start_time=&end_time=&deadline=&video_url=&location=",
        CHAIR,
    ),
    form(
        "/api/sitzungen/verschieben",
        "id={PUBLIC}&version=0&date=&start_time=&end_time=&deadline=",
        CHAIR,
    ),
    form(
        "/api/sitzungen/absagen",
        "id={PUBLIC}&version=0&reason=",
        CHAIR,
    ),
    form(
        "/api/sitzungen/ort",
        "id={PUBLIC}&version=0&format=virtual&video_url=&location=",
        CHAIR,
    ),
    form(
        "/api/sitzungen/status",
        "id={PUBLIC}&version=0&status=held",
        CHAIR,
    ),
    form("/api/konto/kalender-neu", "", SIGNED_IN),
    // Topics: any of the committee's people submits (refused input here); the submitter edits
    // and withdraws; the chair triages (stale version or refused input: nothing changes).
    form(
        "/api/themen/neu",
        "title=&description=&meeting=next&presenter=&minutes=0&links=",
        COMMITTEE,
    ),
    form(
        "/api/themen/aendern",
        "id={TOPIC}&version=0&title=&description=&meeting=next&presenter=&minutes=0&links=",
        SUBMITTER,
    ),
    form(
        "/api/themen/zurueckziehen",
        "id={TOPIC}&version=0",
        SUBMITTER,
    ),
    form("/api/themen/annehmen", "id={TOPIC}&version=0", CHAIR),
    form(
        "/api/themen/vertagen",
        "id={TOPIC}&version=0&meeting=",
        CHAIR,
    ),
    form(
        "/api/themen/ablehnen",
        "id={TOPIC}&version=0&reason=",
        CHAIR,
    ),
    form(
        "/api/themen/zusammenfuehren",
        "id={TOPIC}&version=0&into=",
        CHAIR,
    ),
    // The agenda: the chair only (stale version 0: nothing changes).
    form(
        "/api/tagesordnung/punkt-neu",
        "meeting={PUBLIC}&version=0&title=&presenter=&minutes=",
        CHAIR,
    ),
    form(
        "/api/tagesordnung/punkt-aendern",
        "meeting={PUBLIC}&version=0&item=0&title=&presenter=&minutes=",
        CHAIR,
    ),
    form(
        "/api/tagesordnung/punkt-entfernen",
        "meeting={PUBLIC}&version=0&item=0",
        CHAIR,
    ),
    form(
        "/api/tagesordnung/verschieben",
        "meeting={PUBLIC}&version=0&item=0&action=up",
        CHAIR,
    ),
    form(
        "/api/tagesordnung/ordnen",
        "meeting={PUBLIC}&version=0&item=0",
        CHAIR,
    ),
    form(
        "/api/tagesordnung/behandelt",
        "meeting={PUBLIC}&version=0&item=0&handled=true",
        CHAIR,
    ),
    form(
        "/api/tagesordnung/veroeffentlichen",
        "meeting={PUBLIC}&version=0",
        CHAIR,
    ),
    form("/api/eingang/gelesen", "", SIGNED_IN),
    form("/api/abmelden", "", ALL),
];

fn outcome(status: StatusCode) -> Outcome {
    match status {
        StatusCode::UNAUTHORIZED => U,
        StatusCode::FORBIDDEN => F,
        StatusCode::NOT_FOUND => N,
        _ => A,
    }
}

/// Everything the app serves: Leptos routes, server functions and the plain routes.
pub(crate) fn served_routes() -> BTreeSet<String> {
    // The process's one list: listing again would pause resource loading in parallel tests.
    let mut routes: BTreeSet<String> = route_list()
        .into_iter()
        .map(|r| r.path().to_owned())
        .collect();
    routes.extend(leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned()));
    // The plain routes from the list the router itself is built from.
    routes.extend(
        gremium_server::startup::plain_routes()
            .into_iter()
            .map(|(path, _)| path.to_owned()),
    );
    routes
}

#[tokio::test]
async fn every_route_and_server_function_is_in_the_table() {
    let listed: BTreeSet<String> = TABLE.iter().map(|r| r.route.to_owned()).collect();
    let served = served_routes();
    let unlisted: Vec<_> = served.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "routes or server functions without a row in the authorization table: {unlisted:?}"
    );
    let stale: Vec<_> = listed.difference(&served).collect();
    assert!(
        stale.is_empty(),
        "rows for routes that do not exist: {stale:?}"
    );
}

async fn victim_id(app: &TestApp) -> i64 {
    let potsdam = login(app, "potsdam@gremium.example", DEMO_PASSWORD).await;
    let (_, me) = post_form(app, "/api/konto/ich", "", Some(&potsdam)).await;
    serde_json::from_str::<serde_json::Value>(&me).unwrap()["user_id"]
        .as_i64()
        .unwrap()
}

/// The demo's internal meeting and one public meeting.
async fn meeting_ids(app: &TestApp) -> (String, String) {
    let all = gremium::store::meetings::between(
        &app.db,
        None,
        chrono::Utc::now() - chrono::Duration::days(1),
        chrono::Utc::now() + chrono::Duration::days(400),
        false,
    )
    .await
    .unwrap();
    let internal = all.iter().find(|s| !s.public).unwrap().id;
    let public = all.iter().find(|s| s.public).unwrap().id;
    (internal.to_string(), public.to_string())
}

/// The demo topic Karl Kiel submitted for the next possible meeting.
async fn demo_topic(app: &TestApp) -> i64 {
    let committee = gremium::store::committees::default_id(&app.db)
        .await
        .unwrap();
    gremium::store::topics::board(&app.db, committee, chrono::Utc::now())
        .await
        .unwrap()
        .iter()
        .find(|t| t.meeting.is_none())
        .unwrap()
        .id
}

/// The demo's internal demand, raised by Kiel.
async fn demo_internal_demand(app: &TestApp) -> i64 {
    let insider = gremium::domain::demands::Visibility {
        internal: true,
        organization_id: None,
    };
    let filter = gremium::domain::demands::DemandFilter::default();
    gremium::store::demands::list(
        &app.db,
        &filter,
        insider,
        gremium::domain::page::PageRequest::new(None, None),
    )
    .await
    .unwrap()
    .items
    .into_iter()
    .find(|d| !d.public)
    .unwrap()
    .id
}

#[tokio::test]
async fn each_role_gets_what_the_table_says() {
    let app = app_with(&[("GREMIUM_AUTH_RATE_PER_MINUTE", "100000")], false).await;
    let mut cookies = Vec::new();
    for account in ACCOUNTS {
        cookies.push(match account {
            Some(OUTSIDER) => Some(crate::calendar::outsider(&app).await),
            Some(email) => Some(login(&app, email, DEMO_PASSWORD).await),
            None => None,
        });
    }
    // A second meeting of the admin, whose key only the admin may use.
    let admin_elsewhere = login(&app, "admin@gremium.example", DEMO_PASSWORD).await;
    let (_, list) = post_form(&app, "/api/konto/sitzungen", "", Some(&admin_elsewhere)).await;
    let meetings: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    let meeting_key = meetings
        .iter()
        .find(|s| s["current"] == true)
        .and_then(|s| s["key"].as_str())
        .unwrap()
        .to_owned();
    let victim = victim_id(&app).await.to_string();
    let (internal, public) = meeting_ids(&app).await;
    let topic = demo_topic(&app).await.to_string();
    let demand = demo_internal_demand(&app).await.to_string();
    let mail = crate::mail::given_up(&app, "matrix@kiel.de")
        .await
        .to_string();

    let mut failures = Vec::new();
    for row in TABLE {
        for (role, cookie) in cookies.iter().enumerate() {
            let fill = |text: &str| {
                text.replace("{MEETING_KEY}", &meeting_key)
                    .replace("{VICTIM}", &victim)
                    .replace("{INTERNAL}", &internal)
                    .replace("{PUBLIC}", &public)
                    .replace("{TOPIC}", &topic)
                    .replace("{DEMAND}", &demand)
                    .replace("{MAIL}", &mail)
            };
            let body = fill(row.body);
            let cookie = cookie.as_deref();
            let (response, text) = match row.call {
                Call::Page(uri) => get_as(&app, &fill(uri), cookie).await,
                Call::Form(uri) => post_form(&app, uri, &body, cookie).await,
                Call::Json(uri) => post_json(&app, uri, &body, cookie).await,
                Call::Rest(method, uri) => {
                    call_api(&app, method, &fill(uri), &body, None, cookie).await
                }
            };
            let status = response.status();
            let got = outcome(status);
            let expected = row.expect[role];
            if got != expected || status.is_server_error() {
                failures.push(format!(
                    "{} as {}: expected {expected:?}, got {status} {}",
                    row.route,
                    ROLES[role],
                    text.chars().take(120).collect::<String>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
