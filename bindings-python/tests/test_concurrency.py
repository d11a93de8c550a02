"""The GIL is released during blocking calls, asyncio calls run concurrently on one runtime, and
cancelling an awaiting task drops its request."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
import time
from typing import List

import smtpprovider
from smtpprovider.testing import Sandbox

LIST = "/v1/smtp-domain-list"


def test_eight_threads_wait_in_parallel(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    threads, delay = 8, 0.5
    sandbox.add_fault(LIST, "delay", delay_ms=int(delay * 1000), times=threads)
    results: List[int] = []
    failures: List[BaseException] = []

    def work() -> None:
        try:
            results.append(len(client.domains.list()))
        except BaseException as failure:  # reported below, with the other threads' results
            failures.append(failure)

    started = time.monotonic()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    elapsed = time.monotonic() - started
    assert not failures and results == [0] * threads
    serial = threads * delay
    # Serially this takes 4 s; with the GIL held during the wait it could not beat that.
    assert elapsed < serial / 3, f"{threads} delayed calls took {elapsed:.2f}s (serial: {serial:.1f}s)"
    delayed = [r for r in sandbox.requests(LIST) if r["fault"] == "delay"]
    assert len(delayed) == threads


def test_python_threads_keep_running_during_a_call(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    sandbox.add_fault(LIST, "delay", delay_ms=600)
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.01)

    counter = threading.Thread(target=count)
    counter.start()
    try:
        client.domains.list()
    finally:
        stop.set()
        counter.join(timeout=5)
    assert ticks >= 20, f"the counting thread ran only {ticks} times during a 0.6 s call"


def test_200_concurrent_calls_with_gather(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    sandbox.add_fault(LIST, "delay", delay_ms=300, times=200)

    async def main() -> float:
        started = time.monotonic()
        answers = await asyncio.gather(*(client.domains.list() for _ in range(200)))
        assert len(answers) == 200 and all(answer == [] for answer in answers)
        return time.monotonic() - started

    elapsed = asyncio.run(main())
    # 200 serial calls would take 60 s; concurrently they overlap their 0.3 s waits.
    assert elapsed < 10, f"200 concurrent delayed calls took {elapsed:.1f}s"
    assert len(sandbox.requests(LIST)) == 200


def test_cancelling_the_task_cancels_the_request(sandbox: Sandbox) -> None:
    client = sandbox.async_client(max_retries=0)
    sandbox.add_fault("/v1/smtp-mailing-add", "delay", delay_ms=1500)

    async def main() -> None:
        task = asyncio.ensure_future(client.mailing_lists.add("Cancelled"))
        await asyncio.sleep(0.3)
        started = time.monotonic()
        task.cancel()
        try:
            await task
            raise AssertionError("the cancelled call completed")
        except asyncio.CancelledError:
            pass
        assert time.monotonic() - started < 0.5, "cancelling waited for the request"
        await asyncio.sleep(1.8)  # past the delay: a request still running would have finished
        assert [m.name for m in await client.mailing_lists.list()] == [], "the dropped request was processed"
        assert (await client.mailing_lists.add("Kept")).name == "Kept"

    asyncio.run(main())


def test_wait_for_times_out_a_slow_call(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    sandbox.add_fault(LIST, "delay", delay_ms=3000)

    async def main() -> None:
        try:
            await asyncio.wait_for(client.domains.list(), timeout=0.3)
            raise AssertionError("the slow call finished first")
        except asyncio.TimeoutError:
            pass

    started = time.monotonic()
    asyncio.run(main())
    assert time.monotonic() - started < 2


def test_finished_event_loops_are_not_kept_alive(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    loops: List["weakref.ref[asyncio.AbstractEventLoop]"] = []

    async def main() -> None:
        loops.append(weakref.ref(asyncio.get_running_loop()))
        await client.domains.list()

    for _ in range(3):
        asyncio.run(main())
    gc.collect()
    assert [ref() for ref in loops] == [None, None, None]
