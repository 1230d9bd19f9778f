//! Organizations and spaces.

use super::state::State;
use super::v3::V3;
use super::{not_found, reply, Reply};
use serde_json::json;

pub(super) fn list_orgs(state: &mut State, call: &V3) -> Reply {
    let names = call.filter("names");
    let items = state
        .orgs
        .iter()
        .filter(|o| names.as_ref().is_none_or(|n| n.contains(&o.name)))
        .map(|o| json!({"guid": o.guid, "name": o.name}))
        .collect();
    call.page(state, items)
}

pub(super) fn get_org(state: &mut State, guid: &str) -> Reply {
    match state.orgs.iter().find(|o| o.guid == guid) {
        Some(o) => reply(200).json(json!({"guid": o.guid, "name": o.name})),
        None => not_found("Organization"),
    }
}

pub(super) fn get_space(state: &mut State, guid: &str) -> Reply {
    match state.spaces.iter().find(|s| s.guid == guid) {
        Some(s) => reply(200).json(json!({"guid": s.guid, "name": s.name,
            "relationships": {"organization": {"data": {"guid": s.org}}}})),
        None => not_found("Space"),
    }
}

pub(super) fn list_spaces(state: &mut State, call: &V3) -> Reply {
    let names = call.filter("names");
    let orgs = call.filter("organization_guids");
    let items = state
        .spaces
        .iter()
        .filter(|s| names.as_ref().is_none_or(|n| n.contains(&s.name)))
        .filter(|s| orgs.as_ref().is_none_or(|o| o.contains(&s.org)))
        .map(|s| {
            json!({"guid": s.guid, "name": s.name,
            "relationships": {"organization": {"data": {"guid": s.org}}}})
        })
        .collect();
    call.page(state, items)
}
