//! `istio`: Istio fault injection on VirtualServices.

use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `istio` namespace.
pub static ISTIO: NamespaceSpec = NamespaceSpec {
    name: "istio",
    feature: "k8s",
    common_args: crate::k8s::K8S_COMMON,
    actions: &[
        ActionSpec::action(
            "add_abort_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String),
                ArgSpec::required("http_status", ArgType::Integer),
                ArgSpec::required("routes", ArgType::List),
                ArgSpec::optional("percentage", ArgType::Number, "null").aliases(&["percent"]),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                ),
            ],
        )
        .returns("mapping")
        .doc("Makes virtual service `virtual_service_name` answer `http_status` to `percentage` % of requests on its routes."),
        ActionSpec::action(
            "add_delay_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String),
                ArgSpec::required("fixed_delay", ArgType::String),
                ArgSpec::required("routes", ArgType::List),
                ArgSpec::optional("percentage", ArgType::Number, "null").aliases(&["percent"]),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                ),
            ],
        )
        .returns("mapping")
        .doc("Makes virtual service `virtual_service_name` hold `percentage` % of requests for `fixed_delay` before routing them."),
        ActionSpec::probe(
            "get_virtual_service",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                ),
            ],
        )
        .returns("mapping")
        .doc("The virtual service `virtual_service_name` in `ns`, as the API server holds it."),
        ActionSpec::action(
            "remove_abort_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String),
                ArgSpec::required("routes", ArgType::List),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                ),
            ],
        )
        .returns("mapping")
        .doc("Takes the abort fault off the routes of virtual service `virtual_service_name`."),
        ActionSpec::action(
            "remove_delay_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String),
                ArgSpec::required("routes", ArgType::List),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                ),
            ],
        )
        .returns("mapping")
        .doc("Takes the delay fault off the routes of virtual service `virtual_service_name`."),
        ActionSpec::action(
            "set_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String),
                ArgSpec::required("routes", ArgType::List),
                ArgSpec::required("fault", ArgType::Mapping),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                ),
            ],
        )
        .returns("mapping")
        .doc("Puts the `fault` given (delay and/or abort) on the routes of virtual service `virtual_service_name`."),
        ActionSpec::action(
            "unset_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String),
                ArgSpec::required("routes", ArgType::List),
                ArgSpec::optional("ns", ArgType::String, "\"default\""),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                ),
            ],
        )
        .returns("mapping")
        .doc("Takes every fault off the routes of virtual service `virtual_service_name`."),
    ],
    doc: "Istio: delay and abort faults on VirtualService routes.",
};
