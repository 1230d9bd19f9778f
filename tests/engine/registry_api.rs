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
