//! Compile-time checks of `#[chaos_test]`: each mistake is a compile error
//! spanned on the offending token, with a suggestion where a name is close.
//! The expected messages are checked in under `tests/ui/*.stderr`
//! (regenerate with `TRYBUILD=overwrite`).

use std::path::PathBuf;

/// trybuild compiles the cases in a crate of its own under
/// `target/tests/trybuild/kallisti-macros/`, which is then the manifest
/// folder `experiment = "..."` paths are read from: the files go there too.
fn copy_experiment_files() {
    let exe = std::env::current_exe().unwrap();
    let target: PathBuf = exe.ancestors().nth(3).unwrap().to_path_buf();
    let dest = target.join("tests/trybuild/kallisti-macros/tests/ui");
    std::fs::create_dir_all(&dest).unwrap();
    for entry in std::fs::read_dir("tests/ui").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::copy(&path, dest.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn chaos_test_mistakes_are_compile_errors() {
    copy_experiment_files();
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
