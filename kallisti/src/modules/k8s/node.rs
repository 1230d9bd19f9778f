//! Nodes: cordon, uncordon, drain, delete, create, list, and health probes.

use super::client::Connection;
use super::resource::{self, name_of, Objects};
use crate::error::Error;
use crate::registry::ActionArgs;
use crate::trial::StepContext;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// `name` and/or `label_selector` of nodes.
#[derive(Debug, Deserialize)]
pub(super) struct NodesArgs {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    label_selector: Option<String>,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for NodesArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()
    }
}

async fn nodes(ctx: &StepContext, connection: &Connection) -> Result<Objects, Error> {
    Objects::of(ctx, connection, resource::NODES, "").await
}

/// Sets `spec.unschedulable` on the selected nodes.
async fn schedulable(
    args: NodesArgs,
    ctx: StepContext,
    unschedulable: bool,
) -> Result<Value, Error> {
    let api = nodes(&ctx, &args.connection).await?;
    let names: Vec<String> = api
        .named_or_selected(args.name.as_deref(), args.label_selector.as_deref())
        .await?
        .iter()
        .map(name_of)
        .collect();
    let verb = if unschedulable { "cordon" } else { "uncordon" };
    if ctx.dry_run() {
        ctx.log(format!("dry run: would {verb} {}", names.join(", ")));
        return Ok(json!({"dry_run": true, format!("would_{verb}"): names}));
    }
    for name in &names {
        api.merge(name, &json!({"spec": {"unschedulable": unschedulable}}))
            .await?;
        ctx.log(format!("{verb}ed node `{name}`"));
    }
    Ok(json!(names))
}

pub(super) async fn cordon_node(args: NodesArgs, ctx: StepContext) -> Result<Value, Error> {
    schedulable(args, ctx, true).await
}

pub(super) async fn uncordon_node(args: NodesArgs, ctx: StepContext) -> Result<Value, Error> {
    schedulable(args, ctx, false).await
}

/// Nodes hosting a pod matching `pod_label_selector` (in `pod_namespace`).
async fn hosting(
    ctx: &StepContext,
    connection: &Connection,
    selector: &str,
    ns: Option<&str>,
) -> Result<Vec<String>, Error> {
    let pods = match ns {
        Some(ns) => Objects::of(ctx, connection, resource::PODS, ns).await?,
        None => Objects::everywhere(ctx, connection, resource::PODS).await?,
    };
    let pods = pods.list(Some(selector), None).await?;
    let mut names: Vec<String> = pods
        .iter()
        .filter_map(|p| p["spec"]["nodeName"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

#[derive(Debug, Deserialize)]
pub(super) struct DrainArgs {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    label_selector: Option<String>,
    #[serde(default)]
    delete_pods_with_local_storage: bool,
    #[serde(default = "default_drain_timeout")]
    timeout: i64,
    #[serde(default)]
    count: Option<i64>,
    #[serde(default)]
    pod_label_selector: Option<String>,
    #[serde(default)]
    pod_namespace: Option<String>,
    #[serde(flatten)]
    connection: Connection,
}

fn default_drain_timeout() -> i64 {
    120
}

impl ActionArgs for DrainArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        if self.name.is_none() && self.label_selector.is_none() && self.pod_label_selector.is_none()
        {
            return Err(Error::invalid_argument(
                "name",
                "give `name`, `label_selector` or `pod_label_selector`",
            ));
        }
        Ok(())
    }
}

/// Whether a pod is left on a drained node (owned by a daemon set, or
/// holding local storage that may not be deleted).
fn stays(pod: &Value, delete_local: bool) -> bool {
    let daemon = pod["metadata"]["ownerReferences"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|o| o["kind"] == "DaemonSet");
    let local = pod["spec"]["volumes"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|v| v.get("emptyDir").is_some());
    daemon || (local && !delete_local)
}

pub(super) async fn drain_nodes(args: DrainArgs, ctx: StepContext) -> Result<Value, Error> {
    let api = nodes(&ctx, &args.connection).await?;
    let mut names: Vec<String> = match &args.pod_label_selector {
        Some(selector) => {
            hosting(
                &ctx,
                &args.connection,
                selector,
                args.pod_namespace.as_deref(),
            )
            .await?
        }
        None => api
            .named_or_selected(args.name.as_deref(), args.label_selector.as_deref())
            .await?
            .iter()
            .map(name_of)
            .collect(),
    };
    if let Some(count) = args.count.filter(|c| *c > 0) {
        ctx.shuffle(&mut names);
        names.truncate(count as usize);
        names.sort();
    }
    if names.is_empty() {
        return Err(Error::failed_action("no node to drain".to_string()));
    }
    let client = args.connection.client(&ctx).await?;
    let pods: kube::Api<k8s_openapi::api::core::v1::Pod> = kube::Api::all(client.clone());
    let mut evicted = Vec::new();
    for node in &names {
        let on_node = pods
            .list(&kube::api::ListParams::default().fields(&format!("spec.nodeName={node}")))
            .await
            .map_err(|e| {
                super::client::api_error(&format!("listing the pods of node `{node}`"), e)
            })?;
        for pod in on_node.items {
            let json = serde_json::to_value(&pod).unwrap_or(Value::Null);
            if stays(&json, args.delete_pods_with_local_storage) {
                continue;
            }
            let ns = pod.metadata.namespace.clone().unwrap_or_default();
            let name = pod.metadata.name.clone().unwrap_or_default();
            evicted.push(format!("{ns}/{name}"));
            if !ctx.dry_run() {
                let api: kube::Api<k8s_openapi::api::core::v1::Pod> =
                    kube::Api::namespaced(client.clone(), &ns);
                api.evict(&name, &kube::api::EvictParams::default())
                    .await
                    .map_err(|e| {
                        super::client::api_error(&format!("evicting pod `{name}` in `{ns}`"), e)
                    })?;
            }
        }
        if !ctx.dry_run() {
            api.merge(node, &json!({"spec": {"unschedulable": true}}))
                .await?;
        }
        ctx.log(format!("drained node `{node}`"));
    }
    let _ = args.timeout;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_drain": names, "would_evict": evicted}));
    }
    Ok(json!(names))
}

#[derive(Debug, Deserialize)]
pub(super) struct DeleteNodesArgs {
    #[serde(default)]
    label_selector: Option<String>,
    #[serde(default)]
    all: bool,
    #[serde(default)]
    rand: bool,
    #[serde(default)]
    count: Option<i64>,
    #[serde(default)]
    grace_period_seconds: Option<i64>,
    #[serde(default)]
    pod_label_selector: Option<String>,
    #[serde(default)]
    pod_namespace: Option<String>,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for DeleteNodesArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        if self.grace_period_seconds.is_some_and(|g| g < 0) {
            return Err(Error::invalid_argument(
                "grace_period_seconds",
                "must be 0 or more",
            ));
        }
        Ok(())
    }
}

/// `delete_nodes`: all, or `count` random ones, or one random (`rand`), or the first.
pub(super) async fn delete_nodes(args: DeleteNodesArgs, ctx: StepContext) -> Result<Value, Error> {
    let api = nodes(&ctx, &args.connection).await?;
    let mut names: Vec<String> = match &args.pod_label_selector {
        Some(selector) => {
            hosting(
                &ctx,
                &args.connection,
                selector,
                args.pod_namespace.as_deref(),
            )
            .await?
        }
        None => api
            .list(args.label_selector.as_deref(), None)
            .await?
            .iter()
            .map(name_of)
            .collect(),
    };
    names.sort();
    if names.is_empty() {
        return Err(Error::failed_action(
            "no node matches: nothing to delete".to_string(),
        ));
    }
    let chosen: Vec<String> = if args.all {
        names
    } else if let Some(count) = args.count.filter(|c| *c > 0) {
        ctx.shuffle(&mut names);
        names.into_iter().take(count as usize).collect()
    } else if args.rand {
        vec![names[ctx.pick_index(names.len())].clone()]
    } else {
        vec![names[0].clone()]
    };
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_delete": chosen}));
    }
    for name in &chosen {
        api.delete(name, args.grace_period_seconds.map(|g| g as u32))
            .await?;
        ctx.log(format!("deleted node `{name}`"));
    }
    Ok(json!(chosen))
}

#[derive(Debug, Deserialize)]
pub(super) struct CreateNodeArgs {
    #[serde(default)]
    meta: Option<Map<String, Value>>,
    #[serde(default)]
    spec: Option<Map<String, Value>>,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for CreateNodeArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        if !self
            .meta
            .as_ref()
            .is_some_and(|m| m.get("name").is_some_and(Value::is_string))
        {
            return Err(Error::invalid_argument(
                "meta",
                "must hold the node's `name`",
            ));
        }
        Ok(())
    }
}

pub(super) async fn create_node(args: CreateNodeArgs, ctx: StepContext) -> Result<Value, Error> {
    let object = json!({"metadata": args.meta, "spec": args.spec.unwrap_or_default()});
    super::objects::create_object(&ctx, &args.connection, resource::NODES, "", object).await
}

#[derive(Debug, Deserialize)]
pub(super) struct SelectorArgs {
    #[serde(default)]
    label_selector: Option<String>,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for SelectorArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()
    }
}

async fn selected(args: &SelectorArgs, ctx: &StepContext) -> Result<Vec<Value>, Error> {
    nodes(ctx, &args.connection)
        .await?
        .list(args.label_selector.as_deref(), None)
        .await
}

pub(super) async fn get_nodes(args: SelectorArgs, ctx: StepContext) -> Result<Value, Error> {
    Ok(json!({"kind": "NodeList", "items": selected(&args, &ctx).await?}))
}

fn condition(node: &Value, kind: &str) -> Option<String> {
    node["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["type"] == kind)
        .and_then(|c| c["status"].as_str().map(str::to_string))
}

/// Fails naming the nodes that do not pass `ok`.
fn all_nodes(
    found: &[Value],
    what: &str,
    ok: impl Fn(&Value) -> Option<String>,
) -> Result<Value, Error> {
    if found.is_empty() {
        return Err(Error::failed_action("no node matches".to_string()));
    }
    let bad: Vec<String> = found
        .iter()
        .filter_map(|n| ok(n).map(|why| format!("{} {why}", name_of(n))))
        .collect();
    if bad.is_empty() {
        Ok(json!(true))
    } else {
        Err(Error::failed_action(format!(
            "nodes are not {what}: {}",
            bad.join(", ")
        )))
    }
}

pub(super) async fn all_nodes_must_be_ready_to_schedule(
    args: SelectorArgs,
    ctx: StepContext,
) -> Result<Value, Error> {
    let found = selected(&args, &ctx).await?;
    all_nodes(&found, "ready to schedule", |n| {
        if n["spec"]["unschedulable"] == true {
            Some("is cordoned".into())
        } else if condition(n, "Ready").as_deref() != Some("True") {
            Some("is not Ready".into())
        } else {
            None
        }
    })
}

pub(super) async fn nodes_must_be_healthy(
    args: SelectorArgs,
    ctx: StepContext,
) -> Result<Value, Error> {
    let found = selected(&args, &ctx).await?;
    all_nodes(&found, "healthy", |n| {
        if condition(n, "Ready").as_deref() != Some("True") {
            return Some("is not Ready".into());
        }
        [
            "MemoryPressure",
            "DiskPressure",
            "PIDPressure",
            "NetworkUnavailable",
        ]
        .iter()
        .find(|c| condition(n, c).as_deref() == Some("True"))
        .map(|c| format!("has {c}"))
    })
}

pub(super) async fn get_all_node_status_conditions(
    args: SelectorArgs,
    ctx: StepContext,
) -> Result<Value, Error> {
    let found = selected(&args, &ctx).await?;
    Ok(json!(found
        .iter()
        .map(|n| json!({"name": name_of(n), "conditions": n["status"]["conditions"]}))
        .collect::<Vec<_>>()))
}

#[derive(Debug, Deserialize)]
pub(super) struct ConditionArgs {
    #[serde(default = "pid_pressure")]
    condition_type: String,
    #[serde(default = "false_text")]
    condition_value: String,
    #[serde(default)]
    label_selector: Option<String>,
    #[serde(flatten)]
    connection: Connection,
}

fn pid_pressure() -> String {
    "PIDPressure".into()
}
fn false_text() -> String {
    "False".into()
}

impl ActionArgs for ConditionArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()
    }
}

pub(super) async fn verify_nodes_condition(
    args: ConditionArgs,
    ctx: StepContext,
) -> Result<Value, Error> {
    let found = nodes(&ctx, &args.connection)
        .await?
        .list(args.label_selector.as_deref(), None)
        .await?;
    all_nodes(
        &found,
        &format!("{}={}", args.condition_type, args.condition_value),
        |n| {
            let actual = condition(n, &args.condition_type);
            (actual.as_deref() != Some(args.condition_value.as_str())).then(|| {
                format!(
                    "has {}={}",
                    args.condition_type,
                    actual.unwrap_or_else(|| "(none)".into())
                )
            })
        },
    )
}
