"""U2Driver (UiDriver over uiautomator2) with a stand-in uiautomator2 device.

The dumps are real uiautomator dumps (tests/fixtures/android/hierarchy, MIT, licences
beside them); the adb side (pidof) goes through the stand-in adb server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from harness.android.shell import DeviceShell
from harness.android.ui import U2Driver, check_hierarchy, packages_on_screen
from harness.errors import InfrastructureError
from harness.ui.driver import Key, UiDriver

DUMPS = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "hierarchy"


class FakeU2:
    """Records calls the way uiautomator2.Device would receive them."""

    def __init__(self, dump: str, screenshot: Any = None) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self._dump = dump
        self._shot = screenshot

    def dump_hierarchy(self) -> str:
        return self._dump

    def click(self, x: int, y: int) -> None:
        self.calls.append(("click", (x, y)))

    def press(self, key: str) -> None:
        self.calls.append(("press", (key,)))

    def app_start(self, package_name: str) -> None:
        self.calls.append(("app_start", (package_name,)))

    def screenshot(self) -> Any:
        if self._shot is None:
            raise OSError("secure window")
        return self._shot


def ticking() -> Iterator[float]:
    t = 1000.0
    while True:
        yield t
        t += 0.1


@pytest.mark.parametrize(
    ("dump", "first_package"),
    [
        ("visiontest-homee-login.xml", "de.vorwerk.homee.homee"),
        ("termux-flutter-ide-retry.xml", "com.iml1s.termux_flutter_ide"),
    ],
)
def test_real_dumps_pass_and_name_packages(dump: str, first_package: str) -> None:
    xml = (DUMPS / dump).read_text(encoding="utf-8")
    assert check_hierarchy(xml).tag == "hierarchy"
    assert first_package in packages_on_screen(xml)


@pytest.mark.parametrize("bad", ["", "<html/>", "<hierarchy><node></hierarchy>"])
def test_bad_dumps(bad: str) -> None:
    with pytest.raises(InfrastructureError):
        check_hierarchy(bad)


def test_driver_actions_and_instants(emu_shell: DeviceShell) -> None:
    xml = (DUMPS / "visiontest-homee-login.xml").read_text(encoding="utf-8")
    image = Image.new("RGB", (4, 4), "white")
    fake = FakeU2(xml, image)
    clock = ticking()
    driver = U2Driver(fake, emu_shell, "org.harness.fixture", now=lambda: next(clock))
    as_protocol: UiDriver = driver  # mypy checks U2Driver against the protocol
    assert as_protocol is driver
    assert driver.dump_hierarchy() == xml
    assert driver.click(10, 20) == pytest.approx(1000.05)  # midpoint of the RPC
    assert driver.press(Key.BACK) == pytest.approx(1000.25)
    driver.bring_to_foreground()
    assert fake.calls == [
        ("click", (10, 20)),
        ("press", ("back",)),
        ("app_start", ("org.harness.fixture",)),
    ]
    png = driver.screenshot_png()
    assert png is not None and png.startswith(b"\x89PNG")
    assert driver.is_app_alive() is True


def test_driver_without_screenshot_or_app(emu_shell: DeviceShell) -> None:
    driver = U2Driver(FakeU2("<hierarchy/>"), emu_shell, "org.harness.absent")
    assert driver.screenshot_png() is None
    assert driver.is_app_alive() is False
