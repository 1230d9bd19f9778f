//! `aws.lambda`: Lambda.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The actions of `aws.lambda`, also offered as `aws.awslambda`.
const LAMBDA_ACTIONS: &[ActionSpec] = &[
    ActionSpec::action("add_error", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::optional("body", ArgType::String, r#""{\"statusCode\": 500, \"body\": \"Greeting from Chaos Toolkit\"}""#), ArgSpec::optional("probability", ArgType::Number, "0.9"), ArgSpec::optional("layer", ArgType::String, r#""arn:aws:lambda:us-east-1:871265522301:layer:chaos-lambda-extension-x86_64-unknown-linux-gnu-release:12""#)]).returns("mapping").doc("Make a function answer with `body` with the given probability, through the chaos extension layer."),
    ActionSpec::action("add_latency", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::optional("latency", ArgType::Integer, "1"), ArgSpec::optional("probability", ArgType::Number, "0.9"), ArgSpec::optional("layer", ArgType::String, r#""arn:aws:lambda:us-east-1:871265522301:layer:chaos-lambda-extension-x86_64-unknown-linux-gnu-release:12""#)]).returns("mapping").doc("Delay a function by `latency` seconds with the given probability, through the chaos extension layer."),
    ActionSpec::action("add_layer", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::required("layer", ArgType::String)]).returns("mapping").doc("Add a layer to a function."),
    ActionSpec::action("delete_event_source_mapping", &[ArgSpec::required("event_uuid", ArgType::String)]).returns("mapping").doc("Delete an event source mapping."),
    ActionSpec::action("delete_function_concurrency", &[ArgSpec::required("function_name", ArgType::String)]).returns("mapping").doc("Remove a function's reserved concurrency."),
    ActionSpec::probe("get_function_concurrency", &[ArgSpec::required("function_name", ArgType::String)]).returns("boolean").doc("Whether a function has reserved concurrency."),
    ActionSpec::probe("get_function_memory_size", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::optional("qualifier", ArgType::String, "null")]).returns("integer").doc("A function's memory size in MB."),
    ActionSpec::probe("get_function_timeout", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::optional("qualifier", ArgType::String, "null")]).returns("integer").doc("A function's timeout in seconds."),
    ActionSpec::action("invoke_function", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::optional("function_arguments", ArgType::Mapping, "null"), ArgSpec::optional("invocation_type", ArgType::String, r#""RequestResponse""#), ArgSpec::optional("client_context", ArgType::Mapping, "null"), ArgSpec::optional("qualifier", ArgType::String, "null")]).returns("mapping").doc("Invoke a function; its payload, status and error."),
    ActionSpec::probe("list_event_source_mapping", &[ArgSpec::optional("source_arn", ArgType::String, "null"), ArgSpec::optional("function_name", ArgType::String, "null")]).returns("mapping").doc("Event source mappings of a source or function."),
    ActionSpec::action("put_function_concurrency", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::required("concurrent_executions", ArgType::Integer)]).returns("mapping").doc("Set a function's reserved concurrency."),
    ActionSpec::action("put_function_memory_size", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::required("memory_size", ArgType::Integer)]).returns("mapping").doc("Set a function's memory size in MB."),
    ActionSpec::action("put_function_timeout", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::required("timeout", ArgType::Integer)]).returns("mapping").doc("Set a function's timeout in seconds."),
    ActionSpec::action("remove_error", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::optional("layer", ArgType::String, r#""arn:aws:lambda:us-east-1:871265522301:layer:chaos-lambda-extension-x86_64-unknown-linux-gnu-release:12""#)]).returns("mapping").doc("Undo `add_error`: remove the chaos layer and its settings."),
    ActionSpec::action("remove_latency", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::optional("layer", ArgType::String, r#""arn:aws:lambda:us-east-1:871265522301:layer:chaos-lambda-extension-x86_64-unknown-linux-gnu-release:12""#)]).returns("mapping").doc("Undo `add_latency`: remove the chaos layer and its settings."),
    ActionSpec::action("remove_layer", &[ArgSpec::required("function_name", ArgType::String), ArgSpec::required("layer", ArgType::String)]).returns("mapping").doc("Remove a layer from a function."),
    ActionSpec::action("toggle_event_source_mapping_state", &[ArgSpec::required("event_uuid", ArgType::String), ArgSpec::required("enabled", ArgType::Boolean)]).returns("mapping").doc("Enable or disable an event source mapping."),
];

/// The `aws.lambda` namespace.
pub static LAMBDA: NamespaceSpec = NamespaceSpec {
    name: "aws.lambda",
    feature: "aws-lambda",
    common_args: COMMON,
    actions: LAMBDA_ACTIONS,
    doc: "Lambda functions: timeout, memory, concurrency, layers, event source mappings, injected errors and latency.",
};

/// The `aws.awslambda` namespace (the Chaos Toolkit's module name; the same actions as `aws.lambda`).
pub static AWSLAMBDA: NamespaceSpec = NamespaceSpec {
    name: "aws.awslambda",
    feature: "aws-lambda",
    common_args: COMMON,
    actions: LAMBDA_ACTIONS,
    doc: "Lambda functions: timeout, memory, concurrency, layers, event source mappings, injected errors and latency.",
};
