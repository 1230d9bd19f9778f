//! `cm.wait`.

use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

#[derive(Debug, Deserialize)]
pub(super) struct WaitArgs {
    time_in_seconds: i64,
}

impl ActionArgs for WaitArgs {
    fn check(&self) -> Result<(), Error> {
        if self.time_in_seconds < 0 {
            return Err(Error::invalid_argument(
                "time_in_seconds",
                format!("must be zero or more seconds, not {}", self.time_in_seconds),
            ));
        }
        Ok(())
    }
}

pub(super) async fn wait(args: WaitArgs, ctx: StepContext) -> Result<Value, Error> {
    let seconds = args.time_in_seconds as u64;
    if ctx.dry_run() {
        ctx.log(format!("dry run: would wait {seconds} s"));
        return Ok(Value::Null);
    }
    ctx.log(format!("waiting {seconds} s"));
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    Ok(Value::Null)
}

/// Binds the `cm` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("wait", wait)
}
