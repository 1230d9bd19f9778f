//! `aws.iam`: managed policies and their attachment to roles.

use super::boto::{self, boto};
use super::client::{dry_run, dry_run_after, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_iam::Client;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The `aws.iam` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::iam::IAM)
        .with_common::<Connection>()
        .action("attach_role_policy", attach_role_policy)
        .action("create_policy", create_policy)
        .action("detach_role_policy", detach_role_policy)
        .action("get_policy", get_policy)
        .into()
}

async fn iam(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection.client(ctx, Client::new).await
}

#[derive(Debug, Deserialize)]
struct RolePolicyArgs {
    arn: String,
    role_name: String,
}

impl ActionArgs for RolePolicyArgs {
    fn check(&self) -> Result<(), Error> {
        if !self.arn.starts_with("arn:") {
            return Err(Error::invalid_argument(
                "arn",
                format!("`{}` is not a policy ARN", self.arn),
            ));
        }
        Ok(())
    }
}

/// Under dry run: checks the role exists and says what would change.
async fn dry_run_on_role(
    iam: &Client,
    ctx: &StepContext,
    role: &str,
    would: String,
) -> Result<Option<Value>, Error> {
    let lookup = iam.get_role().role_name(role).send();
    dry_run_after(ctx, would, json!(role), async {
        lookup.await.or_fail("GetRole")
    })
    .await
}

async fn attach_role_policy(
    args: RolePolicyArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let iam = iam(&aws, &ctx).await?;
    let would = format!("attach policy `{}` to role `{}`", args.arn, args.role_name);
    if let Some(report) = dry_run_on_role(&iam, &ctx, &args.role_name, would.clone()).await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::iam,
        "AttachRolePolicy",
        iam.attach_role_policy()
            .policy_arn(&args.arn)
            .role_name(&args.role_name)
    );
    ctx.log(would);
    Ok(response)
}

async fn detach_role_policy(
    args: RolePolicyArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let iam = iam(&aws, &ctx).await?;
    let would = format!(
        "detach policy `{}` from role `{}`",
        args.arn, args.role_name
    );
    if let Some(report) = dry_run_on_role(&iam, &ctx, &args.role_name, would.clone()).await? {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::iam,
        "DetachRolePolicy",
        iam.detach_role_policy()
            .policy_arn(&args.arn)
            .role_name(&args.role_name)
    );
    ctx.log(would);
    Ok(response)
}

#[derive(Debug, Deserialize)]
struct CreatePolicyArgs {
    name: String,
    policy: Map<String, Value>,
    path: String,
    description: String,
}

impl ActionArgs for CreatePolicyArgs {
    fn check(&self) -> Result<(), Error> {
        if !self.policy.contains_key("Statement") {
            return Err(Error::invalid_argument(
                "policy",
                "is not a policy document: it has no `Statement`",
            ));
        }
        if !self.path.starts_with('/') || !self.path.ends_with('/') {
            return Err(Error::invalid_argument(
                "path",
                format!("must begin and end with `/`, not `{}`", self.path),
            ));
        }
        Ok(())
    }
}

async fn create_policy(
    args: CreatePolicyArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let iam = iam(&aws, &ctx).await?;
    if let Some(report) = dry_run(
        &ctx,
        format!("create policy `{}`", args.name),
        json!(args.name),
    ) {
        return Ok(report);
    }
    let (_, response) = boto!(
        boto::iam,
        "CreatePolicy",
        iam.create_policy()
            .policy_name(&args.name)
            .policy_document(Value::Object(args.policy.clone()).to_string())
            .path(&args.path)
            .set_description((!args.description.is_empty()).then(|| args.description.clone()))
    );
    ctx.log(format!("created policy `{}`", args.name));
    Ok(response)
}

/// A managed policy as IAM describes it.
#[derive(Debug, Deserialize)]
struct PolicyArgs {
    arn: String,
}

impl ActionArgs for PolicyArgs {}

async fn get_policy(args: PolicyArgs, aws: Connection, ctx: StepContext) -> Result<Value, Error> {
    let iam = iam(&aws, &ctx).await?;
    let (_, response) = boto!(
        boto::iam,
        "GetPolicy",
        iam.get_policy()
            .policy_arn(&args.arn)
    );
    Ok(response)
}
