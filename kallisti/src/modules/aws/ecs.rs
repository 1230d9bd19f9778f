//! `aws.ecs`: clusters, services, tasks and container instances: stop
//! random tasks, change desired counts and deployments, delete.
//!
//! Results use ECS's own (camelCase) field names, as boto3 shows them.

use super::boto::{self, boto};
use super::client::{
    all_pages, check_count_or_percent, choice, dry_run, how_many, parse_tags, pick,
    Connection, OrFail,
};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_ecs::types::{
    ContainerInstanceStatus, DeploymentConfiguration, DesiredStatus,
    PlacementStrategy, PlacementStrategyType, Service, Tag,
};
use aws_sdk_ecs::Client;
use serde::Deserialize;
use serde_json::{json, Value};

/// The `aws.ecs` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::ecs::ECS)
        .with_common::<Connection>()
        .action(
            "are_all_desired_tasks_running",
            are_all_desired_tasks_running,
        )
        .action("delete_cluster", delete_cluster)
        .action("delete_service", delete_service)
        .action(
            "deregister_container_instance",
            deregister_container_instance,
        )
        .action("describe_cluster", describe_cluster)
        .action("describe_service", describe_service)
        .action("describe_tasks", describe_tasks)
        .action("service_is_deploying", service_is_deploying)
        .action(
            "set_service_deployment_configuration",
            set_service_deployment_configuration,
        )
        .action(
            "set_service_placement_strategy",
            set_service_placement_strategy,
        )
        .action("stop_random_tasks", stop_random_tasks)
        .action("stop_task", stop_task)
        .action("tag_resource", tag_resource)
        .action("untag_resource", untag_resource)
        .action(
            "update_container_instances_state",
            update_container_instances_state,
        )
        .action("update_desired_count", update_desired_count)
        .into()
}

async fn ecs(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

/// The running tasks' ARNs of `cluster` (of `service` only, when given).
async fn running_tasks(
    ecs: &Client,
    cluster: &str,
    service: Option<&str>,
) -> Result<Vec<String>, Error> {
    Ok(all_pages!(
        ecs.list_tasks()
            .cluster(cluster)
            .set_service_name(service.map(str::to_string))
            .desired_status(DesiredStatus::Running),
        set_next_token,
        next_token,
        "ListTasks",
        |page| page.task_arns().iter().cloned()
    ))
}

/// The one service named, or a `FailedAction` saying it is not there.
async fn service(ecs: &Client, cluster: &str, name: &str) -> Result<Service, Error> {
    let out = ecs
        .describe_services()
        .cluster(cluster)
        .services(name)
        .send()
        .await
        .or_fail("DescribeServices")?;
    out.services()
        .first()
        .cloned()
        .ok_or_else(|| Error::failed_action(format!("no service `{name}` in cluster `{cluster}`")))
}

#[derive(Debug, Deserialize)]
struct ClusterArgs {
    cluster: String,
}

impl ActionArgs for ClusterArgs {}

async fn describe_cluster(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    let (out, response) = boto!(
        boto::ecs,
        "DescribeClusters",
        ecs.describe_clusters().clusters(&args.cluster)
    );
    if out.clusters().is_empty() {
        return Err(Error::failed_action(format!("no cluster `{}`", args.cluster)));
    }
    Ok(response)
}

async fn delete_cluster(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    if ctx.dry_run() {
        let out = ecs
            .describe_clusters()
            .clusters(&args.cluster)
            .send()
            .await
            .or_fail("DescribeClusters")?;
        if out.clusters().is_empty() {
            return Err(Error::failed_action(format!(
                "no cluster `{}`",
                args.cluster
            )));
        }
        return Ok(dry_run(
            &ctx,
            format!("delete cluster `{}`", args.cluster),
            json!(args.cluster),
        )
        .unwrap_or_default());
    }
    let (_, response) = boto!(
        boto::ecs,
        "DeleteCluster",
        ecs.delete_cluster()
            .cluster(&args.cluster)
    );
    ctx.log(format!("deleted cluster `{}`", args.cluster));
    Ok(response)
}

async fn describe_tasks(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    let arns = running_tasks(&ecs, &args.cluster, None).await?;
    if arns.is_empty() {
        return Err(Error::failed_action(format!(
            "cluster `{}` has no running task",
            args.cluster
        )));
    }
    let mut responses = Vec::new();
    // DescribeTasks takes at most 100 tasks (the driver fails beyond).
    for chunk in arns.chunks(100) {
        let (_, response) = boto!(
            boto::ecs,
            "DescribeTasks",
            ecs.describe_tasks()
                .cluster(&args.cluster)
                .set_tasks(Some(chunk.to_vec()))
        );
        responses.push(response);
    }
    Ok(boto::join_pages(responses, "nextToken"))
}

#[derive(Debug, Deserialize)]
struct ServiceArgs {
    cluster: String,
    service: String,
}

impl ActionArgs for ServiceArgs {}

async fn describe_service(
    args: ServiceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    let (out, response) = boto!(
        boto::ecs,
        "DescribeServices",
        ecs.describe_services()
            .cluster(&args.cluster)
            .services(&args.service)
    );
    if out.services().is_empty() {
        return Err(Error::failed_action(format!(
            "no service `{}` in cluster `{}`",
            args.service, args.cluster
        )));
    }
    Ok(response)
}

async fn are_all_desired_tasks_running(
    args: ServiceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<bool, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    let found = service(&ecs, &args.cluster, &args.service).await?;
    ctx.log(format!(
        "service `{}`: {} running of {} desired",
        args.service,
        found.running_count(),
        found.desired_count()
    ));
    Ok(found.running_count() == found.desired_count())
}

async fn service_is_deploying(
    args: ServiceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<bool, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    let found = service(&ecs, &args.cluster, &args.service).await?;
    Ok(found
        .deployments()
        .iter()
        .any(|d| d.status() != Some("PRIMARY")))
}

/// Applies an `UpdateService` built by `change` to one service (or says what
/// it would change under dry run).
async fn update_service(
    ctx: &StepContext,
    aws: &Connection,
    cluster: &str,
    name: &str,
    would: String,
    change: impl FnOnce(
        aws_sdk_ecs::operation::update_service::builders::UpdateServiceFluentBuilder,
    )
        -> aws_sdk_ecs::operation::update_service::builders::UpdateServiceFluentBuilder,
) -> Result<Value, Error> {
    let ecs = ecs(aws, ctx).await?;
    if ctx.dry_run() {
        service(&ecs, cluster, name).await?;
        return Ok(
            dry_run(ctx, format!("{would} of service `{name}`"), json!(name)).unwrap_or_default(),
        );
    }
    let (_, response) = boto!(
        boto::ecs,
        "UpdateService",
        change(ecs.update_service().cluster(cluster).service(name))
    );
    ctx.log(format!("{would} of service `{name}`: done"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct DesiredCountArgs {
    cluster: String,
    service: String,
    desired_count: i32,
}

impl ActionArgs for DesiredCountArgs {
    fn check(&self) -> Result<(), Error> {
        if self.desired_count < 0 {
            return Err(Error::invalid_argument(
                "desired_count",
                format!("must be 0 or more, not {}", self.desired_count),
            ));
        }
        Ok(())
    }
}

async fn update_desired_count(
    args: DesiredCountArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let count = args.desired_count;
    update_service(
        &ctx,
        &aws,
        &args.cluster,
        &args.service,
        format!("set the desired count to {count}"),
        |u| u.desired_count(count),
    )
    .await
}

#[derive(Debug, Deserialize)]
struct DeploymentArgs {
    cluster: String,
    service: String,
    maximum_percent: i32,
    minimum_healthy_percent: i32,
}

impl ActionArgs for DeploymentArgs {
    fn check(&self) -> Result<(), Error> {
        if self.minimum_healthy_percent < 0 || self.minimum_healthy_percent > 100 {
            return Err(Error::invalid_argument(
                "minimum_healthy_percent",
                format!(
                    "must be between 0 and 100, not {}",
                    self.minimum_healthy_percent
                ),
            ));
        }
        if self.maximum_percent < self.minimum_healthy_percent {
            return Err(Error::invalid_argument(
                "maximum_percent",
                "must not be below `minimum_healthy_percent`",
            ));
        }
        Ok(())
    }
}

async fn set_service_deployment_configuration(
    args: DeploymentArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let config = DeploymentConfiguration::builder()
        .maximum_percent(args.maximum_percent)
        .minimum_healthy_percent(args.minimum_healthy_percent)
        .build();
    update_service(
        &ctx,
        &aws,
        &args.cluster,
        &args.service,
        format!(
            "set the deployment configuration to {}%..{}%",
            args.minimum_healthy_percent, args.maximum_percent
        ),
        |u| u.deployment_configuration(config),
    )
    .await
}

choice! {
    /// How ECS places a service's tasks.
    PlacementType { Random = "random", Spread = "spread", Binpack = "binpack" }
}

#[derive(Debug, Deserialize)]
struct PlacementArgs {
    cluster: String,
    service: String,
    placement_type: PlacementType,
    placement_field: Option<String>,
}

impl ActionArgs for PlacementArgs {
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }
}

async fn set_service_placement_strategy(
    args: PlacementArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let strategy = PlacementStrategy::builder()
        .r#type(PlacementStrategyType::from(args.placement_type.as_str()))
        .set_field(args.placement_field.clone())
        .build();
    update_service(
        &ctx,
        &aws,
        &args.cluster,
        &args.service,
        format!(
            "set the placement strategy to `{}`",
            args.placement_type.as_str()
        ),
        |u| u.placement_strategy(strategy),
    )
    .await
}

#[derive(Debug, Deserialize)]
struct DeleteServiceArgs {
    service: Option<String>,
    cluster: Option<String>,
    service_pattern: Option<String>,
}

impl ActionArgs for DeleteServiceArgs {
    fn check(&self) -> Result<(), Error> {
        if self.service.is_none() && self.service_pattern.is_none() {
            return Err(Error::invalid_argument(
                "service",
                "give `service` or `service_pattern`",
            ));
        }
        if let Some(pattern) = &self.service_pattern {
            regex::Regex::new(pattern)
                .map_err(|e| Error::invalid_argument("service_pattern", e.to_string()))?;
        }
        Ok(())
    }
}

async fn delete_service(
    args: DeleteServiceArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    let cluster = args.cluster.clone().unwrap_or_else(|| "default".into());
    let name = match (&args.service, &args.service_pattern) {
        (Some(name), _) => name.clone(),
        (None, Some(pattern)) => {
            let pattern = regex::Regex::new(pattern)
                .map_err(|e| Error::invalid_argument("service_pattern", e.to_string()))?;
            let out = ecs
                .list_services()
                .cluster(&cluster)
                .send()
                .await
                .or_fail("ListServices")?;
            let matching: Vec<String> = out
                .service_arns()
                .iter()
                .map(|arn| arn.rsplit('/').next().unwrap_or(arn).to_string())
                .filter(|name| pattern.is_match(name))
                .collect();
            pick(&ctx, matching, 1).pop().ok_or_else(|| {
                Error::failed_action(format!(
                    "no service of cluster `{cluster}` matches `{pattern}`"
                ))
            })?
        }
        (None, None) => unreachable!("checked before the step ran"),
    };
    if ctx.dry_run() {
        service(&ecs, &cluster, &name).await?;
        return Ok(
            dry_run(&ctx, format!("delete service `{name}`"), json!(name)).unwrap_or_default(),
        );
    }
    // A service must be scaled to zero before it can be deleted; letting
    // every task go at once (0% healthy, 100% at most) as the driver does.
    ecs.update_service()
        .cluster(&cluster)
        .service(&name)
        .desired_count(0)
        .deployment_configuration(
            DeploymentConfiguration::builder()
                .maximum_percent(100)
                .minimum_healthy_percent(0)
                .build(),
        )
        .send()
        .await
        .or_fail("UpdateService")?;
    let (_, response) = boto!(
        boto::ecs,
        "DeleteService",
        ecs.delete_service()
            .cluster(&cluster)
            .service(&name)
    );
    ctx.log(format!("deleted service `{name}` of cluster `{cluster}`"));
    Ok(response)
}

/// Stops these tasks, each with `reason`.
async fn stop_tasks(
    ecs: &Client,
    ctx: &StepContext,
    cluster: &str,
    arns: Vec<String>,
    reason: &str,
) -> Result<Vec<Value>, Error> {
    let mut stopped = Vec::new();
    for arn in arns {
        let (_, response) = boto!(
            boto::ecs,
            "StopTask",
            ecs.stop_task()
                .cluster(cluster)
                .task(&arn)
                .reason(reason)
        );
        ctx.log(format!("stopped task {arn}"));
        stopped.push(response);
    }
    Ok(stopped)
}

#[derive(Debug, Deserialize)]
struct RandomTasksArgs {
    cluster: String,
    task_count: Option<i64>,
    task_percent: Option<i64>,
    service: Option<String>,
    reason: String,
}

impl ActionArgs for RandomTasksArgs {
    fn check(&self) -> Result<(), Error> {
        check_count_or_percent(
            "task_count",
            self.task_count,
            "task_percent",
            self.task_percent,
        )
    }
}

async fn stop_random_tasks(
    args: RandomTasksArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    let running = running_tasks(&ecs, &args.cluster, args.service.as_deref()).await?;
    let place = match &args.service {
        Some(s) => format!("service `{s}` of cluster `{}`", args.cluster),
        None => format!("cluster `{}`", args.cluster),
    };
    if let Some(count) = args.task_count {
        if count as usize > running.len() {
            return Err(Error::failed_action(format!(
                "{place} has {} running task(s), fewer than the {count} to stop",
                running.len()
            )));
        }
    }
    if running.is_empty() {
        return Err(Error::failed_action(format!("{place} has no running task")));
    }
    let n = how_many(running.len(), args.task_count, args.task_percent);
    let chosen = pick(&ctx, running, n);
    if let Some(report) = dry_run(
        &ctx,
        format!("stop tasks {chosen:?} of {place}"),
        json!(chosen),
    ) {
        return Ok(report);
    }
    let stopped = stop_tasks(&ecs, &ctx, &args.cluster, chosen, &args.reason).await?;
    // Each task as the driver reports it: its ARN and desired status.
    Ok(stopped
        .iter()
        .map(|r| json!({"Task_Id": r["task"]["taskArn"], "Desired_Status": r["task"]["desiredStatus"]}))
        .collect())
}

#[derive(Debug, Deserialize)]
struct StopTaskArgs {
    cluster: Option<String>,
    task_id: Option<String>,
    service: Option<String>,
    reason: String,
}

impl ActionArgs for StopTaskArgs {
    fn check(&self) -> Result<(), Error> {
        if self.task_id.is_none() && self.service.is_none() {
            return Err(Error::invalid_argument(
                "task_id",
                "give `task_id`, or `service` to stop one of its tasks at random",
            ));
        }
        Ok(())
    }
}

async fn stop_task(args: StopTaskArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    let cluster = args.cluster.clone().unwrap_or_else(|| "default".into());
    let task = match (&args.task_id, &args.service) {
        (Some(task), _) => task.clone(),
        (None, Some(service)) => {
            let running = running_tasks(&ecs, &cluster, Some(service)).await?;
            pick(&ctx, running, 1).pop().ok_or_else(|| {
                Error::failed_action(format!("service `{service}` has no running task"))
            })?
        }
        (None, None) => unreachable!("checked before the step ran"),
    };
    if let Some(report) = dry_run(&ctx, format!("stop task {task}"), json!([task])) {
        return Ok(report);
    }
    let mut stopped = stop_tasks(&ecs, &ctx, &cluster, vec![task], &args.reason).await?;
    Ok(stopped.pop().unwrap_or_default())
}

#[derive(Debug, Deserialize)]
struct DeregisterArgs {
    cluster: String,
    instance_id: String,
    force: bool,
}

impl ActionArgs for DeregisterArgs {}

async fn deregister_container_instance(
    args: DeregisterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    if ctx.dry_run() {
        let out = ecs
            .describe_container_instances()
            .cluster(&args.cluster)
            .container_instances(&args.instance_id)
            .send()
            .await
            .or_fail("DescribeContainerInstances")?;
        if out.container_instances().is_empty() {
            return Err(Error::failed_action(format!(
                "no container instance `{}` in cluster `{}`",
                args.instance_id, args.cluster
            )));
        }
        return Ok(dry_run(
            &ctx,
            format!("deregister container instance `{}`", args.instance_id),
            json!(args.instance_id),
        )
        .unwrap_or_default());
    }
    let (_, response) = boto!(
        boto::ecs,
        "DeregisterContainerInstance",
        ecs.deregister_container_instance()
            .cluster(&args.cluster)
            .container_instance(&args.instance_id)
            .force(args.force)
    );
    ctx.log(format!(
        "deregistered container instance `{}`",
        args.instance_id
    ));
    Ok(response)
}

choice! {
    /// The state a container instance is set to.
    InstanceStatus { Active = "ACTIVE", Draining = "DRAINING" }
}

#[derive(Debug, Deserialize)]
struct InstancesStateArgs {
    cluster: String,
    container_instances: Vec<String>,
    status: InstanceStatus,
}

impl ActionArgs for InstancesStateArgs {
    fn check(&self) -> Result<(), Error> {
        if self.container_instances.is_empty() {
            return Err(Error::invalid_argument("container_instances", "is empty"));
        }
        Ok(())
    }
}

async fn update_container_instances_state(
    args: InstancesStateArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    if let Some(report) = dry_run(
        &ctx,
        format!(
            "set container instances {:?} to {}",
            args.container_instances,
            args.status.as_str()
        ),
        json!(args.container_instances),
    ) {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::ecs,
        "UpdateContainerInstancesState",
        ecs.update_container_instances_state()
            .cluster(&args.cluster)
            .set_container_instances(Some(args.container_instances.clone()))
            .status(ContainerInstanceStatus::from(args.status.as_str()))
    );
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct TagArgs {
    tags: Value,
    resource_arn: String,
}

impl ActionArgs for TagArgs {
    fn check(&self) -> Result<(), Error> {
        parse_tags("tags", &self.tags).map(|_| ())
    }
}

async fn tag_resource(args: TagArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    let tags = parse_tags("tags", &args.tags)?;
    if let Some(report) = dry_run(
        &ctx,
        format!("tag `{}` with {tags:?}", args.resource_arn),
        json!(args.resource_arn),
    ) {
        return Ok(report);
    }
    ecs.tag_resource()
        .resource_arn(&args.resource_arn)
        .set_tags(Some(
            tags.iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect(),
        ))
        .send()
        .await
        .or_fail("TagResource")?;
    Ok(Value::Null)
}

#[derive(Debug, Deserialize)]
struct UntagArgs {
    tag_keys: Vec<String>,
    resource_arn: String,
}

impl ActionArgs for UntagArgs {}

async fn untag_resource(
    args: UntagArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let ecs = ecs(&aws, &ctx).await?;
    if let Some(report) = dry_run(
        &ctx,
        format!(
            "remove tags {:?} from `{}`",
            args.tag_keys, args.resource_arn
        ),
        json!(args.resource_arn),
    ) {
        return Ok(report);
    }
    ecs.untag_resource()
        .resource_arn(&args.resource_arn)
        .set_tag_keys(Some(args.tag_keys.clone()))
        .send()
        .await
        .or_fail("UntagResource")?;
    Ok(Value::Null)
}
