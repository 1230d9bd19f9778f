//! Apps and their web processes: listing, reading, starting, stopping and
//! deleting apps, and their instances' stats and terminations.

use super::state::{App, State};
use super::v3::V3;
use super::{not_found, reply, Reply};
use serde_json::{json, Value};

pub(super) fn list(state: &mut State, call: &V3) -> Reply {
    let names = call.filter("names");
    let spaces = call.filter("space_guids");
    let orgs = call.filter("organization_guids");
    let mut apps: Vec<&App> = state
        .apps
        .iter()
        .filter(|a| names.as_ref().is_none_or(|n| n.contains(&a.name)))
        .filter(|a| spaces.as_ref().is_none_or(|s| s.contains(&a.space)))
        .filter(|a| {
            orgs.as_ref()
                .is_none_or(|o| o.contains(&state.org_of_space(&a.space)))
        })
        .collect();
    if call.query.get("order_by").map(String::as_str) == Some("name") {
        apps.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let items = apps.iter().map(|a| state.app_json(a, call.base)).collect();
    call.page(state, items)
}

/// Requests for one app (`rest`: the path after its guid).
pub(super) fn app(state: &mut State, call: &V3, guid: &str, rest: &[&str]) -> Reply {
    let Some(i) = state.apps.iter().position(|a| a.guid == guid) else {
        return not_found("App");
    };
    match (call.method, rest) {
        ("GET", []) => reply(200).json(state.app_json(&state.apps[i], call.base)),
        ("DELETE", []) => delete(state, call, i),
        ("POST", ["actions", action @ ("start" | "stop")]) => {
            start_or_stop(state, call, i, *action == "start")
        }
        ("GET", ["processes"]) => processes(state, call, i),
        ("GET", ["routes"]) => app_routes(state, call, guid),
        _ => not_found("Resource"),
    }
}

/// Deletes the app with its route destinations and bindings; CF answers
/// with the job that does it.
fn delete(state: &mut State, call: &V3, i: usize) -> Reply {
    let app = state.delete_app(i);
    let location = format!("{}/v3/jobs/app-delete-{}", call.base, app.guid);
    reply(202).header("location", location)
}

fn start_or_stop(state: &mut State, call: &V3, i: usize, start: bool) -> Reply {
    state.set_started(i, start);
    reply(200).json(state.app_json(&state.apps[i], call.base))
}

/// An app has its web process only.
fn processes(state: &mut State, call: &V3, i: usize) -> Reply {
    let app = &state.apps[i];
    let items = vec![json!({"guid": app.process, "type": "web",
        "instances": app.instances.len(), "memory_in_mb": 256})];
    call.page(state, items)
}

fn app_routes(state: &mut State, call: &V3, guid: &str) -> Reply {
    let items = state
        .routes
        .iter()
        .filter(|r| r.destinations.iter().any(|(_, a)| a == guid))
        .map(|r| state.route_json(r, call.base))
        .collect();
    call.page(state, items)
}

/// Requests for an app's web process (`rest`: the path after its guid).
pub(super) fn process(state: &mut State, call: &V3, guid: &str, rest: &[&str]) -> Reply {
    let Some(i) = state.apps.iter().position(|a| a.process == guid) else {
        return not_found("Process");
    };
    match (call.method, rest) {
        ("GET", ["stats"]) => stats(state, i),
        ("DELETE", ["instances", index]) => terminate_instance(state, i, index),
        _ => not_found("Resource"),
    }
}

/// Per instance: its state, and the usage a running instance reports.
fn stats(state: &mut State, i: usize) -> Reply {
    let app = &state.apps[i];
    let resources: Vec<Value> = app
        .instances
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let mut stats = State::instance_usage(app, index);
            let port = stats["port"].clone();
            stats["type"] = json!("web");
            stats["index"] = json!(index);
            stats["state"] = json!(if app.started { *s } else { "DOWN" });
            stats["instance_ports"] = json!([{"external": port, "internal": 8080}]);
            if let Value::Object(fields) = &mut stats {
                fields.remove("port");
            }
            if !app.started {
                stats["host"] = json!("");
                stats["uptime"] = json!(0);
            }
            stats
        })
        .collect();
    reply(200).json(json!({"resources": resources}))
}

/// A terminated instance restarts (`STARTING`); a stopped app has none.
fn terminate_instance(state: &mut State, i: usize, index: &str) -> Reply {
    match index.parse::<usize>() {
        Ok(n) if state.terminate(i, n) => reply(204),
        _ => not_found("Instance"),
    }
}
