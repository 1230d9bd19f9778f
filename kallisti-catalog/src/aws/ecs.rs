//! `aws.ecs`: ECS.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.ecs` namespace.
pub static ECS: NamespaceSpec = NamespaceSpec {
    name: "aws.ecs",
    feature: "aws-ecs",
    common_args: COMMON,
    actions: &[
        ActionSpec::probe("are_all_desired_tasks_running", &[ArgSpec::required("cluster", ArgType::String), ArgSpec::required("service", ArgType::String)]).returns("boolean").doc("Whether the service runs as many tasks as it desires."),
        ActionSpec::action("delete_cluster", &[ArgSpec::required("cluster", ArgType::String)]).returns("mapping").doc("Delete a cluster."),
        ActionSpec::action("delete_service", &[ArgSpec::optional("service", ArgType::String, "null"), ArgSpec::optional("cluster", ArgType::String, "null"), ArgSpec::optional("service_pattern", ArgType::String, "null")]).returns("mapping").doc("Delete a service (scaled to zero first), or a random one whose name matches `service_pattern`."),
        ActionSpec::action("deregister_container_instance", &[ArgSpec::required("cluster", ArgType::String), ArgSpec::required("instance_id", ArgType::String), ArgSpec::optional("force", ArgType::Boolean, "false")]).returns("mapping").doc("Deregister a container instance from a cluster."),
        ActionSpec::probe("describe_cluster", &[ArgSpec::required("cluster", ArgType::String)]).returns("mapping").doc("A cluster, as `DescribeClusters` returns it."),
        ActionSpec::probe("describe_service", &[ArgSpec::required("cluster", ArgType::String), ArgSpec::required("service", ArgType::String)]).returns("mapping").doc("A service, as `DescribeServices` returns it."),
        ActionSpec::probe("describe_tasks", &[ArgSpec::required("cluster", ArgType::String)]).returns("mapping").doc("Every task of a cluster, as `DescribeTasks` returns them."),
        ActionSpec::probe("service_is_deploying", &[ArgSpec::required("cluster", ArgType::String), ArgSpec::required("service", ArgType::String)]).returns("boolean").doc("Whether the service has a deployment other than its primary one."),
        ActionSpec::action("set_service_deployment_configuration", &[ArgSpec::required("cluster", ArgType::String), ArgSpec::required("service", ArgType::String), ArgSpec::optional("maximum_percent", ArgType::Integer, "200"), ArgSpec::optional("minimum_healthy_percent", ArgType::Integer, "100")]).returns("mapping").doc("Set a service's maximum and minimum healthy percents."),
        ActionSpec::action("set_service_placement_strategy", &[ArgSpec::required("cluster", ArgType::String), ArgSpec::required("service", ArgType::String), ArgSpec::required("placement_type", ArgType::String), ArgSpec::optional("placement_field", ArgType::String, "null")]).returns("mapping").doc("Set a service's task placement strategy."),
        ActionSpec::action("stop_random_tasks", &[ArgSpec::required("cluster", ArgType::String), ArgSpec::optional("task_count", ArgType::Integer, "null"), ArgSpec::optional("task_percent", ArgType::Integer, "null"), ArgSpec::optional("service", ArgType::String, "null"), ArgSpec::optional("reason", ArgType::String, r#""Chaos Testing""#)]).returns("list").doc("Stop `task_count` (or `task_percent`) random running tasks of the cluster, or of one service."),
        ActionSpec::action("stop_task", &[ArgSpec::optional("cluster", ArgType::String, "null"), ArgSpec::optional("task_id", ArgType::String, "null"), ArgSpec::optional("service", ArgType::String, "null"), ArgSpec::optional("reason", ArgType::String, r#""Chaos Testing""#)]).returns("mapping").doc("Stop a task by id, or a random running task of `service`."),
        ActionSpec::action("tag_resource", &[ArgSpec::required("tags", ArgType::List), ArgSpec::required("resource_arn", ArgType::String)]).doc("Tag an ECS resource."),
        ActionSpec::action("untag_resource", &[ArgSpec::required("tag_keys", ArgType::List), ArgSpec::required("resource_arn", ArgType::String)]).doc("Remove tags from an ECS resource."),
        ActionSpec::action("update_container_instances_state", &[ArgSpec::required("cluster", ArgType::String), ArgSpec::required("container_instances", ArgType::List), ArgSpec::required("status", ArgType::String)]).returns("mapping").doc("Set container instances to `ACTIVE` or `DRAINING`."),
        ActionSpec::action("update_desired_count", &[ArgSpec::required("cluster", ArgType::String), ArgSpec::required("service", ArgType::String), ArgSpec::required("desired_count", ArgType::Integer)]).returns("mapping").doc("Set a service's desired task count."),
    ],
    doc: "ECS clusters, services and tasks: stop tasks, change desired counts and deployments.",
};
