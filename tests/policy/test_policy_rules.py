"""undeclared-collection, undisclosed-sdk and no-purpose-stated on hand-built timelines."""

from __future__ import annotations

from functools import cache

from harness.model import DataCategory as C
from harness.model import KnownIdentifier
from harness.policy import PolicyReader, profile_from_policy
from harness.profile import AppProfile
from tests.rules.builders import IMEI, UMENG_FRAME, flow, keys, profile, read, scored, timeline

POLICY = """隐私政策
为向您提供导航服务，我们会收集您的位置信息。
我们会读取您的剪切板。
第三方SDK清单
| SDK名称 | 公司 | 使用目的 | 收集的信息 |
| 极光推送SDK | 深圳市和讯华谷信息技术有限公司 | 消息推送 | 设备标识符 |
"""


@cache
def _profile() -> AppProfile:
    policy = PolicyReader().read_text(POLICY, "file", "policy.txt")
    return profile_from_policy(profile("地图导航"), policy)


def test_collection_the_policy_omits_is_undeclared_per_collector() -> None:
    tl = timeline(
        [
            read(0, 12.0, C.LOCATION),  # declared
            read(1, 13.0, C.INSTALLED_APPS),  # not declared: the app
            read(2, 14.0, C.INSTALLED_APPS, frame=UMENG_FRAME),  # not declared: Umeng
        ]
    )
    found = scored(tl, _profile()).findings
    assert keys(found, "undeclared-collection") == {
        ("undeclared-collection", "installed_apps", "", "first_party"),
        ("undeclared-collection", "installed_apps", "", "Umeng Analytics"),
    }
    finding = next(f for f in found if f.rule == "undeclared-collection")
    assert finding.details["sentence"] is None and "location" in finding.details["declared"]
    assert finding.details["policy"]["location"] == "policy.txt"


def test_an_sdk_missing_from_the_list_is_undisclosed_a_listed_one_is_not() -> None:
    jpush = "cn.jpush.android.api.JPushInterface.init(JPushInterface.java:5)"
    tl = timeline(
        [
            read(0, 12.0, C.DEVICE_ID, frame=UMENG_FRAME),
            read(1, 13.0, C.DEVICE_ID, frame=jpush),
        ]
    )
    found = scored(tl, _profile()).findings
    assert keys(found, "undisclosed-sdk") == {("undisclosed-sdk", "", "", "Umeng Analytics")}
    (finding,) = [f for f in found if f.rule == "undisclosed-sdk"]
    assert finding.details["categories"] == ["device_id"]
    assert finding.details["sdk_list"] == ["极光推送SDK"]


def test_an_sdk_receiving_identifiers_counts_too() -> None:
    tl = timeline([], [flow("f1", 12.0, f"https://alog.umeng.com/app_logs?imei={IMEI}")])
    known = [KnownIdentifier(C.DEVICE_ID, IMEI, "devices.yaml")]
    found = scored(tl, _profile(), known=known).findings
    (finding,) = [f for f in found if f.rule == "undisclosed-sdk"]
    assert finding.details["sdk_id"] and finding.details["categories"] == ["device_id"]
    assert [e.kind for e in finding.evidence] == ["flow"]


def test_a_declared_category_without_a_purpose_is_flagged_with_its_sentence() -> None:
    tl = timeline([read(0, 12.0, C.CLIPBOARD), read(1, 13.0, C.LOCATION)])
    found = scored(tl, _profile()).findings
    assert keys(found, "no-purpose-stated") == {
        ("no-purpose-stated", "clipboard", "", "first_party")
    }
    (finding,) = [f for f in found if f.rule == "no-purpose-stated"]
    assert finding.details["sentences"][0]["sentence"] == "我们会读取您的剪切板。"


def test_without_a_policy_the_policy_rules_are_skipped_and_say_why() -> None:
    result = scored(timeline([read(0, 12.0, C.CLIPBOARD)]), profile("地图导航"))
    skipped = {s.rule: s for s in result.skipped}
    assert {"undeclared-collection", "undisclosed-sdk", "no-purpose-stated"} <= set(skipped)
    assert skipped["undisclosed-sdk"].needs == ("policy",)
    assert "no privacy policy" in skipped["undisclosed-sdk"].reason


def test_necessity_uses_the_categories_the_policy_declares() -> None:
    tl = timeline([read(0, 12.0, C.CLIPBOARD)])
    assert keys(scored(tl, _profile()).findings, "beyond-necessary") == set()
    assert keys(scored(tl, profile("地图导航")).findings, "beyond-necessary") != set()
