//! S3 (REST-XML): bucket versioning, which moto answers in a shape the SDK
//! refuses, and whether objects exist.

use super::wire::{dispatch, tag, Call, Operation, Reply};
use super::State;
use serde_json::Value;

const OPERATIONS: &[Operation] = &[
    ("GetBucketVersioning", get_versioning),
    ("PutBucketVersioning", put_versioning),
    ("HeadObject", head_object),
    ("GetObject", get_object),
    ("DeleteObject", delete_object),
];

/// The operation a REST route names. The fake keeps no object bodies, so
/// any object method but HEAD and DELETE answers as a GET.
fn operation(call: &Call) -> &'static str {
    let method = call.operation.split(' ').next().unwrap_or_default();
    if call.path.len() > 1 {
        return match method {
            "DELETE" => "DeleteObject",
            "HEAD" => "HeadObject",
            _ => "GetObject",
        };
    }
    if !call.query.contains_key("versioning") {
        "Unknown"
    } else if call.operation.starts_with("PUT") {
        "PutBucketVersioning"
    } else {
        "GetBucketVersioning"
    }
}

/// S3 bucket versioning (REST-XML), which moto answers in a shape the SDK
/// refuses.
pub(super) fn s3(state: &mut State, call: &Call) -> Reply {
    let Some(bucket) = call.path.first() else {
        return Reply::query_error(400, "InvalidRequest", "no bucket");
    };
    if !state.buckets.iter().any(|b| &b.0 == bucket) {
        return Reply::query_error(404, "NoSuchBucket", "The specified bucket does not exist");
    }
    dispatch(OPERATIONS, operation(call), state, call, |_| {
        Reply::query_error(
            501,
            "NotImplemented",
            "FakeAws serves bucket versioning only",
        )
    })
}

/// The bucket's index in the fake's buckets (`s3` checked it is there).
fn bucket_at(state: &State, call: &Call) -> usize {
    let bucket = &call.path[0];
    state
        .buckets
        .iter()
        .position(|b| &b.0 == bucket)
        .unwrap_or_default()
}

fn put_versioning(state: &mut State, call: &Call) -> Reply {
    let body = String::from_utf8_lossy(&call.body).into_owned();
    let status = body
        .split("<Status>")
        .nth(1)
        .and_then(|r| r.split("</Status>").next())
        .unwrap_or_default();
    let at = bucket_at(state, call);
    state.buckets[at].1 = status.to_string();
    Reply::xml_document(String::new())
}

fn get_versioning(state: &mut State, call: &Call) -> Reply {
    let status = &state.buckets[bucket_at(state, call)].1;
    let inner = if status.is_empty() {
        String::new()
    } else {
        tag("Status", status)
    };
    Reply::xml_document(format!(
        r#"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">{inner}</VersioningConfiguration>"#
    ))
}

/// The position of the object the path names, if it exists.
fn object_at(state: &State, call: &Call) -> Option<usize> {
    let key = call.path[1..].join("/");
    state
        .objects
        .iter()
        .position(|o| o.0 == call.path[0] && o.1 == key)
}

fn found_object() -> Reply {
    Reply::xml_document(String::new()).header("etag", "\"kallisti\"".into())
}

/// S3 answers a HEAD for a missing key with a bare 404.
fn head_object(state: &mut State, call: &Call) -> Reply {
    match object_at(state, call) {
        Some(_) => found_object(),
        None => Reply::rest(404, Value::Null),
    }
}

fn get_object(state: &mut State, call: &Call) -> Reply {
    match object_at(state, call) {
        Some(_) => found_object(),
        None => Reply::query_error(404, "NoSuchKey", "The specified key does not exist."),
    }
}

fn delete_object(state: &mut State, call: &Call) -> Reply {
    if let Some(at) = object_at(state, call) {
        state.objects.remove(at);
    }
    Reply::rest(204, Value::Null)
}
