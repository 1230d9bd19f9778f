//! `aws.fis`: AWS Fault Injection Service experiments: start and stop
//! them, stop every one with given tags, and the two scenarios the driver
//! builds itself ("AZ Availability: Power Interruption", "EKS Stress: Pod
//! Delete"), each a template created then started. What a scenario
//! creates is tagged, so the restore action finds and removes it.

use super::boto::{self, boto};
use super::client::{all_pages, dry_run, parse_tags, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_fis::types::{
    CreateExperimentTemplateActionInput, CreateExperimentTemplateLogConfigurationInput,
    CreateExperimentTemplateStopConditionInput, CreateExperimentTemplateTargetInput,
    ExperimentStatus, ExperimentTemplateCloudWatchLogsLogConfigurationInput,
    ExperimentTemplateTargetInputFilter,
};
use aws_sdk_fis::Client;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The `aws.fis` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::fis::FIS)
        .with_common::<Connection>()
        .action(
            "restore_availability_zone_power_after_interruption",
            restore_availability_zone_power_after_interruption,
        )
        .action(
            "start_availability_zone_power_interruption_scenario",
            start_availability_zone_power_interruption_scenario,
        )
        .action("start_experiment", start_experiment)
        .action(
            "start_stress_pod_delete_scenario",
            start_stress_pod_delete_scenario,
        )
        .action("stop_experiment", stop_experiment)
        .action("stop_experiments_by_tags", stop_experiments_by_tags)
        .into()
}

/// The tag marking what a scenario made when the step gives no tags.
const SCENARIO_TAG: (&str, &str) = ("kallisti-scenario", "az-power-interruption");

/// What FIS needs to run the AZ scenario, given to the role it creates
/// (inline, so nothing depends on managed policies existing).
const AZ_PERMISSIONS: &[&str] = &[
    "autoscaling:DescribeAutoScalingGroups",
    "ebs:PauseVolumeIO",
    "ec2:CreateNetworkAcl",
    "ec2:CreateNetworkAclEntry",
    "ec2:CreateTags",
    "ec2:DeleteNetworkAcl",
    "ec2:DescribeInstances",
    "ec2:DescribeManagedPrefixLists",
    "ec2:DescribeNetworkAcls",
    "ec2:DescribeSubnets",
    "ec2:DescribeVolumes",
    "ec2:DescribeVpcs",
    "ec2:GetManagedPrefixListEntries",
    "ec2:InjectApiError",
    "ec2:ReplaceNetworkAclAssociation",
    "ec2:StartInstances",
    "ec2:StopInstances",
    "elasticache:DescribeReplicationGroups",
    "elasticache:InterruptClusterAzPower",
    "iam:ListRoles",
    "kms:CreateGrant",
    "logs:CreateLogDelivery",
    "logs:DescribeLogGroups",
    "logs:DescribeResourcePolicies",
    "logs:PutResourcePolicy",
    "rds:DescribeDBClusters",
    "rds:FailoverDBCluster",
    "tag:GetResources",
];

/// The inline policy's name on the role the AZ scenario creates.
const AZ_POLICY: &str = "kallisti-az-power-interruption";

async fn fis(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

/// Tags as a map: a mapping, a `k=v,k2=v2` string, or boto-style pairs;
/// `None` or empty gives `default`.
fn tag_map(
    value: &Option<Value>,
    default: Option<(&str, &str)>,
) -> Result<HashMap<String, String>, Error> {
    let given = match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) if s.is_empty() => Vec::new(),
        Some(v) => parse_tags("tags", v)?,
    };
    let mut map: HashMap<String, String> = given.into_iter().collect();
    if map.is_empty() {
        if let Some((k, v)) = default {
            map.insert(k.to_string(), v.to_string());
        }
    }
    Ok(map)
}

fn built<T, E: std::fmt::Display>(what: &str, result: Result<T, E>) -> Result<T, Error> {
    result.map_err(|e| Error::failed_action(format!("cannot build the {what}: {e}")))
}

#[derive(Debug, Deserialize)]
struct StartArgs {
    experiment_template_id: String,
    client_token: Option<String>,
    tags: Option<Value>,
}

impl ActionArgs for StartArgs {
    fn check(&self) -> Result<(), Error> {
        tag_map(&self.tags, None).map(|_| ())
    }
}

async fn start(
    fis: &Client,
    ctx: &StepContext,
    template: &str,
    token: Option<String>,
    tags: HashMap<String, String>,
) -> Result<Value, Error> {
    let (_, response) = boto!(
        boto::fis,
        "StartExperiment",
        fis.start_experiment()
            .experiment_template_id(template)
            .set_client_token(token.filter(|t| !t.is_empty()))
            .set_tags((!tags.is_empty()).then_some(tags))
    );
    ctx.log(format!("started experiment from template `{template}`"));
    Ok(response)
}

async fn start_experiment(
    args: StartArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let fis = fis(&aws, &ctx).await?;
    if ctx.dry_run() {
        fis.get_experiment_template()
            .id(&args.experiment_template_id)
            .send()
            .await
            .or_fail("GetExperimentTemplate")?;
        return Ok(dry_run(
            &ctx,
            format!("start template `{}`", args.experiment_template_id),
            json!(args.experiment_template_id),
        )
        .unwrap_or_default());
    }
    start(
        &fis,
        &ctx,
        &args.experiment_template_id,
        args.client_token.clone(),
        tag_map(&args.tags, None)?,
    )
    .await
}

#[derive(Debug, Deserialize)]
struct StopArgs {
    experiment_id: String,
}

impl ActionArgs for StopArgs {}

async fn stop_experiment(
    args: StopArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let fis = fis(&aws, &ctx).await?;
    if ctx.dry_run() {
        fis.get_experiment()
            .id(&args.experiment_id)
            .send()
            .await
            .or_fail("GetExperiment")?;
        return Ok(dry_run(
            &ctx,
            format!("stop experiment `{}`", args.experiment_id),
            json!(args.experiment_id),
        )
        .unwrap_or_default());
    }
    let (_, response) = boto!(
        boto::fis,
        "StopExperiment",
        fis.stop_experiment()
            .id(&args.experiment_id)
    );
    ctx.log(format!("stopped experiment `{}`", args.experiment_id));
    Ok(response)
}

/// Running experiments carrying every one of `tags`: (id, template id).
async fn running_with_tags(
    fis: &Client,
    tags: &HashMap<String, String>,
) -> Result<Vec<(String, String)>, Error> {
    let all: Vec<_> = all_pages!(
        fis.list_experiments(),
        set_next_token,
        next_token,
        "ListExperiments",
        |page| page.experiments().iter().cloned()
    );
    Ok(all
        .iter()
        .filter(|e| {
            matches!(
                e.state().and_then(|s| s.status()),
                Some(
                    ExperimentStatus::Pending
                        | ExperimentStatus::Initiating
                        | ExperimentStatus::Running
                )
            ) && carries(e.tags(), tags)
        })
        .map(|e| {
            (
                e.id().unwrap_or_default().to_string(),
                e.experiment_template_id().unwrap_or_default().to_string(),
            )
        })
        .collect())
}

/// Whether `actual` tags include every one of `wanted`.
fn carries(actual: Option<&HashMap<String, String>>, wanted: &HashMap<String, String>) -> bool {
    wanted
        .iter()
        .all(|(k, v)| actual.and_then(|t| t.get(k)) == Some(v))
}

/// Templates carrying every one of `tags`.
async fn templates_with_tags(
    fis: &Client,
    tags: &HashMap<String, String>,
) -> Result<Vec<String>, Error> {
    let all: Vec<_> = all_pages!(
        fis.list_experiment_templates(),
        set_next_token,
        next_token,
        "ListExperimentTemplates",
        |page| page.experiment_templates().iter().cloned()
    );
    Ok(all
        .iter()
        .filter(|t| carries(t.tags(), tags))
        .filter_map(|t| t.id().map(str::to_string))
        .collect())
}

/// Stops the running experiments with `tags`, and deletes templates
/// (theirs, and every other one with `tags`) when asked.
async fn stop_tagged(
    fis: &Client,
    ctx: &StepContext,
    tags: &HashMap<String, String>,
    delete_templates: bool,
) -> Result<Vec<Value>, Error> {
    let running = running_with_tags(fis, tags).await?;
    let mut templates: Vec<String> = if delete_templates {
        templates_with_tags(fis, tags).await?
    } else {
        Vec::new()
    };
    if delete_templates {
        templates.extend(running.iter().map(|r| r.1.clone()));
        templates.sort();
        templates.dedup();
    }
    if ctx.dry_run() {
        let report = dry_run(
            ctx,
            format!("stop experiments {running:?}, delete templates {templates:?}"),
            json!({"experiments": running.iter().map(|r| &r.0).collect::<Vec<_>>(), "templates": templates}),
        );
        return Ok(report.into_iter().collect());
    }
    let mut stopped = Vec::new();
    for (id, _) in &running {
        let (_, response) = boto!(
            boto::fis,
            "StopExperiment",
            fis.stop_experiment()
                .id(id)
        );
        ctx.log(format!("stopped experiment `{id}`"));
        stopped.push(response);
    }
    for template in &templates {
        fis.delete_experiment_template()
            .id(template)
            .send()
            .await
            .or_fail("DeleteExperimentTemplate")?;
        ctx.log(format!("deleted template `{template}`"));
    }
    Ok(stopped)
}

#[derive(Debug, Deserialize)]
struct StopByTagsArgs {
    tags: Value,
    delete_templates: bool,
}

impl ActionArgs for StopByTagsArgs {
    fn check(&self) -> Result<(), Error> {
        if tag_map(&Some(self.tags.clone()), None)?.is_empty() {
            return Err(Error::invalid_argument(
                "tags",
                "is empty: it would stop every experiment",
            ));
        }
        Ok(())
    }
}

async fn stop_experiments_by_tags(
    args: StopByTagsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let fis = fis(&aws, &ctx).await?;
    let tags = tag_map(&Some(args.tags.clone()), None)?;
    Ok(Value::Array(
        stop_tagged(&fis, &ctx, &tags, args.delete_templates).await?,
    ))
}

fn target(
    resource_type: &str,
    tags: &HashMap<String, String>,
    filters: &[(&str, &str)],
    parameters: &[(&str, &str)],
    arns: Option<Vec<String>>,
) -> Result<CreateExperimentTemplateTargetInput, Error> {
    let filters = filters
        .iter()
        .map(|(path, value)| {
            built(
                "target filter",
                ExperimentTemplateTargetInputFilter::builder()
                    .path(*path)
                    .values(*value)
                    .build(),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    built(
        "target",
        CreateExperimentTemplateTargetInput::builder()
            .resource_type(resource_type)
            .set_resource_arns(arns.clone())
            .set_resource_tags(arns.is_none().then(|| tags.clone()))
            .set_filters((!filters.is_empty()).then_some(filters))
            .set_parameters((!parameters.is_empty()).then(|| {
                parameters
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            }))
            .selection_mode("ALL")
            .build(),
    )
}

fn action(
    id: &str,
    target: (&str, &str),
    parameters: &[(&str, String)],
) -> Result<CreateExperimentTemplateActionInput, Error> {
    built(
        "action",
        CreateExperimentTemplateActionInput::builder()
            .action_id(id)
            .targets(target.0, target.1)
            .set_parameters((!parameters.is_empty()).then(|| {
                parameters
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect()
            }))
            .build(),
    )
}

fn log_configuration(
    log_group_arn: &str,
) -> Result<Option<CreateExperimentTemplateLogConfigurationInput>, Error> {
    if log_group_arn.is_empty() {
        return Ok(None);
    }
    let logs = built(
        "log configuration",
        ExperimentTemplateCloudWatchLogsLogConfigurationInput::builder()
            .log_group_arn(log_group_arn)
            .build(),
    )?;
    Ok(Some(built(
        "log configuration",
        CreateExperimentTemplateLogConfigurationInput::builder()
            .cloud_watch_logs_configuration(logs)
            .log_schema_version(2)
            .build(),
    )?))
}

/// Creates a template from `targets` and `actions`, then starts it;
/// `tags` are the template's, then the experiment's.
#[allow(clippy::too_many_arguments)]
async fn create_and_start(
    fis: &Client,
    ctx: &StepContext,
    description: &str,
    role_arn: &str,
    tags: (&HashMap<String, String>, &HashMap<String, String>),
    targets: Vec<(&str, CreateExperimentTemplateTargetInput)>,
    actions: Vec<(&str, CreateExperimentTemplateActionInput)>,
    log_group_arn: &str,
    client_token: Option<String>,
) -> Result<Value, Error> {
    let mut request = fis
        .create_experiment_template()
        .description(description)
        .role_arn(role_arn)
        .stop_conditions(built(
            "stop condition",
            CreateExperimentTemplateStopConditionInput::builder()
                .source("none")
                .build(),
        )?)
        .set_tags(Some(tags.0.clone()))
        .set_log_configuration(log_configuration(log_group_arn)?);
    for (name, t) in targets {
        request = request.targets(name, t);
    }
    for (name, a) in actions {
        request = request.actions(name, a);
    }
    let template = request.send().await.or_fail("CreateExperimentTemplate")?;
    let id = template
        .experiment_template()
        .and_then(|t| t.id())
        .unwrap_or_default()
        .to_string();
    ctx.log(format!("created template `{id}`"));
    start(fis, ctx, &id, client_token, tags.1.clone()).await
}

#[derive(Debug, Deserialize)]
struct AzArgs {
    az: String,
    tags: Option<Value>,
    role_arn: Option<Value>,
    autocreate_necessary_role: bool,
    duration: String,
    target_iam_roles: bool,
    iam_roles: Option<Value>,
    target_subnet: bool,
    target_ebs_volumes: bool,
    target_ec2_instances: bool,
    target_asg: bool,
    target_asg_ec2_instances: bool,
    target_rds_cluster: bool,
    target_easticache_cluster: bool,
    log_group_arn: String,
    client_token: String,
    description: Option<String>,
}

impl AzArgs {
    fn role(&self) -> Option<String> {
        self.role_arn
            .as_ref()
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
    }

    fn iam_roles(&self) -> Result<Vec<String>, Error> {
        match &self.iam_roles {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| Error::invalid_argument("iam_roles", "must be a list of role ARNs")),
            Some(_) => Err(Error::invalid_argument(
                "iam_roles",
                "must be a list of role ARNs",
            )),
        }
    }
}

impl ActionArgs for AzArgs {
    fn check(&self) -> Result<(), Error> {
        tag_map(&self.tags, None)?;
        if self.role().is_none() && !self.autocreate_necessary_role {
            return Err(Error::invalid_argument(
                "role_arn",
                "give a role for FIS, or leave `autocreate_necessary_role` on",
            ));
        }
        if !self.duration.starts_with("PT") {
            return Err(Error::invalid_argument(
                "duration",
                format!(
                    "`{}` is not an ISO 8601 duration such as `PT30M`",
                    self.duration
                ),
            ));
        }
        if self.target_iam_roles && self.iam_roles()?.is_empty() {
            return Err(Error::invalid_argument(
                "iam_roles",
                "is required with `target_iam_roles`",
            ));
        }
        Ok(())
    }
}

/// Creates the role FIS acts as for the AZ scenario, tagged like the rest.
async fn create_role(
    aws: &Connection,
    ctx: &StepContext,
    tags: &HashMap<String, String>,
) -> Result<String, Error> {
    let iam = aws.client(ctx, aws_sdk_iam::Client::new).await?;
    let name = format!(
        "kallisti-fis-az-power-{:08x}",
        ctx.with_rng(|rng| rng.u32(..))
    );
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "fis.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    let role = iam
        .create_role()
        .role_name(&name)
        .assume_role_policy_document(trust.to_string())
        .set_tags(Some(
            tags.iter()
                .map(|(k, v)| aws_sdk_iam::types::Tag::builder().key(k).value(v).build())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Error::failed_action(e.to_string()))?,
        ))
        .send()
        .await
        .or_fail("CreateRole")?;
    let inline = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": AZ_PERMISSIONS, "Resource": "*"}]});
    let granted = iam
        .put_role_policy()
        .role_name(&name)
        .policy_name(AZ_POLICY)
        .policy_document(inline.to_string())
        .send()
        .await
        .or_fail("PutRolePolicy");
    if let Err(e) = granted {
        // Leave nothing half-made behind.
        let _ = iam.delete_role().role_name(&name).send().await;
        return Err(e);
    }
    ctx.log(format!("created role `{name}` for FIS"));
    Ok(role.role().map(|r| r.arn().to_string()).unwrap_or_default())
}

/// The targets and actions of an AZ power interruption experiment, by name.
#[derive(Default)]
struct AzPlan {
    targets: Vec<(&'static str, CreateExperimentTemplateTargetInput)>,
    actions: Vec<(&'static str, CreateExperimentTemplateActionInput)>,
}

async fn start_availability_zone_power_interruption_scenario(
    args: AzArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let fis = fis(&aws, &ctx).await?;
    let tags = tag_map(&args.tags, Some(SCENARIO_TAG))?;
    let az = args.az.as_str();
    let d = args.duration.clone();
    let mut plan = AzPlan::default();
    plan_capacity(&args, &tags, &mut plan)?;
    plan_instances(&args, &tags, &mut plan)?;
    plan_stores(&args, &tags, &mut plan)?;
    let AzPlan { targets, actions } = plan;
    if actions.is_empty() {
        return Err(Error::invalid_argument(
            "target_subnet",
            "every target is turned off: nothing to disrupt",
        ));
    }
    let names: Vec<&str> = actions.iter().map(|a| a.0).collect();
    if let Some(report) = dry_run(
        &ctx,
        format!("interrupt power in `{az}` with {names:?} for {d}"),
        json!({"availability_zone": az, "actions": names}),
    ) {
        return Ok(report);
    }
    let role = match args.role() {
        Some(role) => role,
        None => create_role(&aws, &ctx, &tags).await?,
    };
    let description = args.description.clone().unwrap_or_else(|| {
        "Affect multiple resource types in a single AZ to approximate power interruption".into()
    });
    create_and_start(
        &fis,
        &ctx,
        &description,
        &role,
        (&tags, &tags),
        targets,
        actions,
        &args.log_group_arn,
        Some(args.client_token.clone()),
    )
    .await
}

/// The AZ scenario's capacity faults: no launches (IAM roles), no ASG
/// scaling, no network in the zone's subnets.
fn plan_capacity(
    args: &AzArgs,
    tags: &HashMap<String, String>,
    plan: &mut AzPlan,
) -> Result<(), Error> {
    let (targets, actions) = (&mut plan.targets, &mut plan.actions);
    let az = args.az.as_str();
    let d = args.duration.clone();
    if args.target_iam_roles {
        targets.push((
            "IAM-role",
            target("aws:iam:role", tags, &[], &[], Some(args.iam_roles()?))?,
        ));
        actions.push((
            "Pause-Instance-Launches",
            action(
                "aws:ec2:api-insufficient-instance-capacity-error",
                ("Roles", "IAM-role"),
                &[
                    ("availabilityZoneIdentifiers", az.to_string()),
                    ("duration", d.clone()),
                    ("percentage", "100".into()),
                ],
            )?,
        ));
    }
    if args.target_asg {
        targets.push((
            "ASG",
            target("aws:ec2:autoscaling-group", tags, &[], &[], None)?,
        ));
        actions.push((
            "Pause-ASG-Scaling",
            action(
                "aws:ec2:asg-insufficient-instance-capacity-error",
                ("AutoScalingGroups", "ASG"),
                &[
                    ("availabilityZoneIdentifiers", az.to_string()),
                    ("duration", d.clone()),
                    ("percentage", "100".into()),
                ],
            )?,
        ));
    }
    if args.target_subnet {
        targets.push((
            "Subnet",
            target(
                "aws:ec2:subnet",
                tags,
                &[],
                &[("availabilityZoneIdentifier", az)],
                None,
            )?,
        ));
        actions.push((
            "Pause-network-connectivity",
            action(
                "aws:network:disrupt-connectivity",
                ("Subnets", "Subnet"),
                &[("duration", d.clone()), ("scope", "all".into())],
            )?,
        ));
    }
    Ok(())
}

/// The AZ scenario's instance faults: the zone's instances stopped, on
/// their own and in auto scaling groups.
fn plan_instances(
    args: &AzArgs,
    tags: &HashMap<String, String>,
    plan: &mut AzPlan,
) -> Result<(), Error> {
    let (targets, actions) = (&mut plan.targets, &mut plan.actions);
    let az = args.az.as_str();
    let d = args.duration.clone();
    // The running instances of the zone: targeted on their own and as
    // members of auto scaling groups.
    let running_instances = || {
        target(
            "aws:ec2:instance",
            tags,
            &[
                ("State.Name", "running"),
                ("Placement.AvailabilityZone", az),
            ],
            &[],
            None,
        )
    };
    if args.target_ec2_instances {
        targets.push(("EC2-Instances", running_instances()?));
        actions.push((
            "Stop-Instances",
            action(
                "aws:ec2:stop-instances",
                ("Instances", "EC2-Instances"),
                &[
                    ("startInstancesAfterDuration", d.clone()),
                    ("completeIfInstancesTerminated", "true".into()),
                ],
            )?,
        ));
    }
    if args.target_asg_ec2_instances {
        targets.push(("ASG-EC2-Instances", running_instances()?));
        actions.push((
            "Stop-ASG-Instances",
            action(
                "aws:ec2:stop-instances",
                ("Instances", "ASG-EC2-Instances"),
                &[("completeIfInstancesTerminated", "true".into())],
            )?,
        ));
    }
    Ok(())
}

/// The AZ scenario's storage faults: EBS I/O paused, RDS failed over,
/// ElastiCache cut off.
fn plan_stores(
    args: &AzArgs,
    tags: &HashMap<String, String>,
    plan: &mut AzPlan,
) -> Result<(), Error> {
    let (targets, actions) = (&mut plan.targets, &mut plan.actions);
    let az = args.az.as_str();
    let d = args.duration.clone();
    if args.target_ebs_volumes {
        targets.push((
            "EBS-Volumes",
            target(
                "aws:ec2:ebs-volume",
                tags,
                &[("Attachments.DeleteOnTermination", "false")],
                &[("availabilityZoneIdentifier", az)],
                None,
            )?,
        ));
        actions.push((
            "Pause-Volume-IO",
            action(
                "aws:ebs:pause-volume-io",
                ("Volumes", "EBS-Volumes"),
                &[("duration", d.clone())],
            )?,
        ));
    }
    if args.target_rds_cluster {
        targets.push((
            "RDS-Cluster",
            target(
                "aws:rds:cluster",
                tags,
                &[],
                &[("writerAvailabilityZoneIdentifiers", az)],
                None,
            )?,
        ));
        actions.push((
            "Failover-RDS",
            action(
                "aws:rds:failover-db-cluster",
                ("Clusters", "RDS-Cluster"),
                &[],
            )?,
        ));
    }
    if args.target_easticache_cluster {
        targets.push((
            "ElastiCache-Cluster",
            target(
                "aws:elasticache:replicationgroup",
                tags,
                &[],
                &[("availabilityZoneIdentifier", az)],
                None,
            )?,
        ));
        actions.push((
            "Pause-ElastiCache",
            action(
                "aws:elasticache:replicationgroup-interrupt-az-power",
                ("ReplicationGroups", "ElastiCache-Cluster"),
                &[("duration", d.clone())],
            )?,
        ));
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
struct RestoreArgs {
    tags: Option<Value>,
    delete_roles_and_policies: bool,
    delete_templates: bool,
}

impl ActionArgs for RestoreArgs {
    fn check(&self) -> Result<(), Error> {
        tag_map(&self.tags, None).map(|_| ())
    }
}

async fn restore_availability_zone_power_after_interruption(
    args: RestoreArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let fis = fis(&aws, &ctx).await?;
    let tags = tag_map(&args.tags, Some(SCENARIO_TAG))?;
    let mut results = stop_tagged(&fis, &ctx, &tags, args.delete_templates).await?;
    if args.delete_roles_and_policies && !ctx.dry_run() {
        let iam = aws.client(&ctx, aws_sdk_iam::Client::new).await?;
        let roles = iam.list_roles().send().await.or_fail("ListRoles")?;
        for role in roles
            .roles()
            .iter()
            .filter(|r| r.role_name().starts_with("kallisti-fis-"))
        {
            let name = role.role_name();
            let role_tags = iam
                .list_role_tags()
                .role_name(name)
                .send()
                .await
                .or_fail("ListRoleTags")?;
            let tagged = tags.iter().all(|(k, v)| {
                role_tags
                    .tags()
                    .iter()
                    .any(|t| t.key() == k && t.value() == v)
            });
            if !tagged {
                continue;
            }
            iam.delete_role_policy()
                .role_name(name)
                .policy_name(AZ_POLICY)
                .send()
                .await
                .or_fail("DeleteRolePolicy")?;
            iam.delete_role()
                .role_name(name)
                .send()
                .await
                .or_fail("DeleteRole")?;
            ctx.log(format!("deleted role `{name}`"));
            results.push(json!({"deleted_role": name}));
        }
    }
    Ok(Value::Array(results))
}

#[derive(Debug, Deserialize)]
struct PodDeleteArgs {
    label_selector: String,
    tags: Value,
    role_arn: String,
    log_group_arn: String,
    cluster_identifier: String,
    namespace: String,
    service_account: String,
    client_token: String,
    description: Option<String>,
}

impl ActionArgs for PodDeleteArgs {
    fn check(&self) -> Result<(), Error> {
        tag_map(&Some(self.tags.clone()), None)?;
        if !self.label_selector.contains('=') {
            return Err(Error::invalid_argument(
                "label_selector",
                format!("`{}` is not `key=value`", self.label_selector),
            ));
        }
        Ok(())
    }
}

async fn start_stress_pod_delete_scenario(
    args: PodDeleteArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let fis = fis(&aws, &ctx).await?;
    let tags = tag_map(&Some(args.tags.clone()), None)?;
    let pods = target(
        "aws:eks:pod",
        &tags,
        &[],
        &[
            ("clusterIdentifier", args.cluster_identifier.as_str()),
            ("namespace", args.namespace.as_str()),
            ("selectorType", "labelSelector"),
            ("selectorValue", args.label_selector.as_str()),
        ],
        None,
    )?;
    // Pods are chosen by the selector, not by tags.
    let pods = CreateExperimentTemplateTargetInput::builder()
        .resource_type(pods.resource_type())
        .set_parameters(pods.parameters().cloned())
        .selection_mode("ALL")
        .build();
    let pods = built("target", pods)?;
    // As the driver: the template is marked as chaos engineering's, the
    // experiment carries the step's tags alone.
    let mut template_tags: HashMap<String, String> = [
        ("chaosengineering".to_string(), "true".to_string()),
        ("chaostoolkit".to_string(), "true".to_string()),
    ]
    .into();
    template_tags.extend(tags.clone());
    let delete = action(
        "aws:eks:pod-delete",
        ("Pods", "EksPodDeleteTarget"),
        &[("kubernetesServiceAccount", args.service_account.clone())],
    )?;
    if let Some(report) = dry_run(
        &ctx,
        format!(
            "delete pods `{}` of `{}`",
            args.label_selector, args.cluster_identifier
        ),
        json!(args.label_selector),
    ) {
        return Ok(report);
    }
    let description = args
        .description
        .clone()
        .unwrap_or_else(|| "Delete one or more EKS pods".into());
    create_and_start(
        &fis,
        &ctx,
        &description,
        &args.role_arn,
        (&template_tags, &tags),
        // The driver's names, which experiments and their logs show.
        vec![("EksPodDeleteTarget", pods)],
        vec![("EksPodDelete", delete)],
        &args.log_group_arn,
        Some(args.client_token.clone()),
    )
    .await
}
