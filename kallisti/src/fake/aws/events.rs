//! EventBridge rules and their targets (JSON 1.1).

use super::wire::{dispatch, Call, Operation, Reply};
use super::State;
use serde_json::{json, Value};

/// An EventBridge rule of the fake: (name, `ENABLED`/`DISABLED`, target ids).
#[derive(Debug, Clone)]
pub(crate) struct FakeRule {
    pub(crate) name: String,
    pub(crate) state: String,
    pub(crate) targets: Vec<String>,
}

const OPERATIONS: &[Operation] = &[
    ("DescribeRule", describe_rule),
    ("ListTargetsByRule", list_targets),
    ("EnableRule", |s, c| set_state(s, c, "ENABLED")),
    ("DisableRule", |s, c| set_state(s, c, "DISABLED")),
    ("DeleteRule", delete_rule),
    ("PutTargets", put_targets),
    ("RemoveTargets", remove_targets),
];

pub(super) fn events(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, &call.operation, state, call, |op| {
        Reply::json_error(
            400,
            "UnknownOperationException",
            &format!("Unknown operation {op}"),
        )
    })
}

fn rule_name(call: &Call) -> &str {
    call.json["Name"]
        .as_str()
        .or(call.json["Rule"].as_str())
        .unwrap_or_default()
}

fn rule<'a>(state: &'a mut State, call: &Call) -> Result<&'a mut FakeRule, Reply> {
    let name = rule_name(call);
    state
        .rules
        .iter_mut()
        .find(|r| r.name == name)
        .ok_or_else(|| {
            Reply::json_error(
                400,
                "ResourceNotFoundException",
                &format!("Rule {name} does not exist."),
            )
        })
}

fn arn(name: &str) -> String {
    format!("arn:aws:events:us-east-1:123456789012:rule/{name}")
}

fn describe_rule(state: &mut State, call: &Call) -> Reply {
    match rule(state, call) {
        Ok(r) => Reply::json(json!({
            "Name": r.name, "Arn": arn(&r.name), "State": r.state,
            "ScheduleExpression": "rate(5 minutes)", "EventBusName": "default",
        })),
        Err(reply) => reply,
    }
}

fn list_targets(state: &mut State, call: &Call) -> Reply {
    match rule(state, call) {
        Ok(r) => Reply::json(json!({"Targets": r.targets.iter().map(|id| json!({
            "Id": id, "Arn": format!("arn:aws:sqs:us-east-1:123456789012:{id}"),
        })).collect::<Vec<_>>()})),
        Err(reply) => reply,
    }
}

fn set_state(state: &mut State, call: &Call, to: &str) -> Reply {
    match rule(state, call) {
        Ok(r) => {
            r.state = to.into();
            Reply::json(json!({}))
        }
        Err(reply) => reply,
    }
}

fn delete_rule(state: &mut State, call: &Call) -> Reply {
    if let Err(reply) = rule(state, call) {
        return reply;
    }
    let name = rule_name(call).to_string();
    state.rules.retain(|r| r.name != name);
    Reply::json(json!({}))
}

fn put_targets(state: &mut State, call: &Call) -> Reply {
    let ids: Vec<String> = call.json["Targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["Id"].as_str().map(str::to_string))
        .collect();
    match rule(state, call) {
        Ok(r) => {
            r.targets.retain(|t| !ids.contains(t));
            r.targets.extend(ids);
            Reply::json(json!({"FailedEntryCount": 0, "FailedEntries": []}))
        }
        Err(reply) => reply,
    }
}

fn remove_targets(state: &mut State, call: &Call) -> Reply {
    let ids: Vec<&str> = call.json["Ids"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    match rule(state, call) {
        Ok(r) => {
            r.targets.retain(|t| !ids.contains(&t.as_str()));
            Reply::json(json!({"FailedEntryCount": 0, "FailedEntries": []}))
        }
        Err(reply) => reply,
    }
}
