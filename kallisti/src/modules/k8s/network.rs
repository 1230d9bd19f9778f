//! Network policies: deny all ingress or egress, allow DNS, and any policy
//! from a spec.

use super::client::Connection;
use super::resource::{self, read_spec, Objects};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use serde::Deserialize;
use serde_json::{json, Map, Value};

const DENY_INGRESS: &str = "chaostoolkit-deny-all-ingress";
const DENY_EGRESS: &str = "chaostoolkit-deny-all-egress";
const ALLOW_DNS: &str = "chaostoolkit-allow-dns";

#[derive(Debug, Deserialize)]
pub(super) struct SelectorsArgs {
    label_selectors: Option<Map<String, Value>>,
    ns: String,
}

impl ActionArgs for SelectorsArgs {}

/// Creates policy `name` of one type (`Ingress` or `Egress`) with `rules`
/// (none: deny all), for the pods the selectors pick (none: every pod), as
/// the driver writes it.
async fn create_policy(
    args: SelectorsArgs,
    connection: Connection,
    ctx: StepContext,
    name: &str,
    kind: &str,
    rules: Value,
) -> Result<Value, Error> {
    let pods = match args.label_selectors {
        Some(labels) if !labels.is_empty() => json!({"matchLabels": labels}),
        _ => json!({}),
    };
    let mut spec = json!({"podSelector": pods, "policyTypes": [kind]});
    // No rules at all (`Null`) leaves the list out, as the driver does for
    // its deny-all egress policy; the API server reads both alike.
    if !rules.is_null() {
        spec[kind.to_ascii_lowercase()] = rules;
    }
    let object = json!({"metadata": {"name": name}, "spec": spec});
    super::objects::create_object(
        &ctx,
        &connection,
        resource::NETWORK_POLICIES,
        &args.ns,
        object,
    )
    .await
}

pub(super) async fn deny_all_ingress(
    args: SelectorsArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    create_policy(args, connection, ctx, DENY_INGRESS, "Ingress", json!([])).await
}

pub(super) async fn deny_all_egress(
    args: SelectorsArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    create_policy(args, connection, ctx, DENY_EGRESS, "Egress", Value::Null).await
}

pub(super) async fn allow_dns_access(
    args: SelectorsArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    // DNS to pods of any namespace of the cluster only, as the driver allows.
    let egress = json!([{"to": [{"namespaceSelector": {}}],
        "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}]);
    create_policy(args, connection, ctx, ALLOW_DNS, "Egress", egress).await
}

#[derive(Debug, Deserialize)]
pub(super) struct NsArgs {
    ns: String,
}

impl ActionArgs for NsArgs {}

async fn remove(
    connection: &Connection,
    ctx: &StepContext,
    ns: &str,
    name: &str,
) -> Result<Value, Error> {
    let policies = Objects::of(ctx, connection, resource::NETWORK_POLICIES, ns).await?;
    policies.get(name).await?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_delete": name}));
    }
    policies.delete(name, None).await?;
    // Null, as the driver returns: the name goes to the step's log.
    ctx.log(format!("deleted network policy `{name}` in `{ns}`"));
    Ok(Value::Null)
}

pub(super) async fn remove_deny_all_ingress(
    args: NsArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    remove(&connection, &ctx, &args.ns, DENY_INGRESS).await
}

pub(super) async fn remove_deny_all_egress(
    args: NsArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    remove(&connection, &ctx, &args.ns, DENY_EGRESS).await
}

pub(super) async fn remove_allow_dns_access(
    args: NsArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    remove(&connection, &ctx, &args.ns, ALLOW_DNS).await
}

#[derive(Debug, Deserialize)]
pub(super) struct PolicyArgs {
    spec: Option<Map<String, Value>>,
    spec_path: Option<String>,
    ns: String,
}

impl ActionArgs for PolicyArgs {
    fn check(&self) -> Result<(), Error> {
        match (&self.spec, &self.spec_path) {
            (None, None) => Err(Error::invalid_argument(
                "spec",
                "give `spec` or `spec_path`",
            )),
            (None, Some(path)) => read_spec(path, "spec_path").map(|_| ()),
            _ => Ok(()),
        }
    }
}

pub(super) async fn create_network_policy(
    args: PolicyArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let object = match (args.spec, &args.spec_path) {
        (Some(spec), _) => Value::Object(spec),
        (None, Some(path)) => read_spec(path, "spec_path")?,
        (None, None) => {
            return Err(Error::invalid_argument(
                "spec",
                "give `spec` or `spec_path`",
            ))
        }
    };
    super::objects::create_object(
        &ctx,
        &connection,
        resource::NETWORK_POLICIES,
        &args.ns,
        object,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub(super) struct NameArgs {
    name: String,
    ns: String,
}

impl ActionArgs for NameArgs {}

pub(super) async fn remove_network_policy(
    args: NameArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    remove(&connection, &ctx, &args.ns, &args.name).await
}

/// Binds the `k8s` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("deny_all_ingress", deny_all_ingress)
        .action("deny_all_egress", deny_all_egress)
        .action("allow_dns_access", allow_dns_access)
        .action("remove_deny_all_ingress", remove_deny_all_ingress)
        .action("remove_deny_all_egress", remove_deny_all_egress)
        .action("remove_allow_dns_access", remove_allow_dns_access)
        .action("create_network_policy", create_network_policy)
        .action("remove_network_policy", remove_network_policy)
}
