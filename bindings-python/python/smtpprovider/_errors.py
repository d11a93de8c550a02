"""The exception hierarchy: one class per error kind of the SDK, all under ``SmtpProviderError``.

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


class SmtpProviderError(Exception):
    """Any failure of an SMTPProvider call. ``except SmtpProviderError`` catches them all.

    Attributes:
        kind: the stable kind name (``"Validation"``, ``"RateLimited"``, ...), the same in
            every language of the SDK.
        status: the HTTP status, when a response arrived.
        endpoint: the call that failed, e.g. ``"domains.add"``.
        messages: the API's messages, in order (possibly empty).
        retry_after: seconds the API asked to wait (rate limiting), if it said.
        rate_limit: the rate limit as the client knew it when the call failed (a ``RateLimit``:
            ``limit``, ``remaining``, ``reset``), with pacing on and a server that sends it.
        headers: the answer's headers (lower-case names), when an answer arrived; empty otherwise.
        field_path: where decoding failed (``data.domains[3]``), for ``DecodeError``.
        body_excerpt: the first bytes of a body that was not the API's JSON.
        location: where a redirect that was not followed pointed (a redirected POST, another
            origin, too many hops), for ``ServerError``.
    """

    kind: str = "Unknown"

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        endpoint: Optional[str] = None,
        messages: Sequence[str] = (),
        retry_after: Optional[float] = None,
        rate_limit: Optional[RateLimit] = None,
        headers: Optional[Dict[str, str]] = None,
        field_path: Optional[str] = None,
        body_excerpt: Optional[str] = None,
        location: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.endpoint = endpoint
        self.messages = list(messages)
        self.retry_after = retry_after
        self.rate_limit = rate_limit
        self.headers = dict(headers or {})
        self.field_path = field_path
        self.body_excerpt = body_excerpt
        self.location = location

    def __reduce__(self) -> Tuple[Any, ...]:
        # Keeps the attributes across pickling (multiprocessing), which the keyword-only
        # arguments would otherwise lose.
        return (_rebuild, (type(self), str(self), self.__dict__.copy()))


def _rebuild(cls: type, message: str, state: Dict[str, Any]) -> SmtpProviderError:
    error: SmtpProviderError = cls(message)
    error.__dict__.update(state)
    return error


class AuthenticationError(SmtpProviderError):
    """Bad credentials, a 401, or no token configured."""

    kind = "Authentication"


class WrongUserError(SmtpProviderError):
    """The API's "wrong user id": the user id is not the token's user."""

    kind = "WrongUser"


class ValidationError(SmtpProviderError):
    """The API refused the input (422, or ``success: false`` with messages in ``.messages``)."""

    kind = "Validation"


class NotFoundError(SmtpProviderError):
    """An unknown id or name (404), or a route the API does not have."""

    kind = "NotFound"


class RateLimitError(SmtpProviderError):
    """Too many requests (429); ``.retry_after`` says how long to wait, when the API said."""

    kind = "RateLimited"


class ServerError(SmtpProviderError):
    """A 5xx, a body that is not the API's JSON (``.body_excerpt`` shows its start), or a redirect
    that is not followed (``.location`` says where it pointed)."""

    kind = "Server"


class APITimeoutError(SmtpProviderError):
    """An attempt or the call's deadline ran out (not the builtin ``TimeoutError``)."""

    kind = "Timeout"


class APIConnectionError(SmtpProviderError):
    """The connection could not be made or broke, TLS included (not the builtin ``ConnectionError``)."""

    kind = "Connection"


class DecodeError(SmtpProviderError):
    """An answer of the wrong shape (``.field_path`` says where), or an oversized answer.

    A single field whose value does not fit is not an error: it reads as absent and its raw
    value is in the model's ``extra``.
    """

    kind = "Decode"


class InvalidInputError(SmtpProviderError):
    """Rejected before sending (bad domain name or email, blank name, a closed client, ...)."""

    kind = "InvalidInput"


class SandboxError(Exception):
    """A sandbox operation was refused (``smtpprovider.testing``); ``.status`` as its route answers."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message, status)
        self.status = status

    def __str__(self) -> str:
        return str(self.args[0])
