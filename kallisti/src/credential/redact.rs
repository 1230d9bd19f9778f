//! Keeping secrets out of records, reports and logs.

use serde_json::Value;
use std::sync::{Arc, RwLock};

/// What a redacted value is replaced with.
pub const REDACTED: &str = "***";

/// Names that hold references to secrets (a variable's name, a file's path),
/// not secrets: shown as they are.
const REFERENCE_KEYS: &[&str] = &[
    "type",
    "username_key",
    "password_key",
    "token_path",
    "token_key",
    "username",
];

/// Whether an argument called `key` holds a secret by its name
/// (`password`, `client_secret`, `Authorization`, `api_key`, `token`, ...).
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    if REFERENCE_KEYS.contains(&key.as_str()) {
        return false;
    }
    [
        "password",
        "passwd",
        "secret",
        "token",
        "authorization",
        "api_key",
        "api-key",
        "apikey",
        "private_key",
        "cookie",
    ]
    .iter()
    .any(|word| key.contains(word))
}

/// Parts of an environment variable's name (split at `_`, `-` and `.`)
/// that say it holds a secret, beyond what [`is_secret_key`] knows.
const SECRET_NAME_PARTS: &[&str] = &[
    "key",
    "keys",
    "apikey",
    "creds",
    "pass",
    "passphrase",
    "pwd",
    "dsn",
    "salt",
];

/// Whether an environment variable (a Lambda function's, say) holds a
/// secret: by its name (`DB_PASSWORD`, `STRIPE_KEY`, `GITHUB_TOKEN`,
/// `APP_CREDENTIALS`, ...) or by its value's look (a PEM block, an AWS
/// access key id, a JWT, a URL with a password, a long random token).
///
/// ```
/// use kallisti::credential::is_secret_variable;
/// assert!(is_secret_variable("STRIPE_API_KEY", "abc"));
/// assert!(is_secret_variable("UPSTREAM", "https://app:pw@db.example.com/x"));
/// assert!(!is_secret_variable("STAGE", "prod"));
/// ```
pub fn is_secret_variable(name: &str, value: &str) -> bool {
    let name = name.to_ascii_lowercase();
    is_secret_key(&name)
        || name.contains("credential")
        || name
            .split(['_', '-', '.'])
            .any(|part| SECRET_NAME_PARTS.contains(&part))
        || looks_like_a_secret(value.trim())
}

fn looks_like_a_secret(value: &str) -> bool {
    let aws_key_id = value.len() == 20
        && (value.starts_with("AKIA") || value.starts_with("ASIA"))
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let jwt = value.starts_with("eyJ") && value.matches('.').count() == 2;
    value.contains("-----BEGIN")
        || aws_key_id
        || jwt
        || url_with_password(value)
        || random_token(value)
}

/// `scheme://user:password@host...`
fn url_with_password(value: &str) -> bool {
    let Some((_, rest)) = value.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority
        .rsplit_once('@')
        .is_some_and(|(user, _)| user.contains(':'))
}

/// 32 or more base64-ish characters mixing upper case, lower case and
/// digits: what generated keys look like, and what names, paths, ARNs and
/// hex digests do not.
fn random_token(value: &str) -> bool {
    value.len() >= 32
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=_-".contains(c))
        && value.chars().any(|c| c.is_ascii_uppercase())
        && value.chars().any(|c| c.is_ascii_lowercase())
        && value.chars().any(|c| c.is_ascii_digit())
}

/// A copy of `arguments` with every value under a secret-named key replaced by `***`.
///
/// ```
/// use serde_json::json;
/// let args = json!({"url": "http://x", "headers": {"Authorization": "Bearer abc"},
///                   "authentication": {"client": {"id": "app", "secret": "xyz"},
///                                      "credentials": {"type": "TOKEN_FILE", "token_path": "/t"}}});
/// assert_eq!(kallisti::credential::redact_arguments(&args), json!({
///     "url": "http://x", "headers": {"Authorization": "***"},
///     "authentication": {"client": {"id": "app", "secret": "***"},
///                        "credentials": {"type": "TOKEN_FILE", "token_path": "/t"}}}));
/// ```
pub fn redact_arguments(arguments: &Value) -> Value {
    match arguments {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_secret_key(k) && !v.is_null() && !v.is_object() {
                        Value::String(REDACTED.into())
                    } else {
                        redact_arguments(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact_arguments).collect()),
        other => other.clone(),
    }
}

/// The secret values seen during a trial; replaces them wherever they appear.
///
/// Cloning shares the set, so every step of a trial adds to the same one.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Arc<RwLock<Vec<String>>>,
}

impl Redactor {
    /// The shortest secret replaced where it is part of a longer text.
    pub const MIN_EMBEDDED_LEN: usize = 4;

    /// Whether `other` shares this redactor's set (is a clone of it).
    pub(crate) fn same_set(&self, other: &Redactor) -> bool {
        Arc::ptr_eq(&self.secrets, &other.secrets)
    }

    /// Every secret any trial of this process has learned: what
    /// [`RedactingWriter`] hides from lines that other crates log (an HTTP
    /// client tracing a response body that echoes a token, say).
    pub fn process() -> &'static Redactor {
        static PROCESS: std::sync::OnceLock<Redactor> = std::sync::OnceLock::new();
        PROCESS.get_or_init(Redactor::default)
    }

    /// Remembers a secret value (empty values are ignored), here and in
    /// [`Redactor::process`].
    pub fn add(&self, secret: &str) {
        let process = Redactor::process();
        if !self.same_set(process) {
            process.add(secret);
        }
        self.add_here(secret);
    }

    fn add_here(&self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        let mut secrets = self.secrets.write().expect("redactor lock");
        if !secrets.iter().any(|s| s == secret) {
            secrets.push(secret.to_string());
            // Longest first, so a secret containing another is replaced whole.
            secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    /// [`Redactor::redact`], or `None` when the set is being written to
    /// right now (for a panic hook, which must not wait).
    pub(crate) fn try_redact(&self, text: &str) -> Option<String> {
        let secrets = self.secrets.try_read().ok()?;
        Some(redact_with(&secrets, text))
    }

    /// `text` with every known secret replaced by `***`.
    ///
    /// Secrets shorter than [`Redactor::MIN_EMBEDDED_LEN`] are replaced only
    /// when they are the whole text: replacing every `a` of a one-letter
    /// password would make messages unreadable and reveal it anyway.
    pub fn redact(&self, text: &str) -> String {
        redact_with(&self.secrets.read().expect("redactor lock"), text)
    }

    /// Replaces every known secret in every string (and key) of `value`.
    pub fn redact_value(&self, value: &mut Value) {
        if self.secrets.read().expect("redactor lock").is_empty() {
            return;
        }
        match value {
            Value::String(s) => *s = self.redact(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.redact_value(v)),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (k, mut v) in entries {
                    self.redact_value(&mut v);
                    map.insert(self.redact(&k), v);
                }
            }
            _ => {}
        }
    }
}

/// `text` with every one of `secrets` (longest first) replaced by `***`.
fn redact_with(secrets: &[String], text: &str) -> String {
    if secrets.iter().any(|s| s == text) {
        return REDACTED.to_string();
    }
    let mut out = text.to_string();
    for secret in secrets
        .iter()
        .filter(|s| s.len() >= Redactor::MIN_EMBEDDED_LEN)
    {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), REDACTED);
        }
    }
    out
}

/// A writer that hides every secret of [`Redactor::process`] from what
/// passes through it. Log lines of the libraries kallisti drives (kube,
/// the AWS SDK, hyper) can carry a response that echoes a secret back;
/// wrap the writer of your `tracing` subscriber in it to keep them out of
/// your logs, as the `kallisti` command does.
///
/// Each `write` is redacted on its own: `tracing-subscriber`'s formatter
/// writes one whole line at a time.
///
/// ```
/// use std::io::Write;
/// kallisti::credential::Redactor::process().add("doc-example-secret");
/// let mut out = kallisti::credential::RedactingWriter::new(Vec::new());
/// write!(out, "response: Bearer doc-example-secret").unwrap();
/// assert_eq!(out.into_inner(), b"response: Bearer ***");
/// ```
///
/// With `tracing-subscriber`:
///
/// ```text
/// tracing_subscriber::fmt()
///     .with_writer(|| kallisti::credential::RedactingWriter::new(std::io::stderr()))
///     .init();
/// ```
#[derive(Debug)]
pub struct RedactingWriter<W> {
    inner: W,
}

impl<W: std::io::Write> RedactingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        RedactingWriter { inner }
    }

    /// The wrapped writer.
    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: std::io::Write> std::io::Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.inner
            .write_all(Redactor::process().redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::io::Write as _;

    #[test]
    fn redacting_writer_writes_each_byte_once_and_flushes_through() {
        Redactor::process().add("writer-canary-51");
        let inner = std::io::BufWriter::with_capacity(1024, Vec::new());
        let mut writer = RedactingWriter::new(inner);
        writer.write_all(b"token=writer-canary-51 end").unwrap();
        assert!(writer.inner.get_ref().is_empty(), "still buffered");
        writer.flush().unwrap();
        assert_eq!(writer.into_inner().get_ref(), b"token=*** end");
    }

    #[test]
    fn secret_keys() {
        for k in [
            "password",
            "client_secret",
            "Authorization",
            "X-Api-Key",
            "api_key",
            "access_token",
            "token",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "url",
            "password_key",
            "token_path",
            "username",
            "type",
            "token_key",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn secret_variables_by_name_or_look() {
        for (name, value) in [
            ("DB_PASSWORD", "x"),
            ("STRIPE_KEY", "x"),
            ("AWS_ACCESS_KEY_ID", "x"),
            ("GITHUB_TOKEN", "x"),
            ("APP_CREDENTIALS", "x"),
            ("SENTRY_DSN", "x"),
            ("SIGNING", "-----BEGIN PRIVATE KEY-----\nMIIB"),
            ("ID", "AKIAKALLISTITEST0001"),
            ("SESSION", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"),
            ("DATABASE_URL", "postgres://app:hunter2@db:5432/orders"),
            ("UPSTREAM", "Zx8kQ2mP9vR4tY7wB1nC5dF3gH6jK0aL"),
        ] {
            assert!(is_secret_variable(name, value), "{name}={value}");
        }
        for (name, value) in [
            ("STAGE", "prod"),
            ("LOG_LEVEL", "debug"),
            (
                "TABLE",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
            ),
            ("SERVICE_URL", "https://orders.internal:8443/api"),
            ("COMMIT", "3f786850e387550fdab836ed7e6dc881de23001b"),
            ("MONKEY_MODE", "on"),
        ] {
            assert!(!is_secret_variable(name, value), "{name}={value}");
        }
    }

    #[test]
    fn redactor_replaces_values_everywhere() {
        let r = Redactor::default();
        r.add("hunter2");
        r.add("hunter2-long");
        let mut v = json!({"a": "pw=hunter2-long;", "b": ["hunter2"], "hunter2": 1});
        r.redact_value(&mut v);
        assert_eq!(v, json!({"a": "pw=***;", "b": ["***"], "***": 1}));
        assert_eq!(r.redact("nothing here"), "nothing here");
        r.add("ab");
        assert_eq!(r.redact("ab"), "***");
        assert_eq!(r.redact("a cab"), "a cab", "too short to hunt inside text");
    }

    /// A trial's secrets also join the process's set (what the redacting
    /// writer and the panic hook use); the process's own set takes them
    /// directly.
    #[test]
    fn secrets_reach_the_process_set() {
        let trial = Redactor::default();
        trial.add("proc-set-canary-1");
        assert_eq!(Redactor::process().redact("x proc-set-canary-1"), "x ***");
        Redactor::process().add("proc-set-canary-2");
        assert_eq!(Redactor::process().redact("proc-set-canary-2!"), "***!");
        assert_eq!(trial.redact("proc-set-canary-2"), "proc-set-canary-2");
        assert!(!trial.same_set(Redactor::process()));
        assert!(trial.same_set(&trial.clone()));
        // Other tests add to the process's set in parallel, and `try_redact`
        // gives `None` while one is writing: ask until the set is free.
        let redacted =
            std::iter::repeat_with(|| Redactor::process().try_redact("proc-set-canary-1"))
                .flatten()
                .next();
        assert_eq!(redacted.as_deref(), Some("***"));
    }

    /// Short secrets (a 4-digit PIN, an 8-letter password) are hunted inside
    /// longer text too; only those under the minimum are left alone there.
    #[test]
    fn secrets_from_four_characters_are_replaced_inside_longer_text() {
        let chars = "Q7x!pZ2@kL9#";
        for len in 4..=11 {
            let secret = &chars[..len];
            let r = Redactor::default();
            r.add(secret);
            assert_eq!(
                r.redact(&format!("Authorization: Bearer {secret}, retry")),
                "Authorization: Bearer ***, retry",
                "a {len}-character secret"
            );
            assert_eq!(r.redact(&format!("{secret}{secret}")), "******");
        }
        let r = Redactor::default();
        r.add("Q7x");
        assert_eq!(
            r.redact("Q7x!"),
            "Q7x!",
            "three characters: whole text only"
        );
    }
}
