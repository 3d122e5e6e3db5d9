"""`harness suite` over a pool with a host-lab device and Android devices, offline.

The lab app runs for real on the host lab (Frida, JVM, mitmproxy); the APK runs on a phone
made of the adb stand-in (real adb wire protocol, recorded answers of a rooted Android 14
device), a fake Frida device and a fake uiautomator2 server (tests/android/session_kit.py),
through the same orchestrator as `harness run APP.apk --device NAME`. What is checked: each
job lands on a device of its family, the bundles verify, the results index and `harness
diff` hold both apps, an unhealthy phone is left out with its reason, and a suite whose
APKs no healthy phone can run ends with its jobs reported as not runnable.
"""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness.agent.catalog import DEFAULT_CATALOG, load_catalog
from harness.android.adb import AdbEndpoint
from harness.android.shell import DeviceShell
from harness.android.ui import U2Driver
from harness.cli import main
from harness.config.devices import DeviceConfig, DeviceKind, load_devices
from harness.results.location import index_url
from harness.results.store import open_index
from harness.rules.pack import DEFAULT_RULE_PACK, load_rule_pack
from harness.session.android import AndroidTargets
from harness.session.target import TargetFactory
from harness.suite.adblink import hold_adb
from harness.suite.family import DeviceFamily
from harness.suite.local import run_suite_here
from harness.suite.pool import survey_pool, unused_families
from harness.suite.session import JobRunner, SessionKit
from harness.suite.spec import load_suite
from harness.ui.driver import UiDriver
from tests.android.adb_standin import AdbStandin, StandinDevice
from tests.android.session_kit import (
    PACKAGE,
    U2_APK,
    FakeFridaDevice,
    Phone,
    RecordedScreens,
    rooted_phone,
)

PHONE_SERIAL = "35091FDH2000K7"
LOCKED_SERIAL = "R58M12ABCDE"  # attached, but the computer's key was never accepted
# Short enough for the host lab, and nothing in it is particular to one app.
SCENARIO = "name: quick-look\nsteps:\n  - launch\n  - wait: 0.5\n  - stop\n"


@dataclass
class Lab:
    standin: AdbStandin
    phone_device: StandinDevice
    phone: Phone
    frida: FakeFridaDevice
    screens: RecordedScreens
    root: Path

    @property
    def endpoint(self) -> AdbEndpoint:
        return AdbEndpoint("127.0.0.1", self.standin.port)

    def targets(self, device: DeviceConfig) -> TargetFactory | None:
        """The phone's fakes for Android devices; the real host-lab target otherwise."""
        if device.kind is DeviceKind.HOST_LAB:
            return None

        def connect_ui(shell: DeviceShell, package: str) -> UiDriver:
            return U2Driver(self.screens, shell, package)

        return AndroidTargets(
            frida_device=lambda serial: self.frida.for_serial(serial),  # type: ignore[arg-type,return-value]
            connect_ui=connect_ui,
            endpoint=self.endpoint,
        )

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def lab(tmp_path: Path, frida_peer: tuple[str, int]) -> Iterator[Lab]:
    phone = Phone()
    device = rooted_phone(PHONE_SERIAL, phone, frida_peer)
    standin = AdbStandin([device, StandinDevice(LOCKED_SERIAL, state="unauthorized")])
    shutil.copyfile(U2_APK, tmp_path / "uiautomator.apk")
    made = Lab(
        standin,
        device,
        phone,
        FakeFridaDevice(phone),
        RecordedScreens(phone),
        tmp_path,
    )
    made.write("quick-look.yaml", SCENARIO)
    yield made
    standin.close()


def _sessions(index: Path, run_id: str, capsys: pytest.CaptureFixture[str]) -> list[Any]:
    capsys.readouterr()
    assert main(["results", "--index", str(index), "--json", "--run", run_id]) == 0
    rows: list[Any] = json.loads(capsys.readouterr().out)
    return rows


@pytest.mark.hostlab
def test_lab_apps_run_on_the_host_lab_and_apks_on_the_phone(
    lab: Lab, capsys: pytest.CaptureFixture[str]
) -> None:
    devices = lab.write(
        "devices.yaml",
        "version: 1\ndevices:\n"
        "  - {name: lab-1, kind: host-lab}\n"
        f"  - {{name: pixel, kind: usb, serial: {PHONE_SERIAL}}}\n"
        f"  - {{name: locked, kind: usb, serial: {LOCKED_SERIAL}}}\n",
    )
    suite = load_suite(
        lab.write(
            "mixed.yaml",
            "name: mixed\napps:\n  - calibration\n  - apk: uiautomator.apk\n"
            "scenarios: [quick-look.yaml]\nretry: {max_attempts: 2}\n",
        )
    )
    assert suite.families == {DeviceFamily.HOST_LAB, DeviceFamily.ANDROID}
    index_path = lab.root / "index.sqlite"
    kit = SessionKit(
        lab.root / "evidence", load_catalog(DEFAULT_CATALOG), load_rule_pack(DEFAULT_RULE_PACK)
    )
    with hold_adb(lab.endpoint) as adb:
        pool = survey_pool(load_devices(devices), skip=unused_families(suite.families), adb=adb)
        assert [d.name for d in pool.healthy] == ["lab-1", "pixel"]
        ((name, why),) = pool.excluded
        assert name == "locked"
        assert f"adb: {LOCKED_SERIAL} is unauthorized (fix: " in why
        with open_index(index_url(str(index_path))) as index:
            run_id, recorder = run_suite_here(
                suite,
                pool.healthy,
                JobRunner(kit, targets=lab.targets),
                index,
                io.StringIO(),
                live=False,
            )

    results = {r.job.app_name: r for r in recorder.results}
    assert sorted(results) == ["calibration", PACKAGE]  # the APK is named by its package
    for app, device in [("calibration", "lab-1"), (PACKAGE, "pixel")]:
        (attempt,) = results[app].attempts
        assert attempt.outcome.value == "ok", attempt.error
        assert attempt.device == device
        bundle = Path(attempt.bundle)
        assert main(["verify", str(bundle)]) == 0
        manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["device"]["name"] == device

    # The APK ran on the phone through its Frida device, and the phone was left clean.
    assert lab.frida.serials == [PHONE_SERIAL]
    assert f"spawn {PACKAGE}" in lab.frida.calls
    assert not lab.phone.installed and not lab.phone.running
    assert lab.phone_device.reverses == {}

    rows = _sessions(index_path, run_id, capsys)
    indexed = {(r["app"], r["device"], r["outcome"]) for r in rows}
    assert indexed == {("calibration", "lab-1", "ok"), (PACKAGE, "pixel", "ok")}
    apk_row = next(r for r in rows if r["app"] == PACKAGE)
    assert apk_row["bundle"] == results[PACKAGE].final.bundle and apk_row["run_id"]

    capsys.readouterr()
    junit = lab.root / "junit.xml"
    status = main(
        ["diff", "--index", str(index_path), "--run", run_id, "--baseline", run_id,
         "--junit", str(junit)]
    )  # fmt: skip
    shown = capsys.readouterr().out
    assert status == 0, shown
    assert f"{PACKAGE} · quick-look: 0 new, 0 fixed" in shown
    assert "calibration · quick-look: 0 new, 0 fixed" in shown
    cases = ET.parse(junit).getroot().iter("testcase")
    assert sorted(str(c.get("classname")) for c in cases) == ["calibration", PACKAGE]


def test_an_apk_suite_without_a_healthy_phone_reports_its_jobs_not_runnable(
    lab: Lab, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(lab.standin.port))
    devices = lab.write(
        "devices.yaml",
        "version: 1\ndevices:\n"
        "  - {name: lab-1, kind: host-lab}\n"
        f"  - {{name: locked, kind: usb, serial: {LOCKED_SERIAL}}}\n",
    )
    suite = lab.write(
        "apks.yaml",
        "name: apks\napps: [uiautomator.apk]\nscenarios: [quick-look.yaml, first-launch-accept]\n",
    )
    index = lab.root / "index.sqlite"
    status = main(
        ["suite", str(suite), "--devices", str(devices), "--out", str(lab.root / "evidence"),
         "--index", str(index), "--progress", "never"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 3
    assert f"device locked left out: adb: {LOCKED_SERIAL} is unauthorized" in err
    assert "device lab-1 left out: the suite names no lab apps" in err
    assert (
        "harness: 2 job(s) not runnable: no healthy Android device (usb, tcp or emulator) "
        "in the pool to run APKs"
    ) in err
    for scenario in ("quick-look", "first-launch-accept"):
        assert f"infra_fault {PACKAGE} {scenario} on -: not runnable: " in out
    assert "ok 0, app faults 0, infrastructure faults 2 (2 not runnable)" in out
    # Nothing touched the phone, and no session was started anywhere.
    assert not lab.phone_device.actions
    # The evidence folder was checked (made) before anything started, and holds no bundle.
    assert not list((lab.root / "evidence").iterdir())
    # Both jobs are in the index, each with its one attempt (never retried).
    rows = _sessions(index, out.strip().splitlines()[-1], capsys)
    assert [(r["attempt"], r["device"], r["outcome"]) for r in rows] == [(1, "", "infra_fault")] * 2
