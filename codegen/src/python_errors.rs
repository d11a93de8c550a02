//! `bindings-python/python/smtpprovider/_errors.py`: the exception hierarchy, one class per error
//! kind of the core's `KINDS` under `SmtpProviderError`, whose attributes are the core's
//! `ERROR_FIELDS`. Plain Python, so that the exceptions read, type-check and pickle like any;
//! the extension picks the class by kind and passes every field as a keyword.

use smtpprovider::{ErrorFieldKind, ErrorKind, ERROR_FIELDS};

use crate::header;

/// The module's start: what it is, and the imports its annotations need.
const PREAMBLE: &str = r#""""The exception hierarchy: one class per error kind of the SDK, all under ``SmtpProviderError``.

The Rust extension raises these (``smtpprovider._native`` picks the class by the core's error
kind); they are plain Python so that they read, type-check and pickle like any exception.
"""

from __future__ import annotations

# `typing` costs several milliseconds to import; the annotations here are never evaluated, and
# mypy reads any `TYPE_CHECKING` as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Sequence, Tuple

    from ._native import RateLimit
"#;

/// What follows the base class's `__init__`: pickling, and the sandbox's own error (not a kind).
const TAIL: &str = r#"
    def __reduce__(self) -> Tuple[Any, ...]:
        # Keeps the attributes across pickling (multiprocessing), which the keyword-only
        # arguments would otherwise lose.
        return (_rebuild, (type(self), str(self), self.__dict__.copy()))


def _rebuild(cls: type, message: str, state: Dict[str, Any]) -> SmtpProviderError:
    error: SmtpProviderError = cls(message)
    error.__dict__.update(state)
    return error
"#;

const SANDBOX_ERROR: &str = r#"

class SandboxError(Exception):
    """A sandbox operation was refused (``smtpprovider.testing``); ``.status`` as its route answers."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message, status)
        self.status = status

    def __str__(self) -> str:
        return str(self.args[0])
"#;

/// A field's keyword parameter (annotation and default) and how `__init__` stores it.
fn parameter(name: &str, kind: ErrorFieldKind) -> (String, String) {
    match kind {
        ErrorFieldKind::Messages => (
            format!("{name}: Sequence[str] = ()"),
            format!("self.{name} = list({name})"),
        ),
        ErrorFieldKind::Headers => (
            format!("{name}: Optional[Dict[str, str]] = None"),
            format!("self.{name} = dict({name} or {{}})"),
        ),
        other => {
            let ty = match other {
                ErrorFieldKind::Status => "int",
                ErrorFieldKind::Duration => "float",
                ErrorFieldKind::RateLimit => "RateLimit",
                _ => "str",
            };
            (
                format!("{name}: Optional[{ty}] = None"),
                format!("self.{name} = {name}"),
            )
        }
    }
}

/// The field's doc for Python: durations say their unit.
fn field_doc(doc: &str, kind: ErrorFieldKind) -> String {
    let doc = doc.replace('`', "``");
    match kind {
        ErrorFieldKind::Duration => format!("{doc} In seconds."),
        _ => doc,
    }
}

/// The whole module.
pub fn module() -> String {
    let mut out = header("#");
    out.push_str(PREAMBLE);
    out.push_str(
        "\n\nclass SmtpProviderError(Exception):\n    \
         \"\"\"Any failure of an SMTPProvider call. ``except SmtpProviderError`` catches them all.\n\n    \
         Attributes:\n        \
         kind: the stable kind name (``\"Validation\"``, ``\"RateLimited\"``, ...), the same in\n            \
         every language of the SDK.\n",
    );
    for field in ERROR_FIELDS {
        out.push_str(&format!(
            "        {}: {}\n",
            field.name,
            field_doc(field.doc, field.kind)
        ));
    }
    out.push_str("    \"\"\"\n\n    kind: str = \"Unknown\"\n\n    def __init__(\n        self,\n        message: str,\n        *,\n");
    let (params, stores): (Vec<String>, Vec<String>) = ERROR_FIELDS
        .iter()
        .map(|field| parameter(field.name, field.kind))
        .unzip();
    for param in params {
        out.push_str(&format!("        {param},\n"));
    }
    out.push_str("    ) -> None:\n        super().__init__(message)\n");
    for store in stores {
        out.push_str(&format!("        {store}\n"));
    }
    out.push_str(TAIL);
    for kind in ErrorKind::ALL {
        out.push_str(&format!(
            "\n\nclass {}(SmtpProviderError):\n    \"\"\"{}\"\"\"\n\n    kind = \"{}\"\n",
            kind.class_name(),
            kind.info().description.replace('`', "``"),
            kind.as_str()
        ));
    }
    out.push_str(SANDBOX_ERROR);
    out
}
