//! X-Ray (REST-JSON): trace summaries, traces and the service graph.

use super::wire::{dispatch, Call, Operation, Reply};
use super::{now, State};
use serde_json::{json, Value};

/// An X-Ray trace of the fake: one segment of `service`, started
/// `seconds_ago`.
#[derive(Debug, Clone)]
pub struct FakeTrace {
    id: String,
    service: String,
    start: f64,
    duration: f64,
    fault: bool,
}

impl FakeTrace {
    /// A trace of `service` that started `seconds_ago` and took `duration` s.
    pub fn new(id: &str, service: &str, seconds_ago: f64, duration: f64) -> Self {
        FakeTrace {
            id: id.into(),
            service: service.into(),
            start: now() - seconds_ago,
            duration,
            fault: false,
        }
    }

    /// A trace with a fault (a 5xx).
    pub fn fault(mut self) -> Self {
        self.fault = true;
        self
    }
}

const OPERATIONS: &[Operation] = &[
    ("GetTraceSummaries", trace_summaries),
    ("BatchGetTraces", traces),
    ("GetServiceGraph", service_graph),
];

/// The operation a REST route names.
fn operation(call: &Call) -> &'static str {
    match call.path.first().map(String::as_str) {
        Some("TraceSummaries") => "GetTraceSummaries",
        Some("Traces") => "BatchGetTraces",
        Some("ServiceGraph") => "GetServiceGraph",
        _ => "Unknown",
    }
}

pub(super) fn xray(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, operation(call), state, call, |_| {
        Reply::rest_error(404, "UnknownOperationException", &call.operation)
    })
}

/// Whether a trace started within the request's `StartTime`..`EndTime`.
fn in_window(call: &Call, t: &FakeTrace) -> bool {
    let start = call.json["StartTime"].as_f64().unwrap_or(0.0);
    let end = call.json["EndTime"].as_f64().unwrap_or(f64::MAX);
    t.start >= start && t.start <= end
}

fn trace_summaries(state: &mut State, call: &Call) -> Reply {
    let summaries: Vec<Value> = state.traces.iter().filter(|t| in_window(call, t)).map(|t| json!({
        "Id": t.id, "StartTime": t.start, "Duration": t.duration, "ResponseTime": t.duration,
        "HasFault": t.fault, "HasError": false, "HasThrottle": false,
    })).collect();
    Reply::rest(
        200,
        json!({"TraceSummaries": summaries, "ApproximateTime": now(), "TracesProcessedCount": summaries.len()}),
    )
}

fn traces(state: &mut State, call: &Call) -> Reply {
    let ids: Vec<&str> = call.json["TraceIds"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let traces: Vec<Value> = state
        .traces
        .iter()
        .filter(|t| ids.contains(&t.id.as_str()))
        .map(|t| {
            json!({
                "Id": t.id, "Duration": t.duration,
                "Segments": [{"Id": "70de5b6f19ff9a0a", "Document": json!({
                    "name": t.service, "id": "70de5b6f19ff9a0a", "trace_id": t.id,
                    "start_time": t.start, "end_time": t.start + t.duration, "fault": t.fault,
                }).to_string()}],
            })
        })
        .collect();
    Reply::rest(200, json!({"Traces": traces, "UnprocessedTraceIds": []}))
}

/// One node per service seen in the window, without edges.
fn service_graph(state: &mut State, call: &Call) -> Reply {
    let body = &call.json;
    let mut names: Vec<&str> = state
        .traces
        .iter()
        .filter(|t| in_window(call, t))
        .map(|t| t.service.as_str())
        .collect();
    names.sort();
    names.dedup();
    let services: Vec<Value> = names.iter().enumerate().map(|(i, n)| json!({
        "ReferenceId": i, "Name": n, "Names": [n], "Type": "AWS::EC2::Instance", "State": "active", "Edges": [],
    })).collect();
    Reply::rest(
        200,
        json!({"Services": services, "StartTime": body["StartTime"], "EndTime": body["EndTime"]}),
    )
}
