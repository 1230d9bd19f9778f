//! Toxiproxy clients that no one here wrote, from PyPI (the `ctk` venv of
//! `scripts/test-tools`), drive kallisti's Toxiproxy API and change what a
//! real connection through its proxies experiences:
//! - toxiproxy-python 0.1.1, the client library;
//! - chaostoolkit-toxiproxy 0.3.1, the Chaos Toolkit driver, through
//!   chaostoolkit-lib's own activity runner (`scripts/ctk-activity.py`),
//!   side by side with the same `toxiproxy.*` step of kallisti against twin
//!   API servers set up alike: the returned values, whether each failed, and
//!   the proxies and toxics left behind must agree, or the scenario is a
//!   documented deviation (the test prints the table).

use super::toxiproxy::{api, echo_server, get, post, refused, round_trip, run, squat};
use crate::support;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;
use support::differential::Outcome;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Runs the `ctk` venv's Python with `args`, `stdin` as its input; the
/// last line it printed, as JSON.
async fn python(args: Vec<String>, stdin: Option<String>) -> Value {
    let python = support::tools::tool("ctk");
    let output = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(python)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the ctk venv's Python runs");
        use std::io::Write as _;
        let mut input = child.stdin.take().unwrap();
        input
            .write_all(stdin.unwrap_or_default().as_bytes())
            .unwrap();
        drop(input);
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(printed.lines().last().unwrap_or_default()).unwrap_or_else(|_| {
        panic!(
            "Python printed no JSON: {printed}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// toxiproxy-python's whole life of a proxy: create, a latency toxic felt
/// by a real connection, `down()`, reset and destroy.
const CLIENT_LIFECYCLE: &str = r#"
import json, socket, sys, time
from toxiproxy import Toxiproxy

host, port, upstream = sys.argv[1], int(sys.argv[2]), sys.argv[3]
server = Toxiproxy()
server.update_api_consumer(host, port)

def address(proxy):
    return ("127.0.0.1", int(proxy.listen.rsplit(":", 1)[1]))

def round_trip(proxy):
    started = time.monotonic()
    with socket.create_connection(address(proxy), timeout=20) as s:
        s.sendall(b"ping")
        data = b""
        while len(data) < 4:
            chunk = s.recv(4 - len(data))
            if not chunk:
                break
            data += chunk
    return {"seconds": time.monotonic() - started, "echoed": data.decode()}

def refused(proxy):
    for _ in range(250):
        try:
            socket.create_connection(address(proxy), timeout=5).close()
        except ConnectionRefusedError:
            return True
        time.sleep(0.02)
    return False

out = {"running": server.running(), "version": json.loads(server.version())}
proxy = server.create(upstream=upstream, name="py-echo")
out["created"] = {k: getattr(proxy, k) for k in ("name", "listen", "upstream", "enabled")}
out["plain"] = round_trip(proxy)
proxy.add_toxic(type="latency", attributes={"latency": 300})
out["toxics"] = {n: {"type": t.type, "stream": t.stream, "toxicity": t.toxicity,
                     "attributes": t.attributes} for n, t in proxy.toxics().items()}
out["slowed"] = round_trip(proxy)
out["destroy_toxic"] = proxy.destroy_toxic("latency_downstream")
out["toxics_after"] = list(proxy.toxics())
with proxy.down():
    out["down_enabled"] = server.get_proxy("py-echo").enabled
    out["down_refused"] = refused(proxy)
out["up_enabled"] = server.get_proxy("py-echo").enabled
out["up"] = round_trip(proxy)
proxy.add_toxic(type="timeout", name="hold", attributes={"timeout": 0})
out["reset"] = server.reset()
out["toxics_after_reset"] = list(proxy.toxics())
out["destroy"] = server.destroy(proxy)
out["proxies_after"] = list(server.proxies())
print(json.dumps(out))
"#;

#[tokio::test(flavor = "multi_thread")]
async fn toxiproxy_python_creates_slows_downs_and_destroys_a_proxy() {
    let (set, url) = api().await;
    let echo = echo_server().await;
    let (host, port) = url.trim_start_matches("http://").rsplit_once(':').unwrap();
    let args = ["-c", CLIENT_LIFECYCLE, host, port, &echo.to_string()].map(String::from);
    let out = python(args.to_vec(), None).await;
    assert_eq!(out["running"], true, "{out}");
    assert_eq!(out["version"], json!({"version": "2.12.0"}));
    let listen = out["created"]["listen"].as_str().unwrap();
    assert!(
        listen.starts_with("127.0.0.1:") && !listen.ends_with(":0"),
        "{out}"
    );
    assert_eq!(
        out["created"],
        json!({"name": "py-echo", "listen": listen, "upstream": echo.to_string(), "enabled": true})
    );
    assert_eq!(out["plain"]["echoed"], "ping");
    assert_eq!(
        out["toxics"],
        json!({"latency_downstream": {"type": "latency", "stream": "downstream", "toxicity": 1.0,
                                      "attributes": {"latency": 300, "jitter": 0}}})
    );
    assert_eq!(out["slowed"]["echoed"], "ping");
    let slowed = out["slowed"]["seconds"].as_f64().unwrap();
    assert!(slowed >= 0.3, "a 300 ms latency toxic: {slowed} s");
    assert_eq!(
        (&out["destroy_toxic"], &out["toxics_after"]),
        (&json!(true), &json!([]))
    );
    assert_eq!(
        (&out["down_enabled"], &out["down_refused"]),
        (&json!(false), &json!(true)),
        "down() disables the proxy: connections are refused"
    );
    assert_eq!(out["up_enabled"], true);
    assert_eq!(out["up"]["echoed"], "ping", "back on the same port");
    assert_eq!(
        (&out["reset"], &out["toxics_after_reset"]),
        (&json!(true), &json!([]))
    );
    assert_eq!(
        (&out["destroy"], &out["proxies_after"]),
        (&json!(true), &json!([]))
    );
    assert!(set.names().is_empty(), "the API's set is empty too");
}

/// toxiproxy-python's `populate` and the errors it raises from the API's
/// status codes.
const CLIENT_POPULATE_AND_ERRORS: &str = r#"
import json, sys
from toxiproxy import Toxiproxy, Proxy
from toxiproxy.api import APIConsumer
from toxiproxy.exceptions import ProxyExists, NotFound, InvalidToxic

host, port, upstream = sys.argv[1], int(sys.argv[2]), sys.argv[3]
server = Toxiproxy()
server.update_api_consumer(host, port)

def raised(call):
    try:
        call()
    except (ProxyExists, NotFound, InvalidToxic) as error:
        detail = error.args[0]
        try:
            detail = json.loads(detail)
        except (TypeError, ValueError):
            pass
        return [type(error).__name__, detail]
    return None

out = {}
kept = server.create(upstream=upstream, name="py-kept", listen="127.0.0.1:0")
kept.add_toxic(type="timeout", name="hold", attributes={"timeout": 0})
populated = server.populate([
    {"name": "py-kept", "upstream": upstream, "listen": kept.listen},
    {"name": "py-new", "upstream": upstream, "listen": "127.0.0.1:0"},
])
out["populated"] = [p.name for p in populated]
out["kept_toxics"] = list(server.get_proxy("py-kept").toxics())
out["proxies"] = sorted(server.proxies())
replaced = server.populate([{"name": "py-kept", "upstream": "127.0.0.1:9", "listen": "127.0.0.1:0"}])
out["replaced"] = [[p.name, p.upstream] for p in replaced]
out["replaced_toxics"] = list(server.get_proxy("py-kept").toxics())
new = server.get_proxy("py-new")
ghost = Proxy(name="ghost", upstream=upstream, enabled=True, listen="127.0.0.1:1")
out["exists_here"] = raised(lambda: server.create(upstream=upstream, name="py-new"))
out["exists_there"] = raised(lambda: APIConsumer.post("/proxies", json={"name": "py-new", "upstream": upstream}))
out["missing_proxy"] = raised(ghost.destroy)
out["missing_proxy_toxics"] = raised(ghost.toxics)
out["missing_toxic"] = raised(lambda: new.destroy_toxic("ghost"))
out["bad_type"] = raised(lambda: new.add_toxic(type="lag"))
out["bad_stream"] = raised(lambda: new.add_toxic(type="latency", stream="sideways"))
new.add_toxic(type="latency", name="twice")
out["toxic_twice"] = raised(lambda: new.add_toxic(type="latency", name="twice"))
out["get_missing"] = server.get_proxy("ghost")
server.destroy_all()
out["after"] = list(server.proxies())
print(json.dumps(out))
"#;

#[tokio::test(flavor = "multi_thread")]
async fn toxiproxy_python_populates_and_raises_its_errors() {
    let (_set, url) = api().await;
    let echo = echo_server().await;
    let (host, port) = url.trim_start_matches("http://").rsplit_once(':').unwrap();
    let args = [
        "-c",
        CLIENT_POPULATE_AND_ERRORS,
        host,
        port,
        &echo.to_string(),
    ]
    .map(String::from);
    let out = python(args.to_vec(), None).await;
    assert_eq!(
        out["populated"],
        json!(["py-new"]),
        "an unchanged proxy is left alone: {out}"
    );
    assert_eq!(out["kept_toxics"], json!(["hold"]), "with its toxics");
    assert_eq!(out["proxies"], json!(["py-kept", "py-new"]));
    assert_eq!(out["replaced"], json!([["py-kept", "127.0.0.1:9"]]));
    assert_eq!(
        out["replaced_toxics"],
        json!([]),
        "a replaced proxy starts clean"
    );
    let error = |kind: &str, status: u16, message: &str| json!([kind, {"error": message, "status": status}]);
    assert_eq!(
        out["exists_here"],
        json!(["ProxyExists", "This proxy already exists."])
    );
    assert_eq!(
        out["exists_there"],
        error("ProxyExists", 409, "proxy already exists")
    );
    assert_eq!(
        out["missing_proxy"],
        error("NotFound", 404, "proxy not found")
    );
    assert_eq!(
        out["missing_proxy_toxics"],
        error("NotFound", 404, "proxy not found")
    );
    assert_eq!(
        out["missing_toxic"],
        error("NotFound", 404, "toxic not found")
    );
    assert_eq!(
        out["bad_type"],
        error("InvalidToxic", 400, "invalid toxic type")
    );
    assert_eq!(
        out["bad_stream"],
        error(
            "InvalidToxic",
            400,
            "stream was invalid, can be either upstream or downstream"
        )
    );
    assert_eq!(
        out["toxic_twice"],
        error("ProxyExists", 409, "toxic already exists")
    );
    assert_eq!(out["get_missing"], Value::Null);
    assert_eq!(out["after"], json!([]));
    assert_eq!(get(&url, "/proxies").await, json!({}));
}

/// The driver module holding `function`, and its activity type.
fn driver_module(function: &str) -> (&'static str, &'static str) {
    match function {
        "proxy_exist" | "get_proxy_attribute" => ("chaostoxi.proxy.probes", "probe"),
        "create_proxy" | "modify_proxy" | "delete_proxy" | "disable_proxy" | "enable_proxy"
        | "reset" => ("chaostoxi.proxy.actions", "action"),
        _ => ("chaostoxi.toxic.actions", "action"),
    }
}

/// The driver's `function` with `arguments`, through chaoslib's
/// `run_activity`, with the configuration `{"toxiproxy_url": url}`.
async fn driver(function: &str, arguments: &Value, url: &str) -> Outcome {
    let (module, kind) = driver_module(function);
    let input = json!({"type": kind, "module": module, "func": function, "arguments": arguments,
                       "configuration": {"toxiproxy_url": url}});
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/ctk-activity.py");
    let outcome = python(vec![script.to_string()], Some(input.to_string())).await;
    Outcome::of_activity(&outcome)
}

/// The same step, `toxiproxy.<function>`, run by kallisti against `url`.
async fn kallisti(function: &str, arguments: &Value, url: &str) -> Outcome {
    Outcome::of_first_step(&run(url, &[(function, arguments.clone())]).await)
}

/// How a scenario's two API servers start.
#[derive(Debug, Clone, Copy)]
enum Setup {
    /// `db` (listening, with a latency toxic `slow`) and `cache` (disabled).
    Seeded,
    /// As seeded, plus `spare`, disabled, whose port something else took.
    PortTaken,
}

/// Sets one API server up; what must stay alive while the scenario runs.
async fn prepare(url: &str, setup: Setup, upstream: SocketAddr) -> Option<std::net::TcpListener> {
    let upstream = upstream.to_string();
    post(
        url,
        "/proxies",
        json!({"name": "db", "listen": "127.0.0.1:0", "upstream": upstream}),
    )
    .await;
    let slow = json!({"name": "slow", "type": "latency", "attributes": {"latency": 100}});
    post(url, "/proxies/db/toxics", slow).await;
    let cache =
        json!({"name": "cache", "listen": "127.0.0.1:0", "upstream": upstream, "enabled": false});
    post(url, "/proxies", cache).await;
    match setup {
        Setup::Seeded => None,
        Setup::PortTaken => {
            let spare = json!({"name": "spare", "listen": "127.0.0.1:0", "upstream": upstream});
            let listen = post(url, "/proxies", spare).await["listen"]
                .as_str()
                .unwrap()
                .to_string();
            post(url, "/proxies/spare", json!({"enabled": false})).await;
            Some(squat(&listen))
        }
    }
}

/// `value` with every listen address of `state` (whose port each server
/// picks) written `host:<port>`, so twin servers compare equal.
fn normalized(value: &Value, state: &Value) -> Value {
    let listens: Vec<&str> = state
        .as_object()
        .into_iter()
        .flat_map(|proxies| proxies.values())
        .filter_map(|proxy| proxy["listen"].as_str())
        .filter(|listen| !listen.ends_with(":0"))
        .collect();
    match value {
        Value::String(text) if listens.contains(&text.as_str()) => {
            let host = text.rsplit_once(':').map_or("", |(host, _)| host);
            json!(format!("{host}:<port>"))
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| normalized(v, state)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalized(v, state)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// One comparison: the driver's function and its arguments, the setup,
/// and what goes after the API's address in `toxiproxy_url`.
struct Scenario {
    label: &'static str,
    function: &'static str,
    arguments: Value,
    setup: Setup,
    url_suffix: &'static str,
}

fn scenario(label: &'static str, function: &'static str, arguments: Value) -> Scenario {
    Scenario {
        label,
        function,
        arguments,
        setup: Setup::Seeded,
        url_suffix: "",
    }
}

/// Where kallisti differs on purpose, by scenario label, with why. Each
/// reason is in the `toxiproxy` module's documentation and the action's doc.
const DEVIATIONS: &[(&str, &str)] = &[
    (
        "delete a missing proxy",
        "the driver swallows every error and returns null; kallisti fails naming proxy `ghost`, with the server's 404 `proxy not found`",
    ),
    (
        "delete a missing toxic",
        "the driver returns false; kallisti fails naming the toxic and the proxy, with the server's `toxic not found`",
    ),
    (
        "reset with a port taken",
        "the driver returns false; kallisti fails with the server's 500 and its reason (the port in use)",
    ),
    (
        "read an attribute of a missing proxy",
        "the driver returns null; kallisti fails: the API has no proxy `ghost`",
    ),
    (
        "create a slicer cutting 0-byte pieces",
        "kallisti refuses `average_size` 0 before anything runs (a Toxiproxy server loops forever on it); the driver sends it",
    ),
    (
        "create a toxic with toxicity above 1",
        "kallisti refuses a toxicity outside 0..1 before anything runs; the driver sends it and the server treats it as 1",
    ),
    (
        "create a toxic with a misspelled attribute",
        "kallisti refuses an attribute the toxic type does not have; the driver sends it and the server ignores it (latency 0)",
    ),
];

/// The proxy actions, compared.
fn proxy_scenarios() -> Vec<Scenario> {
    let new = |name: &str, more: Value| {
        let args = json!({"proxy_name": name, "upstream_host": "127.0.0.1", "upstream_port": 9,
                          "listen_host": "127.0.0.1"});
        merged(args, more)
    };
    let everywhere =
        json!({"proxy_name": "web", "upstream_host": "localhost", "upstream_port": 8080});
    let db = json!({"proxy_name": "db"});
    let (cache, ghost) = (
        json!({"proxy_name": "cache"}),
        json!({"proxy_name": "ghost"}),
    );
    let change = |more: Value| merged(cache.clone(), more);
    vec![
        scenario("create a proxy", "create_proxy", new("web", json!({}))),
        scenario(
            "create a proxy listening everywhere",
            "create_proxy",
            everywhere,
        ),
        scenario(
            "create a disabled proxy",
            "create_proxy",
            new("web", json!({"enabled": false})),
        ),
        scenario(
            "create a proxy that exists",
            "create_proxy",
            new("db", json!({})),
        ),
        scenario(
            "create a proxy with no name",
            "create_proxy",
            new("", json!({})),
        ),
        scenario(
            "change the upstream of a disabled proxy",
            "modify_proxy",
            change(json!({"upstream_address": "127.0.0.1:9"})),
        ),
        scenario(
            "move and enable a disabled proxy",
            "modify_proxy",
            change(json!({"listen_address": "127.0.0.1:0", "enabled": true})),
        ),
        scenario("change nothing", "modify_proxy", db.clone()),
        scenario(
            "change a missing proxy",
            "modify_proxy",
            merged(ghost.clone(), json!({"enabled": false})),
        ),
        scenario("disable a proxy", "disable_proxy", db.clone()),
        scenario("disable a disabled proxy", "disable_proxy", cache.clone()),
        scenario("disable a missing proxy", "disable_proxy", ghost.clone()),
        scenario("enable a disabled proxy", "enable_proxy", cache),
        scenario("enable a missing proxy", "enable_proxy", ghost.clone()),
        scenario("delete a proxy", "delete_proxy", db),
        scenario("delete a missing proxy", "delete_proxy", ghost),
        scenario("reset", "reset", json!({})),
        Scenario {
            setup: Setup::PortTaken,
            ..scenario("reset with a port taken", "reset", json!({}))
        },
        Scenario {
            url_suffix: "/",
            ..scenario(
                "a URL with a trailing slash",
                "create_proxy",
                new("web", json!({})),
            )
        },
    ]
}

/// The probes, compared.
fn probe_scenarios() -> Vec<Scenario> {
    let read = |proxy: &str, attribute: &str| json!({"proxy_name": proxy, "attribute": attribute});
    vec![
        scenario(
            "a proxy that exists",
            "proxy_exist",
            json!({"proxy_name": "db"}),
        ),
        scenario(
            "a proxy that does not",
            "proxy_exist",
            json!({"proxy_name": "ghost"}),
        ),
        scenario("read listen", "get_proxy_attribute", read("db", "listen")),
        scenario(
            "read upstream",
            "get_proxy_attribute",
            read("db", "upstream"),
        ),
        scenario(
            "read enabled",
            "get_proxy_attribute",
            read("cache", "enabled"),
        ),
        scenario("read toxics", "get_proxy_attribute", read("db", "toxics")),
        scenario(
            "read an unknown attribute",
            "get_proxy_attribute",
            read("db", "colour"),
        ),
        scenario(
            "read an attribute of a missing proxy",
            "get_proxy_attribute",
            read("ghost", "enabled"),
        ),
    ]
}

/// `create_toxic` and `delete_toxic`, compared.
fn toxic_scenarios() -> Vec<Scenario> {
    let on = |name: &str, more: Value| merged(json!({"for_proxy": "db", "toxic_name": name}), more);
    let every = json!({"toxic_type": "reset_peer", "stream": "upstream", "toxicity": 0.5,
                       "attributes": {"timeout": 100}});
    let capitals =
        json!({"toxic_type": "limit_data", "stream": "UPSTREAM", "attributes": {"bytes": 10}});
    let misspelled = json!({"toxic_type": "latency", "attributes": {"latencey": 100}});
    let ghost = json!({"for_proxy": "ghost", "toxic_name": "t", "toxic_type": "timeout"});
    vec![
        scenario(
            "create a toxic with every argument",
            "create_toxic",
            on("cut", every),
        ),
        scenario(
            "create a toxic with no attributes",
            "create_toxic",
            on("lag", json!({"toxic_type": "latency"})),
        ),
        scenario(
            "create a toxic upstream, in capitals",
            "create_toxic",
            on("up", capitals),
        ),
        scenario(
            "create a noop toxic",
            "create_toxic",
            on("nop", json!({"toxic_type": "noop"})),
        ),
        scenario(
            "create a toxic that exists",
            "create_toxic",
            on("slow", json!({"toxic_type": "timeout"})),
        ),
        scenario("create a toxic on a missing proxy", "create_toxic", ghost),
        scenario(
            "create a toxic of an unknown type",
            "create_toxic",
            on("t", json!({"toxic_type": "lag"})),
        ),
        scenario(
            "create a toxic with toxicity above 1",
            "create_toxic",
            on("t", json!({"toxic_type": "timeout", "toxicity": 2})),
        ),
        scenario(
            "create a toxic with a misspelled attribute",
            "create_toxic",
            on("t", misspelled),
        ),
        scenario("delete a toxic", "delete_toxic", on("slow", json!({}))),
        scenario(
            "delete a missing toxic",
            "delete_toxic",
            on("ghost", json!({})),
        ),
    ]
}

/// The typed toxic creators, compared.
fn typed_scenarios() -> Vec<Scenario> {
    let on = |name: &str, more: Value| merged(json!({"for_proxy": "db", "toxic_name": name}), more);
    let slices = json!({"average_size": 64, "size_variation": 8, "delay": 100});
    let no_slices = json!({"average_size": 0, "size_variation": 0, "delay": 0});
    let disabled = json!({"for_proxy": "cache", "toxic_name": "lat", "latency": 200});
    let ghost = json!({"for_proxy": "ghost", "toxic_name": "lim", "bytes_limit": 1});
    vec![
        scenario(
            "create a latency toxic",
            "create_latency_toxic",
            on("lat", json!({"latency": 200, "jitter": 10})),
        ),
        scenario(
            "create a latency toxic on a disabled proxy",
            "create_latency_toxic",
            disabled,
        ),
        scenario(
            "create a latency toxic that exists",
            "create_latency_toxic",
            on("slow", json!({"latency": 1})),
        ),
        scenario(
            "create a bandwidth toxic",
            "create_bandwith_degradation_toxic",
            on("bw", json!({"rate": 100})),
        ),
        scenario(
            "create a slow close toxic",
            "create_slow_connection_close_toxic",
            on("sc", json!({"delay": 500})),
        ),
        scenario(
            "create a timeout toxic",
            "create_timeout_toxic",
            on("to", json!({"timeout": 1000})),
        ),
        scenario(
            "create a slicer toxic",
            "create_slicer_toxic",
            on("sl", slices),
        ),
        scenario(
            "create a slicer cutting 0-byte pieces",
            "create_slicer_toxic",
            on("sl", no_slices),
        ),
        scenario(
            "create a limiter toxic",
            "create_limiter_toxic",
            on("lim", json!({"bytes_limit": 1024})),
        ),
        scenario(
            "create a limiter toxic on a missing proxy",
            "create_limiter_toxic",
            ghost,
        ),
    ]
}

/// `base` with the fields of `more` added or replaced.
fn merged(mut base: Value, more: Value) -> Value {
    let more = more.as_object().cloned().unwrap_or_default();
    base.as_object_mut().unwrap().extend(more);
    base
}

/// Both sides of one scenario, each against a server of its own.
async fn compare(scenario: &Scenario, upstream: SocketAddr) -> (Outcome, Outcome, Value, Value) {
    let ((_ours, url_ours), (_theirs, url_theirs)) = (api().await, api().await);
    let _held = (
        prepare(&url_ours, scenario.setup, upstream).await,
        prepare(&url_theirs, scenario.setup, upstream).await,
    );
    let suffix = scenario.url_suffix;
    let ours = kallisti(
        scenario.function,
        &scenario.arguments,
        &format!("{url_ours}{suffix}"),
    )
    .await;
    let theirs = driver(
        scenario.function,
        &scenario.arguments,
        &format!("{url_theirs}{suffix}"),
    )
    .await;
    let (state_ours, state_theirs) = (
        get(&url_ours, "/proxies").await,
        get(&url_theirs, "/proxies").await,
    );
    let ours = Outcome {
        value: normalized(&ours.value, &state_ours),
        ..ours
    };
    let theirs = Outcome {
        value: normalized(&theirs.value, &state_theirs),
        ..theirs
    };
    (
        ours,
        theirs,
        normalized(&state_ours, &state_ours),
        normalized(&state_theirs, &state_theirs),
    )
}

/// How the two sides differ, or `None` when they agree.
fn difference(
    ours: &Outcome,
    theirs: &Outcome,
    state_ours: &Value,
    state_theirs: &Value,
) -> Option<String> {
    if ours.failed != theirs.failed {
        let said = |o: &Outcome| match o.failed {
            true => format!("failed ({})", o.error),
            false => format!("returned {}", o.value),
        };
        return Some(format!("kallisti {}, driver {}", said(ours), said(theirs)));
    }
    if state_ours != state_theirs {
        return Some(format!(
            "proxies after: kallisti {state_ours} vs driver {state_theirs}"
        ));
    }
    if !ours.failed && ours.value != theirs.value {
        return Some(format!(
            "value: kallisti {} vs driver {}",
            ours.value, theirs.value
        ));
    }
    None
}

fn short(text: &str) -> String {
    let text: String = text.chars().take(90).collect();
    text.replace('\n', " ")
}

#[tokio::test(flavor = "multi_thread")]
async fn kallisti_and_the_chaos_toolkit_driver_agree() {
    let upstream = echo_server().await;
    // Four scenarios at a time: most of the time goes to starting Python.
    let permits = Arc::new(tokio::sync::Semaphore::new(4));
    let mut running = Vec::new();
    let all = [
        proxy_scenarios(),
        probe_scenarios(),
        toxic_scenarios(),
        typed_scenarios(),
    ];
    for scenario in all.into_iter().flatten() {
        let permits = Arc::clone(&permits);
        running.push(tokio::spawn(async move {
            let _permit = permits.acquire().await.unwrap();
            let compared = compare(&scenario, upstream).await;
            (scenario, compared)
        }));
    }
    let mut verdicts = support::differential::Verdicts::new(DEVIATIONS);
    let mut functions = Vec::new();
    for task in running {
        let (scenario, (ours, theirs, state_ours, state_theirs)) = task.await.unwrap();
        functions.push(scenario.function);
        let differs = difference(&ours, &theirs, &state_ours, &state_theirs);
        verdicts.record(scenario.label, scenario.function, differs, || {
            if ours.failed {
                format!(
                    "agrees: both fail (kallisti: {} | driver: {})",
                    short(&ours.error),
                    short(&theirs.error)
                )
            } else {
                format!("agrees: {}", ours.value)
            }
        });
    }
    verdicts.finish("toxiproxy differential");
    // Every function of the driver is compared.
    for function in kallisti::catalog::namespace("toxiproxy").unwrap().actions {
        assert!(
            functions.contains(&function.name),
            "{} is not compared",
            function.name
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_drivers_toxics_change_a_real_connection() {
    let (_set, url) = api().await;
    let echo = echo_server().await;
    let call = |function: &'static str, arguments: Value| {
        let url = url.clone();
        async move {
            let outcome = driver(function, &arguments, &url).await;
            assert!(!outcome.failed, "{function}: {}", outcome.error);
            outcome.value
        }
    };
    let create = json!({"proxy_name": "drv", "upstream_host": "127.0.0.1",
                        "upstream_port": echo.port(), "listen_host": "127.0.0.1"});
    assert_eq!(call("create_proxy", create).await, true);
    let listen = get(&url, "/proxies/drv").await["listen"]
        .as_str()
        .unwrap()
        .to_string();
    round_trip(&listen).await;

    let lag = json!({"for_proxy": "drv", "toxic_name": "lag", "latency": 300});
    assert_eq!(call("create_latency_toxic", lag).await, true);
    let slowed = round_trip(&listen).await;
    assert!(slowed >= Duration::from_millis(300), "{slowed:?}");
    assert_eq!(
        call(
            "delete_toxic",
            json!({"for_proxy": "drv", "toxic_name": "lag"})
        )
        .await,
        true
    );

    let cap = json!({"for_proxy": "drv", "toxic_name": "cap", "bytes_limit": 1000});
    assert_eq!(call("create_limiter_toxic", cap).await, true);
    let mut client = TcpStream::connect(&listen).await.unwrap();
    client.write_all(&[b'x'; 5000]).await.unwrap();
    let mut echoed = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), client.read_to_end(&mut echoed))
        .await
        .expect("the proxy closes the connection")
        .expect("a clean close");
    assert_eq!(echoed.len(), 1000, "limit_data cuts the echo at 1000 bytes");

    assert_eq!(
        call("disable_proxy", json!({"proxy_name": "drv"})).await,
        true
    );
    assert!(refused(&listen).await, "disabled means refused");
    assert_eq!(
        call("enable_proxy", json!({"proxy_name": "drv"})).await,
        true
    );
    assert_eq!(call("reset", json!({})).await, true);
    round_trip(&listen).await;
    assert_eq!(
        call("delete_proxy", json!({"proxy_name": "drv"})).await,
        Value::Null
    );
    assert!(refused(&listen).await, "deleted means refused");
}

/// The variables the child run reads through `env:` prefixes.
const HOST_VAR: &str = "KALLISTI_TOXIPROXY_TEST_HOST";
const PORT_VAR: &str = "KALLISTI_TOXIPROXY_TEST_PORT";
/// The label of the scenario the child runs.
const ENV_ROW: &str = "create a proxy from env: variables";

/// `env:` prefixes, read alike by kallisti and the driver. Setting the
/// variables here, with other tests' threads running, would be unsafe, so
/// this test runs itself again, alone, in a child process that has them:
/// there it compares the two (`compare_env_prefixes`), here it checks that
/// the child did and passed.
#[tokio::test(flavor = "multi_thread")]
async fn env_prefixes_are_read_alike_by_kallisti_and_the_driver() {
    if std::env::var_os(HOST_VAR).is_some() {
        return compare_env_prefixes().await;
    }
    let upstream = echo_server().await;
    let exe = std::env::current_exe().unwrap();
    let test = support::test_path(
        module_path!(),
        "env_prefixes_are_read_alike_by_kallisti_and_the_driver",
    );
    let output = tokio::task::spawn_blocking(move || {
        Command::new(exe)
            .args([&test, "--exact", "--nocapture", "--test-threads=1"])
            .env(HOST_VAR, "127.0.0.1")
            .env(PORT_VAR, upstream.port().to_string())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && printed.contains("1 passed"),
        "{printed}"
    );
    // The child's row of the differential table.
    let row = printed
        .lines()
        .find_map(|l| l.find(ENV_ROW).map(|at| &l[at..]))
        .expect("the child printed its row");
    println!("{row}");
}

/// The comparison itself, in the child run that has the variables.
async fn compare_env_prefixes() {
    let host = std::env::var(HOST_VAR).expect("run with its variables set");
    let port = std::env::var(PORT_VAR).unwrap();
    let arguments = json!({"proxy_name": "from-env", "upstream_host": format!("env:{HOST_VAR}"),
                           "upstream_port": format!("env:{PORT_VAR}"), "listen_host": "127.0.0.1"});
    let ((_ours, url_ours), (_theirs, url_theirs)) = (api().await, api().await);
    let ours = kallisti("create_proxy", &arguments, &url_ours).await;
    let theirs = driver("create_proxy", &arguments, &url_theirs).await;
    assert!(!ours.failed && !theirs.failed, "{ours:?} {theirs:?}");
    assert_eq!((&ours.value, &theirs.value), (&json!(true), &json!(true)));
    let (state_ours, state_theirs) = (
        get(&url_ours, "/proxies").await,
        get(&url_theirs, "/proxies").await,
    );
    assert_eq!(state_ours["from-env"]["upstream"], format!("{host}:{port}"));
    assert_eq!(
        normalized(&state_ours, &state_ours),
        normalized(&state_theirs, &state_theirs)
    );
    round_trip(state_ours["from-env"]["listen"].as_str().unwrap()).await;
    println!("{ENV_ROW:<45} {:<35} agrees: true", "create_proxy");
}
