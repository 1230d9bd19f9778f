//! Requests for the objects of one kind: create, read, replace, patch and
//! delete, and the `scale`, `log` and `eviction` subresources.

use super::kinds::ResourceKind;
use super::{list, ok, status, Answer, Body, DeletedObject, Store};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use wiremock::Request;

/// An object a request names, as stored when the request came.
struct Target<'a> {
    kind: &'a ResourceKind,
    /// Its namespace (empty for cluster objects).
    ns: String,
    name: String,
    existing: Value,
}

/// Answers a request for objects of `kind` (`rest`: after the plural).
pub(super) fn serve(
    store: &mut Store,
    request: &Request,
    kind: &ResourceKind,
    ns: Option<&str>,
    rest: &[&str],
) -> Answer {
    let ns_key = ns.unwrap_or_default();
    let method = request.method.as_str();
    match (method, rest) {
        ("GET", []) => list::list(store, kind, ns, request),
        ("POST", []) => create(store, request, kind, ns_key),
        (_, []) => status(
            405,
            "MethodNotAllowed",
            format!("{method} is not supported on a list"),
            json!({}),
        ),
        (_, [name, more @ ..]) => object(store, request, kind, ns_key, name, more),
    }
}

/// Answers a request for one object, or one of its subresources (`more`).
fn object(
    store: &mut Store,
    request: &Request,
    kind: &ResourceKind,
    ns: &str,
    name: &str,
    more: &[&str],
) -> Answer {
    let Some(existing) = store.objects.get(&kind.key(ns, name)).cloned() else {
        return status(
            404,
            "NotFound",
            format!("{} \"{name}\" not found", kind.plural),
            json!({"name": name, "kind": kind.plural}),
        );
    };
    let target = Target {
        kind,
        ns: ns.to_string(),
        name: name.to_string(),
        existing,
    };
    let method = request.method.as_str();
    let pods = kind.plural == "pods";
    match (method, more) {
        ("GET", []) => ok(target.existing),
        ("PUT", []) => replace(store, request, target),
        ("PATCH", []) => patch(store, request, target),
        ("DELETE", []) => delete(store, request, target),
        ("GET" | "PUT" | "PATCH", ["scale"]) if scalable(kind) => scale(store, request, target),
        ("GET", ["log"]) if pods => log(store, target),
        ("POST", ["eviction"]) if pods => evict(store, target),
        _ => status(
            405,
            "MethodNotAllowed",
            format!("{method} is not supported here"),
            json!({}),
        ),
    }
}

/// The workloads with a `scale` subresource.
fn scalable(kind: &ResourceKind) -> bool {
    matches!(
        kind.plural.as_str(),
        "deployments" | "replicasets" | "statefulsets"
    )
}

/// 400 for a body that is not JSON, or not the JSON `expected`.
fn body_not_json(expected: &str) -> Answer {
    status(
        400,
        "BadRequest",
        format!("the body is not {expected}"),
        json!({}),
    )
}

/// The fields of `ObjectMeta`: an API server decodes metadata into that
/// type, so any other field of a written object's metadata is dropped.
const OBJECT_META: [&str; 14] = [
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
];

/// An object as an API server keeps what a client wrote: nulls read as
/// absent (a built-in type decodes them so, a structural schema prunes
/// them), metadata only as `ObjectMeta` has it, and a known custom kind's
/// `spec` only with the fields its schema declares.
fn admitted(kind: &ResourceKind, mut object: Value) -> Value {
    fn without_nulls(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.retain(|_, v| !v.is_null());
                map.values_mut().for_each(without_nulls);
            }
            Value::Array(items) => items.iter_mut().for_each(without_nulls),
            _ => {}
        }
    }
    without_nulls(&mut object);
    if let Some(meta) = object["metadata"].as_object_mut() {
        meta.retain(|k, _| OBJECT_META.contains(&k.as_str()));
    }
    let known = super::kinds::spec_fields(&kind.group, &kind.plural);
    if let (Some(fields), Some(spec)) = (known, object["spec"].as_object_mut()) {
        spec.retain(|k, _| fields.contains(&k.as_str()));
    }
    object
}

fn create(store: &mut Store, request: &Request, kind: &ResourceKind, ns: &str) -> Answer {
    let Ok(object @ Value::Object(_)) = serde_json::from_slice::<Value>(&request.body) else {
        return body_not_json("a JSON object");
    };
    let mut object = admitted(kind, object);
    let Some(name) = object["metadata"]["name"].as_str().map(str::to_string) else {
        return status(
            422,
            "Invalid",
            format!(
                "{} \"\" is invalid: metadata.name: Required value",
                kind.kind
            ),
            json!({"kind": kind.plural, "causes": [{"reason": "FieldValueRequired", "field": "metadata.name"}]}),
        );
    };
    if store.objects.contains_key(&kind.key(ns, &name)) {
        return status(
            409,
            "AlreadyExists",
            format!("{} \"{name}\" already exists", kind.plural),
            json!({"name": name, "kind": kind.plural}),
        );
    }
    if kind.plural == "pods" || kind.plural == "deployments" {
        object["status"] = object.get("status").cloned().unwrap_or(json!({}));
    }
    let created = store.insert(kind, ns, &name, object);
    (201, Body::Json(created))
}

fn replace(store: &mut Store, request: &Request, target: Target) -> Answer {
    let Ok(object @ Value::Object(_)) = serde_json::from_slice::<Value>(&request.body) else {
        return body_not_json("a JSON object");
    };
    let mut object = admitted(target.kind, object);
    follow_replicas(target.kind, &target.existing, &mut object);
    ok(store.insert(target.kind, &target.ns, &target.name, object))
}

fn patch(store: &mut Store, request: &Request, target: Target) -> Answer {
    let Ok(patch) = serde_json::from_slice::<Value>(&request.body) else {
        return body_not_json("JSON");
    };
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut object = target.existing.clone();
    let json_patch = content_type.starts_with("application/json-patch+json");
    if let Err((code, message)) = apply_patch(&mut object, patch, json_patch) {
        let reason = if code == 400 { "BadRequest" } else { "Invalid" };
        return status(
            code,
            reason,
            message,
            json!({"name": target.name, "kind": target.kind.plural}),
        );
    }
    let mut object = admitted(target.kind, object);
    follow_replicas(target.kind, &target.existing, &mut object);
    ok(store.insert(target.kind, &target.ns, &target.name, object))
}

/// Deletes at once, recording the grace period asked for (query or
/// `DeleteOptions`).
fn delete(store: &mut Store, request: &Request, target: Target) -> Answer {
    let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
    let options: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let grace = query
        .get("gracePeriodSeconds")
        .and_then(|g| g.parse().ok())
        .or_else(|| options["gracePeriodSeconds"].as_i64());
    forget(store, &target, grace);
    ok(target.existing)
}

/// Removes the object and records its deletion (a cluster object's under
/// no namespace, whatever path named it).
fn forget(store: &mut Store, target: &Target, grace_period_seconds: Option<i64>) {
    let key = target.kind.key(&target.ns, &target.name);
    store.objects.remove(&key);
    let (_, plural, namespace, name) = key;
    store.deleted.push(DeletedObject {
        plural,
        namespace,
        name,
        grace_period_seconds,
    });
}

/// The `scale` subresource: read, or set `spec.replicas` (never below 0).
fn scale(store: &mut Store, request: &Request, target: Target) -> Answer {
    let name = &target.name;
    let mut object = target.existing.clone();
    if request.method.as_str() != "GET" {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let Some(replicas) = body["spec"]["replicas"].as_i64() else {
            return status(
                422,
                "Invalid",
                "Scale.spec.replicas: Required value".into(),
                json!({"name": name, "kind": "Scale"}),
            );
        };
        if replicas < 0 {
            return status(422, "Invalid", format!("Scale.autoscaling \"{name}\" is invalid: spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0"),
                json!({"name": name, "kind": "Scale"}));
        }
        object["spec"]["replicas"] = json!(replicas);
        follow_replicas(target.kind, &target.existing, &mut object);
        object = store.insert(target.kind, &target.ns, name, object);
    }
    ok(json!({"kind": "Scale", "apiVersion": "autoscaling/v1",
        "metadata": {"name": name, "namespace": target.ns, "resourceVersion": object["metadata"]["resourceVersion"]},
        "spec": {"replicas": object["spec"]["replicas"]},
        "status": {"replicas": object["status"]["replicas"]}}))
}

fn log(store: &mut Store, target: Target) -> Answer {
    let text = store
        .logs
        .get(&(target.ns, target.name))
        .cloned()
        .unwrap_or_default();
    (200, Body::Text(text))
}

/// An eviction deletes the pod at once (no disruption budget stops it).
fn evict(store: &mut Store, target: Target) -> Answer {
    forget(store, &target, None);
    (
        201,
        Body::Json(json!({"kind": "Status", "apiVersion": "v1", "status": "Success", "code": 201})),
    )
}

/// Applies a PATCH body as the API server does: a JSON Patch (RFC 6902)
/// all or nothing, else a merge patch (RFC 7386, which also stands in for
/// strategic merge). The API server answers a patch it cannot decode with
/// 400 and one that does not apply with 422.
fn apply_patch(object: &mut Value, patch: Value, json_patch: bool) -> Result<(), (u16, String)> {
    if !json_patch {
        json_patch::merge(object, &patch);
        return Ok(());
    }
    let patch: json_patch::Patch =
        serde_json::from_value(patch).map_err(|e| (400, format!("invalid JSON patch: {e}")))?;
    json_patch::patch(object, &patch).map_err(|e| (422, e.to_string()))
}

/// A workload whose desired replicas changed has them at once, ready: the
/// fake plays the controller, whichever way the change came (the `scale`
/// subresource, a patch or a replace).
fn follow_replicas(kind: &ResourceKind, before: &Value, after: &mut Value) {
    let replicas = after["spec"]["replicas"].clone();
    if !scalable(kind) || !replicas.is_i64() || before["spec"]["replicas"] == replicas {
        return;
    }
    for field in [
        "replicas",
        "readyReplicas",
        "availableReplicas",
        "updatedReplicas",
    ] {
        after["status"][field] = replicas.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_objects_are_kept_as_an_api_server_keeps_them() {
        let stress = ResourceKind::new(
            "chaos-mesh.org",
            "v1alpha1",
            "StressChaos",
            "stresschaos",
            true,
        );
        let written = json!({"metadata": {"name": "burn", "ns": "shop", "labels": {"a": "1"}},
            "spec": {"mode": "one", "direction": "to", "containerNames": null,
                     "stressors": {"memory": {"size": "1GB", "workers": null}}}});
        assert_eq!(
            admitted(&stress, written.clone()),
            json!({"metadata": {"name": "burn", "labels": {"a": "1"}},
                "spec": {"mode": "one", "stressors": {"memory": {"size": "1GB"}}}})
        );
        // A kind whose schema the fake does not know keeps its spec.
        let pods = ResourceKind::new("", "v1", "Pod", "pods", true);
        assert_eq!(admitted(&pods, written)["spec"]["direction"], "to");
    }

    #[test]
    fn patches_merge_and_apply_operations() {
        let mut object =
            json!({"spec": {"replicas": 3, "paused": true}, "metadata": {"labels": {"a": "1"}}});
        apply_patch(
            &mut object,
            json!({"spec": {"replicas": 1, "paused": null}}),
            false,
        )
        .unwrap();
        assert_eq!(object["spec"], json!({"replicas": 1}));
        let ops = json!([{"op": "add", "path": "/metadata/labels/b", "value": "2"},
                         {"op": "remove", "path": "/metadata/labels/a"}]);
        apply_patch(&mut object, ops, true).unwrap();
        assert_eq!(object["metadata"]["labels"], json!({"b": "2"}));
        // Not a patch: 400; a patch that does not apply: 422, and nothing of
        // it stays (its first operation would have applied).
        let before = object.clone();
        let bad = apply_patch(&mut object, json!([{"op": "move", "path": "/x"}]), true);
        assert_eq!(bad.unwrap_err().0, 400);
        let half = json!([{"op": "add", "path": "/metadata/labels/c", "value": "3"},
                          {"op": "remove", "path": "/metadata/labels/nope"}]);
        assert_eq!(apply_patch(&mut object, half, true).unwrap_err().0, 422);
        assert_eq!(object, before);
        let replace_missing = json!([{"op": "replace", "path": "/spec/nope", "value": 1}]);
        assert_eq!(
            apply_patch(&mut object, replace_missing, true)
                .unwrap_err()
                .0,
            422
        );
    }
}
