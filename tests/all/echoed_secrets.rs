//! Canaries that can fail: each server here gives back what kallisti sent
//! it (headers, query, body) in its answer, so every secret kallisti learns
//! comes back into text that kallisti formats: a result, an error. Each case
//! first proves the secret reached the server and that the echo reached
//! kallisti's outputs; then no output may show the secret: the text, JSON,
//! JUnit and HTML reports, the record, and `tracing` at TRACE from every
//! thread of this binary. Several secrets are 4 to 11 characters long, so
//! they are redacted inside longer text (`Bearer k8s5t`).

use crate::support;

use axum::http::{HeaderMap, Method, Uri};
use base64::Engine as _;
use kallisti::credential::ServiceAccountTokenFile;
use kallisti::{Experiment, Registry, Trial};
use serde_json::{json, Value};
use support::echo::{self, Seen};

/// One secret-carrying step and where it sends its secrets.
struct Case {
    name: &'static str,
    step: Value,
    /// The secrets as kallisti must never print them, each as the server
    /// receives it (plain, or base64 in a Basic header).
    secrets: Vec<String>,
    /// Secrets kallisti holds but never sends (an AWS secret key signs).
    held: Vec<String>,
    seen: Seen,
    registry: Registry,
}

fn token_file(name: &str, token: &str) -> Value {
    json!({"type": "TOKEN_FILE", "token_path": support::spec_file(name, token)})
}

fn basic(id: &str, secret: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
}

/// Runs `case` and checks every output.
async fn check(case: Case) {
    let trace = support::trace_everything();
    let experiment =
        Experiment::from_value(json!({"name": case.name, "steps": [case.step]})).unwrap();
    let record = Trial::new(experiment).run(&case.registry).await;
    for secret in &case.secrets {
        case.seen.assert_received(secret);
    }
    let outputs = support::all_outputs(&record, &trace);
    assert!(
        outputs.contains(echo::MARK),
        "{}: the echo never reached kallisti's outputs:\n{outputs}",
        case.name
    );
    let trace_text = trace.text();
    assert!(
        trace_text.contains("kallisti") && trace_text.contains("TRACE"),
        "{}: TRACE lines were captured",
        case.name
    );
    for secret in case.secrets.iter().chain(&case.held) {
        assert!(
            !outputs.contains(secret.as_str()),
            "{}: `{secret}` shows:\n{outputs}",
            case.name
        );
    }
}

/// A Cloud Foundry API root and UAA on one server: the root links UAA to
/// itself; the token endpoint grants `token` (or, with none, refuses with
/// the echo); every other request is refused with the echo.
async fn cloud_foundry(token: Option<&'static str>) -> (String, Seen) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Seen::default();
    let (kept, root) = (seen.clone(), base.clone());
    let app = axum::Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: axum::body::Bytes| {
            let (seen, root) = (kept.clone(), root.clone());
            async move {
                use axum::response::IntoResponse;
                let echo = echo::dump(&method, &uri, &headers, &body);
                seen.0.lock().unwrap().push(echo.clone());
                match (uri.path(), token) {
                    ("/", _) => axum::Json(json!({"links": {"self": {"href": root},
                        "uaa": {"href": root}, "login": {"href": root}}}))
                    .into_response(),
                    ("/oauth/token", Some(token)) => axum::Json(json!({"access_token": token,
                        "token_type": "bearer", "expires_in": 600}))
                    .into_response(),
                    ("/oauth/token", None) => echo::error_answer(401, &echo, false),
                    _ => echo::error_answer(400, &echo, false),
                }
            }
        },
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cm_password_grant_echoed_in_a_refusal() {
    let (url, seen) = echo::error_server(401).await;
    std::env::set_var("ECHO_CM_USER", "grant-user");
    std::env::set_var("ECHO_CM_PASSWORD", "pw9canary");
    let step = json!({"step": "grant", "do": "cm.http_request", "where": {
        "url": format!("{url}/api"),
        "authentication": {"type": "oauth2_token", "url": format!("{url}/token"),
            "client": {"id": "echo-client", "secret": "cs7cana"},
            "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD",
                            "username_key": "ECHO_CM_USER", "password_key": "ECHO_CM_PASSWORD"}}}});
    check(Case {
        name: "cm password grant",
        step,
        secrets: vec!["pw9canary".into(), basic("echo-client", "cs7cana")],
        held: vec!["cs7cana".into()],
        seen,
        registry: Registry::with_builtins(),
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prom_token_echoed_in_an_error() {
    let (url, seen) = echo::error_server(400).await;
    let step = json!({"step": "query", "do": "prom.query", "where": {
        "base_url": url, "query": "up", "credentials": token_file("echo-prom", "pr6can")}});
    check(Case {
        name: "prom token file",
        step,
        secrets: vec!["pr6can".into()],
        held: vec![],
        seen,
        registry: Registry::with_builtins(),
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn k8s_and_istio_tokens_echoed_in_a_status() {
    for (action, args, token) in [
        (
            "k8s.count_pods",
            json!({"ns": "shop", "label_selector": "app=cart"}),
            "k8s5t",
        ),
        (
            "istio.get_virtual_service",
            json!({"ns": "shop", "virtual_service_name": "reviews"}),
            "ist10canar",
        ),
    ] {
        let (url, seen) = echo::error_server(403).await;
        let mut args = args;
        args["k8s_api_host"] = json!(url);
        args["credentials"] = token_file(&format!("echo-{action}"), token);
        check(Case {
            name: action,
            step: json!({"step": action, "do": action, "where": args}),
            secrets: vec![token.into()],
            held: vec![],
            seen,
            registry: Registry::with_builtins(),
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_account_token_echoed_in_a_status() {
    let (url, seen) = echo::error_server(401).await;
    let path = support::spec_file("echo-sa-token", "sa11canary0\n");
    let mut registry = Registry::with_builtins();
    registry.register_credential_type(ServiceAccountTokenFile { path: path.into() });
    let step = json!({"step": "pods", "do": "k8s.count_pods", "where": {
        "k8s_api_host": url, "ns": "shop", "label_selector": "app=cart",
        "credentials": {"type": "K8S_SVC_ACC_TOKEN_FILE"}}});
    check(Case {
        name: "service-account token",
        step,
        secrets: vec!["sa11canary0".into()],
        held: vec![],
        seen,
        registry,
    })
    .await;
}

fn cf_step(api: &str) -> Value {
    std::env::set_var("ECHO_CF_USER", "cf-user");
    std::env::set_var("ECHO_CF_PASSWORD", "cfpw8can");
    json!({"step": "apps", "do": "cf.get_app_states_by_org", "where": {
        "cf_api_url": api, "org_name": "acme", "client_id": "cf-echo", "client_secret": "cfcs9cana",
        "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD",
                        "username_key": "ECHO_CF_USER", "password_key": "ECHO_CF_PASSWORD"}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cf_password_and_client_secret_echoed_by_uaa() {
    let (api, seen) = cloud_foundry(None).await;
    check(Case {
        name: "cf password grant",
        step: cf_step(&api),
        secrets: vec!["cfpw8can".into(), basic("cf-echo", "cfcs9cana")],
        held: vec!["cfcs9cana".into()],
        seen,
        registry: Registry::with_builtins(),
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cf_uaa_token_echoed_by_the_api() {
    let (api, seen) = cloud_foundry(Some("uaa7tok")).await;
    check(Case {
        name: "cf UAA token",
        step: cf_step(&api),
        secrets: vec![
            "uaa7tok".into(),
            "cfpw8can".into(),
            basic("cf-echo", "cfcs9cana"),
        ],
        held: vec!["cfcs9cana".into()],
        seen,
        registry: Registry::with_builtins(),
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aws_session_token_and_secure_string_echoed_in_errors() {
    use support::moto::{ACCESS_KEY, SECRET_KEY, SESSION_TOKEN};
    support::moto::dummy_credentials();
    let (url, seen) = echo::error_server(400).await;
    let step = json!({"step": "count", "do": "aws.ec2.count_instances", "where": {
        "region": "us-east-1", "endpoint_url": url, "filters": []}});
    check(Case {
        name: "aws session token",
        step,
        secrets: vec![SESSION_TOKEN.into()],
        held: vec![SECRET_KEY.into()],
        seen,
        registry: Registry::with_builtins(),
    })
    .await;
    let (url, seen) = echo::error_server(400).await;
    let step = json!({"step": "put", "do": "aws.ssm.put_parameter", "where": {
        "region": "us-east-1", "endpoint_url": url, "name": "/shop/db-password",
        "value": "ss10canary", "type": "SecureString"}});
    check(Case {
        name: "SecureString parameter",
        step,
        secrets: vec!["ss10canary".into(), SESSION_TOKEN.into()],
        held: vec![SECRET_KEY.into()],
        seen: seen.clone(),
        registry: Registry::with_builtins(),
    })
    .await;
    // The access key id names the key; it is not a secret and is signed in.
    seen.assert_received(ACCESS_KEY);
}

/// A chaos test whose step succeeds with an echo of its token, and whose
/// body then panics with that token: the panic and the record hide it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_body_hides_a_token_that_came_back() {
    let (url, seen) = echo::error_server(500).await;
    let step = json!({"step": "echo", "do": "cm.http_request", "where": {
        "url": format!("{url}/echo"),
        "authentication": {"type": "oauth2_token", "credentials": token_file("echo-panic", "pt6can")}}});
    let printed = tokio::task::spawn_blocking(move || {
        support::panicking_chaos_test(
            "echo_panic",
            json!({}),
            vec![step],
            "the server gave back pt6can".into(),
        )
    })
    .await
    .unwrap();
    seen.assert_received("Bearer pt6can");
    assert!(
        printed.contains(echo::MARK),
        "the echo is in the record:\n{printed}"
    );
    assert!(printed.contains("***"), "{printed}");
    assert!(!printed.contains("pt6can"), "{printed}");
}
