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

/// What an action reads off its context: step name, seed, dry run, the
/// trial's allow-list, redactor and random generator.
async fn describe(ctx: kallisti::StepContext) -> kallisti::Result<Value> {
    let picks: Vec<usize> = (0..20).map(|_| ctx.pick_index(10)).collect();
    let mut shuffled: Vec<u32> = (0..10).collect();
    ctx.shuffle(&mut shuffled);
    ctx.add_secret("context-canary-913");
    Ok(serde_json::json!({
        "step": ctx.step_name(),
        "seed": ctx.seed(),
        "dry_run": ctx.dry_run(),
        "debug": format!("{ctx:?}"),
        "loopback_allowed": ctx.allow_list().check_url("http://127.0.0.1/", "url").is_ok(),
        // A bool: the record's own redaction would hide the text anyway.
        "redactor_knows_it": ctx.redactor().redact("context-canary-913") == "***",
        "picks": picks,
        "shuffled": shuffled,
    }))
}

/// An action sees its step's name, the trial's seed, dry run and allow-list,
/// and draws from the trial's seeded generator.
#[tokio::test]
async fn a_step_context_tells_its_action_about_the_trial() {
    let mut registry = Registry::empty();
    registry
        .register(ActionSet::new(&CONTEXT_NS).action("describe", |_: NoArgs, ctx| describe(ctx)));
    let experiment = kallisti::Experiment::from_value(serde_json::json!({"name": "ctx",
        "steps": [{"step": "who am I", "do": "ctx.describe", "where": {}}]}))
    .unwrap();
    let run = |dry_run: bool| {
        let trial = kallisti::Trial::new(experiment.clone())
            .seed(4711)
            .dry_run(dry_run)
            .allow(kallisti::trial::AllowList::default().hosts(["example.org"]));
        let registry = registry.clone();
        async move { trial.run(&registry).await }
    };
    let record = run(false).await;
    support::assert_succeeded(&record);
    let result = &record.trial_record.steps[0].result;
    assert_eq!(result["step"], "who am I");
    assert_eq!(result["seed"], 4711);
    assert_eq!(result["dry_run"], false);
    assert!(
        result["debug"].as_str().unwrap().contains("who am I"),
        "{result}"
    );
    assert_eq!(
        result["loopback_allowed"], false,
        "the trial's list applies"
    );
    assert_eq!(result["redactor_knows_it"], true);
    let picks: Vec<u64> = serde_json::from_value(result["picks"].clone()).unwrap();
    assert!(picks.iter().all(|&p| p < 10), "{picks:?}");
    assert!(picks.iter().any(|&p| p != picks[0]), "{picks:?}");
    let shuffled: Vec<u32> = serde_json::from_value(result["shuffled"].clone()).unwrap();
    assert_ne!(shuffled, (0..10).collect::<Vec<_>>(), "shuffled");
    // The same seed draws the same picks.
    let again = run(false).await;
    assert_eq!(again.trial_record.steps[0].result["picks"], result["picks"]);
    assert_eq!(
        again.trial_record.steps[0].result["shuffled"],
        result["shuffled"]
    );
    let dry = run(true).await;
    assert_eq!(dry.trial_record.steps[0].result["dry_run"], true);
}

/// `{:?}` on a registry, an action set and the credential types names what
/// they hold, for a user debugging their own registration.
#[test]
fn debug_output_names_what_a_registry_holds() {
    let registry = Registry::with_builtins();
    let shown = format!("{registry:?}");
    assert!(shown.contains("\"cm\""), "{shown}");
    assert!(shown.contains("ENV_VAR_USERNAME_PASSWORD"), "{shown}");
    let types = format!("{:?}", registry.credential_types());
    assert!(types.contains("ENV_VAR_USERNAME_PASSWORD"), "{types}");
    let set =
        ActionSet::new(&CONTEXT_NS).action("describe", |_: NoArgs, _| async { Ok(Value::Null) });
    let shown = format!("{set:?}");
    assert!(
        shown.contains("\"ctx\"") && shown.contains("describe"),
        "{shown}"
    );
}

/// The catalog gives a default only to optional arguments.
#[test]
fn the_catalog_gives_defaults_to_optional_arguments_only() {
    let catalog = Registry::with_builtins().catalog();
    let http = catalog
        .iter()
        .find(|e| e.target == "cm.http_request")
        .expect("cm.http_request is in the catalog");
    let argument = |name: &str| http.arguments.iter().find(|a| a.name == name).unwrap();
    assert!(argument("url").required);
    assert_eq!(argument("url").default, None);
    assert!(!argument("method").required);
    assert_eq!(argument("method").default, Some(serde_json::json!("GET")));
}

static VAULT_NS: kallisti::catalog::NamespaceSpec = kallisti::catalog::NamespaceSpec {
    name: "vault",
    feature: "",
    common_args: &[],
    actions: &[
        kallisti::catalog::ActionSpec::action(
            "store",
            &[
                kallisti::catalog::ArgSpec::required("value", kallisti::catalog::ArgType::String),
                kallisti::catalog::ArgSpec::required("sealed", kallisti::catalog::ArgType::Boolean),
            ],
        ),
        kallisti::catalog::ActionSpec::action(
            "plain",
            &[kallisti::catalog::ArgSpec::required(
                "value",
                kallisti::catalog::ArgType::String,
            )],
        ),
    ],
    doc: "Values that are secret only when a step says so.",
};

#[derive(serde::Deserialize)]
struct StoreArgs {
    value: String,
    sealed: bool,
}

impl kallisti::registry::ActionArgs for StoreArgs {
    fn secrets(&self) -> Vec<String> {
        if self.sealed {
            vec![self.value.clone()]
        } else {
            Vec::new()
        }
    }
}

#[derive(serde::Deserialize)]
struct PlainArgs {
    value: String,
}
impl kallisti::registry::ActionArgs for PlainArgs {}

/// A namespace written without `ActionSet`, which declares no secrets.
struct Echoing;

impl kallisti::registry::Namespace for Echoing {
    fn spec(&self) -> &'static kallisti::catalog::NamespaceSpec {
        &ECHOING_NS
    }

    fn call(
        &self,
        _action: &str,
        arguments: serde_json::Map<String, Value>,
        _ctx: kallisti::StepContext,
    ) -> kallisti::registry::ActionFuture {
        Box::pin(async move { Ok(Value::Object(arguments)) })
    }
}

static ECHOING_NS: kallisti::catalog::NamespaceSpec = kallisti::catalog::NamespaceSpec {
    name: "echoing",
    feature: "",
    common_args: &[],
    actions: &[kallisti::catalog::ActionSpec::probe(
        "say",
        &[kallisti::catalog::ArgSpec::required(
            "value",
            kallisti::catalog::ArgType::String,
        )],
    )],
    doc: "Says back what it is given.",
};

/// Secrets an action's arguments mark in one case only are hidden from the
/// record in that case, and nowhere else. The plain values contain `xyzzy`,
/// the text cargo-mutants puts in a mutated secret list: the defaults of
/// `ActionArgs::secrets` and `Namespace::secrets` must add nothing.
#[tokio::test]
async fn secrets_marked_by_arguments_are_hidden_only_where_marked() {
    let mut registry = Registry::empty();
    registry.register(
        ActionSet::new(&VAULT_NS)
            .action("store", |args: StoreArgs, _| async move {
                Ok(serde_json::json!({"stored": args.value}))
            })
            .action("plain", |args: PlainArgs, _| async move {
                Ok(serde_json::json!({"stored": args.value}))
            }),
    );
    registry.register(Echoing);
    let experiment = kallisti::Experiment::from_value(serde_json::json!({"name": "vault",
    "steps": [
        {"step": "sealed", "do": "vault.store",
         "where": {"value": "seal-7731", "sealed": true}},
        {"step": "open", "do": "vault.store",
         "where": {"value": "xyzzy open", "sealed": false}},
        {"step": "plain", "do": "vault.plain", "where": {"value": "xyzzy plain"}},
        {"step": "echo", "do": "echoing.say", "where": {"value": "xyzzy echo"}},
        {"step": "empty", "do": "echoing.say", "where": {"value": ""}}
    ]}))
    .unwrap();
    let record = kallisti::Trial::new(experiment).run(&registry).await;
    support::assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].step_parameters["value"], "***");
    assert_eq!(steps[0].result, serde_json::json!({"stored": "***"}));
    let text = serde_json::to_string(&record).unwrap();
    assert!(!text.contains("seal-7731"), "{text}");
    for (step, value) in [(1, "xyzzy open"), (2, "xyzzy plain"), (3, "xyzzy echo")] {
        assert_eq!(steps[step].step_parameters["value"], value);
        assert_eq!(
            steps[step].result["stored"]
                .as_str()
                .or(steps[step].result["value"].as_str()),
            Some(value)
        );
    }
    // No empty secret either: an empty value stays empty.
    assert_eq!(steps[4].step_parameters["value"], "");
    assert_eq!(steps[4].result["value"], "");
}

/// A failure inside a library keeps that library's error as its source: a
/// caller can walk from kallisti's error down to the refused connection, while the message reads as the report shows it.
#[tokio::test]
async fn a_failed_request_keeps_the_http_client_error_as_its_source() {
    use std::error::Error as _;
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let registry = Registry::with_builtins();
    let cm = registry.namespace("cm").expect("cm is built in");
    let arguments = serde_json::json!({
        "url": format!("http://127.0.0.1:{port}/health"),
        "method": "GET", "headers": {}, "timeout": 2, "verify_tls": true,
    });
    let Value::Object(arguments) = arguments else {
        unreachable!()
    };
    let error = cm
        .call(
            "http_probe",
            arguments,
            kallisti::StepContext::detached("probe", false),
        )
        .await
        .expect_err("nothing listens there");
    assert_eq!(error.kind(), kallisti::ErrorKind::FailedAction);
    assert!(error.to_string().contains("could not connect"), "{error}");
    let cause = error.source().expect("the HTTP client's error is kept");
    assert!(
        matches!(
            cause.downcast_ref::<kallisti::error::Cause>(),
            Some(kallisti::error::Cause::Http(_))
        ),
        "{cause:?}"
    );
    // Down the chain, past reqwest's and hyper's errors, is the refused connection.
    let mut next = cause.source();
    let mut refused = false;
    while let Some(inner) = next {
        refused |= inner
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused);
        next = inner.source();
    }
    assert!(refused, "the I/O error is reachable: {cause:?}");
}
