//! The `kallisti` command: exit codes, report formats, trial files, dry run,
//! validate, the action catalog, signals, and redaction.

use kallisti_suite::DemoService;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;
use tokio::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kallisti"))
}

fn write_temp(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kallisti-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn experiment_file(name: &str, doc: Value) -> PathBuf {
    write_temp(name, &serde_json::to_string_pretty(&doc).unwrap())
}

async fn run(args: &[&str]) -> Output {
    bin().args(args).output().await.unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn demo_experiment() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/experiments/demo.json"
    )
    .to_string()
}

fn probe(name: &str, url: String) -> Value {
    json!({"step": name, "do": "cm.http_probe", "where": {"url": url}})
}

#[tokio::test(flavor = "multi_thread")]
async fn run_exits_with_the_trial_status() {
    let service = DemoService::start().await;
    let base = service.url();
    let base_param = format!("base_url={base}");

    let ok = run(&[
        "run",
        &demo_experiment(),
        "--param",
        &base_param,
        "--param",
        "outage_ms=100",
    ])
    .await;
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(
        stdout(&ok).starts_with("Trial of \"Fortune service recovers from an outage\": Succeeded")
    );

    let failed = experiment_file(
        "failed.json",
        json!({"name": "f", "steps": [probe("broken", format!("{base}/status/500"))]}),
    );
    assert_eq!(
        run(&["run", failed.to_str().unwrap()]).await.status.code(),
        Some(1)
    );

    let aborted = experiment_file(
        "aborted.json",
        json!({"name": "a",
        "pre_steps": [probe("gate", format!("{base}/status/503"))],
        "steps": [probe("never", format!("{base}/health"))]}),
    );
    assert_eq!(
        run(&["run", aborted.to_str().unwrap()]).await.status.code(),
        Some(2)
    );

    let invalid = experiment_file(
        "invalid.json",
        json!({"name": "i", "steps": [{"step": "x", "do": "nope.thing", "where": {}}]}),
    );
    let out = run(&["run", invalid.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains("unknown module name `nope`"),
        "{}",
        stdout(&out)
    );

    let malformed = write_temp("malformed.json", "{ \"name\": ");
    let out = run(&["run", malformed.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a valid experiment"));
    assert_eq!(
        run(&["run", "/no/such/file.json"]).await.status.code(),
        Some(64)
    );
    let no_steps = experiment_file("nosteps.json", json!({"name": "n"}));
    assert_eq!(
        run(&["run", no_steps.to_str().unwrap()])
            .await
            .status
            .code(),
        Some(64)
    );
    assert_eq!(
        run(&["run", failed.to_str().unwrap(), "--param", "novalue"])
            .await
            .status
            .code(),
        Some(64)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn json_format_has_the_trial_shape() {
    let service = DemoService::start().await;
    let base = service.url();
    let file = experiment_file(
        "shape.json",
        json!({
            "name": "shape",
            "parameters": {"path": "health"},
            "pre_steps": [probe("gate", format!("{base}/{{{{ path }}}}"))],
            "steps": [
                {"step": "expect miss", "do": "cm.http_request", "where": {"url": format!("{base}/status/418")},
                 "expect": [{"operator": "eq", "status_code": 200}]},
                probe("never reached", format!("{base}/health"))
            ],
            "post_steps": [probe("cleanup", format!("{base}/health"))]
        }),
    );
    let out = run(&[
        "run",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--param",
        "extra=3",
    ])
    .await;
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "Failed");
    assert_eq!(v["experiment"], "shape");
    assert_eq!(v["parameters"], json!({"path": "health", "extra": 3}));
    for key in ["executed_at", "completed_at"] {
        chrono::DateTime::parse_from_rfc3339(v[key].as_str().unwrap()).unwrap();
    }
    let record = &v["trial_record"];
    assert_eq!(record["pre_steps"][0]["step_name"], "gate");
    assert_eq!(record["pre_steps"][0]["do"], "cm.http_probe");
    assert_eq!(
        record["pre_steps"][0]["step_parameters"],
        json!({"url": format!("{base}/health")})
    );
    assert_eq!(record["pre_steps"][0]["status"], "Succeeded");
    assert_eq!(record["pre_steps"][0]["result"]["status_code"], 200);
    assert!(record["pre_steps"][0]["logs"].is_array());
    assert!(record["pre_steps"][0].get("error").is_none());
    let steps = record["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1, "a step never reached is absent");
    assert_eq!(steps[0]["status"], "Failed");
    assert_eq!(
        steps[0]["error"],
        json!({"kind": "FailedExpectation", "message": "expected status_code eq 200, actual 418"})
    );
    assert_eq!(record["post_steps"][0]["step_name"], "cleanup");
    assert!(record["result"]["logs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l == "trial Failed: 2 of 3 step(s) succeeded"));
}

#[tokio::test(flavor = "multi_thread")]
async fn junit_format_has_one_case_per_step() {
    let service = DemoService::start().await;
    let base = service.url();
    let file = experiment_file(
        "junit.json",
        json!({
            "name": "junit <&>",
            "steps": [probe("ok", format!("{base}/health")), probe("bad", format!("{base}/status/500"))],
            "post_steps": [probe("post", format!("{base}/health"))]
        }),
    );
    let out = run(&["run", file.to_str().unwrap(), "--format", "junit"]).await;
    assert_eq!(out.status.code(), Some(1));
    let xml = stdout(&out);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("name"), Some("junit <&>"));
    assert_eq!(suite.attribute("tests"), Some("3"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[1].attribute("classname"), Some("steps"));
    assert_eq!(cases[1].attribute("name"), Some("bad (cm.http_probe)"));
    let failure = cases[1]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(failure.attribute("type"), Some("FailedAction"));

    let invalid = experiment_file(
        "junit-invalid.json",
        json!({"name": "i", "steps": [{"step": "x", "do": "nope.thing", "where": {}}]}),
    );
    let out = run(&["run", invalid.to_str().unwrap(), "--format", "junit"]).await;
    let doc = roxmltree::Document::parse(std::str::from_utf8(&out.stdout).unwrap()).unwrap();
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(failure.attribute("type"), Some("Invalid"));
}

#[tokio::test(flavor = "multi_thread")]
async fn trial_files_give_parameters_metadata_and_ticket_and_params_override_them() {
    let service = DemoService::start().await;
    let file = experiment_file(
        "trialfile.json",
        json!({
            "name": "t", "steps": [probe("p", "{{ base }}/{{ path }}".into())]
        }),
    );
    let trial = write_temp(
        "trial.json",
        &json!({
            "parameters": {"base": service.url(), "path": "status/500"},
            "metadata": {"requested_by": "ci"},
            "ticket": "CHG-42"
        })
        .to_string(),
    );
    let out = run(&[
        "run",
        file.to_str().unwrap(),
        "--trial-file",
        trial.to_str().unwrap(),
        "--param",
        "path=health",
        "--format",
        "json",
    ])
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["parameters"]["path"], "health");
    assert_eq!(v["metadata"], json!({"requested_by": "ci"}));
    assert_eq!(v["ticket"], "CHG-42");
    let bad = write_temp("trial-bad.json", "[1]");
    assert_eq!(
        run(&[
            "run",
            file.to_str().unwrap(),
            "--trial-file",
            bad.to_str().unwrap()
        ])
        .await
        .status
        .code(),
        Some(64)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_sends_no_write() {
    let service = DemoService::start().await;
    let out = run(&[
        "run",
        &demo_experiment(),
        "--param",
        &format!("base_url={}", service.url()),
        "--dry-run",
    ])
    .await;
    let text = stdout(&out);
    assert!(text.contains("(dry run)"), "{text}");
    assert!(
        service.requests_to("/chaos/fail").is_empty(),
        "no chaos injected in a dry run"
    );
    assert!(service.requests_to("/fortune").is_empty());
    assert!(
        !service.requests_to("/health").is_empty(),
        "reads still happen"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn validate_lists_every_problem() {
    let ok = run(&[
        "validate",
        &demo_experiment(),
        "--param",
        "base_url=http://x",
    ])
    .await;
    assert_eq!(ok.status.code(), Some(0));
    assert!(
        stdout(&ok).ends_with("valid (7 step(s))\n"),
        "{}",
        stdout(&ok)
    );

    let file = experiment_file(
        "problems.json",
        json!({"name": "p", "steps": [
            {"step": "a", "do": "cm.http_probe", "where": {"url": "{{ base }}", "methd": "GET"}},
            {"step": "b", "do": "cm.wiat", "where": {"time_in_seconds": 1}},
            {"step": "c", "do": "cm.wait", "where": {}}
        ]}),
    );
    let out = run(&["validate", file.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(3));
    let text = stdout(&out);
    assert!(text.contains("4 problem(s)"), "{text}");
    for needle in [
        "missing parameter: base",
        "`methd`",
        "did you mean `wait`?",
        "field `where.time_in_seconds`",
    ] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
    let malformed = experiment_file(
        "malformed-validate.json",
        json!({"name": "p", "steps": [{"do": "wait"}]}),
    );
    let out = run(&["validate", malformed.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(64));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("steps[0], field `do`") && err.contains("steps[0], field `where`"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn actions_lists_the_registry_catalog() {
    let out = run(&["actions", "--json"]).await;
    assert_eq!(out.status.code(), Some(0));
    let catalog: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let probe = catalog.iter().find(|e| e["do"] == "cm.http_probe").unwrap();
    assert_eq!(probe["kind"], "probe");
    assert_eq!(
        probe["arguments"][0],
        json!({"name": "url", "type": "string", "required": true, "doc": "The URL to call."})
    );
    assert_eq!(probe["arguments"][1]["default"], "GET");
    let wait = catalog.iter().find(|e| e["do"] == "cm.wait").unwrap();
    assert_eq!(wait["kind"], "action");
    assert_eq!(wait["arguments"][0]["type"], "integer");
    let registry = kallisti::Registry::with_builtins();
    assert_eq!(
        serde_json::to_value(registry.catalog()).unwrap(),
        Value::Array(catalog)
    );

    let text = stdout(&run(&["actions"]).await);
    assert!(text.contains("cm.http_request (probe)"), "{text}");
    assert!(
        text.contains("time_in_seconds  integer  required"),
        "{text}"
    );
}

async fn wait_for_request(service: &DemoService, path: &str) {
    for _ in 0..200 {
        if !service.requests_to(path).is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no request to {path}");
}

async fn stopped_by(signal: &str) {
    let service = DemoService::start().await;
    let base = service.url();
    let file = experiment_file(
        &format!("signal-{signal}.json"),
        json!({"name": "long",
            "pre_steps": [probe("gate", format!("{base}/health"))],
            "steps": [{"step": "long wait", "do": "cm.wait", "where": {"time_in_seconds": 30}},
                      probe("never", format!("{base}/fortune"))],
            "post_steps": [{"step": "rollback", "do": "cm.http_request", "where": {"method": "DELETE", "url": format!("{base}/chaos/fail")}}]
        }),
    );
    let child = bin()
        .args(["run", file.to_str().unwrap(), "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_request(&service, "/health").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = child.id().unwrap().to_string();
    let kill = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = tokio::time::timeout(Duration::from_secs(10), child.wait_with_output())
        .await
        .expect("stopped promptly")
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stdout(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "Stopped");
    assert_eq!(v["trial_record"]["steps"][0]["error"]["kind"], "Stopped");
    assert_eq!(v["trial_record"]["post_steps"][0]["status"], "Succeeded");
    assert_eq!(
        service.requests_to("/chaos/fail").len(),
        1,
        "the rollback ran"
    );
    assert!(service.requests_to("/fortune").is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn sigint_stops_the_run_and_post_steps_still_run() {
    stopped_by("INT").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_stops_the_run_and_post_steps_still_run() {
    stopped_by("TERM").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_canary_password_never_appears_in_any_output() {
    let canary = "cli-canary-pw-0d9e";
    let service = DemoService::start_with(kallisti_suite::OAuthConfig {
        password: canary.into(),
        ..Default::default()
    })
    .await;
    let base = service.url();
    let file = experiment_file(
        "canary.json",
        json!({"name": "canary", "steps": [{
            "step": "secure", "do": "cm.http_probe",
            "where": {"url": format!("{base}/secure"), "authentication": {
                "type": "oauth2_token", "url": format!("{base}/oauth/token"),
                "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "CLI_CANARY_USER", "password_key": "CLI_CANARY_PASS"},
                "client": {"id": "demo-client", "secret": "demo-client-secret"}}},
            "expect": [{"operator": "eq", "response.secure": false}]
        }]}),
    );
    for format in ["text", "json", "junit"] {
        let out = bin()
            .args(["-vv", "run", file.to_str().unwrap(), "--format", format])
            .env("CLI_CANARY_USER", "demo-user")
            .env("CLI_CANARY_PASS", canary)
            .output()
            .await
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "the expectation fails on purpose"
        );
        let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
        assert!(
            all.contains("step failed"),
            "verbose logs were captured: {all}"
        );
        for secret in [canary, "demo-access-token", "demo-client-secret"] {
            assert!(!all.contains(secret), "{secret} leaked in {format}:\n{all}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn step_timeout_flag_bounds_steps_without_their_own() {
    let service = DemoService::start().await;
    let file = experiment_file(
        "timeout.json",
        json!({"name": "slow", "steps": [
            {"step": "slow", "do": "cm.http_probe", "where": {"url": format!("{}/slow?ms=3000", service.url())}}
        ]}),
    );
    let started = std::time::Instant::now();
    let out = run(&[
        "run",
        file.to_str().unwrap(),
        "--step-timeout",
        "200ms",
        "--format",
        "json",
    ])
    .await;
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["trial_record"]["steps"][0]["error"]["kind"], "Timeout");
    let bad = run(&["run", file.to_str().unwrap(), "--step-timeout", "soon"]).await;
    assert_eq!(
        bad.status.code(),
        Some(64),
        "bad flags are usage errors, not Aborted"
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`soon` is not a duration"));
    assert_eq!(
        run(&["run", file.to_str().unwrap(), "--format", "yaml"])
            .await
            .status
            .code(),
        Some(64)
    );
    assert_eq!(run(&["--help"]).await.status.code(), Some(0));
}

#[tokio::test(flavor = "multi_thread")]
async fn html_format_is_one_self_contained_page_with_a_timeline() {
    let service = DemoService::start().await;
    let file = experiment_file(
        "html.json",
        json!({
            "name": "html <report>",
            "steps": [
                probe("once", format!("{}/health", service.url())),
                {"step": "repeated", "do": "cm.http_probe", "where": {"url": format!("{}/fortune", service.url())},
                 "every": "1ms", "times": 3}
            ]
        }),
    );
    let out = run(&["run", file.to_str().unwrap(), "--format", "html"]).await;
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.contains("<title>kallisti: html &lt;report&gt;</title>"));
    assert_eq!(page.matches("<rect class=\"span").count(), 1);
    assert_eq!(page.matches("<circle class=\"mark ok\"").count(), 3);
    assert!(
        !page.contains("<link") && !page.contains(" src="),
        "self-contained"
    );
}

/// Every `k8s.*`, `istio.*` and `cf.*` entry of the reference catalog is
/// listed, with the catalog's argument names.
#[tokio::test]
async fn actions_json_lists_every_k8s_istio_and_cf_entry_of_the_catalog() {
    let out = run(&["actions", "--json"]).await;
    let listed: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/catalog.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut checked = 0;
    for action in reference["actions"].as_array().unwrap() {
        let target = action["do"].as_str().unwrap();
        if !(target.starts_with("k8s.")
            || target.starts_with("istio.")
            || target.starts_with("cf."))
        {
            continue;
        }
        let entry = listed
            .iter()
            .find(|e| e["do"] == target)
            .unwrap_or_else(|| panic!("`kallisti actions` lacks {target}"));
        let names: Vec<&str> = entry["arguments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        for arg in action["arguments"].as_array().unwrap() {
            assert!(
                names.contains(&arg["name"].as_str().unwrap()),
                "{target} lacks {}",
                arg["name"]
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 102 + 7 + 16);
}
