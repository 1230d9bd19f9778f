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
            &[ArgSpec::required("cluster_id", ArgType::String)],
        )
        .returns("mapping")
        .doc("An EMR cluster, as `DescribeCluster` returns it."),
        ActionSpec::probe(
            "describe_instance_fleet",
            &[
                ArgSpec::required("cluster_id", ArgType::String),
                ArgSpec::required("fleet_id", ArgType::String),
            ],
        )
        .returns("mapping")
        .doc("One instance fleet of a cluster."),
        ActionSpec::probe(
            "describe_instance_group",
            &[
                ArgSpec::required("cluster_id", ArgType::String),
                ArgSpec::required("group_id", ArgType::String),
            ],
        )
        .returns("mapping")
        .doc("One instance group of a cluster."),
        ActionSpec::probe(
            "list_cluster_fleet_instances",
            &[
                ArgSpec::required("cluster_id", ArgType::String),
                ArgSpec::required("fleet_id", ArgType::String),
                ArgSpec::optional("fleet_type", ArgType::String, "null"),
                ArgSpec::optional("instance_states", ArgType::List, "null"),
            ],
        )
        .returns("mapping")
        .doc("The instances of a fleet, optionally by fleet type and states."),
        ActionSpec::probe(
            "list_cluster_group_instances",
            &[
                ArgSpec::required("cluster_id", ArgType::String),
                ArgSpec::required("group_id", ArgType::String),
                ArgSpec::optional("group_type", ArgType::String, "null"),
                ArgSpec::optional("instance_states", ArgType::List, "null"),
            ],
        )
        .returns("mapping")
        .doc("The instances of a group, optionally by group type and states."),
        ActionSpec::action(
            "modify_cluster",
            &[
                ArgSpec::required("cluster_id", ArgType::String),
                ArgSpec::required("concurrency", ArgType::Integer),
            ],
        )
        .returns("mapping")
        .doc("Set a cluster's step concurrency."),
        ActionSpec::action(
            "modify_instance_fleet",
            &[
                ArgSpec::required("cluster_id", ArgType::String),
                ArgSpec::required("fleet_id", ArgType::String),
                ArgSpec::optional("on_demand_capacity", ArgType::Integer, "null"),
                ArgSpec::optional("spot_capacity", ArgType::Integer, "null"),
            ],
        )
        .returns("mapping")
        .doc("Set a fleet's on-demand and spot target capacities."),
        ActionSpec::action(
            "modify_instance_groups_instance_count",
            &[
                ArgSpec::required("cluster_id", ArgType::String),
                ArgSpec::required("group_id", ArgType::String),
                ArgSpec::required("instance_count", ArgType::Integer),
            ],
        )
        .returns("mapping")
        .doc("Set an instance group's instance count."),
        ActionSpec::action(
            "modify_instance_groups_shrink_policy",
            &[
                ArgSpec::required("cluster_id", ArgType::String),
                ArgSpec::required("group_id", ArgType::String),
                ArgSpec::optional("decommission_timeout", ArgType::Integer, "null"),
                ArgSpec::optional("terminate_instances", ArgType::List, "null"),
                ArgSpec::optional("protect_instances", ArgType::List, "null"),
                ArgSpec::optional("termination_timeout", ArgType::Integer, "null"),
            ],
        )
        .returns("mapping")
        .doc("Set an instance group's shrink policy."),
    ],
    doc: "EMR clusters, instance groups and fleets: resize, shrink policies, step concurrency.",
};
