//! `istio`: fault injection on VirtualService routes (delays and aborts).
//!
//! Every step takes the `k8s` connection arguments (`k8s_api_host`,
//! `credentials`, ...), `virtual_service_name`, `ns` and `version` (the
//! VirtualService's API version, default `networking.istio.io/v1alpha3`).
//! `routes` lists the route destinations to act on: an HTTP route of the
//! VirtualService is changed when one of its `route` entries equals one of
//! them. The result is the API server's answer in the driver's envelope:
//! `{"status": 200, "body": <the VirtualService>, "headers": {..}}`.

mod fault;

use crate::action::StepContext;
use crate::action::{ActionArgs, ActionSet, ActionSetWithCommon};
use crate::error::Error;
use crate::modules::k8s::Connection;
use serde_json::{json, Value};
use std::future::Future;

/// The driver returns the API server's answer as `status`, `body` and
/// `headers`; a dry-run report stays as it is.
fn envelope(answer: Value) -> Value {
    if answer["dry_run"] == true {
        return answer;
    }
    json!({"status": 200, "body": answer, "headers": {"Content-Type": "application/json"}})
}

/// `function` with its answer in the driver's envelope.
fn enveloped<A, F, Fut>(
    function: F,
) -> impl Fn(
    A,
    Connection,
    StepContext,
) -> futures_util::future::BoxFuture<'static, Result<Value, Error>>
       + Send
       + Sync
       + 'static
where
    A: ActionArgs,
    F: Fn(A, Connection, StepContext) -> Fut + Send + Sync + Copy + 'static,
    Fut: Future<Output = Result<Value, Error>> + Send + 'static,
{
    move |args, connection, ctx| {
        Box::pin(async move { function(args, connection, ctx).await.map(envelope) })
    }
}

/// The actions, each bound by the file that implements it.
type Set = ActionSetWithCommon<Connection>;

/// The `istio` namespace, ready to register.
pub fn namespace() -> ActionSet {
    let set = ActionSet::new(&kallisti_catalog::istio::ISTIO).with_common::<Connection>();
    fault::bind(set).into()
}
