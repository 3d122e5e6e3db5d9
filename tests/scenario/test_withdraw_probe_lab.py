"""The withdraw step and the self-start probe end to end: `harness run` on the lab apps with
real Frida, real mitmproxy and the lab JVMs (the probe's receiver process hooked from its first
instruction). Calibration checks the findings; these check the evidence behind them."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from harness.android.logcat import parse_line, parse_process_start
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.hostlab, pytest.mark.heavy]  # heavy: minutes, scheduled first

RUNS = [("sunny", "accept-then-withdraw"), ("agenda", "self-start-probe")]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("evidence")

    def run(app: str, scenario: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "harness",
                "run",
                app,
                "--scenario",
                f"scenarios/{scenario}.yaml",
                "--out",
                str(out),
            ],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, *zip(*RUNS, strict=True)))
    made = {}
    for (app, _), result in zip(RUNS, results, strict=True):
        assert result.returncode == 0, result.stderr
        made[app] = Path(result.stdout.strip().splitlines()[-1])
    return made


def rows(bundle: Path) -> list[dict[str, Any]]:
    with (bundle / "events.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def test_withdrawal_changes_the_phase_at_the_confirming_tap(bundles: dict[str, Path]) -> None:
    bundle = bundles["sunny"]
    records = rows(bundle)
    (withdrawn,) = [r for r in records if r.get("kind") == "consent_withdrawn"]
    assert "撤回隐私授权" in withdrawn["detail"] and "'确定'" in withdrawn["detail"]
    # Its screens: the control's, the confirmation's, and the screen after.
    assert any("withdraw-confirm" in n for n in withdrawn["evidence"])
    assert all((bundle / n).stat().st_size > 0 for n in withdrawn["evidence"])
    reads = [r for r in records if r["type"] == "hook"]
    after = [r for r in reads if r["ts"] > withdrawn["ts"]]
    assert after and all(r["phase"] == "withdrawn" for r in after if not r["near_phase_change"])
    assert all(r["phase"] == "post_consent" for r in reads if r["ts"] < withdrawn["ts"] - 0.01)
    findings = json.loads((bundle / "findings.json").read_text(encoding="utf-8"))
    (finding,) = findings
    cited = {e["id"] for e in finding["evidence"]}
    assert (
        withdrawn["id"] in cited and {r["id"] for r in after if not r["near_phase_change"]} <= cited
    )


def test_the_probe_starts_the_receivers_process_hooked(bundles: dict[str, Path]) -> None:
    bundle = bundles["agenda"]
    records = rows(bundle)
    kinds = [r["kind"] for r in records if r["type"] == "marker"]
    assert kinds.index("app_stopped") < kinds.index("app_self_started") < kinds.index("stop")
    assert "app_exited" not in kinds
    (line,) = (bundle / "logcat.txt").read_text(encoding="utf-8").splitlines()
    parsed = parse_line(line)
    start = parse_process_start(parsed) if parsed is not None else None
    assert start is not None and start.process == "com.harnesslab.agenda:core"
    hooks = json.loads((bundle / "hooks.json").read_text(encoding="utf-8"))
    core = [p for p in hooks["processes"] if p["name"] == "com.harnesslab.agenda:core"]
    assert core and core[0]["pid"] == start.pid and core[0]["agent"] == "hooked"
    (read,) = [r for r in records if r["type"] == "hook"]
    assert read["process"] == "com.harnesslab.agenda:core" and read["background"] is True
    assert read["api"] == "android.telephony.TelephonyManager.getDeviceId"
