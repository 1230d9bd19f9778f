//! `platform: eks`: the seed's EKS example runs offline against `FakeEks`
//! (DescribeCluster, AssumeRole, both checking SigV4 signatures) and
//! `FakeKubernetes`, with a token made the way `aws eks get-token` makes it
//! and checked against the secret the fake was seeded with.

use crate::support;

use base64::Engine as _;
use kallisti::fake::{FakeEks, FakeKubernetes, ASSUMED_ACCESS_KEY};
use kallisti::{ErrorKind, Experiment, Registry, Trial, TrialRecord};
use serde_json::{json, Value};
use support::{assert_step_error, assert_succeeded, seed_step};

const ACCESS_KEY: &str = "AKIAKALLISTITEST0001";
const SECRET: &str = "canary-aws-s3cret-key";
const CLUSTER: &str = "my-service-cluster";

fn registry() -> Registry {
    Registry::with_builtins()
}

/// The AWS chain reads the process environment, which every test of this
/// binary shares: each test holds this for as long as its trials run.
static AWS_ENV: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Points the AWS chain at `eks` with `secret` for [`ACCESS_KEY`], and at
/// nothing else (no profile files, no instance metadata).
fn aws_env(eks: &FakeEks, secret: &str) {
    for (name, value) in [
        ("AWS_ENDPOINT_URL", eks.uri().as_str()),
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", secret),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_CONFIG_FILE", "/nonexistent/kallisti/aws-config"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/kallisti/aws-credentials",
        ),
    ] {
        std::env::set_var(name, value);
    }
    for name in [
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL_STS",
        "AWS_ENDPOINT_URL_EKS",
    ] {
        std::env::remove_var(name);
    }
}

/// A FakeKubernetes with the seed's deployment, and a FakeEks that knows
/// [`ACCESS_KEY`] with [`SECRET`] and finds the cluster there.
async fn fakes() -> (FakeKubernetes, FakeEks) {
    let k8s = FakeKubernetes::builder()
        .with_deployment("my-namespace", "my-deployment-name", 3, &[("app", "mine")])
        .start()
        .await;
    let eks = FakeEks::builder()
        .with_credentials(ACCESS_KEY, SECRET)
        .with_cluster(CLUSTER, &k8s.uri())
        .start()
        .await;
    (k8s, eks)
}

async fn run(step: Value) -> TrialRecord {
    Trial::new(Experiment::from_value(json!({"name": "eks", "steps": [step]})).unwrap())
        .run(&registry())
        .await
}

/// The bearer token the Kubernetes API was first called with.
fn bearer(k8s: &FakeKubernetes) -> String {
    let authorization = k8s.requests()[0]
        .authorization
        .clone()
        .expect("a bearer token");
    authorization.strip_prefix("Bearer ").unwrap().to_string()
}

fn assert_no_secret(record: &TrialRecord, secrets: &[&str]) {
    for text in [
        kallisti::report::text(record),
        kallisti::report::json(record),
        format!("{record:?}"),
    ] {
        for secret in secrets {
            assert!(!text.contains(secret), "`{secret}` leaked");
        }
    }
}

#[tokio::test]
async fn the_seed_eks_example_scales_through_describe_cluster_and_an_sts_token() {
    let _env = AWS_ENV.lock().await;
    let (k8s, eks) = fakes().await;
    aws_env(&eks, SECRET);

    let seed = seed_step("step_k8s_scale_microservice");
    let record = run(seed.clone()).await;
    assert_succeeded(&record);
    assert_eq!(
        k8s.object("apps", "deployments", "my-namespace", "my-deployment-name")
            .unwrap()["spec"]["replicas"],
        0
    );
    // The seed gives a role: it is assumed once, and its credentials do the rest.
    assert_eq!(eks.assumed_roles(), ["arn:aws:iam:..."]);
    assert_eq!(eks.described_clusters(), [CLUSTER]);
    // AssumeRole was signed with the environment's key, DescribeCluster with the role's.
    assert_eq!(eks.signing_keys(), [ACCESS_KEY, ASSUMED_ACCESS_KEY]);

    let token = bearer(&k8s);
    let url = eks.check_token(&token, CLUSTER).unwrap();
    assert!(url.starts_with(&format!("{}/?", eks.uri())), "{url}");
    assert!(
        url.contains(&format!("X-Amz-Credential={ASSUMED_ACCESS_KEY}%2F")),
        "{url}"
    );
    assert!(
        url.contains("X-Amz-Security-Token=fake-assumed-session-token"),
        "{url}"
    );

    // No secret leaks into the record or reports.
    assert_no_secret(
        &record,
        &[
            SECRET,
            "fake-assumed-secret",
            "fake-assumed-session-token",
            &token,
        ],
    );

    // An unknown cluster is a clear FailedAction.
    let mut missing = seed;
    missing["where"]["cluster_name"] = json!("nope");
    let record = run(missing).await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "EKS DescribeCluster `nope` in us-east-1: 404: No cluster found for name: nope.",
    );
}

#[tokio::test]
async fn without_a_role_the_chain_s_own_key_signs_the_token() {
    let _env = AWS_ENV.lock().await;
    let (k8s, eks) = fakes().await;
    aws_env(&eks, SECRET);

    let mut step = seed_step("step_k8s_scale_microservice");
    step["where"].as_object_mut().unwrap().remove("role");
    let record = run(step).await;
    assert_succeeded(&record);
    assert!(eks.assumed_roles().is_empty());
    assert_eq!(eks.signing_keys(), [ACCESS_KEY]);

    let token = bearer(&k8s);
    let url = eks.check_token(&token, CLUSTER).unwrap();
    assert!(
        url.contains(&format!("X-Amz-Credential={ACCESS_KEY}%2F")),
        "{url}"
    );
    assert!(!url.contains("X-Amz-Security-Token"), "{url}");
    assert_no_secret(&record, &[SECRET, &token]);
}

#[tokio::test]
async fn a_wrong_secret_key_is_refused_by_the_signature_check() {
    let _env = AWS_ENV.lock().await;
    let (k8s, eks) = fakes().await;
    let wrong = "not-the-s3cret-the-fake-knows";
    aws_env(&eks, wrong);

    let mut step = seed_step("step_k8s_scale_microservice");
    step["where"].as_object_mut().unwrap().remove("role");
    let record = run(step).await;
    // The key is one the fake knows: only the signature can be wrong.
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "EKS DescribeCluster `my-service-cluster` in us-east-1: 403: \
         The request signature we calculated does not match the signature you provided.",
    );
    assert!(eks.signing_keys().iter().all(|k| k == ACCESS_KEY));
    assert!(eks.described_clusters().is_empty());
    assert!(k8s.requests().is_empty(), "no token reached the cluster");
    assert_no_secret(&record, &[wrong]);

    // With a role, the refusal comes from STS, before any role is handed out.
    let record = run(seed_step("step_k8s_scale_microservice")).await;
    let error = record.trial_record.steps[0].error.as_ref().unwrap();
    assert!(error.message.contains("SignatureDoesNotMatch"), "{error:?}");
    assert!(eks.assumed_roles().is_empty());
}

#[tokio::test]
async fn the_token_check_refuses_another_secret_an_unknown_key_and_a_missing_cluster_header() {
    let _env = AWS_ENV.lock().await;
    let (k8s, eks) = fakes().await;
    aws_env(&eks, SECRET);
    let mut step = seed_step("step_k8s_scale_microservice");
    step["where"].as_object_mut().unwrap().remove("role");
    assert_succeeded(&run(step).await);
    let token = bearer(&k8s);
    eks.check_token(&token, CLUSTER).unwrap();

    // The same key with another secret: the recomputed signature differs.
    let other_secret = FakeEks::builder()
        .with_credentials(ACCESS_KEY, "another-secret")
        .start()
        .await;
    let refused = other_secret.check_token(&token, CLUSTER).unwrap_err();
    assert!(
        refused.starts_with("the signature does not match"),
        "{refused}"
    );

    // Signed for another cluster: the signature differs too.
    let refused = eks.check_token(&token, "another-cluster").unwrap_err();
    assert!(
        refused.starts_with("the signature does not match"),
        "{refused}"
    );

    // A key the fake was not seeded with (it knows only the default pair).
    let refused = FakeEks::builder()
        .start()
        .await
        .check_token(&token, CLUSTER)
        .unwrap_err();
    assert_eq!(refused, format!("unknown access key `{ACCESS_KEY}`"));

    // A URL that does not sign `x-k8s-aws-id` is not an EKS token.
    let url = eks.check_token(&token, CLUSTER).unwrap();
    let unsigned = url.replace(
        "X-Amz-SignedHeaders=host%3Bx-k8s-aws-id",
        "X-Amz-SignedHeaders=host",
    );
    assert_ne!(unsigned, url);
    let unsigned = format!(
        "k8s-aws-v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(unsigned)
    );
    let refused = eks.check_token(&unsigned, CLUSTER).unwrap_err();
    assert!(
        refused.starts_with("the token does not sign `x-k8s-aws-id`"),
        "{refused}"
    );
}

/// An API server that gives back every request in its refusal: the EKS
/// token kallisti made comes back inside the error, and no output shows it.
#[tokio::test]
async fn an_echoed_eks_token_comes_back_redacted() {
    let _env = AWS_ENV.lock().await;
    let (api, seen) = support::echo::error_server(401).await;
    let eks = FakeEks::builder()
        .with_credentials(ACCESS_KEY, SECRET)
        .with_cluster(CLUSTER, &api)
        .start()
        .await;
    aws_env(&eks, SECRET);
    let (record, logs) = {
        let captured = support::Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || kallisti::credential::RedactingWriter::new(writer.clone()))
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let record = run(json!({"step": "pods", "do": "k8s.count_pods", "where": {
            "platform": "eks", "cluster_name": CLUSTER, "region": "us-east-1",
            "ns": "shop", "label_selector": "app=cart"}}))
        .await;
        (record, captured)
    };
    let sent = seen.text();
    let token = sent
        .split("authorization: Bearer ")
        .nth(1)
        .and_then(|rest| rest.split(" | ").next())
        .expect("the API server received a bearer token")
        .to_string();
    assert!(token.starts_with("k8s-aws-v1."), "{token}");
    eks.check_token(&token, CLUSTER).unwrap();
    let outputs = support::all_outputs(&record, &logs);
    assert!(outputs.contains(support::echo::MARK), "{outputs}");
    for secret in [token.as_str(), SECRET] {
        assert!(!outputs.contains(secret), "`{secret}` shows:\n{outputs}");
    }
}
