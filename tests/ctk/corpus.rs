//! The corpus: the Chaos Toolkit experiments in
//! `tests/fixtures/chaostoolkit`, and what each says `chaos run` does with
//! it (its `kallisti-corpus` extension, read back from the journal's copy
//! of the experiment, so the harness needs no YAML reader).

use serde_json::Value;

/// Where the experiments are.
pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chaostoolkit");

/// The name of the extension that carries an experiment's intent.
const EXTENSION: &str = "kallisti-corpus";

/// Every experiment file, by name, sorted.
pub fn experiments() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .expect("the corpus directory")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            [".json", ".yaml", ".yml"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
        .collect();
    names.sort();
    names
}

/// The files the table under the README's "The experiments" heading
/// lists (its first column, in backquotes).
pub fn listed_in_readme() -> Vec<String> {
    let readme = std::fs::read_to_string(format!("{DIR}/README.md")).expect("the corpus README");
    let (_, section) = readme
        .split_once("\n## The experiments\n")
        .expect("the README has a section `## The experiments`");
    let mut names: Vec<String> = section
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(name, _)| name.to_string())
        .collect();
    names.sort();
    names
}

/// What an experiment says `chaos run` ends with and finds.
pub struct Intent {
    pub status: String,
    pub deviated: bool,
    /// JSON pointers into the journal and the value each must hold
    /// (`null`: absent or null).
    pub checks: Vec<(String, Value)>,
}

/// The intent an experiment carries, read from a journal's copy of it.
pub fn intent(journal: &Value) -> Result<Intent, String> {
    let expect = journal["experiment"]["extensions"]
        .as_array()
        .and_then(|list| list.iter().find(|e| e["name"] == EXTENSION))
        .map(|e| &e["expect"])
        .ok_or_else(|| format!("no `{EXTENSION}` extension with `expect`"))?;
    let checks = expect["checks"]
        .as_object()
        .map(|map| map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    Ok(Intent {
        status: expect["status"]
            .as_str()
            .ok_or("`expect.status` is missing")?
            .to_string(),
        deviated: expect["deviated"]
            .as_bool()
            .ok_or("`expect.deviated` is missing")?,
        checks,
    })
}

/// How a run differs from its intent: one line per unmet check.
pub fn unmet(intent: &Intent, exit: Option<i32>, journal: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if journal["status"] != intent.status.as_str() {
        problems.push(format!(
            "status {} (expected {})",
            journal["status"], intent.status
        ));
    }
    if journal["deviated"] != intent.deviated {
        problems.push(format!(
            "deviated {} (expected {})",
            journal["deviated"], intent.deviated
        ));
    }
    // chaos run exits 0 only for a completed run that did not deviate.
    let exit_expected = if intent.status == "completed" && !intent.deviated {
        0
    } else {
        1
    };
    if exit != Some(exit_expected) {
        problems.push(format!("exit code {exit:?} (expected {exit_expected})"));
    }
    for (pointer, expected) in &intent.checks {
        let found = journal.pointer(pointer).unwrap_or(&Value::Null);
        if !crate::compare::same(found, expected) {
            problems.push(format!("{pointer} is {found} (expected {expected})"));
        }
    }
    problems
}
