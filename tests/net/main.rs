//! `kallisti::net` (ChaosProxy, its Toxiproxy API), the `net` namespace and
//! the `toxiproxy` namespace, against real sockets and real Toxiproxy clients.

#[path = "../support/mod.rs"]
mod support;

mod api;
mod clients;
mod common;
mod namespace;
mod proxy;
mod toxiproxy;
