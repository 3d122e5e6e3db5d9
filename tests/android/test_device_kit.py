"""`harness calibrate --device PHONE`: the device calibration kit on an Android device.

Offline: the kit's APK is really built from lab/device-kit (aapt, smali, apksigner), adb is
the real wire protocol against the stand-in (a rooted Android 14 phone's recorded answers),
the health checks, installation, proxy, CA, scoring and sealed bundles are the real ones.
Only what no machine here can run is replaced (tests/android/session_kit.py): frida-server
(its agent reports one pre-consent ANDROID_ID read from the kit's DeviceInfo) and the
uiautomator2 server (showing the kit's privacy dialog: a transcribed AlertDialog dump). The
kit itself does not run, so its traffic and its other reads are absent: the offline run
checks the flow and the arithmetic, and that the misses are exactly those reads.

`pytest -m device` runs the kit on a real phone (test_device_kit_on_a_real_phone).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.android.adb import AdbEndpoint
from harness.android.devicekit import load_device_kit
from harness.android.shell import DeviceShell
from harness.android.ui import U2Driver
from harness.apk.build import missing_tools
from harness.cli import build_parser, main
from harness.commands.calibrate import calibrate
from harness.errors import InfrastructureError
from harness.session.android import AndroidTargets
from harness.ui.driver import UiDriver
from tests.android import session_kit
from tests.android.adb_standin import AdbStandin, StandinDevice
from tests.android.session_kit import FakeFridaDevice, Phone, RecordedScreens, rooted_phone

SERIAL = "35091FDH2000K7"
KIT_PACKAGE = "com.harnesslab.devicekit"
KIT_DIALOG = session_kit.HIERARCHY / "devicekit-privacy-dialog.xml"
# The Java stack of the kit's first ANDROID_ID read, as the agent reports it.
KIT_STACK = [
    "android.provider.Settings$Secure.getString(Native Method)",
    "com.harnesslab.devicekit.DeviceInfo.collectAndroidId(DeviceInfo.smali)",
    "com.harnesslab.devicekit.MainActivity.collectBeforeConsent(MainActivity.smali)",
    "com.harnesslab.devicekit.MainActivity.onCreate(MainActivity.smali)",
    "android.app.Activity.performCreate(Activity.java:8595)",
]
DEVICES = f"""\
version: 1
devices:
  - name: host-lab
    kind: host-lab
  - name: pixel
    kind: usb
    serial: {SERIAL}
  - name: absent
    kind: usb
    serial: 0123456789ABCDEF
"""

pytestmark = [
    pytest.mark.heavy,
    pytest.mark.skipif(
        bool(missing_tools()), reason=f"needs Debian's Android build tools: {missing_tools()}"
    ),
]


class KitScreens(RecordedScreens):
    """The kit's privacy dialog while the kit is in the foreground; `covered`: another app's
    window over it (as a Play Protect prompt or a lock screen would be)."""

    def __init__(self, phone: Phone, *, covered: bool = False) -> None:
        super().__init__(phone)
        self._app = self._other if covered else KIT_DIALOG.read_text(encoding="utf-8")

    def app_start(self, package_name: str) -> None:
        self.calls.append(f"app_start {package_name}")
        if package_name == KIT_PACKAGE and self.phone.running:
            self.phone.foreground = True


def kit_phone(phone: Phone, frida_peer: tuple[str, int]) -> StandinDevice:
    """The rooted phone of session_kit, answering for the kit's package."""
    device = rooted_phone(SERIAL, phone, frida_peer)

    def uninstall(_m: re.Match[str]) -> tuple[str, int]:
        was, phone.installed, phone.running = phone.installed, False, False
        return ("Success\n", 0) if was else ("Failure [DELETE_FAILED_INTERNAL_ERROR]\n", 1)

    def pidof(_m: re.Match[str]) -> tuple[str, int]:
        return (f"{session_kit.APP_PID}\n", 0) if phone.running else ("", 1)

    def force_stop(_m: re.Match[str]) -> tuple[str, int]:
        phone.app_ended()
        return ("", 0)

    pkg = re.escape(KIT_PACKAGE)
    device.patterns[:0] = [
        (re.compile(rf"pm uninstall {pkg}"), uninstall),
        (re.compile(rf"pidof {pkg}"), pidof),
        (re.compile(rf"am force-stop {pkg}"), force_stop),
    ]
    return device


@dataclass
class KitLab:
    standin: AdbStandin
    device: StandinDevice
    phone: Phone
    frida: FakeFridaDevice
    screens: KitScreens
    devices: Path
    out: Path

    def targets(self) -> AndroidTargets:
        def connect_ui(shell: DeviceShell, package: str) -> UiDriver:
            return U2Driver(self.screens, shell, package)

        return AndroidTargets(
            frida_device=lambda serial: self.frida.for_serial(serial),  # type: ignore[arg-type,return-value]
            connect_ui=connect_ui,
            endpoint=AdbEndpoint("127.0.0.1", self.standin.port),
        )

    def argv(self, *extra: str) -> list[str]:
        return ["calibrate", "--devices", str(self.devices), "--out", str(self.out), *extra]


@pytest.fixture
def kit_lab(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frida_peer: tuple[str, int]
) -> Iterator[KitLab]:
    phone = Phone()
    device = kit_phone(phone, frida_peer)
    standin = AdbStandin([device])
    # calibrate's health check finds adb where adb itself would: point that at the stand-in.
    monkeypatch.setenv("ANDROID_ADB_SERVER_HOST", "127.0.0.1")
    monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(standin.port))
    monkeypatch.setattr(session_kit, "STACK", KIT_STACK)
    devices = tmp_path / "devices.yaml"
    devices.write_text(DEVICES, encoding="utf-8")
    yield KitLab(
        standin,
        device,
        phone,
        FakeFridaDevice(phone),
        KitScreens(phone),
        devices,
        tmp_path / "evidence",
    )
    standin.close()


def test_calibrate_runs_the_kit_through_its_ground_truths_scenarios(
    kit_lab: KitLab, capsys: pytest.CaptureFixture[str]
) -> None:
    args = build_parser().parse_args(kit_lab.argv("--device", "pixel"))
    status = calibrate(args, targets=kit_lab.targets())
    out = capsys.readouterr().out
    summary = json.loads(out.strip().splitlines()[-1])

    kit = load_device_kit()
    # The kit was installed and spawned once per scenario of its ground truth, and the
    # phone left clean.
    spawns = [c for c in kit_lab.frida.calls if c.startswith("spawn")]
    assert spawns == [f"spawn {KIT_PACKAGE}"] * len(kit.expected_findings)
    assert not kit_lab.phone.installed and not kit_lab.phone.running
    assert kit_lab.device.actions.count(f"pm uninstall {KIT_PACKAGE}") == 2 * len(spawns)

    # Found on every run: the agent's ANDROID_ID read (first party, before consent, beyond
    # what a utility needs) and, from the real APK's manifest, READ_PHONE_STATE beyond the
    # utility type. Missed: what only the running kit produces (its other reads, its push
    # process and its traffic).
    per_run = {
        "expected": 12,
        "found": 3,
    }
    runs = len(kit.expected_findings)
    assert summary["device"] == "pixel"
    assert summary["proxy_mode"] == "sinkhole"  # the kit's ids never reach Umeng's server
    assert summary["kit"]["package"] == KIT_PACKAGE
    assert len(summary["kit"]["sha256"]) == 64
    assert summary["runs"] == runs and summary["apps"] == 1
    assert summary["true_positives"] == per_run["found"] * runs
    assert summary["false_positives"] == 0
    assert summary["false_negatives"] == (per_run["expected"] - per_run["found"]) * runs
    assert summary["errors"] == 0
    assert summary["every_rule_required"] is False
    assert set(summary["rules_tripped"]) == {
        "collect-before-consent",
        "beyond-necessary",
        "over-requested-permissions",
    }
    assert status == 1  # recall < 1 without the running kit
    assert f"{KIT_PACKAGE}  first-launch-accept" in out
    assert "missed:     share-before-consent / android_id / pre_consent / Umeng" in out
    assert "not tripped (not required on a device)" in out

    # The consent step found the kit's dialog and tapped its buttons: 同意 then 不同意.
    centres = {"accept": "click 914,1460", "refuse": "click 722,1460"}
    clicks = [c for c in kit_lab.screens.calls if c.startswith("click")]
    assert clicks[0] == centres["accept"]
    assert centres["refuse"] in clicks[1:]
    bundles = sorted((kit_lab.out / KIT_PACKAGE).iterdir())
    assert len(bundles) == runs
    markers = [
        json.loads(line)
        for bundle in bundles
        for line in (bundle / "events.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    kinds = {m.get("kind") for m in markers}
    assert {"consent_accept", "consent_refuse"} <= kinds


def test_a_covered_dialog_makes_every_run_an_error_not_a_score(
    kit_lab: KitLab, capsys: pytest.CaptureFixture[str]
) -> None:
    # The runs complete, but without the consent step their phases mean nothing.
    kit_lab.screens = KitScreens(kit_lab.phone, covered=True)
    args = build_parser().parse_args(kit_lab.argv("--device", "pixel"))
    assert calibrate(args, targets=kit_lab.targets()) == 3
    out = capsys.readouterr().out
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["errors"] == summary["runs"] == 2
    assert summary["true_positives"] == 0
    assert out.count("error: the kit's privacy dialog was not found on screen: line") == 2


def test_jobs_above_one_on_a_phone_is_an_input_error(
    kit_lab: KitLab, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(kit_lab.argv("--device", "pixel", "--jobs", "2")) == 2
    assert "--jobs 2: device 'pixel' is a usb device" in capsys.readouterr().err
    assert kit_lab.frida.calls == []


def test_lab_apps_on_a_phone_is_an_input_error(
    kit_lab: KitLab, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(kit_lab.argv("--device", "pixel", "--apps", "calibration")) == 2
    err = capsys.readouterr().err
    assert "lab apps run on a host-lab device" in err and "lab/device-kit" in err


def test_an_unhealthy_phone_stops_calibration_before_anything_is_installed(
    kit_lab: KitLab, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(kit_lab.argv("--device", "absent")) == 3
    err = capsys.readouterr().err
    assert "device 'absent' is not ready for calibration" in err
    assert "adb: 0123456789ABCDEF is not attached" in err
    assert "fix:" in err
    assert not any(a.startswith("push") for a in kit_lab.device.actions)


def test_a_proxy_left_on_the_phone_is_named_with_its_fix(kit_lab: KitLab) -> None:
    kit_lab.device.settings[("global", "http_proxy")] = "127.0.0.1:8080"
    args = build_parser().parse_args(kit_lab.argv("--device", "pixel"))
    with pytest.raises(InfrastructureError) as caught:
        calibrate(args, targets=kit_lab.targets())
    message = str(caught.value)
    assert "proxy:" in message and "settings put global http_proxy :0" in message
    assert kit_lab.frida.calls == []


@pytest.mark.device
def test_device_kit_on_a_real_phone(tmp_path: Path) -> None:
    """The kit on a lab's phone: precision and recall 1.0 (harness/android/README.md)."""
    name = os.environ.get("HARNESS_DEVICE_NAME")
    if not name:
        pytest.skip(
            "device tier: set HARNESS_DEVICE_NAME (an Android device of devices.yaml, healthy "
            "in `harness devices`) to calibrate the harness on it with the device kit"
        )
    argv = ["calibrate", "--device", name, "--out", str(tmp_path)]
    if os.environ.get("HARNESS_DEVICES_FILE"):
        argv += ["--devices", os.environ["HARNESS_DEVICES_FILE"]]
    assert main(argv) == 0
