"""The device calibration kit's APK (lab/device-kit), built here from smali, checked as CI can.

No device needed: Debian's own Android tools read the built APK. `aapt dump badging` and
`aapt dump xmltree` check the package, the launchable activity, the permissions and the
`:push` process; `apksigner verify` the signature (with the cache's key); `dexdump -d` that
the classes the harness must see are there, with the framework calls the hooks catch inside
the methods the ground truth's stacks name. Also: the build cache, and the ground truth (the
calibration app's with kit.yaml's delta) with its input errors.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from harness.android.devicekit import (
    APK_NAME,
    DeviceKit,
    build_kit_apk,
    kit_app,
    load_device_kit,
)
from harness.apk.build import APT_PACKAGES, missing_tools
from harness.errors import InputError
from harness.hostlab import ExpectedFinding, find_lab_app
from harness.model import DataCategory, Phase
from harness.paths import LAB_DIR

KIT = LAB_DIR / "device-kit"
PACKAGE = "com.harnesslab.devicekit"
PERMISSIONS = {
    "android.permission.INTERNET",
    "android.permission.ACCESS_NETWORK_STATE",
    "android.permission.ACCESS_WIFI_STATE",
    "android.permission.READ_PHONE_STATE",
    "android.permission.ACCESS_FINE_LOCATION",
    "android.permission.ACCESS_COARSE_LOCATION",
}


@pytest.fixture(scope="module")
def kit() -> DeviceKit:
    return load_device_kit()


@pytest.fixture(scope="module")
def kit_apk(kit: DeviceKit, tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = missing_tools()
    if missing:
        pytest.skip(
            "needs Debian's Android build tools, missing: "
            + ", ".join(missing)
            + f" (apt-get install {APT_PACKAGES})"
        )
    return build_kit_apk(kit, cache_root=tmp_path_factory.mktemp("cache"))


def _tool(*cmd: str) -> str:
    if shutil.which(cmd[0]) is None:
        pytest.skip(f"needs {cmd[0]} (Debian package {cmd[0]}; scripts/setup installs it)")
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_badging_names_the_package_activity_and_permissions(kit_apk: Path) -> None:
    badging = _tool("aapt", "dump", "badging", str(kit_apk))
    assert re.search(rf"^package: name='{re.escape(PACKAGE)}'", badging, re.M)
    assert f"launchable-activity: name='{PACKAGE}.MainActivity'" in badging
    assert set(re.findall(r"^uses-permission: name='([^']+)'", badging, re.M)) == PERMISSIONS
    assert "targetSdkVersion:'33'" in badging


def test_the_push_service_runs_in_a_second_process(kit_apk: Path) -> None:
    tree = _tool("aapt", "dump", "xmltree", str(kit_apk), "AndroidManifest.xml")
    service = tree[tree.index("E: service") :]
    assert '"com.umeng.message.UmengPushService"' in service.split("E: ", 2)[1]
    assert 'android:process(0x01010011)=":push"' in service.split("E: ", 2)[1]


def test_the_signature_verifies_with_the_caches_key(kit_apk: Path) -> None:
    out = _tool("apksigner", "verify", "--verbose", "--print-certs", str(kit_apk))
    assert "Verified using v2 scheme (APK Signature Scheme v2): true" in out
    cert = kit_apk.parents[1] / "signing" / "cert.pem"
    der = _tool("openssl", "x509", "-in", str(cert), "-noout", "-fingerprint", "-sha256")
    fingerprint = der.split("=", 1)[1].strip().replace(":", "").lower()
    assert f"certificate SHA-256 digest: {fingerprint}" in out


@dataclass
class DexClass:
    superclass: str = ""
    interfaces: list[str] = field(default_factory=list)
    # method name -> every invoke target ("Lpkg/Cls;.name") and const-string in its code
    code: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


_INVOKE = re.compile(r"\|[0-9a-f]{4}: invoke-\S+ \{[^}]*\}, (L[^;]+;\.[\w<>$]+):")
_CONST_STRING = re.compile(r'\|[0-9a-f]{4}: const-string v\d+, "(.*)" // string@')


def _dexdump(apk: Path) -> dict[str, DexClass]:
    classes: dict[str, DexClass] = {}
    current: DexClass | None = None
    method = ""
    in_interfaces = False
    for line in _tool("dexdump", "-d", str(apk)).splitlines():
        if m := re.match(r"\s*Class descriptor\s*: 'L([^;]+);'", line):
            current = classes.setdefault(m.group(1).replace("/", "."), DexClass())
            continue
        if current is None:
            continue
        if m := re.match(r"\s*Superclass\s*: 'L([^;]+);'", line):
            current.superclass = m.group(1).replace("/", ".")
        elif re.match(r"\s*Interfaces\s*-", line):
            in_interfaces = True
        elif in_interfaces and (m := re.match(r"\s*#\d+\s*: 'L([^;]+);'", line)):
            current.interfaces.append(m.group(1).replace("/", "."))
        elif m := re.match(r"\s*name\s*: '([^']+)'", line):
            in_interfaces = False
            method = m.group(1)
        elif (m := _INVOKE.search(line)) or (m := _CONST_STRING.search(line)):
            current.code[method].append(m.group(1))
    return classes


def test_dexdump_shows_the_classes_and_the_calls_the_hooks_catch(kit_apk: Path) -> None:
    dex = _dexdump(kit_apk)
    app = "com.harnesslab.devicekit"
    assert set(dex) == {
        f"{app}.MainActivity",
        f"{app}.MainActivity$Action",
        f"{app}.DeviceInfo",
        "com.umeng.analytics.MobclickAgent",
        "com.umeng.analytics.MobclickAgent$Sender",
        "com.umeng.message.UmengPushService",
    }
    info = dex[f"{app}.DeviceInfo"].code
    assert "Landroid/telephony/TelephonyManager;.getDeviceId" in info["collectDeviceId"]
    assert "Landroid/provider/Settings$Secure;.getString" in info["collectAndroidId"]
    assert "android_id" in info["collectAndroidId"]
    assert "Landroid/net/wifi/WifiManager;.getConnectionInfo" in info["collectMacAddress"]
    assert "Landroid/net/wifi/WifiInfo;.getMacAddress" in info["collectMacAddress"]
    assert "Landroid/location/LocationManager;.getLastKnownLocation" in info["collectLocation"]

    activity = dex[f"{app}.MainActivity"]
    assert activity.superclass == "android.app.Activity"
    before = activity.code["collectBeforeConsent"]
    reads = [
        f"L{app.replace('.', '/')}/DeviceInfo;.collect{n}"
        for n in ("DeviceId", "AndroidId", "MacAddress")
    ]
    assert all(r in before for r in reads)
    assert "Lcom/umeng/analytics/MobclickAgent;.onStartup" in before
    assert "Lcom/harnesslab/devicekit/MainActivity;.startService" in before
    assert "collectBeforeConsent" in str(activity.code["onCreate"])
    dialog = activity.code["showPrivacyDialog"]
    assert {"同意", "不同意", "隐私政策"} <= set(dialog)
    assert "Landroid/app/AlertDialog$Builder;.setPositiveButton" in dialog
    assert "Landroid/app/AlertDialog$Builder;.setNegativeButton" in dialog
    # Accepting reads the location; refusing reads nothing.
    assert "Lcom/harnesslab/devicekit/DeviceInfo;.collectLocation" in activity.code["onAgree"]
    assert not any("DeviceInfo" in c for c in activity.code["showRefused"])

    action = dex[f"{app}.MainActivity$Action"]
    assert set(action.interfaces) == {
        "android.content.DialogInterface$OnClickListener",
        "android.view.View$OnClickListener",
    }
    sender = dex["com.umeng.analytics.MobclickAgent$Sender"]
    assert sender.interfaces == ["java.lang.Runnable"]
    assert "https://alog.umeng.com/app_logs" in sender.code["run"]
    assert "Ljava/net/HttpURLConnection;.getOutputStream" in sender.code["run"]
    push = dex["com.umeng.message.UmengPushService"]
    assert push.superclass == "android.app.Service"
    assert "Landroid/provider/Settings$Secure;.getString" in push.code["onCreate"]


def test_inspection_attributes_both_sdks_and_the_profile_is_the_base_apps(
    kit: DeviceKit, kit_apk: Path
) -> None:
    app = kit_app(kit, kit_apk)
    assert app.package == PACKAGE
    assert set(app.manifest_permissions) == PERMISSIONS
    assert len(app.sdks) == 2  # the analytics SDK and the push SDK, by their packages
    base = find_lab_app("calibration")
    assert app.profile.app_type == base.profile.app_type
    assert app.profile.declared_categories == base.profile.declared_categories
    assert app.profile.package == PACKAGE


def test_the_build_is_cached_by_content(kit: DeviceKit, kit_apk: Path, tmp_path: Path) -> None:
    cache = kit_apk.parents[2]
    again = build_kit_apk(kit, cache_root=cache)
    assert again == kit_apk
    assert again.stat().st_mtime_ns == kit_apk.stat().st_mtime_ns  # not rebuilt

    changed = tmp_path / "device-kit"
    shutil.copytree(KIT, changed)
    smali = changed / "smali" / "com" / "umeng" / "message" / "UmengPushService.smali"
    smali.write_text(smali.read_text().replace("registered the device", "registered"))
    other = build_kit_apk(load_device_kit(changed), cache_root=cache)
    assert other != kit_apk and other.name == APK_NAME
    assert other.parents[1] / "signing" == kit_apk.parents[1] / "signing"  # one key per cache


def _finding(rule: str, category: str, phase: str | None, collector: str | None) -> ExpectedFinding:
    return ExpectedFinding(rule, DataCategory(category), Phase(phase) if phase else None, collector)


def test_the_ground_truth_is_the_calibration_apps_with_the_delta(kit: DeviceKit) -> None:
    base = find_lab_app("calibration")
    assert [n for n, _ in kit.expected_findings] == [n for n, _ in base.expected_findings]
    removed = _finding("share-before-consent", "device_id", "pre_consent", "Umeng")
    added = {
        _finding("share-before-consent", "android_id", "pre_consent", "Umeng"),
        _finding("collect-before-consent", "mac_address", "pre_consent", "first_party"),
        _finding("beyond-necessary", "mac_address", None, "first_party"),
        _finding("collect-before-consent", "wifi_info", "pre_consent", "first_party"),
        _finding("beyond-necessary", "wifi_info", None, "first_party"),
        _finding("collect-before-consent", "android_id", "pre_consent", None),
        _finding("beyond-necessary", "android_id", None, None),
        _finding("over-requested-permissions", "device_id", None, None),
    }
    for (_name, findings), (_same, base_findings) in zip(
        kit.expected_findings, base.expected_findings, strict=True
    ):
        assert set(findings) == (set(base_findings) - {removed}) | added
        assert len(findings) == len(base_findings) - 1 + len(added)


def _kit_copy(tmp_path: Path, kit_yaml: str) -> Path:
    folder = tmp_path / "device-kit"
    shutil.copytree(KIT, folder)
    (folder / "kit.yaml").write_text(kit_yaml, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("delta", "message"),
    [
        (
            "  remove:\n    - {rule: share-before-consent, category: imsi, phase: pre_consent}\n",
            "kit.yaml:6: delta.remove",
        ),
        (
            "  add:\n    - {rule: collect-before-consent, category: android_id, "
            "phase: pre_consent, collector: first_party}\n",
            "kit.yaml:6: delta.add",
        ),
        (
            "  add:\n    - {rule: collect-before-consent, category: fingerprint}\n",
            "kit.yaml:6: delta.add.0.category",
        ),
    ],
    ids=["remove-unknown", "add-duplicate", "bad-category"],
)
def test_a_wrong_delta_is_an_input_error_naming_kit_yaml(
    tmp_path: Path, delta: str, message: str
) -> None:
    text = f"version: 1\npackage: {PACKAGE}\nbase: calibration\ndelta:\n{delta}"
    folder = _kit_copy(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_device_kit(folder)
    assert message in str(caught.value)


def test_a_kit_yaml_for_another_package_is_an_input_error(tmp_path: Path, kit_apk: Path) -> None:
    folder = _kit_copy(tmp_path, "version: 1\npackage: com.example.other\nbase: calibration\n")
    with pytest.raises(InputError, match=re.escape(f"package is {PACKAGE}")):
        kit_app(load_device_kit(folder), kit_apk)
