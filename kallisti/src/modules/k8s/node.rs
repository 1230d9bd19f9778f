//! Nodes: cordon, uncordon, drain, delete, create, list, and health probes.

use super::client::Connection;
use super::resource::{self, name_of, Objects};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// `name` and/or `label_selector` of nodes.
#[derive(Debug, Deserialize)]
pub(super) struct NodesArgs {
    name: Option<String>,
    label_selector: Option<String>,
}

impl ActionArgs for NodesArgs {}

async fn nodes(ctx: &StepContext, connection: &Connection) -> Result<Objects, Error> {
    Objects::of(ctx, connection, resource::NODES, "").await
}

/// Sets `spec.unschedulable` on the selected nodes.
async fn schedulable(
    args: NodesArgs,
    connection: Connection,
    ctx: StepContext,
    unschedulable: bool,
) -> Result<Value, Error> {
    let api = nodes(&ctx, &connection).await?;
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

pub(super) async fn cordon_node(
    args: NodesArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    schedulable(args, connection, ctx, true).await
}

pub(super) async fn uncordon_node(
    args: NodesArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    schedulable(args, connection, ctx, false).await
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
    name: Option<String>,
    label_selector: Option<String>,
    delete_pods_with_local_storage: bool,
    timeout: i64,
    count: Option<i64>,
    pod_label_selector: Option<String>,
    pod_namespace: Option<String>,
    force: bool,
}

impl ActionArgs for DrainArgs {
    fn check(&self) -> Result<(), Error> {
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

/// What draining does with one pod.
#[derive(Debug, PartialEq)]
enum OnDrain {
    /// Left where it is: a mirror pod, a daemon set's, or one holding
    /// local storage that may not go.
    Stays,
    /// Evicted.
    Goes,
    /// Evicted only with `force`: no controller would recreate it.
    Unmanaged,
}

/// Sorts a pod as `kubectl drain` does (and the driver means to).
fn on_drain(pod: &Value, delete_local: bool) -> OnDrain {
    let owners: Vec<&Value> = pod["metadata"]["ownerReferences"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let mirror = pod["metadata"]["annotations"]
        .get("kubernetes.io/config.mirror")
        .is_some();
    let daemon = owners.iter().any(|o| o["kind"] == "DaemonSet");
    let local = pod["spec"]["volumes"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|v| v.get("emptyDir").is_some());
    let finished = matches!(
        pod["status"]["phase"].as_str(),
        Some("Succeeded" | "Failed")
    );
    if mirror || daemon || (local && !delete_local) {
        OnDrain::Stays
    } else if finished || owners.iter().any(|o| o["controller"] == true) {
        OnDrain::Goes
    } else {
        OnDrain::Unmanaged
    }
}

/// The nodes a drain step picks.
async fn nodes_to_drain(
    args: &DrainArgs,
    connection: &Connection,
    ctx: &StepContext,
    api: &Objects,
) -> Result<Vec<String>, Error> {
    let mut names: Vec<String> = match &args.pod_label_selector {
        Some(selector) => hosting(ctx, connection, selector, args.pod_namespace.as_deref()).await?,
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
    Ok(names)
}

/// The pods to evict from each node, `(node, [(namespace, name)])`; refused
/// as a whole, before anything changes, when an unmanaged pod would go
/// without `force`.
async fn evictions(
    args: &DrainArgs,
    pods: &Objects,
    names: &[String],
) -> Result<Vec<(String, Vec<(String, String)>)>, Error> {
    let mut plan = Vec::new();
    let mut unmanaged = Vec::new();
    for node in names {
        let mut going = Vec::new();
        for pod in pods
            .list(None, Some(&format!("spec.nodeName={node}")))
            .await?
        {
            let id = (
                pod["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                name_of(&pod),
            );
            match on_drain(&pod, args.delete_pods_with_local_storage) {
                OnDrain::Stays => continue,
                OnDrain::Unmanaged if !args.force => unmanaged.push(format!("{}/{}", id.0, id.1)),
                _ => going.push(id),
            }
        }
        plan.push((node.clone(), going));
    }
    if !unmanaged.is_empty() {
        return Err(Error::failed_action(format!(
            "cannot drain: no controller owns pod(s) {} (set `force: true` to evict them anyway)",
            unmanaged.join(", ")
        )));
    }
    Ok(plan)
}

pub(super) async fn drain_nodes(
    args: DrainArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let api = nodes(&ctx, &connection).await?;
    let names = nodes_to_drain(&args, &connection, &ctx, &api).await?;
    let pods = Objects::everywhere(&ctx, &connection, resource::PODS).await?;
    let plan = evictions(&args, &pods, &names).await?;
    if ctx.dry_run() {
        let evicted: Vec<String> = plan
            .iter()
            .flat_map(|(_, going)| going.iter().map(|(ns, name)| format!("{ns}/{name}")))
            .collect();
        return Ok(json!({"dry_run": true, "would_drain": names, "would_evict": evicted}));
    }
    for node in &names {
        api.merge(node, &json!({"spec": {"unschedulable": true}}))
            .await?;
    }
    let client = connection.client(&ctx).await?;
    for (node, going) in &plan {
        for (ns, name) in going {
            let api: kube::Api<k8s_openapi::api::core::v1::Pod> =
                kube::Api::namespaced(client.clone(), ns);
            api.evict(name, &kube::api::EvictParams::default())
                .await
                .map_err(|e| {
                    super::client::api_error(&format!("evicting pod `{name}` in `{ns}`"), e)
                })?;
        }
        wait_gone(&client, node, going, args.timeout).await?;
        ctx.log(format!(
            "drained node `{node}` ({} pod(s) evicted)",
            going.len()
        ));
    }
    Ok(json!(names))
}

/// Waits up to `timeout` seconds for the evicted pods of `node` to be gone.
async fn wait_gone(
    client: &kube::Client,
    node: &str,
    going: &[(String, String)],
    timeout: i64,
) -> Result<(), Error> {
    let deadline =
        tokio::time::Instant::now() + std::time::Duration::from_secs(timeout.max(0) as u64);
    loop {
        let mut left = Vec::new();
        for (ns, name) in going {
            let api: kube::Api<k8s_openapi::api::core::v1::Pod> =
                kube::Api::namespaced(client.clone(), ns);
            if api.get_opt(name).await.ok().flatten().is_some() {
                left.push(format!("{ns}/{name}"));
            }
        }
        if left.is_empty() {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(Error::failed_action(format!(
                "draining node `{node}` did not finish within {timeout}s: {} still there",
                left.join(", ")
            )));
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct DeleteNodesArgs {
    label_selector: Option<String>,
    all: bool,
    rand: bool,
    count: Option<i64>,
    grace_period_seconds: Option<i64>,
    pod_label_selector: Option<String>,
    pod_namespace: Option<String>,
}

impl ActionArgs for DeleteNodesArgs {
    fn check(&self) -> Result<(), Error> {
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
pub(super) async fn delete_nodes(
    args: DeleteNodesArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let api = nodes(&ctx, &connection).await?;
    let mut names: Vec<String> = match &args.pod_label_selector {
        Some(selector) => {
            hosting(&ctx, &connection, selector, args.pod_namespace.as_deref()).await?
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
    meta: Option<Map<String, Value>>,
    spec: Option<Map<String, Value>>,
}

impl ActionArgs for CreateNodeArgs {
    fn check(&self) -> Result<(), Error> {
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

pub(super) async fn create_node(
    args: CreateNodeArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let object = json!({"metadata": args.meta, "spec": args.spec.unwrap_or_default()});
    // The node as stored, as the driver returns the client's V1Node.
    super::objects::create_returning(&ctx, &connection, resource::NODES, "", object).await
}

#[derive(Debug, Deserialize)]
pub(super) struct SelectorArgs {
    label_selector: Option<String>,
}

impl ActionArgs for SelectorArgs {}

async fn selected(
    args: &SelectorArgs,
    connection: &Connection,
    ctx: &StepContext,
) -> Result<Vec<Value>, Error> {
    nodes(ctx, connection)
        .await?
        .list(args.label_selector.as_deref(), None)
        .await
}

/// The node list as the API server answers it, as the driver returns it.
pub(super) async fn get_nodes(
    args: SelectorArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    nodes(&ctx, &connection)
        .await?
        .list_document(args.label_selector.as_deref())
        .await
}

/// Each node's conditions as `{"name": .., "<type>": "<status>", ..}`.
fn conditions_of(node: &Value) -> Map<String, Value> {
    let mut flat = Map::new();
    flat.insert("name".into(), json!(name_of(node)));
    for c in node["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if let Some(kind) = c["type"].as_str() {
            flat.insert(kind.into(), c["status"].clone());
        }
    }
    flat
}

/// True when every node passes `ok`; otherwise false, with a log line
/// naming the others. As in the driver, no node at all passes, and the
/// probe never fails on what it finds.
fn every_node(
    found: &[Value],
    what: &str,
    ctx: &StepContext,
    ok: impl Fn(&Map<String, Value>) -> Option<String>,
) -> Value {
    let bad: Vec<String> = found
        .iter()
        .filter_map(|n| ok(&conditions_of(n)).map(|why| format!("{} {why}", name_of(n))))
        .collect();
    if !bad.is_empty() {
        ctx.log(format!("nodes are not {what}: {}", bad.join(", ")));
    }
    json!(bad.is_empty())
}

fn status_of<'a>(conditions: &'a Map<String, Value>, kind: &str) -> Option<&'a str> {
    conditions.get(kind).and_then(Value::as_str)
}

/// Whether every node's `Ready` condition is `True` (a cordoned node still
/// counts: the driver reads only the condition).
pub(super) async fn all_nodes_must_be_ready_to_schedule(
    args: SelectorArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let found = selected(&args, &connection, &ctx).await?;
    Ok(every_node(&found, "ready", &ctx, |c| {
        (status_of(c, "Ready") != Some("True")).then(|| "is not Ready".into())
    }))
}

/// The conditions a healthy node has `False`, besides `Ready`.
const UNHEALTHY_WHEN_TRUE: &[&str] = &[
    "FrequentKubeletRestart",
    "FrequentDockerRestart",
    "FrequentContainerdRestart",
    "ReadonlyFilesystem",
    "KernelDeadlock",
    "CorruptDockerOverlay2",
    "FrequentUnregisterNetDevice",
    "NetworkUnavailable",
    "MemoryPressure",
    "DiskPressure",
    "PIDPressure",
];

/// Whether every node is `Ready` and reports none of the problem conditions
/// (a condition a node does not report is not held against it).
pub(super) async fn nodes_must_be_healthy(
    args: SelectorArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let found = selected(&args, &connection, &ctx).await?;
    Ok(every_node(&found, "healthy", &ctx, |c| {
        if status_of(c, "Ready") != Some("True") {
            return Some("is not Ready".into());
        }
        UNHEALTHY_WHEN_TRUE
            .iter()
            .find(|kind| status_of(c, kind).is_some_and(|s| s != "False"))
            .map(|kind| format!("has {kind}"))
    }))
}

pub(super) async fn get_all_node_status_conditions(
    args: SelectorArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let found = selected(&args, &connection, &ctx).await?;
    Ok(json!(found.iter().map(conditions_of).collect::<Vec<_>>()))
}

#[derive(Debug, Deserialize)]
pub(super) struct ConditionArgs {
    condition_type: String,
    condition_value: String,
    label_selector: Option<String>,
}

impl ActionArgs for ConditionArgs {}

pub(super) async fn verify_nodes_condition(
    args: ConditionArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let found = nodes(&ctx, &connection)
        .await?
        .list(args.label_selector.as_deref(), None)
        .await?;
    let what = format!("{}={}", args.condition_type, args.condition_value);
    Ok(every_node(&found, &what, &ctx, |c| {
        let actual = status_of(c, &args.condition_type);
        (actual != Some(args.condition_value.as_str()))
            .then(|| format!("has {}={}", args.condition_type, actual.unwrap_or("(none)")))
    }))
}

/// Binds the `k8s` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("cordon_node", cordon_node)
        .action("uncordon_node", uncordon_node)
        .action("drain_nodes", drain_nodes)
        .action("delete_nodes", delete_nodes)
        .action("create_node", create_node)
        .action("get_nodes", get_nodes)
        .action(
            "all_nodes_must_be_ready_to_schedule",
            all_nodes_must_be_ready_to_schedule,
        )
        .action("nodes_must_be_healthy", nodes_must_be_healthy)
        .action(
            "get_all_node_status_conditions",
            get_all_node_status_conditions,
        )
        .action("verify_nodes_condition", verify_nodes_condition)
}
