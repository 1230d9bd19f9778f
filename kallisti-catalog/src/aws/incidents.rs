//! `aws.incidents`: Incident Manager.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `aws.incidents` namespace.
pub static INCIDENTS: NamespaceSpec = NamespaceSpec {
    name: "aws.incidents",
    feature: "aws-incidents",
    common_args: COMMON,
    actions: &[
        ActionSpec::probe(
            "get_active_incident_items",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1")
                    .doc("The incidents' impact, from 1 (critical) to 5."),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#)
                    .doc("How far back to look: a period such as `3 minutes`, or seconds."),
                ArgSpec::optional("created_by", ArgType::Any, "null")
                    .doc("ARN of the creator (resource or role) to keep, or a list of them."),
            ],
        )
        .chaostoolkit("chaosaws.incidents.probes")
        .returns("mapping")
        .doc("Finds the newest open incident of `impact` created within `created_in_the_last` (by `created_by`, when given) and returns ListRelatedItems' response; fails when there is none."),
        ActionSpec::probe(
            "get_active_incidents",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1")
                    .doc("The incidents' impact, from 1 (critical) to 5."),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#)
                    .doc("How far back to look: a period such as `3 minutes`, or seconds."),
                ArgSpec::optional("created_by", ArgType::Any, "null")
                    .doc("ARN of the creator (resource or role) to keep, or a list of them."),
            ],
        )
        .chaostoolkit("chaosaws.incidents.probes")
        .returns("mapping")
        .doc("Finds the open incidents of `impact` created within `created_in_the_last` (by `created_by`, when given) and returns ListIncidentRecords' response, every page joined."),
        ActionSpec::probe(
            "get_incidents",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1")
                    .doc("The incidents' impact, from 1 (critical) to 5."),
                ArgSpec::optional("status", ArgType::String, r#""OPEN""#)
                    .choices(&["OPEN", "RESOLVED"])
                    .doc("`OPEN` or `RESOLVED`."),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#)
                    .doc("How far back to look: a period such as `3 minutes`, or seconds."),
                ArgSpec::optional("created_by", ArgType::Any, "null")
                    .doc("ARN of the creator (resource or role) to keep, or a list of them."),
            ],
        )
        .chaostoolkit("chaosaws.incidents.probes")
        .returns("mapping")
        .doc("Finds the incidents of `impact` in `status` created within `created_in_the_last` (by `created_by`, when given) and returns ListIncidentRecords' response, every page joined."),
        ActionSpec::probe(
            "get_resolved_incident_items",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1")
                    .doc("The incidents' impact, from 1 (critical) to 5."),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#)
                    .doc("How far back to look: a period such as `3 minutes`, or seconds."),
                ArgSpec::optional("created_by", ArgType::Any, "null")
                    .doc("ARN of the creator (resource or role) to keep, or a list of them."),
            ],
        )
        .chaostoolkit("chaosaws.incidents.probes")
        .returns("mapping")
        .doc("Finds the newest resolved incident of `impact` created within `created_in_the_last` (by `created_by`, when given) and returns ListRelatedItems' response; fails when there is none."),
        ActionSpec::probe(
            "get_resolved_incidents",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1")
                    .doc("The incidents' impact, from 1 (critical) to 5."),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#)
                    .doc("How far back to look: a period such as `3 minutes`, or seconds."),
                ArgSpec::optional("created_by", ArgType::Any, "null")
                    .doc("ARN of the creator (resource or role) to keep, or a list of them."),
            ],
        )
        .chaostoolkit("chaosaws.incidents.probes")
        .returns("mapping")
        .doc("Finds the resolved incidents of `impact` created within `created_in_the_last` (by `created_by`, when given) and returns ListIncidentRecords' response, every page joined."),
        ActionSpec::probe(
            "has_incident_been_opened",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1")
                    .doc("The incidents' impact, from 1 (critical) to 5."),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#)
                    .doc("How far back to look: a period such as `3 minutes`, or seconds."),
                ArgSpec::optional("created_by", ArgType::Any, "null")
                    .doc("ARN of the creator (resource or role) to keep, or a list of them."),
            ],
        )
        .chaostoolkit("chaosaws.incidents.probes")
        .returns("boolean")
        .doc("True when an incident of `impact` created within `created_in_the_last` (by `created_by`, when given) is open."),
        ActionSpec::probe(
            "has_incident_been_resolved",
            &[
                ArgSpec::optional("impact", ArgType::Integer, "1")
                    .doc("The incidents' impact, from 1 (critical) to 5."),
                ArgSpec::optional("created_in_the_last", ArgType::Any, r#""3 minutes""#)
                    .doc("How far back to look: a period such as `3 minutes`, or seconds."),
                ArgSpec::optional("created_by", ArgType::Any, "null")
                    .doc("ARN of the creator (resource or role) to keep, or a list of them."),
            ],
        )
        .chaostoolkit("chaosaws.incidents.probes")
        .returns("boolean")
        .doc("True when an incident of `impact` created within `created_in_the_last` (by `created_by`, when given) is resolved."),
    ],
    doc: "AWS Systems Manager Incident Manager: incidents opened or resolved in a window.",
};
