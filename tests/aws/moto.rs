//! `aws.rds`, `aws.ecs`, `aws.lambda`, `aws.elbv2`, `aws.elasticache` and
//! `aws.iam` against the moto emulator: each action moto implements, the
//! state it leaves checked through the SDK, and the seed's RDS example run
//! unchanged. Each test works in a region of its own.

use crate::support;

use kallisti::ErrorKind;
use serde_json::json;
use support::moto::{region_step, sdk_config};
use support::{assert_step_error, assert_succeeded, run_steps, seed_step};

pub(super) async fn aurora(rds: &aws_sdk_rds::Client, cluster: &str, instances: &[&str]) {
    rds.create_db_cluster()
        .db_cluster_identifier(cluster)
        .engine("aurora-postgresql")
        .master_username("admin")
        .master_user_password("moto-password-1")
        .send()
        .await
        .unwrap();
    for id in instances {
        rds.create_db_instance()
            .db_instance_identifier(*id)
            .db_cluster_identifier(cluster)
            .engine("aurora-postgresql")
            .db_instance_class("db.r5.large")
            .send()
            .await
            .unwrap();
    }
}

async fn writer(rds: &aws_sdk_rds::Client, cluster: &str) -> String {
    let out = rds
        .describe_db_clusters()
        .db_cluster_identifier(cluster)
        .send()
        .await
        .unwrap();
    out.db_clusters()[0]
        .db_cluster_members()
        .iter()
        .find(|m| m.is_cluster_writer() == Some(true))
        .and_then(|m| m.db_instance_identifier())
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seed_failover_runs_unchanged_and_moves_the_writer() {
    // The seed's region, as written: this test owns us-east-1.
    let rds = aws_sdk_rds::Client::new(&sdk_config("us-east-1").await);
    aurora(
        &rds,
        "your-db-cluster-id",
        &["your-writer-instance-id", "your-target-db-instance-id"],
    )
    .await;
    assert_eq!(
        writer(&rds, "your-db-cluster-id").await,
        "your-writer-instance-id"
    );
    let record = run_steps(vec![seed_step("step_aws_rds_failover_db_cluster")]).await;
    assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[0].result["DBCluster"]["DBClusterIdentifier"],
        "your-db-cluster-id"
    );
    assert_eq!(
        writer(&rds, "your-db-cluster-id").await,
        "your-target-db-instance-id"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rds_probes_reboot_stop_and_delete() {
    let region = "eu-west-3";
    let rds = aws_sdk_rds::Client::new(&sdk_config(region).await);
    aurora(&rds, "orders", &["orders-1", "orders-2"]).await;
    let record = run_steps(vec![
        region_step(
            region,
            "members",
            "aws.rds.cluster_membership_count",
            json!({"cluster_id": "orders"}),
        ),
        region_step(
            region,
            "cluster status",
            "aws.rds.cluster_status",
            json!({"cluster_id": "orders"}),
        ),
        region_step(
            region,
            "statuses",
            "aws.rds.cluster_status",
            json!({"filters": [{"Name": "engine", "Values": ["aurora-postgresql"]}]}),
        ),
        region_step(
            region,
            "instance status",
            "aws.rds.instance_status",
            json!({"instance_id": "orders-1"}),
        ),
        region_step(
            region,
            "reboot",
            "aws.rds.reboot_db_instance",
            json!({"db_instance_identifier": "orders-2"}),
        ),
        region_step(
            region,
            "delete one",
            "aws.rds.delete_db_instance",
            json!({"db_instance_identifier": "orders-2"}),
        ),
        region_step(
            region,
            "members after",
            "aws.rds.cluster_membership_count",
            json!({"cluster_id": "orders"}),
        ),
        region_step(
            region,
            "stop cluster",
            "aws.rds.stop_db_cluster",
            json!({"db_cluster_identifier": "orders"}),
        ),
        region_step(
            region,
            "status stopped",
            "aws.rds.cluster_status",
            json!({"cluster_id": "orders"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result, json!(2));
    assert_eq!(steps[1].result, json!("available"));
    assert_eq!(
        steps[2].result,
        json!("available"),
        "one status when all share it"
    );
    assert_eq!(steps[3].result, json!("available"));
    assert_eq!(
        steps[4].result["DBInstance"]["DBInstanceIdentifier"],
        "orders-2"
    );
    assert_eq!(steps[6].result, json!(1));
    assert_eq!(steps[8].result, json!("stopped"));

    // A cluster that does not exist: the AWS error code and message.
    let record = run_steps(vec![region_step(
        region,
        "fail over nothing",
        "aws.rds.failover_db_cluster",
        json!({"db_cluster_identifier": "nope"}),
    )])
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "FailoverDBCluster failed: DBClusterNotFoundFault",
    );
}

/// By filters, the status the matches share, or their distinct statuses
/// when they differ (as the driver answers).
#[tokio::test(flavor = "multi_thread")]
async fn rds_statuses_by_filters_are_one_when_shared() {
    let region = "ap-southeast-5";
    let rds = aws_sdk_rds::Client::new(&sdk_config(region).await);
    aurora(&rds, "ledger", &["ledger-1", "ledger-2"]).await;
    aurora(&rds, "audit", &["audit-1"]).await;
    let engine = json!([{"Name": "engine", "Values": ["aurora-postgresql"]}]);
    let statuses = |name: &str| {
        region_step(
            region,
            name,
            "aws.rds.cluster_status",
            json!({"filters": engine}),
        )
    };
    let record = run_steps(vec![
        statuses("clusters"),
        region_step(
            region,
            "instances",
            "aws.rds.instance_status",
            json!({"filters": [{"Name": "db-cluster-id", "Values": ["ledger"]}]}),
        ),
        region_step(
            region,
            "stop one",
            "aws.rds.stop_db_cluster",
            json!({"db_cluster_identifier": "audit"}),
        ),
        statuses("clusters again"),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result, json!("available"));
    assert_eq!(steps[1].result, json!("available"));
    let mut differing: Vec<String> = steps[3]
        .result
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    differing.sort();
    assert_eq!(differing, ["available", "stopped"]);
}

pub(super) async fn ecs_with_tasks(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    service: &str,
    count: i32,
) {
    use aws_sdk_ecs::types::{ContainerDefinition, LaunchType};
    ecs.create_cluster()
        .cluster_name(cluster)
        .send()
        .await
        .unwrap();
    ecs.register_task_definition()
        .family("web")
        .container_definitions(
            ContainerDefinition::builder()
                .name("web")
                .image("nginx")
                .memory(128)
                .build(),
        )
        .send()
        .await
        .unwrap();
    ecs.create_service()
        .cluster(cluster)
        .service_name(service)
        .task_definition("web")
        .desired_count(count)
        .launch_type(LaunchType::Fargate)
        .send()
        .await
        .unwrap();
    ecs.run_task()
        .cluster(cluster)
        .task_definition("web")
        .count(count)
        .group(format!("service:{service}"))
        .started_by(format!("ecs-svc/{service}"))
        .launch_type(LaunchType::Fargate)
        .send()
        .await
        .unwrap();
}

async fn running(ecs: &aws_sdk_ecs::Client, cluster: &str) -> usize {
    ecs.list_tasks()
        .cluster(cluster)
        .desired_status(aws_sdk_ecs::types::DesiredStatus::Running)
        .send()
        .await
        .unwrap()
        .task_arns()
        .len()
}

#[tokio::test(flavor = "multi_thread")]
async fn ecs_tasks_are_stopped_by_count_and_by_percent() {
    let region = "ap-northeast-1";
    let ecs = aws_sdk_ecs::Client::new(&sdk_config(region).await);
    ecs_with_tasks(&ecs, "shop", "web", 4).await;
    assert_eq!(running(&ecs, "shop").await, 4);
    let record = run_steps(vec![
        region_step(
            region,
            "describe",
            "aws.ecs.describe_tasks",
            json!({"cluster": "shop"}),
        ),
        region_step(
            region,
            "stop two",
            "aws.ecs.stop_random_tasks",
            json!({"cluster": "shop", "task_count": 2}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[0].result["tasks"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let stopped = record.trial_record.steps[1].result.as_array().unwrap();
    assert_eq!(stopped.len(), 2);
    // The driver's shape: each task's ARN and desired status.
    let arn = stopped[0]["Task_Id"].as_str().unwrap();
    assert!(arn.starts_with("arn:aws:ecs:"), "{arn}");
    assert_eq!(stopped[0]["Desired_Status"], "STOPPED");
    assert_eq!(stopped[0].as_object().unwrap().len(), 2);
    let task = ecs
        .describe_tasks()
        .cluster("shop")
        .tasks(arn)
        .send()
        .await
        .unwrap();
    assert_eq!(task.tasks()[0].stopped_reason(), Some("Chaos Testing"));
    assert_eq!(running(&ecs, "shop").await, 2);

    let record = run_steps(vec![
        region_step(
            region,
            "half",
            "aws.ecs.stop_random_tasks",
            json!({"cluster": "shop", "task_percent": 50, "reason": "game day"}),
        ),
        region_step(
            region,
            "too many",
            "aws.ecs.stop_random_tasks",
            json!({"cluster": "shop", "task_count": 5}),
        ),
    ])
    .await;
    assert_eq!(running(&ecs, "shop").await, 1);
    assert_step_error(
        &record,
        1,
        ErrorKind::FailedAction,
        "cluster `shop` has 1 running task(s), fewer than the 5 to stop",
    );

    // Both or neither of count and percent: refused before anything runs.
    for args in [
        json!({"cluster": "shop"}),
        json!({"cluster": "shop", "task_count": 1, "task_percent": 10}),
    ] {
        let record = run_steps(vec![region_step(
            region,
            "bad",
            "aws.ecs.stop_random_tasks",
            args,
        )])
        .await;
        assert_eq!(record.status, kallisti::TrialStatus::Invalid);
        assert!(format!("{:?}", record.problems).contains("task_count"));
    }
    assert_eq!(running(&ecs, "shop").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn ecs_services_clusters_and_tags() {
    let region = "ap-northeast-2";
    let ecs = aws_sdk_ecs::Client::new(&sdk_config(region).await);
    ecs_with_tasks(&ecs, "pay", "api", 2).await;
    let record = run_steps(vec![
        region_step(region, "describe cluster", "aws.ecs.describe_cluster", json!({"cluster": "pay"})),
        region_step(region, "describe service", "aws.ecs.describe_service", json!({"cluster": "pay", "service": "api"})),
        region_step(region, "scale", "aws.ecs.update_desired_count", json!({"cluster": "pay", "service": "api", "desired_count": 5})),
        region_step(region, "deployment", "aws.ecs.set_service_deployment_configuration", json!({"cluster": "pay", "service": "api", "maximum_percent": 150, "minimum_healthy_percent": 50})),
        region_step(region, "placement", "aws.ecs.set_service_placement_strategy", json!({"cluster": "pay", "service": "api", "placement_type": "spread", "placement_field": "attribute:ecs.availability-zone"})),
        region_step(region, "deploying", "aws.ecs.service_is_deploying", json!({"cluster": "pay", "service": "api"})),
        region_step(region, "stop one of the service", "aws.ecs.stop_task", json!({"cluster": "pay", "service": "api"})),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result["clusters"][0]["clusterName"], "pay");
    assert_eq!(steps[1].result["services"][0]["serviceName"], "api");
    let service = ecs
        .describe_services()
        .cluster("pay")
        .services("api")
        .send()
        .await
        .unwrap();
    let service = &service.services()[0];
    assert_eq!(service.desired_count(), 5);
    let config = service.deployment_configuration().unwrap();
    assert_eq!(
        (config.maximum_percent(), config.minimum_healthy_percent()),
        (Some(150), Some(50))
    );
    assert_eq!(steps[6].result["task"]["desiredStatus"], "STOPPED");
    assert_eq!(running(&ecs, "pay").await, 1);

    let arn = steps[0].result["clusters"][0]["clusterArn"]
        .as_str()
        .unwrap()
        .to_string();
    let record = run_steps(vec![region_step(
        region,
        "tag",
        "aws.ecs.tag_resource",
        json!({"resource_arn": arn, "tags": [{"key": "chaos", "value": "yes"}]}),
    )])
    .await;
    assert_succeeded(&record);
    let tags = ecs
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags()[0].key(), Some("chaos"));
    let record = run_steps(vec![
        region_step(
            region,
            "untag",
            "aws.ecs.untag_resource",
            json!({"resource_arn": arn, "tag_keys": ["chaos"]}),
        ),
        region_step(
            region,
            "delete service",
            "aws.ecs.delete_service",
            json!({"cluster": "pay", "service_pattern": "^a"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let tags = ecs
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert!(tags.tags().is_empty());
    let services = ecs
        .describe_services()
        .cluster("pay")
        .services("api")
        .send()
        .await
        .unwrap();
    assert_ne!(
        services.services()[0].status(),
        Some("ACTIVE"),
        "{services:?}"
    );
    assert_eq!(services.services()[0].desired_count(), 0);
    // Scaled down as the driver does: every task free to stop at once.
    let config = services.services()[0].deployment_configuration().unwrap();
    assert_eq!(
        (config.maximum_percent(), config.minimum_healthy_percent()),
        (Some(100), Some(0))
    );
}

async fn function(region: &str, name: &str) -> aws_sdk_lambda::Client {
    let config = sdk_config(region).await;
    let lambda = support::moto::lambda_function(
        &config,
        name,
        &[
            ("DB_PASSWORD", "lambda-env-secret-canary"),
            (
                "UPSTREAM",
                "https://shop:lambda-env-url-canary@db.internal/orders",
            ),
            ("STAGE", "prod"),
        ],
    )
    .await;
    for layer in ["chaos-extension", "extra"] {
        support::moto::layer(&lambda, layer).await;
    }
    lambda
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_settings_concurrency_and_injected_faults() {
    let region = "eu-central-1";
    let lambda = function(region, "greeter").await;
    // moto checks layers exist: the ones `function` published.
    let chaos = "arn:aws:lambda:eu-central-1:123456789012:layer:chaos-extension:1";
    let extra = "arn:aws:lambda:eu-central-1:123456789012:layer:extra:1";
    let record = run_steps(vec![
        region_step(
            region,
            "timeout",
            "aws.lambda.put_function_timeout",
            json!({"function_name": "greeter", "timeout": 30}),
        ),
        region_step(
            region,
            "memory",
            "aws.awslambda.put_function_memory_size",
            json!({"function_name": "greeter", "memory_size": 512}),
        ),
        region_step(
            region,
            "read timeout",
            "aws.lambda.get_function_timeout",
            json!({"function_name": "greeter"}),
        ),
        region_step(
            region,
            "read memory",
            "aws.lambda.get_function_memory_size",
            json!({"function_name": "greeter"}),
        ),
        region_step(
            region,
            "no concurrency yet",
            "aws.lambda.get_function_concurrency",
            json!({"function_name": "greeter"}),
        ),
        region_step(
            region,
            "reserve",
            "aws.lambda.put_function_concurrency",
            json!({"function_name": "greeter", "concurrent_executions": 7}),
        ),
        region_step(
            region,
            "reserved",
            "aws.lambda.get_function_concurrency",
            json!({"function_name": "greeter"}),
        ),
        region_step(
            region,
            "latency",
            "aws.lambda.add_latency",
            json!({"function_name": "greeter", "latency": 5, "probability": 0.5, "layer": chaos}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    let config = lambda
        .get_function_configuration()
        .function_name("greeter")
        .send()
        .await
        .unwrap();
    assert_eq!(config.timeout(), Some(30));
    assert_eq!(config.memory_size(), Some(512));
    assert_eq!(steps[2].result, json!(30));
    assert_eq!(steps[3].result, json!(512));
    assert_eq!(steps[4].result, json!(null), "none reserved");
    assert_eq!(steps[6].result, json!(7), "the number, as the driver");
    let variables = config.environment().unwrap().variables().unwrap();
    assert_eq!(variables["CHAOS_EXTENSION__LAMBDA__LATENCY_VALUE"], "5");
    assert_eq!(variables["AWS_LAMBDA_EXEC_WRAPPER"], "/opt/bootstrap");
    assert_eq!(config.layers().len(), 1);
    // The function's own variables are kept; secret ones (by name or by
    // look) are never shown, the others are.
    assert_eq!(variables["DB_PASSWORD"], "lambda-env-secret-canary");
    let shown = serde_json::to_string(&record).unwrap();
    assert!(!shown.contains("lambda-env-secret-canary"), "{shown}");
    assert!(!shown.contains("lambda-env-url-canary"), "{shown}");
    let result = &steps[7].result["Environment"]["Variables"];
    assert_eq!(result["DB_PASSWORD"], "***");
    assert_eq!(result["UPSTREAM"], "***");
    assert_eq!(result["STAGE"], "prod");
    assert_eq!(result["CHAOS_EXTENSION__LAMBDA__LATENCY_VALUE"], "5");

    let record = run_steps(vec![
        region_step(
            region,
            "error too",
            "aws.lambda.add_error",
            json!({"function_name": "greeter", "layer": chaos}),
        ),
        region_step(
            region,
            "no more latency",
            "aws.lambda.remove_latency",
            json!({"function_name": "greeter", "layer": chaos}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let config = lambda
        .get_function_configuration()
        .function_name("greeter")
        .send()
        .await
        .unwrap();
    let variables = config.environment().unwrap().variables().unwrap();
    // A deliberate deviation: the driver leaves the latency value behind.
    assert!(!variables.contains_key("CHAOS_EXTENSION__LAMBDA__LATENCY_VALUE"));
    assert_eq!(
        variables["CHAOS_EXTENSION__RESPONSE__ENABLE_CHANGE_RESPONSE_BODY"],
        "true"
    );
    assert_eq!(
        config.layers().len(),
        1,
        "the error fault still needs the layer"
    );

    let record = run_steps(vec![
        region_step(
            region,
            "no more errors",
            "aws.lambda.remove_error",
            json!({"function_name": "greeter", "layer": chaos}),
        ),
        region_step(
            region,
            "unreserve",
            "aws.lambda.delete_function_concurrency",
            json!({"function_name": "greeter"}),
        ),
        region_step(
            region,
            "extra layer",
            "aws.lambda.add_layer",
            json!({"function_name": "greeter", "layer": extra}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let config = lambda
        .get_function_configuration()
        .function_name("greeter")
        .send()
        .await
        .unwrap();
    let variables = config.environment().unwrap().variables().unwrap();
    assert!(!variables.contains_key("AWS_LAMBDA_EXEC_WRAPPER"));
    assert_eq!(config.layers().len(), 1);
    assert!(config.layers()[0].arn().unwrap().starts_with(extra));
    let concurrency = lambda
        .get_function_concurrency()
        .function_name("greeter")
        .send()
        .await
        .unwrap();
    assert_eq!(concurrency.reserved_concurrent_executions(), None);
    let record = run_steps(vec![
        region_step(
            region,
            "remove extra",
            "aws.lambda.remove_layer",
            json!({"function_name": "greeter", "layer": extra}),
        ),
        region_step(
            region,
            "remove again",
            "aws.lambda.remove_layer",
            json!({"function_name": "greeter", "layer": extra}),
        ),
    ])
    .await;
    assert_step_error(
        &record,
        1,
        ErrorKind::FailedAction,
        "function `greeter` has no layer",
    );
    let config = lambda
        .get_function_configuration()
        .function_name("greeter")
        .send()
        .await
        .unwrap();
    assert!(config.layers().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn elbv2_targets_subnets_security_groups_and_deletion() {
    let region = "us-west-2";
    let config = sdk_config(region).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let (vpc, subnets) = support::moto::vpc_with_subnets(&ec2, region, &['a', 'b', 'c']).await;
    let sg = ec2
        .create_security_group()
        .group_name("lb")
        .description("lb")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap();
    let sg = sg.group_id().unwrap().to_string();
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&config);
    let lb = elb
        .create_load_balancer()
        .name("front")
        .set_subnets(Some(subnets[..2].to_vec()))
        .send()
        .await
        .unwrap();
    let lb_arn = lb.load_balancers()[0]
        .load_balancer_arn()
        .unwrap()
        .to_string();
    let (tg_arn, _) =
        support::moto::target_group_with_instances(&config, "web", &vpc, &subnets[0]).await;
    let record = run_steps(vec![
        region_step(
            region,
            "count",
            "aws.elbv2.targets_health_count",
            json!({"tg_names": ["web"]}),
        ),
        region_step(
            region,
            "deregister",
            "aws.elbv2.deregister_target",
            json!({"tg_name": "web"}),
        ),
        region_step(
            region,
            "subnets",
            "aws.elbv2.set_subnets",
            json!({"load_balancer_names": ["front"], "subnet_ids": &subnets[1..]}),
        ),
        region_step(
            region,
            "groups",
            "aws.elbv2.set_security_groups",
            json!({"load_balancer_names": ["front"], "security_group_ids": [&sg]}),
        ),
        region_step(
            region,
            "logs on",
            "aws.elbv2.enable_access_log",
            json!({"load_balancer_arn": &lb_arn, "enable": true, "bucket_name": "lb-logs"}),
        ),
        region_step(
            region,
            "logs?",
            "aws.elbv2.is_access_log_enabled",
            json!({"load_balancer_arn": &lb_arn}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    let counts = &steps[0].result["web"];
    let total: u64 = counts
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(total, 2, "{counts}");
    let health = elb
        .describe_target_health()
        .target_group_arn(&tg_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(health.target_health_descriptions().len(), 1);
    let lb = elb
        .describe_load_balancers()
        .names("front")
        .send()
        .await
        .unwrap();
    let lb = &lb.load_balancers()[0];
    let mut zones: Vec<_> = lb
        .availability_zones()
        .iter()
        .map(|z| z.subnet_id().unwrap().to_string())
        .collect();
    zones.sort();
    let mut wanted = subnets[1..].to_vec();
    wanted.sort();
    assert_eq!(zones, wanted);
    assert_eq!(lb.security_groups(), std::slice::from_ref(&sg));
    assert_eq!(steps[5].result, json!(true));

    let record = run_steps(vec![region_step(
        region,
        "delete",
        "aws.elbv2.delete_load_balancer",
        json!({"load_balancer_names": ["front"]}),
    )])
    .await;
    assert_succeeded(&record);
    let left = elb.describe_load_balancers().send().await.unwrap();
    assert!(left.load_balancers().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn elasticache_clusters_and_replication_groups() {
    let region = "ap-southeast-1";
    let cache = aws_sdk_elasticache::Client::new(&sdk_config(region).await);
    support::moto::cache_cluster_and_group(&cache, "sessions", "carts").await;
    let record = run_steps(vec![
        region_step(
            region,
            "nodes",
            "aws.elasticache.get_cache_node_count",
            json!({"cluster_id": "sessions"}),
        ),
        region_step(
            region,
            "status",
            "aws.elasticache.get_cache_node_status",
            json!({"cluster_id": "sessions"}),
        ),
        region_step(
            region,
            "describe",
            "aws.elasticache.describe_cache_cluster",
            json!({"cluster_id": "sessions", "show_node_info": true}),
        ),
        region_step(
            region,
            "members",
            "aws.elasticache.count_cache_clusters_from_replication_group",
            json!({"replication_group_id": "carts"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    let described = cache
        .describe_cache_clusters()
        .cache_cluster_id("sessions")
        .send()
        .await
        .unwrap();
    assert_eq!(
        steps[0].result,
        json!(described.cache_clusters()[0].num_cache_nodes())
    );
    assert_eq!(steps[1].result, json!("available"));
    assert_eq!(
        steps[2].result["CacheClusters"][0]["CacheClusterId"],
        "sessions"
    );
    let group = cache
        .describe_replication_groups()
        .replication_group_id("carts")
        .send()
        .await
        .unwrap();
    assert_eq!(
        steps[3].result,
        json!(group.replication_groups()[0].member_clusters().len())
    );
    let record = run_steps(vec![
        region_step(
            region,
            "delete cluster",
            "aws.elasticache.delete_cache_clusters",
            json!({"cluster_ids": ["sessions"]}),
        ),
        region_step(
            region,
            "delete group",
            "aws.elasticache.delete_replication_groups",
            json!({"group_ids": ["carts"], "retain_primary_cluster": false}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let left = cache.describe_cache_clusters().send().await.unwrap();
    assert!(left
        .cache_clusters()
        .iter()
        .all(|c| c.cache_cluster_id() != Some("sessions")
            || c.cache_cluster_status() == Some("deleting")));
    let groups = cache.describe_replication_groups().send().await.unwrap();
    assert!(groups
        .replication_groups()
        .iter()
        .all(|g| g.status() == Some("deleting")));
}

#[tokio::test(flavor = "multi_thread")]
async fn iam_policies_are_created_attached_and_detached() {
    let region = "eu-west-1";
    let iam = aws_sdk_iam::Client::new(&sdk_config(region).await);
    iam.create_role()
        .role_name("chaos-target")
        .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .send()
        .await
        .unwrap();
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]});
    let record = run_steps(vec![region_step(
        region,
        "create",
        "aws.iam.create_policy",
        json!({"name": "deny-s3", "policy": policy, "description": "chaos"}),
    )])
    .await;
    assert_succeeded(&record);
    let arn = record.trial_record.steps[0].result["Policy"]["Arn"]
        .as_str()
        .unwrap()
        .to_string();
    let record = run_steps(vec![
        region_step(region, "exists", "aws.iam.get_policy", json!({"arn": arn})),
        region_step(
            region,
            "attach",
            "aws.iam.attach_role_policy",
            json!({"arn": arn, "role_name": "chaos-target"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    // IAM's answer, as the driver returns it.
    let policy = &record.trial_record.steps[0].result["Policy"];
    assert_eq!(policy["Arn"], json!(arn));
    assert_eq!(policy["PolicyName"], "deny-s3");
    assert_eq!(policy["Description"], "chaos");
    let record = run_steps(vec![region_step(
        region,
        "missing",
        "aws.iam.get_policy",
        json!({"arn": "arn:aws:iam::123456789012:policy/nope"}),
    )])
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "GetPolicy failed: NoSuchEntity",
    );
    let attached = iam
        .list_attached_role_policies()
        .role_name("chaos-target")
        .send()
        .await
        .unwrap();
    assert_eq!(
        attached.attached_policies()[0].policy_arn(),
        Some(arn.as_str())
    );
    let record = run_steps(vec![region_step(
        region,
        "detach",
        "aws.iam.detach_role_policy",
        json!({"arn": arn, "role_name": "chaos-target"}),
    )])
    .await;
    assert_succeeded(&record);
    let attached = iam
        .list_attached_role_policies()
        .role_name("chaos-target")
        .send()
        .await
        .unwrap();
    assert!(attached.attached_policies().is_empty());
}
