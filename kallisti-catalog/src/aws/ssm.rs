//! `aws.ssm`: Systems Manager.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.ssm` namespace.
pub static SSM: NamespaceSpec = NamespaceSpec {
    name: "aws.ssm",
    feature: "aws-ssm",
    common_args: COMMON,
    actions: &[
        ActionSpec::action(
            "create_document",
            &[
                ArgSpec::required("path_content", ArgType::String),
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("version_name", ArgType::String, "null"),
                ArgSpec::optional("document_type", ArgType::String, "null"),
                ArgSpec::optional("document_format", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Create a document from a local file."),
        ActionSpec::action(
            "delete_document",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::optional("version_name", ArgType::String, "null"),
                ArgSpec::optional("force", ArgType::Boolean, "true"),
            ],
        )
        .returns("mapping")
        .doc("Delete a document."),
        ActionSpec::action(
            "put_parameter",
            &[
                ArgSpec::required("name", ArgType::String),
                ArgSpec::required("value", ArgType::String),
                ArgSpec::optional("description", ArgType::String, "null"),
                ArgSpec::optional("type", ArgType::String, "null"),
                ArgSpec::optional("key_id", ArgType::String, "null"),
                ArgSpec::optional("overwrite", ArgType::Boolean, "false"),
                ArgSpec::optional("allowed_pattern", ArgType::String, "null"),
                ArgSpec::optional("tags", ArgType::List, "null"),
                ArgSpec::optional("tier", ArgType::String, "null"),
                ArgSpec::optional("policies", ArgType::String, "null"),
                ArgSpec::optional("data_type", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Create or overwrite a parameter."),
        ActionSpec::action(
            "send_command",
            &[
                ArgSpec::required("document_name", ArgType::String),
                ArgSpec::optional("targets", ArgType::List, "null"),
                ArgSpec::optional("document_version", ArgType::String, "null"),
                ArgSpec::optional("parameters", ArgType::Mapping, "null"),
                ArgSpec::optional("timeout_seconds", ArgType::Integer, "null"),
                ArgSpec::optional("max_concurrency", ArgType::String, "null"),
                ArgSpec::optional("max_errors", ArgType::String, "null"),
                ArgSpec::optional("region", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Run a document on targets with Run Command."),
    ],
    doc: "Systems Manager documents, parameters and Run Command.",
};
