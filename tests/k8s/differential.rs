//! Kallisti's `k8s` actions side by side with the Chaos Toolkit's
//! Kubernetes driver (chaostoolkit-kubernetes 0.39, run through
//! chaostoolkit-lib's own activity runner): each scenario runs against two
//! twin `FakeKubernetes` servers seeded alike, then the returned values,
//! whether each failed, and the objects left behind are compared.
//!
//! A scenario either agrees or is listed in [`DEVIATIONS`] with the reason
//! kallisti differs on purpose; the test prints the table.

mod chaos_mesh;
mod objects;

use crate::support;
use futures_util::StreamExt as _;
use kallisti::fake::{FakeKubernetes, FakeKubernetesBuilder};
use kallisti::{Experiment, Registry, Trial};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One comparison: a label, the action, its arguments (without
/// connection settings).
struct Scenario {
    label: &'static str,
    action: &'static str,
    arguments: Value,
}

fn scenario(label: &'static str, action: &'static str, arguments: Value) -> Scenario {
    Scenario {
        label,
        action,
        arguments,
    }
}

/// Where kallisti differs on purpose, by scenario label, with why. Each
/// reason is also in the action's documentation.
const DEVIATIONS: &[(&str, &str)] = &[
    (
        "read a missing virtual service",
        "the Istio driver returns the API server's 404 as a value; kallisti fails the step, naming the VirtualService",
    ),
    (
        "delete nodes by label",
        "the driver crashes reading the node list it asked for as plain JSON; kallisti deletes the matching nodes",
    ),
    (
        "delete every deployment",
        "a step with neither name nor labels is refused; the driver deletes every deployment of the namespace",
    ),
    (
        "kill a microservice",
        "the driver never fills `{name}` into its pod selector, so the API server refuses its pod list after the deployment is gone; kallisti deletes what the selector means",
    ),
    (
        "drain a node with an unmanaged pod",
        "both fail, but kallisti refuses before changing anything, as kubectl drain does; the driver crashes on the pod after cordoning the node",
    ),
    (
        "create a deployment from a .txt file",
        "kallisti reads a spec file of any name as YAML (which JSON is too); the driver refuses every extension but .json, .yml and .yaml",
    ),
    (
        "delete a missing namespace",
        "kallisti counts a namespace already gone as deleted, as its other deletes by name do; the driver fails with the API server's 404",
    ),
    (
        "update a daemon set",
        "kallisti merges `spec` into the daemon set's spec, as its documentation says; the driver sends `spec` as the whole patch body, so a full manifest lands under `spec.spec`",
    ),
    (
        "update an ingress",
        "kallisti merges `spec` into the ingress's spec, as its documentation says; the driver sends `spec` as the whole patch body",
    ),
    (
        "create a custom object that exists",
        "kallisti fails on the API server's 409; the driver returns the 409 Status body as if it had created the object",
    ),
    (
        "replace a custom object",
        "the driver crashes: it passes `force` to the client's replace_namespaced_custom_object, which takes no such argument; kallisti replaces the object",
    ),
    (
        "replace a cluster custom object",
        "the driver crashes: it passes `force` to the client's replace_cluster_custom_object, which takes no such argument; kallisti replaces the object",
    ),
    (
        "add latency to labelled pods",
        "with no target selector the driver still writes a target (mode `one`, empty selector), narrowing the fault to the traffic with one pod of the namespace; kallisti writes none, so the fault covers all the picked pods' traffic",
    ),
    (
        "set loss on a fixed number of pods",
        "the driver drops `mode_value` unless the mode is `fixed-percent`, so `fixed` loses the count Chaos Mesh needs; kallisti writes it",
    ),
    (
        "set bandwidth",
        "the driver names the action `bandwdith`, which Chaos Mesh does not know; kallisti writes `bandwidth`",
    ),
    (
        "apply a core object from JSON",
        "the driver crashes splitting `v1` into a group and a version; kallisti applies core objects too",
    ),
    (
        "apply a chaos object from JSON",
        "the driver guesses the plural from the kind (`podchaoses`, a 404) and sends the text itself as the body; kallisti finds the plural (`podchaos`) through the API server's discovery, as kubectl does, and creates the object",
    ),
    (
        "apply a deployment from JSON",
        "the driver sends the JSON text itself, not the object it describes, as the request body, which the API server refuses (400); kallisti creates the object",
    ),
    (
        "apply a deployment that exists from YAML",
        "the driver sends the YAML text itself, not the object it describes, as the request body, which the API server refuses (400); kallisti replaces the object",
    ),
    (
        "remove an abort fault",
        "the driver takes the route's whole fault off, its delay too; kallisti takes off the abort only and keeps the delay",
    ),
    (
        "create a node with a pod CIDR",
        "the driver passes `spec` as keyword arguments of the Python client's V1NodeSpec, which takes `pod_cidr` and not the API's `podCIDR`, and crashes; kallisti takes the API's field names",
    ),
];

/// Catalog actions that no scenario compares, with why; the table lists
/// them apart.
const NOT_COMPARABLE: &[(&str, &str)] = &[(
    "k8s.exec_in_pods",
    "the driver runs its command over a websocket the API server upgrades the exec request to; FakeKubernetes is served by wiremock, which cannot upgrade a connection (tests/k8s/exec.rs runs kallisti's side against a server that speaks the exec protocol)",
)];

/// The seed both servers start from.
fn seed() -> FakeKubernetesBuilder {
    let mut builder = FakeKubernetes::builder()
        .with_namespace("default")
        .with_namespace("shop");
    for i in 1..=5 {
        builder = builder.with_pod("shop", &format!("web-{i}"), &[("app", "web")]);
    }
    builder
        .with_pod_in_phase("shop", "job-1", &[("app", "job")], "Succeeded")
        .with_pod_logs("shop", "job-1", "2026-01-01T00:00:00Z started\n2026-01-01T00:00:01Z done\n")
        .with_deployment("shop", "web", 5, &[("app", "web")])
        .with_virtual_service("shop", "reviews", json!({"hosts": ["reviews"], "http": [
            {"route": [{"destination": {"host": "reviews", "subset": "v1"}}]},
            {"route": [{"destination": {"host": "reviews", "subset": "v2"}}],
             "fault": {"delay": {"fixedDelay": "2s"}}}]}))
        .with_node("node-1", &[("zone", "a")])
        .with_node("node-2", &[("zone", "b")])
        .with_object(json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}))
        .with_object(json!({"apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "creds", "namespace": "shop", "labels": {"app": "web"}},
            "type": "Opaque", "data": {}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "db", "namespace": "shop", "labels": {"app": "db"}},
            "spec": {"replicas": 1, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                     "template": {"metadata": {"labels": {"app": "db"}},
                                  "spec": {"containers": [{"name": "pg", "image": "postgres:16"}]}}},
            "status": {"replicas": 1, "readyReplicas": 1}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": "web-rs", "namespace": "shop", "labels": {"app": "web"}},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}}},
            "status": {"replicas": 1, "readyReplicas": 1}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "half", "namespace": "shop", "labels": {"app": "half"}},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "half"}},
                     "template": {"metadata": {"labels": {"app": "half"}},
                                  "spec": {"containers": [{"name": "half", "image": "half:1"}]}}},
            "status": {"replicas": 3, "readyReplicas": 1, "availableReplicas": 1, "unavailableReplicas": 2}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "queue", "namespace": "shop", "labels": {"app": "queue"}},
            "spec": {"replicas": 2, "serviceName": "queue", "selector": {"matchLabels": {"app": "queue"}},
                     "template": {"metadata": {"labels": {"app": "queue"}},
                                  "spec": {"containers": [{"name": "mq", "image": "rabbitmq:3"}]}}},
            "status": {"replicas": 2, "readyReplicas": 1}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "probe", "namespace": "shop", "labels": {"app": "probe"}},
            "spec": {"selector": {"matchLabels": {"app": "probe"}},
                     "template": {"metadata": {"labels": {"app": "probe"}},
                                  "spec": {"containers": [{"name": "probe", "image": "probe:1"}]}}},
            "status": {"currentNumberScheduled": 2, "desiredNumberScheduled": 2, "numberMisscheduled": 0,
                       "numberReady": 1, "numberAvailable": 1, "numberUnavailable": 1}}))
        .with_object(json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "agent", "namespace": "shop", "labels": {"app": "agent"}},
            "spec": {"selector": {"matchLabels": {"app": "agent"}},
                     "template": {"metadata": {"labels": {"app": "agent"}},
                                  "spec": {"containers": [{"name": "agent", "image": "agent:1"}]}}},
            "status": {"currentNumberScheduled": 2, "desiredNumberScheduled": 2, "numberMisscheduled": 0,
                       "numberReady": 2, "numberAvailable": 2, "numberUnavailable": 0}}))
        .with_object(json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": "front", "namespace": "shop", "labels": {"app": "web"}},
            "spec": {"rules": [{"host": "shop.example", "http": {"paths": [{"path": "/", "pathType": "Prefix",
                "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]}}))
        .with_object(network_policy("shop", "lockdown", json!({"podSelector": {}, "policyTypes": ["Ingress"]})))
        .with_object(network_policy("shop", "chaostoolkit-deny-all-egress",
            json!({"podSelector": {}, "policyTypes": ["Egress"]})))
        .with_object(network_policy("default", "chaostoolkit-deny-all-ingress",
            json!({"podSelector": {}, "policyTypes": ["Ingress"]})))
        .with_object(network_policy("default", "chaostoolkit-allow-dns",
            json!({"podSelector": {}, "policyTypes": ["Egress"]})))
        .with_object(json!({"apiVersion": "chaos-mesh.org/v1alpha1", "kind": "NetworkChaos",
            "metadata": {"name": "delay", "namespace": "shop"},
            "spec": {"action": "delay", "mode": "all", "selector": {"namespaces": ["shop"]},
                     "delay": {"latency": "10ms"}}}))
        .with_object(json!({"apiVersion": "chaos-mesh.org/v1alpha1", "kind": "StressChaos",
            "metadata": {"name": "burn", "namespace": "shop"},
            "spec": {"mode": "one", "selector": {"namespaces": ["shop"]}, "duration": "30s",
                     "stressors": {"cpu": {"workers": 1, "load": 50}}}}))
        .with_object(json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": {"name": "viewer"},
            "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]}))
}

fn network_policy(ns: &str, name: &str, spec: Value) -> Value {
    json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
        "metadata": {"name": name, "namespace": ns}, "spec": spec})
}

/// A spec file both tools read, under the test's temp dir.
fn fixture(name: &str, contents: Value) -> String {
    let text = if name.ends_with(".json") {
        contents.to_string()
    } else {
        // JSON is YAML: the driver's yaml.safe_load reads it as is.
        serde_json::to_string_pretty(&contents).unwrap()
    };
    support::spec_file(&format!("differential-fixture-{name}"), text)
}

fn deployment_spec(name: &str) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": name}},
                 "template": {"metadata": {"labels": {"app": name}},
                              "spec": {"containers": [{"name": name, "image": "nginx:1.27"}]}}}})
}

fn scenarios() -> Vec<Scenario> {
    let mut all = vec![
        scenario(
            "terminate 30% of 5 pods",
            "k8s.terminate_pods",
            json!({"ns": "shop", "label_selector": "app=web", "mode": "percentage", "qty": 30}),
        ),
        scenario(
            "terminate 2 pods",
            "k8s.terminate_pods",
            json!({"ns": "shop", "label_selector": "app=web", "qty": 2}),
        ),
        scenario(
            "terminate all pods",
            "k8s.terminate_pods",
            json!({"ns": "shop", "label_selector": "app=web", "all": true}),
        ),
        scenario(
            "terminate pods matching none",
            "k8s.terminate_pods",
            json!({"ns": "shop", "label_selector": "app=none"}),
        ),
        scenario(
            "terminate the oldest pod",
            "k8s.terminate_pods",
            json!({"ns": "shop", "name_pattern": "web-.*", "order": "oldest"}),
        ),
        scenario(
            "pods in phase Running",
            "k8s.pods_in_phase",
            json!({"ns": "shop", "label_selector": "app=web", "phase": "Running"}),
        ),
        scenario(
            "no pod in phase, no raise",
            "k8s.pods_in_phase",
            json!({"ns": "shop", "label_selector": "app=none", "phase": "Running", "raise_on_invalid_phase": false}),
        ),
        scenario(
            "pods not in phase Pending",
            "k8s.pods_not_in_phase",
            json!({"ns": "shop", "label_selector": "app=web", "phase": "Pending"}),
        ),
        scenario(
            "count pods",
            "k8s.count_pods",
            json!({"ns": "shop", "label_selector": "app=web"}),
        ),
        scenario(
            "pod is not available, no raise",
            "k8s.pod_is_not_available",
            json!({"ns": "shop", "name": "web", "label_selector": "app=web", "raise_on_is_available": false}),
        ),
        scenario(
            "all microservices healthy",
            "k8s.all_microservices_healthy",
            json!({"ns": "shop"}),
        ),
        scenario(
            "delete a deployment",
            "k8s.delete_deployment",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario(
            "delete a missing deployment",
            "k8s.delete_deployment",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "remove a missing statefulset",
            "k8s.remove_statefulset",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "delete a missing replica set",
            "k8s.delete_replica_set",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "deployment healthy",
            "k8s.deployment_available_and_healthy",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario(
            "deployment healthy, excluding selector",
            "k8s.deployment_available_and_healthy",
            json!({"ns": "shop", "name": "web", "label_selector": "app=none"}),
        ),
        scenario(
            "missing deployment, no raise",
            "k8s.deployment_available_and_healthy",
            json!({"ns": "shop", "name": "ghost", "raise_on_unavailable": false}),
        ),
        scenario(
            "service initialized",
            "k8s.service_is_initialized",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario(
            "service, excluding selector",
            "k8s.service_is_initialized",
            json!({"ns": "shop", "name": "web", "label_selector": "app=none"}),
        ),
        scenario(
            "secret exists",
            "k8s.secret_exists",
            json!({"ns": "shop", "secret_name": "creds"}),
        ),
        scenario("get nodes", "k8s.get_nodes", json!({})),
        scenario(
            "node status conditions",
            "k8s.get_all_node_status_conditions",
            json!({}),
        ),
        scenario(
            "nodes ready to schedule",
            "k8s.all_nodes_must_be_ready_to_schedule",
            json!({}),
        ),
        scenario(
            "verify a node condition",
            "k8s.verify_nodes_condition",
            json!({"condition_type": "Ready", "condition_value": "False"}),
        ),
        scenario(
            "cordon a node",
            "k8s.cordon_node",
            json!({"name": "node-1"}),
        ),
        scenario(
            "scale a deployment",
            "k8s.scale_deployment",
            json!({"ns": "shop", "name": "web", "replicas": 2}),
        ),
        scenario("get events", "k8s.get_events", json!({"ns": "shop"})),
        scenario(
            "uncordon a node",
            "k8s.uncordon_node",
            json!({"name": "node-2"}),
        ),
        scenario(
            "no pod not in phase, no raise",
            "k8s.pods_not_in_phase",
            json!({"ns": "shop", "label_selector": "app=none", "raise_on_in_phase": false}),
        ),
        scenario(
            "delete every deployment",
            "k8s.delete_deployment",
            json!({"ns": "shop"}),
        ),
        scenario(
            "kill a microservice",
            "k8s.kill_microservice",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario(
            "drain a node with an unmanaged pod",
            "k8s.drain_nodes",
            json!({"name": "node-1"}),
        ),
        scenario(
            "count at least 3 pods",
            "k8s.count_min_pods",
            json!({"ns": "shop", "label_selector": "app=web", "min_count": 3}),
        ),
        scenario(
            "pods in conditions",
            "k8s.pods_in_conditions",
            json!({"ns": "shop", "label_selector": "app=web", "conditions": [{"type": "Ready", "status": "True"}]}),
        ),
        scenario(
            "read pod logs",
            "k8s.read_pod_logs",
            json!({"ns": "shop", "label_selector": "app=job"}),
        ),
        scenario(
            "scale a statefulset",
            "k8s.scale_statefulset",
            json!({"ns": "shop", "name": "db", "replicas": 2}),
        ),
        scenario(
            "scale a microservice",
            "k8s.scale_microservice",
            json!({"ns": "shop", "name": "web", "replicas": 1}),
        ),
        scenario(
            "delete a service",
            "k8s.delete_service",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario(
            "delete a missing service",
            "k8s.delete_service",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "delete a secret",
            "k8s.delete_secret",
            json!({"ns": "shop", "name": "creds"}),
        ),
        scenario(
            "namespace exists",
            "k8s.namespace_exists",
            json!({"name": "shop"}),
        ),
        scenario(
            "missing namespace",
            "k8s.namespace_exists",
            json!({"name": "ghost"}),
        ),
        scenario(
            "create a namespace",
            "k8s.create_namespace",
            json!({"name": "chaos"}),
        ),
        scenario(
            "deployment partially available",
            "k8s.deployment_partially_available",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario(
            "statefulset fully available",
            "k8s.statefulset_fully_available",
            json!({"ns": "shop", "name": "db", "timeout": 2}),
        ),
        scenario(
            "microservice available and healthy",
            "k8s.microservice_available_and_healthy",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario("nodes healthy", "k8s.nodes_must_be_healthy", json!({})),
        scenario(
            "ingress exists",
            "k8s.ingress_exists",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "deny all ingress",
            "k8s.deny_all_ingress",
            json!({"ns": "shop"}),
        ),
        scenario(
            "list network chaos",
            "k8s.list_custom_objects",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "networkchaos"}),
        ),
        scenario(
            "get a missing custom object",
            "k8s.get_custom_object",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "networkchaos", "name": "ghost"}),
        ),
        scenario(
            "delete nodes by label",
            "k8s.delete_nodes",
            json!({"label_selector": "zone=b"}),
        ),
        scenario(
            "create a deployment",
            "k8s.create_deployment",
            json!({"ns": "shop", "spec_path": fixture("api.json", deployment_spec("api"))}),
        ),
        scenario(
            "create a deployment from a .txt file",
            "k8s.create_deployment",
            json!({"ns": "shop", "spec_path": fixture("api.txt", deployment_spec("api"))}),
        ),
        scenario(
            "create a deployment that exists",
            "k8s.create_deployment",
            json!({"ns": "shop", "spec_path": fixture("web.yaml", deployment_spec("web"))}),
        ),
        scenario(
            "create a statefulset",
            "k8s.create_statefulset",
            json!({"ns": "shop", "spec_path": fixture("cache.yaml", json!({"apiVersion": "apps/v1",
                "kind": "StatefulSet", "metadata": {"name": "cache", "labels": {"app": "cache"}},
                "spec": {"replicas": 1, "serviceName": "cache", "selector": {"matchLabels": {"app": "cache"}},
                         "template": {"metadata": {"labels": {"app": "cache"}},
                                      "spec": {"containers": [{"name": "redis", "image": "redis:7"}]}}}}))}),
        ),
        scenario(
            "create a daemon set",
            "k8s.create_daemon_set",
            json!({"ns": "shop", "spec_path": fixture("logger.json", json!({"apiVersion": "apps/v1",
                "kind": "DaemonSet", "metadata": {"name": "logger", "labels": {"app": "logger"}},
                "spec": {"selector": {"matchLabels": {"app": "logger"}},
                         "template": {"metadata": {"labels": {"app": "logger"}},
                                      "spec": {"containers": [{"name": "fluent", "image": "fluent-bit:3"}]}}}}))}),
        ),
        scenario(
            "create a secret",
            "k8s.create_secret",
            json!({"ns": "shop", "spec_path": fixture("token.yaml", json!({"apiVersion": "v1",
                "kind": "Secret", "metadata": {"name": "token"}, "type": "Opaque",
                "data": {"token": "c2VjcmV0"}}))}),
        ),
        scenario(
            "create an ingress",
            "k8s.create_ingress",
            json!({"ns": "shop", "spec_path": fixture("back.json", json!({"apiVersion": "networking.k8s.io/v1",
                "kind": "Ingress", "metadata": {"name": "back"},
                "spec": {"rules": [{"host": "back.example", "http": {"paths": [{"path": "/", "pathType": "Prefix",
                    "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]}}))}),
        ),
        scenario(
            "create a service endpoint",
            "k8s.create_service_endpoint",
            json!({"ns": "shop", "spec_path": fixture("api-svc.json", json!({"apiVersion": "v1",
                "kind": "Service", "metadata": {"name": "api", "labels": {"app": "api"}},
                "spec": {"selector": {"app": "api"}, "ports": [{"port": 8080}]}}))}),
        ),
        scenario(
            "create a network policy",
            "k8s.create_network_policy",
            json!({"ns": "shop", "spec": {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                "metadata": {"name": "web-only"},
                "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"]}}}),
        ),
        scenario(
            "create a network policy from a file",
            "k8s.create_network_policy",
            json!({"ns": "shop", "spec_path": fixture("db-only.yaml", json!({"apiVersion": "networking.k8s.io/v1",
                "kind": "NetworkPolicy", "metadata": {"name": "db-only"},
                "spec": {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Egress"]}}))}),
        ),
        scenario(
            "delete a daemon set",
            "k8s.delete_daemon_set",
            json!({"ns": "shop", "name": "agent"}),
        ),
        scenario(
            "delete daemon sets by label",
            "k8s.delete_daemon_set",
            json!({"ns": "shop", "label_selector": "app=agent"}),
        ),
        scenario(
            "delete a missing daemon set",
            "k8s.delete_daemon_set",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "delete an ingress",
            "k8s.delete_ingress",
            json!({"ns": "shop", "name": "front"}),
        ),
        scenario(
            "delete a missing ingress",
            "k8s.delete_ingress",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "delete a namespace",
            "k8s.delete_namespace",
            json!({"name": "default"}),
        ),
        scenario(
            "delete a missing namespace",
            "k8s.delete_namespace",
            json!({"name": "ghost"}),
        ),
        scenario(
            "remove a service endpoint",
            "k8s.remove_service_endpoint",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario(
            "remove a network policy",
            "k8s.remove_network_policy",
            json!({"ns": "shop", "name": "lockdown"}),
        ),
        scenario(
            "remove a missing network policy",
            "k8s.remove_network_policy",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "deny all egress",
            "k8s.deny_all_egress",
            json!({"ns": "default"}),
        ),
        scenario(
            "deny all egress, already denied",
            "k8s.deny_all_egress",
            json!({"ns": "shop"}),
        ),
        scenario(
            "remove deny all egress",
            "k8s.remove_deny_all_egress",
            json!({"ns": "shop"}),
        ),
        scenario(
            "remove deny all ingress",
            "k8s.remove_deny_all_ingress",
            json!({"ns": "default"}),
        ),
        scenario(
            "remove a missing deny all ingress",
            "k8s.remove_deny_all_ingress",
            json!({"ns": "shop"}),
        ),
        scenario(
            "allow dns access",
            "k8s.allow_dns_access",
            json!({"ns": "shop"}),
        ),
        scenario(
            "remove allow dns access",
            "k8s.remove_allow_dns_access",
            json!({"ns": "default"}),
        ),
        scenario(
            "update a daemon set",
            "k8s.update_daemon_set",
            json!({"ns": "shop", "name": "agent", "spec": {"apiVersion": "apps/v1", "kind": "DaemonSet",
                "metadata": {"name": "agent", "labels": {"app": "agent"}},
                "spec": {"selector": {"matchLabels": {"app": "agent"}},
                         "template": {"metadata": {"labels": {"app": "agent"}},
                                      "spec": {"containers": [{"name": "agent", "image": "agent:2"}]}}}}}),
        ),
        scenario(
            "update a missing daemon set",
            "k8s.update_daemon_set",
            json!({"ns": "shop", "name": "ghost", "spec": {"spec": {"template": {"spec": {
                "containers": [{"name": "agent", "image": "agent:2"}]}}}}}),
        ),
        scenario(
            "update an ingress",
            "k8s.update_ingress",
            json!({"ns": "shop", "name": "front", "spec": {"spec": {"rules": [{"host": "new.example",
                "http": {"paths": [{"path": "/", "pathType": "Prefix",
                    "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]}}}),
        ),
        scenario(
            "rollout a deployment",
            "k8s.rollout_deployment",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario(
            "rollout a missing deployment",
            "k8s.rollout_deployment",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "start a microservice",
            "k8s.start_microservice",
            json!({"ns": "shop", "spec_path": fixture("mail.json", deployment_spec("mail"))}),
        ),
        scenario(
            "microservice is not available",
            "k8s.microservice_is_not_available",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario(
            "missing microservice is not available",
            "k8s.microservice_is_not_available",
            json!({"ns": "shop", "name": "ghost", "label_selector": "app=none"}),
        ),
        scenario(
            "deployment fully available",
            "k8s.deployment_fully_available",
            json!({"ns": "shop", "name": "web", "timeout": 2}),
        ),
        scenario(
            "deployment not fully available",
            "k8s.deployment_not_fully_available",
            json!({"ns": "shop", "name": "half", "timeout": 2}),
        ),
        scenario(
            "deployment is not fully available",
            "k8s.deployment_is_not_fully_available",
            json!({"ns": "shop", "name": "half", "timeout": 2}),
        ),
        scenario(
            "statefulset not fully available",
            "k8s.statefulset_not_fully_available",
            json!({"ns": "shop", "name": "queue", "timeout": 2}),
        ),
        scenario(
            "daemon set not fully available",
            "k8s.daemon_set_not_fully_available",
            json!({"ns": "shop", "name": "probe", "timeout": 2}),
        ),
        scenario(
            "unhealthy daemon set",
            "k8s.daemon_set_available_and_healthy",
            json!({"ns": "shop", "name": "probe"}),
        ),
        scenario(
            "deployment is fully available",
            "k8s.deployment_is_fully_available",
            json!({"ns": "shop", "name": "web", "timeout": 2}),
        ),
        scenario(
            "daemon set healthy",
            "k8s.daemon_set_available_and_healthy",
            json!({"ns": "shop", "name": "agent"}),
        ),
        scenario(
            "missing daemon set healthy",
            "k8s.daemon_set_available_and_healthy",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "daemon set fully available",
            "k8s.daemon_set_fully_available",
            json!({"ns": "shop", "name": "agent", "timeout": 2}),
        ),
        scenario(
            "daemon set partially available",
            "k8s.daemon_set_partially_available",
            json!({"ns": "shop", "name": "agent"}),
        ),
        scenario(
            "daemon sets by a selector matching none",
            "k8s.daemon_set_partially_available",
            json!({"ns": "shop", "name": "agent", "label_selector": "app=none"}),
        ),
        scenario(
            "service endpoint initialized",
            "k8s.service_endpoint_is_initialized",
            json!({"ns": "shop", "name": "web"}),
        ),
        scenario(
            "missing service endpoint",
            "k8s.service_endpoint_is_initialized",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "found in logs",
            "k8s.should_be_found_in_logs",
            json!({"pattern": "d.ne", "value": {"job-1": "started\ndone\n", "web-1": "done"}}),
        ),
        scenario(
            "found in some logs only",
            "k8s.should_be_found_in_logs",
            json!({"pattern": "started", "value": {"job-1": "started\ndone\n", "web-1": "done"}}),
        ),
        scenario(
            "found in any logs",
            "k8s.should_be_found_in_logs",
            json!({"pattern": "started", "all_containers": false,
                   "value": {"job-1": "started\ndone\n", "web-1": "done"}}),
        ),
        scenario(
            "no logs to search",
            "k8s.should_be_found_in_logs",
            json!({"pattern": "started", "value": {}}),
        ),
        scenario(
            "read microservices logs",
            "k8s.read_microservices_logs",
            json!({"ns": "shop", "name": "job-1", "label_selector": "app=job"}),
        ),
        scenario(
            "create a custom object",
            "k8s.create_custom_object",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "podchaos",
                   "resource": {"apiVersion": "chaos-mesh.org/v1alpha1", "kind": "PodChaos",
                       "metadata": {"name": "kill-web"},
                       "spec": {"action": "pod-kill", "mode": "one",
                                "selector": {"labelSelectors": {"app": "web"}}}}}),
        ),
        scenario(
            "create a custom object from a file",
            "k8s.create_custom_object",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "podchaos",
                   "resource_as_yaml_file": fixture("kill-db.yaml", json!({
                       "apiVersion": "chaos-mesh.org/v1alpha1", "kind": "PodChaos",
                       "metadata": {"name": "kill-db"},
                       "spec": {"action": "pod-kill", "mode": "one",
                                "selector": {"labelSelectors": {"app": "db"}}}}))}),
        ),
        scenario(
            "create a custom object that exists",
            "k8s.create_custom_object",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "networkchaos",
                   "resource": {"apiVersion": "chaos-mesh.org/v1alpha1", "kind": "NetworkChaos",
                       "metadata": {"name": "delay"}, "spec": {"action": "loss"}}}),
        ),
        scenario(
            "get a custom object",
            "k8s.get_custom_object",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "networkchaos", "name": "delay"}),
        ),
        scenario(
            "patch a custom object",
            "k8s.patch_custom_object",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "networkchaos",
                   "name": "delay", "resource": {"spec": {"delay": {"latency": "50ms"}}}}),
        ),
        scenario(
            "patch a missing custom object",
            "k8s.patch_custom_object",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "networkchaos",
                   "name": "ghost", "resource": {"spec": {"delay": {"latency": "50ms"}}}}),
        ),
        scenario(
            "replace a custom object",
            "k8s.replace_custom_object",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "networkchaos",
                   "name": "delay", "resource": {"apiVersion": "chaos-mesh.org/v1alpha1", "kind": "NetworkChaos",
                       "metadata": {"name": "delay", "namespace": "shop"},
                       "spec": {"action": "loss", "mode": "all", "loss": {"loss": "25"}}}}),
        ),
        scenario(
            "delete a custom object",
            "k8s.delete_custom_object",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "networkchaos", "name": "delay"}),
        ),
        scenario(
            "delete a missing custom object",
            "k8s.delete_custom_object",
            json!({"ns": "shop", "group": "chaos-mesh.org", "version": "v1alpha1", "plural": "networkchaos", "name": "ghost"}),
        ),
        scenario(
            "create a cluster custom object",
            "k8s.create_cluster_custom_object",
            json!({"group": "rbac.authorization.k8s.io", "version": "v1", "plural": "clusterroles",
                   "resource": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                       "metadata": {"name": "editor"},
                       "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "delete"]}]}}),
        ),
        scenario(
            "get a cluster custom object",
            "k8s.get_cluster_custom_object",
            json!({"group": "rbac.authorization.k8s.io", "version": "v1", "plural": "clusterroles", "name": "viewer"}),
        ),
        scenario(
            "list cluster custom objects",
            "k8s.list_cluster_custom_objects",
            json!({"group": "rbac.authorization.k8s.io", "version": "v1", "plural": "clusterroles"}),
        ),
        scenario(
            "patch a cluster custom object",
            "k8s.patch_cluster_custom_object",
            json!({"group": "rbac.authorization.k8s.io", "version": "v1", "plural": "clusterroles", "name": "viewer",
                   "resource": {"metadata": {"labels": {"team": "sre"}}}}),
        ),
        scenario(
            "replace a cluster custom object",
            "k8s.replace_cluster_custom_object",
            json!({"group": "rbac.authorization.k8s.io", "version": "v1", "plural": "clusterroles", "name": "viewer",
                   "resource": {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                       "metadata": {"name": "viewer"},
                       "rules": [{"apiGroups": [""], "resources": ["pods", "services"], "verbs": ["get", "list"]}]}}),
        ),
        scenario(
            "delete a cluster custom object",
            "k8s.delete_cluster_custom_object",
            json!({"group": "rbac.authorization.k8s.io", "version": "v1", "plural": "clusterroles", "name": "viewer"}),
        ),
        scenario(
            "get a missing cluster custom object",
            "k8s.get_cluster_custom_object",
            json!({"group": "rbac.authorization.k8s.io", "version": "v1", "plural": "clusterroles", "name": "ghost"}),
        ),
        scenario(
            "read a virtual service",
            "istio.get_virtual_service",
            json!({"ns": "shop", "virtual_service_name": "reviews"}),
        ),
        scenario(
            "read a missing virtual service",
            "istio.get_virtual_service",
            json!({"ns": "shop", "virtual_service_name": "ghost"}),
        ),
        scenario(
            "add a delay fault",
            "istio.add_delay_fault",
            json!({"ns": "shop", "virtual_service_name": "reviews", "fixed_delay": "1s", "percentage": 50.0,
                   "routes": [{"destination": {"host": "reviews", "subset": "v2"}}]}),
        ),
        scenario(
            "add an abort fault",
            "istio.add_abort_fault",
            json!({"ns": "shop", "virtual_service_name": "reviews", "http_status": 503,
                   "routes": [{"destination": {"host": "reviews", "subset": "v1"}}]}),
        ),
        scenario(
            "set a fault",
            "istio.set_fault",
            json!({"ns": "shop", "virtual_service_name": "reviews", "fault": {"abort": {"httpStatus": 500}},
                   "routes": [{"destination": {"host": "reviews", "subset": "v1"}}]}),
        ),
        scenario(
            "unset a fault",
            "istio.unset_fault",
            json!({"ns": "shop", "virtual_service_name": "reviews",
                   "routes": [{"destination": {"host": "reviews", "subset": "v1"}}]}),
        ),
        scenario(
            "remove a delay fault",
            "istio.remove_delay_fault",
            json!({"ns": "shop", "virtual_service_name": "reviews",
                   "routes": [{"destination": {"host": "reviews", "subset": "v2"}}]}),
        ),
    ];
    all.extend(chaos_mesh::network_faults());
    all.extend(chaos_mesh::stressors());
    all.extend(objects::scenarios());
    all
}

/// The driver function of each action, from the reference catalog.
fn driver_functions() -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/catalog.json"
    ))
    .unwrap();
    let catalog: Value = serde_json::from_str(&text).unwrap();
    catalog["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| {
            let function = a["chaostoolkit_function"].as_str()?;
            Some((
                a["do"].as_str()?.to_string(),
                (function.to_string(), a["kind"].as_str()?.to_string()),
            ))
        })
        .collect()
}

/// What a tool did: whether it failed, its value, and the objects after.
#[derive(Debug)]
struct Outcome {
    failed: bool,
    value: Value,
    error: String,
    state: Vec<Value>,
}

async fn run_kallisti(scenario: &Scenario) -> Outcome {
    let fake = seed().start().await;
    let mut arguments = scenario.arguments.clone();
    arguments["k8s_api_host"] = json!(fake.uri());
    let experiment = Experiment::from_value(json!({"name": "differential",
        "steps": [{"step": scenario.label, "do": scenario.action, "where": arguments}]}))
    .unwrap();
    let record = Trial::new(experiment).run(&Registry::with_builtins()).await;
    let (failed, value, error) = match record.trial_record.steps.first() {
        Some(step) => (
            !step.succeeded(),
            step.result.clone(),
            step.error
                .as_ref()
                .map(|e| e.message.clone())
                .unwrap_or_default(),
        ),
        None => (true, Value::Null, format!("{:?}", record.problems)),
    };
    Outcome {
        failed,
        value,
        error,
        state: normalized(fake.objects()),
    }
}

async fn run_driver(scenario: &Scenario, function: &str, kind: &str) -> Outcome {
    let fake = seed().start().await;
    let kubeconfig = support::spec_file(
        &format!("differential-{}", scenario.label.replace(' ', "-")),
        format!(
            "apiVersion: v1\nkind: Config\nclusters: [{{name: fake, cluster: {{server: \"{}\"}}}}]\n\
             users: [{{name: fake, user: {{token: differential}}}}]\n\
             contexts: [{{name: fake, context: {{cluster: fake, user: fake}}}}]\ncurrent-context: fake\n",
            fake.uri()
        ),
    );
    // A driver that never returns (a watch the fake ends at once is opened
    // again and again) fails its scenario rather than the run.
    let driven = support::differential::run_activity_in(
        support::differential::Activity {
            function,
            kind,
            arguments: scenario.arguments.clone(),
            configuration: Value::Null,
            secrets: Value::Null,
        },
        vec![("KUBECONFIG".to_string(), kubeconfig)],
    )
    .await;
    Outcome {
        failed: driven.failed,
        value: driven.value,
        error: driven.error,
        state: normalized(fake.objects()),
    }
}

/// Objects without what differs between any two writes (versions, times).
fn normalized(objects: Vec<Value>) -> Vec<Value> {
    objects
        .into_iter()
        .map(|mut object| {
            if let Some(meta) = object["metadata"].as_object_mut() {
                for key in ["resourceVersion", "generation", "managedFields"] {
                    meta.remove(key);
                }
            }
            if let Some(annotations) = object
                .pointer_mut("/spec/template/metadata/annotations")
                .and_then(Value::as_object_mut)
            {
                annotations.remove("kubectl.kubernetes.io/restartedAt");
            }
            object
        })
        .collect()
}

/// The first object that differs between two states, named.
fn state_difference(ours: &[Value], theirs: &[Value]) -> String {
    let key = |o: &Value| {
        format!(
            "{}/{}/{}",
            o["kind"].as_str().unwrap_or(""),
            o["metadata"]["namespace"].as_str().unwrap_or(""),
            o["metadata"]["name"].as_str().unwrap_or("")
        )
    };
    let index = |state: &[Value]| -> BTreeMap<String, Value> {
        state.iter().map(|o| (key(o), o.clone())).collect()
    };
    let (ours, theirs) = (index(ours), index(theirs));
    for (name, object) in &ours {
        match theirs.get(name) {
            None => return format!("{name} left by kallisti only"),
            Some(other) if other != object => {
                return format!("{name}: kallisti {object} vs driver {other}")
            }
            Some(_) => {}
        }
    }
    match theirs.keys().find(|k| !ours.contains_key(*k)) {
        Some(name) => format!("{name} left by the driver only"),
        None => "same objects".into(),
    }
}

/// How two outcomes differ, or `None` when they agree.
fn difference(ours: &Outcome, theirs: &Outcome) -> Option<String> {
    if ours.failed != theirs.failed {
        return Some(format!(
            "failure: kallisti {} ({}), driver {} ({})",
            if ours.failed { "failed" } else { "succeeded" },
            ours.error,
            if theirs.failed { "failed" } else { "succeeded" },
            theirs.error
        ));
    }
    if ours.state != theirs.state {
        return Some(format!(
            "state after: {}",
            state_difference(&ours.state, &theirs.state)
        ));
    }
    // The Istio driver's envelope carries the HTTP response headers (a
    // date among them): its status and body are what must agree.
    let without_headers = |value: &Value| {
        let mut value = value.clone();
        if let Some(envelope) = value.as_object_mut().filter(|o| o.contains_key("body")) {
            envelope.remove("headers");
        }
        value
    };
    if !ours.failed && without_headers(&ours.value) != without_headers(&theirs.value) {
        return Some(format!(
            "value: kallisti {} vs driver {}",
            ours.value, theirs.value
        ));
    }
    None
}

/// Every `k8s` and `istio` action of the catalog is compared by some
/// scenario or listed as not comparable: a new action needs one or the
/// other.
#[test]
fn every_k8s_and_istio_action_is_compared_or_listed() {
    let compared: Vec<&str> = scenarios().iter().map(|s| s.action).collect();
    let uncovered: Vec<String> = driver_functions()
        .into_keys()
        .filter(|a| a.starts_with("k8s.") || a.starts_with("istio."))
        .filter(|a| !compared.contains(&a.as_str()))
        .filter(|a| !NOT_COMPARABLE.iter().any(|(n, _)| n == a))
        .collect();
    assert!(
        uncovered.is_empty(),
        "actions with no scenario: {uncovered:?}"
    );
    for (action, _) in NOT_COMPARABLE {
        assert!(
            !compared.contains(action),
            "{action} is compared and listed as not comparable"
        );
    }
    // Each deviation is stated in the action's own doc.
    let all = scenarios();
    for (label, _) in DEVIATIONS {
        let action = all
            .iter()
            .find(|s| s.label == *label)
            .map(|s| s.action)
            .unwrap_or_else(|| panic!("no scenario {label:?}"));
        let doc = kallisti::catalog::find_action(action).map_or("", |a| a.doc);
        assert!(
            doc.to_lowercase().contains("driver"),
            "{action} ({label:?}) deviates from the driver, and its doc does not say so: {doc}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn kallisti_and_the_chaos_toolkit_driver_agree() {
    let functions = driver_functions();
    // Four scenarios at a time: most of the time goes to starting Python.
    let compared: Vec<(Scenario, Option<String>)> = futures_util::stream::iter(scenarios())
        .map(|scenario| {
            let (function, kind) = functions
                .get(scenario.action)
                .unwrap_or_else(|| panic!("{} has no driver function", scenario.action))
                .clone();
            async move {
                let ours = run_kallisti(&scenario).await;
                let theirs = run_driver(&scenario, &function, &kind).await;
                let differs = difference(&ours, &theirs);
                (scenario, differs)
            }
        })
        .buffered(4)
        .collect()
        .await;
    let mut verdicts = support::differential::Verdicts::new(DEVIATIONS);
    for (scenario, differs) in compared {
        verdicts.record(scenario.label, scenario.action, differs, || "agrees".into());
    }
    for (action, why) in NOT_COMPARABLE {
        verdicts.not_comparable(action, why);
    }
    verdicts.finish("k8s differential");
}
