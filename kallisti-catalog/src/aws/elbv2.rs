//! `aws.elbv2`: Elastic Load Balancing v2.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.elbv2` namespace.
pub static ELBV2: NamespaceSpec = NamespaceSpec {
    name: "aws.elbv2",
    feature: "aws-elbv2",
    common_args: COMMON,
    actions: &[
        ActionSpec::probe(
            "all_targets_healthy",
            &[
                ArgSpec::required("tg_names", ArgType::List).doc("Names of the target groups."),
            ],
        )
        .chaostoolkit("chaosaws.elbv2.probes")
        .returns("boolean")
        .doc("True when every target of each target group in `tg_names` is healthy; false otherwise, with the others logged."),
        ActionSpec::action(
            "delete_load_balancer",
            &[
                ArgSpec::required("load_balancer_names", ArgType::List)
                    .doc("Names of the load balancers."),
            ],
        )
        .chaostoolkit("chaosaws.elbv2.actions")
        .doc("Deletes the load balancers in `load_balancer_names`; returns nothing."),
        ActionSpec::action(
            "deregister_target",
            &[
                ArgSpec::required("tg_name", ArgType::String).doc("The target group's name."),
            ],
        )
        .chaostoolkit("chaosaws.elbv2.actions")
        .returns("mapping")
        .doc("Deregisters one target picked at random from target group `tg_name`; returns DeregisterTargets' response."),
        ActionSpec::action(
            "enable_access_log",
            &[
                ArgSpec::required("load_balancer_arn", ArgType::String)
                    .doc("The load balancer's ARN."),
                ArgSpec::optional("enable", ArgType::Boolean, "false")
                    .doc("`true` turns the logs on, `false` turns them off."),
                ArgSpec::optional("bucket_name", ArgType::String, "null")
                    .doc("The S3 bucket receiving the logs (required to turn them on)."),
            ],
        )
        .chaostoolkit("chaosaws.elbv2.actions")
        .returns("boolean")
        .doc("Turns the access logs of load balancer `load_balancer_arn` on (into `bucket_name`) or off, as `enable` says; returns whether access logs are on afterwards, by the attributes ELB answers."),
        ActionSpec::probe(
            "is_access_log_enabled",
            &[
                ArgSpec::required("load_balancer_arn", ArgType::String)
                    .doc("The load balancer's ARN."),
            ],
        )
        .chaostoolkit("chaosaws.elbv2.probes")
        .returns("boolean")
        .doc("True when load balancer `load_balancer_arn` writes access logs."),
        ActionSpec::action(
            "set_security_groups",
            &[
                ArgSpec::required("load_balancer_names", ArgType::List)
                    .doc("Names of the application load balancers."),
                ArgSpec::required("security_group_ids", ArgType::List)
                    .doc("Ids of the security groups they should have."),
            ],
        )
        .chaostoolkit("chaosaws.elbv2.actions")
        .returns("list")
        .doc("Replaces the security groups of the application load balancers in `load_balancer_names` with `security_group_ids`; returns each SetSecurityGroups response with its `LoadBalancerArn`."),
        ActionSpec::action(
            "set_subnets",
            &[
                ArgSpec::required("load_balancer_names", ArgType::List)
                    .doc("Names of the load balancers."),
                ArgSpec::required("subnet_ids", ArgType::List)
                    .doc("Ids of the subnets they should use."),
            ],
        )
        .chaostoolkit("chaosaws.elbv2.actions")
        .returns("list")
        .doc("Replaces the subnets of the load balancers in `load_balancer_names` with `subnet_ids`; returns each SetSubnets response with its `LoadBalancerArn`."),
        ActionSpec::probe(
            "targets_health_count",
            &[
                ArgSpec::required("tg_names", ArgType::List).doc("Names of the target groups."),
            ],
        )
        .chaostoolkit("chaosaws.elbv2.probes")
        .returns("mapping")
        .doc("Counts the targets of each target group in `tg_names` by health state; returns the counts by group and state."),
    ],
    doc: "Application and network load balancers: targets, subnets, security groups, access logs.",
};
