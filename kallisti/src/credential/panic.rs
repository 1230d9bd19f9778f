//! Secrets kept out of panic messages.
//!
//! A panic prints its message through the process's panic hook before
//! anything can catch it, so a test body's `assert_eq!` on a response that
//! echoes a token, or a bug in an action, would print the token to the test
//! output. From the first trial on, kallisti's hook (installed once, on top
//! of the one it finds) prints such a message with every secret any trial
//! of the process learned replaced; messages without a secret go to the
//! previous hook as they are.

use super::Redactor;
use std::panic::PanicHookInfo;
use std::sync::Once;

/// Installs the redacting panic hook, once per process.
pub(crate) fn install_panic_redaction() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| match redacted_message(info) {
            Some(message) => print_redacted(info, &message),
            None => previous(info),
        }));
    });
}

/// The panic's message with secrets replaced, when it held any.
fn redacted_message(info: &PanicHookInfo<'_>) -> Option<String> {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())?;
    // A panic while the secrets are being added to (never for long) keeps
    // its text rather than risk a deadlock inside the hook.
    let redacted = Redactor::process().try_redact(&message)?;
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
