//! `aws.rds`: RDS.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.rds` namespace.
pub static RDS: NamespaceSpec = NamespaceSpec {
    name: "aws.rds",
    feature: "aws-rds",
    common_args: COMMON,
    actions: &[
        ActionSpec::probe(
            "cluster_membership_count",
            &[ArgSpec::required("cluster_id", ArgType::String)],
        )
        .returns("integer")
        .doc("How many instances a DB cluster has."),
        ActionSpec::probe(
            "cluster_status",
            &[
                ArgSpec::optional("cluster_id", ArgType::String, "null"),
                ArgSpec::optional("filters", ArgType::List, "null"),
            ],
        )
        .returns("object")
        .doc("A DB cluster's status, or the statuses of the clusters matching `filters`."),
        ActionSpec::action(
            "delete_db_cluster",
            &[
                ArgSpec::required("db_cluster_identifier", ArgType::String),
                ArgSpec::optional("skip_final_snapshot", ArgType::Boolean, "true"),
                ArgSpec::optional("db_snapshot_identifier", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Delete a DB cluster."),
        ActionSpec::action(
            "delete_db_cluster_endpoint",
            &[ArgSpec::required("db_cluster_identifier", ArgType::String)],
        )
        .returns("mapping")
        .doc("Delete a custom DB cluster endpoint."),
        ActionSpec::action(
            "delete_db_instance",
            &[
                ArgSpec::required("db_instance_identifier", ArgType::String),
                ArgSpec::optional("skip_final_snapshot", ArgType::Boolean, "true"),
                ArgSpec::optional("db_snapshot_identifier", ArgType::String, "null"),
                ArgSpec::optional("delete_automated_backups", ArgType::Boolean, "true"),
            ],
        )
        .returns("mapping")
        .doc("Delete a DB instance."),
        ActionSpec::action(
            "failover_db_cluster",
            &[
                ArgSpec::required("db_cluster_identifier", ArgType::String),
                ArgSpec::optional("target_db_instance_identifier", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Force a DB cluster to fail over, optionally to a given instance."),
        ActionSpec::probe(
            "instance_status",
            &[
                ArgSpec::optional("instance_id", ArgType::String, "null"),
                ArgSpec::optional("filters", ArgType::List, "null"),
            ],
        )
        .returns("object")
        .doc("A DB instance's status, or the statuses of the instances matching `filters`."),
        ActionSpec::action(
            "reboot_db_instance",
            &[
                ArgSpec::required("db_instance_identifier", ArgType::String),
                ArgSpec::optional("force_failover", ArgType::Boolean, "false"),
            ],
        )
        .returns("mapping")
        .doc("Reboot a DB instance, failing over with `force_failover`."),
        ActionSpec::action(
            "stop_db_cluster",
            &[ArgSpec::required("db_cluster_identifier", ArgType::String)],
        )
        .returns("mapping")
        .doc("Stop a DB cluster."),
        ActionSpec::action(
            "stop_db_instance",
            &[
                ArgSpec::required("db_instance_identifier", ArgType::String),
                ArgSpec::optional("db_snapshot_identifier", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Stop a DB instance, optionally snapshotting it first."),
    ],
    doc: "RDS instances and Aurora clusters: fail over, reboot, stop, delete, status probes.",
};
