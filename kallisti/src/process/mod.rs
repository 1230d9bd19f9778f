//! Local processes a test starts and disturbs (Linux).
//!
//! [`Child`] starts a process under a name, captures its output, and makes
//! it a target for the `process` steps (`"child": "NAME"`): kill it with a
//! signal, suspend and resume it, restart it, ask whether it runs and how
//! it ended. Dropping the `Child` kills it.
//!
//! ```
//! use kallisti::process::{Child, ChildCommand};
//! use kallisti::{Experiment, Registry, Trial, TrialStatus};
//! use serde_json::json;
//! use std::time::Duration;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let cache = Child::spawn("doc-cache", ChildCommand::new("sleep").arg("30")).unwrap();
//! let experiment = Experiment::from_value(json!({
//!     "name": "the cache dies",
//!     "steps": [
//!         {"step": "kill the cache", "do": "process.kill",
//!          "where": {"child": "doc-cache", "signal": "SIGKILL"}},
//!     ],
//! }))
//! .unwrap();
//! let record = Trial::new(experiment).run(&Registry::with_builtins()).await;
//! assert_eq!(record.status, TrialStatus::Succeeded);
//! let exit = cache.wait_for_exit(Duration::from_secs(10)).await.unwrap();
//! assert_eq!(exit.signal_name(), Some("SIGKILL"));
//! # }
//! ```

// Processes are read from `/proc`, and children tied to the test process
// with `prctl`: both are Linux's.
#[cfg(not(target_os = "linux"))]
compile_error!("the `process` feature of kallisti needs Linux");

mod child;
mod command;
pub(crate) mod procfs;
pub(crate) mod signal;

pub use child::Child;
pub use command::ChildCommand;
pub use signal::Exit;
