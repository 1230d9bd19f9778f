//! The rest of the `k8s` actions against `FakeKubernetes`, each checked by
//! the state it leaves or the value it returns: objects from spec files,
//! availability probes, nodes, network policies, custom objects, apply,
//! logs, events and Chaos Mesh.

use crate::support;

use kallisti::fake::{FakeKubernetes, FakeKubernetesBuilder, ResourceKind};
use kallisti::{ErrorKind, TrialStatus};
use serde_json::{json, Value};
use support::{assert_step_error, assert_succeeded, run_on, spec_file};

fn cluster() -> FakeKubernetesBuilder {
    FakeKubernetes::builder()
        .with_node("node-1", &[("pool", "a")])
        .with_node("node-2", &[("pool", "b")])
        .with_pod("shop", "cart-1", &[("app", "cart"), ("name", "cart")])
        .with_pod("shop", "cart-2", &[("app", "cart"), ("name", "cart")])
        .with_deployment("shop", "cart", 2, &[("app", "cart"), ("name", "cart")])
}

#[tokio::test]
async fn objects_are_created_from_json_and_yaml_specs_and_deleted() {
    let fake = cluster().start().await;
    let deployment = spec_file(
        "web.json",
        r#"{"metadata": {"name": "web", "labels": {"tier": "web"}},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"tier": "web"}}, "template": {"metadata": {"labels": {"tier": "web"}}, "spec": {"containers": [{"name": "w", "image": "nginx"}]}}}}"#,
    );
    let secret = spec_file("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-key\n  labels:\n    team: shop\nstringData:\n  key: value\n");
    let record = run_on(
        &fake,
        vec![
            (
                "create_deployment",
                json!({"spec_path": deployment, "ns": "shop"}),
            ),
            ("create_secret", json!({"spec_path": secret, "ns": "shop"})),
            (
                "secret_exists",
                json!({"label_selector": "team=shop", "ns": "shop"}),
            ),
            ("create_namespace", json!({"name": "staging"})),
            ("namespace_exists", json!({"name": "staging"})),
            (
                "delete_deployment",
                json!({"label_selector": "tier=web", "ns": "shop"}),
            ),
            ("delete_secret", json!({"name": "api-key", "ns": "shop"})),
            ("secret_exists", json!({"name": "api-key", "ns": "shop"})),
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
    assert_eq!(results[2], &json!(true));
    assert_eq!(results[4], &json!(true));
    assert_eq!(results[5], &Value::Null);
    assert_eq!(results[7], &json!(false));
    assert!(fake.object("", "namespaces", "", "staging").is_some());
    assert!(fake.object("apps", "deployments", "shop", "web").is_none());

    let record = run_on(
        &fake,
        vec![(
            "create_deployment",
            json!({"spec_path": "/no/such/file.json", "ns": "shop"}),
        )],
    )
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert!(
        record.problems[0]
            .message
            .contains("cannot read `/no/such/file.json`"),
        "{:?}",
        record.problems
    );
}

#[tokio::test]
async fn availability_probes_compare_ready_and_desired() {
    let fake = cluster()
        .with_object(json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "slow", "namespace": "shop"},
            "spec": {"replicas": 3}, "status": {"replicas": 3, "readyReplicas": 1, "availableReplicas": 1}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "shop"},
            "status": {"desiredNumberScheduled": 2, "numberReady": 2}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "shop"},
            "spec": {"replicas": 3}, "status": {"readyReplicas": 0}}))
        .start()
        .await;
    let record = run_on(
        &fake,
        vec![
            (
                "deployment_available_and_healthy",
                json!({"name": "cart", "ns": "shop"}),
            ),
            (
                "deployment_fully_available",
                json!({"name": "cart", "ns": "shop", "timeout": 0}),
            ),
            (
                "deployment_partially_available",
                json!({"name": "slow", "ns": "shop"}),
            ),
            (
                "deployment_not_fully_available",
                json!({"name": "slow", "ns": "shop", "timeout": 0}),
            ),
            (
                "daemon_set_available_and_healthy",
                json!({"name": "agent", "ns": "shop"}),
            ),
            (
                "statefulset_not_fully_available",
                json!({"name": "db", "ns": "shop", "timeout": 0}),
            ),
            (
                "deployment_available_and_healthy",
                json!({"name": "slow", "ns": "shop", "raise_on_unavailable": false}),
            ),
        ],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[6].result, json!(false));

    let record = run_on(
        &fake,
        vec![(
            "deployment_fully_available",
            json!({"name": "slow", "ns": "shop", "timeout": 1}),
        )],
    )
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "Deployment `slow` in `shop` is not fully available after 1s: `slow` has 1 of 3 ready",
    );
    assert!(
        record.trial_record.steps[0].duration() >= std::time::Duration::from_secs(1),
        "it waited"
    );
}

#[tokio::test]
async fn microservices_are_killed_and_their_absence_checked() {
    let fake = cluster().start().await;
    let record = run_on(
        &fake,
        vec![
            (
                "microservice_available_and_healthy",
                json!({"name": "cart", "ns": "shop"}),
            ),
            ("kill_microservice", json!({"name": "cart", "ns": "shop"})),
            (
                "microservice_is_not_available",
                json!({"name": "cart", "ns": "shop"}),
            ),
            (
                "pod_is_not_available",
                json!({"name": "cart", "ns": "shop"}),
            ),
        ],
    )
    .await;
    assert_succeeded(&record);
    assert!(fake.object("apps", "deployments", "shop", "cart").is_none());
    assert!(fake.pod_names("shop").is_empty());

    let fake = cluster().start().await;
    let record = run_on(
        &fake,
        vec![(
            "microservice_is_not_available",
            json!({"name": "cart", "ns": "shop"}),
        )],
    )
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "`cart` is still available: pod(s) cart-1, cart-2 are running",
    );
}

#[tokio::test]
async fn rollout_and_scaling_change_the_spec() {
    let fake = cluster()
        .with_object(json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "shop"}, "spec": {"replicas": 3}}))
        .start()
        .await;
    let record = run_on(
        &fake,
        vec![
            ("rollout_deployment", json!({"name": "cart", "ns": "shop"})),
            (
                "scale_statefulset",
                json!({"name": "db", "ns": "shop", "replicas": 1}),
            ),
        ],
    )
    .await;
    assert_succeeded(&record);
    // Null, as the driver returns; the time stamped is in the step's log.
    let rollout = &record.trial_record.steps[0];
    assert_eq!(rollout.result, Value::Null);
    assert!(
        rollout
            .logs
            .iter()
            .any(|l| l.starts_with("restarted deployment `cart` at ")),
        "{:?}",
        rollout.logs
    );
    let cart = fake.object("apps", "deployments", "shop", "cart").unwrap();
    assert!(cart["spec"]["template"]["metadata"]["annotations"]
        ["kubectl.kubernetes.io/restartedAt"]
        .is_string());
    assert_eq!(
        fake.object("apps", "statefulsets", "shop", "db").unwrap()["spec"]["replicas"],
        1
    );
}

/// As `kubectl drain`: pods no controller owns make the drain refuse, and
/// nothing changes, unless the step asks for `force`; pods a controller
/// owns and finished ones go.
#[tokio::test]
async fn drain_refuses_unmanaged_pods_unless_forced() {
    let owned = |name: &str| {
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "shop",
            "ownerReferences": [{"kind": "ReplicaSet", "name": "web-1", "apiVersion": "apps/v1", "uid": "9", "controller": true}]},
            "spec": {"nodeName": "node-1"}, "status": {"phase": "Running"}})
    };
    let fake = FakeKubernetes::builder()
        .with_node("node-1", &[])
        .with_object(owned("web-a"))
        .with_pod("shop", "bare", &[("app", "bare")])
        .start()
        .await;
    let record = run_on(&fake, vec![("drain_nodes", json!({"name": "node-1"}))]).await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "cannot drain: no controller owns pod(s) shop/bare (set `force: true` to evict them anyway)",
    );
    assert!(fake.deleted_pods().is_empty());
    assert!(fake.object("", "nodes", "", "node-1").unwrap()["spec"]
        .get("unschedulable")
        .is_none());
    let record = run_on(
        &fake,
        vec![("drain_nodes", json!({"name": "node-1", "force": true}))],
    )
    .await;
    assert_succeeded(&record);
    let mut gone: Vec<String> = fake.deleted_pods().into_iter().map(|d| d.name).collect();
    gone.sort();
    assert_eq!(gone, ["bare", "web-a"]);
    assert_eq!(
        fake.object("", "nodes", "", "node-1").unwrap()["spec"]["unschedulable"],
        true
    );
}

#[tokio::test]
async fn nodes_are_cordoned_drained_deleted_and_checked() {
    let fake = cluster()
        .with_object(json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "agent-x", "namespace": "kube-system",
            "ownerReferences": [{"kind": "DaemonSet", "name": "agent", "apiVersion": "apps/v1", "uid": "1"}]},
            "spec": {"nodeName": "node-1"}, "status": {"phase": "Running"}}))
        .start()
        .await;
    let record = run_on(
        &fake,
        vec![
            ("all_nodes_must_be_ready_to_schedule", json!({})),
            ("nodes_must_be_healthy", json!({})),
            (
                "verify_nodes_condition",
                json!({"condition_type": "Ready", "condition_value": "True"}),
            ),
            ("cordon_node", json!({"label_selector": "pool=b"})),
            ("drain_nodes", json!({"name": "node-1", "force": true})),
            ("get_nodes", json!({"label_selector": "pool"})),
            ("get_all_node_status_conditions", json!({})),
        ],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(
        fake.object("", "nodes", "", "node-2").unwrap()["spec"]["unschedulable"],
        true
    );
    assert_eq!(
        fake.object("", "nodes", "", "node-1").unwrap()["spec"]["unschedulable"],
        true
    );
    // Both cart pods ran on node-1 (the fake's default); the daemon set's pod stays.
    let evicted: Vec<String> = fake.deleted_pods().into_iter().map(|d| d.name).collect();
    assert_eq!(evicted, ["cart-1", "cart-2"]);
    assert_eq!(fake.pod_names("kube-system"), ["agent-x"]);
    assert_eq!(
        record.trial_record.steps[5].result["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(record.trial_record.steps[6].result[0]["Ready"], "True");

    // Cordoned but Ready nodes pass: the driver reads only the condition.
    let record = run_on(
        &fake,
        vec![("all_nodes_must_be_ready_to_schedule", json!({}))],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result, json!(true));
    let record = run_on(
        &fake,
        vec![
            ("uncordon_node", json!({"name": "node-1"})),
            (
                "delete_nodes",
                json!({"label_selector": "pool=b", "grace_period_seconds": 10}),
            ),
            (
                "create_node",
                json!({"meta": {"name": "node-3", "labels": {"pool": "c"}}, "spec": {}}),
            ),
        ],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(
        fake.object("", "nodes", "", "node-1").unwrap()["spec"]["unschedulable"],
        false
    );
    assert!(fake.object("", "nodes", "", "node-2").is_none());
    assert!(fake
        .deleted()
        .iter()
        .any(|d| d.name == "node-2" && d.grace_period_seconds == Some(10)));
    // The node as stored is the step's value, as the driver returns it.
    let node_3 = fake.object("", "nodes", "", "node-3").unwrap();
    assert_eq!(record.trial_record.steps[2].result, node_3);
    assert_eq!(node_3["metadata"]["labels"], json!({"pool": "c"}));
}

#[tokio::test]
async fn network_policies_are_created_and_removed() {
    let fake = cluster().start().await;
    let record = run_on(&fake, vec![
        ("deny_all_ingress", json!({"ns": "shop", "label_selectors": {"app": "cart"}})),
        ("deny_all_egress", json!({"ns": "shop"})),
        ("allow_dns_access", json!({"ns": "shop"})),
        ("create_network_policy", json!({"ns": "shop", "spec": {"metadata": {"name": "custom"}, "spec": {"podSelector": {}}}})),
    ]).await;
    assert_succeeded(&record);
    let deny = fake
        .object(
            "networking.k8s.io",
            "networkpolicies",
            "shop",
            "chaostoolkit-deny-all-ingress",
        )
        .unwrap();
    assert_eq!(
        deny["spec"],
        json!({"podSelector": {"matchLabels": {"app": "cart"}}, "policyTypes": ["Ingress"], "ingress": []})
    );
    let dns = fake
        .object(
            "networking.k8s.io",
            "networkpolicies",
            "shop",
            "chaostoolkit-allow-dns",
        )
        .unwrap();
    assert_eq!(
        dns["spec"]["egress"][0]["ports"][0],
        json!({"port": 53, "protocol": "UDP"})
    );
    let record = run_on(
        &fake,
        vec![
            ("remove_deny_all_ingress", json!({"ns": "shop"})),
            ("remove_deny_all_egress", json!({"ns": "shop"})),
            ("remove_allow_dns_access", json!({"ns": "shop"})),
            (
                "remove_network_policy",
                json!({"ns": "shop", "name": "custom"}),
            ),
        ],
    )
    .await;
    assert_succeeded(&record);
    let removed: Vec<String> = fake
        .deleted()
        .into_iter()
        .filter(|d| d.plural == "networkpolicies")
        .map(|d| d.name)
        .collect();
    assert_eq!(removed.len(), 4);
    // Null each, as the driver returns; the name is in the step's log.
    for step in &record.trial_record.steps {
        assert_eq!(step.result, Value::Null, "{}", step.step_name);
        assert!(step
            .logs
            .iter()
            .any(|l| l.starts_with("deleted network policy `")));
    }
}

#[tokio::test]
async fn custom_objects_and_apply() {
    let fake = cluster()
        .with_custom_kind(ResourceKind {
            group: "example.com".into(),
            version: "v1".into(),
            kind: "Widget".into(),
            plural: "widgets".into(),
            namespaced: true,
        })
        .with_custom_kind(ResourceKind {
            group: "example.com".into(),
            version: "v1".into(),
            kind: "Gadget".into(),
            plural: "gadgets".into(),
            namespaced: false,
        })
        .start()
        .await;
    let widget = |extra: Value| {
        let mut args =
            json!({"group": "example.com", "version": "v1", "plural": "widgets", "ns": "shop"});
        for (k, v) in extra.as_object().unwrap() {
            args[k] = v.clone();
        }
        args
    };
    let record = run_on(&fake, vec![
        ("create_custom_object", widget(json!({"resource": {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w1"}, "spec": {"size": 1}}}))),
        ("patch_custom_object", widget(json!({"name": "w1", "resource": {"spec": {"size": 2}}}))),
        ("get_custom_object", widget(json!({"name": "w1"}))),
        ("replace_custom_object", widget(json!({"name": "w1", "resource": {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w1"}, "spec": {"size": 3, "color": "red"}}}))),
        ("list_custom_objects", widget(json!({}))),
        ("create_cluster_custom_object", json!({"group": "example.com", "version": "v1", "plural": "gadgets",
            "resource": {"apiVersion": "example.com/v1", "kind": "Gadget", "metadata": {"name": "g1"}}})),
        ("list_cluster_custom_objects", json!({"group": "example.com", "version": "v1", "plural": "gadgets"})),
        ("delete_custom_object", widget(json!({"name": "w1"}))),
        ("apply_from_json", json!({"resource": r#"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "flags", "namespace": "shop"}, "data": {"a": "1"}}"#})),
        ("apply_from_yaml", json!({"resource": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\n  namespace: shop\ndata:\n  a: \"2\"\n"})),
    ]).await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[2].result["spec"]["size"], 2);
    // Lists come back as the API server's list document.
    assert_eq!(steps[4].result["kind"], "WidgetList");
    assert_eq!(
        steps[4].result["items"][0]["spec"],
        json!({"size": 3, "color": "red"})
    );
    assert_eq!(steps[6].result["items"][0]["metadata"]["name"], "g1");
    assert!(fake
        .object("example.com", "widgets", "shop", "w1")
        .is_none());
    assert_eq!(
        fake.object("", "configmaps", "shop", "flags").unwrap()["data"]["a"],
        "2"
    );

    let record = run_on(
        &fake,
        vec![("get_custom_object", widget(json!({"name": "ghost"})))],
    )
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "reading `ghost` (widgets in `shop`): widgets \"ghost\" not found (404 NotFound)",
    );
}

/// `force: true` asks for a server-side apply, which patch and replace do
/// not send: refused before anything runs, naming the field.
#[tokio::test]
async fn force_on_a_custom_patch_or_replace_is_refused() {
    let fake = cluster().start().await;
    for action in ["patch_custom_object", "replace_cluster_custom_object"] {
        let args = json!({"group": "example.com", "version": "v1", "plural": "widgets",
                          "name": "w1", "force": true, "resource": {"spec": {}}});
        let record = run_on(&fake, vec![(action, args)]).await;
        assert_eq!(record.status, kallisti::TrialStatus::Invalid, "{action}");
        assert_eq!(
            record.problems[0].field.as_deref(),
            Some("where.force"),
            "{action}"
        );
    }
    assert!(fake.changes().is_empty());
}

#[tokio::test]
async fn logs_are_read_and_searched() {
    let fake = cluster()
        .with_pod_logs(
            "shop",
            "cart-1",
            "2026-11-24T10:00:00Z started\n2026-11-24T10:00:01Z ready on :8080\n",
        )
        .with_pod_logs("shop", "cart-2", "2026-11-24T10:00:00Z started\n")
        .start()
        .await;
    let record = run_on(
        &fake,
        vec![(
            "read_pod_logs",
            json!({"name": "cart", "ns": "shop", "last": "10 minutes"}),
        )],
    )
    .await;
    assert_succeeded(&record);
    let logs = record.trial_record.steps[0].result.clone();
    assert!(logs["cart-1"].as_str().unwrap().contains("ready on :8080"));
    let since = fake
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/cart-1/log"))
        .unwrap();
    assert!(since.query.contains("sinceSeconds=600"), "{since:?}");

    let record = run_on(
        &fake,
        vec![
            (
                "should_be_found_in_logs",
                json!({"pattern": "started", "value": logs}),
            ),
            (
                "should_be_found_in_logs",
                json!({"pattern": "ready on", "all_containers": false, "value": logs}),
            ),
        ],
    )
    .await;
    assert_succeeded(&record);
    let record = run_on(
        &fake,
        vec![(
            "should_be_found_in_logs",
            json!({"pattern": "ready on", "value": logs}),
        )],
    )
    .await;
    // Missing from one pod's logs: false, as the driver answers, and why in
    // the log.
    assert_succeeded(&record);
    let step = &record.trial_record.steps[0];
    assert_eq!(step.result, json!(false));
    assert_eq!(
        step.logs.last().map(String::as_str),
        Some("`ready on` was not found in the logs of `cart-2`")
    );
    let record = run_on(
        &fake,
        vec![(
            "should_be_found_in_logs",
            json!({"pattern": "x", "value": {}}),
        )],
    )
    .await;
    assert_step_error(&record, 0, ErrorKind::FailedAction, "no logs to search");
}

/// Namespaces, selectors, targets and containers given as the driver's
/// comma-separated strings read as lists and mappings.
#[tokio::test]
async fn chaos_mesh_arguments_read_comma_separated_strings() {
    let fake = cluster().start().await;
    let record = run_on(
        &fake,
        vec![
            (
                "add_latency",
                json!({"name": "slow", "ns": "shop", "namespaces_selectors": "shop,default",
            "label_selectors": "app=cart,tier=front", "external_targets": "example.com,10.0.0.1",
            "target_label_selectors": "app=db", "latency": "10ms"}),
            ),
            (
                "stress_cpu",
                json!({"name": "hot", "ns": "shop", "workers": 1, "load": 10,
            "container_names": "cart,sidecar"}),
            ),
        ],
    )
    .await;
    assert_succeeded(&record);
    let spec = &fake
        .object("chaos-mesh.org", "networkchaos", "shop", "slow")
        .unwrap()["spec"];
    assert_eq!(
        spec["selector"],
        json!({"namespaces": ["shop", "default"], "labelSelectors": {"app": "cart", "tier": "front"}})
    );
    assert_eq!(spec["externalTargets"], json!(["example.com", "10.0.0.1"]));
    assert_eq!(
        spec["target"],
        json!({"mode": "one", "selector": {"labelSelectors": {"app": "db"}}})
    );
    let stress = fake
        .object("chaos-mesh.org", "stresschaos", "shop", "hot")
        .unwrap();
    assert_eq!(stress["spec"]["containerNames"], json!(["cart", "sidecar"]));
    // A pair without `=` is refused before anything runs.
    let record = run_on(
        &fake,
        vec![(
            "set_loss",
            json!({"name": "x", "ns": "shop", "label_selectors": "app=cart,tier", "loss": "5"}),
        )],
    )
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert!(
        record.problems[0]
            .message
            .contains("`tier` is not a `key=value` pair"),
        "{:?}",
        record.problems
    );
}

#[tokio::test]
async fn chaos_mesh_faults_are_custom_objects() {
    let fake = cluster().start().await;
    let record = run_on(&fake, vec![
        ("add_latency", json!({"name": "slow-cart", "ns": "shop", "label_selectors": {"app": "cart"}, "mode": "all",
                               "latency": "200ms", "jitter": "10ms"})),
        ("stress_cpu", json!({"name": "hot-cart", "ns": "shop", "workers": 2, "load": 80, "label_selectors": {"app": "cart"}})),
        ("get_network_faults", json!({"ns": "shop"})),
        ("get_stressor", json!({"name": "hot-cart", "ns": "shop"})),
        ("delete_network_fault", json!({"name": "slow-cart", "ns": "shop"})),
    ]).await;
    assert_succeeded(&record);
    let stress = fake
        .object("chaos-mesh.org", "stresschaos", "shop", "hot-cart")
        .unwrap();
    assert_eq!(
        stress["spec"]["stressors"],
        json!({"cpu": {"workers": 2, "load": 80}})
    );
    assert_eq!(stress["spec"]["duration"], "30s");
    // The list as the API server answers it, as the driver returns it.
    assert_eq!(
        record.trial_record.steps[2].result["kind"],
        "NetworkChaosList"
    );
    let faults = &record.trial_record.steps[2].result["items"];
    assert_eq!(faults[0]["spec"]["action"], "delay");
    assert_eq!(
        faults[0]["spec"]["delay"],
        json!({"latency": "200ms", "jitter": "10ms"})
    );
    assert_eq!(
        faults[0]["spec"]["selector"],
        json!({"labelSelectors": {"app": "cart"}})
    );
    assert!(fake
        .object("chaos-mesh.org", "networkchaos", "shop", "slow-cart")
        .is_none());

    let record = run_on(
        &fake,
        vec![(
            "set_loss",
            json!({"name": "x", "direction": "both", "loss": "50"}),
        )],
    )
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert!(record.problems[0]
        .message
        .contains("a `from` or `both` direction needs a target"));
}

#[tokio::test]
async fn events_and_services() {
    let fake = cluster()
        .with_object(json!({"apiVersion": "v1", "kind": "Event", "metadata": {"name": "e1", "namespace": "shop"},
            "reason": "Killing", "involvedObject": {"kind": "Pod", "name": "cart-1"}}))
        .with_object(json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "cart", "namespace": "shop", "labels": {"name": "cart"}}, "spec": {}}))
        .start()
        .await;
    let record = run_on(
        &fake,
        vec![
            ("get_events", json!({"limit": 10})),
            (
                "service_is_initialized",
                json!({"name": "cart", "ns": "shop"}),
            ),
            (
                "service_endpoint_is_initialized",
                json!({"name": "cart", "ns": "shop"}),
            ),
            (
                "remove_service_endpoint",
                json!({"name": "cart", "ns": "shop"}),
            ),
            (
                "service_is_initialized",
                json!({"name": "cart", "ns": "shop", "raise_if_service_not_initialized": false}),
            ),
        ],
    )
    .await;
    assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[0].result["items"][0]["reason"],
        "Killing"
    );
    assert_eq!(record.trial_record.steps[4].result, json!(false));
}
