//! `process.running` and `process.exit_status`.

use super::target::{find_child, Target};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
pub(super) struct RunningArgs {
    #[serde(flatten)]
    target: Target,
}

impl ActionArgs for RunningArgs {
    fn check(&self) -> Result<(), Error> {
        self.target.check()
    }
}

pub(super) async fn running(args: RunningArgs, ctx: StepContext) -> Result<Value, Error> {
    let running = args.target.running(&ctx)?;
    Ok(Value::Bool(running))
}

#[derive(Debug, Deserialize)]
pub(super) struct ExitStatusArgs {
    child: String,
}

impl ActionArgs for ExitStatusArgs {
    fn check(&self) -> Result<(), Error> {
        if self.child.trim().is_empty() {
            return Err(Error::invalid_argument("child", "is empty"));
        }
        Ok(())
    }
}

pub(super) async fn exit_status(args: ExitStatusArgs, ctx: StepContext) -> Result<Value, Error> {
    let child = find_child(&args.child)?;
    let status = child.exit_status();
    match status {
        Some(exit) => ctx.log(format!("child `{}` {exit}", args.child)),
        None => ctx.log(format!(
            "child `{}` still runs (pid {})",
            args.child,
            child.pid()
        )),
    }
    Ok(status.map_or(Value::Null, |exit| exit.to_json()))
}

/// Binds the `process` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("running", running)
        .action("exit_status", exit_status)
}
