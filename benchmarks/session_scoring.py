"""Post-session scoring on a traffic-tour bundle: one pass over the flows against the old two.

    .venv/bin/python benchmarks/session_scoring.py [--bundle DIR] [--repeats N]

Without --bundle it first runs the traffic-tour lab app through
scenarios/first-launch-accept.yaml (`harness run`, about 15 s, into a temporary folder that
is removed afterwards) and measures that bundle.

What a session does after its scenario, from the built timeline to the rows of
events.jsonl, timed both ways on the same timeline in the same run:

- `one_pass` (now): `analyse_timeline` (harness.traffic.analysis: identifier matching and
  receiver attribution of every flow, once, put on the timeline's flows), `score_timeline`
  (the rules read those analyses; the scoring record), then the rows, which carry them.
- `two_pass` (before issue 11's change): the same, then `analyze_flows` over the same flows
  again (a new matcher automaton, the SDK database loaded again, every flow matched and
  attributed again), as the orchestrator once did, its records put on the rows instead.

Both are checked to write the same rows first (the benchmark exits 1 if not). The timeline
is read back from the bundle (`harness score` does the same), which gives the records the
session scored. Runs alternate between the two paths; times are the best of N (CPU seconds
of this process, time.process_time, since the CPUs may be shared; wall seconds beside).

Prints a table, then as its last line a JSON object with the bundle's size, both times, the
ratio two_pass / one_pass and the machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from harness.evidence.judged import JudgedBundle, read_judged_bundle
from harness.rules.pack import RulePack, load_rule_pack
from harness.rules.scoring import score_timeline
from harness.sdk import SdkDatabase
from harness.timeline import Timeline
from harness.traffic.analysis import analyse_timeline, analyze_flows, searched_identifiers

ROOT = Path(__file__).resolve().parent.parent
APP = "traffic-tour"
SCENARIO = ROOT / "scenarios" / "first-launch-accept.yaml"

Rows = list[dict[str, Any]]


def _analysed_and_scored(contents: JudgedBundle, pack: RulePack) -> Timeline:
    inputs = contents.inputs
    sdk_db = SdkDatabase.load()  # once per session, as the orchestrator does
    timeline = analyse_timeline(contents.timeline, inputs.known, inputs.profile, sdk_db)
    score_timeline(timeline, inputs, pack, sdk_db=sdk_db)
    return timeline


def one_pass(contents: JudgedBundle, pack: RulePack) -> Rows:
    return _analysed_and_scored(contents, pack).records_json()


def two_pass(contents: JudgedBundle, pack: RulePack) -> Rows:
    """The orchestrator's path before issue 11's change, step for step."""
    timeline = _analysed_and_scored(contents, pack)
    inputs = contents.inputs
    analyses = analyze_flows(
        (timed.flow for timed in timeline.flows),
        searched_identifiers(timeline, inputs.known, inputs.profile.package),
        inputs.profile,
    )
    again = [replace(t, analysis=a) for t, a in zip(timeline.flows, analyses, strict=True)]
    return replace(timeline, flows=tuple(again)).records_json()


def _timed(run: Callable[[], Rows]) -> tuple[float, float]:
    gc.collect()  # garbage left by the previous run is not this run's cost
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return time.process_time() - cpu, time.perf_counter() - wall


def _make_bundle(out: Path) -> Path:
    command = [
        sys.executable,
        "-m",
        "harness",
        "run",
        APP,
        "--scenario",
        str(SCENARIO),
        "--out",
        str(out),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"harness run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return Path(done.stdout.strip().splitlines()[-1])  # the bundle's path is printed last


def _machine() -> dict[str, object]:
    load1, load5, _ = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "processor": platform.machine(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "loadavg_at_start": [round(load1, 2), round(load5, 2)],
    }


def measure(bundle: Path, repeats: int) -> dict[str, Any]:
    machine = _machine()
    contents = read_judged_bundle(bundle)
    pack = load_rule_pack()
    if one_pass(contents, pack) != two_pass(contents, pack):
        raise SystemExit("the one-pass and two-pass rows differ: the change is not neutral")
    best: dict[str, tuple[float, float]] = {}
    paths = {"one_pass": one_pass, "two_pass": two_pass}
    for round_ in range(repeats):
        # Alternate which path goes first, so a warm cache or a busy moment favours neither.
        for name in sorted(paths, reverse=bool(round_ % 2)):
            cpu, wall = _timed(partial(paths[name], contents, pack))
            old = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(old[0], cpu), min(old[1], wall))
    timeline = _analysed_and_scored(contents, pack)
    analyses = [t.analysis for t in timeline.flows if t.analysis is not None]
    return {
        "bundle": str(bundle),
        "app": contents.manifest.get("app_package"),
        "flows": len(timeline.flows),
        "hook_events": len(timeline.events),
        "matches": sum(len(a.matches) for a in analyses),
        "repeats": repeats,
        "one_pass_cpu_s": round(best["one_pass"][0], 4),
        "two_pass_cpu_s": round(best["two_pass"][0], 4),
        "one_pass_wall_s": round(best["one_pass"][1], 4),
        "two_pass_wall_s": round(best["two_pass"][1], 4),
        "ratio_cpu": round(best["two_pass"][0] / best["one_pass"][0], 3),
        "ratio_wall": round(best["two_pass"][1] / best["one_pass"][1], 3),
        "machine": machine,
    }


def main() -> None:
    logging.disable(logging.WARNING)  # a dependency configures DEBUG logging on import
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--bundle", type=Path, help="a traffic-tour bundle (default: run one)")
    parser.add_argument("--repeats", type=int, default=15, help="runs of each path (best of)")
    args = parser.parse_args()
    if args.bundle is not None:
        result = measure(args.bundle, args.repeats)
    else:
        with tempfile.TemporaryDirectory(prefix="session-scoring-") as tmp:
            result = measure(_make_bundle(Path(tmp)), args.repeats)
    print(
        f"{result['flows']} flows, {result['hook_events']} hook events, {result['matches']} matches"
    )
    print(f"{'path':<10} {'CPU s':>8} {'wall s':>8}")
    for name in ("one_pass", "two_pass"):
        print(f"{name:<10} {result[name + '_cpu_s']:>8.4f} {result[name + '_wall_s']:>8.4f}")
    print(f"two_pass / one_pass: {result['ratio_cpu']}x CPU, {result['ratio_wall']}x wall")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
