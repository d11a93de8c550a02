"""Where trust comes from besides the `root_certificates` option, against nginx with certificates
from a test CA (tests/servers): `SSL_CERT_FILE`, `SSL_CERT_DIR`, and the operating system's store
(the test CA installed by tests/servers/with-system-ca.sh in a child process's own mount
namespace, so the machine's store is never touched; needs root, as CI has). The same cases as the
Rust core's tests/trust_store.rs.

The core reads the variables when a client is built; `os.environ` writes through to the process's
environment, monkeypatch puts back what was there after each test, and the suite runs one test at
a time."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pytest

import smtpprovider
from smtpprovider import APIConnectionError
from real_servers import DEMO, PROXY_VARIABLES, UNKNOWN_ISSUER, RealServers

SYSTEM_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")


def client_for(url: str) -> smtpprovider.Client:
    """A client built now for `url`, given no extra root."""
    return smtpprovider.Client(token="1|not-used", user_id=1, base_url=url, max_retries=0)


def two_calls(url: str) -> None:
    """Logs in at `url` with a client built now, given no extra root, and lists the domains."""
    assert smtpprovider.Client.login(*DEMO, base_url=url).domains.list() == []


def assert_refused(client: smtpprovider.Client) -> None:
    """A call with `client` is refused: the server's CA is not trusted."""
    with pytest.raises(APIConnectionError, match=UNKNOWN_ISSUER) as refused:
        client.domains.list()
    assert refused.value.kind == "Connection" and refused.value.status is None


def test_ssl_cert_file_names_an_extra_root_read_when_a_client_is_built(
    servers: RealServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = client_for(servers.url("trusted"))
    assert_refused(before)
    monkeypatch.setenv("SSL_CERT_FILE", servers.ca_pem_path)
    two_calls(servers.url("trusted"))

    async def async_calls() -> None:
        client = await smtpprovider.AsyncClient.login(*DEMO, base_url=servers.url("trusted"))
        assert await client.domains.list() == []

    asyncio.run(async_calls())
    # The client built before the variable was set keeps the trust it was built with.
    assert_refused(before)
    assert servers.failed_handshakes("trusted") == 2, "only the calls of the client built before"


def test_ssl_cert_dir_names_a_directory_of_extra_roots(servers: RealServers, monkeypatch: pytest.MonkeyPatch) -> None:
    names = os.listdir(servers.ca_dir)
    assert names and all(re.fullmatch(r"[0-9a-f]{8}\.0", name) for name in names), "OpenSSL's hashed layout"
    assert_refused(client_for(servers.url("trusted")))
    monkeypatch.setenv("SSL_CERT_DIR", servers.ca_dir)
    two_calls(servers.url("trusted"))
    # A certificate from another CA is still refused.
    assert_refused(client_for(servers.url("untrusted")))


#: The child's script: logs in at argv[1] with no extra root, lists the domains and prints the
#: outcome as one JSON line.
CHILD = """
import json, sys
import smtpprovider
try:
    client = smtpprovider.Client.login("demo@example.com", "demo-password", base_url=sys.argv[1], max_retries=0)
    print(json.dumps({"domains": len(client.domains.list())}))
except smtpprovider.SmtpProviderError as error:
    print(json.dumps({"kind": error.kind, "message": str(error)}))
"""


def child_call(servers: RealServers, url: str, wrapper: Optional[str]) -> dict[str, Any]:
    """This Python running CHILD (through `wrapper`, given the test CA, if any) with no SSL_* or
    proxy variable; what it printed."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("SSL_") and name not in PROXY_VARIABLES}
    command = [sys.executable, "-c", CHILD, url]
    if wrapper is not None:
        command = [wrapper, servers.ca_pem_path, *command]
    # From the tests directory, like pytest, so that `import smtpprovider` is the installed package.
    done = subprocess.run(command, env=env, cwd=Path(__file__).parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done
    outcome: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return outcome


def test_the_operating_systems_store_is_trusted_with_no_root_given_and_left_unchanged(servers: RealServers) -> None:
    before = hashlib.sha256(SYSTEM_BUNDLE.read_bytes()).hexdigest()
    with_the_ca_installed = child_call(servers, servers.url("trusted"), servers.with_system_ca)
    assert with_the_ca_installed == {"domains": 0}
    without = child_call(servers, servers.url("trusted"), None)
    assert without.get("kind") == "Connection" and UNKNOWN_ISSUER in without.get("message", ""), without
    assert hashlib.sha256(SYSTEM_BUNDLE.read_bytes()).hexdigest() == before, f"{SYSTEM_BUNDLE} changed"
    # ...and the process running the tests does not trust the test CA either.
    assert_refused(client_for(servers.url("trusted")))
