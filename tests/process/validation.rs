//! Bad input makes the trial `Invalid` before any step runs, naming the field.

use crate::common::*;
use kallisti::process::{Child, ChildCommand};
use serde_json::{json, Value};

/// Runs a valid kill of `child` first, then `bad`: the trial must be
/// `Invalid` on `field` and the child must be left alone.
async fn refused_before_anything_runs(bad: Value, field: &str) -> String {
    let name = unique("untouched");
    let child = Child::spawn(&name, ChildCommand::new("sleep").arg("300")).unwrap();
    let record = run(vec![
        step(
            "valid",
            "process.kill",
            json!({"child": name, "signal": "KILL"}),
        ),
        bad,
    ])
    .await;
    let message = invalid(&record, field);
    assert!(
        child.is_running(),
        "the valid step before it did not run either"
    );
    message
}

#[tokio::test]
async fn two_targets() {
    let message = refused_before_anything_runs(
        step("two", "process.kill", json!({"pid": 12345, "child": "x"})),
        "where.child",
    )
    .await;
    assert!(
        message.contains("exactly one target") && message.contains("`pid` and `child`"),
        "{message}"
    );
}

#[tokio::test]
async fn no_target() {
    let message =
        refused_before_anything_runs(step("none", "process.suspend", json!({})), "where").await;
    assert!(
        message.contains("`pid`, `pidfile`, `name` or `child`"),
        "{message}"
    );
}

#[tokio::test]
async fn an_unknown_signal() {
    let message = refused_before_anything_runs(
        step(
            "bad",
            "process.kill",
            json!({"pid": 12345, "signal": "SIGFOO"}),
        ),
        "where.signal",
    )
    .await;
    assert!(message.contains("`SIGFOO` is not a signal"), "{message}");
    let message = refused_before_anything_runs(
        step(
            "bad",
            "process.restart",
            json!({"pid": 12345, "signal": "0"}),
        ),
        "where.signal",
    )
    .await;
    assert!(message.contains("not a signal number"), "{message}");
}

#[tokio::test]
async fn pids_that_stand_for_groups() {
    for pid in [0, -1] {
        let message = refused_before_anything_runs(
            step("group", "process.kill", json!({"pid": pid})),
            "where.pid",
        )
        .await;
        assert!(message.contains("not a process id"), "{message}");
    }
}

#[tokio::test]
async fn a_bad_pattern_and_a_bad_timeout() {
    let message = refused_before_anything_runs(
        step("re", "process.kill", json!({"name": "(unclosed"})),
        "where.name",
    )
    .await;
    assert!(message.contains("not a regex"), "{message}");
    let message = refused_before_anything_runs(
        step("t", "process.restart", json!({"pid": 12345, "timeout": 0})),
        "where.timeout",
    )
    .await;
    assert!(message.contains("seconds"), "{message}");
}

#[tokio::test]
async fn arguments_of_the_wrong_type_or_unknown() {
    refused_before_anything_runs(
        step("type", "process.kill", json!({"pid": "12345"})),
        "where.pid",
    )
    .await;
    refused_before_anything_runs(
        step(
            "unknown",
            "process.suspend",
            json!({"pid": 12345, "signal": "KILL"}),
        ),
        "where.signal",
    )
    .await;
    refused_before_anything_runs(
        step("missing", "process.exit_status", json!({})),
        "where.child",
    )
    .await;
}
