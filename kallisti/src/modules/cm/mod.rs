//! `cm`: the common namespace.
//!
//! - `cm.http_probe`: GET or POST a URL; a 4xx or 5xx answer fails the step.
//! - `cm.http_request`: GET, POST, PUT, PATCH or DELETE; any status is a result.
//! - `cm.wait`: wait `time_in_seconds`.
//!
//! HTTP results are `status_code`, `response_text`, `response_headers`,
//! `response_time_in_seconds` (to the end of the headers) and `response` (the
//! body parsed as JSON, or null). Both HTTP steps take `authentication`
//! (`type: oauth2_token`) and `verify_tls` (default true).

mod auth;
mod http;
mod wait;

use crate::action::ActionSet;

/// The actions, each bound by the file that implements it.
type Set = ActionSet;

/// The `cm` namespace, ready to register.
pub fn namespace() -> ActionSet {
    let set = ActionSet::new(&kallisti_catalog::cm::CM);
    let set = http::bind(set);
    wait::bind(set)
}
