"""System-output parsers against recorded outputs (tests/fixtures/android/outputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.android.parse_sys import (
    ParcelString,
    ProxySetting,
    is_valid_imei,
    parse_abi,
    parse_adid_prefs,
    parse_emu_avd_name,
    parse_epoch,
    parse_frida_version,
    parse_getprop,
    parse_mac,
    parse_parcel_string,
    parse_pidof,
    parse_proxy_setting,
    parse_settings_value,
)

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "outputs"


def read(name: str) -> str:
    return (OUT / name).read_text(encoding="utf-8")


def test_getprop_all() -> None:
    props = parse_getprop(read("getprop-emulator-api34.txt"))
    assert props["ro.build.version.sdk"] == "34"
    assert props["ro.product.cpu.abilist"] == "x86_64,arm64-v8a"
    assert props["ro.vendor.build.security_patch"] == ""
    assert props["ro.test.multiline"] == "first line\nsecond line"
    assert props["persist.sys.locale"] == "zh-CN"


@pytest.mark.parametrize(
    ("text", "value"), [("null\n", None), ("\n", None), ("9a3c47e1b05d2f68\n", "9a3c47e1b05d2f68")]
)
def test_settings_value(text: str, value: str | None) -> None:
    assert parse_settings_value(text) == value


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("127.0.0.1:8080\n", ProxySetting("127.0.0.1", 8080)),
        ("192.168.1.20:8888", ProxySetting("192.168.1.20", 8888)),
        (":0\n", None),
        ("null\n", None),
        ("localhost:0", None),
        ("garbage", None),
    ],
)
def test_proxy_setting(text: str, setting: ProxySetting | None) -> None:
    assert parse_proxy_setting(text) == setting


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("iphonesubinfo-imei.txt", ParcelString("352099001761481")),
        ("iphonesubinfo-null.txt", ParcelString(None)),
        ("iphonesubinfo-null-inline.txt", ParcelString(None)),
    ],
)
def test_parcel_string(fixture: str, expected: ParcelString) -> None:
    assert parse_parcel_string(read(fixture)) == expected


def test_parcel_security_exception() -> None:
    reply = parse_parcel_string(read("iphonesubinfo-security-exception.txt"))
    assert reply.value is None
    assert reply.exception is not None and "does not meet the requirements" in reply.exception


def test_parcel_not_a_reply() -> None:
    with pytest.raises(ValueError):
        parse_parcel_string("service: Service iphonesubinfo does not exist\n")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("352099001761481", True),
        ("352099001761482", False),
        ("000000000000000", False),
        ("35209900176148", False),
        ("35209900176148a", False),
    ],
)
def test_imei(value: str, valid: bool) -> None:
    assert is_valid_imei(value) is valid


@pytest.mark.parametrize(
    ("fixture", "version"),
    [("frida-server-version.txt", "17.26.2"), ("frida-server-missing.txt", None)],
)
def test_frida_version(fixture: str, version: str | None) -> None:
    assert parse_frida_version(read(fixture)) == version


@pytest.mark.parametrize(
    ("text", "pids"), [("4321\n", (4321,)), ("4321 4388\n", (4321, 4388)), ("", ())]
)
def test_pidof(text: str, pids: tuple[int, ...]) -> None:
    assert parse_pidof(text) == pids


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1732086842.118394512\n", 1732086842.118394512),
        ("1732086842.N\n", 1732086842.0),
        ("1732086842.%N", 1732086842.0),
        ("date: bad format", None),
    ],
)
def test_epoch(text: str, value: float | None) -> None:
    assert parse_epoch(text) == value


@pytest.mark.parametrize(
    ("text", "mac"),
    [
        ("02:15:B2:00:00:00\n", "02:15:b2:00:00:00"),
        (
            "30: wlan0: <BROADCAST,UP> mtu 1500\n"
            "    link/ether 8c:3b:ad:41:7e:92 brd ff:ff:ff:ff:ff:ff\n",
            "8c:3b:ad:41:7e:92",
        ),
        ("00:00:00:00:00:00\n", None),
        ("cat: /sys/class/net/wlan0/address: Permission denied\n", None),
    ],
)
def test_mac(text: str, mac: str | None) -> None:
    assert parse_mac(text) == mac


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Pixel_7_API_34\r\nOK\r\n", "Pixel_7_API_34"),
        ("KO: unknown command\r\n", None),
        ("OK\r\n", None),
    ],
)
def test_emu_avd_name(text: str, name: str | None) -> None:
    assert parse_emu_avd_name(text) == name


def test_adid_prefs() -> None:
    assert parse_adid_prefs(read("adid_settings.xml")) == "6d1c4b1e-3a5f-4f0e-9b7c-2e8a9d0c1f34"
    zero = '<map><string name="adid_key">00000000-0000-0000-0000-000000000000</string></map>'
    assert parse_adid_prefs(zero) is None
    assert parse_adid_prefs("cat: Permission denied") is None


@pytest.mark.parametrize(
    ("text", "abi"), [("arm64-v8a\n", "arm64-v8a"), ("x86_64,arm64-v8a", "x86_64"), ("\n", None)]
)
def test_abi(text: str, abi: str | None) -> None:
    assert parse_abi(text) == abi
