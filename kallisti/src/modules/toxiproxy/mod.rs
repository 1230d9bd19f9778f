//! `toxiproxy`: the activities of the Chaos Toolkit's Toxiproxy driver
//! (chaostoolkit-toxiproxy 0.3.1), with its argument names and results,
//! against any Toxiproxy HTTP API: a `toxiproxy-server` in production, or
//! the one `kallisti::net::ChaosProxy::api_url` serves in tests (feature
//! `net`).
//!
//! - Proxies: `create_proxy`, `modify_proxy`, `delete_proxy`,
//!   `disable_proxy`, `enable_proxy`, `reset`.
//! - Probes: `proxy_exist`, `get_proxy_attribute`.
//! - Toxics: `create_toxic` (any type), `delete_toxic`, and the typed
//!   creators `create_latency_toxic`, `create_bandwith_degradation_toxic`
//!   (the driver's spelling), `create_slow_connection_close_toxic`,
//!   `create_timeout_toxic`, `create_slicer_toxic`, `create_limiter_toxic`,
//!   which add a downstream toxic with toxicity 1.
//!
//! Every step finds the API as the driver does from its configuration:
//! `toxiproxy_url` when given, else `http://{toxiproxy_host}:{toxiproxy_port}`
//! (port 8474 by default). The URL is checked against the allow-list before
//! anything runs, and every request where it connects.
//!
//! # Where kallisti differs from the driver
//!
//! Successful steps return what the driver returns (`true`, a boolean, the
//! attribute's value, `null` for `delete_proxy`). Where the driver crashes,
//! swallows an error or answers `false`, a step fails instead, naming the
//! proxy (and toxic) and quoting the server's error (`proxy not found`,
//! `toxic already exists`, ...):
//! - `create_proxy`, `modify_proxy`, `disable_proxy`, `enable_proxy`: the
//!   driver raises a bare `AssertionError`.
//! - `create_toxic` and the typed creators: the driver crashes with a
//!   `TypeError` on any refusal.
//! - `delete_proxy`: the driver ignores every error, an unknown proxy or an
//!   unreachable server included.
//! - `delete_toxic` and `reset`: the driver returns `false`.
//! - `get_proxy_attribute` of a proxy that does not exist: the driver
//!   returns `null`. `proxy_exist` still answers `false` for one, and fails
//!   only when the server cannot answer.
//!
//! Arguments are checked before anything runs, where the driver sends them
//! and lets the server (or nothing) object: empty names, ports out of range,
//! `host:port` addresses, unknown toxic types, streams and proxy fields, a
//! toxicity outside 0..1, attributes a toxic type does not have or that are
//! not whole numbers ≥ 0, and a slicer `average_size` below 1 (which sends a
//! Toxiproxy server into an endless loop). A `toxiproxy_url` ending in `/`
//! is used without it (the driver would ask for `//proxies`), and names are
//! percent-encoded in URLs.
//!
//! `create_proxy` reads `upstream_host` and `upstream_port` given as
//! `env:NAME` from the environment variable `NAME`, as the driver does. The
//! driver also stores the port the server bound under `<proxy_name>_PORT`
//! in its configuration and in the process environment; kallisti sets no
//! environment variable (that is unsafe while other threads run, as they do
//! in tests), but logs the address and port in the step log, and
//! `get_proxy_attribute` with `attribute: listen` returns the address.
//!
//! Under dry run, the actions send nothing that changes the server and
//! return a result marked `dry_run` that says what they would do and the
//! request they would send (`reset` reads the proxy list to name the proxies
//! it would reset); the probes still read.

mod client;
mod proxy;
mod toxic;

use crate::action::ActionSet;

/// The actions, each bound by the file that implements it.
type Set = ActionSet;

/// The `toxiproxy` namespace, ready to register.
pub fn namespace() -> ActionSet {
    let set = ActionSet::new(&kallisti_catalog::toxiproxy::TOXIPROXY);
    let set = proxy::bind(set);
    toxic::bind(set)
}
