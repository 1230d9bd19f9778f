//! What the fake Cloud Controller holds: orgs, spaces, apps, routes,
//! bindings and tokens; the changes both API versions make to them (so an
//! app stopped through v2 reads as stopped through v3); the usage its
//! instances report; and the v3 JSON of apps and routes.

use super::{CfRequest, FakeApp};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub(super) struct Org {
    pub(super) guid: String,
    pub(super) name: String,
}

#[derive(Debug, Clone)]
pub(super) struct Space {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) org: String,
}

#[derive(Debug, Clone)]
pub(super) struct App {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) space: String,
    pub(super) started: bool,
    pub(super) process: String,
    /// Per index: `RUNNING`, or `STARTING` after a termination.
    pub(super) instances: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub(super) struct Route {
    pub(super) guid: String,
    pub(super) host: String,
    pub(super) space: String,
    /// (destination guid, app guid)
    pub(super) destinations: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub(super) struct Binding {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) app: String,
    pub(super) instance: (String, String),
}

#[derive(Default)]
pub(super) struct State {
    pub(super) users: HashMap<String, String>,
    pub(super) clients: HashMap<String, String>,
    pub(super) token_lifetime: Duration,
    pub(super) per_page: usize,
    pub(super) orgs: Vec<Org>,
    pub(super) spaces: Vec<Space>,
    pub(super) apps: Vec<App>,
    pub(super) routes: Vec<Route>,
    pub(super) bindings: Vec<Binding>,
    pub(super) tokens: HashMap<String, Instant>,
    pub(super) issued: usize,
    pub(super) next_id: usize,
    pub(super) terminated: Vec<(String, u32)>,
    pub(super) deleted: Vec<String>,
    pub(super) requests: Vec<CfRequest>,
}

/// The domain every route lives under (the fake has one shared domain).
pub(super) const DOMAIN: &str = "apps.example.com";
/// The guid of that domain.
pub(super) const DOMAIN_GUID: &str = "00000009-0000-4000-8000-000000000000";
/// When every seeded thing was made (the fake keeps no clock of its own).
pub(super) const SEEDED_AT: &str = "2026-01-01T00:00:00Z";
/// [`SEEDED_AT`] in seconds since the epoch.
pub(super) const SEEDED_AT_SECONDS: u64 = 1_767_225_600;

impl State {
    pub(super) fn guid(&mut self, kind: u32) -> String {
        self.next_id += 1;
        format!("{kind:08x}-0000-4000-8000-{:012x}", self.next_id)
    }

    pub(super) fn space(&mut self, org: &str, space: &str) -> String {
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

    pub(super) fn route(&mut self, host: &str, space: &str) -> String {
        let guid = self.guid(4);
        self.routes.push(Route {
            guid: guid.clone(),
            host: host.into(),
            space: space.into(),
            destinations: Vec::new(),
        });
        guid
    }

    pub(super) fn seed_app(&mut self, seed: &FakeApp) {
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

    pub(super) fn org_of_space(&self, space: &str) -> String {
        self.spaces
            .iter()
            .find(|s| s.guid == space)
            .map(|s| s.org.clone())
            .unwrap_or_default()
    }

    pub(super) fn app_json(&self, app: &App, base: &str) -> Value {
        json!({
            "guid": app.guid,
            "name": app.name,
            "state": if app.started { "STARTED" } else { "STOPPED" },
            "lifecycle": {"type": "buildpack", "data": {}},
            "relationships": {"space": {"data": {"guid": app.space}}},
            "links": {"self": {"href": format!("{base}/v3/apps/{}", app.guid)}},
        })
    }

    pub(super) fn route_json(&self, route: &Route, base: &str) -> Value {
        json!({
            "guid": route.guid,
            "host": route.host,
            "path": "",
            "url": format!("{}.{DOMAIN}", route.host),
            "destinations": route.destinations.iter().map(|(d, a)| json!({
                "guid": d, "app": {"guid": a, "process": {"type": "web"}}, "port": 8080
            })).collect::<Vec<_>>(),
            "relationships": {"space": {"data": {"guid": route.space}}},
            "links": {"self": {"href": format!("{base}/v3/routes/{}", route.guid)}},
        })
    }
}

/// The changes both API versions make, each in one place.
impl State {
    /// The index of the app with `guid`.
    pub(super) fn app_index(&self, guid: &str) -> Option<usize> {
        self.apps.iter().position(|a| a.guid == guid)
    }

    /// Deletes app `i` with its route mappings and bindings.
    pub(super) fn delete_app(&mut self, i: usize) -> App {
        let app = self.apps.remove(i);
        for route in &mut self.routes {
            route.destinations.retain(|(_, a)| *a != app.guid);
        }
        self.bindings.retain(|b| b.app != app.guid);
        self.deleted.push(app.name.clone());
        app
    }

    /// Starts or stops app `i`; either way every instance ends up running
    /// again (a stopped app's instances come back fresh when it starts).
    pub(super) fn set_started(&mut self, i: usize, start: bool) {
        let app = &mut self.apps[i];
        app.started = start;
        for instance in &mut app.instances {
            *instance = "RUNNING";
        }
    }

    /// Terminates instance `index` of app `i`, which then restarts
    /// (`STARTING`); false when a started app has no such instance.
    pub(super) fn terminate(&mut self, i: usize, index: usize) -> bool {
        let app = &mut self.apps[i];
        if !app.started || index >= app.instances.len() {
            return false;
        }
        app.instances[index] = "STARTING";
        let name = app.name.clone();
        self.terminated.push((name, index as u32));
        true
    }

    /// Maps route `r` to the app with `app` guid, unless it is already.
    pub(super) fn map_route(&mut self, r: usize, app: &str) {
        if !self.routes[r].destinations.iter().any(|(_, a)| a == app) {
            let destination = self.guid(6);
            self.routes[r]
                .destinations
                .push((destination, app.to_string()));
        }
    }

    /// The usage instance `index` of `app` reports, as both APIs show it:
    /// a running instance has been up an hour, a restarting one not yet.
    pub(super) fn instance_usage(app: &App, index: usize) -> Value {
        let running = app.instances.get(index) == Some(&"RUNNING");
        json!({
            "host": "10.0.0.1",
            "port": 61000 + index,
            "uptime": if running { 3600 } else { 0 },
            "mem_quota": 268435456,
            "disk_quota": 1073741824,
            "fds_quota": 16384,
            "usage": {
                "time": SEEDED_AT,
                "cpu": if running { 0.01 } else { 0.0 },
                "mem": if running { 104857600 } else { 0 },
                "disk": if running { 209715200 } else { 0 },
            },
        })
    }

    /// The URLs of the routes mapped to the app with `guid`.
    pub(super) fn uris_of(&self, guid: &str) -> Vec<String> {
        self.routes
            .iter()
            .filter(|r| r.destinations.iter().any(|(_, a)| a == guid))
            .map(|r| format!("{}.{DOMAIN}", r.host))
            .collect()
    }
}
