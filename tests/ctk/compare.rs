//! Two runs of one experiment, compared: exit codes, then the journals
//! field by field with times taken out, then the requests the demo service
//! received and the objects left in the fake cluster. A difference is a
//! JSON path and the two values; the ones kallisti makes on purpose are
//! listed in [`DEVIATIONS`] with why.

use crate::runner::Outcome;
use serde_json::{Map, Value};

/// A difference kallisti makes on purpose: the corpus file (`*`: any),
/// the path it covers (segments of `*` match any one segment; the
/// differences under it are covered too), and why.
pub struct Deviation {
    pub file: &'static str,
    pub path: &'static str,
    pub reason: &'static str,
}

const fn deviation(file: &'static str, path: &'static str, reason: &'static str) -> Deviation {
    Deviation { file, path, reason }
}

const INLINE_SECRETS: &str = "kallisti writes the values of inline secrets as *** in its copy of \
     the experiment (secrets never reach a record); chaos run copies them as written";
const TOLERANCE_VALUE: &str = "chaos run writes the output it gave a probe tolerance into the \
     tolerance itself (provider.arguments.value), so the journal's experiment and activities show \
     the last output checked; kallisti keeps the tolerance as declared";

pub const DEVIATIONS: &[Deviation] = &[
    deviation(
        "python-provider.json",
        "/experiment/secrets",
        INLINE_SECRETS,
    ),
    deviation("secrets.yaml", "/experiment/secrets", INLINE_SECRETS),
    deviation("substitution.json", "/experiment/secrets", INLINE_SECRETS),
    deviation(
        "k8s-terminate-pods.yaml",
        "/experiment/secrets",
        INLINE_SECRETS,
    ),
    deviation(
        "*",
        "/experiment/steady-state-hypothesis/probes/*/tolerance/provider/arguments/value",
        TOLERANCE_VALUE,
    ),
    deviation(
        "*",
        "/steady_states/*/probes/*/activity/tolerance/provider/arguments/value",
        TOLERANCE_VALUE,
    ),
    deviation(
        "configuration.yaml",
        "/experiment/configuration/*/provider/secrets",
        "chaos run writes the secrets it handed each configuration probe into the journal's copy \
         of the experiment; kallisti keeps the declaration as written",
    ),
    deviation("status-aborted.yaml", "(journal)", BAD_INPUT_FIRST),
    deviation(
        "status-aborted.yaml",
        "(requests to the service)",
        BAD_INPUT_FIRST,
    ),
];

/// Why an experiment `chaos run` aborts midway is refused by kallisti.
const BAD_INPUT_FIRST: &str =
    "a URL without a scheme is refused before anything runs (exit 1, no journal): chaos run \
     runs the hypothesis and the method up to it, then aborts, leaving that chaos in place";

/// Equal as JSON, numbers by value (Python writes 3.0 where Rust may write 3).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// One difference: where, and each side's value (`absent` when missing).
pub struct Difference {
    pub path: String,
    pub chaos: String,
    pub kallisti: String,
}

fn shown(value: Option<&Value>) -> String {
    let text = value.map_or_else(|| "absent".to_string(), Value::to_string);
    if text.chars().count() > 160 {
        format!("{}…", text.chars().take(160).collect::<String>())
    } else {
        text
    }
}

/// Appends how `a` (chaos run) and `b` (kallisti) differ under `path`.
fn walk(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Difference>) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
            for key in keys {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                walk(&format!("{path}/{escaped}"), x.get(key), y.get(key), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            for i in 0..x.len().max(y.len()) {
                walk(&format!("{path}/{i}"), x.get(i), y.get(i), out);
            }
        }
        (Some(x), Some(y)) if same(x, y) => {}
        (None, None) => {}
        _ => out.push(Difference {
            path: path.to_string(),
            chaos: shown(a),
            kallisti: shown(b),
        }),
    }
}

/// The run entries of a journal: hypothesis probes, method, rollbacks.
fn run_entries(journal: &mut Value) -> Vec<&mut Value> {
    let mut entries = Vec::new();
    let Some(top) = journal.as_object_mut() else {
        return entries;
    };
    for (key, value) in top.iter_mut() {
        match key.as_str() {
            "run" | "rollbacks" => entries.extend(value.as_array_mut().into_iter().flatten()),
            "steady_states" => {
                for state in value.as_object_mut().into_iter().flatten().map(|(_, s)| s) {
                    // `during` holds a list of states, `before` and `after` one each.
                    let states: Vec<&mut Value> = match state {
                        Value::Array(during) => during.iter_mut().collect(),
                        other => vec![other],
                    };
                    for state in states {
                        if let Some(probes) = state.get_mut("probes").and_then(Value::as_array_mut)
                        {
                            entries.extend(probes.iter_mut());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    entries
}

/// A journal without what two runs cannot share: times, the host, the
/// traceback text (only whether there is one), the HTTP `date` header,
/// and each world's URLs and directories (named by placeholders instead).
pub fn normalized(journal: &Value, placeholders: &[(String, &'static str)]) -> Value {
    let mut journal = journal.clone();
    if let Some(top) = journal.as_object_mut() {
        for key in ["start", "end", "duration"] {
            top.remove(key);
        }
        for key in ["chaoslib-version", "platform", "node"] {
            if let Some(value) = top.get_mut(key) {
                *value = Value::String("<present>".into());
            }
        }
    }
    for entry in run_entries(&mut journal) {
        if let Some(entry) = entry.as_object_mut() {
            for key in ["start", "end", "duration"] {
                entry.remove(key);
            }
            if let Some(exception) = entry.get_mut("exception") {
                *exception = Value::String("<present>".into());
            }
        }
    }
    scrub(&mut journal, placeholders);
    journal
}

/// Takes out `date` headers of HTTP outputs and names world-specific text.
fn scrub(value: &mut Value, placeholders: &[(String, &'static str)]) {
    match value {
        Value::Object(map) => {
            drop_date_header(map);
            map.values_mut().for_each(|v| scrub(v, placeholders));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| scrub(v, placeholders)),
        Value::String(text) => {
            for (concrete, name) in placeholders {
                if text.contains(concrete.as_str()) {
                    *text = text.replace(concrete.as_str(), name);
                }
            }
        }
        _ => {}
    }
}

/// An HTTP provider's output (`status`, `headers`, `body`) loses its
/// `date` header: the one header two runs never share.
fn drop_date_header(map: &mut Map<String, Value>) {
    let is_http_output = map.len() == 3
        && map.contains_key("status")
        && map.contains_key("body")
        && map.get("headers").is_some_and(Value::is_object);
    if is_http_output {
        if let Some(headers) = map.get_mut("headers").and_then(Value::as_object_mut) {
            headers.retain(|name, _| !name.eq_ignore_ascii_case("date"));
        }
    }
}

/// Every difference between the two runs of one experiment.
pub fn differences(chaos: &Outcome, kallisti: &Outcome) -> Vec<Difference> {
    let mut out = Vec::new();
    if chaos.exit != kallisti.exit {
        out.push(Difference {
            path: "(exit code)".into(),
            chaos: format!("{:?}", chaos.exit),
            kallisti: format!("{:?}", kallisti.exit),
        });
    }
    match (&chaos.journal, &kallisti.journal) {
        (Some(a), Some(b)) => {
            let (a, b) = (
                normalized(a, &chaos.placeholders),
                normalized(b, &kallisti.placeholders),
            );
            for key in ["status", "deviated"] {
                walk(&format!("/{key}"), a.get(key), b.get(key), &mut out);
            }
            walk("", Some(&a), Some(&b), &mut out);
            // status and deviated are shown first; not twice.
            let mut seen = std::collections::HashSet::new();
            out.retain(|d| seen.insert(d.path.clone()));
        }
        (a, b) => out.push(Difference {
            path: "(journal)".into(),
            chaos: if a.is_some() { "written" } else { "none" }.into(),
            kallisti: if b.is_some() { "written" } else { "none" }.into(),
        }),
    }
    let (a, b) = (
        Value::from(chaos.requests.clone()),
        Value::from(kallisti.requests.clone()),
    );
    walk("(requests to the service)", Some(&a), Some(&b), &mut out);
    let (a, b) = (
        Value::from(chaos.objects.clone()),
        Value::from(kallisti.objects.clone()),
    );
    walk("(objects in the cluster)", Some(&a), Some(&b), &mut out);
    out
}

/// Whether `pattern` covers `path`: each of its segments equal or `*`,
/// the path possibly longer.
fn covers(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    pattern.len() <= path.len() && pattern.iter().zip(&path).all(|(p, s)| *p == "*" || p == s)
}

/// The deviation that covers a difference of `file`, if any.
pub fn deviation_for(file: &str, path: &str) -> Option<&'static Deviation> {
    DEVIATIONS
        .iter()
        .find(|d| (d.file == "*" || d.file == file) && covers(d.path, path))
}

/// A difference as one line, naming the activity of a run entry it is in
/// and the two sides as `sides`.
pub fn describe(
    difference: &Difference,
    chaos_journal: Option<&Value>,
    sides: [&str; 2],
) -> String {
    let segments: Vec<&str> = difference.path.split('/').collect();
    let mut activity = String::new();
    for i in 1..segments.len() {
        let is_entry = matches!(segments[i - 1], "run" | "rollbacks" | "probes")
            && segments[i].parse::<usize>().is_ok();
        if is_entry {
            let pointer = format!("{}/activity/name", segments[..=i].join("/"));
            if let Some(name) = chaos_journal.and_then(|j| j.pointer(&pointer)) {
                activity = format!(" (activity {name})");
            }
        }
    }
    format!(
        "{}{activity}: {} {}, {} {}",
        difference.path, sides[0], difference.chaos, sides[1], difference.kallisti
    )
}

/// The comparison itself, on journals made up to differ in one way each.
mod checks {
    use super::*;
    use serde_json::json;

    fn outcome(journal: Value, base_url: &str) -> Outcome {
        Outcome {
            exit: Some(0),
            journal: Some(journal),
            printed: String::new(),
            requests: Vec::new(),
            objects: Vec::new(),
            placeholders: vec![(base_url.to_string(), "$CTK_BASE_URL")],
            dir: std::path::PathBuf::new(),
        }
    }

    fn journal(start: &str, date: &str, exception: &str, url: &str) -> Value {
        json!({"chaoslib-version": "1.44.0", "platform": "Linux", "node": "a", "start": start,
               "end": start, "duration": 0.5, "status": "completed", "deviated": false,
               "steady_states": {"before": null, "after": null, "during": []},
               "run": [{"activity": {"name": "read", "provider": {"type": "http", "url": "${base_url}/x"}},
                        "output": {"status": 200, "headers": {"date": date, "content-type": "text/plain"},
                                   "body": format!("see {url}/x")},
                        "start": start, "end": start, "duration": 0.1, "status": "failed",
                        "exception": [exception]}],
               "rollbacks": []})
    }

    #[test]
    fn times_hosts_dates_tracebacks_and_ports_are_not_compared() {
        let a = outcome(
            journal(
                "2026-01-01T00:00:00",
                "Mon",
                "Traceback: one",
                "http://127.0.0.1:1",
            ),
            "http://127.0.0.1:1",
        );
        let mut b_journal = journal(
            "2027-02-02T00:00:00",
            "Tue",
            "error: two",
            "http://127.0.0.1:2",
        );
        b_journal["node"] = json!("b");
        let b = outcome(b_journal, "http://127.0.0.1:2");
        let found: Vec<String> = differences(&a, &b).iter().map(|d| d.path.clone()).collect();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_difference_is_named_by_its_path_and_activity() {
        let a = outcome(journal("t", "d", "e", "u"), "u");
        let mut changed = journal("t", "d", "e", "u");
        changed["run"][0]["output"]["status"] = json!(503);
        changed["run"][0]
            .as_object_mut()
            .unwrap()
            .remove("exception");
        let b = outcome(changed, "u");
        let found = differences(&a, &b);
        let lines: Vec<String> = found
            .iter()
            .map(|d| describe(d, a.journal.as_ref(), ["chaos run", "kallisti"]))
            .collect();
        assert_eq!(
            lines,
            [
                "/run/0/output/status (activity \"read\"): chaos run 200, kallisti 503",
                "/run/0/exception (activity \"read\"): chaos run \"<present>\", kallisti absent",
            ]
        );
    }

    #[test]
    fn numbers_compare_by_value_and_deviations_cover_their_subtree() {
        assert!(same(&json!({"n": [3, 0.5]}), &json!({"n": [3.0, 0.5]})));
        assert!(!same(&json!({"n": 3}), &json!({"n": "3"})));
        let path =
            "/steady_states/after/probes/2/activity/tolerance/provider/arguments/value/status";
        assert!(deviation_for("tolerances.yaml", path).is_some());
        assert!(deviation_for("tolerances.yaml", "/steady_states/after/probes/2/output").is_none());
        assert!(deviation_for("secrets.yaml", "/experiment/secrets/inline/password").is_some());
        assert!(deviation_for("refs.json", "/experiment/secrets/inline/password").is_none());
    }
}
