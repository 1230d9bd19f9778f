//! `istio`: fault injection on VirtualService routes (delays and aborts).
//!
//! Every step takes the `k8s` connection arguments (`k8s_api_host`,
//! `credentials`, ...), `virtual_service_name`, `ns` and `version` (the
//! VirtualService's API version, default `networking.istio.io/v1alpha3`).
//! `routes` lists the route destinations to act on: an HTTP route of the
//! VirtualService is changed when one of its `route` entries equals one of
//! them. The result is the VirtualService as the API server returned it.

mod fault;

use crate::registry::ActionSet;

/// The `istio` namespace, ready to register.
pub fn namespace() -> ActionSet {
    ActionSet::new(&kallisti_catalog::istio::ISTIO)
        .action("add_abort_fault", fault::add_abort_fault)
        .action("add_delay_fault", fault::add_delay_fault)
        .action("get_virtual_service", fault::get_virtual_service)
        .action("remove_abort_fault", fault::remove_abort_fault)
        .action("remove_delay_fault", fault::remove_delay_fault)
        .action("set_fault", fault::set_fault)
        .action("unset_fault", fault::unset_fault)
}
