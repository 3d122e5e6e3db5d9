"""`harness suite` for real on two host-lab devices of one machine: real Frida, JVMs and
mitmproxy, one session per device at a time; app faults recorded, not retried; every
attempt in the index; `harness results` and `harness diff` over what was recorded."""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.config.devices import load_devices
from harness.model import DataCategory
from harness.testkit.cli import run_harness
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.hostlab, pytest.mark.heavy]  # heavy: minutes, scheduled first

FIXTURE_LAB = Path(__file__).resolve().parent / "fixtures" / "lab"
POOL = REPO_ROOT / "tests" / "fixtures" / "devices-pool.yaml"


@dataclass(frozen=True)
class SuiteRun:
    result: subprocess.CompletedProcess[str]
    out: Path
    index: Path
    run_id: str
    env: dict[str, str]

    def harness(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_harness(*args, timeout=120, env=self.env)

    def sessions(self, *args: str) -> list[dict[str, object]]:
        done = self.harness("results", "--index", str(self.index), "--json", *args)
        assert done.returncode == 0, done.stderr
        rows: list[dict[str, object]] = json.loads(done.stdout)
        return rows


@pytest.fixture(scope="module")
def suite_run(tmp_path_factory: pytest.TempPathFactory) -> SuiteRun:
    root = tmp_path_factory.mktemp("suite")
    suite = root / "mixed.yaml"
    suite.write_text(
        "name: mixed\n"
        f"apps: [calibration, {FIXTURE_LAB / 'crasher'}, {FIXTURE_LAB / 'unbuildable'}]\n"
        "scenarios: [first-launch-accept, first-launch-refuse]\n",
        encoding="utf-8",
    )
    env = os.environ | {"HARNESS_CACHE": str(tmp_path_factory.getbasetemp() / "harness-cache")}
    out, index = root / "evidence", root / "index.sqlite"
    result = run_harness(
        "suite", str(suite), "--devices", str(POOL), "--device", "lab-1", "--device", "lab-2",
        "--out", str(out), "--index", str(index), timeout=600, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return SuiteRun(result, out, index, result.stdout.strip().splitlines()[-1], env)


def test_every_job_ends_in_a_result(suite_run: SuiteRun) -> None:
    rows = suite_run.sessions("--run", suite_run.run_id)
    outcomes = sorted((r["app"], r["scenario"], r["outcome"]) for r in rows)
    assert outcomes == [
        ("calibration", "first-launch-accept", "ok"),
        ("calibration", "first-launch-refuse", "ok"),
        ("crasher", "first-launch-accept", "app_fault"),
        ("crasher", "first-launch-refuse", "app_fault"),
        ("unbuildable", "first-launch-accept", "app_fault"),
        ("unbuildable", "first-launch-refuse", "app_fault"),
    ]
    assert "on -: the app does not build: javac failed" in suite_run.result.stdout
    # Not a line on stderr: the progress display stays quiet off a terminal.
    assert "done — ok" not in suite_run.result.stderr


def test_off_a_terminal_each_session_is_logged_and_the_end_sums_up(suite_run: SuiteRun) -> None:
    import re

    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
    err = suite_run.result.stderr.splitlines()
    starts = [e for e in err if re.match(f"{stamp} start ", e)]
    ends = [e for e in err if re.match(f"{stamp} end ", e)]
    # Four sessions ran on the two devices; the unbuildable app's jobs ended without one.
    assert len(starts) == 4 and all(re.search(r" on lab-[12]$", s) for s in starts)
    assert len(ends) == 6 and ends[-1].endswith("[6/6 done]")
    assert any(
        re.search(r"end ok calibration · first-launch-accept on lab-[12] in \d+s \[\d/6", e)
        for e in ends
    )
    # Each session's end is logged after its start.
    for start in starts:
        what = start.split(" start ", 1)[1]
        app_scenario, device = what.rsplit(" on ", 1)
        end = next(i for i, e in enumerate(err) if f"{app_scenario} on {device} in " in e)
        assert err.index(start) < end
    out = suite_run.result.stdout.splitlines()
    assert "verdicts:" in out and "violation types over the run:" in out
    assert any(
        line.startswith("  calibration · first-launch-accept: violations found") for line in out
    )


def test_app_faults_are_not_retried_and_unbuildable_apps_take_no_device(
    suite_run: SuiteRun,
) -> None:
    every = suite_run.sessions("--run", suite_run.run_id, "--all-attempts")
    assert len(every) == 6 and all(r["attempt"] == 1 and r["final"] for r in every)
    crashes = [r for r in every if r["app"] == "crasher"]
    for crash in crashes:
        assert "exited" in str(crash["error"])
        bundle = Path(str(crash["bundle"]))
        if crash["run_id"]:
            # Sealed with what the app did before it died, the exit on its timeline.
            assert suite_run.harness("verify", str(bundle)).returncode == 0
            assert '"kind":"app_exited"' in (bundle / "events.jsonl").read_text(encoding="utf-8")
        else:
            assert bundle.name.endswith(".failed") and (bundle / "ERROR.txt").is_file()
    assert all(r["device"] == "" for r in every if r["app"] == "unbuildable")


def test_both_devices_ran_sessions_at_the_same_time_each_with_its_own_identity(
    suite_run: SuiteRun,
) -> None:
    pool = {d.name: d for d in load_devices(POOL).devices}
    rows = [r for r in suite_run.sessions("--run", suite_run.run_id) if r["app"] == "calibration"]
    assert {r["device"] for r in rows} == {"lab-1", "lab-2"}
    first, second = sorted(rows, key=lambda r: float(str(r["started"])))
    assert float(str(second["started"])) < float(str(first["ended"]))  # they overlapped
    for row in rows:
        bundle = Path(str(row["bundle"]))
        verify = suite_run.harness("verify", str(bundle))
        assert verify.returncode == 0, verify.stdout
        events = [json.loads(line) for line in (bundle / "events.jsonl").open(encoding="utf-8")]
        read = {
            e["ret"] for e in events if e["type"] == "hook" and e["api"].endswith("getDeviceId")
        }
        assert read == {pool[str(row["device"])].identifiers[DataCategory.DEVICE_ID]}


def test_index_holds_exactly_the_bundles_findings(suite_run: SuiteRun) -> None:
    done = suite_run.harness(
        "results", "--index", str(suite_run.index), "--findings", "--app", "calibration", "--json"
    )
    indexed = json.loads(done.stdout)
    for row in suite_run.sessions("--run", suite_run.run_id, "--app", "calibration"):
        bundle = Path(str(row["bundle"]))
        in_bundle = json.loads((bundle / "findings.json").read_text(encoding="utf-8"))
        assert in_bundle, "the calibration app always has findings"
        expected = sorted((f["rule"], f["category"] or "", f["phase"] or "") for f in in_bundle)
        got = sorted(
            (f["rule"], f["category"], f["phase"]) for f in indexed if f["session"] == row["id"]
        )
        assert got == expected


def test_diff_of_the_run_with_itself_and_its_junit(suite_run: SuiteRun, tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    done = suite_run.harness(
        "diff", "--index", str(suite_run.index), "--run", suite_run.run_id,
        "--baseline", suite_run.run_id, "--junit", str(junit),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "calibration · first-launch-accept: 0 new, 0 fixed" in done.stdout
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    unsealed = [r for r in suite_run.sessions("--run", suite_run.run_id) if not r["run_id"]]
    assert len(unsealed) >= 2  # the unbuildable app's two jobs at least
    assert (suite.get("tests"), suite.get("failures")) == ("6", "0")
    assert suite.get("errors") == str(len(unsealed))
