//! The step pipeline, in the order a step goes through it: [`StepRunner::run`]
//! picks how the step runs (once, retried until it recovers, or repeated,
//! in `repeat.rs`), each way calls the action through [`StepRunner::call`]
//! (timeout, cancellation, panics), checks the expectations
//! ([`StepRunner::check`], baselines resolved by the trial's memory) and
//! ends in [`StepRunner::finish`], which redacts and builds the record.

use super::recovery::{self, TrialMemory};
use super::{repeat, ErrorRecord, RetryRecord, Sample, StepRecord, StepStatus};
use crate::action::{StepContext, TrialScope};
use crate::error::Error;
use crate::experiment::{Expectation, RetrySpec};
use crate::registry::PlannedStep;
use chrono::Utc;
use futures_util::FutureExt;
use serde_json::Value;
use std::panic::AssertUnwindSafe;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

/// What a retried probe's first successful attempt brought.
struct Recovered {
    at: chrono::DateTime<Utc>,
    counted_from: chrono::DateTime<Utc>,
    result: Value,
}

/// Runs single steps: timeout, cancellation, panics, expectations,
/// retries, redaction.
#[derive(Clone)]
pub(crate) struct StepRunner {
    pub(crate) scope: TrialScope,
    pub(crate) default_timeout: Duration,
    pub(crate) cancel: CancellationToken,
    pub(crate) memory: TrialMemory,
    /// Whether steps run by this runner count as chaos for time-to-recover
    /// (not the repetitions of a `during` probe).
    pub(crate) marks_chaos: bool,
}

pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a non-text panic".into())
}

impl StepRunner {
    /// Runs one step (retried when it asks to be) and remembers its result
    /// and end for the steps after it.
    pub(crate) async fn run(&self, step: &PlannedStep, cancellable: bool) -> StepRecord {
        let span = tracing::info_span!("step", step = %step.name, r#do = %step.action);
        let record = async {
            tracing::info!(
                target: "kallisti::step",
                arguments = %step.shown_arguments,
                "step started"
            );
            match (&step.retry, &step.repeat) {
                (Some(retry), _) if !self.scope.dry_run => {
                    self.run_retried(step, retry, cancellable).await
                }
                // Planning refuses a repetition with no `times` outside the
                // `during` steps, which repeat through `run_repeated`.
                (_, Some(repeat)) => {
                    let never = CancellationToken::new();
                    let stop = if cancellable { &self.cancel } else { &never };
                    repeat::run(self, step, repeat, stop).await
                }
                _ => self.run_once(step, cancellable).await,
            }
        }
        .instrument(span)
        .await;
        self.memory.remember(
            &step.name,
            step.location.phase,
            step.spec.kind == kallisti_catalog::ActionKind::Action,
            self.marks_chaos,
            &record.result,
            record.finished_at,
        );
        record
    }

    /// Runs the step's action once and checks its expectations.
    pub(crate) async fn run_once(&self, step: &PlannedStep, cancellable: bool) -> StepRecord {
        let ctx = StepContext::new(&step.name, self.scope.clone());
        let timeout = step.timeout.unwrap_or(self.default_timeout);
        let started_at = Utc::now();
        let outcome = self.call(step, &ctx, timeout, cancellable).await;
        let (result, error) = match outcome {
            Err(error) => (Value::Null, Some(error)),
            Ok(result) if self.scope.dry_run => {
                if !step.expectations.is_empty() {
                    ctx.log("dry run: expectations not evaluated");
                }
                (result, None)
            }
            Ok(result) => {
                let error = self.check(&step.expectations, &result).err();
                (result, error)
            }
        };
        let error = error.map(|e| self.error_record(&e));
        self.finish(step, ctx.logs(), started_at, result, error, None)
    }

    /// Retries a probe until its expectations hold or `within` passes.
    async fn run_retried(
        &self,
        step: &PlannedStep,
        spec: &RetrySpec,
        cancellable: bool,
    ) -> StepRecord {
        let ctx = StepContext::new(&step.name, self.scope.clone());
        let started_at = Utc::now();
        let reference = match self.memory.recovery_start(spec.since.as_deref()) {
            Ok(reference) => reference,
            Err(e) => {
                let error = Some(self.error_record(&e));
                return self.finish(step, ctx.logs(), started_at, Value::Null, error, None);
            }
        };
        // Recovery fields exist only once an attempt succeeds.
        let (after_success, each_attempt): (Vec<Expectation>, Vec<Expectation>) = step
            .expectations
            .iter()
            .cloned()
            .partition(crate::experiment::is_recovery_expectation);
        let mut retry = RetryRecord::new(spec, reference.as_ref().map(|(name, _)| name.clone()));
        let counted_from = reference.map_or(started_at, |(_, end)| end);
        let deadline = tokio::time::Instant::now() + spec.within;
        let step_timeout = step.timeout.unwrap_or(self.default_timeout);
        loop {
            let attempt_start = Utc::now();
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let timeout = step_timeout.min(left.max(Duration::from_millis(1)));
            let outcome = self.call(step, &ctx, timeout, cancellable).await;
            let (result, error) = match outcome {
                Err(error) => (Value::Null, Some(error)),
                Ok(result) => {
                    let error = self.check(&each_attempt, &result).err();
                    (result, error)
                }
            };
            let stopped = matches!(error, Some(Error::Stopped { .. }));
            let shown_error = error
                .as_ref()
                .map(|e| self.scope.redactor.redact(&format!("{}: {e}", e.kind())));
            retry.push(attempt_start, Utc::now(), shown_error);
            let Some(error) = error else {
                let recovered = Recovered {
                    at: attempt_start,
                    counted_from,
                    result,
                };
                let (result, error) = self.recovered(&ctx, &mut retry, recovered, &after_success);
                return self.finish(step, ctx.logs(), started_at, result, error, Some(retry));
            };
            let out_of_time = tokio::time::Instant::now() + spec.every >= deadline && !stopped;
            if stopped || out_of_time {
                let record = self.gave_up(&ctx, &retry, &error, out_of_time);
                return self.finish(
                    step,
                    ctx.logs(),
                    started_at,
                    Value::Null,
                    Some(record),
                    Some(retry),
                );
            }
            let pause = tokio::time::sleep(spec.every);
            tokio::select! {
                biased;
                _ = self.cancel.cancelled(), if cancellable => {}
                _ = pause => {}
            }
        }
    }

    /// A retried probe's first success: its time to recover, and the
    /// expectations on the recovery fields checked against it.
    fn recovered(
        &self,
        ctx: &StepContext,
        retry: &mut RetryRecord,
        recovered: Recovered,
        after_success: &[Expectation],
    ) -> (Value, Option<ErrorRecord>) {
        retry.first_success_at = Some(recovered.at);
        let millis = (recovered.at - recovered.counted_from)
            .num_milliseconds()
            .max(0);
        retry.time_to_recover_seconds = Some(millis as f64 / 1000.0);
        ctx.log(format!(
            "succeeded at attempt {} after {:.3}s",
            retry.attempts,
            millis as f64 / 1000.0
        ));
        let fields = Value::Object(retry.fields());
        let mut result = recovered.result;
        if let Value::Object(map) = &mut result {
            map.extend(retry.fields());
        }
        let target = if result.is_object() { &result } else { &fields };
        let error = self
            .check(after_success, target)
            .err()
            .map(|e| self.error_record(&e));
        (result, error)
    }

    /// The error a retried probe ends with when it is stopped or runs out of time.
    fn gave_up(
        &self,
        ctx: &StepContext,
        retry: &RetryRecord,
        error: &Error,
        out_of_time: bool,
    ) -> ErrorRecord {
        let mut record = self.error_record(error);
        if out_of_time {
            record.message = format!(
                "not recovered within {} ({} attempt(s)); last attempt: {}",
                retry.within, retry.attempts, record.message
            );
        }
        ctx.log(format!("gave up after {} attempt(s)", retry.attempts));
        record
    }

    /// Calls the action once, with its timeout, panics caught, and
    /// cancellation when `cancellable`.
    pub(crate) async fn call(
        &self,
        step: &PlannedStep,
        ctx: &StepContext,
        timeout: Duration,
        cancellable: bool,
    ) -> Result<Value, Error> {
        let call = AssertUnwindSafe(step.namespace.call(
            step.spec.name,
            step.arguments.clone(),
            ctx.clone(),
        ))
        .catch_unwind();
        let timed = tokio::time::timeout(timeout, call);
        tokio::select! {
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
        }
    }

    /// Checks expectations (baselines resolved) against a result.
    pub(crate) fn check(&self, expectations: &[Expectation], result: &Value) -> Result<(), Error> {
        if expectations.is_empty() {
            return Ok(());
        }
        let resolved = self.memory.resolve(expectations)?;
        recovery::evaluate_all(&resolved, result)
    }

    /// One repetition of a repeated step: only what the aggregate needs
    /// (when, whether it held, how long), and its error (redacted) if any.
    /// Repetitions build no record of their own, so a fast loop stays fast.
    pub(crate) async fn repetition(&self, step: &PlannedStep) -> (Sample, Option<String>) {
        let ctx = StepContext::quiet(&step.name, self.scope.clone());
        let timeout = step.timeout.unwrap_or(self.default_timeout);
        let started_at = Utc::now();
        let clock = std::time::Instant::now();
        // The repeating loop already stops on cancellation between and
        // during repetitions; a second watch per call would only cost.
        let outcome = self.call(step, &ctx, timeout, false).await;
        let error = match &outcome {
            Err(e) => Some(e.to_string_with_kind()),
            Ok(result) => self
                .check(&step.expectations, result)
                .err()
                .map(|e| e.to_string_with_kind()),
        };
        let seconds = outcome
            .as_ref()
            .ok()
            .and_then(|r| r.get("response_time_in_seconds"))
            .and_then(Value::as_f64)
            .unwrap_or_else(|| clock.elapsed().as_secs_f64());
        let sample = Sample {
            at: started_at,
            succeeded: error.is_none(),
            seconds,
        };
        (sample, error.map(|e| self.scope.redactor.redact(&e)))
    }

    pub(crate) fn error_record(&self, error: &Error) -> ErrorRecord {
        ErrorRecord::from_error(error, |s| self.scope.redactor.redact(s))
    }

    /// The step's record, secrets redacted, with its `tracing` event.
    pub(crate) fn finish(
        &self,
        step: &PlannedStep,
        logs: Vec<String>,
        started_at: chrono::DateTime<Utc>,
        mut result: Value,
        error: Option<ErrorRecord>,
        retry: Option<RetryRecord>,
    ) -> StepRecord {
        let redactor = &self.scope.redactor;
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
            status: if error.is_some() {
                StepStatus::Failed
            } else {
                StepStatus::Succeeded
            },
            started_at,
            finished_at: Utc::now(),
            result,
            logs,
            error,
            retry,
            every: None,
            samples: Vec::new(),
        }
    }
}
