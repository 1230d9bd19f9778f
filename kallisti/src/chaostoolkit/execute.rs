//! Running activities and the steady-state hypothesis: each activity is
//! planned as a kallisti step and run by the trial's step runner (timeout,
//! cancellation, redaction, allow-list), then written down as a journal
//! run entry.

use super::activity::to_step;
use super::config::Values;
use super::document::ChaosToolkitExperiment;
use super::journal::{iso, RunEntry};
use super::tolerance;
use crate::error::ErrorKind;
use crate::experiment::{Phase, StepLocation};
use crate::registry::Registry;
use crate::trial::{AllowList, StepRecord, StepRunner};
use chrono::Utc;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// How an activity ended, as far as the run's status goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    Succeeded,
    /// The provider failed (the Chaos Toolkit's `ActivityFailed`).
    Failed,
    /// The run was cancelled.
    Interrupted,
    /// Something no activity failure covers (a refusal): the method stops.
    Aborted,
}

/// Everything an activity needs to run; cheap to clone into a background
/// task.
#[derive(Clone)]
pub(crate) struct Executor {
    pub(crate) experiment: Arc<ChaosToolkitExperiment>,
    pub(crate) values: Arc<Values>,
    pub(crate) registry: Registry,
    pub(crate) runner: StepRunner,
    pub(crate) allow: Arc<AllowList>,
    pub(crate) env: super::config::SharedEnv,
    pub(crate) dry_run: bool,
}

impl Executor {
    /// Runs `activity` (a `ref` resolved first) with its pauses; its run
    /// entry, the kallisti step record (when a step ran) and how it ended.
    pub(crate) async fn execute(
        &self,
        activity: &Value,
        phase: Phase,
    ) -> (RunEntry, Option<StepRecord>, Ended) {
        let resolved = self
            .experiment
            .resolve(activity)
            .cloned()
            .unwrap_or_else(|| activity.clone());
        let pauses = self
            .values
            .substitute(resolved.get("pauses").unwrap_or(&Value::Null));
        self.pause(pauses.get("before")).await;
        let start = Utc::now();
        let (record, ended, message) = self.run_step(&resolved, phase).await;
        let end = Utc::now();
        let entry = RunEntry {
            activity: resolved,
            output: record
                .as_ref()
                .filter(|r| r.succeeded())
                .map(|r| r.result.clone()),
            start: iso(start),
            end: iso(end),
            duration: (end - start).num_microseconds().unwrap_or_default() as f64 / 1e6,
            status: match ended {
                Ended::Succeeded => Some("succeeded"),
                Ended::Failed => Some("failed"),
                // As the Chaos Toolkit leaves an activity it did not finish.
                Ended::Interrupted | Ended::Aborted => None,
            },
            exception: message.map(|m| vec![format!("chaoslib.exceptions.ActivityFailed: {m}\n")]),
            tolerance_met: None,
        };
        if ended != Ended::Interrupted {
            self.pause(pauses.get("after")).await;
        }
        (entry, record, ended)
    }

    async fn pause(&self, seconds: Option<&Value>) {
        let seconds = seconds
            .and_then(Value::as_f64)
            .filter(|s| *s > 0.0 && s.is_finite());
        if let (Some(seconds), false) = (seconds, self.dry_run) {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs_f64(seconds)) => {}
                _ = self.runner.cancel.cancelled() => {}
            }
        }
    }

    /// Plans and runs the step the activity becomes.
    async fn run_step(
        &self,
        activity: &Value,
        phase: Phase,
    ) -> (Option<StepRecord>, Ended, Option<String>) {
        let step = match to_step(activity, &self.values, self.env.as_ref()) {
            Ok(step) => step,
            Err((field, message)) => {
                return (None, Ended::Aborted, Some(format!("{field}: {message}")))
            }
        };
        let location = StepLocation {
            phase,
            index: 0,
            name: step.name.clone(),
        };
        let planned = self
            .registry
            .plan_one(&step, location, &Default::default())
            .map_err(|problems| {
                problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .and_then(|(planned, secrets)| {
                for secret in &secrets {
                    self.runner.scope.redactor.add(secret);
                }
                self.allow
                    .check_step(&planned)
                    .map(|()| planned)
                    .map_err(|p| p.to_string())
            });
        let planned = match planned {
            Ok(planned) => planned,
            Err(message) => return (None, Ended::Aborted, Some(message)),
        };
        let record = self.runner.run(&planned, phase != Phase::PostSteps).await;
        let ended = match &record.error {
            None => Ended::Succeeded,
            Some(e) if e.kind == ErrorKind::Stopped => Ended::Interrupted,
            Some(e) if e.kind == ErrorKind::Refused => Ended::Aborted,
            Some(_) => Ended::Failed,
        };
        let message = record.error.as_ref().map(|e| e.message.clone());
        (Some(record), ended, message)
    }

    /// Replaces each `probe` entry of the configuration by what its
    /// activity gives (a python function's value, a process's stdout
    /// trimmed, an http body), reading only the entries before it; an entry
    /// whose probe fails is left out, with a warning. Returns the step
    /// records and the warnings.
    pub(crate) async fn resolve_configuration(&mut self) -> (Vec<StepRecord>, Vec<String>) {
        let mut resolved = Values {
            configuration: Default::default(),
            secrets: self.values.secrets.clone(),
        };
        let (mut records, mut warnings) = (Vec::new(), Vec::new());
        for (key, value) in self.values.configuration.clone() {
            if value.get("type").and_then(Value::as_str) != Some("probe") {
                resolved.configuration.insert(key, value);
                continue;
            }
            let reader = Executor {
                values: Arc::new(resolved.clone()),
                ..self.clone()
            };
            let (record, ended, message) = reader.run_step(&value, Phase::PreSteps).await;
            let output = record
                .as_ref()
                .map(|r| r.result.clone())
                .unwrap_or(Value::Null);
            records.extend(record);
            let kind = value.pointer("/provider/type").and_then(Value::as_str);
            let found = match (ended, kind) {
                (Ended::Succeeded, Some("process")) if output["status"] == json!(0) => {
                    Some(json!(output["stdout"].as_str().unwrap_or_default().trim()))
                }
                (Ended::Succeeded, Some("http")) => Some(output["body"].clone()),
                (Ended::Succeeded, Some("python")) => Some(output),
                _ => None,
            };
            match found {
                Some(found) => {
                    resolved.configuration.insert(key, found);
                }
                None => warnings.push(format!(
                    "configuration `{key}` was not set: its probe failed{}",
                    message.map(|m| format!(" ({m})")).unwrap_or_default()
                )),
            }
        }
        self.values = Arc::new(resolved);
        (records, warnings)
    }

    /// Runs the hypothesis's probes until one fails or misses its
    /// tolerance; the state (`steady_state_met`, `probes`), the step
    /// records, and whether the run was interrupted.
    pub(crate) async fn hypothesis(&self, phase: Phase) -> (Value, Vec<StepRecord>, bool) {
        let mut probes = Vec::new();
        let mut records = Vec::new();
        let mut met = true;
        for probe in self.experiment.hypothesis_probes() {
            let (mut entry, record, ended) = self.execute(probe, phase).await;
            records.extend(record);
            let resolved = self.experiment.resolve(probe).unwrap_or(probe);
            let within = match ended {
                Ended::Succeeded if self.dry_run => true,
                Ended::Succeeded => {
                    let output = entry.output.clone().unwrap_or(Value::Null);
                    self.within(
                        resolved.get("tolerance").unwrap_or(&Value::Null),
                        &output,
                        phase,
                        &mut records,
                    )
                    .await
                }
                Ended::Interrupted => {
                    probes.push(entry.to_json());
                    return (
                        json!({"steady_state_met": false, "probes": probes}),
                        records,
                        true,
                    );
                }
                Ended::Failed | Ended::Aborted => false,
            };
            entry.tolerance_met = Some(within);
            probes.push(entry.to_json());
            if !within {
                met = false;
                break;
            }
        }
        (
            json!({"steady_state_met": met, "probes": probes}),
            records,
            false,
        )
    }

    /// Whether `output` is within `tolerance`; a `probe` tolerance runs its
    /// activity with the output as its `value` argument.
    async fn within(
        &self,
        tolerance: &Value,
        output: &Value,
        phase: Phase,
        records: &mut Vec<StepRecord>,
    ) -> bool {
        if tolerance.get("type").and_then(Value::as_str) != Some("probe") {
            return tolerance::within(tolerance, output, &self.values);
        }
        let mut check = tolerance.clone();
        check["provider"]["arguments"]["value"] = output.clone();
        if check.get("name").is_none() {
            check["name"] = json!("tolerance");
        }
        let (record, ended, _) = self.run_step(&check, phase).await;
        let answer = record
            .as_ref()
            .map(|r| r.result.clone())
            .unwrap_or(Value::Null);
        records.extend(record);
        ended == Ended::Succeeded && tolerance::truthy(&answer)
    }
}
