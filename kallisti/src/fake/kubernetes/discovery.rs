//! Discovery: the versions, groups and resources the fake serves, with the
//! short names and categories kubectl resolves `deploy` or `all` through.

use super::kinds::{categories, short_names, ResourceKind};
use super::{ok, status, Answer, Store};
use serde_json::{json, Value};

/// The discovery document a path asks for; `None` when it asks for none.
pub(super) fn answer(store: &Store, segments: &[&str]) -> Option<Answer> {
    match segments {
        ["version"] => Some(ok(
            json!({"major": "1", "minor": "33", "gitVersion": "v1.33.0-kallisti-fake",
            "platform": "linux/amd64"}),
        )),
        ["api"] => Some(ok(json!({"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}))),
        ["api", "v1"] => Some(ok(resources(store, "", "v1"))),
        ["apis"] => Some(ok(groups(store))),
        ["apis", group, version] => Some(group_version(store, group, version)),
        _ => None,
    }
}

/// The `APIGroupList`: each group with its versions, the last preferred.
fn groups(store: &Store) -> Value {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for k in store.kinds.iter().filter(|k| !k.group.is_empty()) {
        match groups.iter_mut().find(|(g, _)| *g == k.group) {
            Some((_, versions)) if !versions.contains(&k.version) => {
                versions.push(k.version.clone())
            }
            Some(_) => {}
            None => groups.push((k.group.clone(), vec![k.version.clone()])),
        }
    }
    let groups: Vec<Value> = groups
        .iter()
        .map(|(g, versions)| {
            let vs: Vec<Value> = versions
                .iter()
                .map(|v| json!({"groupVersion": format!("{g}/{v}"), "version": v}))
                .collect();
            json!({"name": g, "versions": vs, "preferredVersion": vs.last()})
        })
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

fn group_version(store: &Store, group: &str, version: &str) -> Answer {
    if store
        .kinds
        .iter()
        .any(|k| k.group == group && k.version == version)
    {
        ok(resources(store, group, version))
    } else {
        status(
            404,
            "NotFound",
            "the server could not find the requested resource".into(),
            json!({}),
        )
    }
}

/// The `APIResourceList` of a group version.
fn resources(store: &Store, group: &str, version: &str) -> Value {
    let list: Vec<Value> = store
        .kinds
        .iter()
        .filter(|k| k.group == group && k.version == version)
        .flat_map(resource_entries)
        .collect();
    json!({"kind": "APIResourceList", "apiVersion": "v1",
           "groupVersion": if group.is_empty() { version.to_string() } else { format!("{group}/{version}") },
           "resources": list})
}

/// A kind's resource, and the subresources the fake serves for it.
fn resource_entries(k: &ResourceKind) -> Vec<Value> {
    let mut resource = json!({"name": k.plural, "singularName": k.kind.to_lowercase(),
        "namespaced": k.namespaced, "kind": k.kind,
        "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]});
    let short = short_names(&k.group, &k.plural);
    if !short.is_empty() {
        resource["shortNames"] = json!(short);
    }
    let categories = categories(&k.group, &k.plural);
    if !categories.is_empty() {
        resource["categories"] = json!(categories);
    }
    let mut v = vec![resource];
    if matches!(
        k.plural.as_str(),
        "deployments" | "replicasets" | "statefulsets"
    ) {
        v.push(json!({"name": format!("{}/scale", k.plural), "singularName": "", "namespaced": true,
            "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"]}));
    }
    if k.plural == "pods" {
        v.push(json!({"name": "pods/log", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get"]}));
        v.push(json!({"name": "pods/eviction", "singularName": "", "namespaced": true, "group": "policy",
            "version": "v1", "kind": "Eviction", "verbs": ["create"]}));
    }
    v
}
