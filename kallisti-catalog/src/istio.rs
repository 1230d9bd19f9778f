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
                ArgSpec::required("virtual_service_name", ArgType::String)
                    .doc("The VirtualService's name."),
                ArgSpec::required("http_status", ArgType::Integer)
                    .doc("The HTTP status to answer with, 100 to 599."),
                ArgSpec::required("routes", ArgType::List)
                    .doc("Route destinations, as in the VirtualService's `http[].route`; the HTTP routes holding one of them change."),
                ArgSpec::optional("percentage", ArgType::Number, "null").aliases(&["percent"])
                    .doc("Percentage (0-100) of requests affected (default: every request)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the VirtualService."),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                )
                .doc("The VirtualService API, as `group/version`."),
            ],
        )
        .chaostoolkit("chaosistio.fault.actions")
        .returns("mapping")
        .doc("Adds an abort fault to the HTTP routes of VirtualService `virtual_service_name` in `ns` that lead to one of `routes`, answering `http_status` to `percentage` percent of requests; returns the API server's answer as `{status, body, headers}`, as the driver does."),
        ActionSpec::action(
            "add_delay_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String)
                    .doc("The VirtualService's name."),
                ArgSpec::required("fixed_delay", ArgType::String)
                    .doc("How long to hold each request, e.g. `5s`."),
                ArgSpec::required("routes", ArgType::List)
                    .doc("Route destinations, as in the VirtualService's `http[].route`; the HTTP routes holding one of them change."),
                ArgSpec::optional("percentage", ArgType::Number, "null").aliases(&["percent"])
                    .doc("Percentage (0-100) of requests affected (default: every request)."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the VirtualService."),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                )
                .doc("The VirtualService API, as `group/version`."),
            ],
        )
        .chaostoolkit("chaosistio.fault.actions")
        .returns("mapping")
        .doc("Adds a delay fault to the HTTP routes of VirtualService `virtual_service_name` in `ns` that lead to one of `routes`, holding `percentage` percent of requests for `fixed_delay`; returns the API server's answer as `{status, body, headers}`, as the driver does."),
        ActionSpec::probe(
            "get_virtual_service",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String)
                    .doc("The VirtualService's name."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the VirtualService."),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                )
                .doc("The VirtualService API, as `group/version`."),
            ],
        )
        .chaostoolkit("chaosistio.fault.probes")
        .returns("mapping")
        .doc("Returns VirtualService `virtual_service_name` in `ns` as `{status, body, headers}`, as the driver does; a missing one fails the step, where the driver returns the 404 as a value."),
        ActionSpec::action(
            "remove_abort_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String)
                    .doc("The VirtualService's name."),
                ArgSpec::required("routes", ArgType::List)
                    .doc("Route destinations, as in the VirtualService's `http[].route`; the HTTP routes holding one of them change."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the VirtualService."),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                )
                .doc("The VirtualService API, as `group/version`."),
            ],
        )
        .chaostoolkit("chaosistio.fault.actions")
        .returns("mapping")
        .doc("Takes the abort fault off the HTTP routes of VirtualService `virtual_service_name` in `ns` that lead to one of `routes`, keeping any delay, where the driver takes the whole fault off; returns the API server's answer as `{status, body, headers}`, as the driver does."),
        ActionSpec::action(
            "remove_delay_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String)
                    .doc("The VirtualService's name."),
                ArgSpec::required("routes", ArgType::List)
                    .doc("Route destinations, as in the VirtualService's `http[].route`; the HTTP routes holding one of them change."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the VirtualService."),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                )
                .doc("The VirtualService API, as `group/version`."),
            ],
        )
        .chaostoolkit("chaosistio.fault.actions")
        .returns("mapping")
        .doc("Takes the delay fault off the HTTP routes of VirtualService `virtual_service_name` in `ns` that lead to one of `routes`, keeping any abort, where the driver takes the whole fault off; returns the API server's answer as `{status, body, headers}`, as the driver does."),
        ActionSpec::action(
            "set_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String)
                    .doc("The VirtualService's name."),
                ArgSpec::required("routes", ArgType::List)
                    .doc("Route destinations, as in the VirtualService's `http[].route`; the HTTP routes holding one of them change."),
                ArgSpec::required("fault", ArgType::Mapping)
                    .doc("The fault to set, as Istio writes it: `delay` and/or `abort`."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the VirtualService."),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                )
                .doc("The VirtualService API, as `group/version`."),
            ],
        )
        .chaostoolkit("chaosistio.fault.actions")
        .returns("mapping")
        .doc("Puts `fault` on the HTTP routes of VirtualService `virtual_service_name` in `ns` that lead to one of `routes`, replacing whatever fault they had; returns the API server's answer as `{status, body, headers}`, as the driver does."),
        ActionSpec::action(
            "unset_fault",
            &[
                ArgSpec::required("virtual_service_name", ArgType::String)
                    .doc("The VirtualService's name."),
                ArgSpec::required("routes", ArgType::List)
                    .doc("Route destinations, as in the VirtualService's `http[].route`; the HTTP routes holding one of them change."),
                ArgSpec::optional("ns", ArgType::String, "\"default\"")
                    .doc("Namespace of the VirtualService."),
                ArgSpec::optional(
                    "version",
                    ArgType::String,
                    "\"networking.istio.io/v1alpha3\"",
                )
                .doc("The VirtualService API, as `group/version`."),
            ],
        )
        .chaostoolkit("chaosistio.fault.actions")
        .returns("mapping")
        .doc("Takes every fault off the HTTP routes of VirtualService `virtual_service_name` in `ns` that lead to one of `routes`; returns the API server's answer as `{status, body, headers}`, as the driver does."),
    ],
    doc: "Istio: delay and abort faults on VirtualService routes.",
};
