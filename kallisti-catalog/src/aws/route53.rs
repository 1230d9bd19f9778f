//! `aws.route53`: Route 53.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.route53` namespace.
pub static ROUTE53: NamespaceSpec = NamespaceSpec {
    name: "aws.route53",
    feature: "aws-route53",
    common_args: COMMON,
    actions: &[
        ActionSpec::action(
            "associate_vpc_with_zone",
            &[
                ArgSpec::required("zone_id", ArgType::String),
                ArgSpec::required("vpc_id", ArgType::String),
                ArgSpec::required("vpc_region", ArgType::String),
                ArgSpec::optional("comment", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Links VPC `vpc_id` (in `vpc_region`) to the private hosted zone `zone_id`."),
        ActionSpec::action(
            "disassociate_vpc_from_zone",
            &[
                ArgSpec::required("zone_id", ArgType::String),
                ArgSpec::required("vpc_id", ArgType::String),
                ArgSpec::required("vpc_region", ArgType::String),
                ArgSpec::optional("comment", ArgType::String, "null"),
            ],
        )
        .returns("mapping")
        .doc("Unlinks VPC `vpc_id` (in `vpc_region`) from the private hosted zone `zone_id`."),
        ActionSpec::probe(
            "get_dns_answer",
            &[
                ArgSpec::required("zone_id", ArgType::String),
                ArgSpec::required("record_name", ArgType::String),
                ArgSpec::required("record_type", ArgType::String),
            ],
        )
        .returns("mapping")
        .doc("How Route 53 answers a DNS query for a record of the zone."),
        ActionSpec::probe(
            "get_health_check_status",
            &[ArgSpec::required("check_id", ArgType::String)],
        )
        .returns("mapping")
        .doc("A health check's status as its checkers see it."),
        ActionSpec::probe(
            "get_hosted_zone",
            &[ArgSpec::required("zone_id", ArgType::String)],
        )
        .returns("mapping")
        .doc("A hosted zone, as `GetHostedZone` returns it."),
    ],
    doc: "Route 53 hosted zones, DNS answers and health checks.",
};
