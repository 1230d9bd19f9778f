//! `aws.msk`: MSK.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.msk` namespace.
pub static MSK: NamespaceSpec = NamespaceSpec {
    name: "aws.msk",
    feature: "aws-msk",
    common_args: COMMON,
    actions: &[
        ActionSpec::action(
            "delete_cluster",
            &[ArgSpec::required("cluster_arn", ArgType::String)],
        )
        .returns("mapping")
        .doc("Delete an MSK cluster."),
        ActionSpec::probe(
            "describe_msk_cluster",
            &[ArgSpec::required("cluster_arn", ArgType::String)],
        )
        .returns("mapping")
        .doc("An MSK cluster, as `DescribeCluster` returns it."),
        ActionSpec::probe(
            "get_bootstrap_servers",
            &[ArgSpec::required("cluster_arn", ArgType::String)],
        )
        .returns("list")
        .doc("The cluster's bootstrap broker addresses."),
        ActionSpec::action(
            "reboot_msk_broker",
            &[
                ArgSpec::required("cluster_arn", ArgType::String),
                ArgSpec::required("broker_ids", ArgType::List),
            ],
        )
        .returns("mapping")
        .doc("Reboot brokers of an MSK cluster."),
    ],
    doc: "Amazon MSK (Kafka) clusters and brokers.",
};
