//! `aws.incidents`: Incident Manager.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.incidents` namespace.
pub static INCIDENTS: NamespaceSpec = NamespaceSpec {
    name: "aws.incidents",
    feature: "aws-incidents",
    common_args: COMMON,
    actions: &[
        ActionSpec::probe(
            "get_active_incident_items",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1"),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("created_by", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("The related items of the most recent open incident matching the criteria."),
        ActionSpec::probe(
            "get_active_incidents",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1"),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("created_by", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Open incidents of this impact created within the window."),
        ActionSpec::probe(
            "get_incidents",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1"),
                ArgSpec::optional("status", ArgType::String, r#""OPEN""#),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("created_by", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Incidents of this impact and status created within the window."),
        ActionSpec::probe(
            "get_resolved_incident_items",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1"),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("created_by", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("The related items of the most recent resolved incident matching the criteria."),
        ActionSpec::probe(
            "get_resolved_incidents",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1"),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("created_by", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Resolved incidents of this impact created within the window."),
        ActionSpec::probe(
            "has_incident_been_opened",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1"),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("created_by", ArgType::Any, "null"),
            ],
        )
        .returns("boolean")
        .doc("Whether an incident matching the criteria is open."),
        ActionSpec::probe(
            "has_incident_been_resolved",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1"),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("created_by", ArgType::Any, "null"),
            ],
        )
        .returns("boolean")
        .doc("Whether an incident matching the criteria was resolved."),
    ],
    doc: "AWS Systems Manager Incident Manager: incidents opened or resolved in a window.",
};
