//! The moto AWS emulator for the tests of one test binary: started once on
//! a free loopback port, with the process environment pointing the AWS
//! chain at it (dummy keys, `AWS_ENDPOINT_URL`), and gone when the binary
//! exits (it watches its stdin, which only this process holds).
//!
//! moto keeps state per region, so each test works in a region of its own.
//! One addition to moto: an EC2 instance launched with the tag
//! `kallisti:instance-id` gets that id, so the seed examples' literal ids
//! exist.
//! The Python comes from `KALLISTI_MOTO_PYTHON`, else the venv `.ci/run`
//! makes at `$HOME/.cache/kallisti-moto`.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The keys the tests' AWS chain finds (moto accepts any).
pub const ACCESS_KEY: &str = "AKIAKALLISTITEST0001";
pub const SECRET_KEY: &str = "moto-secret-key-canary-0c1d2e3f";
/// A session token the chain finds too: a secret, like the key.
pub const SESSION_TOKEN: &str = "session-token-canary-9a8b7c6d5e4f";

pub struct Moto {
    pub url: String,
    _child: Mutex<Child>,
}

const WATCHED: &str = r#"
import os, sys, threading
def watch():
    sys.stdin.buffer.read()
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
# moto cannot choose an instance's id; the seed examples name theirs
# (`your-instance-id`). An instance launched with the tag
# `kallisti:instance-id` gets that id.
import moto.ec2.models.instances as instances
chosen = []
random_instance_id = instances.random_instance_id
instances.random_instance_id = lambda: chosen.pop() if chosen else random_instance_id()
run_instances = instances.InstanceBackend.run_instances
def run_with_chosen_id(self, image_id, count, user_data, security_group_names, **kwargs):
    wanted = (kwargs.get("tags") or {}).get("instance", {}).get("kallisti:instance-id")
    chosen[:] = [wanted] if wanted else []
    try:
        return run_instances(self, image_id, count, user_data, security_group_names, **kwargs)
    finally:
        chosen.clear()
instances.InstanceBackend.run_instances = run_with_chosen_id
from moto.server import main
main(["-H", "127.0.0.1", "-p", sys.argv[1]])
"#;

fn python() -> String {
    if let Ok(p) = std::env::var("KALLISTI_MOTO_PYTHON") {
        return p;
    }
    let home = std::env::var("HOME").unwrap_or_default();
    format!("{home}/.cache/kallisti-moto/bin/python")
}

/// Points the AWS chain at dummy keys, and nowhere else (no profile files,
/// no instance metadata). Set once, before any AWS client of the test
/// binary exists; every test sets the same values.
pub fn dummy_credentials() {
    static SET: OnceLock<()> = OnceLock::new();
    SET.get_or_init(|| {
        for (name, value) in [
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
            ("AWS_SESSION_TOKEN", SESSION_TOKEN),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_CONFIG_FILE", "/nonexistent/kallisti/aws-config"),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/kallisti/aws-credentials",
            ),
        ] {
            std::env::set_var(name, value);
        }
    });
}

/// The emulator, started on first use.
pub fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(|| {
        let python = python();
        assert!(
            std::path::Path::new(&python).exists(),
            "moto is needed for the AWS tests: python3 -m venv ~/.cache/kallisti-moto && \
             ~/.cache/kallisti-moto/bin/pip install 'moto[server]' (or set KALLISTI_MOTO_PYTHON); \
             .ci/run does this"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(&python)
            .args(["-c", WATCHED, &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start moto with {python}: {e}"));
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                let mut err = String::new();
                child.stderr.take().unwrap().read_to_string(&mut err).ok();
                panic!("moto exited ({status}): {err}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "moto did not listen on {port} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        std::env::set_var("AWS_ENDPOINT_URL", &url);
        dummy_credentials();
        Moto {
            url,
            _child: Mutex::new(child),
        }
    })
}

/// The SDK configuration for `region` on moto, for tests to seed and check state.
pub async fn sdk_config(region: &str) -> aws_config::SdkConfig {
    let moto = moto();
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https();
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(http)
        .region(aws_config::Region::new(region.to_string()))
        .endpoint_url(&moto.url)
        .load()
        .await
}
