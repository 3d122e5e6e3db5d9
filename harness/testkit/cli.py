"""The `harness` command as a child process, the way a user runs it: for tests and benchmarks
that need a real process (exit codes, stdout/stderr, signals, the lab's JVMs and proxies).

    done = run_harness("run", "calibration", "--out", str(out), timeout=240)
    assert done.returncode == 0, done.stderr
    bundle = last_line(done)

`python -m harness` is the same entry point as the installed `harness` script, and works in
a checkout whose script is not on PATH. The child runs from the project root by default (the
lab apps, scenarios and devices.yaml resolve as they do for a user in a checkout) and
inherits this process's environment unless `env` is given.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from harness.paths import PROJECT_ROOT

DEFAULT_TIMEOUT = 180.0
# `harness` with this interpreter: `[*HARNESS, "run", ...]` for Popen and the like.
HARNESS: tuple[str, ...] = (sys.executable, "-m", "harness")


def run_harness(
    *args: str,
    cwd: Path = PROJECT_ROOT,
    env: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run `harness ARGS` to its end and return what it printed; a run past `timeout`
    seconds raises subprocess.TimeoutExpired (the child is killed)."""
    return subprocess.run(
        [*HARNESS, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=None if env is None else dict(env),
    )


def last_line(done: subprocess.CompletedProcess[str]) -> str:
    """The last line the command printed: `harness run` prints its bundle's path there,
    `harness suite` its run id."""
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""
