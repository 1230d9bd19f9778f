//! What one run of one experiment sees: a fresh demo service, a fresh
//! FakeKubernetes seeded like every other, a refused port, and a directory
//! of its own (work files, HOME, the kubeconfig, the journal). Each tool
//! gets its own world, so neither sees what the other changed.

use kallisti::fake::{FakeKubernetes, FakeKubernetesBuilder};
use kallisti_suite::DemoService;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A running world and where it keeps its files.
pub struct World {
    pub service: DemoService,
    pub k8s: FakeKubernetes,
    pub dir: PathBuf,
    dead_url: String,
}

/// The cluster every Kubernetes experiment of the corpus starts from.
fn seed() -> FakeKubernetesBuilder {
    let mut builder = FakeKubernetes::builder()
        .with_namespace("default")
        .with_namespace("shop");
    for i in 1..=3 {
        builder = builder.with_pod("shop", &format!("web-{i}"), &[("app", "web")]);
    }
    builder.with_deployment("shop", "web", 3, &[("app", "web")])
}

/// A loopback URL whose port nothing listens on: connections are refused.
fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

impl World {
    /// Starts a world whose files live in `dir` (emptied first).
    pub async fn start(dir: PathBuf) -> World {
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["work", "home"] {
            std::fs::create_dir_all(dir.join(sub)).expect("the run's directory");
        }
        let world = World {
            service: DemoService::start().await,
            k8s: seed().start().await,
            dead_url: refused_url(),
            dir,
        };
        std::fs::write(world.kubeconfig(), world.kubeconfig_text()).expect("the kubeconfig");
        world
    }

    fn kubeconfig(&self) -> PathBuf {
        self.dir.join("kubeconfig")
    }

    /// Two contexts: the current one points at the refused port, so only
    /// an activity that asks for context `fake-cluster` (through the
    /// KUBERNETES_CONTEXT secret) reaches the fake cluster.
    fn kubeconfig_text(&self) -> String {
        format!(
            "apiVersion: v1\nkind: Config\n\
             clusters:\n\
             - {{name: corpus, cluster: {{server: \"{}\"}}}}\n\
             - {{name: elsewhere, cluster: {{server: \"{}\"}}}}\n\
             users: [{{name: corpus, user: {{token: corpus-token}}}}]\n\
             contexts:\n\
             - {{name: fake-cluster, context: {{cluster: corpus, user: corpus}}}}\n\
             - {{name: elsewhere, context: {{cluster: elsewhere, user: corpus}}}}\n\
             current-context: elsewhere\n",
            self.k8s.uri(),
            self.dead_url
        )
    }

    /// The environment the experiments read (see the corpus README).
    pub fn env(&self) -> Vec<(String, String)> {
        let path = |p: &Path| p.display().to_string();
        [
            ("CTK_BASE_URL", self.service.url()),
            ("CTK_DEAD_URL", self.dead_url.clone()),
            ("CTK_WORK_DIR", path(&self.dir.join("work"))),
            ("CTK_COUNT", "3".into()),
            ("CTK_ENABLED", "no".into()),
            (
                "CTK_FLAGS",
                r#"{"canary": true, "zones": ["a", "b"]}"#.into(),
            ),
            ("CTK_TOKEN", "demo-access-token".into()),
            ("CTK_SERVICE", "fortune".into()),
            ("KUBECONFIG", path(&self.kubeconfig())),
            ("HOME", path(&self.dir.join("home"))),
            ("PYTHONPATH", crate::corpus::DIR.into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// What differs between two worlds, each with the name it is shown as
    /// in a compared journal; longest first, so a directory is replaced
    /// before a shorter prefix of it could be.
    pub fn placeholders(&self) -> Vec<(String, &'static str)> {
        let mut list = vec![
            (self.service.url(), "$CTK_BASE_URL"),
            (self.dead_url.clone(), "$CTK_DEAD_URL"),
            (self.k8s.uri(), "$KUBERNETES_API"),
            (self.dir.display().to_string(), "$RUN_DIR"),
        ];
        list.sort_by_key(|(text, _)| std::cmp::Reverse(text.len()));
        list
    }

    /// The requests the demo service received, as a tool sent them: method,
    /// path and query, content type, and the body (JSON bodies parsed, as
    /// the two tools space them differently).
    pub fn requests(&self) -> Vec<Value> {
        self.service
            .requests()
            .into_iter()
            .map(|r| {
                let body = serde_json::from_str::<Value>(&r.body)
                    .unwrap_or_else(|_| Value::String(r.body.clone()));
                json!({"method": r.method, "uri": r.uri,
                       "content-type": r.header("content-type"), "body": body})
            })
            .collect()
    }

    /// The objects left in the fake cluster, without what any write
    /// changes (versions, times, uids).
    pub fn objects(&self) -> Vec<Value> {
        let mut objects = self.k8s.objects();
        for object in &mut objects {
            if let Some(meta) = object["metadata"].as_object_mut() {
                for key in [
                    "resourceVersion",
                    "generation",
                    "managedFields",
                    "uid",
                    "creationTimestamp",
                    "deletionTimestamp",
                ] {
                    meta.remove(key);
                }
            }
        }
        objects
    }
}
