"""Test helpers: the SMTPProvider API emulator, started in-process.

>>> from smtpprovider.testing import Sandbox
>>> with Sandbox() as sandbox:
...     client = sandbox.client()                 # logged in as the demo user
...     domain = client.domains.add("example.com")
...     sandbox.publish_dns(domain.host, domain.public_key)
...     assert client.domains.verify("example.com").verified
...     sandbox.outbox(kind="welcome")

The sandbox keeps state like the real API (users, domains, senders, templates, lists, campaigns)
and adds what tests need: an outbox of every message "sent", a DNS zone that domain verification
really queries, a clock to move (campaign delivery follows it), subscribers, rate limiting,
scripted faults (delays, 5xx, dropped connections, non-JSON bodies) and a request log.

``HostileServer`` plays the byte-level faults of a fault case file (the SDK's own matrix is
``tests/faults/cases.json``): bodies that drip or never end, chunks cut in half, resets,
bytes that are not UTF-8, refused connections.

>>> import smtpprovider
>>> from smtpprovider.testing import HostileServer
>>> with HostileServer(open("tests/faults/cases.json").read()) as server:
...     client = smtpprovider.Client(base_url=server.base_url("html_502", "get"), token="1|t", user_id=1)
...     # client.domains.list() raises ServerError (502) after 1 retry
...     server.stats("html_502", "get")["requests"]
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Dict

from ._errors import SandboxError

try:
    from ._native import HostileServer
    from ._native import Sandbox as _NativeSandbox
except ImportError as missing:  # pragma: no cover - only in a build without the `sandbox` feature
    raise ImportError("this build of smtpprovider has no embedded sandbox (cargo feature `sandbox`)") from missing

__all__ = ["HostileServer", "Sandbox", "SandboxError"]


class Sandbox(_NativeSandbox):
    """A running API emulator on loopback; stopped by ``stop()`` or at the end of ``with``."""

    def follow_verification_link(self, to: str) -> Dict[str, Any]:
        """Clicks the link of the last sender-verification message sent to ``to``, as the
        sender would: the sender becomes verified. Returns ``{"message", "sender"}``."""
        messages = self.outbox(to=to, kind="sender_verification")
        if not messages:
            raise SandboxError(f"no sender verification message to {to}", 404)
        link = messages[-1]["link"]
        try:
            with urllib.request.urlopen(link, timeout=10) as response:
                answer: Dict[str, Any] = json.load(response)
                return answer
        except urllib.error.HTTPError as refused:
            detail = json.loads(refused.read() or b"{}").get("message", str(refused))
            raise SandboxError(detail, refused.code) from None
