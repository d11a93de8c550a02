//! The core's `tracing` events as records of Python's `logging` module, logger `smtpprovider`.
//!
//! A `tracing` layer formats each event of the SDK (`response`, `attempt failed`, `retrying`)
//! with the fields of its call's span (`endpoint`, `method`, `attempt`) and hands it to
//! `logging.getLogger("smtpprovider").log(...)`; the fields are also on the record as
//! `record.smtpprovider` (a dict). Only the SDK's own events are forwarded (targets `smtpprovider*`):
//! the core keeps credentials out of every event, so no record carries the token.
//!
//! Taking the GIL for every event would cost every call, and an async call finishes on a tokio
//! thread that must then wait for the event loop's thread to let go of the GIL. So each call,
//! when it starts (holding the GIL anyway), stores the logger's effective level in an atomic,
//! and the layer disables any span or event below it without touching Python. While `logging` has
//! not even been imported, no handler can exist and everything is disabled.
//!
//! Disabled is cheaper than dropped: a span the layer declines is never created, so a call at the
//! default `WARNING` level pays neither the registry's span bookkeeping nor the span's enter and
//! exit on every poll (4–5% of a tiny blocking call). Only the call's `warn!` events then come
//! without the span's fields; the one the send loop emits names its endpoint itself. Other
//! crates' callsites (hyper, h2) are never even asked about.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU32, Ordering};

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

/// The Python logger's name.
const LOGGER: &str = "smtpprovider";

/// The lowest Python level forwarded; `u32::MAX` forwards nothing.
static THRESHOLD: AtomicU32 = AtomicU32::new(u32::MAX);

/// Installs the layer as the process's `tracing` subscriber. Another library may have installed
/// one already; then that one gets the events, and this does nothing.
pub(crate) fn install() {
    let _ =
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(PythonLogging));
}

/// Reads the `smtpprovider` logger's effective level (call with the GIL, at the start of a call).
pub(crate) fn refresh(py: Python<'_>) {
    THRESHOLD.store(effective_level(py).unwrap_or(u32::MAX), Ordering::Relaxed);
}

/// What `Logger.getEffectiveLevel()` returns (the first level set, from the logger up through its
/// parents), read as attributes: calling that Python method cost every call a few percent.
fn effective_level(py: Python<'_>) -> Option<u32> {
    let mut logger = logger(py)?;
    loop {
        let level: u32 = logger.getattr(intern!(py, "level")).ok()?.extract().ok()?;
        if level != 0 {
            return Some(level);
        }
        let parent = logger.getattr(intern!(py, "parent")).ok()?;
        if parent.is_none() {
            return Some(0);
        }
        logger = parent;
    }
}

/// `logging.getLogger("smtpprovider")`, once `logging` has been imported by someone.
fn logger(py: Python<'_>) -> Option<Bound<'_, PyAny>> {
    static LOGGER_OBJECT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    if let Some(logger) = LOGGER_OBJECT.get(py) {
        return Some(logger.bind(py).clone());
    }
    let modules = py.import("sys").ok()?.getattr("modules").ok()?;
    let logging = modules.get_item("logging").ok()?;
    let logger = logging.call_method1("getLogger", (LOGGER,)).ok()?;
    Some(
        LOGGER_OBJECT
            .get_or_init(py, || logger.unbind())
            .bind(py)
            .clone(),
    )
}

/// Python's number for a `tracing` level.
fn python_level(level: &Level) -> u32 {
    match *level {
        Level::TRACE => 5,
        Level::DEBUG => 10,
        Level::INFO => 20,
        Level::WARN => 30,
        Level::ERROR => 40,
    }
}

/// A field's value, kept typed so that `record.smtpprovider` holds ints as ints.
#[derive(Clone)]
enum Value {
    Int(i64),
    Uint(u64),
    Float(f64),
    Bool(bool),
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Uint(v) => write!(f, "{v}"),
            Value::Float(v) => write!(f, "{v}"),
            Value::Bool(v) => write!(f, "{v}"),
            Value::Text(v) => f.write_str(v),
        }
    }
}

/// Fields of a span or an event, in the order they were recorded.
#[derive(Default)]
struct Fields(Vec<(&'static str, Value)>);

impl Fields {
    fn set(&mut self, name: &'static str, value: Value) {
        match self.0.iter_mut().find(|(key, _)| *key == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }
}

impl Visit for Fields {
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.set(field.name(), Value::Int(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.set(field.name(), Value::Uint(value));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.set(field.name(), Value::Float(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.set(field.name(), Value::Bool(value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.set(field.name(), Value::Text(value.to_owned()));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.set(field.name(), Value::Text(format!("{value:?}")));
    }
}

/// The layer forwarding events to Python.
struct PythonLogging;

fn is_ours(target: &str) -> bool {
    target.starts_with("smtpprovider")
}

impl<S> Layer<S> for PythonLogging
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if is_ours(metadata.target()) {
            // Whether one is wanted changes with the Python logger's level: asked every time.
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        python_level(metadata.level()) >= THRESHOLD.load(Ordering::Relaxed)
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            let mut fields = Fields::default();
            attrs.record(&mut fields);
            span.extensions_mut().insert(fields);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if let Some(fields) = span.extensions_mut().get_mut::<Fields>() {
                values.record(fields);
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let level = python_level(event.metadata().level());
        // The call's fields (endpoint, method, attempt) first, then the event's own.
        let mut fields = Fields::default();
        if let Some(scope) = ctx.event_scope(event) {
            for span in scope.from_root() {
                if let Some(span_fields) = span.extensions().get::<Fields>() {
                    for (name, value) in &span_fields.0 {
                        fields.set(name, value.clone());
                    }
                }
            }
        }
        event.record(&mut fields);
        emit(level, fields);
    }
}

/// `"domains.list: response (method=GET, attempt=1, status=200, latency_ms=3)"`.
fn format_message(fields: &Fields) -> String {
    let find = |name: &str| {
        fields
            .0
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    };
    let mut message = String::new();
    if let Some(endpoint) = find("endpoint") {
        let _ = write!(message, "{endpoint}: ");
    }
    if let Some(text) = find("message") {
        let _ = write!(message, "{text}");
    }
    let details: Vec<String> = fields
        .0
        .iter()
        .filter(|(name, _)| *name != "endpoint" && *name != "message")
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    if !details.is_empty() {
        let _ = write!(message, " ({})", details.join(", "));
    }
    message
}

fn emit(level: u32, fields: Fields) {
    // During interpreter shutdown there is no one to log to.
    let _ = Python::try_attach(|py| {
        let Some(logger) = logger(py) else { return };
        let result = (|| -> PyResult<()> {
            let record_fields = PyDict::new(py);
            for (name, value) in &fields.0 {
                if *name == "message" {
                    continue;
                }
                match value {
                    Value::Int(v) => record_fields.set_item(*name, v)?,
                    Value::Uint(v) => record_fields.set_item(*name, v)?,
                    Value::Float(v) => record_fields.set_item(*name, v)?,
                    Value::Bool(v) => record_fields.set_item(*name, v)?,
                    Value::Text(v) => record_fields.set_item(*name, v)?,
                }
            }
            let extra = PyDict::new(py);
            extra.set_item(LOGGER, record_fields)?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("extra", extra)?;
            let message = PyString::new(py, &format_message(&fields));
            logger.call_method("log", (level, message), Some(&kwargs))?;
            Ok(())
        })();
        // A failing handler must not break the call that logged; Python prints its error.
        if let Err(error) = result {
            error.print(py);
        }
    });
}
