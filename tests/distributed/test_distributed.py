"""Suites over two lab hosts' workers on a real Redis broker (Celery), with real sessions;
and a worker SIGKILLed mid-session whose job completes on the other worker, leaving a
single finished bundle."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.testkit.cli import HARNESS
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.hostlab, pytest.mark.heavy]  # heavy: minutes, scheduled first

# Short enough that a dead worker's job comes back within the test, long enough that a
# live ~10 s session is not handed out again (if it were, its lease would hold the copy).
VISIBILITY_S, LEASE_S = 15, 8


@dataclass
class Worker:
    name: str
    device_id: str  # unique per worker: finds its lab JVMs if it dies before stopping them
    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _start_worker(tmp: Path, redis_url: str, out: Path, env: dict[str, str], n: int) -> Worker:
    device_id = f"86753091230{n:04d}"
    devices = tmp / f"w{n}-devices.yaml"
    devices.write_text(
        "version: 1\ndevices:\n"
        f"  - {{name: w{n}-lab, kind: host-lab, identifiers: {{device_id: '{device_id}', "
        f"android_id: '9774d56d682e{n:04d}'}}}}\n",
        encoding="utf-8",
    )
    log = tmp / f"w{n}.log"
    process = subprocess.Popen(
        [*HARNESS, "worker", "--broker", redis_url, "--devices",
         str(devices), "--out", str(out), "--name", f"w{n}@lab", "--visibility-timeout",
         str(VISIBILITY_S), "--lease", str(LEASE_S)],
        cwd=REPO_ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killed with its pool processes
    )  # fmt: skip
    worker = Worker(f"w{n}@lab", device_id, process, log)
    deadline = time.monotonic() + 90
    while "ready." not in worker.text():
        assert process.poll() is None, worker.text()
        assert time.monotonic() < deadline, "the worker never became ready:\n" + worker.text()
        time.sleep(0.1)
    return worker


def _lab_jvms(device_id: str) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if f"-Dharness.id.device_id={device_id}".encode() in cmdline:
            pids.append(int(proc.name))
    return pids


def _stop(worker: Worker) -> None:
    if worker.process.poll() is None:
        os.killpg(worker.process.pid, signal.SIGTERM)
        try:
            worker.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait(timeout=10)
    # Frida starts each lab JVM in its own session, so a killed worker leaves it running.
    for pid in _lab_jvms(worker.device_id):
        os.kill(pid, signal.SIGKILL)


@dataclass
class Lab:
    redis_url: str
    out: Path
    index: Path
    env: dict[str, str]
    workers: list[Worker]
    tmp: Path

    def suite(self, scenarios: str, retry: str = "{}") -> Path:
        path = self.tmp / "suite.yaml"
        path.write_text(
            f"name: two-hosts\napps: [calibration]\nscenarios: [{scenarios}]\nretry: {retry}\n",
            encoding="utf-8",
        )
        return path

    def client(self, suite: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*HARNESS, "suite", str(suite), "--broker", self.redis_url,
             "--index", str(self.index), "--progress", "never"],
            cwd=REPO_ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip

    def attempts(self) -> list[dict[str, object]]:
        done = subprocess.run(
            [*HARNESS, "results", "--index", str(self.index),
             "--all-attempts", "--json"],
            cwd=REPO_ROOT, env=self.env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        rows: list[dict[str, object]] = json.loads(done.stdout)
        return sorted(rows, key=lambda r: (str(r["id"]), int(str(r["attempt"]))))

    def verify(self, bundle: Path) -> int:
        return subprocess.run(
            [*HARNESS, "verify", str(bundle)],
            cwd=REPO_ROOT, env=self.env, capture_output=True, timeout=60,
        ).returncode  # fmt: skip


@pytest.fixture
def lab(redis_url: str, tmp_path: Path) -> Iterator[Lab]:
    env = dict(os.environ)  # with the test session's HARNESS_CACHE (tests/conftest.py)
    out = tmp_path / "shared-evidence"  # what every host mounts
    workers: list[Worker] = []
    try:
        for n in (1, 2):
            workers.append(_start_worker(tmp_path, redis_url, out, env, n))
        yield Lab(redis_url, out, tmp_path / "index.sqlite", env, workers, tmp_path)
    finally:
        for worker in workers:
            _stop(worker)


def test_a_suite_runs_on_both_workers(lab: Lab) -> None:
    client = lab.client(lab.suite("first-launch-accept, first-launch-refuse"))
    stdout, stderr = client.communicate(timeout=300)
    assert client.returncode == 0, stderr
    rows = lab.attempts()
    assert [(r["scenario"], r["outcome"]) for r in rows] == [
        ("first-launch-accept", "ok"),
        ("first-launch-refuse", "ok"),
    ]
    # One job per worker: each takes one job at a time, and both were waiting.
    assert {r["host"] for r in rows} == {"w1@lab", "w2@lab"}
    assert {r["device"] for r in rows} == {"w1-lab", "w2-lab"}
    for row in rows:
        bundle = Path(str(row["bundle"]))
        assert bundle.parent.parent == lab.out and lab.verify(bundle) == 0
    assert stdout.strip().splitlines()[-1].startswith("S")


def test_a_worker_killed_mid_session_leaves_its_job_to_the_other(lab: Lab) -> None:
    client = lab.client(lab.suite("first-launch-accept"))
    deadline = time.monotonic() + 120
    # Kill once the session is well under way: the consent screen has been dumped.
    while not list(lab.out.glob("calibration/.*.partial/ui/*consent*.xml")):
        assert client.poll() is None, client.communicate()
        assert time.monotonic() < deadline, "the session never got under way"
        time.sleep(0.05)
    (running,) = [w for w in lab.workers if ": attempt 1 on" in w.text()]
    (survivor,) = [w for w in lab.workers if w is not running]
    # A lab app halts by itself when its harness dies (its parent watchdog, tested in
    # tests/hostlab); one frozen by a deadlock cannot. Freeze it, so that it outlives its
    # worker as a hung app would, and the worker's successor must stop it.
    orphans = _lab_jvms(running.device_id)
    assert orphans, "the session's app is not running"
    for pid in orphans:
        os.kill(pid, signal.SIGSTOP)
    os.killpg(running.process.pid, signal.SIGKILL)  # the worker and its pool process
    running.process.wait(timeout=30)
    assert _lab_jvms(running.device_id) == orphans, "the frozen app outlives its worker"

    stdout, stderr = client.communicate(timeout=240)
    assert client.returncode == 0, stderr
    assert "ok 1, app faults 0, infrastructure faults 0" in stdout

    folders = sorted(p.name for p in (lab.out / "calibration").iterdir())
    finished = [name for name in folders if not name.startswith(".")]
    assert len(finished) == 1, folders  # exactly one finished bundle
    assert lab.verify(lab.out / "calibration" / finished[0]) == 0
    partial = [name for name in folders if name.endswith(".partial")]
    assert len(partial) == 1, folders  # the killed session's, never renamed
    assert not (lab.out / "calibration" / partial[0] / "manifest.json").exists()

    lost, done = lab.attempts()
    assert (lost["attempt"], lost["outcome"], lost["host"]) == (1, "infra_fault", running.name)
    assert "worker died mid-session" in str(lost["error"]) and not lost["final"]
    assert (done["attempt"], done["outcome"], done["host"]) == (2, "ok", survivor.name)
    assert done["final"] and Path(str(done["bundle"])).name == finished[0]
    assert f"attempt 2 on {survivor.name}/" in survivor.text()

    # The killed worker, started again, stops the app its predecessor left behind.
    n = int(running.name[1])
    restarted = _start_worker(lab.tmp, lab.redis_url, lab.out, lab.env, n)
    lab.workers.append(restarted)
    deadline = time.monotonic() + 60
    while any(pid in orphans for pid in _lab_jvms(running.device_id)):
        assert time.monotonic() < deadline, restarted.text()
        time.sleep(0.1)
    assert f"stopped left-over lab JVMs {orphans}" in restarted.text()


def test_a_hung_session_ends_its_pool_process_and_the_job_moves_on(lab: Lab) -> None:
    # A session limit shorter than the scenario (17 s of waits): every session "hangs".
    client = lab.client(
        lab.suite("first-launch-accept", "{max_attempts: 2, session_timeout_s: 10}")
    )
    stdout, stderr = client.communicate(timeout=300)
    assert client.returncode == 3, stderr  # the job ended in an infrastructure fault
    assert "ok 0, app faults 0, infrastructure faults 1" in stdout
    first, second = lab.attempts()
    for number, attempt in enumerate((first, second), start=1):
        assert (attempt["attempt"], attempt["outcome"]) == (number, "infra_fault")
        assert "did not end within 10 s (hung)" in str(attempt["error"])
    assert second["final"] and not first["final"]
    assert first["host"] != second["host"]  # the retry went to the other worker's device
    # Nothing sealed: each given-up session's folder is still .partial.
    folders = [p.name for p in (lab.out / "calibration").iterdir()]
    assert len(folders) == 2 and all(n.endswith(".partial") for n in folders), folders
    # The pool processes that replaced the hung ones stopped the hung apps.
    deadline = time.monotonic() + 60
    while any(_lab_jvms(w.device_id) for w in lab.workers):
        assert time.monotonic() < deadline, [w.text() for w in lab.workers]
        time.sleep(0.2)
    assert all("restarting this pool process" in w.text() for w in lab.workers)
