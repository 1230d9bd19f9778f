//! `aws.elbv2`: application and network load balancers and their target
//! groups: deregister a random target, change subnets and security
//! groups, access logs, delete; target health probes.

use super::boto::{self, boto};
use super::client::{dry_run, pick, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_elasticloadbalancingv2::types::{
    LoadBalancer, LoadBalancerAttribute, TargetDescription, TargetGroup, TargetHealthDescription,
};
use aws_sdk_elasticloadbalancingv2::Client;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The `aws.elbv2` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::elbv2::ELBV2)
        .with_common::<Connection>()
        .action("all_targets_healthy", all_targets_healthy)
        .action("delete_load_balancer", delete_load_balancer)
        .action("deregister_target", deregister_target)
        .action("enable_access_log", enable_access_log)
        .action("is_access_log_enabled", is_access_log_enabled)
        .action("set_security_groups", set_security_groups)
        .action("set_subnets", set_subnets)
        .action("targets_health_count", targets_health_count)
        .into()
}

async fn elb(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

/// The target groups named, every one of them found or an error.
async fn target_groups(elb: &Client, names: &[String]) -> Result<Vec<TargetGroup>, Error> {
    let out = elb
        .describe_target_groups()
        .set_names(Some(names.to_vec()))
        .send()
        .await
        .or_fail("DescribeTargetGroups")?;
    Ok(out.target_groups().to_vec())
}

async fn health(elb: &Client, group: &TargetGroup) -> Result<Vec<TargetHealthDescription>, Error> {
    let out = elb
        .describe_target_health()
        .target_group_arn(group.target_group_arn().unwrap_or_default())
        .send()
        .await
        .or_fail("DescribeTargetHealth")?;
    Ok(out.target_health_descriptions().to_vec())
}

fn state(t: &TargetHealthDescription) -> &str {
    t.target_health()
        .and_then(|h| h.state())
        .map(|s| s.as_str())
        .unwrap_or("unknown")
}

/// The load balancers named, each found or an error.
async fn load_balancers(elb: &Client, names: &[String]) -> Result<Vec<LoadBalancer>, Error> {
    let out = elb
        .describe_load_balancers()
        .set_names(Some(names.to_vec()))
        .send()
        .await
        .or_fail("DescribeLoadBalancers")?;
    Ok(out.load_balancers().to_vec())
}

fn arn(lb: &LoadBalancer) -> String {
    lb.load_balancer_arn().unwrap_or_default().to_string()
}

#[derive(Debug, Deserialize)]
struct GroupsArgs {
    tg_names: Vec<String>,
}

impl ActionArgs for GroupsArgs {
    fn check(&self) -> Result<(), Error> {
        if self.tg_names.is_empty() {
            return Err(Error::invalid_argument("tg_names", "is empty"));
        }
        Ok(())
    }
}

async fn targets_health_count(
    args: GroupsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let elb = elb(&aws, &ctx).await?;
    let mut counts = Map::new();
    for group in target_groups(&elb, &args.tg_names).await? {
        let mut by_state: BTreeMap<String, usize> = BTreeMap::new();
        for target in health(&elb, &group).await? {
            *by_state.entry(state(&target).to_string()).or_default() += 1;
        }
        counts.insert(
            group.target_group_name().unwrap_or_default().to_string(),
            json!(by_state),
        );
    }
    Ok(Value::Object(counts))
}

/// True when every target of the groups is healthy; the others are logged.
async fn all_targets_healthy(
    args: GroupsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<bool, Error> {
    let elb = elb(&aws, &ctx).await?;
    let mut unhealthy = Vec::new();
    for group in target_groups(&elb, &args.tg_names).await? {
        let name = group.target_group_name().unwrap_or_default().to_string();
        for t in health(&elb, &group)
            .await?
            .iter()
            .filter(|t| state(t) != "healthy")
        {
            unhealthy.push(format!(
                "{} in `{name}` is {}",
                t.target().and_then(|x| x.id()).unwrap_or("?"),
                state(t)
            ));
        }
    }
    if !unhealthy.is_empty() {
        ctx.log(format!("not healthy: {}", unhealthy.join(", ")));
    }
    Ok(unhealthy.is_empty())
}

#[derive(Debug, Deserialize)]
struct GroupArgs {
    tg_name: String,
}

impl ActionArgs for GroupArgs {}

async fn deregister_target(
    args: GroupArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let elb = elb(&aws, &ctx).await?;
    let group = target_groups(&elb, std::slice::from_ref(&args.tg_name))
        .await?
        .pop()
        .ok_or_else(|| Error::failed_action(format!("no target group `{}`", args.tg_name)))?;
    let targets = health(&elb, &group).await?;
    let Some(target) = pick(&ctx, targets, 1)
        .pop()
        .and_then(|t| t.target().cloned())
    else {
        return Err(Error::failed_action(format!(
            "target group `{}` has no target",
            args.tg_name
        )));
    };
    let picked = json!({"Id": target.id(), "Port": target.port()});
    if let Some(report) = dry_run(
        &ctx,
        format!("deregister {picked} from `{}`", args.tg_name),
        json!([picked]),
    ) {
        return Ok(report);
    }
    let group_arn = group.target_group_arn().unwrap_or_default();
    let (_, response) = boto!(
        boto::elbv2,
        "DeregisterTargets",
        elb.deregister_targets().target_group_arn(group_arn).targets(
            TargetDescription::builder()
                .set_id(target.id().map(str::to_string))
                .set_port(target.port())
                .build(),
        )
    );
    ctx.log(format!("deregistered {picked} from `{}`", args.tg_name));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct DeleteArgs {
    load_balancer_names: Vec<String>,
}

impl ActionArgs for DeleteArgs {
    fn check(&self) -> Result<(), Error> {
        if self.load_balancer_names.is_empty() {
            return Err(Error::invalid_argument("load_balancer_names", "is empty"));
        }
        Ok(())
    }
}

async fn delete_load_balancer(
    args: DeleteArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let elb = elb(&aws, &ctx).await?;
    let found = load_balancers(&elb, &args.load_balancer_names).await?;
    let arns: Vec<String> = found.iter().map(arn).collect();
    if let Some(report) = dry_run(
        &ctx,
        format!("delete load balancers {:?}", args.load_balancer_names),
        json!(arns),
    ) {
        return Ok(report);
    }
    for lb in &found {
        elb.delete_load_balancer()
            .load_balancer_arn(arn(lb))
            .send()
            .await
            .or_fail("DeleteLoadBalancer")?;
        ctx.log(format!(
            "deleted load balancer `{}`",
            lb.load_balancer_name().unwrap_or_default()
        ));
    }
    Ok(Value::Null)
}

#[derive(Debug, Deserialize)]
struct SecurityGroupsArgs {
    load_balancer_names: Vec<String>,
    security_group_ids: Vec<String>,
}

impl ActionArgs for SecurityGroupsArgs {
    fn check(&self) -> Result<(), Error> {
        if self.security_group_ids.is_empty() {
            return Err(Error::invalid_argument("security_group_ids", "is empty"));
        }
        Ok(())
    }
}

async fn set_security_groups(
    args: SecurityGroupsArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let elb = elb(&aws, &ctx).await?;
    let found = load_balancers(&elb, &args.load_balancer_names).await?;
    if let Some(lb) = found
        .iter()
        .find(|lb| lb.r#type().map(|t| t.as_str()) == Some("network"))
    {
        return Err(Error::failed_action(format!(
            "`{}` is a network load balancer: only application load balancers have security groups",
            lb.load_balancer_name().unwrap_or_default()
        )));
    }
    if let Some(report) = dry_run(
        &ctx,
        format!(
            "set security groups {:?} on {:?}",
            args.security_group_ids, args.load_balancer_names
        ),
        json!(found.iter().map(arn).collect::<Vec<_>>()),
    ) {
        return Ok(report);
    }
    let mut responses = Vec::new();
    for lb in &found {
        let (_, mut response) = boto!(
            boto::elbv2,
            "SetSecurityGroups",
            elb.set_security_groups()
                .load_balancer_arn(arn(lb))
                .set_security_groups(Some(args.security_group_ids.clone()))
        );
        // The driver adds which load balancer each response is about.
        response["LoadBalancerArn"] = json!(arn(lb));
        responses.push(response);
    }
    Ok(Value::Array(responses))
}

#[derive(Debug, Deserialize)]
struct SubnetsArgs {
    load_balancer_names: Vec<String>,
    subnet_ids: Vec<String>,
}

impl ActionArgs for SubnetsArgs {
    fn check(&self) -> Result<(), Error> {
        if self.subnet_ids.is_empty() {
            return Err(Error::invalid_argument("subnet_ids", "is empty"));
        }
        Ok(())
    }
}

async fn set_subnets(args: SubnetsArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let elb = elb(&aws, &ctx).await?;
    let found = load_balancers(&elb, &args.load_balancer_names).await?;
    if let Some(report) = dry_run(
        &ctx,
        format!(
            "set subnets {:?} on {:?}",
            args.subnet_ids, args.load_balancer_names
        ),
        json!(found.iter().map(arn).collect::<Vec<_>>()),
    ) {
        return Ok(report);
    }
    let mut responses = Vec::new();
    for lb in &found {
        let (_, mut response) = boto!(
            boto::elbv2,
            "SetSubnets",
            elb.set_subnets()
                .load_balancer_arn(arn(lb))
                .set_subnets(Some(args.subnet_ids.clone()))
        );
        response["LoadBalancerArn"] = json!(arn(lb));
        responses.push(response);
    }
    Ok(Value::Array(responses))
}

fn attributes_json(attributes: &[LoadBalancerAttribute]) -> Value {
    attributes
        .iter()
        .filter_map(|a| Some((a.key()?.to_string(), json!(a.value()))))
        .collect::<Map<String, Value>>()
        .into()
}

#[derive(Debug, Deserialize)]
struct AccessLogArgs {
    load_balancer_arn: String,
    /// Declared by only some of the actions these arguments serve.
    enable: Option<bool>,
    bucket_name: Option<String>,
}

impl ActionArgs for AccessLogArgs {
    fn check(&self) -> Result<(), Error> {
        if self.enable == Some(true) && self.bucket_name.is_none() {
            return Err(Error::invalid_argument(
                "bucket_name",
                "is required to enable access logs",
            ));
        }
        Ok(())
    }
}

async fn is_access_log_enabled(
    args: AccessLogArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<bool, Error> {
    let elb = elb(&aws, &ctx).await?;
    let out = elb
        .describe_load_balancer_attributes()
        .load_balancer_arn(&args.load_balancer_arn)
        .send()
        .await
        .or_fail("DescribeLoadBalancerAttributes")?;
    let all = attributes_json(out.attributes());
    Ok(all["access_logs.s3.enabled"] == "true")
}

async fn enable_access_log(
    args: AccessLogArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let elb = elb(&aws, &ctx).await?;
    let mut attributes = vec![LoadBalancerAttribute::builder()
        .key("access_logs.s3.enabled")
        .value((args.enable == Some(true)).to_string())
        .build()];
    if let Some(bucket) = &args.bucket_name {
        attributes.push(
            LoadBalancerAttribute::builder()
                .key("access_logs.s3.bucket")
                .value(bucket)
                .build(),
        );
    }
    let would = format!(
        "turn access logs {} on `{}`",
        if args.enable == Some(true) {
            "on"
        } else {
            "off"
        },
        args.load_balancer_arn
    );
    if ctx.dry_run() {
        elb.describe_load_balancer_attributes()
            .load_balancer_arn(&args.load_balancer_arn)
            .send()
            .await
            .or_fail("DescribeLoadBalancerAttributes")?;
        return Ok(dry_run(&ctx, would, json!(args.load_balancer_arn)).unwrap_or_default());
    }
    let out = elb
        .modify_load_balancer_attributes()
        .load_balancer_arn(&args.load_balancer_arn)
        .set_attributes(Some(attributes))
        .send()
        .await
        .or_fail("ModifyLoadBalancerAttributes")?;
    ctx.log(would);
    // Whether access logs are on now, by the attributes the call returns.
    let on = out.attributes().iter().any(|a| {
        a.key() == Some("access_logs.s3.enabled")
            && a.value().is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    });
    Ok(Value::Bool(on))
}
