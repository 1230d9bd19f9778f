//! The Cloud Controller v3 API: one route per line to its handler, and what
//! every handler reads of a request (filters, pages).

use super::state::State;
use super::{apps, bindings, cf_error, reply, routes, spaces, Reply};
use serde_json::{json, Value};
use std::collections::HashMap;
use wiremock::Request;

/// One v3 request, as its handler reads it.
pub(super) struct V3<'a> {
    pub(super) method: &'a str,
    /// The URL path, which the pagination links repeat.
    path: String,
    pub(super) query: HashMap<String, String>,
    /// The fake's own URL.
    pub(super) base: &'a str,
    pub(super) body: &'a [u8],
}

/// Answers an authorized request under `/v3` (`segments`: the path after it).
pub(super) fn v3(state: &mut State, request: &Request, base: &str, segments: &[&str]) -> Reply {
    let call = V3 {
        method: request.method.as_str(),
        path: request.url.path().to_string(),
        query: request.url.query_pairs().into_owned().collect(),
        base,
        body: &request.body,
    };
    match (call.method, segments) {
        ("GET", ["organizations"]) => spaces::list_orgs(state, &call),
        ("GET", ["organizations", guid]) => spaces::get_org(state, guid),
        ("GET", ["spaces", guid]) => spaces::get_space(state, guid),
        ("GET", ["spaces"]) => spaces::list_spaces(state, &call),
        ("GET", ["apps"]) => apps::list(state, &call),
        (_, ["apps", guid, rest @ ..]) => apps::app(state, &call, guid, rest),
        (_, ["processes", guid, rest @ ..]) => apps::process(state, &call, guid, rest),
        ("GET", ["routes"]) => routes::list(state, &call),
        (_, ["routes", guid, "destinations", rest @ ..]) => {
            routes::destinations(state, &call, guid, rest)
        }
        ("GET", ["service_credential_bindings"]) => bindings::list(state, &call),
        ("DELETE", ["service_credential_bindings", guid]) => bindings::delete(state, &call, guid),
        _ => cf_error(404, 10000, "CF-NotFound", "Unknown request"),
    }
}

impl V3<'_> {
    /// The query's values of `key`, comma-separated lists split.
    pub(super) fn filter(&self, key: &str) -> Option<Vec<String>> {
        self.query
            .get(key)
            .map(|v| v.split(',').map(str::to_string).collect())
    }

    /// One page of a list, answered.
    pub(super) fn page(&self, state: &State, items: Vec<Value>) -> Reply {
        reply(200).json(self.page_body(state, items))
    }

    /// One page of a list, with CF's `pagination` links.
    pub(super) fn page_body(&self, state: &State, items: Vec<Value>) -> Value {
        let per_page = self
            .query
            .get("per_page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(state.per_page)
            .clamp(1, 5000);
        let page = self
            .query
            .get("page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        let total = items.len();
        let pages = total.div_ceil(per_page).max(1);
        let href = |n: usize| self.page_link(n, per_page);
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

    /// The link to page `n`: the same query, its pages last.
    fn page_link(&self, n: usize, per_page: usize) -> Value {
        let mut params: Vec<(String, String)> = self
            .query
            .iter()
            .filter(|(k, _)| k.as_str() != "page" && k.as_str() != "per_page")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        params.sort();
        params.push(("page".into(), n.to_string()));
        params.push(("per_page".into(), per_page.to_string()));
        let mut url = format!("{}{}", self.base, self.path);
        for (k, v) in params {
            url.push_str(&format!(
                "{}{k}={}",
                if url.contains('?') { "&" } else { "?" },
                encode(&v)
            ));
        }
        json!({"href": url})
    }
}

/// Percent-encodes a query value, leaving commas (CF's list separator).
pub(super) fn encode(value: &str) -> String {
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
