"""Build a small real APK with Debian's Android tools: aapt, smali, zipalign, apksigner.

The APK has known permissions and classes (an app class, two SDK classes), so the
inspection tests can check exact answers. Debian packages (see harness/android/README.md):
aapt, zipalign, apksigner, libsmali-java (smali), android-framework-res (framework-res.apk,
which aapt links the android: attributes against; Debian has no android.jar).
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

FRAMEWORK_RES = Path("/usr/share/android-framework-res/framework-res.apk")
PACKAGE = "org.harness.fixture"
PERMISSIONS = (
    "android.permission.INTERNET",
    "android.permission.READ_PHONE_STATE",
    "android.permission.ACCESS_FINE_LOCATION",
    "android.permission.READ_CONTACTS",
    "android.permission.POST_NOTIFICATIONS",
)
CLASSES = {
    "org.harness.fixture.MainActivity": "android.app.Activity",
    "org.harness.fixture.Consent$1": "java.lang.Object",
    "com.umeng.analytics.MobclickAgent": "java.lang.Object",
    "com.umeng.analytics.pro.Deep": "java.lang.Object",
    "com.bytedance.sdk.openadsdk.TTAdSdk": "java.lang.Object",
    "com.tencent.bugly.crashreport.CrashReport": "java.lang.Object",
}
MANIFEST = """<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    package="{package}" android:versionCode="7" android:versionName="1.2.3">
  <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="33"/>
{permissions}
  <application android:label="Fixture">
    <activity android:name=".MainActivity" android:exported="true">
      <intent-filter>
        <action android:name="android.intent.action.MAIN"/>
        <category android:name="android.intent.category.LAUNCHER"/>
      </intent-filter>
    </activity>
    <service android:name="com.umeng.message.UmengService" android:exported="false"/>
    <receiver android:name=".BootReceiver">
      <intent-filter><action android:name="android.intent.action.BOOT_COMPLETED"/></intent-filter>
    </receiver>
  </application>
</manifest>
"""


def missing_tools() -> list[str]:
    missing = [t for t in ("aapt", "zipalign", "apksigner") if shutil.which(t) is None]
    if shutil.which("smali") is None and not Path("/usr/share/java/smali.jar").exists():
        missing.append("smali")
    if not FRAMEWORK_RES.exists():
        missing.append(str(FRAMEWORK_RES))
    return missing


def build_fixture_apk(work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    perms = "\n".join(f'  <uses-permission android:name="{p}"/>' for p in PERMISSIONS)
    (work / "AndroidManifest.xml").write_text(MANIFEST.format(package=PACKAGE, permissions=perms))
    smali_dir = work / "smali"
    for index, (name, parent) in enumerate(CLASSES.items()):
        path = smali_dir / f"C{index}.smali"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f".class public L{name.replace('.', '/')};\n.super L{parent.replace('.', '/')};\n"
        )
    unsigned = work / "unsigned.apk"
    _run(
        [
            "aapt",
            "package",
            "-f",
            "-M",
            "AndroidManifest.xml",
            "-I",
            str(FRAMEWORK_RES),
            "-F",
            unsigned.name,
        ],
        work,
    )
    smali = ["smali"] if shutil.which("smali") else ["java", "-jar", "/usr/share/java/smali.jar"]
    _run([*smali, "assemble", "-o", "classes.dex", "smali"], work)
    _run(["aapt", "add", unsigned.name, "classes.dex"], work)
    aligned = work / "aligned.apk"
    _run(["zipalign", "-f", "4", unsigned.name, aligned.name], work)
    key, cert = _signing_pair(work)
    signed = work / "fixture.apk"
    _run(
        [
            "apksigner",
            "sign",
            "--key",
            str(key),
            "--cert",
            str(cert),
            "--out",
            signed.name,
            aligned.name,
        ],
        work,
    )
    return signed


def _signing_pair(work: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "harness test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = work / "key.pk8", work / "cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def _run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, timeout=120)
