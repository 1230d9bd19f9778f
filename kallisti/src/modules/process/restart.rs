//! `process.restart`: stop a process and start its command again.
//!
//! A child (`child`) is restarted by its [`Child`](crate::process::Child):
//! same command, same name, output still captured. Any other process is
//! started again from what `/proc` says of it, read before it is stopped:
//! its command line (`cmdline`), working folder (`cwd`), environment
//! (`environ`) and program (`exe`). That new process is detached: in a
//! process group of its own, with no input and its output discarded, and
//! it is not stopped when the test ends. The result says so.

use super::signal::signal_argument;
use super::target::{find_child, Target, Victim};
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use crate::process::procfs::{split_nul, ProcessInfo};
use crate::process::{Child, Exit};
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use serde::Deserialize;
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a process may take to go after `SIGKILL`.
const AFTER_KILL: Duration = Duration::from_secs(5);

#[derive(Debug, Deserialize)]
pub(super) struct RestartArgs {
    #[serde(flatten)]
    target: Target,
    // Defaults come from the declaration, filled in by the engine.
    signal: String,
    timeout: f64,
}

impl ActionArgs for RestartArgs {
    fn check(&self) -> Result<(), Error> {
        self.target.check_for_signals()?;
        signal_argument(&self.signal)?;
        if !(self.timeout.is_finite() && self.timeout > 0.0 && self.timeout <= 3600.0) {
            return Err(Error::invalid_argument(
                "timeout",
                format!(
                    "{} is not a number of seconds above 0 and up to 3600",
                    self.timeout
                ),
            ));
        }
        Ok(())
    }
}

pub(super) async fn restart(args: RestartArgs, ctx: StepContext) -> Result<Value, Error> {
    let signal = signal_argument(&args.signal)?;
    let grace = Duration::from_secs_f64(args.timeout);
    if let Some(name) = &args.target.child {
        let child = find_child(name)?;
        if let Some(exit) = child.exit_status() {
            return start_ended_child(child, exit, &ctx).await;
        }
    }
    let victims = args.target.resolve(&ctx)?;
    if ctx.dry_run() {
        let targets: Vec<Value> = victims.iter().map(dry_run_entry).collect();
        return Ok(json!({
            "dry_run": true,
            "would": format!("stop {} process(es) with {} and start them again", victims.len(), signal.as_str()),
            "signal": signal.as_str(),
            "targets": targets,
        }));
    }
    let mut restarted = Vec::new();
    for victim in victims {
        restarted.push(restart_one(victim, signal, grace, &ctx).await?);
    }
    Ok(json!({"signal": signal.as_str(), "restarted": restarted}))
}

/// A child whose run has ended (killed by an earlier step, crashed) is
/// started again: bringing a dead dependency back is what a restart is for.
async fn start_ended_child(child: Child, exit: Exit, ctx: &StepContext) -> Result<Value, Error> {
    let name = child.name().to_string();
    let program = child.command().get_program().to_string_lossy().into_owned();
    let short = program.rsplit('/').next().unwrap_or(&program).to_string();
    let shown = format!("child `{name}` ({program})");
    ctx.allow_list()
        .check_process(&[&short, &program], &shown, "argument `child`")?;
    if ctx.dry_run() {
        return Ok(json!({
            "dry_run": true,
            "would": format!("start child `{name}` again (it {exit})"),
            "targets": [{"child": name, "pid": child.pid(), "ended": exit.to_json()}],
        }));
    }
    let (signal, grace) = (Signal::SIGTERM, Duration::ZERO);
    let done = tokio::task::spawn_blocking(move || child.restart_with(signal, grace))
        .await
        .map_err(|e| Error::failed_action(format!("`child`: restarting `{name}`: {e}")))?
        .map_err(|e| Error::failed_action(format!("`child`: restarting `{name}`: {e}")))?;
    ctx.log(format!(
        "child `{name}` had {exit}; started again as pid {}",
        done.new_pid
    ));
    let entry = json!({
        "child": name,
        "pid": done.old_pid,
        "new_pid": done.new_pid,
        "stopped_with": null,
        "ended": exit.to_json(),
        "detached": false,
    });
    Ok(json!({"signal": null, "restarted": [entry]}))
}

fn dry_run_entry(victim: &Victim) -> Value {
    let mut entry = victim.to_json();
    entry["how"] = json!(match victim.child {
        Some(_) => "as the same child, its output captured",
        None => "detached, from its /proc command line, folder and environment",
    });
    entry
}

async fn restart_one(
    victim: Victim,
    signal: Signal,
    grace: Duration,
    ctx: &StepContext,
) -> Result<Value, Error> {
    let Some(child) = victim.child else {
        return restart_process(&victim.info, signal, grace, ctx).await;
    };
    let name = child.name().to_string();
    let done = tokio::task::spawn_blocking(move || child.restart_with(signal, grace))
        .await
        .map_err(|e| Error::failed_action(format!("`child`: restarting `{name}`: {e}")))?
        .map_err(|e| Error::failed_action(format!("`child`: restarting `{name}`: {e}")))?;
    let stopped_with = if done.escalated {
        "SIGKILL"
    } else {
        signal.as_str()
    };
    ctx.log(format!(
        "restarted child `{name}`: pid {} stopped with {stopped_with}, now pid {}",
        done.old_pid, done.new_pid
    ));
    Ok(json!({
        "child": name,
        "pid": done.old_pid,
        "new_pid": done.new_pid,
        "stopped_with": stopped_with,
        "detached": false,
    }))
}

async fn restart_process(
    info: &ProcessInfo,
    signal: Signal,
    grace: Duration,
    ctx: &StepContext,
) -> Result<Value, Error> {
    let again = Relaunch::read(info)?;
    let escalated = stop(info, signal, grace).await?;
    let new_pid = again.start()?;
    let stopped_with = if escalated {
        "SIGKILL"
    } else {
        signal.as_str()
    };
    let note = format!(
        "started again detached from /proc/{}/cmdline in {}; its output is not captured and it outlives the test",
        info.pid,
        again.cwd.display()
    );
    ctx.log(format!(
        "restarted pid {} ({}) stopped with {stopped_with}: now pid {new_pid}; {note}",
        info.pid,
        info.command_text()
    ));
    Ok(json!({
        "pid": info.pid,
        "new_pid": new_pid,
        "name": info.name,
        "command_line": info.command_text(),
        "cwd": again.cwd.display().to_string(),
        "stopped_with": stopped_with,
        "detached": true,
        "note": note,
    }))
}

/// Waits up to `within` for `info` to be gone (ended, or only a zombie left).
async fn gone_within(info: &ProcessInfo, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if !info.still_alive() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Sends `signal` (and `SIGCONT`, so a stopped process gets it), waits up to
/// `grace`, then `SIGKILL`. Whether it took `SIGKILL`.
async fn stop(info: &ProcessInfo, signal: Signal, grace: Duration) -> Result<bool, Error> {
    let pid = Pid::from_raw(info.pid);
    if info.still_alive() {
        kill(pid, signal).map_err(|e| {
            Error::failed_action(format!(
                "sending {} to pid {}: {e}",
                signal.as_str(),
                info.pid
            ))
        })?;
        let _ = kill(pid, Signal::SIGCONT);
    }
    if gone_within(info, grace).await {
        return Ok(false);
    }
    if info.still_alive() {
        let _ = kill(pid, Signal::SIGKILL);
    }
    if gone_within(info, AFTER_KILL).await {
        return Ok(true);
    }
    Err(Error::failed_action(format!(
        "pid {} still runs {}s after SIGKILL",
        info.pid,
        AFTER_KILL.as_secs()
    )))
}

/// What it takes to start a process again.
struct Relaunch {
    /// The program file, when `/proc/<pid>/exe` still names one.
    exe: Option<PathBuf>,
    argv: Vec<String>,
    cwd: PathBuf,
    env: Vec<(String, String)>,
}

impl Relaunch {
    fn read(info: &ProcessInfo) -> Result<Relaunch, Error> {
        let proc_file = |file: &str| PathBuf::from(format!("/proc/{}/{file}", info.pid));
        let cannot = |what: &str, e: std::io::Error| {
            Error::failed_action_from(
                format!("cannot read the {what} of pid {}: {e}", info.pid),
                e,
            )
        };
        if info.command_line.is_empty() {
            return Err(Error::failed_action(format!(
                "pid {} has no command line to start again",
                info.pid
            )));
        }
        let cwd = std::fs::read_link(proc_file("cwd")).map_err(|e| cannot("working folder", e))?;
        let environ = std::fs::read(proc_file("environ")).map_err(|e| cannot("environment", e))?;
        let env = split_nul(&environ)
            .into_iter()
            .filter_map(|pair| pair.split_once('=').map(|(k, v)| (k.into(), v.into())))
            .collect();
        // A program replaced or deleted since it started shows as `... (deleted)`.
        let exe = std::fs::read_link(proc_file("exe"))
            .ok()
            .filter(|path| path.is_file());
        Ok(Relaunch {
            exe,
            argv: info.command_line.clone(),
            cwd,
            env,
        })
    }

    /// Starts it, detached; its pid. A thread reaps it when it ends.
    fn start(&self) -> Result<i32, Error> {
        let argv0 = &self.argv[0];
        let program = match &self.exe {
            Some(exe) => exe.clone(),
            // A relative path with a `/` is relative to the process's folder.
            None if argv0.contains('/') => self.cwd.join(argv0),
            None => PathBuf::from(argv0),
        };
        let mut command = Command::new(&program);
        command
            .arg0(argv0)
            .args(&self.argv[1..])
            .current_dir(&self.cwd)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        let mut process = command.spawn().map_err(|e| {
            Error::failed_action_from(
                format!("cannot start `{}` again: {e}", self.argv.join(" ")),
                e,
            )
        })?;
        let pid = process.id() as i32;
        let _ = std::thread::Builder::new()
            .name("kallisti-reaper".into())
            .spawn(move || process.wait());
        Ok(pid)
    }
}

/// Binds the `process` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("restart", restart)
}
