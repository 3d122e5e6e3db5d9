"""Work repeated on a daemon thread while a `with` block runs (lease renewal, redraws, ...)."""

from __future__ import annotations

import abc
import threading
from types import TracebackType
from typing import Self


class Periodic(abc.ABC):
    """Calls `tick()` every `interval` seconds on a daemon thread while a `with` block runs.

    Leaving the block stops the thread and waits for it, so nothing after the block races a
    tick; then `finish()` runs in the caller's thread. A disabled one starts no thread and
    skips `finish()` too: nothing was started, so there is nothing to finish.
    """

    def __init__(self, interval: float, name: str, *, enabled: bool = True) -> None:
        self.interval = interval
        self._stop = threading.Event()
        self._thread = (
            threading.Thread(target=self._loop, name=name, daemon=True) if enabled else None
        )

    @abc.abstractmethod
    def tick(self) -> None:
        """The repeated work (on the thread)."""

    def finish(self) -> None:  # noqa: B027  (an optional hook: most need no ending)
        """After the thread stopped (subclasses release, redraw, ...)."""

    def __enter__(self) -> Self:
        if self._thread is not None:
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self.finish()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.tick()
