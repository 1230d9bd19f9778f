//! `chaostoolkit.python`: a python function kallisti does not implement,
//! called through a Python interpreter with a small bridge script.

use crate::action::{ActionArgs, StepContext};
use crate::error::Error;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::process::Stdio;
use tokio::io::AsyncWriteExt;

/// Reads a request on stdin, imports the module, calls the function and
/// writes its JSON answer on stdout.
const BRIDGE: &str = include_str!("bridge.py");

/// The variable naming the Python interpreter to use.
pub const PYTHON_VAR: &str = "KALLISTI_PYTHON";

#[derive(Debug, Deserialize)]
pub(super) struct PythonArgs {
    module: String,
    func: String,
    arguments: Map<String, Value>,
    configuration: Option<Map<String, Value>>,
    secrets: Option<Map<String, Value>>,
}

impl ActionArgs for PythonArgs {
    fn check(&self) -> Result<(), Error> {
        let dotted = |s: &str| {
            !s.is_empty()
                && s.split('.').all(|part| {
                    !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_')
                })
        };
        if !dotted(&self.module) {
            return Err(Error::invalid_argument(
                "module",
                "is not a dotted module path",
            ));
        }
        if !dotted(&self.func) || self.func.contains('.') {
            return Err(Error::invalid_argument("func", "is not a function name"));
        }
        Ok(())
    }
}

/// The interpreter: `KALLISTI_PYTHON`, else `python3`.
pub(crate) fn interpreter() -> String {
    std::env::var(PYTHON_VAR).unwrap_or_else(|_| "python3".into())
}

/// Runs the bridge with `request`; its JSON answer.
pub(crate) async fn ask(request: &Value) -> Result<Value, Error> {
    let python = interpreter();
    let mut child = tokio::process::Command::new(&python)
        .arg("-c")
        .arg(BRIDGE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| {
            Error::failed_action_from(
                format!("cannot start the Python interpreter `{python}` (set {PYTHON_VAR}): {e}"),
                e,
            )
        })?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let bytes = serde_json::to_vec(request).expect("JSON values serialize");
    stdin
        .write_all(&bytes)
        .await
        .map_err(|e| Error::failed_action_from(format!("cannot write to `{python}`: {e}"), e))?;
    drop(stdin);
    let output = child
        .wait_with_output()
        .await
        .map_err(|e| Error::failed_action_from(format!("`{python}` did not answer: {e}"), e))?;
    serde_json::from_slice(&output.stdout).map_err(|_| {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .trim()
            .lines()
            .last()
            .unwrap_or("no output")
            .to_string();
        Error::failed_action(format!("`{python}` failed: {last}"))
    })
}

async fn python(args: PythonArgs, ctx: StepContext) -> Result<Value, Error> {
    if ctx.dry_run() {
        ctx.log(format!("dry run: would call {}.{}", args.module, args.func));
        return Ok(Value::Null);
    }
    ctx.log_with(|| format!("calling {}.{} through Python", args.module, args.func));
    let request = json!({"call": {
        "module": args.module,
        "func": args.func,
        "arguments": args.arguments,
        "configuration": args.configuration,
        "secrets": args.secrets,
    }});
    let answer = ask(&request).await?;
    match answer.get("error").and_then(Value::as_str) {
        Some(error) => Err(Error::failed_action(error.to_string())),
        None => Ok(answer.get("output").cloned().unwrap_or(Value::Null)),
    }
}

/// Binds the action implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("python", python)
}
