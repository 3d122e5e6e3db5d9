"""The timeline survives a kill: what reached the harness is in the partial folder.

`harness run` is SIGKILLed mid-scenario (real Frida, real JVM, real mitmproxy), once the
consent step has looked at the screen and a little more than one flush interval after: the
`.partial` folder must hold the hook events read at launch and the markers made so far
(journal.jsonl), and `harness report` on it must show them. The killed harness's temporary
folder (Frida's helper and its daemon) is removed by the next harness on the host. A second
test reads a journal whose last row the kill tore in half.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from harness.evidence.contents import read_bundle
from harness.evidence.views import HookView, MarkerView
from harness.session.journal import FLUSH_INTERVAL_S, JOURNAL_FILE
from harness.session.scratch import stop_helpers
from harness.testkit.cli import HARNESS, run_harness
from tests.conftest import REPO_ROOT


def _processes_from(folder: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "exe")).is_relative_to(folder):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.hostlab
@pytest.mark.parametrize("dumps", [1, 2], ids=["after-launch", "at-consent"])
def test_sigkill_mid_scenario_keeps_hook_events_and_markers(tmp_path: Path, dumps: int) -> None:
    out = tmp_path / "evidence"
    tmp = tmp_path / "tmp"  # the killed harness's temporary folder: the next one removes it
    tmp.mkdir()
    process = subprocess.Popen(
        [*HARNESS, "run", "--out", str(out)],
        cwd=REPO_ROOT,
        env=os.environ | {"TMPDIR": str(tmp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    # Killed after the launch step's dump (the reads the app made at startup are in; the
    # launch marker is written when the step ends, so perhaps not yet), or after the consent
    # step's dump too (launch's marker is in as well).
    while len(list(out.glob("calibration/.*.partial/ui/*.xml"))) < dumps:
        assert process.poll() is None, "harness exited before it could be killed"
        assert time.monotonic() < deadline, "the session never reached the consent step"
        time.sleep(0.02)
    time.sleep(2 * FLUSH_INTERVAL_S)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    (left,) = tmp.glob("harness-run-*")
    assert list(left.glob("frida-*"))  # Frida's helper folder, its daemon still running
    (partial,) = (out / "calibration").iterdir()
    assert partial.name.endswith(".partial") and not (partial / "events.jsonl").exists()

    rows = [json.loads(line) for line in (partial / JOURNAL_FILE).read_text().splitlines()]
    apis = {r["api"] for r in rows if r["type"] == "hook"}
    assert "android.telephony.TelephonyManager.getDeviceId" in apis
    markers = [r["kind"] for r in rows if r["type"] == "marker"]
    if dumps >= 2:
        assert markers[:1] == ["launch"]
    else:
        assert markers[:1] in (["launch"], [])  # nothing but launch can come first
    assert any(r["type"] == "process" and r["agent"] == "hooked" for r in rows)

    contents = read_bundle(partial)
    assert any(isinstance(r, HookView) for r in contents.records)
    if dumps >= 2:
        assert any(isinstance(r, MarkerView) and r.kind == "launch" for r in contents.records)

    env = os.environ | {"TMPDIR": str(tmp)}
    report = run_harness("report", str(partial), "--out", str(tmp_path / "report"), env=env)
    assert report.returncode == 0, report.stderr
    # That next harness removed what the killed one left, and stopped its helper.
    running = [p for p in _processes_from(left) if p != process.pid]
    stop_helpers(left)  # not to leave a daemon behind if the assertions below fail
    assert not left.exists() and running == []
    document = json.loads((tmp_path / "report" / "report.json").read_text())
    assert document["counts"]["hook_events"] >= 1
    if dumps >= 2:
        assert document["counts"]["markers"] >= 1
    assert document["completeness"]["complete"] is False
    assert document["verdict"]["result"] == "inconclusive"


def test_a_journal_torn_by_a_kill_is_read_to_its_last_whole_row(tmp_path: Path) -> None:
    partial = tmp_path / ".20261207T000000Z-abcdef.partial"
    partial.mkdir()
    marker = {"type": "marker", "id": "m0001", "ts": 10.0, "kind": "launch", "detail": "launch"}
    problem = {"type": "agent_problem", "ts": 11.0, "text": "the agent was lost (x)"}
    torn = json.dumps({"type": "marker", "id": "m0002", "ts": 12.0, "kind": "step"})[:30]
    (partial / JOURNAL_FILE).write_text(f"{json.dumps(marker)}\n{json.dumps(problem)}\n{torn}")

    contents = read_bundle(partial)

    assert [r.id for r in contents.records] == ["m0001"]
    assert contents.hooks is not None
    assert contents.hooks["agent_problems"] == ["the agent was lost (x)"]
    assert not [p for p in contents.problems if p.file == JOURNAL_FILE]
