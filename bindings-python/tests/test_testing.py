"""smtpprovider.testing.Sandbox: the emulator in-process, and each of its admin methods."""

from __future__ import annotations

import time

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox, SandboxError


def test_users_dns_and_verification(sandbox: Sandbox) -> None:
    user = sandbox.create_user("ann@example.com", "ann-password", "Ann")
    assert user == {"id": 2, "name": "Ann", "email": "ann@example.com"}
    with pytest.raises(SandboxError) as taken:
        sandbox.create_user("ann@example.com", "x")
    assert taken.value.status == 422
    client = sandbox.client("ann@example.com", "ann-password")
    domain = client.domains.add("ann.example.com")
    record = sandbox.publish_dns(domain.host or "", domain.public_key or "")
    assert record["name"] == "smtp._domainkey.ann.example.com"
    assert any(r["name"] == record["name"] for r in sandbox.dns_records())
    assert client.domains.verify("ann.example.com").verified
    assert sandbox.remove_dns(record["name"]) is True and sandbox.remove_dns(record["name"]) is False
    long_value = sandbox.publish_dns_strings("long.example.com", ["a" * 300])
    assert [len(v) for v in long_value["values"]] == [255, 45]
    with pytest.raises(SandboxError):
        sandbox.publish_dns("not a name", "x")


def test_outbox_and_the_verification_link(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    client.domains.add("example.com")
    client.senders.add("example.com", "news@example.com", "News")
    client.senders.verify("news@example.com")
    [message] = sandbox.outbox(to="news@example.com", kind="sender_verification")
    assert message["link"] and message["kind"] == "sender_verification"
    answer = sandbox.follow_verification_link("news@example.com")
    assert answer["sender"]["status"] == "verified"
    with pytest.raises(SandboxError) as used:
        sandbox.follow_verification_link("news@example.com")
    assert used.value.status == 410
    sandbox.clear_outbox()
    assert sandbox.outbox() == []


def test_clock_subscribers_and_campaign_delivery(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    assert sandbox.set_clock("2030-01-01 09:00:00")["now"] == "2030-01-01 09:00:00"
    assert sandbox.advance_clock(60)["now"] == "2030-01-01 09:01:00"
    assert sandbox.clock()["offset_seconds"] != 0
    mailing_list = client.mailing_lists.add("List")
    assert sandbox.add_subscribers(mailing_list.id, count=5)["subscribers_count"] == 5
    assert sandbox.add_subscribers(mailing_list.id, emails=["x@example.org"])["subscribers_count"] == 6
    with pytest.raises(smtpprovider.InvalidInputError, match="emails or count"):
        sandbox.add_subscribers(mailing_list.id)
    with pytest.raises(SandboxError) as missing:
        sandbox.add_subscribers(999, count=1)
    assert missing.value.status == 404



def test_faults_requests_config_and_reset(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    fault = sandbox.add_fault("/v1/smtp-domain-list", "status", status=500, times=2, method="GET")
    assert fault["times"] == 2 and fault["kind"] == "status"
    assert len(sandbox.faults()) == 1
    sandbox.clear_faults()
    assert sandbox.faults() == []
    with pytest.raises(smtpprovider.InvalidInputError):
        sandbox.add_fault("/v1/smtp-domain-list", "explode")
    client.domains.list()
    [request] = sandbox.requests("/v1/smtp-domain-list")
    assert request["method"] == "GET" and request["status"] == 200
    sandbox.clear_requests()
    assert sandbox.requests() == []
    assert sandbox.set_rate_limit(5)["rate_limit"] == 5 and sandbox.config()["rate_limit"] == 5
    client.mailing_lists.add("Gone after reset")
    sandbox.reset()
    with pytest.raises(smtpprovider.AuthenticationError):
        client.mailing_lists.list()  # tokens are revoked
    assert sandbox.client().mailing_lists.list() == []


def test_seed_users_and_stopping() -> None:
    with Sandbox(users=[("a@example.com", "pw-a"), ("b@example.com", "pw-b", "Bee")]) as sandbox:
        assert sandbox.client("b@example.com", "pw-b").user.name == "Bee"  # type: ignore[union-attr]
        with pytest.raises(smtpprovider.AuthenticationError):
            sandbox.client()  # no demo user when users are given
        base_url = sandbox.base_url
    assert repr(sandbox) == "Sandbox(stopped)"
    with pytest.raises(OSError):
        sandbox.outbox()
    sandbox.stop()  # stopping twice is harmless
    with pytest.raises(smtpprovider.APIConnectionError):
        smtpprovider.Client(token="1|t", user_id=1, base_url=base_url, max_retries=0).domains.list()


def test_a_default_sandbox_is_not_rate_limited() -> None:
    # The API's 60 calls a minute would stall a test's 61st call for a minute on a 429.
    with Sandbox() as sandbox:
        assert sandbox.config()["rate_limit"] == 0
        client = sandbox.client(max_retries=0)
        started = time.monotonic()
        for _ in range(100):
            client.domains.list()
        assert time.monotonic() - started < 5.0
        statuses = {request["status"] for request in sandbox.requests("/v1/smtp-domain-list")}
        assert statuses == {200}, "no 429"


def test_a_sandbox_throttles_when_asked() -> None:
    with Sandbox(rate_limit=60) as sandbox:
        assert sandbox.config()["rate_limit"] == 60
        # Unpaced, so that the server's 429 comes back; the login counts per IP, the calls per token.
        client = sandbox.client(max_retries=0, pace_requests=False)
        with pytest.raises(smtpprovider.RateLimitError) as limited:
            for _ in range(61):
                client.domains.list()
        assert limited.value.status == 429 and limited.value.retry_after is not None
        assert sum(r["status"] == 200 for r in sandbox.requests("/v1/smtp-domain-list")) == 60
