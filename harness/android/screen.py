"""The device's screen: awake or not, locked or not, and making it usable for a session.

With the screen off every uiautomator dump is empty, so a consent dialog would be "not
found" and the session would still complete: the screen is checked, woken and (without a
PIN/pattern/password) unlocked before the app starts, and again when a dump comes back
empty. A secure lock cannot be passed from adb: that fails with the fix to apply.

How: `dumpsys power` gives the wakefulness (Awake / Asleep / Dreaming / Dozing, PowerManager
Service's names) and `Display Power: state=`; `dumpsys window policy` gives the keyguard as
PhoneWindowManager prints it (KeyguardServiceDelegate `showing=`/`secure=`, occluded when an
activity shows over it; Android 9 and older also `isStatusBarKeyguard=`). Waking is
`input keyevent KEYCODE_WAKEUP` (never POWER, which would toggle a screen that is on);
unlocking a swipe lock is `wm dismiss-keyguard` (Android 8+), else the MENU key.

Known gaps: a keyguard dismissed by Smart Lock/trust agents still reads as showing until
it goes; OEM lock screens (MIUI, ColorOS) that keep their own state are seen only through
the framework's keyguard.
"""

from __future__ import annotations

import enum
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from harness.android.shell import DeviceShell
from harness.errors import InfrastructureError

WAKE = "input keyevent KEYCODE_WAKEUP"
DISMISS_KEYGUARD = "wm dismiss-keyguard"
MENU_KEY = "input keyevent 82"  # dismisses a swipe keyguard before Android 8
DISMISS_SDK = 26
SECURE_LOCK_FIX = (
    "the screen lock needs a PIN, pattern or password, which adb cannot enter: set the lab "
    "phone's screen lock to None or Swipe (Settings > Security > Screen lock), or unlock it "
    "by hand and keep it unlocked during the run"
)


class Wakefulness(enum.StrEnum):
    AWAKE = "Awake"
    ASLEEP = "Asleep"
    DREAMING = "Dreaming"  # a screen saver: the screen is on but shows the dream
    DOZING = "Dozing"  # ambient display: dimmed, the app is not on screen
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PowerState:
    wakefulness: Wakefulness
    display: str | None  # "ON", "OFF", "DOZE", "DOZE_SUSPEND", ... (Display Power: state=)
    stay_on: bool | None  # mStayOn: kept on while plugged in


@dataclass(frozen=True, slots=True)
class KeyguardState:
    showing: bool | None  # None: the dump did not say
    secure: bool | None  # a PIN/pattern/password protects it
    occluded: bool = False  # an activity shows over it (the keyguard does not block input)


@dataclass(frozen=True, slots=True)
class ScreenState:
    power: PowerState
    keyguard: KeyguardState

    @property
    def awake(self) -> bool:
        # A dump this parser cannot read (an OEM's layout) is not taken for a dark screen:
        # the session goes on, and an empty UI dump is still caught by the driver.
        return self.power.wakefulness in (
            Wakefulness.AWAKE,
            Wakefulness.UNKNOWN,
        ) and self.power.display in (None, "ON")

    @property
    def locked(self) -> bool:
        return bool(self.keyguard.showing) and not self.keyguard.occluded

    @property
    def usable(self) -> bool:
        return self.awake and not self.locked

    def describe(self) -> str:
        display = f", display {self.power.display}" if self.power.display else ""
        if not self.locked:
            lock = "unlocked"
        else:
            lock = "locked (PIN/pattern/password)" if self.keyguard.secure else "locked (swipe)"
        return f"{self.power.wakefulness.value.lower()}{display}, {lock}"


_WAKEFULNESS = re.compile(r"^\s*mWakefulness=(\w+)", re.M)
_DISPLAY = re.compile(r"^Display Power: state=(\w+)", re.M)
_STAY_ON = re.compile(r"^\s*mStayOn=(true|false)", re.M)


def parse_power(text: str) -> PowerState:
    """`dumpsys power`."""
    m = _WAKEFULNESS.search(text)
    try:
        wakefulness = Wakefulness(m.group(1)) if m else Wakefulness.UNKNOWN
    except ValueError:
        wakefulness = Wakefulness.UNKNOWN
    display = _DISPLAY.search(text)
    stay = _STAY_ON.search(text)
    return PowerState(
        wakefulness,
        display.group(1) if display else None,
        (stay.group(1) == "true") if stay else None,
    )


def _flag(text: str, name: str) -> bool | None:
    m = re.search(rf"(?:^|\s){name}=(true|false)\b", text, re.M)
    return None if m is None else m.group(1) == "true"


def parse_keyguard(text: str) -> KeyguardState:
    """`dumpsys window policy` (or the whole `dumpsys window`)."""
    delegate = (
        text.split("KeyguardServiceDelegate", 1)[1] if "KeyguardServiceDelegate" in text else ""
    )
    showing = _flag(delegate, "showing") if delegate else None
    if showing is None:
        showing = _flag(text, "mIsShowing")
    if showing is None:
        showing = _flag(text, "isStatusBarKeyguard")  # Android 9 and older
    if showing is None:
        showing = _flag(text, "mShowingLockscreen")
    secure = _flag(delegate, "secure") if delegate else None
    occluded = _flag(delegate, "occluded") if delegate else None
    if occluded is None:
        occluded = _flag(text, "mKeyguardOccluded")
    return KeyguardState(showing, secure, bool(occluded))


def read_screen(shell: DeviceShell) -> ScreenState:
    return ScreenState(
        parse_power(shell.run(["dumpsys", "power"])),
        parse_keyguard(shell.run(["dumpsys", "window", "policy"])),
    )


@dataclass(frozen=True, slots=True)
class ScreenSetup:
    before: str  # the screen as found (ScreenState.describe)
    actions: tuple[str, ...]  # what was done to make it usable, in order


def make_usable(shell: DeviceShell, wait_s: float = 5) -> ScreenSetup:
    """Wake the screen and dismiss a swipe keyguard; fail naming the fix when it cannot."""
    state = read_screen(shell)
    before = state.describe()
    actions: list[str] = []
    if state.usable:
        return ScreenSetup(before, ())
    if state.locked and state.keyguard.secure:
        raise InfrastructureError(f"{shell.serial}: screen is {before}: {SECURE_LOCK_FIX}")
    if not state.awake:
        shell.run(WAKE)
        actions.append(WAKE)
        state = _wait(shell, lambda s: s.awake, wait_s)
    if state.locked:
        if state.keyguard.secure:
            raise InfrastructureError(
                f"{shell.serial}: screen is {state.describe()}: {SECURE_LOCK_FIX}"
            )
        sdk = shell.run(["getprop", "ro.build.version.sdk"]).strip()
        command = DISMISS_KEYGUARD if not sdk.isdigit() or int(sdk) >= DISMISS_SDK else MENU_KEY
        shell.run(command)
        actions.append(command)
        state = _wait(shell, lambda s: s.usable, wait_s)
    if not state.usable:
        raise InfrastructureError(
            f"{shell.serial}: the screen stays {state.describe()} after "
            f"{', '.join(actions) or 'no action'}; wake and unlock the phone by hand, and set "
            "Developer options > Stay awake"
        )
    return ScreenSetup(before, tuple(actions))


def _wait(shell: DeviceShell, done: Callable[[ScreenState], bool], wait_s: float) -> ScreenState:
    deadline = time.monotonic() + wait_s
    while True:
        state = read_screen(shell)
        if done(state) or time.monotonic() >= deadline:
            return state
        time.sleep(0.3)
