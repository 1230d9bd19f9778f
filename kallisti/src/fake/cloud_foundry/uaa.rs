//! UAA: the password grant that issues tokens, and checking them.

use super::state::State;
use super::{reply, Reply};
use base64::Engine as _;
use serde_json::json;
use std::collections::HashMap;
use std::time::Instant;
use wiremock::Request;

/// The password grant: a bearer token for a known client and user.
pub(super) fn token(state: &mut State, request: &Request) -> Reply {
    let form: HashMap<String, String> =
        crate::fake::form_decode(&String::from_utf8_lossy(&request.body));
    let client = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| {
            t.split_once(':')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        });
    let uaa_error = |status: u16, error: &str, description: &str| {
        reply(status).json(json!({"error": error, "error_description": description}))
    };
    match client {
        Some((id, secret)) if state.clients.get(&id) == Some(&secret) => {}
        _ => return uaa_error(401, "invalid_client", "Bad client credentials"),
    }
    if form.get("grant_type").map(String::as_str) != Some("password") {
        return uaa_error(
            400,
            "unsupported_grant_type",
            "Only the password grant is supported",
        );
    }
    let user = form.get("username").cloned().unwrap_or_default();
    let password = form.get("password").cloned().unwrap_or_default();
    if state.users.get(&user) != Some(&password) {
        return uaa_error(401, "unauthorized", "Bad credentials");
    }
    state.issued += 1;
    let token = format!("fake-cf-token-{}-{}", state.issued, state.next_id);
    state
        .tokens
        .insert(token.clone(), Instant::now() + state.token_lifetime);
    reply(200).json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": state.token_lifetime.as_secs(),
        "scope": "cloud_controller.read cloud_controller.write",
        "jti": format!("jti-{}", state.issued),
    }))
}

/// Whether the request bears a token UAA issued that has not expired.
pub(super) fn authorized(state: &State, request: &Request) -> bool {
    request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("bearer ")
                .or_else(|| v.strip_prefix("Bearer "))
        })
        .and_then(|t| state.tokens.get(t))
        .is_some_and(|expires| Instant::now() < *expires)
}
