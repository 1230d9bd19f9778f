//! Servers that give back what they were sent, so that a secret kallisti
//! sends comes back into text kallisti formats (a result, an error), and
//! an output that shows it proves a redaction is missing.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use serde_json::json;
use std::sync::{Arc, Mutex};

/// Where an echo starts in any text it reaches.
pub const MARK: &str = "ECHOED[";

/// Everything one request carried: method, path and query, the headers
/// that carry credentials, the body, then the other headers. Credentials
/// come first because clients often quote only the start of an error body.
pub fn dump(method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> String {
    let carries_credentials =
        |name: &str| name == "authorization" || name == "x-amz-security-token";
    let line = |(k, v): (&axum::http::HeaderName, &axum::http::HeaderValue)| {
        format!("{k}: {}", v.to_str().unwrap_or_default())
    };
    let first: Vec<String> = headers
        .iter()
        .filter(|(k, _)| carries_credentials(k.as_str()))
        .map(line)
        .collect();
    let rest: Vec<String> = headers
        .iter()
        .filter(|(k, _)| !carries_credentials(k.as_str()))
        .map(line)
        .collect();
    format!(
        "{MARK}{method} {uri} | {} | {} | {}]",
        first.join(" | "),
        String::from_utf8_lossy(body),
        rest.join(" | ")
    )
}

/// An answer with `status` carrying `echo` in the error shape of every
/// platform kallisti talks to: Kubernetes' `Status.message`, Prometheus'
/// `error`, Cloud Foundry's `errors[].detail` and UAA's
/// `error_description`, AWS's `message` (JSON) or `<Message>` (XML, for
/// form-encoded requests).
pub fn error_answer(status: u16, echo: &str, form: bool) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = StatusCode::from_u16(status).unwrap();
    if form {
        let text = echo
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let body = format!(
            "<Response><Errors><Error><Code>EchoedBack</Code><Message>{text}</Message></Error></Errors><RequestID>echo</RequestID></Response>"
        );
        return (status, [("content-type", "text/xml")], body).into_response();
    }
    let body = json!({
        "kind": "Status", "apiVersion": "v1", "status": "error", "code": status.as_u16(),
        "reason": "BadRequest", "message": echo, "error": echo, "errorType": "bad_data",
        "errors": [{"title": "EchoedBack", "detail": echo, "code": 10001}],
        "error_description": echo, "__type": "EchoedBackException",
    });
    (
        status,
        [
            ("content-type", "application/json"),
            ("x-amzn-errortype", "EchoedBackException"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// What an echo server was sent, one dump per request.
#[derive(Clone, Default)]
pub struct Seen(pub Arc<Mutex<Vec<String>>>);

impl Seen {
    /// Every dump, joined.
    pub fn text(&self) -> String {
        self.0.lock().unwrap().join("\n")
    }

    /// Asserts that `secret` reached the server.
    pub fn assert_received(&self, secret: &str) {
        let text = self.text();
        assert!(
            text.contains(secret),
            "`{secret}` never reached the server:\n{text}"
        );
    }
}

/// A server answering every request with `status` and the echo of that
/// request (see [`error_answer`]).
pub async fn error_server(status: u16) -> (String, Seen) {
    let seen = Seen::default();
    let kept = seen.clone();
    let app = axum::Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let seen = kept.clone();
            async move {
                let echo = dump(&method, &uri, &headers, &body);
                seen.0.lock().unwrap().push(echo.clone());
                let form = headers.get("content-type").is_some_and(|t| {
                    t.as_bytes()
                        .starts_with(b"application/x-www-form-urlencoded")
                });
                error_answer(status, &echo, form)
            }
        },
    );
    (serve(app).await, seen)
}

/// Serves `app` on a loopback port; its base URL.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}
