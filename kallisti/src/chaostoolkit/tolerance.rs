//! Whether a steady-state probe's output is within its tolerance, with
//! Python's comparison rules (`1 == True`, `1 == 1.0`), as the Chaos Toolkit
//! judges it. A `probe` tolerance runs an activity, so the runner handles it.

use super::config::Values;
use serde_json::Value;
use std::cmp::Ordering;

/// Checks a tolerance's shape; the message says what is wrong.
pub(crate) fn check_shape(tolerance: &Value) -> Result<(), String> {
    match tolerance {
        Value::Bool(_) | Value::String(_) | Value::Array(_) => Ok(()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(()),
        Value::Number(_) => Err("a number tolerance must be a whole number".into()),
        Value::Null => Err("a tolerance cannot be null".into()),
        Value::Object(spec) => check_dict(spec),
    }
}

fn check_dict(spec: &serde_json::Map<String, Value>) -> Result<(), String> {
    let text = |key: &str| spec.get(key).and_then(Value::as_str);
    match text("type") {
        Some("regex") => match text("pattern") {
            Some(pattern) if pattern.contains('$') => Ok(()),
            Some(pattern) => regex::Regex::new(pattern)
                .map(|_| ())
                .map_err(|e| format!("`pattern` is not a valid regular expression: {e}")),
            None => Err("a regex tolerance needs `pattern`".into()),
        },
        Some("jsonpath") => match text("path") {
            Some(path) if path.contains("${") => Ok(()),
            Some(path) => serde_json_path::JsonPath::parse(path)
                .map(|_| ())
                .map_err(|e| format!("`path` is not a valid JSONPath: {e}")),
            None => Err("a jsonpath tolerance needs `path`".into()),
        },
        Some("range") => match spec.get("range").and_then(Value::as_array) {
            Some(bounds) if bounds.len() == 2 && bounds.iter().all(Value::is_number) => Ok(()),
            _ => Err("a range tolerance needs `range: [min, max]` of two numbers".into()),
        },
        Some("probe") => match spec.get("provider") {
            Some(Value::Object(_)) => Ok(()),
            _ => Err("a probe tolerance needs `provider`".into()),
        },
        Some(other) => Err(format!(
            "tolerance type `{other}` is not one of regex, jsonpath, range, probe"
        )),
        None => Err("a mapping tolerance needs `type`".into()),
    }
}

/// Whether `output` is within `tolerance` (not a `probe` one).
pub(crate) fn within(tolerance: &Value, output: &Value, values: &Values) -> bool {
    match tolerance {
        Value::Bool(_) => py_eq(output, tolerance),
        Value::String(text) => py_eq(output, &values.substitute_str(text)),
        Value::Number(_) => py_eq(status_or_self(output), tolerance),
        Value::Array(items) => within_list(items, output),
        Value::Object(spec) => match spec.get("type").and_then(Value::as_str) {
            Some("regex") => regex_matches(spec, output, values),
            Some("jsonpath") => jsonpath_matches(spec, output, values),
            Some("range") => in_range(spec, output),
            _ => false,
        },
        Value::Null => false,
    }
}

/// An http or process result is judged by its `status`.
fn status_or_self(output: &Value) -> &Value {
    output
        .get("status")
        .filter(|_| output.is_object())
        .unwrap_or(output)
}

fn within_list(items: &[Value], output: &Value) -> bool {
    if let Some(status) = output.as_object().and_then(|o| o.get("status")) {
        return items.iter().any(|i| py_eq(status, i));
    }
    if let [low, high] = items {
        return matches!(py_cmp(low, output), Some(Ordering::Less | Ordering::Equal))
            && matches!(py_cmp(output, high), Some(Ordering::Less | Ordering::Equal));
    }
    items.iter().any(|i| py_eq(output, i))
}

/// `output[target]` when the tolerance names a target the output has.
fn targeted<'a>(spec: &serde_json::Map<String, Value>, output: &'a Value) -> &'a Value {
    match spec.get("target").and_then(Value::as_str) {
        Some(target) => output.get(target).unwrap_or(output),
        None => output,
    }
}

fn regex_matches(spec: &serde_json::Map<String, Value>, output: &Value, values: &Values) -> bool {
    let pattern = match spec.get("pattern").map(|p| values.substitute(p)) {
        Some(Value::String(p)) => p,
        _ => return false,
    };
    let (Ok(rx), Some(text)) = (regex::Regex::new(&pattern), targeted(spec, output).as_str())
    else {
        return false;
    };
    rx.is_match(text)
}

fn jsonpath_matches(
    spec: &serde_json::Map<String, Value>,
    output: &Value,
    values: &Values,
) -> bool {
    let Some(Value::String(path)) = spec.get("path").map(|p| values.substitute(p)) else {
        return false;
    };
    let Ok(path) = serde_json_path::JsonPath::parse(&path) else {
        return false;
    };
    let mut document = targeted(spec, output).clone();
    if let Value::String(text) = &document {
        if let Ok(parsed) = serde_json::from_str(text) {
            document = parsed;
        }
    }
    let found: Vec<Value> = path.query(&document).all().into_iter().cloned().collect();
    let mut met = !found.is_empty();
    if let Some(count) = spec.get("count").filter(|c| !c.is_null()) {
        met = count.as_u64() == Some(found.len() as u64);
    }
    if let Some(expect) = spec.get("expect") {
        let expect = values.substitute(expect);
        let wanted = match expect {
            Value::Array(items) => items,
            one => vec![one],
        };
        met = found.len() == wanted.len() && found.iter().zip(&wanted).all(|(a, b)| py_eq(a, b));
    }
    met
}

fn in_range(spec: &serde_json::Map<String, Value>, output: &Value) -> bool {
    let number = match targeted(spec, output) {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let bounds = spec.get("range").and_then(Value::as_array);
    match (number, bounds.map(|b| b.as_slice())) {
        (Some(n), Some([low, high])) => match (low.as_f64(), high.as_f64()) {
            (Some(low), Some(high)) => low <= n && n <= high,
            _ => false,
        },
        _ => false,
    }
}

/// A number, with Python's `True == 1`.
fn as_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// Python's `==` on JSON-shaped values.
pub(crate) fn py_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| py_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| py_eq(v, w)))
        }
        _ => match (as_number(a), as_number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

/// Python's ordering where it is defined (numbers, strings).
fn py_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => as_number(a)?.partial_cmp(&as_number(b)?),
    }
}

/// Python's truth of a value (what a `probe` tolerance's answer means).
pub(crate) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(tolerance: Value, output: Value) -> bool {
        within(&tolerance, &output, &Values::default())
    }

    #[test]
    fn scalars_compare_as_python_does() {
        assert!(ok(json!(true), json!(true)));
        assert!(ok(json!(true), json!(1)));
        assert!(!ok(json!(true), json!("true")));
        assert!(ok(json!("up"), json!("up")));
        assert!(ok(json!(200), json!({"status": 200, "body": ""})));
        assert!(ok(json!(3), json!(3.0)));
        assert!(!ok(json!(3), json!("3")));
    }

    #[test]
    fn a_list_is_a_status_set_a_range_or_a_membership() {
        assert!(ok(json!([200, 503]), json!({"status": 503})));
        assert!(!ok(json!([200, 503]), json!({"status": 404})));
        assert!(
            ok(json!([200, 503]), json!(404)),
            "two items on a plain value: a range"
        );
        assert!(!ok(json!([200, 503]), json!(600)));
        assert!(ok(json!([1, 2, 3]), json!(2)));
        assert!(!ok(json!([1, 2, 3]), json!(4)));
        assert!(
            !ok(json!([1, 2]), json!("x")),
            "no order between text and numbers"
        );
    }

    #[test]
    fn regex_jsonpath_and_range() {
        let out = json!({"status": 200, "body": "all good here"});
        assert!(ok(
            json!({"type": "regex", "pattern": "good", "target": "body"}),
            out.clone()
        ));
        assert!(!ok(
            json!({"type": "regex", "pattern": "bad", "target": "body"}),
            out
        ));
        assert!(ok(
            json!({"type": "regex", "pattern": "^a+$"}),
            json!("aaa")
        ));
        let doc = json!({"items": [{"s": "ok"}, {"s": "ok"}]});
        assert!(ok(
            json!({"type": "jsonpath", "path": "$.items[*].s"}),
            doc.clone()
        ));
        assert!(ok(
            json!({"type": "jsonpath", "path": "$.items[*].s", "count": 2}),
            doc.clone()
        ));
        assert!(!ok(
            json!({"type": "jsonpath", "path": "$.items[*].s", "count": 1}),
            doc.clone()
        ));
        assert!(ok(
            json!({"type": "jsonpath", "path": "$.items[*].s", "expect": ["ok", "ok"]}),
            doc.clone()
        ));
        assert!(!ok(
            json!({"type": "jsonpath", "path": "$.items[0].s", "expect": "ko"}),
            doc
        ));
        assert!(ok(
            json!({"type": "jsonpath", "path": "$.a", "target": "body"}),
            json!({"body": "{\"a\": 1}"})
        ));
        assert!(ok(json!({"type": "range", "range": [1, 5]}), json!("4.5")));
        assert!(ok(
            json!({"type": "range", "range": [1, 5], "target": "n"}),
            json!({"n": 5})
        ));
        assert!(!ok(
            json!({"type": "range", "range": [1, 5]}),
            json!("many")
        ));
    }

    #[test]
    fn shapes_are_checked() {
        assert!(check_shape(&json!(1.5)).is_err());
        assert!(check_shape(&json!({"type": "range", "range": [1]})).is_err());
        assert!(check_shape(&json!({"type": "regex", "pattern": "("})).is_err());
        assert!(check_shape(&json!({"type": "nope"})).is_err());
        assert!(check_shape(&json!({"type": "jsonpath", "path": "$.a"})).is_ok());
    }
}
