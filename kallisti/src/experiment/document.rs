//! Structural checks of an experiment document, run before serde sees it so
//! every problem names its phase, step and field.

use super::Phase;
use crate::error::{json_type_phrase, Error};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// Where a step sits in an experiment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepLocation {
    /// Its phase.
    pub phase: Phase,
    /// Its index within the phase, from 0.
    pub index: usize,
    /// Its name, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl fmt::Display for StepLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.phase, self.index)?;
        if let Some(name) = &self.name {
            write!(f, " ({name:?})")?;
        }
        Ok(())
    }
}

/// One problem found before a trial could run: where, which field, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The step, when the problem is in one.
    pub location: Option<StepLocation>,
    /// The field (`do`, `where.url`, `expect[0].operator`), when there is one.
    pub field: Option<String>,
    /// What is wrong.
    pub error: Error,
}

impl Problem {
    pub(crate) fn new(location: Option<StepLocation>, field: Option<String>, error: Error) -> Self {
        Problem {
            location,
            field,
            error,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.location, &self.field) {
            (Some(loc), Some(field)) => write!(f, "{loc}, field `{field}`: ")?,
            (Some(loc), None) => write!(f, "{loc}: ")?,
            (None, Some(field)) => write!(f, "field `{field}`: ")?,
            (None, None) => {}
        }
        write!(f, "{} ({})", self.error, self.error.kind())
    }
}

/// Why an experiment could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not UTF-8.
    #[error("{path} is not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 {
        /// The file.
        path: String,
        /// Where the first invalid byte is.
        offset: usize,
    },
    /// The text is not JSON.
    #[error("not a valid experiment: {0}")]
    Json(serde_json::Error),
    /// The JSON is not a valid experiment.
    #[error("not a valid experiment:\n{}", list(.0))]
    Invalid(Vec<Problem>),
}

impl LoadError {
    /// Every problem, one per element (one for I/O and JSON errors).
    pub fn problems(&self) -> Vec<String> {
        match self {
            LoadError::Invalid(problems) => problems.iter().map(|p| p.to_string()).collect(),
            other => vec![other.to_string()],
        }
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn invalid(location: Option<StepLocation>, field: &str, message: impl Into<String>) -> Problem {
    Problem::new(
        location,
        Some(field.to_string()).filter(|f| !f.is_empty()),
        Error::InvalidExperiment {
            message: message.into(),
        },
    )
}

/// Every structural problem of a document.
pub(crate) fn check(doc: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Value::Object(root) = doc else {
        problems.push(invalid(
            None,
            "",
            format!(
                "an experiment is a JSON object, not {}",
                json_type_phrase(doc)
            ),
        ));
        return problems;
    };
    match root.get("name") {
        Some(Value::String(_)) => {}
        Some(other) => problems.push(invalid(
            None,
            "name",
            format!("must be a string, not {}", json_type_phrase(other)),
        )),
        None => problems.push(invalid(
            None,
            "name",
            "missing (every experiment has a name)",
        )),
    }
    if let Some(v) = root.get("description") {
        if !v.is_string() && !v.is_null() {
            problems.push(invalid(None, "description", "must be a string"));
        }
    }
    for key in ["metadata", "parameters"] {
        if let Some(v) = root.get(key) {
            if !v.is_object() && !v.is_null() {
                problems.push(invalid(
                    None,
                    key,
                    format!("must be an object, not {}", json_type_phrase(v)),
                ));
            }
        }
    }
    for phase in Phase::ALL.into_iter().chain([Phase::StopConditions]) {
        match root.get(phase.key()) {
            None if phase == Phase::Steps => problems.push(invalid(
                None,
                "steps",
                "missing (an experiment needs steps)",
            )),
            None | Some(Value::Null) if phase != Phase::Steps => {}
            Some(Value::Array(steps)) => {
                if steps.is_empty() && phase == Phase::Steps {
                    problems.push(invalid(None, "steps", "must hold at least one step"));
                }
                for (index, step) in steps.iter().enumerate() {
                    check_step(phase, index, step, &mut problems);
                }
            }
            Some(other) => problems.push(invalid(
                None,
                phase.key(),
                format!("must be a list of steps, not {}", json_type_phrase(other)),
            )),
            None => {}
        }
    }
    problems
}

fn check_step(phase: Phase, index: usize, step: &Value, problems: &mut Vec<Problem>) {
    let at = StepLocation {
        phase,
        index,
        name: step.get("step").and_then(Value::as_str).map(str::to_string),
    };
    let Value::Object(step) = step else {
        problems.push(step_problem(
            &at,
            "",
            format!("a step is a JSON object, not {}", json_type_phrase(step)),
        ));
        return;
    };
    if let Some(v) = step.get("step") {
        if !v.is_string() {
            problems.push(step_problem(&at, "step", "must be a string"));
        }
    }
    check_do(&at, step.get("do"), problems);
    match step.get("where") {
        None => problems.push(step_problem(
            &at,
            "where",
            "missing (the step's arguments; `{}` when it has none)",
        )),
        Some(Value::Object(_)) => {}
        Some(other) => problems.push(step_problem(
            &at,
            "where",
            format!("must be an object, not {}", json_type_phrase(other)),
        )),
    }
    if let Some(timeout) = step.get("timeout") {
        if let Err(message) = crate::duration::from_json(timeout) {
            problems.push(step_problem(&at, "timeout", message));
        }
    }
    match step.get("expect") {
        None | Some(Value::Null) => {}
        Some(Value::Array(expectations)) => {
            for (i, exp) in expectations.iter().enumerate() {
                check_expectation(&at, &format!("expect[{i}]"), exp, problems);
            }
        }
        Some(other) => problems.push(step_problem(
            &at,
            "expect",
            format!(
                "must be a list of expectations, not {}",
                json_type_phrase(other)
            ),
        )),
    }
}

/// A problem in the step at `at`.
fn step_problem(at: &StepLocation, field: &str, message: impl Into<String>) -> Problem {
    invalid(Some(at.clone()), field, message)
}

/// A step's `do`: a string naming a namespace and an action.
fn check_do(at: &StepLocation, target: Option<&Value>, problems: &mut Vec<Problem>) {
    match target {
        None => problems.push(step_problem(at, "do", "missing (`namespace.action`)")),
        Some(Value::String(target)) => {
            if kallisti_catalog::split_do(target).is_none() {
                problems.push(step_problem(
                    at,
                    "do",
                    format!("`{target}` has no namespace: write `namespace.action`, e.g. `cm.http_probe`"),
                ));
            }
        }
        Some(other) => problems.push(step_problem(
            at,
            "do",
            format!("must be a string, not {}", json_type_phrase(other)),
        )),
    }
}

/// One expectation, at `field` (`expect[i]`): an object with a string
/// `operator` and exactly one other key.
fn check_expectation(at: &StepLocation, field: &str, exp: &Value, problems: &mut Vec<Problem>) {
    let Value::Object(exp) = exp else {
        problems.push(step_problem(
            at,
            field,
            format!("an expectation is an object, not {}", json_type_phrase(exp)),
        ));
        return;
    };
    match exp.get("operator") {
        Some(Value::String(_)) => {}
        Some(_) => problems.push(step_problem(
            at,
            &format!("{field}.operator"),
            "must be a string",
        )),
        None => problems.push(step_problem(
            at,
            &format!("{field}.operator"),
            "missing (one of eq, ne, lt, le, gt, ge, regex)",
        )),
    }
    let keys = exp.keys().filter(|k| *k != "operator").count();
    if keys != 1 {
        problems.push(step_problem(
            at,
            field,
            format!("needs exactly one key besides `operator` (`value` or a path into the result), found {keys}"),
        ));
    }
}
