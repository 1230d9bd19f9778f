//! The command a [`Child`](super::Child) runs, kept so it can be run again.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A program to run with its arguments, environment and working folder.
///
/// Unlike [`std::process::Command`], it can be cloned and run again, which
/// is what a restart does.
///
/// ```
/// use kallisti::process::ChildCommand;
///
/// let command = ChildCommand::new("sleep").arg("30").env("LANG", "C").current_dir("/tmp");
/// assert_eq!(command.to_string(), "sleep 30");
/// assert_eq!(ChildCommand::shell("echo hi").to_string(), "sh -c 'echo hi'");
///
/// // A std Command converts, with what it can tell of itself.
/// let mut std_command = std::process::Command::new("ls");
/// std_command.arg("-l");
/// assert_eq!(ChildCommand::from(&std_command).to_string(), "ls -l");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildCommand {
    program: OsString,
    args: Vec<OsString>,
    /// Variables to set (`Some`) or remove (`None`), in order.
    env: Vec<(OsString, Option<OsString>)>,
    clear_env: bool,
    cwd: Option<PathBuf>,
}

impl ChildCommand {
    /// Runs `program` (looked up in `PATH` unless it holds a `/`).
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        ChildCommand {
            program: program.as_ref().to_owned(),
            args: Vec::new(),
            env: Vec::new(),
            clear_env: false,
            cwd: None,
        }
    }

    /// Runs `script` with `sh -c`.
    pub fn shell(script: impl AsRef<OsStr>) -> Self {
        ChildCommand::new("sh").arg("-c").arg(script)
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// Adds several arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Sets an environment variable (the rest is inherited from the test process).
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env
            .push((key.as_ref().to_owned(), Some(value.as_ref().to_owned())));
        self
    }

    /// Removes an inherited environment variable.
    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Self {
        self.env.push((key.as_ref().to_owned(), None));
        self
    }

    /// Starts from an empty environment: only the variables set with
    /// [`env`](Self::env) afterwards are passed.
    pub fn env_clear(mut self) -> Self {
        self.env.clear();
        self.clear_env = true;
        self
    }

    /// Runs it in `dir` rather than the test's working folder.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = Some(dir.as_ref().to_owned());
        self
    }

    /// The program.
    pub fn get_program(&self) -> &OsStr {
        &self.program
    }

    /// The arguments.
    pub fn get_args(&self) -> impl Iterator<Item = &OsStr> {
        self.args.iter().map(OsString::as_os_str)
    }

    /// A fresh [`std::process::Command`] for one run.
    pub(crate) fn to_command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        if self.clear_env {
            command.env_clear();
        }
        for (key, value) in &self.env {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        if let Some(dir) = &self.cwd {
            command.current_dir(dir);
        }
        command
    }
}

/// Reads back what a [`Command`] tells of itself: program, arguments,
/// variables set or removed, working folder. (It cannot tell whether
/// `env_clear` was called, nor its stdio or user settings, which are not carried over.)
impl From<&Command> for ChildCommand {
    fn from(command: &Command) -> Self {
        let mut ours = ChildCommand::new(command.get_program()).args(command.get_args());
        for (key, value) in command.get_envs() {
            ours.env.push((key.to_owned(), value.map(OsStr::to_owned)));
        }
        ours.cwd = command.get_current_dir().map(Path::to_owned);
        ours
    }
}

impl From<&mut Command> for ChildCommand {
    fn from(command: &mut Command) -> Self {
        ChildCommand::from(&*command)
    }
}

impl From<Command> for ChildCommand {
    fn from(command: Command) -> Self {
        ChildCommand::from(&command)
    }
}

/// One word of a command line, quoted for `sh` when it needs it.
fn shell_word(word: &OsStr) -> String {
    let text = word.to_string_lossy();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        text.into_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The command line as a shell would read it (`sh -c 'echo hi'`).
impl std::fmt::Display for ChildCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&shell_word(&self.program))?;
        for arg in &self.args {
            write!(f, " {}", shell_word(arg))?;
        }
        Ok(())
    }
}
