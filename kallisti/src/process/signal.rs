//! Signals by name or number, and how a process ended.

use nix::sys::signal::Signal;
use serde_json::{json, Value};
use std::str::FromStr;

/// Reads a signal written as `SIGKILL`, `KILL`, `kill` or `9`.
///
/// Signal 0 (which only tests that a process exists) is not a signal here.
pub(crate) fn parse_signal(text: &str) -> Result<Signal, String> {
    let text = text.trim();
    if let Ok(number) = text.parse::<i32>() {
        return Signal::try_from(number)
            .map_err(|_| format!("`{number}` is not a signal number on this system"));
    }
    let upper = text.to_ascii_uppercase();
    let full = if upper.starts_with("SIG") {
        upper
    } else {
        format!("SIG{upper}")
    };
    Signal::from_str(&full).map_err(|_| {
        format!("`{text}` is not a signal; write a name such as `SIGTERM` or `KILL`, or a number such as `9`")
    })
}

/// The name of signal number `number` (`SIGKILL`), when it is one.
pub(crate) fn signal_name(number: i32) -> Option<&'static str> {
    Signal::try_from(number).ok().map(Signal::as_str)
}

/// How a child process ended: with an exit code, or killed by a signal.
///
/// ```
/// use kallisti::process::{Child, ChildCommand, Exit};
/// use std::time::Duration;
///
/// let child = Child::spawn("exit-demo", ChildCommand::shell("exit 3")).unwrap();
/// let exit = child.wait_timeout(Duration::from_secs(5)).expect("it ends at once");
/// assert_eq!(exit, Exit::Code(3));
/// assert_eq!(exit.code(), Some(3));
/// assert_eq!(exit.signal_name(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exit {
    /// It exited by itself with this code.
    Code(i32),
    /// A signal ended it (this number: 9 for `SIGKILL`, 15 for `SIGTERM`...).
    Signal(i32),
}

impl Exit {
    /// The exit code, when it exited by itself.
    pub fn code(&self) -> Option<i32> {
        match self {
            Exit::Code(code) => Some(*code),
            Exit::Signal(_) => None,
        }
    }

    /// The number of the signal that ended it, if one did.
    pub fn signal(&self) -> Option<i32> {
        match self {
            Exit::Signal(number) => Some(*number),
            Exit::Code(_) => None,
        }
    }

    /// The name of the signal that ended it (`SIGKILL`), if one did.
    pub fn signal_name(&self) -> Option<&'static str> {
        self.signal().and_then(signal_name)
    }

    /// What the `process.exit_status` probe returns:
    /// `{"code": 3, "signal": null, "signal_number": null}` or
    /// `{"code": null, "signal": "SIGKILL", "signal_number": 9}`.
    ///
    /// ```
    /// use kallisti::process::Exit;
    /// assert_eq!(Exit::Signal(9).to_json()["signal"], "SIGKILL");
    /// assert_eq!(Exit::Code(0).to_json()["code"], 0);
    /// ```
    pub fn to_json(&self) -> Value {
        json!({
            "code": self.code(),
            "signal": self.signal_name(),
            "signal_number": self.signal(),
        })
    }

    pub(crate) fn from_std(status: std::process::ExitStatus) -> Exit {
        use std::os::unix::process::ExitStatusExt;
        match (status.code(), status.signal()) {
            (Some(code), _) => Exit::Code(code),
            (None, Some(signal)) => Exit::Signal(signal),
            // Neither happens for a process that ended; read it as a failure.
            (None, None) => Exit::Code(-1),
        }
    }
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exit::Code(code) => write!(f, "exited with code {code}"),
            Exit::Signal(number) => match signal_name(*number) {
                Some(name) => write!(f, "killed by {name}"),
                None => write!(f, "killed by signal {number}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_by_name_short_name_and_number() {
        for text in ["SIGKILL", "KILL", "kill", "SigKill", "9", " 9 "] {
            assert_eq!(parse_signal(text), Ok(Signal::SIGKILL), "{text}");
        }
        assert_eq!(parse_signal("TERM"), Ok(Signal::SIGTERM));
        assert_eq!(parse_signal("SIGSTOP"), Ok(Signal::SIGSTOP));
        assert!(parse_signal("SIGFOO").unwrap_err().contains("`SIGFOO`"));
        assert!(parse_signal("0").is_err());
        assert!(parse_signal("999").is_err());
        assert!(parse_signal("").is_err());
    }

    #[test]
    fn exits_read_and_print() {
        assert_eq!(Exit::Signal(15).signal_name(), Some("SIGTERM"));
        assert_eq!(Exit::Signal(9).to_string(), "killed by SIGKILL");
        assert_eq!(Exit::Code(2).to_string(), "exited with code 2");
        assert_eq!(
            Exit::Code(2).to_json(),
            json!({"code": 2, "signal": null, "signal_number": null})
        );
    }
}
