//! Custom objects (any group, version and plural), namespaced or cluster
//! wide, and applying any object given as JSON or YAML text.

use super::client::{api_error, Connection};
use super::resource::{name_of, parse_spec, read_spec, Kind, Objects};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// `group`, `version`, `plural`, and `ns` for namespaced objects.
#[derive(Debug, Deserialize)]
pub(super) struct CustomArgs {
    group: String,
    version: String,
    plural: String,
    name: Option<String>,
    /// Declared by the namespaced actions only.
    ns: Option<String>,
    /// Declared by the patch and replace actions only.
    force: Option<bool>,
    resource: Option<Map<String, Value>>,
    resource_as_yaml_file: Option<String>,
}

impl ActionArgs for CustomArgs {
    fn check(&self) -> Result<(), Error> {
        // `force` takes over field ownership in a server-side apply; the
        // API server refuses it on the merge patch and the replacement these
        // actions send, so it is refused here before anything runs.
        if self.force == Some(true) {
            return Err(Error::invalid_argument(
                "force",
                "`true` asks for a server-side apply, which this action does not send (a merge patch or a replacement)",
            ));
        }
        if let Some(path) = &self.resource_as_yaml_file {
            read_spec(path, "resource_as_yaml_file")?;
        }
        Ok(())
    }
}

impl CustomArgs {
    async fn objects(
        &self,
        connection: &Connection,
        ctx: &StepContext,
        namespaced: bool,
    ) -> Result<Objects, Error> {
        Objects::custom(
            ctx,
            connection,
            Kind::custom(&self.group, &self.version, &self.plural),
            namespaced,
            self.ns.as_deref().unwrap_or_default(),
        )
        .await
    }

    fn resource(&self) -> Result<Value, Error> {
        match (&self.resource, &self.resource_as_yaml_file) {
            (Some(r), _) => Ok(Value::Object(r.clone())),
            (None, Some(path)) => read_spec(path, "resource_as_yaml_file"),
            (None, None) => Err(Error::invalid_argument(
                "resource",
                "give `resource` or `resource_as_yaml_file`",
            )),
        }
    }

    fn name(&self) -> Result<&str, Error> {
        self.name
            .as_deref()
            .ok_or_else(|| Error::invalid_argument("name", "required"))
    }
}

async fn create(
    args: CustomArgs,
    connection: Connection,
    ctx: StepContext,
    namespaced: bool,
) -> Result<Value, Error> {
    let resource = args.resource()?;
    let objects = args.objects(&connection, &ctx, namespaced).await?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_create": name_of(&resource)}));
    }
    objects.create(resource).await
}

async fn get(
    args: CustomArgs,
    connection: Connection,
    ctx: StepContext,
    namespaced: bool,
) -> Result<Value, Error> {
    args.objects(&connection, &ctx, namespaced)
        .await?
        .get(args.name()?)
        .await
}

/// The list document as the API server answers it, as the driver returns it.
async fn list(
    args: CustomArgs,
    connection: Connection,
    ctx: StepContext,
    namespaced: bool,
) -> Result<Value, Error> {
    args.objects(&connection, &ctx, namespaced)
        .await?
        .list_document(None)
        .await
}

async fn delete(
    args: CustomArgs,
    connection: Connection,
    ctx: StepContext,
    namespaced: bool,
) -> Result<Value, Error> {
    let objects = args.objects(&connection, &ctx, namespaced).await?;
    let name = args.name()?;
    let object = objects.get(name).await?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_delete": name}));
    }
    objects.delete(name, None).await?;
    Ok(object)
}

async fn patch(
    args: CustomArgs,
    connection: Connection,
    ctx: StepContext,
    namespaced: bool,
) -> Result<Value, Error> {
    let objects = args.objects(&connection, &ctx, namespaced).await?;
    let name = args.name()?;
    let patch = args.resource()?;
    objects.get(name).await?;
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_patch": name}));
    }
    objects.merge(name, &patch).await
}

async fn replace(
    args: CustomArgs,
    connection: Connection,
    ctx: StepContext,
    namespaced: bool,
) -> Result<Value, Error> {
    let objects = args.objects(&connection, &ctx, namespaced).await?;
    let name = args.name()?;
    let mut resource = args.resource()?;
    let current = objects.get(name).await?;
    // A replacement carries the version it replaces.
    if resource["metadata"]["resourceVersion"].is_null() {
        resource["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"].clone();
    }
    if ctx.dry_run() {
        return Ok(json!({"dry_run": true, "would_replace": name}));
    }
    objects.replace(name, resource).await
}

macro_rules! both_scopes {
    ($($verb:ident => $namespaced:ident, $cluster:ident;)*) => {
        $(
            pub(super) async fn $namespaced(args: CustomArgs, connection: Connection, ctx: StepContext) -> Result<Value, Error> {
                $verb(args, connection, ctx, true).await
            }
            pub(super) async fn $cluster(args: CustomArgs, connection: Connection, ctx: StepContext) -> Result<Value, Error> {
                $verb(args, connection, ctx, false).await
            }
        )*
    };
}

both_scopes! {
    create => create_custom_object, create_cluster_custom_object;
    get => get_custom_object, get_cluster_custom_object;
    list => list_custom_objects, list_cluster_custom_objects;
    delete => delete_custom_object, delete_cluster_custom_object;
    patch => patch_custom_object, patch_cluster_custom_object;
    replace => replace_custom_object, replace_cluster_custom_object;
}

/// `apply_from_json` / `apply_from_yaml`: `resource` as text.
#[derive(Debug, Deserialize)]
pub(super) struct ApplyArgs {
    resource: Option<String>,
}

impl ActionArgs for ApplyArgs {
    fn check(&self) -> Result<(), Error> {
        let text = self
            .resource
            .as_deref()
            .ok_or_else(|| Error::invalid_argument("resource", "required"))?;
        let object = parse_spec(text, "resource", "resource")?;
        if !(object["apiVersion"].is_string()
            && object["kind"].is_string()
            && object["metadata"]["name"].is_string())
        {
            return Err(Error::invalid_argument(
                "resource",
                "needs `apiVersion`, `kind` and `metadata.name`",
            ));
        }
        Ok(())
    }
}

/// Creates the object, or replaces it when it exists.
pub(super) async fn apply(
    args: ApplyArgs,
    connection: Connection,
    ctx: StepContext,
) -> Result<Value, Error> {
    let mut object = parse_spec(
        args.resource.as_deref().unwrap_or_default(),
        "resource",
        "resource",
    )?;
    let api_version = object["apiVersion"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let kind = object["kind"].as_str().unwrap_or_default().to_string();
    let (group, version) = api_version.rsplit_once('/').unwrap_or(("", &api_version));
    let gvk = kube::api::GroupVersionKind::gvk(group, version, &kind);
    // The plural and scope as the API server's discovery lists them, as
    // kubectl finds them: a plural guessed from the kind (`networkchaoses`)
    // can miss.
    let client = connection.client(&ctx).await?;
    let (resource, capabilities) = kube::discovery::pinned_kind(&client, &gvk)
        .await
        .map_err(|e| api_error(&format!("finding kind `{kind}` of `{api_version}`"), e))?;
    let namespaced = capabilities.scope == kube::discovery::Scope::Namespaced;
    let ns = object["metadata"]["namespace"]
        .as_str()
        .unwrap_or("default")
        .to_string();
    let objects = Objects::custom(&ctx, &connection, resource, namespaced, &ns).await?;
    let name = name_of(&object);
    let existing = objects.get_opt(&name).await?;
    if ctx.dry_run() {
        let verb = if existing.is_some() {
            "would_replace"
        } else {
            "would_create"
        };
        return Ok(json!({"dry_run": true, verb: name, "kind": kind}));
    }
    match existing {
        Some(current) => {
            object["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"].clone();
            objects.replace(&name, object).await
        }
        None => objects.create(object).await,
    }
}

/// Binds the `k8s` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("create_custom_object", create_custom_object)
        .action("create_cluster_custom_object", create_cluster_custom_object)
        .action("get_custom_object", get_custom_object)
        .action("get_cluster_custom_object", get_cluster_custom_object)
        .action("list_custom_objects", list_custom_objects)
        .action("list_cluster_custom_objects", list_cluster_custom_objects)
        .action("delete_custom_object", delete_custom_object)
        .action("delete_cluster_custom_object", delete_cluster_custom_object)
        .action("patch_custom_object", patch_custom_object)
        .action("patch_cluster_custom_object", patch_cluster_custom_object)
        .action("replace_custom_object", replace_custom_object)
        .action(
            "replace_cluster_custom_object",
            replace_cluster_custom_object,
        )
        .action("apply_from_json", apply)
        .action("apply_from_yaml", apply)
}
