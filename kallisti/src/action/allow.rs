//! The allow-list: where a trial may act. Hosts, Kubernetes namespaces, AWS
//! accounts and regions, Cloud Foundry spaces, local processes.
//!
//! Two checks use it. Before anything runs, every URL and namespace written
//! in a step's arguments is checked, so a misdirected experiment is `Invalid`
//! and nothing starts. Then every client checks the host it is about to
//! connect to (the URL as the HTTP client parsed it, each redirect hop, the
//! Kubernetes server from a kubeconfig, an AWS endpoint the SDK resolved), so
//! a target that arrives by any other road is refused too, before a byte is
//! sent.

use crate::error::Error;
use ipnet::IpNet;
use serde_json::{Map, Value};
use std::net::IpAddr;

/// Argument names that hold a Kubernetes namespace.
const NAMESPACE_KEYS: [&str; 3] = ["ns", "namespace", "pod_namespace"];

/// The variable listing allowed hosts (comma-separated patterns).
pub const ALLOW_HOSTS_VAR: &str = "KALLISTI_ALLOW_HOSTS";
/// The variable listing allowed Kubernetes namespaces (comma-separated patterns).
pub const ALLOW_NAMESPACES_VAR: &str = "KALLISTI_ALLOW_NAMESPACES";
/// The variable listing allowed AWS account ids (comma-separated patterns).
pub const ALLOW_AWS_ACCOUNTS_VAR: &str = "KALLISTI_ALLOW_AWS_ACCOUNTS";
/// The variable listing allowed AWS regions (comma-separated patterns).
pub const ALLOW_AWS_REGIONS_VAR: &str = "KALLISTI_ALLOW_AWS_REGIONS";
/// The variable listing allowed Cloud Foundry spaces (`org/space` or `space`).
pub const ALLOW_CF_SPACES_VAR: &str = "KALLISTI_ALLOW_CF_SPACES";
/// The variable listing the local processes `process` steps may signal
/// (comma-separated patterns on their names).
pub const ALLOW_PROCESSES_VAR: &str = "KALLISTI_ALLOW_PROCESSES";
/// Set to `1` (or `true`) to refuse acting steps when no allow-list is set.
pub const REQUIRE_ALLOW_LIST_VAR: &str = "KALLISTI_REQUIRE_ALLOW_LIST";

/// One allowed host: a name (with `*` at its start or end), an address, or
/// a network in CIDR notation.
#[derive(Debug, Clone, PartialEq, Eq)]
enum HostPattern {
    Name(String),
    Address(IpAddr),
    Network(IpNet),
}

impl HostPattern {
    fn parse(text: &str) -> Self {
        let text = text.trim();
        let bare = text.trim_start_matches('[').trim_end_matches(']');
        if let Ok(network) = bare.parse::<IpNet>() {
            return HostPattern::Network(network);
        }
        if let Ok(address) = bare.parse::<IpAddr>() {
            return HostPattern::Address(address.to_canonical());
        }
        HostPattern::Name(normalize_name(text))
    }

    fn admits(&self, host: &Target) -> bool {
        match (self, host) {
            (HostPattern::Network(net), Target::Address(ip)) => net.contains(ip),
            (HostPattern::Address(allowed), Target::Address(ip)) => allowed == ip,
            // A name pattern may also spell an address prefix (`10.0.0.*`).
            (HostPattern::Name(pattern), Target::Address(ip)) => {
                pattern.contains('*') && matches(pattern, &ip.to_string())
            }
            (HostPattern::Name(pattern), Target::Name(name)) => matches(pattern, name),
            _ => false,
        }
    }
}

/// A host as the client will connect to it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Name(String),
    Address(IpAddr),
}

impl Target {
    /// Reads a host the way the URL parser does: names lower-cased,
    /// numeric forms (`127.1`, `0x7f000001`, `2130706433`) and IPv6 read as
    /// addresses, IPv4-mapped IPv6 as the IPv4 address it reaches.
    fn parse(host: &str) -> Option<Self> {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return Some(Target::Address(ip.to_canonical()));
        }
        match url::Host::parse(host.trim_end_matches('.')) {
            Ok(url::Host::Ipv4(ip)) => Some(Target::Address(IpAddr::V4(ip))),
            Ok(url::Host::Ipv6(ip)) => Some(Target::Address(IpAddr::V6(ip).to_canonical())),
            Ok(url::Host::Domain(name)) => Some(Target::Name(normalize_name(&name))),
            Err(_) => None,
        }
    }

    fn from_url(url: &url::Url) -> Option<Self> {
        match url.host()? {
            url::Host::Ipv4(ip) => Some(Target::Address(IpAddr::V4(ip))),
            url::Host::Ipv6(ip) => Some(Target::Address(IpAddr::V6(ip).to_canonical())),
            url::Host::Domain(name) => Target::parse(name),
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Name(name) => f.write_str(name),
            Target::Address(ip) => write!(f, "{ip}"),
        }
    }
}

/// Lower case, no trailing dot: `API.Example.com.` and `api.example.com`
/// are one host.
fn normalize_name(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Where steps may act. An empty list allows everything; a non-empty one
/// refuses every target it does not match, both in the steps' arguments
/// (before anything runs) and where each client connects.
///
/// Host patterns are names (`api.example.com`), names with a `*` at the
/// start or end (`*.staging.example.com`, `chaos-*`), `*`, addresses
/// (`127.0.0.1`, `::1`) and networks (`10.0.0.0/8`). Names are compared as
/// written, never resolved: `localhost` does not admit `127.0.0.1`, and a
/// network admits only targets written as addresses.
///
/// ```
/// use kallisti::trial::AllowList;
/// use serde_json::json;
///
/// let allow = AllowList::default().hosts(["127.0.0.0/8", "*.staging.example.com"]);
/// let ok = json!({"url": "https://api.staging.example.com/health"});
/// assert!(allow.check(ok.as_object().unwrap()).is_ok());
/// let prod = json!({"url": "https://api.example.com/health"});
/// assert!(allow.check(prod.as_object().unwrap()).is_err());
/// // Checked as the client will connect: this URL goes to 10.0.0.1.
/// assert!(allow.check_url("HTTP://10.0.0.1\\@127.0.0.1/", "argument `url`").is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList {
    hosts: Vec<HostPattern>,
    host_texts: Vec<String>,
    namespaces: Vec<String>,
    aws_accounts: Vec<String>,
    aws_regions: Vec<String>,
    cf_spaces: Vec<String>,
    processes: Vec<String>,
    required: bool,
}

fn split_patterns(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
}

/// Whether `pattern` (a name, `*`, or a name with `*` at one end) matches `name`.
fn matches(pattern: &str, name: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    // `*` alone is a suffix pattern with an empty suffix: it matches all.
    match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
        (Some(suffix), _) => name.ends_with(suffix),
        (_, Some(prefix)) => name.starts_with(prefix),
        _ => pattern == name,
    }
}

/// Admits `name` when `patterns` is empty or one of them matches; else a
/// refusal naming the `kind` of target and its source.
fn check_names(patterns: &[String], kind: &str, name: &str, source: &str) -> Result<(), Error> {
    if patterns.is_empty() || patterns.iter().any(|p| matches(p, name)) {
        return Ok(());
    }
    Err(AllowList::refusal(kind, name, source, patterns))
}

/// The URL a string is, when it is an absolute URL that a client would
/// connect to (any letter case; `ws`/`wss` too).
fn connectable_url(text: &str) -> Option<url::Url> {
    let url = url::Url::parse(text.trim()).ok()?;
    matches!(url.scheme(), "http" | "https" | "ws" | "wss").then_some(url)
}

/// The host of an absolute http(s) URL, as the URL parser reads it.
#[cfg(any(feature = "k8s", test))]
pub(crate) fn url_host(text: &str) -> Option<String> {
    connectable_url(text).and_then(|u| u.host_str().map(str::to_string))
}

impl AllowList {
    /// The allow-list of the environment: the `KALLISTI_ALLOW_*` variables
    /// (comma-separated patterns) and `KALLISTI_REQUIRE_ALLOW_LIST`.
    pub fn from_env() -> Self {
        let read = |var: &str| -> Vec<String> {
            std::env::var(var)
                .map(|v| split_patterns(&v).collect())
                .unwrap_or_default()
        };
        let required = std::env::var(REQUIRE_ALLOW_LIST_VAR)
            .is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes"));
        AllowList::default()
            .hosts(read(ALLOW_HOSTS_VAR))
            .namespaces(read(ALLOW_NAMESPACES_VAR))
            .aws_accounts(read(ALLOW_AWS_ACCOUNTS_VAR))
            .aws_regions(read(ALLOW_AWS_REGIONS_VAR))
            .cf_spaces(read(ALLOW_CF_SPACES_VAR))
            .processes(read(ALLOW_PROCESSES_VAR))
            .require(required)
    }

    /// Adds allowed host patterns: names, `*.suffix`, addresses, CIDR networks.
    pub fn hosts<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        for pattern in patterns {
            let text = pattern.into();
            self.hosts.push(HostPattern::parse(&text));
            self.host_texts.push(text);
        }
        self
    }

    /// Adds allowed Kubernetes namespace patterns.
    pub fn namespaces<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.namespaces.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Adds allowed AWS account ids (12 digits, or patterns).
    ///
    /// With any, every AWS identity is checked once per trial (STS
    /// `GetCallerIdentity`) before its first call.
    pub fn aws_accounts<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.aws_accounts
            .extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Adds allowed AWS regions (`eu-west-1`, `eu-*`).
    pub fn aws_regions<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.aws_regions
            .extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Adds allowed Cloud Foundry spaces: `org/space`, or `space` in any org;
    /// either part may be a pattern (`acme/chaos-*`).
    pub fn cf_spaces<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.cf_spaces.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Adds the local processes that `process` steps may signal, as
    /// patterns on a process's name: its short name (`comm`) or the file
    /// name of its program, either matching (`sleep`, `postgres*`, `*-worker`).
    ///
    /// Checked when a step has found its target processes, right before any
    /// signal: a step whose targets include a process that matches no pattern
    /// is refused and signals none. Probes only read, so they are not
    /// restricted. A list with no process patterns leaves processes open.
    ///
    /// ```
    /// use kallisti::trial::AllowList;
    /// let allow = AllowList::default().processes(["sleep", "redis-*"]);
    /// assert!(allow.check_process(&["redis-server"], "pid 42", "argument `pid`").is_ok());
    /// assert!(allow.check_process(&["bash"], "pid 7", "argument `name`").is_err());
    /// ```
    pub fn processes<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.processes.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// When `true`, a trial with no allow-list at all refuses every acting
    /// step before anything runs (probes still run). Safe to switch on in CI.
    pub fn require(mut self, required: bool) -> Self {
        self.required |= required;
        self
    }

    /// Both lists together (an attribute's and the environment's).
    pub fn merge(mut self, other: AllowList) -> Self {
        self.hosts.extend(other.hosts);
        self.host_texts.extend(other.host_texts);
        self.namespaces.extend(other.namespaces);
        self.aws_accounts.extend(other.aws_accounts);
        self.aws_regions.extend(other.aws_regions);
        self.cf_spaces.extend(other.cf_spaces);
        self.processes.extend(other.processes);
        self.required |= other.required;
        self
    }

    /// Whether the list restricts anything.
    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty()
            && self.namespaces.is_empty()
            && self.aws_accounts.is_empty()
            && self.aws_regions.is_empty()
            && self.cf_spaces.is_empty()
            && self.processes.is_empty()
    }

    /// Whether acting steps need a non-empty list.
    pub fn is_required(&self) -> bool {
        self.required
    }

    /// Whether Cloud Foundry spaces are restricted.
    pub fn restricts_cf_spaces(&self) -> bool {
        !self.cf_spaces.is_empty()
    }

    /// Whether AWS identities must be checked against an account list.
    pub fn restricts_aws_accounts(&self) -> bool {
        !self.aws_accounts.is_empty()
    }

    fn refusal(
        kind: &str,
        target: impl std::fmt::Display,
        source: &str,
        allowed: &[String],
    ) -> Error {
        Error::Refused {
            target: format!("{kind} `{target}`"),
            origin: source.to_string(),
            allowed: allowed.join(", "),
        }
    }

    /// Checks a host that a client is about to connect to; `source` says
    /// where it came from (`argument `url``, `the kubeconfig`, ...).
    pub fn check_host(&self, host: &str, source: &str) -> Result<(), Error> {
        if self.hosts.is_empty() {
            return Ok(());
        }
        match Target::parse(host) {
            Some(target) if self.hosts.iter().any(|p| p.admits(&target)) => Ok(()),
            Some(target) => Err(Self::refusal("host", target, source, &self.host_texts)),
            None => Err(Self::refusal("host", host, source, &self.host_texts)),
        }
    }

    /// Checks the host of a URL that a client is about to request. A URL
    /// that does not parse is refused when hosts are restricted.
    pub fn check_url(&self, url: &str, source: &str) -> Result<(), Error> {
        if self.hosts.is_empty() {
            return Ok(());
        }
        match url::Url::parse(url.trim()) {
            Ok(parsed) => self.check_parsed_url(&parsed, source),
            Err(_) => Err(Self::refusal("URL", url, source, &self.host_texts)),
        }
    }

    /// [`check_url`](Self::check_url) for a URL already parsed.
    pub fn check_parsed_url(&self, url: &url::Url, source: &str) -> Result<(), Error> {
        if self.hosts.is_empty() {
            return Ok(());
        }
        match Target::from_url(url) {
            Some(target) if self.hosts.iter().any(|p| p.admits(&target)) => Ok(()),
            Some(target) => Err(Self::refusal("host", target, source, &self.host_texts)),
            None => Err(Self::refusal("URL", url, source, &self.host_texts)),
        }
    }

    /// Checks a Kubernetes namespace.
    pub fn check_namespace(&self, namespace: &str, source: &str) -> Result<(), Error> {
        check_names(&self.namespaces, "namespace", namespace, source)
    }

    /// Checks an AWS region.
    pub fn check_aws_region(&self, region: &str, source: &str) -> Result<(), Error> {
        check_names(&self.aws_regions, "AWS region", region, source)
    }

    /// Checks an AWS account id.
    pub fn check_aws_account(&self, account: &str, source: &str) -> Result<(), Error> {
        check_names(&self.aws_accounts, "AWS account", account, source)
    }

    /// Checks a local process by its names (any one matching admits it);
    /// `shown` says which process it is in a refusal (`pid 42 (sleep)`).
    pub fn check_process(&self, names: &[&str], shown: &str, source: &str) -> Result<(), Error> {
        if self.processes.is_empty()
            || names
                .iter()
                .any(|name| self.processes.iter().any(|p| matches(p, name)))
        {
            return Ok(());
        }
        Err(Self::refusal("process", shown, source, &self.processes))
    }

    /// Checks a Cloud Foundry space (and its org, when known).
    pub fn check_cf_space(
        &self,
        org: Option<&str>,
        space: &str,
        source: &str,
    ) -> Result<(), Error> {
        if self.cf_spaces.is_empty() {
            return Ok(());
        }
        let admitted = self.cf_spaces.iter().any(|p| match p.split_once('/') {
            Some((org_pattern, space_pattern)) => {
                org.is_some_and(|o| matches(org_pattern, o)) && matches(space_pattern, space)
            }
            None => matches(p, space),
        });
        if admitted {
            return Ok(());
        }
        let shown = match org {
            Some(org) => format!("{org}/{space}"),
            None => space.to_string(),
        };
        Err(Self::refusal(
            "Cloud Foundry space",
            shown,
            source,
            &self.cf_spaces,
        ))
    }

    /// Checks a step's (interpolated) arguments before it runs: every URL
    /// (as the client would parse it) and every namespace argument. The
    /// error names the argument and the target refused.
    pub fn check(&self, arguments: &Map<String, Value>) -> Result<(), Error> {
        if self.is_empty() {
            return Ok(());
        }
        let mut refusal = None;
        visit_strings(arguments, "", &mut |path, key, text| {
            if refusal.is_some() {
                return;
            }
            let source = format!("argument `{path}`");
            let outcome = match connectable_url(text) {
                Some(url) => self.check_parsed_url(&url, &source),
                None if NAMESPACE_KEYS.contains(&key) => self.check_namespace(text, &source),
                None if key == "region" => self.check_aws_region(text, &source),
                None => Ok(()),
            };
            if let Err(error) = outcome {
                refusal = Some((path.to_string(), error));
            }
        });
        match refusal {
            None => Ok(()),
            Some((argument, error)) => Err(Error::invalid_argument(argument, error.to_string())),
        }
    }
}

/// Calls `f(path, key, text)` for every string in `arguments`.
fn visit_strings(arguments: &Map<String, Value>, path: &str, f: &mut impl FnMut(&str, &str, &str)) {
    for (key, value) in arguments {
        let here = super::child_path(path, key);
        visit_value(value, &here, key, f);
    }
}

fn visit_value(value: &Value, path: &str, key: &str, f: &mut impl FnMut(&str, &str, &str)) {
    match value {
        Value::String(text) => f(path, key, text),
        Value::Object(map) => visit_strings(map, path, f),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                visit_value(item, &format!("{path}[{i}]"), "", f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_name_pattern_may_spell_an_address_prefix() {
        let list = super::AllowList::default().hosts(["127.0.0.*"]);
        assert!(list.check_url("http://127.0.0.1/", "url").is_ok());
        assert!(list.check_url("http://10.0.0.1/", "url").is_err());
        let exact = super::AllowList::default().hosts(["127.0.0.1.example"]);
        assert!(exact.check_url("http://127.0.0.1/", "url").is_err());
    }

    #[test]
    fn a_merged_list_is_required_when_either_is() {
        let required = super::AllowList::default().require(true);
        assert!(super::AllowList::default()
            .merge(required.clone())
            .is_required());
        assert!(required.merge(super::AllowList::default()).is_required());
        assert!(!super::AllowList::default()
            .merge(super::AllowList::default())
            .is_required());
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn hosts_are_read_as_the_url_parser_reads_them() {
        assert_eq!(
            url_host("http://127.0.0.1:8080/x").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(
            url_host("https://user:pw@api.example.com").as_deref(),
            Some("api.example.com")
        );
        assert_eq!(
            url_host("HTTP://127.0.0.2:1/").as_deref(),
            Some("127.0.0.2")
        );
        assert_eq!(
            url_host("http://127.0.0.2:1\\@127.0.0.1/").as_deref(),
            Some("127.0.0.2")
        );
        assert_eq!(url_host("ftp://example.com"), None);
        assert_eq!(url_host("not a url"), None);
    }

    #[test]
    fn walk_arounds_are_refused() {
        let allow = AllowList::default().hosts(["127.0.0.1", "localhost"]);
        for url in [
            "HTTP://127.0.0.2:1/health",
            "http://127.0.0.2:1\\@127.0.0.1/health",
            "http://127.0.0.1@127.0.0.2/",
            "http://127.2/",
            "http://0x7f000002/",
            "http://2130706434/",
            "http://127.0.0.2./",
            "http://[::ffff:127.0.0.2]/",
            "http://[::1]/",
            "http://localhost.evil.example/",
        ] {
            let err = allow.check_url(url, "argument `url`").unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Refused, "{url}");
        }
        for url in [
            "http://127.0.0.1:9/",
            "http://[::ffff:127.0.0.1]/",
            "http://LOCALHOST./x",
            "http://0x7f000001/",
        ] {
            assert!(allow.check_url(url, "argument `url`").is_ok(), "{url}");
        }
    }

    #[test]
    fn networks_addresses_and_name_patterns() {
        let allow = AllowList::default().hosts(["10.0.0.0/8", "*.example.com", "::1"]);
        assert!(allow.check_host("10.1.2.3", "x").is_ok());
        assert!(allow.check_host("11.1.2.3", "x").is_err());
        assert!(allow.check_host("[::1]", "x").is_ok());
        assert!(allow.check_host("api.EXAMPLE.com.", "x").is_ok());
        assert!(allow.check_host("example.com", "x").is_err());
        assert!(allow.check_host("evil-example.com", "x").is_err());
        // Names are not resolved: a name never matches a network.
        assert!(AllowList::default()
            .hosts(["127.0.0.0/8"])
            .check_host("localhost", "x")
            .is_err());
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
    fn refusals_name_the_argument_source_and_target() {
        let allow = AllowList::default()
            .hosts(["127.0.0.1"])
            .namespaces(["staging"]);
        let args = json!({"url": "http://127.0.0.1:1/x", "ns": "prod"});
        let err = allow.check(args.as_object().unwrap()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument `ns`: refused: namespace `prod` (from argument `ns`) is not on the allow-list (staging)"
        );
        let args = json!({"target": {"endpoints": ["http://10.0.0.1/"]}});
        let err = allow.check(args.as_object().unwrap()).unwrap_err();
        assert!(err.to_string().contains("target.endpoints[0]"), "{err}");
        assert!(AllowList::default()
            .check(json!({"url": "http://x"}).as_object().unwrap())
            .is_ok());
        let err = allow.check_host("127.0.0.2", "the kubeconfig").unwrap_err();
        assert_eq!(
            err.to_string(),
            "refused: host `127.0.0.2` (from the kubeconfig) is not on the allow-list (127.0.0.1)"
        );
    }

    #[test]
    fn process_lists() {
        let allow = AllowList::default().processes(["sleep", "py*"]);
        assert!(!allow.is_empty());
        assert!(allow.check_process(&["sh", "sleep"], "pid 9", "x").is_ok());
        assert!(allow.check_process(&["python3"], "pid 9", "x").is_ok());
        let err = allow
            .check_process(&["bash"], "pid 9 (bash)", "argument `name`")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "refused: process `pid 9 (bash)` (from argument `name`) is not on the allow-list (sleep, py*)"
        );
        // Other dimensions leave processes open, and merging keeps the list.
        let hosts = AllowList::default().hosts(["127.0.0.1"]);
        assert!(hosts.check_process(&["bash"], "pid 9", "x").is_ok());
        assert!(hosts
            .merge(allow)
            .check_process(&["bash"], "pid 9", "x")
            .is_err());
    }

    #[test]
    fn aws_and_cf_lists() {
        let allow = AllowList::default()
            .aws_accounts(["123456789012"])
            .aws_regions(["eu-*"])
            .cf_spaces(["acme/chaos-*", "sandbox"]);
        assert!(allow.check_aws_account("123456789012", "x").is_ok());
        assert!(allow.check_aws_account("999999999999", "x").is_err());
        assert!(allow.check_aws_region("eu-west-1", "x").is_ok());
        assert!(allow.check_aws_region("us-east-1", "x").is_err());
        assert!(allow.check_cf_space(Some("acme"), "chaos-1", "x").is_ok());
        assert!(allow.check_cf_space(Some("other"), "chaos-1", "x").is_err());
        assert!(allow.check_cf_space(None, "chaos-1", "x").is_err());
        assert!(allow.check_cf_space(Some("any"), "sandbox", "x").is_ok());
        let args = json!({"region": "us-east-1"});
        assert!(allow.check(args.as_object().unwrap()).is_err());
        // Only an argument called `region` is read as a region.
        let args = json!({"description": "us-east-1", "zone": "us-east-1a"});
        assert!(allow.check(args.as_object().unwrap()).is_ok());
        assert!(allow.restricts_aws_accounts() && allow.restricts_cf_spaces());
        let open = AllowList::default().aws_regions(["eu-*"]);
        assert!(!open.restricts_aws_accounts() && !open.restricts_cf_spaces());
    }
}
