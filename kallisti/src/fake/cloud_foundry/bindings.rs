//! Service credential bindings of apps.

use super::state::{Binding, State};
use super::v3::V3;
use super::{not_found, reply, Reply};
use serde_json::{json, Value};

/// The bindings, with their service instances when `include` asks for them.
pub(super) fn list(state: &mut State, call: &V3) -> Reply {
    let apps = call.filter("app_guids");
    let bindings: Vec<&Binding> = state
        .bindings
        .iter()
        .filter(|b| apps.as_ref().is_none_or(|a| a.contains(&b.app)))
        .collect();
    let items: Vec<Value> = bindings
        .iter()
        .map(|b| {
            json!({"guid": b.guid, "type": "app", "name": b.name,
            "relationships": {"app": {"data": {"guid": b.app}},
                              "service_instance": {"data": {"guid": b.instance.0}}}})
        })
        .collect();
    let included: Vec<Value> = bindings
        .iter()
        .map(|b| json!({"guid": b.instance.0, "name": b.instance.1, "type": "managed"}))
        .collect();
    let mut body = call.page_body(state, items);
    if call.query.get("include").map(String::as_str) == Some("service_instance") {
        body["included"] = json!({"service_instances": included});
    }
    reply(200).json(body)
}

/// CF answers a deletion with the job that does it.
pub(super) fn delete(state: &mut State, call: &V3, guid: &str) -> Reply {
    let before = state.bindings.len();
    state.bindings.retain(|b| b.guid != guid);
    if state.bindings.len() == before {
        return not_found("Service credential binding");
    }
    reply(202).header(
        "location",
        format!("{}/v3/jobs/binding-delete-{guid}", call.base),
    )
}
