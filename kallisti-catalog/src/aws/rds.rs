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
            &[
                ArgSpec::required("cluster_id", ArgType::String)
                    .doc("The DB cluster's identifier."),
            ],
        )
        .chaostoolkit("chaosaws.rds.probes")
        .returns("integer")
        .doc("Returns how many DB instances belong to DB cluster `cluster_id` (0 when it has none)."),
        ActionSpec::probe(
            "cluster_status",
            &[
                ArgSpec::optional("cluster_id", ArgType::String, "null")
                    .doc("The DB cluster's identifier (or give `filters`)."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("RDS filters as `Name`/`Values` pairs, e.g. `engine`."),
            ],
        )
        .chaostoolkit("chaosaws.rds.probes")
        .returns("object")
        .doc("Returns the status of DB cluster `cluster_id`, or of the clusters matching `filters`: one status when they all share it, else the list of their distinct statuses."),
        ActionSpec::action(
            "delete_db_cluster",
            &[
                ArgSpec::required("db_cluster_identifier", ArgType::String)
                    .doc("The DB cluster's identifier."),
                ArgSpec::optional("skip_final_snapshot", ArgType::Boolean, "true")
                    .doc("Delete without taking a final snapshot."),
                ArgSpec::optional("db_snapshot_identifier", ArgType::String, "null")
                    .doc("Name of the final snapshot (required when `skip_final_snapshot` is false)."),
            ],
        )
        .chaostoolkit("chaosaws.rds.actions")
        .returns("mapping")
        .doc("Deletes DB cluster `db_cluster_identifier`, with a final snapshot unless `skip_final_snapshot`; returns its description."),
        ActionSpec::action(
            "delete_db_cluster_endpoint",
            &[
                ArgSpec::required("db_cluster_identifier", ArgType::String)
                    .doc("The custom endpoint's identifier (the argument's name is the driver's)."),
            ],
        )
        .chaostoolkit("chaosaws.rds.actions")
        .returns("mapping")
        .doc("Deletes the custom DB cluster endpoint named in `db_cluster_identifier`; returns the endpoint's identifier, cluster, address and status."),
        ActionSpec::action(
            "delete_db_instance",
            &[
                ArgSpec::required("db_instance_identifier", ArgType::String)
                    .doc("The DB instance's identifier."),
                ArgSpec::optional("skip_final_snapshot", ArgType::Boolean, "true")
                    .doc("Delete without taking a final snapshot."),
                ArgSpec::optional("db_snapshot_identifier", ArgType::String, "null")
                    .doc("Name of the final snapshot (required when `skip_final_snapshot` is false)."),
                ArgSpec::optional("delete_automated_backups", ArgType::Boolean, "true")
                    .doc("Also delete the instance's automated backups."),
            ],
        )
        .chaostoolkit("chaosaws.rds.actions")
        .returns("mapping")
        .doc("Deletes DB instance `db_instance_identifier`, with a final snapshot unless `skip_final_snapshot`; returns its description."),
        ActionSpec::action(
            "failover_db_cluster",
            &[
                ArgSpec::required("db_cluster_identifier", ArgType::String)
                    .doc("The DB cluster's identifier."),
                ArgSpec::optional("target_db_instance_identifier", ArgType::String, "null")
                    .doc("The replica to promote (default: RDS chooses)."),
            ],
        )
        .chaostoolkit("chaosaws.rds.actions")
        .returns("mapping")
        .doc("Forces DB cluster `db_cluster_identifier` to fail over, to `target_db_instance_identifier` when given (the driver fails without one, sending it as null); returns the cluster's description."),
        ActionSpec::probe(
            "instance_status",
            &[
                ArgSpec::optional("instance_id", ArgType::String, "null")
                    .doc("The DB instance's identifier (or give `filters`)."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("RDS filters as `Name`/`Values` pairs, e.g. `db-cluster-id`."),
            ],
        )
        .chaostoolkit("chaosaws.rds.probes")
        .returns("object")
        .doc("Returns the status of DB instance `instance_id`, or of the instances matching `filters`: one status when they all share it, else the list of their distinct statuses."),
        ActionSpec::action(
            "reboot_db_instance",
            &[
                ArgSpec::required("db_instance_identifier", ArgType::String)
                    .doc("The DB instance's identifier."),
                ArgSpec::optional("force_failover", ArgType::Boolean, "false")
                    .doc("Reboot through a Multi-AZ failover."),
            ],
        )
        .chaostoolkit("chaosaws.rds.actions")
        .returns("mapping")
        .doc("Reboots DB instance `db_instance_identifier`, failing over to its standby with `force_failover`; returns its description."),
        ActionSpec::action(
            "stop_db_cluster",
            &[
                ArgSpec::required("db_cluster_identifier", ArgType::String)
                    .doc("The DB cluster's identifier."),
            ],
        )
        .chaostoolkit("chaosaws.rds.actions")
        .returns("mapping")
        .doc("Stops DB cluster `db_cluster_identifier`; returns its description."),
        ActionSpec::action(
            "stop_db_instance",
            &[
                ArgSpec::required("db_instance_identifier", ArgType::String)
                    .doc("The DB instance's identifier."),
                ArgSpec::optional("db_snapshot_identifier", ArgType::String, "null")
                    .doc("Name of a snapshot to take before stopping."),
            ],
        )
        .chaostoolkit("chaosaws.rds.actions")
        .returns("mapping")
        .doc("Stops DB instance `db_instance_identifier`, snapshotting it first when `db_snapshot_identifier` is given; returns its description."),
    ],
    doc: "RDS instances and Aurora clusters: fail over, reboot, stop, delete, status probes.",
};
