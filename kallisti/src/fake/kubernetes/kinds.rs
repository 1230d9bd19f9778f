//! The kinds the fake serves, with the short names and categories that
//! discovery tells kubectl (`kubectl get deploy`, `kubectl get all`).

use super::Key;

/// A kind the fake serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceKind {
    /// The API group (`""` for core).
    pub group: String,
    /// The version (`v1`).
    pub version: String,
    /// The kind (`Pod`).
    pub kind: String,
    /// The plural in paths (`pods`).
    pub plural: String,
    /// Whether objects live in namespaces.
    pub namespaced: bool,
}

impl ResourceKind {
    pub(super) fn new(
        group: &str,
        version: &str,
        kind: &str,
        plural: &str,
        namespaced: bool,
    ) -> Self {
        ResourceKind {
            group: group.into(),
            version: version.into(),
            kind: kind.into(),
            plural: plural.into(),
            namespaced,
        }
    }

    /// The store's key of an object of this kind.
    pub(super) fn key(&self, ns: &str, name: &str) -> Key {
        let ns = if self.namespaced { ns } else { "" };
        (
            self.group.clone(),
            self.plural.clone(),
            ns.to_string(),
            name.to_string(),
        )
    }

    pub(super) fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

pub(super) fn builtin_kinds() -> Vec<ResourceKind> {
    let mut kinds = vec![
        ResourceKind::new("", "v1", "Pod", "pods", true),
        ResourceKind::new("", "v1", "Service", "services", true),
        ResourceKind::new("", "v1", "Endpoints", "endpoints", true),
        ResourceKind::new("", "v1", "Secret", "secrets", true),
        ResourceKind::new("", "v1", "ConfigMap", "configmaps", true),
        ResourceKind::new("", "v1", "Event", "events", true),
        ResourceKind::new("events.k8s.io", "v1", "Event", "events", true),
        ResourceKind::new("", "v1", "Node", "nodes", false),
        ResourceKind::new("", "v1", "Namespace", "namespaces", false),
        ResourceKind::new("apps", "v1", "Deployment", "deployments", true),
        ResourceKind::new("apps", "v1", "ReplicaSet", "replicasets", true),
        ResourceKind::new("apps", "v1", "DaemonSet", "daemonsets", true),
        ResourceKind::new("apps", "v1", "StatefulSet", "statefulsets", true),
        ResourceKind::new("networking.k8s.io", "v1", "Ingress", "ingresses", true),
        ResourceKind::new(
            "networking.k8s.io",
            "v1",
            "NetworkPolicy",
            "networkpolicies",
            true,
        ),
        ResourceKind::new(
            "policy",
            "v1",
            "PodDisruptionBudget",
            "poddisruptionbudgets",
            true,
        ),
        ResourceKind::new("policy", "v1", "Eviction", "evictions", true),
        ResourceKind::new(
            "rbac.authorization.k8s.io",
            "v1",
            "ClusterRole",
            "clusterroles",
            false,
        ),
    ];
    for version in ["v1alpha3", "v1beta1", "v1"] {
        kinds.push(ResourceKind::new(
            "networking.istio.io",
            version,
            "VirtualService",
            "virtualservices",
            true,
        ));
    }
    for (kind, plural) in [
        ("NetworkChaos", "networkchaos"),
        ("StressChaos", "stresschaos"),
        ("PodChaos", "podchaos"),
        ("IOChaos", "iochaos"),
        ("TimeChaos", "timechaos"),
        ("DNSChaos", "dnschaos"),
        ("HTTPChaos", "httpchaos"),
    ] {
        kinds.push(ResourceKind::new(
            "chaos-mesh.org",
            "v1alpha1",
            kind,
            plural,
            true,
        ));
    }
    kinds
}

/// The short names kubectl accepts for a built-in kind, as a cluster's
/// discovery lists them.
pub(super) fn short_names(group: &str, plural: &str) -> &'static [&'static str] {
    match (group, plural) {
        ("", "pods") => &["po"],
        ("", "services") => &["svc"],
        ("", "endpoints") => &["ep"],
        ("", "configmaps") => &["cm"],
        ("", "events") | ("events.k8s.io", "events") => &["ev"],
        ("", "nodes") => &["no"],
        ("", "namespaces") => &["ns"],
        ("apps", "deployments") => &["deploy"],
        ("apps", "replicasets") => &["rs"],
        ("apps", "daemonsets") => &["ds"],
        ("apps", "statefulsets") => &["sts"],
        ("networking.k8s.io", "ingresses") => &["ing"],
        ("networking.k8s.io", "networkpolicies") => &["netpol"],
        ("policy", "poddisruptionbudgets") => &["pdb"],
        ("networking.istio.io", "virtualservices") => &["vs"],
        _ => &[],
    }
}

/// The categories a built-in kind belongs to: `all` is what `kubectl get
/// all` lists.
pub(super) fn categories(group: &str, plural: &str) -> &'static [&'static str] {
    match (group, plural) {
        ("", "pods" | "services") | ("apps", _) => &["all"],
        ("networking.istio.io", _) => &["istio-io", "networking-istio-io"],
        ("chaos-mesh.org", _) => &["chaos-mesh"],
        _ => &[],
    }
}

/// The fields of `spec` that a kind's schema declares, for the custom kinds
/// whose definition the fake knows: an API server prunes the others from a
/// custom object, as it does under Chaos Mesh's structural schemas.
pub(super) fn spec_fields(group: &str, plural: &str) -> Option<&'static [&'static str]> {
    // The pod selector (`selector`, `mode`, `value`) is inlined in both.
    // `reorder` is kept at the top of a NetworkChaos, where both the driver
    // and kallisti write it, though Chaos Mesh reads it under `delay`.
    match (group, plural) {
        ("chaos-mesh.org", "networkchaos") => Some(&[
            "selector",
            "mode",
            "value",
            "action",
            "direction",
            "target",
            "externalTargets",
            "device",
            "targetDevice",
            "delay",
            "loss",
            "duplicate",
            "corrupt",
            "reorder",
            "bandwidth",
            "rate",
            "duration",
            "remoteCluster",
        ]),
        ("chaos-mesh.org", "stresschaos") => Some(&[
            "selector",
            "mode",
            "value",
            "containerNames",
            "stressors",
            "stressngStressors",
            "duration",
            "remoteCluster",
        ]),
        _ => None,
    }
}
