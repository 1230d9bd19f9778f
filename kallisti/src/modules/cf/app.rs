//! Apps: stop, start, delete, list, states, stats.

use super::client::Cf;
use super::client::Connection;
use super::lookup::{self, guid_of, AppArgs, OrgArgs};
use crate::action::StepContext;
use crate::error::Error;
use reqwest::Method;
use serde_json::{json, Map, Value};

/// Runs `change` (`stop`, `start`) on one app, or says what it would do.
async fn change_app(cf: &Cf<'_>, app: &Value, change: &str) -> Result<Value, Error> {
    let name = app["name"].as_str().unwrap_or_default();
    if cf.ctx().dry_run() {
        cf.ctx()
            .log(format!("dry run: would {change} app `{name}`"));
        return Ok(json!({"dry_run": true, "would": change, "app": name, "state": app["state"]}));
    }
    let after = cf
        .send(
            Method::POST,
            &format!("/v3/apps/{}/actions/{change}", guid_of(app)),
            None,
        )
        .await?;
    cf.ctx().log(format!(
        "app `{name}` is now {}",
        after["state"].as_str().unwrap_or("?")
    ));
    Ok(json!({"app": name, "state": after["state"]}))
}

async fn change_named(
    args: AppArgs,
    connection: Connection,
    ctx: StepContext,
    change: &str,
) -> Result<Value, Error> {
    let (cf, app) = args.find(&connection, &ctx).await?;
    change_app(&cf, &app, change).await
}

async fn change_org(
    args: OrgArgs,
    connection: Connection,
    ctx: StepContext,
    change: &str,
) -> Result<Value, Error> {
    let cf = connection.connect(&ctx)?;
    let apps = lookup::apps_of_org(&cf, &args.org_name).await?;
    let mut results = Vec::new();
    for app in &apps {
        results.push(change_app(&cf, app, change).await?);
    }
    Ok(Value::Array(results))
}

pub(super) async fn delete_app(
    args: AppArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let (cf, app) = args.find(&connection, &ctx).await?;
    if ctx.dry_run() {
        ctx.log(format!("dry run: would delete app `{}`", args.app_name));
        return Ok(json!({"dry_run": true, "would": "delete", "app": args.app_name}));
    }
    cf.send(Method::DELETE, &format!("/v3/apps/{}", guid_of(&app)), None)
        .await?;
    Ok(json!({"app": args.app_name, "deleted": true}))
}

/// `list_apps` takes only the common arguments.
#[derive(Debug, serde::Deserialize)]
pub(super) struct ListArgs {}

impl crate::action::ActionArgs for ListArgs {}

pub(super) async fn list_apps(
    _args: ListArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cf = connection.connect(&ctx)?;
    let apps = cf.list("/v3/apps?order_by=name").await?;
    Ok(json!({"total_results": apps.len(), "resources": apps}))
}

pub(super) async fn get_app_states_by_org(
    args: OrgArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cf = connection.connect(&ctx)?;
    let apps = lookup::apps_of_org(&cf, &args.org_name).await?;
    if apps.is_empty() {
        return Err(Error::failed_action(format!(
            "org `{}` has no app",
            args.org_name
        )));
    }
    Ok(Value::Array(
        apps.iter()
            .map(|a| json!({"name": a["name"], "state": a["state"]}))
            .collect(),
    ))
}

pub(super) async fn get_app_stats(
    args: AppArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let (cf, app) = args.find(&connection, &ctx).await?;
    let process = lookup::web_process(&cf, &app).await?;
    let mut by_index = Map::new();
    for instance in lookup::instances(&cf, &process).await? {
        let index = instance["index"].as_u64().unwrap_or_default().to_string();
        let mut stats = instance.clone();
        if let Value::Object(map) = &mut stats {
            map.remove("index");
            map.remove("state");
        }
        by_index.insert(index, json!({"state": instance["state"], "stats": stats}));
    }
    Ok(Value::Object(by_index))
}

/// Binds the `cf` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("delete_app", delete_app)
        .action("get_app_states_by_org", get_app_states_by_org)
        .action("get_app_stats", get_app_stats)
        .action("list_apps", list_apps)
        .action("start_all_apps", |a, k, c| change_org(a, k, c, "start"))
        .action("start_app", |a, k, c| change_named(a, k, c, "start"))
        .action("stop_all_apps", |a, k, c| change_org(a, k, c, "stop"))
        .action("stop_app", |a, k, c| change_named(a, k, c, "stop"))
}
