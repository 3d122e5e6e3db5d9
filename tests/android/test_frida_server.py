"""frida-server: finding the right binary on the host, and finding or starting it on the device.

Frida itself is asked whether a server answers: a real Frida service (frida_standin) sits
behind the adb stand-in's `adb forward`, so the probe is Frida's own client handshake.
"""

from __future__ import annotations

import lzma
import re
from pathlib import Path

import adbutils
import pytest

from harness.android import frida_server
from harness.android.adb import AdbEndpoint
from harness.android.device import AndroidDevice
from harness.android.frida_server import Answer, ServerSpec
from harness.android.shell import DeviceShell
from harness.config.devices import DeviceConfig
from harness.errors import InfrastructureError
from tests.android.adb_standin import AdbStandin, StandinDevice
from tests.android.conftest import EMULATOR

VERSION = frida_server.host_version()
PS = "ps -A -o PID,ARGS"
PS_HEADER = "  PID ARGS\n    1 /system/bin/init second_stage\n  601 zygote64\n"


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


def test_servers_recognised_by_release_name_default_name_and_configured_path() -> None:
    spec = ServerSpec("/data/local/tmp/hluda", 31337)
    ps = (
        PS_HEADER
        + " 5120 /data/local/tmp/frida-server-17.2.15-android-arm64\n"
        + " 5121 ./frida-server -l 0.0.0.0:27043\n"
        + " 5122 /data/local/tmp/hluda -D --listen=127.0.0.1:31337\n"
        + " 5123 frida-helper-64\n"  # Frida's helper, not a server
        + " 5124 /data/local/tmp/frida-server-gadget.so\n"
    )
    servers = frida_server.parse_servers(ps, spec)
    assert [(s.pid, s.port) for s in servers] == [(5120, 27042), (5121, 27043), (5122, 31337)]


def test_config_takes_a_port_and_a_device_path() -> None:
    config = DeviceConfig(
        name="p",
        kind="usb",  # type: ignore[arg-type]
        serial="X",
        frida_server_device_path="/data/local/tmp/hluda",
        frida_server_port=31337,
    )
    assert (config.frida_server_device_path, config.frida_server_port) == (
        "/data/local/tmp/hluda",
        31337,
    )
    with pytest.raises(ValueError, match="less than or equal to 65535"):
        DeviceConfig(name="p", kind="usb", serial="X", frida_server_port=70000)  # type: ignore[arg-type]


def test_a_server_under_another_name_and_port_is_reused_untouched(
    emu_shell: DeviceShell, standin: AdbStandin, frida_peer: tuple[str, int]
) -> None:
    device = standin.devices[EMULATOR]
    device.exact[PS] = (PS_HEADER + " 7001 /data/local/tmp/hluda -D -l 127.0.0.1:31337\n", 0)
    device.exact["/data/local/tmp/hluda --version 2>&1"] = ("17.0.1\n", 0)  # another release
    device.tcp_services[31337] = frida_peer
    spec = ServerSpec("/data/local/tmp/hluda", 31337)

    state = frida_server.ensure_running(emu_shell, None, spec)

    assert state.answering and state.port == 31337
    assert state.running_pids == (7001,)
    assert state.actions == ("frida-server already answers on port 31337: reused",)
    assert not any(a.startswith("push") for a in device.actions)
    assert not any(c.startswith("kill") or " -D" in c for c in device.shell_log)
    # The probe went over adb forward to the configured port, and the forward is gone again.
    assert "forward remove" in " ".join(device.actions) and not standin.forwards
    assert any(a.endswith("tcp:31337") and a.startswith("forward") for a in device.actions)


def test_nothing_is_stopped_before_a_replacement_binary_is_found(
    emu_shell: DeviceShell, standin: AdbStandin, tmp_path: Path
) -> None:
    device = standin.devices[EMULATOR]
    # An old server holds the default port but does not answer this host's Frida.
    device.exact[PS] = (PS_HEADER + " 6001 /data/local/tmp/frida-server\n", 0)
    device.exact["/data/local/tmp/frida-server --version 2>&1"] = ("16.1.4\n", 0)
    with pytest.raises(InfrastructureError, match="not found"):
        frida_server.ensure_running(emu_shell, str(tmp_path))  # an empty cache folder
    assert not any(c.startswith("kill") for c in device.shell_log)


def _fake_start(device: StandinDevice, spec: ServerSpec, peer: tuple[str, int]) -> dict[str, int]:
    """--version from the pushed file; `-D` makes the port answer (the real Frida peer)."""
    state = {"starts": 0}

    def version(_m: re.Match[str]) -> tuple[str, int]:
        data = device.files.get(spec.device_path)
        if data is None:
            return (f"/system/bin/sh: {spec.device_path}: inaccessible or not found\n", 127)
        return (data.decode().split()[-1] + "\n", 0)

    def start(_m: re.Match[str]) -> tuple[str, int]:
        state["starts"] += 1
        device.tcp_services[spec.port] = peer
        return ("", 0)

    device.patterns[:0] = [
        (re.compile(re.escape(spec.device_path) + r" --version 2>&1"), version),
        (re.compile(re.escape(spec.start_command())), start),
        (re.compile(r"chmod 755 .*|kill \d+"), ("", 0)),
    ]
    return state


def test_ensure_running_stops_a_silent_server_pushes_and_starts(
    emu_shell: DeviceShell, standin: AdbStandin, tmp_path: Path, frida_peer: tuple[str, int]
) -> None:
    device = standin.devices[EMULATOR]
    spec = ServerSpec()
    device.exact[PS] = (
        PS_HEADER
        + " 6001 /data/local/tmp/frida-server-16.1.4-android-x86_64\n"  # silent, our port
        + " 6002 /data/local/tmp/frida-server -l 127.0.0.1:40000\n",  # another port: left alone
        0,
    )
    state = _fake_start(device, spec, frida_peer)
    (tmp_path / frida_server.release_name(VERSION, "x86_64")).write_text(f"frida-server {VERSION}")

    status = frida_server.ensure_running(emu_shell, str(tmp_path), wait_s=5)

    assert status.answering and status.matches and state["starts"] == 1
    assert [c for c in device.shell_log if c.startswith("kill")] == ["kill 6001"]
    assert device.files[spec.device_path].endswith(VERSION.encode())
    assert status.actions[0].startswith("stopped /data/local/tmp/frida-server-16.1.4")
    assert status.actions[-1] == "started `/data/local/tmp/frida-server -D`"
    # Second call: the server answers, nothing is done.
    before = len(device.shell_log)
    again = frida_server.ensure_running(emu_shell, str(tmp_path))
    assert again.actions == ("frida-server already answers on port 27042: reused",)
    assert not any(" -D" in c for c in device.shell_log[before:])


def test_a_custom_port_is_started_with_listen(
    emu_shell: DeviceShell, standin: AdbStandin, tmp_path: Path, frida_peer: tuple[str, int]
) -> None:
    device = standin.devices[EMULATOR]
    spec = ServerSpec("/data/local/tmp/hluda", 31337)
    _fake_start(device, spec, frida_peer)
    (tmp_path / "hluda-build").write_text(f"frida-server {VERSION}")
    status = frida_server.ensure_running(emu_shell, str(tmp_path / "hluda-build"), spec, wait_s=5)
    assert status.answering
    assert "/data/local/tmp/hluda -D -l 127.0.0.1:31337" in device.shell_log
    assert any(a == "push /data/local/tmp/hluda" for a in device.actions)


def test_a_failing_start_reports_its_exit_code_and_output(
    emu_shell: DeviceShell, standin: AdbStandin
) -> None:
    device = standin.devices[EMULATOR]
    device.exact["/data/local/tmp/frida-server --version 2>&1"] = (f"{VERSION}\n", 0)
    device.exact["/data/local/tmp/frida-server -D"] = (
        "Unable to start: Error binding to address 127.0.0.1:27042: Address already in use\n",
        1,
    )
    with pytest.raises(InfrastructureError, match=r"exited 1: Unable to start.*Address already"):
        frida_server.ensure_running(emu_shell, None, wait_s=1)


def test_a_start_that_never_answers_fails_clearly(
    emu_shell: DeviceShell, standin: AdbStandin
) -> None:
    device = standin.devices[EMULATOR]
    device.exact["/data/local/tmp/frida-server --version 2>&1"] = (f"{VERSION}\n", 0)
    device.exact["/data/local/tmp/frida-server -D"] = ("", 0)
    with pytest.raises(InfrastructureError, match="does not answer on port 27042"):
        frida_server.ensure_running(emu_shell, None, probe=lambda _s, _p: Answer.SILENT, wait_s=0.5)


def test_ensure_running_needs_root(phone_shell: DeviceShell) -> None:
    with pytest.raises(InfrastructureError, match="needs root"):
        frida_server.ensure_running(phone_shell, None)


def test_status_without_server(phone_shell: DeviceShell) -> None:
    status = frida_server.status(phone_shell)
    assert status.installed_version is None and not status.running and not status.answering


def test_the_session_reaches_a_custom_port_through_its_own_forward(
    client: adbutils.AdbClient, standin: AdbStandin, frida_peer: tuple[str, int]
) -> None:
    device = standin.devices[EMULATOR]
    device.tcp_services[31337] = frida_peer
    config = DeviceConfig(
        name="emu",
        kind="usb",  # type: ignore[arg-type]
        serial=EMULATOR,
        frida_server_device_path="/data/local/tmp/hluda",
        frida_server_port=31337,
    )
    android = AndroidDevice(config, client, AdbEndpoint("127.0.0.1", standin.port), EMULATOR)
    assert android.frida_spec() == ServerSpec("/data/local/tmp/hluda", 31337)
    frida_device = android.frida_device()
    assert frida_device.type == "remote"
    assert frida_device.enumerate_processes(scope="minimal") == []  # the real Frida peer
    assert [r for _s, r, _l in standin.forwards.values()] == ["tcp:31337"]
    android.close()
    assert not standin.forwards  # the session's forward is removed with the device


def test_android_7_toolbox_ps_is_read_too(emu_shell: DeviceShell, standin: AdbStandin) -> None:
    device = standin.devices[EMULATOR]
    # toolbox ps ignores -A/-o and prints its own table, NAME last.
    table = (
        "USER      PID   PPID  VSIZE  RSS   WCHAN              PC  NAME\n"
        "root      1     0     8512   756   SyS_epoll_ 0000000000 S /init\n"
        "root      3301  1     41880  21188 poll_sched 0000000000 S /data/local/tmp/frida-server\n"
    )
    device.exact[PS] = (table, 0)
    device.exact["ps"] = (table, 0)
    servers = frida_server.running_servers(emu_shell, ServerSpec())
    assert [(s.pid, s.program) for s in servers] == [(3301, "/data/local/tmp/frida-server")]
