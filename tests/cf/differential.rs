//! Kallisti's `cf` actions beside the Chaos Toolkit's Cloud Foundry driver
//! (chaostoolkit-cloud-foundry 0.7.3, run through chaostoolkit-lib's own
//! activity runner). No action can be compared on `FakeCloudFoundry`: the
//! driver speaks the Cloud Controller v2 API, from `/v2/info` (where it
//! finds UAA) to `/v2/apps`, and the fake serves v3, which kallisti's
//! actions speak. The tests here prove that for every driver function, so
//! that the table is right and the claim fails the build once the fake
//! answers v2.

use crate::support;
use kallisti::fake::{FakeApp, FakeCloudFoundry};
use serde_json::{json, Value};
use support::differential::{assert_covered, driver_functions, run_activity, Activity, Verdicts};

const USER: &str = "chaos-bot";
const PASSWORD: &str = "canary-cf-pa55word";

/// Why no `cf` action is compared.
const V2_ONLY: &str = "the driver (0.7.3) speaks Cloud Controller v2 (`/v2/info` to find UAA, then `/v2/apps`, `/v2/routes`, ...); FakeCloudFoundry serves v3 only, the API kallisti's actions speak, so every driver call ends in a 404";

/// Catalog actions with a driver function that no scenario compares.
const NOT_COMPARABLE: &[(&str, &str)] = &[
    ("cf.delete_app", V2_ONLY),
    ("cf.get_app_stats", V2_ONLY),
    ("cf.list_apps", V2_ONLY),
    ("cf.map_route_to_app", V2_ONLY),
    ("cf.remove_routes_from_app", V2_ONLY),
    ("cf.start_all_apps", V2_ONLY),
    ("cf.start_app", V2_ONLY),
    ("cf.stop_all_apps", V2_ONLY),
    ("cf.stop_app", V2_ONLY),
    ("cf.terminate_app_instance", V2_ONLY),
    ("cf.terminate_some_random_instance", V2_ONLY),
    ("cf.unbind_service_from_app", V2_ONLY),
    ("cf.unmap_route_from_app", V2_ONLY),
];

/// Arguments each driver function is called with: those of an app, its
/// route and binding that the seed holds.
fn arguments(action: &str) -> Value {
    let app = json!({"app_name": "checkout", "org_name": "acme", "space_name": "prod"});
    let mut arguments = match action {
        "cf.list_apps" => json!({}),
        "cf.start_all_apps" | "cf.stop_all_apps" => json!({"org_name": "acme"}),
        _ => app,
    };
    let extra = match action {
        "cf.map_route_to_app" | "cf.unmap_route_from_app" => json!({"host_name": "checkout"}),
        "cf.remove_routes_from_app" => json!({"route_host": "checkout"}),
        "cf.terminate_app_instance" => json!({"instance_index": 0}),
        "cf.unbind_service_from_app" => json!({"bind_name": "orders-db"}),
        _ => json!({}),
    };
    for (key, value) in extra.as_object().unwrap() {
        arguments[key] = value.clone();
    }
    arguments
}

async fn fake() -> FakeCloudFoundry {
    FakeCloudFoundry::builder()
        .with_user(USER, PASSWORD)
        .with_app(
            FakeApp::new("acme", "prod", "checkout")
                .instances(2)
                .route("checkout")
                .binding("orders-db"),
        )
        .start()
        .await
}

/// Runs `function` against a fresh fake with `secrets`; returns whether it
/// failed and the paths the fake was asked for, each with its status.
async fn run_driver(
    function: &str,
    kind: &str,
    action: &str,
    secrets: Value,
) -> (bool, Vec<String>) {
    let cf = fake().await;
    let outcome = run_activity(Activity {
        function,
        kind,
        arguments: arguments(action),
        configuration: json!({"cf_api_url": cf.uri(), "cf_verify_ssl": false}),
        secrets,
    })
    .await;
    let asked = cf
        .requests()
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.status))
        .collect();
    (outcome.failed, asked)
}

#[test]
fn every_cf_action_is_compared_or_listed() {
    assert_covered("cf", &[], NOT_COMPARABLE);
}

/// Each driver function, given a user and password as a user gives them,
/// stops at `/v2/info`; given a token, its first call to the Cloud
/// Controller is a v2 path. Both end in the fake's 404, and nothing changes.
#[tokio::test(flavor = "multi_thread")]
async fn the_driver_asks_for_v2_which_the_fake_does_not_serve() {
    let mut verdicts = Verdicts::new(&[]);
    for (action, (function, kind)) in driver_functions("cf") {
        let user = json!({"cf_username": USER, "cf_password": PASSWORD});
        let (failed, asked) = run_driver(&function, &kind, &action, user).await;
        assert!(failed, "{action} with a user succeeded: {asked:?}");
        assert_eq!(asked, ["GET /v2/info 404"], "{action} with a user");
        let token = json!({"cf_access_token": "a-token"});
        let (failed, asked) = run_driver(&function, &kind, &action, token).await;
        assert!(failed, "{action} with a token succeeded: {asked:?}");
        assert!(
            asked.len() == 1 && asked[0].starts_with("GET /v2/") && asked[0].ends_with(" 404"),
            "{action} with a token asked for {asked:?}"
        );
        let why = NOT_COMPARABLE.iter().find(|(a, _)| *a == action);
        verdicts.not_comparable(&action, why.map_or("", |(_, why)| why));
    }
    verdicts.finish("cf differential");
}
