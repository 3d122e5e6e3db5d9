"""`harness devices`: health checks per device and the command, over the stand-in server."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import adbutils
import pytest

from harness.android.adb import AdbEndpoint, list_devices
from harness.android.health import check_device
from harness.commands import devices as devices_command
from harness.config.devices import DeviceConfig
from tests.android.adb_standin import AdbStandin
from tests.android.conftest import EMULATOR, PHONE

DEVICES_YAML = """\
version: 1
devices:
  - name: host-lab
    kind: host-lab
  - name: pixel7
    kind: usb
    serial: 2A211FDH2001ZZ
    frida_server: {frida}
  - name: galaxy
    kind: usb
    serial: R58M12ABCDE
  - name: bench-tablet
    kind: tcp
    address: 10.0.0.9:5555
"""


def test_phone_health_lists_problems_with_fixes(
    client: adbutils.AdbClient, standin: AdbStandin, tmp_path: Path
) -> None:
    config = DeviceConfig(name="pixel7", kind="usb", serial=PHONE, frida_server=str(tmp_path))
    health = check_device(
        config, list_devices(client), client, AdbEndpoint("127.0.0.1", standin.port)
    )
    checks = {c.name: c for c in health.checks}
    assert checks["adb"].ok is True and "Pixel_7" in checks["adb"].detail
    assert checks["device"].detail == "Android 13 (API 33), arm64-v8a"
    assert checks["root"].ok is False and "Magisk" in checks["root"].fix
    # Asleep behind a PIN: adb cannot unlock it, the lab must (fix named).
    assert checks["screen"].ok is False
    assert checks["screen"].detail == "screen asleep, display OFF, locked (PIN/pattern/password)"
    assert "Screen lock" in checks["screen"].fix
    assert checks["install-verify"].ok is None  # unset: on; a run turns it off and back
    assert checks["frida-server"].ok is False and "releases/tag/" in checks["frida-server"].fix
    assert checks["uiautomator2"].ok is None  # an older jar: pushed again at first use
    assert checks["proxy"].ok is False
    assert checks["proxy"].fix == f"adb -s {PHONE} shell settings put global http_proxy :0"
    assert not health.healthy


def _run_command(standin: AdbStandin, tmp_path: Path, as_json: bool) -> tuple[int, str]:
    path = tmp_path / "devices.yaml"
    path.write_text(DEVICES_YAML.format(frida=tmp_path), encoding="utf-8")
    parser = argparse.ArgumentParser()
    devices_command.register(parser.add_subparsers())
    argv = ["devices", "--devices", str(path), "--adb-port", str(standin.port)]
    args = parser.parse_args([*argv, "--json"] if as_json else argv)
    out = io.StringIO()
    status = args.handler(args, out=out)
    return status, out.getvalue()


def test_devices_command_text(standin: AdbStandin, tmp_path: Path) -> None:
    status, text = _run_command(standin, tmp_path, as_json=False)
    assert status == 3  # a device with problems: the lab's machinery
    assert "host-lab (host-lab): healthy" in text
    assert "pixel7 (usb) [2A211FDH2001ZZ]: PROBLEMS" in text
    assert "fix: unlock the phone and accept 'Allow USB debugging'" in text
    assert "adb connect 10.0.0.9:5555" in text
    assert "adb also sees (not in devices.yaml):" in text and "emulator-5554" in text


def test_devices_command_json(standin: AdbStandin, tmp_path: Path) -> None:
    status, text = _run_command(standin, tmp_path, as_json=True)
    document = json.loads(text)
    assert status == 3  # a device with problems: the lab's machinery
    names = [d["name"] for d in document["devices"]]
    assert names == ["host-lab", "pixel7", "galaxy", "bench-tablet"]
    galaxy = document["devices"][2]
    assert (
        galaxy["healthy"] is False
        and galaxy["checks"][0]["detail"] == "R58M12ABCDE is unauthorized"
    )
    assert [u["serial"] for u in document["unlisted"]] == ["emulator-5554"]


def test_adb_session_stops_the_server_it_started(monkeypatch: pytest.MonkeyPatch) -> None:
    """No server listening: adb_session starts one and kills it again on the way out."""
    import harness.android.adb as adb_module

    server = AdbStandin([])
    started: list[AdbEndpoint] = []
    monkeypatch.setattr(adb_module, "server_running", lambda endpoint, timeout=0.3: bool(started))
    monkeypatch.setattr(adb_module, "_start_server", started.append)
    endpoint = AdbEndpoint("127.0.0.1", server.port)
    with adb_module.adb_session(endpoint) as client:
        assert list_devices(client) == ()
    assert started == [endpoint]
    assert server.host_log[-1] == "host:kill" and server.killed.is_set()


def test_devices_with_the_real_adb_binary_leaves_no_server(tmp_path: Path) -> None:
    """The real adb that adbutils ships: started on a free port for the listing, then gone."""
    import socket

    from harness.android.adb import server_running
    from harness.errors import InfrastructureError

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = tmp_path / "devices.yaml"
    path.write_text(
        "version: 1\ndevices:\n  - {name: p, kind: usb, serial: NOTHERE1}\n", encoding="utf-8"
    )
    parser = argparse.ArgumentParser()
    devices_command.register(parser.add_subparsers())
    args = parser.parse_args(["devices", "--devices", str(path), "--adb-port", str(port)])
    out = io.StringIO()
    try:
        status = args.handler(args, out=out)
    except InfrastructureError as exc:
        pytest.skip(f"the bundled adb binary does not run here: {exc}")
    assert status == 3 and "NOTHERE1 is not attached" in out.getvalue()
    assert not server_running(AdbEndpoint("127.0.0.1", port), timeout=1)


def test_health_finds_a_renamed_server_on_its_port(
    client: adbutils.AdbClient, standin: AdbStandin, frida_peer: tuple[str, int]
) -> None:
    device = standin.devices[EMULATOR]
    device.exact["ps -A -o PID,ARGS"] = (
        "  PID ARGS\n 7001 /data/local/tmp/hluda -D -l 127.0.0.1:31337\n",
        0,
    )
    device.tcp_services[31337] = frida_peer
    config = DeviceConfig(
        name="emu",
        kind="usb",  # type: ignore[arg-type]
        serial=EMULATOR,
        frida_server_device_path="/data/local/tmp/hluda",
        frida_server_port=31337,
    )
    health = check_device(
        config, list_devices(client), client, AdbEndpoint("127.0.0.1", standin.port)
    )
    checks = {c.name: c for c in health.checks}
    assert checks["frida-server"].ok is True
    assert checks["frida-server"].detail == (
        "a frida-server answers on port 31337: /data/local/tmp/hluda (pid 7001, port 31337)"
    )
    assert checks["screen"].ok is True
    assert checks["screen"].detail.startswith("screen awake, display ON, unlocked (Stay awake")
    assert not any(a.startswith("push") for a in device.actions)
