//! The typed reading of a step's own keys beyond its action: how it is
//! retried (`retry`), how it repeats (`every`, `times`, `aggregate`) and
//! which expectations compare with a baseline. The rules on which keys go
//! together live in [`kallisti_catalog::step`], shared with the macro.

use super::{Expectation, Step};
use crate::error::Error;
use kallisti_catalog::step::{
    combination_problems, retry_not_an_object, retry_without_within, times_problem,
    unknown_retry_key, StepKeys, DEFAULT_RETRY_EVERY_MS,
};
use serde_json::{json, Value};
use std::time::Duration;

/// Output fields a retried probe adds; expectations on them are checked
/// once, after the first success.
pub const RECOVERY_FIELDS: [&str; 2] = ["time_to_recover_seconds", "attempts"];

/// How a probe is retried: `"retry": {"within": "30s", "every": "500ms", "since": "kill a pod"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct RetrySpec {
    /// The deadline, from the first attempt.
    pub within: Duration,
    /// The pause between attempts.
    pub every: Duration,
    /// The step whose end time-to-recover counts from (default: the most
    /// recent action, else the most recent step before it).
    pub since: Option<String>,
}

impl RetrySpec {
    /// Reads a `retry` value; errors name the field (`retry.within`).
    pub fn from_json(value: &Value) -> Result<RetrySpec, (String, String)> {
        let Value::Object(map) = value else {
            return Err(retry_not_an_object().into());
        };
        if let Some((key, message)) = map
            .keys()
            .find_map(|key| unknown_retry_key(key).map(|m| (key, m)))
        {
            return Err((format!("retry.{key}"), message));
        }
        let duration = |key: &str| {
            map.get(key)
                .map(|v| crate::duration::from_json(v).map_err(|m| (format!("retry.{key}"), m)))
                .transpose()
        };
        let since = match map.get("since") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(("retry.since".into(), "must be a step's name".into())),
        };
        Ok(RetrySpec {
            within: duration("within")?
                .ok_or_else(|| <(String, String)>::from(retry_without_within()))?,
            every: duration("every")?.unwrap_or(Duration::from_millis(DEFAULT_RETRY_EVERY_MS)),
            since,
        })
    }
}

/// Whether an expectation reads a recovery field (checked after success).
pub(crate) fn is_recovery_expectation(expectation: &Expectation) -> bool {
    let head = expectation
        .path
        .split(['.', '['])
        .next()
        .unwrap_or_default();
    RECOVERY_FIELDS.contains(&head)
}

/// How a step repeats, read from its `every`, `times` and `aggregate` keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    /// Time between starts; zero repeats back to back.
    pub every: Duration,
    /// As written, for the record.
    pub every_text: String,
    /// How many repetitions; none: until the body of a `#[chaos_test]` ends.
    pub times: Option<u32>,
    /// Expectations on the aggregate (default: every repetition succeeded).
    pub aggregate: Vec<Expectation>,
}

/// Reads `every`, `times` and `aggregate` off a step; problems name the
/// field. Whether they go together is [`Step::shape_problems`]' business.
pub fn repeat_of(step: &Step) -> Result<Option<Repeat>, (String, String)> {
    let times = match &step.times {
        None => None,
        Some(v) => match times_problem(v.as_u64()) {
            None => v.as_u64().map(|n| n as u32),
            Some(problem) => return Err((problem.key, format!("{}, not {v}", problem.message))),
        },
    };
    let aggregate = match &step.aggregate {
        None => None,
        Some(value) => Some(aggregate_of(value)?),
    };
    let Some(every) = &step.every else {
        return Ok(None);
    };
    let zero = matches!(every, Value::Number(n) if n.as_f64() == Some(0.0))
        || matches!(every, Value::String(s) if s.trim().trim_end_matches(|c: char| c.is_ascii_alphabetic()) == "0");
    let interval = if zero {
        Duration::ZERO
    } else {
        crate::duration::from_json(every).map_err(|m| ("every".to_string(), m))?
    };
    Ok(Some(Repeat {
        every: interval,
        every_text: match every {
            Value::String(s) => s.clone(),
            other => format!("{other}s"),
        },
        times,
        aggregate: aggregate
            .unwrap_or_else(|| vec![Expectation::new("eq", "success_ratio", json!(1))]),
    }))
}

fn aggregate_of(value: &Value) -> Result<Vec<Expectation>, (String, String)> {
    let list: Vec<Expectation> = serde_json::from_value(value.clone()).map_err(|e| {
        (
            "aggregate".to_string(),
            format!("must be a list of expectations ({e})"),
        )
    })?;
    for (i, expectation) in list.iter().enumerate() {
        crate::expect::check(expectation)
            .and_then(|()| check_baseline(expectation))
            .map_err(|m| (format!("aggregate[{i}]"), m))?;
    }
    Ok(list)
}

impl Step {
    /// Which of the repetition and retry keys the step has.
    pub fn shape_keys(&self) -> StepKeys {
        StepKeys {
            every: self.every.is_some(),
            times: self.times.is_some(),
            retry: self.retry.is_some(),
            aggregate: self.aggregate.is_some(),
        }
    }

    /// The ways its keys do not go together (see
    /// [`kallisti_catalog::step::combination_problems`]), as (field,
    /// message). `repeats_until_body_ends` is true for a `#[chaos_test]`'s
    /// `during` steps.
    pub fn shape_problems(&self, repeats_until_body_ends: bool) -> Vec<(String, String)> {
        combination_problems(self.shape_keys(), repeats_until_body_ends)
            .into_iter()
            .map(Into::into)
            .collect()
    }

    /// Its `retry`, read; `None` when it is not retried.
    pub fn retry_spec(&self) -> Result<Option<RetrySpec>, (String, String)> {
        self.retry.as_ref().map(RetrySpec::from_json).transpose()
    }
}

/// A baseline-relative expected value.
pub(crate) struct Baseline {
    pub(crate) step: String,
    pub(crate) path: Option<String>,
    times: Option<f64>,
    plus: Option<f64>,
    minus: Option<f64>,
}

impl Baseline {
    /// The baseline an expectation compares with, if it names one.
    pub(crate) fn of(expectation: &Expectation) -> Result<Option<Baseline>, Error> {
        let Value::Object(map) = &expectation.expected else {
            return Ok(None);
        };
        let Some(step) = map.get("baseline") else {
            return Ok(None);
        };
        let bad = |m: &str| Error::invalid_argument("expect", m.to_string());
        let number = |key: &str| match map.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| bad(&format!("baseline `{key}` must be a number"))),
        };
        for key in map.keys() {
            if !["baseline", "path", "times", "plus", "minus"].contains(&key.as_str()) {
                return Err(bad(&format!(
                    "unknown baseline key `{key}` (baseline, path, times, plus, minus)"
                )));
            }
        }
        Ok(Some(Baseline {
            step: step
                .as_str()
                .ok_or_else(|| bad("`baseline` must be a step's name"))?
                .to_string(),
            path: match map.get("path") {
                None => None,
                Some(Value::String(p)) => Some(p.clone()),
                Some(_) => return Err(bad("baseline `path` must be a string")),
            },
            times: number("times")?,
            plus: number("plus")?,
            minus: number("minus")?,
        }))
    }

    pub(crate) fn apply(&self, measured: f64) -> f64 {
        measured * self.times.unwrap_or(1.0) + self.plus.unwrap_or(0.0) - self.minus.unwrap_or(0.0)
    }

    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = self.times {
            parts.push(format!("× {t}"));
        }
        if let Some(p) = self.plus {
            parts.push(format!("+ {p}"));
        }
        if let Some(m) = self.minus {
            parts.push(format!("− {m}"));
        }
        if parts.is_empty() {
            "equal".into()
        } else {
            parts.join(" ")
        }
    }
}

/// Checks a baseline expectation's shape before anything runs.
pub(crate) fn check_baseline(expectation: &Expectation) -> Result<(), String> {
    Baseline::of(expectation).map(|_| ()).map_err(|e| match e {
        Error::InvalidArgument { message, .. } => message,
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_specs_read_with_defaults_and_name_bad_fields() {
        let spec = RetrySpec::from_json(&json!({"within": "2s"})).unwrap();
        assert_eq!(spec.within, Duration::from_secs(2));
        assert_eq!(spec.every, Duration::from_millis(500));
        let err = RetrySpec::from_json(&json!({"every": "1s"})).unwrap_err();
        assert_eq!(err.0, "retry.within");
        let err = RetrySpec::from_json(&json!({"within": "2s", "evry": "1s"})).unwrap_err();
        assert_eq!(err.0, "retry.evry");
        let err = RetrySpec::from_json(&json!({"within": "soon"})).unwrap_err();
        assert_eq!(err.0, "retry.within");
    }

    #[test]
    fn every_and_aggregate_are_read_and_checked() {
        let step: Step = serde_json::from_value(json!({
            "do": "cm.http_probe", "where": {}, "every": "250ms",
            "aggregate": [{"operator": "ge", "success_ratio": 0.9}]
        }))
        .unwrap();
        let repeat = repeat_of(&step).unwrap().unwrap();
        assert_eq!(repeat.every, Duration::from_millis(250));
        assert_eq!(repeat.aggregate.len(), 1);

        let zero: Step =
            serde_json::from_value(json!({"do": "a.b", "where": {}, "every": "0ms"})).unwrap();
        let repeat = repeat_of(&zero).unwrap().unwrap();
        assert!(repeat.every.is_zero());
        assert_eq!(repeat.aggregate[0].path, "success_ratio");

        let once: Step = serde_json::from_value(json!({"do": "a.b", "where": {}})).unwrap();
        assert_eq!(repeat_of(&once), Ok(None));

        let bad: Step = serde_json::from_value(json!({
            "do": "a.b", "where": {}, "every": "1s",
            "aggregate": [{"operator": "gte", "success_ratio": 1}]
        }))
        .unwrap();
        let (field, message) = repeat_of(&bad).unwrap_err();
        assert_eq!(field, "aggregate[0]");
        assert!(message.contains("did you mean `ge`?"), "{message}");

        let lonely: Step = serde_json::from_value(json!({
            "do": "a.b", "where": {}, "aggregate": []
        }))
        .unwrap();
        assert_eq!(repeat_of(&lonely), Ok(None));
        assert_eq!(lonely.shape_problems(false)[0].0, "aggregate");
        let soon: Step =
            serde_json::from_value(json!({"do": "a.b", "where": {}, "every": "soon"})).unwrap();
        assert_eq!(repeat_of(&soon).unwrap_err().0, "every");
    }
}
