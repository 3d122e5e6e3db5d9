"""Emulator command line, binary lookup, and the wait after a snapshot load (the console
itself needs a real emulator; the guest's boot signals come from the adb stand-in)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import adbutils
import pytest

from harness.android import emulator
from harness.errors import InfrastructureError
from tests.android.adb_standin import AdbStandin, StandinDevice
from tests.android.conftest import EMULATOR

PM_OK = "package:/system/framework/framework-res.apk\n"


def test_headless_command_restores_and_never_saves(tmp_path: Path) -> None:
    cmd = emulator.emulator_command(tmp_path / "emulator", "Pixel_7_API_34", 5556, "clean")
    assert cmd[1:5] == ["-avd", "Pixel_7_API_34", "-port", "5556"]
    assert {"-no-window", "-no-audio", "-no-snapshot-save"} <= set(cmd)
    assert cmd[-2:] == ["-snapshot", "clean"]
    assert "-snapshot" not in emulator.emulator_command(tmp_path / "emulator", "a", 5554, None)


def test_binary_from_sdk_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    binary = tmp_path / "emulator" / "emulator"
    binary.parent.mkdir()
    binary.write_text("")
    monkeypatch.delenv("ANDROID_EMULATOR", raising=False)
    monkeypatch.setenv("ANDROID_SDK_ROOT", str(tmp_path))
    assert emulator.emulator_binary() == binary


def test_missing_binary_says_how(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("ANDROID_EMULATOR", "ANDROID_SDK_ROOT", "ANDROID_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(InfrastructureError, match="sdkmanager emulator"):
        emulator.emulator_binary()


def _restoring(device: StandinDevice, booted: list[str], pm: list[str]) -> list[str]:
    """The guest as a snapshot load leaves it: sys.boot_completed and `pm path android`
    answer in turn (the last answer repeats); returns the commands asked."""
    asked: list[str] = []

    def answer(seq: list[str]) -> Callable[[re.Match[str]], tuple[str, int]]:
        def reply(m: re.Match[str]) -> tuple[str, int]:
            asked.append(m.group(0))
            count = sum(a == m.group(0) for a in asked)
            return (seq[min(count, len(seq)) - 1], 0)

        return reply

    device.exact.pop("getprop sys.boot_completed", None)
    device.exact.pop("pm path android", None)
    device.patterns[:0] = [
        (re.compile("getprop sys.boot_completed"), answer(booted)),
        (re.compile("pm path android"), answer(pm)),
    ]
    return asked


def test_a_snapshot_load_is_waited_out(client: adbutils.AdbClient, standin: AdbStandin) -> None:
    # Still the old state, then restarting (property unset), then booted but the package
    # manager not yet answering, then ready.
    asked = _restoring(
        standin.devices[EMULATOR],
        booted=["1\n", "\n", "\n", "1\n"],
        pm=["Error: Could not access the Package Manager.  Is the system running?\n", PM_OK],
    )
    went_away = emulator.wait_reloaded(client, EMULATOR, timeout=30, poll_s=0.01)
    assert went_away
    assert asked.count("getprop sys.boot_completed") >= 4
    assert asked[-1] == "pm path android" and asked.count("pm path android") == 2


def test_a_snapshot_that_never_comes_back_fails(
    client: adbutils.AdbClient, standin: AdbStandin
) -> None:
    _restoring(standin.devices[EMULATOR], booted=["1\n", "\n"], pm=[PM_OK])
    with pytest.raises(InfrastructureError, match="did not finish booting"):
        emulator.wait_reloaded(client, EMULATOR, timeout=0.5, gone_within_s=0.2, poll_s=0.01)
