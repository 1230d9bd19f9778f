//! Stop conditions: probes watched while a trial's pre steps and steps run.
//! The first breach records itself and cancels the run; the runner's usual
//! cancellation path then cuts the running step (or the test body), skips
//! what is left, runs the post steps and ends the trial `Stopped`.

use super::{StepContext, StepRunner, StopRecord};
use crate::registry::PlannedStep;
use chrono::Utc;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How often a condition without `every` is checked.
pub const DEFAULT_CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// The conditions being watched; [`finish`](Self::finish) stops them.
pub(crate) struct StopWatch {
    done: CancellationToken,
    breach: Arc<Mutex<Option<StopRecord>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl StopWatch {
    /// Starts one watcher task per condition. Under dry run nothing is
    /// watched: expectations are not evaluated there.
    pub(crate) fn start(runner: &StepRunner, conditions: &[PlannedStep]) -> Self {
        let done = CancellationToken::new();
        let breach = Arc::new(Mutex::new(None));
        let tasks = if runner.scope.dry_run {
            Vec::new()
        } else {
            conditions
                .iter()
                .map(|condition| {
                    let watch = watch(
                        runner.clone(),
                        condition.clone(),
                        done.clone(),
                        Arc::clone(&breach),
                    );
                    tokio::spawn(tracing::Instrument::in_current_span(watch))
                })
                .collect()
        };
        StopWatch {
            done,
            breach,
            tasks,
        }
    }

    /// Stops watching (the post phase is next) and returns the breach, if
    /// one stopped the trial.
    pub(crate) async fn finish(mut self) -> Option<StopRecord> {
        self.done.cancel();
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
        self.breach.lock().expect("stop condition breach").take()
    }
}

impl Drop for StopWatch {
    fn drop(&mut self) {
        self.done.cancel();
    }
}

/// Checks `condition` now and then every `every` until `done`; on the
/// first failure records the breach and cancels the trial.
async fn watch(
    runner: StepRunner,
    condition: PlannedStep,
    done: CancellationToken,
    breach: Arc<Mutex<Option<StopRecord>>>,
) {
    let every = condition
        .repeat
        .as_ref()
        .map_or(DEFAULT_CHECK_INTERVAL, |r| r.every);
    let timeout = condition.timeout.unwrap_or(runner.default_timeout);
    loop {
        let ctx = StepContext::quiet(&condition.name, runner.scope.clone());
        let checked = tokio::select! {
            biased;
            _ = done.cancelled() => return,
            checked = check(&runner, &condition, &ctx, timeout) => checked,
        };
        if let Err((message, value)) = checked {
            let message = runner.scope.redactor.redact(&message);
            tracing::warn!(
                target: "kallisti::trial",
                condition = %condition.name,
                "stop condition breached: {message}"
            );
            let mut slot = breach.lock().expect("stop condition breach");
            if slot.is_none() {
                let mut value = value;
                runner.scope.redactor.redact_value(&mut value);
                *slot = Some(StopRecord {
                    condition: condition.name.clone(),
                    action: condition.action.clone(),
                    at: Utc::now(),
                    message,
                    value,
                });
            }
            runner.cancel.cancel();
            return;
        }
        tokio::select! {
            _ = done.cancelled() => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}

/// One check: `Err((why, result))` when the probe fails or its
/// expectations do not hold.
async fn check(
    runner: &StepRunner,
    condition: &PlannedStep,
    ctx: &StepContext,
    timeout: Duration,
) -> Result<(), (String, Value)> {
    match runner.call(condition, ctx, timeout, false).await {
        Err(error) => Err((error.to_string_with_kind(), Value::Null)),
        Ok(result) => match runner.check(&condition.expectations, &result) {
            Ok(()) => Ok(()),
            Err(error) => Err((error.to_string_with_kind(), result)),
        },
    }
}
