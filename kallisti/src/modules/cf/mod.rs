//! `cf`: Cloud Foundry, through the Cloud Controller v3 API.
//!
//! Every step takes `cf_api_url`; the UAA endpoint is read from the API
//! root. The user is `CF_USERNAME`/`CF_PASSWORD` from the environment unless
//! `credentials` says otherwise (a token credential is sent as is); the UAA
//! client is `client_id` (default `cf`) and `client_secret` (default empty).
//! One token per trial, API and user is reused across steps and refreshed
//! when it expires or an answer is 401. TLS is verified.
//!
//! Apps are found by name, within `org_name` and `space_name` when given; an
//! app, org or space not found, or a name that matches several apps, is a
//! `FailedAction` naming what was looked for. Under dry run, every action
//! looks its targets up and reports them without changing anything.

mod app;
mod client;
mod instance;
mod lookup;
mod route;
mod service;

use crate::action::ActionSet;
use client::Connection;

/// The `cf` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::cf::CF)
        .with_common::<Connection>()
        .action("delete_app", app::delete_app)
        .action("get_app_states_by_org", app::get_app_states_by_org)
        .action("get_app_stats", app::get_app_stats)
        .action("list_apps", app::list_apps)
        .action("map_route_to_app", route::map_route_to_app)
        .action("remove_routes_from_app", route::remove_routes_from_app)
        .action("start_all_apps", app::start_all_apps)
        .action("start_app", app::start_app)
        .action("stop_all_apps", app::stop_all_apps)
        .action("stop_app", app::stop_app)
        .action("terminate_app_instance", instance::terminate_app_instance)
        .action(
            "terminate_random_app_instance",
            instance::terminate_random_app_instance,
        )
        .action(
            "terminate_some_random_instance",
            instance::terminate_some_random_instance,
        )
        .action(
            "terminate_some_random_instances",
            instance::terminate_some_random_instances,
        )
        .action("unbind_service_from_app", service::unbind_service_from_app)
        .action("unmap_route_from_app", route::unmap_route_from_app)
        .into()
}
