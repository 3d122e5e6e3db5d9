"""Suites through a broker send each job to its family's queue only when some live worker
serves a device that can run it: an APK job with no phone served anywhere, or only phones
older than the APK's minSdkVersion, is reported not runnable and never queued; a worker
whose phone cannot be reached leaves it out with the reason."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.cli import main
from harness.distributed.client import _unservable
from harness.distributed.engine import queue_for
from harness.distributed.registry import ServedDevice
from harness.suite.family import DeviceFamily
from harness.suite.jobs import Job
from harness.testkit.cli import HARNESS
from tests.android.adb_standin import AdbStandin
from tests.android.session_kit import PACKAGE, U2_APK
from tests.conftest import REPO_ROOT


def test_apk_jobs_no_worker_serves_are_not_runnable_and_not_sent(
    tmp_path: Path, redis_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import redis

    shutil.copyfile(U2_APK, tmp_path / "u2.apk")
    suite = tmp_path / "apks.yaml"
    suite.write_text("name: apks\napps: [u2.apk]\nscenarios: [first-launch-accept]\n")
    index = tmp_path / "index.sqlite"
    status = main(
        ["suite", str(suite), "--broker", redis_url, "--index", str(index),
         "--progress", "never"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert status == 3
    assert (
        f"infra_fault {PACKAGE} first-launch-accept on -: not runnable: no worker serves "
        "any Android device (usb, tcp or emulator) to run APKs"
    ) in out
    assert "(1 not runnable)" in out
    # Nothing was queued for a worker to pick up.
    broker = redis.Redis.from_url(redis_url)
    assert broker.llen(queue_for(DeviceFamily.ANDROID)) == 0
    assert broker.llen(queue_for(DeviceFamily.HOST_LAB)) == 0


LAB_DEVICE = ServedDevice("h1", "lab-1", DeviceFamily.HOST_LAB, "host-lab")


def _job(min_sdk: int, family: DeviceFamily = DeviceFamily.ANDROID) -> Job:
    return Job("S/app/s", "S", "/apks/app.apk", "com.example", "/s.yaml", "s", 2,
               family=family, min_sdk=min_sdk)  # fmt: skip


@pytest.mark.parametrize(
    ("job", "served", "why"),
    [
        (_job(0), [], "no worker serves any Android device (usb, tcp or emulator) to run APKs"),
        (
            _job(0),
            [LAB_DEVICE],
            "no worker serves any Android device (usb, tcp or emulator) to run APKs",
        ),
        (
            _job(35),
            [
                ServedDevice("h1", "pixel", DeviceFamily.ANDROID, "usb", "A", 33),
                ServedDevice("h2", "galaxy", DeviceFamily.ANDROID, "usb", "B", 34),
            ],
            "com.example needs Android SDK 35; the workers serve h1/pixel (SDK 33), "
            "h2/galaxy (SDK 34)",
        ),
        (_job(34), [ServedDevice("h2", "galaxy", DeviceFamily.ANDROID, "usb", "B", 34)], ""),
        # A phone whose version was not read is offered the job (its install then decides).
        (_job(35), [ServedDevice("h3", "emu", DeviceFamily.ANDROID, "emulator")], ""),
        (_job(0, DeviceFamily.HOST_LAB), [LAB_DEVICE], ""),
    ],
)
def test_which_jobs_a_served_pool_can_run(job: Job, served: list[ServedDevice], why: str) -> None:
    assert _unservable(job, served) == why


def test_a_worker_leaves_out_a_phone_it_cannot_reach(tmp_path: Path) -> None:
    devices = tmp_path / "devices.yaml"
    devices.write_text(
        "version: 1\ndevices:\n  - {name: pixel, kind: usb, serial: 35091FDH2000K7}\n",
        encoding="utf-8",
    )
    with AdbStandin([]) as standin:  # this host's adb server, with no phone plugged in
        done = subprocess.run(
            [*HARNESS, "worker", "--broker", "redis://127.0.0.1:1/0",
             "--devices", str(devices)],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
            env=os.environ | {"ANDROID_ADB_SERVER_PORT": str(standin.port)},
        )  # fmt: skip
    assert done.returncode == 3  # nothing to serve; the broker was never contacted
    assert "device pixel left out: adb: 35091FDH2000K7 is not attached (fix: " in done.stderr
    assert f"no healthy device in {devices} to serve" in done.stderr
