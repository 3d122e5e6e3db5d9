"""Dex and manifest parsing details that the end-to-end APKs do not reach."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from harness.apk.archive import ApkArchive
from harness.apk.dex import DexError, decode_mutf8, descriptor_to_name, dex_class_names
from harness.apk.manifest import parse_manifest
from harness.apk.permissions import PermissionTable, permissions_beyond
from harness.errors import InputError
from harness.model import DataCategory


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"com/foo/Bar", "com/foo/Bar"),
        (b"a\xc0\x80b", "a\x00b"),  # MUTF-8 NUL
        (b"\xed\xa0\xbd\xed\xb8\x80", "\U0001f600"),  # a surrogate pair, CESU-8 style
        ("中文".encode(), "中文"),
    ],
)
def test_mutf8(raw: bytes, text: str) -> None:
    assert decode_mutf8(raw) == text


@pytest.mark.parametrize(("desc", "name"), [("Lcom/a/B$1;", "com.a.B$1"), ("[I", "[I")])
def test_descriptor(desc: str, name: str) -> None:
    assert descriptor_to_name(desc) == name


def test_dex_from_real_apk(u2_apk: Path) -> None:
    archive = ApkArchive.open(u2_apk)
    names = dex_class_names(archive.read("classes.dex"))
    assert "com.github.uiautomator.MainActivity" in names
    assert all("/" not in n for n in names)


def test_bad_dex() -> None:
    with pytest.raises(DexError, match="magic"):
        dex_class_names(b"PK\x03\x04" + bytes(200))
    header = bytearray(b"dex\n035\x00" + bytes(0x70 - 8))
    struct.pack_into("<I", header, 0x28, 0x12345678)
    struct.pack_into("<II", header, 0x60, 5, 0x1000)  # 5 class_defs far past the end
    with pytest.raises(DexError, match="outside"):
        dex_class_names(bytes(header))


TEXT_MANIFEST = b"""<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.app"
    android:versionCode="0x10" split="config.xxhdpi">
  <uses-sdk android:minSdkVersion="24"/>
  <uses-permission android:name="android.permission.CAMERA"/>
  <uses-permission-sdk-23 android:name="android.permission.READ_SMS"/>
  <uses-permission android:name="android.permission.CAMERA"/>
  <permission android:name="com.example.app.PRIVATE"/>
  <application android:name="App" android:debuggable="true" android:usesCleartextTraffic="false">
    <activity android:name=".Main">
      <intent-filter><action android:name="android.intent.action.VIEW"/></intent-filter>
    </activity>
    <provider android:name="com.lib.Provider" android:exported="true" android:permission="x.READ"/>
  </application>
</manifest>
"""


def test_text_manifest_rules() -> None:
    m = parse_manifest(TEXT_MANIFEST)
    assert (m.package, m.version_code, m.version_name, m.split) == (
        "com.example.app",
        16,
        None,
        "config.xxhdpi",
    )
    assert (m.min_sdk, m.target_sdk) == (24, 24)  # no targetSdk: defaults to minSdk
    assert m.permissions == ("android.permission.CAMERA", "android.permission.READ_SMS")
    assert m.declared_permissions == ("com.example.app.PRIVATE",)
    assert m.application_class == "com.example.app.App"
    assert m.debuggable is True and m.uses_cleartext is False
    main, provider = m.components
    # targetSdk 24 < 31: an intent filter exports by default.
    assert (main.name, main.exported, main.actions) == (
        "com.example.app.Main",
        True,
        ("android.intent.action.VIEW",),
    )
    assert (provider.kind, provider.exported, provider.permission) == ("provider", True, "x.READ")


@pytest.mark.parametrize(
    "data",
    [b"<notmanifest/>", b"<manifest/>", b"<manifest", b"\x03\x00\x08\x00\xff\xff"],
)
def test_bad_manifests(data: bytes) -> None:
    with pytest.raises(InputError):
        parse_manifest(data, "x.apk")


def test_permission_table_and_beyond() -> None:
    table = PermissionTable.load()
    assert len(table) >= 40
    assert table.is_dangerous("android.permission.READ_PHONE_STATE")
    assert not table.is_dangerous("android.permission.INTERNET")
    requested = [
        "android.permission.INTERNET",
        "android.permission.ACCESS_COARSE_LOCATION",
        "android.permission.CAMERA",
        "android.permission.POST_NOTIFICATIONS",
    ]
    assert permissions_beyond(requested, table, frozenset({DataCategory.LOCATION})) == (
        "android.permission.CAMERA",
    )
    assert permissions_beyond(requested, table, frozenset()) == (
        "android.permission.ACCESS_COARSE_LOCATION",
        "android.permission.CAMERA",
    )
