//! What each service's twins are seeded with, and the state read back after
//! a scenario (the parts the actions change, as JSON, ids chosen by the seed).

use crate::support::moto::{lambda_function, tagged_group, vpc_with_subnets};
use aws_config::SdkConfig;
use serde_json::{json, Value};

/// The seed's bucket, and the keys in it.
pub const BUCKET: &str = "kallisti-diff";
pub const KEYS: [&str; 2] = ["logs/a.txt", "logs/b.txt"];

fn s3_client(config: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(config)
            .force_path_style(true)
            .build(),
    )
}

/// Makes bucket `name` in the configuration's region; answers the client.
async fn bucket(config: &SdkConfig, name: &str) -> aws_sdk_s3::Client {
    let s3 = s3_client(config);
    let region = config.region().unwrap().to_string();
    s3.create_bucket()
        .bucket(name)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(
                    region.as_str(),
                ))
                .build(),
        )
        .send()
        .await
        .unwrap();
    s3
}

pub async fn seed_s3(config: SdkConfig) {
    let s3 = bucket(&config, BUCKET).await;
    for key in KEYS {
        s3.put_object()
            .bucket(BUCKET)
            .key(key)
            .body(aws_sdk_s3::primitives::ByteStream::from_static(b"chaos"))
            .send()
            .await
            .unwrap();
    }
}

pub async fn s3_state(config: SdkConfig) -> Value {
    let s3 = s3_client(&config);
    let buckets = s3.list_buckets().send().await.unwrap();
    let objects = s3.list_objects_v2().bucket(BUCKET).send().await.unwrap();
    // moto answers GetBucketVersioning under a root the SDK refuses: the
    // raw XML is read instead.
    let url = format!("{}/{BUCKET}?versioning", config.endpoint_url().unwrap());
    let versioning = reqwest::get(url).await.unwrap().text().await.unwrap();
    json!({
        "versioning": versioning,
        "buckets": buckets.buckets().iter().map(|b| b.name()).collect::<Vec<_>>(),
        "keys": objects.contents().iter().map(|o| o.key()).collect::<Vec<_>>(),
    })
}

/// The seed's role, and its policies: one attached to the role, one not.
pub const ROLE: &str = "diff-role";
pub const POLICY_DOCUMENT: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;

pub async fn seed_iam(config: SdkConfig) {
    let iam = aws_sdk_iam::Client::new(&config);
    iam.create_role()
        .role_name(ROLE)
        .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .send()
        .await
        .unwrap();
    for name in ["diff-read", "diff-attached"] {
        let policy = iam
            .create_policy()
            .policy_name(name)
            .policy_document(POLICY_DOCUMENT)
            .send()
            .await
            .unwrap();
        if name == "diff-attached" {
            iam.attach_role_policy()
                .role_name(ROLE)
                .policy_arn(policy.policy().unwrap().arn().unwrap())
                .send()
                .await
                .unwrap();
        }
    }
}

pub async fn iam_state(config: SdkConfig) -> Value {
    let iam = aws_sdk_iam::Client::new(&config);
    let policies = iam
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .send()
        .await
        .unwrap();
    let attached = iam
        .list_attached_role_policies()
        .role_name(ROLE)
        .send()
        .await
        .unwrap();
    let mut names: Vec<_> = policies
        .policies()
        .iter()
        .map(|p| p.policy_name())
        .collect();
    names.sort();
    json!({
        "policies": names,
        "attached": attached.attached_policies().iter().map(|p| p.policy_name()).collect::<Vec<_>>(),
    })
}

/// The seed's functions: one plain, one with reserved concurrency 5, one
/// with both of the chaos extension's faults on (its layer and settings).
pub const FUNCTIONS: [&str; 3] = ["diff-fn", "diff-capped", "diff-chaotic"];
/// The chaos extension's stand-in: a layer published in moto's account
/// (the driver's default layer lives in another account, which moto does
/// not know), and another layer.
pub const CHAOS_LAYER: &str = "arn:aws:lambda:il-central-1:123456789012:layer:chaos-ext:1";
pub const OTHER_LAYER: &str = "arn:aws:lambda:il-central-1:123456789012:layer:other:1";

/// The settings `add_latency` and `add_error` leave on a function.
const FAULTS: &[(&str, &str)] = &[
    ("STAGE", "test"),
    ("AWS_LAMBDA_EXEC_WRAPPER", "/opt/bootstrap"),
    ("CHAOSTOOLKIT_EXPERIMENT", "true"),
    ("CHAOS_EXTENSION__LAMBDA__ENABLE_LATENCY", "true"),
    ("CHAOS_EXTENSION__LAMBDA__LATENCY_VALUE", "2"),
    ("CHAOS_EXTENSION__LAMBDA__LATENCY_PROBABILITY", "0.5"),
    (
        "CHAOS_EXTENSION__RESPONSE__ENABLE_CHANGE_RESPONSE_BODY",
        "true",
    ),
    ("CHAOS_EXTENSION__RESPONSE__DEFAULT_RESPONSE", "{}"),
    (
        "CHAOS_EXTENSION__RESPONSE__CHANGE_RESPONSE_PROBABILITY",
        "0.5",
    ),
];

/// Seeds the functions, both layers and an SQS mapping of the plain
/// function (`mapping`: its UUID).
pub async fn seed_lambda(config: SdkConfig) -> Value {
    lambda_function(&config, FUNCTIONS[0], &[("STAGE", "test")]).await;
    let lambda = lambda_function(&config, FUNCTIONS[1], &[("STAGE", "test")]).await;
    lambda
        .put_function_concurrency()
        .function_name(FUNCTIONS[1])
        .reserved_concurrent_executions(5)
        .send()
        .await
        .unwrap();
    for layer in ["chaos-ext", "other"] {
        crate::support::moto::layer(&lambda, layer).await;
    }
    lambda_function(&config, FUNCTIONS[2], FAULTS).await;
    lambda
        .update_function_configuration()
        .function_name(FUNCTIONS[2])
        .layers(CHAOS_LAYER)
        .send()
        .await
        .unwrap();
    let region = config.region().unwrap().to_string();
    let url = config.endpoint_url().unwrap();
    let queue = crate::support::moto::sqs_queue(url, &region, "diff-queue").await;
    let mapping = lambda
        .create_event_source_mapping()
        .function_name(FUNCTIONS[0])
        .event_source_arn(queue)
        .send()
        .await
        .unwrap();
    json!({"mapping": mapping.uuid()})
}

pub async fn lambda_state(config: SdkConfig) -> Value {
    let lambda = aws_sdk_lambda::Client::new(&config);
    let mut functions = Vec::new();
    for name in FUNCTIONS {
        let f = lambda
            .get_function_configuration()
            .function_name(name)
            .send()
            .await
            .unwrap();
        let concurrency = lambda
            .get_function_concurrency()
            .function_name(name)
            .send()
            .await
            .unwrap();
        let environment: std::collections::BTreeMap<_, _> = f
            .environment()
            .and_then(|e| e.variables())
            .into_iter()
            .flatten()
            .collect();
        functions.push(json!({
            "name": name, "timeout": f.timeout(), "memory": f.memory_size(),
            "environment": environment,
            "layers": f.layers().iter().map(|l| l.arn()).collect::<Vec<_>>(),
            "concurrency": concurrency.reserved_concurrent_executions(),
        }));
    }
    let mappings = lambda.list_event_source_mappings().send().await.unwrap();
    json!({
        "functions": functions,
        "mappings": mappings.event_source_mappings().iter()
            .map(|m| json!([m.uuid(), m.state()]))
            .collect::<Vec<_>>(),
    })
}

/// The seed's parameter and document.
pub const PARAMETER: &str = "/diff/stage";
pub const DOCUMENT: &str = "diff-doc";
pub const DOCUMENT_CONTENT: &str = r#"{"schemaVersion":"2.2","description":"diff","mainSteps":[{"action":"aws:runShellScript","name":"run","inputs":{"runCommand":["true"]}}]}"#;

/// Seeds the parameter, the document and two instances tagged `role=web`
/// for commands to run on.
pub async fn seed_ssm(config: SdkConfig) {
    use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
    aws_sdk_ec2::Client::new(&config)
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(2)
        .max_count(2)
        .tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::Instance)
                .tags(Tag::builder().key("role").value("web").build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    let ssm = aws_sdk_ssm::Client::new(&config);
    ssm.put_parameter()
        .name(PARAMETER)
        .value("test")
        .r#type(aws_sdk_ssm::types::ParameterType::String)
        .send()
        .await
        .unwrap();
    ssm.create_document()
        .name(DOCUMENT)
        .content(DOCUMENT_CONTENT)
        .document_type(aws_sdk_ssm::types::DocumentType::Command)
        .document_format(aws_sdk_ssm::types::DocumentFormat::Json)
        .send()
        .await
        .unwrap();
}

pub async fn ssm_state(config: SdkConfig) -> Value {
    let ssm = aws_sdk_ssm::Client::new(&config);
    let parameters = ssm
        .get_parameters_by_path()
        .path("/")
        .recursive(true)
        .send()
        .await
        .unwrap();
    let documents = ssm
        .list_documents()
        .filters(
            aws_sdk_ssm::types::DocumentKeyValuesFilter::builder()
                .key("Owner")
                .values("Self")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let mut names: Vec<_> = documents
        .document_identifiers()
        .iter()
        .map(|d| d.name())
        .collect();
    names.sort();
    json!({
        "parameters": parameters.parameters().iter()
            .map(|p| json!([p.name(), p.value(), p.r#type().map(|t| t.as_str())]))
            .collect::<Vec<_>>(),
        "documents": names,
    })
}

/// The seed's instances (ids chosen through moto's `kallisti:instance-id`
/// tag): a running one and a stopped one, both tagged `team=diff`.
pub const RUNNING: &str = "i-0d1ff00000000000a";
pub const STOPPED: &str = "i-0d1ff00000000000b";

pub async fn seed_ec2(config: SdkConfig) -> Value {
    use aws_sdk_ec2::types::{
        BlockDeviceMapping, EbsBlockDevice, ResourceType, Tag, TagSpecification,
    };
    let ec2 = aws_sdk_ec2::Client::new(&config);
    for id in [RUNNING, STOPPED] {
        // The running one has a data volume besides its root.
        let data = BlockDeviceMapping::builder()
            .device_name("/dev/sdf")
            .ebs(EbsBlockDevice::builder().volume_size(8).build())
            .build();
        ec2.run_instances()
            .image_id("ami-12c6146b")
            .min_count(1)
            .max_count(1)
            .set_block_device_mappings((id == RUNNING).then(|| vec![data]))
            .tag_specifications(
                TagSpecification::builder()
                    .resource_type(ResourceType::Instance)
                    .tags(Tag::builder().key("kallisti:instance-id").value(id).build())
                    .tags(Tag::builder().key("team").value("diff").build())
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    ec2.stop_instances()
        .instance_ids(STOPPED)
        .send()
        .await
        .unwrap();
    json!({"detached": detached_volume(&ec2, RUNNING, None).await})
}

/// A volume left as the driver leaves one it detached from `instance`
/// (of group `group`, if any): tagged so that `attach_volume` finds it.
pub async fn detached_volume(
    ec2: &aws_sdk_ec2::Client,
    instance: &str,
    group: Option<&str>,
) -> String {
    use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
    let mut detached = format!("DeviceName=/dev/sdg;InstanceId={instance}");
    if let Some(group) = group {
        detached += &format!(";ASG={group}");
    }
    let volume = ec2
        .create_volume()
        .availability_zone("il-central-1a")
        .size(8)
        .tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::Volume)
                .tags(
                    Tag::builder()
                        .key("ChaosToolkitDetached")
                        .value(detached)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    volume.volume_id().unwrap().to_string()
}

pub async fn ec2_state(config: SdkConfig) -> Value {
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let out = ec2.describe_instances().send().await.unwrap();
    let mut instances: Vec<Value> = out
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .map(|i| {
            let mut tags: Vec<String> = i
                .tags()
                .iter()
                .map(|t| format!("{}={}", t.key().unwrap_or_default(), t.value().unwrap_or_default()))
                .collect();
            tags.sort();
            json!({"id": i.instance_id(), "state": i.state().and_then(|s| s.name()).map(|n| n.as_str()), "tags": tags})
        })
        .collect();
    instances.sort_by_key(|i| i["id"].to_string());
    json!({"instances": instances, "volumes": volumes(&ec2).await})
}

/// Each volume: the device it is attached as (or none) and its tags, in
/// order; not its id, which moto draws anew for each instance an action
/// launches.
pub async fn volumes(ec2: &aws_sdk_ec2::Client) -> Value {
    let out = ec2.describe_volumes().send().await.unwrap();
    let mut volumes: Vec<String> = out
        .volumes()
        .iter()
        .map(|v| {
            let attached: Vec<_> = v
                .attachments()
                .iter()
                .map(|a| a.device().unwrap_or_default())
                .collect();
            let tags: Vec<_> = v
                .tags()
                .iter()
                .map(|t| {
                    format!(
                        "{}={}",
                        t.key().unwrap_or_default(),
                        t.value().unwrap_or_default()
                    )
                })
                .collect();
            format!("attached as {attached:?}, tagged {tags:?}")
        })
        .collect();
    volumes.sort();
    json!(volumes)
}

/// The seed's Aurora cluster with its writer and reader, and a standalone
/// instance.
pub const CLUSTER: &str = "diff-db";
pub const CLUSTER_INSTANCES: [&str; 2] = ["diff-db-1", "diff-db-2"];
pub const SOLO: &str = "diff-solo";

pub async fn seed_rds(config: SdkConfig) {
    let rds = aws_sdk_rds::Client::new(&config);
    crate::moto::aurora(&rds, CLUSTER, &CLUSTER_INSTANCES).await;
    rds.create_db_instance()
        .db_instance_identifier(SOLO)
        .engine("postgres")
        .db_instance_class("db.t3.micro")
        .allocated_storage(20)
        .master_username("admin")
        .master_user_password("moto-password-1")
        .send()
        .await
        .unwrap();
}

pub async fn rds_state(config: SdkConfig) -> Value {
    let rds = aws_sdk_rds::Client::new(&config);
    let clusters = rds.describe_db_clusters().send().await.unwrap();
    let instances = rds.describe_db_instances().send().await.unwrap();
    json!({
        "clusters": clusters.db_clusters().iter().map(|c| json!({
            "id": c.db_cluster_identifier(), "status": c.status(),
            "members": c.db_cluster_members().iter()
                .map(|m| json!([m.db_instance_identifier(), m.is_cluster_writer()]))
                .collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "instances": instances.db_instances().iter()
            .map(|i| json!([i.db_instance_identifier(), i.db_instance_status()]))
            .collect::<Vec<_>>(),
    })
}

/// The seed's Auto Scaling group: two instances in one zone, tagged
/// `team=diff`.
pub const GROUP: &str = "diff-asg";

/// A second group, tagged `team=vol`, whose one instance has a data
/// volume besides its root.
pub const VOLUME_GROUP: &str = "diff-vol";

/// Seeds both groups, a VPC with subnets `subnet_a` (the volume group's)
/// and `subnet_b`, and a volume `detached` as the driver leaves one it
/// took from the volume group's instance.
pub async fn seed_asg(config: SdkConfig) -> Value {
    use aws_sdk_autoscaling::types::{BlockDeviceMapping, Ebs};
    let asg = aws_sdk_autoscaling::Client::new(&config);
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let region = config.region().unwrap().to_string();
    let zone = format!("{region}a");
    tagged_group(&asg, GROUP, 2, &zone, ("team", "diff")).await;
    let (_, subnets) = vpc_with_subnets(&ec2, &region, &['a', 'b']).await;
    // This one is placed by subnet, the other by zone.
    asg.create_launch_configuration()
        .launch_configuration_name(VOLUME_GROUP)
        .image_id("ami-12c6146b")
        .instance_type("t2.micro")
        .block_device_mappings(
            BlockDeviceMapping::builder()
                .device_name("/dev/sdf")
                .ebs(Ebs::builder().volume_size(8).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    asg.create_auto_scaling_group()
        .auto_scaling_group_name(VOLUME_GROUP)
        .launch_configuration_name(VOLUME_GROUP)
        .min_size(0)
        .max_size(2)
        .desired_capacity(1)
        .vpc_zone_identifier(&subnets[0])
        .tags(
            aws_sdk_autoscaling::types::Tag::builder()
                .key("team")
                .value("vol")
                .resource_id(VOLUME_GROUP)
                .resource_type("auto-scaling-group")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let groups = asg
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(VOLUME_GROUP)
        .send()
        .await
        .unwrap();
    let instance = groups.auto_scaling_groups()[0].instances()[0]
        .instance_id()
        .unwrap()
        .to_string();
    let detached = detached_volume(&ec2, &instance, Some(VOLUME_GROUP)).await;
    json!({"subnet_a": subnets[0], "subnet_b": subnets[1], "detached": detached})
}

pub async fn asg_state(config: SdkConfig) -> Value {
    let asg = aws_sdk_autoscaling::Client::new(&config);
    let out = asg.describe_auto_scaling_groups().send().await.unwrap();
    let groups: Vec<Value> = out
        .auto_scaling_groups()
        .iter()
        .map(|g| {
            let mut suspended: Vec<_> = g
                .suspended_processes()
                .iter()
                .map(|p| p.process_name())
                .collect();
            suspended.sort();
            json!({
                "name": g.auto_scaling_group_name(),
                "desired": g.desired_capacity(), "min": g.min_size(), "max": g.max_size(),
                "subnets": g.vpc_zone_identifier(),
                "instances": g.instances().iter()
                    .map(|i| json!([i.lifecycle_state().map(|s| s.as_str()), i.health_status()]))
                    .collect::<Vec<_>>(),
                "suspended": suspended,
            })
        })
        .collect();
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let stopped = ec2
        .describe_instances()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("instance-state-name")
                .values("stopping")
                .values("stopped")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let stopped = stopped
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .count();
    json!({"groups": groups, "stopped instances": stopped, "volumes": volumes(&ec2).await})
}

/// The seed's ECS clusters (one with a service and two tasks, one empty),
/// and the service.
pub const ECS_CLUSTER: &str = "diff-ecs";
pub const EMPTY_CLUSTER: &str = "diff-empty";
pub const SERVICE: &str = "diff-svc";

/// Seeds the clusters, and two EC2 instances registered as container
/// instances of the first (`container_a`, `container_b`: their ids); one
/// of the service's tasks is `task`.
pub async fn seed_ecs(config: SdkConfig) -> Value {
    let ecs = aws_sdk_ecs::Client::new(&config);
    crate::moto::ecs_with_tasks(&ecs, ECS_CLUSTER, SERVICE, 2).await;
    ecs.create_cluster()
        .cluster_name(EMPTY_CLUSTER)
        .send()
        .await
        .unwrap();
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let reservation = ec2
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(2)
        .max_count(2)
        .send()
        .await
        .unwrap();
    let mut containers = Vec::new();
    let region = config.region().unwrap().to_string();
    for instance in reservation.instances() {
        let id = instance.instance_id().unwrap();
        let arn = crate::support::moto::container_instance(&ecs, ECS_CLUSTER, id, &region).await;
        containers.push(arn.rsplit('/').next().unwrap().to_string());
    }
    let tasks = ecs.list_tasks().cluster(ECS_CLUSTER).send().await.unwrap();
    let task = tasks.task_arns()[0].rsplit('/').next().unwrap();
    json!({"container_a": containers[0], "container_b": containers[1], "task": task})
}

pub async fn ecs_state(config: SdkConfig) -> Value {
    let ecs = aws_sdk_ecs::Client::new(&config);
    let clusters = ecs
        .describe_clusters()
        .clusters(ECS_CLUSTER)
        .clusters(EMPTY_CLUSTER)
        .include(aws_sdk_ecs::types::ClusterField::Tags)
        .send()
        .await
        .unwrap();
    let services = ecs
        .describe_services()
        .cluster(ECS_CLUSTER)
        .services(SERVICE)
        .send()
        .await
        .unwrap();
    let running = ecs
        .list_tasks()
        .cluster(ECS_CLUSTER)
        .desired_status(aws_sdk_ecs::types::DesiredStatus::Running)
        .send()
        .await
        .unwrap();
    let containers = ecs
        .list_container_instances()
        .cluster(ECS_CLUSTER)
        .send()
        .await
        .unwrap();
    let containers = ecs
        .describe_container_instances()
        .cluster(ECS_CLUSTER)
        .set_container_instances(Some(containers.container_instance_arns().to_vec()))
        .send()
        .await
        .unwrap();
    json!({
        "running tasks": running.task_arns().len(),
        "container instances": containers.container_instances().iter()
            .map(|c| json!([c.ec2_instance_id(), c.status()]))
            .collect::<Vec<_>>(),
        "clusters": clusters.clusters().iter().map(|c| json!({
            "name": c.cluster_name(), "status": c.status(),
            "tags": c.tags().iter().map(|t| json!([t.key(), t.value()])).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "services": services.services().iter().map(|s| json!({
            "name": s.service_name(), "status": s.status(), "desired": s.desired_count(),
            "deployment": format!("{:?}", s.deployment_configuration()),
            "placement": format!("{:?}", s.placement_strategy()),
        })).collect::<Vec<_>>(),
    })
}

/// The seed's load balancer, and its target group of two instances.
pub const BALANCER: &str = "diff-lb";
pub const TARGETS: &str = "diff-tg";

/// Seeds the balancer (in subnets `subnet_a` and `subnet_b` of a VPC that
/// also has `subnet_c`), its target group, a security group `group` it is
/// not in and a bucket for access logs; the balancer's ARN is `balancer`.
pub async fn seed_elbv2(config: SdkConfig) -> Value {
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let region = config.region().unwrap().to_string();
    let (vpc, subnets) = vpc_with_subnets(&ec2, &region, &['a', 'b', 'c']).await;
    crate::support::moto::target_group_with_instances(&config, TARGETS, &vpc, &subnets[0]).await;
    let balancer = aws_sdk_elasticloadbalancingv2::Client::new(&config)
        .create_load_balancer()
        .name(BALANCER)
        .subnets(&subnets[0])
        .subnets(&subnets[1])
        .send()
        .await
        .unwrap();
    let group = ec2
        .create_security_group()
        .group_name("diff-lb-sg")
        .description("side by side")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap();
    bucket(&config, LOG_BUCKET).await;
    json!({
        "balancer": balancer.load_balancers()[0].load_balancer_arn(),
        "subnet_a": subnets[0], "subnet_b": subnets[1], "subnet_c": subnets[2],
        "group": group.group_id(),
    })
}

/// The bucket access logs may go to.
pub const LOG_BUCKET: &str = "diff-lb-logs";

pub async fn elbv2_state(config: SdkConfig) -> Value {
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&config);
    let balancers = elb.describe_load_balancers().send().await.unwrap();
    let groups = elb
        .describe_target_groups()
        .names(TARGETS)
        .send()
        .await
        .unwrap();
    let health = elb
        .describe_target_health()
        .target_group_arn(groups.target_groups()[0].target_group_arn().unwrap())
        .send()
        .await
        .unwrap();
    let mut described = Vec::new();
    for b in balancers.load_balancers() {
        let attributes = elb
            .describe_load_balancer_attributes()
            .load_balancer_arn(b.load_balancer_arn().unwrap_or_default())
            .send()
            .await
            .unwrap();
        let mut attributes: Vec<String> = attributes
            .attributes()
            .iter()
            .filter(|a| a.key().unwrap_or_default().starts_with("access_logs"))
            .map(|a| {
                format!(
                    "{}={}",
                    a.key().unwrap_or_default(),
                    a.value().unwrap_or_default()
                )
            })
            .collect();
        attributes.sort();
        described.push(json!({
            "name": b.load_balancer_name(),
            "subnets": b.availability_zones().iter().map(|z| z.subnet_id()).collect::<Vec<_>>(),
            "security groups": b.security_groups(),
            "access logs": attributes,
        }));
    }
    json!({
        "balancers": described,
        "targets": health.target_health_descriptions().iter()
            .map(|t| t.target_health().and_then(|h| h.state()).map(|s| s.as_str()))
            .collect::<Vec<_>>(),
    })
}

/// The seed's EventBridge rules: one with a target, one without.
pub const RULES: [&str; 2] = ["diff-rule", "diff-bare"];
pub const RULE_TARGET: &str = "arn:aws:sqs:il-central-1:123456789012:diff-queue";

pub async fn seed_events(config: SdkConfig) {
    let events = aws_sdk_eventbridge::Client::new(&config);
    for rule in RULES {
        events
            .put_rule()
            .name(rule)
            .schedule_expression("rate(5 minutes)")
            .send()
            .await
            .unwrap();
    }
    events
        .put_targets()
        .rule(RULES[0])
        .targets(
            aws_sdk_eventbridge::types::Target::builder()
                .id("diff-target")
                .arn(RULE_TARGET)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

pub async fn events_state(config: SdkConfig) -> Value {
    let events = aws_sdk_eventbridge::Client::new(&config);
    let rules = events.list_rules().send().await.unwrap();
    let mut state = serde_json::Map::new();
    for rule in rules.rules() {
        let name = rule.name().unwrap_or_default();
        let targets = events
            .list_targets_by_rule()
            .rule(name)
            .send()
            .await
            .unwrap();
        state.insert(
            name.to_string(),
            json!({
                "state": rule.state().map(|s| s.as_str()),
                "targets": targets.targets().iter().map(|t| t.id()).collect::<Vec<_>>(),
            }),
        );
    }
    Value::Object(state)
}

/// The seed's EKS cluster.
pub const EKS_CLUSTER: &str = "diff-eks";
pub const EKS_ROLE: &str = "arn:aws:iam::123456789012:role/diff-eks";

pub async fn seed_eks(config: SdkConfig) {
    aws_sdk_eks::Client::new(&config)
        .create_cluster()
        .name(EKS_CLUSTER)
        .role_arn(EKS_ROLE)
        .version("1.31")
        .resources_vpc_config(
            aws_sdk_eks::types::VpcConfigRequest::builder()
                .subnet_ids("subnet-1")
                .subnet_ids("subnet-2")
                .build(),
        )
        .send()
        .await
        .unwrap();
}

pub async fn eks_state(config: SdkConfig) -> Value {
    let eks = aws_sdk_eks::Client::new(&config);
    let mut names: Vec<String> = eks
        .list_clusters()
        .send()
        .await
        .unwrap()
        .clusters()
        .to_vec();
    names.sort();
    json!(names)
}

/// The seed's cache clusters (Redis, one node each) and replication group.
pub const CACHE_CLUSTERS: [&str; 2] = ["diff-cache", "diff-spare"];
pub const CACHE_GROUP: &str = "diff-group";

pub async fn seed_elasticache(config: SdkConfig) {
    let cache = aws_sdk_elasticache::Client::new(&config);
    for id in CACHE_CLUSTERS {
        cache
            .create_cache_cluster()
            .cache_cluster_id(id)
            .engine("redis")
            .cache_node_type("cache.t3.micro")
            .num_cache_nodes(1)
            .send()
            .await
            .unwrap();
    }
    cache
        .create_replication_group()
        .replication_group_id(CACHE_GROUP)
        .replication_group_description("side by side")
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .num_cache_clusters(2)
        .send()
        .await
        .unwrap();
}

pub async fn elasticache_state(config: SdkConfig) -> Value {
    let cache = aws_sdk_elasticache::Client::new(&config);
    let clusters = cache.describe_cache_clusters().send().await.unwrap();
    let groups = cache.describe_replication_groups().send().await.unwrap();
    let mut names: Vec<_> = clusters
        .cache_clusters()
        .iter()
        .map(|c| (c.cache_cluster_id(), c.cache_cluster_status()))
        .collect();
    names.sort();
    json!({
        "clusters": names,
        "groups": groups.replication_groups().iter()
            .map(|g| (g.replication_group_id(), g.status()))
            .collect::<Vec<_>>(),
    })
}

/// The seed's EMR cluster: a master and two core instances, each role an
/// instance group. Its ids: `cluster`, `core` (the core group) and
/// `instance` (one core instance).
pub async fn seed_emr(config: SdkConfig) -> Value {
    let emr = aws_sdk_emr::Client::new(&config);
    let (cluster, core) = crate::support::moto::emr_cluster(&emr, "diff-emr").await;
    let instances = emr
        .list_instances()
        .cluster_id(&cluster)
        .instance_group_id(&core)
        .send()
        .await
        .unwrap();
    let instance = instances.instances()[0]
        .ec2_instance_id()
        .unwrap_or_default();
    json!({"cluster": cluster, "core": core, "instance": instance})
}

pub async fn emr_state(config: SdkConfig) -> Value {
    let emr = aws_sdk_emr::Client::new(&config);
    let clusters = emr.list_clusters().send().await.unwrap();
    let mut state = Vec::new();
    for c in clusters.clusters() {
        let id = c.id().unwrap_or_default();
        let cluster = emr.describe_cluster().cluster_id(id).send().await.unwrap();
        let groups = emr
            .list_instance_groups()
            .cluster_id(id)
            .send()
            .await
            .unwrap();
        state.push(json!({
            "concurrency": cluster.cluster().and_then(|c| c.step_concurrency_level()),
            "groups": groups.instance_groups().iter().map(|g| json!({
                "name": g.name(),
                "requested": g.requested_instance_count(),
                "running": g.running_instance_count(),
                "shrink": format!("{:?}", g.shrink_policy()),
            })).collect::<Vec<_>>(),
        }));
    }
    Value::Array(state)
}

/// The seed's hosted zones: a private one in VPC `vpc_1` (`private`), a
/// public one (`public`), and a VPC `vpc_2` in no zone; a health check
/// (`check`).
pub async fn seed_route53(config: SdkConfig) -> Value {
    use aws_sdk_route53::types::{
        HealthCheckConfig, HealthCheckType, HostedZoneConfig, Vpc, VpcRegion,
    };
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let route53 = aws_sdk_route53::Client::new(&config);
    let mut vpcs = Vec::new();
    for cidr in ["10.1.0.0/16", "10.2.0.0/16"] {
        let vpc = ec2.create_vpc().cidr_block(cidr).send().await.unwrap();
        vpcs.push(vpc.vpc().unwrap().vpc_id().unwrap().to_string());
    }
    let region = config.region().unwrap().to_string();
    let private = route53
        .create_hosted_zone()
        .name("private.example.")
        .caller_reference("diff-private")
        .hosted_zone_config(
            HostedZoneConfig::builder()
                .private_zone(true)
                .comment("side by side")
                .build(),
        )
        .vpc(
            Vpc::builder()
                .vpc_id(&vpcs[0])
                .vpc_region(VpcRegion::from(region.as_str()))
                .build(),
        )
        .send()
        .await
        .unwrap();
    let public = route53
        .create_hosted_zone()
        .name("public.example.")
        .caller_reference("diff-public")
        .send()
        .await
        .unwrap();
    let check = route53
        .create_health_check()
        .caller_reference("diff-check")
        .health_check_config(
            HealthCheckConfig::builder()
                .ip_address("10.0.0.1")
                .port(80)
                .r#type(HealthCheckType::Http)
                .resource_path("/")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let bare = |id: &str| id.trim_start_matches("/hostedzone/").to_string();
    json!({
        "private": bare(private.hosted_zone().unwrap().id()),
        "public": bare(public.hosted_zone().unwrap().id()),
        "vpc_1": vpcs[0], "vpc_2": vpcs[1],
        "check": check.health_check().unwrap().id(),
    })
}

pub async fn route53_state(config: SdkConfig) -> Value {
    let route53 = aws_sdk_route53::Client::new(&config);
    let zones = route53.list_hosted_zones().send().await.unwrap();
    let mut state = Vec::new();
    for zone in zones.hosted_zones() {
        let got = route53
            .get_hosted_zone()
            .id(zone.id())
            .send()
            .await
            .unwrap();
        state.push(json!({
            "name": zone.name(),
            "vpcs": got.vpcs().iter().map(|v| v.vpc_id()).collect::<Vec<_>>(),
        }));
    }
    Value::Array(state)
}

/// The seed's MSK cluster; `cluster` is its ARN, which moto draws outside
/// its seeded random source, so each twin has its own.
pub async fn seed_msk(config: SdkConfig) -> Value {
    let cluster = aws_sdk_kafka::Client::new(&config)
        .create_cluster()
        .cluster_name("diff-msk")
        .kafka_version("3.6.0")
        .number_of_broker_nodes(2)
        .broker_node_group_info(
            aws_sdk_kafka::types::BrokerNodeGroupInfo::builder()
                .instance_type("kafka.m5.large")
                .client_subnets("subnet-1")
                .client_subnets("subnet-2")
                .build(),
        )
        .send()
        .await
        .unwrap();
    json!({"cluster": cluster.cluster_arn()})
}

/// The clusters' names and states, read raw: moto writes their creation
/// times without an offset, which the SDK refuses.
pub async fn msk_state(config: SdkConfig) -> Value {
    let region = config.region().unwrap().to_string();
    let listed: Value = reqwest::Client::new()
        .get(format!("{}/v1/clusters", config.endpoint_url().unwrap()))
        .header(
            "authorization",
            format!(
                "AWS4-HMAC-SHA256 Credential={}/20240101/{region}/kafka/aws4_request, SignedHeaders=host, Signature=0",
                crate::support::moto::ACCESS_KEY
            ),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let clusters = listed["clusterInfoList"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    json!(clusters
        .iter()
        .map(|c| json!([c["clusterName"], c["state"]]))
        .collect::<Vec<_>>())
}

/// The seed's FIS templates `t1` and `t2`, and experiments started from
/// them: `e1` (of `t1`, tagged `k=v`, `o=1`), `e2` (of `t2`, `k=w`) and
/// `e3` (of `t1`, `k=v`, stopped).
pub async fn seed_fis(config: SdkConfig) -> Value {
    let fis = aws_sdk_fis::Client::new(&config);
    let mut templates = Vec::new();
    for name in ["diff-t1", "diff-t2"] {
        templates.push(crate::support::moto::fis_wait_template(&fis, name).await);
    }
    let mut experiments = Vec::new();
    for (template, tags, token) in [
        (&templates[0], vec![("k", "v"), ("o", "1")], "diff-e1"),
        (&templates[1], vec![("k", "w")], "diff-e2"),
        (&templates[0], vec![("k", "v")], "diff-e3"),
    ] {
        let mut start = fis
            .start_experiment()
            .experiment_template_id(template)
            .client_token(token);
        for (k, v) in tags {
            start = start.tags(k, v);
        }
        let started = start.send().await.unwrap();
        experiments.push(started.experiment().unwrap().id().unwrap().to_string());
    }
    fis.stop_experiment()
        .id(&experiments[2])
        .send()
        .await
        .unwrap();
    json!({
        "t1": templates[0], "t2": templates[1],
        "e1": experiments[0], "e2": experiments[1], "e3": experiments[2],
    })
}

/// `tags` in order.
fn sorted(
    tags: Option<&std::collections::HashMap<String, String>>,
) -> std::collections::BTreeMap<&String, &String> {
    tags.into_iter().flatten().collect()
}

/// The experiments (template, status, tags) and templates (description,
/// tags), in order. Listing does not move an experiment on in moto.
pub async fn fis_state(config: SdkConfig) -> Value {
    let fis = aws_sdk_fis::Client::new(&config);
    let experiments = fis.list_experiments().send().await.unwrap();
    let mut experiments: Vec<Value> = experiments
        .experiments()
        .iter()
        .map(|e| {
            json!({
                "template": e.experiment_template_id(),
                "status": e.state().and_then(|s| s.status()).map(|s| s.as_str()),
                "tags": sorted(e.tags()),
            })
        })
        .collect();
    experiments.sort_by_key(|e| e.to_string());
    let templates = fis.list_experiment_templates().send().await.unwrap();
    let mut templates: Vec<Value> = templates
        .experiment_templates()
        .iter()
        .map(|t| json!({"description": t.description(), "tags": sorted(t.tags())}))
        .collect();
    templates.sort_by_key(|t| t.to_string());
    json!({"experiments": experiments, "templates": templates})
}

/// X-Ray needs no seed: moto's service graph echoes the times asked for.
pub async fn seed_xray(_: SdkConfig) {}

pub async fn xray_state(_: SdkConfig) -> Value {
    json!({})
}
