//! `#[chaos_test(chaostoolkit = ...)]`: a Chaos Toolkit experiment around a
//! test's body, which runs after the method and before the hypothesis is
//! checked again.

use kallisti::chaos_test;
use std::path::Path;

const EXPERIMENT_FLAG: &str = "/tmp/kallisti-ctk-flag";

fn raise_flag(path: &str) -> &str {
    std::fs::write(path, "").unwrap();
    path
}

#[chaos_test(
    let flag = raise_flag(EXPERIMENT_FLAG),
    chaostoolkit = "tests/fixtures/chaostoolkit-tests/flag-recovers.yaml",
)]
fn the_body_runs_between_the_method_and_the_hypothesis_after() {
    assert!(!Path::new(flag).exists(), "the method removed the flag");
    // The service recovers: the hypothesis after the body finds the flag.
    std::fs::write(flag, "").unwrap();
}

/// Runs the flag experiment with `body` on a flag of its own (raised
/// first when `raised`); the test failure's message.
fn failure_of<F, Fut>(name: &str, raised: bool, body: F) -> String
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future,
    Fut::Output: kallisti::testing::__private::BodyOutcome,
{
    let flag = std::env::temp_dir().join(format!("kallisti-ctk-{name}-{}", std::process::id()));
    if raised {
        std::fs::write(&flag, "").unwrap();
    }
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/chaostoolkit-tests/flag-recovers.yaml"
    ))
    .unwrap()
    .replace(EXPERIMENT_FLAG, flag.to_str().unwrap());
    let failure = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        kallisti::testing::block_on(kallisti::testing::__private::run_chaostoolkit(
            name,
            "flag-recovers.yaml",
            &text,
            body,
        ))
    }))
    .expect_err("the test fails");
    let _ = std::fs::remove_file(&flag);
    failure
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default()
}

/// A body that does not restore the flag: the run deviates, and the test
/// fails with the report naming the probe.
#[test]
fn a_deviated_run_fails_the_test_with_its_report() {
    let message = failure_of("deviated", true, || async {});
    assert!(message.contains("status completed, deviated"), "{message}");
    assert!(message.contains("flag-exists"), "{message}");
}

/// A body that returns `Err` fails the test, after the run has finished.
#[test]
fn a_failing_body_fails_the_test() {
    let message = failure_of("failing-body", true, || async {
        Err::<(), _>("checkout answered 500")
    });
    assert!(message.contains("The test body failed"), "{message}");
    assert!(message.contains("checkout answered 500"), "{message}");
}

/// A steady state missed before the method: the Chaos Toolkit skips the
/// method and still says `completed`, but a test whose body never ran
/// must not pass.
#[test]
fn a_steady_state_missed_before_fails_the_test() {
    let message = failure_of("missed", false, || async { must_not_run() });
    assert!(message.contains("not met before the method"), "{message}");
}

fn must_not_run() {
    panic!("the body must not run when the method was skipped")
}
