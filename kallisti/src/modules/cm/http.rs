//! `cm.http_probe` and `cm.http_request`.

use super::auth::{self, Authentication};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use crate::http::check_http_url;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::time::Instant;

/// The arguments both HTTP steps take. Defaults (`method`, `verify_tls`)
/// come from the catalog declaration, which fills them in before decoding.
#[derive(Debug, Deserialize)]
pub(super) struct HttpArgs {
    url: String,
    method: String,
    #[serde(default)]
    request_body: Option<Map<String, Value>>,
    #[serde(default)]
    headers: Option<Map<String, Value>>,
    #[serde(default)]
    authentication: Option<Authentication>,
    verify_tls: bool,
}

/// Headers the HTTP client frames itself; a value given for them would
/// corrupt the request (the seed's GET example sets `Content-Length: 15`).
const FRAMING_HEADERS: &[&str] = &["content-length", "transfer-encoding", "host"];

impl HttpArgs {
    fn check(&self, methods: &[&str]) -> Result<(), Error> {
        check_http_url("url", &self.url)?;
        let method = self.method.to_ascii_uppercase();
        if !methods.contains(&method.as_str()) {
            return Err(Error::invalid_argument(
                "method",
                format!("`{}` is not one of {}", self.method, methods.join(", ")),
            ));
        }
        for (name, value) in self.headers.iter().flatten() {
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::invalid_argument(format!("headers.{name}"), "is not a valid header name")
            })?;
            let text = header_text(value).ok_or_else(|| {
                Error::invalid_argument(
                    format!("headers.{name}"),
                    "must be a string, number or boolean",
                )
            })?;
            HeaderValue::from_str(&text).map_err(|_| {
                Error::invalid_argument(format!("headers.{name}"), "is not a valid header value")
            })?;
        }
        if let Some(authentication) = &self.authentication {
            authentication.check()?;
        }
        Ok(())
    }
}

fn header_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

const PROBE_METHODS: &[&str] = &["GET", "POST"];
const REQUEST_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub(super) struct HttpProbeArgs(HttpArgs);

impl ActionArgs for HttpProbeArgs {
    fn check(&self) -> Result<(), Error> {
        self.0.check(PROBE_METHODS)
    }
}

#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub(super) struct HttpRequestArgs(HttpArgs);

impl ActionArgs for HttpRequestArgs {
    fn check(&self) -> Result<(), Error> {
        self.0.check(REQUEST_METHODS)
    }
}

pub(super) async fn http_probe(args: HttpProbeArgs, ctx: StepContext) -> Result<Value, Error> {
    let result = send(&args.0, &ctx).await?;
    let status = result["status_code"].as_u64().unwrap_or_default();
    if (400..600).contains(&status) {
        let body = result["response_text"].as_str().unwrap_or_default();
        let snippet: String = body.chars().take(200).collect();
        return Err(Error::failed_action(format!(
            "{} {} answered {status}{}",
            args.0.method.to_ascii_uppercase(),
            args.0.url,
            if snippet.is_empty() {
                String::new()
            } else {
                format!(": {snippet}")
            }
        )));
    }
    Ok(result)
}

pub(super) async fn http_request(args: HttpRequestArgs, ctx: StepContext) -> Result<Value, Error> {
    send(&args.0, &ctx).await
}

async fn send(args: &HttpArgs, ctx: &StepContext) -> Result<Value, Error> {
    let method_name = args.method.to_ascii_uppercase();
    let method = Method::from_bytes(method_name.as_bytes())
        .map_err(|_| Error::invalid_argument("method", "is not an HTTP method"))?;
    let read_only = matches!(method, Method::GET | Method::HEAD);
    if ctx.dry_run() && !read_only {
        ctx.log(format!("dry run: would send {method_name} {}", args.url));
        return Ok(json!({"dry_run": true, "method": method_name, "url": args.url}));
    }
    let client = crate::http::client(ctx, args.verify_tls)?;
    let mut request = client.request(method, &args.url, "argument `url`");
    let mut has_content_type = false;
    for (name, value) in args.headers.iter().flatten() {
        let lower = name.to_ascii_lowercase();
        if FRAMING_HEADERS.contains(&lower.as_str()) {
            ctx.log(format!(
                "header `{name}` ignored: the HTTP client sets it from the actual body"
            ));
            continue;
        }
        has_content_type |= lower == "content-type";
        if let Some(text) = header_text(value) {
            request = request.with(|r| r.header(name.as_str(), text));
        }
    }
    // The declaration makes the body a mapping: it is always sent as JSON.
    if let Some(body) = &args.request_body {
        let bytes = serde_json::to_vec(body).expect("JSON values serialize");
        if !has_content_type {
            request = request.with(|r| r.header("content-type", "application/json"));
        }
        request = request.with(|r| r.body(bytes));
    }
    if let Some(authentication) = &args.authentication {
        let token = auth::bearer_token(authentication, &client, ctx).await?;
        request = request.with(|r| r.bearer_auth(token.expose()));
    }
    ctx.log_with(|| format!("{method_name} {}", args.url));
    let started = Instant::now();
    let response = request.send().await?;
    let response_time = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    let headers = crate::http::header_map(response.headers(), crate::http::title_case);
    let text = response.text().await.map_err(|e| {
        Error::failed_action(format!(
            "{method_name} {}: could not read the response body: {e}",
            args.url
        ))
    })?;
    ctx.log_with(|| format!("answered {status} in {response_time:.3}s"));
    let parsed = serde_json::from_str::<Value>(&text).unwrap_or(Value::Null);
    Ok(json!({
        "status_code": status,
        "response_text": text,
        "response_headers": headers,
        "response_time_in_seconds": response_time,
        "response": parsed,
    }))
}

/// Binds the `cm` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("http_probe", http_probe)
        .action("http_request", http_request)
}
