//! A Chaos Toolkit experiment's run, in the order the Chaos Toolkit runs
//! it: the hypothesis before, the method (with background activities and
//! the hypothesis during it when asked), the hypothesis after, then the
//! rollbacks as the rollback strategy says; the journal and a kallisti
//! record of the same steps.

use super::document::ChaosToolkitExperiment;
use super::execute::{Ended, Executor};
use super::journal::{iso, platform_and_node};
use super::validate::{refusals, validate};
use crate::experiment::{Phase, Problem};
use crate::registry::Registry;
use crate::trial::{
    AllowList, ProblemRecord, StepRecord, TrialRecord, TrialRun, TrialSettings, TrialStatus,
};
use chrono::Utc;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// When the steady-state hypothesis runs (`runtime.hypothesis.strategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HypothesisStrategy {
    /// Before and after the method.
    Default,
    /// Only before the method.
    BeforeMethodOnly,
    /// Only after the method.
    AfterMethodOnly,
    /// Only while the method runs, every `hypothesis_frequency`.
    DuringMethodOnly,
    /// Before, during and after the method.
    Continuously,
}

impl HypothesisStrategy {
    /// The strategy called `name` (`default`, `before-method-only`, ...).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "default" => Self::Default,
            "before-method-only" => Self::BeforeMethodOnly,
            "after-method-only" => Self::AfterMethodOnly,
            "during-method-only" => Self::DuringMethodOnly,
            "continuously" => Self::Continuously,
            _ => return None,
        })
    }

    fn before(self) -> bool {
        matches!(
            self,
            Self::Default | Self::BeforeMethodOnly | Self::Continuously
        )
    }

    fn during(self) -> bool {
        matches!(self, Self::DuringMethodOnly | Self::Continuously)
    }

    fn after(self) -> bool {
        matches!(
            self,
            Self::Default | Self::AfterMethodOnly | Self::Continuously
        )
    }
}

/// When rollbacks run (`runtime.rollbacks.strategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollbackStrategy {
    /// Unless the run failed or was interrupted.
    Default,
    /// Always.
    Always,
    /// Never.
    Never,
    /// Only when the run deviated.
    Deviated,
}

impl RollbackStrategy {
    /// The strategy called `name` (`default`, `always`, `never`, `deviated`).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "default" => Self::Default,
            "always" => Self::Always,
            "never" => Self::Never,
            "deviated" => Self::Deviated,
            _ => return None,
        })
    }
}

/// How a Chaos Toolkit run ended: its journal (none when the experiment was
/// not valid), kallisti's record of the same steps, and the warnings shown.
#[derive(Debug, Clone)]
pub struct ChaosToolkitOutcome {
    /// The `journal.json` document.
    pub journal: Option<Value>,
    /// Kallisti's record: hypothesis-before probes as pre steps, the method
    /// as steps, hypothesis-after probes and rollbacks as post steps.
    pub record: TrialRecord,
    /// Controls skipped and the like.
    pub warnings: Vec<String>,
    /// Why the body of a `#[chaos_test(chaostoolkit = ...)]` failed, if it did.
    pub body_failure: Option<String>,
}

impl ChaosToolkitOutcome {
    /// `completed`, `failed`, `aborted`, `interrupted`, or `invalid` when
    /// the experiment could not run.
    pub fn status(&self) -> &str {
        self.journal
            .as_ref()
            .and_then(|j| j["status"].as_str())
            .unwrap_or("invalid")
    }

    /// Whether the hypothesis after the method was missed.
    pub fn deviated(&self) -> bool {
        self.journal
            .as_ref()
            .is_some_and(|j| j["deviated"] == json!(true))
    }

    /// `chaos run`'s exit code: 0 when completed without deviation, else 1.
    pub fn exit_code(&self) -> i32 {
        if self.status() == "completed" && !self.deviated() {
            0
        } else {
            1
        }
    }
}

/// Runs a Chaos Toolkit experiment with kallisti's registry, allow-list
/// and dry run.
///
/// ```no_run
/// use kallisti::chaostoolkit::{ChaosToolkitExperiment, ChaosToolkitRun};
/// use kallisti::Registry;
///
/// # async fn run() {
/// let experiment = ChaosToolkitExperiment::load("experiment.json").unwrap();
/// let outcome = ChaosToolkitRun::new(experiment).run(&Registry::with_builtins()).await;
/// println!("{} (deviated: {})", outcome.status(), outcome.deviated());
/// # }
/// ```
pub struct ChaosToolkitRun {
    experiment: ChaosToolkitExperiment,
    allow: AllowList,
    dry_run: bool,
    seed: Option<u64>,
    hypothesis: Option<HypothesisStrategy>,
    rollbacks: Option<RollbackStrategy>,
    hypothesis_frequency: Duration,
    step_timeout: Duration,
    cancel: CancellationToken,
    env: super::config::SharedEnv,
}

impl ChaosToolkitRun {
    /// A run of `experiment` with the defaults: the allow-list from the
    /// environment, no dry run, the experiment's own strategies.
    pub fn new(experiment: ChaosToolkitExperiment) -> Self {
        ChaosToolkitRun {
            experiment,
            allow: AllowList::from_env(),
            dry_run: false,
            seed: None,
            hypothesis: None,
            rollbacks: None,
            hypothesis_frequency: Duration::from_secs(1),
            step_timeout: Duration::from_secs(600),
            cancel: CancellationToken::new(),
            env: Arc::new(|name: &str| std::env::var(name).ok()),
        }
    }

    /// The allow-list every connection is checked against.
    pub fn allow(mut self, allow: AllowList) -> Self {
        self.allow = allow;
        self
    }

    /// Resolve targets and say what would be done, changing nothing.
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// The seed of the run's random picks.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Overrides the experiment's `runtime.hypothesis.strategy`.
    pub fn hypothesis_strategy(mut self, strategy: HypothesisStrategy) -> Self {
        self.hypothesis = Some(strategy);
        self
    }

    /// Overrides the experiment's `runtime.rollbacks.strategy`.
    pub fn rollback_strategy(mut self, strategy: RollbackStrategy) -> Self {
        self.rollbacks = Some(strategy);
        self
    }

    /// How often the hypothesis runs during the method (default 1 s).
    pub fn hypothesis_frequency(mut self, every: Duration) -> Self {
        self.hypothesis_frequency = every;
        self
    }

    /// Cancelling `token` interrupts the run.
    pub fn cancel_on(mut self, token: CancellationToken) -> Self {
        self.cancel = token;
        self
    }

    /// Reads environment variables through `env` instead of the process's.
    pub fn env(mut self, env: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        self.env = Arc::new(env);
        self
    }

    /// The strategies: flags set here, else the experiment's `runtime`
    /// (where a missing one is `default`).
    fn strategies(&self) -> Result<(HypothesisStrategy, RollbackStrategy), Vec<Problem>> {
        let runtime = self.experiment.document.get("runtime");
        let named = |key: &str| {
            runtime
                .and_then(|r| r.get(key))
                .and_then(|s| s.get("strategy"))
                .and_then(Value::as_str)
                .unwrap_or("default")
        };
        let bad = |field: &str, name: &str| {
            vec![Problem::new(
                None,
                Some(field.into()),
                crate::Error::InvalidExperiment {
                    message: format!("`{name}` is not a strategy"),
                },
            )]
        };
        let hypothesis = match self.hypothesis {
            Some(h) => h,
            None => HypothesisStrategy::from_name(named("hypothesis"))
                .ok_or_else(|| bad("runtime.hypothesis.strategy", named("hypothesis")))?,
        };
        let rollbacks = match self.rollbacks {
            Some(r) => r,
            None => RollbackStrategy::from_name(named("rollbacks"))
                .ok_or_else(|| bad("runtime.rollbacks.strategy", named("rollbacks")))?,
        };
        Ok((hypothesis, rollbacks))
    }

    /// Validates the experiment and, when it is valid, runs it.
    pub async fn run(self, registry: &Registry) -> ChaosToolkitOutcome {
        self.run_with_body(registry, None::<std::future::Ready<Option<String>>>)
            .await
    }

    /// [`run`](Self::run), with a test's body run between the method and
    /// the hypothesis after it; the body's failure, if any, is the
    /// outcome's `body_failure`.
    pub(crate) async fn run_with_body<B>(
        self,
        registry: &Registry,
        body: Option<B>,
    ) -> ChaosToolkitOutcome
    where
        B: std::future::Future<Output = Option<String>>,
    {
        let title = self.experiment.title().to_string();
        let settings = TrialSettings {
            dry_run: self.dry_run,
            step_timeout: self.step_timeout,
            cancel: self.cancel.clone(),
            metadata: None,
            ticket: None,
            allow: self.allow.clone(),
            seed: self.seed,
        };
        let span = tracing::info_span!("trial", experiment = %title, dry_run = self.dry_run);
        let trial = TrialRun::new(&title, settings, registry, span);
        let checked = validate(&self.experiment, registry, self.env.as_ref())
            .await
            .and_then(|checked| {
                let refused = refusals(
                    &self.experiment,
                    &checked.values,
                    registry,
                    &self.allow,
                    self.env.as_ref(),
                );
                if refused.is_empty() {
                    Ok(checked)
                } else {
                    Err(refused)
                }
            });
        let strategies = self.strategies();
        let (checked, strategies) = match (checked, strategies) {
            (Ok(checked), Ok(strategies)) => (checked, strategies),
            (checked, strategies) => {
                let mut problems = checked.err().unwrap_or_default();
                problems.extend(strategies.err().unwrap_or_default());
                let records = problems.iter().map(ProblemRecord::from).collect();
                let record = trial.invalid(&Map::new(), records);
                return ChaosToolkitOutcome {
                    journal: None,
                    record,
                    warnings: Vec::new(),
                    body_failure: None,
                };
            }
        };
        for warning in &checked.warnings {
            tracing::warn!(target: "kallisti::trial", "{warning}");
        }
        for secret in checked.values.secret_texts() {
            trial.runner.scope.redactor.add(&secret);
        }
        let mut flow = Flow::new(self, checked.values, registry, trial);
        let (records, mut warnings) = flow.executor.resolve_configuration().await;
        flow.record(Phase::PreSteps, records);
        for warning in &warnings {
            tracing::warn!(target: "kallisti::trial", "{warning}");
        }
        flow.run(strategies, body).await;
        let mut outcome = flow.finish();
        warnings.extend(checked.warnings);
        outcome.warnings = warnings;
        outcome
    }
}

/// One run in progress: the journal as it grows and the kallisti record.
struct Flow {
    executor: Executor,
    journal: Map<String, Value>,
    trial: TrialRun,
    status: Option<&'static str>,
    deviated: bool,
    frequency: Duration,
    started: std::time::Instant,
    body_failure: Option<String>,
}

impl Flow {
    fn new(
        run: ChaosToolkitRun,
        values: super::config::Values,
        registry: &Registry,
        trial: TrialRun,
    ) -> Self {
        let mut experiment = run.experiment;
        let title = values.substitute(&json!(experiment.title()));
        let mut trial = trial;
        if let Some(title) = title.as_str() {
            trial.record.experiment = title.to_string();
        }
        experiment.document.insert("title".into(), title);
        let mut copy = experiment.document.clone();
        copy.insert("dry".into(), Value::Null);
        let (platform, node) = platform_and_node();
        let mut journal = Map::new();
        journal.insert(
            "chaoslib-version".into(),
            json!(concat!("kallisti ", env!("CARGO_PKG_VERSION"))),
        );
        journal.insert("platform".into(), json!(platform));
        journal.insert("node".into(), json!(node));
        journal.insert("experiment".into(), Value::Object(copy));
        journal.insert("start".into(), json!(iso(Utc::now())));
        journal.insert("status".into(), Value::Null);
        journal.insert("deviated".into(), json!(false));
        journal.insert(
            "steady_states".into(),
            json!({"before": null, "after": null, "during": []}),
        );
        journal.insert("run".into(), json!([]));
        journal.insert("rollbacks".into(), json!([]));
        let executor = Executor {
            experiment: Arc::new(experiment),
            values: Arc::new(values),
            registry: registry.clone(),
            runner: trial.runner.clone(),
            allow: Arc::new(run.allow),
            env: run.env,
            dry_run: run.dry_run,
        };
        Flow {
            executor,
            journal,
            trial,
            status: None,
            deviated: false,
            frequency: run.hypothesis_frequency,
            started: std::time::Instant::now(),
            body_failure: None,
        }
    }

    fn record(&mut self, phase: Phase, records: Vec<StepRecord>) {
        if let Some(list) = self.trial.record.trial_record.phase_mut(phase) {
            list.extend(records);
        }
    }

    /// A missed hypothesis: `failed` when one of its probes failed, else
    /// `completed`.
    fn missed(state: &Value) -> &'static str {
        let failed = state["probes"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["status"] != json!("succeeded"));
        if failed {
            "failed"
        } else {
            "completed"
        }
    }

    async fn run<B>(
        &mut self,
        (hypothesis, rollbacks): (HypothesisStrategy, RollbackStrategy),
        body: Option<B>,
    ) where
        B: std::future::Future<Output = Option<String>>,
    {
        let with_hypothesis = !self.executor.experiment.hypothesis_probes().is_empty();
        let mut go_on = true;
        if with_hypothesis && hypothesis.before() {
            let (state, records, interrupted) = self.executor.hypothesis(Phase::PreSteps).await;
            self.record(Phase::PreSteps, records);
            if interrupted {
                self.status = Some("interrupted");
                go_on = false;
            } else if state["steady_state_met"] != json!(true) {
                self.status = Some(Self::missed(&state));
                go_on = false;
            }
            self.journal["steady_states"]["before"] = state;
        }
        if go_on {
            self.method(with_hypothesis && hypothesis.during()).await;
            if let Some(body) = body {
                self.body_failure = body.await;
            }
            let stopped = matches!(self.status, Some("interrupted" | "aborted"));
            if !stopped && with_hypothesis && hypothesis.after() {
                let (state, records, interrupted) =
                    self.executor.hypothesis(Phase::PostSteps).await;
                self.record(Phase::PostSteps, records);
                if interrupted {
                    self.status = Some("interrupted");
                } else if state["steady_state_met"] != json!(true) {
                    self.deviated = true;
                    self.status = Some(Self::missed(&state));
                }
                self.journal["steady_states"]["after"] = state;
            }
        }
        let play = match rollbacks {
            RollbackStrategy::Always => true,
            RollbackStrategy::Never => false,
            RollbackStrategy::Default => !matches!(self.status, Some("failed" | "interrupted")),
            RollbackStrategy::Deviated => self.deviated,
        };
        if play {
            self.rollbacks().await;
        }
    }

    /// The method: activities in order, background ones started and
    /// waited for at the end; the hypothesis repeated alongside when asked.
    async fn method(&mut self, during: bool) {
        let done = CancellationToken::new();
        let watcher = during.then(|| {
            let executor = self.executor.clone();
            let (done, every) = (done.clone(), self.frequency);
            tokio::spawn(async move {
                let mut states = Vec::new();
                let mut records = Vec::new();
                while !done.is_cancelled() {
                    let (state, mut more, _) = executor.hypothesis(Phase::Steps).await;
                    states.push(state);
                    records.append(&mut more);
                    tokio::select! {
                        _ = tokio::time::sleep(every) => {}
                        _ = done.cancelled() => {}
                    }
                }
                (states, records)
            })
        });
        let activities = self.executor.experiment.activities("method").to_vec();
        let (entries, records) = self.activities(&activities, Phase::Steps, true).await;
        done.cancel();
        if let Some(Ok((states, records))) = match watcher {
            Some(task) => Some(task.await),
            None => None,
        } {
            self.journal["steady_states"]["during"] = Value::Array(states);
            self.record(Phase::Steps, records);
        }
        self.journal["run"] = Value::Array(entries);
        self.record(Phase::Steps, records);
    }

    async fn rollbacks(&mut self) {
        let activities = self.executor.experiment.activities("rollbacks").to_vec();
        let (entries, records) = self.activities(&activities, Phase::PostSteps, false).await;
        self.journal["rollbacks"] = Value::Array(entries);
        self.record(Phase::PostSteps, records);
    }

    /// Runs `activities` in order (background ones concurrently, joined at
    /// the end); a method stops at an interruption or an abort.
    async fn activities(
        &mut self,
        activities: &[Value],
        phase: Phase,
        is_method: bool,
    ) -> (Vec<Value>, Vec<StepRecord>) {
        let mut slots: Vec<Option<Value>> = vec![None; activities.len()];
        let mut records = Vec::new();
        let mut background = Vec::new();
        for (i, activity) in activities.iter().enumerate() {
            if activity.get("background") == Some(&json!(true)) {
                let executor = self.executor.clone();
                let activity = activity.clone();
                background.push((
                    i,
                    tokio::spawn(async move { executor.execute(&activity, phase).await }),
                ));
                continue;
            }
            let (entry, record, ended) = self.executor.execute(activity, phase).await;
            slots[i] = Some(entry.to_json());
            records.extend(record);
            if let Some(status) = self.ended(ended, is_method) {
                self.status = Some(status);
                break;
            }
        }
        for (i, task) in background {
            if let Ok((entry, record, ended)) = task.await {
                slots[i] = Some(entry.to_json());
                records.extend(record);
                if let Some(status) = self.ended(ended, is_method) {
                    self.status.get_or_insert(status);
                }
            }
        }
        (slots.into_iter().flatten().collect(), records)
    }

    /// The run's status after an activity ended so, if it changes.
    fn ended(&self, ended: Ended, is_method: bool) -> Option<&'static str> {
        match ended {
            Ended::Interrupted => Some("interrupted"),
            Ended::Aborted if is_method => Some("aborted"),
            _ => None,
        }
    }

    fn finish(mut self) -> ChaosToolkitOutcome {
        let status = self.status.unwrap_or("completed");
        self.journal["status"] = json!(status);
        self.journal["deviated"] = json!(self.deviated);
        self.journal.insert("end".into(), json!(iso(Utc::now())));
        self.journal.insert(
            "duration".into(),
            json!(self.started.elapsed().as_secs_f64()),
        );
        let mut journal = Value::Object(self.journal);
        self.executor
            .runner
            .scope
            .redactor
            .redact_value(&mut journal);
        let record = &mut self.trial.record;
        record.status = match (status, self.deviated) {
            ("completed", false) => TrialStatus::Succeeded,
            ("completed" | "failed", _) => TrialStatus::Failed,
            ("aborted", _) => TrialStatus::Aborted,
            _ => TrialStatus::Stopped,
        };
        let line = format!("Chaos Toolkit status {status}, deviated {}", self.deviated);
        record.trial_record.result.logs.push(line);
        record.completed_at = Utc::now();
        ChaosToolkitOutcome {
            journal: Some(journal),
            record: self.trial.record,
            warnings: Vec::new(),
            body_failure: self.body_failure,
        }
    }
}
