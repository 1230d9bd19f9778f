//! One direction of one proxied connection: chunks read from one socket,
//! passed through the toxics that apply to this connection, written to the
//! other.
//!
//! Reading and writing are two futures joined by a channel, so a chunk's
//! delay counts from when it arrived: chunks that pile up behind a slow one
//! are not delayed twice (Toxiproxy's pipeline works the same way).

use super::toxic::{Stream, Toxic, ToxicKind};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::{mpsc, watch};
use tokio::time::{sleep, sleep_until, Instant};

/// A toxic as a proxy holds it: `revision` changes on every update, so
/// each connection rolls its toxicity again.
#[derive(Debug, Clone)]
pub(crate) struct ToxicEntry {
    pub(crate) toxic: Toxic,
    pub(crate) revision: u64,
}

/// The toxics of a proxy, in the order they were added.
pub(crate) type ToxicSet = Arc<Vec<ToxicEntry>>;

/// Bytes as they arrived.
pub(crate) struct Chunk {
    data: Vec<u8>,
    at: Instant,
}

/// How a direction ended, which decides what happens to the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkEnd {
    /// The source closed (or failed): close this direction's destination.
    Eof,
    /// A toxic (timeout, limit_data) closed the connection.
    Closed,
    /// A reset_peer toxic: reset the connection.
    Reset,
}

const CHUNK_SIZE: usize = 32 * 1024;

/// Reads `source` into chunks until it ends; dropping the sender tells the
/// writer.
pub(crate) async fn read_chunks(source: &mut OwnedReadHalf, chunks: mpsc::Sender<Chunk>) {
    let mut buffer = vec![0u8; CHUNK_SIZE];
    loop {
        match source.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                let chunk = Chunk {
                    data: buffer[..n].to_vec(),
                    at: Instant::now(),
                };
                if chunks.send(chunk).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// What one connection decided about one toxic.
struct LinkToxic {
    revision: u64,
    applies: bool,
    since: Instant,
    passed: u64,
}

/// The toxics of one direction of one connection.
pub(crate) struct Link {
    stream: Stream,
    toxics: watch::Receiver<ToxicSet>,
    watching: bool,
    seen: HashMap<String, LinkToxic>,
    bandwidth_due: Option<Instant>,
    /// The toxics acting on this connection, worked out again only when
    /// the proxy's toxics change.
    current: Arc<Vec<Toxic>>,
    stale: bool,
}

impl Link {
    pub(crate) fn new(stream: Stream, toxics: watch::Receiver<ToxicSet>) -> Self {
        Link {
            stream,
            toxics,
            watching: true,
            seen: HashMap::new(),
            bandwidth_due: None,
            current: Arc::new(Vec::new()),
            stale: true,
        }
    }

    /// The toxics that act on this connection now, rolling toxicity for any
    /// this connection has not seen at its current revision.
    fn active(&mut self) -> Arc<Vec<Toxic>> {
        if !self.stale && !self.toxics.has_changed().unwrap_or(false) {
            return self.current.clone();
        }
        self.stale = false;
        let set = self.toxics.borrow_and_update().clone();
        self.seen
            .retain(|name, _| set.iter().any(|e| e.toxic.name() == *name));
        let mut active = Vec::new();
        for entry in set.iter().filter(|e| e.toxic.stream == self.stream) {
            let state = self.seen.entry(entry.toxic.name()).or_insert(LinkToxic {
                revision: u64::MAX,
                applies: false,
                since: Instant::now(),
                passed: 0,
            });
            if state.revision != entry.revision {
                *state = LinkToxic {
                    revision: entry.revision,
                    applies: fastrand::f64() < entry.toxic.toxicity,
                    since: Instant::now(),
                    passed: 0,
                };
            }
            if state.applies {
                active.push(entry.toxic.clone());
            }
        }
        self.current = Arc::new(active);
        self.current.clone()
    }

    /// Waits for the proxy's toxics to change; never returns once the proxy
    /// is gone.
    async fn changed(&mut self) {
        if self.watching && self.toxics.changed().await.is_ok() {
            self.stale = true;
            return;
        }
        self.watching = false;
        std::future::pending::<()>().await
    }

    /// Carries chunks to `sink` until the source ends or a toxic ends the
    /// connection.
    pub(crate) async fn carry(
        mut self,
        mut chunks: mpsc::Receiver<Chunk>,
        sink: &mut OwnedWriteHalf,
    ) -> LinkEnd {
        loop {
            let active = self.active();
            if let Some(timeout) = active.iter().find_map(|t| match t.kind {
                ToxicKind::Timeout { timeout } => Some((t.name(), timeout)),
                _ => None,
            }) {
                match self.hold(&mut chunks, &timeout.0, timeout.1).await {
                    Some(LinkEnd::Eof) => {
                        let _ = sink.shutdown().await;
                        return LinkEnd::Eof;
                    }
                    Some(end) => return end,
                    None => continue,
                }
            }
            let chunk = tokio::select! {
                () = self.changed() => continue,
                chunk = chunks.recv() => chunk,
            };
            let Some(chunk) = chunk else {
                if let Some(delay) = active.iter().find_map(|t| match t.kind {
                    ToxicKind::SlowClose { delay } => Some(delay),
                    _ => None,
                }) {
                    sleep(millis(delay)).await;
                }
                // Half-close: the other direction may still be answering.
                let _ = sink.shutdown().await;
                return LinkEnd::Eof;
            };
            if let Some(end) = self.pass(chunk, &active, sink).await {
                return end;
            }
        }
    }

    /// A timeout toxic: drops whatever arrives, and ends the connection
    /// `timeout` ms after the toxic met it or after the last data, whichever
    /// is later (never when 0). Removing the toxic also ends the connection,
    /// since the bytes it dropped leave the stream corrupt (Toxiproxy does
    /// the same). Returns `None` when the toxic is updated.
    async fn hold(
        &mut self,
        chunks: &mut mpsc::Receiver<Chunk>,
        name: &str,
        timeout: u64,
    ) -> Option<LinkEnd> {
        let revision = self.seen.get(name).map(|s| s.revision);
        let since = self.seen.get(name).map_or_else(Instant::now, |s| s.since);
        let mut deadline = since + millis(timeout);
        loop {
            tokio::select! {
                () = self.changed() => {
                    self.active();
                    let still = self.seen.get(name).filter(|s| s.applies).map(|s| s.revision);
                    return match still {
                        None => Some(LinkEnd::Closed),
                        Some(r) if Some(r) != revision => None,
                        Some(_) => continue,
                    };
                }
                () = sleep_until(deadline), if timeout > 0 => return Some(LinkEnd::Closed),
                chunk = chunks.recv() => match chunk {
                    None => return Some(LinkEnd::Eof),
                    Some(_) => deadline = Instant::now() + millis(timeout),
                },
            }
        }
    }

    /// A bandwidth toxic of rate 0 lets nothing through until it goes or
    /// changes (Toxiproxy stalls the same way).
    async fn stall(&mut self) {
        loop {
            self.changed().await;
            let stalled = self
                .active()
                .iter()
                .any(|t| matches!(t.kind, ToxicKind::Bandwidth { rate: 0 }));
            if !stalled {
                return;
            }
        }
    }

    /// Passes one chunk through every active toxic, in the order they were
    /// added, and writes it.
    async fn pass(
        &mut self,
        chunk: Chunk,
        active: &[Toxic],
        sink: &mut OwnedWriteHalf,
    ) -> Option<LinkEnd> {
        let Chunk { mut data, mut at } = chunk;
        let mut closes_after = false;
        let mut slices = None;
        for toxic in active {
            match toxic.kind {
                // The chunk that triggers the reset is never delivered; a
                // reset removed meanwhile does not happen.
                ToxicKind::ResetPeer { timeout } => {
                    let due = Instant::now() + millis(timeout);
                    return self.wait_until(due).await.then_some(LinkEnd::Reset);
                }
                ToxicKind::LimitData { bytes } => {
                    // Gone since `active` was read: it no longer limits.
                    let Some(state) = self.seen.get_mut(&toxic.name()) else {
                        continue;
                    };
                    let room = bytes.saturating_sub(state.passed);
                    if room == 0 {
                        return Some(LinkEnd::Closed);
                    }
                    data.truncate(usize::try_from(room).unwrap_or(usize::MAX));
                    state.passed += data.len() as u64;
                    closes_after |= state.passed >= bytes;
                }
                // Latencies add up: each moves the chunk's time on, as in
                // Toxiproxy. A change of toxics lets a held chunk go at once.
                ToxicKind::Latency { latency, jitter } => {
                    at += latency_of(latency, jitter);
                    self.wait_until(at).await;
                }
                ToxicKind::Bandwidth { rate: 0 } => self.stall().await,
                ToxicKind::Bandwidth { rate } => {
                    if self.throttle(&mut data, rate, at, sink).await.is_none() {
                        return Some(LinkEnd::Eof);
                    }
                }
                ToxicKind::Slicer {
                    average_size,
                    size_variation,
                    delay,
                } if average_size > 0 => {
                    slices = Some((average_size, size_variation, delay));
                }
                ToxicKind::Slicer { .. }
                | ToxicKind::SlowClose { .. }
                | ToxicKind::Timeout { .. }
                | ToxicKind::Noop => {}
            }
        }
        let written = match slices {
            Some((average, variation, delay)) => {
                write_sliced(sink, &data, average, variation, delay).await
            }
            None => sink.write_all(&data).await,
        };
        if written.is_err() {
            return Some(LinkEnd::Eof);
        }
        closes_after.then_some(LinkEnd::Closed)
    }

    /// Waits until `due`; false when the proxy's toxics changed first.
    async fn wait_until(&mut self, due: Instant) -> bool {
        tokio::select! {
            () = sleep_until(due) => true,
            () = self.changed() => false,
        }
    }

    /// A bandwidth toxic: sends the chunk when `rate` KB/s allows, slow
    /// rates in 100 ms pieces. Each link keeps its own schedule in absolute
    /// time, so a timer that wakes late costs nothing: the next chunk is due
    /// from when this one was due, not from when it went.
    async fn throttle(
        &mut self,
        data: &mut Vec<u8>,
        rate: u64,
        arrived: Instant,
        sink: &mut OwnedWriteHalf,
    ) -> Option<()> {
        let per_second = rate as f64 * 1000.0;
        let per_piece = usize::try_from(rate.saturating_mul(100)).unwrap_or(usize::MAX);
        let mut due = self.bandwidth_due.map_or(arrived, |due| due.max(arrived));
        while data.len() > per_piece {
            due += Duration::from_secs_f64(per_piece as f64 / per_second);
            sleep_until(due).await;
            if sink.write_all(&data[..per_piece]).await.is_err() {
                return None;
            }
            data.drain(..per_piece);
        }
        due += Duration::from_secs_f64(data.len() as f64 / per_second);
        sleep_until(due).await;
        self.bandwidth_due = Some(due);
        Some(())
    }
}

/// A latency with its jitter drawn: `latency ± jitter` ms, never below 0.
fn latency_of(latency: u64, jitter: u64) -> Duration {
    // Attributes stay within i64 (see `whole_number`); clamp anyway so no
    // value can overflow here.
    let jitter = jitter.min(i64::MAX as u64) as i64;
    let shift = if jitter == 0 {
        0
    } else {
        fastrand::i64(-jitter..=jitter)
    };
    let latency = latency.min(i64::MAX as u64) as i64;
    millis(latency.saturating_add(shift).max(0) as u64)
}

/// Milliseconds as a duration far enough ahead for any timer (`Instant`
/// plus an unbounded duration would overflow).
fn millis(ms: u64) -> Duration {
    Duration::from_millis(ms.min(MAX_WAIT_MS))
}

/// About 30 years: longer than any test, short enough to add to an `Instant`.
const MAX_WAIT_MS: u64 = 1_000_000_000_000;

/// Writes `data` in pieces of `average ± variation` bytes, `delay_micros`
/// apart.
async fn write_sliced(
    sink: &mut OwnedWriteHalf,
    mut data: &[u8],
    average: u64,
    variation: u64,
    delay_micros: u64,
) -> std::io::Result<()> {
    // A piece is never bigger than a chunk, which also keeps the sizes
    // small enough to do arithmetic on.
    let average = average.min(CHUNK_SIZE as u64) as i64;
    let variation = variation.min(average as u64 - 1) as i64;
    while !data.is_empty() {
        let size = (average + fastrand::i64(-variation..=variation)).max(1) as usize;
        let (piece, rest) = data.split_at(size.min(data.len()));
        sink.write_all(piece).await?;
        data = rest;
        if !data.is_empty() && delay_micros > 0 {
            sleep(Duration::from_micros(delay_micros.min(MAX_WAIT_MS))).await;
        }
    }
    Ok(())
}
