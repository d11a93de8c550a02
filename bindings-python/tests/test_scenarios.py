"""The shared scenarios (tests/scenarios/*.json), each on a fresh sandbox, through the blocking
and the asyncio client."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario_runner import Runner, scenario_files


def test_the_shared_scenarios_are_there() -> None:
    names = {path.stem for path in scenario_files()}
    assert {"onboarding", "templates_and_lists", "campaigns", "errors"} <= names


@pytest.mark.parametrize("flavor", ["blocking", "asyncio"])
@pytest.mark.parametrize("path", scenario_files(), ids=lambda path: path.stem)
def test_scenario(path: Path, flavor: str) -> None:
    steps = Runner(path, asyncio_client=flavor == "asyncio").run()
    assert steps > 0


def test_the_runner_reports_the_first_step_that_differs(tmp_path: Path) -> None:
    scenario = tmp_path / "wrong.json"
    scenario.write_text(
        """{"name": "wrong", "steps": [
            {"call": "client.login", "args": {"email": "demo@example.com", "password": "demo-password"}},
            {"call": "domains.list", "expect": [{"domain_name": "never.example.com"}], "note": "nothing added"}
        ]}"""
    )
    with pytest.raises(AssertionError, match=r"wrong step 2, domains.list \(nothing added\): result: expected 1 items"):
        Runner(scenario, asyncio_client=False).run()
