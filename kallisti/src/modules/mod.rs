//! The built-in namespaces, one folder each, each behind its cargo feature.

#[cfg(feature = "__aws")]
pub mod aws;
#[cfg(feature = "cf")]
#[cfg_attr(docsrs, doc(cfg(feature = "cf")))]
pub mod cf;
#[cfg(feature = "cm")]
#[cfg_attr(docsrs, doc(cfg(feature = "cm")))]
pub mod cm;
#[cfg(feature = "k8s")]
#[cfg_attr(docsrs, doc(cfg(feature = "k8s")))]
pub mod istio;
#[cfg(feature = "k8s")]
#[cfg_attr(docsrs, doc(cfg(feature = "k8s")))]
pub mod k8s;
#[cfg(feature = "net")]
#[cfg_attr(docsrs, doc(cfg(feature = "net")))]
pub mod net;
#[cfg(feature = "process")]
#[cfg_attr(docsrs, doc(cfg(feature = "process")))]
pub mod process;
#[cfg(feature = "prom")]
#[cfg_attr(docsrs, doc(cfg(feature = "prom")))]
pub mod prom;
#[cfg(feature = "toxiproxy")]
#[cfg_attr(docsrs, doc(cfg(feature = "toxiproxy")))]
pub mod toxiproxy;

use crate::action::ActionSet;

/// Every namespace compiled in, ready for a registry.
pub(crate) fn builtins(out: &mut Vec<ActionSet>) {
    #[cfg(feature = "__aws")]
    aws::builtins(out);
    #[cfg(feature = "cf")]
    out.push(cf::namespace());
    #[cfg(feature = "cm")]
    out.push(cm::namespace());
    #[cfg(feature = "k8s")]
    out.push(istio::namespace());
    #[cfg(feature = "k8s")]
    out.push(k8s::namespace());
    #[cfg(feature = "net")]
    out.push(net::namespace());
    #[cfg(feature = "process")]
    out.push(process::namespace());
    #[cfg(feature = "prom")]
    out.push(prom::namespace());
    #[cfg(feature = "toxiproxy")]
    out.push(toxiproxy::namespace());
    let _ = out;
}

/// Whether the cargo feature of a built-in namespace is on in this build.
pub(crate) fn compiled_in(feature: &str) -> bool {
    #[cfg(feature = "__aws")]
    if let Some(on) = aws::compiled_in(feature) {
        return on;
    }
    let on = [
        ("cf", cfg!(feature = "cf")),
        ("cm", cfg!(feature = "cm")),
        ("k8s", cfg!(feature = "k8s")),
        ("net", cfg!(feature = "net")),
        ("process", cfg!(feature = "process")),
        ("prom", cfg!(feature = "prom")),
        ("toxiproxy", cfg!(feature = "toxiproxy")),
    ];
    on.iter()
        .any(|(name, enabled)| *name == feature && *enabled)
}
