//! Secret canaries in every namespace, on every path a step can end by:
//! success, refused credentials (401), a server error (500), no answer (the
//! step times out), a bad argument, and an expectation miss. Each step sends
//! its namespace's secret (a bearer token, a password and client secret, AWS
//! keys); none may show in the text, JSON or JUnit report, the record, or
//! DEBUG `tracing`. (A panicking test body is in each namespace's own tests,
//! since it needs a process of its own to see what is printed.)

use crate::support;

use axum::http::{HeaderMap, StatusCode};
use kallisti::{ErrorKind, TrialStatus};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use support::step;

const CM_TOKEN: &str = "cm-refused-canary-7d";
const PROM_TOKEN: &str = "prom-refused-canary-8e";
const K8S_TOKEN: &str = "k8s-refused-canary-9f";
const ISTIO_TOKEN: &str = "istio-refused-canary-0a";
const CF_PASSWORD: &str = "cf-refused-canary-pa55-1b";
const CF_CLIENT_SECRET: &str = "cf-refused-canary-client-2c";

/// A server answering every request with `status` and a JSON error body,
/// remembering the `Authorization` headers it was sent.
async fn answering(status: u16, seen: Arc<Mutex<Vec<String>>>) -> String {
    let app = axum::Router::new().fallback(move |headers: HeaderMap| {
        let seen = seen.clone();
        async move {
            if let Some(auth) = headers.get("authorization") {
                seen.lock().unwrap().push(auth.to_str().unwrap_or_default().to_string());
            }
            let body = json!({"kind": "Status", "code": status, "message": "turned down",
                              "error": "turned_down", "errors": [{"title": "TurnedDown", "detail": "turned down"}]});
            (StatusCode::from_u16(status).unwrap(), axum::Json(body))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

/// A server that accepts connections and never answers.
fn silent() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    format!("http://{address}")
}

/// One step per namespace, each against `base(namespace)` and sending its
/// secret, each with a step timeout of `timeout` seconds.
fn steps_to(base: impl Fn(&str) -> String, timeout: u64) -> Vec<Value> {
    let token = |name: &str, value: &str| {
        let path = support::spec_file(name, value);
        json!({"type": "TOKEN_FILE", "token_path": path})
    };
    support::moto::dummy_credentials();
    std::env::set_var("CANARY_CF_USER", "chaos-bot");
    std::env::set_var("CANARY_CF_PASSWORD", CF_PASSWORD);
    let mut steps = vec![
        step(
            "cm",
            "cm.http_request",
            json!({"url": format!("{}/health", base("cm")),
            "headers": {"Authorization": format!("Bearer {CM_TOKEN}")}}),
        ),
        step(
            "prom",
            "prom.query",
            json!({"base_url": base("prom"), "query": "up",
            "credentials": token("canary-prom-token", PROM_TOKEN)}),
        ),
        step(
            "cf",
            "cf.get_app_states_by_org",
            json!({"cf_api_url": base("cf"), "org_name": "acme",
            "client_secret": CF_CLIENT_SECRET,
            "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD",
                            "username_key": "CANARY_CF_USER", "password_key": "CANARY_CF_PASSWORD"}}),
        ),
        step(
            "k8s",
            "k8s.count_pods",
            json!({"k8s_api_host": base("k8s"), "ns": "shop",
            "label_selector": "app=cart", "credentials": token("canary-k8s-token", K8S_TOKEN)}),
        ),
        step(
            "istio",
            "istio.get_virtual_service",
            json!({"k8s_api_host": base("k8s"),
            "virtual_service_name": "reviews", "ns": "shop",
            "credentials": token("canary-istio-token", ISTIO_TOKEN)}),
        ),
        step(
            "aws",
            "aws.ec2.count_instances",
            json!({"region": "us-east-1",
            "endpoint_url": base("aws"), "filters": []}),
        ),
    ];
    // cm answers whatever status it gets: the expectation is what fails.
    steps[0]["expect"] = json!([{"operator": "eq", "status_code": 200}]);
    for step in &mut steps {
        step["timeout"] = json!(timeout);
    }
    steps
}

fn canaries() -> Vec<&'static str> {
    use support::moto::{SECRET_KEY, SESSION_TOKEN};
    vec![
        CM_TOKEN,
        PROM_TOKEN,
        K8S_TOKEN,
        ISTIO_TOKEN,
        CF_PASSWORD,
        CF_CLIENT_SECRET,
        SECRET_KEY,
        SESSION_TOKEN,
    ]
}

/// Every step against `base`.
fn steps_against(base: &str, timeout: u64) -> Vec<Value> {
    steps_to(|_| base.to_string(), timeout)
}

/// Runs each step in a trial of its own, which must end `status`; returns
/// the error kind of each failed step (of its problem, for an invalid one).
async fn run_each_to(steps: Vec<Value>, status: TrialStatus) -> Vec<(String, ErrorKind)> {
    let mut kinds = Vec::new();
    for step in steps {
        let name = step["step"].as_str().unwrap().to_string();
        let (record, logs) = support::traced_run(vec![step]).await;
        assert_eq!(record.status, status, "{name}: {record:?}");
        let text = support::all_outputs(&record, &logs);
        for canary in canaries() {
            assert!(!text.contains(canary), "{name}: `{canary}` leaked:\n{text}");
        }
        let kind = match (record.trial_record.steps.first(), record.problems.first()) {
            (Some(step), _) => step.error.as_ref().map(|e| e.kind),
            (None, problem) => problem.map(|p| p.kind),
        };
        if status != TrialStatus::Succeeded {
            kinds.push((name, kind.expect("an error kind")));
        }
    }
    kinds
}

async fn run_each(steps: Vec<Value>) -> Vec<(String, ErrorKind)> {
    run_each_to(steps, TrialStatus::Failed).await
}

/// Every namespace's step failed as an action, but `cm`'s, which answers
/// any status and fails its expectation instead.
fn turned_down_as_failures(kinds: Vec<(String, ErrorKind)>) {
    for (name, kind) in &kinds {
        let want = if name == "cm" {
            ErrorKind::FailedExpectation
        } else {
            ErrorKind::FailedAction
        };
        assert_eq!(*kind, want, "{name}: {kinds:?}");
    }
}

#[tokio::test]
async fn refused_credentials_leak_nothing() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = answering(401, seen.clone()).await;
    turned_down_as_failures(run_each(steps_against(&base, 10)).await);
    // The secrets were really sent, and refused.
    let seen = seen.lock().unwrap().join("\n");
    for token in [CM_TOKEN, PROM_TOKEN, K8S_TOKEN, ISTIO_TOKEN] {
        assert!(seen.contains(token), "{token} was not sent: {seen}");
    }
    assert!(
        seen.contains("AWS4-HMAC-SHA256"),
        "AWS signed its request: {seen}"
    );
}

#[tokio::test]
async fn server_errors_leak_nothing() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let base = answering(500, seen.clone()).await;
    turned_down_as_failures(run_each(steps_against(&base, 10)).await);
    assert!(!seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn timeouts_leak_nothing() {
    let kinds = run_each(steps_against(&silent(), 1)).await;
    for (name, kind) in &kinds {
        assert_eq!(*kind, ErrorKind::Timeout, "{name}: {kinds:?}");
    }
}

/// The namespaces' fakes, each knowing the canary secrets as the real
/// platforms would, so every step succeeds against them. They serve for as
/// long as the test's runtime runs.
async fn working_platforms() -> impl Fn(&str) -> String {
    use kallisti::fake::{
        FakeApp, FakeAws, FakeCloudFoundry, FakeInstance, FakeKubernetes, FakePrometheus,
    };
    let demo = kallisti_suite::DemoService::start().await;
    let prom = FakePrometheus::builder()
        .with_series("up{job=\"api\"}", [1.0])
        .start()
        .await;
    let cf = FakeCloudFoundry::builder()
        .with_user("chaos-bot", CF_PASSWORD)
        .with_client("cf", CF_CLIENT_SECRET)
        .with_app(FakeApp::new("acme", "prod", "checkout"))
        .start()
        .await;
    let k8s = FakeKubernetes::builder()
        .with_virtual_service("shop", "reviews", json!({"hosts": ["reviews"]}))
        .start()
        .await;
    let aws = FakeAws::builder()
        .with_instance(FakeInstance::new("i-a1", "us-east-1a"))
        .start()
        .await;
    let bases = [
        ("cm", demo.url()),
        ("prom", prom.uri()),
        ("cf", cf.uri()),
        ("k8s", k8s.uri()),
        ("aws", aws.uri()),
    ];
    std::mem::forget((demo, prom, cf, k8s, aws));
    move |namespace: &str| {
        let (_, base) = bases.iter().find(|(n, _)| *n == namespace).unwrap();
        base.clone()
    }
}

#[tokio::test]
async fn successes_leak_nothing() {
    let steps = steps_to(working_platforms().await, 10);
    run_each_to(steps, TrialStatus::Succeeded).await;
}

#[tokio::test]
async fn expectation_misses_leak_nothing() {
    let mut steps = steps_to(working_platforms().await, 10);
    for step in &mut steps {
        step["expect"] = json!([{"operator": "eq", "value": "never this"}]);
    }
    for (name, kind) in run_each(steps).await {
        assert_eq!(kind, ErrorKind::FailedExpectation, "{name}");
    }
}

#[tokio::test]
async fn bad_arguments_leak_nothing() {
    let mut steps = steps_to(working_platforms().await, 10);
    for step in &mut steps {
        step["where"]["no_such_argument"] = json!(true);
    }
    for (name, kind) in run_each_to(steps, TrialStatus::Invalid).await {
        assert_eq!(kind, ErrorKind::InvalidArgument, "{name}");
    }
}
