//! One way to reach any kind of object: the dynamic API with the kind's
//! group, version and plural, JSON in and out, pagination followed, errors
//! that say what was asked, and spec files read as JSON or YAML.

use super::client::{api_error, Connection};
use crate::action::StepContext;
use crate::error::Error;
use kube::api::{
    Api, ApiResource, DeleteParams, DynamicObject, ListParams, Patch, PatchParams, PostParams,
};
use serde_json::Value;

/// A kind of object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kind {
    pub(crate) group: &'static str,
    pub(crate) version: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) plural: &'static str,
    pub(crate) namespaced: bool,
}

macro_rules! kinds {
    ($($name:ident = $group:literal $version:literal $kind:literal $plural:literal $namespaced:literal;)*) => {
        $(pub(crate) const $name: Kind = Kind { group: $group, version: $version, kind: $kind, plural: $plural, namespaced: $namespaced };)*
    };
}

kinds! {
    PODS = "" "v1" "Pod" "pods" true;
    SERVICES = "" "v1" "Service" "services" true;
    SECRETS = "" "v1" "Secret" "secrets" true;
    NODES = "" "v1" "Node" "nodes" false;
    NAMESPACES = "" "v1" "Namespace" "namespaces" false;
    DEPLOYMENTS = "apps" "v1" "Deployment" "deployments" true;
    REPLICA_SETS = "apps" "v1" "ReplicaSet" "replicasets" true;
    DAEMON_SETS = "apps" "v1" "DaemonSet" "daemonsets" true;
    STATEFUL_SETS = "apps" "v1" "StatefulSet" "statefulsets" true;
    INGRESSES = "networking.k8s.io" "v1" "Ingress" "ingresses" true;
    NETWORK_POLICIES = "networking.k8s.io" "v1" "NetworkPolicy" "networkpolicies" true;
    NETWORK_CHAOS = "chaos-mesh.org" "v1alpha1" "NetworkChaos" "networkchaos" true;
    STRESS_CHAOS = "chaos-mesh.org" "v1alpha1" "StressChaos" "stresschaos" true;
}

impl Kind {
    /// A custom kind from a step's `group`, `version` and `plural`.
    pub(crate) fn custom(group: &str, version: &str, plural: &str) -> ApiResource {
        ApiResource {
            group: group.into(),
            version: version.into(),
            api_version: if group.is_empty() {
                version.into()
            } else {
                format!("{group}/{version}")
            },
            kind: String::new(),
            plural: plural.into(),
        }
    }

    fn resource(self) -> ApiResource {
        let mut resource = Kind::custom(self.group, self.version, self.plural);
        resource.kind = self.kind.into();
        resource
    }
}

/// Objects of one kind, in one namespace or the cluster.
pub(crate) struct Objects {
    api: Api<DynamicObject>,
    /// `deployments in \`shop\``, for messages.
    what: String,
}

fn to_json(object: DynamicObject) -> Value {
    serde_json::to_value(object).unwrap_or(Value::Null)
}

fn from_json(object: Value) -> Result<DynamicObject, Error> {
    serde_json::from_value(object)
        .map_err(|e| Error::invalid_argument("resource", format!("not a Kubernetes object: {e}")))
}

impl Objects {
    /// Objects of a built-in kind (in `ns` when the kind is namespaced).
    pub(crate) async fn of(
        ctx: &StepContext,
        connection: &Connection,
        kind: Kind,
        ns: &str,
    ) -> Result<Self, Error> {
        let client = connection.client(ctx).await?;
        let resource = kind.resource();
        let (api, what) = if kind.namespaced {
            (
                Api::namespaced_with(client, ns, &resource),
                format!("{} in `{ns}`", kind.plural),
            )
        } else {
            (Api::all_with(client, &resource), kind.plural.to_string())
        };
        Ok(Objects { api, what })
    }

    /// Objects of a namespaced kind in every namespace.
    pub(crate) async fn everywhere(
        ctx: &StepContext,
        connection: &Connection,
        kind: Kind,
    ) -> Result<Self, Error> {
        let client = connection.client(ctx).await?;
        Ok(Objects {
            api: Api::all_with(client, &kind.resource()),
            what: format!("{} of every namespace", kind.plural),
        })
    }

    /// Objects of a custom kind.
    pub(crate) async fn custom(
        ctx: &StepContext,
        connection: &Connection,
        resource: ApiResource,
        namespaced: bool,
        ns: &str,
    ) -> Result<Self, Error> {
        let client = connection.client(ctx).await?;
        let what = if namespaced {
            format!("{} in `{ns}`", resource.plural)
        } else {
            resource.plural.clone()
        };
        let api = if namespaced {
            Api::namespaced_with(client, ns, &resource)
        } else {
            Api::all_with(client, &resource)
        };
        Ok(Objects { api, what })
    }

    pub(crate) fn what(&self) -> &str {
        &self.what
    }

    /// One object.
    pub(crate) async fn get(&self, name: &str) -> Result<Value, Error> {
        self.api
            .get(name)
            .await
            .map(to_json)
            .map_err(|e| api_error(&format!("reading `{name}` ({})", self.what), e))
    }

    /// One object, `None` when it does not exist.
    pub(crate) async fn get_opt(&self, name: &str) -> Result<Option<Value>, Error> {
        self.api
            .get_opt(name)
            .await
            .map(|o| o.map(to_json))
            .map_err(|e| api_error(&format!("reading `{name}` ({})", self.what), e))
    }

    /// Every object matching the selectors, all pages.
    pub(crate) async fn list(
        &self,
        labels: Option<&str>,
        fields: Option<&str>,
    ) -> Result<Vec<Value>, Error> {
        let mut params = ListParams::default().limit(500);
        if let Some(l) = labels {
            params = params.labels(l);
        }
        if let Some(f) = fields {
            params = params.fields(f);
        }
        let mut items = Vec::new();
        loop {
            let page = self
                .api
                .list(&params)
                .await
                .map_err(|e| api_error(&format!("listing {}", self.what), e))?;
            items.extend(page.items.into_iter().map(to_json));
            match page.metadata.continue_.filter(|c| !c.is_empty()) {
                Some(token) => params = params.continue_token(&token),
                None => break,
            }
        }
        Ok(items)
    }

    /// One list call answered as a list document (`kind`, `apiVersion`,
    /// `metadata`, `items`): what probes that return a list itself give.
    pub(crate) async fn list_document(&self, labels: Option<&str>) -> Result<Value, Error> {
        let mut params = ListParams::default();
        if let Some(l) = labels {
            params = params.labels(l);
        }
        let list = self
            .api
            .list(&params)
            .await
            .map_err(|e| api_error(&format!("listing {}", self.what), e))?;
        Ok(serde_json::json!({
            "kind": list.types.kind,
            "apiVersion": list.types.api_version,
            "metadata": serde_json::to_value(&list.metadata).unwrap_or(Value::Null),
            "items": list.items.into_iter().map(to_json).collect::<Vec<_>>(),
        }))
    }

    /// Objects named `name` (a field selector) that also carry
    /// `label_selector`, as the driver's probes select: both narrow one
    /// list, and neither lists everything.
    pub(crate) async fn matching(
        &self,
        name: Option<&str>,
        label_selector: Option<&str>,
    ) -> Result<Vec<Value>, Error> {
        let field = name.map(|n| format!("metadata.name={n}"));
        self.list(label_selector, field.as_deref()).await
    }

    /// Objects named `name`, or matching `label_selector`; an error when
    /// neither is given or nothing matches.
    pub(crate) async fn named_or_selected(
        &self,
        name: Option<&str>,
        label_selector: Option<&str>,
    ) -> Result<Vec<Value>, Error> {
        let found = match (name, label_selector) {
            (Some(name), _) => vec![self.get(name).await?],
            (None, Some(selector)) => self.list(Some(selector), None).await?,
            (None, None) => {
                return Err(Error::invalid_argument(
                    "name",
                    "give `name` or `label_selector`",
                ))
            }
        };
        if found.is_empty() {
            return Err(Error::failed_action(format!(
                "no {} with labels `{}`",
                self.what,
                label_selector.unwrap_or_default()
            )));
        }
        Ok(found)
    }

    pub(crate) async fn create(&self, object: Value) -> Result<Value, Error> {
        let object = from_json(object)?;
        self.api
            .create(&PostParams::default(), &object)
            .await
            .map(to_json)
            .map_err(|e| api_error(&format!("creating in {}", self.what), e))
    }

    pub(crate) async fn replace(&self, name: &str, object: Value) -> Result<Value, Error> {
        let object = from_json(object)?;
        self.api
            .replace(name, &PostParams::default(), &object)
            .await
            .map(to_json)
            .map_err(|e| api_error(&format!("replacing `{name}` ({})", self.what), e))
    }

    pub(crate) async fn merge(&self, name: &str, patch: &Value) -> Result<Value, Error> {
        self.api
            .patch(name, &PatchParams::default(), &Patch::Merge(patch))
            .await
            .map(to_json)
            .map_err(|e| api_error(&format!("patching `{name}` ({})", self.what), e))
    }

    pub(crate) async fn delete(
        &self,
        name: &str,
        grace_period_seconds: Option<u32>,
    ) -> Result<(), Error> {
        let params = DeleteParams {
            grace_period_seconds,
            ..DeleteParams::default()
        };
        self.api
            .delete(name, &params)
            .await
            .map(|_| ())
            .map_err(|e| api_error(&format!("deleting `{name}` ({})", self.what), e))
    }
}

/// The name of an object.
pub(crate) fn name_of(object: &Value) -> String {
    object["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Reads a spec file: JSON, or YAML (first document).
pub(crate) fn read_spec(path: &str, field: &str) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid_argument(field, format!("cannot read `{path}`: {e}")))?;
    parse_spec(&text, path, field)
}

/// Parses JSON or YAML text into an object.
pub(crate) fn parse_spec(text: &str, source: &str, field: &str) -> Result<Value, Error> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(_) => serde_saphyr::from_str(text).map_err(|e| {
            Error::invalid_argument(field, format!("`{source}` is neither JSON nor YAML: {e}"))
        })?,
    };
    if !value.is_object() {
        return Err(Error::invalid_argument(
            field,
            format!("`{source}` does not hold an object"),
        ));
    }
    Ok(value)
}
