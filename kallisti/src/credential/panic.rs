//! Secrets kept out of panic messages.
//!
//! A panic prints its message through the process's panic hook before
//! anything can catch it, so a test body's `assert_eq!` on a response that
//! echoes a token, or a bug in an action, would print the token to the test
//! output. While trials run, kallisti's hook (installed once, on top of the
//! one it finds) prints such a message with every secret of every running
//! trial replaced; messages without a secret go to the previous hook as they
//! are.

use super::Redactor;
use std::panic::PanicHookInfo;
use std::sync::{Mutex, Once};

static LIVE: Mutex<Vec<Redactor>> = Mutex::new(Vec::new());

/// While alive, the secrets of `redactor` are redacted from panic messages.
#[derive(Debug)]
pub(crate) struct PanicRedaction {
    redactor: Redactor,
}

impl PanicRedaction {
    pub(crate) fn new(redactor: &Redactor) -> Self {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| match redacted_message(info) {
                Some(message) => print_redacted(info, &message),
                None => previous(info),
            }));
        });
        live().push(redactor.clone());
        PanicRedaction {
            redactor: redactor.clone(),
        }
    }
}

impl Drop for PanicRedaction {
    fn drop(&mut self) {
        let mut live = live();
        if let Some(at) = live.iter().position(|r| r.same_set(&self.redactor)) {
            live.swap_remove(at);
        }
    }
}

fn live() -> std::sync::MutexGuard<'static, Vec<Redactor>> {
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The panic's message with secrets replaced, when it held any.
fn redacted_message(info: &PanicHookInfo<'_>) -> Option<String> {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())?;
    // A panic while the list is held (it never is for long) keeps its text
    // rather than risk a deadlock inside the hook.
    let live = LIVE.try_lock().ok()?;
    let redacted = live.iter().fold(message.clone(), |text, r| r.redact(&text));
    (redacted != message).then_some(redacted)
}

/// What the standard hook prints, with the redacted message.
fn print_redacted(info: &PanicHookInfo<'_>, message: &str) {
    let thread = std::thread::current();
    let name = thread.name().unwrap_or("<unnamed>");
    let at = info
        .location()
        .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
        .unwrap_or_default();
    let backtrace = std::backtrace::Backtrace::capture();
    match backtrace.status() {
        std::backtrace::BacktraceStatus::Captured => {
            eprintln!("\nthread '{name}' panicked{at}:\n{message}\nstack backtrace:\n{backtrace}")
        }
        _ => eprintln!(
            "\nthread '{name}' panicked{at}:\n{message}\n\
             note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace"
        ),
    }
}
