//! Where the Toxiproxy API is (`toxiproxy_url`, or `toxiproxy_host` and
//! `toxiproxy_port`) and the requests every `toxiproxy` step sends it.

use crate::action::StepContext;
use crate::error::Error;
use crate::http::check_http_url;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

/// The connection arguments every step takes, as the driver reads them
/// from its configuration: the URL wins when given.
#[derive(Debug, Deserialize)]
pub(super) struct Connection {
    #[serde(default)]
    toxiproxy_url: Option<String>,
    #[serde(default)]
    toxiproxy_host: Option<String>,
    // Its default (8474) comes from the declaration.
    toxiproxy_port: Value,
}

/// Puts an IPv6 literal between brackets, as URLs and `host:port` want.
pub(super) fn bracketed(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

impl Connection {
    fn port(&self) -> Result<u16, Error> {
        let port = match &self.toxiproxy_port {
            Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
            Value::String(s) => s.trim().parse::<u16>().ok(),
            _ => None,
        };
        port.filter(|p| *p > 0).ok_or_else(|| {
            Error::invalid_argument(
                "toxiproxy_port",
                format!(
                    "must be a port from 1 to 65535, not {}",
                    self.toxiproxy_port
                ),
            )
        })
    }

    /// The API's base URL, with no trailing slash (the driver keeps one,
    /// and then asks for `//proxies`).
    pub(super) fn base(&self) -> Result<String, Error> {
        if let Some(url) = self.toxiproxy_url.as_deref().filter(|u| !u.is_empty()) {
            check_http_url("toxiproxy_url", url)?;
            return Ok(url.trim_end_matches('/').to_string());
        }
        let Some(host) = self.toxiproxy_host.as_deref().filter(|h| !h.is_empty()) else {
            return Err(Error::invalid_argument(
                "toxiproxy_url",
                "no Toxiproxy API given: set `toxiproxy_url`, or `toxiproxy_host` (and `toxiproxy_port`)",
            ));
        };
        if host.contains('/') {
            return Err(Error::invalid_argument(
                "toxiproxy_host",
                format!("`{host}` is not a host name; a URL goes in `toxiproxy_url`"),
            ));
        }
        let url = format!("http://{}:{}", bracketed(host), self.port()?);
        check_http_url("toxiproxy_host", &url)?;
        Ok(url)
    }

    pub(super) fn check(&self) -> Result<(), Error> {
        self.base().map(drop)
    }

    /// The URL of `segments` under the base, each percent-encoded as needed.
    pub(super) fn url(&self, segments: &[&str]) -> Result<String, Error> {
        let base = self.base()?;
        let mut url = reqwest::Url::parse(&base)
            .map_err(|e| Error::invalid_argument("toxiproxy_url", e.to_string()))?;
        url.path_segments_mut()
            .map_err(|()| Error::invalid_argument("toxiproxy_url", "cannot take a path"))?
            .pop_if_empty()
            .extend(segments);
        Ok(url.to_string())
    }

    /// Sends one request (checked against the allow-list where it connects)
    /// and reads the whole answer.
    pub(super) async fn send(
        &self,
        ctx: &StepContext,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<Answer, Error> {
        let source = match self.toxiproxy_url.as_deref().filter(|u| !u.is_empty()) {
            Some(_) => "argument `toxiproxy_url`",
            None => "argument `toxiproxy_host`",
        };
        let client = crate::http::client(ctx, true)?;
        let mut request = client.request(method.clone(), url, source);
        if let Some(body) = body {
            request = request.with(|r| r.json(body));
        }
        ctx.log(format!("{method} {url}"));
        let response = request.send().await?;
        let status = response.status();
        let text = response.text().await.map_err(|e| {
            Error::failed_action_from(format!("{method} {url}: could not read the answer: {e}"), e)
        })?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Answer { status, body, text })
    }

    /// The failure of a request the server refused: what was asked, the
    /// status, and the server's own error text.
    pub(super) fn refused(&self, what: &str, answer: &Answer) -> Error {
        let base = self.base().unwrap_or_default();
        Error::failed_action(format!(
            "Toxiproxy at {base} could not {what}: {}: {}",
            answer.status,
            answer.error_text()
        ))
    }
}

/// A Toxiproxy answer: its status, its JSON body (null when it has none).
#[derive(Debug)]
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) body: Value,
    text: String,
}

impl Answer {
    /// Whether the status is a success, as the driver's `response.ok` (any
    /// status below 400) would say for the statuses Toxiproxy sends.
    pub(super) fn ok(&self) -> bool {
        self.status.is_success()
    }

    /// The server's words: `error` of Toxiproxy's error body, else the
    /// start of whatever it sent.
    pub(super) fn error_text(&self) -> String {
        if let Some(error) = self.body.get("error").and_then(Value::as_str) {
            return error.to_string();
        }
        let text: String = self.text.trim().chars().take(200).collect();
        if text.is_empty() {
            "no error message".to_string()
        } else {
            text
        }
    }
}

/// A dry run's result: what the step would do, and the request it would
/// send; the step log says the same.
pub(super) fn would(
    ctx: &StepContext,
    what: String,
    method: Method,
    url: &str,
    body: Option<Value>,
) -> Value {
    ctx.log(format!("dry run: would {what} ({method} {url})"));
    json!({
        "dry_run": true,
        "would": what,
        "request": {"method": method.as_str(), "url": url, "body": body},
    })
}

/// The port at the end of a proxy's `listen` address, as the driver reads
/// it (the text after the last `:`), when it is a number.
pub(super) fn listen_port(proxy: &Value) -> Option<(String, u16)> {
    let listen = proxy.get("listen")?.as_str()?;
    let port = listen.rsplit(':').next()?.parse().ok()?;
    Some((listen.to_string(), port))
}
