"""Suite throughput on 1, 2 and 4 host-lab devices of this machine, in one run.

    .venv/bin/python benchmarks/suite.py [--apps 8] [--scenario first-launch-accept]
                                         [--with-workers]

One suite of lab apps: the calibration app copied under N names (a lab of N apps that
behave alike, so every session does the same work), through one scenario, run by the real
`harness suite` machinery (device threads, job board, results index, real Frida, JVMs and
mitmproxy) on the first 1, 2 and 4 devices of tests/fixtures/devices-pool.yaml. For each:
throughput in sessions per hour, and the harness's own overhead per session: a session's
wall time minus the scenario's own waits (the time its steps slept: `wait`, `background`,
the explorer's pauses, polls for a dialog; measured by the session as it runs). The baseline
is the 1-device run of the same suite, measured in the same run; speed-ups are ratios
against it. A second baseline, `bare_session`, runs 2 sessions one after the other straight
through the session runner (no board, threads or index): what the suite itself adds to a
session's overhead is the difference. The overhead is also split into `setup_s` (until the
first step: proxy, agent, JVM), `drive_s` (driving the steps: UI dumps, screenshots, taps,
without the sleeps) and `finish_s` (scoring, reports, sealing).

Prints a table, then as its last line a JSON object with `devices`, `sessions_per_hour`,
`overhead_s` (mean per session), `speedup`, the per-session overhead range and the machine.
Goal: speedup >= 1.7 on 2 devices (a 2-core machine), overhead < 5 s per session.

`--with-workers` also runs the suite through the engine: a Redis on loopback and one
`harness worker` serving 2 devices as 2 pool processes (sessions as processes rather than
threads), reported as `workers_2_devices` with its speed-up against the same baseline.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness.agent.catalog import DEFAULT_CATALOG, load_catalog
from harness.config.devices import load_devices
from harness.paths import LAB_DIR, PROJECT_ROOT
from harness.results.location import index_url
from harness.results.store import open_index
from harness.rules.pack import load_rule_pack
from harness.session.orchestrator import OutcomeKind
from harness.suite.jobs import Attempt
from harness.suite.local import run_suite_here
from harness.suite.session import JobRunner, SessionKit
from harness.suite.spec import load_suite
from harness.testkit.cli import HARNESS

POOL = PROJECT_ROOT / "tests" / "fixtures" / "devices-pool.yaml"
DEVICE_COUNTS = (1, 2, 4)
BARE_SESSIONS = 2


def _lab_of(apps: int, root: Path) -> list[Path]:
    """`apps` copies of the calibration app, each its own lab app folder."""
    folders = []
    for i in range(1, apps + 1):
        folder = root / f"bench{i:02d}"
        shutil.copytree(LAB_DIR / "calibration", folder)
        folders.append(folder)
    return folders


@contextlib.contextmanager
def _worker_lab(work: Path, devices: int) -> Iterator[str]:
    """A Redis on a free loopback port and one worker serving `devices` pool devices."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(work)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    devices_args = [a for d in load_devices(POOL).devices[:devices] for a in ("--device", d.name)]
    log = work / "worker.log"
    worker = subprocess.Popen(
        [*HARNESS, "worker", "--broker", url, "--devices", str(POOL),
         *devices_args, "--out", str(work / "evidence-workers")],
        stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while "ready." not in log.read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the worker did not start:\n" + log.read_text())
            time.sleep(0.1)
        yield url
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        redis.terminate()
        redis.wait(timeout=10)


def _row(count: int, wall: float, attempts: list[Attempt]) -> dict[str, Any]:
    overheads = [a.ended - a.started - a.waited_s for a in attempts]
    return {
        "devices": count,
        "sessions": len(attempts),
        "wall_s": round(wall, 2),
        "sessions_per_hour": round(len(attempts) / wall * 3600, 1),
        "overhead_s": round(statistics.mean(overheads), 2),
        "overhead_min_s": round(min(overheads), 2),
        "overhead_max_s": round(max(overheads), 2),
        "waited_s": round(statistics.mean(a.waited_s for a in attempts), 2),
        # Where the overhead goes: before the first step, driving the steps (UI dumps,
        # screenshots, taps; the sleeps taken out), and scoring, reports and sealing.
        "setup_s": round(statistics.mean(a.setup_s for a in attempts), 2),
        "drive_s": round(
            statistics.mean(
                a.ended - a.finish_s - a.started - a.setup_s - a.waited_s for a in attempts
            ),
            2,
        ),
        "finish_s": round(statistics.mean(a.finish_s for a in attempts), 2),
    }


def _machine() -> dict[str, object]:
    load1, load5, _ = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "loadavg_at_start": [round(load1, 2), round(load5, 2)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--apps", type=int, default=8, help="lab apps in the suite (default 8)")
    parser.add_argument("--scenario", default="first-launch-accept")
    parser.add_argument(
        "--with-workers", action="store_true", help="also run on 2 devices through the engine"
    )
    args = parser.parse_args()

    machine = _machine()
    work = Path(tempfile.mkdtemp(prefix="harness-bench-suite-"))
    folders = _lab_of(args.apps, work / "lab")
    suite_file = work / "bench.yaml"
    suite_file.write_text(
        "name: bench\n"
        f"apps: [{', '.join(str(f) for f in folders)}]\n"
        f"scenarios: [{args.scenario}]\n",
        encoding="utf-8",
    )
    suite = load_suite(suite_file)
    pool = load_devices(POOL).devices
    catalog, rule_pack = load_catalog(DEFAULT_CATALOG), load_rule_pack()

    # A bare baseline first: sessions one after another straight through the session runner,
    # no board, no threads, no index: what a session costs before the suite adds anything.
    bare_runner = JobRunner(SessionKit(work / "evidence-bare", catalog, rule_pack))
    bare_jobs = suite.jobs("bare")[:BARE_SESSIONS]
    bare_started = time.monotonic()
    bare = [bare_runner.run(job, 1, pool[0]) for job in bare_jobs]
    bare_row = _row(1, time.monotonic() - bare_started, bare)
    print(f"bare sessions: {bare_row}", file=sys.stderr, flush=True)
    rows: list[dict[str, Any]] = []
    with open_index(index_url(str(work / "index.sqlite"))) as index:
        for count in DEVICE_COUNTS:
            kit = SessionKit(out_dir=work / f"evidence-{count}", catalog=catalog,
                             rule_pack=rule_pack)  # fmt: skip
            runner = JobRunner(kit)
            started = time.monotonic()
            _run_id, record = run_suite_here(
                suite, pool[:count], runner, index, io.StringIO(), live=False
            )
            wall = time.monotonic() - started
            attempts = [a for r in record.results for a in r.attempts]
            failed = [a for a in attempts if a.outcome is not OutcomeKind.OK]
            if failed:
                print(f"{count} devices: {len(failed)} sessions failed: {failed[0].error}",
                      file=sys.stderr)  # fmt: skip
                return 1
            rows.append(_row(count, wall, attempts))
            print(f"{count} device(s): {rows[-1]}", file=sys.stderr, flush=True)
        workers_row: dict[str, Any] | None = None
        if args.with_workers:
            from harness.distributed.client import run_suite_on_workers

            with _worker_lab(work, 2) as url:
                started = time.monotonic()
                _run_id, record = run_suite_on_workers(suite, url, index, io.StringIO(), live=False)
                wall = time.monotonic() - started
            attempts = [a for r in record.results for a in r.attempts]
            if any(a.outcome is not OutcomeKind.OK for a in attempts):
                print("engine run: sessions failed", file=sys.stderr)
                return 1
            workers_row = _row(2, wall, attempts)
            print(f"2 devices via a worker: {workers_row}", file=sys.stderr, flush=True)
    shutil.rmtree(work, ignore_errors=True)

    base = rows[0]["sessions_per_hour"]
    print(f"{'devices':>7} {'sessions':>8} {'wall s':>7} {'sess/h':>7} {'speedup':>7} "
          f"{'overhead s (min-max)':>22}")  # fmt: skip
    for row in rows:
        row["speedup"] = round(float(row["sessions_per_hour"]) / float(base), 2)
        print(
            f"{row['devices']:>7} {row['sessions']:>8} {row['wall_s']:>7} "
            f"{row['sessions_per_hour']:>7} {row['speedup']:>7} "
            f"{row['overhead_s']:>8} ({row['overhead_min_s']}-{row['overhead_max_s']})"
        )
    summary = {
        "devices": [r["devices"] for r in rows],
        "sessions_per_hour": [r["sessions_per_hour"] for r in rows],
        "overhead_s": [r["overhead_s"] for r in rows],
        "overhead_max_s": [r["overhead_max_s"] for r in rows],
        "speedup": [r["speedup"] for r in rows],
        "sessions": rows[0]["sessions"],
        "scenario": args.scenario,
        "waited_s": [r["waited_s"] for r in rows],
        "baseline": "the same suite on 1 device, this run",
        "bare_session": bare_row,
        "machine": machine,
    }
    if workers_row is not None:
        workers_row["speedup"] = round(float(workers_row["sessions_per_hour"]) / float(base), 2)
        summary["workers_2_devices"] = workers_row
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
