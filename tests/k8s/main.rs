//! The `k8s` and `istio` namespaces against `FakeKubernetes` (and `kubectl`), and EKS clusters with the `eks` feature.

#[path = "../support/mod.rs"]
mod support;

mod actions;
mod differential;
#[cfg(feature = "eks")]
mod eks;
mod exec;
mod kubectl;
mod more;
mod namespace;
