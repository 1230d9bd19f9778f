//! Dry run everywhere: every action the registry offers runs under dry run
//! against the fakes, seeded so its targets exist, and none may change
//! anything. A mutating action without dry-run support fails this test.

use crate::support;

use kallisti::fake::{
    FakeApp, FakeAutoScalingGroup, FakeAws, FakeCacheCluster, FakeCloudFoundry, FakeDbCluster,
    FakeExperiment, FakeFleet, FakeFunction, FakeInstance, FakeKafkaCluster, FakeKubernetes,
    FakeTargetGroup,
};
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
        // A Chaos Toolkit process provider's program must exist: a script
        // `x` beside the spec file; its python provider names function `x`.
        "path" => json!(std::path::Path::new(spec_path).with_file_name("x")),
        "module" => json!("os.path"),
        "func" => json!("x"),
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
        "cluster_arn" => json!(FakeKafkaCluster::new("x", 2).arn()),
        "load_balancer_arn" => json!(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/50dc6c495c0c9188"
        ),
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
        .with_object(json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "x", "namespace": "default"}}))
        .with_object(json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "x"}}))
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
    let program = dir.join("x");
    std::fs::write(&program, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(
        &program,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();

    support::moto::dummy_credentials();
    let scenario = ("kallisti-scenario", "az-power-interruption");
    let aws = FakeAws::builder()
        .with_instance(
            FakeInstance::new("x", "us-east-1a")
                .volume("/dev/sdf", "vol-x")
                .detached_volume("/dev/sdg", "vol-y")
                .tag("x", "x"),
        )
        .with_auto_scaling_group(FakeAutoScalingGroup::new("x", &["x"]).tag("x", "x"))
        .with_ecs_service("x", "x", 2)
        .with_container_instance("x", "x")
        .with_function(
            FakeFunction::new("x")
                .layer("arn:aws:lambda:us-east-1:123456789012:layer:x:1")
                .mapping("x"),
        )
        .with_db_cluster(FakeDbCluster::new("x", &["x", "y"]).endpoint("x"))
        .with_target_group(FakeTargetGroup::new("x", &["x"]))
        .with_cache_cluster(FakeCacheCluster::new("x", 1))
        .with_replication_group("x", &["x-1", "x-2"])
        .with_role("x")
        .with_kafka_cluster(FakeKafkaCluster::new("x", 2))
        .with_fleet(FakeFleet::new("x", "x", 1, 0))
        .with_bucket("x")
        .with_object("x", "x")
        .with_dns_record("x", "x.", "A", &["192.0.2.1"])
        .with_rule("x", &["x"])
        .with_experiment_template("x", &[scenario, ("x", "x")])
        .with_experiment(
            FakeExperiment::new("x", "x")
                .tag(scenario.0, scenario.1)
                .tag("x", "x"),
        )
        .with_document("x")
        .with_eks_cluster("x")
        .start()
        .await;
    let local = LocalTargets::start().await;
    let registry = Registry::with_builtins();
    let mut proven = 0;
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
            ("cluster", json!("x")),
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
        // Tags that the seeded instance and FIS experiment carry.
        let tagged = entry.target.starts_with("aws.fis.")
            || entry.target == "aws.ec2.remove_tags_from_instances";
        if tagged && entry.arguments.iter().any(|a| a.name == "tags") {
            args.insert("tags".into(), json!({"x": "x"}));
        }
        if entry.target == "chaostoolkit.http" {
            // A seeded name in the URL it would call.
            args.insert("url".into(), json!(format!("{}/x", demo.url())));
        }
        if entry.target.starts_with("k8s.") && entry.target.ends_with("_cluster_custom_object") {
            // A cluster-scoped kind the fake serves, with a seeded object.
            args.insert("group".into(), json!("rbac.authorization.k8s.io"));
            args.insert("version".into(), json!("v1"));
            args.insert("plural".into(), json!("clusterroles"));
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
            "net" | "process" | "toxiproxy" => local.aim(&namespace, &mut args),
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
        let local_before = local.state();
        let record = Trial::new(experiment).dry_run(true).run(&registry).await;
        total += 1;
        let mut shortfalls = Vec::new();
        let step = record.trial_record.steps.first();
        if reads_only(&entry.target) {
            // A probe selects and changes nothing: it must get past its
            // checks and run; what it answers depends on the seeded state.
            if record.status == TrialStatus::Invalid {
                shortfalls.push(format!("Invalid: {:?}", problems(&record)));
            }
        } else {
            match step {
                Some(step) if record.status == TrialStatus::Succeeded => {
                    if !marked(&step.result) {
                        shortfalls.push(format!("result not marked as a dry run: {}", step.result));
                    } else if !names_a_target(&step.result) {
                        shortfalls.push(format!("result names no target: {}", step.result));
                    }
                }
                Some(step) => shortfalls.push(format!(
                    "{:?}: {}",
                    record.status,
                    step.error
                        .as_ref()
                        .map(|e| e.message.as_str())
                        .unwrap_or("")
                )),
                None => shortfalls.push(format!("{:?}: {:?}", record.status, problems(&record))),
            }
        }
        let k8s_changes = &k8s.changes()[before.0..];
        let cf_changes = &cf.changes()[before.1..];
        let aws_changes = &aws.changes()[before.3..];
        let demo_writes: Vec<_> = demo.requests()[before.2..]
            .iter()
            .filter(|r| r.method != "GET")
            .cloned()
            .collect();
        let local_after = local.state();
        if local_after != local_before {
            shortfalls.push(format!("changed: {local_before} -> {local_after}"));
        }
        if !k8s_changes.is_empty()
            || !cf_changes.is_empty()
            || !demo_writes.is_empty()
            || !aws_changes.is_empty()
        {
            shortfalls.push(format!(
                "changed: {k8s_changes:?} {cf_changes:?} {demo_writes:?} {aws_changes:?}"
            ));
        }
        if shortfalls.is_empty() {
            proven += 1;
        } else {
            offenders.push(format!("{}: {}", entry.target, shortfalls.join("; ")));
        }
    }
    assert!(
        offenders.is_empty(),
        "{} of {total} actions are not proven under dry run:\n{}",
        offenders.len(),
        offenders.join("\n")
    );
    assert_eq!(proven, total);
}
/// What `net`, `process` and `toxiproxy` steps act on, all called `x`: an
/// in-process proxy with a toxic, a child process, and a Toxiproxy API
/// holding a proxy with a toxic.
struct LocalTargets {
    _proxy: kallisti::net::ChaosProxy,
    child: kallisti::process::Child,
    api: kallisti::net::Proxies,
    _api_proxy: kallisti::net::ChaosProxy,
    api_url: String,
}

impl LocalTargets {
    async fn start() -> LocalTargets {
        use kallisti::net::{ChaosProxy, Proxies, Toxic};
        let upstream = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let upstream = upstream.local_addr().unwrap();
        let toxic = || Toxic::latency(std::time::Duration::from_millis(1)).named("x");
        let proxy = ChaosProxy::start("x", upstream).await.unwrap();
        proxy.add(toxic()).unwrap();
        let api = Proxies::new();
        let api_proxy = ChaosProxy::start_in(&api, "x", upstream).await.unwrap();
        api_proxy.add(toxic()).unwrap();
        let api_url = format!("http://{}", api.api_addr().await.unwrap());
        let command = kallisti::process::ChildCommand::new("sleep").arg("300");
        let child = kallisti::process::Child::spawn("x", command).unwrap();
        LocalTargets {
            _proxy: proxy,
            child,
            api,
            _api_proxy: api_proxy,
            api_url,
        }
    }

    /// Points a step at them.
    fn aim(&self, namespace: &str, args: &mut Map<String, Value>) {
        match namespace {
            "net" => {
                if args.contains_key("type") {
                    args.insert("type".into(), json!("latency"));
                }
            }
            "process" => {
                // One target only: the child; a restart's grace must be above 0.
                args.remove("name");
                args.insert("child".into(), json!("x"));
                if args.contains_key("timeout") {
                    args.insert("timeout".into(), json!(1));
                }
            }
            _ => {
                args.insert("toxiproxy_url".into(), json!(self.api_url));
                for (name, value) in [
                    ("toxic_type", json!("latency")),
                    ("upstream_port", json!(1)),
                ] {
                    if args.contains_key(name) {
                        args.insert(name.into(), value);
                    }
                }
            }
        }
    }

    /// Everything a step could change: both proxies as their APIs show
    /// them, and the child's pid, whether it is stopped, and whether it runs.
    fn state(&self) -> String {
        let global = kallisti::net::Proxies::global().describe("x").unwrap();
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.pid())).unwrap_or_default();
        // Running and sleeping alternate on their own; stopped (`T`) is
        // what a step would cause.
        let stopped = stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('T'));
        format!(
            "net {global} / api {:?} {} / child {} stopped={} running={}",
            self.api.names(),
            self.api
                .describe("x")
                .map(|p| p.to_string())
                .unwrap_or_default(),
            self.child.pid(),
            stopped,
            self.child.is_running()
        )
    }
}

fn problems(record: &kallisti::TrialRecord) -> Vec<String> {
    record.problems.iter().map(|p| p.to_string()).collect()
}

/// Actions that only read: the drivers' probes (by their Chaos Toolkit
/// function), and `cm.wait`, which only waits.
fn reads_only(target: &str) -> bool {
    static PROBES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let probes = PROBES.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/catalog.json");
        let catalog: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        catalog["actions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| {
                a["chaostoolkit_function"]
                    .as_str()
                    .is_some_and(|f| f.contains(".probes."))
            })
            .map(|a| a["do"].as_str().unwrap().to_string())
            .collect()
    });
    target == "cm.wait" || probes.iter().any(|p| p == target)
}

/// A dry-run report, or a list of them (one per target).
fn marked(result: &Value) -> bool {
    match result {
        Value::Array(items) => !items.is_empty() && items.iter().all(marked),
        other => other["dry_run"] == json!(true),
    }
}

/// Whether a dry-run result names what it would act on: a seeded target's
/// name is a word of one of its values (an ARN's last part, a selector's
/// value), outside the `dry_run` flag and the `would` sentence.
fn names_a_target(result: &Value) -> bool {
    const SEEDED: [&str; 10] = [
        "x",
        "x-1",
        "x-2",
        "vol-y",
        "walked",
        "y",
        "us-east-1a",
        "chaostoolkit-allow-dns",
        "chaostoolkit-deny-all-ingress",
        "chaostoolkit-deny-all-egress",
    ];
    fn walk(value: &Value, found: &mut bool) {
        match value {
            Value::String(s) => {
                *found |= s
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .any(|word| SEEDED.contains(&word))
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
            Value::Object(map) => map
                .iter()
                .filter(|(key, _)| key.as_str() != "dry_run" && key.as_str() != "would")
                .for_each(|(_, v)| walk(v, found)),
            _ => {}
        }
    }
    let mut found = false;
    walk(result, &mut found);
    found
}
