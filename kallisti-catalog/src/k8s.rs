//! `k8s`: Kubernetes (the Chaos Toolkit driver's actions and probes, and Chaos Mesh's).

use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The arguments every `k8s` and `istio` step takes: where the API server is
/// and how to authenticate.
pub const K8S_COMMON: &[ArgSpec] = &[
        ArgSpec::optional("k8s_api_host", ArgType::String, "null")
            .doc("The API server, e.g. `https://10.0.0.1:6443` (default: kubeconfig or in-cluster)."),
        ArgSpec::optional("platform", ArgType::String, "\"k8s\"")
            .doc("`k8s`, or `eks` (endpoint and token from EKS and STS)."),
        ArgSpec::optional("cluster_name", ArgType::String, "null").doc("The EKS cluster (with `platform: eks`)."),
        ArgSpec::optional("region", ArgType::String, "null").doc("The EKS cluster's region."),
        ArgSpec::optional("role", ArgType::String, "null").doc("An AWS role to assume for EKS."),
        ArgSpec::optional("credentials", ArgType::Mapping, "null")
            .doc("A token (bearer) or user-name/password (basic) credential (default: the service-account token)."),
    ];

/// The `k8s` namespace.
pub static K8S: NamespaceSpec = NamespaceSpec {
    name: "k8s",
    feature: "k8s",
    common_args: K8S_COMMON,
    actions: &[
        ActionSpec::action(
            "add_latency",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null"),
                ArgSpec::optional("mode", ArgType::String, "\"one\""),
                ArgSpec::optional("mode_value", ArgType::Any, "null"),
                ArgSpec::optional("direction", ArgType::String, "\"to\""),
                ArgSpec::optional("latency", ArgType::Any, "null"),
                ArgSpec::optional("correlation", ArgType::Any, "null"),
                ArgSpec::optional("jitter", ArgType::Any, "null"),
                ArgSpec::optional("external_targets", ArgType::Any, "null"),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\""),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null"),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates a Chaos Mesh NetworkChaos that delays the traffic of the selected pods (Chaos Mesh must be installed)."),
        ActionSpec::probe(
            "all_microservices_healthy",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("object")
        .doc("Deprecated (use `pods_in_phase` or `deployment_available_and_healthy`): true when no pod of `ns` is failed or not ready."),
        ActionSpec::action(
            "all_nodes_must_be_ready_to_schedule",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("True when every node (or those matching `label_selector`) reports Ready and is not cordoned."),
        ActionSpec::action(
            "allow_dns_access",
            &[
                ArgSpec::optional("label_selectors", ArgType::Mapping, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Adds a network policy that lets the pods of `ns` (or those matching `label_selectors`) reach DNS on port 53."),
        ActionSpec::action(
            "apply_from_json",
            &[
                ArgSpec::optional("resource", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates or updates the object written as a JSON string in `resource`, whatever its kind."),
        ActionSpec::action(
            "apply_from_yaml",
            &[
                ArgSpec::optional("resource", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates or updates the object written as a YAML string in `resource`, whatever its kind."),
        ActionSpec::action(
            "cordon_node",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("list")
        .doc("Marks the nodes picked by `name` or `label_selector` unschedulable; their running pods stay."),
        ActionSpec::action(
            "corrupt_packets",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null"),
                ArgSpec::optional("mode", ArgType::String, "\"one\""),
                ArgSpec::optional("mode_value", ArgType::Any, "null"),
                ArgSpec::optional("direction", ArgType::String, "\"to\""),
                ArgSpec::optional("corrupt", ArgType::Any, "null"),
                ArgSpec::optional("correlation", ArgType::Any, "null"),
                ArgSpec::optional("external_targets", ArgType::Any, "null"),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\""),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null"),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates a Chaos Mesh NetworkChaos that corrupts a share of the selected pods' packets."),
        ActionSpec::probe(
            "count_min_pods",
            &[
                ArgSpec::required("label_selector", ArgType::String),
                ArgSpec::optional("phase", ArgType::String, "\"Running\""),
                ArgSpec::optional("min_count", ArgType::Integer, "2"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("boolean")
        .doc("True when at least `min_count` pods match `label_selector` in `ns` (in `phase`, when given)."),
        ActionSpec::probe(
            "count_pods",
            &[
                ArgSpec::required("label_selector", ArgType::String),
                ArgSpec::optional("phase", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("integer")
        .doc("How many pods of `ns` match `label_selector` (and `phase`, when given)."),
        ActionSpec::action(
            "create_cluster_custom_object",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::optional("resource", ArgType::Mapping, "null"),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates a cluster-scoped custom object from `resource` (or `resource_as_yaml_file`); its CRD has to be installed."),
        ActionSpec::action(
            "create_custom_object",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("resource", ArgType::Mapping, "null"),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates a namespaced custom object from `resource` (or `resource_as_yaml_file`) in `ns`; a missing CRD makes the step fail (404)."),
        ActionSpec::action(
            "create_daemon_set",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Creates the daemon set read from the JSON or YAML file at `spec_path` in `ns`."),
        ActionSpec::action(
            "create_deployment",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Creates the deployment read from the JSON or YAML file at `spec_path` in `ns`."),
        ActionSpec::action(
            "create_ingress",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Creates the ingress read from the JSON or YAML file at `spec_path` in `ns`."),
        ActionSpec::action(
            "create_namespace",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("spec_path", ArgType::String, "null"),
            ],
        )
        .doc("Creates a namespace named `name`, or the one read from the JSON or YAML file at `spec_path`."),
        ActionSpec::action(
            "create_network_policy",
            &[
                ArgSpec::optional("spec", ArgType::Mapping, "null"),
                ArgSpec::optional("spec_path", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Creates a network policy in `ns` from `spec`, or from the JSON or YAML file at `spec_path`."),
        ActionSpec::action(
            "create_node",
            &[
                ArgSpec::optional("meta", ArgType::Mapping, "null"),
                ArgSpec::optional("spec", ArgType::Mapping, "null"),
            ],
        )
        .returns("object")
        .doc("Registers a node object from `meta` and `spec` (the cluster's own machinery must back it)."),
        ActionSpec::action(
            "create_secret",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Creates the secret read from the JSON or YAML file at `spec_path` in `ns`."),
        ActionSpec::action(
            "create_service_endpoint",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Creates the service read from the JSON or YAML file at `spec_path` in `ns`."),
        ActionSpec::action(
            "create_statefulset",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Creates the stateful set read from the JSON or YAML file at `spec_path` in `ns`."),
        ActionSpec::action(
            "daemon_set_available_and_healthy",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("True when the daemon set `name` in `ns` has every scheduled pod ready and up to date."),
        ActionSpec::action(
            "daemon_set_fully_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("timeout", ArgType::Integer, "30"),
            ],
        )
        .returns("boolean")
        .doc("Waits (up to `timeout` s) until every desired pod of daemon set `name` is available; fails after that."),
        ActionSpec::action(
            "daemon_set_not_fully_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("timeout", ArgType::Integer, "30"),
            ],
        )
        .returns("boolean")
        .doc("Waits (up to `timeout` s) until daemon set `name` has some desired pod unavailable; fails after that."),
        ActionSpec::action(
            "daemon_set_partially_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("True when daemon set `name` has at least one pod available."),
        ActionSpec::action(
            "delete_cluster_custom_object",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::required("name", ArgType::String),
            ],
        )
        .returns("mapping")
        .doc("Deletes the cluster-scoped custom object `name` of the given group, version and plural."),
        ActionSpec::action(
            "delete_custom_object",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("Deletes the custom object `name` of the given group, version and plural in `ns`."),
        ActionSpec::action(
            "delete_daemon_set",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .doc("Deletes the daemon sets named `name` or matching `label_selector` in `ns`."),
        ActionSpec::action(
            "delete_deployment",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .doc("Deletes the deployments named `name` or matching `label_selector` in `ns`; none found is not an error."),
        ActionSpec::action(
            "delete_ingress",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Deletes the ingress `name` in `ns`."),
        ActionSpec::action(
            "delete_namespace",
            &[
                ArgSpec::required("name", ArgType::String),
            ],
        )
        .doc("Deletes the namespace `name` (and with it everything in it)."),
        ActionSpec::action(
            "delete_network_fault",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("Deletes the Chaos Mesh NetworkChaos `name` in `ns`, ending its fault."),
        ActionSpec::action(
            "delete_nodes",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("all", ArgType::Boolean, "false"),
                ArgSpec::optional("rand", ArgType::Boolean, "false"),
                ArgSpec::optional("count", ArgType::Integer, "null"),
                ArgSpec::optional("grace_period_seconds", ArgType::Integer, "null"),
                ArgSpec::optional("pod_label_selector", ArgType::String, "null"),
                ArgSpec::optional("pod_namespace", ArgType::String, "null"),
            ],
        )
        .returns("list")
        .doc("Deletes the nodes picked by `label_selector` (all, `count` of them, or one at random) after a grace period."),
        ActionSpec::action(
            "delete_replica_set",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .doc("Deletes the replica sets named `name` or matching `label_selector` in `ns`; none found is not an error."),
        ActionSpec::action(
            "delete_secret",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Deletes the secret `name` in `ns`."),
        ActionSpec::action(
            "delete_service",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Deletes the service `name` in `ns`."),
        ActionSpec::action(
            "delete_stressor",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("Deletes the Chaos Mesh StressChaos `name` in `ns`, ending its load."),
        ActionSpec::action(
            "deny_all_egress",
            &[
                ArgSpec::optional("label_selectors", ArgType::Mapping, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Adds a network policy that blocks all outgoing traffic of the pods of `ns` (or those matching `label_selectors`)."),
        ActionSpec::action(
            "deny_all_ingress",
            &[
                ArgSpec::optional("label_selectors", ArgType::Mapping, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Adds a network policy that blocks all incoming traffic to the pods of `ns` (or those matching `label_selectors`)."),
        ActionSpec::action(
            "deployment_available_and_healthy",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("raise_on_unavailable", ArgType::Boolean, "true"),
            ],
        )
        .returns("object")
        .doc("True when deployment `name` in `ns` (narrowed by `label_selector`) has all its replicas ready."),
        ActionSpec::action(
            "deployment_fully_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("timeout", ArgType::Integer, "30"),
                ArgSpec::optional("raise_on_not_fully_available", ArgType::Boolean, "true"),
            ],
        )
        .returns("object")
        .doc("Waits (up to `timeout` s) until every replica of deployment `name` is available; fails after that."),
        ActionSpec::probe(
            "deployment_is_fully_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("timeout", ArgType::Integer, "30"),
            ],
        )
        .doc("Deprecated (use `deployment_fully_available`): waits until every replica of the deployment is available."),
        ActionSpec::probe(
            "deployment_is_not_fully_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("timeout", ArgType::Integer, "30"),
            ],
        )
        .doc("Deprecated (use `deployment_not_fully_available`): waits until the deployment lacks an available replica."),
        ActionSpec::action(
            "deployment_not_fully_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("timeout", ArgType::Integer, "30"),
                ArgSpec::optional("raise_on_fully_available", ArgType::Boolean, "true"),
            ],
        )
        .returns("object")
        .doc("Waits (up to `timeout` s) until deployment `name` lacks an available replica; fails after that."),
        ActionSpec::action(
            "deployment_partially_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("raise_on_not_partially_available", ArgType::Boolean, "true"),
            ],
        )
        .returns("object")
        .doc("True when deployment `name` has at least one replica available; otherwise the step fails."),
        ActionSpec::action(
            "drain_nodes",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("delete_pods_with_local_storage", ArgType::Boolean, "false"),
                ArgSpec::optional("timeout", ArgType::Integer, "120"),
                ArgSpec::optional("count", ArgType::Integer, "null"),
                ArgSpec::optional("pod_label_selector", ArgType::String, "null"),
                ArgSpec::optional("pod_namespace", ArgType::String, "null"),
            ],
        )
        .returns("list")
        .doc("Cordons the picked nodes and evicts their pods; pods no controller owns are refused unless forced, as `kubectl drain` does."),
        ActionSpec::action(
            "duplicate_packets",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null"),
                ArgSpec::optional("mode", ArgType::String, "\"one\""),
                ArgSpec::optional("mode_value", ArgType::Any, "null"),
                ArgSpec::optional("direction", ArgType::String, "\"to\""),
                ArgSpec::optional("duplicate", ArgType::Any, "null"),
                ArgSpec::optional("correlation", ArgType::Any, "null"),
                ArgSpec::optional("external_targets", ArgType::Any, "null"),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\""),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null"),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates a Chaos Mesh NetworkChaos that sends a share of the selected pods' packets twice."),
        ActionSpec::action(
            "exec_in_pods",
            &[
                ArgSpec::required("cmd", ArgType::Any),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("name_pattern", ArgType::String, "null"),
                ArgSpec::optional("all", ArgType::Boolean, "false"),
                ArgSpec::optional("rand", ArgType::Boolean, "false"),
                ArgSpec::optional("mode", ArgType::String, "\"fixed\""),
                ArgSpec::optional("qty", ArgType::Integer, "1"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("order", ArgType::String, "\"alphabetic\""),
                ArgSpec::optional("container_name", ArgType::String, "null"),
                ArgSpec::optional("request_timeout", ArgType::Integer, "60"),
            ],
        )
        .returns("list")
        .doc("Runs `cmd` in the chosen pods (by label and/or name pattern, all, `qty` or at random) and returns what each printed."),
        ActionSpec::action(
            "get_all_node_status_conditions",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("list")
        .doc("The status conditions of every node (or those matching `label_selector`), one entry per node."),
        ActionSpec::probe(
            "get_cluster_custom_object",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::required("name", ArgType::String),
            ],
        )
        .returns("mapping")
        .doc("The cluster-scoped custom object `name` of the given group, version and plural."),
        ActionSpec::probe(
            "get_custom_object",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("The custom object `name` of the given group, version and plural in `ns`."),
        ActionSpec::probe(
            "get_events",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("field_selector", ArgType::String, "null"),
                ArgSpec::optional("limit", ArgType::Integer, "100"),
            ],
        )
        .returns("mapping")
        .doc("The cluster's events, narrowed by `label_selector` and `field_selector` when given."),
        ActionSpec::probe(
            "get_network_fault",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("The Chaos Mesh NetworkChaos `name` in `ns`."),
        ActionSpec::probe(
            "get_network_faults",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("Every Chaos Mesh NetworkChaos in `ns`."),
        ActionSpec::action(
            "get_nodes",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .doc("The node list, narrowed by `label_selector` when given."),
        ActionSpec::probe(
            "get_stressor",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("The Chaos Mesh StressChaos `name` in `ns`."),
        ActionSpec::probe(
            "get_stressors",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("Every Chaos Mesh StressChaos in `ns`."),
        ActionSpec::action(
            "ingress_exists",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("boolean")
        .doc("True when the ingress `name` exists in `ns`, false otherwise."),
        ActionSpec::action(
            "kill_microservice",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\""),
            ],
        )
        .doc("Deprecated (use `delete_deployment` and `terminate_pods`): deletes deployment `name`, its replica sets and its pods."),
        ActionSpec::probe(
            "list_cluster_custom_objects",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
            ],
        )
        .returns("list")
        .doc("Every cluster-scoped custom object of the given group, version and plural."),
        ActionSpec::probe(
            "list_custom_objects",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("list")
        .doc("Every custom object of the given group, version and plural in `ns`."),
        ActionSpec::probe(
            "microservice_available_and_healthy",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("object")
        .doc("Deprecated (use `deployment_available_and_healthy`): true when the deployment has all its replicas ready."),
        ActionSpec::probe(
            "microservice_is_not_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\""),
            ],
        )
        .returns("boolean")
        .doc("Deprecated (use `pod_is_not_available`): true when no pod labelled `name` is running."),
        ActionSpec::action(
            "namespace_exists",
            &[
                ArgSpec::required("name", ArgType::String),
            ],
        )
        .returns("boolean")
        .doc("True when the namespace `name` exists, false otherwise."),
        ActionSpec::action(
            "nodes_must_be_healthy",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("True when no node reports memory, disk or PID pressure or a network problem, and every node is Ready."),
        ActionSpec::action(
            "patch_cluster_custom_object",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("force", ArgType::Boolean, "false"),
                ArgSpec::optional("resource", ArgType::Mapping, "null"),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Applies `resource` to the cluster-scoped custom object `name` (server-side apply; `force` takes over conflicting fields)."),
        ActionSpec::action(
            "patch_custom_object",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("force", ArgType::Boolean, "false"),
                ArgSpec::optional("resource", ArgType::Mapping, "null"),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Applies `resource` to the custom object `name` in `ns` (server-side apply; `force` takes over conflicting fields)."),
        ActionSpec::probe(
            "pod_is_not_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\""),
                ArgSpec::optional("raise_on_is_available", ArgType::Boolean, "true"),
            ],
        )
        .returns("boolean")
        .doc("True when no pod labelled `name` is running in `ns`; with `raise_on_is_available` false, false instead of failing."),
        ActionSpec::probe(
            "pods_in_conditions",
            &[
                ArgSpec::required("label_selector", ArgType::String),
                ArgSpec::required("conditions", ArgType::List),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("raise_on_invalid_conditions", ArgType::Boolean, "true"),
            ],
        )
        .returns("boolean")
        .doc("True when every pod matching `label_selector` in `ns` has each condition of `conditions` with the status asked."),
        ActionSpec::probe(
            "pods_in_phase",
            &[
                ArgSpec::required("label_selector", ArgType::String),
                ArgSpec::optional("phase", ArgType::String, "\"Running\""),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("raise_on_invalid_phase", ArgType::Boolean, "true"),
            ],
        )
        .returns("boolean")
        .doc("True when every pod matching `label_selector` in `ns` is in `phase` (default Running)."),
        ActionSpec::probe(
            "pods_not_in_phase",
            &[
                ArgSpec::required("label_selector", ArgType::String),
                ArgSpec::optional("phase", ArgType::String, "\"Running\""),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("raise_on_in_phase", ArgType::Boolean, "true"),
            ],
        )
        .returns("boolean")
        .doc("True when no pod matching `label_selector` in `ns` is in `phase` (default Running)."),
        ActionSpec::probe(
            "read_microservices_logs",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("last", ArgType::Any, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("from_previous", ArgType::Boolean, "false"),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\""),
                ArgSpec::optional("container_name", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("The logs of the pods matching `label_selector` in `ns`, by pod name (since `last` when given; `container_name`, `from_previous` pick which container and run)."),
        ActionSpec::probe(
            "read_pod_logs",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("last", ArgType::Any, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("from_previous", ArgType::Boolean, "false"),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\""),
                ArgSpec::optional("container_name", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("The logs of the pods matching `label_selector` in `ns`, by pod name (since `last` when given; `container_name`, `from_previous` pick which container and run)."),
        ActionSpec::action(
            "remove_allow_dns_access",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Deletes the network policy that `allow_dns_access` added in `ns`."),
        ActionSpec::action(
            "remove_deny_all_egress",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Deletes the network policy that `deny_all_egress` added in `ns`."),
        ActionSpec::action(
            "remove_deny_all_ingress",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Deletes the network policy that `deny_all_ingress` added in `ns`."),
        ActionSpec::action(
            "remove_network_policy",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Deletes the network policy `name` in `ns`."),
        ActionSpec::action(
            "remove_service_endpoint",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Deprecated (use `delete_service`): deletes the service `name` in `ns`."),
        ActionSpec::action(
            "remove_statefulset",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .doc("Deletes the stateful sets named `name` or matching `label_selector` in `ns`; none found is not an error."),
        ActionSpec::action(
            "reorder_packets",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null"),
                ArgSpec::optional("mode", ArgType::String, "\"one\""),
                ArgSpec::optional("mode_value", ArgType::Any, "null"),
                ArgSpec::optional("direction", ArgType::String, "\"to\""),
                ArgSpec::optional("reorder", ArgType::Any, "null"),
                ArgSpec::optional("correlation", ArgType::Any, "null"),
                ArgSpec::optional("gap", ArgType::Any, "null"),
                ArgSpec::optional("external_targets", ArgType::Any, "null"),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\""),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null"),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates a Chaos Mesh NetworkChaos that delivers a share of the selected pods' packets out of order."),
        ActionSpec::action(
            "replace_cluster_custom_object",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("force", ArgType::Boolean, "false"),
                ArgSpec::optional("resource", ArgType::Mapping, "null"),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Replaces the cluster-scoped custom object `name` with `resource`."),
        ActionSpec::action(
            "replace_custom_object",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("force", ArgType::Boolean, "false"),
                ArgSpec::optional("resource", ArgType::Mapping, "null"),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Replaces the custom object `name` in `ns` with `resource`."),
        ActionSpec::action(
            "rollout_deployment",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Restarts deployment `name` in `ns` the way `kubectl rollout restart` does (a new pod template annotation)."),
        ActionSpec::action(
            "scale_deployment",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("replicas", ArgType::Integer),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Sets the replica count of deployment `name` in `ns` to `replicas`."),
        ActionSpec::action(
            "scale_microservice",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("replicas", ArgType::Integer),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Deprecated (use `scale_deployment`): sets the replica count of deployment `name`."),
        ActionSpec::action(
            "scale_statefulset",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("replicas", ArgType::Integer),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Sets the replica count of stateful set `name` in `ns` to `replicas`."),
        ActionSpec::probe(
            "secret_exists",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("True when the secret `name` exists in `ns`, false otherwise."),
        ActionSpec::probe(
            "service_endpoint_is_initialized",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\""),
            ],
        )
        .doc("Deprecated (use `service_is_initialized`): true when the service `name` exists."),
        ActionSpec::action(
            "service_is_initialized",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("raise_if_service_not_initialized", ArgType::Boolean, "true"),
            ],
        )
        .returns("boolean")
        .doc("True when the service `name` (narrowed by `label_selector`) exists in `ns`; otherwise the step fails."),
        ActionSpec::action(
            "set_bandwidth",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("rate", ArgType::String),
                ArgSpec::required("limit", ArgType::Integer),
                ArgSpec::required("buffer", ArgType::Integer),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null"),
                ArgSpec::optional("mode", ArgType::String, "\"one\""),
                ArgSpec::optional("mode_value", ArgType::Any, "null"),
                ArgSpec::optional("direction", ArgType::String, "\"to\""),
                ArgSpec::optional("peakrate", ArgType::Any, "null"),
                ArgSpec::optional("minburst", ArgType::Any, "null"),
                ArgSpec::optional("external_targets", ArgType::Any, "null"),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\""),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null"),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates a Chaos Mesh NetworkChaos that caps the selected pods' bandwidth at `rate`."),
        ActionSpec::action(
            "set_loss",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null"),
                ArgSpec::optional("mode", ArgType::String, "\"one\""),
                ArgSpec::optional("mode_value", ArgType::Any, "null"),
                ArgSpec::optional("direction", ArgType::String, "\"to\""),
                ArgSpec::optional("loss", ArgType::Any, "null"),
                ArgSpec::optional("correlation", ArgType::Any, "null"),
                ArgSpec::optional("external_targets", ArgType::Any, "null"),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\""),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null"),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates a Chaos Mesh NetworkChaos that drops a share of the selected pods' packets."),
        ActionSpec::probe(
            "should_be_found_in_logs",
            &[
                ArgSpec::required("pattern", ArgType::String),
                ArgSpec::optional("all_containers", ArgType::Boolean, "true"),
                ArgSpec::optional("value", ArgType::Mapping, "null"),
            ],
        )
        .returns("boolean")
        .doc("Searches the logs read by `read_pod_logs` for `pattern`; fails when no container printed it."),
        ActionSpec::action(
            "start_microservice",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Deprecated (use `create_deployment`): creates the deployment read from `spec_path`."),
        ActionSpec::probe(
            "statefulset_fully_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("timeout", ArgType::Integer, "30"),
                ArgSpec::optional("raise_on_not_fully_available", ArgType::Boolean, "true"),
            ],
        )
        .doc("Waits (up to `timeout` s) until every replica of stateful set `name` is available; fails after that."),
        ActionSpec::probe(
            "statefulset_not_fully_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("timeout", ArgType::Integer, "30"),
                ArgSpec::optional("raise_on_fully_available", ArgType::Boolean, "true"),
            ],
        )
        .doc("Waits (up to `timeout` s) until stateful set `name` lacks an available replica; fails after that."),
        ActionSpec::action(
            "stress_cpu",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("workers", ArgType::Integer),
                ArgSpec::required("load", ArgType::Integer),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null"),
                ArgSpec::optional("mode", ArgType::String, "\"one\""),
                ArgSpec::optional("mode_value", ArgType::Any, "null"),
                ArgSpec::optional("direction", ArgType::String, "\"to\""),
                ArgSpec::optional("duration", ArgType::String, "\"30s\""),
                ArgSpec::optional("container_names", ArgType::Any, "null"),
                ArgSpec::optional("stressng_stressors", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates a Chaos Mesh StressChaos that keeps `workers` CPU workers busy in the selected pods."),
        ActionSpec::action(
            "stress_memory",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("workers", ArgType::Any, "null"),
                ArgSpec::optional("size", ArgType::Any, "null"),
                ArgSpec::optional("oom_score", ArgType::Any, "null"),
                ArgSpec::optional("time_to_get_to_size", ArgType::Any, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null"),
                ArgSpec::optional("label_selectors", ArgType::Any, "null"),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null"),
                ArgSpec::optional("mode", ArgType::String, "\"one\""),
                ArgSpec::optional("mode_value", ArgType::Any, "null"),
                ArgSpec::optional("direction", ArgType::String, "\"to\""),
                ArgSpec::optional("duration", ArgType::String, "\"30s\""),
                ArgSpec::optional("container_names", ArgType::Any, "null"),
                ArgSpec::optional("stressng_stressors", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Creates a Chaos Mesh StressChaos that has `workers` workers hold memory (`size`) in the selected pods."),
        ActionSpec::action(
            "terminate_pods",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("name_pattern", ArgType::String, "null"),
                ArgSpec::optional("all", ArgType::Boolean, "false"),
                ArgSpec::optional("rand", ArgType::Boolean, "false"),
                ArgSpec::optional("mode", ArgType::String, "\"fixed\""),
                ArgSpec::optional("qty", ArgType::Integer, "1"),
                ArgSpec::optional("grace_period", ArgType::Integer, "-1"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("order", ArgType::String, "\"alphabetic\""),
            ],
        )
        .doc("Deletes pods picked by label and/or name pattern: all, `qty` (a number or a percentage) in `order`, or at random; none matching is not an error."),
        ActionSpec::action(
            "uncordon_node",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("list")
        .doc("Marks the nodes picked by `name` or `label_selector` schedulable again."),
        ActionSpec::action(
            "update_daemon_set",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("spec", ArgType::Mapping),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Replaces the spec of daemon set `name` in `ns` with `spec`."),
        ActionSpec::action(
            "update_ingress",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("spec", ArgType::Mapping),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Replaces the spec of ingress `name` in `ns` with `spec`."),
        ActionSpec::action(
            "verify_nodes_condition",
            &[
                ArgSpec::optional("condition_type", ArgType::String, "\"PIDPressure\""),
                ArgSpec::optional("condition_value", ArgType::String, "\"False\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("True when every node (or those matching `label_selector`) has `condition_type` with `condition_value`."),
    ],
    doc: "Kubernetes: pods, deployments, nodes, services, network policies, custom objects, Chaos Mesh.",
};
