//! The experiment document model: reading, writing back, building, rejecting.

use kallisti::experiment::{Expectation, Experiment, LoadError, Step};
use serde_json::{json, Value};

fn problems(doc: Value) -> Vec<String> {
    match Experiment::from_value(doc) {
        Err(LoadError::Invalid(problems)) => problems.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected structural problems, got {other:?}"),
    }
}

#[test]
fn a_full_document_reads_and_writes_back_unchanged() {
    let doc = json!({
        "name": "Kill one cart pod",
        "description": "checkout survives",
        "metadata": {"owner": "cart-team", "labels": ["a", "b"]},
        "parameters": {"ns": "shop", "qty": 1},
        "pre_steps": [],
        "steps": [
            {"step": "Terminate pods", "do": "k8s.terminate_pods",
             "where": {"ns": "{{ ns }}", "label_selector": "app=cart", "qty": "{{ qty }}",
                       "credentials": {"type": "TOKEN_FILE", "token_path": "/t"}},
             "expect": [{"operator": "eq", "value": true}],
             "timeout": "30s",
             "x-custom": {"kept": true}},
            {"step": "Stop an EC2 instance", "do": "aws.ec2.stop_instance", "where": {"region": "us-east-1"}}
        ],
        "post_steps": [{"do": "cm.wait", "where": {"time_in_seconds": 1}}],
        "x-owner-field": 42
    });
    let experiment = Experiment::from_value(doc.clone()).unwrap();
    assert_eq!(experiment.name, "Kill one cart pod");
    assert_eq!(
        experiment.steps[0].expect.as_ref().unwrap()[0],
        Expectation::new("eq", "value", json!(true))
    );
    assert_eq!(experiment.steps[1].action, "aws.ec2.stop_instance");
    assert_eq!(
        experiment.post_steps.as_ref().unwrap()[0].display_name(),
        "cm.wait"
    );
    let written: Value = serde_json::from_str(&experiment.to_json_pretty()).unwrap();
    assert_eq!(written, doc);
    // Key order survives too.
    assert_eq!(
        serde_json::to_string(&experiment).unwrap(),
        serde_json::to_string(&doc).unwrap()
    );
}

/// Numbers read exactly, so what is written back reads back the same.
/// Found by the `experiment` fuzz target (fuzz/regressions/experiment/):
/// `0.021e308` read one way, written, and read back as another float.
#[test]
fn numbers_read_back_exactly() {
    for number in [
        "0.021e308",
        "2.2250738585072011e-308",
        "1.7976931348623157e308",
        "0.1",
        "9007199254740993",
    ] {
        let text = format!(
            r#"{{"name": "n", "steps": [{{"do": "cm.wait", "where": {{"seconds": {number}}}}}]}}"#
        );
        let experiment = Experiment::from_json(&text).unwrap();
        let again = Experiment::from_json(&experiment.to_json_pretty()).unwrap();
        assert_eq!(again, experiment, "{number}");
        let exact: f64 = number.parse().unwrap();
        let read = &experiment.steps[0].arguments["seconds"];
        assert!(
            read.as_f64() == Some(exact) || read.as_u64().is_some(),
            "{number} read as {read}"
        );
    }
}

#[test]
fn every_seed_example_reads_as_a_step() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seed-examples");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let step: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let doc = json!({"name": "seed", "steps": [step.clone()]});
        let experiment = Experiment::from_value(doc).unwrap();
        assert_eq!(serde_json::to_value(&experiment.steps[0]).unwrap(), step);
        count += 1;
    }
    assert_eq!(count, 13);
}

#[test]
fn the_builder_makes_the_same_experiment_as_json() {
    let built = Experiment::builder("b")
        .description("d")
        .metadata("team", "cart")
        .parameter("base_url", "http://x")
        .pre_step(Step::new("gate", "cm.http_probe").arg("url", "{{ base_url }}/health"))
        .step(
            Step::new("put", "cm.http_request")
                .args(json!({"url": "{{ base_url }}/f", "method": "PUT"}))
                .expect(Expectation::new("eq", "status_code", json!(200)))
                .timeout(std::time::Duration::from_millis(1500)),
        )
        .post_step(Step::new("rest", "cm.wait").arg("time_in_seconds", 1))
        .build()
        .unwrap();
    let from_json = Experiment::from_value(json!({
        "name": "b", "description": "d", "metadata": {"team": "cart"},
        "parameters": {"base_url": "http://x"},
        "pre_steps": [{"step": "gate", "do": "cm.http_probe", "where": {"url": "{{ base_url }}/health"}}],
        "steps": [{"step": "put", "do": "cm.http_request", "where": {"url": "{{ base_url }}/f", "method": "PUT"},
                   "expect": [{"operator": "eq", "status_code": 200}], "timeout": "1s 500ms"}],
        "post_steps": [{"step": "rest", "do": "cm.wait", "where": {"time_in_seconds": 1}}]
    }))
    .unwrap();
    assert_eq!(built, from_json);
    assert_eq!(
        built.steps[0].timeout_duration().unwrap(),
        Some(std::time::Duration::from_millis(1500))
    );
}

#[test]
fn the_builder_checks_structure_too() {
    let err = Experiment::builder("empty").build().unwrap_err();
    assert!(
        err.to_string()
            .contains("field `steps`: must hold at least one step"),
        "{err}"
    );
    let err = Experiment::builder("no ns")
        .step(Step::new("w", "wait"))
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("steps[0] (\"w\"), field `do`"),
        "{err}"
    );
}

#[test]
fn invalid_documents_name_the_step_and_the_field() {
    assert_eq!(
        problems(json!({"name": "x"})),
        ["field `steps`: missing (an experiment needs steps) (InvalidExperiment)"]
    );
    assert_eq!(
        problems(json!({"name": "x", "steps": []})),
        ["field `steps`: must hold at least one step (InvalidExperiment)"]
    );
    assert_eq!(
        problems(json!({"steps": [{"do": "cm.wait", "where": {}}]})),
        ["field `name`: missing (every experiment has a name) (InvalidExperiment)"]
    );
    let found = problems(json!({
        "name": "x",
        "pre_steps": [{"step": "no do", "where": {}}],
        "steps": [
            {"step": "no where", "do": "cm.wait"},
            {"step": "no namespace", "do": "wait", "where": {}},
            {"step": "bad where", "do": "cm.wait", "where": [1]},
            {"step": "bad expect", "do": "cm.wait", "where": {}, "expect": [{"value": 1}, {"operator": "eq", "a": 1, "b": 2}]},
            {"step": "bad timeout", "do": "cm.wait", "where": {}, "timeout": "soon"},
            "not an object"
        ],
        "post_steps": {"step": "not a list"}
    }));
    let expected = [
        "pre_steps[0] (\"no do\"), field `do`: missing (`namespace.action`)",
        "steps[0] (\"no where\"), field `where`: missing",
        "steps[1] (\"no namespace\"), field `do`: `wait` has no namespace",
        "steps[2] (\"bad where\"), field `where`: must be an object, not a list",
        "steps[3] (\"bad expect\"), field `expect[0].operator`: missing",
        "steps[3] (\"bad expect\"), field `expect[1]`: needs exactly one key besides `operator`",
        "steps[4] (\"bad timeout\"), field `timeout`: `soon` is not a duration",
        "steps[5]: a step is a JSON object, not a string",
        "field `post_steps`: must be a list of steps, not an object",
    ];
    for want in expected {
        assert!(
            found.iter().any(|p| p.starts_with(want)),
            "no problem starting with {want:?} in {found:#?}"
        );
    }
}

#[test]
fn non_json_and_non_object_documents_are_rejected() {
    assert!(matches!(
        Experiment::from_json("{ nope"),
        Err(LoadError::Json(_))
    ));
    assert_eq!(
        problems(json!([1])),
        ["an experiment is a JSON object, not a list (InvalidExperiment)"]
    );
}

#[test]
fn files_that_are_missing_or_not_utf8_are_clear_errors() {
    let dir = std::env::temp_dir().join(format!("kallisti-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, b"{\"name\": \"\xff\"}").unwrap();
    let err = Experiment::from_file(&bad).unwrap_err();
    assert!(err.to_string().contains("not UTF-8"), "{err}");
    let err = Experiment::from_file(dir.join("missing.json")).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }), "{err}");
}
