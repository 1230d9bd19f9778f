//! The ChaosProxy benchmark: a real tokio client and a local dependency,
//! straight over loopback (the peer) and through a `kallisti::net::ChaosProxy`,
//! in the same run, on the 2-worker runtime a chaos test gets. Prints a table
//! of the figures against the targets of issue 20, then the figures as one
//! JSON line (which `bench/run.py` reads).
//!
//! ```sh
//! cargo run --release --features net --example bench_proxy
//! ```
//!
//! - No toxic, round trips: a 64-byte request and a 64-byte answer on one
//!   open connection per path, the two paths taking turns in blocks of
//!   1000. Target: the proxy's p99 at most 200 µs above the direct p99.
//! - No toxic, throughput: 128 MiB from the dependency (download) and to it
//!   (upload), a new connection each, the paths taking turns. Target: at
//!   least 80% of the direct rate (the median of each round's ratio).
//! - A 100 ms latency toxic: round trips on 8 connections at once, each
//!   less the direct median. Target: median and p99 within 100 ms ± (5% +
//!   2 ms).
//! - Bandwidth toxics of 1000 and 10,000 KB/s: the rate of downloads that
//!   should take 3 s. Target: within ±10% of the setting.
//!
//! It runs for about 30 s and exits 0 whether the targets are met or not:
//! the table's verdicts and the JSON line's `pass` tell.

use kallisti::net::{ChaosProxy, Toxic};
use serde_json::json;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Every request has this size: the length of the answer wanted (u64), the
/// length of the upload that follows (u64), then padding.
const REQUEST_LEN: usize = 64;
/// The answer to a small request.
const SMALL_ANSWER: u64 = 64;
/// Buffers of the client and the dependency for bulk data.
const BLOCK: usize = 64 * 1024;

/// Round trips without a toxic: this many blocks per path, taking turns...
const RTT_BLOCKS: usize = 20;
/// ...of this many round trips each.
const RTT_PER_BLOCK: usize = 1000;
/// Bulk transfers per path and direction, taking turns.
const BULK_ROUNDS: usize = 15;
/// The size of one bulk transfer.
const BULK_BYTES: u64 = 128 * 1024 * 1024;

const LATENCY: Duration = Duration::from_millis(100);
/// Connections that measure the latency toxic at once...
const LATENCY_CONNECTIONS: usize = 8;
/// ...and the round trips each makes.
const LATENCY_ROUNDS: usize = 25;

/// The bandwidth toxics' rates, in KB/s (of 1000 bytes, as in Toxiproxy).
const RATES_KB: [u64; 2] = [1000, 10_000];
/// Downloads per rate...
const RATE_DOWNLOADS: usize = 3;
/// ...each as long as the rate should take this many seconds to carry.
const RATE_SECONDS: u64 = 3;

fn request(answer: u64, upload: u64) -> [u8; REQUEST_LEN] {
    let mut request = [0u8; REQUEST_LEN];
    request[..8].copy_from_slice(&answer.to_be_bytes());
    request[8..16].copy_from_slice(&upload.to_be_bytes());
    request
}

/// The dependency: for each request, reads the upload it announces, then
/// sends the answer it asks for.
async fn dependency() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = serve(socket).await;
            });
        }
    });
    addr
}

async fn serve(mut socket: TcpStream) -> std::io::Result<()> {
    socket.set_nodelay(true)?;
    let payload = vec![0x5au8; BLOCK];
    let mut buffer = vec![0u8; BLOCK];
    let mut header = [0u8; REQUEST_LEN];
    while socket.read_exact(&mut header).await.is_ok() {
        let answer = u64::from_be_bytes(header[..8].try_into().unwrap());
        let upload = u64::from_be_bytes(header[8..16].try_into().unwrap());
        discard(&mut socket, upload, &mut buffer).await?;
        let mut left = answer;
        while left > 0 {
            let n = left.min(BLOCK as u64) as usize;
            socket.write_all(&payload[..n]).await?;
            left -= n as u64;
        }
    }
    Ok(())
}

/// Reads and drops `bytes` bytes.
async fn discard(socket: &mut TcpStream, bytes: u64, buffer: &mut [u8]) -> std::io::Result<()> {
    let mut left = bytes;
    while left > 0 {
        let n = socket
            .read(&mut buffer[..left.min(BLOCK as u64) as usize])
            .await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        left -= n as u64;
    }
    Ok(())
}

async fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    stream
}

/// One small request and its answer on an open connection.
async fn round_trip(stream: &mut TcpStream) -> Duration {
    let mut answer = [0u8; SMALL_ANSWER as usize];
    let started = Instant::now();
    stream.write_all(&request(SMALL_ANSWER, 0)).await.unwrap();
    stream.read_exact(&mut answer).await.unwrap();
    started.elapsed()
}

async fn round_trips(stream: &mut TcpStream, count: usize, into: &mut Vec<Duration>) {
    for _ in 0..count {
        into.push(round_trip(stream).await);
    }
}

/// Asks for `bytes` bytes on a new connection; the time from the request
/// to the last byte.
async fn download(addr: SocketAddr, bytes: u64) -> Duration {
    let mut stream = connect(addr).await;
    let mut buffer = vec![0u8; BLOCK];
    let started = Instant::now();
    stream.write_all(&request(bytes, 0)).await.unwrap();
    discard(&mut stream, bytes, &mut buffer).await.unwrap();
    started.elapsed()
}

/// Sends `bytes` bytes on a new connection; the time from the request to
/// the dependency's one-byte receipt.
async fn upload(addr: SocketAddr, bytes: u64) -> Duration {
    let mut stream = connect(addr).await;
    let payload = vec![0xa5u8; BLOCK];
    let started = Instant::now();
    stream.write_all(&request(1, bytes)).await.unwrap();
    let mut left = bytes;
    while left > 0 {
        let n = left.min(BLOCK as u64) as usize;
        stream.write_all(&payload[..n]).await.unwrap();
        left -= n as u64;
    }
    let mut receipt = [0u8; 1];
    stream.read_exact(&mut receipt).await.unwrap();
    started.elapsed()
}

/// Which way a bulk transfer goes.
#[derive(Clone, Copy)]
enum Way {
    /// From the dependency to the client.
    Download,
    /// From the client to the dependency.
    Upload,
}

impl Way {
    /// The rate of one transfer of [`BULK_BYTES`] to or from `addr`, in MB/s.
    async fn rate(self, addr: SocketAddr) -> f64 {
        let took = match self {
            Way::Download => download(addr, BULK_BYTES).await,
            Way::Upload => upload(addr, BULK_BYTES).await,
        };
        mb_per_s(BULK_BYTES, took)
    }
}

/// The `p`-quantile (0..=1) of `samples`, by the nearest-rank rule.
fn quantile(samples: &[Duration], p: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// The median: the middle value, or the mean of the two middle ones.
fn median_f64(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    (values[(n - 1) / 2] + values[n / 2]) / 2.0
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Megabytes (10^6 bytes) per second.
fn mb_per_s(bytes: u64, took: Duration) -> f64 {
    bytes as f64 / took.as_secs_f64() / 1e6
}

struct Row {
    measure: String,
    ours: String,
    peer: String,
    versus: String,
    target: String,
    /// `None` when the row has no target.
    pass: Option<bool>,
}

fn print_table(rows: &[Row]) {
    println!("| measure | kallisti | peer | ratio or error | target | verdict |");
    println!("|---|---|---|---|---|---|");
    for r in rows {
        let verdict = match r.pass {
            Some(true) => "PASS",
            Some(false) => "FAIL",
            None => "—",
        };
        println!(
            "| {} | {} | {} | {} | {} | {verdict} |",
            r.measure, r.ours, r.peer, r.versus, r.target
        );
    }
}

async fn bench() -> serde_json::Value {
    let upstream = dependency().await;
    let plain = ChaosProxy::start("bench-plain", upstream).await.unwrap();
    let mut rows = Vec::new();

    // No toxic, small round trips: one connection per path, taking turns so
    // both see the same machine.
    eprintln!("[bench_proxy] round trips, no toxic");
    let mut direct = connect(upstream).await;
    let mut proxied = connect(plain.addr()).await;
    let (mut direct_rtt, mut proxy_rtt) = (Vec::new(), Vec::new());
    round_trips(&mut direct, RTT_PER_BLOCK / 10, &mut Vec::new()).await;
    round_trips(&mut proxied, RTT_PER_BLOCK / 10, &mut Vec::new()).await;
    for _ in 0..RTT_BLOCKS {
        round_trips(&mut direct, RTT_PER_BLOCK, &mut direct_rtt).await;
        round_trips(&mut proxied, RTT_PER_BLOCK, &mut proxy_rtt).await;
    }
    drop((direct, proxied));
    let (d50, d99) = (quantile(&direct_rtt, 0.5), quantile(&direct_rtt, 0.99));
    let (p50, p99) = (quantile(&proxy_rtt, 0.5), quantile(&proxy_rtt, 0.99));
    let added_p50 = micros(p50) - micros(d50);
    let added_p99 = micros(p99) - micros(d99);
    rows.push(Row {
        measure: "no toxic: 64 B round trip, median".into(),
        ours: format!("{:.0} µs", micros(p50)),
        peer: format!("{:.0} µs", micros(d50)),
        versus: format!("{added_p50:+.0} µs"),
        target: "—".into(),
        pass: None,
    });
    rows.push(Row {
        measure: "no toxic: 64 B round trip, p99 added".into(),
        ours: format!("{:.0} µs", micros(p99)),
        peer: format!("{:.0} µs", micros(d99)),
        versus: format!("{added_p99:+.0} µs"),
        target: "≤ +200 µs".into(),
        pass: Some(added_p99 <= 200.0),
    });

    // No toxic, bulk: a new connection per transfer, the two paths taking
    // turns (and turns at going first). Loopback rates swing from one
    // transfer to the next, so the ratio is the median of each round's.
    eprintln!("[bench_proxy] throughput, no toxic");
    let mut bulk = Vec::new();
    for (way, transfer) in [("download", Way::Download), ("upload", Way::Upload)] {
        let (mut direct_rates, mut proxy_rates, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..BULK_ROUNDS {
            let (direct_rate, proxy_rate) = if round % 2 == 0 {
                let direct_rate = transfer.rate(upstream).await;
                (direct_rate, transfer.rate(plain.addr()).await)
            } else {
                let proxy_rate = transfer.rate(plain.addr()).await;
                (transfer.rate(upstream).await, proxy_rate)
            };
            direct_rates.push(direct_rate);
            proxy_rates.push(proxy_rate);
            ratios.push(proxy_rate / direct_rate);
        }
        let (ours, peer, ratio) = (
            median_f64(proxy_rates),
            median_f64(direct_rates),
            median_f64(ratios),
        );
        bulk.push((ours, peer, ratio));
        rows.push(Row {
            measure: format!("no toxic: throughput, {way} (128 MiB)"),
            ours: format!("{ours:.0} MB/s"),
            peer: format!("{peer:.0} MB/s"),
            versus: format!("{:.0}%", ratio * 100.0),
            target: "≥ 80%".into(),
            pass: Some(ratio >= 0.8),
        });
    }
    drop(plain);

    // A 100 ms latency toxic on what the dependency sends back: several
    // connections at once, each round trip compared with the direct median.
    eprintln!("[bench_proxy] latency toxic");
    let slow = ChaosProxy::start("bench-latency", upstream).await.unwrap();
    slow.add(Toxic::latency(LATENCY)).unwrap();
    let addr = slow.addr();
    let tasks: Vec<_> = (0..LATENCY_CONNECTIONS)
        .map(|_| {
            tokio::spawn(async move {
                let mut stream = connect(addr).await;
                let mut samples = Vec::new();
                round_trips(&mut stream, LATENCY_ROUNDS, &mut samples).await;
                samples
            })
        })
        .collect();
    let mut added = Vec::new();
    for task in tasks {
        added.extend(
            task.await
                .unwrap()
                .into_iter()
                .map(|rtt| rtt.saturating_sub(d50)),
        );
    }
    drop(slow);
    let allowed = millis(LATENCY) * 0.05 + 2.0;
    let mut latency_figures = Vec::new();
    for (label, p) in [("median", 0.5), ("p99", 0.99)] {
        let value = millis(quantile(&added, p));
        let error = value - millis(LATENCY);
        latency_figures.push(value);
        rows.push(Row {
            measure: format!("latency toxic 100 ms: added delay, {label}"),
            ours: format!("{value:.2} ms"),
            peer: format!("direct {:.0} µs", micros(d50)),
            versus: format!("{error:+.2} ms"),
            target: format!("±{allowed:.0} ms"),
            pass: Some(error.abs() <= allowed),
        });
    }

    // Bandwidth toxics on downloads of about 3 s each: the rate the issue
    // names, and ten times it, where a chunk's share of the rate is a few
    // ms and timer overshoot shows.
    eprintln!("[bench_proxy] bandwidth toxics");
    let mut bandwidth = Vec::new();
    for rate_kb in RATES_KB {
        let narrow = ChaosProxy::start(&format!("bench-bandwidth-{rate_kb}"), upstream)
            .await
            .unwrap();
        narrow.add(Toxic::bandwidth(rate_kb)).unwrap();
        let bytes = rate_kb * 1000 * RATE_SECONDS;
        let mut measured = Vec::new();
        for _ in 0..RATE_DOWNLOADS {
            let took = download(narrow.addr(), bytes).await;
            measured.push(bytes as f64 / 1000.0 / took.as_secs_f64());
        }
        drop(narrow);
        let rate = median_f64(measured);
        let error = rate / rate_kb as f64 - 1.0;
        bandwidth.push(json!({"setting_kb_s": rate_kb, "measured_kb_s": rate}));
        rows.push(Row {
            measure: format!(
                "bandwidth toxic {rate_kb} KB/s: rate of {} MB downloads",
                bytes / 1_000_000
            ),
            ours: format!("{rate:.0} KB/s"),
            peer: format!("setting {rate_kb} KB/s"),
            versus: format!("{:+.1}%", error * 100.0),
            target: "±10%".into(),
            pass: Some(error.abs() <= 0.10),
        });
    }

    print_table(&rows);
    json!({
        "rtt_direct_p50_us": micros(d50), "rtt_direct_p99_us": micros(d99),
        "rtt_proxy_p50_us": micros(p50), "rtt_proxy_p99_us": micros(p99),
        "rtt_added_p99_us": added_p99,
        "download_proxy_mb_s": bulk[0].0, "download_direct_mb_s": bulk[0].1, "download_ratio": bulk[0].2,
        "upload_proxy_mb_s": bulk[1].0, "upload_direct_mb_s": bulk[1].1, "upload_ratio": bulk[1].2,
        "latency_added_p50_ms": latency_figures[0], "latency_added_p99_ms": latency_figures[1],
        "bandwidth": bandwidth,
        "pass": rows.iter().all(|r| r.pass != Some(false)),
    })
}

fn main() {
    let started = Instant::now();
    let figures = kallisti::testing::block_on(bench());
    eprintln!(
        "[bench_proxy] took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!("{figures}");
}
