"""domains.wait_verified: the core's polling helper, through both clients."""

from __future__ import annotations

import _thread
import asyncio
import threading
import time

import pytest

import smtpprovider
from smtpprovider.testing import Sandbox


def add_domain(sandbox: Sandbox, client: smtpprovider.Client, publish: bool) -> str:
    domain = client.domains.add("example.com")
    if publish:
        sandbox.publish_dns(domain.host or "", domain.public_key or "")
    return domain.domain_name


def verify_requests(sandbox: Sandbox) -> int:
    return len(sandbox.requests("/v1/smtp-domain-verify"))


def test_a_published_record_is_verified_at_the_first_poll(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    name = add_domain(sandbox, client, publish=True)
    answer = client.domains.wait_verified(name, timeout=5.0, interval=0.05)
    assert isinstance(answer, smtpprovider.DomainVerification)
    assert answer.verified is True
    assert verify_requests(sandbox) == 1


def test_nothing_published_times_out_after_polling(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    name = add_domain(sandbox, client, publish=False)
    started = time.monotonic()
    with pytest.raises(smtpprovider.APITimeoutError) as timed_out:
        client.domains.wait_verified(name, timeout=0.3, interval=0.05)
    assert time.monotonic() - started < 3.0
    assert timed_out.value.kind == "Timeout"
    assert timed_out.value.endpoint == "domains.wait_verified"
    # It polled again before giving up, not just once.
    assert verify_requests(sandbox) >= 2


def test_the_async_client_awaits_the_same_answers(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    verified_name = add_domain(sandbox, client, publish=True)
    client.domains.add("unpublished.example.com")

    async def main() -> None:
        aclient = sandbox.async_client(max_retries=0)
        pending = aclient.domains.wait_verified(verified_name, 5.0, 0.05)
        assert not isinstance(pending, smtpprovider.DomainVerification)  # an awaitable, not the answer
        answer = await pending
        assert answer.verified is True
        with pytest.raises(smtpprovider.APITimeoutError):
            await aclient.domains.wait_verified("unpublished.example.com", timeout=0.2, interval=0.05)

    asyncio.run(main())


@pytest.mark.parametrize("timeout, interval", [(-1.0, 1.0), (float("nan"), 1.0), (1.0, 0.0), (1.0, float("inf"))])
def test_bad_durations_are_invalid_input_and_send_nothing(
    sandbox: Sandbox, client: smtpprovider.Client, timeout: float, interval: float
) -> None:
    with pytest.raises(smtpprovider.InvalidInputError, match="domains.wait_verified"):
        client.domains.wait_verified("example.com", timeout=timeout, interval=interval)
    assert verify_requests(sandbox) == 0


def test_ctrl_c_interrupts_a_blocking_wait(sandbox: Sandbox, client: smtpprovider.Client) -> None:
    name = add_domain(sandbox, client, publish=False)
    # As if Ctrl-C were pressed a moment into a wait that would otherwise last 30 s.
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            client.domains.wait_verified(name, timeout=30.0, interval=0.05)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 5.0
    # The polling stopped with the interrupt.
    polls = verify_requests(sandbox)
    time.sleep(0.3)
    assert verify_requests(sandbox) == polls
