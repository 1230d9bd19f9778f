//! The ChaosProxy benchmark: a real tokio client and a local dependency,
//! once straight over loopback (the peer) and once through a
//! `kallisti::net::ChaosProxy`, in the same run, on the 2-worker runtime a
//! chaos test gets. Prints a table of what was measured against the targets
//! of issue 20, then one JSON line with the figures.
//!
//! ```sh
//! cargo run --release --features net --example bench_proxy
//! ```
//!
//! What it measures:
//! - no toxic: round trips of a 64-byte request and a 64-byte answer, the
//!   two paths taking turns in blocks; the proxy's p99 minus the direct p99;
//! - no toxic: bulk transfers from the dependency (download) and to it
//!   (upload), through the proxy as a share of the direct rate;
//! - a 100 ms latency toxic: how much each round trip takes beyond the
//!   direct median, against 100 ms;
//! - a 1000 KB/s bandwidth toxic: the rate of 3 MB downloads, against the
//!   setting.
//!
//! The process exits 0 whether targets are met or not; the table and the
//! JSON line's `pass` say which.

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

/// The bandwidth toxic's rate, in KB/s (1000 bytes, as in Toxiproxy).
const RATE_KB: u64 = 1000;
const RATE_DOWNLOADS: usize = 3;
const RATE_BYTES: u64 = 3_000_000;

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
        let n = socket.read(&mut buffer[..left.min(BLOCK as u64) as usize]).await?;
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

fn median_f64(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 0 {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
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
    pass: bool,
}

fn print_table(rows: &[Row]) {
    println!("| measure | kallisti | peer | ratio or error | target | verdict |");
    println!("|---|---|---|---|---|---|");
    for r in rows {
        let verdict = if r.pass { "PASS" } else { "FAIL" };
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
        versus: format!("+{added_p50:.0} µs"),
        target: "—".into(),
        pass: true,
    });
    rows.push(Row {
        measure: "no toxic: 64 B round trip, p99 added".into(),
        ours: format!("{:.0} µs", micros(p99)),
        peer: format!("{:.0} µs", micros(d99)),
        versus: format!("+{added_p99:.0} µs"),
        target: "≤ +200 µs".into(),
        pass: added_p99 <= 200.0,
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
        let (ours, peer, ratio) = (median_f64(proxy_rates), median_f64(direct_rates), median_f64(ratios));
        bulk.push((ours, peer, ratio));
        rows.push(Row {
            measure: format!("no toxic: throughput, {way} (128 MiB)"),
            ours: format!("{ours:.0} MB/s"),
            peer: format!("{peer:.0} MB/s"),
            versus: format!("{:.0}%", ratio * 100.0),
            target: "≥ 80%".into(),
            pass: ratio >= 0.8,
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
        added.extend(task.await.unwrap().into_iter().map(|rtt| rtt.saturating_sub(d50)));
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
            pass: error.abs() <= allowed,
        });
    }

    // A bandwidth toxic on downloads.
    eprintln!("[bench_proxy] bandwidth toxic");
    let narrow = ChaosProxy::start("bench-bandwidth", upstream).await.unwrap();
    narrow.add(Toxic::bandwidth(RATE_KB)).unwrap();
    let mut measured = Vec::new();
    for _ in 0..RATE_DOWNLOADS {
        let took = download(narrow.addr(), RATE_BYTES).await;
        measured.push(RATE_BYTES as f64 / 1000.0 / took.as_secs_f64());
    }
    drop(narrow);
    let rate = median_f64(measured);
    let rate_error = rate / RATE_KB as f64 - 1.0;
    rows.push(Row {
        measure: format!("bandwidth toxic {RATE_KB} KB/s: rate of 3 MB downloads"),
        ours: format!("{rate:.0} KB/s"),
        peer: format!("setting {RATE_KB} KB/s"),
        versus: format!("{:+.1}%", rate_error * 100.0),
        target: "±10%".into(),
        pass: rate_error.abs() <= 0.10,
    });

    print_table(&rows);
    json!({
        "rtt_direct_p50_us": micros(d50), "rtt_direct_p99_us": micros(d99),
        "rtt_proxy_p50_us": micros(p50), "rtt_proxy_p99_us": micros(p99),
        "rtt_added_p99_us": added_p99,
        "download_proxy_mb_s": bulk[0].0, "download_direct_mb_s": bulk[0].1, "download_ratio": bulk[0].2,
        "upload_proxy_mb_s": bulk[1].0, "upload_direct_mb_s": bulk[1].1, "upload_ratio": bulk[1].2,
        "latency_added_p50_ms": latency_figures[0], "latency_added_p99_ms": latency_figures[1],
        "bandwidth_kb_s": rate, "bandwidth_setting_kb_s": RATE_KB,
        "pass": rows.iter().all(|r| r.pass),
    })
}

fn main() {
    let started = Instant::now();
    let figures = kallisti::testing::block_on(bench());
    eprintln!("[bench_proxy] took {:.1} s", started.elapsed().as_secs_f64());
    println!("{figures}");
}
