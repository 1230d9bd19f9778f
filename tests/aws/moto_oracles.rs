//! Actions that other tests prove only against FakeAws, here against moto
//! too wherever moto serves their calls (the README's testing section lists
//! the rest, with why). Where moto lacks the call that changes something,
//! the action runs under dry run: its reads are still checked by an
//! independent server.

use crate::support;

use kallisti::{Experiment, Registry, Trial, TrialStatus};
use serde_json::{json, Value};
use support::moto::{region_step, sdk_config};
use support::{assert_succeeded, run_steps};

async fn dry_run(steps: Vec<Value>) -> kallisti::TrialRecord {
    let experiment = Experiment::from_value(json!({"name": "dry", "steps": steps})).unwrap();
    Trial::new(experiment)
        .dry_run(true)
        .run(&Registry::with_builtins())
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn ecs_desired_tasks_running_follows_the_service() {
    let region = "ap-southeast-3";
    let ecs = aws_sdk_ecs::Client::new(&sdk_config(region).await);
    super::moto::ecs_with_tasks(&ecs, "oracle", "api", 2).await;
    let probe = || {
        region_step(
            region,
            "running?",
            "aws.ecs.are_all_desired_tasks_running",
            json!({"cluster": "oracle", "service": "api"}),
        )
    };
    // moto starts a service with none of its desired tasks counted running.
    let record = run_steps(vec![probe()]).await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result, json!(false));
    // After an update, moto counts every desired task as running.
    let record = run_steps(vec![
        region_step(
            region,
            "scale",
            "aws.ecs.update_desired_count",
            json!({"cluster": "oracle", "service": "api", "desired_count": 2}),
        ),
        probe(),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[1].result, json!(true));
}

#[tokio::test(flavor = "multi_thread")]
async fn elbv2_all_targets_healthy_until_one_stops() {
    let region = "eu-central-2";
    let config = sdk_config(region).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.7.0.0/16")
        .send()
        .await
        .unwrap();
    let vpc = vpc.vpc().unwrap().vpc_id().unwrap().to_string();
    let subnet = ec2
        .create_subnet()
        .vpc_id(&vpc)
        .cidr_block("10.7.1.0/24")
        .send()
        .await
        .unwrap();
    let subnet = subnet.subnet().unwrap().subnet_id().unwrap().to_string();
    let (_, ids) =
        support::moto::target_group_with_instances(&config, "oracle", &vpc, &subnet).await;
    let probe = || {
        region_step(
            region,
            "healthy?",
            "aws.elbv2.all_targets_healthy",
            json!({"tg_names": ["oracle"]}),
        )
    };
    let record = run_steps(vec![probe()]).await;
    assert_succeeded(&record);
    ec2.stop_instances()
        .instance_ids(&ids[0])
        .send()
        .await
        .unwrap();
    let record = run_steps(vec![probe()]).await;
    assert_succeeded(&record);
    let step = &record.trial_record.steps[0];
    assert_eq!(step.result, json!(false), "a value, as the driver's");
    assert!(
        step.logs.iter().any(|l| l.contains(&ids[0])),
        "{:?}",
        step.logs
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn emr_fleet_instances_are_listed() {
    let region = "ap-south-2";
    let emr = aws_sdk_emr::Client::new(&sdk_config(region).await);
    let (cluster, core) = support::moto::emr_cluster(&emr, "oracle").await;
    // moto has no fleets and ignores the filter: the listing parses all.
    let record = run_steps(vec![region_step(
        region,
        "instances",
        "aws.emr.list_cluster_fleet_instances",
        json!({"cluster_id": cluster, "fleet_id": core}),
    )])
    .await;
    assert_succeeded(&record);
    let listed = record.trial_record.steps[0].result["Instances"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(listed, 3, "{}", record.trial_record.steps[0].result);
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_invoke_is_checked_by_lambda_under_dry_run() {
    let region = "eu-south-2";
    let config = sdk_config(region).await;
    support::moto::lambda_function(&config, "oracle-fn", &[]).await;
    let record = dry_run(vec![region_step(
        region,
        "invoke",
        "aws.lambda.invoke_function",
        json!({"function_name": "oracle-fn", "function_arguments": {"n": 1}}),
    )])
    .await;
    assert_succeeded(&record);
    let result = &record.trial_record.steps[0].result;
    assert_eq!(result["dry_run"], json!(true), "{result}");
    assert_eq!(result["targets"], json!(["oracle-fn"]));
    assert_eq!(
        result["StatusCode"],
        json!(204),
        "Lambda's own DryRun answered"
    );
    // A function moto does not know is refused by moto, not by kallisti.
    let record = dry_run(vec![region_step(
        region,
        "invoke",
        "aws.lambda.invoke_function",
        json!({"function_name": "no-such-fn"}),
    )])
    .await;
    assert_eq!(record.status, TrialStatus::Failed);
}

#[tokio::test(flavor = "multi_thread")]
async fn xray_service_graph_pages_through_moto() {
    let region = "ca-west-1";
    let record = run_steps(vec![region_step(
        region,
        "graph",
        "aws.xray.get_service_graph",
        json!({}),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result["Services"], json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn elasticache_reboots_and_failovers_are_planned_against_moto() {
    let region = "mx-central-1";
    let cache = aws_sdk_elasticache::Client::new(&sdk_config(region).await);
    support::moto::cache_cluster_and_group(&cache, "oracle-cache", "oracle-group").await;
    let record = dry_run(vec![
        region_step(
            region,
            "reboot",
            "aws.elasticache.reboot_cache_clusters",
            json!({"cluster_ids": ["oracle-cache"]}),
        ),
        region_step(
            region,
            "failover",
            "aws.elasticache.test_failover",
            json!({"replication_group_id": "oracle-group", "node_group_id": "0001"}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let reboot = record.trial_record.steps[0].result.to_string();
    assert!(reboot.contains("oracle-cache"), "{reboot}");
    let failover = record.trial_record.steps[1].result.to_string();
    assert!(failover.contains("oracle-group"), "{failover}");
    // Unknown names are refused by moto's reads.
    let record = dry_run(vec![region_step(
        region,
        "reboot",
        "aws.elasticache.reboot_cache_clusters",
        json!({"cluster_ids": ["no-such-cache"]}),
    )])
    .await;
    assert_eq!(record.status, TrialStatus::Failed);
}
