//! The main pages under concurrent load (issue 19): rendered from 32 tasks at once on a
//! multi-threaded runtime, every render must answer 2xx, finish in time, not panic, and carry
//! the title it has when rendered alone (a title read in another request's reactive arena
//! panicked, or came out in that request's language).

#![expect(
    clippy::unwrap_used,
    reason = "tests: a failed unwrap is a failed test"
)]

use std::sync::{Mutex, Once};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::{DEMO_PASSWORD, TestApp, app, get, login};

const TASKS: usize = 32;
const ROUNDS: usize = 20;
/// A render that takes longer hangs (a suspended resource never loads).
const BOUND: Duration = Duration::from_secs(30);
/// The runtime's threads are named, so the panic hook counts only this test's panics.
const WORKER: &str = "concurrency-test";

/// What panicked on this test's worker threads, with where (the message names the read value).
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Keeps the panics on this test's worker threads, then reports them as before.
fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(WORKER) {
                PANICS.lock().unwrap().push(info.to_string());
            }
            previous(info);
        }));
    });
}

/// One page as one reader: the path and the `Cookie` header (session and/or language).
#[derive(Clone)]
struct Visit {
    path: String,
    cookie: String,
}

/// The status, `<title>` and whole body of one render; `Err` when the body broke off.
async fn render(app: &TestApp, visit: &Visit) -> Result<(u16, String), String> {
    let mut request = Request::get(&visit.path);
    if !visit.cookie.is_empty() {
        request = request.header(header::COOKIE, &visit.cookie);
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("body broke off: {e}"))?
        .to_bytes();
    let body = String::from_utf8_lossy(&body);
    Ok((status, title(&body).unwrap_or_default().to_owned()))
}

fn title(html: &str) -> Option<&str> {
    let start = html.find("<title>")? + "<title>".len();
    let end = start + html[start..].find("</title>")?;
    Some(&html[start..end])
}

/// The first `href="{prefix}{digits}"` of a page, as the path.
fn first_link(html: &str, prefix: &str) -> String {
    html.match_indices(&format!("href=\"{prefix}"))
        .find_map(|(at, found)| {
            let rest = &html[at + found.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            (!digits.is_empty() && rest[digits.len()..].starts_with('"'))
                .then(|| format!("{prefix}{digits}"))
        })
        .unwrap_or_else(|| panic!("no link {prefix}… in the page"))
}

#[test]
fn main_pages_render_concurrently_without_failures() {
    count_panics();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .thread_name(WORKER)
        .enable_all()
        .build()
        .unwrap()
        .block_on(load());
}

async fn load() {
    let app = app().await;
    let member = login(&app, "kiel@gremium.example", DEMO_PASSWORD).await;
    let (_, demands) = get(&app, "/bedarfe").await;
    let demand = first_link(&demands, "/bedarfe/");
    let (_, meetings) = get(&app, "/sitzungen").await;
    let meeting = first_link(&meetings, "/sitzungen/");
    let live = format!("{meeting}/live");
    let public = [
        "/",
        "/bedarfe",
        &demand,
        "/sitzungen",
        &meeting,
        &live,
        "/organisationen?q=kiel",
    ];
    // Pages for members; signed out they answer the sign-in notice, not 2xx.
    let members_only = ["/themen", "/unsere-bedarfe"];
    let mut visits = Vec::new();
    for path in public.iter().chain(&members_only) {
        for cookie in [member.clone(), format!("{member}; i18n_pref_locale=en")] {
            visits.push(Visit {
                path: (*path).to_owned(),
                cookie,
            });
        }
    }
    for path in public {
        for cookie in [String::new(), "i18n_pref_locale=en".to_owned()] {
            visits.push(Visit {
                path: path.to_owned(),
                cookie,
            });
        }
    }

    // Alone, each visit answers 2xx; its title is the one it must keep under load.
    let mut expected = Vec::new();
    for visit in &visits {
        let (status, title) = render(&app, visit).await.unwrap();
        assert!(
            (200..300).contains(&status),
            "{} ({}): {status}",
            visit.path,
            visit.cookie
        );
        assert!(!title.is_empty(), "{}: no title", visit.path);
        expected.push(title);
    }
    PANICS.lock().unwrap().clear();

    let app = std::sync::Arc::new(app);
    let visits = std::sync::Arc::new(visits);
    let expected = std::sync::Arc::new(expected);
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let (app, visits, expected) = (app.clone(), visits.clone(), expected.clone());
            tokio::spawn(async move {
                let mut failures = Vec::new();
                for round in 0..ROUNDS {
                    // Each task walks the visits from its own offset, so different pages
                    // render side by side.
                    let index = (task + round * 7) % visits.len();
                    let visit = &visits[index];
                    let label = format!("{} ({})", visit.path, visit.cookie);
                    match tokio::time::timeout(BOUND, render(&app, visit)).await {
                        Err(_) => failures.push(format!("{label}: no answer within {BOUND:?}")),
                        Ok(Err(e)) => failures.push(format!("{label}: {e}")),
                        Ok(Ok((status, _))) if !(200..300).contains(&status) => {
                            failures.push(format!("{label}: {status}"));
                        }
                        Ok(Ok((_, title))) if title != expected[index] => failures.push(format!(
                            "{label}: title {title:?}, alone {:?}",
                            expected[index]
                        )),
                        Ok(Ok(_)) => {}
                    }
                }
                failures
            })
        })
        .collect();
    let mut failures = Vec::new();
    for task in tasks {
        match task.await {
            Ok(found) => failures.extend(found),
            Err(e) => failures.push(format!("a task panicked: {e}")),
        }
    }
    let panics = PANICS.lock().unwrap();
    assert!(
        failures.is_empty() && panics.is_empty(),
        "{} failed renders of {}:\n{}\n{} panics:\n{}",
        failures.len(),
        TASKS * ROUNDS,
        failures.join("\n"),
        panics.len(),
        panics.join("\n")
    );
}
