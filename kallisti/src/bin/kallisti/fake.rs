//! `kallisti fake`: the offline fakes as servers on loopback, for kubectl,
//! boto3, the AWS CLI, Chaos Toolkit or a CF client, with the settings that
//! point each at them printed ready to paste.

use kallisti::fake::{FakeApp, FakeCloudFoundry, FakeEks, FakeKubernetes, FakePrometheus};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Prints a line of settings; a reader gone early (`| head`) is not an error.
macro_rules! say {
    ($($arg:tt)*) => {
        crate::run::emit(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `export NAME=value ...`, each value quoted for the shell when it needs it.
fn export(pairs: &[(&str, &str)]) {
    let pairs: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", shell_quoted(value)))
        .collect();
    say!("export {}", pairs.join(" "));
}

fn shell_quoted(value: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c);
    if !value.is_empty() && value.chars().all(plain) {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// The key pair printed for the AWS fakes: FakeEks checks signatures made
/// with it, FakeAws takes any.
const ACCESS_KEY: &str = FakeEks::DEFAULT_ACCESS_KEY;
const SECRET_KEY: &str = FakeEks::DEFAULT_SECRET_KEY;

/// The AWS settings both AWS fakes print.
fn aws_credentials(region: &str) {
    say!("unset AWS_SESSION_TOKEN AWS_PROFILE");
    export(&[
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_REGION", region),
        ("AWS_DEFAULT_REGION", region),
    ]);
}

/// The platform to fake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Platform {
    /// A Kubernetes API server (pods, deployments, nodes, Istio objects...).
    K8s,
    /// An EKS cluster: the EKS and STS APIs in front of a fake Kubernetes.
    Eks,
    /// Cloud Foundry: the Cloud Controller v3 API and UAA.
    Cf,
    /// A Prometheus HTTP API.
    Prom,
    /// The AWS services `aws.*` steps use (`aws` features needed).
    Aws,
    /// A Toxiproxy API with real proxies, for Toxiproxy clients and
    /// `toxiproxy.*` steps (`net` feature needed).
    Toxiproxy,
    /// Every one of them, on consecutive ports.
    All,
}

#[derive(clap::Args)]
#[command(after_help = "Examples:
  kallisti fake k8s --pods 10           # then: export KUBECONFIG=... (printed); kubectl get pods
  kallisti fake k8s --pod-log default/pod-00000=app.log   # kubectl logs pod-00000 prints app.log
  kallisti fake aws --instances 5       # then: the printed exports; aws ec2 describe-instances
  kallisti fake toxiproxy --port 8474 --proxies proxies.json   # Toxiproxy's API, proxies from the file
  kallisti fake all --port 8001         # k8s on 8001, eks on 8002, cf 8003, prom 8004, aws 8005, toxiproxy 8006")]
pub struct FakeArgs {
    /// What to serve.
    #[arg(value_enum)]
    platform: Platform,
    /// Loopback port of the first fake, the next ones on the ports after
    /// it (0: free ports).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Where to write the kubeconfig (default: a new temporary folder).
    #[arg(long, value_name = "FILE")]
    kubeconfig: Option<PathBuf>,
    /// Running pods to seed (k8s, eks).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pods: usize,
    /// Namespace of the seeded pods (k8s, eks).
    #[arg(long, default_value = "default")]
    namespace: String,
    /// Labels of the seeded pods, `k=v[,k=v]` (k8s, eks).
    #[arg(long, default_value = "app=demo", value_parser = parse_labels)]
    labels: Labels,
    /// More Kubernetes objects to seed: a file with a JSON list (k8s, eks).
    #[arg(long, value_name = "FILE")]
    seed: Option<PathBuf>,
    /// A pod's log, read from a file; repeat for more pods (k8s, eks).
    #[arg(long = "pod-log", value_name = "NAMESPACE/POD=FILE", value_parser = parse_pod_log)]
    pod_logs: Vec<PodLog>,
    /// The UAA user, `NAME:PASSWORD` (cf).
    #[arg(long, default_value = "admin:admin", value_name = "NAME:PASSWORD")]
    cf_user: String,
    /// Started apps in org `demo`, space `demo` (cf).
    #[arg(long, default_value_t = 2, value_name = "N")]
    cf_apps: usize,
    /// Running EC2 instances to seed (aws).
    #[arg(long, default_value_t = 3, value_name = "N")]
    instances: usize,
    /// The region of the seeded AWS resources (aws, eks).
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// Proxies to open at start: a JSON list of `{name, listen, upstream,
    /// enabled}`, as Toxiproxy's `-config` file (toxiproxy).
    #[arg(long, value_name = "FILE")]
    proxies: Option<PathBuf>,
}

/// A pod's seeded log, from `--pod-log`.
#[derive(Clone, Debug)]
pub struct PodLog {
    namespace: String,
    pod: String,
    file: PathBuf,
}

fn parse_pod_log(text: &str) -> Result<PodLog, String> {
    let (target, file) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not NAMESPACE/POD=FILE"))?;
    match target.split_once('/') {
        Some((namespace, pod)) if !namespace.is_empty() && !pod.is_empty() && !file.is_empty() => {
            Ok(PodLog {
                namespace: namespace.into(),
                pod: pod.into(),
                file: file.into(),
            })
        }
        _ => Err(format!("`{text}` is not NAMESPACE/POD=FILE")),
    }
}

/// Pod labels from `--labels`.
#[derive(Clone, Debug)]
pub struct Labels(Vec<(String, String)>);

fn parse_labels(text: &str) -> Result<Labels, String> {
    text.split(',')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().into(), v.trim().into())),
            _ => Err(format!("`{pair}` is not k=v")),
        })
        .collect::<Result<_, _>>()
        .map(Labels)
}

/// Serves the chosen fakes until Ctrl-C or SIGTERM.
pub async fn serve(args: FakeArgs) -> ExitCode {
    match start(&args).await {
        Ok(running) => {
            say!("# ready: Ctrl-C stops the fakes");
            crate::run::wait_for_signal().await;
            drop(running);
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("kallisti fake: {problem}");
            ExitCode::from(crate::EXIT_USAGE)
        }
    }
}

/// What is served; dropping it stops the servers.
type Running = Vec<Box<dyn std::any::Any>>;

async fn start(args: &FakeArgs) -> Result<Running, String> {
    let wanted = |p: Platform| args.platform == p || args.platform == Platform::All;
    let mut ports = Ports(args.port);
    let mut running: Running = Vec::new();
    let mut k8s_uri = None;
    if wanted(Platform::K8s) || wanted(Platform::Eks) {
        let k8s = kubernetes(args, ports.next()?).await?;
        k8s_uri = Some(k8s.uri());
        running.push(Box::new(k8s));
    }
    if wanted(Platform::Eks) {
        let endpoint = k8s_uri.clone().expect("k8s started with eks");
        running.push(Box::new(eks(args, &endpoint, ports.next()?).await));
    }
    if wanted(Platform::Cf) {
        running.push(Box::new(cloud_foundry(args, ports.next()?).await?));
    }
    if wanted(Platform::Prom) {
        running.push(Box::new(prometheus(ports.next()?).await));
    }
    if wanted(Platform::Aws) {
        aws(args, &mut ports, &mut running).await?;
    }
    if wanted(Platform::Toxiproxy) {
        toxiproxy(args, &mut ports, &mut running).await?;
    }
    Ok(running)
}

/// Hands out `--port`, then the ports after it; or free ports for 0.
struct Ports(u16);

impl Ports {
    fn next(&mut self) -> Result<TcpListener, String> {
        let port = self.0;
        if port != 0 {
            self.0 = port.checked_add(1).ok_or("no port after 65535")?;
        }
        TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))
    }
}

async fn kubernetes(args: &FakeArgs, listener: TcpListener) -> Result<FakeKubernetes, String> {
    let labels: Vec<(&str, &str)> = args
        .labels
        .0
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut builder =
        FakeKubernetes::builder().with_pods(&args.namespace, "pod", args.pods, &labels);
    if let Some(path) = &args.seed {
        for object in seed_objects(path)? {
            builder = builder.with_object(object);
        }
    }
    for log in &args.pod_logs {
        let text = std::fs::read_to_string(&log.file)
            .map_err(|e| format!("--pod-log {}: {e}", log.file.display()))?;
        builder = builder.with_pod_logs(&log.namespace, &log.pod, &text);
    }
    let k8s = builder.start_on(listener).await;
    let kubeconfig = write_kubeconfig(args.kubeconfig.clone(), &k8s.uri(), &args.namespace)?;
    let labels: Vec<String> = args
        .labels
        .0
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    say!(
        "# FakeKubernetes at {} ({} pods in `{}` labelled {})",
        k8s.uri(),
        args.pods,
        args.namespace,
        labels.join(",")
    );
    export(&[("KUBECONFIG", &kubeconfig.display().to_string())]);
    Ok(k8s)
}

fn seed_objects(path: &Path) -> Result<Vec<serde_json::Value>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--seed: cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "--seed: {} is not a JSON list of objects: {e}",
            path.display()
        )
    })
}

/// A kubeconfig whose current context is the fake, for kubectl and for
/// `k8s` steps that name no server.
fn write_kubeconfig(
    path: Option<PathBuf>,
    server: &str,
    namespace: &str,
) -> Result<PathBuf, String> {
    let path = match path {
        Some(path) => path,
        None => {
            let dir = std::env::temp_dir().join(format!("kallisti-fake-{}", std::process::id()));
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            dir.join("kubeconfig")
        }
    };
    let text = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: kallisti-fake\n  cluster:\n    server: {server}\n\
         contexts:\n- name: kallisti-fake\n  context:\n    cluster: kallisti-fake\n    user: kallisti-fake\n    namespace: {namespace}\n\
         current-context: kallisti-fake\nusers:\n- name: kallisti-fake\n  user:\n    token: kallisti-fake-token\n"
    );
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

async fn eks(args: &FakeArgs, endpoint: &str, listener: TcpListener) -> FakeEks {
    let eks = FakeEks::builder()
        .with_cluster("demo", endpoint)
        .start_on(listener)
        .await;
    say!(
        "# FakeEks at {}: cluster `demo` in front of {endpoint}",
        eks.uri()
    );
    export(&[
        ("AWS_ENDPOINT_URL_EKS", &eks.uri()),
        ("AWS_ENDPOINT_URL_STS", &eks.uri()),
    ]);
    aws_credentials(&args.region);
    eks
}

async fn cloud_foundry(args: &FakeArgs, listener: TcpListener) -> Result<FakeCloudFoundry, String> {
    let (user, password) = args
        .cf_user
        .split_once(':')
        .ok_or("--cf-user takes NAME:PASSWORD")?;
    let mut builder = FakeCloudFoundry::builder().with_user(user, password);
    for i in 0..args.cf_apps {
        builder = builder.with_app(FakeApp::new("demo", "demo", &format!("app-{i}")).instances(2));
    }
    let cf = builder.start_on(listener).await;
    say!(
        "# FakeCloudFoundry at {0}: Cloud Controller v3 at {0}, UAA at {0}/uaa (client `cf`, no secret), \
         {1} apps in org `demo`, space `demo`",
        cf.uri(),
        args.cf_apps
    );
    say!("# steps: \"cf_api_url\": \"{}\"", cf.uri());
    export(&[("CF_USERNAME", user), ("CF_PASSWORD", password)]);
    Ok(cf)
}

async fn prometheus(listener: TcpListener) -> FakePrometheus {
    let prom = FakePrometheus::builder()
        .with_series("up{job=\"demo\"}", [1.0; 60])
        .start_on(listener)
        .await;
    say!(
        "# FakePrometheus at {}: series up{{job=\"demo\"}}",
        prom.uri()
    );
    say!("# curl '{}/api/v1/query?query=up'", prom.uri());
    prom
}

#[cfg(feature = "__aws")]
async fn aws(args: &FakeArgs, ports: &mut Ports, running: &mut Running) -> Result<(), String> {
    use kallisti::fake::{FakeAws, FakeDbCluster, FakeInstance};
    let mut builder = FakeAws::builder()
        .with_ecs_service("demo", "web", 2)
        .with_db_cluster(FakeDbCluster::new("demo-db", &["demo-db-1", "demo-db-2"]));
    for i in 0..args.instances {
        let id = format!("i-{:017x}", i + 1);
        builder = builder
            .with_instance(FakeInstance::new(&id, &format!("{}a", args.region)).tag("app", "demo"));
    }
    let aws = builder.start_on(ports.next()?).await;
    say!(
        "# FakeAws at {}: {} EC2 instances tagged app=demo, ECS cluster `demo` (service `web`, 2 tasks), \
         Aurora cluster `demo-db` (demo-db-1 writer, demo-db-2 reader)",
        aws.uri(),
        args.instances
    );
    export(&[("AWS_ENDPOINT_URL", &aws.uri())]);
    aws_credentials(&args.region);
    running.push(Box::new(aws));
    Ok(())
}

#[cfg(not(feature = "__aws"))]
async fn aws(args: &FakeArgs, _: &mut Ports, _: &mut Running) -> Result<(), String> {
    const HOW: &str = "cargo install --path kallisti --features fake,aws";
    if args.platform == Platform::All {
        say!("# no FakeAws: this build has no AWS service ({HOW})");
        return Ok(());
    }
    Err(format!("this build has no AWS fake: {HOW}"))
}

#[cfg(feature = "net")]
async fn toxiproxy(
    args: &FakeArgs,
    ports: &mut Ports,
    running: &mut Running,
) -> Result<(), String> {
    let set = kallisti::net::Proxies::new();
    if let Some(path) = &args.proxies {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let list: Vec<serde_json::Value> = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a JSON list: {e}", path.display()))?;
        for (index, proxy) in list.iter().enumerate() {
            let field = |name: &str| proxy.get(name).and_then(|v| v.as_str()).unwrap_or_default();
            let enabled = proxy
                .get("enabled")
                .and_then(|v| v.as_bool())
                .unwrap_or(true);
            let listen = Some(field("listen"))
                .filter(|l| !l.is_empty())
                .unwrap_or("127.0.0.1:0");
            set.create(field("name"), listen, field("upstream"), enabled)
                .map_err(|e| format!("{}: proxy {}: {e}", path.display(), index + 1))?;
        }
    }
    let listener = ports.next()?;
    let _ = listener.set_nonblocking(true);
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
    let url = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    tokio::spawn(kallisti::net::serve_api(listener, set.clone()));
    say!("# Toxiproxy API at {url}: proxies {:?}", set.names());
    say!(
        "# toxiproxy-cli -h {} list",
        url.trim_start_matches("http://")
    );
    export(&[("TOXIPROXY_URL", &url)]);
    running.push(Box::new(set));
    Ok(())
}

#[cfg(not(feature = "net"))]
async fn toxiproxy(args: &FakeArgs, _: &mut Ports, _: &mut Running) -> Result<(), String> {
    const HOW: &str = "cargo install --path kallisti --features fake,net";
    if args.platform == Platform::All {
        say!("# no Toxiproxy API: this build has no `net` feature ({HOW})");
        return Ok(());
    }
    Err(format!("this build has no Toxiproxy API: {HOW}"))
}
