"""TLS and proxies with real servers (tests/servers): nginx with a test CA in front of a sandbox,
tinyproxy, an HTTPS proxy (TLS in front of another tinyproxy) and microsocks, whose logs show what
they relayed. The same cases as the Rust core's tests/tls.rs and tests/proxies.rs, through this
binding's options and the process environment (which the core reads when a client is built;
monkeypatch puts it back after each test, and the suite runs one test at a time)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import smtpprovider
from smtpprovider import APIConnectionError, InvalidInputError
from real_servers import DEMO, UNKNOWN_ISSUER, RealServers



def login(url: str, **options: Any) -> smtpprovider.Client:
    return smtpprovider.Client.login(*DEMO, base_url=url, **options)


def two_calls(url: str, **options: Any) -> None:
    """Logs in at `url` and lists the domains."""
    assert login(url, **options).domains.list() == []


def test_a_certificate_from_an_added_root_is_trusted(servers: RealServers) -> None:
    two_calls(servers.url("trusted"), root_certificates=[servers.ca_pem])

    async def async_calls() -> None:
        client = await smtpprovider.AsyncClient.login(
            *DEMO, base_url=servers.url("trusted"), root_certificates=[servers.ca_pem.encode()]
        )
        assert await client.domains.list() == []

    asyncio.run(async_calls())


@pytest.mark.parametrize(
    "server, reason",
    [
        ("untrusted", UNKNOWN_ISSUER),
        ("expired", "has expired"),
        ("wrong_host", "is not valid for the host name"),
    ],
)
def test_a_refused_certificate_is_a_connection_error_saying_why_after_one_attempt(
    servers: RealServers, server: str, reason: str
) -> None:
    # A GET, which connection failures would retry (twice, quickly): a refusal is not retried.
    client = smtpprovider.Client(
        token="1|not-used",
        user_id=1,
        base_url=servers.url(server),
        root_certificates=[servers.ca_pem],
        max_retries=2,
        initial_backoff=0.01, max_backoff=0.02,
    )
    with pytest.raises(APIConnectionError, match=reason):
        client.domains.list()
    assert servers.failed_handshakes(server) == 1


def test_plain_http_to_a_host_that_is_not_loopback_needs_the_opt_in(servers: RealServers) -> None:
    # api.smtp.test is reachable only through the proxy, which relays it to the sandbox.
    with pytest.raises(InvalidInputError, match="allow_insecure_http"):
        login(servers.plain_http_url, proxy=servers.proxy_url)
    assert servers.proxy_requests() == [], "nothing was sent"
    two_calls(servers.plain_http_url, proxy=servers.proxy_url, allow_insecure_http=True)
    requests = servers.proxy_requests()
    assert requests[0].startswith("POST http://api.smtp.test/api/smtp-token-generate "), requests
    assert len(requests) == 2, requests


def test_the_proxy_option_tunnels_https_through_the_proxy(servers: RealServers) -> None:
    two_calls(servers.url("trusted"), root_certificates=[servers.ca_pem], proxy=servers.proxy_url)
    assert servers.proxy_requests() == [servers.tunnel_to("trusted")], "one connection for both calls"


def test_https_proxy_from_the_environment_is_used_for_https(
    servers: RealServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", servers.proxy_url)
    two_calls(servers.url("trusted"), root_certificates=[servers.ca_pem])
    assert servers.proxy_requests() == [servers.tunnel_to("trusted")]


def test_http_proxy_from_the_environment_is_used_for_plain_http(
    servers: RealServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", servers.proxy_url)
    two_calls(servers.plain_http_url, allow_insecure_http=True)
    requests = servers.proxy_requests()
    assert len(requests) == 2, requests
    assert requests[1].startswith("GET http://api.smtp.test/api/v1/smtp-domain-list?"), requests


def test_no_proxy_hosts_are_reached_directly(servers: RealServers, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", servers.proxy_url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    two_calls(servers.description["trusted"]["ip_url"], root_certificates=[servers.ca_pem])
    assert servers.proxy_requests() == []
    two_calls(servers.url("trusted"), root_certificates=[servers.ca_pem])
    assert servers.proxy_requests() == [servers.tunnel_to("trusted")], "the same server by name is not exempt"


def test_a_socks5h_proxy_from_all_proxy_carries_https_and_the_proxy_resolves_the_name(
    servers: RealServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALL_PROXY", servers.socks_proxy_url)
    two_calls(servers.url("trusted"), root_certificates=[servers.ca_pem])
    # One connection for both calls, to the name as given: socks5h leaves resolving to the proxy.
    assert servers.socks_connections() == [servers.authority_of("trusted")]
    assert servers.proxy_requests() == []


def test_the_proxy_option_speaks_socks5_with_the_name_resolved_here(servers: RealServers) -> None:
    socks5 = servers.socks_proxy_url.replace("socks5h://", "socks5://")
    two_calls(servers.url("trusted"), root_certificates=[servers.ca_pem], proxy=socks5)
    # socks5: the client resolves localhost itself and gives the proxy an address.
    port = servers.authority_of("trusted").rsplit(":", 1)[1]
    connections = servers.socks_connections()
    assert len(connections) == 1 and connections[0] in (f"127.0.0.1:{port}", f"::1:{port}", f"[::1]:{port}"), connections


def test_an_https_proxy_option_is_spoken_over_tls_and_tunnels_https(servers: RealServers) -> None:
    # The test CA signs the proxy's certificate as well as the server's.
    two_calls(servers.url("trusted"), root_certificates=[servers.ca_pem], proxy=servers.https_proxy_url)
    assert servers.https_proxy_requests() == [servers.tunnel_to("trusted")], "one connection for both calls"
    assert servers.proxy_requests() == []


def test_an_https_proxy_from_https_proxy_is_used_for_https(servers: RealServers, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", servers.https_proxy_url)
    two_calls(servers.url("trusted"), root_certificates=[servers.ca_pem])
    assert servers.https_proxy_requests() == [servers.tunnel_to("trusted")]


def test_an_https_proxy_carries_plain_http_inside_tls(servers: RealServers) -> None:
    two_calls(
        servers.plain_http_url, root_certificates=[servers.ca_pem], proxy=servers.https_proxy_url, allow_insecure_http=True
    )
    requests = servers.https_proxy_requests()
    assert len(requests) == 2, requests
    assert requests[0].startswith("POST http://api.smtp.test/api/smtp-token-generate "), requests


def test_an_https_proxy_whose_certificate_is_not_trusted_is_a_connection_error(servers: RealServers) -> None:
    client = smtpprovider.Client(
        token="1|not-used", user_id=1, base_url=servers.url("trusted"), proxy=servers.https_proxy_url, max_retries=0
    )
    with pytest.raises(APIConnectionError, match=UNKNOWN_ISSUER) as refused:
        client.domains.list()
    assert refused.value.kind == "Connection" and refused.value.status is None
    assert servers.https_proxy_requests() == [], "nothing reached the proxy's tinyproxy"


@pytest.mark.parametrize("scheme", ["socks4", "ftp"])
def test_a_proxy_option_the_client_cannot_speak_is_invalid_input_without_its_password(scheme: str) -> None:
    with pytest.raises(InvalidInputError, match="not one of http://, https://, socks5:// or socks5h://") as refused:
        smtpprovider.Client(base_url="https://smtp.example.net/api", proxy=f"{scheme}://user:hunter2@127.0.0.1:1080")
    assert f"{scheme}://127.0.0.1:1080" in str(refused.value)
    assert "hunter2" not in str(refused.value)
