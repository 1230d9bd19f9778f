//! HTTP plumbing shared by the namespaces that speak HTTP.
// With only `eks`, just the percent-encoding is used.
#![cfg_attr(
    not(any(
        feature = "cm",
        feature = "prom",
        feature = "cf",
        feature = "toxiproxy"
    )),
    allow(dead_code)
)]

use crate::action::{AllowList, StepContext};
use crate::error::Error;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The trial's HTTP clients (one verifying TLS, one not), built on first use
/// and kept in the trial's state, so every step reuses their connections.
#[derive(Default)]
pub(crate) struct HttpClients {
    verified: OnceLock<GuardedClient>,
    unverified: OnceLock<GuardedClient>,
}

/// Redirects followed before a request gives up.
const MAX_REDIRECTS: usize = 10;

/// The trial's HTTP client for `ctx`'s step, verifying TLS or not.
pub(crate) fn client(ctx: &StepContext, verify_tls: bool) -> Result<GuardedClient, Error> {
    let clients = ctx.trial_state::<HttpClients>();
    let slot = if verify_tls {
        &clients.verified
    } else {
        &clients.unverified
    };
    if let Some(client) = slot.get() {
        return Ok(client.clone());
    }
    let allow = ctx.shared_allow_list();
    let hops = Arc::clone(&allow);
    // Each redirect hop is checked like the first request: an allowed host
    // cannot send the client somewhere the allow-list refuses.
    let redirects = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
        }
        let source = match attempt.previous().last() {
            Some(from) => format!("a redirect from {from}"),
            None => "a redirect".to_string(),
        };
        match hops.check_parsed_url(attempt.url(), &source) {
            Ok(()) => attempt.follow(),
            Err(refusal) => attempt.error(refusal),
        }
    });
    let client = reqwest::Client::builder()
        .use_rustls_tls()
        .danger_accept_invalid_certs(!verify_tls)
        .redirect(redirects)
        .pool_idle_timeout(Duration::from_secs(30))
        .user_agent(concat!("kallisti/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::failed_action_from(format!("cannot build the HTTP client: {e}"), e))?;
    Ok(slot.get_or_init(|| GuardedClient { client, allow }).clone())
}

/// An HTTP client that checks the allow-list on every request it sends:
/// the URL as the client parsed it, right before it connects, and every
/// redirect hop. Namespaces get no other way to send a request.
#[derive(Clone)]
pub(crate) struct GuardedClient {
    client: reqwest::Client,
    allow: Arc<AllowList>,
}

/// A request being built; [`send`](Self::send) checks where it goes.
pub(crate) struct GuardedRequest {
    builder: reqwest::RequestBuilder,
    allow: Arc<AllowList>,
    shown_url: String,
    source: String,
}

impl GuardedClient {
    /// A request to `url`; `source` says where the URL came from
    /// (`argument \`url\``), for a refusal's message.
    pub(crate) fn request(
        &self,
        method: reqwest::Method,
        url: &str,
        source: &str,
    ) -> GuardedRequest {
        GuardedRequest {
            builder: self.client.request(method, url),
            allow: Arc::clone(&self.allow),
            shown_url: url.to_string(),
            source: source.to_string(),
        }
    }

    /// A GET request (see [`request`](Self::request)).
    #[cfg_attr(not(any(feature = "prom", feature = "cf")), allow(dead_code))]
    pub(crate) fn get(&self, url: &str, source: &str) -> GuardedRequest {
        self.request(reqwest::Method::GET, url, source)
    }
}

impl GuardedRequest {
    /// Adds headers, a body, a query... with reqwest's own builder.
    pub(crate) fn with(
        mut self,
        build: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Self {
        self.builder = build(self.builder);
        self
    }

    /// Checks the request's host against the allow-list, then sends it. A
    /// refusal, here or at a redirect, is [`Error::Refused`] and nothing
    /// reaches the refused host; other failures are `FailedAction`s naming
    /// the method and URL.
    pub(crate) async fn send(self) -> Result<reqwest::Response, Error> {
        let (client, request) = self.builder.build_split();
        let request = request.map_err(|e| {
            Error::failed_action_from(
                format!("{}: cannot build the request: {e}", self.shown_url),
                e,
            )
        })?;
        self.allow.check_parsed_url(request.url(), &self.source)?;
        let method = request.method().to_string();
        client
            .execute(request)
            .await
            .map_err(|e| send_error(&method, &self.shown_url, e))
    }
}

/// A send failure as kallisti's error: the allow-list's refusal when a
/// redirect was refused, else a `FailedAction` saying why.
fn send_error(method: &str, url: &str, error: reqwest::Error) -> Error {
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        if let Some(refusal) = cause.downcast_ref::<Error>() {
            return refusal.clone();
        }
        source = cause.source();
    }
    Error::failed_action_from(describe_send_error(method, url, &error), error)
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

/// An OAuth2 password grant at `url` (from `source`) for a user name and
/// password (the client as HTTP Basic when given):
/// the token endpoint's JSON answer. A refusal is a `FailedAction` naming
/// the endpoint, the user and the status, secrets redacted.
#[cfg(any(feature = "cm", feature = "cf"))]
pub(crate) async fn password_grant(
    ctx: &StepContext,
    client: &GuardedClient,
    url: &str,
    source: &str,
    oauth_client: Option<(&str, &str)>,
    (username, password): (&str, &crate::credential::Secret),
    extra: &[(&str, &str)],
) -> Result<serde_json::Value, Error> {
    let mut form = vec![
        ("grant_type", "password"),
        ("username", username),
        ("password", password.expose()),
    ];
    form.extend_from_slice(extra);
    let mut request = client
        .request(reqwest::Method::POST, url, source)
        .with(|r| r.form(&form));
    if let Some((id, secret)) = oauth_client {
        use base64::Engine as _;
        // The header carries the secret base64-encoded, which a server may
        // echo back: that spelling is as secret as the secret.
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        ctx.add_secret(secret);
        ctx.add_secret(&basic);
        request =
            request.with(|r| r.header(reqwest::header::AUTHORIZATION, format!("Basic {basic}")));
    }
    ctx.log(format!("requesting a token from {url} (password grant)"));
    let response = request.send().await?;
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
#[cfg(any(feature = "cf", feature = "eks"))]
pub(crate) fn percent_encode(text: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(text, RESERVED).to_string()
}

/// `content-type` → `Content-Type`: how the seed's outputs spell headers
/// (HTTP/1 clients show them so; HTTP/2 lower-cases them on the wire).
#[cfg(feature = "cm")]
pub(crate) fn title_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A response's headers as a JSON mapping, each name written by `name`;
/// a header sent more than once is joined with `, `.
#[cfg(feature = "cm")]
pub(crate) fn header_map(
    headers: &reqwest::header::HeaderMap,
    name: impl Fn(&str) -> String,
) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    for (key, value) in headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        match out.entry(name(key.as_str())) {
            serde_json::map::Entry::Occupied(mut seen) => {
                if let serde_json::Value::String(existing) = seen.get_mut() {
                    existing.push_str(", ");
                    existing.push_str(&value);
                }
            }
            serde_json::map::Entry::Vacant(slot) => {
                slot.insert(serde_json::Value::String(value));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[cfg(any(feature = "cf", feature = "eks"))]
    #[test]
    fn percent_encode_keeps_only_unreserved_characters() {
        assert_eq!(
            super::percent_encode("aZ9-_.~ /+=&é"),
            "aZ9-_.~%20%2F%2B%3D%26%C3%A9"
        );
    }

    #[cfg(feature = "cm")]
    #[test]
    fn header_names_are_title_cased() {
        assert_eq!(super::title_case("content-type"), "Content-Type");
        assert_eq!(super::title_case("x-vcap-request-id"), "X-Vcap-Request-Id");
        assert_eq!(super::title_case("date"), "Date");
    }
}
