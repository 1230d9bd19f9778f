//! `aws.elasticache`: ElastiCache.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.elasticache` namespace.
pub static ELASTICACHE: NamespaceSpec = NamespaceSpec {
    name: "aws.elasticache",
    feature: "aws-elasticache",
    common_args: COMMON,
    actions: &[
        ActionSpec::probe(
            "count_cache_clusters_from_replication_group",
            &[ArgSpec::required("replication_group_id", ArgType::String)],
        )
        .returns("integer")
        .doc("How many cache clusters a replication group has."),
        ActionSpec::action(
            "delete_cache_clusters",
            &[
                ArgSpec::required("cluster_ids", ArgType::List),
                ArgSpec::optional("final_snapshot_id", ArgType::String, "null"),
            ],
        )
        .returns("list")
        .doc("Delete cache clusters."),
        ActionSpec::action(
            "delete_replication_groups",
            &[
                ArgSpec::required("group_ids", ArgType::List),
                ArgSpec::optional("final_snapshot_id", ArgType::String, "null"),
                ArgSpec::optional("retain_primary_cluster", ArgType::Boolean, "true"),
            ],
        )
        .returns("list")
        .doc("Delete replication groups."),
        ActionSpec::probe(
            "describe_cache_cluster",
            &[
                ArgSpec::required("cluster_id", ArgType::String),
                ArgSpec::optional("show_node_info", ArgType::Boolean, "false"),
            ],
        )
        .returns("mapping")
        .doc("A cache cluster, as `DescribeCacheClusters` returns it."),
        ActionSpec::probe(
            "get_cache_node_count",
            &[ArgSpec::required("cluster_id", ArgType::String)],
        )
        .returns("integer")
        .doc("How many cache nodes a cluster has."),
        ActionSpec::probe(
            "get_cache_node_status",
            &[ArgSpec::required("cluster_id", ArgType::String)],
        )
        .returns("string")
        .doc("A cache cluster's status."),
        ActionSpec::action(
            "reboot_cache_clusters",
            &[
                ArgSpec::required("cluster_ids", ArgType::List),
                ArgSpec::optional("node_ids", ArgType::List, "null"),
            ],
        )
        .returns("list")
        .doc("Reboot the nodes (all when none given) of cache clusters."),
        ActionSpec::action(
            "test_failover",
            &[
                ArgSpec::required("replication_group_id", ArgType::String),
                ArgSpec::required("node_group_id", ArgType::String),
            ],
        )
        .returns("list")
        .doc("Fail over the primary node of a replication group's node group."),
    ],
    doc: "ElastiCache clusters and replication groups: reboot, delete, fail over.",
};
