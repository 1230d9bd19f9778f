//! Turning an experiment and its parameters into a checked plan, reporting
//! every problem at once before any step runs.

use super::{Namespace, Registry};
use crate::action::child_path;
use crate::credential::{is_secret_key, redact_arguments, REDACTED};
use crate::error::Error;
use crate::experiment::{check_baseline, is_recovery_expectation, repeat_of, Repeat, RetrySpec};
use crate::experiment::{Expectation, Experiment, Phase, Problem, Step, StepLocation};
use kallisti_catalog::{
    ActionSpec, ArgumentProblemKind, BadArgumentReport, NamespaceSpec, ValueKind,
};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

/// One step, resolved and checked, ready to run.
#[derive(Clone)]
pub struct PlannedStep {
    /// Where it is in the experiment.
    pub location: StepLocation,
    /// The name reports show.
    pub name: String,
    /// The `do` as written.
    pub action: String,
    /// Its declaration.
    pub spec: &'static ActionSpec,
    /// The namespace that runs it.
    pub namespace: Arc<dyn Namespace>,
    /// Interpolated arguments under their canonical names, defaults filled in.
    pub arguments: Map<String, Value>,
    /// Interpolated arguments as written, secrets redacted: what records show.
    pub shown_arguments: Value,
    /// Its expectations.
    pub expectations: Vec<Expectation>,
    /// Its own timeout, if it sets one.
    pub timeout: Option<Duration>,
    /// How it is retried, if it asks to be (`retry`).
    pub retry: Option<RetrySpec>,
    /// How it repeats, if it does (`every`, `times`, `aggregate`).
    pub repeat: Option<Repeat>,
}

impl std::fmt::Debug for PlannedStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlannedStep")
            .field("location", &self.location)
            .field("action", &self.action)
            .field("arguments", &self.shown_arguments)
            .finish()
    }
}

/// A checked experiment: parameters merged, every step resolved.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Experiment parameters overridden by the trial's.
    pub parameters: Map<String, Value>,
    /// The steps of each phase, in order (`[pre_steps, steps, post_steps]`).
    pub phases: [Vec<PlannedStep>; 3],
    /// Secret values written literally in arguments (redacted wherever they appear).
    pub literal_secrets: Vec<String>,
    /// The stop conditions, watched while the pre steps and steps run.
    pub stop_conditions: Vec<PlannedStep>,
}

impl Plan {
    /// The steps of one phase.
    pub fn phase(&self, phase: Phase) -> &[PlannedStep] {
        &self.phases[phase as usize]
    }
}

/// Collects secret literals: values under secret-named keys.
fn collect_secrets(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) if is_secret_key(k) => out.push(s.clone()),
                    other => collect_secrets(other, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_secrets(v, out)),
        _ => {}
    }
}

/// Every credential declaration (an object under a `credentials` key), with its path.
fn credential_declarations<'a>(
    value: &'a Value,
    path: &str,
    out: &mut Vec<(String, &'a Map<String, Value>)>,
) {
    if let Value::Object(map) = value {
        for (k, v) in map {
            let here = child_path(path, k);
            match v {
                Value::Object(spec) if k == "credentials" => out.push((here, spec)),
                other => credential_declarations(other, &here, out),
            }
        }
    }
}

impl Registry {
    /// Resolves and checks every step of `experiment` with `parameters`
    /// (which take precedence over the experiment's own).
    ///
    /// All problems are returned together: unknown namespaces and actions,
    /// missing parameters, unknown, missing or mistyped arguments, bad
    /// credential types, bad expectations.
    pub fn plan(
        &self,
        experiment: &Experiment,
        parameters: &Map<String, Value>,
    ) -> Result<Plan, Vec<Problem>> {
        let mut merged = experiment.parameters.clone().unwrap_or_default();
        for (k, v) in parameters {
            merged.insert(k.clone(), v.clone());
        }
        let mut problems = Vec::new();
        let mut missing = BTreeSet::new();
        let mut phases: [Vec<PlannedStep>; 3] = Default::default();
        let mut literal_secrets = Vec::new();
        let mut stop_conditions = Vec::new();
        let conditions = experiment
            .phase(Phase::StopConditions)
            .iter()
            .enumerate()
            .map(|(i, s)| (Phase::StopConditions, i, s));
        for (phase, index, step) in experiment.all_steps().chain(conditions) {
            let location = StepLocation {
                phase,
                index,
                name: step.name.clone(),
            };
            if let Some(planned) = self.plan_step(
                step,
                &location,
                &merged,
                &mut missing,
                &mut problems,
                &mut literal_secrets,
            ) {
                if phase == Phase::StopConditions {
                    check_condition(&planned, &mut problems);
                    stop_conditions.push(planned);
                } else {
                    phases[phase as usize].push(planned);
                }
            }
        }
        if !missing.is_empty() {
            problems.insert(
                0,
                Problem::new(
                    None,
                    Some("parameters".into()),
                    Error::MissingParameter {
                        names: missing.into_iter().collect(),
                    },
                ),
            );
        }
        if problems.is_empty() {
            Ok(Plan {
                parameters: merged,
                phases,
                literal_secrets,
                stop_conditions,
            })
        } else {
            Err(problems)
        }
    }

    /// Resolves and checks one step on its own, at `location` (the steps a
    /// `#[chaos_test]` body runs). Returns it with the secret literals its
    /// arguments hold.
    pub fn plan_one(
        &self,
        step: &Step,
        location: StepLocation,
        parameters: &Map<String, Value>,
    ) -> Result<(PlannedStep, Vec<String>), Vec<Problem>> {
        let mut missing = BTreeSet::new();
        let mut problems = Vec::new();
        let mut secrets = Vec::new();
        let planned = self.plan_step(
            step,
            &location,
            parameters,
            &mut missing,
            &mut problems,
            &mut secrets,
        );
        if !missing.is_empty() {
            problems.insert(
                0,
                Problem::new(
                    Some(location),
                    Some("parameters".into()),
                    Error::MissingParameter {
                        names: missing.into_iter().collect(),
                    },
                ),
            );
        }
        // `plan_step` plans a step only when it found no problem in it.
        planned.map(|planned| (planned, secrets)).ok_or(problems)
    }

    /// Plans one step, stage by stage: resolve its `do`, interpolate its
    /// arguments, read its own keys, check the arguments against the
    /// declarations and the namespace, then hide its secrets. Every
    /// problem found on the way is reported; a step with one is not planned.
    fn plan_step(
        &self,
        step: &Step,
        location: &StepLocation,
        parameters: &Map<String, Value>,
        missing: &mut BTreeSet<String>,
        problems: &mut Vec<Problem>,
        literal_secrets: &mut Vec<String>,
    ) -> Option<PlannedStep> {
        let before = problems.len();
        let mut report = |field: &str, error: Error| {
            problems.push(Problem::new(
                Some(location.clone()),
                Some(field.to_string()),
                error,
            ))
        };
        let resolved = self.resolve(&step.action);
        let arguments = interpolate(step, parameters, missing, &mut report);
        let keys = read_step_keys(step, &mut report);
        let (namespace, spec) = match resolved {
            Ok(found) => found,
            Err(error) => {
                report("do", error);
                return None;
            }
        };
        let ns_spec = namespace.spec();
        if keys.retry.is_some() && spec.kind != kallisti_catalog::ActionKind::Probe {
            report("retry", retried_action(&step.action));
        }
        let Some(arguments) = arguments else {
            // Names are known before interpolation: report unknown ones now too.
            check_arguments(ns_spec, spec, &step.arguments, true, &mut report);
            return None;
        };
        let normalized = check_arguments(ns_spec, spec, &arguments, false, &mut report);
        let whole = Value::Object(arguments);
        let mut declarations = Vec::new();
        credential_declarations(&whole, "", &mut declarations);
        for (path, declaration) in declarations {
            if let Err(error) = self.credential_types.check(declaration) {
                report(&format!("where.{path}"), error);
            }
        }
        // The namespace's own checks assume the declared shape holds.
        if problems.len() == before {
            if let Err(error) = namespace.check(spec.name, &normalized) {
                let (field, error) = namespace_problem(spec, error);
                problems.push(Problem::new(Some(location.clone()), Some(field), error));
            }
        }
        if problems.len() != before {
            return None;
        }
        let shown = shown_arguments(
            namespace.as_ref(),
            spec,
            &whole,
            &normalized,
            literal_secrets,
        );
        Some(PlannedStep {
            location: location.clone(),
            name: step.display_name().to_string(),
            action: step.action.clone(),
            spec,
            namespace: Arc::clone(namespace),
            arguments: normalized,
            shown_arguments: shown,
            expectations: step.expect.clone().unwrap_or_default(),
            timeout: keys.timeout,
            retry: keys.retry,
            repeat: keys.repeat,
        })
    }
}

/// A step's arguments with its `{{ templates }}` rendered; `None` when a
/// name is defined nowhere (gathered in `missing`, reported once for all
/// steps) or a template is malformed (reported).
fn interpolate(
    step: &Step,
    parameters: &Map<String, Value>,
    missing: &mut BTreeSet<String>,
    report: &mut impl FnMut(&str, Error),
) -> Option<Map<String, Value>> {
    let raw = Value::Object(step.arguments.clone());
    let mut malformed = |e: crate::template::TemplateError| {
        report(
            &format!("where.{}", e.path),
            Error::invalid_argument(e.path.clone(), e.message),
        );
        None
    };
    let names = match crate::template::referenced_names(&raw) {
        Err(e) => return malformed(e),
        Ok(names) => names,
    };
    let undefined: Vec<_> = names
        .into_iter()
        .filter(|n| !parameters.contains_key(n))
        .collect();
    if !undefined.is_empty() {
        missing.extend(undefined);
        return None;
    }
    match crate::template::render(&raw, parameters) {
        Ok(Value::Object(map)) => Some(map),
        Ok(_) => unreachable!("rendering keeps an object an object"),
        Err(e) => malformed(e),
    }
}

/// Why an action may not be retried.
fn retried_action(action: &str) -> Error {
    Error::invalid_argument(
        "retry",
        format!(
            "only probes are retried; `{action}` is an action, and repeating it could do its harm again"
        ),
    )
}

/// A step's own keys besides its action, read.
struct StepKeys {
    repeat: Option<Repeat>,
    retry: Option<RetrySpec>,
    timeout: Option<Duration>,
}

/// Reads `every`/`times`/`aggregate`, `retry`, `expect` and `timeout`,
/// reporting each problem under its field.
fn read_step_keys(step: &Step, report: &mut impl FnMut(&str, Error)) -> StepKeys {
    let mut or_report = |read: Result<(), (String, String)>| {
        if let Err((field, message)) = read {
            report(&field, Error::invalid_argument(field.clone(), message));
        }
    };
    let repeat = repeat_of(step)
        .map_err(|e| or_report(Err(e)))
        .ok()
        .flatten();
    // Steps that repeat with no `times` are checked by the caller, which
    // knows whether this is a `#[chaos_test]`'s `during` step.
    for problem in step.shape_problems(true) {
        or_report(Err(problem));
    }
    let retry = step
        .retry_spec()
        .map_err(|e| or_report(Err(e)))
        .ok()
        .flatten();
    for (i, expectation) in step.expect.iter().flatten().enumerate() {
        let checked = crate::expect::check(expectation)
            .and_then(|()| check_baseline(expectation))
            .and_then(|()| {
                if is_recovery_expectation(expectation) && step.retry.is_none() {
                    Err(format!(
                        "`{}` is measured only for retried probes: add \"retry\": {{\"within\": \"30s\"}}",
                        expectation.path
                    ))
                } else {
                    Ok(())
                }
            });
        or_report(checked.map_err(|message| (format!("expect[{i}]"), message)));
    }
    let timeout = step
        .timeout_duration()
        .map_err(|message| or_report(Err(("timeout".into(), message))))
        .ok()
        .flatten();
    StepKeys {
        repeat,
        retry,
        timeout,
    }
}

/// A namespace's refusal of a step's arguments, under the field it names,
/// reported as the action's declaration says bad arguments are.
fn namespace_problem(spec: &ActionSpec, error: Error) -> (String, Error) {
    let field = match &error {
        Error::InvalidArgument { argument, .. } if argument != "where" => {
            format!("where.{argument}")
        }
        _ => "where".to_string(),
    };
    let error = match (spec.bad_argument, error) {
        (BadArgumentReport::FailedAction, Error::InvalidArgument { argument, message }) => {
            Error::failed_action(format!("argument `{argument}`: {message}"))
        }
        (_, error) => error,
    };
    (field, error)
}

/// The arguments as records and reports show them: credentials, arguments
/// declared secret and values secret in this case only are hidden, and
/// each hidden literal joins `literal_secrets` so outputs hide it too.
fn shown_arguments(
    namespace: &dyn Namespace,
    spec: &ActionSpec,
    whole: &Value,
    normalized: &Map<String, Value>,
    literal_secrets: &mut Vec<String>,
) -> Value {
    collect_secrets(whole, literal_secrets);
    let mut shown = redact_arguments(whole);
    if let Value::Object(map) = &mut shown {
        for arg in namespace.spec().arguments_of(spec).filter(|a| a.secret) {
            for name in std::iter::once(arg.name).chain(arg.aliases.iter().copied()) {
                if let Some(v) = map.get_mut(name) {
                    if let Value::String(s) = v {
                        literal_secrets.push(s.clone());
                    }
                    *v = Value::String(REDACTED.into());
                }
            }
        }
    }
    let secret_here = namespace.secrets(spec.name, normalized);
    if !secret_here.is_empty() {
        let hide = crate::credential::Redactor::default();
        for secret in secret_here {
            hide.add(&secret);
            literal_secrets.push(secret);
        }
        hide.redact_value(&mut shown);
    }
    shown
}

/// The kind of a JSON value, for the shared argument checks.
/// A stop condition must be a probe that says what must hold.
fn check_condition(condition: &PlannedStep, problems: &mut Vec<Problem>) {
    let refuse = |message: &str| {
        Problem::new(
            Some(condition.location.clone()),
            Some("do".into()),
            Error::invalid_argument("do", message),
        )
    };
    if condition.spec.kind != kallisti_catalog::ActionKind::Probe {
        problems.push(refuse("a stop condition must be a probe, not an action"));
    } else if condition.expectations.is_empty() {
        problems.push(refuse(
            "a stop condition needs `expect`: what must hold for the trial to go on",
        ));
    }
}

pub(crate) fn value_kind(value: &Value) -> ValueKind {
    match value {
        Value::Null => ValueKind::Null,
        Value::Bool(_) => ValueKind::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => ValueKind::Integer,
        Value::Number(_) => ValueKind::Number,
        Value::String(_) => ValueKind::String,
        Value::Array(_) => ValueKind::List,
        Value::Object(_) => ValueKind::Mapping,
    }
}

/// Checks names, presence and types of `arguments` against the declarations
/// (only names when `names_only`, for arguments not yet interpolated);
/// returns them under canonical names with defaults filled in.
fn check_arguments(
    namespace: &NamespaceSpec,
    action: &ActionSpec,
    arguments: &Map<String, Value>,
    names_only: bool,
    report: &mut impl FnMut(&str, Error),
) -> Map<String, Value> {
    let mut problems = kallisti_catalog::check_arguments(
        namespace,
        action,
        arguments
            .iter()
            .map(|(name, value)| (name.as_str(), Some(value_kind(value)))),
        names_only,
    );
    if !names_only {
        let strings = arguments
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.as_str()?)));
        problems.extend(kallisti_catalog::check_choices(namespace, action, strings));
    }
    for problem in &problems {
        let name = problem.argument.as_str();
        let error = match problem.kind {
            ArgumentProblemKind::Unknown
            | ArgumentProblemKind::Twice
            | ArgumentProblemKind::NotAChoice => {
                Error::invalid_argument(name, problem.message.clone())
            }
            ArgumentProblemKind::Missing | ArgumentProblemKind::WrongType => {
                // A wrong type shows the value given; a missing one has none.
                let message = match arguments.get(name) {
                    Some(value) => format!("{} ({value})", problem.message),
                    None => problem.message.clone(),
                };
                match action.bad_argument {
                    BadArgumentReport::InvalidArgument => Error::invalid_argument(name, message),
                    BadArgumentReport::FailedAction => {
                        Error::failed_action(format!("argument `{name}`: {message}"))
                    }
                }
            }
        };
        report(&format!("where.{name}"), error);
    }
    // With `names_only` or a problem the caller plans nothing, so the map
    // built below goes unused then.
    let mut normalized = Map::new();
    for (name, value) in arguments {
        if let Some(arg) = namespace.argument_of(action, name) {
            if !value.is_null() || arg.required {
                normalized.insert(arg.name.to_string(), value.clone());
            }
        }
    }
    for arg in namespace.arguments_of(action) {
        // An argument given as `null` takes its default, as one left out does.
        if normalized.contains_key(arg.name) {
            continue;
        }
        if let Some(default) = arg.default {
            let value: Value = serde_json::from_str(default).unwrap_or(Value::Null);
            if !value.is_null() {
                normalized.insert(arg.name.to_string(), value);
            }
        }
    }
    normalized
}
