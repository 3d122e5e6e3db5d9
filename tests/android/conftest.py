"""Shared pieces of the Android tests: a stand-in adb server with recorded devices."""

from __future__ import annotations

from collections.abc import Iterator

import adbutils
import pytest

from harness.android.shell import DeviceShell
from tests.android.adb_standin import AdbStandin, StandinDevice

EMULATOR = "emulator-5554"
PHONE = "2A211FDH2001ZZ"


def emulator_device() -> StandinDevice:
    device = StandinDevice(EMULATOR)
    device.load_exchanges("emulator-api34")
    return device


def phone_device() -> StandinDevice:
    device = StandinDevice(PHONE, product="panther", model="Pixel_7", device="panther")
    device.load_exchanges("phone-api33-user")
    return device


@pytest.fixture
def standin() -> Iterator[AdbStandin]:
    server = AdbStandin(
        [emulator_device(), phone_device(), StandinDevice("R58M12ABCDE", state="unauthorized")]
    )
    yield server
    server.close()


@pytest.fixture
def client(standin: AdbStandin) -> adbutils.AdbClient:
    return adbutils.AdbClient(host="127.0.0.1", port=standin.port, socket_timeout=10)


@pytest.fixture
def emu_shell(client: adbutils.AdbClient) -> DeviceShell:
    return DeviceShell(client.device(EMULATOR), timeout=10)


@pytest.fixture
def phone_shell(client: adbutils.AdbClient) -> DeviceShell:
    return DeviceShell(client.device(PHONE), timeout=10)
