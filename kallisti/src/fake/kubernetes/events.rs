//! `events.k8s.io/v1`: the API server's second view of the core events,
//! with its own field names (`note`, `regarding`, `deprecated*`).

use serde_json::{json, Map, Value};

/// A core `Event` or `EventList` as `events.k8s.io/v1` shows it.
pub(super) fn to_events_v1(body: &Value) -> Value {
    match body["items"].as_array() {
        Some(items) => json!({
            "kind": "EventList",
            "apiVersion": "events.k8s.io/v1",
            "metadata": body["metadata"],
            "items": items.iter().map(event).collect::<Vec<_>>(),
        }),
        None => event(body),
    }
}

fn event(core: &Value) -> Value {
    let mut out = Map::new();
    out.insert("kind".into(), json!("Event"));
    out.insert("apiVersion".into(), json!("events.k8s.io/v1"));
    out.insert("metadata".into(), core["metadata"].clone());
    let source = &core["source"];
    let renamed = [
        ("eventTime", core["eventTime"].clone()),
        ("action", core["action"].clone()),
        ("reason", core["reason"].clone()),
        ("regarding", core["involvedObject"].clone()),
        ("related", core["related"].clone()),
        ("note", core["message"].clone()),
        ("type", core["type"].clone()),
        (
            "reportingController",
            first(&[&core["reportingComponent"], &source["component"]]),
        ),
        (
            "reportingInstance",
            first(&[&core["reportingInstance"], &source["host"]]),
        ),
        ("deprecatedSource", source.clone()),
        ("deprecatedFirstTimestamp", core["firstTimestamp"].clone()),
        ("deprecatedLastTimestamp", core["lastTimestamp"].clone()),
        ("deprecatedCount", core["count"].clone()),
    ];
    for (name, value) in renamed {
        if !value.is_null() && value != json!({}) && value != json!("") {
            out.insert(name.into(), value);
        }
    }
    // A repeated event keeps its series, as the server folds `count` into it.
    if let Some(count) = core["count"].as_i64().filter(|c| *c > 1) {
        out.insert(
            "series".into(),
            json!({"count": count, "lastObservedTime": core["lastTimestamp"]}),
        );
    }
    Value::Object(out)
}

fn first(values: &[&Value]) -> Value {
    values
        .iter()
        .find(|v| v.as_str().is_some_and(|s| !s.is_empty()))
        .map_or(Value::Null, |v| (*v).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_core_event_reads_with_the_new_names() {
        let core = json!({"kind": "Event", "apiVersion": "v1", "metadata": {"name": "e1", "namespace": "shop"},
            "involvedObject": {"kind": "Pod", "name": "cart-1"}, "reason": "Killing", "message": "Stopping container",
            "type": "Normal", "source": {"component": "kubelet", "host": "node-1"}, "count": 3,
            "firstTimestamp": "2026-01-01T00:00:00Z", "lastTimestamp": "2026-01-01T00:05:00Z"});
        let v1 = to_events_v1(&json!({"metadata": {}, "items": [core]}));
        assert_eq!(v1["kind"], "EventList");
        let e = &v1["items"][0];
        assert_eq!(e["apiVersion"], "events.k8s.io/v1");
        assert_eq!(e["regarding"]["name"], "cart-1");
        assert_eq!(e["note"], "Stopping container");
        assert_eq!(e["reportingController"], "kubelet");
        assert_eq!(e["deprecatedCount"], 3);
        assert_eq!(e["series"]["count"], 3);
        assert!(e.get("message").is_none());
    }
}
