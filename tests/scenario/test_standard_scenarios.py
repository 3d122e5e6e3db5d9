"""The standard scenarios end to end on the lab apps: `harness run` with real Frida, real
mitmproxy and the lab JVM. Each bundle verifies, the shop's findings are exactly its ground
truth, and the markers land at the right instants: hook events (stamped by the agent in the
app's process) fall on the right side of the taps and key presses the runner recorded.
"""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from harness.hostlab import find_lab_app
from harness.testkit.cli import run_harness

pytestmark = [pytest.mark.hostlab, pytest.mark.heavy]  # heavy: minutes, scheduled first

STANDARD = ["first-launch-refuse", "first-launch-accept", "permissions-deny", "background-idle"]
RUNS = [("shop", s) for s in STANDARD] + [
    ("calibration", "permissions-deny"),
    ("calibration", "background-idle"),
]
INSTALLED_APPS = "android.app.ApplicationPackageManager.getInstalledApplications"
CLIPBOARD = "android.content.ClipboardManager.getPrimaryClip"
ANDROID_ID = "android.provider.Settings$Secure.getString"


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("evidence")

    def run(app: str, scenario: str) -> subprocess.CompletedProcess[str]:
        return run_harness(
            "run", app, "--scenario", f"scenarios/{scenario}.yaml", "--out", str(out), timeout=300
        )

    # Three `harness run` processes at once (each its own JVM and ports): they mostly wait.
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(run, *zip(*RUNS, strict=True)))
    made = {}
    for key, result in zip(RUNS, results, strict=True):
        assert result.returncode == 0, result.stderr
        made[key] = Path(result.stdout.strip().splitlines()[-1])
    return made


def records(bundle: Path) -> list[dict[str, Any]]:
    with (bundle / "events.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def markers(rows: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["type"] == "marker" and r["kind"] == kind]


def hooks(rows: list[dict[str, Any]], api: str, frame: str = "") -> list[dict[str, Any]]:
    return [
        r
        for r in rows
        if r["type"] == "hook" and r["api"] == api and any(frame in f for f in r["stack"])
    ]


@pytest.mark.parametrize(("app", "scenario"), RUNS)
def test_bundle_verifies_and_every_step_left_its_screen(
    bundles: dict[tuple[str, str], Path], app: str, scenario: str
) -> None:
    bundle = bundles[(app, scenario)]
    assert run_harness("verify", str(bundle)).returncode == 0
    rows = records(bundle)
    kinds = [r["kind"] for r in rows if r["type"] == "marker"]
    assert kinds[0] == "launch" and kinds[-1] == "stop"
    assert "app_exited" not in kinds and "step_failed" not in kinds
    for marker in (r for r in rows if r["type"] == "marker"):
        if marker["kind"] == "background_end":
            continue  # the instant the app came back: the next step shows the screen
        names = marker["evidence"]
        assert sorted(Path(n).suffix for n in names) == [".png", ".xml"], marker
        for name in names:
            assert (bundle / name).stat().st_size > 0


@pytest.mark.parametrize("scenario", STANDARD)
def test_shop_findings_are_exactly_its_ground_truth(
    bundles: dict[tuple[str, str], Path], scenario: str
) -> None:
    findings = json.loads((bundles[("shop", scenario)] / "findings.json").read_text())
    expected = find_lab_app("shop").expected(scenario)
    assert expected is not None, f"lab/shop/app.yaml has no expected_findings for {scenario}"
    got = sorted((f["rule"], f["category"] or "", f["phase"] or "") for f in findings)
    assert got == sorted(e.key() for e in expected)


@pytest.mark.parametrize("scenario", ["permissions-deny", "background-idle"])
def test_calibration_behaves_as_in_first_launch_accept(
    bundles: dict[tuple[str, str], Path], scenario: str
) -> None:
    # The calibration app does the same in every scenario that accepts (reads nothing in the
    # background, asks for no permission): its first-launch-accept ground truth holds here.
    bundle = bundles[("calibration", scenario)]
    findings = json.loads((bundle / "findings.json").read_text())
    expected = find_lab_app("calibration").expected("first-launch-accept")
    assert expected is not None
    got = sorted((f["rule"], f["category"] or "", f["phase"] or "") for f in findings)
    assert got == sorted(e.key() for e in expected)
    rows = records(bundle)
    assert not [r for r in rows if r["type"] == "permission_prompt"]
    asserts = [m for m in markers(rows, "step") if "assert_foreground: ok" in m["detail"]]
    assert asserts


def test_shop_accept_markers_land_at_the_right_instants(
    bundles: dict[tuple[str, str], Path],
) -> None:
    rows = records(bundles[("shop", "first-launch-accept")])
    (launch,) = markers(rows, "launch")
    (accept,) = markers(rows, "consent_accept")
    assert "同意并继续" in accept["detail"]
    # Startup, before consent: the Android ID read and the permission request, between spawn
    # and the tap.
    (startup_read,) = hooks(rows, ANDROID_ID, "DeviceInfo.collectAndroidId")
    assert launch["ts"] < startup_read["ts"] < accept["ts"]
    assert startup_read["phase"] == "pre_consent"
    # The permission dialog the app raised before consent: requested (hook), seen and denied
    # (scenario), all before the consent tap, in pre_consent.
    (prompt,) = [
        r for r in rows if r["type"] == "permission_prompt" and r["permission"].endswith("PHONE")
    ]
    assert prompt["answer"] == "deny" and prompt["phase"] == "pre_consent"
    assert launch["ts"] < prompt["ts"] < prompt["answered_ts"] < accept["ts"]
    assert prompt["evidence"] and prompt["package"] == "com.google.android.permissioncontroller"
    requests = [r for r in rows if r["type"] == "permission_request"]
    phone = [r for r in requests if "android.permission.READ_PHONE_STATE" in r["permissions"]]
    assert phone and phone[0]["ts"] <= prompt["ts"]
    # Background: the installed-apps read happens after the HOME press, before the return;
    # the clipboard read after the return.
    (start,) = markers(rows, "background_start")
    (end,) = markers(rows, "background_end")
    (apps,) = hooks(rows, INSTALLED_APPS)
    (clip,) = hooks(rows, CLIPBOARD)
    assert start["ts"] < apps["ts"] < end["ts"] < clip["ts"]
    assert apps["background"] is True and clip["background"] is False
    assert apps["phase"] == clip["phase"] == "post_consent"
    # The explorer acted between the consent and the background step, every action marked.
    explored = [m for m in markers(rows, "step") if " explore #" in m["detail"]]
    assert len(explored) > 5
    assert all(accept["ts"] < m["ts"] < start["ts"] for m in explored)


def test_shop_refusal_marker_splits_the_two_android_id_reads(
    bundles: dict[tuple[str, str], Path],
) -> None:
    rows = records(bundles[("shop", "first-launch-refuse")])
    (refuse,) = markers(rows, "consent_refuse")
    (before,) = hooks(rows, ANDROID_ID, "DeviceInfo.collectAndroidId")
    (after,) = hooks(rows, ANDROID_ID, "DeviceInfo.rememberRefusal")
    assert before["ts"] < refuse["ts"] < after["ts"]
    assert (before["phase"], after["phase"]) == ("pre_consent", "refused")
    assert not hooks(rows, INSTALLED_APPS) and not hooks(rows, CLIPBOARD)


def test_shop_background_idle_reads_in_the_background_only_then(
    bundles: dict[tuple[str, str], Path],
) -> None:
    rows = records(bundles[("shop", "background-idle")])
    (accept,) = markers(rows, "consent_accept")  # `consent: auto` accepted
    (start,) = markers(rows, "background_start")
    (end,) = markers(rows, "background_end")
    assert end["ts"] - start["ts"] >= 12
    (apps,) = hooks(rows, INSTALLED_APPS)
    assert accept["ts"] < start["ts"] < apps["ts"] < end["ts"] and apps["background"]
    checks = [m for m in markers(rows, "step") if "assert_foreground" in m["detail"]]
    assert [c["detail"].endswith("ok") for c in checks] == [True]


def test_shop_permissions_deny_denies_every_dialog_and_the_app_stays(
    bundles: dict[tuple[str, str], Path],
) -> None:
    rows = records(bundles[("shop", "permissions-deny")])
    prompts = [r for r in rows if r["type"] == "permission_prompt"]
    assert prompts and all(p["answer"] == "deny" for p in prompts)
    checks = [m for m in markers(rows, "step") if "assert_foreground" in m["detail"]]
    assert len(checks) == 2 and all(c["detail"].endswith("ok") for c in checks)
