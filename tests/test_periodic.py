"""Periodic: ticks on its own thread while the block runs; stopped and joined before finish."""

from __future__ import annotations

import threading

from harness.periodic import Periodic


class _Recorder(Periodic):
    def __init__(self, *, enabled: bool = True) -> None:
        super().__init__(0.001, "test-periodic", enabled=enabled)
        self.log: list[str] = []
        self.ticked = threading.Event()

    def tick(self) -> None:
        self.log.append("tick")
        self.ticked.set()

    def finish(self) -> None:
        self.log.append("finish")


def test_ticks_while_the_block_runs_then_finishes_once_after_the_last_tick() -> None:
    with _Recorder() as recorder:
        assert recorder.ticked.wait(30)
    assert recorder.log[0] == "tick"
    assert recorder.log[-1] == "finish" and recorder.log.count("finish") == 1
    # The thread was joined before finish: nothing can tick after it.
    assert not any(t.name == "test-periodic" for t in threading.enumerate())


def test_disabled_starts_no_thread_and_has_nothing_to_finish() -> None:
    with _Recorder(enabled=False) as recorder:
        assert not any(t.name == "test-periodic" for t in threading.enumerate())
    assert recorder.log == []
