//! AWS responses read as boto3 reads them, so that AWS steps return what the
//! Chaos Toolkit's AWS driver returns: every field, boto3's keys and
//! nesting, timestamps as ISO 8601 strings, and `ResponseMetadata`.
//!
//! [`boto!`](crate::modules::aws::boto::boto) sends a request through the
//! SDK as usual and, through an interceptor, keeps the response as it came
//! over the wire. That response is then read with the operation's output
//! shape from botocore's service model, the way botocore's parsers do it.
//! `models/` holds those shapes, trimmed to the operations kallisti calls;
//! `scripts/aws-models` writes them.
//!
//! Why not the SDK's own types: the SDK's serde support sits behind
//! `--cfg aws_sdk_unstable`, which every user would have to put in their
//! `RUSTFLAGS` (rebuilding everything, and the derives add to the heaviest
//! crates we build), and it names fields as Rust does (`instance_id`), not
//! as boto3 does. Why by hand: no crate reads responses by botocore's
//! models; the rules fit in this file.

use crate::error::Error;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use base64::Engine as _;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The part of one service's botocore model that reading responses needs.
#[derive(Debug, Deserialize)]
pub(crate) struct Model {
    protocol: String,
    operations: HashMap<String, Operation>,
    shapes: HashMap<String, Shape>,
}

#[derive(Debug, Default, Deserialize)]
struct Operation {
    shape: Option<String>,
    #[serde(rename = "resultWrapper")]
    result_wrapper: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Shape {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    flattened: bool,
    #[serde(rename = "locationName")]
    location_name: Option<String>,
    payload: Option<String>,
    #[serde(default)]
    document: bool,
    #[serde(default)]
    members: Vec<(String, Ref)>,
    member: Option<Ref>,
    key: Option<Ref>,
    value: Option<Ref>,
}

/// A use of a shape: as a structure's member, a list's item, a map's key
/// or value, with the serialization details the use adds.
#[derive(Debug, Deserialize)]
struct Ref {
    shape: String,
    #[serde(rename = "locationName")]
    location_name: Option<String>,
    location: Option<String>,
    #[serde(default)]
    flattened: bool,
    #[serde(rename = "xmlAttribute", default)]
    xml_attribute: bool,
}

/// One service's model, parsed on first use.
macro_rules! models {
    ($($feature:literal => $name:ident = $file:literal;)*) => {
        $(
            #[cfg(feature = $feature)]
            pub(crate) fn $name() -> &'static Model {
                static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
                MODEL.get_or_init(|| {
                    serde_json::from_str(include_str!(concat!("models/", $file, ".json")))
                        .expect(concat!("models/", $file, ".json is a trimmed botocore model"))
                })
            }
        )*
    };
}

models! {
    "aws-asg" => autoscaling = "autoscaling";
    "aws-cloudwatch" => events = "events";
    "aws-ec2" => ec2 = "ec2";
    "aws-ecs" => ecs = "ecs";
    "aws-eks" => eks = "eks";
    "aws-elasticache" => elasticache = "elasticache";
    "aws-elbv2" => elbv2 = "elbv2";
    "aws-emr" => emr = "emr";
    "aws-fis" => fis = "fis";
    "aws-iam" => iam = "iam";
    "aws-incidents" => incidents = "ssm-incidents";
    "aws-lambda" => lambda = "lambda";
    "aws-msk" => kafka = "kafka";
    "aws-rds" => rds = "rds";
    "aws-route53" => route53 = "route53";
    "aws-ssm" => ssm = "ssm";
    "aws-xray" => xray = "xray";
}

/// A response as it came over the wire, before the SDK read it.
#[derive(Debug, Default)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    /// Header names in lower case, as boto3 reports them.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    /// Attempts made beyond the first.
    pub(crate) retries: u32,
}

/// The interceptor that keeps a copy of the response of its request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Capture(Arc<Mutex<RawResponse>>);

impl Capture {
    /// What the last attempt got back.
    pub(crate) fn take(&self) -> RawResponse {
        std::mem::take(&mut *self.0.lock().expect("captured response"))
    }
}

impl Intercept for Capture {
    fn name(&self) -> &'static str {
        "kallisti::aws::boto::Capture"
    }

    fn read_before_attempt(
        &self,
        _: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let mut raw = self.0.lock().expect("captured response");
        // The first attempt counts too; `take` reports those beyond it.
        raw.retries += 1;
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response();
        let mut raw = self.0.lock().expect("captured response");
        raw.status = response.status().as_u16();
        raw.headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect();
        // By now the SDK has read the whole body into memory.
        raw.body = response.body().bytes().unwrap_or_default().to_vec();
        Ok(())
    }
}

/// Sends `$request` (an SDK fluent builder) and returns its output with
/// boto3's reading of the response: `(output, value)`. AWS errors end the
/// step as `FailedAction`s naming `$operation`, which `$model` (a function
/// of [`boto`](self)) must know.
///
/// ```text
/// let (out, response) = boto!(boto::ec2, "StopInstances", ec2.stop_instances().instance_ids(id));
/// ```
macro_rules! boto {
    ($model:path, $operation:literal, $request:expr) => {{
        let capture = $crate::modules::aws::boto::Capture::default();
        let output = $request
            .customize()
            .interceptor(capture.clone())
            .send()
            .await
            .or_fail($operation)?;
        let value = $model().read($operation, capture.take())?;
        (output, value)
    }};
}
pub(crate) use boto;

/// Every page of a listing, as [`boto!`] does one call: `(outputs, value)`
/// where `value` is the pages joined by [`join_pages`] under `$token_key`,
/// the key boto3 gives the next page's token.
macro_rules! boto_pages {
    ($model:path, $operation:literal, $request:expr, $set_token:ident, $next_token:ident, $token_key:literal) => {{
        let request = $request;
        let mut outputs = Vec::new();
        let mut values = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let (page, value) = $crate::modules::aws::boto::boto!(
                $model,
                $operation,
                request.clone().$set_token(token)
            );
            token = page.$next_token().map(str::to_string);
            outputs.push(page);
            values.push(value);
            if token.is_none() {
                break (
                    outputs,
                    $crate::modules::aws::boto::join_pages(values, $token_key),
                );
            }
        }
    }};
}
pub(crate) use boto_pages;

/// A listing's pages as one response: each list the pages hold, joined;
/// everything else as the first page has it; no next-page token.
pub(crate) fn join_pages(pages: Vec<Value>, token_key: &str) -> Value {
    let mut pages = pages.into_iter();
    let Some(Value::Object(mut joined)) = pages.next() else {
        return json!({});
    };
    for page in pages {
        let Value::Object(page) = page else { continue };
        for (key, value) in page {
            if let (Some(Value::Array(items)), Value::Array(more)) = (joined.get_mut(&key), value) {
                items.extend(more);
            }
        }
    }
    joined.remove(token_key);
    Value::Object(joined)
}

impl Model {
    /// boto3's dict for `raw`, the response to `operation`.
    pub(crate) fn read(&self, operation: &str, raw: RawResponse) -> Result<Value, Error> {
        let unreadable = |why: String| {
            Error::failed_action(format!(
                "{operation}: the response is not what the service model says ({why})"
            ))
        };
        let op = self
            .operations
            .get(operation)
            .ok_or_else(|| unreadable("no such operation in the model".into()))?;
        let mut parsed = match self.protocol.as_str() {
            "query" | "ec2" => self.read_query(op, &raw).map_err(unreadable)?,
            "rest-xml" => self.read_rest(op, &raw, Body::Xml).map_err(unreadable)?,
            "json" => self.read_json_body(op, &raw).map_err(unreadable)?,
            "rest-json" => self.read_rest(op, &raw, Body::Json).map_err(unreadable)?,
            other => return Err(unreadable(format!("protocol {other} is not read"))),
        };
        let metadata = parsed
            .entry("ResponseMetadata")
            .or_insert_with(|| json!({}));
        if let Value::Object(metadata) = metadata {
            if !metadata.contains_key("RequestId") {
                if let Some(id) =
                    header(&raw, "x-amzn-requestid").or_else(|| header(&raw, "x-amz-request-id"))
                {
                    metadata.insert("RequestId".into(), json!(id));
                }
            }
            if let Some(host) = header(&raw, "x-amz-id-2") {
                metadata.insert("HostId".into(), json!(host));
            }
            metadata.insert("HTTPStatusCode".into(), json!(raw.status));
            let headers: Map<String, Value> = raw
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            metadata.insert("HTTPHeaders".into(), Value::Object(headers));
            metadata.insert("RetryAttempts".into(), json!(raw.retries.saturating_sub(1)));
        }
        Ok(Value::Object(parsed))
    }

    fn shape(&self, name: &str) -> Result<&Shape, String> {
        self.shapes
            .get(name)
            .ok_or_else(|| format!("shape {name} missing from the trimmed model"))
    }

    /// Query and EC2 protocols: XML, the output under `<Op>Result` (query)
    /// or the root (ec2), the request id beside it.
    fn read_query(&self, op: &Operation, raw: &RawResponse) -> Result<Map<String, Value>, String> {
        let text = std::str::from_utf8(&raw.body).map_err(|e| e.to_string())?;
        let document = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
        let root = document.root_element();
        let mut parsed = Map::new();
        if let Some(shape) = &op.shape {
            let start = match &op.result_wrapper {
                Some(wrapper) => children(root).remove(wrapper.as_str()),
                None => Some(vec![root]),
            };
            if let Some(start) = start {
                if let Value::Object(fields) = self.xml(self.shape(shape)?, false, &start)? {
                    parsed = fields;
                }
            }
        }
        let root_children = children(root);
        let metadata = if self.protocol == "ec2" {
            root_children
                .get("requestId")
                .map(|id| json!({"RequestId": text_of(id[0])}))
        } else {
            root_children.get("ResponseMetadata").map(|nodes| {
                let fields = children(nodes[0])
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), json!(text_of(v[0]))))
                    .collect::<Map<_, _>>();
                Value::Object(fields)
            })
        };
        if let Some(metadata) = metadata {
            parsed.insert("ResponseMetadata".into(), metadata);
        }
        Ok(parsed)
    }

    /// The json protocol: the whole body is the output.
    fn read_json_body(
        &self,
        op: &Operation,
        raw: &RawResponse,
    ) -> Result<Map<String, Value>, String> {
        let Some(shape) = &op.shape else {
            return Ok(Map::new());
        };
        let body = json_body(&raw.body)?;
        match self.json(self.shape(shape)?, &body)? {
            Value::Object(fields) => Ok(fields),
            _ => Ok(Map::new()),
        }
    }

    /// rest-json and rest-xml: members from the status, the headers and
    /// the body, or one member that is the whole body (its `payload`).
    fn read_rest(
        &self,
        op: &Operation,
        raw: &RawResponse,
        body: Body,
    ) -> Result<Map<String, Value>, String> {
        let Some(name) = &op.shape else {
            return Ok(Map::new());
        };
        let shape = self.shape(name)?;
        let mut parsed = Map::new();
        let read_body = |shape: &Shape| -> Result<Value, String> {
            match body {
                Body::Json => self.json(shape, &json_body(&raw.body)?),
                Body::Xml if raw.body.is_empty() => Ok(json!({})),
                Body::Xml => {
                    let text = std::str::from_utf8(&raw.body).map_err(|e| e.to_string())?;
                    let document = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
                    self.xml(shape, false, &[document.root_element()])
                }
            }
        };
        if let Some(payload) = &shape.payload {
            let member = shape.members.iter().find(|(m, _)| m == payload);
            if let Some((_, member)) = member {
                let payload_shape = self.shape(&member.shape)?;
                let value = match payload_shape.kind.as_str() {
                    "blob" | "string" => json!(String::from_utf8_lossy(&raw.body)),
                    _ => read_body(payload_shape)?,
                };
                parsed.insert(payload.clone(), value);
            }
        } else if let Value::Object(fields) = read_body(shape)? {
            parsed = fields;
        }
        for (member, r) in &shape.members {
            let value = match r.location.as_deref() {
                Some("statusCode") => Some(json!(raw.status)),
                Some("header") => {
                    let name = r.location_name.as_deref().unwrap_or(member);
                    match header(raw, &name.to_ascii_lowercase()) {
                        Some(text) => Some(self.scalar(self.shape(&r.shape)?, text)),
                        None => None,
                    }
                }
                Some("headers") => {
                    let prefix = r
                        .location_name
                        .as_deref()
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    let found: Map<String, Value> = raw
                        .headers
                        .iter()
                        .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_string(), json!(v))))
                        .collect();
                    (!found.is_empty()).then_some(Value::Object(found))
                }
                _ => None,
            };
            if let Some(value) = value {
                parsed.insert(member.clone(), value);
            }
        }
        Ok(parsed)
    }

    /// An XML value read with `shape`: `nodes` are the elements that carry
    /// it (several when a flattened list repeats its element).
    fn xml(
        &self,
        shape: &Shape,
        flattened: bool,
        nodes: &[roxmltree::Node],
    ) -> Result<Value, String> {
        let Some(node) = nodes.first() else {
            return Ok(Value::Null);
        };
        match shape.kind.as_str() {
            "structure" => {
                let found = children(*node);
                let mut fields = Map::new();
                for (member, r) in &shape.members {
                    if r.location.is_some() {
                        continue; // read from the status or the headers
                    }
                    let member_shape = self.shape(&r.shape)?;
                    if r.xml_attribute {
                        let name = r.location_name.as_deref().unwrap_or(member);
                        if let Some(value) = node.attribute(name) {
                            fields.insert(member.clone(), json!(value));
                        }
                        continue;
                    }
                    let flat = r.flattened || member_shape.flattened;
                    let key = self.xml_name(member, r, member_shape, flat);
                    if let Some(nodes) = found.get(key) {
                        fields.insert(member.clone(), self.xml(member_shape, flat, nodes)?);
                    }
                }
                Ok(Value::Object(fields))
            }
            "list" => {
                let item = shape.member.as_ref().ok_or("a list without member")?;
                let item_shape = self.shape(&item.shape)?;
                let items: Vec<roxmltree::Node> = if flattened {
                    nodes.to_vec()
                } else {
                    node.children().filter(|n| n.is_element()).collect()
                };
                let values = items
                    .iter()
                    .map(|n| self.xml(item_shape, false, std::slice::from_ref(n)))
                    .collect::<Result<_, _>>()?;
                Ok(Value::Array(values))
            }
            "map" => {
                let (key, value) = match (&shape.key, &shape.value) {
                    (Some(k), Some(v)) => (k, v),
                    _ => return Err("a map without key or value".into()),
                };
                let key_name = key.location_name.as_deref().unwrap_or("key");
                let value_name = value.location_name.as_deref().unwrap_or("value");
                let entries: Vec<roxmltree::Node> = if flattened {
                    nodes.to_vec()
                } else {
                    node.children().filter(|n| n.is_element()).collect()
                };
                let mut map = Map::new();
                for entry in entries {
                    let parts = children(entry);
                    let k = parts
                        .get(key_name)
                        .map(|n| text_of(n[0]))
                        .unwrap_or_default();
                    let v = match parts.get(value_name) {
                        Some(n) => self.xml(self.shape(&value.shape)?, false, n)?,
                        None => Value::Null,
                    };
                    map.insert(k.to_string(), v);
                }
                Ok(Value::Object(map))
            }
            _ => Ok(self.scalar(shape, text_of(*node))),
        }
    }

    /// The element name a member is found under.
    fn xml_name<'a>(
        &'a self,
        member: &'a str,
        r: &'a Ref,
        shape: &'a Shape,
        flattened: bool,
    ) -> &'a str {
        if shape.kind == "list" && flattened {
            if let Some(name) = shape
                .member
                .as_ref()
                .and_then(|m| m.location_name.as_deref())
            {
                return name;
            }
        }
        r.location_name
            .as_deref()
            .or(shape.location_name.as_deref())
            .unwrap_or(member)
    }

    /// A JSON value read with `shape`: member names as the model spells
    /// them on the wire, nulls left out, timestamps and blobs decoded.
    fn json(&self, shape: &Shape, value: &Value) -> Result<Value, String> {
        match (shape.kind.as_str(), value) {
            ("structure", Value::Object(given)) if !shape.document => {
                let mut fields = Map::new();
                for (member, r) in &shape.members {
                    if r.location.is_some() {
                        continue;
                    }
                    let wire = r.location_name.as_deref().unwrap_or(member);
                    match given.get(wire) {
                        None | Some(Value::Null) => {}
                        Some(v) => {
                            fields.insert(member.clone(), self.json(self.shape(&r.shape)?, v)?);
                        }
                    }
                }
                Ok(Value::Object(fields))
            }
            ("list", Value::Array(items)) => {
                let item = shape.member.as_ref().ok_or("a list without member")?;
                let item_shape = self.shape(&item.shape)?;
                let values = items
                    .iter()
                    .map(|v| self.json(item_shape, v))
                    .collect::<Result<_, _>>()?;
                Ok(Value::Array(values))
            }
            ("map", Value::Object(entries)) => {
                let value = shape.value.as_ref().ok_or("a map without value")?;
                let value_shape = self.shape(&value.shape)?;
                let map = entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.json(value_shape, v)?)))
                    .collect::<Result<Map<_, _>, String>>()?;
                Ok(Value::Object(map))
            }
            ("timestamp", Value::Number(n)) => Ok(n
                .as_f64()
                .and_then(from_epoch)
                .map_or_else(|| value.clone(), Value::String)),
            ("timestamp" | "blob", Value::String(text)) => Ok(self.scalar(shape, text)),
            _ => Ok(value.clone()),
        }
    }

    /// A scalar from its text, typed as boto3 types it.
    fn scalar(&self, shape: &Shape, text: &str) -> Value {
        let typed = match shape.kind.as_str() {
            "integer" | "long" => text.trim().parse::<i64>().ok().map(Value::from),
            "float" | "double" => text.trim().parse::<f64>().ok().map(Value::from),
            "boolean" => Some(Value::Bool(text.trim() == "true")),
            "timestamp" => timestamp(text).map(Value::String),
            "blob" => base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .ok()
                .map(|bytes| json!(String::from_utf8_lossy(&bytes))),
            _ => None,
        };
        typed.unwrap_or_else(|| json!(text))
    }
}

#[derive(Clone, Copy)]
enum Body {
    Json,
    Xml,
}

/// A node's child elements by local name, in document order; repeated
/// names gather.
fn children<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
) -> HashMap<&'a str, Vec<roxmltree::Node<'a, 'input>>> {
    let mut found: HashMap<&str, Vec<_>> = HashMap::new();
    for child in node.children().filter(|n| n.is_element()) {
        found
            .entry(child.tag_name().name())
            .or_default()
            .push(child);
    }
    found
}

fn text_of<'a>(node: roxmltree::Node<'a, '_>) -> &'a str {
    node.text().unwrap_or_default()
}

fn header<'a>(raw: &'a RawResponse, name: &str) -> Option<&'a str> {
    raw.headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn json_body(body: &[u8]) -> Result<Value, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(body).map_err(|e| e.to_string())
}

/// A timestamp as Python's `isoformat` writes boto3's: seconds, then
/// microseconds when there are any, then the offset. Text that is no
/// timestamp stays as it is.
fn timestamp(text: &str) -> Option<String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return from_epoch(seconds);
    }
    let at = chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(text))
        .ok()?;
    Some(isoformat(at))
}

/// Seconds since the epoch, in UTC (botocore uses the local zone; runs
/// are compared in UTC).
fn from_epoch(seconds: f64) -> Option<String> {
    let whole = seconds.floor();
    let micros = ((seconds - whole) * 1e6).round() as u32;
    let at = chrono::DateTime::from_timestamp(whole as i64, micros * 1000)?;
    Some(isoformat(at.fixed_offset()))
}

fn isoformat(at: chrono::DateTime<chrono::FixedOffset>) -> String {
    use chrono::Timelike;
    if at.nanosecond() / 1000 == 0 {
        at.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    } else {
        at.format("%Y-%m-%dT%H:%M:%S%.6f%:z").to_string()
    }
}

#[cfg(test)]
mod tests;
