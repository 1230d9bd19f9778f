//! Label and field selectors, parsed as strictly as the API server parses
//! them: a selector it would refuse is a 400 here too, with its reason.

use serde_json::Value;

/// One term of a label selector.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    Absent(String),
    GreaterThan(String, i64),
    LessThan(String, i64),
}

/// Parses a label selector (`app=cart,tier in (web,api),!canary`).
pub(super) fn parse_labels(selector: &str) -> Result<Vec<Requirement>, String> {
    let mut requirements = Vec::new();
    for term in split_terms(selector) {
        let term = term.trim();
        if term.is_empty() {
            // The server takes an empty selector, not an empty term in one.
            if selector.trim().is_empty() {
                continue;
            }
            return Err(format!(
                "unable to parse requirement: found '', expected: identifier in {selector:?}"
            ));
        }
        requirements.push(parse_requirement(term)?);
    }
    Ok(requirements)
}

fn parse_requirement(term: &str) -> Result<Requirement, String> {
    let key = |k: &str| check_key(k.trim()).map(|()| k.trim().to_string());
    let value = |v: &str| check_value(v.trim()).map(|()| v.trim().to_string());
    if let Some((k, v)) = term.split_once("!=") {
        return Ok(Requirement::NotEquals(key(k)?, value(v)?));
    }
    if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
        return Ok(Requirement::Equals(key(k)?, value(v)?));
    }
    if let Some((k, set)) = split_set(term, "notin")? {
        return Ok(Requirement::NotIn(
            key(k)?,
            set.iter().map(|v| value(v)).collect::<Result<_, _>>()?,
        ));
    }
    if let Some((k, set)) = split_set(term, "in")? {
        return Ok(Requirement::In(
            key(k)?,
            set.iter().map(|v| value(v)).collect::<Result<_, _>>()?,
        ));
    }
    for (op, greater) in [('>', true), ('<', false)] {
        if let Some((k, n)) = term.split_once(op) {
            let n: i64 = n.trim().parse().map_err(|_| {
                format!("unable to parse requirement: for '{op}', the value must be an integer, not {:?}", n.trim())
            })?;
            let k = key(k)?;
            return Ok(if greater {
                Requirement::GreaterThan(k, n)
            } else {
                Requirement::LessThan(k, n)
            });
        }
    }
    match term.strip_prefix('!') {
        Some(k) => Ok(Requirement::Absent(key(k)?)),
        None => Ok(Requirement::Exists(key(term)?)),
    }
}

/// `key in (a,b)` / `key notin (a,b)`: `None` when `op` is not the term's
/// operator; an error when it is but the set is malformed or empty.
fn split_set<'a>(term: &'a str, op: &str) -> Result<Option<(&'a str, Vec<&'a str>)>, String> {
    let mut words = term.splitn(2, char::is_whitespace);
    let (Some(k), Some(rest)) = (words.next(), words.next()) else {
        return Ok(None);
    };
    let Some(rest) = rest.trim_start().strip_prefix(op) else {
        return Ok(None);
    };
    if !rest.starts_with([' ', '(']) {
        return Ok(None);
    }
    let inner = rest
        .trim()
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(|| {
            format!(
                "unable to parse requirement: expected '(' and ')' around the values of {term:?}"
            )
        })?;
    let values: Vec<&str> = inner.split(',').map(str::trim).collect();
    if values.iter().all(|v| v.is_empty()) {
        return Err(format!(
            "unable to parse requirement: for 'in', 'notin' operators, values set can't be empty ({term:?})"
        ));
    }
    Ok(Some((k, values)))
}

/// A label key: an optional DNS subdomain prefix and `/`, then a name of at
/// most 63 characters, alphanumeric at both ends, `-`, `_` and `.` inside.
fn check_key(key: &str) -> Result<(), String> {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if let Some(prefix) = prefix {
        let subdomain = !prefix.is_empty()
            && prefix.len() <= 253
            && prefix.split('.').all(|part| {
                !part.is_empty()
                    && part.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                    && part.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            });
        if !subdomain {
            return Err(format!(
                "unable to parse requirement: invalid label key {key:?}: prefix part must be a lowercase DNS subdomain"
            ));
        }
    }
    if name.is_empty() || !is_label_text(name) {
        return Err(format!(
            "unable to parse requirement: invalid label key {key:?}: name part must be 63 characters or less, alphanumeric at both ends, with '-', '_' or '.' between"
        ));
    }
    Ok(())
}

/// A label value: empty, or what a key's name part may be.
fn check_value(value: &str) -> Result<(), String> {
    if value.is_empty() || is_label_text(value) {
        Ok(())
    } else {
        Err(format!(
            "unable to parse requirement: invalid label value {value:?}: must be 63 characters or less, alphanumeric at both ends, with '-', '_' or '.' between"
        ))
    }
}

fn is_label_text(text: &str) -> bool {
    text.len() <= 63
        && text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text.ends_with(|c: char| c.is_ascii_alphanumeric())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// Whether labels meet every requirement.
pub(super) fn labels_meet(requirements: &[Requirement], labels: &Value) -> bool {
    let get = |k: &str| labels.get(k).and_then(Value::as_str);
    let number = |k: &str| get(k).and_then(|v| v.parse::<i64>().ok());
    requirements.iter().all(|r| match r {
        Requirement::Equals(k, v) => get(k) == Some(v.as_str()),
        Requirement::NotEquals(k, v) => get(k) != Some(v.as_str()),
        Requirement::In(k, set) => get(k).is_some_and(|v| set.iter().any(|s| s == v)),
        Requirement::NotIn(k, set) => !get(k).is_some_and(|v| set.iter().any(|s| s == v)),
        Requirement::Exists(k) => get(k).is_some(),
        Requirement::Absent(k) => get(k).is_none(),
        Requirement::GreaterThan(k, n) => number(k).is_some_and(|v| v > *n),
        Requirement::LessThan(k, n) => number(k).is_some_and(|v| v < *n),
    })
}

/// Splits a selector on commas outside parentheses.
fn split_terms(selector: &str) -> Vec<&str> {
    let mut terms = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in selector.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                terms.push(&selector[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    terms.push(&selector[start..]);
    terms
}

/// One term of a field selector.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FieldTerm {
    path: String,
    value: String,
    equal: bool,
}

/// Parses a field selector (`status.phase=Running,spec.nodeName!=n1`) and
/// checks each field against those the server can select `plural` by.
pub(super) fn parse_fields(selector: &str, plural: &str) -> Result<Vec<FieldTerm>, String> {
    let mut terms = Vec::new();
    for term in selector.split(',').filter(|t| !t.trim().is_empty()) {
        let (path, value, equal) = match term.split_once("!=") {
            Some((p, v)) => (p, v, false),
            None => match term.split_once("==").or_else(|| term.split_once('=')) {
                Some((p, v)) => (p, v, true),
                None => {
                    return Err(format!(
                        "invalid selector: '{selector}'; can't understand '{term}'"
                    ))
                }
            },
        };
        let path = path.trim();
        if !selectable_fields(plural).contains(&path) {
            return Err(format!("field label not supported: {path}"));
        }
        terms.push(FieldTerm {
            path: path.to_string(),
            value: value.trim().to_string(),
            equal,
        });
    }
    Ok(terms)
}

/// The fields the API server selects each kind by (its field label
/// conversion functions); every kind has the two metadata ones.
fn selectable_fields(plural: &str) -> Vec<&'static str> {
    let mut fields = vec!["metadata.name", "metadata.namespace"];
    fields.extend_from_slice(match plural {
        "pods" => &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
        "nodes" => &["spec.unschedulable"],
        "events" => &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
        "secrets" => &["type"],
        "namespaces" => &["status.phase"],
        "replicasets" => &["status.replicas"],
        _ => &[],
    });
    fields
}

/// Whether `object` meets every field term.
pub(super) fn fields_meet(terms: &[FieldTerm], object: &Value) -> bool {
    terms.iter().all(|term| {
        let at = term.path.split('.').fold(object, |at, part| &at[part]);
        let actual = match at {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        (actual == term.value) == term.equal
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn matches(selector: &str, labels: Value) -> Result<bool, String> {
        Ok(labels_meet(&parse_labels(selector)?, &labels))
    }

    #[test]
    fn label_selectors_cover_equality_sets_and_existence() {
        let labels = json!({"app": "cart", "tier": "web", "rank": "3"});
        for (selector, expected) in [
            ("app=cart", true),
            ("app==cart", true),
            ("app!=cart", false),
            ("tier in (web, api)", true),
            ("tier notin (web)", false),
            ("app,!canary", true),
            ("canary", false),
            ("rank>2,rank<4", true),
            ("example.com/owner=", false),
            ("", true),
        ] {
            assert_eq!(
                matches(selector, labels.clone()),
                Ok(expected),
                "{selector}"
            );
        }
    }

    #[test]
    fn label_selectors_the_server_refuses_are_refused() {
        for selector in [
            "app=cart,",
            "app=ca rt",
            "Bad Key!=x",
            "-app=x",
            "app=-x",
            "tier in ()",
            "tier in web",
            "UPPER.example.com/app=x",
            "rank>two",
            &format!("app={}", "x".repeat(64)),
        ] {
            let error = parse_labels(selector).unwrap_err();
            assert!(
                error.starts_with("unable to parse requirement"),
                "{selector}: {error}"
            );
        }
    }

    #[test]
    fn field_selectors_read_dotted_paths_and_refuse_unknown_fields() {
        let pod = json!({"metadata": {"name": "p"}, "status": {"phase": "Running"}, "spec": {"nodeName": "n1"}});
        let terms = parse_fields("status.phase=Running,spec.nodeName!=n2", "pods").unwrap();
        assert!(fields_meet(&terms, &pod));
        let terms = parse_fields("metadata.name==q", "pods").unwrap();
        assert!(!fields_meet(&terms, &pod));
        assert_eq!(
            parse_fields("spec.color=red", "pods").unwrap_err(),
            "field label not supported: spec.color"
        );
        assert_eq!(
            parse_fields("status.phase", "pods").unwrap_err(),
            "invalid selector: 'status.phase'; can't understand 'status.phase'"
        );
        assert!(parse_fields("status.phase=Running", "deployments").is_err());
    }
}
