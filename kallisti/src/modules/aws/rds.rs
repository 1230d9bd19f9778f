//! `aws.rds`: DB instances and clusters (fail over, reboot, stop, delete)
//! and their status.

use super::boto::{self, boto};
use super::client::{all_pages, dry_run, dry_run_after, parse_filters, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_rds::types::{DbCluster, DbInstance, Filter};
use aws_sdk_rds::Client;
use serde::Deserialize;
use serde_json::{json, Value};

/// The `aws.rds` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::rds::RDS)
        .with_common::<Connection>()
        .action("cluster_membership_count", cluster_membership_count)
        .action("cluster_status", cluster_status)
        .action("delete_db_cluster", delete_db_cluster)
        .action("delete_db_cluster_endpoint", delete_db_cluster_endpoint)
        .action("delete_db_instance", delete_db_instance)
        .action("failover_db_cluster", failover_db_cluster)
        .action("instance_status", instance_status)
        .action("reboot_db_instance", reboot_db_instance)
        .action("stop_db_cluster", stop_db_cluster)
        .action("stop_db_instance", stop_db_instance)
        .into()
}

async fn rds(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

fn filters(given: &[Value]) -> Result<Vec<Filter>, Error> {
    Ok(parse_filters("filters", given)?
        .into_iter()
        .map(|(name, values)| {
            Filter::builder()
                .name(name)
                .set_values(Some(values))
                .build()
        })
        .collect())
}

async fn clusters(
    rds: &Client,
    id: Option<&str>,
    filters: Option<Vec<Filter>>,
) -> Result<Vec<DbCluster>, Error> {
    Ok(all_pages!(
        rds.describe_db_clusters()
            .set_db_cluster_identifier(id.map(str::to_string))
            .set_filters(filters),
        set_marker,
        marker,
        "DescribeDBClusters",
        |page| page.db_clusters().iter().cloned()
    ))
}

async fn instances(
    rds: &Client,
    id: Option<&str>,
    filters: Option<Vec<Filter>>,
) -> Result<Vec<DbInstance>, Error> {
    Ok(all_pages!(
        rds.describe_db_instances()
            .set_db_instance_identifier(id.map(str::to_string))
            .set_filters(filters),
        set_marker,
        marker,
        "DescribeDBInstances",
        |page| page.db_instances().iter().cloned()
    ))
}

#[derive(Debug, Deserialize)]
struct ClusterArgs {
    #[serde(alias = "cluster_id")]
    db_cluster_identifier: String,
    target_db_instance_identifier: Option<String>,
    /// Declared by only some of the actions these arguments serve.
    skip_final_snapshot: Option<bool>,
    db_snapshot_identifier: Option<String>,
}

impl ActionArgs for ClusterArgs {
    fn check(&self) -> Result<(), Error> {
        if self.db_cluster_identifier.is_empty() {
            return Err(Error::invalid_argument("db_cluster_identifier", "is empty"));
        }
        if self.skip_final_snapshot == Some(false) && self.db_snapshot_identifier.is_none() {
            return Err(Error::invalid_argument(
                "db_snapshot_identifier",
                "is required when `skip_final_snapshot` is false",
            ));
        }
        Ok(())
    }
}

/// Under dry run: checks the cluster exists and says what would be done.
async fn dry_run_on_cluster(
    rds: &Client,
    ctx: &StepContext,
    id: &str,
    would: &str,
) -> Result<Option<Value>, Error> {
    let would = format!("{would} DB cluster `{id}`");
    dry_run_after(ctx, would, json!(id), clusters(rds, Some(id), None)).await
}

async fn dry_run_on_instance(
    rds: &Client,
    ctx: &StepContext,
    id: &str,
    would: &str,
) -> Result<Option<Value>, Error> {
    let would = format!("{would} DB instance `{id}`");
    dry_run_after(ctx, would, json!(id), instances(rds, Some(id), None)).await
}

async fn failover_db_cluster(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let rds = rds(&aws, &ctx).await?;
    let id = &args.db_cluster_identifier;
    if let Some(report) = dry_run_on_cluster(&rds, &ctx, id, "fail over").await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::rds,
        "FailoverDBCluster",
        rds.failover_db_cluster()
            .db_cluster_identifier(id)
            .set_target_db_instance_identifier(args.target_db_instance_identifier.clone())
    );
    ctx.log(format!(
        "failing over DB cluster `{id}`{}",
        args.target_db_instance_identifier
            .as_ref()
            .map(|t| format!(" to `{t}`"))
            .unwrap_or_default()
    ));
    Ok(response)
}

async fn stop_db_cluster(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let rds = rds(&aws, &ctx).await?;
    let id = &args.db_cluster_identifier;
    if let Some(report) = dry_run_on_cluster(&rds, &ctx, id, "stop").await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::rds,
        "StopDBCluster",
        rds.stop_db_cluster()
            .db_cluster_identifier(id)
    );
    ctx.log(format!("stopping DB cluster `{id}`"));
    Ok(response)
}

async fn delete_db_cluster(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let rds = rds(&aws, &ctx).await?;
    let id = &args.db_cluster_identifier;
    if let Some(report) = dry_run_on_cluster(&rds, &ctx, id, "delete").await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::rds,
        "DeleteDBCluster",
        rds.delete_db_cluster()
            .db_cluster_identifier(id)
            .skip_final_snapshot(args.skip_final_snapshot != Some(false))
            .set_final_db_snapshot_identifier(args.db_snapshot_identifier.clone())
    );
    ctx.log(format!("deleting DB cluster `{id}`"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct EndpointArgs {
    db_cluster_identifier: String,
}

impl ActionArgs for EndpointArgs {}

/// Deletes the custom cluster endpoint `db_cluster_identifier` names (the
/// driver's argument name, kept for compatibility).
async fn delete_db_cluster_endpoint(
    args: EndpointArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let rds = rds(&aws, &ctx).await?;
    let id = &args.db_cluster_identifier;
    if ctx.dry_run() {
        rds.describe_db_cluster_endpoints()
            .db_cluster_endpoint_identifier(id)
            .send()
            .await
            .or_fail("DescribeDBClusterEndpoints")?;
        return Ok(dry_run(
            &ctx,
            format!("delete DB cluster endpoint `{id}`"),
            json!(id),
        )
        .unwrap_or_default());
    }
    let (_, response) = boto!(
        boto::rds,
        "DeleteDBClusterEndpoint",
        rds.delete_db_cluster_endpoint()
            .db_cluster_endpoint_identifier(id)
    );
    ctx.log(format!("deleting DB cluster endpoint `{id}`"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct InstanceArgs {
    db_instance_identifier: String,
    /// Declared by only some of the actions these arguments serve.
    skip_final_snapshot: Option<bool>,
    db_snapshot_identifier: Option<String>,
    /// Declared by only some of the actions these arguments serve.
    delete_automated_backups: Option<bool>,
    /// Declared by only some of the actions these arguments serve.
    force_failover: Option<bool>,
}

impl ActionArgs for InstanceArgs {
    fn check(&self) -> Result<(), Error> {
        if self.db_instance_identifier.is_empty() {
            return Err(Error::invalid_argument(
                "db_instance_identifier",
                "is empty",
            ));
        }
        Ok(())
    }
}

async fn reboot_db_instance(
    args: InstanceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let rds = rds(&aws, &ctx).await?;
    let id = &args.db_instance_identifier;
    if let Some(report) = dry_run_on_instance(&rds, &ctx, id, "reboot").await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::rds,
        "RebootDBInstance",
        rds.reboot_db_instance()
            .db_instance_identifier(id)
            .force_failover(args.force_failover == Some(true))
    );
    ctx.log(format!("rebooting DB instance `{id}`"));
    Ok(response)
}

async fn stop_db_instance(
    args: InstanceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let rds = rds(&aws, &ctx).await?;
    let id = &args.db_instance_identifier;
    if let Some(report) = dry_run_on_instance(&rds, &ctx, id, "stop").await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::rds,
        "StopDBInstance",
        rds.stop_db_instance()
            .db_instance_identifier(id)
            .set_db_snapshot_identifier(args.db_snapshot_identifier.clone())
    );
    ctx.log(format!("stopping DB instance `{id}`"));
    Ok(response)
}

async fn delete_db_instance(
    args: InstanceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let rds = rds(&aws, &ctx).await?;
    let id = &args.db_instance_identifier;
    if args.skip_final_snapshot == Some(false) && args.db_snapshot_identifier.is_none() {
        return Err(Error::invalid_argument(
            "db_snapshot_identifier",
            "is required when `skip_final_snapshot` is false",
        ));
    }
    if let Some(report) = dry_run_on_instance(&rds, &ctx, id, "delete").await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::rds,
        "DeleteDBInstance",
        rds.delete_db_instance()
            .db_instance_identifier(id)
            .skip_final_snapshot(args.skip_final_snapshot != Some(false))
            .set_final_db_snapshot_identifier(args.db_snapshot_identifier.clone())
            .delete_automated_backups(args.delete_automated_backups != Some(false))
    );
    ctx.log(format!("deleting DB instance `{id}`"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct StatusArgs {
    #[serde(alias = "instance_id")]
    cluster_id: Option<String>,
    filters: Option<Vec<Value>>,
}

impl ActionArgs for StatusArgs {
    fn check(&self) -> Result<(), Error> {
        if let Some(f) = &self.filters {
            parse_filters("filters", f)?;
        }
        if self.cluster_id.is_none() && self.filters.is_none() {
            return Err(Error::invalid_argument(
                "filters",
                "give an identifier or `filters`",
            ));
        }
        Ok(())
    }
}

impl StatusArgs {
    fn filters(&self) -> Result<Option<Vec<Filter>>, Error> {
        self.filters.as_deref().map(filters).transpose()
    }
}

/// The status all share, or each distinct status once (as the driver
/// answers, by id or by filters alike).
fn one_or_all(statuses: Vec<Value>) -> Value {
    let mut distinct: Vec<Value> = Vec::new();
    for status in statuses {
        if !distinct.contains(&status) {
            distinct.push(status);
        }
    }
    if distinct.len() == 1 {
        distinct.pop().unwrap_or_default()
    } else {
        Value::Array(distinct)
    }
}

async fn cluster_status(
    args: StatusArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let rds = rds(&aws, &ctx).await?;
    let found = clusters(&rds, args.cluster_id.as_deref(), args.filters()?).await?;
    let statuses = found.iter().map(|c| json!(c.status())).collect();
    Ok(one_or_all(statuses))
}

async fn instance_status(
    args: StatusArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let rds = rds(&aws, &ctx).await?;
    let found = instances(&rds, args.cluster_id.as_deref(), args.filters()?).await?;
    let statuses = found
        .iter()
        .map(|i| json!(i.db_instance_status()))
        .collect();
    Ok(one_or_all(statuses))
}

#[derive(Debug, Deserialize)]
struct CountArgs {
    cluster_id: String,
}

impl ActionArgs for CountArgs {}

async fn cluster_membership_count(
    args: CountArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<usize, Error> {
    let rds = rds(&aws, &ctx).await?;
    let found = clusters(&rds, Some(&args.cluster_id), None).await?;
    Ok(found
        .first()
        .map(|c| c.db_cluster_members().len())
        .unwrap_or(0))
}
