//! EC2 (the query protocol with EC2's XML): instances, their tags and volumes.

use super::wire::{dispatch, list, tag, wrap, Call, Operation, Reply};
use super::{State, ACCOUNT};

/// An EBS volume: (device, volume id, tags). Its tags stay with it when it
/// is detached and attached again, as in EC2.
pub(crate) type Volume = (String, String, Vec<(String, String)>);

/// An EC2 instance of the fake.
#[derive(Debug, Clone)]
pub struct FakeInstance {
    pub(crate) id: String,
    pub(crate) az: String,
    pub(crate) state: String,
    pub(crate) tags: Vec<(String, String)>,
    pub(crate) spot: bool,
    /// Volumes attached to it, the root first.
    pub(crate) volumes: Vec<Volume>,
    /// Volumes detached from it.
    pub(crate) detached: Vec<Volume>,
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
            volumes: vec![("/dev/xvda".into(), format!("vol-root-{id}"), Vec::new())],
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
        self.volumes
            .push((device.into(), volume_id.into(), Vec::new()));
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
        + &list("blockDeviceMapping", "item", &i.volumes, |(d, v, _)| {
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

const OPERATIONS: &[Operation] = &[
    ("DescribeInstances", describe_instances),
    ("StopInstances", stop_instances),
    ("StartInstances", start_instances),
    ("TerminateInstances", terminate_instances),
    ("RebootInstances", reboot_instances),
    ("CancelSpotInstanceRequests", cancel_spot_requests),
    ("CreateTags", |s, c| change_tags(s, c, true)),
    ("DeleteTags", |s, c| change_tags(s, c, false)),
    ("DetachVolume", detach_volume),
    ("AttachVolume", attach_volume),
    ("DescribeVolumes", describe_volumes),
];

pub(super) fn ec2(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, &call.operation, state, call, |op| {
        Reply::ec2_error(
            400,
            "InvalidAction",
            &format!("The action {op} is not valid for this web service."),
        )
    })
}

fn describe_instances(state: &mut State, call: &Call) -> Reply {
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
    Reply::ec2(&call.operation, wrap("reservationSet", reservations))
}

fn stop_instances(state: &mut State, call: &Call) -> Reply {
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

fn start_instances(state: &mut State, call: &Call) -> Reply {
    transition(
        call,
        state,
        "instancesSet",
        "running",
        &["stopped", "running"],
    )
}

fn terminate_instances(state: &mut State, call: &Call) -> Reply {
    transition(
        call,
        state,
        "instancesSet",
        "terminated",
        &["running", "stopped", "pending", "stopping", "terminated"],
    )
}

fn reboot_instances(state: &mut State, call: &Call) -> Reply {
    match named(state, &call.list("InstanceId")) {
        Ok(_) => Reply::ec2(&call.operation, tag("return", "true")),
        Err(e) => e,
    }
}

fn cancel_spot_requests(_: &mut State, call: &Call) -> Reply {
    let ids = call.list("SpotInstanceRequestId");
    Reply::ec2(
        &call.operation,
        list("spotInstanceRequestSet", "item", &ids, |id| {
            tag("spotInstanceRequestId", id) + &tag("state", "cancelled")
        }),
    )
}

/// The tags of an instance, or of a volume (attached or not).
fn tags_of<'a>(state: &'a mut State, resource: &str) -> Option<&'a mut Vec<(String, String)>> {
    for i in state.instances.iter_mut() {
        if i.id == resource {
            return Some(&mut i.tags);
        }
        let volume = i
            .volumes
            .iter_mut()
            .chain(i.detached.iter_mut())
            .find(|v| v.1 == resource);
        if let Some(volume) = volume {
            return Some(&mut volume.2);
        }
    }
    None
}

/// `CreateTags` (`create`) or `DeleteTags` on instances and detached volumes.
fn change_tags(state: &mut State, call: &Call, create: bool) -> Reply {
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
        let Some(target) = tags_of(state, r) else {
            return Reply::ec2_error(400, "InvalidID", &format!("The ID '{r}' is not valid"));
        };
        for (k, v) in &tags {
            target.retain(|t| t.0 != *k);
            if create {
                target.push((k.clone(), v.clone()));
            }
        }
    }
    Reply::ec2(&call.operation, tag("return", "true"))
}

fn detach_volume(state: &mut State, call: &Call) -> Reply {
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
    let volume = i.volumes.remove(at);
    let body = tag("volumeId", &volume.1)
        + &tag("instanceId", &i.id)
        + &tag("device", &volume.0)
        + &tag("status", "detaching");
    i.detached.push(volume);
    Reply::ec2(&call.operation, body)
}

fn attach_volume(state: &mut State, call: &Call) -> Reply {
    let volume = call.param("VolumeId").unwrap_or_default().to_string();
    let instance = call.param("InstanceId").unwrap_or_default().to_string();
    let device = call.param("Device").unwrap_or_default().to_string();
    if state
        .instances
        .iter()
        .any(|i| i.volumes.iter().any(|v| v.1 == volume))
    {
        return Reply::ec2_error(
            400,
            "VolumeInUse",
            &format!("{volume} is already attached to an instance"),
        );
    }
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
    let at = owner
        .detached
        .iter()
        .position(|d| d.1 == volume)
        .unwrap_or_default();
    let (_, _, tags) = owner.detached.remove(at);
    if let Some(i) = state.instances.iter_mut().find(|i| i.id == instance) {
        i.volumes.push((device.clone(), volume.clone(), tags));
    }
    Reply::ec2(
        &call.operation,
        tag("volumeId", &volume)
            + &tag("instanceId", &instance)
            + &tag("device", &device)
            + &tag("status", "attaching"),
    )
}

/// Every volume, `in-use` or `available`, by `tag-key` when asked.
fn describe_volumes(state: &mut State, call: &Call) -> Reply {
    let filters = call.filters("Filter", "Value");
    let wants_key = filters
        .iter()
        .find(|f| f.0 == "tag-key")
        .map(|f| f.1.clone());
    let mut items = String::new();
    for i in &state.instances {
        let attached = i.volumes.iter().map(|v| (v, "in-use"));
        for ((_, volume, tags), status) in
            attached.chain(i.detached.iter().map(|v| (v, "available")))
        {
            if wants_key
                .as_ref()
                .is_none_or(|keys| tags.iter().any(|t| keys.contains(&t.0)))
            {
                items += &wrap(
                    "item",
                    tag("volumeId", volume) + &tag("status", status) + &tags_xml(tags),
                );
            }
        }
    }
    Reply::ec2(&call.operation, wrap("volumeSet", items))
}
