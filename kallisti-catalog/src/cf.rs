//! `cf`: Cloud Foundry (the Chaos Toolkit driver's actions and probes, plus
//! Kallisti's own), through the Cloud Controller v3 API and UAA.

use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

const APP: ArgSpec = ArgSpec::required("app_name", ArgType::String).doc(
    "The application's name (one that several spaces share needs `org_name` and `space_name`; the driver takes the first it finds).",
);
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
        ActionSpec::action("delete_app", &[APP, ORG, SPACE])
        .chaostoolkit("chaoscf.actions").doc("Deletes app `app_name` (found by name, within `org_name` and `space_name` when given) with its service bindings and route mappings, as v3 and `cf delete` do; returns null, as the driver does. The driver's v2 delete is refused while the app has service bindings."),
        ActionSpec::probe("get_app_states_by_org", &[ORG_REQUIRED])
            .returns("list")
            .doc("Reads each app of org `org_name` and returns its name and state (`STARTED` or `STOPPED`); an org without apps fails the step."),
        ActionSpec::probe("get_app_stats", &[APP, ORG, SPACE])
        .chaostoolkit("chaoscf.probes")
            .returns("mapping")
            .doc("Reads the instances of the web process of app `app_name`; returns them keyed by index, as the driver does, each with its `state` and `stats` (`name`, `uris`, `host`, `port`, `uptime`, quotas, `usage`). A stopped app has no stats: the step fails."),
        ActionSpec::probe("list_apps", &[])
        .chaostoolkit("chaoscf.probes")
            .returns("mapping")
            .doc("Lists every app the user can see, ordered by name, in the driver's page envelope (`total_results`, `total_pages`, `prev_url`, `next_url`, `resources`) holding every page at once. The apps are v3 resources (kallisti speaks v3); the driver returns the first page of v2 ones."),
        ActionSpec::action(
            "map_route_to_app",
            &[
                APP,
                ArgSpec::required("host_name", ArgType::String).doc("The route's host."),
                ORG,
                SPACE,
            ],
        )
        .chaostoolkit("chaoscf.actions")
        .returns("list")
        .doc("Adds app `app_name` as a destination of every route whose host is `host_name` (in org `org_name`, when given); returns the v3 destinations of each route (kallisti speaks v3; the driver returns the v2 app once per route)."),
        ActionSpec::action(
            "remove_routes_from_app",
            &[
                APP,
                ArgSpec::required("route_host", ArgType::String).doc("The route's host."),
                ORG,
                SPACE,
            ],
        )
        .chaostoolkit("chaoscf.actions")
        .doc("Removes app `app_name` from the destinations of its routes whose host is `route_host`, failing when it has none; returns null (the URLs unmapped are logged). The driver crashes whenever such a route is mapped (it takes the route's app list for the route); kallisti unmaps it."),
        ActionSpec::action("start_all_apps", &[ORG_REQUIRED])
        .chaostoolkit("chaoscf.actions").doc("Starts every app of org `org_name`, one after the other, failing when the org has none; returns null, as the driver does. Each app listed is started, on every page; the driver reads the first page only and finds each app again by name, so of two apps sharing a name it starts the first twice."),
        ActionSpec::action("start_app", &[APP, ORG, SPACE])
        .chaostoolkit("chaoscf.actions").doc("Starts app `app_name` (found by name, within `org_name` and `space_name` when given); returns null, as the driver does (the new state is logged)."),
        ActionSpec::action("stop_all_apps", &[ORG_REQUIRED])
        .chaostoolkit("chaoscf.actions").doc("Stops every app of org `org_name`, one after the other, failing when the org has none; returns null, as the driver does. Each app listed is stopped, on every page; the driver reads the first page only and finds each app again by name, so of two apps sharing a name it stops the first twice and never the other."),
        ActionSpec::action("stop_app", &[APP, ORG, SPACE])
        .chaostoolkit("chaoscf.actions").doc("Stops app `app_name` (found by name, within `org_name` and `space_name` when given); returns null, as the driver does (the new state is logged)."),
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
        .chaostoolkit("chaoscf.actions")
        .doc("Terminates instance `instance_index` of the web process of app `app_name`; returns null, as the driver does. An index the app lacks, or a stopped app, fails the step; the v2 endpoint the driver calls answers 204 and terminates nothing."),
        ActionSpec::action("terminate_random_app_instance", &[ORG_REQUIRED])
            .doc("Picks one started app of org `org_name` at random and terminates one of its instances, also at random; returns the app and the index terminated."),
        ActionSpec::action("terminate_some_random_instance", &[APP, ORG, SPACE])
        .chaostoolkit("chaoscf.actions")
            .doc("Terminates one instance of app `app_name`, chosen at random; returns null, as the driver does (the index is logged). A stopped app fails the step."),
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
        .doc("Picks `count` instances of app `app_name` at random, or `percentage` percent of them (rounded down, at most all), and terminates them; returns the app and the indexes terminated."),
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
        .chaostoolkit("chaoscf.actions")
        .doc("Deletes the service binding of app `app_name` called `bind_name` (or bound to the service instance of that name); returns null, as the driver does."),
        ActionSpec::action(
            "unmap_route_from_app",
            &[
                APP,
                ArgSpec::required("host_name", ArgType::String).doc("The route's host."),
                ORG,
                SPACE,
            ],
        )
        .chaostoolkit("chaoscf.actions")
        .doc("Removes app `app_name` from the destinations of its routes whose host is `host_name` (none is no failure, as with the driver); returns null, as the driver does (the URLs unmapped are logged)."),
    ],
    doc: "Cloud Foundry: stop, start, delete apps, terminate instances, map and unmap routes, unbind services.",
};
