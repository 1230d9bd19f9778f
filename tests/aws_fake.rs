//! `aws.*` against `FakeAws`, for what moto does not do (ElastiCache
//! reboots and failover, Lambda invocations with injected errors, spot
//! instances) and for the fake's own fidelity: state changed, AWS error
//! codes, one client per trial.

mod support;

use kallisti::fake::{
    FakeAws, FakeCacheCluster, FakeDbCluster, FakeFunction, FakeInstance, FakeTargetGroup,
};
use kallisti::ErrorKind;
use serde_json::{json, Value};
use support::{assert_step_error, assert_succeeded, run_steps, seed_step, step};

fn on(aws: &FakeAws, name: &str, action: &str, mut args: Value) -> Value {
    support::moto::dummy_credentials();
    args["region"] = json!("us-east-1");
    args["endpoint_url"] = json!(aws.uri());
    step(name, action, args)
}

#[tokio::test(flavor = "multi_thread")]
async fn instances_stop_by_zone_and_spot_instances_are_terminated() {
    let aws = FakeAws::builder()
        .with_instance(FakeInstance::new("i-a1", "us-east-1a").tag("app", "shop"))
        .with_instance(FakeInstance::new("i-b1", "us-east-1b").tag("app", "shop"))
        .with_instance(FakeInstance::new("i-spot", "us-east-1c").spot())
        .start()
        .await;
    let record = run_steps(vec![
        on(&aws, "stop in a", "aws.ec2.stop_instance", json!({"az": "us-east-1a"})),
        on(&aws, "stop the spot", "aws.ec2.stop_instances", json!({"instance_ids": ["i-spot"]})),
        on(&aws, "tag b", "aws.ec2.set_tags_on_instances", json!({"tags": {"chaos": "yes"}, "az": "us-east-1b"})),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(aws.instance_state("i-a1").as_deref(), Some("stopped"));
    assert_eq!(aws.instance_state("i-b1").as_deref(), Some("running"));
    assert_eq!(aws.instance_state("i-spot").as_deref(), Some("terminated"));
    assert!(aws.instance_tags("i-b1").contains(&("chaos".into(), "yes".into())));
    let operations: Vec<String> = aws.changes().into_iter().map(|c| c.operation).collect();
    assert_eq!(
        operations,
        ["StopInstances", "CancelSpotInstanceRequests", "TerminateInstances", "CreateTags"]
    );

    let record = run_steps(vec![on(&aws, "ghost", "aws.ec2.stop_instance", json!({"instance_id": "i-ghost"}))]).await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "DescribeInstances failed: InvalidInstanceID.NotFound: The instance ID 'i-ghost' does not exist",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seed_examples_run_unchanged_but_for_the_endpoint() {
    let aws = FakeAws::builder()
        .with_instance(FakeInstance::new("your-instance-id", "your-az-id"))
        .with_db_cluster(FakeDbCluster::new(
            "your-db-cluster-id",
            &["your-writer-id", "your-target-db-instance-id"],
        ))
        .start()
        .await;
    support::moto::dummy_credentials();
    let mut steps = Vec::new();
    for name in ["step_aws_ec2_stop_instance", "step_aws_rds_failover_db_cluster"] {
        let mut seed = seed_step(name);
        seed["where"]["endpoint_url"] = json!(aws.uri());
        steps.push(seed);
    }
    let record = run_steps(steps).await;
    assert_succeeded(&record);
    assert_eq!(aws.instance_state("your-instance-id").as_deref(), Some("stopped"));
    assert_eq!(
        aws.cluster_writer("your-db-cluster-id").as_deref(),
        Some("your-target-db-instance-id")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn tasks_stop_by_percent_and_a_missing_cluster_is_named() {
    let aws = FakeAws::builder().with_ecs_service("shop", "web", 4).start().await;
    let record = run_steps(vec![
        on(&aws, "half", "aws.ecs.stop_random_tasks", json!({"cluster": "shop", "service": "web", "task_percent": 50})),
        on(&aws, "all running?", "aws.ecs.are_all_desired_tasks_running", json!({"cluster": "shop", "service": "web"})),
        on(&aws, "scale down", "aws.ecs.update_desired_count", json!({"cluster": "shop", "service": "web", "desired_count": 2})),
        on(&aws, "all running now?", "aws.ecs.are_all_desired_tasks_running", json!({"cluster": "shop", "service": "web"})),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(aws.running_tasks("shop").len(), 2);
    assert_eq!(record.trial_record.steps[1].result, json!(false));
    assert_eq!(aws.desired_count("shop", "web"), Some(2));
    assert_eq!(record.trial_record.steps[3].result, json!(true));

    let record = run_steps(vec![on(&aws, "nowhere", "aws.ecs.stop_random_tasks", json!({"cluster": "nope", "task_count": 1}))]).await;
    assert_step_error(&record, 0, ErrorKind::FailedAction, "ListTasks failed: ClusterNotFoundException: Cluster not found.");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_injected_error_is_what_the_function_answers_until_removed() {
    let aws = FakeAws::builder()
        .with_function(FakeFunction::new("greeter").env("API_TOKEN", "function-token-canary").answers(json!({"statusCode": 200, "body": "hello"})))
        .start()
        .await;
    let layer = "arn:aws:lambda:us-east-1:123456789012:layer:chaos:1";
    let record = run_steps(vec![
        on(&aws, "healthy", "aws.lambda.invoke_function", json!({"function_name": "greeter", "function_arguments": {"name": "ada"}})),
        on(&aws, "break it", "aws.lambda.add_error", json!({"function_name": "greeter", "probability": 1.0, "layer": layer})),
        on(&aws, "broken", "aws.lambda.invoke_function", json!({"function_name": "greeter"})),
        on(&aws, "mend it", "aws.lambda.remove_error", json!({"function_name": "greeter", "layer": layer})),
        on(&aws, "healthy again", "aws.lambda.invoke_function", json!({"function_name": "greeter"})),
        on(&aws, "slow down", "aws.lambda.put_function_timeout", json!({"function_name": "greeter", "timeout": 1})),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result["StatusCode"], 200);
    assert_eq!(steps[0].result["Payload"]["body"], "hello");
    assert_eq!(steps[2].result["Payload"], json!({"statusCode": 500, "body": "Greeting from Chaos Toolkit"}));
    assert_eq!(steps[4].result["Payload"]["body"], "hello");
    assert_eq!(aws.function_timeout("greeter"), Some(1));
    let environment = aws.function_environment("greeter");
    assert_eq!(environment, vec![("API_TOKEN".to_string(), "function-token-canary".to_string())]);
    assert!(!serde_json::to_string(&record).unwrap().contains("function-token-canary"));

    let record = run_steps(vec![on(&aws, "nobody", "aws.lambda.put_function_timeout", json!({"function_name": "nobody", "timeout": 5}))]).await;
    assert_step_error(&record, 0, ErrorKind::FailedAction, "UpdateFunctionConfiguration failed: ResourceNotFoundException: Function not found");
}

#[tokio::test(flavor = "multi_thread")]
async fn targets_caches_and_roles() {
    let aws = FakeAws::builder()
        .with_target_group(FakeTargetGroup::new("web", &["i-1", "i-2", "i-3"]))
        .with_cache_cluster(FakeCacheCluster::new("sessions", 3))
        .with_replication_group("carts", &["carts-001", "carts-002"])
        .with_role("app")
        .start()
        .await;
    let record = run_steps(vec![
        on(&aws, "healthy", "aws.elbv2.all_targets_healthy", json!({"tg_names": ["web"]})),
        on(&aws, "deregister", "aws.elbv2.deregister_target", json!({"tg_name": "web"})),
        on(&aws, "count", "aws.elbv2.targets_health_count", json!({"tg_names": ["web"]})),
        on(&aws, "reboot", "aws.elasticache.reboot_cache_clusters", json!({"cluster_ids": ["sessions"]})),
        on(&aws, "nodes", "aws.elasticache.get_cache_node_count", json!({"cluster_id": "sessions"})),
        on(&aws, "fail over", "aws.elasticache.test_failover", json!({"replication_group_id": "carts", "node_group_id": "0001"})),
        on(&aws, "attach", "aws.iam.attach_role_policy", json!({"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "role_name": "app"})),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result["web"].as_array().unwrap().len(), 3);
    assert_eq!(aws.targets("web").len(), 2);
    assert_eq!(steps[2].result, json!({"web": {"healthy": 2}}));
    assert_eq!(aws.cache_reboots("sessions"), 1);
    assert_eq!(steps[3].result[0]["CacheCluster"]["CacheNodes"].as_array().unwrap().len(), 3);
    assert_eq!(steps[4].result, json!(3));
    assert_eq!(aws.replication_primary("carts").as_deref(), Some("carts-002"));
    assert_eq!(aws.role_policies("app"), ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);

    let record = run_steps(vec![
        on(&aws, "no group", "aws.elbv2.deregister_target", json!({"tg_name": "nope"})),
        on(&aws, "no role", "aws.iam.detach_role_policy", json!({"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "role_name": "ghost"})),
    ])
    .await;
    assert_step_error(&record, 0, ErrorKind::FailedAction, "DescribeTargetGroups failed: TargetGroupNotFound");
}

#[tokio::test(flavor = "multi_thread")]
async fn under_dry_run_nothing_changes_and_the_targets_are_named() {
    let aws = FakeAws::builder()
        .with_instance(FakeInstance::new("i-a1", "us-east-1a"))
        .with_ecs_service("shop", "web", 2)
        .with_function(FakeFunction::new("greeter"))
        .with_db_cluster(FakeDbCluster::new("db", &["db-1", "db-2"]))
        .start()
        .await;
    let exp = kallisti::Experiment::from_value(json!({"name": "dry", "steps": [
        on(&aws, "stop", "aws.ec2.stop_instance", json!({"az": "us-east-1a"})),
        on(&aws, "tasks", "aws.ecs.stop_random_tasks", json!({"cluster": "shop", "task_count": 1})),
        on(&aws, "timeout", "aws.lambda.put_function_timeout", json!({"function_name": "greeter", "timeout": 9})),
        on(&aws, "invoke", "aws.lambda.invoke_function", json!({"function_name": "greeter"})),
        on(&aws, "failover", "aws.rds.failover_db_cluster", json!({"db_cluster_identifier": "db"})),
    ]}))
    .unwrap();
    let record = kallisti::Trial::new(exp)
        .dry_run(true)
        .run(&kallisti::Registry::with_builtins())
        .await;
    assert_succeeded(&record);
    assert!(aws.changes().is_empty(), "{:?}", aws.changes());
    assert!(aws.calls().iter().any(|c| c.operation == "Invoke"));
    assert_eq!(record.trial_record.steps[0].result["targets"], json!(["i-a1"]));
    assert_eq!(aws.instance_state("i-a1").as_deref(), Some("running"));
    assert_eq!(aws.running_tasks("shop").len(), 2);
    assert_eq!(aws.function_timeout("greeter"), Some(3));
    assert_eq!(aws.cluster_writer("db").as_deref(), Some("db-1"));
    assert_eq!(record.trial_record.steps[3].result["StatusCode"], 204, "Lambda's own DryRun");
}

#[tokio::test(flavor = "multi_thread")]
async fn one_client_per_trial_serves_every_step() {
    let aws = FakeAws::builder()
        .with_instance(FakeInstance::new("i-a1", "us-east-1a"))
        .start()
        .await;
    let steps: Vec<Value> = (0..20)
        .map(|i| on(&aws, &format!("count {i}"), "aws.ec2.count_instances", json!({"filters": [{"Name": "availability-zone", "Values": ["us-east-1a"]}]})))
        .collect();
    let record = run_steps(steps).await;
    assert_succeeded(&record);
    assert!(record.trial_record.steps.iter().all(|s| s.result == json!(1)));
    assert_eq!(aws.calls().len(), 20);
}
