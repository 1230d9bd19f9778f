//! What an action sees of its trial while it runs.

use super::AllowList;
use crate::credential::{Credential, CredentialTypes, Redactor};
use crate::error::Error;
use serde_json::{Map, Value};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// State shared by every step of one trial: secrets seen, where it may
/// act, its random picks, per-trial caches.
#[derive(Clone)]
pub(crate) struct TrialScope {
    pub(crate) redactor: Redactor,
    pub(crate) credential_types: CredentialTypes,
    pub(crate) dry_run: bool,
    pub(crate) allow: Arc<AllowList>,
    seed: u64,
    rng: Arc<Mutex<fastrand::Rng>>,
    cache: Arc<Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>>,
}

impl TrialScope {
    pub(crate) fn new(
        redactor: Redactor,
        credential_types: CredentialTypes,
        dry_run: bool,
        allow: AllowList,
        seed: u64,
    ) -> Self {
        TrialScope {
            redactor,
            credential_types,
            dry_run,
            allow: Arc::new(allow),
            seed,
            rng: Arc::new(Mutex::new(fastrand::Rng::with_seed(seed))),
            cache: Arc::default(),
        }
    }
}

/// The handle an action gets: logging, dry run, credentials, secrets, and
/// state shared across the steps of a trial (e.g. clients built once).
#[derive(Clone)]
pub struct StepContext {
    step: Arc<str>,
    scope: TrialScope,
    logs: Arc<Mutex<Vec<String>>>,
    /// Repetitions of a repeated step keep no logs (their records are not kept).
    quiet: bool,
}

impl std::fmt::Debug for StepContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StepContext")
            .field("step", &self.step)
            .field("dry_run", &self.scope.dry_run)
            .finish()
    }
}

impl StepContext {
    pub(crate) fn new(step: &str, scope: TrialScope) -> Self {
        StepContext {
            step: step.into(),
            scope,
            logs: Arc::default(),
            quiet: false,
        }
    }

    /// A context whose logs are not kept: for the repetitions of a
    /// repeated step, whose own records are not kept either.
    pub(crate) fn quiet(step: &str, scope: TrialScope) -> Self {
        StepContext {
            quiet: true,
            ..StepContext::new(step, scope)
        }
    }

    /// A context outside any trial, for calling an action directly (tests, tools).
    pub fn detached(step: &str, dry_run: bool) -> Self {
        StepContext::new(
            step,
            TrialScope::new(
                Redactor::default(),
                CredentialTypes::with_builtins(),
                dry_run,
                AllowList::default(),
                fastrand::u64(..),
            ),
        )
    }

    /// The step's name.
    pub fn step_name(&self) -> &str {
        &self.step
    }

    /// [`log`](Self::log) for a line that costs something to make: it is made
    /// only when it is kept.
    pub fn log_with(&self, message: impl FnOnce() -> String) {
        if !self.quiet {
            self.log(message());
        }
    }

    /// Adds a line to the step's logs (secrets redacted) and emits it as a `tracing` event.
    pub fn log(&self, message: impl AsRef<str>) {
        if self.quiet {
            return;
        }
        let line = self.scope.redactor.redact(message.as_ref());
        tracing::info!(target: "kallisti::step", step = %self.step, "{line}");
        self.logs.lock().expect("step logs").push(line);
    }

    /// The step's log lines so far.
    pub fn logs(&self) -> Vec<String> {
        self.logs.lock().expect("step logs").clone()
    }

    /// Whether the trial is a dry run: report what would be done, do nothing.
    pub fn dry_run(&self) -> bool {
        self.scope.dry_run
    }

    /// Resolves a credential declaration; its secret values are redacted from then on.
    pub fn credential(&self, declaration: &Map<String, Value>) -> Result<Credential, Error> {
        let credential = self.scope.credential_types.resolve(declaration)?;
        for secret in credential.secrets() {
            self.scope.redactor.add(secret);
        }
        Ok(credential)
    }

    /// Marks a value as secret (a token obtained at run time, say): it is
    /// redacted from every record, report and log of the trial.
    pub fn add_secret(&self, value: &str) {
        self.scope.redactor.add(value);
    }

    /// Where the trial may act. Namespaces check every host they connect
    /// to (and every namespace, account, region or space they act in)
    /// against it, right before connecting.
    ///
    /// ```
    /// let ctx = kallisti::trial::StepContext::detached("probe", false);
    /// // A context outside a trial allows everything.
    /// assert!(ctx.allow_list().check_url("http://127.0.0.1/", "argument `url`").is_ok());
    /// ```
    pub fn allow_list(&self) -> &AllowList {
        &self.scope.allow
    }

    /// Shuffles `items` with the trial's random generator. Every random
    /// choice (which pod, node, instance) draws from that one generator, so
    /// a trial run again with the same seed against the same state picks
    /// the same targets.
    ///
    /// ```
    /// use kallisti::trial::StepContext;
    /// let (a, b) = (StepContext::detached("pick", false), StepContext::detached("pick", false));
    /// let mut names = vec!["a", "b", "c", "d"];
    /// a.shuffle(&mut names);
    /// assert_eq!(names.len(), 4);
    /// // Detached contexts get seeds of their own; trials record theirs.
    /// assert_ne!(a.seed(), b.seed());
    /// ```
    pub fn shuffle<T>(&self, items: &mut [T]) {
        self.with_rng(|rng| rng.shuffle(items));
    }

    /// An index below `len` (which must not be 0), drawn from the trial's
    /// random generator.
    pub fn pick_index(&self, len: usize) -> usize {
        self.with_rng(|rng| rng.usize(..len))
    }

    // Used by the HTTP client (`cm`, `prom`, `cf`, `eks`) and the AWS one.
    #[cfg_attr(
        not(any(
            feature = "cm",
            feature = "prom",
            feature = "cf",
            feature = "eks",
            feature = "__aws"
        )),
        allow(dead_code)
    )]
    pub(crate) fn shared_allow_list(&self) -> Arc<AllowList> {
        Arc::clone(&self.scope.allow)
    }

    pub(crate) fn with_rng<T>(&self, pick: impl FnOnce(&mut fastrand::Rng) -> T) -> T {
        pick(&mut self.scope.rng.lock().expect("trial random generator"))
    }

    /// The seed of the trial's random generator (written to its record).
    pub fn seed(&self) -> u64 {
        self.scope.seed
    }

    /// The trial's redactor.
    pub fn redactor(&self) -> &Redactor {
        &self.scope.redactor
    }

    /// State of type `T` shared by every step of the trial, made on first use.
    /// Namespaces keep their clients here so steps reuse connections.
    pub fn trial_state<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut cache = self.scope.cache.lock().expect("trial cache");
        let entry = cache
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()));
        Arc::clone(entry)
            .downcast::<T>()
            .expect("the cache is keyed by type")
    }
}
