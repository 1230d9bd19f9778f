//! The built-in namespaces, one folder each, each behind its cargo feature.

#[cfg(feature = "__aws")]
pub mod aws;
#[cfg(feature = "cf")]
#[cfg_attr(docsrs, doc(cfg(feature = "cf")))]
pub mod cf;
#[cfg(feature = "chaostoolkit")]
#[cfg_attr(docsrs, doc(cfg(feature = "chaostoolkit")))]
pub mod chaostoolkit;
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
    #[cfg(feature = "chaostoolkit")]
    out.push(chaostoolkit::namespace());
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
        ("chaostoolkit", cfg!(feature = "chaostoolkit")),
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

#[cfg(test)]
mod tests {
    use crate::action::Namespace;
    use kallisti_catalog::ArgType;
    use serde_json::{json, Map, Value};

    /// Every argument an action's `Args` reads must have its default in the
    /// declaration: given only its required arguments, with the declared
    /// defaults filled in as the planner fills them, no action's arguments
    /// fail to decode for a missing field.
    #[test]
    fn every_action_decodes_with_only_its_declared_defaults() {
        let mut sets = Vec::new();
        super::builtins(&mut sets);
        let mut missing = Vec::new();
        for set in &sets {
            let spec = set.spec();
            for action in spec.actions {
                let mut arguments = Map::new();
                for arg in spec.arguments_of(action) {
                    let value = match (arg.required, arg.default) {
                        (true, _) => match arg.ty {
                            ArgType::Integer | ArgType::Number => json!(1),
                            ArgType::Boolean => json!(false),
                            ArgType::List => json!([]),
                            ArgType::Mapping => json!({}),
                            ArgType::String | ArgType::Any => json!("x"),
                        },
                        (false, Some(default)) => serde_json::from_str(default).unwrap(),
                        (false, None) => Value::Null,
                    };
                    if !value.is_null() {
                        arguments.insert(arg.name.to_string(), value);
                    }
                }
                if let Err(e) = set.check(action.name, &arguments) {
                    if e.to_string().contains("missing field") {
                        missing.push(format!("{}.{}: {e}", spec.name, action.name));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }
}
