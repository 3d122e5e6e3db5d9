"""Suites through a broker run lab apps only: APK jobs are reported as not runnable (never
sent), and a worker leaves its Android devices out with that reason."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.cli import main
from tests.android.session_kit import PACKAGE, U2_APK
from tests.conftest import REPO_ROOT


def test_apk_jobs_through_a_broker_are_not_runnable_and_not_sent(
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
        f"infra_fault {PACKAGE} first-launch-accept on -: not runnable: workers serve "
        "host-lab devices only; run suites with APKs without --broker"
    ) in out
    assert "(1 not runnable)" in out
    # Nothing was queued for a worker to pick up.
    assert redis.Redis.from_url(redis_url).llen("harness.sessions") == 0


def test_a_worker_leaves_its_android_devices_out(tmp_path: Path) -> None:
    devices = tmp_path / "devices.yaml"
    devices.write_text(
        "version: 1\ndevices:\n  - {name: pixel, kind: usb, serial: 35091FDH2000K7}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "harness", "worker", "--broker", "redis://127.0.0.1:1/0",
         "--devices", str(devices)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 3  # nothing to serve; the broker was never contacted
    assert "device pixel left out: workers serve host-lab devices only" in done.stderr
    assert f"no healthy device in {devices} to serve" in done.stderr
