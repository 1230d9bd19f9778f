//! `aws.msk`: Amazon MSK (Kafka) clusters: reboot brokers, delete;
//! describe, bootstrap servers.

use super::boto::{self, boto};
use super::client::{dry_run, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_kafka::Client;
use serde::Deserialize;
use serde_json::{json, Value};

/// The `aws.msk` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::msk::MSK)
        .with_common::<Connection>()
        .action("delete_cluster", delete_cluster)
        .action("describe_msk_cluster", describe_msk_cluster)
        .action("get_bootstrap_servers", get_bootstrap_servers)
        .action("reboot_msk_broker", reboot_msk_broker)
        .into()
}

async fn kafka(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

#[derive(Debug, Deserialize)]
struct ClusterArgs {
    cluster_arn: String,
}

#[derive(Debug, Deserialize)]
struct RebootArgs {
    broker_ids: Vec<String>,
    #[serde(flatten)]
    cluster: ClusterArgs,
}

impl ActionArgs for RebootArgs {
    fn check(&self) -> Result<(), Error> {
        self.cluster.check()?;
        if self.broker_ids.is_empty() {
            return Err(Error::invalid_argument("broker_ids", "is empty"));
        }
        Ok(())
    }
}

impl ActionArgs for ClusterArgs {
    fn check(&self) -> Result<(), Error> {
        if !self.cluster_arn.starts_with("arn:") {
            return Err(Error::invalid_argument(
                "cluster_arn",
                format!("`{}` is not a cluster ARN", self.cluster_arn),
            ));
        }
        Ok(())
    }
}

async fn describe(kafka: &Client, arn: &str) -> Result<Value, Error> {
    let (_, response) = boto!(
        boto::kafka,
        "DescribeCluster",
        kafka.describe_cluster()
            .cluster_arn(arn)
    );
    Ok(response)
}

async fn describe_msk_cluster(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let kafka = kafka(&aws, &ctx).await?;
    describe(&kafka, &args.cluster_arn).await
}

async fn get_bootstrap_servers(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Vec<String>, Error> {
    let kafka = kafka(&aws, &ctx).await?;
    let out = kafka
        .get_bootstrap_brokers()
        .cluster_arn(&args.cluster_arn)
        .send()
        .await
        .or_fail("GetBootstrapBrokers")?;
    let lists = [
        out.bootstrap_broker_string(),
        out.bootstrap_broker_string_tls(),
        out.bootstrap_broker_string_sasl_scram(),
        out.bootstrap_broker_string_sasl_iam(),
        out.bootstrap_broker_string_public_tls(),
    ];
    let mut servers: Vec<String> = lists
        .into_iter()
        .flatten()
        .flat_map(|l| l.split(','))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    servers.dedup();
    Ok(servers)
}

async fn reboot_msk_broker(
    args: RebootArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let kafka = kafka(&aws, &ctx).await?;
    if ctx.dry_run() {
        describe(&kafka, &args.cluster.cluster_arn).await?;
        return Ok(dry_run(
            &ctx,
            format!("reboot brokers {:?}", args.broker_ids),
            json!(args.broker_ids),
        )
        .unwrap_or_default());
    }
    let (_, response) = boto!(
        boto::kafka,
        "RebootBroker",
        kafka.reboot_broker()
            .cluster_arn(&args.cluster.cluster_arn)
            .set_broker_ids(Some(args.broker_ids.clone()))
    );
    ctx.log(format!("rebooting brokers {:?}", args.broker_ids));
    Ok(response)
}

async fn delete_cluster(
    args: ClusterArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let kafka = kafka(&aws, &ctx).await?;
    if ctx.dry_run() {
        describe(&kafka, &args.cluster_arn).await?;
        return Ok(dry_run(
            &ctx,
            format!("delete MSK cluster `{}`", args.cluster_arn),
            json!(args.cluster_arn),
        )
        .unwrap_or_default());
    }
    let (_, response) = boto!(
        boto::kafka,
        "DeleteCluster",
        kafka.delete_cluster()
            .cluster_arn(&args.cluster_arn)
    );
    ctx.log(format!("deleting MSK cluster `{}`", args.cluster_arn));
    Ok(response)
}
