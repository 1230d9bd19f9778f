//! What `/proc` says about a process: its name, command line, state, parent,
//! owner and start time. Linux only.

use serde_json::{json, Value};
use std::path::PathBuf;

/// The kernel's flag for its own threads (`PF_KTHREAD` in `/proc/<pid>/stat`).
const KERNEL_THREAD_FLAG: u64 = 0x0020_0000;

/// One process as `/proc` showed it when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProcessInfo {
    /// Its process id.
    pub(crate) pid: i32,
    /// The kernel's short name for it (`comm`, at most 15 bytes).
    pub(crate) name: String,
    /// Its arguments, the program first (empty for kernel threads and zombies).
    pub(crate) command_line: Vec<String>,
    /// The state letter: `R`, `S`, `D`, `T` (stopped), `Z` (exited, not reaped)...
    pub(crate) state: char,
    /// Its parent's process id.
    pub(crate) ppid: i32,
    /// Its real user id, when `/proc/<pid>/status` could be read.
    pub(crate) uid: Option<u32>,
    /// When it started, in clock ticks after boot: with the pid, this tells
    /// one process from a later one that got the same pid.
    pub(crate) start_time: u64,
    /// Whether it is one of the kernel's own threads.
    pub(crate) kernel_thread: bool,
}

/// The fields of `/proc/<pid>/stat` this module uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stat {
    pub(crate) name: String,
    pub(crate) state: char,
    pub(crate) ppid: i32,
    pub(crate) flags: u64,
    pub(crate) start_time: u64,
}

/// Reads the text of `/proc/<pid>/stat`. The name sits between the first
/// `(` and the *last* `)`, since a name may itself hold parentheses.
pub(crate) fn parse_stat(text: &str) -> Option<Stat> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let name = text.get(open + 1..close)?.to_string();
    // After the name: state, ppid, pgrp, session, tty, tpgid, flags, ... (start time is the 20th).
    let fields: Vec<&str> = text.get(close + 1..)?.split_whitespace().collect();
    Some(Stat {
        name,
        state: fields.first()?.chars().next()?,
        ppid: fields.get(1)?.parse().ok()?,
        flags: fields.get(6)?.parse().ok()?,
        start_time: fields.get(19)?.parse().ok()?,
    })
}

/// The real user id in the text of `/proc/<pid>/status` (the first number of its `Uid:` line).
pub(crate) fn real_uid(status: &str) -> Option<u32> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().next())
        .and_then(|real| real.parse().ok())
}

/// The NUL-separated strings of `/proc/<pid>/cmdline` or `environ`.
pub(crate) fn split_nul(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|b| *b == 0)
        .filter(|part| !part.is_empty())
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect()
}

fn proc_path(pid: i32, file: &str) -> PathBuf {
    PathBuf::from(format!("/proc/{pid}/{file}"))
}

impl ProcessInfo {
    /// The process `pid` as it is now, or `None` when there is none.
    pub(crate) fn read(pid: i32) -> Option<ProcessInfo> {
        if pid <= 0 {
            return None;
        }
        let stat = parse_stat(&std::fs::read_to_string(proc_path(pid, "stat")).ok()?)?;
        let command_line = std::fs::read(proc_path(pid, "cmdline"))
            .map(|bytes| split_nul(&bytes))
            .unwrap_or_default();
        let uid = std::fs::read_to_string(proc_path(pid, "status"))
            .ok()
            .and_then(|status| real_uid(&status));
        Some(ProcessInfo {
            pid,
            name: stat.name,
            command_line,
            state: stat.state,
            ppid: stat.ppid,
            uid,
            start_time: stat.start_time,
            kernel_thread: stat.flags & KERNEL_THREAD_FLAG != 0,
        })
    }

    /// Every process there is now (those that vanish while being read are left out).
    pub(crate) fn all() -> Vec<ProcessInfo> {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
            .filter_map(ProcessInfo::read)
            .collect()
    }

    /// Whether it still runs (a zombie has ended; only its exit status is left).
    pub(crate) fn is_alive(&self) -> bool {
        !matches!(self.state, 'Z' | 'X' | 'x')
    }

    /// Whether it is still the same process (same pid, same start time) and alive.
    pub(crate) fn still_alive(&self) -> bool {
        ProcessInfo::read(self.pid)
            .is_some_and(|now| now.start_time == self.start_time && now.is_alive())
    }

    /// The command line as one line of text (the name in brackets when empty, as `ps` shows it).
    pub(crate) fn command_text(&self) -> String {
        if self.command_line.is_empty() {
            format!("[{}]", self.name)
        } else {
            self.command_line.join(" ")
        }
    }

    /// The file name of the program it runs, from its command line (or its short name).
    pub(crate) fn program(&self) -> &str {
        self.command_line
            .first()
            .and_then(|argv0| argv0.rsplit('/').next())
            .filter(|base| !base.is_empty())
            .unwrap_or(&self.name)
    }

    /// `{"pid", "name", "command_line"}`: how results and dry runs name it.
    pub(crate) fn to_json(&self) -> Value {
        json!({"pid": self.pid, "name": self.name, "command_line": self.command_text()})
    }
}

/// The process ids of the processes that started this one: its parent, the
/// parent's parent, and so on up to (not including) pid 1.
pub(crate) fn ancestors_of_self() -> Vec<i32> {
    let mut found = Vec::new();
    let mut pid = std::process::id() as i32;
    while let Some(parent) = ProcessInfo::read(pid).map(|p| p.ppid) {
        if parent <= 1 || found.contains(&parent) {
            break;
        }
        found.push(parent);
        pid = parent;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_lines_with_odd_names() {
        let line = "4242 (my (odd) name) T 17 4242 4242 0 -1 4194560 0 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        let stat = parse_stat(line).unwrap();
        assert_eq!(stat.name, "my (odd) name");
        assert_eq!((stat.state, stat.ppid), ('T', 17));
        assert_eq!(stat.start_time, 987654);
        assert_eq!(stat.flags & KERNEL_THREAD_FLAG, 0);
        assert!(parse_stat("garbage").is_none());
    }

    #[test]
    fn the_real_uid_is_the_first_of_four() {
        let status = "Name:\tsleep\nState:\tS (sleeping)\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n";
        // The effective uid is 0 here, but the real one is what counts.
        assert_eq!(real_uid(status), Some(1000));
        assert_eq!(real_uid("Name:\tx\n"), None);
    }

    #[test]
    fn this_process_reads_as_ours_and_alive() {
        let me = ProcessInfo::read(std::process::id() as i32).unwrap();
        assert!(me.is_alive() && me.still_alive());
        assert!(!me.kernel_thread);
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        assert_eq!(real_uid(&status), Some(nix::unistd::getuid().as_raw()));
        assert_eq!(me.uid, Some(nix::unistd::getuid().as_raw()));
        assert!(!me.command_line.is_empty());
        assert!(ProcessInfo::read(0).is_none());
    }

    #[test]
    fn nul_separated_lists() {
        assert_eq!(split_nul(b"sleep\x0030\x00"), ["sleep", "30"]);
        assert!(split_nul(b"").is_empty());
    }
}
