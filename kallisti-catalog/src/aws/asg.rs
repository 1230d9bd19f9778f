//! `aws.asg`: EC2 Auto Scaling.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.asg` namespace.
pub static ASG: NamespaceSpec = NamespaceSpec {
    name: "aws.asg",
    feature: "aws-asg",
    common_args: COMMON,
    actions: &[
        ActionSpec::action(
            "attach_volume",
            &[
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
            ],
        )
        .chaostoolkit("chaosaws.asg.actions")
        .returns("list")
        .doc("Re-attaches the EBS volumes tagged as detached from the groups named in `asg_names` or carrying `tags` (their tag ends `;ASG=<group>`, as `detach_random_volume` and the Chaos Toolkit write it), or, without a group in the tag, from a current member; leaves the tag, skips volumes already in use; returns the AttachVolume responses, one per volume. The driver fails here: it asks its Auto Scaling client, which has no such call, to attach."),
        ActionSpec::action(
            "change_subnets",
            &[
                ArgSpec::required("subnets", ArgType::List)
                    .doc("Ids of the subnets the groups should use from now on."),
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
            ],
        )
        .chaostoolkit("chaosaws.asg.actions")
        .doc("Replaces the subnets (VPC zone identifier) of every group named in `asg_names` or carrying `tags` with `subnets`; returns nothing."),
        ActionSpec::probe(
            "describe_auto_scaling_groups",
            &[
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
            ],
        )
        .chaostoolkit("chaosaws.asg.probes")
        .returns("mapping")
        .doc("Describes the groups named in `asg_names` or carrying `tags` (sizes, instances and their health, suspended processes, tags) under `AutoScalingGroups`; fails when none is found."),
        ActionSpec::probe(
            "desired_equals_healthy",
            &[
                ArgSpec::required("asg_names", ArgType::List)
                    .doc("Names of the Auto Scaling groups to check."),
            ],
        )
        .chaostoolkit("chaosaws.asg.probes")
        .returns("boolean")
        .doc("True when each group in `asg_names` has exactly as many healthy in-service instances as its desired capacity."),
        ActionSpec::probe(
            "desired_equals_healthy_tags",
            &[
                ArgSpec::required("tags", ArgType::List)
                    .doc("`Key`/`Value` pairs picking the groups to check."),
            ],
        )
        .chaostoolkit("chaosaws.asg.probes")
        .returns("boolean")
        .doc("True when each group carrying `tags` has exactly as many healthy in-service instances as its desired capacity."),
        ActionSpec::action(
            "detach_random_instances",
            &[
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
                ArgSpec::optional("instance_count", ArgType::Integer, "null")
                    .doc("How many instances to take from each group (give this or `instance_percent`)."),
                ArgSpec::optional("instance_percent", ArgType::Integer, "null")
                    .doc("Percentage (1-100) of each group's healthy in-service instances, rounded down but at least one."),
                ArgSpec::optional("decrement_capacity", ArgType::Boolean, "false")
                    .doc("Lower each group's desired capacity by the instances detached, so none is launched to replace them."),
            ],
        )
        .chaostoolkit("chaosaws.asg.actions")
        .returns("mapping")
        .doc("Detaches `instance_count` (or `instance_percent`) randomly chosen healthy in-service instances from each group named in `asg_names` or carrying `tags`; returns every call's scaling activities under `Activities`, and each group's detached instance ids under `DetachingInstances`."),
        ActionSpec::action(
            "detach_random_volume",
            &[
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
                ArgSpec::optional("force", ArgType::Boolean, "true")
                    .doc("Use EC2's forced detach, for a volume the instance does not release cleanly."),
            ],
        )
        .chaostoolkit("chaosaws.asg.actions")
        .returns("list")
        .doc("Detaches one random EBS data volume (never the root one) from every instance of the groups named in `asg_names` or carrying `tags`, tagging each with its device, instance and `;ASG=<group>` for `attach_volume`; returns the DetachVolume responses, one per volume (`[]` when no instance has a data volume, as in the driver)."),
        ActionSpec::probe(
            "has_subnets",
            &[
                ArgSpec::required("subnets", ArgType::List)
                    .doc("Ids of the subnets each group is expected to use."),
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
            ],
        )
        .chaostoolkit("chaosaws.asg.probes")
        .returns("boolean")
        .doc("True when every group named in `asg_names` or carrying `tags` uses exactly the subnets in `subnets`, in any order. The driver fails on a group placed by zone, reading a `VPCZoneIdentifier` it lacks; kallisti answers false there."),
        ActionSpec::probe(
            "instance_count_by_health",
            &[
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
                ArgSpec::optional("count_healthy", ArgType::Boolean, "true")
                    .doc("Count the healthy instances (`true`) or the unhealthy ones (`false`)."),
            ],
        )
        .chaostoolkit("chaosaws.asg.probes")
        .returns("integer")
        .doc("Counts the instances of the groups named in `asg_names` or carrying `tags` whose health is Healthy (Unhealthy with `count_healthy: false`); returns the number."),
        ActionSpec::probe(
            "is_scaling_in_progress",
            &[
                ArgSpec::required("tags", ArgType::List)
                    .doc("`Key`/`Value` pairs picking the groups to check."),
            ],
        )
        .chaostoolkit("chaosaws.asg.probes")
        .returns("boolean")
        .doc("True when some group carrying `tags` is off its desired healthy count or has an instance outside the InService state."),
        ActionSpec::probe(
            "process_is_suspended",
            &[
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
                ArgSpec::optional("process_names", ArgType::List, "null")
                    .doc("Auto Scaling processes to look for, e.g. `Launch` or `AZRebalance` (default: any process)."),
            ],
        )
        .chaostoolkit("chaosaws.asg.probes")
        .returns("boolean")
        .doc("True when each group named in `asg_names` or carrying `tags` has all of `process_names` suspended (with none named, any suspended process counts)."),
        ActionSpec::action(
            "resume_processes",
            &[
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
                ArgSpec::optional("process_names", ArgType::List, "null")
                    .doc("Auto Scaling processes to resume, e.g. `Launch` or `HealthCheck` (default: every suspended one)."),
            ],
        )
        .chaostoolkit("chaosaws.asg.actions")
        .returns("mapping")
        .doc("Resumes `process_names` (every suspended process when none is named) on the groups named in `asg_names` or carrying `tags`; returns the groups described afterwards under `AutoScalingGroups`."),
        ActionSpec::action(
            "stop_random_instances",
            &[
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
                ArgSpec::optional("instance_count", ArgType::Integer, "null")
                    .doc("How many instances to take from each group (give this or `instance_percent`)."),
                ArgSpec::optional("instance_percent", ArgType::Integer, "null")
                    .doc("Percentage (1-100) of each group's healthy in-service instances, rounded down but at least one."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Only pick instances in this availability zone."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Stop without letting the instances flush their caches or shut down cleanly."),
            ],
        )
        .chaostoolkit("chaosaws.asg.actions")
        .returns("list")
        .doc("Stops `instance_count` (or `instance_percent`) randomly chosen healthy in-service instances of each group named in `asg_names` or carrying `tags`, within `az` when given; `az` alone stops all of them in that zone; returns one `{AutoScalingGroupName, StoppingInstances}` entry per group. Deviation: `az` with a count or percentage picks that many in the zone, where the driver ignores the count."),
        ActionSpec::action(
            "suspend_processes",
            &[
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
                ArgSpec::optional("process_names", ArgType::List, "null")
                    .doc("Auto Scaling processes to suspend, e.g. `Launch` or `ReplaceUnhealthy` (default: all of them)."),
            ],
        )
        .chaostoolkit("chaosaws.asg.actions")
        .returns("mapping")
        .doc("Suspends `process_names` (every process when none is named) on the groups named in `asg_names` or carrying `tags`; returns the groups described afterwards under `AutoScalingGroups`."),
        ActionSpec::action(
            "terminate_random_instances",
            &[
                ArgSpec::optional("asg_names", ArgType::List, "null")
                    .doc("Names of the Auto Scaling groups (give this or `tags`)."),
                ArgSpec::optional("tags", ArgType::List, "null")
                    .doc("`Key`/`Value` pairs picking the groups instead of `asg_names`."),
                ArgSpec::optional("instance_count", ArgType::Integer, "null")
                    .doc("How many instances to take from each group (give this or `instance_percent`)."),
                ArgSpec::optional("instance_percent", ArgType::Integer, "null")
                    .doc("Percentage (1-100) of each group's healthy in-service instances, rounded down but at least one."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Only pick instances in this availability zone."),
            ],
        )
        .chaostoolkit("chaosaws.asg.actions")
        .returns("list")
        .doc("Terminates `instance_count` (or `instance_percent`) randomly chosen healthy in-service instances of each group named in `asg_names` or carrying `tags`, within `az` when given; `az` alone terminates all of them in that zone; returns one `{AutoScalingGroupName, TerminatingInstances}` entry per group. Deviation: `az` with a count or percentage picks that many in the zone, where the driver ignores the count."),
        ActionSpec::probe(
            "wait_desired_equals_healthy",
            &[
                ArgSpec::required("asg_names", ArgType::List)
                    .doc("Names of the Auto Scaling groups to wait for."),
                ArgSpec::optional("timeout", ArgType::Any, "300")
                    .doc("How long to wait: seconds, or a duration such as `5m`."),
            ],
        )
        .chaostoolkit("chaosaws.asg.probes")
        .returns("integer")
        .doc("Polls every second until each group in `asg_names` has as many healthy in-service instances as it desires; returns the seconds waited, or the largest integer once `timeout` runs out."),
        ActionSpec::probe(
            "wait_desired_equals_healthy_tags",
            &[
                ArgSpec::required("tags", ArgType::List)
                    .doc("`Key`/`Value` pairs picking the groups to wait for."),
                ArgSpec::optional("timeout", ArgType::Any, "300")
                    .doc("How long to wait: seconds, or a duration such as `5m`."),
            ],
        )
        .chaostoolkit("chaosaws.asg.probes")
        .returns("integer")
        .doc("Polls every second until each group carrying `tags` has as many healthy in-service instances as it desires; returns the seconds waited, or the largest integer once `timeout` runs out."),
        ActionSpec::probe(
            "wait_desired_not_equals_healthy_tags",
            &[
                ArgSpec::required("tags", ArgType::List)
                    .doc("`Key`/`Value` pairs picking the groups to watch."),
                ArgSpec::optional("timeout", ArgType::Any, "300")
                    .doc("How long to wait: seconds, or a duration such as `5m`."),
            ],
        )
        .chaostoolkit("chaosaws.asg.probes")
        .returns("integer")
        .doc("Polls every second until some group carrying `tags` no longer has as many healthy in-service instances as it desires; returns the seconds waited, or the largest integer once `timeout` runs out."),
    ],
    doc: "EC2 Auto Scaling groups: detach and stop instances, suspend processes, change subnets, health probes.",
};
