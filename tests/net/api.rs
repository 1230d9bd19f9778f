//! The Toxiproxy HTTP API that kallisti serves: Toxiproxy's routes, shapes,
//! status codes and error bodies.

use kallisti::net::Proxies;
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};

/// A fresh API over an empty set, and a dependency that accepts and idles.
async fn api() -> (Api, String) {
    let set = Proxies::new();
    let base = format!("http://{}", set.api_addr().await.unwrap());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let upstream = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (mut read, mut write) = socket.into_split();
                let _ = tokio::io::copy(&mut read, &mut write).await;
            });
        }
    });
    (
        Api {
            base,
            client: reqwest::Client::new(),
            _set: set,
        },
        upstream,
    )
}

struct Api {
    base: String,
    client: reqwest::Client,
    _set: Proxies,
}

impl Api {
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, value)
    }
}

fn error(status: u16, message: &str) -> (u16, Value) {
    (status, json!({"error": message, "status": status}))
}

#[tokio::test]
async fn proxies_are_created_listed_shown_and_deleted() {
    let (api, upstream) = api().await;
    let (status, created) = api
        .call(
            "POST",
            "/proxies",
            Some(json!({"name": "db", "upstream": upstream, "listen": "127.0.0.1:0"})),
        )
        .await;
    assert_eq!(status, 201);
    let listen = created["listen"].as_str().unwrap().to_string();
    assert!(
        !listen.ends_with(":0"),
        "the bound port is reported: {listen}"
    );
    assert_eq!(
        created,
        json!({"name": "db", "listen": listen, "upstream": upstream, "enabled": true, "toxics": []})
    );
    TcpStream::connect(&listen).await.expect("it listens");
    assert_eq!(
        api.call("GET", "/proxies", None).await,
        (200, json!({"db": created}))
    );
    assert_eq!(
        api.call("GET", "/proxies/db", None).await,
        (200, created.clone())
    );
    assert_eq!(
        api.call(
            "POST",
            "/proxies",
            Some(json!({"name": "db", "upstream": upstream}))
        )
        .await,
        error(409, "proxy already exists")
    );
    assert_eq!(
        api.call("POST", "/proxies", Some(json!({"name": "x"})))
            .await,
        error(400, "missing required field: upstream")
    );
    assert_eq!(
        api.call("POST", "/proxies", Some(json!({"upstream": upstream})))
            .await,
        error(400, "missing required field: name")
    );
    assert_eq!(api.call("POST", "/proxies", Some(json!([1]))).await.0, 400);
    assert_eq!(
        api.call("DELETE", "/proxies/db", None).await,
        (204, Value::Null)
    );
    assert_eq!(
        api.call("DELETE", "/proxies/db", None).await,
        error(404, "proxy not found")
    );
    assert!(
        TcpStream::connect(&listen).await.is_err(),
        "a deleted proxy stops listening"
    );
}

#[tokio::test]
async fn a_proxy_created_disabled_does_not_listen_until_enabled() {
    let (api, upstream) = api().await;
    let (status, created) = api
        .call(
            "POST",
            "/proxies",
            Some(json!({"name": "off", "upstream": upstream, "enabled": false})),
        )
        .await;
    assert_eq!((status, &created["enabled"]), (201, &json!(false)));
    let (status, enabled) = api
        .call("POST", "/proxies/off", Some(json!({"enabled": true})))
        .await;
    assert_eq!((status, &enabled["enabled"]), (200, &json!(true)));
    TcpStream::connect(enabled["listen"].as_str().unwrap())
        .await
        .expect("it listens now");
}

#[tokio::test]
async fn toxics_take_toxiproxy_defaults_and_errors() {
    let (api, upstream) = api().await;
    api.call(
        "POST",
        "/proxies",
        Some(json!({"name": "db", "upstream": upstream})),
    )
    .await;
    let (status, toxic) = api
        .call(
            "POST",
            "/proxies/db/toxics",
            Some(json!({"type": "latency", "attributes": {"latency": 120}})),
        )
        .await;
    assert_eq!(
        status, 200,
        "Toxiproxy answers 200, not 201, to a new toxic"
    );
    assert_eq!(
        toxic,
        json!({"name": "latency_downstream", "type": "latency", "stream": "downstream",
               "toxicity": 1.0, "attributes": {"latency": 120, "jitter": 0}})
    );
    let (status, nulls) = api
        .call("POST", "/proxies/db/toxics",
              Some(json!({"name": "cut", "type": "limit_data", "stream": "upstream", "toxicity": 0.5, "attributes": null})))
        .await;
    assert_eq!(status, 200);
    assert_eq!(nulls["attributes"], json!({"bytes": 0}));
    assert_eq!(nulls["stream"], "upstream");
    let refusals = [
        (
            json!({"type": "latency"}),
            error(409, "toxic already exists"),
        ),
        (json!({"type": "lag"}), error(400, "invalid toxic type")),
        (
            json!({"type": "latency", "name": "s", "stream": "sideways"}),
            error(
                400,
                "stream was invalid, can be either upstream or downstream",
            ),
        ),
    ];
    for (body, expected) in refusals {
        assert_eq!(
            api.call("POST", "/proxies/db/toxics", Some(body.clone()))
                .await,
            expected,
            "{body}"
        );
    }
    let (status, bad) = api
        .call(
            "POST",
            "/proxies/db/toxics",
            Some(json!({"type": "latency", "name": "b", "attributes": {"latency": "x"}})),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        bad["error"]
            .as_str()
            .unwrap()
            .starts_with("bad request body"),
        "{bad}"
    );
    assert_eq!(
        api.call(
            "POST",
            "/proxies/nope/toxics",
            Some(json!({"type": "latency"}))
        )
        .await,
        error(404, "proxy not found")
    );
    assert_eq!(
        api.call("GET", "/proxies/db/toxics/nope", None).await,
        error(404, "toxic not found")
    );
    let (_, listed) = api.call("GET", "/proxies/db/toxics", None).await;
    assert_eq!(listed, json!([nulls, toxic]), "upstream toxics first");
}

#[tokio::test]
async fn a_toxic_update_merges_attributes_and_keeps_its_identity() {
    let (api, upstream) = api().await;
    api.call(
        "POST",
        "/proxies",
        Some(json!({"name": "db", "upstream": upstream})),
    )
    .await;
    api.call("POST", "/proxies/db/toxics",
             Some(json!({"type": "latency", "name": "slow", "attributes": {"latency": 100, "jitter": 10}})))
        .await;
    let (status, updated) = api
        .call("POST", "/proxies/db/toxics/slow",
              Some(json!({"attributes": {"latency": 300}, "toxicity": 0.25, "type": "timeout", "stream": "upstream"})))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        updated,
        json!({"name": "slow", "type": "latency", "stream": "downstream", "toxicity": 0.25,
               "attributes": {"latency": 300, "jitter": 10}})
    );
    assert_eq!(
        api.call("GET", "/proxies/db/toxics/slow", None).await,
        (200, updated)
    );
    assert_eq!(
        api.call("DELETE", "/proxies/db/toxics/slow", None).await,
        (204, Value::Null)
    );
    assert_eq!(
        api.call("DELETE", "/proxies/db/toxics/slow", None).await,
        error(404, "toxic not found")
    );
}

#[tokio::test]
async fn disabling_keeps_the_port_and_the_toxics_and_reset_restores_everything() {
    let (api, upstream) = api().await;
    let (_, created) = api
        .call(
            "POST",
            "/proxies",
            Some(json!({"name": "db", "upstream": upstream})),
        )
        .await;
    let listen = created["listen"].as_str().unwrap().to_string();
    api.call(
        "POST",
        "/proxies/db/toxics",
        Some(json!({"type": "timeout"})),
    )
    .await;
    let (status, disabled) = api
        .call("PATCH", "/proxies/db", Some(json!({"enabled": false})))
        .await;
    assert_eq!((status, &disabled["enabled"]), (200, &json!(false)));
    assert_eq!(disabled["toxics"].as_array().unwrap().len(), 1);
    assert!(TcpStream::connect(&listen).await.is_err());
    assert_eq!(api.call("POST", "/reset", None).await, (204, Value::Null));
    let (_, after) = api.call("GET", "/proxies/db", None).await;
    assert_eq!(
        after,
        json!({"name": "db", "listen": listen, "upstream": upstream, "enabled": true, "toxics": []})
    );
    TcpStream::connect(&listen)
        .await
        .expect("listening again on the same port");
    assert_eq!(
        api.call("POST", "/proxies/nope", Some(json!({}))).await,
        error(404, "proxy not found")
    );
}

#[tokio::test]
async fn populate_creates_keeps_what_matches_and_replaces_what_differs() {
    let (api, upstream) = api().await;
    let (status, body) = api
        .call(
            "POST",
            "/populate",
            Some(json!([{"name": "a", "upstream": upstream}, {"name": "b", "upstream": upstream}])),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(body["proxies"].as_array().unwrap().len(), 2);
    api.call(
        "POST",
        "/proxies/a/toxics",
        Some(json!({"type": "latency"})),
    )
    .await;
    api.call(
        "POST",
        "/proxies/b/toxics",
        Some(json!({"type": "latency"})),
    )
    .await;
    let (status, body) = api
        .call("POST", "/populate",
              Some(json!([{"name": "a", "upstream": upstream}, {"name": "b", "upstream": "127.0.0.1:1"}])))
        .await;
    assert_eq!(status, 201);
    assert_eq!(
        body["proxies"][0]["toxics"].as_array().unwrap().len(),
        1,
        "a matched: kept"
    );
    assert_eq!(
        body["proxies"][1]["toxics"],
        json!([]),
        "b differed: replaced"
    );
    assert_eq!(body["proxies"][1]["upstream"], "127.0.0.1:1");
    let bad = api
        .call(
            "POST",
            "/populate",
            Some(json!([{"name": "c", "upstream": upstream}, {"upstream": upstream}])),
        )
        .await;
    assert_eq!(bad, error(400, "missing required field: name at proxy 2"));
    assert_eq!(
        api.call("GET", "/proxies/c", None).await.0,
        404,
        "nothing changes on a bad list"
    );
}

#[tokio::test]
async fn version_answers_json() {
    let (api, _) = api().await;
    let (status, body) = api.call("GET", "/version", None).await;
    assert_eq!(status, 200);
    assert!(
        body["version"].as_str().unwrap().starts_with("2."),
        "{body}"
    );
}

/// A running proxy given a new upstream starts over on the same port (the
/// old listener is gone before the new one binds) and forwards there.
#[tokio::test]
async fn a_new_upstream_takes_effect_on_the_same_port() {
    let (api, first) = api().await;
    let (_, created) = api
        .call(
            "POST",
            "/proxies",
            Some(json!({"name": "db", "upstream": first})),
        )
        .await;
    let second = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let second_addr = second.local_addr().unwrap().to_string();
    for _ in 0..3 {
        for upstream in [&second_addr, &first] {
            let (status, moved) = api
                .call("POST", "/proxies/db", Some(json!({"upstream": upstream})))
                .await;
            assert_eq!(status, 200, "{moved}");
            assert_eq!(
                (&moved["listen"], &moved["enabled"]),
                (&created["listen"], &json!(true))
            );
        }
    }
    api.call(
        "POST",
        "/proxies/db",
        Some(json!({"upstream": second_addr})),
    )
    .await;
    let _client = TcpStream::connect(created["listen"].as_str().unwrap())
        .await
        .unwrap();
    let accepted = tokio::time::timeout(std::time::Duration::from_secs(5), second.accept()).await;
    assert!(
        matches!(accepted, Ok(Ok(_))),
        "the new upstream gets the connection"
    );
}

/// Toxiproxy lists upstream toxics first, then downstream ones.
#[tokio::test]
async fn toxics_are_listed_upstream_first() {
    let (api, upstream) = api().await;
    api.call(
        "POST",
        "/proxies",
        Some(json!({"name": "db", "upstream": upstream})),
    )
    .await;
    for (name, stream) in [
        ("d1", "downstream"),
        ("u1", "upstream"),
        ("d2", "downstream"),
        ("u2", "upstream"),
    ] {
        api.call(
            "POST",
            "/proxies/db/toxics",
            Some(json!({"name": name, "type": "noop", "stream": stream})),
        )
        .await;
    }
    let (_, listed) = api.call("GET", "/proxies/db/toxics", None).await;
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["u1", "u2", "d1", "d2"]);
    assert_eq!(listed[0]["attributes"], json!({}));
}

/// A base URL ending in `/` (the Chaos Toolkit driver then asks for
/// `//proxies`) still reaches the API, method and body kept.
#[tokio::test]
async fn doubled_slashes_reach_the_same_routes() {
    let (api, upstream) = api().await;
    let (status, created) = api
        .call(
            "POST",
            "//proxies",
            Some(json!({"name": "db", "upstream": upstream})),
        )
        .await;
    assert_eq!((status, &created["name"]), (201, &json!("db")));
    assert_eq!(api.call("GET", "//proxies//db", None).await.0, 200);
    let response = reqwest::get(format!("{}/nowhere", api.base)).await.unwrap();
    assert_eq!(response.status(), 404);
}

/// Browsers are refused (a web page must not drive a developer's proxies),
/// and attributes beyond Toxiproxy's 64-bit integers are a bad body.
#[tokio::test]
async fn browsers_and_oversized_attributes_are_refused() {
    let (api, upstream) = api().await;
    let response = api
        .client
        .get(format!("{}/proxies", api.base))
        .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64)")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    api.call(
        "POST",
        "/proxies",
        Some(json!({"name": "db", "upstream": upstream})),
    )
    .await;
    let (status, body) = api
        .call(
            "POST",
            "/proxies/db/toxics",
            Some(json!({"type": "latency", "attributes": {"latency": u64::MAX}})),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("bad request body"),
        "{body}"
    );
}
