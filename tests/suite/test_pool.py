"""The pool survey: which devices a suite's jobs can use, and why the others are left out.
(Android health against the adb stand-in: tests/android/test_suite_android.py.)"""

from __future__ import annotations

from pathlib import Path

from harness.config.devices import load_devices
from harness.suite.family import DeviceFamily
from harness.suite.pool import needs_adb, survey_pool, unused_families


def _lab(tmp_path: Path) -> Path:
    path = tmp_path / "devices.yaml"
    path.write_text(
        "version: 1\ndevices:\n"
        "  - {name: lab-1, kind: host-lab}\n"
        "  - {name: pixel, kind: usb, serial: 35091FDH2000K7}\n"
        "  - {name: api34, kind: emulator, avd: Pixel_7_API_34}\n",
        encoding="utf-8",
    )
    return path


def test_a_lab_app_suite_leaves_android_devices_out_without_asking_adb(tmp_path: Path) -> None:
    lab = load_devices(_lab(tmp_path))
    skip = unused_families(frozenset({DeviceFamily.HOST_LAB}))
    assert not needs_adb(lab, (), skip)
    pool = survey_pool(lab, skip=skip)  # no adb link: asking adb would fail the survey
    assert [d.name for d in pool.healthy] == ["lab-1"]
    assert pool.families == {"lab-1": DeviceFamily.HOST_LAB}
    reason = "the suite names no APKs (an Android device (usb, tcp or emulator) runs APKs)"
    assert dict(pool.excluded) == {"pixel": reason, "api34": reason}


def test_an_apk_suite_leaves_the_host_lab_out_and_needs_adb_for_its_phones(
    tmp_path: Path,
) -> None:
    lab = load_devices(_lab(tmp_path))
    skip = unused_families(frozenset({DeviceFamily.ANDROID}))
    assert needs_adb(lab, (), skip)
    assert not needs_adb(lab, ("lab-1",), skip)  # only the host lab chosen: no adb
    pool = survey_pool(lab, ("lab-1", "pixel"), skip=skip)
    assert pool.healthy == ()
    assert dict(pool.excluded) == {
        "lab-1": "the suite names no lab apps (a host-lab device runs lab apps)",
        "pixel": "no adb server: no adb server was opened for the survey",
    }
