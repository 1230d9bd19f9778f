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
        Value::Number(n) => {
            let secs = n.as_f64().unwrap_or(f64::NAN);
            if secs.is_finite() && secs > 0.0 {
                Ok(Duration::from_secs_f64(secs))
            } else {
                Err(format!("must be a positive number of seconds, not {n}"))
            }
        }
        Value::String(text) => parse(text),
        other => Err(format!(
            "must be seconds as a number or a duration such as \"500ms\" or \"30s\", not {other}"
        )),
    }
}

/// Parses a duration string: `"500ms"`, `"30s"`, `"1m 30s"`, or plain seconds (`"2.5"`).
pub fn parse(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    if let Ok(secs) = trimmed.parse::<f64>() {
        return from_json(&serde_json::json!(secs));
    }
    match humantime::parse_duration(trimmed) {
        Ok(d) if !d.is_zero() => Ok(d),
        Ok(_) => Err(format!("`{text}` is zero; a duration must be positive")),
        Err(e) => Err(format!(
            "`{text}` is not a duration ({e}); write e.g. \"500ms\", \"30s\" or \"2m\""
        )),
    }
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
