//! Plain objects: create from a spec file, delete by name or labels, check
//! they exist, update their spec, for deployments, daemon sets, stateful
//! sets, replica sets, services, secrets, ingresses and namespaces; events;
//! rolling out and scaling.

use super::client::Connection;
use super::resource::{self, name_of, read_spec, Kind, Objects};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// `spec_path` (JSON or YAML) and `ns`.
#[derive(Debug, Deserialize)]
pub(super) struct SpecArgs {
    spec_path: String,
    ns: String,
}

impl ActionArgs for SpecArgs {
    fn check(&self) -> Result<(), Error> {
        read_spec(&self.spec_path, "spec_path").map(|_| ())
    }
}

/// Creates the object a spec file holds.
pub(super) async fn create(
    args: SpecArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
) -> Result<Value, Error> {
    let spec = read_spec(&args.spec_path, "spec_path")?;
    create_object(&ctx, &connection, kind, &args.ns, spec).await
}

pub(super) async fn create_object(
    ctx: &StepContext,
    connection: &Connection,
    kind: Kind,
    ns: &str,
    object: Value,
) -> Result<Value, Error> {
    let created = create_returning(ctx, connection, kind, ns, object).await?;
    // The driver's create actions return nothing; the name is in the logs.
    Ok(if ctx.dry_run() { created } else { Value::Null })
}

/// Creates `object` as a `kind` in `ns` and returns it as the API server
/// stored it (under dry run, what would be created).
pub(super) async fn create_returning(
    ctx: &StepContext,
    connection: &Connection,
    kind: Kind,
    ns: &str,
    mut object: Value,
) -> Result<Value, Error> {
    object["apiVersion"] = json!(if kind.group.is_empty() {
        kind.version.to_string()
    } else {
        format!("{}/{}", kind.group, kind.version)
    });
    object["kind"] = json!(kind.kind);
    let name = name_of(&object);
    let objects = Objects::of(ctx, connection, kind, ns).await?;
    if ctx.dry_run() {
        ctx.log(format!(
            "dry run: would create `{name}` ({})",
            objects.what()
        ));
        return Ok(json!({"dry_run": true, "would_create": name, "kind": kind.kind}));
    }
    let created = objects.create(object).await?;
    ctx.log(format!(
        "created `{}` ({})",
        name_of(&created),
        objects.what()
    ));
    Ok(created)
}

/// `name` and/or `label_selector`, and `ns`.
#[derive(Debug, Deserialize)]
pub(super) struct NameArgs {
    pub(super) name: Option<String>,
    pub(super) label_selector: Option<String>,
    pub(super) ns: String,
}

impl ActionArgs for NameArgs {}

/// Deletes the object called `name`, or every object matching
/// `label_selector`, as the driver does: a name that matches nothing
/// deletes nothing and is no error. Unlike the driver, a step with neither
/// is refused rather than deleting the whole namespace.
pub(super) async fn delete(
    args: NameArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
) -> Result<Value, Error> {
    let objects = Objects::of(&ctx, &connection, kind, &args.ns).await?;
    let targets = match (&args.name, &args.label_selector) {
        (Some(name), _) => objects.matching(Some(name), None).await?,
        (None, Some(labels)) => objects.matching(None, Some(labels)).await?,
        (None, None) => {
            return Err(Error::invalid_argument(
                "name",
                "give `name` or `label_selector`",
            ))
        }
    };
    delete_all(&objects, targets.iter().map(name_of).collect(), &ctx).await
}

/// Deletes `names`; the driver returns nothing, so the result is `null`
/// (the names are in the step's logs).
async fn delete_all(
    objects: &Objects,
    names: Vec<String>,
    ctx: &StepContext,
) -> Result<Value, Error> {
    if ctx.dry_run() {
        ctx.log(format!(
            "dry run: would delete {} ({}): {}",
            names.len(),
            objects.what(),
            names.join(", ")
        ));
        return Ok(json!({"dry_run": true, "would_delete": names}));
    }
    if names.is_empty() {
        ctx.log(format!("nothing to delete ({})", objects.what()));
    }
    for name in &names {
        objects.delete(name, None).await?;
        ctx.log(format!("deleted `{name}` ({})", objects.what()));
    }
    Ok(Value::Null)
}

/// Whether an object named `name` and carrying `label_selector` exists
/// (both narrow; neither asks whether there is any).
pub(super) async fn exists(
    args: NameArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
) -> Result<Value, Error> {
    let objects = Objects::of(&ctx, &connection, kind, &args.ns).await?;
    let found = objects
        .matching(args.name.as_deref(), args.label_selector.as_deref())
        .await?;
    Ok(json!(!found.is_empty()))
}

/// `name`, `spec` (merged into the object's spec) and `ns`.
#[derive(Debug, Deserialize)]
pub(super) struct UpdateArgs {
    name: String,
    spec: Map<String, Value>,
    ns: String,
}

impl ActionArgs for UpdateArgs {}

pub(super) async fn update(
    args: UpdateArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
) -> Result<Value, Error> {
    let objects = Objects::of(&ctx, &connection, kind, &args.ns).await?;
    objects.get(&args.name).await?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_update": args.name}));
    }
    objects
        .merge(&args.name, &json!({"spec": args.spec}))
        .await?;
    Ok(json!({"updated": args.name}))
}

/// `name` and `ns` (things removed by name only).
#[derive(Debug, Deserialize)]
pub(super) struct OnlyNameArgs {
    name: String,
    ns: String,
}

impl ActionArgs for OnlyNameArgs {}

impl From<OnlyNameArgs> for NameArgs {
    fn from(a: OnlyNameArgs) -> Self {
        NameArgs {
            name: Some(a.name),
            label_selector: None,
            ns: a.ns,
        }
    }
}

/// Deletes the object called `name`; as the driver, a missing one fails.
pub(super) async fn delete_named(
    args: OnlyNameArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
) -> Result<Value, Error> {
    let args: NameArgs = args.into();
    let objects = Objects::of(&ctx, &connection, kind, &args.ns).await?;
    let name = args.name.unwrap_or_default();
    objects.get(&name).await?;
    delete_all(&objects, vec![name], &ctx).await
}

pub(super) async fn exists_named(
    args: OnlyNameArgs,
    connection: Connection,
    ctx: StepContext,
    kind: Kind,
) -> Result<Value, Error> {
    exists(args.into(), connection, ctx, kind).await
}

/// `create_namespace`: a `name`, or a `spec_path`.
#[derive(Debug, Deserialize)]
pub(super) struct NamespaceArgs {
    name: Option<String>,
    spec_path: Option<String>,
}

impl ActionArgs for NamespaceArgs {
    fn check(&self) -> Result<(), Error> {
        match (&self.name, &self.spec_path) {
            (None, None) => Err(Error::invalid_argument(
                "name",
                "give `name` or `spec_path`",
            )),
            (_, Some(path)) => read_spec(path, "spec_path").map(|_| ()),
            _ => Ok(()),
        }
    }
}

pub(super) async fn create_namespace(
    args: NamespaceArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let object = match (&args.spec_path, &args.name) {
        (Some(path), _) => read_spec(path, "spec_path")?,
        (None, Some(name)) => json!({"metadata": {"name": name}}),
        (None, None) => {
            return Err(Error::invalid_argument(
                "name",
                "give `name` or `spec_path`",
            ))
        }
    };
    create_object(&ctx, &connection, resource::NAMESPACES, "", object).await
}

/// `name` of a cluster object.
#[derive(Debug, Deserialize)]
pub(super) struct ClusterNameArgs {
    name: String,
}

impl ActionArgs for ClusterNameArgs {}

impl From<ClusterNameArgs> for NameArgs {
    fn from(a: ClusterNameArgs) -> Self {
        NameArgs {
            name: Some(a.name),
            label_selector: None,
            ns: String::new(),
        }
    }
}

pub(super) async fn delete_namespace(
    args: ClusterNameArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    delete(args.into(), connection, ctx, resource::NAMESPACES).await
}

pub(super) async fn namespace_exists(
    args: ClusterNameArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    exists(args.into(), connection, ctx, resource::NAMESPACES).await
}

/// `name`, `replicas`, `ns`.
#[derive(Debug, Deserialize)]
pub(super) struct ReplicasArgs {
    pub(super) name: String,
    pub(super) replicas: i64,
    pub(super) ns: String,
}

impl ActionArgs for ReplicasArgs {
    fn check(&self) -> Result<(), Error> {
        if self.replicas < 0 {
            return Err(Error::invalid_argument(
                "replicas",
                format!("must be 0 or more, not {}", self.replicas),
            ));
        }
        Ok(())
    }
}

pub(super) async fn scale_statefulset(
    args: ReplicasArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let objects = Objects::of(&ctx, &connection, resource::STATEFUL_SETS, &args.ns).await?;
    let current = objects.get(&args.name).await?;
    let from = current["spec"]["replicas"].clone();
    if ctx.dry_run() {
        return Ok(
            json!({"dry_run": true, "name": args.name, "replicas": from, "would_scale_to": args.replicas}),
        );
    }
    objects
        .merge(&args.name, &json!({"spec": {"replicas": args.replicas}}))
        .await?;
    ctx.log(format!(
        "scaled `{}` from {from} to {} replicas",
        args.name, args.replicas
    ));
    // The driver returns nothing; the change is in the step's logs.
    Ok(Value::Null)
}

/// `rollout_deployment`: `name`, `ns`.
#[derive(Debug, Deserialize)]
pub(super) struct RolloutArgs {
    name: Option<String>,
    ns: String,
}

impl ActionArgs for RolloutArgs {
    fn check(&self) -> Result<(), Error> {
        if self.name.is_none() {
            return Err(Error::invalid_argument(
                "name",
                "the deployment to roll out is required",
            ));
        }
        Ok(())
    }
}

/// Restarts a deployment's pods the way `kubectl rollout restart` does.
pub(super) async fn rollout_deployment(
    args: RolloutArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let name = args.name.clone().unwrap_or_default();
    let objects = Objects::of(&ctx, &connection, resource::DEPLOYMENTS, &args.ns).await?;
    objects.get(&name).await?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_restart": name}));
    }
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let patch = json!({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": now}}}}});
    objects.merge(&name, &patch).await?;
    // Null, as the driver returns: the time stamped goes to the step's log.
    ctx.log(format!("restarted deployment `{name}` at {now}"));
    Ok(Value::Null)
}

/// The default `label_selector` of the microservice actions: `name in ({name})`.
pub(super) fn selector_for(selector: Option<&str>, name: &str) -> String {
    selector
        .unwrap_or("name in ({name})")
        .replace("{name}", name)
}

/// `kill_microservice`: the deployment `name`, then its replica sets and
/// pods (by `label_selector`, default `name in ({name})`).
pub(super) async fn kill_microservice(
    args: NameArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let name = args
        .name
        .clone()
        .ok_or_else(|| Error::invalid_argument("name", "required"))?;
    let selector = selector_for(args.label_selector.as_deref(), &name);
    let deployments = Objects::of(&ctx, &connection, resource::DEPLOYMENTS, &args.ns).await?;
    let replica_sets = Objects::of(&ctx, &connection, resource::REPLICA_SETS, &args.ns).await?;
    let pods = Objects::of(&ctx, &connection, resource::PODS, &args.ns).await?;
    let deployment = deployments.get(&name).await?;
    let sets: Vec<String> = replica_sets
        .list(Some(&selector), None)
        .await?
        .iter()
        .map(name_of)
        .collect();
    let pod_names: Vec<String> = pods
        .list(Some(&selector), None)
        .await?
        .iter()
        .map(name_of)
        .collect();
    let report =
        json!({"deployment": name_of(&deployment), "replica_sets": sets, "pods": pod_names});
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_delete": report}));
    }
    deployments.delete(&name, None).await?;
    for set in &sets {
        replica_sets.delete(set, None).await?;
    }
    for pod in &pod_names {
        pods.delete(pod, None).await?;
    }
    ctx.log(format!("killed microservice `{name}`: {report}"));
    Ok(json!({"deleted": report}))
}

/// `get_events`: events of every namespace.
#[derive(Debug, Deserialize)]
pub(super) struct EventsArgs {
    label_selector: Option<String>,
    field_selector: Option<String>,
    limit: i64,
}

impl ActionArgs for EventsArgs {
    fn check(&self) -> Result<(), Error> {
        if self.limit <= 0 {
            return Err(Error::invalid_argument(
                "limit",
                format!("must be positive, not {}", self.limit),
            ));
        }
        Ok(())
    }
}

pub(super) async fn get_events(
    args: EventsArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let client = connection.client(&ctx).await?;
    let api: kube::Api<k8s_openapi::api::core::v1::Event> = kube::Api::all(client);
    let mut params = kube::api::ListParams::default().limit(args.limit as u32);
    if let Some(l) = &args.label_selector {
        params = params.labels(l);
    }
    if let Some(f) = &args.field_selector {
        params = params.fields(f);
    }
    let events = api
        .list(&params)
        .await
        .map_err(|e| super::client::api_error("listing events", e))?;
    serde_json::to_value(events).map_err(|e| Error::failed_action(e.to_string()))
}

/// Binds the `k8s` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("create_deployment", |a, k, c| {
        create(a, k, c, super::resource::DEPLOYMENTS)
    })
    .action("start_microservice", |a, k, c| {
        create(a, k, c, super::resource::DEPLOYMENTS)
    })
    .action("delete_deployment", |a, k, c| {
        delete(a, k, c, super::resource::DEPLOYMENTS)
    })
    .action("rollout_deployment", rollout_deployment)
    .action("kill_microservice", kill_microservice)
    .action("delete_replica_set", |a, k, c| {
        delete(a, k, c, super::resource::REPLICA_SETS)
    })
    .action("create_daemon_set", |a, k, c| {
        create(a, k, c, super::resource::DAEMON_SETS)
    })
    .action("delete_daemon_set", |a, k, c| {
        delete(a, k, c, super::resource::DAEMON_SETS)
    })
    .action("update_daemon_set", |a, k, c| {
        update(a, k, c, super::resource::DAEMON_SETS)
    })
    .action("create_statefulset", |a, k, c| {
        create(a, k, c, super::resource::STATEFUL_SETS)
    })
    .action("remove_statefulset", |a, k, c| {
        delete(a, k, c, super::resource::STATEFUL_SETS)
    })
    .action("scale_statefulset", scale_statefulset)
    .action("create_service_endpoint", |a, k, c| {
        create(a, k, c, super::resource::SERVICES)
    })
    .action("remove_service_endpoint", |a, k, c| {
        delete_named(a, k, c, super::resource::SERVICES)
    })
    .action("delete_service", |a, k, c| {
        delete_named(a, k, c, super::resource::SERVICES)
    })
    .action("create_secret", |a, k, c| {
        create(a, k, c, super::resource::SECRETS)
    })
    .action("delete_secret", |a, k, c| {
        delete_named(a, k, c, super::resource::SECRETS)
    })
    .action("secret_exists", |a, k, c| {
        exists(a, k, c, super::resource::SECRETS)
    })
    .action("create_ingress", |a, k, c| {
        create(a, k, c, super::resource::INGRESSES)
    })
    .action("delete_ingress", |a, k, c| {
        delete_named(a, k, c, super::resource::INGRESSES)
    })
    .action("update_ingress", |a, k, c| {
        update(a, k, c, super::resource::INGRESSES)
    })
    .action("ingress_exists", |a, k, c| {
        exists_named(a, k, c, super::resource::INGRESSES)
    })
    .action("create_namespace", create_namespace)
    .action("delete_namespace", delete_namespace)
    .action("namespace_exists", namespace_exists)
    .action("get_events", get_events)
}
