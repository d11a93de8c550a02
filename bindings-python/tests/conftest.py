"""Fixtures: a fresh in-process sandbox per test, and clients logged in to it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterator, List

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox

from real_servers import PROXY_VARIABLES, TRUST_VARIABLES, RealServers

# The scenario runner and the helpers live beside the tests.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A sandbox (not rate limited, as test sandboxes are by default), stopped after the test."""
    with Sandbox() as running:
        yield running


@pytest.fixture
def client(sandbox: Sandbox) -> smtpprovider.Client:
    """The demo user's blocking client, without retries so that faults show at once."""
    return sandbox.client(max_retries=0)


#: Lines of figures the soak and secrets tests report, printed in the run's summary.
FIGURES = pytest.StashKey[List[str]]()


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[RealServers]:
    """Fresh servers per test, and no proxy or trust variables but the ones the test sets."""
    for name in PROXY_VARIABLES + TRUST_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    running = RealServers()
    yield running
    running.stop()


@pytest.fixture
def report(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Keeps a line of figures (calls, errors, seconds, memory) for the summary at the end of the
    run, where the CI log shows it (pytest hides what passing tests print)."""
    return request.config.stash.setdefault(FIGURES, []).append


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    lines = config.stash.get(FIGURES, [])
    if lines:
        terminalreporter.section("figures")
        for line in lines:
            terminalreporter.write_line(line)
