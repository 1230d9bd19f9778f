//! The programs some tests drive (moto, the Chaos Toolkit, Prometheus,
//! Chromium), set up on first use by `scripts/test-tools`, the same script
//! the README's test command runs. It installs each once, under a lock, so
//! test binaries that start together don't race; a variable naming the
//! program (`KALLISTI_MOTO_PYTHON`, `KALLISTI_CTK_PYTHON`,
//! `KALLISTI_PROMETHEUS`, `KALLISTI_CHROMIUM`) skips it.

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// The path of `tool` (`moto`: a Python with moto[server]; `ctk`: the
/// Chaos Toolkit's Python; `prometheus`; `chromium`), installed first if
/// missing. Panics with the script's reason when it cannot be had.
pub fn tool(name: &str) -> String {
    tool_part(name, name)
}

/// The line `key=path` that `scripts/test-tools TOOL` prints, for tools
/// that set up more than one program (`ctk` also prints `chaos=`, its
/// command). Panics with the script's reason when it cannot be had.
pub fn tool_part(name: &str, key: &str) -> String {
    static PRINTED: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    // A test that failed while holding the lock leaves it poisoned; the
    // map is still right.
    let mut printed = PRINTED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/test-tools");
    let stdout = match printed.get(name) {
        Some(stdout) => stdout.clone(),
        None => {
            let out = Command::new("bash")
                .args([script, name])
                .stderr(Stdio::inherit())
                .output()
                .unwrap_or_else(|e| panic!("cannot run {script}: {e}"));
            assert!(
                out.status.success(),
                "{name} is needed by this test and could not be set up (the lines above say why)"
            );
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            printed.insert(name.to_string(), stdout.clone());
            stdout
        }
    };
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| {
            panic!("{script} {name} named no {key} (the lines above say why): {stdout}")
        })
        .to_string()
}
