//! `prom.compute_mean` and `prom.nodes_cpu_usage_mean`.

use super::client::Connection;
use crate::action::ActionArgs;
use crate::action::StepContext;
use crate::error::Error;
use crate::expect::as_number;
use crate::time::parse_prometheus_duration;
use serde::Deserialize;
use serde_json::Value;

fn check_window(window: &str) -> Result<(), Error> {
    parse_prometheus_duration(window)
        .map(drop)
        .map_err(|m| Error::invalid_argument("window", m))
}

#[derive(Debug, Deserialize)]
pub(super) struct ComputeMeanArgs {
    query: String,
    window: String,
    mean_type: String,
    #[serde(flatten)]
    connection: Connection,
}

const MEAN_TYPES: [&str; 3] = ["arithmetic", "geometric", "harmonic"];

impl ActionArgs for ComputeMeanArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        check_window(&self.window)?;
        if !MEAN_TYPES.contains(&self.mean_type.as_str()) {
            return Err(Error::invalid_argument(
                "mean_type",
                format!(
                    "`{}` is not one of {}",
                    self.mean_type,
                    MEAN_TYPES.join(", ")
                ),
            ));
        }
        Ok(())
    }
}

/// Every sample value of a range-vector (matrix) answer.
fn samples(answer: &Value, query: &str) -> Result<Vec<f64>, Error> {
    let data = &answer["data"];
    if data["resultType"] != "matrix" {
        return Err(Error::failed_action(format!(
            "`{query}` did not return a range vector (got {})",
            data["resultType"]
        )));
    }
    let values: Vec<f64> = data["result"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|series| series["values"].as_array().into_iter().flatten())
        .filter_map(|pair| as_number(&pair[1]))
        .filter(|v| v.is_finite())
        .collect();
    if values.is_empty() {
        return Err(Error::failed_action(format!(
            "`{query}` returned no samples"
        )));
    }
    Ok(values)
}

fn mean(values: &[f64], kind: &str) -> Result<f64, Error> {
    let n = values.len() as f64;
    match kind {
        "geometric" => {
            if values.iter().any(|v| *v <= 0.0) {
                return Err(Error::failed_action(
                    "a geometric mean needs samples above zero",
                ));
            }
            Ok((values.iter().map(|v| v.ln()).sum::<f64>() / n).exp())
        }
        "harmonic" => {
            if values.contains(&0.0) {
                return Err(Error::failed_action(
                    "a harmonic mean needs non-zero samples",
                ));
            }
            Ok(n / values.iter().map(|v| 1.0 / v).sum::<f64>())
        }
        _ => Ok(values.iter().sum::<f64>() / n),
    }
}

pub(super) async fn compute_mean(args: ComputeMeanArgs, ctx: StepContext) -> Result<Value, Error> {
    let range = format!("{}[{}]", args.query, args.window);
    let answer = args
        .connection
        .get(&ctx, "query", &[("query", range.clone())])
        .await?;
    let values = samples(&answer, &range)?;
    let result = mean(&values, &args.mean_type)?;
    ctx.log(format!(
        "{} mean of {} samples: {result}",
        args.mean_type,
        values.len()
    ));
    Ok(Value::from(result))
}

#[derive(Debug, Deserialize)]
pub(super) struct NodesCpuArgs {
    window: String,
    #[serde(flatten)]
    connection: Connection,
}

impl ActionArgs for NodesCpuArgs {
    fn check(&self) -> Result<(), Error> {
        self.connection.check()?;
        check_window(&self.window)
    }
}

pub(super) async fn nodes_cpu_usage_mean(
    args: NodesCpuArgs,
    ctx: StepContext,
) -> Result<Value, Error> {
    // Busy percentage per node, sampled every minute over the window.
    let range = format!(
        "(100 - avg by (instance) (rate(node_cpu_seconds_total{{mode=\"idle\"}}[1m])) * 100)[{}:1m]",
        args.window
    );
    let answer = args
        .connection
        .get(&ctx, "query", &[("query", range.clone())])
        .await?;
    let values = samples(&answer, &range)?;
    Ok(Value::from(mean(&values, "arithmetic")?))
}

/// Binds the `prom` actions implemented in this file.
pub(super) fn bind(set: super::Set) -> super::Set {
    set.action("compute_mean", compute_mean)
        .action("nodes_cpu_usage_mean", nodes_cpu_usage_mean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn means() {
        let v = [1.0, 2.0, 4.0];
        assert!((mean(&v, "arithmetic").unwrap() - 7.0 / 3.0).abs() < 1e-12);
        assert!((mean(&v, "geometric").unwrap() - 2.0).abs() < 1e-12);
        assert!((mean(&v, "harmonic").unwrap() - 3.0 / 1.75).abs() < 1e-12);
        assert!(mean(&[0.0, 1.0], "geometric").is_err());
        assert!(mean(&[0.0, 1.0], "harmonic").is_err());
    }

    #[test]
    fn samples_of_a_matrix() {
        let answer = json!({"data": {"resultType": "matrix", "result": [
            {"metric": {}, "values": [[1, "1"], [2, "3"]]},
            {"metric": {}, "values": [[1, "NaN"], [2, "5"]]}
        ]}});
        assert_eq!(samples(&answer, "q").unwrap(), [1.0, 3.0, 5.0]);
        let vector = json!({"data": {"resultType": "vector", "result": []}});
        assert!(samples(&vector, "q")
            .unwrap_err()
            .to_string()
            .contains("range vector"));
    }
}
