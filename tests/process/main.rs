//! The `process` namespace and `kallisti::process::Child`, against real
//! processes: signals seen in exit statuses and `/proc` states, restarts
//! that get new pids and run again, every kind of target, the refusals,
//! dry run, the allow-list, bad input, and `#[chaos_test]`.

mod chaos_macro;
mod child_api;
mod common;
mod dry_run;
mod restart;
mod safety;
mod signals;
mod targets;
mod validation;
