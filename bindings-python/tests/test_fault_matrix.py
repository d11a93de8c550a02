"""The fault matrix (``tests/faults/cases.json``, format in its README) through ``Client`` and
``AsyncClient``: every case, for GET and for POST, against the hostile server. Each run must end
with the expected outcome (an exception of the expected kind and status, or a result), after
exactly the requests the server expects, within the call's deadline; and the process must still
make calls afterwards. The core, Node and Kotlin suites run the same file.

The runs of one client flavour all happen at once (threads for ``Client``, ``asyncio.gather`` for
``AsyncClient``), so the matrix takes as long as its slowest case; each run is then its own test.
Every run's client is built before any run starts: building one reads the system's trust store on
the calling thread (tens of milliseconds in a debug build), which under ``gather`` would count in
the elapsed time of every run already under way.
"""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

import smtpprovider
from smtpprovider.testing import HostileServer, SandboxError

CASE_FILE = Path(__file__).resolve().parents[2] / "tests" / "faults" / "cases.json"
FILE: Dict[str, Any] = json.loads(CASE_FILE.read_text())
RUNS: List[Tuple[str, str]] = [(case["name"], method) for case in FILE["cases"] for method in case["expect"]]
CASES = {case["name"]: case for case in FILE["cases"]}
FLAVOURS = ("Client", "AsyncClient")

#: The case file's client options as keyword arguments (times in seconds).
OPTIONS: Dict[str, Callable[[Any], Tuple[str, Any]]] = {
    "timeout_ms": lambda ms: ("timeout", ms / 1000),
    "deadline_ms": lambda ms: ("deadline", ms / 1000),
    "max_retries": lambda n: ("max_retries", n),
    "retry_non_idempotent": lambda flag: ("retry_non_idempotent", flag),
    "max_response_bytes": lambda n: ("max_response_bytes", n),
}


@dataclass
class Seen:
    outcome: str
    status: Optional[int]
    attempts: int
    elapsed: float


def client_options(base_url: str, case: Dict[str, Any]) -> Dict[str, Any]:
    unknown = set(case["client"]) - set(OPTIONS)
    assert not unknown, f"client options this runner does not know: {unknown}"
    options = dict(OPTIONS[name](value) for name, value in case["client"].items())
    return {"base_url": base_url, "token": FILE["token"], "user_id": FILE["user_id"], **options}


def bound_call(client: Any, method: str) -> Callable[[], Any]:
    call = FILE["calls"][method]
    resource, name = call["call"].split(".")
    return lambda: getattr(getattr(client, resource), name)(**call["args"])


def outcome_of(error: Optional[smtpprovider.SmtpProviderError]) -> Tuple[str, Optional[int]]:
    return ("ok", None) if error is None else (error.kind, error.status)


def run_name(flavour: str, method: str) -> str:
    return f"{method.lower()}_{'blocking' if flavour == 'Client' else 'async'}"


def client_for(server: HostileServer, flavour: str, case: str, method: str) -> Any:
    options = client_options(server.base_url(case, run_name(flavour, method)), CASES[case])
    return getattr(smtpprovider, flavour)(**options)


def run_blocking(server: HostileServer, case: str, method: str, client: smtpprovider.Client) -> Seen:
    error = None
    started = time.monotonic()
    try:
        bound_call(client, method)()
    except smtpprovider.SmtpProviderError as raised:
        error = raised
    elapsed = time.monotonic() - started
    client.close()
    return Seen(*outcome_of(error), server.stats(case, run_name("Client", method))["requests"], elapsed)


async def run_async(server: HostileServer, case: str, method: str, client: smtpprovider.AsyncClient) -> Seen:
    error = None
    started = time.monotonic()
    try:
        await bound_call(client, method)()
    except smtpprovider.SmtpProviderError as raised:
        error = raised
    elapsed = time.monotonic() - started
    client.close()
    return Seen(*outcome_of(error), server.stats(case, run_name("AsyncClient", method))["requests"], elapsed)


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    with HostileServer(CASE_FILE.read_text()) as running:
        yield running


@pytest.fixture(scope="module")
def matrix(server: HostileServer) -> Dict[Tuple[str, str, str], Seen]:
    """Every run of both flavours, keyed by (flavour, case, method)."""
    seen: Dict[Tuple[str, str, str], Seen] = {}
    clients = [client_for(server, "Client", *run) for run in RUNS]
    with ThreadPoolExecutor(max_workers=len(RUNS)) as pool:
        futures = {run: pool.submit(run_blocking, server, *run, client) for run, client in zip(RUNS, clients)}
        for (case, method), future in futures.items():
            seen["Client", case, method] = future.result()

    async def every_async_run() -> List[Seen]:
        async_clients = [client_for(server, "AsyncClient", *run) for run in RUNS]
        runs = (run_async(server, *run, client) for run, client in zip(RUNS, async_clients))
        return await asyncio.gather(*runs)

    for (case, method), result in zip(RUNS, asyncio.run(every_async_run())):
        seen["AsyncClient", case, method] = result
    return seen


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize(("case", "method"), RUNS, ids=[f"{case}-{method}" for case, method in RUNS])
def test_the_run_ends_as_the_case_file_says(
    matrix: Dict[Tuple[str, str, str], Seen], flavour: str, case: str, method: str
) -> None:
    seen = matrix[flavour, case, method]
    expected = CASES[case]["expect"][method]
    slack = FILE["slack_ms"] / 1000
    assert (seen.outcome, seen.attempts) == (expected["outcome"], expected["attempts"]), seen
    if "status" in expected:
        assert seen.status == expected["status"], seen
    for bound_ms in (CASES[case]["client"].get("deadline_ms"), expected.get("max_elapsed_ms")):
        if bound_ms is not None:
            assert seen.elapsed <= bound_ms / 1000 + slack, seen
    assert seen.elapsed >= expected.get("min_elapsed_ms", 0) / 1000, seen


def test_every_case_runs_for_get_and_post() -> None:
    assert {method for _, method in RUNS} == {"GET", "POST"}
    assert len(RUNS) == 2 * len(CASES)


def test_the_process_still_makes_calls_after_the_matrix(
    matrix: Dict[Tuple[str, str, str], Seen], server: HostileServer
) -> None:
    client = smtpprovider.Client(base_url=server.base_url("ok", "alive"), token="1|t", user_id=1)
    assert client.domains.list() == []
    assert server.stats("ok", "alive")["requests"] == 1


def test_an_unknown_case_or_a_malformed_file_is_refused(server: HostileServer) -> None:
    with pytest.raises(SandboxError):
        server.base_url("no_such_case", "get")
    with pytest.raises(ValueError, match="either refuse or responses"):
        HostileServer('{"ok_response": {"status": 200}, "cases": [{"name": "a", "server": {}}]}')
