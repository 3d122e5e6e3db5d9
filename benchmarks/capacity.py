"""Per-session cost of each standard scenario on the host lab: the measured inputs of
benchmarks/capacity.md.

    .venv/bin/python benchmarks/capacity.py [--app calibration] [--rounds 2]

Runs the lab app through every standard scenario (scenarios/*.yaml), `--rounds` times each,
one session after another on the first device of devices.yaml (the host lab), straight
through the suite's session runner (harness.suite.session.JobRunner: what `harness suite`
and `harness run` do per session; real Frida, JVM and mitmproxy). One untimed session first
builds the agent and the lab app into the cache, as a lab host's first session of a day does.

For each session: wall seconds, the scenario's own waits (what its steps slept, reported by
the session), the overhead split into setup (to the first step: proxy, agent, JVM start),
drive (the steps minus their sleeps: UI dumps, screenshots, taps) and finish (scoring,
reports, sealing), and CPU seconds: the harness's own (this process: proxy, Frida client,
UI driving, scoring; what a lab host spends on a phone's session too) and the lab app's JVM
(a child process; on a phone this runs on the phone). Per scenario: the means, and sessions
per device-hour = 3600 / mean wall seconds.

Prints a table, then as its last line a JSON object: per scenario the means, per app (all
scenarios once) the device-seconds and apps per device-hour, and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from harness.agent.catalog import load_catalog
from harness.config.devices import load_devices
from harness.model import OutcomeKind
from harness.paths import DEVICES_FILE, SCENARIOS_DIR
from harness.rules.pack import load_rule_pack
from harness.suite.jobs import Attempt
from harness.suite.session import JobRunner, SessionKit
from harness.suite.spec import load_suite


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its reaped children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _session(runner: JobRunner, job: Any, device: Any) -> dict[str, float]:
    own0, children0 = _cpu()
    attempt: Attempt = runner.run(job, 1, device)
    own1, children1 = _cpu()
    if attempt.outcome is not OutcomeKind.OK:
        raise SystemExit(f"{job.id}: {attempt.outcome.value}: {attempt.error}")
    wall = attempt.ended - attempt.started
    return {
        "wall_s": wall,
        "waited_s": attempt.waited_s,
        "setup_s": attempt.setup_s,
        "drive_s": wall - attempt.setup_s - attempt.waited_s - attempt.finish_s,
        "finish_s": attempt.finish_s,
        "harness_cpu_s": own1 - own0,
        "app_cpu_s": children1 - children0,
    }


def _machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="calibration", help="lab app (default: calibration)")
    parser.add_argument("--rounds", type=int, default=2, help="sessions per scenario (default 2)")
    args = parser.parse_args(argv)
    machine = _machine()
    scenarios = sorted(p.stem for p in SCENARIOS_DIR.glob("*.yaml"))
    device = load_devices(DEVICES_FILE).devices[0]
    with tempfile.TemporaryDirectory(prefix="harness-capacity-") as tmp:
        work = Path(tmp)
        suite_file = work / "capacity.yaml"
        suite_file.write_text(
            f"name: capacity\napps: [{args.app}]\nscenarios: [{', '.join(scenarios)}]\n",
            encoding="utf-8",
        )
        jobs = {job.scenario_name: job for job in load_suite(suite_file).jobs("capacity")}
        runner = JobRunner(SessionKit(work / "evidence", load_catalog(), load_rule_pack()))
        _session(runner, jobs[scenarios[0]], device)  # untimed: builds into the cache
        measured: dict[str, list[dict[str, float]]] = {name: [] for name in scenarios}
        for round_number in range(args.rounds):
            for name in scenarios:
                row = _session(runner, jobs[name], device)
                measured[name].append(row)
                print(f"round {round_number + 1} {name}: {row['wall_s']:.1f} s", file=sys.stderr)
    per_scenario = {
        name: {key: round(statistics.mean(r[key] for r in rows), 2) for key in rows[0]}
        | {"sessions_per_device_hour": round(3600 / statistics.mean(r["wall_s"] for r in rows), 1)}
        for name, rows in measured.items()
    }
    app_seconds = sum(s["wall_s"] for s in per_scenario.values())
    print(f"{'scenario':<22} {'wall':>6} {'waits':>6} {'setup':>6} {'drive':>6} {'finish':>6} "
          f"{'h.cpu':>6} {'app.cpu':>7} {'per dev-h':>9}")  # fmt: skip
    for name, s in per_scenario.items():
        print(
            f"{name:<22} {s['wall_s']:6.1f} {s['waited_s']:6.1f} {s['setup_s']:6.1f} "
            f"{s['drive_s']:6.1f} {s['finish_s']:6.1f} {s['harness_cpu_s']:6.1f} "
            f"{s['app_cpu_s']:7.1f} {s['sessions_per_device_hour']:9.1f}"
        )
    print(f"one app through all {len(scenarios)}: {app_seconds:.1f} device-seconds, "
          f"{3600 / app_seconds:.1f} apps per device-hour")  # fmt: skip
    row = {
        "app": args.app,
        "rounds": args.rounds,
        "scenarios": per_scenario,
        "app_device_s": round(app_seconds, 1),
        "apps_per_device_hour": round(3600 / app_seconds, 1),
        **machine,
    }
    print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
