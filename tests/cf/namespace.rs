//! The `cf` namespace against `FakeCloudFoundry`: every action and probe,
//! checked by the state they leave; the seed's example and the concept
//! example unchanged but for `cf_api_url`; UAA auth, token reuse and refresh;
//! lookups that fail; dry run.

use crate::support;

use kallisti::fake::{FakeApp, FakeCloudFoundry};
use kallisti::{ErrorKind, Experiment, Registry, Trial, TrialRecord};
use serde_json::{json, Value};
use support::{assert_step_error, assert_succeeded, run_steps, seed_step, step};

const USER: &str = "chaos-bot";
const PASSWORD: &str = "canary-cf-pa55word";

/// The default credential reads `CF_USERNAME` / `CF_PASSWORD`: every test
/// of this binary sets the same values.
fn cf_env() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::env::set_var("CF_USERNAME", USER);
        std::env::set_var("CF_PASSWORD", PASSWORD);
    });
}

async fn fake() -> FakeCloudFoundry {
    cf_env();
    FakeCloudFoundry::builder()
        .with_user(USER, PASSWORD)
        .with_app(FakeApp::new("your-org-name", "dev", "your-app-name").instances(2))
        .with_app(
            FakeApp::new("acme", "prod", "checkout")
                .instances(4)
                .route("checkout")
                .binding("orders-db"),
        )
        .with_app(FakeApp::new("acme", "prod", "cart").instances(2))
        .with_app(FakeApp::new("acme", "staging", "cart").instances(1))
        .with_route("acme", "prod", "promo")
        .start()
        .await
}

fn cf_step(action: &str, api: &str, args: Value) -> Value {
    let mut args = args;
    args["cf_api_url"] = json!(api);
    step(action, &format!("cf.{action}"), args)
}

#[tokio::test]
async fn the_seed_example_terminates_the_instance_with_the_environment_credentials() {
    let cf = fake().await;
    let mut seed = seed_step("step_cf_terminate_app_instance");
    seed["where"]["cf_api_url"] = json!(cf.uri());
    let record = run_steps(vec![seed]).await;
    assert_succeeded(&record);
    assert_eq!(
        cf.terminated_instances(),
        [("your-app-name".to_string(), 0)]
    );
    assert_eq!(cf.instance_states("your-app-name"), ["STARTING", "RUNNING"]);
}

#[tokio::test]
async fn the_concept_example_stops_probes_and_starts_the_app_in_post_steps() {
    let cf = fake().await;
    let api = cf.uri();
    let experiment = Experiment::from_value(json!({
        "name": "checkout survives being stopped",
        "steps": [
            {"step": "stop checkout", "do": "cf.stop_app",
             "where": {"cf_api_url": "{{ api }}", "app_name": "checkout", "org_name": "acme", "space_name": "prod"}},
            {"step": "checkout is down", "do": "cf.get_app_states_by_org",
             "where": {"cf_api_url": "{{ api }}", "org_name": "acme"},
             "expect": [{"operator": "eq", "[2].state": "STOPPED"}]}
        ],
        "post_steps": [
            {"step": "start checkout", "do": "cf.start_app",
             "where": {"cf_api_url": "{{ api }}", "app_name": "checkout", "org_name": "acme", "space_name": "prod"}}
        ]
    }))
    .unwrap();
    let record = Trial::new(experiment)
        .parameter("api", api)
        .run(&Registry::with_builtins())
        .await;
    assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[1].result[2],
        json!({"name": "checkout", "state": "STOPPED"})
    );
    assert_eq!(cf.app_state("checkout").as_deref(), Some("STARTED"));
    // One token for the whole trial.
    assert_eq!(cf.tokens_issued(), 1);
}

#[tokio::test]
async fn app_actions_change_the_apps() {
    let cf = fake().await;
    let api = cf.uri();
    let record = run_steps(vec![
        cf_step("stop_all_apps", &api, json!({"org_name": "acme"})),
        cf_step("get_app_states_by_org", &api, json!({"org_name": "acme"})),
        cf_step("start_all_apps", &api, json!({"org_name": "acme"})),
        cf_step(
            "delete_app",
            &api,
            json!({"app_name": "cart", "org_name": "acme", "space_name": "staging"}),
        ),
        cf_step("list_apps", &api, json!({})),
    ])
    .await;
    assert_succeeded(&record);
    let states = &record.trial_record.steps[1].result;
    assert_eq!(states.as_array().unwrap().len(), 3);
    assert!(
        states
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["state"] == "STOPPED"),
        "{states}"
    );
    assert_eq!(cf.app_state("checkout").as_deref(), Some("STARTED"));
    assert_eq!(cf.deleted_apps(), ["cart"]);
    assert_eq!(
        cf.app_state("cart").as_deref(),
        Some("STARTED"),
        "the prod cart is left"
    );
    let listed = &record.trial_record.steps[4].result;
    assert_eq!(listed["total_results"], 3);
    let names: Vec<&str> = listed["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["cart", "checkout", "your-app-name"]);
}

#[tokio::test]
async fn app_stats_are_keyed_by_instance_index() {
    let cf = fake().await;
    let mut probe = cf_step(
        "get_app_stats",
        &cf.uri(),
        json!({"app_name": "checkout", "org_name": "acme"}),
    );
    probe["expect"] =
        json!([{"operator": "eq", "0.state": "RUNNING"}, {"operator": "eq", "3.state": "RUNNING"}]);
    let record = run_steps(vec![probe]).await;
    assert_succeeded(&record);
    let stats = &record.trial_record.steps[0].result;
    assert_eq!(stats.as_object().unwrap().len(), 4);
    assert_eq!(stats["2"]["stats"]["usage"]["mem"], 104857600);
}

#[tokio::test]
async fn random_terminations_pick_distinct_existing_instances() {
    let cf = fake().await;
    let api = cf.uri();
    let record = run_steps(vec![
        cf_step(
            "terminate_some_random_instances",
            &api,
            json!({"app_name": "checkout", "org_name": "acme", "count": 1, "percentage": 50}),
        ),
        cf_step(
            "terminate_some_random_instances",
            &api,
            json!({"app_name": "cart", "org_name": "acme", "space_name": "prod", "count": 5}),
        ),
        cf_step(
            "terminate_some_random_instance",
            &api,
            json!({"app_name": "your-app-name"}),
        ),
        cf_step(
            "terminate_random_app_instance",
            &api,
            json!({"org_name": "your-org-name"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let terminated = cf.terminated_instances();
    let of = |app: &str| {
        terminated
            .iter()
            .filter(|(a, _)| a == app)
            .map(|(_, i)| *i)
            .collect::<Vec<_>>()
    };
    // 50% of 4 wins over count 1; count 5 of 2 is capped at 2.
    let checkout = of("checkout");
    assert_eq!(checkout.len(), 2);
    assert_ne!(checkout[0], checkout[1]);
    assert!(checkout.iter().all(|i| *i < 4));
    assert_eq!(of("cart").len(), 2);
    assert_eq!(of("your-app-name").len(), 2);
    assert_eq!(
        record.trial_record.steps[0].result["terminated_instances"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn routes_map_and_unmap() {
    let cf = fake().await;
    let api = cf.uri();
    let record = run_steps(vec![
        cf_step(
            "map_route_to_app",
            &api,
            json!({"app_name": "checkout", "host_name": "promo", "org_name": "acme"}),
        ),
        cf_step(
            "unmap_route_from_app",
            &api,
            json!({"app_name": "checkout", "host_name": "checkout", "org_name": "acme"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(cf.routes_of("checkout"), ["promo"]);
    let mapped = &record.trial_record.steps[0].result;
    assert_eq!(
        mapped[0]["destinations"][0]["app"]["guid"]
            .as_str()
            .map(|g| g.len()),
        Some(36)
    );

    let record = run_steps(vec![cf_step(
        "remove_routes_from_app",
        &api,
        json!({"app_name": "checkout", "route_host": "promo", "org_name": "acme"}),
    )])
    .await;
    assert_succeeded(&record);
    assert!(cf.routes_of("checkout").is_empty());
}

#[tokio::test]
async fn a_service_is_unbound() {
    let cf = fake().await;
    let record = run_steps(vec![cf_step(
        "unbind_service_from_app",
        &cf.uri(),
        json!({"app_name": "checkout", "bind_name": "orders-db", "org_name": "acme"}),
    )])
    .await;
    assert_succeeded(&record);
    assert!(cf.bindings_of("checkout").is_empty());
}

#[tokio::test]
async fn lookups_that_fail_say_what_was_looked_for() {
    let cf = fake().await;
    let api = cf.uri();
    let cases: [(Value, &str); 6] = [
        (
            cf_step(
                "stop_app",
                &api,
                json!({"app_name": "nope", "org_name": "acme"}),
            ),
            "app `nope` not found in org `acme`",
        ),
        (
            cf_step(
                "stop_app",
                &api,
                json!({"app_name": "cart", "org_name": "umbrella"}),
            ),
            "org `umbrella` not found",
        ),
        (
            cf_step(
                "stop_app",
                &api,
                json!({"app_name": "cart", "org_name": "acme", "space_name": "qa"}),
            ),
            "space `qa` not found in org `acme`",
        ),
        (
            cf_step("stop_app", &api, json!({"app_name": "cart"})),
            "app `cart` is ambiguous: 2 apps have that name",
        ),
        (
            cf_step(
                "terminate_app_instance",
                &api,
                json!({"app_name": "checkout", "instance_index": 9}),
            ),
            "app `checkout` has no instance 9 (it has [0, 1, 2, 3])",
        ),
        (
            cf_step(
                "unbind_service_from_app",
                &api,
                json!({"app_name": "checkout", "bind_name": "cache"}),
            ),
            "app `checkout` has no service binding `cache`",
        ),
    ];
    for (step, message) in cases {
        let record = run_steps(vec![step]).await;
        assert_step_error(&record, 0, ErrorKind::FailedAction, message);
    }
    assert!(cf.changes().is_empty(), "{:?}", cf.changes());
    assert_eq!(cf.app_state("cart").as_deref(), Some("STARTED"));
}

#[tokio::test]
async fn bad_arguments_are_invalid_before_anything_runs() {
    let cf = fake().await;
    let api = cf.uri();
    let record = run_steps(vec![
        cf_step(
            "terminate_some_random_instances",
            &api,
            json!({"app_name": "checkout"}),
        ),
        cf_step(
            "terminate_some_random_instances",
            &api,
            json!({"app_name": "checkout", "percentage": 150}),
        ),
        cf_step(
            "terminate_app_instance",
            &api,
            json!({"app_name": "checkout", "instance_index": -1}),
        ),
        step("no api", "cf.stop_app", json!({"app_name": "checkout"})),
        cf_step(
            "stop_app",
            "ftp://cf.example.com",
            json!({"app_name": "checkout"}),
        ),
    ])
    .await;
    assert_eq!(record.status, kallisti::TrialStatus::Invalid);
    let problems: Vec<String> = record.problems.iter().map(|p| p.to_string()).collect();
    let expected = [
        "steps[0] (\"terminate_some_random_instances\"), field `where.count`: argument `count`: give `count` or `percentage`",
        "steps[1] (\"terminate_some_random_instances\"), field `where.percentage`: argument `percentage`: must be between 0 and 100, not 150",
        "steps[2] (\"terminate_app_instance\"), field `where.instance_index`: argument `instance_index`: must be 0 or more, not -1",
        "steps[3] (\"no api\"), field `where.cf_api_url`: argument `cf_api_url`: missing",
        "steps[4] (\"stop_app\"), field `where.cf_api_url`: argument `cf_api_url`: `ftp://cf.example.com` is not an http or https URL",
    ];
    assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    for (got, want) in problems.iter().zip(expected) {
        assert!(got.starts_with(want), "{got}\n  should start with\n{want}");
    }
    assert!(cf.requests().is_empty());
}

fn assert_no_canary(record: &TrialRecord) {
    for text in [
        kallisti::report::text(record),
        kallisti::report::json(record),
        kallisti::report::junit(record),
        format!("{record:?}"),
    ] {
        assert!(!text.contains(PASSWORD), "{text}");
        assert!(!text.contains("canary-client-s3cret"), "{text}");
        assert!(!text.contains("fake-cf-token"), "{text}");
    }
}

#[tokio::test]
async fn a_wrong_password_is_a_clear_auth_error_without_the_secret() {
    let cf = fake().await;
    std::env::set_var("CF_WRONG_USER", USER);
    std::env::set_var("CF_WRONG_PASSWORD", "canary-client-s3cret");
    let record = run_steps(vec![cf_step(
        "stop_app",
        &cf.uri(),
        json!({"app_name": "checkout", "org_name": "acme",
               "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD",
                               "username_key": "CF_WRONG_USER", "password_key": "CF_WRONG_PASSWORD"}}),
    )])
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        &format!("token endpoint {}/uaa/oauth/token refused the password grant for user `{USER}`: 401 Unauthorized", cf.uri()),
    );
    assert!(record.trial_record.steps[0]
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("Bad credentials"));
    assert_no_canary(&record);
    assert_eq!(cf.app_state("checkout").as_deref(), Some("STARTED"));

    // A wrong client secret is refused by UAA too, and never shown.
    let record = run_steps(vec![cf_step(
        "stop_app",
        &cf.uri(),
        json!({"app_name": "checkout", "org_name": "acme", "client_secret": "canary-client-s3cret"}),
    )])
    .await;
    assert_step_error(&record, 0, ErrorKind::FailedAction, "token endpoint");
    assert!(record.trial_record.steps[0]
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("Bad client credentials"));
    assert_no_canary(&record);
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_step_succeeds() {
    let cf = fake().await;
    let api = cf.uri();
    let experiment = Experiment::from_value(json!({
        "name": "refresh",
        "steps": [
            cf_step("get_app_states_by_org", &api, json!({"org_name": "acme"})),
            {"step": "mark", "do": "cm.http_request", "where": {"url": format!("{api}/expire-tokens-now")}},
            {"step": "wait", "do": "cm.wait", "where": {"time_in_seconds": 1}},
            cf_step("stop_app", &api, json!({"app_name": "checkout", "org_name": "acme"}))
        ]
    }))
    .unwrap();
    // Expire the token between the first and the last step: the `mark` step
    // leaves a request the watcher below sees, and the wait gives it time.
    let cf_ref = &cf;
    let registry = Registry::with_builtins();
    let trial = Trial::new(experiment).run(&registry);
    tokio::pin!(trial);
    let record = loop {
        tokio::select! {
            record = &mut trial => break record,
            _ = tokio::time::sleep(std::time::Duration::from_millis(1)) => {
                if cf_ref.requests().iter().any(|r| r.path == "/expire-tokens-now")
                    && cf_ref.tokens_issued() == 1
                {
                    cf_ref.expire_tokens();
                }
            }
        }
    };
    assert_succeeded(&record);
    assert_eq!(cf.app_state("checkout").as_deref(), Some("STOPPED"));
    assert_eq!(cf.tokens_issued(), 2, "one refresh");
    let unauthorized = cf.requests().iter().filter(|r| r.status == 401).count();
    assert_eq!(unauthorized, 1, "{:#?}", cf.requests());
    assert!(record.trial_record.steps[3]
        .logs
        .iter()
        .any(|l| l.contains("getting a new one")));
    assert_no_canary(&record);
}

#[tokio::test]
async fn lists_follow_pagination() {
    cf_env();
    let mut builder = FakeCloudFoundry::builder()
        .with_user(USER, PASSWORD)
        .per_page(2);
    for i in 0..7 {
        builder = builder.with_app(FakeApp::new("big", "prod", &format!("app-{i}")));
    }
    let cf = builder.start().await;
    let record = run_steps(vec![
        cf_step("list_apps", &cf.uri(), json!({})),
        cf_step("stop_all_apps", &cf.uri(), json!({"org_name": "big"})),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result["total_results"], 7);
    assert!((0..7).all(|i| cf.app_state(&format!("app-{i}")).as_deref() == Some("STOPPED")));
    let pages = cf
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/v3/apps?") && r.path.contains("page="))
        .count();
    assert!(pages >= 6, "followed `next` links: {pages}");
}

#[tokio::test]
async fn a_dry_run_reports_targets_and_changes_nothing() {
    let cf = fake().await;
    let api = cf.uri();
    let experiment = Experiment::from_value(json!({
        "name": "dry",
        "steps": [
            cf_step("stop_app", &api, json!({"app_name": "checkout", "org_name": "acme"})),
            cf_step("terminate_some_random_instances", &api, json!({"app_name": "checkout", "org_name": "acme", "percentage": 50})),
            cf_step("unmap_route_from_app", &api, json!({"app_name": "checkout", "host_name": "checkout", "org_name": "acme"})),
            cf_step("unbind_service_from_app", &api, json!({"app_name": "checkout", "bind_name": "orders-db", "org_name": "acme"})),
            cf_step("delete_app", &api, json!({"app_name": "checkout", "org_name": "acme"}))
        ]
    }))
    .unwrap();
    let record = Trial::new(experiment)
        .dry_run(true)
        .run(&Registry::with_builtins())
        .await;
    assert_succeeded(&record);
    assert!(cf.changes().is_empty(), "{:?}", cf.changes());
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result["would"], "stop");
    assert_eq!(
        steps[1].result["would_terminate"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        steps[2].result["would_unmap"],
        json!(["checkout.apps.example.com"])
    );
    assert_eq!(steps[3].result["would_unbind"], "orders-db");
    assert_eq!(steps[4].result["would"], "delete");
}

#[tokio::test]
async fn a_token_is_reused_until_near_its_expiry_then_renewed_before_use() {
    cf_env();
    let cf = FakeCloudFoundry::builder()
        .with_user(USER, PASSWORD)
        .with_app(FakeApp::new("acme", "prod", "checkout"))
        .token_lifetime(std::time::Duration::from_secs(1))
        .start()
        .await;
    let record = run_steps(vec![
        cf_step(
            "get_app_states_by_org",
            &cf.uri(),
            json!({"org_name": "acme"}),
        ),
        cf_step("get_app_stats", &cf.uri(), json!({"app_name": "checkout"})),
        step("let it expire", "cm.wait", json!({"time_in_seconds": 1})),
        cf_step("stop_app", &cf.uri(), json!({"app_name": "checkout"})),
    ])
    .await;
    assert_succeeded(&record);
    // One for the first two steps, one renewed before the last: no 401.
    assert_eq!(cf.tokens_issued(), 2);
    assert!(
        cf.requests().iter().all(|r| r.status != 401),
        "{:#?}",
        cf.requests()
    );
}

/// Canaries: the password, the client secret and the UAA token appear in no
/// report, record or `tracing` line, whether the grant is refused or not.
#[tokio::test]
async fn cf_canaries_stay_out_of_reports_records_and_logs() {
    let cf = fake().await;
    std::env::set_var("CF_CANARY_USER", USER);
    std::env::set_var("CF_CANARY_PASSWORD", "canary-cf-wrong-pa55");
    let refused = cf_step(
        "stop_app",
        &cf.uri(),
        json!({"app_name": "checkout", "org_name": "acme", "client_secret": "canary-client-s3cret",
               "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "CF_CANARY_USER", "password_key": "CF_CANARY_PASSWORD"}}),
    );
    let accepted = cf_step(
        "get_app_states_by_org",
        &cf.uri(),
        json!({"org_name": "acme"}),
    );
    for steps in [vec![refused], vec![accepted]] {
        let (record, logs) = support::traced_run(steps).await;
        let text = support::all_outputs(&record, &logs);
        for canary in [
            "canary-cf-wrong-pa55",
            "canary-client-s3cret",
            PASSWORD,
            "fake-cf-token",
        ] {
            assert!(!text.contains(canary), "`{canary}` leaked:\n{text}");
        }
        assert!(
            !logs.0.lock().unwrap().is_empty(),
            "tracing lines were captured"
        );
    }
}

/// A test body that panics with the password and the client secret the
/// `cf` steps used: the failure report and the record show `***`.
#[test]
fn cf_canaries_survive_a_panicking_body() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    cf_env();
    let cf = runtime.block_on(
        FakeCloudFoundry::builder()
            .with_user(USER, PASSWORD)
            .with_client("cf", "canary-client-s3cret")
            .with_app(FakeApp::new("acme", "prod", "checkout"))
            .start(),
    );
    let shown = support::panicking_chaos_test(
        "cf-panic",
        json!({}),
        vec![cf_step(
            "get_app_states_by_org",
            &cf.uri(),
            json!({"org_name": "acme", "client_secret": "canary-client-s3cret"}),
        )],
        format!("logged in with {PASSWORD} and canary-client-s3cret"),
    );
    assert!(shown.contains("logged in with *** and ***"), "{shown}");
    for canary in [PASSWORD, "canary-client-s3cret"] {
        assert!(!shown.contains(canary), "{shown}");
    }
}

#[test]
fn cf_canaries_stay_out_of_a_panicking_body_output() {
    support::assert_panic_output_hides(
        module_path!(),
        "cf_canaries_survive_a_panicking_body",
        &[PASSWORD, "canary-client-s3cret"],
    );
}
