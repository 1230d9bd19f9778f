//! `chaostoolkit`: the providers of Chaos Toolkit activities that are not a
//! driver's function (http, process, and python modules kallisti does not
//! implement), so a Chaos Toolkit experiment runs as kallisti steps.

use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The `chaostoolkit` namespace.
pub static CHAOSTOOLKIT: NamespaceSpec = NamespaceSpec {
    name: "chaostoolkit",
    feature: "chaostoolkit",
    common_args: &[],
    actions: &[
        ActionSpec::action(
            "http",
            &[
                ArgSpec::required("url", ArgType::String).doc("The URL to call."),
                ArgSpec::optional("method", ArgType::String, r#""GET""#)
                    .doc("The HTTP method, in any case."),
                ArgSpec::optional("headers", ArgType::Mapping, "{}")
                    .doc("Request headers; `Content-Type: application/json` sends `arguments` as JSON."),
                ArgSpec::optional("arguments", ArgType::Any, "null")
                    .doc("Query parameters for GET, else a JSON or form body."),
                ArgSpec::optional("timeout", ArgType::Any, "null")
                    .doc("Seconds, or `[connect, read]` seconds."),
                ArgSpec::optional("verify_tls", ArgType::Boolean, "true")
                    .doc("Verify the server's TLS certificate."),
                ArgSpec::optional("max_retries", ArgType::Integer, "0")
                    .doc("Times a request that could not connect is sent again."),
            ],
        )
        .returns("mapping")
        .doc("Sends an HTTP request as a Chaos Toolkit http provider does; returns `status`, `headers` and `body` (JSON when the answer says `application/json`), whatever the status."),
        ActionSpec::action(
            "process",
            &[
                ArgSpec::required("path", ArgType::String)
                    .doc("The program: a path, `~/...`, or a name looked up on `PATH`."),
                ArgSpec::optional("arguments", ArgType::Any, "null")
                    .doc("A string run through the shell after the program, a list of arguments, or a mapping of options."),
                ArgSpec::optional("timeout", ArgType::Number, "null")
                    .doc("Seconds before the program is killed and the activity fails."),
            ],
        )
        .returns("mapping")
        .doc("Runs a program as a Chaos Toolkit process provider does; returns `status` (its exit code), `stdout` and `stderr`; a non-zero exit is not a failure."),
        ActionSpec::action(
            "python",
            &[
                ArgSpec::required("module", ArgType::String).doc("The dotted module path."),
                ArgSpec::required("func", ArgType::String).doc("The function of that module."),
                ArgSpec::optional("arguments", ArgType::Mapping, "{}")
                    .doc("The function's keyword arguments."),
                ArgSpec::optional("configuration", ArgType::Mapping, "null")
                    .doc("Passed as `configuration` when the function takes it."),
                ArgSpec::optional("secrets", ArgType::Mapping, "null")
                    .secret()
                    .doc("Passed as `secrets` when the function takes it."),
            ],
        )
        .returns("object")
        .doc("Calls a python function that kallisti does not implement through a Python interpreter (`KALLISTI_PYTHON`, else `python3`); returns what it returns, as JSON."),
    ],
    doc: "Chaos Toolkit providers: http requests, processes, and python functions kallisti does not implement.",
};
