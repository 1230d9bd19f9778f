//! `cf`: Cloud Foundry, through the Cloud Controller v3 API.
//!
//! Every step takes `cf_api_url`; the UAA endpoint is read from the API
//! root. The user is `CF_USERNAME`/`CF_PASSWORD` from the environment unless
//! `credentials` says otherwise (a token credential is sent as is); the UAA
//! client is `client_id` (default `cf`) and `client_secret` (default empty).
//! One token per trial, API and user is reused across steps and refreshed
//! when it expires or an answer is 401. TLS is verified.
//!
//! Apps are found by name, within `org_name` and `space_name` when given; an
//! app, org or space not found, or a name that matches several apps, is a
//! `FailedAction` naming what was looked for. Under dry run, every action
//! looks its targets up and reports them without changing anything.

mod app;
mod client;
mod instance;
mod lookup;
mod route;
mod service;

use crate::action::{ActionSet, ActionSetWithCommon};
use client::Connection;

/// The actions, each bound by the file that implements it.
type Set = ActionSetWithCommon<Connection>;

/// The `cf` namespace, ready to register.
pub fn namespace() -> ActionSet {
    let set = ActionSet::new(&kallisti_catalog::cf::CF).with_common::<Connection>();
    let set = app::bind(set);
    let set = route::bind(set);
    let set = instance::bind(set);
    service::bind(set).into()
}
