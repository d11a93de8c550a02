"""The TLS and proxy test servers (tests/servers in the repository): nginx serving a sandbox with
certificates from a test CA, tinyproxy, an HTTPS proxy (TLS in front of another tinyproxy) and
microsocks, run from the `smtpprovider-test-servers` binary that every language's suite shares.
scripts/test.sh builds it and names it in SMTPPROVIDER_TEST_SERVERS."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

BINARY_VARIABLE = "SMTPPROVIDER_TEST_SERVERS"
REPO = Path(__file__).resolve().parents[2]
# What nginx logs per handshake the client refused; what precedes tinyproxy's request lines
# (`Request (file descriptor 5): CONNECT ...`); what precedes microsocks' destinations
# (`client[5] 127.0.0.1: connected to localhost:PORT`). As tests/servers/src/lib.rs reads them.
HANDSHAKE_FAILED = "SSL_do_handshake() failed"
REQUEST_MARK = "Request (file descriptor "
CONNECTED_MARK = ": connected to "
# Every variable the core reads for proxies (either case, as curl reads them) and for trust.
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy")
TRUST_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")
# The sandbox's demo user, and what a call to a server whose CA is not trusted says.
DEMO = ("demo@example.com", "demo-password")
UNKNOWN_ISSUER = "is not signed by a trusted certificate authority"


def binary() -> Path:
    """The binary: SMTPPROVIDER_TEST_SERVERS, else the Cargo target directory's debug build."""
    named = os.environ.get(BINARY_VARIABLE)
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    path = Path(named) if named else target / "debug" / "smtpprovider-test-servers"
    if not path.is_file():
        raise RuntimeError(
            f"{path} does not exist: build it with `cargo build -p smtpprovider-test-servers` "
            f"(bindings-python/scripts/test.sh does) or set {BINARY_VARIABLE}"
        )
    return path


class RealServers:
    """A running set of servers; `description` is the JSON the binary printed."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [str(binary())], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            self._process.wait(timeout=30)
            assert self._process.stderr is not None
            raise RuntimeError(f"the test servers did not start: {self._process.stderr.read().strip()}")
        self.description: dict[str, Any] = json.loads(line)

    def url(self, server: str) -> str:
        return str(self.description[server]["url"])

    @property
    def ca_pem(self) -> str:
        return Path(self.description["ca_pem"]).read_text()

    @property
    def ca_pem_path(self) -> str:
        """The test CA's PEM file, for SSL_CERT_FILE."""
        return str(self.description["ca_pem"])

    @property
    def ca_dir(self) -> str:
        """A directory holding only the test CA as `<subject hash>.0`, for SSL_CERT_DIR."""
        return str(self.description["ca_dir"])

    @property
    def with_system_ca(self) -> str:
        """`with-system-ca.sh CA_PEM COMMAND [ARGS...]`: COMMAND with the test CA in the system's
        trust store, in its own mount namespace only (needs root)."""
        return str(self.description["with_system_ca"])

    @property
    def proxy_url(self) -> str:
        return str(self.description["proxy"]["url"])

    @property
    def plain_http_url(self) -> str:
        return str(self.description["proxy"]["plain_http_url"])

    @property
    def https_proxy_url(self) -> str:
        """`https://localhost:PORT`: TLS to the proxy (a certificate from the test CA), then a
        tinyproxy of its own."""
        return str(self.description["https_proxy"]["url"])

    @property
    def socks_proxy_url(self) -> str:
        """`socks5h://127.0.0.1:PORT` (microsocks, without credentials)."""
        return str(self.description["socks_proxy"]["url"])

    def proxy_requests(self) -> list[str]:
        """The request lines tinyproxy relayed so far (`CONNECT localhost:PORT HTTP/1.1`, ...)."""
        return _requests_in(self.description["proxy"]["log"])

    def https_proxy_requests(self) -> list[str]:
        """The request lines the HTTPS proxy's tinyproxy relayed so far."""
        return _requests_in(self.description["https_proxy"]["log"])

    def socks_connections(self) -> list[str]:
        """The destinations microsocks connected to so far, as the clients named them
        (`localhost:PORT`, `127.0.0.1:PORT`); it logs each before it answers the client."""
        log = _read(self.description["socks_proxy"]["log"])
        return [line.split(CONNECTED_MARK, 1)[1].strip() for line in log.splitlines() if CONNECTED_MARK in line]

    def authority_of(self, server: str, which: str = "url") -> str:
        """`localhost:PORT` of `server` (`url`; `ip_url` for `127.0.0.1:PORT`)."""
        return str(self.description[server][which]).removeprefix("https://").removesuffix("/api")

    def tunnel_to(self, server: str) -> str:
        """The request line of the proxy's tunnel to `server`."""
        return f"CONNECT {self.authority_of(server)} HTTP/1.1"

    def failed_handshakes(self, server: str) -> int:
        """TLS handshakes `server` saw refused, once nginx's log has settled (it logs a refusal a
        moment after the client gave up)."""

        def count() -> int:
            return _read(self.description[server]["error_log"]).count(HANDSHAKE_FAILED)

        seen, deadline = count(), time.monotonic() + 2.0
        while time.monotonic() < deadline:
            time.sleep(0.15)
            now = count()
            if now == seen and now > 0:
                break
            seen = now
        return seen

    def stop(self) -> None:
        """Closing stdin stops every server (the binary's contract)."""
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait(timeout=30)


def _requests_in(log: str) -> list[str]:
    """The request lines in a tinyproxy log."""
    return [
        line.split(REQUEST_MARK, 1)[1].split("): ", 1)[1].strip() for line in _read(log).splitlines() if REQUEST_MARK in line
    ]


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except FileNotFoundError:
        return ""
