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

use chrono::Utc;
use regex::Regex;
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

fn parse_series_labels(selector: &str) -> Result<BTreeMap<String, String>, String> {
    let matchers = parse_selector(selector)?;
    let mut labels = BTreeMap::new();
    for m in matchers {
        if m.op != "=" {
            return Err(format!(
                "a seeded series takes only `=` labels, not `{}`",
                m.op
            ));
        }
        labels.insert(m.label, m.value);
    }
    Ok(labels)
}

#[derive(Debug)]
struct Matcher {
    label: String,
    op: &'static str,
    value: String,
}

impl Matcher {
    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let actual = labels.get(&self.label).map(String::as_str).unwrap_or("");
        match self.op {
            "=" => actual == self.value,
            "!=" => actual != self.value,
            op => {
                let re = Regex::new(&format!("^(?:{})$", self.value)).expect("checked at parse");
                (op == "=~") == re.is_match(actual)
            }
        }
    }
}

/// `name{a="b", c!~"d"}` into matchers (the name as `__name__`).
fn parse_selector(text: &str) -> Result<Vec<Matcher>, String> {
    let text = text.trim();
    let (name, rest) = match text.find('{') {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    };
    let name_ok = |n: &str| {
        n.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    };
    let mut matchers = Vec::new();
    if !name.is_empty() {
        if !name_ok(name) {
            return Err(format!("unexpected character in metric name `{name}`"));
        }
        matchers.push(Matcher {
            label: "__name__".into(),
            op: "=",
            value: name.into(),
        });
    }
    if !rest.is_empty() {
        let inner = rest
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .ok_or("unclosed label matchers: expected `}`")?;
        let pair = Regex::new(
            r#"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)"#,
        )
        .expect("valid pattern");
        let mut rest = inner;
        while !rest.trim().is_empty() {
            let caps = pair
                .captures(rest)
                .ok_or_else(|| format!("bad label matcher near `{}`", rest.trim()))?;
            let op = match &caps[2] {
                "=" => "=",
                "!=" => "!=",
                "=~" => "=~",
                _ => "!~",
            };
            let value = caps[3].replace("\\\"", "\"").replace("\\\\", "\\");
            if op.contains('~') {
                Regex::new(&value).map_err(|e| format!("invalid regular expression: {e}"))?;
            }
            matchers.push(Matcher {
                label: caps[1].to_string(),
                op,
                value,
            });
            rest = &rest[caps[0].len()..];
        }
    }
    if matchers.is_empty() {
        return Err("vector selector must contain at least one non-empty matcher".into());
    }
    Ok(matchers)
}

/// A range selector `sel[5m]`: the selector and the window in seconds.
fn split_range(query: &str) -> Result<(&str, Option<f64>), String> {
    let q = query.trim();
    let Some(body) = q.strip_suffix(']') else {
        return Ok((q, None));
    };
    let open = body.rfind('[').ok_or("unexpected `]`")?;
    let window = crate::time::parse_prometheus_duration(&body[open + 1..])?;
    Ok((&body[..open], Some(window)))
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
        let mut params: BTreeMap<String, String> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        // Prometheus also takes the parameters as a POSTed form.
        if let Ok(body) = std::str::from_utf8(&request.body) {
            let mut form = request.url.clone();
            form.set_query(Some(body));
            params.extend(
                form.query_pairs()
                    .map(|(k, v)| (k.into_owned(), v.into_owned())),
            );
        }
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
        let now = Utc::now().timestamp_millis() as f64 / 1000.0;
        let time_param = |name: &str, default: f64| -> Result<f64, String> {
            match params.get(name) {
                None => Ok(default),
                Some(t) => crate::time::parse_api_time(t).map_err(|_| {
                    format!(
                        "invalid parameter \"{name}\": cannot parse \"{t}\" to a valid timestamp"
                    )
                }),
            }
        };
        let result = (|| -> Result<Value, String> {
            let (selector, window) =
                split_range(&query).map_err(|e| format!("1:1: parse error: {e}"))?;
            let matchers =
                parse_selector(selector).map_err(|e| format!("1:1: parse error: {e}"))?;
            let selected: Vec<&Series> = self
                .0
                .series
                .iter()
                .filter(|s| matchers.iter().all(|m| m.matches(&s.labels)))
                .collect();
            let metric = |s: &Series| {
                Value::Object(
                    s.labels
                        .iter()
                        .map(|(k, v)| (k.clone(), json!(v)))
                        .collect::<Map<_, _>>(),
                )
            };
            let latest = |s: &Series, t: f64| {
                s.samples
                    .iter()
                    .rev()
                    .find(|(ts, _)| *ts <= t && t - ts <= LOOKBACK_SECS)
                    .copied()
            };
            if endpoint == "query_range" {
                if window.is_some() {
                    return Err("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector".into());
                }
                let start = time_param("start", now)?;
                let end = time_param("end", now)?;
                let step: f64 = params
                    .get("step")
                    .and_then(|s| crate::time::parse_step(&Value::String(s.clone())).ok())
                    .ok_or("invalid parameter \"step\": cannot parse to a valid duration")?;
                if end < start {
                    return Err(
                        "invalid parameter \"end\": end timestamp must not be before start time"
                            .into(),
                    );
                }
                if (end - start) / step > 11_000.0 {
                    return Err("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)".into());
                }
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
                return Ok(json!({"resultType": "matrix", "result": result}));
            }
            let at = time_param("time", now)?;
            if let Some(window) = window {
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
                return Ok(json!({"resultType": "matrix", "result": result}));
            }
            let result: Vec<Value> = selected
                .iter()
                .filter_map(|s| latest(s, at).map(|(_, v)| json!({"metric": metric(s), "value": [format_time(at), format_value(v)]})))
                .collect();
            Ok(json!({"resultType": "vector", "result": result}))
        })();
        match result {
            Ok(data) => {
                ResponseTemplate::new(200).set_body_json(json!({"status": "success", "data": data}))
            }
            Err(message) => error("bad_data", message),
        }
    }
}
