//! The `cf` namespace against `FakeCloudFoundry`.

#[path = "../support/mod.rs"]
mod support;

mod differential;
mod namespace;
