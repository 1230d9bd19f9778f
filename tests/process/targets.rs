//! Each way to name a target: `pid`, `pidfile`, `name`, `child`, and what
//! happens when it names nothing.

use crate::common::*;
use kallisti::ErrorKind;
use serde_json::json;
use std::os::unix::process::ExitStatusExt;
use std::process::Command;

#[tokio::test]
async fn a_pid_target() {
    let mut process = Spawned::shell("while :; do sleep 0.2; done", &unique("pid"));
    let pid = process.pid();
    let up = json!({"step": "up", "do": "process.running", "where": {"pid": pid},
        "expect": [{"operator": "eq", "value": true}]});
    let record = run(vec![
        up,
        step(
            "kill",
            "process.kill",
            json!({"pid": pid, "signal": "KILL"}),
        ),
    ])
    .await;
    let killed = result(&record, "kill");
    assert_eq!(killed["targets"][0]["pid"], pid);
    assert_eq!(killed["targets"][0]["name"], "sh");
    assert_eq!(killed["targets"][0]["child"], serde_json::Value::Null);
    assert_eq!(process.exit().await.unwrap().signal(), Some(9));
    let down = json!({"step": "down", "do": "process.running", "where": {"pid": pid},
        "expect": [{"operator": "eq", "value": false}]});
    succeeded(&run(vec![down]).await);
}

#[tokio::test]
async fn a_pidfile_target() {
    let marker = unique("pidfile");
    let pidfile = std::env::temp_dir().join(format!("{marker}.pid"));
    let path = pidfile.display().to_string();
    // Writes its own pid, then becomes `sleep` under that same pid.
    let mut process = Spawned::from(Command::new("sh").args([
        "-c",
        "echo $$ > \"$1\"; exec sleep 300",
        &marker,
        &path,
    ]));
    // The file is written first; wait for the `exec` too, so the steps see `sleep`.
    assert!(
        eventually(
            || std::fs::read_to_string(&pidfile).is_ok_and(|t| t.ends_with('\n'))
                && command_line(process.pid()) == "sleep 300"
        )
        .await
    );

    let record = run(vec![step(
        "stop",
        "process.suspend",
        json!({"pidfile": path}),
    )])
    .await;
    assert_eq!(result(&record, "stop")["targets"][0]["pid"], process.pid());
    assert!(eventually(|| state(process.pid()) == Some('T')).await);

    let record = run(vec![step(
        "kill",
        "process.kill",
        json!({"pidfile": path, "signal": "9"}),
    )])
    .await;
    assert_eq!(
        result(&record, "kill")["targets"][0]["command_line"],
        "sleep 300"
    );
    assert_eq!(process.exit().await.unwrap().signal(), Some(9));

    // The file is still there, its process is not.
    let down = json!({"step": "down", "do": "process.running", "where": {"pidfile": path},
        "expect": [{"operator": "eq", "value": false}]});
    succeeded(&run(vec![down]).await);
    let _ = std::fs::remove_file(&pidfile);
    let missing = json!({"step": "missing", "do": "process.running", "where": {"pidfile": path},
        "expect": [{"operator": "eq", "value": false}]});
    succeeded(&run(vec![missing]).await);
    let record = run(vec![step("kill", "process.kill", json!({"pidfile": path}))]).await;
    let message = failure(&record, "kill", ErrorKind::FailedAction);
    assert!(
        message.contains("`pidfile`") && message.contains("cannot read"),
        "{message}"
    );
}

#[tokio::test]
async fn a_pidfile_that_holds_no_pid_fails_naming_it() {
    let pidfile = std::env::temp_dir().join(format!("{}.pid", unique("garbage")));
    std::fs::write(&pidfile, "not a pid\n").unwrap();
    let path = pidfile.display().to_string();
    let record = run(vec![step("kill", "process.kill", json!({"pidfile": path}))]).await;
    let message = failure(&record, "kill", ErrorKind::FailedAction);
    assert!(
        message.contains("`pidfile`") && message.contains("not a process id"),
        "{message}"
    );
    let _ = std::fs::remove_file(&pidfile);
}

#[tokio::test]
async fn a_name_pattern_targets_every_process_it_matches() {
    let base = unique("name");
    // `; :` keeps the shell from becoming `sleep`: it stays, with its marker.
    let mut one = Spawned::shell("sleep 300; :", &format!("{base}-one"));
    let mut two = Spawned::shell("sleep 300; :", &format!("{base}-two"));
    let _other = Spawned::shell("sleep 300; :", &format!("{base}-three"));
    let pattern = format!("{base}-(one|two)$");
    // Each shell's fork shares its command line until it runs `sleep`.
    assert!(eventually(|| pids_with(&format!("{base}-one")) == [one.pid()]).await);
    assert!(eventually(|| pids_with(&format!("{base}-two")) == [two.pid()]).await);

    let up = json!({"step": "up", "do": "process.running", "where": {"name": pattern},
        "expect": [{"operator": "eq", "value": true}]});
    let record = run(vec![
        up,
        step(
            "kill",
            "process.kill",
            json!({"name": pattern, "signal": "KILL"}),
        ),
    ])
    .await;
    let mut pids: Vec<u64> = result(&record, "kill")["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["pid"].as_u64().unwrap())
        .collect();
    pids.sort();
    let mut expected = vec![u64::from(one.pid()), u64::from(two.pid())];
    expected.sort();
    assert_eq!(pids, expected);
    assert_eq!(one.exit().await.unwrap().signal(), Some(9));
    assert_eq!(two.exit().await.unwrap().signal(), Some(9));
    assert_eq!(
        pids_with(&format!("{base}-three")).len(),
        1,
        "the third was not matched"
    );
    let down = json!({"step": "down", "do": "process.running", "where": {"name": pattern},
        "expect": [{"operator": "eq", "value": false}]});
    succeeded(&run(vec![down]).await);
}

#[tokio::test]
async fn a_name_pattern_that_matches_nothing_fails_and_running_says_false() {
    let pattern = unique("nothing-matches-this");
    let record = run(vec![step("kill", "process.kill", json!({"name": pattern}))]).await;
    let message = failure(&record, "kill", ErrorKind::FailedAction);
    assert!(
        message.contains("`name`") && message.contains("no running process matches"),
        "{message}"
    );
    let probe = json!({"step": "probe", "do": "process.running", "where": {"name": pattern},
        "expect": [{"operator": "eq", "value": false}]});
    succeeded(&run(vec![probe]).await);
}

#[tokio::test]
async fn an_unknown_child_fails_naming_it() {
    let record = run(vec![step(
        "kill",
        "process.kill",
        json!({"child": "kallisti-no-such-child"}),
    )])
    .await;
    let message = failure(&record, "kill", ErrorKind::FailedAction);
    assert!(
        message.contains("no child called `kallisti-no-such-child`"),
        "{message}"
    );
    let record = run(vec![step(
        "status",
        "process.exit_status",
        json!({"child": "kallisti-no-such-child"}),
    )])
    .await;
    failure(&record, "status", ErrorKind::FailedAction);
}

#[tokio::test]
async fn a_pid_that_runs_nothing_fails() {
    let mut process = Spawned::shell("exit 0", &unique("gone"));
    let pid = process.pid();
    assert!(process.exit().await.is_some());
    let record = run(vec![step("kill", "process.kill", json!({"pid": pid}))]).await;
    let message = failure(&record, "kill", ErrorKind::FailedAction);
    assert!(
        message.contains(&format!("no process with pid {pid}")),
        "{message}"
    );
}
