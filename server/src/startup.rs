//! Builds the application: state, router and layers; and serves it until SIGTERM or Ctrl-C.

use std::time::Duration;

use axum::Router;
use axum::extract::FromRef;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::routing::get;
use gremium::store::{Db, DbOptions};
use gremium_app::{App, shell};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::http;

/// What every handler and server function can reach.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
}

impl AppState {
    pub async fn new(config: &Config) -> Result<Self, gremium::store::StoreError> {
        let options = DbOptions {
            max_connections: config.max_connections,
            ..DbOptions::default()
        };
        let db = Db::connect(&config.database_url, &options).await?;
        Ok(Self {
            leptos_options: leptos_options(config),
            db,
        })
    }
}

/// Leptos settings: those cargo-leptos passes in the environment, our listen address, and a
/// fixed output name so the binary also runs outside cargo-leptos.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let mut options = leptos::config::get_configuration(None)
        .map(|c| c.leptos_options)
        .unwrap_or_else(|_| LeptosOptions::builder().output_name("gremium").build());
    if options.output_name.is_empty() {
        options.output_name = "gremium".into();
    }
    options.site_addr = config.site_addr;
    options
}

/// The whole app as one router; tests drive it without a socket.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let db = state.db.clone();
        move || provide_context(db.clone())
    };
    let app_shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let x_request_id = HeaderName::from_static("x-request-id");
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
                tracing::info_span!("request", id, method = %request.method(), uri = %request.uri())
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
            HeaderValue::from_static("frame-ancestors 'none'; object-src 'none'; base-uri 'none'"),
        ))
        .layer(CompressionLayer::new());
    Router::new()
        .route("/healthz", get(http::health::healthz))
        .route("/sprache", axum::routing::post(http::language::switch))
        .leptos_routes_with_context(&state, routes, context.clone(), app_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(layers)
        .with_state(state)
}

/// Binds, logs the address and serves until SIGTERM or Ctrl-C, letting running requests finish.
pub async fn serve(state: AppState) -> std::io::Result<()> {
    use axum::serve::ListenerExt;

    let addr = state.leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(addr).await?.tap_io(|stream| {
        // Without it, Nagle and delayed ACKs add ~40 ms to every streamed page.
        let _ = stream.set_nodelay(true);
    });
    tracing::info!(%addr, backend = ?state.db.backend(), "listening on http://{addr}");
    let db = state.db.clone();
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("shutting down");
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
