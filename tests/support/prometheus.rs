//! A real Prometheus server (Debian's `prometheus` package; `.ci/run`
//! installs it) on a free loopback port, scraping itself every second,
//! ready once `up` has a sample, stopped when dropped.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Prometheus {
    child: Child,
    /// Where it answers, e.g. `http://127.0.0.1:9091`.
    pub url: String,
    _dir: TempDir,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A plain HTTP GET on loopback, returning the body.
fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
}

impl Prometheus {
    pub fn start() -> Prometheus {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("kallisti-prom-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n"
            ),
        )
        .unwrap();
        let log = std::fs::File::create(dir.join("prometheus.log")).unwrap();
        let child = Command::new(super::tools::tool("prometheus"))
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("prometheus starts");
        let server = Prometheus {
            child,
            url: format!("http://127.0.0.1:{port}"),
            _dir: TempDir(dir),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(body) = http_get(port, "/api/v1/query?query=up") {
                let answer: Value = serde_json::from_str(&body).unwrap_or_default();
                if answer["data"]["result"]
                    .as_array()
                    .is_some_and(|r| !r.is_empty())
                {
                    return server;
                }
            }
            assert!(
                Instant::now() < deadline,
                "Prometheus on port {port} had no `up` sample within 60 s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}
