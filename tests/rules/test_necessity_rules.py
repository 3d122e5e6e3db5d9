"""beyond-necessary and over-requested-permissions, and how they are skipped without inputs."""

from __future__ import annotations

from harness.model import DataCategory, KnownIdentifier
from tests.rules.builders import IMEI, UMENG_FRAME, flow, keys, profile, read, scored, timeline

LOC = DataCategory.LOCATION
POLICY_RULES = {"undeclared-collection", "undisclosed-sdk", "no-purpose-stated"}


def test_categories_outside_the_type_and_the_policy_are_beyond_necessary() -> None:
    tl = timeline(
        [
            read(0, 12.0, DataCategory.INSTALLED_APPS),
            read(1, 13.0, DataCategory.INSTALLED_APPS),
            read(2, 14.0, LOC),  # declared below: allowed
            read(3, 1.0, DataCategory.DEVICE_ID, frame=UMENG_FRAME),
        ]
    )
    result = scored(tl, profile("实用工具", declared=[LOC]))
    assert keys(result.findings, "beyond-necessary") == {
        ("beyond-necessary", "installed_apps", "", "first_party"),
        ("beyond-necessary", "device_id", "", "Umeng Analytics"),
    }
    apps = next(
        f for f in result.findings if f.rule == "beyond-necessary" and f.collector == "first_party"
    )
    assert apps.count == 2 and apps.details["app_type"] == "实用工具类"
    assert apps.details["declared"] == ["location"] and apps.details["phases"] == ["post_consent"]


def test_what_the_type_needs_is_not_beyond_necessary() -> None:
    tl = timeline([read(0, 12.0, LOC)])
    assert keys(scored(tl, profile("地图导航")).findings, "beyond-necessary") == set()
    assert keys(scored(tl, profile("新闻资讯")).findings, "beyond-necessary") == {
        ("beyond-necessary", "location", "", "first_party")
    }


def test_personal_data_at_the_apps_own_server_counts_too() -> None:
    tl = timeline([], [flow("f1", 12.0, f"https://api.harnesslab.com/r?imei={IMEI}")])
    known = [KnownIdentifier(DataCategory.DEVICE_ID, IMEI, "devices.yaml")]
    found = scored(tl, profile("新闻资讯"), known=known).findings
    assert keys(found, "beyond-necessary") == {("beyond-necessary", "device_id", "", "first_party")}


def test_without_an_app_type_the_necessity_rules_are_skipped_and_say_why() -> None:
    tl = timeline([read(0, 12.0, DataCategory.CONTACTS)])
    result = scored(tl, profile(app_type=None), manifest=["android.permission.READ_CONTACTS"])
    skipped = {s.rule: s for s in result.skipped}
    # The policy rules (issue 16) are skipped too: these profiles carry no policy.
    assert set(skipped) - POLICY_RULES == {"beyond-necessary", "over-requested-permissions"}
    assert skipped["beyond-necessary"].needs == ("app_type",)
    assert "names no app type" in skipped["beyond-necessary"].reason
    assert "beyond-necessary" not in result.ran and "background-collection" in result.ran
    assert keys(result.findings, "beyond-necessary") == set()


def test_without_a_manifest_only_the_permission_rule_is_skipped() -> None:
    result = scored(timeline([]), profile("新闻资讯"), manifest=None)
    assert [(s.rule, s.needs) for s in result.skipped if s.rule not in POLICY_RULES] == [
        ("over-requested-permissions", ("manifest",))
    ]


def test_dangerous_permissions_the_type_does_not_need_are_over_requested() -> None:
    manifest = [
        "android.permission.INTERNET",  # normal: never judged
        "android.permission.ACCESS_FINE_LOCATION",  # needed by a map app
        "android.permission.READ_CONTACTS",
        "android.permission.READ_PHONE_STATE",
        "android.permission.POST_NOTIFICATIONS",  # opens no category
    ]
    result = scored(timeline([]), profile("地图导航"), manifest=manifest)
    found = [f for f in result.findings if f.rule == "over-requested-permissions"]
    assert sorted(p for f in found for p in f.details["permissions"]) == [
        "android.permission.READ_CONTACTS",
        "android.permission.READ_PHONE_STATE",
    ]
    contacts = next(f for f in found if f.category is DataCategory.CONTACTS)
    assert contacts.details["permissions"] == ["android.permission.READ_CONTACTS"]
    assert contacts.category is DataCategory.CONTACTS and contacts.phase is None
    assert [(e.kind, e.id) for e in contacts.evidence] == [
        ("manifest", "android.permission.READ_CONTACTS")
    ]


def test_two_permissions_of_one_category_are_one_finding_listing_both() -> None:
    manifest = [
        "android.permission.READ_EXTERNAL_STORAGE",
        "android.permission.WRITE_EXTERNAL_STORAGE",
        "android.permission.READ_CONTACTS",
    ]
    found = scored(timeline([]), profile("实用工具"), manifest=manifest).findings
    over = [f for f in found if f.rule == "over-requested-permissions"]
    by_category = {f.category: f for f in over}
    assert len(over) == len(by_category) == 2
    storage = next(f for f in over if f.category is not DataCategory.CONTACTS)
    assert storage.details["permissions"] == manifest[:2]
    assert storage.count == 2
    assert [e.id for e in storage.evidence] == manifest[:2]


def test_a_declared_category_justifies_its_permission() -> None:
    manifest = ["android.permission.READ_CONTACTS"]
    found = scored(
        timeline([]), profile("新闻资讯", declared=[DataCategory.CONTACTS]), manifest=manifest
    )
    assert keys(found.findings, "over-requested-permissions") == set()
