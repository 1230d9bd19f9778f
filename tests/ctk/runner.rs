//! Runs one experiment under one tool, in a world of its own, and keeps
//! what the run left: exit code, journal, what it printed, the requests the
//! demo service received and the objects left in the fake cluster.

use crate::world::World;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The features the `kallisti` command is built with when `KALLISTI_BIN`
/// does not name one (its default features come along).
pub const KALLISTI_FEATURES: &str = "k8s,chaostoolkit";

/// Longer than any corpus experiment takes under either tool.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tool {
    Chaos,
    Kallisti,
}

impl Tool {
    /// The command line, writing its journal into `dir`.
    fn command(self, dir: &Path, experiment: &str) -> Command {
        let journal = dir.join("journal.json");
        match self {
            Tool::Chaos => {
                let mut command = Command::new(crate::support::tools::tool_part("ctk", "chaos"));
                // No version check (it goes to PyPI), and the log and the
                // settings kept inside the run's directory.
                command
                    .arg("--no-version-check")
                    .arg("--log-file")
                    .arg(dir.join("chaostoolkit.log"))
                    .arg("--settings")
                    .arg(dir.join("settings.yaml"))
                    .args(["run", "--journal-path"])
                    .arg(journal)
                    .arg(experiment);
                command
            }
            Tool::Kallisti => {
                let mut command = Command::new(kallisti_binary());
                command
                    .args(["run", experiment, "--journal-path"])
                    .arg(journal);
                command
            }
        }
    }
}

/// What one run left.
pub struct Outcome {
    /// `None` when the process was killed (it ran past its timeout).
    pub exit: Option<i32>,
    pub journal: Option<Value>,
    /// The end of what the tool printed, for failure messages.
    pub printed: String,
    pub requests: Vec<Value>,
    pub objects: Vec<Value>,
    pub placeholders: Vec<(String, &'static str)>,
    pub dir: PathBuf,
}

/// Where this process keeps its runs; those of earlier processes that are
/// gone are removed the first time.
fn scratch() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = std::env::temp_dir();
        if let Ok(entries) = std::fs::read_dir(&tmp) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let gone = name
                    .strip_prefix("kallisti-ctk-")
                    .and_then(|pid| pid.parse::<u32>().ok())
                    .is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
                if gone {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        tmp.join(format!("kallisti-ctk-{}", std::process::id()))
    })
    .clone()
}

/// Runs corpus experiment `file` under `tool` in a fresh world, kept in
/// a directory named `label`.
pub async fn run(tool: Tool, file: &str, label: &str) -> Outcome {
    let stem = file.replace('.', "-");
    let dir = scratch().join(stem).join(label);
    let world = World::start(dir.clone()).await;
    let mut command = tool.command(&dir, &format!("{}/{file}", crate::corpus::DIR));
    // Only the world's settings: nothing inherited may point a tool elsewhere.
    for (key, _) in std::env::vars() {
        let foreign = ["CTK_", "KUBERNETES_", "CHAOSTOOLKIT_"]
            .iter()
            .any(|prefix| key.starts_with(prefix));
        if foreign || key == "KUBECONFIG" || key == "PYTHONPATH" {
            command.env_remove(key);
        }
    }
    command
        .envs(world.env())
        .env("NO_COLOR", "1")
        .current_dir(&dir);
    let run_dir = dir.clone();
    let (exit, printed) = tokio::task::spawn_blocking(move || wait(command, &run_dir))
        .await
        .expect("the run's thread");
    let journal = std::fs::read_to_string(dir.join("journal.json"))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    Outcome {
        exit,
        journal,
        printed,
        requests: world.requests(),
        objects: world.objects(),
        placeholders: world.placeholders(),
        dir,
    }
}

/// Runs `command` to its end or its timeout, its output into files of
/// `dir` (no pipe to drain); the exit code and the end of the output.
fn wait(mut command: Command, dir: &Path) -> (Option<i32>, String) {
    let out = dir.join("printed.txt");
    let file = std::fs::File::create(&out).expect("the output file");
    command
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file);
    let program = format!("{:?}", command.get_program());
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let started = Instant::now();
    let exit = loop {
        if let Some(status) = child.try_wait().expect("waiting for the run") {
            break status.code();
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let printed = without_colours(&std::fs::read_to_string(&out).unwrap_or_default());
    let lines: Vec<&str> = printed.lines().collect();
    let tail = lines[lines.len().saturating_sub(30)..].join("\n");
    (exit, tail)
}

/// `text` without terminal colour sequences (chaos run colours its log
/// lines whatever NO_COLOR says).
fn without_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ parameters, ended by a letter.
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The `kallisti` command: `KALLISTI_BIN`, or built here once (the
/// binary belongs to the `kallisti` package, which this test package
/// cannot ask cargo to build for it).
pub fn kallisti_binary() -> String {
    static BINARY: OnceLock<String> = OnceLock::new();
    BINARY
        .get_or_init(|| match std::env::var("KALLISTI_BIN") {
            Ok(path) if !path.is_empty() => path,
            _ => build_kallisti(),
        })
        .clone()
}

fn build_kallisti() -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let args = [
        "build",
        "-p",
        "kallisti",
        "--bin",
        "kallisti",
        "--features",
        KALLISTI_FEATURES,
        "--message-format=json-render-diagnostics",
    ];
    eprintln!(
        "ctk: building the kallisti command: cargo {}",
        args.join(" ")
    );
    let out = Command::new(&cargo)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cargo}: {e}"));
    assert!(
        out.status.success(),
        "cargo could not build the kallisti command (see above); KALLISTI_BIN may name one"
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == "kallisti")
        .find_map(|message| message["executable"].as_str().map(String::from))
        .expect("cargo named the kallisti executable it built")
}
