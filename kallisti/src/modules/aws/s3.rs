//! `aws.s3`: buckets and objects: existence, deletion, versioning.
//!
//! With an endpoint override (an emulator, say), buckets are addressed by
//! path rather than by virtual host.

use super::client::{choice, dry_run, sdk_error, Connection, OrFail};
use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use aws_sdk_s3::types::{BucketVersioningStatus, MfaDelete, VersioningConfiguration};
use aws_sdk_s3::Client;
use serde::Deserialize;
use serde_json::{json, Value};

/// The `aws.s3` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::aws::s3::S3)
        .with_common::<Connection>()
        .action("bucket_exists", bucket_exists)
        .action("delete_object", delete_object)
        .action("object_exists", object_exists)
        .action("toggle_versioning", toggle_versioning)
        .into()
}

async fn s3(connection: &Connection, ctx: &StepContext) -> Result<Client, Error> {
    connection
        .client(ctx, |config| {
            let path_style = config.endpoint_url().is_some();
            Client::from_conf(
                aws_sdk_s3::config::Builder::from(config)
                    .force_path_style(path_style)
                    .build(),
            )
        })
        .await
}

#[derive(Debug, Deserialize)]
struct BucketArgs {
    bucket_name: String,
}

impl ActionArgs for BucketArgs {
    fn check(&self) -> Result<(), Error> {
        if self.bucket_name.is_empty() {
            return Err(Error::invalid_argument("bucket_name", "is empty"));
        }
        Ok(())
    }
}

async fn bucket_exists(args: BucketArgs, aws: Connection, ctx: StepContext) -> Result<bool, Error> {
    let s3 = s3(&aws, &ctx).await?;
    match s3.head_bucket().bucket(&args.bucket_name).send().await {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(false),
        Err(e) => Err(sdk_error("HeadBucket", e)),
    }
}

#[derive(Debug, Deserialize)]
struct ObjectArgs {
    bucket_name: String,
    object_key: String,
    version_id: Option<String>,
}

impl ActionArgs for ObjectArgs {
    fn check(&self) -> Result<(), Error> {
        if self.object_key.is_empty() {
            return Err(Error::invalid_argument("object_key", "is empty"));
        }
        Ok(())
    }
}

async fn exists(s3: &Client, args: &ObjectArgs) -> Result<bool, Error> {
    match s3
        .head_object()
        .bucket(&args.bucket_name)
        .key(&args.object_key)
        .set_version_id(args.version_id.clone())
        .send()
        .await
    {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(false),
        Err(e) => Err(sdk_error("HeadObject", e)),
    }
}

async fn object_exists(args: ObjectArgs, aws: Connection, ctx: StepContext) -> Result<bool, Error> {
    let s3 = s3(&aws, &ctx).await?;
    exists(&s3, &args).await
}

async fn delete_object(
    args: ObjectArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let s3 = s3(&aws, &ctx).await?;
    let target = format!("s3://{}/{}", args.bucket_name, args.object_key);
    if ctx.dry_run() {
        if !exists(&s3, &args).await? {
            return Err(Error::failed_action(format!("{target} does not exist")));
        }
        return Ok(dry_run(&ctx, format!("delete {target}"), json!(target)).unwrap_or_default());
    }
    s3.delete_object()
        .bucket(&args.bucket_name)
        .key(&args.object_key)
        .set_version_id(args.version_id.clone())
        .send()
        .await
        .or_fail("DeleteObject")?;
    ctx.log(format!("deleted {target}"));
    Ok(Value::Null)
}

choice! {
    /// A bucket's versioning state.
    VersioningChoice { Enabled = "Enabled", Suspended = "Suspended" }
}

choice! {
    /// Whether deleting a version needs MFA.
    MfaDeleteChoice { Enabled = "Enabled", Disabled = "Disabled" }
}

#[derive(Debug, Deserialize)]
struct VersioningArgs {
    bucket_name: String,
    mfa_delete: Option<MfaDeleteChoice>,
    status: Option<VersioningChoice>,
    mfa: Option<String>,
    owner: Option<String>,
}

impl ActionArgs for VersioningArgs {
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }
}

async fn toggle_versioning(
    args: VersioningArgs,
    aws: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let s3 = s3(&aws, &ctx).await?;
    if let Some(mfa) = &args.mfa {
        // The MFA value is a device serial and a one-time code.
        ctx.add_secret(mfa);
    }
    let status = match &args.status {
        Some(status) => status.as_str().to_string(),
        None => {
            let current = s3
                .get_bucket_versioning()
                .bucket(&args.bucket_name)
                .set_expected_bucket_owner(args.owner.clone())
                .send()
                .await
                .or_fail("GetBucketVersioning")?;
            match current.status() {
                Some(BucketVersioningStatus::Enabled) => "Suspended".to_string(),
                _ => "Enabled".to_string(),
            }
        }
    };
    let would = format!("set versioning of `{}` to {status}", args.bucket_name);
    if let Some(report) = dry_run(&ctx, would.clone(), json!(args.bucket_name)) {
        return Ok(report);
    }
    s3.put_bucket_versioning()
        .bucket(&args.bucket_name)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::from(status.as_str()))
                .set_mfa_delete(args.mfa_delete.map(|m| MfaDelete::from(m.as_str())))
                .build(),
        )
        .set_mfa(args.mfa.clone())
        .set_expected_bucket_owner(args.owner.clone())
        .send()
        .await
        .or_fail("PutBucketVersioning")?;
    ctx.log(would);
    Ok(Value::Null)
}
