//! `aws.route53`: private hosted zones' VPCs, DNS answers, health checks.

use super::boto::{self, boto};
use super::client::{dry_run, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_route53::types::{RrType, Vpc, VpcRegion};
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

#[derive(Debug, Deserialize)]
struct ZoneArgs {
    zone_id: String,
}

impl ActionArgs for ZoneArgs {}

async fn zone(route53: &Client, id: &str) -> Result<Value, Error> {
    let (_, response) = boto!(
        boto::route53,
        "GetHostedZone",
        route53.get_hosted_zone()
            .id(id)
    );
    Ok(response)
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
    let (_, response) = boto!(
        boto::route53,
        "AssociateVPCWithHostedZone",
        route53.associate_vpc_with_hosted_zone()
            .hosted_zone_id(&args.zone_id)
            .vpc(args.vpc())
            .set_comment(args.comment.clone())
    );
    ctx.log(would);
    Ok(response)
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
    let (_, response) = boto!(
        boto::route53,
        "DisassociateVPCFromHostedZone",
        route53.disassociate_vpc_from_hosted_zone()
            .hosted_zone_id(&args.zone_id)
            .vpc(args.vpc())
            .set_comment(args.comment.clone())
    );
    ctx.log(would);
    Ok(response)
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
    let (_, response) = boto!(
        boto::route53,
        "TestDNSAnswer",
        route53.test_dns_answer()
            .hosted_zone_id(&args.zone_id)
            .record_name(&args.record_name)
            .record_type(RrType::from(args.record_type.as_str()))
    );
    Ok(response)
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
    let (out, response) = boto!(
        boto::route53,
        "GetHealthCheckStatus",
        route53.get_health_check_status()
            .health_check_id(&args.check_id)
    );
    if out.health_check_observations().is_empty() {
        return Err(Error::failed_action(format!(
            "health check `{}` has no observations",
            args.check_id
        )));
    }
    Ok(response)
}
