//! EKS clusters (REST-JSON): what `aws.eks` reads and deletes. (The
//! Kubernetes side of an EKS cluster is [`FakeEks`](crate::fake::FakeEks).)

use super::wire::{dispatch, Call, Operation, Reply};
use super::State;
use serde_json::json;

const OPERATIONS: &[Operation] = &[
    ("DescribeCluster", describe_cluster),
    ("ListClusters", list_clusters),
    ("DeleteCluster", delete_cluster),
];

fn operation(call: &Call) -> &'static str {
    let method = call.operation.split(' ').next().unwrap_or_default();
    let path: Vec<&str> = call.path.iter().map(String::as_str).collect();
    match (method, path.as_slice()) {
        ("GET", ["clusters", _]) => "DescribeCluster",
        ("GET", ["clusters"]) => "ListClusters",
        ("DELETE", ["clusters", _]) => "DeleteCluster",
        _ => "Unknown",
    }
}

pub(super) fn eks(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, operation(call), state, call, |_| {
        Reply::rest_error(404, "UnknownOperationException", &call.operation)
    })
}

fn cluster_json(name: &str, status: &str) -> serde_json::Value {
    json!({"name": name, "status": status, "version": "1.31",
           "arn": format!("arn:aws:eks:us-east-1:123456789012:cluster/{name}"),
           "endpoint": format!("https://{name}.eks.kallisti.invalid")})
}

fn named(state: &State, call: &Call) -> Result<String, Reply> {
    let name = call.path.get(1).cloned().unwrap_or_default();
    if state.eks_clusters.contains(&name) {
        Ok(name)
    } else {
        Err(Reply::rest_error(
            404,
            "ResourceNotFoundException",
            &format!("No cluster found for name: {name}."),
        ))
    }
}

fn describe_cluster(state: &mut State, call: &Call) -> Reply {
    match named(state, call) {
        Ok(name) => Reply::rest(200, json!({"cluster": cluster_json(&name, "ACTIVE")})),
        Err(reply) => reply,
    }
}

fn list_clusters(state: &mut State, _: &Call) -> Reply {
    Reply::rest(200, json!({"clusters": state.eks_clusters}))
}

fn delete_cluster(state: &mut State, call: &Call) -> Reply {
    match named(state, call) {
        Ok(name) => {
            state.eks_clusters.retain(|c| c != &name);
            Reply::rest(200, json!({"cluster": cluster_json(&name, "DELETING")}))
        }
        Err(reply) => reply,
    }
}
