//! RDS (the `awsQuery` protocol): Aurora clusters, their instances and
//! custom endpoints.

use super::wire::{dispatch, list, tag, wrap, Call, Operation, Reply};
use super::{State, ACCOUNT};

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

const OPERATIONS: &[Operation] = &[
    ("DescribeDBClusters", describe_clusters),
    ("DescribeDBInstances", describe_instances),
    ("FailoverDBCluster", failover_cluster),
    ("StopDBCluster", stop_cluster),
    ("DeleteDBCluster", delete_cluster),
    ("RebootDBInstance", |s, c| answer_for_instance(s, c, false)),
    ("StopDBInstance", |s, c| answer_for_instance(s, c, false)),
    ("DeleteDBInstance", |s, c| answer_for_instance(s, c, true)),
    ("DescribeDBClusterEndpoints", |s, c| endpoint(s, c, false)),
    ("DeleteDBClusterEndpoint", |s, c| endpoint(s, c, true)),
];

pub(super) fn rds(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, &call.operation, state, call, |op| {
        Reply::query_error(
            400,
            "InvalidAction",
            &format!("Could not find operation {op}"),
        )
    })
}

fn cluster_id(call: &Call) -> String {
    call.param("DBClusterIdentifier")
        .unwrap_or_default()
        .to_string()
}

fn instance_id(call: &Call) -> String {
    call.param("DBInstanceIdentifier")
        .unwrap_or_default()
        .to_string()
}

fn cluster_not_found(id: &str) -> Reply {
    Reply::query_error(
        404,
        "DBClusterNotFoundFault",
        &format!("DBCluster {id} not found."),
    )
}

fn instance_not_found(id: &str) -> Reply {
    Reply::query_error(
        404,
        "DBInstanceNotFound",
        &format!("DBInstance {id} not found."),
    )
}

/// The cluster the request names.
fn named<'a>(state: &'a mut State, call: &Call) -> Result<&'a mut FakeDbCluster, Reply> {
    let id = cluster_id(call);
    state
        .db_clusters
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or_else(|| cluster_not_found(&id))
}

fn describe_clusters(state: &mut State, call: &Call) -> Reply {
    let cluster_id = cluster_id(call);
    let found: Vec<&FakeDbCluster> = state
        .db_clusters
        .iter()
        .filter(|c| cluster_id.is_empty() || c.id == cluster_id)
        .collect();
    if found.is_empty() && !cluster_id.is_empty() {
        return cluster_not_found(&cluster_id);
    }
    Reply::query(
        RDS,
        &call.operation,
        list("DBClusters", "DBCluster", &found, |c| cluster_xml(c)),
    )
}

fn describe_instances(state: &mut State, call: &Call) -> Reply {
    let instance_id = instance_id(call);
    let mut items = String::new();
    for c in &state.db_clusters {
        for (m, _) in &c.members {
            if instance_id.is_empty() || *m == instance_id {
                items += &wrap("DBInstance", instance_xml(c, m));
            }
        }
    }
    if items.is_empty() && !instance_id.is_empty() {
        return instance_not_found(&instance_id);
    }
    Reply::query(RDS, &call.operation, wrap("DBInstances", items))
}

/// Makes the named instance (or else the first reader) the writer.
fn failover_cluster(state: &mut State, call: &Call) -> Reply {
    let c = match named(state, call) {
        Ok(c) => c,
        Err(reply) => return reply,
    };
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
    Reply::query(RDS, &call.operation, wrap("DBCluster", cluster_xml(c)))
}

fn stop_cluster(state: &mut State, call: &Call) -> Reply {
    match named(state, call) {
        Ok(c) => {
            c.status = "stopped".into();
            Reply::query(RDS, &call.operation, wrap("DBCluster", cluster_xml(c)))
        }
        Err(reply) => reply,
    }
}

/// Answers the cluster as `deleting`, and forgets it.
fn delete_cluster(state: &mut State, call: &Call) -> Reply {
    let body = match named(state, call) {
        Ok(c) => {
            c.status = "deleting".into();
            wrap("DBCluster", cluster_xml(c))
        }
        Err(reply) => return reply,
    };
    let id = cluster_id(call);
    state.db_clusters.retain(|x| x.id != id);
    Reply::query(RDS, &call.operation, body)
}

/// Reboots and stops answer the instance as it is; a deletion also removes
/// it from its cluster.
fn answer_for_instance(state: &mut State, call: &Call, delete: bool) -> Reply {
    let instance_id = instance_id(call);
    let Some(at) = state
        .db_clusters
        .iter()
        .position(|c| c.members.iter().any(|m| m.0 == instance_id))
    else {
        return instance_not_found(&instance_id);
    };
    let body = wrap(
        "DBInstance",
        instance_xml(&state.db_clusters[at], &instance_id),
    );
    if delete {
        state.db_clusters[at].members.retain(|m| m.0 != instance_id);
    }
    Reply::query(RDS, &call.operation, body)
}

/// A custom endpoint, described or (`delete`) deleted.
fn endpoint(state: &mut State, call: &Call, delete: bool) -> Reply {
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
        + &tag("Status", if delete { "deleting" } else { "available" })
        + &tag("EndpointType", "CUSTOM");
    if delete {
        c.endpoints.retain(|e| *e != id);
        return Reply::query(RDS, &call.operation, endpoint);
    }
    Reply::query(
        RDS,
        &call.operation,
        wrap(
            "DBClusterEndpoints",
            wrap("DBClusterEndpointList", endpoint),
        ),
    )
}
