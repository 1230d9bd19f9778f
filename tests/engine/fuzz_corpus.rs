//! Replays the fuzz targets' seed inputs and every crash they ever found
//! (`fuzz/seeds/<target>/`, `fuzz/regressions/<target>/`) through the same
//! checks the fuzzers run (`fuzz/src/lib.rs`), in the ordinary test suite:
//! no fuzzer or nightly flag needed to keep a fixed crash fixed.

#[allow(dead_code)]
#[path = "../../fuzz/src/lib.rs"]
mod checks;

use std::path::Path;

type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 5] = [
    ("experiment", checks::experiment),
    ("template", checks::template),
    ("expectation", checks::expectation),
    ("prometheus_time", checks::prometheus_time),
    ("chaos_test_attribute", checks::chaos_test_attribute),
];

fn inputs(folder: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(&p).expect("a readable input"),
            )
        })
        .collect();
    files.sort();
    files
}

fn replay(folder: &str) -> usize {
    let mut count = 0;
    for (target, check) in TARGETS {
        for (name, data) in inputs(folder, target) {
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{target}: {name} fails its check again");
            count += 1;
        }
    }
    count
}

#[test]
fn every_seed_input_passes_its_fuzz_check() {
    let seeds = replay("seeds");
    assert!(
        seeds >= 90,
        "only {seeds} seed inputs: fuzz/seeds/ went missing?"
    );
}

#[test]
fn every_crash_the_fuzzers_found_stays_fixed() {
    let regressions = replay("regressions");
    assert!(regressions >= 3, "only {regressions} regression inputs");
}
