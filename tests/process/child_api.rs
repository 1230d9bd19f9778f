//! `Child` itself: output, exit, names, restarts, and no leaked processes.

use crate::common::*;
use kallisti::process::{Child, ChildCommand, Exit};
use serde_json::json;
use std::io::ErrorKind;

#[tokio::test]
async fn output_is_captured_while_it_runs_and_after() {
    let name = unique("output");
    let script = "echo out; echo err >&2; echo ready; exec sleep 300";
    let child = Child::spawn(&name, ChildCommand::shell(script)).unwrap();
    assert!(child.wait_for_stdout("ready", PATIENCE).await);
    assert!(child.wait_for_stderr("err", PATIENCE).await);
    assert_eq!(child.stdout(), "out\nready\n");
    assert_eq!(child.stderr(), "err\n");
    child.kill().unwrap();
    assert_eq!(child.wait_for_exit(PATIENCE).await, Some(Exit::Signal(9)));
    assert_eq!(child.stdout(), "out\nready\n", "kept after it ended");
    assert!(
        child.kill().is_err(),
        "an ended child cannot be killed again"
    );
}

#[tokio::test]
async fn exit_codes_environment_and_folder() {
    let name = unique("env");
    let command = ChildCommand::shell("echo \"$KALLISTI_VALUE\"; pwd; exit 3")
        .env("KALLISTI_VALUE", "forty-two")
        .current_dir("/");
    let child = Child::spawn(&name, command).unwrap();
    assert_eq!(child.wait_for_exit(PATIENCE).await, Some(Exit::Code(3)));
    assert!(
        child.wait_for_stdout("forty-two\n/\n", PATIENCE).await,
        "{}",
        child.stdout()
    );
    assert!(!child.is_running());
    let record = run(vec![step(
        "status",
        "process.exit_status",
        json!({"child": name}),
    )])
    .await;
    assert_eq!(
        result(&record, "status"),
        json!({"code": 3, "signal": null, "signal_number": null})
    );
}

#[tokio::test]
async fn a_std_command_converts() {
    let name = unique("std");
    let mut command = std::process::Command::new("sh");
    command.args(["-c", "echo \"$X\""]).env("X", "from-std");
    let child = Child::spawn(&name, &mut command).unwrap();
    assert!(child.wait_for_stdout("from-std", PATIENCE).await);
}

#[tokio::test]
async fn names_are_unique_while_a_child_lives() {
    let name = unique("twice");
    let first = Child::spawn(&name, ChildCommand::new("sleep").arg("300")).unwrap();
    let error = Child::spawn(&name, ChildCommand::new("sleep").arg("300")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AlreadyExists);
    drop(first);
    let again = Child::spawn(&name, ChildCommand::new("sleep").arg("300")).unwrap();
    assert!(again.is_running());
}

#[tokio::test]
async fn a_program_that_cannot_start_is_an_error() {
    let error = Child::spawn(
        unique("missing"),
        ChildCommand::new("/nonexistent/kallisti-program"),
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(
        error.to_string().contains("/nonexistent/kallisti-program"),
        "{error}"
    );
}

#[tokio::test]
async fn dropping_a_child_kills_it_and_what_it_started() {
    let name = unique("drop");
    // The shell starts a grandchild in the background and prints its pid.
    let script = "sleep 300 & echo $!; wait";
    let child = Child::spawn(&name, ChildCommand::shell(script).arg(&name)).unwrap();
    assert!(eventually(|| child.stdout().ends_with('\n')).await);
    let grandchild: u32 = child.stdout().trim().parse().unwrap();
    let leader = child.pid();
    assert!(alive(leader) && alive(grandchild));
    drop(child);
    assert!(
        eventually(|| !alive(leader) && !alive(grandchild)).await,
        "nothing leaked"
    );
    // Its name is free, and steps no longer find it.
    let record = run(vec![step("gone", "process.kill", json!({"child": name}))]).await;
    failure(&record, "gone", kallisti::ErrorKind::FailedAction);
}

#[tokio::test]
async fn restart_from_the_api_keeps_the_name_for_steps() {
    let name = unique("api-restart");
    let child = Child::spawn(&name, ChildCommand::new("sleep").arg("300")).unwrap();
    let old = child.pid();
    let new = child.restart().unwrap();
    assert_ne!(new, old);
    assert_eq!(child.pid(), new);
    let record = run(vec![step("kill", "process.kill", json!({"child": name}))]).await;
    assert_eq!(result(&record, "kill")["targets"][0]["pid"], new);
    assert_eq!(child.wait_for_exit(PATIENCE).await, Some(Exit::Signal(15)));
    // An ended child restarts too.
    child.restart().unwrap();
    assert!(child.is_running());
    assert_eq!(child.starts(), 3);
}
