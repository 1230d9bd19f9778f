//! Chaos Toolkit experiments side by side. Every experiment of
//! `tests/fixtures/chaostoolkit` runs under `chaos run` (chaostoolkit 1.19
//! on chaostoolkit-lib 1.44, from the venv `scripts/test-tools ctk` makes)
//! and under `kallisti run`, each tool in a fresh world of its own (the
//! demo service, a FakeKubernetes seeded alike, a refused port, a
//! directory). Exit codes, statuses and journals must agree field by
//! field, times aside, and so must the requests the service received and
//! the objects left in the cluster; or the difference is one of
//! [`compare::DEVIATIONS`], with its reason.
//!
//! Each experiment also states what `chaos run` does with it (its
//! `kallisti-corpus` extension), which is checked on its own: the corpus
//! must exercise what its README says, not merely agree.
//!
//! ```sh
//! cargo test --features ctk --test ctk -- --nocapture    # the tables
//! ```
//! `KALLISTI_BIN` names a `kallisti` command to use; without it the test
//! builds one (`cargo build -p kallisti --features k8s`).

#[path = "../support/mod.rs"]
mod support;

mod command;
mod compare;
mod corpus;
mod inline;
mod runner;
mod world;

use futures_util::StreamExt as _;
use runner::{Outcome, Tool};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Experiments run at once: most of a run is Python starting up.
const AT_ONCE: usize = 3;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Every experiment under `tool`, each run kept in a directory `label`.
async fn run_all(tool: Tool, label: &'static str) -> Vec<(String, Outcome)> {
    futures_util::stream::iter(corpus::experiments())
        .map(|file| async move {
            let outcome = runner::run(tool, &file, label).await;
            (file, outcome)
        })
        .buffered(AT_ONCE)
        .collect()
        .await
}

/// Every experiment under `chaos run`, once for all the tests.
fn chaos_runs() -> &'static [(String, Outcome)] {
    static RUNS: OnceLock<Vec<(String, Outcome)>> = OnceLock::new();
    RUNS.get_or_init(|| runtime().block_on(run_all(Tool::Chaos, "chaos")))
}

/// How a run ended, as the tables show it.
fn ending(outcome: &Outcome) -> String {
    match &outcome.journal {
        Some(journal) => format!(
            "{}{} (exit {})",
            journal["status"].as_str().unwrap_or("?"),
            if journal["deviated"] == true {
                ", deviated"
            } else {
                ""
            },
            outcome.exit.map_or("killed".into(), |c| c.to_string())
        ),
        None => format!("no journal (exit {:?})", outcome.exit),
    }
}

#[test]
fn the_readme_lists_every_experiment() {
    assert_eq!(
        corpus::listed_in_readme(),
        corpus::experiments(),
        "tests/fixtures/chaostoolkit/README.md lists each experiment once"
    );
}

#[test]
fn chaos_run_does_what_each_experiment_says() {
    let mut problems = Vec::new();
    let mut table = Vec::new();
    for (file, outcome) in chaos_runs() {
        table.push(format!("  {file:<45} {}", ending(outcome)));
        let Some(journal) = &outcome.journal else {
            problems.push(format!(
                "{file}: chaos run wrote no journal:\n{}",
                outcome.printed
            ));
            continue;
        };
        match corpus::intent(journal) {
            Ok(intent) => problems.extend(
                corpus::unmet(&intent, outcome.exit, journal)
                    .into_iter()
                    .map(|p| format!("{file}: {p} (run in {})", outcome.dir.display())),
            ),
            Err(e) => problems.push(format!("{file}: {e}")),
        }
    }
    println!("chaos run on the corpus:\n{}", table.join("\n"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_comparison_finds_no_difference_between_two_chaos_runs() {
    // What differs from run to run (times, ports, directories, dates) must
    // not show as a difference, or kallisti would be blamed for it.
    let first = chaos_runs();
    let again = runtime().block_on(run_all(Tool::Chaos, "chaos-again"));
    let mut noise = Vec::new();
    for ((file, a), (_, b)) in first.iter().zip(&again) {
        for difference in compare::differences(a, b) {
            noise.push(format!(
                "{file}: {}",
                compare::describe(&difference, a.journal.as_ref(), ["first", "second"])
            ));
        }
    }
    assert!(
        noise.is_empty(),
        "two runs of chaos run differ:\n{}",
        noise.join("\n")
    );
}

/// The verdict on one experiment: the table's text, and what fails the test.
fn verdict(
    file: &str,
    chaos: &Outcome,
    kallisti: &Outcome,
    used: &mut HashSet<usize>,
) -> (String, Vec<String>) {
    let differences = compare::differences(chaos, kallisti);
    let mut unexpected = Vec::new();
    let mut reasons = Vec::new();
    for difference in &differences {
        match compare::deviation_for(file, &difference.path) {
            Some(deviation) => {
                let index = compare::DEVIATIONS
                    .iter()
                    .position(|d| d.file == deviation.file && d.path == deviation.path)
                    .unwrap();
                used.insert(index);
                if !reasons.contains(&deviation.reason) {
                    reasons.push(deviation.reason);
                }
            }
            None => unexpected.push(compare::describe(
                difference,
                chaos.journal.as_ref(),
                ["chaos run", "kallisti"],
            )),
        }
    }
    let text = match (unexpected.len(), reasons.len()) {
        (0, 0) => "agrees".to_string(),
        (0, n) => format!("agrees but for {n} deviation(s) on purpose"),
        (n, _) => format!("DIFFERS in {n} place(s)"),
    };
    if unexpected.is_empty() {
        return (text, Vec::new());
    }
    let shown = unexpected.len().min(25);
    let mut message = format!(
        "{file}: kallisti and chaos run differ ({} under {}):\n  {}",
        unexpected.len(),
        chaos.dir.parent().unwrap().display(),
        unexpected[..shown].join("\n  ")
    );
    message.push_str(&format!(
        "\n  chaos run printed:\n{}\n  kallisti printed:\n{}",
        chaos.printed, kallisti.printed
    ));
    (text, vec![message])
}

#[test]
fn kallisti_run_agrees_with_chaos_run() {
    let files = corpus::experiments();
    for deviation in compare::DEVIATIONS {
        assert!(
            deviation.file == "*" || files.iter().any(|f| f == deviation.file),
            "deviation for {} names no corpus experiment",
            deviation.file
        );
    }
    let chaos = chaos_runs();
    runner::kallisti_binary();
    let kallisti = runtime().block_on(run_all(Tool::Kallisti, "kallisti"));
    let (mut used, mut failures, mut table) = (HashSet::new(), Vec::new(), Vec::new());
    for ((file, ours), (_, theirs)) in kallisti.iter().zip(chaos) {
        let (text, problems) = verdict(file, theirs, ours, &mut used);
        table.push(format!("  {file:<45} {:<32} {text}", ending(theirs)));
        failures.extend(problems);
    }
    for (index, deviation) in compare::DEVIATIONS.iter().enumerate() {
        if !used.contains(&index) {
            failures.push(format!(
                "{} {}: listed as a deviation, but the two agree there",
                deviation.file, deviation.path
            ));
        }
    }
    let agreeing = table.iter().filter(|l| l.contains(" agrees")).count();
    println!(
        "kallisti run and chaos run side by side: {} experiments compared, {agreeing} agree, \
         {} deviation(s) on purpose listed\n{}\nDeviations on purpose:\n{}",
        table.len(),
        compare::DEVIATIONS.len(),
        table.join("\n"),
        compare::DEVIATIONS
            .iter()
            .map(|d| format!("  {} {}: {}", d.file, d.path, d.reason))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
