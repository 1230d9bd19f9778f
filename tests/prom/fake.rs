//! The `prom` namespace against `FakePrometheus`: the same cases as against
//! the real server, plus what only a fake can show (the queries it was sent).

use kallisti::fake::FakePrometheus;
use kallisti::ErrorKind;
use serde_json::{json, Value};
use support::{run_steps as run, seed_step};

use crate::support;

async fn fake() -> FakePrometheus {
    FakePrometheus::builder()
        .with_series("up{job=\"api\",instance=\"a\"}", [1.0, 1.0, 1.0, 1.0, 1.0])
        .with_series("up{job=\"api\",instance=\"b\"}", [1.0, 0.0, 0.0, 0.0, 0.0])
        .with_series("latency_seconds{route=\"/pay\"}", [0.25, 0.5, 1.0, 2.0])
        .with_series("errors_ratio", [f64::NAN])
        .start()
        .await
}

#[tokio::test]
async fn instant_queries_select_series_by_labels() {
    let prom = fake().await;
    let record = run(vec![json!({
        "step": "up", "do": "prom.query",
        "where": {"base_url": prom.uri(), "query": "up{instance=\"a\"}", "when": "now"},
        "expect": [{"operator": "eq", "data.result[0].value[1]": 1}, {"operator": "gt", "data.result[0].value[1]": 0.5},
                   {"operator": "eq", "data.result[0].metric.__name__": "up"}]
    }), json!({
        "step": "down", "do": "prom.query",
        "where": {"base_url": prom.uri(), "query": "up{job=~\"a.*\", instance!=\"a\"}"},
        "expect": [{"operator": "eq", "data.result[0].value[1]": "0"}, {"operator": "eq", "data.result[0].metric.instance": "b"}]
    }), json!({
        "step": "nan", "do": "prom.query", "where": {"base_url": prom.uri(), "query": "errors_ratio"},
        "expect": [{"operator": "eq", "data.result[0].value[1]": "NaN"}]
    })])
    .await;
    support::assert_succeeded(&record);
    let queries = prom.queries();
    assert_eq!(queries.len(), 3);
    assert_eq!(queries[0].endpoint, "query");
    assert_eq!(queries[0].query, "up{instance=\"a\"}");
    assert!(
        queries[0].params.contains_key("time"),
        "when=now is sent as a time"
    );
    assert!(!queries[1].params.contains_key("time"));
}

#[tokio::test]
async fn range_queries_over_the_last_minute() {
    let prom = fake().await;
    let record = run(vec![json!({
        "step": "range", "do": "prom.query_interval",
        "where": {"base_url": prom.uri(), "query": "latency_seconds", "start": "1 minute ago", "end": "now", "step": "15s"},
        "expect": [{"operator": "eq", "data.resultType": "matrix"}, {"operator": "eq", "data.result[0].values[3][1]": 2}, {"operator": "eq", "data.result[0].values[0][1]": 0.25}]
    })])
    .await;
    support::assert_succeeded(&record);
    let q = &prom.queries()[0];
    assert_eq!(q.endpoint, "query_range");
    assert_eq!(q.params["step"], "15");
    let start: f64 = q.params["start"].parse().unwrap();
    let end: f64 = q.params["end"].parse().unwrap();
    assert!((end - start - 60.0).abs() < 1.0, "{start} .. {end}");
}

#[tokio::test]
async fn a_bad_query_is_a_failed_action_with_prometheus_error() {
    let prom = fake().await;
    let record = run(vec![json!({"step": "bad", "do": "prom.query", "where": {"base_url": prom.uri(), "query": "sum(up"}})]).await;
    support::assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        &format!(
            "Prometheus at {} rejected the query (400 Bad Request): bad_data: ",
            prom.uri()
        ),
    );
}

#[tokio::test]
async fn the_seed_examples_run_unchanged_but_for_base_url() {
    let prom = FakePrometheus::builder()
        .with_series(
            "firehose_container_metric_cpu_percentage{app=\"web\"}",
            (0..40).map(|i| i as f64),
        )
        .start()
        .await;
    let steps: Vec<Value> = ["step_prom_query", "step_prom_query_interval"]
        .iter()
        .map(|name| {
            let mut step = seed_step(name);
            step["where"]["base_url"] = json!(prom.uri());
            step
        })
        .collect();
    let record = run(steps).await;
    support::assert_succeeded(&record);
    // 5 minutes ago, with a sample every 15 s ending now: the 20th from the end.
    assert_eq!(
        record.trial_record.steps[0].result["data"]["result"][0]["value"][1],
        "19"
    );
    let range = record.trial_record.steps[1].result["data"]["result"][0]["values"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(range, 7, "every 50 s over 5 minutes");
    assert_eq!(prom.queries()[1].params["step"], "50");
}

#[tokio::test]
async fn compute_mean_uses_every_sample_of_the_window() {
    let prom = fake().await;
    let steps = ["arithmetic", "geometric", "harmonic"].map(|kind| json!({
        "step": kind, "do": "prom.compute_mean",
        "where": {"base_url": prom.uri(), "query": "latency_seconds", "window": "5m", "mean_type": kind}
    }));
    let record = run(steps.to_vec()).await;
    support::assert_succeeded(&record);
    let mean = |name: &str| record.step(name).unwrap().result.as_f64().unwrap();
    assert!((mean("arithmetic") - 0.9375).abs() < 1e-9);
    assert!((mean("geometric") - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-9);
    assert!((mean("harmonic") - 4.0 / 7.5).abs() < 1e-9);
    assert_eq!(prom.queries()[0].query, "latency_seconds[5m]");
}

#[tokio::test]
async fn credentials_are_sent_as_bearer_or_basic_and_never_shown() {
    use base64::Engine as _;
    let prom = fake().await;
    let dir = std::env::temp_dir().join(format!("kallisti-prom-token-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let token_path = dir.join("token");
    std::fs::write(&token_path, "prom-token-canary-71").unwrap();
    std::env::set_var("PROM_FAKE_USER", "grafana");
    std::env::set_var("PROM_FAKE_PASS", "prom-pass-canary-72");
    let record = run(vec![
        json!({"step": "bearer", "do": "prom.query", "where": {"base_url": prom.uri(), "query": "up",
               "credentials": {"type": "TOKEN_FILE", "token_path": token_path}}}),
        json!({"step": "basic", "do": "prom.query", "where": {"base_url": prom.uri(), "query": "up",
               "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "PROM_FAKE_USER", "password_key": "PROM_FAKE_PASS"}}}),
    ])
    .await;
    support::assert_succeeded(&record);
    let queries = prom.queries();
    assert_eq!(
        queries[0].authorization.as_deref(),
        Some("Bearer prom-token-canary-71")
    );
    let basic = base64::engine::general_purpose::STANDARD.encode("grafana:prom-pass-canary-72");
    assert_eq!(
        queries[1].authorization.as_deref(),
        Some(format!("Basic {basic}").as_str())
    );
    let shown = format!(
        "{}{}",
        kallisti::report::json(&record),
        kallisti::report::text(&record)
    );
    for canary in ["prom-token-canary-71", "prom-pass-canary-72"] {
        assert!(!shown.contains(canary), "{canary} leaked: {shown}");
    }
}

#[tokio::test]
async fn the_timeout_argument_bounds_the_wait_for_an_answer() {
    // Accepts connections (the kernel's backlog) but never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", silent.local_addr().unwrap());
    let started = std::time::Instant::now();
    let record = run(vec![json!({"step": "q", "do": "prom.query", "where": {"base_url": base, "query": "up", "timeout": 0.3}})]).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    support::assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        &format!("GET {base}/api/v1/query: timed out"),
    );
    drop(silent);
}

const PROM_TOKEN: &str = "prom-panic-canary-t0ken-3a";

/// A test body that panics with the bearer token a `prom` step read from
/// its token file: the failure report and the record show `***`.
#[test]
fn prom_canaries_survive_a_panicking_body() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let prom = runtime.block_on(fake());
    let token_path = support::spec_file("prom-panic-token", PROM_TOKEN);
    let shown = support::panicking_chaos_test(
        "prom-panic",
        json!({}),
        vec![
            json!({"step": "q", "do": "prom.query", "where": {"base_url": prom.uri(), "query": "up",
            "credentials": {"type": "TOKEN_FILE", "token_path": token_path}}}),
        ],
        format!("Prometheus took Bearer {PROM_TOKEN}"),
    );
    assert_eq!(
        prom.queries()[0].authorization.as_deref(),
        Some(format!("Bearer {PROM_TOKEN}").as_str()),
        "the token was sent"
    );
    assert!(shown.contains("Prometheus took "), "{shown}");
    assert!(shown.contains("***"), "{shown}");
    assert!(!shown.contains(PROM_TOKEN), "{shown}");
}

#[test]
fn prom_canaries_stay_out_of_a_panicking_body_output() {
    support::assert_panic_output_hides(
        module_path!(),
        "prom_canaries_survive_a_panicking_body",
        &[PROM_TOKEN],
    );
}
