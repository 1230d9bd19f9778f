//! `aws.eks`: EKS clusters (for chaos inside them, see the `k8s`
//! namespace's EKS support).

use super::boto::{self, boto, boto_pages};
use super::client::{dry_run, sdk_error, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_eks::types::VpcConfigRequest;
use aws_sdk_eks::Client;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The `aws.eks` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::eks::EKS)
        .with_common::<Connection>()
        .action("create_cluster", create_cluster)
        .action("delete_cluster", delete_cluster)
        .action("describe_cluster", describe_cluster)
        .action("list_clusters", list_clusters)
        .into()
}

async fn eks(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}


#[derive(Debug, Deserialize)]
struct NameArgs {
    name: Option<String>,
}

impl ActionArgs for NameArgs {
    fn check(&self) -> Result<(), Error> {
        if self.name.as_deref().is_none_or(str::is_empty) {
            return Err(Error::invalid_argument(
                "name",
                "the cluster's name is required",
            ));
        }
        Ok(())
    }
}

impl NameArgs {
    fn name(&self) -> &str {
        self.name.as_deref().unwrap_or_default()
    }
}

async fn describe(eks: &Client, name: &str) -> Result<(), Error> {
    eks
        .describe_cluster()
        .name(name)
        .send()
        .await
        .or_fail("DescribeCluster")?;
    Ok(())
}

/// An unknown cluster is null, as in the driver: a probe can then ask
/// whether a cluster exists.
async fn describe_cluster(
    args: NameArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let eks = eks(&aws, &ctx).await?;
    let capture = boto::Capture::default();
    let request = eks.describe_cluster().name(args.name());
    match request.customize().interceptor(capture.clone()).send().await {
        Ok(_) => boto::eks().read("DescribeCluster", capture.take()),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception()) =>
        {
            Ok(Value::Null)
        }
        Err(e) => Err(sdk_error("DescribeCluster", e)),
    }
}

async fn delete_cluster(args: NameArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let eks = eks(&aws, &ctx).await?;
    let name = args.name();
    if ctx.dry_run() {
        describe(&eks, name).await?;
        return Ok(
            dry_run(&ctx, format!("delete EKS cluster `{name}`"), json!(name)).unwrap_or_default(),
        );
    }
    let (_, response) = boto!(
        boto::eks,
        "DeleteCluster",
        eks.delete_cluster()
            .name(name)
    );
    ctx.log(format!("deleting EKS cluster `{name}`"));
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct ListArgs {}

impl ActionArgs for ListArgs {}

async fn list_clusters(_args: ListArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let eks = eks(&aws, &ctx).await?;
    let (_, response) = boto_pages!(
        boto::eks,
        "ListClusters",
        eks.list_clusters(),
        set_next_token,
        next_token,
        "nextToken"
    );
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct CreateArgs {
    name: String,
    role_arn: String,
    vpc_config: Map<String, Value>,
    version: Option<String>,
}

fn strings(config: &Map<String, Value>, key: &str) -> Result<Option<Vec<String>>, Error> {
    match config.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_string).ok_or_else(|| {
                    Error::invalid_argument(
                        format!("vpc_config.{key}"),
                        "must be a list of strings",
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(Error::invalid_argument(
            format!("vpc_config.{key}"),
            "must be a list of strings",
        )),
    }
}

impl ActionArgs for CreateArgs {
    fn check(&self) -> Result<(), Error> {
        for key in self.vpc_config.keys() {
            if ![
                "subnetIds",
                "securityGroupIds",
                "endpointPublicAccess",
                "endpointPrivateAccess",
                "publicAccessCidrs",
            ]
            .contains(&key.as_str())
            {
                return Err(Error::invalid_argument(
                    format!("vpc_config.{key}"),
                    "is not a VPC setting (subnetIds, securityGroupIds, endpointPublicAccess, endpointPrivateAccess, publicAccessCidrs)",
                ));
            }
        }
        strings(&self.vpc_config, "subnetIds")?;
        strings(&self.vpc_config, "securityGroupIds")?;
        strings(&self.vpc_config, "publicAccessCidrs")?;
        Ok(())
    }
}

async fn create_cluster(
    args: CreateArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let eks = eks(&aws, &ctx).await?;
    if let Some(report) = dry_run(
        &ctx,
        format!("create EKS cluster `{}`", args.name),
        json!(args.name),
    ) {
        return Ok(report);
    }
    let c = &args.vpc_config;
    let vpc = VpcConfigRequest::builder()
        .set_subnet_ids(strings(c, "subnetIds")?)
        .set_security_group_ids(strings(c, "securityGroupIds")?)
        .set_public_access_cidrs(strings(c, "publicAccessCidrs")?)
        .set_endpoint_public_access(c.get("endpointPublicAccess").and_then(Value::as_bool))
        .set_endpoint_private_access(c.get("endpointPrivateAccess").and_then(Value::as_bool))
        .build();
    let (_, response) = boto!(
        boto::eks,
        "CreateCluster",
        eks.create_cluster()
            .name(&args.name)
            .role_arn(&args.role_arn)
            .resources_vpc_config(vpc)
            .set_version(args.version.clone())
    );
    ctx.log(format!("creating EKS cluster `{}`", args.name));
    Ok(response)
}
