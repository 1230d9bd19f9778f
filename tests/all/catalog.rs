//! The registry's catalog matches the reference catalog for every namespace
//! it offers, and every declared action has an implementation.

use kallisti::Registry;
use serde_json::Value;
use std::collections::BTreeMap;

fn reference() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/catalog.json");
    let catalog: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    catalog["actions"].as_array().unwrap().clone()
}

#[test]
fn every_reference_action_of_an_offered_namespace_is_offered_with_its_arguments() {
    let registry = Registry::with_builtins();
    let offered: BTreeMap<String, kallisti::registry::CatalogEntry> = registry
        .catalog()
        .into_iter()
        .map(|e| (e.target.clone(), e))
        .collect();
    let namespaces: Vec<String> = registry
        .namespaces()
        .map(|n| n.spec().name.to_string())
        .collect();
    assert!(namespaces.contains(&"cm".to_string()));
    let mut checked = 0;
    for action in reference() {
        let target = action["do"].as_str().unwrap();
        let namespace = target.rsplit_once('.').unwrap().0;
        if !namespaces.iter().any(|n| n == namespace) {
            continue;
        }
        let entry = offered
            .get(target)
            .unwrap_or_else(|| panic!("{target} is in the reference catalog but not offered"));
        assert_eq!(
            entry.kind,
            action["kind"].as_str().unwrap(),
            "{target} kind"
        );
        for arg in action["arguments"].as_array().unwrap() {
            let name = arg["name"].as_str().unwrap();
            let ours = entry
                .arguments
                .iter()
                .find(|a| a.name == name)
                .unwrap_or_else(|| panic!("{target} lacks argument {name}"));
            assert_eq!(
                ours.ty,
                arg["type"].as_str().unwrap(),
                "{target}.{name} type"
            );
            assert_eq!(
                ours.required,
                arg["required"].as_bool().unwrap(),
                "{target}.{name} required"
            );
            if !ours.required {
                assert_eq!(
                    ours.default.as_ref(),
                    Some(&arg["default"]),
                    "{target}.{name} default"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 3, "checked {checked}");
}

/// This binary has every feature on, so `with_builtins` must register every
/// namespace the catalog declares and the reference names. The test above
/// skips namespaces the registry does not offer; one left out of
/// `register_builtins` fails here instead.
#[test]
fn every_built_in_namespace_is_registered() {
    let registry = Registry::with_builtins();
    let offered: std::collections::BTreeSet<String> = registry
        .namespaces()
        .map(|n| n.spec().name.to_string())
        .collect();
    for spec in kallisti::catalog::namespaces() {
        assert!(
            offered.contains(spec.name),
            "`{}` is not registered",
            spec.name
        );
    }
    for action in reference() {
        let target = action["do"].as_str().unwrap();
        let namespace = target.rsplit_once('.').unwrap().0;
        assert!(
            offered.contains(namespace),
            "{target}: `{namespace}` is not registered"
        );
    }
}

#[test]
fn every_declared_action_is_implemented() {
    use kallisti::modules::aws;
    for set in [
        aws::asg::namespace(),
        aws::cloudwatch::namespace(),
        aws::ec2::namespace(),
        aws::ecs::namespace(),
        aws::eks::namespace(),
        aws::elasticache::namespace(),
        aws::elbv2::namespace(),
        aws::emr::namespace(),
        aws::fis::namespace(),
        aws::iam::namespace(),
        aws::incidents::namespace(),
        aws::lambda::namespace(&kallisti::catalog::aws::lambda::LAMBDA),
        aws::lambda::namespace(&kallisti::catalog::aws::lambda::AWSLAMBDA),
        aws::msk::namespace(),
        aws::rds::namespace(),
        aws::route53::namespace(),
        aws::s3::namespace(),
        aws::ssm::namespace(),
        aws::xray::namespace(),
        kallisti::modules::cf::namespace(),
        kallisti::modules::cm::namespace(),
        kallisti::modules::istio::namespace(),
        kallisti::modules::k8s::namespace(),
        kallisti::modules::prom::namespace(),
    ] {
        assert!(
            set.unbound().is_empty(),
            "unbound in {set:?}: {:?}",
            set.unbound()
        );
    }
}

/// A declared action with no implementation is refused before anything runs.
#[tokio::test]
async fn an_unbound_action_is_refused_before_anything_runs() {
    use kallisti::registry::ActionSet;
    let mut registry = Registry::empty();
    registry.register(ActionSet::new(&kallisti::catalog::cm::CM));
    let experiment = kallisti::Experiment::from_value(serde_json::json!({"name": "unbound",
        "steps": [{"step": "wait", "do": "cm.wait", "where": {"time_in_seconds": 1}}]}))
    .unwrap();
    let record = kallisti::Trial::new(experiment).run(&registry).await;
    assert_eq!(record.status, kallisti::TrialStatus::Invalid);
    assert!(
        record.problems[0]
            .message
            .contains("declared but not implemented"),
        "{:?}",
        record.problems
    );
}

/// No action takes an argument and drops it (`let _ = &args.x;`): each
/// declared argument changes what the action does, or the action refuses it.
#[test]
fn no_action_discards_an_argument() {
    fn sources(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/kallisti/src/modules")),
        &mut files,
    );
    assert!(files.len() > 20, "the modules were found: {files:?}");
    let mut discarded = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default().replace(' ', "");
            if code.starts_with("let_=&args.") || code.starts_with("let_=args.") {
                discarded.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        discarded.is_empty(),
        "arguments dropped:\n{}",
        discarded.join("\n")
    );
}

/// Every driver function of the reference catalog resolves to its kallisti
/// action, so a Chaos Toolkit python provider naming it runs that action.
#[test]
fn every_reference_driver_function_names_its_action() {
    let mut mapped = 0;
    for action in reference() {
        let Some(function) = action["chaostoolkit_function"].as_str() else {
            continue;
        };
        let (module, func) = function.rsplit_once('.').unwrap();
        let (namespace, found) = kallisti::catalog::find_chaostoolkit(module, func)
            .unwrap_or_else(|| panic!("{function} resolves to no action"));
        assert_eq!(
            format!("{}.{}", namespace.name, found.name),
            action["do"].as_str().unwrap(),
            "{function}"
        );
        mapped += 1;
    }
    assert!(
        mapped > 270,
        "only {mapped} driver functions in the reference"
    );
}
