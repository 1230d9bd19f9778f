//! The built-in namespaces, one folder each, each behind its cargo feature.

#[cfg(feature = "cf")]
pub mod cf;
#[cfg(feature = "cm")]
pub mod cm;
#[cfg(feature = "k8s")]
pub mod istio;
#[cfg(feature = "k8s")]
pub mod k8s;
#[cfg(feature = "prom")]
pub mod prom;

use crate::registry::Registry;

/// Registers every namespace compiled in.
pub(crate) fn register_builtins(registry: &mut Registry) {
    #[cfg(feature = "cf")]
    registry.register(cf::namespace());
    #[cfg(feature = "cm")]
    registry.register(cm::namespace());
    #[cfg(feature = "k8s")]
    registry.register(istio::namespace());
    #[cfg(feature = "k8s")]
    registry.register(k8s::namespace());
    #[cfg(feature = "prom")]
    registry.register(prom::namespace());
    let _ = registry;
}

/// Whether the cargo feature of a built-in namespace is on in this build.
pub(crate) fn compiled_in(feature: &str) -> bool {
    let on = [
        ("cf", cfg!(feature = "cf")),
        ("cm", cfg!(feature = "cm")),
        ("k8s", cfg!(feature = "k8s")),
        ("prom", cfg!(feature = "prom")),
    ];
    on.iter()
        .any(|(name, enabled)| *name == feature && *enabled)
}
