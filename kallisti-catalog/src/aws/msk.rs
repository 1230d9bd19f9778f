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
            &[
                ArgSpec::required("cluster_arn", ArgType::String).doc("The MSK cluster's ARN."),
            ],
        )
        .chaostoolkit("chaosaws.msk.actions")
        .returns("mapping")
        .doc("Deletes the MSK cluster `cluster_arn`; returns its ARN and state."),
        ActionSpec::probe(
            "describe_msk_cluster",
            &[
                ArgSpec::required("cluster_arn", ArgType::String).doc("The MSK cluster's ARN."),
            ],
        )
        .chaostoolkit("chaosaws.msk.probes")
        .returns("mapping")
        .doc("Describes the MSK cluster `cluster_arn` (name, state, broker count, Kafka version) under `ClusterInfo`."),
        ActionSpec::probe(
            "get_bootstrap_servers",
            &[
                ArgSpec::required("cluster_arn", ArgType::String).doc("The MSK cluster's ARN."),
            ],
        )
        .chaostoolkit("chaosaws.msk.probes")
        .returns("list")
        .doc("Returns the bootstrap broker addresses of MSK cluster `cluster_arn`, from every listener it has (plain, TLS, SASL)."),
        ActionSpec::action(
            "reboot_msk_broker",
            &[
                ArgSpec::required("cluster_arn", ArgType::String).doc("The MSK cluster's ARN."),
                ArgSpec::required("broker_ids", ArgType::List)
                    .doc("Ids of the brokers to reboot, as strings such as `1`."),
            ],
        )
        .chaostoolkit("chaosaws.msk.actions")
        .returns("mapping")
        .doc("Reboots the brokers `broker_ids` of MSK cluster `cluster_arn`; returns the cluster operation's ARN."),
    ],
    doc: "Amazon MSK (Kafka) clusters and brokers.",
};
