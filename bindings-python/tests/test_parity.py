"""Parity with the core's tables: every client option, per-call option, error kind and error
field the core declares is part of the Python surface, in Python's spelling. The tables come
from the extension as the core holds them (``_native.OPTION_ROWS``, ``ERROR_FIELDS``,
``ERROR_KINDS``), not from the Python layer's own lists, so a binding that drops or misspells
one fails here. (Calls and helpers: ``test_table.py``.)"""

from __future__ import annotations

from typing import Any

import pytest

import smtpprovider
from smtpprovider import _native

#: A value of each kind of option, as Python passes it.
SAMPLES: dict[str, Any] = {
    "Duration": 1.5,
    "Count": 1,
    "Bytes": 1024,
    "Flag": False,
    "Text": "http://127.0.0.1:9",
    "Pem": "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
}

BASE_URL = "http://127.0.0.1:9/api"


def accepts(make: Any, **options: Any) -> bool:
    """Whether `make(**options)` takes the keywords: a `TypeError` is a name it does not know; a
    refused value (an unusable certificate) is still a known option."""
    try:
        make(**options)
    except TypeError:
        return False
    except smtpprovider.InvalidInputError:
        pass
    return True


@pytest.mark.parametrize("name,kind,per_call", _native.OPTION_ROWS)
def test_every_option_of_the_core_is_a_keyword(name: str, kind: str, per_call: bool) -> None:
    options = {name: SAMPLES[kind]}
    if name != "base_url":
        options["base_url"] = BASE_URL
    for make in (smtpprovider.Client, smtpprovider.AsyncClient):
        assert accepts(make, **options), f"{make.__name__}({name}=...)"
    client = smtpprovider.Client(base_url=BASE_URL)
    assert accepts(client.with_options, **{name: SAMPLES[kind]}) == per_call, f"with_options({name}=...)"


def test_the_option_lists_are_the_tables() -> None:
    assert [name for name, _ in smtpprovider.CLIENT_OPTIONS] == [
        name for name, _, _ in _native.OPTION_ROWS if name != "base_url"
    ]
    assert [name for name, _ in smtpprovider.CALL_OPTIONS] == [name for name, _, per_call in _native.OPTION_ROWS if per_call]


@pytest.mark.parametrize("name,class_name", _native.ERROR_KINDS)
def test_every_error_kind_is_a_class_with_every_field(name: str, class_name: str) -> None:
    cls = getattr(smtpprovider, class_name)
    assert issubclass(cls, smtpprovider.SmtpProviderError)
    assert cls.kind == name
    error = cls("message")
    for field in _native.ERROR_FIELDS:
        assert hasattr(error, field), f"{class_name}.{field}"
