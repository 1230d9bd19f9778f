//! The Cloud Controller v2 API, as old clients (the Chaos Toolkit's Cloud
//! Foundry driver among them) speak it: one route per line to its handler,
//! and what every handler shares: `q` filters, v2 pages, resources wrapped
//! in `metadata`/`entity`, and v2 error bodies. It reads and changes the
//! same state as v3.

use super::state::{State, SEEDED_AT};
use super::{reply, v2_apps, v2_routes, Reply};
use serde_json::{json, Value};
use wiremock::Request;

/// The API version `/v2/info` and the root announce.
pub(super) const VERSION: &str = "2.180.0";
/// The largest page v2 serves.
const MAX_PER_PAGE: usize = 100;

/// One v2 request, as its handler reads it.
pub(super) struct V2<'a> {
    pub(super) method: &'a str,
    /// The URL path, which the page links repeat.
    path: String,
    /// The query's pairs, in order (`q` may come several times).
    query: Vec<(String, String)>,
    pub(super) body: &'a [u8],
}

/// `/v2/info`, which clients read (without a token) to find UAA.
pub(super) fn info(base: &str) -> Reply {
    reply(200).json(json!({
        "name": "kallisti-fake",
        "build": "",
        "support": "",
        "version": 0,
        "description": "FakeCloudFoundry",
        "authorization_endpoint": format!("{base}/uaa"),
        "token_endpoint": format!("{base}/uaa"),
        "min_cli_version": null,
        "min_recommended_cli_version": null,
        "app_ssh_endpoint": "ssh.example.com:2222",
        "app_ssh_host_key_fingerprint": null,
        "app_ssh_oauth_client": "ssh-proxy",
        "doppler_logging_endpoint": "wss://doppler.example.com:443",
        "api_version": VERSION,
        "osbapi_version": "2.15",
    }))
}

/// A v2 error answer.
pub(super) fn v2_error(status: u16, code: u32, error_code: &str, description: &str) -> Reply {
    reply(status).json(json!({
        "description": description,
        "error_code": error_code,
        "code": code,
    }))
}

/// The 401 of a request without a valid token: v2 tells a missing token
/// from one it does not accept.
pub(super) fn unauthorized(request: &Request) -> Reply {
    if request.headers.contains_key("authorization") {
        v2_error(401, 1000, "CF-InvalidAuthToken", "Invalid Auth Token")
    } else {
        v2_error(401, 10002, "CF-NotAuthenticated", "Authentication error")
    }
}

/// Answers an authorized request under `/v2` (`segments`: the path after it).
pub(super) fn v2(state: &mut State, request: &Request, segments: &[&str]) -> Reply {
    let call = V2 {
        method: request.method.as_str(),
        path: request.url.path().to_string(),
        query: request.url.query_pairs().into_owned().collect(),
        body: &request.body,
    };
    match (call.method, segments) {
        ("GET", ["organizations"]) => v2_routes::list_orgs(state, &call),
        ("GET", ["spaces"]) => v2_routes::list_spaces(state, &call),
        ("GET", ["apps"]) => v2_apps::list(state, &call),
        ("GET", ["apps", guid]) => v2_apps::get(state, guid),
        ("PUT", ["apps", guid]) => v2_apps::update(state, &call, guid),
        ("DELETE", ["apps", guid]) => v2_apps::delete(state, &call, guid),
        ("GET", ["apps", guid, "stats"]) => v2_apps::stats(state, guid),
        ("GET", ["apps", guid, "instances"]) => v2_apps::instances(state, guid),
        ("DELETE", ["apps", guid, "instances", index]) => v2_apps::kill(state, guid, index),
        ("GET", ["apps", guid, "routes"]) => v2_routes::routes_of_app(state, &call, guid),
        ("PUT", ["apps", guid, "routes", route]) => v2_apps::add_route(state, guid, route),
        ("DELETE", ["apps", guid, "routes", route]) => v2_apps::remove_route(state, guid, route),
        ("GET", ["apps", guid, "service_bindings"]) => {
            v2_routes::bindings_of_app(state, &call, guid)
        }
        ("GET", ["routes"]) => v2_routes::list_routes(state, &call),
        ("GET", ["routes", guid, "apps"]) => v2_apps::apps_of_route(state, &call, guid),
        ("DELETE", ["service_bindings", guid]) => v2_routes::delete_binding(state, guid),
        _ => v2_error(404, 10000, "CF-NotFound", "Unknown request"),
    }
}

/// A resource as v2 shows it: its `metadata` (guid, relative URL, times)
/// and its `entity`.
pub(super) fn resource(collection: &str, guid: &str, entity: Value) -> Value {
    json!({
        "metadata": {
            "guid": guid,
            "url": format!("/v2/{collection}/{guid}"),
            "created_at": SEEDED_AT,
            "updated_at": SEEDED_AT,
        },
        "entity": entity,
    })
}

/// One resource of a list with the values its `q` filters compare.
pub(super) struct Row {
    pub(super) resource: Value,
    pub(super) attributes: Vec<(&'static str, String)>,
}

impl V2<'_> {
    /// The query's value of `key`.
    pub(super) fn param(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Each `q` as (attribute, values): `name:web` or `name IN a,b`; else
    /// the `q` it cannot read.
    fn filters(&self) -> Result<Vec<(String, Vec<String>)>, String> {
        let mut filters = Vec::new();
        for (_, q) in self.query.iter().filter(|(k, _)| k == "q") {
            let parsed = if let Some((attribute, values)) = q.split_once(" IN ") {
                (attribute, values.split(',').map(str::to_string).collect())
            } else if let Some((attribute, value)) = q.split_once(':') {
                (attribute, vec![value.to_string()])
            } else {
                return Err(q.clone());
            };
            filters.push((parsed.0.trim().to_string(), parsed.1));
        }
        Ok(filters)
    }

    /// The rows `q` keeps (each filter on an attribute of `queryable`), one
    /// page of them answered.
    pub(super) fn list(&self, state: &State, queryable: &[&str], rows: Vec<Row>) -> Reply {
        let filters = match self.filters() {
            Ok(filters) => filters,
            Err(q) => return bad_query(&q),
        };
        if let Some((attribute, _)) = filters
            .iter()
            .find(|(a, _)| !queryable.contains(&a.as_str()))
        {
            return bad_query(attribute);
        }
        let mut kept: Vec<Value> = rows
            .into_iter()
            .filter(|row| {
                filters.iter().all(|(attribute, values)| {
                    row.attributes
                        .iter()
                        .any(|(a, v)| a == attribute && values.contains(v))
                })
            })
            .map(|row| row.resource)
            .collect();
        if self.param("order-direction") == Some("desc") {
            kept.reverse();
        }
        reply(200).json(self.page(state, kept))
    }

    /// One page of `items` with v2's counts and relative page links.
    fn page(&self, state: &State, items: Vec<Value>) -> Value {
        let per_page = self
            .param("results-per-page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(state.per_page)
            .clamp(1, MAX_PER_PAGE);
        let page = self
            .param("page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        let total = items.len();
        let pages = total.div_ceil(per_page);
        let link = |n: usize| json!(self.page_link(n, per_page));
        json!({
            "total_results": total,
            "total_pages": pages,
            "prev_url": if page > 1 { link(page - 1) } else { Value::Null },
            "next_url": if page < pages { link(page + 1) } else { Value::Null },
            "resources": items.into_iter().skip((page - 1) * per_page).take(per_page).collect::<Vec<_>>(),
        })
    }

    /// The relative link to page `n`: the same filters, v2's page settings.
    fn page_link(&self, n: usize, per_page: usize) -> String {
        let direction = self.param("order-direction").unwrap_or("asc");
        let mut url = format!(
            "{}?order-direction={direction}&page={n}&results-per-page={per_page}",
            self.path
        );
        for (_, q) in self.query.iter().filter(|(k, _)| k == "q") {
            url.push_str("&q=");
            url.push_str(&super::v3::encode(q));
        }
        url
    }
}

fn bad_query(what: &str) -> Reply {
    v2_error(
        400,
        10005,
        "CF-BadQueryParameter",
        &format!("The query parameter is invalid: {what}"),
    )
}
