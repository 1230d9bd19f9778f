//! The allow-list: the hosts and Kubernetes namespaces a trial may act on.

use crate::error::Error;
use serde_json::{Map, Value};

/// Argument names that hold a Kubernetes namespace.
const NAMESPACE_KEYS: [&str; 3] = ["ns", "namespace", "pod_namespace"];

/// Where steps may act. Empty lists allow everything; a non-empty list
/// refuses, before anything runs, any step whose arguments name a host (in a
/// URL) or a Kubernetes namespace (`ns`, `namespace`, `pod_namespace`) that
/// no pattern matches. A pattern is a name, `*`, or a name with a `*` at its
/// start or end (`*.staging.example.com`, `chaos-*`).
///
/// Only targets written in a step's arguments are checked: a step that finds
/// its endpoint elsewhere (a kubeconfig, the AWS environment) is not.
///
/// ```
/// use kallisti::trial::AllowList;
/// use serde_json::json;
///
/// let allow = AllowList::default().hosts(["127.0.0.1", "*.staging.example.com"]);
/// let ok = json!({"url": "https://api.staging.example.com/health"});
/// assert!(allow.check(ok.as_object().unwrap()).is_ok());
/// let prod = json!({"url": "https://api.example.com/health"});
/// assert!(allow.check(prod.as_object().unwrap()).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList {
    hosts: Vec<String>,
    namespaces: Vec<String>,
}

/// The variable listing allowed hosts (comma-separated patterns).
pub const ALLOW_HOSTS_VAR: &str = "KALLISTI_ALLOW_HOSTS";
/// The variable listing allowed Kubernetes namespaces (comma-separated patterns).
pub const ALLOW_NAMESPACES_VAR: &str = "KALLISTI_ALLOW_NAMESPACES";

fn split_patterns(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
}

fn matches(pattern: &str, name: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
        _ if pattern == "*" => true,
        (Some(suffix), _) => name.ends_with(suffix),
        (_, Some(prefix)) => name.starts_with(prefix),
        _ => pattern == name,
    }
}

/// The host of an `http(s)://` URL, without user info, port or brackets.
pub(crate) fn url_host(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("http://")
        .or_else(|| text.strip_prefix("https://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

impl AllowList {
    /// The allow-list of the environment: `KALLISTI_ALLOW_HOSTS` and
    /// `KALLISTI_ALLOW_NAMESPACES`, comma-separated patterns.
    pub fn from_env() -> Self {
        let read = |var: &str| {
            std::env::var(var)
                .map(|v| split_patterns(&v).collect())
                .unwrap_or_default()
        };
        AllowList {
            hosts: read(ALLOW_HOSTS_VAR),
            namespaces: read(ALLOW_NAMESPACES_VAR),
        }
    }

    /// Adds allowed host patterns.
    pub fn hosts<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.hosts.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Adds allowed Kubernetes namespace patterns.
    pub fn namespaces<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.namespaces.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Both lists together (an attribute's and the environment's).
    pub fn merge(mut self, other: AllowList) -> Self {
        self.hosts.extend(other.hosts);
        self.namespaces.extend(other.namespaces);
        self
    }

    /// Whether the list restricts anything.
    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty() && self.namespaces.is_empty()
    }

    /// Checks a step's (interpolated) arguments; the error names the
    /// argument and the target refused.
    pub fn check(&self, arguments: &Map<String, Value>) -> Result<(), Error> {
        if self.is_empty() {
            return Ok(());
        }
        let mut refusal = None;
        visit(
            &Value::Object(arguments.clone()),
            "",
            &mut |path, key, text| {
                if refusal.is_some() {
                    return;
                }
                if !self.hosts.is_empty() {
                    if let Some(host) = url_host(text) {
                        if !self.hosts.iter().any(|p| matches(p, host)) {
                            refusal = Some((
                                path.to_string(),
                                format!(
                                    "refused: host `{host}` is not on the allow-list ({})",
                                    self.hosts.join(", ")
                                ),
                            ));
                        }
                    }
                }
                if !self.namespaces.is_empty()
                    && NAMESPACE_KEYS.contains(&key)
                    && !self.namespaces.iter().any(|p| matches(p, text))
                {
                    refusal = Some((
                        path.to_string(),
                        format!(
                            "refused: namespace `{text}` is not on the allow-list ({})",
                            self.namespaces.join(", ")
                        ),
                    ));
                }
            },
        );
        match refusal {
            None => Ok(()),
            Some((argument, message)) => Err(Error::invalid_argument(argument, message)),
        }
    }
}

/// Calls `f(path, key, text)` for every string in `value`.
fn visit(value: &Value, path: &str, f: &mut impl FnMut(&str, &str, &str)) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let here = crate::registry::child_path(path, k);
                match v {
                    Value::String(s) => f(&here, k, s),
                    other => visit(other, &here, f),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let here = format!("{path}[{i}]");
                match v {
                    Value::String(s) => f(&here, "", s),
                    other => visit(other, &here, f),
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hosts_are_read_from_urls() {
        assert_eq!(url_host("http://127.0.0.1:8080/x"), Some("127.0.0.1"));
        assert_eq!(
            url_host("https://user:pw@api.example.com"),
            Some("api.example.com")
        );
        assert_eq!(url_host("http://[::1]:9090/q"), Some("::1"));
        assert_eq!(url_host("ftp://example.com"), None);
        assert_eq!(url_host("not a url"), None);
    }

    #[test]
    fn patterns_match_names_prefixes_and_suffixes() {
        assert!(matches("*", "anything"));
        assert!(matches("*.example.com", "API.example.com"));
        assert!(!matches("*.example.com", "example.org"));
        assert!(matches("chaos-*", "chaos-1"));
        assert!(!matches("chaos-*", "prod"));
        assert!(matches("localhost", "localhost"));
    }

    #[test]
    fn refusals_name_the_argument_and_target() {
        let allow = AllowList::default()
            .hosts(["127.0.0.1"])
            .namespaces(["staging"]);
        let args = json!({"url": "http://127.0.0.1:1/x", "ns": "prod"});
        let err = allow.check(args.as_object().unwrap()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument `ns`: refused: namespace `prod` is not on the allow-list (staging)"
        );
        let args = json!({"target": {"endpoints": ["http://10.0.0.1/"]}});
        let err = allow.check(args.as_object().unwrap()).unwrap_err();
        assert!(err.to_string().contains("target.endpoints[0]"), "{err}");
        assert!(AllowList::default()
            .check(json!({"url": "http://x"}).as_object().unwrap())
            .is_ok());
    }
}
