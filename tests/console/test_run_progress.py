"""`harness run`'s progress: one redrawn line on a terminal, timestamped lines otherwise."""

from __future__ import annotations

import io

from harness.console.live import EventLog, LiveDisplay, wants_live
from harness.console.run_progress import RunProgress
from harness.session.orchestrator import SessionProgress, SessionStage, SessionTally


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_the_line_shows_step_counts_and_time() -> None:
    clock, tally = Clock(), SessionTally()
    progress = RunProgress("calibration · first-launch-accept on host-lab", tally, clock=clock)
    assert progress.lines(200) == [
        "calibration · first-launch-accept on host-lab  starting  hooks 0 · flows 0  0m00s"
    ]
    progress.on_progress(SessionProgress(SessionStage.STEP, "consent accept", 3, 8))
    tally.add(hook_events=12, flows=3, rejected=1)
    clock.now += 75
    (line,) = progress.lines(200)
    assert "step 3/8 consent accept  hooks 12 · flows 3 · rejected 1  1m15s" in line
    assert len(progress.lines(30)[0]) == 30


def test_off_a_terminal_each_phase_and_step_is_a_timestamped_line() -> None:
    stream, tally = io.StringIO(), SessionTally()
    log = EventLog(stream, clock=lambda: 0.0)
    progress = RunProgress("app", tally, log=log)
    progress.on_progress(SessionProgress(SessionStage.PREPARE, "proxy and agent"))
    tally.add(hook_events=4)
    progress.on_progress(SessionProgress(SessionStage.STEP, "launch", 1, 8))
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("1970-01-01T00:00:00Z prepare proxy and agent (hooks 0 · flows 0")
    assert lines[1].startswith("1970-01-01T00:00:00Z step 1/8 launch (hooks 4 · flows 0")


def test_live_only_on_a_terminal_unless_forced() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wants_live(Tty(), None) and not wants_live(io.StringIO(), None)
    assert wants_live(io.StringIO(), True) and not wants_live(Tty(), False)
    stream = Tty()
    progress = RunProgress("app", SessionTally())
    display = LiveDisplay(progress, stream)
    display.draw()
    display.draw()
    assert stream.getvalue().count("app  starting") == 2 and "\x1b[1F" in stream.getvalue()


def test_a_disabled_event_log_writes_nothing() -> None:
    stream = io.StringIO()
    EventLog(stream, enabled=False).line("x")
    assert stream.getvalue() == ""
