//! Chaos experiments inline on tests: the runtime behind
//! [`#[chaos_test]`](crate::chaos_test), usable on its own too.
//!
//! A [`ChaosTest`] runs `pre` steps (health gates: a failure aborts and the
//! body never runs), `before` steps (the chaos), then the test body together
//! with the `during` steps (once, or repeated on an interval with expectations
//! on the aggregate), and finally the `post` steps, which always run. The
//! body gets a [`ChaosContext`] to run more steps and read earlier outputs.
//!
//! ```no_run
//! use kallisti::testing::{ChaosContext, ChaosTest};
//! use kallisti::Step;
//! use serde_json::json;
//!
//! # async fn demo() {
//! ChaosTest::new("fortune survives a slow route")
//!     .parameter("base_url", "http://127.0.0.1:8080")
//!     .pre(Step::new("up", "cm.http_probe").arg("url", "{{ base_url }}/health"))
//!     .during(Step::from_json(json!({
//!         "step": "keeps answering", "do": "cm.http_probe",
//!         "where": {"url": "{{ base_url }}/fortune"},
//!         "every": "100ms",
//!         "aggregate": [{"operator": "ge", "success_ratio": 0.95}]
//!     })).unwrap())
//!     .run_test(|ctx: ChaosContext| async move {
//!         let out = ctx.step("one more", "cm.http_probe",
//!             json!({"url": format!("{}/fortune", ctx.parameter_str("base_url").unwrap())}))
//!             .await
//!             .unwrap();
//!         assert_eq!(out["status_code"], 200);
//!     })
//!     .await;
//! # }
//! ```
//!
//! ## Environment
//! - `KALLISTI_DRY_RUN=1`: every step resolves and reports its targets
//!   without acting (expectations are not evaluated); the body still runs
//!   and can ask [`ChaosContext::dry_run`].
//! - `KALLISTI_ALLOW_HOSTS`, `KALLISTI_ALLOW_NAMESPACES`: an
//!   [`AllowList`] added to the test's own.
//! - `KALLISTI_RECORD_DIR`: where trial records are written
//!   (default `target/kallisti/`), one JSON file per test.
//! - `KALLISTI_HTML=1`: each record is also written as an HTML page with an
//!   SVG timeline, beside its JSON.

mod context;
mod outcome;

pub use context::{ChaosContext, StepFailure};
pub use outcome::record_path;
use outcome::{BodyOutcome, Inspector};

use crate::error::Error;
use crate::experiment::{Experiment, Phase, Problem, Step, StepLocation};
use crate::registry::{Plan, PlannedStep, Registry};
use crate::trial::{
    AllowList, BodyRecord, ErrorRecord, ProblemRecord, StepRecord, StepStatus, TrialRecord,
    TrialRun, TrialSettings, DEFAULT_STEP_TIMEOUT,
};
use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use serde::Serialize;
use serde_json::{Map, Value};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

/// The variable that turns every chaos test into a dry run.
pub const DRY_RUN_VAR: &str = "KALLISTI_DRY_RUN";
/// The variable naming the folder trial records are written to.
pub const RECORD_DIR_VAR: &str = "KALLISTI_RECORD_DIR";
/// The variable that also writes each record as an HTML page (`<record>.html`).
pub const HTML_VAR: &str = "KALLISTI_HTML";

/// How the phases are called in messages: as written inline
/// (`pre`, `before`, `during`, `post`) or as in a Kallisti file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Naming {
    Inline,
    File,
}

/// A chaos experiment around a test body; see the [module docs](self).
///
/// Under dry run every action reports what it would do and does nothing
/// (probes, which change nothing, still look), so this one runs anywhere:
///
/// ```
/// use kallisti::testing::{block_on, ChaosContext, ChaosTest};
/// use kallisti::Step;
///
/// let records = std::env::temp_dir().join("kallisti-doc-chaos-test");
/// let record = block_on(
///     ChaosTest::new("checkout keeps its promises")
///         .dry_run(true)
///         .record_dir(&records)
///         .before(Step::new("give chaos time", "cm.wait").arg("time_in_seconds", 30))
///         .post(Step::new("cool down", "cm.wait").arg("time_in_seconds", 30))
///         .run(|ctx: ChaosContext| async move {
///             assert!(ctx.dry_run());
///         }),
/// );
/// assert!(record.succeeded(), "{record:?}");
/// assert_eq!(record.steps().count(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct ChaosTest {
    name: String,
    parameters: Map<String, Value>,
    pre: Vec<Step>,
    before: Vec<Step>,
    during: Vec<Step>,
    post: Vec<Step>,
    naming: Naming,
    registry: Option<Registry>,
    dry_run: Option<bool>,
    allow: AllowList,
    seed: Option<u64>,
    stop_when: Vec<Step>,
    step_timeout: Duration,
    body_timeout: Option<Duration>,
    record_dir: Option<PathBuf>,
    problems: Vec<ProblemRecord>,
}

pub(crate) fn env_flag(var: &str) -> bool {
    std::env::var(var)
        .map(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "yes" | "on"
            )
        })
        .unwrap_or(false)
}

impl ChaosTest {
    /// A chaos test called `name`. Under `cargo test` and `cargo nextest`
    /// the running test's own name (with its rstest case) is used instead,
    /// so records of different cases do not overwrite each other.
    pub fn new(name: impl Into<String>) -> Self {
        let name = match std::thread::current().name() {
            Some(test) if test != "main" => test.to_string(),
            _ => name.into(),
        };
        ChaosTest {
            name,
            parameters: Map::new(),
            pre: Vec::new(),
            before: Vec::new(),
            during: Vec::new(),
            post: Vec::new(),
            naming: Naming::Inline,
            registry: None,
            dry_run: None,
            allow: AllowList::default(),
            seed: None,
            stop_when: Vec::new(),
            step_timeout: DEFAULT_STEP_TIMEOUT,
            body_timeout: None,
            record_dir: None,
            problems: Vec::new(),
        }
    }

    /// A chaos test from a Kallisti experiment: its parameters are defaults,
    /// its `pre_steps`, `steps` and `post_steps` become the `pre`, `before`
    /// and `post` steps.
    pub fn from_experiment(name: impl Into<String>, experiment: Experiment) -> Self {
        let mut test = ChaosTest::new(name);
        test.naming = Naming::File;
        test.parameters = experiment.parameters.unwrap_or_default();
        test.pre = experiment.pre_steps.unwrap_or_default();
        test.before = experiment.steps;
        test.post = experiment.post_steps.unwrap_or_default();
        test.stop_when = experiment.stop_conditions.unwrap_or_default();
        test
    }

    /// Like [`from_experiment`](Self::from_experiment), from a file's text
    /// (the macro embeds the file with `include_str!`).
    pub fn from_experiment_json(name: impl Into<String>, path: &str, text: &str) -> Self {
        match Experiment::from_json(text) {
            Ok(experiment) => ChaosTest::from_experiment(name, experiment),
            Err(error) => {
                let mut test = ChaosTest::new(name);
                test.problems.push(ProblemRecord {
                    step: None,
                    field: Some(path.to_string()),
                    kind: crate::ErrorKind::InvalidExperiment,
                    message: error.to_string(),
                });
                test
            }
        }
    }

    /// Sets a parameter (any serializable value; it takes precedence over a
    /// file's). A value that does not serialize makes the trial `Invalid`.
    pub fn parameter(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        let name = name.into();
        match serde_json::to_value(value) {
            Ok(value) => {
                self.parameters.insert(name, value);
            }
            Err(e) => self.problems.push(ProblemRecord {
                step: None,
                field: Some(format!("parameters.{name}")),
                kind: crate::ErrorKind::InvalidArgument,
                message: format!("does not serialize to JSON: {e}"),
            }),
        }
        self
    }

    /// Adds a pre step (a health gate: its failure aborts the trial).
    pub fn pre(mut self, step: Step) -> Self {
        self.pre.push(step);
        self
    }

    /// Adds a step run before the body (the chaos).
    pub fn before(mut self, step: Step) -> Self {
        self.before.push(step);
        self
    }

    /// Adds a step run alongside the body. With `"every": "250ms"` it repeats
    /// until the body ends (`"0ms"`: back to back), and its `"aggregate"`
    /// expectations are checked against `repetitions`, `succeeded`, `failed`,
    /// `success_ratio` and `min_`/`mean_`/`p50_`/`p90_`/`p99_`/`max_response_time_seconds`
    /// (default: every repetition succeeded). Its own `expect` applies to
    /// each repetition.
    pub fn during(mut self, step: Step) -> Self {
        self.during.push(step);
        self
    }

    /// Adds a post step (always run).
    pub fn post(mut self, step: Step) -> Self {
        self.post.push(step);
        self
    }

    /// The registry to run with (default: the built-in namespaces), e.g. one
    /// with your own namespaces registered.
    pub fn registry(mut self, registry: Registry) -> Self {
        self.registry = Some(registry);
        self
    }

    /// Forces a dry run on or off (default: `KALLISTI_DRY_RUN`).
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = Some(dry_run);
        self
    }

    /// Restricts where steps may act (added to `KALLISTI_ALLOW_*`).
    pub fn allow(mut self, allow: AllowList) -> Self {
        self.allow = self.allow.merge(allow);
        self
    }

    /// Adds a stop condition: a probe with expectations, checked every
    /// `every` (default 1 s) from the first pre step until the body and
    /// its `during` steps end. Its first breach cuts the running step or
    /// the body within a second, runs the post steps and fails the test
    /// with the trial `Stopped`, naming the condition and the value.
    pub fn stop_when(mut self, condition: Step) -> Self {
        self.stop_when.push(condition);
        self
    }

    /// Seeds the trial's random picks, to replay a recorded trial (default:
    /// `KALLISTI_SEED`, else a random seed, written to the record).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The timeout of steps that set none (default 60 s).
    pub fn step_timeout(mut self, timeout: Duration) -> Self {
        self.step_timeout = timeout;
        self
    }

    /// Fails the body when it runs longer than `timeout` (post steps still run).
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = Some(timeout);
        self
    }

    /// Where the trial record is written (default: `KALLISTI_RECORD_DIR`,
    /// else `target/kallisti/`).
    pub fn record_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.record_dir = Some(dir.into());
        self
    }

    /// Adds a step given as JSON to `phase` (`pre`, `before`, `during`,
    /// `post`, `stop_when`): what `#[chaos_test]` expands to. A step that does not read
    /// makes the trial `Invalid`.
    #[doc(hidden)]
    pub fn __step(mut self, phase: &str, value: Value) -> Self {
        let target = match phase {
            "pre" => &mut self.pre,
            "before" => &mut self.before,
            "during" => &mut self.during,
            "stop_when" => &mut self.stop_when,
            _ => &mut self.post,
        };
        let index = target.len();
        match Step::from_json(value) {
            Ok(step) => target.push(step),
            Err(error) => self.problems.push(ProblemRecord {
                step: Some(format!("{phase}[{index}]")),
                field: None,
                kind: crate::ErrorKind::InvalidExperiment,
                message: error.to_string(),
            }),
        }
        self
    }

    /// Runs the test and panics with a readable report unless the trial
    /// succeeded and the body returned without panic or `Err`.
    pub async fn run_test<F, Fut>(self, body: F)
    where
        F: FnOnce(ChaosContext) -> Fut,
        Fut: Future,
        Fut::Output: BodyOutcome,
    {
        self.run_test_inspected(body, None).await
    }

    /// [`run_test`](Self::run_test), handing the record to `inspect` first
    /// (custom assertions on what ran, exports).
    pub async fn run_test_inspected<'a, F, Fut>(self, body: F, inspect: Option<Inspector<'a>>)
    where
        F: FnOnce(ChaosContext) -> Fut,
        Fut: Future,
        Fut::Output: BodyOutcome,
    {
        let record_dir = self.record_dir.clone();
        let record = self.run(body).await;
        if let Some(inspect) = inspect {
            inspect(&record);
        }
        outcome::assert_succeeded(&record, record_dir);
    }

    /// Runs the test and returns its record (written to the record folder too).
    ///
    /// If this future is dropped before it completes, the post steps still
    /// run: those not yet begun as a task on the current tokio runtime (or,
    /// outside any runtime, on a thread of their own before the drop
    /// returns), and a post phase already under way to its end.
    pub async fn run<F, Fut>(self, body: F) -> TrialRecord
    where
        F: FnOnce(ChaosContext) -> Fut,
        Fut: Future,
        Fut::Output: BodyOutcome,
    {
        let record_dir = self.record_dir.clone();
        let record = self.execute(body).await;
        outcome::write_record(&record, record_dir);
        record
    }

    fn label(&self, phase: Phase, index: usize) -> String {
        let before = self.before.len();
        match (self.naming, phase) {
            (Naming::File, phase) => format!("{phase}[{index}]"),
            (Naming::Inline, Phase::PreSteps) => format!("pre[{index}]"),
            (Naming::Inline, Phase::Steps) if index < before => format!("before[{index}]"),
            (Naming::Inline, Phase::Steps) => format!("during[{}]", index - before),
            (Naming::Inline, Phase::PostSteps) => format!("post[{index}]"),
            (Naming::Inline, Phase::StopConditions) => format!("stop_when[{index}]"),
        }
    }

    async fn execute<F, Fut>(self, body: F) -> TrialRecord
    where
        F: FnOnce(ChaosContext) -> Fut,
        Fut: Future,
        Fut::Output: BodyOutcome,
    {
        let registry = self
            .registry
            .clone()
            .unwrap_or_else(Registry::with_builtins);
        let dry_run = self.dry_run.unwrap_or_else(|| env_flag(DRY_RUN_VAR));
        let allow = self.allow.clone().merge(AllowList::from_env());
        let span = tracing::info_span!("trial", experiment = %self.name, dry_run);
        let mut run = self.start_run(&registry, dry_run, allow.clone(), span.clone());
        let plan = match self.plan(&registry, &allow) {
            Ok(plan) => plan,
            Err(problems) => return run.invalid(&self.parameters, problems),
        };
        run.accept_plan(&plan);
        // The body borrows from the test, so the run cannot be a task of its
        // own (as `Trial::run` is); this runs the post steps if it is dropped.
        let mut owed = crate::trial::OwedPostSteps::new(
            &run.runner,
            plan.phase(Phase::PostSteps),
            span.clone(),
        );

        async {
            tracing::info!(target: "kallisti::trial", "trial started");
            let watch = crate::trial::StopWatch::start(&run.runner, &plan.stop_conditions);
            self.run_up_to_post(&mut run, &registry, &plan, allow, body)
                .await;
            run.stopped_by(watch.finish().await);
            // From here the post phase runs as a task: dropping the run now
            // leaves it running to the end rather than cut mid-step.
            owed.settle();
            self.run_post_phase(run, &plan).await
        }
        .instrument(span)
        .await
        .finish()
    }

    /// A run with this test's settings; its record's clock starts now.
    fn start_run(
        &self,
        registry: &Registry,
        dry_run: bool,
        allow: AllowList,
        span: tracing::Span,
    ) -> TrialRun {
        TrialRun::new(
            &self.name,
            TrialSettings {
                dry_run,
                step_timeout: self.step_timeout,
                cancel: CancellationToken::new(),
                metadata: None,
                ticket: None,
                allow,
                seed: self.seed.or_else(crate::trial::seed_from_env),
            },
            registry,
            span,
        )
    }

    /// Plans every phase at once (during steps after the before steps), so
    /// every problem is reported before anything runs. The problems come
    /// labelled as the test names its steps.
    fn plan(&self, registry: &Registry, allow: &AllowList) -> Result<Plan, Vec<ProblemRecord>> {
        let experiment = Experiment {
            name: self.name.clone(),
            description: None,
            metadata: None,
            parameters: None,
            pre_steps: Some(self.pre.clone()),
            steps: self.before.iter().chain(&self.during).cloned().collect(),
            post_steps: Some(self.post.clone()),
            stop_conditions: Some(self.stop_when.clone()),
            extra: Map::new(),
        };
        let plan = registry
            .plan(&experiment, &self.parameters)
            .and_then(|plan| allow.check_plan(&plan).map(|()| plan));
        let before = self.before.len();
        let plan = crate::trial::with_unbounded_repeats(plan, &experiment, |phase, index| {
            phase == Phase::Steps && index >= before
        });
        // Problems found while the test was built come first.
        let mut problems: Vec<ProblemRecord> = self.problems.clone();
        match plan {
            Ok(plan) if problems.is_empty() => Ok(plan),
            Ok(_) => Err(problems),
            Err(found) => {
                problems.extend(found.iter().map(|problem| self.relabel(problem)));
                Err(problems)
            }
        }
    }

    /// A plan problem, its step named as in the test (`during[0]`, not `steps[2]`).
    fn relabel(&self, problem: &Problem) -> ProblemRecord {
        let mut record = ProblemRecord::from(problem);
        if let Some(location) = &problem.location {
            record.step = Some(match &location.name {
                Some(name) => {
                    format!("{} ({name:?})", self.label(location.phase, location.index))
                }
                None => self.label(location.phase, location.index),
            });
        }
        record
    }

    /// The pre steps, then (while the trial still succeeds) the before
    /// steps, then the body with its during steps.
    async fn run_up_to_post<F, Fut>(
        &self,
        run: &mut TrialRun,
        registry: &Registry,
        plan: &Plan,
        allow: AllowList,
        body: F,
    ) where
        F: FnOnce(ChaosContext) -> Fut,
        Fut: Future,
        Fut::Output: BodyOutcome,
    {
        run.run_phase(Phase::PreSteps, plan.phase(Phase::PreSteps), |i| {
            self.label(Phase::PreSteps, i)
        })
        .await;
        let planned = plan.phase(Phase::Steps);
        let (before, during) = planned.split_at(self.before.len());
        if run.record.status == crate::TrialStatus::Succeeded {
            run.run_phase(Phase::Steps, before, |i| self.label(Phase::Steps, i))
                .await;
        }
        if run.record.status == crate::TrialStatus::Succeeded {
            self.run_body(run, registry, &plan.parameters, during, allow, body)
                .await;
        }
    }

    /// Runs the post steps as a task of their own, so that once begun they
    /// finish even if the caller drops the run.
    async fn run_post_phase(&self, mut run: TrialRun, plan: &Plan) -> TrialRun {
        let labels: Vec<String> = (0..plan.phase(Phase::PostSteps).len())
            .map(|i| self.label(Phase::PostSteps, i))
            .collect();
        let post = plan.phase(Phase::PostSteps).to_vec();
        let post_phase = tokio::spawn(
            async move {
                run.run_phase(Phase::PostSteps, &post, |i| labels[i].clone())
                    .await;
                run
            }
            .in_current_span(),
        );
        match post_phase.await {
            Ok(run) => run,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }

    /// Runs the body alongside the during steps, then records the body, the
    /// steps it ran and the during steps, failing or stopping the trial.
    #[allow(clippy::too_many_arguments)]
    async fn run_body<F, Fut>(
        &self,
        run: &mut TrialRun,
        registry: &Registry,
        parameters: &Map<String, Value>,
        during: &[PlannedStep],
        allow: AllowList,
        body: F,
    ) where
        F: FnOnce(ChaosContext) -> Fut,
        Fut: Future,
        Fut::Output: BodyOutcome,
    {
        let ctx = body_context(run, registry, parameters, allow);
        let stop = run.runner.cancel.child_token();
        let stop_guard = stop.clone().drop_guard();
        let during_tasks = spawn_during(run, during, &stop);
        let cancel = run.runner.cancel.clone();
        let (started_at, finished_at, failure) =
            run_body_to_end(body, ctx.clone(), self.body_timeout, &cancel, &stop).await;
        let during_records = join_during(during_tasks).await;
        drop(stop_guard);

        let stopped = matches!(failure, Some(Error::Stopped { .. }));
        let body_failed = failure.is_some();
        record_body(run, started_at, finished_at, failure);
        for (step, label_index) in ctx.take_body_steps() {
            record_step_outcome(run, &format!("body[{label_index}]"), &step);
            run.record.trial_record.steps.push(step);
        }
        for (index, record) in during_records.into_iter().enumerate() {
            let label = self.label(Phase::Steps, self.before.len() + index);
            record_step_outcome(run, &label, &record);
            run.record.trial_record.during.push(record);
        }
        if stopped {
            run.record.status = crate::TrialStatus::Stopped;
        } else if body_failed {
            run.record.fail();
        }
    }
}

/// The body's context: what it needs to run steps, and the outputs of the
/// pre and before steps that ran.
fn body_context(
    run: &TrialRun,
    registry: &Registry,
    parameters: &Map<String, Value>,
    allow: AllowList,
) -> ChaosContext {
    ChaosContext::new(context::Shared::new(
        registry.clone(),
        parameters.clone(),
        run.runner.clone(),
        allow,
        run.record
            .trial_record
            .pre_steps
            .iter()
            .chain(&run.record.trial_record.steps)
            .cloned()
            .collect(),
    ))
}

/// Starts the during steps, each repeating until `stop` when it has an
/// interval. They run as tasks of their own, so they keep going even
/// while a plain `fn` body blocks its thread.
fn spawn_during(
    run: &TrialRun,
    during: &[PlannedStep],
    stop: &CancellationToken,
) -> Vec<tokio::task::JoinHandle<StepRecord>> {
    during
        .iter()
        .map(|step| {
            let span = tracing::info_span!("phase", phase = "during");
            let (mut runner, step, stop) = (run.runner.clone(), step.clone(), stop.clone());
            // A probe alongside the body is not chaos: recovery counts from real actions.
            runner.marks_chaos = false;
            tokio::spawn(
                async move {
                    match &step.repeat {
                        Some(repeat) => {
                            crate::trial::run_repeated(&runner, &step, repeat, &stop).await
                        }
                        None => runner.run(&step, true).await,
                    }
                }
                .instrument(span),
            )
        })
        .collect()
}

/// The records of the during steps, in order, once all have ended.
async fn join_during(tasks: Vec<tokio::task::JoinHandle<StepRecord>>) -> Vec<StepRecord> {
    let mut records = Vec::new();
    for task in tasks {
        match task.await {
            Ok(record) => records.push(record),
            // The runner catches action panics; this is a bug in kallisti.
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
    records
}

/// Runs the body to its end, its timeout or the trial's cancellation, then
/// tells the during steps to stop. Returns when it started and ended, and
/// why it failed.
async fn run_body_to_end<F, Fut>(
    body: F,
    ctx: ChaosContext,
    body_timeout: Option<Duration>,
    cancel: &CancellationToken,
    stop: &CancellationToken,
) -> (DateTime<Utc>, DateTime<Utc>, Option<Error>)
where
    F: FnOnce(ChaosContext) -> Fut,
    Fut: Future,
    Fut::Output: BodyOutcome,
{
    let started_at = Utc::now();
    let future = AssertUnwindSafe(body(ctx)).catch_unwind();
    let timed = async {
        match body_timeout {
            Some(limit) => tokio::time::timeout(limit, future).await.map_err(|_| limit),
            None => Ok(future.await),
        }
    };
    let failure: Option<Error> = tokio::select! {
        biased;
        _ = cancel.cancelled() => Some(Error::Stopped { reason: "cancelled while the body ran".into() }),
        finished = timed => body_failure(finished),
    };
    // The body's end is taken before `during` steps are told to stop,
    // so none of them can look as if it ended first.
    let finished_at = Utc::now();
    stop.cancel();
    (started_at, finished_at, failure)
}

/// Why a body that ended (or timed out after `limit`) failed, if it did.
fn body_failure<T: BodyOutcome>(
    finished: Result<std::thread::Result<T>, Duration>,
) -> Option<Error> {
    match finished {
        Err(limit) => Some(Error::failed_action(format!(
            "the test body timed out after {}",
            humantime::format_duration(limit)
        ))),
        Ok(Err(panic)) => Some(Error::failed_action(format!(
            "the test body panicked: {}",
            crate::trial::panic_message(panic.as_ref())
        ))),
        Ok(Ok(output)) => output.failure().map(|message| {
            Error::failed_action(format!("the test body returned an error: {message}"))
        }),
    }
}

/// Logs how the body ended and keeps its record (the error redacted).
fn record_body(
    run: &mut TrialRun,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
    failure: Option<Error>,
) {
    let redactor = run.runner.scope.redactor.clone();
    let error = failure.map(|e| ErrorRecord::from_error(&e, |s| redactor.redact(s)));
    let logs = &mut run.record.trial_record.result.logs;
    match &error {
        None => logs.push("body: Succeeded".into()),
        Some(e) => logs.push(format!("body: Failed ({}: {})", e.kind, e.message)),
    }
    run.record.trial_record.body = Some(BodyRecord {
        started_at,
        finished_at,
        status: if error.is_some() {
            StepStatus::Failed
        } else {
            StepStatus::Succeeded
        },
        error,
    });
}

/// Logs a step the body or a during phase ran; a failed one fails the trial.
fn record_step_outcome(run: &mut TrialRun, label: &str, step: &StepRecord) {
    run.record.trial_record.result.logs.push(format!(
        "{label} {:?}: {}",
        step.step_name,
        crate::trial::outcome_of(step)
    ));
    if !step.succeeded() {
        run.record.fail();
    }
}

impl Step {
    /// A step from its JSON form (`{"step": ..., "do": ..., "where": {...}, ...}`).
    pub fn from_json(value: Value) -> Result<Step, crate::experiment::LoadError> {
        let wrapped = serde_json::json!({"name": "step", "steps": [value]});
        let mut experiment = Experiment::from_value(wrapped)?;
        Ok(experiment.steps.remove(0))
    }
}

/// What `#[chaos_test]` expands to; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use super::block_on;
    pub use super::outcome::{blocking_body, body_future, inspector, BodyOutcome, Inspector};

    use serde::Serialize;
    use serde_json::{Map, Value};
    use std::time::Duration;

    pub fn json_literal(text: &str) -> Value {
        serde_json::from_str(text).expect("the macro writes valid JSON")
    }

    pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Value {
        serde_json::to_value(value)
            .unwrap_or_else(|e| panic!("a value in #[chaos_test] does not serialize to JSON: {e}"))
    }

    pub fn json_list(items: Vec<Value>) -> Value {
        Value::Array(items)
    }

    pub fn json_object(entries: Vec<(&str, Value)>) -> Value {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<Map<String, Value>>(),
        )
    }

    /// Runs the Chaos Toolkit experiment `text` (read from `shown`) with
    /// the test's body between its method and its hypothesis after; panics
    /// with the report unless it completed without deviation and the body
    /// succeeded.
    #[cfg(feature = "chaostoolkit")]
    pub async fn run_chaostoolkit<F, Fut>(name: &str, shown: &str, text: &str, body: F)
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future,
        Fut::Output: super::outcome::BodyOutcome,
    {
        super::outcome::run_chaostoolkit(name, shown, text, body).await
    }

    pub fn duration(text: &str) -> Duration {
        crate::duration::parse(text).unwrap_or_else(|e| panic!("#[chaos_test]: {e}"))
    }
}

/// Runs a chaos test's future on a fresh tokio runtime (what the macro's
/// generated `#[test]` calls), like `#[tokio::test]`. The future runs on the
/// test's thread; `during` steps run on two worker threads.
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("kallisti: could not build a tokio runtime for the test")
        .block_on(future)
}

/// A location for steps a body runs: `steps[i]` in the record.
pub(crate) fn body_location(index: usize, step: &Step) -> StepLocation {
    StepLocation {
        phase: Phase::Steps,
        index,
        name: step.name.clone(),
    }
}
