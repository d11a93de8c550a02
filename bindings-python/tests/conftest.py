"""Fixtures: a fresh in-process sandbox per test, and clients logged in to it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox

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
