//! Chaos Mesh: network faults (`NetworkChaos`) and stressors
//! (`StressChaos`) as custom objects, read back and deleted by name.

use super::client::Connection;
use super::resource::{self, Kind, Objects};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// How many of the selected pods Chaos Mesh hits (its own spelling).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Mode {
    One,
    All,
    Fixed,
    FixedPercent,
    RandomMaxPercent,
}

/// Which traffic a network fault affects, relative to its target.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Direction {
    To,
    From,
    Both,
}

/// Who is affected: the selectors and mode every Chaos Mesh action takes,
/// plus whatever fault-specific arguments the action has (kept as given).
#[derive(Debug, Deserialize)]
pub(super) struct ChaosArgs {
    name: String,
    ns: String,
    namespaces_selectors: Option<Value>,
    label_selectors: Option<Value>,
    annotations_selectors: Option<Value>,
    mode: Mode,
    mode_value: Option<Value>,
    direction: Direction,
    external_targets: Option<Value>,
    target_mode: Option<Value>,
    target_mode_value: Option<Value>,
    target_namespaces_selectors: Option<Value>,
    target_label_selectors: Option<Value>,
    target_annotations_selectors: Option<Value>,
    /// Declared by the stressors only; network faults last until deleted.
    duration: Option<String>,
    #[serde(flatten)]
    fault: Map<String, Value>,
}

impl ActionArgs for ChaosArgs {
    fn check(&self) -> Result<(), Error> {
        let selectors = [
            ("label_selectors", &self.label_selectors),
            ("annotations_selectors", &self.annotations_selectors),
            ("target_label_selectors", &self.target_label_selectors),
            (
                "target_annotations_selectors",
                &self.target_annotations_selectors,
            ),
        ];
        for (name, value) in selectors {
            let text = value.as_ref().and_then(Value::as_str).unwrap_or_default();
            if let Some(pair) = text
                .split(',')
                .find(|p| !text.is_empty() && !p.contains('='))
            {
                return Err(Error::invalid_argument(
                    name,
                    format!("`{pair}` is not a `key=value` pair"),
                ));
            }
        }
        let has_target = self.target_namespaces_selectors.is_some()
            || self.target_label_selectors.is_some()
            || self.target_annotations_selectors.is_some()
            || self.external_targets.is_some();
        if self.direction != Direction::To && !has_target {
            return Err(Error::invalid_argument(
                "direction",
                "a `from` or `both` direction needs a target (`target_label_selectors`, ... or `external_targets`)",
            ));
        }
        Ok(())
    }
}

/// A list given as is, or as a comma-separated string (`shop,default`),
/// which the driver accepts too.
fn listed(value: &Value) -> Value {
    match value.as_str() {
        Some(text) => json!(text.split(',').collect::<Vec<_>>()),
        None => value.clone(),
    }
}

/// A `{key: value}` mapping given as is, or as `key=value` pairs separated
/// by commas (`app=web,tier=front`, checked before the trial), which the
/// driver accepts too.
fn paired(value: &Value) -> Value {
    let Some(text) = value.as_str() else {
        return value.clone();
    };
    let pairs = text.split(',').map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key.to_string(), json!(value))
    });
    Value::Object(pairs.collect())
}

fn selector(
    namespaces: &Option<Value>,
    labels: &Option<Value>,
    annotations: &Option<Value>,
) -> Value {
    let mut s = json!({});
    if let Some(n) = namespaces {
        s["namespaces"] = listed(n);
    }
    if let Some(l) = labels {
        s["labelSelectors"] = paired(l);
    }
    if let Some(a) = annotations {
        s["annotationSelectors"] = paired(a);
    }
    s
}

/// The fault-specific arguments, without the connection's.
fn fault_fields(args: &ChaosArgs) -> Map<String, Value> {
    let common = kallisti_catalog::k8s::K8S_COMMON;
    args.fault
        .iter()
        .filter(|(k, v)| !common.iter().any(|c| c.name == k.as_str()) && !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

async fn create(
    args: ChaosArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
    action: &str,
    section: &str,
    keys: &[(&str, &str)],
) -> Result<Value, Error> {
    let fields = fault_fields(&args);
    let mut detail = json!({});
    for (ours, theirs) in keys {
        if let Some(v) = fields.get(*ours) {
            detail[*theirs] = v.clone();
        }
    }
    let mut spec = json!({
        "mode": args.mode,
        "selector": selector(&args.namespaces_selectors, &args.label_selectors, &args.annotations_selectors),
    });
    if let Some(v) = &args.mode_value {
        spec["value"] = json!(v.to_string().trim_matches('"'));
    }
    if kind.plural == "networkchaos" {
        spec["action"] = json!(action);
        spec["direction"] = json!(args.direction);
        spec[section] = detail;
        if let Some(t) = &args.external_targets {
            spec["externalTargets"] = listed(t);
        }
        let has_target = args.target_namespaces_selectors.is_some()
            || args.target_label_selectors.is_some()
            || args.target_annotations_selectors.is_some();
        if let (Some(mode), true) = (&args.target_mode, has_target) {
            let mut target = json!({"mode": mode, "selector": selector(&args.target_namespaces_selectors, &args.target_label_selectors, &args.target_annotations_selectors)});
            if let Some(v) = &args.target_mode_value {
                target["value"] = json!(v.to_string().trim_matches('"'));
            }
            spec["target"] = target;
        }
    } else {
        spec["duration"] = json!(args.duration);
        spec["stressors"] = json!({section: detail});
        if let Some(names) = fields.get("container_names") {
            spec["containerNames"] = listed(names);
        }
        if let Some(s) = fields.get("stressng_stressors") {
            spec["stressngStressors"] = s.clone();
        }
    }
    let object = json!({"metadata": {"name": args.name, "namespace": args.ns}, "spec": spec});
    let objects = Objects::of(&ctx, &connection, kind, &args.ns).await?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_create": object}));
    }
    let mut object = object;
    object["apiVersion"] = json!(format!("{}/{}", kind.group, kind.version));
    object["kind"] = json!(kind.kind);
    objects.create(object).await
}

macro_rules! network_faults {
    ($($fn:ident => $action:literal, $section:literal, [$(($ours:literal, $theirs:literal)),*];)*) => {
        $(
            pub(super) async fn $fn(args: ChaosArgs, connection: Connection, ctx: StepContext) -> Result<Value, Error> {
                create(args, connection, ctx, resource::NETWORK_CHAOS, $action, $section, &[$(($ours, $theirs)),*]).await
            }
        )*
    };
}

network_faults! {
    add_latency => "delay", "delay", [("latency", "latency"), ("correlation", "correlation"), ("jitter", "jitter")];
    corrupt_packets => "corrupt", "corrupt", [("corrupt", "corrupt"), ("correlation", "correlation")];
    duplicate_packets => "duplicate", "duplicate", [("duplicate", "duplicate"), ("correlation", "correlation")];
    reorder_packets => "reorder", "reorder", [("reorder", "reorder"), ("correlation", "correlation"), ("gap", "gap")];
    set_loss => "loss", "loss", [("loss", "loss"), ("correlation", "correlation")];
    set_bandwidth => "bandwidth", "bandwidth", [("rate", "rate"), ("limit", "limit"), ("buffer", "buffer"), ("peakrate", "peakrate"), ("minburst", "minburst")];
}

pub(super) async fn stress_cpu(
    args: ChaosArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    create(
        args,
        connection,
        ctx,
        resource::STRESS_CHAOS,
        "",
        "cpu",
        &[("workers", "workers"), ("load", "load")],
    )
    .await
}

pub(super) async fn stress_memory(
    args: ChaosArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    create(
        args,
        connection,
        ctx,
        resource::STRESS_CHAOS,
        "",
        "memory",
        &[
            ("workers", "workers"),
            ("size", "size"),
            ("oom_score", "oomScoreAdj"),
            ("time_to_get_to_size", "time"),
        ],
    )
    .await
}

/// `name` and/or `ns` of a Chaos Mesh object.
#[derive(Debug, Deserialize)]
pub(super) struct ObjectArgs {
    name: Option<String>,
    ns: String,
}

impl ActionArgs for ObjectArgs {}

async fn get_one(
    args: ObjectArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
) -> Result<Value, Error> {
    let name = args
        .name
        .clone()
        .ok_or_else(|| Error::invalid_argument("name", "required"))?;
    Objects::of(&ctx, &connection, kind, &args.ns)
        .await?
        .get(&name)
        .await
}

async fn get_all(
    args: ObjectArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
) -> Result<Value, Error> {
    Objects::of(&ctx, &connection, kind, &args.ns)
        .await?
        .list_document(None)
        .await
}

async fn delete(
    args: ObjectArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
) -> Result<Value, Error> {
    let name = args
        .name
        .clone()
        .ok_or_else(|| Error::invalid_argument("name", "required"))?;
    let objects = Objects::of(&ctx, &connection, kind, &args.ns).await?;
    let object = objects.get(&name).await?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_delete": name}));
    }
    objects.delete(&name, None).await?;
    Ok(object)
}

pub(super) async fn get_network_fault(
    args: ObjectArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    get_one(args, connection, ctx, resource::NETWORK_CHAOS).await
}
pub(super) async fn get_network_faults(
    args: ObjectArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    get_all(args, connection, ctx, resource::NETWORK_CHAOS).await
}
pub(super) async fn delete_network_fault(
    args: ObjectArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    delete(args, connection, ctx, resource::NETWORK_CHAOS).await
}
pub(super) async fn get_stressor(
    args: ObjectArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    get_one(args, connection, ctx, resource::STRESS_CHAOS).await
}
pub(super) async fn get_stressors(
    args: ObjectArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    get_all(args, connection, ctx, resource::STRESS_CHAOS).await
}
pub(super) async fn delete_stressor(
    args: ObjectArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    delete(args, connection, ctx, resource::STRESS_CHAOS).await
}

/// Binds the `k8s` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("add_latency", add_latency)
        .action("corrupt_packets", corrupt_packets)
        .action("duplicate_packets", duplicate_packets)
        .action("reorder_packets", reorder_packets)
        .action("set_loss", set_loss)
        .action("set_bandwidth", set_bandwidth)
        .action("get_network_fault", get_network_fault)
        .action("get_network_faults", get_network_faults)
        .action("delete_network_fault", delete_network_fault)
        .action("stress_cpu", stress_cpu)
        .action("stress_memory", stress_memory)
        .action("get_stressor", get_stressor)
        .action("get_stressors", get_stressors)
        .action("delete_stressor", delete_stressor)
}
