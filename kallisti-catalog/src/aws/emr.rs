//! `aws.emr`: EMR.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.emr` namespace.
pub static EMR: NamespaceSpec = NamespaceSpec {
    name: "aws.emr",
    feature: "aws-emr",
    common_args: COMMON,
    actions: &[
        ActionSpec::probe(
            "describe_cluster",
            &[
                ArgSpec::required("cluster_id", ArgType::String)
                    .doc("The EMR cluster's id, e.g. `j-2AXXXXXXGAPLF`."),
            ],
        )
        .chaostoolkit("chaosaws.emr.probes")
        .returns("mapping")
        .doc("Describes EMR cluster `cluster_id` (state, step concurrency, release) under `Cluster`."),
        ActionSpec::probe(
            "describe_instance_fleet",
            &[
                ArgSpec::required("cluster_id", ArgType::String)
                    .doc("The EMR cluster's id, e.g. `j-2AXXXXXXGAPLF`."),
                ArgSpec::required("fleet_id", ArgType::String).doc("The instance fleet's id."),
            ],
        )
        .chaostoolkit("chaosaws.emr.probes")
        .returns("mapping")
        .doc("Describes instance fleet `fleet_id` of cluster `cluster_id` under `InstanceFleets`, the driver's key; null there when the cluster has no such fleet, as in the driver."),
        ActionSpec::probe(
            "describe_instance_group",
            &[
                ArgSpec::required("cluster_id", ArgType::String)
                    .doc("The EMR cluster's id, e.g. `j-2AXXXXXXGAPLF`."),
                ArgSpec::required("group_id", ArgType::String).doc("The instance group's id."),
            ],
        )
        .chaostoolkit("chaosaws.emr.probes")
        .returns("mapping")
        .doc("Describes instance group `group_id` of cluster `cluster_id` (type, instance counts, shrink policy) under `InstanceGroups`, the driver's key; `InstanceGroups` is null when the cluster has no such group, as in the driver."),
        ActionSpec::probe(
            "list_cluster_fleet_instances",
            &[
                ArgSpec::required("cluster_id", ArgType::String)
                    .doc("The EMR cluster's id, e.g. `j-2AXXXXXXGAPLF`."),
                ArgSpec::required("fleet_id", ArgType::String).doc("The instance fleet's id."),
                ArgSpec::optional("fleet_type", ArgType::String, "null")
                    .doc("`MASTER`, `CORE` or `TASK`."),
                ArgSpec::optional("instance_states", ArgType::List, "null")
                    .doc("States to keep: `AWAITING_FULFILLMENT`, `PROVISIONING`, `BOOTSTRAPPING`, `RUNNING` or `TERMINATED`."),
            ],
        )
        .chaostoolkit("chaosaws.emr.probes")
        .returns("mapping")
        .doc("Lists the instances of fleet `fleet_id` in cluster `cluster_id`, narrowed by `fleet_type` and `instance_states` when given, under `Instances`."),
        ActionSpec::probe(
            "list_cluster_group_instances",
            &[
                ArgSpec::required("cluster_id", ArgType::String)
                    .doc("The EMR cluster's id, e.g. `j-2AXXXXXXGAPLF`."),
                ArgSpec::required("group_id", ArgType::String).doc("The instance group's id."),
                ArgSpec::optional("group_type", ArgType::String, "null")
                    .doc("`MASTER`, `CORE` or `TASK`."),
                ArgSpec::optional("instance_states", ArgType::List, "null")
                    .doc("States to keep: `AWAITING_FULFILLMENT`, `PROVISIONING`, `BOOTSTRAPPING`, `RUNNING` or `TERMINATED`."),
            ],
        )
        .chaostoolkit("chaosaws.emr.probes")
        .returns("mapping")
        .doc("Lists the instances of group `group_id` in cluster `cluster_id`, narrowed by `group_type` and `instance_states` when given, under `Instances`. The driver fails with `group_type`, sending it under a name ListInstances does not know."),
        ActionSpec::action(
            "modify_cluster",
            &[
                ArgSpec::required("cluster_id", ArgType::String)
                    .doc("The EMR cluster's id, e.g. `j-2AXXXXXXGAPLF`."),
                ArgSpec::required("concurrency", ArgType::Integer)
                    .doc("How many steps may run at once, 1 to 256."),
            ],
        )
        .chaostoolkit("chaosaws.emr.actions")
        .returns("mapping")
        .doc("Sets how many steps cluster `cluster_id` may run at once; returns ModifyCluster's response (the new `StepConcurrencyLevel`)."),
        ActionSpec::action(
            "modify_instance_fleet",
            &[
                ArgSpec::required("cluster_id", ArgType::String)
                    .doc("The EMR cluster's id, e.g. `j-2AXXXXXXGAPLF`."),
                ArgSpec::required("fleet_id", ArgType::String).doc("The instance fleet's id."),
                ArgSpec::optional("on_demand_capacity", ArgType::Integer, "null")
                    .doc("New target on-demand capacity, in capacity units."),
                ArgSpec::optional("spot_capacity", ArgType::Integer, "null")
                    .doc("New target spot capacity, in capacity units."),
            ],
        )
        .chaostoolkit("chaosaws.emr.actions")
        .returns("mapping")
        .doc("Sets the on-demand and/or spot target capacity of fleet `fleet_id` in cluster `cluster_id`; returns the fleet's description afterwards under `InstanceFleets`, the driver's key."),
        ActionSpec::action(
            "modify_instance_groups_instance_count",
            &[
                ArgSpec::required("cluster_id", ArgType::String)
                    .doc("The EMR cluster's id, e.g. `j-2AXXXXXXGAPLF`."),
                ArgSpec::required("group_id", ArgType::String).doc("The instance group's id."),
                ArgSpec::required("instance_count", ArgType::Integer)
                    .doc("The number of instances the group should have."),
            ],
        )
        .chaostoolkit("chaosaws.emr.actions")
        .returns("mapping")
        .doc("Resizes instance group `group_id` of cluster `cluster_id` to `instance_count` instances; returns the group's description afterwards under `InstanceGroups`, the driver's key."),
        ActionSpec::action(
            "modify_instance_groups_shrink_policy",
            &[
                ArgSpec::required("cluster_id", ArgType::String)
                    .doc("The EMR cluster's id, e.g. `j-2AXXXXXXGAPLF`."),
                ArgSpec::required("group_id", ArgType::String).doc("The instance group's id."),
                ArgSpec::optional("decommission_timeout", ArgType::Integer, "null")
                    .doc("Seconds instances get to decommission gracefully when the group shrinks."),
                ArgSpec::optional("terminate_instances", ArgType::List, "null")
                    .doc("EC2 ids of instances to terminate first when the group shrinks."),
                ArgSpec::optional("protect_instances", ArgType::List, "null")
                    .doc("EC2 ids of instances never to terminate when the group shrinks."),
                ArgSpec::optional("termination_timeout", ArgType::Integer, "null")
                    .doc("Seconds the instances in `terminate_instances` get to decommission, overriding `decommission_timeout`."),
            ],
        )
        .chaostoolkit("chaosaws.emr.actions")
        .returns("mapping")
        .doc("Sets the shrink policy of instance group `group_id` in cluster `cluster_id` (decommission timeout, instances to terminate or protect); returns the group's description afterwards under `InstanceGroups`, the driver's key."),
    ],
    doc: "EMR clusters, instance groups and fleets: resize, shrink policies, step concurrency.",
};
