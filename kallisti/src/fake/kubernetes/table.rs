//! Server-side `Table` output: what `kubectl get` asks for and prints, with
//! the columns a cluster gives each built-in kind (`-o wide` shows the
//! columns of priority 1 too).

use super::kinds::ResourceKind;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

/// Whether the client asked for a `Table` (kubectl sends
/// `application/json;as=Table;v=v1;g=meta.k8s.io,...`).
pub(super) fn wanted(accept: &str) -> bool {
    accept.split(',').any(|media| {
        let params: Vec<&str> = media.split(';').map(str::trim).collect();
        params.contains(&"as=Table") && params.contains(&"g=meta.k8s.io")
    })
}

/// One column: its definition and how a cell is read off an object.
struct Column {
    name: &'static str,
    ty: &'static str,
    format: &'static str,
    priority: u8,
    cell: fn(&Value) -> Value,
}

const fn column(name: &'static str, priority: u8, cell: fn(&Value) -> Value) -> Column {
    Column {
        name,
        ty: "string",
        format: "",
        priority,
        cell,
    }
}

const fn count(name: &'static str, priority: u8, cell: fn(&Value) -> Value) -> Column {
    Column {
        name,
        ty: "integer",
        format: "",
        priority,
        cell,
    }
}

const NAME: Column = Column {
    name: "Name",
    ty: "string",
    format: "name",
    priority: 0,
    cell: |o| o["metadata"]["name"].clone(),
};

const AGE: Column = column("Age", 0, age);

/// The columns a cluster shows for `kind` (name and age for kinds it has
/// no printer for).
fn columns(kind: &ResourceKind) -> Vec<Column> {
    match (kind.group.as_str(), kind.plural.as_str()) {
        ("", "pods") => pod_columns(),
        ("apps", "deployments") => deployment_columns(),
        ("apps", "replicasets") => replica_set_columns(),
        ("apps", "statefulsets") => stateful_set_columns(),
        ("", "nodes") => node_columns(),
        ("", "services") => service_columns(),
        ("", "namespaces") => namespace_columns(),
        ("", "events") => event_columns(),
        _ => vec![NAME, AGE],
    }
}

fn pod_columns() -> Vec<Column> {
    vec![
        NAME,
        column("Ready", 0, |o| json!(pod_ready(o))),
        column("Status", 0, |o| json!(pod_status(o))),
        count("Restarts", 0, |o| json!(restarts(o))),
        AGE,
        column("IP", 1, |o| or_none(&o["status"]["podIP"])),
        column("Node", 1, |o| or_none(&o["spec"]["nodeName"])),
        column("Nominated Node", 1, |o| {
            or_none(&o["status"]["nominatedNodeName"])
        }),
        column("Readiness Gates", 1, |_| json!("<none>")),
    ]
}

fn deployment_columns() -> Vec<Column> {
    vec![
        NAME,
        column("Ready", 0, |o| {
            json!(format!(
                "{}/{}",
                int(&o["status"]["readyReplicas"]),
                int(&o["spec"]["replicas"])
            ))
        }),
        count("Up-to-date", 0, |o| {
            json!(int(&o["status"]["updatedReplicas"]))
        }),
        count("Available", 0, |o| {
            json!(int(&o["status"]["availableReplicas"]))
        }),
        AGE,
        column("Containers", 1, |o| json!(containers(o, "name"))),
        column("Images", 1, |o| json!(containers(o, "image"))),
        column("Selector", 1, |o| {
            json!(selector(&o["spec"]["selector"]["matchLabels"]))
        }),
    ]
}

fn replica_set_columns() -> Vec<Column> {
    vec![
        NAME,
        count("Desired", 0, |o| json!(int(&o["spec"]["replicas"]))),
        count("Current", 0, |o| json!(int(&o["status"]["replicas"]))),
        count("Ready", 0, |o| json!(int(&o["status"]["readyReplicas"]))),
        AGE,
        column("Containers", 1, |o| json!(containers(o, "name"))),
        column("Images", 1, |o| json!(containers(o, "image"))),
        column("Selector", 1, |o| {
            json!(selector(&o["spec"]["selector"]["matchLabels"]))
        }),
    ]
}

fn stateful_set_columns() -> Vec<Column> {
    vec![
        NAME,
        column("Ready", 0, |o| {
            json!(format!(
                "{}/{}",
                int(&o["status"]["readyReplicas"]),
                int(&o["spec"]["replicas"])
            ))
        }),
        AGE,
        column("Containers", 1, |o| json!(containers(o, "name"))),
        column("Images", 1, |o| json!(containers(o, "image"))),
    ]
}

fn node_columns() -> Vec<Column> {
    vec![
        NAME,
        column("Status", 0, |o| json!(node_status(o))),
        column("Roles", 0, |o| json!(node_roles(o))),
        AGE,
        column("Version", 0, |o| {
            json!(o["status"]["nodeInfo"]["kubeletVersion"]
                .as_str()
                .unwrap_or(""))
        }),
        column("Internal-IP", 1, |o| json!(node_address(o, "InternalIP"))),
        column("External-IP", 1, |o| json!(node_address(o, "ExternalIP"))),
        column("OS-Image", 1, |o| {
            or_unknown(&o["status"]["nodeInfo"]["osImage"])
        }),
        column("Kernel-Version", 1, |o| {
            or_unknown(&o["status"]["nodeInfo"]["kernelVersion"])
        }),
        column("Container-Runtime", 1, |o| {
            or_unknown(&o["status"]["nodeInfo"]["containerRuntimeVersion"])
        }),
    ]
}

fn service_columns() -> Vec<Column> {
    vec![
        NAME,
        column("Type", 0, |o| {
            json!(o["spec"]["type"].as_str().unwrap_or("ClusterIP"))
        }),
        column("Cluster-IP", 0, |o| or_none(&o["spec"]["clusterIP"])),
        column("External-IP", 0, |_| json!("<none>")),
        column("Port(s)", 0, |o| json!(service_ports(o))),
        AGE,
        column("Selector", 1, |o| json!(selector(&o["spec"]["selector"]))),
    ]
}

fn namespace_columns() -> Vec<Column> {
    vec![
        NAME,
        column("Status", 0, |o| {
            json!(o["status"]["phase"].as_str().unwrap_or("Active"))
        }),
        AGE,
    ]
}

fn event_columns() -> Vec<Column> {
    vec![
        column("Last Seen", 0, |o| since(event_time(o))),
        column("Type", 0, |o| o["type"].clone()),
        column("Reason", 0, |o| o["reason"].clone()),
        column("Object", 0, |o| {
            let of = &o["involvedObject"];
            json!(format!(
                "{}/{}",
                of["kind"].as_str().unwrap_or("").to_lowercase(),
                of["name"].as_str().unwrap_or("")
            ))
        }),
        column("Message", 0, |o| o["message"].clone()),
    ]
}

/// `body` (an object or a list) as a `Table`; each row carries the object's
/// metadata, or the whole object when `include_object` is `Object`.
pub(super) fn render(kind: &ResourceKind, body: &Value, include_object: &str) -> Value {
    let columns = columns(kind);
    let items: Vec<&Value> = match body["items"].as_array() {
        Some(items) => items.iter().collect(),
        None => vec![body],
    };
    let rows: Vec<Value> = items
        .into_iter()
        .map(|object| {
            let cells: Vec<Value> = columns.iter().map(|c| (c.cell)(object)).collect();
            let shown = match include_object {
                "Object" => object.clone(),
                "None" => Value::Null,
                _ => json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                            "metadata": object["metadata"]}),
            };
            json!({"cells": cells, "object": shown})
        })
        .collect();
    let definitions: Vec<Value> = columns
        .iter()
        .map(|c| {
            json!({"name": c.name, "type": c.ty, "format": c.format,
                   "description": format!("{} of the {}", c.name, kind.kind), "priority": c.priority})
        })
        .collect();
    let mut metadata = json!({"resourceVersion": body["metadata"]["resourceVersion"]});
    if let Some(token) = body["metadata"]["continue"].as_str() {
        metadata["continue"] = json!(token);
    }
    json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": metadata,
           "columnDefinitions": definitions, "rows": rows})
}

fn int(value: &Value) -> i64 {
    value.as_i64().unwrap_or(0)
}

fn or_none(value: &Value) -> Value {
    json!(value.as_str().filter(|s| !s.is_empty()).unwrap_or("<none>"))
}

fn or_unknown(value: &Value) -> Value {
    json!(value
        .as_str()
        .filter(|s| !s.is_empty())
        .unwrap_or("<unknown>"))
}

fn pod_ready(pod: &Value) -> String {
    let total = pod["spec"]["containers"].as_array().map_or(0, Vec::len);
    let ready = pod["status"]["containerStatuses"]
        .as_array()
        .map_or(0, |s| s.iter().filter(|c| c["ready"] == true).count());
    format!("{ready}/{total}")
}

fn pod_status(pod: &Value) -> String {
    if pod["metadata"]["deletionTimestamp"].is_string() {
        return "Terminating".into();
    }
    let waiting = pod["status"]["containerStatuses"].as_array().and_then(|s| {
        s.iter()
            .find_map(|c| c["state"]["waiting"]["reason"].as_str())
    });
    waiting
        .or_else(|| pod["status"]["reason"].as_str())
        .or_else(|| pod["status"]["phase"].as_str())
        .unwrap_or("Unknown")
        .to_string()
}

fn restarts(pod: &Value) -> i64 {
    pod["status"]["containerStatuses"]
        .as_array()
        .map_or(0, |s| s.iter().map(|c| int(&c["restartCount"])).sum())
}

fn containers(workload: &Value, field: &str) -> String {
    workload["spec"]["template"]["spec"]["containers"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c[field].as_str())
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

fn selector(labels: &Value) -> String {
    match labels.as_object() {
        Some(map) if !map.is_empty() => map
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
            .collect::<Vec<_>>()
            .join(","),
        _ => "<none>".into(),
    }
}

fn node_status(node: &Value) -> String {
    let ready = node["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"))
        .map(|c| c["status"] == "True");
    let mut status = match ready {
        Some(true) => "Ready".to_string(),
        Some(false) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if node["spec"]["unschedulable"] == true {
        status.push_str(",SchedulingDisabled");
    }
    status
}

fn node_roles(node: &Value) -> String {
    let roles: Vec<&str> = node["metadata"]["labels"]
        .as_object()
        .map(|labels| {
            labels
                .keys()
                .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                .collect()
        })
        .unwrap_or_default();
    if roles.is_empty() {
        "<none>".into()
    } else {
        roles.join(",")
    }
}

fn node_address(node: &Value, kind: &str) -> String {
    node["status"]["addresses"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["type"] == kind))
        .and_then(|a| a["address"].as_str())
        .unwrap_or("<none>")
        .to_string()
}

fn service_ports(service: &Value) -> String {
    match service["spec"]["ports"].as_array() {
        Some(ports) if !ports.is_empty() => ports
            .iter()
            .map(|p| {
                format!(
                    "{}/{}",
                    int(&p["port"]),
                    p["protocol"].as_str().unwrap_or("TCP")
                )
            })
            .collect::<Vec<_>>()
            .join(","),
        _ => "<none>".into(),
    }
}

fn event_time(event: &Value) -> Option<&str> {
    ["lastTimestamp", "eventTime", "firstTimestamp"]
        .iter()
        .find_map(|k| event[*k].as_str())
        .or_else(|| event["metadata"]["creationTimestamp"].as_str())
}

fn age(object: &Value) -> Value {
    since(object["metadata"]["creationTimestamp"].as_str())
}

/// Time since `at` as kubectl abbreviates it (`45s`, `3m12s`, `5h`, `2d3h`).
fn since(at: Option<&str>) -> Value {
    let Some(at) = at.and_then(|t| DateTime::parse_from_rfc3339(t).ok()) else {
        return json!("<unknown>");
    };
    json!(human_duration(
        (Utc::now() - at.with_timezone(&Utc)).num_seconds().max(0)
    ))
}

fn human_duration(seconds: i64) -> String {
    let (minutes, hours, days) = (seconds / 60, seconds / 3600, seconds / 86_400);
    match seconds {
        s if s < 120 => format!("{s}s"),
        _ if minutes < 10 && seconds % 60 != 0 => format!("{minutes}m{}s", seconds % 60),
        _ if minutes < 180 => format!("{minutes}m"),
        _ if hours < 8 && minutes % 60 != 0 => format!("{hours}h{}m", minutes % 60),
        _ if hours < 48 => format!("{hours}h"),
        _ if hours < 24 * 8 && hours % 24 != 0 => format!("{days}d{}h", hours % 24),
        _ if days < 365 * 2 => format!("{days}d"),
        _ => format!("{}y", days / 365),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_kubectl_prints_them() {
        for (seconds, shown) in [
            (5, "5s"),
            (119, "119s"),
            (192, "3m12s"),
            (600, "10m"),
            (3 * 3600 + 60, "3h1m"),
            (30 * 3600, "30h"),
            (2 * 86_400 + 3 * 3600, "2d3h"),
            (40 * 86_400, "40d"),
        ] {
            assert_eq!(human_duration(seconds), shown);
        }
    }

    #[test]
    fn a_table_is_asked_for_with_its_group() {
        assert!(wanted(
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
        ));
        assert!(!wanted("application/json"));
        assert!(!wanted(
            "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io"
        ));
    }
}
