//! Routes: map the routes of a host to an app, and unmap them.

use super::client::Cf;
use super::client::Connection;
use super::lookup::{self, guid_of, with_query, AppArgs};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
pub(super) struct HostArgs {
    #[serde(alias = "route_host")]
    host_name: String,
    #[serde(flatten)]
    app: AppArgs,
}

impl ActionArgs for HostArgs {
    fn check(&self) -> Result<(), Error> {
        self.app.check()
    }
}

/// `remove_routes_from_app` calls the host `route_host`.
#[derive(Debug, Deserialize)]
pub(super) struct RouteHostArgs {
    route_host: String,
    #[serde(flatten)]
    app: AppArgs,
}

impl ActionArgs for RouteHostArgs {
    fn check(&self) -> Result<(), Error> {
        self.app.check()
    }
}

pub(super) async fn map_route_to_app(
    args: HostArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let a = &args.app;
    let (cf, app) = a.find(&connection, &ctx).await?;
    let mut params = vec![("hosts", args.host_name.as_str())];
    let org_guid;
    if let Some(org) = &a.org_name {
        org_guid = guid_of(&lookup::org(&cf, org).await?).to_string();
        params.push(("organization_guids", &org_guid));
    }
    let routes = cf.list(&with_query("/v3/routes", &params)).await?;
    if routes.is_empty() {
        return Err(Error::failed_action(format!(
            "no route with host `{}` found",
            args.host_name
        )));
    }
    if ctx.dry_run() {
        let urls: Vec<&Value> = routes.iter().map(|r| &r["url"]).collect();
        ctx.log(format!(
            "dry run: would map {urls:?} to app `{}`",
            a.app_name
        ));
        return Ok(json!({"dry_run": true, "would_map": urls, "app": a.app_name}));
    }
    let mut results = Vec::new();
    for route in &routes {
        let body = json!({"destinations": [{"app": {"guid": guid_of(&app)}}]});
        results.push(
            cf.send(
                Method::POST,
                &format!("/v3/routes/{}/destinations", guid_of(route)),
                Some(&body),
            )
            .await?,
        );
    }
    Ok(Value::Array(results))
}

/// Removes `app` from the destinations of its routes with `host`; when it
/// has none, fails if `required`, else does nothing. Null once done, as the
/// driver returns (the URLs unmapped are logged).
async fn unmap(cf: &Cf<'_>, a: &AppArgs, host: &str, required: bool) -> Result<Value, Error> {
    let app = lookup::app(
        cf,
        &a.app_name,
        a.org_name.as_deref(),
        a.space_name.as_deref(),
    )
    .await?;
    let routes = cf
        .list(&format!("/v3/apps/{}/routes", guid_of(&app)))
        .await?;
    let matching: Vec<&Value> = routes.iter().filter(|r| r["host"] == host).collect();
    if matching.is_empty() {
        let why = format!("app `{}` has no route with host `{host}`", a.app_name);
        if required {
            return Err(Error::failed_action(why));
        }
        cf.ctx().log(format!("{why}: nothing to unmap"));
        return Ok(Value::Null);
    }
    let urls: Vec<&Value> = matching.iter().map(|r| &r["url"]).collect();
    if cf.ctx().dry_run() {
        cf.ctx().log(format!(
            "dry run: would unmap {urls:?} from app `{}`",
            a.app_name
        ));
        return Ok(json!({"dry_run": true, "would_unmap": urls, "app": a.app_name}));
    }
    for route in &matching {
        for destination in route["destinations"].as_array().into_iter().flatten() {
            if destination["app"]["guid"] == app["guid"] {
                cf.send(
                    Method::DELETE,
                    &format!(
                        "/v3/routes/{}/destinations/{}",
                        guid_of(route),
                        guid_of(destination)
                    ),
                    None,
                )
                .await?;
            }
        }
    }
    cf.ctx()
        .log(format!("unmapped {urls:?} from app `{}`", a.app_name));
    Ok(Value::Null)
}

pub(super) async fn unmap_route_from_app(
    args: HostArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cf = connection.connect(&ctx)?;
    unmap(&cf, &args.app, &args.host_name, false).await
}

pub(super) async fn remove_routes_from_app(
    args: RouteHostArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let cf = connection.connect(&ctx)?;
    unmap(&cf, &args.app, &args.route_host, true).await
}

/// Binds the `cf` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("map_route_to_app", map_route_to_app)
        .action("remove_routes_from_app", remove_routes_from_app)
        .action("unmap_route_from_app", unmap_route_from_app)
}
