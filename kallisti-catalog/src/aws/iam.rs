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
                ArgSpec::required("arn", ArgType::String),
                ArgSpec::required("role_name", ArgType::String),
            ],
        )
        .returns("mapping")
        .doc("Attach a policy to a role."),
        ActionSpec::action(
            "create_policy",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("policy", ArgType::Mapping),
                ArgSpec::optional("path", ArgType::String, r#""/""#),
                ArgSpec::optional("description", ArgType::String, r#""""#),
            ],
        )
        .returns("mapping")
        .doc("Create a managed policy."),
        ActionSpec::action(
            "detach_role_policy",
            &[
                ArgSpec::required("arn", ArgType::String),
                ArgSpec::required("role_name", ArgType::String),
            ],
        )
        .returns("mapping")
        .doc("Detach a policy from a role."),
        ActionSpec::probe("get_policy", &[ArgSpec::required("arn", ArgType::String)])
            .returns("boolean")
            .doc("Whether the policy exists."),
    ],
    doc: "IAM policies and their attachment to roles.",
};
