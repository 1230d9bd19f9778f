//! `FakeCloudFoundry`: a stateful Cloud Controller (v3, and the v2 that older
//! clients such as the Chaos Toolkit's driver speak) with its UAA token
//! endpoint.
//!
//! It serves the API root and `/v2/info` (both pointing at UAA, `{uri}/uaa`), the password grant
//! (checking client, user and password), orgs, spaces, apps with their web
//! process and instances, routes and their destinations, and service
//! credential bindings; lists are paginated (`page`, `per_page`) and filtered
//! (`names`, `organization_guids`, `space_guids`, `app_guids`, `hosts`), and
//! errors have CF's shape (`{"errors": [{"code", "title", "detail"}]}`,
//! 401 without a valid token, 404, 422).
//!
//! Under `/v2` it serves the same state as v2 resources
//! (`{"metadata", "entity"}`): orgs, spaces, apps (`PUT` a `state` to start
//! or stop one, `DELETE`, `stats`, `instances`, terminating one), routes
//! and the apps they map to, mapping and unmapping a route, and service
//! bindings; lists take `q` filters (`name:web`, `name IN a,b`) and v2
//! pages (`page`, `results-per-page`), and errors have v2's shape
//! (`{"description", "error_code", "code"}`).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use kallisti::fake::{FakeApp, FakeCloudFoundry};
//! let cf = FakeCloudFoundry::builder()
//!     .with_user("alice", "s3cret")
//!     .with_app(FakeApp::new("acme", "dev", "checkout").instances(3).route("checkout"))
//!     .start()
//!     .await;
//! assert_eq!(cf.app_state("checkout").as_deref(), Some("STARTED"));
//! assert!(cf.terminated_instances().is_empty());
//! # }
//! ```

mod apps;
mod bindings;
mod routes;
mod spaces;
mod state;
mod uaa;
mod v2;
mod v2_apps;
mod v2_routes;
#[cfg(test)]
mod v2_tests;
mod v3;

use serde_json::{json, Value};
use state::State;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// An app to seed: its org, space, name, instances, routes and bindings.
#[derive(Debug, Clone)]
pub struct FakeApp {
    org: String,
    space: String,
    name: String,
    instances: u32,
    started: bool,
    routes: Vec<String>,
    bindings: Vec<String>,
}

impl FakeApp {
    /// A started app with one instance.
    pub fn new(org: &str, space: &str, name: &str) -> Self {
        FakeApp {
            org: org.into(),
            space: space.into(),
            name: name.into(),
            instances: 1,
            started: true,
            routes: Vec::new(),
            bindings: Vec::new(),
        }
    }

    /// How many instances its web process runs.
    pub fn instances(mut self, n: u32) -> Self {
        self.instances = n;
        self
    }

    /// Seeds it stopped.
    pub fn stopped(mut self) -> Self {
        self.started = false;
        self
    }

    /// A route `host.apps.example.com` mapped to it.
    pub fn route(mut self, host: &str) -> Self {
        self.routes.push(host.into());
        self
    }

    /// A service instance `name` bound to it (the binding has the same name).
    pub fn binding(mut self, name: &str) -> Self {
        self.bindings.push(name.into());
        self
    }
}

/// Seeds a [`FakeCloudFoundry`].
#[derive(Debug, Clone)]
pub struct FakeCloudFoundryBuilder {
    users: Vec<(String, String)>,
    clients: Vec<(String, String)>,
    apps: Vec<FakeApp>,
    orgs: Vec<(String, String)>,
    routes: Vec<(String, String)>,
    token_lifetime: Duration,
    per_page: usize,
}

impl FakeCloudFoundryBuilder {
    /// A user UAA accepts.
    pub fn with_user(mut self, username: &str, password: &str) -> Self {
        self.users.push((username.into(), password.into()));
        self
    }

    /// A UAA client (the default client `cf` with an empty secret is always there).
    pub fn with_client(mut self, id: &str, secret: &str) -> Self {
        self.clients.push((id.into(), secret.into()));
        self
    }

    /// An app (its org and space are made as needed).
    pub fn with_app(mut self, app: FakeApp) -> Self {
        self.apps.push(app);
        self
    }

    /// An empty space (and its org).
    pub fn with_space(mut self, org: &str, space: &str) -> Self {
        self.orgs.push((org.into(), space.into()));
        self
    }

    /// A route of `org`/`space` not mapped to any app.
    pub fn with_route(mut self, org: &str, space: &str, host: &str) -> Self {
        self.orgs.push((org.into(), space.into()));
        self.routes.push((format!("{org}/{space}"), host.into()));
        self
    }

    /// How long tokens live (default 10 minutes).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// The default page size of lists (default 50; `per_page` overrides).
    pub fn per_page(mut self, n: usize) -> Self {
        self.per_page = n.max(1);
        self
    }

    /// Starts the fake on a random loopback port.
    pub async fn start(self) -> FakeCloudFoundry {
        self.serve(None).await
    }

    /// Starts the fake on `listener` (a fixed port, for tools outside Rust).
    pub async fn start_on(self, listener: std::net::TcpListener) -> FakeCloudFoundry {
        self.serve(Some(listener)).await
    }

    async fn serve(self, listener: Option<std::net::TcpListener>) -> FakeCloudFoundry {
        let mut state = State {
            users: self.users.into_iter().collect(),
            clients: self.clients.into_iter().collect(),
            token_lifetime: self.token_lifetime,
            per_page: self.per_page,
            ..State::default()
        };
        state.clients.entry("cf".into()).or_default();
        for (org, space) in &self.orgs {
            state.space(org, space);
        }
        for app in &self.apps {
            state.seed_app(app);
        }
        for (place, host) in &self.routes {
            let (org, space) = place.split_once('/').expect("org/space");
            let space_guid = state.space(org, space);
            state.route(host, &space_guid);
        }
        let server = match listener {
            Some(listener) => MockServer::builder().listener(listener).start().await,
            None => MockServer::start().await,
        };
        let state = Arc::new(Mutex::new(state));
        Mock::given(any())
            .respond_with(Api {
                state: Arc::clone(&state),
                base: server.uri(),
            })
            .mount(&server)
            .await;
        FakeCloudFoundry { server, state }
    }
}

/// One request the fake answered.
#[derive(Debug, Clone, PartialEq)]
pub struct CfRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path and query.
    pub path: String,
    /// The status answered.
    pub status: u16,
}

/// A CF v3 error answer.
fn cf_error(status: u16, code: u32, title: &str, detail: &str) -> Reply {
    reply(status).json(json!({
        "errors": [{"code": code, "title": title, "detail": detail}]
    }))
}

fn not_found(what: &str) -> Reply {
    cf_error(
        404,
        10010,
        "CF-ResourceNotFound",
        &format!("{what} not found"),
    )
}

struct Api {
    state: Arc<Mutex<State>>,
    base: String,
}

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().expect("fake cf state");
        let path = request.url.path().to_string();
        let segments: Vec<&str> = path
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        let answer = match (request.method.as_str(), segments.as_slice()) {
            ("GET", []) => reply(200).json(json!({
                "links": {
                    "self": {"href": self.base},
                    "cloud_controller_v2": {"href": format!("{}/v2", self.base), "meta": {"version": v2::VERSION}},
                    "cloud_controller_v3": {"href": format!("{}/v3", self.base), "meta": {"version": "3.180.0"}},
                    "login": {"href": format!("{}/uaa", self.base)},
                    "uaa": {"href": format!("{}/uaa", self.base)},
                }
            })),
            ("POST", ["uaa", "oauth", "token"]) => uaa::token(&mut state, request),
            ("GET", ["v2", "info"]) => v2::info(&self.base),
            (_, ["v2", rest @ ..]) => {
                if uaa::authorized(&state, request) {
                    v2::v2(&mut state, request, rest)
                } else {
                    v2::unauthorized(request)
                }
            }
            (_, ["v3", rest @ ..]) => {
                if uaa::authorized(&state, request) {
                    v3::v3(&mut state, request, &self.base, rest)
                } else {
                    cf_error(401, 10002, "CF-NotAuthenticated", "Authentication error")
                }
            }
            _ => cf_error(404, 10000, "CF-NotFound", "Unknown request"),
        };
        let status = answer.status;
        let full = match request.url.query() {
            Some(q) => format!("{path}?{q}"),
            None => path.clone(),
        };
        state.requests.push(CfRequest {
            method: request.method.to_string(),
            path: full,
            status,
        });
        answer.template
    }
}

/// An answer and its status (wiremock's template does not tell its status,
/// and the fake records it).
struct Reply {
    status: u16,
    template: ResponseTemplate,
}

fn reply(status: u16) -> Reply {
    Reply {
        status,
        template: ResponseTemplate::new(status),
    }
}

impl Reply {
    fn json(mut self, body: Value) -> Self {
        self.template = self.template.set_body_json(body);
        self
    }

    fn header(mut self, name: &str, value: String) -> Self {
        self.template = self.template.insert_header(name, value);
        self
    }
}

/// A fake Cloud Foundry (see the module docs).
pub struct FakeCloudFoundry {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeCloudFoundry {
    /// A builder with the `cf` client and nothing else.
    pub fn builder() -> FakeCloudFoundryBuilder {
        FakeCloudFoundryBuilder {
            users: Vec::new(),
            clients: Vec::new(),
            apps: Vec::new(),
            orgs: Vec::new(),
            routes: Vec::new(),
            token_lifetime: Duration::from_secs(600),
            per_page: 50,
        }
    }

    /// The API URL to give steps as `cf_api_url`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("fake cf state")
    }

    /// An app's state (`STARTED`, `STOPPED`), `None` once deleted or never seeded.
    pub fn app_state(&self, name: &str) -> Option<String> {
        self.state()
            .apps
            .iter()
            .find(|a| a.name == name)
            .map(|a| if a.started { "STARTED" } else { "STOPPED" }.to_string())
    }

    /// An app's instances' states by index (`RUNNING`, `STARTING` after a termination).
    pub fn instance_states(&self, name: &str) -> Vec<String> {
        self.state()
            .apps
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.instances.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default()
    }

    /// Every instance terminated, as (app, index), in order.
    pub fn terminated_instances(&self) -> Vec<(String, u32)> {
        self.state().terminated.clone()
    }

    /// The apps deleted, in order.
    pub fn deleted_apps(&self) -> Vec<String> {
        self.state().deleted.clone()
    }

    /// The hosts of the routes mapped to an app.
    pub fn routes_of(&self, name: &str) -> Vec<String> {
        let state = self.state();
        let Some(app) = state.apps.iter().find(|a| a.name == name) else {
            return Vec::new();
        };
        state
            .routes
            .iter()
            .filter(|r| r.destinations.iter().any(|(_, a)| *a == app.guid))
            .map(|r| r.host.clone())
            .collect()
    }

    /// The names of an app's service bindings.
    pub fn bindings_of(&self, name: &str) -> Vec<String> {
        let state = self.state();
        let Some(app) = state.apps.iter().find(|a| a.name == name) else {
            return Vec::new();
        };
        state
            .bindings
            .iter()
            .filter(|b| b.app == app.guid)
            .map(|b| b.name.clone())
            .collect()
    }

    /// Everything it holds, by name (no guids, so that two fakes seeded
    /// alike compare equal after the same changes): each app as
    /// `org/space/name` with its state and instances' states, each route's
    /// host with its space and the apps it maps to, each binding with its
    /// app, and the instances terminated and apps deleted so far.
    pub fn snapshot(&self) -> Value {
        let state = self.state();
        let place = |space: &str| {
            let space = state.spaces.iter().find(|s| s.guid == space);
            let org = space.and_then(|s| state.orgs.iter().find(|o| o.guid == s.org));
            format!(
                "{}/{}",
                org.map_or("?", |o| o.name.as_str()),
                space.map_or("?", |s| s.name.as_str())
            )
        };
        let app_name = |guid: &str| match state.apps.iter().find(|a| a.guid == guid) {
            Some(a) => format!("{}/{}", place(&a.space), a.name),
            None => "?".into(),
        };
        json!({
            "apps": state.apps.iter().map(|a| json!({
                "app": format!("{}/{}", place(&a.space), a.name),
                "state": if a.started { "STARTED" } else { "STOPPED" },
                "instances": a.instances,
            })).collect::<Vec<_>>(),
            "routes": state.routes.iter().map(|r| json!({
                "host": r.host,
                "space": place(&r.space),
                "apps": r.destinations.iter().map(|(_, a)| app_name(a)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "bindings": state.bindings.iter().map(|b| json!({
                "name": b.name, "app": app_name(&b.app),
            })).collect::<Vec<_>>(),
            "terminated": state.terminated,
            "deleted": state.deleted,
        })
    }

    /// How many tokens UAA issued.
    pub fn tokens_issued(&self) -> usize {
        self.state().issued
    }

    /// Makes every token issued so far expire now (the next API call gets 401).
    pub fn expire_tokens(&self) {
        let now = Instant::now();
        for expires in self.state().tokens.values_mut() {
            *expires = now;
        }
    }

    /// Every request answered, in order.
    pub fn requests(&self) -> Vec<CfRequest> {
        self.state().requests.clone()
    }

    /// Whether any request changed state (anything but GET and the token grant).
    pub fn changes(&self) -> Vec<CfRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.method != "GET" && !r.path.starts_with("/uaa/"))
            .collect()
    }
}
