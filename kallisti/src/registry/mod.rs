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

pub(crate) use plan::child_path;
pub use plan::{Plan, PlannedStep};

use crate::credential::{CredentialType, CredentialTypes};
use crate::error::Error;
use crate::trial::StepContext;
use futures_util::future::BoxFuture;
use kallisti_catalog::{ActionSpec, NamespaceSpec};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::future::Future;
use std::sync::Arc;

/// What an action's future yields: its JSON result or an error.
pub type ActionFuture = BoxFuture<'static, Result<Value, Error>>;

/// A namespace of actions. Implement it directly, or build one with [`ActionSet`].
pub trait Namespace: Send + Sync + 'static {
    /// The declarations: name, common arguments, actions and their arguments
    /// (usually a `static`, so records and the catalog can borrow them freely).
    fn spec(&self) -> &'static NamespaceSpec;

    /// Checks one step's arguments beyond their declared types, before
    /// anything runs. `arguments` are interpolated, with defaults filled in.
    fn check(&self, _action: &str, _arguments: &Map<String, Value>) -> Result<(), Error> {
        Ok(())
    }

    /// The secrets one step's checked arguments hold beyond those their
    /// declarations mark (a value that is secret only in some cases). They
    /// are hidden from the step's shown arguments and every output from the
    /// start of the trial.
    fn secrets(&self, _action: &str, _arguments: &Map<String, Value>) -> Vec<String> {
        Vec::new()
    }

    /// Runs `action` with its checked arguments.
    fn call(&self, action: &str, arguments: Map<String, Value>, ctx: StepContext) -> ActionFuture;
}

/// The arguments struct of a typed action. `check` adds value checks to the
/// type checks the declarations already give (both run before any step).
pub trait ActionArgs: DeserializeOwned + Send + 'static {
    /// Checks the values; the error should name the argument.
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }

    /// Values of these arguments that are secret in this case only (an SSM
    /// parameter's value when its type is `SecureString`); see
    /// [`Namespace::secrets`].
    fn secrets(&self) -> Vec<String> {
        Vec::new()
    }
}

type Runner = Arc<dyn Fn(Map<String, Value>, StepContext) -> ActionFuture + Send + Sync>;
type Checker = fn(&Map<String, Value>) -> Result<(), Error>;
type SecretFinder = fn(&Map<String, Value>) -> Vec<String>;

struct TypedAction {
    run: Runner,
    check: Checker,
    secrets: SecretFinder,
}

/// A [`Namespace`] made of typed async functions, one per declared action.
pub struct ActionSet {
    spec: &'static NamespaceSpec,
    actions: HashMap<&'static str, TypedAction>,
}

impl fmt::Debug for ActionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActionSet")
            .field("namespace", &self.spec.name)
            .field("actions", &self.actions.keys().collect::<Vec<_>>())
            .finish()
    }
}

fn decode<A: DeserializeOwned>(arguments: Map<String, Value>) -> Result<A, Error> {
    A::deserialize(Value::Object(arguments)).map_err(|e| {
        // serde names the field in its message ("invalid type: ..., expected ..").
        Error::invalid_argument("where", e.to_string())
    })
}

impl ActionSet {
    /// An empty set for the namespace `spec` declares.
    pub fn new(spec: &'static NamespaceSpec) -> Self {
        ActionSet {
            spec,
            actions: HashMap::new(),
        }
    }

    /// Binds the declared action `name` to `function`.
    ///
    /// # Panics
    /// When `name` is not declared in the namespace's spec: declarations and
    /// implementations must not drift apart.
    pub fn action<A, F, Fut, O>(mut self, name: &'static str, function: F) -> Self
    where
        A: ActionArgs,
        F: Fn(A, StepContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, Error>> + Send + 'static,
        O: Serialize + Send + 'static,
    {
        assert!(
            self.spec.action(name).is_some(),
            "`{}.{name}` is bound but not declared in its NamespaceSpec",
            self.spec.name
        );
        let function = Arc::new(function);
        let run: Runner = Arc::new(move |arguments, ctx| {
            let function = Arc::clone(&function);
            Box::pin(async move {
                let args: A = decode(arguments)?;
                let output = function(args, ctx).await?;
                // Most actions already return JSON: take it as is rather
                // than copying it through the serializer.
                let output: Box<dyn std::any::Any + Send> = Box::new(output);
                match output.downcast::<Value>() {
                    Ok(value) => Ok(*value),
                    Err(other) => {
                        let output = other.downcast::<O>().expect("the action's own output type");
                        serde_json::to_value(*output)
                            .map_err(|e| Error::failed_action(format!("result is not JSON: {e}")))
                    }
                }
            })
        });
        let check: Checker = |arguments| decode::<A>(arguments.clone())?.check();
        let secrets: SecretFinder = |arguments| {
            decode::<A>(arguments.clone())
                .map(|args| args.secrets())
                .unwrap_or_default()
        };
        self.actions.insert(
            name,
            TypedAction {
                run,
                check,
                secrets,
            },
        );
        self
    }

    /// Declared actions with no function bound (empty when complete).
    pub fn unbound(&self) -> Vec<&'static str> {
        self.spec
            .actions
            .iter()
            .map(|a| a.name)
            .filter(|n| !self.actions.contains_key(n))
            .collect()
    }
}

impl Namespace for ActionSet {
    fn spec(&self) -> &'static NamespaceSpec {
        self.spec
    }

    fn check(&self, action: &str, arguments: &Map<String, Value>) -> Result<(), Error> {
        match self.actions.get(action) {
            Some(typed) => (typed.check)(arguments),
            // Refused before anything runs rather than failing mid-trial.
            None => Err(Error::CouldNotFindFunction {
                namespace: self.spec.name.to_string(),
                action: action.to_string(),
                hint: "; it is declared but not implemented in this version of kallisti".into(),
            }),
        }
    }

    fn secrets(&self, action: &str, arguments: &Map<String, Value>) -> Vec<String> {
        self.actions
            .get(action)
            .map(|typed| (typed.secrets)(arguments))
            .unwrap_or_default()
    }

    fn call(&self, action: &str, arguments: Map<String, Value>, ctx: StepContext) -> ActionFuture {
        match self.actions.get(action) {
            Some(typed) => (typed.run)(arguments, ctx),
            None => {
                let message = format!(
                    "`{}.{action}` is declared but has no implementation",
                    self.spec.name
                );
                Box::pin(async move { Err(Error::failed_action(message)) })
            }
        }
    }
}

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
        crate::modules::register_builtins(&mut registry);
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
