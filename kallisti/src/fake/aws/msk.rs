//! MSK, managed Kafka (REST-JSON): clusters, their brokers and reboots.

use super::wire::{Call, Reply};
use super::{State, ACCOUNT};
use serde_json::{json, Value};

/// An MSK cluster of the fake, with `brokers` brokers.
#[derive(Debug, Clone)]
pub struct FakeKafkaCluster {
    pub(crate) name: String,
    brokers: usize,
    pub(crate) state: String,
    pub(crate) reboots: Vec<Vec<String>>,
}

impl FakeKafkaCluster {
    /// An active cluster.
    pub fn new(name: &str, brokers: usize) -> Self {
        FakeKafkaCluster {
            name: name.into(),
            brokers,
            state: "ACTIVE".into(),
            reboots: Vec::new(),
        }
    }

    /// Its ARN.
    pub fn arn(&self) -> String {
        format!(
            "arn:aws:kafka:us-east-1:{ACCOUNT}:cluster/{}/6b0b8a1c-kallisti",
            self.name
        )
    }
}

/// An operation on one cluster, found by the ARN in the path.
type ClusterOperation = (&'static str, fn(&mut FakeKafkaCluster, &Call) -> Reply);

const OPERATIONS: &[ClusterOperation] = &[
    ("DescribeCluster", describe_cluster),
    ("GetBootstrapBrokers", bootstrap_brokers),
    ("RebootBroker", reboot_broker),
    ("DeleteCluster", delete_cluster),
];

/// The operation a REST route under `/v1/clusters/{arn}` names.
fn operation(call: &Call, tail: &[&str]) -> &'static str {
    match (call.operation.split(' ').next().unwrap_or_default(), tail) {
        ("GET", []) => "DescribeCluster",
        ("GET", ["bootstrap-brokers"]) => "GetBootstrapBrokers",
        ("PUT", ["reboot-broker"]) => "RebootBroker",
        ("DELETE", []) => "DeleteCluster",
        _ => "Unknown",
    }
}

pub(super) fn msk(state: &mut State, call: &Call) -> Reply {
    let p: Vec<&str> = call.path.iter().map(String::as_str).collect();
    let unknown = || Reply::rest_error(404, "UnknownOperationException", &call.operation);
    let ["v1", "clusters", arn, tail @ ..] = p.as_slice() else {
        return unknown();
    };
    let Some(c) = state.kafka_clusters.iter_mut().find(|c| c.arn() == *arn) else {
        return Reply::rest_error(
            404,
            "NotFoundException",
            &format!("Cluster {arn} was not found"),
        );
    };
    let op = operation(call, tail);
    match OPERATIONS.iter().find(|(name, _)| *name == op) {
        Some((_, answer)) => answer(c, call),
        None => unknown(),
    }
}

fn describe_cluster(c: &mut FakeKafkaCluster, _: &Call) -> Reply {
    Reply::rest(
        200,
        json!({"clusterInfo": {
            "clusterArn": c.arn(),
            "clusterName": c.name,
            "state": c.state,
            "currentVersion": "K3AEGXETSR30VB",
            "numberOfBrokerNodes": c.brokers,
            "currentBrokerSoftwareInfo": {"kafkaVersion": "3.6.0"},
        }}),
    )
}

fn bootstrap_brokers(c: &mut FakeKafkaCluster, _: &Call) -> Reply {
    let plain: Vec<String> = (1..=c.brokers)
        .map(|b| format!("b-{b}.{}.kafka.us-east-1.amazonaws.com:9092", c.name))
        .collect();
    let tls: Vec<String> = (1..=c.brokers)
        .map(|b| format!("b-{b}.{}.kafka.us-east-1.amazonaws.com:9094", c.name))
        .collect();
    Reply::rest(
        200,
        json!({"bootstrapBrokerString": plain.join(","), "bootstrapBrokerStringTls": tls.join(",")}),
    )
}

/// Records which brokers were rebooted (ids count from 1).
fn reboot_broker(c: &mut FakeKafkaCluster, call: &Call) -> Reply {
    let ids: Vec<String> = call.json["brokerIds"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    if ids.iter().any(|id| {
        id.parse::<usize>()
            .map_or(true, |n| n == 0 || n > c.brokers)
    }) {
        return Reply::rest_error(
            400,
            "BadRequestException",
            "The broker ID is not valid for this cluster.",
        );
    }
    c.reboots.push(ids);
    Reply::rest(
        200,
        json!({"clusterArn": c.arn(), "clusterOperationArn": format!("{}/operation/1", c.arn())}),
    )
}

fn delete_cluster(c: &mut FakeKafkaCluster, _: &Call) -> Reply {
    c.state = "DELETING".into();
    Reply::rest(200, json!({"clusterArn": c.arn(), "state": "DELETING"}))
}
