//! `k8s.exec_in_pods` over the API server's websocket exec protocol
//! (`v4.channel.k8s.io`: channel 1 stdout, 2 stderr, 3 the status), against a
//! small server that speaks it.

use crate::support;

use futures_util::{SinkExt, StreamExt};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use kallisti::{Experiment, Registry, Trial};
use serde_json::json;
use std::sync::{Arc, Mutex};
use support::assert_succeeded;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// The commands the server ran: (pod, command words).
type Ran = Arc<Mutex<Vec<(String, Vec<String>)>>>;

async fn handle(
    request: Request<Incoming>,
    ran: Ran,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let path = request.uri().path().to_string();
    if path == "/api/v1/namespaces/shop/pods" {
        let pods: Vec<_> = ["cart-a", "cart-b", "web-1"]
            .iter()
            .map(|n| json!({"metadata": {"name": n, "namespace": "shop", "labels": {"app": n.split('-').next()}},
                           "status": {"phase": "Running"}}))
            .collect();
        let body = json!({"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": pods})
            .to_string();
        return Ok(Response::new(Full::new(Bytes::from(body))));
    }
    let Some(pod) = path
        .strip_prefix("/api/v1/namespaces/shop/pods/")
        .and_then(|p| p.strip_suffix("/exec"))
    else {
        return Ok(Response::builder()
            .status(404)
            .body(Full::new(Bytes::new()))
            .unwrap());
    };
    let pod = pod.to_string();
    let command: Vec<String> = request
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .filter_map(|p| p.strip_prefix("command="))
        .map(percent_decode)
        .collect();
    let key = request
        .headers()
        .get("sec-websocket-key")
        .cloned()
        .expect("a websocket upgrade");
    let protocol = request
        .headers()
        .get("sec-websocket-protocol")
        .and_then(|p| p.to_str().ok())
        .and_then(|p| {
            p.split(',')
                .map(str::trim)
                .find(|p| *p == "v4.channel.k8s.io")
        })
        .expect("the v4 channel protocol")
        .to_string();
    tokio::spawn(async move {
        let upgraded = hyper::upgrade::on(request).await.expect("upgrade");
        let mut ws =
            WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None).await;
        ran.lock().unwrap().push((pod.clone(), command.clone()));
        let failing = command.first().map(String::as_str) == Some("false");
        if command.first().map(String::as_str) == Some("noisy") {
            // 64 KiB of stderr before any stdout, as a chatty process
            // writes it: a client that reads stdout to its end first waits
            // forever.
            for (channel, byte) in [(2u8, b'e'), (1u8, b'o')] {
                for _ in 0..64 {
                    let mut chunk = vec![channel];
                    chunk.extend_from_slice(&[byte; 1024]);
                    ws.send(Message::binary(chunk)).await.unwrap();
                }
            }
        }
        let mut out = vec![1u8];
        out.extend_from_slice(format!("hello from {pod}: {}\n", command.join(" ")).as_bytes());
        ws.send(Message::binary(out)).await.unwrap();
        let mut err = vec![2u8];
        err.extend_from_slice(b"a warning\n");
        ws.send(Message::binary(err)).await.unwrap();
        let status = if failing {
            json!({"metadata": {}, "status": "Failure", "message": "command terminated with non-zero exit code",
                   "reason": "NonZeroExitCode", "details": {"causes": [{"reason": "ExitCode", "message": "1"}]}})
        } else {
            json!({"metadata": {}, "status": "Success"})
        };
        let mut s = vec![3u8];
        s.extend_from_slice(status.to_string().as_bytes());
        ws.send(Message::binary(s)).await.unwrap();
        let _ = ws.close(None).await;
        while ws.next().await.is_some() {}
    });
    Ok(Response::builder()
        .status(101)
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-accept", derive_accept_key(key.as_bytes()))
        .header("sec-websocket-protocol", protocol)
        .body(Full::new(Bytes::new()))
        .unwrap())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(
                u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap(), 16).unwrap(),
            );
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

async fn exec_server(ran: Ran) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let ran = ran.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |r| handle(r, ran.clone()));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .with_upgrades()
                    .await;
            });
        }
    });
    format!("http://{addr}")
}

fn registry() -> Registry {
    Registry::with_builtins()
}

#[tokio::test]
async fn commands_run_in_the_selected_pods_with_their_output_and_exit_code() {
    let ran = Ran::default();
    let api = exec_server(ran.clone()).await;
    let experiment = Experiment::from_value(json!({"name": "exec", "steps": [
        {"step": "uptime", "do": "k8s.exec_in_pods",
         "where": {"k8s_api_host": api, "ns": "shop", "name_pattern": "^cart-", "all": true, "cmd": "cat /etc/hostname"}},
        {"step": "fails", "do": "k8s.exec_in_pods",
         "where": {"k8s_api_host": api, "ns": "shop", "name_pattern": "^web-", "cmd": ["false"]}}
    ]}))
    .unwrap();
    let record = Trial::new(experiment).run(&registry()).await;
    assert_succeeded(&record);
    let results = &record.trial_record.steps[0].result;
    assert_eq!(results.as_array().unwrap().len(), 2);
    assert_eq!(results[0]["pod"], "cart-a");
    assert_eq!(
        results[0]["stdout"],
        "hello from cart-a: cat /etc/hostname\n"
    );
    assert_eq!(results[0]["stderr"], "a warning\n");
    assert_eq!(results[0]["exit_code"], 0);
    assert_eq!(record.trial_record.steps[1].result[0]["exit_code"], 1);
    let ran = ran.lock().unwrap().clone();
    assert_eq!(
        ran[0],
        (
            "cart-a".to_string(),
            vec!["cat".to_string(), "/etc/hostname".to_string()]
        )
    );
    assert_eq!(ran.len(), 3);
}

#[tokio::test]
async fn a_command_writing_64_kib_to_each_stream_does_not_stall() {
    let api = exec_server(Ran::default()).await;
    let experiment = Experiment::from_value(json!({"name": "exec", "steps": [
        {"step": "noisy", "do": "k8s.exec_in_pods",
         "where": {"k8s_api_host": api, "ns": "shop", "name_pattern": "^web-", "cmd": "noisy", "request_timeout": 10}}
    ]}))
    .unwrap();
    let record = Trial::new(experiment).run(&registry()).await;
    assert_succeeded(&record);
    let result = &record.trial_record.steps[0].result[0];
    let (stdout, stderr) = (
        result["stdout"].as_str().unwrap(),
        result["stderr"].as_str().unwrap(),
    );
    assert_eq!(stdout.len(), 64 * 1024 + "hello from web-1: noisy\n".len());
    assert_eq!(stderr.len(), 64 * 1024 + "a warning\n".len());
    assert!(stderr.starts_with("eeee") && stdout.starts_with("oooo"));
}
