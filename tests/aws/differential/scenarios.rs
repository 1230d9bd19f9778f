//! The scenarios, per service, with each service's seed and state.

use super::state::*;
use crate::support::differential::{scenario, Scenario};
use aws_config::SdkConfig;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;

type Boxed<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// One service's scenarios, and how its twins are seeded and read back.
pub struct Service {
    pub name: &'static str,
    pub seed: fn(SdkConfig) -> Boxed<()>,
    pub state: fn(SdkConfig) -> Boxed<Value>,
    pub scenarios: Vec<Scenario>,
}

pub fn scenarios() -> Vec<Service> {
    vec![
        Service {
            name: "s3",
            seed: |c| Box::pin(seed_s3(c)),
            state: |c| Box::pin(s3_state(c)),
            scenarios: s3(),
        },
        Service {
            name: "iam",
            seed: |c| Box::pin(seed_iam(c)),
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
            seed: |c| Box::pin(seed_ssm(c)),
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
            seed: |c| Box::pin(seed_rds(c)),
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
            seed: |c| Box::pin(seed_events(c)),
            state: |c| Box::pin(events_state(c)),
            scenarios: cloudwatch_rules(),
        },
        Service {
            name: "elasticache",
            seed: |c| Box::pin(seed_elasticache(c)),
            state: |c| Box::pin(elasticache_state(c)),
            scenarios: elasticache(),
        },
        Service {
            name: "eks",
            seed: |c| Box::pin(seed_eks(c)),
            state: |c| Box::pin(eks_state(c)),
            scenarios: eks(),
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
    let (plain, capped) = (FUNCTIONS[0], FUNCTIONS[1]);
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
