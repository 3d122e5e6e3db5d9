"""A frozen app is recorded as hung, at the time it froze, and the run goes on to its end.

`harness run` on the host lab (real Frida, real JVM); once the consent step has looked at
the screen, the test SIGSTOPs the app's JVM. The bundle must say the app hung (an
`app_hung` marker no earlier than the SIGSTOP, the process record's `hung_since`), and the
report must list it as a gap. A second test reads the kernel's state of a stopped process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.session.hang import process_state
from harness.testkit.cli import HARNESS
from tests.conftest import REPO_ROOT


def _jvm_using(folder: Path) -> int | None:
    """The lab app's JVM: the one process whose command line names the run's temp folder."""
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0") if entry.name.isdigit() else []
        except OSError:
            continue
        if argv and argv[0].endswith(b"java") and str(folder).encode() in b" ".join(argv):
            return int(entry.name)
    return None


@pytest.mark.hostlab
def test_a_sigstopped_app_is_recorded_as_hung(tmp_path: Path) -> None:
    out, tmp = tmp_path / "evidence", tmp_path / "tmp"
    tmp.mkdir()
    process = subprocess.Popen(
        [*HARNESS, "run", "--out", str(out)],
        cwd=REPO_ROOT,
        env=os.environ | {"TMPDIR": str(tmp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while len(list(out.glob("calibration/.*.partial/ui/*.xml"))) < 2:
        assert process.poll() is None, "harness exited before the app could be stopped"
        assert time.monotonic() < deadline, "the session never reached the consent step"
        time.sleep(0.02)
    jvm = _jvm_using(tmp)
    assert jvm is not None
    stopped_at = time.time()
    os.kill(jvm, signal.SIGSTOP)
    stdout, stderr = process.communicate(timeout=180)
    assert process.returncode == 0, stderr.decode()
    bundle = Path(stdout.decode().strip().splitlines()[-1])

    rows = [json.loads(line) for line in (bundle / "events.jsonl").read_text().splitlines()]
    markers = [r for r in rows if r["type"] == "marker"]
    (hung,) = [m for m in markers if m["kind"] == "app_hung"]
    assert f"process {jvm} stopped" in hung["detail"]
    assert hung["ts"] >= stopped_at
    exited = [m for m in markers if m["kind"] == "app_exited"]
    assert exited and exited[0]["ts"] >= hung["ts"]
    main = json.loads((bundle / "hooks.json").read_text())["processes"][0]
    assert main["pid"] == jvm and main["hung_since"] == hung["ts"]

    report = json.loads((bundle / "report.json").read_text())
    assert "app_hung" in {g["kind"] for g in report["completeness"]["gaps"]}


def test_the_state_of_a_stopped_process_is_t(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        os.kill(child.pid, signal.SIGSTOP)
        while process_state(child.pid) != "T":  # the stop is delivered asynchronously
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGCONT)
        while process_state(child.pid) == "T":
            time.sleep(0.01)
        assert process_state(child.pid) in ("S", "R")
    finally:
        child.kill()
        child.wait()
    assert process_state(child.pid) is None
