"""The core's tracing events reach Python's logging, logger `smtpprovider`, without the token."""

from __future__ import annotations

import asyncio
import logging

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox


def ours(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "smtpprovider"]


def test_each_call_logs_its_response(client: smtpprovider.Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="smtpprovider")
    client.domains.list()
    [record] = [r for r in ours(caplog) if "response" in r.getMessage()]
    assert record.levelno == logging.DEBUG
    assert record.getMessage().startswith("domains.list: response (method=GET, attempt=1, status=200")
    fields = record.smtpprovider  # type: ignore[attr-defined]
    assert fields["endpoint"] == "domains.list" and fields["status"] == 200 and isinstance(fields["latency_ms"], int)


def test_retries_log_at_info_and_nothing_carries_the_token(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    client = sandbox.client(max_retries=1, initial_backoff=0.01, max_backoff=0.01)
    token = client.token or ""
    sandbox.add_fault("/v1/smtp-domain-list", "status", status=503)
    caplog.set_level(logging.DEBUG, logger="smtpprovider")
    assert client.domains.list() == []
    messages = [r.getMessage() for r in ours(caplog)]
    assert any("retrying" in m for m in messages), messages
    assert any("status=503" in m for m in messages) and any("status=200" in m for m in messages)
    retry = next(r for r in ours(caplog) if "retrying" in r.getMessage())
    assert retry.levelno == logging.INFO
    everything = " ".join(messages + [repr(getattr(r, "smtpprovider", {})) for r in ours(caplog)])
    assert token and token not in everything and token.split("|")[-1] not in everything


def test_async_calls_log_from_the_runtime(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="smtpprovider")
    client = sandbox.async_client()

    async def main() -> None:
        await client.templates.defaults()

    asyncio.run(main())
    assert any(r.getMessage().startswith("templates.defaults: response") for r in ours(caplog))


def test_below_the_level_nothing_is_logged(client: smtpprovider.Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="smtpprovider")
    client.domains.list()
    assert ours(caplog) == []
