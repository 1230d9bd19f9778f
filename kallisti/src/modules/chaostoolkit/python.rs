//! `chaostoolkit.python`: a python function kallisti does not implement,
//! called through a Python interpreter with a small bridge script.

use crate::action::{ActionArgs, StepContext};
use crate::error::Error;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::io::{BufRead, Write};
use std::process::Stdio;
use std::sync::Mutex;

/// Reads a request on stdin, imports the module, calls the function and
/// writes its JSON answer on stdout.
const BRIDGE_SCRIPT: &str = include_str!("bridge.py");

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

/// The bridge process, started on first use and kept for the process's
/// life, so Python starts once however many functions a run calls. Plain
/// threads drive it: a test's tokio runtime may be gone by the next call.
struct Bridge {
    python: String,
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: std::io::BufReader<std::process::ChildStdout>,
}

static BRIDGE: Mutex<Option<Bridge>> = Mutex::new(None);

impl Bridge {
    fn start() -> Result<Bridge, Error> {
        let python = interpreter();
        let mut child = std::process::Command::new(&python)
            .arg("-c")
            .arg(BRIDGE_SCRIPT)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                Error::failed_action_from(
                    format!(
                        "cannot start the Python interpreter `{python}` (set {PYTHON_VAR}): {e}"
                    ),
                    e,
                )
            })?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = std::io::BufReader::new(child.stdout.take().expect("stdout is piped"));
        Ok(Bridge {
            python,
            child,
            stdin,
            stdout,
        })
    }

    fn exchange(&mut self, request: &Value) -> Result<Value, Error> {
        let mut line = serde_json::to_string(request).expect("JSON values serialize");
        line.push('\n');
        let gone = |e: std::io::Error| {
            Error::failed_action_from(
                format!("the Python bridge (`{}`) stopped: {e}", self.python),
                e,
            )
        };
        self.stdin.write_all(line.as_bytes()).map_err(gone)?;
        self.stdin.flush().map_err(gone)?;
        let mut answer = String::new();
        let read = self.stdout.read_line(&mut answer).map_err(gone)?;
        if read == 0 {
            let status = self.child.wait().map(|s| s.to_string()).unwrap_or_default();
            return Err(Error::failed_action(format!(
                "the Python bridge (`{}`) exited ({status})",
                self.python
            )));
        }
        serde_json::from_str(&answer).map_err(|e| {
            Error::failed_action_from(format!("the Python bridge answered no JSON: {e}"), e)
        })
    }
}

/// Sends `request` to the bridge; its JSON answer.
pub(crate) async fn ask(request: &Value) -> Result<Value, Error> {
    let request = request.clone();
    let exchange = move || {
        let mut slot = BRIDGE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if slot.is_none() {
            *slot = Some(Bridge::start()?);
        }
        let answer = slot.as_mut().expect("started above").exchange(&request);
        if answer.is_err() {
            // Started afresh on the next call.
            *slot = None;
        }
        answer
    };
    tokio::task::spawn_blocking(exchange)
        .await
        .map_err(|e| Error::failed_action(format!("the Python bridge call was lost: {e}")))?
}

async fn python(args: PythonArgs, ctx: StepContext) -> Result<Value, Error> {
    if ctx.dry_run() {
        ctx.log(format!("dry run: would call {}.{}", args.module, args.func));
        return Ok(json!({
            "dry_run": true,
            "would": format!("call {}.{}", args.module, args.func),
            "module": args.module,
            "func": args.func,
        }));
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
