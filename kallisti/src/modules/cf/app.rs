//! Apps: stop, start, delete, list, states, stats.

use super::client::Cf;
use super::client::Connection;
use super::lookup::{self, guid_of, AppArgs, OrgArgs};
use crate::action::StepContext;
use crate::error::Error;
use reqwest::Method;
use serde_json::{json, Map, Value};

/// Runs `change` (`stop`, `start`) on one app, or says what it would do.
/// Null once done, as the driver returns (the new state is logged).
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
    Ok(Value::Null)
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
    // Like the driver: an org with nothing to change is a failure, so a
    // misspelt org never passes unnoticed.
    if apps.is_empty() {
        return Err(Error::failed_action(format!(
            "org `{}` has no app to {change}",
            args.org_name
        )));
    }
    let mut results = Vec::new();
    for app in &apps {
        results.push(change_app(&cf, app, change).await?);
    }
    if ctx.dry_run() {
        return Ok(Value::Array(results));
    }
    Ok(Value::Null)
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
    ctx.log(format!("deleted app `{}`", args.app_name));
    Ok(Value::Null)
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
    // The driver's page envelope, holding every page at once; the apps
    // themselves are v3's.
    Ok(json!({
        "total_results": apps.len(),
        "total_pages": usize::from(!apps.is_empty()),
        "prev_url": null,
        "next_url": null,
        "resources": apps,
    }))
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
    // As the Cloud Controller refuses the driver: a stopped app has no stats.
    if app["state"] == "STOPPED" {
        return Err(Error::failed_action(format!(
            "app `{}` is stopped: it has no stats",
            args.app_name
        )));
    }
    let process = lookup::web_process(&cf, &app).await?;
    let routes = cf
        .list(&format!("/v3/apps/{}/routes", guid_of(&app)))
        .await?;
    let uris: Vec<&Value> = routes.iter().map(|r| &r["url"]).collect();
    let mut by_index = Map::new();
    for instance in lookup::instances(&cf, &process).await? {
        let index = instance["index"].as_u64().unwrap_or_default().to_string();
        by_index.insert(
            index,
            json!({"state": instance["state"], "stats": v2_stats(&instance, &args.app_name, &uris)}),
        );
    }
    Ok(Value::Object(by_index))
}

/// One instance's v3 stats in the shape the driver returns (v2's): the
/// app's name and URLs, where it runs, its quotas and its usage.
fn v2_stats(instance: &Value, name: &str, uris: &[&Value]) -> Value {
    let mut stats = Map::new();
    stats.insert("name".into(), json!(name));
    stats.insert("uris".into(), json!(uris));
    for key in [
        "host",
        "uptime",
        "mem_quota",
        "disk_quota",
        "fds_quota",
        "usage",
    ] {
        if let Some(value) = instance.get(key) {
            stats.insert(key.into(), value.clone());
        }
    }
    if let Some(port) = instance["instance_ports"][0].get("external") {
        stats.insert("port".into(), port.clone());
    }
    Value::Object(stats)
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
