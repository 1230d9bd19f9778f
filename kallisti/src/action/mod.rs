//! What an action is and what it sees: the [`Namespace`] trait, typed
//! [`ActionSet`]s, the [`StepContext`] handed to each call, and the
//! [`AllowList`] every connection is checked against.
//!
//! This layer sits below the registry, the runner and the built-in
//! namespaces: it depends only on `error` and `credential`, so an action
//! module never reaches back into the engine that calls it.
//!
//! ```
//! use kallisti::action::{ActionArgs, ActionSet, StepContext};
//! use kallisti::catalog::{ActionSpec, ArgSpec, ArgType, NamespaceSpec};
//! use serde_json::{json, Value};
//!
//! static CLOCK: NamespaceSpec = NamespaceSpec {
//!     name: "clock",
//!     feature: "",
//!     common_args: &[],
//!     actions: &[ActionSpec::probe("skew", &[ArgSpec::required("host", ArgType::String)])],
//!     doc: "Clock probes of our own.",
//! };
//!
//! #[derive(serde::Deserialize)]
//! struct SkewArgs { host: String }
//! impl ActionArgs for SkewArgs {}
//!
//! async fn skew(args: SkewArgs, _ctx: StepContext) -> kallisti::Result<Value> {
//!     Ok(json!({"host": args.host, "skew_ms": 0}))
//! }
//!
//! let set = ActionSet::new(&CLOCK).action("skew", skew);
//! assert!(set.unbound().is_empty());
//! ```

mod allow;
mod context;
mod set;

#[cfg(feature = "k8s")]
pub(crate) use allow::url_host;
pub use allow::{
    AllowList, ALLOW_AWS_ACCOUNTS_VAR, ALLOW_AWS_REGIONS_VAR, ALLOW_CF_SPACES_VAR, ALLOW_HOSTS_VAR,
    ALLOW_NAMESPACES_VAR, REQUIRE_ALLOW_LIST_VAR,
};
pub use context::StepContext;
pub(crate) use context::TrialScope;
pub use set::{ActionArgs, ActionFuture, ActionSet, ActionSetWithCommon, Namespace};

/// The path of `key` under `path` (`where.headers` style; `key` at the top).
pub(crate) fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}
