//! `FakeCloudFoundry`: a stateful Cloud Controller v3 API with its UAA token
//! endpoint.
//!
//! It serves the API root (linking UAA at `{uri}/uaa`), the password grant
//! (checking client, user and password), orgs, spaces, apps with their web
//! process and instances, routes and their destinations, and service
//! credential bindings; lists are paginated (`page`, `per_page`) and filtered
//! (`names`, `organization_guids`, `space_guids`, `app_guids`, `hosts`), and
//! errors have CF's shape (`{"errors": [{"code", "title", "detail"}]}`,
//! 401 without a valid token, 404, 422).
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

use base64::Engine as _;
use serde_json::{json, Value};
use std::collections::HashMap;
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

#[derive(Debug, Clone)]
struct Org {
    guid: String,
    name: String,
}

#[derive(Debug, Clone)]
struct Space {
    guid: String,
    name: String,
    org: String,
}

#[derive(Debug, Clone)]
struct App {
    guid: String,
    name: String,
    space: String,
    started: bool,
    process: String,
    /// Per index: `RUNNING`, or `STARTING` after a termination.
    instances: Vec<&'static str>,
}

#[derive(Debug, Clone)]
struct Route {
    guid: String,
    host: String,
    space: String,
    /// (destination guid, app guid)
    destinations: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
struct Binding {
    guid: String,
    name: String,
    app: String,
    instance: (String, String),
}

#[derive(Default)]
struct State {
    users: HashMap<String, String>,
    clients: HashMap<String, String>,
    token_lifetime: Duration,
    per_page: usize,
    orgs: Vec<Org>,
    spaces: Vec<Space>,
    apps: Vec<App>,
    routes: Vec<Route>,
    bindings: Vec<Binding>,
    tokens: HashMap<String, Instant>,
    issued: usize,
    next_id: usize,
    terminated: Vec<(String, u32)>,
    deleted: Vec<String>,
    requests: Vec<CfRequest>,
}

impl State {
    fn guid(&mut self, kind: u32) -> String {
        self.next_id += 1;
        format!("{kind:08x}-0000-4000-8000-{:012x}", self.next_id)
    }

    fn space(&mut self, org: &str, space: &str) -> String {
        let org_guid = match self.orgs.iter().find(|o| o.name == org) {
            Some(o) => o.guid.clone(),
            None => {
                let guid = self.guid(1);
                self.orgs.push(Org {
                    guid: guid.clone(),
                    name: org.into(),
                });
                guid
            }
        };
        if let Some(s) = self
            .spaces
            .iter()
            .find(|s| s.name == space && s.org == org_guid)
        {
            return s.guid.clone();
        }
        let guid = self.guid(2);
        self.spaces.push(Space {
            guid: guid.clone(),
            name: space.into(),
            org: org_guid,
        });
        guid
    }

    fn route(&mut self, host: &str, space: &str) -> String {
        let guid = self.guid(4);
        self.routes.push(Route {
            guid: guid.clone(),
            host: host.into(),
            space: space.into(),
            destinations: Vec::new(),
        });
        guid
    }

    fn seed_app(&mut self, seed: &FakeApp) {
        let space = self.space(&seed.org, &seed.space);
        let guid = self.guid(3);
        let process = self.guid(5);
        self.apps.push(App {
            guid: guid.clone(),
            name: seed.name.clone(),
            space: space.clone(),
            started: seed.started,
            process,
            instances: vec!["RUNNING"; seed.instances as usize],
        });
        for host in &seed.routes {
            let route = match self.routes.iter().position(|r| &r.host == host) {
                Some(i) => self.routes[i].guid.clone(),
                None => self.route(host, &space),
            };
            let destination = self.guid(6);
            if let Some(r) = self.routes.iter_mut().find(|r| r.guid == route) {
                r.destinations.push((destination, guid.clone()));
            }
        }
        for name in &seed.bindings {
            let binding = self.guid(7);
            let instance = self.guid(8);
            self.bindings.push(Binding {
                guid: binding,
                name: name.clone(),
                app: guid.clone(),
                instance: (instance, name.clone()),
            });
        }
    }

    fn org_of_space(&self, space: &str) -> String {
        self.spaces
            .iter()
            .find(|s| s.guid == space)
            .map(|s| s.org.clone())
            .unwrap_or_default()
    }

    fn app_json(&self, app: &App, base: &str) -> Value {
        json!({
            "guid": app.guid,
            "name": app.name,
            "state": if app.started { "STARTED" } else { "STOPPED" },
            "lifecycle": {"type": "buildpack", "data": {}},
            "relationships": {"space": {"data": {"guid": app.space}}},
            "links": {"self": {"href": format!("{base}/v3/apps/{}", app.guid)}},
        })
    }

    fn route_json(&self, route: &Route, base: &str) -> Value {
        json!({
            "guid": route.guid,
            "host": route.host,
            "path": "",
            "url": format!("{}.apps.example.com", route.host),
            "destinations": route.destinations.iter().map(|(d, a)| json!({
                "guid": d, "app": {"guid": a, "process": {"type": "web"}}, "port": 8080
            })).collect::<Vec<_>>(),
            "relationships": {"space": {"data": {"guid": route.space}}},
            "links": {"self": {"href": format!("{base}/v3/routes/{}", route.guid)}},
        })
    }
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

/// The query's values of `key`, comma-separated lists split.
fn filter(query: &HashMap<String, String>, key: &str) -> Option<Vec<String>> {
    query
        .get(key)
        .map(|v| v.split(',').map(str::to_string).collect())
}

impl Api {
    fn page(
        &self,
        state: &State,
        path: &str,
        query: &HashMap<String, String>,
        items: Vec<Value>,
    ) -> Reply {
        reply(200).json(self.page_body(state, path, query, items))
    }

    /// One page of a list, with CF's `pagination` links.
    fn page_body(
        &self,
        state: &State,
        path: &str,
        query: &HashMap<String, String>,
        items: Vec<Value>,
    ) -> Value {
        let per_page = query
            .get("per_page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(state.per_page)
            .clamp(1, 5000);
        let page = query
            .get("page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        let total = items.len();
        let pages = total.div_ceil(per_page).max(1);
        let href = |n: usize| {
            let mut params: Vec<(String, String)> = query
                .iter()
                .filter(|(k, _)| k.as_str() != "page" && k.as_str() != "per_page")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            params.sort();
            params.push(("page".into(), n.to_string()));
            params.push(("per_page".into(), per_page.to_string()));
            let mut url = format!("{}{path}", self.base);
            for (k, v) in params {
                url.push_str(&format!(
                    "{}{k}={}",
                    if url.contains('?') { "&" } else { "?" },
                    encode(&v)
                ));
            }
            json!({"href": url})
        };
        let resources: Vec<Value> = items
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .collect();
        json!({
            "pagination": {
                "total_results": total,
                "total_pages": pages,
                "first": href(1),
                "last": href(pages),
                "next": if page < pages { href(page + 1) } else { Value::Null },
                "previous": if page > 1 { href(page - 1) } else { Value::Null },
            },
            "resources": resources,
        })
    }

    fn token(&self, state: &mut State, request: &Request) -> Reply {
        let form: HashMap<String, String> =
            super::form_decode(&String::from_utf8_lossy(&request.body));
        let client = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .ok()
            })
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|t| {
                t.split_once(':')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            });
        let uaa_error = |status: u16, error: &str, description: &str| {
            reply(status).json(json!({"error": error, "error_description": description}))
        };
        match client {
            Some((id, secret)) if state.clients.get(&id) == Some(&secret) => {}
            _ => return uaa_error(401, "invalid_client", "Bad client credentials"),
        }
        if form.get("grant_type").map(String::as_str) != Some("password") {
            return uaa_error(
                400,
                "unsupported_grant_type",
                "Only the password grant is supported",
            );
        }
        let user = form.get("username").cloned().unwrap_or_default();
        let password = form.get("password").cloned().unwrap_or_default();
        if state.users.get(&user) != Some(&password) {
            return uaa_error(401, "unauthorized", "Bad credentials");
        }
        state.issued += 1;
        let token = format!("fake-cf-token-{}-{}", state.issued, state.next_id);
        state
            .tokens
            .insert(token.clone(), Instant::now() + state.token_lifetime);
        reply(200).json(json!({
            "access_token": token,
            "token_type": "bearer",
            "expires_in": state.token_lifetime.as_secs(),
            "scope": "cloud_controller.read cloud_controller.write",
            "jti": format!("jti-{}", state.issued),
        }))
    }

    fn authorized(&self, state: &State, request: &Request) -> bool {
        request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("bearer ")
                    .or_else(|| v.strip_prefix("Bearer "))
            })
            .and_then(|t| state.tokens.get(t))
            .is_some_and(|expires| Instant::now() < *expires)
    }

    fn v3(&self, state: &mut State, request: &Request, segments: &[&str]) -> Reply {
        let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
        let path = request.url.path().to_string();
        let method = request.method.as_str();
        let base = self.base.clone();
        match (method, segments) {
            ("GET", ["organizations"]) => {
                let names = filter(&query, "names");
                let items = state
                    .orgs
                    .iter()
                    .filter(|o| names.as_ref().is_none_or(|n| n.contains(&o.name)))
                    .map(|o| json!({"guid": o.guid, "name": o.name}))
                    .collect();
                self.page(state, &path, &query, items)
            }
            ("GET", ["organizations", guid]) => match state.orgs.iter().find(|o| o.guid == *guid) {
                Some(o) => reply(200).json(json!({"guid": o.guid, "name": o.name})),
                None => not_found("Organization"),
            },
            ("GET", ["spaces", guid]) => match state.spaces.iter().find(|s| s.guid == *guid) {
                Some(s) => reply(200).json(json!({"guid": s.guid, "name": s.name,
                    "relationships": {"organization": {"data": {"guid": s.org}}}})),
                None => not_found("Space"),
            },
            ("GET", ["spaces"]) => {
                let names = filter(&query, "names");
                let orgs = filter(&query, "organization_guids");
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
                self.page(state, &path, &query, items)
            }
            ("GET", ["apps"]) => {
                let names = filter(&query, "names");
                let spaces = filter(&query, "space_guids");
                let orgs = filter(&query, "organization_guids");
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
                if query.get("order_by").map(String::as_str) == Some("name") {
                    apps.sort_by(|a, b| a.name.cmp(&b.name));
                }
                let items = apps.iter().map(|a| state.app_json(a, &base)).collect();
                self.page(state, &path, &query, items)
            }
            (_, ["apps", guid, rest @ ..]) => {
                let Some(i) = state.apps.iter().position(|a| a.guid == *guid) else {
                    return not_found("App");
                };
                match (method, rest) {
                    ("GET", []) => reply(200).json(state.app_json(&state.apps[i], &base)),
                    ("DELETE", []) => {
                        let app = state.apps.remove(i);
                        for route in &mut state.routes {
                            route.destinations.retain(|(_, a)| *a != app.guid);
                        }
                        state.bindings.retain(|b| b.app != app.guid);
                        state.deleted.push(app.name);
                        reply(202).header("location", format!("{base}/v3/jobs/app-delete-{guid}"))
                    }
                    ("POST", ["actions", action @ ("start" | "stop")]) => {
                        let app = &mut state.apps[i];
                        app.started = *action == "start";
                        for instance in &mut app.instances {
                            *instance = "RUNNING";
                        }
                        reply(200).json(state.app_json(&state.apps[i], &base))
                    }
                    ("GET", ["processes"]) => {
                        let app = &state.apps[i];
                        let items = vec![json!({"guid": app.process, "type": "web",
                            "instances": app.instances.len(), "memory_in_mb": 256})];
                        self.page(state, &path, &query, items)
                    }
                    ("GET", ["routes"]) => {
                        let items = state
                            .routes
                            .iter()
                            .filter(|r| r.destinations.iter().any(|(_, a)| a == guid))
                            .map(|r| state.route_json(r, &base))
                            .collect();
                        self.page(state, &path, &query, items)
                    }
                    _ => not_found("Resource"),
                }
            }
            (_, ["processes", guid, rest @ ..]) => {
                let Some(i) = state.apps.iter().position(|a| a.process == *guid) else {
                    return not_found("Process");
                };
                match (method, rest) {
                    ("GET", ["stats"]) => {
                        let app = &state.apps[i];
                        let resources: Vec<Value> = app
                            .instances
                            .iter()
                            .enumerate()
                            .map(|(index, s)| {
                                json!({
                                    "type": "web",
                                    "index": index,
                                    "state": if app.started { *s } else { "DOWN" },
                                    "host": if app.started { "10.0.0.1" } else { "" },
                                    "uptime": if app.started { 3600 } else { 0 },
                                    "usage": {"cpu": 0.01, "mem": 104857600, "disk": 209715200},
                                    "mem_quota": 268435456,
                                })
                            })
                            .collect();
                        reply(200).json(json!({"resources": resources}))
                    }
                    ("DELETE", ["instances", index]) => {
                        let app = &mut state.apps[i];
                        match index.parse::<usize>() {
                            Ok(n) if n < app.instances.len() && app.started => {
                                app.instances[n] = "STARTING";
                                let name = app.name.clone();
                                state.terminated.push((name, n as u32));
                                reply(204)
                            }
                            _ => not_found("Instance"),
                        }
                    }
                    _ => not_found("Resource"),
                }
            }
            ("GET", ["routes"]) => {
                let hosts = filter(&query, "hosts");
                let orgs = filter(&query, "organization_guids");
                let items = state
                    .routes
                    .iter()
                    .filter(|r| hosts.as_ref().is_none_or(|h| h.contains(&r.host)))
                    .filter(|r| {
                        orgs.as_ref()
                            .is_none_or(|o| o.contains(&state.org_of_space(&r.space)))
                    })
                    .map(|r| state.route_json(r, &base))
                    .collect();
                self.page(state, &path, &query, items)
            }
            (_, ["routes", guid, "destinations", rest @ ..]) => {
                let Some(i) = state.routes.iter().position(|r| r.guid == *guid) else {
                    return not_found("Route");
                };
                match (method, rest) {
                    ("POST", []) => {
                        let body: Value =
                            serde_json::from_slice(&request.body).unwrap_or(Value::Null);
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
                                return cf_error(422, 10008, "CF-UnprocessableEntity", &format!("App with guid '{app}' does not exist or you do not have access to it."));
                            }
                        }
                        for app in wanted {
                            if !state.routes[i].destinations.iter().any(|(_, a)| *a == app) {
                                let destination = state.guid(6);
                                state.routes[i].destinations.push((destination, app));
                            }
                        }
                        let route = state.route_json(&state.routes[i], &base);
                        reply(200).json(json!({"destinations": route["destinations"]}))
                    }
                    ("DELETE", [destination]) => {
                        let before = state.routes[i].destinations.len();
                        state.routes[i]
                            .destinations
                            .retain(|(d, _)| d != destination);
                        if state.routes[i].destinations.len() == before {
                            return not_found("Destination");
                        }
                        reply(204)
                    }
                    _ => not_found("Resource"),
                }
            }
            ("GET", ["service_credential_bindings"]) => {
                let apps = filter(&query, "app_guids");
                let bindings: Vec<&Binding> = state
                    .bindings
                    .iter()
                    .filter(|b| apps.as_ref().is_none_or(|a| a.contains(&b.app)))
                    .collect();
                let items: Vec<Value> = bindings
                    .iter()
                    .map(|b| {
                        json!({"guid": b.guid, "type": "app", "name": b.name,
                        "relationships": {"app": {"data": {"guid": b.app}},
                                          "service_instance": {"data": {"guid": b.instance.0}}}})
                    })
                    .collect();
                let included: Vec<Value> = bindings
                    .iter()
                    .map(|b| json!({"guid": b.instance.0, "name": b.instance.1, "type": "managed"}))
                    .collect();
                let mut body = self.page_body(state, &path, &query, items);
                if query.get("include").map(String::as_str) == Some("service_instance") {
                    body["included"] = json!({"service_instances": included});
                }
                reply(200).json(body)
            }
            ("DELETE", ["service_credential_bindings", guid]) => {
                let before = state.bindings.len();
                state.bindings.retain(|b| b.guid != *guid);
                if state.bindings.len() == before {
                    return not_found("Service credential binding");
                }
                reply(202).header("location", format!("{base}/v3/jobs/binding-delete-{guid}"))
            }
            _ => cf_error(404, 10000, "CF-NotFound", "Unknown request"),
        }
    }
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
                    "cloud_controller_v3": {"href": format!("{}/v3", self.base), "meta": {"version": "3.180.0"}},
                    "login": {"href": format!("{}/uaa", self.base)},
                    "uaa": {"href": format!("{}/uaa", self.base)},
                }
            })),
            ("POST", ["uaa", "oauth", "token"]) => self.token(&mut state, request),
            (_, ["v3", rest @ ..]) => {
                if self.authorized(&state, request) {
                    self.v3(&mut state, request, rest)
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

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
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
