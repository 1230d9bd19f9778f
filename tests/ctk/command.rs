//! `kallisti validate`, `convert` and `run` flags on Chaos Toolkit files.

use crate::runner::kallisti_binary;
use serde_json::Value;
use std::process::{Command, Output};

const FLAG_EXPERIMENT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/chaostoolkit-tests/flag-recovers.yaml"
);

fn kallisti(args: &[&str]) -> Output {
    Command::new(kallisti_binary())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the kallisti command runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn validate_lists_every_problem_of_a_chaos_toolkit_file_at_once() {
    let dir = tempfile_dir("validate");
    let file = dir.join("broken.yaml");
    std::fs::write(
        &file,
        "title: ''\nmethod:\n  - {type: action, name: x, provider: {type: ftp}}\n  - {ref: nowhere}\n\
         configuration:\n  token: {type: env, key: KALLISTI_TEST_SURELY_UNSET}\n\
         controls:\n  - {name: tracing, provider: {type: python, module: chaostracing.control}}\n",
    )
    .unwrap();
    let out = kallisti(&["validate", file.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    for field in [
        "`title`",
        "`description`",
        "`method[0].provider.type`",
        "`method[1].ref`",
        "`configuration.token`",
    ] {
        assert!(stdout.contains(field), "{field} missing from:\n{stdout}");
    }
    assert!(
        text(&out.stderr).contains("control `tracing`"),
        "{}",
        text(&out.stderr)
    );
    let valid = kallisti(&["validate", FLAG_EXPERIMENT]);
    assert_eq!(valid.status.code(), Some(0), "{}", text(&valid.stdout));
    assert!(text(&valid.stdout).contains("valid Chaos Toolkit experiment"));
}

#[test]
fn convert_writes_a_kallisti_experiment_that_validates_and_says_what_it_left_out() {
    let dir = tempfile_dir("convert");
    let out_file = dir.join("converted.json");
    let out = kallisti(&["convert", FLAG_EXPERIMENT, "-o", out_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("configuration.flag reads $KALLISTI_CTK_FLAG"),
        "{stderr}"
    );
    assert!(
        stderr.contains("a failing method activity fails a Kallisti trial"),
        "{stderr}"
    );
    let converted: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(converted["name"], "The flag comes back");
    assert_eq!(converted["parameters"]["flag"], "/tmp/kallisti-ctk-flag");
    assert_eq!(converted["pre_steps"][0]["do"], "chaostoolkit.process");
    assert_eq!(
        converted["pre_steps"][0]["where"]["arguments"][1],
        "{{ flag }}"
    );
    assert_eq!(converted["pre_steps"][0]["expect"][0]["operator"], "eq");
    assert_eq!(converted["steps"][0]["step"], "remove-the-flag");
    let valid = kallisti(&["validate", out_file.to_str().unwrap()]);
    assert_eq!(valid.status.code(), Some(0), "{}", text(&valid.stdout));
}

#[test]
fn run_refuses_unknown_strategies_and_kallisti_only_flags() {
    let out = kallisti(&["run", FLAG_EXPERIMENT, "--rollback-strategy", "sometimes"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(
        text(&out.stderr).contains("--rollback-strategy `sometimes`"),
        "{}",
        text(&out.stderr)
    );
    let out = kallisti(&["run", FLAG_EXPERIMENT, "--param", "x=1"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(
        text(&out.stderr).contains("reads its `configuration`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_dry_run_changes_nothing_and_still_writes_the_journal() {
    let dir = tempfile_dir("dry");
    let flag = dir.join("flag");
    std::fs::write(&flag, "").unwrap();
    let journal = dir.join("journal.json");
    let out = Command::new(kallisti_binary())
        .args([
            "run",
            FLAG_EXPERIMENT,
            "--dry-run",
            "--journal-path",
            journal.to_str().unwrap(),
        ])
        .env("KALLISTI_CTK_FLAG", &flag)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(flag.exists(), "the method's rm did not run");
    let journal: Value = serde_json::from_str(&std::fs::read_to_string(&journal).unwrap()).unwrap();
    assert_eq!(journal["status"], "completed");
    assert_eq!(journal["run"][0]["activity"]["name"], "remove-the-flag");
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "kallisti-ctk-command-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
