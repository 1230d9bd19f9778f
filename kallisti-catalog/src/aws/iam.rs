//! `aws.iam`: IAM.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.iam` namespace.
pub static IAM: NamespaceSpec = NamespaceSpec {
    name: "aws.iam",
    feature: "aws-iam",
    common_args: COMMON,
    actions: &[
        ActionSpec::action(
            "attach_role_policy",
            &[
                ArgSpec::required("arn", ArgType::String).doc("The managed policy's ARN."),
                ArgSpec::required("role_name", ArgType::String).doc("The role's name."),
            ],
        )
        .chaostoolkit("chaosaws.iam.actions")
        .returns("mapping")
        .doc("Attaches the managed policy `arn` to the role `role_name`; returns the (empty) response, as boto3 reads it."),
        ActionSpec::action(
            "create_policy",
            &[
                ArgSpec::required("name", ArgType::String).doc("The new policy's name."),
                ArgSpec::required("policy", ArgType::Mapping)
                    .doc("The policy document, with `Version` and `Statement`."),
                ArgSpec::optional("path", ArgType::String, r#""/""#)
                    .doc("The policy's path, beginning and ending with `/`."),
                ArgSpec::optional("description", ArgType::String, r#""""#)
                    .doc("A description of the policy."),
            ],
        )
        .chaostoolkit("chaosaws.iam.actions")
        .returns("mapping")
        .doc("Creates the customer managed policy `name` from the document `policy`; returns its name, id, ARN and path."),
        ActionSpec::action(
            "detach_role_policy",
            &[
                ArgSpec::required("arn", ArgType::String).doc("The managed policy's ARN."),
                ArgSpec::required("role_name", ArgType::String).doc("The role's name."),
            ],
        )
        .chaostoolkit("chaosaws.iam.actions")
        .returns("mapping")
        .doc("Detaches the managed policy `arn` from the role `role_name`; returns the (empty) response, as boto3 reads it."),
        ActionSpec::probe(
            "get_policy",
            &[
                ArgSpec::required("arn", ArgType::String).doc("The managed policy's ARN."),
            ],
        )
        .chaostoolkit("chaosaws.iam.probes")
        .returns("mapping")
        .doc("Describes the managed policy `arn` under `Policy`; fails when IAM does not know it."),
    ],
    doc: "IAM policies and their attachment to roles.",
};
