"""Constructing clients and their options: token clients, from_env, with_options, timeouts,
retries, an extra CA (tests/fixtures: a test-only CA and a localhost certificate it signed, served
by the testing sandbox), plain-HTTP rules, context managers and closing. Proxies and refused
certificates, with real servers: test_tls_and_proxies.py."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import smtpprovider
from smtpprovider import APIConnectionError, APITimeoutError, InvalidInputError
from smtpprovider.testing import Sandbox

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_saved_token_makes_a_working_client(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    client.mailing_lists.add("Saved")
    again = smtpprovider.Client(token=client.token, user_id=client.user_id, base_url=sandbox.base_url)
    assert [m.name for m in again.mailing_lists.list()] == ["Saved"]
    assert again.user is None and again.user_id == 1
    assert repr(again) == f'Client(base_url="{sandbox.base_url}", user_id=1)'
    assert (client.token or "") not in repr(again)


def test_a_token_needs_its_user_id(sandbox: Sandbox) -> None:
    with pytest.raises(InvalidInputError, match="user id"):
        smtpprovider.Client(token="1|abc", base_url=sandbox.base_url)


def test_the_base_url_is_an_option_falling_back_to_the_environment(
    sandbox: Sandbox, client: smtpprovider.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMTPPROVIDER_BASE_URL", raising=False)
    sandbox.clear_requests()
    for make in (
        lambda: smtpprovider.Client(token=client.token, user_id=client.user_id),
        lambda: smtpprovider.AsyncClient(token=client.token, user_id=client.user_id),
        lambda: smtpprovider.Client.login("demo@example.com", "demo-password"),
    ):
        with pytest.raises(InvalidInputError) as neither:
            make()
        assert "base_url" in str(neither.value) and "SMTPPROVIDER_BASE_URL" in str(neither.value)
    assert sandbox.requests() == [], "nothing was sent"

    monkeypatch.setenv("SMTPPROVIDER_BASE_URL", sandbox.base_url)
    from_env = smtpprovider.Client(token=client.token, user_id=client.user_id)
    assert from_env.base_url == sandbox.base_url and from_env.domains.list() == []
    logged_in = smtpprovider.Client.login("demo@example.com", "demo-password")
    assert logged_in.base_url == sandbox.base_url and logged_in.user_id == 1

    async def async_login() -> smtpprovider.AsyncClient:
        return await smtpprovider.AsyncClient.login("demo@example.com", "demo-password")

    assert asyncio.run(async_login()).base_url == sandbox.base_url
    # An explicit one wins over the environment.
    monkeypatch.setenv("SMTPPROVIDER_BASE_URL", "https://elsewhere.example/api")
    explicit = smtpprovider.Client(token=client.token, user_id=client.user_id, base_url=sandbox.base_url)
    assert explicit.base_url == sandbox.base_url
    with pytest.raises(TypeError):
        smtpprovider.Client.login(sandbox.base_url, "demo@example.com", "demo-password")  # type: ignore[misc]


def test_from_env(sandbox: Sandbox, client: smtpprovider.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTPPROVIDER_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("SMTPPROVIDER_TOKEN", client.token or "")
    monkeypatch.setenv("SMTPPROVIDER_USER_ID", str(client.user_id))
    assert smtpprovider.Client.from_env(timeout=5.0).domains.list() == []
    assert smtpprovider.AsyncClient.from_env().user_id == client.user_id
    monkeypatch.delenv("SMTPPROVIDER_TOKEN")
    with pytest.raises(InvalidInputError, match="SMTPPROVIDER_TOKEN"):
        smtpprovider.Client.from_env()


def test_options_are_checked() -> None:
    with pytest.raises(TypeError, match="timeuot"):
        smtpprovider.Client(base_url="http://127.0.0.1:1/api", timeuot=3)
    with pytest.raises(InvalidInputError, match="timeout"):
        smtpprovider.Client(base_url="http://127.0.0.1:1/api", timeout=-1.0)
    with pytest.raises(InvalidInputError, match="http"):
        smtpprovider.Client(base_url="http://smtp.example.net/api")  # the token would travel in clear
    insecure = smtpprovider.Client(base_url="http://smtp.example.net/api", allow_insecure_http=True)
    assert insecure.base_url == "http://smtp.example.net/api"


def test_with_options_changes_timing_for_its_calls_only(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    impatient = client.with_options(timeout=0.2)
    sandbox.add_fault("/v1/smtp-domain-list", "delay", delay_ms=800, times=2)
    with pytest.raises(APITimeoutError):
        impatient.domains.list()
    assert client.domains.list() == [], "the original keeps its 30 s timeout"
    with pytest.raises(TypeError):
        client.with_options(proxy="http://127.0.0.1:9")  # a connection setting, not a per-call one


def test_retries_follow_max_retries(sandbox: Sandbox) -> None:
    patient = sandbox.client(max_retries=2, initial_backoff=0.01, max_backoff=0.02)
    sandbox.add_fault("/v1/smtp-domain-list", "status", status=503, times=2)
    assert patient.domains.list() == []
    assert [r["status"] for r in sandbox.requests("/v1/smtp-domain-list")] == [503, 503, 200]


def test_an_extra_ca_is_trusted() -> None:
    cert, key, ca = (FIXTURES / name for name in ("localhost.pem", "localhost.key", "test-ca.pem"))
    with Sandbox(tls_cert_pem=cert.read_bytes(), tls_key_pem=key.read_bytes()) as tls:
        assert tls.base_url.startswith("https://")
        with pytest.raises(APIConnectionError):
            smtpprovider.Client.login("demo@example.com", "demo-password", base_url=tls.base_url, max_retries=0)
        client = smtpprovider.Client.login(
            "demo@example.com", "demo-password", base_url=tls.base_url, root_certificates=[ca.read_text()]
        )
        assert client.domains.list() == []


def test_context_managers_close_the_client(sandbox: Sandbox) -> None:
    with sandbox.client() as client:
        assert client.domains.list() == []
    assert repr(client) == "Client(closed)" and client.base_url is None
    with pytest.raises(InvalidInputError, match="closed"):
        client.domains.list()

    async def main() -> None:
        async with await smtpprovider.AsyncClient.login("demo@example.com", "demo-password", base_url=sandbox.base_url) as aclient:
            assert await aclient.domains.list() == []
        with pytest.raises(InvalidInputError, match="closed"):
            await aclient.domains.list()

    asyncio.run(main())


def test_arguments_by_keyword(client: smtpprovider.Client) -> None:
    mailing_list = client.mailing_lists.add(name="By keyword")
    assert client.mailing_lists.list() == [mailing_list]
    with pytest.raises(TypeError):
        client.mailing_lists.add(title="wrong keyword")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        client.mailing_lists.add(42)  # type: ignore[arg-type]


def test_a_rust_panic_is_an_exception_not_a_crash() -> None:
    from smtpprovider import _native

    with pytest.raises(BaseException, match="deliberate panic in a blocking call"):
        _native._raise_rust_panic(False)

    async def main() -> None:
        await _native._raise_rust_panic(True)

    with pytest.raises(BaseException, match="deliberate panic in an async call"):
        asyncio.run(main())


def test_the_user_agent_names_the_sdk_python_and_the_platform(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    import platform
    import sys

    sandbox.clear_requests()
    client.domains.list()
    implementation = {"cpython": "CPython", "pypy": "PyPy"}.get(sys.implementation.name, sys.implementation.name)
    # The platform as Rust names it (std::env::consts).
    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine().lower())
    expected = (
        f"smtpprovider-python/{smtpprovider.__version__} "
        f"({implementation} {platform.python_version()}; {system} {machine})"
    )
    assert [r["user_agent"] for r in sandbox.requests()] == [expected]
    own = smtpprovider.Client(
        token=client.token, user_id=client.user_id, base_url=sandbox.base_url, user_agent="shop-sync/2.0"
    )
    own.domains.list()
    assert sandbox.requests()[-1]["user_agent"] == "shop-sync/2.0"
