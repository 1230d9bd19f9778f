//! Typed actions: the [`Namespace`] trait and [`ActionSet`], which binds
//! each declared action to an async function of its decoded arguments.

use super::StepContext;
use crate::error::Error;
use futures_util::future::BoxFuture;
use kallisti_catalog::NamespaceSpec;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
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
    pub fn action<A, F, Fut, O>(self, name: &'static str, function: F) -> Self
    where
        A: ActionArgs,
        F: Fn(A, StepContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, Error>> + Send + 'static,
        O: Serialize + Send + 'static,
    {
        let function = Arc::new(function);
        let run: Runner = Arc::new(move |arguments, ctx| {
            let function = Arc::clone(&function);
            Box::pin(async move {
                let args: A = decode(arguments)?;
                into_json(function(args, ctx).await?)
            })
        });
        let check: Checker = |arguments| decode::<A>(arguments.clone())?.check();
        self.bind::<A>(name, run, check)
    }

    /// Turns this set into one whose actions also receive the namespace's
    /// common arguments (its spec's `common_args`) decoded as `C`: checked
    /// once per step, before anything runs, then handed to the action.
    ///
    /// ```
    /// use kallisti::action::{ActionArgs, ActionSet, StepContext};
    /// use kallisti::catalog::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};
    ///
    /// static SHOP: NamespaceSpec = NamespaceSpec {
    ///     name: "shop",
    ///     feature: "",
    ///     common_args: &[ArgSpec::optional("region", ArgType::String, "\"eu\"")],
    ///     actions: &[ActionSpec::probe("stock", &[ArgSpec::required("sku", ArgType::String)])],
    ///     doc: "Our shop's own probes.",
    /// };
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Region { region: String }
    /// impl ActionArgs for Region {}
    ///
    /// #[derive(serde::Deserialize)]
    /// struct StockArgs { sku: String }
    /// impl ActionArgs for StockArgs {}
    ///
    /// async fn stock(args: StockArgs, at: Region, _ctx: StepContext) -> kallisti::Result<String> {
    ///     Ok(format!("{} in {}", args.sku, at.region))
    /// }
    ///
    /// let set: ActionSet = ActionSet::new(&SHOP).with_common::<Region>().action("stock", stock).into();
    /// assert!(set.unbound().is_empty());
    /// ```
    pub fn with_common<C: ActionArgs>(self) -> ActionSetWithCommon<C> {
        ActionSetWithCommon {
            set: self,
            common: PhantomData,
        }
    }

    fn bind<A: ActionArgs>(mut self, name: &'static str, run: Runner, check: Checker) -> Self {
        assert!(
            self.spec.action(name).is_some(),
            "`{}.{name}` is bound but not declared in its NamespaceSpec",
            self.spec.name
        );
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

/// An [`ActionSet`] whose actions take the namespace's common arguments
/// as a second, typed parameter; made by [`ActionSet::with_common`].
pub struct ActionSetWithCommon<C> {
    set: ActionSet,
    common: PhantomData<fn() -> C>,
}

impl<C: ActionArgs> ActionSetWithCommon<C> {
    /// Binds the declared action `name` to `function`, which receives its
    /// own arguments, the common ones and the step's context.
    ///
    /// # Panics
    /// When `name` is not declared in the namespace's spec.
    pub fn action<A, F, Fut, O>(self, name: &'static str, function: F) -> Self
    where
        A: ActionArgs,
        F: Fn(A, C, StepContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, Error>> + Send + 'static,
        O: Serialize + Send + 'static,
    {
        let function = Arc::new(function);
        let run: Runner = Arc::new(move |arguments, ctx| {
            let function = Arc::clone(&function);
            Box::pin(async move {
                let common: C = decode(arguments.clone())?;
                let args: A = decode(arguments)?;
                into_json(function(args, common, ctx).await?)
            })
        });
        let check: Checker = |arguments| {
            decode::<C>(arguments.clone())?.check()?;
            decode::<A>(arguments.clone())?.check()
        };
        ActionSetWithCommon {
            set: self.set.bind::<A>(name, run, check),
            common: PhantomData,
        }
    }

    /// Declared actions with no function bound (empty when complete).
    pub fn unbound(&self) -> Vec<&'static str> {
        self.set.unbound()
    }
}

impl<C> From<ActionSetWithCommon<C>> for ActionSet {
    fn from(set: ActionSetWithCommon<C>) -> Self {
        set.set
    }
}

/// An action's output as JSON. Most actions already return JSON: it is
/// taken as is rather than copied through the serializer.
fn into_json<O: Serialize + Send + 'static>(output: O) -> Result<Value, Error> {
    let output: Box<dyn std::any::Any + Send> = Box::new(output);
    match output.downcast::<Value>() {
        Ok(value) => Ok(*value),
        Err(other) => {
            let output = other.downcast::<O>().expect("the action's own output type");
            serde_json::to_value(*output)
                .map_err(|e| Error::failed_action_from(format!("result is not JSON: {e}"), e))
        }
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
