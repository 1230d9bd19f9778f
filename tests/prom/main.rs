//! The `prom` namespace against `FakePrometheus` and a real Prometheus server.

#[path = "../support/mod.rs"]
mod support;

mod differential;
mod fake;
mod real;
