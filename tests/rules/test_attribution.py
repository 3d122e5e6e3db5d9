"""Who collected a read: the first Java frame outside the platform and general libraries."""

from __future__ import annotations

import pytest

from harness.model import DataCategory
from harness.profile import AppProfile
from harness.rules.attribution import (
    FIRST_PARTY,
    StackAttributor,
    frame_class,
    package_group,
    unattributed_collectors,
    unattributed_note,
)
from tests.rules.builders import default_pack, sdk_db

APP = AppProfile(package="com.harnesslab.sample")
API = "android.telephony.TelephonyManager.getDeviceId(Native Method)"


def collector(*frames: str, profile: AppProfile = APP) -> tuple[str, str | None]:
    who = StackAttributor(profile, sdk_db(), default_pack().attribution).of_stack((API, *frames))
    return who.name, who.frame


@pytest.mark.parametrize(
    ("frame", "cls"),
    [
        ("com.a.B.m(B.java:3)", "com.a.B"),
        ("com.a.B$Inner.run(B.java:9)", "com.a.B$Inner"),
        ("com.a.B$$Lambda$14/0x08.run(Unknown Source)", "com.a.B$$Lambda$14/0x08"),
        ("android.app.Activity.onCreate(Native Method)", "android.app.Activity"),
    ],
)  # fmt: skip
def test_frame_class(frame: str, cls: str) -> None:
    assert frame_class(frame) == cls


def test_the_apps_own_frame_makes_it_first_party() -> None:
    frame = "com.harnesslab.sample.DeviceInfo.collect(DeviceInfo.java:17)"
    assert collector(frame, "android.app.Activity.performCreate(Activity.java:1)") == (
        FIRST_PARTY,
        frame,
    )


def test_an_sdk_frame_before_the_apps_own_names_the_sdk() -> None:
    sdk_frame = "com.umeng.analytics.MobclickAgent.onStartup(MobclickAgent.java:20)"
    app_frame = "com.harnesslab.sample.App.onCreate(App.java:5)"
    assert collector(sdk_frame, app_frame) == ("Umeng Analytics", sdk_frame)


def test_chinese_sdks_by_their_code_signatures() -> None:
    assert collector("com.igexin.sdk.PushManager.init(PushManager.java:1)")[0] == "Getui Push"
    assert collector("cn.jpush.android.api.JPushInterface.init(J.java:1)")[0] == "JPush"
    amap = "com.amap.api.location.AMapLocationClient.x(A.java:1)"
    assert collector(amap)[0] == "AMap"


def test_reads_in_core_sub_packages_and_crash_sdks_name_the_sdk() -> None:
    # Getui's core package and Umeng's crash SDK (and the crash engine it repackages).
    assert collector("com.igexin.push.core.a.b(a.java:1)")[0] == "Getui Push"
    assert collector("com.umeng.umcrash.UMCrash.init(UMCrash.java:1)")[0] == ("Umeng U-APM")
    assert collector("com.uc.crashsdk.a.b(a.java:1)")[0] == "Umeng U-APM"
    assert collector("com.efs.sdk.base.a.c(c.java:1)")[0] == "Umeng U-APM"


def test_general_libraries_are_looked_past() -> None:
    # An HTTP client and a JSON library move the data; the SDK behind them collected it.
    frames = (
        "okhttp3.internal.Foo.bar(Foo.java:1)",
        "com.google.gson.Gson.toJson(Gson.java:1)",
        "com.tencent.bugly.crashreport.CrashReport.init(CrashReport.java:2)",
    )
    assert collector(*frames)[0] == "Tencent Bugly"
    # The library list is data: without it, okhttp3 itself would be "the SDK".
    bare = default_pack().attribution.model_copy(update={"library_prefixes": ()})
    who = StackAttributor(APP, sdk_db(), bare).of_stack((API, *frames))
    assert who.name == "okhttp3"


def test_an_app_under_an_sdk_prefix_is_still_first_party() -> None:
    umeng_app = AppProfile(package="com.umeng.analytics.demo")
    frame = "com.umeng.analytics.demo.Main.onCreate(Main.java:1)"
    assert collector(frame, profile=umeng_app)[0] == FIRST_PARTY


def test_unknown_code_and_platform_only_stacks_are_first_party() -> None:
    assert collector("org.unknownvendor.Thing.run(Thing.java:1)")[0] == FIRST_PARTY
    assert collector("android.os.Handler.dispatchMessage(Handler.java:1)") == (FIRST_PARTY, None)


def test_the_lab_runtime_is_part_of_the_platform() -> None:
    frames = (
        "harness.lab.MainLoop.run(MainLoop.java:1)",
        "com.baidu.location.LocationClient.a(L.java:1)",
    )
    assert collector(*frames)[0] == "Baidu Location"


def test_unattributed_collectors_are_grouped_by_package() -> None:
    attributor = StackAttributor(APP, sdk_db(), default_pack().attribution)
    stacks = [
        (API, "org.unknownvendor.sdk.core.Worker.run(Worker.java:1)"),
        (API, "org.unknownvendor.sdk.net.Up$1.run(Up.java:1)"),
        (API, "org.unknownvendor.sdk.core.Worker.run(Worker.java:1)"),
        (API, "com.harnesslab.sample.DeviceInfo.collect(DeviceInfo.java:1)"),  # the app's own
        (API, "com.umeng.umcrash.UMCrash.init(UMCrash.java:1)"),  # a known SDK
        (API, "android.os.Handler.dispatchMessage(Handler.java:1)"),  # platform only
        (API, "Lonely.run(Lonely.java:1)"),  # a class without a package
    ]
    who = [attributor.of_stack(s) for s in stacks]
    categories = [DataCategory.DEVICE_ID, DataCategory.IMSI] + [None] * 5
    groups = unattributed_collectors(who, categories, APP.package)
    assert [(g.package, g.calls, g.categories) for g in groups] == [
        ("org.unknownvendor.sdk", 3, ("device_id", "imsi")),
        ("Lonely", 1, ()),
    ]
    assert groups[0].classes == (
        "org.unknownvendor.sdk.core.Worker",
        "org.unknownvendor.sdk.net.Up$1",
    )
    assert package_group("a.B") == "a" and package_group("a.b.c.d.E") == "a.b.c"


def test_the_unattributed_note_for_a_report() -> None:
    record = {
        "unattributed_collectors": [
            {"package": "org.ministat.agent", "calls": 3, "categories": [], "classes": []},
            {"package": "Lonely", "calls": 1, "categories": [], "classes": []},
        ]
    }
    note = unattributed_note(record)
    assert note is not None
    assert note.startswith("4 call(s) by code outside the app's package")
    assert "(org.ministat.agent: 3, Lonely: 1)" in note
    assert unattributed_note({"unattributed_collectors": []}) is None
    assert unattributed_note({}) is None  # a record from before the list existed
    assert unattributed_note({"unattributed_collectors": ["junk"]}) is None
