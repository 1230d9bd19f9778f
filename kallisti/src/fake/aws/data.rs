//! The `awsQuery` services: RDS, ELBv2, ElastiCache and IAM.

use super::wire::{list, tag, wrap, Call, Reply};
use super::State;

const ACCOUNT: &str = "123456789012";

/// An RDS (Aurora) cluster of the fake.
#[derive(Debug, Clone)]
pub struct FakeDbCluster {
    pub(crate) id: String,
    pub(crate) status: String,
    /// (instance, is the writer).
    pub(crate) members: Vec<(String, bool)>,
    /// Custom endpoints' identifiers.
    pub(crate) endpoints: Vec<String>,
}

impl FakeDbCluster {
    /// An available cluster; the first member is the writer.
    pub fn new(id: &str, members: &[&str]) -> Self {
        FakeDbCluster {
            id: id.into(),
            status: "available".into(),
            members: members
                .iter()
                .enumerate()
                .map(|(i, m)| (m.to_string(), i == 0))
                .collect(),
            endpoints: Vec::new(),
        }
    }

    /// With a custom endpoint.
    pub fn endpoint(mut self, id: &str) -> Self {
        self.endpoints.push(id.into());
        self
    }
}

const RDS: &str = "http://rds.amazonaws.com/doc/2014-10-31/";

fn cluster_xml(c: &FakeDbCluster) -> String {
    tag("DBClusterIdentifier", &c.id)
        + &tag(
            "DBClusterArn",
            format!("arn:aws:rds:us-east-1:{ACCOUNT}:cluster:{}", c.id),
        )
        + &tag("Status", &c.status)
        + &tag("Engine", "aurora-postgresql")
        + &tag(
            "Endpoint",
            format!("{}.cluster-kallisti.us-east-1.rds.amazonaws.com", c.id),
        )
        + &list(
            "DBClusterMembers",
            "DBClusterMember",
            &c.members,
            |(m, writer)| {
                tag("DBInstanceIdentifier", m)
                    + &tag("IsClusterWriter", writer)
                    + &tag("PromotionTier", 1)
            },
        )
}

fn instance_xml(cluster: &FakeDbCluster, id: &str) -> String {
    tag("DBInstanceIdentifier", id)
        + &tag(
            "DBInstanceStatus",
            if cluster.status == "stopped" {
                "stopped"
            } else {
                "available"
            },
        )
        + &tag("DBInstanceClass", "db.r6g.large")
        + &tag("DBClusterIdentifier", &cluster.id)
        + &tag("Engine", "aurora-postgresql")
}

pub(super) fn rds(state: &mut State, call: &Call) -> Reply {
    let op = call.operation.as_str();
    let not_found = |id: &str| {
        Reply::query_error(
            404,
            "DBClusterNotFoundFault",
            &format!("DBCluster {id} not found."),
        )
    };
    let cluster_id = call
        .param("DBClusterIdentifier")
        .unwrap_or_default()
        .to_string();
    let instance_id = call
        .param("DBInstanceIdentifier")
        .unwrap_or_default()
        .to_string();
    let owner_of = |state: &State, id: &str| {
        state
            .db_clusters
            .iter()
            .position(|c| c.members.iter().any(|m| m.0 == id))
    };
    match op {
        "DescribeDBClusters" => {
            let found: Vec<&FakeDbCluster> = state
                .db_clusters
                .iter()
                .filter(|c| cluster_id.is_empty() || c.id == cluster_id)
                .collect();
            if found.is_empty() && !cluster_id.is_empty() {
                return not_found(&cluster_id);
            }
            Reply::query(
                RDS,
                op,
                list("DBClusters", "DBCluster", &found, |c| cluster_xml(c)),
            )
        }
        "DescribeDBInstances" => {
            let mut items = String::new();
            for c in &state.db_clusters {
                for (m, _) in &c.members {
                    if instance_id.is_empty() || *m == instance_id {
                        items += &wrap("DBInstance", instance_xml(c, m));
                    }
                }
            }
            if items.is_empty() && !instance_id.is_empty() {
                return Reply::query_error(
                    404,
                    "DBInstanceNotFound",
                    &format!("DBInstance {instance_id} not found."),
                );
            }
            Reply::query(RDS, op, wrap("DBInstances", items))
        }
        "FailoverDBCluster" | "StopDBCluster" | "DeleteDBCluster" => {
            let Some(c) = state.db_clusters.iter_mut().find(|c| c.id == cluster_id) else {
                return not_found(&cluster_id);
            };
            if op == "FailoverDBCluster" {
                let target = call
                    .param("TargetDBInstanceIdentifier")
                    .map(str::to_string)
                    .or_else(|| c.members.iter().find(|m| !m.1).map(|m| m.0.clone()));
                let Some(target) = target.filter(|t| c.members.iter().any(|m| &m.0 == t)) else {
                    return Reply::query_error(
                        400,
                        "InvalidDBInstanceState",
                        "The target instance is not a member of the cluster.",
                    );
                };
                for m in &mut c.members {
                    m.1 = m.0 == target;
                }
            } else if op == "StopDBCluster" {
                c.status = "stopped".into();
            } else {
                c.status = "deleting".into();
            }
            let body = wrap("DBCluster", cluster_xml(c));
            if op == "DeleteDBCluster" {
                state.db_clusters.retain(|x| x.id != cluster_id);
            }
            Reply::query(RDS, op, body)
        }
        "RebootDBInstance" | "StopDBInstance" | "DeleteDBInstance" => {
            let Some(at) = owner_of(state, &instance_id) else {
                return Reply::query_error(
                    404,
                    "DBInstanceNotFound",
                    &format!("DBInstance {instance_id} not found."),
                );
            };
            let body = wrap(
                "DBInstance",
                instance_xml(&state.db_clusters[at], &instance_id),
            );
            if op == "DeleteDBInstance" {
                state.db_clusters[at].members.retain(|m| m.0 != instance_id);
            }
            Reply::query(RDS, op, body)
        }
        "DescribeDBClusterEndpoints" | "DeleteDBClusterEndpoint" => {
            let id = call
                .param("DBClusterEndpointIdentifier")
                .unwrap_or_default()
                .to_string();
            let Some(c) = state
                .db_clusters
                .iter_mut()
                .find(|c| c.endpoints.contains(&id))
            else {
                return Reply::query_error(
                    404,
                    "DBClusterEndpointNotFoundFault",
                    &format!("Cluster endpoint {id} not found."),
                );
            };
            let endpoint = tag("DBClusterEndpointIdentifier", &id)
                + &tag("DBClusterIdentifier", &c.id)
                + &tag(
                    "Endpoint",
                    format!("{id}.cluster-custom-kallisti.us-east-1.rds.amazonaws.com"),
                )
                + &tag(
                    "Status",
                    if op == "DeleteDBClusterEndpoint" {
                        "deleting"
                    } else {
                        "available"
                    },
                )
                + &tag("EndpointType", "CUSTOM");
            if op == "DeleteDBClusterEndpoint" {
                c.endpoints.retain(|e| *e != id);
                return Reply::query(RDS, op, endpoint);
            }
            Reply::query(
                RDS,
                op,
                wrap(
                    "DBClusterEndpoints",
                    wrap("DBClusterEndpointList", endpoint),
                ),
            )
        }
        _ => Reply::query_error(
            400,
            "InvalidAction",
            &format!("Could not find operation {op}"),
        ),
    }
}

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

pub(super) fn elbv2(state: &mut State, call: &Call) -> Reply {
    let op = call.operation.as_str();
    let lb_at = |state: &State| {
        let arn = call.param("LoadBalancerArn").unwrap_or_default();
        state.load_balancers.iter().position(|lb| lb.arn() == arn)
    };
    let lb_missing = || {
        Reply::query_error(
            400,
            "LoadBalancerNotFound",
            "One or more load balancers not found",
        )
    };
    match op {
        "DescribeTargetGroups" => {
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
                op,
                list("TargetGroups", "member", &found, |g| {
                    tag("TargetGroupArn", group_arn(&g.name)) + &tag("TargetGroupName", &g.name)
                }),
            )
        }
        "DescribeTargetHealth" | "DeregisterTargets" => {
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
            if op == "DeregisterTargets" {
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
        "DescribeLoadBalancers" => {
            let names = call.list("Names.member");
            if names
                .iter()
                .any(|n| !state.load_balancers.iter().any(|lb| &lb.name == n))
            {
                return lb_missing();
            }
            let found: Vec<&FakeLoadBalancer> = state
                .load_balancers
                .iter()
                .filter(|lb| names.is_empty() || names.contains(&lb.name))
                .collect();
            Reply::query(
                ELB,
                op,
                list("LoadBalancers", "member", &found, |lb| lb_xml(lb)),
            )
        }
        "DeleteLoadBalancer" => match lb_at(state) {
            Some(at) => {
                state.load_balancers.remove(at);
                Reply::query(ELB, op, String::new())
            }
            None => lb_missing(),
        },
        "SetSecurityGroups" => match lb_at(state) {
            Some(at) => {
                state.load_balancers[at].security_groups = call.list("SecurityGroups.member");
                Reply::query(
                    ELB,
                    op,
                    list(
                        "SecurityGroupIds",
                        "member",
                        &state.load_balancers[at].security_groups,
                        |g| g.clone(),
                    ),
                )
            }
            None => lb_missing(),
        },
        "SetSubnets" => match lb_at(state) {
            Some(at) => {
                state.load_balancers[at].subnets = call.list("Subnets.member");
                let lb = &state.load_balancers[at];
                Reply::query(
                    ELB,
                    op,
                    list("AvailabilityZones", "member", &lb.subnets, |s| {
                        tag("ZoneName", "us-east-1a") + &tag("SubnetId", s)
                    }),
                )
            }
            None => lb_missing(),
        },
        "DescribeLoadBalancerAttributes" | "ModifyLoadBalancerAttributes" => match lb_at(state) {
            Some(at) => {
                let lb = &mut state.load_balancers[at];
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
                    op,
                    list("Attributes", "member", &attributes, |(k, v)| {
                        tag("Key", k) + &tag("Value", v)
                    }),
                )
            }
            None => lb_missing(),
        },
        _ => Reply::query_error(
            400,
            "InvalidAction",
            &format!("Could not find operation {op}"),
        ),
    }
}

/// An ElastiCache cluster of the fake.
#[derive(Debug, Clone)]
pub struct FakeCacheCluster {
    pub(crate) id: String,
    nodes: usize,
    group: Option<String>,
    pub(crate) reboots: usize,
}

impl FakeCacheCluster {
    /// An available cluster of `nodes` nodes (`0001`, `0002`, ...).
    pub fn new(id: &str, nodes: usize) -> Self {
        FakeCacheCluster {
            id: id.into(),
            nodes,
            group: None,
            reboots: 0,
        }
    }

    pub(crate) fn in_group(mut self, group: &str) -> Self {
        self.group = Some(group.into());
        self
    }
}

/// A replication group of the fake.
#[derive(Debug, Clone)]
pub(crate) struct FakeReplicationGroup {
    pub(crate) id: String,
    members: Vec<String>,
    pub(crate) primary: String,
}

impl FakeReplicationGroup {
    pub(crate) fn new(id: &str, members: &[&str]) -> Self {
        FakeReplicationGroup {
            id: id.into(),
            members: members.iter().map(|m| m.to_string()).collect(),
            primary: members.first().map(|m| m.to_string()).unwrap_or_default(),
        }
    }
}

const CACHE: &str = "http://elasticache.amazonaws.com/doc/2015-02-02/";

fn cache_xml(c: &FakeCacheCluster, nodes: bool) -> String {
    let ids: Vec<String> = (1..=c.nodes).map(|n| format!("{n:04}")).collect();
    let mut x = tag("CacheClusterId", &c.id)
        + &tag("CacheClusterStatus", "available")
        + &tag("Engine", "redis")
        + &tag("CacheNodeType", "cache.t3.micro")
        + &tag("NumCacheNodes", c.nodes);
    if let Some(g) = &c.group {
        x += &tag("ReplicationGroupId", g);
    }
    if nodes {
        x += &list("CacheNodes", "CacheNode", &ids, |id| {
            tag("CacheNodeId", id) + &tag("CacheNodeStatus", "available")
        });
    }
    x
}

fn group_xml(g: &FakeReplicationGroup) -> String {
    tag("ReplicationGroupId", &g.id)
        + &tag("Status", "available")
        + &tag("Description", &g.id)
        + &list("MemberClusters", "ClusterId", &g.members, |m| {
            crate::fake::aws::wire::esc(m)
        })
        + &list("NodeGroups", "NodeGroup", &["0001".to_string()], |n| {
            tag("NodeGroupId", n)
                + &tag("Status", "available")
                + &list("NodeGroupMembers", "NodeGroupMember", &g.members, |m| {
                    tag("CacheClusterId", m)
                        + &tag(
                            "CurrentRole",
                            if *m == g.primary {
                                "primary"
                            } else {
                                "replica"
                            },
                        )
                })
        })
}

pub(super) fn elasticache(state: &mut State, call: &Call) -> Reply {
    let op = call.operation.as_str();
    let cluster_id = call.param("CacheClusterId").unwrap_or_default().to_string();
    let group_id = call
        .param("ReplicationGroupId")
        .unwrap_or_default()
        .to_string();
    let no_cluster = || {
        Reply::query_error(
            404,
            "CacheClusterNotFound",
            &format!("CacheCluster not found: {cluster_id}"),
        )
    };
    let no_group = || {
        Reply::query_error(
            404,
            "ReplicationGroupNotFoundFault",
            &format!("ReplicationGroup not found: {group_id}"),
        )
    };
    match op {
        "DescribeCacheClusters" => {
            let nodes = call.param("ShowCacheNodeInfo") == Some("true");
            let found: Vec<&FakeCacheCluster> = state
                .cache_clusters
                .iter()
                .filter(|c| cluster_id.is_empty() || c.id == cluster_id)
                .collect();
            if found.is_empty() && !cluster_id.is_empty() {
                return no_cluster();
            }
            Reply::query(
                CACHE,
                op,
                list("CacheClusters", "CacheCluster", &found, |c| {
                    cache_xml(c, nodes)
                }),
            )
        }
        "DescribeReplicationGroups" => {
            let found: Vec<&FakeReplicationGroup> = state
                .replication_groups
                .iter()
                .filter(|g| group_id.is_empty() || g.id == group_id)
                .collect();
            if found.is_empty() && !group_id.is_empty() {
                return no_group();
            }
            Reply::query(
                CACHE,
                op,
                list("ReplicationGroups", "ReplicationGroup", &found, |g| {
                    group_xml(g)
                }),
            )
        }
        "RebootCacheCluster" | "DeleteCacheCluster" => {
            let Some(at) = state.cache_clusters.iter().position(|c| c.id == cluster_id) else {
                return no_cluster();
            };
            if op == "RebootCacheCluster" {
                state.cache_clusters[at].reboots += 1;
                let body = wrap("CacheCluster", cache_xml(&state.cache_clusters[at], true));
                return Reply::query(CACHE, op, body);
            }
            let c = state.cache_clusters.remove(at);
            Reply::query(CACHE, op, wrap("CacheCluster", cache_xml(&c, false)))
        }
        "TestFailover" | "DeleteReplicationGroup" => {
            let Some(at) = state
                .replication_groups
                .iter()
                .position(|g| g.id == group_id)
            else {
                return no_group();
            };
            if op == "DeleteReplicationGroup" {
                let g = state.replication_groups.remove(at);
                state
                    .cache_clusters
                    .retain(|c| c.group.as_deref() != Some(&g.id));
                return Reply::query(CACHE, op, wrap("ReplicationGroup", group_xml(&g)));
            }
            let g = &mut state.replication_groups[at];
            if call.param("NodeGroupId") != Some("0001") {
                return Reply::query_error(
                    400,
                    "NodeGroupNotFoundFault",
                    "The node group was not found.",
                );
            }
            if let Some(next) = g.members.iter().find(|m| **m != g.primary).cloned() {
                g.primary = next;
            }
            let body = wrap("ReplicationGroup", group_xml(g));
            Reply::query(CACHE, op, body)
        }
        _ => Reply::query_error(
            400,
            "InvalidAction",
            &format!("Could not find operation {op}"),
        ),
    }
}

/// An IAM role of the fake.
#[derive(Debug, Clone)]
pub(crate) struct FakeRole {
    pub(crate) name: String,
    pub(crate) policies: Vec<String>,
}

impl FakeRole {
    pub(crate) fn new(name: &str) -> Self {
        FakeRole {
            name: name.into(),
            policies: Vec::new(),
        }
    }
}

/// An IAM policy of the fake.
#[derive(Debug, Clone)]
pub(crate) struct FakePolicy {
    name: String,
    path: String,
}

impl FakePolicy {
    fn arn(&self) -> String {
        format!("arn:aws:iam::{ACCOUNT}:policy{}{}", self.path, self.name)
    }
}

const IAM: &str = "https://iam.amazonaws.com/doc/2010-05-08/";

fn policy_xml(p: &FakePolicy) -> String {
    wrap(
        "Policy",
        tag("PolicyName", &p.name)
            + &tag("PolicyId", format!("ANPA{}", p.name.len()))
            + &tag("Arn", p.arn())
            + &tag("Path", &p.path)
            + &tag("DefaultVersionId", "v1")
            + &tag("AttachmentCount", 0),
    )
}

pub(super) fn iam(state: &mut State, call: &Call) -> Reply {
    let op = call.operation.as_str();
    let role_name = call.param("RoleName").unwrap_or_default().to_string();
    let no_role = || {
        Reply::query_error(
            404,
            "NoSuchEntity",
            &format!("The role with name {role_name} cannot be found."),
        )
    };
    match op {
        "GetRole" => match state.roles.iter().find(|r| r.name == role_name) {
            Some(r) => Reply::query(
                IAM,
                op,
                wrap(
                    "Role",
                    tag("Path", "/")
                        + &tag("RoleName", &r.name)
                        + &tag("RoleId", "AROAKALLISTI")
                        + &tag("Arn", format!("arn:aws:iam::{ACCOUNT}:role/{}", r.name))
                        + &tag("CreateDate", "2024-01-01T00:00:00Z"),
                ),
            ),
            None => no_role(),
        },
        "AttachRolePolicy" | "DetachRolePolicy" => {
            let arn = call.param("PolicyArn").unwrap_or_default().to_string();
            if !arn.starts_with("arn:aws:iam::aws:policy/")
                && !state.policies.iter().any(|p| p.arn() == arn)
            {
                return Reply::query_error(
                    404,
                    "NoSuchEntity",
                    &format!("Policy {arn} does not exist or is not attachable."),
                );
            }
            let Some(role) = state.roles.iter_mut().find(|r| r.name == role_name) else {
                return no_role();
            };
            if op == "AttachRolePolicy" {
                if !role.policies.contains(&arn) {
                    role.policies.push(arn);
                }
            } else if role.policies.contains(&arn) {
                role.policies.retain(|p| *p != arn);
            } else {
                return Reply::query_error(
                    404,
                    "NoSuchEntity",
                    &format!("Policy {arn} was not found."),
                );
            }
            Reply::query(IAM, op, String::new())
        }
        "CreatePolicy" => {
            let policy = FakePolicy {
                name: call.param("PolicyName").unwrap_or_default().to_string(),
                path: call.param("Path").unwrap_or("/").to_string(),
            };
            if state.policies.iter().any(|p| p.arn() == policy.arn()) {
                return Reply::query_error(
                    409,
                    "EntityAlreadyExists",
                    &format!("A policy called {} already exists.", policy.name),
                );
            }
            let body = policy_xml(&policy);
            state.policies.push(policy);
            Reply::query(IAM, op, body)
        }
        "GetPolicy" => {
            let arn = call.param("PolicyArn").unwrap_or_default();
            match state.policies.iter().find(|p| p.arn() == arn) {
                Some(p) => Reply::query(IAM, op, policy_xml(p)),
                None => {
                    Reply::query_error(404, "NoSuchEntity", &format!("Policy {arn} was not found."))
                }
            }
        }
        _ => Reply::query_error(
            400,
            "InvalidAction",
            &format!("Could not find operation {op}"),
        ),
    }
}
