//! `net`: faults through in-process `ChaosProxy` proxies.

use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

const PROXY: ArgSpec =
    ArgSpec::required("proxy", ArgType::String).doc("The name the test gave its `ChaosProxy`.");
const TOXIC_NAME: ArgSpec =
    ArgSpec::required("name", ArgType::String).doc("The toxic's name on that proxy.");
const ATTRIBUTES: ArgSpec = ArgSpec::optional("attributes", ArgType::Mapping, "{}")
    .doc("The toxic's settings in Toxiproxy's units (e.g. `{\"latency\": 200, \"jitter\": 20}`); missing ones are 0.");

/// The `net` namespace.
pub static NET: NamespaceSpec = NamespaceSpec {
    name: "net",
    feature: "net",
    common_args: &[],
    actions: &[
        ActionSpec::action(
            "add_toxic",
            &[
                PROXY,
                ArgSpec::required("type", ArgType::String).doc(
                    "`latency`, `bandwidth`, `slow_close`, `timeout`, `reset_peer`, `slicer` or `limit_data`.",
                ),
                ArgSpec::optional("name", ArgType::String, "null")
                    .doc("A name for the toxic; by default `<type>_<stream>`."),
                ArgSpec::optional("stream", ArgType::String, "\"downstream\"")
                    .doc("`downstream` (what the dependency answers) or `upstream` (what the service sends)."),
                ArgSpec::optional("toxicity", ArgType::Number, "1.0")
                    .doc("The chance, from 0 to 1, that a connection is affected."),
                ATTRIBUTES,
            ],
        )
        .returns("mapping")
        .doc("Adds a toxic to the in-process proxy `proxy`, acting on open and new connections at once; returns the toxic as Toxiproxy shows it."),
        ActionSpec::action(
            "update_toxic",
            &[
                PROXY,
                TOXIC_NAME,
                ArgSpec::optional("attributes", ArgType::Mapping, "{}")
                    .doc("Settings to change; the others keep their values."),
                ArgSpec::optional("toxicity", ArgType::Number, "null")
                    .doc("A new chance of affecting a connection; unchanged when not given."),
            ],
        )
        .returns("mapping")
        .doc("Changes a toxic's settings or toxicity (its type and stream stay); every connection rolls its toxicity again; returns the toxic."),
        ActionSpec::action("remove_toxic", &[PROXY, TOXIC_NAME])
            .returns("null")
            .doc("Removes a toxic; a removed `timeout` also closes the connections it was holding, whose data it dropped."),
        ActionSpec::action("disable_proxy", &[PROXY])
            .returns("null")
            .doc("Takes the dependency down: the proxy stops listening and closes every connection (Toxiproxy's `enabled: false`)."),
        ActionSpec::action("enable_proxy", &[PROXY])
            .returns("null")
            .doc("Brings a disabled proxy back on the same address."),
        ActionSpec::action(
            "reset",
            &[ArgSpec::optional("proxy", ArgType::String, "null")
                .doc("One proxy; by default every proxy of the test process.")],
        )
        .returns("list")
        .doc("Removes every toxic and enables the proxy (or every proxy); returns the names of the proxies reset."),
        ActionSpec::probe("proxy_state", &[PROXY])
            .returns("mapping")
            .doc("Reads a proxy: `name`, `listen`, `upstream`, `enabled` and its `toxics`, in Toxiproxy's shape."),
    ],
    doc: "Faults between a service and its dependencies, through in-process `ChaosProxy` proxies.",
};
