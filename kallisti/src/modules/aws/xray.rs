//! `aws.xray`: traces, trace summaries and service graphs over a window
//! (`start_time`/`end_time`: `now`, a period ago such as `3 minutes`, or a
//! Unix timestamp).

use super::client::{choice, moment, timestamp, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_xray::types::{
    SamplingStrategy, SamplingStrategyName, TimeRangeType, Trace, TraceSummary,
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

    async fn summaries(&self, xray: &Client) -> Result<Vec<TraceSummary>, Error> {
        let mut found = Vec::new();
        let mut token = None;
        loop {
            let page = xray
                .get_trace_summaries()
                .start_time(moment("start_time", &self.start_time)?)
                .end_time(moment("end_time", &self.end_time)?)
                .time_range_type(TimeRangeType::from(self.time_range_type.as_str()))
                .filter_expression(&self.filter_expression)
                .sampling(self.sampling)
                .set_sampling_strategy(self.strategy()?)
                .set_next_token(token)
                .send()
                .await
                .or_fail("GetTraceSummaries")?;
            found.extend(page.trace_summaries().iter().cloned());
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(found);
            }
        }
    }

    async fn traces(&self, xray: &Client, ids: Vec<String>) -> Result<Vec<Value>, Error> {
        let mut traces = Vec::new();
        // BatchGetTraces takes at most 5 ids.
        for chunk in ids.chunks(5) {
            let out = xray
                .batch_get_traces()
                .set_trace_ids(Some(chunk.to_vec()))
                .send()
                .await
                .or_fail("BatchGetTraces")?;
            traces.extend(
                out.traces()
                    .iter()
                    .map(|t| trace_json(t, self.raw_segments == Some(true))),
            );
        }
        Ok(traces)
    }
}

fn summary_json(s: &TraceSummary) -> Value {
    json!({
        "Id": s.id(),
        "StartTime": timestamp(s.start_time()),
        "Duration": s.duration(),
        "ResponseTime": s.response_time(),
        "HasFault": s.has_fault(),
        "HasError": s.has_error(),
        "HasThrottle": s.has_throttle(),
        "Http": s.http().map(|h| json!({"HttpURL": h.http_url(), "HttpStatus": h.http_status(), "HttpMethod": h.http_method()})),
    })
}

fn trace_json(t: &Trace, raw: bool) -> Value {
    json!({
        "Id": t.id(),
        "Duration": t.duration(),
        "Segments": t.segments().iter().map(|s| {
            let document = s.document().map(|d| if raw {
                json!(d)
            } else {
                serde_json::from_str(d).unwrap_or_else(|_| json!(d))
            });
            json!({"Id": s.id(), "Document": document})
        }).collect::<Vec<_>>(),
    })
}

async fn get_traces_summaries(
    args: TraceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let xray = xray(&aws, &ctx).await?;
    let summaries = args.summaries(&xray).await?;
    Ok(json!({"TraceSummaries": summaries.iter().map(summary_json).collect::<Vec<_>>()}))
}

async fn get_traces(args: TraceArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let xray = xray(&aws, &ctx).await?;
    let ids: Vec<String> = args
        .summaries(&xray)
        .await?
        .iter()
        .filter_map(|s| s.id().map(str::to_string))
        .take(args.quantity.unwrap_or_default() as usize)
        .collect();
    Ok(json!({"Traces": args.traces(&xray, ids).await?}))
}

async fn get_most_recent_trace(
    args: TraceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let xray = xray(&aws, &ctx).await?;
    let summaries = args.summaries(&xray).await?;
    let latest = summaries
        .iter()
        .max_by(|a, b| {
            let at = |s: &TraceSummary| s.start_time().map(|t| t.as_secs_f64()).unwrap_or_default();
            at(a).total_cmp(&at(b))
        })
        .and_then(|s| s.id().map(str::to_string));
    match latest {
        Some(id) => Ok(args
            .traces(&xray, vec![id])
            .await?
            .pop()
            .unwrap_or(Value::Null)),
        None => Ok(Value::Null),
    }
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
    let mut services = Vec::new();
    let mut token = None;
    loop {
        let page = xray
            .get_service_graph()
            .start_time(moment("start_time", &args.start_time)?)
            .end_time(moment("end_time", &args.end_time)?)
            .set_group_name(args.group_name.as_str().map(str::to_string))
            .set_group_arn(
                args.group_arn
                    .as_ref()
                    .and_then(Value::as_str)
                    .map(str::to_string),
            )
            .set_next_token(token)
            .send()
            .await
            .or_fail("GetServiceGraph")?;
        services.extend(page.services().iter().map(|s| json!({
            "ReferenceId": s.reference_id(),
            "Name": s.name(),
            "Names": s.names(),
            "Type": s.r#type(),
            "State": s.state(),
            "Edges": s.edges().iter().map(|e| json!({"ReferenceId": e.reference_id()})).collect::<Vec<_>>(),
        })));
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            return Ok(json!({"Services": services}));
        }
    }
}
