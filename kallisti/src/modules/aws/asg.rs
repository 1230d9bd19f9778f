//! `aws.asg`: EC2 Auto Scaling groups, named (`asg_names`) or found by
//! tags (`tags`, boto-style `[{"Key": .., "Value": ..}]`): detach, stop or
//! terminate random in-service instances, detach and re-attach volumes,
//! suspend and resume processes, change subnets; health probes and waits.

use super::boto::{self, boto, boto_pages};
use super::client::{
    check_count_or_percent, dry_run, how_many, parse_tags, pick, Connection, OrFail,
};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_autoscaling::types::{AutoScalingGroup, Filter};
use aws_sdk_autoscaling::Client;
use aws_sdk_ec2::types::Instance;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The `aws.asg` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::asg::ASG)
        .with_common::<Connection>()
        .action("attach_volume", attach_volume)
        .action("change_subnets", change_subnets)
        .action("describe_auto_scaling_groups", describe_auto_scaling_groups)
        .action("desired_equals_healthy", desired_equals_healthy)
        .action("desired_equals_healthy_tags", desired_equals_healthy)
        .action("detach_random_instances", detach_random_instances)
        .action("detach_random_volume", detach_random_volume)
        .action("has_subnets", has_subnets)
        .action("instance_count_by_health", instance_count_by_health)
        .action("is_scaling_in_progress", is_scaling_in_progress)
        .action("process_is_suspended", process_is_suspended)
        .action("resume_processes", resume_processes)
        .action("stop_random_instances", stop_random_instances)
        .action("suspend_processes", suspend_processes)
        .action("terminate_random_instances", terminate_random_instances)
        .action("wait_desired_equals_healthy", wait_desired_equals_healthy)
        .action(
            "wait_desired_equals_healthy_tags",
            wait_desired_equals_healthy,
        )
        .action(
            "wait_desired_not_equals_healthy_tags",
            wait_desired_not_equals_healthy_tags,
        )
        .into()
}

/// What a wait returns when it gives up, as the driver does (`sys.maxsize`).
const GAVE_UP: i64 = i64::MAX;

/// The groups a step is about: by name or by tags, one of them required.
#[derive(Debug, Deserialize)]
struct Groups {
    asg_names: Option<Vec<String>>,
    tags: Option<Value>,
}

impl Groups {
    fn check(&self) -> Result<(), Error> {
        if let Some(tags) = &self.tags {
            parse_tags("tags", tags)?;
        }
        match (&self.asg_names, &self.tags) {
            (Some(names), _) if names.is_empty() => {
                Err(Error::invalid_argument("asg_names", "is empty"))
            }
            (None, None) => Err(Error::invalid_argument(
                "asg_names",
                "give `asg_names` or `tags`",
            )),
            _ => Ok(()),
        }
    }

    /// The groups named or tagged; none found is a `FailedAction`.
    async fn find(&self, asg: &Client) -> Result<Vec<AutoScalingGroup>, Error> {
        Ok(self.describe(asg).await?.0)
    }

    /// The groups named or tagged, and boto3's response describing them
    /// (every page joined); none found is a `FailedAction`.
    async fn describe(&self, asg: &Client) -> Result<(Vec<AutoScalingGroup>, Value), Error> {
        let filters = match (&self.asg_names, &self.tags) {
            (Some(_), _) => None,
            (None, Some(tags)) => Some(
                parse_tags("tags", tags)?
                    .into_iter()
                    .map(|(k, v)| Filter::builder().name(format!("tag:{k}")).values(v).build())
                    .collect(),
            ),
            (None, None) => None,
        };
        let (pages, response) = boto_pages!(
            boto::autoscaling,
            "DescribeAutoScalingGroups",
            asg.describe_auto_scaling_groups()
                .set_auto_scaling_group_names(self.asg_names.clone())
                .set_filters(filters),
            set_next_token,
            next_token,
            "NextToken"
        );
        let found: Vec<AutoScalingGroup> = pages
            .iter()
            .flat_map(|page| page.auto_scaling_groups().iter().cloned())
            .collect();
        if found.is_empty() {
            return Err(Error::failed_action(match &self.asg_names {
                Some(names) => format!("no auto scaling group named {names:?}"),
                None => "no auto scaling group has these tags".to_string(),
            }));
        }
        Ok((found, response))
    }
}

fn name(g: &AutoScalingGroup) -> String {
    g.auto_scaling_group_name().unwrap_or_default().to_string()
}

/// Instances of `g` in service and healthy, optionally in `az`.
fn in_service(g: &AutoScalingGroup, az: Option<&str>) -> Vec<String> {
    g.instances()
        .iter()
        .filter(|i| i.lifecycle_state().map(|s| s.as_str()) == Some("InService"))
        .filter(|i| i.health_status() == Some("Healthy"))
        .filter(|i| az.is_none() || i.availability_zone() == az)
        .filter_map(|i| i.instance_id().map(str::to_string))
        .collect()
}

fn healthy_as_desired(g: &AutoScalingGroup) -> bool {
    in_service(g, None).len() as i32 == g.desired_capacity().unwrap_or_default()
}

#[derive(Debug, Deserialize)]
struct GroupsArgs {
    #[serde(flatten)]
    groups: Groups,
    /// Declared by only some of the actions these arguments serve.
    count_healthy: Option<bool>,
    /// Declared by only some of the actions these arguments serve.
    force: Option<bool>,
}

impl ActionArgs for GroupsArgs {
    fn check(&self) -> Result<(), Error> {
        self.groups.check()
    }
}

async fn describe_auto_scaling_groups(
    args: GroupsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    Ok(args.groups.describe(&asg).await?.1)
}

async fn desired_equals_healthy(
    args: GroupsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<bool, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    Ok(args.groups.find(&asg).await?.iter().all(healthy_as_desired))
}

async fn is_scaling_in_progress(
    args: GroupsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<bool, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    let found = args.groups.find(&asg).await?;
    Ok(found.iter().any(|g| {
        !healthy_as_desired(g)
            || g.instances()
                .iter()
                .any(|i| i.lifecycle_state().map(|s| s.as_str()) != Some("InService"))
    }))
}

async fn instance_count_by_health(
    args: GroupsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<usize, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    let found = args.groups.find(&asg).await?;
    let wanted = if args.count_healthy != Some(false) {
        "Healthy"
    } else {
        "Unhealthy"
    };
    Ok(found
        .iter()
        .flat_map(|g| g.instances())
        .filter(|i| i.health_status() == Some(wanted))
        .count())
}

#[derive(Debug, Deserialize)]
struct WaitArgs {
    #[serde(flatten)]
    groups: Groups,
    timeout: Value,
}

impl ActionArgs for WaitArgs {
    fn check(&self) -> Result<(), Error> {
        self.groups.check()?;
        self.timeout()?;
        Ok(())
    }
}

impl WaitArgs {
    fn timeout(&self) -> Result<Duration, Error> {
        match &self.timeout {
            Value::Number(n) if n.as_f64().is_some_and(|s| s >= 0.0) => {
                Ok(Duration::from_secs_f64(n.as_f64().unwrap_or_default()))
            }
            Value::String(s) => crate::duration::parse(s)
                .map_err(|e| Error::invalid_argument("timeout", e.to_string())),
            _ => Err(Error::invalid_argument(
                "timeout",
                "must be seconds or a duration such as `5m`",
            )),
        }
    }

    /// Polls until `condition` holds for every group: the seconds waited,
    /// or `GAVE_UP` at the timeout.
    async fn wait(
        &self,
        aws: &Connection,
        ctx: &StepContext,
        condition: fn(&AutoScalingGroup) -> bool,
        all: bool,
    ) -> Result<i64, Error> {
        let asg = aws.client(ctx, Client::new).await?;
        let started = Instant::now();
        let timeout = self.timeout()?;
        loop {
            let found = self.groups.find(&asg).await?;
            let done = if all {
                found.iter().all(condition)
            } else {
                found.iter().any(condition)
            };
            if done {
                return Ok(started.elapsed().as_secs() as i64);
            }
            if started.elapsed() >= timeout {
                ctx.log(format!("gave up after {timeout:?}"));
                return Ok(GAVE_UP);
            }
            tokio::time::sleep(Duration::from_secs(1).min(timeout)).await;
        }
    }
}

async fn wait_desired_equals_healthy(
    args: WaitArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<i64, Error> {
    args.wait(&aws, &ctx, healthy_as_desired, true).await
}

async fn wait_desired_not_equals_healthy_tags(
    args: WaitArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<i64, Error> {
    args.wait(&aws, &ctx, |g| !healthy_as_desired(g), false)
        .await
}

#[derive(Debug, Deserialize)]
struct ProcessArgs {
    #[serde(flatten)]
    groups: Groups,
    process_names: Option<Vec<String>>,
}

/// The processes Auto Scaling can suspend.
const PROCESSES: &[&str] = &[
    "Launch",
    "Terminate",
    "AddToLoadBalancer",
    "AlarmNotification",
    "AZRebalance",
    "HealthCheck",
    "InstanceRefresh",
    "ReplaceUnhealthy",
    "ScheduledActions",
];

impl ActionArgs for ProcessArgs {
    fn check(&self) -> Result<(), Error> {
        self.groups.check()?;
        for p in self.process_names.iter().flatten() {
            if !PROCESSES.contains(&p.as_str()) {
                return Err(Error::invalid_argument(
                    "process_names",
                    format!("`{p}` is not one of {}", PROCESSES.join(", ")),
                ));
            }
        }
        Ok(())
    }
}

async fn process_is_suspended(
    args: ProcessArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<bool, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    let found = args.groups.find(&asg).await?;
    Ok(found.iter().all(|g| {
        let suspended: Vec<&str> = g
            .suspended_processes()
            .iter()
            .filter_map(|p| p.process_name())
            .collect();
        match &args.process_names {
            Some(names) => names.iter().all(|n| suspended.contains(&n.as_str())),
            None => !suspended.is_empty(),
        }
    }))
}

async fn change_processes(
    args: ProcessArgs,
    aws: Connection,
    ctx: StepContext,
    suspend: bool,
) -> Result<Value, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    let names: Vec<String> = args.groups.find(&asg).await?.iter().map(name).collect();
    let verb = if suspend { "suspend" } else { "resume" };
    let would = format!(
        "{verb} processes {:?} of {names:?}",
        args.process_names
            .as_deref()
            .unwrap_or(&["(all)".to_string()])
    );
    if let Some(report) = dry_run(&ctx, would.clone(), json!(names)) {
        return Ok(report);
    }
    for group in &names {
        if suspend {
            asg.suspend_processes()
                .auto_scaling_group_name(group)
                .set_scaling_processes(args.process_names.clone())
                .send()
                .await
                .or_fail("SuspendProcesses")?;
        } else {
            asg.resume_processes()
                .auto_scaling_group_name(group)
                .set_scaling_processes(args.process_names.clone())
                .send()
                .await
                .or_fail("ResumeProcesses")?;
        }
    }
    ctx.log(would);
    // The groups as they are now, as the driver returns them.
    let now = Groups {
        asg_names: Some(names),
        tags: None,
    };
    Ok(now.describe(&asg).await?.1)
}

async fn suspend_processes(
    args: ProcessArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    change_processes(args, aws, ctx, true).await
}

async fn resume_processes(
    args: ProcessArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    change_processes(args, aws, ctx, false).await
}

#[derive(Debug, Deserialize)]
struct SubnetArgs {
    subnets: Vec<String>,
    #[serde(flatten)]
    groups: Groups,
}

impl ActionArgs for SubnetArgs {
    fn check(&self) -> Result<(), Error> {
        self.groups.check()?;
        if self.subnets.is_empty() {
            return Err(Error::invalid_argument("subnets", "is empty"));
        }
        Ok(())
    }
}

fn subnets_of(g: &AutoScalingGroup) -> Vec<String> {
    g.vpc_zone_identifier()
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

async fn has_subnets(args: SubnetArgs, aws: Connection, ctx: StepContext) -> Result<bool, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    let found = args.groups.find(&asg).await?;
    Ok(found.iter().all(|g| {
        let mut have = subnets_of(g);
        let mut want = args.subnets.clone();
        have.sort();
        want.sort();
        have == want
    }))
}

async fn change_subnets(
    args: SubnetArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    let names: Vec<String> = args.groups.find(&asg).await?.iter().map(name).collect();
    let would = format!("set subnets {:?} on {names:?}", args.subnets);
    if let Some(report) = dry_run(&ctx, would.clone(), json!(names)) {
        return Ok(report);
    }
    for group in &names {
        asg.update_auto_scaling_group()
            .auto_scaling_group_name(group)
            .vpc_zone_identifier(args.subnets.join(","))
            .send()
            .await
            .or_fail("UpdateAutoScalingGroup")?;
    }
    ctx.log(would);
    Ok(Value::Null)
}

#[derive(Debug, Deserialize)]
struct RandomArgs {
    #[serde(flatten)]
    groups: Groups,
    instance_count: Option<i64>,
    instance_percent: Option<i64>,
    az: Option<String>,
    /// Declared by only some of the actions these arguments serve.
    force: Option<bool>,
    /// Declared by only some of the actions these arguments serve.
    decrement_capacity: Option<bool>,
}

impl ActionArgs for RandomArgs {
    fn check(&self) -> Result<(), Error> {
        self.groups.check()?;
        if self.takes_the_whole_zone() {
            return Ok(());
        }
        check_count_or_percent(
            "instance_count",
            self.instance_count,
            "instance_percent",
            self.instance_percent,
        )
    }
}

impl RandomArgs {
    /// An `az` with neither count nor percentage: every healthy in-service
    /// instance there, as the driver takes them.
    fn takes_the_whole_zone(&self) -> bool {
        self.az.is_some() && self.instance_count.is_none() && self.instance_percent.is_none()
    }

    /// For each group, the random in-service instances chosen.
    async fn choose(
        &self,
        ctx: &StepContext,
        asg: &Client,
    ) -> Result<Vec<(String, Vec<String>)>, Error> {
        let mut chosen = Vec::new();
        for g in self.groups.find(asg).await? {
            let candidates = in_service(&g, self.az.as_deref());
            if let Some(count) = self.instance_count {
                if count as usize > candidates.len() {
                    return Err(Error::failed_action(format!(
                        "group `{}` has {} healthy in-service instance(s){}, fewer than the {count} asked for",
                        name(&g),
                        candidates.len(),
                        self.az.as_ref().map(|a| format!(" in `{a}`")).unwrap_or_default()
                    )));
                }
            }
            if candidates.is_empty() {
                continue;
            }
            let n = if self.takes_the_whole_zone() {
                candidates.len()
            } else {
                how_many(candidates.len(), self.instance_count, self.instance_percent)
            };
            chosen.push((name(&g), pick(ctx, candidates, n)));
        }
        if chosen.is_empty() {
            return Err(Error::failed_action(
                "no healthy in-service instance to pick",
            ));
        }
        Ok(chosen)
    }
}

async fn detach_random_instances(
    args: RandomArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    let chosen = args.choose(&ctx, &asg).await?;
    if let Some(report) = dry_run(&ctx, format!("detach {chosen:?}"), json!(chosen)) {
        return Ok(report);
    }
    let (mut activities, mut detaching) = (Vec::new(), Vec::new());
    for (group, mut ids) in chosen {
        ids.sort();
        let (_, response) = boto!(
            boto::autoscaling,
            "DetachInstances",
            asg.detach_instances()
                .auto_scaling_group_name(&group)
                .set_instance_ids(Some(ids.clone()))
                .should_decrement_desired_capacity(args.decrement_capacity == Some(true))
        );
        ctx.log(format!("detached {ids:?} from `{group}`"));
        if let Some(Value::Array(more)) = response.get("Activities") {
            activities.extend(more.iter().cloned());
        }
        detaching.push(json!({"AutoScalingGroupName": group, "InstanceIds": ids}));
    }
    // The driver's own summary: every call's activities, and what left
    // which group.
    Ok(json!({"Activities": activities, "DetachingInstances": detaching}))
}

async fn ec2(aws: &Connection, ctx: &StepContext) -> Result<aws_sdk_ec2::Client, Error> {
    aws.client(ctx, aws_sdk_ec2::Client::new).await
}

async fn stop_random_instances(
    args: RandomArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    let chosen = args.choose(&ctx, &asg).await?;
    if let Some(report) = dry_run(&ctx, format!("stop instances {chosen:?}"), json!(chosen)) {
        return Ok(report);
    }
    let ec2 = ec2(&aws, &ctx).await?;
    let mut stopped = Vec::new();
    for (group, ids) in chosen {
        let (_, response) = boto!(
            boto::ec2,
            "StopInstances",
            ec2.stop_instances()
                .set_instance_ids(Some(ids.clone()))
                .force(args.force == Some(true))
        );
        ctx.log(format!("stopping instances {ids:?} of `{group}`"));
        stopped.push(json!({
            "AutoScalingGroupName": group,
            "StoppingInstances": response["StoppingInstances"],
        }));
    }
    Ok(Value::Array(stopped))
}

async fn terminate_random_instances(
    args: RandomArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    let chosen = args.choose(&ctx, &asg).await?;
    if let Some(report) = dry_run(&ctx, format!("terminate instances {chosen:?}"), json!(chosen)) {
        return Ok(report);
    }
    let ec2 = ec2(&aws, &ctx).await?;
    let mut terminated = Vec::new();
    for (group, ids) in chosen {
        let (_, response) = boto!(
            boto::ec2,
            "TerminateInstances",
            ec2.terminate_instances().set_instance_ids(Some(ids.clone()))
        );
        ctx.log(format!("terminating instances {ids:?} of `{group}`"));
        terminated.push(json!({
            "AutoScalingGroupName": group,
            "TerminatingInstances": response["TerminatingInstances"],
        }));
    }
    Ok(Value::Array(terminated))
}

/// The EC2 descriptions of every instance of the groups, each with the
/// name of its group.
async fn group_instances(
    args: &Groups,
    aws: &Connection,
    ctx: &StepContext,
) -> Result<(aws_sdk_ec2::Client, Vec<(Instance, Option<String>)>), Error> {
    let asg = aws.client(ctx, Client::new).await?;
    let mut group_of = HashMap::new();
    for g in args.find(&asg).await? {
        for id in g.instances().iter().filter_map(|i| i.instance_id()) {
            group_of.insert(id.to_string(), name(&g));
        }
    }
    let ec2 = ec2(aws, ctx).await?;
    if group_of.is_empty() {
        return Err(Error::failed_action("the groups have no instance"));
    }
    let out = ec2
        .describe_instances()
        .set_instance_ids(Some(group_of.keys().cloned().collect()))
        .send()
        .await
        .or_fail("DescribeInstances")?;
    let instances = out
        .reservations()
        .iter()
        .flat_map(|r| r.instances().iter().cloned())
        .map(|i| {
            let group = i.instance_id().and_then(|id| group_of.get(id).cloned());
            (i, group)
        })
        .collect();
    Ok((ec2, instances))
}

async fn detach_random_volume(
    args: GroupsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let (ec2, instances) = group_instances(&args.groups, &aws, &ctx).await?;
    super::ec2::detach_one_volume_each(&ec2, &ctx, &instances, args.force != Some(false)).await
}

async fn attach_volume(
    args: GroupsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let asg = aws.client(&ctx, Client::new).await?;
    let groups = args.groups.find(&asg).await?;
    let names: Vec<String> = groups.iter().map(name).collect();
    let members: Vec<&str> = groups
        .iter()
        .flat_map(|g| g.instances().iter().filter_map(|i| i.instance_id()))
        .collect();
    let ec2 = ec2(&aws, &ctx).await?;
    // A volume names its group when a group's step detached it; one that
    // `ec2.detach_random_volume` detached goes back to a current member.
    super::ec2::reattach(&ec2, &ctx, &|d| match &d.group {
        Some(group) => names.contains(group),
        None => members.contains(&d.instance.as_str()),
    })
    .await
}
