"""A run removes its temporary folders when it ends, also after a failure (real runs).

Frida's local device leaves a ~10 MB helper folder (`frida-*`) and a helper daemon behind
it, and the host lab a `harness-hostlab-*` work folder: `harness run` is given a TMPDIR of
the test's own and must leave it as it found it, with no helper still running from it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.session import scratch
from harness.testkit.cli import HARNESS
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.hostlab


def _running_from(folder: Path) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "exe")).is_relative_to(folder):
                found.append(entry.name)
        except OSError:
            continue
    return found


def _start(tmp: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*HARNESS, "run", "--out", str(out)],
        cwd=REPO_ROOT,
        env=os.environ | {"TMPDIR": str(tmp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_finished_run_leaves_no_temporary_folder(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    process = _start(tmp, tmp_path / "evidence")
    _, stderr = process.communicate(timeout=240)
    assert process.returncode == 0, stderr.decode()
    assert sorted(p.name for p in tmp.iterdir()) == []
    assert _running_from(tmp) == []


def test_an_interrupted_run_leaves_no_temporary_folder(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "evidence"
    process = _start(tmp, out)
    deadline = time.monotonic() + 120
    # Interrupt once Frida's helper and the lab's work folder exist: the consent screen.
    while not list(out.glob("calibration/.*.partial/ui/*.xml")):
        assert process.poll() is None, "harness exited before it could be interrupted"
        assert time.monotonic() < deadline, "the session never reached the consent step"
        time.sleep(0.05)
    assert list(tmp.glob("harness-run-*/frida-*")) and list(
        tmp.glob("harness-run-*/harness-hostlab-*")
    )
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr.decode()
    assert sorted(p.name for p in tmp.iterdir()) == []
    assert _running_from(tmp) == []


def test_only_the_folders_of_killed_harnesses_are_swept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    dead_identity = f"{dead.pid} 1"  # its pid, and a start time no live process has
    folders = {
        "killed": dead_identity,
        "alive": scratch.process_identity(os.getpid()),
        "being-made": None,  # no owner file yet: another harness is creating it
    }
    for name, owner in folders.items():
        folder = tmp_path / f"harness-run-{name}"
        folder.mkdir()
        (folder / "frida-x").mkdir()
        if owner is not None:
            (folder / "owner").write_text(owner, encoding="ascii")

    scratch.sweep_killed(tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "harness-run-alive",
        "harness-run-being-made",
    ]
