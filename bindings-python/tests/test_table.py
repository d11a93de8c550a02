"""The clients' methods are the endpoint table's calls (plus the core's few helpers built on
them): no more, no fewer, same arguments."""

from __future__ import annotations

import inspect
from typing import Dict, List

import smtpprovider


def table_by_resource() -> Dict[str, List[smtpprovider.Endpoint]]:
    resources: Dict[str, List[smtpprovider.Endpoint]] = {}
    for endpoint in smtpprovider.ENDPOINTS:
        resources.setdefault(endpoint.resource, []).append(endpoint)
    return resources


#: Methods beyond the table: the core's helpers (`smtpprovider::HELPERS`), by resource.
HELPERS: Dict[str, set[str]] = {}
for _, resource, name in smtpprovider.HELPERS:
    HELPERS.setdefault(resource, set()).add(name)


def test_the_helpers_are_the_cores() -> None:
    assert [helper[0] for helper in smtpprovider.HELPERS] == ["domains.wait_verified"]


def public_methods(cls: type) -> set[str]:
    return {name for name, value in vars(cls).items() if not name.startswith("_") and callable(value)}


def test_the_table_has_the_22_endpoints_of_the_api() -> None:
    assert len(smtpprovider.ENDPOINTS) == 22
    ids = [endpoint.id for endpoint in smtpprovider.ENDPOINTS]
    assert len(set(ids)) == 22
    assert ids[0] == "client.login"
    add = next(e for e in smtpprovider.ENDPOINTS if e.id == "domains.add")
    assert (add.method, add.path, add.args, add.returns) == ("POST", "/v1/smtp-domain-add", [("domain_name", "string")], "Domain")


def test_each_client_has_one_attribute_per_resource() -> None:
    resources = set(table_by_resource()) - {"client"}
    # The base class both clients share holds the resources and the session's accessors.
    session = {"base_url", "user_id", "token", "user", "rate_limit", "last_response"}
    for base in (smtpprovider.Client.__mro__[1], smtpprovider.AsyncClient.__mro__[1]):
        attributes = {name for name, value in vars(base).items() if isinstance(value, property) or inspect.isdatadescriptor(value)}
        assert attributes == resources | session, base


def test_every_call_of_the_table_is_a_method_with_the_same_arguments() -> None:
    for resource, endpoints in table_by_resource().items():
        if resource == "client":
            continue
        cls_name = "".join(part.capitalize() for part in resource.split("_"))
        for cls in (getattr(smtpprovider, cls_name), getattr(smtpprovider, "Async" + cls_name)):
            assert public_methods(cls) == {e.name for e in endpoints} | HELPERS.get(resource, set()), cls
            for endpoint in endpoints:
                parameters = list(inspect.signature(getattr(cls, endpoint.name)).parameters.values())
                # A request struct's fields come as `**fields` after its (optional) mapping.
                requests = [arg for arg, kind in endpoint.args if kind in smtpprovider.REQUEST_FIELDS]
                named = [p for p in parameters[1:] if p.kind != inspect.Parameter.VAR_KEYWORD]
                assert [p.name for p in named] == [arg for arg, _ in endpoint.args], endpoint.id
                optional = [p.name for p in named if p.default is None]
                expected = [arg for arg, kind in endpoint.args if kind == "optional_string"] + requests
                assert optional == expected, endpoint.id
                keywords = [p.name for p in parameters if p.kind == inspect.Parameter.VAR_KEYWORD]
                assert keywords == (["fields"] if requests else []), endpoint.id


def test_login_is_a_constructor_of_both_clients() -> None:
    login = next(e for e in smtpprovider.ENDPOINTS if e.id == "client.login")
    assert [arg for arg, _ in login.args] == ["email", "password"]
    for cls in (smtpprovider.Client, smtpprovider.AsyncClient):
        parameters = inspect.signature(cls.login).parameters
        assert list(parameters)[:3] == ["email", "password", "base_url"]
        assert parameters["base_url"].kind == inspect.Parameter.KEYWORD_ONLY and parameters["base_url"].default is None
        assert inspect.signature(cls).parameters["base_url"].kind == inspect.Parameter.KEYWORD_ONLY
