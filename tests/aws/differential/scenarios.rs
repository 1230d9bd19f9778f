//! The scenarios, per service, with each service's seed and state.

use super::state::*;
use crate::support::differential::{scenario, Scenario};
use aws_config::SdkConfig;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;

type Boxed<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// One service's scenarios, and how its twins are seeded (answering the
/// ids the scenarios name as `{name}`) and read back.
pub struct Service {
    pub name: &'static str,
    pub seed: fn(SdkConfig) -> Boxed<Value>,
    pub state: fn(SdkConfig) -> Boxed<Value>,
    pub scenarios: Vec<Scenario>,
}

/// A seed that draws no id the scenarios name.
fn no_ids(seed: impl Future<Output = ()> + Send + 'static) -> Boxed<Value> {
    Box::pin(async move {
        seed.await;
        json!({})
    })
}

pub fn scenarios() -> Vec<Service> {
    vec![
        Service {
            name: "s3",
            seed: |c| no_ids(seed_s3(c)),
            state: |c| Box::pin(s3_state(c)),
            scenarios: s3(),
        },
        Service {
            name: "iam",
            seed: |c| no_ids(seed_iam(c)),
            state: |c| Box::pin(iam_state(c)),
            scenarios: iam(),
        },
        Service {
            name: "lambda",
            seed: |c| Box::pin(seed_lambda(c)),
            state: |c| Box::pin(lambda_state(c)),
            scenarios: lambda(),
        },
        Service {
            name: "ssm",
            seed: |c| no_ids(seed_ssm(c)),
            state: |c| Box::pin(ssm_state(c)),
            scenarios: ssm(),
        },
        Service {
            name: "ec2",
            seed: |c| Box::pin(seed_ec2(c)),
            state: |c| Box::pin(ec2_state(c)),
            scenarios: ec2(),
        },
        Service {
            name: "rds",
            seed: |c| no_ids(seed_rds(c)),
            state: |c| Box::pin(rds_state(c)),
            scenarios: rds(),
        },
        Service {
            name: "asg",
            seed: |c| Box::pin(seed_asg(c)),
            state: |c| Box::pin(asg_state(c)),
            scenarios: asg(),
        },
        Service {
            name: "ecs",
            seed: |c| Box::pin(seed_ecs(c)),
            state: |c| Box::pin(ecs_state(c)),
            scenarios: ecs(),
        },
        Service {
            name: "elbv2",
            seed: |c| Box::pin(seed_elbv2(c)),
            state: |c| Box::pin(elbv2_state(c)),
            scenarios: elbv2(),
        },
        Service {
            name: "cloudwatch",
            seed: |c| no_ids(seed_events(c)),
            state: |c| Box::pin(events_state(c)),
            scenarios: cloudwatch_rules(),
        },
        Service {
            name: "elasticache",
            seed: |c| no_ids(seed_elasticache(c)),
            state: |c| Box::pin(elasticache_state(c)),
            scenarios: elasticache(),
        },
        Service {
            name: "eks",
            seed: |c| no_ids(seed_eks(c)),
            state: |c| Box::pin(eks_state(c)),
            scenarios: eks(),
        },
        Service {
            name: "emr",
            seed: |c| Box::pin(seed_emr(c)),
            state: |c| Box::pin(emr_state(c)),
            scenarios: emr(),
        },
        Service {
            name: "route53",
            seed: |c| Box::pin(seed_route53(c)),
            state: |c| Box::pin(route53_state(c)),
            scenarios: route53(),
        },
        Service {
            name: "fis",
            seed: |c| Box::pin(seed_fis(c)),
            state: |c| Box::pin(fis_state(c)),
            scenarios: fis(),
        },
        Service {
            name: "xray",
            seed: |c| no_ids(seed_xray(c)),
            state: |c| Box::pin(xray_state(c)),
            scenarios: vec![
                scenario(
                    "a service graph",
                    "aws.xray.get_service_graph",
                    json!({"start_time": 1699996400.0, "end_time": 1700000000.0}),
                ),
                scenario(
                    "a group's service graph",
                    "aws.xray.get_service_graph",
                    json!({"start_time": 1699996400.0, "end_time": 1700000000.0,
                           "group_name": null,
                           "group_arn": "arn:aws:xray:il-central-1:123456789012:group/Default/diff"}),
                ),
            ],
        },
        Service {
            name: "msk",
            seed: |c| Box::pin(seed_msk(c)),
            state: |c| Box::pin(msk_state(c)),
            scenarios: vec![scenario(
                "delete an MSK cluster",
                "aws.msk.delete_cluster",
                json!({"cluster_arn": "{cluster}"}),
            )],
        },
    ]
}

fn s3() -> Vec<Scenario> {
    vec![
        scenario(
            "a bucket that exists",
            "aws.s3.bucket_exists",
            json!({"bucket_name": BUCKET}),
        ),
        scenario(
            "a bucket that does not exist",
            "aws.s3.bucket_exists",
            json!({"bucket_name": "nowhere"}),
        ),
        scenario(
            "an object that exists",
            "aws.s3.object_exists",
            json!({"bucket_name": BUCKET, "object_key": KEYS[0]}),
        ),
        scenario(
            "an object that does not exist",
            "aws.s3.object_exists",
            json!({"bucket_name": BUCKET, "object_key": "logs/none.txt"}),
        ),
        scenario(
            "delete an object",
            "aws.s3.delete_object",
            json!({"bucket_name": BUCKET, "object_key": KEYS[1]}),
        ),
        scenario(
            "delete an object that does not exist",
            "aws.s3.delete_object",
            json!({"bucket_name": BUCKET, "object_key": "logs/none.txt"}),
        ),
        scenario(
            "enable versioning",
            "aws.s3.toggle_versioning",
            json!({"bucket_name": BUCKET, "status": "Enabled"}),
        ),
        // Without a status, both read the bucket's versioning first, which
        // moto answers under a root the SDK refuses (GetBucketVersioning):
        // FakeAws serves that case (`fake.rs`).
    ]
}

fn policy_arn(name: &str) -> String {
    format!("arn:aws:iam::123456789012:policy/{name}")
}

fn iam() -> Vec<Scenario> {
    let policy: Value = serde_json::from_str(POLICY_DOCUMENT).unwrap();
    vec![
        scenario(
            "read a policy",
            "aws.iam.get_policy",
            json!({"arn": policy_arn("diff-read")}),
        ),
        scenario(
            "read a missing policy",
            "aws.iam.get_policy",
            json!({"arn": policy_arn("nowhere")}),
        ),
        scenario(
            "create a policy",
            "aws.iam.create_policy",
            json!({"name": "diff-new", "policy": policy, "description": "made side by side"}),
        ),
        scenario(
            "attach a policy to a role",
            "aws.iam.attach_role_policy",
            json!({"arn": policy_arn("diff-read"), "role_name": ROLE}),
        ),
        scenario(
            "detach a policy from a role",
            "aws.iam.detach_role_policy",
            json!({"arn": policy_arn("diff-attached"), "role_name": ROLE}),
        ),
    ]
}

fn lambda() -> Vec<Scenario> {
    let (plain, capped, chaotic) = (FUNCTIONS[0], FUNCTIONS[1], FUNCTIONS[2]);
    vec![
        scenario(
            "a function's timeout",
            "aws.lambda.get_function_timeout",
            json!({"function_name": plain}),
        ),
        scenario(
            "a function's memory",
            "aws.lambda.get_function_memory_size",
            json!({"function_name": plain}),
        ),
        scenario(
            "a capped function's concurrency",
            "aws.lambda.get_function_concurrency",
            json!({"function_name": capped}),
        ),
        scenario(
            "an uncapped function's concurrency",
            "aws.lambda.get_function_concurrency",
            json!({"function_name": plain}),
        ),
        scenario(
            "set a function's timeout",
            "aws.lambda.put_function_timeout",
            json!({"function_name": plain, "timeout": 9}),
        ),
        scenario(
            "set a function's memory",
            "aws.lambda.put_function_memory_size",
            json!({"function_name": plain, "memory_size": 256}),
        ),
        scenario(
            "cap a function's concurrency",
            "aws.lambda.put_function_concurrency",
            json!({"function_name": plain, "concurrent_executions": 2}),
        ),
        scenario(
            "uncap a function's concurrency",
            "aws.lambda.delete_function_concurrency",
            json!({"function_name": capped}),
        ),
        scenario(
            "a function's event source mappings",
            "aws.lambda.list_event_source_mapping",
            json!({"function_name": plain}),
        ),
        scenario(
            "add latency",
            "aws.lambda.add_latency",
            json!({"function_name": plain, "latency": 2, "probability": 0.5, "layer": CHAOS_LAYER}),
        ),
        // A layer moto does not have is not compared: moto applies the
        // environment before it refuses the layer, so the SDK's order of
        // fields (environment first) leaves a state Lambda would not.
        scenario(
            "add latency to a function that does not exist",
            "aws.lambda.add_latency",
            json!({"function_name": "nowhere", "layer": CHAOS_LAYER}),
        ),
        scenario(
            "add errors",
            "aws.lambda.add_error",
            json!({"function_name": plain, "body": "{\"statusCode\": 503}", "layer": CHAOS_LAYER}),
        ),
        scenario(
            "remove latency",
            "aws.lambda.remove_latency",
            json!({"function_name": chaotic, "layer": CHAOS_LAYER}),
        ),
        scenario(
            "remove errors",
            "aws.lambda.remove_error",
            json!({"function_name": chaotic, "layer": CHAOS_LAYER}),
        ),
        scenario(
            "add a layer",
            "aws.lambda.add_layer",
            json!({"function_name": plain, "layer": OTHER_LAYER}),
        ),
        scenario(
            "add a layer that does not exist",
            "aws.lambda.add_layer",
            json!({"function_name": plain, "layer": "arn:aws:lambda:il-central-1:123456789012:layer:nowhere:1"}),
        ),
        scenario(
            "remove a function's only layer",
            "aws.lambda.remove_layer",
            json!({"function_name": chaotic, "layer": CHAOS_LAYER}),
        ),
        scenario(
            "remove a layer a function does not have",
            "aws.lambda.remove_layer",
            json!({"function_name": chaotic, "layer": OTHER_LAYER}),
        ),
        scenario(
            "disable an event source mapping",
            "aws.lambda.toggle_event_source_mapping_state",
            json!({"event_uuid": "{mapping}", "enabled": false}),
        ),
        scenario(
            "enable an event source mapping",
            "aws.lambda.toggle_event_source_mapping_state",
            json!({"event_uuid": "{mapping}", "enabled": true}),
        ),
        scenario(
            "delete an event source mapping",
            "aws.lambda.delete_event_source_mapping",
            json!({"event_uuid": "{mapping}"}),
        ),
        scenario(
            "invoke a function",
            "aws.lambda.invoke_function",
            json!({"function_name": plain, "function_arguments": {"order": 7}}),
        ),
        scenario(
            "invoke a function and not wait",
            "aws.lambda.invoke_function",
            json!({"function_name": plain, "invocation_type": "Event"}),
        ),
        scenario(
            "invoke a function that does not exist",
            "aws.lambda.invoke_function",
            json!({"function_name": "nowhere", "function_arguments": {"order": 7}}),
        ),
    ]
}

/// The SSM document's content, as a file for the `path_content` argument.
fn document_file() -> String {
    let path = std::env::temp_dir().join(format!(
        "kallisti-aws-differential-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, DOCUMENT_CONTENT).unwrap();
    path.to_string_lossy().into_owned()
}

fn ssm() -> Vec<Scenario> {
    vec![
        scenario(
            "put a parameter",
            "aws.ssm.put_parameter",
            json!({"name": "/diff/new", "value": "on", "type": "String"}),
        ),
        scenario(
            "overwrite a parameter",
            "aws.ssm.put_parameter",
            json!({"name": PARAMETER, "value": "prod", "type": "String", "overwrite": true}),
        ),
        scenario(
            "create a document",
            "aws.ssm.create_document",
            json!({"path_content": document_file(), "name": "diff-new-doc",
                   "document_type": "Command", "document_format": "JSON"}),
        ),
        scenario(
            "create a document with a version name",
            "aws.ssm.create_document",
            json!({"path_content": document_file(), "name": "diff-named-doc",
                   "version_name": "v1", "document_type": "Command", "document_format": "JSON"}),
        ),
        scenario(
            "delete a document",
            "aws.ssm.delete_document",
            json!({"name": DOCUMENT}),
        ),
        scenario(
            "send a command to tagged instances",
            "aws.ssm.send_command",
            json!({"document_name": "AWS-RunShellScript",
                   "targets": [{"Key": "tag:role", "Values": ["web"]}],
                   "document_version": "$DEFAULT", "parameters": {"commands": ["echo chaos"]},
                   "timeout_seconds": 60, "max_concurrency": "1", "max_errors": "0"}),
        ),
        scenario(
            "send a command that reaches no instance",
            "aws.ssm.send_command",
            json!({"document_name": DOCUMENT,
                   "targets": [{"Key": "tag:role", "Values": ["none"]}],
                   "document_version": "1", "parameters": {},
                   "timeout_seconds": 30, "max_concurrency": "1", "max_errors": "0"}),
        ),
        scenario(
            "send a command with the defaults",
            "aws.ssm.send_command",
            json!({"document_name": "AWS-RunShellScript",
                   "targets": [{"Key": "tag:role", "Values": ["web"]}]}),
        ),
    ]
}

fn team() -> Value {
    json!([{"Name": "tag:team", "Values": ["diff"]}])
}

fn ec2() -> Vec<Scenario> {
    let running = json!([{"Name": "instance-state-name", "Values": ["running"]}]);
    vec![
        scenario(
            "describe the running instances",
            "aws.ec2.describe_instances",
            json!({"filters": running}),
        ),
        scenario(
            "count the team's instances",
            "aws.ec2.count_instances",
            json!({"filters": team()}),
        ),
        scenario(
            "at least two of the team's instances",
            "aws.ec2.count_min_instances",
            json!({"filters": team(), "min_count": 2}),
        ),
        scenario(
            "an instance is running",
            "aws.ec2.instance_state",
            json!({"state": "running", "instance_ids": [RUNNING]}),
        ),
        scenario(
            "a stopped instance is not running",
            "aws.ec2.instance_state",
            json!({"state": "running", "instance_ids": [STOPPED]}),
        ),
        scenario(
            "stop an instance",
            "aws.ec2.stop_instance",
            json!({"instance_id": RUNNING}),
        ),
        scenario(
            "stop instances",
            "aws.ec2.stop_instances",
            json!({"instance_ids": [RUNNING]}),
        ),
        scenario(
            "start instances",
            "aws.ec2.start_instances",
            json!({"instance_ids": [STOPPED]}),
        ),
        scenario(
            "restart instances",
            "aws.ec2.restart_instances",
            json!({"instance_ids": [RUNNING]}),
        ),
        scenario(
            "terminate an instance",
            "aws.ec2.terminate_instance",
            json!({"instance_id": RUNNING}),
        ),
        scenario(
            "terminate instances",
            "aws.ec2.terminate_instances",
            json!({"instance_ids": [STOPPED]}),
        ),
        scenario(
            "tag the team's instances",
            "aws.ec2.set_tags_on_instances",
            json!({"tags": [{"Key": "chaos", "Value": "on"}], "filters": team()}),
        ),
        scenario(
            "untag the team's instances",
            "aws.ec2.remove_tags_from_instances",
            json!({"tags": [{"Key": "team", "Value": "diff"}]}),
        ),
        scenario(
            "untag the team's instances in a zone",
            "aws.ec2.remove_tags_from_instances",
            json!({"tags": [{"Key": "team", "Value": "diff"}], "az": "il-central-1b"}),
        ),
        scenario(
            "detach an instance's data volume",
            "aws.ec2.detach_random_volume",
            json!({"instance_ids": [RUNNING]}),
        ),
        scenario(
            "detach the team's data volumes",
            "aws.ec2.detach_random_volume",
            json!({"filters": team(), "force": false}),
        ),
        scenario(
            "detach with nothing to pick from",
            "aws.ec2.detach_random_volume",
            json!({}),
        ),
        scenario(
            "attach the detached volumes",
            "aws.ec2.attach_volume",
            json!({}),
        ),
        scenario(
            "attach an instance's detached volume",
            "aws.ec2.attach_volume",
            json!({"instance_ids": [RUNNING]}),
        ),
        scenario(
            "attach another instance's detached volume",
            "aws.ec2.attach_volume",
            json!({"instance_ids": [STOPPED]}),
        ),
        scenario(
            "stop the team's instances in steps",
            "aws.ec2.stop_instances_by_incremental_steps",
            json!({"volume": 100, "step_quantity": 2, "step_duration": 0,
                   "tags": {"team": "diff"}}),
        ),
        scenario(
            "stop a zone's instances in steps",
            "aws.ec2.stop_instances_by_incremental_steps",
            json!({"volume": 100, "step_quantity": 2, "step_duration": 0,
                   "az": "il-central-1a"}),
        ),
        scenario(
            "stop instances in steps in an empty zone",
            "aws.ec2.stop_instances_by_incremental_steps",
            json!({"volume": 100, "step_quantity": 1, "step_duration": 0,
                   "az": "il-central-1c"}),
        ),
    ]
}

fn rds() -> Vec<Scenario> {
    let members = json!([{"Name": "db-cluster-id", "Values": [CLUSTER]}]);
    vec![
        scenario(
            "a cluster's members",
            "aws.rds.cluster_membership_count",
            json!({"cluster_id": CLUSTER}),
        ),
        scenario(
            "a cluster's status",
            "aws.rds.cluster_status",
            json!({"cluster_id": CLUSTER}),
        ),
        scenario(
            "an instance's status",
            "aws.rds.instance_status",
            json!({"instance_id": SOLO}),
        ),
        scenario(
            "a cluster's instances' status",
            "aws.rds.instance_status",
            json!({"filters": members}),
        ),
        scenario(
            "fail over to a reader",
            "aws.rds.failover_db_cluster",
            json!({"db_cluster_identifier": CLUSTER, "target_db_instance_identifier": CLUSTER_INSTANCES[1]}),
        ),
        scenario(
            "fail over anywhere",
            "aws.rds.failover_db_cluster",
            json!({"db_cluster_identifier": CLUSTER}),
        ),
        scenario(
            "reboot a database instance",
            "aws.rds.reboot_db_instance",
            json!({"db_instance_identifier": SOLO}),
        ),
        scenario(
            "stop a database instance",
            "aws.rds.stop_db_instance",
            json!({"db_instance_identifier": SOLO}),
        ),
        scenario(
            "stop a cluster",
            "aws.rds.stop_db_cluster",
            json!({"db_cluster_identifier": CLUSTER}),
        ),
        scenario(
            "delete a database instance",
            "aws.rds.delete_db_instance",
            json!({"db_instance_identifier": SOLO, "skip_final_snapshot": true}),
        ),
        scenario(
            "delete a cluster with members",
            "aws.rds.delete_db_cluster",
            json!({"db_cluster_identifier": CLUSTER, "skip_final_snapshot": true}),
        ),
    ]
}

fn team_tags() -> Value {
    json!([{"Key": "team", "Value": "diff"}])
}

fn asg() -> Vec<Scenario> {
    let names = json!([GROUP]);
    let launch = json!(["Launch"]);
    vec![
        scenario(
            "describe a group",
            "aws.asg.describe_auto_scaling_groups",
            json!({"asg_names": names}),
        ),
        scenario(
            "describe groups by tag",
            "aws.asg.describe_auto_scaling_groups",
            json!({"tags": team_tags()}),
        ),
        scenario(
            "a group is as desired",
            "aws.asg.desired_equals_healthy",
            json!({"asg_names": names}),
        ),
        scenario(
            "tagged groups are as desired",
            "aws.asg.desired_equals_healthy_tags",
            json!({"tags": team_tags()}),
        ),
        scenario(
            "tagged groups are scaling",
            "aws.asg.is_scaling_in_progress",
            json!({"tags": team_tags()}),
        ),
        scenario(
            "a process is not suspended",
            "aws.asg.process_is_suspended",
            json!({"asg_names": names, "process_names": launch}),
        ),
        scenario(
            "healthy instances",
            "aws.asg.instance_count_by_health",
            json!({"asg_names": names}),
        ),
        scenario(
            "wait for a group as desired",
            "aws.asg.wait_desired_equals_healthy",
            json!({"asg_names": names, "timeout": 5}),
        ),
        scenario(
            "suspend a process",
            "aws.asg.suspend_processes",
            json!({"asg_names": names, "process_names": launch}),
        ),
        scenario(
            "resume processes",
            "aws.asg.resume_processes",
            json!({"asg_names": names}),
        ),
        scenario(
            "terminate an instance of a group",
            "aws.asg.terminate_random_instances",
            json!({"asg_names": names, "instance_count": 1}),
        ),
        scenario(
            "detach an instance from a group",
            "aws.asg.detach_random_instances",
            json!({"asg_names": names, "instance_count": 1, "decrement_capacity": true}),
        ),
        scenario(
            "stop a group's instances in a zone",
            "aws.asg.stop_random_instances",
            json!({"asg_names": names, "az": "il-central-1a"}),
        ),
        scenario(
            "stop a group's instances in an empty zone",
            "aws.asg.stop_random_instances",
            json!({"asg_names": names, "az": "il-central-1c"}),
        ),
        scenario(
            "stop all of a group's instances",
            "aws.asg.stop_random_instances",
            json!({"tags": team_tags(), "instance_count": 2}),
        ),
        scenario(
            "stop more instances than a group has",
            "aws.asg.stop_random_instances",
            json!({"asg_names": names, "instance_count": 3}),
        ),
        scenario(
            "a group is in its subnet",
            "aws.asg.has_subnets",
            json!({"asg_names": [VOLUME_GROUP], "subnets": ["{subnet_a}"]}),
        ),
        scenario(
            "a group is not in other subnets",
            "aws.asg.has_subnets",
            json!({"tags": [{"Key": "team", "Value": "vol"}], "subnets": ["{subnet_a}", "{subnet_b}"]}),
        ),
        scenario(
            "the subnets of a group placed by zone",
            "aws.asg.has_subnets",
            json!({"asg_names": names, "subnets": ["{subnet_a}"]}),
        ),
        scenario(
            "move a group to other subnets",
            "aws.asg.change_subnets",
            json!({"asg_names": [VOLUME_GROUP], "subnets": ["{subnet_a}", "{subnet_b}"]}),
        ),
        scenario(
            "wait for tagged groups as desired",
            "aws.asg.wait_desired_equals_healthy_tags",
            json!({"tags": team_tags(), "timeout": 5}),
        ),
        scenario(
            "wait for tagged groups not as desired",
            "aws.asg.wait_desired_not_equals_healthy_tags",
            json!({"tags": team_tags(), "timeout": 1}),
        ),
        scenario(
            "detach a data volume from a group's instances",
            "aws.asg.detach_random_volume",
            json!({"asg_names": [VOLUME_GROUP]}),
        ),
        scenario(
            "detach a volume from instances without one",
            "aws.asg.detach_random_volume",
            json!({"tags": team_tags(), "force": false}),
        ),
        scenario(
            "attach a group's detached volume",
            "aws.asg.attach_volume",
            json!({"asg_names": [VOLUME_GROUP]}),
        ),
        scenario(
            "attach no volume to another group",
            "aws.asg.attach_volume",
            json!({"asg_names": names}),
        ),
    ]
}

fn ecs() -> Vec<Scenario> {
    let service = json!({"cluster": ECS_CLUSTER, "service": SERVICE});
    vec![
        scenario(
            "describe a cluster",
            "aws.ecs.describe_cluster",
            json!({"cluster": ECS_CLUSTER}),
        ),
        scenario(
            "describe a service",
            "aws.ecs.describe_service",
            service.clone(),
        ),
        scenario(
            "a service's tasks all run",
            "aws.ecs.are_all_desired_tasks_running",
            service.clone(),
        ),
        scenario(
            "a service is deploying",
            "aws.ecs.service_is_deploying",
            service.clone(),
        ),
        scenario(
            "describe a cluster's tasks",
            "aws.ecs.describe_tasks",
            json!({"cluster": ECS_CLUSTER}),
        ),
    ]
    .into_iter()
    .chain(ecs_changes())
    .collect()
}

/// The ECS actions that change something.
fn ecs_changes() -> Vec<Scenario> {
    let service = json!({"cluster": ECS_CLUSTER, "service": SERVICE});
    let with = |extra: Value| {
        let mut arguments = service.clone();
        arguments
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        arguments
    };
    let arn = format!(
        "arn:aws:ecs:{}:123456789012:cluster/{ECS_CLUSTER}",
        super::REGION
    );
    vec![
        scenario(
            "scale a service",
            "aws.ecs.update_desired_count",
            with(json!({"desired_count": 3})),
        ),
        scenario(
            "set a service's deployment configuration",
            "aws.ecs.set_service_deployment_configuration",
            with(json!({"maximum_percent": 150, "minimum_healthy_percent": 50})),
        ),
        scenario(
            "spread a service",
            "aws.ecs.set_service_placement_strategy",
            with(
                json!({"placement_type": "spread", "placement_field": "attribute:ecs.availability-zone"}),
            ),
        ),
        scenario(
            "tag a cluster",
            "aws.ecs.tag_resource",
            json!({"resource_arn": arn, "tags": [{"key": "chaos", "value": "on"}]}),
        ),
        scenario(
            "untag a cluster",
            "aws.ecs.untag_resource",
            json!({"resource_arn": arn, "tag_keys": ["chaos"]}),
        ),
        scenario(
            "stop a task at random",
            "aws.ecs.stop_random_tasks",
            json!({"cluster": ECS_CLUSTER, "task_count": 1, "reason": "chaos"}),
        ),
        scenario(
            "delete a service",
            "aws.ecs.delete_service",
            service.clone(),
        ),
        scenario(
            "delete an empty cluster",
            "aws.ecs.delete_cluster",
            json!({"cluster": EMPTY_CLUSTER}),
        ),
        scenario(
            "stop a task",
            "aws.ecs.stop_task",
            json!({"cluster": ECS_CLUSTER, "task_id": "{task}", "reason": "side by side"}),
        ),
        scenario(
            "stop one of a service's tasks",
            "aws.ecs.stop_task",
            json!({"cluster": ECS_CLUSTER, "service": SERVICE}),
        ),
        scenario(
            "stop a task of a service that does not exist",
            "aws.ecs.stop_task",
            json!({"cluster": ECS_CLUSTER, "service": "nowhere"}),
        ),
        scenario(
            "deregister a container instance",
            "aws.ecs.deregister_container_instance",
            json!({"cluster": ECS_CLUSTER, "instance_id": "{container_a}", "force": true}),
        ),
        scenario(
            "drain container instances",
            "aws.ecs.update_container_instances_state",
            json!({"cluster": ECS_CLUSTER, "container_instances": ["{container_a}", "{container_b}"],
                   "status": "DRAINING"}),
        ),
    ]
}

/// The load balancer's and security groups' ids are moto's own, different
/// on each twin: the scenarios name target groups and balancers by name.
fn elbv2() -> Vec<Scenario> {
    vec![
        scenario(
            "a group's targets are healthy",
            "aws.elbv2.all_targets_healthy",
            json!({"tg_names": [TARGETS]}),
        ),
        scenario(
            "a group's targets by health",
            "aws.elbv2.targets_health_count",
            json!({"tg_names": [TARGETS]}),
        ),
        scenario(
            "deregister a target",
            "aws.elbv2.deregister_target",
            json!({"tg_name": TARGETS}),
        ),
        scenario(
            "delete a load balancer",
            "aws.elbv2.delete_load_balancer",
            json!({"load_balancer_names": [BALANCER]}),
        ),
        scenario(
            "access logs are off",
            "aws.elbv2.is_access_log_enabled",
            json!({"load_balancer_arn": "{balancer}"}),
        ),
        scenario(
            "turn access logs on",
            "aws.elbv2.enable_access_log",
            json!({"load_balancer_arn": "{balancer}", "enable": true, "bucket_name": LOG_BUCKET}),
        ),
        scenario(
            "turn access logs off",
            "aws.elbv2.enable_access_log",
            json!({"load_balancer_arn": "{balancer}"}),
        ),
        scenario(
            "turn access logs on without a bucket",
            "aws.elbv2.enable_access_log",
            json!({"load_balancer_arn": "{balancer}", "enable": true}),
        ),
        scenario(
            "set a balancer's security groups",
            "aws.elbv2.set_security_groups",
            json!({"load_balancer_names": [BALANCER], "security_group_ids": ["{group}"]}),
        ),
        scenario(
            "set a balancer's security groups to one that does not exist",
            "aws.elbv2.set_security_groups",
            json!({"load_balancer_names": [BALANCER], "security_group_ids": ["sg-0123456789abcdef0"]}),
        ),
        scenario(
            "move a balancer to other subnets",
            "aws.elbv2.set_subnets",
            json!({"load_balancer_names": [BALANCER], "subnet_ids": ["{subnet_a}", "{subnet_c}"]}),
        ),
        scenario(
            "move a balancer that does not exist",
            "aws.elbv2.set_subnets",
            json!({"load_balancer_names": ["nowhere"], "subnet_ids": ["{subnet_a}"]}),
        ),
    ]
}

/// The rule actions (EventBridge's); CloudWatch's own are moto gaps.
fn cloudwatch_rules() -> Vec<Scenario> {
    let (rule, bare) = (RULES[0], RULES[1]);
    let target = json!([{"Id": "diff-added", "Arn": RULE_TARGET}]);
    vec![
        scenario(
            "put a scheduled rule",
            "aws.cloudwatch.put_rule",
            json!({"rule_name": "diff-new", "schedule_expression": "rate(1 hour)", "state": "ENABLED"}),
        ),
        scenario(
            "add a target to a rule",
            "aws.cloudwatch.put_rule_targets",
            json!({"rule_name": bare, "targets": target}),
        ),
        scenario(
            "disable a rule",
            "aws.cloudwatch.disable_rule",
            json!({"rule_name": rule}),
        ),
        scenario(
            "enable a rule",
            "aws.cloudwatch.enable_rule",
            json!({"rule_name": bare}),
        ),
        scenario(
            "delete a rule and its targets",
            "aws.cloudwatch.delete_rule",
            json!({"rule_name": rule, "force": true}),
        ),
        scenario(
            "delete a rule without targets",
            "aws.cloudwatch.delete_rule",
            json!({"rule_name": bare}),
        ),
        scenario(
            "remove a rule's targets",
            "aws.cloudwatch.remove_rule_targets",
            json!({"rule_name": rule, "target_ids": ["diff-target"]}),
        ),
    ]
}

fn eks() -> Vec<Scenario> {
    vec![
        scenario(
            "describe an EKS cluster",
            "aws.eks.describe_cluster",
            json!({"name": EKS_CLUSTER}),
        ),
        scenario(
            "describe a missing EKS cluster",
            "aws.eks.describe_cluster",
            json!({"name": "nowhere"}),
        ),
        scenario("list EKS clusters", "aws.eks.list_clusters", json!({})),
        scenario(
            "delete an EKS cluster",
            "aws.eks.delete_cluster",
            json!({"name": EKS_CLUSTER}),
        ),
        scenario(
            "create an EKS cluster",
            "aws.eks.create_cluster",
            json!({"name": "diff-new", "role_arn": EKS_ROLE, "version": "1.31",
                   "vpc_config": {"subnetIds": ["subnet-3"]}}),
        ),
    ]
}

fn elasticache() -> Vec<Scenario> {
    let (cluster, spare) = (CACHE_CLUSTERS[0], CACHE_CLUSTERS[1]);
    vec![
        scenario(
            "describe a cache cluster",
            "aws.elasticache.describe_cache_cluster",
            json!({"cluster_id": cluster, "show_node_info": true}),
        ),
        scenario(
            "describe a missing cache cluster",
            "aws.elasticache.describe_cache_cluster",
            json!({"cluster_id": "nowhere"}),
        ),
        scenario(
            "count a cache cluster's nodes",
            "aws.elasticache.get_cache_node_count",
            json!({"cluster_id": cluster}),
        ),
        scenario(
            "a cache cluster's status",
            "aws.elasticache.get_cache_node_status",
            json!({"cluster_id": cluster}),
        ),
        scenario(
            "count a replication group's clusters",
            "aws.elasticache.count_cache_clusters_from_replication_group",
            json!({"replication_group_id": CACHE_GROUP}),
        ),
        scenario(
            "delete cache clusters",
            "aws.elasticache.delete_cache_clusters",
            json!({"cluster_ids": [cluster, spare]}),
        ),
        scenario(
            "delete a replication group",
            "aws.elasticache.delete_replication_groups",
            json!({"group_ids": [CACHE_GROUP]}),
        ),
    ]
}

fn emr() -> Vec<Scenario> {
    let (cluster, core) = ("{cluster}", "{core}");
    vec![
        scenario(
            "describe an EMR cluster",
            "aws.emr.describe_cluster",
            json!({"cluster_id": cluster}),
        ),
        scenario(
            "describe an EMR cluster that does not exist",
            "aws.emr.describe_cluster",
            json!({"cluster_id": "j-NOWHERE"}),
        ),
        scenario(
            "describe an instance group",
            "aws.emr.describe_instance_group",
            json!({"cluster_id": cluster, "group_id": core}),
        ),
        scenario(
            "describe an instance group that does not exist",
            "aws.emr.describe_instance_group",
            json!({"cluster_id": cluster, "group_id": "ig-NOWHERE"}),
        ),
        scenario(
            "a group's instances",
            "aws.emr.list_cluster_group_instances",
            json!({"cluster_id": cluster, "group_id": core}),
        ),
        scenario(
            "a group's running core instances",
            "aws.emr.list_cluster_group_instances",
            json!({"cluster_id": cluster, "group_id": core, "group_type": "CORE",
                   "instance_states": ["RUNNING"]}),
        ),
        // moto lists a cluster's instances whatever fleet is asked for.
        scenario(
            "a fleet's instances",
            "aws.emr.list_cluster_fleet_instances",
            json!({"cluster_id": cluster, "fleet_id": "if-NOWHERE"}),
        ),
        scenario(
            "set a cluster's step concurrency",
            "aws.emr.modify_cluster",
            json!({"cluster_id": cluster, "concurrency": 4}),
        ),
        scenario(
            "resize an instance group",
            "aws.emr.modify_instance_groups_instance_count",
            json!({"cluster_id": cluster, "group_id": core, "instance_count": 3}),
        ),
        scenario(
            "resize an instance group that does not exist",
            "aws.emr.modify_instance_groups_instance_count",
            json!({"cluster_id": cluster, "group_id": "ig-NOWHERE", "instance_count": 3}),
        ),
    ]
}

fn route53() -> Vec<Scenario> {
    let region = "il-central-1";
    vec![
        scenario(
            "a private hosted zone",
            "aws.route53.get_hosted_zone",
            json!({"zone_id": "{private}"}),
        ),
        scenario(
            "a public hosted zone",
            "aws.route53.get_hosted_zone",
            json!({"zone_id": "/hostedzone/{public}"}),
        ),
        scenario(
            "a hosted zone that does not exist",
            "aws.route53.get_hosted_zone",
            json!({"zone_id": "ZNOWHERE"}),
        ),
        scenario(
            "a health check's status",
            "aws.route53.get_health_check_status",
            json!({"check_id": "{check}"}),
        ),
        scenario(
            "a health check that does not exist",
            "aws.route53.get_health_check_status",
            json!({"check_id": "nowhere"}),
        ),
        scenario(
            "associate a VPC with a private zone",
            "aws.route53.associate_vpc_with_zone",
            json!({"zone_id": "{private}", "vpc_id": "{vpc_2}", "vpc_region": region,
                   "comment": "side by side"}),
        ),
        scenario(
            "associate a VPC with a public zone",
            "aws.route53.associate_vpc_with_zone",
            json!({"zone_id": "{public}", "vpc_id": "{vpc_2}", "vpc_region": region}),
        ),
        scenario(
            "disassociate a zone's last VPC",
            "aws.route53.disassociate_vpc_from_zone",
            json!({"zone_id": "{private}", "vpc_id": "{vpc_1}", "vpc_region": region}),
        ),
    ]
}

fn fis() -> Vec<Scenario> {
    let role = "arn:aws:iam::123456789012:role/diff-fis";
    let logs = "arn:aws:logs:il-central-1:123456789012:log-group:diff-fis";
    vec![
        scenario(
            "start an experiment",
            "aws.fis.start_experiment",
            json!({"experiment_template_id": "{t2}", "client_token": "diff-start",
                   "tags": {"k": "x"}}),
        ),
        scenario(
            "start an experiment of a template that does not exist",
            "aws.fis.start_experiment",
            json!({"experiment_template_id": "nowhere"}),
        ),
        scenario(
            "stop an experiment",
            "aws.fis.stop_experiment",
            json!({"experiment_id": "{e1}"}),
        ),
        scenario(
            "stop a stopped experiment",
            "aws.fis.stop_experiment",
            json!({"experiment_id": "{e3}"}),
        ),
        scenario(
            "stop an experiment that does not exist",
            "aws.fis.stop_experiment",
            json!({"experiment_id": "nowhere"}),
        ),
        scenario(
            "stop experiments by tags",
            "aws.fis.stop_experiments_by_tags",
            json!({"tags": {"k": "v"}}),
        ),
        scenario(
            "stop experiments by tags and delete their templates",
            "aws.fis.stop_experiments_by_tags",
            json!({"tags": {"k": "v"}, "delete_templates": true}),
        ),
        scenario(
            "stop experiments by tags none carries",
            "aws.fis.stop_experiments_by_tags",
            json!({"tags": {"nothing": "x"}}),
        ),
        scenario(
            "start a pod deletion scenario",
            "aws.fis.start_stress_pod_delete_scenario",
            json!({"label_selector": "app=cart", "tags": {"k": "pods"}, "role_arn": role,
                   "log_group_arn": logs, "cluster_identifier": "diff-eks",
                   "client_token": "diff-pods"}),
        ),
        scenario(
            "start an AZ power interruption with a role",
            "aws.fis.start_availability_zone_power_interruption_scenario",
            json!({"az": "il-central-1a", "role_arn": role, "tags": {"k": "az"},
                   "log_group_arn": logs, "client_token": "diff-az"}),
        ),
        scenario(
            "restore after an AZ power interruption",
            "aws.fis.restore_availability_zone_power_after_interruption",
            json!({"tags": {"k": "v"}, "delete_roles_and_policies": false}),
        ),
    ]
}
