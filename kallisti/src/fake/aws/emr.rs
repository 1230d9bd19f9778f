//! EMR (JSON 1.1): a cluster's instance fleets, which stand in for its
//! instance groups and instances too.

use super::wire::{dispatch, Call, Operation, Reply};
use super::State;
use serde_json::{json, Value};

/// An EMR instance fleet of the fake.
#[derive(Debug, Clone)]
pub struct FakeFleet {
    pub(crate) cluster: String,
    pub(crate) id: String,
    pub(crate) on_demand: i64,
    pub(crate) spot: i64,
    /// The shrink policy last set on it as an instance group, as sent.
    pub(crate) shrink_policy: Option<Value>,
}

impl FakeFleet {
    /// A core fleet of `cluster` with these target capacities.
    pub fn new(cluster: &str, id: &str, on_demand: i64, spot: i64) -> Self {
        FakeFleet {
            cluster: cluster.into(),
            id: id.into(),
            on_demand,
            spot,
            shrink_policy: None,
        }
    }
}

fn fleet_json(f: &FakeFleet) -> Value {
    json!({
        "Id": f.id, "Name": "core", "InstanceFleetType": "CORE",
        "Status": {"State": "RUNNING"},
        "TargetOnDemandCapacity": f.on_demand, "TargetSpotCapacity": f.spot,
        "ProvisionedOnDemandCapacity": f.on_demand, "ProvisionedSpotCapacity": f.spot,
    })
}

const OPERATIONS: &[Operation] = &[
    ("ListInstanceFleets", list_instance_fleets),
    ("ModifyInstanceFleet", modify_instance_fleet),
    ("DescribeCluster", describe_cluster),
    ("ModifyCluster", |_, c| {
        Reply::json(json!({"StepConcurrencyLevel": c.json["StepConcurrencyLevel"]}))
    }),
    ("ListInstanceGroups", list_instance_groups),
    ("ModifyInstanceGroups", modify_instance_groups),
    ("ListInstances", list_instances),
];

/// EMR's instance fleets (JSON 1.1), which moto lacks.
pub(super) fn emr(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_id(call);
    if !state.fleets.iter().any(|f| f.cluster == cluster) {
        return Reply::json_error(
            400,
            "InvalidRequestException",
            &format!("Cluster id '{cluster}' is not valid."),
        );
    }
    dispatch(OPERATIONS, &call.operation, state, call, |op| {
        Reply::json_error(
            400,
            "UnknownOperationException",
            &format!("Unknown operation {op}"),
        )
    })
}

fn cluster_id(call: &Call) -> &str {
    call.json["ClusterId"].as_str().unwrap_or_default()
}

fn list_instance_fleets(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_id(call);
    Reply::json(
        json!({"InstanceFleets": state.fleets.iter().filter(|f| f.cluster == cluster).map(fleet_json).collect::<Vec<_>>()}),
    )
}

/// Fleet `id` of `cluster`, or EMR's refusal naming it as `what`.
fn fleet_mut<'a>(
    state: &'a mut State,
    cluster: &str,
    id: &str,
    what: &str,
) -> Result<&'a mut FakeFleet, Reply> {
    state
        .fleets
        .iter_mut()
        .find(|f| f.cluster == cluster && f.id == id)
        .ok_or_else(|| {
            Reply::json_error(
                400,
                "InvalidRequestException",
                &format!("{what} '{id}' is not valid."),
            )
        })
}

fn modify_instance_fleet(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_id(call);
    let change = &call.json["InstanceFleet"];
    let id = change["InstanceFleetId"].as_str().unwrap_or_default();
    let f = match fleet_mut(state, cluster, id, "Instance fleet") {
        Ok(f) => f,
        Err(refused) => return refused,
    };
    if let Some(n) = change["TargetOnDemandCapacity"].as_i64() {
        f.on_demand = n;
    }
    if let Some(n) = change["TargetSpotCapacity"].as_i64() {
        f.spot = n;
    }
    Reply::json(json!({}))
}

fn describe_cluster(_: &mut State, call: &Call) -> Reply {
    let cluster = cluster_id(call);
    Reply::json(json!({"Cluster": {
        "Id": cluster, "Name": cluster, "Status": {"State": "WAITING"},
        "StepConcurrencyLevel": 1, "InstanceCollectionType": "INSTANCE_FLEET",
        "ReleaseLabel": "emr-7.2.0",
    }}))
}

/// Each fleet doubles as an instance group of the same id.
fn list_instance_groups(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_id(call);
    Reply::json(json!({"InstanceGroups": state.fleets.iter()
        .filter(|f| f.cluster == cluster)
        .map(|f| {
            let mut group = json!({"Id": f.id, "InstanceGroupType": "CORE", "Market": "ON_DEMAND",
                "RequestedInstanceCount": f.on_demand, "RunningInstanceCount": f.on_demand,
                "Status": {"State": "RUNNING"}});
            if let Some(policy) = &f.shrink_policy {
                group["ShrinkPolicy"] = policy.clone();
            }
            group
        })
        .collect::<Vec<_>>()}))
}

/// Sizes and shrink policies of instance groups (the fleets, by id).
fn modify_instance_groups(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_id(call);
    for change in call.json["InstanceGroups"].as_array().into_iter().flatten() {
        let id = change["InstanceGroupId"].as_str().unwrap_or_default();
        let f = match fleet_mut(state, cluster, id, "Instance group id") {
            Ok(f) => f,
            Err(refused) => return refused,
        };
        if let Some(n) = change["InstanceCount"].as_i64() {
            f.on_demand = n;
        }
        if !change["ShrinkPolicy"].is_null() {
            f.shrink_policy = Some(change["ShrinkPolicy"].clone());
        }
    }
    Reply::json(json!({}))
}

/// One instance per unit of a fleet's capacity, on-demand ones first.
fn list_instances(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_id(call);
    let fleet = call.json["InstanceFleetId"].as_str();
    let instances: Vec<Value> = state
        .fleets
        .iter()
        .filter(|f| f.cluster == cluster && (fleet.is_none() || fleet == Some(f.id.as_str())))
        .flat_map(|f| {
            (0..f.on_demand + f.spot).map(move |i| {
                json!({
                    "Id": format!("ci-{}-{i}", f.id), "Ec2InstanceId": format!("i-{}{i}", f.id),
                    "Status": {"State": "RUNNING"}, "InstanceFleetId": f.id,
                    "Market": if i < f.on_demand { "ON_DEMAND" } else { "SPOT" },
                })
            })
        })
        .collect();
    Reply::json(json!({"Instances": instances}))
}
