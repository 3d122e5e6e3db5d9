"""The progress display: per device and overall lines on a terminal, the late-attempt race,
the time-left estimate, and one timestamped line per event off a terminal."""

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
    return Attempt(JOB.id, number, "h", device, outcome, "", "", 10.0, 20.0)


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


JOB_2 = Job("S/inbox/first-launch-accept", "S", "inbox", "inbox", "/x.yaml",
            "first-launch-accept", 3)  # fmt: skip


def test_a_late_attempt_does_not_clear_the_next_session() -> None:
    # The device thread starts its next job before the main thread records the last one.
    progress = SuiteProgress("s", 2, ["lab-1"])
    progress.session_started("lab-1", JOB, 1)
    progress.session_started("lab-1", JOB_2, 1)
    progress.attempt_done(Attempt(JOB.id, 1, "h", "lab-1", OutcomeKind.OK, "", "", 1, 2), True)
    device, _overall = progress.lines(width=200)
    assert "inbox · first-launch-accept" in device and "idle" not in device
    assert "(1 sessions)" not in device
    progress.attempt_done(Attempt(JOB_2.id, 1, "h", "lab-1", OutcomeKind.OK, "", "", 2, 3), True)
    assert "idle (2 sessions)" in progress.lines(width=200)[0]


def test_a_retried_attempt_clears_only_its_own_number() -> None:
    progress = SuiteProgress("s", 1, ["lab-1"])
    progress.session_started("lab-1", JOB, 2)  # the retry is already running here
    progress.attempt_done(_attempt("lab-1", OutcomeKind.INFRA_FAULT, 1), final=False)
    assert "(attempt 2)" in progress.lines(width=200)[0]


def test_time_left_shrinks_while_a_session_runs() -> None:
    clock = Clock()
    progress = SuiteProgress("s", 3, ["lab-1"], clock=clock)
    progress.session_started("lab-1", JOB, 1)
    clock.now += 60
    progress.attempt_done(
        Attempt(JOB.id, 1, "h", "lab-1", OutcomeKind.OK, "", "", 1000, 1060), True
    )
    progress.session_started("lab-1", JOB_2, 1)

    def left() -> str:
        overall = progress.lines(width=200)[-1]
        return overall.split("~", 1)[1].split(" left", 1)[0]

    # One job waiting (60 s) and one just started (60 s to go) on one device.
    assert left() == "2m00s"
    clock.now += 45
    assert left() == "1m15s"
    clock.now += 100  # running longer than the mean: the waiting job's share remains
    assert left() == "1m00s"


def test_off_a_terminal_each_start_and_end_is_a_timestamped_line() -> None:
    from harness.suite.progress import progress_display

    stream = io.StringIO()
    progress = SuiteProgress("s", 2, ["lab-1"])
    with progress_display(progress, stream):
        progress.session_started("lab-1", JOB, 1)
        started = stream.getvalue()  # written at once, not at the end
        progress.attempt_done(
            Attempt(JOB.id, 1, "h", "lab-1", OutcomeKind.APP_FAULT, "", "crashed\nmore", 5, 9),
            True,
            JOB,
        )
        progress.device_retired("lab-1", "2 infrastructure faults in a row")
    lines = stream.getvalue().splitlines()
    assert started == lines[0] + "\n"
    assert lines[0].endswith("Z start calibration · first-launch-accept on lab-1")
    assert lines[0][:4].isdigit() and lines[0][10] == "T"
    assert lines[1].endswith(
        "end app_fault calibration · first-launch-accept on lab-1 in 4s: crashed [1/2 done]"
    )
    assert lines[2].endswith("device lab-1 retired: 2 infrastructure faults in a row")
    assert len(lines) == 3 and "\x1b" not in stream.getvalue()
