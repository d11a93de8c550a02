"""A runner for the shared scenarios (``tests/scenarios/*.json``, format in their README).

Calls go through the package's public API: ``client.<resource>.<call>(**args)`` on a ``Client``
or an ``AsyncClient``, results compared in the API's JSON shape (``to_dict()``). Sandbox actions
are requests to the sandbox's ``/_sandbox/...`` routes, as the format defines them.

Python's own "no such call" errors map onto the ``InvalidInput`` kind: an unknown call is an
``AttributeError`` and an argument name the call does not take is a ``TypeError``; both are
rejected before anything is sent, which is what ``InvalidInput`` means in every language.
"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Union

import smtpprovider
from smtpprovider.testing import Sandbox

SCENARIOS = Path(__file__).resolve().parents[2] / "tests" / "scenarios"

#: ``sandbox`` actions: (HTTP method, route) — `follow_verification_link` is special-cased.
SANDBOX_ACTIONS = {
    "create_user": ("POST", "/_sandbox/users"),
    "set_rate_limit": ("POST", "/_sandbox/config"),
    "publish_dns": ("POST", "/_sandbox/dns"),
    "remove_dns": ("DELETE", "/_sandbox/dns"),
    "add_subscribers": ("POST", "/_sandbox/subscribers"),
    "advance_clock": ("POST", "/_sandbox/clock"),
    "set_clock": ("POST", "/_sandbox/clock"),
    "inject_fault": ("POST", "/_sandbox/faults"),
    "outbox": ("GET", "/_sandbox/outbox"),
}

STEP_KEYS = {"call", "sandbox", "client", "args", "note", "expect", "expect_error", "save"}
FILE_KEYS = {"name", "description", "client", "steps"}
WHOLE_VARIABLE = re.compile(r"^\$\{([^}]+)\}$")
VARIABLE = re.compile(r"\$\{([^}]+)\}")

AnyClient = Union[smtpprovider.Client, smtpprovider.AsyncClient]


class ScenarioFailure(AssertionError):
    """A step did not go as written."""


class CallError(Exception):
    """An error a call raised, as the format sees it: a kind, a status and a message."""

    def __init__(self, kind: str, status: Optional[int], message: str) -> None:
        super().__init__(message)
        self.kind, self.status, self.message = kind, status, message


class Runner:
    """Runs one scenario file on a fresh sandbox, with blocking or asyncio clients."""

    def __init__(self, path: Path, asyncio_client: bool) -> None:
        self.scenario = json.loads(path.read_text())
        self.asyncio_client = asyncio_client
        self.variables: Dict[str, Any] = {}
        self.options: Dict[str, Any] = {}
        self.loop = asyncio.new_event_loop() if asyncio_client else None

    # -- plumbing ------------------------------------------------------------------------

    def observe(self, call: str, outcome: Any) -> None:
        """Sees each call's raw outcome before it is compared: the client a login made, a typed
        result, or the error raised. Nothing by default; the secrets test keeps their texts."""

    def invoke(self, call: Callable[[], Any]) -> Any:
        """Makes a call; for the asyncio client, inside a coroutine on the runner's loop (an
        awaitable belongs to the loop running when it is made) and awaited."""
        if self.loop is None:
            return call()

        async def awaiting() -> Any:
            return await call()

        return self.loop.run_until_complete(awaiting())

    def client_options(self) -> Dict[str, Any]:
        options: Dict[str, Any] = {}
        if "timeout_ms" in self.options:
            options["timeout"] = self.options["timeout_ms"] / 1000
        if "max_retries" in self.options:
            options["max_retries"] = self.options["max_retries"]
        if "pace_requests" in self.options:
            options["pace_requests"] = self.options["pace_requests"]
        return options

    def make_client(self, token: Optional[str], user_id: Optional[int]) -> AnyClient:
        cls = smtpprovider.AsyncClient if self.asyncio_client else smtpprovider.Client
        return cls(token=token, user_id=user_id, base_url=self.sandbox.base_url, **self.client_options())

    # -- interpolation and matching ------------------------------------------------------

    def lookup(self, path: str) -> Any:
        name, *keys = path.split(".")
        if name not in self.variables:
            raise ScenarioFailure(f"unknown variable {name!r}")
        value = self.variables[name]
        for key in keys:
            if isinstance(value, list) and key.isdigit() and int(key) < len(value):
                value = value[int(key)]
            elif isinstance(value, dict) and key in value:
                value = value[key]
            else:
                raise ScenarioFailure(f"no {key!r} in ${{{path}}}")
        return value

    def interpolate(self, value: Any) -> Any:
        if isinstance(value, str):
            whole = WHOLE_VARIABLE.match(value)
            if whole:
                return self.lookup(whole.group(1))
            return VARIABLE.sub(lambda m: as_text(self.lookup(m.group(1))), value)
        if isinstance(value, list):
            return [self.interpolate(item) for item in value]
        if isinstance(value, dict):
            return {key: self.interpolate(item) for key, item in value.items()}
        return value

    # -- steps ---------------------------------------------------------------------------

    def call(self, call: str, args: Dict[str, Any]) -> Any:
        if call == "client.login":
            try:
                cls = smtpprovider.AsyncClient if self.asyncio_client else smtpprovider.Client
                self.client = self.invoke(lambda: cls.login(**args, base_url=self.sandbox.base_url, **self.client_options()))
            except smtpprovider.SmtpProviderError as error:
                self.observe(call, error)
                raise CallError(error.kind, error.status, str(error)) from error
            self.observe(call, self.client)
            user = self.client.user
            return {"token": self.client.token, "user": user.to_dict() if user else None}
        resource, _, name = call.partition(".")
        try:
            method: Callable[..., Any] = getattr(getattr(self.client, resource), name)
        except AttributeError:
            raise CallError("InvalidInput", None, f"unknown call {call!r}") from None
        try:
            result = self.invoke(lambda: method(**args))
        except smtpprovider.SmtpProviderError as error:
            self.observe(call, error)
            raise CallError(error.kind, error.status, str(error)) from error
        except TypeError as error:
            if "argument" not in str(error):
                raise
            raise CallError("InvalidInput", None, f"{call}: {error}") from error
        self.observe(call, result)
        return to_json(result)

    def sandbox_action(self, action: str, args: Dict[str, Any]) -> Any:
        if action == "follow_verification_link":
            messages = self.request("GET", "/_sandbox/outbox", {"to": args["to"], "kind": "sender_verification"})["messages"]
            if not messages:
                raise ScenarioFailure(f"no verification message to {args['to']}")
            return self.request("GET", urllib.parse.urlparse(messages[-1]["link"]).path, {})
        if action not in SANDBOX_ACTIONS:
            raise ScenarioFailure(f"unknown sandbox action {action!r}")
        method, route = SANDBOX_ACTIONS[action]
        return self.request(method, route, args)

    def request(self, method: str, route: str, args: Dict[str, Any]) -> Any:
        url = self.sandbox.root_url + route
        body = None
        if method in ("GET", "DELETE"):
            if args:
                url += "?" + urllib.parse.urlencode({k: as_text(v) for k, v in args.items()})
        else:
            body = json.dumps(args).encode()
        request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as refused:
            raise ScenarioFailure(f"{method} {route} answered {refused.code}: {refused.read()[:300]!r}") from None

    def run_step(self, step: Dict[str, Any]) -> None:
        unknown = set(step) - STEP_KEYS
        kinds = [key for key in ("call", "sandbox", "client") if key in step]
        if unknown or len(kinds) != 1:
            raise ScenarioFailure(f"malformed step (unknown keys {sorted(unknown)}, kinds {kinds})")
        if "client" in step:
            options = self.interpolate(step["client"])
            token, user_id = options.pop("token", None), options.pop("user_id", None)
            self.options.update(options)
            if token is None:
                token, user_id = self.client.token, self.client.user_id
            self.client = self.make_client(token, user_id)
            return
        args = self.interpolate(step.get("args", {}))
        if "sandbox" in step:
            result = self.sandbox_action(step["sandbox"], args)
        else:
            result = self.call_expecting(step, args)
            if "expect_error" in step:
                return
        if "expect" in step:
            expected = self.interpolate(step["expect"])
            difference = mismatch(expected, result, "result")
            if difference:
                raise ScenarioFailure(f"{difference}\n  expected {json.dumps(expected)}\n  received {json.dumps(result)}")
        if "save" in step:
            self.variables[step["save"]] = result

    def call_expecting(self, step: Dict[str, Any], args: Dict[str, Any]) -> Any:
        expected_error = step.get("expect_error")
        try:
            result = self.call(step["call"], args)
        except CallError as error:
            if expected_error is None:
                raise ScenarioFailure(f"failed: {error.kind} {error.status}: {error.message}") from None
            want = self.interpolate(expected_error)
            if error.kind != want["kind"]:
                raise ScenarioFailure(f"expected a {want['kind']} error, got {error.kind}: {error.message}") from None
            if "status" in want and error.status != want["status"]:
                raise ScenarioFailure(f"expected status {want['status']}, got {error.status}: {error.message}") from None
            if "message" in want and want["message"] not in error.message:
                raise ScenarioFailure(f"expected {want['message']!r} in the message, got {error.message!r}") from None
            return None
        if expected_error is not None:
            raise ScenarioFailure(f"expected a {expected_error.get('kind')} error, but the call succeeded: {json.dumps(result)}")
        return result

    def run(self) -> int:
        """Runs every step; raises ScenarioFailure naming the first one that went wrong. Returns
        the number of steps run."""
        unknown = set(self.scenario) - FILE_KEYS
        if unknown:
            raise ScenarioFailure(f"unknown keys in the file: {sorted(unknown)}")
        self.options = dict(self.scenario.get("client", {}))
        with Sandbox() as self.sandbox:
            self.client = self.make_client(None, None)
            try:
                for number, step in enumerate(self.scenario["steps"], start=1):
                    try:
                        self.run_step(step)
                    except ScenarioFailure as failure:
                        what = step.get("call") or step.get("sandbox") or "client"
                        note = f" ({step['note']})" if "note" in step else ""
                        raise ScenarioFailure(f"{self.scenario['name']} step {number}, {what}{note}: {failure}") from None
            finally:
                if self.loop is not None:
                    self.loop.close()
        return len(self.scenario["steps"])


def to_json(result: Any) -> Any:
    """A call's result in the API's JSON shape."""
    if isinstance(result, list):
        return [to_json(item) for item in result]
    if hasattr(result, "to_dict"):
        return result.to_dict()
    return result


def as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def mismatch(expected: Any, actual: Any, where: str) -> Optional[str]:
    """Where `actual` does not contain `expected` (the format's subset match), or None."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where}: expected an object, got {json.dumps(actual)}"
        for key, value in expected.items():
            if key not in actual:
                return f"{where}.{key}: missing"
            difference = mismatch(value, actual[key], f"{where}.{key}")
            if difference:
                return difference
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{where}: expected {len(expected)} items, got {json.dumps(actual)}"
        for index, (want, got) in enumerate(zip(expected, actual)):
            difference = mismatch(want, got, f"{where}[{index}]")
            if difference:
                return difference
        return None
    numbers = (int, float)
    if isinstance(expected, numbers) and not isinstance(expected, bool):
        if isinstance(actual, numbers) and not isinstance(actual, bool) and actual == expected:
            return None
    elif type(expected) is type(actual) and expected == actual:
        return None
    return f"{where}: expected {json.dumps(expected)}, got {json.dumps(actual)}"


def scenario_files() -> List[Path]:
    return sorted(SCENARIOS.glob("*.json"))
