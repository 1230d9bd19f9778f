//! `run`, `validate` and `convert` of Chaos Toolkit experiments.

use crate::run::{emit, usage_error};
use crate::{ChaosToolkitArgs, RunArgs, Safety};
use kallisti::chaostoolkit::{
    self, ChaosToolkitExperiment, ChaosToolkitRun, HypothesisStrategy, RollbackStrategy,
};
use kallisti::{CancellationToken, Registry};
use serde_json::Value;
use std::path::Path;
use std::process::ExitCode;

/// Runs a Chaos Toolkit experiment, prints kallisti's report, writes the
/// journal when asked; exits as `chaos run` does (0 completed without
/// deviation, else 1).
pub async fn run(registry: &Registry, args: RunArgs, document: Value) -> ExitCode {
    let experiment = match ChaosToolkitExperiment::from_value(document) {
        Ok(e) => e,
        Err(e) => return usage_error(format!("{}: {e}", args.file.display())),
    };
    if !args.params.is_empty() || args.trial_file.is_some() {
        return usage_error("--param and --trial-file are for Kallisti experiments; a Chaos Toolkit experiment reads its `configuration`");
    }
    let token = CancellationToken::new();
    crate::run::stop_on_signals(token.clone());
    let mut ctk = ChaosToolkitRun::new(experiment)
        .allow(args.safety.allow_list())
        .dry_run(args.dry_run)
        .cancel_on(token);
    match strategies(&args.ctk) {
        Ok((hypothesis, rollbacks)) => {
            if let Some(h) = hypothesis {
                ctk = ctk.hypothesis_strategy(h);
            }
            if let Some(r) = rollbacks {
                ctk = ctk.rollback_strategy(r);
            }
        }
        Err(message) => return usage_error(message),
    }
    if let Some(every) = args.ctk.hypothesis_frequency {
        ctk = ctk.hypothesis_frequency(every);
    }
    if let Some(seed) = args.seed.or_else(kallisti::trial::seed_from_env) {
        ctk = ctk.seed(seed);
    }
    // Its warnings (controls skipped) reach stderr through `tracing`.
    let outcome = ctk.run(registry).await;
    if let (Some(path), Some(journal)) = (&args.ctk.journal_path, &outcome.journal) {
        let text = serde_json::to_string_pretty(journal).expect("a journal serializes");
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("kallisti: cannot write {}: {e}", path.display());
        }
    }
    if let Some(path) = &args.record {
        if let Err(e) = std::fs::write(path, kallisti::report::json(&outcome.record)) {
            eprintln!("kallisti: cannot write {}: {e}", path.display());
        }
    }
    emit(&kallisti::report::render(&outcome.record, args.format));
    if outcome.journal.is_some() {
        eprintln!(
            "kallisti: Chaos Toolkit status {}{}",
            outcome.status(),
            if outcome.deviated() { ", deviated" } else { "" }
        );
    }
    ExitCode::from(outcome.exit_code() as u8)
}

fn strategies(
    args: &ChaosToolkitArgs,
) -> Result<(Option<HypothesisStrategy>, Option<RollbackStrategy>), String> {
    let hypothesis = match &args.hypothesis_strategy {
        Some(name) => Some(HypothesisStrategy::from_name(name).ok_or_else(|| {
            format!("--hypothesis-strategy `{name}` is not one of default, before-method-only, after-method-only, during-method-only, continuously")
        })?),
        None => None,
    };
    let rollbacks = match &args.rollback_strategy {
        Some(name) => Some(RollbackStrategy::from_name(name).ok_or_else(|| {
            format!("--rollback-strategy `{name}` is not one of default, always, never, deviated")
        })?),
        None => None,
    };
    Ok((hypothesis, rollbacks))
}

/// Lists every problem of a Chaos Toolkit experiment, and its warnings.
pub async fn validate(
    registry: &Registry,
    file: &Path,
    document: Value,
    _safety: Safety,
) -> ExitCode {
    let experiment = match ChaosToolkitExperiment::from_value(document) {
        Ok(e) => e,
        Err(e) => return usage_error(format!("{}: {e}", file.display())),
    };
    let (problems, warnings) = chaostoolkit::check(&experiment, registry).await;
    for warning in &warnings {
        eprintln!("kallisti: warning: {warning}");
    }
    if problems.is_empty() {
        println!("{}: valid Chaos Toolkit experiment", file.display());
        return ExitCode::SUCCESS;
    }
    println!("{}: {} problem(s)", file.display(), problems.len());
    for problem in problems {
        println!("  - {problem}");
    }
    ExitCode::from(kallisti::TrialStatus::Invalid.exit_code() as u8)
}

/// Prints the Kallisti experiment nearest to a Chaos Toolkit one, and on
/// stderr what it does not express.
pub fn convert(file: &Path, document: Value, output: Option<&Path>) -> ExitCode {
    let experiment = match ChaosToolkitExperiment::from_value(document) {
        Ok(e) => e,
        Err(e) => return usage_error(format!("{}: {e}", file.display())),
    };
    let conversion = chaostoolkit::convert(&experiment);
    let json = conversion.experiment.to_json_pretty() + "\n";
    match output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, json) {
                return usage_error(format!("cannot write {}: {e}", path.display()));
            }
        }
        None => emit(&json),
    }
    if !conversion.not_expressed.is_empty() {
        eprintln!("kallisti: not expressed the same way in Kallisti:");
        for note in &conversion.not_expressed {
            eprintln!("  - {note}");
        }
    }
    ExitCode::SUCCESS
}
