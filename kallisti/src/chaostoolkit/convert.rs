//! A Chaos Toolkit experiment written as the nearest Kallisti experiment,
//! with the list of what Kallisti cannot say the same way.

use super::activity::to_step;
use super::config::Values;
use super::document::ChaosToolkitExperiment;
use crate::experiment::{Expectation, Experiment, Step};
use serde_json::{json, Map, Value};

/// A conversion: the Kallisti experiment, and what it could not carry over
/// (each with where it is in the Chaos Toolkit file).
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The Kallisti experiment.
    pub experiment: Experiment,
    /// What it does not express as the Chaos Toolkit file does.
    pub not_expressed: Vec<String>,
}

/// Converts `source`: its configuration becomes parameters (`${name}`
/// becomes `{{ name }}`), the hypothesis probes pre steps with their
/// tolerances as expectations, the method steps (pauses as `cm.wait`), the
/// rollbacks post steps.
///
/// ```
/// use kallisti::chaostoolkit::{convert, ChaosToolkitExperiment};
/// use serde_json::json;
///
/// let source = ChaosToolkitExperiment::from_value(json!({
///     "title": "health", "description": "d",
///     "configuration": {"base": "http://127.0.0.1:8080"},
///     "steady-state-hypothesis": {"title": "up", "probes": [{
///         "type": "probe", "name": "health", "tolerance": 200,
///         "provider": {"type": "http", "url": "${base}/health"}}]},
///     "method": [],
/// })).unwrap();
/// let conversion = convert(&source);
/// let step = &conversion.experiment.pre_steps.as_ref().unwrap()[0];
/// assert_eq!(step.action, "chaostoolkit.http");
/// assert_eq!(step.arguments["url"], "{{ base }}/health");
/// ```
pub fn convert(source: &ChaosToolkitExperiment) -> Conversion {
    let mut not_expressed = Vec::new();
    let doc = &source.document;
    let parameters = parameters(doc.get("configuration"), &mut not_expressed);
    if doc.contains_key("secrets") {
        not_expressed.push("secrets: declare them as Kallisti credentials or parameters".into());
    }
    if doc.contains_key("controls") {
        not_expressed.push("controls: Kallisti does not run Chaos Toolkit controls".into());
    }
    if doc.contains_key("runtime") {
        not_expressed
            .push("runtime: Kallisti's phases have fixed rules (post steps always run)".into());
    }
    let mut pre = Vec::new();
    for (i, probe) in source.hypothesis_probes().iter().enumerate() {
        let at = format!("steady-state-hypothesis.probes[{i}]");
        if let Some(mut step) = step_of(source, probe, &at, &mut not_expressed) {
            step.expect = expectations(probe.get("tolerance"), &at, &mut not_expressed);
            pre.push(step);
        }
    }
    if !pre.is_empty() {
        not_expressed.push(
            "steady-state-hypothesis after the method: Kallisti checks it once, before (add the probes to the steps to check them after)".into(),
        );
    }
    let steps = activities(source, "method", &mut not_expressed);
    let post = activities(source, "rollbacks", &mut not_expressed);
    not_expressed.push(
        "a failing method activity fails a Kallisti trial; the Chaos Toolkit carries on".into(),
    );
    let experiment = Experiment {
        name: source.title().to_string(),
        description: doc
            .get("description")
            .and_then(Value::as_str)
            .map(String::from),
        metadata: None,
        parameters: (!parameters.is_empty()).then_some(parameters),
        pre_steps: (!pre.is_empty()).then_some(pre),
        steps,
        post_steps: (!post.is_empty()).then_some(post),
        stop_conditions: None,
        extra: Map::new(),
    };
    Conversion {
        experiment,
        not_expressed,
    }
}

/// Static configuration values; an `env` entry's default, when it has one.
fn parameters(configuration: Option<&Value>, notes: &mut Vec<String>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in configuration
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        match value.get("type").and_then(Value::as_str) {
            Some("env") => {
                let var = value.get("key").and_then(Value::as_str).unwrap_or("?");
                notes.push(format!(
                    "configuration.{key} reads ${var}: pass it with --param {key}=..."
                ));
                if let Some(default) = value.get("default") {
                    out.insert(key.clone(), default.clone());
                }
            }
            Some("probe") => notes.push(format!(
                "configuration.{key} is set by a probe: Kallisti parameters are fixed before the run"
            )),
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

fn activities(source: &ChaosToolkitExperiment, key: &str, notes: &mut Vec<String>) -> Vec<Step> {
    let mut out = Vec::new();
    for (i, activity) in source.activities(key).iter().enumerate() {
        let at = format!("{key}[{i}]");
        let resolved = source.resolve(activity).unwrap_or(activity);
        let pause = |when: &str| resolved.get("pauses").and_then(|p| p.get(when)).cloned();
        if let Some(seconds) = pause("before") {
            out.push(wait(
                &format!("pause before {}", name_of(resolved)),
                seconds,
            ));
        }
        if let Some(step) = step_of(source, activity, &at, notes) {
            out.push(step);
        }
        if let Some(seconds) = pause("after") {
            out.push(wait(&format!("pause after {}", name_of(resolved)), seconds));
        }
        if activity.get("background") == Some(&json!(true)) {
            notes.push(format!(
                "{at}.background: Kallisti runs the steps one after the other"
            ));
        }
    }
    out
}

fn name_of(activity: &Value) -> &str {
    activity
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("activity")
}

fn wait(name: &str, seconds: Value) -> Step {
    let mut step = Step::new(name, "cm.wait");
    step.arguments
        .insert("time_in_seconds".into(), templated(&seconds));
    step
}

/// The step an activity becomes, with `${name}` written `{{ name }}`.
fn step_of(
    source: &ChaosToolkitExperiment,
    activity: &Value,
    at: &str,
    notes: &mut Vec<String>,
) -> Option<Step> {
    let resolved = source.resolve(activity)?;
    let env = |_: &str| None;
    match to_step(resolved, &Values::default(), &env) {
        Ok(mut step) => {
            step.arguments = match templated(&Value::Object(step.arguments)) {
                Value::Object(map) => map,
                _ => unreachable!("an object stays an object"),
            };
            Some(step)
        }
        Err((field, message)) => {
            notes.push(format!("{at}.{field}: {message}"));
            None
        }
    }
}

/// `${name}` and `$name` placeholders as Kallisti templates.
fn templated(value: &Value) -> Value {
    match value {
        Value::String(text) => {
            let rx =
                regex::Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
                    .expect("a valid pattern");
            Value::String(
                rx.replace_all(text, |c: &regex::Captures| {
                    let name = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
                    format!("{{{{ {name} }}}}")
                })
                .into_owned(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(templated).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), templated(v))).collect())
        }
        other => other.clone(),
    }
}

/// A tolerance as expectations, where Kallisti's operators say the same.
fn expectations(
    tolerance: Option<&Value>,
    at: &str,
    notes: &mut Vec<String>,
) -> Option<Vec<Expectation>> {
    let eq = |path: &str, v: &Value| Expectation::new("eq", path, v.clone());
    let expressed = match tolerance? {
        v @ (Value::Bool(_) | Value::String(_)) => vec![eq("value", v)],
        v @ Value::Number(_) => {
            notes.push(format!("{at}.tolerance: an http or process probe is judged by `status`; the expectation reads the whole result"));
            vec![eq("value", v)]
        }
        Value::Array(items) if items.len() == 2 => vec![
            Expectation::new("ge", "value", items[0].clone()),
            Expectation::new("le", "value", items[1].clone()),
        ],
        Value::Object(spec) if spec.get("type") == Some(&json!("regex")) => {
            let path = spec
                .get("target")
                .and_then(Value::as_str)
                .unwrap_or("value");
            vec![Expectation::new(
                "regex",
                path,
                templated(spec.get("pattern").unwrap_or(&Value::Null)),
            )]
        }
        Value::Object(spec) if spec.get("type") == Some(&json!("range")) => {
            let path = spec
                .get("target")
                .and_then(Value::as_str)
                .unwrap_or("value");
            let bounds = spec
                .get("range")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            match bounds.as_slice() {
                [low, high] => vec![
                    Expectation::new("ge", path, low.clone()),
                    Expectation::new("le", path, high.clone()),
                ],
                _ => Vec::new(),
            }
        }
        other => {
            notes.push(format!(
                "{at}.tolerance: {other} has no Kallisti expectation"
            ));
            Vec::new()
        }
    };
    (!expressed.is_empty()).then_some(expressed)
}
