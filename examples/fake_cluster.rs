//! The offline fakes as a standalone server, so tools outside this repo
//! (Chaos Toolkit, kubectl, benchmarks) can be pointed at them:
//!
//! ```sh
//! cargo run --release --example fake_cluster -- --port 8001 --pods 10000
//! kubectl --server http://127.0.0.1:8001 get pods -n bench -l app=bench
//! ```
//!
//! Flags:
//! - `--port P`: FakeKubernetes on 127.0.0.1:P (default 8001).
//! - `--pods N` (default 0), `--namespace NS` (default `bench`),
//!   `--labels k=v[,k=v]` (default `app=bench`): N running pods
//!   `pod-00000`... with those labels.
//! - `--seed FILE`: more objects, a JSON list of Kubernetes objects.
//! - `--cf-port P`: also FakeCloudFoundry, with `--cf-user NAME:PASSWORD`
//!   (default `bench:bench`) and `--cf-apps N` started apps in org and space
//!   `bench` (default 0).
//! - `--prom-port P`: also FakePrometheus, with an `up{job="bench"}` series.

use kallisti::fake::{FakeApp, FakeCloudFoundry, FakeKubernetes, FakePrometheus};
use std::collections::HashMap;
use std::net::TcpListener;

fn usage(problem: &str) -> ! {
    eprintln!("fake_cluster: {problem}\nusage: fake_cluster [--port P] [--pods N] [--namespace NS] [--labels k=v,...] [--seed FILE] [--cf-port P] [--cf-user U:P] [--cf-apps N] [--prom-port P]");
    std::process::exit(64);
}

fn listen(port: &str) -> TcpListener {
    let port: u16 = port
        .parse()
        .unwrap_or_else(|_| usage(&format!("`{port}` is not a port")));
    TcpListener::bind(("127.0.0.1", port))
        .unwrap_or_else(|e| usage(&format!("cannot listen on port {port}: {e}")))
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut flags: HashMap<String, String> = HashMap::new();
    let mut i = 0;
    while i < args.len() {
        let flag = args[i]
            .strip_prefix("--")
            .unwrap_or_else(|| usage(&format!("unexpected `{}`", args[i])));
        let value = args
            .get(i + 1)
            .unwrap_or_else(|| usage(&format!("--{flag} needs a value")));
        flags.insert(flag.to_string(), value.clone());
        i += 2;
    }
    let get = |k: &str, default: &str| flags.get(k).cloned().unwrap_or_else(|| default.to_string());
    for key in flags.keys() {
        if ![
            "port",
            "pods",
            "namespace",
            "labels",
            "seed",
            "cf-port",
            "cf-user",
            "cf-apps",
            "prom-port",
        ]
        .contains(&key.as_str())
        {
            usage(&format!("unknown flag --{key}"));
        }
    }

    let pods: usize = get("pods", "0")
        .parse()
        .unwrap_or_else(|_| usage("--pods takes a number"));
    let namespace = get("namespace", "bench");
    let labels_text = get("labels", "app=bench");
    let labels: Vec<(String, String)> = labels_text
        .split(',')
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .unwrap_or_else(|| usage("--labels takes k=v,..."))
        })
        .collect();
    let label_refs: Vec<(&str, &str)> = labels
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut builder = FakeKubernetes::builder().with_pods(&namespace, "pod", pods, &label_refs);
    if let Some(path) = flags.get("seed") {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| usage(&format!("cannot read {path}: {e}")));
        let objects: Vec<serde_json::Value> = serde_json::from_str(&text)
            .unwrap_or_else(|e| usage(&format!("{path} is not a JSON list: {e}")));
        for object in objects {
            builder = builder.with_object(object);
        }
    }
    let k8s = builder.start_on(listen(&get("port", "8001"))).await;
    println!(
        "FakeKubernetes on {} ({pods} pods in `{namespace}` with {labels_text})",
        k8s.uri()
    );

    let _cf = match flags.get("cf-port") {
        Some(port) => {
            let user = get("cf-user", "bench:bench");
            let (name, password) = user
                .split_once(':')
                .unwrap_or_else(|| usage("--cf-user takes NAME:PASSWORD"));
            let apps: usize = get("cf-apps", "0")
                .parse()
                .unwrap_or_else(|_| usage("--cf-apps takes a number"));
            let mut cf = FakeCloudFoundry::builder().with_user(name, password);
            for i in 0..apps {
                cf = cf.with_app(FakeApp::new("bench", "bench", &format!("app-{i}")).instances(2));
            }
            let cf = cf.start_on(listen(port)).await;
            println!(
                "FakeCloudFoundry on {} (user `{name}`, {apps} apps)",
                cf.uri()
            );
            Some(cf)
        }
        None => None,
    };
    let _prom = match flags.get("prom-port") {
        Some(port) => {
            let prom = FakePrometheus::builder()
                .with_series("up{job=\"bench\"}", [1.0; 20])
                .start_on(listen(port))
                .await;
            println!("FakePrometheus on {}", prom.uri());
            Some(prom)
        }
        None => None,
    };
    println!("ready (Ctrl-C to stop)");
    let _ = tokio::signal::ctrl_c().await;
}
