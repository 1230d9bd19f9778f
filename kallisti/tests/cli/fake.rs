//! `kallisti fake`, driven the way its users drive it: kubectl with the
//! kubeconfig it writes, boto3 with the variables it prints, curl against
//! its Prometheus.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A `kallisti fake` process, stopped when dropped.
struct Fake {
    child: Child,
    /// Every line it printed before `# ready`.
    printed: Vec<String>,
}

impl Fake {
    fn start(args: &[&str]) -> Fake {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kallisti"))
            .arg("fake")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("kallisti fake starts");
        let mut printed = Vec::new();
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let line = line.unwrap();
            if line.starts_with("# ready") {
                return Fake { child, printed };
            }
            printed.push(line);
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("kallisti fake exited before it was ready: {printed:?}");
    }

    /// The variables of its `export A=1 B=2` lines, as a shell reads them.
    fn exports(&self) -> HashMap<String, String> {
        self.export_pairs().into_iter().collect()
    }

    fn export_pairs(&self) -> Vec<(String, String)> {
        let script: String = self
            .printed
            .iter()
            .filter(|l| l.starts_with("export "))
            .map(|l| format!("{l}\n"))
            .collect();
        let names: Vec<String> = script
            .split_whitespace()
            .filter_map(|w| w.split_once('=').map(|(k, _)| k.to_string()))
            .collect();
        let mut pairs = Vec::new();
        for name in names {
            let shown = output(
                Command::new("bash")
                    .args(["-c", &format!("{script}printf %s \"${name}\"")])
                    .env_clear(),
            );
            pairs.push((name, shown));
        }
        pairs
    }

    fn printed(&self) -> String {
        self.printed.join("\n")
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn output(command: &mut Command) -> String {
    let out = command.output().expect("the client runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{command:?} failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn kubectl_uses_the_kubeconfig_fake_k8s_writes() {
    let log = std::env::temp_dir().join(format!("kallisti-pod-log-{}", std::process::id()));
    std::fs::write(&log, "started\nready to serve\n").unwrap();
    let pod_log = format!("shop/pod-00001={}", log.display());
    let fake = Fake::start(&[
        "k8s",
        "--pods",
        "4",
        "--namespace",
        "shop",
        "--labels",
        "app=cart,tier=web",
        "--pod-log",
        &pod_log,
    ]);
    let exports = fake.exports();
    let kubeconfig = exports
        .get("KUBECONFIG")
        .unwrap_or_else(|| panic!("{}", fake.printed()));
    let kubectl = |args: &[&str]| {
        output(
            Command::new("kubectl")
                .args(args)
                .env("KUBECONFIG", kubeconfig)
                .env_remove("KUBERNETES_SERVICE_HOST"),
        )
    };
    // The kubeconfig's context names the seeded namespace.
    let pods = kubectl(&["get", "pods", "-l", "app=cart", "-o", "name"]);
    assert_eq!(pods.lines().count(), 4, "{pods}");
    assert!(pods.contains("pod/pod-00003"), "{pods}");
    assert_eq!(kubectl(&["logs", "pod-00001"]), "started\nready to serve\n");
    kubectl(&["delete", "pod", "pod-00000", "-n", "shop", "--wait=false"]);
    let left = kubectl(&["get", "pods", "-n", "shop", "-l", "tier=web", "-o", "name"]);
    assert_eq!(left.lines().count(), 3, "{left}");
}

#[test]
fn fake_aws_answers_boto3_with_the_printed_settings() {
    let fake = Fake::start(&["aws", "--instances", "2", "--region", "eu-west-1"]);
    let exports = fake.exports();
    assert_eq!(
        exports.get("AWS_REGION").map(String::as_str),
        Some("eu-west-1")
    );
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/test-tools");
    let tools = output(Command::new("bash").args([python, "moto"]));
    let python = tools
        .trim()
        .strip_prefix("moto=")
        .expect("a python")
        .to_string();
    const SCRIPT: &str = r#"
import boto3, json
ec2 = boto3.client("ec2")
ids = [i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
stopped = ec2.stop_instances(InstanceIds=[ids[0]])["StoppingInstances"][0]["CurrentState"]["Name"]
states = {i["InstanceId"]: i["State"]["Name"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]}
started = ec2.start_instances(InstanceIds=[ids[0]])["StartingInstances"][0]["CurrentState"]["Name"]
ecs = boto3.client("ecs")
tasks = ecs.list_tasks(cluster="demo")["taskArns"]
ecs.stop_task(cluster="demo", task=tasks[0], reason="chaos")
left = ecs.list_tasks(cluster="demo", desiredStatus="RUNNING")["taskArns"]
rds = boto3.client("rds")
before = [m["DBInstanceIdentifier"] for m in rds.describe_db_clusters(DBClusterIdentifier="demo-db")["DBClusters"][0]["DBClusterMembers"] if m["IsClusterWriter"]]
rds.failover_db_cluster(DBClusterIdentifier="demo-db")
after = [m["DBInstanceIdentifier"] for m in rds.describe_db_clusters(DBClusterIdentifier="demo-db")["DBClusters"][0]["DBClusterMembers"] if m["IsClusterWriter"]]
print(json.dumps({"ids": ids, "stopped": stopped, "states": states, "started": started,
                  "tasks": len(tasks), "left": len(left), "before": before, "after": after}))
"#;
    let mut command = Command::new(&python);
    // Only what the fake printed: no profile or token of the machine's.
    command
        .args(["-c", SCRIPT])
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    for (name, value) in &exports {
        command.env(name, value);
    }
    let answer: serde_json::Value = serde_json::from_str(&output(&mut command)).unwrap();
    assert_eq!(answer["ids"].as_array().unwrap().len(), 2, "{answer}");
    let first = answer["ids"][0].as_str().unwrap();
    assert_eq!(answer["stopped"], "stopping", "{answer}");
    assert_eq!(answer["states"][first], "stopped", "{answer}");
    assert_eq!(answer["started"], "pending", "{answer}");
    assert_eq!(
        (answer["tasks"].as_u64(), answer["left"].as_u64()),
        (Some(2), Some(1)),
        "{answer}"
    );
    assert_eq!(
        answer["before"],
        serde_json::json!(["demo-db-1"]),
        "{answer}"
    );
    assert_eq!(
        answer["after"],
        serde_json::json!(["demo-db-2"]),
        "{answer}"
    );
}

#[test]
fn curl_queries_fake_prom() {
    let fake = Fake::start(&["prom"]);
    let url = fake
        .printed
        .iter()
        .find_map(|l| {
            l.strip_prefix("# curl '")
                .and_then(|l| l.strip_suffix('\''))
        })
        .unwrap_or_else(|| panic!("{}", fake.printed()))
        .to_string();
    let body: serde_json::Value =
        serde_json::from_str(&output(Command::new("curl").args(["-sf", &url]))).unwrap();
    assert_eq!(body["status"], "success", "{body}");
    assert_eq!(body["data"]["result"][0]["metric"]["job"], "demo", "{body}");
}

/// `kallisti fake toxiproxy` opens the proxies of a Toxiproxy config file;
/// curl reads them through the API and reaches an upstream through one.
#[test]
fn fake_toxiproxy_serves_the_api_and_the_proxies_of_its_file() {
    let upstream = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let upstream_addr = upstream.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut socket in upstream.incoming().flatten() {
            let mut request = [0u8; 1024];
            let _ = socket.read(&mut request);
            let _ = socket.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-length: 8\r\nconnection: close\r\n\r\nupstream",
            );
        }
    });
    let file = std::env::temp_dir().join(format!("kallisti-toxiproxy-{}.json", std::process::id()));
    let config = serde_json::json!([{"name": "web", "listen": "127.0.0.1:0", "upstream": upstream_addr.to_string()}]);
    std::fs::write(&file, config.to_string()).unwrap();
    let fake = Fake::start(&["toxiproxy", "--proxies", file.to_str().unwrap()]);
    let api = fake.exports()["TOXIPROXY_URL"].clone();
    let proxies: serde_json::Value = serde_json::from_str(&output(
        Command::new("curl").args(["-sf", &format!("{api}/proxies")]),
    ))
    .unwrap();
    let listen = proxies["web"]["listen"]
        .as_str()
        .unwrap_or_else(|| panic!("{proxies}"));
    assert_eq!(proxies["web"]["upstream"], upstream_addr.to_string());
    let through = output(Command::new("curl").args(["-sf", &format!("http://{listen}/")]));
    assert_eq!(through, "upstream");
    let _ = std::fs::remove_file(file);
}

#[test]
fn fake_all_serves_every_platform_and_prints_how_to_reach_it() {
    let fake = Fake::start(&["all"]);
    let printed = fake.printed();
    for header in [
        "# FakeKubernetes at",
        "# FakeEks at",
        "# FakeCloudFoundry at",
        "# FakePrometheus at",
        "# FakeAws at",
        "# Toxiproxy API at",
    ] {
        assert!(printed.contains(header), "{header}: {printed}");
    }
    let exports = fake.exports();
    for name in [
        "KUBECONFIG",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_EKS",
        "AWS_ENDPOINT_URL_STS",
        "CF_USERNAME",
        "CF_PASSWORD",
        "TOXIPROXY_URL",
    ] {
        assert!(exports.contains_key(name), "{name}: {printed}");
    }
    assert!(printed.contains("UAA at http://127.0.0.1:"), "{printed}");
    // One key pair for both AWS fakes: FakeEks checks signatures with it.
    let keys: std::collections::HashSet<String> = fake
        .export_pairs()
        .into_iter()
        .filter(|(name, _)| name == "AWS_ACCESS_KEY_ID")
        .map(|(_, value)| value)
        .collect();
    assert_eq!(keys.len(), 1, "{printed}");
}

#[test]
fn bad_fake_flags_are_usage_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_kallisti"))
        .args(["fake", "k8s", "--labels", "app"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`app` is not k=v"));
    let out = Command::new(env!("CARGO_BIN_EXE_kallisti"))
        .args(["fake", "gcp"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("possible values: k8s, eks, cf, prom, aws, toxiproxy, all"));
}
