//! Routes and their destinations (the apps they send traffic to).

use super::state::State;
use super::v3::V3;
use super::{cf_error, not_found, reply, Reply};
use serde_json::{json, Value};

pub(super) fn list(state: &mut State, call: &V3) -> Reply {
    let hosts = call.filter("hosts");
    let orgs = call.filter("organization_guids");
    let items = state
        .routes
        .iter()
        .filter(|r| hosts.as_ref().is_none_or(|h| h.contains(&r.host)))
        .filter(|r| {
            orgs.as_ref()
                .is_none_or(|o| o.contains(&state.org_of_space(&r.space)))
        })
        .map(|r| state.route_json(r, call.base))
        .collect();
    call.page(state, items)
}

/// Requests for a route's destinations (`rest`: the path after them).
pub(super) fn destinations(state: &mut State, call: &V3, guid: &str, rest: &[&str]) -> Reply {
    let Some(i) = state.routes.iter().position(|r| r.guid == guid) else {
        return not_found("Route");
    };
    match (call.method, rest) {
        ("POST", []) => add_destinations(state, call, i),
        ("DELETE", [destination]) => remove_destination(state, i, destination),
        _ => not_found("Resource"),
    }
}

/// Maps the apps the body names (those not mapped yet), all or none.
fn add_destinations(state: &mut State, call: &V3, i: usize) -> Reply {
    let body: Value = serde_json::from_slice(call.body).unwrap_or(Value::Null);
    let wanted: Vec<String> = body["destinations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["app"]["guid"].as_str().map(str::to_string))
        .collect();
    if wanted.is_empty() {
        return cf_error(422, 10008, "CF-UnprocessableEntity", "Destinations must have the structure \"destinations\": [{\"app\": {\"guid\": \"app_guid\"}}]");
    }
    for app in &wanted {
        if !state.apps.iter().any(|a| &a.guid == app) {
            return cf_error(
                422,
                10008,
                "CF-UnprocessableEntity",
                &format!("App with guid '{app}' does not exist or you do not have access to it."),
            );
        }
    }
    for app in wanted {
        state.map_route(i, &app);
    }
    let route = state.route_json(&state.routes[i], call.base);
    reply(200).json(json!({"destinations": route["destinations"]}))
}

fn remove_destination(state: &mut State, i: usize, destination: &str) -> Reply {
    let before = state.routes[i].destinations.len();
    state.routes[i]
        .destinations
        .retain(|(d, _)| d != destination);
    if state.routes[i].destinations.len() == before {
        return not_found("Destination");
    }
    reply(204)
}
