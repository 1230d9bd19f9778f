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
            &[
                ArgSpec::required("replication_group_id", ArgType::String)
                    .doc("The replication group's id."),
            ],
        )
        .chaostoolkit("chaosaws.elasticache.probes")
        .returns("integer")
        .doc("Counts the member cache clusters of replication group `replication_group_id`; returns the number."),
        ActionSpec::action(
            "delete_cache_clusters",
            &[
                ArgSpec::required("cluster_ids", ArgType::List).doc("Ids of the cache clusters."),
                ArgSpec::optional("final_snapshot_id", ArgType::String, "null")
                    .doc("Name of a final snapshot to take before deleting."),
            ],
        )
        .chaostoolkit("chaosaws.elasticache.actions")
        .returns("list")
        .doc("Deletes each cache cluster in `cluster_ids`, snapshotting it first when `final_snapshot_id` is given; returns one description per cluster."),
        ActionSpec::action(
            "delete_replication_groups",
            &[
                ArgSpec::required("group_ids", ArgType::List)
                    .doc("Ids of the replication groups to delete."),
                ArgSpec::optional("final_snapshot_id", ArgType::String, "null")
                    .doc("Name of a final snapshot to take before deleting."),
                ArgSpec::optional("retain_primary_cluster", ArgType::Boolean, "true")
                    .doc("Keep the primary cluster, deleting only the replicas and the group."),
            ],
        )
        .chaostoolkit("chaosaws.elasticache.actions")
        .returns("list")
        .doc("Deletes each replication group in `group_ids`, snapshotting it first when `final_snapshot_id` is given; returns one description per group."),
        ActionSpec::probe(
            "describe_cache_cluster",
            &[
                ArgSpec::required("cluster_id", ArgType::String).doc("The cache cluster's id."),
                ArgSpec::optional("show_node_info", ArgType::Boolean, "false")
                    .doc("Include each cache node's status and endpoint."),
            ],
        )
        .chaostoolkit("chaosaws.elasticache.probes")
        .returns("mapping")
        .doc("Describes cache cluster `cluster_id` (status, engine, node type, nodes) under `CacheClusters`."),
        ActionSpec::probe(
            "get_cache_node_count",
            &[
                ArgSpec::required("cluster_id", ArgType::String).doc("The cache cluster's id."),
            ],
        )
        .chaostoolkit("chaosaws.elasticache.probes")
        .returns("integer")
        .doc("Reads cache cluster `cluster_id` and returns its number of cache nodes."),
        ActionSpec::probe(
            "get_cache_node_status",
            &[
                ArgSpec::required("cluster_id", ArgType::String).doc("The cache cluster's id."),
            ],
        )
        .chaostoolkit("chaosaws.elasticache.probes")
        .returns("string")
        .doc("Reads cache cluster `cluster_id` and returns its status, e.g. `available` or `modifying`."),
        ActionSpec::action(
            "reboot_cache_clusters",
            &[
                ArgSpec::required("cluster_ids", ArgType::List).doc("Ids of the cache clusters."),
                ArgSpec::optional("node_ids", ArgType::List, "null")
                    .doc("Ids of the nodes to reboot, e.g. `0001` (default: every node of each cluster)."),
            ],
        )
        .chaostoolkit("chaosaws.elasticache.actions")
        .returns("list")
        .doc("Reboots the nodes `node_ids` (all of them when none is given) of each cache cluster in `cluster_ids`; returns one cluster description per reboot."),
        ActionSpec::action(
            "test_failover",
            &[
                ArgSpec::required("replication_group_id", ArgType::String)
                    .doc("The replication group's id."),
                ArgSpec::required("node_group_id", ArgType::String)
                    .doc("The node group (shard) to fail over, e.g. `0001`."),
            ],
        )
        .chaostoolkit("chaosaws.elasticache.actions")
        .returns("list")
        .doc("Fails over the primary of node group `node_group_id` in replication group `replication_group_id` through ElastiCache's TestFailover; returns the group's description."),
    ],
    doc: "ElastiCache clusters and replication groups: reboot, delete, fail over.",
};
