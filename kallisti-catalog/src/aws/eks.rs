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
                ArgSpec::required("name", ArgType::String).doc("The new cluster's name."),
                ArgSpec::required("role_arn", ArgType::String)
                    .doc("ARN of the IAM role EKS uses to manage the cluster."),
                ArgSpec::required("vpc_config", ArgType::Mapping)
                    .doc("VPC settings: `subnetIds`, `securityGroupIds`, `endpointPublicAccess`, `endpointPrivateAccess`, `publicAccessCidrs`."),
                ArgSpec::optional("version", ArgType::String, "null")
                    .doc("Kubernetes version, e.g. `1.29` (default: EKS's current default)."),
            ],
        )
        .chaostoolkit("chaosaws.eks.actions")
        .returns("mapping")
        .doc("Creates the EKS cluster `name` with role `role_arn` and the network settings of `vpc_config`; returns its description as creation starts."),
        ActionSpec::action(
            "delete_cluster",
            &[
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("The cluster's name (the step fails without it)."),
            ],
        )
        .chaostoolkit("chaosaws.eks.actions")
        .returns("mapping")
        .doc("Deletes the EKS cluster `name`; returns its description as deletion starts."),
        ActionSpec::probe(
            "describe_cluster",
            &[
                ArgSpec::required("name", ArgType::String).doc("The cluster's name."),
            ],
        )
        .chaostoolkit("chaosaws.eks.probes")
        .returns("mapping")
        .doc("Describes the EKS cluster `name` (status, version, endpoint, role, VPC) under `cluster`; null when there is no such cluster."),
        ActionSpec::probe("list_clusters", &[])
        .chaostoolkit("chaosaws.eks.probes")
            .returns("mapping")
            .doc("Lists the names of the region's EKS clusters under `clusters`."),
    ],
    doc: "EKS clusters: create, delete, describe, list.",
};
