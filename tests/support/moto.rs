//! The moto AWS emulator for the tests of one test binary: started once on
//! a free loopback port, with the process environment pointing the AWS
//! chain at it (dummy keys, `AWS_ENDPOINT_URL`), and gone when the binary
//! exits (it watches its stdin, which only this process holds).
//!
//! moto keeps state per region, so each test works in a region of its own.
//! One addition to moto: an EC2 instance launched with the tag
//! `kallisti:instance-id` gets that id, so the seed examples' literal ids
//! exist.
//! The Python comes from `KALLISTI_MOTO_PYTHON`, else the venv
//! `scripts/test-tools` makes at `$HOME/.cache/kallisti-moto` on first use.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The keys the tests' AWS chain finds (moto accepts any).
pub const ACCESS_KEY: &str = "AKIAKALLISTITEST0001";
pub const SECRET_KEY: &str = "moto-secret-key-canary-0c1d2e3f";
/// A session token the chain finds too: a secret, like the key.
pub const SESSION_TOKEN: &str = "session-token-canary-9a8b7c6d5e4f";

pub struct Moto {
    pub url: String,
    _child: Mutex<Child>,
}

const WATCHED: &str = r#"
import os, sys, threading
def watch():
    sys.stdin.buffer.read()
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
# moto cannot choose an instance's id; the seed examples name theirs
# (`your-instance-id`). An instance launched with the tag
# `kallisti:instance-id` gets that id.
import moto.ec2.models.instances as instances
chosen = []
random_instance_id = instances.random_instance_id
instances.random_instance_id = lambda: chosen.pop() if chosen else random_instance_id()
run_instances = instances.InstanceBackend.run_instances
def run_with_chosen_id(self, image_id, count, user_data, security_group_names, **kwargs):
    wanted = (kwargs.get("tags") or {}).get("instance", {}).get("kallisti:instance-id")
    chosen[:] = [wanted] if wanted else []
    try:
        return run_instances(self, image_id, count, user_data, security_group_names, **kwargs)
    finally:
        chosen.clear()
instances.InstanceBackend.run_instances = run_with_chosen_id
from moto.server import main
main(["-H", "127.0.0.1", "-p", sys.argv[1]])
"#;

/// A Python with moto[server], set up on first use.
fn python() -> String {
    super::tools::tool("moto")
}

/// Points the AWS chain at dummy keys, and nowhere else (no profile files,
/// no instance metadata). Set once, before any AWS client of the test
/// binary exists; every test sets the same values.
pub fn dummy_credentials() {
    static SET: OnceLock<()> = OnceLock::new();
    SET.get_or_init(|| {
        for (name, value) in [
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
            ("AWS_SESSION_TOKEN", SESSION_TOKEN),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_CONFIG_FILE", "/nonexistent/kallisti/aws-config"),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/kallisti/aws-credentials",
            ),
        ] {
            std::env::set_var(name, value);
        }
    });
}

/// The emulator, started on first use, with the process's AWS chain
/// pointed at it.
pub fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(|| {
        let moto = Moto::start();
        std::env::set_var("AWS_ENDPOINT_URL", &moto.url);
        dummy_credentials();
        moto
    })
}

impl Moto {
    /// A fresh emulator of its own, gone when dropped or when the test
    /// binary exits; the process environment is left alone.
    pub fn start() -> Moto {
        let python = python();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(&python)
            .args(["-c", WATCHED, &port.to_string()])
            // Sets come back in one order on every run (SSM lists a
            // command's instances from one), so twin servers agree.
            .env("PYTHONHASHSEED", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start moto with {python}: {e}"));
        let started = Instant::now();
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                let mut err = String::new();
                child.stderr.take().unwrap().read_to_string(&mut err).ok();
                panic!("moto exited ({status}): {err}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "moto did not listen on {port} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Moto {
            url: format!("http://127.0.0.1:{port}"),
            _child: Mutex::new(child),
        }
    }
}

/// The SDK configuration for `region` on moto, for tests to seed and check state.
pub async fn sdk_config(region: &str) -> aws_config::SdkConfig {
    sdk_config_at(region, &moto().url).await
}

/// The SDK configuration for `region` at `url` (moto, or a `FakeAws`).
pub async fn sdk_config_at(region: &str, url: &str) -> aws_config::SdkConfig {
    dummy_credentials();
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https();
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(http)
        .region(aws_config::Region::new(region.to_string()))
        .endpoint_url(url)
        .load()
        .await
}

/// A step in `region`.
pub fn region_step(
    region: &str,
    name: &str,
    action: &str,
    mut args: serde_json::Value,
) -> serde_json::Value {
    args["region"] = serde_json::json!(region);
    super::step(name, action, args)
}

/// An EC2 instance's description.
pub async fn instance(ec2: &aws_sdk_ec2::Client, id: &str) -> aws_sdk_ec2::types::Instance {
    let out = ec2
        .describe_instances()
        .instance_ids(id)
        .send()
        .await
        .unwrap();
    out.reservations()[0].instances()[0].clone()
}

/// The volumes carrying the tag of a chaos step's detach.
pub async fn detached_volumes(ec2: &aws_sdk_ec2::Client) -> Vec<aws_sdk_ec2::types::Volume> {
    let out = ec2
        .describe_volumes()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("tag-key")
                .values("ChaosToolkitDetached")
                .build(),
        )
        .send()
        .await
        .unwrap();
    out.volumes().to_vec()
}

/// An EC2 instance's state name.
pub async fn instance_state(ec2: &aws_sdk_ec2::Client, id: &str) -> String {
    instance(ec2, id)
        .await
        .state()
        .unwrap()
        .name()
        .unwrap()
        .as_str()
        .to_string()
}

/// The smallest valid zip: an empty archive (moto takes it as code).
pub fn empty_zip() -> Vec<u8> {
    let mut zip = b"PK\x05\x06".to_vec();
    zip.extend([0u8; 18]);
    zip
}

/// A Lambda function `name` (and its role) with these environment variables.
pub async fn lambda_function(
    config: &aws_config::SdkConfig,
    name: &str,
    environment: &[(&str, &str)],
) -> aws_sdk_lambda::Client {
    let role = aws_sdk_iam::Client::new(config)
        .create_role()
        .role_name(format!("{name}-role"))
        .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .send()
        .await
        .unwrap();
    let lambda = aws_sdk_lambda::Client::new(config);
    let mut variables = aws_sdk_lambda::types::Environment::builder();
    for (k, v) in environment {
        variables = variables.variables(*k, *v);
    }
    lambda
        .create_function()
        .function_name(name)
        .runtime(aws_sdk_lambda::types::Runtime::Python311)
        .role(role.role().unwrap().arn())
        .handler("index.handler")
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(empty_zip()))
                .build(),
        )
        .environment(variables.build())
        .timeout(3)
        .memory_size(128)
        .send()
        .await
        .unwrap();
    lambda
}

/// Makes SQS queue `name` on the moto at `url` (the tests have no SQS
/// SDK; moto takes the query form); answers its ARN.
pub async fn sqs_queue(url: &str, region: &str, name: &str) -> String {
    let form = [("Action", "CreateQueue"), ("QueueName", name)];
    reqwest::Client::new()
        .post(format!("{url}/"))
        .header(
            "authorization",
            format!("AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/20240101/{region}/sqs/aws4_request, SignedHeaders=host, Signature=0"),
        )
        .form(&form)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("moto makes the queue");
    format!("arn:aws:sqs:{region}:123456789012:{name}")
}

/// Registers EC2 instance `instance` as a container instance of ECS
/// cluster `cluster`; answers the container instance's ARN.
pub async fn container_instance(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    instance: &str,
    region: &str,
) -> String {
    let document = serde_json::json!({"instanceId": instance, "region": region});
    let registered = ecs
        .register_container_instance()
        .cluster(cluster)
        .instance_identity_document(document.to_string())
        .send()
        .await
        .unwrap();
    registered
        .container_instance()
        .and_then(|c| c.container_instance_arn())
        .unwrap()
        .to_string()
}

/// Publishes layer `name` (empty) in moto's account.
pub async fn layer(lambda: &aws_sdk_lambda::Client, name: &str) {
    lambda
        .publish_layer_version()
        .layer_name(name)
        .content(
            aws_sdk_lambda::types::LayerVersionContentInput::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(empty_zip()))
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// An FIS template `name` (its description and idempotency token too)
/// that only waits; answers its id.
pub async fn fis_wait_template(fis: &aws_sdk_fis::Client, name: &str) -> String {
    use aws_sdk_fis::types::{
        CreateExperimentTemplateActionInput, CreateExperimentTemplateStopConditionInput,
    };
    let template = fis
        .create_experiment_template()
        .client_token(name)
        .description(name)
        .role_arn("arn:aws:iam::123456789012:role/fis")
        .stop_conditions(
            CreateExperimentTemplateStopConditionInput::builder()
                .source("none")
                .build()
                .unwrap(),
        )
        .actions(
            "wait",
            CreateExperimentTemplateActionInput::builder()
                .action_id("aws:fis:wait")
                .parameters("duration", "PT5M")
                .build()
                .unwrap(),
        )
        .tags("team", "diff")
        .send()
        .await
        .unwrap();
    template
        .experiment_template()
        .and_then(|t| t.id())
        .unwrap()
        .to_string()
}

/// An EMR cluster `name` with a master and a core group of two: (cluster
/// id, core group id).
pub async fn emr_cluster(emr: &aws_sdk_emr::Client, name: &str) -> (String, String) {
    use aws_sdk_emr::types::{InstanceGroupConfig, InstanceRoleType, JobFlowInstancesConfig};
    let group = |role: InstanceRoleType, count: i32| {
        InstanceGroupConfig::builder()
            .instance_role(role)
            .instance_type("m5.xlarge")
            .instance_count(count)
            .build()
    };
    let flow = emr
        .run_job_flow()
        .name(name)
        .release_label("emr-6.15.0")
        .job_flow_role("EMR_EC2_DefaultRole")
        .service_role("EMR_DefaultRole")
        .instances(
            JobFlowInstancesConfig::builder()
                .instance_groups(group(InstanceRoleType::Master, 1))
                .instance_groups(group(InstanceRoleType::Core, 2))
                .keep_job_flow_alive_when_no_steps(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let cluster = flow.job_flow_id().unwrap().to_string();
    let groups = emr
        .list_instance_groups()
        .cluster_id(&cluster)
        .send()
        .await
        .unwrap();
    let core = groups
        .instance_groups()
        .iter()
        .find(|g| g.instance_group_type().map(|t| t.as_str()) == Some("CORE"))
        .and_then(|g| g.id())
        .unwrap()
        .to_string();
    (cluster, core)
}

/// A memcached cluster `cluster` and a redis replication group `group`,
/// two nodes each.
pub async fn cache_cluster_and_group(
    cache: &aws_sdk_elasticache::Client,
    cluster: &str,
    group: &str,
) {
    cache
        .create_cache_cluster()
        .cache_cluster_id(cluster)
        .engine("memcached")
        .cache_node_type("cache.t3.micro")
        .num_cache_nodes(2)
        .send()
        .await
        .unwrap();
    cache
        .create_replication_group()
        .replication_group_id(group)
        .replication_group_description(group)
        .engine("redis")
        .cache_node_type("cache.t3.micro")
        .num_cache_clusters(2)
        .send()
        .await
        .unwrap();
}

/// A target group `name` in `vpc` with two new instances of `subnet`
/// registered on port 80: (the group's ARN, the instances' ids).
pub async fn target_group_with_instances(
    config: &aws_config::SdkConfig,
    name: &str,
    vpc: &str,
    subnet: &str,
) -> (String, Vec<String>) {
    use aws_sdk_elasticloadbalancingv2::types::{ProtocolEnum, TargetDescription};
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(config);
    let group = elb
        .create_target_group()
        .name(name)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .vpc_id(vpc)
        .send()
        .await
        .unwrap();
    let group = group.target_groups()[0]
        .target_group_arn()
        .unwrap()
        .to_string();
    let run = aws_sdk_ec2::Client::new(config)
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(2)
        .max_count(2)
        .subnet_id(subnet)
        .send()
        .await
        .unwrap();
    let ids: Vec<String> = run
        .instances()
        .iter()
        .map(|i| i.instance_id().unwrap().to_string())
        .collect();
    for id in &ids {
        elb.register_targets()
            .target_group_arn(&group)
            .targets(TargetDescription::builder().id(id).port(80).build())
            .send()
            .await
            .unwrap();
    }
    (group, ids)
}

/// A launch configuration and an Auto Scaling group `name` of `desired`
/// instances (at most 5) in `zone`, tagged `tag` on the group and its
/// instances.
pub async fn tagged_group(
    asg: &aws_sdk_autoscaling::Client,
    name: &str,
    desired: i32,
    zone: &str,
    (key, value): (&str, &str),
) {
    asg.create_launch_configuration()
        .launch_configuration_name(name)
        .image_id("ami-12c6146b")
        .instance_type("t2.micro")
        .send()
        .await
        .unwrap();
    asg.create_auto_scaling_group()
        .auto_scaling_group_name(name)
        .launch_configuration_name(name)
        .min_size(0)
        .max_size(5)
        .desired_capacity(desired)
        .availability_zones(zone)
        .tags(
            aws_sdk_autoscaling::types::Tag::builder()
                .key(key)
                .value(value)
                .resource_id(name)
                .resource_type("auto-scaling-group")
                .propagate_at_launch(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// A VPC (10.0.0.0/16) with a subnet (10.0.n.0/24) in each zone of `region`
/// named by its letter: (the VPC's id, the subnets' ids).
pub async fn vpc_with_subnets(
    ec2: &aws_sdk_ec2::Client,
    region: &str,
    zones: &[char],
) -> (String, Vec<String>) {
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.0.0.0/16")
        .send()
        .await
        .unwrap();
    let vpc = vpc.vpc().unwrap().vpc_id().unwrap().to_string();
    let mut subnets = Vec::new();
    for (n, zone) in zones.iter().enumerate() {
        let s = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block(format!("10.0.{}.0/24", n + 1))
            .availability_zone(format!("{region}{zone}"))
            .send()
            .await
            .unwrap();
        subnets.push(s.subnet().unwrap().subnet_id().unwrap().to_string());
    }
    (vpc, subnets)
}
