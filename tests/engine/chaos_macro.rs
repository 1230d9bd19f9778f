//! `#[chaos_test]` end to end against the demo service: phase order and
//! overlap, post steps after panics and errors, repeated probes with
//! aggregate expectations, the file form, rstest composition, dry run.

use kallisti::chaos_test;
use kallisti::testing::ChaosContext;
use kallisti::trial::{TrialRecord, TrialStatus};
use kallisti_suite::DemoService;
use serde_json::json;

/// The before step ended before the body began; every repetition of the
/// during probe started while the body ran; post steps began after it.
fn assert_phases_overlap_as_declared(record: &TrialRecord) {
    assert_eq!(
        record.status,
        TrialStatus::Succeeded,
        "{}",
        kallisti::report::text(record)
    );
    let phases = &record.trial_record;
    let body = phases.body.as_ref().expect("the body ran");
    let before = &phases.steps[0];
    assert_eq!(before.step_name, "slow the fortunes down");
    assert!(before.finished_at <= body.started_at);

    let during = &phases.during[0];
    assert!(
        during.samples.len() >= 5,
        "{} repetitions",
        during.samples.len()
    );
    for sample in &during.samples {
        assert!(sample.at >= body.started_at && sample.at <= body.finished_at);
    }
    assert!(during.finished_at >= body.finished_at);
    assert!(during.finished_at <= phases.post_steps[0].started_at);
    assert_eq!(during.result["failed"], 0);

    // The step the body ran is recorded after the before step.
    assert_eq!(phases.steps[1].step_name, "one more fortune");
    assert!(phases.steps[1].started_at >= body.started_at);
    assert_eq!(phases.post_steps[0].step_name, "restore");
    assert!(phases.post_steps[0].started_at >= body.finished_at);
}

#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    pre({"step": "service is up", "do": "cm.http_probe", "where": {"url": "{{ base_url }}/health"}}),
    before({
        step: "slow the fortunes down",
        do: "cm.http_request",
        where: {url: "{{ base_url }}/chaos/delay?ms=5", method: "POST"},
        expect: [{"operator": "eq", "status_code": 200}],
    }),
    during({
        step: "fortunes keep coming",
        do: "cm.http_probe",
        where: {url: "{{ base_url }}/fortune"},
        every: "20ms",
        aggregate: [
            {"operator": "ge", "success_ratio": 1.0},
            {"operator": "lt", "p99_response_time_seconds": 2},
        ],
    }),
    post({step: "restore", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "DELETE"}}),
    inspect = assert_phases_overlap_as_declared,
)]
async fn phases_run_in_order_and_during_overlaps_the_body(ctx: ChaosContext) {
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let url = format!("{}/fortune", ctx.parameter_str("base_url").unwrap());
    let fortune = ctx
        .step("one more fortune", "cm.http_probe", json!({"url": url}))
        .await
        .expect("the fortune answers");
    assert_eq!(fortune["status_code"], 200);
    assert_eq!(
        ctx.output("slow the fortunes down").unwrap()["status_code"],
        200
    );
    assert_eq!(
        ctx.output("one more fortune").unwrap()["response"]["id"],
        "1001"
    );
    assert!(demo.requests_to("/chaos/delay").len() == 1);
}

/// Post steps ran, the body is recorded as failed with `why`, and the
/// service was restored.
fn assert_body_failed_and_post_ran(record: &TrialRecord, why: &str) {
    assert_eq!(record.status, TrialStatus::Failed);
    let body = record.trial_record.body.as_ref().expect("the body ran");
    let error = body.error.as_ref().expect("the body failed");
    assert!(error.message.contains(why), "{}", error.message);
    assert_eq!(record.trial_record.post_steps.len(), 1);
    assert!(record.trial_record.post_steps[0].succeeded());
}

/// A body step that repeats needs `times`: nothing would end it otherwise.
#[chaos_test(
    let log = support::CallLog::default(),
    registry = support::registry(&log),
    namespaces(test),
    inspect = |record: &TrialRecord| {
        assert_eq!(record.status, TrialStatus::Failed);
        assert!(log.calls().is_empty(), "{:?}", log.calls());
    },
)]
#[should_panic(expected = "chaos test failed: trial Failed")]
async fn a_body_step_that_repeats_needs_times(ctx: ChaosContext) {
    let step: kallisti::Step = serde_json::from_value(json!({
        "step": "again", "do": "test.ok", "where": {"tag": "again"}, "every": "10ms"
    }))
    .unwrap();
    let failure = ctx.run(step).await.unwrap_err();
    assert_eq!(failure.kind, kallisti::ErrorKind::InvalidArgument);
    assert!(failure.to_string().contains("needs `times`"), "{failure}");
}

#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    before({step: "take fortunes down", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "POST"}}),
    post({step: "restore", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "DELETE"}}),
    inspect = |record: &TrialRecord| {
        assert_body_failed_and_post_ran(record, "the test body panicked: the service is down");
        assert!(!demo.is_failing(), "the post step restored the service");
    },
)]
#[should_panic(expected = "chaos test failed: trial Failed")]
async fn post_steps_run_after_the_body_panics() {
    assert!(!demo.is_failing(), "the service is down");
}

#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    before({step: "take fortunes down", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "POST"}}),
    post({step: "restore", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "DELETE"}}),
    inspect = |record: &TrialRecord| {
        assert_body_failed_and_post_ran(record, "the test body returned an error: \"fortunes are down\"");
        assert!(!demo.is_failing());
    },
)]
#[should_panic(expected = "chaos test failed: trial Failed")]
async fn post_steps_run_after_the_body_returns_err(ctx: ChaosContext) -> Result<(), String> {
    let url = format!("{}/fortune", ctx.parameter_str("base_url").unwrap());
    let answer = ctx
        .step("read a fortune", "cm.http_request", json!({"url": url}))
        .await
        .map_err(|e| e.to_string())?;
    if answer["status_code"] == 503 {
        return Err(answer["response_text"].as_str().unwrap().to_string());
    }
    Ok(())
}

#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    pre({step: "service is up", do: "cm.http_probe", where: {url: "{{ base_url }}/status/500"}}),
    before({step: "never", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "POST"}}),
    post({step: "restore", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "DELETE"}}),
    inspect = |record: &TrialRecord| {
        assert_eq!(record.status, TrialStatus::Aborted);
        assert!(record.trial_record.body.is_none(), "the body never runs");
        assert!(record.trial_record.steps.is_empty(), "before steps are skipped");
        assert_eq!(record.trial_record.post_steps.len(), 1);
        assert!(demo.requests_to("/chaos/fail").iter().all(|r| r.method == "DELETE"));
    },
)]
#[should_panic(expected = "chaos test failed: trial Aborted")]
async fn a_failing_pre_step_aborts_and_the_body_never_runs() {
    panic!("the body must not run when a pre step fails");
}

#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    during({
        step: "fortunes keep coming",
        do: "cm.http_probe",
        where: {url: "{{ base_url }}/fortune"},
        every: "10ms",
        aggregate: [{"operator": "ge", "success_ratio": 0.99}],
    }),
    inspect = |record: &TrialRecord| {
        let during = &record.trial_record.during[0];
        let failed = during.result["failed"].as_u64().unwrap();
        let total = during.result["repetitions"].as_u64().unwrap();
        assert!(failed >= 1 && failed < total, "{failed} of {total}");
        let error = during.error.as_ref().unwrap();
        assert_eq!(error.kind, kallisti::ErrorKind::FailedExpectation);
        assert!(error.message.contains("success_ratio"), "{}", error.message);
        assert!(during.logs.iter().any(|l| l.contains("503")), "{:?}", during.logs);
    },
)]
#[should_panic(expected = "chaos test failed: trial Failed")]
async fn a_success_ratio_below_the_aggregate_expectation_fails_the_test() {
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    // Long enough for probes to see it on a busy machine.
    demo.fail_for(std::time::Duration::from_millis(250));
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
}

#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    during({
        step: "fortunes keep coming",
        do: "cm.http_probe",
        where: {url: "{{ base_url }}/fortune"},
        every: "10ms",
        aggregate: [{"operator": "ge", "success_ratio": 0.5}, {"operator": "le", "max_response_time_seconds": 1}],
    }),
    inspect = |record: &TrialRecord| {
        let during = &record.trial_record.during[0];
        assert!(during.result["failed"].as_u64().unwrap() >= 1);
        assert!(during.succeeded());
    },
)]
async fn a_success_ratio_within_the_aggregate_expectation_passes() {
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    demo.fail_for(std::time::Duration::from_millis(150));
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
}

#[chaos_test(
    experiment = "tests/fixtures/experiments/fortune-outage.json",
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    inspect = |record: &TrialRecord| {
        let names: Vec<_> = record.steps().map(|(_, s)| s.step_name.as_str()).collect();
        assert_eq!(names, ["service is up", "take fortunes down", "fortunes are down", "restore"]);
        assert_eq!(record.parameters["outage_ms"], 100);
    },
)]
async fn the_file_form_maps_steps_to_before() {
    assert_eq!(
        demo.requests_to("/chaos/fail").len(),
        1,
        "the chaos ran before the body"
    );
}

/// A plain `fn` body runs while the repeated probe keeps going.
#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    during({step: "probe", do: "cm.http_probe", where: {url: "{{ base_url }}/health"}, every: "10ms"}),
    inspect = |record: &TrialRecord| {
        assert!(record.trial_record.during[0].samples.len() >= 5);
        assert_eq!(record.trial_record.steps[0].step_name, "from a plain fn");
    },
)]
fn a_plain_fn_body_blocks_while_during_steps_run(ctx: ChaosContext) {
    std::thread::sleep(std::time::Duration::from_millis(150));
    let url = format!("{}/health", demo.url());
    let out = ctx
        .step_blocking("from a plain fn", "cm.http_probe", json!({"url": url}))
        .unwrap();
    assert_eq!(out["status_code"], 200);
}

mod with_rstest {
    use super::*;
    use rstest::rstest;

    #[rstest::fixture]
    fn expected_id() -> &'static str {
        "1001"
    }

    // `#[chaos_test]` goes first: it turns each rstest case into a chaos test.
    #[chaos_test(
        let demo = DemoService::start().await,
        parameters(base_url = demo.url(), path = path),
        before({step: "call", do: "cm.http_request", where: {url: "{{ base_url }}{{ path }}"},
                expect: [{"operator": "eq", "status_code": 200}]}),
    )]
    #[rstest]
    #[case::fortune("/fortune")]
    #[case::echo("/echo")]
    async fn every_case_is_a_trial(#[case] path: &str, expected_id: &str, ctx: ChaosContext) {
        assert_eq!(demo.requests_to(path).len(), 1);
        if path == "/fortune" {
            assert_eq!(ctx.output("call").unwrap()["response"]["id"], expected_id);
        }
    }
}

#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    dry_run = true,
    before({step: "take fortunes down", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "POST"},
            expect: [{"operator": "eq", "status_code": 418}]}),
    inspect = |record: &TrialRecord| {
        assert!(record.dry_run);
        assert_eq!(record.trial_record.steps[0].result["dry_run"], true);
    },
)]
async fn a_dry_run_reports_without_acting(ctx: ChaosContext) {
    assert!(ctx.dry_run());
    assert!(
        demo.requests_to("/chaos/fail").is_empty(),
        "nothing was posted"
    );
}

#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    allow_hosts("localhost"),
    before({step: "take fortunes down", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "POST"}}),
    inspect = |record: &TrialRecord| {
        assert_eq!(record.status, TrialStatus::Invalid);
        let problem = &record.problems[0];
        assert_eq!(problem.step.as_deref(), Some("before[0] (\"take fortunes down\")"));
        assert_eq!(problem.field.as_deref(), Some("where.url"));
        assert!(problem.message.contains("host `127.0.0.1` (from argument `url`) is not on the allow-list (localhost)"));
        assert!(demo.requests().is_empty(), "nothing ran");
    },
)]
#[should_panic(expected = "chaos test failed: trial Invalid")]
async fn a_host_outside_the_allow_list_is_refused_before_anything_runs() {
    panic!("the body must not run");
}

use crate::support;

/// A namespace of the user's own: listed in `namespaces(...)`, checked when
/// the test runs against the registry given.
#[chaos_test(
    let log = support::CallLog::default(),
    registry = support::registry(&log),
    namespaces(test),
    before({step: "custom", do: "test.ok", where: {tag: "before", value: {"answer": 42}}}),
    post({step: "cleanup", do: "test.ok", where: {tag: "post"}}),
    inspect = |record: &TrialRecord| {
        assert!(record.succeeded());
        assert_eq!(log.calls(), ["ok before", "ok body", "ok post"]);
    },
)]
async fn user_namespaces_run_through_the_registry_given(
    ctx: ChaosContext,
) -> Result<(), Box<dyn std::error::Error>> {
    assert_eq!(ctx.output("custom").unwrap()["answer"], 42);
    ctx.step("from the body", "test.ok", json!({"tag": "body"}))
        .await?;
    Ok(())
}

#[chaos_test(
    let log = support::CallLog::default(),
    registry = support::registry(&log),
    namespaces(test),
    before({step: "typo", do: "test.okk", where: {}}),
    inspect = |record: &TrialRecord| {
        assert_eq!(record.status, TrialStatus::Invalid);
        assert!(record.problems[0].message.contains("did you mean `ok`?"), "{:?}", record.problems);
        assert_eq!(record.problems[0].step.as_deref(), Some("before[0] (\"typo\")"));
        assert!(log.calls().is_empty());
    },
)]
#[should_panic(expected = "chaos test failed: trial Invalid")]
async fn user_namespaces_are_checked_at_run_time() {}

/// A failing step run from the body fails the trial even when the body
/// carries on, and the error says which step and why.
#[chaos_test(
    let log = support::CallLog::default(),
    registry = support::registry(&log),
    namespaces(test),
    inspect = |record: &TrialRecord| {
        assert_eq!(record.status, TrialStatus::Failed);
        assert!(record.trial_record.body.as_ref().unwrap().error.is_none());
        assert_eq!(record.trial_record.steps[0].step_name, "doomed");
    },
)]
#[should_panic(expected = "chaos test failed: trial Failed")]
async fn a_failing_body_step_fails_the_trial(ctx: ChaosContext) {
    let failure = ctx
        .step("doomed", "test.fail", json!({"message": "no luck"}))
        .await
        .unwrap_err();
    assert_eq!(failure.kind, kallisti::ErrorKind::FailedAction);
    assert_eq!(
        failure.to_string(),
        "step \"doomed\" failed: FailedAction: no luck"
    );
}

#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    before({step: "take fortunes down", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "POST"}}),
    post({step: "restore", do: "cm.http_request", where: {url: "{{ base_url }}/chaos/fail", method: "DELETE"}}),
    timeout = "100ms",
    inspect = |record: &TrialRecord| {
        assert_body_failed_and_post_ran(record, "the test body timed out after 100ms");
        assert!(!demo.is_failing());
        let junit = kallisti::report::junit(record);
        assert!(junit.contains("<testcase classname=\"body\" name=\"test body\""), "{junit}");
        assert!(junit.contains("failures=\"1\""), "{junit}");
    },
)]
#[should_panic(expected = "chaos test failed: trial Failed")]
async fn post_steps_run_after_the_body_times_out() {
    tokio::time::sleep(std::time::Duration::from_secs(30)).await;
}

/// The report a failing chaos test panics with: phase, step, error kind,
/// message, expected and actual, the step's logs; secrets redacted.
#[test]
fn a_failing_chaos_test_reports_readably_without_secrets() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let demo = runtime.block_on(DemoService::start());
    let url = demo.url();
    let records = std::env::temp_dir().join(format!("kallisti-report-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&records);
    let record_dir = records.clone();
    let outcome = std::thread::spawn(move || {
        kallisti::testing::block_on(async move {
            kallisti::testing::ChaosTest::new("report")
                .record_dir(record_dir)
                .parameter("base_url", url)
                .parameter("api_token", "canary-5ecret-t0ken")
                // `/echo` answers with the request's headers: the token
                // comes back inside the result the report shows.
                .before(
                    kallisti::Step::from_json(json!({
                        "step": "teapot", "do": "cm.http_request",
                        "where": {"url": "{{ base_url }}/echo",
                                  "headers": {"Authorization": "Bearer {{ api_token }}"}},
                        "expect": [{"operator": "eq", "status_code": 418}]
                    }))
                    .unwrap(),
                )
                .run_test(|_ctx| async move {})
                .await
        })
    })
    .join();
    let payload = outcome.expect_err("the test fails");
    let message = payload.downcast_ref::<String>().unwrap();
    // The token really went out, and really came back.
    let sent = demo.requests_to("/echo");
    assert_eq!(
        sent[0].header("authorization"),
        Some("Bearer canary-5ecret-t0ken")
    );
    assert!(
        message.contains("chaos test failed: trial Failed"),
        "{message}"
    );
    assert!(
        message.contains("steps \"teapot\" (cm.http_request) failed"),
        "{message}"
    );
    assert!(message.contains("FailedExpectation"), "{message}");
    assert!(message.contains("418"), "expected vs actual: {message}");
    assert!(!message.contains("canary-5ecret-t0ken"), "{message}");
    assert!(message.contains("Trial record: "), "{message}");
    let record: String = std::fs::read_dir(&records)
        .expect("the record was written")
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    let parsed: serde_json::Value = serde_json::from_str(&record).unwrap();
    // The header value as a whole was the secret; it came back as `***`.
    assert_eq!(
        parsed["trial_record"]["steps"][0]["result"]["response"]["headers"]["authorization"], "***",
        "{record}"
    );
    assert!(!record.contains("canary-5ecret-t0ken"), "{record}");
}

/// Recovery inside a chaos test: the body injects an outage, a retried
/// probe measures the time to recover, and a repeated probe is held to
/// its baseline from the pre steps.
#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    pre({step: "baseline", do: "cm.http_probe", where: {url: "{{ base_url }}/fortune"}, every: "5ms", times: 5}),
    during({step: "fortunes under chaos", do: "cm.http_probe", where: {url: "{{ base_url }}/fortune"},
            every: "10ms",
            aggregate: [{"operator": "ge", "success_ratio": {"baseline": "baseline", "minus": 0.9}}]}),
    inspect = |record: &TrialRecord| {
        let probe = record.step("fortunes are back").unwrap();
        let ttr = probe.retry.as_ref().unwrap().time_to_recover_seconds.unwrap();
        assert!((0.15..0.6).contains(&ttr), "{ttr}");
        assert!(record.succeeded(), "{}", kallisti::report::text(record));
    },
)]
async fn the_body_can_wait_for_recovery(
    ctx: ChaosContext,
) -> Result<(), kallisti::testing::StepFailure> {
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    ctx.step(
        "take fortunes down",
        "cm.http_request",
        json!({"url": format!("{}/chaos/fail?for_ms=200", demo.url()), "method": "POST"}),
    )
    .await?;
    let back = ctx
        .run(
            kallisti::Step::from_json(json!({
                "step": "fortunes are back", "do": "cm.http_probe",
                "where": {"url": format!("{}/fortune", demo.url())},
                "retry": {"within": "3s", "every": "20ms"},
                "expect": [{"operator": "le", "time_to_recover_seconds": 1}]
            }))
            .unwrap(),
        )
        .await?;
    assert!(back["attempts"].as_u64().unwrap() > 1);
    Ok(())
}

/// A body step whose template names a parameter the test does not have,
/// or whose timeout does not read, fails without running, and fails the
/// trial.
#[tokio::test]
async fn a_body_step_that_does_not_check_does_not_run() {
    let log = support::CallLog::default();
    let record = kallisti::testing::ChaosTest::new("unchecked body steps")
        .registry(support::registry(&log))
        .run(|ctx| async move {
            let missing = ctx
                .step("unknown", "test.ok", json!({"tag": "{{ nowhere }}"}))
                .await
                .unwrap_err();
            let step: kallisti::Step = serde_json::from_value(json!({
                "step": "bad timeout", "do": "test.ok", "where": {"tag": "late"}, "timeout": "soon"
            }))
            .unwrap();
            let late = ctx.run(step).await.unwrap_err();
            assert!(missing.to_string().contains("nowhere"), "{missing}");
            assert!(late.to_string().contains("timeout"), "{late}");
        })
        .await;
    assert_eq!(record.status, TrialStatus::Failed);
    assert!(
        record.trial_record.body.as_ref().unwrap().error.is_none(),
        "the body's own checks held"
    );
    assert!(log.calls().is_empty(), "{:?}", log.calls());
}

/// A `during` step that repeats slowly stops when the body ends, not at its
/// next tick.
#[chaos_test(
    let log = support::CallLog::default(),
    registry = support::registry(&log),
    namespaces(test),
    during({step: "poll", do: "test.ok", where: {tag: "poll"}, every: "5s"}),
    inspect = |record: &TrialRecord| {
        assert!(record.succeeded(), "{:?}", record.status);
        let during = &record.trial_record.during[0];
        let ran = (during.finished_at - during.started_at).num_milliseconds();
        assert!(ran < 4000, "the during step ran {ran} ms after a 1.2 s body");
        assert_eq!(during.samples.len(), 1, "{:?}", during.samples);
    },
)]
async fn a_slow_during_step_stops_with_the_body() {
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
}

/// Where kallisti is re-exported under another path.
mod reexported {
    pub use kallisti;
}

/// `crate = path` finds kallisti through that path.
#[chaos_test(
    crate = reexported::kallisti,
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    pre({step: "up", do: "cm.http_probe", where: {url: "{{ base_url }}/health"}}),
)]
async fn the_crate_option_reaches_kallisti_through_a_path(ctx: ChaosContext) {
    assert_eq!(ctx.output("up").unwrap()["status_code"], 200);
}
