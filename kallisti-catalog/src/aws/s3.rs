//! `aws.s3`: S3.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.s3` namespace.
pub static S3: NamespaceSpec = NamespaceSpec {
    name: "aws.s3",
    feature: "aws-s3",
    common_args: COMMON,
    actions: &[
        ActionSpec::probe(
            "bucket_exists",
            &[
                ArgSpec::required("bucket_name", ArgType::String).doc("The bucket's name."),
            ],
        )
        .chaostoolkit("chaosaws.s3.probes")
        .returns("boolean")
        .doc("True when bucket `bucket_name` exists, false when S3 answers that it does not."),
        ActionSpec::action(
            "delete_object",
            &[
                ArgSpec::required("bucket_name", ArgType::String).doc("The bucket's name."),
                ArgSpec::required("object_key", ArgType::String).doc("The object's key."),
                ArgSpec::optional("version_id", ArgType::String, "null")
                    .doc("A version of the object (default: the current one)."),
            ],
        )
        .chaostoolkit("chaosaws.s3.actions")
        .doc("Deletes object `object_key` from bucket `bucket_name` (only version `version_id`, when given); returns nothing."),
        ActionSpec::probe(
            "object_exists",
            &[
                ArgSpec::required("bucket_name", ArgType::String).doc("The bucket's name."),
                ArgSpec::required("object_key", ArgType::String).doc("The object's key."),
                ArgSpec::optional("version_id", ArgType::String, "null")
                    .doc("A version of the object (default: the current one)."),
            ],
        )
        .chaostoolkit("chaosaws.s3.probes")
        .returns("boolean")
        .doc("True when object `object_key` (version `version_id`, when given) is in bucket `bucket_name`."),
        ActionSpec::action(
            "toggle_versioning",
            &[
                ArgSpec::required("bucket_name", ArgType::String).doc("The bucket's name."),
                ArgSpec::optional("mfa_delete", ArgType::String, "null")
                    .choices(&["Enabled", "Disabled"])
                    .doc("`Enabled` or `Disabled`: whether deletions need MFA."),
                ArgSpec::optional("status", ArgType::String, "null")
                    .choices(&["Enabled", "Suspended"])
                    .doc("`Enabled` or `Suspended` (default: the opposite of the current state)."),
                ArgSpec::optional("mfa", ArgType::String, "null")
                    .doc("The MFA device's serial and current code, space-separated (kept secret)."),
                ArgSpec::optional("owner", ArgType::String, "null")
                    .doc("Account id expected to own the bucket."),
            ],
        )
        .chaostoolkit("chaosaws.s3.actions")
        .doc("Sets the versioning of bucket `bucket_name` to `status`, or flips it between enabled and suspended when no status is given; returns nothing."),
    ],
    doc: "S3 buckets and objects: existence, deletion, versioning.",
};
