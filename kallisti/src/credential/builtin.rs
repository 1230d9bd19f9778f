//! The built-in credential types.

use super::{required_field, Credential, CredentialType, Secret};
use crate::error::Error;
use serde_json::{Map, Value};
use std::path::PathBuf;

/// `ENV_VAR_USERNAME_PASSWORD`: user name and password from the environment
/// variables named by `username_key` and `password_key`.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvVarUsernamePassword;

impl EnvVarUsernamePassword {
    /// The type's name.
    pub const NAME: &'static str = "ENV_VAR_USERNAME_PASSWORD";
}

fn env_var(name: &str, role: &str) -> Result<String, Error> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Ok(value),
        Ok(_) => Err(Error::CredentialNotFound {
            message: format!("environment variable `{name}` ({role}) is empty"),
        }),
        Err(std::env::VarError::NotPresent) => Err(Error::CredentialNotFound {
            message: format!("environment variable `{name}` ({role}) is not set"),
        }),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::CredentialNotFound {
            message: format!("environment variable `{name}` ({role}) is not valid UTF-8"),
        }),
    }
}

impl CredentialType for EnvVarUsernamePassword {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn check(&self, spec: &Map<String, Value>) -> Result<(), Error> {
        required_field(spec, Self::NAME, "username_key")?;
        required_field(spec, Self::NAME, "password_key")?;
        Ok(())
    }

    fn resolve(&self, spec: &Map<String, Value>) -> Result<Credential, Error> {
        let username = env_var(
            required_field(spec, Self::NAME, "username_key")?,
            "user name",
        )?;
        let password = env_var(
            required_field(spec, Self::NAME, "password_key")?,
            "password",
        )?;
        Ok(Credential::UsernamePassword {
            username,
            password: Secret::new(password),
        })
    }
}

fn read_token(path: &str) -> Result<Credential, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::CredentialNotFound {
        message: format!("cannot read token file `{path}`: {}", e.kind()),
    })?;
    let token = text.trim();
    if token.is_empty() {
        return Err(Error::CredentialNotFound {
            message: format!("token file `{path}` is empty"),
        });
    }
    Ok(Credential::Token(Secret::new(token)))
}

/// `TOKEN_FILE`: a bearer token read from the file at `token_path`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokenFile;

impl TokenFile {
    /// The type's name.
    pub const NAME: &'static str = "TOKEN_FILE";
}

impl CredentialType for TokenFile {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn check(&self, spec: &Map<String, Value>) -> Result<(), Error> {
        required_field(spec, Self::NAME, "token_path").map(drop)
    }

    fn resolve(&self, spec: &Map<String, Value>) -> Result<Credential, Error> {
        read_token(required_field(spec, Self::NAME, "token_path")?)
    }
}

/// `K8S_SVC_ACC_TOKEN_FILE`: the pod's Kubernetes service-account token.
#[derive(Debug, Clone)]
pub struct ServiceAccountTokenFile {
    /// Where the token is; the in-cluster path unless changed (tests do).
    pub path: PathBuf,
}

impl ServiceAccountTokenFile {
    /// The type's name.
    pub const NAME: &'static str = "K8S_SVC_ACC_TOKEN_FILE";
    /// Where Kubernetes mounts the service-account token in a pod.
    pub const IN_CLUSTER_PATH: &'static str = "/var/run/secrets/kubernetes.io/serviceaccount/token";
}

impl Default for ServiceAccountTokenFile {
    fn default() -> Self {
        ServiceAccountTokenFile {
            path: PathBuf::from(Self::IN_CLUSTER_PATH),
        }
    }
}

impl CredentialType for ServiceAccountTokenFile {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn resolve(&self, _spec: &Map<String, Value>) -> Result<Credential, Error> {
        read_token(&self.path.display().to_string())
    }
}
