//! PromQL selectors: series selectors with their label matchers, and
//! range selectors.

use regex::Regex;
use std::collections::BTreeMap;

/// A seeded series' labels (its name as `__name__`).
pub(super) fn parse_series_labels(selector: &str) -> Result<BTreeMap<String, String>, String> {
    let matchers = parse_selector(selector)?;
    let mut labels = BTreeMap::new();
    for m in matchers {
        if m.op != "=" {
            return Err(format!(
                "a seeded series takes only `=` labels, not `{}`",
                m.op
            ));
        }
        labels.insert(m.label, m.value);
    }
    Ok(labels)
}

/// One label matcher of a selector.
#[derive(Debug)]
pub(super) struct Matcher {
    label: String,
    op: &'static str,
    value: String,
}

impl Matcher {
    pub(super) fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let actual = labels.get(&self.label).map(String::as_str).unwrap_or("");
        match self.op {
            "=" => actual == self.value,
            "!=" => actual != self.value,
            op => {
                let re = Regex::new(&format!("^(?:{})$", self.value)).expect("checked at parse");
                (op == "=~") == re.is_match(actual)
            }
        }
    }
}

/// `name{a="b", c!~"d"}` into matchers (the name as `__name__`).
pub(super) fn parse_selector(text: &str) -> Result<Vec<Matcher>, String> {
    let text = text.trim();
    let (name, rest) = match text.find('{') {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    };
    let name_ok = |n: &str| {
        n.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    };
    let mut matchers = Vec::new();
    if !name.is_empty() {
        if !name_ok(name) {
            return Err(format!("unexpected character in metric name `{name}`"));
        }
        matchers.push(Matcher {
            label: "__name__".into(),
            op: "=",
            value: name.into(),
        });
    }
    if !rest.is_empty() {
        let inner = rest
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .ok_or("unclosed label matchers: expected `}`")?;
        let pair = Regex::new(
            r#"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)"#,
        )
        .expect("valid pattern");
        let mut rest = inner;
        while !rest.trim().is_empty() {
            let caps = pair
                .captures(rest)
                .ok_or_else(|| format!("bad label matcher near `{}`", rest.trim()))?;
            let op = match &caps[2] {
                "=" => "=",
                "!=" => "!=",
                "=~" => "=~",
                _ => "!~",
            };
            let value = caps[3].replace("\\\"", "\"").replace("\\\\", "\\");
            if op.contains('~') {
                Regex::new(&value).map_err(|e| format!("invalid regular expression: {e}"))?;
            }
            matchers.push(Matcher {
                label: caps[1].to_string(),
                op,
                value,
            });
            rest = &rest[caps[0].len()..];
        }
    }
    if matchers.is_empty() {
        return Err("vector selector must contain at least one non-empty matcher".into());
    }
    Ok(matchers)
}

/// A range selector `sel[5m]`: the selector and the window in seconds.
pub(super) fn split_range(query: &str) -> Result<(&str, Option<f64>), String> {
    let q = query.trim();
    let Some(body) = q.strip_suffix(']') else {
        return Ok((q, None));
    };
    let open = body.rfind('[').ok_or("unexpected `]`")?;
    let window = crate::time::parse_prometheus_duration(&body[open + 1..])?;
    Ok((&body[..open], Some(window)))
}
