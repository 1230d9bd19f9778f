//! EC2 (query protocol, EC2's XML), ECS (JSON 1.1) and Lambda (REST-JSON).

use super::wire::{list, tag, wrap, Call, Reply};
use super::State;
use serde_json::{json, Map, Value};

const ACCOUNT: &str = "123456789012";

/// A volume detached from an instance: (device, volume id, tags).
pub(crate) type Detached = (String, String, Vec<(String, String)>);

/// An EC2 instance of the fake.
#[derive(Debug, Clone)]
pub struct FakeInstance {
    pub(crate) id: String,
    pub(crate) az: String,
    pub(crate) state: String,
    pub(crate) tags: Vec<(String, String)>,
    pub(crate) spot: bool,
    /// (device, volume id), the root first.
    pub(crate) volumes: Vec<(String, String)>,
    /// Volumes detached from it.
    pub(crate) detached: Vec<Detached>,
}

impl FakeInstance {
    /// A running on-demand instance in `az`, with a root volume.
    pub fn new(id: &str, az: &str) -> Self {
        FakeInstance {
            id: id.into(),
            az: az.into(),
            state: "running".into(),
            tags: Vec::new(),
            spot: false,
            volumes: vec![("/dev/xvda".into(), format!("vol-root-{id}"))],
            detached: Vec::new(),
        }
    }

    /// In another state (`stopped`, ...).
    pub fn state(mut self, state: &str) -> Self {
        self.state = state.into();
        self
    }

    /// With a tag.
    pub fn tag(mut self, key: &str, value: &str) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// A spot instance (stopping one cancels its request and terminates it).
    pub fn spot(mut self) -> Self {
        self.spot = true;
        self
    }

    /// With a volume that a chaos step detached from `device`, tagged as
    /// the drivers tag it (`ChaosToolkitDetached`), ready to re-attach.
    pub fn detached_volume(mut self, device: &str, volume_id: &str) -> Self {
        let tag = format!("DeviceName={device};InstanceId={}", self.id);
        self.detached.push((
            device.into(),
            volume_id.into(),
            vec![("ChaosToolkitDetached".into(), tag)],
        ));
        self
    }

    /// With an extra EBS volume at `device`.
    pub fn volume(mut self, device: &str, volume_id: &str) -> Self {
        self.volumes.push((device.into(), volume_id.into()));
        self
    }
}

fn state_code(state: &str) -> i32 {
    match state {
        "pending" => 0,
        "running" => 16,
        "shutting-down" => 32,
        "terminated" => 48,
        "stopping" => 64,
        _ => 80,
    }
}

fn state_xml(name: &str, state: &str) -> String {
    wrap(name, tag("code", state_code(state)) + &tag("name", state))
}

fn tags_xml(tags: &[(String, String)]) -> String {
    list("tagSet", "item", tags, |(k, v)| {
        tag("key", k) + &tag("value", v)
    })
}

fn instance_xml(i: &FakeInstance) -> String {
    let mut x = tag("instanceId", &i.id)
        + &tag("imageId", "ami-0kallisti")
        + &state_xml("instanceState", &i.state)
        + &tag("instanceType", "t3.micro")
        + &wrap("placement", tag("availabilityZone", &i.az))
        + &tag("rootDeviceName", &i.volumes[0].0)
        + &list("blockDeviceMapping", "item", &i.volumes, |(d, v)| {
            tag("deviceName", d) + &wrap("ebs", tag("volumeId", v) + &tag("status", "attached"))
        })
        + &tags_xml(&i.tags);
    if i.spot {
        x += &tag("instanceLifecycle", "spot");
        x += &tag("spotInstanceRequestId", format!("sir-{}", i.id));
    }
    x
}

fn matches(i: &FakeInstance, filters: &[(String, Vec<String>)]) -> bool {
    filters.iter().all(|(name, values)| {
        let actual: Vec<String> = match name.as_str() {
            "availability-zone" => vec![i.az.clone()],
            "instance-state-name" => vec![i.state.clone()],
            "instance-id" => vec![i.id.clone()],
            "tag-key" => i.tags.iter().map(|t| t.0.clone()).collect(),
            n if n.starts_with("tag:") => i
                .tags
                .iter()
                .filter(|t| t.0 == n[4..])
                .map(|t| t.1.clone())
                .collect(),
            _ => return false,
        };
        actual.iter().any(|a| values.contains(a))
    })
}

/// The instances named, or an `InvalidInstanceID.NotFound` error.
fn named<'a>(state: &'a mut State, ids: &[String]) -> Result<Vec<&'a mut FakeInstance>, Reply> {
    if let Some(missing) = ids
        .iter()
        .find(|id| !state.instances.iter().any(|i| &i.id == *id))
    {
        return Err(Reply::ec2_error(
            400,
            "InvalidInstanceID.NotFound",
            &format!("The instance ID '{missing}' does not exist"),
        ));
    }
    Ok(state
        .instances
        .iter_mut()
        .filter(|i| ids.contains(&i.id))
        .collect())
}

fn transition(call: &Call, state: &mut State, element: &str, to: &str, allowed: &[&str]) -> Reply {
    let ids = call.list("InstanceId");
    let instances = match named(state, &ids) {
        Ok(i) => i,
        Err(e) => return e,
    };
    if let Some(bad) = instances
        .iter()
        .find(|i| !allowed.contains(&i.state.as_str()))
    {
        return Reply::ec2_error(
            400,
            "IncorrectInstanceState",
            &format!(
                "The instance '{}' is not in a state from which it can be {to}.",
                bad.id
            ),
        );
    }
    let mut changes = String::new();
    for i in instances {
        let previous = std::mem::replace(&mut i.state, to.to_string());
        // Report the transition as AWS does; settle at once like moto.
        let current = match to {
            "stopped" => "stopping",
            "running" => "pending",
            "terminated" => "shutting-down",
            other => other,
        };
        changes += &wrap(
            "item",
            tag("instanceId", &i.id)
                + &state_xml("currentState", current)
                + &state_xml("previousState", &previous),
        );
    }
    Reply::ec2(&call.operation, wrap(element, changes))
}

pub(super) fn ec2(state: &mut State, call: &Call) -> Reply {
    let op = call.operation.as_str();
    match op {
        "DescribeInstances" => {
            let ids = call.list("InstanceId");
            if !ids.is_empty() {
                if let Err(e) = named(state, &ids) {
                    return e;
                }
            }
            let filters = call.filters("Filter", "Value");
            let found: Vec<&FakeInstance> = state
                .instances
                .iter()
                .filter(|i| ids.is_empty() || ids.contains(&i.id))
                .filter(|i| matches(i, &filters))
                .collect();
            let reservations = if found.is_empty() {
                String::new()
            } else {
                wrap(
                    "item",
                    tag("reservationId", "r-0kallisti")
                        + &tag("ownerId", ACCOUNT)
                        + &list("instancesSet", "item", &found, |i| instance_xml(i)),
                )
            };
            Reply::ec2(op, wrap("reservationSet", reservations))
        }
        "StopInstances" => {
            // Spot instances cannot be stopped.
            let ids = call.list("InstanceId");
            if let Some(spot) = state
                .instances
                .iter()
                .find(|i| ids.contains(&i.id) && i.spot)
            {
                return Reply::ec2_error(
                    400,
                    "UnsupportedOperation",
                    &format!(
                        "The instance '{}' is a spot instance and cannot be stopped.",
                        spot.id
                    ),
                );
            }
            transition(
                call,
                state,
                "instancesSet",
                "stopped",
                &["running", "stopped"],
            )
        }
        "StartInstances" => transition(
            call,
            state,
            "instancesSet",
            "running",
            &["stopped", "running"],
        ),
        "TerminateInstances" => transition(
            call,
            state,
            "instancesSet",
            "terminated",
            &["running", "stopped", "pending", "stopping", "terminated"],
        ),
        "RebootInstances" => match named(state, &call.list("InstanceId")) {
            Ok(_) => Reply::ec2(op, tag("return", "true")),
            Err(e) => e,
        },
        "CancelSpotInstanceRequests" => {
            let ids = call.list("SpotInstanceRequestId");
            Reply::ec2(
                op,
                list("spotInstanceRequestSet", "item", &ids, |id| {
                    tag("spotInstanceRequestId", id) + &tag("state", "cancelled")
                }),
            )
        }
        "CreateTags" | "DeleteTags" => {
            let resources = call.list("ResourceId");
            let tags: Vec<(String, String)> = call
                .structs("Tag")
                .into_iter()
                .map(|t| {
                    (
                        t.get("Key").cloned().unwrap_or_default(),
                        t.get("Value").cloned().unwrap_or_default(),
                    )
                })
                .collect();
            for r in &resources {
                let target = state
                    .instances
                    .iter_mut()
                    .flat_map(|i| {
                        let is_instance = i.id == *r;
                        let detached = i.detached.iter_mut().find(|d| d.1 == *r).map(|d| &mut d.2);
                        if is_instance {
                            Some(&mut i.tags)
                        } else {
                            detached
                        }
                    })
                    .next();
                let Some(target) = target else {
                    if r.starts_with("vol-") {
                        // Tagging an attached volume: remembered when detached.
                        continue;
                    }
                    return Reply::ec2_error(
                        400,
                        "InvalidID",
                        &format!("The ID '{r}' is not valid"),
                    );
                };
                for (k, v) in &tags {
                    target.retain(|t| t.0 != *k);
                    if op == "CreateTags" {
                        target.push((k.clone(), v.clone()));
                    }
                }
            }
            Reply::ec2(op, tag("return", "true"))
        }
        "DetachVolume" => {
            let volume = call.param("VolumeId").unwrap_or_default().to_string();
            let Some(i) = state
                .instances
                .iter_mut()
                .find(|i| i.volumes.iter().any(|v| v.1 == volume))
            else {
                return Reply::ec2_error(
                    400,
                    "IncorrectState",
                    &format!("Volume '{volume}' is not attached"),
                );
            };
            let at = i
                .volumes
                .iter()
                .position(|v| v.1 == volume)
                .unwrap_or_default();
            let (device, volume) = i.volumes.remove(at);
            // The tag kallisti sets before detaching travels with the volume.
            let tags = vec![(
                "ChaosToolkitDetached".to_string(),
                format!("DeviceName={device};InstanceId={}", i.id),
            )];
            let body = tag("volumeId", &volume)
                + &tag("instanceId", &i.id)
                + &tag("device", &device)
                + &tag("status", "detaching");
            i.detached.push((device, volume, tags));
            Reply::ec2(op, body)
        }
        "AttachVolume" => {
            let volume = call.param("VolumeId").unwrap_or_default().to_string();
            let instance = call.param("InstanceId").unwrap_or_default().to_string();
            let device = call.param("Device").unwrap_or_default().to_string();
            let Some(owner) = state
                .instances
                .iter_mut()
                .find(|i| i.detached.iter().any(|d| d.1 == volume))
            else {
                return Reply::ec2_error(
                    400,
                    "InvalidVolume.NotFound",
                    &format!("The volume '{volume}' does not exist."),
                );
            };
            owner.detached.retain(|d| d.1 != volume);
            if let Some(i) = state.instances.iter_mut().find(|i| i.id == instance) {
                i.volumes.push((device.clone(), volume.clone()));
            }
            Reply::ec2(
                op,
                tag("volumeId", &volume)
                    + &tag("instanceId", &instance)
                    + &tag("device", &device)
                    + &tag("status", "attaching"),
            )
        }
        "DescribeVolumes" => {
            let filters = call.filters("Filter", "Value");
            let wants_key = filters
                .iter()
                .find(|f| f.0 == "tag-key")
                .map(|f| f.1.clone());
            let mut items = String::new();
            for i in &state.instances {
                for (_, volume, tags) in &i.detached {
                    if wants_key
                        .as_ref()
                        .is_none_or(|keys| tags.iter().any(|t| keys.contains(&t.0)))
                    {
                        items += &wrap(
                            "item",
                            tag("volumeId", volume) + &tag("status", "available") + &tags_xml(tags),
                        );
                    }
                }
            }
            Reply::ec2(op, wrap("volumeSet", items))
        }
        _ => Reply::ec2_error(
            400,
            "InvalidAction",
            &format!("The action {op} is not valid for this web service."),
        ),
    }
}

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

pub(super) fn ecs(state: &mut State, call: &Call) -> Reply {
    let body = &call.json;
    let cluster = short(body["cluster"].as_str().unwrap_or("default")).to_string();
    let op = call.operation.as_str();
    let known = clusters(state).contains(&cluster);
    if !known && op != "DescribeClusters" && op != "TagResource" && op != "UntagResource" {
        return Reply::json_error(400, "ClusterNotFoundException", "Cluster not found.");
    }
    match op {
        "ListTasks" => {
            let service = body["serviceName"].as_str();
            let arns: Vec<&String> = state
                .tasks
                .iter()
                .filter(|t| t.cluster == cluster && t.desired_status == "RUNNING")
                .filter(|t| service.is_none() || t.service.as_deref() == service)
                .map(|t| &t.arn)
                .collect();
            Reply::json(json!({"taskArns": arns}))
        }
        "DescribeTasks" => {
            let wanted: Vec<&str> = body["tasks"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let tasks: Vec<Value> = state
                .tasks
                .iter()
                .filter(|t| wanted.contains(&t.arn.as_str()))
                .map(task_json)
                .collect();
            Reply::json(json!({"tasks": tasks, "failures": []}))
        }
        "StopTask" => {
            let arn = body["task"].as_str().unwrap_or_default();
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
            task.stopped_reason = body["reason"].as_str().map(str::to_string);
            Reply::json(json!({"task": task_json(task)}))
        }
        "DescribeClusters" => {
            let names: Vec<String> = body["clusters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
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
        "DescribeServices" => {
            let names: Vec<&str> = body["services"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(short)
                .collect();
            let found: Vec<Value> = state
                .services
                .iter()
                .filter(|s| s.cluster == cluster && names.contains(&s.name.as_str()) && !s.deleted)
                .map(|s| service_json(state, s))
                .collect();
            let failures: Vec<Value> = names
                .iter()
                .filter(|n| {
                    !state
                        .services
                        .iter()
                        .any(|s| s.cluster == cluster && s.name == **n && !s.deleted)
                })
                .map(|n| json!({"arn": n, "reason": "MISSING"}))
                .collect();
            Reply::json(json!({"services": found, "failures": failures}))
        }
        "ListServices" => {
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
        "UpdateService" | "DeleteService" => {
            let name = short(body["service"].as_str().unwrap_or_default()).to_string();
            let Some(at) = state
                .services
                .iter()
                .position(|s| s.cluster == cluster && s.name == name && !s.deleted)
            else {
                return Reply::json_error(400, "ServiceNotFoundException", "Service not found.");
            };
            let s = &mut state.services[at];
            if op == "DeleteService" {
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
                s.minimum_healthy_percent =
                    d["minimumHealthyPercent"].as_i64().unwrap_or(100) as i32;
            }
            let s = state.services[at].clone();
            Reply::json(json!({"service": service_json(state, &s)}))
        }
        "DeleteCluster" => {
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
        "TagResource" | "UntagResource" => Reply::json(json!({})),
        "DescribeContainerInstances"
        | "DeregisterContainerInstance"
        | "UpdateContainerInstancesState" => container_instances(state, call, &cluster),
        _ => Reply::json_error(
            400,
            "UnknownOperationException",
            &format!("Unknown operation {op}"),
        ),
    }
}

/// A container instance's ARN in `cluster`.
fn container_instance_arn(cluster: &str, id: &str) -> String {
    format!("arn:aws:ecs:us-east-1:{ACCOUNT}:container-instance/{cluster}/{id}")
}

/// Container instances of a cluster: described by id or ARN, deregistered,
/// or set to `DRAINING`/`ACTIVE`.
fn container_instances(state: &mut State, call: &Call, cluster: &str) -> Reply {
    let body = &call.json;
    let wanted: Vec<String> = body["containerInstances"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(body.get("containerInstance"))
        .filter_map(Value::as_str)
        .map(|c| c.rsplit('/').next().unwrap_or(c).to_string())
        .collect();
    let known = |c: &&mut (String, String, String)| c.0 == cluster && wanted.contains(&c.1);
    let found: Vec<Value> = state
        .container_instances
        .iter_mut()
        .filter(known)
        .map(|c| {
            if let Some(status) = body["status"].as_str() {
                c.2 = status.to_string();
            }
            json!({"containerInstanceArn": container_instance_arn(&c.0, &c.1),
                   "ec2InstanceId": format!("i-{}", c.1), "status": c.2, "runningTasksCount": 0})
        })
        .collect();
    match call.operation.as_str() {
        "DeregisterContainerInstance" if found.is_empty() => Reply::json_error(
            400,
            "InvalidParameterException",
            "The referenced container instance was not found.",
        ),
        "DeregisterContainerInstance" => {
            state
                .container_instances
                .retain(|c| !(c.0 == cluster && wanted.contains(&c.1)));
            Reply::json(json!({"containerInstance": found[0]}))
        }
        _ => {
            let missing: Vec<Value> = wanted
                .iter()
                .filter(|w| {
                    !state
                        .container_instances
                        .iter()
                        .any(|c| c.0 == cluster && &c.1 == *w)
                })
                .map(|w| json!({"arn": container_instance_arn(cluster, w), "reason": "MISSING"}))
                .collect();
            Reply::json(json!({"containerInstances": found, "failures": missing}))
        }
    }
}

/// A Lambda function of the fake. Invoked, it answers `payload`, unless the
/// chaos extension's error variables are set (then their body, as the
/// extension does with probability 1).
#[derive(Debug, Clone)]
pub struct FakeFunction {
    pub(crate) name: String,
    pub(crate) timeout: i32,
    pub(crate) memory: i32,
    pub(crate) environment: Vec<(String, String)>,
    pub(crate) layers: Vec<String>,
    pub(crate) concurrency: Option<i64>,
    /// Event source mappings: (UUID, `Enabled` or `Disabled`).
    pub(crate) mappings: Vec<(String, String)>,
    payload: Value,
}

impl FakeFunction {
    /// A function with a 3 s timeout and 128 MB, answering `{"statusCode": 200}`.
    pub fn new(name: &str) -> Self {
        FakeFunction {
            name: name.into(),
            timeout: 3,
            memory: 128,
            environment: Vec::new(),
            layers: Vec::new(),
            concurrency: None,
            mappings: Vec::new(),
            payload: json!({"statusCode": 200}),
        }
    }

    /// With an environment variable.
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.environment.push((name.into(), value.into()));
        self
    }

    /// With a layer (an ARN).
    pub fn layer(mut self, arn: &str) -> Self {
        self.layers.push(arn.into());
        self
    }

    /// With an enabled event source mapping (a queue feeding it).
    pub fn mapping(mut self, uuid: &str) -> Self {
        self.mappings.push((uuid.into(), "Enabled".into()));
        self
    }

    /// Answering `payload` when invoked.
    pub fn answers(mut self, payload: Value) -> Self {
        self.payload = payload;
        self
    }
}

fn function_json(region: &str, f: &FakeFunction) -> Value {
    let variables: Map<String, Value> = f
        .environment
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    json!({
        "FunctionName": f.name,
        "FunctionArn": format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{}", f.name),
        "Runtime": "python3.12",
        "Handler": "index.handler",
        "Timeout": f.timeout,
        "MemorySize": f.memory,
        "Version": "$LATEST",
        "State": "Active",
        "LastUpdateStatus": "Successful",
        "Layers": f.layers.iter().map(|l| json!({"Arn": l, "CodeSize": 1024})).collect::<Vec<_>>(),
        "Environment": {"Variables": variables},
    })
}

/// One event source mapping, read, updated or deleted by its UUID.
fn event_source_mapping(state: &mut State, call: &Call) -> Reply {
    let uuid = call.path.get(2).cloned().unwrap_or_default();
    let region = call.region.clone();
    let found = state.functions.iter_mut().find_map(|f| {
        let at = f.mappings.iter().position(|m| m.0 == uuid)?;
        Some((f, at))
    });
    let Some((f, at)) = found else {
        return Reply::rest_error(
            404,
            "ResourceNotFoundException",
            &format!(
                "The resource you requested does not exist. (Service: Lambda; Mapping: {uuid})"
            ),
        );
    };
    let op = call.operation.as_str();
    if op == "UpdateEventSourceMapping" {
        if let Some(enabled) = call.json["Enabled"].as_bool() {
            f.mappings[at].1 = if enabled { "Enabling" } else { "Disabling" }.into();
        }
    }
    let (id, state_name) = if op == "DeleteEventSourceMapping" {
        let (id, _) = f.mappings.remove(at);
        (id, "Deleting".to_string())
    } else {
        f.mappings[at].clone()
    };
    // Lambda accepts changes to a mapping asynchronously.
    let status = if op == "GetEventSourceMapping" {
        200
    } else {
        202
    };
    Reply::rest(
        status,
        json!({
            "UUID": id, "State": state_name,
            "FunctionArn": format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{}", f.name),
            "EventSourceArn": format!("arn:aws:sqs:{region}:{ACCOUNT}:{}-queue", f.name),
            "BatchSize": 10,
        }),
    )
}

pub(super) fn lambda(state: &mut State, call: &Call) -> Reply {
    let op = call.operation.as_str();
    if op.contains("EventSourceMapping") {
        return event_source_mapping(state, call);
    }
    let name = call
        .path
        .get(2)
        .map(|n| n.rsplit(':').next().unwrap_or(n).to_string())
        .unwrap_or_default();
    let Some(f) = state.functions.iter_mut().find(|f| f.name == name) else {
        if op == "Unknown" {
            return Reply::rest_error(404, "UnknownOperationException", "Unknown operation");
        }
        return Reply::rest_error(
            404,
            "ResourceNotFoundException",
            &format!(
                "Function not found: arn:aws:lambda:{}:{ACCOUNT}:function:{name}",
                call.region
            ),
        );
    };
    let body = &call.json;
    match op {
        "GetFunctionConfiguration" => Reply::rest(200, function_json(&call.region, f)),
        "UpdateFunctionConfiguration" => {
            if let Some(t) = body["Timeout"].as_i64() {
                if !(1..=900).contains(&t) {
                    return Reply::rest_error(
                        400,
                        "InvalidParameterValueException",
                        "Timeout must be between 1 and 900 seconds.",
                    );
                }
                f.timeout = t as i32;
            }
            if let Some(m) = body["MemorySize"].as_i64() {
                f.memory = m as i32;
            }
            if let Some(layers) = body["Layers"].as_array() {
                f.layers = layers
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
            }
            if let Some(vars) = body["Environment"]["Variables"].as_object() {
                f.environment = vars
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect();
            }
            Reply::rest(200, function_json(&call.region, f))
        }
        "GetFunctionConcurrency" => Reply::rest(
            200,
            match f.concurrency {
                Some(n) => json!({"ReservedConcurrentExecutions": n}),
                None => json!({}),
            },
        ),
        "PutFunctionConcurrency" => {
            f.concurrency = body["ReservedConcurrentExecutions"].as_i64();
            Reply::rest(200, json!({"ReservedConcurrentExecutions": f.concurrency}))
        }
        "DeleteFunctionConcurrency" => {
            f.concurrency = None;
            Reply::rest(204, Value::Null)
        }
        "Invoke" => {
            let env = |k: &str| f.environment.iter().find(|e| e.0 == k).map(|e| e.1.clone());
            if call.invocation_type == "DryRun" {
                return Reply::rest(204, Value::Null);
            }
            let erroring = env("CHAOS_EXTENSION__RESPONSE__ENABLE_CHANGE_RESPONSE_BODY").as_deref()
                == Some("true")
                && env("CHAOS_EXTENSION__RESPONSE__CHANGE_RESPONSE_PROBABILITY")
                    .and_then(|p| p.parse::<f64>().ok())
                    .unwrap_or(0.0)
                    >= 1.0;
            let payload = if erroring {
                env("CHAOS_EXTENSION__RESPONSE__DEFAULT_RESPONSE")
                    .and_then(|b| serde_json::from_str(&b).ok())
                    .unwrap_or(json!({"statusCode": 500}))
            } else {
                f.payload.clone()
            };
            Reply::rest(200, payload).header("x-amz-executed-version", "$LATEST".into())
        }
        _ => Reply::rest_error(404, "UnknownOperationException", "Unknown operation"),
    }
}
