//! Dry run everywhere: every action the registry offers runs under dry run
//! against the fakes, seeded so its targets exist, and none may change
//! anything. A mutating action without dry-run support fails this test.

use crate::support;

use kallisti::fake::{FakeApp, FakeAws, FakeCloudFoundry, FakeInstance, FakeKubernetes};
use kallisti::{Experiment, Registry, Trial, TrialStatus};
use kallisti_suite::DemoService;
use serde_json::{json, Map, Value};

/// A value for a required argument: what the seeded fakes know as `x`.
fn placeholder(name: &str, ty: &str, spec_path: &str, url: &str) -> Value {
    match name {
        "spec_path" | "resource_as_yaml_file" | "path_content" => json!(spec_path),
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
        // AWS arguments whose values are checked before anything runs.
        "cluster_arn" => json!("arn:aws:kafka:us-east-1:123456789012:cluster/x/1"),
        "arn" | "resource_arn" => json!("arn:aws:iam::aws:policy/x"),
        "layer" => json!("arn:aws:lambda:us-east-1:123456789012:layer:x:1"),
        "policy" => json!({"Statement": []}),
        "memory_size" => json!(128),
        "placement_type" => json!("spread"),
        "status" => json!("DRAINING"),
        "record_type" => json!("A"),
        "metric_data" => json!([{"MetricName": "x", "Value": 1}]),
        "targets" => json!([{"Id": "x", "Arn": "arn:aws:sqs:us-east-1:123456789012:x"}]),
        "subnets"
        | "subnet_ids"
        | "security_group_ids"
        | "load_balancer_names"
        | "container_instances"
        | "cluster_ids"
        | "group_ids"
        | "tg_names"
        | "broker_ids"
        | "tag_keys" => json!(["x"]),
        "volume"
        | "step_quantity"
        | "concurrency"
        | "instance_count"
        | "desired_count"
        | "concurrent_executions" => json!(1),
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

    support::moto::dummy_credentials();
    let aws = FakeAws::builder()
        .with_instance(FakeInstance::new("x", "us-east-1a").volume("/dev/sdf", "vol-x"))
        .with_ecs_service("x", "x", 2)
        .with_function(kallisti::fake::FakeFunction::new("x"))
        .with_db_cluster(kallisti::fake::FakeDbCluster::new("x", &["x", "y"]))
        .with_target_group(kallisti::fake::FakeTargetGroup::new("x", &["x"]))
        .with_cache_cluster(kallisti::fake::FakeCacheCluster::new("x", 1))
        .with_replication_group("x-group", &["x-1", "x-2"])
        .with_role("x")
        .start()
        .await;
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
        // Waiting probes answer at once (a Lambda timeout is a setting).
        if entry.arguments.iter().any(|a| a.name == "timeout") {
            let seconds = if entry.target.starts_with("aws.") {
                1
            } else {
                0
            };
            args.insert("timeout".into(), json!(seconds));
        }
        // Aim optional selectors at the seeded `x` objects too.
        for (name, value) in [
            ("name", json!("x")),
            ("label_selector", json!("x=x")),
            ("count", json!(1)),
            ("app_name", json!("x")),
            ("spec_path", json!(spec)),
            ("meta", json!({"name": "x"})),
            // AWS: pick among the seeded instance, tasks, groups.
            ("az", json!("us-east-1a")),
            ("instance_ids", json!(["x"])),
            ("asg_names", json!(["x"])),
            ("service", json!("x")),
            ("function_name", json!("x")),
            ("cluster_id", json!("x")),
            ("instance_id", json!("x")),
            ("task_count", json!(1)),
            ("instance_count", json!(1)),
            ("on_demand_capacity", json!(1)),
            ("decommission_timeout", json!(1)),
            ("schedule_expression", json!("rate(1 minute)")),
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
            "aws" => {
                args.insert("endpoint_url".into(), json!(aws.uri()));
                args.insert("region".into(), json!("us-east-1"));
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
            aws.changes().len(),
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
        let aws_changes = &aws.changes()[before.3..];
        let demo_writes: Vec<_> = demo.requests()[before.2..]
            .iter()
            .filter(|r| r.method != "GET")
            .cloned()
            .collect();
        if !k8s_changes.is_empty()
            || !cf_changes.is_empty()
            || !demo_writes.is_empty()
            || !aws_changes.is_empty()
        {
            offenders.push(format!(
                "{}: {k8s_changes:?} {cf_changes:?} {demo_writes:?} {aws_changes:?}",
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
