//! `aws.route53`: private hosted zones' VPCs, DNS answers, health checks.

use super::client::{dry_run, timestamp, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_route53::types::{ChangeInfo, RrType, Vpc, VpcRegion};
use aws_sdk_route53::Client;
use serde::Deserialize;
use serde_json::{json, Value};

/// The `aws.route53` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::route53::ROUTE53)
        .with_common::<Connection>()
        .action("associate_vpc_with_zone", associate_vpc_with_zone)
        .action("disassociate_vpc_from_zone", disassociate_vpc_from_zone)
        .action("get_dns_answer", get_dns_answer)
        .action("get_health_check_status", get_health_check_status)
        .action("get_hosted_zone", get_hosted_zone)
        .into()
}

async fn route53(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

fn change_json(c: Option<&ChangeInfo>) -> Value {
    let Some(c) = c else { return Value::Null };
    json!({"ChangeInfo": {
        "Id": c.id(),
        "Status": c.status().as_str(),
        "SubmittedAt": timestamp(Some(c.submitted_at())),
        "Comment": c.comment(),
    }})
}

#[derive(Debug, Deserialize)]
struct ZoneArgs {
    zone_id: String,
}

impl ActionArgs for ZoneArgs {}

async fn zone(route53: &Client, id: &str) -> Result<Value, Error> {
    let out = route53
        .get_hosted_zone()
        .id(id)
        .send()
        .await
        .or_fail("GetHostedZone")?;
    Ok(json!({
        "HostedZone": out.hosted_zone().map(|z| json!({
            "Id": z.id(),
            "Name": z.name(),
            "CallerReference": z.caller_reference(),
            "ResourceRecordSetCount": z.resource_record_set_count(),
            "Config": z.config().map(|c| json!({"PrivateZone": c.private_zone(), "Comment": c.comment()})),
        })),
        "VPCs": out.vpcs().iter().map(|v| json!({
            "VPCId": v.vpc_id(), "VPCRegion": v.vpc_region().map(|r| r.as_str()),
        })).collect::<Vec<_>>(),
        "DelegationSet": out.delegation_set().map(|d| json!({"NameServers": d.name_servers()})),
    }))
}

async fn get_hosted_zone(
    args: ZoneArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let route53 = route53(&aws, &ctx).await?;
    zone(&route53, &args.zone_id).await
}

#[derive(Debug, Deserialize)]
struct VpcArgs {
    zone_id: String,
    vpc_id: String,
    vpc_region: String,
    comment: Option<String>,
}

impl ActionArgs for VpcArgs {}

impl VpcArgs {
    fn vpc(&self) -> Vpc {
        Vpc::builder()
            .vpc_id(&self.vpc_id)
            .vpc_region(VpcRegion::from(self.vpc_region.as_str()))
            .build()
    }
}

async fn associate_vpc_with_zone(
    args: VpcArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let route53 = route53(&aws, &ctx).await?;
    let would = format!(
        "associate VPC `{}` with zone `{}`",
        args.vpc_id, args.zone_id
    );
    if ctx.dry_run() {
        zone(&route53, &args.zone_id).await?;
        return Ok(dry_run(&ctx, would, json!(args.zone_id)).unwrap_or_default());
    }
    let out = route53
        .associate_vpc_with_hosted_zone()
        .hosted_zone_id(&args.zone_id)
        .vpc(args.vpc())
        .set_comment(args.comment.clone())
        .send()
        .await
        .or_fail("AssociateVPCWithHostedZone")?;
    ctx.log(would);
    Ok(change_json(out.change_info()))
}

async fn disassociate_vpc_from_zone(
    args: VpcArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let route53 = route53(&aws, &ctx).await?;
    let would = format!(
        "disassociate VPC `{}` from zone `{}`",
        args.vpc_id, args.zone_id
    );
    if ctx.dry_run() {
        zone(&route53, &args.zone_id).await?;
        return Ok(dry_run(&ctx, would, json!(args.zone_id)).unwrap_or_default());
    }
    let out = route53
        .disassociate_vpc_from_hosted_zone()
        .hosted_zone_id(&args.zone_id)
        .vpc(args.vpc())
        .set_comment(args.comment.clone())
        .send()
        .await
        .or_fail("DisassociateVPCFromHostedZone")?;
    ctx.log(would);
    Ok(change_json(out.change_info()))
}

#[derive(Debug, Deserialize)]
struct AnswerArgs {
    zone_id: String,
    record_name: String,
    record_type: String,
}

impl ActionArgs for AnswerArgs {
    fn check(&self) -> Result<(), Error> {
        if !RrType::values().contains(&self.record_type.as_str()) {
            return Err(Error::invalid_argument(
                "record_type",
                format!(
                    "`{}` is not a record type ({})",
                    self.record_type,
                    RrType::values().join(", ")
                ),
            ));
        }
        Ok(())
    }
}

async fn get_dns_answer(
    args: AnswerArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let route53 = route53(&aws, &ctx).await?;
    let out = route53
        .test_dns_answer()
        .hosted_zone_id(&args.zone_id)
        .record_name(&args.record_name)
        .record_type(RrType::from(args.record_type.as_str()))
        .send()
        .await
        .or_fail("TestDNSAnswer")?;
    Ok(json!({
        "Nameserver": out.nameserver(),
        "RecordName": out.record_name(),
        "RecordType": out.record_type().as_str(),
        "RecordData": out.record_data(),
        "ResponseCode": out.response_code(),
        "Protocol": out.protocol(),
    }))
}

#[derive(Debug, Deserialize)]
struct CheckArgs {
    check_id: String,
}

impl ActionArgs for CheckArgs {}

async fn get_health_check_status(
    args: CheckArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let route53 = route53(&aws, &ctx).await?;
    let out = route53
        .get_health_check_status()
        .health_check_id(&args.check_id)
        .send()
        .await
        .or_fail("GetHealthCheckStatus")?;
    Ok(
        json!({"HealthCheckObservations": out.health_check_observations().iter().map(|o| json!({
        "Region": o.region().map(|r| r.as_str()),
        "IPAddress": o.ip_address(),
        "StatusReport": o.status_report().map(|s| json!({"Status": s.status(), "CheckedTime": timestamp(s.checked_time())})),
    })).collect::<Vec<_>>()}),
    )
}
