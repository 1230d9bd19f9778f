//! `prom`: Prometheus probes.
//!
//! - `prom.query`: an instant query at `when` (default now).
//! - `prom.query_interval`: a range query from `start` to `end` every `step`.
//! - `prom.compute_mean`: the mean of every sample of `query[window]`.
//! - `prom.nodes_cpu_usage_mean`: the nodes' mean CPU usage over `window`.
//!
//! Every step takes `base_url`, and optionally `credentials` (a token is sent
//! as a bearer token, a user name and password as HTTP Basic). Query results
//! are Prometheus's answers as is (`status`, `data.resultType`,
//! `data.result`), so `{"operator": "gt", "data.result[0].value[1]": 0.5}`
//! works on the string values Prometheus returns.

mod client;
mod mean;
mod query;

use crate::action::ActionSet;

/// The actions, each bound by the file that implements it.
type Set = ActionSet;

/// The `prom` namespace, ready to register.
pub fn namespace() -> ActionSet {
    let set = ActionSet::new(&kallisti_catalog::prom::PROM);
    let set = query::bind(set);
    mean::bind(set)
}
