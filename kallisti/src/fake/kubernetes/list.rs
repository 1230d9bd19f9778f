//! Lists of one kind: label and field selectors, `limit`/`continue` pages,
//! metadata-only lists and watches.

use super::kinds::ResourceKind;
use super::selectors::{
    fields_meet, labels_meet, parse_fields, parse_labels, FieldTerm, Requirement,
};
use super::{ok, status, Answer, Body, Key, Store};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::ops::Bound;
use wiremock::Request;

/// Which objects of the kind a list asks for.
struct Wanted<'a> {
    ns: Option<&'a str>,
    labels: Option<Vec<Requirement>>,
    fields: Option<Vec<FieldTerm>>,
}

impl Wanted<'_> {
    fn admits(&self, namespace: &str, object: &Value) -> bool {
        self.ns.is_none_or(|n| n == namespace)
            && self
                .labels
                .as_ref()
                .is_none_or(|r| labels_meet(r, &object["metadata"]["labels"]))
            && self.fields.as_ref().is_none_or(|f| fields_meet(f, object))
    }
}

/// One page of objects, and whether more follow it.
struct Page<'a> {
    /// (namespace, name, object as answered).
    items: Vec<(&'a str, &'a str, Value)>,
    more: bool,
}

pub(super) fn list(
    store: &Store,
    kind: &ResourceKind,
    ns: Option<&str>,
    request: &Request,
) -> Answer {
    let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
    let wanted = match wanted(&query, kind, ns) {
        Ok(wanted) => wanted,
        Err(message) => return status(400, "BadRequest", message, json!({})),
    };
    // Clients asking for `PartialObjectMetadataList` get metadata only.
    let metadata_only = request
        .headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("as=PartialObjectMetadataList"));
    let Ok(after) = continue_after(&query) else {
        return status(
            410,
            "Expired",
            "The provided continue parameter is too old".into(),
            json!({}),
        );
    };
    let limit: usize = query
        .get("limit")
        .and_then(|l| l.parse().ok())
        .filter(|l| *l > 0)
        .unwrap_or(usize::MAX);
    let page = walk(store, kind, &wanted, after, limit, metadata_only);
    if is_watch(&query) {
        return watch_events(page);
    }
    list_answer(store, kind, page, metadata_only)
}

/// The selectors of the query, or why one does not parse.
fn wanted<'a>(
    query: &BTreeMap<String, String>,
    kind: &ResourceKind,
    ns: Option<&'a str>,
) -> Result<Wanted<'a>, String> {
    let labels = query
        .get("labelSelector")
        .map(|s| parse_labels(s))
        .transpose()?;
    let fields = query
        .get("fieldSelector")
        .map(|s| parse_fields(s, &kind.plural))
        .transpose()?;
    Ok(Wanted { ns, labels, fields })
}

/// Continue tokens name the last object returned, so each page costs only
/// what it walks (`after:namespace/name`); `Err` for a token the fake did
/// not give.
fn continue_after(query: &BTreeMap<String, String>) -> Result<Option<(String, String)>, ()> {
    let Some(token) = query.get("continue") else {
        return Ok(None);
    };
    match token.strip_prefix("after:").and_then(|t| t.split_once('/')) {
        Some((n, name)) => Ok(Some((n.to_string(), name.to_string()))),
        None => Err(()),
    }
}

/// Walks the kind's objects from just after `after`, keeping those wanted,
/// up to `limit` of them.
fn walk<'a>(
    store: &'a Store,
    kind: &ResourceKind,
    wanted: &Wanted,
    after: Option<(String, String)>,
    limit: usize,
    metadata_only: bool,
) -> Page<'a> {
    let key =
        |ns: String, name: String| -> Key { (kind.group.clone(), kind.plural.clone(), ns, name) };
    let lower = match after {
        Some((n, name)) => Bound::Excluded(key(n, name)),
        None => Bound::Included(key(String::new(), String::new())),
    };
    let mut page = Page {
        items: Vec::new(),
        more: false,
    };
    for ((group, plural, namespace, name), object) in store.objects.range((lower, Bound::Unbounded))
    {
        if *group != kind.group || *plural != kind.plural {
            break;
        }
        if !wanted.admits(namespace, object) {
            continue;
        }
        if page.items.len() == limit {
            page.more = true;
            break;
        }
        page.items.push((namespace.as_str(), name.as_str(), if metadata_only {
            json!({"apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata", "metadata": object["metadata"]})
        } else {
            object.clone()
        }));
    }
    page
}

fn is_watch(query: &BTreeMap<String, String>) -> bool {
    query
        .get("watch")
        .is_some_and(|w| w.eq_ignore_ascii_case("true") || w == "1")
}

/// A watch gets an `ADDED` event per object now there, then the stream
/// ends (as when the server closes a watch at its timeout).
fn watch_events(page: Page) -> Answer {
    let events: String = page
        .items
        .iter()
        .map(|(_, _, object)| format!("{}\n", json!({"type": "ADDED", "object": object})))
        .collect();
    (200, Body::Text(events))
}

/// The `<Kind>List` (or `PartialObjectMetadataList`) of a page, with a
/// continue token when more follow.
fn list_answer(store: &Store, kind: &ResourceKind, page: Page, metadata_only: bool) -> Answer {
    let mut metadata = json!({"resourceVersion": store.version.to_string()});
    if let (true, Some((namespace, name, _))) = (page.more, page.items.last()) {
        metadata["continue"] = json!(format!("after:{namespace}/{name}"));
    }
    let items: Vec<Value> = page
        .items
        .into_iter()
        .map(|(_, _, object)| object)
        .collect();
    let (list_kind, api_version) = if metadata_only {
        (
            "PartialObjectMetadataList".to_string(),
            "meta.k8s.io/v1".to_string(),
        )
    } else {
        (format!("{}List", kind.kind), kind.api_version())
    };
    ok(json!({"kind": list_kind, "apiVersion": api_version, "metadata": metadata, "items": items}))
}
