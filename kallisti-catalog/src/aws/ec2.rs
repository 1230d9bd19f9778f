//! `aws.ec2`: EC2.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.ec2` namespace.
pub static EC2: NamespaceSpec = NamespaceSpec {
    name: "aws.ec2",
    feature: "aws-ec2",
    common_args: COMMON,
    actions: &[
        ActionSpec::action("attach_volume", &[ArgSpec::optional("instance_ids", ArgType::List, "null"), ArgSpec::optional("filters", ArgType::List, "null")]).returns("list").doc("Re-attach the volumes kallisti (or the Chaos Toolkit) detached from these instances."),
        ActionSpec::probe("count_instances", &[ArgSpec::required("filters", ArgType::List)]).returns("integer").doc("How many instances match the filters."),
        ActionSpec::probe("count_min_instances", &[ArgSpec::required("filters", ArgType::List), ArgSpec::optional("min_count", ArgType::Integer, "0")]).returns("boolean").doc("Whether at least `min_count` instances match the filters."),
        ActionSpec::probe("describe_instances", &[ArgSpec::required("filters", ArgType::List)]).returns("mapping").doc("The instances matching the filters, as `DescribeInstances` returns them."),
        ActionSpec::action("detach_random_volume", &[ArgSpec::optional("instance_ids", ArgType::List, "null"), ArgSpec::optional("filters", ArgType::List, "null"), ArgSpec::optional("force", ArgType::Boolean, "true")]).returns("list").doc("Detach one random non-root EBS volume from each instance, tagging it so `attach_volume` can undo it."),
        ActionSpec::probe("instance_state", &[ArgSpec::required("state", ArgType::String), ArgSpec::optional("instance_ids", ArgType::List, "null"), ArgSpec::optional("filters", ArgType::List, "null")]).returns("boolean").doc("Whether every instance (by id or filters) is in `state`."),
        ActionSpec::action("remove_tags_from_instances", &[ArgSpec::required("tags", ArgType::Any), ArgSpec::optional("az", ArgType::String, "null")]).returns("mapping").doc("Remove these tags from the instances carrying them, optionally within `az`."),
        ActionSpec::action("restart_instances", &[ArgSpec::optional("instance_ids", ArgType::List, "null"), ArgSpec::optional("az", ArgType::String, "null"), ArgSpec::optional("filters", ArgType::List, "null")]).returns("list").doc("Reboot the instances (by id, or every one matching `az` and `filters`)."),
        ActionSpec::action("set_tags_on_instances", &[ArgSpec::required("tags", ArgType::Any), ArgSpec::optional("percentage", ArgType::Integer, "100"), ArgSpec::optional("az", ArgType::String, "null"), ArgSpec::optional("filters", ArgType::List, "null")]).returns("mapping").doc("Tag `percentage` of the running instances matching `az` and `filters`."),
        ActionSpec::action("start_instances", &[ArgSpec::optional("instance_ids", ArgType::List, "null"), ArgSpec::optional("az", ArgType::String, "null"), ArgSpec::optional("filters", ArgType::List, "null")]).returns("list").doc("Start the instances (by id, or every one matching `az` and `filters`)."),
        ActionSpec::action("stop_instance", &[ArgSpec::optional("instance_id", ArgType::String, "null"), ArgSpec::optional("az", ArgType::String, "null"), ArgSpec::optional("force", ArgType::Boolean, "false"), ArgSpec::optional("filters", ArgType::List, "null")]).returns("list").doc("Stop one instance: by id, or a random running one matching `az` and `filters`."),
        ActionSpec::action("stop_instances", &[ArgSpec::optional("instance_ids", ArgType::List, "null"), ArgSpec::optional("az", ArgType::String, "null"), ArgSpec::optional("filters", ArgType::List, "null"), ArgSpec::optional("force", ArgType::Boolean, "false")]).returns("list").doc("Stop the instances (by id, or every running one matching `az` and `filters`)."),
        ActionSpec::action("stop_instances_by_incremental_steps", &[ArgSpec::required("volume", ArgType::Integer), ArgSpec::required("step_quantity", ArgType::Integer), ArgSpec::required("step_duration", ArgType::Integer), ArgSpec::optional("az", ArgType::String, "null"), ArgSpec::optional("tags", ArgType::Any, "null"), ArgSpec::optional("force", ArgType::Boolean, "false")]).returns("list").doc("Stop `volume` percent of the matching instances, `step_quantity` at a time, `step_duration` seconds apart."),
        ActionSpec::action("terminate_instance", &[ArgSpec::optional("instance_id", ArgType::String, "null"), ArgSpec::optional("az", ArgType::String, "null"), ArgSpec::optional("filters", ArgType::List, "null")]).returns("list").doc("Terminate one instance: by id, or a random running one matching `az` and `filters`."),
        ActionSpec::action("terminate_instances", &[ArgSpec::optional("instance_ids", ArgType::List, "null"), ArgSpec::optional("az", ArgType::String, "null"), ArgSpec::optional("filters", ArgType::List, "null")]).returns("list").doc("Terminate the instances (by id, or every running one matching `az` and `filters`)."),
    ],
    doc: "EC2 instances: stop, start, restart, terminate, tag, detach and attach volumes.",
};
