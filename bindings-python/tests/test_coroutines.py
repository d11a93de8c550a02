"""`AsyncClient` calls are coroutines to asyncio: `await`, `asyncio.run`, `create_task`,
`TaskGroup`, `gather`, `wait_for` and `shield` take them, cancelling one drops its request, and a
call is sent only once awaited."""

from __future__ import annotations

import asyncio
import gc
import sys
import time
import warnings
from typing import Any, Dict, List

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox

ADD_LIST = "/v1/smtp-mailing-add"


def answered(sandbox: Sandbox, path: str) -> List[Dict[str, Any]]:
    """The requests to `path` the sandbox answered (a request whose client went away before the
    answer is not in the log)."""
    return list(sandbox.requests(path))


def list_names(sandbox: Sandbox) -> List[str]:
    return [mailing_list.name for mailing_list in sandbox.client().mailing_lists.list()]


def assert_dropped(sandbox: Sandbox) -> None:
    """The delayed list-adding request reached the sandbox (its fault is used up) and was dropped
    while delayed: never answered, no list made."""
    assert sandbox.faults() == [], "the request never reached the sandbox"
    assert answered(sandbox, ADD_LIST) == [] and list_names(sandbox) == [], "the dropped request was processed"


def test_a_call_is_a_coroutine(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    call = client.domains.list()
    try:
        assert asyncio.iscoroutine(call)
        assert "domains.list" in repr(call)
    finally:
        call.close()


def test_asyncio_run_and_create_task_take_a_call(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    assert asyncio.run(client.mailing_lists.add("Run")).name == "Run"

    async def main() -> None:
        task = asyncio.create_task(client.mailing_lists.add("Task"))
        assert "mailing_lists.add" in repr(task)
        assert (await task).name == "Task"

    asyncio.run(main())
    assert sorted(list_names(sandbox)) == ["Run", "Task"]


# TaskGroup is new in Python 3.11; before that there is nothing to test.
if sys.version_info >= (3, 11):

    def test_a_task_group_runs_calls_and_cancels_the_rest_on_a_failure(sandbox: Sandbox) -> None:
        client = sandbox.async_client(max_retries=0)
        sandbox.add_fault(ADD_LIST, "delay", delay_ms=1500)

        async def main() -> None:
            async with asyncio.TaskGroup() as group:
                domains = group.create_task(client.domains.list())
                templates = group.create_task(client.templates.list())
            assert await domains == [] and isinstance(await templates, list)

            with pytest.raises(ExceptionGroup) as failed:
                async with asyncio.TaskGroup() as group:
                    slow = group.create_task(client.mailing_lists.add("Slow"))
                    await asyncio.sleep(0.2)  # the slow call is on its way
                    group.create_task(client.templates.get(9999))
            assert [type(error) for error in failed.value.exceptions] == [smtpprovider.NotFoundError]
            assert slow.cancelled()
            await asyncio.sleep(1.6)  # past the delay: a request still running would have finished

        asyncio.run(main())
        assert_dropped(sandbox)


def test_gather_runs_calls_together_and_returns_exceptions(sandbox: Sandbox) -> None:
    client = sandbox.async_client(max_retries=0)
    sandbox.add_fault("/v1/smtp-domain-list", "delay", delay_ms=400, times=10)

    async def main() -> None:
        started = time.monotonic()
        lists = await asyncio.gather(*(client.domains.list() for _ in range(10)))
        assert lists == [[]] * 10
        assert time.monotonic() - started < 2.0, "the calls ran one after another"
        domains, missing = await asyncio.gather(
            client.domains.list(), client.templates.get(9999), return_exceptions=True
        )
        assert domains == [] and isinstance(missing, smtpprovider.NotFoundError)

    asyncio.run(main())


def test_wait_for_timing_out_abandons_the_request(sandbox: Sandbox) -> None:
    client = sandbox.async_client(max_retries=0)
    sandbox.add_fault(ADD_LIST, "delay", delay_ms=1500)

    async def main() -> None:
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.mailing_lists.add("Late"), timeout=0.3)
        assert time.monotonic() - started < 1.0, "wait_for waited for the request"
        await asyncio.sleep(1.6)  # past the delay: a request still running would have been answered
        assert (await asyncio.wait_for(client.mailing_lists.add("In time"), timeout=5)).name == "In time"

    asyncio.run(main())
    assert sandbox.faults() == [], "the delayed request never reached the sandbox"
    # Only the second call was answered: the first was dropped while the sandbox delayed it.
    assert [r["status"] for r in answered(sandbox, ADD_LIST)] == [200]
    assert list_names(sandbox) == ["In time"]


def test_shield_keeps_the_request_running_when_the_waiter_gives_up(sandbox: Sandbox) -> None:
    client = sandbox.async_client(max_retries=0)
    sandbox.add_fault(ADD_LIST, "delay", delay_ms=800)

    async def main() -> None:
        inner = asyncio.ensure_future(client.mailing_lists.add("Shielded"))
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.shield(inner), timeout=0.2)
        assert not inner.done()
        assert (await inner).name == "Shielded"

    asyncio.run(main())
    assert [r["status"] for r in answered(sandbox, ADD_LIST)] == [200]
    assert list_names(sandbox) == ["Shielded"]


def test_cancelling_a_task_of_a_call_drops_its_request(sandbox: Sandbox) -> None:
    client = sandbox.async_client(max_retries=0)
    sandbox.add_fault(ADD_LIST, "delay", delay_ms=1500)

    async def main() -> None:
        task = asyncio.create_task(client.mailing_lists.add("Cancelled"))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(1.6)

    asyncio.run(main())
    assert_dropped(sandbox)


def test_a_call_is_sent_only_when_awaited_even_if_made_outside_a_loop(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    call = client.mailing_lists.add("Later")
    time.sleep(0.2)
    assert answered(sandbox, ADD_LIST) == [], "a call was sent before it was awaited"

    async def main() -> None:
        assert (await call).name == "Later"
        with pytest.raises(RuntimeError, match="cannot reuse already awaited coroutine"):
            await call

    asyncio.run(main())
    assert len(answered(sandbox, ADD_LIST)) == 1


def test_a_call_never_awaited_is_never_sent_and_warns_like_a_coroutine(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    with pytest.warns(RuntimeWarning, match="coroutine 'mailing_lists.add' was never awaited"):
        client.mailing_lists.add("Forgotten")
        gc.collect()
    assert answered(sandbox, ADD_LIST) == []


def test_closing_an_unawaited_call_sends_nothing_and_does_not_warn(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        call = client.mailing_lists.add("Closed")
        call.close()
        del call
        gc.collect()

        async def awaited() -> None:  # an awaited call does not warn either
            await client.domains.list()

        asyncio.run(awaited())
        gc.collect()
    assert answered(sandbox, ADD_LIST) == []


def test_closing_a_call_in_flight_drops_its_request(sandbox: Sandbox) -> None:
    client = sandbox.async_client(max_retries=0)
    sandbox.add_fault(ADD_LIST, "delay", delay_ms=1000)

    async def main() -> None:
        call = client.mailing_lists.add("Closed in flight")
        waiting = call.send(None)  # the first step sends the request and yields its future
        assert isinstance(waiting, asyncio.Future) and not waiting.done()
        await asyncio.sleep(0.2)
        call.close()
        await asyncio.sleep(1.1)

    asyncio.run(main())
    assert_dropped(sandbox)


def test_throwing_into_a_call_raises_that_exception(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    call = client.domains.list()
    with pytest.raises(ValueError, match="thrown in"):
        call.throw(ValueError("thrown in"))
    with pytest.raises(KeyError):
        client.domains.list().throw(KeyError)
    with pytest.raises(RuntimeError, match="cannot reuse"):
        call.send(None)


def test_a_call_awaited_without_a_running_loop_says_so(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    call = client.domains.list()
    with pytest.raises(RuntimeError, match="no running event loop"):
        call.send(None)
