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
                ArgSpec::required("path_content", ArgType::String)
                    .doc("Path of a local file holding the document's content."),
                ArgSpec::required("name", ArgType::String).doc("The new document's name."),
                ArgSpec::optional("version_name", ArgType::String, "null")
                    .doc("A version name for the document."),
                ArgSpec::optional("document_type", ArgType::String, "null")
                    .doc("SSM's document type, e.g. `Command` or `Automation`."),
                ArgSpec::optional("document_format", ArgType::String, "null")
                    .doc("`JSON`, `YAML` or `TEXT`."),
            ],
        )
        .chaostoolkit("chaosaws.ssm.actions")
        .returns("mapping")
        .doc("Creates SSM document `name` from the content of the local file `path_content`; returns the document's description (the driver fails here without `version_name`, sending it as null)."),
        ActionSpec::action(
            "delete_document",
            &[
                ArgSpec::required("name", ArgType::String).doc("The document's name."),
                ArgSpec::optional("version_name", ArgType::String, "null")
                    .doc("The version to delete (default: every version)."),
                ArgSpec::optional("force", ArgType::Boolean, "true")
                    .doc("Send SSM's `Force` flag, which some document types need to be deleted."),
            ],
        )
        .chaostoolkit("chaosaws.ssm.actions")
        .returns("mapping")
        .doc("Deletes SSM document `name` (only version `version_name`, when given); returns the (empty) response, as boto3 reads it."),
        ActionSpec::action(
            "put_parameter",
            &[
                ArgSpec::required("name", ArgType::String)
                    .doc("The parameter's name, e.g. `/app/feature-flag`."),
                ArgSpec::required("value", ArgType::String).doc("The value to store."),
                ArgSpec::optional("description", ArgType::String, "null")
                    .doc("A description of the parameter."),
                ArgSpec::optional("type", ArgType::String, "null")
                    .doc("`String`, `StringList` or `SecureString`."),
                ArgSpec::optional("key_id", ArgType::String, "null")
                    .doc("KMS key encrypting a `SecureString` (default: the account's SSM key)."),
                ArgSpec::optional("overwrite", ArgType::Boolean, "false")
                    .doc("Replace the value of an existing parameter."),
                ArgSpec::optional("allowed_pattern", ArgType::String, "null")
                    .doc("A regular expression the value must match."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("Tags as `Key`/`Value` pairs (not with `overwrite`)."),
                ArgSpec::optional("tier", ArgType::String, "null")
                    .doc("`Standard`, `Advanced` or `Intelligent-Tiering`."),
                ArgSpec::optional("policies", ArgType::String, "null")
                    .doc("Parameter policies as a JSON string, e.g. an expiration."),
                ArgSpec::optional("data_type", ArgType::String, "null")
                    .doc("`text`, or `aws:ec2:image` for AMI ids."),
            ],
        )
        .chaostoolkit("chaosaws.ssm.actions")
        .returns("mapping")
        .doc("Stores `value` in parameter `name`, replacing an existing value only with `overwrite`; returns the new version and tier (a `SecureString` value is kept out of records and logs; the driver fails when an optional argument is left out, sending it as null)."),
        ActionSpec::action(
            "send_command",
            &[
                ArgSpec::required("document_name", ArgType::String)
                    .doc("The document to run, e.g. `AWS-RunShellScript`."),
                ArgSpec::optional("targets", ArgType::List, "null")
                    .doc("Which instances, as `Key`/`Values` pairs such as `InstanceIds` or `tag:Role`."),
                ArgSpec::optional("document_version", ArgType::String, "null")
                    .doc("The document version to run, e.g. `$LATEST` or `3`."),
                ArgSpec::optional("parameters", ArgType::Mapping, "null")
                    .doc("The document's parameters, each a string or a list of strings."),
                ArgSpec::optional("timeout_seconds", ArgType::Integer, "null")
                    .doc("Seconds (30 or more) after which the command is dropped if it has not started on an instance."),
                ArgSpec::optional("max_concurrency", ArgType::String, "null")
                    .doc("How many instances may run it at once: a number or a percentage such as `10%`."),
                ArgSpec::optional("max_errors", ArgType::String, "null")
                    .doc("Errors tolerated before no more instances get it: a number or a percentage."),
                ArgSpec::optional("region", ArgType::String, "null")
                    .doc("The region to run in (the same as the common `region`)."),
            ],
        )
        .chaostoolkit("chaosaws.ssm.actions")
        .returns("mapping")
        .doc("Runs SSM document `document_name` through Run Command on the instances `targets` selects; returns the SendCommand response (its `Command`: id, status, target count, ...). The driver fails when an optional argument is left out, sending it as null."),
    ],
    doc: "Systems Manager documents, parameters and Run Command.",
};
