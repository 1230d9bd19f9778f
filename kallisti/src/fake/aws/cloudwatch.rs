//! CloudWatch (Smithy RPC v2 CBOR): metric data points, their statistics,
//! and alarms.

use super::wire::{dispatch, Call, Operation, Reply};
use super::{now, State, ACCOUNT};
use serde_json::{json, Value};

/// A CloudWatch data point of the fake.
#[derive(Debug, Clone)]
pub(crate) struct FakeDatapoint {
    namespace: String,
    name: String,
    dimensions: Vec<(String, String)>,
    value: f64,
    at: f64,
}

fn dimensions(value: &Value) -> Vec<(String, String)> {
    let mut dims: Vec<(String, String)> = value
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["Name"].as_str().unwrap_or_default().to_string(),
                d["Value"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    dims.sort();
    dims
}

/// The statistics of the points of one metric in [start, end].
fn statistics(
    state: &State,
    metric: &Value,
    start: f64,
    end: f64,
) -> Option<(f64, f64, f64, f64, f64)> {
    let dims = dimensions(&metric["Dimensions"]);
    let values: Vec<f64> = state
        .datapoints
        .iter()
        .filter(|p| {
            Some(p.namespace.as_str()) == metric["Namespace"].as_str()
                && Some(p.name.as_str()) == metric["MetricName"].as_str()
        })
        .filter(|p| p.dimensions == dims && p.at >= start && p.at <= end)
        .map(|p| p.value)
        .collect();
    if values.is_empty() {
        return None;
    }
    let sum: f64 = values.iter().sum();
    let count = values.len() as f64;
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some((sum / count, sum, min, max, count))
}

fn statistic(stats: (f64, f64, f64, f64, f64), name: &str) -> f64 {
    match name {
        "Sum" => stats.1,
        "Minimum" => stats.2,
        "Maximum" => stats.3,
        "SampleCount" => stats.4,
        _ => stats.0,
    }
}

const OPERATIONS: &[Operation] = &[
    ("PutMetricData", put_metric_data),
    ("GetMetricStatistics", get_metric_statistics),
    ("GetMetricData", get_metric_data),
    ("DescribeAlarms", describe_alarms),
];

/// CloudWatch over Smithy RPC v2 CBOR.
pub(super) fn cloudwatch(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, &call.operation, state, call, |op| {
        Reply::cbor_error(
            400,
            "UnknownOperationException",
            &format!("Unknown operation {op}"),
        )
    })
}

/// The request's `StartTime` and `EndTime` (unbounded when absent).
fn window(call: &Call) -> (f64, f64) {
    let start = call.json["StartTime"].as_f64().unwrap_or(0.0);
    let end = call.json["EndTime"].as_f64().unwrap_or(f64::MAX);
    (start, end)
}

fn put_metric_data(state: &mut State, call: &Call) -> Reply {
    let body = &call.json;
    let namespace = body["Namespace"].as_str().unwrap_or_default();
    for d in body["MetricData"].as_array().into_iter().flatten() {
        state.datapoints.push(FakeDatapoint {
            namespace: namespace.to_string(),
            name: d["MetricName"].as_str().unwrap_or_default().to_string(),
            dimensions: dimensions(&d["Dimensions"]),
            value: d["Value"].as_f64().unwrap_or_default(),
            // CloudWatch keeps at most one-second resolution.
            at: d["Timestamp"].as_f64().unwrap_or_else(now).floor(),
        });
    }
    Reply::cbor(json!({}))
}

/// One data point over the whole window, with the statistics asked for.
fn get_metric_statistics(state: &mut State, call: &Call) -> Reply {
    let body = &call.json;
    let (start, end) = window(call);
    let points = match statistics(state, body, start, end) {
        Some(stats) => {
            let mut point = serde_json::Map::new();
            point.insert("Timestamp".into(), json!({"$epoch": start}));
            for name in body["Statistics"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                point.insert(name.into(), json!(statistic(stats, name)));
            }
            vec![Value::Object(point)]
        }
        None => Vec::new(),
    };
    Reply::cbor(json!({"Label": body["MetricName"], "Datapoints": points}))
}

/// One value per query, over the whole window, stamped at its end.
fn get_metric_data(state: &mut State, call: &Call) -> Reply {
    let (start, end) = window(call);
    let results: Vec<Value> = call.json["MetricDataQueries"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| {
            let stat = &q["MetricStat"];
            let found = statistics(state, &stat["Metric"], start, end);
            let values: Vec<f64> = found
                .map(|s| statistic(s, stat["Stat"].as_str().unwrap_or("Average")))
                .into_iter()
                .collect();
            json!({
                "Id": q["Id"], "Label": stat["Metric"]["MetricName"],
                "Timestamps": values.iter().map(|_| json!({"$epoch": end})).collect::<Vec<_>>(),
                "Values": values, "StatusCode": "Complete",
            })
        })
        .collect();
    Reply::cbor(json!({"MetricDataResults": results, "Messages": []}))
}

fn describe_alarms(state: &mut State, call: &Call) -> Reply {
    let names: Vec<&str> = call.json["AlarmNames"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let alarms: Vec<Value> = state.alarms.iter().filter(|a| names.is_empty() || names.contains(&a.0.as_str())).map(|(name, value)| json!({
        "AlarmName": name, "StateValue": value, "AlarmArn": format!("arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:{name}"),
    })).collect();
    Reply::cbor(json!({"MetricAlarms": alarms, "CompositeAlarms": []}))
}
