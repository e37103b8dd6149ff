//! Builds the application: state, router and layers; and serves it until SIGTERM or Ctrl-C.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::extract::FromRef;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::routing::{MethodRouter, get};
use gremium::store::{Db, DbOptions};
use gremium_app::{App, shell};
use leptos::config::LeptosOptions;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{AxumRouteListing, LeptosRoutes, ResponseOptions, generate_route_list};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use gremium_app::auth::Backend;
use gremium_app::mail::MailContext;
use tokio::sync::{Notify, watch};

use crate::config::Config;
use crate::http;
use crate::http::security::{self, AuthRateLimit};
use crate::login_sessions::{self, AnyStore};
use crate::mail::{SMTP_TIMEOUT, Smtp, Transport};

/// What every handler and server function can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Config,
    pub login_sessions: AnyStore,
    pub mail: MailContext,
    /// Where the outbox worker hands messages over; `None` when SMTP is not configured.
    pub transport: Option<Arc<dyn Transport>>,
    /// Rung by requests that wrote e-mail, so the worker sends it at once.
    pub doorbell: Arc<Notify>,
    /// Set on SIGTERM: `/healthz` answers 503 from then on.
    pub stopping: Stopping,
}

/// Whether the server has been told to stop (shared by the shutdown and `/healthz`).
#[derive(Clone, Debug, Default)]
pub struct Stopping(Arc<std::sync::atomic::AtomicBool>);

impl Stopping {
    pub fn is_set(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn set(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

impl AppState {
    pub async fn new(config: &Config) -> anyhow::Result<Self> {
        let options = DbOptions {
            max_connections: config.max_connections,
            ..DbOptions::default()
        };
        let db = Db::connect(&config.database_url, &options).await?;
        let transport: Option<Arc<dyn Transport>> = match &config.smtp_url {
            Some(url) => Some(Arc::new(Smtp::new(url, &config.mail_from)?)),
            None => None,
        };
        Self::with_transport(config, db, transport).await
    }

    /// The state over an open database and a given mail transport (tests capture e-mail this
    /// way).
    pub async fn with_transport(
        config: &Config,
        db: Db,
        transport: Option<Arc<dyn Transport>>,
    ) -> anyhow::Result<Self> {
        let login_sessions = AnyStore::new(&db).await?;
        let doorbell = Arc::new(Notify::new());
        let wake = {
            let doorbell = doorbell.clone();
            Arc::new(move || doorbell.notify_one())
        };
        Ok(Self {
            leptos_options: leptos_options(config),
            db,
            config: config.clone(),
            login_sessions,
            mail: MailContext {
                enabled: transport.is_some(),
                public_url: config.public_url.clone(),
                wake,
            },
            transport,
            doorbell,
            stopping: Stopping::default(),
        })
    }
}

/// Leptos settings. Under cargo-leptos (`cargo leptos watch`) they come from the environment it
/// sets; otherwise (scripts/build-site, production) the output name is fixed and the site is
/// `target/site` or `LEPTOS_SITE_ROOT`. The listen address is always ours.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let mut options = if std::env::var_os("LEPTOS_OUTPUT_NAME").is_some() {
        leptos::config::get_configuration(None)
            .map(|c| c.leptos_options)
            .unwrap_or_else(|_| LeptosOptions::builder().output_name("gremium").build())
    } else {
        let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
        LeptosOptions::builder()
            .output_name("gremium")
            .site_root(site_root)
            .build()
    };
    if options.output_name.is_empty() {
        options.output_name = "gremium".into();
    }
    options.site_addr = config.site_addr;
    options
}

/// Routes served outside Leptos (the authorization matrix test lists them too).
pub const HEALTH_PATH: &str = "/healthz";
pub const LANGUAGE_PATH: &str = "/sprache";

/// The app's Leptos routes, listed once per process.
///
/// Listing renders the app with resource loading switched off through a process-wide flag
/// (leptos_server's `IS_SUPPRESSING_RESOURCE_LOAD`, leptos #4773): a page rendering meanwhile in
/// another test, which builds its own router, got a resource that never loaded, and hung.
pub fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole app as one router; tests drive it without a socket.
pub fn router(state: AppState) -> Router {
    gremium_app::plurals::install();
    let routes = route_list();
    let reload_port = std::env::var("LEPTOS_WATCH")
        .is_ok()
        .then_some(state.leptos_options.reload_port);
    let context = {
        let db = state.db.clone();
        let mail = state.mail.clone();
        let store: Arc<dyn tower_sessions::SessionStore> = Arc::new(state.login_sessions.clone());
        move || {
            provide_context(db.clone());
            provide_context(mail.clone());
            provide_context(store.clone());
            // Rendered pages get a fresh nonce from leptos_axum; the policy names it.
            if let (Some(nonce), Some(response)) =
                (leptos::nonce::use_nonce(), use_context::<ResponseOptions>())
                && let Ok(policy) =
                    HeaderValue::from_str(&security::page_policy(&nonce, reload_port))
            {
                response.insert_header(header::CONTENT_SECURITY_POLICY, policy);
            }
        }
    };
    let app_shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let x_request_id = HeaderName::from_static(http::panic::REQUEST_ID);
    let layers = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(
            x_request_id.clone(),
            MakeRequestUuid,
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                // The path only: query strings can carry invitation and reset tokens.
                tracing::info_span!("request", id, method = %request.method(), path = %crate::telemetry::loggable_path(request.uri().path()))
            }),
        )
        .layer(PropagateRequestIdLayer::new(x_request_id))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(security::DEFAULT_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            state
                .config
                .is_https()
                .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
        ))
        .layer(axum::middleware::from_fn(security::no_store))
        // Inside the trace and request-id layers (the panic is logged in the request's span, the
        // 500 carries the id) and the security headers (which the error page gets too).
        .layer(axum::middleware::from_fn(http::panic::remember_request_id))
        .layer(CatchPanicLayer::custom(http::panic::panic_page))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(security::refuse_cross_site))
        .layer(axum::middleware::from_fn(http::arguments::error_status))
        .layer(axum::middleware::from_fn_with_state(
            AuthRateLimit::new(state.config.auth_rate_per_minute, state.config.trust_proxy),
            security::limit_auth_requests,
        ))
        .layer(
            axum_login::AuthManagerLayerBuilder::new(
                Backend::new(state.db.clone()),
                login_sessions::layer(state.login_sessions.clone(), &state.config),
            )
            .build(),
        )
        .layer(axum::middleware::from_fn_with_state(
            i64::from(state.config.session_max_hours) * 3600,
            security::absolute_timeout,
        ));
    plain_routes()
        .into_iter()
        .fold(Router::new(), |router, (path, route)| {
            router.route(path, route)
        })
        .leptos_routes_with_context(&state, routes, context.clone(), app_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(layers)
        .layer(axum::Extension(http::api::ApiLimiter::new(
            state.config.api_rate_per_minute,
        )))
        .with_state(state)
}

/// Every plain axum route — beside the Leptos pages and server functions — in one list: the
/// router serves exactly these, and the authorization and canary tests read the same list, so
/// a route added here cannot be missed there.
pub fn plain_routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let inline = || axum::middleware::from_fn(http::invitation::inline_when_asked);
    vec![
        (HEALTH_PATH, get(http::health::healthz)),
        (LANGUAGE_PATH, axum::routing::post(http::language::switch)),
        (
            http::calendar::MEETING_ICS_PATH,
            get(http::calendar::meeting_ics),
        ),
        (
            http::invitation::INVITATION_HTML_PATH,
            get(http::invitation::invitation_html).layer(inline()),
        ),
        (
            http::invitation::INVITATION_PDF_PATH,
            get(http::invitation::invitation_pdf).layer(inline()),
        ),
        (http::demands::CSV_PATH, get(http::demands::demands_csv)),
        (
            http::feeds::DECISIONS_FEED_PATH,
            get(http::feeds::decisions_feed),
        ),
        (
            http::feeds::DEMANDS_FEED_PATH,
            get(http::feeds::demands_feed),
        ),
        (http::api::OPENAPI_PATH, get(http::api::openapi)),
        (http::api::DOCS_PATH, get(http::api::docs)),
        (
            http::api::DEMANDS_PATH,
            get(http::api::list).post(http::api::raise),
        ),
        (http::api::DEMAND_PATH, get(http::api::get)),
        (
            http::api::COSIGNATURE_PATH,
            axum::routing::put(http::api::cosign).delete(http::api::withdraw),
        ),
        (http::oparl::SYSTEM_PATH, get(http::oparl::system)),
        (http::oparl::BODIES_PATH, get(http::oparl::bodies)),
        (http::oparl::BODY_PATH, get(http::oparl::body)),
        (http::oparl::BODY_LIST_PATH, get(http::oparl::body_list)),
        (http::oparl::OBJECT_PATH, get(http::oparl::object)),
        (
            http::minutes::MINUTES_MD_PATH,
            get(http::minutes::minutes_md).layer(inline()),
        ),
        (
            http::minutes::MINUTES_HTML_PATH,
            get(http::minutes::minutes_html).layer(inline()),
        ),
        (
            http::minutes::MINUTES_PDF_PATH,
            get(http::minutes::minutes_pdf).layer(inline()),
        ),
        (
            http::calendar::PUBLIC_FEED_PATH,
            get(http::calendar::public_feed),
        ),
        (
            http::calendar::PERSONAL_FEED_PATH,
            get(http::calendar::personal_feed),
        ),
    ]
}

/// How long running requests may take to finish after SIGTERM before the server stops anyway.
pub const DRAIN: Duration = Duration::from_secs(20);

/// Binds, logs the address and serves until SIGTERM or Ctrl-C: then `/healthz` answers 503 and
/// it goes on serving for the configured stop delay (so a load balancer takes it out first),
/// stops accepting, lets running requests finish (at most [`DRAIN`]), lets the outbox worker
/// finish the message it is sending, and closes the database.
pub async fn serve(state: AppState) -> std::io::Result<()> {
    use axum::serve::ListenerExt;

    let addr = state.leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(addr).await?.tap_io(|stream| {
        // Without it, Nagle and delayed ACKs add ~40 ms to every streamed page.
        let _ = stream.set_nodelay(true);
    });
    tracing::info!(%addr, backend = ?state.db.backend(), "listening on http://{addr}");
    let db = state.db.clone();
    state.login_sessions.spawn_cleanup();
    crate::horizon::spawn(state.db.clone());
    crate::digest::spawn(
        state.db.clone(),
        state.mail.clone(),
        state.config.digest_from,
    );
    let stopping = state.stopping.clone();
    let delay = state.config.shutdown_delay;
    let (stop, stopped) = watch::channel(false);
    let postman = state.transport.clone().map(|transport| {
        crate::delivery::spawn(
            state.db.clone(),
            transport,
            state.mail.public_url.clone(),
            state.doorbell.clone(),
            stopped,
        )
    });
    let (signalled, mut on_signal) = watch::channel(false);
    let server = axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        stopping.set();
        if !delay.is_zero() {
            tracing::info!(
                seconds = delay.as_secs(),
                "stopping: /healthz answers 503, serving on until the delay is over"
            );
            tokio::time::sleep(delay).await;
        }
        tracing::info!("shutting down: no new connections, running requests finish");
        let _ = signalled.send(true);
    });
    let drained = async {
        let _ = on_signal.wait_for(|signalled| *signalled).await;
        tokio::time::sleep(DRAIN).await;
    };
    tokio::select! {
        served = server => served?,
        () = drained => tracing::warn!(
            seconds = DRAIN.as_secs(),
            "requests still running after the drain time: stopping without them"
        ),
    }
    // The worker finishes the message it is sending, then stops.
    let _ = stop.send(true);
    if let Some(postman) = postman
        && tokio::time::timeout(SMTP_TIMEOUT + Duration::from_secs(5), postman)
            .await
            .is_err()
    {
        tracing::warn!("the outbox worker did not stop in time; its claim runs out by itself");
    }
    tokio::time::timeout(Duration::from_secs(5), db.close())
        .await
        .ok();
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
