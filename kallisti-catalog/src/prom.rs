//! `prom`: Prometheus probes.

use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

const TIMEOUT: ArgSpec = ArgSpec::optional("timeout", ArgType::Number, "null")
    .doc("Seconds to wait for Prometheus's answer.");
const VERIFY_TLS: ArgSpec = ArgSpec::optional("verify_tls", ArgType::Boolean, "true")
    .doc("Verify the server's TLS certificate.");

/// The `prom` namespace.
pub static PROM: NamespaceSpec = NamespaceSpec {
    name: "prom",
    feature: "prom",
    common_args: &[
        ArgSpec::required("base_url", ArgType::String)
            .doc("The Prometheus server, e.g. `http://prometheus:9090`."),
        ArgSpec::optional("credentials", ArgType::Mapping, "null")
            .doc("A token (bearer) or user-name/password (basic) credential."),
    ],
    actions: &[
        ActionSpec::probe(
            "query",
            &[
                ArgSpec::required("query", ArgType::String).doc("The PromQL query."),
                ArgSpec::optional("when", ArgType::String, "null")
                    .doc("When: RFC 3339, a Unix time, `now`, `5 minutes ago`, `yesterday`."),
                TIMEOUT,
                VERIFY_TLS,
            ],
        )
        .chaostoolkit("chaosprometheus.probes")
        .returns("mapping")
        .doc("Evaluates the PromQL expression `query` at `when` (default: now) on the server at `base_url`; returns Prometheus's JSON answer unchanged."),
        ActionSpec::probe(
            "query_interval",
            &[
                ArgSpec::required("query", ArgType::String).doc("The PromQL query."),
                ArgSpec::required("start", ArgType::String)
                    .doc("Start: RFC 3339, a Unix time, or `5 minutes ago`."),
                ArgSpec::required("end", ArgType::String)
                    .doc("End: RFC 3339, a Unix time, or `now`."),
                ArgSpec::optional("step", ArgType::Integer, "1")
                    .also_string()
                    .doc("Resolution: seconds, or a duration such as `15s` or `1m`."),
                TIMEOUT,
                VERIFY_TLS,
            ],
        )
        .chaostoolkit("chaosprometheus.probes")
        .returns("mapping")
        .doc("Evaluates the PromQL expression `query` from `start` to `end`, every `step`, on the server at `base_url`; returns Prometheus's JSON answer unchanged."),
        ActionSpec::probe(
            "compute_mean",
            &[
                ArgSpec::required("query", ArgType::String)
                    .doc("A selector whose samples over `window` are averaged."),
                ArgSpec::optional("window", ArgType::String, "\"1d\"")
                    .doc("How far back, as a Prometheus duration."),
                ArgSpec::optional("mean_type", ArgType::String, "\"arithmetic\"")
                    .doc("`arithmetic`, `geometric` or `harmonic`."),
            ],
        )
        .chaostoolkit("chaosprometheus.probes")
        .returns("number")
        .doc("Fetches the range vector `query[window]` and averages all its samples as `mean_type` says; returns the mean, and fails when there is no sample. The driver (0.6.0) crashes subtracting the window's start (a date) from the end (a Unix time); kallisti computes the mean."),
        ActionSpec::probe(
            "nodes_cpu_usage_mean",
            &[ArgSpec::optional("window", ArgType::String, "\"1d\"")
                .doc("How far back, as a Prometheus duration.")],
        )
        .chaostoolkit("chaosprometheus.probes")
        .returns("number")
        .doc("Samples each node's busy CPU percentage every minute over `window` (from `node_cpu_seconds_total`); returns the arithmetic mean of all samples, and fails when there is none. The driver (0.6.0) crashes here as in `compute_mean`; kallisti computes the mean."),
    ],
    doc: "Prometheus probes: instant and range queries, means.",
};
