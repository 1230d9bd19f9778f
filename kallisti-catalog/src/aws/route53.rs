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
                ArgSpec::required("zone_id", ArgType::String).doc("The hosted zone's id."),
                ArgSpec::required("vpc_id", ArgType::String).doc("The VPC's id."),
                ArgSpec::required("vpc_region", ArgType::String)
                    .doc("The VPC's region, e.g. `eu-west-1`."),
                ArgSpec::optional("comment", ArgType::String, "null")
                    .doc("A comment recorded with the change."),
            ],
        )
        .chaostoolkit("chaosaws.route53.actions")
        .returns("mapping")
        .doc("Associates VPC `vpc_id` (of `vpc_region`) with the private hosted zone `zone_id`; returns the change's id, status and time."),
        ActionSpec::action(
            "disassociate_vpc_from_zone",
            &[
                ArgSpec::required("zone_id", ArgType::String).doc("The hosted zone's id."),
                ArgSpec::required("vpc_id", ArgType::String).doc("The VPC's id."),
                ArgSpec::required("vpc_region", ArgType::String)
                    .doc("The VPC's region, e.g. `eu-west-1`."),
                ArgSpec::optional("comment", ArgType::String, "null")
                    .doc("A comment recorded with the change."),
            ],
        )
        .chaostoolkit("chaosaws.route53.actions")
        .returns("mapping")
        .doc("Dissociates VPC `vpc_id` (of `vpc_region`) from the private hosted zone `zone_id`; returns the change's id, status and time."),
        ActionSpec::probe(
            "get_dns_answer",
            &[
                ArgSpec::required("zone_id", ArgType::String).doc("The hosted zone's id."),
                ArgSpec::required("record_name", ArgType::String)
                    .doc("The record's name, e.g. `www.example.com`."),
                ArgSpec::required("record_type", ArgType::String)
                    .doc("The record type, e.g. `A`, `AAAA`, `CNAME` or `TXT`."),
            ],
        )
        .chaostoolkit("chaosaws.route53.probes")
        .returns("mapping")
        .doc("Asks Route 53 (TestDNSAnswer) how it answers a `record_type` query for `record_name` in zone `zone_id`; returns the name server, record data and response code."),
        ActionSpec::probe(
            "get_health_check_status",
            &[
                ArgSpec::required("check_id", ArgType::String).doc("The health check's id."),
            ],
        )
        .chaostoolkit("chaosaws.route53.probes")
        .returns("mapping")
        .doc("Reads health check `check_id` as each Route 53 checker sees it; returns their observations (region, address, status)."),
        ActionSpec::probe(
            "get_hosted_zone",
            &[
                ArgSpec::required("zone_id", ArgType::String).doc("The hosted zone's id."),
            ],
        )
        .chaostoolkit("chaosaws.route53.probes")
        .returns("mapping")
        .doc("Describes hosted zone `zone_id`: the zone, its VPCs and its name servers."),
    ],
    doc: "Route 53 hosted zones, DNS answers and health checks.",
};
