//! `aws.cloudwatch`: metrics and alarms (CloudWatch), and the event rules
//! the driver keeps under the same name (EventBridge).

use super::boto::{self, boto};
use super::client::{choice, dry_run, timestamp, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_cloudwatch::types::{
    Dimension, MetricDataQuery, MetricDatum, MetricStat, StandardUnit, Statistic,
};
use aws_sdk_eventbridge::types::{RuleState, Target};
use serde::Deserialize;
use serde_json::{json, Value};

/// The `aws.cloudwatch` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::cloudwatch::CLOUDWATCH)
        .with_common::<Connection>()
        .action("delete_rule", delete_rule)
        .action("disable_rule", disable_rule)
        .action("enable_rule", enable_rule)
        .action("get_alarm_state_value", get_alarm_state_value)
        .action("get_metric_data", get_metric_data)
        .action("get_metric_statistics", get_metric_statistics)
        .action("put_metric_data", put_metric_data)
        .action("put_rule", put_rule)
        .action("put_rule_targets", put_rule_targets)
        .action("remove_rule_targets", remove_rule_targets)
        .into()
}

async fn cloudwatch(
    c: &Connection,
    ctx: &StepContext,
) -> Result<aws_sdk_cloudwatch::Client, Error> {
    c.client(ctx, aws_sdk_cloudwatch::Client::new).await
}

async fn events(c: &Connection, ctx: &StepContext) -> Result<aws_sdk_eventbridge::Client, Error> {
    c.client(ctx, aws_sdk_eventbridge::Client::new).await
}

#[derive(Debug, Deserialize)]
struct AlarmArgs {
    alarm_name: String,
}

impl ActionArgs for AlarmArgs {}

async fn get_alarm_state_value(
    args: AlarmArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cw = cloudwatch(&aws, &ctx).await?;
    let out = cw
        .describe_alarms()
        .alarm_names(&args.alarm_name)
        .send()
        .await
        .or_fail("DescribeAlarms")?;
    let Some(alarm) = out.metric_alarms().first() else {
        return Err(Error::failed_action(format!(
            "no alarm `{}`",
            args.alarm_name
        )));
    };
    Ok(json!(alarm.state_value().map(|s| s.as_str())))
}

/// Which metric, over which window: what both statistics probes share.
#[derive(Debug, Deserialize)]
struct MetricArgs {
    namespace: String,
    metric_name: String,
    dimension_name: Option<String>,
    dimension_value: Option<String>,
    dimensions: Option<Vec<Value>>,
    statistic: Option<String>,
    extended_statistic: Option<String>,
    duration: Option<i64>,
    period: Option<i32>,
    offset: i64,
    unit: Option<String>,
}

impl ActionArgs for MetricArgs {
    fn check(&self) -> Result<(), Error> {
        self.dimensions()?;
        if let Some(s) = &self.statistic {
            if !Statistic::values().contains(&s.as_str()) {
                return Err(Error::invalid_argument(
                    "statistic",
                    format!("`{s}` is not one of {}", Statistic::values().join(", ")),
                ));
            }
        }
        if let Some(u) = &self.unit {
            if !StandardUnit::values().contains(&u.as_str()) {
                return Err(Error::invalid_argument(
                    "unit",
                    format!("`{u}` is not a CloudWatch unit"),
                ));
            }
        }
        if self.dimension_name.is_some() != self.dimension_value.is_some() {
            return Err(Error::invalid_argument(
                "dimension_value",
                "give both `dimension_name` and `dimension_value`, or neither",
            ));
        }
        if matches!(self.duration, Some(d) if d < 1) || self.offset < 0 {
            return Err(Error::invalid_argument(
                "duration",
                "must be a positive number of seconds",
            ));
        }
        Ok(())
    }
}

impl MetricArgs {
    fn dimensions(&self) -> Result<Vec<Dimension>, Error> {
        let mut all = Vec::new();
        if let (Some(n), Some(v)) = (&self.dimension_name, &self.dimension_value) {
            all.push(Dimension::builder().name(n).value(v).build());
        }
        for (i, d) in self.dimensions.iter().flatten().enumerate() {
            match (
                d.get("Name").and_then(Value::as_str),
                d.get("Value").and_then(Value::as_str),
            ) {
                (Some(n), Some(v)) => all.push(Dimension::builder().name(n).value(v).build()),
                _ => {
                    return Err(Error::invalid_argument(
                        format!("dimensions[{i}]"),
                        "must be {\"Name\": \"...\", \"Value\": \"...\"}",
                    ))
                }
            }
        }
        Ok(all)
    }

    /// (start, end) of the window: `duration` seconds ending `offset` ago.
    fn window(&self, duration: i64) -> (aws_smithy_types::DateTime, aws_smithy_types::DateTime) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        let end = now - self.offset;
        (
            aws_smithy_types::DateTime::from_secs(end - duration),
            aws_smithy_types::DateTime::from_secs(end),
        )
    }
}

async fn get_metric_statistics(
    args: MetricArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cw = cloudwatch(&aws, &ctx).await?;
    let duration = args.duration.unwrap_or(60);
    let (start, end) = args.window(duration);
    let out = cw
        .get_metric_statistics()
        .namespace(&args.namespace)
        .metric_name(&args.metric_name)
        .set_dimensions(Some(args.dimensions()?))
        .start_time(start)
        .end_time(end)
        .period(duration.max(1) as i32)
        .set_statistics(args.statistic.as_deref().map(|s| vec![Statistic::from(s)]))
        .set_extended_statistics(args.extended_statistic.clone().map(|s| vec![s]))
        .set_unit(args.unit.as_deref().map(StandardUnit::from))
        .send()
        .await
        .or_fail("GetMetricStatistics")?;
    let Some(point) = out
        .datapoints()
        .iter()
        .max_by_key(|p| p.timestamp().map(|t| t.secs()))
    else {
        return Ok(json!(0));
    };
    let value = match args.statistic.as_deref() {
        Some("Average") => point.average(),
        Some("Sum") => point.sum(),
        Some("Minimum") => point.minimum(),
        Some("Maximum") => point.maximum(),
        Some("SampleCount") => point.sample_count(),
        _ => args
            .extended_statistic
            .as_ref()
            .and_then(|e| point.extended_statistics().and_then(|x| x.get(e)).copied()),
    };
    ctx.log(format!("datapoint at {}", timestamp(point.timestamp())));
    Ok(json!(value))
}

async fn get_metric_data(
    args: MetricArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cw = cloudwatch(&aws, &ctx).await?;
    let duration = args.duration.unwrap_or(300);
    let (start, end) = args.window(duration);
    let stat = MetricStat::builder()
        .metric(
            aws_sdk_cloudwatch::types::Metric::builder()
                .namespace(&args.namespace)
                .metric_name(&args.metric_name)
                .set_dimensions(Some(args.dimensions()?))
                .build(),
        )
        .period(args.period.unwrap_or(60))
        .stat(args.statistic.clone().unwrap_or_else(|| "Average".into()))
        .set_unit(args.unit.as_deref().map(StandardUnit::from))
        .build();
    let out = cw
        .get_metric_data()
        .metric_data_queries(
            MetricDataQuery::builder()
                .id("m1")
                .metric_stat(stat)
                .build(),
        )
        .start_time(start)
        .end_time(end)
        .send()
        .await
        .or_fail("GetMetricData")?;
    // The most recent value first, as CloudWatch orders them by default.
    let value = out
        .metric_data_results()
        .first()
        .and_then(|r| r.values().first().copied())
        .unwrap_or(0.0);
    Ok(json!(value))
}

#[derive(Debug, Deserialize)]
struct PutMetricArgs {
    namespace: String,
    metric_data: Vec<Value>,
}

fn datum(i: usize, d: &Value) -> Result<MetricDatum, Error> {
    let at = |field: &str| format!("metric_data[{i}].{field}");
    let name = d
        .get("MetricName")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::invalid_argument(at("MetricName"), "is required"))?;
    let mut b = MetricDatum::builder().metric_name(name);
    if let Some(v) = d.get("Value") {
        b = b.value(
            v.as_f64()
                .ok_or_else(|| Error::invalid_argument(at("Value"), "must be a number"))?,
        );
    }
    if let Some(u) = d.get("Unit").and_then(Value::as_str) {
        b = b.unit(StandardUnit::from(u));
    }
    for (j, dim) in d
        .get("Dimensions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        match (
            dim.get("Name").and_then(Value::as_str),
            dim.get("Value").and_then(Value::as_str),
        ) {
            (Some(n), Some(v)) => b = b.dimensions(Dimension::builder().name(n).value(v).build()),
            _ => {
                return Err(Error::invalid_argument(
                    at(&format!("Dimensions[{j}]")),
                    "must be {\"Name\", \"Value\"}",
                ))
            }
        }
    }
    Ok(b.build())
}

impl ActionArgs for PutMetricArgs {
    fn check(&self) -> Result<(), Error> {
        if self.metric_data.is_empty() {
            return Err(Error::invalid_argument("metric_data", "is empty"));
        }
        for (i, d) in self.metric_data.iter().enumerate() {
            datum(i, d)?;
        }
        Ok(())
    }
}

async fn put_metric_data(
    args: PutMetricArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cw = cloudwatch(&aws, &ctx).await?;
    let data = args
        .metric_data
        .iter()
        .enumerate()
        .map(|(i, d)| datum(i, d))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(report) = dry_run(
        &ctx,
        format!("put {} data point(s) to `{}`", data.len(), args.namespace),
        json!(args.namespace),
    ) {
        return Ok(report);
    }
    cw.put_metric_data()
        .namespace(&args.namespace)
        .set_metric_data(Some(data))
        .send()
        .await
        .or_fail("PutMetricData")?;
    Ok(Value::Null)
}

#[derive(Debug, Deserialize)]
struct RuleArgs {
    rule_name: String,
    /// Declared by only some of the actions these arguments serve.
    force: Option<bool>,
    target_ids: Option<Vec<String>>,
}

impl ActionArgs for RuleArgs {}

/// The rule's target ids (it must exist).
async fn target_ids(
    events: &aws_sdk_eventbridge::Client,
    rule: &str,
) -> Result<Vec<String>, Error> {
    let out = events
        .list_targets_by_rule()
        .rule(rule)
        .send()
        .await
        .or_fail("ListTargetsByRule")?;
    Ok(out.targets().iter().map(|t| t.id().to_string()).collect())
}

async fn describe_rule(events: &aws_sdk_eventbridge::Client, rule: &str) -> Result<(), Error> {
    events
        .describe_rule()
        .name(rule)
        .send()
        .await
        .or_fail("DescribeRule")?;
    Ok(())
}

async fn remove_targets(
    events: &aws_sdk_eventbridge::Client,
    rule: &str,
    ids: Vec<String>,
) -> Result<Value, Error> {
    if ids.is_empty() {
        return Ok(json!({"FailedEntryCount": 0, "FailedEntries": []}));
    }
    let (_, response) = boto!(
        boto::events,
        "RemoveTargets",
        events.remove_targets()
            .rule(rule)
            .set_ids(Some(ids))
    );
    Ok(response)
}

async fn delete_rule(args: RuleArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let events = events(&aws, &ctx).await?;
    if ctx.dry_run() {
        describe_rule(&events, &args.rule_name).await?;
        return Ok(dry_run(
            &ctx,
            format!("delete rule `{}`", args.rule_name),
            json!(args.rule_name),
        )
        .unwrap_or_default());
    }
    if args.force == Some(true) {
        let ids = target_ids(&events, &args.rule_name).await?;
        remove_targets(&events, &args.rule_name, ids).await?;
    }
    let (_, response) = boto!(
        boto::events,
        "DeleteRule",
        events.delete_rule().name(&args.rule_name)
    );
    ctx.log(format!("deleted rule `{}`", args.rule_name));
    Ok(response)
}

async fn toggle_rule(
    args: RuleArgs,
    aws: Connection,
    ctx: StepContext,
    enable: bool,
) -> Result<Value, Error> {
    let events = events(&aws, &ctx).await?;
    let would = format!(
        "{} rule `{}`",
        if enable { "enable" } else { "disable" },
        args.rule_name
    );
    if ctx.dry_run() {
        describe_rule(&events, &args.rule_name).await?;
        return Ok(dry_run(&ctx, would, json!(args.rule_name)).unwrap_or_default());
    }
    let response = if enable {
        boto!(
            boto::events,
            "EnableRule",
            events.enable_rule().name(&args.rule_name)
        )
        .1
    } else {
        boto!(
            boto::events,
            "DisableRule",
            events.disable_rule().name(&args.rule_name)
        )
        .1
    };
    ctx.log(would);
    Ok(response)
}

async fn enable_rule(args: RuleArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    toggle_rule(args, aws, ctx, true).await
}

async fn disable_rule(args: RuleArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    toggle_rule(args, aws, ctx, false).await
}

async fn remove_rule_targets(
    args: RuleArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let events = events(&aws, &ctx).await?;
    let ids = match &args.target_ids {
        Some(ids) => ids.clone(),
        None => target_ids(&events, &args.rule_name).await?,
    };
    if let Some(report) = dry_run(
        &ctx,
        format!("remove targets {ids:?} of rule `{}`", args.rule_name),
        json!(ids),
    ) {
        return Ok(report);
    }
    remove_targets(&events, &args.rule_name, ids).await
}

choice! {
    /// Whether a rule is on.
    RuleStateChoice { Enabled = "ENABLED", Disabled = "DISABLED" }
}

#[derive(Debug, Deserialize)]
struct PutRuleArgs {
    rule_name: String,
    schedule_expression: Option<String>,
    event_pattern: Option<String>,
    state: Option<RuleStateChoice>,
    description: Option<String>,
    role_arn: Option<String>,
}

impl ActionArgs for PutRuleArgs {
    fn check(&self) -> Result<(), Error> {
        if self.schedule_expression.is_none() && self.event_pattern.is_none() {
            return Err(Error::invalid_argument(
                "schedule_expression",
                "give `schedule_expression`, `event_pattern`, or both",
            ));
        }
        if let Some(p) = &self.event_pattern {
            serde_json::from_str::<Value>(p).map_err(|e| {
                Error::invalid_argument("event_pattern", format!("is not JSON: {e}"))
            })?;
        }
        Ok(())
    }
}

async fn put_rule(args: PutRuleArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let events = events(&aws, &ctx).await?;
    if let Some(report) = dry_run(
        &ctx,
        format!("put rule `{}`", args.rule_name),
        json!(args.rule_name),
    ) {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::events,
        "PutRule",
        events.put_rule()
            .name(&args.rule_name)
            .set_schedule_expression(args.schedule_expression.clone())
            .set_event_pattern(args.event_pattern.clone())
            .set_state(args.state.map(|s| RuleState::from(s.as_str())))
            .set_description(args.description.clone())
            .set_role_arn(args.role_arn.clone())
    );
    ctx.log(format!("put rule `{}`", args.rule_name));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct PutTargetsArgs {
    rule_name: String,
    targets: Vec<Value>,
}

fn target(i: usize, t: &Value) -> Result<Target, Error> {
    let field = |f: &str| t.get(f).and_then(Value::as_str).map(str::to_string);
    Target::builder()
        .set_id(field("Id"))
        .set_arn(field("Arn"))
        .set_role_arn(field("RoleArn"))
        .set_input(field("Input"))
        .set_input_path(field("InputPath"))
        .build()
        .map_err(|e| {
            Error::invalid_argument(
                format!("targets[{i}]"),
                format!("needs `Id` and `Arn` ({e})"),
            )
        })
}

impl ActionArgs for PutTargetsArgs {
    fn check(&self) -> Result<(), Error> {
        if self.targets.is_empty() {
            return Err(Error::invalid_argument("targets", "is empty"));
        }
        for (i, t) in self.targets.iter().enumerate() {
            target(i, t)?;
        }
        Ok(())
    }
}

async fn put_rule_targets(
    args: PutTargetsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let events = events(&aws, &ctx).await?;
    let targets = args
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| target(i, t))
        .collect::<Result<Vec<_>, _>>()?;
    if ctx.dry_run() {
        describe_rule(&events, &args.rule_name).await?;
        return Ok(dry_run(
            &ctx,
            format!(
                "add {} target(s) to rule `{}`",
                targets.len(),
                args.rule_name
            ),
            json!(args.rule_name),
        )
        .unwrap_or_default());
    }
    let (_, response) = boto!(
        boto::events,
        "PutTargets",
        events.put_targets()
            .rule(&args.rule_name)
            .set_targets(Some(targets))
    );
    Ok(response)
}
