//! `chaostoolkit.process`: a program run as the Chaos Toolkit's process
//! provider runs it.

use crate::action::{ActionArgs, StepContext};
use crate::error::Error;
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

#[derive(Debug, Deserialize)]
pub(super) struct ProcessArgs {
    path: String,
    arguments: Option<Value>,
    timeout: Option<f64>,
}

impl ActionArgs for ProcessArgs {
    fn check(&self) -> Result<(), Error> {
        resolve(&self.path)?;
        if !matches!(
            self.arguments,
            None | Some(Value::Null | Value::String(_) | Value::Array(_) | Value::Object(_))
        ) {
            return Err(Error::invalid_argument(
                "arguments",
                "must be a string, a list or a mapping",
            ));
        }
        match self.timeout {
            Some(t) if !(t.is_finite() && t >= 0.0) => Err(Error::invalid_argument(
                "timeout",
                "must be a number of seconds",
            )),
            _ => Ok(()),
        }
    }
}

/// The program `path` names: `~` expanded, and a bare name looked up on
/// `PATH`; it must exist and be executable.
pub(crate) fn resolve(path: &str) -> Result<PathBuf, Error> {
    let expanded = match path.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map(|home| Path::new(&home).join(rest))
            .unwrap_or_else(|| PathBuf::from(path)),
        None => PathBuf::from(path),
    };
    let found = if expanded.components().count() > 1 {
        Some(expanded).filter(|p| is_executable(p))
    } else {
        std::env::var_os("PATH").and_then(|dirs| {
            std::env::split_paths(&dirs)
                .map(|dir| dir.join(&expanded))
                .find(|p| is_executable(p))
        })
    };
    found.ok_or_else(|| {
        Error::invalid_argument(
            "path",
            format!("`{path}` is not an executable program here"),
        )
    })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The command line: a string goes through the shell after the program, a
/// list is the argument vector (null and empty items left out), a mapping
/// is flattened to `key value` pairs (empty values left out).
fn command(program: &Path, arguments: &Value) -> tokio::process::Command {
    let argv: Vec<String> = match arguments {
        Value::String(line) => {
            let mut shell = tokio::process::Command::new("sh");
            shell.arg("-c").arg(format!("{} {line}", program.display()));
            return shell;
        }
        Value::Array(items) => items
            .iter()
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
            .map(super::python_str)
            .collect(),
        Value::Object(options) => options
            .iter()
            .flat_map(|(key, value)| {
                let empty = value.is_null() || value.as_str() == Some("");
                std::iter::once(key.clone()).chain((!empty).then(|| super::python_str(value)))
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut direct = tokio::process::Command::new(program);
    direct.args(argv);
    direct
}

async fn process(args: ProcessArgs, ctx: StepContext) -> Result<Value, Error> {
    let program = resolve(&args.path)?;
    if ctx.dry_run() {
        ctx.log(format!("dry run: would run {}", program.display()));
        return Ok(json!({
            "dry_run": true,
            "would": format!("run {}", program.display()),
            "path": program.display().to_string(),
            "arguments": args.arguments,
        }));
    }
    let mut command = command(&program, args.arguments.as_ref().unwrap_or(&Value::Null));
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    ctx.log_with(|| format!("running {}", program.display()));
    let child = command.spawn().map_err(|e| {
        Error::failed_action_from(format!("cannot start {}: {e}", program.display()), e)
    })?;
    let output = child.wait_with_output();
    let output = match args.timeout {
        Some(seconds) => tokio::time::timeout(Duration::from_secs_f64(seconds), output)
            .await
            .map_err(|_| {
                Error::failed_action(format!(
                    "{} did not finish within {seconds}s",
                    program.display()
                ))
            })?,
        None => output.await,
    }
    .map_err(|e| Error::failed_action_from(format!("{}: {e}", program.display()), e))?;
    Ok(json!({
        "status": exit_code(&output.status),
        "stdout": String::from_utf8_lossy(&output.stdout),
        "stderr": String::from_utf8_lossy(&output.stderr),
    }))
}

/// The exit code, or minus the signal that ended the program (as Python
/// reports a killed child).
fn exit_code(status: &std::process::ExitStatus) -> i64 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => i64::from(code),
        (None, Some(signal)) => -i64::from(signal),
        (None, None) => -1,
    }
}

/// Binds the action implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("process", process)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(arguments: Value) -> Vec<String> {
        let cmd = command(Path::new("/bin/echo"), &arguments);
        cmd.as_std()
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn arguments_become_argv_as_the_provider_builds_it() {
        assert_eq!(argv(json!(["a", null, "", 2, true])), ["a", "2", "True"]);
        assert_eq!(argv(json!({"-n": "", "--x": 3})), ["-n", "--x", "3"]);
        assert_eq!(argv(json!("hello $HOME")), ["-c", "/bin/echo hello $HOME"]);
    }

    #[test]
    fn a_bare_name_is_found_on_the_path_and_a_missing_one_is_refused() {
        assert!(resolve("sh").unwrap().is_absolute());
        let error = resolve("no-such-program-here").unwrap_err().to_string();
        assert!(error.contains("`path`"), "{error}");
    }
}
