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
            &[ArgSpec::required("tg_names", ArgType::List)],
        )
        .returns("mapping")
        .doc("Whether every target of these groups is healthy; fails naming the unhealthy ones."),
        ActionSpec::action(
            "delete_load_balancer",
            &[ArgSpec::required("load_balancer_names", ArgType::List)],
        )
        .doc("Delete load balancers by name."),
        ActionSpec::action(
            "deregister_target",
            &[ArgSpec::required("tg_name", ArgType::String)],
        )
        .returns("mapping")
        .doc("Deregister one random target from a target group."),
        ActionSpec::action(
            "enable_access_log",
            &[
                ArgSpec::required("load_balancer_arn", ArgType::String),
                ArgSpec::optional("enable", ArgType::Boolean, "false"),
                ArgSpec::optional("bucket_name", ArgType::String, "null"),
            ],
        )
        .returns("boolean")
        .doc("Turn a load balancer's access logs on (to `bucket_name`) or off."),
        ActionSpec::probe(
            "is_access_log_enabled",
            &[ArgSpec::required("load_balancer_arn", ArgType::String)],
        )
        .returns("mapping")
        .doc("A load balancer's access log attributes."),
        ActionSpec::action(
            "set_security_groups",
            &[
                ArgSpec::required("load_balancer_names", ArgType::List),
                ArgSpec::required("security_group_ids", ArgType::List),
            ],
        )
        .returns("list")
        .doc("Set the security groups of load balancers."),
        ActionSpec::action(
            "set_subnets",
            &[
                ArgSpec::required("load_balancer_names", ArgType::List),
                ArgSpec::required("subnet_ids", ArgType::List),
            ],
        )
        .returns("list")
        .doc("Set the subnets of load balancers."),
        ActionSpec::probe(
            "targets_health_count",
            &[ArgSpec::required("tg_names", ArgType::List)],
        )
        .returns("mapping")
        .doc("How many targets of each group are in each health state."),
    ],
    doc: "Application and network load balancers: targets, subnets, security groups, access logs.",
};
