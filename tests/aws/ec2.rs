//! `aws.ec2` against the moto emulator: every action, the state it leaves
//! checked through the SDK. Each test works in a region of its own.

use crate::support;

use aws_sdk_ec2::types::{
    BlockDeviceMapping, EbsBlockDevice, Filter, InstanceType, Placement, ResourceType, Tag,
    TagSpecification,
};
use kallisti::ErrorKind;
use serde_json::json;
use support::moto::{instance_state as state, region_step, sdk_config};
use support::{assert_step_error, assert_succeeded, run_steps};

async fn ec2(region: &str) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::new(&sdk_config(region).await)
}

/// Launches `count` instances in `az` tagged `app=<app>`, with an extra
/// EBS volume each; their ids.
async fn launch(ec2: &aws_sdk_ec2::Client, az: &str, app: &str, count: i32) -> Vec<String> {
    let out = ec2
        .run_instances()
        .image_id("ami-12c6146b")
        .instance_type(InstanceType::T2Micro)
        .min_count(count)
        .max_count(count)
        .placement(Placement::builder().availability_zone(az).build())
        .block_device_mappings(
            BlockDeviceMapping::builder()
                .device_name("/dev/sdf")
                .ebs(EbsBlockDevice::builder().volume_size(8).build())
                .build(),
        )
        .tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::Instance)
                .tags(Tag::builder().key("app").value(app).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    out.instances()
        .iter()
        .map(|i| i.instance_id().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn stop_instance_with_only_az_stops_one_running_instance_of_that_zone() {
    let region = "eu-west-1";
    let ec2 = ec2(region).await;
    let in_zone = launch(&ec2, "eu-west-1a", "shop", 2).await;
    let elsewhere = launch(&ec2, "eu-west-1b", "shop", 1).await;
    let record = run_steps(vec![region_step(
        region,
        "stop one",
        "aws.ec2.stop_instance",
        json!({"az": "eu-west-1a"}),
    )])
    .await;
    assert_succeeded(&record);
    let result = &record.trial_record.steps[0].result;
    let stopped = result[0]["StoppingInstances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(in_zone.contains(&stopped), "{result}");
    assert_eq!(state(&ec2, &stopped).await, "stopped");
    let other = in_zone.iter().find(|i| **i != stopped).unwrap();
    assert_eq!(state(&ec2, other).await, "running");
    assert_eq!(state(&ec2, &elsewhere[0]).await, "running");

    // Stopped instances are not picked again: the other one goes next,
    // then nothing running is left and that is said.
    let record = run_steps(vec![
        region_step(
            region,
            "stop two",
            "aws.ec2.stop_instance",
            json!({"az": "eu-west-1a"}),
        ),
        region_step(
            region,
            "stop three",
            "aws.ec2.stop_instance",
            json!({"az": "eu-west-1a"}),
        ),
    ])
    .await;
    assert_eq!(state(&ec2, other).await, "stopped");
    assert_step_error(
        &record,
        1,
        ErrorKind::FailedAction,
        "no running instance in availability zone `eu-west-1a`",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_narrow_the_choice_and_nothing_matching_is_a_failed_action() {
    let region = "eu-west-2";
    let ec2 = ec2(region).await;
    let shop = launch(&ec2, "eu-west-2a", "shop", 1).await;
    let cart = launch(&ec2, "eu-west-2a", "cart", 3).await;
    let record = run_steps(vec![
        region_step(
            region,
            "stop the shop",
            "aws.ec2.stop_instance",
            json!({
                "az": "eu-west-2a", "filters": [{"Name": "tag:app", "Values": ["shop"]}]
            }),
        ),
        region_step(
            region,
            "stop nothing",
            "aws.ec2.stop_instances",
            json!({
                "filters": [{"Name": "tag:app", "Values": ["nobody"]}]
            }),
        ),
    ])
    .await;
    assert_eq!(state(&ec2, &shop[0]).await, "stopped");
    for id in &cart {
        assert_eq!(state(&ec2, id).await, "running");
    }
    assert_step_error(
        &record,
        1,
        ErrorKind::FailedAction,
        "no running instance matches the filters",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn many_instances_stop_start_restart_terminate_and_probes_follow() {
    let region = "us-west-1";
    let ec2 = ec2(region).await;
    let ids = launch(&ec2, "us-west-1a", "batch", 3).await;
    let app = json!([{"Name": "tag:app", "Values": ["batch"]}]);
    let record = run_steps(vec![
        region_step(
            region,
            "count",
            "aws.ec2.count_instances",
            json!({"filters": app}),
        ),
        region_step(
            region,
            "at least 3",
            "aws.ec2.count_min_instances",
            json!({"filters": app, "min_count": 3}),
        ),
        region_step(
            region,
            "at least 4",
            "aws.ec2.count_min_instances",
            json!({"filters": app, "min_count": 4}),
        ),
        region_step(
            region,
            "describe",
            "aws.ec2.describe_instances",
            json!({"filters": app}),
        ),
        region_step(
            region,
            "stop two",
            "aws.ec2.stop_instances",
            json!({"instance_ids": &ids[..2]}),
        ),
        region_step(
            region,
            "two stopped",
            "aws.ec2.instance_state",
            json!({"state": "stopped", "instance_ids": &ids[..2]}),
        ),
        region_step(
            region,
            "all stopped",
            "aws.ec2.instance_state",
            json!({"state": "stopped", "filters": app}),
        ),
        region_step(
            region,
            "start them",
            "aws.ec2.start_instances",
            json!({"filters": app}),
        ),
        region_step(
            region,
            "all running",
            "aws.ec2.instance_state",
            json!({"state": "running", "filters": app}),
        ),
        region_step(
            region,
            "reboot",
            "aws.ec2.restart_instances",
            json!({"instance_ids": [&ids[0]]}),
        ),
        region_step(
            region,
            "terminate one",
            "aws.ec2.terminate_instance",
            json!({"instance_id": &ids[2]}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    // One RunInstances call, one reservation: the driver would count 1.
    assert_eq!(steps[0].result, json!(3));
    assert_eq!(steps[1].result, json!(true));
    assert_eq!(steps[2].result, json!(false));
    let described = steps[3].result["Reservations"][0]["Instances"]
        .as_array()
        .unwrap();
    assert_eq!(described.len(), 3);
    assert_eq!(described[0]["State"]["Name"], "running");
    assert_eq!(described[0]["Placement"]["AvailabilityZone"], "us-west-1a");
    assert_eq!(
        steps[4].result[0]["StoppingInstances"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(steps[5].result, json!(true));
    assert_eq!(steps[6].result, json!(false), "the third is still running");
    assert_eq!(steps[8].result, json!(true));
    assert_eq!(
        steps[9].result,
        json!([]),
        "as the driver: EC2 says nothing"
    );
    assert_eq!(state(&ec2, &ids[2]).await, "terminated");
    assert_eq!(state(&ec2, &ids[0]).await, "running");

    let record = run_steps(vec![region_step(
        region,
        "terminate the rest",
        "aws.ec2.terminate_instances",
        json!({"az": "us-west-1a"}),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(state(&ec2, &ids[0]).await, "terminated");
    assert_eq!(state(&ec2, &ids[1]).await, "terminated");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_volume_is_detached_then_attached_back_where_it_was() {
    let region = "ap-south-1";
    let ec2 = ec2(region).await;
    let ids = launch(&ec2, "ap-south-1a", "db", 1).await;
    let volumes = |ec2: aws_sdk_ec2::Client, id: String| async move {
        let out = ec2
            .describe_volumes()
            .filters(
                Filter::builder()
                    .name("attachment.instance-id")
                    .values(id)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        out.volumes().len()
    };
    // moto attaches just the mappings given (no AMI root): /dev/sdf.
    let before = volumes(ec2.clone(), ids[0].clone()).await;
    assert!(before >= 1);
    let record = run_steps(vec![region_step(
        region,
        "detach",
        "aws.ec2.detach_random_volume",
        json!({"instance_ids": ids}),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result[0]["Device"], "/dev/sdf");
    assert_eq!(volumes(ec2.clone(), ids[0].clone()).await, before - 1);

    let record = run_steps(vec![region_step(
        region,
        "attach",
        "aws.ec2.attach_volume",
        json!({"instance_ids": ids}),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result[0]["Device"], "/dev/sdf");
    assert_eq!(volumes(ec2.clone(), ids[0].clone()).await, before);

    // The tag stays, as the driver leaves it; attaching again finds the
    // volume in use and leaves it be rather than failing.
    let tagged = support::moto::detached_volumes(&ec2).await;
    let tag = tagged[0].tags()[0].value().unwrap().to_string();
    assert_eq!(tag, format!("DeviceName=/dev/sdf;InstanceId={}", ids[0]));
    let record = run_steps(vec![region_step(
        region,
        "attach again",
        "aws.ec2.attach_volume",
        json!({"instance_ids": ids}),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result, json!([]));
    let logs = &record.trial_record.steps[0].logs;
    assert!(
        logs.iter().any(|l| l.contains("attached already")),
        "{logs:?}"
    );
    assert_eq!(volumes(ec2.clone(), ids[0].clone()).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn tags_are_set_on_a_share_of_instances_and_removed() {
    let region = "ca-central-1";
    let ec2 = ec2(region).await;
    let ids = launch(&ec2, "ca-central-1a", "web", 4).await;
    let tagged = |ec2: aws_sdk_ec2::Client| async move {
        let out = ec2
            .describe_instances()
            .filters(Filter::builder().name("tag:chaos").values("on").build())
            .send()
            .await
            .unwrap();
        out.reservations()
            .iter()
            .map(|r| r.instances().len())
            .sum::<usize>()
    };
    let record = run_steps(vec![region_step(
        region,
        "tag half",
        "aws.ec2.set_tags_on_instances",
        json!({
            "tags": [{"Key": "chaos", "Value": "on"}], "percentage": 50,
            "filters": [{"Name": "tag:app", "Values": ["web"]}]
        }),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(tagged(ec2.clone()).await, 2);
    let record = run_steps(vec![region_step(
        region,
        "untag",
        "aws.ec2.remove_tags_from_instances",
        json!({
            "tags": {"chaos": "on"}, "az": "ca-central-1a"
        }),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(tagged(ec2.clone()).await, 0);
    assert_eq!(ids.len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn incremental_steps_stop_the_volume_in_batches() {
    let region = "sa-east-1";
    let ec2 = ec2(region).await;
    let ids = launch(&ec2, "sa-east-1a", "queue", 4).await;
    let record = run_steps(vec![region_step(
        region,
        "steps",
        "aws.ec2.stop_instances_by_incremental_steps",
        json!({
            "volume": 75, "step_quantity": 2, "step_duration": 0,
            "az": "sa-east-1a", "tags": {"app": "queue"}
        }),
    )])
    .await;
    assert_succeeded(&record);
    let batches = record.trial_record.steps[0]
        .result
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(batches.len(), 2, "3 instances, 2 at a time");
    let mut stopped = 0;
    for id in &ids {
        if state(&ec2, id).await == "stopped" {
            stopped += 1;
        }
    }
    assert_eq!(stopped, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_names_the_pick_and_stops_nothing() {
    let region = "eu-north-1";
    let ec2 = ec2(region).await;
    let ids = launch(&ec2, "eu-north-1a", "dry", 2).await;
    let exp = kallisti::Experiment::from_value(json!({"name": "dry", "steps": [
        region_step(region, "stop", "aws.ec2.stop_instance", json!({"az": "eu-north-1a"})),
        region_step(region, "stop all", "aws.ec2.stop_instances", json!({"az": "eu-north-1a"})),
        region_step(region, "detach", "aws.ec2.detach_random_volume", json!({"instance_ids": ids})),
    ]}))
    .unwrap();
    let record = kallisti::Trial::new(exp)
        .dry_run(true)
        .run(&kallisti::Registry::with_builtins())
        .await;
    assert_succeeded(&record);
    let picked = &record.trial_record.steps[0].result["targets"][0];
    assert!(
        ids.contains(&picked.as_str().unwrap().to_string()),
        "{picked}"
    );
    assert_eq!(
        record.trial_record.steps[1].result["targets"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    for id in &ids {
        assert_eq!(state(&ec2, id).await, "running");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_arguments_are_refused_before_anything_runs() {
    let region = "eu-south-1";
    let ec2 = ec2(region).await;
    let ids = launch(&ec2, "eu-south-1a", "keep", 1).await;
    for (args, field) in [
        (json!({}), "instance_ids"),
        (
            json!({"az": "eu-south-1a", "filters": [{"Name": "x"}]}),
            "filters[0]",
        ),
        (
            json!({"az": "eu-south-1a", "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "U", "password_key": "P"}}),
            "credential",
        ),
        (json!({"az": "eu-south-1a", "role": "admin"}), "role"),
        (
            json!({"az": "eu-south-1a", "endpoint_url": "ftp://x"}),
            "endpoint_url",
        ),
    ] {
        let record = run_steps(vec![
            region_step(
                region,
                "stop all",
                "aws.ec2.stop_instances",
                json!({"az": "eu-south-1a"}),
            ),
            region_step(region, "bad", "aws.ec2.stop_instance", args.clone()),
        ])
        .await;
        assert_eq!(record.status, kallisti::TrialStatus::Invalid, "{args}");
        let problems = format!("{:?}", record.problems);
        assert!(problems.contains(field), "{args}: {problems}");
        assert!(problems.contains("bad"), "the step is named: {problems}");
        assert_eq!(
            state(&ec2, &ids[0]).await,
            "running",
            "nothing ran for {args}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seed_stop_instance_runs_unchanged() {
    // The seed's region and instance id, as written: this test owns us-east-1.
    let ec2 = ec2("us-east-1").await;
    ec2.run_instances()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::Instance)
                .tags(
                    Tag::builder()
                        .key("kallisti:instance-id")
                        .value("your-instance-id")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(state(&ec2, "your-instance-id").await, "running");
    let record = run_steps(vec![support::seed_step("step_aws_ec2_stop_instance")]).await;
    assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[0].result[0]["StoppingInstances"][0]["InstanceId"],
        "your-instance-id"
    );
    assert_eq!(state(&ec2, "your-instance-id").await, "stopped");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_role_is_assumed_through_sts_before_acting() {
    let region = "af-south-1";
    let ec2 = ec2(region).await;
    let ids = launch(&ec2, "af-south-1a", "roled", 1).await;
    let record = run_steps(vec![region_step(
        region,
        "stop as chaos role",
        "aws.ec2.stop_instances",
        json!({
            "instance_ids": ids, "role": "arn:aws:iam::123456789012:role/chaos-engineer"
        }),
    )])
    .await;
    assert_succeeded(&record);
    assert_eq!(state(&ec2, &ids[0]).await, "stopped");
}

async fn stop_with_accounts(region: &str, id: &str, accounts: &[&str]) -> kallisti::TrialRecord {
    let experiment = kallisti::Experiment::from_value(json!({"name": "accounts", "steps": [
        region_step(region, "stop", "aws.ec2.stop_instances", json!({"instance_ids": [id]})),
    ]}))
    .unwrap();
    kallisti::Trial::new(experiment)
        .allow(kallisti::trial::AllowList::default().aws_accounts(accounts.iter().copied()))
        .run(&kallisti::Registry::with_builtins())
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_aws_account_off_the_allow_list_is_refused_before_the_first_call() {
    let region = "ap-southeast-2";
    let ec2 = ec2(region).await;
    let id = launch(&ec2, "ap-southeast-2a", "accounts", 1)
        .await
        .remove(0);
    // moto answers GetCallerIdentity with its account, 123456789012.
    let record = stop_with_accounts(region, &id, &["999999999999"]).await;
    assert_step_error(
        &record,
        0,
        ErrorKind::Refused,
        "refused: AWS account `123456789012` (from STS GetCallerIdentity for the AWS credential chain) is not on the allow-list (999999999999)",
    );
    assert_eq!(state(&ec2, &id).await, "running", "nothing was stopped");
    let record = stop_with_accounts(region, &id, &["1234567890*"]).await;
    assert_succeeded(&record);
    assert_eq!(state(&ec2, &id).await, "stopped");
}

/// As the driver: tagging by zone takes every instance there, the stopped
/// ones too.
#[tokio::test(flavor = "multi_thread")]
async fn tags_by_zone_reach_stopped_instances_too() {
    let region = "ap-east-1";
    let ec2 = ec2(region).await;
    let ids = launch(&ec2, "ap-east-1a", "cart", 2).await;
    ec2.stop_instances()
        .instance_ids(&ids[1])
        .send()
        .await
        .unwrap();
    assert_eq!(state(&ec2, &ids[1]).await, "stopped");
    let record = run_steps(vec![region_step(
        region,
        "tag the zone",
        "aws.ec2.set_tags_on_instances",
        json!({"tags": "chaos=on", "az": "ap-east-1a"}),
    )])
    .await;
    assert_succeeded(&record);
    for id in &ids {
        let described = support::moto::instance(&ec2, id).await;
        let tags = described.tags();
        assert!(
            tags.iter()
                .any(|t| t.key() == Some("chaos") && t.value() == Some("on")),
            "{id}: {tags:?}"
        );
    }
}

/// `instance_state` looks at every reservation, where the driver reads the
/// first one only; the counts are of instances, not reservations.
#[tokio::test(flavor = "multi_thread")]
async fn probes_see_every_reservation() {
    let region = "ap-southeast-4";
    let ec2 = ec2(region).await;
    let pair = launch(&ec2, "ap-southeast-4a", "queue", 2).await;
    let lone = launch(&ec2, "ap-southeast-4a", "queue", 1).await;
    ec2.stop_instances()
        .instance_ids(&lone[0])
        .send()
        .await
        .unwrap();
    let queue = json!([{"Name": "tag:app", "Values": ["queue"]}]);
    let record = run_steps(vec![
        region_step(
            region,
            "all running?",
            "aws.ec2.instance_state",
            json!({"state": "running", "filters": queue}),
        ),
        region_step(
            region,
            "the pair running?",
            "aws.ec2.instance_state",
            json!({"state": "running", "instance_ids": pair}),
        ),
        region_step(
            region,
            "count",
            "aws.ec2.count_instances",
            json!({"filters": queue}),
        ),
        region_step(
            region,
            "at least 3",
            "aws.ec2.count_min_instances",
            json!({"filters": queue, "min_count": 3}),
        ),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    // The first reservation is the running pair: the driver would say true.
    assert_eq!(steps[0].result, json!(false));
    assert!(steps[0].logs[0].contains(&lone[0]), "{:?}", steps[0].logs);
    assert_eq!(steps[1].result, json!(true));
    // Two reservations, three instances.
    assert_eq!(steps[2].result, json!(3));
    assert_eq!(steps[3].result, json!(true));
}
