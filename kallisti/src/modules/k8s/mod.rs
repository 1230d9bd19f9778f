//! `k8s`: Kubernetes, through kube-rs.
//!
//! Every step takes `k8s_api_host` and `credentials` (a token is sent as a
//! bearer token, a user name and password as HTTP Basic; without either,
//! the service-account token, else kube's usual inference from kubeconfig or
//! the cluster). One client per trial, API host and credential serves every
//! step. Target-selecting actions report their targets under dry run.
//!
//! Status: the pod, deployment-scaling and Istio actions are implemented;
//! the namespace is not registered until every declared action is (a step
//! naming it is refused before anything runs).

mod client;
mod deployment;
mod pod;

pub(crate) use client::{api_error, Connection};

use crate::registry::ActionSet;

/// The `k8s` actions implemented so far.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::k8s::K8S)
        .action("count_min_pods", pod::count_min_pods)
        .action("count_pods", pod::count_pods)
        .action("pods_in_phase", pod::pods_in_phase)
        .action("pods_not_in_phase", pod::pods_not_in_phase)
        .action("scale_deployment", deployment::scale_deployment)
        .action("scale_microservice", deployment::scale_deployment)
        .action("terminate_pods", pod::terminate_pods)
}
