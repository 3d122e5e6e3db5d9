"""permission-before-consent, repeated-permission-request and forced-permission."""

from __future__ import annotations

from harness.model import Marker, MarkerKind, PermissionAnswer, Phase
from harness.rules.permissions import PermissionGroups
from tests.rules.builders import (
    UMENG_FRAME,
    default_pack,
    keys,
    marker,
    permission_table,
    profile,
    prompt,
    request,
    scored,
    timeline,
)

FINE = "android.permission.ACCESS_FINE_LOCATION"
COARSE = "android.permission.ACCESS_COARSE_LOCATION"
PHONE = "android.permission.READ_PHONE_STATE"
LOCATION_GROUP = "android.permission-group.LOCATION"
DENY, ALLOW = PermissionAnswer.DENY, PermissionAnswer.ALLOW


def _found(rule: str, **kwargs):  # type: ignore[no-untyped-def]
    return [f for f in scored(timeline(**kwargs), profile()).findings if f.rule == rule]


def test_groups_by_permission_name_group_name_and_unknown_text() -> None:
    groups = PermissionGroups(permission_table(), default_pack().permission_groups)
    assert groups.group_of(FINE) == groups.group_of(LOCATION_GROUP) == "location"
    assert groups.group_of(PHONE) == "phone"
    assert groups.group_of("android.permission-group.NEARBY_DEVICES") == "nearby_devices"
    assert groups.group_of("要允许访问相机吗") == "要允许访问相机吗"
    assert groups.category_of("phone").value == "device_id"  # type: ignore[union-attr]
    assert groups.category_of("no-such-group") is None


def test_a_request_or_dialog_before_consent_is_a_finding_per_group() -> None:
    found = _found(
        "permission-before-consent",
        requests=[request(0, 2.0, FINE, COARSE), request(1, 3.0, PHONE, frame=UMENG_FRAME)],
        prompts=[prompt(1, 2.1, LOCATION_GROUP, ALLOW)],
    )
    assert keys(found) == {
        ("permission-before-consent", "location", "pre_consent", "first_party"),
        ("permission-before-consent", "device_id", "pre_consent", "Umeng Analytics"),
    }
    location = next(f for f in found if f.details["permission_group"] == "location")
    assert location.count == 1  # the request and the dialog it showed are one ask
    assert location.details == location.details | {"requests": 1, "dialogs": 1}
    assert [(e.kind, e.id) for e in location.evidence] == [
        ("event", "pr00000"),
        ("event", "pp0001"),
        ("file", "ui/0001-permission.xml"),
    ]


def test_asking_after_consent_is_fine() -> None:
    found = _found("permission-before-consent", requests=[request(0, 12.0, FINE)])
    assert found == []


def test_asking_again_after_a_denial_is_repeated() -> None:
    found = _found(
        "repeated-permission-request",
        requests=[request(0, 12.0, PHONE), request(1, 20.0, PHONE), request(2, 25.0, PHONE)],
        prompts=[prompt(1, 12.1, "android.permission-group.PHONE", DENY)],
    )
    assert keys(found) == {
        ("repeated-permission-request", "device_id", "post_consent", "first_party")
    }
    assert found[0].count == 2 and found[0].first_ts == 20.0
    assert [e.id for e in found[0].evidence] == ["pr00001", "pr00002"]


def test_a_granted_or_other_permission_asked_again_is_not_repeated() -> None:
    assert (
        _found(
            "repeated-permission-request",
            requests=[request(0, 12.0, FINE), request(1, 20.0, FINE)],
            prompts=[prompt(1, 12.1, LOCATION_GROUP, ALLOW)],
        )
        == []
    )
    assert (
        _found(
            "repeated-permission-request",
            requests=[request(0, 12.0, FINE), request(1, 20.0, PHONE)],
            prompts=[prompt(1, 12.1, LOCATION_GROUP, DENY)],
        )
        == []
    )


def test_a_coarse_request_after_a_fine_denial_is_the_same_group() -> None:
    found = _found(
        "repeated-permission-request",
        requests=[request(0, 12.0, FINE), request(1, 15.0, COARSE)],
        prompts=[prompt(1, 12.1, LOCATION_GROUP, DENY)],
    )
    assert len(found) == 1 and found[0].details["permission_group"] == "location"


def test_asking_after_the_interval_is_not_repeated() -> None:
    pack = default_pack()
    rule = pack.rules["repeated-permission-request"]
    short = rule.model_copy(update={"params": {"min_interval_s": 5}})
    pack = pack.model_copy(update={"rules": {**pack.rules, "repeated-permission-request": short}})
    tl = timeline(
        requests=[request(0, 12.0, PHONE), request(1, 30.0, PHONE)],
        prompts=[prompt(1, 12.1, "android.permission-group.PHONE", DENY)],
    )
    found = scored(tl, profile(), pack=pack).findings
    assert keys(found, "repeated-permission-request") == set()


def test_quitting_after_a_denial_is_forced_permission() -> None:
    markers = [
        marker(1, 0.0, MarkerKind.LAUNCH),
        marker(2, 10.0, MarkerKind.CONSENT_ACCEPT),
        marker(3, 14.0, MarkerKind.APP_EXITED),
    ]
    found = _found(
        "forced-permission",
        markers=markers,
        requests=[request(0, 12.0, PHONE)],
        prompts=[prompt(1, 12.1, "android.permission-group.PHONE", DENY, answered_after=0.4)],
    )
    assert keys(found) == {("forced-permission", "device_id", "post_consent", "first_party")}
    assert found[0].details["after_s"] == 1.5
    assert ("marker", "m0003") in [(e.kind, e.id) for e in found[0].evidence]


def test_exiting_long_after_or_after_allowing_is_not_forced() -> None:
    late = [marker(1, 0.0, MarkerKind.LAUNCH), marker(2, 40.0, MarkerKind.APP_EXITED)]
    denied = [prompt(1, 12.1, LOCATION_GROUP, DENY)]
    assert _found("forced-permission", markers=late, prompts=denied) == []
    soon = [marker(1, 0.0, MarkerKind.LAUNCH), marker(2, 13.0, MarkerKind.APP_EXITED)]
    allowed = [prompt(1, 12.1, LOCATION_GROUP, ALLOW)]
    assert _found("forced-permission", markers=soon, prompts=allowed) == []
    # The scenario stopping the app is not the app quitting.
    stopped = [marker(1, 0.0, MarkerKind.LAUNCH), marker(2, 13.0, MarkerKind.STOP)]
    assert _found("forced-permission", markers=stopped, prompts=denied) == []


def test_a_denial_before_consent_keeps_its_phase() -> None:
    markers = [marker(1, 0.0, MarkerKind.LAUNCH), marker(2, 3.0, MarkerKind.APP_EXITED)]
    found = _found(
        "forced-permission", markers=markers, prompts=[prompt(1, 1.0, LOCATION_GROUP, DENY)]
    )
    assert [f.phase for f in found] == [Phase.PRE_CONSENT]


def test_an_exit_is_blamed_on_the_latest_denial_only() -> None:
    markers = [
        marker(1, 0.0, MarkerKind.LAUNCH),
        marker(2, 3.0, MarkerKind.CONSENT_ACCEPT),
        marker(3, 6.0, MarkerKind.APP_EXITED),
    ]
    prompts = [
        prompt(1, 1.0, LOCATION_GROUP, DENY),  # the app carried on after this one
        prompt(2, 4.0, "android.permission-group.PHONE", DENY),
    ]
    found = _found("forced-permission", markers=markers, prompts=prompts)
    assert keys(found) == {("forced-permission", "device_id", "post_consent", "first_party")}


def test_a_failed_step_after_a_denial_is_blocking() -> None:
    markers = [
        marker(1, 0.0, MarkerKind.LAUNCH),
        marker(2, 3.0, MarkerKind.CONSENT_ACCEPT),
        marker(3, 7.0, MarkerKind.STEP_FAILED),
    ]
    found = _found(
        "forced-permission", markers=markers, prompts=[prompt(1, 4.0, LOCATION_GROUP, DENY)]
    )
    assert keys(found) == {("forced-permission", "location", "post_consent", "first_party")}
    assert ("marker", "m0003") in [(e.kind, e.id) for e in found[0].evidence]


def test_blocking_after_a_denial_is_forced_permission_with_its_screens() -> None:
    blocked = Marker(
        "m0003",
        13.5,
        MarkerKind.APP_BLOCKED,
        "explore: the app offers only '去设置', '退出' on one screen",
        ("ui/0007-explore-001.xml", "ui/0007-explore-001.png"),
    )
    markers = [marker(1, 0.0, MarkerKind.LAUNCH), marker(2, 10.0, MarkerKind.CONSENT_ACCEPT)]
    found = _found(
        "forced-permission",
        markers=[*markers, blocked],
        requests=[request(0, 12.0, FINE)],
        prompts=[prompt(1, 12.1, LOCATION_GROUP, DENY, answered_after=0.4)],
    )
    assert keys(found) == {("forced-permission", "location", "post_consent", "first_party")}
    assert found[0].details["how"] == [f"app_blocked: {blocked.detail}"]
    cited = [(e.kind, e.id) for e in found[0].evidence]
    assert ("marker", "m0003") in cited
    assert ("file", "ui/0007-explore-001.png") in cited


def test_a_screen_blocking_long_after_a_denial_is_not_forced() -> None:
    blocked = Marker("m0002", 40.0, MarkerKind.APP_BLOCKED, "explore: ...", ())
    found = _found(
        "forced-permission",
        markers=[marker(1, 0.0, MarkerKind.LAUNCH), blocked],
        prompts=[prompt(1, 12.1, LOCATION_GROUP, DENY)],
    )
    assert found == []
