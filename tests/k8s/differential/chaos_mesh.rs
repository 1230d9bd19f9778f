//! Scenarios of the Chaos Mesh actions and probes: network faults
//! (`NetworkChaos`) and stressors (`StressChaos`), created, read and
//! deleted as custom objects.

use super::{scenario, Scenario};
use serde_json::json;

/// The network faults: each kind once, with the selector forms and modes
/// the driver reads differently. All but the first name a target, so that
/// the driver's implicit one (see the first's deviation) differs only there.
pub(super) fn network_faults() -> Vec<Scenario> {
    vec![
        scenario(
            "add latency to labelled pods",
            "k8s.add_latency",
            json!({"name": "slow-web", "ns": "shop", "label_selectors": {"app": "web"},
                   "latency": "100ms", "jitter": "10ms", "correlation": "25"}),
        ),
        scenario(
            "add latency, selectors as strings",
            "k8s.add_latency",
            json!({"name": "slow-web", "ns": "shop", "target_label_selectors": "app=db", "namespaces_selectors": "shop,default",
                   "label_selectors": "app=web,tier=front", "annotations_selectors": "team=sre",
                   "latency": "100ms"}),
        ),
        scenario(
            "add latency both ways with a target",
            "k8s.add_latency",
            json!({"name": "slow-db", "ns": "shop", "label_selectors": {"app": "web"}, "direction": "both",
                   "latency": "5ms", "target_mode": "all", "target_label_selectors": {"app": "db"}}),
        ),
        scenario(
            "add latency to external targets",
            "k8s.add_latency",
            json!({"name": "slow-out", "ns": "shop", "target_label_selectors": {"app": "db"}, "label_selectors": {"app": "web"},
                   "external_targets": "example.com,10.0.0.1", "latency": "50ms"}),
        ),
        scenario(
            "set loss on a percentage of pods",
            "k8s.set_loss",
            json!({"name": "lossy", "ns": "shop", "target_label_selectors": {"app": "db"}, "label_selectors": {"app": "web"},
                   "mode": "fixed-percent", "mode_value": "50", "loss": "25", "correlation": "50"}),
        ),
        scenario(
            "set loss on a fixed number of pods",
            "k8s.set_loss",
            json!({"name": "lossy", "ns": "shop", "target_label_selectors": {"app": "db"}, "label_selectors": {"app": "web"},
                   "mode": "fixed", "mode_value": "2", "loss": "25"}),
        ),
        scenario(
            "duplicate packets",
            "k8s.duplicate_packets",
            json!({"name": "twice", "ns": "shop", "target_label_selectors": {"app": "db"}, "label_selectors": {"app": "web"}, "duplicate": "10"}),
        ),
        scenario(
            "corrupt packets",
            "k8s.corrupt_packets",
            json!({"name": "garbled", "ns": "shop", "target_label_selectors": {"app": "db"}, "label_selectors": {"app": "web"},
                   "corrupt": "5", "correlation": "10"}),
        ),
        scenario(
            "reorder packets",
            "k8s.reorder_packets",
            json!({"name": "shuffled", "ns": "shop", "target_label_selectors": {"app": "db"}, "label_selectors": {"app": "web"},
                   "reorder": "20", "gap": "5", "correlation": "50"}),
        ),
        scenario(
            "set bandwidth",
            "k8s.set_bandwidth",
            json!({"name": "narrow", "ns": "shop", "target_label_selectors": {"app": "db"}, "label_selectors": {"app": "web"},
                   "rate": "1mbps", "limit": 100, "buffer": 10000, "peakrate": 2, "minburst": 3}),
        ),
        scenario(
            "get a network fault",
            "k8s.get_network_fault",
            json!({"ns": "shop", "name": "delay"}),
        ),
        scenario(
            "get a missing network fault",
            "k8s.get_network_fault",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario(
            "list network faults",
            "k8s.get_network_faults",
            json!({"ns": "shop"}),
        ),
        scenario(
            "delete a network fault",
            "k8s.delete_network_fault",
            json!({"ns": "shop", "name": "delay"}),
        ),
        scenario(
            "delete a missing network fault",
            "k8s.delete_network_fault",
            json!({"ns": "shop", "name": "ghost"}),
        ),
    ]
}

/// The stressors: CPU and memory, and the seeded `burn` read and deleted.
pub(super) fn stressors() -> Vec<Scenario> {
    vec![
        scenario(
            "stress the cpu",
            "k8s.stress_cpu",
            json!({"name": "hot-web", "ns": "shop", "workers": 2, "load": 50,
                   "label_selectors": {"app": "web"}}),
        ),
        scenario(
            "stress the cpu of named containers",
            "k8s.stress_cpu",
            json!({"name": "hot-web", "ns": "shop", "workers": 1, "load": 20, "mode": "all",
                   "label_selectors": "app=web", "container_names": "web,sidecar", "duration": "1m",
                   "stressng_stressors": "--cpu 1"}),
        ),
        scenario(
            "stress the memory",
            "k8s.stress_memory",
            json!({"name": "fat-web", "ns": "shop", "workers": 1, "size": "256MB", "oom_score": -100,
                   "time_to_get_to_size": "10s", "label_selectors": {"app": "web"}}),
        ),
        scenario(
            "stress the memory, size only",
            "k8s.stress_memory",
            json!({"name": "fat-web", "ns": "shop", "size": "64MB"}),
        ),
        scenario(
            "get a stressor",
            "k8s.get_stressor",
            json!({"ns": "shop", "name": "burn"}),
        ),
        scenario(
            "get a missing stressor",
            "k8s.get_stressor",
            json!({"ns": "shop", "name": "ghost"}),
        ),
        scenario("list stressors", "k8s.get_stressors", json!({"ns": "shop"})),
        scenario(
            "delete a stressor",
            "k8s.delete_stressor",
            json!({"ns": "shop", "name": "burn"}),
        ),
        scenario(
            "delete a missing stressor",
            "k8s.delete_stressor",
            json!({"ns": "shop", "name": "ghost"}),
        ),
    ]
}
