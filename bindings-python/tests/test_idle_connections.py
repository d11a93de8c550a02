"""A blocking client whose pooled connection the server closed while it sat idle (a keep-alive
timeout) opens a new one instead of failing the next call on the dead one."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List

import pytest

import smtpprovider

IDLE_TIMEOUT = 0.2


class KeepAliveHandler(BaseHTTPRequestHandler):
    """Answers every GET with an empty domain list and keeps the connection open, closing it
    after `IDLE_TIMEOUT` seconds without a request (as nginx or hyper servers do, later)."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    connections: List[int] = []

    def setup(self) -> None:
        super().setup()
        self.connections.append(1)

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        body = json.dumps({"success": True, "data": {"domains": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    KeepAliveHandler.connections = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), KeepAliveHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_a_connection_the_server_closed_while_idle_is_not_reused(server: ThreadingHTTPServer) -> None:
    base_url = f"http://127.0.0.1:{server.server_address[1]}/api"
    client = smtpprovider.Client(base_url=base_url, token="token", user_id=1, max_retries=0)
    assert client.domains.list() == [] and client.domains.list() == []
    assert len(KeepAliveHandler.connections) == 1, "the second call did not reuse the connection"
    time.sleep(IDLE_TIMEOUT * 3)  # the server closes the idle connection meanwhile
    assert client.domains.list() == []  # without retries: a call on the dead connection would fail
    assert len(KeepAliveHandler.connections) == 2
