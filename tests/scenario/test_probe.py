"""The probe_self_start step over a scripted phone and a scripted system."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.model import MarkerKind, ProcessStart
from harness.scenario.runner import ScenarioRunner
from harness.scenario.steps import load_scenario
from tests.scenario.fakes import PKG, Evidence, FakeApp, FakePhone, FakeTime
from tests.scenario.test_runner import kinds, phone


class SystemApp(FakeApp):
    """An app whose device can stop it and send broadcasts; BOOT starts its :core."""

    def __init__(self, device: FakePhone) -> None:
        super().__init__(device)
        self.sent: list[str] = []
        self.starts: list[ProcessStart] = []
        self.stopped_at: float | None = None

    def stop_app(self) -> float:
        self.phone.alive = False
        self.stopped_at = self.phone.clock + 0.5
        return self.stopped_at

    def send_broadcast(self, action: str) -> float:
        sent = 2000.0 + len(self.sent)
        self.sent.append(action)
        if action.endswith("BOOT_COMPLETED"):
            component = f"{PKG}/{PKG}.BootReceiver"
            self.starts.append(
                ProcessStart(sent + 0.2, 4242, f"{PKG}:core", "u0a201", "broadcast", component)
            )
            # Another app started by the same broadcast is not the app's.
            self.starts.append(
                ProcessStart(sent + 0.3, 4243, "com.other", "u0a9", "broadcast", "com.other/.R")
            )
        return sent

    def process_starts(self, since: float) -> list[ProcessStart]:
        return [s for s in self.starts if s.ts >= since]


def run_probe(
    tmp_path: Path, body: str, make: type[FakeApp] = SystemApp
) -> tuple[ScenarioRunner, FakeApp]:
    device = phone(current="main")
    app = make(device)
    path = tmp_path / "s.yaml"
    path.write_text("name: t\nsteps:\n" + body, encoding="utf-8")
    clock = FakeTime()
    runner = ScenarioRunner(
        app, Evidence(), None, clock.sleep, clock.monotonic, lambda: device.clock
    )
    runner.run(load_scenario(path))
    return runner, app


def test_stops_the_app_sends_the_defaults_and_marks_what_started(tmp_path: Path) -> None:
    runner, app = run_probe(tmp_path, "  - launch\n  - probe_self_start: {watch: 1}\n  - stop\n")
    assert isinstance(app, SystemApp)
    assert app.sent == [
        "android.intent.action.BOOT_COMPLETED",
        "android.net.conn.CONNECTIVITY_CHANGE",
        "android.intent.action.USER_PRESENT",
        "android.intent.action.PACKAGE_ADDED",
    ]
    stopped = next(m for m in runner.markers if m.kind is MarkerKind.APP_STOPPED)
    background = next(m for m in runner.markers if m.kind is MarkerKind.BACKGROUND_START)
    assert stopped.ts == background.ts == app.stopped_at
    (started,) = [m for m in runner.markers if m.kind is MarkerKind.APP_SELF_STARTED]
    assert started.ts == 2000.2
    assert started.detail.endswith(
        f"BOOT_COMPLETED: Start proc 4242:{PKG}:core/u0a201 for broadcast "
        f"{{{PKG}/{PKG}.BootReceiver}}"
    )
    quiet = [m.detail for m in runner.markers if "no process of the app started" in m.detail]
    assert len(quiet) == 3
    # The app was stopped on purpose: no app_exited, and the stop is still recorded.
    assert MarkerKind.APP_EXITED not in kinds(runner) and kinds(runner)[-1] is MarkerKind.STOP


def test_a_device_without_the_system_says_so(tmp_path: Path) -> None:
    runner, app = run_probe(tmp_path, "  - launch\n  - probe_self_start\n", FakeApp)
    (failed,) = [m for m in runner.markers if m.kind is MarkerKind.STEP_FAILED]
    assert "cannot stop the app and send system broadcasts" in failed.detail
    assert app.phone.alive


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("  - probe_self_start\n  - wait: 1\n", "it must be the last step"),
        ("  - probe_self_start: {broadcasts: [BOOT]}\n", "takes intent actions like"),
        ("  - probe_self_start: {watch: 0}\n", "watch takes a number of seconds > 0"),
    ],
)
def test_bad_probes_are_refused_before_anything_runs(
    tmp_path: Path, steps: str, message: str
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: t\nsteps:\n  - launch\n" + steps, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert message in str(caught.value) and ":4:" in str(caught.value)
