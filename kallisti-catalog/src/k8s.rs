//! `k8s`: Kubernetes (the Chaos Toolkit driver's actions and probes, and Chaos Mesh's).

use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The arguments every `k8s` and `istio` step takes: where the API server is
/// and how to authenticate.
pub const K8S_COMMON: &[ArgSpec] = &[
        ArgSpec::optional("k8s_api_host", ArgType::String, "null")
            .doc("The API server, e.g. `https://10.0.0.1:6443` (default: kubeconfig or in-cluster)."),
        ArgSpec::optional("context", ArgType::String, "null")
            .doc("The kubeconfig context to use (default: `KUBERNETES_CONTEXT`, else the current one)."),
        ArgSpec::optional("platform", ArgType::String, "\"k8s\"")
            .choices(&["k8s", "eks"])
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
                ArgSpec::required("name", ArgType::String)
                    .doc("Name of the NetworkChaos object to create."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the NetworkChaos; Chaos Mesh picks pods there unless `namespaces_selectors` says otherwise."),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces to pick pods from, as a list or a comma-separated string."),
                ArgSpec::optional("label_selectors", ArgType::Any, "null")
                    .doc("Labels the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("mode", ArgType::String, "\"one\"")
                    .choices(&["one", "all", "fixed", "fixed-percent", "random-max-percent"])
                    .doc("`one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`: how many selected pods are hit."),
                ArgSpec::optional("mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that the `fixed`, `fixed-percent` and `random-max-percent` modes need (the driver passes it on for `fixed-percent` only)."),
                ArgSpec::optional("direction", ArgType::String, "\"to\"")
                    .choices(&["to", "from", "both"])
                    .doc("`to`, `from` or `both`: direction of the affected traffic relative to the target (`from` and `both` need a target)."),
                ArgSpec::optional("latency", ArgType::Any, "null")
                    .doc("Delay added to each packet, e.g. `100ms`."),
                ArgSpec::optional("correlation", ArgType::Any, "null")
                    .doc("Percentage, as a string such as `25`, by which each packet's fate follows the previous one's."),
                ArgSpec::optional("jitter", ArgType::Any, "null")
                    .doc("Random variation of the delay, e.g. `10ms`."),
                ArgSpec::optional("external_targets", ArgType::Any, "null")
                    .doc("Addresses or domain names outside the cluster whose traffic is affected, as a list or a comma-separated string."),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\"")
                    .doc("How many target pods: `one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`."),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that `target_mode` needs."),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces of the target pods, at the other end of the traffic, as a list or a comma-separated string."),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null")
                    .doc("Labels of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.network.actions")
        .returns("mapping")
        .doc("Creates Chaos Mesh NetworkChaos `name` in `ns` that delays the traffic of the pods its selectors and `mode` pick (Chaos Mesh must be installed); returns the created object. A target is written only when a target selector is given, so the fault otherwise covers all their traffic; the driver always writes one (mode `one`, empty selector), which narrows the fault to the traffic with one pod of `ns`. `mode_value` is written for every mode that takes one; the driver drops it unless the mode is `fixed-percent`."),
        ActionSpec::probe(
            "all_microservices_healthy",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace whose pods are checked."),
            ],
        )
        .chaostoolkit("chaosk8s.probes")
        .returns("object")
        .doc("Deprecated: use `k8s.pods_in_phase`. True when every pod of `ns` is Running or Succeeded; otherwise fails naming the failed and not-ready pods."),
        ActionSpec::action(
            "all_nodes_must_be_ready_to_schedule",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector narrowing the nodes, e.g. `kubernetes.io/os=linux`."),
            ],
        )
        .chaostoolkit("chaosk8s.node.probes")
        .returns("boolean")
        .doc("Checks every node (or those matching `label_selector`): true when the `Ready` condition of each is `True` (a cordoned node still counts), otherwise false, logging the others."),
        ActionSpec::action(
            "allow_dns_access",
            &[
                ArgSpec::optional("label_selectors", ArgType::Mapping, "null")
                    .doc("Labels of the pods the policy applies to, as a `{key: value}` mapping (default: every pod of `ns`)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create the policy in."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Creates the network policy `chaostoolkit-allow-dns` in `ns`, letting the pods matching `label_selectors` send DNS traffic on port 53 to pods of any namespace of the cluster; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "apply_from_json",
            &[
                ArgSpec::optional("resource", ArgType::String, "null")
                    .doc("The object as a JSON string, with `apiVersion`, `kind` and `metadata.name`."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.actions")
        .returns("mapping")
        .doc("Creates the object written as JSON in `resource`, or replaces it when it exists (in its own namespace, else `default`); returns the object as stored. The kind's plural and scope come from the API server's discovery, as kubectl finds them. The driver applies nothing: it sends the text itself, not the object, as the request body (a 400), guesses plurals (`podchaoses`, a 404) and crashes on core objects (`apiVersion: v1`)."),
        ActionSpec::action(
            "apply_from_yaml",
            &[
                ArgSpec::optional("resource", ArgType::String, "null")
                    .doc("The object as a YAML string, with `apiVersion`, `kind` and `metadata.name`."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.actions")
        .returns("mapping")
        .doc("Creates the object written as YAML in `resource`, or replaces it when it exists (in its own namespace, else `default`); returns the object as stored. The kind's plural and scope come from the API server's discovery, as kubectl finds them. The driver applies nothing: it sends the text itself, not the object, as the request body (a 400), guesses plurals (`podchaoses`, a 404) and crashes on core objects (`apiVersion: v1`)."),
        ActionSpec::action(
            "cordon_node",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The node to cordon (or give `label_selector`)."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector picking the nodes instead."),
            ],
        )
        .chaostoolkit("chaosk8s.node.actions")
        .returns("list")
        .doc("Marks node `name`, or the nodes matching `label_selector`, unschedulable while their pods keep running; returns the node names."),
        ActionSpec::action(
            "corrupt_packets",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("Name of the NetworkChaos object to create."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the NetworkChaos; Chaos Mesh picks pods there unless `namespaces_selectors` says otherwise."),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces to pick pods from, as a list or a comma-separated string."),
                ArgSpec::optional("label_selectors", ArgType::Any, "null")
                    .doc("Labels the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("mode", ArgType::String, "\"one\"")
                    .choices(&["one", "all", "fixed", "fixed-percent", "random-max-percent"])
                    .doc("`one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`: how many selected pods are hit."),
                ArgSpec::optional("mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that the `fixed`, `fixed-percent` and `random-max-percent` modes need (the driver passes it on for `fixed-percent` only)."),
                ArgSpec::optional("direction", ArgType::String, "\"to\"")
                    .choices(&["to", "from", "both"])
                    .doc("`to`, `from` or `both`: direction of the affected traffic relative to the target (`from` and `both` need a target)."),
                ArgSpec::optional("corrupt", ArgType::Any, "null")
                    .doc("Percentage of packets to corrupt, as a string such as `40`."),
                ArgSpec::optional("correlation", ArgType::Any, "null")
                    .doc("Percentage, as a string such as `25`, by which each packet's fate follows the previous one's."),
                ArgSpec::optional("external_targets", ArgType::Any, "null")
                    .doc("Addresses or domain names outside the cluster whose traffic is affected, as a list or a comma-separated string."),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\"")
                    .doc("How many target pods: `one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`."),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that `target_mode` needs."),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces of the target pods, at the other end of the traffic, as a list or a comma-separated string."),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null")
                    .doc("Labels of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.network.actions")
        .returns("mapping")
        .doc("Creates Chaos Mesh NetworkChaos `name` in `ns` that corrupts a share of the packets of the pods its selectors and `mode` pick; returns the created object. A target is written only when a target selector is given, so the fault otherwise covers all their traffic; the driver always writes one (mode `one`, empty selector), which narrows the fault to the traffic with one pod of `ns`. `mode_value` is written for every mode that takes one; the driver drops it unless the mode is `fixed-percent`."),
        ActionSpec::probe(
            "count_min_pods",
            &[
                ArgSpec::required("label_selector", ArgType::String)
                    .doc("Label selector of the pods, e.g. `app=web`."),
                ArgSpec::optional("phase", ArgType::String, "\"Running\"")
                    .doc("Pod phase to count: `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`."),
                ArgSpec::optional("min_count", ArgType::Integer, "2")
                    .doc("The smallest number of pods that passes."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
            ],
        )
        .chaostoolkit("chaosk8s.pod.probes")
        .returns("boolean")
        .doc("True when at least `min_count` pods matching `label_selector` in `ns` are in `phase`."),
        ActionSpec::probe(
            "count_pods",
            &[
                ArgSpec::required("label_selector", ArgType::String)
                    .doc("Label selector of the pods, e.g. `app=web`."),
                ArgSpec::optional("phase", ArgType::String, "null")
                    .doc("Only count pods in this phase (default: any phase)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
            ],
        )
        .chaostoolkit("chaosk8s.pod.probes")
        .returns("integer")
        .doc("Returns how many pods of `ns` match `label_selector` and, when given, are in `phase`."),
        ActionSpec::action(
            "create_cluster_custom_object",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::optional("resource", ArgType::Mapping, "null")
                    .doc("The object, as a mapping."),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null")
                    .doc("Path of a YAML (or JSON) file holding the object, instead of `resource`."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.actions")
        .returns("mapping")
        .doc("Creates a cluster-scoped custom object of `group`, `version` and `plural` from `resource` or `resource_as_yaml_file`; returns the object as stored."),
        ActionSpec::action(
            "create_custom_object",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create the object in."),
                ArgSpec::optional("resource", ArgType::Mapping, "null")
                    .doc("The object, as a mapping."),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null")
                    .doc("Path of a YAML (or JSON) file holding the object, instead of `resource`."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.actions")
        .returns("mapping")
        .doc("Creates a custom object of `group`, `version` and `plural` in `ns` from `resource` or `resource_as_yaml_file`; returns the object as stored (a missing CRD fails the step). Deviation: an object that already exists fails the step; the driver returns the API server's 409 Status as if it had created it."),
        ActionSpec::action(
            "create_daemon_set",
            &[
                ArgSpec::required("spec_path", ArgType::String)
                    .doc("Path of the JSON or YAML file holding the daemon set."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create it in."),
            ],
        )
        .chaostoolkit("chaosk8s.daemonset.actions")
        .doc("Reads a daemon set from the JSON or YAML file `spec_path` and creates it in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "create_deployment",
            &[
                ArgSpec::required("spec_path", ArgType::String)
                    .doc("Path of the JSON or YAML file holding the deployment."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create it in."),
            ],
        )
        .chaostoolkit("chaosk8s.deployment.actions")
        .doc("Reads a deployment from the JSON or YAML file `spec_path` and creates it in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "create_ingress",
            &[
                ArgSpec::required("spec_path", ArgType::String)
                    .doc("Path of the JSON or YAML file holding the ingress."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create it in."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Reads an ingress from the JSON or YAML file `spec_path` and creates it in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "create_namespace",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("Name of the namespace to create (or give `spec_path`)."),
                ArgSpec::optional("spec_path", ArgType::String, "null")
                    .doc("Path of a JSON or YAML file holding the namespace; wins over `name`."),
            ],
        )
        .chaostoolkit("chaosk8s.namespace.actions")
        .doc("Creates namespace `name`, or the namespace read from the JSON or YAML file `spec_path`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "create_network_policy",
            &[
                ArgSpec::optional("spec", ArgType::Mapping, "null")
                    .doc("The whole NetworkPolicy object (metadata and spec), as a mapping."),
                ArgSpec::optional("spec_path", ArgType::String, "null")
                    .doc("Path of a JSON or YAML file holding the object, instead of `spec`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create the policy in."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Creates in `ns` the network policy given as `spec`, or read from the JSON or YAML file `spec_path`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "create_node",
            &[
                ArgSpec::optional("meta", ArgType::Mapping, "null")
                    .doc("The node's metadata; must hold its `name`."),
                ArgSpec::optional("spec", ArgType::Mapping, "null")
                    .doc("The node's spec, e.g. `podCIDR` or `taints`."),
            ],
        )
        .chaostoolkit("chaosk8s.node.actions")
        .returns("object")
        .doc("Registers a Node object built from `meta` and `spec` (a kubelet or cloud controller has to back it); returns the node as stored. `meta` and `spec` use the API's field names (`podCIDR`); the driver wants the Python client's (`pod_cidr`) and crashes on the API's."),
        ActionSpec::action(
            "create_secret",
            &[
                ArgSpec::required("spec_path", ArgType::String)
                    .doc("Path of the JSON or YAML file holding the secret."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create it in."),
            ],
        )
        .chaostoolkit("chaosk8s.secret.actions")
        .doc("Reads a secret from the JSON or YAML file `spec_path` and creates it in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "create_service_endpoint",
            &[
                ArgSpec::required("spec_path", ArgType::String)
                    .doc("Path of the JSON or YAML file holding the service."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create it in."),
            ],
        )
        .chaostoolkit("chaosk8s.service.actions")
        .doc("Reads a service from the JSON or YAML file `spec_path` and creates it in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "create_statefulset",
            &[
                ArgSpec::required("spec_path", ArgType::String)
                    .doc("Path of the JSON or YAML file holding the stateful set."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create it in."),
            ],
        )
        .chaostoolkit("chaosk8s.statefulset.actions")
        .doc("Reads a stateful set from the JSON or YAML file `spec_path` and creates it in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "daemon_set_available_and_healthy",
            &[
                ArgSpec::required("name", ArgType::String).doc("The daemon set's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the daemon set."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the daemon set must also carry: with `name`, both must match."),
            ],
        )
        .chaostoolkit("chaosk8s.daemonset.probes")
        .returns("boolean")
        .doc("Checks daemon set `name` in `ns`: true when every pod it should schedule is ready, false otherwise (some not ready, or no such daemon set), as the driver answers."),
        ActionSpec::action(
            "daemon_set_fully_available",
            &[
                ArgSpec::required("name", ArgType::String).doc("The daemon set's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the daemon set."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the daemon set must also carry: with `name`, both must match."),
                ArgSpec::optional("timeout", ArgType::Integer, "30")
                    .doc("Seconds to wait before giving up."),
            ],
        )
        .chaostoolkit("chaosk8s.daemonset.probes")
        .returns("boolean")
        .doc("Polls daemon set `name` in `ns` every second until every pod it should schedule is ready, then returns true; false after `timeout` seconds, as the driver answers."),
        ActionSpec::action(
            "daemon_set_not_fully_available",
            &[
                ArgSpec::required("name", ArgType::String).doc("The daemon set's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the daemon set."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the daemon set must also carry: with `name`, both must match."),
                ArgSpec::optional("timeout", ArgType::Integer, "30")
                    .doc("Seconds to wait before giving up."),
            ],
        )
        .chaostoolkit("chaosk8s.daemonset.probes")
        .returns("boolean")
        .doc("Polls daemon set `name` in `ns` every second until some pod it should schedule is not ready, then returns true; false after `timeout` seconds, as the driver answers."),
        ActionSpec::action(
            "daemon_set_partially_available",
            &[
                ArgSpec::required("name", ArgType::String).doc("The daemon set's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the daemon set."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the daemon set must also carry: with `name`, both must match."),
            ],
        )
        .chaostoolkit("chaosk8s.daemonset.probes")
        .returns("boolean")
        .doc("Checks daemon set `name` in `ns`: true when at least one of its pods is ready, false otherwise (none ready, or no such daemon set), as the driver answers."),
        ActionSpec::action(
            "delete_cluster_custom_object",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::required("name", ArgType::String).doc("The object's name."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.actions")
        .returns("mapping")
        .doc("Deletes the cluster-scoped custom object `name` of `group`, `version` and `plural`; returns the object as it was."),
        ActionSpec::action(
            "delete_custom_object",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::required("name", ArgType::String).doc("The object's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the object."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.actions")
        .returns("mapping")
        .doc("Deletes custom object `name` of `group`, `version` and `plural` in `ns`; returns the object as it was."),
        ActionSpec::action(
            "delete_daemon_set",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The daemon set to delete (or give `label_selector`)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the daemon sets."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector picking the daemon sets instead."),
            ],
        )
        .chaostoolkit("chaosk8s.daemonset.actions")
        .doc("Deletes from `ns` the daemon set `name`, or all daemon sets matching `label_selector`; returns the names deleted, and fails when none is found."),
        ActionSpec::action(
            "delete_deployment",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The deployment to delete (or give `label_selector`)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployments."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector picking the deployments instead."),
            ],
        )
        .chaostoolkit("chaosk8s.deployment.actions")
        .doc("Deletes from `ns` the deployment `name`, or all deployments matching `label_selector`; returns null (the names are logged), and a name that matches nothing deletes nothing. Unlike the driver, a step with neither is refused rather than deleting them all."),
        ActionSpec::action(
            "delete_ingress",
            &[
                ArgSpec::required("name", ArgType::String).doc("The ingress's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the ingress."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Deletes ingress `name` in `ns`; returns its name."),
        ActionSpec::action(
            "delete_namespace",
            &[
                ArgSpec::required("name", ArgType::String).doc("The namespace's name."),
            ],
        )
        .chaostoolkit("chaosk8s.namespace.actions")
        .doc("Deletes namespace `name`, and with it everything it holds; returns its name. Deviation: a namespace already gone counts as deleted, as kallisti's other deletes by name do; the driver fails on the API server's 404."),
        ActionSpec::action(
            "delete_network_fault",
            &[
                ArgSpec::required("name", ArgType::String).doc("The NetworkChaos object's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the NetworkChaos."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.network.actions")
        .returns("mapping")
        .doc("Deletes Chaos Mesh NetworkChaos `name` in `ns`, which ends its fault; returns the object as it was."),
        ActionSpec::action(
            "delete_nodes",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector of the candidate nodes (default: every node)."),
                ArgSpec::optional("all", ArgType::Boolean, "false").doc("Delete every candidate."),
                ArgSpec::optional("rand", ArgType::Boolean, "false")
                    .doc("Delete one candidate picked at random."),
                ArgSpec::optional("count", ArgType::Integer, "null")
                    .doc("Delete this many candidates, picked at random."),
                ArgSpec::optional("grace_period_seconds", ArgType::Integer, "null")
                    .doc("Seconds granted to the deletion (default: the API server's)."),
                ArgSpec::optional("pod_label_selector", ArgType::String, "null")
                    .doc("Take as candidates the nodes hosting pods with these labels instead."),
                ArgSpec::optional("pod_namespace", ArgType::String, "null")
                    .doc("Namespace of those pods (default: every namespace)."),
            ],
        )
        .chaostoolkit("chaosk8s.node.actions")
        .returns("list")
        .doc("Deletes nodes among those matching `label_selector` (or hosting pods matching `pod_label_selector`): all, `count` at random, one at random with `rand`, else the first by name; returns their names (where the driver, reading the node list it asked for as plain JSON, crashes)."),
        ActionSpec::action(
            "delete_replica_set",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The replica set to delete (or give `label_selector`)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the replica sets."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector picking the replica sets instead."),
            ],
        )
        .chaostoolkit("chaosk8s.replicaset.actions")
        .doc("Deletes from `ns` the replica set `name`, or all replica sets matching `label_selector`; returns null (the names are logged), and a name that matches nothing deletes nothing. Unlike the driver, a step with neither is refused rather than deleting them all."),
        ActionSpec::action(
            "delete_secret",
            &[
                ArgSpec::required("name", ArgType::String).doc("The secret's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the secret."),
            ],
        )
        .chaostoolkit("chaosk8s.secret.actions")
        .doc("Deletes secret `name` in `ns`; returns its name."),
        ActionSpec::action(
            "delete_service",
            &[
                ArgSpec::required("name", ArgType::String).doc("The service's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the service."),
            ],
        )
        .chaostoolkit("chaosk8s.service.actions")
        .doc("Deletes service `name` in `ns`; returns its name."),
        ActionSpec::action(
            "delete_stressor",
            &[
                ArgSpec::required("name", ArgType::String).doc("The StressChaos object's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the StressChaos."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.stress.actions")
        .returns("mapping")
        .doc("Deletes Chaos Mesh StressChaos `name` in `ns`, which ends its load; returns the object as it was."),
        ActionSpec::action(
            "deny_all_egress",
            &[
                ArgSpec::optional("label_selectors", ArgType::Mapping, "null")
                    .doc("Labels of the pods the policy applies to, as a `{key: value}` mapping (default: every pod of `ns`)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create the policy in."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Creates the network policy `chaostoolkit-deny-all-egress` in `ns`, blocking all outgoing traffic of the pods matching `label_selectors`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "deny_all_ingress",
            &[
                ArgSpec::optional("label_selectors", ArgType::Mapping, "null")
                    .doc("Labels of the pods the policy applies to, as a `{key: value}` mapping (default: every pod of `ns`)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create the policy in."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Creates the network policy `chaostoolkit-deny-all-ingress` in `ns`, blocking all incoming traffic to the pods matching `label_selectors`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "deployment_available_and_healthy",
            &[
                ArgSpec::required("name", ArgType::String).doc("The deployment's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the deployment must also carry: with `name`, both must match."),
                ArgSpec::optional("raise_on_unavailable", ArgType::Boolean, "true")
                    .doc("Fail the step when a replica is not ready (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.deployment.probes")
        .returns("object")
        .doc("Checks deployment `name` in `ns` (it must also carry `label_selector`, when given): true when all its desired replicas are ready; when it is missing or not ready, fails (or returns false with `raise_on_unavailable: false`)."),
        ActionSpec::action(
            "deployment_fully_available",
            &[
                ArgSpec::required("name", ArgType::String).doc("The deployment's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the deployment must also carry: with `name`, both must match."),
                ArgSpec::optional("timeout", ArgType::Integer, "30")
                    .doc("Seconds to wait before giving up."),
                ArgSpec::optional("raise_on_not_fully_available", ArgType::Boolean, "true")
                    .doc("Fail at the timeout (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.deployment.probes")
        .returns("object")
        .doc("Polls deployment `name` in `ns` every second until all its desired replicas are ready, then returns true; after `timeout` seconds it fails (or returns false)."),
        ActionSpec::probe(
            "deployment_is_fully_available",
            &[
                ArgSpec::required("name", ArgType::String).doc("The deployment's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the deployment must also carry: with `name`, both must match."),
                ArgSpec::optional("timeout", ArgType::Integer, "30")
                    .doc("Seconds to wait before giving up."),
            ],
        )
        .chaostoolkit("chaosk8s.probes")
        .doc("Deprecated: use `k8s.deployment_fully_available`. Waits up to `timeout` seconds for every replica of deployment `name` to be ready; returns true, or fails."),
        ActionSpec::probe(
            "deployment_is_not_fully_available",
            &[
                ArgSpec::required("name", ArgType::String).doc("The deployment's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the deployment must also carry: with `name`, both must match."),
                ArgSpec::optional("timeout", ArgType::Integer, "30")
                    .doc("Seconds to wait before giving up."),
            ],
        )
        .chaostoolkit("chaosk8s.probes")
        .doc("Deprecated: use `k8s.deployment_not_fully_available`. Waits up to `timeout` seconds for deployment `name` to lack a ready replica; returns true, or fails."),
        ActionSpec::action(
            "deployment_not_fully_available",
            &[
                ArgSpec::required("name", ArgType::String).doc("The deployment's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the deployment must also carry: with `name`, both must match."),
                ArgSpec::optional("timeout", ArgType::Integer, "30")
                    .doc("Seconds to wait before giving up."),
                ArgSpec::optional("raise_on_fully_available", ArgType::Boolean, "true")
                    .doc("Fail at the timeout (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.deployment.probes")
        .returns("object")
        .doc("Polls deployment `name` in `ns` every second until some desired replica is not ready, then returns true; after `timeout` seconds it fails (or returns false)."),
        ActionSpec::action(
            "deployment_partially_available",
            &[
                ArgSpec::required("name", ArgType::String).doc("The deployment's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the deployment must also carry: with `name`, both must match."),
                ArgSpec::optional("raise_on_not_partially_available", ArgType::Boolean, "true")
                    .doc("Fail the step when no replica is ready (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.deployment.probes")
        .returns("object")
        .doc("Checks deployment `name` in `ns`: true when at least one replica is ready, otherwise fails (or returns false with `raise_on_not_partially_available: false`)."),
        ActionSpec::action(
            "drain_nodes",
            &[
                ArgSpec::optional("name", ArgType::String, "null").doc("The node to drain."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector picking the nodes instead."),
                ArgSpec::optional("delete_pods_with_local_storage", ArgType::Boolean, "false")
                    .doc("Also evict pods that use `emptyDir` volumes."),
                ArgSpec::optional("timeout", ArgType::Integer, "120")
                    .doc("Seconds to wait, per node, for the evicted pods to be gone."),
                ArgSpec::optional("count", ArgType::Integer, "null")
                    .doc("Drain only this many of the nodes, picked at random."),
                ArgSpec::optional("pod_label_selector", ArgType::String, "null")
                    .doc("Take the nodes hosting pods with these labels instead."),
                ArgSpec::optional("pod_namespace", ArgType::String, "null")
                    .doc("Namespace of those pods (default: every namespace)."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Also evict pods no controller owns, as `kubectl drain --force` does."),
            ],
        )
        .chaostoolkit("chaosk8s.node.actions")
        .returns("list")
        .doc("Cordons node `name`, the nodes matching `label_selector`, or those hosting pods matching `pod_label_selector` (`count` of them at random), then evicts their pods and waits up to `timeout` for them to go; mirror and daemon set pods stay, as do `emptyDir` ones unless allowed. As `kubectl drain`, it refuses, before changing anything, when a pod no controller owns would go and `force` is not set. Returns the node names. Deviation: a node holding a pod no controller owns is refused before anything changes unless `force` is set, as `kubectl drain` does; the driver cordons the node first, then crashes on that pod."),
        ActionSpec::action(
            "duplicate_packets",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("Name of the NetworkChaos object to create."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the NetworkChaos; Chaos Mesh picks pods there unless `namespaces_selectors` says otherwise."),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces to pick pods from, as a list or a comma-separated string."),
                ArgSpec::optional("label_selectors", ArgType::Any, "null")
                    .doc("Labels the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("mode", ArgType::String, "\"one\"")
                    .choices(&["one", "all", "fixed", "fixed-percent", "random-max-percent"])
                    .doc("`one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`: how many selected pods are hit."),
                ArgSpec::optional("mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that the `fixed`, `fixed-percent` and `random-max-percent` modes need (the driver passes it on for `fixed-percent` only)."),
                ArgSpec::optional("direction", ArgType::String, "\"to\"")
                    .choices(&["to", "from", "both"])
                    .doc("`to`, `from` or `both`: direction of the affected traffic relative to the target (`from` and `both` need a target)."),
                ArgSpec::optional("duplicate", ArgType::Any, "null")
                    .doc("Percentage of packets to duplicate, as a string such as `40`."),
                ArgSpec::optional("correlation", ArgType::Any, "null")
                    .doc("Percentage, as a string such as `25`, by which each packet's fate follows the previous one's."),
                ArgSpec::optional("external_targets", ArgType::Any, "null")
                    .doc("Addresses or domain names outside the cluster whose traffic is affected, as a list or a comma-separated string."),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\"")
                    .doc("How many target pods: `one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`."),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that `target_mode` needs."),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces of the target pods, at the other end of the traffic, as a list or a comma-separated string."),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null")
                    .doc("Labels of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.network.actions")
        .returns("mapping")
        .doc("Creates Chaos Mesh NetworkChaos `name` in `ns` that duplicates a share of the packets of the pods its selectors and `mode` pick; returns the created object. A target is written only when a target selector is given, so the fault otherwise covers all their traffic; the driver always writes one (mode `one`, empty selector), which narrows the fault to the traffic with one pod of `ns`. `mode_value` is written for every mode that takes one; the driver drops it unless the mode is `fixed-percent`."),
        ActionSpec::action(
            "exec_in_pods",
            &[
                ArgSpec::required("cmd", ArgType::Any)
                    .doc("The command: a list of words, or a string split on spaces."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector of the candidate pods, e.g. `app=web`."),
                ArgSpec::optional("name_pattern", ArgType::String, "null")
                    .doc("Regular expression the pod names must match."),
                ArgSpec::optional("all", ArgType::Boolean, "false")
                    .doc("Run in every candidate pod."),
                ArgSpec::optional("rand", ArgType::Boolean, "false")
                    .doc("Pick pods at random rather than in `order`."),
                ArgSpec::optional("mode", ArgType::String, "\"fixed\"")
                    .choices(&["fixed", "percentage"])
                    .doc("`fixed` or `percentage`: how `qty` is read."),
                ArgSpec::optional("qty", ArgType::Integer, "1")
                    .doc("How many pods to run in, or what percentage of the candidates."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
                ArgSpec::optional("order", ArgType::String, "\"alphabetic\"")
                    .choices(&["alphabetic", "oldest"])
                    .doc("`alphabetic` or `oldest`: which pods come first."),
                ArgSpec::optional("container_name", ArgType::String, "null")
                    .doc("The container to run in (default: the pod's default container)."),
                ArgSpec::optional("request_timeout", ArgType::Integer, "60")
                    .doc("Seconds each pod's command may take."),
            ],
        )
        .chaostoolkit("chaosk8s.pod.actions")
        .returns("list")
        .doc("Runs `cmd` in pods of `ns` chosen by `label_selector` and `name_pattern` (all, `qty` in `order`, or at random); returns each pod's stdout, stderr and exit code."),
        ActionSpec::action(
            "get_all_node_status_conditions",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector narrowing the nodes, e.g. `kubernetes.io/os=linux`."),
            ],
        )
        .chaostoolkit("chaosk8s.node.probes")
        .returns("list")
        .doc("Returns one entry per node (or per node matching `label_selector`): its `name`, and each condition type mapped to its status (`\"Ready\": \"True\"`)."),
        ActionSpec::probe(
            "get_cluster_custom_object",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::required("name", ArgType::String).doc("The object's name."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.probes")
        .returns("mapping")
        .doc("Returns the cluster-scoped custom object `name` of `group`, `version` and `plural`."),
        ActionSpec::probe(
            "get_custom_object",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::required("name", ArgType::String).doc("The object's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the object."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.probes")
        .returns("mapping")
        .doc("Returns custom object `name` of `group`, `version` and `plural` in `ns`."),
        ActionSpec::probe(
            "get_events",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector of the events."),
                ArgSpec::optional("field_selector", ArgType::String, "null")
                    .doc("Field selector, e.g. `involvedObject.kind=Pod`."),
                ArgSpec::optional("limit", ArgType::Integer, "100")
                    .doc("The most events to return."),
            ],
        )
        .chaostoolkit("chaosk8s.event.probes")
        .returns("mapping")
        .doc("Lists the events of every namespace, filtered by `label_selector` and `field_selector` when given, at most `limit` of them; returns the event list."),
        ActionSpec::probe(
            "get_network_fault",
            &[
                ArgSpec::required("name", ArgType::String).doc("The NetworkChaos object's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the NetworkChaos."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.network.probes")
        .returns("mapping")
        .doc("Reads Chaos Mesh NetworkChaos `name` in `ns` and returns it."),
        ActionSpec::probe(
            "get_network_faults",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\"").doc("Namespace to list."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.network.probes")
        .returns("mapping")
        .doc("Returns the API server's list of the Chaos Mesh NetworkChaos objects of `ns` (`kind`, `apiVersion`, `metadata`, `items`)."),
        ActionSpec::action(
            "get_nodes",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector narrowing the nodes, e.g. `kubernetes.io/os=linux`."),
            ],
        )
        .chaostoolkit("chaosk8s.node.probes")
        .doc("Returns the nodes (those matching `label_selector`, when given) as the API server's `NodeList` document: `kind`, `apiVersion`, `metadata` and `items`."),
        ActionSpec::probe(
            "get_stressor",
            &[
                ArgSpec::required("name", ArgType::String).doc("The StressChaos object's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the StressChaos."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.stress.probes")
        .returns("mapping")
        .doc("Reads Chaos Mesh StressChaos `name` in `ns` and returns it."),
        ActionSpec::probe(
            "get_stressors",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\"").doc("Namespace to list."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.stress.probes")
        .returns("mapping")
        .doc("Returns the API server's list of the Chaos Mesh StressChaos objects of `ns` (`kind`, `apiVersion`, `metadata`, `items`)."),
        ActionSpec::action(
            "ingress_exists",
            &[
                ArgSpec::required("name", ArgType::String).doc("The ingress's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the ingress."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.probes")
        .returns("boolean")
        .doc("True when ingress `name` exists in `ns`, false otherwise."),
        ActionSpec::action(
            "kill_microservice",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("The deployment's name, also put in place of `{name}` in `label_selector`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\"")
                    .doc("Label selector of the replica sets and pods to delete; `{name}` stands for `name`."),
            ],
        )
        .chaostoolkit("chaosk8s.actions")
        .doc("Deprecated: use `k8s.delete_deployment` and `k8s.terminate_pods`. Deletes deployment `name` in `ns`, then every replica set and pod matching `label_selector` (`{name}` filled in); returns what it deleted. The driver never fills in `{name}`, so its pod list is refused after the deployment is gone; kallisti does what the selector means."),
        ActionSpec::probe(
            "list_cluster_custom_objects",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.probes")
        .returns("list")
        .doc("Returns every cluster-scoped custom object of `group`, `version` and `plural`."),
        ActionSpec::probe(
            "list_custom_objects",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"").doc("Namespace to list."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.probes")
        .returns("list")
        .doc("Returns every custom object of `group`, `version` and `plural` in `ns`."),
        ActionSpec::probe(
            "microservice_available_and_healthy",
            &[
                ArgSpec::required("name", ArgType::String).doc("The deployment's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the deployment must also carry: with `name`, both must match."),
            ],
        )
        .chaostoolkit("chaosk8s.probes")
        .returns("object")
        .doc("Deprecated: use `k8s.deployment_available_and_healthy`. Fails unless every desired replica of deployment `name` in `ns` is ready; returns null, as the driver's wrapper does."),
        ActionSpec::probe(
            "microservice_is_not_available",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("The name put in place of `{name}` in `label_selector`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\"")
                    .doc("Label selector of the pods; `{name}` stands for `name`."),
            ],
        )
        .chaostoolkit("chaosk8s.probes")
        .returns("boolean")
        .doc("Deprecated: use `k8s.pod_is_not_available`. True when no pod matching `label_selector` runs in `ns`; fails otherwise."),
        ActionSpec::action(
            "namespace_exists",
            &[
                ArgSpec::required("name", ArgType::String).doc("The namespace's name."),
            ],
        )
        .chaostoolkit("chaosk8s.namespace.probes")
        .returns("boolean")
        .doc("True when namespace `name` exists, false otherwise."),
        ActionSpec::action(
            "nodes_must_be_healthy",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector narrowing the nodes, e.g. `kubernetes.io/os=linux`."),
            ],
        )
        .chaostoolkit("chaosk8s.node.probes")
        .returns("boolean")
        .doc("Checks every node (or those matching `label_selector`): true when all are Ready and report none of the known problem conditions (pressure, network, kernel, restarts), otherwise false, logging the others."),
        ActionSpec::action(
            "patch_cluster_custom_object",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::required("name", ArgType::String).doc("The object's name."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Must stay `false`: `true` asks for a server-side apply, which a merge patch is not."),
                ArgSpec::optional("resource", ArgType::Mapping, "null")
                    .doc("The fields to merge, as a mapping."),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null")
                    .doc("Path of a YAML (or JSON) file holding them, instead of `resource`."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.actions")
        .returns("mapping")
        .doc("Merges `resource` into the cluster-scoped custom object `name` of `group`, `version` and `plural` (a JSON merge patch); returns the object as stored."),
        ActionSpec::action(
            "patch_custom_object",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::required("name", ArgType::String).doc("The object's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the object."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Must stay `false`: `true` asks for a server-side apply, which a merge patch is not."),
                ArgSpec::optional("resource", ArgType::Mapping, "null")
                    .doc("The fields to merge, as a mapping."),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null")
                    .doc("Path of a YAML (or JSON) file holding them, instead of `resource`."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.actions")
        .returns("mapping")
        .doc("Merges `resource` into custom object `name` of `group`, `version` and `plural` in `ns` (a JSON merge patch); returns the object as stored."),
        ActionSpec::probe(
            "pod_is_not_available",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("The name put in place of `{name}` in `label_selector`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\"")
                    .doc("Label selector of the pods; `{name}` stands for `name`."),
                ArgSpec::optional("raise_on_is_available", ArgType::Boolean, "true")
                    .doc("Fail the step when such a pod runs (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.pod.probes")
        .returns("boolean")
        .doc("True when no pod matching `label_selector` (by default, those whose `name` label is `name`) runs in `ns`; otherwise fails, or returns false with `raise_on_is_available: false`."),
        ActionSpec::probe(
            "pods_in_conditions",
            &[
                ArgSpec::required("label_selector", ArgType::String)
                    .doc("Label selector of the pods, e.g. `app=web`."),
                ArgSpec::required("conditions", ArgType::List)
                    .doc("Conditions each pod must have, as `type`/`status` pairs such as `Ready`/`True`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
                ArgSpec::optional("raise_on_invalid_conditions", ArgType::Boolean, "true")
                    .doc("Fail the step when a pod lacks one (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.pod.probes")
        .returns("boolean")
        .doc("Checks the pods matching `label_selector` in `ns`: true when each has every condition in `conditions`, otherwise fails (or returns false); finding no pod fails too."),
        ActionSpec::probe(
            "pods_in_phase",
            &[
                ArgSpec::required("label_selector", ArgType::String)
                    .doc("Label selector of the pods, e.g. `app=web`."),
                ArgSpec::optional("phase", ArgType::String, "\"Running\"")
                    .doc("The phase every pod must be in, e.g. `Running`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
                ArgSpec::optional("raise_on_invalid_phase", ArgType::Boolean, "true")
                    .doc("Fail the step when a pod is in another phase (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.pod.probes")
        .returns("boolean")
        .doc("Checks the pods matching `label_selector` in `ns`: true when all are in `phase`; when one is not, or none is found, fails (or returns false with `raise_on_invalid_phase: false`)."),
        ActionSpec::probe(
            "pods_not_in_phase",
            &[
                ArgSpec::required("label_selector", ArgType::String)
                    .doc("Label selector of the pods, e.g. `app=web`."),
                ArgSpec::optional("phase", ArgType::String, "\"Running\"")
                    .doc("The phase no pod may be in, e.g. `Running`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
                ArgSpec::optional("raise_on_in_phase", ArgType::Boolean, "true")
                    .doc("Fail the step when a pod is in `phase` (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.pod.probes")
        .returns("boolean")
        .doc("Checks the pods matching `label_selector` in `ns`: true when none is in `phase`; when one is, or none is found, fails (or returns false with `raise_on_in_phase: false`)."),
        ActionSpec::probe(
            "read_microservices_logs",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The name put in place of `{name}` in `label_selector` (give this or a `label_selector`)."),
                ArgSpec::optional("last", ArgType::Any, "null")
                    .doc("Only logs this recent: seconds, or a duration such as `5m`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
                ArgSpec::optional("from_previous", ArgType::Boolean, "false")
                    .doc("Read the previous, terminated run of the container."),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\"")
                    .doc("Label selector of the pods; `{name}` stands for `name`."),
                ArgSpec::optional("container_name", ArgType::String, "null")
                    .doc("The container to read, for pods with several."),
            ],
        )
        .chaostoolkit("chaosk8s.probes")
        .returns("mapping")
        .doc("The same as `read_pod_logs`: reads the logs of the pods matching `label_selector` in `ns` and returns them keyed by pod name."),
        ActionSpec::probe(
            "read_pod_logs",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The name put in place of `{name}` in `label_selector` (give this or a `label_selector`)."),
                ArgSpec::optional("last", ArgType::Any, "null")
                    .doc("Only logs this recent: seconds, or a duration such as `5m`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
                ArgSpec::optional("from_previous", ArgType::Boolean, "false")
                    .doc("Read the previous, terminated run of the container."),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\"")
                    .doc("Label selector of the pods; `{name}` stands for `name`."),
                ArgSpec::optional("container_name", ArgType::String, "null")
                    .doc("The container to read, for pods with several."),
            ],
        )
        .chaostoolkit("chaosk8s.pod.probes")
        .returns("mapping")
        .doc("Reads the logs of the pods matching `label_selector` (by default, those whose `name` label is `name`) in `ns`, limited to the last `last` when given; returns them keyed by pod name."),
        ActionSpec::action(
            "remove_allow_dns_access",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the policy."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Deletes the network policy `chaostoolkit-allow-dns` that `allow_dns_access` created in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "remove_deny_all_egress",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the policy."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Deletes the network policy `chaostoolkit-deny-all-egress` that `deny_all_egress` created in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "remove_deny_all_ingress",
            &[
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the policy."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Deletes the network policy `chaostoolkit-deny-all-ingress` that `deny_all_ingress` created in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "remove_network_policy",
            &[
                ArgSpec::required("name", ArgType::String).doc("The network policy's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the policy."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Deletes network policy `name` in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::action(
            "remove_service_endpoint",
            &[
                ArgSpec::required("name", ArgType::String).doc("The service's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the service."),
            ],
        )
        .chaostoolkit("chaosk8s.actions")
        .doc("Deprecated: use `k8s.delete_service`. Deletes service `name` in `ns`; returns its name."),
        ActionSpec::action(
            "remove_statefulset",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The stateful set to delete (or give `label_selector`)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the stateful sets."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector picking the stateful sets instead."),
            ],
        )
        .chaostoolkit("chaosk8s.statefulset.actions")
        .doc("Deletes from `ns` the stateful set `name`, or all stateful sets matching `label_selector`; returns null (the names are logged), and a name that matches nothing deletes nothing. Unlike the driver, a step with neither is refused rather than deleting them all."),
        ActionSpec::action(
            "reorder_packets",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("Name of the NetworkChaos object to create."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the NetworkChaos; Chaos Mesh picks pods there unless `namespaces_selectors` says otherwise."),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces to pick pods from, as a list or a comma-separated string."),
                ArgSpec::optional("label_selectors", ArgType::Any, "null")
                    .doc("Labels the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("mode", ArgType::String, "\"one\"")
                    .choices(&["one", "all", "fixed", "fixed-percent", "random-max-percent"])
                    .doc("`one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`: how many selected pods are hit."),
                ArgSpec::optional("mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that the `fixed`, `fixed-percent` and `random-max-percent` modes need (the driver passes it on for `fixed-percent` only)."),
                ArgSpec::optional("direction", ArgType::String, "\"to\"")
                    .choices(&["to", "from", "both"])
                    .doc("`to`, `from` or `both`: direction of the affected traffic relative to the target (`from` and `both` need a target)."),
                ArgSpec::optional("reorder", ArgType::Any, "null")
                    .doc("Percentage of packets to send out of order, as a string such as `50`."),
                ArgSpec::optional("correlation", ArgType::Any, "null")
                    .doc("Percentage, as a string such as `25`, by which each packet's fate follows the previous one's."),
                ArgSpec::optional("gap", ArgType::Any, "null")
                    .doc("The reordering gap, as netem reads it, e.g. `5`."),
                ArgSpec::optional("external_targets", ArgType::Any, "null")
                    .doc("Addresses or domain names outside the cluster whose traffic is affected, as a list or a comma-separated string."),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\"")
                    .doc("How many target pods: `one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`."),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that `target_mode` needs."),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces of the target pods, at the other end of the traffic, as a list or a comma-separated string."),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null")
                    .doc("Labels of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.network.actions")
        .returns("mapping")
        .doc("Creates Chaos Mesh NetworkChaos `name` in `ns` that sends a share of the packets of the pods its selectors and `mode` pick out of order; returns the created object. Like the driver, it writes the action `reorder` and a top-level `reorder`, which Chaos Mesh's schema does not have: Chaos Mesh reads reordering under `delay`, next to a required latency. A target is written only when a target selector is given, so the fault otherwise covers all their traffic; the driver always writes one (mode `one`, empty selector), which narrows the fault to the traffic with one pod of `ns`. `mode_value` is written for every mode that takes one; the driver drops it unless the mode is `fixed-percent`."),
        ActionSpec::action(
            "replace_cluster_custom_object",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::required("name", ArgType::String).doc("The object's name."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Must stay `false`: `true` asks for a server-side apply, which a replacement is not."),
                ArgSpec::optional("resource", ArgType::Mapping, "null")
                    .doc("The whole new object, as a mapping."),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null")
                    .doc("Path of a YAML (or JSON) file holding it, instead of `resource`."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.actions")
        .returns("mapping")
        .doc("Replaces the cluster-scoped custom object `name` of `group`, `version` and `plural` with `resource`, keeping its resource version when `resource` has none; returns the object as stored. The driver crashes here (it hands the client a `force` argument the call does not take); kallisti replaces the object."),
        ActionSpec::action(
            "replace_custom_object",
            &[
                ArgSpec::required("group", ArgType::String)
                    .doc("The API group, e.g. `chaos-mesh.org`."),
                ArgSpec::required("version", ArgType::String)
                    .doc("The API version, e.g. `v1alpha1`."),
                ArgSpec::required("plural", ArgType::String)
                    .doc("The resource's plural name, e.g. `networkchaos`."),
                ArgSpec::required("name", ArgType::String).doc("The object's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the object."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Must stay `false`: `true` asks for a server-side apply, which a replacement is not."),
                ArgSpec::optional("resource", ArgType::Mapping, "null")
                    .doc("The whole new object, as a mapping."),
                ArgSpec::optional("resource_as_yaml_file", ArgType::String, "null")
                    .doc("Path of a YAML (or JSON) file holding it, instead of `resource`."),
            ],
        )
        .chaostoolkit("chaosk8s.crd.actions")
        .returns("mapping")
        .doc("Replaces custom object `name` of `group`, `version` and `plural` in `ns` with `resource`, keeping its resource version when `resource` has none; returns the object as stored. The driver crashes here (it hands the client a `force` argument the call does not take); kallisti replaces the object."),
        ActionSpec::action(
            "rollout_deployment",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The deployment to restart (required)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
            ],
        )
        .chaostoolkit("chaosk8s.deployment.actions")
        .doc("Restarts the pods of deployment `name` in `ns` as `kubectl rollout restart` does, by stamping its pod template; returns null, as the driver does (the time stamped is logged)."),
        ActionSpec::action(
            "scale_deployment",
            &[
                ArgSpec::required("name", ArgType::String).doc("The deployment's name."),
                ArgSpec::required("replicas", ArgType::Integer)
                    .doc("The replica count to set (0 or more)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
            ],
        )
        .chaostoolkit("chaosk8s.deployment.actions")
        .doc("Sets the replica count of deployment `name` in `ns` to `replicas`; returns null (the counts before and after are logged)."),
        ActionSpec::action(
            "scale_microservice",
            &[
                ArgSpec::required("name", ArgType::String).doc("The deployment's name."),
                ArgSpec::required("replicas", ArgType::Integer)
                    .doc("The replica count to set (0 or more)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the deployment."),
            ],
        )
        .chaostoolkit("chaosk8s.actions")
        .doc("Deprecated: use `k8s.scale_deployment`. Sets the replica count of deployment `name` in `ns` to `replicas`; returns the counts before and after."),
        ActionSpec::action(
            "scale_statefulset",
            &[
                ArgSpec::required("name", ArgType::String).doc("The stateful set's name."),
                ArgSpec::required("replicas", ArgType::Integer)
                    .doc("The replica count to set (0 or more)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the stateful set."),
            ],
        )
        .chaostoolkit("chaosk8s.statefulset.actions")
        .doc("Sets the replica count of stateful set `name` in `ns` to `replicas`; returns null (the counts before and after are logged)."),
        ActionSpec::probe(
            "secret_exists",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The secret's name (or give `label_selector`)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the secret."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector to look for instead of `name`."),
            ],
        )
        .chaostoolkit("chaosk8s.probes")
        .returns("boolean")
        .doc("True when a secret named `name` and carrying `label_selector` (either may be left out) exists in `ns`; false otherwise."),
        ActionSpec::probe(
            "service_endpoint_is_initialized",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("The name put in place of `{name}` in `label_selector`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the service."),
                ArgSpec::optional("label_selector", ArgType::String, "\"name in ({name})\"")
                    .doc("Label selector of the service; `{name}` stands for `name`."),
            ],
        )
        .chaostoolkit("chaosk8s.probes")
        .doc("Deprecated: use `k8s.service_is_initialized`. True when a service matching `label_selector` exists in `ns`; fails otherwise."),
        ActionSpec::action(
            "service_is_initialized",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The service's name (or give `label_selector`)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the service."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector to look for instead of `name`."),
                ArgSpec::optional("raise_if_service_not_initialized", ArgType::Boolean, "true")
                    .doc("Fail the step when no service is found (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.service.probes")
        .returns("boolean")
        .doc("True when a service named `name` and carrying `label_selector` (either may be left out) exists in `ns`; otherwise fails (or returns false with `raise_if_service_not_initialized: false`)."),
        ActionSpec::action(
            "set_bandwidth",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("Name of the NetworkChaos object to create."),
                ArgSpec::required("rate", ArgType::String).doc("The bandwidth cap, e.g. `1mbps`."),
                ArgSpec::required("limit", ArgType::Integer)
                    .doc("Bytes that may wait in the queue."),
                ArgSpec::required("buffer", ArgType::Integer)
                    .doc("Bytes that may be sent at once at full speed (the token bucket's size)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the NetworkChaos; Chaos Mesh picks pods there unless `namespaces_selectors` says otherwise."),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces to pick pods from, as a list or a comma-separated string."),
                ArgSpec::optional("label_selectors", ArgType::Any, "null")
                    .doc("Labels the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("mode", ArgType::String, "\"one\"")
                    .choices(&["one", "all", "fixed", "fixed-percent", "random-max-percent"])
                    .doc("`one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`: how many selected pods are hit."),
                ArgSpec::optional("mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that the `fixed`, `fixed-percent` and `random-max-percent` modes need (the driver passes it on for `fixed-percent` only)."),
                ArgSpec::optional("direction", ArgType::String, "\"to\"")
                    .choices(&["to", "from", "both"])
                    .doc("`to`, `from` or `both`: direction of the affected traffic relative to the target (`from` and `both` need a target)."),
                ArgSpec::optional("peakrate", ArgType::Any, "null")
                    .doc("The most the bucket may drain per second, in bytes."),
                ArgSpec::optional("minburst", ArgType::Any, "null")
                    .doc("Size of the peak-rate bucket, in bytes."),
                ArgSpec::optional("external_targets", ArgType::Any, "null")
                    .doc("Addresses or domain names outside the cluster whose traffic is affected, as a list or a comma-separated string."),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\"")
                    .doc("How many target pods: `one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`."),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that `target_mode` needs."),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces of the target pods, at the other end of the traffic, as a list or a comma-separated string."),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null")
                    .doc("Labels of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.network.actions")
        .returns("mapping")
        .doc("Creates Chaos Mesh NetworkChaos `name` in `ns` that caps at `rate` the bandwidth of the pods its selectors and `mode` pick; returns the created object. A target is written only when a target selector is given, so the fault otherwise covers all their traffic; the driver always writes one (mode `one`, empty selector), which narrows the fault to the traffic with one pod of `ns`. `mode_value` is written for every mode that takes one; the driver drops it unless the mode is `fixed-percent`. The driver names the action `bandwdith`, which Chaos Mesh does not know; kallisti writes `bandwidth`."),
        ActionSpec::action(
            "set_loss",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("Name of the NetworkChaos object to create."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the NetworkChaos; Chaos Mesh picks pods there unless `namespaces_selectors` says otherwise."),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces to pick pods from, as a list or a comma-separated string."),
                ArgSpec::optional("label_selectors", ArgType::Any, "null")
                    .doc("Labels the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("mode", ArgType::String, "\"one\"")
                    .choices(&["one", "all", "fixed", "fixed-percent", "random-max-percent"])
                    .doc("`one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`: how many selected pods are hit."),
                ArgSpec::optional("mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that the `fixed`, `fixed-percent` and `random-max-percent` modes need (the driver passes it on for `fixed-percent` only)."),
                ArgSpec::optional("direction", ArgType::String, "\"to\"")
                    .choices(&["to", "from", "both"])
                    .doc("`to`, `from` or `both`: direction of the affected traffic relative to the target (`from` and `both` need a target)."),
                ArgSpec::optional("loss", ArgType::Any, "null")
                    .doc("Percentage of packets to drop, as a string such as `25`."),
                ArgSpec::optional("correlation", ArgType::Any, "null")
                    .doc("Percentage, as a string such as `25`, by which each packet's fate follows the previous one's."),
                ArgSpec::optional("external_targets", ArgType::Any, "null")
                    .doc("Addresses or domain names outside the cluster whose traffic is affected, as a list or a comma-separated string."),
                ArgSpec::optional("target_mode", ArgType::Any, "\"one\"")
                    .doc("How many target pods: `one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`."),
                ArgSpec::optional("target_mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that `target_mode` needs."),
                ArgSpec::optional("target_namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces of the target pods, at the other end of the traffic, as a list or a comma-separated string."),
                ArgSpec::optional("target_label_selectors", ArgType::Any, "null")
                    .doc("Labels of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("target_annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations of the target pods, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.network.actions")
        .returns("mapping")
        .doc("Creates Chaos Mesh NetworkChaos `name` in `ns` that drops a share of the packets of the pods its selectors and `mode` pick; returns the created object. A target is written only when a target selector is given, so the fault otherwise covers all their traffic; the driver always writes one (mode `one`, empty selector), which narrows the fault to the traffic with one pod of `ns`. `mode_value` is written for every mode that takes one; the driver drops it unless the mode is `fixed-percent`."),
        ActionSpec::probe(
            "should_be_found_in_logs",
            &[
                ArgSpec::required("pattern", ArgType::String)
                    .doc("Regular expression to look for."),
                ArgSpec::optional("all_containers", ArgType::Boolean, "true")
                    .doc("Require a match in every pod's logs rather than in at least one."),
                ArgSpec::optional("value", ArgType::Mapping, "null")
                    .doc("The logs to search: the result of `k8s.read_pod_logs`."),
            ],
        )
        .chaostoolkit("chaosk8s.pod.probes")
        .returns("boolean")
        .doc("Looks for `pattern` in `value`, the logs `read_pod_logs` returned: true when every pod's logs match (any pod's, with `all_containers: false`), false otherwise, as the driver answers; the step fails only when `value` holds no logs."),
        ActionSpec::action(
            "start_microservice",
            &[
                ArgSpec::required("spec_path", ArgType::String)
                    .doc("Path of the JSON or YAML file holding the deployment."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace to create it in."),
            ],
        )
        .chaostoolkit("chaosk8s.actions")
        .doc("Deprecated: use `k8s.create_deployment`. Reads a deployment from the JSON or YAML file `spec_path` and creates it in `ns`; returns null, as the driver does (the name is logged)."),
        ActionSpec::probe(
            "statefulset_fully_available",
            &[
                ArgSpec::required("name", ArgType::String).doc("The stateful set's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the stateful set."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the stateful set must also carry: with `name`, both must match."),
                ArgSpec::optional("timeout", ArgType::Integer, "30")
                    .doc("Seconds to wait before giving up."),
                ArgSpec::optional("raise_on_not_fully_available", ArgType::Boolean, "true")
                    .doc("Fail at the timeout (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.statefulset.probes")
        .doc("Polls stateful set `name` in `ns` every second until all its desired replicas are ready, then returns true; after `timeout` seconds it fails (or returns false)."),
        ActionSpec::probe(
            "statefulset_not_fully_available",
            &[
                ArgSpec::required("name", ArgType::String).doc("The stateful set's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the stateful set."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Labels the stateful set must also carry: with `name`, both must match."),
                ArgSpec::optional("timeout", ArgType::Integer, "30")
                    .doc("Seconds to wait before giving up."),
                ArgSpec::optional("raise_on_fully_available", ArgType::Boolean, "true")
                    .doc("Fail at the timeout (otherwise return false)."),
            ],
        )
        .chaostoolkit("chaosk8s.statefulset.probes")
        .doc("Polls stateful set `name` in `ns` every second until some desired replica is not ready, then returns true; after `timeout` seconds it fails (or returns false)."),
        ActionSpec::action(
            "stress_cpu",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("Name of the StressChaos object to create."),
                ArgSpec::required("workers", ArgType::Integer)
                    .doc("How many CPU stressors to run."),
                ArgSpec::required("load", ArgType::Integer)
                    .doc("Load each stressor puts on a CPU, in percent."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the StressChaos; Chaos Mesh picks pods there unless `namespaces_selectors` says otherwise."),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces to pick pods from, as a list or a comma-separated string."),
                ArgSpec::optional("label_selectors", ArgType::Any, "null")
                    .doc("Labels the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("mode", ArgType::String, "\"one\"")
                    .choices(&["one", "all", "fixed", "fixed-percent", "random-max-percent"])
                    .doc("`one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`: how many selected pods are hit."),
                ArgSpec::optional("mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that the `fixed`, `fixed-percent` and `random-max-percent` modes need (the driver passes it on for `fixed-percent` only)."),
                ArgSpec::optional("direction", ArgType::String, "\"to\"")
                    .choices(&["to", "from", "both"])
                    .doc("Not used by a StressChaos; only `to` is accepted."),
                ArgSpec::optional("duration", ArgType::String, "\"30s\"")
                    .doc("How long the stress lasts, e.g. `30s` or `5m`."),
                ArgSpec::optional("container_names", ArgType::Any, "null")
                    .doc("Containers of the picked pods to stress, as a list or a comma-separated string (default: all of them)."),
                ArgSpec::optional("stressng_stressors", ArgType::Any, "null")
                    .doc("Extra stress-ng options, passed on as Chaos Mesh's `stressngStressors`."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.stress.actions")
        .returns("mapping")
        .doc("Creates Chaos Mesh StressChaos `name` in `ns` that runs `workers` CPU stressors at `load` percent for `duration` in the pods its selectors and `mode` pick; returns the created object. `mode_value` is written for every mode that takes one; the driver drops it unless the mode is `fixed-percent`."),
        ActionSpec::action(
            "stress_memory",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("Name of the StressChaos object to create."),
                ArgSpec::optional("workers", ArgType::Any, "null")
                    .doc("How many memory stressors to run."),
                ArgSpec::optional("size", ArgType::Any, "null")
                    .doc("Memory each stressor takes, e.g. `256MB` or `25%`."),
                ArgSpec::optional("oom_score", ArgType::Any, "null")
                    .doc("OOM score adjustment of the stressors, -1000 to 1000."),
                ArgSpec::optional("time_to_get_to_size", ArgType::Any, "null")
                    .doc("How long the stressors take to reach `size`, e.g. `10s`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the StressChaos; Chaos Mesh picks pods there unless `namespaces_selectors` says otherwise."),
                ArgSpec::optional("namespaces_selectors", ArgType::Any, "null")
                    .doc("Namespaces to pick pods from, as a list or a comma-separated string."),
                ArgSpec::optional("label_selectors", ArgType::Any, "null")
                    .doc("Labels the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("annotations_selectors", ArgType::Any, "null")
                    .doc("Annotations the picked pods carry, as a `{key: value}` mapping or `key=value` pairs separated by commas."),
                ArgSpec::optional("mode", ArgType::String, "\"one\"")
                    .choices(&["one", "all", "fixed", "fixed-percent", "random-max-percent"])
                    .doc("`one`, `all`, `fixed`, `fixed-percent` or `random-max-percent`: how many selected pods are hit."),
                ArgSpec::optional("mode_value", ArgType::Any, "null")
                    .doc("The count or percentage that the `fixed`, `fixed-percent` and `random-max-percent` modes need (the driver passes it on for `fixed-percent` only)."),
                ArgSpec::optional("direction", ArgType::String, "\"to\"")
                    .choices(&["to", "from", "both"])
                    .doc("Not used by a StressChaos; only `to` is accepted."),
                ArgSpec::optional("duration", ArgType::String, "\"30s\"")
                    .doc("How long the stress lasts, e.g. `30s` or `5m`."),
                ArgSpec::optional("container_names", ArgType::Any, "null")
                    .doc("Containers of the picked pods to stress, as a list or a comma-separated string (default: all of them)."),
                ArgSpec::optional("stressng_stressors", ArgType::Any, "null")
                    .doc("Extra stress-ng options, passed on as Chaos Mesh's `stressngStressors`."),
            ],
        )
        .chaostoolkit("chaosk8s.chaosmesh.stress.actions")
        .returns("mapping")
        .doc("Creates Chaos Mesh StressChaos `name` in `ns` whose memory stressors each hold `size` for `duration` in the pods its selectors and `mode` pick; returns the created object. `mode_value` is written for every mode that takes one; the driver drops it unless the mode is `fixed-percent`."),
        ActionSpec::action(
            "terminate_pods",
            &[
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector of the candidate pods, e.g. `app=web`."),
                ArgSpec::optional("name_pattern", ArgType::String, "null")
                    .doc("Regular expression the pod names must match."),
                ArgSpec::optional("all", ArgType::Boolean, "false")
                    .doc("Terminate every candidate pod."),
                ArgSpec::optional("rand", ArgType::Boolean, "false")
                    .doc("Pick pods at random rather than in `order`."),
                ArgSpec::optional("mode", ArgType::String, "\"fixed\"")
                    .choices(&["fixed", "percentage"])
                    .doc("`fixed` or `percentage`: how `qty` is read."),
                ArgSpec::optional("qty", ArgType::Integer, "1")
                    .doc("How many pods to terminate, or what percentage of the candidates."),
                ArgSpec::optional("grace_period", ArgType::Integer, "-1")
                    .doc("Seconds each pod gets to stop; a negative value keeps the pod's own grace period."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the pods."),
                ArgSpec::optional("order", ArgType::String, "\"alphabetic\"")
                    .choices(&["alphabetic", "oldest"])
                    .doc("`alphabetic` or `oldest`: which pods come first."),
            ],
        )
        .chaostoolkit("chaosk8s.pod.actions")
        .doc("Deletes pods of `ns` chosen by `label_selector` and `name_pattern`: all, `qty` of them in `order` (a percentage rounds up), or `qty` at random; returns the names deleted, an empty list when none matches."),
        ActionSpec::action(
            "uncordon_node",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The node to uncordon (or give `label_selector`)."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector picking the nodes instead."),
            ],
        )
        .chaostoolkit("chaosk8s.node.actions")
        .returns("list")
        .doc("Marks node `name`, or the nodes matching `label_selector`, schedulable again; returns the node names."),
        ActionSpec::action(
            "update_daemon_set",
            &[
                ArgSpec::required("name", ArgType::String).doc("The daemon set's name."),
                ArgSpec::required("spec", ArgType::Mapping)
                    .doc("Fields to merge into the daemon set's spec."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the daemon set."),
            ],
        )
        .chaostoolkit("chaosk8s.daemonset.actions")
        .doc("Merges `spec` into the spec of daemon set `name` in `ns`; returns its name. Deviation: `spec` is merged into the daemon set's spec; the driver sends it as the whole patch body, so a full manifest lands under `spec.spec`."),
        ActionSpec::action(
            "update_ingress",
            &[
                ArgSpec::required("name", ArgType::String).doc("The ingress's name."),
                ArgSpec::required("spec", ArgType::Mapping)
                    .doc("Fields to merge into the ingress's spec."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the ingress."),
            ],
        )
        .chaostoolkit("chaosk8s.networking.actions")
        .doc("Merges `spec` into the spec of ingress `name` in `ns`; returns its name. Deviation: `spec` is merged into the ingress's spec; the driver sends it as the whole patch body."),
        ActionSpec::action(
            "verify_nodes_condition",
            &[
                ArgSpec::optional("condition_type", ArgType::String, "\"PIDPressure\"")
                    .doc("The node condition to check, e.g. `Ready` or `DiskPressure`."),
                ArgSpec::optional("condition_value", ArgType::String, "\"False\"")
                    .doc("The status it must have: `True`, `False` or `Unknown`."),
                ArgSpec::optional("label_selector", ArgType::String, "null")
                    .doc("Label selector narrowing the nodes, e.g. `kubernetes.io/os=linux`."),
            ],
        )
        .chaostoolkit("chaosk8s.node.probes")
        .returns("boolean")
        .doc("Checks every node (or those matching `label_selector`): true when each has condition `condition_type` with status `condition_value`, otherwise false, logging the others."),
    ],
    doc: "Kubernetes: pods, deployments, nodes, services, network policies, custom objects, Chaos Mesh.",
};
