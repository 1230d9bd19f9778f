//! Kallisti experiments: the JSON document model, its structural checks and a
//! typed builder.
//!
//! ```
//! use kallisti::experiment::{Experiment, Step, Expectation};
//! use serde_json::json;
//!
//! let from_json = Experiment::from_json(r#"{
//!     "name": "checkout survives",
//!     "steps": [{"step": "health", "do": "cm.http_probe",
//!                "where": {"url": "{{ base_url }}/health"},
//!                "expect": [{"operator": "eq", "status_code": 200}]}]
//! }"#).unwrap();
//!
//! let built = Experiment::builder("checkout survives")
//!     .step(Step::new("health", "cm.http_probe")
//!         .arg("url", "{{ base_url }}/health")
//!         .expect(Expectation::new("eq", "status_code", json!(200))))
//!     .build()
//!     .unwrap();
//! assert_eq!(from_json, built);
//! ```

mod builder;
mod document;
mod shape;

pub use builder::ExperimentBuilder;
// Expectations belong to `expect`, which checks and evaluates them; a
// step holds them, so they are named here too.
pub use crate::expect::Expectation;
pub use document::{LoadError, Problem, StepLocation};
pub(crate) use shape::{check_baseline, is_recovery_expectation, Baseline};
pub use shape::{repeat_of, Repeat, RetrySpec, RECOVERY_FIELDS};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;
use std::time::Duration;

/// The three phases of a trial, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// `pre_steps`: health gates; a failure aborts the trial.
    PreSteps,
    /// `steps`: the chaos and the checks.
    Steps,
    /// `post_steps`: clean-up; always run.
    PostSteps,
    /// `stop_conditions`: probes checked every `every` while the pre steps
    /// and steps run; the first breach stops the trial.
    StopConditions,
}

impl Phase {
    /// All phases, in order.
    pub const ALL: [Phase; 3] = [Phase::PreSteps, Phase::Steps, Phase::PostSteps];

    /// The document's key for this phase (`pre_steps`, `steps`, `post_steps`).
    pub const fn key(self) -> &'static str {
        match self {
            Phase::PreSteps => "pre_steps",
            Phase::Steps => "steps",
            Phase::PostSteps => "post_steps",
            Phase::StopConditions => "stop_conditions",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Whether `document` is a Chaos Toolkit experiment rather than a Kallisti
/// one: it has `title`, `method` or `steady-state-hypothesis`, and none of
/// Kallisti's `name` or `steps`.
///
/// ```
/// use serde_json::json;
/// use kallisti::experiment::is_chaostoolkit;
///
/// assert!(is_chaostoolkit(&json!({"title": "t", "description": "d", "method": []})));
/// assert!(!is_chaostoolkit(&json!({"name": "n", "steps": []})));
/// ```
pub fn is_chaostoolkit(document: &Value) -> bool {
    let Value::Object(map) = document else {
        return false;
    };
    let ours = ["name", "steps", "pre_steps", "post_steps"];
    let theirs = ["title", "method", "steady-state-hypothesis"];
    theirs.iter().any(|k| map.contains_key(*k)) && !ours.iter().any(|k| map.contains_key(*k))
}

/// A Kallisti experiment: what to do, in which order, and what must hold.
///
/// Reading and writing keeps every field, known or not, so a document read
/// with [`Experiment::from_json`] writes back as the same JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Experiment {
    /// The experiment's name.
    pub name: String,
    /// What it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free-form metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// Default parameter values (a trial's parameters take precedence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Map<String, Value>>,
    /// Steps run first; any failure aborts the trial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_steps: Option<Vec<Step>>,
    /// The main steps (at least one).
    pub steps: Vec<Step>,
    /// Steps that always run last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_steps: Option<Vec<Step>>,
    /// Probes with expectations, checked every `every` (default 1 s) while
    /// the pre steps and steps run: the first that fails stops the trial
    /// (`Stopped`), and the post steps run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_conditions: Option<Vec<Step>>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Experiment {
    /// Reads an experiment from JSON text, checking its structure.
    ///
    /// Every structural problem is reported, each naming its phase, step and field.
    pub fn from_json(text: &str) -> Result<Self, LoadError> {
        let value: Value = serde_json::from_str(text).map_err(LoadError::Json)?;
        Self::from_value(value)
    }

    /// Reads an experiment from a JSON value, checking its structure.
    pub fn from_value(value: Value) -> Result<Self, LoadError> {
        let problems = document::check(&value);
        if !problems.is_empty() {
            return Err(LoadError::Invalid(problems));
        }
        serde_json::from_value(value).map_err(LoadError::Json)
    }

    /// Reads an experiment file.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Self, LoadError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
            path: path.display().to_string(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        Self::from_json(&text)
    }

    /// The experiment as pretty JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("an experiment always serializes")
    }

    /// Starts a typed builder.
    pub fn builder(name: impl Into<String>) -> ExperimentBuilder {
        ExperimentBuilder::new(name)
    }

    /// The steps of one phase (empty when the phase is absent).
    pub fn phase(&self, phase: Phase) -> &[Step] {
        match phase {
            Phase::PreSteps => self.pre_steps.as_deref().unwrap_or_default(),
            Phase::Steps => &self.steps,
            Phase::PostSteps => self.post_steps.as_deref().unwrap_or_default(),
            Phase::StopConditions => self.stop_conditions.as_deref().unwrap_or_default(),
        }
    }

    /// Every step with its phase and index, in run order.
    pub fn all_steps(&self) -> impl Iterator<Item = (Phase, usize, &Step)> {
        Phase::ALL.into_iter().flat_map(move |p| {
            self.phase(p)
                .iter()
                .enumerate()
                .map(move |(i, s)| (p, i, s))
        })
    }
}

/// One step: a name, what to do (`namespace.action`), its arguments and expectations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The step's short name.
    #[serde(rename = "step", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `namespace.action` (for AWS, `aws.<service>.<action>`).
    #[serde(rename = "do")]
    pub action: String,
    /// The arguments; strings may hold `{{ parameter }}` templates.
    #[serde(rename = "where")]
    pub arguments: Map<String, Value>,
    /// What the result must satisfy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Vec<Expectation>>,
    /// How long the step may take: seconds as a number, or a duration such as `"500ms"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Value>,
    /// Retries a probe until its expectations hold:
    /// `{"within": "30s", "every": "500ms", "since": "kill a pod"}` (read
    /// with [`Step::retry_spec`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<Value>,
    /// Repeats the step at this interval, a duration (read with [`repeat_of`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Value>,
    /// How many times a repeated step runs, 1 or more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<Value>,
    /// Expectations on the repetitions taken together (`success_ratio`,
    /// `p95_ms`, ...); by default every repetition must succeed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<Value>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Step {
    /// A step called `name` doing `action`, with no arguments yet.
    pub fn new(name: impl Into<String>, action: impl Into<String>) -> Self {
        Step {
            name: Some(name.into()),
            action: action.into(),
            arguments: Map::new(),
            expect: None,
            timeout: None,
            retry: None,
            every: None,
            times: None,
            aggregate: None,
            extra: Map::new(),
        }
    }

    /// Adds the argument `name` to `where`.
    pub fn arg(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.arguments.insert(name.into(), value.into());
        self
    }

    /// Replaces `where` with a JSON object (other values are ignored).
    pub fn args(mut self, arguments: Value) -> Self {
        if let Value::Object(map) = arguments {
            self.arguments = map;
        }
        self
    }

    /// Adds an expectation.
    pub fn expect(mut self, expectation: Expectation) -> Self {
        self.expect.get_or_insert_with(Vec::new).push(expectation);
        self
    }

    /// Sets the step's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(Value::String(
            humantime::format_duration(timeout).to_string(),
        ));
        self
    }

    /// The name reports show: `step`, or `do` when the step has no name.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.action)
    }

    /// The step's timeout, if it sets one.
    pub fn timeout_duration(&self) -> Result<Option<Duration>, String> {
        self.timeout
            .as_ref()
            .map(crate::duration::from_json)
            .transpose()
    }
}
