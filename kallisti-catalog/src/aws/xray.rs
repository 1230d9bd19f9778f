//! `aws.xray`: X-Ray.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.xray` namespace.
pub static XRAY: NamespaceSpec = NamespaceSpec {
    name: "aws.xray",
    feature: "aws-xray",
    common_args: COMMON,
    actions: &[
        ActionSpec::probe(
            "get_most_recent_trace",
            &[
                ArgSpec::optional("start_time", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("end_time", ArgType::Any, r#""now""#),
                ArgSpec::optional("time_range_type", ArgType::String, r#""TraceId""#),
                ArgSpec::optional(
                    "filter_expression",
                    ArgType::String,
                    r#""groupname = \"Default\"""#,
                ),
                ArgSpec::optional("sampling", ArgType::Boolean, "false"),
                ArgSpec::optional("sampling_strategy", ArgType::Any, "null"),
                ArgSpec::optional("raw_segments", ArgType::Boolean, "false"),
            ],
        )
        .returns("object")
        .doc("The most recent trace in the window."),
        ActionSpec::probe(
            "get_service_graph",
            &[
                ArgSpec::optional("start_time", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("end_time", ArgType::Any, r#""now""#),
                ArgSpec::optional("group_name", ArgType::Any, r#""Default""#),
                ArgSpec::optional("group_arn", ArgType::Any, "null"),
            ],
        )
        .returns("object")
        .doc("The service graph of a group in the window."),
        ActionSpec::probe(
            "get_traces",
            &[
                ArgSpec::optional("start_time", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("end_time", ArgType::Any, r#""now""#),
                ArgSpec::optional("time_range_type", ArgType::String, r#""TraceId""#),
                ArgSpec::optional(
                    "filter_expression",
                    ArgType::String,
                    r#""groupname = \"Default\"""#,
                ),
                ArgSpec::optional("sampling", ArgType::Boolean, "false"),
                ArgSpec::optional("sampling_strategy", ArgType::Any, "null"),
                ArgSpec::optional("quantity", ArgType::Integer, "5"),
            ],
        )
        .returns("mapping")
        .doc("Up to `quantity` traces in the window."),
        ActionSpec::probe(
            "get_traces_summaries",
            &[
                ArgSpec::optional("start_time", ArgType::Any, r#""3 minutes""#),
                ArgSpec::optional("end_time", ArgType::Any, r#""now""#),
                ArgSpec::optional("time_range_type", ArgType::String, r#""TraceId""#),
                ArgSpec::optional(
                    "filter_expression",
                    ArgType::String,
                    r#""groupname = \"Default\"""#,
                ),
                ArgSpec::optional("sampling", ArgType::Boolean, "false"),
                ArgSpec::optional("sampling_strategy", ArgType::Any, "null"),
            ],
        )
        .returns("mapping")
        .doc("Summaries of the traces in the window."),
    ],
    doc: "X-Ray traces, trace summaries and service graphs.",
};
