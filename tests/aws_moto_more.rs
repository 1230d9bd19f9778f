//! The other AWS services against moto: Auto Scaling, CloudWatch and
//! EventBridge rules, EKS, EMR, FIS, MSK, Route 53, S3, SSM and X-Ray,
//! each action moto implements, the state it leaves checked through the
//! SDK. Each test works in a region of its own.

mod support;

use serde_json::{json, Value};
use support::moto::sdk_config;
use support::{assert_succeeded, run_steps, step};

fn region_step(region: &str, name: &str, action: &str, mut args: Value) -> Value {
    args["region"] = json!(region);
    step(name, action, args)
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_scaling_groups_lose_instances_and_processes() {
    let region = "eu-west-1";
    let config = sdk_config(region).await;
    let asg = aws_sdk_autoscaling::Client::new(&config);
    let ec2 = aws_sdk_ec2::Client::new(&config);
    asg.create_launch_configuration()
        .launch_configuration_name("web")
        .image_id("ami-12c6146b")
        .instance_type("t2.micro")
        .send()
        .await
        .unwrap();
    asg.create_auto_scaling_group()
        .auto_scaling_group_name("web")
        .launch_configuration_name("web")
        .min_size(0)
        .max_size(5)
        .desired_capacity(3)
        .availability_zones("eu-west-1a")
        .tags(
            aws_sdk_autoscaling::types::Tag::builder()
                .key("app")
                .value("web")
                .resource_id("web")
                .resource_type("auto-scaling-group")
                .propagate_at_launch(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let tags = json!([{"Key": "app", "Value": "web"}]);
    let record = run_steps(vec![
        region_step(region, "describe", "aws.asg.describe_auto_scaling_groups", json!({"tags": tags})),
        region_step(region, "healthy", "aws.asg.desired_equals_healthy", json!({"asg_names": ["web"]})),
        region_step(region, "healthy by tags", "aws.asg.desired_equals_healthy_tags", json!({"tags": tags})),
        region_step(region, "count", "aws.asg.instance_count_by_health", json!({"asg_names": ["web"]})),
        region_step(region, "suspend", "aws.asg.suspend_processes", json!({"asg_names": ["web"], "process_names": ["Launch"]})),
        region_step(region, "suspended?", "aws.asg.process_is_suspended", json!({"asg_names": ["web"], "process_names": ["Launch"]})),
        region_step(region, "resume", "aws.asg.resume_processes", json!({"asg_names": ["web"], "process_names": ["Launch"]})),
        region_step(region, "resumed?", "aws.asg.process_is_suspended", json!({"asg_names": ["web"], "process_names": ["Launch"]})),
        region_step(region, "wait", "aws.asg.wait_desired_equals_healthy", json!({"asg_names": ["web"], "timeout": 5})),
        region_step(region, "stop one", "aws.asg.stop_random_instances", json!({"asg_names": ["web"], "instance_count": 1})),
        region_step(region, "detach one", "aws.asg.detach_random_instances", json!({"tags": tags, "instance_count": 1, "decrement_capacity": true})),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result["AutoScalingGroups"][0]["AutoScalingGroupName"], "web");
    assert_eq!(steps[0].result["AutoScalingGroups"][0]["Instances"].as_array().unwrap().len(), 3);
    assert_eq!(steps[1].result, json!(true));
    assert_eq!(steps[2].result, json!(true));
    assert_eq!(steps[3].result, json!(3));
    assert_eq!(steps[5].result, json!(true));
    assert_eq!(steps[7].result, json!(false));
    assert_eq!(steps[8].result, json!(0), "healthy at once: no wait");
    let stopped = steps[9].result[0]["InstanceId"].as_str().unwrap().to_string();
    let out = ec2.describe_instances().instance_ids(&stopped).send().await.unwrap();
    let state = out.reservations()[0].instances()[0].state().unwrap().name().unwrap().as_str().to_string();
    assert_eq!(state, "stopped");
    let group = asg.describe_auto_scaling_groups().auto_scaling_group_names("web").send().await.unwrap();
    assert_eq!(group.auto_scaling_groups()[0].instances().len(), 2, "one detached");
    assert_eq!(group.auto_scaling_groups()[0].desired_capacity(), Some(2));
}

/// EventBridge rules (`aws.cloudwatch`'s rule actions); CloudWatch's own
/// API is served by FakeAws (moto does not speak its current protocol).
#[tokio::test(flavor = "multi_thread")]
async fn event_rules_are_put_targeted_toggled_and_deleted() {
    let region = "eu-west-2";
    let events = aws_sdk_eventbridge::Client::new(&sdk_config(region).await);
    let record = run_steps(vec![
        region_step(region, "rule", "aws.cloudwatch.put_rule", json!({"rule_name": "tick", "schedule_expression": "rate(5 minutes)", "state": "ENABLED"})),
        region_step(region, "targets", "aws.cloudwatch.put_rule_targets", json!({"rule_name": "tick", "targets": [{"Id": "q", "Arn": "arn:aws:sqs:eu-west-2:123456789012:q"}]})),
        region_step(region, "disable", "aws.cloudwatch.disable_rule", json!({"rule_name": "tick"})),
    ])
    .await;
    assert_succeeded(&record);
    assert!(record.trial_record.steps[0].result["RuleArn"].as_str().unwrap().ends_with("rule/tick"));
    assert_eq!(record.trial_record.steps[1].result["FailedEntryCount"], 0);
    let rule = events.describe_rule().name("tick").send().await.unwrap();
    assert_eq!(rule.state().map(|s| s.as_str()), Some("DISABLED"));
    let targets = events.list_targets_by_rule().rule("tick").send().await.unwrap();
    assert_eq!(targets.targets().len(), 1);
    let record = run_steps(vec![
        region_step(region, "enable", "aws.cloudwatch.enable_rule", json!({"rule_name": "tick"})),
    ])
    .await;
    assert_succeeded(&record);
    let rule = events.describe_rule().name("tick").send().await.unwrap();
    assert_eq!(rule.state().map(|s| s.as_str()), Some("ENABLED"));
    let record = run_steps(vec![
        region_step(region, "untarget", "aws.cloudwatch.remove_rule_targets", json!({"rule_name": "tick"})),
        region_step(region, "delete", "aws.cloudwatch.delete_rule", json!({"rule_name": "tick", "force": true})),
    ])
    .await;
    assert_succeeded(&record);
    assert!(events.list_rules().send().await.unwrap().rules().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn eks_clusters_are_created_listed_and_deleted() {
    let region = "eu-west-3";
    let eks = aws_sdk_eks::Client::new(&sdk_config(region).await);
    let record = run_steps(vec![
        region_step(region, "create", "aws.eks.create_cluster", json!({
            "name": "shop", "role_arn": "arn:aws:iam::123456789012:role/eks",
            "vpc_config": {"subnetIds": ["subnet-1", "subnet-2"]}, "version": "1.31"
        })),
        region_step(region, "list", "aws.eks.list_clusters", json!({})),
        region_step(region, "describe", "aws.eks.describe_cluster", json!({"name": "shop"})),
        region_step(region, "delete", "aws.eks.delete_cluster", json!({"name": "shop"})),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[1].result["clusters"], json!(["shop"]));
    assert_eq!(steps[2].result["cluster"]["version"], "1.31");
    assert!(eks.list_clusters().send().await.unwrap().clusters().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn emr_groups_are_resized_and_concurrency_set() {
    use aws_sdk_emr::types::{InstanceGroupConfig, InstanceRoleType, JobFlowInstancesConfig};
    let region = "ap-south-1";
    let emr = aws_sdk_emr::Client::new(&sdk_config(region).await);
    let flow = emr
        .run_job_flow()
        .name("etl")
        .release_label("emr-6.15.0")
        .job_flow_role("EMR_EC2_DefaultRole")
        .service_role("EMR_DefaultRole")
        .instances(
            JobFlowInstancesConfig::builder()
                .instance_groups(InstanceGroupConfig::builder().instance_role(InstanceRoleType::Master).instance_type("m5.xlarge").instance_count(1).build())
                .instance_groups(InstanceGroupConfig::builder().instance_role(InstanceRoleType::Core).instance_type("m5.xlarge").instance_count(2).build())
                .keep_job_flow_alive_when_no_steps(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let cluster = flow.job_flow_id().unwrap().to_string();
    let groups = emr.list_instance_groups().cluster_id(&cluster).send().await.unwrap();
    let core = groups
        .instance_groups()
        .iter()
        .find(|g| g.instance_group_type().map(|t| t.as_str()) == Some("CORE"))
        .and_then(|g| g.id())
        .unwrap()
        .to_string();
    let record = run_steps(vec![
        region_step(region, "describe", "aws.emr.describe_cluster", json!({"cluster_id": cluster})),
        region_step(region, "group", "aws.emr.describe_instance_group", json!({"cluster_id": cluster, "group_id": core})),
        region_step(region, "resize", "aws.emr.modify_instance_groups_instance_count", json!({"cluster_id": cluster, "group_id": core, "instance_count": 4})),
        region_step(region, "concurrency", "aws.emr.modify_cluster", json!({"cluster_id": cluster, "concurrency": 3})),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result["Cluster"]["Id"], json!(cluster));
    assert_eq!(steps[1].result["InstanceGroup"]["RequestedInstanceCount"], 2);
    let groups = emr.list_instance_groups().cluster_id(&cluster).send().await.unwrap();
    let resized = groups.instance_groups().iter().find(|g| g.id() == Some(core.as_str())).unwrap();
    assert_eq!(resized.requested_instance_count(), Some(4));
    let described = emr.describe_cluster().cluster_id(&cluster).send().await.unwrap();
    assert_eq!(described.cluster().unwrap().step_concurrency_level(), Some(3));
}

#[tokio::test(flavor = "multi_thread")]
async fn fis_experiments_start_and_stop_by_tags() {
    use aws_sdk_fis::types::{CreateExperimentTemplateActionInput, CreateExperimentTemplateStopConditionInput};
    let region = "ap-northeast-1";
    let fis = aws_sdk_fis::Client::new(&sdk_config(region).await);
    let template = fis
        .create_experiment_template()
        .description("wait")
        .role_arn("arn:aws:iam::123456789012:role/fis")
        .stop_conditions(CreateExperimentTemplateStopConditionInput::builder().source("none").build().unwrap())
        .actions("wait", CreateExperimentTemplateActionInput::builder().action_id("aws:fis:wait").parameters("duration", "PT5M").build().unwrap())
        .send()
        .await
        .unwrap();
    let template = template.experiment_template().unwrap().id().unwrap().to_string();
    let record = run_steps(vec![
        region_step(region, "start", "aws.fis.start_experiment", json!({"experiment_template_id": template, "tags": {"chaos": "day"}})),
    ])
    .await;
    assert_succeeded(&record);
    let id = record.trial_record.steps[0].result["experiment"]["id"].as_str().unwrap().to_string();
    let record = run_steps(vec![
        region_step(region, "stop by tags", "aws.fis.stop_experiments_by_tags", json!({"tags": {"chaos": "day"}})),
    ])
    .await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result.as_array().unwrap().len(), 1);
    let experiment = fis.get_experiment().id(&id).send().await.unwrap();
    let status = experiment.experiment().unwrap().state().unwrap().status().unwrap().as_str().to_string();
    assert!(["stopping", "stopped"].contains(&status.as_str()), "{status}");
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_objects_and_versioning() {
    let region = "ca-central-1";
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk_config(region).await)
            .force_path_style(true)
            .build(),
    );
    s3.create_bucket()
        .bucket("assets")
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(region))
                .build(),
        )
        .send()
        .await
        .unwrap();
    s3.put_object().bucket("assets").key("logo.png").body(b"png".to_vec().into()).send().await.unwrap();
    let record = run_steps(vec![
        region_step(region, "bucket", "aws.s3.bucket_exists", json!({"bucket_name": "assets"})),
        region_step(region, "no bucket", "aws.s3.bucket_exists", json!({"bucket_name": "nope"})),
        region_step(region, "object", "aws.s3.object_exists", json!({"bucket_name": "assets", "object_key": "logo.png"})),
        region_step(region, "delete", "aws.s3.delete_object", json!({"bucket_name": "assets", "object_key": "logo.png"})),
        region_step(region, "gone", "aws.s3.object_exists", json!({"bucket_name": "assets", "object_key": "logo.png"})),
        region_step(region, "versioning", "aws.s3.toggle_versioning", json!({"bucket_name": "assets", "status": "Enabled"})),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result, json!(true));
    assert_eq!(steps[1].result, json!(false));
    assert_eq!(steps[2].result, json!(true));
    assert_eq!(steps[4].result, json!(false));
    // moto answers GetBucketVersioning under a root the SDK refuses: read
    // the bucket's versioning as raw XML.
    let versioning = || async {
        let url = format!("{}/assets?versioning", support::moto::moto().url);
        reqwest::get(url).await.unwrap().text().await.unwrap()
    };
    assert!(versioning().await.contains("<Status>Enabled</Status>"));
    let record = run_steps(vec![region_step(region, "suspend", "aws.s3.toggle_versioning", json!({"bucket_name": "assets", "status": "Suspended"}))]).await;
    assert_succeeded(&record);
    assert!(versioning().await.contains("<Status>Suspended</Status>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn ssm_documents_parameters_and_commands() {
    let region = "sa-east-1";
    let ssm = aws_sdk_ssm::Client::new(&sdk_config(region).await);
    let document = support::spec_file(
        "ssm-document.json",
        json!({"schemaVersion": "2.2", "description": "noop", "mainSteps": [
            {"action": "aws:runShellScript", "name": "noop", "inputs": {"runCommand": ["true"]}}
        ]}),
    );
    let record = run_steps(vec![
        region_step(region, "create", "aws.ssm.create_document", json!({"path_content": document, "name": "noop", "document_type": "Command", "document_format": "JSON"})),
        region_step(region, "parameter", "aws.ssm.put_parameter", json!({"name": "/shop/token", "value": "ssm-secure-canary-value", "type": "SecureString"})),
        region_step(region, "command", "aws.ssm.send_command", json!({"document_name": "noop", "targets": [{"Key": "InstanceIds", "Values": ["i-0123456789abcdef0"]}]})),
        region_step(region, "delete", "aws.ssm.delete_document", json!({"name": "noop"})),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result["DocumentDescription"]["Name"], "noop");
    assert_eq!(steps[1].result["Version"], 1);
    assert_eq!(steps[2].result["Command"]["DocumentName"], "noop");
    let parameter = ssm.get_parameter().name("/shop/token").with_decryption(true).send().await.unwrap();
    assert_eq!(parameter.parameter().unwrap().value(), Some("ssm-secure-canary-value"));
    let shown = serde_json::to_string(&record).unwrap();
    assert!(!shown.contains("ssm-secure-canary-value"), "a SecureString is a secret: {shown}");
    assert!(ssm.describe_document().name("noop").send().await.is_err(), "deleted");
}

#[tokio::test(flavor = "multi_thread")]
async fn route53_private_zones_and_health_checks() {
    use aws_sdk_route53::types::{HealthCheckConfig, HealthCheckType, Vpc, VpcRegion};
    let region = "us-west-1";
    let config = sdk_config(region).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let mut vpcs = Vec::new();
    for cidr in ["10.1.0.0/16", "10.2.0.0/16"] {
        let vpc = ec2.create_vpc().cidr_block(cidr).send().await.unwrap();
        vpcs.push(vpc.vpc().unwrap().vpc_id().unwrap().to_string());
    }
    let route53 = aws_sdk_route53::Client::new(&config);
    let zone = route53
        .create_hosted_zone()
        .name("shop.internal.")
        .caller_reference("kallisti")
        .vpc(Vpc::builder().vpc_id(&vpcs[0]).vpc_region(VpcRegion::UsWest1).build())
        .hosted_zone_config(aws_sdk_route53::types::HostedZoneConfig::builder().private_zone(true).build())
        .send()
        .await
        .unwrap();
    let zone_id = zone.hosted_zone().unwrap().id().rsplit('/').next().unwrap().to_string();
    let check = route53
        .create_health_check()
        .caller_reference("kallisti-check")
        .health_check_config(
            HealthCheckConfig::builder()
                .r#type(HealthCheckType::Http)
                .fully_qualified_domain_name("shop.example.com")
                .port(80)
                .resource_path("/health")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let check_id = check.health_check().unwrap().id().to_string();
    let record = run_steps(vec![
        region_step(region, "zone", "aws.route53.get_hosted_zone", json!({"zone_id": zone_id})),
        region_step(region, "associate", "aws.route53.associate_vpc_with_zone", json!({"zone_id": zone_id, "vpc_id": vpcs[1], "vpc_region": region})),
        region_step(region, "zone after", "aws.route53.get_hosted_zone", json!({"zone_id": zone_id})),
        region_step(region, "disassociate", "aws.route53.disassociate_vpc_from_zone", json!({"zone_id": zone_id, "vpc_id": vpcs[1], "vpc_region": region})),
        region_step(region, "health", "aws.route53.get_health_check_status", json!({"check_id": check_id})),
    ])
    .await;
    assert_succeeded(&record);
    let steps = &record.trial_record.steps;
    assert_eq!(steps[0].result["HostedZone"]["Name"], "shop.internal.");
    assert_eq!(steps[0].result["VPCs"].as_array().unwrap().len(), 1);
    assert_eq!(steps[2].result["VPCs"].as_array().unwrap().len(), 2);
    let zone = route53.get_hosted_zone().id(&zone_id).send().await.unwrap();
    assert_eq!(zone.vpcs().len(), 1, "disassociated again");
    assert!(steps[4].result["HealthCheckObservations"].is_array());
}

/// moto's MSK answers DescribeCluster with timestamps the SDK refuses, and
/// has no bootstrap brokers or reboots: those run against FakeAws.
#[tokio::test(flavor = "multi_thread")]
async fn msk_clusters_are_deleted() {
    let region = "us-east-2";
    let kafka = aws_sdk_kafka::Client::new(&sdk_config(region).await);
    let cluster = kafka
        .create_cluster()
        .cluster_name("events")
        .kafka_version("3.6.0")
        .number_of_broker_nodes(3)
        .broker_node_group_info(
            aws_sdk_kafka::types::BrokerNodeGroupInfo::builder()
                .instance_type("kafka.m5.large")
                .client_subnets("subnet-1")
                .client_subnets("subnet-2")
                .client_subnets("subnet-3")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let arn = cluster.cluster_arn().unwrap().to_string();
    let record = run_steps(vec![region_step(region, "delete", "aws.msk.delete_cluster", json!({"cluster_arn": arn}))]).await;
    assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result["ClusterArn"], json!(arn));
    let left = kafka.list_clusters().send().await.unwrap();
    assert!(left.cluster_info_list().is_empty(), "{left:?}");
}

