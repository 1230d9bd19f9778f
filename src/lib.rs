//! The demo service the examples and end-to-end tests run experiments against:
//! a small "fortune teller" HTTP service on a random loopback port that can be
//! told to fail or slow down, with an OAuth2 token endpoint and a request log.
//!
//! ```no_run
//! # async fn demo() {
//! let service = kallisti_suite::DemoService::start().await;
//! println!("demo service at {}", service.url());
//! # }
//! ```

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the service received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The method.
    pub method: String,
    /// The path and query.
    pub uri: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Received {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The OAuth2 client and user the token endpoint accepts.
#[derive(Debug, Clone)]
pub struct OAuthConfig {
    /// Client id (HTTP Basic user).
    pub client_id: String,
    /// Client secret (HTTP Basic password).
    pub client_secret: String,
    /// User name of the password grant.
    pub username: String,
    /// Password of the password grant.
    pub password: String,
    /// The token it issues.
    pub token: String,
}

impl Default for OAuthConfig {
    fn default() -> Self {
        OAuthConfig {
            client_id: "demo-client".into(),
            client_secret: "demo-client-secret".into(),
            username: "demo-user".into(),
            password: "demo-password".into(),
            token: "demo-access-token".into(),
        }
    }
}

#[derive(Default)]
struct Inner {
    failing_until: Option<Instant>,
    failing_forever: bool,
    delay: Duration,
    requests: Vec<Received>,
    fortune: String,
    oauth: OAuthConfig,
}

type Shared = Arc<Mutex<Inner>>;

/// A running demo service; stops when dropped.
pub struct DemoService {
    addr: SocketAddr,
    state: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for DemoService {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl DemoService {
    /// Starts the service on a random loopback port.
    pub async fn start() -> Self {
        Self::start_with(OAuthConfig::default()).await
    }

    /// Starts the service on `addr` (e.g. `127.0.0.1:8080`).
    pub async fn start_on(addr: SocketAddr) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        Ok(Self::serve(listener, OAuthConfig::default()))
    }

    /// Starts the service with this OAuth2 configuration.
    pub async fn start_with(oauth: OAuthConfig) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        Self::serve(listener, oauth)
    }

    fn serve(listener: tokio::net::TcpListener, oauth: OAuthConfig) -> Self {
        let state: Shared = Arc::new(Mutex::new(Inner {
            fortune: "Fortune favors the brave".into(),
            oauth,
            ..Inner::default()
        }));
        let app = Router::new()
            .route("/health", get(health))
            .route("/fortune", any(fortune))
            .route("/echo", any(echo))
            .route("/status/{code}", any(status))
            .route("/slow", get(slow))
            .route("/text", get(|| async { "plain text, not JSON" }))
            .route("/chaos/fail", post(fail).delete(recover))
            .route("/chaos/delay", post(delay))
            .route("/oauth/token", post(token))
            .route("/secure", get(secure))
            .layer(axum::middleware::from_fn_with_state(state.clone(), record))
            .with_state(state.clone());
        let addr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        DemoService { addr, state, task }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Received> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Requests received for `path` (without query).
    pub fn requests_to(&self, path: &str) -> Vec<Received> {
        self.requests()
            .into_iter()
            .filter(|r| r.uri.split('?').next() == Some(path))
            .collect()
    }

    /// Makes `/health` and `/fortune` answer 503 for `duration`.
    pub fn fail_for(&self, duration: Duration) {
        self.state.lock().unwrap().failing_until = Some(Instant::now() + duration);
    }

    /// Whether the service is currently failing.
    pub fn is_failing(&self) -> bool {
        failing(&self.state.lock().unwrap())
    }
}

fn failing(inner: &Inner) -> bool {
    inner.failing_forever || inner.failing_until.is_some_and(|t| Instant::now() < t)
}

/// Logs every request (method, URI, headers, body) before its handler runs.
async fn record(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    state.lock().unwrap().requests.push(Received {
        method: parts.method.to_string(),
        uri: parts.uri.to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    });
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

async fn pause(state: &Shared) {
    let delay = state.lock().unwrap().delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}

async fn health(State(state): State<Shared>) -> Response {
    pause(&state).await;
    if failing(&state.lock().unwrap()) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "DOWN"})),
        )
            .into_response();
    }
    Json(json!({"status": "UP"})).into_response()
}

async fn fortune(State(state): State<Shared>, method: Method, body: Bytes) -> Response {
    pause(&state).await;
    let mut inner = state.lock().unwrap();
    if failing(&inner) {
        return (StatusCode::SERVICE_UNAVAILABLE, "fortunes are down").into_response();
    }
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    match method {
        Method::GET => Json(json!({"id": "1001", "text": inner.fortune})).into_response(),
        Method::POST => (StatusCode::CREATED, Json(parsed.unwrap_or(Value::Null))).into_response(),
        Method::PUT | Method::PATCH => {
            let Some(text) = parsed.as_ref().and_then(|v| v["text"].as_str()) else {
                return (
                    StatusCode::BAD_REQUEST,
                    Json(json!({"Message": "a JSON body with `text` is required"})),
                )
                    .into_response();
            };
            inner.fortune = text.to_string();
            Json(json!({"Message": "Fortune message updated"})).into_response()
        }
        Method::DELETE => StatusCode::NO_CONTENT.into_response(),
        _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

async fn echo(method: Method, headers: HeaderMap, body: Bytes) -> Response {
    let header_map: serde_json::Map<String, Value> = headers
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), json!(v.to_str().unwrap_or(""))))
        .collect();
    Json(json!({
        "method": method.as_str(),
        "headers": header_map,
        "body": String::from_utf8_lossy(&body),
        "json": serde_json::from_slice::<Value>(&body).ok(),
    }))
    .into_response()
}

async fn status(axum::extract::Path(code): axum::extract::Path<u16>) -> Response {
    let code = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
    (code, Json(json!({"status": code.as_u16()}))).into_response()
}

#[derive(Deserialize)]
struct Millis {
    ms: Option<u64>,
    for_ms: Option<u64>,
}

async fn slow(Query(q): Query<Millis>) -> Response {
    tokio::time::sleep(Duration::from_millis(q.ms.unwrap_or(1000))).await;
    Json(json!({"slept_ms": q.ms.unwrap_or(1000)})).into_response()
}

async fn fail(State(state): State<Shared>, Query(q): Query<Millis>) -> Response {
    let mut inner = state.lock().unwrap();
    match q.for_ms {
        Some(ms) => inner.failing_until = Some(Instant::now() + Duration::from_millis(ms)),
        None => inner.failing_forever = true,
    }
    Json(json!({"failing": true, "for_ms": q.for_ms})).into_response()
}

async fn recover(State(state): State<Shared>) -> Response {
    let mut inner = state.lock().unwrap();
    inner.failing_forever = false;
    inner.failing_until = None;
    inner.delay = Duration::ZERO;
    Json(json!({"failing": false})).into_response()
}

async fn delay(State(state): State<Shared>, Query(q): Query<Millis>) -> Response {
    state.lock().unwrap().delay = Duration::from_millis(q.ms.unwrap_or(0));
    Json(json!({"delay_ms": q.ms.unwrap_or(0)})).into_response()
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    use base64::Engine as _;
    let value = headers.get("authorization")?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, pass) = text.split_once(':')?;
    Some((user.to_string(), pass.to_string()))
}

async fn token(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let oauth = state.lock().unwrap().oauth.clone();
    let form: Vec<(String, String)> = url_form(&body);
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if basic_credentials(&headers) != Some((oauth.client_id.clone(), oauth.client_secret.clone())) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    if field("grant_type") != Some("password") {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "unsupported_grant_type"})),
        )
            .into_response();
    }
    if field("username") != Some(oauth.username.as_str())
        || field("password") != Some(oauth.password.as_str())
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_grant", "error_description": "Bad credentials"})),
        )
            .into_response();
    }
    Json(json!({"access_token": oauth.token, "token_type": "bearer", "expires_in": 3600, "resource": field("resource")})).into_response()
}

fn url_form(body: &[u8]) -> Vec<(String, String)> {
    let decode = |s: &str| -> String {
        let s = s.replace('+', " ");
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                if let Ok(b) = u8::from_str_radix(hex, 16) {
                    out.push(b);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

async fn secure(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let expected = format!("Bearer {}", state.lock().unwrap().oauth.token);
    match headers.get("authorization").and_then(|v| v.to_str().ok()) {
        Some(value) if value == expected => Json(json!({"secure": true})).into_response(),
        _ => (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "unauthorized"})),
        )
            .into_response(),
    }
}
