//! Everything wrong with a Chaos Toolkit experiment, found at once, before
//! anything runs: its shape, its configuration and secrets, every
//! activity's provider and arguments (checked as the kallisti step it
//! becomes), and the python functions kallisti hands to Python.

use super::activity::to_step;
use super::config::{load_configuration, load_secrets, Env, Values};
use super::document::ChaosToolkitExperiment;
use super::tolerance;
use crate::error::Error;
use crate::experiment::{Phase, Problem, Step, StepLocation};
use crate::registry::Registry;
use serde_json::{json, Value};

/// What validation yields for a run: the loaded values and the warnings
/// to show.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    pub(crate) values: Values,
    pub(crate) warnings: Vec<String>,
}

/// Problems as they are found: a field path and a message.
#[derive(Default)]
struct Found {
    problems: Vec<(String, String)>,
    bridge: Vec<(String, Value)>,
}

/// What every check reads.
struct Cx<'a> {
    experiment: &'a ChaosToolkitExperiment,
    values: &'a Values,
    registry: &'a Registry,
    env: Env<'a>,
}

impl Found {
    fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push((field.into(), message.into()));
    }
}

/// Checks `experiment` as the Chaos Toolkit would before a run, and
/// kallisti's own checks of each step's arguments on top.
pub(crate) async fn validate(
    experiment: &ChaosToolkitExperiment,
    registry: &Registry,
    env: Env<'_>,
) -> Result<Checked, Vec<Problem>> {
    let mut found = Found::default();
    let doc = &experiment.document;
    for key in ["title", "description"] {
        match doc.get(key).and_then(Value::as_str) {
            Some(text) if !text.trim().is_empty() => {}
            _ => found.push(key, "is required and must be non-empty text"),
        }
    }
    match doc.get("method") {
        Some(Value::Array(_)) => {}
        Some(_) => found.push("method", "must be a list of activities"),
        None => found.push("method", "is required (it may be an empty list)"),
    }
    check_tags_and_extensions(doc, &mut found);
    let values = Values {
        configuration: load_configuration(doc.get("configuration"), env, &mut found.problems),
        secrets: load_secrets(doc.get("secrets"), env, &mut found.problems),
    };
    let mut checked = Checked {
        values,
        warnings: control_warnings(experiment),
    };
    let cx = Cx {
        experiment,
        values: &checked.values,
        registry,
        env,
    };
    check_hypothesis(&cx, &mut found);
    for key in ["method", "rollbacks"] {
        if let Some(list) = doc.get(key).filter(|v| !v.is_null()) {
            if !list.is_array() {
                found.push(key, "must be a list of activities");
                continue;
            }
        }
        for (i, activity) in experiment.activities(key).iter().enumerate() {
            let at = format!("{key}[{i}]");
            check_activity(&cx, activity, &at, &mut found);
        }
    }
    check_bridge(&mut found).await;
    checked.warnings.sort();
    checked.warnings.dedup();
    if found.problems.is_empty() {
        Ok(checked)
    } else {
        Err(found
            .problems
            .into_iter()
            .map(|(field, message)| {
                Problem::new(None, Some(field), Error::InvalidExperiment { message })
            })
            .collect())
    }
}

fn check_tags_and_extensions(doc: &serde_json::Map<String, Value>, found: &mut Found) {
    if let Some(tags) = doc.get("tags") {
        let ok = tags
            .as_array()
            .is_some_and(|t| t.iter().all(|t| t.as_str().is_some_and(|s| !s.is_empty())));
        if !ok {
            found.push("tags", "must be a list of non-empty strings");
        }
    }
    if let Some(extensions) = doc.get("extensions") {
        let ok = extensions.as_array().is_some_and(|e| {
            e.iter().all(|x| {
                x.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| !n.is_empty())
            })
        });
        if !ok {
            found.push("extensions", "each extension needs a non-empty `name`");
        }
    }
}

/// One warning per control: kallisti does not load Chaos Toolkit controls.
pub(crate) fn control_warnings(experiment: &ChaosToolkitExperiment) -> Vec<String> {
    let mut out = Vec::new();
    let mut note = |controls: Option<&Value>, at: &str| {
        for control in controls.and_then(Value::as_array).into_iter().flatten() {
            let name = control
                .get("name")
                .or_else(|| control.get("ref"))
                .and_then(Value::as_str)
                .unwrap_or("unnamed");
            out.push(format!(
                "control `{name}` ({at}) skipped: kallisti does not run Chaos Toolkit controls"
            ));
        }
    };
    note(experiment.document.get("controls"), "experiment");
    let hypothesis = experiment.document.get("steady-state-hypothesis");
    note(
        hypothesis.and_then(|h| h.get("controls")),
        "steady-state-hypothesis",
    );
    let lists = [
        (
            "steady-state-hypothesis.probes",
            experiment.hypothesis_probes(),
        ),
        ("method", experiment.activities("method")),
        ("rollbacks", experiment.activities("rollbacks")),
    ];
    for (key, list) in lists {
        for (i, activity) in list.iter().enumerate() {
            note(activity.get("controls"), &format!("{key}[{i}]"));
        }
    }
    out
}

fn check_hypothesis(cx: &Cx<'_>, found: &mut Found) {
    let Some(hypothesis) = cx.experiment.document.get("steady-state-hypothesis") else {
        return;
    };
    if hypothesis.get("title").and_then(Value::as_str).is_none() {
        found.push("steady-state-hypothesis.title", "is required");
    }
    for (i, probe) in cx.experiment.hypothesis_probes().iter().enumerate() {
        let at = format!("steady-state-hypothesis.probes[{i}]");
        check_activity(cx, probe, &at, found);
        match probe.get("tolerance") {
            None => found.push(
                format!("{at}.tolerance"),
                "a steady-state probe needs a tolerance",
            ),
            Some(tol) => match tolerance::check_shape(tol) {
                Err(message) => found.push(format!("{at}.tolerance"), message),
                Ok(()) if tol.get("type").and_then(Value::as_str) == Some("probe") => {
                    if tol
                        .pointer("/provider/arguments")
                        .is_none_or(|a| !a.is_object())
                    {
                        found.push(
                            format!("{at}.tolerance.provider.arguments"),
                            "a probe tolerance needs `arguments` (its `value` receives the output)",
                        );
                    }
                    let mut with_value = tol.clone();
                    with_value["provider"]["arguments"]["value"] = Value::Null;
                    let at = format!("{at}.tolerance");
                    check_activity(cx, &with_value, &at, found);
                }
                Ok(()) => {}
            },
        }
    }
}

/// Checks one activity (or `ref`) at `at`, and the step it becomes.
fn check_activity(cx: &Cx<'_>, activity: &Value, at: &str, found: &mut Found) {
    if let Some(name) = activity.get("ref") {
        match name.as_str() {
            Some(name) if cx.experiment.lookup(name).is_some() => {}
            _ => found.push(format!("{at}.ref"), format!("no activity is named {name}")),
        }
        return;
    }
    if !check_shape(activity, at, found) {
        return;
    }
    let step = match to_step(activity, cx.values, cx.env) {
        Ok(step) => step,
        Err((field, message)) => return found.push(format!("{at}.{field}"), message),
    };
    check_step(&step, at, cx.registry, found);
}

/// The keys every activity has; false when it cannot become a step.
fn check_shape(activity: &Value, at: &str, found: &mut Found) -> bool {
    let before = found.problems.len();
    match activity.get("type").and_then(Value::as_str) {
        Some("probe" | "action") => {}
        _ => found.push(format!("{at}.type"), "must be `probe` or `action`"),
    }
    if activity
        .get("name")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        found.push(format!("{at}.name"), "is required");
    }
    if let Some(timeout) = activity.get("timeout") {
        if !timeout.is_number() {
            found.push(format!("{at}.timeout"), "must be a number");
        }
    }
    if let Some(background) = activity.get("background") {
        if !background.is_boolean() {
            found.push(format!("{at}.background"), "must be true or false");
        }
    }
    for when in ["before", "after"] {
        if let Some(pause) = activity.get("pauses").and_then(|p| p.get(when)) {
            let placeholder = pause
                .as_str()
                .is_some_and(|s| s.starts_with("${") && s.ends_with('}'));
            if !pause.is_number() && !placeholder {
                found.push(
                    format!("{at}.pauses.{when}"),
                    "must be a number of seconds or `${name}`",
                );
            }
        }
    }
    let provider_ok = activity.get("provider").is_some_and(Value::is_object);
    if !provider_ok {
        found.push(
            format!("{at}.provider"),
            "is required and must be a mapping",
        );
    }
    provider_ok && found.problems.len() == before
}

/// Plans `step` as kallisti would run it; its problems named by the
/// activity's own fields.
fn check_step(step: &Step, at: &str, registry: &Registry, found: &mut Found) {
    let location = StepLocation {
        phase: Phase::Steps,
        index: 0,
        name: step.name.clone(),
    };
    let mapped = !step.action.starts_with("chaostoolkit.");
    if let Err(problems) = registry.plan_one(step, location, &Default::default()) {
        for problem in problems {
            let field = problem.field.as_deref().unwrap_or("");
            let field = match field.strip_prefix("where.") {
                Some(rest) if mapped => format!("{at}.provider.arguments.{rest}"),
                Some(rest) => format!("{at}.provider.{rest}"),
                None if mapped => format!("{at}.provider"),
                None => format!("{at}.provider.type"),
            };
            let message = match &problem.error {
                Error::UnknownModuleName { .. } | Error::CouldNotFindFunction { .. } if mapped => {
                    format!(
                    "{} (it stands in for this driver function; build kallisti with its feature)",
                    problem.error
                )
                }
                other => other.to_string(),
            };
            found.push(field, message);
        }
        return;
    }
    if step.action == "chaostoolkit.python" {
        let call = json!({
            "module": step.arguments["module"],
            "func": step.arguments["func"],
            "arguments": step.arguments["arguments"],
        });
        found.bridge.push((format!("{at}.provider"), call));
    }
}

/// Asks Python, once for all of them, whether each function imports and
/// takes its arguments.
async fn check_bridge(found: &mut Found) {
    if found.bridge.is_empty() {
        return;
    }
    let calls: Vec<Value> = found.bridge.iter().map(|(_, c)| c.clone()).collect();
    let answer = crate::modules::chaostoolkit::python::ask(&json!({"check": calls})).await;
    let bridge = std::mem::take(&mut found.bridge);
    match answer {
        Ok(Value::Array(answers)) => {
            for ((field, call), answer) in bridge.iter().zip(answers) {
                if let Value::String(problem) = answer {
                    found.push(
                        field.clone(),
                        format!(
                            "{}.{}: {problem}",
                            call["module"].as_str().unwrap_or(""),
                            call["func"].as_str().unwrap_or("")
                        ),
                    );
                }
            }
        }
        Ok(other) => found.push(
            bridge[0].0.clone(),
            format!("the Python bridge answered {other}"),
        ),
        Err(error) => {
            for (field, call) in bridge {
                found.push(
                    field,
                    format!(
                        "module `{}` is not one kallisti implements, and Python cannot be asked: {error}",
                        call["module"].as_str().unwrap_or("")
                    ),
                );
            }
        }
    }
}

/// Every activity whose step the allow-list refuses, found before anything
/// runs (as a Kallisti trial checks its plan).
pub(crate) fn refusals(
    experiment: &ChaosToolkitExperiment,
    values: &Values,
    registry: &Registry,
    allow: &crate::trial::AllowList,
    env: Env<'_>,
) -> Vec<Problem> {
    let lists = [
        (
            "steady-state-hypothesis.probes",
            experiment.hypothesis_probes(),
        ),
        ("method", experiment.activities("method")),
        ("rollbacks", experiment.activities("rollbacks")),
    ];
    let mut out = Vec::new();
    for (key, list) in lists {
        for (i, activity) in list.iter().enumerate() {
            let Some(resolved) = experiment.resolve(activity) else {
                continue;
            };
            let Ok(step) = to_step(resolved, values, env) else {
                continue;
            };
            let location = StepLocation {
                phase: Phase::Steps,
                index: i,
                name: step.name.clone(),
            };
            let Ok((planned, _)) = registry.plan_one(&step, location, &Default::default()) else {
                continue;
            };
            if let Err(problem) = allow.check_step(&planned) {
                let field = format!("{key}[{i}]");
                out.push(Problem::new(None, Some(field), problem.error));
            }
        }
    }
    out
}
