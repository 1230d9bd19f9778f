//! HTTP plumbing shared by the namespaces that speak HTTP.

use crate::error::Error;
use std::sync::OnceLock;
use std::time::Duration;

/// The trial's HTTP clients (one verifying TLS, one not), built on first use
/// and kept in the trial's state, so every step reuses their connections.
#[derive(Default)]
pub struct HttpClients {
    verified: OnceLock<reqwest::Client>,
    unverified: OnceLock<reqwest::Client>,
}

impl HttpClients {
    /// The client that verifies TLS (or not, when `verify_tls` is false).
    pub fn get(&self, verify_tls: bool) -> Result<reqwest::Client, Error> {
        let slot = if verify_tls {
            &self.verified
        } else {
            &self.unverified
        };
        if let Some(client) = slot.get() {
            return Ok(client.clone());
        }
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .danger_accept_invalid_certs(!verify_tls)
            .pool_idle_timeout(Duration::from_secs(30))
            .user_agent(concat!("kallisti/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::failed_action(format!("cannot build the HTTP client: {e}")))?;
        Ok(slot.get_or_init(|| client).clone())
    }
}

/// Says why a request could not be sent, naming the method and URL.
pub fn describe_send_error(method: &str, url: &str, error: &reqwest::Error) -> String {
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        causes.push(cause.to_string());
        source = cause.source();
    }
    let what = if error.is_connect() {
        "could not connect"
    } else if error.is_timeout() {
        "timed out"
    } else {
        "failed"
    };
    if causes.is_empty() {
        format!("{method} {url}: {what}")
    } else {
        format!("{method} {url}: {what}: {}", causes.join(": "))
    }
}

/// Checks that argument `argument` holds an absolute http or https URL.
pub fn check_http_url(argument: &str, url: &str) -> Result<reqwest::Url, Error> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::invalid_argument(argument, format!("`{url}` is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::invalid_argument(
            argument,
            format!("`{url}` is not an http or https URL"),
        ));
    }
    Ok(parsed)
}

/// An OAuth2 password grant at `url` (the client as HTTP Basic when given):
/// the token endpoint's JSON answer. A refusal is a `FailedAction` naming
/// the endpoint, the user and the status, secrets redacted.
#[cfg(any(feature = "cm", feature = "cf"))]
pub(crate) async fn password_grant(
    ctx: &crate::trial::StepContext,
    client: &reqwest::Client,
    url: &str,
    oauth_client: Option<(&str, &str)>,
    username: &str,
    password: &crate::credential::Secret,
    extra: &[(&str, &str)],
) -> Result<serde_json::Value, Error> {
    let mut form = vec![
        ("grant_type", "password"),
        ("username", username),
        ("password", password.expose()),
    ];
    form.extend_from_slice(extra);
    let mut request = client.post(url).form(&form);
    if let Some((id, secret)) = oauth_client {
        ctx.add_secret(secret);
        request = request.basic_auth(id, Some(secret));
    }
    ctx.log(format!("requesting a token from {url} (password grant)"));
    let response = request
        .send()
        .await
        .map_err(|e| Error::failed_action(describe_send_error("POST", url, &e)))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if !status.is_success() {
        let snippet: String = ctx.redactor().redact(&body).chars().take(200).collect();
        return Err(Error::failed_action(format!(
            "token endpoint {url} refused the password grant for user `{username}`: {status}{}",
            if snippet.is_empty() {
                String::new()
            } else {
                format!(": {snippet}")
            }
        )));
    }
    serde_json::from_str(&body)
        .map_err(|_| Error::failed_action(format!("token endpoint {url} did not answer JSON")))
}

/// Percent-encodes everything but the unreserved characters (RFC 3986), as
/// query values and SigV4 canonical requests want.
#[cfg(any(feature = "cf", feature = "k8s"))]
pub(crate) fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
