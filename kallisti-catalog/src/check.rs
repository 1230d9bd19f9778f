//! Checks shared by the runtime registry and the `#[chaos_test]` macro:
//! argument names, presence and literal types, and expectation operators.
//!
//! Both layers describe the values they hold as [`ValueKind`]s (the runtime
//! from JSON values, the macro from literal tokens), so the rules and their
//! messages are written once.
//!
//! ```
//! use kallisti_catalog::{check_arguments, namespace, ValueKind};
//!
//! let cm = namespace("cm").unwrap();
//! let probe = cm.action("http_probe").unwrap();
//! let problems = check_arguments(cm, probe, [("urll", Some(ValueKind::String))], false);
//! assert_eq!(problems[0].argument, "urll");
//! assert!(problems[0].message.contains("did you mean `url`?"));
//! ```

use crate::{closest, ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// Every expectation operator, by name.
pub const OPERATORS: [&str; 7] = ["eq", "ne", "lt", "le", "gt", "ge", "regex"];

/// The operator other tools spell `name` (`>=`, `gte`, `equals`, ...).
pub fn usual_operator_spelling(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "==" | "=" | "equals" | "equal" | "is" => "eq",
        "!=" | "<>" | "not" | "neq" => "ne",
        "<" => "lt",
        "<=" | "=<" | "lte" => "le",
        ">" => "gt",
        ">=" | "=>" | "gte" => "ge",
        "~" | "=~" | "match" | "matches" => "regex",
        _ => return None,
    })
}

/// `None` when `name` is an operator; otherwise what is wrong, with a
/// suggestion when one is close.
pub fn check_operator(name: &str) -> Option<String> {
    if OPERATORS.contains(&name) {
        return None;
    }
    let hint = usual_operator_spelling(name)
        .or_else(|| closest(name, OPERATORS))
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    Some(format!(
        "unknown operator `{name}` (one of {}){hint}",
        OPERATORS.join(", ")
    ))
}

/// What kind of value an argument holds, as far as it is known before running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// A whole number.
    Integer,
    /// A number with a fraction or exponent.
    Number,
    /// Text.
    String,
    /// A list.
    List,
    /// A mapping.
    Mapping,
}

impl ValueKind {
    /// Its name in messages (`integer`, `string`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            ValueKind::Null => "null",
            ValueKind::Boolean => "boolean",
            ValueKind::Integer => "integer",
            ValueKind::Number => "number",
            ValueKind::String => "string",
            ValueKind::List => "list",
            ValueKind::Mapping => "mapping",
        }
    }
}

impl ArgSpec {
    /// Whether a value of `kind` is acceptable for this argument.
    pub fn accepts(&self, kind: ValueKind) -> bool {
        let by_type = match self.ty {
            ArgType::String => kind == ValueKind::String,
            ArgType::Integer => kind == ValueKind::Integer,
            ArgType::Number => matches!(kind, ValueKind::Integer | ValueKind::Number),
            ArgType::Boolean => kind == ValueKind::Boolean,
            ArgType::List => kind == ValueKind::List,
            ArgType::Mapping => kind == ValueKind::Mapping,
            ArgType::Any => true,
        };
        by_type || (self.also_string && kind == ValueKind::String)
    }

    /// What the argument takes, in words (`a string`, `an integer`).
    pub fn describe(&self) -> String {
        match self.ty {
            ArgType::Integer => "an integer".into(),
            ArgType::Any => "any JSON value".into(),
            ty => format!("a {}", ty.name()),
        }
    }
}

/// What is wrong with one argument of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentProblemKind {
    /// The action takes no argument of that name.
    Unknown,
    /// A required argument is absent.
    Missing,
    /// The value's kind is not what the argument takes.
    WrongType,
    /// The argument is given under its name and an alias.
    Twice,
    /// A string that is not one of the argument's choices.
    NotAChoice,
}

/// A problem with one argument: which one, what kind, and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgumentProblem {
    /// The argument as written (the canonical name when missing).
    pub argument: String,
    /// What kind of problem.
    pub kind: ArgumentProblemKind,
    /// What is wrong, with a "did you mean" where one is close.
    pub message: String,
}

/// Checks the arguments a step gives against the declarations of `action`:
/// unknown names (with suggestions), required ones missing, kinds not
/// accepted, and names given twice. A kind of `None` is a value known only at
/// run time and is not type-checked; with `names_only`, only names are checked
/// (for arguments whose values are not known yet).
pub fn check_arguments<'a>(
    namespace: &NamespaceSpec,
    action: &ActionSpec,
    given: impl IntoIterator<Item = (&'a str, Option<ValueKind>)>,
    names_only: bool,
) -> Vec<ArgumentProblem> {
    let mut problems = Vec::new();
    let mut seen: Vec<&'static str> = Vec::new();
    let mut written: Vec<&'a str> = Vec::new();
    for (name, kind) in given {
        written.push(name);
        let Some(arg) = namespace.argument_of(action, name) else {
            let known: Vec<&str> = namespace.arguments_of(action).map(|a| a.name).collect();
            let hint = closest(name, known.iter().copied())
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            problems.push(ArgumentProblem {
                argument: name.to_string(),
                kind: ArgumentProblemKind::Unknown,
                message: format!(
                    "unknown argument of `{}.{}` (it takes {}){hint}",
                    namespace.name,
                    action.name,
                    known.join(", ")
                ),
            });
            continue;
        };
        if names_only {
            continue;
        }
        if seen.contains(&arg.name) {
            problems.push(ArgumentProblem {
                argument: name.to_string(),
                kind: ArgumentProblemKind::Twice,
                message: format!("given twice (as `{}` and an alias)", arg.name),
            });
            continue;
        }
        seen.push(arg.name);
        match kind {
            Some(ValueKind::Null) if !arg.required => {}
            Some(kind) if !arg.accepts(kind) => problems.push(ArgumentProblem {
                argument: name.to_string(),
                kind: ArgumentProblemKind::WrongType,
                message: format!("must be {}, not {}", arg.describe(), kind.name()),
            }),
            _ => {}
        }
    }
    if !names_only {
        for arg in namespace.arguments_of(action) {
            if arg.required && !written.iter().any(|w| arg.answers_to(w)) {
                problems.push(ArgumentProblem {
                    argument: arg.name.to_string(),
                    kind: ArgumentProblemKind::Missing,
                    message: format!(
                        "missing: `{}.{}` requires it ({})",
                        namespace.name,
                        action.name,
                        arg.describe()
                    ),
                });
            }
        }
    }
    problems
}

/// Checks the string values a step gives against their arguments' choices
/// (arguments without choices, and unknown names, are left to
/// [`check_arguments`]). Each refusal lists the choices and suggests the
/// closest.
///
/// ```
/// let ns = kallisti_catalog::namespace("k8s").unwrap();
/// let action = ns.action("terminate_pods").unwrap();
/// let problems = kallisti_catalog::check_choices(ns, action, [("order", "oldst")]);
/// assert!(problems[0].message.contains("did you mean `oldest`?"));
/// ```
pub fn check_choices<'a>(
    namespace: &NamespaceSpec,
    action: &ActionSpec,
    given: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<ArgumentProblem> {
    let mut problems = Vec::new();
    for (name, value) in given {
        let Some(arg) = namespace.argument_of(action, name) else {
            continue;
        };
        if arg.choices.is_empty() || arg.choices.contains(&value) {
            continue;
        }
        let hint = closest(value, arg.choices.iter().copied())
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        problems.push(ArgumentProblem {
            argument: name.to_string(),
            kind: ArgumentProblemKind::NotAChoice,
            message: format!(
                "`{value}` is not one of {}{hint}",
                arg.choices
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    problems
}

/// Why a `do` names no known action: an unknown namespace or action, with a
/// suggestion among `namespaces` (the names the caller knows) when one is close.
pub fn unknown_target_message<'a>(
    target: &str,
    namespaces: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let Some((ns, action)) = crate::split_do(target) else {
        return Some(format!(
            "`{target}` has no namespace: write `namespace.action`"
        ));
    };
    match crate::namespace(ns) {
        None => {
            let hint = closest(ns, namespaces)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            Some(format!("unknown namespace `{ns}`{hint}"))
        }
        Some(spec) if spec.action(action).is_none() => {
            let hint = closest(action, spec.actions.iter().map(|a| a.name))
                .map(|c| format!("; did you mean `{ns}.{c}`?"))
                .unwrap_or_default();
            Some(format!("`{ns}` has no action `{action}`{hint}"))
        }
        Some(_) => None,
    }
}
