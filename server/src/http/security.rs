//! Request security: cross-site request refusal, the client address, rate limits on the
//! sign-in endpoints, the absolute session timeout, the Content-Security-Policy with the page's
//! nonce, and `Cache-Control: no-store` on everything personal.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use gremium_app::auth::{AuthSession, ClientIp, SESSION_SINCE, SignInOutcome};

/// The server functions that guess or spend secrets: limited per client address.
pub const RATE_LIMITED: [&str; 6] = [
    "/api/anmelden",
    "/api/passwort/vergessen",
    "/api/passwort/neu",
    "/api/einladung/info",
    "/api/einladung/annehmen",
    "/api/admin/einladen",
];

/// Refuses state-changing requests that a browser sent on behalf of another site: the
/// `Sec-Fetch-Site` header when the browser sends it, else the `Origin` header compared with
/// the request's host. Requests without either (non-browser clients) cannot be forged by a
/// third-party page and pass.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && is_cross_site(request.headers()) {
        tracing::warn!(
            origin = ?request.headers().get(header::ORIGIN),
            path = request.uri().path(),
            "cross-site request refused"
        );
        return (
            StatusCode::FORBIDDEN,
            "Anfrage abgelehnt: Sie kam nicht von dieser Website (Schutz vor Cross-Site Request Forgery).",
        )
            .into_response();
    }
    next.run(request).await
}

pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    match (origin_host, host) {
        (Some(origin_host), Some(host)) => !origin_host.eq_ignore_ascii_case(host),
        // "null" (sandboxed or privacy-sensitive contexts) or no Host: not provably ours.
        _ => true,
    }
}

/// Per-address limits for the sign-in endpoints. Every request to them counts, except a
/// sign-in that succeeds: those only wait while the address is blocked by failures. Sign-ins
/// of any outcome also share a ten times larger quota, spent before the password is checked,
/// so a burst of parallel guesses cannot all run before the first failure blocks the address.
#[derive(Clone)]
pub struct AuthRateLimit {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr, StateInformationMiddleware>>,
    /// Every sign-in attempt, successful or not.
    attempts: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// Addresses whose failed sign-ins used up the quota, and until when.
    blocked: Arc<Mutex<HashMap<IpAddr, Instant>>>,
    quota: Quota,
    trust_proxy: bool,
}

/// The one endpoint whose successful requests do not count.
const SIGN_IN: &str = "/api/anmelden";

impl AuthRateLimit {
    pub fn new(per_minute: u32, trust_proxy: bool) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::per_minute(per_minute);
        let attempts = NonZeroU32::new(per_minute.get().saturating_mul(10)).unwrap_or(per_minute);
        Self {
            quota,
            attempts: Arc::new(RateLimiter::keyed(Quota::per_minute(attempts))),
            limiter: Arc::new(
                RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
            ),
            blocked: Arc::default(),
            trust_proxy,
        }
    }

    /// Spends one request of `key`'s quota: `Ok` with how many are left, or how long to wait
    /// when there was none left.
    fn spend(&self, key: IpAddr) -> Result<u32, Duration> {
        let checked = self.limiter.check_key(&key);
        // Addresses seen once would otherwise stay in memory for good.
        if self.limiter.len() > 10_000 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        checked
            .map(|state| state.remaining_burst_capacity())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Spends one sign-in attempt of `key` (any outcome); how long to wait when none is left.
    fn attempt(&self, key: IpAddr) -> Option<Duration> {
        let checked = self.attempts.check_key(&key);
        if self.attempts.len() > 10_000 {
            self.attempts.retain_recent();
            self.attempts.shrink_to_fit();
        }
        checked
            .err()
            .map(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// How long `key` must still wait after failed sign-ins used up its quota.
    fn blocked_for(&self, key: IpAddr) -> Option<Duration> {
        let blocked = self
            .blocked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let until = *blocked.get(&key)?;
        until.checked_duration_since(Instant::now())
    }

    /// How long the quota takes to grow by one request.
    fn replenish(&self) -> Duration {
        self.quota.replenish_interval()
    }

    fn block(&self, key: IpAddr, wait: Duration) {
        let mut blocked = self
            .blocked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = Instant::now();
        if blocked.len() > 10_000 {
            blocked.retain(|_, until| *until > now);
        }
        blocked.insert(key, now + wait);
    }

    fn client_ip(&self, request: &Request) -> Option<IpAddr> {
        if self.trust_proxy
            && let Some(ip) = forwarded_client(request.headers().get_all("x-forwarded-for"))
        {
            return Some(ip);
        }
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
    }
}

/// The address our one trusted proxy appended to `X-Forwarded-For`: the rightmost entry of the
/// last header. Entries to its left came from the client and can say anything, so the leftmost
/// one must never be believed (it would let anyone pick the address the limits and the audit
/// log see).
fn forwarded_client<'a>(headers: impl IntoIterator<Item = &'a HeaderValue>) -> Option<IpAddr> {
    let last = headers.into_iter().last()?.to_str().ok()?;
    last.rsplit(',').next()?.trim().parse().ok()
}

/// Notes the client address for the audit log and applies the rate limit.
pub async fn limit_auth_requests(
    State(limit): State<AuthRateLimit>,
    mut request: Request,
    next: Next,
) -> Response {
    let ip = limit.client_ip(&request);
    if let Some(ip) = ip {
        request.extensions_mut().insert(ClientIp(ip.to_string()));
    }
    let limited = request.method() == Method::POST && RATE_LIMITED.contains(&request.uri().path());
    if !limited {
        return next.run(request).await;
    }
    // Without a known address (tests driving the router directly) all share one bucket.
    let key = ip.unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let path = request.uri().path().to_owned();
    if path != SIGN_IN {
        if let Err(wait) = limit.spend(key) {
            return too_many(key, &path, wait);
        }
        return next.run(request).await;
    }
    if let Some(wait) = limit.blocked_for(key).or_else(|| limit.attempt(key)) {
        return too_many(key, &path, wait);
    }
    let outcome = SignInOutcome::default();
    request.extensions_mut().insert(outcome.clone());
    let response = next.run(request).await;
    if !outcome.succeeded() {
        // The failure that used up the quota blocks the address until the next one is due.
        match limit.spend(key) {
            Ok(0) => limit.block(key, limit.replenish()),
            Ok(_) => {}
            Err(wait) => limit.block(key, wait),
        }
    }
    response
}

/// 429 with the time to wait.
fn too_many(key: IpAddr, path: &str, wait: Duration) -> Response {
    tracing::warn!(%key, path, "rate limit reached");
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        "Zu viele Versuche von dieser Adresse. Bitte warten Sie kurz und versuchen Sie es dann erneut.",
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&(wait.as_secs() + 1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Ends a session that is older than the absolute limit, however active it was.
pub async fn absolute_timeout(
    State(max_seconds): State<i64>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(mut auth) = request.extensions().get::<AuthSession>().cloned()
        && auth.user.is_some()
    {
        let since: Option<i64> = auth.session.get(SESSION_SINCE).await.ok().flatten();
        let now = chrono::Utc::now().timestamp();
        if since.is_none_or(|since| now - since > max_seconds) {
            tracing::info!("session reached its absolute timeout");
            if auth.logout().await.is_ok() {
                // Later extractors see the signed-out session.
                request.extensions_mut().insert(auth);
            }
        }
    }
    next.run(request).await
}

/// Pages, server function answers and everything else that may be personal is not kept in the
/// browser's cache: after signing out, the back button shows nothing of the session.
pub async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let personal = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|t| !is_static_asset_type(t));
    if personal && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn is_static_asset_type(content_type: &str) -> bool {
    [
        "text/css",
        "application/wasm",
        "text/javascript",
        "application/javascript",
        "image/",
        "font/",
    ]
    .iter()
    .any(|t| content_type.starts_with(t))
}

/// The policy for rendered pages: scripts only from this site or inline with this response's
/// nonce (Leptos's hydration script carries it), WebAssembly allowed, nothing framed or embedded.
pub fn page_policy(nonce: &str, reload_port: Option<u32>) -> String {
    let reload = reload_port.map_or(String::new(), |port| format!(" ws://127.0.0.1:{port}"));
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'{reload}; \
         form-action 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
    )
}

/// The policy for everything that is not a rendered page.
pub const DEFAULT_POLICY: &str = "default-src 'self'; frame-ancestors 'none'; object-src 'none'; \
    base-uri 'none'; form-action 'self'";

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        assert!(!is_cross_site(&headers(&[])));
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "null"),
            ("host", "a")
        ])));
    }

    #[test]
    fn the_page_policy_allows_only_nonced_inline_scripts() {
        let policy = page_policy("abc", None);
        assert!(policy.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("object-src 'none'"));
        assert!(policy.contains("base-uri 'none'"));
    }
}
