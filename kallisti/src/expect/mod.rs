//! Expectations: what a step's result must satisfy.
//!
//! ```
//! use kallisti::expect::evaluate;
//! use kallisti::experiment::Expectation;
//! use serde_json::json;
//!
//! let result = json!({"status_code": 200, "response": {"items": [{"state": "running"}]}});
//! evaluate(&Expectation::new("eq", "status_code", json!(200)), &result).unwrap();
//! evaluate(&Expectation::new("regex", "response.items[0].state", json!("^run")), &result).unwrap();
//! // Prometheus answers numbers as strings; they compare as numbers.
//! evaluate(&Expectation::new("gt", "[1]", json!(0.5)), &json!([1700000000, "0.75"])).unwrap();
//! ```

mod path;

pub use path::lookup;

use crate::error::{json_type_phrase, Error};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::cmp::Ordering;

/// An expectation operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// Equal (numbers and numeric strings compare as numbers).
    Eq,
    /// Not equal.
    Ne,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
    /// The actual value, as text, matches the expected regular expression somewhere.
    Regex,
}

impl Operator {
    /// Every operator's name.
    pub const NAMES: [&'static str; 7] = kallisti_catalog::OPERATORS;

    /// The operator called `name`.
    pub fn parse(name: &str) -> Option<Operator> {
        Some(match name {
            "eq" => Operator::Eq,
            "ne" => Operator::Ne,
            "lt" => Operator::Lt,
            "le" => Operator::Le,
            "gt" => Operator::Gt,
            "ge" => Operator::Ge,
            "regex" => Operator::Regex,
            _ => return None,
        })
    }
}

/// Checks an expectation before anything runs: a known operator, and a valid
/// pattern for `regex`. The error names what is wrong.
pub fn check(expectation: &Expectation) -> Result<(), String> {
    let Some(op) = Operator::parse(&expectation.operator) else {
        return Err(kallisti_catalog::check_operator(&expectation.operator).unwrap_or_default());
    };
    if op == Operator::Regex {
        let Value::String(pattern) = &expectation.expected else {
            return Err("`regex` takes a pattern string".into());
        };
        regex::Regex::new(pattern).map_err(|e| format!("invalid pattern: {e}"))?;
    }
    path::parse(&expectation.path)?;
    Ok(())
}

/// Evaluates one expectation against a step's result.
///
/// Errors are [`Error::KeyNotFound`] when the path is not in the result, and
/// [`Error::FailedExpectation`] (path, operator, expected, actual) when it does not hold.
pub fn evaluate(expectation: &Expectation, result: &Value) -> Result<(), Error> {
    let op = Operator::parse(&expectation.operator).ok_or_else(|| Error::InvalidArgument {
        argument: "expect.operator".into(),
        message: check(expectation).err().unwrap_or_default(),
    })?;
    let actual = lookup(result, &expectation.path)?;
    let fail = |path: String| {
        Error::FailedExpectation(Box::new(crate::error::ExpectationFailure {
            path,
            operator: expectation.operator.clone(),
            expected: expectation.expected.clone(),
            actual: actual.clone(),
        }))
    };
    match holds(op, actual, &expectation.expected) {
        Ok(true) => Ok(()),
        Ok(false) => Err(fail(expectation.path.clone())),
        Err(why) => Err(fail(format!("{} ({why})", expectation.path))),
    }
}

/// A JSON value read as a number: numbers, and strings such as `"0.5"`, `"NaN"`, `"+Inf"`.
pub fn as_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                return None;
            }
            match t.to_ascii_lowercase().as_str() {
                "nan" | "+nan" | "-nan" => Some(f64::NAN),
                "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
                "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                _ => t.parse::<f64>().ok().filter(|n| n.is_finite()),
            }
        }
        _ => None,
    }
}

/// Whole numbers compare exactly, beyond f64's precision.
fn as_integer(value: &Value) -> Option<i128> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from)),
        Value::String(s) => s.trim().parse::<i128>().ok(),
        _ => None,
    }
}

fn numeric_order(actual: &Value, expected: &Value) -> Option<Option<Ordering>> {
    if let (Some(a), Some(b)) = (as_integer(actual), as_integer(expected)) {
        return Some(Some(a.cmp(&b)));
    }
    let (a, b) = (as_number(actual)?, as_number(expected)?);
    if a.is_nan() || b.is_nan() {
        // NaN equals only NaN (what a user writing `"NaN"` means) and orders with nothing.
        return Some((a.is_nan() && b.is_nan()).then_some(Ordering::Equal));
    }
    Some(a.partial_cmp(&b))
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn holds(op: Operator, actual: &Value, expected: &Value) -> Result<bool, String> {
    if op == Operator::Regex {
        let pattern = expected.as_str().ok_or("`regex` takes a pattern string")?;
        let re = regex::Regex::new(pattern).map_err(|e| format!("invalid pattern: {e}"))?;
        return Ok(re.is_match(&text_of(actual)));
    }
    let order = match numeric_order(actual, expected) {
        Some(order) => order,
        None => match (actual, expected) {
            (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
            _ if matches!(op, Operator::Eq | Operator::Ne) => {
                (actual == expected).then_some(Ordering::Equal)
            }
            _ => {
                return Err(format!(
                    "cannot order {} against {}",
                    json_type_phrase(actual),
                    json_type_phrase(expected)
                ))
            }
        },
    };
    Ok(match op {
        Operator::Eq => order == Some(Ordering::Equal),
        Operator::Ne => order != Some(Ordering::Equal),
        Operator::Lt => order == Some(Ordering::Less),
        Operator::Le => matches!(order, Some(Ordering::Less | Ordering::Equal)),
        Operator::Gt => order == Some(Ordering::Greater),
        Operator::Ge => matches!(order, Some(Ordering::Greater | Ordering::Equal)),
        Operator::Regex => unreachable!("handled above"),
    })
}

/// One expectation: `{"operator": OP, PATH: VALUE}`.
///
/// `PATH` is `value` for a scalar result, else a dotted path into the result
/// (`status_code`, `response.data.id`, `items[0].name`, `[0].state`).
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// `eq`, `ne`, `lt`, `le`, `gt`, `ge` or `regex`.
    pub operator: String,
    /// Where in the result to look.
    pub path: String,
    /// The value to compare with.
    pub expected: Value,
}

impl Expectation {
    /// An expectation that `path` `operator` `expected` holds.
    pub fn new(operator: impl Into<String>, path: impl Into<String>, expected: Value) -> Self {
        Expectation {
            operator: operator.into(),
            path: path.into(),
            expected,
        }
    }
}

impl Serialize for Expectation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("operator", &self.operator)?;
        map.serialize_entry(&self.path, &self.expected)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Expectation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let mut map = Map::<String, Value>::deserialize(deserializer)?;
        let operator = match map.remove("operator") {
            Some(Value::String(op)) => op,
            Some(_) => return Err(D::Error::custom("`operator` must be a string")),
            None => return Err(D::Error::missing_field("operator")),
        };
        let mut rest = map.into_iter();
        match (rest.next(), rest.next()) {
            (Some((path, expected)), None) => Ok(Expectation {
                operator,
                path,
                expected,
            }),
            (None, _) => Err(D::Error::custom(
                "an expectation needs one key besides `operator` (`value` or a path)",
            )),
            (Some(_), Some(_)) => Err(D::Error::custom(
                "an expectation takes exactly one key besides `operator`",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    fn eval(op: &str, path: &str, expected: Value, result: &Value) -> Result<(), Error> {
        evaluate(&Expectation::new(op, path, expected), result)
    }

    fn ok(op: &str, actual: Value, expected: Value) -> bool {
        match eval(op, "value", expected, &actual) {
            Ok(()) => true,
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::FailedExpectation, "{e}");
                false
            }
        }
    }

    #[test]
    fn every_operator_on_numbers() {
        let table = [
            ("eq", 5, 5, true),
            ("eq", 5, 6, false),
            ("ne", 5, 6, true),
            ("ne", 5, 5, false),
            ("lt", 4, 5, true),
            ("lt", 5, 5, false),
            ("le", 5, 5, true),
            ("le", 6, 5, false),
            ("gt", 6, 5, true),
            ("gt", 5, 5, false),
            ("ge", 5, 5, true),
            ("ge", 4, 5, false),
        ];
        for (op, a, b, want) in table {
            assert_eq!(ok(op, json!(a), json!(b)), want, "{a} {op} {b}");
        }
        assert!(ok("lt", json!(0.25), json!(0.5)));
        assert!(ok("eq", json!(1.0), json!(1)));
    }

    #[test]
    fn every_operator_on_strings() {
        assert!(ok("eq", json!("UP"), json!("UP")));
        assert!(!ok("eq", json!("UP"), json!("DOWN")));
        assert!(ok("ne", json!("UP"), json!("DOWN")));
        assert!(ok("lt", json!("abc"), json!("abd")));
        assert!(ok("le", json!("abc"), json!("abc")));
        assert!(ok("gt", json!("b"), json!("a")));
        assert!(ok("ge", json!("b"), json!("b")));
        assert!(!ok("gt", json!("a"), json!("b")));
        assert!(ok("regex", json!("status: UP"), json!("U[P]$")));
        assert!(!ok("regex", json!("status: DOWN"), json!("^UP")));
        assert!(ok("regex", json!(200), json!("^2\\d\\d$")));
    }

    #[test]
    fn numeric_strings_compare_as_numbers() {
        assert!(ok("eq", json!("200"), json!(200)));
        assert!(
            ok("gt", json!("10"), json!("9")),
            "numeric, not lexicographic"
        );
        assert!(ok("lt", json!("0.5"), json!(1)));
        assert!(ok("eq", json!("1.50"), json!(1.5)));
        assert!(ok("ge", json!("1e3"), json!(999)));
        assert!(!ok("eq", json!("200"), json!(201)));
        assert!(ok(
            "eq",
            json!("18446744073709551615"),
            json!(18446744073709551615u64)
        ));
        assert!(!ok(
            "eq",
            json!(9007199254740993u64),
            json!(9007199254740992u64)
        ));
    }

    #[test]
    fn nan_and_infinities() {
        assert!(ok("eq", json!("NaN"), json!("NaN")));
        assert!(!ok("eq", json!("NaN"), json!(1)));
        assert!(ok("ne", json!("NaN"), json!(1)));
        assert!(!ok("lt", json!("NaN"), json!(1)));
        assert!(!ok("gt", json!("NaN"), json!(1)));
        assert!(ok("gt", json!("+Inf"), json!(1e300)));
        assert!(ok("lt", json!("-Inf"), json!(-1e300)));
        assert!(ok("eq", json!("+Inf"), json!("Inf")));
    }

    /// Every operator on NaN, the infinities and numeric strings, as a
    /// table: `[eq, ne, lt, le, gt, ge]` for `actual OP expected`. A NaN
    /// (a Prometheus ratio of 0/0) never satisfies an ordering against a
    /// number, so `ge 0.95` cannot pass on it.
    #[test]
    fn every_operator_on_nan_infinities_and_numeric_strings() {
        const OPS: [&str; 6] = ["eq", "ne", "lt", "le", "gt", "ge"];
        let (t, f) = (true, false);
        let table: [(Value, Value, [bool; 6]); 16] = [
            (json!("NaN"), json!(0.95), [f, t, f, f, f, f]),
            (json!(0.95), json!("NaN"), [f, t, f, f, f, f]),
            (json!("nan"), json!("-Inf"), [f, t, f, f, f, f]),
            (json!("NaN"), json!("NaN"), [t, f, f, t, f, t]),
            (json!("+Inf"), json!(1e308), [f, t, f, f, t, t]),
            (json!(1e308), json!("+Inf"), [f, t, t, t, f, f]),
            (json!("-Inf"), json!(-1e308), [f, t, t, t, f, f]),
            (json!("+Inf"), json!("Inf"), [t, f, f, t, f, t]),
            (json!("-Inf"), json!("+Inf"), [f, t, t, t, f, f]),
            (json!("0.5"), json!(0.5), [t, f, f, t, f, t]),
            (json!("10"), json!("9"), [f, t, f, f, t, t]),
            (json!(" 2.50 "), json!("2.5"), [t, f, f, t, f, t]),
            (json!("1e-3"), json!(0.002), [f, t, t, t, f, f]),
            (json!("-0"), json!(0), [t, f, f, t, f, t]),
            (json!("0.95"), json!(0.95), [t, f, f, t, f, t]),
            (json!("0.9499"), json!(0.95), [f, t, t, t, f, f]),
        ];
        for (actual, expected, wanted) in table {
            for (op, want) in OPS.iter().zip(wanted) {
                assert_eq!(
                    ok(op, actual.clone(), expected.clone()),
                    want,
                    "{actual} {op} {expected}"
                );
            }
        }
    }

    #[test]
    fn other_types_compare_by_equality_only() {
        assert!(ok("eq", json!(true), json!(true)));
        assert!(!ok("eq", json!(true), json!("true")));
        assert!(ok("eq", json!({"a": [1]}), json!({"a": [1]})));
        assert!(ok("ne", json!(null), json!(0)));
        let err = eval("lt", "value", json!(1), &json!(true)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::FailedExpectation);
        assert!(err.to_string().contains("cannot order"), "{err}");
    }

    #[test]
    fn failures_name_path_operator_expected_and_actual() {
        let err = eval(
            "eq",
            "status_code",
            json!(200),
            &json!({"status_code": 503}),
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::FailedExpectation);
        assert_eq!(err.to_string(), "expected status_code eq 200, actual 503");
    }

    #[test]
    fn missing_paths_are_key_not_found() {
        let err = eval(
            "eq",
            "response.data.id",
            json!(1),
            &json!({"response": {"x": 1}}),
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::KeyNotFound);
        assert!(err.to_string().contains("response.data.id"), "{err}");
        assert!(err.to_string().contains("`data`"), "{err}");
    }

    #[test]
    fn check_rejects_unknown_operators_and_bad_patterns() {
        let e = check(&Expectation::new("equals", "value", json!(1))).unwrap_err();
        assert!(e.contains("equals") && e.contains("eq"), "{e}");
        let e = check(&Expectation::new("gte", "value", json!(1))).unwrap_err();
        assert!(e.contains("did you mean `ge`"), "{e}");
        assert!(check(&Expectation::new("regex", "value", json!("(unclosed"))).is_err());
        assert!(check(&Expectation::new("regex", "value", json!(5))).is_err());
        assert!(check(&Expectation::new("eq", "a[x]", json!(5))).is_err());
        assert!(check(&Expectation::new("le", "value", json!(5))).is_ok());
    }
}
