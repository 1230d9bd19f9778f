//! Systems Manager documents (JSON 1.1).

use super::wire::{dispatch, Call, Operation, Reply};
use super::State;
use serde_json::json;

const OPERATIONS: &[Operation] = &[
    ("DescribeDocument", describe_document),
    ("DeleteDocument", delete_document),
];

pub(super) fn ssm(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, &call.operation, state, call, |op| {
        Reply::json_error(
            400,
            "UnknownOperationException",
            &format!("Unknown operation {op}"),
        )
    })
}

fn known(state: &State, call: &Call) -> Result<String, Reply> {
    let name = call.json["Name"].as_str().unwrap_or_default().to_string();
    if state.documents.contains(&name) {
        Ok(name)
    } else {
        Err(Reply::json_error(
            400,
            "InvalidDocument",
            "The specified document does not exist.",
        ))
    }
}

fn describe_document(state: &mut State, call: &Call) -> Reply {
    match known(state, call) {
        Ok(name) => Reply::json(json!({"Document": {
            "Name": name, "DocumentType": "Command", "Status": "Active",
            "DocumentVersion": "1", "LatestVersion": "1", "DefaultVersion": "1",
            "Owner": "123456789012", "SchemaVersion": "2.2",
        }})),
        Err(reply) => reply,
    }
}

fn delete_document(state: &mut State, call: &Call) -> Reply {
    match known(state, call) {
        Ok(name) => {
            state.documents.retain(|d| d != &name);
            Reply::json(json!({}))
        }
        Err(reply) => reply,
    }
}
