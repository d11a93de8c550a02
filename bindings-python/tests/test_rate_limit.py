"""Pacing under the rate limit, against a sandbox throttled to 10 calls per 1.5 s window: threads
sharing a client end at the floor without one 429 in the sandbox's log, a call whose deadline
would pass while waiting raises at once with nothing sent, and the rate-limit state is readable on
the client and on the error."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox

LIMIT = 10
WINDOW = 1.5


@pytest.fixture()
def throttled() -> Iterator[Sandbox]:
    with Sandbox(rate_limit=LIMIT, rate_limit_window=WINDOW) as sandbox:
        yield sandbox


def api_statuses(sandbox: Sandbox) -> list[int | None]:
    return [r["status"] for r in sandbox.requests() if not r["path"].endswith("/smtp-token-generate")]


def test_threads_end_at_the_floor_without_a_429(throttled: Sandbox) -> None:
    client = throttled.client(rate_limit_window=WINDOW)
    calls = 35
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        for result in pool.map(lambda _: client.domains.list(), range(calls)):
            assert result == []
    elapsed = time.monotonic() - started
    assert api_statuses(throttled) == [200] * calls
    floor = WINDOW * ((calls - 1) // LIMIT)
    assert floor <= elapsed < floor + WINDOW, (elapsed, floor)
    state = client.rate_limit
    assert state is not None and state.limit == LIMIT and state.reset is not None


def test_a_deadline_shorter_than_the_wait_raises_at_once_with_nothing_sent(throttled: Sandbox) -> None:
    client = throttled.client(rate_limit_window=WINDOW)
    for _ in range(LIMIT):
        client.domains.list()
    throttled.clear_requests()
    started = time.monotonic()
    with pytest.raises(smtpprovider.RateLimitError) as raised:
        client.with_options(deadline=0.2).domains.list()
    assert time.monotonic() - started < 0.15
    assert raised.value.retry_after is not None and raised.value.retry_after > 0
    assert raised.value.rate_limit is not None and raised.value.rate_limit.remaining == 0
    with pytest.raises(smtpprovider.RateLimitError):
        client.with_options(wait_for_rate_limit=False).domains.list()
    assert api_statuses(throttled) == []
    client.domains.list()  # the default waits for the window
    assert api_statuses(throttled) == [200]


def test_asyncio_callers_share_the_budget(throttled: Sandbox) -> None:
    client = throttled.async_client(rate_limit_window=WINDOW)

    async def many() -> None:
        await asyncio.gather(*(client.domains.list() for _ in range(LIMIT + 5)))

    asyncio.run(many())
    assert api_statuses(throttled) == [200] * (LIMIT + 5)


def test_without_pacing_a_429_is_received_and_retried(throttled: Sandbox) -> None:
    client = throttled.client(pace_requests=False, max_retries=3)
    for _ in range(LIMIT + 2):
        client.domains.list()
    assert 429 in api_statuses(throttled)
    assert client.rate_limit is None


def test_the_last_answer_is_readable_on_the_client_that_made_the_call(throttled: Sandbox) -> None:
    client = throttled.client(rate_limit_window=WINDOW)
    assert client.last_response is None
    client.domains.list()
    listed = client.last_response
    assert isinstance(listed, smtpprovider.ResponseInfo)
    assert (listed.endpoint, listed.status) == ("domains.list", 200)
    assert listed.headers["x-ratelimit-limit"] == str(LIMIT)
    assert listed.rate_limit is not None and listed.rate_limit.limit == LIMIT
    assert listed.rate_limit.remaining == int(listed.headers["x-ratelimit-remaining"])

    own = client.with_options()
    assert own.last_response is None, "a with_options() client keeps its own"
    with pytest.raises(smtpprovider.NotFoundError) as raised:
        own.templates.get(999_999)
    missing = own.last_response
    assert missing is not None and (missing.endpoint, missing.status) == ("templates.get", 404)
    assert missing.headers == raised.value.headers
    assert client.last_response.endpoint == "domains.list"


def test_an_async_client_reads_its_last_answer_too(throttled: Sandbox) -> None:
    client = throttled.async_client(rate_limit_window=WINDOW)

    async def call() -> smtpprovider.ResponseInfo | None:
        await client.senders.list()
        return client.last_response

    answer = asyncio.run(call())
    assert answer is not None and (answer.endpoint, answer.status) == ("senders.list", 200)
    assert answer.rate_limit is not None and answer.rate_limit.reset is not None
