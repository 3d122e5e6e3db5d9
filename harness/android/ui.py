"""UiDriver over uiautomator2: the scenario runner's hands and eyes on an Android device.

Each action returns the host-clock instant it took effect: the midpoint of the RPC that
performed it (the tap happens on the device while the call is in flight), so a consent
marker carries the time of the tap itself, within half the RPC's round trip.

A dump with no nodes, or with only the system UI's (the keyguard), means the screen went
off or locked: the driver then wakes and unlocks it (harness.android.screen) and dumps
again, or fails as the lab's fault naming the fix, so a consent dialog is never reported
"not found" on a dark screen.

Text input goes through uiautomator2's send_keys, which either puts the text on the clipboard
and pastes it, or installs and selects its AdbKeyboard IME. Neither may outlive the input on a
phone a person uses afterwards (nor leave typed text readable by the next app), so the
driver notes the default IME, the enabled IMEs and the clipboard first and puts them back.

Known gaps: a clipboard the u2 server cannot read (Android 10+ when unfocused) is restored as
empty, not as it was; the AdbKeyboard package stays installed (disabled, not the default).
"""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any, Protocol

import adbutils
from uiautomator2.exceptions import BaseException as U2Error

from harness.android import screen
from harness.android.parse_sys import parse_pidof
from harness.android.shell import DeviceShell
from harness.errors import InfrastructureError
from harness.ui.driver import Key

_KEYS = {Key.BACK: "back", Key.HOME: "home", Key.ENTER: "enter"}
U2_IME = "com.github.uiautomator/.AdbKeyboard"  # uiautomator2's own keyboard
# What uiautomator2 raises when its server on the device, or the adb link to it, fails
# (requests' errors are OSErrors). The scenario runner tells a dead app from a dead link
# only by InfrastructureError, so every driver call turns these into one.
_U2_FAILURES: tuple[type[Exception], ...] = (U2Error, OSError, adbutils.AdbError)
# A screenshot may also fail in decoding (no picture of a secure window, adb's screencap
# fallback finding no display): the evidence goes without it.
_SHOT_FAILURES: tuple[type[Exception], ...] = (*_U2_FAILURES, ValueError, AttributeError)


class U2Device(Protocol):
    """The part of uiautomator2.Device the driver uses (a test can pass a fake)."""

    def dump_hierarchy(self) -> str: ...
    def click(self, x: int, y: int) -> Any: ...
    def long_click(self, x: int, y: int, duration: float = 0.5) -> Any: ...
    def swipe(self, fx: int, fy: int, tx: int, ty: int, duration: float | None = None) -> Any: ...
    def send_keys(self, text: str, clear: bool = False) -> Any: ...
    def press(self, key: str) -> Any: ...
    def app_start(self, package_name: str) -> Any: ...
    def screenshot(self) -> Any: ...
    def set_clipboard(self, text: str, label: str | None = None) -> Any: ...

    @property
    def clipboard(self) -> str | None: ...


def check_hierarchy(xml: str) -> ET.Element:
    """The dump's root, which must be uiautomator's `<hierarchy>`."""
    try:
        root = ET.fromstring(xml.encode("utf-8"))
    except ET.ParseError as exc:
        raise InfrastructureError(f"uiautomator returned a dump that is not XML ({exc})") from None
    if root.tag != "hierarchy":
        raise InfrastructureError(f"uiautomator dump has root <{root.tag}>, not <hierarchy>")
    return root


SYSTEM_UI = "com.android.systemui"


def shows_nothing(xml: str) -> bool:
    """No node at all, or only the system UI's: what a dark or locked screen dumps."""
    return set(packages_on_screen(xml)) <= {SYSTEM_UI}


def packages_on_screen(xml: str) -> tuple[str, ...]:
    """Packages owning nodes in a dump, in first-seen order (app, then status bar, ...)."""
    seen: dict[str, None] = {}
    for node in check_hierarchy(xml).iter("node"):
        package = node.get("package")
        if package:
            seen.setdefault(package, None)
    return tuple(seen)


class U2Driver:
    def __init__(
        self,
        device: U2Device,
        shell: DeviceShell,
        package: str,
        now: Callable[[], float] = time.time,
    ) -> None:
        self._d = device
        self._shell = shell
        self._package = package
        self._now = now
        self.screen_actions: list[str] = []  # what was done to a dark/locked screen, in order

    @classmethod
    def connect(cls, shell: DeviceShell, package: str) -> U2Driver:
        """Start (or reuse) the uiautomator2 server on the device and wrap it."""
        import uiautomator2

        try:
            device = uiautomator2.connect(shell.device)
        except (U2Error, OSError) as exc:
            raise InfrastructureError(
                f"{shell.serial}: uiautomator2 did not start: {exc}"
            ) from None
        return cls(device, shell, package)

    def dump_hierarchy(self) -> str:
        xml = self._dump()
        if not shows_nothing(xml):
            return xml
        state = screen.read_screen(self._shell)
        if state.usable:
            return xml  # on and unlocked: the system UI (a shade, a dialog) is what shows
        try:
            setup = screen.make_usable(self._shell)
        except InfrastructureError as exc:
            raise InfrastructureError(f"the UI dump is empty: {exc}") from None
        self.screen_actions += setup.actions
        xml = self._dump()
        if not packages_on_screen(xml):
            raise InfrastructureError(
                f"{self._shell.serial}: uiautomator dumps stay empty after waking the screen "
                f"({setup.before}); check the phone's screen, and `adb shell uiautomator dump`"
            )
        return xml

    def _dump(self) -> str:
        xml = str(self._call("dump_hierarchy", self._d.dump_hierarchy))
        check_hierarchy(xml)
        return xml

    def click(self, x: int, y: int) -> float:
        return self._timed(lambda: self._d.click(x, y))

    def long_click(self, x: int, y: int, duration_s: float) -> float:
        # The press begins when the RPC starts; the midpoint would fall inside the hold.
        return self._started(lambda: self._d.long_click(x, y, duration_s))

    def swipe(self, x1: int, y1: int, x2: int, y2: int, duration_s: float) -> float:
        return self._started(lambda: self._d.swipe(x1, y1, x2, y2, duration=duration_s))

    def input_text(self, text: str, clear: bool = True) -> float:
        # uiautomator2 types into the focused field by clipboard paste or through its IME
        # (send_keys); both are put back as they were, even when the typing fails.
        ime = self._default_ime()
        enabled = set(self._shell.run(["ime", "list", "-s"]).split())
        clip = self._clipboard()
        try:
            return self._timed(lambda: self._d.send_keys(text, clear=clear))
        finally:
            self._restore_input(ime, enabled, clip)

    def _default_ime(self) -> str:
        value = self._shell.run(["settings", "get", "secure", "default_input_method"]).strip()
        return "" if value == "null" else value

    def _clipboard(self) -> str | None:
        try:
            value = self._d.clipboard
        except _U2_FAILURES:
            return None  # unreadable: restored as empty
        return value if isinstance(value, str) else None

    def _restore_input(self, ime: str, enabled: set[str], clip: str | None) -> None:
        if ime and self._default_ime() != ime:
            self._shell.run(["ime", "set", ime])
        if U2_IME not in enabled and U2_IME in self._shell.run(["ime", "list", "-s"]).split():
            self._shell.run(["ime", "disable", U2_IME])
        if self._clipboard() != (clip or ""):
            self._call("clipboard restore", lambda: self._d.set_clipboard(clip or ""))

    def press(self, key: Key) -> float:
        return self._timed(lambda: self._d.press(_KEYS[key]))

    def bring_to_foreground(self) -> float:
        # The launcher intent brings the existing task forward; it does not restart it.
        return self._timed(lambda: self._d.app_start(self._package))

    def screenshot_png(self) -> bytes | None:
        try:
            image = self._d.screenshot()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
        except _SHOT_FAILURES:
            return None  # secure windows (FLAG_SECURE) and a busy device give no picture
        return buffer.getvalue()

    def is_app_alive(self) -> bool:
        return bool(parse_pidof(self._shell.run(["pidof", self._package])))

    def _call(self, what: str, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except _U2_FAILURES as exc:
            raise InfrastructureError(
                f"{self._shell.serial}: uiautomator2 {what} failed: {type(exc).__name__}: {exc}"
            ) from None

    def _started(self, action: Callable[[], Any]) -> float:
        t0 = self._now()
        self._call("action", action)
        return t0

    def _timed(self, action: Callable[[], Any]) -> float:
        t0 = self._now()
        self._call("action", action)
        t1 = self._now()
        return (t0 + t1) / 2
