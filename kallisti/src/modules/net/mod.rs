//! `net`: faults through in-process [`ChaosProxy`](crate::net::ChaosProxy)
//! proxies, found by name in [`Proxies::global`].
//!
//! - `net.add_toxic`, `net.update_toxic`, `net.remove_toxic`: toxics in
//!   Toxiproxy's terms (types, attributes, streams, toxicity).
//! - `net.disable_proxy`, `net.enable_proxy`: the dependency goes down and
//!   comes back.
//! - `net.reset`: no toxics, every proxy enabled.
//! - `net.proxy_state`: a proxy as Toxiproxy's API shows it.
//!
//! The proxies live in the test process, so these steps open no connection
//! and the allow-list has nothing to check; dry run reports what would
//! change and changes nothing.

use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet};
use crate::error::Error;
use crate::net::{Proxies, ProxyError, Stream, Toxic, ToxicKind};
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The `net` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::net::NET)
        .action("add_toxic", add_toxic)
        .action("update_toxic", update_toxic)
        .action("remove_toxic", remove_toxic)
        .action("disable_proxy", disable_proxy)
        .action("enable_proxy", enable_proxy)
        .action("reset", reset)
        .action("proxy_state", proxy_state)
}

fn failed(error: ProxyError) -> Error {
    Error::failed_action(error.to_string())
}

fn check_toxicity(toxicity: Option<f64>) -> Result<(), Error> {
    match toxicity {
        Some(t) if !(0.0..=1.0).contains(&t) => Err(Error::invalid_argument(
            "toxicity",
            format!("must be from 0 to 1, not {t}"),
        )),
        _ => Ok(()),
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct AddToxicArgs {
    proxy: String,
    #[serde(rename = "type")]
    type_name: String,
    name: Option<String>,
    stream: String,
    toxicity: f64,
    attributes: Map<String, Value>,
}

impl AddToxicArgs {
    fn toxic(&self) -> Result<Toxic, Error> {
        let kind = ToxicKind::from_attributes(&self.type_name, &self.attributes).map_err(|m| {
            let field = if m.starts_with("unknown toxic type") {
                "type"
            } else {
                "attributes"
            };
            Error::invalid_argument(field, m)
        })?;
        let stream = Stream::parse(&self.stream).ok_or_else(|| {
            Error::invalid_argument(
                "stream",
                format!("must be `upstream` or `downstream`, not `{}`", self.stream),
            )
        })?;
        let toxic = Toxic::new(kind).toxicity(self.toxicity);
        let toxic = if stream == Stream::Upstream {
            toxic.upstream()
        } else {
            toxic
        };
        Ok(match &self.name {
            Some(name) => toxic.named(name),
            None => toxic,
        })
    }
}

impl ActionArgs for AddToxicArgs {
    fn check(&self) -> Result<(), Error> {
        check_toxicity(Some(self.toxicity))?;
        self.toxic().map(drop)
    }
}

async fn add_toxic(args: AddToxicArgs, ctx: StepContext) -> Result<Value, Error> {
    let toxic = args.toxic()?;
    let proxy = Proxies::global().get(&args.proxy).map_err(failed)?;
    if ctx.dry_run() {
        ctx.log(format!(
            "dry run: would add toxic `{}` to proxy `{}`",
            toxic.name(),
            args.proxy
        ));
        return Ok(json!({"dry_run": true, "proxy": args.proxy, "would_add": toxic.to_json()}));
    }
    let added = proxy.add_toxic(toxic).map_err(failed)?;
    ctx.log(format!(
        "proxy `{}`: added toxic `{}`",
        args.proxy,
        added.name()
    ));
    Ok(added.to_json())
}

#[derive(Debug, Deserialize)]
pub(super) struct UpdateToxicArgs {
    proxy: String,
    name: String,
    attributes: Map<String, Value>,
    toxicity: Option<f64>,
}

impl ActionArgs for UpdateToxicArgs {
    fn check(&self) -> Result<(), Error> {
        check_toxicity(self.toxicity)
    }
}

async fn update_toxic(args: UpdateToxicArgs, ctx: StepContext) -> Result<Value, Error> {
    let proxy = Proxies::global().get(&args.proxy).map_err(failed)?;
    let change = |mut toxic: Toxic| {
        let mut attributes = toxic.kind().attributes();
        attributes.extend(args.attributes.clone());
        toxic.kind = ToxicKind::from_attributes(toxic.kind().type_name(), &attributes)
            .map_err(|m| ProxyError::Invalid(format!("argument `attributes`: {m}")))?;
        Ok(match args.toxicity {
            Some(t) => toxic.toxicity(t),
            None => toxic,
        })
    };
    if ctx.dry_run() {
        let current = proxy.toxic(&args.name).ok_or_else(|| {
            Error::failed_action(format!(
                "toxic `{}` not found on proxy `{}`",
                args.name, args.proxy
            ))
        })?;
        let would_be = change(current).map_err(failed)?;
        return Ok(
            json!({"dry_run": true, "proxy": args.proxy, "would_become": would_be.to_json()}),
        );
    }
    let updated = proxy.update_toxic(&args.name, change).map_err(failed)?;
    Ok(updated.to_json())
}

#[derive(Debug, Deserialize)]
pub(super) struct ToxicArgs {
    proxy: String,
    name: String,
}

impl ActionArgs for ToxicArgs {}

async fn remove_toxic(args: ToxicArgs, ctx: StepContext) -> Result<Value, Error> {
    let proxy = Proxies::global().get(&args.proxy).map_err(failed)?;
    if ctx.dry_run() {
        if proxy.toxic(&args.name).is_none() {
            return Err(failed(ProxyError::ToxicNotFound {
                proxy: args.proxy,
                toxic: args.name,
            }));
        }
        return Ok(json!({"dry_run": true, "proxy": args.proxy, "would_remove": args.name}));
    }
    proxy.remove_toxic(&args.name).map_err(failed)?;
    Ok(Value::Null)
}

#[derive(Debug, Deserialize)]
pub(super) struct ProxyArgs {
    proxy: String,
}

impl ActionArgs for ProxyArgs {}

async fn disable_proxy(args: ProxyArgs, ctx: StepContext) -> Result<Value, Error> {
    let proxy = Proxies::global().get(&args.proxy).map_err(failed)?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_disable": args.proxy}));
    }
    proxy.disable();
    ctx.log(format!("proxy `{}` is down", args.proxy));
    Ok(Value::Null)
}

async fn enable_proxy(args: ProxyArgs, ctx: StepContext) -> Result<Value, Error> {
    let proxy = Proxies::global().get(&args.proxy).map_err(failed)?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_enable": args.proxy}));
    }
    proxy.enable().await.map_err(failed)?;
    Ok(Value::Null)
}

#[derive(Debug, Deserialize)]
pub(super) struct ResetArgs {
    proxy: Option<String>,
}

impl ActionArgs for ResetArgs {}

async fn reset(args: ResetArgs, ctx: StepContext) -> Result<Value, Error> {
    let proxies = match &args.proxy {
        Some(name) => vec![Proxies::global().get(name).map_err(failed)?],
        None => Proxies::global().all(),
    };
    let names: Vec<&str> = proxies.iter().map(|p| p.name()).collect();
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_reset": names}));
    }
    for proxy in &proxies {
        proxy.remove_all_toxics();
        proxy.enable().await.map_err(failed)?;
    }
    Ok(json!(names))
}

async fn proxy_state(args: ProxyArgs, _ctx: StepContext) -> Result<Value, Error> {
    Proxies::global().describe(&args.proxy).map_err(failed)
}
