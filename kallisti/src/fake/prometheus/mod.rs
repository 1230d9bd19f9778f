//! `FakePrometheus`: answers instant and range queries for seeded series.
//!
//! It understands series selectors (`up`, `up{job="api"}`, `{__name__="up"}`
//! with `=`, `!=`, `=~`, `!~` matchers) and range selectors (`up[5m]`);
//! anything else is answered with Prometheus's `bad_data` error, as a real
//! server answers a query it cannot parse.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use kallisti::fake::FakePrometheus;
//! let prom = FakePrometheus::builder()
//!     .with_series("up{job=\"api\"}", [1.0, 0.0, 1.0])
//!     .start()
//!     .await;
//! let answer: serde_json::Value = reqwest::get(format!("{}/api/v1/query?query=up", prom.uri()))
//!     .await.unwrap().json().await.unwrap();
//! assert_eq!(answer["data"]["result"][0]["value"][1], "1");
//! assert_eq!(prom.queries()[0].query, "up");
//! # }
//! ```

mod selector;

use chrono::Utc;
use selector::{parse_selector, parse_series_labels, split_range};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How far back an instant query looks for a sample (Prometheus's default).
const LOOKBACK_SECS: f64 = 300.0;

#[derive(Debug, Clone)]
struct Series {
    labels: BTreeMap<String, String>,
    /// (unix seconds, value), oldest first.
    samples: Vec<(f64, f64)>,
}

/// One query the fake answered.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedQuery {
    /// `query` or `query_range`.
    pub endpoint: String,
    /// The PromQL text.
    pub query: String,
    /// Every parameter as sent (`time`, `start`, `end`, `step`, ...).
    pub params: BTreeMap<String, String>,
    /// The `Authorization` header, if one was sent.
    pub authorization: Option<String>,
}

/// Seeds a [`FakePrometheus`].
#[derive(Debug, Clone)]
pub struct FakePrometheusBuilder {
    series: Vec<(String, Vec<f64>)>,
    interval: f64,
}

impl FakePrometheusBuilder {
    /// Adds a series: `selector` names it and its labels
    /// (`up{job="api",instance="a"}`); `values` are its samples, one every
    /// scrape interval, the last one at the moment the fake starts.
    pub fn with_series(mut self, selector: &str, values: impl IntoIterator<Item = f64>) -> Self {
        self.series
            .push((selector.to_string(), values.into_iter().collect()));
        self
    }

    /// The spacing of seeded samples, in seconds (default 15).
    pub fn scrape_interval(mut self, seconds: f64) -> Self {
        self.interval = seconds;
        self
    }

    /// Starts the fake on a random loopback port.
    ///
    /// # Panics
    /// When a seeded selector is not `name{label="value",...}`.
    pub async fn start(self) -> FakePrometheus {
        self.serve(None).await
    }

    /// Starts the fake on `listener` (a fixed port, for tools outside Rust).
    pub async fn start_on(self, listener: std::net::TcpListener) -> FakePrometheus {
        self.serve(Some(listener)).await
    }

    async fn serve(self, listener: Option<std::net::TcpListener>) -> FakePrometheus {
        let now = Utc::now().timestamp_millis() as f64 / 1000.0;
        let series = self
            .series
            .iter()
            .map(|(selector, values)| {
                let labels = parse_series_labels(selector)
                    .unwrap_or_else(|e| panic!("seeded series `{selector}`: {e}"));
                let n = values.len();
                let samples = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (now - (n - 1 - i) as f64 * self.interval, *v))
                    .collect();
                Series { labels, samples }
            })
            .collect();
        let state = Arc::new(State {
            series,
            queries: Mutex::default(),
        });
        let server = match listener {
            Some(listener) => MockServer::builder().listener(listener).start().await,
            None => MockServer::start().await,
        };
        Mock::given(path_regex(r"^/api/v1/(query|query_range)$"))
            .respond_with(Answer(Arc::clone(&state)))
            .mount(&server)
            .await;
        FakePrometheus { server, state }
    }
}

struct State {
    series: Vec<Series>,
    queries: Mutex<Vec<RecordedQuery>>,
}

/// A fake Prometheus HTTP API (see the module docs).
pub struct FakePrometheus {
    server: MockServer,
    state: Arc<State>,
}

impl FakePrometheus {
    /// A builder with no series.
    pub fn builder() -> FakePrometheusBuilder {
        FakePrometheusBuilder {
            series: Vec::new(),
            interval: 15.0,
        }
    }

    /// The base URL to give steps as `base_url`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Every query answered so far, in order.
    pub fn queries(&self) -> Vec<RecordedQuery> {
        self.state.queries.lock().expect("queries").clone()
    }
}

fn format_value(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v == f64::INFINITY {
        "+Inf".into()
    } else if v == f64::NEG_INFINITY {
        "-Inf".into()
    } else {
        format!("{v}")
    }
}

fn format_time(t: f64) -> Value {
    json!((t * 1000.0).round() / 1000.0)
}

fn error(kind: &str, message: String) -> ResponseTemplate {
    ResponseTemplate::new(400)
        .set_body_json(json!({"status": "error", "errorType": kind, "error": message}))
}

struct Answer(Arc<State>);

impl Respond for Answer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let params = params(request);
        let endpoint = request
            .url
            .path()
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        let query = params.get("query").cloned().unwrap_or_default();
        self.0.queries.lock().expect("queries").push(RecordedQuery {
            endpoint: endpoint.clone(),
            query: query.clone(),
            params: params.clone(),
            authorization: request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        });
        if query.is_empty() {
            return error(
                "bad_data",
                "invalid parameter \"query\": no query given".into(),
            );
        }
        match evaluate(&self.0.series, &query, &params, &endpoint) {
            Ok(data) => {
                ResponseTemplate::new(200).set_body_json(json!({"status": "success", "data": data}))
            }
            Err(message) => error("bad_data", message),
        }
    }
}

/// The request's parameters: the URL's query, then a POSTed form (as
/// Prometheus also takes them).
fn params(request: &Request) -> BTreeMap<String, String> {
    let mut params: BTreeMap<String, String> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if let Ok(body) = std::str::from_utf8(&request.body) {
        let mut form = request.url.clone();
        form.set_query(Some(body));
        params.extend(
            form.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned())),
        );
    }
    params
}

/// A time parameter, `default` when absent.
fn time_param(params: &BTreeMap<String, String>, name: &str, default: f64) -> Result<f64, String> {
    match params.get(name) {
        None => Ok(default),
        Some(t) => crate::time::parse_api_time(t).map_err(|_| {
            format!("invalid parameter \"{name}\": cannot parse \"{t}\" to a valid timestamp")
        }),
    }
}

/// The `data` of a query's answer, or the message of its `bad_data` error.
fn evaluate(
    series: &[Series],
    query: &str,
    params: &BTreeMap<String, String>,
    endpoint: &str,
) -> Result<Value, String> {
    let now = Utc::now().timestamp_millis() as f64 / 1000.0;
    let (selector, window) = split_range(query).map_err(|e| format!("1:1: parse error: {e}"))?;
    let matchers = parse_selector(selector).map_err(|e| format!("1:1: parse error: {e}"))?;
    let selected: Vec<&Series> = series
        .iter()
        .filter(|s| matchers.iter().all(|m| m.matches(&s.labels)))
        .collect();
    if endpoint == "query_range" {
        if window.is_some() {
            return Err("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector".into());
        }
        let (start, end, step) = range_bounds(params, now)?;
        return Ok(range_matrix(&selected, start, end, step));
    }
    let at = time_param(params, "time", now)?;
    Ok(match window {
        Some(window) => window_matrix(&selected, at, window),
        None => instant_vector(&selected, at),
    })
}

/// A range query's start, end and step, checked as Prometheus checks them.
fn range_bounds(params: &BTreeMap<String, String>, now: f64) -> Result<(f64, f64, f64), String> {
    let start = time_param(params, "start", now)?;
    let end = time_param(params, "end", now)?;
    let step: f64 = params
        .get("step")
        .and_then(|s| crate::time::parse_step(&Value::String(s.clone())).ok())
        .ok_or("invalid parameter \"step\": cannot parse to a valid duration")?;
    if end < start {
        return Err(
            "invalid parameter \"end\": end timestamp must not be before start time".into(),
        );
    }
    if (end - start) / step > 11_000.0 {
        return Err("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)".into());
    }
    Ok((start, end, step))
}

/// A series' labels as a result's `metric`.
fn metric(s: &Series) -> Value {
    Value::Object(
        s.labels
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect::<Map<_, _>>(),
    )
}

/// The latest sample at `t`, no older than the lookback.
fn latest(s: &Series, t: f64) -> Option<(f64, f64)> {
    s.samples
        .iter()
        .rev()
        .find(|(ts, _)| *ts <= t && t - ts <= LOOKBACK_SECS)
        .copied()
}

/// A range query: each series' latest sample at every step.
fn range_matrix(selected: &[&Series], start: f64, end: f64, step: f64) -> Value {
    let result: Vec<Value> = selected
        .iter()
        .filter_map(|s| {
            let mut values = Vec::new();
            let mut t = start;
            while t <= end + 1e-9 {
                if let Some((_, v)) = latest(s, t) {
                    values.push(json!([format_time(t), format_value(v)]));
                }
                t += step;
            }
            (!values.is_empty()).then(|| json!({"metric": metric(s), "values": values}))
        })
        .collect();
    json!({"resultType": "matrix", "result": result})
}

/// A range selector at `at`: each series' samples of the window before it.
fn window_matrix(selected: &[&Series], at: f64, window: f64) -> Value {
    let result: Vec<Value> = selected
        .iter()
        .filter_map(|s| {
            let values: Vec<Value> = s
                .samples
                .iter()
                .filter(|(ts, _)| *ts <= at && at - ts < window)
                .map(|(ts, v)| json!([format_time(*ts), format_value(*v)]))
                .collect();
            (!values.is_empty()).then(|| json!({"metric": metric(s), "values": values}))
        })
        .collect();
    json!({"resultType": "matrix", "result": result})
}

/// An instant query: each series' latest sample at `at`.
fn instant_vector(selected: &[&Series], at: f64) -> Value {
    let result: Vec<Value> = selected
        .iter()
        .filter_map(|s| {
            latest(s, at).map(
                |(_, v)| json!({"metric": metric(s), "value": [format_time(at), format_value(v)]}),
            )
        })
        .collect();
    json!({"resultType": "vector", "result": result})
}
