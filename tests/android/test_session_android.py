"""A whole `run_session` on an Android device, offline.

adb is real (the adb wire protocol against tests/android/adb_standin.py, with the recorded
answers of a rooted Android 14 device), and so are the agent bundle, mitmproxy with its CA,
the scenario runner, scoring and the sealed bundle. Only frida-server and the uiautomator2
server of a phone are replaced (tests/android/session_kit.py). The tests check the exact
adb commands a session issues to prepare the device and to restore it, also when the
scenario fails midway, and that the bundle verifies and names the device.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frida
import pytest

from harness.agent.catalog import DEFAULT_CATALOG, load_catalog
from harness.android.adb import AdbEndpoint
from harness.android.certs import android_name, load_ca
from harness.android.shell import DeviceShell
from harness.android.ui import U2Driver
from harness.cli import main
from harness.config.devices import DeviceConfig, DeviceKind, ProxyMode
from harness.errors import InfrastructureError
from harness.rules.pack import DEFAULT_RULE_PACK, load_rule_pack
from harness.scenario.steps import load_scenario
from harness.session.android import AndroidTargets
from harness.session.apkapp import load_apk_app, profile_beside
from harness.session.orchestrator import RunRequest, run_session
from harness.traffic.ca import ca_cert_path
from harness.ui.driver import UiDriver
from tests.android.adb_standin import AdbStandin, StandinDevice
from tests.android.session_kit import (
    ANDROID_ID,
    APP_PID,
    DEVICE_AHEAD_S,
    PACKAGE,
    U2_APK,
    FakeFridaDevice,
    Phone,
    RecordedScreens,
    rooted_phone,
)

SCENARIO = """\
name: device-login
steps:
  - launch
  - wait: 0.5
  - consent: {choice: accept, button: {description: Log In}, timeout: 3}
  - tap: {description: I am new here}
  - background: 0.2
  - stop
"""
SERIALS = {DeviceKind.USB: "35091FDH2000K7", DeviceKind.TCP: "10.0.0.9:5555"}
REMOTE_APK = "/data/local/tmp/harness-install/base.apk"


@dataclass
class Lab:
    standin: AdbStandin
    device: StandinDevice
    config: DeviceConfig
    phone: Phone
    frida: FakeFridaDevice
    screens: RecordedScreens
    out: Path
    scenario: Path

    def request(self) -> RunRequest:
        def connect_ui(shell: DeviceShell, package: str) -> UiDriver:
            return U2Driver(self.screens, shell, package)

        return RunRequest(
            app=load_apk_app(U2_APK),
            scenario=load_scenario(self.scenario),
            device=self.config,
            out_dir=self.out,
            catalog=load_catalog(DEFAULT_CATALOG),
            rule_pack=load_rule_pack(DEFAULT_RULE_PACK),
            targets=AndroidTargets(
                frida_device=lambda serial: self.frida.for_serial(serial),  # type: ignore[arg-type,return-value]
                connect_ui=connect_ui,
                endpoint=AdbEndpoint("127.0.0.1", self.standin.port),
            ),
        )

    @property
    def port(self) -> int:
        """The proxy port the session reversed (the host's mitmproxy)."""
        forwards = [a for a in self.device.actions if a.startswith("reverse forward")]
        assert len(forwards) == 1, forwards
        return int(forwards[0].rsplit(":", 1)[1])


def _lab(
    tmp_path: Path,
    kind: DeviceKind,
    frida_peer: tuple[str, int],
    *,
    fail_on_click: int | None = None,
    fail_init: bool = False,
) -> Lab:
    serial = SERIALS[kind]
    phone = Phone()
    device = rooted_phone(serial, phone, frida_peer)
    standin = AdbStandin([device])
    place = {"serial": serial} if kind is DeviceKind.USB else {"address": serial}
    config = DeviceConfig(name="pixel", kind=kind, **place)  # type: ignore[arg-type]
    scenario = tmp_path / "device-login.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    return Lab(
        standin,
        device,
        config,
        phone,
        FakeFridaDevice(phone, fail_init=fail_init),
        RecordedScreens(phone, fail_on_click),
        tmp_path / "evidence",
        scenario,
    )


@pytest.fixture(params=[DeviceKind.USB, DeviceKind.TCP], ids=["usb", "tcp"])
def lab(
    request: pytest.FixtureRequest, tmp_path: Path, frida_peer: tuple[str, int]
) -> Iterator[Lab]:
    made = _lab(tmp_path, request.param, frida_peer)
    yield made
    made.standin.close()


def _ca_name() -> str:
    return android_name(load_ca(ca_cert_path().read_bytes()))


def _preparation(port: int) -> list[str]:
    """Every adb action before the app starts, in order (reads included: the full record)."""
    ca = _ca_name()
    return [
        "getprop",  # the device's facts for the manifest
        f"pm uninstall {PACKAGE}",  # a clean start: not installed before
        # The screen kept on and install verification (Play Protect) off, each read first.
        "settings get global stay_on_while_plugged_in",
        "svc power stayon true",
        "settings get global stay_on_while_plugged_in",
        "settings get global verifier_verify_adb_installs",
        "settings put global verifier_verify_adb_installs 0",
        "settings get global verifier_verify_adb_installs",
        "settings get global package_verifier_enable",
        "settings put global package_verifier_enable 0",
        "settings get global package_verifier_enable",
        # The screen: awake and unlocked already, so nothing to do.
        "dumpsys power",
        "dumpsys window policy",
        "mkdir -p /data/local/tmp/harness-install",
        f"push {REMOTE_APK}",
        f"pm install -r -t {REMOTE_APK}",  # replace, test-only allowed; never -g
        "rm -rf /data/local/tmp/harness-install",
        f"reverse forward tcp:{port} tcp:{port}",
        f"settings put global http_proxy 127.0.0.1:{port}",
        "settings get global http_proxy",
        "id -u",  # root: adbd runs as root
        "mkdir -p /data/local/tmp/harness-ca && chmod 755 /data/local/tmp/harness-ca",
        f"push /data/local/tmp/{ca}",
        f"cp /data/local/tmp/{ca} /data/local/tmp/harness-ca/{ca} && rm -f /data/local/tmp/{ca}",
        "SYSTEM-CA-SCRIPT",  # the tmpfs + APEX bind-mount script (the APEX decides)
        # Frida is asked first whether frida-server answers (over adb forward): it does.
        "forward tcp:LOCAL tcp:27042",
        "forward remove tcp:LOCAL",
        "/data/local/tmp/frida-server --version 2>&1",
        "ps -A -o PID,ARGS",
        *["date +%s.%N"] * 7,  # the clock offset, best of seven round trips
        "getprop ro.serialno",
        "settings get secure android_id",
        "service call iphonesubinfo 1 s16 com.android.shell",
        # Android 14's codes: the IMEI of each SIM slot, the IMSI, the ICCID.
        "service call iphonesubinfo 4 i32 0 s16 com.android.shell i32 -1",
        "service call iphonesubinfo 4 i32 1 s16 com.android.shell i32 -1",
        "service call iphonesubinfo 8 s16 com.android.shell",
        "service call iphonesubinfo 12 s16 com.android.shell",
        "cat /sys/class/net/wlan0/address",
        "cat /data/data/com.google.android.gms/shared_prefs/adid_settings.xml",
        "settings get global pps_oaid",
    ]


def _cleanup(port: int) -> list[str]:
    return [
        "settings put global http_proxy :0",
        "settings delete global http_proxy",
        "settings delete global global_http_proxy_host",
        "settings delete global global_http_proxy_port",
        "settings delete global global_http_proxy_exclusion_list",
        f"reverse remove tcp:{port}",
        # Every setting back as it was (all unset on this phone).
        "settings delete global stay_on_while_plugged_in",
        "settings delete global verifier_verify_adb_installs",
        "settings delete global package_verifier_enable",
        # The app's own ANDROID_ID (Android 8+), read after it ran, before it is removed.
        "abx2xml /data/system/users/0/settings_ssaid.xml - 2>/dev/null "
        "|| cat /data/system/users/0/settings_ssaid.xml",
        "CA-CLEANUP-SCRIPT",  # every mount of the session's CA undone
        f"pm uninstall {PACKAGE}",
    ]


def _actions(lab: Lab) -> list[str]:
    # The CA script is long; one stand-in line keeps the expected list readable.
    # The forward's host port is picked free at run time.
    return [
        "SYSTEM-CA-SCRIPT"
        if a.startswith("set -e\n")
        else "CA-CLEANUP-SCRIPT"
        if a.startswith("S=/system")
        else re.sub(r"^(forward(?: remove)?) tcp:\d+", r"\1 tcp:LOCAL", a)
        for a in lab.device.actions
    ]


def _assert_left_clean(lab: Lab) -> None:
    assert lab.device.reverses == {} and not lab.standin.forwards
    assert not {k for _ns, k in lab.device.settings} & {
        "stay_on_while_plugged_in",
        "verifier_verify_adb_installs",
        "package_verifier_enable",
    }
    assert ("global", "http_proxy") not in lab.device.settings
    assert not lab.phone.installed and not lab.phone.running


def _rows(bundle: Path) -> list[dict[str, Any]]:
    lines = (bundle / "events.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_a_session_on_an_android_device(lab: Lab) -> None:
    bundle = run_session(lab.request())

    actions = _actions(lab)
    port = lab.port
    started = actions.index("logcat -c")
    assert actions[:started] == _preparation(port)
    stopped = actions.index(f"am force-stop {PACKAGE}")
    assert actions[stopped + 1 :] == _cleanup(port)
    _assert_left_clean(lab)

    # One spawn path: the agent session spawns suspended, loads and inits the agent, turns
    # spawn gating on (the app's other processes), then resumes; stop flushes; the app's end
    # (force-stop) detaches the session; gating is off again before the agent unloads.
    assert lab.frida.serials == [SERIALS[lab.config.kind]]
    assert lab.frida.calls == [
        f"spawn {PACKAGE}",
        f"attach {APP_PID}",
        "create_script harness-agent",
        "load",
        "init",
        "on spawn-added",
        "enable_spawn_gating",
        f"resume {APP_PID}",
        "flush",
        "disable_spawn_gating",
        "off spawn-added",
        "unload",
        "detach",
    ]
    assert lab.frida.script is not None and lab.frida.script.config is not None
    assert lab.frida.script.config["network"] == {"unpin": True, "proxy": f"127.0.0.1:{port}"}

    assert main(["verify", str(bundle)]) == 0
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    device = manifest["device"]
    assert (device["name"], device["kind"]) == ("pixel", lab.config.kind.value)
    facts = device["fingerprint"]
    assert facts["serial"] == SERIALS[lab.config.kind]
    assert (facts["model"], facts["sdk"], facts["abi"]) == ("sdk_gphone64_x86_64", 34, "x86_64")
    assert facts["build_fingerprint"].startswith("google/sdk_gphone64_x86_64/emu64xa:14/")
    assert facts["frida_server"] == frida.__version__
    assert facts["ca"]["store"] == "system"
    assert facts["ca"]["path"] == f"/apex/com.android.conscrypt/cacerts/{_ca_name()}"
    assert facts["root"] == "adbd" and facts["clean_state"] == "uninstall"
    assert facts["cleanup_problems"] == []
    assert manifest["app_package"] == PACKAGE
    assert manifest["apk"]["file"] == U2_APK.name and "okhttp3" in manifest["apk"]["sdks"]
    assert "logcat.txt" in manifest["files"] and "app-output.log" not in manifest["files"]
    # The phone's clock is ahead: the offset is measured within its stated uncertainty.
    clock = manifest["clock"]
    assert clock["method"] == "adb-shell-date"
    assert abs(clock["offset_s"] - DEVICE_AHEAD_S) <= clock["uncertainty_s"]

    rows = _rows(bundle)
    in_order = [r for r in rows if r["type"] == "marker"]
    assert [m["kind"] for m in in_order] == [
        "launch",
        "step",  # wait
        "consent_accept",
        "step",  # tap
        "background_start",
        "background_end",
        "stop",
    ]
    markers = {m["kind"]: m for m in in_order}
    hook = next(r for r in rows if r["type"] == "hook")
    # Stamped by the phone's clock, placed on the host's (to within the offset's
    # uncertainty): between spawn and consent, not DEVICE_AHEAD_S later.
    slack = clock["uncertainty_s"]
    assert markers["launch"]["ts"] - slack <= hook["ts"] <= markers["consent_accept"]["ts"]
    assert (hook["ret"], hook["phase"]) == (ANDROID_ID, "pre_consent")

    findings = json.loads((bundle / "findings.json").read_text(encoding="utf-8"))
    assert ("collect-before-consent", "android_id") in {
        (f["rule"], f["category"]) for f in findings
    }
    scoring = json.loads((bundle / "scoring.json").read_text(encoding="utf-8"))
    assert scoring["profile_source"] == "none"
    assert "android.permission.GET_ACCOUNTS" in scoring["manifest_permissions"]
    known = {(k["category"], k["value"], k["source"]) for k in scoring["known_identifiers"]}
    # Read from the device over adb, to be searched for in the traffic.
    assert ("device_id", "352099001761481", "device:service call iphonesubinfo 1") in known
    assert ("android_id", ANDROID_ID, "device:settings secure android_id") in known
    ssaid = "device:/data/system/users/0/settings_ssaid.xml (com.github.uiautomator)"
    assert ("android_id", "e41f0c7a9d3b2865", ssaid) in known
    # The recorded device is an emulator: its IMSI and ICCID are the fixed values every
    # emulator reports, read (iphonesubinfo 8 and 12) but never searched in traffic
    # (harness/data/placeholders.yaml).
    assert not {k for k in known if k[0] in ("imsi", "sim_serial")}


def test_a_scenario_failing_midway_still_restores_the_device(
    tmp_path: Path, frida_peer: tuple[str, int]
) -> None:
    # The second tap finds the uiautomator2 server gone while the app still runs: the
    # lab's failure, not the app's.
    lab = _lab(tmp_path, DeviceKind.USB, frida_peer, fail_on_click=2)
    try:
        with pytest.raises(InfrastructureError, match="uiautomator2 action failed"):
            run_session(lab.request())
        actions = _actions(lab)
        port = lab.port
        assert actions[: actions.index("logcat -c")] == _preparation(port)
        last_look = len(actions) - 1 - actions[::-1].index(f"pidof {PACKAGE}")
        assert actions[last_look + 1 :] == _cleanup(port)
        assert f"am force-stop {PACKAGE}" not in actions
        _assert_left_clean(lab)
        assert lab.frida.calls[-3:] == ["unload", "detach", f"kill {APP_PID}"]
        (failed,) = (lab.out / PACKAGE).iterdir()
        assert failed.name.endswith(".failed")
        assert "uiautomator2 action failed" in (failed / "ERROR.txt").read_text()
        assert not list(lab.out.rglob("manifest.json"))
    finally:
        lab.standin.close()


def test_an_agent_that_fails_to_start_leaves_no_app_running(
    tmp_path: Path, frida_peer: tuple[str, int]
) -> None:
    lab = _lab(tmp_path, DeviceKind.USB, frida_peer, fail_init=True)
    try:
        with pytest.raises(frida.InvalidArgumentError, match="agent did not start"):
            run_session(lab.request())
        # Spawned suspended, never resumed, killed: no app ran without its hooks.
        assert lab.frida.calls == [
            f"spawn {PACKAGE}",
            f"attach {APP_PID}",
            "create_script harness-agent",
            "load",
            "init",
            "flush",
            "unload",
            "detach",
            f"kill {APP_PID}",
        ]
        actions = _actions(lab)
        assert actions[-len(_cleanup(lab.port)) :] == _cleanup(lab.port)
        _assert_left_clean(lab)
    finally:
        lab.standin.close()


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (DeviceConfig(name="p", kind=DeviceKind.USB, serial="S1"), ProxyMode.PASSTHROUGH),
        (
            DeviceConfig(
                name="p", kind=DeviceKind.TCP, address="h:5555", proxy_mode=ProxyMode.SINKHOLE
            ),
            ProxyMode.SINKHOLE,
        ),
        (DeviceConfig(name="h", kind=DeviceKind.HOST_LAB), ProxyMode.SINKHOLE),
    ],
)
def test_proxy_mode_defaults_by_kind(config: DeviceConfig, expected: ProxyMode) -> None:
    assert config.resolved_proxy_mode() is expected


def test_the_profile_beside_the_apk_or_the_one_given(tmp_path: Path) -> None:
    apk = tmp_path / "uiautomator.apk"
    shutil.copyfile(U2_APK, apk)
    assert load_apk_app(apk).profile_source == "none"
    beside = profile_beside(apk)
    assert beside.name == "uiautomator.profile.yaml"
    beside.write_text(f"package: {PACKAGE}\napp_type: 实用工具类\n", encoding="utf-8")
    app = load_apk_app(apk)
    assert app.profile_source == str(beside) and app.profile.app_type == "实用工具类"
    given = tmp_path / "other.yaml"
    given.write_text(f"package: {PACKAGE}\n", encoding="utf-8")
    assert load_apk_app(apk, given).profile.app_type is None


def _devices_file(tmp_path: Path) -> Path:
    path = tmp_path / "devices.yaml"
    path.write_text(
        "version: 1\ndevices:\n"
        "  - {name: host-lab, kind: host-lab}\n"
        "  - {name: pixel, kind: usb, serial: 35091FDH2000K7}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["APK", "--device", "host-lab"], "an APK runs on an Android device"),
        (["calibration", "--device", "pixel"], "'pixel' is an Android device (usb): it runs APKs"),
        (["missing.apk", "--device", "pixel"], "missing.apk: file not found"),
        (["APK", "--device", "pixel", "--profile", "WRONG"], "profile is for com.other.app"),
    ],
)
def test_run_refuses_what_does_not_fit_before_touching_a_device(
    args: list[str], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.profile.yaml"
    wrong.write_text("package: com.other.app\n", encoding="utf-8")
    argv = [str(U2_APK) if a == "APK" else str(wrong) if a == "WRONG" else a for a in args]
    status = main(["run", *argv, "--devices", str(_devices_file(tmp_path)), "--out", str(tmp_path)])
    assert status == 2
    assert fragment in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.partial")) and not list(tmp_path.rglob("*.failed"))


def test_a_phone_locked_with_a_pin_fails_the_session_naming_the_fix(
    tmp_path: Path, frida_peer: tuple[str, int]
) -> None:
    lab = _lab(tmp_path, DeviceKind.USB, frida_peer)
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "outputs" / "screen"
    lab.device.exact["dumpsys power"] = ((fixtures / "power-asleep.txt").read_text(), 0)
    lab.device.exact["dumpsys window policy"] = (
        (fixtures / "window-policy-keyguard-secure.txt").read_text(),
        0,
    )
    try:
        with pytest.raises(InfrastructureError, match=r"PIN, pattern or password.*Screen lock"):
            run_session(lab.request())
        assert not lab.frida.calls  # no app started on a screen nobody can see
        _assert_left_clean(lab)  # settings restored, proxy never set, nothing installed
    finally:
        lab.standin.close()
