//! `aws.ec2`: EC2.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.ec2` namespace.
pub static EC2: NamespaceSpec = NamespaceSpec {
    name: "aws.ec2",
    feature: "aws-ec2",
    common_args: COMMON,
    actions: &[
        ActionSpec::action(
            "attach_volume",
            &[
                ArgSpec::optional("instance_ids", ArgType::List, "null")
                    .doc("Ids of the instances whose volumes to re-attach (or give `filters`)."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("EC2 filters picking the instances instead, as `Name`/`Values` pairs."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("list")
        .doc("Re-attaches the EBS volumes tagged as detached (by `detach_random_volume` or the Chaos Toolkit) to the instances in `instance_ids` or matching `filters`, on their former device, and leaves the tag on them as the driver does; a tagged volume already in use is skipped rather than failing the step; returns the AttachVolume responses, one per volume. Unlike the driver, which given neither argument re-attaches every tagged volume in the region, kallisti asks for one, so a step never reaches volumes another experiment detached."),
        ActionSpec::probe(
            "count_instances",
            &[
                ArgSpec::required("filters", ArgType::List)
                    .doc("EC2 filters as `Name`/`Values` pairs, e.g. `instance-state-name`."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.probes")
        .returns("integer")
        .doc("Counts the instances matching `filters`, whatever their state; returns the number. Deviation: the driver counts reservations, which undercounts instances launched together."),
        ActionSpec::probe(
            "count_min_instances",
            &[
                ArgSpec::required("filters", ArgType::List)
                    .doc("EC2 filters as `Name`/`Values` pairs, e.g. `tag:Role` or `instance-type`."),
                ArgSpec::optional("min_count", ArgType::Integer, "0")
                    .doc("The smallest count that passes."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.probes")
        .returns("boolean")
        .doc("True when at least `min_count` instances match `filters`. Deviation: counts instances where the driver counts reservations."),
        ActionSpec::probe(
            "describe_instances",
            &[
                ArgSpec::required("filters", ArgType::List)
                    .doc("EC2 filters as `Name`/`Values` pairs, e.g. `tag:Role` or `instance-type`."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.probes")
        .returns("mapping")
        .doc("Describes every instance matching `filters` (id, type, state, zone, addresses, volumes, tags) under `Reservations`."),
        ActionSpec::action(
            "detach_random_volume",
            &[
                ArgSpec::optional("instance_ids", ArgType::List, "null")
                    .doc("Ids of the instances to take a volume from (or give `filters`)."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("EC2 filters picking the instances instead, as `Name`/`Values` pairs."),
                ArgSpec::optional("force", ArgType::Boolean, "true")
                    .doc("Use EC2's forced detach, for a volume the instance does not release cleanly."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("list")
        .doc("Detaches one EBS data volume (never the root one), chosen at random, from each instance in `instance_ids` or matching `filters`, tagging it so `attach_volume` can put it back; returns the DetachVolume responses, one per volume (`[]` when no instance has a data volume, as in the driver)."),
        ActionSpec::probe(
            "instance_state",
            &[
                ArgSpec::required("state", ArgType::String)
                    .doc("The state expected: `pending`, `running`, `stopping`, `stopped`, `shutting-down` or `terminated`."),
                ArgSpec::optional("instance_ids", ArgType::List, "null")
                    .doc("Ids of the instances to check (or give `filters`)."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("EC2 filters picking the instances instead, as `Name`/`Values` pairs."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.probes")
        .returns("boolean")
        .doc("True when every instance in `instance_ids`, or matching `filters`, is in `state`; the others are logged. Deviation: checks the instances of every reservation, where the driver looks at the first reservation only."),
        ActionSpec::action(
            "remove_tags_from_instances",
            &[
                ArgSpec::required("tags", ArgType::Any)
                    .doc("The tags to remove: `Key`/`Value` pairs, a mapping, or `k=v,k2=v2`."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Only touch instances in this availability zone."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("mapping")
        .doc("Removes `tags` from every instance that carries them, within `az` when given; returns DeleteTags' response."),
        ActionSpec::action(
            "restart_instances",
            &[
                ArgSpec::optional("instance_ids", ArgType::List, "null")
                    .doc("Ids of the instances to reboot (or select them with `az` and `filters`)."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Only select instances in this availability zone."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("EC2 filters as `Name`/`Values` pairs, e.g. `tag:Role` or `instance-type`."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("list")
        .doc("Reboots the instances in `instance_ids`, or every running instance matching `az` and `filters`; returns an empty list, as the driver does (EC2 reports nothing about a reboot)."),
        ActionSpec::action(
            "set_tags_on_instances",
            &[
                ArgSpec::required("tags", ArgType::Any)
                    .doc("The tags to set: `Key`/`Value` pairs, a mapping, or `k=v,k2=v2`."),
                ArgSpec::optional("percentage", ArgType::Integer, "100")
                    .doc("Share (1-100) of the matching instances to tag."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Only pick instances in this availability zone."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("EC2 filters as `Name`/`Values` pairs, e.g. `tag:Role` or `instance-type`."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("mapping")
        .doc("Puts `tags` on a random `percentage` of the instances matching `az` and `filters`, whatever their state (stopped ones too, as the driver); returns CreateTags' response."),
        ActionSpec::action(
            "start_instances",
            &[
                ArgSpec::optional("instance_ids", ArgType::List, "null")
                    .doc("Ids of the instances to start (or select them with `az` and `filters`)."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Only select instances in this availability zone."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("EC2 filters as `Name`/`Values` pairs, e.g. `tag:Role` or `instance-type`."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("list")
        .doc("Starts the instances in `instance_ids`, or every stopped instance matching `az` and `filters`; returns every call's `StartingInstances`, joined into one list, as the driver does."),
        ActionSpec::action(
            "stop_instance",
            &[
                ArgSpec::optional("instance_id", ArgType::String, "null")
                    .doc("The instance to stop (default: a random running one of `az` and `filters`)."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Pick among the running instances of this availability zone."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Stop without letting the instances flush their caches or shut down cleanly."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("EC2 filters as `Name`/`Values` pairs, e.g. `tag:Role` or `instance-type`."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("list")
        .doc("Stops one instance: `instance_id`, or a random running one matching `az` and `filters` (a spot instance is terminated instead); returns the StopInstances responses (TerminateInstances for spot instances)."),
        ActionSpec::action(
            "stop_instances",
            &[
                ArgSpec::optional("instance_ids", ArgType::List, "null")
                    .doc("Ids of the instances to stop (or select them with `az` and `filters`)."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Only select instances in this availability zone."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("EC2 filters as `Name`/`Values` pairs, e.g. `tag:Role` or `instance-type`."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Stop without letting the instances flush their caches or shut down cleanly."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("list")
        .doc("Stops the instances in `instance_ids`, or every running instance matching `az` and `filters` (spot instances are terminated instead); returns the StopInstances responses (TerminateInstances for spot instances)."),
        ActionSpec::action(
            "stop_instances_by_incremental_steps",
            &[
                ArgSpec::required("volume", ArgType::Integer)
                    .doc("Percentage (1-100) of the matching running instances to stop in all."),
                ArgSpec::required("step_quantity", ArgType::Integer)
                    .doc("How many instances each batch stops."),
                ArgSpec::required("step_duration", ArgType::Integer)
                    .doc("Seconds to wait between batches."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Only pick instances in this availability zone."),
                ArgSpec::optional("tags", ArgType::Any, "null")
                    .doc("Tags the instances must carry: `Key`/`Value` pairs, a mapping, or `k=v,k2=v2`."),
                ArgSpec::optional("force", ArgType::Boolean, "false")
                    .doc("Stop without letting the instances flush their caches or shut down cleanly."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("list")
        .doc("Stops `volume` percent of the running instances matching `az` and `tags`, picked at random, in batches of `step_quantity` that are `step_duration` seconds apart; returns the StopInstances responses (TerminateInstances for spot instances). The driver fails whatever it is given: it samples a dict, and sends `tags` to DescribeInstances as a filter of its own."),
        ActionSpec::action(
            "terminate_instance",
            &[
                ArgSpec::optional("instance_id", ArgType::String, "null")
                    .doc("The instance to terminate (default: a random running one of `az` and `filters`)."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Pick among the running instances of this availability zone."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("EC2 filters as `Name`/`Values` pairs, e.g. `tag:Role` or `instance-type`."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("list")
        .doc("Terminates one instance: `instance_id`, or a random running one matching `az` and `filters`; returns the TerminateInstances responses."),
        ActionSpec::action(
            "terminate_instances",
            &[
                ArgSpec::optional("instance_ids", ArgType::List, "null")
                    .doc("Ids of the instances to terminate (or select them with `az` and `filters`)."),
                ArgSpec::optional("az", ArgType::String, "null")
                    .doc("Only select instances in this availability zone."),
                ArgSpec::optional("filters", ArgType::List, "null")
                    .doc("EC2 filters as `Name`/`Values` pairs, e.g. `tag:Role` or `instance-type`."),
            ],
        )
        .chaostoolkit("chaosaws.ec2.actions")
        .returns("list")
        .doc("Terminates the instances in `instance_ids`, or every running instance matching `az` and `filters`; returns the TerminateInstances responses."),
    ],
    doc: "EC2 instances: stop, start, restart, terminate, tag, detach and attach volumes.",
};
