//! `aws.elasticache`: cache clusters and replication groups: reboot
//! nodes, delete, fail over a node group; node counts and status.

use super::client::{dry_run, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_elasticache::types::{CacheCluster, ReplicationGroup};
use aws_sdk_elasticache::Client;
use serde::Deserialize;
use serde_json::{json, Value};

/// The `aws.elasticache` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::elasticache::ELASTICACHE)
        .with_common::<Connection>()
        .action(
            "count_cache_clusters_from_replication_group",
            count_cache_clusters_from_replication_group,
        )
        .action("delete_cache_clusters", delete_cache_clusters)
        .action("delete_replication_groups", delete_replication_groups)
        .action("describe_cache_cluster", describe_cache_cluster)
        .action("get_cache_node_count", get_cache_node_count)
        .action("get_cache_node_status", get_cache_node_status)
        .action("reboot_cache_clusters", reboot_cache_clusters)
        .action("test_failover", test_failover)
        .into()
}

async fn cache(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

fn cluster_json(c: &CacheCluster) -> Value {
    json!({
        "CacheClusterId": c.cache_cluster_id(),
        "CacheClusterStatus": c.cache_cluster_status(),
        "Engine": c.engine(),
        "EngineVersion": c.engine_version(),
        "CacheNodeType": c.cache_node_type(),
        "NumCacheNodes": c.num_cache_nodes(),
        "ReplicationGroupId": c.replication_group_id(),
        "PreferredAvailabilityZone": c.preferred_availability_zone(),
        "CacheNodes": c.cache_nodes().iter().map(|n| json!({
            "CacheNodeId": n.cache_node_id(),
            "CacheNodeStatus": n.cache_node_status(),
            "Endpoint": n.endpoint().map(|e| json!({"Address": e.address(), "Port": e.port()})),
        })).collect::<Vec<_>>(),
    })
}

fn group_json(g: &ReplicationGroup) -> Value {
    json!({
        "ReplicationGroupId": g.replication_group_id(),
        "Status": g.status(),
        "Description": g.description(),
        "MemberClusters": g.member_clusters(),
        "AutomaticFailover": g.automatic_failover().map(|a| a.as_str()),
        "NodeGroups": g.node_groups().iter().map(|n| json!({
            "NodeGroupId": n.node_group_id(), "Status": n.status(),
        })).collect::<Vec<_>>(),
    })
}

/// One cache cluster, with its nodes when `nodes`.
async fn cluster(cache: &Client, id: &str, nodes: bool) -> Result<CacheCluster, Error> {
    let out = cache
        .describe_cache_clusters()
        .cache_cluster_id(id)
        .show_cache_node_info(nodes)
        .send()
        .await
        .or_fail("DescribeCacheClusters")?;
    out.cache_clusters()
        .first()
        .cloned()
        .ok_or_else(|| Error::failed_action(format!("no cache cluster `{id}`")))
}

async fn group(cache: &Client, id: &str) -> Result<ReplicationGroup, Error> {
    let out = cache
        .describe_replication_groups()
        .replication_group_id(id)
        .send()
        .await
        .or_fail("DescribeReplicationGroups")?;
    out.replication_groups()
        .first()
        .cloned()
        .ok_or_else(|| Error::failed_action(format!("no replication group `{id}`")))
}

#[derive(Debug, Deserialize)]
struct ClusterArgs {
    cluster_id: String,
    /// Declared by only some of the actions these arguments serve.
    show_node_info: Option<bool>,
}

impl ActionArgs for ClusterArgs {}

async fn describe_cache_cluster(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cache = cache(&aws, &ctx).await?;
    let found = cluster(&cache, &args.cluster_id, args.show_node_info == Some(true)).await?;
    Ok(json!({"CacheClusters": [cluster_json(&found)]}))
}

async fn get_cache_node_count(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Option<i32>, Error> {
    let cache = cache(&aws, &ctx).await?;
    Ok(cluster(&cache, &args.cluster_id, false)
        .await?
        .num_cache_nodes())
}

async fn get_cache_node_status(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cache = cache(&aws, &ctx).await?;
    Ok(json!(cluster(&cache, &args.cluster_id, false)
        .await?
        .cache_cluster_status()))
}

#[derive(Debug, Deserialize)]
struct GroupArgs {
    replication_group_id: String,
    node_group_id: Option<String>,
}

impl ActionArgs for GroupArgs {}

async fn count_cache_clusters_from_replication_group(
    args: GroupArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<usize, Error> {
    let cache = cache(&aws, &ctx).await?;
    Ok(group(&cache, &args.replication_group_id)
        .await?
        .member_clusters()
        .len())
}

async fn test_failover(args: GroupArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let cache = cache(&aws, &ctx).await?;
    let node_group = args.node_group_id.clone().unwrap_or_default();
    let id = &args.replication_group_id;
    if ctx.dry_run() {
        group(&cache, id).await?;
        return Ok(dry_run(
            &ctx,
            format!("fail over node group `{node_group}` of `{id}`"),
            json!(id),
        )
        .unwrap_or_default());
    }
    let out = cache
        .test_failover()
        .replication_group_id(id)
        .node_group_id(&node_group)
        .send()
        .await
        .or_fail("TestFailover")?;
    ctx.log(format!("failing over node group `{node_group}` of `{id}`"));
    Ok(json!([{"ReplicationGroup": out.replication_group().map(group_json)}]))
}

#[derive(Debug, Deserialize)]
struct ClustersArgs {
    cluster_ids: Vec<String>,
    node_ids: Option<Vec<String>>,
    final_snapshot_id: Option<String>,
}

impl ActionArgs for ClustersArgs {
    fn check(&self) -> Result<(), Error> {
        if self.cluster_ids.is_empty() {
            return Err(Error::invalid_argument("cluster_ids", "is empty"));
        }
        Ok(())
    }
}

async fn reboot_cache_clusters(
    args: ClustersArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cache = cache(&aws, &ctx).await?;
    let mut plan = Vec::new();
    for id in &args.cluster_ids {
        let nodes = match &args.node_ids {
            Some(nodes) => nodes.clone(),
            None => cluster(&cache, id, true)
                .await?
                .cache_nodes()
                .iter()
                .filter_map(|n| n.cache_node_id().map(str::to_string))
                .collect(),
        };
        plan.push((id.clone(), nodes));
    }
    if let Some(report) = dry_run(&ctx, format!("reboot cache nodes {plan:?}"), json!(plan)) {
        return Ok(report);
    }
    let mut responses = Vec::new();
    for (id, nodes) in plan {
        let out = cache
            .reboot_cache_cluster()
            .cache_cluster_id(&id)
            .set_cache_node_ids_to_reboot(Some(nodes.clone()))
            .send()
            .await
            .or_fail("RebootCacheCluster")?;
        ctx.log(format!("rebooting nodes {nodes:?} of `{id}`"));
        responses.push(json!({"CacheCluster": out.cache_cluster().map(cluster_json)}));
    }
    Ok(Value::Array(responses))
}

async fn delete_cache_clusters(
    args: ClustersArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cache = cache(&aws, &ctx).await?;
    if ctx.dry_run() {
        for id in &args.cluster_ids {
            cluster(&cache, id, false).await?;
        }
        return Ok(dry_run(
            &ctx,
            format!("delete cache clusters {:?}", args.cluster_ids),
            json!(args.cluster_ids),
        )
        .unwrap_or_default());
    }
    let mut responses = Vec::new();
    for id in &args.cluster_ids {
        let out = cache
            .delete_cache_cluster()
            .cache_cluster_id(id)
            .set_final_snapshot_identifier(args.final_snapshot_id.clone())
            .send()
            .await
            .or_fail("DeleteCacheCluster")?;
        ctx.log(format!("deleting cache cluster `{id}`"));
        responses.push(json!({"CacheCluster": out.cache_cluster().map(cluster_json)}));
    }
    Ok(Value::Array(responses))
}

#[derive(Debug, Deserialize)]
struct GroupsArgs {
    group_ids: Vec<String>,
    final_snapshot_id: Option<String>,
    retain_primary_cluster: bool,
}

impl ActionArgs for GroupsArgs {
    fn check(&self) -> Result<(), Error> {
        if self.group_ids.is_empty() {
            return Err(Error::invalid_argument("group_ids", "is empty"));
        }
        Ok(())
    }
}

async fn delete_replication_groups(
    args: GroupsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cache = cache(&aws, &ctx).await?;
    if ctx.dry_run() {
        for id in &args.group_ids {
            group(&cache, id).await?;
        }
        return Ok(dry_run(
            &ctx,
            format!("delete replication groups {:?}", args.group_ids),
            json!(args.group_ids),
        )
        .unwrap_or_default());
    }
    let mut responses = Vec::new();
    for id in &args.group_ids {
        let out = cache
            .delete_replication_group()
            .replication_group_id(id)
            .retain_primary_cluster(args.retain_primary_cluster)
            .set_final_snapshot_identifier(args.final_snapshot_id.clone())
            .send()
            .await
            .or_fail("DeleteReplicationGroup")?;
        ctx.log(format!("deleting replication group `{id}`"));
        responses.push(json!({"ReplicationGroup": out.replication_group().map(group_json)}));
    }
    Ok(Value::Array(responses))
}
