"""A client used after os.fork() works in the child: the runtime is rebuilt there and the client
gets a connection pool of its own (the parent's keeps working too)."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from typing import Callable

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def wait_for(pid: int, limit: float = 30.0) -> int:
    """The child's exit code; kills it if it has not finished within `limit` seconds (a hang)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise AssertionError(f"the forked child hung for {limit}s")


def child(work: Callable[[], object]) -> None:
    """Runs `work` in the child and leaves with its outcome, never returning to pytest."""
    code = 1
    try:
        work()
        code = 0
    except BaseException as failure:  # reported through the exit code and stderr
        print(f"child failed: {failure!r}", file=sys.stderr)
    finally:
        os._exit(code)


def test_blocking_and_async_clients_work_after_fork(sandbox: Sandbox) -> None:
    client = sandbox.client()
    async_client = sandbox.async_client()
    client.domains.add("parent.example.com")  # the parent's pool and runtime are in use

    async def async_work() -> None:
        domains = await async_client.domains.list()
        assert [d.domain_name for d in domains] == ["parent.example.com", "child.example.com"]

    def work() -> None:
        added = client.domains.add("child.example.com")
        assert added.domain_name == "child.example.com"
        asyncio.run(async_work())

    pid = os.fork()
    if pid == 0:
        child(work)
    assert wait_for(pid) == 0
    # The parent's client still works and sees what the child did.
    assert [d.domain_name for d in client.domains.list()] == ["parent.example.com", "child.example.com"]


def test_a_client_first_used_in_the_child(sandbox: Sandbox) -> None:
    client = smtpprovider.Client.login("demo@example.com", "demo-password", base_url=sandbox.base_url)

    def work() -> None:
        # A grandchild too: every process rebuilds what it needs.
        pid = os.fork()
        if pid == 0:
            child(lambda: client.mailing_lists.add("grandchild"))
        assert wait_for(pid) == 0
        client.mailing_lists.add("child")

    pid = os.fork()
    if pid == 0:
        child(work)
    assert wait_for(pid) == 0
    assert sorted(m.name for m in client.mailing_lists.list()) == ["child", "grandchild"]
