"""A small real APK for the inspection tests, built by harness.apk.build (aapt, smali, ...).

The APK has known permissions and classes (an app class, two SDK classes), so the
inspection tests can check exact answers. The Debian packages it needs are listed in
harness.apk.build.
"""

from __future__ import annotations

from pathlib import Path

from harness.apk.build import FRAMEWORK_RES, build_apk, missing_tools, new_signing_key

__all__ = ["FRAMEWORK_RES", "PACKAGE", "build_fixture_apk", "missing_tools"]

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


def build_fixture_apk(work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    perms = "\n".join(f'  <uses-permission android:name="{p}"/>' for p in PERMISSIONS)
    manifest = work / "AndroidManifest.xml"
    manifest.write_text(MANIFEST.format(package=PACKAGE, permissions=perms))
    smali_dir = work / "smali"
    for index, (name, parent) in enumerate(CLASSES.items()):
        path = smali_dir / f"C{index}.smali"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f".class public L{name.replace('.', '/')};\n.super L{parent.replace('.', '/')};\n"
        )
    signing = new_signing_key(work / "signing", "harness test", days=30)
    return build_apk(manifest, smali_dir, work, signing, name="fixture.apk")
