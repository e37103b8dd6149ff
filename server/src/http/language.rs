//! `POST /sprache`: stores the chosen language in the cookie the i18n layer reads and sends the
//! reader back, so switching works without JavaScript.

use axum::Form;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The cookie leptos_i18n reads on the server and writes in the browser.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

#[derive(Debug, Deserialize)]
pub struct LanguageChoice {
    lang: String,
    #[serde(default)]
    zurueck: Option<String>,
}

pub async fn switch(Form(choice): Form<LanguageChoice>) -> Response {
    let lang = match choice.lang.as_str() {
        "de" | "en" => choice.lang.as_str(),
        _ => return (StatusCode::BAD_REQUEST, "unknown language").into_response(),
    };
    let back = safe_local_path(choice.zurueck.as_deref());
    let cookie = format!("{LANGUAGE_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax");
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let (Ok(location), Ok(cookie)) =
        (HeaderValue::from_str(&back), HeaderValue::from_str(&cookie))
    {
        headers.insert(header::LOCATION, location);
        headers.insert(header::SET_COOKIE, cookie);
    }
    response
}

/// Only a path on this site (the core's one check for redirect targets), else the home page.
fn safe_local_path(path: Option<&str>) -> String {
    path.and_then(gremium::domain::text::local_path)
        .unwrap_or("/")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::safe_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(
            safe_local_path(Some("/organisationen?q=kiel")),
            "/organisationen?q=kiel"
        );
        assert_eq!(safe_local_path(Some("//evil.example")), "/");
        assert_eq!(safe_local_path(Some("https://evil.example")), "/");
        assert_eq!(safe_local_path(Some("/\\evil.example")), "/");
        assert_eq!(safe_local_path(None), "/");
    }
}
