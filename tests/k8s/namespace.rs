//! The `k8s` pod and deployment actions and the `istio` namespace against
//! `FakeKubernetes`, and `kubectl` against the fake itself.

use crate::support;

use kallisti::fake::FakeKubernetes;
use kallisti::{ErrorKind, Experiment, Registry, Trial, TrialRecord, TrialStatus};
use serde_json::{json, Value};
use support::{assert_step_error, assert_succeeded, seed_step, step};

fn registry() -> Registry {
    Registry::with_builtins()
}

async fn run(steps: Vec<Value>) -> TrialRecord {
    run_with(steps, false).await
}

async fn run_with(steps: Vec<Value>, dry_run: bool) -> TrialRecord {
    let experiment = Experiment::from_value(json!({"name": "k8s", "steps": steps})).unwrap();
    Trial::new(experiment)
        .dry_run(dry_run)
        .run(&registry())
        .await
}

fn k8s(action: &str, api: &str, args: Value) -> Value {
    let mut args = args;
    args["k8s_api_host"] = json!(api);
    step(action, &format!("k8s.{action}"), args)
}

fn deleted_names(fake: &FakeKubernetes) -> Vec<String> {
    fake.deleted_pods().into_iter().map(|d| d.name).collect()
}

async fn shop() -> FakeKubernetes {
    FakeKubernetes::builder()
        // Seeded oldest first: creation order differs from alphabetical order.
        .with_pod("shop", "cart-c", &[("app", "cart")])
        .with_pod("shop", "cart-a", &[("app", "cart")])
        .with_pod("shop", "cart-b", &[("app", "cart")])
        .with_pod("shop", "cart-d", &[("app", "cart")])
        .with_pod_in_phase("shop", "batch-1", &[("app", "batch")], "Succeeded")
        .with_pod("shop", "web-1", &[("app", "web")])
        .with_pod("other", "cart-z", &[("app", "cart")])
        .with_deployment("shop", "cart", 4, &[("app", "cart")])
        .start()
        .await
}

#[tokio::test]
async fn the_seed_example_terminates_one_matching_pod() {
    let fake = FakeKubernetes::builder()
        .with_pod(
            "your-namespace",
            "target-1",
            &[("selector-of-target-pods", "yes")],
        )
        .with_pod(
            "your-namespace",
            "target-2",
            &[("selector-of-target-pods", "yes")],
        )
        .with_pod("your-namespace", "bystander", &[("app", "other")])
        .start()
        .await;
    let mut seed = seed_step("step_k8s_terminate_pods");
    seed["where"]["k8s_api_host"] = json!(fake.uri());
    let record = run(vec![seed]).await;
    assert_succeeded(&record);
    assert_eq!(deleted_names(&fake), ["target-1"]);
    assert_eq!(fake.pod_names("your-namespace"), ["bystander", "target-2"]);
}

#[tokio::test]
async fn terminate_pods_selects_as_the_driver_does() {
    let fake = shop().await;
    let api = fake.uri();
    let record = run(vec![
        // qty 2, alphabetic: the first two names.
        k8s(
            "terminate_pods",
            &api,
            json!({"ns": "shop", "label_selector": "app=cart", "qty": 2, "grace_period": 5}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(deleted_names(&fake), ["cart-a", "cart-b"]);
    assert!(fake
        .deleted_pods()
        .iter()
        .all(|d| d.grace_period_seconds == Some(5)));
    assert_eq!(
        record.trial_record.steps[0].result,
        json!(["cart-a", "cart-b"])
    );

    let fake = shop().await;
    let record = run(vec![k8s(
        "terminate_pods",
        &fake.uri(),
        json!({"ns": "shop", "label_selector": "app=cart", "order": "oldest", "qty": 1}),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(deleted_names(&fake), ["cart-c"], "the oldest");
    assert_eq!(
        fake.deleted_pods()[0].grace_period_seconds,
        None,
        "the pod's own grace period"
    );

    let fake = shop().await;
    let record = run(vec![k8s(
        "terminate_pods",
        &fake.uri(),
        json!({"ns": "shop", "name_pattern": "^cart-[ab]$", "all": true}),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(deleted_names(&fake), ["cart-a", "cart-b"]);

    let fake = shop().await;
    let record = run(vec![k8s(
        "terminate_pods",
        &fake.uri(),
        json!({"ns": "shop", "label_selector": "app in (cart)", "rand": true, "mode": "percentage", "qty": 50}),
    )])
    .await;
    assert_succeeded(&record);
    let gone = deleted_names(&fake);
    assert_eq!(gone.len(), 2, "50% of 4");
    assert!(gone.iter().all(|n| n.starts_with("cart-")));
    assert_eq!(
        fake.pod_names("other"),
        ["cart-z"],
        "other namespaces are untouched"
    );
}

#[tokio::test]
async fn nothing_to_terminate_and_bad_arguments_are_clear() {
    let fake = shop().await;
    let api = fake.uri();
    let record = run(vec![k8s(
        "terminate_pods",
        &api,
        json!({"ns": "shop", "label_selector": "app=ghost"}),
    )])
    .await;
    // As the driver: nothing matched is an empty list, and nothing goes.
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result, json!([]));
    assert!(fake.deleted_pods().is_empty());

    let record = run(vec![
        k8s(
            "terminate_pods",
            &api,
            json!({"ns": "shop", "mode": "most"}),
        ),
        k8s(
            "terminate_pods",
            &api,
            json!({"ns": "shop", "mode": "percentage", "qty": 150}),
        ),
        k8s(
            "terminate_pods",
            &api,
            json!({"ns": "shop", "name_pattern": "(unclosed"}),
        ),
        k8s(
            "terminate_pods",
            &api,
            json!({"ns": "shop", "order": "newest"}),
        ),
        k8s("terminate_pods", "not a url", json!({"ns": "shop"})),
        k8s("exec_in_pods", &api, json!({"cmd": []})),
    ])
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    let problems: Vec<String> = record.problems.iter().map(|p| p.to_string()).collect();
    let expected = [
        "field `where.mode`: argument `mode`: `most` is not one of `fixed`, `percentage`",
        "field `where.qty`: argument `qty`: with mode `percentage`, must be between 0 and 100, not 150",
        "field `where.name_pattern`: argument `name_pattern`: not a regular expression",
        "field `where.order`: argument `order`: `newest` is not one of `alphabetic`, `oldest`",
        "field `where.k8s_api_host`: argument `k8s_api_host`: `not a url` is not a URL",
        "field `where.cmd`: argument `cmd`: the command is empty",
    ];
    assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    for (got, want) in problems.iter().zip(expected) {
        assert!(got.contains(want), "{got}\n  should contain\n{want}");
    }
    assert!(fake.changes().is_empty());
}

/// A value outside an argument's choices is refused before any step runs,
/// naming the step and the field, with the closest choice.
#[tokio::test]
async fn a_value_outside_the_choices_is_refused_before_anything_runs() {
    let fake = shop().await;
    let api = fake.uri();
    let record = run(vec![
        k8s(
            "terminate_pods",
            &api,
            json!({"ns": "shop", "label_selector": "app=cart"}),
        ),
        k8s(
            "terminate_pods",
            &api,
            json!({"ns": "shop", "order": "oldst"}),
        ),
        k8s(
            "set_loss",
            &api,
            json!({"name": "lossy", "loss": "50", "direction": "bth"}),
        ),
    ])
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    let problems: Vec<String> = record.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].contains("steps[1] (\"terminate_pods\"), field `where.order`")
            && problems[0]
                .contains("`oldst` is not one of `alphabetic`, `oldest`; did you mean `oldest`?"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].contains("steps[2] (\"set_loss\"), field `where.direction`")
            && problems[1].contains("did you mean `both`?"),
        "{}",
        problems[1]
    );
    // Not even the first, valid step ran.
    assert!(fake.changes().is_empty());
    assert!(fake.deleted_pods().is_empty());
}

/// The connection's arguments are decoded and checked once per step, with
/// the field named: a bad `platform` is refused as a choice, a bad API host
/// by the connection's own check, each as one problem.
#[tokio::test]
async fn a_bad_common_argument_is_refused_once_naming_the_field() {
    let fake = shop().await;
    let api = fake.uri();
    let record = run(vec![
        k8s(
            "count_pods",
            &api,
            json!({"label_selector": "app=cart", "platform": "ekss"}),
        ),
        k8s("terminate_pods", "ftp//nowhere", json!({"ns": "shop"})),
        step(
            "istio",
            "istio.get_virtual_service",
            json!({"virtual_service_name": "web", "k8s_api_host": "nowhere"}),
        ),
    ])
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    let problems: Vec<String> = record.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems[0].contains("steps[0] (\"count_pods\"), field `where.platform`")
            && problems[0].contains("`ekss` is not one of `k8s`, `eks`; did you mean `eks`?"),
        "{}",
        problems[0]
    );
    for (problem, step) in problems[1..].iter().zip(["steps[1]", "steps[2]"]) {
        assert!(
            problem.contains(step)
                && problem.contains("field `where.k8s_api_host`")
                && problem.contains("is not a URL"),
            "{problem}"
        );
    }
    assert!(fake.changes().is_empty());
}

#[tokio::test]
async fn a_dry_run_names_the_pods_it_would_terminate() {
    let fake = shop().await;
    let record = run_with(
        vec![k8s(
            "terminate_pods",
            &fake.uri(),
            json!({"ns": "shop", "label_selector": "app=cart", "qty": 3}),
        )],
        true,
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[0].result["would_terminate"],
        json!(["cart-a", "cart-b", "cart-c"])
    );
    assert!(fake.changes().is_empty());
}

#[tokio::test]
async fn pod_probes_count_and_check_phases() {
    let fake = shop().await;
    let api = fake.uri();
    let mut count = k8s(
        "count_pods",
        &api,
        json!({"ns": "shop", "label_selector": "app in (cart, batch)"}),
    );
    count["expect"] = json!([{"operator": "eq", "value": 5}]);
    let mut running = k8s(
        "count_pods",
        &api,
        json!({"ns": "shop", "label_selector": "app in (cart, batch)", "phase": "Running"}),
    );
    running["expect"] = json!([{"operator": "eq", "value": 4}]);
    let mut min = k8s(
        "count_min_pods",
        &api,
        json!({"ns": "shop", "label_selector": "app=cart", "min_count": 4}),
    );
    min["expect"] = json!([{"operator": "eq", "value": true}]);
    let record = run(vec![
        count,
        running,
        min,
        k8s(
            "pods_in_phase",
            &api,
            json!({"ns": "shop", "label_selector": "app=cart"}),
        ),
        k8s(
            "pods_not_in_phase",
            &api,
            json!({"ns": "shop", "label_selector": "app=batch"}),
        ),
    ])
    .await;
    assert_succeeded(&record);

    let record = run(vec![k8s(
        "pods_in_phase",
        &api,
        json!({"ns": "shop", "label_selector": "app in (cart, batch)"}),
    )])
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "pods with labels `app in (cart, batch)` in `shop` should be Running: batch-1 is Succeeded",
    );
    let record = run(vec![k8s(
        "pods_in_phase",
        &api,
        json!({"ns": "shop", "label_selector": "app=batch", "raise_on_invalid_phase": false}),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result, json!(false));
}

#[tokio::test]
async fn lists_follow_continue_tokens() {
    let fake = FakeKubernetes::builder()
        .with_pods("big", "pod", 1203, &[("app", "big")])
        .start()
        .await;
    let mut count = k8s(
        "count_pods",
        &fake.uri(),
        json!({"ns": "big", "label_selector": "app=big"}),
    );
    count["expect"] = json!([{"operator": "eq", "value": 1203}]);
    let record = run(vec![count]).await;
    assert_succeeded(&record);
    let pages: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/v1/namespaces/big/pods")
        .collect();
    assert_eq!(pages.len(), 3, "limit 500: {pages:#?}");
    assert!(
        pages[1].query.contains("continue=after%3Abig%2Fpod-00499"),
        "{:?}",
        pages[1]
    );
}

#[tokio::test]
async fn deployments_scale_and_missing_ones_say_so() {
    let fake = shop().await;
    let api = fake.uri();
    let record = run(vec![k8s(
        "scale_deployment",
        &api,
        json!({"ns": "shop", "name": "cart", "replicas": 1}),
    )])
    .await;
    assert_succeeded(&record);
    let deployment = fake.object("apps", "deployments", "shop", "cart").unwrap();
    assert_eq!(deployment["spec"]["replicas"], 1);
    // The driver returns nothing; the change is in the step's logs.
    assert_eq!(record.trial_record.steps[0].result, Value::Null);
    assert!(record.trial_record.steps[0]
        .logs
        .iter()
        .any(|l| l == "scaled `cart` from 4 to 1 replicas"));

    let record = run(vec![k8s(
        "scale_microservice",
        &api,
        json!({"ns": "shop", "name": "ghost", "replicas": 0}),
    )])
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "scaling deployment `ghost` in `shop`: deployments \"ghost\" not found (404 NotFound)",
    );
}

fn reviews_service() -> Value {
    json!({
        "hosts": ["reviews"],
        "http": [
            {"route": [{"destination": {"host": "my-upstream-service", "subset": "v1"}}]},
            {"route": [{"destination": {"host": "reviews", "subset": "v2"}}]}
        ]
    })
}

#[tokio::test]
async fn the_istio_seed_example_adds_a_delay_fault() {
    let fake = FakeKubernetes::builder()
        .with_virtual_service("my-namespace", "my-virtual-service", reviews_service())
        .start()
        .await;
    let mut seed = seed_step("step_istio_add_delay_fault");
    seed["where"]["k8s_api_host"] = json!(fake.uri());
    let record =
        Trial::new(Experiment::from_value(json!({"name": "istio", "steps": [seed]})).unwrap())
            .run(&Registry::with_builtins())
            .await;
    assert_succeeded(&record);
    let service = fake
        .object(
            "networking.istio.io",
            "virtualservices",
            "my-namespace",
            "my-virtual-service",
        )
        .unwrap();
    assert_eq!(
        service["spec"]["http"][0]["fault"],
        json!({"delay": {"fixedDelay": "5s", "percentage": {"value": 100.0}}})
    );
    assert!(
        service["spec"]["http"][1].get("fault").is_none(),
        "other routes are untouched"
    );
    assert_eq!(
        record.trial_record.steps[0].result["body"]["spec"]["http"][0]["fault"]["delay"]
            ["fixedDelay"],
        "5s"
    );
}

#[tokio::test]
async fn istio_faults_are_set_combined_removed_and_unset() {
    let fake = FakeKubernetes::builder()
        .with_virtual_service("shop", "reviews", reviews_service())
        .start()
        .await;
    let api = fake.uri();
    let route = json!([{"destination": {"host": "reviews", "subset": "v2"}}]);
    let istio = |action: &str, extra: Value| {
        let mut args = json!({"k8s_api_host": api, "virtual_service_name": "reviews", "ns": "shop", "routes": route});
        for (k, v) in extra.as_object().unwrap() {
            args[k] = v.clone();
        }
        step(action, &format!("istio.{action}"), args)
    };
    let fault = |fake: &FakeKubernetes| {
        fake.object("networking.istio.io", "virtualservices", "shop", "reviews")
            .unwrap()["spec"]["http"][1]
            .get("fault")
            .cloned()
    };
    let record = Trial::new(
        Experiment::from_value(json!({"name": "istio", "steps": [
            istio("add_abort_fault", json!({"http_status": 503, "percentage": 50})),
            istio("add_delay_fault", json!({"fixed_delay": "2s"})),
        ]}))
        .unwrap(),
    )
    .run(&Registry::with_builtins())
    .await;
    assert_succeeded(&record);
    assert_eq!(
        fault(&fake),
        Some(
            json!({"abort": {"httpStatus": 503, "percentage": {"value": 50.0}}, "delay": {"fixedDelay": "2s"}})
        )
    );
    let record = Trial::new(
        Experiment::from_value(json!({"name": "istio", "steps": [
            istio("remove_abort_fault", json!({})),
            step("read it", "istio.get_virtual_service",
                 json!({"k8s_api_host": api, "virtual_service_name": "reviews", "ns": "shop"})),
        ]}))
        .unwrap(),
    )
    .run(&Registry::with_builtins())
    .await;
    assert_succeeded(&record);
    assert_eq!(fault(&fake), Some(json!({"delay": {"fixedDelay": "2s"}})));
    assert_eq!(
        record.trial_record.steps[1].result["body"]["metadata"]["name"],
        "reviews"
    );
    let record = Trial::new(
        Experiment::from_value(json!({"name": "istio", "steps": [
            istio("set_fault", json!({"fault": {"abort": {"httpStatus": 500}}})),
            istio("unset_fault", json!({})),
        ]}))
        .unwrap(),
    )
    .run(&Registry::with_builtins())
    .await;
    assert_succeeded(&record);
    assert_eq!(fault(&fake), None);

    // Removing the only kind of fault removes the fault.
    let record = Trial::new(
        Experiment::from_value(json!({"name": "istio", "steps": [
            istio("add_delay_fault", json!({"fixed_delay": "3s"})),
            istio("remove_delay_fault", json!({})),
        ]}))
        .unwrap(),
    )
    .run(&Registry::with_builtins())
    .await;
    assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[0].result["body"]["spec"]["http"][1]["fault"],
        json!({"delay": {"fixedDelay": "3s"}})
    );
    assert_eq!(fault(&fake), None);

    let record = Trial::new(Experiment::from_value(json!({"name": "istio", "steps": [
        {"step": "nowhere", "do": "istio.add_delay_fault", "where": {"k8s_api_host": api, "virtual_service_name": "reviews",
         "ns": "shop", "fixed_delay": "1s", "routes": [{"destination": {"host": "ratings"}}]}},
    ]})).unwrap()).run(&Registry::with_builtins()).await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "VirtualService `reviews` in `shop` has no HTTP route to",
    );
}

/// The fake is good when the platform's own client works against it.
#[tokio::test(flavor = "multi_thread")]
async fn kubectl_works_against_the_fake() {
    let fake = shop().await;
    let kubectl = |args: &[&str]| crate::kubectl::kubectl(&fake, args);
    let (ok, out, err) = tokio::task::block_in_place(|| {
        kubectl(&["get", "pods", "-n", "shop", "-l", "app=cart", "-o", "name"])
    });
    assert!(ok, "{err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        ["pod/cart-a", "pod/cart-b", "pod/cart-c", "pod/cart-d"]
    );
    let (ok, _, err) = tokio::task::block_in_place(|| {
        kubectl(&["delete", "pod", "cart-a", "-n", "shop", "--wait=false"])
    });
    assert!(ok, "{err}");
    assert_eq!(deleted_names(&fake), ["cart-a"]);
    let (ok, _, err) = tokio::task::block_in_place(|| {
        kubectl(&["scale", "deployment", "cart", "-n", "shop", "--replicas=2"])
    });
    assert!(ok, "{err}");
    assert_eq!(
        fake.object("apps", "deployments", "shop", "cart").unwrap()["spec"]["replicas"],
        2
    );
    let (ok, _, err) =
        tokio::task::block_in_place(|| kubectl(&["get", "pod", "ghost", "-n", "shop"]));
    assert!(!ok);
    assert!(err.contains("pods \"ghost\" not found"), "{err}");
    // A JSON patch whose second operation fails is refused whole, as the
    // API server refuses it: its first operation does not stay either.
    let before = fake.object("apps", "deployments", "shop", "cart").unwrap();
    let half = r#"[{"op": "add", "path": "/metadata/labels/half", "value": "applied"},
                   {"op": "remove", "path": "/metadata/labels/no-such-label"}]"#;
    let json_patch = |ops: &str| {
        tokio::task::block_in_place(|| {
            kubectl(&[
                "patch",
                "deployment",
                "cart",
                "-n",
                "shop",
                "--type=json",
                "-p",
                ops,
            ])
        })
    };
    let (ok, _, err) = json_patch(half);
    assert!(!ok);
    assert!(err.contains("Invalid") || err.contains("invalid"), "{err}");
    assert_eq!(
        fake.object("apps", "deployments", "shop", "cart").unwrap(),
        before
    );
    let (ok, _, err) =
        json_patch(r#"[{"op": "add", "path": "/metadata/labels/tier", "value": "web"}]"#);
    assert!(ok, "{err}");
    assert_eq!(
        fake.object("apps", "deployments", "shop", "cart").unwrap()["metadata"]["labels"]["tier"],
        "web"
    );
}

/// Istio steps' credentials (a token file, a password) stay out of the
/// reports, the record and `tracing`, on success, on a missing virtual
/// service, on a bad argument and on an expectation miss.
#[tokio::test]
async fn istio_credentials_never_show() {
    let fake = FakeKubernetes::builder()
        .with_virtual_service("shop", "reviews", reviews_service())
        .start()
        .await;
    let token = support::spec_file("istio-token", "canary-istio-t0ken-5f2e");
    std::fs::write(&token, "canary-istio-t0ken-5f2e").unwrap();
    std::env::set_var("ISTIO_CANARY_USER", "mesh-admin");
    std::env::set_var("ISTIO_CANARY_PASSWORD", "canary-istio-pa55-8c1d");
    let with = |credentials: Value, service: &str, extra: Value| {
        let mut args = json!({"k8s_api_host": fake.uri(), "virtual_service_name": service, "ns": "shop",
            "routes": [{"destination": {"host": "reviews", "subset": "v2"}}], "credentials": credentials});
        for (k, v) in extra.as_object().unwrap() {
            args[k] = v.clone();
        }
        args
    };
    let token_file = json!({"type": "TOKEN_FILE", "token_path": token});
    let password = json!({"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "ISTIO_CANARY_USER", "password_key": "ISTIO_CANARY_PASSWORD"});
    let mut missed = step(
        "read",
        "istio.get_virtual_service",
        json!({"k8s_api_host": fake.uri(), "virtual_service_name": "reviews", "ns": "shop", "credentials": password}),
    );
    missed["expect"] = json!([{"operator": "eq", "spec.hosts[0]": "nobody"}]);
    let runs = vec![
        vec![step(
            "delay",
            "istio.add_delay_fault",
            with(token_file.clone(), "reviews", json!({"fixed_delay": "1s"})),
        )],
        vec![step(
            "missing",
            "istio.add_abort_fault",
            with(password.clone(), "ghost", json!({"http_status": 503})),
        )],
        vec![step(
            "bad",
            "istio.add_delay_fault",
            with(
                token_file.clone(),
                "reviews",
                json!({"fixed_delay": "soon"}),
            ),
        )],
        vec![missed],
    ];
    let mut outcomes = Vec::new();
    for steps in runs {
        let (record, logs) = support::traced_run(steps).await;
        outcomes.push(record.status);
        let text = support::all_outputs(&record, &logs);
        for canary in ["canary-istio-t0ken-5f2e", "canary-istio-pa55-8c1d"] {
            assert!(!text.contains(canary), "{canary} leaked:\n{text}");
        }
    }
    assert_eq!(
        outcomes,
        [
            TrialStatus::Succeeded,
            TrialStatus::Failed,
            TrialStatus::Invalid,
            TrialStatus::Failed
        ]
    );
    // The credentials were used: the token as a bearer, the password as Basic.
    let sent: Vec<String> = fake
        .requests()
        .iter()
        .filter_map(|r| r.authorization.clone())
        .collect();
    assert!(
        sent.iter().any(|a| a == "Bearer canary-istio-t0ken-5f2e"),
        "{sent:?}"
    );
    assert!(sent.iter().any(|a| a.starts_with("Basic ")), "{sent:?}");
}

const K8S_TOKEN: &str = "k8s-panic-canary-t0ken-9b";
const ISTIO_TOKEN: &str = "istio-panic-canary-t0ken-2c";

/// A test body that panics with the token `k8s` and `istio` steps read from
/// their token files: the failure report and the record show `***`.
#[test]
fn k8s_and_istio_canaries_survive_a_panicking_body() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let fake = runtime.block_on(
        FakeKubernetes::builder()
            .with_virtual_service("shop", "reviews", reviews_service())
            .start(),
    );
    let k8s_token = support::spec_file("k8s-panic-token", K8S_TOKEN);
    let istio_token = support::spec_file("istio-panic-token", ISTIO_TOKEN);
    let shown = support::panicking_chaos_test(
        "k8s-panic",
        json!({}),
        vec![
            k8s(
                "count_pods",
                &fake.uri(),
                json!({"ns": "shop", "label_selector": "app=cart",
                "credentials": {"type": "TOKEN_FILE", "token_path": k8s_token}}),
            ),
            step(
                "read",
                "istio.get_virtual_service",
                json!({"k8s_api_host": fake.uri(),
                "virtual_service_name": "reviews", "ns": "shop",
                "credentials": {"type": "TOKEN_FILE", "token_path": istio_token}}),
            ),
        ],
        format!("the API server took {K8S_TOKEN} and {ISTIO_TOKEN}"),
    );
    let sent: Vec<_> = fake
        .requests()
        .iter()
        .filter_map(|r| r.authorization.clone())
        .collect();
    assert!(sent.contains(&format!("Bearer {K8S_TOKEN}")), "{sent:?}");
    assert!(sent.contains(&format!("Bearer {ISTIO_TOKEN}")), "{sent:?}");
    assert!(shown.contains("the API server took *** and ***"), "{shown}");
    for canary in [K8S_TOKEN, ISTIO_TOKEN] {
        assert!(!shown.contains(canary), "{shown}");
    }
}

#[test]
fn k8s_and_istio_canaries_stay_out_of_a_panicking_body_output() {
    support::assert_panic_output_hides(
        module_path!(),
        "k8s_and_istio_canaries_survive_a_panicking_body",
        &[K8S_TOKEN, ISTIO_TOKEN],
    );
}
