"""The lab as unkind as Android, under the real agent on a real JVM (tests/hooks/platform_app).

Overload chains: the stand-ins delegate as AOSP does (getImei() -> getImei(getSlotIndex()),
getInstalledPackages -> getInstalledPackagesAsUser, registerListener(3) -> registerListener(4),
requestSingleUpdate -> requestLocationUpdates, ...), and each call the app makes is one event,
named by the outer signature; an inner form the app calls directly is an event of its own.
Android's answers (harness.lab.LabPlatform): on Android 13 an ordinary app without permissions
gets SecurityException from device-identifier and location reads (still recorded: the attempt
is what counts, with the exception), placeholders for the serial, Bluetooth MAC and an opted-out
advertising id; a privileged app, or an Android 5.1 phone, gets the values.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from harness.agent.catalog import Catalog, load_catalog
from harness.hostlab import build_lab_app, find_lab_app, jvm_command
from harness.model import HookEvent
from harness.traffic.observed import observed_values
from tests.hooks.agentrun import AgentRun, run_under_agent

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]

APP = Path(__file__).parent / "platform_app"
LINE = re.compile(r"^probe: (.+?) = (.*)$", re.M)
DEVICE_ID = "867530912345678"  # the lab runtime's fallback identifiers (LabIdentifiers)
IMSI = "460001234567890"
SERIAL = "HLAB0001XYZ"
AD_ID = "38400000-8cf0-11bd-b23e-10b96e40000d"
SECURITY = "threw java.lang.SecurityException"

# (entry, signature the app called) -> events: one per app call, never one per overload.
CHAIN_EVENTS = {
    ("telephony.getImei", "()"): 1,
    ("telephony.getImei", "(int)"): 1,  # called directly
    ("telephony.getMeid", "()"): 1,
    ("telephony.getSubscriberId", "()"): 1,
    ("telephony.getSubscriberId", "(int)"): 1,  # called directly
    ("telephony.getLine1Number", "()"): 1,
    ("telephony.getSimSerialNumber", "()"): 1,
    ("telephony.getDeviceId", "()"): 1,
    ("packages.getInstalledPackages", "(int)"): 1,
    ("packages.getInstalledPackagesAsUser", "(int, int)"): 1,  # called directly
    ("packages.getInstalledApplications", "(int)"): 1,
    ("packages.getPackageInfo", "(java.lang.String, int)"): 1,
    (
        "sensors.registerListener",
        "(android.hardware.SensorEventListener, android.hardware.Sensor, int)",
    ): 1,
    (
        "sensors.registerListener",
        "(android.hardware.SensorEventListener, android.hardware.Sensor, int, android.os.Handler)",
    ): 1,  # called directly
    (
        "location.requestLocationUpdates",
        "(java.lang.String, long, float, android.location.LocationListener)",
    ): 1,
    (
        "location.requestSingleUpdate",
        "(java.lang.String, android.location.LocationListener, android.os.Looper)",
    ): 1,
    ("location.getLastKnownLocation", "(java.lang.String)"): 1,
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _run(catalog: Catalog, tmp: Path, **props: str) -> tuple[AgentRun, dict[str, str]]:
    app = find_lab_app(APP)
    argv = jvm_command(
        app,
        build_lab_app(app).classpath,
        portfile=tmp / "ui.port",
        identifiers={},
        extra_props={f"harness.lab.{k}": v for k, v in props.items()},
    )
    run = run_under_agent(argv, catalog, until="probe: done")
    return run, dict(LINE.findall(run.output))


@pytest.fixture(scope="module")
def android13(
    catalog: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> tuple[AgentRun, dict[str, str]]:
    return _run(catalog, tmp_path_factory.mktemp("a13"), api_level="33", limit_ad_tracking="true")


@pytest.fixture(scope="module")
def android5(
    catalog: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> tuple[AgentRun, dict[str, str]]:
    return _run(catalog, tmp_path_factory.mktemp("a5"), api_level="22")


def _chains(events: list[HookEvent]) -> Counter[tuple[str, str]]:
    wanted = {entry for entry, _sig in CHAIN_EVENTS}
    return Counter((e.entry, e.signature) for e in events if e.entry in wanted)


@pytest.mark.parametrize("which", ["android13", "android5"])
def test_an_overload_chain_is_one_event_named_by_the_call_the_app_made(
    which: str, request: pytest.FixtureRequest
) -> None:
    run, _ = request.getfixturevalue(which)
    assert dict(_chains(run.collector.events)) == CHAIN_EVENTS
    for event in run.collector.events:
        if (event.entry, event.signature) in CHAIN_EVENTS:
            # The stack's innermost frame is the hooked call itself, then the app's method.
            assert event.stack[1].startswith("com.harnesslab.platformprobe.ProbeApp"), event.stack[
                :3
            ]


def test_android13_denies_an_ordinary_app_and_the_attempts_are_still_recorded(
    android13: tuple[AgentRun, dict[str, str]],
) -> None:
    run, seen = android13
    for call in (
        "getImei()",
        "getDeviceId()",
        "getSubscriberId()",
        "getSimSerialNumber()",
        "getLine1Number()",
        "getImei(int)",
        "Build.getSerial",
        "requestLocationUpdates(4)",
        "requestSingleUpdate",
        "getLastKnownLocation",
    ):
        assert seen[call] == SECURITY, (call, seen[call])
    by_entry = {(e.entry, e.signature): e for e in run.collector.events}
    imei = by_entry[("telephony.getImei", "()")]
    assert imei.ret is None  # an exception is no value: nothing to look for in traffic
    assert imei.threw is not None and imei.threw.startswith("java.lang.SecurityException")
    assert "device identifiers" in imei.threw
    location = by_entry[("location.getLastKnownLocation", "(java.lang.String)")]
    assert location.threw is not None and "ACCESS_FINE_LOCATION" in location.threw
    assert [e.threw for e in run.collector.events if e.entry == "build.getSerial"] == [
        "java.lang.SecurityException: getSerial: The user com.harnesslab.platformprobe "
        "does not meet the requirements to access device identifiers."
    ]
    # The rules' known values are the values the app got: none from a call that threw.
    thrown = {e.id for e in run.collector.events if e.threw is not None}
    assert thrown
    assert not [i for i in observed_values(run.collector.events) if i.source in thrown]


def test_android13_fails_the_other_dangerous_apis_as_android_does(
    android13: tuple[AgentRun, dict[str, str]],
) -> None:
    run, seen = android13
    assert seen["openCamera"] == SECURITY
    assert seen["Camera.open"] == "threw java.lang.RuntimeException"
    assert seen["AudioRecord.startRecording"] == "threw java.lang.IllegalStateException"
    assert seen["sendTextMessage"] == SECURITY
    assert seen["getAccounts"] == "0"  # another app's account is not visible (Android 8+)
    # Each attempt is still one event.
    entries = Counter(e.entry for e in run.collector.events)
    for entry in (
        "camera2.openCamera",
        "camera.open",
        "audio.startRecording",
        "sms.sendTextMessage",
    ):
        assert entries[entry] == 1, entry
    assert entries["sms.sendTextMessageInternal"] == 0  # inside sendTextMessage: one group


def test_android13_gives_placeholders_not_identifiers(
    android13: tuple[AgentRun, dict[str, str]],
) -> None:
    run, seen = android13
    assert seen["Build.SERIAL"] == "unknown"
    assert seen["BluetoothAdapter.getAddress"] == "02:00:00:00:00:00"
    assert seen["gaid"] == "00000000-0000-0000-0000-000000000000"
    assert seen["gaid.limited"] == "true"
    # Reads that need no permission still answer.
    assert seen["getInstalledPackages(int)"] != SECURITY
    gaid = [e.ret for e in run.collector.events if e.entry == "gaid.Info.getId"]
    assert gaid and set(gaid) == {"00000000-0000-0000-0000-000000000000"}
    assert not [e for e in run.collector.events if e.ret in (DEVICE_ID, IMSI, SERIAL)]


def test_an_android5_phone_hands_out_the_identifiers(
    android5: tuple[AgentRun, dict[str, str]],
) -> None:
    run, seen = android5
    assert seen["getImei()"] == DEVICE_ID
    assert seen["getSubscriberId()"] == IMSI
    assert seen["Build.SERIAL"] == SERIAL
    assert seen["Build.getSerial"] == SERIAL
    assert seen["BluetoothAdapter.getAddress"] == "f8:e4:3b:11:22:33"
    assert seen["gaid"] == AD_ID
    assert seen["getLastKnownLocation"] != SECURITY
    assert (seen["openCamera"], seen["sendTextMessage"], seen["getAccounts"]) == ("ok", "ok", "1")
    by_entry = {(e.entry, e.signature): e.ret for e in run.collector.events}
    assert by_entry[("telephony.getImei", "()")] == DEVICE_ID


def test_a_privileged_app_on_android13_gets_the_device_identifiers(
    catalog: Catalog, tmp_path: Path
) -> None:
    _, seen = _run(catalog, tmp_path, api_level="33", privileged="true")
    assert seen["getImei()"] == DEVICE_ID
    assert seen["getDeviceId()"] == DEVICE_ID
    assert seen["Build.getSerial"] == SERIAL
    # Privilege is not a runtime permission: the location is still denied.
    assert seen["getLastKnownLocation"] == SECURITY


def test_an_old_target_on_android13_gets_null_with_the_phone_permission_denied_otherwise(
    catalog: Catalog, tmp_path: Path
) -> None:
    # Target 22: the manifest's permissions are granted at install, so READ_PHONE_STATE is
    # held, and AOSP answers null (serial: "unknown") instead of throwing.
    _, seen = _run(catalog, tmp_path, api_level="33", target_sdk="22")
    assert seen["getImei()"] == "null"
    assert seen["getSubscriberId()"] == "null"
    assert seen["Build.getSerial"] == "unknown"
    assert seen["getLine1Number()"] == "+8613800138000"


def test_an_app_that_names_no_android_runs_on_the_classic_rules(
    catalog: Catalog, tmp_path: Path
) -> None:
    """No `android:` in app.yaml (no harness.lab.* property): nothing is refused for want
    of a permission and identifiers are real, as the lab apps written before the platform
    switch were written for; the calls are recorded as on any phone."""
    run, seen = _run(catalog, tmp_path)
    assert seen["getImei()"] == DEVICE_ID
    assert seen["getSubscriberId()"] == IMSI
    assert seen["Build.SERIAL"] == "unknown"  # as the lab always answered
    assert seen["BluetoothAdapter.getAddress"] == "f8:e4:3b:11:22:33"
    assert seen["getLastKnownLocation"] != SECURITY
    assert (seen["openCamera"], seen["sendTextMessage"], seen["getAccounts"]) == ("ok", "ok", "1")
    assert not [e for e in run.collector.events if e.threw]
