//! Running an experiment: one trial, phase by phase, into a [`TrialRecord`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use kallisti::{Experiment, Registry, Trial};
//!
//! let experiment = Experiment::from_file("experiments/checkout.json")?;
//! let record = Trial::new(experiment)
//!     .parameter("base_url", "http://127.0.0.1:8080")
//!     .run(&Registry::with_builtins())
//!     .await;
//! println!("{}", kallisti::report::text(&record));
//! assert!(record.succeeded());
//! # Ok(()) }
//! ```
//!
//! Rules: `pre_steps` run first and any failure makes the trial `Aborted`
//! (steps skipped); `steps` stop at the first failure (`Failed`);
//! `post_steps` always run, every one of them, and a failing post step turns a
//! `Succeeded` trial into `Failed`. Problems found before any step runs make
//! the trial `Invalid`; a stopped run is `Stopped`, post steps included.

mod context;
mod record;

pub use context::StepContext;
pub use record::{
    ErrorRecord, PhaseRecords, ProblemRecord, StepRecord, StepStatus, TrialRecord, TrialResult,
    TrialStatus,
};

use crate::credential::{is_secret_key, Redactor, REDACTED};
use crate::error::Error;
use crate::experiment::{Experiment, Phase};
use crate::registry::{PlannedStep, Registry};
use chrono::Utc;
use context::TrialScope;
use futures_util::FutureExt;
use serde_json::{Map, Value};
use std::panic::AssertUnwindSafe;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

/// The step timeout when neither the step nor the run sets one.
pub const DEFAULT_STEP_TIMEOUT: Duration = Duration::from_secs(60);

/// One execution of an experiment, configured with a builder.
#[derive(Debug, Clone)]
pub struct Trial {
    experiment: Experiment,
    parameters: Map<String, Value>,
    dry_run: bool,
    step_timeout: Duration,
    metadata: Option<Map<String, Value>>,
    ticket: Option<Value>,
    cancel: CancellationToken,
}

impl Trial {
    /// A trial of `experiment` with no parameters of its own.
    pub fn new(experiment: Experiment) -> Self {
        Trial {
            experiment,
            parameters: Map::new(),
            dry_run: false,
            step_timeout: DEFAULT_STEP_TIMEOUT,
            metadata: None,
            ticket: None,
            cancel: CancellationToken::new(),
        }
    }

    /// Sets a parameter (over the experiment's value of the same name).
    pub fn parameter(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.parameters.insert(name.into(), value.into());
        self
    }

    /// Sets several parameters.
    pub fn parameters(mut self, parameters: Map<String, Value>) -> Self {
        self.parameters.extend(parameters);
        self
    }

    /// Dry run: steps resolve their targets and report them without acting;
    /// expectations are not evaluated.
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// The timeout of steps that set none (default 60 s).
    pub fn step_timeout(mut self, timeout: Duration) -> Self {
        self.step_timeout = timeout;
        self
    }

    /// Metadata carried into the record (a trial request's `metadata`).
    pub fn metadata(mut self, metadata: Map<String, Value>) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// A ticket carried into the record (a trial request's `ticket`).
    pub fn ticket(mut self, ticket: Value) -> Self {
        self.ticket = Some(ticket);
        self
    }

    /// Stops the run when `token` is cancelled: the current step is
    /// interrupted, the remaining steps skipped, the post steps run, and the
    /// trial is `Stopped`.
    pub fn cancel_on(mut self, token: CancellationToken) -> Self {
        self.cancel = token;
        self
    }

    /// Runs the trial on the current tokio runtime.
    ///
    /// The trial runs in its own task: if this future is dropped before it
    /// completes, the run is stopped and its post steps still run.
    pub async fn run(self, registry: &Registry) -> TrialRecord {
        let registry = registry.clone();
        let cancel = self.cancel.clone();
        let guard = cancel.clone().drop_guard();
        let task = tokio::spawn(self.execute(registry));
        let record = match task.await {
            Ok(record) => record,
            // The runner catches action panics itself; this is a bug in kallisti.
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
        guard.disarm();
        record
    }

    async fn execute(self, registry: Registry) -> TrialRecord {
        let executed_at = Utc::now();
        let span = tracing::info_span!("trial", experiment = %self.experiment.name, dry_run = self.dry_run);
        let redactor = Redactor::default();
        let mut record = TrialRecord {
            status: TrialStatus::Succeeded,
            experiment: self.experiment.name.clone(),
            parameters: Map::new(),
            executed_at,
            completed_at: executed_at,
            dry_run: self.dry_run,
            metadata: self.metadata.clone(),
            ticket: self.ticket.clone(),
            trial_record: PhaseRecords::default(),
            problems: Vec::new(),
        };
        let plan = match registry.plan(&self.experiment, &self.parameters) {
            Ok(plan) => plan,
            Err(problems) => {
                let _enter = span.enter();
                record.status = TrialStatus::Invalid;
                let mut merged = self.experiment.parameters.clone().unwrap_or_default();
                merged.extend(self.parameters.clone());
                record.parameters = shown_parameters(&merged);
                record.problems = problems.iter().map(ProblemRecord::from).collect();
                for problem in &record.problems {
                    tracing::error!(target: "kallisti::trial", "{problem}");
                    record.trial_record.result.logs.push(problem.to_string());
                }
                record.trial_record.result.logs.push(format!(
                    "trial Invalid: {} problem(s), no step ran",
                    record.problems.len()
                ));
                record.completed_at = Utc::now();
                return record;
            }
        };
        for secret in &plan.literal_secrets {
            redactor.add(secret);
        }
        record.parameters = shown_parameters(&plan.parameters);
        let scope = TrialScope::new(
            redactor.clone(),
            registry.credential_types().clone(),
            self.dry_run,
        );
        let runner = StepRunner {
            scope,
            default_timeout: self.step_timeout,
            cancel: self.cancel.clone(),
        };

        async {
            tracing::info!(target: "kallisti::trial", "trial started");
            for phase in Phase::ALL {
                let cancellable = phase != Phase::PostSteps;
                if phase == Phase::Steps && record.status != TrialStatus::Succeeded {
                    continue;
                }
                let phase_span = tracing::info_span!("phase", phase = %phase);
                for step in plan.phase(phase) {
                    if cancellable && self.cancel.is_cancelled() {
                        record.status = TrialStatus::Stopped;
                        break;
                    }
                    let step_record = runner
                        .run(step, cancellable)
                        .instrument(phase_span.clone())
                        .await;
                    let failed = !step_record.succeeded();
                    let stopped = step_record
                        .error
                        .as_ref()
                        .is_some_and(|e| e.kind == crate::ErrorKind::Stopped);
                    record.trial_record.result.logs.push(format!(
                        "{}[{}] {:?}: {}",
                        phase,
                        step.location.index,
                        step.name,
                        match &step_record.error {
                            None => "Succeeded".to_string(),
                            Some(e) => format!("Failed ({}: {})", e.kind, e.message),
                        }
                    ));
                    record.trial_record.phase_mut(phase).push(step_record);
                    if failed {
                        match phase {
                            _ if stopped => {
                                record.status = TrialStatus::Stopped;
                                break;
                            }
                            Phase::PreSteps => {
                                record.status = TrialStatus::Aborted;
                                break;
                            }
                            Phase::Steps => {
                                record.status = TrialStatus::Failed;
                                break;
                            }
                            // Every post step is attempted.
                            Phase::PostSteps => {
                                if record.status == TrialStatus::Succeeded {
                                    record.status = TrialStatus::Failed;
                                }
                            }
                        }
                    }
                }
                if phase == Phase::PreSteps && record.status == TrialStatus::Aborted {
                    record
                        .trial_record
                        .result
                        .logs
                        .push("a pre step failed: steps skipped, post steps run".into());
                }
            }
            let ran = record.steps().count();
            let ok = record.steps().filter(|(_, s)| s.succeeded()).count();
            record.trial_record.result.logs.push(format!(
                "trial {}: {ok} of {ran} step(s) succeeded{}",
                record.status,
                if self.dry_run { " (dry run)" } else { "" }
            ));
            tracing::info!(target: "kallisti::trial", status = %record.status, "trial finished");
        }
        .instrument(span)
        .await;
        record.completed_at = Utc::now();
        record
    }
}

fn shown_parameters(parameters: &Map<String, Value>) -> Map<String, Value> {
    parameters
        .iter()
        .map(|(k, v)| {
            let v = if is_secret_key(k) {
                Value::String(REDACTED.into())
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect()
}

struct StepRunner {
    scope: TrialScope,
    default_timeout: Duration,
    cancel: CancellationToken,
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a non-text panic".into())
}

impl StepRunner {
    async fn run(&self, step: &PlannedStep, cancellable: bool) -> StepRecord {
        let span = tracing::info_span!("step", step = %step.name, r#do = %step.action);
        self.run_inner(step, cancellable).instrument(span).await
    }

    async fn run_inner(&self, step: &PlannedStep, cancellable: bool) -> StepRecord {
        let ctx = StepContext::new(&step.name, self.scope.clone());
        let redactor = &self.scope.redactor;
        let timeout = step.timeout.unwrap_or(self.default_timeout);
        tracing::info!(
            target: "kallisti::step",
            arguments = %step.shown_arguments,
            "step started"
        );
        let started_at = Utc::now();
        let call = AssertUnwindSafe(step.namespace.call(
            step.spec.name,
            step.arguments.clone(),
            ctx.clone(),
        ))
        .catch_unwind();
        let timed = tokio::time::timeout(timeout, call);
        let outcome = tokio::select! {
            biased;
            _ = self.cancel.cancelled(), if cancellable => Err(Error::Stopped {
                reason: "cancelled while the step ran".into(),
            }),
            finished = timed => match finished {
                Err(_) => Err(Error::Timeout { after: timeout }),
                Ok(Err(panic)) => Err(Error::failed_action(format!(
                    "the action panicked: {}",
                    panic_message(panic.as_ref())
                ))),
                Ok(Ok(result)) => result,
            },
        };
        let (status, mut result, error) = match outcome {
            Err(error) => (StepStatus::Failed, Value::Null, Some(error)),
            Ok(result) if self.scope.dry_run => {
                if !step.expectations.is_empty() {
                    ctx.log("dry run: expectations not evaluated");
                }
                (StepStatus::Succeeded, result, None)
            }
            Ok(result) => match step
                .expectations
                .iter()
                .find_map(|e| crate::expect::evaluate(e, &result).err())
            {
                Some(error) => (StepStatus::Failed, result, Some(error)),
                None => (StepStatus::Succeeded, result, None),
            },
        };
        let finished_at = Utc::now();
        let error = error.map(|e| ErrorRecord::from_error(&e, |s| redactor.redact(s)));
        redactor.redact_value(&mut result);
        let mut shown_arguments = step.shown_arguments.clone();
        redactor.redact_value(&mut shown_arguments);
        match &error {
            None => tracing::info!(target: "kallisti::step", status = "Succeeded", "step finished"),
            Some(e) => tracing::warn!(
                target: "kallisti::step",
                status = "Failed",
                error.kind = %e.kind,
                error.message = %e.message,
                "step failed"
            ),
        }
        StepRecord {
            step_name: step.name.clone(),
            action: step.action.clone(),
            step_parameters: shown_arguments,
            status,
            started_at,
            finished_at,
            result,
            logs: ctx.logs(),
            error,
        }
    }
}
