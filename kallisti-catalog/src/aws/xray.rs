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
                ArgSpec::optional("start_time", ArgType::Any, r#""3 minutes""#)
                    .doc("Start of the window: `now`, a period ago such as `3 minutes`, or a Unix timestamp."),
                ArgSpec::optional("end_time", ArgType::Any, r#""now""#)
                    .doc("End of the window, in the same forms as `start_time`."),
                ArgSpec::optional("time_range_type", ArgType::String, r#""TraceId""#)
                    .choices(&["TraceId", "Event", "Service"])
                    .doc("`TraceId`, `Event` or `Service`: which time the window applies to."),
                ArgSpec::optional("filter_expression", ArgType::String, r#""groupname = \"Default\"""#)
                    .doc("An X-Ray filter expression the traces must match."),
                ArgSpec::optional("sampling", ArgType::Boolean, "false")
                    .doc("Look at a sample of the matching traces only."),
                ArgSpec::optional("sampling_strategy", ArgType::Any, "null")
                    .doc("How to sample: `Name` (`PartialScan` or `FixedRate`) and `Value`."),
                ArgSpec::optional("raw_segments", ArgType::Boolean, "false")
                    .doc("Keep each segment's document as a JSON string rather than parsing it."),
            ],
        )
        .chaostoolkit("chaosaws.xray.probes")
        .returns("object")
        .doc("Finds the traces matching `filter_expression` between `start_time` and `end_time` and returns BatchGetTraces' response for the one that started last, or with `raw_segments` its segments' documents decoded; null when there is none."),
        ActionSpec::probe(
            "get_service_graph",
            &[
                ArgSpec::optional("start_time", ArgType::Any, r#""3 minutes""#)
                    .doc("Start of the window: `now`, a period ago such as `3 minutes`, or a Unix timestamp."),
                ArgSpec::optional("end_time", ArgType::Any, r#""now""#)
                    .doc("End of the window, in the same forms as `start_time`."),
                ArgSpec::optional("group_name", ArgType::Any, r#""Default""#)
                    .doc("The X-Ray group's name."),
                ArgSpec::optional("group_arn", ArgType::Any, "null")
                    .doc("The X-Ray group's ARN, instead of `group_name`."),
            ],
        )
        .chaostoolkit("chaosaws.xray.probes")
        .returns("object")
        .doc("Returns the service graph of X-Ray group `group_name` (or `group_arn`) between `start_time` and `end_time`: GetServiceGraph's response, every page's services joined."),
        ActionSpec::probe(
            "get_traces",
            &[
                ArgSpec::optional("start_time", ArgType::Any, r#""3 minutes""#)
                    .doc("Start of the window: `now`, a period ago such as `3 minutes`, or a Unix timestamp."),
                ArgSpec::optional("end_time", ArgType::Any, r#""now""#)
                    .doc("End of the window, in the same forms as `start_time`."),
                ArgSpec::optional("time_range_type", ArgType::String, r#""TraceId""#)
                    .choices(&["TraceId", "Event", "Service"])
                    .doc("`TraceId`, `Event` or `Service`: which time the window applies to."),
                ArgSpec::optional("filter_expression", ArgType::String, r#""groupname = \"Default\"""#)
                    .doc("An X-Ray filter expression the traces must match."),
                ArgSpec::optional("sampling", ArgType::Boolean, "false")
                    .doc("Look at a sample of the matching traces only."),
                ArgSpec::optional("sampling_strategy", ArgType::Any, "null")
                    .doc("How to sample: `Name` (`PartialScan` or `FixedRate`) and `Value`."),
                ArgSpec::optional("quantity", ArgType::Integer, "5")
                    .doc("The most traces to return."),
            ],
        )
        .chaostoolkit("chaosaws.xray.probes")
        .returns("mapping")
        .doc("Returns up to `quantity` whole traces matching `filter_expression` between `start_time` and `end_time`, as one BatchGetTraces response."),
        ActionSpec::probe(
            "get_traces_summaries",
            &[
                ArgSpec::optional("start_time", ArgType::Any, r#""3 minutes""#)
                    .doc("Start of the window: `now`, a period ago such as `3 minutes`, or a Unix timestamp."),
                ArgSpec::optional("end_time", ArgType::Any, r#""now""#)
                    .doc("End of the window, in the same forms as `start_time`."),
                ArgSpec::optional("time_range_type", ArgType::String, r#""TraceId""#)
                    .choices(&["TraceId", "Event", "Service"])
                    .doc("`TraceId`, `Event` or `Service`: which time the window applies to."),
                ArgSpec::optional("filter_expression", ArgType::String, r#""groupname = \"Default\"""#)
                    .doc("An X-Ray filter expression the traces must match."),
                ArgSpec::optional("sampling", ArgType::Boolean, "false")
                    .doc("Look at a sample of the matching traces only."),
                ArgSpec::optional("sampling_strategy", ArgType::Any, "null")
                    .doc("How to sample: `Name` (`PartialScan` or `FixedRate`) and `Value`."),
            ],
        )
        .chaostoolkit("chaosaws.xray.probes")
        .returns("mapping")
        .doc("Returns GetTraceSummaries' response for the traces matching `filter_expression` between `start_time` and `end_time`, every page's summaries joined."),
    ],
    doc: "X-Ray traces, trace summaries and service graphs.",
};
