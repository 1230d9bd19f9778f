//! `aws.cloudwatch`: CloudWatch.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.cloudwatch` namespace.
pub static CLOUDWATCH: NamespaceSpec = NamespaceSpec {
    name: "aws.cloudwatch",
    feature: "aws-cloudwatch",
    common_args: COMMON,
    actions: &[
        ActionSpec::action(
            "delete_rule",
            &[
                ArgSpec::required("rule_name", ArgType::String)
                    .doc("The EventBridge (CloudWatch Events) rule's name."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Remove the rule's targets first, as a rule with targets cannot be deleted."),
            ],
        )
        .chaostoolkit("chaosaws.cloudwatch.actions")
        .returns("mapping")
        .doc("Deletes the EventBridge rule `rule_name`, removing its targets first when `force` is set; returns EventBridge's (empty) response."),
        ActionSpec::action(
            "disable_rule",
            &[
                ArgSpec::required("rule_name", ArgType::String)
                    .doc("The EventBridge (CloudWatch Events) rule's name."),
            ],
        )
        .chaostoolkit("chaosaws.cloudwatch.actions")
        .returns("mapping")
        .doc("Disables the EventBridge rule `rule_name` so that it no longer triggers; returns EventBridge's (empty) response."),
        ActionSpec::action(
            "enable_rule",
            &[
                ArgSpec::required("rule_name", ArgType::String)
                    .doc("The EventBridge (CloudWatch Events) rule's name."),
            ],
        )
        .chaostoolkit("chaosaws.cloudwatch.actions")
        .returns("mapping")
        .doc("Re-enables the EventBridge rule `rule_name`; returns EventBridge's (empty) response."),
        ActionSpec::probe(
            "get_alarm_state_value",
            &[
                ArgSpec::required("alarm_name", ArgType::String).doc("The alarm's name."),
            ],
        )
        .chaostoolkit("chaosaws.cloudwatch.probes")
        .returns("string")
        .doc("Reads the state of the CloudWatch alarm `alarm_name` and returns it: `OK`, `ALARM` or `INSUFFICIENT_DATA`; an unknown alarm fails the step."),
        ActionSpec::probe(
            "get_metric_data",
            &[
                ArgSpec::required("namespace", ArgType::String)
                    .doc("The metric's namespace, e.g. `AWS/EC2`."),
                ArgSpec::required("metric_name", ArgType::String)
                    .doc("The metric's name, e.g. `CPUUtilization`."),
                ArgSpec::optional("dimension_name", ArgType::String, "null")
                    .doc("Name of one dimension of the metric (with `dimension_value`)."),
                ArgSpec::optional("dimension_value", ArgType::String, "null")
                    .doc("Value of that dimension."),
                ArgSpec::optional("dimensions", ArgType::List, "null")
                    .doc("Further dimensions, as `Name`/`Value` pairs."),
                ArgSpec::optional("statistic", ArgType::String, "null")
                    .doc("`Average` (the default), `Sum`, `Minimum`, `Maximum` or `SampleCount`."),
                ArgSpec::optional("duration", ArgType::Integer, "300")
                    .doc("Length of the window, in seconds."),
                ArgSpec::optional("period", ArgType::Integer, "60")
                    .doc("Seconds each data point covers."),
                ArgSpec::optional("offset", ArgType::Integer, "0")
                    .doc("Seconds between now and the end of the window."),
                ArgSpec::optional("unit", ArgType::String, "null")
                    .doc("A CloudWatch unit to ask for, e.g. `Percent` or `Bytes`."),
            ],
        )
        .chaostoolkit("chaosaws.cloudwatch.probes")
        .returns("number")
        .doc("Queries one statistic of a metric through `GetMetricData` over the last `duration` seconds (ending `offset` seconds ago, `period` seconds per point); returns the newest value, or 0 when there is none."),
        ActionSpec::probe(
            "get_metric_statistics",
            &[
                ArgSpec::required("namespace", ArgType::String)
                    .doc("The metric's namespace, e.g. `AWS/EC2`."),
                ArgSpec::required("metric_name", ArgType::String)
                    .doc("The metric's name, e.g. `CPUUtilization`."),
                ArgSpec::optional("dimension_name", ArgType::String, "null")
                    .doc("Name of one dimension of the metric (with `dimension_value`)."),
                ArgSpec::optional("dimension_value", ArgType::String, "null")
                    .doc("Value of that dimension."),
                ArgSpec::optional("dimensions", ArgType::List, "null")
                    .doc("Further dimensions, as `Name`/`Value` pairs."),
                ArgSpec::optional("duration", ArgType::Integer, "60")
                    .doc("Length of the window in seconds, which is also the one period asked for."),
                ArgSpec::optional("offset", ArgType::Integer, "0")
                    .doc("Seconds between now and the end of the window."),
                ArgSpec::optional("statistic", ArgType::String, "null")
                    .doc("`Average`, `Sum`, `Minimum`, `Maximum` or `SampleCount` (or give `extended_statistic`)."),
                ArgSpec::optional("extended_statistic", ArgType::String, "null")
                    .doc("A percentile such as `p99`, instead of `statistic`."),
                ArgSpec::optional("unit", ArgType::String, "null")
                    .doc("A CloudWatch unit to ask for, e.g. `Percent` or `Bytes`."),
            ],
        )
        .chaostoolkit("chaosaws.cloudwatch.probes")
        .doc("Reads a metric through `GetMetricStatistics` over the last `duration` seconds (ending `offset` seconds ago) as a single period; returns `statistic` (or `extended_statistic`) of the newest point, or 0 when there is none."),
        ActionSpec::action(
            "put_metric_data",
            &[
                ArgSpec::required("namespace", ArgType::String)
                    .doc("The namespace to publish to, e.g. `MyApp`."),
                ArgSpec::required("metric_data", ArgType::List)
                    .doc("Data points as CloudWatch takes them: `MetricName`, `Value`, and optionally `Unit` and `Dimensions`."),
            ],
        )
        .chaostoolkit("chaosaws.cloudwatch.actions")
        .doc("Sends the data points in `metric_data` to CloudWatch under the namespace `namespace`; returns nothing."),
        ActionSpec::action(
            "put_rule",
            &[
                ArgSpec::required("rule_name", ArgType::String)
                    .doc("The EventBridge (CloudWatch Events) rule's name."),
                ArgSpec::optional("schedule_expression", ArgType::String, "null")
                    .doc("When the rule fires, e.g. `rate(5 minutes)` (give this and/or `event_pattern`)."),
                ArgSpec::optional("event_pattern", ArgType::String, "null")
                    .doc("The events the rule matches, as a JSON string."),
                ArgSpec::optional("state", ArgType::String, "null")
                    .choices(&["ENABLED", "DISABLED"])
                    .doc("`ENABLED` or `DISABLED`."),
                ArgSpec::optional("description", ArgType::String, "null")
                    .doc("A description of the rule."),
                ArgSpec::optional("role_arn", ArgType::String, "null")
                    .doc("ARN of the role the rule uses to reach its targets."),
            ],
        )
        .chaostoolkit("chaosaws.cloudwatch.actions")
        .returns("mapping")
        .doc("Creates the EventBridge rule `rule_name`, or updates it when it exists, from a schedule and/or an event pattern; returns its `RuleArn`."),
        ActionSpec::action(
            "put_rule_targets",
            &[
                ArgSpec::required("rule_name", ArgType::String)
                    .doc("The EventBridge (CloudWatch Events) rule's name."),
                ArgSpec::required("targets", ArgType::List)
                    .doc("Targets, each with an `Id` and an `Arn`, and optionally `RoleArn`, `Input` or `InputPath`."),
            ],
        )
        .chaostoolkit("chaosaws.cloudwatch.actions")
        .returns("mapping")
        .doc("Adds the targets in `targets` to the EventBridge rule `rule_name` (updating those with the same `Id`); returns EventBridge's failed entry count and entries."),
        ActionSpec::action(
            "remove_rule_targets",
            &[
                ArgSpec::required("rule_name", ArgType::String)
                    .doc("The EventBridge (CloudWatch Events) rule's name."),
                ArgSpec::optional("target_ids", ArgType::List, "null")
                    .doc("Ids of the targets to remove (default: every target of the rule)."),
            ],
        )
        .chaostoolkit("chaosaws.cloudwatch.actions")
        .returns("mapping")
        .doc("Detaches the targets `target_ids` (all of them when none is given) from the EventBridge rule `rule_name`; returns EventBridge's failed entry count and entries."),
    ],
    doc: "CloudWatch metrics and alarms, and EventBridge (CloudWatch Events) rules.",
};
