//! Restarts: a child runs again under its name with a new pid; a process
//! the test started by itself is started again, detached, from `/proc`.

use crate::common::*;
use kallisti::process::{Child, ChildCommand};
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;

#[tokio::test]
async fn a_restarted_child_gets_a_new_pid_and_runs_again_under_its_name() {
    let name = unique("restart");
    let child = Child::spawn(&name, ChildCommand::shell("echo started; exec sleep 300")).unwrap();
    assert!(child.wait_for_stdout("started", PATIENCE).await);
    let old = child.pid();

    let record = run(vec![step(
        "restart",
        "process.restart",
        json!({"child": name}),
    )])
    .await;
    let done = &result(&record, "restart")["restarted"][0];
    assert_eq!(done["child"], name.as_str());
    assert_eq!(done["pid"], old);
    assert_eq!(done["stopped_with"], "SIGTERM");
    assert_eq!(done["detached"], false);
    let new = child.pid();
    assert_ne!(new, old);
    assert_eq!(done["new_pid"], new);
    assert_eq!(child.starts(), 2);
    assert!(alive(new));
    assert!(
        child.wait_for_stdout("started\nstarted\n", PATIENCE).await,
        "the command ran again"
    );

    // The name now leads to the new process.
    let record = run(vec![step(
        "kill",
        "process.kill",
        json!({"child": name, "signal": "KILL"}),
    )])
    .await;
    assert_eq!(result(&record, "kill")["targets"][0]["pid"], new);
    assert_eq!(
        child.wait_for_exit(PATIENCE).await.unwrap().signal(),
        Some(9)
    );
}

#[tokio::test]
async fn a_child_that_ignores_the_signal_gets_sigkill_after_the_timeout() {
    let name = unique("stubborn");
    let script = "trap '' TERM; echo up; while :; do sleep 0.05; done";
    let child = Child::spawn(&name, ChildCommand::shell(script)).unwrap();
    assert!(child.wait_for_stdout("up", PATIENCE).await);
    let record = run(vec![step(
        "restart",
        "process.restart",
        json!({"child": name, "timeout": 0.5}),
    )])
    .await;
    let done = &result(&record, "restart")["restarted"][0];
    assert_eq!(done["stopped_with"], "SIGKILL");
    assert!(child.wait_for_stdout("up\nup\n", PATIENCE).await);
    assert!(child.is_running());
}

#[tokio::test]
async fn a_suspended_child_restarts_too() {
    let name = unique("frozen");
    let child = Child::spawn(&name, ChildCommand::shell("echo up; exec sleep 300")).unwrap();
    assert!(child.wait_for_stdout("up", PATIENCE).await);
    let record = run(vec![
        step("freeze", "process.suspend", json!({"child": name})),
        step("restart", "process.restart", json!({"child": name})),
    ])
    .await;
    // SIGTERM reaches a stopped process because SIGCONT follows it.
    assert_eq!(
        result(&record, "restart")["restarted"][0]["stopped_with"],
        "SIGTERM"
    );
    assert!(child.wait_for_stdout("up\nup\n", PATIENCE).await);
}

/// Kills a detached process when the test ends, however it ends.
struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", &self.0.to_string()])
            .status();
    }
}

fn lines(path: &PathBuf) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_process_by_pid_starts_again_detached_with_its_command_line_folder_and_environment() {
    let marker = unique("relaunch");
    let dir = std::env::temp_dir().join(&marker);
    std::fs::create_dir_all(&dir).unwrap();
    let runs = dir.join("runs");
    // Each run appends its pid and a variable to `runs`, a path relative to its folder.
    let script = "echo \"$$ $KALLISTI_PROBE\" >> runs; while :; do sleep 0.2; done";
    let mut original = Spawned::from(
        Command::new("sh")
            .args(["-c", script, &marker])
            .current_dir(&dir)
            .env("KALLISTI_PROBE", "from-the-original"),
    );
    assert!(eventually(|| lines(&runs).len() == 1).await);
    assert_eq!(
        lines(&runs)[0],
        format!("{} from-the-original", original.pid())
    );

    let record = run(vec![step(
        "restart",
        "process.restart",
        json!({"pid": original.pid()}),
    )])
    .await;
    let done = result(&record, "restart")["restarted"][0].clone();
    let new = done["new_pid"].as_u64().unwrap() as u32;
    let _cleanup = KillOnDrop(new);
    assert_eq!(done["pid"], original.pid());
    assert_eq!(done["detached"], true);
    assert_eq!(done["cwd"], dir.display().to_string());
    assert!(done["note"].as_str().unwrap().contains("detached"));
    assert_ne!(new, original.pid());

    use std::os::unix::process::ExitStatusExt;
    let exit = original.exit().await.expect("the original ends");
    assert_eq!(exit.signal(), Some(15));
    assert!(eventually(|| lines(&runs).len() == 2).await, "it ran again");
    assert_eq!(lines(&runs)[1], format!("{new} from-the-original"));
    // (A shell's fork shares its command line until it runs `sleep`: look again then.)
    assert!(
        eventually(|| pids_with(&marker) == [new]).await,
        "one process with that command line: {:?}",
        pids_with(&marker)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A child that a step killed is started again by `process.restart`: a dead
/// dependency comes back, under its name, and `running` says so.
#[tokio::test]
async fn a_killed_child_is_started_again() {
    let name = unique("revive");
    let child = Child::spawn(&name, ChildCommand::shell("echo started; exec sleep 300")).unwrap();
    assert!(child.wait_for_stdout("started", PATIENCE).await);
    let old = child.pid();
    run(vec![step(
        "kill",
        "process.kill",
        json!({"child": name, "signal": "KILL"}),
    )])
    .await;
    assert!(child.wait_for_exit(PATIENCE).await.is_some());

    let record = run_dry(vec![step(
        "restart",
        "process.restart",
        json!({"child": name}),
    )])
    .await;
    assert_eq!(result(&record, "restart")["dry_run"], true);
    assert!(!child.is_running(), "dry run starts nothing");

    let record = run(vec![
        step("restart", "process.restart", json!({"child": name})),
        json!({"step": "up", "do": "process.running", "where": {"child": name},
               "expect": [{"operator": "eq", "value": true}]}),
    ])
    .await;
    let done = &result(&record, "restart")["restarted"][0];
    assert_eq!(done["pid"], old);
    assert_eq!(done["ended"]["signal"], "SIGKILL");
    assert_eq!(done["new_pid"], child.pid());
    assert!(child.is_running());
    assert!(child.wait_for_stdout("started\nstarted\n", PATIENCE).await);
}
