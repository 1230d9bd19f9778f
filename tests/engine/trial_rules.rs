//! The trial rules of the SPEC: phases, statuses, post steps, timeouts,
//! cancellation, templating and validation before anything runs.

use crate::support;

use kallisti::{ErrorKind, Experiment, Phase, Trial, TrialStatus};
use serde_json::{json, Value};
use std::time::Duration;
use support::{registry, step, CallLog};

fn experiment(doc: Value) -> Experiment {
    Experiment::from_value(doc).expect("valid experiment")
}

fn names(record: &kallisti::TrialRecord, phase: Phase) -> Vec<String> {
    record
        .trial_record
        .phase(phase)
        .iter()
        .map(|s| s.step_name.clone())
        .collect()
}

#[tokio::test]
async fn all_steps_succeed() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "fine",
        "pre_steps": [step("p", "test.ok", json!({"tag": "p"}))],
        "steps": [step("s1", "test.ok", json!({"tag": "s1"})), step("s2", "test.ok", json!({"tag": "s2"}))],
        "post_steps": [step("q", "test.ok", json!({"tag": "q"}))]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Succeeded);
    assert_eq!(log.calls(), ["ok p", "ok s1", "ok s2", "ok q"]);
    assert_eq!(names(&record, Phase::Steps), ["s1", "s2"]);
    let s1 = record.step("s1").unwrap();
    assert_eq!(s1.logs, ["ok s1"]);
    assert!(s1.finished_at >= s1.started_at);
    assert!(record.completed_at >= record.executed_at);
    assert_eq!(
        record.trial_record.result.logs.last().unwrap(),
        "trial Succeeded: 4 of 4 step(s) succeeded"
    );
}

#[tokio::test]
async fn a_failing_pre_step_aborts_skips_steps_and_runs_post_steps() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "gate",
        "pre_steps": [step("p1", "test.fail", json!({"tag": "p1"})), step("p2", "test.ok", json!({"tag": "p2"}))],
        "steps": [step("s", "test.ok", json!({"tag": "s"}))],
        "post_steps": [step("q", "test.ok", json!({"tag": "q"}))]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Aborted);
    assert_eq!(log.calls(), ["fail p1", "ok q"]);
    assert_eq!(
        names(&record, Phase::PreSteps),
        ["p1"],
        "a step never reached is absent"
    );
    assert!(record.trial_record.steps.is_empty());
    assert_eq!(names(&record, Phase::PostSteps), ["q"]);
    let err = record.step("p1").unwrap().error.as_ref().unwrap();
    assert_eq!(err.kind, ErrorKind::FailedAction);
    assert_eq!(err.message, "boom");
}

#[tokio::test]
async fn the_first_failing_step_stops_the_steps_and_post_steps_still_run() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "fails",
        "steps": [
            step("s1", "test.ok", json!({"tag": "s1"})),
            step("s2", "test.fail", json!({"tag": "s2", "message": "pod not found"})),
            step("s3", "test.ok", json!({"tag": "s3"}))
        ],
        "post_steps": [step("q", "test.ok", json!({"tag": "q"}))]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Failed);
    assert_eq!(log.calls(), ["ok s1", "fail s2", "ok q"]);
    assert_eq!(names(&record, Phase::Steps), ["s1", "s2"]);
    let (phase, failed) = record.first_failure().unwrap();
    assert_eq!((phase, failed.step_name.as_str()), (Phase::Steps, "s2"));
}

#[tokio::test]
async fn a_failing_post_step_fails_the_trial_and_every_post_step_is_attempted() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "cleanup fails",
        "steps": [step("s", "test.ok", json!({"tag": "s"}))],
        "post_steps": [
            step("q1", "test.fail", json!({"tag": "q1"})),
            step("q2", "test.ok", json!({"tag": "q2"}))
        ]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Failed);
    assert_eq!(log.calls(), ["ok s", "fail q1", "ok q2"]);
}

#[tokio::test]
async fn an_aborted_trial_stays_aborted_when_a_post_step_also_fails() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "both",
        "pre_steps": [step("p", "test.fail", json!({}))],
        "steps": [step("s", "test.ok", json!({}))],
        "post_steps": [step("q", "test.fail", json!({}))]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Aborted);
    assert_eq!(names(&record, Phase::PostSteps), ["q"]);
}

#[tokio::test]
async fn a_panicking_action_fails_its_step_and_post_steps_still_run() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "panics",
        "steps": [step("s", "test.panic", json!({"tag": "s"})), step("s2", "test.ok", json!({"tag": "s2"}))],
        "post_steps": [step("q", "test.ok", json!({"tag": "q"}))]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Failed);
    assert_eq!(log.calls(), ["panic s", "ok q"]);
    let err = record.step("s").unwrap().error.as_ref().unwrap();
    assert_eq!(err.kind, ErrorKind::FailedAction);
    assert!(err.message.contains("deliberate panic"), "{}", err.message);
}

#[tokio::test]
async fn a_step_timeout_is_a_timeout_error() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "slow",
        "steps": [{"step": "s", "do": "test.sleep", "where": {"ms": 5000, "tag": "s"}, "timeout": "100ms"}],
        "post_steps": [step("q", "test.ok", json!({"tag": "q"}))]
    }));
    let started = std::time::Instant::now();
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert!(started.elapsed() < Duration::from_secs(4));
    assert_eq!(record.status, TrialStatus::Failed);
    let err = record.step("s").unwrap().error.as_ref().unwrap();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert_eq!(err.message, "step timed out after 100ms");
    assert_eq!(log.calls(), ["sleep-start s", "ok q"]);
}

#[tokio::test]
async fn the_run_wide_step_timeout_applies_to_steps_without_their_own() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "slow",
        "steps": [
            {"step": "own", "do": "test.sleep", "where": {"ms": 300}, "timeout": 2},
            step("default", "test.sleep", json!({"ms": 2000}))
        ]
    }));
    let record = Trial::new(exp)
        .step_timeout(Duration::from_millis(150))
        .run(&registry(&log))
        .await;
    assert!(
        record.step("own").unwrap().succeeded(),
        "its own 2 s timeout wins"
    );
    let err = record.step("default").unwrap().error.as_ref().unwrap();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert_eq!(
        kallisti::trial::DEFAULT_STEP_TIMEOUT,
        Duration::from_secs(60)
    );
}

#[tokio::test]
async fn cancelling_stops_the_running_step_and_runs_post_steps() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "stopped",
        "steps": [step("long", "test.sleep", json!({"ms": 10000, "tag": "long"})), step("next", "test.ok", json!({"tag": "next"}))],
        "post_steps": [step("q", "test.sleep", json!({"ms": 50, "tag": "q"}))]
    }));
    let token = kallisti::CancellationToken::new();
    let canceller = token.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        canceller.cancel();
    });
    let record = Trial::new(exp).cancel_on(token).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Stopped);
    assert_eq!(
        log.calls(),
        ["sleep-start long", "sleep-start q", "sleep-end q"],
        "the interrupted step never ended, the next never started, the post step ran whole"
    );
    let err = record.step("long").unwrap().error.as_ref().unwrap();
    assert_eq!(err.kind, ErrorKind::Stopped);
    assert_eq!(TrialStatus::Stopped.exit_code(), 4);
}

#[tokio::test]
async fn dropping_the_run_future_still_runs_post_steps() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "dropped",
        "steps": [step("long", "test.sleep", json!({"ms": 10000, "tag": "long"}))],
        "post_steps": [step("q", "test.ok", json!({"tag": "q"}))]
    }));
    let reg = registry(&log);
    let run = Trial::new(exp).run(&reg);
    // Give up on the run after 100 ms: the future is dropped.
    assert!(tokio::time::timeout(Duration::from_millis(100), run)
        .await
        .is_err());
    for _ in 0..100 {
        if log.calls().contains(&"ok q".to_string()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(log.calls(), ["sleep-start long", "ok q"]);
}

#[tokio::test]
async fn parameters_interpolate_with_trial_over_experiment_and_keep_their_type() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "params",
        "parameters": {"who": "experiment", "n": 1, "flag": false},
        "steps": [step("e", "test.echo", json!({
            "a": {"text": "hello {{ who }}", "flag": "{{ flag }}", "list": ["{{ extra }}"]},
            "n": "{{ n }}"
        }))]
    }));
    let record = Trial::new(exp)
        .parameter("who", "trial")
        .parameter("n", 42)
        .parameter("extra", json!({"deep": [1, 2]}))
        .run(&registry(&log))
        .await;
    support::assert_succeeded(&record);
    let result = &record.step("e").unwrap().result;
    assert_eq!(result["a"]["text"], "hello trial");
    assert_eq!(result["a"]["flag"], json!(false));
    assert_eq!(result["a"]["list"], json!([{"deep": [1, 2]}]));
    assert_eq!(
        result["n"],
        json!(42),
        "a sole placeholder keeps the number"
    );
    assert_eq!(record.parameters["who"], "trial");
    assert_eq!(record.step("e").unwrap().step_parameters["n"], json!(42));
}

#[tokio::test]
async fn missing_parameters_make_the_trial_invalid_before_any_step_runs() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "missing",
        "parameters": {"known": 1},
        "pre_steps": [step("p", "test.ok", json!({"value": "{{ known }}"}))],
        "steps": [step("s", "test.ok", json!({"value": "{{ first }}/{{ second }}"}))],
        "post_steps": [step("q", "test.ok", json!({"value": "{{ third | upper }}"}))]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert!(log.calls().is_empty(), "nothing ran: {:?}", log.calls());
    assert!(record.steps().next().is_none());
    let problem = &record.problems[0];
    assert_eq!(problem.kind, ErrorKind::MissingParameter);
    assert_eq!(problem.message, "missing parameters: first, second, third");
}

#[tokio::test]
async fn every_problem_is_reported_together_and_nothing_runs() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "broken",
        "pre_steps": [step("p", "test.ok", json!({"tag": "p"}))],
        "steps": [
            step("unknown ns", "tset.ok", json!({})),
            step("unknown action", "test.fial", json!({})),
            step("unknown arg", "test.ok", json!({"valeu": 1})),
            step("missing arg", "test.sleep", json!({})),
            step("wrong type", "test.sleep", json!({"ms": "soon"})),
            step("bad value", "test.positive", json!({"n": -3})),
            {"step": "bad op", "do": "test.ok", "where": {}, "expect": [{"operator": "gte", "value": 1}]},
            step("not registered", "cm.http_request", json!({}))
        ]
    }));
    // A registry with only the `test` namespace: built-in namespaces are
    // known by name but absent.
    let mut only_test = kallisti::Registry::empty();
    only_test.register(support::test_namespace(&log));
    let record = Trial::new(exp).run(&only_test).await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert!(log.calls().is_empty());
    let shown: Vec<String> = record.problems.iter().map(|p| p.to_string()).collect();
    let expect = [
        (ErrorKind::UnknownModuleName, "steps[0] (\"unknown ns\"), field `do`: unknown module name `tset`; did you mean `test`?"),
        (ErrorKind::CouldNotFindFunction, "steps[1] (\"unknown action\"), field `do`: could not find function `fial` in namespace `test`; did you mean `fail`?"),
        (ErrorKind::InvalidArgument, "steps[2] (\"unknown arg\"), field `where.valeu`: argument `valeu`: unknown argument of `test.ok` (it takes value, tag); did you mean `value`?"),
        (ErrorKind::InvalidArgument, "steps[3] (\"missing arg\"), field `where.ms`: argument `ms`: missing: `test.sleep` requires it (an integer)"),
        (ErrorKind::InvalidArgument, "steps[4] (\"wrong type\"), field `where.ms`: argument `ms`: must be an integer, not string (\"soon\")"),
        (ErrorKind::InvalidArgument, "steps[5] (\"bad value\"), field `where.n`: argument `n`: must be positive, not -3"),
        (ErrorKind::InvalidArgument, "steps[6] (\"bad op\"), field `expect[0]`: argument `expect[0]`: unknown operator `gte` (one of eq, ne, lt, le, gt, ge, regex); did you mean `ge`?"),
        (ErrorKind::UnknownModuleName, "steps[7] (\"not registered\"), field `do`: unknown module name `cm`; it is built in but this registry does not have it: start from `Registry::with_builtins()`"),
    ];
    assert_eq!(record.problems.len(), expect.len(), "{shown:#?}");
    for ((kind, text), problem) in expect.iter().zip(&record.problems) {
        assert_eq!(problem.kind, *kind, "{problem}");
        assert!(
            problem.to_string().starts_with(text),
            "{problem}\n  should start with\n{text}"
        );
    }
}

#[tokio::test]
async fn aliases_are_accepted_under_their_canonical_name() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "alias",
        "steps": [step("e", "test.echo", json!({"percent": 100}))]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Succeeded);
    let result = &record.step("e").unwrap().result;
    assert_eq!(result["percentage"], json!(100));
    assert_eq!(result["n"], json!(7), "defaults are filled in");
    assert!(result.get("percent").is_none());
    assert_eq!(
        record.step("e").unwrap().step_parameters,
        json!({"percent": 100}),
        "records show what was written"
    );
}

#[tokio::test]
async fn expectations_decide_the_step() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "expect",
        "steps": [
            {"step": "holds", "do": "test.ok", "where": {"value": {"items": [{"state": "running"}], "ratio": "0.97"}},
             "expect": [{"operator": "eq", "items[0].state": "running"}, {"operator": "ge", "ratio": 0.95}]},
            {"step": "misses", "do": "test.ok", "where": {"value": {"status_code": 503}},
             "expect": [{"operator": "eq", "status_code": 200}]}
        ],
        "post_steps": [{"step": "no key", "do": "test.ok", "where": {"value": [1]}, "expect": [{"operator": "eq", "[3]": 1}]}]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Failed);
    assert!(record.step("holds").unwrap().succeeded());
    let miss = record.step("misses").unwrap();
    let err = miss.error.as_ref().unwrap();
    assert_eq!(err.kind, ErrorKind::FailedExpectation);
    assert_eq!(err.message, "expected status_code eq 200, actual 503");
    assert_eq!(
        miss.result["status_code"],
        json!(503),
        "the result is kept for the report"
    );
    let err = record.step("no key").unwrap().error.as_ref().unwrap();
    assert_eq!(err.kind, ErrorKind::KeyNotFound);
}

#[tokio::test]
async fn dry_run_skips_expectations_and_is_recorded() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "dry",
        "steps": [{"step": "s", "do": "test.ok", "where": {"value": 1}, "expect": [{"operator": "eq", "value": 2}]}]
    }));
    let record = Trial::new(exp).dry_run(true).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Succeeded);
    assert!(record.dry_run);
    assert_eq!(
        record.step("s").unwrap().logs.last().unwrap(),
        "dry run: expectations not evaluated"
    );
}

#[tokio::test]
async fn trial_metadata_and_ticket_reach_the_record() {
    let log = CallLog::default();
    let exp = experiment(json!({"name": "meta", "steps": [step("s", "test.ok", json!({}))]}));
    let record = Trial::new(exp)
        .metadata(json!({"team": "cart"}).as_object().unwrap().clone())
        .ticket(json!("CHG-1"))
        .run(&registry(&log))
        .await;
    let json: Value = serde_json::from_str(&kallisti::report::json(&record)).unwrap();
    assert_eq!(json["metadata"]["team"], "cart");
    assert_eq!(json["ticket"], "CHG-1");
}

#[tokio::test]
async fn a_breached_stop_condition_stops_the_run_and_says_so() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "guarded",
        "stop_conditions": [{"step": "guard", "do": "test.ok", "where": {"value": {"healthy": false}},
                             "expect": [{"operator": "eq", "healthy": true}], "every": "20ms"}],
        "steps": [step("long", "test.sleep", json!({"ms": 5000, "tag": "long"})),
                  step("next", "test.ok", json!({"tag": "next"}))],
        "post_steps": [step("q", "test.ok", json!({"tag": "q"}))]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Stopped);
    let breach = record.stopped_by.as_ref().expect("the breach is recorded");
    assert_eq!(breach.condition, "guard");
    assert_eq!(breach.action, "test.ok");
    assert!(record.step("next").is_none(), "the steps after are skipped");
    assert!(record.step("q").unwrap().succeeded(), "post steps run");
    let logs = &record.trial_record.result.logs;
    assert!(
        logs.iter()
            .any(|l| l.starts_with("stop condition \"guard\" (test.ok) breached: ")),
        "{logs:?}"
    );
    let text = kallisti::report::text(&record);
    assert!(
        text.contains("Stopped by stop condition \"guard\" (test.ok): "),
        "{text}"
    );
}

#[tokio::test]
async fn a_failed_pre_step_says_the_steps_were_skipped() {
    let log = CallLog::default();
    let say = "a pre step failed: steps skipped, post steps run";
    let failing = experiment(json!({
        "name": "pre fails",
        "pre_steps": [step("p", "test.fail", json!({}))],
        "steps": [step("s", "test.ok", json!({"tag": "s"}))],
        "post_steps": [step("q", "test.ok", json!({"tag": "q"}))]
    }));
    let record = Trial::new(failing).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Aborted);
    // One line per step with its outcome, the reason right after the pre
    // step that failed, before the post steps run.
    let logs = &record.trial_record.result.logs;
    assert!(
        logs[0].starts_with("pre_steps[0] \"p\": Failed (FailedAction: "),
        "{logs:?}"
    );
    assert_eq!(logs[1], say, "{logs:?}");
    assert_eq!(logs[2], "post_steps[0] \"q\": Succeeded", "{logs:?}");
    let failing_step = experiment(json!({
        "name": "step fails",
        "pre_steps": [step("p", "test.ok", json!({}))],
        "steps": [step("s", "test.fail", json!({}))]
    }));
    let record = Trial::new(failing_step).run(&registry(&log)).await;
    assert!(!record.trial_record.result.logs.iter().any(|l| l == say));
}

#[tokio::test]
async fn repetitions_must_be_between_one_and_u32_max() {
    let log = CallLog::default();
    for times in [json!(0), json!(5_000_000_000u64)] {
        let exp = experiment(json!({
            "name": "times",
            "steps": [{"step": "r", "do": "test.ok", "where": {}, "every": "1ms", "times": times}]
        }));
        let record = Trial::new(exp).run(&registry(&log)).await;
        assert_eq!(record.status, TrialStatus::Invalid, "times {times}");
        assert!(
            record.problems[0].to_string().contains("1 or more"),
            "{}",
            record.problems[0]
        );
    }
}

#[tokio::test]
async fn a_repeated_step_keeps_ten_thousand_samples_and_five_failure_lines() {
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "many",
        "steps": [{"step": "r", "do": "test.ok", "where": {}, "every": "0ms", "times": 10_001}]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    let repeated = record.step("r").unwrap();
    assert_eq!(repeated.samples.len(), 10_000);
    // Exactly five failures: each has its line, and no "more" line follows.
    let exp = experiment(json!({
        "name": "five",
        "steps": [{"step": "r", "do": "test.fail", "where": {}, "every": "0ms", "times": 5}]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    let logs = &record.step("r").unwrap().logs;
    assert_eq!(
        logs.iter().filter(|l| l.contains("failed: ")).count(),
        5,
        "{logs:?}"
    );
    assert!(!logs.iter().any(|l| l.contains("more failure")), "{logs:?}");
    let exp = experiment(json!({
        "name": "six",
        "steps": [{"step": "r", "do": "test.fail", "where": {}, "every": "0ms", "times": 6}]
    }));
    let record = Trial::new(exp).run(&registry(&log)).await;
    let logs = &record.step("r").unwrap().logs;
    assert_eq!(
        logs.iter().filter(|l| l.contains("failed: ")).count(),
        5,
        "{logs:?}"
    );
    assert!(
        logs.iter().any(|l| l == "… and 1 more failure(s)"),
        "{logs:?}"
    );
}

#[test]
fn the_seed_variable_seeds_trials_that_set_none() {
    use kallisti::trial::{seed_from_env, SEED_VAR};
    // Other tests of this binary leave the variable alone.
    std::env::set_var(SEED_VAR, " 4242 ");
    assert_eq!(seed_from_env(), Some(4242));
    std::env::set_var(SEED_VAR, "soon");
    assert_eq!(seed_from_env(), None);
    std::env::remove_var(SEED_VAR);
    assert_eq!(seed_from_env(), None);
}

/// A required allow-list refuses acting steps when none is set; probes
/// still run, and any list satisfies the requirement.
#[tokio::test]
async fn a_required_allow_list_refuses_acting_steps_when_none_is_set() {
    let log = CallLog::default();
    let steps = [
        step("look", "test.ok", json!({"tag": "look"})),
        step("act", "test.sleep", json!({"ms": 0, "tag": "act"})),
    ];
    let required = kallisti::trial::AllowList::default().require(true);
    let run = |steps: &[Value], allow: kallisti::trial::AllowList| {
        let exp = experiment(json!({"name": "required", "steps": steps}));
        let registry = registry(&log);
        async move { Trial::new(exp).allow(allow).run(&registry).await }
    };
    let record = run(&steps, required.clone()).await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert_eq!(
        record.problems.len(),
        1,
        "only the action: {:?}",
        record.problems
    );
    assert_eq!(record.problems[0].kind, ErrorKind::Refused);
    assert!(record.problems[0]
        .message
        .contains("acting step `test.sleep`"));
    assert!(log.calls().is_empty(), "nothing ran: {:?}", log.calls());
    support::assert_succeeded(&run(&steps[..1], required.clone()).await);
    let any_list = required.hosts(["127.0.0.1"]);
    support::assert_succeeded(&run(&steps, any_list).await);
}

/// A retry gives up as soon as the next attempt would start after `within`,
/// rather than sleeping past it for one more try.
#[tokio::test]
async fn a_retry_gives_up_before_an_attempt_past_its_window() {
    let log = CallLog::default();
    let exp = experiment(json!({"name": "retry", "steps": [
        {"step": "never healthy", "do": "test.ok",
         "where": {"tag": "probe", "value": {"healthy": false}},
         "expect": [{"operator": "eq", "healthy": true}],
         "retry": {"within": "1s", "every": "600ms"}}]}));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Failed);
    // Attempts at 0 and 600 ms; a third would start after the window.
    let step = &record.trial_record.steps[0];
    assert_eq!(step.retry.as_ref().unwrap().attempts, 2, "{step:?}");
    let message = &step.error.as_ref().unwrap().message;
    assert!(
        message.starts_with("not recovered within 1s (2 attempt(s)); last attempt: "),
        "{message}"
    );
}

/// A stop condition is a probe with `expect`: an action, or a probe that
/// says nothing must hold, is refused before anything runs.
#[tokio::test]
async fn a_stop_condition_must_be_a_probe_with_expectations() {
    let log = CallLog::default();
    for (condition, says) in [
        (
            json!({"step": "guard", "do": "test.sleep", "where": {"ms": 0},
                   "expect": [{"operator": "eq", "ok": true}]}),
            "a stop condition must be a probe, not an action",
        ),
        (
            json!({"step": "guard", "do": "test.ok", "where": {}}),
            "a stop condition needs `expect`",
        ),
    ] {
        let exp = experiment(json!({"name": "guarded", "stop_conditions": [condition],
            "steps": [step("s", "test.ok", json!({"tag": "s"}))]}));
        let record = Trial::new(exp).run(&registry(&log)).await;
        assert_eq!(record.status, TrialStatus::Invalid);
        assert_eq!(record.problems.len(), 1, "{:?}", record.problems);
        assert_eq!(record.problems[0].field.as_deref(), Some("do"));
        assert!(
            record.problems[0].message.contains(says),
            "{:?}",
            record.problems
        );
        assert!(log.calls().is_empty(), "{:?}", log.calls());
    }
}

/// An optional argument given as `null` takes its declared default, as one
/// left out does.
#[tokio::test]
async fn an_optional_argument_given_null_takes_its_default() {
    let log = CallLog::default();
    for arguments in [json!({}), json!({"n": null})] {
        let exp = experiment(json!({"name": "defaults",
            "steps": [step("e", "test.echo", arguments)]}));
        let record = Trial::new(exp).run(&registry(&log)).await;
        support::assert_succeeded(&record);
        assert_eq!(record.trial_record.steps[0].result["n"], 7);
    }
}

/// Repetitions start `every` apart, the first one at once.
#[tokio::test]
async fn repetitions_start_every_apart() {
    let log = CallLog::default();
    let exp = experiment(json!({"name": "spaced",
        "steps": [{"step": "r", "do": "test.ok", "where": {}, "every": "300ms", "times": 3}]}));
    let record = Trial::new(exp).run(&registry(&log)).await;
    support::assert_succeeded(&record);
    let step = &record.trial_record.steps[0];
    let samples = &step.samples;
    assert_eq!(samples.len(), 3);
    let first = (samples[0].at - step.started_at).num_milliseconds();
    assert!(first < 250, "the first at once, not {first} ms in");
    for pair in samples.windows(2) {
        let gap = (pair[1].at - pair[0].at).num_milliseconds();
        assert!(gap >= 270, "{gap} ms between repetitions");
    }
}

/// A trial dropped mid-run stops watching its stop conditions, quietly:
/// the drop is not reported as a breach.
#[tokio::test]
async fn a_dropped_trial_stops_watching_its_stop_conditions() {
    let traced = support::trace_everything();
    let log = CallLog::default();
    let exp = experiment(json!({
        "name": "dropped",
        "stop_conditions": [{"step": "dropped-guard", "do": "test.ok", "where": {"tag": "guard"},
                             "expect": [{"operator": "eq", "ok": true}], "every": "10ms"}],
        "steps": [step("long", "test.sleep", json!({"ms": 5000, "tag": "long"}))]
    }));
    let registry = registry(&log);
    let run = Trial::new(exp).run(&registry);
    assert!(tokio::time::timeout(Duration::from_millis(500), run)
        .await
        .is_err());
    let guards = || log.calls().iter().filter(|c| *c == "ok guard").count();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let after_drop = guards();
    assert!(
        after_drop > 0,
        "the condition was watched: {:?}",
        log.calls()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(guards(), after_drop, "no check after the drop");
    let text = traced.text();
    assert!(
        !text
            .lines()
            .any(|l| l.contains("dropped-guard") && l.contains("breached")),
        "{text}"
    );
}

/// Without `since`, time-to-recover counts from the latest action, not from
/// a probe that ran after it.
#[tokio::test]
async fn recovery_counts_from_the_latest_action_by_default() {
    let log = CallLog::default();
    let exp = experiment(json!({"name": "since", "steps": [
        step("break it", "test.sleep", json!({"ms": 0, "tag": "break"})),
        step("look", "test.ok", json!({"tag": "look"})),
        {"step": "recovered", "do": "test.ok", "where": {"tag": "recovered"},
         "retry": {"within": "1s", "every": "20ms"}}
    ]}));
    let record = Trial::new(exp).run(&registry(&log)).await;
    support::assert_succeeded(&record);
    let retry = record.step("recovered").unwrap().retry.clone().unwrap();
    assert_eq!(retry.since.as_deref(), Some("break it"));
}

/// A post step tidies up; it is not chaos, so a later post step's recovery
/// still counts from the last action of the steps.
#[tokio::test]
async fn post_step_actions_are_not_where_recovery_counts_from() {
    let log = CallLog::default();
    let exp = experiment(json!({"name": "tidy", "steps": [
        step("break it", "test.sleep", json!({"ms": 0, "tag": "break"}))
    ], "post_steps": [
        step("tidy up", "test.sleep", json!({"ms": 0, "tag": "tidy"})),
        {"step": "recovered", "do": "test.ok", "where": {"tag": "recovered"},
         "retry": {"within": "1s", "every": "20ms"}}
    ]}));
    let record = Trial::new(exp).run(&registry(&log)).await;
    support::assert_succeeded(&record);
    let retry = record.step("recovered").unwrap().retry.clone().unwrap();
    assert_eq!(retry.since.as_deref(), Some("break it"));
}

/// Outside a `#[chaos_test]`'s `during` steps, a step that repeats must say
/// how many times.
#[tokio::test]
async fn a_repetition_without_times_is_refused_in_a_trial() {
    let log = CallLog::default();
    let exp = experiment(json!({"name": "unbounded",
        "steps": [{"step": "r", "do": "test.ok", "where": {}, "every": "10ms"}]}));
    let record = Trial::new(exp).run(&registry(&log)).await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert_eq!(record.problems[0].field.as_deref(), Some("every"));
    assert!(record.problems[0].message.contains("needs `times`"));
    assert!(log.calls().is_empty());
}

/// A value under a secret-named key is a secret wherever it shows, even
/// when the key sits in a list.
#[tokio::test]
async fn a_secret_inside_a_list_is_hidden_everywhere() {
    let log = CallLog::default();
    let exp = experiment(json!({"name": "listed secret", "steps": [
        step("holds it", "test.echo", json!({"a": [{"password": "list-canary-77"}]})),
        step("repeats it", "test.echo", json!({"a": "token list-canary-77"}))
    ]}));
    let record = Trial::new(exp).run(&registry(&log)).await;
    support::assert_succeeded(&record);
    let text = serde_json::to_string(&record).unwrap();
    assert!(!text.contains("list-canary-77"), "{text}");
    assert_eq!(record.trial_record.steps[1].result["a"], "token ***");
}

/// Under dry run a retried probe runs once and its expectations are not
/// evaluated, as for any step.
#[tokio::test]
async fn under_dry_run_a_retried_probe_runs_once_unjudged() {
    let log = CallLog::default();
    let exp = experiment(json!({"name": "dry retry", "steps": [
        {"step": "never healthy", "do": "test.ok",
         "where": {"tag": "probe", "value": {"healthy": false}},
         "expect": [{"operator": "eq", "healthy": true}],
         "retry": {"within": "300ms", "every": "50ms"}}]}));
    let record = Trial::new(exp).dry_run(true).run(&registry(&log)).await;
    support::assert_succeeded(&record);
    assert_eq!(log.calls(), ["ok probe"]);
    let step = &record.trial_record.steps[0];
    assert!(step.retry.is_none(), "{step:?}");
    assert!(
        step.logs
            .iter()
            .any(|l| l.contains("expectations not evaluated")),
        "{:?}",
        step.logs
    );
}

/// A planned step shows where it is and what it does when debugged.
#[test]
fn a_planned_step_debugs_as_its_place_and_action() {
    let log = CallLog::default();
    let exp = experiment(json!({"name": "debug", "steps": [step("look", "test.ok", json!({}))]}));
    let plan = registry(&log).plan(&exp, &Default::default()).unwrap();
    let shown = format!("{:?}", plan.phase(Phase::Steps)[0]);
    assert!(
        shown.contains("look") && shown.contains("test.ok"),
        "{shown}"
    );
}

/// A step's duration is the time it ran.
#[tokio::test]
async fn a_step_lasts_as_long_as_it_ran() {
    let log = CallLog::default();
    let exp = experiment(
        json!({"name": "timed", "steps": [step("nap", "test.sleep", json!({"ms": 60}))]}),
    );
    let record = Trial::new(exp).run(&registry(&log)).await;
    support::assert_succeeded(&record);
    let took = record.trial_record.steps[0].duration();
    assert!(took >= Duration::from_millis(60), "{took:?}");
}
