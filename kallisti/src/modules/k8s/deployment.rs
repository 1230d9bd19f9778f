//! Deployments: scale them.

use super::client::{api_error, Connection};
use super::objects::ReplicasArgs;
use crate::action::StepContext;
use crate::error::Error;
use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Api, Patch, PatchParams};
use serde_json::{json, Value};

pub(super) async fn scale_deployment(
    args: ReplicasArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let client = connection.client(&ctx).await?;
    let api: Api<Deployment> = Api::namespaced(client, &args.ns);
    let what = format!("scaling deployment `{}` in `{}`", args.name, args.ns);
    let current = api
        .get_scale(&args.name)
        .await
        .map_err(|e| api_error(&what, e))?;
    let from = current.spec.and_then(|s| s.replicas).unwrap_or_default();
    if ctx.dry_run() {
        ctx.log(format!(
            "dry run: would scale `{}` from {from} to {} replicas",
            args.name, args.replicas
        ));
        return Ok(
            json!({"dry_run": true, "name": args.name, "replicas": from, "would_scale_to": args.replicas}),
        );
    }
    let patch = json!({"spec": {"replicas": args.replicas}});
    api.patch_scale(&args.name, &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .map_err(|e| api_error(&what, e))?;
    ctx.log(format!(
        "scaled `{}` from {from} to {} replicas",
        args.name, args.replicas
    ));
    // The driver returns nothing; the change is in the step's logs.
    Ok(Value::Null)
}

/// Binds the `k8s` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("scale_deployment", scale_deployment)
        .action("scale_microservice", scale_deployment)
}
