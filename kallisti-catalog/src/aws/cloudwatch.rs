//! `aws.cloudwatch`: CloudWatch.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.cloudwatch` namespace.
pub static CLOUDWATCH: NamespaceSpec = NamespaceSpec {
    name: "aws.cloudwatch",
    feature: "aws-cloudwatch",
    common_args: COMMON,
    actions: &[
        ActionSpec::action("delete_rule", &[ArgSpec::required("rule_name", ArgType::String), ArgSpec::optional("force", ArgType::Boolean, "false")]).returns("mapping").doc("Delete an EventBridge rule (removing its targets first with `force`)."),
        ActionSpec::action("disable_rule", &[ArgSpec::required("rule_name", ArgType::String)]).returns("mapping").doc("Disable an EventBridge rule."),
        ActionSpec::action("enable_rule", &[ArgSpec::required("rule_name", ArgType::String)]).returns("mapping").doc("Enable an EventBridge rule."),
        ActionSpec::probe("get_alarm_state_value", &[ArgSpec::required("alarm_name", ArgType::String)]).returns("string").doc("An alarm's state: `OK`, `ALARM` or `INSUFFICIENT_DATA`."),
        ActionSpec::probe("get_metric_data", &[ArgSpec::required("namespace", ArgType::String), ArgSpec::required("metric_name", ArgType::String), ArgSpec::optional("dimension_name", ArgType::String, "null"), ArgSpec::optional("dimension_value", ArgType::String, "null"), ArgSpec::optional("dimensions", ArgType::List, "null"), ArgSpec::optional("statistic", ArgType::String, "null"), ArgSpec::optional("duration", ArgType::Integer, "300"), ArgSpec::optional("period", ArgType::Integer, "60"), ArgSpec::optional("offset", ArgType::Integer, "0"), ArgSpec::optional("unit", ArgType::String, "null")]).returns("number").doc("One statistic of a metric over the last `duration` seconds (ending `offset` seconds ago)."),
        ActionSpec::probe("get_metric_statistics", &[ArgSpec::required("namespace", ArgType::String), ArgSpec::required("metric_name", ArgType::String), ArgSpec::optional("dimension_name", ArgType::String, "null"), ArgSpec::optional("dimension_value", ArgType::String, "null"), ArgSpec::optional("dimensions", ArgType::List, "null"), ArgSpec::optional("duration", ArgType::Integer, "60"), ArgSpec::optional("offset", ArgType::Integer, "0"), ArgSpec::optional("statistic", ArgType::String, "null"), ArgSpec::optional("extended_statistic", ArgType::String, "null"), ArgSpec::optional("unit", ArgType::String, "null")]).doc("Statistics of a metric over the last `duration` seconds (ending `offset` seconds ago)."),
        ActionSpec::action("put_metric_data", &[ArgSpec::required("namespace", ArgType::String), ArgSpec::required("metric_data", ArgType::List)]).doc("Publish data points to a metric."),
        ActionSpec::action("put_rule", &[ArgSpec::required("rule_name", ArgType::String), ArgSpec::optional("schedule_expression", ArgType::String, "null"), ArgSpec::optional("event_pattern", ArgType::String, "null"), ArgSpec::optional("state", ArgType::String, "null"), ArgSpec::optional("description", ArgType::String, "null"), ArgSpec::optional("role_arn", ArgType::String, "null")]).returns("mapping").doc("Create or update an EventBridge rule."),
        ActionSpec::action("put_rule_targets", &[ArgSpec::required("rule_name", ArgType::String), ArgSpec::required("targets", ArgType::List)]).returns("mapping").doc("Add targets to an EventBridge rule."),
        ActionSpec::action("remove_rule_targets", &[ArgSpec::required("rule_name", ArgType::String), ArgSpec::optional("target_ids", ArgType::List, "null")]).returns("mapping").doc("Remove targets (all when none given) from an EventBridge rule."),
    ],
    doc: "CloudWatch metrics and alarms, and EventBridge (CloudWatch Events) rules.",
};
