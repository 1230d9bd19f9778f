//! The errors a step, a trial or an experiment document can produce.

use serde_json::Value;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The kind of an [`Error`], named as in Kallisti (`FailedAction`, ...).
///
/// Kinds are what reports, records and the command print, and what tests match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ErrorKind {
    /// The namespace of a `do` is not registered.
    UnknownModuleName,
    /// The namespace has no such action.
    CouldNotFindFunction,
    /// The action ran and failed.
    FailedAction,
    /// An argument is missing, unknown, or of the wrong type or value.
    InvalidArgument,
    /// A `credentials.type` that no registered credential type handles.
    InvalidCredentialType,
    /// A credential's variable or file is missing.
    CredentialNotFound,
    /// An expectation did not hold.
    FailedExpectation,
    /// An expectation's path is not in the result.
    KeyNotFound,
    /// A template names a parameter defined nowhere.
    MissingParameter,
    /// The step ran past its timeout.
    Timeout,
    /// The run was stopped (Ctrl-C, a dropped future) while the step ran.
    Stopped,
    /// The experiment document itself is malformed.
    InvalidExperiment,
    /// The allow-list refused a target (a host, namespace, account, region
    /// or space): nothing was sent to it.
    Refused,
}

impl ErrorKind {
    /// The kind's name, as records and reports print it.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::UnknownModuleName => "UnknownModuleName",
            ErrorKind::CouldNotFindFunction => "CouldNotFindFunction",
            ErrorKind::FailedAction => "FailedAction",
            ErrorKind::InvalidArgument => "InvalidArgument",
            ErrorKind::InvalidCredentialType => "InvalidCredentialType",
            ErrorKind::CredentialNotFound => "CredentialNotFound",
            ErrorKind::FailedExpectation => "FailedExpectation",
            ErrorKind::KeyNotFound => "KeyNotFound",
            ErrorKind::MissingParameter => "MissingParameter",
            ErrorKind::Timeout => "Timeout",
            ErrorKind::Stopped => "Stopped",
            ErrorKind::InvalidExperiment => "InvalidExperiment",
            ErrorKind::Refused => "Refused",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything that can go wrong in a step or while preparing a trial.
///
/// Each variant is one [`ErrorKind`]; messages never contain secret values.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The namespace of a `do` is not registered.
    #[error("unknown module name `{namespace}`{hint}")]
    UnknownModuleName {
        /// The namespace as written.
        namespace: String,
        /// A "did you mean" or feature hint, starting with `; ` (or empty).
        hint: String,
    },
    /// The namespace has no such action.
    #[error("could not find function `{action}` in namespace `{namespace}`{hint}")]
    CouldNotFindFunction {
        /// The namespace.
        namespace: String,
        /// The action as written.
        action: String,
        /// A "did you mean" hint, starting with `; ` (or empty).
        hint: String,
    },
    /// The action ran and failed.
    #[error("{message}")]
    FailedAction {
        /// What happened.
        message: String,
        /// The library error it came from, when there is one: walk it with
        /// [`std::error::Error::source`].
        #[source]
        cause: Option<Cause>,
    },
    /// An argument is missing, unknown, or of the wrong type or value.
    #[error("argument `{argument}`: {message}")]
    InvalidArgument {
        /// The argument's path in `where` (`url`, `authentication.client.id`).
        argument: String,
        /// What is wrong with it.
        message: String,
    },
    /// No registered credential type handles `credential_type`.
    #[error("invalid credential type `{credential_type}`: {message}")]
    InvalidCredentialType {
        /// The type as written.
        credential_type: String,
        /// Why, and what is known.
        message: String,
    },
    /// A credential's variable or file is missing (named, never its value).
    #[error("credential not found: {message}")]
    CredentialNotFound {
        /// Which variable or path is missing.
        message: String,
    },
    /// An expectation did not hold.
    #[error("{0}")]
    FailedExpectation(Box<ExpectationFailure>),
    /// An expectation's path is not in the result.
    #[error("key not found: `{path}` is not in the result ({detail})")]
    KeyNotFound {
        /// The whole path.
        path: String,
        /// Which part was missing.
        detail: String,
    },
    /// Templates name parameters defined nowhere.
    #[error("missing parameter{}: {}", if names.len() == 1 { "" } else { "s" }, names.join(", "))]
    MissingParameter {
        /// Every missing name.
        names: Vec<String>,
    },
    /// The step ran past its timeout.
    #[error("step timed out after {}", humantime::format_duration(*after))]
    Timeout {
        /// The timeout that ran out.
        after: Duration,
    },
    /// The run was stopped while the step ran.
    #[error("the run was stopped: {reason}")]
    Stopped {
        /// Why (Ctrl-C, dropped).
        reason: String,
    },
    /// The experiment document itself is malformed.
    #[error("{message}")]
    InvalidExperiment {
        /// What is wrong.
        message: String,
    },
    /// The allow-list refused a target before anything was sent to it.
    #[error("refused: {target} (from {origin}) is not on the allow-list ({allowed})")]
    Refused {
        /// What was refused (`host \`10.0.0.1\``, `AWS account \`...\``).
        target: String,
        /// Where the target came from (an argument, the kubeconfig, the environment).
        origin: String,
        /// The patterns that were allowed.
        allowed: String,
    },
}

/// The library error behind a [`Error::FailedAction`], one variant per
/// library kallisti talks through. Reports show only the action's message;
/// the cause is there for code that wants to know more.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Cause {
    /// The Kubernetes client.
    #[cfg(feature = "k8s")]
    #[cfg_attr(docsrs, doc(cfg(feature = "k8s")))]
    #[error("Kubernetes client")]
    Kube(#[source] Arc<kube::Error>),
    /// The AWS SDK (its `SdkError`, whose type depends on the operation).
    #[cfg(feature = "__aws")]
    #[error("AWS SDK")]
    Aws(#[source] Arc<dyn std::error::Error + Send + Sync>),
    /// The HTTP client.
    #[cfg(any(
        feature = "cm",
        feature = "prom",
        feature = "cf",
        feature = "k8s",
        feature = "toxiproxy"
    ))]
    #[error("HTTP client")]
    Http(#[source] Arc<reqwest::Error>),
    /// Reading or writing a file, a pipe or a socket.
    #[error("I/O")]
    Io(#[source] Arc<std::io::Error>),
    /// Reading or writing JSON.
    #[error("JSON")]
    Json(#[source] Arc<serde_json::Error>),
}

/// Causes compare by what they say: two errors that read the same are equal,
/// as the rest of [`Error`] compares.
impl PartialEq for Cause {
    fn eq(&self, other: &Self) -> bool {
        use std::error::Error as _;
        std::mem::discriminant(self) == std::mem::discriminant(other)
            && self.source().map(ToString::to_string) == other.source().map(ToString::to_string)
    }
}

#[cfg(feature = "k8s")]
impl From<kube::Error> for Cause {
    fn from(error: kube::Error) -> Self {
        Cause::Kube(Arc::new(error))
    }
}

#[cfg(any(
    feature = "cm",
    feature = "prom",
    feature = "cf",
    feature = "k8s",
    feature = "toxiproxy"
))]
impl From<reqwest::Error> for Cause {
    fn from(error: reqwest::Error) -> Self {
        Cause::Http(Arc::new(error))
    }
}

impl From<std::io::Error> for Cause {
    fn from(error: std::io::Error) -> Self {
        Cause::Io(Arc::new(error))
    }
}

impl From<serde_json::Error> for Cause {
    fn from(error: serde_json::Error) -> Self {
        Cause::Json(Arc::new(error))
    }
}

/// What [`Error::FailedExpectation`] reports: path, operator, expected and actual.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectationFailure {
    /// The path into the result.
    pub path: String,
    /// The operator.
    pub operator: String,
    /// The expected value.
    pub expected: Value,
    /// The value found.
    pub actual: Value,
}

impl fmt::Display for ExpectationFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected {} {} {}, actual {}",
            self.path, self.operator, self.expected, self.actual
        )
    }
}

impl Error {
    /// `Kind: message`, as step logs show an error.
    pub fn to_string_with_kind(&self) -> String {
        format!("{}: {self}", self.kind())
    }
}

impl Error {
    /// This error's kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::UnknownModuleName { .. } => ErrorKind::UnknownModuleName,
            Error::CouldNotFindFunction { .. } => ErrorKind::CouldNotFindFunction,
            Error::FailedAction { .. } => ErrorKind::FailedAction,
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::InvalidCredentialType { .. } => ErrorKind::InvalidCredentialType,
            Error::CredentialNotFound { .. } => ErrorKind::CredentialNotFound,
            Error::FailedExpectation(_) => ErrorKind::FailedExpectation,
            Error::KeyNotFound { .. } => ErrorKind::KeyNotFound,
            Error::MissingParameter { .. } => ErrorKind::MissingParameter,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Stopped { .. } => ErrorKind::Stopped,
            Error::InvalidExperiment { .. } => ErrorKind::InvalidExperiment,
            Error::Refused { .. } => ErrorKind::Refused,
        }
    }

    /// A [`Error::FailedAction`] with this message: what actions return when they fail.
    ///
    /// ```
    /// let err = kallisti::Error::failed_action("no pod matched `app=cart`");
    /// assert_eq!(err.kind(), kallisti::ErrorKind::FailedAction);
    /// ```
    pub fn failed_action(message: impl Into<String>) -> Self {
        Error::FailedAction {
            message: message.into(),
            cause: None,
        }
    }

    /// A [`Error::FailedAction`] with this message, keeping the library
    /// error it came from as its [`source`](std::error::Error::source).
    ///
    /// ```
    /// use std::error::Error as _;
    ///
    /// let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no pid file");
    /// let err = kallisti::Error::failed_action_from("cannot read /run/app.pid", io);
    /// assert_eq!(err.to_string(), "cannot read /run/app.pid");
    /// let cause = err.source().unwrap();
    /// assert!(matches!(
    ///     cause.downcast_ref::<kallisti::error::Cause>(),
    ///     Some(kallisti::error::Cause::Io(_))
    /// ));
    /// assert_eq!(cause.source().unwrap().to_string(), "no pid file");
    /// ```
    pub fn failed_action_from(message: impl Into<String>, cause: impl Into<Cause>) -> Self {
        Error::FailedAction {
            message: message.into(),
            cause: Some(cause.into()),
        }
    }

    /// An [`Error::InvalidArgument`] about `argument`.
    pub fn invalid_argument(argument: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            argument: argument.into(),
            message: message.into(),
        }
    }
}

/// "a string", "a number", ...: how messages name a JSON value's type.
pub(crate) fn json_type_phrase(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
