//! What steps refuse to signal: pid 1, the test process, the processes that
//! started it, other users' processes; and the allow-list.

use crate::common::*;
use kallisti::process::{Child, ChildCommand};
use kallisti::trial::AllowList;
use kallisti::{ErrorKind, TrialStatus};
use serde_json::json;
use std::os::unix::process::CommandExt;
use std::process::Command;

#[tokio::test]
async fn pid_1_is_refused_before_anything_runs() {
    for action in [
        "process.kill",
        "process.suspend",
        "process.resume",
        "process.restart",
    ] {
        let record = run(vec![step("init", action, json!({"pid": 1}))]).await;
        let message = invalid(&record, "where.pid");
        assert!(
            message.contains("pid 1 is the init process"),
            "{action}: {message}"
        );
    }
    // Reading is fine: a probe may ask about pid 1.
    let probe = json!({"step": "init runs", "do": "process.running", "where": {"pid": 1},
        "expect": [{"operator": "eq", "value": true}]});
    succeeded(&run(vec![probe]).await);
}

#[tokio::test]
async fn the_test_process_itself_is_refused() {
    let me = std::process::id();
    let record = run(vec![step("me", "process.suspend", json!({"pid": me}))]).await;
    let message = invalid(&record, "where.pid");
    assert!(message.contains("this process itself"), "{message}");

    // Through a pidfile it is found only when the step runs, and refused
    // then. (SIGCONT, so that a failure here would not stop the test.)
    let pidfile = std::env::temp_dir().join(format!("{}.pid", unique("self")));
    std::fs::write(&pidfile, format!("{me}\n")).unwrap();
    let record = run(vec![step(
        "me",
        "process.kill",
        json!({"pidfile": pidfile, "signal": "CONT"}),
    )])
    .await;
    let message = failure(&record, "me", ErrorKind::InvalidArgument);
    assert!(message.starts_with("argument `pidfile`"), "{message}");
    assert!(message.contains("itself"), "{message}");
    std::fs::write(&pidfile, "1\n").unwrap();
    let record = run(vec![step(
        "init",
        "process.kill",
        json!({"pidfile": pidfile}),
    )])
    .await;
    let message = failure(&record, "init", ErrorKind::InvalidArgument);
    assert!(
        message.contains("argument `pidfile`") && message.contains("init"),
        "{message}"
    );
    let _ = std::fs::remove_file(&pidfile);
}

#[tokio::test]
async fn the_process_that_started_the_test_is_refused() {
    let parent = std::os::unix::process::parent_id();
    if parent <= 1 {
        eprintln!("skipped: this test process has no parent but init");
        return;
    }
    // SIGCONT, so that a failure here would not stop cargo.
    let record = run(vec![step(
        "parent",
        "process.resume",
        json!({"pid": parent}),
    )])
    .await;
    let message = failure(&record, "parent", ErrorKind::InvalidArgument);
    assert!(message.contains("started this test process"), "{message}");
}

/// A process of another user: started as `nobody` when we are root, else
/// any process of another user there is (besides pid 1).
fn another_users_process(marker: &str) -> Option<(u32, Option<Spawned>)> {
    let ours = std::fs::read_to_string("/proc/self/status").unwrap();
    let uid_of = |status: &str| -> Option<String> {
        status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .map(|ids| ids.split_whitespace().next().unwrap().to_string())
    };
    let our_uid = uid_of(&ours).unwrap();
    if our_uid == "0" {
        let spawned = Spawned::from(
            Command::new("sh")
                .args(["-c", "while :; do sleep 0.2; done", marker])
                .current_dir("/")
                .uid(65534)
                .gid(65534),
        );
        let pid = spawned.pid();
        return Some((pid, Some(spawned)));
    }
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_string_lossy().parse().ok()?;
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            (pid > 1 && alive(pid) && uid_of(&status)? != our_uid).then_some((pid, None))
        })
}

#[tokio::test]
async fn another_users_process_is_refused_by_pid_and_left_out_of_name_matches() {
    let marker = unique("nobody");
    let Some((pid, spawned)) = another_users_process(&marker) else {
        eprintln!(
            "skipped: no process of another user here (the unit tests cover the uid comparison)"
        );
        return;
    };
    assert!(eventually(|| alive(pid)).await);
    let record = run(vec![step(
        "theirs",
        "process.kill",
        json!({"pid": pid, "signal": "KILL"}),
    )])
    .await;
    let message = failure(&record, "theirs", ErrorKind::InvalidArgument);
    assert!(message.starts_with("argument `pid`"), "{message}");
    assert!(message.contains("belongs to user id"), "{message}");
    assert!(alive(pid), "it was not signalled");

    if spawned.is_some() {
        // Matched by name, it is left out; matching nothing else, the step is refused.
        let record = run(vec![step(
            "theirs",
            "process.kill",
            json!({"name": marker, "signal": "KILL"}),
        )])
        .await;
        let message = failure(&record, "theirs", ErrorKind::InvalidArgument);
        assert!(message.starts_with("argument `name`"), "{message}");
        assert!(message.contains("belongs to user id 65534"), "{message}");
        assert!(alive(pid), "it was not signalled");
    }
    drop(spawned);
}

#[tokio::test]
async fn the_allow_list_decides_which_process_names_may_be_signalled() {
    let shell = unique("allow-sh");
    let sleeper = unique("allow-sleep");
    let sh_child =
        Child::spawn(&shell, ChildCommand::shell("while :; do sleep 0.2; done")).unwrap();
    let sleep_child = Child::spawn(&sleeper, ChildCommand::new("sleep").arg("300")).unwrap();
    let allow = AllowList::default().processes(["sleep"]);

    let record = run_allowed(
        vec![step("sh", "process.kill", json!({"child": shell}))],
        allow.clone(),
    )
    .await;
    let message = failure(&record, "sh", ErrorKind::Refused);
    assert!(
        message.contains("process `pid") && message.contains("(sleep)"),
        "{message}"
    );
    assert!(sh_child.is_running(), "a refused step signals nothing");

    let record = run_allowed(
        vec![step("sleep", "process.kill", json!({"child": sleeper}))],
        allow.clone(),
    )
    .await;
    succeeded(&record);
    assert!(sleep_child.wait_for_exit(PATIENCE).await.is_some());

    // Probes only read: the allow-list leaves them be.
    let probe = json!({"step": "probe", "do": "process.running", "where": {"child": shell},
        "expect": [{"operator": "eq", "value": true}]});
    succeeded(&run_allowed(vec![probe], allow).await);
}

#[tokio::test]
async fn a_required_allow_list_refuses_process_actions_when_none_is_set() {
    let name = unique("required");
    let child = Child::spawn(&name, ChildCommand::new("sleep").arg("300")).unwrap();
    let required = AllowList::default().require(true);
    let record = run_allowed(
        vec![step("kill", "process.kill", json!({"child": name}))],
        required.clone(),
    )
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert_eq!(record.problems[0].kind, ErrorKind::Refused);
    assert!(child.is_running());
    let probe = json!({"step": "probe", "do": "process.running", "where": {"child": name}});
    succeeded(&run_allowed(vec![probe], required.clone()).await);
    // A process list satisfies the requirement.
    let record = run_allowed(
        vec![step("kill", "process.kill", json!({"child": name}))],
        required.processes(["sleep"]),
    )
    .await;
    succeeded(&record);
    assert!(child.wait_for_exit(PATIENCE).await.is_some());
}
