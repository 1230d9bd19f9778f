//! Toxics: `create_toxic`, `delete_toxic`, and the typed creators
//! (`create_latency_toxic`, ...), which all add a downstream toxic with
//! toxicity 1, as the driver's do.

use super::client::{would, Connection};
use super::proxy::check_name;
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The toxic types a Toxiproxy 2 server knows, with their attributes.
const TOXIC_TYPES: &[(&str, &[&str])] = &[
    ("latency", &["latency", "jitter"]),
    ("bandwidth", &["rate"]),
    ("slow_close", &["delay"]),
    ("timeout", &["timeout"]),
    ("reset_peer", &["timeout"]),
    ("slicer", &["average_size", "size_variation", "delay"]),
    ("limit_data", &["bytes"]),
    ("noop", &[]),
];

/// The proxy and the toxic's name, which every toxic step takes.
#[derive(Debug, Deserialize)]
pub(super) struct Target {
    for_proxy: String,
    toxic_name: String,
    #[serde(flatten)]
    connection: Connection,
}

impl Target {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        check_name("for_proxy", &self.for_proxy)?;
        check_name("toxic_name", &self.toxic_name)
    }
}

/// An attribute value: Toxiproxy's attributes are integers, and kallisti
/// refuses negative ones (Toxiproxy reads some as "never", crashes on others).
fn check_setting(field: &str, value: &Value) -> Result<i64, Error> {
    match value.as_i64() {
        Some(n) if n >= 0 => Ok(n),
        _ => Err(Error::invalid_argument(
            field,
            format!("must be a whole number ≥ 0, not {value}"),
        )),
    }
}

/// A slicer that cuts into pieces of 0 bytes never ends (Toxiproxy loops).
fn check_slicer(field: &str, average_size: i64) -> Result<(), Error> {
    if average_size < 1 {
        return Err(Error::invalid_argument(
            field,
            "must be at least 1: a slicer cutting 0-byte pieces never finishes",
        ));
    }
    Ok(())
}

/// Adds the toxic to the proxy: true when the server's toxic has the name
/// asked for (the driver's result), a failure naming both otherwise.
async fn add(target: &Target, ctx: &StepContext, toxic: Value) -> Result<Value, Error> {
    let (proxy, name) = (&target.for_proxy, &target.toxic_name);
    let url = target.connection.url(&["proxies", proxy, "toxics"])?;
    let described = format!(
        "{} toxic `{name}` ({}, toxicity {}, {})",
        toxic["type"].as_str().unwrap_or_default(),
        toxic["stream"].as_str().unwrap_or_default(),
        toxic["toxicity"],
        toxic["attributes"]
    );
    if ctx.dry_run() {
        let what = format!("add {described} to proxy `{proxy}`");
        return Ok(would(ctx, what, Method::POST, &url, Some(toxic)));
    }
    let answer = target
        .connection
        .send(ctx, Method::POST, &url, Some(&toxic))
        .await?;
    if !answer.ok() {
        let what = format!("add toxic `{name}` to proxy `{proxy}`");
        return Err(target.connection.refused(&what, &answer));
    }
    ctx.log(format!("proxy `{proxy}`: added {described}"));
    Ok(Value::Bool(answer.body["name"] == name.as_str()))
}

#[derive(Debug, Deserialize)]
pub(super) struct CreateToxicArgs {
    toxic_type: String,
    stream: String,
    toxicity: f64,
    #[serde(default)]
    attributes: Option<Map<String, Value>>,
    #[serde(flatten)]
    target: Target,
}

impl ActionArgs for CreateToxicArgs {
    fn check(&self) -> Result<(), Error> {
        self.target.check()?;
        let Some((type_name, known)) = TOXIC_TYPES.iter().find(|(t, _)| *t == self.toxic_type)
        else {
            let types: Vec<&str> = TOXIC_TYPES.iter().map(|(t, _)| *t).collect();
            return Err(Error::invalid_argument(
                "toxic_type",
                format!("`{}` is not one of {}", self.toxic_type, types.join(", ")),
            ));
        };
        if !["upstream", "downstream"].contains(&self.stream.to_ascii_lowercase().as_str()) {
            return Err(Error::invalid_argument(
                "stream",
                format!("must be `upstream` or `downstream`, not `{}`", self.stream),
            ));
        }
        if !(0.0..=1.0).contains(&self.toxicity) {
            return Err(Error::invalid_argument(
                "toxicity",
                format!("must be from 0 to 1, not {}", self.toxicity),
            ));
        }
        let given = self.attributes.clone().unwrap_or_default();
        for (key, value) in &given {
            let field = format!("attributes.{key}");
            if !known.contains(&key.as_str()) {
                let settings = if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                };
                return Err(Error::invalid_argument(
                    field,
                    format!("is not a setting of {type_name} toxics ({settings})"),
                ));
            }
            check_setting(&field, value)?;
        }
        if *type_name == "slicer" {
            let average = given
                .get("average_size")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            check_slicer("attributes.average_size", average)?;
        }
        Ok(())
    }
}

pub(super) async fn create_toxic(args: CreateToxicArgs, ctx: StepContext) -> Result<Value, Error> {
    let toxic = json!({
        "name": args.target.toxic_name,
        "type": args.toxic_type,
        "stream": args.stream.to_ascii_lowercase(),
        "toxicity": args.toxicity,
        "attributes": args.attributes.unwrap_or_default(),
    });
    add(&args.target, &ctx, toxic).await
}

#[derive(Debug, Deserialize)]
pub(super) struct DeleteToxicArgs {
    #[serde(flatten)]
    target: Target,
}

impl ActionArgs for DeleteToxicArgs {
    fn check(&self) -> Result<(), Error> {
        self.target.check()
    }
}

pub(super) async fn delete_toxic(args: DeleteToxicArgs, ctx: StepContext) -> Result<Value, Error> {
    let Target {
        for_proxy: proxy,
        toxic_name: name,
        connection,
    } = &args.target;
    let url = connection.url(&["proxies", proxy, "toxics", name])?;
    if ctx.dry_run() {
        let what = format!("remove toxic `{name}` from proxy `{proxy}`");
        return Ok(would(&ctx, what, Method::DELETE, &url, None));
    }
    let answer = connection.send(&ctx, Method::DELETE, &url, None).await?;
    if !answer.ok() {
        let what = format!("remove toxic `{name}` from proxy `{proxy}`");
        return Err(connection.refused(&what, &answer));
    }
    Ok(Value::Bool(true))
}

/// One typed creator: its arguments (each an attribute of the toxic type,
/// under the driver's name), their checks, and the action.
macro_rules! typed_toxic {
    ($args:ident, $action:ident, $type_name:literal, { $($field:ident => $attribute:literal),+ }) => {
        #[derive(Debug, Deserialize)]
        pub(super) struct $args {
            $($field: i64,)+
            #[serde(flatten)]
            target: Target,
        }

        impl $args {
            /// `(argument, attribute, value)` for each setting.
            fn settings(&self) -> Vec<(&'static str, &'static str, i64)> {
                vec![$((stringify!($field), $attribute, self.$field)),+]
            }
        }

        impl ActionArgs for $args {
            fn check(&self) -> Result<(), Error> {
                self.target.check()?;
                for (field, attribute, value) in self.settings() {
                    check_setting(field, &Value::from(value))?;
                    if $type_name == "slicer" && attribute == "average_size" {
                        check_slicer(field, value)?;
                    }
                }
                Ok(())
            }
        }

        pub(super) async fn $action(args: $args, ctx: StepContext) -> Result<Value, Error> {
            let attributes: Map<String, Value> = args
                .settings()
                .into_iter()
                .map(|(_, attribute, value)| (attribute.to_string(), Value::from(value)))
                .collect();
            let toxic = json!({
                "name": args.target.toxic_name,
                "type": $type_name,
                "stream": "downstream",
                "toxicity": 1.0,
                "attributes": attributes,
            });
            add(&args.target, &ctx, toxic).await
        }
    };
}

typed_toxic!(LatencyArgs, create_latency_toxic, "latency", { latency => "latency", jitter => "jitter" });
typed_toxic!(BandwidthArgs, create_bandwith_degradation_toxic, "bandwidth", { rate => "rate" });
typed_toxic!(SlowCloseArgs, create_slow_connection_close_toxic, "slow_close", { delay => "delay" });
typed_toxic!(TimeoutArgs, create_timeout_toxic, "timeout", { timeout => "timeout" });
typed_toxic!(SlicerArgs, create_slicer_toxic, "slicer", {
    average_size => "average_size",
    size_variation => "size_variation",
    delay => "delay"
});
typed_toxic!(LimiterArgs, create_limiter_toxic, "limit_data", { bytes_limit => "bytes" });

/// Binds the `toxiproxy` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("create_toxic", create_toxic)
        .action("delete_toxic", delete_toxic)
        .action("create_latency_toxic", create_latency_toxic)
        .action(
            "create_bandwith_degradation_toxic",
            create_bandwith_degradation_toxic,
        )
        .action(
            "create_slow_connection_close_toxic",
            create_slow_connection_close_toxic,
        )
        .action("create_timeout_toxic", create_timeout_toxic)
        .action("create_slicer_toxic", create_slicer_toxic)
        .action("create_limiter_toxic", create_limiter_toxic)
}
