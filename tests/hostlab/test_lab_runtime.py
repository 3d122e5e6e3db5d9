"""The android.* stand-ins return the host-lab device's identifiers (a probe program on the JVM)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from harness.config import load_devices
from harness.hostlab import build_classes, find_lab_app, java_executable
from harness.model import DataCategory

pytestmark = [
    pytest.mark.hostlab,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no javac on PATH"),
]

# Calls every stand-in the way app code does and prints one "name=value" line per call.
PROBE = """\
package com.example.probe;

import android.app.ContextImpl;
import android.content.ClipboardManager;
import android.content.ContentResolver;
import android.content.Context;
import android.content.pm.PackageInfo;
import android.location.Location;
import android.location.LocationManager;
import android.provider.Settings;
import android.telephony.TelephonyManager;

public class Probe {
    public static void main(String[] args) {
        Context context = new ContextImpl("com.example.probe");
        ContentResolver resolver = context.getContentResolver();
        TelephonyManager tm =
                (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        out("getDeviceId", tm.getDeviceId());
        out("getDeviceId0", tm.getDeviceId(0));
        out("getDeviceId1", tm.getDeviceId(1));
        out("getImei", tm.getImei());
        out("getImei0", tm.getImei(0));
        out("getSubscriberId", tm.getSubscriberId());
        out("getLine1Number", tm.getLine1Number());
        out("getSimSerialNumber", tm.getSimSerialNumber());
        out("sameService", tm == context.getSystemService(Context.TELEPHONY_SERVICE));
        out("unknownService", context.getSystemService("no_such_service"));
        out("secureAndroidId", Settings.Secure.getString(resolver, "android_id"));
        out("systemAndroidId", Settings.System.getString(resolver, "android_id"));
        out("secureOther", Settings.Secure.getString(resolver, "location_mode"));
        out("secureUnknown", Settings.Secure.getString(resolver, "nope"));
        LocationManager lm = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        Location fix = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        out("latitude", fix.getLatitude());
        out("longitude", fix.getLongitude());
        out("provider", fix.getProvider());
        StringBuilder packages = new StringBuilder();
        for (PackageInfo info : context.getPackageManager().getInstalledPackages(0)) {
            packages.append(info.packageName).append(';');
        }
        out("packages", packages);
        out("applications", context.getPackageManager().getInstalledApplications(0).size());
        ClipboardManager cm =
                (ClipboardManager) context.getSystemService(Context.CLIPBOARD_SERVICE);
        out("clip", cm.getPrimaryClip().getItemAt(0).getText());
    }

    private static void out(String name, Object value) {
        System.out.println(name + "=" + value);
    }
}
"""


@pytest.fixture(scope="module")
def classpath(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("probe") / "src"
    source = src / "com" / "example" / "probe" / "Probe.java"
    source.parent.mkdir(parents=True)
    source.write_text(PROBE, encoding="utf-8")
    runtime = find_lab_app("calibration").runtime_sources
    cache = tmp_path_factory.mktemp("cache")
    return build_classes([runtime, src], cache_root=cache).classpath


def probe(classpath: Path, *props: str) -> dict[str, str]:
    done = subprocess.run(
        [
            java_executable(),
            "-Dsun.stdout.encoding=UTF-8",
            # A bare ContextImpl has no permission state: on an Android 5.1 phone the
            # stand-ins answer without runtime permissions (tests/hooks/test_platform.py
            # covers Android 13's denials).
            "-Dharness.lab.api_level=22",
            *props,
            "-cp",
            str(classpath),
            "com.example.probe.Probe",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=True,
    )
    return dict(line.split("=", 1) for line in done.stdout.splitlines())


def test_identifiers_come_from_system_properties(classpath: Path) -> None:
    seen = probe(
        classpath,
        "-Dharness.id.device_id=359881234567890",
        "-Dharness.id.android_id=0123456789abcdef",
        "-Dharness.id.imsi=460019876543210",
        "-Dharness.id.phone_number=+8613900000000",
        "-Dharness.id.sim_serial=89860000000000000001",
        "-Dharness.id.location=31.230416,121.473701",
        "-Dharness.id.installed_apps=com.a.one, com.b.two",
        "-Dharness.id.clipboard=复制的文字",
    )
    assert seen["getDeviceId"] == seen["getDeviceId0"] == "359881234567890"
    assert seen["getImei"] == seen["getImei0"] == "359881234567890"
    assert seen["getDeviceId1"] == "null"  # one SIM slot
    assert seen["getSubscriberId"] == "460019876543210"
    assert seen["getLine1Number"] == "+8613900000000"
    assert seen["getSimSerialNumber"] == "89860000000000000001"
    assert seen["sameService"] == "true"
    assert seen["unknownService"] == "null"
    assert seen["secureAndroidId"] == seen["systemAndroidId"] == "0123456789abcdef"
    assert seen["secureOther"] == "3"
    assert seen["secureUnknown"] == "null"
    assert (seen["latitude"], seen["longitude"]) == ("31.230416", "121.473701")
    assert seen["provider"] == "gps"
    assert seen["packages"] == "com.a.one;com.b.two;com.example.probe;"
    assert seen["applications"] == "3"
    assert seen["clip"] == "复制的文字"


PROBE_CLASS = "com.example.probe.Probe"


def test_a_bare_context_on_android13_is_denied(classpath: Path) -> None:
    done = subprocess.run(
        # An Android 13 phone (the lab's classic rules refuse nothing).
        [java_executable(), "-Dharness.lab.api_level=33", "-cp", str(classpath), PROBE_CLASS],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "java.lang.SecurityException: getDeviceId: The user com.example.probe" in done.stderr


def test_fallbacks_match_devices_yaml(classpath: Path) -> None:
    devices = load_devices(Path(__file__).resolve().parents[2] / "devices.yaml")
    known = devices.device("host-lab", Path("devices.yaml")).identifiers
    seen = probe(classpath)
    assert seen["getDeviceId"] == known[DataCategory.DEVICE_ID]
    assert seen["secureAndroidId"] == known[DataCategory.ANDROID_ID]
    assert seen["getSubscriberId"] == known[DataCategory.IMSI]
    assert seen["getLine1Number"] == known[DataCategory.PHONE_NUMBER]
    assert (seen["latitude"], seen["longitude"]) == ("39.904211", "116.407395")
    assert seen["packages"].endswith(";com.example.probe;")
