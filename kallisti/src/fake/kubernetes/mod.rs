//! `FakeKubernetes`: a stateful Kubernetes API server.
//!
//! It keeps namespaced and cluster objects of the core, apps, networking,
//! policy, Istio and Chaos Mesh groups (and custom ones you declare), and
//! answers discovery (`/api`, `/apis`, `/api/v1`, `/apis/{group}/{version}`),
//! get, list (label and field selectors, `limit`/`continue` pagination),
//! create, replace, JSON-merge, strategic-merge (as a merge) and JSON patch,
//! delete (grace period recorded), the `scale` subresource, pod logs and
//! evictions, with `Status` errors shaped like the API server's (404
//! `NotFound`, 409 `AlreadyExists`, 422 `Invalid`).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use kallisti::fake::FakeKubernetes;
//! let k8s = FakeKubernetes::builder()
//!     .with_pod("shop", "cart-1", &[("app", "cart")])
//!     .with_deployment("shop", "cart", 3, &[("app", "cart")])
//!     .start()
//!     .await;
//! assert_eq!(k8s.pod_names("shop"), ["cart-1"]);
//! assert!(k8s.deleted_pods().is_empty());
//! # }
//! ```

use chrono::{Duration as ChronoDuration, Utc};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

mod discovery;
mod events;
mod kinds;
mod list;
mod objects;
mod selectors;
mod table;

use kinds::builtin_kinds;
pub use kinds::ResourceKind;

/// A deletion the fake was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedObject {
    /// The plural (`pods`).
    pub plural: String,
    /// Its namespace (empty for cluster objects).
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// `gracePeriodSeconds` as asked (query or `DeleteOptions`), if any.
    pub grace_period_seconds: Option<i64>,
}

/// One request the fake answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path.
    pub path: String,
    /// The query, as sent.
    pub query: String,
    /// The status answered.
    pub status: u16,
    /// The `Authorization` header, if one was sent.
    pub authorization: Option<String>,
}

pub(super) type Key = (String, String, String, String); // (group, plural, namespace, name)

#[derive(Default)]
pub(super) struct Store {
    pub(super) kinds: Vec<ResourceKind>,
    objects: BTreeMap<Key, Value>,
    logs: BTreeMap<(String, String), String>,
    version: u64,
    deleted: Vec<DeletedObject>,
    requests: Vec<KubeRequest>,
}

/// Seeds a [`FakeKubernetes`].
#[derive(Debug, Clone, Default)]
pub struct FakeKubernetesBuilder {
    objects: Vec<Value>,
    kinds: Vec<ResourceKind>,
    logs: Vec<(String, String, String)>,
}

fn labels_json(labels: &[(&str, &str)]) -> Value {
    Value::Object(
        labels
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect(),
    )
}

impl FakeKubernetesBuilder {
    /// Any object (its `apiVersion`, `kind`, `metadata.name`, and
    /// `metadata.namespace` for namespaced kinds, must be set).
    pub fn with_object(mut self, object: Value) -> Self {
        self.objects.push(object);
        self
    }

    /// A namespace.
    pub fn with_namespace(self, name: &str) -> Self {
        self.with_object(
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name},
            "status": {"phase": "Active"}}),
        )
    }

    /// A running, ready pod with these labels.
    pub fn with_pod(self, ns: &str, name: &str, labels: &[(&str, &str)]) -> Self {
        self.with_pod_in_phase(ns, name, labels, "Running")
    }

    /// A pod in `phase` (`Pending`, `Running`, `Succeeded`, `Failed`).
    pub fn with_pod_in_phase(
        self,
        ns: &str,
        name: &str,
        labels: &[(&str, &str)],
        phase: &str,
    ) -> Self {
        let ready = if phase == "Running" { "True" } else { "False" };
        self.with_object(json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": ns, "labels": labels_json(labels)},
            "spec": {"containers": [{"name": "main", "image": "example/app:1"}], "nodeName": "node-1",
                     "terminationGracePeriodSeconds": 30},
            "status": {"phase": phase, "conditions": [
                {"type": "Ready", "status": ready}, {"type": "ContainersReady", "status": ready}],
                "containerStatuses": [{"name": "main", "ready": ready == "True", "restartCount": 0,
                    "image": "example/app:1", "imageID": "example/app@sha256:0", "started": ready == "True",
                    "state": if ready == "True" { json!({"running": {}}) } else { json!({"terminated": {"exitCode": 0, "reason": "Completed"}}) }}]}
        }))
    }

    /// `count` running pods `{prefix}-00000`, ... with these labels.
    pub fn with_pods(
        mut self,
        ns: &str,
        prefix: &str,
        count: usize,
        labels: &[(&str, &str)],
    ) -> Self {
        for i in 0..count {
            self = self.with_pod(ns, &format!("{prefix}-{i:05}"), labels);
        }
        self
    }

    /// A deployment with `replicas` ready replicas selecting these labels.
    pub fn with_deployment(
        self,
        ns: &str,
        name: &str,
        replicas: u32,
        labels: &[(&str, &str)],
    ) -> Self {
        self.with_object(json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": ns, "labels": labels_json(labels)},
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels_json(labels)},
                     "template": {"metadata": {"labels": labels_json(labels)}, "spec": {"containers": [{"name": "main", "image": "example/app:1"}]}}},
            "status": {"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas,
                       "updatedReplicas": replicas, "unavailableReplicas": 0, "observedGeneration": 1}
        }))
    }

    /// A ready, schedulable node.
    pub fn with_node(self, name: &str, labels: &[(&str, &str)]) -> Self {
        self.with_object(json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": labels_json(labels)},
            "spec": {},
            "status": {"conditions": [{"type": "Ready", "status": "True"}]}
        }))
    }

    /// An Istio VirtualService with this `spec`.
    pub fn with_virtual_service(self, ns: &str, name: &str, spec: Value) -> Self {
        self.with_object(json!({
            "apiVersion": "networking.istio.io/v1alpha3", "kind": "VirtualService",
            "metadata": {"name": name, "namespace": ns}, "spec": spec
        }))
    }

    /// The log text of a pod.
    pub fn with_pod_logs(mut self, ns: &str, pod: &str, text: &str) -> Self {
        self.logs.push((ns.into(), pod.into(), text.into()));
        self
    }

    /// Serves a custom kind too.
    pub fn with_custom_kind(mut self, kind: ResourceKind) -> Self {
        self.kinds.push(kind);
        self
    }

    /// Starts the fake on a random loopback port.
    ///
    /// # Panics
    /// When a seeded object's kind is not served or it lacks a name.
    pub async fn start(self) -> FakeKubernetes {
        self.serve(None).await
    }

    /// Starts the fake on `listener` (a fixed port, for tools outside Rust).
    pub async fn start_on(self, listener: std::net::TcpListener) -> FakeKubernetes {
        self.serve(Some(listener)).await
    }

    async fn serve(self, listener: Option<std::net::TcpListener>) -> FakeKubernetes {
        let mut store = Store {
            kinds: builtin_kinds(),
            ..Store::default()
        };
        store.kinds.extend(self.kinds);
        for object in self.objects {
            let kind = store
                .kind_of_object(&object)
                .unwrap_or_else(|| panic!("FakeKubernetes does not serve {}", object["kind"]));
            let ns = object["metadata"]["namespace"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let name = object["metadata"]["name"]
                .as_str()
                .expect("seeded objects have a name")
                .to_string();
            store.insert(&kind, &ns, &name, object);
        }
        // A cluster has a Namespace object for every namespace in use.
        let namespaces: std::collections::BTreeSet<String> = store
            .objects
            .keys()
            .map(|(_, _, ns, _)| ns.clone())
            .filter(|ns| !ns.is_empty())
            .collect();
        let namespace_kind = store
            .kind("", "v1", "namespaces")
            .expect("namespaces are served");
        for ns in namespaces {
            let key = (
                String::new(),
                "namespaces".to_string(),
                String::new(),
                ns.clone(),
            );
            if !store.objects.contains_key(&key) {
                store.insert(
                    &namespace_kind,
                    "",
                    &ns,
                    json!({"metadata": {"name": ns}, "status": {"phase": "Active"}}),
                );
            }
        }
        for (ns, pod, text) in self.logs {
            store.logs.insert((ns, pod), text);
        }
        let server = match listener {
            Some(listener) => MockServer::builder().listener(listener).start().await,
            None => MockServer::start().await,
        };
        let store = Arc::new(Mutex::new(store));
        Mock::given(any())
            .respond_with(Server {
                store: Arc::clone(&store),
            })
            .mount(&server)
            .await;
        FakeKubernetes { server, store }
    }
}

impl Store {
    fn kind(&self, group: &str, version: &str, plural: &str) -> Option<ResourceKind> {
        self.kinds
            .iter()
            .find(|k| k.group == group && k.version == version && k.plural == plural)
            .cloned()
    }

    fn kind_of_object(&self, object: &Value) -> Option<ResourceKind> {
        let api_version = object["apiVersion"].as_str()?;
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        let kind = object["kind"].as_str()?;
        self.kinds
            .iter()
            .find(|k| k.group == group && k.version == version && k.kind == kind)
            .cloned()
    }

    fn insert(&mut self, kind: &ResourceKind, ns: &str, name: &str, mut object: Value) -> Value {
        self.version += 1;
        let ns = if kind.namespaced { ns } else { "" };
        let meta = object["metadata"]
            .as_object_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let mut meta = meta;
        meta.insert("name".into(), json!(name));
        if kind.namespaced {
            meta.insert("namespace".into(), json!(ns));
        }
        meta.insert("resourceVersion".into(), json!(self.version.to_string()));
        meta.entry("uid").or_insert_with(|| {
            json!(format!(
                "{:08x}-0000-4000-8000-{:012x}",
                self.version, self.version
            ))
        });
        // Seeded objects are a second apart, oldest first, unless they say
        // when; from one start per process, so fakes seeded alike (twins in
        // a comparison) agree to the second.
        static START: std::sync::OnceLock<chrono::DateTime<Utc>> = std::sync::OnceLock::new();
        let start = *START.get_or_init(|| Utc::now() - ChronoDuration::hours(1));
        meta.entry("creationTimestamp").or_insert_with(|| {
            json!((start + ChronoDuration::seconds(self.version as i64))
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string())
        });
        object["metadata"] = Value::Object(meta);
        object["apiVersion"] = json!(kind.api_version());
        object["kind"] = json!(kind.kind);
        self.objects.insert(
            (
                kind.group.clone(),
                kind.plural.clone(),
                ns.to_string(),
                name.to_string(),
            ),
            object.clone(),
        );
        object
    }
}

/// An answer before it becomes an HTTP response, so that views (a `Table`,
/// `events.k8s.io`) can reshape it.
pub(super) type Answer = (u16, Body);

/// The body of an [`Answer`].
pub(super) enum Body {
    Json(Value),
    Text(String),
}

/// The API server's `Status` error.
pub(super) fn status(code: u16, reason: &str, message: String, details: Value) -> Answer {
    (
        code,
        Body::Json(json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {},
            "status": "Failure", "message": message, "reason": reason,
            "details": details, "code": code
        })),
    )
}

pub(super) fn ok(body: Value) -> Answer {
    (200, Body::Json(body))
}

struct Server {
    store: Arc<Mutex<Store>>,
}

impl Server {
    fn handle(&self, store: &mut Store, request: &Request) -> Answer {
        let path = request.url.path().to_string();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if let Some(answer) = discovery::answer(store, &segments) {
            return answer;
        }
        // /api/v1/... or /apis/{group}/{version}/...
        let (group, version, rest) = match segments.as_slice() {
            ["api", version, rest @ ..] => ("", *version, rest),
            ["apis", group, version, rest @ ..] => (*group, *version, rest),
            _ => {
                return status(
                    404,
                    "NotFound",
                    "the server could not find the requested resource".into(),
                    json!({}),
                )
            }
        };
        let (ns, rest) = match rest {
            ["namespaces", ns, plural, more @ ..] => (Some(*ns), [&[*plural][..], more].concat()),
            other => (None, other.to_vec()),
        };
        let Some(plural) = rest.first().copied() else {
            return status(
                404,
                "NotFound",
                "the server could not find the requested resource".into(),
                json!({}),
            );
        };
        let Some(kind) = store.kind(group, version, plural) else {
            return status(
                404,
                "NotFound",
                format!("the server could not find the requested resource ({plural})"),
                json!({}),
            );
        };
        let method = request.method.as_str();
        // events.k8s.io/v1 is a view of the core events, as on a cluster;
        // the fake serves it for reading.
        let events_view = kind.group == "events.k8s.io";
        if events_view && method != "GET" {
            return status(
                405,
                "MethodNotAllowed",
                format!(
                    "the fake serves {} read-only: write core/v1 events",
                    kind.api_version()
                ),
                json!({}),
            );
        }
        let stored = match events_view {
            true => store
                .kind("", "v1", "events")
                .expect("core events are served"),
            false => kind.clone(),
        };
        let mut answer = objects::serve(store, request, &stored, ns, &rest[1..]);
        if let (200, Body::Json(body)) = &mut answer {
            reshape(request, &stored, events_view, body);
        }
        answer
    }
}

/// Reshapes a successful answer into the view asked for: a `Table` when
/// the client accepts one (a `Scale` is never one), or `events.k8s.io`
/// events.
fn reshape(request: &Request, kind: &ResourceKind, events_view: bool, body: &mut Value) {
    let accept = request
        .headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if request.method.as_str() == "GET" && table::wanted(accept) && body["kind"] != "Scale" {
        let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
        let include = query
            .get("includeObject")
            .map_or("Metadata", String::as_str);
        *body = table::render(kind, body, include);
    } else if events_view {
        *body = events::to_events_v1(body);
    }
}

impl Respond for Server {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut store = self.store.lock().expect("fake kubernetes store");
        let (code, body) = self.handle(&mut store, request);
        let answer = match body {
            Body::Json(body) => ResponseTemplate::new(code).set_body_json(body),
            Body::Text(text) => ResponseTemplate::new(code).set_body_string(text),
        };
        store.requests.push(KubeRequest {
            method: request.method.to_string(),
            path: request.url.path().to_string(),
            query: request.url.query().unwrap_or_default().to_string(),
            status: code,
            authorization: request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        });
        answer
    }
}

/// A fake Kubernetes API server (see the module docs).
pub struct FakeKubernetes {
    server: MockServer,
    store: Arc<Mutex<Store>>,
}

impl FakeKubernetes {
    /// A builder with nothing seeded.
    pub fn builder() -> FakeKubernetesBuilder {
        FakeKubernetesBuilder::default()
    }

    /// The API server URL to give steps as `k8s_api_host`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("fake kubernetes store")
    }

    /// An object, as stored now.
    pub fn object(&self, group: &str, plural: &str, ns: &str, name: &str) -> Option<Value> {
        self.store()
            .objects
            .get(&(group.into(), plural.into(), ns.into(), name.into()))
            .cloned()
    }

    /// The names of the pods of a namespace, sorted.
    pub fn pod_names(&self, ns: &str) -> Vec<String> {
        self.store()
            .objects
            .keys()
            .filter(|(g, p, n, _)| g.is_empty() && p == "pods" && n == ns)
            .map(|(_, _, _, name)| name.clone())
            .collect()
    }

    /// The pods deleted (or evicted), in order.
    pub fn deleted_pods(&self) -> Vec<DeletedObject> {
        self.store()
            .deleted
            .iter()
            .filter(|d| d.plural == "pods")
            .cloned()
            .collect()
    }

    /// Every object the fake holds, in (group, plural, namespace, name)
    /// order: the state a test compares after a step.
    pub fn objects(&self) -> Vec<Value> {
        self.store().objects.values().cloned().collect()
    }

    /// Every deletion, in order.
    pub fn deleted(&self) -> Vec<DeletedObject> {
        self.store().deleted.clone()
    }

    /// Every request answered, in order.
    pub fn requests(&self) -> Vec<KubeRequest> {
        self.store().requests.clone()
    }

    /// The requests that changed something or could have: every method
    /// but GET, and the GETs that open a session in a pod (`exec`,
    /// `attach`, `portforward` upgrade a GET to a websocket).
    pub fn changes(&self) -> Vec<KubeRequest> {
        const SESSIONS: [&str; 3] = ["/exec", "/attach", "/portforward"];
        self.requests()
            .into_iter()
            .filter(|r| r.method != "GET" || SESSIONS.iter().any(|s| r.path.ends_with(s)))
            .collect()
    }
}
