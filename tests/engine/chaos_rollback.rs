//! Always roll back, for `#[chaos_test]`: the post steps run after a failed
//! step, a failed expectation and a step timeout (here), after a panic, an
//! `Err` and a timeout of the body (`tests/chaos_macro.rs`), and when the
//! run's future is dropped (here, through `ChaosTest`, which the macro
//! expands to).

use crate::support;

use kallisti::chaos_test;
use kallisti::experiment::Step;
use kallisti::testing::{ChaosContext, ChaosTest};
use kallisti::{ErrorKind, TrialRecord, TrialStatus};
use serde_json::json;
use std::time::Duration;
use support::CallLog;

/// The trial failed at the `before` step with `kind`, the body never ran,
/// and the post step did.
fn failed_before_body_then_rolled_back(record: &TrialRecord, kind: ErrorKind) {
    assert_eq!(record.status, TrialStatus::Failed);
    let before = &record.trial_record.steps[0];
    assert_eq!(before.error.as_ref().expect("the step failed").kind, kind);
    assert!(record.trial_record.body.is_none(), "the body never ran");
    let post = &record.trial_record.post_steps;
    assert_eq!(post.len(), 1);
    assert!(post[0].succeeded(), "the post step ran and succeeded");
}

#[chaos_test(
    let log = CallLog::default(),
    registry = support::registry(&log),
    namespaces(test),
    before({step: "break it", do: "test.fail", where: {message: "no luck", tag: "before"}}),
    post({step: "restore", do: "test.ok", where: {tag: "post"}}),
    inspect = |record: &TrialRecord| {
        failed_before_body_then_rolled_back(record, ErrorKind::FailedAction);
        assert_eq!(log.calls(), ["fail before", "ok post"]);
    },
)]
#[should_panic(expected = "chaos test failed: trial Failed")]
async fn post_steps_run_after_a_failed_step() {
    unreachable!("the body does not run after a failed before step");
}

#[chaos_test(
    let log = CallLog::default(),
    registry = support::registry(&log),
    namespaces(test),
    before({
        step: "break it", do: "test.ok", where: {tag: "before", value: {"answer": 41}},
        expect: [{"operator": "eq", "answer": 42}],
    }),
    post({step: "restore", do: "test.ok", where: {tag: "post"}}),
    inspect = |record: &TrialRecord| {
        failed_before_body_then_rolled_back(record, ErrorKind::FailedExpectation);
        assert_eq!(log.calls(), ["ok before", "ok post"]);
    },
)]
#[should_panic(expected = "chaos test failed: trial Failed")]
async fn post_steps_run_after_a_failed_expectation() {
    unreachable!("the body does not run after a failed before step");
}

#[chaos_test(
    let log = CallLog::default(),
    registry = support::registry(&log),
    namespaces(test),
    step_timeout = "100ms",
    before({step: "hang", do: "test.sleep", where: {ms: 10000, tag: "before"}}),
    post({step: "restore", do: "test.ok", where: {tag: "post"}}),
    inspect = |record: &TrialRecord| {
        failed_before_body_then_rolled_back(record, ErrorKind::Timeout);
        assert_eq!(log.calls(), ["sleep-start before", "ok post"], "the step was cut at its timeout");
    },
)]
#[should_panic(expected = "chaos test failed: trial Failed")]
async fn post_steps_run_after_a_step_timeout() {
    unreachable!("the body does not run after a failed before step");
}

fn step(name: &str, action: &str, arguments: serde_json::Value) -> Step {
    Step::new(name, action).args(arguments)
}

/// A chaos test with a `before` step, a body that never ends, and one post
/// step, as `#[chaos_test]` builds it.
fn endless(log: &CallLog, before: Step, post: Vec<Step>) -> ChaosTest {
    let test = ChaosTest::new("dropped")
        .registry(support::registry(log))
        .before(before);
    post.into_iter().fold(test, ChaosTest::post)
}

async fn until_logged(log: &CallLog, call: &str) {
    for _ in 0..1000 {
        if log.calls().iter().any(|c| c == call) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("never logged {call:?}: {:?}", log.calls());
}

/// Polls `run` until `call` is in the log (and 50 ms more), then drops it
/// unfinished.
async fn drop_once_logged(run: impl std::future::Future, log: &CallLog, call: &str) {
    tokio::select! {
        _ = run => panic!("the run ended before it was dropped"),
        _ = async {
            until_logged(log, call).await;
            tokio::time::sleep(Duration::from_millis(50)).await;
        } => {}
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn dropping_the_run_while_the_body_runs_still_runs_post_steps() {
    let log = CallLog::default();
    let before = step("chaos", "test.ok", json!({"tag": "before"}));
    let restore = step("restore", "test.ok", json!({"tag": "post"}));
    let run =
        endless(&log, before, vec![restore]).run(|_ctx: ChaosContext| std::future::pending::<()>());
    drop_once_logged(run, &log, "ok before").await;
    until_logged(&log, "ok post").await;
    let calls = log.calls();
    assert_eq!(calls.first().map(String::as_str), Some("ok before"));
    assert_eq!(
        calls.iter().filter(|c| *c == "ok post").count(),
        1,
        "{calls:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn dropping_the_run_during_a_before_step_still_runs_post_steps() {
    let log = CallLog::default();
    let hang = step("hang", "test.sleep", json!({"ms": 10000, "tag": "before"}));
    let restore = step("restore", "test.ok", json!({"tag": "post"}));
    let run = endless(&log, hang, vec![restore]).run(|_ctx: ChaosContext| async {});
    drop_once_logged(run, &log, "sleep-start before").await;
    until_logged(&log, "ok post").await;
    assert_eq!(log.calls(), ["sleep-start before", "ok post"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn dropping_the_run_during_the_post_phase_lets_it_finish_once() {
    let log = CallLog::default();
    let before = step("chaos", "test.ok", json!({"tag": "before"}));
    let slow = step(
        "slow restore",
        "test.sleep",
        json!({"ms": 400, "tag": "post"}),
    );
    let last = step("last", "test.ok", json!({"tag": "last"}));
    let test = ChaosTest::new("dropped in post")
        .registry(support::registry(&log))
        .before(before)
        .post(slow)
        .post(last);
    let run = test.run(|_ctx: ChaosContext| async {});
    // The drop comes inside the 400 ms post step.
    drop_once_logged(run, &log, "sleep-start post").await;
    until_logged(&log, "ok last").await;
    assert_eq!(
        log.calls(),
        ["ok before", "sleep-start post", "sleep-end post", "ok last"],
        "the post step was not cut, and nothing ran twice"
    );
}

#[test]
fn a_run_dropped_outside_any_runtime_runs_its_post_steps_before_the_drop_returns() {
    let log = CallLog::default();
    let before = step("chaos", "test.ok", json!({"tag": "before"}));
    let restore = step("restore", "test.ok", json!({"tag": "post"}));
    let mut run = Box::pin(
        endless(&log, before, vec![restore]).run(|_ctx: ChaosContext| std::future::pending::<()>()),
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(drop_once_logged(&mut run, &log, "ok before"));
    drop(runtime);
    assert_eq!(log.calls(), ["ok before"], "nothing ran the post step yet");
    drop(run);
    assert_eq!(log.calls(), ["ok before", "ok post"]);
}
