//! EC2 Auto Scaling (the `awsQuery` protocol): groups whose members are the
//! fake's EC2 instances, so a step that picks members then stops them
//! through EC2 sees one consistent world.

use super::wire::{dispatch, list, tag, Call, Operation, Reply};
use super::State;

const NAMESPACE: &str = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

/// An Auto Scaling group of the fake.
#[derive(Debug, Clone)]
pub struct FakeAutoScalingGroup {
    pub(crate) name: String,
    pub(crate) members: Vec<String>,
    pub(crate) subnets: Vec<String>,
    pub(crate) tags: Vec<(String, String)>,
    pub(crate) suspended: Vec<String>,
}

impl FakeAutoScalingGroup {
    /// A group whose in-service members are the fake's instances `members`
    /// (seed them with [`FakeAwsBuilder::with_instance`](super::FakeAwsBuilder::with_instance));
    /// its desired capacity is their number.
    ///
    /// ```
    /// use kallisti::fake::FakeAutoScalingGroup;
    /// let group = FakeAutoScalingGroup::new("web", &["i-1", "i-2"]).tag("team", "shop");
    /// # let _ = group;
    /// ```
    pub fn new(name: &str, members: &[&str]) -> Self {
        FakeAutoScalingGroup {
            name: name.into(),
            members: members.iter().map(|m| m.to_string()).collect(),
            subnets: vec!["subnet-0kallisti".into()],
            tags: Vec::new(),
            suspended: Vec::new(),
        }
    }

    /// With a tag (groups can be found by their tags).
    pub fn tag(mut self, key: &str, value: &str) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }
}

const OPERATIONS: &[Operation] = &[
    ("DescribeAutoScalingGroups", describe_groups),
    ("SuspendProcesses", |s, c| change_processes(s, c, true)),
    ("ResumeProcesses", |s, c| change_processes(s, c, false)),
    ("DetachInstances", detach_instances),
    ("UpdateAutoScalingGroup", update_group),
];

pub(super) fn autoscaling(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, &call.operation, state, call, |op| {
        Reply::query_error(400, "InvalidAction", &format!("Unknown operation {op}"))
    })
}

fn group_xml(state: &State, g: &FakeAutoScalingGroup) -> String {
    let zone_of = |id: &String| {
        state
            .instances
            .iter()
            .find(|i| &i.id == id)
            .map(|i| i.az.clone())
            .unwrap_or_else(|| "us-east-1a".into())
    };
    let mut zones: Vec<String> = g.members.iter().map(zone_of).collect();
    zones.sort();
    zones.dedup();
    tag("AutoScalingGroupName", &g.name)
        + &tag(
            "AutoScalingGroupARN",
            format!(
                "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:kallisti:autoScalingGroupName/{}",
                g.name
            ),
        )
        + &tag("MinSize", 0)
        + &tag("MaxSize", g.members.len().max(1))
        + &tag("DesiredCapacity", g.members.len())
        + &list("AvailabilityZones", "member", &zones, |z| z.to_string())
        + &tag("VPCZoneIdentifier", g.subnets.join(","))
        + &list("Instances", "member", &g.members, |id| {
            tag("InstanceId", id)
                + &tag("AvailabilityZone", zone_of(id))
                + &tag("LifecycleState", "InService")
                + &tag("HealthStatus", "Healthy")
                + &tag("ProtectedFromScaleIn", false)
        })
        + &list("SuspendedProcesses", "member", &g.suspended, |p| {
            tag("ProcessName", p) + &tag("SuspensionReason", "User suspended")
        })
        + &list("Tags", "member", &g.tags, |(k, v)| {
            tag("Key", k) + &tag("Value", v) + &tag("ResourceId", &g.name)
        })
        + &tag("HealthCheckType", "EC2")
        + &tag("CreatedTime", "2026-01-01T00:00:00Z")
}

/// Groups by name, or by `tag:<key>` filters.
fn describe_groups(state: &mut State, call: &Call) -> Reply {
    let names = call.list("AutoScalingGroupNames.member");
    let filters = call.filters("Filters.member", "Values.member");
    let found: Vec<String> = state
        .auto_scaling_groups
        .iter()
        .filter(|g| names.is_empty() || names.contains(&g.name))
        .filter(|g| {
            filters
                .iter()
                .all(|(name, values)| match name.strip_prefix("tag:") {
                    Some(key) => g.tags.iter().any(|(k, v)| k == key && values.contains(v)),
                    None => false,
                })
        })
        .map(|g| group_xml(state, g))
        .collect();
    Reply::query(
        NAMESPACE,
        "DescribeAutoScalingGroups",
        list("AutoScalingGroups", "member", &found, |g| g.clone()),
    )
}

fn named<'a>(state: &'a mut State, call: &Call) -> Result<&'a mut FakeAutoScalingGroup, Reply> {
    let name = call.param("AutoScalingGroupName").unwrap_or_default();
    state
        .auto_scaling_groups
        .iter_mut()
        .find(|g| g.name == name)
        .ok_or_else(|| {
            Reply::query_error(
                400,
                "ValidationError",
                &format!("AutoScalingGroup name not found - {name}"),
            )
        })
}

fn change_processes(state: &mut State, call: &Call, suspend: bool) -> Reply {
    let processes = call.list("ScalingProcesses.member");
    let group = match named(state, call) {
        Ok(g) => g,
        Err(reply) => return reply,
    };
    group.suspended.retain(|p| !processes.contains(p));
    if suspend {
        group.suspended.extend(processes);
    }
    let op = if suspend {
        "SuspendProcesses"
    } else {
        "ResumeProcesses"
    };
    Reply::xml_document(format!(r#"<{op}Response xmlns="{NAMESPACE}"/>"#))
}

fn detach_instances(state: &mut State, call: &Call) -> Reply {
    let ids = call.list("InstanceIds.member");
    let group = match named(state, call) {
        Ok(g) => g,
        Err(reply) => return reply,
    };
    group.members.retain(|m| !ids.contains(m));
    let name = group.name.clone();
    Reply::query(
        NAMESPACE,
        "DetachInstances",
        list("Activities", "member", &ids, |id| {
            tag("ActivityId", format!("detach-{id}"))
                + &tag("AutoScalingGroupName", &name)
                + &tag("Cause", format!("instance {id} detached"))
                + &tag("StartTime", "2026-01-01T00:00:00Z")
                + &tag("StatusCode", "InProgress")
        }),
    )
}

fn update_group(state: &mut State, call: &Call) -> Reply {
    let subnets = call.param("VPCZoneIdentifier").map(str::to_string);
    let group = match named(state, call) {
        Ok(g) => g,
        Err(reply) => return reply,
    };
    if let Some(subnets) = subnets {
        group.subnets = subnets.split(',').map(str::to_string).collect();
    }
    Reply::xml_document(format!(
        r#"<UpdateAutoScalingGroupResponse xmlns="{NAMESPACE}"/>"#
    ))
}
