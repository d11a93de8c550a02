"""The `smtpprovider` Python package against the usual and the fastest Python HTTP clients doing
the same GET: httpx, requests, aiohttp, pyreqwest, and pycurl with orjson (dicts) or msgspec
(typed Structs).

One in-process sandbox serves every client in the same run, answering
`GET /api/v1/smtp-domain-list` with a fixed body (a scripted `status` fault, so the server does
the same small amount of work for everyone): a tiny envelope with one domain, or 10,000 domains.
The plain HTTP clients do what a hand-written client minimally does: send the same headers, read
the body, parse the JSON, check `success` and take `data.domains` (a list of dicts, or of msgspec
Structs). The SDK also checks the envelope, decodes leniently into typed models and keeps unknown
fields.

    bench/python/run.sh            # builds the release wheel, installs everything, runs this

`--worker` serves bench/ab/compare.py's measurements instead (see `worker`), which compares two
builds, each installed in a venv of its own.

Targets: blocking >= 3x httpx and >= 0.95x pycurl + orjson; asyncio >= 4x aiohttp at 64 requests
in flight; import <= 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import resource
import statistics
import subprocess
import sys
import time
from io import BytesIO
from typing import Any, AsyncIterator, Awaitable, Callable, Dict, List, Optional, Tuple

import aiohttp
import httpx
import msgspec
import orjson
import pycurl
import pyreqwest
import requests
from pyreqwest.client import ClientBuilder, SyncClientBuilder

import smtpprovider
from smtpprovider.testing import Sandbox

LIST = "/v1/smtp-domain-list"
IN_FLIGHT = 64


def domain_json(number: int) -> Dict[str, Any]:
    """One domain as the API returns it (the Rust benchmarks' `domain_json`)."""
    return {
        "id": number,
        "domain_name": f"domain-{number}.example.com",
        "host": f"smtp._domainkey.domain-{number}.example.com",
        "selector": "smtp",
        "public_key": "v=DKIM1; h=sha256; k=rsa; p=" + "A" * 392,
        "status": "verified" if number % 2 == 0 else "pending",
        "verified_at": "2026-05-06 18:00:00" if number % 2 == 0 else None,
        "created_at": "2026-05-01 09:30:00",
        "updated_at": "2026-05-06 18:00:00",
    }


def envelope(count: int) -> str:
    return json.dumps({"success": True, "data": {"domains": [domain_json(n) for n in range(1, count + 1)]}})


class DomainStruct(msgspec.Struct):
    """A domain as a typed msgspec Struct: the fastest typed decoding a hand-written client gets."""

    id: int
    domain_name: str
    host: Optional[str] = None
    selector: Optional[str] = None
    public_key: Optional[str] = None
    status: Optional[str] = None
    verified_at: Optional[str] = None
    created_at: Optional[str] = None
    updated_at: Optional[str] = None


class DomainListData(msgspec.Struct):
    domains: List[DomainStruct]


class DomainListEnvelope(msgspec.Struct):
    success: bool
    data: DomainListData


def unwrap(body: Any, count: int) -> List[Dict[str, Any]]:
    """What a hand-written client does with the answer: check it, take the list."""
    if not body.get("success"):
        raise RuntimeError("the API said no")
    domains: List[Dict[str, Any]] = body["data"]["domains"]
    if len(domains) != count:
        raise RuntimeError(f"expected {count} domains, got {len(domains)}")
    return domains


class Target:
    """The sandbox and everything each client needs to call it."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.client = sandbox.client(max_retries=0)
        self.url = sandbox.base_url + LIST
        self.params = {"user_id": str(self.client.user_id)}
        self.headers = {"Accept": "application/json", "Authorization": f"Bearer {self.client.token}"}

    def curl(self) -> "pycurl.Curl":
        """One reused libcurl handle (keep-alive), set up for the list call."""
        query = "&".join(f"{key}={value}" for key, value in self.params.items())
        curl = pycurl.Curl()
        curl.setopt(pycurl.URL, f"{self.url}?{query}")
        curl.setopt(pycurl.HTTPHEADER, [f"{key}: {value}" for key, value in self.headers.items()])
        return curl

    def serve(self, count: int) -> None:
        """From now on, every list request answers `count` domains."""
        self.sandbox.clear_faults()
        self.sandbox.add_fault(LIST, "status", status=200, body=envelope(count), times=4_000_000_000)


def settle(sandbox: Sandbox, limit: float = 60.0) -> None:
    """Waits until the process is idle: a starting sandbox fills its pool of 2048-bit DKIM keys on
    a background thread, seconds of CPU that would otherwise land on the first measurements."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        used = time.process_time()
        time.sleep(0.5)
        if time.process_time() - used < 0.05:
            return


def rate(run: Callable[[], None], seconds: float) -> float:
    """Calls per second of `run`, called repeatedly for about `seconds`."""
    done, started = 0, time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        run()
        done += 1
    return done / (time.perf_counter() - started)


async def async_count(run: Callable[[], Awaitable[None]], seconds: float, in_flight: int) -> Tuple[int, float]:
    """Calls made and seconds taken by `in_flight` loops each awaiting `run` for about `seconds`."""
    done = 0
    started = time.perf_counter()
    deadline = started + seconds

    async def loop() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await run()
            done += 1

    await asyncio.gather(*(loop() for _ in range(in_flight)))
    return done, time.perf_counter() - started


async def async_rate(run: Callable[[], Awaitable[None]], seconds: float, in_flight: int) -> float:
    """Calls per second with `in_flight` loops each awaiting `run` for about `seconds`."""
    done, elapsed = await async_count(run, seconds, in_flight)
    return done / elapsed


def best_of(rounds: int, measure: Callable[[], float]) -> float:
    return max(measure() for _ in range(rounds))


def blocking(target: Target, count: int, seconds: float, rounds: int) -> Dict[str, float]:
    client = target.client
    hx = httpx.Client()
    session = requests.Session()
    rq = SyncClientBuilder().default_headers(target.headers).build()
    curl = target.curl()
    typed = msgspec.json.Decoder(DomainListEnvelope)

    def sdk() -> None:
        if len(client.domains.list()) != count:
            raise RuntimeError("short list")

    def curl_body() -> bytes:
        buffer = BytesIO()
        curl.setopt(pycurl.WRITEDATA, buffer)
        curl.perform()
        if curl.getinfo(pycurl.RESPONSE_CODE) != 200:
            raise RuntimeError(f"status {curl.getinfo(pycurl.RESPONSE_CODE)}")
        return buffer.getvalue()

    def with_pycurl_orjson() -> None:
        unwrap(orjson.loads(curl_body()), count)

    def with_pycurl_msgspec() -> None:
        envelope = typed.decode(curl_body())
        if not envelope.success or len(envelope.data.domains) != count:
            raise RuntimeError("the API said no, or a short list")

    def with_pyreqwest() -> None:
        response = rq.get(target.url).query(target.params).build().send()
        response.error_for_status()
        unwrap(response.json(), count)

    def with_httpx() -> None:
        unwrap(hx.get(target.url, params=target.params, headers=target.headers).raise_for_status().json(), count)

    def with_requests() -> None:
        response = session.get(target.url, params=target.params, headers=target.headers)
        response.raise_for_status()
        unwrap(response.json(), count)

    runs = {
        "smtpprovider.Client": sdk,
        "pycurl + orjson": with_pycurl_orjson,
        "pycurl + msgspec Structs": with_pycurl_msgspec,
        "pyreqwest.SyncClient": with_pyreqwest,
        "httpx.Client": with_httpx,
        "requests.Session": with_requests,
    }
    for run in runs.values():  # warm up: connections, caches
        for _ in range(3):
            run()
    results = {name: 0.0 for name in runs}
    for _ in range(rounds):  # alternate, so that noise on the shared machine hits everyone
        for name, run in runs.items():
            results[name] = max(results[name], rate(run, seconds))
    hx.close()
    session.close()
    rq.close()
    curl.close()
    return results


@contextlib.asynccontextmanager
async def async_contenders(
    target: Target, count: int, in_flight: int
) -> AsyncIterator[Dict[str, Callable[[], Awaitable[None]]]]:
    """The asyncio clients, each as one call of the list that checks it got `count` domains."""
    client = target.sandbox.async_client(max_retries=0)
    connector = aiohttp.TCPConnector(limit=in_flight)
    rq = ClientBuilder().default_headers(target.headers).max_connections(in_flight).build()
    async with aiohttp.ClientSession(connector=connector) as session, httpx.AsyncClient(
        limits=httpx.Limits(max_connections=in_flight)
    ) as hx, rq:

        async def sdk() -> None:
            if len(await client.domains.list()) != count:
                raise RuntimeError("short list")

        async def with_aiohttp() -> None:
            async with session.get(target.url, params=target.params, headers=target.headers) as response:
                response.raise_for_status()
                unwrap(await response.json(), count)

        async def with_pyreqwest() -> None:
            response = await rq.get(target.url).query(target.params).build().send()
            response.error_for_status()
            unwrap(await response.json(), count)

        async def with_httpx() -> None:
            response = await hx.get(target.url, params=target.params, headers=target.headers)
            unwrap(response.raise_for_status().json(), count)

        yield {
            "smtpprovider.AsyncClient": sdk,
            "aiohttp": with_aiohttp,
            "pyreqwest.Client": with_pyreqwest,
            "httpx.AsyncClient": with_httpx,
        }


def asyncio_clients(target: Target, count: int, seconds: float, rounds: int, in_flight: int) -> Dict[str, float]:
    async def main() -> Dict[str, float]:
        async with async_contenders(target, count, in_flight) as runs:
            for run in runs.values():
                await asyncio.gather(*(run() for _ in range(in_flight)))
            results = {name: 0.0 for name in runs}
            for _ in range(rounds):
                for name, run in runs.items():
                    results[name] = max(results[name], await async_rate(run, seconds, in_flight))
            return results

    return asyncio.run(main())


def worker() -> int:
    """The Python side of `bench/ab/compare.py`, which compares two builds of the package round by
    round: one process per build (each its own venv), each with its own sandbox serving the tiny
    envelope. Prints `{"ready": true, ...}` once the sandbox has settled, then answers each line
    `{"contender": "sdk" | "peer", "in_flight": N, "seconds": S}` on stdin with one line
    `{"calls", "seconds", "cpu_seconds", "sleeps"}`: the async client (`sdk`) or pyreqwest's
    (`peer`) with N calls in flight, after a warm-up; CPU time and voluntary context switches of
    the whole process (`getrusage`), the in-process sandbox's included."""
    names = {"sdk": "smtpprovider.AsyncClient", "peer": "pyreqwest.Client"}
    with Sandbox(rate_limit=0) as sandbox:
        settle(sandbox)
        target = Target(sandbox)
        target.serve(1)

        async def serve() -> None:
            async with async_contenders(target, 1, IN_FLIGHT) as runs:
                versions = {"smtpprovider": smtpprovider.__version__, "python": sys.version.split()[0],
                            "pyreqwest": pyreqwest.__version__}
                print(json.dumps({"ready": True, "language": "python", "versions": versions}), flush=True)
                while line := sys.stdin.readline():
                    command = json.loads(line)
                    run, in_flight = runs[names[command["contender"]]], int(command["in_flight"])
                    await asyncio.gather(*(run() for _ in range(in_flight)))  # warm up: connections
                    before = resource.getrusage(resource.RUSAGE_SELF)
                    done, elapsed = await async_count(run, float(command["seconds"]), in_flight)
                    after = resource.getrusage(resource.RUSAGE_SELF)
                    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
                    print(json.dumps({"calls": done, "seconds": elapsed, "cpu_seconds": cpu,
                                      "sleeps": after.ru_nvcsw - before.ru_nvcsw}), flush=True)

        asyncio.run(serve())
    return 0


def import_ms(samples: int) -> float:
    """Median time of `import smtpprovider` in a fresh interpreter, in milliseconds, as
    `python -X importtime` measures it (the package and everything it imports)."""

    def run() -> float:
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import smtpprovider"], check=True, capture_output=True, text=True
        )
        # Lines are "import time: self [us] | cumulative | name"; the package's own line is last.
        for line in result.stderr.splitlines():
            fields = [field.strip() for field in line.split("|")]
            if len(fields) == 3 and fields[2] == "smtpprovider":
                return int(fields[1]) / 1000
        raise RuntimeError(f"no import time for smtpprovider in:\n{result.stderr}")

    return statistics.median(run() for _ in range(samples))


def table(title: str, results: Dict[str, float], reference: str, unit: str = "calls/s") -> None:
    print(f"\n{title}")
    ours = results[reference]
    for name, value in results.items():
        ratio = "" if name == reference else f"   smtpprovider is {ours / value:.2f}x"
        print(f"  {name:<26} {value:>10.1f} {unit}{ratio}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one measurement round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per client (the best counts)")
    parser.add_argument("--worker", action="store_true",
                        help="serve bench/ab/compare.py's measurements on stdin/stdout instead")
    args = parser.parse_args()
    if args.worker:
        return worker()
    print(f"smtpprovider {smtpprovider.__version__}, Python {sys.version.split()[0]}, "
          f"httpx {httpx.__version__}, requests {requests.__version__}, aiohttp {aiohttp.__version__}, "
          f"pyreqwest {pyreqwest.__version__}, {pycurl.version.split()[0]} ({pycurl.version.split()[1]}), "
          f"orjson {orjson.__version__}, msgspec {msgspec.__version__}")

    verdicts = []
    with Sandbox(rate_limit=0) as sandbox:
        settle(sandbox)
        target = Target(sandbox)

        target.serve(1)
        tiny = blocking(target, 1, args.seconds, args.rounds)
        table("Blocking, tiny envelope (1 domain), one thread", tiny, "smtpprovider.Client")
        verdicts.append(("blocking >= 3x httpx", tiny["smtpprovider.Client"] / tiny["httpx.Client"], 3.0))
        verdicts.append(("blocking >= 0.95x pycurl + orjson",
                         tiny["smtpprovider.Client"] / tiny["pycurl + orjson"], 0.95))

        tiny_async = asyncio_clients(target, 1, args.seconds, args.rounds, IN_FLIGHT)
        table(f"asyncio, tiny envelope, {IN_FLIGHT} in flight", tiny_async, "smtpprovider.AsyncClient")
        verdicts.append((f"asyncio >= 4x aiohttp at {IN_FLIGHT} in flight",
                         tiny_async["smtpprovider.AsyncClient"] / tiny_async["aiohttp"], 4.0))

        target.serve(10_000)
        large = blocking(target, 10_000, args.seconds, args.rounds)
        table("Blocking, 10,000 domains (~6 MB), one thread", large, "smtpprovider.Client")
        verdicts.append(("blocking 10,000 domains >= 0.95x pycurl + msgspec Structs",
                         large["smtpprovider.Client"] / large["pycurl + msgspec Structs"], 0.95))
        large_async = asyncio_clients(target, 10_000, args.seconds, args.rounds, 8)
        table("asyncio, 10,000 domains, 8 in flight", large_async, "smtpprovider.AsyncClient")

    imported = import_ms(15)
    print(f"\nimport smtpprovider: {imported:.1f} ms (python -X importtime, median of 15 fresh interpreters)")
    verdicts.append(("import <= 20 ms", imported, 20.0))

    print("\nTargets:")
    for name, value, bound in verdicts:
        met = value <= bound if name.startswith("import") else value >= bound
        shown = f"{value:.1f} ms" if name.startswith("import") else f"{value:.2f}x"
        print(f"  {'met    ' if met else 'MISSED '} {name}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
