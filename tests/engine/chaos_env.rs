//! The environment switches of `#[chaos_test]`: `KALLISTI_DRY_RUN` and
//! `KALLISTI_RECORD_DIR`, checked by running a chaos test of this binary again
//! in a child process with the variables set.

use kallisti::chaos_test;
use kallisti::testing::ChaosContext;
use kallisti::trial::TrialRecord;
use kallisti_suite::DemoService;
use std::process::Command;

/// Acts for real in a plain run; in the child run with `KALLISTI_DRY_RUN=1`,
/// only reports.
#[chaos_test(
    let demo = DemoService::start().await,
    parameters(base_url = demo.url()),
    before({step: "take fortunes down", do: "cm.http_request",
            where: {url: "{{ base_url }}/chaos/fail?for_ms=1", method: "POST"}}),
    inspect = |record: &TrialRecord| {
        let path = kallisti::testing::record_path(record);
        let written: TrialRecord = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(&written, record, "the record at {} is the trial's", path.display());
    },
)]
async fn acts_unless_the_environment_asks_for_a_dry_run(ctx: ChaosContext) {
    let dry = std::env::var("KALLISTI_DRY_RUN").is_ok_and(|v| v == "1");
    assert_eq!(ctx.dry_run(), dry);
    assert_eq!(demo.requests_to("/chaos/fail").len(), usize::from(!dry));
}

#[test]
fn kallisti_dry_run_makes_every_step_a_dry_run_and_records_go_where_asked() {
    let dir = std::env::temp_dir().join(format!("kallisti-records-{}", std::process::id()));
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "chaos_env::acts_unless_the_environment_asks_for_a_dry_run",
            "--test-threads=1",
        ])
        .env("KALLISTI_DRY_RUN", "1")
        .env("KALLISTI_HTML", "1")
        .env("KALLISTI_RECORD_DIR", &dir)
        .status()
        .unwrap();
    assert!(status.success());
    let file = dir.join("chaos_env.acts_unless_the_environment_asks_for_a_dry_run.json");
    let record: TrialRecord = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(record.dry_run);
    assert_eq!(record.trial_record.steps[0].result["dry_run"], true);
    // KALLISTI_HTML=1: the same record as a page beside it.
    let page = std::fs::read_to_string(file.with_extension("html")).unwrap();
    assert!(page.contains("<svg id=\"timeline\""), "{page}");
    assert!(page.contains("take fortunes down"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn records_go_under_target_kallisti_by_default() {
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "chaos_env::acts_unless_the_environment_asks_for_a_dry_run",
            "--test-threads=1",
        ])
        .env_remove("KALLISTI_RECORD_DIR")
        .env_remove("KALLISTI_DRY_RUN")
        .status()
        .unwrap();
    assert!(status.success());
    // target/<profile>/deps/<binary> → target/kallisti/
    let exe = std::env::current_exe().unwrap();
    let target = exe.parent().unwrap().parent().unwrap().parent().unwrap();
    let file =
        target.join("kallisti/chaos_env.acts_unless_the_environment_asks_for_a_dry_run.json");
    let record: TrialRecord = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(!record.dry_run);
    assert!(record.succeeded());
}

#[test]
fn kallisti_allow_hosts_refuses_other_hosts_before_anything_runs() {
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "chaos_env::acts_unless_the_environment_asks_for_a_dry_run",
            "--test-threads=1",
        ])
        .env("KALLISTI_ALLOW_HOSTS", "localhost, *.staging.example.com")
        .env(
            "KALLISTI_RECORD_DIR",
            std::env::temp_dir().join("kallisti-allow-env"),
        )
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("chaos test failed: trial Invalid"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "host `127.0.0.1` (from argument `url`) is not on the allow-list (localhost, *.staging.example.com)"
        ),
        "{stdout}"
    );
}
