"""The SDK database: coverage, longest-prefix class matching, host matching, licences."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.errors import InputError
from harness.sdk import Sdk, SdkDatabase

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "tools" / "sdk-reference"


@pytest.fixture(scope="module")
def db() -> SdkDatabase:
    return SdkDatabase.load()


def test_size_and_sources(db: SdkDatabase) -> None:
    assert len(db) >= 500
    sources = {s.source: s for s in db.sources}
    assert set(sources) == {"canonical", "exodus", "appscan", "curated", "etip"}
    assert sources["canonical"].license == "ODbL-1.0"
    assert (
        sources["exodus"].license == "ODbL-1.0"
        and "Exodus Privacy" in sources["exodus"].attribution
    )
    assert sources["etip"].license == "ODbL-1.0"
    assert sources["appscan"].license == "Apache-2.0"
    assert all(isinstance(s, Sdk) for s in db.sdks)


@pytest.mark.parametrize(
    ("class_name", "expected_id"),
    [
        # Chinese SDKs
        ("com.umeng.analytics.MobclickAgent", "canonical:umeng-analytics"),
        ("com.umeng.message.PushAgent", "canonical:umeng-push"),
        ("cn.jpush.android.api.JPushInterface", "canonical:jpush"),
        ("com.igexin.sdk.PushManager", "canonical:getui-push"),
        ("com.tencent.bugly.crashreport.CrashReport", "canonical:tencent-bugly"),
        ("com.tencent.mm.opensdk.openapi.WXAPIFactory", "canonical:wechat-opensdk"),
        ("com.baidu.location.LocationClient", "canonical:baidu-location"),
        ("com.amap.api.location.AMapLocationClient", "canonical:amap"),
        ("com.bytedance.sdk.openadsdk.TTAdSdk", "canonical:pangle"),
        ("com.bytedance.applog.AppLog", "canonical:bytedance-applog"),
        ("com.qq.e.ads.splash.SplashAD", "canonical:tencent-gdt"),
        ("com.kwad.sdk.api.KsAdSDK", "canonical:kuaishou-ads"),
        ("com.bun.miitmdid.core.MdidSdkHelper", "canonical:msa-oaid"),
        ("com.huawei.hms.ads.identifier.AdvertisingIdClient", "curated:huawei-oaid"),
        ("com.xiaomi.mipush.sdk.MiPushClient", "canonical:xiaomi-push"),
        ("com.sina.weibo.sdk.auth.AuthInfo", "canonical:weibo-sdk"),
        ("com.alipay.sdk.app.PayTask", "canonical:alipay"),
        # Others, and the fragment form (.wxapi. anywhere in the class name)
        ("com.appsflyer.AppsFlyerLib", None),
        ("com.example.shop.wxapi.WXPayEntryActivity", "canonical:wechat-opensdk"),
    ],
)
def test_class_attribution(db: SdkDatabase, class_name: str, expected_id: str | None) -> None:
    sdk = db.match_class(class_name)
    assert sdk is not None, class_name
    if expected_id is not None:
        assert sdk.id == expected_id


@pytest.mark.parametrize(
    "class_name",
    [
        "com.example.app.MainActivity",
        "java.lang.String",
        "android.app.Activity",
        "com.umengx.Foo",
        "",
        "Lcom;",
    ],
)
def test_no_attribution(db: SdkDatabase, class_name: str) -> None:
    assert db.match_class(class_name) is None


def test_longest_prefix_wins() -> None:
    broad = Sdk("t:broad", "Broad", (), "t", ("com.vendor",), ())
    narrow = Sdk("t:narrow", "Narrow", (), "t", ("com.vendor.ads",), ())
    db = SdkDatabase([broad, narrow])
    assert db.match_class("com.vendor.ads.Banner") is narrow
    assert db.match_class("com.vendor.core.Init") is broad
    assert db.match_class("com.vendor") is broad
    assert db.match_class("com.vendorx.Y") is None  # whole segments only
    assert db.match_class("Lcom/vendor/ads/Banner;") is narrow  # JVM descriptor form


def test_first_source_wins_on_the_same_prefix() -> None:
    first = Sdk("a:1", "First", (), "a", ("com.same",), ("same.com",))
    second = Sdk("b:1", "Second", (), "b", ("com.same",), ("same.com",))
    db = SdkDatabase([first, second])
    assert db.match_class("com.same.X") is first
    assert db.match_host("api.same.com") == (first, second)  # hosts: all candidates


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("alog.umeng.com", "canonical:umeng-analytics"),
        ("bugly.qq.com", "canonical:tencent-bugly"),
        ("API.JIGUANG.CN", "canonical:jpush"),
        ("api.jiguang.cn:443", "canonical:jpush"),
        ("app.adjust.com", "exodus:52"),
        ("x.alimama.com", "exodus:338"),  # regex pattern \.alimama\.
        ("fp-it.fengkongcloud.com", "curated:shumei"),
    ],
)
def test_host_attribution(db: SdkDatabase, host: str, expected: str) -> None:
    assert expected in [s.id for s in db.match_host(host)]


@pytest.mark.parametrize("host", ["example.com", "notumeng.com", "", "[::1]", "127.0.0.1"])
def test_host_no_attribution(db: SdkDatabase, host: str) -> None:
    assert db.match_host(host) == ()


def test_several_sdks_share_a_domain(db: SdkDatabase) -> None:
    names = [s.name for s in db.match_host("graph.facebook.com")]
    assert len(names) > 3 and all("Facebook" in n for n in names)


def test_lookups_are_fast(db: SdkDatabase) -> None:
    names = [f"com.example.app.feature{i}.Screen{i}$Inner" for i in range(20_000)]
    start = time.perf_counter()
    for name in names:
        db.match_class(name)
    assert time.perf_counter() - start < 2.0  # a dict probe per segment, not 1000 regexes


def test_bad_data_file(tmp_path: Path) -> None:
    bad = tmp_path / "sdk-bad.json"
    bad.write_text('{"schema": 99, "sdks": []}', encoding="utf-8")
    with pytest.raises(InputError, match="schema 1"):
        SdkDatabase.load([bad])
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not JSON"):
        SdkDatabase.load([bad])


def test_data_files_carry_licence_and_notice() -> None:
    data = REPO / "harness" / "data"
    notice = (REPO / "NOTICE").read_text(encoding="utf-8")
    for name in (
        "sdk-canonical.json",
        "sdk-exodus.json",
        "sdk-etip.json",
        "sdk-appscan.json",
        "sdk-curated.json",
    ):
        document = json.loads((data / name).read_text(encoding="utf-8"))
        assert document["schema"] == 1 and document["license"] and document["attribution"]
        assert name in notice
    assert "ODbL" in notice and "camille" in notice


def test_committed_files_are_what_the_build_makes() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "build_sdkdb.py"),
            "--reference",
            str(REFERENCE),
            "--check",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_curated_entries_only_fill_gaps(db: SdkDatabase) -> None:
    others = {p for s in db.sdks if s.source not in ("curated",) for p in s.code_prefixes}
    for sdk in db.sdks:
        if sdk.source == "curated":
            assert not set(sdk.code_prefixes) & others, sdk.id
