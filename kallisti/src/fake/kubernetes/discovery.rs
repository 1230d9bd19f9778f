//! Discovery: the versions, groups and resources the fake serves, with the
//! short names and categories kubectl resolves `deploy` or `all` through.

use super::kinds::{categories, short_names};
use super::{ok, status, Answer, Store};
use serde_json::{json, Value};

pub(super) fn answer(store: &Store, segments: &[&str]) -> Option<Answer> {
    let resources = |group: &str, version: &str| {
        let list: Vec<Value> = store
            .kinds
            .iter()
            .filter(|k| k.group == group && k.version == version)
            .flat_map(|k| {
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
                if matches!(k.plural.as_str(), "deployments" | "replicasets" | "statefulsets") {
                    v.push(json!({"name": format!("{}/scale", k.plural), "singularName": "", "namespaced": true,
                        "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"]}));
                }
                if k.plural == "pods" {
                    v.push(json!({"name": "pods/log", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get"]}));
                    v.push(json!({"name": "pods/eviction", "singularName": "", "namespaced": true, "group": "policy",
                        "version": "v1", "kind": "Eviction", "verbs": ["create"]}));
                }
                v
            })
            .collect();
        json!({"kind": "APIResourceList", "apiVersion": "v1",
               "groupVersion": if group.is_empty() { version.to_string() } else { format!("{group}/{version}") },
               "resources": list})
    };
    match segments {
        ["version"] => Some(ok(
            json!({"major": "1", "minor": "33", "gitVersion": "v1.33.0-kallisti-fake",
            "platform": "linux/amd64"}),
        )),
        ["api"] => Some(ok(json!({"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}))),
        ["api", "v1"] => Some(ok(resources("", "v1"))),
        ["apis"] => {
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
            Some(ok(
                json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}),
            ))
        }
        ["apis", group, version] => {
            if store
                .kinds
                .iter()
                .any(|k| k.group == *group && k.version == *version)
            {
                Some(ok(resources(group, version)))
            } else {
                Some(status(
                    404,
                    "NotFound",
                    "the server could not find the requested resource".into(),
                    json!({}),
                ))
            }
        }
        _ => None,
    }
}
