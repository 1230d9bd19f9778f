//! `cf`: Cloud Foundry (the Chaos Toolkit driver's actions and probes, plus
//! Kallisti's own), through the Cloud Controller v3 API and UAA.

use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

const APP: ArgSpec = ArgSpec::required("app_name", ArgType::String).doc("The application's name.");
const ORG: ArgSpec = ArgSpec::optional("org_name", ArgType::String, "null")
    .doc("The org to look for the app in (all orgs when absent).");
const SPACE: ArgSpec = ArgSpec::optional("space_name", ArgType::String, "null")
    .doc("The space to look for the app in (all spaces when absent).");
const ORG_REQUIRED: ArgSpec = ArgSpec::required("org_name", ArgType::String).doc("The org.");

/// The `cf` namespace.
pub static CF: NamespaceSpec = NamespaceSpec {
    name: "cf",
    feature: "cf",
    common_args: &[
        ArgSpec::required("cf_api_url", ArgType::String)
            .doc("The Cloud Controller API, e.g. `https://api.sys.example.com`."),
        ArgSpec::optional("credentials", ArgType::Mapping, "null").doc(
            "A user-name/password credential (default: `CF_USERNAME`/`CF_PASSWORD` from the environment), or a token.",
        ),
        ArgSpec::optional("client_id", ArgType::String, "\"cf\"").doc("The UAA client."),
        ArgSpec::optional("client_secret", ArgType::String, "\"\"")
            .doc("The UAA client's secret.")
            .secret(),
    ],
    actions: &[
        ActionSpec::action("delete_app", &[APP, ORG, SPACE]).doc("Delete an application."),
        ActionSpec::probe("get_app_states_by_org", &[ORG_REQUIRED])
            .returns("list")
            .doc("`{name, state}` of every app of an org; fails when the org has no app."),
        ActionSpec::probe("get_app_stats", &[APP, ORG, SPACE])
            .returns("mapping")
            .doc("The app's instances by index: `{\"0\": {\"state\": \"RUNNING\", \"stats\": {...}}}`."),
        ActionSpec::probe("list_apps", &[])
            .returns("mapping")
            .doc("Every app the user can see: `total_results` and `resources`."),
        ActionSpec::action(
            "map_route_to_app",
            &[
                APP,
                ArgSpec::required("host_name", ArgType::String).doc("The route's host."),
                ORG,
                SPACE,
            ],
        )
        .returns("list")
        .doc("Map the routes with this host to the app."),
        ActionSpec::action(
            "remove_routes_from_app",
            &[
                APP,
                ArgSpec::required("route_host", ArgType::String).doc("The route's host."),
                ORG,
                SPACE,
            ],
        )
        .doc("Remove the app's routes with this host."),
        ActionSpec::action("start_all_apps", &[ORG_REQUIRED]).doc("Start every app of an org."),
        ActionSpec::action("start_app", &[APP, ORG, SPACE]).doc("Start an application."),
        ActionSpec::action("stop_all_apps", &[ORG_REQUIRED]).doc("Stop every app of an org."),
        ActionSpec::action("stop_app", &[APP, ORG, SPACE]).doc("Stop an application."),
        ActionSpec::action(
            "terminate_app_instance",
            &[
                APP,
                ArgSpec::required("instance_index", ArgType::Integer)
                    .doc("The instance's index."),
                ORG,
                SPACE,
            ],
        )
        .doc("Terminate the app's instance at an index."),
        ActionSpec::action("terminate_random_app_instance", &[ORG_REQUIRED])
            .doc("Terminate a random instance of a random app of the org."),
        ActionSpec::action("terminate_some_random_instance", &[APP, ORG, SPACE])
            .doc("Terminate one random instance of the app."),
        ActionSpec::action(
            "terminate_some_random_instances",
            &[
                APP,
                ArgSpec::optional("count", ArgType::Integer, "0")
                    .doc("How many instances to terminate."),
                ArgSpec::optional("percentage", ArgType::Integer, "0")
                    .doc("Which share of the instances to terminate (wins over `count`)."),
                ORG,
                SPACE,
            ],
        )
        .doc("Terminate `count` random instances, or `percentage` of them; never more than exist."),
        ActionSpec::action(
            "unbind_service_from_app",
            &[
                APP,
                ArgSpec::required("bind_name", ArgType::String)
                    .doc("The binding's name (or its service instance's)."),
                ORG,
                SPACE,
            ],
        )
        .doc("Unbind a service from the app."),
        ActionSpec::action(
            "unmap_route_from_app",
            &[
                APP,
                ArgSpec::required("host_name", ArgType::String).doc("The route's host."),
                ORG,
                SPACE,
            ],
        )
        .doc("Unmap the routes with this host from the app."),
    ],
    doc: "Cloud Foundry: stop, start, delete apps, terminate instances, map and unmap routes, unbind services.",
};
