"""The walking skeleton end to end: `harness run` on the host lab, real Frida, real mitmproxy.

Each scenario's bundle must verify, and its findings must be exactly the calibration app's
expected findings (nothing missing, nothing extra).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from harness.hostlab import find_lab_app
from harness.testkit.cli import HARNESS, run_harness
from harness.traffic.flows import read_flows
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.hostlab, pytest.mark.heavy]  # heavy: minutes, scheduled first

SCENARIOS = ["first-launch-accept", "first-launch-refuse"]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("evidence")
    made: dict[str, Path] = {}
    for scenario in SCENARIOS:
        result = run_harness(
            "run", "calibration", "--scenario", f"scenarios/{scenario}.yaml", "--out", str(out)
        )
        assert result.returncode == 0, result.stderr
        made[scenario] = Path(result.stdout.strip().splitlines()[-1])
    return made


def test_default_run_command_writes_a_verified_bundle(tmp_path: Path) -> None:
    # `harness run` with no arguments: calibration app, first-launch-accept, first device.
    result = subprocess.run(
        [*HARNESS, "run"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    bundle = Path(result.stdout.strip().splitlines()[-1])
    assert (
        bundle.is_relative_to(tmp_path / "evidence" / "calibration") or (tmp_path / bundle).is_dir()
    )
    bundle = bundle if bundle.is_absolute() else tmp_path / bundle
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert (
        manifest["scenario"] == "first-launch-accept" and manifest["device"]["name"] == "host-lab"
    )
    verify = run_harness("verify", str(bundle))
    assert verify.returncode == 0, verify.stdout


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_findings_are_exactly_the_expected_ones(bundles: dict[str, Path], scenario: str) -> None:
    bundle = bundles[scenario]
    findings = json.loads((bundle / "findings.json").read_text())
    got = [(f["rule"], f["category"] or "", f["phase"] or "") for f in findings]
    expected = find_lab_app("calibration").expected(scenario)
    assert expected is not None
    assert sorted(got) == sorted(e.key() for e in expected)
    for finding in findings:
        assert finding["evidence"], finding


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_bundle_verifies(bundles: dict[str, Path], scenario: str) -> None:
    result = run_harness("verify", str(bundles[scenario]))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK")


def test_hook_events_carry_stacks_naming_the_calling_app_method(bundles: dict[str, Path]) -> None:
    rows = [json.loads(line) for line in (bundles["first-launch-accept"] / "events.jsonl").open()]
    hooks = {r["api"]: r for r in rows if r["type"] == "hook"}
    device_id = hooks["android.telephony.TelephonyManager.getDeviceId"]
    assert device_id["stack"][0].startswith("android.telephony.TelephonyManager.getDeviceId")
    assert device_id["stack"][1].startswith(
        "com.harnesslab.calibration.DeviceInfo.collectDeviceId("
    )
    assert device_id["ret"] == "867530912345678" and device_id["thread"] == "main"
    android_id = hooks["android.provider.Settings$Secure.getString"]
    assert android_id["args"][1] == "android_id"
    assert android_id["stack"][1].startswith(
        "com.harnesslab.calibration.DeviceInfo.collectAndroidId("
    )
    location = hooks["android.location.LocationManager.getLastKnownLocation"]
    assert location["phase"] == "post_consent"


def test_refusal_stops_collection_and_markers_carry_the_tap(bundles: dict[str, Path]) -> None:
    rows = [json.loads(line) for line in (bundles["first-launch-refuse"] / "events.jsonl").open()]
    markers = [r for r in rows if r["type"] == "marker"]
    kinds = [m["kind"] for m in markers]
    assert kinds[0] == "launch" and "consent_refuse" in kinds and kinds[-1] == "stop"
    refuse = next(m for m in markers if m["kind"] == "consent_refuse")
    assert "不同意" in refuse["detail"] and refuse["evidence"]
    assert not [r for r in rows if r["type"] == "hook" and r["phase"] != "pre_consent"]


def test_flow_is_in_the_bundle_in_mitmproxy_format(bundles: dict[str, Path]) -> None:
    flows = read_flows(bundles["first-launch-accept"] / "flows.mitm")
    assert [f.url for f in flows] == ["https://alog.umeng.com/app_logs"]
    assert b"imei=867530912345678" in flows[0].request_body


def test_sigkill_leaves_nothing_that_looks_finished(tmp_path: Path) -> None:
    out = tmp_path / "evidence"
    process = subprocess.Popen(
        [*HARNESS, "run", "--out", str(out)],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    # Kill once the session is well under way: the consent screen has been dumped.
    while not list(out.glob("calibration/.*.partial/ui/*.xml")):
        assert process.poll() is None, "harness exited before it could be killed"
        assert time.monotonic() < deadline, "the session never reached the consent step"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    entries = list((out / "calibration").iterdir())
    assert entries, "the staging folder should remain for diagnosis"
    assert all(e.name.startswith(".") and e.name.endswith(".partial") for e in entries)
    assert not list(out.rglob("manifest.json"))
    assert run_harness("verify", str(entries[0])).returncode == 2


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run", "--scenario", "nope.yaml"], "nope.yaml: file not found"),
        (["run", "--device", "pixel9"], "no device named 'pixel9'"),
        (["run", "no-such-app"], "no lab app named 'no-such-app'"),
    ],
)
def test_bad_input_exits_2_naming_it(args: list[str], fragment: str) -> None:
    result = run_harness(*args)
    assert result.returncode == 2
    assert fragment in result.stderr
