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

pub async fn seed_s3(config: SdkConfig) {
    let s3 = s3_client(&config);
    let region = config.region().unwrap().to_string();
    s3.create_bucket()
        .bucket(BUCKET)
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

/// The seed's functions: one plain, one with reserved concurrency 5.
pub const FUNCTIONS: [&str; 2] = ["diff-fn", "diff-capped"];

pub async fn seed_lambda(config: SdkConfig) {
    lambda_function(&config, FUNCTIONS[0], &[("STAGE", "test")]).await;
    let lambda = lambda_function(&config, FUNCTIONS[1], &[("STAGE", "test")]).await;
    lambda
        .put_function_concurrency()
        .function_name(FUNCTIONS[1])
        .reserved_concurrent_executions(5)
        .send()
        .await
        .unwrap();
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
        let environment = f.environment().and_then(|e| e.variables());
        functions.push(json!({
            "name": name, "timeout": f.timeout(), "memory": f.memory_size(),
            "environment": format!("{environment:?}"),
            "layers": f.layers().iter().map(|l| l.arn()).collect::<Vec<_>>(),
            "concurrency": concurrency.reserved_concurrent_executions(),
        }));
    }
    Value::Array(functions)
}

/// The seed's parameter and document.
pub const PARAMETER: &str = "/diff/stage";
pub const DOCUMENT: &str = "diff-doc";
pub const DOCUMENT_CONTENT: &str = r#"{"schemaVersion":"2.2","description":"diff","mainSteps":[{"action":"aws:runShellScript","name":"run","inputs":{"runCommand":["true"]}}]}"#;

pub async fn seed_ssm(config: SdkConfig) {
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

pub async fn seed_ec2(config: SdkConfig) {
    use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
    let ec2 = aws_sdk_ec2::Client::new(&config);
    for id in [RUNNING, STOPPED] {
        ec2.run_instances()
            .image_id("ami-12c6146b")
            .min_count(1)
            .max_count(1)
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
    Value::Array(instances)
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

pub async fn seed_asg(config: SdkConfig) {
    let asg = aws_sdk_autoscaling::Client::new(&config);
    let zone = format!("{}a", config.region().unwrap());
    tagged_group(&asg, GROUP, 2, &zone, ("team", "diff")).await;
}

pub async fn asg_state(config: SdkConfig) -> Value {
    let asg = aws_sdk_autoscaling::Client::new(&config);
    let out = asg
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(GROUP)
        .send()
        .await
        .unwrap();
    let g = &out.auto_scaling_groups()[0];
    let mut suspended: Vec<_> = g
        .suspended_processes()
        .iter()
        .map(|p| p.process_name())
        .collect();
    suspended.sort();
    json!({
        "desired": g.desired_capacity(), "min": g.min_size(), "max": g.max_size(),
        "instances": g.instances().iter()
            .map(|i| json!([i.lifecycle_state().map(|s| s.as_str()), i.health_status()]))
            .collect::<Vec<_>>(),
        "suspended": suspended,
    })
}

/// The seed's ECS clusters (one with a service and two tasks, one empty),
/// and the service.
pub const ECS_CLUSTER: &str = "diff-ecs";
pub const EMPTY_CLUSTER: &str = "diff-empty";
pub const SERVICE: &str = "diff-svc";

pub async fn seed_ecs(config: SdkConfig) {
    let ecs = aws_sdk_ecs::Client::new(&config);
    crate::moto::ecs_with_tasks(&ecs, ECS_CLUSTER, SERVICE, 2).await;
    ecs.create_cluster()
        .cluster_name(EMPTY_CLUSTER)
        .send()
        .await
        .unwrap();
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
    json!({
        "running tasks": running.task_arns().len(),
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

pub async fn seed_elbv2(config: SdkConfig) {
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let region = config.region().unwrap().to_string();
    let (vpc, subnets) = vpc_with_subnets(&ec2, &region, &['a', 'b']).await;
    crate::support::moto::target_group_with_instances(&config, TARGETS, &vpc, &subnets[0]).await;
    aws_sdk_elasticloadbalancingv2::Client::new(&config)
        .create_load_balancer()
        .name(BALANCER)
        .set_subnets(Some(subnets))
        .send()
        .await
        .unwrap();
}

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
    json!({
        "balancers": balancers.load_balancers().iter().map(|b| b.load_balancer_name()).collect::<Vec<_>>(),
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
