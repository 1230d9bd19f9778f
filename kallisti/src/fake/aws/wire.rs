//! The wire side of `FakeAws`: which service and operation a request is,
//! its parameters, and replies in each protocol's shape.

use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write;
use wiremock::{Request, ResponseTemplate};

/// One request, decoded.
pub(crate) struct Call {
    /// The SigV4 scope's service (`ec2`, `rds`, ...).
    pub service: String,
    /// The SigV4 scope's region.
    pub region: String,
    /// `DescribeInstances`, `StopTask`, `UpdateFunctionConfiguration`, ...
    pub operation: String,
    /// Query-protocol parameters (`InstanceId.1`, ...).
    pub params: HashMap<String, String>,
    /// A JSON body (JSON 1.1 and REST-JSON), or null.
    pub json: Value,
    /// The URL path's segments (REST-JSON).
    pub path: Vec<String>,
    /// Lambda's `X-Amz-Invocation-Type` header.
    pub invocation_type: String,
    /// The URL's query pairs (REST protocols).
    pub query: HashMap<String, String>,
    /// The raw body (REST-XML).
    pub body: Vec<u8>,
}

impl Call {
    pub(crate) fn parse(request: &Request) -> Call {
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let authorization = header("authorization");
        // Credential=AKID/20240101/us-east-1/ec2/aws4_request
        let scope: Vec<&str> = authorization
            .split("Credential=")
            .nth(1)
            .and_then(|c| c.split(',').next())
            .map(|c| c.split('/').collect())
            .unwrap_or_default();
        let region = scope.get(2).copied().unwrap_or("us-east-1").to_string();
        let service = scope.get(3).copied().unwrap_or_default().to_string();
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let target = header("x-amz-target");
        let path: Vec<String> = request
            .url
            .path()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(super::super::percent_decode)
            .collect();
        let method = request.method.to_string();
        let (operation, params, json) = if header("smithy-protocol") == "rpc-v2-cbor" {
            let op = path.last().cloned().unwrap_or_default();
            let json = super::cbor::decode(&request.body).unwrap_or(Value::Null);
            (op, HashMap::new(), json)
        } else if !target.is_empty() {
            let op = target.rsplit('.').next().unwrap_or_default().to_string();
            (
                op,
                HashMap::new(),
                serde_json::from_str(&body).unwrap_or(Value::Null),
            )
        } else if service == "lambda" {
            let op = super::lambda::operation(&method, &path);
            (
                op,
                HashMap::new(),
                serde_json::from_str(&body).unwrap_or(Value::Null),
            )
        } else if let Some(op) = super::super::form_decode(&body).get("Action") {
            (op.clone(), super::super::form_decode(&body), Value::Null)
        } else {
            // A REST service the fake does not know: named by its route.
            let json = serde_json::from_str(&body).unwrap_or(Value::Null);
            (
                format!("{method} {}", request.url.path()),
                HashMap::new(),
                json,
            )
        };
        Call {
            service,
            region,
            operation,
            params,
            json,
            path,
            invocation_type: header("x-amz-invocation-type"),
            query: super::super::form_decode(request.url.query().unwrap_or_default()),
            body: request.body.clone(),
        }
    }

    /// A query parameter.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    /// A query list: the values of `prefix.1`, `prefix.2`, ...
    pub(crate) fn list(&self, prefix: &str) -> Vec<String> {
        let mut found: Vec<(usize, String)> = self
            .params
            .iter()
            .filter_map(|(k, v)| {
                let index = k.strip_prefix(prefix)?.strip_prefix('.')?;
                Some((index.parse().ok()?, v.clone()))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, v)| v).collect()
    }

    /// Query structures: for `prefix.N.<field>`, a map of fields per N.
    pub(crate) fn structs(&self, prefix: &str) -> Vec<HashMap<String, String>> {
        let mut by_index: std::collections::BTreeMap<usize, HashMap<String, String>> =
            Default::default();
        for (k, v) in &self.params {
            let Some(rest) = k.strip_prefix(prefix).and_then(|r| r.strip_prefix('.')) else {
                continue;
            };
            let Some((index, field)) = rest.split_once('.') else {
                continue;
            };
            if let Ok(index) = index.parse() {
                by_index
                    .entry(index)
                    .or_default()
                    .insert(field.to_string(), v.clone());
            }
        }
        by_index.into_values().collect()
    }

    /// EC2 filters (`Filter.N.Name`, `Filter.N.Value.M`) as (name, values).
    pub(crate) fn filters(&self, prefix: &str, values: &str) -> Vec<(String, Vec<String>)> {
        self.structs(prefix)
            .into_iter()
            .map(|f| {
                let mut vs: Vec<(usize, String)> = f
                    .iter()
                    .filter_map(|(k, v)| {
                        Some((
                            k.strip_prefix(values)?.strip_prefix('.')?.parse().ok()?,
                            v.clone(),
                        ))
                    })
                    .collect();
                vs.sort();
                (
                    f.get("Name").cloned().unwrap_or_default(),
                    vs.into_iter().map(|(_, v)| v).collect(),
                )
            })
            .collect()
    }
}

/// Escapes XML text (the reports' escaper: one for the crate).
pub(crate) fn esc(text: &str) -> String {
    crate::report::xml_escape(text)
}

/// `<name>text</name>`.
pub(crate) fn tag(name: &str, text: impl std::fmt::Display) -> String {
    format!("<{name}>{}</{name}>", esc(&text.to_string()))
}

/// `<name>inner</name>`, inner being XML already.
pub(crate) fn wrap(name: &str, inner: impl AsRef<str>) -> String {
    format!("<{name}>{}</{name}>", inner.as_ref())
}

/// Each item wrapped in `<item_name>`, all in `<name>`.
pub(crate) fn list<T>(
    name: &str,
    item_name: &str,
    items: &[T],
    f: impl Fn(&T) -> String,
) -> String {
    let mut out = String::new();
    for item in items {
        let _ = write!(out, "<{item_name}>{}</{item_name}>", f(item));
    }
    wrap(name, out)
}

/// A reply in one protocol's shape.
pub(crate) struct Reply {
    status: u16,
    body: Vec<u8>,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
}

const REQUEST_ID: &str = "kallisti-fake-0000";

impl Reply {
    /// EC2's query protocol: `<OpResponse><requestId/>inner</OpResponse>`.
    pub(crate) fn ec2(operation: &str, inner: String) -> Reply {
        Reply::xml(
            200,
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><{operation}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>{REQUEST_ID}</requestId>{inner}</{operation}Response>"#
            ),
        )
    }

    /// An EC2 error.
    pub(crate) fn ec2_error(status: u16, code: &str, message: &str) -> Reply {
        Reply::xml(
            status,
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>{}</Code><Message>{}</Message></Error></Errors><RequestID>{REQUEST_ID}</RequestID></Response>"#,
                esc(code),
                esc(message)
            ),
        )
    }

    /// The `awsQuery` protocol: `<OpResponse><OpResult>inner</OpResult>...`.
    pub(crate) fn query(namespace: &str, operation: &str, inner: String) -> Reply {
        Reply::xml(
            200,
            format!(
                r#"<{operation}Response xmlns="{namespace}"><{operation}Result>{inner}</{operation}Result><ResponseMetadata><RequestId>{REQUEST_ID}</RequestId></ResponseMetadata></{operation}Response>"#
            ),
        )
    }

    /// An `awsQuery` error.
    pub(crate) fn query_error(status: u16, code: &str, message: &str) -> Reply {
        Reply::xml(
            status,
            format!(
                r#"<ErrorResponse><Error><Type>Sender</Type><Code>{}</Code><Message>{}</Message></Error><RequestId>{REQUEST_ID}</RequestId></ErrorResponse>"#,
                esc(code),
                esc(message)
            ),
        )
    }

    /// A REST-XML document.
    pub(crate) fn xml_document(body: String) -> Reply {
        Reply::xml(200, body)
    }

    fn xml(status: u16, body: String) -> Reply {
        Reply {
            status,
            body: body.into_bytes(),
            content_type: "text/xml",
            headers: Vec::new(),
        }
    }

    /// JSON 1.1 (ECS).
    pub(crate) fn json(body: Value) -> Reply {
        Reply {
            status: 200,
            body: body.to_string().into_bytes(),
            content_type: "application/x-amz-json-1.1",
            headers: Vec::new(),
        }
    }

    /// A JSON 1.1 error.
    pub(crate) fn json_error(status: u16, code: &str, message: &str) -> Reply {
        Reply {
            status,
            body: serde_json::json!({"__type": code, "message": message})
                .to_string()
                .into_bytes(),
            content_type: "application/x-amz-json-1.1",
            headers: Vec::new(),
        }
    }

    /// REST-JSON (Lambda), with a status of its own.
    pub(crate) fn rest(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body: if body.is_null() {
                Vec::new()
            } else {
                body.to_string().into_bytes()
            },
            content_type: "application/json",
            headers: Vec::new(),
        }
    }

    /// A REST-JSON error: the type in `x-amzn-ErrorType`.
    pub(crate) fn rest_error(status: u16, code: &str, message: &str) -> Reply {
        Reply {
            status,
            body: serde_json::json!({"Type": "User", "message": message})
                .to_string()
                .into_bytes(),
            content_type: "application/json",
            headers: vec![("x-amzn-errortype", code.to_string())],
        }
    }

    /// Smithy RPC v2 CBOR (CloudWatch).
    pub(crate) fn cbor(body: Value) -> Reply {
        Reply {
            status: 200,
            body: Vec::new(),
            content_type: "application/cbor",
            headers: vec![("smithy-protocol", "rpc-v2-cbor".into())],
        }
        .with_bytes(super::cbor::encode(&body))
    }

    /// A Smithy RPC v2 CBOR error.
    pub(crate) fn cbor_error(status: u16, code: &str, message: &str) -> Reply {
        let body = serde_json::json!({"__type": format!("com.amazonaws.cloudwatch#{code}"), "message": message});
        Reply {
            status,
            ..Reply::cbor(body)
        }
    }

    fn with_bytes(mut self, body: Vec<u8>) -> Reply {
        self.body = body;
        self
    }

    /// The same reply with a header.
    pub(crate) fn header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }

    pub(crate) fn into_template(self) -> ResponseTemplate {
        let mut t = ResponseTemplate::new(self.status)
            .insert_header("content-type", self.content_type)
            .insert_header("x-amzn-requestid", REQUEST_ID);
        for (name, value) in self.headers {
            t = t.insert_header(name, value.as_str());
        }
        t.set_body_raw(self.body, self.content_type)
    }
}

/// One operation of a service: its name and how the fake answers it.
pub(crate) type Operation = (&'static str, fn(&mut super::State, &Call) -> Reply);

/// Answers `call` with the operation of `table` named `operation`, or with
/// `unknown` when the table has no such operation.
pub(crate) fn dispatch(
    table: &[Operation],
    operation: &str,
    state: &mut super::State,
    call: &Call,
    unknown: impl FnOnce(&str) -> Reply,
) -> Reply {
    match table.iter().find(|(name, _)| *name == operation) {
        Some((_, answer)) => answer(state, call),
        None => unknown(operation),
    }
}
