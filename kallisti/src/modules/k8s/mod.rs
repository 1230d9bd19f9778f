//! `k8s`: Kubernetes, through kube-rs.
//!
//! Every step takes `k8s_api_host` and `credentials` (a token is sent as a
//! bearer token, a user name and password as HTTP Basic; without either,
//! the service-account token, else kube's usual inference from kubeconfig or
//! the cluster). One client per trial, API host and credential serves every
//! step. Target-selecting actions report their targets under dry run.
//! Outputs are the objects and values the Chaos Toolkit driver returns, as
//! JSON (actions that return nothing there report what they did).
//! `platform: eks` finds the cluster through EKS and authenticates with an
//! STS token (see `eks.rs`); `exec_in_pods` speaks the websocket exec
//! protocol.

mod availability;
mod chaosmesh;
mod client;
mod custom;
mod deployment;
#[cfg(feature = "eks")]
mod eks;
mod logs;
mod network;
mod node;
mod objects;
mod pod;
mod resource;

pub(crate) use client::{api_error, Connection};

use crate::action::{ActionSet, ActionSetWithCommon};

/// The `k8s` actions, each handed the step's connection (checked once per step).
type Set = ActionSetWithCommon<Connection>;

/// The `k8s` namespace. Each file binds the actions it implements, so a new
/// action is its declaration, its function with its binding line, and its test.
pub fn namespace() -> ActionSet {
    let set = ActionSet::new(&kallisti_catalog::k8s::K8S).with_common::<Connection>();
    let set = pod::bind(set);
    let set = availability::bind(set);
    let set = logs::bind(set);
    let set = deployment::bind(set);
    let set = objects::bind(set);
    let set = node::bind(set);
    let set = network::bind(set);
    let set = custom::bind(set);
    let set = chaosmesh::bind(set);
    set.into()
}
