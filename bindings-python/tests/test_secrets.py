"""Neither a token nor a password shows anywhere: the shared scenarios (which log in, make every
call of the endpoint table and end in every error kind) run through both clients with the
``smtpprovider`` logger at its most verbose level, and every log record, every error's text,
``repr`` and traceback, and the ``repr`` of every client and result are searched for them."""

from __future__ import annotations

import json
import logging
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator, List, Set

import pytest

import smtpprovider
from scenario_runner import Runner, scenario_files


class Capture(logging.Handler):
    """Every record, as its message and all its attributes (the forwarded fields too)."""

    def __init__(self) -> None:
        super().__init__(level=1)
        self.texts: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(f"{record.levelname} {record.getMessage()} {record.__dict__!r}")


@pytest.fixture
def captured_logs() -> Iterator[Capture]:
    """The ``smtpprovider`` logger at level 1, below TRACE (5): every record the SDK forwards."""
    logger = logging.getLogger("smtpprovider")
    capture, level = Capture(), logger.level
    logger.addHandler(capture)
    logger.setLevel(1)
    try:
        yield capture
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)


class Watching(Runner):
    """The scenario runner, keeping the text of everything each call gives back."""

    def __init__(self, path: Path, asyncio_client: bool) -> None:
        super().__init__(path, asyncio_client)
        self.texts: List[str] = []
        self.tokens: Set[str] = set()
        self.calls: Set[str] = set()
        self.kinds: Set[str] = set()

    def observe(self, call: str, outcome: Any) -> None:
        self.calls.add(call)
        self.texts.append(repr(outcome))
        if isinstance(outcome, smtpprovider.SmtpProviderError):
            self.kinds.add(outcome.kind)
            self.texts += [str(outcome), repr(vars(outcome)), "".join(traceback.format_exception(outcome))]
        elif isinstance(outcome, (smtpprovider.Client, smtpprovider.AsyncClient)):
            self.tokens.add(outcome.token or "")
            resources = ("domains", "senders", "templates", "mailing_lists", "campaigns", "mail")
            self.texts += [str(outcome), repr(outcome.user)] + [repr(getattr(outcome, name)) for name in resources]


def passwords(value: Any) -> Iterator[str]:
    """Every ``password`` the scenario files log in or create users with."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "password" and isinstance(item, str):
                yield item
            yield from passwords(item)
    elif isinstance(value, list):
        for item in value:
            yield from passwords(item)


@pytest.mark.parametrize("flavor", ["blocking", "asyncio"])
def test_no_token_or_password_in_logs_errors_or_reprs(
    flavor: str, captured_logs: Capture, report: Callable[[str], None]
) -> None:
    texts: List[str] = []
    tokens: Set[str] = set()
    calls: Set[str] = set()
    kinds: Set[str] = set()
    secrets: Set[str] = set()
    for path in scenario_files():
        runner = Watching(path, asyncio_client=flavor == "asyncio")
        runner.run()
        texts += runner.texts
        tokens |= runner.tokens
        calls |= runner.calls
        kinds |= runner.kinds
        secrets |= set(passwords(json.loads(path.read_text())))

    assert calls >= {endpoint.id for endpoint in smtpprovider.ENDPOINTS}, "calls of the table no scenario made"
    assert kinds == {cls.kind for cls in smtpprovider.SmtpProviderError.__subclasses__()}
    assert any("campaigns.update: response" in line for line in captured_logs.texts), "the calls were not logged"
    assert "" not in tokens and len(tokens) >= 4
    # The whole token, and its secret half alone (the part before "|" is only its id). A password
    # too short to be told from other text ("x", for a rejected login) is not searched for.
    secrets = {secret for secret in secrets if len(secret) >= 8}
    secrets |= tokens | {token.split("|", 1)[1] for token in tokens}
    everything = {"log records": captured_logs.texts, "errors and reprs": texts}
    for where, lines in everything.items():
        for secret in secrets:
            leaks = [line for line in lines if secret in line]
            assert not leaks, f"a secret is in the {where}: {leaks[0][:300]}"
    report(
        f"secrets python {flavor}: {len(captured_logs.texts)} log records, {len(texts)} texts, "
        f"{len(calls)} calls, {len(kinds)} error kinds, {len(secrets)} secrets; none found"
    )
