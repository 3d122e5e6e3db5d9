"""Every process of a lab app is hooked: `harness run inbox` on the host lab, end to end.

Real Frida, JVMs and mitmproxy. The inbox app restarts itself once at first start, then its
push SDK's service runs in `com.harnesslab.inbox:push` (a JVM of its own) and reads the
device id and the IMSI before consent (lab/inbox/app.yaml). The bundle must show the reads
with that process's name, in the same timeline and phases as the main process's, the restart
as a marker with both pids, and every process in hooks.json.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from harness.testkit.cli import run_harness

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]

PKG = "com.harnesslab.inbox"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("evidence")
    result = run_harness(
        "run", "inbox", "--scenario", "scenarios/first-launch-refuse.yaml", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def _rows(bundle: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (bundle / "events.jsonl").read_text().splitlines()]


def test_the_push_process_reads_carry_its_name_and_are_scored(bundle: Path) -> None:
    assert run_harness("verify", str(bundle)).returncode == 0
    hooks = [r for r in _rows(bundle) if r["type"] == "hook"]
    reads = {(r["process"], r["category"], r["phase"]) for r in hooks}
    assert reads == {
        (f"{PKG}:push", "device_id", "pre_consent"),
        (f"{PKG}:push", "imsi", "pre_consent"),
    }
    push_read = next(r for r in hooks if r["category"] == "device_id")
    assert "com.igexin.sdk.PushService.onCreate" in " ".join(push_read["stack"])
    findings = json.loads((bundle / "findings.json").read_text())
    assert {
        (f["rule"], f["category"], f["collector"])
        for f in findings
        if f["rule"] == "collect-before-consent"
    } == {
        ("collect-before-consent", "device_id", "Getui Push"),
        ("collect-before-consent", "imsi", "Getui Push"),
    }
    # The report shows whose process a read came from.
    assert f"process <code>{PKG}:push</code>" in (bundle / "report.html").read_text()


def test_the_restart_is_a_marker_and_every_process_is_listed(bundle: Path) -> None:
    rows = _rows(bundle)
    kinds = [r["kind"] for r in rows if r["type"] == "marker"]
    assert "app_exited" not in kinds and kinds[-1] == "stop"
    assert "consent_refuse" in kinds
    processes = json.loads((bundle / "hooks.json").read_text())["processes"]
    assert [(p["name"], p["role"], p["agent"]) for p in processes] == [
        (PKG, "main", "hooked"),
        (PKG, "main", "hooked"),
        (f"{PKG}:push", "secondary", "hooked"),
    ]
    first, second = processes[0], processes[1]
    assert first["end_reason"] == "process-terminated" and first["ended"] is not None
    (restart,) = [r for r in rows if r["type"] == "marker" and r["kind"] == "app_restarted"]
    assert restart["detail"] == (
        f"pid {first['pid']} ended at {first['ended']:.6f}; "
        f"pid {second['pid']} started at {second['started']:.6f}"
    )
    assert all(p["lost_sequence_numbers"] == [] for p in processes)
