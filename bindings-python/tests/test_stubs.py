"""The checked-in stubs are what the generator makes of the extension, and the request
TypedDicts name only fields the core knows."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any, Dict, get_type_hints

import pytest

import smtpprovider
from smtpprovider import types
from smtpprovider.testing import Sandbox

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_stubs", SCRIPTS / "gen_stubs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_checked_in_stubs_are_current() -> None:
    generator = load_generator()
    checked_in = generator.STUB_PATH.read_text()
    assert checked_in == generator.render(), "stale stubs: run `python scripts/gen_stubs.py`"


def test_the_stubs_cover_every_call_and_model() -> None:
    stubs = load_generator().render()
    for endpoint in smtpprovider.ENDPOINTS:
        if endpoint.resource != "client":
            assert f"    def {endpoint.name}(" in stubs, endpoint.id
    for name in ("Domain", "DomainView", "CampaignOptions", "Message", "User"):
        assert f"class {name}:" in stubs


def full(typed_dict: Any, nested: Dict[str, Any]) -> Dict[str, Any]:
    """A value for every key of a TypedDict (sample values by type)."""
    samples: Dict[Any, Any] = {str: "2030-01-01 10:00:00", int: 1, bool: True}
    return {key: nested[key] if key in nested else samples[hint] for key, hint in get_type_hints(typed_dict).items()}


def test_every_typed_dict_key_is_a_field_the_core_accepts(sandbox: Sandbox) -> None:
    client = sandbox.client()
    content = full(types.CampaignContent, {})
    # Each call refuses keys its request struct lacks, so acceptance (or any error other than
    # an unknown field) shows the keys are right.
    attempts = [
        lambda: client.templates.add(full(types.NewTemplate, {})),  # type: ignore[arg-type]
        lambda: client.templates.update(1, full(types.TemplateChanges, {})),  # type: ignore[arg-type]
        lambda: client.campaigns.create(full(types.NewCampaign, {"all_request": content})),  # type: ignore[arg-type]
        lambda: client.campaigns.update(1, full(types.CampaignChanges, {"all_request": content})),  # type: ignore[arg-type]
    ]
    for attempt in attempts:
        try:
            attempt()
        except smtpprovider.SmtpProviderError as error:
            assert "unknown field" not in str(error), error
    with pytest.raises(smtpprovider.InvalidInputError, match="unknown field"):
        client.templates.update(1, {"colour": "red"})  # type: ignore[typeddict-unknown-key]


def test_types_is_a_plain_module() -> None:
    assert "smtpprovider.types" in sys.modules
    assert types.NewTemplate.__required_keys__ == frozenset({"name", "html_body"})
    assert types.NewTemplate.__optional_keys__ == frozenset({"active"})


def test_a_new_template_that_leaves_out_active_is_active(sandbox: Sandbox) -> None:
    # The TypedDict's optional `active` matches the core's default (that of `NewTemplate::new`).
    bare: types.NewTemplate = {"name": "Bare", "html_body": "<p>{{content}}</p>"}
    assert sandbox.client().templates.add(bare).active is True
