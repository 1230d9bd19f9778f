//! kubectl, a client no one here wrote, reads and changes `FakeKubernetes`
//! as it would a cluster: short names, categories, server-side tables,
//! `-o wide`, strict selectors and both event APIs.

use kallisti::fake::FakeKubernetes;
use serde_json::{json, Value};

/// A fake with a little of everything kubectl lists.
async fn cluster() -> FakeKubernetes {
    FakeKubernetes::builder()
        .with_namespace("shop")
        .with_pod("shop", "cart-1", &[("app", "cart")])
        .with_pod_in_phase("shop", "batch-1", &[("app", "batch")], "Succeeded")
        .with_deployment("shop", "cart", 1, &[("app", "cart")])
        .with_node("node-1", &[("node-role.kubernetes.io/control-plane", "")])
        .with_object(json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "db", "namespace": "shop"},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "db"}},
                     "template": {"spec": {"containers": [{"name": "pg", "image": "postgres:16"}]}}},
            "status": {"replicas": 1, "readyReplicas": 1}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": "cart-5d4f", "namespace": "shop"},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "cart"}}},
            "status": {"replicas": 1, "readyReplicas": 1}}))
        .with_object(json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "cart", "namespace": "shop"},
            "spec": {"type": "ClusterIP", "clusterIP": "10.0.0.7", "selector": {"app": "cart"},
                     "ports": [{"port": 80, "protocol": "TCP"}]}}))
        .with_object(json!({"apiVersion": "v1", "kind": "Event",
            "metadata": {"name": "cart-1.killing", "namespace": "shop"},
            "involvedObject": {"kind": "Pod", "name": "cart-1", "namespace": "shop"},
            "reason": "Killing", "message": "Stopping container main", "type": "Normal",
            "source": {"component": "kubelet"}, "count": 1,
            "lastTimestamp": "2026-01-01T00:00:00Z"}))
        .start()
        .await
}

/// Runs kubectl against `fake`: (succeeded, stdout, stderr).
pub(crate) fn kubectl(fake: &FakeKubernetes, args: &[&str]) -> (bool, String, String) {
    let output = std::process::Command::new("kubectl")
        .arg(format!("--server={}", fake.uri()))
        .arg("--insecure-skip-tls-verify")
        .args(args)
        .output()
        .expect("kubectl is on this machine");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn ok(fake: &FakeKubernetes, args: &[&str]) -> String {
    let (ok, out, err) = tokio::task::block_in_place(|| kubectl(fake, args));
    assert!(ok, "kubectl {args:?} failed: {err}");
    out
}

/// The header line's words, and each row's first cell.
fn header_and_names(out: &str) -> (Vec<String>, Vec<String>) {
    let mut lines = out.lines();
    let header = lines
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let names = lines
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    (header, names)
}

#[tokio::test(flavor = "multi_thread")]
async fn short_names_resolve_and_tables_show_the_cluster_columns() {
    let fake = cluster().await;
    let cases: [(&str, &[&str], &[&str]); 7] = [
        (
            "po",
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["batch-1", "cart-1"],
        ),
        (
            "deploy",
            &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            &["cart"],
        ),
        ("sts", &["NAME", "READY", "AGE"], &["db"]),
        (
            "rs",
            &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            &["cart-5d4f"],
        ),
        (
            "svc",
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            &["cart"],
        ),
        (
            "no",
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &["node-1"],
        ),
        ("ns", &["NAME", "STATUS", "AGE"], &["shop"]),
    ];
    for (short, header, names) in cases {
        let out = ok(&fake, &["get", short, "-n", "shop"]);
        let (shown, rows) = header_and_names(&out);
        assert_eq!(shown, header, "kubectl get {short}:\n{out}");
        assert_eq!(rows, names, "kubectl get {short}:\n{out}");
    }
    let pods = ok(&fake, &["get", "po", "-n", "shop"]);
    assert!(
        pods.lines()
            .any(|l| l.starts_with("cart-1") && l.contains(" 1/1 ") && l.contains("Running")),
        "{pods}"
    );
    let node = ok(&fake, &["get", "no"]);
    assert!(
        node.contains("Ready") && node.contains("control-plane"),
        "{node}"
    );
    let svc = ok(&fake, &["get", "svc", "cart", "-n", "shop"]);
    assert!(svc.contains("10.0.0.7") && svc.contains("80/TCP"), "{svc}");
}

#[tokio::test(flavor = "multi_thread")]
async fn wide_output_adds_the_priority_columns() {
    let fake = cluster().await;
    let (header, _) = header_and_names(&ok(&fake, &["get", "po", "-n", "shop", "-o", "wide"]));
    assert_eq!(
        header,
        [
            "NAME",
            "READY",
            "STATUS",
            "RESTARTS",
            "AGE",
            "IP",
            "NODE",
            "NOMINATED",
            "NODE",
            "READINESS",
            "GATES"
        ]
    );
    let out = ok(&fake, &["get", "deploy", "-n", "shop", "-o", "wide"]);
    assert!(
        out.contains("CONTAINERS") && out.contains("example/app:1") && out.contains("app=cart"),
        "{out}"
    );
    let (header, _) = header_and_names(&ok(&fake, &["get", "no", "-o", "wide"]));
    assert!(header.contains(&"INTERNAL-IP".to_string()), "{header:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn get_all_lists_the_all_category() {
    let fake = cluster().await;
    let out = ok(&fake, &["get", "all", "-n", "shop", "-o", "name"]);
    let mut names: Vec<&str> = out.lines().collect();
    names.sort();
    assert_eq!(
        names,
        [
            "deployment.apps/cart",
            "pod/batch-1",
            "pod/cart-1",
            "replicaset.apps/cart-5d4f",
            "service/cart",
            "statefulset.apps/db"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn kubectl_changes_objects_through_short_names() {
    let fake = cluster().await;
    let deployment = || fake.object("apps", "deployments", "shop", "cart").unwrap();
    ok(
        &fake,
        &["scale", "deploy/cart", "-n", "shop", "--replicas=3"],
    );
    assert_eq!(deployment()["spec"]["replicas"], 3);
    ok(&fake, &["rollout", "restart", "deploy/cart", "-n", "shop"]);
    let restarted = &deployment()["spec"]["template"]["metadata"]["annotations"]
        ["kubectl.kubernetes.io/restartedAt"];
    assert!(restarted.is_string(), "{}", deployment());
    ok(
        &fake,
        &[
            "patch",
            "deploy",
            "cart",
            "-n",
            "shop",
            "-p",
            r#"{"spec":{"paused":true}}"#,
        ],
    );
    assert_eq!(deployment()["spec"]["paused"], true);
    ok(&fake, &["label", "po", "cart-1", "-n", "shop", "chaos=yes"]);
    assert_eq!(
        fake.object("", "pods", "shop", "cart-1").unwrap()["metadata"]["labels"]["chaos"],
        "yes"
    );
    ok(&fake, &["cordon", "node-1"]);
    assert_eq!(
        fake.object("", "nodes", "", "node-1").unwrap()["spec"]["unschedulable"],
        true
    );
    assert!(ok(&fake, &["get", "no"]).contains("Ready,SchedulingDisabled"));
    ok(
        &fake,
        &["delete", "po", "batch-1", "-n", "shop", "--wait=false"],
    );
    assert!(fake.object("", "pods", "shop", "batch-1").is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn events_read_through_both_apis() {
    let fake = cluster().await;
    let out = ok(&fake, &["get", "ev", "-n", "shop"]);
    assert!(
        out.contains("Killing")
            && out.contains("pod/cart-1")
            && out.contains("Stopping container main"),
        "{out}"
    );
    let out = ok(
        &fake,
        &["get", "events.v1.events.k8s.io", "-n", "shop", "-o", "json"],
    );
    let list: Value = serde_json::from_str(&out).unwrap();
    let event = &list["items"][0];
    assert_eq!(event["apiVersion"], "events.k8s.io/v1");
    assert_eq!(event["regarding"]["name"], "cart-1");
    assert_eq!(event["note"], "Stopping container main");
}

#[tokio::test(flavor = "multi_thread")]
async fn selectors_the_api_server_refuses_are_refused() {
    let fake = cluster().await;
    for selector in ["-l", "--field-selector"] {
        let bad = if selector == "-l" {
            "bad key!=x"
        } else {
            "spec.color=red"
        };
        let (ok, _, err) = tokio::task::block_in_place(|| {
            kubectl(&fake, &["get", "po", "-n", "shop", selector, bad])
        });
        assert!(!ok, "{selector} {bad} was taken");
        assert!(
            err.contains("BadRequest")
                || err.contains("unable to parse")
                || err.contains("not supported"),
            "{err}"
        );
    }
    let out = ok(
        &fake,
        &[
            "get",
            "po",
            "-n",
            "shop",
            "--field-selector",
            "status.phase=Running",
            "-o",
            "name",
        ],
    );
    assert_eq!(out.trim(), "pod/cart-1");
}
