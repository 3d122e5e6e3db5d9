"""Emulator command line and binary lookup (the console itself needs a real emulator)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.android import emulator
from harness.errors import InfrastructureError


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
