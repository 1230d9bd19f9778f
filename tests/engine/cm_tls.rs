//! TLS is verified unless a `cm` step says otherwise (and always for `cf`): an HTTPS server with a
//! self-signed certificate is refused by default and reached with
//! `verify_tls: false`.

use kallisti::{ErrorKind, TrialStatus};
use serde_json::json;
use std::sync::Arc;
use support::run_steps;

use crate::support;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Serves `{"tls": true}` over HTTPS with a self-signed certificate for `localhost`.
async fn self_signed_server() -> String {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.cert.der().clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let body = r#"{"tls": true}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    format!("https://localhost:{port}/")
}

async fn probe(url: &str, verify: Option<bool>) -> kallisti::TrialRecord {
    let mut step = json!({"step": "tls", "do": "cm.http_probe", "where": {"url": url}});
    if let Some(verify) = verify {
        step["where"]["verify_tls"] = json!(verify);
    }
    run_steps(vec![step]).await
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused_by_default() {
    let url = self_signed_server().await;
    let record = probe(&url, None).await;
    assert_eq!(record.status, TrialStatus::Failed);
    let err = record.trial_record.steps[0].error.as_ref().unwrap();
    assert_eq!(err.kind, ErrorKind::FailedAction);
    assert!(
        err.message.to_lowercase().contains("certificate"),
        "{}",
        err.message
    );

    let record = probe(&url, Some(true)).await;
    assert_eq!(record.status, TrialStatus::Failed);
}

#[tokio::test]
async fn verify_tls_false_reaches_it() {
    let url = self_signed_server().await;
    let record = probe(&url, Some(false)).await;
    support::assert_succeeded(&record);
    assert_eq!(
        record.trial_record.steps[0].result["response"],
        json!({"tls": true})
    );
}

/// `cf` has no switch: its API's certificate is always verified.
#[cfg(feature = "cf")]
#[tokio::test]
async fn cf_verifies_the_api_certificate() {
    let url = self_signed_server().await;
    let record = run_steps(vec![json!({
        "step": "stop", "do": "cf.stop_app",
        "where": {"cf_api_url": url, "app_name": "checkout",
                  "credentials": {"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "HOME", "password_key": "HOME"}}
    })])
    .await;
    assert_eq!(record.status, TrialStatus::Failed);
    let error = record.trial_record.steps[0].error.as_ref().unwrap();
    assert_eq!(error.kind, ErrorKind::FailedAction);
    assert!(error.message.contains("certificate"), "{}", error.message);
}
