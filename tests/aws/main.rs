//! The `aws.*` namespaces against `FakeAws` and the moto emulator.

#[path = "../support/mod.rs"]
mod support;

mod differential;
mod ec2;
mod fake;
mod moto;
mod moto_more;
mod moto_oracles;
