//! Toxiproxy's HTTP API over a [`Proxies`] set, so Toxiproxy clients and the
//! Chaos Toolkit's Toxiproxy driver drive our proxies unchanged.

use super::toxic::{Stream, Toxic, ToxicKind};
use super::{Proxies, ProxyError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

/// The Toxiproxy version the API answers to `/version` (the one whose API
/// it follows).
pub const TOXIPROXY_VERSION: &str = "2.12.0";

/// Where a proxy created without `listen` listens. Toxiproxy listens on
/// every interface; a test's proxy should not be reachable from elsewhere.
const DEFAULT_LISTEN: &str = "127.0.0.1:0";

/// Serves Toxiproxy's HTTP API for `set` on `listener` until the runtime
/// ends.
pub async fn serve_api(listener: tokio::net::TcpListener, set: Proxies) {
    let _ = axum::serve(listener, router(set)).await;
}

fn router(set: Proxies) -> Router {
    Router::new()
        .route("/proxies", get(list_proxies).post(create_proxy))
        .route("/populate", post(populate))
        .route("/reset", post(reset))
        .route("/version", get(version))
        .route(
            "/proxies/{proxy}",
            get(show_proxy)
                .post(update_proxy)
                .patch(update_proxy)
                .delete(delete_proxy),
        )
        .route(
            "/proxies/{proxy}/toxics",
            get(list_toxics).post(create_toxic),
        )
        .route(
            "/proxies/{proxy}/toxics/{toxic}",
            get(show_toxic)
                .post(update_toxic)
                .patch(update_toxic)
                .delete(delete_toxic),
        )
        .fallback(unknown_path)
        .layer(axum::middleware::from_fn(refuse_browsers))
        .with_state(set)
}

/// Toxiproxy answers 403 to browsers, so a web page cannot drive the API of
/// a proxy on the developer's machine; so does this one.
async fn refuse_browsers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let browser = request
        .headers()
        .get(axum::http::header::USER_AGENT)
        .and_then(|agent| agent.to_str().ok())
        .is_some_and(|agent| agent.starts_with("Mozilla/"));
    if browser {
        return (StatusCode::FORBIDDEN, "User agent not allowed\n").into_response();
    }
    next.run(request).await
}

/// A path with doubled slashes (a client's base URL ending in `/`, as the
/// Chaos Toolkit driver builds them) is sent to its single-slash form with
/// 308, which clients follow keeping the method and body. Anything else is
/// Toxiproxy's plain 404.
async fn unknown_path(uri: axum::http::Uri) -> Response {
    let path = uri.path();
    if path.contains("//") {
        let mut clean = String::with_capacity(path.len());
        for c in path.chars() {
            if !(c == '/' && clean.ends_with('/')) {
                clean.push(c);
            }
        }
        if let Some(query) = uri.query() {
            clean = format!("{clean}?{query}");
        }
        return axum::response::Redirect::permanent(&clean).into_response();
    }
    (StatusCode::NOT_FOUND, "404 page not found\n").into_response()
}

/// An API error: Toxiproxy's `{"error": ..., "status": ...}` body.
struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.1, "status": self.0.as_u16()});
        (self.0, Json(body)).into_response()
    }
}

impl From<ProxyError> for ApiError {
    fn from(error: ProxyError) -> Self {
        let status = match &error {
            ProxyError::ProxyNotFound(_) | ProxyError::ToxicNotFound { .. } => {
                StatusCode::NOT_FOUND
            }
            ProxyError::ProxyExists(_) | ProxyError::ToxicExists { .. } => StatusCode::CONFLICT,
            ProxyError::Invalid(_) => StatusCode::BAD_REQUEST,
            ProxyError::Listen { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        };
        // Toxiproxy's messages, which clients match on.
        let message = match &error {
            ProxyError::ProxyNotFound(_) => "proxy not found".to_string(),
            ProxyError::ProxyExists(_) => "proxy already exists".to_string(),
            ProxyError::ToxicNotFound { .. } => "toxic not found".to_string(),
            ProxyError::ToxicExists { .. } => "toxic already exists".to_string(),
            other => other.to_string(),
        };
        ApiError(status, message)
    }
}

type ApiResult<T> = Result<T, ApiError>;

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, message.into())
}

/// The body as a JSON object; Toxiproxy refuses anything else with 400.
fn object(body: &[u8]) -> ApiResult<Map<String, Value>> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(bad_request("bad request body")),
    }
}

fn text_field<'a>(body: &'a Map<String, Value>, field: &str) -> ApiResult<Option<&'a str>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad_request(format!(
            "bad request body: {field} must be a string"
        ))),
    }
}

fn bool_field(body: &Map<String, Value>, field: &str) -> ApiResult<Option<bool>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(bad_request(format!(
            "bad request body: {field} must be a boolean"
        ))),
    }
}

async fn list_proxies(State(set): State<Proxies>) -> Json<Value> {
    let all: Map<String, Value> = set
        .all()
        .iter()
        .map(|p| (p.name().to_string(), p.to_json()))
        .collect();
    Json(Value::Object(all))
}

/// Creates one proxy from a request body; `enabled` defaults to true.
fn create_from(set: &Proxies, body: &Map<String, Value>) -> ApiResult<Value> {
    let name = text_field(body, "name")?.filter(|n| !n.is_empty());
    let name = name.ok_or_else(|| bad_request("missing required field: name"))?;
    let upstream = text_field(body, "upstream")?.filter(|u| !u.is_empty());
    let upstream = upstream.ok_or_else(|| bad_request("missing required field: upstream"))?;
    let listen = text_field(body, "listen")?
        .filter(|l| !l.is_empty())
        .unwrap_or(DEFAULT_LISTEN);
    let enabled = bool_field(body, "enabled")?.unwrap_or(true);
    set.create(name, listen, upstream, enabled)?;
    Ok(set.describe(name)?)
}

async fn create_proxy(
    State(set): State<Proxies>,
    body: axum::body::Bytes,
) -> ApiResult<impl IntoResponse> {
    let body = object(&body)?;
    Ok((StatusCode::CREATED, Json(create_from(&set, &body)?)))
}

/// Creates the proxies listed. One that exists with the same listen address
/// and upstream is left as it is; one that differs is replaced (its toxics
/// go). Every entry is checked before anything changes.
async fn populate(
    State(set): State<Proxies>,
    body: axum::body::Bytes,
) -> ApiResult<impl IntoResponse> {
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(&body) else {
        return Err(bad_request("bad request body: expected a list of proxies"));
    };
    let mut specs = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Value::Object(spec) = item else {
            return Err(bad_request("bad request body: expected a list of proxies"));
        };
        for field in ["name", "upstream"] {
            if text_field(spec, field)?.is_none_or(str::is_empty) {
                return Err(bad_request(format!(
                    "missing required field: {field} at proxy {}",
                    index + 1
                )));
            }
        }
        specs.push(spec);
    }
    let mut proxies = Vec::new();
    for spec in specs {
        let name = text_field(spec, "name")?.unwrap_or_default();
        if let Ok(current) = set.get(name) {
            let listen = text_field(spec, "listen")?.unwrap_or(DEFAULT_LISTEN);
            let same_listen = listen == current.listen_addr().to_string() || listen.ends_with(":0");
            if same_listen && text_field(spec, "upstream")? == Some(current.upstream().as_str()) {
                proxies.push(current.to_json());
                continue;
            }
            // Replaced: the new settings, no toxics, enabled as asked.
            current.remove_all_toxics();
            current.disable();
            let listen = Some(listen).filter(|_| !same_listen);
            current
                .reconfigure(listen, text_field(spec, "upstream")?)
                .await?;
            if bool_field(spec, "enabled")?.unwrap_or(true) {
                current.enable().await?;
            }
            proxies.push(current.to_json());
            continue;
        }
        proxies.push(create_from(&set, spec)?);
    }
    Ok((StatusCode::CREATED, Json(json!({"proxies": proxies}))))
}

async fn reset(State(set): State<Proxies>) -> ApiResult<StatusCode> {
    set.reset().await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn version() -> Json<Value> {
    Json(json!({"version": TOXIPROXY_VERSION}))
}

async fn show_proxy(
    State(set): State<Proxies>,
    Path(name): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(set.describe(&name)?))
}

async fn apply_update(set: &Proxies, name: &str, body: &Map<String, Value>) -> ApiResult<Value> {
    let proxy = set.get(name)?;
    let listen = text_field(body, "listen")?.filter(|l| !l.is_empty());
    let upstream = text_field(body, "upstream")?.filter(|u| !u.is_empty());
    let enabled = bool_field(body, "enabled")?;
    if listen.is_some() || upstream.is_some() {
        proxy.reconfigure(listen, upstream).await?;
    }
    match enabled {
        Some(true) => proxy.enable().await?,
        Some(false) => proxy.disable(),
        None => {}
    }
    Ok(proxy.to_json())
}

async fn update_proxy(
    State(set): State<Proxies>,
    Path(name): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    set.get(&name)?;
    Ok(Json(apply_update(&set, &name, &object(&body)?).await?))
}

async fn delete_proxy(
    State(set): State<Proxies>,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    set.delete(&name)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_toxics(
    State(set): State<Proxies>,
    Path(name): Path<String>,
) -> ApiResult<Json<Value>> {
    let toxics = set
        .get(&name)?
        .toxics()
        .iter()
        .map(Toxic::to_json)
        .collect();
    Ok(Json(Value::Array(toxics)))
}

/// Reads a toxic's attributes onto `base` (0 for any not given); a value
/// that is not a whole number ≥ 0 is a bad body, as in Toxiproxy.
fn attributes_onto(
    body: &Map<String, Value>,
    type_name: &str,
    mut base: Map<String, Value>,
) -> ApiResult<ToxicKind> {
    match body.get("attributes") {
        Some(Value::Object(given)) => base.extend(given.clone()),
        None | Some(Value::Null) => {}
        Some(_) => {
            return Err(bad_request(
                "bad request body: attributes must be an object",
            ))
        }
    }
    ToxicKind::from_attributes(type_name, &base)
        .map_err(|e| bad_request(format!("bad request body: {e}")))
}

/// A toxicity as Toxiproxy reads it: any number (above 1 is always, below
/// 0 never).
fn toxicity_of(body: &Map<String, Value>, current: f64) -> ApiResult<f64> {
    match body.get("toxicity") {
        None | Some(Value::Null) => Ok(current),
        Some(value) => value
            .as_f64()
            .map(|t| t.clamp(0.0, 1.0))
            .ok_or_else(|| bad_request("bad request body: toxicity must be a number")),
    }
}

/// The toxic a create request describes: stream downstream, toxicity 1 and
/// the name `<type>_<stream>` unless given.
fn new_toxic(body: &Map<String, Value>) -> ApiResult<Toxic> {
    let stream = match text_field(body, "stream")? {
        None | Some("") => Stream::Downstream,
        Some(text) => Stream::parse(&text.to_ascii_lowercase()).ok_or_else(|| {
            bad_request("stream was invalid, can be either upstream or downstream")
        })?,
    };
    let type_name = text_field(body, "type")?.unwrap_or_default();
    if ToxicKind::attribute_names(type_name).is_none() {
        return Err(bad_request("invalid toxic type"));
    }
    let mut toxic = Toxic::new(attributes_onto(body, type_name, Map::new())?);
    toxic.stream = stream;
    toxic.toxicity = toxicity_of(body, 1.0)?;
    if let Some(name) = text_field(body, "name")?.filter(|n| !n.is_empty()) {
        toxic = toxic.named(name);
    }
    Ok(toxic)
}

async fn create_toxic(
    State(set): State<Proxies>,
    Path(name): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    let proxy = set.get(&name)?;
    let toxic = new_toxic(&object(&body)?)?;
    Ok(Json(proxy.add_toxic(toxic)?.to_json()))
}

async fn show_toxic(
    State(set): State<Proxies>,
    Path((name, toxic)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let proxy = set.get(&name)?;
    let found = proxy
        .toxic(&toxic)
        .ok_or(ProxyError::ToxicNotFound { proxy: name, toxic })?;
    Ok(Json(found.to_json()))
}

async fn update_toxic(
    State(set): State<Proxies>,
    Path((name, toxic)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    let proxy = set.get(&name)?;
    let body = object(&body)?;
    // Only the attributes and the toxicity change; name, type and stream stay.
    let updated = proxy.update_toxic(&toxic, |mut current| {
        let type_name = current.kind().type_name();
        current.kind = attributes_onto(&body, type_name, current.kind().attributes())
            .map_err(|e| ProxyError::Invalid(e.1))?;
        current.toxicity =
            toxicity_of(&body, current.toxicity).map_err(|e| ProxyError::Invalid(e.1))?;
        Ok(current)
    })?;
    Ok(Json(updated.to_json()))
}

async fn delete_toxic(
    State(set): State<Proxies>,
    Path((name, toxic)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    set.get(&name)?.remove_toxic(&toxic)?;
    Ok(StatusCode::NO_CONTENT)
}
