//! ElastiCache (the `awsQuery` protocol): cache clusters and replication
//! groups.

use super::wire::{dispatch, list, tag, wrap, Call, Operation, Reply};
use super::State;

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

const OPERATIONS: &[Operation] = &[
    ("DescribeCacheClusters", describe_cache_clusters),
    ("DescribeReplicationGroups", describe_replication_groups),
    ("RebootCacheCluster", reboot_cache_cluster),
    ("DeleteCacheCluster", delete_cache_cluster),
    ("TestFailover", test_failover),
    ("DeleteReplicationGroup", delete_replication_group),
];

pub(super) fn elasticache(state: &mut State, call: &Call) -> Reply {
    dispatch(OPERATIONS, &call.operation, state, call, |op| {
        Reply::query_error(
            400,
            "InvalidAction",
            &format!("Could not find operation {op}"),
        )
    })
}

fn cluster_id(call: &Call) -> &str {
    call.param("CacheClusterId").unwrap_or_default()
}

fn group_id(call: &Call) -> &str {
    call.param("ReplicationGroupId").unwrap_or_default()
}

fn no_cluster(call: &Call) -> Reply {
    Reply::query_error(
        404,
        "CacheClusterNotFound",
        &format!("CacheCluster not found: {}", cluster_id(call)),
    )
}

fn no_group(call: &Call) -> Reply {
    Reply::query_error(
        404,
        "ReplicationGroupNotFoundFault",
        &format!("ReplicationGroup not found: {}", group_id(call)),
    )
}

fn describe_cache_clusters(state: &mut State, call: &Call) -> Reply {
    let cluster_id = cluster_id(call);
    let nodes = call.param("ShowCacheNodeInfo") == Some("true");
    let found: Vec<&FakeCacheCluster> = state
        .cache_clusters
        .iter()
        .filter(|c| cluster_id.is_empty() || c.id == cluster_id)
        .collect();
    if found.is_empty() && !cluster_id.is_empty() {
        return no_cluster(call);
    }
    Reply::query(
        CACHE,
        &call.operation,
        list("CacheClusters", "CacheCluster", &found, |c| {
            cache_xml(c, nodes)
        }),
    )
}

fn describe_replication_groups(state: &mut State, call: &Call) -> Reply {
    let group_id = group_id(call);
    let found: Vec<&FakeReplicationGroup> = state
        .replication_groups
        .iter()
        .filter(|g| group_id.is_empty() || g.id == group_id)
        .collect();
    if found.is_empty() && !group_id.is_empty() {
        return no_group(call);
    }
    Reply::query(
        CACHE,
        &call.operation,
        list("ReplicationGroups", "ReplicationGroup", &found, |g| {
            group_xml(g)
        }),
    )
}

fn reboot_cache_cluster(state: &mut State, call: &Call) -> Reply {
    let Some(c) = state
        .cache_clusters
        .iter_mut()
        .find(|c| c.id == cluster_id(call))
    else {
        return no_cluster(call);
    };
    c.reboots += 1;
    Reply::query(
        CACHE,
        &call.operation,
        wrap("CacheCluster", cache_xml(c, true)),
    )
}

fn delete_cache_cluster(state: &mut State, call: &Call) -> Reply {
    let Some(at) = state
        .cache_clusters
        .iter()
        .position(|c| c.id == cluster_id(call))
    else {
        return no_cluster(call);
    };
    let c = state.cache_clusters.remove(at);
    Reply::query(
        CACHE,
        &call.operation,
        wrap("CacheCluster", cache_xml(&c, false)),
    )
}

/// Promotes the first replica of the group's only node group.
fn test_failover(state: &mut State, call: &Call) -> Reply {
    let Some(g) = state
        .replication_groups
        .iter_mut()
        .find(|g| g.id == group_id(call))
    else {
        return no_group(call);
    };
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
    Reply::query(
        CACHE,
        &call.operation,
        wrap("ReplicationGroup", group_xml(g)),
    )
}

/// Deletes the group and its member clusters.
fn delete_replication_group(state: &mut State, call: &Call) -> Reply {
    let Some(at) = state
        .replication_groups
        .iter()
        .position(|g| g.id == group_id(call))
    else {
        return no_group(call);
    };
    let g = state.replication_groups.remove(at);
    state
        .cache_clusters
        .retain(|c| c.group.as_deref() != Some(&g.id));
    Reply::query(
        CACHE,
        &call.operation,
        wrap("ReplicationGroup", group_xml(&g)),
    )
}
