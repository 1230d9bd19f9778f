//! One Chaos Toolkit activity as one kallisti step: a driver's python
//! function becomes the kallisti action that stands in for it, any other
//! provider a `chaostoolkit.*` step.

use super::config::{Env, Values};
use crate::experiment::Step;
use kallisti_catalog::NamespaceSpec;
use serde_json::{Map, Value};

/// `activity` (already resolved from a `ref`) as a step, its strings
/// substituted; or why it cannot be one, with the field.
pub(crate) fn to_step(
    activity: &Value,
    values: &Values,
    env: Env<'_>,
) -> Result<Step, (String, String)> {
    let name = activity
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("activity");
    let Some(Value::Object(provider)) = activity.get("provider") else {
        return Err(("provider".into(), "is missing or not a mapping".into()));
    };
    let (action, arguments) = match provider.get("type").and_then(Value::as_str) {
        Some("python") => python(provider, values, env)?,
        Some("http") => ("chaostoolkit.http".to_string(), http(provider, values)),
        Some("process") => (
            "chaostoolkit.process".to_string(),
            process(provider, values),
        ),
        Some(other) => {
            return Err((
                "provider.type".into(),
                format!("`{other}` is not one of python, process, http"),
            ))
        }
        None => return Err(("provider.type".into(), "is missing".into())),
    };
    let mut step = Step::new(name, action);
    step.arguments = arguments;
    Ok(step)
}

/// Copies `keys` of `provider` that are present, substituted.
fn copy(provider: &Map<String, Value>, keys: &[&str], values: &Values) -> Map<String, Value> {
    keys.iter()
        .filter_map(|k| {
            provider
                .get(*k)
                .map(|v| (k.to_string(), values.substitute(v)))
        })
        .collect()
}

fn http(provider: &Map<String, Value>, values: &Values) -> Map<String, Value> {
    let mut out = copy(
        provider,
        &["url", "headers", "arguments", "timeout"],
        values,
    );
    // Not substituted, as the Chaos Toolkit leaves them.
    for key in ["method", "verify_tls", "max_retries"] {
        if let Some(v) = provider.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    out
}

fn process(provider: &Map<String, Value>, values: &Values) -> Map<String, Value> {
    let mut out = copy(provider, &["arguments"], values);
    for key in ["path", "timeout"] {
        if let Some(v) = provider.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    out
}

fn python(
    provider: &Map<String, Value>,
    values: &Values,
    env: Env<'_>,
) -> Result<(String, Map<String, Value>), (String, String)> {
    let text = |key: &str| provider.get(key).and_then(Value::as_str);
    let (Some(module), Some(func)) = (text("module"), text("func")) else {
        return Err((
            "provider".into(),
            "a python provider needs `module` and `func`".into(),
        ));
    };
    let arguments = match provider.get("arguments").map(|a| values.substitute(a)) {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(("provider.arguments".into(), "must be a mapping".into())),
    };
    if let Some((namespace, action)) = kallisti_catalog::find_chaostoolkit(module, func) {
        let mut arguments = arguments;
        driver_settings(namespace, values, env, &mut arguments);
        return Ok((format!("{}.{}", namespace.name, action.name), arguments));
    }
    let namespaces: Vec<String> = match provider.get("secrets") {
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(|n| n.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    };
    let mut out = Map::new();
    out.insert("module".into(), module.into());
    out.insert("func".into(), func.into());
    out.insert("arguments".into(), Value::Object(arguments));
    out.insert(
        "configuration".into(),
        Value::Object(values.configuration.clone()),
    );
    if provider.contains_key("secrets") {
        out.insert(
            "secrets".into(),
            Value::Object(values.merged_secrets(&namespaces)),
        );
    }
    Ok(("chaostoolkit.python".into(), out))
}

/// The connection settings a Chaos Toolkit driver reads from the
/// configuration, secrets or environment, as the kallisti action's
/// arguments (only those the step does not set itself).
fn driver_settings(
    namespace: &NamespaceSpec,
    values: &Values,
    env: Env<'_>,
    arguments: &mut Map<String, Value>,
) {
    let configured = |key: &str| values.configuration.get(key).cloned();
    let secret_or_env = |key: &str| {
        values
            .secrets
            .values()
            .find_map(|ns| ns.get(key).cloned())
            .or_else(|| env(key).map(Value::String))
    };
    let settings: Vec<(&str, Option<Value>)> = match namespace.name {
        "k8s" | "istio" => vec![
            ("k8s_api_host", secret_or_env("KUBERNETES_HOST")),
            ("context", secret_or_env("KUBERNETES_CONTEXT")),
        ],
        "cf" => vec![
            ("cf_api_url", configured("cf_api_url")),
            ("verify_tls", configured("cf_verify_ssl")),
        ],
        "prom" => vec![("base_url", configured("prometheus_base_url"))],
        "toxiproxy" => vec![
            ("toxiproxy_host", configured("toxiproxy_host")),
            ("toxiproxy_port", configured("toxiproxy_port")),
        ],
        name if name.starts_with("aws.") => vec![
            ("region", configured("aws_region")),
            ("role", configured("aws_assume_role_arn")),
        ],
        _ => Vec::new(),
    };
    for (argument, value) in settings {
        let accepted = namespace.common_args.iter().any(|a| a.name == argument)
            || namespace
                .actions
                .iter()
                .any(|a| a.argument(argument).is_some());
        if let (true, Some(value)) = (accepted, value) {
            arguments.entry(argument).or_insert(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn a_driver_function_becomes_the_kallisti_action() {
        let activity = json!({"type": "action", "name": "kill", "provider": {
            "type": "python", "module": "chaosk8s.pod.actions", "func": "terminate_pods",
            "arguments": {"label_selector": "app=${app}", "qty": "${n}"}}});
        let values = Values {
            configuration: json!({"app": "web", "n": 2}).as_object().unwrap().clone(),
            ..Default::default()
        };
        let env = |k: &str| (k == "KUBERNETES_HOST").then(|| "https://127.0.0.1:1".to_string());
        let step = to_step(&activity, &values, &env).unwrap();
        assert_eq!(step.action, "k8s.terminate_pods");
        assert_eq!(
            Value::Object(step.arguments),
            json!({"label_selector": "app=web", "qty": 2, "k8s_api_host": "https://127.0.0.1:1"})
        );
    }

    #[test]
    fn other_python_functions_go_through_the_bridge_with_their_secrets() {
        let activity = json!({"type": "probe", "name": "exists", "provider": {
            "type": "python", "module": "os.path", "func": "exists",
            "arguments": {"path": "/tmp"}, "secrets": ["a"]}});
        let values = Values {
            secrets: json!({"a": {"k": "v"}, "b": {"x": "y"}})
                .as_object()
                .unwrap()
                .clone(),
            ..Default::default()
        };
        let step = to_step(&activity, &values, &no_env).unwrap();
        assert_eq!(step.action, "chaostoolkit.python");
        assert_eq!(step.arguments["secrets"], json!({"k": "v"}));
        assert_eq!(step.arguments["arguments"], json!({"path": "/tmp"}));
    }

    #[test]
    fn process_paths_and_http_methods_are_not_substituted() {
        let values = Values {
            configuration: json!({"p": "x"}).as_object().unwrap().clone(),
            ..Default::default()
        };
        let process =
            json!({"name": "p", "provider": {"type": "process", "path": "$p", "arguments": "$p"}});
        let step = to_step(&process, &values, &no_env).unwrap();
        assert_eq!(
            Value::Object(step.arguments),
            json!({"arguments": "x", "path": "$p"})
        );
        let bad = json!({"name": "b", "provider": {"type": "ftp"}});
        assert_eq!(
            to_step(&bad, &values, &no_env).unwrap_err().0,
            "provider.type"
        );
    }
}
