//! Chaos Toolkit experiments, run as they are written.
//!
//! A Chaos Toolkit experiment (JSON or YAML: `title`, `description`, a
//! `steady-state-hypothesis`, a `method`, `rollbacks`) runs here with the
//! Chaos Toolkit's meaning: tolerances, runtime strategies, pauses,
//! background activities, `ref`s, configuration, secrets and `${name}`
//! substitution, and its statuses (`completed`, `failed`, `aborted`,
//! `interrupted`, plus `deviated`). Each activity becomes one kallisti
//! step, so it gets kallisti's allow-list, redaction, timeouts and dry run:
//!
//! - a python provider whose function a Chaos Toolkit driver defines
//!   (`chaosk8s.pod.actions.terminate_pods`) runs as the kallisti action
//!   that stands in for it (`k8s.terminate_pods`), with the same argument
//!   names; the driver's connection settings carry over (`KUBERNETES_HOST`,
//!   `KUBERNETES_CONTEXT`, `aws_region`, `cf_api_url`,
//!   `prometheus_base_url`, `toxiproxy_host`);
//! - http and process providers run natively (`chaostoolkit.http`,
//!   `chaostoolkit.process`), with the Chaos Toolkit's output shapes;
//! - any other python function runs through a Python interpreter
//!   (`chaostoolkit.python`).
//!
//! Controls are not run: each is named in a warning. Where kallisti
//! differs on purpose (each shown side by side with `chaos run` in the
//! suite's `ctk` tests):
//! - secret values are masked (`***`) wherever they appear: in outputs
//!   before a tolerance reads them, and in the journal's copy of the
//!   experiment;
//! - input the Chaos Toolkit would only trip over midway (an http URL
//!   without a scheme) or a target the allow-list refuses makes the
//!   experiment invalid before anything runs, rather than `aborted` after
//!   some chaos is already in place;
//! - a probe tolerance's output is not written back into the experiment;
//! - response header names are as the client reads them: lower case;
//! - Vault secrets are refused (read them into an environment variable);
//! - python functions of other modules share one interpreter, so
//!   background ones among them run one at a time.
//!
//! ```no_run
//! use kallisti::chaostoolkit::{ChaosToolkitExperiment, ChaosToolkitRun};
//! use kallisti::Registry;
//!
//! # async fn run() -> std::io::Result<()> {
//! let experiment = ChaosToolkitExperiment::load("experiment.yaml").expect("a valid file");
//! let outcome = ChaosToolkitRun::new(experiment).run(&Registry::with_builtins()).await;
//! std::fs::write("journal.json", serde_json::to_vec_pretty(&outcome.journal)?)?;
//! std::process::exit(outcome.exit_code());
//! # }
//! ```

mod activity;
mod config;
mod convert;
mod document;
mod execute;
mod journal;
mod run;
#[cfg(test)]
mod tests;
mod tolerance;
mod validate;

pub use crate::experiment::is_chaostoolkit;
pub use convert::{convert, Conversion};
pub use document::{parse_document, ChaosToolkitExperiment};
pub use run::{ChaosToolkitOutcome, ChaosToolkitRun, HypothesisStrategy, RollbackStrategy};

use crate::experiment::Problem;
use crate::registry::Registry;

/// Every problem with `experiment`, found at once (none when it can run),
/// with the warnings a run would show.
pub async fn check(
    experiment: &ChaosToolkitExperiment,
    registry: &Registry,
) -> (Vec<Problem>, Vec<String>) {
    let env = |name: &str| std::env::var(name).ok();
    match validate::validate(experiment, registry, &env).await {
        Ok(checked) => (Vec::new(), checked.warnings),
        Err(problems) => (problems, validate::control_warnings(experiment)),
    }
}
