"""The typed user script (checked by mypy --strict in scripts/test.sh) also runs."""

from __future__ import annotations

import typed_usage


def test_the_typed_script_runs() -> None:
    results = typed_usage.main()
    assert results[0] == "demo@example.com"
    assert "update sucessfully" in results and "Mail sent successfully" in results
