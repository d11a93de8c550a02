"""Every error kind arrives as its own exception class, with its attributes, from real failures:
the sandbox's rules, the client's own checks and scripted faults."""

from __future__ import annotations

import asyncio
import builtins
import pickle
import socket

import pytest

import smtpprovider
from smtpprovider import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    DecodeError,
    InvalidInputError,
    NotFoundError,
    RateLimitError,
    ServerError,
    SmtpProviderError,
    ValidationError,
    WrongUserError,
)
from smtpprovider.testing import Sandbox

LIST = "/v1/smtp-domain-list"

KINDS = {
    AuthenticationError: "Authentication",
    WrongUserError: "WrongUser",
    ValidationError: "Validation",
    NotFoundError: "NotFound",
    RateLimitError: "RateLimited",
    ServerError: "Server",
    APITimeoutError: "Timeout",
    APIConnectionError: "Connection",
    DecodeError: "Decode",
    InvalidInputError: "InvalidInput",
}


def test_one_class_per_kind_under_one_base() -> None:
    for cls, kind in KINDS.items():
        assert issubclass(cls, SmtpProviderError) and cls.kind == kind
    assert not issubclass(APITimeoutError, builtins.TimeoutError)
    assert not issubclass(APIConnectionError, builtins.ConnectionError)
    assert builtins.TimeoutError is not APITimeoutError  # the builtins stay what they are


def test_authentication(sandbox: Sandbox) -> None:
    with pytest.raises(AuthenticationError) as bad_password:
        smtpprovider.Client.login("demo@example.com", "wrong", base_url=sandbox.base_url)
    assert bad_password.value.status == 401 and bad_password.value.endpoint == "client.login"
    with pytest.raises(AuthenticationError, match="no token") as no_token:
        smtpprovider.Client(base_url=sandbox.base_url).domains.list()
    assert no_token.value.status is None and no_token.value.kind == "Authentication"
    with pytest.raises(AuthenticationError) as revoked:
        smtpprovider.Client(token="1|not-a-token", user_id=1, base_url=sandbox.base_url).domains.list()
    assert revoked.value.status == 401 and revoked.value.messages == ["Unauthenticated."]


def test_wrong_user(sandbox: Sandbox) -> None:
    sandbox.create_user("other@example.com", "other-password")
    other = sandbox.client("other@example.com", "other-password")
    with pytest.raises(WrongUserError) as error:
        smtpprovider.Client(token=other.token, user_id=1, base_url=sandbox.base_url).domains.list()
    assert error.value.status == 403 and error.value.endpoint == "domains.list"
    assert error.value.messages and "wrong user id" in error.value.messages[0]


def test_validation_keeps_the_messages(client: smtpprovider.Client) -> None:
    client.domains.add("example.com")
    with pytest.raises(ValidationError) as error:
        client.domains.add("example.com")
    assert error.value.status == 422 and error.value.endpoint == "domains.add"
    assert error.value.messages == ["The domain name has already been taken."]
    assert "The domain name has already been taken." in str(error.value)


def test_not_found(client: smtpprovider.Client) -> None:
    with pytest.raises(NotFoundError) as error:
        client.templates.get(9999)
    assert error.value.status == 404 and error.value.messages == ["Template not found."]


def test_rate_limited_with_retry_after(sandbox: Sandbox) -> None:
    # Unpaced: the server's 429 itself (a paced client waits for the window instead).
    client = sandbox.client(max_retries=0, pace_requests=False)
    sandbox.set_rate_limit(1)
    client.domains.list()
    with pytest.raises(RateLimitError) as error:
        client.domains.list()
    assert error.value.status == 429
    assert error.value.retry_after is not None and 0 < error.value.retry_after <= 60
    assert error.value.headers["x-ratelimit-limit"] == "1" and "retry-after" in error.value.headers


def test_server_errors_keep_status_and_body(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    sandbox.add_fault(LIST, "status", status=503)
    with pytest.raises(ServerError) as unavailable:
        client.domains.list()
    assert unavailable.value.status == 503
    sandbox.add_fault(LIST, "status", status=502, content_type="text/html", body="<html><h1>502 Bad Gateway</h1></html>")
    with pytest.raises(ServerError) as proxy_page:
        client.domains.list()
    assert proxy_page.value.status == 502 and "Bad Gateway" in (proxy_page.value.body_excerpt or "")



def test_a_redirected_post_is_a_server_error_naming_the_location(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    location = {"Location": "/api/v1/smtp-mailing-list"}
    sandbox.add_fault("/v1/smtp-mailing-add", "status", status=302, headers=location)
    with pytest.raises(ServerError) as redirected:
        client.mailing_lists.add(name="Never created")
    assert redirected.value.status == 302
    assert redirected.value.location == f"{sandbox.base_url}/v1/smtp-mailing-list"
    assert len(sandbox.requests("/v1/smtp-mailing-add")) == 1
    assert client.mailing_lists.list() == []

def test_timeout(sandbox: Sandbox) -> None:
    client = sandbox.client(max_retries=0, timeout=0.3)
    sandbox.add_fault(LIST, "delay", delay_ms=2000)
    with pytest.raises(APITimeoutError) as error:
        client.domains.list()
    assert error.value.endpoint == "domains.list" and error.value.status is None


def test_connection(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    sandbox.add_fault(LIST, "drop")
    with pytest.raises(APIConnectionError):
        client.domains.list()
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(APIConnectionError) as refused:
        smtpprovider.Client(token="1|t", user_id=1, base_url=f"http://127.0.0.1:{port}/api", max_retries=0).domains.list()
    assert refused.value.status is None


def test_decode_says_where(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    sandbox.add_fault(LIST, "status", status=200, body={"success": True, "data": {"domains": [{"id": 1}]}})
    with pytest.raises(DecodeError) as error:
        client.domains.list()
    assert "domain_name" in str(error.value) and "domains" in (error.value.field_path or "")


def test_invalid_input_is_refused_before_sending(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    sandbox.clear_requests()
    cases = [
        lambda: client.domains.add("not a hostname"),
        lambda: client.senders.add("example.com", "not-an-email", "News"),
        lambda: client.mailing_lists.add("   "),
        lambda: client.templates.get(0),
        lambda: client.templates.get(-5),
        lambda: client.templates.add({"name": "x"}),  # type: ignore[typeddict-item]
        lambda: client.templates.add(name=" ", html_body="<p>Hi</p>"),
        lambda: client.campaigns.create(template_id=1, from_email="not-an-email"),
        lambda: client.campaigns.create(template_id=1, from_email="a@example.com", begins_at="tomorrow"),
        lambda: client.templates.update(1, {"nmae": "typo"}),  # type: ignore[typeddict-unknown-key]
        lambda: client.mail.send_welcome("a@example.org", "Shop", subject="Hi"),
    ]
    for case in cases:
        with pytest.raises(InvalidInputError) as error:
            case()
        assert error.value.kind == "InvalidInput" and error.value.status is None
    assert sandbox.requests() == [], "nothing reached the sandbox"


def test_one_except_catches_every_kind_and_errors_pickle(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    caught = []
    for failing in (lambda: client.templates.get(0), lambda: client.templates.get(424242)):
        try:
            failing()
        except SmtpProviderError as error:
            caught.append(error)
    assert [type(e) for e in caught] == [InvalidInputError, NotFoundError]
    copy = pickle.loads(pickle.dumps(caught[1]))
    assert type(copy) is NotFoundError and str(copy) == str(caught[1])
    assert (copy.status, copy.endpoint, copy.messages) == (404, "templates.get", ["Template not found."])


def test_the_async_client_raises_the_same_classes(sandbox: Sandbox) -> None:
    async def main() -> None:
        client = sandbox.async_client(max_retries=0)
        with pytest.raises(NotFoundError) as missing:
            await client.templates.get(9999)
        assert missing.value.status == 404
        sandbox.add_fault(LIST, "status", status=500)
        with pytest.raises(ServerError):
            await client.domains.list()
        with pytest.raises(InvalidInputError):
            await client.domains.add("not a hostname")
        with pytest.raises(AuthenticationError):
            await smtpprovider.AsyncClient.login("demo@example.com", "wrong", base_url=sandbox.base_url)

    asyncio.run(main())


def test_errors_never_show_the_token(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    token = client.token or ""
    assert len(token) > 10
    sandbox.add_fault(LIST, "status", status=500, body="an upstream error page")
    with pytest.raises(ServerError) as error:
        client.domains.list()
    assert token not in str(error.value) and token not in repr(error.value.__dict__)
    assert token not in repr(client)
