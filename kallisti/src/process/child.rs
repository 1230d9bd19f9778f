//! [`Child`]: a process a test starts, known by name to the `process` steps.

use super::command::ChildCommand;
use super::signal::Exit;
use nix::sys::signal::{kill, killpg, Signal};
use nix::sys::wait::{waitid, Id, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;
use std::collections::HashMap;
use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

/// How much of each output stream is kept: past this, the oldest half goes.
const OUTPUT_LIMIT: usize = 8 << 20;
/// How often waits look again.
const POLL: Duration = Duration::from_millis(20);

type Buffer = Arc<Mutex<Vec<u8>>>;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One run of the command.
///
/// Its process is not reaped until the run is finished: while it is a
/// zombie, its pid (which is also its process group's id) cannot go to
/// another process, so signalling it or its group never hits a stranger.
struct Run {
    process: std::process::Child,
    exit: Option<Exit>,
    reaped: bool,
}

impl Run {
    fn new(process: std::process::Child) -> Self {
        Run {
            process,
            exit: None,
            reaped: false,
        }
    }

    fn pid(&self) -> i32 {
        self.process.id() as i32
    }

    /// How it ended, if it has; looks without reaping it.
    fn poll(&mut self) -> Option<Exit> {
        if self.exit.is_none() {
            let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOHANG | WaitPidFlag::WNOWAIT;
            match waitid(Id::Pid(Pid::from_raw(self.pid())), flags) {
                Ok(WaitStatus::Exited(_, code)) => self.exit = Some(Exit::Code(code)),
                Ok(WaitStatus::Signaled(_, signal, _)) => {
                    self.exit = Some(Exit::Signal(signal as i32));
                }
                _ => {}
            }
        }
        self.exit
    }

    /// Ends the run for good: kills what is left of its process group
    /// (grandchildren included) and the process, then reaps it.
    fn finish(&mut self) -> Exit {
        if !self.reaped {
            let pid = Pid::from_raw(self.pid());
            // Either may already be gone; that is fine.
            let _ = killpg(pid, Signal::SIGKILL);
            let _ = kill(pid, Signal::SIGKILL);
            let status = self.process.wait();
            self.reaped = true;
            if self.exit.is_none() {
                self.exit = Some(status.map(Exit::from_std).unwrap_or(Exit::Code(-1)));
            }
        }
        self.exit.unwrap_or(Exit::Code(-1))
    }

    /// Waits up to `within` for it to end; whether it did.
    fn wait(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        while self.poll().is_none() {
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(POLL);
        }
        true
    }
}

/// What a restart did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Restarted {
    pub(crate) old_pid: i32,
    pub(crate) new_pid: i32,
    /// Whether it outlived the grace time and had to be killed with `SIGKILL`.
    pub(crate) escalated: bool,
}

struct Inner {
    name: String,
    command: ChildCommand,
    run: Mutex<Run>,
    stdout: Buffer,
    stderr: Buffer,
    starts: AtomicU32,
}

impl Drop for Inner {
    fn drop(&mut self) {
        let run = self.run.get_mut().unwrap_or_else(PoisonError::into_inner);
        run.finish();
        let mut children = lock(children());
        // A child spawned since under the same name keeps its entry.
        if children
            .get(&self.name)
            .is_some_and(|entry| entry.strong_count() == 0)
        {
            children.remove(&self.name);
        }
    }
}

/// The children alive in this process, by name.
fn children() -> &'static Mutex<HashMap<String, Weak<Inner>>> {
    static CHILDREN: OnceLock<Mutex<HashMap<String, Weak<Inner>>>> = OnceLock::new();
    CHILDREN.get_or_init(Mutex::default)
}

/// Starts `command` from one long-lived thread. A child asks the kernel to
/// kill it when the thread that started it ends; that thread lives as long
/// as the test process, so a test binary that is killed (Ctrl-C, a CI
/// timeout) takes its children with it instead of leaking them.
fn spawn_process(mut command: Command) -> io::Result<std::process::Child> {
    type Job = Box<dyn FnOnce() + Send>;
    static SPAWNER: OnceLock<mpsc::Sender<Job>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (sender, jobs) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("kallisti-spawner".into())
            .spawn(move || jobs.into_iter().for_each(|job| job()))
            .expect("a thread to start child processes from");
        sender
    });
    let gone = || io::Error::other("the thread that starts child processes is gone");
    let (answer, result) = mpsc::sync_channel(1);
    spawner
        .send(Box::new(move || {
            let _ = answer.send(command.spawn());
        }))
        .map_err(|_| gone())?;
    result.recv().map_err(|_| gone())?
}

/// Has the child killed when the test process ends, and makes it the
/// leader of a process group of its own (so the group can be cleaned up).
fn tie_to_this_process(command: &mut Command) {
    command.process_group(0);
    #[cfg(target_os = "linux")]
    {
        let parent = nix::unistd::getpid();
        // SAFETY: the closure runs in the forked child before `exec` and
        // only makes two system calls (`prctl`, `getppid`), which are safe
        // to make there; it allocates nothing and takes no lock.
        unsafe {
            command.pre_exec(move || {
                nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)?;
                // The parent may have ended before the line above took effect.
                if nix::unistd::getppid() != parent {
                    return Err(io::Error::other("the test process has ended"));
                }
                Ok(())
            });
        }
    }
}

/// Copies a pipe into `sink` on a thread of its own until the pipe closes.
fn pump(source: Option<impl Read + Send + 'static>, sink: Buffer) {
    let Some(mut source) = source else { return };
    let _ = std::thread::Builder::new()
        .name("kallisti-child-output".into())
        .spawn(move || {
            let mut chunk = [0u8; 8192];
            loop {
                match source.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => {
                        let mut kept = lock(&sink);
                        kept.extend_from_slice(&chunk[..n]);
                        if kept.len() > OUTPUT_LIMIT {
                            let cut = kept.len() - OUTPUT_LIMIT / 2;
                            kept.drain(..cut);
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
        });
}

/// Starts one run of `command`, its output going to the buffers.
fn start(command: &ChildCommand, stdout: &Buffer, stderr: &Buffer) -> io::Result<Run> {
    let mut std_command = command.to_command();
    std_command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    tie_to_this_process(&mut std_command);
    let mut process = spawn_process(std_command)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot start `{command}`: {e}")))?;
    pump(process.stdout.take(), Arc::clone(stdout));
    pump(process.stderr.take(), Arc::clone(stderr));
    Ok(Run::new(process))
}

/// A process a test started, with its output captured, that `process`
/// steps can target by name (`"child": "NAME"`).
///
/// - Its stdout and stderr are kept (the last 8 MiB of each) and readable
///   at any time, while it runs and after.
/// - Dropping it kills it, and anything it started in its process group,
///   and reaps it. It is also killed if the test process itself dies.
/// - [`restart`](Self::restart) (and the `process.restart` step) runs the
///   same command again under the same name.
/// - Names are process-wide: tests running in parallel in one binary must
///   use different names.
///
/// ```
/// use kallisti::process::{Child, ChildCommand};
/// use std::time::Duration;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let child = Child::spawn("doc-ticker", ChildCommand::shell("echo ready; exec sleep 30")).unwrap();
/// assert!(child.wait_for_stdout("ready", Duration::from_secs(10)).await);
/// assert!(child.is_running());
/// assert_eq!(child.exit_status(), None);
///
/// let first = child.pid();
/// child.restart().unwrap();
/// assert_ne!(child.pid(), first);
/// assert_eq!(child.starts(), 2);
/// assert!(child.wait_for_stdout("ready\nready\n", Duration::from_secs(10)).await);
///
/// child.kill().unwrap();
/// let exit = child.wait_for_exit(Duration::from_secs(10)).await.unwrap();
/// assert_eq!(exit.signal_name(), Some("SIGKILL"));
/// // Output of every run is kept.
/// assert_eq!(child.stdout(), "ready\nready\n");
/// # }
/// ```
#[derive(Debug)]
pub struct Child(Arc<Inner>);

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Child")
            .field("name", &self.name)
            .field("command", &self.command.to_string())
            .finish()
    }
}

impl Child {
    /// Starts `command` as the child called `name`.
    ///
    /// Fails when the program cannot be started, or when a child of that
    /// name is alive in this process (`AlreadyExists`).
    pub fn spawn(name: impl Into<String>, command: impl Into<ChildCommand>) -> io::Result<Child> {
        let name = name.into();
        let command = command.into();
        let mut registry = lock(children());
        if registry
            .get(&name)
            .is_some_and(|entry| entry.strong_count() > 0)
        {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("a child called `{name}` is already running in this process"),
            ));
        }
        let (stdout, stderr) = (Buffer::default(), Buffer::default());
        let run = start(&command, &stdout, &stderr)?;
        let inner = Arc::new(Inner {
            name: name.clone(),
            command,
            run: Mutex::new(run),
            stdout,
            stderr,
            starts: AtomicU32::new(1),
        });
        registry.insert(name, Arc::downgrade(&inner));
        Ok(Child(inner))
    }

    /// The child alive under `name`, if any.
    pub(crate) fn find(name: &str) -> Option<Child> {
        let entry = lock(children()).get(name).cloned();
        entry.and_then(|weak| weak.upgrade()).map(Child)
    }

    /// The names of the children alive now, sorted.
    pub(crate) fn names() -> Vec<String> {
        let mut names: Vec<String> = lock(children())
            .iter()
            .filter(|(_, weak)| weak.strong_count() > 0)
            .map(|(name, _)| name.clone())
            .collect();
        names.sort();
        names
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// The command it runs.
    pub fn command(&self) -> &ChildCommand {
        &self.0.command
    }

    /// The process id of its current run.
    pub fn pid(&self) -> u32 {
        lock(&self.0.run).process.id()
    }

    /// How many times it was started: 1, plus one per restart.
    pub fn starts(&self) -> u32 {
        self.0.starts.load(Ordering::SeqCst)
    }

    /// Whether its current run has not ended (a stopped process still runs).
    pub fn is_running(&self) -> bool {
        self.exit_status().is_none()
    }

    /// How its current run ended, or `None` while it runs.
    pub fn exit_status(&self) -> Option<Exit> {
        lock(&self.0.run).poll()
    }

    /// Waits, blocking the thread, up to `within` for the current run to end.
    pub fn wait_timeout(&self, within: Duration) -> Option<Exit> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(exit) = self.exit_status() {
                return Some(exit);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits, without blocking the thread, up to `within` for the current run to end.
    pub async fn wait_for_exit(&self, within: Duration) -> Option<Exit> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(exit) = self.exit_status() {
                return Some(exit);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Everything it wrote to stdout so far, in every run (invalid UTF-8 replaced).
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&lock(&self.0.stdout)).into_owned()
    }

    /// Everything it wrote to stderr so far, in every run (invalid UTF-8 replaced).
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&lock(&self.0.stderr)).into_owned()
    }

    /// Waits up to `within` for its stdout to contain `needle`; whether it did.
    pub async fn wait_for_stdout(&self, needle: &str, within: Duration) -> bool {
        wait_for(&self.0.stdout, needle, within).await
    }

    /// Waits up to `within` for its stderr to contain `needle`; whether it did.
    pub async fn wait_for_stderr(&self, needle: &str, within: Duration) -> bool {
        wait_for(&self.0.stderr, needle, within).await
    }

    /// Kills its current run with `SIGKILL` (only the process; dropping the
    /// child also kills its process group). Fails if the run has ended.
    pub fn kill(&self) -> io::Result<()> {
        self.signal(Signal::SIGKILL).map(drop).map_err(|exit| {
            io::Error::other(format!("child `{}` is not running: it {exit}", self.name()))
        })
    }

    /// Stops the current run (`SIGTERM`, then `SIGKILL` after 10 s) and
    /// starts the command again under the same name; returns the new pid.
    pub fn restart(&self) -> io::Result<u32> {
        self.restart_with(Signal::SIGTERM, Duration::from_secs(10))
            .map(|restarted| restarted.new_pid as u32)
    }

    /// Sends `signal` to the current run's process; its pid, or how it ended.
    pub(crate) fn signal(&self, signal: Signal) -> Result<i32, Exit> {
        let mut run = lock(&self.0.run);
        if let Some(exit) = run.poll() {
            return Err(exit);
        }
        let pid = run.pid();
        // It runs and is not reaped, so `pid` is still this process.
        let _ = kill(Pid::from_raw(pid), signal);
        Ok(pid)
    }

    /// Restarts: `signal` (then `SIGCONT`, so a stopped process gets it),
    /// up to `grace` for it to end, then what is left of its group is
    /// killed and the command started again.
    pub(crate) fn restart_with(&self, signal: Signal, grace: Duration) -> io::Result<Restarted> {
        let inner = &self.0;
        let mut run = lock(&inner.run);
        let old_pid = run.pid();
        let mut escalated = false;
        if run.poll().is_none() {
            let pid = Pid::from_raw(old_pid);
            let _ = kill(pid, signal);
            let _ = kill(pid, Signal::SIGCONT);
            escalated = !run.wait(grace);
        }
        run.finish();
        *run = start(&inner.command, &inner.stdout, &inner.stderr)?;
        inner.starts.fetch_add(1, Ordering::SeqCst);
        Ok(Restarted {
            old_pid,
            new_pid: run.pid(),
            escalated,
        })
    }
}

async fn wait_for(buffer: &Buffer, needle: &str, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if String::from_utf8_lossy(&lock(buffer)).contains(needle) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(POLL).await;
    }
}
