//! Paths into a step's result: `status_code`, `response.data.id`,
//! `items[0].name`, `[0].state`, `headers["Content-Type"]`, or `value`.

use crate::error::{json_type_phrase, Error};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// Splits a path into segments, or says why it is malformed.
pub(crate) fn parse(path: &str) -> Result<Vec<Segment>, String> {
    let mut segments = Vec::new();
    let mut chars = path.chars().peekable();
    let mut key = String::new();
    let bad = |why: &str| format!("malformed path `{path}`: {why}");
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !key.is_empty() {
                    segments.push(Segment::Key(std::mem::take(&mut key)));
                } else if !matches!(segments.last(), Some(Segment::Index(_))) {
                    return Err(bad("empty key"));
                }
            }
            '[' => {
                if !key.is_empty() {
                    segments.push(Segment::Key(std::mem::take(&mut key)));
                }
                let mut inner = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == ']' {
                        closed = true;
                        break;
                    }
                    inner.push(c);
                }
                if !closed {
                    return Err(bad("`[` without `]`"));
                }
                let inner = inner.trim();
                if let Some(quoted) = inner
                    .strip_prefix('"')
                    .and_then(|s| s.strip_suffix('"'))
                    .or_else(|| inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                {
                    segments.push(Segment::Key(quoted.to_string()));
                } else {
                    let index = inner
                        .parse::<usize>()
                        .map_err(|_| bad(&format!("`[{inner}]` is not a list index")))?;
                    segments.push(Segment::Index(index));
                }
                if let Some(next) = chars.peek() {
                    if *next != '.' && *next != '[' {
                        return Err(bad("expected `.` or `[` after `]`"));
                    }
                }
            }
            c => key.push(c),
        }
    }
    if !key.is_empty() {
        segments.push(Segment::Key(key));
    } else if path.ends_with('.') || path.is_empty() {
        return Err(bad("empty key"));
    }
    Ok(segments)
}

/// Finds `path` in `result`. The path `value` is the result itself when the
/// result is not an object with a `value` key.
pub fn lookup<'a>(result: &'a Value, path: &str) -> Result<&'a Value, Error> {
    if path == "value" && !matches!(result, Value::Object(m) if m.contains_key("value")) {
        return Ok(result);
    }
    let segments = parse(path).map_err(|message| Error::KeyNotFound {
        path: path.to_string(),
        detail: message,
    })?;
    let mut current = result;
    let mut walked = String::new();
    for segment in &segments {
        let next = match (segment, current) {
            (Segment::Key(k), Value::Object(map)) => map.get(k),
            (Segment::Index(i), Value::Array(items)) => items.get(*i),
            _ => None,
        };
        let Some(next) = next else {
            let at = if walked.is_empty() {
                "the result".to_string()
            } else {
                format!("`{walked}`")
            };
            let detail = match (segment, current) {
                (Segment::Key(k), Value::Object(_)) => format!("no key `{k}` in {at}"),
                (Segment::Index(i), Value::Array(items)) => {
                    format!("index {i} is past the end of {at} ({} items)", items.len())
                }
                (Segment::Key(k), other) => {
                    format!("{at} is {} with no key `{k}`", json_type_phrase(other))
                }
                (Segment::Index(i), other) => {
                    format!(
                        "{at} is {}, not a list to index with [{i}]",
                        json_type_phrase(other)
                    )
                }
            };
            return Err(Error::KeyNotFound {
                path: path.to_string(),
                detail,
            });
        };
        match segment {
            Segment::Key(k) => {
                if !walked.is_empty() {
                    walked.push('.');
                }
                walked.push_str(k);
            }
            Segment::Index(i) => walked.push_str(&format!("[{i}]")),
        }
        current = next;
    }
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths() {
        let r = json!({
            "status_code": 200,
            "response": {"data": {"id": 7}},
            "items": [{"name": "a"}, {"name": "b"}],
            "response_headers": {"Content-Type": "json", "a.b": 1},
            "matrix": [[1, 2], [3, 4]]
        });
        assert_eq!(lookup(&r, "status_code").unwrap(), &json!(200));
        assert_eq!(lookup(&r, "response.data.id").unwrap(), &json!(7));
        assert_eq!(lookup(&r, "items[1].name").unwrap(), &json!("b"));
        assert_eq!(
            lookup(&r, "response_headers.Content-Type").unwrap(),
            &json!("json")
        );
        assert_eq!(lookup(&r, "response_headers[\"a.b\"]").unwrap(), &json!(1));
        assert_eq!(lookup(&r, "matrix[1][0]").unwrap(), &json!(3));
        let list = json!([{"state": "running"}]);
        assert_eq!(lookup(&list, "[0].state").unwrap(), &json!("running"));
    }

    #[test]
    fn value_is_the_scalar_result() {
        assert_eq!(lookup(&json!(3.5), "value").unwrap(), &json!(3.5));
        assert_eq!(lookup(&json!([1]), "value").unwrap(), &json!([1]));
        assert_eq!(lookup(&json!({"value": 1}), "value").unwrap(), &json!(1));
    }

    #[test]
    fn misses_say_what_was_missing() {
        let r = json!({"items": [{"name": "a"}], "n": 1});
        let detail = |p: &str| match lookup(&r, p).unwrap_err() {
            Error::KeyNotFound { detail, .. } => detail,
            other => panic!("{other:?}"),
        };
        assert_eq!(detail("nope"), "no key `nope` in the result");
        assert_eq!(
            detail("items[3].name"),
            "index 3 is past the end of `items` (1 items)"
        );
        assert_eq!(detail("items[0].age"), "no key `age` in `items[0]`");
        assert_eq!(detail("n.x"), "`n` is a number with no key `x`");
        assert_eq!(
            detail("n[0]"),
            "`n` is a number, not a list to index with [0]"
        );
    }

    #[test]
    fn malformed_paths() {
        for p in ["", "a..b", "a[", "a[x]", "a[0]b", "a."] {
            assert!(parse(p).is_err(), "{p} should be rejected");
        }
    }
}
