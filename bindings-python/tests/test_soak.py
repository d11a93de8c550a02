"""Load and soak: 50,000 calls at 256 in flight on one ``AsyncClient``, and 50,000 from 16 threads
sharing one blocking ``Client``, against the sandbox: zero errors, nothing lost on the sandbox's
side, and memory and descriptors back near their baseline afterwards. Each test reports its
figures, which the run's summary prints."""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from typing import Awaitable, Callable, Iterator, List, Set, Tuple

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox

CALLS = 50_000
IN_FLIGHT = 256
THREADS = 16
# Calls before the baseline is read, at the same concurrency: the pool's connections (and the
# sandbox's side of them), the runtime's threads and the allocators' arenas then exist, and the
# sandbox's request log is full (it keeps the last 10,000).
WARM_UP = 10_000
# Every WRITE_EVERY-th call creates a mailing list, so that "nothing lost" is countable.
WRITE_EVERY = 10
# What legitimately grows is the sandbox's state (5,000 more mailing lists, ~1 MiB) plus the
# allocators' slack (7 MiB measured in all with asyncio); a leak of one small object per call
# (50,000 x 340 bytes) would pass 16 MiB.
RSS_SLACK_KIB = 16 * 1024
# A few connections closed and reopened by the pool or the sandbox; a socket leaked every 1,000
# calls would pass it.
FD_SLACK = 32


def rss_kib() -> int:
    """The process's resident memory (``VmRSS`` of /proc/self/status) in KiB."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1])


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def usage() -> Tuple[int, int]:
    gc.collect()
    return rss_kib(), open_fds()


def is_write(i: int) -> bool:
    return i % WRITE_EVERY == 0


@pytest.fixture
def soak_sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        yield sandbox


def check(
    report: Callable[[str], None],
    label: str,
    sandbox: Sandbox,
    lists: List[smtpprovider.MailingList],
    errors: List[BaseException],
    seconds: float,
    before: Tuple[int, int],
    after: Tuple[int, int],
    requests_before_soak: int,
) -> None:
    """Reports the figures, then asserts zero errors, nothing lost and the bounds."""
    report(
        f"soak {label}: calls={CALLS} errors={len(errors)} seconds={seconds:.1f} "
        f"rss_kib={before[0]}->{after[0]} fds={before[1]}->{after[1]}"
    )
    assert not errors, errors[:3]
    # Nothing lost: every write made exactly one list, and the sandbox logged every request (ids
    # count all of them, though the log keeps the last 10,000) with a 200.
    expected: Set[str] = {f"soak-{i}" for i in range(WARM_UP + CALLS) if is_write(i)}
    names = [mailing_list.name for mailing_list in lists]
    assert len(names) == len(expected) and set(names) == expected
    log = sandbox.requests()
    assert log[-1]["id"] == requests_before_soak + CALLS + 1  # the list of lists is the + 1
    assert all(entry["status"] == 200 and entry["fault"] is None for entry in log)
    assert after[0] <= before[0] + RSS_SLACK_KIB, f"RSS grew from {before[0]} KiB to {after[0]} KiB"
    assert after[1] <= before[1] + FD_SLACK, f"descriptors went from {before[1]} to {after[1]}"


def test_async_client_50000_calls_at_256_in_flight(soak_sandbox: Sandbox, report: Callable[[str], None]) -> None:
    # No retries: an error shows as an error instead of being absorbed by a second attempt.
    client = soak_sandbox.async_client(max_retries=0)

    async def hammer(template_id: int, first: int, calls: int, errors: List[BaseException]) -> None:
        """IN_FLIGHT tasks, each taking the next index until none is left."""
        indexes = iter(range(first, first + calls))

        async def worker() -> None:
            for i in indexes:
                call: Awaitable[object] = (
                    client.mailing_lists.add(name=f"soak-{i}") if is_write(i) else client.templates.get(id=template_id)
                )
                try:
                    await call
                except smtpprovider.SmtpProviderError as error:
                    errors.append(error)

        await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))

    async def main() -> None:
        template = await client.templates.add(name="Soak", html_body="<p>soak</p>")
        warm_up_errors: List[BaseException] = []
        await hammer(template.id, 0, WARM_UP, warm_up_errors)
        assert not warm_up_errors, warm_up_errors[:3]
        requests_before_soak = soak_sandbox.requests()[-1]["id"]
        before = usage()
        errors: List[BaseException] = []
        started = time.monotonic()
        await hammer(template.id, WARM_UP, CALLS, errors)
        seconds = time.monotonic() - started
        after = usage()
        lists = await client.mailing_lists.list()
        check(report, "python AsyncClient, 256 in flight", soak_sandbox, lists, errors, seconds, before, after,
              requests_before_soak)

    asyncio.run(main())


def test_blocking_client_50000_calls_from_16_threads(soak_sandbox: Sandbox, report: Callable[[str], None]) -> None:
    client = soak_sandbox.client(max_retries=0)
    template = client.templates.add(name="Soak", html_body="<p>soak</p>")

    def hammer(first: int, calls: int, errors: List[BaseException]) -> None:
        """THREADS threads sharing `client`, each taking the next index until none is left."""
        indexes = iter(range(first, first + calls))
        lock = threading.Lock()  # a shared iterator is not thread-safe

        def work(call: Callable[[int], object]) -> None:
            while True:
                with lock:
                    i = next(indexes, None)
                if i is None:
                    return
                try:
                    call(i)
                except smtpprovider.SmtpProviderError as error:
                    errors.append(error)

        def one(i: int) -> object:
            return client.mailing_lists.add(name=f"soak-{i}") if is_write(i) else client.templates.get(id=template.id)

        threads = [threading.Thread(target=work, args=(one,)) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    warm_up_errors: List[BaseException] = []
    hammer(0, WARM_UP, warm_up_errors)
    assert not warm_up_errors, warm_up_errors[:3]
    requests_before_soak = soak_sandbox.requests()[-1]["id"]
    before = usage()
    errors: List[BaseException] = []
    started = time.monotonic()
    hammer(WARM_UP, CALLS, errors)
    seconds = time.monotonic() - started
    after = usage()
    check(report, "python Client, 16 threads", soak_sandbox, client.mailing_lists.list(), errors, seconds, before, after,
          requests_before_soak)
