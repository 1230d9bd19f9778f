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
            &[ArgSpec::required("bucket_name", ArgType::String)],
        )
        .returns("boolean")
        .doc("Whether the bucket exists."),
        ActionSpec::action(
            "delete_object",
            &[
                ArgSpec::required("bucket_name", ArgType::String),
                ArgSpec::required("object_key", ArgType::String),
                ArgSpec::optional("version_id", ArgType::String, "null"),
            ],
        )
        .doc("Delete an object (a version of it with `version_id`)."),
        ActionSpec::probe(
            "object_exists",
            &[
                ArgSpec::required("bucket_name", ArgType::String),
                ArgSpec::required("object_key", ArgType::String),
                ArgSpec::optional("version_id", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("Whether the object (a version of it with `version_id`) exists."),
        ActionSpec::action(
            "toggle_versioning",
            &[
                ArgSpec::required("bucket_name", ArgType::String),
                ArgSpec::optional("mfa_delete", ArgType::String, "null"),
                ArgSpec::optional("status", ArgType::String, "null"),
                ArgSpec::optional("mfa", ArgType::String, "null"),
                ArgSpec::optional("owner", ArgType::String, "null"),
            ],
        )
        .doc("Set a bucket's versioning (`Enabled` or `Suspended`; flipped when not given)."),
    ],
    doc: "S3 buckets and objects: existence, deletion, versioning.",
};
