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
