//! `aws.fis`: Fault Injection Service.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.fis` namespace.
pub static FIS: NamespaceSpec = NamespaceSpec {
    name: "aws.fis",
    feature: "aws-fis",
    common_args: COMMON,
    actions: &[
        ActionSpec::action(
            "restore_availability_zone_power_after_interruption",
            &[
                ArgSpec::optional("tags", ArgType::Any, "null")
                    .doc("Tags marking what the scenario created (default: `kallisti-scenario=az-power-interruption`)."),
                ArgSpec::optional("delete_roles_and_policies", ArgType::Boolean, "true")
                    .doc("Also delete the IAM roles (and their inline policy) kallisti created for the scenario."),
                ArgSpec::optional("delete_templates", ArgType::Boolean, "true")
                    .doc("Also delete the experiment templates carrying the tags."),
            ],
        )
        .chaostoolkit("chaosaws.fis.actions")
        .returns("list")
        .doc("Stops the running FIS experiments carrying `tags` and, as asked, deletes their templates and the roles kallisti created for them; returns the stopped experiments and the deleted roles."),
        ActionSpec::action(
            "start_availability_zone_power_interruption_scenario",
            &[
                ArgSpec::required("az", ArgType::String)
                    .doc("The availability zone to disrupt, e.g. `us-east-1a`."),
                ArgSpec::optional("tags", ArgType::Any, r#""""#)
                    .doc("Tags the disrupted resources carry, also set on the template and experiment (default: `kallisti-scenario=az-power-interruption`)."),
                ArgSpec::optional("role_arn", ArgType::Any, r#""""#)
                    .doc("ARN of the role FIS acts as (default: one created when `autocreate_necessary_role` is on)."),
                ArgSpec::optional("autocreate_necessary_role", ArgType::Boolean, "true")
                    .doc("Create a role for FIS when `role_arn` is not given."),
                ArgSpec::optional("duration", ArgType::String, r#""PT30M""#)
                    .doc("How long the disruption lasts, as an ISO 8601 duration such as `PT30M`."),
                ArgSpec::optional("target_iam_roles", ArgType::Boolean, "false")
                    .doc("Also make EC2 launches by the roles in `iam_roles` fail with insufficient capacity."),
                ArgSpec::optional("iam_roles", ArgType::Any, "null")
                    .doc("ARNs of the roles whose launches fail (with `target_iam_roles`)."),
                ArgSpec::optional("target_subnet", ArgType::Boolean, "true")
                    .doc("Cut the network connectivity of the zone's subnets."),
                ArgSpec::optional("target_ebs_volumes", ArgType::Boolean, "true")
                    .doc("Pause I/O on the zone's EBS volumes."),
                ArgSpec::optional("target_ec2_instances", ArgType::Boolean, "true")
                    .doc("Stop the zone's running instances, starting them again after `duration`."),
                ArgSpec::optional("target_asg", ArgType::Boolean, "true")
                    .doc("Make Auto Scaling launches in the zone fail with insufficient capacity."),
                ArgSpec::optional("target_asg_ec2_instances", ArgType::Boolean, "true")
                    .doc("Stop the zone's running instances without starting them again."),
                ArgSpec::optional("target_rds_cluster", ArgType::Boolean, "true")
                    .doc("Fail over the RDS clusters whose writer is in the zone."),
                ArgSpec::optional("target_easticache_cluster", ArgType::Boolean, "true")
                    .doc("Interrupt the zone's power for ElastiCache replication groups (the name's spelling is the driver's)."),
                ArgSpec::optional("log_group_arn", ArgType::String, r#""""#)
                    .doc("ARN of a CloudWatch Logs group for the experiment's log (default: no log)."),
                ArgSpec::optional("client_token", ArgType::String, r#""""#)
                    .doc("An idempotency token for starting the experiment."),
                ArgSpec::optional("description", ArgType::String, r#""Affect multiple resource types in a single AZ to approximate power interruption""#)
                    .doc("The template's description."),
            ],
        )
        .chaostoolkit("chaosaws.fis.actions")
        .returns("mapping")
        .doc("Builds an FIS template that disrupts the resources carrying `tags` in zone `az` for `duration` (subnets, instances, volumes, Auto Scaling, RDS, ElastiCache, as the `target_*` flags say) and starts it; returns the experiment. Deviation: the driver copies the AWS console's scenario, which picks resources by its own `AzImpairmentPower` tags and puts `tags` on the experiment only; kallisti disrupts only what carries the step's `tags`, names its role and policy itself rather than after a thread id, and uses FIS's current ElastiCache action (`replicationgroup-interrupt-az-power`)."),
        ActionSpec::action(
            "start_experiment",
            &[
                ArgSpec::required("experiment_template_id", ArgType::String)
                    .doc("The FIS experiment template's id."),
                ArgSpec::optional("client_token", ArgType::String, "null")
                    .doc("An idempotency token."),
                ArgSpec::optional("tags", ArgType::Any, "null")
                    .doc("Tags to put on the experiment, as a mapping or `Key`/`Value` pairs."),
            ],
        )
        .chaostoolkit("chaosaws.fis.actions")
        .returns("mapping")
        .doc("Starts an FIS experiment from template `experiment_template_id`; returns the experiment (id, state, role, start time, tags)."),
        ActionSpec::action(
            "start_stress_pod_delete_scenario",
            &[
                ArgSpec::required("label_selector", ArgType::String)
                    .doc("`key=value` label picking the pods to delete."),
                ArgSpec::required("tags", ArgType::Any)
                    .doc("Tags put on the experiment, and on the template with the driver's two markers."),
                ArgSpec::required("role_arn", ArgType::String).doc("ARN of the role FIS acts as."),
                ArgSpec::required("log_group_arn", ArgType::String)
                    .doc("ARN of a CloudWatch Logs group for the experiment's log."),
                ArgSpec::required("cluster_identifier", ArgType::String)
                    .doc("The EKS cluster's name or ARN."),
                ArgSpec::optional("namespace", ArgType::String, r#""default""#)
                    .doc("The Kubernetes namespace of the pods."),
                ArgSpec::optional("service_account", ArgType::String, r#""default""#)
                    .doc("The Kubernetes service account FIS acts as in the cluster."),
                ArgSpec::optional("client_token", ArgType::String, r#""""#)
                    .doc("An idempotency token for starting the experiment."),
                ArgSpec::optional("description", ArgType::String, r#""Delete one or more EKS pods""#)
                    .doc("The template's description."),
            ],
        )
        .chaostoolkit("chaosaws.fis.actions")
        .returns("mapping")
        .doc("Builds an FIS template that deletes every pod matching `label_selector` in namespace `namespace` of EKS cluster `cluster_identifier` and starts it; returns the experiment. As in the driver, the target is `EksPodDeleteTarget`, the action `EksPodDelete`, and the template also carries `chaosengineering=true` and `chaostoolkit=true`."),
        ActionSpec::action(
            "stop_experiment",
            &[
                ArgSpec::required("experiment_id", ArgType::String).doc("The experiment's id."),
            ],
        )
        .chaostoolkit("chaosaws.fis.actions")
        .returns("mapping")
        .doc("Stops the FIS experiment `experiment_id`; returns its state afterwards."),
        ActionSpec::action(
            "stop_experiments_by_tags",
            &[
                ArgSpec::required("tags", ArgType::Any)
                    .doc("Tags the experiments must all carry; must not be empty."),
                ArgSpec::optional("delete_templates", ArgType::Boolean, "false")
                    .doc("Also delete the stopped experiments' templates and any other template carrying the tags."),
            ],
        )
        .chaostoolkit("chaosaws.fis.actions")
        .returns("list")
        .doc("Stops every pending or running FIS experiment carrying all of `tags`, deleting their templates with `delete_templates`; returns the stopped experiments."),
    ],
    doc: "AWS Fault Injection Service experiments and scenarios.",
};
