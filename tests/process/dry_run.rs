//! Dry run: every acting step names its targets and sends nothing.

use crate::common::*;
use kallisti::process::{Child, ChildCommand};
use serde_json::json;
use std::time::Duration;

/// A child that says which signals reach it.
fn watched(name: &str) -> Child {
    let script = "trap 'echo got-TERM' TERM; trap 'echo got-CONT' CONT; echo ready; while :; do sleep 0.05; done";
    // `$0` is the name, so a `name` pattern finds this process and no other.
    Child::spawn(name, ChildCommand::shell(script).arg(name)).unwrap()
}

#[tokio::test]
async fn a_dry_run_names_the_targets_and_signals_nothing() {
    let name = unique("dry");
    let child = watched(&name);
    assert!(child.wait_for_stdout("ready", PATIENCE).await);
    let pid = child.pid();
    let record = run_dry(vec![
        step("kill", "process.kill", json!({"child": name})),
        step("suspend", "process.suspend", json!({"pid": pid})),
        step(
            "resume",
            "process.resume",
            json!({"name": format!("{name}$")}),
        ),
        step("restart", "process.restart", json!({"child": name})),
    ])
    .await;
    succeeded(&record);
    assert!(record.dry_run);
    let kill = &record.step("kill").unwrap();
    assert_eq!(kill.result["dry_run"], true);
    assert_eq!(kill.result["signal"], "SIGTERM");
    let target = &kill.result["targets"][0];
    assert_eq!(target["pid"], pid);
    assert_eq!(target["name"], "sh");
    assert!(target["command_line"]
        .as_str()
        .unwrap()
        .starts_with("sh -c trap"));
    assert_eq!(target["child"], name.as_str());
    assert!(
        kill.logs
            .iter()
            .any(|l| l.starts_with("dry run: would send SIGTERM to child")),
        "{:?}",
        kill.logs
    );
    assert_eq!(
        record.step("suspend").unwrap().result["targets"][0]["pid"],
        pid
    );
    // (Its forks may match too for a moment, until they run `sleep`.)
    let resumed = &record.step("resume").unwrap().result["targets"];
    assert!(
        resumed.as_array().unwrap().iter().any(|t| t["pid"] == pid),
        "{resumed}"
    );
    let restart = &record.step("restart").unwrap().result;
    assert_eq!(restart["dry_run"], true);
    assert_eq!(restart["targets"][0]["pid"], pid);

    // Nothing was sent: it runs, unstopped, the same process, and no trap fired.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(child.is_running());
    assert_eq!(child.pid(), pid);
    assert_eq!(child.starts(), 1);
    assert_ne!(state(pid), Some('T'));
    assert!(!child.stdout().contains("got-"), "{}", child.stdout());

    // The traps do fire for a real signal, so their silence above means something.
    succeeded(&run(vec![step("cont", "process.resume", json!({"child": name}))]).await);
    assert!(child.wait_for_stdout("got-CONT", PATIENCE).await);
    succeeded(&run(vec![step("term", "process.kill", json!({"child": name}))]).await);
    assert!(child.wait_for_stdout("got-TERM", PATIENCE).await);
}

#[tokio::test]
async fn a_dry_run_still_refuses_what_a_real_run_would() {
    let record = run_dry(vec![step("init", "process.kill", json!({"pid": 1}))]).await;
    invalid(&record, "where.pid");
    let pattern = unique("dry-nothing");
    let record = run_dry(vec![step("none", "process.kill", json!({"name": pattern}))]).await;
    failure(&record, "none", kallisti::ErrorKind::FailedAction);
}
