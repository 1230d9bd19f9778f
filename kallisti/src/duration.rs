//! Durations as experiments write them: seconds as a number, or text such as
//! `"500ms"`, `"5s"`, `"1m 30s"`.

use serde_json::Value;
use std::time::Duration;

/// Parses a duration given as a JSON number of seconds or a duration string.
///
/// ```
/// use std::time::Duration;
/// use serde_json::json;
/// assert_eq!(kallisti::duration::from_json(&json!(2.5)), Ok(Duration::from_millis(2500)));
/// assert_eq!(kallisti::duration::from_json(&json!("250ms")), Ok(Duration::from_millis(250)));
/// assert!(kallisti::duration::from_json(&json!("soon")).is_err());
/// ```
pub fn from_json(value: &Value) -> Result<Duration, String> {
    match value {
        Value::Number(n) => kallisti_catalog::duration_from_seconds(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(text) => parse(text),
        other => Err(format!(
            "must be seconds as a number or a duration such as \"500ms\" or \"30s\", not {other}"
        )),
    }
}

/// Parses a duration string: `"500ms"`, `"30s"`, `"1m 30s"`, or plain seconds (`"2.5"`).
///
/// The same grammar `#[chaos_test]` checks at compile time
/// ([`kallisti_catalog::parse_duration`]).
pub fn parse(text: &str) -> Result<Duration, String> {
    kallisti_catalog::parse_duration(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepted_forms() {
        assert_eq!(from_json(&json!(3)), Ok(Duration::from_secs(3)));
        assert_eq!(parse("1m 30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse(" 2.5 "), Ok(Duration::from_millis(2500)));
        assert_eq!(parse("15s"), Ok(Duration::from_secs(15)));
    }

    #[test]
    fn rejected_forms() {
        assert!(from_json(&json!(0)).is_err());
        assert!(from_json(&json!(-1)).is_err());
        assert!(from_json(&json!(true)).is_err());
        assert!(parse("0s").is_err());
        let err = parse("forever").unwrap_err();
        assert!(err.contains("forever"), "{err}");
    }
}
