//! Lambda (REST-JSON): function configuration, concurrency, invocations
//! and event source mappings.

use super::wire::{Call, Reply};
use super::{State, ACCOUNT};
use serde_json::{json, Map, Value};

/// A Lambda function of the fake. Invoked, it answers `payload`, unless the
/// chaos extension's error variables are set (then their body, as the
/// extension does with probability 1).
#[derive(Debug, Clone)]
pub struct FakeFunction {
    pub(crate) name: String,
    pub(crate) timeout: i32,
    pub(crate) memory: i32,
    pub(crate) environment: Vec<(String, String)>,
    pub(crate) layers: Vec<String>,
    pub(crate) concurrency: Option<i64>,
    /// Event source mappings: (UUID, `Enabled` or `Disabled`).
    pub(crate) mappings: Vec<(String, String)>,
    payload: Value,
}

impl FakeFunction {
    /// A function with a 3 s timeout and 128 MB, answering `{"statusCode": 200}`.
    pub fn new(name: &str) -> Self {
        FakeFunction {
            name: name.into(),
            timeout: 3,
            memory: 128,
            environment: Vec::new(),
            layers: Vec::new(),
            concurrency: None,
            mappings: Vec::new(),
            payload: json!({"statusCode": 200}),
        }
    }

    /// With an environment variable.
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.environment.push((name.into(), value.into()));
        self
    }

    /// With a layer (an ARN).
    pub fn layer(mut self, arn: &str) -> Self {
        self.layers.push(arn.into());
        self
    }

    /// With an enabled event source mapping (a queue feeding it).
    pub fn mapping(mut self, uuid: &str) -> Self {
        self.mappings.push((uuid.into(), "Enabled".into()));
        self
    }

    /// Answering `payload` when invoked.
    pub fn answers(mut self, payload: Value) -> Self {
        self.payload = payload;
        self
    }
}

fn function_json(region: &str, f: &FakeFunction) -> Value {
    let variables: Map<String, Value> = f
        .environment
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    json!({
        "FunctionName": f.name,
        "FunctionArn": format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{}", f.name),
        "Runtime": "python3.12",
        "Handler": "index.handler",
        "Timeout": f.timeout,
        "MemorySize": f.memory,
        "Version": "$LATEST",
        "State": "Active",
        "LastUpdateStatus": "Successful",
        "Layers": f.layers.iter().map(|l| json!({"Arn": l, "CodeSize": 1024})).collect::<Vec<_>>(),
        "Environment": {"Variables": variables},
    })
}

/// One event source mapping, read, updated or deleted by its UUID.
fn event_source_mapping(state: &mut State, call: &Call) -> Reply {
    let uuid = call.path.get(2).cloned().unwrap_or_default();
    let region = call.region.clone();
    let found = state.functions.iter_mut().find_map(|f| {
        let at = f.mappings.iter().position(|m| m.0 == uuid)?;
        Some((f, at))
    });
    let Some((f, at)) = found else {
        return Reply::rest_error(
            404,
            "ResourceNotFoundException",
            &format!(
                "The resource you requested does not exist. (Service: Lambda; Mapping: {uuid})"
            ),
        );
    };
    let op = call.operation.as_str();
    if op == "UpdateEventSourceMapping" {
        if let Some(enabled) = call.json["Enabled"].as_bool() {
            f.mappings[at].1 = if enabled { "Enabling" } else { "Disabling" }.into();
        }
    }
    let (id, state_name) = if op == "DeleteEventSourceMapping" {
        let (id, _) = f.mappings.remove(at);
        (id, "Deleting".to_string())
    } else {
        f.mappings[at].clone()
    };
    // Lambda accepts changes to a mapping asynchronously.
    let status = if op == "GetEventSourceMapping" {
        200
    } else {
        202
    };
    Reply::rest(
        status,
        json!({
            "UUID": id, "State": state_name,
            "FunctionArn": format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{}", f.name),
            "EventSourceArn": format!("arn:aws:sqs:{region}:{ACCOUNT}:{}-queue", f.name),
            "BatchSize": 10,
        }),
    )
}

/// Lambda's REST routes, named by their operations.
pub(super) fn operation(method: &str, path: &[String]) -> String {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let op = match (method, p.as_slice()) {
        ("GET", [_, "functions", _, "configuration"]) => "GetFunctionConfiguration",
        ("PUT", [_, "functions", _, "configuration"]) => "UpdateFunctionConfiguration",
        ("GET", [_, "functions", _, "concurrency"]) => "GetFunctionConcurrency",
        ("PUT", [_, "functions", _, "concurrency"]) => "PutFunctionConcurrency",
        ("DELETE", [_, "functions", _, "concurrency"]) => "DeleteFunctionConcurrency",
        ("POST", [_, "functions", _, "invocations"]) => "Invoke",
        ("GET", [_, "event-source-mappings"]) => "ListEventSourceMappings",
        ("GET", [_, "event-source-mappings", _]) => "GetEventSourceMapping",
        ("PUT", [_, "event-source-mappings", _]) => "UpdateEventSourceMapping",
        ("DELETE", [_, "event-source-mappings", _]) => "DeleteEventSourceMapping",
        _ => "Unknown",
    };
    op.to_string()
}

/// An operation on one function, found by the name in the path.
type FunctionOperation = (&'static str, fn(&mut FakeFunction, &Call) -> Reply);

const FUNCTION_OPERATIONS: &[FunctionOperation] = &[
    ("GetFunctionConfiguration", |f, c| {
        Reply::rest(200, function_json(&c.region, f))
    }),
    ("UpdateFunctionConfiguration", update_configuration),
    ("GetFunctionConcurrency", get_concurrency),
    ("PutFunctionConcurrency", put_concurrency),
    ("DeleteFunctionConcurrency", delete_concurrency),
    ("Invoke", invoke),
];

pub(super) fn lambda(state: &mut State, call: &Call) -> Reply {
    let op = call.operation.as_str();
    if op.contains("EventSourceMapping") {
        return event_source_mapping(state, call);
    }
    let unknown = || Reply::rest_error(404, "UnknownOperationException", "Unknown operation");
    let name = call
        .path
        .get(2)
        .map(|n| n.rsplit(':').next().unwrap_or(n).to_string())
        .unwrap_or_default();
    let Some(f) = state.functions.iter_mut().find(|f| f.name == name) else {
        if op == "Unknown" {
            return unknown();
        }
        return Reply::rest_error(
            404,
            "ResourceNotFoundException",
            &format!(
                "Function not found: arn:aws:lambda:{}:{ACCOUNT}:function:{name}",
                call.region
            ),
        );
    };
    match FUNCTION_OPERATIONS.iter().find(|(known, _)| *known == op) {
        Some((_, answer)) => answer(f, call),
        None => unknown(),
    }
}

fn update_configuration(f: &mut FakeFunction, call: &Call) -> Reply {
    let body = &call.json;
    if let Some(t) = body["Timeout"].as_i64() {
        if !(1..=900).contains(&t) {
            return Reply::rest_error(
                400,
                "InvalidParameterValueException",
                "Timeout must be between 1 and 900 seconds.",
            );
        }
        f.timeout = t as i32;
    }
    if let Some(m) = body["MemorySize"].as_i64() {
        f.memory = m as i32;
    }
    if let Some(layers) = body["Layers"].as_array() {
        f.layers = layers
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
    }
    if let Some(vars) = body["Environment"]["Variables"].as_object() {
        f.environment = vars
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
            .collect();
    }
    Reply::rest(200, function_json(&call.region, f))
}

fn get_concurrency(f: &mut FakeFunction, _: &Call) -> Reply {
    Reply::rest(
        200,
        match f.concurrency {
            Some(n) => json!({"ReservedConcurrentExecutions": n}),
            None => json!({}),
        },
    )
}

fn put_concurrency(f: &mut FakeFunction, call: &Call) -> Reply {
    f.concurrency = call.json["ReservedConcurrentExecutions"].as_i64();
    Reply::rest(200, json!({"ReservedConcurrentExecutions": f.concurrency}))
}

fn delete_concurrency(f: &mut FakeFunction, _: &Call) -> Reply {
    f.concurrency = None;
    Reply::rest(204, Value::Null)
}

fn invoke(f: &mut FakeFunction, call: &Call) -> Reply {
    let env = |k: &str| f.environment.iter().find(|e| e.0 == k).map(|e| e.1.clone());
    if call.invocation_type == "DryRun" {
        return Reply::rest(204, Value::Null);
    }
    let erroring = env("CHAOS_EXTENSION__RESPONSE__ENABLE_CHANGE_RESPONSE_BODY").as_deref()
        == Some("true")
        && env("CHAOS_EXTENSION__RESPONSE__CHANGE_RESPONSE_PROBABILITY")
            .and_then(|p| p.parse::<f64>().ok())
            .unwrap_or(0.0)
            >= 1.0;
    let payload = if erroring {
        env("CHAOS_EXTENSION__RESPONSE__DEFAULT_RESPONSE")
            .and_then(|b| serde_json::from_str(&b).ok())
            .unwrap_or(json!({"statusCode": 500}))
    } else {
        f.payload.clone()
    };
    Reply::rest(200, payload).header("x-amz-executed-version", "$LATEST".into())
}
