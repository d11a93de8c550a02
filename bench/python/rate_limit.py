"""A bulk job at the rate limit (issue 26): N calls from W worker threads against a sandbox that
allows L calls per window, three ways in one run — the SDK pacing itself (its default), the SDK
unpaced (sending until refused, then retrying after each 429's Retry-After, as before pacing), and
httpx in the loop its users write (retry after a 429's Retry-After). Each way gets a fresh sandbox
and token, so each starts on a fresh window.

Reported per way: the total time against the floor (N calls at L per window take at least
⌊(N−1)/L⌋ windows), the 429s the sandbox answered (its request log), and the calls that failed.

    python rate_limit.py [--calls 250] [--workers 8] [--limit 100] [--window 5]
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import httpx

import smtpprovider
from smtpprovider.testing import Sandbox


def sdk_call(sandbox: Sandbox, window: float, pace: bool) -> Callable[[], None]:
    client = sandbox.client(pace_requests=pace, rate_limit_window=window, max_retries=10, deadline=600.0)

    def call() -> None:
        client.domains.list()

    return call


def httpx_call(sandbox: Sandbox) -> Callable[[], None]:
    """The loop an httpx user writes: send; on a 429 sleep its Retry-After and send again."""
    # The session from the SDK's login (the token endpoint is not what is measured).
    session = sandbox.client()
    headers = {"Authorization": f"Bearer {session.token}", "Accept": "application/json"}
    client = httpx.Client(headers=headers)
    url = f"{sandbox.base_url}/v1/smtp-domain-list"
    params = {"user_id": session.user_id}

    def call() -> None:
        for _ in range(10):
            response = client.get(url, params=params)
            if response.status_code == 429:
                time.sleep(float(response.headers.get("Retry-After", "1")))
                continue
            response.raise_for_status()
            body = response.json()
            if not body.get("success", True):
                raise RuntimeError(body)
            return
        raise RuntimeError("still rate limited after 10 tries")

    return call


def run(name: str, make: Callable[[Sandbox], Callable[[], None]], args: argparse.Namespace) -> dict[str, object]:
    with Sandbox(rate_limit=args.limit, rate_limit_window=args.window) as sandbox:
        call = make(sandbox)
        sandbox.clear_requests()
        failed = 0

        def one(_: int) -> bool:
            try:
                call()
                return True
            except Exception:  # noqa: BLE001 - a failed call is what is counted
                return False

        started = time.monotonic()
        with ThreadPoolExecutor(args.workers) as pool:
            failed = sum(not ok for ok in pool.map(one, range(args.calls)))
        elapsed = time.monotonic() - started
        statuses = [r["status"] for r in sandbox.requests() if not r["path"].endswith("/smtp-token-generate")]
    floor = args.window * ((args.calls - 1) // args.limit)
    return {
        "way": name,
        "seconds": elapsed,
        "floor": floor,
        "ratio": elapsed / floor if floor else float("nan"),
        "requests": len(statuses),
        "429s": statuses.count(429),
        "failed": failed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=250)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--limit", type=int, default=100, help="calls allowed per window")
    parser.add_argument("--window", type=float, default=5.0, help="the window, in seconds (the API's is 60)")
    args = parser.parse_args()
    print(
        f"smtpprovider {smtpprovider.__version__}, httpx {httpx.__version__}: {args.calls} calls of domains.list "
        f"from {args.workers} threads, {args.limit} allowed per {args.window:g} s window"
    )
    ways = [
        ("SDK, paced (default)", lambda s: sdk_call(s, args.window, True)),
        ("SDK, unpaced (retry after 429)", lambda s: sdk_call(s, args.window, False)),
        ("httpx, retry after 429", httpx_call),
    ]
    print("| way | seconds | floor | ×floor | requests | 429s | failed |")
    print("|---|---|---|---|---|---|---|")
    for name, make in ways:
        row = run(name, make, args)
        print(
            f"| {row['way']} | {row['seconds']:.2f} | {row['floor']:.1f} | {row['ratio']:.3f} | "
            f"{row['requests']} | {row['429s']} | {row['failed']} |"
        )


if __name__ == "__main__":
    main()
