//! Recovery assertions against the demo service, which goes down on
//! command and comes back after a known delay: retried probes and their
//! time to recover, baseline comparisons, and the timeline reports
//! (the HTML one rendered in headless Chromium).

use kallisti::trial::TrialStatus;
use kallisti::{ErrorKind, Experiment, Registry, Trial, TrialRecord};
use kallisti_suite::DemoService;
use serde_json::{json, Value};

async fn run(demo: &DemoService, experiment: Value) -> TrialRecord {
    let experiment = Experiment::from_value(experiment).expect("a valid experiment");
    Trial::new(experiment)
        .parameter("base_url", demo.url())
        .run(&Registry::with_builtins())
        .await
}

fn outage_then_recovery(outage_ms: u64, within: &str, ttr_limit: f64) -> Value {
    json!({
        "name": "health comes back",
        "steps": [
            {"step": "take the service down", "do": "cm.http_request",
             "where": {"url": format!("{{{{ base_url }}}}/chaos/fail?for_ms={outage_ms}"), "method": "POST"}},
            {"step": "a plain check", "do": "cm.http_request", "where": {"url": "{{ base_url }}/status/200"}},
            {"step": "health comes back", "do": "cm.http_probe",
             "where": {"url": "{{ base_url }}/health"},
             "retry": {"within": within, "every": "25ms", "since": "take the service down"},
             "expect": [{"operator": "eq", "response.status": "UP"},
                        {"operator": "le", "time_to_recover_seconds": ttr_limit}]}
        ]
    })
}

#[tokio::test]
async fn time_to_recover_is_measured_from_the_chaos_to_the_first_success() {
    let demo = DemoService::start().await;
    let record = run(&demo, outage_then_recovery(600, "5s", 20.0)).await;
    assert!(record.succeeded(), "{}", kallisti::report::text(&record));
    let probe = record.step("health comes back").unwrap();
    let retry = probe.retry.as_ref().unwrap();
    let ttr = retry.time_to_recover_seconds.unwrap();
    assert!(
        (ttr - 0.6).abs() <= 0.15,
        "measured {ttr}s for a 600 ms outage"
    );
    assert_eq!(probe.result["time_to_recover_seconds"], ttr);
    assert_eq!(retry.since.as_deref(), Some("take the service down"));
    assert!(retry.attempts >= 10, "{} attempts", retry.attempts);
    // Attempts are kept compressed: a run of failures, then the success.
    assert_eq!(retry.outcomes.len(), 2, "{:?}", retry.outcomes);
    assert!(!retry.outcomes[0].succeeded && retry.outcomes[0].count == retry.attempts - 1);
    assert!(retry.outcomes[0].error.as_deref().unwrap().contains("503"));
    assert_eq!(retry.first_success_at, Some(retry.outcomes[1].from));

    // Every report shows it.
    let text = kallisti::report::text(&record);
    assert!(text.contains(&format!("recovered in {ttr:.3}s")), "{text}");
    assert!(text.contains("Timeline"), "{text}");
    let junit = kallisti::report::junit(&record);
    assert!(
        junit.contains(&format!("time to recover: {ttr:.3}s")),
        "{junit}"
    );
    let json: Value = serde_json::from_str(&kallisti::report::json(&record)).unwrap();
    assert_eq!(
        json["trial_record"]["steps"][2]["retry"]["time_to_recover_seconds"],
        ttr
    );
}

/// The probe starts 400 ms after the chaos (a slow step sits between
/// them): its time to recover still counts from the `since` step, not from
/// its own first attempt.
#[tokio::test]
async fn time_to_recover_counts_from_since_not_from_the_probe_s_start() {
    let demo = DemoService::start().await;
    let mut experiment = outage_then_recovery(800, "5s", 20.0);
    experiment["steps"][1] = json!({"step": "a plain check", "do": "cm.http_request",
                                    "where": {"url": "{{ base_url }}/slow?ms=400"}});
    let record = run(&demo, experiment).await;
    assert!(record.succeeded(), "{}", kallisti::report::text(&record));
    let probe = record.step("health comes back").unwrap();
    let retry = probe.retry.as_ref().unwrap();
    let chaos_started = record.step("take the service down").unwrap().started_at;
    let probe_lag = (retry.outcomes[0].from - chaos_started).num_milliseconds();
    assert!(
        probe_lag >= 390,
        "the probe started {probe_lag} ms after the chaos"
    );
    let ttr = retry.time_to_recover_seconds.unwrap();
    assert!(
        (ttr - 0.8).abs() <= 0.15,
        "measured {ttr}s for an 800 ms outage"
    );
}

#[tokio::test]
async fn without_since_recovery_counts_from_the_latest_step_before() {
    let demo = DemoService::start().await;
    let mut experiment = outage_then_recovery(300, "5s", 20.0);
    experiment["steps"][2]["retry"] = json!({"within": "5s", "every": "25ms"});
    let record = run(&demo, experiment).await;
    assert!(record.succeeded(), "{}", kallisti::report::text(&record));
    let retry = record
        .step("health comes back")
        .unwrap()
        .retry
        .clone()
        .unwrap();
    // No action ran (cm steps are probes), so the latest step is the reference.
    assert_eq!(retry.since.as_deref(), Some("a plain check"));
    assert!(retry.time_to_recover_seconds.unwrap() <= 0.45);
}

#[tokio::test]
async fn a_recovery_slower_than_within_fails_with_the_last_attempts_error() {
    let demo = DemoService::start().await;
    let record = run(&demo, outage_then_recovery(3000, "300ms", 20.0)).await;
    assert_eq!(record.status, TrialStatus::Failed);
    let probe = record.step("health comes back").unwrap();
    let error = probe.error.as_ref().unwrap();
    assert_eq!(error.kind, ErrorKind::FailedAction);
    assert!(
        error.message.starts_with("not recovered within 300ms (")
            && error.message.contains("attempt(s)); last attempt: ")
            && error.message.contains("503"),
        "{}",
        error.message
    );
    let retry = probe.retry.as_ref().unwrap();
    assert!(retry.time_to_recover_seconds.is_none());
    assert!(retry.outcomes.iter().all(|r| !r.succeeded));
    let text = kallisti::report::text(&record);
    assert!(text.contains("not recovered within 300ms"), "{text}");
}

#[tokio::test]
async fn a_time_to_recover_over_its_limit_fails_the_expectation() {
    let demo = DemoService::start().await;
    let record = run(&demo, outage_then_recovery(400, "5s", 0.1)).await;
    assert_eq!(record.status, TrialStatus::Failed);
    let probe = record.step("health comes back").unwrap();
    let error = probe.error.as_ref().unwrap();
    assert_eq!(error.kind, ErrorKind::FailedExpectation);
    assert!(
        error.message.contains("time_to_recover_seconds le 0.1"),
        "{}",
        error.message
    );
}

fn baseline_experiment(delay_ms: u64, times: f64) -> Value {
    json!({
        "name": "latency stays near its baseline",
        "pre_steps": [
            {"step": "baseline latency", "do": "cm.http_probe", "where": {"url": "{{ base_url }}/fortune"},
             "every": "5ms", "times": 10}
        ],
        "steps": [
            {"step": "slow the backend", "do": "cm.http_request",
             "where": {"url": format!("{{{{ base_url }}}}/chaos/delay?ms={delay_ms}"), "method": "POST"}},
            {"step": "latency under chaos", "do": "cm.http_probe", "where": {"url": "{{ base_url }}/fortune"},
             "every": "5ms", "times": 5,
             "aggregate": [
                {"operator": "ge", "success_ratio": {"baseline": "baseline latency", "minus": 0.01}},
                {"operator": "le", "p99_response_time_seconds":
                    {"baseline": "baseline latency", "times": times, "plus": 0.02}}
             ]}
        ],
        "post_steps": [
            {"step": "restore", "do": "cm.http_request", "where": {"url": "{{ base_url }}/chaos/fail", "method": "DELETE"}}
        ]
    })
}

#[tokio::test]
async fn latency_within_twice_its_baseline_passes() {
    let demo = DemoService::start().await;
    let record = run(&demo, baseline_experiment(0, 2.0)).await;
    assert!(record.succeeded(), "{}", kallisti::report::text(&record));
    let baseline = record.step("baseline latency").unwrap();
    assert_eq!(baseline.result["repetitions"], 10);
    assert_eq!(baseline.samples.len(), 10);
    assert_eq!(
        record.step("latency under chaos").unwrap().result["repetitions"],
        5
    );
}

#[tokio::test]
async fn latency_beyond_twice_its_baseline_fails_saying_baseline_observed_and_allowed() {
    let demo = DemoService::start().await;
    let record = run(&demo, baseline_experiment(150, 2.0)).await;
    assert_eq!(record.status, TrialStatus::Failed);
    let error = record
        .step("latency under chaos")
        .unwrap()
        .error
        .clone()
        .unwrap();
    assert_eq!(error.kind, ErrorKind::FailedExpectation);
    let baseline = record.step("baseline latency").unwrap().result["p99_response_time_seconds"]
        .as_f64()
        .unwrap();
    assert!(
        error.message.contains(&format!(
            "p99_response_time_seconds (allowed: × 2 + 0.02 from baseline {baseline} of \"baseline latency\") le"
        )),
        "{}",
        error.message
    );
    // The observed p99 is at least the 150 ms delay (more on a busy machine).
    let actual: f64 = error
        .message
        .rsplit("actual ")
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(actual >= 0.15, "{}", error.message);
    assert!(record.trial_record.post_steps[0].succeeded());
}

#[tokio::test]
async fn mistakes_in_recovery_steps_are_reported_before_anything_runs() {
    let demo = DemoService::start().await;
    let record = run(&demo, json!({
        "name": "mistakes",
        "steps": [
            {"step": "retried action", "do": "cm.wait", "where": {"time_in_seconds": 1}, "retry": {"within": "1s"}},
            {"step": "ttr without retry", "do": "cm.http_probe", "where": {"url": "{{ base_url }}/health"},
             "expect": [{"operator": "le", "time_to_recover_seconds": 1}]},
            {"step": "endless", "do": "cm.http_probe", "where": {"url": "{{ base_url }}/health"}, "every": "1s"},
            {"step": "bad retry", "do": "cm.http_probe", "where": {"url": "{{ base_url }}/health"}, "retry": {"within": "soon"}},
            {"step": "bad baseline", "do": "cm.http_probe", "where": {"url": "{{ base_url }}/health"},
             "expect": [{"operator": "le", "response_time_in_seconds": {"baseline": "x", "timez": 2}}]}
        ]
    })).await;
    assert_eq!(record.status, TrialStatus::Invalid);
    let problems: Vec<String> = record.problems.iter().map(|p| p.to_string()).collect();
    let expected = [
        "steps[0] (\"retried action\"), field `retry`: argument `retry`: only probes are retried; `cm.wait` is an action",
        "steps[1] (\"ttr without retry\"), field `expect[0]`: argument `expect[0]`: `time_to_recover_seconds` is measured only for retried probes",
        "steps[3] (\"bad retry\"), field `retry.within`",
        "steps[4] (\"bad baseline\"), field `expect[0]`: argument `expect[0]`: unknown baseline key `timez`",
        "steps[2] (\"endless\"), field `every`: argument `every`: needs `times`",
    ];
    for (want, got) in expected.iter().zip(&problems) {
        assert!(
            got.starts_with(want),
            "want {want}\n got {got}\n all {problems:#?}"
        );
    }
    assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    assert!(demo.requests().is_empty());
}

/// Renders the HTML report in headless Chromium and reads back what the
/// page counted after rendering, and what its console said.
fn render_in_chromium(page: &std::path::Path) -> (String, String) {
    let profile = tempdir("chromium-profile");
    let output = std::process::Command::new(crate::support::tools::tool("chromium"))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "kallisti-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn the_html_report_renders_its_timeline_in_chromium() {
    let demo = DemoService::start().await;
    let mut experiment = baseline_experiment(0, 2.0);
    experiment["steps"]
        .as_array_mut()
        .unwrap()
        .push(outage_then_recovery(200, "5s", 20.0)["steps"][0].clone());
    experiment["steps"]
        .as_array_mut()
        .unwrap()
        .push(outage_then_recovery(200, "5s", 20.0)["steps"][2].clone());
    let record = run(&demo, experiment).await;
    assert!(record.succeeded(), "{}", kallisti::report::text(&record));

    // Spans: steps that ran once; marks: every repetition and attempt.
    let repeated_or_retried =
        |s: &kallisti::trial::StepRecord| s.every.is_some() || s.retry.is_some();
    let spans = record
        .steps()
        .filter(|(_, s)| !repeated_or_retried(s))
        .count();
    let marks: usize = record
        .steps()
        .map(|(_, s)| s.samples.len() + s.retry.as_ref().map_or(0, |r| r.attempts as usize))
        .sum();
    assert_eq!(
        (spans, marks),
        (
            3,
            10 + 5
                + record
                    .step("health comes back")
                    .unwrap()
                    .retry
                    .as_ref()
                    .unwrap()
                    .attempts as usize
        )
    );

    let dir = tempdir("html");
    let page = dir.join("report.html");
    std::fs::write(&page, kallisti::report::html(&record)).unwrap();
    let (dom, log) = render_in_chromium(&page);
    assert!(dom.contains(&format!("data-spans=\"{spans}\"")), "{dom}");
    assert!(dom.contains(&format!("data-marks=\"{marks}\"")), "{dom}");
    assert!(dom.contains("data-rendered=\"true\""), "{dom}");
    assert!(
        dom.contains("<polyline class=\"latency\""),
        "response times as a line"
    );
    let console_errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(console_errors.is_empty(), "{console_errors:#?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The README's recovery example runs as written, and its report shows the
/// time to recover.
#[tokio::test]
async fn the_readme_recovery_experiment_passes_against_the_demo_service() {
    let demo = DemoService::start().await;
    let experiment = Experiment::from_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/experiments/recovery.json"
    ))
    .unwrap();
    let record = Trial::new(experiment)
        .parameter("base_url", demo.url())
        .parameter("outage_ms", 300)
        .run(&Registry::with_builtins())
        .await;
    assert!(record.succeeded(), "{}", kallisti::report::text(&record));
    let ttr = record
        .step("Fortunes are back")
        .unwrap()
        .retry
        .as_ref()
        .unwrap()
        .time_to_recover_seconds
        .unwrap();
    assert!((0.3..0.45).contains(&ttr), "{ttr}");
}
