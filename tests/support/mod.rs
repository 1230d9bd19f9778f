//! Shared test helpers: a `test` namespace whose actions succeed, fail, panic,
//! sleep or echo on command, and log every call so tests can see what ran.
#![allow(dead_code)]

pub mod differential;
pub mod echo;
#[cfg(feature = "aws")]
pub mod moto;
pub mod net;
pub mod prometheus;
pub mod tools;

use kallisti::catalog::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};
use kallisti::registry::{ActionArgs, ActionSet};
use kallisti::{Error, Registry, StepContext};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub static TEST_NS: NamespaceSpec = NamespaceSpec {
    name: "test",
    feature: "",
    common_args: &[ArgSpec::optional("tag", ArgType::String, "null")],
    actions: &[
        ActionSpec::probe("ok", &[ArgSpec::optional("value", ArgType::Any, "null")]),
        ActionSpec::action(
            "fail",
            &[ArgSpec::optional("message", ArgType::String, "\"boom\"")],
        ),
        ActionSpec::action("panic", &[]),
        ActionSpec::action("sleep", &[ArgSpec::required("ms", ArgType::Integer)]),
        ActionSpec::probe(
            "echo",
            &[
                ArgSpec::optional("a", ArgType::Any, "null"),
                ArgSpec::optional("n", ArgType::Integer, "7"),
                ArgSpec::optional("percentage", ArgType::Number, "null").aliases(&["percent"]),
                ArgSpec::optional("credentials", ArgType::Mapping, "null"),
            ],
        ),
        ActionSpec::probe("positive", &[ArgSpec::required("n", ArgType::Integer)]),
    ],
    doc: "Test actions.",
};

/// The calls made, in order: `"<action> <tag>"`.
#[derive(Clone, Default)]
pub struct CallLog(pub Arc<Mutex<Vec<String>>>);

impl CallLog {
    pub fn calls(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
    fn push(&self, action: &str, tag: &Option<String>) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{action} {}", tag.as_deref().unwrap_or("-")));
    }
}

#[derive(Deserialize)]
pub struct OkArgs {
    value: Option<Value>,
    tag: Option<String>,
}
impl ActionArgs for OkArgs {}

#[derive(Deserialize)]
pub struct FailArgs {
    message: String,
    tag: Option<String>,
}
impl ActionArgs for FailArgs {}

#[derive(Deserialize)]
pub struct TagArgs {
    tag: Option<String>,
}
impl ActionArgs for TagArgs {}

#[derive(Deserialize)]
pub struct SleepArgs {
    ms: u64,
    tag: Option<String>,
}
impl ActionArgs for SleepArgs {}

#[derive(Deserialize)]
pub struct EchoArgs {
    #[serde(flatten)]
    all: Map<String, Value>,
}
impl ActionArgs for EchoArgs {}

#[derive(Deserialize)]
pub struct PositiveArgs {
    n: i64,
}
impl ActionArgs for PositiveArgs {
    fn check(&self) -> Result<(), Error> {
        if self.n <= 0 {
            return Err(Error::invalid_argument(
                "n",
                format!("must be positive, not {}", self.n),
            ));
        }
        Ok(())
    }
}

/// A registry with the built-ins and the `test` namespace logging into `log`.
pub fn registry(log: &CallLog) -> Registry {
    let mut registry = Registry::with_builtins();
    registry.register(test_namespace(log));
    registry
}

pub fn test_namespace(log: &CallLog) -> ActionSet {
    let (l1, l2, l3, l4, l5) = (
        log.clone(),
        log.clone(),
        log.clone(),
        log.clone(),
        log.clone(),
    );
    ActionSet::new(&TEST_NS)
        .action("ok", move |a: OkArgs, ctx: StepContext| {
            let log = l1.clone();
            async move {
                log.push("ok", &a.tag);
                ctx.log(format!("ok {}", a.tag.as_deref().unwrap_or("-")));
                Ok(a.value.unwrap_or(json!({"ok": true})))
            }
        })
        .action("fail", move |a: FailArgs, _ctx: StepContext| {
            let log = l2.clone();
            async move {
                log.push("fail", &a.tag);
                Err::<Value, _>(Error::failed_action(a.message))
            }
        })
        .action("panic", move |a: TagArgs, _ctx: StepContext| {
            let log = l3.clone();
            async move {
                log.push("panic", &a.tag);
                if a.tag.as_deref() != Some("never") {
                    panic!("deliberate panic in an action");
                }
                Ok(Value::Null)
            }
        })
        .action("sleep", move |a: SleepArgs, _ctx: StepContext| {
            let log = l4.clone();
            async move {
                log.push("sleep-start", &a.tag);
                tokio::time::sleep(Duration::from_millis(a.ms)).await;
                log.push("sleep-end", &a.tag);
                Ok(json!({"slept_ms": a.ms}))
            }
        })
        .action("echo", move |a: EchoArgs, _ctx: StepContext| {
            let log = l5.clone();
            async move {
                log.push("echo", &None);
                Ok(Value::Object(a.all))
            }
        })
        .action(
            "positive",
            |a: PositiveArgs, _ctx: StepContext| async move { Ok(json!(a.n)) },
        )
}

/// A step doing `do` with `where`.
pub fn step(name: &str, action: &str, args: Value) -> Value {
    json!({"step": name, "do": action, "where": args})
}

/// Runs `steps` as one experiment with the built-in registry.
pub async fn run_steps(steps: Vec<Value>) -> kallisti::TrialRecord {
    let exp = kallisti::Experiment::from_value(json!({"name": "steps", "steps": steps}))
        .expect("valid experiment");
    kallisti::Trial::new(exp)
        .run(&Registry::with_builtins())
        .await
}

/// One of the seed's step examples (`tests/fixtures/seed-examples/NAME.json`).
pub fn seed_step(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/seed-examples/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("seed example")).expect("JSON")
}

/// Asserts that step `index` of the main steps failed with `kind` and a
/// message starting with `prefix`.
#[track_caller]
pub fn assert_step_error(
    record: &kallisti::TrialRecord,
    index: usize,
    kind: kallisti::ErrorKind,
    prefix: &str,
) {
    let step = &record.trial_record.steps[index];
    let err = step
        .error
        .as_ref()
        .unwrap_or_else(|| panic!("step {:?} did not fail", step.step_name));
    assert_eq!(err.kind, kind, "{}", err.message);
    assert!(
        err.message.starts_with(prefix),
        "{}\n  should start with\n{prefix}",
        err.message
    );
}

/// Asserts that the trial succeeded, showing its report when it did not.
#[track_caller]
pub fn assert_succeeded(record: &kallisti::TrialRecord) {
    assert_eq!(
        record.status,
        kallisti::TrialStatus::Succeeded,
        "{}",
        kallisti::report::text(record)
    );
}

/// Captures every `tracing` line written while a test runs.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Every output a trial leaves: the four reports, the record's `Debug`,
/// and the `tracing` lines captured while it ran.
pub fn all_outputs(record: &kallisti::TrialRecord, logs: &Captured) -> String {
    let mut text = kallisti::report::text(record);
    text.push_str(&kallisti::report::json(record));
    text.push_str(&kallisti::report::junit(record));
    text.push_str(&kallisti::report::html(record));
    text.push_str(&format!("{record:?}"));
    text.push_str(&String::from_utf8_lossy(&logs.0.lock().unwrap()));
    text
}

/// Every `tracing` event of this test binary, at TRACE and from every
/// thread and crate: the global subscriber, installed by the first caller,
/// writing through kallisti's `RedactingWriter` as the documentation tells
/// users to. Tests that use it see each other's lines too, which is what a
/// canary wants.
pub fn trace_everything() -> Captured {
    static GLOBAL: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    GLOBAL
        .get_or_init(|| {
            let captured = Captured::default();
            let writer = captured.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_writer(move || kallisti::credential::RedactingWriter::new(writer.clone()))
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .with_thread_ids(true)
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber");
            captured
        })
        .clone()
}

impl Captured {
    /// What was written, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Runs `steps` with every `tracing` event (debug and up) captured.
pub async fn traced_run(steps: Vec<Value>) -> (kallisti::TrialRecord, Captured) {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let record = run_steps(steps).await;
    (record, captured)
}

/// Runs `(action, where)` pairs of the `k8s` namespace against a fake API server.
#[cfg(feature = "k8s")]
pub async fn run_on(
    fake: &kallisti::fake::FakeKubernetes,
    steps: Vec<(&str, Value)>,
) -> kallisti::TrialRecord {
    let steps: Vec<Value> = steps
        .into_iter()
        .map(|(action, mut args)| {
            args["k8s_api_host"] = json!(fake.uri());
            step(action, &format!("k8s.{action}"), args)
        })
        .collect();
    let experiment =
        kallisti::Experiment::from_value(json!({"name": "k8s", "steps": steps})).unwrap();
    kallisti::Trial::new(experiment)
        .run(&Registry::with_builtins())
        .await
}

/// Writes a spec file (JSON or YAML text, or a JSON value) and returns its path.
pub fn spec_file(name: &str, contents: impl std::fmt::Display) -> String {
    let dir = std::env::temp_dir().join(format!("kallisti-specs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents.to_string()).unwrap();
    path.display().to_string()
}

/// A chaos test with `steps` as its `before` steps, `parameters`, and a body
/// that panics with `message`, run on a thread of its own as the generated
/// `#[test]` runs. Returns what it panicked with followed by the trial
/// record it wrote.
pub fn panicking_chaos_test(
    name: &str,
    parameters: Value,
    steps: Vec<Value>,
    message: String,
) -> String {
    let dir = std::env::temp_dir().join(format!("kallisti-panics-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (test_name, record_dir) = (name.to_string(), dir.clone());
    let outcome = std::thread::spawn(move || {
        kallisti::testing::block_on(async move {
            let mut test = kallisti::testing::ChaosTest::new(test_name).record_dir(record_dir);
            for (key, value) in parameters.as_object().cloned().unwrap_or_default() {
                test = test.parameter(key, value);
            }
            for step in steps {
                test = test.before(kallisti::Step::from_json(step).expect("a valid step"));
            }
            test.run_test(|_ctx| async move { body_panics(&message) })
                .await
        })
    })
    .join();
    let payload = outcome.expect_err("a chaos test whose body panics fails");
    let mut text = payload
        .downcast_ref::<String>()
        .cloned()
        .expect("a text panic");
    assert!(text.contains("the test body panicked"), "{text}");
    for entry in std::fs::read_dir(&dir).expect("the record was written") {
        text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    text
}

/// The name the test harness gives test `name` of module `module` (a
/// `module_path!()`): the path without the crate.
pub fn test_path(module: &str, name: &str) -> String {
    match module.split_once("::") {
        Some((_crate, path)) => format!("{path}::{name}"),
        None => name.to_string(),
    }
}

/// Runs the test `name` of module `module` (its `module_path!()`) alone in
/// a child process, as `cargo test` would, and returns all it printed (the
/// panic hook's lines, the failure report) after checking it passed.
pub fn printed_by_test(module: &str, name: &str) -> String {
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .args([
            &test_path(module, name),
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the test binary runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{name} failed:\n{printed}");
    assert!(
        printed.contains("1 passed"),
        "{name} did not run:\n{printed}"
    );
    printed
}

/// The whole output of test `name` (whose chaos test body panics with the
/// canaries in its message) shows the panic, redacted, and no canary.
pub fn assert_panic_output_hides(module: &str, name: &str, canaries: &[&str]) {
    let printed = printed_by_test(module, name);
    // kallisti's hook prints the body's panic (raised in `body_panics`
    // below) as the standard hook would, with its backtrace.
    let hooked = printed
        .split("\nthread '")
        .find(|block| block.contains("support/mod.rs:"))
        .unwrap_or_else(|| panic!("the body's panic was printed:\n{printed}"));
    assert!(
        hooked.contains("***"),
        "the panic message was redacted:\n{printed}"
    );
    assert!(
        hooked.contains("\nstack backtrace:\n"),
        "RUST_BACKTRACE=1 shows the backtrace:\n{printed}"
    );
    for canary in canaries {
        assert!(!printed.contains(canary), "`{canary}` printed:\n{printed}");
    }
}

/// A test body's panic (a function, so the body's type is `()`).
fn body_panics(message: &str) {
    panic!("{message}")
}
