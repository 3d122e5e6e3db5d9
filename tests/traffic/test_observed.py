"""Observed values: what hooked reads returned becomes known values; placeholders never do."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from harness.errors import InputError
from harness.model import DataCategory as D
from harness.model import HookEvent, KnownIdentifier
from harness.testkit.records import flow, hook
from harness.traffic.addons.matching import KnownSet
from harness.traffic.matcher import IdentifierMatcher
from harness.traffic.observed import ValueLearner, observed_values
from harness.traffic.placeholders import Placeholders

OWN = "com.harnesslab.sample"
PM = "android.app.ApplicationPackageManager"


def _values(*events: HookEvent) -> set[tuple[D, str]]:
    return {(k.category, k.value) for k in observed_values(events, OWN)}


# --- placeholders -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "02:00:00:00:00:00",
        "020000000000",
        "00000000-0000-0000-0000-000000000000",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "000000000000000",
        "unknown",
        "UNKNOWN",
        "",
        "  ",
        "null",
        "0",
        "<unknown ssid>",
        '"<unknown ssid>"',
        "9774d56d682e549c",
        "ff:ff:ff:ff:ff:ff",
        "358240051111110",
    ],
)
def test_placeholders_are_recognised(value: str) -> None:
    assert Placeholders.load().is_placeholder(value)


@pytest.mark.parametrize(
    "value", ["867530912345678", "02:1a:11:f0:5c:3e", "38400000-8cf0-11bd-b23e-10b96e40000d"]
)
def test_real_values_are_not_placeholders(value: str) -> None:
    assert not Placeholders.load().is_placeholder(value)


def test_a_placeholder_is_never_matched_whatever_its_source() -> None:
    body = json.dumps({"mac": "02:00:00:00:00:00", "oaid": "0" * 32, "sn": "unknown"}).encode()
    sent = flow("f1", 1.0, "https://t.example.net/c", body)
    known = [
        KnownIdentifier(D.MAC_ADDRESS, "02:00:00:00:00:00", "devices.yaml"),
        KnownIdentifier(D.ADVERTISING_ID, "0" * 32, "device:adid"),
        KnownIdentifier(D.SERIAL, "unknown", "ev0000001"),
    ]
    assert IdentifierMatcher(known).match(sent) == ()
    # ... nor learned from a hook that returned it.
    events = [
        hook(1, 1.0, D.MAC_ADDRESS, "02:00:00:00:00:00", "android.net.wifi.WifiInfo.getMacAddress"),
        hook(2, 1.0, D.ADVERTISING_ID, "00000000-0000-0000-0000-000000000000"),
        hook(3, 1.0, D.WIFI_INFO, '"<unknown ssid>"', "android.net.wifi.WifiInfo.getSSID"),
        hook(4, 1.0, D.WIFI_INFO, "02:00:00:00:00:00", "android.net.wifi.WifiInfo.getBSSID"),
    ]
    assert observed_values(events) == []


def test_a_bad_placeholder_file_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "placeholders.yaml"
    bad.write_text(
        "version: 1\nseparators: ':'\nrepeated_character: true\nvalues:\n  - {value: x}\n"
    )
    with pytest.raises(InputError) as err:
        Placeholders.load(bad)
    assert "placeholders.yaml" in str(err.value) and "5" in str(err.value)


# --- what each category's reader takes from the agent's text -----------------------------


def test_installed_apps_are_split_into_package_names() -> None:
    ret = (
        "[PackageInfo{5c3a1b2 com.tencent.mm}, PackageInfo{1f2e3d4 com.eg.android.AlipayGphone}, "
        f"PackageInfo{{aa00bb1 {OWN}}}, PackageInfo{{77aa001 com.android.settings}}, "
        "PackageInfo{9a9a9a9 com.a.b}]"
    )
    found = _values(hook(1, 1.0, D.INSTALLED_APPS, ret, f"{PM}.getInstalledPackages"))
    # The app itself, the packages every device has and too short a name are left out.
    assert found == {
        (D.INSTALLED_APPS, "com.tencent.mm"),
        (D.INSTALLED_APPS, "com.eg.android.AlipayGphone"),
    }


def test_resolve_infos_and_process_names_give_their_packages() -> None:
    resolve = "[ResolveInfo{3a3a3a3 com.ss.android.ugc.aweme/.main.MainActivity m=0x108000}]"
    procs = "[RunningAppProcessInfo{com.sina.weibo:remote pid=4242}]"
    assert _values(
        hook(1, 1.0, D.INSTALLED_APPS, resolve, f"{PM}.queryIntentActivities"),
        hook(2, 1.0, D.RUNNING_APPS, procs, "android.app.ActivityManager.getRunningAppProcesses"),
    ) == {(D.INSTALLED_APPS, "com.ss.android.ugc.aweme"), (D.RUNNING_APPS, "com.sina.weibo")}


def test_a_cut_list_keeps_its_whole_items_and_a_cut_value_is_dropped() -> None:
    cut = (
        "[PackageInfo{1 com.tencent.mm}, PackageInfo{2 com.taobao.taobao}, "
        "PackageInfo{3 com.jingd…(+812 chars)"
    )
    clip = "x" * 512 + "…(+100 chars)"
    found = _values(
        hook(1, 1.0, D.INSTALLED_APPS, cut, f"{PM}.getInstalledPackages"),
        hook(2, 1.0, D.CLIPBOARD, clip, "android.content.ClipboardManager.getText"),
    )
    assert found == {(D.INSTALLED_APPS, "com.tencent.mm"), (D.INSTALLED_APPS, "com.taobao.taobao")}


def test_clipboard_accounts_wifi_and_cells() -> None:
    cm = "android.content.ClipboardManager"
    events = [
        hook(1, 1.0, D.CLIPBOARD, "复制这段￥AbC12dEf3￥打开淘宝", f"{cm}.getText"),
        hook(
            2,
            1.0,
            D.CLIPBOARD,
            'ClipData { text/plain "label" {T:lab clip 4242} }',
            f"{cm}.getPrimaryClip",
        ),
        hook(3, 1.0, D.CLIPBOARD, "ok", f"{cm}.getText"),  # too short to mean anything
        hook(
            4,
            1.0,
            D.ACCOUNTS,
            "[Account {name=zhang.wei@163.com, type=com.netease}]",
            "android.accounts.AccountManager.getAccounts",
        ),
        hook(5, 1.0, D.WIFI_INFO, '"ChinaNet-7Kx2"', "android.net.wifi.WifiInfo.getSSID"),
        hook(6, 1.0, D.WIFI_INFO, "f4:6d:04:9a:bc:de", "android.net.wifi.WifiInfo.getBSSID"),
        hook(
            7,
            1.0,
            D.WIFI_INFO,
            "[SSID: Office-5G-88, BSSID: 3c:46:d8:01:02:03, capabilities: [WPA2-PSK]]",
            "android.net.wifi.WifiManager.getScanResults",
        ),
        hook(8, 1.0, D.WIFI_INFO, "16885952", "android.net.wifi.WifiInfo.getIpAddress"),
        hook(
            9,
            1.0,
            D.CELL_LOCATION,
            "[4660,10249,-1]",
            "android.telephony.TelephonyManager.getCellLocation",
        ),
        hook(
            10,
            1.0,
            D.CELL_LOCATION,
            "[CellInfoLte:{mCellIdentityLte=CellIdentityLte:{ mCi=215632405 mPci=12 mTac=6227}}]",
            "android.telephony.TelephonyManager.getAllCellInfo",
        ),
        hook(
            11, 1.0, D.CELL_LOCATION, "2147483647", "android.telephony.gsm.GsmCellLocation.getCid"
        ),
    ]
    assert _values(*events) == {
        (D.CLIPBOARD, "复制这段￥AbC12dEf3￥打开淘宝"),
        (D.CLIPBOARD, "lab clip 4242"),
        (D.ACCOUNTS, "zhang.wei@163.com"),
        (D.WIFI_INFO, "ChinaNet-7Kx2"),
        (D.WIFI_INFO, "f4:6d:04:9a:bc:de"),
        (D.WIFI_INFO, "Office-5G-88"),
        (D.WIFI_INFO, "3c:46:d8:01:02:03"),
        (D.CELL_LOCATION, "10249"),  # the lac 4660 is too short to search for
        (D.CELL_LOCATION, "215632405"),
    }


def test_each_value_is_sourced_to_the_first_event_that_returned_it() -> None:
    events = [
        hook(n, float(n), D.WIFI_INFO, '"HomeNet-42"', "android.net.wifi.WifiInfo.getSSID")
        for n in (1, 2)
    ]
    assert ValueLearner().values(events) == [
        KnownIdentifier(D.WIFI_INFO, "HomeNet-42", "ev0000001")
    ]


# --- observed values found in traffic, in the forms identifiers get ------------------------


def test_observed_values_are_found_hashed_compressed_and_encoded() -> None:
    events = [
        hook(
            1,
            1.0,
            D.INSTALLED_APPS,
            "[PackageInfo{1 com.tencent.mm}, PackageInfo{2 com.taobao.taobao}]",
            f"{PM}.getInstalledPackages",
        ),
        hook(
            2,
            1.0,
            D.CLIPBOARD,
            "复制这段￥AbC12dEf3￥打开淘宝",
            "android.content.ClipboardManager.getText",
        ),
        hook(3, 1.0, D.WIFI_INFO, '"ChinaNet-7Kx2"', "android.net.wifi.WifiInfo.getSSID"),
    ]
    payload = {
        "apps": ",".join(
            hashlib.md5(p.encode()).hexdigest() for p in ("com.tencent.mm", "com.taobao.taobao")
        ),
        "clip": "复制这段￥AbC12dEf3￥打开淘宝",
        "ssid": "ChinaNet-7Kx2",
    }
    sent = flow(
        "f1", 2.0, "https://log.example-sdk.cn/upload", gzip.compress(json.dumps(payload).encode())
    )
    matches = IdentifierMatcher(observed_values(events, OWN)).match(sent)
    found = {(m.category, m.identifier, m.encoding) for m in matches}
    assert (D.INSTALLED_APPS, "com.tencent.mm", "md5") in found
    assert (D.INSTALLED_APPS, "com.taobao.taobao", "md5") in found
    assert (D.CLIPBOARD, "复制这段￥AbC12dEf3￥打开淘宝", "json-escaped") in found
    assert (D.WIFI_INFO, "ChinaNet-7Kx2", "plain") in found
    assert all(m.where.startswith("body/gzip/json:$.") for m in matches)


def test_a_package_inside_a_longer_dotted_name_is_not_the_package() -> None:
    known = [KnownIdentifier(D.INSTALLED_APPS, "com.tencent.mm", "ev1")]
    sdk_class = flow("f1", 1.0, "https://t.example.net/c?sdk=com.tencent.mm.opensdk")
    listed = flow("f2", 1.0, "https://t.example.net/c?apps=com.tencent.mm,com.sina.weibo")
    matcher = IdentifierMatcher(known)
    assert matcher.match(sdk_class) == ()
    assert [m.where for m in matcher.match(listed)] == ["query:apps"]


def test_a_bssid_travels_in_the_forms_of_a_mac() -> None:
    known = [KnownIdentifier(D.WIFI_INFO, "f4:6d:04:9a:bc:de", "ev1")]
    sent = flow("f1", 1.0, "https://t.example.net/c?b=F46D049ABCDE")
    (match,) = IdentifierMatcher(known).match(sent)
    assert (match.encoding, match.where) == ("mac-nosep-upper", "query:b")


def test_the_proxy_never_looks_for_a_placeholder_from_devices_yaml_or_adb() -> None:
    known = KnownSet([KnownIdentifier(D.SERIAL, "unknown", "device:getprop ro.serialno")])
    assert known.option_values() == []
    assert not known.add([KnownIdentifier(D.MAC_ADDRESS, "02:00:00:00:00:00", "devices.yaml")])
    assert known.add([KnownIdentifier(D.MAC_ADDRESS, "02:1a:11:f0:5c:3e", "devices.yaml")])
    assert known.option_values() == ["mac_address=02:1a:11:f0:5c:3e"]


def test_an_array_item_the_agent_cut_is_dropped_and_the_others_kept() -> None:
    long_name = "a" * 500
    ret = (
        "[Account {name=zhang.wei@163.com, type=com.netease}, "
        f"Account {{name={long_name}…(+40 chars)]"
    )
    found = _values(hook(1, 1.0, D.ACCOUNTS, ret, "android.accounts.AccountManager.getAccounts"))
    assert found == {(D.ACCOUNTS, "zhang.wei@163.com")}
