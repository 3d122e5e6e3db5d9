"""frida-server: finding the right binary on the host, and starting it on the device."""

from __future__ import annotations

import lzma
import re
from pathlib import Path

import pytest

from harness.android import frida_server
from harness.android.shell import DeviceShell
from harness.errors import InfrastructureError
from tests.android.adb_standin import AdbStandin
from tests.android.conftest import EMULATOR

VERSION = frida_server.host_version()


def test_arch_names() -> None:
    assert frida_server.arch_for_abi("arm64-v8a") == "arm64"
    assert frida_server.arch_for_abi("armeabi-v7a") == "arm"
    with pytest.raises(InfrastructureError):
        frida_server.arch_for_abi("mips")


def test_locate_in_cache_folder_decompresses_xz(tmp_path: Path) -> None:
    name = frida_server.release_name(VERSION, "arm64")
    (tmp_path / f"{name}.xz").write_bytes(lzma.compress(b"\x7fELF server"))
    found = frida_server.locate(str(tmp_path), VERSION, "arm64")
    assert found == tmp_path / name and found.read_bytes() == b"\x7fELF server"
    assert frida_server.locate(str(tmp_path), VERSION, "arm64") == found  # reused


def test_locate_explicit_file(tmp_path: Path) -> None:
    plain = tmp_path / "my-frida-server"
    plain.write_bytes(b"x")
    assert frida_server.locate(str(plain), VERSION, "arm64") == plain
    wrong = tmp_path / "frida-server-16.0.0-android-arm64"
    wrong.write_bytes(b"x")
    with pytest.raises(InfrastructureError, match="is not frida-server"):
        frida_server.locate(str(wrong), VERSION, "arm64")


def test_locate_missing_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(InfrastructureError) as err:
        frida_server.locate(str(tmp_path), VERSION, "x86_64")
    message = str(err.value)
    assert f"frida-server-{VERSION}-android-x86_64.xz" in message
    assert f"https://github.com/frida/frida/releases/tag/{VERSION}" in message
    assert str(tmp_path) in message


def _fake_frida(standin: AdbStandin) -> dict[str, bool]:
    """Answer --version from the pushed file and pidof from whether -D ran."""
    device = standin.devices[EMULATOR]
    state = {"running": False}

    def version(_m: re.Match[str]) -> tuple[str, int]:
        data = device.files.get(frida_server.DEVICE_PATH)
        if data is None:
            return (f"/system/bin/sh: {frida_server.DEVICE_PATH}: inaccessible or not found\n", 127)
        return (data.decode().split()[-1] + "\n", 0)

    def start(_m: re.Match[str]) -> tuple[str, int]:
        state["running"] = True
        return ("", 0)

    def pidof(_m: re.Match[str]) -> tuple[str, int]:
        return ("8123\n", 0) if state["running"] else ("", 1)

    device.patterns += [
        (re.compile(re.escape(frida_server.DEVICE_PATH) + r" --version 2>&1"), version),
        (re.compile(re.escape(frida_server.DEVICE_PATH) + " -D"), start),
        (re.compile("pidof frida-server"), pidof),
        (re.compile("chmod 755 .*"), ("", 0)),
    ]
    return state


def test_ensure_running_pushes_and_starts(
    emu_shell: DeviceShell, standin: AdbStandin, tmp_path: Path
) -> None:
    state = _fake_frida(standin)
    (tmp_path / frida_server.release_name(VERSION, "x86_64")).write_text(f"frida-server {VERSION}")
    status = frida_server.ensure_running(emu_shell, str(tmp_path), wait_s=2)
    assert status.matches and status.running_pids == (8123,) and state["running"]
    assert standin.devices[EMULATOR].files[frida_server.DEVICE_PATH].endswith(VERSION.encode())
    # Second call: nothing to do.
    before = len(standin.devices[EMULATOR].shell_log)
    frida_server.ensure_running(emu_shell, str(tmp_path))
    assert not any(c.endswith(" -D") for c in standin.devices[EMULATOR].shell_log[before:])


def test_ensure_running_rejects_a_wrong_binary(
    emu_shell: DeviceShell, standin: AdbStandin, tmp_path: Path
) -> None:
    _fake_frida(standin)
    (tmp_path / frida_server.release_name(VERSION, "x86_64")).write_text("frida-server 1.2.3")
    with pytest.raises(InfrastructureError, match=r"reports '1\.2\.3'"):
        frida_server.ensure_running(emu_shell, str(tmp_path), wait_s=1)


def test_ensure_running_needs_root(phone_shell: DeviceShell) -> None:
    with pytest.raises(InfrastructureError, match="needs root"):
        frida_server.ensure_running(phone_shell, None)


def test_status_without_server(phone_shell: DeviceShell) -> None:
    status = frida_server.status(phone_shell)
    assert status.installed_version is None and not status.running and not status.matches
