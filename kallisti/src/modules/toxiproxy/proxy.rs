//! Proxies: `create_proxy`, `modify_proxy`, `delete_proxy`,
//! `disable_proxy`, `enable_proxy`, `reset`, and the probes `proxy_exist`
//! and `get_proxy_attribute`.

use super::client::{bracketed, listen_port, would, Connection};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// A proxy name: the server needs one, and the driver would send `""`.
pub(super) fn check_name(field: &str, name: &str) -> Result<(), Error> {
    if name.trim().is_empty() {
        return Err(Error::invalid_argument(field, "must not be empty"));
    }
    Ok(())
}

/// `text`, or the value of the environment variable it names as `env:NAME`.
fn from_env(field: &str, text: &str) -> Result<String, Error> {
    let Some(variable) = text.strip_prefix("env:") else {
        return Ok(text.to_string());
    };
    if variable.is_empty() {
        return Err(Error::invalid_argument(
            field,
            "`env:` names no environment variable",
        ));
    }
    match std::env::var(variable) {
        Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_string()),
        Ok(_) => Err(Error::invalid_argument(
            field,
            format!("environment variable `{variable}` is empty"),
        )),
        Err(std::env::VarError::NotPresent) => Err(Error::invalid_argument(
            field,
            format!("environment variable `{variable}` is not set"),
        )),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::invalid_argument(
            field,
            format!("environment variable `{variable}` is not text"),
        )),
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct CreateProxyArgs {
    proxy_name: String,
    upstream_host: String,
    upstream_port: Value,
    listen_host: String,
    listen_port: i64,
    enabled: bool,
    #[serde(flatten)]
    connection: Connection,
}

impl CreateProxyArgs {
    /// `host:port` of the upstream, with `env:` values read.
    fn upstream(&self) -> Result<String, Error> {
        let host = from_env("upstream_host", &self.upstream_host)?;
        if host.trim().is_empty() {
            return Err(Error::invalid_argument(
                "upstream_host",
                "must not be empty",
            ));
        }
        let port = match &self.upstream_port {
            Value::String(text) => from_env("upstream_port", text)?,
            other => other.to_string(),
        };
        match port.parse::<u16>() {
            Ok(p) if p > 0 => Ok(format!("{}:{p}", bracketed(&host))),
            _ => Err(Error::invalid_argument(
                "upstream_port",
                format!("must be a port from 1 to 65535, not {port}"),
            )),
        }
    }

    fn listen(&self) -> Result<String, Error> {
        if self.listen_host.trim().is_empty() {
            return Err(Error::invalid_argument("listen_host", "must not be empty"));
        }
        match u16::try_from(self.listen_port) {
            Ok(port) => Ok(format!("{}:{port}", bracketed(&self.listen_host))),
            Err(_) => Err(Error::invalid_argument(
                "listen_port",
                format!("must be a port from 0 to 65535, not {}", self.listen_port),
            )),
        }
    }
}

impl ActionArgs for CreateProxyArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        check_name("proxy_name", &self.proxy_name)?;
        self.upstream()?;
        self.listen().map(drop)
    }
}

pub(super) async fn create_proxy(args: CreateProxyArgs, ctx: StepContext) -> Result<Value, Error> {
    let (name, listen, upstream) = (&args.proxy_name, args.listen()?, args.upstream()?);
    let body =
        json!({"name": name, "listen": listen, "upstream": upstream, "enabled": args.enabled});
    let url = args.connection.url(&["proxies"])?;
    if ctx.dry_run() {
        let what = format!("create proxy `{name}` from {listen} to {upstream}");
        return Ok(would(&ctx, what, Method::POST, &url, Some(body)));
    }
    let answer = args
        .connection
        .send(&ctx, Method::POST, &url, Some(&body))
        .await?;
    if !answer.ok() {
        return Err(args
            .connection
            .refused(&format!("create proxy `{name}`"), &answer));
    }
    // The driver refuses an answer without a numeric port, and so do we.
    let Some((listen, port)) = listen_port(&answer.body) else {
        return Err(Error::failed_action(format!(
            "Toxiproxy created proxy `{name}` but did not say which port it listens on: {}",
            answer.body
        )));
    };
    match args.enabled {
        true => ctx.log(format!("proxy `{name}` listens on {listen} (port {port})")),
        false => ctx.log(format!(
            "proxy `{name}` created disabled; listen address {listen}"
        )),
    }
    Ok(Value::Bool(true))
}

/// `host:port` as Toxiproxy takes it: a port number after the last `:`
/// (and a host, unless `allow_empty_host`, as a listen address may omit it).
fn check_address(field: &str, address: &str, allow_empty_host: bool) -> Result<(), Error> {
    let fine = match address.rsplit_once(':') {
        Some((host, port)) => (allow_empty_host || !host.is_empty()) && port.parse::<u16>().is_ok(),
        None => false,
    };
    if fine {
        return Ok(());
    }
    Err(Error::invalid_argument(
        field,
        format!("`{address}` is not `host:port`"),
    ))
}

#[derive(Debug, Deserialize)]
pub(super) struct ModifyProxyArgs {
    proxy_name: String,
    #[serde(default)]
    listen_address: Option<String>,
    #[serde(default)]
    upstream_address: Option<String>,
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for ModifyProxyArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        check_name("proxy_name", &self.proxy_name)?;
        if let Some(listen) = &self.listen_address {
            check_address("listen_address", listen, true)?;
        }
        if let Some(upstream) = &self.upstream_address {
            check_address("upstream_address", upstream, false)?;
        }
        Ok(())
    }
}

/// Sends `change` (only the fields to change) to the proxy; true once done.
async fn update(
    connection: &Connection,
    ctx: &StepContext,
    name: &str,
    change: Map<String, Value>,
) -> Result<Value, Error> {
    let url = connection.url(&["proxies", name])?;
    let change = Value::Object(change);
    if ctx.dry_run() {
        let what = format!("change proxy `{name}`: {change}");
        return Ok(would(ctx, what, Method::POST, &url, Some(change)));
    }
    let answer = connection
        .send(ctx, Method::POST, &url, Some(&change))
        .await?;
    if !answer.ok() {
        return Err(connection.refused(&format!("change proxy `{name}` ({change})"), &answer));
    }
    let enabled = answer.body.get("enabled").and_then(Value::as_bool);
    match (listen_port(&answer.body), enabled) {
        (Some((listen, port)), Some(true)) => {
            ctx.log(format!("proxy `{name}` listens on {listen} (port {port})"))
        }
        (Some((listen, _)), _) => ctx.log(format!(
            "proxy `{name}` is disabled; listen address {listen}"
        )),
        (None, _) => ctx.log(format!(
            "proxy `{name}` changed; its answer shows no listen port"
        )),
    }
    Ok(Value::Bool(true))
}

pub(super) async fn modify_proxy(args: ModifyProxyArgs, ctx: StepContext) -> Result<Value, Error> {
    let mut change = Map::new();
    if let Some(listen) = &args.listen_address {
        change.insert("listen".into(), json!(listen));
    }
    if let Some(upstream) = &args.upstream_address {
        change.insert("upstream".into(), json!(upstream));
    }
    if let Some(enabled) = args.enabled {
        change.insert("enabled".into(), json!(enabled));
    }
    if change.is_empty() {
        ctx.log("nothing to change: no listen_address, upstream_address or enabled given");
    }
    update(&args.connection, &ctx, &args.proxy_name, change).await
}

#[derive(Debug, Deserialize)]
pub(super) struct ProxyArgs {
    proxy_name: String,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for ProxyArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        check_name("proxy_name", &self.proxy_name)
    }
}

pub(super) async fn disable_proxy(args: ProxyArgs, ctx: StepContext) -> Result<Value, Error> {
    let change = Map::from_iter([("enabled".to_string(), json!(false))]);
    update(&args.connection, &ctx, &args.proxy_name, change).await
}

pub(super) async fn enable_proxy(args: ProxyArgs, ctx: StepContext) -> Result<Value, Error> {
    let change = Map::from_iter([("enabled".to_string(), json!(true))]);
    update(&args.connection, &ctx, &args.proxy_name, change).await
}

pub(super) async fn delete_proxy(args: ProxyArgs, ctx: StepContext) -> Result<Value, Error> {
    let name = &args.proxy_name;
    let url = args.connection.url(&["proxies", name])?;
    if ctx.dry_run() {
        return Ok(would(
            &ctx,
            format!("delete proxy `{name}`"),
            Method::DELETE,
            &url,
            None,
        ));
    }
    let answer = args
        .connection
        .send(&ctx, Method::DELETE, &url, None)
        .await?;
    if !answer.ok() {
        return Err(args
            .connection
            .refused(&format!("delete proxy `{name}`"), &answer));
    }
    Ok(Value::Null)
}

#[derive(Debug, Deserialize)]
pub(super) struct ResetArgs {
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for ResetArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()
    }
}

pub(super) async fn reset(args: ResetArgs, ctx: StepContext) -> Result<Value, Error> {
    let url = args.connection.url(&["reset"])?;
    if ctx.dry_run() {
        // Only a read, to name the proxies a reset would touch.
        let names = proxy_names(&args.connection, &ctx).await?;
        let what = format!(
            "remove every toxic and enable every proxy: {}",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
        let mut result = would(&ctx, what, Method::POST, &url, None);
        result["proxies"] = json!(names);
        return Ok(result);
    }
    let answer = args.connection.send(&ctx, Method::POST, &url, None).await?;
    if !answer.ok() {
        return Err(args.connection.refused("reset its proxies", &answer));
    }
    Ok(Value::Bool(true))
}

/// The names of the server's proxies.
async fn proxy_names(connection: &Connection, ctx: &StepContext) -> Result<Vec<String>, Error> {
    let url = connection.url(&["proxies"])?;
    let answer = connection.send(ctx, Method::GET, &url, None).await?;
    match answer.body.as_object() {
        Some(proxies) if answer.ok() => Ok(proxies.keys().cloned().collect()),
        _ => Err(connection.refused("list its proxies", &answer)),
    }
}

/// The proxy as the server shows it, or `None` when it has no such proxy.
async fn read(
    connection: &Connection,
    ctx: &StepContext,
    name: &str,
) -> Result<Option<Value>, Error> {
    let url = connection.url(&["proxies", name])?;
    let answer = connection.send(ctx, Method::GET, &url, None).await?;
    if answer.status == StatusCode::NOT_FOUND {
        return Ok(None);
    }
    if !answer.ok() || !answer.body.is_object() {
        return Err(connection.refused(&format!("show proxy `{name}`"), &answer));
    }
    Ok(Some(answer.body))
}

pub(super) async fn proxy_exist(args: ProxyArgs, ctx: StepContext) -> Result<Value, Error> {
    let proxy = read(&args.connection, &ctx, &args.proxy_name).await?;
    let exists = proxy.is_some_and(|p| p["name"] == args.proxy_name.as_str());
    Ok(Value::Bool(exists))
}

/// The fields of a Toxiproxy proxy.
const ATTRIBUTES: &[&str] = &["name", "listen", "upstream", "enabled", "toxics"];

#[derive(Debug, Deserialize)]
pub(super) struct AttributeArgs {
    proxy_name: String,
    attribute: String,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for AttributeArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        check_name("proxy_name", &self.proxy_name)?;
        if !ATTRIBUTES.contains(&self.attribute.as_str()) {
            return Err(Error::invalid_argument(
                "attribute",
                format!(
                    "a proxy has no `{}`; it has {}",
                    self.attribute,
                    ATTRIBUTES.join(", ")
                ),
            ));
        }
        Ok(())
    }
}

pub(super) async fn get_proxy_attribute(
    args: AttributeArgs,
    ctx: StepContext,
) -> Result<Value, Error> {
    let name = &args.proxy_name;
    let base = args.connection.base()?;
    let proxy = read(&args.connection, &ctx, name).await?.ok_or_else(|| {
        Error::failed_action(format!("Toxiproxy at {base} has no proxy `{name}`"))
    })?;
    proxy.get(&args.attribute).cloned().ok_or_else(|| {
        Error::failed_action(format!(
            "proxy `{name}` as Toxiproxy at {base} shows it has no `{}`: {proxy}",
            args.attribute
        ))
    })
}

/// Binds the `toxiproxy` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("create_proxy", create_proxy)
        .action("modify_proxy", modify_proxy)
        .action("delete_proxy", delete_proxy)
        .action("disable_proxy", disable_proxy)
        .action("enable_proxy", enable_proxy)
        .action("reset", reset)
        .action("proxy_exist", proxy_exist)
        .action("get_proxy_attribute", get_proxy_attribute)
}
