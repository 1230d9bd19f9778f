//! Scenarios of the object actions with no family of their own: applying
//! a manifest given as text, registering a node, and removing an Istio
//! abort fault.

use super::{scenario, Scenario};
use serde_json::json;

/// A Chaos Mesh PodChaos manifest, as a JSON document.
fn pod_chaos(name: &str) -> serde_json::Value {
    json!({"apiVersion": "chaos-mesh.org/v1alpha1", "kind": "PodChaos",
        "metadata": {"name": name, "namespace": "shop"},
        "spec": {"action": "pod-kill", "mode": "one", "selector": {"labelSelectors": {"app": "web"}}}})
}

pub(super) fn scenarios() -> Vec<Scenario> {
    vec![
        scenario(
            "apply a chaos object from JSON",
            "k8s.apply_from_json",
            json!({"resource": pod_chaos("kill-web").to_string()}),
        ),
        scenario(
            "apply a deployment from JSON",
            "k8s.apply_from_json",
            json!({"resource": json!({"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "api", "namespace": "shop", "labels": {"app": "api"}},
                "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "api"}},
                         "template": {"metadata": {"labels": {"app": "api"}},
                                      "spec": {"containers": [{"name": "api", "image": "api:1"}]}}}})
                .to_string()}),
        ),
        scenario(
            "apply a deployment that exists from YAML",
            "k8s.apply_from_yaml",
            json!({"resource": ([
                "apiVersion: apps/v1",
                "kind: Deployment",
                "metadata: {name: web, namespace: shop}",
                "spec:",
                "  replicas: 2",
                "  selector:",
                "    matchLabels: {app: web}",
                "  template:",
                "    metadata:",
                "      labels: {app: web}",
                "    spec:",
                "      containers:",
                "      - name: web",
                "        image: web:2",
            ].join("\n"))}),
        ),
        scenario(
            "apply a core object from JSON",
            "k8s.apply_from_json",
            json!({"resource": json!({"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": "settings", "namespace": "shop"}, "data": {"mode": "chaos"}}).to_string()}),
        ),
        scenario(
            "apply JSON with no kind",
            "k8s.apply_from_json",
            json!({"resource": json!({"apiVersion": "chaos-mesh.org/v1alpha1",
                "metadata": {"name": "nameless"}}).to_string()}),
        ),
        scenario(
            "create a node",
            "k8s.create_node",
            json!({"meta": {"name": "node-3", "labels": {"zone": "c"}}, "spec": {"unschedulable": true}}),
        ),
        scenario(
            "create a node with a pod CIDR",
            "k8s.create_node",
            json!({"meta": {"name": "node-3"}, "spec": {"podCIDR": "10.0.3.0/24"}}),
        ),
        scenario(
            "create a node that exists",
            "k8s.create_node",
            json!({"meta": {"name": "node-1"}}),
        ),
        scenario(
            "remove an abort fault",
            "istio.remove_abort_fault",
            json!({"ns": "shop", "virtual_service_name": "reviews",
                   "routes": [{"destination": {"host": "reviews", "subset": "v2"}}]}),
        ),
        scenario(
            "remove an abort fault of a missing virtual service",
            "istio.remove_abort_fault",
            json!({"ns": "shop", "virtual_service_name": "ghost",
                   "routes": [{"destination": {"host": "reviews", "subset": "v2"}}]}),
        ),
    ]
}
