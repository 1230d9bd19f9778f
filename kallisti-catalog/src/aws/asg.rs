//! `aws.asg`: EC2 Auto Scaling.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.asg` namespace.
pub static ASG: NamespaceSpec = NamespaceSpec {
    name: "aws.asg",
    feature: "aws-asg",
    common_args: COMMON,
    actions: &[
        ActionSpec::action("attach_volume", &[ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null")]).returns("list").doc("Re-attach the EBS volumes kallisti (or the Chaos Toolkit) detached from the groups' instances."),
        ActionSpec::action("change_subnets", &[ArgSpec::required("subnets", ArgType::List), ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null")]).doc("Set the subnets of the groups."),
        ActionSpec::probe("describe_auto_scaling_groups", &[ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null")]).returns("mapping").doc("The groups named or tagged so, as `DescribeAutoScalingGroups` returns them."),
        ActionSpec::probe("desired_equals_healthy", &[ArgSpec::required("asg_names", ArgType::List)]).returns("boolean").doc("Whether every named group has as many healthy in-service instances as it desires."),
        ActionSpec::probe("desired_equals_healthy_tags", &[ArgSpec::required("tags", ArgType::List)]).returns("boolean").doc("Whether every group with these tags has as many healthy in-service instances as it desires."),
        ActionSpec::action("detach_random_instances", &[ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null"), ArgSpec::optional("instance_count", ArgType::Integer, "null"), ArgSpec::optional("instance_percent", ArgType::Integer, "null"), ArgSpec::optional("decrement_capacity", ArgType::Boolean, "false")]).returns("mapping").doc("Detach `instance_count` (or `instance_percent`) random instances from each group."),
        ActionSpec::action("detach_random_volume", &[ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null"), ArgSpec::optional("force", ArgType::Boolean, "true")]).returns("list").doc("Detach one random non-root EBS volume from one random instance of each group."),
        ActionSpec::probe("has_subnets", &[ArgSpec::required("subnets", ArgType::List), ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null")]).returns("boolean").doc("Whether every group uses exactly these subnets."),
        ActionSpec::probe("instance_count_by_health", &[ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null"), ArgSpec::optional("count_healthy", ArgType::Boolean, "true")]).returns("integer").doc("How many instances of the groups are healthy (or unhealthy with `count_healthy: false`)."),
        ActionSpec::probe("is_scaling_in_progress", &[ArgSpec::required("tags", ArgType::List)]).returns("boolean").doc("Whether a scaling activity is in progress for a group with these tags."),
        ActionSpec::probe("process_is_suspended", &[ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null"), ArgSpec::optional("process_names", ArgType::List, "null")]).returns("boolean").doc("Whether these processes (any, when none given) are suspended on every group."),
        ActionSpec::action("resume_processes", &[ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null"), ArgSpec::optional("process_names", ArgType::List, "null")]).returns("mapping").doc("Resume these processes (all suspended ones when none given) on the groups."),
        ActionSpec::action("stop_random_instances", &[ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null"), ArgSpec::optional("instance_count", ArgType::Integer, "null"), ArgSpec::optional("instance_percent", ArgType::Integer, "null"), ArgSpec::optional("az", ArgType::String, "null"), ArgSpec::optional("force", ArgType::Boolean, "false")]).returns("list").doc("Stop `instance_count` (or `instance_percent`) random in-service instances of each group, optionally within `az`."),
        ActionSpec::action("suspend_processes", &[ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null"), ArgSpec::optional("process_names", ArgType::List, "null")]).returns("mapping").doc("Suspend these processes (all when none given) on the groups."),
        ActionSpec::action("terminate_random_instances", &[ArgSpec::optional("asg_names", ArgType::List, "null"), ArgSpec::optional("tags", ArgType::List, "null"), ArgSpec::optional("instance_count", ArgType::Integer, "null"), ArgSpec::optional("instance_percent", ArgType::Integer, "null"), ArgSpec::optional("az", ArgType::String, "null")]).returns("list").doc("Terminate `instance_count` (or `instance_percent`) random in-service instances of each group, optionally within `az`."),
        ActionSpec::probe("wait_desired_equals_healthy", &[ArgSpec::required("asg_names", ArgType::List), ArgSpec::optional("timeout", ArgType::Any, "300")]).returns("integer").doc("Wait until every named group is as healthy as it desires; the seconds waited."),
        ActionSpec::probe("wait_desired_equals_healthy_tags", &[ArgSpec::required("tags", ArgType::List), ArgSpec::optional("timeout", ArgType::Any, "300")]).returns("integer").doc("Wait until every group with these tags is as healthy as it desires; the seconds waited."),
        ActionSpec::probe("wait_desired_not_equals_healthy_tags", &[ArgSpec::required("tags", ArgType::List), ArgSpec::optional("timeout", ArgType::Any, "300")]).returns("integer").doc("Wait until a group with these tags is less healthy than it desires; the seconds waited."),
    ],
    doc: "EC2 Auto Scaling groups: detach and stop instances, suspend processes, change subnets, health probes.",
};
