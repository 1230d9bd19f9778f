//! Service bindings: unbind a service from an app.

use super::client::Connection;
use super::lookup::{guid_of, with_query, AppArgs};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
pub(super) struct BindArgs {
    bind_name: String,
    #[serde(flatten)]
    app: AppArgs,
}

impl ActionArgs for BindArgs {
    fn check(&self) -> Result<(), Error> {
        self.app.check()
    }
}

pub(super) async fn unbind_service_from_app(
    args: BindArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let a = &args.app;
    let (cf, app) = a.find(&connection, &ctx).await?;
    let answer = cf
        .get(&with_query(
            "/v3/service_credential_bindings",
            &[
                ("app_guids", guid_of(&app)),
                ("include", "service_instance"),
            ],
        ))
        .await?;
    let instances = answer["included"]["service_instances"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let instance_name = |binding: &Value| {
        let guid = &binding["relationships"]["service_instance"]["data"]["guid"];
        instances
            .iter()
            .find(|i| &i["guid"] == guid)
            .and_then(|i| i["name"].as_str())
            .map(str::to_string)
    };
    let binding = answer["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|b| {
            b["name"] == args.bind_name.as_str()
                || instance_name(b).as_deref() == Some(&args.bind_name)
        })
        .ok_or_else(|| {
            Error::failed_action(format!(
                "app `{}` has no service binding `{}`",
                a.app_name, args.bind_name
            ))
        })?;
    if ctx.dry_run() {
        ctx.log(format!(
            "dry run: would unbind `{}` from app `{}`",
            args.bind_name, a.app_name
        ));
        return Ok(json!({"dry_run": true, "would_unbind": args.bind_name, "app": a.app_name}));
    }
    cf.send(
        Method::DELETE,
        &format!("/v3/service_credential_bindings/{}", guid_of(binding)),
        None,
    )
    .await?;
    ctx.log(format!(
        "unbound `{}` from app `{}`",
        args.bind_name, a.app_name
    ));
    Ok(Value::Null)
}

/// Binds the `cf` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("unbind_service_from_app", unbind_service_from_app)
}
