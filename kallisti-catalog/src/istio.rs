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
        .doc("Abort requests early by the virtual service identified by `name`"),
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
        .doc("Add delay to the virtual service identified by `name`"),
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
        .doc("Get a virtual service identified by `name`"),
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
        .doc("Remove abort request faults from the virtual service identified by `name`"),
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
        .doc("Remove delay from the virtual service identified by `name`"),
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
        .doc("Setfault injection on the virtual service identified by `name`"),
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
        .doc("Unset fault injection from the virtual service identified by `name`"),
    ],
    doc: "Istio: delay and abort faults on VirtualService routes.",
};
