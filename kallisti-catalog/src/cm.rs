//! `cm`: the common namespace (HTTP probes and requests, waits).

use crate::{ActionSpec, ArgSpec, ArgType, BadArgumentReport, NamespaceSpec};

const HTTP_ARGS: &[ArgSpec] = &[
    ArgSpec::required("url", ArgType::String).doc("The URL to call."),
    ArgSpec::optional("method", ArgType::String, "\"GET\"").doc("The HTTP method."),
    ArgSpec::optional("request_body", ArgType::Mapping, "null")
        .doc("A body sent as JSON (or a string sent as is)."),
    ArgSpec::optional("headers", ArgType::Mapping, "null").doc("Request headers."),
    ArgSpec::optional("authentication", ArgType::Mapping, "null")
        .doc("HTTP step authentication (`type: oauth2_token`)."),
    ArgSpec::optional("verify_tls", ArgType::Boolean, "true")
        .doc("Verify the server's TLS certificate."),
];

/// The `cm` namespace.
pub static CM: NamespaceSpec =
    NamespaceSpec {
        name: "cm",
        feature: "cm",
        common_args: &[],
        actions: &[
            ActionSpec::probe("http_probe", HTTP_ARGS)
                .returns("mapping")
                .doc("Sends a GET or POST to `url`; returns the status code, headers, body (as text and parsed JSON) and response time, and fails on a status of 400 or more."),
            ActionSpec::probe("http_request", HTTP_ARGS)
                .returns("mapping")
                .doc("Sends a GET, POST, PUT, PATCH or DELETE to `url`; returns the status code, headers, body (as text and parsed JSON) and response time, whatever the status."),
            ActionSpec::action(
                "wait",
                &[ArgSpec::required("time_in_seconds", ArgType::Integer)
                    .doc("Whole seconds to wait.")],
            )
            .bad_argument(BadArgumentReport::FailedAction)
            .doc("Pauses the trial for `time_in_seconds` seconds (not under dry run); returns nothing."),
        ],
        doc: "Common steps: HTTP probes and requests, waits.",
    };
