//! `process`: local process faults: signals, suspend and resume, restarts.
//!
//! Every step names its target processes with exactly one of `pid`,
//! `pidfile`, `name` or `child`.

use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

const PID: ArgSpec =
    ArgSpec::optional("pid", ArgType::Integer, "null").doc("Target: the process with this id.");
const PIDFILE: ArgSpec = ArgSpec::optional("pidfile", ArgType::String, "null")
    .doc("Target: the process whose id this file holds.");
const NAME: ArgSpec = ArgSpec::optional("name", ArgType::String, "null")
    .doc("Target: every process of ours whose short name or command line this regex matches.");
const CHILD: ArgSpec = ArgSpec::optional("child", ArgType::String, "null")
    .doc("Target: the `kallisti::process::Child` the test started under this name.");
const SIGNAL: ArgSpec = ArgSpec::optional("signal", ArgType::String, "\"SIGTERM\"")
    .doc("The signal: a name (`SIGKILL`, `KILL`) or a number (`9`).");

/// The `process` namespace.
pub static PROCESS: NamespaceSpec = NamespaceSpec {
    name: "process",
    feature: "process",
    common_args: &[],
    actions: &[
        ActionSpec::action("kill", &[PID, PIDFILE, NAME, CHILD, SIGNAL])
            .returns("mapping")
            .doc("Sends `signal` (default SIGTERM) to the target processes; returns the signal and the processes it went to."),
        ActionSpec::action("suspend", &[PID, PIDFILE, NAME, CHILD])
            .returns("mapping")
            .doc("Freezes the target processes with SIGSTOP; returns the processes frozen."),
        ActionSpec::action("resume", &[PID, PIDFILE, NAME, CHILD])
            .returns("mapping")
            .doc("Lets frozen target processes go on with SIGCONT; returns the processes resumed."),
        ActionSpec::action(
            "restart",
            &[
                PID,
                PIDFILE,
                NAME,
                CHILD,
                ArgSpec::optional("signal", ArgType::String, "\"SIGTERM\"")
                    .doc("The signal that stops each process first: a name or a number."),
                ArgSpec::optional("timeout", ArgType::Number, "10")
                    .doc("Seconds to wait for a process to end before it gets SIGKILL."),
            ],
        )
        .returns("mapping")
        .doc("Stops each target and starts its command again: a child under its own name (one that has ended is just started), any other process from its /proc command line, folder and environment, detached; returns old and new pids."),
        ActionSpec::probe("running", &[PID, PIDFILE, NAME, CHILD])
            .returns("boolean")
            .doc("Whether the target runs: a live process with that pid or pidfile, any live process matching `name` (any user), or a child that has not ended."),
        ActionSpec::probe(
            "exit_status",
            &[ArgSpec::required("child", ArgType::String)
                .doc("The `kallisti::process::Child` the test started under this name.")],
        )
        .returns("mapping")
        .doc("How a child ended: null while it runs, else `code`, `signal` (its name) and `signal_number`."),
    ],
    doc: "Local process faults: signals, suspend and resume, restarts.",
};
