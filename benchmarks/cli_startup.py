"""How fast the light faces of `harness` answer: start-up of a fresh interpreter each time.

    .venv/bin/python benchmarks/cli_startup.py [--runs N] [--source DIR]

Times, as wall seconds of a whole child process (interpreter start, imports, the command's
work, exit), the median of N runs (default 10) of:

- `harness --help`
- `harness verify BUNDLE`: a sealed bundle made once by `harness.testkit.bundles` in a
  temporary folder (a findings file and a manifest; verifying it is import-bound, hashing a
  few files costs microseconds)
- `harness results --help`

and counts the modules in `sys.modules` after `import harness.results.store` (what the
results index and `harness serve`-style readers pay before their first query).

The commands run as `python -m harness`, the same entry point as the `harness` script.
`--source DIR` runs them (and the module count) from another checkout of the project, put
first on PYTHONPATH, with this virtualenv: how the "before" numbers in benchmarks/
cli_startup.md were taken (`git archive <commit> | tar -x -C DIR`).
Prints a table, then as its last line a JSON object with the medians, the module count, the
goal (each wall median <= 0.4 s) and the machine. The goal is wall time, what a user waits;
the child's CPU seconds (user + system) are reported beside it because the CPUs here are
shared: on a loaded machine wall time grows with the load average it reports, CPU time much
less.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness.testkit.bundles import finding, sealed_bundle
from harness.testkit.cli import HARNESS

GOAL_SECONDS = 0.4


def _timed(argv: list[str]) -> tuple[float, float]:
    """Wall seconds of one run of `argv`, and the CPU seconds (user + system) it used.
    Run from / so that `python -m harness` imports the installed (or --source) package, not
    a `harness/` folder in the current directory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _medians(argv: list[str], runs: int) -> tuple[float, float]:
    _timed(argv)  # one untimed run: the page cache, .pyc files
    times = [_timed(argv) for _ in range(runs)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def _module_count() -> int:
    probe = "import sys, harness.results.store; print(len(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, cwd="/"
    ).stdout
    return int(out.strip())


def _machine() -> dict[str, Any]:
    return {
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command")
    parser.add_argument(
        "--source", type=Path, default=None, help="run another checkout's harness (PYTHONPATH)"
    )
    args = parser.parse_args(argv)
    if args.source is not None:
        os.environ["PYTHONPATH"] = str(args.source.resolve())
    harness = list(HARNESS)
    with tempfile.TemporaryDirectory(prefix="harness-bench-") as tmp:
        # The kit's bundle is signed with the lab key under HARNESS_CONFIG: keep it here.
        os.environ["HARNESS_CONFIG"] = str(Path(tmp) / "config")
        bundle = sealed_bundle(Path(tmp), "bench", [finding("R1", "device_id")])
        commands = {
            "help": [*harness, "--help"],
            "verify": [*harness, "verify", str(bundle)],
            "results_help": [*harness, "results", "--help"],
        }
        timed = {name: _medians(argv, args.runs) for name, argv in commands.items()}
    medians = {name: wall for name, (wall, _) in timed.items()}
    modules = _module_count()
    print(f"median of {args.runs} runs    wall s    CPU s")
    for name, (wall, cpu) in timed.items():
        print(f"{name:<20} {wall:8.3f} {cpu:8.3f}")
    print(f"{'modules':<20} {modules:8d}  after import harness.results.store")
    row = {
        "runs": args.runs,
        "source": str(args.source) if args.source else "this checkout",
        "median_s": {name: round(seconds, 3) for name, seconds in medians.items()},
        "median_cpu_s": {name: round(cpu, 3) for name, (_, cpu) in timed.items()},
        "results_store_modules": modules,
        "goal_s": GOAL_SECONDS,
        "within_goal": all(seconds <= GOAL_SECONDS for seconds in medians.values()),
        **_machine(),
    }
    print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
