"""Two ways to show progress: redrawn in place on a terminal, or one line per event.

`LiveDisplay` redraws a state's `lines(width)` every `interval` seconds while a `with` block
runs, moving the cursor up over its last drawing (ANSI CSI F/K/J, which every terminal CI
offers understands). `EventLog` writes a timestamped line per event and flushes it at once,
so a log shows each job's start and end as it happens, not when the command ends. A live
display is on only on a terminal; an event log only off one, so a terminal is not scrolled
by lines the redraw already shows.

Known gaps: the redraw assumes each line fits the terminal's width (lines are cut to it)
and that nothing else writes to the same terminal while it runs (a warning logged mid-run
is overdrawn by the next redraw, and stays in the scroll-back above).
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from collections.abc import Callable
from typing import Protocol, TextIO

from harness.periodic import Periodic


class Lines(Protocol):
    """A state that renders itself as lines no wider than `width`."""

    def lines(self, width: int = 100) -> list[str]: ...


def fit(rows: list[str], width: int) -> list[str]:
    """Each row cut to `width` characters, an ellipsis marking the cut."""
    return [row if len(row) <= width else row[: max(width - 1, 1)] + "…" for row in rows]


def wants_live(stream: TextIO, forced: bool | None) -> bool:
    """Live redraw: as forced (`--progress always|never`), else only on a terminal."""
    if forced is not None:
        return forced
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class LiveDisplay(Periodic):
    """Redraws `state.lines()` in place every `interval` seconds while on a terminal."""

    def __init__(
        self,
        state: Lines,
        stream: TextIO,
        *,
        enabled: bool | None = None,
        interval: float = 0.5,
        name: str = "live-progress",
    ) -> None:
        self.enabled = wants_live(stream, enabled)
        super().__init__(interval, name, enabled=self.enabled)
        self._state = state
        self._stream = stream
        self._drawn = 0
        self._lock = threading.Lock()  # draw() from the caller and from the thread

    def tick(self) -> None:
        self.draw()

    def finish(self) -> None:
        self.draw()  # the final state stays on screen

    def draw(self) -> None:
        with self._lock:
            width = shutil.get_terminal_size((100, 20)).columns
            lines = self._state.lines(width)
            # Move up over what was drawn last time, then rewrite each line and clear its tail.
            up = f"\x1b[{self._drawn}F" if self._drawn else ""
            text = up + "".join(f"{line}\x1b[K\n" for line in lines)
            if len(lines) < self._drawn:
                text += "\x1b[J"
            self._stream.write(text)
            self._stream.flush()
            self._drawn = len(lines)


def utc_stamp(epoch: float) -> str:
    """`2026-12-07T14:20:05Z`: a log line's time, in UTC like every time the harness writes."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class EventLog:
    """One timestamped line per event, written and flushed at once (CI logs); thread-safe.

    Disabled (on a terminal, where a live display shows the same), `line()` does nothing.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        enabled: bool = True,
        prefix: str = "",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.enabled = enabled
        self._stream = stream
        self._prefix = prefix
        self._clock = clock
        self._lock = threading.Lock()

    def line(self, text: str) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._stream.write(f"{utc_stamp(self._clock())} {self._prefix}{text}\n")
            self._stream.flush()
