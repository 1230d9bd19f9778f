//! The `prom` namespace against a real Prometheus server (Debian's
//! `prometheus` package; `.ci/run` installs it). Each test starts its own
//! server on a free loopback port, scraping itself every second, waits until
//! `up` has a sample, and stops it when done.

use kallisti::{ErrorKind, TrialStatus};
use serde_json::{json, Value};
use support::{run_steps as run, seed_step};

use crate::support;
use support::prometheus::{free_port, Prometheus};

fn seed(name: &str, base_url: &str) -> Value {
    let mut step = seed_step(name);
    step["where"]["base_url"] = json!(base_url);
    step
}

#[tokio::test(flavor = "multi_thread")]
async fn query_of_up_with_an_expectation_on_its_value() {
    let prom = Prometheus::start();
    let record = run(vec![json!({
        "step": "up", "do": "prom.query",
        "where": {"base_url": prom.url, "query": "up{job=\"prometheus\"}", "when": "now", "timeout": 5},
        "expect": [
            {"operator": "eq", "status": "success"},
            {"operator": "eq", "data.resultType": "vector"},
            {"operator": "eq", "data.result[0].value[1]": 1},
            {"operator": "gt", "data.result[0].value[1]": 0.5}
        ]
    })])
    .await;
    support::assert_succeeded(&record);
    let result = &record.trial_record.steps[0].result;
    assert_eq!(result["data"]["result"][0]["metric"]["job"], "prometheus");
    assert_eq!(
        result["data"]["result"][0]["value"][1], "1",
        "the answer is Prometheus's, as is"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn query_interval_over_the_last_minute() {
    let prom = Prometheus::start();
    let record = run(vec![json!({
        "step": "range", "do": "prom.query_interval",
        "where": {"base_url": prom.url, "query": "up", "start": "1 minute ago", "end": "now", "step": "1s"},
        "expect": [{"operator": "eq", "data.resultType": "matrix"}, {"operator": "eq", "data.result[0].values[0][1]": "1"}]
    })])
    .await;
    support::assert_succeeded(&record);
    let values = record.trial_record.steps[0].result["data"]["result"][0]["values"]
        .as_array()
        .unwrap()
        .clone();
    assert!(!values.is_empty());
    let logs = &record.trial_record.steps[0].logs;
    assert!(
        logs[0].contains("/api/v1/query_range") && logs[0].contains("step=1"),
        "{logs:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_promql_query_is_a_failed_action_with_prometheus_error() {
    let prom = Prometheus::start();
    let record = run(vec![json!({"step": "bad", "do": "prom.query", "where": {"base_url": prom.url, "query": "sum(up"}})]).await;
    assert_eq!(record.status, TrialStatus::Failed);
    support::assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        &format!(
            "Prometheus at {} rejected the query (400 Bad Request): bad_data: ",
            prom.url
        ),
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seed_examples_run_unchanged_but_for_base_url() {
    let prom = Prometheus::start();
    let record = run(vec![
        seed("step_prom_query", &prom.url),
        seed("step_prom_query_interval", &prom.url),
    ])
    .await;
    support::assert_succeeded(&record);
    for step in &record.trial_record.steps {
        assert_eq!(step.result["status"], "success");
        assert_eq!(
            step.result["data"]["result"],
            json!([]),
            "no such metric here"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn compute_mean_of_up() {
    let prom = Prometheus::start();
    let record = run(vec![json!({
        "step": "mean", "do": "prom.compute_mean",
        "where": {"base_url": prom.url, "query": "up", "window": "1m", "mean_type": "harmonic"},
        "expect": [{"operator": "eq", "value": 1}]
    })])
    .await;
    support::assert_succeeded(&record);
    // No node exporter here: the CPU query has no samples, and says so.
    let record = run(vec![json!({"step": "cpu", "do": "prom.nodes_cpu_usage_mean", "where": {"base_url": prom.url, "window": "5m"}})]).await;
    let err = record.trial_record.steps[0].error.as_ref().unwrap();
    assert!(
        err.message.ends_with("returned no samples"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn an_unreachable_server_is_a_failed_action_naming_the_url() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let record = run(vec![
        json!({"step": "q", "do": "prom.query", "where": {"base_url": url, "query": "up"}}),
    ])
    .await;
    support::assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        &format!("GET {url}/api/v1/query: could not connect"),
    );
}

#[tokio::test]
async fn bad_times_steps_and_windows_are_invalid_before_anything_runs() {
    let record = run(vec![
        json!({"step": "a", "do": "prom.query", "where": {"base_url": "http://x", "query": "up", "when": "in a while"}}),
        json!({"step": "b", "do": "prom.query_interval", "where": {"base_url": "http://x", "query": "up", "start": "now", "end": "1 hour ago"}}),
        json!({"step": "c", "do": "prom.query_interval", "where": {"base_url": "http://x", "query": "up", "start": "1 hour ago", "end": "now", "step": "often"}}),
        json!({"step": "d", "do": "prom.compute_mean", "where": {"base_url": "http://x", "query": "up", "mean_type": "median"}}),
        json!({"step": "e", "do": "prom.query", "where": {"query": "up"}}),
    ])
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    let shown: Vec<String> = record.problems.iter().map(|p| p.to_string()).collect();
    let fields: Vec<_> = record
        .problems
        .iter()
        .map(|p| p.field.clone().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "where.when",
            "where.start",
            "where.step",
            "where.mean_type",
            "where.base_url"
        ],
        "{shown:#?}"
    );
    assert!(
        shown[0].contains("`in a while` is not a time"),
        "{}",
        shown[0]
    );
}
