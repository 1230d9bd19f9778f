//! The duration grammar of steps (`timeout`, `every`, `retry`) and of
//! duration arguments, shared by the runtime and the `#[chaos_test]` macro so
//! the macro accepts exactly what a run accepts.

use std::time::Duration;

/// Seconds as a duration: positive, finite, and small enough for
/// [`Duration`] (about 584 billion years).
///
/// ```
/// use std::time::Duration;
/// use kallisti_catalog::duration_from_seconds;
/// assert_eq!(duration_from_seconds(2.5), Ok(Duration::from_millis(2500)));
/// assert!(duration_from_seconds(0.0).is_err());
/// assert!(duration_from_seconds(1e99).unwrap_err().contains("too long"));
/// ```
pub fn duration_from_seconds(seconds: f64) -> Result<Duration, String> {
    // Very large or small numbers in exponent form, not a hundred digits.
    let shown = if seconds != 0.0 && !(1e-6..1e15).contains(&seconds.abs()) {
        format!("{seconds:e}")
    } else {
        seconds.to_string()
    };
    if !(seconds.is_finite() && seconds > 0.0) {
        return Err(format!("must be a positive number of seconds, not {shown}"));
    }
    match Duration::try_from_secs_f64(seconds) {
        Ok(duration) if !duration.is_zero() => Ok(duration),
        Ok(_) => Err(format!("{shown} seconds is less than a nanosecond")),
        Err(_) => Err(format!("{shown} seconds is too long a duration")),
    }
}

/// Parses a duration string: `"500ms"`, `"30s"`, `"1m 30s"`, `"2h"`, or plain
/// seconds (`"2.5"`).
///
/// ```
/// use std::time::Duration;
/// use kallisti_catalog::parse_duration;
/// assert_eq!(parse_duration("1m 30s"), Ok(Duration::from_secs(90)));
/// assert_eq!(parse_duration(" 2.5 "), Ok(Duration::from_millis(2500)));
/// assert!(parse_duration("0s").is_err());
/// assert!(parse_duration("soon").unwrap_err().contains("soon"));
/// ```
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    if let Ok(seconds) = trimmed.parse::<f64>() {
        return duration_from_seconds(seconds);
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

    #[test]
    fn out_of_range_seconds_are_errors_not_panics() {
        for seconds in [
            1e99,
            1.9e19,
            f64::MAX,
            f64::INFINITY,
            f64::NAN,
            -1.0,
            0.0,
            1e-12,
        ] {
            assert!(duration_from_seconds(seconds).is_err(), "{seconds}");
        }
        for text in [
            "1e99",
            "1e400",
            "18446744073709551616",
            "-0",
            "inf",
            "NaN",
            "1e-10",
        ] {
            assert!(parse_duration(text).is_err(), "{text}");
        }
        assert_eq!(duration_from_seconds(1e-9), Ok(Duration::from_nanos(1)));
    }
}
