//! `aws.elasticache`: cache clusters and replication groups: reboot
//! nodes, delete, fail over a node group; node counts and status.

use super::boto::{self, boto};
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
    let (out, response) = boto!(
        boto::elasticache,
        "DescribeCacheClusters",
        cache
            .describe_cache_clusters()
            .cache_cluster_id(&args.cluster_id)
            .show_cache_node_info(args.show_node_info == Some(true))
    );
    if out.cache_clusters().is_empty() {
        return Err(Error::failed_action(format!(
            "no cache cluster `{}`",
            args.cluster_id
        )));
    }
    Ok(response)
}

async fn get_cache_node_count(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<i32, Error> {
    let cache = cache(&aws, &ctx).await?;
    // No count given reads as 0, and no status as "", as in the driver.
    Ok(cluster(&cache, &args.cluster_id, false)
        .await?
        .num_cache_nodes()
        .unwrap_or_default())
}

async fn get_cache_node_status(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cache = cache(&aws, &ctx).await?;
    Ok(json!(cluster(&cache, &args.cluster_id, false)
        .await?
        .cache_cluster_status()
        .unwrap_or_default()))
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
    let (_, response) = boto!(
        boto::elasticache,
        "TestFailover",
        cache.test_failover()
            .replication_group_id(id)
            .node_group_id(&node_group)
    );
    ctx.log(format!("failing over node group `{node_group}` of `{id}`"));
    Ok(response)
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
        let (_, response) = boto!(
            boto::elasticache,
            "RebootCacheCluster",
            cache.reboot_cache_cluster()
                .cache_cluster_id(&id)
                .set_cache_node_ids_to_reboot(Some(nodes.clone()))
        );
        ctx.log(format!("rebooting nodes {nodes:?} of `{id}`"));
        responses.push(response["CacheCluster"].clone());
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
        let (_, response) = boto!(
            boto::elasticache,
            "DeleteCacheCluster",
            cache.delete_cache_cluster()
                .cache_cluster_id(id)
                .set_final_snapshot_identifier(args.final_snapshot_id.clone())
        );
        ctx.log(format!("deleting cache cluster `{id}`"));
        responses.push(response["CacheCluster"].clone());
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
        let (_, response) = boto!(
            boto::elasticache,
            "DeleteReplicationGroup",
            cache.delete_replication_group()
                .replication_group_id(id)
                .retain_primary_cluster(args.retain_primary_cluster)
                .set_final_snapshot_identifier(args.final_snapshot_id.clone())
        );
        ctx.log(format!("deleting replication group `{id}`"));
        responses.push(response["ReplicationGroup"].clone());
    }
    Ok(Value::Array(responses))
}
