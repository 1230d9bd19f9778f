//! Signals from steps, seen where they land: exit statuses, traps, `/proc`
//! states, and the output of a process that stops and goes on.

use crate::common::*;
use kallisti::process::{Child, ChildCommand, Exit};
use serde_json::{json, Value};
use std::time::Duration;

#[tokio::test]
async fn kill_sends_sigterm_by_default_and_exit_status_reports_it() {
    let name = unique("term");
    let child = Child::spawn(&name, ChildCommand::new("sleep").arg("300")).unwrap();
    let record = run(vec![
        step("before", "process.exit_status", json!({"child": name})),
        step("kill", "process.kill", json!({"child": name})),
    ])
    .await;
    assert_eq!(result(&record, "before"), Value::Null, "null while it runs");
    let killed = result(&record, "kill");
    assert_eq!(killed["signal"], "SIGTERM");
    assert_eq!(killed["targets"][0]["pid"], child.pid());
    assert_eq!(killed["targets"][0]["child"], name.as_str());
    assert_eq!(killed["targets"][0]["command_line"], "sleep 300");

    let exit = child
        .wait_for_exit(PATIENCE)
        .await
        .expect("sleep ends on SIGTERM");
    assert_eq!(exit, Exit::Signal(15));
    let ended = json!({"step": "ended", "do": "process.exit_status", "where": {"child": name},
        "expect": [{"operator": "eq", "signal": "SIGTERM"}, {"operator": "eq", "signal_number": 15},
                   {"operator": "eq", "code": null}]});
    let gone = json!({"step": "gone", "do": "process.running", "where": {"child": name},
        "expect": [{"operator": "eq", "value": false}]});
    succeeded(&run(vec![ended, gone]).await);
}

#[tokio::test]
async fn every_spelling_of_a_signal_delivers_that_signal() {
    for (spelling, number) in [
        ("SIGKILL", 9),
        ("KILL", 9),
        ("9", 9),
        ("term", 15),
        ("SigUsr1", 10),
    ] {
        let name = unique("spelling");
        let child = Child::spawn(&name, ChildCommand::new("sleep").arg("300")).unwrap();
        let record = run(vec![step(
            "kill",
            "process.kill",
            json!({"child": name, "signal": spelling}),
        )])
        .await;
        succeeded(&record);
        let exit = child.wait_for_exit(PATIENCE).await;
        assert_eq!(exit, Some(Exit::Signal(number)), "{spelling}");
    }
}

#[tokio::test]
async fn a_probe_retried_in_the_trial_sees_the_child_end() {
    let name = unique("retry");
    let _child = Child::spawn(&name, ChildCommand::new("sleep").arg("300")).unwrap();
    let ended = json!({"step": "ended", "do": "process.exit_status", "where": {"child": name},
        "retry": {"within": "20s", "every": "50ms"},
        "expect": [{"operator": "eq", "signal": "SIGKILL"}]});
    let record = run(vec![
        step(
            "kill",
            "process.kill",
            json!({"child": name, "signal": "KILL"}),
        ),
        ended,
    ])
    .await;
    assert_eq!(result(&record, "ended")["signal_number"], 9);
}

#[tokio::test]
async fn a_trapped_signal_reaches_the_process_and_leaves_it_running() {
    let name = unique("trap");
    let script = "trap 'echo got-USR1' USR1; echo ready; while :; do sleep 0.05; done";
    let child = Child::spawn(&name, ChildCommand::shell(script)).unwrap();
    assert!(child.wait_for_stdout("ready", PATIENCE).await);
    succeeded(
        &run(vec![step(
            "usr1",
            "process.kill",
            json!({"child": name, "signal": "USR1"}),
        )])
        .await,
    );
    assert!(child.wait_for_stdout("got-USR1", PATIENCE).await);
    assert!(child.is_running());
}

fn ticks(child: &Child) -> usize {
    child.stdout().matches("tick").count()
}

/// The tick count once it stops changing for a while (output in flight drained).
async fn settled(child: &Child) -> usize {
    let mut last = ticks(child);
    for _ in 0..60 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let now = ticks(child);
        if now == last {
            return now;
        }
        last = now;
    }
    panic!("the output never settled: {last} ticks");
}

#[tokio::test]
async fn suspend_stops_a_process_and_resume_lets_it_go_on() {
    let name = unique("ticker");
    let script = "while :; do echo tick; sleep 0.05; done";
    let child = Child::spawn(&name, ChildCommand::shell(script)).unwrap();
    assert!(child.wait_for_stdout("tick\ntick\n", PATIENCE).await);
    let pid = child.pid();

    let frozen = result(
        &run(vec![step(
            "freeze",
            "process.suspend",
            json!({"child": name}),
        )])
        .await,
        "freeze",
    );
    assert_eq!(frozen["signal"], "SIGSTOP");
    assert!(
        eventually(|| state(pid) == Some('T')).await,
        "state {:?}",
        state(pid)
    );
    let before = settled(&child).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(ticks(&child), before, "a suspended process prints nothing");
    assert_eq!(state(pid), Some('T'));
    // Suspended is not ended.
    let probe = json!({"step": "running", "do": "process.running", "where": {"child": name},
        "expect": [{"operator": "eq", "value": true}]});
    succeeded(&run(vec![probe]).await);

    let thawed = result(
        &run(vec![step("thaw", "process.resume", json!({"child": name}))]).await,
        "thaw",
    );
    assert_eq!(thawed["signal"], "SIGCONT");
    assert!(
        eventually(|| ticks(&child) > before + 2).await,
        "it prints again"
    );
    assert_ne!(state(pid), Some('T'));
    assert_eq!(child.pid(), pid, "the same process went on");
}
