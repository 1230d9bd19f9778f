//! Malformed and invalid experiments given to `kallisti validate` and
//! `kallisti run`: each gets a clear error naming the step and the field,
//! exit 64 (not an experiment) or 3 (an experiment that cannot run), and no
//! action runs.

use kallisti_suite::DemoService;
use std::path::PathBuf;
use std::process::Output;
use tokio::process::Command;

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kallisti-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

async fn kallisti(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kallisti"))
        .args(args)
        .output()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_experiments_are_refused_clearly_and_nothing_runs() {
    let demo = DemoService::start().await;
    let url = format!("{}/chaos/fail", demo.url());
    let deep = format!(
        r#"{{"name": "deep", "steps": [{{"do": "cm.http_probe", "where": {{"url": {}"x"{}}}}}]}}"#,
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let cases: Vec<(&str, Vec<u8>, i32, Vec<String>)> = vec![
        (
            "wrong types everywhere",
            br#"{"name": 5, "pre_steps": {}, "steps": [{"step": 1, "do": 3, "where": [], "expect": "all good"}]}"#.to_vec(),
            64,
            vec![
                "field `name`: must be a string, not a number".into(),
                "field `pre_steps`: must be a list of steps, not an object".into(),
                "steps[0], field `do`: must be a string, not a number".into(),
                "steps[0], field `where`: must be an object, not a list".into(),
            ],
        ),
        ("no steps", br#"{"name": "empty", "steps": []}"#.to_vec(), 64, vec!["field `steps`: must hold at least one step".into()]),
        ("not UTF-8", b"\xff\xfe{}".to_vec(), 64, vec!["is not UTF-8 text (invalid byte at offset 0)".into()]),
        ("not JSON", b"{\"name\": \"x\", \"steps\": [".to_vec(), 64, vec!["not a valid experiment".into()]),
        ("deep nesting", deep.into_bytes(), 64, vec!["recursion limit exceeded".into()]),
        (
            "a number too large",
            br#"{"name": "huge", "steps": [{"step": "w", "do": "cm.wait", "where": {"time_in_seconds": 1e400}}]}"#.to_vec(),
            64,
            vec!["not a valid experiment".into()],
        ),
        (
            "unknown and mistyped arguments",
            format!(r#"{{"name": "args", "steps": [
                {{"step": "post it", "do": "cm.http_request", "where": {{"url": "{url}", "method": "POST", "verify_tsl": false}}}},
                {{"step": "wait", "do": "cm.wait", "where": {{"time_in_seconds": 99999999999999999999}}}},
                {{"step": "typo", "do": "cm.http_prob", "where": {{"url": "{url}"}}}}
            ]}}"#).into_bytes(),
            3,
            vec![
                "steps[0] (\"post it\"), field `where.verify_tsl`: argument `verify_tsl`: unknown argument of `cm.http_request`".into(),
                "did you mean `verify_tls`?".into(),
                "steps[1] (\"wait\"), field `where.time_in_seconds`".into(),
                "must be an integer, not number".into(),
                "steps[2] (\"typo\"), field `do`: could not find function `http_prob` in namespace `cm`; did you mean `http_probe`?".into(),
            ],
        ),
        (
            "bad expectation and missing parameter",
            format!(r#"{{"name": "exp", "steps": [
                {{"step": "post it", "do": "cm.http_request", "where": {{"url": "{url}", "method": "POST"}}}},
                {{"step": "check", "do": "cm.http_probe", "where": {{"url": "{{{{ base_url }}}}/health"}},
                  "expect": [{{"operator": "=>", "status_code": 200}}]}}
            ]}}"#).into_bytes(),
            3,
            vec![
                "field `parameters`: missing parameter: base_url".into(),
                "steps[1] (\"check\"), field `expect[0]`".into(),
                "unknown operator `=>`".into(),
            ],
        ),
    ];
    for (what, bytes, code, fragments) in cases {
        let file = write(&format!("{}.json", what.replace(' ', "-")), &bytes);
        for command in ["validate", "run"] {
            let out = kallisti(&[command, file.to_str().unwrap()]).await;
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(out.status.code(), Some(code), "{what} ({command}): {text}");
            for fragment in &fragments {
                assert!(
                    text.contains(fragment.as_str()),
                    "{what} ({command}): missing `{fragment}` in\n{text}"
                );
            }
        }
    }
    assert!(
        demo.requests().is_empty(),
        "no action ran: {:?}",
        demo.requests()
    );
}
