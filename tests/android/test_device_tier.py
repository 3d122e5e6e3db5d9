"""Device tier: the device layer (and the standard scenarios) on a real device or emulator.

Run with `pytest -m device`. Skips, with the reason, when no adb server is running or it
sees no device in state `device`; it never starts an adb server itself, so it leaves none
behind. Choose the device with ANDROID_SERIAL when several are attached.

Optional, from the environment:
- HARNESS_FRIDA_SERVER: file or folder with frida-server for this device (else the default
  cache ~/.cache/harness/frida-server); the Frida tests skip without root or without it.
- HARNESS_DEVICE_NAME + HARNESS_DEVICE_APK (+ HARNESS_DEVICES_FILE): run the standard
  scenarios (scenarios/*.yaml) with `harness run` on that device of devices.yaml.
- HARNESS_RECORD_EXCHANGES=DIR: record this device's answers to the fixture commands into
  DIR/<model>-api<N>.yaml, in the stand-in's exchanges format, to refresh the fixtures.
"""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from harness.agent.build import build_agent
from harness.agent.catalog import DEFAULT_CATALOG, load_catalog
from harness.agent.messages import AgentMessage
from harness.agent.session import AgentSession
from harness.android import apps, frida_server, proxy, screen, session_settings
from harness.android.adb import AdbEndpoint, adb_session, list_devices, server_running
from harness.android.clock import measure_offset
from harness.android.identifiers import read_identifiers
from harness.android.shell import DeviceShell, RootMode
from harness.errors import InfrastructureError
from harness.model import HookInstallReport
from harness.paths import SCENARIOS_DIR

pytestmark = pytest.mark.device

# Read-only commands whose answers the stand-in replays (see exchanges/*.yaml).
RECORDED_COMMANDS = (
    "id -u",
    "getprop ro.build.version.sdk",
    "getprop ro.build.version.release",
    "getprop ro.product.cpu.abi",
    "getprop ro.serialno",
    "getprop",
    "settings get global http_proxy",
    "settings get secure android_id",
    "service call iphonesubinfo 1 s16 com.android.shell",
    "cat /sys/class/net/wlan0/address",
    "ip link show wlan0",
    "pm list packages -f",
    "pm path com.android.shell",
    "dumpsys package com.android.shell",
    "/data/local/tmp/frida-server --version 2>&1",
    "pidof frida-server",
    "date +%s.%N",
)


@pytest.fixture(scope="module")
def device_shell() -> Iterator[DeviceShell]:
    endpoint = AdbEndpoint.from_env()
    if not server_running(endpoint):
        pytest.skip(
            f"device tier: no adb server on {endpoint.host}:{endpoint.port} "
            "(this tier never starts one); attach a device or start an emulator "
            "and run `adb start-server`"
        )
    with adb_session(endpoint, start=False) as client:
        ready = [e.serial for e in list_devices(client) if e.state == "device"]
        wanted = os.environ.get("ANDROID_SERIAL")
        if wanted and wanted not in ready:
            pytest.skip(f"device tier: ANDROID_SERIAL={wanted} is not attached in state 'device'")
        if not ready:
            pytest.skip("device tier: adb sees no device in state 'device' (`adb devices`)")
        yield DeviceShell(client.device(wanted or ready[0]))


def test_identifiers_are_readable(device_shell: DeviceShell) -> None:
    sdk = int(device_shell.run(["getprop", "ro.build.version.sdk"]).strip())
    idents = read_identifiers(device_shell, sdk)
    assert any(i.category.value == "android_id" for i in idents)


def test_screen_state_is_readable_and_settings_come_back(device_shell: DeviceShell) -> None:
    state = screen.read_screen(device_shell)
    assert state.power.wakefulness is not screen.Wakefulness.UNKNOWN
    assert state.keyguard.showing is not None
    before = {
        key: device_shell.run(["settings", "get", ns, key]).strip()
        for ns, key in (session_settings.STAY_ON, *session_settings.VERIFIER_SETTINGS)
    }
    session_settings.restore(device_shell, session_settings.apply(device_shell))
    after = {
        key: device_shell.run(["settings", "get", ns, key]).strip()
        for ns, key in (session_settings.STAY_ON, *session_settings.VERIFIER_SETTINGS)
    }
    assert after == before


def test_clock_offset_is_tight(device_shell: DeviceShell) -> None:
    offset = measure_offset(device_shell.run)
    assert offset.uncertainty_s < 0.6


def test_proxy_round_trip_restores_the_device(device_shell: DeviceShell) -> None:
    before = proxy.proxy_state(device_shell)
    try:
        assert proxy.set_proxy(device_shell, 58081).port == 58081
    finally:
        proxy.clear_proxy(device_shell, 58081)
    assert proxy.proxy_state(device_shell) is None
    if before is not None:  # put back what the lab had
        device_shell.run(
            ["settings", "put", "global", "http_proxy", f"{before.host}:{before.port}"]
        )


def test_install_and_uninstall(device_shell: DeviceShell, tmp_path: Path) -> None:
    from tests.apk.apkbuild import build_fixture_apk, missing_tools

    if missing_tools():
        pytest.skip("needs aapt, smali, zipalign, apksigner to build the test APK")
    apk = build_fixture_apk(tmp_path)
    installed = apps.install(device_shell, apk)
    try:
        state = apps.package_state(device_shell, installed.package)
        assert state is not None and state.version_name == "1.2.3"
        apps.grant(device_shell, installed.package, "android.permission.READ_CONTACTS")
        state = apps.package_state(device_shell, installed.package)
        assert state is not None and state.runtime_state("android.permission.READ_CONTACTS") is True
        apps.clear_data(device_shell, installed.package)
    finally:
        assert apps.uninstall(device_shell, installed.package)


def test_frida_server_and_spawn_gate(device_shell: DeviceShell) -> None:
    if device_shell.root_mode() is RootMode.NONE:
        pytest.skip("device tier: frida-server needs root on this device")
    try:
        frida_server.ensure_running(device_shell, os.environ.get("HARNESS_FRIDA_SERVER"))
    except InfrastructureError as exc:
        pytest.skip(f"device tier: {exc}")
    device = frida_server.frida_device(device_shell.serial)
    reports: list[HookInstallReport] = []
    hooked = threading.Event()

    def on_message(message: AgentMessage) -> None:
        if isinstance(message, HookInstallReport):
            reports.append(message)
            hooked.set()

    # The session's own spawn path: suspended, the agent loaded and initialised, resumed.
    agent = AgentSession(device, build_agent(), load_catalog(DEFAULT_CATALOG), on_message)
    pid = agent.spawn("com.android.settings")
    try:
        assert hooked.wait(30), "the agent sent no install report"
        assert reports[0].installed  # the framework classes are there to hook
        assert any(p.pid == pid for p in device.enumerate_processes())
    finally:
        agent.close(kill=True)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_standard_scenario(scenario: Path, tmp_path: Path, device_shell: DeviceShell) -> None:
    name, apk = os.environ.get("HARNESS_DEVICE_NAME"), os.environ.get("HARNESS_DEVICE_APK")
    if not name or not apk:
        pytest.skip(
            "device tier: set HARNESS_DEVICE_NAME (a devices.yaml entry) and HARNESS_DEVICE_APK"
        )
    from harness.cli import main

    argv = ["run", apk, "--device", name, "--scenario", str(scenario), "--out", str(tmp_path)]
    if os.environ.get("HARNESS_DEVICES_FILE"):
        argv += ["--devices", os.environ["HARNESS_DEVICES_FILE"]]
    assert main(argv) == 0
    assert any(tmp_path.rglob("manifest.json"))


def test_record_exchanges(device_shell: DeviceShell) -> None:
    target = os.environ.get("HARNESS_RECORD_EXCHANGES")
    if not target:
        pytest.skip("device tier: set HARNESS_RECORD_EXCHANGES=DIR to record this device's answers")
    model = device_shell.run(["getprop", "ro.product.model"]).strip().replace(" ", "_")
    sdk = device_shell.run(["getprop", "ro.build.version.sdk"]).strip()
    fingerprint = device_shell.run(["getprop", "ro.build.fingerprint"]).strip()
    entries = []
    for command in RECORDED_COMMANDS:
        output, rc = device_shell.run_rc(command)
        entries.append({"command": command, "output": output, "rc": rc})
    document = {
        "source": f"recorded from {model} ({fingerprint}) on {datetime.date.today().isoformat()}",
        "shell": entries,
    }
    out = Path(target) / f"{model}-api{sdk}.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as sink:
        YAML().dump(document, sink)
    assert out.stat().st_size > 0
