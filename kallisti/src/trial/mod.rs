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

mod record;
mod recovery;
mod repeat;
mod step;
mod stop;

// How a step retries and repeats is read with the step itself; the
// runner's users have always found these names here.
pub use crate::experiment::{repeat_of, Repeat, RetrySpec, RECOVERY_FIELDS};
use recovery::TrialMemory;
pub use recovery::{AttemptRun, RetryRecord};
pub(crate) use repeat::run as run_repeated;
pub(crate) use step::{panic_message, StepRunner};
pub(crate) use stop::StopWatch;
pub use stop::DEFAULT_CHECK_INTERVAL;

// The allow-list and the step context belong to the action layer; the
// runner builds them, and users have always found them here.
use crate::action::TrialScope;
pub use crate::action::{
    AllowList, StepContext, ALLOW_AWS_ACCOUNTS_VAR, ALLOW_AWS_REGIONS_VAR, ALLOW_CF_SPACES_VAR,
    ALLOW_HOSTS_VAR, ALLOW_NAMESPACES_VAR, REQUIRE_ALLOW_LIST_VAR,
};
pub use record::{
    BodyRecord, ErrorRecord, PhaseRecords, ProblemRecord, Sample, StepRecord, StepStatus,
    StopRecord, TrialRecord, TrialResult, TrialStatus,
};

use crate::credential::{is_secret_key, Redactor, REDACTED};
use crate::error::Error;
use crate::experiment::{Experiment, Phase, Problem};
use crate::registry::{PlannedStep, Registry};
use chrono::Utc;
use serde_json::{Map, Value};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

/// The variable that seeds trials' random picks when the run sets no seed.
pub const SEED_VAR: &str = "KALLISTI_SEED";

/// The seed in `KALLISTI_SEED`, when it holds a number.
pub fn seed_from_env() -> Option<u64> {
    std::env::var(SEED_VAR).ok()?.trim().parse().ok()
}

/// The step timeout when neither the step nor the run sets one.
pub const DEFAULT_STEP_TIMEOUT: Duration = Duration::from_secs(60);

/// One execution of an experiment, configured with a builder.
///
/// ```
/// use kallisti::{Experiment, Registry, Step, Trial, TrialStatus};
///
/// // A dry run: actions report what they would do and do nothing (the
/// // wait does not wait); probes, which change nothing, still look.
/// let experiment = Experiment::builder("payments stay up")
///     .step(Step::new("let it settle", "cm.wait").arg("time_in_seconds", "{{ settle }}"))
///     .build()
///     .unwrap();
/// let started = std::time::Instant::now();
/// let record = kallisti::testing::block_on(
///     Trial::new(experiment)
///         .parameter("settle", 30)
///         .dry_run(true)
///         .seed(7)
///         .run(&Registry::with_builtins()),
/// );
/// assert_eq!(record.status, TrialStatus::Succeeded, "{}", kallisti::report::text(&record));
/// assert!(record.dry_run);
/// assert!(started.elapsed().as_secs() < 30);
/// ```
#[derive(Debug, Clone)]
pub struct Trial {
    experiment: Experiment,
    parameters: Map<String, Value>,
    dry_run: bool,
    step_timeout: Duration,
    metadata: Option<Map<String, Value>>,
    ticket: Option<Value>,
    cancel: CancellationToken,
    allow: AllowList,
    seed: Option<u64>,
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
            allow: AllowList::default(),
            seed: None,
        }
    }

    /// Restricts where steps may act (hosts, namespaces, AWS accounts and
    /// regions, CF spaces): a step whose arguments name a target outside
    /// the list makes the trial `Invalid` before anything runs, and every
    /// connection a step makes is checked again where it is made.
    pub fn allow(mut self, allow: AllowList) -> Self {
        self.allow = allow;
        self
    }

    /// Seeds the trial's random picks (pods, nodes, instances...). The seed
    /// is in the record, so a trial can be replayed; without one, a random
    /// seed is drawn.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
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
        let span = tracing::info_span!("trial", experiment = %self.experiment.name, dry_run = self.dry_run);
        let mut run = TrialRun::new(
            &self.experiment.name,
            TrialSettings {
                dry_run: self.dry_run,
                step_timeout: self.step_timeout,
                cancel: self.cancel.clone(),
                metadata: self.metadata.clone(),
                ticket: self.ticket.clone(),
                allow: self.allow.clone(),
                seed: self.seed,
            },
            &registry,
            span,
        );
        let plan = registry
            .plan(&self.experiment, &self.parameters)
            .and_then(|plan| self.allow.check_plan(&plan).map(|()| plan));
        let plan = match with_unbounded_repeats(plan, &self.experiment, |_, _| false) {
            Ok(plan) => plan,
            Err(problems) => {
                let mut merged = self.experiment.parameters.clone().unwrap_or_default();
                merged.extend(self.parameters.clone());
                return run.invalid(&merged, problems.iter().map(ProblemRecord::from).collect());
            }
        };
        run.accept_plan(&plan);
        let span = run.span.clone();
        async {
            tracing::info!(target: "kallisti::trial", "trial started");
            let watch = StopWatch::start(&run.runner, &plan.stop_conditions);
            run.run_phase(Phase::PreSteps, plan.phase(Phase::PreSteps), |i| {
                format!("{}[{i}]", Phase::PreSteps)
            })
            .await;
            if run.record.status == TrialStatus::Succeeded {
                run.run_phase(Phase::Steps, plan.phase(Phase::Steps), |i| {
                    format!("{}[{i}]", Phase::Steps)
                })
                .await;
            }
            run.stopped_by(watch.finish().await);
            run.run_phase(Phase::PostSteps, plan.phase(Phase::PostSteps), |i| {
                format!("{}[{i}]", Phase::PostSteps)
            })
            .await;
        }
        .instrument(span)
        .await;
        run.finish()
    }
}

/// How a run is set up, whatever drives it.
#[derive(Debug, Clone)]
pub(crate) struct TrialSettings {
    pub(crate) dry_run: bool,
    pub(crate) step_timeout: Duration,
    pub(crate) cancel: CancellationToken,
    pub(crate) metadata: Option<Map<String, Value>>,
    pub(crate) ticket: Option<Value>,
    pub(crate) allow: AllowList,
    pub(crate) seed: Option<u64>,
}

/// One trial in progress: its record and the runner of its steps. The
/// command's trials and `#[chaos_test]` share it, so the phase rules are
/// written once.
pub(crate) struct TrialRun {
    pub(crate) record: TrialRecord,
    pub(crate) runner: StepRunner,
    pub(crate) span: tracing::Span,
}

impl TrialRun {
    pub(crate) fn new(
        experiment: &str,
        settings: TrialSettings,
        registry: &Registry,
        span: tracing::Span,
    ) -> Self {
        let executed_at = Utc::now();
        let seed = settings.seed.unwrap_or_else(|| fastrand::u64(..));
        let record = TrialRecord {
            status: TrialStatus::Succeeded,
            experiment: experiment.to_string(),
            parameters: Map::new(),
            executed_at,
            completed_at: executed_at,
            dry_run: settings.dry_run,
            seed,
            stopped_by: None,
            metadata: settings.metadata,
            ticket: settings.ticket,
            trial_record: PhaseRecords::default(),
            problems: Vec::new(),
        };
        let redactor = Redactor::default();
        crate::credential::install_panic_redaction();
        let scope = TrialScope::new(
            redactor,
            registry.credential_types().clone(),
            settings.dry_run,
            settings.allow,
            seed,
        );
        TrialRun {
            record,
            runner: StepRunner {
                scope,
                default_timeout: settings.step_timeout,
                // A child: a stop condition cancels this run, not the
                // caller's token.
                cancel: settings.cancel.child_token(),
                memory: TrialMemory::default(),
                marks_chaos: true,
            },
            span,
        }
    }

    /// Ends an `Invalid` trial: every problem in the record and the logs, no step run.
    pub(crate) fn invalid(
        mut self,
        parameters: &Map<String, Value>,
        problems: Vec<ProblemRecord>,
    ) -> TrialRecord {
        let _enter = self.span.enter();
        let record = &mut self.record;
        record.status = TrialStatus::Invalid;
        record.parameters = shown_parameters(parameters);
        record.problems = problems;
        for problem in &record.problems {
            tracing::error!(target: "kallisti::trial", "{problem}");
            record.trial_record.result.logs.push(problem.to_string());
        }
        record.trial_record.result.logs.push(format!(
            "trial Invalid: {} problem(s), no step ran",
            record.problems.len()
        ));
        record.completed_at = Utc::now();
        self.record
    }

    /// Records the breach of a stop condition, if one stopped the run.
    pub(crate) fn stopped_by(&mut self, breach: Option<StopRecord>) {
        let Some(breach) = breach else {
            return;
        };
        let line = format!(
            "stop condition {:?} ({}) breached: {}",
            breach.condition, breach.action, breach.message
        );
        tracing::warn!(target: "kallisti::trial", "{line}");
        self.record.trial_record.result.logs.push(line);
        self.record.status = TrialStatus::Stopped;
        self.record.stopped_by = Some(breach);
    }

    /// Takes the plan's parameters and literal secrets.
    pub(crate) fn accept_plan(&mut self, plan: &crate::registry::Plan) {
        for secret in &plan.literal_secrets {
            self.runner.scope.redactor.add(secret);
        }
        self.record.parameters = shown_parameters(&plan.parameters);
    }

    /// Runs the steps of one phase with its rules; `label` names a step by
    /// its index in summaries. Stops early when the phase's rules say so.
    pub(crate) async fn run_phase(
        &mut self,
        phase: Phase,
        steps: &[PlannedStep],
        label: impl Fn(usize) -> String,
    ) {
        let cancellable = phase != Phase::PostSteps;
        let phase_span = tracing::info_span!("phase", phase = %phase);
        for (index, step) in steps.iter().enumerate() {
            if cancellable && self.runner.cancel.is_cancelled() {
                self.record.status = TrialStatus::Stopped;
                break;
            }
            let step_record = self
                .runner
                .run(step, cancellable)
                .instrument(phase_span.clone())
                .await;
            if !self.push(phase, &label(index), step_record) {
                break;
            }
        }
        if phase == Phase::PreSteps && self.record.status == TrialStatus::Aborted {
            self.record
                .trial_record
                .result
                .logs
                .push("a pre step failed: steps skipped, post steps run".into());
        }
    }

    /// Records a step of `phase` and applies the status rules; false when
    /// the phase must stop here.
    pub(crate) fn push(&mut self, phase: Phase, label: &str, step: StepRecord) -> bool {
        let record = &mut self.record;
        record.trial_record.result.logs.push(format!(
            "{label} {:?}: {}",
            step.step_name,
            outcome_of(&step)
        ));
        let failed = !step.succeeded();
        let stopped = step
            .error
            .as_ref()
            .is_some_and(|e| e.kind == crate::ErrorKind::Stopped);
        if let Some(records) = record.trial_record.phase_mut(phase) {
            records.push(step);
        }
        if !failed {
            return true;
        }
        match phase {
            _ if stopped => {
                record.status = TrialStatus::Stopped;
                false
            }
            Phase::PreSteps => {
                record.status = TrialStatus::Aborted;
                false
            }
            Phase::Steps => {
                record.fail();
                false
            }
            // Every post step is attempted.
            Phase::PostSteps => {
                record.fail();
                true
            }
            Phase::StopConditions => true,
        }
    }

    /// Closes the record with its summary line.
    pub(crate) fn finish(mut self) -> TrialRecord {
        let record = &mut self.record;
        let ran = record.labelled_steps().count();
        let ok = record
            .labelled_steps()
            .filter(|(_, s)| s.succeeded())
            .count();
        record.trial_record.result.logs.push(format!(
            "trial {}: {ok} of {ran} step(s) succeeded{}",
            record.status,
            if record.dry_run { " (dry run)" } else { "" }
        ));
        let _enter = self.span.enter();
        tracing::info!(target: "kallisti::trial", status = %record.status, "trial finished");
        record.completed_at = Utc::now();
        self.record
    }
}

/// The post steps a run owes the systems under test until its post phase
/// has begun. If the run's future is dropped first (a `select!`, a timeout
/// around it), dropping this runs them anyway: as a task on the current
/// tokio runtime (which must keep running for them to finish), or, outside
/// any runtime, on a thread of their own that the drop waits for.
pub(crate) struct OwedPostSteps {
    owed: Option<(StepRunner, Vec<PlannedStep>, tracing::Span)>,
}

impl OwedPostSteps {
    pub(crate) fn new(runner: &StepRunner, steps: &[PlannedStep], span: tracing::Span) -> Self {
        OwedPostSteps {
            owed: (!steps.is_empty()).then(|| (runner.clone(), steps.to_vec(), span)),
        }
    }

    /// The post phase is starting the usual way: nothing is owed any more.
    pub(crate) fn settle(&mut self) {
        self.owed = None;
    }
}

impl Drop for OwedPostSteps {
    fn drop(&mut self) {
        let Some((runner, steps, span)) = self.owed.take() else {
            return;
        };
        // Whatever the run had going (during probes, retries) stops now.
        runner.cancel.cancel();
        let work = async move {
            tracing::warn!(
                target: "kallisti::trial",
                "the run was dropped before its post steps: running them now"
            );
            for step in &steps {
                let record = runner
                    .run(step, false)
                    .instrument(tracing::info_span!("phase", phase = %Phase::PostSteps))
                    .await;
                tracing::info!(
                    target: "kallisti::trial",
                    "post step {:?} after the run was dropped: {}",
                    record.step_name,
                    outcome_of(&record)
                );
            }
        }
        .instrument(span);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn(work)),
            Err(_) => {
                let thread =
                    std::thread::spawn(move || match tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    {
                        Ok(runtime) => runtime.block_on(work),
                        Err(e) => tracing::error!(
                            target: "kallisti::trial",
                            "cannot run the post steps of a dropped run: {e}"
                        ),
                    });
                let _ = thread.join();
            }
        }
    }
}

/// The problem of a step that repeats with no `times` when nothing would
/// end the repetitions (it is not a `#[chaos_test]`'s `during` step). The
/// plan checks every other rule on how a step's keys combine.
pub(crate) fn unbounded_repeat(
    step: &crate::experiment::Step,
    location: crate::experiment::StepLocation,
    during: bool,
) -> Option<Problem> {
    let (field, message) = step
        .shape_problems(during)
        .into_iter()
        .find(|(field, _)| field == "every")?;
    Some(Problem::new(
        Some(location),
        Some(field.clone()),
        Error::invalid_argument(field, message),
    ))
}

/// Adds to a plan's outcome the steps that repeat with no `times`: only a
/// `#[chaos_test]`'s `during` steps may (they stop when the body ends);
/// `is_during(phase, index)` tells them apart. Every problem is reported.
pub(crate) fn with_unbounded_repeats(
    plan: Result<crate::registry::Plan, Vec<Problem>>,
    experiment: &Experiment,
    is_during: impl Fn(Phase, usize) -> bool,
) -> Result<crate::registry::Plan, Vec<Problem>> {
    let unbounded: Vec<Problem> = experiment
        .all_steps()
        .filter_map(|(phase, index, step)| {
            let location = crate::experiment::StepLocation {
                phase,
                index,
                name: step.name.clone(),
            };
            unbounded_repeat(step, location, is_during(phase, index))
        })
        .collect();
    match plan {
        Ok(plan) if unbounded.is_empty() => Ok(plan),
        Ok(_) => Err(unbounded),
        Err(mut problems) => {
            problems.extend(unbounded);
            Err(problems)
        }
    }
}

impl AllowList {
    /// Checks every planned step before anything runs (what `kallisti validate` reports); each refusal is a problem naming step and field.
    pub fn check_plan(&self, plan: &crate::registry::Plan) -> Result<(), Vec<Problem>> {
        let problems: Vec<Problem> = plan
            .phases
            .iter()
            .flatten()
            .filter_map(|step| self.check_step(step).err().map(|p| *p))
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    pub(crate) fn check_step(&self, step: &PlannedStep) -> Result<(), Box<Problem>> {
        if self.is_required()
            && self.is_empty()
            && step.spec.kind == kallisti_catalog::ActionKind::Action
        {
            return Err(Box::new(Problem::new(
                Some(step.location.clone()),
                None,
                Error::Refused {
                    target: format!("acting step `{}`", step.action),
                    origin: format!("{REQUIRE_ALLOW_LIST_VAR} / --require-allow-list"),
                    allowed: "none is set".into(),
                },
            )));
        }
        self.check(&step.arguments).map_err(|error| {
            let field = match &error {
                Error::InvalidArgument { argument, .. } => format!("where.{argument}"),
                _ => "where".into(),
            };
            Box::new(Problem::new(
                Some(step.location.clone()),
                Some(field),
                error,
            ))
        })
    }
}

/// A step's outcome in one phrase, for summaries.
pub(crate) fn outcome_of(step: &StepRecord) -> String {
    match &step.error {
        None => "Succeeded".to_string(),
        Some(e) => format!("Failed ({}: {})", e.kind, e.message),
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
