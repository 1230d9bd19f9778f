//! `FakeAws`: one wiremock server answering EC2, Auto Scaling, RDS, ECS,
//! Lambda, ELBv2, ElastiCache, IAM, MSK, X-Ray, Incident Manager, EMR,
//! Route 53, S3, EventBridge, FIS, SSM documents, EKS and CloudWatch in their
//! own wire protocols (EC2 query with EC2's XML, the `awsQuery` XML of RDS,
//! ElastiCache, ELBv2 and IAM, JSON 1.1 for ECS, REST-JSON for Lambda, MSK,
//! X-Ray and Incident Manager, Smithy RPC v2 CBOR for CloudWatch), with enough state to check what a step did:
//! an instance stopped, a task stopped, a cluster failed over, a
//! function's timeout changed. Operations it does not know get the
//! service's own "unknown operation" error.
//!
//! The service of a query request is read from its SigV4 credential scope,
//! as AWS routes it; point the SDK (or a step's `endpoint_url`) at
//! [`FakeAws::uri`].
//!
//! ```no_run
//! # async fn demo() {
//! use kallisti::fake::{FakeAws, FakeInstance};
//! let aws = FakeAws::builder()
//!     .with_instance(FakeInstance::new("i-0abc", "us-east-1a"))
//!     .start()
//!     .await;
//! // ... run `aws.ec2.stop_instance` with `endpoint_url: aws.uri()` ...
//! assert_eq!(aws.instance_state("i-0abc").as_deref(), Some("stopped"));
//! # }
//! ```

mod asg;
mod cbor;
mod cloudwatch;
mod ec2;
mod ecs;
mod eks;
mod elasticache;
mod elbv2;
mod emr;
mod events;
mod fis;
mod iam;
mod incidents;
mod lambda;
mod msk;
mod rds;
mod route53;
mod s3;
mod ssm;
mod wire;
mod xray;

pub use asg::FakeAutoScalingGroup;
pub use ec2::FakeInstance;
pub use ecs::FakeTask;
pub use elasticache::FakeCacheCluster;
pub use elbv2::FakeTargetGroup;
pub use emr::FakeFleet;
pub use fis::FakeExperiment;
pub use incidents::FakeIncident;
pub use lambda::FakeFunction;
pub use msk::FakeKafkaCluster;
pub use rds::FakeDbCluster;
pub use xray::FakeTrace;

use std::sync::{Arc, Mutex};
use wire::Reply;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The account every ARN of the fake belongs to.
const ACCOUNT: &str = "123456789012";

/// Now, in Unix seconds.
fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}

/// Everything the fake knows, shared by its answers.
#[derive(Debug, Default, Clone)]
pub(crate) struct State {
    instances: Vec<FakeInstance>,
    tasks: Vec<FakeTask>,
    services: Vec<ecs::FakeService>,
    functions: Vec<FakeFunction>,
    db_clusters: Vec<FakeDbCluster>,
    target_groups: Vec<FakeTargetGroup>,
    load_balancers: Vec<elbv2::FakeLoadBalancer>,
    cache_clusters: Vec<FakeCacheCluster>,
    replication_groups: Vec<elasticache::FakeReplicationGroup>,
    roles: Vec<iam::FakeRole>,
    policies: Vec<iam::FakePolicy>,
    kafka_clusters: Vec<FakeKafkaCluster>,
    traces: Vec<FakeTrace>,
    incidents: Vec<FakeIncident>,
    datapoints: Vec<cloudwatch::FakeDatapoint>,
    /// (name, state value).
    alarms: Vec<(String, String)>,
    fleets: Vec<FakeFleet>,
    /// (zone, record name, record type, answers).
    dns: Vec<(String, String, String, Vec<String>)>,
    /// (bucket, versioning status: empty, `Enabled` or `Suspended`).
    buckets: Vec<(String, String)>,
    /// ECS container instances: (cluster, id, status).
    container_instances: Vec<(String, String, String)>,
    /// S3 objects: (bucket, key).
    objects: Vec<(String, String)>,
    auto_scaling_groups: Vec<FakeAutoScalingGroup>,
    rules: Vec<events::FakeRule>,
    experiments: Vec<FakeExperiment>,
    /// FIS templates: (id, tags).
    experiment_templates: Vec<(String, Vec<(String, String)>)>,
    /// SSM document names.
    documents: Vec<String>,
    /// EKS cluster names.
    eks_clusters: Vec<String>,
}

/// One call the fake answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsCall {
    /// `ec2`, `rds`, `ecs`, `lambda`, `elasticloadbalancing`, `elasticache`, `iam`.
    pub service: String,
    /// The operation, e.g. `StopInstances`.
    pub operation: String,
    /// Whether it changes state (anything but `Describe*`, `List*`, `Get*`).
    pub mutating: bool,
}

/// Seeds a [`FakeAws`].
#[derive(Debug, Default)]
pub struct FakeAwsBuilder {
    state: State,
}

impl FakeAwsBuilder {
    /// An EC2 instance.
    pub fn with_instance(mut self, instance: FakeInstance) -> Self {
        self.state.instances.push(instance);
        self
    }

    /// An ECS service of `cluster` with `running` tasks (the cluster is made too).
    pub fn with_ecs_service(mut self, cluster: &str, service: &str, running: usize) -> Self {
        self.state
            .services
            .push(ecs::FakeService::new(cluster, service, running as i32));
        for _ in 0..running {
            self.state.tasks.push(FakeTask::new(cluster, Some(service)));
        }
        self
    }

    /// A Lambda function.
    pub fn with_function(mut self, function: FakeFunction) -> Self {
        self.state.functions.push(function);
        self
    }

    /// An RDS cluster.
    pub fn with_db_cluster(mut self, cluster: FakeDbCluster) -> Self {
        self.state.db_clusters.push(cluster);
        self
    }

    /// An ELBv2 target group, and a load balancer of the same name in front of it.
    pub fn with_target_group(mut self, group: FakeTargetGroup) -> Self {
        self.state
            .load_balancers
            .push(elbv2::FakeLoadBalancer::new(&group.name));
        self.state.target_groups.push(group);
        self
    }

    /// An ElastiCache cluster.
    pub fn with_cache_cluster(mut self, cluster: FakeCacheCluster) -> Self {
        self.state.cache_clusters.push(cluster);
        self
    }

    /// An ElastiCache replication group over `members` (clusters made too).
    pub fn with_replication_group(mut self, id: &str, members: &[&str]) -> Self {
        for m in members {
            self.state
                .cache_clusters
                .push(FakeCacheCluster::new(m, 1).in_group(id));
        }
        self.state
            .replication_groups
            .push(elasticache::FakeReplicationGroup::new(id, members));
        self
    }

    /// An IAM role.
    pub fn with_role(mut self, name: &str) -> Self {
        self.state.roles.push(iam::FakeRole::new(name));
        self
    }

    /// An MSK cluster.
    pub fn with_kafka_cluster(mut self, cluster: FakeKafkaCluster) -> Self {
        self.state.kafka_clusters.push(cluster);
        self
    }

    /// An X-Ray trace.
    pub fn with_trace(mut self, trace: FakeTrace) -> Self {
        self.state.traces.push(trace);
        self
    }

    /// A CloudWatch alarm in `state` (`OK`, `ALARM`, `INSUFFICIENT_DATA`).
    pub fn with_alarm(mut self, name: &str, state: &str) -> Self {
        self.state.alarms.push((name.into(), state.into()));
        self
    }

    /// An EMR instance fleet (its cluster is made too).
    pub fn with_fleet(mut self, fleet: FakeFleet) -> Self {
        self.state.fleets.push(fleet);
        self
    }

    /// A DNS record of a hosted zone, answered by `TestDNSAnswer`.
    pub fn with_dns_record(mut self, zone: &str, name: &str, kind: &str, answers: &[&str]) -> Self {
        self.state.dns.push((
            zone.into(),
            name.into(),
            kind.into(),
            answers.iter().map(|a| a.to_string()).collect(),
        ));
        self
    }

    /// An S3 bucket, never versioned.
    pub fn with_bucket(mut self, name: &str) -> Self {
        self.state.buckets.push((name.into(), String::new()));
        self
    }

    /// An active ECS container instance `id` of `cluster`.
    pub fn with_container_instance(mut self, cluster: &str, id: &str) -> Self {
        self.state
            .container_instances
            .push((cluster.into(), id.into(), "ACTIVE".into()));
        self
    }

    /// An object of a bucket (seed the bucket too).
    pub fn with_object(mut self, bucket: &str, key: &str) -> Self {
        self.state.objects.push((bucket.into(), key.into()));
        self
    }

    /// An EC2 Auto Scaling group.
    pub fn with_auto_scaling_group(mut self, group: FakeAutoScalingGroup) -> Self {
        self.state.auto_scaling_groups.push(group);
        self
    }

    /// An enabled EventBridge rule with targets of these ids.
    pub fn with_rule(mut self, name: &str, targets: &[&str]) -> Self {
        self.state.rules.push(events::FakeRule {
            name: name.into(),
            state: "ENABLED".into(),
            targets: targets.iter().map(|t| t.to_string()).collect(),
        });
        self
    }

    /// A FIS experiment template with these tags.
    pub fn with_experiment_template(mut self, id: &str, tags: &[(&str, &str)]) -> Self {
        let tags = tags
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.state.experiment_templates.push((id.into(), tags));
        self
    }

    /// A FIS experiment.
    pub fn with_experiment(mut self, experiment: FakeExperiment) -> Self {
        self.state.experiments.push(experiment);
        self
    }

    /// An SSM (Command) document.
    pub fn with_document(mut self, name: &str) -> Self {
        self.state.documents.push(name.into());
        self
    }

    /// An active EKS cluster.
    pub fn with_eks_cluster(mut self, name: &str) -> Self {
        self.state.eks_clusters.push(name.into());
        self
    }

    /// An Incident Manager incident.
    pub fn with_incident(mut self, incident: FakeIncident) -> Self {
        self.state.incidents.push(incident);
        self
    }

    /// Starts the fake on a random loopback port.
    pub async fn start(self) -> FakeAws {
        self.serve(None).await
    }

    /// Starts the fake on `listener` (a fixed port, for tools outside Rust).
    pub async fn start_on(self, listener: std::net::TcpListener) -> FakeAws {
        self.serve(Some(listener)).await
    }

    async fn serve(self, listener: Option<std::net::TcpListener>) -> FakeAws {
        let server = match listener {
            Some(listener) => MockServer::builder().listener(listener).start().await,
            None => MockServer::start().await,
        };
        let state = Arc::new(Mutex::new(self.state));
        let calls = Arc::new(Mutex::new(Vec::new()));
        Mock::given(wiremock::matchers::any())
            .respond_with(Answer {
                state: Arc::clone(&state),
                calls: Arc::clone(&calls),
            })
            .mount(&server)
            .await;
        FakeAws {
            server,
            state,
            calls,
        }
    }
}

/// A running fake of the AWS services `aws.*` steps use most.
pub struct FakeAws {
    server: MockServer,
    state: Arc<Mutex<State>>,
    calls: Arc<Mutex<Vec<AwsCall>>>,
}

impl std::fmt::Debug for FakeAws {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeAws").field("uri", &self.uri()).finish()
    }
}

impl FakeAws {
    /// A builder to seed state.
    pub fn builder() -> FakeAwsBuilder {
        FakeAwsBuilder::default()
    }

    /// The endpoint, for `endpoint_url` or `AWS_ENDPOINT_URL`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Every call answered, in order.
    pub fn calls(&self) -> Vec<AwsCall> {
        self.calls.lock().expect("fake aws calls").clone()
    }

    /// The calls that change state.
    pub fn changes(&self) -> Vec<AwsCall> {
        self.calls().into_iter().filter(|c| c.mutating).collect()
    }

    fn read<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&self.state.lock().expect("fake aws state"))
    }

    /// An instance's state (`running`, `stopped`, ...).
    pub fn instance_state(&self, id: &str) -> Option<String> {
        self.read(|s| {
            s.instances
                .iter()
                .find(|i| i.id == id)
                .map(|i| i.state.clone())
        })
    }

    /// An instance's tags.
    pub fn instance_tags(&self, id: &str) -> Vec<(String, String)> {
        self.read(|s| {
            s.instances
                .iter()
                .find(|i| i.id == id)
                .map(|i| i.tags.clone())
                .unwrap_or_default()
        })
    }

    /// The ARNs of `cluster`'s tasks still running.
    pub fn running_tasks(&self, cluster: &str) -> Vec<String> {
        self.read(|s| {
            s.tasks
                .iter()
                .filter(|t| t.cluster == cluster && t.desired_status == "RUNNING")
                .map(|t| t.arn.clone())
                .collect()
        })
    }

    /// A service's desired count.
    pub fn desired_count(&self, cluster: &str, service: &str) -> Option<i32> {
        self.read(|s| {
            s.services
                .iter()
                .find(|x| x.cluster == cluster && x.name == service)
                .map(|x| x.desired)
        })
    }

    /// A DB cluster's writer instance.
    pub fn cluster_writer(&self, cluster: &str) -> Option<String> {
        self.read(|s| {
            s.db_clusters
                .iter()
                .find(|c| c.id == cluster)
                .and_then(|c| c.members.iter().find(|m| m.1).map(|m| m.0.clone()))
        })
    }

    /// A DB cluster's status.
    pub fn cluster_status(&self, cluster: &str) -> Option<String> {
        self.read(|s| {
            s.db_clusters
                .iter()
                .find(|c| c.id == cluster)
                .map(|c| c.status.clone())
        })
    }

    /// A function's timeout in seconds.
    pub fn function_timeout(&self, name: &str) -> Option<i32> {
        self.read(|s| {
            s.functions
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.timeout)
        })
    }

    /// A function's memory size in MB.
    pub fn function_memory(&self, name: &str) -> Option<i32> {
        self.read(|s| {
            s.functions
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.memory)
        })
    }

    /// A function's environment variables.
    pub fn function_environment(&self, name: &str) -> Vec<(String, String)> {
        self.read(|s| {
            s.functions
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.environment.clone())
                .unwrap_or_default()
        })
    }

    /// The target ids registered in a target group.
    pub fn targets(&self, group: &str) -> Vec<String> {
        self.read(|s| {
            s.target_groups
                .iter()
                .find(|g| g.name == group)
                .map(|g| g.targets.iter().map(|t| t.0.clone()).collect())
                .unwrap_or_default()
        })
    }

    /// How many times a cache cluster's nodes were rebooted.
    pub fn cache_reboots(&self, cluster: &str) -> usize {
        self.read(|s| {
            s.cache_clusters
                .iter()
                .find(|c| c.id == cluster)
                .map(|c| c.reboots)
                .unwrap_or(0)
        })
    }

    /// The primary cluster of a replication group.
    pub fn replication_primary(&self, group: &str) -> Option<String> {
        self.read(|s| {
            s.replication_groups
                .iter()
                .find(|g| g.id == group)
                .map(|g| g.primary.clone())
        })
    }

    /// The broker ids of each reboot asked of an MSK cluster, and its state.
    pub fn kafka_cluster(&self, name: &str) -> Option<(String, Vec<Vec<String>>)> {
        self.read(|s| {
            s.kafka_clusters
                .iter()
                .find(|c| c.name == name)
                .map(|c| (c.state.clone(), c.reboots.clone()))
        })
    }

    /// How many CloudWatch data points were published.
    pub fn datapoints(&self) -> usize {
        self.read(|s| s.datapoints.len())
    }

    /// An EMR fleet's (on-demand, spot) target capacities.
    pub fn fleet_capacity(&self, id: &str) -> Option<(i64, i64)> {
        self.read(|s| {
            s.fleets
                .iter()
                .find(|f| f.id == id)
                .map(|f| (f.on_demand, f.spot))
        })
    }

    /// A bucket's versioning status (empty when never set).
    pub fn bucket_versioning(&self, bucket: &str) -> Option<String> {
        self.read(|s| {
            s.buckets
                .iter()
                .find(|b| b.0 == bucket)
                .map(|b| b.1.clone())
        })
    }

    /// The policy ARNs attached to a role.
    pub fn role_policies(&self, role: &str) -> Vec<String> {
        self.read(|s| {
            s.roles
                .iter()
                .find(|r| r.name == role)
                .map(|r| r.policies.clone())
                .unwrap_or_default()
        })
    }
}

struct Answer {
    state: Arc<Mutex<State>>,
    calls: Arc<Mutex<Vec<AwsCall>>>,
}

/// Whether a call only reads: `Describe*`, `List*`, `Get*` operations, or
/// `GET`/`HEAD` on a REST route the fake does not know.
fn is_read(operation: &str) -> bool {
    ["Describe", "List", "Get", "GET ", "HEAD "]
        .iter()
        .any(|p| operation.starts_with(p))
}

impl Respond for Answer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let call = wire::Call::parse(request);
        let mut state = self.state.lock().expect("fake aws state");
        let reply = match call.service.as_str() {
            "ec2" => ec2::ec2(&mut state, &call),
            "ecs" => ecs::ecs(&mut state, &call),
            "lambda" => lambda::lambda(&mut state, &call),
            "rds" => rds::rds(&mut state, &call),
            "elasticloadbalancing" => elbv2::elbv2(&mut state, &call),
            "elasticache" => elasticache::elasticache(&mut state, &call),
            "iam" => iam::iam(&mut state, &call),
            "kafka" => msk::msk(&mut state, &call),
            "xray" => xray::xray(&mut state, &call),
            "ssm-incidents" => incidents::incidents(&mut state, &call),
            "monitoring" => cloudwatch::cloudwatch(&mut state, &call),
            "elasticmapreduce" => emr::emr(&mut state, &call),
            "route53" => route53::route53(&mut state, &call),
            "s3" => s3::s3(&mut state, &call),
            "autoscaling" => asg::autoscaling(&mut state, &call),
            "events" => events::events(&mut state, &call),
            "fis" => fis::fis(&mut state, &call),
            "ssm" => ssm::ssm(&mut state, &call),
            "eks" => eks::eks(&mut state, &call),
            other => Reply::json_error(
                400,
                "UnrecognizedClientException",
                &format!("FakeAws does not fake the `{other}` service"),
            ),
        };
        self.calls.lock().expect("fake aws calls").push(AwsCall {
            service: call.service.clone(),
            operation: call.operation.clone(),
            // Lambda's `DryRun` invocation checks without running.
            mutating: !(is_read(&call.operation)
                || (call.operation == "Invoke" && call.invocation_type == "DryRun")),
        });
        reply.into_template()
    }
}
