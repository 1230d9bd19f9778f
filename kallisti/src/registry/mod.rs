//! The registry: namespaces, their typed actions, and credential types.
//!
//! Built-in namespaces are registered the same way a user's are: a
//! [`NamespaceSpec`] declares the signatures, an [`ActionSet`] binds each
//! declared action to a small typed async function.
//!
//! ```
//! use kallisti::registry::{ActionArgs, ActionSet, Registry};
//! use kallisti::catalog::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};
//! use kallisti::StepContext;
//! use serde_json::{json, Value};
//!
//! static SHOP: NamespaceSpec = NamespaceSpec {
//!     name: "shop",
//!     feature: "",
//!     common_args: &[],
//!     actions: &[ActionSpec::probe("stock", &[ArgSpec::required("sku", ArgType::String)])],
//!     doc: "Our shop's own probes.",
//! };
//!
//! #[derive(serde::Deserialize)]
//! struct StockArgs { sku: String }
//! impl ActionArgs for StockArgs {}
//!
//! async fn stock(args: StockArgs, ctx: StepContext) -> kallisti::Result<Value> {
//!     ctx.log(format!("looking up {}", args.sku));
//!     Ok(json!({"sku": args.sku, "in_stock": 3}))
//! }
//!
//! let mut registry = Registry::with_builtins();
//! registry.register(ActionSet::new(&SHOP).action("stock", stock));
//! assert!(registry.namespace("shop").is_some());
//! ```

mod plan;

pub use plan::{Plan, PlannedStep};

// The action types live in `crate::action`; they are re-exported here
// because a registry is where users meet them.
pub use crate::action::{ActionArgs, ActionFuture, ActionSet, Namespace};

use crate::credential::{CredentialType, CredentialTypes};
use crate::error::Error;
use kallisti_catalog::ActionSpec;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Namespaces and credential types. Cheap to clone (shared inside).
#[derive(Clone, Default)]
pub struct Registry {
    namespaces: BTreeMap<String, Arc<dyn Namespace>>,
    credential_types: CredentialTypes,
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("namespaces", &self.namespaces.keys().collect::<Vec<_>>())
            .field("credential_types", &self.credential_types)
            .finish()
    }
}

impl Registry {
    /// A registry with no namespace and the built-in credential types.
    pub fn empty() -> Self {
        Registry {
            namespaces: BTreeMap::new(),
            credential_types: CredentialTypes::with_builtins(),
        }
    }

    /// Every namespace compiled in (by cargo feature) and the built-in credential types.
    pub fn with_builtins() -> Self {
        let mut registry = Registry::empty();
        let mut sets = Vec::new();
        crate::modules::builtins(&mut sets);
        for set in sets {
            registry.register(set);
        }
        registry
    }

    /// Adds (or replaces) a namespace.
    pub fn register(&mut self, namespace: impl Namespace) -> &mut Self {
        self.namespaces
            .insert(namespace.spec().name.to_string(), Arc::new(namespace));
        self
    }

    /// Adds (or replaces) a credential type.
    pub fn register_credential_type(
        &mut self,
        credential_type: impl CredentialType + 'static,
    ) -> &mut Self {
        self.credential_types.register(credential_type);
        self
    }

    /// The credential types.
    pub fn credential_types(&self) -> &CredentialTypes {
        &self.credential_types
    }

    /// The namespace called `name`.
    pub fn namespace(&self, name: &str) -> Option<&Arc<dyn Namespace>> {
        self.namespaces.get(name)
    }

    /// Every namespace, by name.
    pub fn namespaces(&self) -> impl Iterator<Item = &Arc<dyn Namespace>> {
        self.namespaces.values()
    }

    /// Resolves a `do` to its namespace and action declaration.
    pub fn resolve(
        &self,
        target: &str,
    ) -> Result<(&Arc<dyn Namespace>, &'static ActionSpec), Error> {
        let (ns_name, action_name) =
            kallisti_catalog::split_do(target).ok_or_else(|| Error::InvalidExperiment {
                message: format!("`{target}` has no namespace: write `namespace.action`"),
            })?;
        let Some(namespace) = self.namespaces.get(ns_name) else {
            let hint = if let Some(builtin) = kallisti_catalog::namespace(ns_name) {
                if crate::modules::compiled_in(builtin.feature) {
                    "; it is built in but this registry does not have it: start from `Registry::with_builtins()`".to_string()
                } else {
                    format!(
                        "; it is built in but not compiled in: enable the `{}` feature of kallisti",
                        builtin.feature
                    )
                }
            } else {
                kallisti_catalog::closest(ns_name, self.namespaces.keys().map(String::as_str))
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default()
            };
            return Err(Error::UnknownModuleName {
                namespace: ns_name.to_string(),
                hint,
            });
        };
        let spec = namespace.spec();
        let action = spec.actions.iter().find(|a| a.name == action_name);
        match action {
            Some(action) => Ok((namespace, action)),
            None => {
                let hint =
                    kallisti_catalog::closest(action_name, spec.actions.iter().map(|a| a.name))
                        .map(|c| format!("; did you mean `{c}`?"))
                        .unwrap_or_default();
                Err(Error::CouldNotFindFunction {
                    namespace: ns_name.to_string(),
                    action: action_name.to_string(),
                    hint,
                })
            }
        }
    }
}

/// One entry of the catalog a registry offers (what `kallisti actions --json` prints).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogEntry {
    /// `namespace.action`.
    #[serde(rename = "do")]
    pub target: String,
    /// `action` or `probe`.
    pub kind: &'static str,
    /// Every argument, the action's own then the namespace's.
    pub arguments: Vec<CatalogArgument>,
    /// The result's JSON type, if any.
    pub returns: Option<&'static str>,
    /// What it does.
    pub doc: &'static str,
}

/// One argument of a [`CatalogEntry`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogArgument {
    /// Its name.
    pub name: &'static str,
    /// Its JSON type (`string`, `integer`, `number`, `boolean`, `list`, `mapping`, `object`).
    #[serde(rename = "type")]
    pub ty: &'static str,
    /// Whether a step must give it.
    pub required: bool,
    /// Its default, for optional arguments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Other names it is accepted under.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub aliases: &'static [&'static str],
    /// What it is.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub doc: &'static str,
    /// The only strings it takes, when it has choices.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub choices: &'static [&'static str],
}

impl Registry {
    /// The catalog of every registered action, from the same declarations the
    /// registry checks steps against.
    pub fn catalog(&self) -> Vec<CatalogEntry> {
        let mut entries = Vec::new();
        for namespace in self.namespaces.values() {
            let spec = namespace.spec();
            for action in spec.actions {
                entries.push(CatalogEntry {
                    target: format!("{}.{}", spec.name, action.name),
                    kind: action.kind.name(),
                    arguments: spec
                        .arguments_of(action)
                        .map(|a| CatalogArgument {
                            name: a.name,
                            ty: a.ty.name(),
                            required: a.required,
                            default: (!a.required).then(|| {
                                a.default
                                    .and_then(|d| serde_json::from_str(d).ok())
                                    .unwrap_or(Value::Null)
                            }),
                            aliases: a.aliases,
                            doc: a.doc,
                            choices: a.choices,
                        })
                        .collect(),
                    returns: action.returns,
                    doc: action.doc,
                });
            }
        }
        entries
    }
}
