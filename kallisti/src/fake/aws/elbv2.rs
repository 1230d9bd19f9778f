//! Elastic Load Balancing v2 (the `awsQuery` protocol): target groups and
//! the load balancers in front of them.

use super::wire::{dispatch, list, tag, wrap, Call, Operation, Reply};
use super::{State, ACCOUNT};

/// An ELBv2 target group of the fake; its targets are all healthy.
#[derive(Debug, Clone)]
pub struct FakeTargetGroup {
    pub(crate) name: String,
    /// (id, port).
    pub(crate) targets: Vec<(String, i32)>,
}

impl FakeTargetGroup {
    /// A group with these instance targets on port 80.
    pub fn new(name: &str, targets: &[&str]) -> Self {
        FakeTargetGroup {
            name: name.into(),
            targets: targets.iter().map(|t| (t.to_string(), 80)).collect(),
        }
    }
}

/// A load balancer of the fake.
#[derive(Debug, Clone)]
pub(crate) struct FakeLoadBalancer {
    name: String,
    subnets: Vec<String>,
    security_groups: Vec<String>,
    access_logs: bool,
    bucket: String,
}

impl FakeLoadBalancer {
    pub(crate) fn new(name: &str) -> Self {
        FakeLoadBalancer {
            name: name.into(),
            subnets: vec!["subnet-a".into(), "subnet-b".into()],
            security_groups: vec!["sg-default".into()],
            access_logs: false,
            bucket: String::new(),
        }
    }
    fn arn(&self) -> String {
        format!(
            "arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/app/{}/50dc6c495c0c9188",
            self.name
        )
    }
}

const ELB: &str = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

fn group_arn(name: &str) -> String {
    format!("arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/{name}/73e2d6bc24d8a067")
}

fn lb_xml(lb: &FakeLoadBalancer) -> String {
    tag("LoadBalancerArn", lb.arn())
        + &tag("LoadBalancerName", &lb.name)
        + &tag("Type", "application")
        + &list("SecurityGroups", "member", &lb.security_groups, |g| {
            g.clone()
        })
        + &list("AvailabilityZones", "member", &lb.subnets, |s| {
            tag(
                "ZoneName",
                format!("us-east-1{}", s.chars().last().unwrap_or('a')),
            ) + &tag("SubnetId", s)
        })
}

const OPERATIONS: &[Operation] = &[
    ("DescribeTargetGroups", describe_target_groups),
    ("DescribeTargetHealth", |s, c| target_group(s, c, false)),
    ("DeregisterTargets", |s, c| target_group(s, c, true)),
    ("DescribeLoadBalancers", describe_load_balancers),
    ("DeleteLoadBalancer", delete_load_balancer),
    ("SetSecurityGroups", set_security_groups),
    ("SetSubnets", set_subnets),
    ("DescribeLoadBalancerAttributes", load_balancer_attributes),
    ("ModifyLoadBalancerAttributes", load_balancer_attributes),
];

pub(super) fn elbv2(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, &call.operation, state, call, |op| {
        Reply::query_error(
            400,
            "InvalidAction",
            &format!("Could not find operation {op}"),
        )
    })
}

fn load_balancer_not_found() -> Reply {
    Reply::query_error(
        400,
        "LoadBalancerNotFound",
        "One or more load balancers not found",
    )
}

/// The load balancer of the request's `LoadBalancerArn`.
fn load_balancer<'a>(state: &'a mut State, call: &Call) -> Result<&'a mut FakeLoadBalancer, Reply> {
    let arn = call.param("LoadBalancerArn").unwrap_or_default();
    state
        .load_balancers
        .iter_mut()
        .find(|lb| lb.arn() == arn)
        .ok_or_else(load_balancer_not_found)
}

fn describe_target_groups(state: &mut State, call: &Call) -> Reply {
    let names = call.list("Names.member");
    if let Some(missing) = names
        .iter()
        .find(|n| !state.target_groups.iter().any(|g| &g.name == *n))
    {
        return Reply::query_error(
            400,
            "TargetGroupNotFound",
            &format!("One or more target groups not found: {missing}"),
        );
    }
    let found: Vec<&FakeTargetGroup> = state
        .target_groups
        .iter()
        .filter(|g| names.is_empty() || names.contains(&g.name))
        .collect();
    Reply::query(
        ELB,
        &call.operation,
        list("TargetGroups", "member", &found, |g| {
            tag("TargetGroupArn", group_arn(&g.name)) + &tag("TargetGroupName", &g.name)
        }),
    )
}

/// A target group's health, or (`deregister`) targets taken out of it.
fn target_group(state: &mut State, call: &Call, deregister: bool) -> Reply {
    let op = call.operation.as_str();
    let arn = call.param("TargetGroupArn").unwrap_or_default();
    let Some(group) = state
        .target_groups
        .iter_mut()
        .find(|g| group_arn(&g.name) == arn)
    else {
        return Reply::query_error(
            400,
            "TargetGroupNotFound",
            "One or more target groups not found",
        );
    };
    if deregister {
        let gone: Vec<String> = call
            .structs("Targets.member")
            .into_iter()
            .filter_map(|t| t.get("Id").cloned())
            .collect();
        group.targets.retain(|t| !gone.contains(&t.0));
        return Reply::query(ELB, op, String::new());
    }
    Reply::query(
        ELB,
        op,
        list(
            "TargetHealthDescriptions",
            "member",
            &group.targets,
            |(id, port)| {
                wrap("Target", tag("Id", id) + &tag("Port", port))
                    + &wrap("TargetHealth", tag("State", "healthy"))
            },
        ),
    )
}

fn describe_load_balancers(state: &mut State, call: &Call) -> Reply {
    let names = call.list("Names.member");
    if names
        .iter()
        .any(|n| !state.load_balancers.iter().any(|lb| &lb.name == n))
    {
        return load_balancer_not_found();
    }
    let found: Vec<&FakeLoadBalancer> = state
        .load_balancers
        .iter()
        .filter(|lb| names.is_empty() || names.contains(&lb.name))
        .collect();
    Reply::query(
        ELB,
        &call.operation,
        list("LoadBalancers", "member", &found, |lb| lb_xml(lb)),
    )
}

fn delete_load_balancer(state: &mut State, call: &Call) -> Reply {
    let arn = call.param("LoadBalancerArn").unwrap_or_default();
    match state.load_balancers.iter().position(|lb| lb.arn() == arn) {
        Some(at) => {
            state.load_balancers.remove(at);
            Reply::query(ELB, &call.operation, String::new())
        }
        None => load_balancer_not_found(),
    }
}

fn set_security_groups(state: &mut State, call: &Call) -> Reply {
    let lb = match load_balancer(state, call) {
        Ok(lb) => lb,
        Err(reply) => return reply,
    };
    lb.security_groups = call.list("SecurityGroups.member");
    Reply::query(
        ELB,
        &call.operation,
        list("SecurityGroupIds", "member", &lb.security_groups, |g| {
            g.clone()
        }),
    )
}

fn set_subnets(state: &mut State, call: &Call) -> Reply {
    let lb = match load_balancer(state, call) {
        Ok(lb) => lb,
        Err(reply) => return reply,
    };
    lb.subnets = call.list("Subnets.member");
    Reply::query(
        ELB,
        &call.operation,
        list("AvailabilityZones", "member", &lb.subnets, |s| {
            tag("ZoneName", "us-east-1a") + &tag("SubnetId", s)
        }),
    )
}

/// The access-log attributes, after setting those the request gives (a
/// describe gives none).
fn load_balancer_attributes(state: &mut State, call: &Call) -> Reply {
    let lb = match load_balancer(state, call) {
        Ok(lb) => lb,
        Err(reply) => return reply,
    };
    for a in call.structs("Attributes.member") {
        match a.get("Key").map(String::as_str) {
            Some("access_logs.s3.enabled") => {
                lb.access_logs = a.get("Value").map(String::as_str) == Some("true")
            }
            Some("access_logs.s3.bucket") => {
                lb.bucket = a.get("Value").cloned().unwrap_or_default()
            }
            _ => {}
        }
    }
    let attributes = [
        ("access_logs.s3.enabled", lb.access_logs.to_string()),
        ("access_logs.s3.bucket", lb.bucket.clone()),
        ("access_logs.s3.prefix", String::new()),
    ];
    Reply::query(
        ELB,
        &call.operation,
        list("Attributes", "member", &attributes, |(k, v)| {
            tag("Key", k) + &tag("Value", v)
        }),
    )
}
