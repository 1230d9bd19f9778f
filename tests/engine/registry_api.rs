//! The registry's own API: what a library user reads from it.

use crate::support;

use kallisti::registry::ActionSet;
use kallisti::Registry;
use serde_json::Value;

#[test]
fn an_action_set_names_the_declared_actions_it_lacks() {
    let log = support::CallLog::default();
    let complete = support::test_namespace(&log);
    assert!(complete.unbound().is_empty(), "{:?}", complete.unbound());
    let partial = ActionSet::new(&support::TEST_NS)
        .action("ok", |_: support::TagArgs, _| async { Ok(Value::Null) });
    let missing = partial.unbound();
    assert!(!missing.contains(&"ok"), "{missing:?}");
    assert!(
        missing.contains(&"fail") && missing.contains(&"sleep"),
        "{missing:?}"
    );
    assert_eq!(missing.len(), support::TEST_NS.actions.len() - 1);
}

#[test]
fn a_registry_finds_its_namespaces_by_name() {
    let registry = Registry::with_builtins();
    let cm = registry.namespace("cm").expect("cm is built in");
    assert_eq!(cm.spec().name, "cm");
    assert!(registry.namespace("no-such-namespace").is_none());
    assert!(Registry::empty().namespace("cm").is_none());
    assert!(registry.namespaces().any(|ns| ns.spec().name == "cm"));
}

static CONTEXT_NS: kallisti::catalog::NamespaceSpec = kallisti::catalog::NamespaceSpec {
    name: "ctx",
    feature: "",
    common_args: &[],
    actions: &[kallisti::catalog::ActionSpec::probe("describe", &[])],
    doc: "What a step's context tells its action.",
};

#[derive(serde::Deserialize)]
struct NoArgs {}
impl kallisti::registry::ActionArgs for NoArgs {}

/// An action sees its step's name and the trial's seed.
#[tokio::test]
async fn a_step_context_names_its_step_and_seed() {
    let mut registry = Registry::empty();
    registry.register(ActionSet::new(&CONTEXT_NS).action(
        "describe",
        |_: NoArgs, ctx: kallisti::StepContext| async move {
            Ok(serde_json::json!({"step": ctx.step_name(), "seed": ctx.seed()}))
        },
    ));
    let experiment = kallisti::Experiment::from_value(serde_json::json!({"name": "ctx",
        "steps": [{"step": "who am I", "do": "ctx.describe", "where": {}}]}))
    .unwrap();
    let record = kallisti::Trial::new(experiment)
        .seed(4711)
        .run(&registry)
        .await;
    support::assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[0].result,
        serde_json::json!({"step": "who am I", "seed": 4711})
    );
}
