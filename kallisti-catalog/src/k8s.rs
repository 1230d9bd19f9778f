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
        .doc("Set network delay on a pod. (Chaos Mesh)"),
        ActionSpec::probe(
            "all_microservices_healthy",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("object")
        .doc("!!!DEPRECATED!!!"),
        ActionSpec::action(
            "all_nodes_must_be_ready_to_schedule",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("Verifies that all nodes in the cluster are in `Ready` condition and can be scheduled. You can select a subset of nodes by specifying a `label_selector`."),
        ActionSpec::action(
            "allow_dns_access",
            &[
                ArgSpec::optional("label_selectors", ArgType::Mapping, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Convenient helper rule to DNS access from all pods in a namespace, unless `label_selectors, in which case, only matching pods will be impacted."),
        ActionSpec::action(
            "apply_from_json",
            &[
                ArgSpec::optional("resource", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Apply the given custom resource, given as a JSON string, to the cluster."),
        ActionSpec::action(
            "apply_from_yaml",
            &[
                ArgSpec::optional("resource", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Apply the given custom resource, given as a YAML string, to the cluster."),
        ActionSpec::action(
            "cordon_node",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("list")
        .doc("Cordon nodes matching the given label or name, so that no pods are scheduled on them any longer."),
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
        .doc("Corrupt network packets on a pod. (Chaos Mesh)"),
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
        .doc("Check if minimum number of pods are running."),
        ActionSpec::probe(
            "count_pods",
            &[
                ArgSpec::required("label_selector", ArgType::String),
                ArgSpec::optional("phase", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("integer")
        .doc("Count the number of pods matching the given selector in a given `phase`, if one is given."),
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
        .doc("Delete a custom object in the given namespace."),
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
        .doc("Create a custom object in the given namespace. Its custom resource definition must already exists or this will fail with a 404."),
        ActionSpec::action(
            "create_daemon_set",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Create a daemon set described by the daemon set spec, which must be the path to the JSON or YAML representation of the daemon_set."),
        ActionSpec::action(
            "create_deployment",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Create a deployment described by the deployment config, which must be the path to the JSON or YAML representation of the deployment."),
        ActionSpec::action(
            "create_ingress",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Create an ingress object from the specified spec_path, which must be the path to the JSON or YAML representation of the ingress."),
        ActionSpec::action(
            "create_namespace",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("spec_path", ArgType::String, "null"),
            ],
        )
        .doc("Create a namespace from the specified spec_path, which must be the path to the JSON or YAML representation of the namespace."),
        ActionSpec::action(
            "create_network_policy",
            &[
                ArgSpec::optional("spec", ArgType::Mapping, "null"),
                ArgSpec::optional("spec_path", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Create a network policy in the given namespace eitehr from the definition as `spec` or from a file containing the definition at `spec_path`."),
        ActionSpec::action(
            "create_node",
            &[
                ArgSpec::optional("meta", ArgType::Mapping, "null"),
                ArgSpec::optional("spec", ArgType::Mapping, "null"),
            ],
        )
        .returns("object")
        .doc("Create one new node in the cluster."),
        ActionSpec::action(
            "create_secret",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Create a secret endpoint described by the secret config, which must be the path to the JSON or YAML representation of the secret."),
        ActionSpec::action(
            "create_service_endpoint",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Create a service endpoint described by the service config, which must be the path to the JSON or YAML representation of the service."),
        ActionSpec::action(
            "create_statefulset",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Create a statefulset described by the service config, which must be the path to the JSON or YAML representation of the statefulset."),
        ActionSpec::action(
            "daemon_set_available_and_healthy",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("Lookup a daemon set by `name` in the namespace `ns`."),
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
        .doc("Wait until all the daemon set expected replicas are available. Once this state is reached, return `True`. If the state is not reached after `timeout` seconds, return `False`"),
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
        .doc("Wait until the daemon set gets into an intermediate state where not all expected replicas are available. Once this state is reached, return `True`. If the state is not reached after `timeout` seconds, return `False`."),
        ActionSpec::action(
            "daemon_set_partially_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("Check whether if the given daemon set state is ready or at-least partially ready. Return `True` if dameon set is partially available, otherwise `False`"),
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
        .doc("Delete a custom object cluster wide."),
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
        .doc("Create a custom object cluster wide. Its custom resource definition must already exists or this will fail with a 404."),
        ActionSpec::action(
            "delete_daemon_set",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .doc("Delete a daemon set by `name` or `label_selector` in the namespace `ns`."),
        ActionSpec::action(
            "delete_deployment",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .doc("Delete a deployment by `name` or `label_selector` in the namespace `ns`."),
        ActionSpec::action(
            "delete_ingress",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Remove the given ingress"),
        ActionSpec::action(
            "delete_namespace",
            &[
                ArgSpec::required("name", ArgType::String),
            ],
        )
        .doc("Remove the given namespace"),
        ActionSpec::action(
            "delete_network_fault",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("Remove a Chaos Mesh network fault. (Chaos Mesh)"),
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
        .doc("Delete nodes gracefully. Select the appropriate nodes by label."),
        ActionSpec::action(
            "delete_replica_set",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .doc("Delete a replica set by `name` or `label_selector` in the namespace `ns`."),
        ActionSpec::action(
            "delete_secret",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Remove the given secret"),
        ActionSpec::action(
            "delete_service",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Remove the given service"),
        ActionSpec::action(
            "delete_stressor",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("Remove a Chaos Mesh stressor. (Chaos Mesh)"),
        ActionSpec::action(
            "deny_all_egress",
            &[
                ArgSpec::optional("label_selectors", ArgType::Mapping, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Convenient helper rule to deny all egress network from all pods in a namespace, unless `label_selectors, in which case, only matching pods will be impacted."),
        ActionSpec::action(
            "deny_all_ingress",
            &[
                ArgSpec::optional("label_selectors", ArgType::Mapping, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Convenient helper policy to deny ingress network to all pods in a namespace, unless `label_selectors, in which case, only matching pods will be impacted."),
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
        .doc("Lookup a deployment by `name` in the namespace `ns`."),
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
        .doc("Wait until all the deployment expected replicas are available. Once this state is reached, return `True`. If the state is not reached after `timeout` seconds, a :exc:`chaoslib.exceptions.ActivityFailed` exception is raised."),
        ActionSpec::probe(
            "deployment_is_fully_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("timeout", ArgType::Integer, "30"),
            ],
        )
        .doc("!!!DEPRECATED!!!"),
        ActionSpec::probe(
            "deployment_is_not_fully_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("timeout", ArgType::Integer, "30"),
            ],
        )
        .doc("!!!DEPRECATED!!!"),
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
        .doc("Wait until the deployment gets into an intermediate state where not all expected replicas are available. Once this state is reached, return `True`. If the state is not reached after `timeout` seconds, a :exc:`chaoslib.exceptions.ActivityFailed` exception is raised."),
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
        .doc("Check whether if the given deployment state is ready or at-least partially ready. Raises :exc:`chaoslib.exceptions.ActivityFailed` when the state is not as expected. Unless `raise_on_not_partially_available` is set to `False` which means the probe will return `False` rather than raise the exception."),
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
        .doc("Drain nodes matching the given label or name, so that no pods are scheduled on them any longer and running pods are evicted."),
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
        .doc("Duplicate network packets on a pod. (Chaos Mesh)"),
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
        .doc("Execute the command `cmd` in the specified pod's container. Select the appropriate pods by label and/or name patterns. Whenever a pattern is provided for the name, all pods retrieved will be filtered out if their name do not match the given pattern."),
        ActionSpec::action(
            "get_all_node_status_conditions",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("list")
        .doc("Get all nodes conditions. You can select a subset of nodes by specifying a `label_selector`."),
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
        .doc("Get a custom object cluster-wide."),
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
        .doc("Get a custom object in the given namespace."),
        ActionSpec::probe(
            "get_events",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
                ArgSpec::optional("field_selector", ArgType::String, "null"),
                ArgSpec::optional("limit", ArgType::Integer, "100"),
            ],
        )
        .returns("mapping")
        .doc("Retrieve Kubernetes events across all namespaces. If a `label_selector` is set, filter to that selector only."),
        ActionSpec::probe(
            "get_network_fault",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("Get a specific Chaos Mesh network fault. (Chaos Mesh)"),
        ActionSpec::probe(
            "get_network_faults",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("List all Chaos Mesh network faults. (Chaos Mesh)"),
        ActionSpec::action(
            "get_nodes",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .doc("List all Kubernetes worker nodes in your cluster. You may filter nodes by specifying a label selector."),
        ActionSpec::probe(
            "get_stressor",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("Get a specific Chaos Mesh CPU/memory stressor. (Chaos Mesh)"),
        ActionSpec::probe(
            "get_stressors",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("mapping")
        .doc("List all Chaos Mesh network CPU/memory stressors. (Chaos Mesh)"),
        ActionSpec::action(
            "ingress_exists",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .returns("boolean")
        .doc("Lookup a ingress by its name and returns False when the ingress was not found."),
        ActionSpec::action(
            "kill_microservice",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\""),
            ],
        )
        .doc("!!!DEPRECATED!!!"),
        ActionSpec::probe(
            "list_cluster_custom_objects",
            &[
                ArgSpec::required("group", ArgType::String),
                ArgSpec::required("version", ArgType::String),
                ArgSpec::required("plural", ArgType::String),
            ],
        )
        .returns("list")
        .doc("List custom objects cluster-wide."),
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
        .doc("List custom objects in the given namespace."),
        ActionSpec::probe(
            "microservice_available_and_healthy",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("object")
        .doc("!!!DEPRECATED!!!"),
        ActionSpec::probe(
            "microservice_is_not_available",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\""),
            ],
        )
        .returns("boolean")
        .doc("!!!DEPRECATED!!!"),
        ActionSpec::action(
            "namespace_exists",
            &[
                ArgSpec::required("name", ArgType::String),
            ],
        )
        .returns("boolean")
        .doc("Lookup a namespace by its name and returns False when the namespace was not found."),
        ActionSpec::action(
            "nodes_must_be_healthy",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("Verifies the state of the following node conditions:"),
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
        .doc("Patch a custom object cluster-wide. The resource must be the updated version to apply. Force will re-acquire conflicting fields owned by others."),
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
        .doc("Patch a custom object in the given namespace. The resource must be the updated version to apply. Force will re-acquire conflicting fields owned by others."),
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
        .doc("Lookup pods with a `name` label set to the given `name` in the specified `ns`."),
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
        .doc("Lookup a pod by `label_selector` in the namespace `ns`."),
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
        .doc("Lookup a pod by `label_selector` in the namespace `ns`."),
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
        .doc("Lookup a pod by `label_selector` in the namespace `ns`."),
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
        .doc("Fetch logs for all the pods with the label `\"name\"` set to `name` and return a dictionary with the keys being the pod's name and the values the logs of said pod. If `name` is not provided, use only the `label_selector` instead."),
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
        .doc("Fetch logs for all the pods with the label `\"name\"` set to `name` and return a dictionary with the keys being the pod's name and the values the logs of said pod. If `name` is not provided, use only the `label_selector` instead."),
        ActionSpec::action(
            "remove_allow_dns_access",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Remove the rule set by the `allow_dns_access` action."),
        ActionSpec::action(
            "remove_deny_all_egress",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Remove the rule set by the `deny_all_egress` action."),
        ActionSpec::action(
            "remove_deny_all_ingress",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Remove the rule set by the `deny_all_ingress` action."),
        ActionSpec::action(
            "remove_network_policy",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Create a network policy in the given namespace eitehr from the definition as `spec` or from a file containing the definition at `spec_path`."),
        ActionSpec::action(
            "remove_service_endpoint",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("!!!DEPRECATED!!!"),
        ActionSpec::action(
            "remove_statefulset",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .doc("Remove a statefulset by `name` or `label_selector` in the namespace `ns`."),
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
        .doc("Reorder network packets on a pod. (Chaos Mesh)"),
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
        .doc("Replace a custom object in the given namespace. The resource must be the new version to apply."),
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
        .doc("Replace a custom object in the given namespace. The resource must be the new version to apply."),
        ActionSpec::action(
            "rollout_deployment",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Rolling the deployment. The `name` is the name of the deployment."),
        ActionSpec::action(
            "scale_deployment",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("replicas", ArgType::Integer),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Scale a deployment up or down. The `name` is the name of the deployment."),
        ActionSpec::action(
            "scale_microservice",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("replicas", ArgType::Integer),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("!!!DEPRECATED!!!"),
        ActionSpec::action(
            "scale_statefulset",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("replicas", ArgType::Integer),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Scale a stateful set up or down. The `name` is the name of the stateful set."),
        ActionSpec::probe(
            "secret_exists",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("Lookup a secret by its name and returns False when the secret was not found."),
        ActionSpec::probe(
            "service_endpoint_is_initialized",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\""),
            ],
        )
        .doc("!!!DEPRECATED!!!"),
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
        .doc("Lookup a service endpoint by its name and raises :exc:`FailedProbe` when the service was not found or not initialized."),
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
        .doc("Simulate bandwdith on a pod. (Chaos Mesh)"),
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
        .doc("Set network loss on a pod. (Chaos Mesh)"),
        ActionSpec::probe(
            "should_be_found_in_logs",
            &[
                ArgSpec::required("pattern", ArgType::String),
                ArgSpec::optional("all_containers", ArgType::Boolean, "true"),
                ArgSpec::optional("value", ArgType::Mapping, "null"),
            ],
        )
        .returns("boolean")
        .doc("Lookup for the first occurence of `pattern` in the logs of each container fetched by the `read_pod_logs` probe."),
        ActionSpec::action(
            "start_microservice",
            &[
                ArgSpec::required("spec_path", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("!!!DEPRECATED!!!"),
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
        .doc("Wait until all the statefulSet expected replicas are available. Once this state is reached, return `True`. If the state is not reached after `timeout` seconds, a :exc:`chaoslib.exceptions.ActivityFailed` exception is raised."),
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
        .doc("Wait until the statefulSet gets into an intermediate state where not all expected replicas are available. Once this state is reached, return `True`. If the state is not reached after `timeout` seconds, a :exc:`chaoslib.exceptions.ActivityFailed` exception is raised."),
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
        .doc("Stress the CPU to impact a process/container. (Chaos Mesh)"),
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
        .doc("Stress the memory to impact a process/container. (Chaos Mesh)"),
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
        .doc("Terminate a pod gracefully. Select the appropriate pods by label and/or name patterns. Whenever a pattern is provided for the name, all pods retrieved will be filtered out if their name do not match the given pattern."),
        ActionSpec::action(
            "uncordon_node",
            &[
                ArgSpec::optional("name", ArgType::String, "null"),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("list")
        .doc("Uncordon nodes matching the given label name, so that pods can be scheduled on them again."),
        ActionSpec::action(
            "update_daemon_set",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("spec", ArgType::Mapping),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Update the specification of the targeted daemon set according to spec."),
        ActionSpec::action(
            "update_ingress",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("spec", ArgType::Mapping),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
            ],
        )
        .doc("Update the specification of the targeted ingress according to spec."),
        ActionSpec::action(
            "verify_nodes_condition",
            &[
                ArgSpec::optional("condition_type", ArgType::String, "\"PIDPressure\""),
                ArgSpec::optional("condition_value", ArgType::String, "\"False\""),
                ArgSpec::optional("label_selector", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("For each select node, verifies that the gievn condition is met."),
    ],
    doc: "Kubernetes: pods, deployments, nodes, services, network policies, custom objects, Chaos Mesh.",
};
