//! `aws.eks`: EKS.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.eks` namespace.
pub static EKS: NamespaceSpec = NamespaceSpec {
    name: "aws.eks",
    feature: "aws-eks",
    common_args: COMMON,
    actions: &[
        ActionSpec::action(
            "create_cluster",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("role_arn", ArgType::String),
                ArgSpec::required("vpc_config", ArgType::Mapping),
                ArgSpec::optional("version", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Create an EKS cluster."),
        ActionSpec::action(
            "delete_cluster",
            &[ArgSpec::optional("name", ArgType::String, "null")],
        )
        .returns("mapping")
        .doc("Delete an EKS cluster."),
        ActionSpec::probe(
            "describe_cluster",
            &[ArgSpec::required("name", ArgType::String)],
        )
        .returns("mapping")
        .doc("An EKS cluster, as `DescribeCluster` returns it."),
        ActionSpec::probe("list_clusters", &[])
            .returns("mapping")
            .doc("The names of the EKS clusters of the region."),
    ],
    doc: "EKS clusters: create, delete, describe, list.",
};
