//! What the command prints around the report, run as users run it: live
//! progress in a pseudo-terminal, plain lines into a pipe, `--quiet`,
//! `--color` and `NO_COLOR`, `-v` and `RUST_LOG`, `--help`, completions.

use kallisti_suite::DemoService;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kallisti");

fn demo_experiment() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/experiments/demo.json"
    )
    .to_string()
}

/// `kallisti run` of the demo experiment (a 1.5 s outage, then a 2 s wait
/// for recovery) with `extra` flags and environment, output piped.
fn run_demo(base: &str, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BIN);
    command
        .args([
            "run",
            &demo_experiment(),
            "--param",
            &format!("base_url={base}"),
        ])
        .args(["--param", "outage_ms=1500"])
        .args(extra)
        .env_remove("NO_COLOR")
        .env_remove("RUST_LOG");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("kallisti runs")
}

/// The same, in a pseudo-terminal (Python's `pty`, the terminal a user's
/// shell gives): all the terminal showed, stdout and stderr together.
fn run_demo_in_terminal(base: &str, extra: &[&str], env: &[(&str, &str)]) -> String {
    const SPAWN: &str = "import os, pty, sys\n\
        status = pty.spawn(sys.argv[1:])\n\
        sys.exit(os.waitstatus_to_exitcode(status))";
    let mut command = Command::new("python3");
    command
        .args(["-c", SPAWN, BIN, "run", &demo_experiment()])
        .args([
            "--param",
            &format!("base_url={base}"),
            "--param",
            "outage_ms=1500",
        ])
        .args(extra)
        .env_remove("NO_COLOR")
        .env_remove("RUST_LOG")
        .env("COLUMNS", "120")
        .stdin(Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("python3 runs");
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{shown}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    shown
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_terminal_shows_each_step_live_with_the_elapsed_time_of_long_ones() {
    let service = DemoService::start().await;
    let base = service.url();
    let shown = tokio::task::spawn_blocking(move || run_demo_in_terminal(&base, &[], &[]))
        .await
        .unwrap();
    // Each step as it starts, and as it ends with its time, in colour.
    assert!(
        shown.contains("▸\x1b[0m steps Inject an outage (cm.http_request)"),
        "{shown}"
    );
    assert!(
        shown.contains("\x1b[32m✓\x1b[0m steps Inject an outage (cm.http_request) 0."),
        "{shown}"
    );
    assert!(
        shown.contains("✓\x1b[0m steps Give it time to recover (cm.wait) 2.0"),
        "{shown}"
    );
    // The wait is long enough for the status line, redrawn in place.
    assert!(shown.contains("\r\x1b[2K"), "{shown}");
    assert!(
        shown.contains("… steps Give it time to recover (cm.wait) 1s"),
        "{shown}"
    );
    // The report follows on stdout.
    assert!(
        shown.contains("trial Succeeded: 7 of 7 step(s) succeeded"),
        "{shown}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_color_keeps_colour_out_of_the_terminal() {
    let service = DemoService::start().await;
    let base = service.url();
    let shown =
        tokio::task::spawn_blocking(move || run_demo_in_terminal(&base, &[], &[("NO_COLOR", "1")]))
            .await
            .unwrap();
    assert!(
        shown.contains("✓ steps Inject an outage (cm.http_request)"),
        "{shown}"
    );
    assert!(!shown.contains("\x1b[3"), "no colour codes: {shown:?}");
    let never = {
        let base = service.url();
        tokio::task::spawn_blocking(move || run_demo_in_terminal(&base, &["--color", "never"], &[]))
            .await
            .unwrap()
    };
    assert!(!never.contains("\x1b[3"), "no colour codes: {never:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn into_a_pipe_progress_is_plain_lines_without_escape_codes() {
    let service = DemoService::start().await;
    let out = run_demo(&service.url(), &[], &[]);
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    let lines: Vec<&str> = stderr.lines().collect();
    let started = lines
        .iter()
        .position(|l| *l == "started steps Give it time to recover (cm.wait)")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        lines[started + 1..]
            .iter()
            .any(|l| l.starts_with("ok steps Give it time to recover (cm.wait) 2.0")),
        "{stderr}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("started ")).count(),
        7,
        "{stderr}"
    );
    // The report alone on stdout, as before.
    assert!(text(&out.stdout).starts_with("Trial of \"Fortune service recovers"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_step_says_why_in_its_progress_line() {
    let out = Command::new(BIN)
        .args([
            "run",
            &demo_experiment(),
            "--param",
            "base_url=http://127.0.0.1:9",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "the pre step fails: aborted");
    let stderr = text(&out.stderr);
    let failed = stderr
        .lines()
        .find(|l| l.starts_with("failed pre_steps Service is healthy (cm.http_probe)"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(failed.contains("127.0.0.1:9"), "{failed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn quiet_prints_the_report_and_nothing_else() {
    let service = DemoService::start().await;
    let out = run_demo(&service.url(), &["--quiet"], &[]);
    assert!(out.status.success());
    assert_eq!(text(&out.stderr), "");
    assert!(text(&out.stdout).contains("trial Succeeded"));
}

#[tokio::test(flavor = "multi_thread")]
async fn color_always_colours_even_a_pipe() {
    let service = DemoService::start().await;
    let out = run_demo(&service.url(), &["--color", "always"], &[]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("\x1b[32mok\x1b[0m steps Inject an outage"),
        "{stderr:?}"
    );
    assert!(
        !text(&out.stdout).contains('\x1b'),
        "the report stays plain"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_is_kallisti_s_own_events_and_rust_log_chooses_instead() {
    let service = DemoService::start().await;
    let plain = text(&run_demo(&service.url(), &[], &[]).stderr);
    assert!(!plain.contains("trial started"), "{plain}");
    let out = run_demo(&service.url(), &["-vvv"], &[]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("INFO") && stderr.contains("trial started"),
        "{stderr}"
    );
    assert!(stderr.contains("step started"), "{stderr}");
    for flood in ["hyper", "reqwest", "h2::", "TRACE hyper"] {
        assert!(
            !stderr.contains(flood),
            "`{flood}` leaked into -vvv: {stderr}"
        );
    }
    let chosen = run_demo(&service.url(), &[], &[("RUST_LOG", "kallisti::trial=info")]);
    let stderr = text(&chosen.stderr);
    assert!(stderr.contains("trial started"), "{stderr}");
    assert!(
        !stderr.contains("step started"),
        "kallisti::step was not chosen: {stderr}"
    );
}

#[test]
fn help_lists_formats_and_exit_codes() {
    let out = Command::new(BIN).args(["run", "--help"]).output().unwrap();
    let help = text(&out.stdout);
    assert!(out.status.success(), "{help}");
    assert!(
        help.contains("[possible values: text, json, junit, html]"),
        "{help}"
    );
    assert!(
        help.contains("Exit codes:") && help.contains("64  unreadable"),
        "{help}"
    );
    let out = Command::new(BIN).args(["actions", "-h"]).output().unwrap();
    assert!(
        text(&out.stdout).contains("[possible values: text, json]"),
        "{}",
        text(&out.stdout)
    );
    let out = Command::new(BIN)
        .args(["run", "x.json", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(text(&out.stderr).contains("possible values: text, json, junit, html"));
}

#[test]
fn actions_takes_the_same_format_flag_as_run() {
    let out = Command::new(BIN)
        .args(["actions", "--format", "json"])
        .output()
        .unwrap();
    let catalog: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(catalog
        .as_array()
        .is_some_and(|a| a.iter().any(|e| e["do"] == "cm.http_probe")));
    let text_out = Command::new(BIN)
        .args(["actions", "--format", "text"])
        .output()
        .unwrap();
    assert!(text(&text_out.stdout).contains("cm.http_probe (probe)"));
}

#[test]
fn completions_are_scripts_for_the_shell_asked() {
    for (shell, marker) in [
        ("bash", "_kallisti()"),
        ("zsh", "#compdef kallisti"),
        ("fish", "complete -c kallisti"),
    ] {
        let out = Command::new(BIN)
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("allow-host"),
            "{shell} completes run's flags"
        );
    }
    let bash = Command::new("bash")
        .args(["-n", "-c"])
        .arg(text(
            &Command::new(BIN)
                .args(["completions", "bash"])
                .output()
                .unwrap()
                .stdout,
        ))
        .status()
        .unwrap();
    assert!(bash.success(), "bash reads the script");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    let mut child = Command::new(BIN)
        .args(["actions", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe's reader is gone, as with `kallisti actions | head -1`.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}
