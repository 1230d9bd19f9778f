//! `k8s`: Kubernetes, through kube-rs.
//!
//! Every step takes `k8s_api_host` and `credentials` (a token is sent as a
//! bearer token, a user name and password as HTTP Basic; without either,
//! the service-account token, else kube's usual inference from kubeconfig or
//! the cluster). One client per trial, API host and credential serves every
//! step. Target-selecting actions report their targets under dry run.
//! Outputs are the objects and values the Chaos Toolkit driver returns, as
//! JSON (actions that return nothing there report what they did).
//! `platform: eks` finds the cluster through EKS and authenticates with an
//! STS token (see `eks.rs`); `exec_in_pods` speaks the websocket exec
//! protocol.

mod availability;
mod chaosmesh;
mod client;
mod custom;
mod deployment;
#[cfg(feature = "eks")]
mod eks;
mod logs;
mod network;
mod node;
mod objects;
mod pod;
mod resource;

pub(crate) use client::{api_error, Connection};

use crate::action::{ActionSet, ActionSetWithCommon};
use availability::Want;
use resource::{
    DAEMON_SETS, DEPLOYMENTS, INGRESSES, REPLICA_SETS, SECRETS, SERVICES, STATEFUL_SETS,
};

/// The `k8s` actions, each handed the step's connection (checked once per step).
type Set = ActionSetWithCommon<Connection>;

/// The `k8s` namespace.
pub fn namespace() -> ActionSet {
    let set = ActionSet::new(&kallisti_catalog::k8s::K8S).with_common::<Connection>();
    let set = bind_pods(set);
    let set = bind_deployments(set);
    let set = bind_workloads(set);
    let set = bind_objects(set);
    let set = bind_nodes(set);
    let set = bind_network_policies(set);
    let set = bind_custom_objects(set);
    bind_chaos_mesh(set).into()
}

fn bind_pods(set: Set) -> Set {
    set.action("terminate_pods", pod::terminate_pods)
        .action("exec_in_pods", pod::exec_in_pods)
        .action("count_pods", pod::count_pods)
        .action("count_min_pods", pod::count_min_pods)
        .action("pods_in_phase", pod::pods_in_phase)
        .action("pods_not_in_phase", pod::pods_not_in_phase)
        .action("pods_in_conditions", availability::pods_in_conditions)
        .action("pod_is_not_available", availability::not_available)
        .action("read_pod_logs", logs::read_pod_logs)
        .action("read_microservices_logs", logs::read_pod_logs)
        .action("should_be_found_in_logs", logs::should_be_found_in_logs)
}

/// Deployments and microservices.
fn bind_deployments(set: Set) -> Set {
    set.action("scale_deployment", deployment::scale_deployment)
        .action("scale_microservice", deployment::scale_deployment)
        .action("create_deployment", |a, k, c| {
            objects::create(a, k, c, DEPLOYMENTS)
        })
        .action("start_microservice", |a, k, c| {
            objects::create(a, k, c, DEPLOYMENTS)
        })
        .action("delete_deployment", |a, k, c| {
            objects::delete(a, k, c, DEPLOYMENTS)
        })
        .action("rollout_deployment", objects::rollout_deployment)
        .action("kill_microservice", objects::kill_microservice)
        .action("deployment_available_and_healthy", |a, k, c| {
            availability::workload(a, k, c, DEPLOYMENTS, Want::Healthy)
        })
        // The driver's deprecated wrapper drops the probe's value.
        .action("microservice_available_and_healthy", |a, k, c| async move {
            availability::workload(a, k, c, DEPLOYMENTS, Want::Healthy)
                .await
                .map(|_| serde_json::Value::Null)
        })
        .action("deployment_fully_available", |a, k, c| {
            availability::workload(a, k, c, DEPLOYMENTS, Want::Full)
        })
        .action("deployment_is_fully_available", |a, k, c| {
            availability::workload(a, k, c, DEPLOYMENTS, Want::Full)
        })
        .action("deployment_not_fully_available", |a, k, c| {
            availability::workload(a, k, c, DEPLOYMENTS, Want::NotFull)
        })
        .action("deployment_is_not_fully_available", |a, k, c| {
            availability::workload(a, k, c, DEPLOYMENTS, Want::NotFull)
        })
        .action("deployment_partially_available", |a, k, c| {
            availability::workload(a, k, c, DEPLOYMENTS, Want::Partial)
        })
        .action("microservice_is_not_available", availability::not_available)
        .action(
            "all_microservices_healthy",
            availability::all_microservices_healthy,
        )
        .action("delete_replica_set", |a, k, c| {
            objects::delete(a, k, c, REPLICA_SETS)
        })
}

/// Daemon sets and stateful sets.
fn bind_workloads(set: Set) -> Set {
    set.action("create_daemon_set", |a, k, c| {
        objects::create(a, k, c, DAEMON_SETS)
    })
    .action("delete_daemon_set", |a, k, c| {
        objects::delete(a, k, c, DAEMON_SETS)
    })
    .action("update_daemon_set", |a, k, c| {
        objects::update(a, k, c, DAEMON_SETS)
    })
    .action("daemon_set_available_and_healthy", |a, k, c| {
        availability::workload(a, k, c, DAEMON_SETS, Want::Healthy)
    })
    .action("daemon_set_fully_available", |a, k, c| {
        availability::workload(a, k, c, DAEMON_SETS, Want::Full)
    })
    .action("daemon_set_not_fully_available", |a, k, c| {
        availability::workload(a, k, c, DAEMON_SETS, Want::NotFull)
    })
    .action("daemon_set_partially_available", |a, k, c| {
        availability::workload(a, k, c, DAEMON_SETS, Want::Partial)
    })
    .action("create_statefulset", |a, k, c| {
        objects::create(a, k, c, STATEFUL_SETS)
    })
    .action("remove_statefulset", |a, k, c| {
        objects::delete(a, k, c, STATEFUL_SETS)
    })
    .action("scale_statefulset", objects::scale_statefulset)
    .action("statefulset_fully_available", |a, k, c| {
        availability::workload(a, k, c, STATEFUL_SETS, Want::Full)
    })
    .action("statefulset_not_fully_available", |a, k, c| {
        availability::workload(a, k, c, STATEFUL_SETS, Want::NotFull)
    })
}

/// Services, secrets, ingresses, namespaces, events.
fn bind_objects(set: Set) -> Set {
    set.action("create_service_endpoint", |a, k, c| {
        objects::create(a, k, c, SERVICES)
    })
    .action("remove_service_endpoint", |a, k, c| {
        objects::delete_named(a, k, c, SERVICES)
    })
    .action("delete_service", |a, k, c| {
        objects::delete_named(a, k, c, SERVICES)
    })
    .action(
        "service_is_initialized",
        availability::service_is_initialized,
    )
    .action(
        "service_endpoint_is_initialized",
        availability::service_endpoint_is_initialized,
    )
    .action("create_secret", |a, k, c| objects::create(a, k, c, SECRETS))
    .action("delete_secret", |a, k, c| {
        objects::delete_named(a, k, c, SECRETS)
    })
    .action("secret_exists", |a, k, c| objects::exists(a, k, c, SECRETS))
    .action("create_ingress", |a, k, c| {
        objects::create(a, k, c, INGRESSES)
    })
    .action("delete_ingress", |a, k, c| {
        objects::delete_named(a, k, c, INGRESSES)
    })
    .action("update_ingress", |a, k, c| {
        objects::update(a, k, c, INGRESSES)
    })
    .action("ingress_exists", |a, k, c| {
        objects::exists_named(a, k, c, INGRESSES)
    })
    .action("create_namespace", objects::create_namespace)
    .action("delete_namespace", objects::delete_namespace)
    .action("namespace_exists", objects::namespace_exists)
    .action("get_events", objects::get_events)
}

fn bind_nodes(set: Set) -> Set {
    set.action("cordon_node", node::cordon_node)
        .action("uncordon_node", node::uncordon_node)
        .action("drain_nodes", node::drain_nodes)
        .action("delete_nodes", node::delete_nodes)
        .action("create_node", node::create_node)
        .action("get_nodes", node::get_nodes)
        .action(
            "all_nodes_must_be_ready_to_schedule",
            node::all_nodes_must_be_ready_to_schedule,
        )
        .action("nodes_must_be_healthy", node::nodes_must_be_healthy)
        .action(
            "get_all_node_status_conditions",
            node::get_all_node_status_conditions,
        )
        .action("verify_nodes_condition", node::verify_nodes_condition)
}

fn bind_network_policies(set: Set) -> Set {
    set.action("deny_all_ingress", network::deny_all_ingress)
        .action("deny_all_egress", network::deny_all_egress)
        .action("allow_dns_access", network::allow_dns_access)
        .action("remove_deny_all_ingress", network::remove_deny_all_ingress)
        .action("remove_deny_all_egress", network::remove_deny_all_egress)
        .action("remove_allow_dns_access", network::remove_allow_dns_access)
        .action("create_network_policy", network::create_network_policy)
        .action("remove_network_policy", network::remove_network_policy)
}

fn bind_custom_objects(set: Set) -> Set {
    set.action("create_custom_object", custom::create_custom_object)
        .action(
            "create_cluster_custom_object",
            custom::create_cluster_custom_object,
        )
        .action("get_custom_object", custom::get_custom_object)
        .action(
            "get_cluster_custom_object",
            custom::get_cluster_custom_object,
        )
        .action("list_custom_objects", custom::list_custom_objects)
        .action(
            "list_cluster_custom_objects",
            custom::list_cluster_custom_objects,
        )
        .action("delete_custom_object", custom::delete_custom_object)
        .action(
            "delete_cluster_custom_object",
            custom::delete_cluster_custom_object,
        )
        .action("patch_custom_object", custom::patch_custom_object)
        .action(
            "patch_cluster_custom_object",
            custom::patch_cluster_custom_object,
        )
        .action("replace_custom_object", custom::replace_custom_object)
        .action(
            "replace_cluster_custom_object",
            custom::replace_cluster_custom_object,
        )
        .action("apply_from_json", custom::apply)
        .action("apply_from_yaml", custom::apply)
}

fn bind_chaos_mesh(set: Set) -> Set {
    set.action("add_latency", chaosmesh::add_latency)
        .action("corrupt_packets", chaosmesh::corrupt_packets)
        .action("duplicate_packets", chaosmesh::duplicate_packets)
        .action("reorder_packets", chaosmesh::reorder_packets)
        .action("set_loss", chaosmesh::set_loss)
        .action("set_bandwidth", chaosmesh::set_bandwidth)
        .action("get_network_fault", chaosmesh::get_network_fault)
        .action("get_network_faults", chaosmesh::get_network_faults)
        .action("delete_network_fault", chaosmesh::delete_network_fault)
        .action("stress_cpu", chaosmesh::stress_cpu)
        .action("stress_memory", chaosmesh::stress_memory)
        .action("get_stressor", chaosmesh::get_stressor)
        .action("get_stressors", chaosmesh::get_stressors)
        .action("delete_stressor", chaosmesh::delete_stressor)
}
