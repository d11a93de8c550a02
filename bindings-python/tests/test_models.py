"""Models: frozen typed classes with attributes, repr, equality, to_dict() in the API's shape,
unknown fields in `extra`, and large lists converted straight from the Rust models."""

from __future__ import annotations

import asyncio
import gc
import json
import time

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox

LIST = "/v1/smtp-domain-list"


def domain_json(number: int) -> dict:
    return {
        "id": number,
        "domain_name": f"domain-{number}.example.com",
        "host": f"smtp._domainkey.domain-{number}.example.com",
        "selector": "smtp",
        "public_key": "v=DKIM1; h=sha256; k=rsa; p=" + "A" * 392,
        "status": "verified" if number % 2 == 0 else "pending",
        "verified_at": None,
        "created_at": "2026-05-01 09:30:00",
        "updated_at": "2026-05-06 18:00:00",
    }


def test_models_are_frozen_with_repr_and_equality(client: smtpprovider.Client) -> None:
    domain = client.domains.add("example.com")
    with pytest.raises(AttributeError):
        domain.status = "verified"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        domain.anything = 1  # type: ignore[attr-defined]
    assert repr(domain).startswith("Domain(id=1, domain_name='example.com', host='smtp._domainkey.example.com'")
    again = client.domains.list()[0]
    assert again == domain and again is not domain
    assert domain != client.domains.add("example.org")
    assert (domain == "example.com") is False


def test_to_dict_is_the_api_shape(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    domain = client.domains.add("example.com")
    sandbox.publish_dns(domain.host or "", domain.public_key or "")
    verification = client.domains.verify("example.com")
    assert verification.verified is True
    assert verification.to_dict() == {"success": True, "message": "Verified Successfully"}
    as_dict = domain.to_dict()
    assert as_dict["domain_name"] == "example.com" and as_dict["verified_at"] is None
    json.dumps(client.campaigns.options().to_dict())  # plain JSON values all the way down
    options = client.campaigns.options().to_dict()
    assert "senderDetails" in options and "bounce_email_id" in options


def test_unknown_fields_are_kept_in_extra(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    with_more = dict(domain_json(7), team_id=12, tags=["a", "b"], id="7")
    sandbox.add_fault(LIST, "status", status=200, body={"success": True, "data": {"domains": [with_more]}})
    [domain] = client.domains.list()
    assert domain.id == 7, "a numeric string is read as a number"
    assert domain.extra == {"team_id": 12, "tags": ["a", "b"]}
    assert domain.to_dict()["team_id"] == 12
    assert "extra={'tags': ['a', 'b'], 'team_id': 12}" in repr(domain)


def test_nested_models_and_their_field_types() -> None:
    fields = dict(smtpprovider.DomainView.__fields__)
    assert fields == {"domain": "Domain", "dns_records": "list[DnsRecord]"}
    assert dict(smtpprovider.Domain.__fields__)["host"] == "str | None"
    assert dict(smtpprovider.DomainVerification.__fields__) == {"verified": "bool", "message": "str | None"}


def test_a_10000_item_list(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    body = json.dumps({"success": True, "data": {"domains": [domain_json(n) for n in range(1, 10_001)]}})
    sandbox.add_fault(LIST, "status", status=200, body=body, times=3)
    client.domains.list()  # warm up
    started = time.perf_counter()
    domains = client.domains.list()
    elapsed = time.perf_counter() - started
    assert len(domains) == 10_000 and all(type(d) is smtpprovider.Domain for d in domains[:100])
    assert domains[9_999].domain_name == "domain-10000.example.com" and domains[1].status == "verified"
    # A debug build on a shared machine: a loose bound that still catches a pathological path.
    assert elapsed < 5, f"10,000 domains took {elapsed:.2f}s"
    assert domains[0].to_dict() == domain_json(1)


def test_results_stay_out_of_the_cycle_collector(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    # A model holds no Python object, so it cannot be in a reference cycle; untracked, the models
    # of a large list do not set off collections that scan the whole heap.
    count = 2_000
    body = json.dumps({"success": True, "data": {"domains": [domain_json(n) for n in range(1, count + 1)]}})
    sandbox.add_fault(LIST, "status", status=200, body=body, times=2)
    domains = client.domains.list()
    assert len(domains) == count and not any(gc.is_tracked(domain) for domain in domains)
    assert gc.is_tracked(domains)  # the list itself is an ordinary list

    async def fetch() -> list:
        return await sandbox.async_client().domains.list()

    awaited = asyncio.run(fetch())
    assert awaited == domains and not any(gc.is_tracked(domain) for domain in awaited)
    single = client.mailing_lists.add("Alone")
    assert not gc.is_tracked(single)
    gc.collect()  # collecting with untracked models around is harmless
    assert domains[-1].domain_name == f"domain-{count}.example.com" and single.name == "Alone"
