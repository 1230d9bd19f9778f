//! Which processes a step is aimed at (`pid`, `pidfile`, `name`, `child`),
//! and whether kallisti may signal them.
//!
//! Never signalled: pid 1, the test process itself, the processes that
//! started it (cargo, a shell), kernel threads, and processes of other
//! users (real user ids compared). A `pid` or `pidfile` aimed at one of them
//! is refused with an error naming the argument; a `name` pattern leaves
//! them out, and is refused only when it matches nothing else.

use crate::action::StepContext;
use crate::error::Error;
use crate::process::procfs::{ancestors_of_self, ProcessInfo};
use crate::process::Child;
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use regex::Regex;
use serde::Deserialize;
use serde_json::{json, Value};

const TARGETS: &str = "`pid`, `pidfile`, `name` or `child`";
/// How many left-alone processes a message lists before "and N more".
const LISTED: usize = 5;

fn failed(message: String) -> Error {
    Error::failed_action(message)
}

/// The target arguments every `process` step takes (exactly one of them).
#[derive(Debug, Deserialize)]
pub(super) struct Target {
    #[serde(default)]
    pid: Option<i64>,
    #[serde(default)]
    pidfile: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    pub(super) child: Option<String>,
}

/// Whether `pid` can be a process id (0 and below would signal whole groups).
fn pid_in_range(pid: i64) -> Result<i32, String> {
    match i32::try_from(pid) {
        Ok(pid) if pid > 0 => Ok(pid),
        Ok(_) => Err(format!(
            "{pid} is not a process id (0 and negative ids stand for groups of processes)"
        )),
        Err(_) => Err(format!("{pid} is not a process id")),
    }
}

fn pattern(text: &str) -> Result<Regex, Error> {
    if text.trim().is_empty() {
        return Err(Error::invalid_argument("name", "the pattern is empty"));
    }
    Regex::new(text).map_err(|e| Error::invalid_argument("name", format!("not a regex: {e}")))
}

/// Refusals that need no look at the process: pid 1 and ourselves.
fn fixed_refusal(pid: i32) -> Option<String> {
    if pid == 1 {
        return Some("refused: pid 1 is the init process, which kallisti never signals".into());
    }
    (pid == std::process::id() as i32).then(|| {
        format!("refused: pid {pid} is this process itself (the test, or the `kallisti` command)")
    })
}

/// Who we are, for the safety checks.
struct Us {
    uid: u32,
    ancestors: Vec<i32>,
}

impl Us {
    fn now() -> Us {
        Us {
            uid: nix::unistd::getuid().as_raw(),
            ancestors: ancestors_of_self(),
        }
    }

    /// Why kallisti must not signal `info`, if it must not.
    fn refusal(&self, info: &ProcessInfo) -> Option<String> {
        let (pid, name) = (info.pid, &info.name);
        if let Some(reason) = fixed_refusal(pid) {
            return Some(reason);
        }
        if self.ancestors.contains(&pid) {
            return Some(format!(
                "refused: pid {pid} (`{name}`) started this test process"
            ));
        }
        if info.kernel_thread {
            return Some(format!("refused: pid {pid} (`{name}`) is a kernel thread"));
        }
        match info.uid {
            Some(uid) if uid == self.uid => None,
            Some(uid) => Some(format!(
                "refused: pid {pid} (`{name}`) belongs to user id {uid}, not to this test's user ({})",
                self.uid
            )),
            None => Some(format!(
                "refused: the owner of pid {pid} (`{name}`) cannot be read"
            )),
        }
    }

    /// Whether a `name` pattern may see `info` at all: live, not a kernel
    /// thread, and not this process or one that started it.
    fn visible(&self, info: &ProcessInfo) -> bool {
        info.is_alive()
            && !info.kernel_thread
            && info.pid != std::process::id() as i32
            && !self.ancestors.contains(&info.pid)
    }
}

fn matches(regex: &Regex, info: &ProcessInfo) -> bool {
    regex.is_match(&info.name) || regex.is_match(&info.command_line.join(" "))
}

/// A process a step will act on.
pub(super) struct Victim {
    pub(super) info: ProcessInfo,
    /// Set when it was named through `child`.
    pub(super) child: Option<Child>,
    /// The argument that named it.
    pub(super) field: &'static str,
}

impl Victim {
    /// `{"pid", "name", "command_line", "child"}` for results and dry runs.
    pub(super) fn to_json(&self) -> Value {
        let mut value = self.info.to_json();
        value["child"] = json!(self.child.as_ref().map(Child::name));
        value
    }

    /// `pid 42 (sleep 30)`, or `child `db`, pid 42 (...)`, for logs.
    pub(super) fn describe(&self) -> String {
        let process = format!("pid {} ({})", self.info.pid, self.info.command_text());
        match &self.child {
            Some(child) => format!("child `{}`, {process}", child.name()),
            None => process,
        }
    }

    /// Sends `signal`, having made sure it is still the process that was found.
    pub(super) fn send(&self, signal: Signal) -> Result<(), Error> {
        if let Some(child) = &self.child {
            return child.signal(signal).map(drop).map_err(|exit| {
                failed(format!(
                    "`child`: `{}` is not running: it {exit}",
                    child.name()
                ))
            });
        }
        if !self.info.still_alive() {
            return Err(failed(format!(
                "`{}`: {} ended before {} was sent",
                self.field,
                self.describe(),
                signal.as_str()
            )));
        }
        kill(Pid::from_raw(self.info.pid), signal).map_err(|e| {
            failed(format!(
                "`{}`: sending {} to {}: {e}",
                self.field,
                signal.as_str(),
                self.describe()
            ))
        })
    }
}

impl Target {
    /// Exactly one target, each well formed. Probes check only this.
    pub(super) fn check(&self) -> Result<(), Error> {
        let given: Vec<&str> = [
            ("pid", self.pid.is_some()),
            ("pidfile", self.pidfile.is_some()),
            ("name", self.name.is_some()),
            ("child", self.child.is_some()),
        ]
        .into_iter()
        .filter_map(|(field, set)| set.then_some(field))
        .collect();
        match given.as_slice() {
            [] => {
                return Err(Error::invalid_argument(
                    "where",
                    format!("no target: give one of {TARGETS}"),
                ))
            }
            [_] => {}
            [first, second, ..] => {
                return Err(Error::invalid_argument(
                    *second,
                    format!(
                    "give exactly one target of {TARGETS}; `{first}` and `{second}` are both set"
                ),
                ))
            }
        }
        if let Some(pid) = self.pid {
            pid_in_range(pid).map_err(|m| Error::invalid_argument("pid", m))?;
        }
        if let Some(text) = &self.name {
            pattern(text)?;
        }
        for (field, value) in [("pidfile", &self.pidfile), ("child", &self.child)] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                return Err(Error::invalid_argument(field, "is empty"));
            }
        }
        Ok(())
    }

    /// [`check`](Self::check), plus the refusals known before anything runs
    /// (pid 1, this process), for the steps that send signals.
    pub(super) fn check_for_signals(&self) -> Result<(), Error> {
        self.check()?;
        match self.pid.and_then(|pid| fixed_refusal(pid as i32)) {
            Some(reason) => Err(Error::invalid_argument("pid", reason)),
            None => Ok(()),
        }
    }

    /// The processes a signalling step acts on: found, checked for safety,
    /// then against the trial's allow-list. Fails when there is none.
    pub(super) fn resolve(&self, ctx: &StepContext) -> Result<Vec<Victim>, Error> {
        let us = Us::now();
        let victims = if let Some(pid) = self.pid {
            vec![one_process(pid as i32, "pid", &us)?]
        } else if let Some(path) = &self.pidfile {
            vec![one_process(read_pidfile(path)?, "pidfile", &us)?]
        } else if let Some(text) = &self.name {
            matching(text, &us, ctx)?
        } else if let Some(name) = &self.child {
            vec![child_victim(name)?]
        } else {
            return Err(Error::invalid_argument(
                "where",
                format!("no target: give one of {TARGETS}"),
            ));
        };
        for victim in &victims {
            let shown = format!("pid {} ({})", victim.info.pid, victim.info.name);
            ctx.allow_list().check_process(
                &[&victim.info.name, victim.info.program()],
                &shown,
                &format!("argument `{}`", victim.field),
            )?;
        }
        Ok(victims)
    }

    /// Whether the target runs. Reads only: refuses nothing, and a missing
    /// process or pidfile is `false`; an unknown child is an error.
    pub(super) fn running(&self, ctx: &StepContext) -> Result<bool, Error> {
        let alive = |pid: i32| ProcessInfo::read(pid).is_some_and(|p| p.is_alive());
        if let Some(pid) = self.pid {
            return Ok(alive(pid as i32));
        }
        if let Some(path) = &self.pidfile {
            return Ok(match read_pidfile(path) {
                Ok(pid) => alive(pid),
                Err(error) => {
                    ctx.log(format!("not running: {error}"));
                    false
                }
            });
        }
        if let Some(text) = &self.name {
            let (regex, us) = (pattern(text)?, Us::now());
            return Ok(ProcessInfo::all()
                .iter()
                .any(|p| us.visible(p) && matches(&regex, p)));
        }
        match &self.child {
            Some(name) => Ok(find_child(name)?.is_running()),
            None => Err(Error::invalid_argument(
                "where",
                format!("no target: give one of {TARGETS}"),
            )),
        }
    }
}

/// The process `pid`, live and safe to signal.
fn one_process(pid: i32, field: &'static str, us: &Us) -> Result<Victim, Error> {
    let info = ProcessInfo::read(pid)
        .filter(ProcessInfo::is_alive)
        .ok_or_else(|| failed(format!("`{field}`: no process with pid {pid} is running")))?;
    if let Some(reason) = us.refusal(&info) {
        return Err(Error::invalid_argument(field, reason));
    }
    Ok(Victim {
        info,
        child: None,
        field,
    })
}

/// The pid a pidfile holds.
fn read_pidfile(path: &str) -> Result<i32, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| failed(format!("`pidfile`: cannot read `{path}`: {e}")))?;
    let text = text.trim();
    let pid: i64 = text.parse().map_err(|_| {
        let shown: String = text.chars().take(40).collect();
        failed(format!(
            "`pidfile`: `{path}` holds `{shown}`, not a process id"
        ))
    })?;
    pid_in_range(pid).map_err(|m| Error::invalid_argument("pidfile", format!("`{path}`: {m}")))
}

/// Every process `text` matches that may be signalled.
fn matching(text: &str, us: &Us, ctx: &StepContext) -> Result<Vec<Victim>, Error> {
    let regex = pattern(text)?;
    let (mut victims, mut refused) = (Vec::new(), Vec::new());
    for info in ProcessInfo::all() {
        if !info.is_alive() || info.kernel_thread || !matches(&regex, &info) {
            continue;
        }
        match us.refusal(&info) {
            None => victims.push(Victim {
                info,
                child: None,
                field: "name",
            }),
            Some(reason) => refused.push(reason),
        }
    }
    let listed = match refused.len() {
        n if n > LISTED => format!("{}; and {} more", refused[..LISTED].join("; "), n - LISTED),
        _ => refused.join("; "),
    };
    if !refused.is_empty() {
        ctx.log(format!(
            "`name` /{text}/ also matches processes left alone: {listed}"
        ));
    }
    match (victims.is_empty(), refused.is_empty()) {
        (false, _) => Ok(victims),
        (true, true) => Err(failed(format!(
            "`name`: no running process matches /{text}/"
        ))),
        (true, false) => Err(Error::invalid_argument(
            "name",
            format!("/{text}/ matches only processes kallisti may not signal: {listed}"),
        )),
    }
}

/// The child alive under `name`.
pub(super) fn find_child(name: &str) -> Result<Child, Error> {
    Child::find(name).ok_or_else(|| {
        let alive = Child::names();
        let alive = if alive.is_empty() {
            "none".to_string()
        } else {
            alive.join(", ")
        };
        failed(format!(
            "`child`: no child called `{name}` is alive in this process (alive: {alive})"
        ))
    })
}

fn child_victim(name: &str) -> Result<Victim, Error> {
    let child = find_child(name)?;
    if let Some(exit) = child.exit_status() {
        return Err(failed(format!(
            "`child`: `{name}` is not running: it {exit}"
        )));
    }
    let pid = child.pid() as i32;
    let info = ProcessInfo::read(pid)
        .ok_or_else(|| failed(format!("`child`: `{name}` (pid {pid}) is gone")))?;
    Ok(Victim {
        info,
        child: Some(child),
        field: "child",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(pid: i32, uid: Option<u32>) -> ProcessInfo {
        ProcessInfo {
            pid,
            name: "x".into(),
            command_line: vec!["x".into()],
            state: 'S',
            ppid: 1,
            uid,
            start_time: 1,
            kernel_thread: false,
        }
    }

    #[test]
    fn refusals() {
        let us = Us {
            uid: 1000,
            ancestors: vec![77],
        };
        assert!(us.refusal(&info(1, Some(1000))).unwrap().contains("init"));
        let me = std::process::id() as i32;
        assert!(us
            .refusal(&info(me, Some(1000)))
            .unwrap()
            .contains("itself"));
        assert!(us
            .refusal(&info(77, Some(1000)))
            .unwrap()
            .contains("started this test"));
        let other = us.refusal(&info(4242, Some(0))).unwrap();
        assert!(other.contains("user id 0"), "{other}");
        assert!(us.refusal(&info(4242, None)).is_some());
        assert_eq!(us.refusal(&info(4242, Some(1000))), None);
        let mut kthread = info(4242, Some(1000));
        kthread.kernel_thread = true;
        assert!(us.refusal(&kthread).unwrap().contains("kernel thread"));
    }

    #[test]
    fn pids_out_of_range() {
        assert!(pid_in_range(0).is_err());
        assert!(pid_in_range(-1).is_err());
        assert!(pid_in_range(i64::from(i32::MAX) + 1).is_err());
        assert_eq!(pid_in_range(42), Ok(42));
    }
}
