//! The remaining `k8s` actions against `FakeKubernetes`, each checked by the
//! state it leaves or the value it returns; selection edge cases; secrets.

use crate::support;

use kallisti::fake::{FakeKubernetes, FakeKubernetesBuilder, ResourceKind};
use kallisti::ErrorKind;
use serde_json::{json, Value};
use support::{assert_step_error, assert_succeeded, run_on, spec_file, step};

fn base() -> FakeKubernetesBuilder {
    FakeKubernetes::builder()
        .with_pod("shop", "cart-1", &[("app", "cart"), ("name", "cart")])
        .with_pod("shop", "cart-2", &[("app", "cart"), ("name", "cart")])
        .with_pod("shop", "cart-3", &[("app", "cart"), ("name", "cart")])
}

#[tokio::test]
async fn daemon_sets_are_created_updated_checked_and_deleted() {
    let fake = base().start().await;
    let spec = spec_file(
        "agent.json",
        json!({"metadata": {"name": "agent", "labels": {"team": "ops"}},
        "spec": {"selector": {"matchLabels": {"app": "agent"}}}, "status": {"desiredNumberScheduled": 3, "numberReady": 1}}),
    );
    let record = run_on(
        &fake,
        vec![
            (
                "create_daemon_set",
                json!({"spec_path": spec, "ns": "shop"}),
            ),
            (
                "update_daemon_set",
                json!({"name": "agent", "ns": "shop", "spec": {"minReadySeconds": 5}}),
            ),
            (
                "daemon_set_partially_available",
                json!({"name": "agent", "ns": "shop"}),
            ),
            (
                "daemon_set_not_fully_available",
                json!({"name": "agent", "ns": "shop", "timeout": 0}),
            ),
        ],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(
        fake.object("apps", "daemonsets", "shop", "agent").unwrap()["spec"]["minReadySeconds"],
        5
    );
    let record = run_on(
        &fake,
        vec![(
            "daemon_set_fully_available",
            json!({"name": "agent", "ns": "shop", "timeout": 0}),
        )],
    )
    .await;
    // False, as the driver's daemon set probes answer, and why in the log.
    assert_succeeded(&record);
    let step = &record.trial_record.steps[0];
    assert_eq!(step.result, json!(false));
    assert_eq!(
        step.logs.last().map(String::as_str),
        Some(
            "DaemonSet `agent` in `shop` is not fully available after 0s: `agent` has 1 of 3 ready"
        )
    );
    let record = run_on(
        &fake,
        vec![(
            "delete_daemon_set",
            json!({"label_selector": "team=ops", "ns": "shop"}),
        )],
    )
    .await;
    assert_succeeded(&record);
    assert!(fake.object("apps", "daemonsets", "shop", "agent").is_none());
}

#[tokio::test]
async fn stateful_sets_replica_sets_and_deployments_from_specs() {
    let fake = base()
        .with_object(json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "cart-abc", "namespace": "shop", "labels": {"app": "cart"}}}))
        .start()
        .await;
    let db = spec_file(
        "db.json",
        json!({"metadata": {"name": "db"}, "spec": {"replicas": 2}, "status": {"readyReplicas": 2, "availableReplicas": 2}}),
    );
    let web = spec_file(
        "web.json",
        json!({"metadata": {"name": "web"}, "spec": {"replicas": 1}, "status": {"readyReplicas": 0}}),
    );
    let record = run_on(
        &fake,
        vec![
            ("create_statefulset", json!({"spec_path": db, "ns": "shop"})),
            (
                "statefulset_fully_available",
                json!({"name": "db", "ns": "shop", "timeout": 0}),
            ),
            ("remove_statefulset", json!({"name": "db", "ns": "shop"})),
            (
                "start_microservice",
                json!({"spec_path": web, "ns": "shop"}),
            ),
            (
                "deployment_is_not_fully_available",
                json!({"name": "web", "ns": "shop", "timeout": 0}),
            ),
            (
                "delete_replica_set",
                json!({"label_selector": "app=cart", "ns": "shop"}),
            ),
        ],
    )
    .await;
    assert_succeeded(&record);
    assert!(fake.object("apps", "statefulsets", "shop", "db").is_none());
    assert!(fake.object("apps", "deployments", "shop", "web").is_some());
    assert!(fake
        .object("apps", "replicasets", "shop", "cart-abc")
        .is_none());
    let record = run_on(
        &fake,
        vec![(
            "deployment_is_fully_available",
            json!({"name": "web", "ns": "shop", "timeout": 0}),
        )],
    )
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "Deployment `web` in `shop` is not fully available after 0s",
    );
}

#[tokio::test]
async fn ingresses_services_and_namespaces() {
    let fake = base().with_namespace("old").start().await;
    let ingress = spec_file(
        "ingress.json",
        json!({"metadata": {"name": "shop"}, "spec": {"rules": [{"host": "shop.example.com"}]}}),
    );
    let service = spec_file(
        "svc.json",
        json!({"metadata": {"name": "cart", "labels": {"name": "cart"}}, "spec": {"ports": [{"port": 80}]}}),
    );
    let record = run_on(
        &fake,
        vec![
            (
                "create_ingress",
                json!({"spec_path": ingress, "ns": "shop"}),
            ),
            (
                "update_ingress",
                json!({"name": "shop", "ns": "shop", "spec": {"ingressClassName": "nginx"}}),
            ),
            ("ingress_exists", json!({"name": "shop", "ns": "shop"})),
            (
                "create_service_endpoint",
                json!({"spec_path": service, "ns": "shop"}),
            ),
            ("delete_service", json!({"name": "cart", "ns": "shop"})),
            ("delete_ingress", json!({"name": "shop", "ns": "shop"})),
            ("ingress_exists", json!({"name": "shop", "ns": "shop"})),
            ("delete_namespace", json!({"name": "old"})),
            ("namespace_exists", json!({"name": "old"})),
        ],
    )
    .await;
    assert_succeeded(&record);
    let results: Vec<&Value> = record
        .trial_record
        .steps
        .iter()
        .map(|s| &s.result)
        .collect();
    assert_eq!(
        (results[2], results[6], results[8]),
        (&json!(true), &json!(false), &json!(false))
    );
    let deleted: Vec<String> = fake
        .deleted()
        .into_iter()
        .map(|d| format!("{}/{}", d.plural, d.name))
        .collect();
    assert_eq!(
        deleted,
        ["services/cart", "ingresses/shop", "namespaces/old"]
    );
}

#[tokio::test]
async fn pod_conditions_health_and_microservice_logs() {
    let fake = base()
        .with_pod_in_phase("batch", "job-1", &[("app", "job")], "Pending")
        .with_pod_logs("shop", "cart-1", "ok\n")
        .with_pod_logs("shop", "cart-2", "ok\n")
        .with_pod_logs("shop", "cart-3", "ok\n")
        .start()
        .await;
    let record = run_on(&fake, vec![
        ("pods_in_conditions", json!({"label_selector": "app=cart", "ns": "shop", "conditions": [{"type": "Ready", "status": "True"}]})),
        ("all_microservices_healthy", json!({"ns": "shop"})),
        ("read_microservices_logs", json!({"name": "cart", "ns": "shop"})),
    ]).await;
    assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[2]
            .result
            .as_object()
            .unwrap()
            .len(),
        3
    );
    let record = run_on(&fake, vec![
        ("pods_in_conditions", json!({"label_selector": "app=job", "ns": "batch", "conditions": [{"type": "Ready", "status": "True"}]})),
    ]).await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "pods with labels `app=job` in `batch` are not in the conditions: job-1 lacks Ready=True",
    );
    let record = run_on(
        &fake,
        vec![("all_microservices_healthy", json!({"ns": "batch"}))],
    )
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "the microservices of `batch` are not healthy: failed [], not ready [job-1]",
    );
}

#[tokio::test]
async fn cluster_custom_objects() {
    let fake = base()
        .with_custom_kind(ResourceKind { group: "example.com".into(), version: "v1".into(), kind: "Gadget".into(), plural: "gadgets".into(), namespaced: false })
        .with_object(json!({"apiVersion": "example.com/v1", "kind": "Gadget", "metadata": {"name": "g1"}, "spec": {"on": true}}))
        .start()
        .await;
    let gadget = |extra: Value| {
        let mut args =
            json!({"group": "example.com", "version": "v1", "plural": "gadgets", "name": "g1"});
        for (k, v) in extra.as_object().unwrap() {
            args[k] = v.clone();
        }
        args
    };
    let record = run_on(&fake, vec![
        ("get_cluster_custom_object", gadget(json!({}))),
        ("patch_cluster_custom_object", gadget(json!({"resource": {"spec": {"on": false}}}))),
        ("replace_cluster_custom_object", gadget(json!({"resource": {"apiVersion": "example.com/v1", "kind": "Gadget", "metadata": {"name": "g1"}, "spec": {"mode": "x"}}}))),
        ("delete_cluster_custom_object", gadget(json!({}))),
    ]).await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result["spec"]["on"], true);
    assert_eq!(record.trial_record.steps[1].result["spec"]["on"], false);
    assert_eq!(
        record.trial_record.steps[2].result["spec"],
        json!({"mode": "x"})
    );
    assert!(fake.object("example.com", "gadgets", "", "g1").is_none());
}

#[tokio::test]
async fn every_network_fault_and_stressor_shape() {
    let fake = base().start().await;
    let common = |name: &str, extra: Value| {
        let mut args = json!({"name": name, "ns": "shop", "label_selectors": {"app": "cart"}});
        for (k, v) in extra.as_object().unwrap() {
            args[k] = v.clone();
        }
        args
    };
    let record = run_on(&fake, vec![
        ("corrupt_packets", common("corrupt", json!({"corrupt": "40", "correlation": "25"}))),
        ("duplicate_packets", common("dup", json!({"duplicate": "10"}))),
        ("reorder_packets", common("reorder", json!({"reorder": "20", "gap": 5}))),
        ("set_loss", common("loss", json!({"loss": "30", "direction": "both", "target_label_selectors": {"app": "db"}, "target_mode": "all"}))),
        ("set_bandwidth", common("bw", json!({"rate": "1mbps", "limit": 100, "buffer": 10000}))),
        ("stress_memory", common("mem", json!({"workers": 1, "size": "256MB"}))),
        ("get_network_fault", json!({"name": "loss", "ns": "shop"})),
        ("get_stressors", json!({"ns": "shop"})),
        ("delete_stressor", json!({"name": "mem", "ns": "shop"})),
    ]).await;
    assert_succeeded(&record);
    let spec = |name: &str| {
        fake.object("chaos-mesh.org", "networkchaos", "shop", name)
            .unwrap()["spec"]
            .clone()
    };
    assert_eq!(
        spec("corrupt")["corrupt"],
        json!({"corrupt": "40", "correlation": "25"})
    );
    assert_eq!(spec("dup")["action"], "duplicate");
    assert_eq!(
        spec("reorder")["reorder"],
        json!({"reorder": "20", "gap": 5})
    );
    assert_eq!(
        spec("loss")["target"],
        json!({"mode": "all", "selector": {"labelSelectors": {"app": "db"}}})
    );
    assert_eq!(spec("loss")["direction"], "both");
    assert_eq!(
        spec("bw")["bandwidth"],
        json!({"rate": "1mbps", "limit": 100, "buffer": 10000})
    );
    assert_eq!(
        record.trial_record.steps[6].result["metadata"]["name"],
        "loss"
    );
    assert_eq!(
        record.trial_record.steps[7].result["items"][0]["spec"]["stressors"]["memory"],
        json!({"workers": 1, "size": "256MB"})
    );
    assert!(fake
        .object("chaos-mesh.org", "stresschaos", "shop", "mem")
        .is_none());
}

#[tokio::test]
async fn selection_edge_cases() {
    // 50% of 3 rounds up to 2, as the driver's percentage does.
    let fake = base().start().await;
    let record = run_on(
        &fake,
        vec![(
            "terminate_pods",
            json!({"ns": "shop", "label_selector": "app=cart", "mode": "percentage", "qty": 50}),
        )],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(fake.deleted_pods().len(), 2);
    // rand with qty above the matches takes them all.
    let fake = base().start().await;
    let record = run_on(
        &fake,
        vec![(
            "terminate_pods",
            json!({"ns": "shop", "label_selector": "app=cart", "rand": true, "qty": 10}),
        )],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(fake.deleted_pods().len(), 3);
    // A name pattern and a selector together narrow each other.
    let fake = base()
        .with_pod("shop", "cart-9", &[("app", "other")])
        .start()
        .await;
    let record = run_on(&fake, vec![("terminate_pods", json!({"ns": "shop", "label_selector": "app=cart", "name_pattern": "-[23]$", "all": true}))]).await;
    assert_succeeded(&record);
    let names: Vec<String> = fake.deleted_pods().into_iter().map(|d| d.name).collect();
    assert_eq!(names, ["cart-2", "cart-3"]);
    // A percentage rounds up, as the driver's does: 1% of 3 is one pod,
    // 0% is none (an empty list, not a failure).
    let fake = base().start().await;
    let record = run_on(
        &fake,
        vec![(
            "terminate_pods",
            json!({"ns": "shop", "label_selector": "app=cart", "mode": "percentage", "qty": 1}),
        )],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(fake.deleted_pods().len(), 1);
    let fake = base().start().await;
    let record = run_on(
        &fake,
        vec![(
            "terminate_pods",
            json!({"ns": "shop", "label_selector": "app=cart", "mode": "percentage", "qty": 0}),
        )],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result, json!([]));
    assert!(fake.deleted_pods().is_empty());
}

#[tokio::test]
async fn a_token_credential_is_sent_and_never_recorded() {
    let fake = base().start().await;
    let token_file = spec_file("token", json!("canary-k8s-bearer-t0ken"));
    std::fs::write(&token_file, "canary-k8s-bearer-t0ken").unwrap();
    let record = run_on(&fake, vec![
        ("count_pods", json!({"ns": "shop", "label_selector": "app=cart", "credentials": {"type": "TOKEN_FILE", "token_path": token_file}})),
        ("terminate_pods", json!({"ns": "shop", "label_selector": "app=ghost", "credentials": {"type": "TOKEN_FILE", "token_path": token_file}})),
    ]).await;
    assert_eq!(record.trial_record.steps[0].result, json!(3));
    assert_eq!(
        fake.requests()[0].authorization.as_deref(),
        Some("Bearer canary-k8s-bearer-t0ken")
    );
    for text in [
        kallisti::report::text(&record),
        kallisti::report::json(&record),
        kallisti::report::junit(&record),
        format!("{record:?}"),
    ] {
        assert!(!text.contains("canary-k8s-bearer-t0ken"), "{text}");
    }
}

/// A bearer token and a basic-auth password stay out of `tracing` lines too.
#[tokio::test]
async fn k8s_credentials_stay_out_of_logs() {
    let fake = base().start().await;
    std::env::set_var("K8S_CANARY_USER", "admin");
    std::env::set_var("K8S_CANARY_PASSWORD", "canary-k8s-pa55word");
    let steps = vec![step(
        "count",
        "k8s.count_pods",
        json!({"k8s_api_host": fake.uri(), "ns": "shop", "label_selector": "app=ghost",
               "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "K8S_CANARY_USER", "password_key": "K8S_CANARY_PASSWORD"}}),
    )];
    let (record, logs) = support::traced_run(steps).await;
    assert!(record.succeeded());
    assert!(fake.requests()[0]
        .authorization
        .as_deref()
        .is_some_and(|a| a.starts_with("Basic ")));
    let text = support::all_outputs(&record, &logs);
    assert!(!text.contains("canary-k8s-pa55word"), "{text}");
}

/// Nodes chosen by the pods they host, in one namespace or in all of them.
#[tokio::test]
async fn nodes_are_found_through_the_pods_they_host() {
    let fake = base()
        .with_node("node-1", &[])
        .with_node("node-2", &[])
        .start()
        .await;
    let record = run_on(
        &fake,
        vec![(
            "delete_nodes",
            json!({"pod_label_selector": "app=cart", "pod_namespace": "shop", "all": true}),
        )],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result, json!(["node-1"]));
    let fake = base()
        .with_node("node-1", &[])
        .with_node("node-2", &[])
        .start()
        .await;
    let record = run_on(
        &fake,
        vec![(
            "drain_nodes",
            json!({"pod_label_selector": "app=cart", "force": true}),
        )],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(
        fake.object("", "nodes", "", "node-1").unwrap()["spec"]["unschedulable"],
        true
    );
    assert!(fake.object("", "nodes", "", "node-2").unwrap()["spec"]
        .get("unschedulable")
        .is_none());
    assert_eq!(fake.deleted_pods().len(), 3);
}

/// An exec is a GET upgraded to a websocket, and it can change anything in
/// the pod: the fake counts it as a change, so a dry run that opened one
/// would be caught. Under dry run no exec is opened.
#[tokio::test]
async fn an_exec_counts_as_a_change_and_a_dry_run_opens_none() {
    let fake = FakeKubernetes::builder()
        .with_pod("shop", "cart-1", &[("app", "cart")])
        .start()
        .await;
    let registry = kallisti::Registry::with_builtins();
    let exec = |dry_run: bool| {
        let experiment = kallisti::Experiment::from_value(json!({"name": "exec", "steps": [
            {"step": "exec", "do": "k8s.exec_in_pods",
             "where": {"k8s_api_host": fake.uri(), "ns": "shop", "label_selector": "app=cart", "cmd": "rm -rf /data"}}
        ]}))
        .unwrap();
        kallisti::Trial::new(experiment)
            .dry_run(dry_run)
            .run(&registry)
    };
    let dry = exec(true).await;
    assert_succeeded(&dry);
    assert_eq!(
        dry.trial_record.steps[0].result["would_exec_in"],
        json!(["cart-1"])
    );
    assert!(fake.changes().is_empty(), "{:?}", fake.changes());
    // For real, the exec request reaches the server (which speaks no
    // websocket) and is counted.
    exec(false).await;
    let changes = fake.changes();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(
        changes[0].path.ends_with("/pods/cart-1/exec"),
        "{changes:?}"
    );
    assert_eq!(changes[0].method, "GET");
}
