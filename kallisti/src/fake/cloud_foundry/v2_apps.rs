//! v2 apps: listing and reading them, starting and stopping them (`PUT`
//! with a `state`), deleting them, their instances and stats, terminating
//! an instance, and mapping routes to them.

use super::state::{App, State, SEEDED_AT, SEEDED_AT_SECONDS};
use super::v2::{resource, v2_error, Row, V2};
use super::v2_routes::app_not_found;
use super::{reply, Reply};
use serde_json::{json, Map, Value};

/// The stack every app runs on.
const STACK_GUID: &str = "0000000a-0000-4000-8000-000000000000";
/// What `q` may filter apps on.
const QUERYABLE: &[&str] = &[
    "name",
    "space_guid",
    "organization_guid",
    "diego",
    "stack_guid",
];

/// An app as v2 shows it (its web process's settings are the app's own).
pub(super) fn app_resource(app: &App) -> Value {
    let guid = &app.guid;
    resource(
        "apps",
        guid,
        json!({
            "name": app.name,
            "production": false,
            "space_guid": app.space,
            "stack_guid": STACK_GUID,
            "buildpack": null,
            "detected_buildpack": "",
            "detected_buildpack_guid": null,
            "environment_json": {},
            "memory": 256,
            "instances": app.instances.len(),
            "disk_quota": 1024,
            "state": if app.started { "STARTED" } else { "STOPPED" },
            "version": app.process,
            "command": null,
            "console": false,
            "debug": null,
            "staging_task_id": null,
            "package_state": "STAGED",
            "health_check_type": "port",
            "health_check_timeout": null,
            "health_check_http_endpoint": null,
            "staging_failed_reason": null,
            "staging_failed_description": null,
            "diego": true,
            "docker_image": null,
            "docker_credentials": {"username": null, "password": null},
            "package_updated_at": SEEDED_AT,
            "detected_start_command": "",
            "enable_ssh": true,
            "ports": [8080],
            "space_url": format!("/v2/spaces/{}", app.space),
            "stack_url": format!("/v2/stacks/{STACK_GUID}"),
            "routes_url": format!("/v2/apps/{guid}/routes"),
            "events_url": format!("/v2/apps/{guid}/events"),
            "service_bindings_url": format!("/v2/apps/{guid}/service_bindings"),
            "route_mappings_url": format!("/v2/apps/{guid}/route_mappings"),
        }),
    )
}

/// `apps` as list rows, with what `q` compares.
fn rows<'a>(state: &State, apps: impl Iterator<Item = &'a App>) -> Vec<Row> {
    apps.map(|a| Row {
        resource: app_resource(a),
        attributes: vec![
            ("name", a.name.clone()),
            ("space_guid", a.space.clone()),
            ("organization_guid", state.org_of_space(&a.space)),
            ("diego", "true".into()),
            ("stack_guid", STACK_GUID.into()),
        ],
    })
    .collect()
}

pub(super) fn list(state: &mut State, call: &V2) -> Reply {
    let rows = rows(state, state.apps.iter());
    call.list(state, QUERYABLE, rows)
}

/// The apps a route is mapped to.
pub(super) fn apps_of_route(state: &mut State, call: &V2, guid: &str) -> Reply {
    let Some(route) = state.routes.iter().find(|r| r.guid == guid) else {
        return super::v2_routes::route_not_found(guid);
    };
    let mapped = state
        .apps
        .iter()
        .filter(|a| route.destinations.iter().any(|(_, app)| *app == a.guid));
    let rows = rows(state, mapped);
    call.list(state, QUERYABLE, rows)
}

pub(super) fn get(state: &mut State, guid: &str) -> Reply {
    match state.app_index(guid) {
        Some(i) => reply(200).json(app_resource(&state.apps[i])),
        None => app_not_found(guid),
    }
}

/// Updates an app; of its attributes the fake changes `state` only.
pub(super) fn update(state: &mut State, call: &V2, guid: &str) -> Reply {
    let Some(i) = state.app_index(guid) else {
        return app_not_found(guid);
    };
    let body: Value = match serde_json::from_slice(call.body) {
        Ok(body @ Value::Object(_)) => body,
        _ => {
            return v2_error(
                400,
                1001,
                "CF-MessageParseError",
                "Request invalid due to parse error: the body is not a JSON object",
            )
        }
    };
    match body.get("state").map(|s| s.as_str()) {
        None => {}
        Some(Some("STARTED")) => state.set_started(i, true),
        Some(Some("STOPPED")) => state.set_started(i, false),
        Some(_) => {
            return v2_error(
                400,
                100001,
                "CF-AppInvalid",
                "The app is invalid: Invalid app state provided",
            )
        }
    }
    reply(201).json(app_resource(&state.apps[i]))
}

/// Deletes an app; while it has service bindings, only when `recursive`
/// says to delete them too.
pub(super) fn delete(state: &mut State, call: &V2, guid: &str) -> Reply {
    let Some(i) = state.app_index(guid) else {
        return app_not_found(guid);
    };
    let bound = state.bindings.iter().any(|b| b.app == guid);
    if bound && call.param("recursive") != Some("true") {
        return v2_error(
            400,
            10006,
            "CF-AssociationNotEmpty",
            "Please delete the service_bindings associations for your apps.",
        );
    }
    state.delete_app(i);
    reply(204)
}

/// App `guid` when it is started; else the 404 for an unknown app, or
/// `stopped` (given the app's name) for a stopped one.
fn started_app<'a>(
    state: &'a State,
    guid: &str,
    stopped: impl Fn(&str) -> Reply,
) -> Result<&'a App, Box<Reply>> {
    let Some(i) = state.app_index(guid) else {
        return Err(Box::new(app_not_found(guid)));
    };
    let app = &state.apps[i];
    if !app.started {
        return Err(Box::new(stopped(&app.name)));
    }
    Ok(app)
}

/// Per instance index (as a string): its state and usage, with the app's
/// name and URLs; a stopped app has no stats.
pub(super) fn stats(state: &mut State, guid: &str) -> Reply {
    let app = match started_app(state, guid, |name| {
        v2_error(
            400,
            200003,
            "CF-AppStoppedStatsError",
            &format!("Could not fetch stats for stopped app: {name}"),
        )
    }) {
        Ok(app) => app,
        Err(refused) => return *refused,
    };
    let uris = state.uris_of(guid);
    let mut by_index = Map::new();
    for (index, instance) in app.instances.iter().enumerate() {
        let mut stats = State::instance_usage(app, index);
        stats["name"] = json!(app.name);
        stats["uris"] = json!(uris);
        by_index.insert(
            index.to_string(),
            json!({"state": instance, "stats": stats}),
        );
    }
    reply(200).json(Value::Object(by_index))
}

/// Per instance index (as a string): its state, uptime and start time.
pub(super) fn instances(state: &mut State, guid: &str) -> Reply {
    let app = match started_app(state, guid, |name| {
        v2_error(
            400,
            220001,
            "CF-InstancesError",
            &format!(
                "Instances error: Request failed for app: {name} as the app is in stopped state."
            ),
        )
    }) {
        Ok(app) => app,
        Err(refused) => return *refused,
    };
    let mut by_index = Map::new();
    for (index, instance) in app.instances.iter().enumerate() {
        let usage = State::instance_usage(app, index);
        by_index.insert(
            index.to_string(),
            json!({"state": instance, "uptime": usage["uptime"], "since": SEEDED_AT_SECONDS}),
        );
    }
    reply(200).json(Value::Object(by_index))
}

/// Terminates an instance. The Cloud Controller hands the index to Diego
/// without checking it, so an index the app lacks (or any index of a
/// stopped app) is a 204 that terminates nothing.
pub(super) fn kill(state: &mut State, guid: &str, index: &str) -> Reply {
    let Some(i) = state.app_index(guid) else {
        return app_not_found(guid);
    };
    if let Ok(n) = index.parse::<usize>() {
        state.terminate(i, n);
    }
    reply(204)
}

/// Maps a route to the app (a route mapped already stays as it is).
pub(super) fn add_route(state: &mut State, guid: &str, route: &str) -> Reply {
    let Some(i) = state.app_index(guid) else {
        return app_not_found(guid);
    };
    let Some(r) = state.routes.iter().position(|x| x.guid == route) else {
        return super::v2_routes::route_not_found(route);
    };
    state.map_route(r, guid);
    reply(201).json(app_resource(&state.apps[i]))
}

/// Unmaps a route from the app (one not mapped stays unmapped).
pub(super) fn remove_route(state: &mut State, guid: &str, route: &str) -> Reply {
    if state.app_index(guid).is_none() {
        return app_not_found(guid);
    }
    let Some(r) = state.routes.iter().position(|x| x.guid == route) else {
        return super::v2_routes::route_not_found(route);
    };
    state.routes[r].destinations.retain(|(_, app)| app != guid);
    reply(204)
}
