//! `process`: local process faults (Linux).
//!
//! - `process.kill`: send a signal (`signal`, default `SIGTERM`; `SIGKILL`,
//!   `KILL` and `9` all work).
//! - `process.suspend` / `process.resume`: `SIGSTOP` / `SIGCONT`.
//! - `process.restart`: stop each target (`signal`, then `SIGKILL` after
//!   `timeout` seconds) and start its command again.
//! - `process.running` (probe): `true` or `false`.
//! - `process.exit_status` (probe): how a child ended, `null` while it runs.
//!
//! Every step names its targets with exactly one of `pid`, `pidfile`, `name`
//! (a regex on the process's short name or command line; every process of
//! ours it matches) or `child` (a [`Child`](crate::process::Child) the test
//! started). Steps never signal pid 1, the test process, the processes that
//! started it, kernel threads, or other users' processes. Under dry run they
//! name their targets (pid, name, command line) and send nothing. The
//! trial's allow-list may restrict which process names are signalled
//! ([`AllowList::processes`](crate::trial::AllowList::processes)).

mod probe;
mod restart;
mod signal;
mod target;

use crate::action::ActionSet;

/// The actions, each bound by the file that implements it.
type Set = ActionSet;

/// The `process` namespace, ready to register.
pub fn namespace() -> ActionSet {
    let set = ActionSet::new(&kallisti_catalog::process::PROCESS);
    let set = signal::bind(set);
    let set = restart::bind(set);
    probe::bind(set)
}
