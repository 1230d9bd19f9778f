//! Declarations of every namespace, action and argument kallisti offers.
//!
//! This crate is the single source of truth for action signatures: the
//! runtime registry of `kallisti` validates steps against these declarations,
//! `kallisti actions` prints them, and the `#[chaos_test]` macro checks steps
//! against them at compile time. Its one dependency is `humantime` (for the
//! shared duration grammar), so the proc-macro crate can read it cheaply.
//!
//! ```
//! let probe = kallisti_catalog::find_action("cm.http_probe").unwrap();
//! assert_eq!(probe.kind, kallisti_catalog::ActionKind::Probe);
//! assert!(probe.argument("url").unwrap().required);
//! ```

pub mod aws;
pub mod cf;
pub mod chaostoolkit;
mod check;
pub mod cm;
mod duration;
pub mod istio;
pub mod k8s;
pub mod net;
pub mod process;
pub mod prom;
pub mod step;
mod suggest;
pub mod toxiproxy;

pub use check::{
    check_arguments, check_choices, check_operator, unknown_target_message,
    usual_operator_spelling, ArgumentProblem, ArgumentProblemKind, ValueKind, OPERATORS,
};
pub use duration::{duration_from_seconds, parse_duration};
pub use suggest::{closest, edit_distance};

/// The JSON type an argument takes, named as in the reference catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgType {
    /// A JSON string.
    String,
    /// A whole JSON number.
    Integer,
    /// Any JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A JSON array.
    List,
    /// A JSON object.
    Mapping,
    /// Any JSON value (the catalog's `object`).
    Any,
}

impl ArgType {
    /// The catalog's name of this type (`string`, `integer`, ..., `object`).
    pub const fn name(self) -> &'static str {
        match self {
            ArgType::String => "string",
            ArgType::Integer => "integer",
            ArgType::Number => "number",
            ArgType::Boolean => "boolean",
            ArgType::List => "list",
            ArgType::Mapping => "mapping",
            ArgType::Any => "object",
        }
    }
}

impl std::fmt::Display for ArgType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a step changes the system under test (an action) or only observes it (a probe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionKind {
    /// Injects chaos or otherwise changes state.
    Action,
    /// Reads state; safe to repeat.
    Probe,
}

impl ActionKind {
    /// `action` or `probe`.
    pub const fn name(self) -> &'static str {
        match self {
            ActionKind::Action => "action",
            ActionKind::Probe => "probe",
        }
    }
}

/// One argument of an action, as a step's `where` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgSpec {
    /// The name in `where`.
    pub name: &'static str,
    /// The JSON type it takes.
    pub ty: ArgType,
    /// Whether a step must give it.
    pub required: bool,
    /// The default as JSON text (`"\"GET\""`, `"1"`, `"null"`), if optional.
    pub default: Option<&'static str>,
    /// Other names accepted for it (e.g. the seed's `percent` for `percentage`).
    pub aliases: &'static [&'static str],
    /// Whether its value is a secret that must never be shown.
    pub secret: bool,
    /// Whether a string is accepted too (checked by the action), e.g. a
    /// duration such as `"15s"` where the type is `integer` seconds.
    pub also_string: bool,
    /// One line saying what it is.
    pub doc: &'static str,
    /// The only values a string argument takes (empty: any value of its type).
    pub choices: &'static [&'static str],
}

impl ArgSpec {
    /// A required argument.
    pub const fn required(name: &'static str, ty: ArgType) -> Self {
        ArgSpec {
            name,
            ty,
            required: true,
            default: None,
            aliases: &[],
            secret: false,
            also_string: false,
            doc: "",
            choices: &[],
        }
    }

    /// An optional argument whose default is the JSON text `default`.
    pub const fn optional(name: &'static str, ty: ArgType, default: &'static str) -> Self {
        ArgSpec {
            name,
            ty,
            required: false,
            default: Some(default),
            aliases: &[],
            secret: false,
            also_string: false,
            doc: "",
            choices: &[],
        }
    }

    /// The same argument with a doc line.
    pub const fn doc(mut self, doc: &'static str) -> Self {
        self.doc = doc;
        self
    }

    /// The same argument, also accepted under these names.
    pub const fn aliases(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }

    /// The same argument, also accepting a string (which the action checks).
    pub const fn also_string(mut self) -> Self {
        self.also_string = true;
        self
    }

    /// The same argument, taking only these strings (checked before any
    /// step runs, at compile time too for `#[chaos_test]`).
    pub const fn choices(mut self, choices: &'static [&'static str]) -> Self {
        self.choices = choices;
        self
    }

    /// The same argument, marked as holding a secret.
    pub const fn secret(mut self) -> Self {
        self.secret = true;
        self
    }

    /// Whether `name` is this argument's name or one of its aliases.
    pub fn answers_to(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }
}

/// How an action reports arguments of the wrong type or value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadArgumentReport {
    /// As `InvalidArgument` (the default).
    InvalidArgument,
    /// As `FailedAction`, where the original Kallisti documents that (`cm.wait`).
    FailedAction,
}

/// The signature of one action or probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionSpec {
    /// The name after the namespace (`http_probe`).
    pub name: &'static str,
    /// Action or probe.
    pub kind: ActionKind,
    /// Its own arguments (the namespace's common ones come on top).
    pub args: &'static [ArgSpec],
    /// The JSON type of its result, as the catalog names it, if any.
    pub returns: Option<&'static str>,
    /// How it reports bad arguments.
    pub bad_argument: BadArgumentReport,
    /// What it does, briefly.
    pub doc: &'static str,
    /// The Chaos Toolkit driver module holding the function of the same
    /// name that this action stands in for (`chaosk8s.pod.actions`), if any.
    pub chaostoolkit: Option<&'static str>,
}

impl ActionSpec {
    /// A probe with these arguments.
    pub const fn probe(name: &'static str, args: &'static [ArgSpec]) -> Self {
        ActionSpec {
            name,
            kind: ActionKind::Probe,
            args,
            returns: None,
            bad_argument: BadArgumentReport::InvalidArgument,
            doc: "",
            chaostoolkit: None,
        }
    }

    /// An action with these arguments.
    pub const fn action(name: &'static str, args: &'static [ArgSpec]) -> Self {
        ActionSpec {
            kind: ActionKind::Action,
            ..ActionSpec::probe(name, args)
        }
    }

    /// The same spec with a doc line.
    pub const fn doc(mut self, doc: &'static str) -> Self {
        self.doc = doc;
        self
    }

    /// The same spec with a result type.
    pub const fn returns(mut self, returns: &'static str) -> Self {
        self.returns = Some(returns);
        self
    }

    /// The same spec standing in for the function of its name in the Chaos
    /// Toolkit driver module `module`.
    pub const fn chaostoolkit(mut self, module: &'static str) -> Self {
        self.chaostoolkit = Some(module);
        self
    }

    /// The same spec reporting bad arguments as `report`.
    pub const fn bad_argument(mut self, report: BadArgumentReport) -> Self {
        self.bad_argument = report;
        self
    }

    /// Its own argument called `name` (or aliased so).
    pub fn argument(&self, name: &str) -> Option<&'static ArgSpec> {
        self.args.iter().find(|a| a.answers_to(name))
    }
}

/// A namespace: its name, the arguments every one of its actions takes, and its actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamespaceSpec {
    /// `cm`, `k8s`, ...
    pub name: &'static str,
    /// The cargo feature of `kallisti` that compiles it in.
    pub feature: &'static str,
    /// Arguments every action of the namespace accepts (endpoints, credentials).
    pub common_args: &'static [ArgSpec],
    /// Its actions and probes.
    pub actions: &'static [ActionSpec],
    /// What it covers, briefly.
    pub doc: &'static str,
}

impl NamespaceSpec {
    /// The action called `name`.
    pub fn action(&self, name: &str) -> Option<&'static ActionSpec> {
        self.actions.iter().find(|a| a.name == name)
    }

    /// Every argument `action` accepts: its own, then the namespace's common ones.
    pub fn arguments_of<'a>(
        &'a self,
        action: &'a ActionSpec,
    ) -> impl Iterator<Item = &'static ArgSpec> + 'a {
        action.args.iter().chain(self.common_args.iter())
    }

    /// The argument called `name` (or aliased so) of `action`, its own or common.
    pub fn argument_of(&self, action: &ActionSpec, name: &str) -> Option<&'static ArgSpec> {
        self.arguments_of(action).find(|a| a.answers_to(name))
    }
}

/// The built-in namespaces other than AWS's, whose services are listed in
/// [`aws::SERVICES`].
static OTHERS: &[&NamespaceSpec] = &[
    &cf::CF,
    &chaostoolkit::CHAOSTOOLKIT,
    &cm::CM,
    &istio::ISTIO,
    &k8s::K8S,
    &net::NET,
    &process::PROCESS,
    &prom::PROM,
    &toxiproxy::TOXIPROXY,
];

/// Every built-in namespace, whether or not its feature is enabled in
/// `kallisti`. AWS has one per service (`aws.ec2`); `aws.awslambda` is an
/// alias of `aws.lambda`.
///
/// ```
/// assert!(kallisti_catalog::namespaces().any(|ns| ns.name == "aws.ec2"));
/// assert!(kallisti_catalog::namespaces().any(|ns| ns.name == "k8s"));
/// ```
pub fn namespaces() -> impl Iterator<Item = &'static NamespaceSpec> {
    aws::SERVICES.iter().chain(OTHERS).copied()
}

/// The built-in namespace called `name`.
pub fn namespace(name: &str) -> Option<&'static NamespaceSpec> {
    namespaces().find(|ns| ns.name == name)
}

/// Splits a step's `do` into namespace and action. AWS actions are
/// `aws.<service>.<action>`: the namespace is then `aws.<service>`.
///
/// ```
/// assert_eq!(kallisti_catalog::split_do("cm.wait"), Some(("cm", "wait")));
/// assert_eq!(kallisti_catalog::split_do("aws.ec2.stop_instance"), Some(("aws.ec2", "stop_instance")));
/// assert_eq!(kallisti_catalog::split_do("wait"), None);
/// ```
pub fn split_do(target: &str) -> Option<(&str, &str)> {
    let (namespace, action) = target.rsplit_once('.')?;
    if namespace.is_empty() || action.is_empty() {
        return None;
    }
    Some((namespace, action))
}

/// The built-in action a `do` names, with its namespace.
pub fn find_action(target: &str) -> Option<&'static ActionSpec> {
    let (ns, action) = split_do(target)?;
    namespace(ns)?.action(action)
}

/// Driver modules that re-export functions whose home moved (the Chaos
/// Toolkit finds a python function among everything a module holds, so
/// `chaosk8s.actions.delete_deployment` still names
/// `chaosk8s.deployment.actions`'s).
const CHAOSTOOLKIT_REEXPORTS: &[(&str, &[&str])] = &[
    (
        "chaosk8s.actions",
        &[
            "create_deployment",
            "delete_deployment",
            "scale_deployment",
            "delete_replica_set",
            "delete_service",
        ],
    ),
    (
        "chaosk8s.probes",
        &[
            "deployment_available_and_healthy",
            "deployment_fully_available",
            "deployment_not_fully_available",
            "pod_is_not_available",
            "read_pod_logs",
            "service_is_initialized",
        ],
    ),
];

/// The built-in action standing in for the Chaos Toolkit python function
/// `func` of driver module `module`, with its namespace.
///
/// ```
/// let (ns, action) = kallisti_catalog::find_chaostoolkit("chaosk8s.pod.actions", "terminate_pods").unwrap();
/// assert_eq!((ns.name, action.name), ("k8s", "terminate_pods"));
/// // A legacy path that still re-exports the function.
/// let (ns, action) = kallisti_catalog::find_chaostoolkit("chaosk8s.actions", "delete_deployment").unwrap();
/// assert_eq!((ns.name, action.name), ("k8s", "delete_deployment"));
/// assert!(kallisti_catalog::find_chaostoolkit("os.path", "exists").is_none());
/// ```
pub fn find_chaostoolkit(
    module: &str,
    func: &str,
) -> Option<(&'static NamespaceSpec, &'static ActionSpec)> {
    let home = |a: &ActionSpec, driver: &str| {
        a.name == func
            && a.chaostoolkit
                .is_some_and(|m| m.split('.').next() == Some(driver))
    };
    let direct = namespaces().find_map(|ns| {
        let a = ns
            .actions
            .iter()
            .find(|a| a.name == func && a.chaostoolkit == Some(module))?;
        Some((ns, a))
    });
    direct.or_else(|| {
        let (_, names) = CHAOSTOOLKIT_REEXPORTS.iter().find(|(m, _)| *m == module)?;
        if !names.contains(&func) {
            return None;
        }
        let driver = module.split('.').next()?;
        namespaces().find_map(|ns| {
            let a = ns.actions.iter().find(|a| home(a, driver))?;
            Some((ns, a))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spans of `doc` written between backticks.
    fn backticked(doc: &str) -> impl Iterator<Item = &str> {
        doc.split('`').skip(1).step_by(2)
    }

    /// Whether `name` (`k8s.x`, or `x` in `namespace`) is an action other than `action`.
    fn names_another_action(namespace: &NamespaceSpec, action: &ActionSpec, name: &str) -> bool {
        find_action(name)
            .or_else(|| namespace.action(name))
            .is_some_and(|found| !std::ptr::eq(found, action))
    }

    #[test]
    fn every_argument_has_a_one_line_doc_and_every_deprecation_names_its_replacement() {
        let mut problems = Vec::new();
        for namespace in namespaces() {
            let arguments = namespace
                .common_args
                .iter()
                .map(|arg| (format!("{} (common)", namespace.name), arg))
                .chain(namespace.actions.iter().flat_map(|action| {
                    action
                        .args
                        .iter()
                        .map(move |arg| (format!("{}.{}", namespace.name, action.name), arg))
                }));
            for (owner, arg) in arguments {
                if arg.doc.trim().is_empty() {
                    problems.push(format!("{owner}: argument `{}` has no doc", arg.name));
                }
                if arg.doc.lines().count() > 1 {
                    problems.push(format!("{owner}: the doc of `{}` spans lines", arg.name));
                }
            }
            for action in namespace.actions {
                let target = format!("{}.{}", namespace.name, action.name);
                if action.doc.trim().is_empty() {
                    problems.push(format!("{target} has no doc"));
                }
                if action.doc.lines().count() > 1 {
                    problems.push(format!("{target}: its doc spans lines"));
                }
                if action.doc.starts_with("Deprecated")
                    && !backticked(action.doc)
                        .any(|name| names_another_action(namespace, action, name))
                {
                    problems.push(format!(
                        "{target} is deprecated but its doc names no other action in backticks"
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
