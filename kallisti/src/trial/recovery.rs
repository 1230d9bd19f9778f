//! Recovery assertions: probes retried until their expectations pass or a
//! deadline passes, the time from the last chaos to the first success, and
//! expectations relative to a baseline measured earlier in the trial.

use crate::error::{Error, ExpectationFailure};
use crate::experiment::{Baseline, Expectation, Phase, RetrySpec};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A run of consecutive attempts with the same outcome (the record of a
/// long retry stays small).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptRun {
    /// When the first of them started.
    pub from: DateTime<Utc>,
    /// When the last of them finished.
    pub to: DateTime<Utc>,
    /// How many.
    pub count: u32,
    /// Whether they succeeded.
    pub succeeded: bool,
    /// Their error (`Kind: message`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a retried probe did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetryRecord {
    /// The deadline, as a duration.
    pub within: String,
    /// The pause between attempts.
    pub every: String,
    /// The step time-to-recover counts from, when one ran before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Attempts made.
    pub attempts: u32,
    /// When the first successful attempt started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_success_at: Option<DateTime<Utc>>,
    /// From the end of `since` (or the probe's own start) to the first success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_recover_seconds: Option<f64>,
    /// The attempts, consecutive equal outcomes merged.
    pub outcomes: Vec<AttemptRun>,
}

impl RetryRecord {
    pub(crate) fn new(spec: &RetrySpec, since: Option<String>) -> Self {
        RetryRecord {
            within: humantime::format_duration(spec.within).to_string(),
            every: humantime::format_duration(spec.every).to_string(),
            since,
            attempts: 0,
            first_success_at: None,
            time_to_recover_seconds: None,
            outcomes: Vec::new(),
        }
    }

    /// Adds an attempt, merging it into the last run when the outcome is the same.
    pub(crate) fn push(&mut self, from: DateTime<Utc>, to: DateTime<Utc>, error: Option<String>) {
        self.attempts += 1;
        let succeeded = error.is_none();
        match self.outcomes.last_mut() {
            Some(last) if last.succeeded == succeeded && last.error == error => {
                last.to = to;
                last.count += 1;
            }
            _ => self.outcomes.push(AttemptRun {
                from,
                to,
                count: 1,
                succeeded,
                error,
            }),
        }
    }

    /// The output fields of recovery, for expectations and the result.
    pub(crate) fn fields(&self) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert(
            "time_to_recover_seconds".into(),
            json!(self.time_to_recover_seconds),
        );
        out.insert("attempts".into(), json!(self.attempts));
        out
    }
}

/// What a trial remembers across steps: results by step name (for
/// baselines) and when steps ended (for time-to-recover).
#[derive(Clone, Default)]
pub(crate) struct TrialMemory {
    inner: Arc<Mutex<Memory>>,
}

#[derive(Default)]
struct Memory {
    results: HashMap<String, Value>,
    ends: HashMap<String, DateTime<Utc>>,
    last_action: Option<(String, DateTime<Utc>)>,
    last_step: Option<(String, DateTime<Utc>)>,
}

impl TrialMemory {
    /// Remembers a finished step: its result, and its end as a possible
    /// start of a recovery (actions, and steps of the `steps` phase).
    pub(crate) fn remember(
        &self,
        name: &str,
        phase: Phase,
        is_action: bool,
        marks_chaos: bool,
        result: &Value,
        finished_at: DateTime<Utc>,
    ) {
        let mut memory = self.inner.lock().expect("trial memory");
        memory.results.insert(name.to_string(), result.clone());
        if !marks_chaos || phase == Phase::PostSteps {
            return;
        }
        memory.ends.insert(name.to_string(), finished_at);
        if is_action {
            memory.last_action = Some((name.to_string(), finished_at));
        }
        if phase == Phase::Steps {
            memory.last_step = Some((name.to_string(), finished_at));
        }
    }

    /// Where time-to-recover counts from: the step named `since`, else the
    /// most recent action, else the most recent step.
    pub(crate) fn recovery_start(
        &self,
        since: Option<&str>,
    ) -> Result<Option<(String, DateTime<Utc>)>, Error> {
        let memory = self.inner.lock().expect("trial memory");
        match since {
            Some(name) => memory
                .ends
                .get(name)
                .map(|end| Some((name.to_string(), *end)))
                .ok_or_else(|| {
                    Error::invalid_argument(
                        "retry.since",
                        format!("no step called {name:?} ran before this one"),
                    )
                }),
            None => Ok(memory.last_action.clone().or(memory.last_step.clone())),
        }
    }

    /// Resolves expectations whose expected value is a baseline
    /// (`{"baseline": "step", "times": 2}`) into plain ones, with a note
    /// saying how each allowed value was made.
    pub(crate) fn resolve(
        &self,
        expectations: &[Expectation],
    ) -> Result<Vec<(Expectation, Option<String>)>, Error> {
        let memory = self.inner.lock().expect("trial memory");
        expectations
            .iter()
            .map(|e| match Baseline::of(e)? {
                None => Ok((e.clone(), None)),
                Some(baseline) => {
                    let result = memory.results.get(&baseline.step).ok_or_else(|| {
                        Error::invalid_argument(
                            "expect",
                            format!("the baseline step {:?} has not run", baseline.step),
                        )
                    })?;
                    let path = baseline.path.as_deref().unwrap_or(&e.path);
                    let measured = crate::expect::lookup(result, path)?;
                    let measured = crate::expect::as_number(measured).ok_or_else(|| {
                        Error::invalid_argument(
                            "expect",
                            format!(
                                "the baseline {:?} of {:?} is not a number: {measured}",
                                path, baseline.step
                            ),
                        )
                    })?;
                    let allowed = baseline.apply(measured);
                    let note = format!(
                        "{} from baseline {measured} of {:?}",
                        baseline.describe(),
                        baseline.step
                    );
                    let mut plain = e.clone();
                    plain.expected = json!(allowed);
                    Ok((plain, Some(note)))
                }
            })
            .collect()
    }
}

/// Evaluates resolved expectations; a failing baseline expectation says
/// the baseline, the observed and the allowed value.
pub(crate) fn evaluate_all(
    resolved: &[(Expectation, Option<String>)],
    result: &Value,
) -> Result<(), Error> {
    for (expectation, note) in resolved {
        if let Err(error) = crate::expect::evaluate(expectation, result) {
            return Err(match (error, note) {
                (Error::FailedExpectation(failure), Some(note)) => {
                    Error::FailedExpectation(Box::new(ExpectationFailure {
                        path: format!("{} (allowed: {note})", failure.path),
                        ..*failure
                    }))
                }
                (error, _) => error,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_with_the_same_outcome_are_merged() {
        let spec = RetrySpec::from_json(&json!({"within": "2s"})).unwrap();
        let mut record = RetryRecord::new(&spec, None);
        let t = Utc::now();
        for _ in 0..5 {
            record.push(t, t, Some("FailedAction: down".into()));
        }
        record.push(t, t, Some("Timeout: slow".into()));
        record.push(t, t, None);
        assert_eq!(record.attempts, 7);
        let counts: Vec<u32> = record.outcomes.iter().map(|r| r.count).collect();
        assert_eq!(counts, [5, 1, 1]);
    }

    #[test]
    fn baselines_resolve_to_allowed_values_with_a_note() {
        let memory = TrialMemory::default();
        memory.remember(
            "before",
            Phase::PreSteps,
            false,
            true,
            &json!({"p99": 0.25, "ratio": 1.0}),
            Utc::now(),
        );
        let resolved = memory
            .resolve(&[
                Expectation::new("le", "p99", json!({"baseline": "before", "times": 2})),
                Expectation::new(
                    "ge",
                    "success_ratio",
                    json!({"baseline": "before", "path": "ratio", "minus": 0.01}),
                ),
                Expectation::new("eq", "status_code", json!(200)),
            ])
            .unwrap();
        assert_eq!(resolved[0].0.expected, json!(0.5));
        assert_eq!(resolved[1].0.expected, json!(0.99));
        assert!(resolved[2].1.is_none());
        let err = evaluate_all(&resolved[..1], &json!({"p99": 0.75})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected p99 (allowed: × 2 from baseline 0.25 of \"before\") le 0.5, actual 0.75"
        );
        let missing = memory
            .resolve(&[Expectation::new("le", "p99", json!({"baseline": "nope"}))])
            .unwrap_err();
        assert!(
            missing.to_string().contains("\"nope\" has not run"),
            "{missing}"
        );
    }

    #[test]
    fn recovery_starts_at_the_latest_action_or_the_named_step() {
        let memory = TrialMemory::default();
        assert_eq!(memory.recovery_start(None).unwrap(), None);
        let t1 = Utc::now();
        memory.remember("probe", Phase::Steps, false, true, &Value::Null, t1);
        assert_eq!(memory.recovery_start(None).unwrap().unwrap().0, "probe");
        let t2 = t1 + chrono::Duration::milliseconds(5);
        memory.remember("kill", Phase::Steps, true, true, &Value::Null, t2);
        memory.remember("check", Phase::Steps, false, true, &Value::Null, t2);
        assert_eq!(
            memory.recovery_start(None).unwrap(),
            Some(("kill".into(), t2))
        );
        assert_eq!(
            memory.recovery_start(Some("probe")).unwrap(),
            Some(("probe".into(), t1))
        );
        assert!(memory.recovery_start(Some("never")).is_err());
    }
}
