//! `toxiproxy`: the Chaos Toolkit Toxiproxy driver's activities
//! (chaostoolkit-toxiproxy 0.3.1), with its argument names, against any
//! Toxiproxy HTTP API.

use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

const PROXY_NAME: ArgSpec = ArgSpec::required("proxy_name", ArgType::String)
    .doc("The proxy's name on the Toxiproxy server.");
const FOR_PROXY: ArgSpec =
    ArgSpec::required("for_proxy", ArgType::String).doc("The proxy the toxic belongs to, by name.");
const TOXIC_NAME: ArgSpec =
    ArgSpec::required("toxic_name", ArgType::String).doc("The toxic's name, unique on its proxy.");

/// How the typed toxic actions end their doc: what they share.
macro_rules! typed_toxic_doc {
    ($what:literal) => {
        concat!(
            $what,
            " on every connection of `for_proxy` (downstream, toxicity 1); returns true once the server holds it, and fails naming the proxy, the toxic and the server's error otherwise."
        )
    };
}

/// The `toxiproxy` namespace.
pub static TOXIPROXY: NamespaceSpec = NamespaceSpec {
    name: "toxiproxy",
    feature: "toxiproxy",
    common_args: &[
        ArgSpec::optional("toxiproxy_url", ArgType::String, "null")
            .doc("Base URL of the Toxiproxy API, e.g. `http://127.0.0.1:8474`; used instead of host and port when given."),
        ArgSpec::optional("toxiproxy_host", ArgType::String, "null")
            .doc("Host of the Toxiproxy API, reached over plain HTTP, when there is no `toxiproxy_url`."),
        ArgSpec::optional("toxiproxy_port", ArgType::Integer, "8474")
            .also_string()
            .doc("Port of the Toxiproxy API that goes with `toxiproxy_host`."),
    ],
    actions: &[
        ActionSpec::action(
            "create_proxy",
            &[
                PROXY_NAME,
                ArgSpec::required("upstream_host", ArgType::String)
                    .doc("Host the proxy forwards to; `env:NAME` reads it from that environment variable."),
                ArgSpec::required("upstream_port", ArgType::Integer)
                    .also_string()
                    .doc("Port the proxy forwards to; `env:NAME` reads it from that environment variable."),
                ArgSpec::optional("listen_host", ArgType::String, "\"0.0.0.0\"")
                    .doc("Address the proxy accepts connections on."),
                ArgSpec::optional("listen_port", ArgType::Integer, "0")
                    .doc("Port the proxy accepts connections on; 0 lets the server pick a free one."),
                ArgSpec::optional("enabled", ArgType::Boolean, "true")
                    .doc("Whether the proxy listens as soon as it exists."),
            ],
        )
        .chaostoolkit("chaostoxi.proxy.actions")
        .returns("boolean")
        .doc("Creates a proxy from `listen_host:listen_port` to the upstream; returns true, and logs the port the server bound (the driver's `<proxy_name>_PORT`, which kallisti does not put in the environment)."),
        ActionSpec::action(
            "modify_proxy",
            &[
                PROXY_NAME,
                ArgSpec::optional("listen_address", ArgType::String, "null")
                    .doc("A new `host:port` to accept connections on; unchanged when not given."),
                ArgSpec::optional("upstream_address", ArgType::String, "null")
                    .doc("A new `host:port` to forward to; unchanged when not given."),
                ArgSpec::optional("enabled", ArgType::Boolean, "null")
                    .doc("Turn the proxy on or off; unchanged when not given."),
            ],
        )
        .chaostoolkit("chaostoxi.proxy.actions")
        .returns("boolean")
        .doc("Changes only the settings given (an address change restarts the proxy and drops its connections); returns true and logs the port it listens on."),
        ActionSpec::action("delete_proxy", &[PROXY_NAME])
        .chaostoolkit("chaostoxi.proxy.actions")
            .returns("null")
            .doc("Removes the proxy and closes its connections; returns null, and fails when the server has no such proxy (the driver ignores every error here)."),
        ActionSpec::action("disable_proxy", &[PROXY_NAME])
        .chaostoolkit("chaostoxi.proxy.actions")
            .returns("boolean")
            .doc("Takes the proxied service down: the proxy stops listening and drops its connections, keeping its toxics; returns true."),
        ActionSpec::action("enable_proxy", &[PROXY_NAME])
        .chaostoolkit("chaostoxi.proxy.actions")
            .returns("boolean")
            .doc("Starts a disabled proxy listening again on its address; returns true."),
        ActionSpec::action("reset", &[])
        .chaostoolkit("chaostoxi.proxy.actions")
            .returns("boolean")
            .doc("Removes every toxic of every proxy and enables them all; returns true, and fails with the server's error where the driver returns false."),
        ActionSpec::probe("proxy_exist", &[PROXY_NAME])
        .chaostoolkit("chaostoxi.proxy.probes")
            .returns("boolean")
            .doc("Whether the server has a proxy called `proxy_name`; fails only when the server cannot answer."),
        ActionSpec::probe(
            "get_proxy_attribute",
            &[
                PROXY_NAME,
                ArgSpec::required("attribute", ArgType::String)
                    .doc("`name`, `listen`, `upstream`, `enabled` or `toxics`."),
            ],
        )
        .chaostoolkit("chaostoxi.proxy.probes")
        .returns("object")
        .doc("Reads one field of the proxy as the server shows it (`toxics` is a list); fails naming the proxy when it does not exist, where the driver returns null."),
        ActionSpec::action(
            "create_toxic",
            &[
                FOR_PROXY,
                TOXIC_NAME,
                ArgSpec::required("toxic_type", ArgType::String).doc(
                    "`latency`, `bandwidth`, `slow_close`, `timeout`, `reset_peer`, `slicer`, `limit_data` or `noop`.",
                ),
                ArgSpec::optional("stream", ArgType::String, "\"downstream\"")
                    .doc("`downstream` (towards the client) or `upstream` (towards the proxied service)."),
                ArgSpec::optional("toxicity", ArgType::Number, "1.0")
                    .doc("Probability, from 0 to 1, that a connection gets the toxic."),
                ArgSpec::optional("attributes", ArgType::Mapping, "null")
                    .doc("The type's settings as integers, in Toxiproxy's units; those left out are 0."),
            ],
        )
        .chaostoolkit("chaostoxi.toxic.actions")
        .returns("boolean")
        .doc("Adds a toxic of any type to `for_proxy`, live on open connections too; returns true, and fails naming the proxy, the toxic and the server's error where the driver crashes."),
        ActionSpec::action("delete_toxic", &[FOR_PROXY, TOXIC_NAME])
        .chaostoolkit("chaostoxi.toxic.actions")
            .returns("boolean")
            .doc("Removes a toxic from `for_proxy`; returns true, and fails naming both when the server refuses, where the driver returns false."),
        ActionSpec::action(
            "create_latency_toxic",
            &[
                FOR_PROXY,
                TOXIC_NAME,
                ArgSpec::required("latency", ArgType::Integer)
                    .doc("Milliseconds added before data reaches the client."),
                ArgSpec::optional("jitter", ArgType::Integer, "0")
                    .doc("Up to this many milliseconds more or less, drawn at random."),
            ],
        )
        .chaostoolkit("chaostoxi.toxic.actions")
        .returns("boolean")
        .doc(typed_toxic_doc!("Adds a `latency` toxic")),
        ActionSpec::action(
            "create_bandwith_degradation_toxic",
            &[
                FOR_PROXY,
                TOXIC_NAME,
                ArgSpec::required("rate", ArgType::Integer)
                    .doc("Kilobytes (of 1000 bytes) per second let through; 0 lets nothing through."),
            ],
        )
        .chaostoolkit("chaostoxi.toxic.actions")
        .returns("boolean")
        .doc(typed_toxic_doc!("Adds a `bandwidth` toxic (the driver's spelling of the name)")),
        ActionSpec::action(
            "create_slow_connection_close_toxic",
            &[
                FOR_PROXY,
                TOXIC_NAME,
                ArgSpec::required("delay", ArgType::Integer)
                    .doc("Milliseconds the proxy waits before passing a close on."),
            ],
        )
        .chaostoolkit("chaostoxi.toxic.actions")
        .returns("boolean")
        .doc(typed_toxic_doc!("Adds a `slow_close` toxic")),
        ActionSpec::action(
            "create_timeout_toxic",
            &[
                FOR_PROXY,
                TOXIC_NAME,
                ArgSpec::required("timeout", ArgType::Integer)
                    .doc("Milliseconds of silence before the connection is closed; 0 keeps it open and silent."),
            ],
        )
        .chaostoolkit("chaostoxi.toxic.actions")
        .returns("boolean")
        .doc(typed_toxic_doc!("Adds a `timeout` toxic, which stops all data")),
        ActionSpec::action(
            "create_slicer_toxic",
            &[
                FOR_PROXY,
                TOXIC_NAME,
                ArgSpec::required("average_size", ArgType::Integer)
                    .doc("Mean size of the pieces data is cut into, in bytes."),
                ArgSpec::required("size_variation", ArgType::Integer)
                    .doc("How far, in bytes, a piece's size may stray from the mean."),
                ArgSpec::required("delay", ArgType::Integer)
                    .doc("Pause between two pieces, in microseconds."),
            ],
        )
        .chaostoolkit("chaostoxi.toxic.actions")
        .returns("boolean")
        .doc(typed_toxic_doc!("Adds a `slicer` toxic")),
        ActionSpec::action(
            "create_limiter_toxic",
            &[
                FOR_PROXY,
                TOXIC_NAME,
                ArgSpec::required("bytes_limit", ArgType::Integer)
                    .doc("Bytes a connection may carry towards the client before the proxy closes it."),
            ],
        )
        .chaostoolkit("chaostoxi.toxic.actions")
        .returns("boolean")
        .doc(typed_toxic_doc!("Adds a `limit_data` toxic")),
    ],
    doc: "The Chaos Toolkit Toxiproxy driver's proxies and toxics, through any Toxiproxy HTTP API.",
};
