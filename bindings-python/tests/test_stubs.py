"""The checked-in stubs (written by codegen from the core's tables) describe the extension as
built, and the request TypedDicts name only fields the core knows."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Dict, get_type_hints

import pytest

import smtpprovider
from smtpprovider import _native, types
from smtpprovider.testing import Sandbox

STUBS = (Path(smtpprovider.__file__).parent / "_native.pyi").read_text()


def stub_classes() -> Dict[str, str]:
    """Each class of the stubs, by name, with its body."""
    classes: Dict[str, str] = {}
    for block in re.split(r"\n(?=class )", STUBS)[1:]:
        name = re.match(r"class (\w+)", block)
        assert name is not None
        classes[name.group(1)] = block
    return classes


def test_the_stubs_describe_the_extension_as_built() -> None:
    # `cargo run -p smtpprovider-codegen -- --check` keeps the stubs current with the core's
    # tables; this checks them against what the extension built from the same tables exposes.
    classes = stub_classes()
    models = [v for v in vars(_native).values() if isinstance(v, type) and hasattr(v, "__fields__")]
    assert len(models) >= 15
    for model in models:
        body = classes[model.__name__]
        for field, annotation in model.__fields__:
            assert f"    def {field}(self) -> {annotation}:" in body, (model.__name__, field)
    for endpoint in smtpprovider.ENDPOINTS:
        if endpoint.resource == "client":
            continue
        handle = "".join(part.capitalize() for part in endpoint.resource.split("_"))
        for name in (handle, "Async" + handle):
            public = {m for m in dir(getattr(_native, name)) if not m.startswith("_")}
            assert {m for m in public if f"    def {m}(self" not in classes[name]} == set(), name
            assert f"    def {endpoint.name}(self" in classes[name], (name, endpoint.id)
    for client in (smtpprovider.Client, smtpprovider.AsyncClient):
        body = classes[client.__mro__[1].__name__] + classes[client.__name__]
        attributes = {n for n in vars(client.__mro__[1]) if not n.startswith("_")} | {
            n for n in vars(client) if not n.startswith("_")
        }
        assert {a for a in attributes if f"def {a}(" not in body} == set(), client


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
