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
    assert!(during.step.finished_at >= body.finished_at);
    assert!(during.step.finished_at <= phases.post_steps[0].started_at);
    assert_eq!(during.step.result["failed"], 0);

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
