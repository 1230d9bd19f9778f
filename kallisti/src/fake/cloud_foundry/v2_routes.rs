//! v2 organizations, spaces, routes and service bindings.

use super::state::{Binding, Route, State, DOMAIN_GUID, SEEDED_AT};
use super::v2::{resource, v2_error, Row, V2};
use super::{reply, Reply};
use serde_json::json;

pub(super) fn route_not_found(guid: &str) -> Reply {
    v2_error(
        404,
        210002,
        "CF-RouteNotFound",
        &format!("The route could not be found: {guid}"),
    )
}

pub(super) fn list_orgs(state: &mut State, call: &V2) -> Reply {
    let rows = state
        .orgs
        .iter()
        .map(|o| Row {
            resource: resource(
                "organizations",
                &o.guid,
                json!({
                    "name": o.name,
                    "billing_enabled": false,
                    "status": "active",
                    "default_isolation_segment_guid": null,
                    "spaces_url": format!("/v2/organizations/{}/spaces", o.guid),
                    "domains_url": format!("/v2/organizations/{}/domains", o.guid),
                    "users_url": format!("/v2/organizations/{}/users", o.guid),
                }),
            ),
            attributes: vec![("name", o.name.clone()), ("status", "active".into())],
        })
        .collect();
    call.list(state, &["name", "status"], rows)
}

pub(super) fn list_spaces(state: &mut State, call: &V2) -> Reply {
    let rows = state
        .spaces
        .iter()
        .map(|s| Row {
            resource: resource(
                "spaces",
                &s.guid,
                json!({
                    "name": s.name,
                    "organization_guid": s.org,
                    "space_quota_definition_guid": null,
                    "isolation_segment_guid": null,
                    "allow_ssh": true,
                    "organization_url": format!("/v2/organizations/{}", s.org),
                    "apps_url": format!("/v2/spaces/{}/apps", s.guid),
                    "routes_url": format!("/v2/spaces/{}/routes", s.guid),
                }),
            ),
            attributes: vec![
                ("name", s.name.clone()),
                ("organization_guid", s.org.clone()),
            ],
        })
        .collect();
    call.list(state, &["name", "organization_guid"], rows)
}

/// What `q` may filter routes on.
const ROUTE_QUERYABLE: &[&str] = &["host", "domain_guid", "organization_guid", "path", "port"];

fn route_row(state: &State, route: &Route) -> Row {
    let guid = &route.guid;
    Row {
        resource: resource(
            "routes",
            guid,
            json!({
                "host": route.host,
                "path": "",
                "domain_guid": DOMAIN_GUID,
                "space_guid": route.space,
                "service_instance_guid": null,
                "port": null,
                "domain_url": format!("/v2/shared_domains/{DOMAIN_GUID}"),
                "space_url": format!("/v2/spaces/{}", route.space),
                "apps_url": format!("/v2/routes/{guid}/apps"),
                "route_mappings_url": format!("/v2/routes/{guid}/route_mappings"),
            }),
        ),
        attributes: vec![
            ("host", route.host.clone()),
            ("domain_guid", DOMAIN_GUID.into()),
            ("organization_guid", state.org_of_space(&route.space)),
            ("path", String::new()),
        ],
    }
}

pub(super) fn list_routes(state: &mut State, call: &V2) -> Reply {
    let rows = state.routes.iter().map(|r| route_row(state, r)).collect();
    call.list(state, ROUTE_QUERYABLE, rows)
}

/// The routes mapped to an app.
pub(super) fn routes_of_app(state: &mut State, call: &V2, guid: &str) -> Reply {
    if state.app_index(guid).is_none() {
        return app_not_found(guid);
    }
    let rows = state
        .routes
        .iter()
        .filter(|r| r.destinations.iter().any(|(_, a)| a == guid))
        .map(|r| route_row(state, r))
        .collect();
    call.list(state, ROUTE_QUERYABLE, rows)
}

pub(super) fn app_not_found(guid: &str) -> Reply {
    v2_error(
        404,
        100004,
        "CF-AppNotFound",
        &format!("The app could not be found: {guid}"),
    )
}

fn binding_row(binding: &Binding) -> Row {
    let (instance, _) = &binding.instance;
    Row {
        resource: resource(
            "service_bindings",
            &binding.guid,
            json!({
                "app_guid": binding.app,
                "service_instance_guid": instance,
                "credentials": {},
                "binding_options": {},
                "gateway_data": null,
                "gateway_name": "",
                "syslog_drain_url": null,
                "volume_mounts": [],
                "name": binding.name,
                "last_operation": {"type": "create", "state": "succeeded", "description": "",
                                   "created_at": SEEDED_AT, "updated_at": SEEDED_AT},
                "app_url": format!("/v2/apps/{}", binding.app),
                "service_instance_url": format!("/v2/service_instances/{instance}"),
                "service_binding_parameters_url": format!("/v2/service_bindings/{}/parameters", binding.guid),
            }),
        ),
        attributes: vec![
            ("name", binding.name.clone()),
            ("service_instance_guid", instance.clone()),
        ],
    }
}

/// The service bindings of an app.
pub(super) fn bindings_of_app(state: &mut State, call: &V2, guid: &str) -> Reply {
    if state.app_index(guid).is_none() {
        return app_not_found(guid);
    }
    let rows = state
        .bindings
        .iter()
        .filter(|b| b.app == guid)
        .map(binding_row)
        .collect();
    call.list(state, &["name", "service_instance_guid"], rows)
}

pub(super) fn delete_binding(state: &mut State, guid: &str) -> Reply {
    let before = state.bindings.len();
    state.bindings.retain(|b| b.guid != guid);
    if state.bindings.len() == before {
        return v2_error(
            404,
            90004,
            "CF-ServiceBindingNotFound",
            &format!("The service binding could not be found: {guid}"),
        );
    }
    reply(204)
}
