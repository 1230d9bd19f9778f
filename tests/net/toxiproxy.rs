//! The `toxiproxy` namespace against kallisti's own Toxiproxy API: every
//! action's result, the state the API shows afterwards, its failures, its
//! argument checks, dry run, and what its toxics do to a real connection.

pub(crate) use crate::common::echo_server;
use crate::common::sender;
use crate::support::{self, net::Forbidden};
use kallisti::net::Proxies;
use kallisti::trial::AllowList;
use kallisti::{ErrorKind, Experiment, Registry, Trial, TrialRecord, TrialStatus};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A dependency that says `hello` to each client, then closes.
async fn greeter() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let _ = socket.write_all(b"hello").await;
        }
    });
    addr
}

/// Sends `ping` through `addr` and waits for the echo: how long it took.
pub(crate) async fn round_trip(addr: &str) -> Duration {
    let started = Instant::now();
    let exchange = async {
        let mut client = TcpStream::connect(addr).await.unwrap();
        client.write_all(b"ping").await.unwrap();
        let mut back = [0u8; 4];
        client.read_exact(&mut back).await.unwrap();
        assert_eq!(&back, b"ping");
    };
    tokio::time::timeout(Duration::from_secs(20), exchange)
        .await
        .expect("the echo came back");
    started.elapsed()
}

/// Whether connecting to `addr` is refused, once the proxy's listener has
/// had time to close (it closes right after the API answers).
pub(crate) async fn refused(addr: &str) -> bool {
    for _ in 0..250 {
        if TcpStream::connect(addr).await.is_err() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

/// Binds `addr` as soon as the proxy that had it lets it go.
pub(crate) fn squat(addr: &str) -> std::net::TcpListener {
    for _ in 0..250 {
        if let Ok(listener) = std::net::TcpListener::bind(addr) {
            return listener;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{addr} stayed taken")
}

/// Everything `addr` sends until it closes, and how long that took.
async fn read_all(addr: &str) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut client = TcpStream::connect(addr).await.unwrap();
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), client.read_to_end(&mut received))
        .await
        .expect("the connection ended")
        .expect("a clean end");
    (received, started.elapsed())
}

/// A fresh Toxiproxy API over a set of its own: the set and the base URL.
pub(crate) async fn api() -> (Proxies, String) {
    let set = Proxies::new();
    let url = format!("http://{}", set.api_addr().await.unwrap());
    (set, url)
}

/// Toxiproxy's `GET {url}{path}`, read as JSON.
pub(crate) async fn get(url: &str, path: &str) -> Value {
    reqwest::get(format!("{url}{path}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// `POST {url}{path}` with a JSON body, for setting things up.
pub(crate) async fn post(url: &str, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{url}{path}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap_or(Value::Null)
}

/// A step doing `toxiproxy.<action>` with `args`, pointed at `url` unless
/// the arguments say where the API is.
fn step(url: &str, name: &str, action: &str, mut args: Value) -> Value {
    if args.get("toxiproxy_url").is_none() && args.get("toxiproxy_host").is_none() {
        args["toxiproxy_url"] = json!(url);
    }
    json!({"step": name, "do": format!("toxiproxy.{action}"), "where": args})
}

async fn run_trial(steps: Vec<Value>, dry_run: bool, allow: AllowList) -> TrialRecord {
    let experiment = Experiment::from_value(json!({"name": "toxiproxy", "steps": steps})).unwrap();
    Trial::new(experiment)
        .dry_run(dry_run)
        .allow(allow)
        .run(&Registry::with_builtins())
        .await
}

/// Runs `(action, args)` steps against the API at `url`.
pub(crate) async fn run(url: &str, steps: &[(&str, Value)]) -> TrialRecord {
    let steps = steps
        .iter()
        .enumerate()
        .map(|(i, (action, args))| step(url, &format!("{action} #{i}"), action, args.clone()))
        .collect();
    run_trial(steps, false, AllowList::default()).await
}

/// The results of a trial's steps, in order.
fn results(record: &TrialRecord) -> Vec<Value> {
    record
        .trial_record
        .steps
        .iter()
        .map(|s| s.result.clone())
        .collect()
}

/// `base` with the fields of `more` added or replaced.
fn merged(mut base: Value, more: Value) -> Value {
    let more = more.as_object().cloned().unwrap_or_default();
    base.as_object_mut().unwrap().extend(more);
    base
}

/// Creates `db` in front of `upstream` through the namespace, with the
/// probes reading it back: the steps' results and `db`'s address.
async fn create_and_read(url: &str, upstream: SocketAddr) -> (TrialRecord, String) {
    let attribute = |name: &str| json!({"proxy_name": "db", "attribute": name});
    let create = json!({"proxy_name": "db", "upstream_host": "127.0.0.1",
                        "upstream_port": upstream.port(), "listen_host": "127.0.0.1"});
    let steps = [
        ("create_proxy", create),
        ("proxy_exist", json!({"proxy_name": "db"})),
        ("proxy_exist", json!({"proxy_name": "ghost"})),
        ("get_proxy_attribute", attribute("listen")),
        ("get_proxy_attribute", attribute("upstream")),
        ("get_proxy_attribute", attribute("enabled")),
        ("get_proxy_attribute", attribute("toxics")),
        ("get_proxy_attribute", attribute("name")),
    ];
    let record = run(url, &steps).await;
    support::assert_succeeded(&record);
    let listen = get(url, "/proxies/db").await["listen"]
        .as_str()
        .unwrap()
        .to_string();
    (record, listen)
}

#[tokio::test(flavor = "multi_thread")]
async fn create_proxy_and_the_probes_agree_with_the_api() {
    let (_set, url) = api().await;
    let echo = echo_server().await;
    let (record, listen) = create_and_read(&url, echo).await;
    let port = listen.rsplit(':').next().unwrap();
    assert_ne!(port, "0", "the API reports the port it bound");
    assert_eq!(
        get(&url, "/proxies").await,
        json!({"db": {"name": "db", "listen": listen, "upstream": echo.to_string(),
                      "enabled": true, "toxics": []}})
    );
    let expected = [json!(true), json!(true), json!(false), json!(listen)];
    assert_eq!(results(&record)[..4], expected);
    let rest = [json!(echo.to_string()), json!(true), json!([]), json!("db")];
    assert_eq!(results(&record)[4..], rest);
    // The port the driver would store as `db_PORT` is in the step log.
    let logs = &record.trial_record.steps[0].logs;
    let bound = format!("listens on {listen} (port {port})");
    assert!(logs.iter().any(|l| l.contains(&bound)), "{logs:?}");
    round_trip(&listen).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_proxy_goes_down_is_pointed_elsewhere_and_comes_back_on_its_port() {
    let (_set, url) = api().await;
    let other = greeter().await;
    let (_, listen) = create_and_read(&url, echo_server().await).await;
    let record = run(&url, &[("disable_proxy", json!({"proxy_name": "db"}))]).await;
    assert_eq!(results(&record), [json!(true)]);
    assert_eq!(get(&url, "/proxies/db").await["enabled"], false);
    assert!(refused(&listen).await, "down means refused");

    let elsewhere = json!({"proxy_name": "db", "upstream_address": other.to_string()});
    let steps = [
        ("modify_proxy", elsewhere),
        ("modify_proxy", json!({"proxy_name": "db"})),
    ];
    let record = run(&url, &steps).await;
    assert_eq!(results(&record), [json!(true), json!(true)]);
    let logs = &record.trial_record.steps[1].logs;
    assert!(
        logs.iter().any(|l| l.contains("nothing to change")),
        "{logs:?}"
    );
    let db = get(&url, "/proxies/db").await;
    assert_eq!(
        (&db["upstream"], &db["enabled"]),
        (&json!(other.to_string()), &json!(false))
    );

    let record = run(&url, &[("enable_proxy", json!({"proxy_name": "db"}))]).await;
    assert_eq!(results(&record), [json!(true)]);
    assert_eq!(
        get(&url, "/proxies/db").await["listen"],
        listen.as_str(),
        "same port"
    );
    assert_eq!(
        read_all(&listen).await.0,
        b"hello",
        "the other dependency answers"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_clears_toxics_and_enables_and_delete_removes_the_proxy() {
    let (_set, url) = api().await;
    let (_, listen) = create_and_read(&url, echo_server().await).await;
    let moved = json!({"proxy_name": "db", "listen_address": "127.0.0.1:0", "enabled": false});
    let slow = json!({"for_proxy": "db", "toxic_name": "slow", "latency": 50});
    let steps = [("modify_proxy", moved), ("create_latency_toxic", slow)];
    let record = run(&url, &steps).await;
    assert_eq!(results(&record), [json!(true), json!(true)]);
    let db = get(&url, "/proxies/db").await;
    assert_eq!(
        (&db["enabled"], db["toxics"].as_array().unwrap().len()),
        (&json!(false), 1)
    );

    let record = run(&url, &[("reset", json!({}))]).await;
    assert_eq!(results(&record), [json!(true)]);
    let db = get(&url, "/proxies/db").await;
    assert_eq!(
        (&db["enabled"], &db["toxics"]),
        (&json!(true), &json!([])),
        "{db}"
    );
    let moved = db["listen"].as_str().unwrap().to_string();
    assert_ne!(moved, listen, "a new listen address gave a new port");
    round_trip(&moved).await;

    let record = run(&url, &[("delete_proxy", json!({"proxy_name": "db"}))]).await;
    assert_eq!(results(&record), [Value::Null]);
    assert_eq!(get(&url, "/proxies").await, json!({}));
    assert!(refused(&moved).await, "a deleted proxy is gone");
}

/// Toxiproxy restarts a running proxy on a new upstream, on the same port.
#[tokio::test(flavor = "multi_thread")]
async fn a_running_proxy_changes_its_upstream_on_the_same_port() {
    let (_set, url) = api().await;
    let listen = proxied(&url, "db", echo_server().await).await;
    let other = greeter().await;
    let change = json!({"proxy_name": "db", "upstream_address": other.to_string()});
    let record = run(&url, &[("modify_proxy", change)]).await;
    support::assert_succeeded(&record);
    let db = get(&url, "/proxies/db").await;
    assert_eq!(
        (&db["listen"], &db["enabled"]),
        (&json!(listen), &json!(true))
    );
    assert_eq!(read_all(&listen).await.0, b"hello");
}

#[tokio::test(flavor = "multi_thread")]
async fn create_proxy_listens_everywhere_by_default_and_binds_nothing_when_disabled() {
    let (_set, url) = api().await;
    let echo = echo_server().await;
    let record = run(
        &url,
        &[
            (
                "create_proxy",
                json!({"proxy_name": "open", "upstream_host": "127.0.0.1",
                                    "upstream_port": echo.port().to_string()}),
            ),
            (
                "create_proxy",
                json!({"proxy_name": "off", "upstream_host": "localhost",
                                    "upstream_port": echo.port(), "enabled": false}),
            ),
        ],
    )
    .await;
    support::assert_succeeded(&record);
    assert_eq!(results(&record), [json!(true), json!(true)]);
    let state = get(&url, "/proxies").await;
    let open = state["open"]["listen"].as_str().unwrap();
    assert!(
        open.starts_with("0.0.0.0:") && !open.ends_with(":0"),
        "{open}"
    );
    round_trip(&format!("127.0.0.1:{}", open.rsplit(':').next().unwrap())).await;
    assert_eq!(
        state["off"],
        json!({"name": "off", "listen": "0.0.0.0:0", "upstream": format!("localhost:{}", echo.port()),
               "enabled": false, "toxics": []})
    );
    let logs = &record.trial_record.steps[1].logs;
    assert!(
        logs.iter().any(|l| l.contains("created disabled")),
        "{logs:?}"
    );
}

/// One step per toxic creator, on proxy `db`.
fn creator_steps() -> Vec<(&'static str, Value)> {
    let on = |name: &str, more: Value| merged(json!({"for_proxy": "db", "toxic_name": name}), more);
    let cut = json!({"toxic_type": "reset_peer", "stream": "UPSTREAM", "toxicity": 0.5,
                     "attributes": {"timeout": 100}});
    vec![
        (
            "create_latency_toxic",
            on("lat", json!({"latency": 200, "jitter": 10})),
        ),
        (
            "create_bandwith_degradation_toxic",
            on("bw", json!({"rate": 100})),
        ),
        (
            "create_slow_connection_close_toxic",
            on("sc", json!({"delay": 500})),
        ),
        ("create_timeout_toxic", on("to", json!({"timeout": 1000}))),
        (
            "create_slicer_toxic",
            on(
                "sl",
                json!({"average_size": 64, "size_variation": 8, "delay": 100}),
            ),
        ),
        (
            "create_limiter_toxic",
            on("lim", json!({"bytes_limit": 1024})),
        ),
        ("create_toxic", on("cut", cut)),
        ("create_toxic", on("bare", json!({"toxic_type": "latency"}))),
    ]
}

/// What the API shows for the toxics `creator_steps` add, by name.
fn created_toxics() -> Vec<Value> {
    let toxic = |name: &str, kind: &str, attributes: Value| {
        json!({"name": name, "type": kind, "stream": "downstream", "toxicity": 1.0,
               "attributes": attributes})
    };
    let mut cut = toxic("cut", "reset_peer", json!({"timeout": 100}));
    (cut["stream"], cut["toxicity"]) = (json!("upstream"), json!(0.5));
    vec![
        toxic("bare", "latency", json!({"latency": 0, "jitter": 0})),
        toxic("bw", "bandwidth", json!({"rate": 100})),
        cut,
        toxic("lat", "latency", json!({"latency": 200, "jitter": 10})),
        toxic("lim", "limit_data", json!({"bytes": 1024})),
        toxic("sc", "slow_close", json!({"delay": 500})),
        toxic(
            "sl",
            "slicer",
            json!({"average_size": 64, "size_variation": 8, "delay": 100}),
        ),
        toxic("to", "timeout", json!({"timeout": 1000})),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn every_toxic_creator_stores_what_it_says_and_delete_removes_it() {
    let (_set, url) = api().await;
    let upstream = echo_server().await.to_string();
    post(
        &url,
        "/proxies",
        json!({"name": "db", "upstream": upstream}),
    )
    .await;
    let record = run(&url, &creator_steps()).await;
    support::assert_succeeded(&record);
    assert_eq!(results(&record), vec![json!(true); 8]);
    // Compared by name: the order of the list is the server's business.
    let mut stored = get(&url, "/proxies/db/toxics")
        .await
        .as_array()
        .unwrap()
        .clone();
    stored.sort_by_key(|t| t["name"].as_str().unwrap().to_string());
    assert_eq!(stored, created_toxics());

    let names = ["lat", "bw", "sc", "to", "sl", "lim", "cut", "bare"];
    let target = |name: &str| json!({"for_proxy": "db", "toxic_name": name});
    let deletions: Vec<(&str, Value)> = names.iter().map(|n| ("delete_toxic", target(n))).collect();
    let record = run(&url, &deletions).await;
    support::assert_succeeded(&record);
    assert_eq!(results(&record), vec![json!(true); 8]);
    assert_eq!(get(&url, "/proxies/db/toxics").await, json!([]));
}

/// A proxy called `name` in front of `upstream`, made by the namespace;
/// its address.
async fn proxied(url: &str, name: &str, upstream: SocketAddr) -> String {
    let record = run(
        url,
        &[(
            "create_proxy",
            json!({"proxy_name": name, "upstream_host": "127.0.0.1",
                                  "upstream_port": upstream.port(), "listen_host": "127.0.0.1"}),
        )],
    )
    .await;
    support::assert_succeeded(&record);
    get(url, &format!("/proxies/{name}")).await["listen"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn latency_and_timeout_toxics_are_felt_by_a_real_connection() {
    let (_set, url) = api().await;
    let listen = proxied(&url, "db", echo_server().await).await;
    round_trip(&listen).await;
    let lag = json!({"for_proxy": "db", "toxic_name": "lag", "latency": 300});
    support::assert_succeeded(&run(&url, &[("create_latency_toxic", lag)]).await);
    let slowed = round_trip(&listen).await;
    assert!(slowed >= Duration::from_millis(300), "{slowed:?}");

    // An open connection feels a toxic added after it connected.
    let mut open = TcpStream::connect(&listen).await.unwrap();
    let gone = json!({"for_proxy": "db", "toxic_name": "lag"});
    let silence = json!({"for_proxy": "db", "toxic_name": "hush", "timeout": 0});
    let record = run(
        &url,
        &[("delete_toxic", gone), ("create_timeout_toxic", silence)],
    )
    .await;
    support::assert_succeeded(&record);
    open.write_all(b"ping").await.unwrap();
    let mut back = [0u8; 4];
    let heard = tokio::time::timeout(Duration::from_millis(700), open.read(&mut back)).await;
    assert!(
        heard.is_err(),
        "a timeout toxic lets nothing through: {heard:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn limiter_bandwidth_slicer_and_slow_close_toxics_are_felt_by_a_real_connection() {
    let (_set, url) = api().await;
    let limited = proxied(&url, "limited", sender(10_000).await).await;
    assert_eq!(read_all(&limited).await.0.len(), 10_000);
    let limit = json!({"for_proxy": "limited", "toxic_name": "cap", "bytes_limit": 1000});
    support::assert_succeeded(&run(&url, &[("create_limiter_toxic", limit)]).await);
    let (received, _) = read_all(&limited).await;
    assert_eq!(
        received.len(),
        1000,
        "limit_data cuts the answer at the limit"
    );

    let throttled = proxied(&url, "throttled", sender(5_000).await).await;
    let rate = json!({"for_proxy": "throttled", "toxic_name": "thin", "rate": 5});
    support::assert_succeeded(&run(&url, &[("create_bandwith_degradation_toxic", rate)]).await);
    let (received, took) = read_all(&throttled).await;
    assert_eq!(received.len(), 5_000);
    assert!(
        took >= Duration::from_millis(800),
        "5000 bytes at 5 KB/s: {took:?}"
    );

    let sliced = proxied(&url, "sliced", sender(100).await).await;
    let slicer = json!({"for_proxy": "sliced", "toxic_name": "bits", "average_size": 10,
                        "size_variation": 0, "delay": 20_000});
    support::assert_succeeded(&run(&url, &[("create_slicer_toxic", slicer)]).await);
    let (received, took) = read_all(&sliced).await;
    assert_eq!(received.len(), 100);
    assert!(
        took >= Duration::from_millis(180),
        "9 pauses of 20 ms: {took:?}"
    );

    let closing = proxied(&url, "closing", sender(3).await).await;
    let delay = json!({"for_proxy": "closing", "toxic_name": "linger", "delay": 400});
    support::assert_succeeded(&run(&url, &[("create_slow_connection_close_toxic", delay)]).await);
    let (received, took) = read_all(&closing).await;
    assert_eq!(received, [0, 1, 2]);
    assert!(
        took >= Duration::from_millis(400),
        "the close waits 400 ms: {took:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_peer_toxic_from_create_toxic_resets_the_connection() {
    let (_set, url) = api().await;
    let listen = proxied(&url, "rude", echo_server().await).await;
    let cut = json!({"for_proxy": "rude", "toxic_name": "cut", "toxic_type": "reset_peer",
                     "stream": "upstream", "attributes": {"timeout": 0}});
    support::assert_succeeded(&run(&url, &[("create_toxic", cut)]).await);
    let mut client = TcpStream::connect(&listen).await.unwrap();
    client.write_all(b"ping").await.unwrap();
    let mut back = [0u8; 4];
    let read = tokio::time::timeout(Duration::from_secs(20), client.read(&mut back))
        .await
        .expect("the proxy answers");
    let error = read.expect_err("the connection is reset, not answered or closed");
    assert_eq!(error.kind(), std::io::ErrorKind::ConnectionReset, "{error}");
}

/// Asserts the one step of `record` failed with `kind` and a message
/// holding every part of `parts`.
#[track_caller]
fn assert_failed(record: &TrialRecord, kind: ErrorKind, parts: &[&str]) {
    let error = record.trial_record.steps[0]
        .error
        .as_ref()
        .expect("the step failed");
    assert_eq!(error.kind, kind, "{}", error.message);
    for part in parts {
        assert!(
            error.message.contains(part),
            "`{part}` not in: {}",
            error.message
        );
    }
}

/// `db` in front of `upstream`, with a latency toxic `slow`.
async fn seed(url: &str, upstream: SocketAddr) {
    let db = json!({"name": "db", "listen": "127.0.0.1:0", "upstream": upstream.to_string()});
    post(url, "/proxies", db).await;
    post(
        url,
        "/proxies/db/toxics",
        json!({"name": "slow", "type": "latency"}),
    )
    .await;
}

/// Steps the seeded API refuses, and what each failure must say after
/// `Toxiproxy at <url> `.
fn refused_steps() -> Vec<(&'static str, Value, &'static [&'static str])> {
    let ghost = json!({"proxy_name": "ghost"});
    let missing: &[&str] = &["proxy `ghost`", "404 Not Found", "proxy not found"];
    vec![
        (
            "create_proxy",
            json!({"proxy_name": "db", "upstream_host": "x", "upstream_port": 1}),
            &[
                "could not create proxy `db`",
                "409 Conflict",
                "proxy already exists",
            ],
        ),
        (
            "modify_proxy",
            json!({"proxy_name": "ghost", "enabled": true}),
            &[
                "could not change proxy `ghost`",
                "404 Not Found",
                "proxy not found",
            ],
        ),
        ("disable_proxy", ghost.clone(), missing),
        ("enable_proxy", ghost.clone(), missing),
        (
            "delete_proxy",
            ghost,
            &[
                "could not delete proxy `ghost`",
                "404 Not Found",
                "proxy not found",
            ],
        ),
        (
            "get_proxy_attribute",
            json!({"proxy_name": "ghost", "attribute": "enabled"}),
            &["has no proxy `ghost`"],
        ),
        (
            "create_latency_toxic",
            json!({"for_proxy": "ghost", "toxic_name": "lag", "latency": 1}),
            &[
                "could not add toxic `lag` to proxy `ghost`",
                "404 Not Found",
                "proxy not found",
            ],
        ),
        (
            "create_toxic",
            json!({"for_proxy": "db", "toxic_name": "slow", "toxic_type": "timeout"}),
            &[
                "could not add toxic `slow` to proxy `db`",
                "409 Conflict",
                "toxic already exists",
            ],
        ),
        (
            "delete_toxic",
            json!({"for_proxy": "db", "toxic_name": "ghost"}),
            &[
                "could not remove toxic `ghost` from proxy `db`",
                "404 Not Found",
                "toxic not found",
            ],
        ),
        (
            "delete_toxic",
            json!({"for_proxy": "ghost", "toxic_name": "slow"}),
            &[
                "could not remove toxic `slow` from proxy `ghost`",
                "proxy not found",
            ],
        ),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_name_the_proxy_the_toxic_and_the_servers_error() {
    let (_set, url) = api().await;
    seed(&url, echo_server().await).await;
    let before = get(&url, "/proxies").await;
    let at = format!("Toxiproxy at {url} ");
    for (action, args, parts) in refused_steps() {
        let record = run(&url, &[(action, args.clone())]).await;
        assert_eq!(record.status, TrialStatus::Failed, "{action} {args}");
        assert_failed(
            &record,
            ErrorKind::FailedAction,
            &[&[at.as_str()], parts].concat(),
        );
    }
    assert_eq!(get(&url, "/proxies").await, before, "nothing changed");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_that_cannot_bind_and_an_absent_server_fail_plainly() {
    let (_set, url) = api().await;
    seed(&url, echo_server().await).await;
    // A port taken while the proxy is down: reset cannot bring it back.
    post(&url, "/proxies/db", json!({"enabled": false})).await;
    let port = get(&url, "/proxies/db").await["listen"]
        .as_str()
        .unwrap()
        .to_string();
    let _squatter = squat(&port);
    let record = run(&url, &[("reset", json!({}))]).await;
    let at = format!("Toxiproxy at {url} could not reset its proxies");
    let parts = [at.as_str(), "500 Internal Server Error", "`db`", "in use"];
    assert_failed(&record, ErrorKind::FailedAction, &parts);

    // No server there at all.
    let closed = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let probe = [("proxy_exist", json!({"proxy_name": "db"}))];
    let record = run(&format!("http://{closed}"), &probe).await;
    let parts = ["GET", &format!("{closed}/proxies/db"), "could not connect"];
    assert_failed(&record, ErrorKind::FailedAction, &parts);
}

/// Proxy arguments refused before anything runs, with the field each
/// problem names.
fn bad_proxy_arguments(upstream_port: u16) -> Vec<(&'static str, Value, &'static str)> {
    let new =
        json!({"proxy_name": "new", "upstream_host": "127.0.0.1", "upstream_port": upstream_port});
    let proxy = |more: Value| merged(new.clone(), more);
    let db = |more: Value| merged(json!({"proxy_name": "db"}), more);
    let unset = "env:KALLISTI_TOXIPROXY_NEVER_SET";
    vec![
        (
            "create_proxy",
            proxy(json!({"proxy_name": " "})),
            "where.proxy_name",
        ),
        (
            "create_proxy",
            proxy(json!({"upstream_port": 70000})),
            "where.upstream_port",
        ),
        (
            "create_proxy",
            proxy(json!({"upstream_port": "soon"})),
            "where.upstream_port",
        ),
        (
            "create_proxy",
            proxy(json!({"upstream_port": unset})),
            "where.upstream_port",
        ),
        (
            "create_proxy",
            proxy(json!({"upstream_host": "env:"})),
            "where.upstream_host",
        ),
        (
            "create_proxy",
            proxy(json!({"listen_port": -1})),
            "where.listen_port",
        ),
        (
            "create_proxy",
            proxy(json!({"enabled": "yes"})),
            "where.enabled",
        ),
        (
            "modify_proxy",
            db(json!({"listen_address": "nowhere"})),
            "where.listen_address",
        ),
        (
            "modify_proxy",
            db(json!({"upstream_address": ":80"})),
            "where.upstream_address",
        ),
        (
            "get_proxy_attribute",
            db(json!({"attribute": "colour"})),
            "where.attribute",
        ),
    ]
}

/// Toxic arguments refused before anything runs, with the field named.
fn bad_toxic_arguments() -> Vec<(&'static str, Value, &'static str)> {
    let on_db = json!({"for_proxy": "db", "toxic_name": "t", "toxic_type": "latency"});
    let toxic = |more: Value| merged(on_db.clone(), more);
    let typed = |more: Value| merged(json!({"for_proxy": "db", "toxic_name": "t"}), more);
    let no_slices = json!({"average_size": 0, "size_variation": 0, "delay": 0});
    let attributes = |given: Value| toxic(json!({"attributes": given}));
    vec![
        (
            "create_toxic",
            toxic(json!({"toxic_type": "lag"})),
            "where.toxic_type",
        ),
        (
            "create_toxic",
            toxic(json!({"stream": "sideways"})),
            "where.stream",
        ),
        (
            "create_toxic",
            toxic(json!({"toxicity": 1.5})),
            "where.toxicity",
        ),
        (
            "create_toxic",
            attributes(json!({"latencey": 5})),
            "where.attributes.latencey",
        ),
        (
            "create_toxic",
            attributes(json!({"latency": -5})),
            "where.attributes.latency",
        ),
        (
            "create_toxic",
            attributes(json!({"latency": 1.5})),
            "where.attributes.latency",
        ),
        (
            "create_toxic",
            toxic(json!({"toxic_type": "slicer"})),
            "where.attributes.average_size",
        ),
        (
            "create_toxic",
            toxic(json!({"toxic_name": ""})),
            "where.toxic_name",
        ),
        (
            "create_latency_toxic",
            typed(json!({"latency": -1})),
            "where.latency",
        ),
        (
            "create_latency_toxic",
            typed(json!({"latency": "slow"})),
            "where.latency",
        ),
        (
            "create_slicer_toxic",
            typed(no_slices),
            "where.average_size",
        ),
        (
            "create_limiter_toxic",
            typed(json!({"for_proxy": "", "bytes_limit": 1})),
            "where.for_proxy",
        ),
        (
            "delete_toxic",
            json!({"for_proxy": "db"}),
            "where.toxic_name",
        ),
    ]
}

/// Where-is-the-API arguments refused before anything runs.
fn bad_connection_arguments() -> Vec<(&'static str, Value, &'static str)> {
    let host = |more: Value| merged(json!({"toxiproxy_host": "127.0.0.1"}), more);
    vec![
        (
            "reset",
            json!({"toxiproxy_url": "ftp://127.0.0.1/"}),
            "where.toxiproxy_url",
        ),
        (
            "reset",
            host(json!({"toxiproxy_port": 0})),
            "where.toxiproxy_port",
        ),
        (
            "reset",
            host(json!({"toxiproxy_port": "http"})),
            "where.toxiproxy_port",
        ),
        (
            "reset",
            json!({"toxiproxy_host": "http://127.0.0.1"}),
            "where.toxiproxy_host",
        ),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_arguments_are_invalid_before_anything_runs_naming_the_field() {
    let (_set, url) = api().await;
    let echo = echo_server().await;
    seed(&url, echo).await;
    let cases = [
        bad_proxy_arguments(echo.port()),
        bad_toxic_arguments(),
        bad_connection_arguments(),
    ];
    for (action, args, field) in cases.concat() {
        let steps = vec![
            step(&url, "first", "disable_proxy", json!({"proxy_name": "db"})),
            step(&url, "bad", action, args.clone()),
        ];
        let record = run_trial(steps, false, AllowList::default()).await;
        assert_eq!(record.status, TrialStatus::Invalid, "{action} {args}");
        let problem = &record.problems[0];
        assert_eq!(
            problem.field.as_deref(),
            Some(field),
            "{action} {args}: {problem}"
        );
        let enabled = &get(&url, "/proxies/db").await["enabled"];
        assert_eq!(enabled, true, "{action} {args}: nothing ran");
    }
    // Neither a URL nor a host: nowhere to send anything.
    let nowhere = json!({"step": "lost", "do": "toxiproxy.reset", "where": {}});
    let record = run_trial(vec![nowhere], false, AllowList::default()).await;
    assert_eq!(record.status, TrialStatus::Invalid);
    let problem = &record.problems[0];
    assert_eq!(problem.field.as_deref(), Some("where.toxiproxy_url"));
    assert!(problem.message.contains("toxiproxy_host"), "{problem}");
}

/// Every action once, as a dry run against the seeded API.
fn dry_run_actions() -> Vec<(&'static str, Value)> {
    let new = |more: Value| merged(json!({"for_proxy": "db", "toxic_name": "new"}), more);
    let web = json!({"proxy_name": "web", "upstream_host": "127.0.0.1", "upstream_port": 9});
    vec![
        ("create_proxy", web),
        (
            "modify_proxy",
            json!({"proxy_name": "db", "upstream_address": "127.0.0.1:9"}),
        ),
        ("disable_proxy", json!({"proxy_name": "db"})),
        ("enable_proxy", json!({"proxy_name": "db"})),
        ("delete_proxy", json!({"proxy_name": "db"})),
        ("reset", json!({})),
        ("create_toxic", new(json!({"toxic_type": "timeout"}))),
        (
            "delete_toxic",
            json!({"for_proxy": "db", "toxic_name": "slow"}),
        ),
        ("create_latency_toxic", new(json!({"latency": 100}))),
        ("create_bandwith_degradation_toxic", new(json!({"rate": 1}))),
        (
            "create_slow_connection_close_toxic",
            new(json!({"delay": 1})),
        ),
        ("create_timeout_toxic", new(json!({"timeout": 1}))),
        (
            "create_slicer_toxic",
            new(json!({"average_size": 1, "size_variation": 0, "delay": 1})),
        ),
        ("create_limiter_toxic", new(json!({"bytes_limit": 1}))),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_sends_no_change_and_probes_still_read() {
    let (_set, url) = api().await;
    seed(&url, echo_server().await).await;
    let before = get(&url, "/proxies").await;
    let actions = dry_run_actions();
    let mut steps: Vec<Value> = actions
        .iter()
        .enumerate()
        .map(|(i, (action, args))| step(&url, &format!("{action} #{i}"), action, args.clone()))
        .collect();
    steps.push(step(
        &url,
        "exists",
        "proxy_exist",
        json!({"proxy_name": "db"}),
    ));
    let enabled = json!({"proxy_name": "db", "attribute": "enabled"});
    steps.push(step(&url, "enabled", "get_proxy_attribute", enabled));
    let record = run_trial(steps, true, AllowList::default()).await;
    support::assert_succeeded(&record);
    assert!(record.dry_run);
    let steps = &record.trial_record.steps;
    for (step, (action, _)) in steps.iter().zip(&actions) {
        assert_eq!(step.result["dry_run"], true, "{action}: {}", step.result);
        let logs = &step.logs;
        let said = logs.iter().any(|l| l.starts_with("dry run: would "));
        assert!(said, "{action}: {logs:?}");
        // Nothing but a read goes out: `reset` lists the proxies it names.
        let sent: Vec<&String> = logs.iter().filter(|l| !l.starts_with("dry run")).collect();
        let read = format!("GET {url}/proxies");
        let expected: Vec<&String> = if *action == "reset" {
            vec![&read]
        } else {
            vec![]
        };
        assert_eq!(sent, expected, "{action}");
    }
    let request = &steps[0].result["request"];
    assert_eq!(
        (&request["method"], &request["body"]["upstream"]),
        (&json!("POST"), &json!("127.0.0.1:9"))
    );
    assert_eq!(request["url"], format!("{url}/proxies"));
    let would = |i: usize| steps[i].result["would"].as_str().unwrap().to_string();
    assert!(would(4).contains("delete proxy `db`"), "{}", would(4));
    assert_eq!(
        steps[5].result["proxies"],
        json!(["db"]),
        "reset names its proxies"
    );
    assert!(
        would(7).contains("toxic `slow` from proxy `db`"),
        "{}",
        would(7)
    );
    assert!(would(8).contains("latency toxic `new`"), "{}", would(8));
    assert_eq!(
        (&steps[14].result, &steps[15].result),
        (&json!(true), &json!(true)),
        "probes read"
    );
    assert_eq!(get(&url, "/proxies").await, before, "nothing changed");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_is_found_by_host_and_port_and_the_url_wins() {
    let ((_a, url_a), (_b, url_b)) = (api().await, api().await);
    let port_b = url_b.rsplit(':').next().unwrap().to_string();
    let create =
        |name: &str| json!({"proxy_name": name, "upstream_host": "127.0.0.1", "upstream_port": 9});
    let mut by_host = create("by-host");
    by_host["toxiproxy_host"] = json!("127.0.0.1");
    by_host["toxiproxy_port"] = json!(port_b.parse::<u16>().unwrap());
    let mut by_text_port = create("by-text-port");
    by_text_port["toxiproxy_host"] = json!("127.0.0.1");
    by_text_port["toxiproxy_port"] = json!(port_b);
    let mut url_wins = create("url-wins");
    url_wins["toxiproxy_host"] = json!("127.0.0.1");
    url_wins["toxiproxy_port"] = json!(port_b);
    url_wins["toxiproxy_url"] = json!(format!("{url_a}/"));
    let record = run(
        &url_a,
        &[
            ("create_proxy", by_host),
            ("create_proxy", by_text_port),
            ("create_proxy", url_wins),
        ],
    )
    .await;
    support::assert_succeeded(&record);
    let names = |state: Value| {
        state
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(get(&url_b, "/proxies").await),
        ["by-host", "by-text-port"]
    );
    assert_eq!(
        names(get(&url_a, "/proxies").await),
        ["url-wins"],
        "a trailing slash is fine"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_api_off_the_allow_list_is_refused_and_never_reached() {
    let forbidden = Forbidden::start();
    let allow = || AllowList::default().hosts(["127.0.0.1"]);
    let by_url = step(
        "",
        "by url",
        "reset",
        json!({"toxiproxy_url": forbidden.url()}),
    );
    let record = run_trial(vec![by_url], false, allow()).await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert_eq!(
        record.problems[0].field.as_deref(),
        Some("where.toxiproxy_url")
    );

    let by_host = json!({"toxiproxy_host": "127.0.0.2", "toxiproxy_port": forbidden.port(), "proxy_name": "db"});
    let record = run_trial(
        vec![step("", "by host", "proxy_exist", by_host)],
        false,
        allow(),
    )
    .await;
    assert_failed(
        &record,
        ErrorKind::Refused,
        &["127.0.0.2", "toxiproxy_host"],
    );
    assert_eq!(forbidden.hits(), 0, "nothing reached the host refused");
}
