//! Side-by-side runs of kallisti and a Chaos Toolkit driver: each side's
//! outcome, how two differ, whether every action with a driver function is
//! covered, and the verdict table (each scenario either agrees, or differs
//! in a way listed, with its reason, as a deviation).

use std::collections::BTreeMap;

/// Verdicts gathered scenario by scenario, then printed and checked.
pub struct Verdicts {
    deviations: &'static [(&'static str, &'static str)],
    /// Further kinds of listed difference: the verdict the table shows,
    /// and its (label, reason) entries.
    listed: Vec<(&'static str, &'static [(&'static str, &'static str)])>,
    table: Vec<String>,
    /// Actions no scenario compares, with why.
    apart: Vec<String>,
    unexpected: Vec<String>,
}

impl Verdicts {
    /// A table for scenarios whose expected deviations are `deviations`
    /// (label, reason).
    pub fn new(deviations: &'static [(&'static str, &'static str)]) -> Self {
        Verdicts {
            deviations,
            listed: Vec::new(),
            table: Vec::new(),
            apart: Vec::new(),
            unexpected: Vec::new(),
        }
    }

    /// Differences of another kind than a deliberate deviation that the
    /// table shows as `verdict` (known, and not failing the test), by
    /// scenario label, with what differs.
    pub fn listing(
        mut self,
        verdict: &'static str,
        entries: &'static [(&'static str, &'static str)],
    ) -> Self {
        self.listed.push((verdict, entries));
        self
    }

    /// One scenario: `differs` says how the two sides differed, if they did;
    /// `agreement` what the table shows when they agree.
    pub fn record(
        &mut self,
        label: &str,
        action: &str,
        differs: Option<String>,
        agreement: impl FnOnce() -> String,
    ) {
        let deviation = self
            .deviations
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, why)| ("deviates on purpose", *why))
            .or_else(|| {
                self.listed.iter().find_map(|(verdict, entries)| {
                    let (_, why) = entries.iter().find(|(l, _)| *l == label)?;
                    Some((*verdict, *why))
                })
            });
        let verdict = match (differs, deviation) {
            (None, None) => agreement(),
            (Some(_), Some((verdict, why))) => format!("{verdict}: {why}"),
            (Some(how), None) => {
                self.unexpected.push(format!("{label}: {how}"));
                format!("DIFFERS: {how}")
            }
            (None, Some(_)) => {
                self.unexpected
                    .push(format!("{label}: listed as a difference but agrees"));
                "agrees (stale listing)".to_string()
            }
        };
        self.table
            .push(format!("{label:<45} {action:<40} {verdict}"));
    }

    /// How many scenarios the table shows with a verdict starting `verdict`.
    pub fn count(&self, verdict: &str) -> usize {
        let verdict = format!(" {verdict}");
        self.table.iter().filter(|l| l.contains(&verdict)).count()
    }

    /// How many scenarios were compared.
    pub fn compared(&self) -> usize {
        self.table.len()
    }

    /// An action that cannot be run side by side, and why: listed apart
    /// from the scenarios compared.
    pub fn not_comparable(&mut self, action: &str, why: &str) {
        self.apart.push(format!("{action:<40} {why}"));
    }

    /// Prints the table under `title`, and fails on any difference that is
    /// not a listed deviation, and on any listed deviation that agrees.
    pub fn finish(self, title: &str) {
        let unexpected = self.print(title);
        assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    }

    /// Prints the table under `title`, and gives the differences that are
    /// not listed, and the listed ones that agree, for the caller to check.
    pub fn print(self, title: &str) -> Vec<String> {
        let mut counts = format!(
            "{} compared, {} agree, {} deviate on purpose",
            self.compared(),
            self.count("agrees"),
            self.count("deviates on purpose: ")
        );
        for (verdict, _) in &self.listed {
            counts += &format!(", {} {verdict}", self.count(&format!("{verdict}: ")));
        }
        println!(
            "{title}: {counts}, {} not comparable\n{}",
            self.apart.len(),
            self.table.join("\n")
        );
        if !self.apart.is_empty() {
            println!("not comparable:\n{}", self.apart.join("\n"));
        }
        self.unexpected
    }
}

/// What one side did: whether it failed, its value, its error.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub failed: bool,
    pub value: serde_json::Value,
    pub error: String,
}

impl Outcome {
    /// What the first step of a kallisti trial did; a trial refused before
    /// it ran (invalid arguments) failed, with its problems as the error.
    pub fn of_first_step(record: &kallisti::TrialRecord) -> Outcome {
        match record.trial_record.steps.first() {
            Some(step) => Outcome {
                failed: !step.succeeded(),
                value: step.result.clone(),
                error: step
                    .error
                    .as_ref()
                    .map(|e| e.message.clone())
                    .unwrap_or_default(),
            },
            None => Outcome {
                failed: true,
                value: serde_json::Value::Null,
                error: record
                    .problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            },
        }
    }

    /// What a driver function did, from what `scripts/ctk-activity.py`
    /// printed.
    pub fn of_activity(printed: &serde_json::Value) -> Outcome {
        Outcome {
            failed: printed["ok"] != true,
            value: printed["output"].clone(),
            error: printed["error"].as_str().unwrap_or_default().to_string(),
        }
    }
}

/// One comparison: a label, the action, its arguments (without connection
/// settings).
pub struct Scenario {
    pub label: &'static str,
    pub action: &'static str,
    pub arguments: serde_json::Value,
}

pub fn scenario(
    label: &'static str,
    action: &'static str,
    arguments: serde_json::Value,
) -> Scenario {
    Scenario {
        label,
        action,
        arguments,
    }
}

/// Runs kallisti's `action` with `arguments` as the one step of a trial.
pub async fn run_step(label: &str, action: &str, arguments: serde_json::Value) -> Outcome {
    use kallisti::{Experiment, Registry, Trial};
    let experiment = Experiment::from_value(serde_json::json!({"name": "differential",
        "steps": [{"step": label, "do": action, "where": arguments}]}))
    .unwrap();
    Outcome::of_first_step(&Trial::new(experiment).run(&Registry::with_builtins()).await)
}

/// How long one driver activity may run (as `timeout` reads it).
pub const DRIVER_TIMEOUT: &str = "120s";

/// A driver function to run through `scripts/ctk-activity.py`: its
/// `module.function` and kind, and what the Chaos Toolkit hands it.
pub struct Activity<'a> {
    pub function: &'a str,
    pub kind: &'a str,
    pub arguments: serde_json::Value,
    pub configuration: serde_json::Value,
    pub secrets: serde_json::Value,
}

/// Runs a driver function through chaostoolkit-lib's activity runner, in
/// the Chaos Toolkit's venv, and reads what it printed.
pub async fn run_activity(activity: Activity<'_>) -> Outcome {
    run_activity_in(activity, Vec::new()).await
}

/// [`run_activity`] with these variables set in the driver's environment
/// (as a user would point a driver at a server).
pub async fn run_activity_in(
    activity: Activity<'_>,
    environment: Vec<(String, String)>,
) -> Outcome {
    let (module, func) = activity.function.rsplit_once('.').unwrap();
    let input = serde_json::json!({"type": activity.kind, "module": module, "func": func,
        "arguments": activity.arguments, "configuration": activity.configuration,
        "secrets": activity.secrets});
    let python = super::tools::tool("ctk");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/ctk-activity.py");
    let output = tokio::task::spawn_blocking(move || {
        use std::io::Write as _;
        use std::process::{Command, Stdio};
        // A driver that never returns fails its scenario, not the run.
        let mut child = Command::new("timeout")
            .args([DRIVER_TIMEOUT, python.as_str(), script])
            // Never the in-cluster configuration of a pod the tests run in.
            .env_remove("KUBERNETES_SERVICE_HOST")
            .envs(environment)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the Chaos Toolkit's Python runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.to_string().as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    let outcome: serde_json::Value =
        serde_json::from_str(printed.lines().last().unwrap_or_default()).unwrap_or_else(|_| {
            panic!(
                "the driver printed no outcome (status {}; `timeout` stops it after {DRIVER_TIMEOUT}): {printed}{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )
        });
    Outcome::of_activity(&outcome)
}

/// How two outcomes differ in failure or value, or `None` when they agree.
pub fn outcome_difference(ours: &Outcome, theirs: &Outcome) -> Option<String> {
    let said = |o: &Outcome| if o.failed { "failed" } else { "succeeded" };
    if ours.failed != theirs.failed {
        return Some(format!(
            "failure: kallisti {} ({}), driver {} ({})",
            said(ours),
            ours.error,
            said(theirs),
            theirs.error
        ));
    }
    if !ours.failed && ours.value != theirs.value {
        return Some(format!(
            "value: kallisti {} vs driver {}",
            ours.value, theirs.value
        ));
    }
    None
}

/// The driver function and kind of each catalog action of `namespace`
/// that names one, from the reference catalog.
pub fn driver_functions(namespace: &str) -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/catalog.json"
    ))
    .unwrap();
    let catalog: serde_json::Value = serde_json::from_str(&text).unwrap();
    let prefix = format!("{namespace}.");
    catalog["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| {
            let function = a["chaostoolkit_function"].as_str()?;
            let action = a["do"].as_str().filter(|d| d.starts_with(&prefix))?;
            let kind = a["kind"].as_str()?;
            Some((action.to_string(), (function.to_string(), kind.to_string())))
        })
        .collect()
}

/// Fails unless every action of `namespace` with a driver function is
/// compared by a scenario or listed as not comparable, and none is both.
pub fn assert_covered(namespace: &str, compared: &[&str], not_comparable: &[(&str, &str)]) {
    let uncovered: Vec<String> = driver_functions(namespace)
        .into_keys()
        .filter(|a| !compared.contains(&a.as_str()))
        .filter(|a| !not_comparable.iter().any(|(n, _)| n == a))
        .collect();
    assert!(
        uncovered.is_empty(),
        "{namespace} actions with no scenario: {uncovered:?}"
    );
    for (action, _) in not_comparable {
        assert!(
            !compared.contains(action),
            "{action} is compared and listed as not comparable"
        );
    }
}
