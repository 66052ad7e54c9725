//! Remote mode (`--server URL --token TOKEN`): the commands the JSON API covers ask a polylead
//! server instead of opening the database. [`Remote`] is a small HTTP/1 client — hyper with
//! rustls and the public web roots, as the server's webhooks use — that sends the token as
//! `Authorization: Bearer`, reads the API's JSON into the server's view types (so the output is
//! printed by the same code as in local mode), and turns the server's refusals into messages
//! with a hint.

use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode, Uri, header};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use polylead_server::api::PREFIX;
use polylead_server::api::accounts::MeView;
use polylead_server::error::ErrorView;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// How long one request may take, from connecting to the last byte of the answer.
pub const TIMEOUT: Duration = Duration::from_secs(60);
/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How to get a token, for the messages that need one.
const GET_A_TOKEN: &str =
    "create one with `polylead tokens create PERSON` on the server's database, or on your person page in the web app";

/// A polylead server and the API token to use with it.
pub struct Remote {
    /// `scheme://host[:port][/prefix]`, without a trailing slash.
    base: String,
    token: String,
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl Remote {
    /// Checks the server's URL and that there is a token; connects only when asked something.
    pub fn new(server: &str, token: Option<&str>) -> anyhow::Result<Remote> {
        let base = base_url(server)?;
        let token = token.map(str::trim).filter(|token| !token.is_empty()).ok_or_else(|| {
            anyhow!("--server needs an API token: pass --token plt_… or set POLYLEAD_TOKEN; {GET_A_TOKEN}")
        })?;
        let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let tls = rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
        let mut http = HttpConnector::new();
        http.set_connect_timeout(Some(CONNECT_TIMEOUT));
        http.enforce_http(false);
        let connector =
            HttpsConnectorBuilder::new().with_tls_config(tls).https_or_http().enable_http1().wrap_connector(http);
        Ok(Remote { base, token: token.to_owned(), client: Client::builder(TokioExecutor::new()).build(connector) })
    }

    /// `GET /api/v1{path}`, read as `T`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> anyhow::Result<T> {
        let body = self.send(Method::GET, path, None).await?;
        self.decode(&Method::GET, path, &body)
    }

    /// `GET /api/v1{path}` for an answer that is text, not JSON (CSV, Markdown).
    pub async fn get_text(&self, path: &str) -> anyhow::Result<String> {
        let body = self.send(Method::GET, path, None).await?;
        String::from_utf8(body.to_vec()).map_err(|_| anyhow!("the answer of {} to GET {path} is not UTF-8", self.base))
    }

    /// `POST /api/v1{path}` with `body` as JSON, the answer read as `T`.
    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> anyhow::Result<T> {
        let json = serde_json::to_vec(body).context("writing the request as JSON")?;
        let answer = self.send(Method::POST, path, Some(json)).await?;
        self.decode(&Method::POST, path, &answer)
    }

    /// `DELETE /api/v1{path}`; the answer's body is not read.
    pub async fn delete(&self, path: &str) -> anyhow::Result<()> {
        self.send(Method::DELETE, path, None).await.map(drop)
    }

    /// The person the token belongs to: the server takes who acts from the token.
    pub async fn person(&self) -> anyhow::Result<String> {
        let me: MeView = self.get("/me").await?;
        Ok(me.person)
    }

    /// Refuses `--as PERSON` when it is not the token's person. Without `--as` nothing is asked.
    pub async fn check_as(&self, given: Option<&str>) -> anyhow::Result<()> {
        let Some(given) = given else { return Ok(()) };
        let person = self.person().await?;
        if person != given {
            bail!(
                "--as {given} does not match the token, which belongs to {person}: with --server the server takes \
                 who you are from the token; drop --as, or use a token of {given}'s"
            );
        }
        Ok(())
    }

    /// One request; the answer's body when the status is 2xx, else the server's message.
    async fn send(&self, method: Method, path: &str, body: Option<Vec<u8>>) -> anyhow::Result<Bytes> {
        let url = format!("{}{PREFIX}{path}", self.base);
        let mut request = Request::builder()
            .method(method.clone())
            .uri(&url)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
            .header(header::ACCEPT, "application/json")
            .header(header::USER_AGENT, concat!("polylead-cli/", env!("CARGO_PKG_VERSION")));
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let request = request
            .body(Full::new(Bytes::from(body.unwrap_or_default())))
            .with_context(|| format!("cannot make a request to {url}; check --server"))?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|error| describe(&error))?;
            let status = response.status();
            let body = response.into_body().collect().await.map_err(|error| describe(&error))?.to_bytes();
            Ok::<_, String>((status, body))
        };
        let (status, body) = match tokio::time::timeout(TIMEOUT, exchange).await {
            Err(_) => bail!("cannot reach {}: no answer within {} s", self.base, TIMEOUT.as_secs()),
            Ok(Err(error)) => bail!("cannot reach {}: {error}", self.base),
            Ok(Ok(answer)) => answer,
        };
        if status.is_success() {
            return Ok(body);
        }
        Err(self.refusal(status, &method, path, &body))
    }

    /// The server's `{code, message}` with a hint on what to do.
    fn refusal(&self, status: StatusCode, method: &Method, path: &str, body: &[u8]) -> anyhow::Error {
        let view: Option<ErrorView> = serde_json::from_slice(body).ok();
        let message = match &view {
            Some(view) => view.message.clone(),
            None => {
                let text = String::from_utf8_lossy(body);
                let text: String = text.trim().chars().take(200).collect();
                format!("{} answered {status} to {method} {PREFIX}{path}: {text}", self.base)
            }
        };
        let hint = match status {
            StatusCode::UNAUTHORIZED => Some(format!("{GET_A_TOKEN}, and pass it with --token or POLYLEAD_TOKEN")),
            StatusCode::FORBIDDEN => Some(
                "the token's scope (read or write), your account's role or your decision rights do not allow this"
                    .to_owned(),
            ),
            StatusCode::NOT_FOUND if view.is_none() || message.starts_with("no endpoint") => Some(format!(
                "is {} a polylead server of this version ({})? Its API is at {PREFIX}",
                self.base,
                env!("CARGO_PKG_VERSION")
            )),
            status if status.is_server_error() => Some(format!("the server failed ({status}); its log says more")),
            _ => None,
        };
        match hint {
            Some(hint) => anyhow!("{message}\nhint: {hint}"),
            None => anyhow!("{message}"),
        }
    }

    fn decode<T: DeserializeOwned>(&self, method: &Method, path: &str, body: &[u8]) -> anyhow::Result<T> {
        serde_json::from_slice(body).with_context(|| {
            format!(
                "the answer of {} to {method} {PREFIX}{path} is not what this polylead ({}) expects; is the server \
                 the same version?",
                self.base,
                env!("CARGO_PKG_VERSION")
            )
        })
    }
}

/// `--server` checked: `http://` or `https://`, a host, no query; without a trailing `/` or
/// `/api/v1` (both are accepted).
fn base_url(server: &str) -> anyhow::Result<String> {
    let bad = |why: &str| anyhow!("--server {server:?} {why}; give the server's address, e.g. http://127.0.0.1:8080");
    let trimmed = server.trim().trim_end_matches('/');
    let trimmed = trimmed.strip_suffix(PREFIX).unwrap_or(trimmed).trim_end_matches('/');
    let uri: Uri = trimmed.parse().map_err(|_| bad("is not a URL"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err(bad("must start with http:// or https://")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("names no host"));
    }
    if uri.query().is_some() {
        return Err(bad("must not have a query (?…)"));
    }
    Ok(trimmed.to_owned())
}

/// `text` for a URL path segment or query value: everything but unreserved characters
/// percent-encoded.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `?key=value&…` of the pairs that have a value (empty when none has).
pub fn query(pairs: &[(&str, Option<String>)]) -> String {
    let present: Vec<String> = pairs
        .iter()
        .filter_map(|(key, value)| value.as_ref().map(|value| format!("{key}={}", encode(value))))
        .collect();
    if present.is_empty() { String::new() } else { format!("?{}", present.join("&")) }
}

/// An error and its causes on one line (hyper's own message is often just "client error").
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_are_checked_and_trimmed() {
        assert_eq!(base_url("http://127.0.0.1:8080/").unwrap(), "http://127.0.0.1:8080");
        assert_eq!(base_url("https://lead.example.org/api/v1/").unwrap(), "https://lead.example.org");
        assert_eq!(base_url("https://example.org/polylead").unwrap(), "https://example.org/polylead");
        for bad in ["127.0.0.1:8080", "ftp://example.org", "http://", "http://h/?x=1", "not a url"] {
            assert!(base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn queries_leave_out_absent_values_and_encode_the_rest() {
        assert_eq!(query(&[("a", None)]), "");
        assert_eq!(
            query(&[("q", Some("rota planning & more".into())), ("n", None), ("k", Some("3".into()))]),
            "?q=rota%20planning%20%26%20more&k=3"
        );
        assert_eq!(encode("d-1_a.b~ü"), "d-1_a.b~%C3%BC");
    }
}
