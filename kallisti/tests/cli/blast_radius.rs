//! The blast radius through the command: `--allow-*` flags and
//! `KALLISTI_ALLOW_*` variables, and the walk-arounds that come from the
//! environment rather than a step's arguments (a kubeconfig, the AWS
//! endpoint variables). A forbidden listener on 127.0.0.2 counts every
//! connection that reaches it: none may.

#[path = "../../../tests/support/net.rs"]
mod net;

use net::{responder, Answer, Forbidden};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};

fn write_temp(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kallisti-blast-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn experiment(name: &str, steps: Value) -> PathBuf {
    let doc = json!({"name": name, "steps": steps});
    write_temp(&format!("{name}.json"), &doc.to_string())
}

/// Runs the command with a clean kallisti environment plus `env`.
fn kallisti(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kallisti"));
    command.args(args);
    for var in [
        "KALLISTI_ALLOW_HOSTS",
        "KALLISTI_ALLOW_NAMESPACES",
        "KALLISTI_REQUIRE_ALLOW_LIST",
        "KALLISTI_SEED",
        "KUBECONFIG",
        "AWS_ENDPOINT_URL",
        "AWS_PROFILE",
    ] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    command.output().expect("kallisti runs")
}

fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn kubeconfig(server: &str) -> PathBuf {
    let text = format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: forbidden\nclusters:\n- name: forbidden\n  cluster:\n    server: {server}\ncontexts:\n- name: forbidden\n  context:\n    cluster: forbidden\n    user: chaos\nusers:\n- name: chaos\n  user:\n    token: kubeconfig-token\n"
    );
    write_temp("kubeconfig", &text)
}

#[test]
fn a_kubeconfig_server_off_the_list_is_refused_with_its_source() {
    let forbidden = Forbidden::start();
    let config = kubeconfig(&forbidden.url());
    let file = experiment(
        "kubeconfig",
        json!([
            {"step": "count", "do": "k8s.count_pods", "where": {"label_selector": "app=cart", "ns": "shop"}},
        ]),
    );
    let istio = experiment(
        "kubeconfig-istio",
        json!([
            {"step": "read", "do": "istio.get_virtual_service",
             "where": {"virtual_service_name": "reviews", "ns": "shop"}},
        ]),
    );
    let config = config.display().to_string();
    for file in [&file, &istio] {
        let out = kallisti(
            &["run", file.to_str().unwrap(), "--allow-host", "127.0.0.1"],
            &[("KUBECONFIG", &config)],
        );
        let text = printed(&out);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(
            text.contains(&format!(
                "refused: host `127.0.0.2` (from the kubeconfig (KUBECONFIG={config}))"
            )),
            "{text}"
        );
    }
    // The same list from the environment.
    let out = kallisti(
        &["run", file.to_str().unwrap()],
        &[
            ("KUBECONFIG", &config),
            ("KALLISTI_ALLOW_HOSTS", "127.0.0.1, ::1"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    assert!(printed(&out).contains("Refused"), "{}", printed(&out));
    assert_eq!(forbidden.hits(), 0);
}

#[test]
fn an_aws_endpoint_from_the_environment_off_the_list_is_refused() {
    let forbidden = Forbidden::start();
    let file = experiment(
        "aws-endpoint",
        json!([
            {"step": "list", "do": "aws.ec2.describe_instances", "where": {"region": "eu-west-1", "filters": []}},
        ]),
    );
    let endpoint = forbidden.url();
    let env = [
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "AKIDBLASTRADIUS"),
        ("AWS_SECRET_ACCESS_KEY", "blast-radius-secret"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ];
    let out = kallisti(
        &[
            "run",
            file.to_str().unwrap(),
            "--allow-host",
            "*.amazonaws.com",
        ],
        &env,
    );
    let text = printed(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("refused: host `127.0.0.2` (from the endpoint the AWS SDK resolved)"),
        "{text}"
    );
    // A region off the list is refused before anything runs.
    let out = kallisti(
        &["run", file.to_str().unwrap(), "--allow-aws-region", "us-*"],
        &env,
    );
    assert_eq!(out.status.code(), Some(3), "{}", printed(&out));
    assert!(
        printed(&out).contains("AWS region `eu-west-1`"),
        "{}",
        printed(&out)
    );
    assert_eq!(forbidden.hits(), 0);
}

#[test]
fn argument_walk_arounds_are_refused_by_the_command_too() {
    let forbidden = Forbidden::start();
    let port = forbidden.port();
    for url in [
        format!("HTTP://127.0.0.2:{port}/health"),
        format!("http://127.0.0.2:{port}\\@127.0.0.1/health"),
        format!("http://[::ffff:127.0.0.2]:{port}/"),
    ] {
        let file = experiment(
            "argument",
            json!([{"step": "probe", "do": "cm.http_probe", "where": {"url": url}}]),
        );
        let out = kallisti(
            &["run", file.to_str().unwrap(), "--allow-host", "127.0.0.1"],
            &[],
        );
        let text = printed(&out);
        assert_eq!(out.status.code(), Some(3), "{url}: {text}");
        assert!(text.contains("(from argument `url`)"), "{text}");
        let out = kallisti(
            &[
                "validate",
                file.to_str().unwrap(),
                "--allow-host",
                "127.0.0.1",
            ],
            &[],
        );
        assert_eq!(out.status.code(), Some(3), "{}", printed(&out));
    }
    let target = format!("{}/", forbidden.url());
    let redirecting = responder(move |_| Answer::redirect(&target));
    let file = experiment(
        "redirect",
        json!([{"step": "probe", "do": "cm.http_probe", "where": {"url": redirecting}}]),
    );
    let out = kallisti(
        &[
            "run",
            file.to_str().unwrap(),
            "--allow-host",
            "127.0.0.0/31",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    assert!(
        printed(&out).contains("a redirect from"),
        "{}",
        printed(&out)
    );
    assert_eq!(forbidden.hits(), 0);
}

#[test]
fn require_allow_list_refuses_acting_steps_and_seed_is_recorded() {
    let file = experiment(
        "acting",
        json!([{"step": "pause", "do": "cm.wait", "where": {"time_in_seconds": 0}}]),
    );
    let path = file.to_str().unwrap();
    let out = kallisti(&["run", path, "--require-allow-list"], &[]);
    assert_eq!(out.status.code(), Some(3), "{}", printed(&out));
    assert!(
        printed(&out).contains("acting step `cm.wait`"),
        "{}",
        printed(&out)
    );
    let out = kallisti(&["run", path], &[("KALLISTI_REQUIRE_ALLOW_LIST", "1")]);
    assert_eq!(out.status.code(), Some(3), "{}", printed(&out));
    let out = kallisti(
        &[
            "run",
            path,
            "--require-allow-list",
            "--allow-namespace",
            "chaos-*",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));

    let out = kallisti(&["run", path, "--format", "json", "--seed", "1234"], &[]);
    let record: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["seed"], 1234);
    let out = kallisti(
        &["run", path, "--format", "json"],
        &[("KALLISTI_SEED", "99")],
    );
    let record: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["seed"], 99);
}
