//! Compile-time checks of steps against the catalog, the declarations the
//! runtime registry is built from. Every problem is reported, each spanned
//! on the token at fault.

use crate::json::{Json, Key};
use kallisti_catalog::{ArgumentProblemKind, ValueKind};
use proc_macro2::Span;
use syn::Ident;

use kallisti_catalog::step::{
    combination_problems, retry_not_an_object, retry_without_within, times_problem,
    unknown_retry_key, unknown_step_key, StepKeys,
};

/// Collects errors so that all are reported at once.
#[derive(Default)]
pub struct Errors {
    error: Option<syn::Error>,
}

impl Errors {
    pub fn push(&mut self, span: Span, message: impl std::fmt::Display) {
        let error = syn::Error::new(span, message);
        match &mut self.error {
            Some(all) => all.combine(error),
            None => self.error = Some(error),
        }
    }

    pub fn into_result(self) -> syn::Result<()> {
        self.error.map_or(Ok(()), Err)
    }
}

fn hint<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    kallisti_catalog::closest(name, known)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

/// The kind of a value as far as it is known at compile time: expressions,
/// and strings with a `{{ template }}` (which may become any type), are not.
fn kind_of(value: &Json) -> Option<ValueKind> {
    match value {
        Json::Null(_) => Some(ValueKind::Null),
        Json::Bool(..) => Some(ValueKind::Boolean),
        Json::Number(_, true, _) => Some(ValueKind::Integer),
        Json::Number(_, false, _) => Some(ValueKind::Number),
        Json::Str(s, _) if s.contains("{{") => None,
        Json::Str(..) => Some(ValueKind::String),
        Json::List(..) => Some(ValueKind::List),
        Json::Object(..) => Some(ValueKind::Mapping),
        Json::Expr(_) => None,
    }
}

/// Checks one step. `label` names it in messages (`pre[0]`, `steps[2]`);
/// `custom` lists the user's namespaces, checked only at run time.
pub fn step(step: &Json, label: &str, during: bool, custom: &[Ident], errors: &mut Errors) {
    let Json::Object(entries, brace) = step else {
        if !matches!(step, Json::Expr(_)) {
            errors.push(
                step.span(),
                format!("{label}: a step is an object: {{\"step\": NAME, \"do\": \"namespace.action\", \"where\": {{...}}}}"),
            );
        }
        return;
    };
    let name = step
        .get("step")
        .and_then(|(_, v)| v.as_str())
        .map(|n| format!("{label} ({n:?})"))
        .unwrap_or_else(|| label.to_string());
    for (key, value) in entries {
        if let Some(message) = unknown_step_key(&key.name) {
            errors.push(key.span, format!("{name}: {message}"));
        }
        match key.name.as_str() {
            "step" if !matches!(value, Json::Str(..) | Json::Expr(_)) => {
                errors.push(value.span(), format!("{name}: `step` must be a string"))
            }
            "timeout" | "every" => duration(value, &name, &key.name, errors),
            "times" => times(value, &name, errors),
            "expect" | "aggregate" => expectations(value, &name, &key.name, errors),
            "retry" => retry(value, &name, errors),
            _ => {}
        }
    }
    combinations(step, &name, during, errors);
    let Some((do_key, target)) = step.get("do") else {
        errors.push(
            *brace,
            format!("{name}: missing `do` (\"namespace.action\")"),
        );
        return;
    };
    let arguments = step.get("where");
    if let Some((_, args)) = arguments {
        if !matches!(args, Json::Object(..) | Json::Expr(_)) {
            errors.push(
                args.span(),
                format!("{name}: `where` must be an object of arguments"),
            );
        }
    }
    let Some(target_text) = target.as_str() else {
        if !matches!(target, Json::Expr(_)) {
            errors.push(
                target.span(),
                format!("{name}: `do` must be a string such as \"cm.http_probe\""),
            );
        }
        return;
    };
    let _ = do_key;
    let Some((ns_name, action_name)) = kallisti_catalog::split_do(target_text) else {
        errors.push(
            target.span(),
            format!("{name}: `{target_text}` has no namespace: write `namespace.action`"),
        );
        return;
    };
    if custom.iter().any(|c| c == ns_name) {
        return;
    }
    let Some(ns) = kallisti_catalog::namespace(ns_name) else {
        let known: Vec<String> = kallisti_catalog::namespaces()
            .map(|n| n.name.to_string())
            .chain(custom.iter().map(|c| c.to_string()))
            .collect();
        errors.push(
            target.span(),
            format!(
                "{name}: unknown namespace `{ns_name}`{} (a namespace of your own? list it in `namespaces(...)` and pass `registry = ...`)",
                hint(ns_name, known.iter().map(String::as_str))
            ),
        );
        return;
    };
    let Some(action) = ns.action(action_name) else {
        let suggestion = kallisti_catalog::closest(action_name, ns.actions.iter().map(|a| a.name))
            .map(|c| format!("; did you mean `{ns_name}.{c}`?"))
            .unwrap_or_default();
        errors.push(
            target.span(),
            format!("{name}: `{ns_name}` has no action `{action_name}`{suggestion}"),
        );
        return;
    };
    let entries: &[(Key, Json)] = match arguments {
        Some((_, Json::Object(entries, _))) => entries,
        Some(_) => return,
        None => &[],
    };
    let mut problems = kallisti_catalog::check_arguments(
        ns,
        action,
        entries.iter().map(|(k, v)| (k.name.as_str(), kind_of(v))),
        false,
    );
    // A string with a template may become any choice; only literals are checked.
    let literals = entries.iter().filter_map(|(k, v)| match v {
        Json::Str(text, _) if !text.contains("{{") => Some((k.name.as_str(), text.as_str())),
        _ => None,
    });
    problems.extend(kallisti_catalog::check_choices(ns, action, literals));
    for problem in problems {
        let entry = entries.iter().find(|(k, _)| k.name == problem.argument);
        let span = match (&problem.kind, entry) {
            (
                ArgumentProblemKind::WrongType | ArgumentProblemKind::NotAChoice,
                Some((_, value)),
            ) => value.span(),
            (_, Some((key, _))) => key.span,
            (_, None) => arguments.map_or(target.span(), |(key, _)| key.span),
        };
        errors.push(
            span,
            format!(
                "{name}: argument `{}`: {}",
                problem.argument, problem.message
            ),
        );
    }
}

/// A duration written as a string or a number of seconds, read with the
/// runtime's grammar; a Rust expression is checked when the test runs.
fn duration(value: &Json, name: &str, key: &str, errors: &mut Errors) {
    let parsed = match value {
        Json::Expr(_) => return,
        Json::Str(text, _) => kallisti_catalog::parse_duration(text),
        Json::Number(number, _, _) => number
            .parse::<f64>()
            .map_err(|e| e.to_string())
            .and_then(kallisti_catalog::duration_from_seconds),
        _ => Err("a duration is a string such as \"500ms\" or a number of seconds".into()),
    };
    if let Err(message) = parsed {
        errors.push(value.span(), format!("{name}: `{key}`: {message}"));
    }
}

fn retry(value: &Json, name: &str, errors: &mut Errors) {
    let Json::Object(entries, brace) = value else {
        if !matches!(value, Json::Expr(_)) {
            errors.push(
                value.span(),
                format!("{name}: {}", retry_not_an_object().sentence()),
            );
        }
        return;
    };
    for (key, value) in entries {
        if let Some(message) = unknown_retry_key(&key.name) {
            errors.push(key.span, format!("{name}: {message}"));
        } else if key.name != "since" {
            duration(value, name, &format!("retry.{}", key.name), errors);
        }
    }
    if value.get("within").is_none() {
        errors.push(
            *brace,
            format!("{name}: {}", retry_without_within().sentence()),
        );
    }
}

/// `times` given as a literal: a whole number of 1 or more.
fn times(value: &Json, name: &str, errors: &mut Errors) {
    let whole = match value {
        Json::Expr(_) => return,
        Json::Number(text, true, _) => text.parse::<u64>().ok(),
        _ => None,
    };
    if let Some(problem) = times_problem(whole) {
        errors.push(value.span(), format!("{name}: {}", problem.sentence()));
    }
}

/// How `every`, `times`, `retry` and `aggregate` go together, by the
/// catalog's rules; each problem is spanned on the key at fault.
fn combinations(step: &Json, name: &str, during: bool, errors: &mut Errors) {
    let keys = StepKeys {
        every: step.get("every").is_some(),
        times: step.get("times").is_some(),
        retry: step.get("retry").is_some(),
        aggregate: step.get("aggregate").is_some(),
    };
    for problem in combination_problems(keys, during) {
        if let Some((key, _)) = step.get(&problem.key) {
            errors.push(key.span, format!("{name}: {}", problem.sentence()));
        }
    }
}

fn expectations(value: &Json, name: &str, key: &str, errors: &mut Errors) {
    let items = match value {
        Json::List(items, _) => items,
        Json::Expr(_) => return,
        other => {
            errors.push(
                other.span(),
                format!("{name}: `{key}` must be a list of expectations"),
            );
            return;
        }
    };
    for (i, item) in items.iter().enumerate() {
        let Json::Object(entries, brace) = item else {
            if !matches!(item, Json::Expr(_)) {
                errors.push(
                    item.span(),
                    format!("{name}: {key}[{i}] must be an object such as {{\"operator\": \"eq\", \"status_code\": 200}}"),
                );
            }
            continue;
        };
        match item.get("operator") {
            None => errors.push(*brace, format!("{name}: {key}[{i}] has no `operator`")),
            Some((_, Json::Str(op, span))) => {
                if let Some(message) = kallisti_catalog::check_operator(op) {
                    errors.push(*span, format!("{name}: {key}[{i}]: {message}"));
                }
            }
            Some((_, Json::Expr(_))) => {}
            Some((_, other)) => errors.push(
                other.span(),
                format!("{name}: {key}[{i}]: `operator` must be a string"),
            ),
        }
        let paths = entries.iter().filter(|(k, _)| k.name != "operator").count();
        if paths != 1 {
            errors.push(
                *brace,
                format!(
                    "{name}: {key}[{i}] must have one path besides `operator` (it has {paths})"
                ),
            );
        }
    }
}
