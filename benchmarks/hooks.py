"""The hook agent on the host lab: batched delivery against one send() per call, with stacks.

    .venv/bin/python benchmarks/hooks.py [--events N]

Spawns a JVM (lab/api-tour's com.harnesslab.apitour.bench.HookBench) under the real Frida
agent, twice in one run, with a one-entry catalog naming HookBench$Target.hooked: once with
the agent's normal batching (the catalog's flush interval and batch size), once with one
send() per event (`send_each`, the init-config switch that exists for this benchmark). Each
time the JVM calls the hooked method N times (default 100,000) from one call site, every
call recorded with its Java stack (captured per call, deduplicated into the stack table), and
first times N calls of an identical method that is not hooked.

Reported, per mode: events per second delivered to Python (N / time from the start of the
hooked loop, by the JVM's clock, to the arrival of the last event in the collector, by the
same host clock), the per-call cost inside the JVM (hooked loop / N, wall and the thread's
CPU time) against the unhooked method, and lost sequence numbers (every number from 0 to
the agent's count must arrive). The machine's 2 CPUs are shared with other work, so the
modes run in alternating rounds (--rounds, default 3) and each mode's best round counts;
every round's numbers are printed. Last line: JSON with `batched_events_per_s`,
`per_call_events_per_s`, `ratio` (batched / per call), `events` (delivered, all rounds),
`lost` (all rounds) and the rest. The goal is ratio >= 2 with lost == 0; the exit status is
1 when lost > 0.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frida

from harness.agent.build import build_agent
from harness.agent.catalog import Catalog, CatalogEntry, load_catalog
from harness.agent.messages import AgentMessage, EventBatch
from harness.agent.session import AgentSession
from harness.hostlab import build_lab_app, find_lab_app
from harness.hostlab.labapp import java_executable
from harness.session.agent_reports import AgentReports

BENCH_CLASS = "com.harnesslab.apitour.bench.HookBench"
TARGET = BENCH_CLASS + "$Target"
_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class ModeResult:
    mode: str
    events: int
    lost: int
    stacks: int
    events_per_s: float
    hooked_us_per_call: float
    plain_us_per_call: float
    hooked_cpu_us_per_call: float

    def overhead_us(self) -> float:
        return self.hooked_us_per_call - self.plain_us_per_call


def bench_catalog() -> Catalog:
    """The real catalog's limits and framework frames, with one entry: the benchmark's."""
    real = load_catalog()
    entry = CatalogEntry.model_validate(
        {"id": "bench.hooked", "class": TARGET, "method": "hooked", "category": "device_id"}
    )
    return real.model_copy(update={"entries": (entry,), "native": ()})


class _Arrivals:
    """Counts events as the collector gets them; notes when the last expected one came."""

    def __init__(self, expected: int) -> None:
        self.collector = AgentReports()
        self.expected = expected
        self.received = 0
        self.done = threading.Event()
        self.done_at = 0.0

    def __call__(self, message: AgentMessage) -> None:
        self.collector(message)
        if isinstance(message, EventBatch):
            self.received += len(message.events)
            if self.received >= self.expected and not self.done.is_set():
                self.done_at = time.time()
                self.done.set()


def run_mode(classpath: Path, calls: int, *, send_each: bool) -> ModeResult:
    arrivals = _Arrivals(calls)
    output = bytearray()
    session = AgentSession(
        frida.get_local_device(),
        build_agent(),
        bench_catalog(),
        arrivals,
        lambda _fd, data: output.extend(data),
        send_each=send_each,
    )
    argv = [java_executable(), "-Xms256m", "-cp", str(classpath), BENCH_CLASS, str(calls)]
    try:
        session.spawn(list[str | bytes](argv))
        if not arrivals.done.wait(_TIMEOUT_S):
            raise SystemExit(f"only {arrivals.received} of {calls} events arrived")
        deadline = time.monotonic() + 30
        while b"bench: sink=" not in output and time.monotonic() < deadline:
            time.sleep(0.05)
        session.flush()
    finally:
        session.close(kill=True)
    facts = _bench_lines(output.decode("utf-8", errors="replace"))
    elapsed = arrivals.done_at - facts["hooked_start_ms"] / 1000.0
    report = arrivals.collector.report_json()
    return ModeResult(
        mode="per_call" if send_each else "batched",
        events=len(arrivals.collector.events),
        lost=len(report["lost_sequence_numbers"]) + max(0, calls - report["events_produced"]),
        stacks=report["stacks"],
        events_per_s=calls / elapsed,
        hooked_us_per_call=facts["hooked_ns"] / calls / 1000.0,
        plain_us_per_call=facts["plain_ns"] / calls / 1000.0,
        hooked_cpu_us_per_call=facts["hooked_cpu_ns"] / calls / 1000.0,
    )


def _bench_lines(text: str) -> dict[str, float]:
    """The JVM's `bench: key=value` lines; the last value of a key wins (the warm round)."""
    facts: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("bench: "):
            key, _, value = line.removeprefix("bench: ").partition("=")
            facts[key] = float(value)
    missing = {"plain_ns", "hooked_ns", "hooked_cpu_ns", "hooked_start_ms"} - set(facts)
    if missing:
        raise SystemExit(f"the benchmark JVM did not print {sorted(missing)}:\n{text}")
    return facts


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="hooked calls per mode")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per mode")
    args = parser.parse_args()
    os.environ.setdefault("HARNESS_CACHE", str(Path(tempfile.gettempdir()) / "harness-bench"))
    classpath = build_lab_app(find_lab_app("api-tour")).classpath
    build_agent()  # compile outside the timed runs
    print(f"machine: {machine()}; {args.events} hooked calls per mode and round", flush=True)
    rounds: dict[str, list[ModeResult]] = {"batched": [], "per_call": []}
    for _ in range(args.rounds):
        for send_each in (False, True):
            result = run_mode(classpath, args.events, send_each=send_each)
            rounds[result.mode].append(result)
            print(
                f"{result.mode:>9}: {result.events_per_s:8.0f} events/s delivered; hooked "
                f"{result.hooked_us_per_call:6.2f} us/call wall, "
                f"{result.hooked_cpu_us_per_call:6.2f} us CPU; "
                f"unhooked {result.plain_us_per_call:6.3f} us/call; "
                f"{result.events} events, {result.stacks} stack(s), lost {result.lost}",
                flush=True,
            )
    batched = max(rounds["batched"], key=lambda r: r.events_per_s)
    per_call = max(rounds["per_call"], key=lambda r: r.events_per_s)
    everything = rounds["batched"] + rounds["per_call"]
    summary: dict[str, Any] = {
        "batched_events_per_s": round(batched.events_per_s, 1),
        "per_call_events_per_s": round(per_call.events_per_s, 1),
        "ratio": round(batched.events_per_s / per_call.events_per_s, 3),
        "events": sum(r.events for r in everything),
        "events_per_mode_and_round": args.events,
        "rounds": args.rounds,
        "lost": sum(r.lost for r in everything),
        "stacks_per_round": sorted({r.stacks for r in everything}),
        "hooked_us_per_call": round(batched.hooked_us_per_call, 3),
        "hooked_cpu_us_per_call": round(batched.hooked_cpu_us_per_call, 3),
        "per_call_mode_hooked_cpu_us_per_call": round(per_call.hooked_cpu_us_per_call, 3),
        "unhooked_us_per_call": round(batched.plain_us_per_call, 4),
        "overhead_us_per_call": round(batched.overhead_us(), 3),
        "overhead_vs_unhooked": round(batched.hooked_us_per_call / batched.plain_us_per_call, 1),
        "machine": machine(),
    }
    print(json.dumps(summary))
    return 1 if summary["lost"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
