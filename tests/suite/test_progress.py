"""The progress display: per device and overall lines; silent when not on a terminal."""

from __future__ import annotations

import io

from harness.session.orchestrator import OutcomeKind, SessionProgress, SessionStage
from harness.suite.jobs import Attempt, Job
from harness.suite.progress import LiveDisplay, SuiteProgress

JOB = Job("S/calibration/first-launch-accept", "S", "calibration", "calibration", "/x.yaml",
          "first-launch-accept", 3)  # fmt: skip


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _attempt(device: str, outcome: OutcomeKind, number: int = 1) -> Attempt:
    return Attempt(JOB.id, number, "h", device, outcome, "", "", 0.0, 0.0)


def test_lines_show_app_step_and_totals() -> None:
    clock = Clock()
    progress = SuiteProgress("nightly", 4, ["lab-1", "lab-2"], clock=clock)
    progress.session_started("lab-1", JOB, 1)
    clock.now += 3
    progress.step("lab-1", SessionProgress(SessionStage.STEP, "consent accept", 3, 7))
    progress.attempt_done(_attempt("lab-2", OutcomeKind.INFRA_FAULT), final=False)
    progress.attempt_done(_attempt("lab-2", OutcomeKind.OK, 2), final=True)
    device_1, device_2, overall = progress.lines(width=200)
    assert device_1.startswith("lab-1")
    assert "calibration · first-launch-accept" in device_1
    assert "step 3/7 consent accept" in device_1 and device_1.endswith("3s")
    assert "idle (2 sessions)" in device_2
    assert overall.startswith("nightly: 1/4 done")
    assert "ok 1," in overall and "retries 1" in overall and "left" in overall


def test_retired_device_and_narrow_terminal() -> None:
    progress = SuiteProgress("s", 1, ["lab-1"])
    progress.device_retired("lab-1", "2 infrastructure faults in a row")
    lines = progress.lines(width=30)
    assert lines[0].startswith("lab-1") and "retired" in lines[0]
    assert all(len(line) <= 30 for line in lines)


def test_display_is_quiet_off_a_terminal() -> None:
    stream = io.StringIO()  # isatty() is False
    progress = SuiteProgress("s", 1, ["lab-1"])
    with LiveDisplay(progress, stream, interval=0.01) as display:
        progress.session_started("lab-1", JOB, 1)
    assert not display.enabled and stream.getvalue() == ""


def test_forced_display_redraws_in_place() -> None:
    stream = io.StringIO()
    progress = SuiteProgress("s", 1, ["lab-1"])
    display = LiveDisplay(progress, stream, enabled=True)
    display.draw()
    display.draw()
    text = stream.getvalue()
    assert text.count("s: 0/1 done") == 2
    assert "\x1b[2F" in text  # the second drawing moved up over the first
