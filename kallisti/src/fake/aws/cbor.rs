//! Just enough CBOR (RFC 8949) for the Smithy RPC v2 CBOR protocol
//! CloudWatch speaks: requests decode to JSON values (tags dropped, byte
//! strings as text), and JSON values encode back, a `{"$epoch": secs}`
//! object becoming a timestamp (tag 1).

use serde_json::{Map, Number, Value};

/// Decodes one CBOR item; `None` on malformed input.
pub(crate) fn decode(bytes: &[u8]) -> Option<Value> {
    let mut at = 0;
    item(bytes, &mut at)
}

fn take<'a>(bytes: &'a [u8], at: &mut usize, n: usize) -> Option<&'a [u8]> {
    let slice = bytes.get(*at..*at + n)?;
    *at += n;
    Some(slice)
}

/// The head's argument; `None` for an indefinite length (31).
fn argument(bytes: &[u8], at: &mut usize, info: u8) -> Option<Option<u64>> {
    Some(Some(match info {
        0..=23 => info as u64,
        24 => take(bytes, at, 1)?[0] as u64,
        25 => u16::from_be_bytes(take(bytes, at, 2)?.try_into().ok()?) as u64,
        26 => u32::from_be_bytes(take(bytes, at, 4)?.try_into().ok()?) as u64,
        27 => u64::from_be_bytes(take(bytes, at, 8)?.try_into().ok()?),
        31 => return Some(None),
        _ => return None,
    }))
}

fn is_break(bytes: &[u8], at: &mut usize) -> bool {
    if bytes.get(*at) == Some(&0xff) {
        *at += 1;
        true
    } else {
        false
    }
}

fn item(bytes: &[u8], at: &mut usize) -> Option<Value> {
    let head = *bytes.get(*at)?;
    *at += 1;
    let (major, info) = (head >> 5, head & 0x1f);
    if major == 7 {
        return simple(bytes, at, info);
    }
    let arg = argument(bytes, at, info)?;
    match major {
        0 => Some(Value::from(arg?)),
        1 => Some(Value::from(-1 - arg? as i64)),
        2 | 3 => text(bytes, at, arg).map(Value::String),
        4 => array(bytes, at, arg).map(Value::Array),
        5 => map(bytes, at, arg).map(Value::Object),
        // A tag (a timestamp, say): its content stands for it.
        6 => item(bytes, at),
        _ => None,
    }
}

/// Major type 7: `false`, `true`, null/undefined and floats.
fn simple(bytes: &[u8], at: &mut usize, info: u8) -> Option<Value> {
    match info {
        20 => Some(Value::Bool(false)),
        21 => Some(Value::Bool(true)),
        22 | 23 => Some(Value::Null),
        25 => {
            let half = u16::from_be_bytes(take(bytes, at, 2)?.try_into().ok()?);
            Some(float(half_to_f64(half)))
        }
        26 => Some(float(
            f32::from_be_bytes(take(bytes, at, 4)?.try_into().ok()?) as f64,
        )),
        27 => Some(float(f64::from_be_bytes(
            take(bytes, at, 8)?.try_into().ok()?,
        ))),
        _ => None,
    }
}

/// A byte or text string of `length` bytes, or of chunks up to a break.
fn text(bytes: &[u8], at: &mut usize, length: Option<u64>) -> Option<String> {
    match length {
        Some(n) => Some(String::from_utf8_lossy(take(bytes, at, n as usize)?).into_owned()),
        None => {
            let mut text = String::new();
            while !is_break(bytes, at) {
                text.push_str(item(bytes, at)?.as_str()?);
            }
            Some(text)
        }
    }
}

/// Calls `each` for `length` entries, or until a break.
fn entries(
    bytes: &[u8],
    at: &mut usize,
    length: Option<u64>,
    mut each: impl FnMut(&mut usize) -> Option<()>,
) -> Option<()> {
    match length {
        Some(n) => {
            for _ in 0..n {
                each(at)?;
            }
        }
        None => {
            while !is_break(bytes, at) {
                each(at)?;
            }
        }
    }
    Some(())
}

fn array(bytes: &[u8], at: &mut usize, length: Option<u64>) -> Option<Vec<Value>> {
    let mut items = Vec::new();
    entries(bytes, at, length, |at| {
        items.push(item(bytes, at)?);
        Some(())
    })?;
    Some(items)
}

/// A map; its keys must be strings, as JSON's are.
fn map(bytes: &[u8], at: &mut usize, length: Option<u64>) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    entries(bytes, at, length, |at| {
        let key = item(bytes, at)?;
        let value = item(bytes, at)?;
        map.insert(key.as_str()?.to_string(), value);
        Some(())
    })?;
    Some(map)
}

fn float(f: f64) -> Value {
    Number::from_f64(f)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

fn half_to_f64(half: u16) -> f64 {
    let exponent = (half >> 10) & 0x1f;
    let mantissa = (half & 0x3ff) as f64;
    let magnitude = match exponent {
        0 => mantissa * 2f64.powi(-24),
        31 => f64::INFINITY,
        e => (1.0 + mantissa / 1024.0) * 2f64.powi(e as i32 - 15),
    };
    if half & 0x8000 != 0 {
        -magnitude
    } else {
        magnitude
    }
}

fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend([m | 24, n as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend((n as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(m | 26);
            out.extend((n as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend(n.to_be_bytes());
        }
    }
}

/// Encodes a JSON value.
pub(crate) fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out, value);
    out
}

fn write(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.push(0xf6),
        Value::Bool(b) => out.push(if *b { 0xf5 } else { 0xf4 }),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => head(out, 0, u),
            (None, Some(i)) => head(out, 1, (-1 - i) as u64),
            _ => {
                out.push(0xfb);
                out.extend(n.as_f64().unwrap_or_default().to_be_bytes());
            }
        },
        Value::String(s) => {
            head(out, 3, s.len() as u64);
            out.extend(s.as_bytes());
        }
        Value::Array(items) => {
            head(out, 4, items.len() as u64);
            for i in items {
                write(out, i);
            }
        }
        Value::Object(map) => {
            if let (1, Some(secs)) = (map.len(), map.get("$epoch").and_then(Value::as_f64)) {
                head(out, 6, 1);
                out.push(0xfb);
                out.extend(secs.to_be_bytes());
                return;
            }
            head(out, 5, map.len() as u64);
            for (k, v) in map {
                head(out, 3, k.len() as u64);
                out.extend(k.as_bytes());
                write(out, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_survive_a_round_trip() {
        let value = json!({"a": [1, -2, 3.5, "x", null, true, false], "b": {"c": 300, "d": 70000, "e": 5_000_000_000u64}});
        assert_eq!(decode(&encode(&value)), Some(value));
    }

    #[test]
    fn timestamps_are_tag_1_and_decode_to_their_seconds() {
        let bytes = encode(&json!({"$epoch": 1700000000.5}));
        assert_eq!(bytes[0], 0xc1);
        assert_eq!(decode(&bytes), Some(json!(1700000000.5)));
    }

    #[test]
    fn indefinite_lengths_and_half_floats_decode() {
        // {_ "a": [_ 1, 2], "b": 1.5 (half)}
        let bytes = [
            0xbf, 0x61, b'a', 0x9f, 0x01, 0x02, 0xff, 0x61, b'b', 0xf9, 0x3e, 0x00, 0xff,
        ];
        assert_eq!(decode(&bytes), Some(json!({"a": [1, 2], "b": 1.5})));
        assert_eq!(decode(&[0x82, 0x01]), None, "truncated");
    }
}
