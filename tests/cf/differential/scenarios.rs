//! The scenarios: for each `cf` action with a driver function, its plain
//! case and the branches where its behaviour turns (not found, already
//! done, stopped, ambiguous, several pages).

use kallisti::fake::{FakeApp, FakeCloudFoundry, FakeCloudFoundryBuilder};
use serde_json::{json, Value};

use super::{PASSWORD, USER};

/// One comparison: a label, the action, its arguments (without connection
/// settings), the seed both twins start from, and whether the action picks
/// at random (then only what it leaves, counted, is compared).
pub struct Scenario {
    pub label: &'static str,
    pub action: &'static str,
    pub arguments: Value,
    pub seed: fn() -> FakeCloudFoundryBuilder,
    pub random: bool,
}

fn on(label: &'static str, action: &'static str, arguments: Value) -> Scenario {
    Scenario {
        label,
        action,
        arguments,
        seed,
        random: false,
    }
}

impl Scenario {
    fn seeded(mut self, seed: fn() -> FakeCloudFoundryBuilder) -> Self {
        self.seed = seed;
        self
    }

    fn at_random(mut self) -> Self {
        self.random = true;
        self
    }
}

/// The usual seed: org `acme` with a bound, routed app of two instances,
/// an app name its two spaces share, a stopped app and an unmapped route;
/// org `globex` with one app; org `initech` with an empty space.
pub fn seed() -> FakeCloudFoundryBuilder {
    FakeCloudFoundry::builder()
        .with_user(USER, PASSWORD)
        .with_app(
            FakeApp::new("acme", "prod", "checkout")
                .instances(2)
                .route("checkout")
                .binding("orders-db"),
        )
        .with_app(FakeApp::new("acme", "prod", "cart"))
        .with_app(FakeApp::new("acme", "staging", "cart"))
        .with_app(
            FakeApp::new("acme", "prod", "ledger")
                .instances(2)
                .stopped(),
        )
        .with_app(FakeApp::new("globex", "dev", "solo").instances(3))
        .with_space("initech", "empty")
        .with_route("acme", "prod", "promo")
}

/// A foundation with a user and nothing else.
fn empty() -> FakeCloudFoundryBuilder {
    FakeCloudFoundry::builder().with_user(USER, PASSWORD)
}

/// Org `big` with three apps, listed two a page.
fn paged() -> FakeCloudFoundryBuilder {
    let mut builder = FakeCloudFoundry::builder()
        .with_user(USER, PASSWORD)
        .per_page(2);
    for name in ["app-a", "app-b", "app-c"] {
        builder = builder.with_app(FakeApp::new("big", "prod", name));
    }
    builder
}

fn app(name: &str) -> Value {
    json!({"app_name": name, "org_name": "acme", "space_name": "prod"})
}

fn with(mut arguments: Value, extra: Value) -> Value {
    for (key, value) in extra.as_object().unwrap() {
        arguments[key] = value.clone();
    }
    arguments
}

pub fn scenarios() -> Vec<Scenario> {
    let mut all = apps();
    all.extend(starts_and_stops());
    all.extend(instances());
    all.extend(routes_and_bindings());
    all
}

fn apps() -> Vec<Scenario> {
    vec![
        on("delete an app", "cf.delete_app", app("cart")),
        on(
            "delete an app with a service binding",
            "cf.delete_app",
            app("checkout"),
        ),
        on("delete a missing app", "cf.delete_app", app("ghost")),
        on(
            "delete an app in a missing space",
            "cf.delete_app",
            json!({"app_name": "cart", "org_name": "acme", "space_name": "qa"}),
        ),
        on(
            "stats of a running app",
            "cf.get_app_stats",
            json!({"app_name": "checkout", "org_name": "acme"}),
        ),
        on("stats of a stopped app", "cf.get_app_stats", app("ledger")),
        on("stats of a missing app", "cf.get_app_stats", app("ghost")),
        on("list every app", "cf.list_apps", json!({})),
        on(
            "list the apps of an empty foundation",
            "cf.list_apps",
            json!({}),
        )
        .seeded(empty),
    ]
}

fn starts_and_stops() -> Vec<Scenario> {
    vec![
        on(
            "start every app of an org",
            "cf.start_all_apps",
            json!({"org_name": "acme"}),
        ),
        on(
            "start every app of an org without apps",
            "cf.start_all_apps",
            json!({"org_name": "initech"}),
        ),
        on(
            "start every app of a missing org",
            "cf.start_all_apps",
            json!({"org_name": "umbrella"}),
        ),
        on(
            "stop every app of an org",
            "cf.stop_all_apps",
            json!({"org_name": "globex"}),
        ),
        on(
            "stop every app of an org sharing a name",
            "cf.stop_all_apps",
            json!({"org_name": "acme"}),
        ),
        on(
            "stop every app of an org across pages",
            "cf.stop_all_apps",
            json!({"org_name": "big"}),
        )
        .seeded(paged),
        on(
            "stop every app of an org without apps",
            "cf.stop_all_apps",
            json!({"org_name": "initech"}),
        ),
        on("start a stopped app", "cf.start_app", app("ledger")),
        on("start a started app", "cf.start_app", app("checkout")),
        on("start a missing app", "cf.start_app", app("ghost")),
        on("stop an app", "cf.stop_app", app("checkout")),
        on(
            "stop an app by name alone",
            "cf.stop_app",
            json!({"app_name": "solo"}),
        ),
        on("stop a stopped app", "cf.stop_app", app("ledger")),
        on(
            "stop an app whose name two spaces share",
            "cf.stop_app",
            json!({"app_name": "cart"}),
        ),
        on(
            "stop an app in a missing org",
            "cf.stop_app",
            json!({"app_name": "cart", "org_name": "umbrella"}),
        ),
    ]
}

fn instances() -> Vec<Scenario> {
    let index = |name: &str, i: i64| with(app(name), json!({"instance_index": i}));
    vec![
        on(
            "terminate instance 1",
            "cf.terminate_app_instance",
            index("checkout", 1),
        ),
        on(
            "terminate an index the app lacks",
            "cf.terminate_app_instance",
            index("checkout", 9),
        ),
        on(
            "terminate an instance of a stopped app",
            "cf.terminate_app_instance",
            index("ledger", 0),
        ),
        on(
            "terminate an instance of a missing app",
            "cf.terminate_app_instance",
            index("ghost", 0),
        ),
        on(
            "terminate the one instance at random",
            "cf.terminate_some_random_instance",
            app("cart"),
        ),
        on(
            "terminate one of three instances at random",
            "cf.terminate_some_random_instance",
            json!({"app_name": "solo", "org_name": "globex"}),
        )
        .at_random(),
        on(
            "terminate at random in a stopped app",
            "cf.terminate_some_random_instance",
            app("ledger"),
        ),
    ]
}

fn routes_and_bindings() -> Vec<Scenario> {
    vec![
        on(
            "map a route",
            "cf.map_route_to_app",
            with(app("checkout"), json!({"host_name": "promo"})),
        ),
        on(
            "map a missing route",
            "cf.map_route_to_app",
            with(app("checkout"), json!({"host_name": "nowhere"})),
        ),
        on(
            "map a route to a missing app",
            "cf.map_route_to_app",
            with(app("ghost"), json!({"host_name": "promo"})),
        ),
        on(
            "remove a mapped route",
            "cf.remove_routes_from_app",
            with(app("checkout"), json!({"route_host": "checkout"})),
        ),
        on(
            "remove a route the app lacks",
            "cf.remove_routes_from_app",
            with(app("checkout"), json!({"route_host": "promo"})),
        ),
        on(
            "remove a missing route",
            "cf.remove_routes_from_app",
            with(app("checkout"), json!({"route_host": "nowhere"})),
        ),
        on(
            "unmap a route",
            "cf.unmap_route_from_app",
            with(app("checkout"), json!({"host_name": "checkout"})),
        ),
        on(
            "unmap a route the app lacks",
            "cf.unmap_route_from_app",
            with(app("checkout"), json!({"host_name": "promo"})),
        ),
        on(
            "unmap from a missing app",
            "cf.unmap_route_from_app",
            with(app("ghost"), json!({"host_name": "checkout"})),
        ),
        on(
            "unbind a service",
            "cf.unbind_service_from_app",
            with(app("checkout"), json!({"bind_name": "orders-db"})),
        ),
        on(
            "unbind a service the app lacks",
            "cf.unbind_service_from_app",
            with(app("checkout"), json!({"bind_name": "cache"})),
        ),
        on(
            "unbind from an app without bindings",
            "cf.unbind_service_from_app",
            with(app("cart"), json!({"bind_name": "orders-db"})),
        ),
    ]
}
