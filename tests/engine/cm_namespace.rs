//! The `cm` namespace against a real local HTTP server (the demo service):
//! the seed's examples run unchanged but for their URL, output fields,
//! 4xx/5xx rules, OAuth2 flows, dry run, and secret redaction.

use kallisti::{ErrorKind, Experiment, Registry, Trial, TrialStatus};
use kallisti_suite::{DemoService, OAuthConfig};
use serde_json::{json, Value};
use support::{run_steps, seed_step as seed};

use crate::support;

/// The seed step with only its `url` pointed at `base` (path and query kept).
fn pointed_at(mut step: Value, base: &str) -> Value {
    let url = step["where"]["url"].as_str().unwrap();
    let rest = url.splitn(4, '/').nth(3).unwrap_or("");
    step["where"]["url"] = json!(format!("{base}/{rest}"));
    step
}

#[tokio::test]
async fn seed_http_probe_examples_run_unchanged() {
    let service = DemoService::start().await;
    let steps: Vec<Value> = [
        "step_cm_http_probe",
        "step_cm_http_probe_2",
        "step_cm_http_probe_3",
    ]
    .iter()
    .map(|n| pointed_at(seed(n), &service.url()))
    .collect();
    let record = run_steps(steps).await;
    support::assert_succeeded(&record);

    let health = service.requests_to("/health");
    assert_eq!(health.len(), 2);
    assert_eq!(
        health[1].header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_ne!(
        health[1].header("content-length"),
        Some("15"),
        "a Content-Length with no body would hang the request"
    );
    let fortune = service.requests_to("/fortune");
    assert_eq!(fortune[0].method, "POST");
    assert_eq!(
        serde_json::from_str::<Value>(&fortune[0].body).unwrap(),
        json!({"id": "1001", "text": "Fortune favors the brave"})
    );
    assert_eq!(fortune[0].header("content-type"), Some("application/json"));

    let first = &record.trial_record.steps[0];
    assert_eq!(first.result["status_code"], json!(200));
    assert_eq!(first.result["response"], json!({"status": "UP"}));
    assert_eq!(first.result["response_text"], json!("{\"status\":\"UP\"}"));
    assert_eq!(
        first.result["response_headers"]["Content-Type"],
        json!("application/json")
    );
    let time = first.result["response_time_in_seconds"].as_f64().unwrap();
    assert!((0.0..5.0).contains(&time), "{time}");
    let post = &record.trial_record.steps[2];
    assert_eq!(post.result["status_code"], json!(201));
}

#[tokio::test]
async fn seed_http_request_example_runs_unchanged() {
    let service = DemoService::start().await;
    let record = run_steps(vec![pointed_at(
        seed("step_cm_http_request"),
        &service.url(),
    )])
    .await;
    support::assert_succeeded(&record);
    let result = &record.trial_record.steps[0].result;
    assert_eq!(result["response"]["Message"], "Fortune message updated");
    let put = &service.requests_to("/fortune")[0];
    assert_eq!(put.method, "PUT");
    assert!(put.body.contains("Keep your eye out for someone special."));
}

#[tokio::test(start_paused = true)]
async fn seed_wait_example_waits_fifteen_seconds() {
    let started = tokio::time::Instant::now();
    let record = run_steps(vec![seed("step_cm_wait")]).await;
    support::assert_succeeded(&record);
    assert!(started.elapsed() >= std::time::Duration::from_secs(15));
    assert!(started.elapsed() < std::time::Duration::from_secs(16));
    assert_eq!(record.trial_record.steps[0].result, Value::Null);
}

#[tokio::test]
async fn http_probe_fails_on_4xx_and_5xx_but_http_request_does_not() {
    let service = DemoService::start().await;
    let base = service.url();
    for code in [404, 500, 503] {
        let record = run_steps(vec![json!({"step": "p", "do": "cm.http_probe", "where": {"url": format!("{base}/status/{code}")}})]).await;
        assert_eq!(record.status, TrialStatus::Failed);
        let err = record.trial_record.steps[0].error.as_ref().unwrap();
        assert_eq!(err.kind, ErrorKind::FailedAction);
        assert!(
            err.message
                .starts_with(&format!("GET {base}/status/{code} answered {code}")),
            "{}",
            err.message
        );
    }
    let record = run_steps(vec![json!({"step": "r", "do": "cm.http_request",
        "where": {"url": format!("{base}/status/500"), "method": "DELETE"},
        "expect": [{"operator": "eq", "status_code": 500}]})])
    .await;
    support::assert_succeeded(&record);
    // 3xx and other non-error codes are results for the probe.
    let record = run_steps(vec![
        json!({"step": "p", "do": "cm.http_probe", "where": {"url": format!("{base}/status/204")}}),
    ])
    .await;
    support::assert_succeeded(&record);
}

/// A server whose `/hop/{n}` redirects to `/hop/{n-1}` until `/hop/0`.
/// `/away` sends the client to the same server under the name `localhost`.
async fn redirect_chain() -> String {
    use axum::{extract::Path, response::IntoResponse, response::Redirect, routing::get, Router};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = Router::new()
        .route(
            "/hop/{n}",
            get(|Path(n): Path<u32>| async move {
                match n {
                    0 => "landed".into_response(),
                    n => Redirect::to(&format!("/hop/{}", n - 1)).into_response(),
                }
            }),
        )
        .route(
            "/away",
            get(move || async move { Redirect::to(&format!("http://localhost:{port}/hop/0")) }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://127.0.0.1:{port}")
}

/// Each redirect hop passes the trial's allow-list: an allowed host cannot
/// send the client to one the list refuses.
#[tokio::test]
async fn a_redirect_to_a_host_off_the_allow_list_is_refused() {
    let base = redirect_chain().await;
    let exp = Experiment::from_value(json!({"name": "hop", "steps": [
        {"step": "away", "do": "cm.http_request", "where": {"url": format!("{base}/away")}}]}))
    .unwrap();
    let record = Trial::new(exp)
        .allow(kallisti::trial::AllowList::default().hosts(["127.0.0.1"]))
        .run(&Registry::with_builtins())
        .await;
    assert_eq!(record.status, TrialStatus::Failed);
    let err = record.trial_record.steps[0].error.as_ref().unwrap();
    assert!(err.message.contains("localhost"), "{}", err.message);
}

/// A server whose `/echo` answers with the request's `x-flag`, `x-count`
/// and `content-type` headers (every value of each), and sends `x-multi`
/// twice.
async fn header_echo() -> String {
    use axum::{http::HeaderMap, response::AppendHeaders, routing::any, Json, Router};
    let app = Router::new().route(
        "/echo",
        any(|headers: HeaderMap| async move {
            // Every value a header was sent with, so a duplicate shows.
            let seen = |name: &str| {
                let values: Vec<_> = headers
                    .get_all(name)
                    .iter()
                    .map(|v| v.to_str().unwrap())
                    .collect();
                (!values.is_empty()).then(|| values.join(", "))
            };
            (
                AppendHeaders([("x-multi", "a"), ("x-multi", "b")]),
                Json(json!({"flag": seen("x-flag"), "count": seen("x-count"),
                            "content_type": seen("content-type")})),
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/echo", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// Header values given as numbers and booleans are sent as their text; a
/// header sent twice in the response reads as one comma-joined value.
#[tokio::test]
async fn header_values_are_sent_and_read_as_text() {
    let url = header_echo().await;
    let record = run_steps(vec![json!({"step": "h", "do": "cm.http_request",
        "where": {"url": url, "headers": {"X-Flag": true, "X-Count": 7}}})])
    .await;
    support::assert_succeeded(&record);
    let result = &record.trial_record.steps[0].result;
    assert_eq!(result["response"]["flag"], "true");
    assert_eq!(result["response"]["count"], "7");
    assert_eq!(result["response_headers"]["X-Multi"], "a, b", "{result}");
}

/// The body goes out as `application/json` unless the step names its own
/// content type.
#[tokio::test]
async fn a_json_body_is_labelled_unless_the_step_says_otherwise() {
    let url = header_echo().await;
    let cases = [
        (json!({"k": 1}), json!({}), json!("application/json")),
        (
            json!({"k": 1}),
            json!({"Content-Type": "text/x-mine"}),
            json!("text/x-mine"),
        ),
        (
            json!({"k": 1}),
            json!({"X-Flag": "on"}),
            json!("application/json"),
        ),
        (
            json!({"k": 1}),
            json!({"Content-Type": "text/x-mine", "X-Flag": "on"}),
            json!("text/x-mine"),
        ),
    ];
    for (body, headers, expected) in cases {
        let record = run_steps(vec![json!({"step": "b", "do": "cm.http_request",
            "where": {"url": url, "method": "POST", "request_body": body, "headers": headers}})])
        .await;
        support::assert_succeeded(&record);
        let seen = &record.trial_record.steps[0].result["response"]["content_type"];
        assert_eq!(seen, &expected, "{body} with {headers}");
    }
}

/// Ten redirects are followed; the eleventh is refused.
#[tokio::test]
async fn ten_redirects_are_followed_and_the_eleventh_is_refused() {
    let base = redirect_chain().await;
    let record = run_steps(vec![json!({"step": "ten", "do": "cm.http_request",
        "where": {"url": format!("{base}/hop/10")},
        "expect": [{"operator": "eq", "status_code": 200}]})])
    .await;
    support::assert_succeeded(&record);
    let record = run_steps(vec![
        json!({"step": "eleven", "do": "cm.http_request", "where": {"url": format!("{base}/hop/11")}}),
    ])
    .await;
    assert_eq!(record.status, TrialStatus::Failed);
    let err = record.trial_record.steps[0].error.as_ref().unwrap();
    assert!(
        err.message.contains("more than 10 redirects"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn http_request_takes_every_method_and_probe_only_get_and_post() {
    let service = DemoService::start().await;
    let base = service.url();
    let steps: Vec<Value> = ["GET", "POST", "PUT", "PATCH", "DELETE", "put"]
        .iter()
        .map(|m| json!({"step": m, "do": "cm.http_request", "where": {"url": format!("{base}/echo"), "method": m},
                        "expect": [{"operator": "eq", "response.method": m.to_uppercase()}]}))
        .collect();
    let record = run_steps(steps).await;
    support::assert_succeeded(&record);

    let record = run_steps(vec![json!({"step": "bad", "do": "cm.http_probe", "where": {"url": format!("{base}/echo"), "method": "PUT"}})]).await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert_eq!(record.problems[0].field.as_deref(), Some("where.method"));
    assert!(record.problems[0]
        .message
        .contains("`PUT` is not one of GET, POST"));
    assert!(service.requests().is_empty() || service.requests_to("/echo").len() == 6);
}

#[tokio::test]
async fn bad_urls_and_headers_are_invalid_before_anything_runs() {
    let record = run_steps(vec![
        json!({"step": "a", "do": "cm.http_probe", "where": {"url": "not a url"}}),
        json!({"step": "b", "do": "cm.http_probe", "where": {"url": "ftp://x/y"}}),
        json!({"step": "c", "do": "cm.http_probe", "where": {"url": "http://x", "headers": {"X": {"nested": 1}}}}),
        json!({"step": "d", "do": "cm.http_probe", "where": {"url": "http://x", "authentication": {"type": "basic", "credentials": {"type": "TOKEN_FILE", "token_path": "/t"}}}}),
        json!({"step": "e", "do": "cm.http_probe", "where": {}}),
    ])
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    let fields: Vec<_> = record
        .problems
        .iter()
        .map(|p| p.field.clone().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "where.url",
            "where.url",
            "where.headers.X",
            "where.authentication.type",
            "where.url"
        ]
    );
}

#[tokio::test]
async fn an_unreachable_server_is_a_failed_action_naming_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/health", listener.local_addr().unwrap());
    drop(listener);
    let record = run_steps(vec![
        json!({"step": "down", "do": "cm.http_probe", "where": {"url": url}}),
    ])
    .await;
    support::assert_step_error(
        &record,
        0,
        ErrorKind::FailedAction,
        &format!("GET {url}: could not connect"),
    );
}

#[tokio::test]
async fn responses_that_are_not_json_have_a_null_response() {
    let service = DemoService::start().await;
    let record = run_steps(vec![json!({"step": "t", "do": "cm.http_probe", "where": {"url": format!("{}/text", service.url())},
        "expect": [{"operator": "regex", "response_text": "^plain"}]})]).await;
    support::assert_succeeded(&record);
    assert_eq!(record.trial_record.steps[0].result["response"], Value::Null);
}

#[tokio::test]
async fn wait_with_a_non_integer_is_a_failed_action_before_anything_runs() {
    for bad in [json!("abc"), json!(1.5), json!(-2)] {
        let record = run_steps(vec![
            json!({"step": "w", "do": "cm.wait", "where": {"time_in_seconds": bad}}),
        ])
        .await;
        assert_eq!(record.status, TrialStatus::Invalid, "{bad}");
        assert_eq!(
            record.problems[0].kind,
            ErrorKind::FailedAction,
            "{bad}: {}",
            record.problems[0]
        );
        assert_eq!(
            record.problems[0].field.as_deref(),
            Some("where.time_in_seconds")
        );
    }
}

/// Arguments the declaration accepts but the action cannot read are refused
/// before anything runs, naming `where` itself.
#[tokio::test]
async fn an_unreadable_argument_is_refused_naming_where() {
    let record = run_steps(vec![json!({"step": "auth", "do": "cm.http_request",
        "where": {"url": "http://127.0.0.1:9/", "authentication": {"kind": "unheard-of"}}})])
    .await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert_eq!(
        record.problems[0].field.as_deref(),
        Some("where"),
        "{:?}",
        record.problems
    );
}

/// Zero seconds is a wait that ends at once.
#[tokio::test]
async fn wait_of_zero_seconds_succeeds() {
    let record = run_steps(vec![
        json!({"step": "w", "do": "cm.wait", "where": {"time_in_seconds": 0}}),
    ])
    .await;
    support::assert_succeeded(&record);
}

#[tokio::test]
async fn dry_run_sends_reads_but_not_writes() {
    let service = DemoService::start().await;
    let base = service.url();
    let exp = Experiment::from_value(json!({"name": "dry", "steps": [
        {"step": "read", "do": "cm.http_probe", "where": {"url": format!("{base}/health")}},
        {"step": "write", "do": "cm.http_request", "where": {"url": format!("{base}/fortune"), "method": "PUT", "request_body": {"text": "x"}}},
        {"step": "wait", "do": "cm.wait", "where": {"time_in_seconds": 30}}
    ]}))
    .unwrap();
    let started = std::time::Instant::now();
    let record = Trial::new(exp)
        .dry_run(true)
        .run(&Registry::with_builtins())
        .await;
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    support::assert_succeeded(&record);
    assert_eq!(service.requests_to("/health").len(), 1);
    assert!(
        service.requests_to("/fortune").is_empty(),
        "no write in a dry run"
    );
    let write = record.step("write").unwrap();
    assert_eq!(
        write.result,
        json!({"dry_run": true, "method": "PUT", "url": format!("{base}/fortune")})
    );
    assert_eq!(
        write.logs,
        [format!("dry run: would send PUT {base}/fortune")]
    );
    assert_eq!(
        record.step("wait").unwrap().logs,
        ["dry run: would wait 30 s"]
    );
}

mod oauth {
    use super::*;

    fn auth_step(base: &str, username_var: &str, password_var: &str, secret: &str) -> Value {
        json!({
            "step": "secure call",
            "do": "cm.http_probe",
            "where": {
                "url": format!("{base}/secure"),
                "authentication": {
                    "type": "oauth2_token",
                    "url": format!("{base}/oauth/token"),
                    "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": username_var, "password_key": password_var},
                    "client": {"id": "demo-client", "secret": secret},
                    "resource": "fortunes"
                }
            },
            "expect": [{"operator": "eq", "response.secure": true}]
        })
    }

    use std::io::Write as _;
    use support::{all_outputs, traced_run};

    #[tokio::test]
    async fn password_grant_gets_a_token_and_no_secret_leaks() {
        let canary_password = "canary-pw-7f3a91";
        let canary_token = "canary-token-2be8c4";
        let canary_client_secret = "canary-client-secret-55d0";
        let service = DemoService::start_with(OAuthConfig {
            client_secret: canary_client_secret.into(),
            password: canary_password.into(),
            token: canary_token.into(),
            ..OAuthConfig::default()
        })
        .await;
        std::env::set_var("CM_TEST_OAUTH_USER", "demo-user");
        std::env::set_var("CM_TEST_OAUTH_PASS", canary_password);
        let (record, logs) = traced_run(vec![auth_step(
            &service.url(),
            "CM_TEST_OAUTH_USER",
            "CM_TEST_OAUTH_PASS",
            canary_client_secret,
        )])
        .await;
        support::assert_succeeded(&record);
        let token_request = &service.requests_to("/oauth/token")[0];
        assert!(token_request.body.contains("grant_type=password"));
        assert!(token_request.body.contains("resource=fortunes"));
        assert!(token_request
            .header("authorization")
            .unwrap()
            .starts_with("Basic "));
        assert_eq!(
            service.requests_to("/secure")[0].header("authorization"),
            Some(format!("Bearer {canary_token}").as_str())
        );
        let outputs = all_outputs(&record, &logs);
        assert!(outputs.contains("secure call"), "the logs were captured");
        for canary in [canary_password, canary_token, canary_client_secret] {
            assert!(
                !outputs.contains(canary),
                "{canary} leaked into:\n{outputs}"
            );
        }
        assert_eq!(
            record.trial_record.steps[0].step_parameters["authentication"]["client"]["secret"],
            json!("***")
        );
    }

    /// Servers that echo the request back: the token kallisti obtained (a
    /// short one, inside longer text) comes back in the response, and every
    /// output shows `***` where it was. The token is first proven to have
    /// reached the server, so the check can fail.
    #[tokio::test]
    async fn echoed_tokens_come_back_redacted() {
        let grant_token = "tk-8c1f";
        let file_token = "ft-41ab90e";
        let service = DemoService::start_with(OAuthConfig {
            password: "pw-echo-canary".into(),
            token: grant_token.into(),
            ..OAuthConfig::default()
        })
        .await;
        std::env::set_var("CM_ECHO_OAUTH_USER", "demo-user");
        std::env::set_var("CM_ECHO_OAUTH_PASS", "pw-echo-canary");
        let mut grant = auth_step(
            &service.url(),
            "CM_ECHO_OAUTH_USER",
            "CM_ECHO_OAUTH_PASS",
            "demo-client-secret",
        );
        grant["where"]["url"] = json!(format!("{}/echo", service.url()));
        grant["expect"] = json!([]);
        let dir = std::env::temp_dir().join(format!("kallisti-cm-echo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("token"), format!("{file_token}\n")).unwrap();
        let from_file = json!({
            "step": "token file", "do": "cm.http_request",
            "where": {"url": format!("{}/echo", service.url()),
                      "authentication": {"type": "oauth2_token", "credentials": {"type": "TOKEN_FILE", "token_path": dir.join("token")}}}
        });
        let (record, logs) = traced_run(vec![grant, from_file]).await;
        support::assert_succeeded(&record);
        let echoed = service.requests_to("/echo");
        assert_eq!(
            echoed[0].header("authorization"),
            Some(format!("Bearer {grant_token}").as_str())
        );
        assert_eq!(
            echoed[1].header("authorization"),
            Some(format!("Bearer {file_token}").as_str())
        );
        let results = &record.trial_record.steps;
        assert_eq!(
            results[0].result["response"]["headers"]["authorization"],
            json!("Bearer ***"),
            "{}",
            results[0].result
        );
        assert_eq!(
            results[1].result["response"]["headers"]["authorization"],
            json!("Bearer ***"),
            "{}",
            results[1].result
        );
        let mut outputs = all_outputs(&record, &logs);
        outputs.push_str(&kallisti::report::render(
            &record,
            kallisti::report::Format::Html,
        ));
        for canary in [grant_token, file_token, "pw-echo-canary"] {
            assert!(
                !outputs.contains(canary),
                "{canary} leaked into:\n{outputs}"
            );
        }
    }

    #[tokio::test]
    async fn a_wrong_password_is_a_clear_failure_with_no_secret_in_it() {
        let service = DemoService::start().await;
        let canary = "wrong-canary-pw-91ab";
        std::env::set_var("CM_TEST_WRONG_USER", "demo-user");
        std::env::set_var("CM_TEST_WRONG_PASS", canary);
        let (record, logs) = traced_run(vec![auth_step(
            &service.url(),
            "CM_TEST_WRONG_USER",
            "CM_TEST_WRONG_PASS",
            "demo-client-secret",
        )])
        .await;
        assert_eq!(record.status, TrialStatus::Failed);
        let err = record.trial_record.steps[0].error.as_ref().unwrap();
        assert_eq!(err.kind, ErrorKind::FailedAction);
        assert!(
            err.message.starts_with(&format!("token endpoint {}/oauth/token refused the password grant for user `demo-user`: 401", service.url())),
            "{}",
            err.message
        );
        assert!(service.requests_to("/secure").is_empty());
        let outputs = all_outputs(&record, &logs);
        assert!(!outputs.contains(canary), "{outputs}");
        assert!(!outputs.contains("demo-client-secret"), "{outputs}");
    }

    #[tokio::test]
    async fn a_missing_variable_is_credential_not_found_naming_it() {
        let service = DemoService::start().await;
        std::env::remove_var("CM_TEST_UNSET_PASS");
        std::env::set_var("CM_TEST_SET_USER", "demo-user");
        let record = run_steps(vec![auth_step(
            &service.url(),
            "CM_TEST_SET_USER",
            "CM_TEST_UNSET_PASS",
            "client-secret",
        )])
        .await;
        let err = record.trial_record.steps[0].error.as_ref().unwrap();
        assert_eq!(err.kind, ErrorKind::CredentialNotFound);
        assert_eq!(
            err.message,
            "credential not found: environment variable `CM_TEST_UNSET_PASS` (password) is not set"
        );
    }

    #[tokio::test]
    async fn a_token_credential_is_sent_as_is() {
        let service = DemoService::start_with(OAuthConfig {
            token: "file-token-3c1d".into(),
            ..OAuthConfig::default()
        })
        .await;
        let dir = std::env::temp_dir().join(format!("kallisti-cm-token-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("token");
        std::fs::File::create(&path)
            .unwrap()
            .write_all(b"file-token-3c1d\n")
            .unwrap();
        let (record, logs) = traced_run(vec![json!({
            "step": "with token", "do": "cm.http_request",
            "where": {"url": format!("{}/secure", service.url()),
                      "authentication": {"type": "oauth2_token", "credentials": {"type": "TOKEN_FILE", "token_path": path}}},
            "expect": [{"operator": "eq", "status_code": 200}]
        })])
        .await;
        support::assert_succeeded(&record);
        assert!(
            service.requests_to("/oauth/token").is_empty(),
            "no exchange for a token"
        );
        assert!(!all_outputs(&record, &logs).contains("file-token-3c1d"));
    }

    #[tokio::test]
    async fn an_unknown_credential_type_is_invalid_before_anything_runs() {
        let service = DemoService::start().await;
        let record = run_steps(vec![json!({
            "step": "x", "do": "cm.http_probe",
            "where": {"url": format!("{}/secure", service.url()),
                      "authentication": {"type": "oauth2_token", "credentials": {"type": "TOKEN_FIEL", "token_path": "/t"}}}
        })])
        .await;
        assert_eq!(record.status, TrialStatus::Invalid);
        let problem = &record.problems[0];
        assert_eq!(problem.kind, ErrorKind::InvalidCredentialType);
        assert_eq!(
            problem.field.as_deref(),
            Some("where.authentication.credentials")
        );
        assert!(
            problem.message.contains("did you mean `TOKEN_FILE`?"),
            "{}",
            problem.message
        );
        assert!(service.requests().is_empty());
    }
}

const CM_TOKEN: &str = "cm-canary-t0ken-4e1f";

/// A test body that panics with the token a `cm` step sent: the failure
/// report and the trial record show `***` in its place.
#[test]
fn cm_canaries_survive_a_panicking_body() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let demo = runtime.block_on(DemoService::start());
    let shown = support::panicking_chaos_test(
        "cm-panic",
        json!({"base_url": demo.url(), "api_token": CM_TOKEN}),
        vec![json!({"step": "call", "do": "cm.http_request", "where": {
            "url": "{{ base_url }}/fortune",
            "headers": {"Authorization": "Bearer {{ api_token }}"}}})],
        format!("the service took Bearer {CM_TOKEN}"),
    );
    assert!(shown.contains("the service took ***"), "{shown}");
    assert!(!shown.contains(CM_TOKEN), "{shown}");
}

/// ... and nothing the test prints shows it: not the panic hook's line,
/// not the report.
#[test]
fn cm_canaries_stay_out_of_a_panicking_body_output() {
    support::assert_panic_output_hides(
        module_path!(),
        "cm_canaries_survive_a_panicking_body",
        &[CM_TOKEN],
    );
}

/// A request step with a bad method, URL or header is refused before any
/// step runs, naming the field.
#[tokio::test]
async fn a_bad_request_step_is_refused_before_anything_runs() {
    let url = header_echo().await;
    let cases = [
        (json!({"url": url, "method": "FETCH"}), "where.method"),
        (json!({"url": "not a url"}), "where.url"),
        (
            json!({"url": url, "headers": {"bad header": "x"}}),
            "where.headers.bad header",
        ),
    ];
    for (args, field) in cases {
        let record = run_steps(vec![
            json!({"step": "first", "do": "cm.http_request", "where": {"url": url}}),
            json!({"step": "bad", "do": "cm.http_request", "where": args}),
        ])
        .await;
        assert_eq!(record.status, TrialStatus::Invalid, "{args}");
        let problem = &record.problems[0];
        assert_eq!(problem.field.as_deref(), Some(field), "{args}: {problem:?}");
        assert!(record.trial_record.steps.is_empty(), "{args}: nothing ran");
    }
}
