//! `chaostoolkit.http`: an HTTP request shaped as the Chaos Toolkit's http
//! provider sends it, answered as that provider reports it.

use crate::action::{ActionArgs, StepContext};
use crate::error::Error;
use crate::http::check_http_url;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::time::Duration;

#[derive(Debug, Deserialize)]
pub(super) struct HttpArgs {
    url: String,
    method: String,
    headers: Map<String, Value>,
    arguments: Option<Value>,
    timeout: Option<Value>,
    verify_tls: bool,
    max_retries: u32,
}

impl ActionArgs for HttpArgs {
    fn check(&self) -> Result<(), Error> {
        check_http_url("url", &self.url)?;
        Method::from_bytes(self.method.to_ascii_uppercase().as_bytes())
            .map_err(|_| Error::invalid_argument("method", "is not an HTTP method"))?;
        request_timeout(self.timeout.as_ref().unwrap_or(&Value::Null))?;
        Ok(())
    }
}

/// The whole time a request may take: a number of seconds, or the sum of
/// `[connect, read]` (reqwest bounds the whole request, not each phase).
fn request_timeout(timeout: &Value) -> Result<Option<Duration>, Error> {
    let seconds = match timeout {
        Value::Null => return Ok(None),
        Value::Number(n) => n.as_f64(),
        Value::Array(parts) if parts.len() == 2 => {
            parts.iter().map(Value::as_f64).sum::<Option<f64>>()
        }
        _ => None,
    };
    match seconds {
        Some(s) if s.is_finite() && s >= 0.0 => Ok(Some(Duration::from_secs_f64(s))),
        _ => Err(Error::invalid_argument(
            "timeout",
            "must be a number of seconds or `[connect, read]`",
        )),
    }
}

/// A JSON value as the text Python's requests would send for it (a null
/// is left out).
fn form_text(value: &Value) -> Option<String> {
    (!value.is_null()).then(|| super::python_str(value))
}

/// `arguments` as `(name, value)` pairs: a list value repeats its name, a
/// null is left out (as requests encodes parameters and forms).
fn pairs(arguments: &Value) -> Vec<(String, String)> {
    let Value::Object(map) = arguments else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, value) in map {
        match value {
            Value::Array(items) => out.extend(
                items
                    .iter()
                    .filter_map(form_text)
                    .map(|v| (name.clone(), v)),
            ),
            other => out.extend(form_text(other).map(|v| (name.clone(), v))),
        }
    }
    out
}

async fn http(args: HttpArgs, ctx: StepContext) -> Result<Value, Error> {
    let method_name = args.method.to_ascii_uppercase();
    let method = Method::from_bytes(method_name.as_bytes())
        .map_err(|_| Error::invalid_argument("method", "is not an HTTP method"))?;
    if ctx.dry_run() {
        // Not even a GET: an activity's request may be what changes things.
        ctx.log(format!("dry run: would send {method_name} {}", args.url));
        return Ok(json!({
            "dry_run": true,
            "would": format!("send {method_name} {}", args.url),
            "method": method_name,
            "url": args.url,
        }));
    }
    let client = crate::http::client(&ctx, args.verify_tls)?;
    let timeout = request_timeout(args.timeout.as_ref().unwrap_or(&Value::Null))?;
    let mut attempt = 0;
    let response = loop {
        let mut request = client.request(method.clone(), &args.url, "argument `url`");
        request = request.with(|r| build(r, &method, &args, timeout));
        ctx.log_with(|| format!("{method_name} {}", args.url));
        match request.send().await {
            Ok(response) => break response,
            // Only a request that never reached the server is sent again,
            // as requests' retries on connection errors do.
            Err(Error::FailedAction { .. }) if attempt < args.max_retries => {
                attempt += 1;
                ctx.log(format!(
                    "could not connect; retry {attempt} of {}",
                    args.max_retries
                ));
            }
            Err(e) => return Err(e),
        }
    };
    answer(response, &method_name, &args.url).await
}

/// The request's headers, query or body, and timeout.
fn build(
    mut request: reqwest::RequestBuilder,
    method: &Method,
    args: &HttpArgs,
    timeout: Option<Duration>,
) -> reqwest::RequestBuilder {
    let mut json_body = false;
    for (name, value) in &args.headers {
        if let Some(text) = form_text(value) {
            // The provider looks for this exact key and value.
            json_body |= name == "Content-Type" && text == "application/json";
            request = request.header(name.as_str(), text);
        }
    }
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let arguments = args.arguments.as_ref().unwrap_or(&Value::Null);
    if *method == Method::GET {
        return request.query(&pairs(arguments));
    }
    match arguments {
        Value::Null => request,
        body if json_body => request.json(body),
        Value::String(text) => request.body(text.clone()),
        other => request.form(&pairs(other)),
    }
}

/// `status`, `headers` and `body` (parsed only when the answer is exactly
/// `application/json`, as the provider does).
async fn answer(response: reqwest::Response, method: &str, url: &str) -> Result<Value, Error> {
    let status = response.status().as_u16();
    // Names as the client hands them over (lower case); requests keeps the
    // server's own spelling, which HTTP/2 and most servers make lower case.
    let headers = crate::http::header_map(response.headers(), str::to_string);
    let is_json = headers.get("content-type").and_then(Value::as_str) == Some("application/json");
    let text = response.text().await.map_err(|e| {
        Error::failed_action_from(format!("{method} {url}: could not read the body: {e}"), e)
    })?;
    let body = if is_json {
        serde_json::from_str(&text).map_err(|e| {
            Error::failed_action_from(
                format!("{method} {url}: the JSON body does not parse: {e}"),
                e,
            )
        })?
    } else {
        Value::String(text)
    };
    Ok(json!({"status": status, "headers": headers, "body": body}))
}

/// Binds the action implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("http", http)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_encode_as_requests_does() {
        let args = json!({"a": 1, "b": [true, "x"], "c": null, "d": "text"});
        assert_eq!(
            pairs(&args),
            vec![
                ("a".to_string(), "1".to_string()),
                ("b".into(), "True".into()),
                ("b".into(), "x".into()),
                ("d".into(), "text".into()),
            ]
        );
    }

    #[test]
    fn a_timeout_is_seconds_or_connect_and_read() {
        assert_eq!(
            request_timeout(&json!(2)).unwrap(),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            request_timeout(&json!([1, 0.5])).unwrap(),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(request_timeout(&Value::Null).unwrap(), None);
        assert!(request_timeout(&json!("soon")).is_err());
        assert!(request_timeout(&json!([1, 2, 3])).is_err());
    }
}
