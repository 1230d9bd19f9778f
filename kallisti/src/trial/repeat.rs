//! Repeated steps: `"every": "250ms"` with `"times": N` (any step), or until
//! the body ends (a `#[chaos_test]`'s `during` steps), with expectations on
//! the aggregate of the repetitions (`"aggregate": [...]`).

use super::{Sample, StepRecord, StepRunner};
use crate::error::Error;
use crate::experiment::Repeat;
use crate::registry::PlannedStep;
use chrono::Utc;
use serde_json::{json, Map, Value};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Samples kept in a record; the aggregate counts every repetition.
const MAX_SAMPLES: usize = 10_000;
/// Failed repetitions whose errors are kept in the step's logs.
const MAX_FAILURE_LOGS: usize = 5;

/// Runs a step `repeat.times` times, or until `stop` when it has no count
/// (once in a dry run: repeating it shows nothing more).
pub(crate) async fn run(
    runner: &StepRunner,
    step: &PlannedStep,
    repeat: &Repeat,
    stop: &CancellationToken,
) -> StepRecord {
    if runner.scope.dry_run {
        let mut record = runner.run_once(step, true).await;
        record.every = Some(repeat.every_text.clone());
        record.samples = vec![sample_of(&record)];
        return record;
    }
    let started_at = Utc::now();
    let tally = repeat_until_done(runner, step, repeat, stop).await;
    let result = aggregate(&tally.times, tally.failed);
    let error = runner
        .check(&repeat.aggregate, &result)
        .err()
        .map(|e: Error| runner.error_record(&e));
    let logs = tally.logs(&repeat.every_text);
    let mut record = runner.finish(step, logs, started_at, result, error, None);
    record.every = Some(repeat.every_text.clone());
    record.samples = tally.samples;
    record
}

/// What the repetitions of a step add up to.
#[derive(Default)]
struct Tally {
    samples: Vec<Sample>,
    times: Vec<f64>,
    failures: Vec<String>,
    failed: usize,
}

impl Tally {
    fn add(&mut self, sample: Sample, error: Option<String>) {
        self.times.push(sample.seconds);
        if self.samples.len() < MAX_SAMPLES {
            self.samples.push(sample);
        }
        if let Some(why) = error {
            self.failed += 1;
            if self.failures.len() < MAX_FAILURE_LOGS {
                self.failures
                    .push(format!("repetition {} failed: {why}", self.times.len()));
            }
        }
    }

    /// The step's log: a summary line, then the first failures.
    fn logs(&self, every_text: &str) -> Vec<String> {
        let mut logs = vec![format!(
            "{} repetition(s) every {}, {} failed",
            self.times.len(),
            every_text,
            self.failed
        )];
        logs.extend(self.failures.iter().cloned());
        if self.failed > MAX_FAILURE_LOGS {
            logs.push(format!(
                "… and {} more failure(s)",
                self.failed - MAX_FAILURE_LOGS
            ));
        }
        logs
    }
}

/// Repeats the step on its interval until it has run `times` times or
/// `stop` fires; the first repetition always completes, so there is an
/// aggregate.
async fn repeat_until_done(
    runner: &StepRunner,
    step: &PlannedStep,
    repeat: &Repeat,
    stop: &CancellationToken,
) -> Tally {
    let mut tally = Tally::default();
    let mut ticker = tokio::time::interval(repeat.every.max(Duration::from_nanos(1)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // One watch on `stop` for the whole loop, not one per repetition.
    let stopped = stop.cancelled();
    tokio::pin!(stopped);
    loop {
        if repeat
            .times
            .is_some_and(|n| tally.times.len() >= n as usize)
        {
            break;
        }
        let first = tally.times.is_empty();
        if first {
            ticker.tick().await;
        } else {
            if stop.is_cancelled() {
                break;
            }
            if !repeat.every.is_zero() {
                tokio::select! {
                    biased;
                    _ = &mut stopped => break,
                    _ = ticker.tick() => {}
                }
            }
        }
        let attempt = runner.repetition(step);
        let (sample, error) = if first {
            attempt.await
        } else {
            tokio::select! {
                biased;
                _ = &mut stopped => break,
                outcome = attempt => outcome,
            }
        };
        tally.add(sample, error);
        if stop.is_cancelled() {
            break;
        }
    }
    tally
}

fn sample_of(record: &StepRecord) -> Sample {
    let seconds = record
        .result
        .get("response_time_in_seconds")
        .and_then(Value::as_f64)
        .unwrap_or_else(|| record.duration().as_secs_f64());
    Sample {
        at: record.started_at,
        succeeded: record.succeeded(),
        seconds,
    }
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The aggregate of repetitions that `aggregate` expectations read.
pub(crate) fn aggregate(times: &[f64], failed: usize) -> Value {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let mean = if n == 0 {
        0.0
    } else {
        sorted.iter().sum::<f64>() / n as f64
    };
    let mut out = Map::new();
    out.insert("repetitions".into(), json!(n));
    out.insert("succeeded".into(), json!(n - failed));
    out.insert("failed".into(), json!(failed));
    out.insert(
        "success_ratio".into(),
        json!(if n == 0 {
            0.0
        } else {
            (n - failed) as f64 / n as f64
        }),
    );
    out.insert(
        "min_response_time_seconds".into(),
        json!(sorted.first().copied().unwrap_or_default()),
    );
    out.insert("mean_response_time_seconds".into(), json!(mean));
    for (key, p) in [("p50", 50.0), ("p90", 90.0), ("p99", 99.0)] {
        out.insert(
            format!("{key}_response_time_seconds"),
            json!(percentile(&sorted, p)),
        );
    }
    out.insert(
        "max_response_time_seconds".into(),
        json!(sorted.last().copied().unwrap_or_default()),
    );
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregate_counts_ratio_and_percentiles() {
        let times: Vec<f64> = (1..=100).map(|i| i as f64 / 100.0).collect();
        let agg = aggregate(&times, 4);
        assert_eq!(agg["repetitions"], 100);
        assert_eq!(agg["succeeded"], 96);
        assert_eq!(agg["success_ratio"], 0.96);
        assert_eq!(agg["p50_response_time_seconds"], 0.5);
        let mean = agg["mean_response_time_seconds"].as_f64().unwrap();
        assert!((mean - 0.505).abs() < 1e-9, "{mean}");
        assert_eq!(agg["p99_response_time_seconds"], 0.99);
        assert_eq!(agg["max_response_time_seconds"], 1.0);
        assert_eq!(agg["min_response_time_seconds"], 0.01);
    }
}
