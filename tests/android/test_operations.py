"""Device operations over the real adb wire protocol, against the stand-in adb server.

Each test drives real adbutils objects connected to tests/android/adb_standin.py, which
answers from the recorded exchanges under tests/fixtures/android/exchanges/.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import adbutils
import pytest
import uiautomator2

from harness.android import apps, proxy
from harness.android.adb import AdbEndpoint, adb_session, list_devices, server_running
from harness.android.device import AndroidDevice, resolve_serial
from harness.android.identifiers import read_identifiers
from harness.android.parse_sys import ProxySetting
from harness.android.shell import DeviceShell, RootMode
from harness.config.devices import DeviceConfig
from harness.errors import AppFault, InfrastructureError
from harness.model import DataCategory
from tests.android.adb_standin import AdbStandin, StandinDevice
from tests.android.conftest import EMULATOR, PHONE

U2_APK = Path(uiautomator2.__file__).parent / "assets" / "app-uiautomator.apk"


def test_lists_devices_with_states(client: adbutils.AdbClient) -> None:
    entries = {e.serial: e for e in list_devices(client)}
    assert entries[EMULATOR].transport == "emulator"
    assert entries[PHONE].model == "Pixel_7" and entries[PHONE].transport == "usb"
    assert entries["R58M12ABCDE"].state == "unauthorized"


def test_resolve_serial_explains_each_state(client: adbutils.AdbClient) -> None:
    assert resolve_serial(client, PHONE) == PHONE
    with pytest.raises(InfrastructureError, match="Allow USB debugging"):
        resolve_serial(client, "R58M12ABCDE")
    with pytest.raises(InfrastructureError, match="enable Developer options"):
        resolve_serial(client, "NOPE123")


def test_adb_session_uses_running_server_and_leaves_it(standin: AdbStandin) -> None:
    endpoint = AdbEndpoint("127.0.0.1", standin.port)
    with adb_session(endpoint, start=False) as client:
        assert len(list_devices(client)) == 3
    assert server_running(endpoint)  # not ours: not stopped
    assert "host:kill" not in standin.host_log


def test_adb_session_refuses_to_start_when_told_not_to() -> None:
    with (
        pytest.raises(InfrastructureError, match="adb start-server"),
        adb_session(AdbEndpoint("127.0.0.1", 1), start=False),
    ):
        pass


def test_root_detection(emu_shell: DeviceShell, phone_shell: DeviceShell) -> None:
    assert emu_shell.root_mode() is RootMode.ADBD
    assert phone_shell.root_mode() is RootMode.NONE


def test_proxy_set_read_clear(emu_shell: DeviceShell, standin: AdbStandin) -> None:
    device = standin.devices[EMULATOR]
    assert proxy.proxy_state(emu_shell) is None
    assert proxy.set_proxy(emu_shell, 8080) == ProxySetting("127.0.0.1", 8080)
    assert device.reverses == {"tcp:8080": "tcp:8080"}
    assert proxy.proxy_state(emu_shell) == ProxySetting("127.0.0.1", 8080)
    proxy.clear_proxy(emu_shell, 8080)
    assert proxy.proxy_state(emu_shell) is None
    assert device.reverses == {}
    assert "settings put global http_proxy :0" in device.shell_log


def test_clear_proxy_removes_a_leftover(phone_shell: DeviceShell) -> None:
    assert proxy.proxy_state(phone_shell) == ProxySetting("192.168.1.20", 8888)
    proxy.clear_proxy(phone_shell)
    assert proxy.proxy_state(phone_shell) is None


def test_identifiers_of_rooted_emulator(emu_shell: DeviceShell) -> None:
    found = {(i.category, i.value) for i in read_identifiers(emu_shell)}
    assert found == {
        (DataCategory.SERIAL, "EMULATOR34X1X12X0"),
        (DataCategory.ANDROID_ID, "9a3c47e1b05d2f68"),
        (DataCategory.DEVICE_ID, "352099001761481"),
        (DataCategory.MAC_ADDRESS, "02:15:b2:00:00:00"),
        (DataCategory.ADVERTISING_ID, "6d1c4b1e-3a5f-4f0e-9b7c-2e8a9d0c1f34"),
    }


def test_identifiers_of_unrooted_phone_skip_what_is_hidden(phone_shell: DeviceShell) -> None:
    idents = read_identifiers(phone_shell)
    by_category = {i.category: i for i in idents}
    assert set(by_category) == {
        DataCategory.SERIAL,
        DataCategory.ANDROID_ID,
        DataCategory.MAC_ADDRESS,
    }
    assert by_category[DataCategory.MAC_ADDRESS].value == "8c:3b:ad:41:7e:92"
    assert by_category[DataCategory.MAC_ADDRESS].source == "device:ip link show wlan0"


def test_install_single_apk(emu_shell: DeviceShell, standin: AdbStandin) -> None:
    installed = apps.install(emu_shell, U2_APK)
    assert installed.package == "com.github.uiautomator"
    device = standin.devices[EMULATOR]
    assert device.files["/data/local/tmp/harness-install/base.apk"] == U2_APK.read_bytes()
    assert "pm install -r -t /data/local/tmp/harness-install/base.apk" in device.shell_log
    assert device.shell_log[-1] == "rm -rf /data/local/tmp/harness-install"


def _bundle(tmp_path: Path, name: str, xapk: bool) -> Path:
    path = tmp_path / name
    base = U2_APK.read_bytes()
    obb = "Android/obb/com.github.uiautomator/main.3.com.github.uiautomator.obb"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("com.github.uiautomator.apk" if xapk else "base.apk", base)
        z.writestr("config.xxhdpi.apk", base)
        if xapk:
            manifest = {
                "xapk_version": 2,
                "package_name": "com.github.uiautomator",
                "split_apks": [
                    {"file": "com.github.uiautomator.apk", "id": "base"},
                    {"file": "config.xxhdpi.apk", "id": "config.xxhdpi"},
                ],
                "expansions": [
                    {
                        "file": obb,
                        "install_location": "EXTERNAL_STORAGE",
                        "install_path": obb,
                    }
                ],
            }
            z.writestr("manifest.json", json.dumps(manifest))
            z.writestr(obb, b"OBB")
    return path


def test_install_split_bundle_uses_a_session(
    emu_shell: DeviceShell, standin: AdbStandin, tmp_path: Path
) -> None:
    installed = apps.install(emu_shell, _bundle(tmp_path, "app.apks", xapk=False))
    assert installed.apks == ("0_base.apk", "1_config.xxhdpi.apk")
    log = standin.devices[EMULATOR].shell_log
    assert any(c.startswith("pm install-create -r -t -S ") for c in log)
    assert sum(c.startswith("pm install-write") for c in log) == 2
    assert "pm install-commit 1185270034" in log


def test_install_xapk_pushes_obb(
    emu_shell: DeviceShell, standin: AdbStandin, tmp_path: Path
) -> None:
    installed = apps.install(emu_shell, _bundle(tmp_path, "app.xapk", xapk=True))
    assert installed.apks[0] == "0_com.github.uiautomator.apk"
    obb = "/sdcard/Android/obb/com.github.uiautomator/main.3.com.github.uiautomator.obb"
    assert installed.obbs == (obb,)
    assert standin.devices[EMULATOR].files[obb] == b"OBB"


def test_install_failure_is_an_app_fault(emu_shell: DeviceShell, standin: AdbStandin) -> None:
    standin.devices[EMULATOR].exact["pm install -r -t /data/local/tmp/harness-install/base.apk"] = (
        "Failure [INSTALL_FAILED_NO_MATCHING_ABIS: Failed to extract native libraries, res=-113]\n",
        1,
    )
    with pytest.raises(AppFault, match="INSTALL_FAILED_NO_MATCHING_ABIS"):
        apps.install(emu_shell, U2_APK)
    assert standin.devices[EMULATOR].shell_log[-1] == "rm -rf /data/local/tmp/harness-install"


def test_uninstall_clear_grant_revoke(emu_shell: DeviceShell) -> None:
    assert apps.uninstall(emu_shell, "org.harness.fixture") is True
    assert apps.uninstall(emu_shell, "org.harness.absent") is False
    apps.clear_data(emu_shell, "org.harness.fixture")
    apps.grant(emu_shell, "org.harness.fixture", "android.permission.READ_PHONE_STATE")
    apps.revoke(emu_shell, "org.harness.fixture", "android.permission.ACCESS_FINE_LOCATION")
    with pytest.raises(AppFault, match="not a changeable permission"):
        apps.grant(emu_shell, "org.harness.fixture", "android.permission.INTERNET")


def test_package_queries(emu_shell: DeviceShell) -> None:
    state = apps.package_state(emu_shell, "org.harness.fixture")
    assert (
        state is not None and state.runtime_state("android.permission.ACCESS_FINE_LOCATION") is True
    )
    assert apps.package_state(emu_shell, "org.harness.absent") is None
    assert apps.is_installed(emu_shell, "org.harness.fixture")
    assert apps.pids(emu_shell, "org.harness.fixture") == (4321,)
    assert apps.pids(emu_shell, "org.harness.absent") == ()


def test_android_device_from_config(client: adbutils.AdbClient, standin: AdbStandin) -> None:
    config = DeviceConfig(
        name="phone", kind="usb", serial=PHONE, identifiers={"device_id": "867530912345678"}
    )
    device = AndroidDevice.connect(config, client, AdbEndpoint("127.0.0.1", standin.port))
    assert device.sdk() == 33
    known = device.identifiers()
    assert known[0].source == "devices.yaml" and known[0].value == "867530912345678"
    assert any(k.category is DataCategory.SERIAL for k in known)
    offset = device.clock_offset(samples=3)
    assert offset.uncertainty_s >= 0
    device.set_proxy(8080)
    device.close()  # leaves no proxy behind
    assert proxy.proxy_state(device.shell) is None


def test_shell_errors_are_infrastructure(client: adbutils.AdbClient, standin: AdbStandin) -> None:
    shell = DeviceShell(client.device("GONE0001"), timeout=5)
    with pytest.raises(InfrastructureError, match="GONE0001"):
        shell.run("id -u")


def test_stream_write_read_roundtrip(emu_shell: DeviceShell) -> None:
    emu_shell.device.sync.push(io.BytesIO(b"payload"), "/data/local/tmp/probe", mode=0o644)
    assert emu_shell.device.sync.read_bytes("/data/local/tmp/probe") == b"payload"


def _su_answers(device: StandinDevice, answers: list[tuple[str, int]]) -> list[str]:
    """`su -c 'id -u'` answered in turn (a Magisk prompt refused, then granted, ...)."""
    asked: list[str] = []

    def su(m: re.Match[str]) -> tuple[str, int]:
        asked.append(m.group(0))
        return answers[min(len(asked), len(answers)) - 1]

    device.exact.pop("su -c 'id -u'", None)
    device.exact["id -u"] = ("2000\n", 0)
    device.patterns[:0] = [(re.compile(r"su -c 'id -u'"), su)]
    return asked


def test_a_magisk_prompt_answered_late_still_gives_root(
    client: adbutils.AdbClient, standin: AdbStandin
) -> None:
    device = standin.devices[EMULATOR]
    asked = _su_answers(device, [("Permission denied\n", 1), ("0\n", 0)])
    shell = DeviceShell(client.device(EMULATOR), timeout=10)
    assert shell.root_mode() is RootMode.SU_C and len(asked) == 2


def test_a_refused_su_is_not_recorded_as_no_root(
    client: adbutils.AdbClient, standin: AdbStandin
) -> None:
    device = standin.devices[EMULATOR]
    asked = _su_answers(device, [("Permission denied\n", 1)])
    shell = DeviceShell(client.device(EMULATOR), timeout=10)
    with pytest.raises(InfrastructureError, match=r"did not grant root.*Magisk > Superuser"):
        shell.root_mode()
    assert len(asked) == 2  # asked again with the longer wait before failing


def test_a_phone_without_su_has_no_root(phone_shell: DeviceShell) -> None:
    assert phone_shell.root_mode() is RootMode.NONE
