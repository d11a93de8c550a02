#!/usr/bin/env python3
"""Two builds of the SDK (two commits), side by side in one run, round by round: the Rust core, the
Python package's async client and the Node package, each one call at a time and 64 in flight,
with the strongest peer at each (pyreqwest's async client, `undici.request`) in the same rounds;
calls per second and CPU microseconds per call; and the sizes of the wheel and the `.node`.

    bench/ab/build.sh /tmp/old-src /tmp/ab/old     # each side built from a checkout of its commit
    bench/ab/build.sh /tmp/new-src /tmp/ab/new
    bench/ab/compare.py /tmp/ab/old /tmp/ab/new [--rounds 6] [--seconds 2] [--json out.json]

Each language runs one worker process per build (`bench/src/bin/ab_worker.rs`, `bench.py
--worker` in the build's venv, `bench.mjs --worker` on the build's package), each with its own
in-process sandbox serving the same tiny envelope (one domain). The workers stay up for the whole
language; the contenders (old, new, peer) take turns measuring, one at a time, the order rotated by
one every round, so that each runs first equally often and the machine's drift lands on all of
them. The peer runs in the new build's process. CPU per call is the measuring process's user and
system time over its measured calls divided by the calls, the in-process sandbox's share
included (the same sandbox code on both sides); "others" is the CPU the rest of the machine used
meanwhile (from /proc/stat, in cores), the noise the round was measured in.

Before each language's workers start, the run waits (up to --wait minutes, polling every minute)
until the rest of the machine uses less than --max-busy cores.

Bars (issue 8, point 8): the core's CPU per call rises by at most 15 us; Python's async client
stays ahead of pyreqwest's at 64 in flight, the Node package ahead of `undici.request`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

BENCH = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CORE_CPU_BAR_US = 15.0


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy since boot (every core), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def load_average() -> Tuple[float, float, float]:
    one, five, fifteen = Path("/proc/loadavg").read_text().split()[:3]
    return float(one), float(five), float(fifteen)


def busiest_processes(seconds: float, top: int = 4) -> Tuple[float, List[Tuple[str, float]]]:
    """Cores the machine used over `seconds`, and the processes that used most (name, cores)."""

    def snapshot() -> Dict[int, Tuple[str, float]]:
        seen = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2 :].split()
            seen[int(entry.name)] = (name, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
        return seen

    before, busy_before = snapshot(), machine_busy_seconds()
    time.sleep(seconds)
    after, busy_after = snapshot(), machine_busy_seconds()
    used = []
    for pid, (name, cpu) in after.items():
        if pid in before and pid != os.getpid():
            used.append((name, (cpu - before[pid][1]) / seconds))
    used.sort(key=lambda item: -item[1])
    return (busy_after - busy_before) / seconds, [(n, c) for n, c in used[:top] if c >= 0.05]


def wait_for_quiet(max_busy: float, minutes: float) -> Dict[str, Any]:
    """Waits until the machine (nothing of this run is running) uses less than `max_busy` cores,
    polling every minute for up to `minutes`; returns what it saw last."""
    deadline = time.monotonic() + minutes * 60
    while True:
        busy, top = busiest_processes(5.0)
        shown = ", ".join(f"{name} {cores:.2f}" for name, cores in top) or "nothing"
        now = datetime.datetime.now(datetime.timezone.utc)
        print(f"  {now:%H:%M:%S} machine: {busy:.2f} cores busy, load average {load_average()[0]:.2f} ({shown})",
              flush=True)
        if busy < max_busy or time.monotonic() + 60 > deadline:
            if busy >= max_busy:
                print(f"  still busy after {minutes:g} min; measuring anyway", flush=True)
            return {"busy_cores": busy, "load": load_average(), "top": top, "quiet": busy < max_busy}
        time.sleep(55)


class Worker:
    """One worker process: a line of JSON in, a line of JSON out."""

    def __init__(self, label: str, argv: List[str], log: Path, env: Optional[Dict[str, str]] = None) -> None:
        self.label = label
        self.log = log.open("w")
        self.process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, bufsize=1,
            env={**os.environ, **(env or {})}, cwd=BENCH,
        )
        self.info = self._answer()
        if not self.info.get("ready"):
            raise RuntimeError(f"{label}: not ready: {self.info}")

    def _answer(self) -> Dict[str, Any]:
        assert self.process.stdout is not None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"{self.label} ended (exit {self.process.wait()}); see {self.log.name}")
            if line.startswith("{"):
                answer: Dict[str, Any] = json.loads(line)
                return answer

    def measure(self, contender: str, in_flight: int, seconds: float) -> Dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"contender": contender, "in_flight": in_flight, "seconds": seconds}) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def languages(old: Path, new: Path) -> Dict[str, Dict[str, Any]]:
    """Per language: how to start each build's worker, and the peer measured in the new one."""
    node_worker = ["node", str(BENCH / "node" / "bench.mjs"), "--worker"]
    return {
        "rust": {
            "workers": {side: ([str(build / "core-worker")], {}) for side, build in (("old", old), ("new", new))},
            "peer": None,
        },
        "python": {
            "workers": {
                side: ([str(build / "venv" / "bin" / "python"), str(BENCH / "python" / "bench.py"), "--worker"], {})
                for side, build in (("old", old), ("new", new))
            },
            "peer": "pyreqwest async",
        },
        "node": {
            "workers": {
                side: (node_worker, {"SMTPPROVIDER_NODE_PACKAGE": str(build / "node")})
                for side, build in (("old", old), ("new", new))
            },
            "peer": "undici.request",
        },
    }


def run_language(name: str, spec: Dict[str, Any], args: argparse.Namespace, logs: Path) -> Dict[str, Any]:
    print(f"\n== {name}", flush=True)
    before = wait_for_quiet(args.max_busy, args.wait)
    workers = {side: Worker(f"{name} {side}", argv, logs / f"{name}-{side}.log", env)
               for side, (argv, env) in spec["workers"].items()}
    contenders = [("old", workers["old"], "sdk"), ("new", workers["new"], "sdk")]
    if spec["peer"]:
        contenders.append((spec["peer"], workers["new"], "peer"))
    rounds = []
    try:
        for number in range(args.rounds):
            order = contenders[number % len(contenders):] + contenders[:number % len(contenders)]
            for in_flight in args.in_flight:
                for label, worker, contender in order:
                    load, busy = load_average()[0], machine_busy_seconds()
                    figures = worker.measure(contender, in_flight, args.seconds)
                    others = (machine_busy_seconds() - busy - figures["cpu_seconds"]) / figures["seconds"]
                    rounds.append({
                        "round": number + 1, "in_flight": in_flight, "contender": label, "load": load,
                        "utc": f"{datetime.datetime.now(datetime.timezone.utc):%H:%M:%S}",
                        "others_cores": max(others, 0.0), **figures,
                        "rate": figures["calls"] / figures["seconds"],
                        "cpu_us": figures["cpu_seconds"] * 1e6 / figures["calls"],
                        "sleeps_per_call": figures["sleeps"] / figures["calls"],
                    })
                    last = rounds[-1]
                    print(f"  {last['utc']} round {number + 1} {in_flight:>2} in flight  {label:<16} "
                          f"{last['rate']:>9.0f} calls/s "
                          f"{last['cpu_us']:>7.1f} CPU us/call {last['sleeps_per_call']:>5.2f} sleeps/call  "
                          f"load {load:.2f}, others {last['others_cores']:.2f} cores", flush=True)
    finally:
        for worker in workers.values():
            worker.close()
    return {"before": before, "versions": {side: w.info.get("versions") for side, w in workers.items()},
            "contenders": [label for label, _, _ in contenders], "rounds": rounds}


def sizes(build: Path) -> Dict[str, int]:
    wheels = sorted((build / "wheel").glob("*.whl"))
    nodes = sorted((build / "node").glob("*.node"))
    found: Dict[str, int] = {}
    if wheels:
        found["wheel"] = wheels[0].stat().st_size
        with zipfile.ZipFile(wheels[0]) as wheel:
            found["wheel .so"] = sum(i.file_size for i in wheel.infolist() if i.filename.endswith(".so"))
    if nodes:
        found[".node"] = nodes[0].stat().st_size
        # `napi build --strip` asks for `-C link-arg=-s`, which the linker may not honour (with
        # cargo's default `strip = "debuginfo"`, rustc's `--strip-debug` wins under lld): the
        # size after strip(1) too, what `--strip` means.
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / nodes[0].name
            shutil.copyfile(nodes[0], copy)
            if subprocess.run(["strip", str(copy)], capture_output=True).returncode == 0:
                found[".node after strip(1)"] = copy.stat().st_size
    return found


def summary(name: str, result: Dict[str, Any], in_flight_cases: List[int]) -> List[Dict[str, Any]]:
    """Prints a markdown table per case (every round, then medians) and returns the verdicts."""
    verdicts = []
    peer = result["contenders"][2] if len(result["contenders"]) > 2 else None
    for in_flight in in_flight_cases:
        rows = [r for r in result["rounds"] if r["in_flight"] == in_flight]
        by_round: Dict[int, Dict[str, Dict[str, Any]]] = {}
        for row in rows:
            by_round.setdefault(row["round"], {})[row["contender"]] = row
        print(f"\n{name}, {in_flight} in flight: calls/s, CPU us a call (sleeps a call)")
        head = "| round | load | others | old | new | " + (f"{peer} | " if peer else "") + "new/old | new CPU − old |"
        head += " new/peer |" if peer else ""
        print(head)
        print("|" + "---|" * (head.count("|") - 1))
        ratios, cpu_rises, peer_ratios = [], [], []
        for number, round_rows in sorted(by_round.items()):
            old, new = round_rows["old"], round_rows["new"]
            cells = [str(number), f"{statistics.mean(r['load'] for r in round_rows.values()):.2f}",
                     f"{statistics.mean(r['others_cores'] for r in round_rows.values()):.2f}"]
            for row in [old, new] + ([round_rows[peer]] if peer else []):
                cells.append(f"{row['rate']:,.0f} / {row['cpu_us']:.1f} µs ({row['sleeps_per_call']:.2f})")
            ratios.append(new["rate"] / old["rate"])
            cpu_rises.append(new["cpu_us"] - old["cpu_us"])
            cells += [f"{ratios[-1]:.2f}×", f"{cpu_rises[-1]:+.1f} µs"]
            if peer:
                peer_ratios.append(new["rate"] / round_rows[peer]["rate"])
                cells.append(f"{peer_ratios[-1]:.2f}×")
            print("| " + " | ".join(cells) + " |")
        medians = ["median", "", ""]
        for contender in ["old", "new"] + ([peer] if peer else []):
            mine = [r for r in rows if r["contender"] == contender]
            medians.append(f"{statistics.median(r['rate'] for r in mine):,.0f} / "
                           f"{statistics.median(r['cpu_us'] for r in mine):.1f} µs "
                           f"({statistics.median(r['sleeps_per_call'] for r in mine):.2f})")
        medians += [f"{statistics.median(ratios):.2f}×", f"{statistics.median(cpu_rises):+.1f} µs"]
        if peer:
            medians.append(f"{statistics.median(peer_ratios):.2f}×")
        print("| " + " | ".join(medians) + " |")
        if name == "rust":
            rise = statistics.median(cpu_rises)
            verdicts.append({"bar": f"core CPU a call rises by at most {CORE_CPU_BAR_US:g} µs, {in_flight} in flight",
                             "value": f"{rise:+.1f} µs median (rounds {min(cpu_rises):+.1f} to {max(cpu_rises):+.1f})",
                             "met": rise <= CORE_CPU_BAR_US})
        elif peer and in_flight == 64:
            ratio = statistics.median(peer_ratios)
            ahead = sum(r > 1 for r in peer_ratios)
            verdicts.append({"bar": f"{name}: new build ahead of {peer} at 64 in flight",
                             "value": f"{ratio:.2f}× median, ahead in {ahead} of {len(peer_ratios)} rounds "
                                      f"({min(peer_ratios):.2f}–{max(peer_ratios):.2f}×)",
                             "met": ratio > 1})
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the old build's directory (bench/ab/build.sh)")
    parser.add_argument("new", type=Path, help="the new build's directory")
    parser.add_argument("--rounds", type=int, default=6, help="rounds per language (each contender once a round)")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one contender's measurement")
    parser.add_argument("--in-flight", type=int, nargs="+", default=[1, 64], help="calls in flight, per case")
    parser.add_argument("--languages", nargs="+", default=["rust", "python", "node"], choices=["rust", "python", "node"])
    parser.add_argument("--max-busy", type=float, default=0.5, help="cores the rest of the machine may use")
    parser.add_argument("--wait", type=float, default=20.0, help="minutes to wait for that, per language")
    parser.add_argument("--json", type=Path, help="write every figure here too")
    args = parser.parse_args()
    old, new = args.old.resolve(), args.new.resolve()
    commits = {side: (build / "commit").read_text().strip() for side, build in (("old", old), ("new", new))}
    started = datetime.datetime.now(datetime.timezone.utc)
    print(f"A/B {started:%Y-%m-%d %H:%M} UTC: old {commits['old'][:7]} ({old}), new {commits['new'][:7]} ({new}); "
          f"{os.cpu_count()} cores, {platform.platform()}; {args.rounds} rounds of {args.seconds:g} s per contender")
    logs = Path(os.environ.get("TMPDIR", "/tmp")) / f"ab-{started:%Y%m%d-%H%M%S}"
    logs.mkdir(parents=True, exist_ok=True)

    specs = languages(old, new)
    results = {}
    for name in args.languages:
        results[name] = run_language(name, specs[name], args, logs)

    print(f"\n# A/B {started:%Y-%m-%d %H:%M}–{datetime.datetime.now(datetime.timezone.utc):%H:%M} UTC, "
          f"old {commits['old'][:7]}, new {commits['new'][:7]}")
    verdicts = []
    for name, result in results.items():
        print(f"\n{name}: versions {json.dumps(result['versions'])}; before the workers started: "
              f"{result['before']['busy_cores']:.2f} cores busy, load {result['before']['load'][0]:.2f}")
        verdicts += summary(name, result, args.in_flight)

    size_table = {side: sizes(build) for side, build in (("old", old), ("new", new))}
    print("\n| artifact | old | new | new − old |\n|---|---|---|---|")
    for key in size_table["new"]:
        before_size, after_size = size_table["old"].get(key, 0), size_table["new"][key]
        print(f"| {key} | {before_size:,} | {after_size:,} | {after_size - before_size:+,} "
              f"({(after_size - before_size) / max(before_size, 1):+.1%}) |")

    print("\nBars:")
    for verdict in verdicts:
        print(f"  {'met   ' if verdict['met'] else 'MISSED'} {verdict['bar']}: {verdict['value']}")
    if args.json:
        args.json.write_text(json.dumps({"started": started.isoformat(), "commits": commits, "results": results,
                                         "sizes": size_table, "verdicts": verdicts}, indent=1))
    print(f"\nworker logs: {logs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
