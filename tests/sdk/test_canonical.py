"""The canonical SDKs: each named by one real class and one real host of it.

Every class and host below was seen in decompiled SDK code or the vendor's own material
(see the `sources` of harness/data/sdk-canonical.json); classes in core/sub-packages and
repackaged copies are there on purpose, since that is where reads were misattributed.
"""

from __future__ import annotations

import pytest

from harness.sdk import SdkDatabase

# (canonical id, a real class of it, a real host it talks to; None: it makes no requests
# of its own, or no host of it was checked)
REAL: list[tuple[str, str, str | None]] = [
    ("getui-push", "com.igexin.push.core.b", "sdk.open.api.igexin.com"),
    ("getui-push", "com.igexin.sdk.PushManager", "api.getui.com"),
    ("jpush", "cn.jpush.android.api.JPushInterface", "tsis.jpush.cn"),
    ("jpush", "cn.jiguang.api.JCoreInterface", "api.jiguang.cn"),
    ("umeng-push", "com.umeng.message.PushAgent", "msg.umengcloud.com"),
    ("umeng-push", "org.android.agoo.huawei.HuaWeiRegister", "umengacs.m.taobao.com"),
    ("xiaomi-push", "com.xiaomi.mipush.sdk.MiPushClient", "register.xmpush.xiaomi.com"),
    ("huawei-push", "com.huawei.hms.push.HmsMessageService", "push-api.cloud.huawei.com"),
    ("oppo-push", "com.heytap.msp.push.HeytapPushManager", "api-media.push.heytapmobi.com"),
    ("oppo-push", "com.coloros.mcssdk.PushManager", "api.push.oppomobile.com"),
    ("vivo-push", "com.vivo.push.PushClient", "api-push.vivo.com.cn"),
    ("tencent-tpns", "com.tencent.android.tpush.XGPushManager", "api.tpns.tencent.com"),
    ("tencent-tpns", "com.tencent.android.tpns.mqtt.MqttTopic", "api.tpns.tencent.com"),
    ("honor-push", "com.hihonor.push.sdk.HonorPushClient", "push-api.cloud.honor.com"),
    ("meizu-push", "com.meizu.cloud.pushsdk.PushManager", "api-push.meizu.com"),
    ("meizu-push", "com.meizu.cloud.pushinternal.DebugLogger", "api-push.meizu.com"),
    ("umeng-analytics", "com.umeng.analytics.MobclickAgent", "umini.shujupie.com"),
    ("umeng-analytics", "com.umeng.commonsdk.UMConfigure", None),
    ("talkingdata", "com.tendcloud.tenddata.TCAgent", "m.talkingdata.com"),
    ("baidu-mobstat", "com.baidu.mobstat.StatService", "hmma.baidu.com"),
    (
        "sensorsdata",
        "com.sensorsdata.analytics.android.sdk.SensorsDataAPI",
        "newsdktest.datasink.sensorsdata.cn",
    ),
    ("growingio", "com.growingio.android.sdk.collection.GrowingIO", "api.growingio.com"),
    (
        "firebase-analytics",
        "com.google.firebase.analytics.FirebaseAnalytics",
        "app-measurement.com",
    ),
    ("tencent-bugly", "com.tencent.bugly.crashreport.CrashReport", "android.bugly.qq.com"),
    ("umeng-apm", "com.umeng.umcrash.UMCrash", "errlog.umeng.com"),
    ("umeng-apm", "com.efs.sdk.base.EfsReporter", "errlogos.umeng.com"),
    ("umeng-apm", "com.uc.crashsdk.export.CrashApi", "errlog.umeng.com"),
    (
        "crashlytics",
        "com.google.firebase.crashlytics.FirebaseCrashlytics",
        "firebase-settings.crashlytics.com",
    ),
    ("pangle", "com.bytedance.sdk.openadsdk.TTAdSdk", "api-access.pangolin-sdk-toutiao.com"),
    ("pangle", "com.bykv.vk.openvk.TTCustomController", "pglstatp-toutiao.com"),
    ("gromore", "com.bytedance.msdk.api.v2.GMMediationAdSdk", None),
    ("tencent-gdt", "com.qq.e.comm.managers.GDTAdSdk", "mi.gdt.qq.com"),
    ("baidu-mobads", "com.baidu.mobads.sdk.api.SplashAd", "mobads.baidu.com"),
    ("kuaishou-ads", "com.kwad.sdk.api.KsAdSDK", "open.e.kuaishou.com"),
    ("sigmob", "com.czhj.sdk.common.network.Networking", "adservice.sigmob.cn"),
    ("amap", "com.amap.api.location.AMapLocationClient", "apilocate.amap.com"),
    ("amap", "com.loc.o", "restapi.amap.com"),
    ("baidu-location", "com.baidu.location.LocationClient", "loc.map.baidu.com"),
    ("baidu-map", "com.baidu.mapapi.SDKInitializer", "api.map.baidu.com"),
    ("tencent-location", "com.tencent.map.geolocation.TencentLocationManager", "lbs.map.qq.com"),
    ("tencent-location", "c.t.m.g.a", "lbssp.map.qq.com"),
    ("tencent-map", "com.tencent.tencentmap.mapsdk.maps.MapView", "apikey.map.qq.com"),
    ("alipay", "com.alipay.sdk.app.PayTask", "mobilegw.alipay.com"),
    ("wechat-opensdk", "com.tencent.mm.opensdk.openapi.WXAPIFactory", "api.weixin.qq.com"),
    ("wechat-opensdk", "com.example.shop.wxapi.WXPayEntryActivity", "open.weixin.qq.com"),
    ("unionpay", "com.unionpay.UPPayAssistEx", "mobile.unionpay.com"),
    ("qq-connect", "com.tencent.tauth.Tencent", "graph.qq.com"),
    ("qq-connect", "com.tencent.connect.common.Constants", "openmobile.qq.com"),
    ("weibo-sdk", "com.sina.weibo.sdk.WbSdk", "api.weibo.com"),
    ("douyin-opensdk", "com.bytedance.sdk.open.douyin.DouYinOpenApiFactory", "open.douyin.com"),
    ("cmcc-login", "com.cmic.sso.sdk.auth.AuthnHelper", "onekey.cmpassport.com"),
    ("cucc-login", "com.sdk.mobile.manager.login.cucc.OauthManager", "opencloud.wostore.cn"),
    ("cucc-login", "com.unikuwei.mianmi.account.shield.tencent.d", "opencloud.wostore.cn"),
    ("ctcc-login", "cn.com.chinatelecom.account.api.CtAuth", "id6.me"),
    ("shanyan", "com.chuanglan.shanyan_sdk.OneKeyLoginManager", "api.253.com"),
    ("mobtech-sharesdk", "cn.sharesdk.framework.ShareSDK", "api.share.mob.com"),
    ("mobtech-core", "com.mob.MobSDK", "c.mob.com"),
    ("bytedance-applog", "com.bytedance.applog.AppLog", "log.snssdk.com"),
    ("bytedance-applog", "com.bytedance.bdtracker.a", "toblog.snssdk.com"),
    ("tencent-beacon", "com.tencent.beacon.event.UserAction", "otheve.beacon.qq.com"),
    ("tongdun", "cn.tongdun.android.shell.FMAgent", "sgfp.tongdun.net"),
    ("netease-yunxin", "com.netease.nimlib.sdk.NIMClient", "lbs.netease.im"),
    ("msa-oaid", "com.bun.miitmdid.core.MdidSdkHelper", None),
    ("msa-oaid", "com.bun.supplier.IIdentifierListener", None),
]


@pytest.fixture(scope="module")
def db() -> SdkDatabase:
    return SdkDatabase.load()


@pytest.mark.parametrize(("slug", "class_name", "host"), REAL)
def test_real_class_and_host(db: SdkDatabase, slug: str, class_name: str, host: str | None) -> None:
    sdk = db.match_class(class_name)
    assert sdk is not None and sdk.id == f"canonical:{slug}", (class_name, sdk)
    if host is not None:
        assert f"canonical:{slug}" in [s.id for s in db.match_host(host)], host


def test_every_canonical_sdk_has_a_real_class_here(db: SdkDatabase) -> None:
    named = {f"canonical:{slug}" for slug, _cls, _host in REAL}
    others = {
        "canonical:jverification",
        "canonical:geetest-onelogin",
        "canonical:mobtech-push",
        "canonical:mobtech-secverify",
        "canonical:umeng-share",
    }
    canonical = {s.id for s in db.sdks if s.source == "canonical"}
    assert canonical - named <= others


def test_most_specific_host_wins(db: SdkDatabase) -> None:
    assert [s.id for s in db.match_host("errlog.umeng.com")] == ["canonical:umeng-apm"]
    # The common module's log host is every Umeng SDK's: the vendor shows, not one product.
    shared = db.match_host("alog.umeng.com")
    assert len(shared) > 1 and {s.vendor for s in shared} == {"Umeng"}


def test_sub_packages_and_nested_sdks(db: SdkDatabase) -> None:
    assert db.match_class("com.igexin.push.extension.distribution.basic.b.e").id == (  # type: ignore[union-attr]
        "canonical:getui-push"
    )
    assert db.match_class("cn.jiguang.verifysdk.api.JVerificationInterface").id == (  # type: ignore[union-attr]
        "canonical:jverification"
    )
    assert db.match_class("com.mob.pushsdk.MobPush").id == "canonical:mobtech-push"  # type: ignore[union-attr]
    # A reference list's narrower prefix under a canonical root cannot outvote it.
    assert db.match_class("com.getui.gtc.GtcManager").id == "canonical:getui-push"  # type: ignore[union-attr]


def test_names_are_checked(db: SdkDatabase) -> None:
    gdt = db.match_class("com.qq.e.ads.splash.SplashAD")
    assert gdt is not None and "QQ SDK" not in gdt.name and "ads" in gdt.categories
    location = db.match_class("com.tencent.map.geolocation.TencentLocationManager")
    assert location is not None and "WeChat" not in location.name
    onelogin = db.match_class("com.geetest.onelogin.OneLoginHelper")
    assert onelogin is not None and onelogin.vendor.startswith("Geetest")


def test_one_sdk_one_id(db: SdkDatabase) -> None:
    # The same SDK under two reference names resolves to one entry.
    assert db.resolve("exodus:119") is db.resolve("appscan:友盟统计分析平台")
    assert db.resolve("exodus:190") is db.resolve("appscan:腾讯Bugly")
    assert db.resolve("appscan:Talkingdata") is db.resolve("exodus:293")
    assert db.resolve("appscan:腾讯统计") is db.get("exodus:116")
    assert db.get("appscan:腾讯统计") is None
    # Canonical facts carry their sources; folded facts name the entry they came from.
    umeng = db.get("canonical:umeng-analytics")
    assert umeng is not None and all(f.source for f in umeng.facts)
    tpns = db.get("canonical:tencent-tpns")
    assert tpns is not None and "com.tencent.rdm.uuid" in tpns.code_prefixes


def test_every_canonical_fact_names_a_source() -> None:
    import json
    from importlib import resources

    document = json.loads(
        (resources.files("harness") / "data" / "sdk-canonical.json").read_text(encoding="utf-8")
    )
    for entry in document["sdks"]:
        for fact in [*entry["code_prefixes"], *entry["network_patterns"]]:
            assert entry["sources"].get(fact, "").strip(), (entry["id"], fact)


def test_one_name_one_sdk_and_one_owner_per_prefix(db: SdkDatabase) -> None:
    def key(name: str) -> str:
        return name.casefold().replace(" ", "").replace("sdk", "")

    names = [key(s.name) for s in db.sdks]
    assert len(names) == len(set(names))
    owners: dict[str, set[str]] = {}
    for sdk in db.sdks:
        for prefix in sdk.code_prefixes:
            owners.setdefault(prefix, set()).add(sdk.id)
    shared = {p for p, ids in owners.items() if len(ids) > 1}
    # Left as the reference lists have them: each pairs a vetted entry with an unvetted ETIP
    # candidate of another name (a category-like "Malverting/Adfrauds", a product's maker,
    # a company's former name); the earlier, vetted source answers lookups.
    assert shared <= {"coelib.c.couluslibrary", "com.megvii.zhimasdk", "com.pontiflex.mobile"}
    assert db.resolve("appscan:Flurry") is db.get("exodus:25")
    facebook = db.match_class("com.facebook.FacebookSdk")
    assert facebook is not None and "React" not in facebook.name
