//! The v2 API of the fake as a client sees it: UAA found through
//! `/v2/info`, `q` filters and pages, v2 error bodies, and one state shared
//! with v3.

use super::{FakeApp, FakeCloudFoundry};
use serde_json::{json, Value};

async fn fake() -> FakeCloudFoundry {
    FakeCloudFoundry::builder()
        .with_user("ann", "pw")
        .with_app(
            FakeApp::new("acme", "prod", "web")
                .instances(2)
                .route("web")
                .binding("db"),
        )
        .with_app(FakeApp::new("acme", "dev", "web"))
        .with_app(FakeApp::new("acme", "dev", "batch").stopped())
        .per_page(2)
        .start()
        .await
}

/// A token through the UAA `/v2/info` names.
async fn token(cf: &FakeCloudFoundry) -> String {
    let http = reqwest::Client::new();
    let info: Value = http
        .get(format!("{}/v2/info", cf.uri()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let uaa = info["authorization_endpoint"].as_str().unwrap();
    let answer: Value = http
        .post(format!("{uaa}/oauth/token"))
        .basic_auth("cf", Some(""))
        .form(&[
            ("grant_type", "password"),
            ("username", "ann"),
            ("password", "pw"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["access_token"].as_str().unwrap().to_string()
}

/// Sends `method path` (with `body`) bearing `token`: the status and JSON.
async fn call(
    cf: &FakeCloudFoundry,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", cf.uri()))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn lists_filter_on_q_and_page_like_v2() {
    let cf = fake().await;
    let token = token(&cf).await;
    let get = reqwest::Method::GET;
    let (status, apps) = call(&cf, &token, get.clone(), "/v2/apps?q=name:web", None).await;
    assert_eq!(status, 200);
    assert_eq!(apps["total_results"], 2);
    assert_eq!(apps["total_pages"], 1);
    assert_eq!(apps["prev_url"], Value::Null);
    let (_, orgs) = call(
        &cf,
        &token,
        get.clone(),
        "/v2/organizations?q=name:acme",
        None,
    )
    .await;
    let org = orgs["resources"][0]["metadata"]["guid"].as_str().unwrap();
    let (_, spaces) = call(
        &cf,
        &token,
        get.clone(),
        &format!("/v2/spaces?q=name:dev&q=organization_guid:{org}"),
        None,
    )
    .await;
    let space = spaces["resources"][0]["metadata"]["guid"].as_str().unwrap();
    let path = format!("/v2/apps?q=name:web&q=space_guid:{space}");
    let (_, one) = call(&cf, &token, get.clone(), &path, None).await;
    assert_eq!(one["total_results"], 1);
    assert_eq!(one["resources"][0]["entity"]["space_guid"], space);
    let (_, all) = call(&cf, &token, get.clone(), "/v2/apps", None).await;
    assert_eq!(all["total_results"], 3);
    assert_eq!(all["total_pages"], 2);
    assert_eq!(all["resources"].as_array().unwrap().len(), 2);
    let next = all["next_url"].as_str().unwrap();
    assert!(next.starts_with("/v2/apps?"), "{next}");
    let (_, second) = call(&cf, &token, get.clone(), next, None).await;
    assert_eq!(second["resources"][0]["entity"]["name"], "batch");
    assert_eq!(second["next_url"], Value::Null);
    let (status, refused) = call(&cf, &token, get, "/v2/apps?q=colour:red", None).await;
    assert_eq!(status, 400);
    assert_eq!(refused["error_code"], "CF-BadQueryParameter");
}

#[tokio::test]
async fn errors_have_v2_bodies_and_a_token_is_required() {
    let cf = fake().await;
    let token = token(&cf).await;
    let ghost = "/v2/apps/00000000-0000-4000-8000-00000000dead";
    let (status, body) = call(&cf, &token, reqwest::Method::DELETE, ghost, None).await;
    assert_eq!(status, 404);
    assert_eq!(body["error_code"], "CF-AppNotFound");
    assert_eq!(body["code"], 100004);
    let (status, body) = call(&cf, "not-a-token", reqwest::Method::GET, "/v2/apps", None).await;
    assert_eq!((status, body["code"].clone()), (401, json!(1000)));
    let bare = reqwest::get(format!("{}/v2/apps", cf.uri())).await.unwrap();
    assert_eq!(bare.status().as_u16(), 401);
    let body: Value = bare.json().await.unwrap();
    assert_eq!(body["error_code"], "CF-NotAuthenticated");
}

/// The id of app `name` of space `prod` (or the only one of that name).
async fn app_guid(cf: &FakeCloudFoundry, token: &str, name: &str) -> String {
    let (_, apps) = call(
        cf,
        token,
        reqwest::Method::GET,
        &format!("/v2/apps?q=name:{name}"),
        None,
    )
    .await;
    apps["resources"][0]["metadata"]["guid"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn changes_through_v2_are_the_state_v3_reads() {
    let cf = fake().await;
    let token = token(&cf).await;
    let web = app_guid(&cf, &token, "web").await;
    let app = format!("/v2/apps/{web}");
    let stop = Some(json!({"state": "STOPPED"}));
    let (status, body) = call(&cf, &token, reqwest::Method::PUT, &app, stop).await;
    assert_eq!((status, &body["entity"]["state"]), (201, &json!("STOPPED")));
    let (_, v3) = call(
        &cf,
        &token,
        reqwest::Method::GET,
        &format!("/v3/apps/{web}"),
        None,
    )
    .await;
    assert_eq!(v3["state"], "STOPPED");
    let (status, stats) = call(
        &cf,
        &token,
        reqwest::Method::GET,
        &format!("{app}/stats"),
        None,
    )
    .await;
    assert_eq!(
        (status, &stats["error_code"]),
        (400, &json!("CF-AppStoppedStatsError"))
    );
    let start = Some(json!({"state": "STARTED"}));
    call(&cf, &token, reqwest::Method::PUT, &app, start).await;
    let (status, _) = call(
        &cf,
        &token,
        reqwest::Method::DELETE,
        &format!("{app}/instances/1"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(cf.instance_states("web"), ["RUNNING", "STARTING"]);
    let (_, stats) = call(
        &cf,
        &token,
        reqwest::Method::GET,
        &format!("{app}/stats"),
        None,
    )
    .await;
    assert_eq!(stats["1"]["state"], "STARTING");
    assert_eq!(stats["0"]["stats"]["uris"], json!(["web.apps.example.com"]));
    // A binding keeps the app unless the deletion is recursive.
    let (status, body) = call(&cf, &token, reqwest::Method::DELETE, &app, None).await;
    assert_eq!(
        (status, &body["error_code"]),
        (400, &json!("CF-AssociationNotEmpty"))
    );
    let (status, _) = call(
        &cf,
        &token,
        reqwest::Method::DELETE,
        &format!("{app}?recursive=true"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert!(cf.bindings_of("web").iter().all(|b| b != "db"));
    assert_eq!(cf.deleted_apps(), ["web"]);
}
