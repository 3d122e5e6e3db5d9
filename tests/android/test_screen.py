"""The screen and the session's temporary settings: recorded `dumpsys` answers, live changes.

`dumpsys power` / `dumpsys window policy` answers are in the formats PowerManagerService and
PhoneWindowManager print (tests/fixtures/android/outputs/screen/, see ../README.md); the
stand-in device switches between them as the real one would when woken or unlocked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.android import screen, session_settings
from harness.android.screen import Wakefulness
from harness.android.shell import DeviceShell
from harness.android.ui import U2Driver
from harness.errors import InfrastructureError
from tests.android.adb_standin import AdbStandin, StandinDevice
from tests.android.conftest import EMULATOR

SCREEN = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "outputs" / "screen"
DUMPS = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "hierarchy"


def _read(name: str) -> str:
    return (SCREEN / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "wakefulness", "display", "stay_on"),
    [
        ("power-awake.txt", Wakefulness.AWAKE, "ON", False),
        ("power-asleep.txt", Wakefulness.ASLEEP, "OFF", False),
        ("power-dozing.txt", Wakefulness.DOZING, "DOZE", False),
        ("power-awake-stayon.txt", Wakefulness.AWAKE, "ON", True),
    ],
)
def test_power_states(name: str, wakefulness: Wakefulness, display: str, stay_on: bool) -> None:
    state = screen.parse_power(_read(name))
    assert (state.wakefulness, state.display, state.stay_on) == (wakefulness, display, stay_on)


@pytest.mark.parametrize(
    ("name", "showing", "secure"),
    [
        ("window-policy-unlocked.txt", False, True),  # a PIN set, but unlocked now
        ("window-policy-keyguard.txt", True, False),
        ("window-policy-keyguard-secure.txt", True, True),
        ("window-policy-asleep.txt", True, False),
        ("window-policy-api28-keyguard.txt", True, False),
    ],
)
def test_keyguard_states(name: str, showing: bool, secure: bool) -> None:
    state = screen.parse_keyguard(_read(name))
    assert (state.showing, state.secure, state.occluded) == (showing, secure, False)


def test_dozing_is_not_awake() -> None:
    dozing = screen.ScreenState(
        screen.parse_power(_read("power-dozing.txt")),
        screen.parse_keyguard(_read("window-policy-keyguard.txt")),
    )
    assert not dozing.awake and not dozing.usable
    assert dozing.describe() == "dozing, display DOZE, locked (swipe)"


class Phone:
    """The screen of a stand-in device: woken by KEYCODE_WAKEUP, unlocked by dismiss."""

    def __init__(self, device: StandinDevice, *, secure: bool, wakes: bool = True) -> None:
        self.awake = False
        self.locked = True
        self.secure = secure
        for command in (
            "dumpsys power",
            "dumpsys window policy",
            "input keyevent KEYCODE_WAKEUP",
            "wm dismiss-keyguard",
        ):
            device.exact.pop(command, None)
        device.patterns[:0] = [
            (re.compile("dumpsys power"), lambda _m: (self._power(), 0)),
            (re.compile("dumpsys window policy"), lambda _m: (self._window(), 0)),
            (re.compile("input keyevent KEYCODE_WAKEUP"), lambda _m: self._wake(wakes)),
            (re.compile("wm dismiss-keyguard"), lambda _m: self._dismiss()),
        ]

    def _power(self) -> str:
        return _read("power-awake.txt" if self.awake else "power-asleep.txt")

    def _window(self) -> str:
        if not self.locked:
            return _read("window-policy-unlocked.txt")
        if self.secure:
            return _read("window-policy-keyguard-secure.txt")
        return _read("window-policy-keyguard.txt" if self.awake else "window-policy-asleep.txt")

    def _wake(self, wakes: bool) -> tuple[str, int]:
        self.awake = wakes
        return ("", 0)

    def _dismiss(self) -> tuple[str, int]:
        if not self.secure:
            self.locked = False
        return ("", 0)


def test_a_sleeping_swipe_locked_screen_is_woken_and_unlocked(
    emu_shell: DeviceShell, standin: AdbStandin
) -> None:
    phone = Phone(standin.devices[EMULATOR], secure=False)
    setup = screen.make_usable(emu_shell, wait_s=2)
    assert setup.before == "asleep, display OFF, locked (swipe)"
    assert setup.actions == ("input keyevent KEYCODE_WAKEUP", "wm dismiss-keyguard")
    assert phone.awake and not phone.locked


def test_a_secure_lock_fails_naming_the_fix(emu_shell: DeviceShell, standin: AdbStandin) -> None:
    Phone(standin.devices[EMULATOR], secure=True)
    with pytest.raises(InfrastructureError, match=r"PIN, pattern or password.*Screen lock"):
        screen.make_usable(emu_shell, wait_s=1)


def test_a_screen_that_does_not_wake_fails_clearly(
    emu_shell: DeviceShell, standin: AdbStandin
) -> None:
    Phone(standin.devices[EMULATOR], secure=False, wakes=False)
    with pytest.raises(InfrastructureError, match=r"stays asleep.*Stay awake"):
        screen.make_usable(emu_shell, wait_s=0.5)


class DarkUntilWoken:
    """uiautomator2's dump: empty while the phone's screen is off."""

    def __init__(self, phone: Phone) -> None:
        self.phone = phone
        self._app = (DUMPS / "visiontest-homee-login.xml").read_text(encoding="utf-8")

    def dump_hierarchy(self) -> str:
        usable = self.phone.awake and not self.phone.locked
        return self._app if usable else '<?xml version="1.0" ?><hierarchy rotation="0" />'


def test_an_empty_dump_wakes_the_screen_and_dumps_again(
    emu_shell: DeviceShell, standin: AdbStandin
) -> None:
    phone = Phone(standin.devices[EMULATOR], secure=False)
    driver = U2Driver(DarkUntilWoken(phone), emu_shell, "de.vorwerk.homee.homee")  # type: ignore[arg-type]
    xml = driver.dump_hierarchy()
    assert 'text="Log In"' in xml or "Log In" in xml
    assert driver.screen_actions == ["input keyevent KEYCODE_WAKEUP", "wm dismiss-keyguard"]


def test_an_empty_dump_behind_a_secure_lock_is_the_labs_fault(
    emu_shell: DeviceShell, standin: AdbStandin
) -> None:
    phone = Phone(standin.devices[EMULATOR], secure=True)
    driver = U2Driver(DarkUntilWoken(phone), emu_shell, "de.vorwerk.homee.homee")  # type: ignore[arg-type]
    with pytest.raises(InfrastructureError, match=r"UI dump is empty.*PIN, pattern or password"):
        driver.dump_hierarchy()


def test_session_settings_are_restored_to_what_they_were(
    emu_shell: DeviceShell, standin: AdbStandin
) -> None:
    device = standin.devices[EMULATOR]
    device.settings[("global", "stay_on_while_plugged_in")] = "2"  # USB only, as the lab had
    device.settings[("global", "package_verifier_enable")] = "1"
    changes = session_settings.apply(emu_shell)
    assert [(c.key, c.before, c.during) for c in changes] == [
        ("stay_on_while_plugged_in", "2", "7"),
        ("verifier_verify_adb_installs", None, "0"),
        ("package_verifier_enable", "1", "0"),
    ]
    session_settings.restore(emu_shell, changes)
    assert device.settings[("global", "stay_on_while_plugged_in")] == "2"
    assert device.settings[("global", "package_verifier_enable")] == "1"
    assert ("global", "verifier_verify_adb_installs") not in device.settings


def test_an_unreadable_dumpsys_is_not_taken_for_a_dark_screen() -> None:
    odd = screen.ScreenState(
        screen.parse_power("Can't find service: power\n"),
        screen.parse_keyguard(""),
    )
    assert odd.power.wakefulness is Wakefulness.UNKNOWN and odd.usable
