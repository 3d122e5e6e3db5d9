"""The one UI driver interface. Android (uiautomator2) and the host lab implement it.

Every action returns the host-clock instant (epoch seconds) at which it took effect on the
device, so phase markers carry the time of the tap itself.
"""

from __future__ import annotations

import enum
from typing import Protocol


class Key(enum.StrEnum):
    BACK = "BACK"
    HOME = "HOME"
    ENTER = "ENTER"


class UiDriver(Protocol):
    def dump_hierarchy(self) -> str:
        """The current screen as uiautomator XML (`<hierarchy><node .../></hierarchy>`)."""
        ...

    def click(self, x: int, y: int) -> float:
        """Tap at a point; returns when the tap happened."""
        ...

    def long_click(self, x: int, y: int, duration_s: float) -> float:
        """Press and hold at a point for `duration_s`; returns when the press began."""
        ...

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_s: float) -> float:
        """Drag a finger from (x1, y1) to (x2, y2); returns when the swipe began."""
        ...

    def input_text(self, text: str, clear: bool = True) -> float:
        """Type into the focused text field (replacing its text when `clear`)."""
        ...

    def press(self, key: Key) -> float:
        """Press a key; returns when it happened."""
        ...

    def bring_to_foreground(self) -> float:
        """Bring the app under test back (as from the launcher / recents)."""
        ...

    def screenshot_png(self) -> bytes | None:
        """The screen as PNG bytes, or None when the driver cannot take one."""
        ...

    def is_app_alive(self) -> bool: ...
