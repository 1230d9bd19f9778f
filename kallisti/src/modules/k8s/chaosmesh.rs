//! Chaos Mesh: network faults (`NetworkChaos`) and stressors
//! (`StressChaos`) as custom objects, read back and deleted by name.

use super::client::Connection;
use super::objects::default_ns;
use super::resource::{self, Kind, Objects};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use serde::Deserialize;
use serde_json::{json, Map, Value};

fn one() -> String {
    "one".into()
}
fn to() -> String {
    "to".into()
}
fn thirty_seconds() -> String {
    "30s".into()
}

/// Who is affected: the selectors and mode every Chaos Mesh action takes,
/// plus whatever fault-specific arguments the action has (kept as given).
#[derive(Debug, Deserialize)]
pub(super) struct ChaosArgs {
    name: String,
    #[serde(default = "default_ns")]
    ns: String,
    #[serde(default)]
    namespaces_selectors: Option<Value>,
    #[serde(default)]
    label_selectors: Option<Value>,
    #[serde(default)]
    annotations_selectors: Option<Value>,
    #[serde(default = "one")]
    mode: String,
    #[serde(default)]
    mode_value: Option<Value>,
    #[serde(default = "to")]
    direction: String,
    #[serde(default)]
    external_targets: Option<Value>,
    #[serde(default)]
    target_mode: Option<Value>,
    #[serde(default)]
    target_mode_value: Option<Value>,
    #[serde(default)]
    target_namespaces_selectors: Option<Value>,
    #[serde(default)]
    target_label_selectors: Option<Value>,
    #[serde(default)]
    target_annotations_selectors: Option<Value>,
    #[serde(default = "thirty_seconds")]
    duration: String,
    #[serde(flatten)]
    fault: Map<String, Value>,
}

const MODES: [&str; 5] = ["one", "all", "fixed", "fixed-percent", "random-max-percent"];

impl ActionArgs for ChaosArgs {
    fn check(&self) -> Result<(), Error> {
        if !MODES.contains(&self.mode.as_str()) {
            return Err(Error::invalid_argument(
                "mode",
                format!("must be one of {}, not `{}`", MODES.join(", "), self.mode),
            ));
        }
        if !["to", "from", "both"].contains(&self.direction.as_str()) {
            return Err(Error::invalid_argument(
                "direction",
                format!("must be `to`, `from` or `both`, not `{}`", self.direction),
            ));
        }
        let has_target = self.target_namespaces_selectors.is_some()
            || self.target_label_selectors.is_some()
            || self.target_annotations_selectors.is_some()
            || self.external_targets.is_some();
        if self.direction != "to" && !has_target {
            return Err(Error::invalid_argument(
                "direction",
                "a `from` or `both` direction needs a target (`target_label_selectors`, ... or `external_targets`)",
            ));
        }
        Connection::deserialize(Value::Object(self.fault.clone()))
            .map_err(|e| Error::invalid_argument("where", e.to_string()))?
            .check()
    }
}

fn selector(
    namespaces: &Option<Value>,
    labels: &Option<Value>,
    annotations: &Option<Value>,
) -> Value {
    let mut s = json!({});
    if let Some(n) = namespaces {
        s["namespaces"] = n.clone();
    }
    if let Some(l) = labels {
        s["labelSelectors"] = l.clone();
    }
    if let Some(a) = annotations {
        s["annotationSelectors"] = a.clone();
    }
    s
}

/// The fault-specific arguments, without the connection's.
fn fault_fields(args: &ChaosArgs) -> Map<String, Value> {
    let connection_keys = [
        "k8s_api_host",
        "platform",
        "cluster_name",
        "region",
        "role",
        "credentials",
    ];
    args.fault
        .iter()
        .filter(|(k, v)| !connection_keys.contains(&k.as_str()) && !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

async fn create(
    args: ChaosArgs,
    ctx: StepContext,
    kind: Kind,
    action: &str,
    section: &str,
    keys: &[(&str, &str)],
) -> Result<Value, Error> {
    let connection = Connection::deserialize(Value::Object(args.fault.clone()))
        .map_err(|e| Error::invalid_argument("where", e.to_string()))?;
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
            spec["externalTargets"] = t.clone();
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
            spec["containerNames"] = names.clone();
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
            pub(super) async fn $fn(args: ChaosArgs, ctx: StepContext) -> Result<Value, Error> {
                create(args, ctx, resource::NETWORK_CHAOS, $action, $section, &[$(($ours, $theirs)),*]).await
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

pub(super) async fn stress_cpu(args: ChaosArgs, ctx: StepContext) -> Result<Value, Error> {
    create(
        args,
        ctx,
        resource::STRESS_CHAOS,
        "",
        "cpu",
        &[("workers", "workers"), ("load", "load")],
    )
    .await
}

pub(super) async fn stress_memory(args: ChaosArgs, ctx: StepContext) -> Result<Value, Error> {
    create(
        args,
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
    #[serde(default)]
    name: Option<String>,
    #[serde(default = "default_ns")]
    ns: String,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for ObjectArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()
    }
}

async fn get_one(args: ObjectArgs, ctx: StepContext, kind: Kind) -> Result<Value, Error> {
    let name = args
        .name
        .clone()
        .ok_or_else(|| Error::invalid_argument("name", "required"))?;
    Objects::of(&ctx, &args.connection, kind, &args.ns)
        .await?
        .get(&name)
        .await
}

async fn get_all(args: ObjectArgs, ctx: StepContext, kind: Kind) -> Result<Value, Error> {
    let items = Objects::of(&ctx, &args.connection, kind, &args.ns)
        .await?
        .list(None, None)
        .await?;
    Ok(json!({"items": items}))
}

async fn delete(args: ObjectArgs, ctx: StepContext, kind: Kind) -> Result<Value, Error> {
    let name = args
        .name
        .clone()
        .ok_or_else(|| Error::invalid_argument("name", "required"))?;
    let objects = Objects::of(&ctx, &args.connection, kind, &args.ns).await?;
    let object = objects.get(&name).await?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_delete": name}));
    }
    objects.delete(&name, None).await?;
    Ok(object)
}

pub(super) async fn get_network_fault(args: ObjectArgs, ctx: StepContext) -> Result<Value, Error> {
    get_one(args, ctx, resource::NETWORK_CHAOS).await
}
pub(super) async fn get_network_faults(args: ObjectArgs, ctx: StepContext) -> Result<Value, Error> {
    get_all(args, ctx, resource::NETWORK_CHAOS).await
}
pub(super) async fn delete_network_fault(
    args: ObjectArgs,
    ctx: StepContext,
) -> Result<Value, Error> {
    delete(args, ctx, resource::NETWORK_CHAOS).await
}
pub(super) async fn get_stressor(args: ObjectArgs, ctx: StepContext) -> Result<Value, Error> {
    get_one(args, ctx, resource::STRESS_CHAOS).await
}
pub(super) async fn get_stressors(args: ObjectArgs, ctx: StepContext) -> Result<Value, Error> {
    get_all(args, ctx, resource::STRESS_CHAOS).await
}
pub(super) async fn delete_stressor(args: ObjectArgs, ctx: StepContext) -> Result<Value, Error> {
    delete(args, ctx, resource::STRESS_CHAOS).await
}
