//! The top-level modules of `kallisti/src` depend one way: no module
//! reaches, directly or through others, back to one that uses it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a piece of source names as `crate::name`, with
/// comments left out (docs may mention any module).
fn named_modules(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            // `crate::{a, b::c}` names several at once.
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|p| p.trim().split("::").next().unwrap_or_default())
                    .collect(),
                None => vec![rest
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or_default()],
            };
            found.extend(
                names
                    .into_iter()
                    .filter(|n| modules.contains(*n))
                    .map(str::to_string),
            );
        }
    }
    found
}

fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("kallisti/src");
    let modules: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_string();
            (name != "lib" && name != "bin").then_some(name)
        })
        .collect();
    let mut graph = BTreeMap::new();
    for module in &modules {
        let dir = src.join(module);
        let mut files = Vec::new();
        if dir.is_dir() {
            sources(&dir, &mut files);
        } else {
            files.push(src.join(format!("{module}.rs")));
        }
        let mut uses = BTreeSet::new();
        for file in files {
            uses.extend(named_modules(
                &std::fs::read_to_string(file).unwrap(),
                &modules,
            ));
        }
        uses.remove(module);
        graph.insert(module.clone(), uses);
    }
    graph
}

fn reaches(graph: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(module) = todo.pop() {
        if module == to {
            return true;
        }
        if seen.insert(module.clone()) {
            todo.extend(graph.get(&module).into_iter().flatten().cloned());
        }
    }
    false
}

#[test]
fn no_top_level_module_depends_back_on_its_users() {
    let graph = dependencies();
    assert!(
        graph["modules"].contains("action"),
        "the walk sees imports: {graph:?}"
    );
    let cycles: Vec<String> = graph
        .iter()
        .flat_map(|(module, uses)| uses.iter().map(move |used| (module, used)))
        .filter(|(module, used)| reaches(&graph, used, module))
        .map(|(module, used)| format!("{module} -> {used}"))
        .collect();
    assert!(cycles.is_empty(), "imports that close a cycle: {cycles:?}");
    // The action layer sits under the engine and the namespaces.
    for below in ["registry", "trial", "modules", "testing"] {
        assert!(!reaches(&graph, "action", below), "action reaches {below}");
    }
}

#[test]
fn the_walk_finds_a_cycle_when_there_is_one() {
    let modules: BTreeSet<String> = ["a", "b"].map(String::from).into();
    assert_eq!(
        named_modules("use crate::{a::X, b};\n// crate::c in a comment", &modules),
        modules
    );
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert!(reaches(&graph, "b", "a"));
}
