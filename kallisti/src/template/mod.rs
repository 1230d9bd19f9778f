//! Parameter interpolation into step arguments, with a Jinja engine (minijinja).
//!
//! Every string in `where` is a template. A string that is exactly one
//! placeholder (`"{{ replicas }}"`) becomes the parameter's JSON value, so a
//! number stays a number; any other template renders to a string.
//!
//! ```
//! use serde_json::json;
//! let params = json!({"host": "api.local", "replicas": 3});
//! let params = params.as_object().unwrap();
//! let rendered = kallisti::template::render(
//!     &json!({"url": "https://{{ host }}/health", "replicas": "{{ replicas }}"}),
//!     params,
//! ).unwrap();
//! assert_eq!(rendered, json!({"url": "https://api.local/health", "replicas": 3}));
//! ```

use minijinja::{Environment, UndefinedBehavior};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// A template that could not be parsed or rendered, with its path in the value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("template at `{path}`: {message}")]
pub struct TemplateError {
    /// Where the template is (`url`, `headers.Authorization`, `routes[0].host`).
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// The work one template may do (engine instructions: loop rounds, filter
/// calls): a step's argument needs a few dozen; this stops `{% for %}`s
/// nested over large ranges long before they stall a trial.
const FUEL: u64 = 100_000;

/// The most text one template may render.
const MAX_RENDERED_BYTES: usize = 1 << 20;

/// The longest list or map a template may print.
const MAX_PRINTED_ITEMS: usize = 100_000;

/// How long a template that computes (calls, repetition, statements) may
/// take: Jinja repeats lists with `*`, and `{{ (names * 10**15) | join }}`
/// would otherwise never end.
const RENDER_DEADLINE: std::time::Duration = std::time::Duration::from_secs(2);

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        env.set_formatter(|out, state, value| {
            let collection = matches!(
                value.kind(),
                minijinja::value::ValueKind::Seq
                    | minijinja::value::ValueKind::Map
                    | minijinja::value::ValueKind::Iterable
            );
            if collection && value.len().is_some_and(|n| n > MAX_PRINTED_ITEMS) {
                return Err(minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("prints a list of more than {MAX_PRINTED_ITEMS} items"),
                ));
            }
            minijinja::escape_formatter(out, state, value)
        });
        env
    })
}

/// The longest run of unary operators (`- - - x`, `not not x`) a template
/// may hold: the engine recurses once per operator when it compiles, with no
/// limit of its own, and a long run overflows the stack.
const MAX_UNARY_RUN: usize = 64;

/// Compiles a template, refusing operator runs the engine cannot take.
fn compile<'s>(text: &'s str) -> Result<minijinja::Template<'s, 's>, String> {
    let blocks = [("{{", "}}"), ("{%", "%}")]
        .into_iter()
        .flat_map(|(open, close)| {
            text.split(open)
                .skip(1)
                .map(move |block| block.split(close).next().unwrap_or_default())
        });
    for block in blocks {
        if longest_unary_run(block) > MAX_UNARY_RUN {
            return Err(format!("chains more than {MAX_UNARY_RUN} unary operators"));
        }
    }
    environment()
        .template_from_str(text)
        .map_err(|e| describe(&e))
}

/// The longest run of `-`, `+` and `not` in an expression.
fn longest_unary_run(expression: &str) -> usize {
    let (mut run, mut longest) = (0, 0);
    let words = expression
        .split(|c: char| c.is_whitespace() || c == '(')
        .filter(|w| !w.is_empty());
    for word in words {
        let operators = if word == "not" {
            1
        } else {
            word.chars().take_while(|c| matches!(c, '-' | '+')).count()
        };
        run = if operators == 0 { 0 } else { run + operators };
        longest = longest.max(run);
        if word != "not" && operators < word.chars().count() {
            run = 0;
        }
    }
    longest
}

/// Collects rendered text and refuses more than [`MAX_RENDERED_BYTES`].
#[derive(Default)]
struct CappedText {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl std::io::Write for CappedText {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_RENDERED_BYTES {
            self.overflowed = true;
            return Err(std::io::ErrorKind::FileTooLarge.into());
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders one template text within the engine's fuel and the size caps.
fn render_bounded(text: &str, parameters: &Map<String, Value>) -> Result<String, String> {
    let template = compile(text)?;
    let mut out = CappedText::default();
    match template.render_captured_to(parameters, &mut out) {
        Ok(_) => String::from_utf8(out.bytes).map_err(|e| e.to_string()),
        Err(_) if out.overflowed => Err(format!(
            "renders more than {} KiB of text",
            MAX_RENDERED_BYTES / 1024
        )),
        Err(e) if e.kind() == minijinja::ErrorKind::OutOfFuel => Err(format!(
            "does too much work (more than {FUEL} engine steps: loops over large ranges?)"
        )),
        Err(e) => Err(describe(&e)),
    }
}

/// Whether a template does more than substitute: a statement (`{% %}`), or
/// an expression with a call, `*` or `%` (text outside `{{ }}`, such as a
/// URL's `%20`, does not count).
fn computes(text: &str) -> bool {
    text.contains("{%")
        || text.split("{{").skip(1).any(|expression| {
            let inside = expression.split("}}").next().unwrap_or_default();
            inside.contains(['*', '(', '%'])
        })
}

/// Renders one template text. Plain substitutions (`{{ base_url }}/x`,
/// `{{ labels.app | upper }}`) take time in proportion to their text and
/// render here; a template that computes (a call, `*`, a statement) renders
/// on a thread of its own, given up on after [`RENDER_DEADLINE`].
fn render_text(text: &str, parameters: &Map<String, Value>) -> Result<String, String> {
    if !computes(text) {
        return render_bounded(text, parameters);
    }
    let (send, receive) = std::sync::mpsc::channel();
    let (owned_text, owned_parameters) = (text.to_string(), parameters.clone());
    let worker = std::thread::Builder::new()
        .name("kallisti-template".into())
        // A main thread's stack, not a spawned thread's 2 MiB: the engine
        // recurses over nested expressions (the template fuzz target found
        // a chain of 400 minus signs overflowing the smaller one).
        .stack_size(8 << 20)
        .spawn(move || {
            let rendered =
                std::panic::catch_unwind(|| render_bounded(&owned_text, &owned_parameters))
                    .unwrap_or_else(|_| Err("the template engine panicked".into()));
            let _ = send.send(rendered);
        });
    let worker = match worker {
        Ok(worker) => worker,
        Err(e) => return Err(format!("cannot start rendering: {e}")),
    };
    match receive.recv_timeout(RENDER_DEADLINE) {
        Ok(rendered) => {
            // It has sent its answer and is ending: wait, so no thread outlives a render.
            let _ = worker.join();
            rendered
        }
        // The thread is left to finish on its own: a thread cannot be stopped.
        Err(_) => Err(format!(
            "did not finish rendering within {} s (a list or text repeated a huge number of times?)",
            RENDER_DEADLINE.as_secs()
        )),
    }
}

fn is_template(text: &str) -> bool {
    text.contains("{{") || text.contains("{%") || text.contains("{#")
}

/// The parameter name when `text` is exactly one `{{ name }}` placeholder.
fn sole_placeholder(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let mut chars = inner.chars();
    let first = chars.next()?;
    ((first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then_some(inner)
}

fn walk<E>(
    value: &Value,
    path: &mut String,
    visit: &mut impl FnMut(&str, &str) -> Result<(), E>,
) -> Result<(), E> {
    match value {
        Value::String(s) if is_template(s) => visit(path, s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path, visit)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                walk(item, path, visit)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Every parameter name the templates in `value` refer to.
///
/// A template that does not parse is an error naming its path.
pub fn referenced_names(value: &Value) -> Result<BTreeSet<String>, TemplateError> {
    let mut names = BTreeSet::new();
    walk(value, &mut String::new(), &mut |path, text| {
        let template = compile(text).map_err(|message| TemplateError {
            path: path.to_string(),
            message,
        })?;
        names.extend(template.undeclared_variables(false));
        Ok(())
    })?;
    Ok(names)
}

/// Renders every template in `value` with `parameters`.
pub fn render(value: &Value, parameters: &Map<String, Value>) -> Result<Value, TemplateError> {
    render_at(value, parameters, &mut String::new())
}

fn render_at(
    value: &Value,
    parameters: &Map<String, Value>,
    path: &mut String,
) -> Result<Value, TemplateError> {
    Ok(match value {
        Value::String(text) if is_template(text) => {
            if let Some(value) = sole_placeholder(text).and_then(|name| parameters.get(name)) {
                return Ok(value.clone());
            }
            let rendered = render_text(text, parameters).map_err(|message| TemplateError {
                path: path.clone(),
                message,
            })?;
            Value::String(rendered)
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(render_at(item, parameters, path)?);
                path.truncate(len);
            }
            Value::Array(out)
        }
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                out.insert(key.clone(), render_at(item, parameters, path)?);
                path.truncate(len);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

fn describe(error: &minijinja::Error) -> String {
    match error.detail() {
        Some(detail) => format!("{} ({detail})", error.kind()),
        None => error.kind().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn sole_placeholder_keeps_the_json_type() {
        let p = params(json!({"n": 3, "flag": true, "list": [1, 2], "obj": {"a": 1}, "s": "x"}));
        let out = render(
            &json!({"a": "{{ n }}", "b": "{{flag}}", "c": " {{ list }} ", "d": "{{ obj }}", "e": "{{ s }}"}),
            &p,
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"a": 3, "b": true, "c": [1, 2], "d": {"a": 1}, "e": "x"})
        );
        // Names may start with `_`; an expression is not a name.
        let p = params(json!({"_n": 3, "1": "one"}));
        let out = render(&json!({"a": "{{ _n }}", "b": "{{ 1 }}"}), &p).unwrap();
        assert_eq!(out, json!({"a": 3, "b": "1"}));
        // Underscores and digits after the first character are still a name.
        let p = params(json!({"retry_count": 3, "pod_2": ["p"]}));
        let out = render(&json!({"a": "{{ retry_count }}", "b": "{{pod_2}}"}), &p).unwrap();
        assert_eq!(out, json!({"a": 3, "b": ["p"]}));
    }

    #[test]
    fn rendered_text_may_fill_the_cap_but_not_pass_it() {
        let full = "x".repeat(MAX_RENDERED_BYTES);
        let p = params(json!({"s": full}));
        let out = render_bounded("{{ s }}", &p).unwrap();
        assert_eq!(out.len(), MAX_RENDERED_BYTES);
        let error = render_bounded("{{ s }}!", &p).unwrap_err();
        assert!(error.starts_with("renders more than"), "{error}");
    }

    #[test]
    fn mixed_text_renders_to_a_string() {
        let p = params(json!({"n": 3, "host": "h"}));
        let out = render(&json!(["n={{ n }}", "{{ host | upper }}", "plain"]), &p).unwrap();
        assert_eq!(out, json!(["n=3", "H", "plain"]));
    }

    #[test]
    fn nested_values_and_keys_are_walked() {
        let v = json!({"routes": [{"destination": {"host": "{{ a }}"}}], "x": "{{ b }}-{{ c.d }}"});
        let names = referenced_names(&v).unwrap();
        assert_eq!(
            names.into_iter().collect::<Vec<_>>(),
            vec!["a".to_string(), "b".into(), "c".into()]
        );
    }

    #[test]
    fn syntax_errors_name_the_path() {
        let err = referenced_names(&json!({"headers": {"x": "{{ oops"}})).unwrap_err();
        assert_eq!(err.path, "headers.x");
    }

    #[test]
    fn runaway_templates_stop_with_a_clear_error() {
        // Found by the `template` fuzz target (fuzz/regressions/template/):
        // a list repeated 10^17 times rendered for hours.
        let p = params(json!({"names": ["api", "web"]}));
        let err = render(&json!({"u": "{{ names * 99007199254740993 }}-x"}), &p).unwrap_err();
        assert_eq!(err.path, "u");
        assert!(
            err.message.contains("more than 100000 items"),
            "{}",
            err.message
        );
        let err = render(
            &json!({"u": "{{ (names * 99007199254740993) | join(',') }}"}),
            &p,
        )
        .unwrap_err();
        assert!(
            err.message.contains("did not finish rendering within 2 s"),
            "{}",
            err.message
        );
        let err = render(&json!({"u": "{{ 'ab' * 1000000 }}"}), &p).unwrap_err();
        assert!(
            err.message.contains("more than 1024 KiB"),
            "{}",
            err.message
        );
        let loops = "{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}";
        let err = render(&json!({"v": loops}), &p).unwrap_err();
        assert!(err.message.contains("too much work"), "{}", err.message);
        // Ordinary templates are far from either limit.
        let fine = "{% for n in names %}{{ n | upper }},{% endfor %}";
        assert_eq!(render(&json!(fine), &p), Ok(json!("API,WEB,")));
    }

    #[test]
    fn deeply_nested_expressions_do_not_overflow_the_render_thread() {
        // The template fuzz target's stack overflow (fuzz/regressions/template/).
        for chain in [
            format!("{{{{ 1 {}1 }}}}", "- ".repeat(3000)),
            format!("{{{{ {}true }}}}", "not ".repeat(3000)),
            format!("{{{{ 1 {}1 }}}}", "-".repeat(3000)),
        ] {
            let err = render(&json!({"x": chain}), &Map::new()).unwrap_err();
            assert!(
                err.message.contains("more than 64 unary operators"),
                "{}",
                err.message
            );
            assert!(referenced_names(&json!({"x": chain})).is_err());
        }
        assert_eq!(render(&json!("{{ 1 - -1 }}"), &Map::new()), Ok(json!("2")));
        // Many short runs, each ended by an operand, are not one long chain.
        let sum = format!("{{{{ 0{} }}}}", " - -1".repeat(100));
        assert_eq!(render(&json!(sum), &Map::new()), Ok(json!("100")));
        // Outside an expression, dashes are text.
        let ruler = format!("{{{{ 1 }}}}\n{}", "-".repeat(200));
        assert_eq!(
            render(&json!(ruler), &Map::new()),
            Ok(json!(ruler.replace("{{ 1 }}", "1")))
        );
    }

    #[test]
    fn only_templates_that_compute_leave_the_fast_path() {
        assert!(!computes("{{ base_url }}/search?q=a%20b&n=(1)*2"));
        assert!(!computes("{{ labels.app | upper }}-{{ names[0] }}"));
        assert!(computes("{{ replicas * 2 }}"));
        assert!(computes("x {{ names | join(',') }}"));
        assert!(computes("{{ '%s' % base_url }}"));
        assert!(computes("{% if enabled %}on{% endif %}"));
        assert!(computes("{{ unclosed * 3"));
    }

    #[test]
    fn undefined_names_fail_rendering() {
        let err = render(&json!({"u": "a{{ nope }}"}), &Map::new()).unwrap_err();
        assert_eq!(err.path, "u");
    }
}
