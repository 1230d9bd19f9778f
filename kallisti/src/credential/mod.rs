//! Step credentials (`where.credentials`) and the redaction that keeps their
//! values out of every record, report and log.
//!
//! A credential is declared by reference: an environment variable's name, a
//! file's path. It is resolved only when the step runs, and every value it
//! yields is registered with the trial's [`Redactor`].
//!
//! ```
//! use kallisti::credential::{Credential, CredentialTypes};
//! use serde_json::json;
//!
//! std::env::set_var("DOC_USER", "ada");
//! std::env::set_var("DOC_PASS", "s3cret-pass");
//! let spec = json!({"type": "ENV_VAR_USERNAME_PASSWORD",
//!                   "username_key": "DOC_USER", "password_key": "DOC_PASS"});
//! let types = CredentialTypes::with_builtins();
//! let Credential::UsernamePassword { username, password } =
//!     types.resolve(spec.as_object().unwrap()).unwrap() else { panic!() };
//! assert_eq!(username, "ada");
//! assert_eq!(password.expose(), "s3cret-pass");
//! assert_eq!(format!("{password:?}"), "Secret(***)");
//! ```

mod builtin;
mod panic;
mod redact;

pub use builtin::{EnvVarUsernamePassword, ServiceAccountTokenFile, TokenFile};
pub(crate) use panic::install_panic_redaction;
pub use redact::{
    is_secret_key, is_secret_variable, redact_arguments, RedactingWriter, Redactor, REDACTED,
};

use crate::error::Error;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A secret value: shown as `***` by `Debug` and never serialized.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// What a credential resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A user name and a password.
    UsernamePassword {
        /// The user name (not treated as a secret).
        username: String,
        /// The password.
        password: Secret,
    },
    /// A bearer token, sent as is.
    Token(Secret),
}

impl Credential {
    /// The secret values this credential holds.
    pub fn secrets(&self) -> Vec<&str> {
        match self {
            Credential::UsernamePassword { password, .. } => vec![password.expose()],
            Credential::Token(token) => vec![token.expose()],
        }
    }
}

/// A kind of credential (`ENV_VAR_USERNAME_PASSWORD`, ...). Register your own
/// with [`crate::Registry::register_credential_type`].
pub trait CredentialType: Send + Sync {
    /// The `type` value that selects it.
    fn name(&self) -> &str;

    /// Checks the declaration's fields before anything runs (not their values).
    fn check(&self, _spec: &Map<String, Value>) -> Result<(), Error> {
        Ok(())
    }

    /// Reads the credential. Missing variables or files are
    /// [`Error::CredentialNotFound`] naming the variable or path, never a value.
    fn resolve(&self, spec: &Map<String, Value>) -> Result<Credential, Error>;
}

/// The credential types a registry knows.
#[derive(Clone, Default)]
pub struct CredentialTypes {
    types: BTreeMap<String, Arc<dyn CredentialType>>,
}

impl fmt::Debug for CredentialTypes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.types.keys()).finish()
    }
}

impl CredentialTypes {
    /// The three built-in types.
    pub fn with_builtins() -> Self {
        let mut types = CredentialTypes::default();
        types.register(EnvVarUsernamePassword);
        types.register(TokenFile);
        types.register(ServiceAccountTokenFile::default());
        types
    }

    /// Adds (or replaces) a type.
    pub fn register(&mut self, credential_type: impl CredentialType + 'static) {
        self.types.insert(
            credential_type.name().to_string(),
            Arc::new(credential_type),
        );
    }

    /// The names of every known type.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.types.keys().map(String::as_str)
    }

    fn lookup(&self, spec: &Map<String, Value>) -> Result<&Arc<dyn CredentialType>, Error> {
        let name = match spec.get("type") {
            Some(Value::String(name)) => name.as_str(),
            Some(other) => {
                return Err(Error::InvalidCredentialType {
                    credential_type: other.to_string(),
                    message: "`type` must be a string".into(),
                })
            }
            None => {
                return Err(Error::InvalidCredentialType {
                    credential_type: String::new(),
                    message: format!(
                        "a credential needs a `type` (one of {})",
                        self.names().collect::<Vec<_>>().join(", ")
                    ),
                })
            }
        };
        self.types.get(name).ok_or_else(|| {
            let hint = kallisti_catalog::closest(name, self.names())
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            Error::InvalidCredentialType {
                credential_type: name.to_string(),
                message: format!(
                    "known types are {}{hint}",
                    self.names().collect::<Vec<_>>().join(", ")
                ),
            }
        })
    }

    /// Checks a declaration (its type, its fields) without reading anything.
    pub fn check(&self, spec: &Map<String, Value>) -> Result<(), Error> {
        self.lookup(spec)?.check(spec)
    }

    /// Resolves a declaration into a credential.
    pub fn resolve(&self, spec: &Map<String, Value>) -> Result<Credential, Error> {
        self.lookup(spec)?.resolve(spec)
    }
}

/// The string field `field` of a credential declaration, or an error naming it.
pub fn required_field<'a>(
    spec: &'a Map<String, Value>,
    credential_type: &str,
    field: &str,
) -> Result<&'a str, Error> {
    match spec.get(field) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        _ => Err(Error::invalid_argument(
            format!("credentials.{field}"),
            format!("`{credential_type}` needs `{field}` as a non-empty string"),
        )),
    }
}
