//! The record of a trial: what ran, with what arguments, what came back.

use crate::error::{Error, ErrorKind};
use crate::experiment::{Phase, Problem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// How a trial ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TrialStatus {
    /// Every step succeeded.
    Succeeded,
    /// A step or a post step failed.
    Failed,
    /// A pre step failed; the steps were skipped.
    Aborted,
    /// The experiment could not run (parameters, arguments, namespaces).
    Invalid,
    /// The run was stopped (Ctrl-C, SIGTERM, a dropped future).
    Stopped,
}

impl TrialStatus {
    /// The status's name.
    pub const fn name(self) -> &'static str {
        match self {
            TrialStatus::Succeeded => "Succeeded",
            TrialStatus::Failed => "Failed",
            TrialStatus::Aborted => "Aborted",
            TrialStatus::Invalid => "Invalid",
            TrialStatus::Stopped => "Stopped",
        }
    }

    /// The `kallisti run` exit code: 0 Succeeded, 1 Failed, 2 Aborted, 3 Invalid, 4 Stopped.
    pub const fn exit_code(self) -> i32 {
        match self {
            TrialStatus::Succeeded => 0,
            TrialStatus::Failed => 1,
            TrialStatus::Aborted => 2,
            TrialStatus::Invalid => 3,
            TrialStatus::Stopped => 4,
        }
    }
}

impl fmt::Display for TrialStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepStatus {
    /// It ran and its expectations held.
    Succeeded,
    /// It failed, timed out, was stopped, or an expectation did not hold.
    Failed,
}

/// A step's error: its kind and message (secrets redacted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// The kind (`FailedAction`, `FailedExpectation`, ...).
    pub kind: ErrorKind,
    /// What happened.
    pub message: String,
}

impl ErrorRecord {
    pub(crate) fn from_error(error: &Error, redact: impl Fn(&str) -> String) -> Self {
        ErrorRecord {
            kind: error.kind(),
            message: redact(&error.to_string()),
        }
    }
}

/// The record of one step that ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// The step's name.
    pub step_name: String,
    /// Its `do`.
    #[serde(rename = "do")]
    pub action: String,
    /// Its interpolated arguments, secrets redacted.
    pub step_parameters: Value,
    /// How it ended.
    pub status: StepStatus,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: DateTime<Utc>,
    /// What the action returned (null when it failed).
    pub result: Value,
    /// What it logged.
    pub logs: Vec<String>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorRecord>,
    /// A retried probe's attempts and time to recover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<super::RetryRecord>,
    /// A repeated step's interval (its `result` is then the aggregate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<String>,
    /// A repeated step's repetitions (the first 10,000 when there are more).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<Sample>,
}

impl StepRecord {
    /// Whether the step succeeded.
    pub fn succeeded(&self) -> bool {
        self.status == StepStatus::Succeeded
    }

    /// How long it ran.
    pub fn duration(&self) -> std::time::Duration {
        (self.finished_at - self.started_at)
            .to_std()
            .unwrap_or_default()
    }
}

/// A problem that made a trial `Invalid`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemRecord {
    /// `steps[0] ("name")`, when the problem is in a step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The field (`do`, `where.url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Its kind.
    pub kind: ErrorKind,
    /// What is wrong.
    pub message: String,
}

impl From<&Problem> for ProblemRecord {
    fn from(problem: &Problem) -> Self {
        ProblemRecord {
            step: problem.location.as_ref().map(|l| l.to_string()),
            field: problem.field.clone(),
            kind: problem.error.kind(),
            message: problem.error.to_string(),
        }
    }
}

impl fmt::Display for ProblemRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.step, &self.field) {
            (Some(step), Some(field)) => write!(f, "{step}, field `{field}`: ")?,
            (Some(step), None) => write!(f, "{step}: ")?,
            (None, Some(field)) => write!(f, "field `{field}`: ")?,
            (None, None) => {}
        }
        write!(f, "{} ({})", self.message, self.kind)
    }
}

/// The trial-wide summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrialResult {
    /// Summary lines: each step's outcome, the trial's, every problem.
    pub logs: Vec<String>,
}

/// One repetition of a repeated `during` step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// When it started.
    pub at: DateTime<Utc>,
    /// Whether it succeeded (expectations included).
    pub succeeded: bool,
    /// Its response time: the result's `response_time_in_seconds`, else how long the step ran.
    pub seconds: f64,
}

/// The body of a `#[chaos_test]`: when it ran and how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyRecord {
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended.
    pub finished_at: DateTime<Utc>,
    /// How it ended.
    pub status: StepStatus,
    /// Why it failed: a panic, an `Err`, a timeout (secrets redacted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorRecord>,
}

/// The steps that ran, per phase; a step never reached is absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PhaseRecords {
    /// The pre steps that ran.
    pub pre_steps: Vec<StepRecord>,
    /// The steps that ran (for a `#[chaos_test]`: its `before` steps, then
    /// the steps its body ran).
    pub steps: Vec<StepRecord>,
    /// The `during` steps of a `#[chaos_test]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub during: Vec<StepRecord>,
    /// The body of a `#[chaos_test]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyRecord>,
    /// The post steps that ran.
    pub post_steps: Vec<StepRecord>,
    /// The summary.
    pub result: TrialResult,
}

impl PhaseRecords {
    /// The records of one phase.
    pub fn phase(&self, phase: Phase) -> &[StepRecord] {
        match phase {
            Phase::PreSteps => &self.pre_steps,
            Phase::Steps => &self.steps,
            Phase::PostSteps => &self.post_steps,
            // A condition's checks are not steps; a breach is `stopped_by`.
            Phase::StopConditions => &[],
        }
    }

    pub(crate) fn phase_mut(&mut self, phase: Phase) -> Option<&mut Vec<StepRecord>> {
        match phase {
            Phase::PreSteps => Some(&mut self.pre_steps),
            Phase::Steps => Some(&mut self.steps),
            Phase::PostSteps => Some(&mut self.post_steps),
            Phase::StopConditions => None,
        }
    }
}

/// The breach of a stop condition: which condition, when, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StopRecord {
    /// The condition's step name.
    pub condition: String,
    /// Its `do`.
    #[serde(rename = "do")]
    pub action: String,
    /// When the breach was seen.
    pub at: DateTime<Utc>,
    /// What breached: the failed expectation (path, operator, expected and
    /// actual value) or the probe's error, secrets redacted.
    pub message: String,
    /// The probe's result at the breach (null when the probe failed).
    pub value: Value,
}

/// The record of one trial; serialized, it is what `kallisti run --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrialRecord {
    /// How it ended.
    pub status: TrialStatus,
    /// The experiment's name.
    pub experiment: String,
    /// The resolved parameters (secret-named ones redacted).
    pub parameters: Map<String, Value>,
    /// When it started.
    pub executed_at: DateTime<Utc>,
    /// When it ended.
    pub completed_at: DateTime<Utc>,
    /// Whether it was a dry run.
    #[serde(default)]
    pub dry_run: bool,
    /// The seed of the trial's random picks: a trial run with this seed
    /// against the same state picks the same targets.
    #[serde(default)]
    pub seed: u64,
    /// The stop condition whose breach stopped the trial, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<StopRecord>,
    /// The trial request's metadata, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// The trial request's ticket, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<Value>,
    /// The steps that ran and the summary.
    pub trial_record: PhaseRecords,
    /// Why the trial was `Invalid`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ProblemRecord>,
}

impl TrialRecord {
    /// Whether the trial succeeded.
    pub fn succeeded(&self) -> bool {
        self.status == TrialStatus::Succeeded
    }

    /// Every step that ran, with its phase, in run order.
    pub fn steps(&self) -> impl Iterator<Item = (Phase, &StepRecord)> {
        Phase::ALL
            .into_iter()
            .flat_map(move |p| self.trial_record.phase(p).iter().map(move |s| (p, s)))
    }

    /// Every step that ran, labelled with its phase's key, in run order:
    /// pre steps, steps, `during` steps, post steps. Reports list these.
    pub fn labelled_steps(&self) -> impl Iterator<Item = (&'static str, &StepRecord)> {
        let phases = &self.trial_record;
        let label = |key: &'static str| move |s| (key, s);
        phases
            .pre_steps
            .iter()
            .map(label("pre_steps"))
            .chain(phases.steps.iter().map(label("steps")))
            .chain(phases.during.iter().map(label("during")))
            .chain(phases.post_steps.iter().map(label("post_steps")))
    }

    /// The first step that ran with this name, in any phase.
    pub fn step(&self, name: &str) -> Option<&StepRecord> {
        self.steps().map(|(_, s)| s).find(|s| s.step_name == name)
    }

    /// Marks the trial `Failed`, unless it already ended otherwise
    /// (`Aborted`, `Stopped`, ...): the first cause wins.
    pub(crate) fn fail(&mut self) {
        if self.status == TrialStatus::Succeeded {
            self.status = TrialStatus::Failed;
        }
    }

    /// The first failed step, with its phase.
    pub fn first_failure(&self) -> Option<(Phase, &StepRecord)> {
        self.steps().find(|(_, s)| !s.succeeded())
    }
}
