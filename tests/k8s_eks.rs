//! `platform: eks`: the seed's EKS example runs offline against `FakeEks`
//! (DescribeCluster, AssumeRole) and `FakeKubernetes`, with a token made
//! the way `aws eks get-token` makes it.

mod support;

use kallisti::fake::{FakeEks, FakeKubernetes, ASSUMED_ACCESS_KEY};
use kallisti::{ErrorKind, Experiment, Registry, Trial};
use serde_json::json;
use support::{assert_step_error, assert_succeeded, seed_step};

const SECRET: &str = "canary-aws-s3cret-key";

fn registry() -> Registry {
    Registry::with_builtins()
}

/// The AWS environment of this test binary: one fake EKS/STS for all its tests.
async fn aws_env(eks: &FakeEks) {
    std::env::set_var("AWS_ENDPOINT_URL", eks.uri());
    std::env::set_var("AWS_ACCESS_KEY_ID", "AKIAKALLISTITEST0001");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", SECRET);
    std::env::remove_var("AWS_SESSION_TOKEN");
}

#[tokio::test]
async fn the_seed_eks_example_scales_through_describe_cluster_and_an_sts_token() {
    let k8s = FakeKubernetes::builder()
        .with_deployment("my-namespace", "my-deployment-name", 3, &[("app", "mine")])
        .start()
        .await;
    let eks = FakeEks::builder()
        .with_cluster("my-service-cluster", &k8s.uri())
        .start()
        .await;
    aws_env(&eks).await;

    let seed = seed_step("step_k8s_scale_microservice");
    let record = Trial::new(
        Experiment::from_value(json!({"name": "eks", "steps": [seed.clone()]})).unwrap(),
    )
    .run(&registry())
    .await;
    assert_succeeded(&record);
    assert_eq!(
        k8s.object("apps", "deployments", "my-namespace", "my-deployment-name")
            .unwrap()["spec"]["replicas"],
        0
    );
    assert_eq!(eks.assumed_roles(), ["arn:aws:iam:..."]);
    assert_eq!(eks.described_clusters(), ["my-service-cluster"]);
    // AssumeRole was signed with the environment's key, DescribeCluster with the role's.
    assert_eq!(
        eks.signing_keys(),
        ["AKIAKALLISTITEST0001", ASSUMED_ACCESS_KEY]
    );

    let bearer = k8s.requests()[0]
        .authorization
        .clone()
        .expect("a bearer token");
    let token = bearer.strip_prefix("Bearer ").unwrap();
    let url = FakeEks::check_token(token).unwrap();
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
    for text in [
        kallisti::report::text(&record),
        kallisti::report::json(&record),
        format!("{record:?}"),
    ] {
        assert!(!text.contains(SECRET));
        assert!(!text.contains("fake-assumed-secret"));
        assert!(!text.contains(token));
    }

    // An unknown cluster is a clear FailedAction.
    let mut missing = seed;
    missing["where"]["cluster_name"] = json!("nope");
    let record =
        Trial::new(Experiment::from_value(json!({"name": "eks", "steps": [missing]})).unwrap())
            .run(&registry())
            .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "EKS DescribeCluster `nope` in us-east-1: 404: No cluster found for name: nope.",
    );
}
