//! The handle a chaos test's body gets.

use super::body_location;
use crate::error::ErrorKind;
use crate::experiment::Step;
use crate::registry::Registry;
use crate::trial::{AllowList, ErrorRecord, ProblemRecord, StepRecord, StepRunner, StepStatus};
use chrono::Utc;
use serde_json::{Map, Value};
use std::fmt;
use std::sync::{Arc, Mutex};

/// What a body shares with its trial.
pub(crate) struct Shared {
    registry: Registry,
    parameters: Map<String, Value>,
    runner: StepRunner,
    allow: AllowList,
    earlier: Vec<StepRecord>,
    body_steps: Mutex<Vec<StepRecord>>,
    handle: tokio::runtime::Handle,
}

impl Shared {
    pub(crate) fn new(
        registry: Registry,
        parameters: Map<String, Value>,
        runner: StepRunner,
        allow: AllowList,
        earlier: Vec<StepRecord>,
    ) -> Self {
        Shared {
            registry,
            parameters,
            runner,
            allow,
            earlier,
            body_steps: Mutex::default(),
            handle: tokio::runtime::Handle::current(),
        }
    }
}

/// The handle a `#[chaos_test]` body gets: run more steps (recorded in the
/// trial), read the outputs of earlier steps by name, read parameters.
/// Cheap to clone.
///
/// ```no_run
/// # use kallisti::testing::ChaosContext;
/// # use serde_json::json;
/// # async fn body(ctx: ChaosContext) -> Result<(), kallisti::testing::StepFailure> {
/// let base = ctx.parameter_str("base_url").unwrap().to_string();
/// let answer = ctx.step("checkout", "cm.http_request",
///     json!({"url": format!("{base}/checkout"), "method": "POST"})).await?;
/// assert_eq!(answer["status_code"], 200);
/// // the result of a `before` step, by name
/// let killed = ctx.output("kill one pod").unwrap();
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ChaosContext {
    shared: Arc<Shared>,
}

impl fmt::Debug for ChaosContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChaosContext")
            .field("dry_run", &self.dry_run())
            .finish_non_exhaustive()
    }
}

/// A step the body ran that failed (or could not run): its name, error kind
/// and message, secrets redacted.
#[derive(Debug, Clone, PartialEq)]
pub struct StepFailure {
    /// The step's name.
    pub step: String,
    /// The error's kind.
    pub kind: ErrorKind,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for StepFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "step {:?} failed: {}: {}",
            self.step, self.kind, self.message
        )
    }
}

impl std::error::Error for StepFailure {}

impl ChaosContext {
    pub(crate) fn new(shared: Shared) -> Self {
        ChaosContext {
            shared: Arc::new(shared),
        }
    }

    /// Every parameter of the trial.
    pub fn parameters(&self) -> &Map<String, Value> {
        &self.shared.parameters
    }

    /// One parameter.
    pub fn parameter(&self, name: &str) -> Option<&Value> {
        self.shared.parameters.get(name)
    }

    /// One parameter that is text (a URL, say).
    pub fn parameter_str(&self, name: &str) -> Option<&str> {
        self.parameter(name).and_then(Value::as_str)
    }

    /// Whether this is a dry run (`KALLISTI_DRY_RUN`): steps only report
    /// what they would do, so assertions on their effects do not hold.
    pub fn dry_run(&self) -> bool {
        self.shared.runner.scope.dry_run
    }

    /// The result of the latest step called `name` that ran before now: a
    /// step the body ran, a `before` step or a `pre` step (secrets redacted).
    pub fn output(&self, name: &str) -> Option<Value> {
        let body = self.shared.body_steps.lock().expect("body steps");
        body.iter()
            .rev()
            .chain(self.shared.earlier.iter().rev())
            .find(|s| s.step_name == name)
            .map(|s| s.result.clone())
    }

    /// Runs one more step (checked, with the trial's parameters, allow-list,
    /// timeout and dry run) and records it; a failure also fails the trial.
    pub async fn run(&self, step: Step) -> Result<Value, StepFailure> {
        let shared = &self.shared;
        let index = shared.body_steps.lock().expect("body steps").len();
        let location = body_location(index, &step);
        let planned = shared
            .registry
            .plan_one(&step, location.clone(), &shared.parameters)
            .and_then(|(planned, secrets)| {
                match crate::trial::unbounded_repeat(&step, location, false) {
                    Some(problem) => Err(vec![problem]),
                    None => Ok((planned, secrets)),
                }
            })
            .and_then(|(planned, secrets)| {
                for secret in &secrets {
                    shared.runner.scope.redactor.add(secret);
                }
                shared
                    .allow
                    .check_step(&planned)
                    .map(|()| planned)
                    .map_err(|p| vec![*p])
            });
        let record = match planned {
            Ok(planned) => shared.runner.run(&planned, true).await,
            Err(problems) => {
                let now = Utc::now();
                let message = problems
                    .iter()
                    .map(|p| ProblemRecord::from(p).to_string())
                    .collect::<Vec<_>>()
                    .join("; ");
                StepRecord {
                    step_name: step.display_name().to_string(),
                    action: step.action.clone(),
                    step_parameters: crate::credential::redact_arguments(&Value::Object(
                        step.arguments.clone(),
                    )),
                    status: StepStatus::Failed,
                    started_at: now,
                    finished_at: now,
                    result: Value::Null,
                    logs: Vec::new(),
                    error: Some(ErrorRecord {
                        kind: problems
                            .first()
                            .map(|p| p.error.kind())
                            .unwrap_or(ErrorKind::InvalidArgument),
                        message: shared.runner.scope.redactor.redact(&message),
                    }),
                    retry: None,
                    every: None,
                    samples: Vec::new(),
                }
            }
        };
        let outcome = match &record.error {
            None => Ok(record.result.clone()),
            Some(error) => Err(StepFailure {
                step: record.step_name.clone(),
                kind: error.kind,
                message: error.message.clone(),
            }),
        };
        shared.body_steps.lock().expect("body steps").push(record);
        outcome
    }

    /// Runs a step given by name, `do` and `where` (a JSON object).
    pub async fn step(
        &self,
        name: &str,
        action: &str,
        arguments: Value,
    ) -> Result<Value, StepFailure> {
        self.run(Step::new(name, action).args(arguments)).await
    }

    /// [`run`](Self::run) for a body that is a plain `fn` (it runs on a
    /// blocking thread, so it may wait here).
    pub fn run_blocking(&self, step: Step) -> Result<Value, StepFailure> {
        self.shared.handle.clone().block_on(self.run(step))
    }

    /// [`step`](Self::step) for a body that is a plain `fn`.
    pub fn step_blocking(
        &self,
        name: &str,
        action: &str,
        arguments: Value,
    ) -> Result<Value, StepFailure> {
        self.run_blocking(Step::new(name, action).args(arguments))
    }

    /// The steps the body ran, with their indexes, in order.
    pub(crate) fn take_body_steps(&self) -> Vec<(StepRecord, usize)> {
        let mut steps = self.shared.body_steps.lock().expect("body steps");
        std::mem::take(&mut *steps)
            .into_iter()
            .enumerate()
            .map(|(i, s)| (s, i))
            .collect()
    }
}
