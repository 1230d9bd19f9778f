//! `aws.fis`: Fault Injection Service.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.fis` namespace.
pub static FIS: NamespaceSpec = NamespaceSpec {
    name: "aws.fis",
    feature: "aws-fis",
    common_args: COMMON,
    actions: &[
        ActionSpec::action("restore_availability_zone_power_after_interruption", &[ArgSpec::optional("tags", ArgType::Any, "null"), ArgSpec::optional("delete_roles_and_policies", ArgType::Boolean, "true"), ArgSpec::optional("delete_templates", ArgType::Boolean, "true")]).returns("list").doc("Stop the AZ power interruption experiments these tags mark and delete what was created for them."),
        ActionSpec::action("start_availability_zone_power_interruption_scenario", &[ArgSpec::required("az", ArgType::String), ArgSpec::optional("tags", ArgType::Any, r#""""#), ArgSpec::optional("role_arn", ArgType::Any, r#""""#), ArgSpec::optional("autocreate_necessary_role", ArgType::Boolean, "true"), ArgSpec::optional("duration", ArgType::String, r#""PT30M""#), ArgSpec::optional("target_iam_roles", ArgType::Boolean, "false"), ArgSpec::optional("iam_roles", ArgType::Any, "null"), ArgSpec::optional("target_subnet", ArgType::Boolean, "true"), ArgSpec::optional("target_ebs_volumes", ArgType::Boolean, "true"), ArgSpec::optional("target_ec2_instances", ArgType::Boolean, "true"), ArgSpec::optional("target_asg", ArgType::Boolean, "true"), ArgSpec::optional("target_asg_ec2_instances", ArgType::Boolean, "true"), ArgSpec::optional("target_rds_cluster", ArgType::Boolean, "true"), ArgSpec::optional("target_easticache_cluster", ArgType::Boolean, "true"), ArgSpec::optional("log_group_arn", ArgType::String, r#""""#), ArgSpec::optional("client_token", ArgType::String, r#""""#), ArgSpec::optional("description", ArgType::String, r#""Affect multiple resource types in a single AZ to approximate power interruption""#)]).returns("mapping").doc("Create and start an 'AZ Availability: Power Interruption' experiment for one availability zone."),
        ActionSpec::action("start_experiment", &[ArgSpec::required("experiment_template_id", ArgType::String), ArgSpec::optional("client_token", ArgType::String, "null"), ArgSpec::optional("tags", ArgType::Any, "null")]).returns("mapping").doc("Start an experiment from a template."),
        ActionSpec::action("start_stress_pod_delete_scenario", &[ArgSpec::required("label_selector", ArgType::String), ArgSpec::required("tags", ArgType::Any), ArgSpec::required("role_arn", ArgType::String), ArgSpec::required("log_group_arn", ArgType::String), ArgSpec::required("cluster_identifier", ArgType::String), ArgSpec::optional("namespace", ArgType::String, r#""default""#), ArgSpec::optional("service_account", ArgType::String, r#""default""#), ArgSpec::optional("client_token", ArgType::String, r#""""#), ArgSpec::optional("description", ArgType::String, r#""Delete one or more EKS pods""#)]).returns("mapping").doc("Create and start an 'EKS Stress: Pod Delete' experiment."),
        ActionSpec::action("stop_experiment", &[ArgSpec::required("experiment_id", ArgType::String)]).returns("mapping").doc("Stop an experiment."),
        ActionSpec::action("stop_experiments_by_tags", &[ArgSpec::required("tags", ArgType::Any), ArgSpec::optional("delete_templates", ArgType::Boolean, "false")]).returns("list").doc("Stop every running experiment with these tags."),
    ],
    doc: "AWS Fault Injection Service experiments and scenarios.",
};
