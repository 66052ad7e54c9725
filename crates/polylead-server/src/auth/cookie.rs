//! The two cookies: the session (`HttpOnly`, so scripts cannot read it) and, before signing
//! in, the CSRF token the sign-in form echoes. Both `SameSite=Lax`, `Path=/`, and `Secure`
//! when the request came over TLS.

use axum::http::{HeaderMap, header};

pub const SESSION_COOKIE: &str = "polylead_session";
pub const CSRF_COOKIE: &str = "polylead_csrf";

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A `Set-Cookie` value; `max_age_seconds` 0 removes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite=Lax{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; polylead_session=s3cret ; b=2".parse().unwrap());
        assert_eq!(cookie_value(&headers, SESSION_COOKIE).as_deref(), Some("s3cret"));
        assert_eq!(cookie_value(&headers, CSRF_COOKIE), None);
        assert!(set_cookie(SESSION_COOKIE, "x", 60, true).ends_with("HttpOnly; SameSite=Lax; Secure"));
    }
}
