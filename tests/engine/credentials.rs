//! Credential types: the built-ins, their errors, and a user's own type.

use crate::support;

use kallisti::credential::{
    Credential, CredentialType, CredentialTypes, Secret, ServiceAccountTokenFile,
};
use kallisti::{Error, ErrorKind, Experiment, Trial, TrialStatus};
use serde_json::{json, Map, Value};
use support::{registry, CallLog};

fn spec(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn temp_file(name: &str, contents: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kallisti-cred-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn env_var_username_password() {
    std::env::set_var("CRED_T_USER", "ada");
    std::env::set_var("CRED_T_PASS", "pw-canary-1");
    let types = CredentialTypes::with_builtins();
    let cred = types
        .resolve(&spec(json!({"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "CRED_T_USER", "password_key": "CRED_T_PASS"})))
        .unwrap();
    assert_eq!(
        cred,
        Credential::UsernamePassword {
            username: "ada".into(),
            password: Secret::new("pw-canary-1")
        }
    );
    assert!(!format!("{cred:?}").contains("pw-canary-1"));

    std::env::remove_var("CRED_T_MISSING");
    let err = types
        .resolve(&spec(json!({"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "CRED_T_USER", "password_key": "CRED_T_MISSING"})))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialNotFound);
    assert_eq!(
        err.to_string(),
        "credential not found: environment variable `CRED_T_MISSING` (password) is not set"
    );

    // An empty variable is as good as none.
    std::env::set_var("CRED_T_EMPTY", "");
    let err = types
        .resolve(&spec(json!({"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "CRED_T_EMPTY", "password_key": "CRED_T_PASS"})))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialNotFound);
    assert_eq!(
        err.to_string(),
        "credential not found: environment variable `CRED_T_EMPTY` (user name) is empty"
    );

    let err = types
        .check(&spec(
            json!({"type": "ENV_VAR_USERNAME_PASSWORD", "username_key": "X"}),
        ))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(
        err.to_string().contains("credentials.password_key"),
        "{err}"
    );
}

#[test]
fn token_file() {
    let path = temp_file("token", "  tok-canary-2\n");
    let types = CredentialTypes::with_builtins();
    // The path is checked before anything runs.
    let err = types
        .check(&spec(json!({"type": "TOKEN_FILE"})))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("credentials.token_path"), "{err}");
    let err = types
        .check(&spec(json!({"type": "TOKEN_FILE", "token_path": ""})))
        .unwrap_err();
    assert!(err.to_string().contains("non-empty string"), "{err}");
    types
        .check(&spec(
            json!({"type": "TOKEN_FILE", "token_path": "/any/path"}),
        ))
        .unwrap();
    let cred = types
        .resolve(&spec(json!({"type": "TOKEN_FILE", "token_path": path})))
        .unwrap();
    assert_eq!(cred, Credential::Token(Secret::new("tok-canary-2")));

    let err = types
        .resolve(&spec(
            json!({"type": "TOKEN_FILE", "token_path": "/no/such/token"}),
        ))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialNotFound);
    assert_eq!(
        err.to_string(),
        "credential not found: cannot read token file `/no/such/token`: entity not found"
    );

    let empty = temp_file("empty", "\n");
    let err = types
        .resolve(&spec(json!({"type": "TOKEN_FILE", "token_path": empty})))
        .unwrap_err();
    assert!(err.to_string().ends_with("is empty"), "{err}");
}

#[test]
fn service_account_token_file() {
    assert_eq!(
        ServiceAccountTokenFile::default().path.to_str().unwrap(),
        "/var/run/secrets/kubernetes.io/serviceaccount/token"
    );
    let path = temp_file("sa-token", "sa-canary-3");
    let mut types = CredentialTypes::with_builtins();
    types.register(ServiceAccountTokenFile { path: path.clone() });
    let cred = types
        .resolve(&spec(json!({"type": "K8S_SVC_ACC_TOKEN_FILE"})))
        .unwrap();
    assert_eq!(cred, Credential::Token(Secret::new("sa-canary-3")));

    let mut types = CredentialTypes::with_builtins();
    types.register(ServiceAccountTokenFile {
        path: "/nowhere/token".into(),
    });
    let err = types
        .resolve(&spec(json!({"type": "K8S_SVC_ACC_TOKEN_FILE"})))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialNotFound);
    assert!(err.to_string().contains("/nowhere/token"), "{err}");
}

#[test]
fn unknown_types_are_invalid_credential_types() {
    let types = CredentialTypes::with_builtins();
    let err = types.check(&spec(json!({"type": "VAULT"}))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentialType);
    assert_eq!(
        err.to_string(),
        "invalid credential type `VAULT`: known types are ENV_VAR_USERNAME_PASSWORD, K8S_SVC_ACC_TOKEN_FILE, TOKEN_FILE"
    );
    let err = types.check(&spec(json!({"token_path": "/t"}))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCredentialType);
}

/// A user's own credential type: a static token held in memory.
struct StaticToken;

impl CredentialType for StaticToken {
    fn name(&self) -> &str {
        "STATIC_TOKEN"
    }
    fn check(&self, spec: &Map<String, Value>) -> Result<(), Error> {
        kallisti::credential::required_field(spec, "STATIC_TOKEN", "name").map(drop)
    }
    fn resolve(&self, spec: &Map<String, Value>) -> Result<Credential, Error> {
        let name = spec["name"].as_str().unwrap();
        Ok(Credential::Token(Secret::new(format!(
            "static-{name}-canary"
        ))))
    }
}

#[tokio::test]
async fn a_registered_credential_type_works_in_steps_and_its_secret_is_redacted() {
    let log = CallLog::default();
    let mut reg = registry(&log);
    reg.register_credential_type(StaticToken);
    let exp = Experiment::from_value(json!({
        "name": "custom credential",
        "steps": [{"step": "e", "do": "test.echo", "where": {"credentials": {"type": "STATIC_TOKEN", "name": "abc"}}}]
    }))
    .unwrap();
    let record = Trial::new(exp).run(&reg).await;
    assert_eq!(record.status, TrialStatus::Succeeded);

    let bad = Experiment::from_value(json!({
        "name": "custom credential, bad",
        "steps": [{"step": "e", "do": "test.echo", "where": {"credentials": {"type": "STATIC_TOKEN"}}}]
    }))
    .unwrap();
    let record = Trial::new(bad).run(&reg).await;
    assert_eq!(record.status, TrialStatus::Invalid);
    assert_eq!(
        record.problems[0].field.as_deref(),
        Some("where.credentials")
    );
    assert!(
        log.calls().len() == 1,
        "only the valid trial ran: {:?}",
        log.calls()
    );

    // Resolved through a step context, the secret is redacted from then on.
    let ctx = kallisti::StepContext::detached("s", false);
    let mut types = CredentialTypes::with_builtins();
    types.register(StaticToken);
    let cred = types
        .resolve(&spec(json!({"type": "STATIC_TOKEN", "name": "q"})))
        .unwrap();
    assert_eq!(cred.secrets(), ["static-q-canary"]);
    let cred = ctx
        .credential(&spec(
            json!({"type": "TOKEN_FILE", "token_path": temp_file("t2", "ctx-canary-4")}),
        ))
        .unwrap();
    assert_eq!(cred, Credential::Token(Secret::new("ctx-canary-4")));
    ctx.log("sending ctx-canary-4 now");
    assert_eq!(ctx.logs(), ["sending *** now"]);
}

#[test]
fn a_secret_debugs_as_stars() {
    let secret = Secret::new("debug-canary-1");
    assert_eq!(format!("{secret:?}"), "Secret(***)");
    let cred = Credential::Token(secret);
    assert_eq!(format!("{cred:?}"), "Token(Secret(***))");
}
