//! What the fuzz targets check, as plain functions of the fuzzer's bytes.
//!
//! Each function must never panic, whatever the bytes: a panic (or an
//! `assert!` below failing) is a crash libFuzzer saves under
//! `fuzz/artifacts/<target>/`. Besides "no panic", each checks a property
//! that must hold for every input. The project's test suite replays
//! `fuzz/seeds/` and `fuzz/regressions/` through these same functions
//! (`tests/fuzz_corpus.rs` includes this file), so a crash once found stays
//! fixed without a fuzzer.

use kallisti::experiment::{Expectation, Experiment};
use kallisti::registry::Registry;
use kallisti::ErrorKind;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(Registry::with_builtins)
}

/// Experiment JSON: reading (structure checks) and validation against the
/// registry, as `kallisti validate` does. What reads writes back and reads
/// again as the same experiment; every problem has a message.
pub fn experiment(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let experiment = match Experiment::from_json(text) {
        Ok(experiment) => experiment,
        Err(error) => {
            assert!(!error.to_string().is_empty(), "an empty load error");
            return;
        }
    };
    let written = experiment.to_json_pretty();
    let again = Experiment::from_json(&written)
        .unwrap_or_else(|e| panic!("an experiment's own JSON does not read back: {e}\n{written}"));
    assert_eq!(again, experiment, "read back differently:\n{written}");
    if let Err(problems) = registry().plan(&experiment, &Map::new()) {
        assert!(!problems.is_empty(), "refused without a problem");
        for problem in problems {
            assert!(!problem.to_string().trim().is_empty(), "an empty problem");
        }
    }
}

fn parameters() -> &'static Map<String, Value> {
    static PARAMETERS: OnceLock<Map<String, Value>> = OnceLock::new();
    PARAMETERS.get_or_init(|| {
        let value = json!({
            "base_url": "http://127.0.0.1:8080",
            "replicas": 3,
            "ratio": 0.5,
            "big": 9007199254740993u64,
            "enabled": true,
            "nothing": null,
            "names": ["api", "web"],
            "labels": {"app": "shop", "tier": {"name": "front"}},
            "nested": "{{ replicas }}",
        });
        value.as_object().expect("an object").clone()
    })
}

fn has_template_syntax(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains("{{") || s.contains("{%") || s.contains("{#"),
        Value::Array(items) => items.iter().any(has_template_syntax),
        Value::Object(map) => map.values().any(has_template_syntax),
        _ => false,
    }
}

/// Template interpolation of step arguments: the bytes are a JSON value (or,
/// when they are not JSON, one string) rendered with a fixed set of
/// parameters. Values without template syntax come back unchanged; a
/// template that does not parse never renders; rendering is deterministic.
pub fn template(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let value = serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()));
    let names = kallisti::template::referenced_names(&value);
    let rendered = kallisti::template::render(&value, parameters());
    if !has_template_syntax(&value) {
        assert_eq!(rendered.as_ref(), Ok(&value), "plain text changed");
        assert_eq!(names.map(|n| n.len()), Ok(0), "plain text names parameters");
        return;
    }
    if let Err(error) = &names {
        assert!(rendered.is_err(), "{error}, yet it rendered: {rendered:?}");
    }
    match rendered {
        Ok(first) => {
            let second = kallisti::template::render(&value, parameters());
            assert_eq!(second, Ok(first), "rendered differently twice");
        }
        Err(error) => assert!(!error.message.is_empty(), "an empty template error"),
    }
}

const OPERATORS: [&str; 7] = ["eq", "ne", "lt", "le", "gt", "ge", "regex"];

fn json_or_text(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// What an expectation's evaluation says: held, did not hold, or could not
/// be evaluated (the path is missing, the values cannot be ordered).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict {
    Holds,
    Fails,
    Unorderable,
    NoPath,
}

fn verdict(operator: &str, path: &str, expected: &Value, result: &Value) -> Verdict {
    let expectation = Expectation::new(operator, path, expected.clone());
    match kallisti::expect::evaluate(&expectation, result) {
        Ok(()) => Verdict::Holds,
        Err(error) => match error.kind() {
            ErrorKind::KeyNotFound => Verdict::NoPath,
            ErrorKind::FailedExpectation if error.to_string().contains("cannot order") => {
                Verdict::Unorderable
            }
            ErrorKind::FailedExpectation => Verdict::Fails,
            other => panic!("{operator} at `{path}` gave {other:?}: {error}"),
        },
    }
}

/// Expectation evaluation: the first byte picks the operator, then three
/// lines: the path, the expected value and the step's result (JSON, or text
/// when not JSON). Checked expectations evaluate without panicking, and the
/// operators agree with each other: `eq`/`ne` are opposites, `lt` implies
/// `le`, `gt` implies `ge`, never both `lt` and `gt`, `eq` implies `le` and
/// `ge`.
pub fn expectation(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Some(text) = text(rest) else { return };
    let mut lines = text.splitn(3, '\n');
    let (path, expected, result) = (
        lines.next().unwrap_or_default(),
        json_or_text(lines.next().unwrap_or_default()),
        json_or_text(lines.next().unwrap_or_default()),
    );
    let operator = OPERATORS[usize::from(first) % OPERATORS.len()];
    let expectation = Expectation::new(operator, path, expected.clone());
    if kallisti::expect::check(&expectation).is_err() {
        return;
    }
    let _ = kallisti::expect::evaluate(&expectation, &result);
    if kallisti::expect::lookup(&result, path).is_err() {
        return;
    }
    let [eq, ne, lt, le, gt, ge] =
        ["eq", "ne", "lt", "le", "gt", "ge"].map(|op| verdict(op, path, &expected, &result));
    let why = || {
        format!("{path} in {result} against {expected}: eq {eq:?} ne {ne:?} lt {lt:?} le {le:?} gt {gt:?} ge {ge:?}")
    };
    assert!(
        matches!(
            (eq, ne),
            (Verdict::Holds, Verdict::Fails) | (Verdict::Fails, Verdict::Holds)
        ),
        "eq and ne not opposite: {}",
        why()
    );
    assert!(
        lt != Verdict::Holds || le == Verdict::Holds,
        "lt without le: {}",
        why()
    );
    assert!(
        gt != Verdict::Holds || ge == Verdict::Holds,
        "gt without ge: {}",
        why()
    );
    assert!(
        !(lt == Verdict::Holds && gt == Verdict::Holds),
        "lt and gt: {}",
        why()
    );
    if eq == Verdict::Holds {
        for (name, v) in [("le", le), ("ge", ge)] {
            assert!(v != Verdict::Fails, "eq but not {name}: {}", why());
        }
    }
}

/// Prometheus time expressions and durations (`start`, `end`, `step`,
/// `window`) and the experiment durations (`timeout`, `every`, `retry`):
/// whatever they accept is a finite time, or a finite positive duration.
pub fn prometheus_time(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let now = chrono::DateTime::from_timestamp(1_764_000_000, 0).expect("a valid moment");
    if let Ok(at) = kallisti::time::parse_time(text, now) {
        assert!(at.is_finite(), "`{text}` is the time {at}");
    }
    if let Ok(at) = kallisti::time::parse_api_time(text) {
        assert!(at.is_finite(), "`{text}` is the API time {at}");
    }
    if let Ok(seconds) = kallisti::time::parse_prometheus_duration(text) {
        assert!(
            seconds.is_finite() && seconds > 0.0,
            "`{text}` lasts {seconds}s"
        );
    }
    let as_json = json_or_text(text);
    for value in [Value::String(text.to_string()), as_json.clone()] {
        if let Ok(seconds) = kallisti::time::parse_step(&value) {
            assert!(
                seconds.is_finite() && seconds > 0.0,
                "step {value} is {seconds}s"
            );
        }
    }
    if let Ok(duration) = kallisti::duration::parse(text) {
        assert!(!duration.is_zero(), "`{text}` is a zero duration");
    }
    if let Ok(duration) = kallisti::duration::from_json(&as_json) {
        assert!(!duration.is_zero(), "{as_json} is a zero duration");
    }
}

/// Test functions the attribute is put on.
const ITEMS: [&str; 3] = [
    "async fn checkout(ctx: kallisti::testing::ChaosContext) {}",
    "fn plain() -> Result<(), String> { Ok(()) }",
    "#[tokio::test] async fn twice(#[case] n: u32) {}",
];

/// The `#[chaos_test(...)]` attribute: the bytes, lexed as Rust tokens, are
/// the attribute, on a few test functions. The expansion is either the test
/// or `compile_error!`s that each say something, never a panic (a panic in
/// a proc macro is an unreadable compiler error).
pub fn chaos_test_attribute(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let Ok(attr) = text.parse::<proc_macro2::TokenStream>() else {
        return;
    };
    let item: proc_macro2::TokenStream = ITEMS[data.len() % ITEMS.len()].parse().expect("an item");
    let expanded = kallisti_macros_internals::chaos_test(attr, item).to_string();
    assert!(!expanded.is_empty(), "nothing came out");
    if expanded.contains("compile_error") {
        assert!(
            !expanded.contains("compile_error ! { \"\" }"),
            "an empty compile error"
        );
    }
}
