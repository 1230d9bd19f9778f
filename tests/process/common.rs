//! Helpers: unique names, trials of `process` steps, processes the tests
//! start themselves (not as a `Child`), and patient waits.
#![allow(dead_code)]

use kallisti::trial::{AllowList, TrialRecord};
use kallisti::{ErrorKind, Experiment, Registry, Trial, TrialStatus};
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Waits are generous: the suite runs on a loaded 2-core machine.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A name no other test, and no other run of this binary, uses.
pub fn unique(tag: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "kallisti-{tag}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    )
}

pub fn step(name: &str, action: &str, args: Value) -> Value {
    json!({"step": name, "do": action, "where": args})
}

pub fn experiment(steps: Vec<Value>) -> Experiment {
    Experiment::from_value(json!({"name": "process faults", "steps": steps})).unwrap()
}

pub async fn run(steps: Vec<Value>) -> TrialRecord {
    Trial::new(experiment(steps))
        .run(&Registry::with_builtins())
        .await
}

pub async fn run_dry(steps: Vec<Value>) -> TrialRecord {
    Trial::new(experiment(steps))
        .dry_run(true)
        .run(&Registry::with_builtins())
        .await
}

pub async fn run_allowed(steps: Vec<Value>, allow: AllowList) -> TrialRecord {
    Trial::new(experiment(steps))
        .allow(allow)
        .run(&Registry::with_builtins())
        .await
}

/// Asserts the trial succeeded, showing its report when not.
pub fn succeeded(record: &TrialRecord) {
    assert_eq!(
        record.status,
        TrialStatus::Succeeded,
        "{}",
        kallisti::report::text(record)
    );
}

/// The result of step `name`, which must have succeeded.
pub fn result(record: &TrialRecord, name: &str) -> Value {
    succeeded(record);
    record.step(name).expect("the step ran").result.clone()
}

/// Asserts step `name` failed with `kind`; its message.
pub fn failure(record: &TrialRecord, name: &str, kind: ErrorKind) -> String {
    assert_eq!(
        record.status,
        TrialStatus::Failed,
        "{}",
        kallisti::report::text(record)
    );
    let error = record
        .step(name)
        .and_then(|s| s.error.clone())
        .expect("the step failed");
    assert_eq!(error.kind, kind, "{}", error.message);
    error.message
}

/// Asserts the trial was `Invalid` with one problem on `field`; its message.
pub fn invalid(record: &TrialRecord, field: &str) -> String {
    assert_eq!(
        record.status,
        TrialStatus::Invalid,
        "{}",
        kallisti::report::text(record)
    );
    assert!(record.trial_record.steps.is_empty(), "no step may run");
    let problem = record
        .problems
        .iter()
        .find(|p| p.field.as_deref() == Some(field))
        .unwrap_or_else(|| panic!("no problem on {field}: {:?}", record.problems));
    assert_eq!(problem.kind, ErrorKind::InvalidArgument);
    problem.message.clone()
}

/// The state letter of `pid` in `/proc/<pid>/stat` (`S`, `R`, `T`, `Z`...).
pub fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..].trim_start().chars().next()
}

/// Whether `pid` is a live process (not gone, not a zombie).
pub fn alive(pid: u32) -> bool {
    matches!(state(pid), Some(s) if s != 'Z' && s != 'X')
}

/// Polls `condition` until it holds or `PATIENCE` runs out; whether it held.
pub async fn eventually(mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// A process a test starts on its own (the way a service's dependency
/// might be started), killed and reaped when dropped.
pub struct Spawned(pub std::process::Child);

impl Spawned {
    /// Runs `script` with `sh -c`, `$0` being `marker` (so `name` patterns
    /// can find exactly this process), its output discarded.
    pub fn shell(script: &str, marker: &str) -> Spawned {
        Spawned::from(Command::new("sh").args(["-c", script, marker]))
    }

    /// Starts `command` as the leader of a process group of its own, so
    /// that dropping it also ends whatever it started.
    pub fn from(command: &mut Command) -> Spawned {
        let child = command
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the test's own process starts");
        Spawned(child)
    }

    pub fn pid(&self) -> u32 {
        self.0.id()
    }

    /// Waits for it to end; how (`None` if it still runs after `PATIENCE`).
    pub async fn exit(&mut self) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        // The whole group: a shell's `sleep` outlives the shell otherwise.
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The command line of `pid`, its arguments separated by spaces.
pub fn command_line(pid: u32) -> String {
    let bytes = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .trim_end_matches('\0')
        .replace('\0', " ")
}

/// Pids of live processes whose command line contains `marker`.
pub fn pids_with(marker: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        if String::from_utf8_lossy(&cmdline).contains(marker) && alive(pid) {
            found.push(pid);
        }
    }
    found
}
