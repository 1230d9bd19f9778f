//! The shape of a step: which keys it may have and how repetition
//! (`every`, `times`, `aggregate`) and retry (`retry`) combine.
//!
//! The `#[chaos_test]` macro checks these at compile time and the runtime
//! checks them again for experiment files and builders; both call the
//! functions here, so they accept and refuse the same steps in the same
//! words.
//!
//! ```
//! use kallisti_catalog::step::{combination_problems, StepKeys};
//!
//! let keys = StepKeys { every: true, retry: true, ..StepKeys::default() };
//! let problems = combination_problems(keys, false);
//! assert_eq!(problems[0].key, "retry");
//! ```

use crate::suggest::closest;

/// Every key a step may have.
pub const STEP_KEYS: [&str; 9] = [
    "step",
    "do",
    "where",
    "expect",
    "timeout",
    "retry",
    "every",
    "times",
    "aggregate",
];

/// Every key a `retry` object may have.
pub const RETRY_KEYS: [&str; 3] = ["within", "every", "since"];

/// The pause between retries when `retry.every` is left out, in milliseconds.
pub const DEFAULT_RETRY_EVERY_MS: u64 = 500;

/// Which of the repetition and retry keys a step has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepKeys {
    /// `every`: the step repeats.
    pub every: bool,
    /// `times`: how many repetitions.
    pub times: bool,
    /// `retry`: the probe is retried until its expectations hold.
    pub retry: bool,
    /// `aggregate`: expectations on the repetitions taken together.
    pub aggregate: bool,
}

/// A rule a step breaks: the key at fault and what is wrong with it,
/// without the step's name (each caller says where the step is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeProblem {
    /// The key at fault (`every`, `retry.within`, ...).
    pub key: String,
    /// What is wrong with it, as a phrase that follows the key.
    pub message: String,
}

impl ShapeProblem {
    fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        ShapeProblem {
            key: key.into(),
            message: message.into(),
        }
    }

    /// The key and the phrase as one sentence: "`times` needs `every`, ...".
    pub fn sentence(&self) -> String {
        format!("`{}` {}", self.key, self.message)
    }
}

/// The rules on how a step's keys combine. `repeats_until_body_ends` is
/// true for the `during` steps of a `#[chaos_test]`, the only steps that
/// may repeat with no `times`.
pub fn combination_problems(keys: StepKeys, repeats_until_body_ends: bool) -> Vec<ShapeProblem> {
    let mut problems = Vec::new();
    if keys.every && keys.retry {
        problems.push(ShapeProblem::new(
            "retry",
            "cannot go with `every`: a step either repeats or is retried, not both",
        ));
    } else if keys.every && !keys.times && !repeats_until_body_ends {
        problems.push(ShapeProblem::new(
            "every",
            "needs `times` (how many repetitions): only a #[chaos_test]'s `during` steps repeat until the body ends",
        ));
    }
    if keys.times && !keys.every {
        problems.push(ShapeProblem::new(
            "times",
            "needs `every`, the interval between repetitions",
        ));
    }
    if keys.aggregate && !keys.every {
        problems.push(ShapeProblem::new(
            "aggregate",
            "needs `every`: only a repeated step has an aggregate",
        ));
    }
    problems
}

/// Why `key` is not a step key, with the closest one when it looks like a
/// typo; `None` when it is one.
pub fn unknown_step_key(key: &str) -> Option<String> {
    unknown_key(key, "", "a step has", &STEP_KEYS)
}

/// Why `key` is not a key of `retry`; `None` when it is one.
pub fn unknown_retry_key(key: &str) -> Option<String> {
    unknown_key(key, "retry.", "a retry has", &RETRY_KEYS)
}

fn unknown_key(key: &str, prefix: &str, what: &str, known: &[&str]) -> Option<String> {
    if known.contains(&key) {
        return None;
    }
    let hint = closest(key, known.iter().copied())
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    Some(format!(
        "unknown key `{prefix}{key}` ({what} {}){hint}",
        known.join(", ")
    ))
}

/// What is wrong with a `times` value, given as a whole number when it is
/// one; `None` when it is fine.
pub fn times_problem(times: Option<u64>) -> Option<ShapeProblem> {
    match times {
        Some(n) if n >= 1 && n <= u64::from(u32::MAX) => None,
        _ => Some(ShapeProblem::new(
            "times",
            "must be a whole number of repetitions, 1 or more",
        )),
    }
}

/// A `retry` that is not an object.
pub fn retry_not_an_object() -> ShapeProblem {
    ShapeProblem::new(
        "retry",
        "must be an object such as {\"within\": \"30s\", \"every\": \"500ms\"}",
    )
}

/// A `retry` without its deadline.
pub fn retry_without_within() -> ShapeProblem {
    ShapeProblem::new("retry.within", "is missing: a retry needs its deadline")
}

impl From<ShapeProblem> for (String, String) {
    fn from(problem: ShapeProblem) -> Self {
        (problem.key, problem.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(every: bool, times: bool, retry: bool, aggregate: bool) -> StepKeys {
        StepKeys {
            every,
            times,
            retry,
            aggregate,
        }
    }

    fn faulty_keys(keys: StepKeys, during: bool) -> Vec<String> {
        combination_problems(keys, during)
            .into_iter()
            .map(|p| p.key)
            .collect()
    }

    #[test]
    fn each_combination_rule_names_its_key() {
        assert!(faulty_keys(keys(false, false, false, false), false).is_empty());
        assert!(faulty_keys(keys(true, true, false, true), false).is_empty());
        assert!(faulty_keys(keys(false, false, true, false), false).is_empty());
        assert_eq!(
            faulty_keys(keys(true, false, false, false), false),
            ["every"]
        );
        assert!(faulty_keys(keys(true, false, false, false), true).is_empty());
        assert_eq!(faulty_keys(keys(true, true, true, false), false), ["retry"]);
        assert_eq!(
            faulty_keys(keys(false, true, false, true), false),
            ["times", "aggregate"]
        );
    }

    #[test]
    fn unknown_keys_are_named_with_a_suggestion() {
        assert_eq!(unknown_step_key("where"), None);
        let message = unknown_step_key("expcet").unwrap();
        assert!(
            message.starts_with("unknown key `expcet` (a step has step, do,"),
            "{message}"
        );
        assert!(message.ends_with("did you mean `expect`?"), "{message}");
        assert_eq!(unknown_retry_key("since"), None);
        let message = unknown_retry_key("withn").unwrap();
        assert!(message.starts_with("unknown key `retry.withn` (a retry has within, every, since)"));
        assert!(message.ends_with("did you mean `within`?"), "{message}");
    }

    #[test]
    fn times_is_one_or_more_and_fits_u32() {
        assert_eq!(times_problem(Some(1)), None);
        assert_eq!(times_problem(Some(u64::from(u32::MAX))), None);
        assert_eq!(times_problem(Some(0)).unwrap().key, "times");
        assert!(times_problem(Some(u64::from(u32::MAX) + 1)).is_some());
        assert!(times_problem(None).is_some());
    }
}
