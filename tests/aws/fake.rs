//! `aws.*` against `FakeAws`, for what moto does not do (ElastiCache
//! reboots and failover, Lambda invocations with injected errors, spot
//! instances) and for the fake's own fidelity: state changed, AWS error
//! codes, one client per trial.

use crate::support;

use kallisti::fake::{
    FakeAutoScalingGroup, FakeAws, FakeCacheCluster, FakeDbCluster, FakeFunction, FakeInstance,
    FakeTargetGroup,
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
        on(
            &aws,
            "stop in a",
            "aws.ec2.stop_instance",
            json!({"az": "us-east-1a"}),
        ),
        on(
            &aws,
            "stop the spot",
            "aws.ec2.stop_instances",
            json!({"instance_ids": ["i-spot"]}),
        ),
        on(
            &aws,
            "tag b",
            "aws.ec2.set_tags_on_instances",
            json!({"tags": {"chaos": "yes"}, "az": "us-east-1b"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(aws.instance_state("i-a1").as_deref(), Some("stopped"));
    assert_eq!(aws.instance_state("i-b1").as_deref(), Some("running"));
    assert_eq!(aws.instance_state("i-spot").as_deref(), Some("terminated"));
    assert!(aws
        .instance_tags("i-b1")
        .contains(&("chaos".into(), "yes".into())));
    let operations: Vec<String> = aws.changes().into_iter().map(|c| c.operation).collect();
    assert_eq!(
        operations,
        [
            "StopInstances",
            "CancelSpotInstanceRequests",
            "TerminateInstances",
            "CreateTags"
        ]
    );

    let record = run_steps(vec![on(
        &aws,
        "ghost",
        "aws.ec2.stop_instance",
        json!({"instance_id": "i-ghost"}),
    )])
    .await;
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
    for name in [
        "step_aws_ec2_stop_instance",
        "step_aws_rds_failover_db_cluster",
    ] {
        let mut seed = seed_step(name);
        seed["where"]["endpoint_url"] = json!(aws.uri());
        steps.push(seed);
    }
    let record = run_steps(steps).await;
    assert_succeeded(&record);
    assert_eq!(
        aws.instance_state("your-instance-id").as_deref(),
        Some("stopped")
    );
    assert_eq!(
        aws.cluster_writer("your-db-cluster-id").as_deref(),
        Some("your-target-db-instance-id")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn tasks_stop_by_percent_and_a_missing_cluster_is_named() {
    let aws = FakeAws::builder()
        .with_ecs_service("shop", "web", 4)
        .start()
        .await;
    let record = run_steps(vec![
        on(
            &aws,
            "half",
            "aws.ecs.stop_random_tasks",
            json!({"cluster": "shop", "service": "web", "task_percent": 50}),
        ),
        on(
            &aws,
            "all running?",
            "aws.ecs.are_all_desired_tasks_running",
            json!({"cluster": "shop", "service": "web"}),
        ),
        on(
            &aws,
            "scale down",
            "aws.ecs.update_desired_count",
            json!({"cluster": "shop", "service": "web", "desired_count": 2}),
        ),
        on(
            &aws,
            "all running now?",
            "aws.ecs.are_all_desired_tasks_running",
            json!({"cluster": "shop", "service": "web"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(aws.running_tasks("shop").len(), 2);
    assert_eq!(record.trial_record.steps[1].result, json!(false));
    assert_eq!(aws.desired_count("shop", "web"), Some(2));
    assert_eq!(record.trial_record.steps[3].result, json!(true));

    let record = run_steps(vec![on(
        &aws,
        "nowhere",
        "aws.ecs.stop_random_tasks",
        json!({"cluster": "nope", "task_count": 1}),
    )])
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "ListTasks failed: ClusterNotFoundException: Cluster not found.",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_injected_error_is_what_the_function_answers_until_removed() {
    let aws = FakeAws::builder()
        .with_function(
            FakeFunction::new("greeter")
                .env("API_TOKEN", "function-token-canary")
                .answers(json!({"statusCode": 200, "body": "hello"})),
        )
        .start()
        .await;
    let layer = "arn:aws:lambda:us-east-1:123456789012:layer:chaos:1";
    let record = run_steps(vec![
        on(
            &aws,
            "healthy",
            "aws.lambda.invoke_function",
            json!({"function_name": "greeter", "function_arguments": {"name": "ada"}}),
        ),
        on(
            &aws,
            "break it",
            "aws.lambda.add_error",
            json!({"function_name": "greeter", "probability": 1.0, "layer": layer}),
        ),
        on(
            &aws,
            "broken",
            "aws.lambda.invoke_function",
            json!({"function_name": "greeter"}),
        ),
        on(
            &aws,
            "mend it",
            "aws.lambda.remove_error",
            json!({"function_name": "greeter", "layer": layer}),
        ),
        on(
            &aws,
            "healthy again",
            "aws.lambda.invoke_function",
            json!({"function_name": "greeter"}),
        ),
        on(
            &aws,
            "slow down",
            "aws.lambda.put_function_timeout",
            json!({"function_name": "greeter", "timeout": 1}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result["StatusCode"], 200);
    assert_eq!(steps[0].result["Payload"]["body"], "hello");
    assert_eq!(
        steps[2].result["Payload"],
        json!({"statusCode": 500, "body": "Greeting from Chaos Toolkit"})
    );
    assert_eq!(steps[4].result["Payload"]["body"], "hello");
    assert_eq!(aws.function_timeout("greeter"), Some(1));
    let environment = aws.function_environment("greeter");
    assert_eq!(
        environment,
        vec![("API_TOKEN".to_string(), "function-token-canary".to_string())]
    );
    assert!(!serde_json::to_string(&record)
        .unwrap()
        .contains("function-token-canary"));

    let record = run_steps(vec![on(
        &aws,
        "nobody",
        "aws.lambda.put_function_timeout",
        json!({"function_name": "nobody", "timeout": 5}),
    )])
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "UpdateFunctionConfiguration failed: ResourceNotFoundException: Function not found",
    );
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
        on(
            &aws,
            "healthy",
            "aws.elbv2.all_targets_healthy",
            json!({"tg_names": ["web"]}),
        ),
        on(
            &aws,
            "deregister",
            "aws.elbv2.deregister_target",
            json!({"tg_name": "web"}),
        ),
        on(
            &aws,
            "count",
            "aws.elbv2.targets_health_count",
            json!({"tg_names": ["web"]}),
        ),
        on(
            &aws,
            "reboot",
            "aws.elasticache.reboot_cache_clusters",
            json!({"cluster_ids": ["sessions"]}),
        ),
        on(
            &aws,
            "nodes",
            "aws.elasticache.get_cache_node_count",
            json!({"cluster_id": "sessions"}),
        ),
        on(
            &aws,
            "fail over",
            "aws.elasticache.test_failover",
            json!({"replication_group_id": "carts", "node_group_id": "0001"}),
        ),
        on(
            &aws,
            "attach",
            "aws.iam.attach_role_policy",
            json!({"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "role_name": "app"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result, json!(true));
    assert_eq!(aws.targets("web").len(), 2);
    assert_eq!(steps[2].result, json!({"web": {"healthy": 2}}));
    assert_eq!(aws.cache_reboots("sessions"), 1);
    assert_eq!(
        steps[3].result[0]["CacheNodes"].as_array().unwrap().len(),
        3
    );
    assert_eq!(steps[4].result, json!(3));
    assert_eq!(
        aws.replication_primary("carts").as_deref(),
        Some("carts-002")
    );
    assert_eq!(
        aws.role_policies("app"),
        ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    );

    let record = run_steps(vec![
        on(
            &aws,
            "no group",
            "aws.elbv2.deregister_target",
            json!({"tg_name": "nope"}),
        ),
        on(
            &aws,
            "no role",
            "aws.iam.detach_role_policy",
            json!({"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "role_name": "ghost"}),
        ),
    ])
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "DescribeTargetGroups failed: TargetGroupNotFound",
    );
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
    assert_eq!(
        record.trial_record.steps[0].result["targets"],
        json!(["i-a1"])
    );
    assert_eq!(aws.instance_state("i-a1").as_deref(), Some("running"));
    assert_eq!(aws.running_tasks("shop").len(), 2);
    assert_eq!(aws.function_timeout("greeter"), Some(3));
    assert_eq!(aws.cluster_writer("db").as_deref(), Some("db-1"));
    assert_eq!(
        record.trial_record.steps[3].result["StatusCode"], 204,
        "Lambda's own DryRun"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn one_client_per_trial_serves_every_step() {
    let aws = FakeAws::builder()
        .with_instance(FakeInstance::new("i-a1", "us-east-1a"))
        .start()
        .await;
    let steps: Vec<Value> = (0..20)
        .map(|i| {
            on(
                &aws,
                &format!("count {i}"),
                "aws.ec2.count_instances",
                json!({"filters": [{"Name": "availability-zone", "Values": ["us-east-1a"]}]}),
            )
        })
        .collect();
    let record = run_steps(steps).await;
    assert_succeeded(&record);
    assert!(record
        .trial_record
        .steps
        .iter()
        .all(|s| s.result == json!(1)));
    assert_eq!(aws.calls().len(), 20);
}

#[tokio::test(flavor = "multi_thread")]
async fn msk_traces_and_incidents() {
    use kallisti::fake::{FakeIncident, FakeKafkaCluster, FakeTrace};
    let cluster = FakeKafkaCluster::new("events", 3);
    let arn = cluster.arn();
    let aws = FakeAws::builder()
        .with_kafka_cluster(cluster)
        .with_trace(FakeTrace::new("1-old-trace", "shop", 600.0, 0.2))
        .with_trace(FakeTrace::new("1-early-trace", "shop", 90.0, 0.3))
        .with_trace(FakeTrace::new("1-late-trace", "cart", 30.0, 1.5).fault())
        .with_incident(FakeIncident::new("checkout down", 1, 60.0).item(
            "alarm",
            "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors",
        ))
        .with_incident(FakeIncident::new("old outage", 1, 3600.0).resolved().item(
            "runbook",
            "arn:aws:ssm:us-east-1:123456789012:document/restart",
        ))
        .with_incident(FakeIncident::new("slow search", 3, 30.0))
        .start()
        .await;
    let record = run_steps(vec![
        on(
            &aws,
            "describe",
            "aws.msk.describe_msk_cluster",
            json!({"cluster_arn": arn}),
        ),
        on(
            &aws,
            "brokers",
            "aws.msk.get_bootstrap_servers",
            json!({"cluster_arn": arn}),
        ),
        on(
            &aws,
            "reboot",
            "aws.msk.reboot_msk_broker",
            json!({"cluster_arn": arn, "broker_ids": ["1", "2"]}),
        ),
        on(
            &aws,
            "summaries",
            "aws.xray.get_traces_summaries",
            json!({"start_time": "3 minutes"}),
        ),
        on(
            &aws,
            "traces",
            "aws.xray.get_traces",
            json!({"start_time": "3 minutes", "quantity": 1}),
        ),
        on(
            &aws,
            "latest",
            "aws.xray.get_most_recent_trace",
            json!({"start_time": "3 minutes"}),
        ),
        on(
            &aws,
            "graph",
            "aws.xray.get_service_graph",
            json!({"start_time": "15 minutes"}),
        ),
        on(
            &aws,
            "open",
            "aws.incidents.get_active_incidents",
            json!({"created_in_the_last": "5 minutes"}),
        ),
        on(
            &aws,
            "opened?",
            "aws.incidents.has_incident_been_opened",
            json!({}),
        ),
        on(
            &aws,
            "resolved lately?",
            "aws.incidents.has_incident_been_resolved",
            json!({}),
        ),
        on(
            &aws,
            "resolved today?",
            "aws.incidents.has_incident_been_resolved",
            json!({"created_in_the_last": "2 hours"}),
        ),
        on(
            &aws,
            "items",
            "aws.incidents.get_active_incident_items",
            json!({"created_in_the_last": 300}),
        ),
        on(
            &aws,
            "impact 3",
            "aws.incidents.get_incidents",
            json!({"impact": 3}),
        ),
        on(
            &aws,
            "resolved",
            "aws.incidents.get_resolved_incidents",
            json!({"created_in_the_last": "1 day"}),
        ),
        on(
            &aws,
            "delete",
            "aws.msk.delete_cluster",
            json!({"cluster_arn": arn}),
        ),
        on(
            &aws,
            "resolved items",
            "aws.incidents.get_resolved_incident_items",
            json!({"created_in_the_last": "1 day"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let s = &record.trial_record.steps;
    assert_eq!(s[15].result["relatedItems"][0]["title"], "runbook");
    assert_eq!(s[0].result["ClusterInfo"]["NumberOfBrokerNodes"], 3);
    assert_eq!(
        s[1].result.as_array().unwrap().len(),
        6,
        "plain and TLS for 3 brokers"
    );
    let ids = |v: &Value, key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["Id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&s[3].result, "TraceSummaries"),
        ["1-early-trace", "1-late-trace"]
    );
    assert_eq!(s[4].result["Traces"].as_array().unwrap().len(), 1);
    // The latest trace as BatchGetTraces answers, its documents as text.
    let latest = &s[5].result["Traces"][0];
    assert_eq!(latest["Id"], "1-late-trace");
    let document: serde_json::Value =
        serde_json::from_str(latest["Segments"][0]["Document"].as_str().unwrap()).unwrap();
    assert_eq!(document["fault"], true);
    assert_eq!(s[6].result["Services"].as_array().unwrap().len(), 2);
    let open = &s[7].result["incidentRecordSummaries"];
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["title"], "checkout down");
    assert_eq!(s[8].result, json!(true));
    assert_eq!(s[9].result, json!(false));
    assert_eq!(s[10].result, json!(true));
    assert_eq!(s[11].result["relatedItems"][0]["title"], "alarm");
    assert_eq!(
        s[12].result["incidentRecordSummaries"][0]["title"],
        "slow search"
    );
    assert_eq!(
        s[13].result["incidentRecordSummaries"][0]["title"],
        "old outage"
    );
    let (state, reboots) = aws.kafka_cluster("events").unwrap();
    assert_eq!(state, "DELETING");
    assert_eq!(reboots, vec![vec!["1".to_string(), "2".to_string()]]);

    let record = run_steps(vec![on(
        &aws,
        "bad broker",
        "aws.msk.reboot_msk_broker",
        json!({"cluster_arn": arn, "broker_ids": ["9"]}),
    )])
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "RebootBroker failed: BadRequestException",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn cloudwatch_metrics_and_alarms_over_cbor() {
    let aws = FakeAws::builder()
        .with_alarm("errors", "ALARM")
        .start()
        .await;
    let record = run_steps(vec![
        on(&aws, "publish", "aws.cloudwatch.put_metric_data", json!({"namespace": "Shop", "metric_data": [
            {"MetricName": "Latency", "Value": 100.0, "Unit": "Milliseconds", "Dimensions": [{"Name": "Route", "Value": "/buy"}]},
            {"MetricName": "Latency", "Value": 300.0, "Unit": "Milliseconds", "Dimensions": [{"Name": "Route", "Value": "/buy"}]},
            {"MetricName": "Latency", "Value": 900.0, "Unit": "Milliseconds", "Dimensions": [{"Name": "Route", "Value": "/other"}]}
        ]})),
        on(&aws, "max", "aws.cloudwatch.get_metric_statistics", json!({
            "namespace": "Shop", "metric_name": "Latency", "dimension_name": "Route", "dimension_value": "/buy",
            "statistic": "Maximum", "duration": 300
        })),
        on(&aws, "average", "aws.cloudwatch.get_metric_data", json!({
            "namespace": "Shop", "metric_name": "Latency", "dimensions": [{"Name": "Route", "Value": "/buy"}],
            "statistic": "Average"
        })),
        on(&aws, "nothing", "aws.cloudwatch.get_metric_statistics", json!({
            "namespace": "Shop", "metric_name": "Errors", "statistic": "Sum"
        })),
        on(&aws, "alarm", "aws.cloudwatch.get_alarm_state_value", json!({"alarm_name": "errors"})),
        on(&aws, "no alarm", "aws.cloudwatch.get_alarm_state_value", json!({"alarm_name": "nope"})),
    ])
    .await;
    assert_eq!(aws.datapoints(), 3);
    let s = &record.trial_record.steps;
    assert_eq!(s[1].result, json!(300.0));
    assert_eq!(s[2].result, json!(200.0));
    assert_eq!(s[3].result, json!(0), "no data: 0, as the driver says");
    assert_eq!(s[4].result, json!("ALARM"));
    assert_step_error(&record, 5, ErrorKind::FailedAction, "no alarm `nope`");
}

#[tokio::test(flavor = "multi_thread")]
async fn fleets_dns_answers_versioning_and_cluster_endpoints() {
    use kallisti::fake::FakeFleet;
    let aws = FakeAws::builder()
        .with_fleet(FakeFleet::new("j-1", "if-core", 2, 1))
        .with_dns_record("Z1", "shop.example.com", "A", &["10.0.0.1", "10.0.0.2"])
        .with_bucket("assets")
        .with_db_cluster(FakeDbCluster::new("orders", &["orders-1"]).endpoint("orders-readers"))
        .start()
        .await;
    let record = run_steps(vec![
        on(&aws, "fleet", "aws.emr.describe_instance_fleet", json!({"cluster_id": "j-1", "fleet_id": "if-core"})),
        on(&aws, "fleet instances", "aws.emr.list_cluster_fleet_instances", json!({"cluster_id": "j-1", "fleet_id": "if-core"})),
        on(&aws, "resize fleet", "aws.emr.modify_instance_fleet", json!({"cluster_id": "j-1", "fleet_id": "if-core", "on_demand_capacity": 4, "spot_capacity": 0})),
        on(&aws, "dns", "aws.route53.get_dns_answer", json!({"zone_id": "Z1", "record_name": "shop.example.com", "record_type": "A"})),
        on(&aws, "no record", "aws.route53.get_dns_answer", json!({"zone_id": "Z1", "record_name": "nope.example.com", "record_type": "A"})),
        on(&aws, "versioning on", "aws.s3.toggle_versioning", json!({"bucket_name": "assets"})),
        on(&aws, "versioning flipped", "aws.s3.toggle_versioning", json!({"bucket_name": "assets"})),
        on(&aws, "drop endpoint", "aws.rds.delete_db_cluster_endpoint", json!({"db_cluster_identifier": "orders-readers"})),
        on(&aws, "shrink", "aws.emr.modify_instance_groups_shrink_policy", json!({"cluster_id": "j-1", "group_id": "if-core", "decommission_timeout": 120, "protect_instances": ["i-if-core0"]})),
    ])
    .await;
    assert_succeeded(&record);
    let s = &record.trial_record.steps;
    let shrink = &s[8].result["InstanceGroups"]["ShrinkPolicy"];
    assert_eq!(shrink["DecommissionTimeout"], 120);
    assert_eq!(
        shrink["InstanceResizePolicy"]["InstancesToProtect"],
        json!(["i-if-core0"])
    );
    assert_eq!(s[0].result["InstanceFleets"]["TargetOnDemandCapacity"], 2);
    assert_eq!(s[1].result["Instances"].as_array().unwrap().len(), 3);
    assert_eq!(s[2].result["InstanceFleets"]["TargetOnDemandCapacity"], 4);
    assert_eq!(aws.fleet_capacity("if-core"), Some((4, 0)));
    assert_eq!(s[3].result["RecordData"], json!(["10.0.0.1", "10.0.0.2"]));
    assert_eq!(s[3].result["ResponseCode"], "NOERROR");
    assert_eq!(s[4].result["ResponseCode"], "NXDOMAIN");
    assert_eq!(
        aws.bucket_versioning("assets").as_deref(),
        Some("Suspended"),
        "never versioned, enabled, then suspended"
    );
    assert_eq!(s[7].result["Status"], "deleting");
    let record = run_steps(vec![on(
        &aws,
        "again",
        "aws.rds.delete_db_cluster_endpoint",
        json!({"db_cluster_identifier": "orders-readers"}),
    )])
    .await;
    assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        "DeleteDBClusterEndpoint failed: DBClusterEndpointNotFoundFault",
    );
}

/// The AWS keys and session token the chain reads never show in a report,
/// the record or the `tracing` logs, whatever becomes of the steps.
#[tokio::test]
async fn aws_secrets_never_show() {
    use support::moto::{SECRET_KEY, SESSION_TOKEN};
    let aws = FakeAws::builder()
        .with_instance(FakeInstance::new("i-a1", "us-east-1a"))
        .start()
        .await;
    let mut unreachable = on(
        &aws,
        "unreachable",
        "aws.ec2.count_instances",
        json!({"filters": []}),
    );
    unreachable["where"]["endpoint_url"] = json!("http://127.0.0.1:1");
    let mut missed = on(
        &aws,
        "expectation missed",
        "aws.ec2.count_instances",
        json!({"filters": []}),
    );
    missed["expect"] = json!([{"operator": "eq", "value": 5}]);
    let runs = vec![
        vec![on(
            &aws,
            "fine",
            "aws.ec2.stop_instance",
            json!({"az": "us-east-1a"}),
        )],
        vec![on(
            &aws,
            "refused",
            "aws.ec2.stop_instance",
            json!({"instance_id": "i-nope"}),
        )],
        vec![on(
            &aws,
            "bad argument",
            "aws.ec2.stop_instance",
            json!({"az": "x", "role": "root"}),
        )],
        vec![unreachable],
        vec![missed],
    ];
    let mut outcomes = Vec::new();
    for steps in runs {
        let (record, logs) = support::traced_run(steps).await;
        outcomes.push(record.status);
        let text = support::all_outputs(&record, &logs);
        assert!(text.contains("steps"), "the run shows up: {text}");
        for canary in [SECRET_KEY, SESSION_TOKEN] {
            assert!(!text.contains(canary), "{canary} leaked:\n{text}");
        }
    }
    use kallisti::TrialStatus::*;
    assert_eq!(outcomes, [Succeeded, Failed, Invalid, Failed, Failed]);
}

/// A test body that panics with the AWS secret key and session token the
/// chain read: the failure report and the record show `***`.
#[test]
fn aws_canaries_survive_a_panicking_body() {
    use support::moto::{SECRET_KEY, SESSION_TOKEN};
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let aws = runtime.block_on(
        FakeAws::builder()
            .with_instance(FakeInstance::new("i-a1", "us-east-1a"))
            .start(),
    );
    let shown = support::panicking_chaos_test(
        "aws-panic",
        json!({}),
        vec![on(
            &aws,
            "count",
            "aws.ec2.count_instances",
            json!({"filters": []}),
        )],
        format!("signed with {SECRET_KEY} for {SESSION_TOKEN}"),
    );
    assert!(shown.contains("signed with *** for ***"), "{shown}");
    for canary in [SECRET_KEY, SESSION_TOKEN] {
        assert!(!shown.contains(canary), "{shown}");
    }
}

#[test]
fn aws_canaries_stay_out_of_a_panicking_body_output() {
    use support::moto::{SECRET_KEY, SESSION_TOKEN};
    support::assert_panic_output_hides(
        module_path!(),
        "aws_canaries_survive_a_panicking_body",
        &[SECRET_KEY, SESSION_TOKEN],
    );
}

/// An S3 key with `+` and a space reaches the fake as the same key: the
/// SDK percent-encodes it in the path, and the fake decodes a path with
/// percent-decoding only (a `+` is a plus there, not a space).
#[tokio::test(flavor = "multi_thread")]
async fn s3_keys_keep_their_plus_signs() {
    let aws = FakeAws::builder()
        .with_bucket("media")
        .with_object("media", "clips/a+b c.mp4")
        .start()
        .await;
    let exists = |key: &str| {
        on(
            &aws,
            key,
            "aws.s3.object_exists",
            json!({"bucket_name": "media", "object_key": key}),
        )
    };
    let record = run_steps(vec![exists("clips/a+b c.mp4"), exists("clips/a b c.mp4")]).await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result, json!(true));
    assert_eq!(record.trial_record.steps[1].result, json!(false));
    let record = run_steps(vec![
        on(
            &aws,
            "delete",
            "aws.s3.delete_object",
            json!({"bucket_name": "media", "object_key": "clips/a+b c.mp4"}),
        ),
        exists("clips/a+b c.mp4"),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[1].result, json!(false));
}

/// As the driver: an Auto Scaling step given only `az` takes every healthy
/// in-service instance of the groups in that zone.
#[tokio::test(flavor = "multi_thread")]
async fn a_zone_alone_takes_every_group_instance_there() {
    let aws = FakeAws::builder()
        .with_instance(FakeInstance::new("i-a1", "us-east-1a"))
        .with_instance(FakeInstance::new("i-a2", "us-east-1a"))
        .with_instance(FakeInstance::new("i-b1", "us-east-1b"))
        .with_instance(FakeInstance::new("i-lone", "us-east-1a"))
        .with_auto_scaling_group(FakeAutoScalingGroup::new("web", &["i-a1", "i-a2", "i-b1"]))
        .start()
        .await;
    let record = run_steps(vec![on(
        &aws,
        "zone a",
        "aws.asg.stop_random_instances",
        json!({"asg_names": ["web"], "az": "us-east-1a"}),
    )])
    .await;
    assert_succeeded(&record);
    // One entry per group, as the driver answers: both instances of zone a.
    let stopping = &record.trial_record.steps[0].result[0]["StoppingInstances"];
    assert_eq!(stopping.as_array().unwrap().len(), 2, "{stopping:?}");
    for (id, state) in [
        ("i-a1", "stopped"),
        ("i-a2", "stopped"),
        ("i-b1", "running"),
        ("i-lone", "running"),
    ] {
        assert_eq!(aws.instance_state(id).as_deref(), Some(state), "{id}");
    }
    // A count still picks that many within the zone.
    let record = run_steps(vec![on(
        &aws,
        "one in b",
        "aws.asg.terminate_random_instances",
        json!({"asg_names": ["web"], "az": "us-east-1b", "instance_count": 1}),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(aws.instance_state("i-b1").as_deref(), Some("terminated"));
}

/// The `ChaosToolkitDetached` tag and the state of each volume so tagged,
/// by volume id.
async fn detached_tags(aws: &FakeAws) -> std::collections::BTreeMap<String, (String, String)> {
    let config = support::moto::sdk_config_at("us-east-1", &aws.uri()).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    support::moto::detached_volumes(&ec2)
        .await
        .iter()
        .map(|v| {
            let tag = v.tags()[0].value().unwrap().to_string();
            let state = v.state().unwrap().as_str().to_string();
            (v.volume_id().unwrap().to_string(), (tag, state))
        })
        .collect()
}

/// As the driver: a group's step detaches one volume of every instance and
/// names the group in the tag; re-attaching by group reads it back.
#[tokio::test(flavor = "multi_thread")]
async fn group_volumes_leave_one_per_instance_and_come_back_by_group() {
    let aws = FakeAws::builder()
        .with_instance(FakeInstance::new("i-w1", "us-east-1a").volume("/dev/sdf", "vol-w1"))
        .with_instance(
            FakeInstance::new("i-w2", "us-east-1b")
                .volume("/dev/sdf", "vol-w2")
                .detached_volume("/dev/sdg", "vol-old"),
        )
        .with_instance(FakeInstance::new("i-d1", "us-east-1a").volume("/dev/sdf", "vol-d1"))
        .with_auto_scaling_group(FakeAutoScalingGroup::new("web", &["i-w1", "i-w2"]))
        .with_auto_scaling_group(FakeAutoScalingGroup::new("db", &["i-d1"]))
        .start()
        .await;
    let record = run_steps(vec![
        on(
            &aws,
            "web volumes",
            "aws.asg.detach_random_volume",
            json!({"asg_names": ["web"]}),
        ),
        on(
            &aws,
            "db volume",
            "aws.asg.detach_random_volume",
            json!({"asg_names": ["db"]}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let records = record.trial_record.steps[0].result.as_array().unwrap();
    assert_eq!(records.len(), 2, "{records:?}");
    let tags = detached_tags(&aws).await;
    let tag = |v: &str| tags[v].0.clone();
    assert_eq!(tag("vol-w1"), "DeviceName=/dev/sdf;InstanceId=i-w1;ASG=web");
    assert_eq!(tag("vol-w2"), "DeviceName=/dev/sdf;InstanceId=i-w2;ASG=web");
    assert_eq!(tag("vol-d1"), "DeviceName=/dev/sdf;InstanceId=i-d1;ASG=db");

    // `web`'s volumes come back, and the one `ec2.detach_random_volume`
    // took from a member (no group in its tag); `db`'s stays detached.
    let record = run_steps(vec![on(
        &aws,
        "web back",
        "aws.asg.attach_volume",
        json!({"asg_names": ["web"]}),
    )])
    .await;
    assert_succeeded(&record);
    let mut back: Vec<&str> = record.trial_record.steps[0]
        .result
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["VolumeId"].as_str().unwrap())
        .collect();
    back.sort();
    assert_eq!(back, ["vol-old", "vol-w1", "vol-w2"]);
    let states: Vec<(String, String)> = detached_tags(&aws)
        .await
        .into_iter()
        .map(|(v, (_, state))| (v, state))
        .collect();
    assert_eq!(
        states,
        [
            ("vol-d1".to_string(), "available".to_string()),
            ("vol-old".to_string(), "in-use".to_string()),
            ("vol-w1".to_string(), "in-use".to_string()),
            ("vol-w2".to_string(), "in-use".to_string()),
        ]
    );

    // `ec2.attach_volume` reads a group's tag too, by its instance, as the
    // driver's reads the first two fields.
    let record = run_steps(vec![on(
        &aws,
        "db back by instance",
        "aws.ec2.attach_volume",
        json!({"instance_ids": ["i-d1"]}),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result[0]["VolumeId"], "vol-d1");
    assert_eq!(detached_tags(&aws).await["vol-d1"].1, "in-use");
}
