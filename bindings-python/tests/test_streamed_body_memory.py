"""A body without a Content-Length is refused once past ``max_response_bytes``, and the call's
peak memory stays near the limit, seen from Python: the hostile server streams an endless chunked
body (it would send 512 MiB), and the process's peak resident memory during the call is read from
``/proc/self/status`` (``VmHWM``, reset first through ``/proc/self/clear_refs``). The core's own
test is ``core/tests/streamed_body_memory.rs``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import smtpprovider
from smtpprovider.testing import HostileServer

LIMIT = 8 * 1024 * 1024
MIB = 1024 * 1024

CASE_FILE = json.dumps(
    {
        "ok_response": {"status": 200, "body": '{"success":true,"data":{"domains":[]}}'},
        "cases": [
            {"name": "ok", "server": {"responses": ["ok"]}},
            {
                "name": "endless",
                "server": {"responses": [{"status": 200, "body": "x" * 16384, "framing": "chunked", "endless": True}]},
            },
        ],
    }
)


def status_bytes(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} in /proc/self/status")


def test_an_endless_body_is_refused_at_the_limit_with_memory_near_the_limit() -> None:
    with HostileServer(CASE_FILE) as server:

        def client(case: str) -> smtpprovider.Client:
            return smtpprovider.Client(
                base_url=server.base_url(case, "memory"),
                token="1|t",
                user_id=1,
                max_response_bytes=LIMIT,
                max_retries=0,
            )

        # The runtime, the connection pool and the server's thread exist before the measurement.
        client("ok").domains.list()
        endless = client("endless")
        Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) back to the current size
        before = status_bytes("VmRSS:")
        with pytest.raises(smtpprovider.DecodeError, match="max_response_bytes"):
            endless.domains.list()
        growth = status_bytes("VmHWM:") - before

        # The limit's buffer, a reallocation's brief copy, hyper's read buffer (the core's
        # test explains the bound); reading the whole stream would be 512 MiB.
        assert growth < 2 * LIMIT + 4 * MIB, f"peak growth {growth / MIB:.1f} MiB"

        # A blocking client's connections are driven by its calls (src/runtime.rs), so the
        # abandoned one is closed when the next call runs, not in between.
        client("ok").domains.list()
        deadline = time.monotonic() + 5
        while not server.stats("endless", "memory")["closed_early"] and time.monotonic() < deadline:
            time.sleep(0.02)
        stats = server.stats("endless", "memory")
        assert stats["closed_early"], stats
        assert stats["requests"] == 1
        assert stats["body_bytes_sent"] < LIMIT + 32 * MIB, stats
