"""The device's identifiers: per-release iphonesubinfo codes, shapes, the app's own SSAID."""

from __future__ import annotations

from pathlib import Path

from harness.android import identifiers
from harness.android.shell import DeviceShell
from harness.model import DataCategory

OUTPUTS = Path(__file__).resolve().parents[1] / "fixtures" / "android" / "outputs"


def test_codes_per_release() -> None:
    codes = identifiers.load_codes()
    assert codes.for_sdk(28) is None  # unknown: only getDeviceId (code 1) is read
    android10, android13, android15 = codes.for_sdk(29), codes.for_sdk(33), codes.for_sdk(35)
    assert android10 and android13 and android15
    assert (android10.imsi.code, android10.iccid.code) == (7, 10)
    assert (android13.imsi.code, android13.iccid.code, android13.imei_for_slot.code) == (8, 12, 4)
    assert android15.iccid.code == 13  # getGroupIdLevel2ForSubscriber came before it


def test_shapes() -> None:
    assert identifiers.is_valid_imsi("310260000000000")
    assert not identifiers.is_valid_imsi("000000000000000")
    assert not identifiers.is_valid_imsi("unknown")
    assert identifiers.is_valid_iccid("89014103211118510720")
    assert identifiers.is_valid_iccid("8986011234567890123F")  # an F filler
    assert not identifiers.is_valid_iccid("310260000000000")  # an IMSI is not an ICCID


def test_the_apps_own_android_id() -> None:
    xml = (OUTPUTS / "settings_ssaid.xml").read_text(encoding="utf-8")
    assert identifiers.parse_ssaid(xml, "com.github.uiautomator") == "e41f0c7a9d3b2865"
    assert identifiers.parse_ssaid(xml, "org.harness.zeroed") is None
    assert identifiers.parse_ssaid(xml, "org.never.ran") is None
    assert identifiers.parse_ssaid("ABX\x00binary", "x") is None  # abx2xml missing


def test_a_rooted_android_14_gives_imsi_iccid_and_each_slots_imei(emu_shell: DeviceShell) -> None:
    found = {(i.category, i.value) for i in identifiers.read_identifiers(emu_shell, 34)}
    assert (DataCategory.IMSI, "310260000000000") in found
    assert (DataCategory.SIM_SERIAL, "89014103211118510720") in found
    assert [v for c, v in found if c is DataCategory.DEVICE_ID] == ["352099001761481"]


def test_an_unrooted_phone_without_privileged_phone_state_gives_none(
    phone_shell: DeviceShell,
) -> None:
    found = {i.category for i in identifiers.read_identifiers(phone_shell, 33)}
    assert not found & {DataCategory.DEVICE_ID, DataCategory.IMSI, DataCategory.SIM_SERIAL}
    assert identifiers.app_identifiers(phone_shell, "com.github.uiautomator") == ()
