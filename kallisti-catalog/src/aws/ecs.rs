//! `aws.ecs`: ECS.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.ecs` namespace.
pub static ECS: NamespaceSpec = NamespaceSpec {
    name: "aws.ecs",
    feature: "aws-ecs",
    common_args: COMMON,
    actions: &[
        ActionSpec::probe(
            "are_all_desired_tasks_running",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
                ArgSpec::required("service", ArgType::String).doc("The service's name or ARN."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.probes")
        .returns("boolean")
        .doc("True when service `service` of cluster `cluster` runs as many tasks as its desired count."),
        ActionSpec::action(
            "delete_cluster",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .returns("mapping")
        .doc("Deletes the ECS cluster `cluster`; returns its last description under `cluster`."),
        ActionSpec::action(
            "delete_service",
            &[
                ArgSpec::optional("service", ArgType::String, "null")
                    .doc("The service to delete (or give `service_pattern`)."),
                ArgSpec::optional("cluster", ArgType::String, "null")
                    .doc("The cluster's name or ARN (default: `default`)."),
                ArgSpec::optional("service_pattern", ArgType::String, "null")
                    .doc("A regular expression; one service whose name matches is picked at random."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .returns("mapping")
        .doc("Scales a service of `cluster` to zero, with deployment limits of 0% healthy and 100% at most so every task may stop at once, then deletes it: `service`, or one picked at random among those whose name matches `service_pattern`; returns its last description."),
        ActionSpec::action(
            "deregister_container_instance",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
                ArgSpec::required("instance_id", ArgType::String)
                    .doc("The container instance's id or ARN."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Deregister even while tasks still run on it."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .returns("mapping")
        .doc("Deregisters container instance `instance_id` from cluster `cluster`; returns the instance's description."),
        ActionSpec::probe(
            "describe_cluster",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.probes")
        .returns("mapping")
        .doc("Describes cluster `cluster` (status and instance, task and service counts) under `clusters`, with ECS's `failures`."),
        ActionSpec::probe(
            "describe_service",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
                ArgSpec::required("service", ArgType::String).doc("The service's name or ARN."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.probes")
        .returns("mapping")
        .doc("Describes service `service` of cluster `cluster` (counts, deployments, placement) under `services`; fails when there is no such service."),
        ActionSpec::probe(
            "describe_tasks",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.probes")
        .returns("mapping")
        .doc("Describes every running task of cluster `cluster` under `tasks`."),
        ActionSpec::probe(
            "service_is_deploying",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
                ArgSpec::required("service", ArgType::String).doc("The service's name or ARN."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.probes")
        .returns("boolean")
        .doc("True when service `service` of cluster `cluster` has a deployment besides its primary one, i.e. a rollout is under way."),
        ActionSpec::action(
            "set_service_deployment_configuration",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
                ArgSpec::required("service", ArgType::String).doc("The service's name or ARN."),
                ArgSpec::optional("maximum_percent", ArgType::Integer, "200")
                    .doc("Upper limit on running tasks during a deployment, in percent of the desired count."),
                ArgSpec::optional("minimum_healthy_percent", ArgType::Integer, "100")
                    .doc("Lower limit (0-100) on healthy tasks during a deployment, in percent of the desired count."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .returns("mapping")
        .doc("Changes the deployment limits (`maximum_percent`, `minimum_healthy_percent`) of service `service` in cluster `cluster`; returns the updated service."),
        ActionSpec::action(
            "set_service_placement_strategy",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
                ArgSpec::required("service", ArgType::String).doc("The service's name or ARN."),
                ArgSpec::required("placement_type", ArgType::String)
                    .choices(&["random", "spread", "binpack"])
                    .doc("`random`, `spread` or `binpack`."),
                ArgSpec::optional("placement_field", ArgType::String, "null")
                    .doc("What to spread or pack on, e.g. `attribute:ecs.availability-zone` or `memory`."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .returns("mapping")
        .doc("Replaces the task placement strategy of service `service` in cluster `cluster`; returns the updated service."),
        ActionSpec::action(
            "stop_random_tasks",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
                ArgSpec::optional("task_count", ArgType::Integer, "null")
                    .doc("How many tasks to stop (give this or `task_percent`)."),
                ArgSpec::optional("task_percent", ArgType::Integer, "null")
                    .doc("Percentage (1-100) of the running tasks to stop, rounded down but at least one."),
                ArgSpec::optional("service", ArgType::String, "null")
                    .doc("Only pick tasks of this service."),
                ArgSpec::optional("reason", ArgType::String, r#""Chaos Testing""#)
                    .doc("The reason ECS records on each stopped task."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .returns("list")
        .doc("Stops `task_count` (or `task_percent`) randomly chosen running tasks of cluster `cluster`, or of its service `service`; returns one `{Task_Id, Desired_Status}` entry (task ARN, desired status) per task stopped."),
        ActionSpec::action(
            "stop_task",
            &[
                ArgSpec::optional("cluster", ArgType::String, "null")
                    .doc("The cluster's name or ARN (default: `default`)."),
                ArgSpec::optional("task_id", ArgType::String, "null")
                    .doc("The task's id or ARN (or give `service`)."),
                ArgSpec::optional("service", ArgType::String, "null")
                    .doc("Pick a random running task of this service instead."),
                ArgSpec::optional("reason", ArgType::String, r#""Chaos Testing""#)
                    .doc("The reason ECS records on the stopped task."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .returns("mapping")
        .doc("Stops task `task_id`, or a random running task of `service`, in `cluster`; returns the stopped task under `task`."),
        ActionSpec::action(
            "tag_resource",
            &[
                ArgSpec::required("tags", ArgType::List)
                    .doc("Tags to add, as `key`/`value` pairs."),
                ArgSpec::required("resource_arn", ArgType::String)
                    .doc("ARN of the ECS resource (cluster, service, task, ...)."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .doc("Adds `tags` to the ECS resource `resource_arn`; returns nothing."),
        ActionSpec::action(
            "untag_resource",
            &[
                ArgSpec::required("tag_keys", ArgType::List).doc("Keys of the tags to remove."),
                ArgSpec::required("resource_arn", ArgType::String)
                    .doc("ARN of the ECS resource (cluster, service, task, ...)."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .doc("Removes the tags whose keys are in `tag_keys` from the ECS resource `resource_arn`; returns nothing."),
        ActionSpec::action(
            "update_container_instances_state",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
                ArgSpec::required("container_instances", ArgType::List)
                    .doc("Ids or ARNs of the container instances."),
                ArgSpec::required("status", ArgType::String)
                    .choices(&["ACTIVE", "DRAINING"])
                    .doc("`ACTIVE` or `DRAINING`."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .returns("mapping")
        .doc("Sets the container instances `container_instances` of cluster `cluster` to `status`; returns their descriptions and ECS's `failures`. The driver fails here: the boto3 method it calls is misspelt."),
        ActionSpec::action(
            "update_desired_count",
            &[
                ArgSpec::required("cluster", ArgType::String).doc("The cluster's name or ARN."),
                ArgSpec::required("service", ArgType::String).doc("The service's name or ARN."),
                ArgSpec::required("desired_count", ArgType::Integer)
                    .doc("The new desired number of tasks (0 or more)."),
            ],
        )
        .chaostoolkit("chaosaws.ecs.actions")
        .returns("mapping")
        .doc("Sets the desired task count of service `service` in cluster `cluster` to `desired_count`; returns the updated service."),
    ],
    doc: "ECS clusters, services and tasks: stop tasks, change desired counts and deployments.",
};
