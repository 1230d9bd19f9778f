//! `process.kill`, `process.suspend` and `process.resume`.

use super::target::Target;
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use crate::process::signal::parse_signal;
use nix::sys::signal::Signal;
use serde::Deserialize;
use serde_json::{json, Value};

/// The `signal` argument read, or an error naming it.
pub(super) fn signal_argument(text: &str) -> Result<Signal, Error> {
    parse_signal(text).map_err(|message| Error::invalid_argument("signal", message))
}

#[derive(Debug, Deserialize)]
pub(super) struct KillArgs {
    #[serde(flatten)]
    target: Target,
    // Its default comes from the declaration, filled in by the engine.
    signal: String,
}

impl ActionArgs for KillArgs {
    fn check(&self) -> Result<(), Error> {
        self.target.check_for_signals()?;
        signal_argument(&self.signal).map(drop)
    }
}

/// The arguments of steps that take a target and nothing else.
#[derive(Debug, Deserialize)]
pub(super) struct TargetArgs {
    #[serde(flatten)]
    target: Target,
}

impl ActionArgs for TargetArgs {
    fn check(&self) -> Result<(), Error> {
        self.target.check_for_signals()
    }
}

pub(super) async fn kill(args: KillArgs, ctx: StepContext) -> Result<Value, Error> {
    let signal = signal_argument(&args.signal)?;
    send(&args.target, signal, &ctx)
}

pub(super) async fn suspend(args: TargetArgs, ctx: StepContext) -> Result<Value, Error> {
    send(&args.target, Signal::SIGSTOP, &ctx)
}

pub(super) async fn resume(args: TargetArgs, ctx: StepContext) -> Result<Value, Error> {
    send(&args.target, Signal::SIGCONT, &ctx)
}

/// Sends `signal` to every target; under dry run, names them and sends nothing.
///
/// A process matched by `name` that ends before its signal is only logged
/// (it was going away anyway); the step fails if that leaves none signalled.
fn send(target: &Target, signal: Signal, ctx: &StepContext) -> Result<Value, Error> {
    let victims = target.resolve(ctx)?;
    let name = signal.as_str();
    if ctx.dry_run() {
        for victim in &victims {
            ctx.log(format!(
                "dry run: would send {name} to {}",
                victim.describe()
            ));
        }
        let targets: Vec<Value> = victims.iter().map(|v| v.to_json()).collect();
        return Ok(json!({
            "dry_run": true,
            "would": format!("send {name} to {} process(es)", victims.len()),
            "signal": name,
            "targets": targets,
        }));
    }
    let mut sent = Vec::new();
    for victim in &victims {
        match victim.send(signal) {
            Ok(()) => {
                ctx.log(format!("sent {name} to {}", victim.describe()));
                sent.push(victim.to_json());
            }
            Err(error) if victim.field == "name" => ctx.log(format!("skipped: {error}")),
            Err(error) => return Err(error),
        }
    }
    if sent.is_empty() {
        return Err(Error::failed_action(format!(
            "`name`: every matching process ended before {name} was sent"
        )));
    }
    Ok(json!({"signal": name, "targets": sent}))
}

/// Binds the `process` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("kill", kill)
        .action("suspend", suspend)
        .action("resume", resume)
}
