//! An experiment's `configuration` and `secrets`, and the `$name` /
//! `${name}` substitution that reads them (Python's `string.Template`
//! rules, with a lone `${name}` keeping its value's type).

use serde_json::{Map, Value};

/// The values placeholders read: configuration first, then each secret
/// namespace in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Values {
    pub(crate) configuration: Map<String, Value>,
    pub(crate) secrets: Map<String, Value>,
}

/// Reads an environment variable (the process's, or a test's).
pub(crate) type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// An owned [`Env`], shared with background activities.
pub(crate) type SharedEnv = std::sync::Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

impl Values {
    /// The value a placeholder `name` stands for.
    fn lookup(&self, name: &str) -> Option<&Value> {
        self.configuration.get(name).or_else(|| {
            self.secrets
                .values()
                .filter_map(Value::as_object)
                .find_map(|namespace| namespace.get(name))
        })
    }

    /// Every secret value, as text, so it can be redacted.
    pub(crate) fn secret_texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for namespace in self.secrets.values() {
            collect_texts(namespace, &mut out);
        }
        out
    }

    /// The merged secrets of `namespaces` (what a python function that
    /// takes `secrets` is given).
    pub(crate) fn merged_secrets(&self, namespaces: &[String]) -> Map<String, Value> {
        let mut merged = Map::new();
        for name in namespaces {
            if let Some(Value::Object(values)) = self.secrets.get(name) {
                merged.extend(values.clone());
            }
        }
        merged
    }

    /// `value` with every placeholder in its strings replaced.
    pub(crate) fn substitute(&self, value: &Value) -> Value {
        match value {
            Value::String(text) => self.substitute_str(text),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.substitute(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.substitute(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// A string that is exactly `${name}` of a known name becomes that
    /// value, typed; any other string gets each known placeholder written
    /// in, and unknown ones are left as they are.
    pub(crate) fn substitute_str(&self, text: &str) -> Value {
        if let Some(name) = text
            .strip_prefix("${")
            .and_then(|rest| rest.strip_suffix('}'))
            .filter(|name| is_identifier(name))
        {
            if let Some(value) = self.lookup(name) {
                return value.clone();
            }
        }
        Value::String(self.interpolate(text))
    }

    fn interpolate(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            if let Some(tail) = after.strip_prefix('$') {
                out.push('$');
                rest = tail;
                continue;
            }
            let (name, used) = match after.strip_prefix('{') {
                Some(braced) => match braced.find('}') {
                    Some(end) if is_identifier(&braced[..end]) => (&braced[..end], end + 2),
                    _ => ("", 0),
                },
                None => {
                    let len = identifier_len(after);
                    (&after[..len], len)
                }
            };
            match self.lookup(name).filter(|_| !name.is_empty()) {
                Some(value) => out.push_str(&crate::modules::chaostoolkit::python_str(value)),
                None => out.push_str(&rest[at..at + 1 + used]),
            }
            rest = &after[used..];
        }
        out.push_str(rest);
        out
    }
}

fn collect_texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if !s.is_empty() => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| collect_texts(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_texts(v, out)),
        _ => {}
    }
}

/// The length of the identifier `text` starts with (ASCII letters, digits
/// and `_`, not starting with a digit).
fn identifier_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    if bytes.first().is_none_or(|b| b.is_ascii_digit()) {
        return 0;
    }
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count()
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty() && identifier_len(name) == name.len()
}

/// Loads `configuration`: plain values as they are, `env` entries from the
/// environment (typed by `env_var_type`); dynamic `probe` entries are kept
/// for the runner. Problems are pushed as `(field, message)`.
pub(crate) fn load_configuration(
    declared: Option<&Value>,
    env: Env<'_>,
    problems: &mut Vec<(String, String)>,
) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(Value::Object(declared)) = declared else {
        if declared.is_some_and(|d| !d.is_null()) {
            problems.push(("configuration".into(), "must be a mapping".into()));
        }
        return out;
    };
    for (key, value) in declared {
        let field = format!("configuration.{key}");
        let loaded = match value {
            Value::Object(entry) if entry.get("type").and_then(Value::as_str) == Some("env") => {
                match from_env(entry, env) {
                    Ok(v) => v,
                    Err(message) => {
                        problems.push((field, message));
                        continue;
                    }
                }
            }
            other => other.clone(),
        };
        out.insert(key.clone(), loaded);
    }
    out
}

fn from_env(entry: &Map<String, Value>, env: Env<'_>) -> Result<Value, String> {
    let Some(key) = entry.get("key").and_then(Value::as_str) else {
        return Err("an `env` entry needs `key`".into());
    };
    let raw = match (env(key), entry.get("default")) {
        (Some(text), _) => Value::String(text),
        (None, Some(default)) => default.clone(),
        (None, None) => {
            return Err(format!(
                "the environment variable `{key}` is not set and there is no `default`"
            ))
        }
    };
    let kind = entry.get("env_var_type").and_then(Value::as_str);
    convert(kind, raw).map_err(|m| format!("`{key}`: {m}"))
}

/// `raw` converted as `env_var_type` says.
fn convert(kind: Option<&str>, raw: Value) -> Result<Value, String> {
    let Value::String(text) = &raw else {
        return Ok(raw);
    };
    match kind {
        None | Some("str" | "string" | "bytes") => Ok(raw),
        Some("int" | "integer") => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("`{text}` is not an integer")),
        Some("float" | "number") => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
            .ok_or_else(|| format!("`{text}` is not a number")),
        Some("bool") => Ok(Value::Bool(!matches!(
            text.to_ascii_lowercase().as_str(),
            "false" | "0" | "no"
        ))),
        Some("json") if text.is_empty() => Ok(raw),
        Some("json") => serde_json::from_str(text).map_err(|e| format!("not JSON: {e}")),
        Some(other) => Err(format!(
            "`env_var_type` `{other}` is not one of str, int, float, bytes, bool, json"
        )),
    }
}

/// Loads `secrets`: namespaces of plain values and `env` entries (which
/// have no default). Vault is not supported and is a problem.
pub(crate) fn load_secrets(
    declared: Option<&Value>,
    env: Env<'_>,
    problems: &mut Vec<(String, String)>,
) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(Value::Object(declared)) = declared else {
        return out;
    };
    for (namespace, entries) in declared {
        let Value::Object(entries) = entries else {
            out.insert(namespace.clone(), entries.clone());
            continue;
        };
        let mut loaded = Map::new();
        for (key, value) in entries {
            let field = format!("secrets.{namespace}.{key}");
            match value.get("type").and_then(Value::as_str) {
                Some("env") => match value.get("key").and_then(Value::as_str) {
                    Some(var) => match env(var) {
                        Some(text) => {
                            loaded.insert(key.clone(), Value::String(text));
                        }
                        None => problems.push((
                            field,
                            format!("the environment variable `{var}` is not set"),
                        )),
                    },
                    None => problems.push((field, "an `env` secret needs `key`".into())),
                },
                Some("vault") => problems.push((
                    field,
                    "Vault secrets are not supported by kallisti: read the value into an environment variable and use `type: env`".into(),
                )),
                _ => {
                    loaded.insert(key.clone(), value.clone());
                }
            }
        }
        out.insert(namespace.clone(), Value::Object(loaded));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn values() -> Values {
        Values {
            configuration: json!({"port": 8080, "host": "localhost", "flag": true})
                .as_object()
                .unwrap()
                .clone(),
            secrets: json!({"auth": {"token": "s3cr3t", "host": "shadowed"}})
                .as_object()
                .unwrap()
                .clone(),
        }
    }

    #[test]
    fn a_lone_braced_placeholder_keeps_its_type() {
        let v = values();
        assert_eq!(v.substitute_str("${port}"), json!(8080));
        assert_eq!(v.substitute_str("${flag}"), json!(true));
        // The bare form is always text.
        assert_eq!(v.substitute_str("$port"), json!("8080"));
    }

    #[test]
    fn placeholders_inside_text_are_written_as_python_would() {
        let v = values();
        assert_eq!(
            v.substitute_str("http://${host}:$port/x?on=$flag&t=${token}"),
            json!("http://localhost:8080/x?on=True&t=s3cr3t")
        );
        // Configuration wins over secrets.
        assert_eq!(v.substitute_str("$host"), json!("localhost"));
    }

    #[test]
    fn unknown_names_escapes_and_stray_dollars_are_left_alone() {
        let v = values();
        assert_eq!(v.substitute_str("${nope}"), json!("${nope}"));
        assert_eq!(
            v.substitute_str("$nope and $$port"),
            json!("$nope and $port")
        );
        assert_eq!(
            v.substitute_str("cost: 5$ ${ port}"),
            json!("cost: 5$ ${ port}")
        );
        assert_eq!(v.substitute_str("$1"), json!("$1"));
    }

    #[test]
    fn env_entries_are_read_typed_and_a_missing_one_is_a_problem() {
        let env = |k: &str| match k {
            "PORT" => Some("9000".to_string()),
            "ON" => Some("no".to_string()),
            _ => None,
        };
        let declared = json!({
            "port": {"type": "env", "key": "PORT", "env_var_type": "int"},
            "on": {"type": "env", "key": "ON", "env_var_type": "bool"},
            "host": {"type": "env", "key": "HOST", "default": "h"},
            "gone": {"type": "env", "key": "GONE"},
            "plain": {"type": "other", "x": 1},
        });
        let mut problems = Vec::new();
        let loaded = load_configuration(Some(&declared), &env, &mut problems);
        assert_eq!(loaded["port"], json!(9000));
        assert_eq!(loaded["on"], json!(false));
        assert_eq!(loaded["host"], json!("h"));
        assert_eq!(loaded["plain"], json!({"type": "other", "x": 1}));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "configuration.gone");
    }

    #[test]
    fn secrets_from_env_and_inline() {
        let env = |k: &str| (k == "TOKEN").then(|| "t0k".to_string());
        let declared = json!({"api": {"token": {"type": "env", "key": "TOKEN"}, "user": "me"}});
        let mut problems = Vec::new();
        let loaded = load_secrets(Some(&declared), &env, &mut problems);
        assert!(problems.is_empty());
        assert_eq!(
            loaded,
            *json!({"api": {"token": "t0k", "user": "me"}})
                .as_object()
                .unwrap()
        );
    }
}
