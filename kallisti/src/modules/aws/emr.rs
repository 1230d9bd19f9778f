//! `aws.emr`: EMR clusters, instance groups and fleets: resize, shrink
//! policies, step concurrency; descriptions and instance lists.

use super::boto::{self, boto, boto_pages};
use super::client::{dry_run, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_emr::types::{
    InstanceFleetModifyConfig, InstanceFleetType,
    InstanceGroupModifyConfig, InstanceGroupType, InstanceResizePolicy, InstanceState,
    ShrinkPolicy,
};
use aws_sdk_emr::Client;
use serde::Deserialize;
use serde_json::{json, Value};

/// The `aws.emr` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::emr::EMR)
        .with_common::<Connection>()
        .action("describe_cluster", describe_cluster)
        .action("describe_instance_fleet", describe_instance_fleet)
        .action("describe_instance_group", describe_instance_group)
        .action("list_cluster_fleet_instances", list_cluster_fleet_instances)
        .action("list_cluster_group_instances", list_cluster_group_instances)
        .action("modify_cluster", modify_cluster)
        .action("modify_instance_fleet", modify_instance_fleet)
        .action(
            "modify_instance_groups_instance_count",
            modify_instance_groups_instance_count,
        )
        .action(
            "modify_instance_groups_shrink_policy",
            modify_instance_groups_shrink_policy,
        )
        .into()
}

async fn emr(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

#[derive(Debug, Deserialize)]
struct ClusterArgs {
    cluster_id: String,
}

impl ActionArgs for ClusterArgs {}

async fn cluster(emr: &Client, id: &str) -> Result<Value, Error> {
    let (_, response) = boto!(
        boto::emr,
        "DescribeCluster",
        emr.describe_cluster().cluster_id(id)
    );
    Ok(response)
}

async fn describe_cluster(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let emr = emr(&aws, &ctx).await?;
    cluster(&emr, &args.cluster_id).await
}

/// The item of `listing` (`InstanceFleets`, `InstanceGroups`) whose `Id`
/// is `id`, as boto3 reads it, or null when the cluster has none: the
/// driver answers null there rather than failing.
fn listed(response: &Value, listing: &str, id: &str) -> Value {
    response[listing]
        .as_array()
        .and_then(|items| items.iter().find(|item| item["Id"] == id))
        .cloned()
        .unwrap_or_default()
}

/// Fleet `id` of `cluster`, as boto3 reads it (null when there is none).
async fn fleet(emr: &Client, cluster: &str, id: &str) -> Result<Value, Error> {
    let (_, response) = boto_pages!(
        boto::emr,
        "ListInstanceFleets",
        emr.list_instance_fleets().cluster_id(cluster),
        set_marker,
        marker,
        "Marker"
    );
    Ok(listed(&response, "InstanceFleets", id))
}

/// Group `id` of `cluster`, as boto3 reads it (null when there is none).
async fn group(emr: &Client, cluster: &str, id: &str) -> Result<Value, Error> {
    let (_, response) = boto_pages!(
        boto::emr,
        "ListInstanceGroups",
        emr.list_instance_groups().cluster_id(cluster),
        set_marker,
        marker,
        "Marker"
    );
    Ok(listed(&response, "InstanceGroups", id))
}

/// A dry run's check that the fleet or group it would change exists, as
/// EMR would refuse the change otherwise.
fn must_exist(found: Value, cluster: &str, what: &str, id: &str) -> Result<(), Error> {
    match found {
        Value::Null => Err(Error::failed_action(format!(
            "cluster `{cluster}` has no {what} `{id}`"
        ))),
        _ => Ok(()),
    }
}

#[derive(Debug, Deserialize)]
struct FleetArgs {
    cluster_id: String,
    fleet_id: String,
    fleet_type: Option<String>,
    instance_states: Option<Vec<String>>,
    on_demand_capacity: Option<i32>,
    spot_capacity: Option<i32>,
}

fn check_states(states: &Option<Vec<String>>) -> Result<(), Error> {
    for s in states.iter().flatten() {
        if !InstanceState::values().contains(&s.as_str()) {
            return Err(Error::invalid_argument(
                "instance_states",
                format!("`{s}` is not one of {}", InstanceState::values().join(", ")),
            ));
        }
    }
    Ok(())
}

impl ActionArgs for FleetArgs {
    fn check(&self) -> Result<(), Error> {
        check_states(&self.instance_states)?;
        if let Some(t) = &self.fleet_type {
            if !InstanceFleetType::values().contains(&t.as_str()) {
                return Err(Error::invalid_argument(
                    "fleet_type",
                    format!(
                        "`{t}` is not one of {}",
                        InstanceFleetType::values().join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }
}

async fn describe_instance_fleet(
    args: FleetArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let emr = emr(&aws, &ctx).await?;
    // The driver's key, plural though it holds the one fleet.
    Ok(json!({"InstanceFleets": fleet(&emr, &args.cluster_id, &args.fleet_id).await?}))
}

/// Every instance `$request` (a `ListInstances` builder) lists, under
/// `Instances` alone, as the driver gathers them.
macro_rules! instances {
    ($request:expr) => {{
        let (_, response) = boto_pages!(boto::emr, "ListInstances", $request, set_marker, marker, "Marker");
        json!({"Instances": response["Instances"]})
    }};
}

fn states(given: &Option<Vec<String>>) -> Option<Vec<InstanceState>> {
    given
        .as_ref()
        .map(|s| s.iter().map(|x| InstanceState::from(x.as_str())).collect())
}

async fn list_cluster_fleet_instances(
    args: FleetArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let emr = emr(&aws, &ctx).await?;
    Ok(instances!(emr
        .list_instances()
        .cluster_id(&args.cluster_id)
        .instance_fleet_id(&args.fleet_id)
        .set_instance_fleet_type(args.fleet_type.as_deref().map(InstanceFleetType::from))
        .set_instance_states(states(&args.instance_states))))
}

/// A fleet's new capacities: at least one.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
struct CapacityArgs(FleetArgs);

impl ActionArgs for CapacityArgs {
    fn check(&self) -> Result<(), Error> {
        self.0.check()?;
        if self.0.on_demand_capacity.is_none() && self.0.spot_capacity.is_none() {
            return Err(Error::invalid_argument(
                "on_demand_capacity",
                "give `on_demand_capacity`, `spot_capacity`, or both",
            ));
        }
        Ok(())
    }
}

async fn modify_instance_fleet(
    CapacityArgs(args): CapacityArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let emr = emr(&aws, &ctx).await?;
    let would = format!(
        "set fleet `{}` to {:?} on-demand, {:?} spot",
        args.fleet_id, args.on_demand_capacity, args.spot_capacity
    );
    if ctx.dry_run() {
        let found = fleet(&emr, &args.cluster_id, &args.fleet_id).await?;
        must_exist(found, &args.cluster_id, "instance fleet", &args.fleet_id)?;
        return Ok(dry_run(&ctx, would, json!(args.fleet_id)).unwrap_or_default());
    }
    emr.modify_instance_fleet()
        .cluster_id(&args.cluster_id)
        .instance_fleet(
            InstanceFleetModifyConfig::builder()
                .instance_fleet_id(&args.fleet_id)
                .set_target_on_demand_capacity(args.on_demand_capacity)
                .set_target_spot_capacity(args.spot_capacity)
                .build(),
        )
        .send()
        .await
        .or_fail("ModifyInstanceFleet")?;
    ctx.log(would);
    // The driver's key, plural though it holds the one fleet.
    Ok(json!({"InstanceFleets": fleet(&emr, &args.cluster_id, &args.fleet_id).await?}))
}

#[derive(Debug, Deserialize)]
struct GroupArgs {
    cluster_id: String,
    group_id: String,
    group_type: Option<String>,
    instance_states: Option<Vec<String>>,
    instance_count: Option<i32>,
    decommission_timeout: Option<i32>,
    terminate_instances: Option<Vec<String>>,
    protect_instances: Option<Vec<String>>,
    termination_timeout: Option<i32>,
}

impl ActionArgs for GroupArgs {
    fn check(&self) -> Result<(), Error> {
        check_states(&self.instance_states)?;
        if let Some(t) = &self.group_type {
            if !InstanceGroupType::values().contains(&t.as_str()) {
                return Err(Error::invalid_argument(
                    "group_type",
                    format!(
                        "`{t}` is not one of {}",
                        InstanceGroupType::values().join(", ")
                    ),
                ));
            }
        }
        if matches!(self.instance_count, Some(n) if n < 0) {
            return Err(Error::invalid_argument(
                "instance_count",
                "must be 0 or more",
            ));
        }
        Ok(())
    }
}

async fn describe_instance_group(
    args: GroupArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let emr = emr(&aws, &ctx).await?;
    // The driver's key, plural though it holds the one group.
    Ok(json!({"InstanceGroups": group(&emr, &args.cluster_id, &args.group_id).await?}))
}

async fn list_cluster_group_instances(
    args: GroupArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let emr = emr(&aws, &ctx).await?;
    Ok(instances!(emr
        .list_instances()
        .cluster_id(&args.cluster_id)
        .instance_group_id(&args.group_id)
        .set_instance_group_types(
            args.group_type
                .as_deref()
                .map(|t| vec![InstanceGroupType::from(t)])
        )
        .set_instance_states(states(&args.instance_states))))
}

/// Applies one instance group change (or says what it would do).
async fn modify_group(
    args: &GroupArgs,
    aws: &Connection,
    ctx: &StepContext,
    would: String,
    config: InstanceGroupModifyConfig,
) -> Result<Value, Error> {
    let emr = emr(aws, ctx).await?;
    if ctx.dry_run() {
        let found = group(&emr, &args.cluster_id, &args.group_id).await?;
        must_exist(found, &args.cluster_id, "instance group", &args.group_id)?;
        return Ok(dry_run(ctx, would, json!(args.group_id)).unwrap_or_default());
    }
    emr.modify_instance_groups()
        .cluster_id(&args.cluster_id)
        .instance_groups(config)
        .send()
        .await
        .or_fail("ModifyInstanceGroups")?;
    ctx.log(would);
    // The driver's key, plural though it holds the one group.
    Ok(json!({"InstanceGroups": group(&emr, &args.cluster_id, &args.group_id).await?}))
}

/// A group's new size.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
struct SizeArgs(GroupArgs);

impl ActionArgs for SizeArgs {
    fn check(&self) -> Result<(), Error> {
        self.0.check()?;
        if self.0.instance_count.is_none() {
            return Err(Error::invalid_argument("instance_count", "is required"));
        }
        Ok(())
    }
}

/// A group's new shrink policy: at least one of its parts.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
struct ShrinkArgs(GroupArgs);

impl ActionArgs for ShrinkArgs {
    fn check(&self) -> Result<(), Error> {
        self.0.check()?;
        let a = &self.0;
        if a.decommission_timeout.is_none()
            && a.terminate_instances.is_none()
            && a.protect_instances.is_none()
        {
            return Err(Error::invalid_argument(
                "decommission_timeout",
                "give `decommission_timeout`, `terminate_instances` or `protect_instances`",
            ));
        }
        Ok(())
    }
}

async fn modify_instance_groups_instance_count(
    SizeArgs(args): SizeArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let count = args.instance_count.unwrap_or_default();
    let config = InstanceGroupModifyConfig::builder()
        .instance_group_id(&args.group_id)
        .instance_count(count)
        .build();
    modify_group(
        &args,
        &aws,
        &ctx,
        format!("resize group `{}` to {count}", args.group_id),
        config,
    )
    .await
}

async fn modify_instance_groups_shrink_policy(
    ShrinkArgs(args): ShrinkArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let resize = (args.terminate_instances.is_some()
        || args.protect_instances.is_some()
        || args.termination_timeout.is_some())
    .then(|| {
        InstanceResizePolicy::builder()
            .set_instances_to_terminate(args.terminate_instances.clone())
            .set_instances_to_protect(args.protect_instances.clone())
            .set_instance_termination_timeout(args.termination_timeout)
            .build()
    });
    let config = InstanceGroupModifyConfig::builder()
        .instance_group_id(&args.group_id)
        .shrink_policy(
            ShrinkPolicy::builder()
                .set_decommission_timeout(args.decommission_timeout)
                .set_instance_resize_policy(resize)
                .build(),
        )
        .build();
    modify_group(
        &args,
        &aws,
        &ctx,
        format!("set the shrink policy of group `{}`", args.group_id),
        config,
    )
    .await
}

#[derive(Debug, Deserialize)]
struct ConcurrencyArgs {
    cluster_id: String,
    concurrency: i32,
}

impl ActionArgs for ConcurrencyArgs {
    fn check(&self) -> Result<(), Error> {
        if !(1..=256).contains(&self.concurrency) {
            return Err(Error::invalid_argument(
                "concurrency",
                format!("must be between 1 and 256, not {}", self.concurrency),
            ));
        }
        Ok(())
    }
}

async fn modify_cluster(
    args: ConcurrencyArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let emr = emr(&aws, &ctx).await?;
    let would = format!(
        "set the step concurrency of `{}` to {}",
        args.cluster_id, args.concurrency
    );
    if ctx.dry_run() {
        cluster(&emr, &args.cluster_id).await?;
        return Ok(dry_run(&ctx, would, json!(args.cluster_id)).unwrap_or_default());
    }
    let (_, response) = boto!(
        boto::emr,
        "ModifyCluster",
        emr.modify_cluster()
            .cluster_id(&args.cluster_id)
            .step_concurrency_level(args.concurrency)
    );
    ctx.log(would);
    Ok(response)
}
