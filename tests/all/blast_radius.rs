//! The blast radius: every namespace aimed at a forbidden listener (on
//! 127.0.0.2, counting connections) by each known walk-around, with only
//! 127.0.0.1 allowed. Nothing may reach it, and every refusal names where
//! its target came from. Also: AWS regions and CF spaces, requiring an
//! allow-list, one client per identity, seeded picks and stop conditions.
//! The environment-driven walk-arounds (a kubeconfig, `AWS_ENDPOINT_URL`)
//! run through the command, in `kallisti/tests/blast_radius_cli.rs`.

use crate::support;

use kallisti::fake::{FakeApp, FakeCloudFoundry, FakeKubernetes};
use kallisti::trial::AllowList;
use kallisti::{ErrorKind, Experiment, Registry, Trial, TrialRecord, TrialStatus};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::net::{responder, Answer, Forbidden};
use support::step;

fn loopback_only() -> AllowList {
    AllowList::default().hosts(["127.0.0.1"])
}

async fn run(steps: Vec<Value>, allow: AllowList) -> TrialRecord {
    let experiment =
        Experiment::from_value(json!({"name": "blast radius", "steps": steps})).unwrap();
    Trial::new(experiment)
        .allow(allow)
        .step_timeout(Duration::from_secs(10))
        .run(&Registry::with_builtins())
        .await
}

/// Each URL spelling that reaches the forbidden listener, with the argument
/// that carries it.
fn walk_arounds(forbidden: &Forbidden) -> Vec<String> {
    let port = forbidden.port();
    vec![
        format!("HTTP://127.0.0.2:{port}/health"),
        format!("http://127.0.0.2:{port}\\@127.0.0.1/health"),
        format!("http://127.0.0.1@127.0.0.2:{port}/health"),
        format!("http://user:pw@127.0.0.2:{port}/health"),
        format!("http://127.2:{port}/health"),
        format!("http://0x7f000002:{port}/health"),
        format!("http://2130706434:{port}/health"),
        format!("http://127.0.0.2.:{port}/health"),
        format!("http://[::ffff:127.0.0.2]:{port}/health"),
        format!("http://localhost:{port}/health"),
    ]
}

#[tokio::test]
async fn walk_arounds_in_arguments_are_refused_before_anything_runs() {
    let forbidden = Forbidden::start();
    for url in walk_arounds(&forbidden) {
        let steps = vec![
            step("cm", "cm.http_probe", json!({"url": url})),
            step(
                "prom",
                "prom.query",
                json!({"base_url": url, "query": "up"}),
            ),
            step(
                "cf",
                "cf.stop_app",
                json!({"cf_api_url": url, "app_name": "cart"}),
            ),
            step(
                "k8s",
                "k8s.count_pods",
                json!({"k8s_api_host": url, "label_selector": "app=x"}),
            ),
            step(
                "istio",
                "istio.get_virtual_service",
                json!({"k8s_api_host": url, "virtual_service_name": "reviews"}),
            ),
            step(
                "aws",
                "aws.ec2.describe_instances",
                json!({"endpoint_url": url, "region": "eu-west-1", "filters": []}),
            ),
        ];
        let record = run(steps, loopback_only()).await;
        assert_eq!(record.status, TrialStatus::Invalid, "{url}");
        assert_eq!(record.problems.len(), 6, "{url}: {:?}", record.problems);
        for (problem, argument) in record.problems.iter().zip([
            "url",
            "base_url",
            "cf_api_url",
            "k8s_api_host",
            "k8s_api_host",
            "endpoint_url",
        ]) {
            assert!(
                problem.message.contains("refused: host `")
                    && problem
                        .message
                        .contains(&format!("(from argument `{argument}`)")),
                "{url}: {problem}"
            );
        }
    }
    assert_eq!(forbidden.hits(), 0);
}

#[tokio::test]
async fn a_redirect_to_a_refused_host_is_not_followed() {
    let forbidden = Forbidden::start();
    let target = format!("{}/health", forbidden.url());
    let redirecting = responder(move |_| Answer::redirect(&target));
    let record = run(
        vec![step(
            "cm",
            "cm.http_probe",
            json!({"url": format!("{redirecting}/go")}),
        )],
        loopback_only(),
    )
    .await;
    let error = record.trial_record.steps[0]
        .error
        .as_ref()
        .expect("refused");
    assert_eq!(error.kind, ErrorKind::Refused, "{}", error.message);
    assert!(
        error.message.contains("host `127.0.0.2`")
            && error
                .message
                .contains(&format!("a redirect from {redirecting}/go")),
        "{}",
        error.message
    );
    let record = run(
        vec![step(
            "prom",
            "prom.query",
            json!({"base_url": redirecting, "query": "up"}),
        )],
        loopback_only(),
    )
    .await;
    let error = record.trial_record.steps[0]
        .error
        .as_ref()
        .expect("refused");
    assert_eq!(error.kind, ErrorKind::Refused, "{}", error.message);
    assert_eq!(forbidden.hits(), 0);
}

#[tokio::test]
async fn a_redirect_within_the_allow_list_is_followed() {
    let landing = responder(|_| Answer::json(json!({"ok": true})));
    let target = format!("{landing}/landing");
    let redirecting = responder(move |_| Answer::redirect(&target));
    let record = run(
        vec![step("cm", "cm.http_probe", json!({"url": redirecting}))],
        loopback_only(),
    )
    .await;
    support::assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result["response"]["ok"], true);
}

#[tokio::test]
async fn a_cf_api_that_links_a_refused_uaa_is_refused() {
    let forbidden = Forbidden::start();
    let uaa = forbidden.url();
    let api = responder(move |path| match path {
        "/" => Answer::json(json!({"links": {"uaa": {"href": uaa}}})),
        _ => Answer::status(404),
    });
    std::env::set_var("BLAST_CF_USER", "chaos");
    std::env::set_var("BLAST_CF_PASSWORD", "chaos-password");
    let credentials = json!({"type": "ENV_VAR_USERNAME_PASSWORD",
        "username_key": "BLAST_CF_USER", "password_key": "BLAST_CF_PASSWORD"});
    let record = run(
        vec![step(
            "cf",
            "cf.stop_app",
            json!({"cf_api_url": api, "app_name": "cart", "credentials": credentials}),
        )],
        loopback_only(),
    )
    .await;
    let error = record.trial_record.steps[0]
        .error
        .as_ref()
        .expect("refused");
    assert_eq!(error.kind, ErrorKind::Refused, "{}", error.message);
    assert!(
        error.message.contains("the CF API root's `links.uaa`"),
        "{}",
        error.message
    );
    assert_eq!(forbidden.hits(), 0);
}

#[tokio::test]
async fn cf_spaces_outside_the_list_are_refused_where_the_app_lives() {
    let cf = FakeCloudFoundry::builder()
        .with_user("chaos", "chaos-password")
        .with_app(FakeApp::new("acme", "prod", "cart"))
        .with_app(FakeApp::new("acme", "staging", "checkout"))
        .start()
        .await;
    std::env::set_var("BLAST_CF_USER", "chaos");
    std::env::set_var("BLAST_CF_PASSWORD", "chaos-password");
    let stop = |app: &str| {
        step(
            app,
            "cf.stop_app",
            json!({"cf_api_url": cf.uri(), "app_name": app, "credentials": {
                "type": "ENV_VAR_USERNAME_PASSWORD",
                "username_key": "BLAST_CF_USER", "password_key": "BLAST_CF_PASSWORD"}}),
        )
    };
    let allow = AllowList::default().cf_spaces(["acme/staging"]);
    // Found by name alone: the space is read from the API, not the step.
    let record = run(vec![stop("cart")], allow.clone()).await;
    let error = record.trial_record.steps[0]
        .error
        .as_ref()
        .expect("refused");
    assert_eq!(error.kind, ErrorKind::Refused, "{}", error.message);
    assert!(
        error.message.contains("Cloud Foundry space `acme/prod`"),
        "{}",
        error.message
    );
    assert_eq!(cf.app_state("cart").as_deref(), Some("STARTED"));
    let record = run(vec![stop("checkout")], allow).await;
    support::assert_succeeded(&record);
    assert_eq!(cf.app_state("checkout").as_deref(), Some("STOPPED"));
}

#[tokio::test]
async fn aws_regions_outside_the_list_are_refused_before_anything_runs() {
    let forbidden = Forbidden::start();
    let record = run(
        vec![step(
            "aws",
            "aws.ec2.describe_instances",
            json!({"endpoint_url": forbidden.url(), "region": "us-east-1", "filters": []}),
        )],
        AllowList::default().aws_regions(["eu-*"]),
    )
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert!(
        record.problems[0]
            .message
            .contains("AWS region `us-east-1` (from argument `region`)"),
        "{:?}",
        record.problems
    );
    assert_eq!(forbidden.hits(), 0);
}

#[tokio::test]
async fn two_tokens_of_the_same_length_act_as_their_own_identity() {
    let fake = FakeKubernetes::builder()
        .with_pod("shop", "cart-1", &[("app", "cart")])
        .start()
        .await;
    let dir = std::env::temp_dir().join(format!("kallisti-identity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut steps = Vec::new();
    for (i, token) in ["identity-token-aaaa", "identity-token-bbbb"]
        .iter()
        .enumerate()
    {
        let path = dir.join(format!("token-{i}"));
        std::fs::write(&path, token).unwrap();
        steps.push(step(
            &format!("count as {i}"),
            "k8s.count_pods",
            json!({"k8s_api_host": fake.uri(), "ns": "shop", "label_selector": "app=cart",
                "credentials": {"type": "TOKEN_FILE", "token_path": path}}),
        ));
    }
    support::assert_succeeded(&run(steps, AllowList::default()).await);
    let sent: Vec<String> = fake
        .requests()
        .into_iter()
        .filter_map(|r| r.authorization)
        .collect();
    assert_eq!(
        sent,
        ["Bearer identity-token-aaaa", "Bearer identity-token-bbbb"],
        "each step must call the API as its own identity"
    );
}

async fn picks_with_seed(seed: u64) -> (Vec<String>, u64) {
    let mut builder = FakeKubernetes::builder();
    for i in 0..12 {
        builder = builder.with_pod("shop", &format!("cart-{i:02}"), &[("app", "cart")]);
    }
    let fake = builder.start().await;
    let experiment = Experiment::from_value(json!({"name": "picks", "steps": [step(
        "kill three",
        "k8s.terminate_pods",
        json!({"k8s_api_host": fake.uri(), "ns": "shop", "label_selector": "app=cart",
            "rand": true, "qty": 3}),
    )]}))
    .unwrap();
    let record = Trial::new(experiment)
        .seed(seed)
        .run(&Registry::with_builtins())
        .await;
    support::assert_succeeded(&record);
    let mut names: Vec<String> = fake.deleted_pods().into_iter().map(|d| d.name).collect();
    names.sort();
    (names, record.seed)
}

#[tokio::test]
async fn a_seed_replays_the_same_random_picks() {
    let (first, recorded) = picks_with_seed(7).await;
    assert_eq!(recorded, 7, "the record keeps the seed");
    assert_eq!(first.len(), 3);
    let (again, _) = picks_with_seed(7).await;
    assert_eq!(first, again, "the same seed picks the same pods");
    let mut others = Vec::new();
    for seed in [8, 9, 10, 11] {
        others.push(picks_with_seed(seed).await.0);
    }
    assert!(
        others.iter().any(|o| *o != first),
        "other seeds pick other pods: {first:?} vs {others:?}"
    );
}

/// A health endpoint that answers 200 until `after`, then 503; and a
/// clean-up endpoint that counts its calls.
fn failing_service(after: Duration) -> (String, Arc<AtomicUsize>) {
    let started = Instant::now();
    let cleanups = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&cleanups);
    let url = responder(move |path| match path {
        "/health" if started.elapsed() < after => Answer::json(json!({"ok": true})),
        "/health" => Answer::status(503),
        _ => {
            counted.fetch_add(1, Ordering::SeqCst);
            Answer::json(json!({"cleaned": true}))
        }
    });
    (url, cleanups)
}

fn health_condition(url: &str) -> Value {
    json!({"step": "health", "do": "cm.http_request", "where": {"url": format!("{url}/health")},
        "every": "100ms", "expect": [{"operator": "eq", "status_code": 200}]})
}

#[tokio::test]
async fn a_breached_stop_condition_stops_the_trial_within_a_second() {
    let (url, cleanups) = failing_service(Duration::from_millis(500));
    let experiment = Experiment::from_value(json!({
        "name": "stop conditions",
        "stop_conditions": [health_condition(&url)],
        "steps": [
            step("chaos", "cm.wait", json!({"time_in_seconds": 30})),
            step("never", "cm.http_request", json!({"url": format!("{url}/never")})),
        ],
        "post_steps": [step("clean up", "cm.http_request", json!({"url": format!("{url}/cleanup")}))],
    }))
    .unwrap();
    let started = Instant::now();
    let record = Trial::new(experiment).run(&Registry::with_builtins()).await;
    assert_eq!(
        record.status,
        TrialStatus::Stopped,
        "{}",
        kallisti::report::text(&record)
    );
    let breach = record.stopped_by.as_ref().expect("the breach is recorded");
    assert_eq!(breach.condition, "health");
    assert_eq!(breach.action, "cm.http_request");
    assert!(
        breach.message.contains("status_code") && breach.message.contains("503"),
        "{}",
        breach.message
    );
    assert_eq!(breach.value["status_code"], 503);
    // The 30 s chaos step was cut, the step after it skipped, and the post
    // step ran, all within a second of the breach.
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(record.trial_record.steps.len(), 1);
    assert_eq!(record.trial_record.post_steps.len(), 1);
    assert!(record.trial_record.post_steps[0].succeeded());
    assert_eq!(cleanups.load(Ordering::SeqCst), 1);
    let to_stop = (record.completed_at - breach.at).to_std().unwrap();
    assert!(
        to_stop < Duration::from_secs(1),
        "stopped {to_stop:?} after the breach"
    );
    let report = kallisti::report::text(&record);
    assert!(
        report.contains("Stopped by stop condition \"health\" (cm.http_request)"),
        "{report}"
    );
}

#[tokio::test]
async fn a_stop_condition_that_holds_changes_nothing() {
    let (url, _) = failing_service(Duration::from_secs(600));
    let experiment = Experiment::builder("holds")
        .stop_condition(serde_json::from_value(health_condition(&url)).unwrap())
        .step(
            serde_json::from_value(step("chaos", "cm.wait", json!({"time_in_seconds": 1})))
                .unwrap(),
        )
        .build()
        .unwrap();
    let record = Trial::new(experiment).run(&Registry::with_builtins()).await;
    support::assert_succeeded(&record);
    assert!(record.stopped_by.is_none());
}

#[tokio::test]
async fn stop_conditions_must_be_probes_with_expectations() {
    let experiment = Experiment::from_value(json!({
        "name": "bad conditions",
        "stop_conditions": [
            step("acting", "cm.wait", json!({"time_in_seconds": 1})),
            step("no expectation", "cm.http_request", json!({"url": "http://127.0.0.1:1/"})),
        ],
        "steps": [step("chaos", "cm.wait", json!({"time_in_seconds": 0}))],
    }))
    .unwrap();
    let record = Trial::new(experiment).run(&Registry::with_builtins()).await;
    assert_eq!(record.status, TrialStatus::Invalid);
    let problems: Vec<String> = record.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("stop_conditions[0] (\"acting\")")
            && problems[0].contains("must be a probe"),
        "{problems:?}"
    );
    assert!(problems[1].contains("needs `expect`"), "{problems:?}");
}

#[tokio::test]
async fn a_chaos_test_body_is_cut_by_a_breach_and_post_steps_run() {
    let (url, cleanups) = failing_service(Duration::from_millis(400));
    let test = kallisti::testing::ChaosTest::new("stop_when")
        .stop_when(serde_json::from_value(health_condition(&url)).unwrap())
        .post(
            serde_json::from_value(step(
                "clean up",
                "cm.http_request",
                json!({"url": format!("{url}/cleanup")}),
            ))
            .unwrap(),
        );
    let started = Instant::now();
    let record = test
        .run(|_ctx| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
        })
        .await;
    assert_eq!(
        record.status,
        TrialStatus::Stopped,
        "{}",
        kallisti::report::text(&record)
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(record.stopped_by.as_ref().unwrap().condition, "health");
    assert_eq!(cleanups.load(Ordering::SeqCst), 1);
}

#[kallisti::chaos_test(
    let service = failing_service(Duration::from_secs(600)),
    parameters(base = service.0.clone()),
    allow_hosts("127.0.0.1"),
    seed = 42,
    stop_when({"step": "health", "do": "cm.http_request", "where": {"url": "{{ base }}/health"},
        "every": "50ms", "expect": [{"operator": "eq", "status_code": 200}]}),
    before({"step": "chaos", "do": "cm.wait", "where": {"time_in_seconds": 1}}),
    inspect = |record: &TrialRecord| {
        assert_eq!(record.seed, 42);
        assert!(record.stopped_by.is_none());
    },
)]
async fn the_macro_takes_stop_conditions_seed_and_allow_lists() {}
