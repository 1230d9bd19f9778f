//! `aws.lambda`: Lambda.

use super::COMMON;
use crate::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};

/// The actions of `aws.lambda`, also offered as `aws.awslambda`.
const LAMBDA_ACTIONS: &[ActionSpec] = &[
    ActionSpec::action(
        "add_error",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::optional("body", ArgType::String, r#""{\"statusCode\": 500, \"body\": \"Greeting from Chaos Toolkit\"}""#)
                .doc("The response given instead of the function's, as a JSON string."),
            ArgSpec::optional("probability", ArgType::Number, "0.9")
                .doc("Chance, from 0 to 1, that an invocation is affected."),
            ArgSpec::optional("layer", ArgType::String, r#""arn:aws:lambda:us-east-1:871265522301:layer:chaos-lambda-extension-x86_64-unknown-linux-gnu-release:12""#)
                .doc("ARN of the chaos extension layer version."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Makes function `function_name` answer `body` instead of its own response with `probability`, by adding the chaos extension layer and its settings; returns the updated configuration. Deviation: values of variables that are secrets by name or look show as `***`."),
    ActionSpec::action(
        "add_latency",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::optional("latency", ArgType::Integer, "1").doc("Seconds of delay, 1 to 900."),
            ArgSpec::optional("probability", ArgType::Number, "0.9")
                .doc("Chance, from 0 to 1, that an invocation is affected."),
            ArgSpec::optional("layer", ArgType::String, r#""arn:aws:lambda:us-east-1:871265522301:layer:chaos-lambda-extension-x86_64-unknown-linux-gnu-release:12""#)
                .doc("ARN of the chaos extension layer version."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Delays invocations of function `function_name` by `latency` seconds with `probability`, by adding the chaos extension layer and its settings; returns the updated configuration. Deviation: values of variables that are secrets by name or look show as `***`."),
    ActionSpec::action(
        "add_layer",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::required("layer", ArgType::String).doc("ARN of the layer version to add."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Adds layer version `layer` to function `function_name` unless it is there already; returns the updated configuration."),
    ActionSpec::action(
        "delete_event_source_mapping",
        &[
            ArgSpec::required("event_uuid", ArgType::String)
                .doc("The event source mapping's UUID."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Deletes the event source mapping `event_uuid`; returns the mapping as deletion starts."),
    ActionSpec::action(
        "delete_function_concurrency",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Removes the reserved concurrency of function `function_name`; returns DeleteFunctionConcurrency's (empty) response."),
    ActionSpec::probe(
        "get_function_concurrency",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.probes")
    .returns("integer")
    .doc("Returns the reserved concurrency of function `function_name`, or null when none is reserved (where the driver fails)."),
    ActionSpec::probe(
        "get_function_memory_size",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::optional("qualifier", ArgType::String, "null")
                .doc("A version or alias of the function (default: `$LATEST`)."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.probes")
    .returns("integer")
    .doc("Returns the memory size, in MB, of function `function_name` (of `qualifier`, when given)."),
    ActionSpec::probe(
        "get_function_timeout",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::optional("qualifier", ArgType::String, "null")
                .doc("A version or alias of the function (default: `$LATEST`)."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.probes")
    .returns("integer")
    .doc("Returns the timeout, in seconds, of function `function_name` (of `qualifier`, when given)."),
    ActionSpec::action(
        "invoke_function",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::optional("function_arguments", ArgType::Mapping, "null")
                .doc("The event to send, as JSON."),
            ArgSpec::optional("invocation_type", ArgType::String, r#""RequestResponse""#)
                .choices(&["RequestResponse", "Event", "DryRun"])
                .doc("`RequestResponse` (wait for the answer), `Event` (asynchronous) or `DryRun`."),
            ArgSpec::optional("client_context", ArgType::Mapping, "null")
                .doc("Client context handed to the function (sent base64-encoded)."),
            ArgSpec::optional("qualifier", ArgType::String, "null")
                .doc("A version or alias to invoke."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Invokes function `function_name` with `function_arguments` as its event; returns Invoke's response, its `Payload` decoded when it is JSON."),
    ActionSpec::probe(
        "list_event_source_mapping",
        &[
            ArgSpec::optional("source_arn", ArgType::String, "null")
                .doc("The event source's ARN, e.g. an SQS queue's or a Kinesis stream's."),
            ArgSpec::optional("function_name", ArgType::String, "null")
                .doc("The function's name or ARN."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.probes")
    .returns("mapping")
    .doc("Returns ListEventSourceMappings' response for `source_arn` and/or `function_name`, every page's mappings joined."),
    ActionSpec::action(
        "put_function_concurrency",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::required("concurrent_executions", ArgType::Integer)
                .doc("Executions to reserve; 0 throttles every invocation."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Reserves `concurrent_executions` concurrent executions for function `function_name`; returns the reserved value."),
    ActionSpec::action(
        "put_function_memory_size",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::required("memory_size", ArgType::Integer).doc("Memory in MB, 128 to 10240."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Sets the memory size of function `function_name` to `memory_size` MB; returns the updated configuration."),
    ActionSpec::action(
        "put_function_timeout",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::required("timeout", ArgType::Integer).doc("Timeout in seconds (1 or more)."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Sets the timeout of function `function_name` to `timeout` seconds; returns the updated configuration."),
    ActionSpec::action(
        "remove_error",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::optional("layer", ArgType::String, r#""arn:aws:lambda:us-east-1:871265522301:layer:chaos-lambda-extension-x86_64-unknown-linux-gnu-release:12""#)
                .doc("ARN of the chaos extension layer version."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Undoes `add_error` on function `function_name`: drops its settings, and the layer and wrapper too unless `add_latency` still needs them; returns the updated configuration. Deviation: the driver always drops the layer and wrapper, which silently ends a latency fault still set."),
    ActionSpec::action(
        "remove_latency",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::optional("layer", ArgType::String, r#""arn:aws:lambda:us-east-1:871265522301:layer:chaos-lambda-extension-x86_64-unknown-linux-gnu-release:12""#)
                .doc("ARN of the chaos extension layer version."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Undoes `add_latency` on function `function_name`: drops its settings, and the layer too unless `add_error` still needs it; returns the updated configuration. Deviation: removes the latency value as well, which the driver leaves behind, so no trace of the fault stays in the environment; and keeps the layer and wrapper while an error fault still needs them, where the driver drops both."),
    ActionSpec::action(
        "remove_layer",
        &[
            ArgSpec::required("function_name", ArgType::String).doc("The function's name or ARN."),
            ArgSpec::required("layer", ArgType::String).doc("ARN of the layer version to remove."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Takes layer version `layer` off function `function_name`, failing when the function does not have it; returns the updated configuration."),
    ActionSpec::action(
        "toggle_event_source_mapping_state",
        &[
            ArgSpec::required("event_uuid", ArgType::String)
                .doc("The event source mapping's UUID."),
            ArgSpec::required("enabled", ArgType::Boolean)
                .doc("`true` enables the mapping, `false` disables it."),
        ],
    )
        .chaostoolkit("chaosaws.awslambda.actions")
    .returns("mapping")
    .doc("Enables or disables the event source mapping `event_uuid`, as `enabled` says; returns the mapping."),
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
