//! Toxics: what a proxy does to the bytes it carries, in Toxiproxy's terms.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::time::Duration;

/// Which way the bytes a toxic acts on travel.
///
/// `Upstream` is what the service under test sends to its dependency;
/// `Downstream` is what the dependency answers (Toxiproxy's default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    /// From the client (the service under test) to the upstream.
    Upstream,
    /// From the upstream back to the client.
    #[default]
    Downstream,
}

impl Stream {
    /// `upstream` or `downstream`.
    pub fn name(self) -> &'static str {
        match self {
            Stream::Upstream => "upstream",
            Stream::Downstream => "downstream",
        }
    }

    /// Reads `upstream` or `downstream`.
    pub fn parse(text: &str) -> Option<Stream> {
        match text {
            "upstream" => Some(Stream::Upstream),
            "downstream" => Some(Stream::Downstream),
            _ => None,
        }
    }
}

/// What a toxic does, with its attributes (times in milliseconds unless
/// said otherwise, as Toxiproxy counts them).
#[derive(Debug, Clone, PartialEq)]
pub enum ToxicKind {
    /// Holds each chunk `latency` ms after it arrived, give or take up to
    /// `jitter` ms.
    Latency {
        /// Added delay, in ms.
        latency: u64,
        /// Largest random change to the delay, either way, in ms.
        jitter: u64,
    },
    /// Lets at most `rate` KB (1000 bytes) through per second; 0 lets
    /// nothing through until the toxic goes (a connection that hangs).
    Bandwidth {
        /// KB per second.
        rate: u64,
    },
    /// Waits `delay` ms before passing on a close.
    SlowClose {
        /// Delay before the close, in ms.
        delay: u64,
    },
    /// Passes nothing on; closes the connection once `timeout` ms pass
    /// with no data (never when 0), or when the toxic is removed.
    Timeout {
        /// Time until the close, in ms; 0 holds the connection open.
        timeout: u64,
    },
    /// On the next data, drops it, waits `timeout` ms, then resets the
    /// connection (TCP RST) instead of closing it.
    ResetPeer {
        /// Delay before the reset, in ms.
        timeout: u64,
    },
    /// Cuts each chunk into pieces of about `average_size` bytes (give or
    /// take `size_variation`) sent `delay` µs apart; `average_size` 0
    /// leaves chunks whole.
    Slicer {
        /// Mean piece size in bytes.
        average_size: u64,
        /// Largest change to a piece's size, either way.
        size_variation: u64,
        /// Pause between pieces, in microseconds.
        delay: u64,
    },
    /// Closes the connection once `bytes` bytes have gone through.
    LimitData {
        /// Bytes let through before the close.
        bytes: u64,
    },
    /// Does nothing (Toxiproxy has it, to test clients with).
    Noop,
}

/// The toxic types Toxiproxy knows, in its spelling.
pub const TOXIC_TYPES: &[&str] = &[
    "latency",
    "bandwidth",
    "slow_close",
    "timeout",
    "reset_peer",
    "slicer",
    "limit_data",
    "noop",
];

impl ToxicKind {
    /// Toxiproxy's name of the type (`latency`, `slow_close`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            ToxicKind::Latency { .. } => "latency",
            ToxicKind::Bandwidth { .. } => "bandwidth",
            ToxicKind::SlowClose { .. } => "slow_close",
            ToxicKind::Timeout { .. } => "timeout",
            ToxicKind::ResetPeer { .. } => "reset_peer",
            ToxicKind::Slicer { .. } => "slicer",
            ToxicKind::LimitData { .. } => "limit_data",
            ToxicKind::Noop => "noop",
        }
    }

    /// The attribute names of a type, in Toxiproxy's order.
    pub fn attribute_names(type_name: &str) -> Option<&'static [&'static str]> {
        Some(match type_name {
            "latency" => &["latency", "jitter"],
            "bandwidth" => &["rate"],
            "slow_close" => &["delay"],
            "timeout" | "reset_peer" => &["timeout"],
            "slicer" => &["average_size", "size_variation", "delay"],
            "limit_data" => &["bytes"],
            "noop" => &[],
            _ => return None,
        })
    }

    /// Builds a toxic of `type_name` from its JSON attributes; missing ones
    /// are 0, as in Toxiproxy. Unknown types and attributes that are not
    /// whole non-negative numbers are refused, naming them.
    pub fn from_attributes(
        type_name: &str,
        attributes: &Map<String, Value>,
    ) -> Result<Self, String> {
        let names = Self::attribute_names(type_name).ok_or_else(|| {
            format!(
                "unknown toxic type `{type_name}`; known: {}",
                TOXIC_TYPES.join(", ")
            )
        })?;
        let mut values = [0u64; 3];
        for (slot, name) in values.iter_mut().zip(names.iter()) {
            *slot = match attributes.get(*name) {
                None | Some(Value::Null) => 0,
                Some(value) => whole_number(value).ok_or_else(|| {
                    format!("attribute `{name}` must be a whole number ≥ 0, not {value}")
                })?,
            };
        }
        let [a, b, c] = values;
        Ok(match type_name {
            "latency" => ToxicKind::Latency {
                latency: a,
                jitter: b,
            },
            "bandwidth" => ToxicKind::Bandwidth { rate: a },
            "slow_close" => ToxicKind::SlowClose { delay: a },
            "timeout" => ToxicKind::Timeout { timeout: a },
            "reset_peer" => ToxicKind::ResetPeer { timeout: a },
            "slicer" => ToxicKind::Slicer {
                average_size: a,
                size_variation: b,
                delay: c,
            },
            "limit_data" => ToxicKind::LimitData { bytes: a },
            _ => ToxicKind::Noop,
        })
    }

    /// The attributes as Toxiproxy shows them.
    pub fn attributes(&self) -> Map<String, Value> {
        let values: Vec<u64> = match *self {
            ToxicKind::Latency { latency, jitter } => vec![latency, jitter],
            ToxicKind::Bandwidth { rate } => vec![rate],
            ToxicKind::SlowClose { delay } => vec![delay],
            ToxicKind::Timeout { timeout } | ToxicKind::ResetPeer { timeout } => vec![timeout],
            ToxicKind::Slicer {
                average_size,
                size_variation,
                delay,
            } => {
                vec![average_size, size_variation, delay]
            }
            ToxicKind::LimitData { bytes } => vec![bytes],
            ToxicKind::Noop => vec![],
        };
        let names = Self::attribute_names(self.type_name()).expect("every kind has names");
        names
            .iter()
            .zip(values)
            .map(|(n, v)| (n.to_string(), Value::from(v)))
            .collect()
    }
}

/// A JSON number that is a whole number ≥ 0 (Toxiproxy's attributes are
/// integers; `100.0` reads as 100).
fn whole_number(value: &Value) -> Option<u64> {
    // Toxiproxy reads attributes as 64-bit signed integers: nothing above
    // i64::MAX, which also keeps the arithmetic on them from overflowing.
    const MAX: u64 = i64::MAX as u64;
    if let Some(n) = value.as_u64() {
        return (n <= MAX).then_some(n);
    }
    let f = value.as_f64()?;
    (f >= 0.0 && f.fract() == 0.0 && f <= MAX as f64).then_some(f as u64)
}

/// A toxic on a proxy: what it does, which way, how often, under which name.
///
/// ```
/// use kallisti::net::{Stream, Toxic};
/// use std::time::Duration;
///
/// let slow = Toxic::latency(Duration::from_millis(200)).jitter(Duration::from_millis(20));
/// assert_eq!(slow.name(), "latency_downstream");
/// let cut = Toxic::reset_peer(Duration::ZERO).upstream().named("cut").toxicity(0.5);
/// assert_eq!(cut.name(), "cut");
/// assert_eq!((cut.stream(), cut.toxicity_value()), (Stream::Upstream, 0.5));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Toxic {
    pub(crate) name: Option<String>,
    pub(crate) kind: ToxicKind,
    pub(crate) stream: Stream,
    pub(crate) toxicity: f64,
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl Toxic {
    /// A toxic of any kind, downstream, on every connection.
    pub fn new(kind: ToxicKind) -> Self {
        Toxic {
            name: None,
            kind,
            stream: Stream::Downstream,
            toxicity: 1.0,
        }
    }

    /// Delays each chunk by `delay`.
    pub fn latency(delay: Duration) -> Self {
        Self::new(ToxicKind::Latency {
            latency: millis(delay),
            jitter: 0,
        })
    }

    /// Limits the rate to `kilobytes_per_second` (of 1000 bytes).
    pub fn bandwidth(kilobytes_per_second: u64) -> Self {
        Self::new(ToxicKind::Bandwidth {
            rate: kilobytes_per_second,
        })
    }

    /// Delays the close of the connection by `delay`.
    pub fn slow_close(delay: Duration) -> Self {
        Self::new(ToxicKind::SlowClose {
            delay: millis(delay),
        })
    }

    /// Stops all data; closes the connection after `after` (never when zero).
    pub fn timeout(after: Duration) -> Self {
        Self::new(ToxicKind::Timeout {
            timeout: millis(after),
        })
    }

    /// Resets the connection `after` the next data arrives.
    pub fn reset_peer(after: Duration) -> Self {
        Self::new(ToxicKind::ResetPeer {
            timeout: millis(after),
        })
    }

    /// Sends data in pieces of about `average_size` bytes, `delay` apart.
    pub fn slicer(average_size: u64, size_variation: u64, delay: Duration) -> Self {
        let delay = u64::try_from(delay.as_micros()).unwrap_or(u64::MAX);
        Self::new(ToxicKind::Slicer {
            average_size,
            size_variation,
            delay,
        })
    }

    /// Closes the connection after `bytes` bytes.
    pub fn limit_data(bytes: u64) -> Self {
        Self::new(ToxicKind::LimitData { bytes })
    }

    /// Adds random jitter of up to `jitter` either way to a latency toxic
    /// (other kinds ignore it).
    pub fn jitter(mut self, jitter: Duration) -> Self {
        if let ToxicKind::Latency { jitter: j, .. } = &mut self.kind {
            *j = millis(jitter);
        }
        self
    }

    /// Acts on what the client sends instead of what it receives.
    pub fn upstream(mut self) -> Self {
        self.stream = Stream::Upstream;
        self
    }

    /// Acts on what the client receives (the default).
    pub fn downstream(mut self) -> Self {
        self.stream = Stream::Downstream;
        self
    }

    /// The chance, from 0 to 1, that a connection is affected (default 1).
    /// Values outside are clamped: Toxiproxy also takes above 1 as always
    /// and below 0 as never.
    pub fn toxicity(mut self, toxicity: f64) -> Self {
        self.toxicity = if toxicity.is_nan() {
            1.0
        } else {
            toxicity.clamp(0.0, 1.0)
        };
        self
    }

    /// Names the toxic (default: `<type>_<stream>`, as Toxiproxy names it).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Its name: the one given, else `<type>_<stream>`.
    pub fn name(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("{}_{}", self.kind.type_name(), self.stream.name()))
    }

    /// What it does.
    pub fn kind(&self) -> &ToxicKind {
        &self.kind
    }

    /// Which way it acts.
    pub fn stream(&self) -> Stream {
        self.stream
    }

    /// The chance that a connection is affected.
    pub fn toxicity_value(&self) -> f64 {
        self.toxicity
    }

    /// The toxic as Toxiproxy's API shows it.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "name": self.name(),
            "type": self.kind.type_name(),
            "stream": self.stream.name(),
            "toxicity": self.toxicity,
            "attributes": self.kind.attributes(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attributes_read_back_as_written_and_missing_ones_are_zero() {
        for type_name in TOXIC_TYPES {
            let names = ToxicKind::attribute_names(type_name).unwrap();
            let attributes: Map<String, Value> = names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.to_string(), json!(i as u64 + 7)))
                .collect();
            let kind = ToxicKind::from_attributes(type_name, &attributes).unwrap();
            assert_eq!(kind.type_name(), *type_name);
            assert_eq!(kind.attributes(), attributes);
        }
        let kind = ToxicKind::from_attributes("latency", &Map::new()).unwrap();
        assert_eq!(
            kind,
            ToxicKind::Latency {
                latency: 0,
                jitter: 0
            }
        );
    }

    #[test]
    fn unknown_types_and_bad_attributes_are_refused_by_name() {
        let err = ToxicKind::from_attributes("lag", &Map::new()).unwrap_err();
        assert!(err.contains("`lag`") && err.contains("latency"), "{err}");
        let bad = json!({"latency": -5}).as_object().unwrap().clone();
        let err = ToxicKind::from_attributes("latency", &bad).unwrap_err();
        assert!(err.contains("`latency`"), "{err}");
        let fine = json!({"latency": 100.0}).as_object().unwrap().clone();
        assert_eq!(
            ToxicKind::from_attributes("latency", &fine).unwrap(),
            ToxicKind::Latency {
                latency: 100,
                jitter: 0
            }
        );
    }

    #[test]
    fn the_default_name_joins_type_and_stream() {
        assert_eq!(
            Toxic::limit_data(10).upstream().name(),
            "limit_data_upstream"
        );
        assert_eq!(
            Toxic::timeout(Duration::ZERO)
                .toxicity(7.0)
                .toxicity_value(),
            1.0
        );
        assert_eq!(
            Toxic::timeout(Duration::ZERO)
                .toxicity(f64::NAN)
                .toxicity_value(),
            1.0
        );
    }
}
