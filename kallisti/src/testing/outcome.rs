//! How a chaos test's body ends, and how the test reports its trial.

use super::RECORD_DIR_VAR;
use crate::trial::TrialRecord;
use std::fmt::Debug;
use std::future::Future;
use std::path::{Path, PathBuf};

/// What a test body may return: `()`, or a `Result` whose `Err` fails the test.
pub trait BodyOutcome {
    /// Why the body failed, if it did.
    fn failure(self) -> Option<String>;
}

impl BodyOutcome for () {
    fn failure(self) -> Option<String> {
        None
    }
}

impl<T, E: Debug> BodyOutcome for Result<T, E> {
    fn failure(self) -> Option<String> {
        self.err().map(|e| format!("{e:?}"))
    }
}

/// Pins an async body's output type, so `?` inside it knows what to convert
/// to (the macro wraps bodies with it).
pub fn body_future<R, F: Future<Output = R>>(future: F) -> F {
    future
}

/// Runs a plain `fn` body where the runtime allows blocking, so `during`
/// steps (on the worker threads) keep running while it works.
pub async fn blocking_body<R, F: FnOnce() -> R>(body: F) -> R {
    tokio::task::block_in_place(body)
}

/// A function that looks at the record before the test's outcome is decided.
pub type Inspector<'a> = Box<dyn FnOnce(&TrialRecord) + 'a>;

/// Boxes an `inspect` function (what `#[chaos_test(inspect = ...)]` passes).
pub fn inspector<'a, F: FnOnce(&TrialRecord) + 'a>(f: F) -> Option<Inspector<'a>> {
    Some(Box::new(f))
}

/// Panics with the trial's report unless it succeeded.
pub(crate) fn assert_succeeded(record: &TrialRecord, dir: Option<PathBuf>) {
    if record.succeeded() {
        return;
    }
    let mut report = crate::report::text(record);
    report.push_str(&format!(
        "\nTrial record: {}\n",
        record_path_in(record, dir).display()
    ));
    panic!("chaos test failed: trial {}\n\n{report}", record.status);
}

/// The folder records go to: `KALLISTI_RECORD_DIR`, else `target/kallisti/`
/// (found from the test binary's place in `target/<profile>/deps/`).
fn record_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(RECORD_DIR_VAR) {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().ok();
    let target = exe.as_deref().and_then(|exe| {
        let deps = exe.parent()?;
        if deps.file_name()? != "deps" {
            return None;
        }
        Some(deps.parent()?.parent()?.to_path_buf())
    });
    target
        .unwrap_or_else(|| Path::new("target").to_path_buf())
        .join("kallisti")
}

/// Where a test's trial record is written: `KALLISTI_RECORD_DIR`, else
/// `target/kallisti/`, then the test's name (`module.test_name.json`).
pub fn record_path(record: &TrialRecord) -> PathBuf {
    record_path_in(record, None)
}

fn record_path_in(record: &TrialRecord, dir: Option<PathBuf>) -> PathBuf {
    let file: String = record
        .experiment
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '.'
            }
        })
        .collect();
    let file = file.replace("..", ".");
    dir.unwrap_or_else(record_dir).join(format!("{file}.json"))
}

/// Writes the record as JSON for CI artifacts; a failure to write is
/// reported on stderr, never fails the test.
pub(crate) fn write_record(record: &TrialRecord, dir: Option<PathBuf>) {
    let path = record_path_in(record, dir);
    // Written aside, then renamed: a reader never sees half a record.
    let partial = path.with_extension(format!("json.{}.partial", std::process::id()));
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&partial, crate::report::json(record)))
        .and_then(|()| std::fs::rename(&partial, &path));
    match written {
        Ok(()) => {
            tracing::info!(target: "kallisti::trial", path = %path.display(), "trial record written")
        }
        Err(e) => eprintln!(
            "kallisti: could not write the trial record {}: {e}",
            path.display()
        ),
    }
    if super::env_flag(super::HTML_VAR) {
        let page = path.with_extension("html");
        if let Err(e) = std::fs::write(&page, crate::report::html(record)) {
            eprintln!(
                "kallisti: could not write the HTML report {}: {e}",
                page.display()
            );
        }
    }
}

/// What `#[chaos_test(chaostoolkit = ...)]` runs: the experiment, the body
/// after its method, and a panic with the report unless both went well.
#[cfg(feature = "chaostoolkit")]
pub(crate) async fn run_chaostoolkit<F, Fut>(name: &str, shown: &str, text: &str, body: F)
where
    F: FnOnce() -> Fut,
    Fut: Future,
    Fut::Output: BodyOutcome,
{
    use crate::chaostoolkit::{parse_document, ChaosToolkitExperiment, ChaosToolkitRun};
    use futures_util::FutureExt;
    let experiment = parse_document(shown, text)
        .and_then(ChaosToolkitExperiment::from_value)
        .unwrap_or_else(|e| panic!("chaos test {name}: {shown}: {e}"));
    let body = async move {
        match std::panic::AssertUnwindSafe(body()).catch_unwind().await {
            Ok(outcome) => outcome.failure(),
            Err(payload) => Some(format!(
                "the body panicked: {}",
                crate::trial::panic_message(payload.as_ref())
            )),
        }
    };
    let registry = crate::Registry::with_builtins();
    let mut outcome = ChaosToolkitRun::new(experiment)
        .run_with_body(&registry, Some(body))
        .await;
    outcome.record.experiment = name.to_string();
    write_record(&outcome.record, None);
    // The Chaos Toolkit calls a run that missed its steady state before the
    // method `completed`; the body never ran, so the test cannot pass.
    let missed_before = outcome.journal.as_ref().is_some_and(|j| {
        j.pointer("/steady_states/before/steady_state_met") == Some(&serde_json::json!(false))
    });
    let failed = outcome.exit_code() != 0 || outcome.body_failure.is_some() || missed_before;
    if failed {
        let mut report = crate::report::text(&outcome.record);
        if missed_before {
            report.push_str("\nThe steady state was not met before the method: the method and the body did not run.\n");
        }
        if let Some(failure) = &outcome.body_failure {
            report.push_str(&format!("\nThe test body failed: {failure}\n"));
        }
        panic!(
            "chaos test failed: Chaos Toolkit status {}{}\n\n{report}",
            outcome.status(),
            if outcome.deviated() { ", deviated" } else { "" }
        );
    }
}
