//! `aws.xray`: traces, trace summaries and service graphs over a window
//! (`start_time`/`end_time`: `now`, a period ago such as `3 minutes`, or a
//! Unix timestamp).

use super::boto::{self, boto, boto_pages};
use super::client::{choice, moment, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_xray::types::{
    SamplingStrategy, SamplingStrategyName, TimeRangeType, TraceSummary,
};
use aws_sdk_xray::Client;
use serde::Deserialize;
use serde_json::{json, Value};

/// The `aws.xray` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::xray::XRAY)
        .with_common::<Connection>()
        .action("get_most_recent_trace", get_most_recent_trace)
        .action("get_service_graph", get_service_graph)
        .action("get_traces", get_traces)
        .action("get_traces_summaries", get_traces_summaries)
        .into()
}

async fn xray(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

choice! {
    /// Which time of a trace the window applies to.
    RangeKind { TraceId = "TraceId", Event = "Event", Service = "Service" }
}

#[derive(Debug, Deserialize)]
struct TraceArgs {
    start_time: Value,
    end_time: Value,
    time_range_type: RangeKind,
    filter_expression: String,
    sampling: bool,
    sampling_strategy: Option<Value>,
    /// Declared by only some of the actions these arguments serve.
    quantity: Option<i64>,
    /// Declared by only some of the actions these arguments serve.
    raw_segments: Option<bool>,
}

impl ActionArgs for TraceArgs {
    fn check(&self) -> Result<(), Error> {
        moment("start_time", &self.start_time)?;
        moment("end_time", &self.end_time)?;
        self.strategy()?;
        if matches!(self.quantity, Some(q) if q < 1) {
            return Err(Error::invalid_argument("quantity", "must be 1 or more"));
        }
        Ok(())
    }
}

impl TraceArgs {
    fn strategy(&self) -> Result<Option<SamplingStrategy>, Error> {
        let Some(s) = &self.sampling_strategy else {
            return Ok(None);
        };
        let name = s.get("Name").and_then(Value::as_str);
        let value = s.get("Value").and_then(Value::as_f64);
        match name {
            Some(n) if SamplingStrategyName::values().contains(&n) => Ok(Some(
                SamplingStrategy::builder()
                    .name(SamplingStrategyName::from(n))
                    .set_value(value)
                    .build(),
            )),
            _ => Err(Error::invalid_argument(
                "sampling_strategy",
                "must be {\"Name\": \"PartialScan\" or \"FixedRate\", \"Value\": number}",
            )),
        }
    }

    /// Every page of trace summaries: the summaries, and boto3's
    /// response with the pages joined.
    async fn summaries(&self, xray: &Client) -> Result<(Vec<TraceSummary>, Value), Error> {
        let (pages, response) = boto_pages!(
            boto::xray,
            "GetTraceSummaries",
            xray.get_trace_summaries()
                .start_time(moment("start_time", &self.start_time)?)
                .end_time(moment("end_time", &self.end_time)?)
                .time_range_type(TimeRangeType::from(self.time_range_type.as_str()))
                .filter_expression(&self.filter_expression)
                .sampling(self.sampling)
                .set_sampling_strategy(self.strategy()?),
            set_next_token,
            next_token,
            "NextToken"
        );
        let found = pages
            .iter()
            .flat_map(|page| page.trace_summaries().iter().cloned())
            .collect();
        Ok((found, response))
    }
}

/// The traces with these ids, as one `BatchGetTraces` response (several
/// calls joined: each takes at most 5 ids).
async fn traces(xray: &Client, ids: Vec<String>) -> Result<Value, Error> {
    let mut responses = Vec::new();
    for chunk in ids.chunks(5) {
        let (_, response) = boto!(
            boto::xray,
            "BatchGetTraces",
            xray.batch_get_traces().set_trace_ids(Some(chunk.to_vec()))
        );
        responses.push(response);
    }
    Ok(boto::join_pages(responses, "NextToken"))
}

async fn get_traces_summaries(
    args: TraceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let xray = xray(&aws, &ctx).await?;
    Ok(args.summaries(&xray).await?.1)
}

async fn get_traces(args: TraceArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let xray = xray(&aws, &ctx).await?;
    let ids: Vec<String> = args
        .summaries(&xray)
        .await?
        .0
        .iter()
        .filter_map(|s| s.id().map(str::to_string))
        .take(args.quantity.unwrap_or_default() as usize)
        .collect();
    traces(&xray, ids).await
}

async fn get_most_recent_trace(
    args: TraceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let xray = xray(&aws, &ctx).await?;
    let (summaries, _) = args.summaries(&xray).await?;
    let latest = summaries
        .iter()
        .max_by(|a, b| {
            let at = |s: &TraceSummary| s.start_time().map(|t| t.as_secs_f64()).unwrap_or_default();
            at(a).total_cmp(&at(b))
        })
        .and_then(|s| s.id().map(str::to_string));
    let Some(id) = latest else {
        return Ok(Value::Null);
    };
    let response = traces(&xray, vec![id]).await?;
    if args.raw_segments != Some(true) {
        return Ok(response);
    }
    // The segments' documents decoded, as the driver gives them; no
    // trace reads as {}.
    let Some(Value::Array(segments)) = response.pointer("/Traces/0/Segments") else {
        return Ok(json!({}));
    };
    Ok(segments
        .iter()
        .map(|segment| match segment["Document"].as_str() {
            Some(text) => serde_json::from_str(text).unwrap_or_else(|_| json!(text)),
            None => Value::Null,
        })
        .collect())
}

#[derive(Debug, Deserialize)]
struct GraphArgs {
    start_time: Value,
    end_time: Value,
    group_name: Value,
    group_arn: Option<Value>,
}

impl ActionArgs for GraphArgs {
    fn check(&self) -> Result<(), Error> {
        moment("start_time", &self.start_time)?;
        moment("end_time", &self.end_time)?;
        if !(self.group_name.is_string() || self.group_name.is_null()) {
            return Err(Error::invalid_argument("group_name", "must be a string"));
        }
        Ok(())
    }
}

async fn get_service_graph(
    args: GraphArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let xray = xray(&aws, &ctx).await?;
    let (_, response) = boto_pages!(
        boto::xray,
        "GetServiceGraph",
        xray.get_service_graph()
            .start_time(moment("start_time", &args.start_time)?)
            .end_time(moment("end_time", &args.end_time)?)
            .set_group_name(args.group_name.as_str().map(str::to_string))
            .set_group_arn(
                args.group_arn
                    .as_ref()
                    .and_then(Value::as_str)
                    .map(str::to_string),
            ),
        set_next_token,
        next_token,
        "NextToken"
    );
    Ok(response)
}
