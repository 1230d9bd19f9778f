//! ECS (JSON 1.1): clusters, services, tasks and container instances.

use super::wire::{dispatch, Call, Operation, Reply};
use super::{State, ACCOUNT};
use serde_json::{json, Value};

/// An ECS task of the fake.
#[derive(Debug, Clone)]
pub struct FakeTask {
    pub(crate) arn: String,
    pub(crate) cluster: String,
    pub(crate) service: Option<String>,
    pub(crate) desired_status: String,
    pub(crate) stopped_reason: Option<String>,
}

impl FakeTask {
    /// A running task of `cluster` (started by `service`, when given).
    pub fn new(cluster: &str, service: Option<&str>) -> Self {
        FakeTask {
            arn: format!(
                "arn:aws:ecs:us-east-1:{ACCOUNT}:task/{cluster}/{:032x}",
                fastrand::u128(..)
            ),
            cluster: cluster.into(),
            service: service.map(str::to_string),
            desired_status: "RUNNING".into(),
            stopped_reason: None,
        }
    }
}

/// An ECS service of the fake.
#[derive(Debug, Clone)]
pub(crate) struct FakeService {
    pub(crate) cluster: String,
    pub(crate) name: String,
    pub(crate) desired: i32,
    maximum_percent: i32,
    minimum_healthy_percent: i32,
    deleted: bool,
}

impl FakeService {
    pub(crate) fn new(cluster: &str, name: &str, desired: i32) -> Self {
        FakeService {
            cluster: cluster.into(),
            name: name.into(),
            desired,
            maximum_percent: 200,
            minimum_healthy_percent: 100,
            deleted: false,
        }
    }
}

fn task_json(t: &FakeTask) -> Value {
    let status = if t.desired_status == "RUNNING" {
        "RUNNING"
    } else {
        "STOPPED"
    };
    json!({
        "taskArn": t.arn,
        "clusterArn": format!("arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/{}", t.cluster),
        "group": t.service.as_ref().map(|s| format!("service:{s}")),
        "lastStatus": status,
        "desiredStatus": t.desired_status,
        "stoppedReason": t.stopped_reason,
        "createdAt": 1_700_000_000.0,
    })
}

fn service_json(state: &State, s: &FakeService) -> Value {
    let running = state
        .tasks
        .iter()
        .filter(|t| {
            t.cluster == s.cluster
                && t.service.as_deref() == Some(&s.name)
                && t.desired_status == "RUNNING"
        })
        .count();
    json!({
        "serviceArn": format!("arn:aws:ecs:us-east-1:{ACCOUNT}:service/{}/{}", s.cluster, s.name),
        "serviceName": s.name,
        "status": if s.deleted { "INACTIVE" } else { "ACTIVE" },
        "desiredCount": s.desired,
        "runningCount": running,
        "pendingCount": 0,
        "deploymentConfiguration": {"maximumPercent": s.maximum_percent, "minimumHealthyPercent": s.minimum_healthy_percent},
        "deployments": [{"id": "ecs-svc/1", "status": "PRIMARY", "desiredCount": s.desired, "runningCount": running}],
    })
}

fn clusters(state: &State) -> Vec<String> {
    let mut names: Vec<String> = state.services.iter().map(|s| s.cluster.clone()).collect();
    names.extend(state.tasks.iter().map(|t| t.cluster.clone()));
    names.sort();
    names.dedup();
    names
}

fn short(name_or_arn: &str) -> &str {
    name_or_arn.rsplit('/').next().unwrap_or(name_or_arn)
}

const OPERATIONS: &[Operation] = &[
    ("ListTasks", list_tasks),
    ("DescribeTasks", describe_tasks),
    ("StopTask", stop_task),
    ("DescribeClusters", describe_clusters),
    ("DescribeServices", describe_services),
    ("ListServices", list_services),
    ("UpdateService", |s, c| change_service(s, c, false)),
    ("DeleteService", |s, c| change_service(s, c, true)),
    ("DeleteCluster", delete_cluster),
    ("TagResource", |_, _| Reply::json(json!({}))),
    ("UntagResource", |_, _| Reply::json(json!({}))),
    ("DescribeContainerInstances", container_instances),
    ("DeregisterContainerInstance", deregister_container_instance),
    ("UpdateContainerInstancesState", container_instances),
];

/// The operations that answer for a cluster the fake does not know.
const CLUSTERLESS: [&str; 3] = ["DescribeClusters", "TagResource", "UntagResource"];

pub(super) fn ecs(state: &mut State, call: &Call) -> Reply {
    let op = call.operation.as_str();
    if !CLUSTERLESS.contains(&op) && !clusters(state).contains(&cluster_name(call)) {
        return Reply::json_error(400, "ClusterNotFoundException", "Cluster not found.");
    }
    dispatch(OPERATIONS, op, state, call, |op| {
        Reply::json_error(
            400,
            "UnknownOperationException",
            &format!("Unknown operation {op}"),
        )
    })
}

/// The cluster a request names (`default` when it names none).
fn cluster_name(call: &Call) -> String {
    short(call.json["cluster"].as_str().unwrap_or("default")).to_string()
}

/// A JSON array of strings in the body, as `&str`s.
fn strings<'a>(body: &'a Value, field: &str) -> Vec<&'a str> {
    body[field]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn list_tasks(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_name(call);
    let service = call.json["serviceName"].as_str();
    let arns: Vec<&String> = state
        .tasks
        .iter()
        .filter(|t| t.cluster == cluster && t.desired_status == "RUNNING")
        .filter(|t| service.is_none() || t.service.as_deref() == service)
        .map(|t| &t.arn)
        .collect();
    Reply::json(json!({"taskArns": arns}))
}

fn describe_tasks(state: &mut State, call: &Call) -> Reply {
    let wanted = strings(&call.json, "tasks");
    let tasks: Vec<Value> = state
        .tasks
        .iter()
        .filter(|t| wanted.contains(&t.arn.as_str()))
        .map(task_json)
        .collect();
    Reply::json(json!({"tasks": tasks, "failures": []}))
}

fn stop_task(state: &mut State, call: &Call) -> Reply {
    let arn = call.json["task"].as_str().unwrap_or_default();
    let Some(task) = state
        .tasks
        .iter_mut()
        .find(|t| t.arn == arn || t.arn.ends_with(&format!("/{arn}")))
    else {
        return Reply::json_error(
            400,
            "InvalidParameterException",
            "The referenced task was not found.",
        );
    };
    task.desired_status = "STOPPED".into();
    task.stopped_reason = call.json["reason"].as_str().map(str::to_string);
    Reply::json(json!({"task": task_json(task)}))
}

fn describe_clusters(state: &mut State, call: &Call) -> Reply {
    let names: Vec<String> = strings(&call.json, "clusters")
        .into_iter()
        .map(|c| short(c).to_string())
        .collect();
    let all = clusters(state);
    let (found, missing): (Vec<String>, Vec<String>) =
        names.into_iter().partition(|n| all.contains(n));
    Reply::json(json!({
        "clusters": found.iter().map(|c| json!({
            "clusterArn": format!("arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/{c}"),
            "clusterName": c, "status": "ACTIVE",
            "runningTasksCount": state.tasks.iter().filter(|t| &t.cluster == c && t.desired_status == "RUNNING").count(),
        })).collect::<Vec<_>>(),
        "failures": missing.iter().map(|c| json!({"arn": format!("arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/{c}"), "reason": "MISSING"})).collect::<Vec<_>>(),
    }))
}

fn describe_services(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_name(call);
    let names: Vec<&str> = strings(&call.json, "services")
        .into_iter()
        .map(short)
        .collect();
    let live = |s: &FakeService, name: &str| s.cluster == cluster && s.name == name && !s.deleted;
    let found: Vec<Value> = state
        .services
        .iter()
        .filter(|s| names.iter().any(|n| live(s, n)))
        .map(|s| service_json(state, s))
        .collect();
    let failures: Vec<Value> = names
        .iter()
        .filter(|n| !state.services.iter().any(|s| live(s, n)))
        .map(|n| json!({"arn": n, "reason": "MISSING"}))
        .collect();
    Reply::json(json!({"services": found, "failures": failures}))
}

fn list_services(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_name(call);
    let arns: Vec<String> = state
        .services
        .iter()
        .filter(|s| s.cluster == cluster && !s.deleted)
        .map(|s| {
            format!(
                "arn:aws:ecs:us-east-1:{ACCOUNT}:service/{}/{}",
                s.cluster, s.name
            )
        })
        .collect();
    Reply::json(json!({"serviceArns": arns}))
}

/// `UpdateService`, or `DeleteService` (`delete`), which ECS refuses for a
/// service still scaled up unless forced.
fn change_service(state: &mut State, call: &Call, delete: bool) -> Reply {
    let body = &call.json;
    let cluster = cluster_name(call);
    let name = short(body["service"].as_str().unwrap_or_default()).to_string();
    let Some(at) = state
        .services
        .iter()
        .position(|s| s.cluster == cluster && s.name == name && !s.deleted)
    else {
        return Reply::json_error(400, "ServiceNotFoundException", "Service not found.");
    };
    let s = &mut state.services[at];
    if delete {
        if s.desired > 0 && body["force"] != json!(true) {
            return Reply::json_error(
                400,
                "InvalidParameterException",
                "The service cannot be stopped while it is scaled above 0.",
            );
        }
        s.deleted = true;
    }
    if let Some(n) = body["desiredCount"].as_i64() {
        s.desired = n as i32;
    }
    if let Some(d) = body.get("deploymentConfiguration") {
        s.maximum_percent = d["maximumPercent"].as_i64().unwrap_or(200) as i32;
        s.minimum_healthy_percent = d["minimumHealthyPercent"].as_i64().unwrap_or(100) as i32;
    }
    let s = state.services[at].clone();
    Reply::json(json!({"service": service_json(state, &s)}))
}

fn delete_cluster(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_name(call);
    if state
        .services
        .iter()
        .any(|s| s.cluster == cluster && !s.deleted)
    {
        return Reply::json_error(
            400,
            "ClusterContainsServicesException",
            "The Cluster cannot be deleted while Services are active.",
        );
    }
    if state
        .tasks
        .iter()
        .any(|t| t.cluster == cluster && t.desired_status == "RUNNING")
    {
        return Reply::json_error(
            400,
            "ClusterContainsTasksException",
            "The Cluster cannot be deleted while Tasks are active.",
        );
    }
    state.tasks.retain(|t| t.cluster != cluster);
    state.services.retain(|s| s.cluster != cluster);
    Reply::json(json!({"cluster": {"clusterName": cluster, "status": "INACTIVE"}}))
}

/// A container instance's ARN in `cluster`.
fn container_instance_arn(cluster: &str, id: &str) -> String {
    format!("arn:aws:ecs:us-east-1:{ACCOUNT}:container-instance/{cluster}/{id}")
}

/// The container instances a request names (by id or ARN), as JSON after
/// setting the `status` it gives, and the ids it names.
fn named_container_instances(state: &mut State, call: &Call) -> (Vec<Value>, Vec<String>) {
    let cluster = cluster_name(call);
    let body = &call.json;
    let wanted: Vec<String> = body["containerInstances"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(body.get("containerInstance"))
        .filter_map(Value::as_str)
        .map(|c| c.rsplit('/').next().unwrap_or(c).to_string())
        .collect();
    let found: Vec<Value> = state
        .container_instances
        .iter_mut()
        .filter(|c| c.0 == cluster && wanted.contains(&c.1))
        .map(|c| {
            if let Some(status) = body["status"].as_str() {
                c.2 = status.to_string();
            }
            json!({"containerInstanceArn": container_instance_arn(&c.0, &c.1),
                   "ec2InstanceId": format!("i-{}", c.1), "status": c.2, "runningTasksCount": 0})
        })
        .collect();
    (found, wanted)
}

/// Describes container instances, or sets them `DRAINING`/`ACTIVE`.
fn container_instances(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_name(call);
    let (found, wanted) = named_container_instances(state, call);
    let missing: Vec<Value> = wanted
        .iter()
        .filter(|w| {
            !state
                .container_instances
                .iter()
                .any(|c| c.0 == cluster && &c.1 == *w)
        })
        .map(|w| json!({"arn": container_instance_arn(&cluster, w), "reason": "MISSING"}))
        .collect();
    Reply::json(json!({"containerInstances": found, "failures": missing}))
}

fn deregister_container_instance(state: &mut State, call: &Call) -> Reply {
    let cluster = cluster_name(call);
    let (found, wanted) = named_container_instances(state, call);
    let Some(first) = found.into_iter().next() else {
        return Reply::json_error(
            400,
            "InvalidParameterException",
            "The referenced container instance was not found.",
        );
    };
    state
        .container_instances
        .retain(|c| !(c.0 == cluster && wanted.contains(&c.1)));
    Reply::json(json!({"containerInstance": first}))
}
