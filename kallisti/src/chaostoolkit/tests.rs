//! The run's semantics on small experiments of process activities (the
//! side-by-side proof against `chaos run` is in the suite's `ctk` tests).

use super::*;
use crate::trial::AllowList;
use serde_json::{json, Value};

fn probe(name: &str, script: &str, tolerance: Value) -> Value {
    json!({"type": "probe", "name": name, "tolerance": tolerance,
           "provider": {"type": "process", "path": "sh", "arguments": ["-c", script]}})
}

fn action(name: &str, script: &str) -> Value {
    json!({"type": "action", "name": name,
           "provider": {"type": "process", "path": "sh", "arguments": ["-c", script]}})
}

async fn run_with(
    document: Value,
    tune: impl FnOnce(ChaosToolkitRun) -> ChaosToolkitRun,
) -> ChaosToolkitOutcome {
    let experiment = ChaosToolkitExperiment::from_value(document).unwrap();
    let run = ChaosToolkitRun::new(experiment)
        .allow(AllowList::default())
        .env(|name| (name == "CTK_TEST_WHO").then(|| "world".to_string()));
    tune(run).run(&Registry::with_builtins()).await
}

async fn run(document: Value) -> ChaosToolkitOutcome {
    run_with(document, |r| r).await
}

fn names(journal: &Value, key: &str) -> Vec<String> {
    journal[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["activity"]["name"].as_str().unwrap().to_string())
        .collect()
}

fn experiment(hypothesis: Vec<Value>, method: Vec<Value>, rollbacks: Vec<Value>) -> Value {
    json!({
        "title": "t", "description": "d",
        "steady-state-hypothesis": {"title": "h", "probes": hypothesis},
        "method": method, "rollbacks": rollbacks,
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missed_hypothesis_before_skips_the_method_yet_completes_and_rolls_back() {
    let outcome = run(experiment(
        vec![probe("up", "exit 3", json!(0))],
        vec![action("chaos", "true")],
        vec![action("undo", "true")],
    ))
    .await;
    let journal = outcome.journal.as_ref().unwrap();
    assert_eq!(
        (outcome.status(), outcome.deviated(), outcome.exit_code()),
        ("completed", false, 0)
    );
    assert_eq!(
        journal["steady_states"]["before"]["steady_state_met"],
        json!(false)
    );
    assert_eq!(
        journal["steady_states"]["before"]["probes"][0]["tolerance_met"],
        json!(false)
    );
    assert!(names(journal, "run").is_empty(), "the method was skipped");
    assert_eq!(names(journal, "rollbacks"), ["undo"]);
    assert_eq!(journal["steady_states"]["after"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_probe_that_fails_before_fails_the_run_and_skips_rollbacks() {
    let failing = json!({"type": "probe", "name": "slow", "tolerance": 0,
        "provider": {"type": "process", "path": "sleep", "arguments": ["5"], "timeout": 0.2}});
    let outcome = run(experiment(
        vec![failing],
        vec![action("chaos", "true")],
        vec![action("undo", "true")],
    ))
    .await;
    let journal = outcome.journal.as_ref().unwrap();
    assert_eq!((outcome.status(), outcome.exit_code()), ("failed", 1));
    let probe = &journal["steady_states"]["before"]["probes"][0];
    assert_eq!(probe["status"], json!("failed"));
    assert!(
        probe["exception"][0]
            .as_str()
            .unwrap()
            .contains("did not finish"),
        "{probe}"
    );
    assert!(names(journal, "rollbacks").is_empty());
    assert_eq!(outcome.record.status, crate::TrialStatus::Failed);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missed_hypothesis_after_deviates_and_the_strategy_decides_the_rollbacks() {
    // Up before the method, down after it: the method removes the file.
    let dir = std::env::temp_dir().join(format!("kallisti-ctk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let flag = dir.join("up");
    let document = |flag: &std::path::Path| {
        experiment(
            vec![probe(
                "up",
                &format!("test -e {}", flag.display()),
                json!(0),
            )],
            vec![action("take it down", &format!("rm {}", flag.display()))],
            vec![action("undo", "true")],
        )
    };
    for (strategy, rolled_back) in [
        (RollbackStrategy::Default, true),
        (RollbackStrategy::Deviated, true),
        (RollbackStrategy::Never, false),
    ] {
        std::fs::write(&flag, "").unwrap();
        let outcome = run_with(document(&flag), |r| r.rollback_strategy(strategy)).await;
        let journal = outcome.journal.as_ref().unwrap();
        assert_eq!(
            (outcome.status(), outcome.deviated(), outcome.exit_code()),
            ("completed", true, 1)
        );
        assert_eq!(
            names(journal, "rollbacks").len(),
            usize::from(rolled_back),
            "{strategy:?}"
        );
        assert_eq!(outcome.record.status, crate::TrialStatus::Failed);
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_method_activity_does_not_stop_the_run() {
    let failing = json!({"type": "action", "name": "too slow",
        "provider": {"type": "process", "path": "sleep", "arguments": ["5"], "timeout": 0.1}});
    let outcome = run(experiment(
        vec![],
        vec![failing, action("next", "true")],
        vec![],
    ))
    .await;
    let journal = outcome.journal.as_ref().unwrap();
    assert_eq!((outcome.status(), outcome.exit_code()), ("completed", 0));
    let statuses: Vec<&Value> = journal["run"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["status"])
        .collect();
    assert_eq!(statuses, [&json!("failed"), &json!("succeeded")]);
}

#[tokio::test(flavor = "multi_thread")]
async fn background_activities_run_alongside_and_refs_resolve() {
    let mut slow = action("slow", "sleep 0.3; echo done");
    slow["background"] = json!(true);
    let outcome = run(experiment(
        vec![probe(
            "hello",
            "echo hello",
            json!({"type": "regex", "pattern": "^hel", "target": "stdout"}),
        )],
        vec![slow, json!({"ref": "hello"}), action("quick", "true")],
        vec![],
    ))
    .await;
    let journal = outcome.journal.as_ref().unwrap();
    assert_eq!(names(journal, "run"), ["slow", "hello", "quick"]);
    let run = journal["run"].as_array().unwrap();
    // The others finished while the background one was still sleeping.
    assert!(run[2]["end"].as_str().unwrap() < run[0]["end"].as_str().unwrap());
    assert_eq!(run[0]["output"]["stdout"], json!("done\n"));
    assert_eq!(
        journal["steady_states"]["after"]["steady_state_met"],
        json!(true)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn configuration_and_secrets_substitute_typed_and_secrets_are_redacted() {
    let mut document = experiment(
        vec![probe(
            "who",
            "true",
            json!({"type": "regex", "pattern": "^hi world ", "target": "stdout"}),
        )],
        vec![],
        vec![],
    );
    document["steady-state-hypothesis"]["probes"][0]["provider"]["arguments"] =
        json!(["-c", "echo \"$0\"", "hi ${who} ${token}"]);
    document["configuration"] = json!({"who": {"type": "env", "key": "CTK_TEST_WHO"}});
    document["secrets"] = json!({"api": {"token": "secret-value"}});
    let outcome = run(document).await;
    let journal = serde_json::to_string(outcome.journal.as_ref().unwrap()).unwrap();
    assert_eq!(outcome.status(), "completed");
    assert!(!journal.contains("secret-value"), "{journal}");
    assert!(journal.contains("hi world"), "{journal}");
    assert_eq!(
        outcome.journal.as_ref().unwrap()["steady_states"]["before"]["steady_state_met"],
        json!(true)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn validation_lists_every_problem_and_nothing_runs() {
    let document = json!({
        "title": "", "method": [
            {"type": "action", "name": "x", "provider": {"type": "ftp"}},
            {"ref": "nowhere"},
            {"type": "action", "name": "kill", "provider": {"type": "python",
                "module": "chaosk8s.pod.actions", "func": "terminate_pods", "arguments": {"qtty": 1}}},
        ],
        "configuration": {"x": {"type": "env", "key": "CTK_TEST_MISSING"}},
        "steady-state-hypothesis": {"title": "h", "probes": [
            {"type": "probe", "name": "p", "tolerance": 1.5, "provider": {"type": "process", "path": "true"}}]},
    });
    let outcome = run(document).await;
    assert_eq!((outcome.status(), outcome.exit_code()), ("invalid", 1));
    let fields: Vec<String> = outcome
        .record
        .problems
        .iter()
        .filter_map(|p| p.field.clone())
        .collect();
    for expected in [
        "title",
        "description",
        "configuration.x",
        "method[0].provider.type",
        "method[1].ref",
        "steady-state-hypothesis.probes[0].tolerance",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "{expected} not in {fields:?}"
        );
    }
    assert!(
        fields.iter().any(|f| f.starts_with("method[2].provider")),
        "{fields:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_host_makes_the_experiment_invalid_before_anything_runs() {
    let http = json!({"type": "probe", "name": "far", "tolerance": 200,
        "provider": {"type": "http", "url": "http://example.com/health"}});
    let marker = std::env::temp_dir().join(format!("kallisti-ctk-refused-{}", std::process::id()));
    let touch = action("touch", &format!("touch {}", marker.display()));
    let outcome = run_with(experiment(vec![http], vec![touch], vec![]), |r| {
        r.allow(AllowList::default().hosts(["127.0.0.1"]))
    })
    .await;
    assert_eq!(outcome.status(), "invalid");
    assert!(
        outcome.record.problems[0].message.contains("allow-list"),
        "{:?}",
        outcome.record.problems
    );
    assert!(!marker.exists(), "nothing ran");
}

#[tokio::test(flavor = "multi_thread")]
async fn strategies_choose_when_the_hypothesis_runs() {
    let document = experiment(
        vec![probe("up", "true", json!(0))],
        vec![action("chaos", "true")],
        vec![],
    );
    let outcome = run_with(document.clone(), |r| {
        r.hypothesis_strategy(HypothesisStrategy::BeforeMethodOnly)
    })
    .await;
    let journal = outcome.journal.unwrap();
    assert!(journal["steady_states"]["before"].is_object());
    assert_eq!(journal["steady_states"]["after"], Value::Null);
    let mut from_file = document;
    from_file["runtime"] = json!({"hypothesis": {"strategy": "after-method-only"}});
    let journal = run(from_file).await.journal.unwrap();
    assert_eq!(journal["steady_states"]["before"], Value::Null);
    assert!(journal["steady_states"]["after"].is_object());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_runs_no_process() {
    let marker = std::env::temp_dir().join(format!("kallisti-ctk-dry-{}", std::process::id()));
    let touch = action("touch", &format!("touch {}", marker.display()));
    let outcome = run_with(experiment(vec![], vec![touch], vec![]), |r| r.dry_run(true)).await;
    assert_eq!(outcome.status(), "completed");
    assert!(!marker.exists());
    assert!(outcome.record.dry_run);
}

#[tokio::test(flavor = "multi_thread")]
async fn during_the_method_the_hypothesis_repeats_until_the_method_ends() {
    let document = experiment(
        vec![probe("up", "true", json!(0))],
        vec![action("slow chaos", "sleep 0.35")],
        vec![],
    );
    let outcome = run_with(document, |r| {
        r.hypothesis_strategy(HypothesisStrategy::DuringMethodOnly)
            .hypothesis_frequency(std::time::Duration::from_millis(100))
    })
    .await;
    let journal = outcome.journal.unwrap();
    let during = journal["steady_states"]["during"].as_array().unwrap();
    assert!(during.len() >= 2, "{during:?}");
    assert!(during.iter().all(|s| s["steady_state_met"] == json!(true)));
    assert_eq!(journal["steady_states"]["before"], Value::Null);
    assert_eq!(journal["steady_states"]["after"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_run_is_interrupted_and_skips_rollbacks_by_default() {
    let token = tokio_util::sync::CancellationToken::new();
    let cancel = token.clone();
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        cancel.cancel();
    });
    let started = std::time::Instant::now();
    let outcome = run_with(
        experiment(
            vec![probe("up", "true", json!(0))],
            vec![action("long chaos", "sleep 10"), action("never", "true")],
            vec![action("undo", "true")],
        ),
        |r| r.cancel_on(token),
    )
    .await;
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let journal = outcome.journal.as_ref().unwrap();
    assert_eq!((outcome.status(), outcome.exit_code()), ("interrupted", 1));
    assert_eq!(
        names(journal, "run"),
        ["long chaos"],
        "the method stopped there"
    );
    assert!(
        journal["run"][0].get("status").is_none(),
        "an activity cut short has no status"
    );
    assert!(names(journal, "rollbacks").is_empty());
    assert_eq!(journal["steady_states"]["after"], Value::Null);
    assert_eq!(outcome.record.status, crate::TrialStatus::Stopped);
}
