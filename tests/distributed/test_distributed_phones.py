"""Phones across lab hosts: each host's worker serves the phone attached to it, APK jobs go
only to hosts serving a phone, a phone lost mid-job has its job end on another host, and the
index says which host and phone ran each attempt. Real Redis broker, real Celery workers in
their own processes, each host with its own adb stand-in (tests/distributed/phone_host.py)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.distributed.registry import DeviceRegistry
from harness.testkit.cli import HARNESS
from tests.android.adb_standin import AdbStandin
from tests.android.frida_standin import frida_service
from tests.android.session_kit import PACKAGE, U2_APK, Phone, rooted_phone
from tests.conftest import REPO_ROOT

SCENARIO = "name: quick-look\nsteps:\n  - launch\n  - wait: 0.5\n  - stop\n"


@dataclass
class Host:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _wait_for(host: Host, text: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while text not in host.text():
        assert host.process.poll() is None, host.text()
        assert time.monotonic() < deadline, f"{host.name} never said {text!r}:\n{host.text()}"
        time.sleep(0.1)


def _stop(host: Host) -> None:
    if host.process.poll() is None:
        os.killpg(host.process.pid, signal.SIGTERM)
        try:
            host.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(host.process.pid, signal.SIGKILL)
            host.process.wait(timeout=10)


@dataclass
class Lab:
    tmp: Path
    redis_url: str
    out: Path
    index: Path
    hosts: list[Host]

    def phone_host(self, n: int, serial: str, *extra: str) -> Host:
        log = self.tmp / f"h{n}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.distributed.phone_host", "--serial", serial, *extra,
             "--broker", self.redis_url, "--out", str(self.out), "--name", f"h{n}@lab",
             "--visibility-timeout", "60", "--lease", "8"],
            cwd=REPO_ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        host = Host(f"h{n}@lab", process, log)
        self.hosts.append(host)
        _wait_for(host, "ready.")
        return host

    def suite(self, retry: str = "{}") -> Path:
        shutil.copyfile(U2_APK, self.tmp / "app.apk")
        (self.tmp / "quick-look.yaml").write_text(SCENARIO, encoding="utf-8")
        path = self.tmp / "phones.yaml"
        path.write_text(
            f"name: phones\napps: [app.apk]\nscenarios: [quick-look.yaml]\nretry: {retry}\n",
            encoding="utf-8",
        )
        return path

    def client(self, suite: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*HARNESS, "suite", str(suite), "--broker", self.redis_url,
             "--index", str(self.index), "--progress", "never"],
            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    def attempts(self) -> list[dict[str, object]]:
        done = subprocess.run(
            [*HARNESS, "results", "--index", str(self.index),
             "--all-attempts", "--json"],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        rows: list[dict[str, object]] = json.loads(done.stdout)
        return sorted(rows, key=lambda r: int(str(r["attempt"])))


@pytest.fixture
def lab(redis_url: str, tmp_path: Path) -> Iterator[Lab]:
    made = Lab(tmp_path, redis_url, tmp_path / "shared-evidence", tmp_path / "i.sqlite", [])
    try:
        yield made
    finally:
        for host in made.hosts:
            _stop(host)


def test_a_phone_lost_mid_job_has_its_job_end_on_the_other_host(lab: Lab) -> None:
    first = lab.phone_host(1, "35091FDH2000K7", "--lose-device-after-install")
    client = lab.client(lab.suite("{max_attempts: 3}"))
    # Only the first host serves a phone yet: the job starts there, and its phone goes.
    _wait_for(first, "went offline after the install", 120)
    second = lab.phone_host(2, "R5CT1234ABC")
    stdout, stderr = client.communicate(timeout=300)
    assert client.returncode == 0, stderr + first.text() + second.text()
    assert "ok 1, app faults 0, infrastructure faults 0" in stdout

    lost, done = lab.attempts()
    assert (lost["attempt"], lost["outcome"], lost["host"], lost["device"]) == (
        1, "infra_fault", "h1@lab", "pixel",
    )  # fmt: skip
    assert "offline" in str(lost["error"]) and not lost["final"]
    assert (done["attempt"], done["outcome"], done["host"], done["device"]) == (
        2, "ok", "h2@lab", "pixel",
    )  # fmt: skip
    assert done["final"] and done["app"] == PACKAGE
    bundle = Path(str(done["bundle"]))
    assert bundle.parent.parent == lab.out
    verified = subprocess.run(
        [*HARNESS, "verify", str(bundle)],
        cwd=REPO_ROOT, capture_output=True, timeout=60,
    )  # fmt: skip
    assert verified.returncode == 0
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["device"]["fingerprint"]["serial"] == "R5CT1234ABC"  # host 2's phone


def test_a_worker_serves_its_host_lab_and_its_phone_each_from_its_own_queue(
    lab: Lab, tmp_path: Path
) -> None:
    stack = contextlib.ExitStack()
    """`harness worker` on a host with a lab device and a phone: both surveyed, one family
    worker each, and both devices announced (the phone with the Android version it reads)
    until the worker stops."""
    frida_peer = stack.enter_context(frida_service())
    standin = AdbStandin([rooted_phone("35091FDH2000K7", Phone(), frida_peer)])
    devices = tmp_path / "devices.yaml"
    devices.write_text(
        "version: 1\ndevices:\n  - {name: lab-1, kind: host-lab}\n"
        "  - {name: pixel, kind: usb, serial: 35091FDH2000K7}\n",
        encoding="utf-8",
    )
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [*HARNESS, "worker", "--broker", lab.redis_url, "--devices",
         str(devices), "--out", str(lab.out), "--name", "w@lab"],
        cwd=REPO_ROOT, env=os.environ | {"ANDROID_ADB_SERVER_PORT": str(standin.port)},
        stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    host = Host("w@lab", process, log)
    lab.hosts.append(host)
    try:
        registry = DeviceRegistry.from_url(lab.redis_url)
        deadline = time.monotonic() + 120
        while len(served := registry.live()) < 2:
            assert process.poll() is None, host.text()
            assert time.monotonic() < deadline, host.text()
            time.sleep(0.2)
        assert [(d.key, d.family.value, d.kind, d.serial, d.sdk) for d in served] == [
            ("w@lab/lab-1", "host-lab", "host-lab", "", 0),
            ("w@lab/pixel", "android", "usb", "35091FDH2000K7", 34),
        ]
        assert "serving pixel (APKs)" in host.text() and "serving lab-1 (lab apps)" in host.text()
        _stop(host)
        assert process.returncode == 0, host.text()
        assert registry.live() == []  # withdrawn at the stop, not left to expire
    finally:
        standin.close()
        stack.close()
