//! Dry run everywhere: every action the registry offers runs under dry run
//! against the fakes, seeded so its targets exist, and none may change
//! anything. A mutating action without dry-run support fails this test.

use kallisti::fake::{FakeApp, FakeCloudFoundry, FakeKubernetes};
use kallisti::{Experiment, Registry, Trial, TrialStatus};
use kallisti_suite::DemoService;
use serde_json::{json, Map, Value};

/// A value for a required argument: what the seeded fakes know as `x`.
fn placeholder(name: &str, ty: &str, spec_path: &str, url: &str) -> Value {
    match name {
        "spec_path" | "resource_as_yaml_file" => json!(spec_path),
        "resource" => json!(
            r#"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "default"}}"#
        ),
        "url" => json!(url),
        "cmd" => json!("ls"),
        "fixed_delay" => json!("1s"),
        "http_status" => json!(503),
        "routes" => json!([{"destination": {"host": "x"}}]),
        "fault" => json!({"abort": {"httpStatus": 500}}),
        "conditions" => json!([{"type": "Ready", "status": "True"}]),
        "pattern" => json!("x"),
        "replicas" | "instance_index" | "time_in_seconds" => json!(1),
        "label_selector" => json!("x=x"),
        "group" => json!("chaos-mesh.org"),
        "version" => json!("v1alpha1"),
        "plural" => json!("networkchaos"),
        _ => match ty {
            "string" | "object" => json!("x"),
            "integer" => json!(1),
            "number" => json!(1.0),
            "boolean" => json!(false),
            "list" => json!([]),
            _ => json!({}),
        },
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_action_changes_anything_under_dry_run() {
    let demo = DemoService::start().await;
    let labels = [("x", "x"), ("name", "x")];
    let k8s = FakeKubernetes::builder()
        .with_namespace("x")
        .with_pod("default", "x", &labels)
        .with_deployment("default", "x", 1, &labels)
        .with_node("x", &labels)
        .with_object(json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "x", "namespace": "default", "labels": {"x": "x"}}, "spec": {"replicas": 1}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "x", "namespace": "default", "labels": {"x": "x"}}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "x", "namespace": "default", "labels": {"x": "x"}}}))
        .with_object(json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "x", "namespace": "default"}}))
        .with_object(json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x", "namespace": "default", "labels": {"name": "x"}}}))
        .with_object(json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "x", "namespace": "default"}}))
        .with_object(json!({"apiVersion": "chaos-mesh.org/v1alpha1", "kind": "NetworkChaos", "metadata": {"name": "x", "namespace": "default"}}))
        .with_object(json!({"apiVersion": "chaos-mesh.org/v1alpha1", "kind": "StressChaos", "metadata": {"name": "x", "namespace": "default"}}))
        .with_virtual_service("default", "x", json!({"http": [{"route": [{"destination": {"host": "x"}}]}]}))
        .with_object(json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "chaostoolkit-deny-all-ingress", "namespace": "default"}}))
        .with_object(json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "chaostoolkit-deny-all-egress", "namespace": "default"}}))
        .with_object(json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "chaostoolkit-allow-dns", "namespace": "default"}}))
        .start()
        .await;
    std::env::set_var("CF_USERNAME", "walker");
    std::env::set_var("CF_PASSWORD", "walker-password");
    let cf = FakeCloudFoundry::builder()
        .with_user("walker", "walker-password")
        .with_app(
            FakeApp::new("x", "x", "x")
                .instances(2)
                .route("x")
                .binding("x"),
        )
        .start()
        .await;
    let dir = std::env::temp_dir().join(format!("kallisti-walk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("spec.json");
    std::fs::write(
        &spec,
        r#"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "walked"}}"#,
    )
    .unwrap();
    let spec = spec.display().to_string();

    let registry = Registry::with_builtins();
    let mut ran = 0;
    let mut total = 0;
    let mut offenders = Vec::new();
    for entry in registry
        .catalog()
        .into_iter()
        .filter(|e| e.kind == "action")
    {
        let namespace = entry.target.split('.').next().unwrap().to_string();
        let mut args = Map::new();
        // Waiting probes answer at once.
        if entry.arguments.iter().any(|a| a.name == "timeout") {
            args.insert("timeout".into(), json!(0));
        }
        // Aim optional selectors at the seeded `x` objects too.
        for (name, value) in [
            ("name", json!("x")),
            ("label_selector", json!("x=x")),
            ("count", json!(1)),
            ("app_name", json!("x")),
            ("spec_path", json!(spec)),
            ("meta", json!({"name": "x"})),
        ] {
            if entry.arguments.iter().any(|a| a.name == name) {
                args.insert(name.into(), value);
            }
        }
        if let Some(resource) = entry.arguments.iter().find(|a| a.name == "resource") {
            let object = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "default"}});
            let value = if resource.ty == "string" {
                json!(object.to_string())
            } else {
                object
            };
            args.insert("resource".into(), value);
        }
        for arg in entry.arguments.iter().filter(|a| a.required) {
            args.insert(
                arg.name.into(),
                placeholder(arg.name, arg.ty, &spec, &format!("{}/fortune", demo.url())),
            );
        }
        match namespace.as_str() {
            "k8s" | "istio" => {
                args.insert("k8s_api_host".into(), json!(k8s.uri()));
            }
            "cf" => {
                args.insert("cf_api_url".into(), json!(cf.uri()));
            }
            _ => {}
        }
        let experiment = Experiment::from_value(json!({"name": "walk", "steps": [
            {"step": entry.target, "do": entry.target, "where": args}
        ]}))
        .unwrap();
        let before = (
            k8s.changes().len(),
            cf.changes().len(),
            demo.requests().len(),
        );
        let record = Trial::new(experiment).dry_run(true).run(&registry).await;
        total += 1;
        if record.status != TrialStatus::Invalid {
            ran += 1;
        } else {
            eprintln!(
                "invalid: {}: {:?}",
                entry.target,
                record
                    .problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
            );
        }
        let k8s_changes = &k8s.changes()[before.0..];
        let cf_changes = &cf.changes()[before.1..];
        let demo_writes: Vec<_> = demo.requests()[before.2..]
            .iter()
            .filter(|r| r.method != "GET")
            .cloned()
            .collect();
        if !k8s_changes.is_empty() || !cf_changes.is_empty() || !demo_writes.is_empty() {
            offenders.push(format!(
                "{}: {k8s_changes:?} {cf_changes:?} {demo_writes:?}",
                entry.target
            ));
        }
    }
    assert!(
        offenders.is_empty(),
        "actions that changed something under dry run:\n{}",
        offenders.join("\n")
    );
    // The walk is not vacuous: most actions got past their checks and ran.
    assert_eq!(ran, total, "every action got past its checks and ran");
}
