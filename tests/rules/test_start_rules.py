"""associated-start on hand-built timelines, and reading an Intent's target from its text."""

from __future__ import annotations

import pytest

from harness.model import ContextEvent, MarkerKind
from harness.rules.start_rules import IntentTarget, intent_target
from harness.timeline import build_timeline
from tests.rules.builders import CLOCK, PACKAGE, findings, keys, marker

GETUI_FRAME = "com.igexin.sdk.PushManager.initialize(PushManager.java:27)"
APP_FRAME = f"{PACKAGE}.Launcher.start(Launcher.java:5)"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # Android's Intent.toString forms: cmp= is flattenToShortString (".Cls" in the package).
        (
            "Intent { cmp=com.other/.PushService }",
            IntentTarget("com.other", "com.other/com.other.PushService"),
        ),
        (
            "Intent { act=x.WAKE flg=0x10 pkg=com.p cmp=com.q/com.z.Svc (has extras) }",
            IntentTarget("com.q", "com.q/com.z.Svc"),
        ),
        ("Intent { act=com.igexin.sdk.action.WAKE pkg=com.deals }", IntentTarget("com.deals", "")),
        ("Intent { act=android.intent.action.VIEW dat=https://example.com/... }", None),
        ("Intent { act=android.intent.action.SEND typ=text/plain }", None),
    ],
)
def test_intent_target(text: str, target: IntentTarget | None) -> None:
    assert intent_target(text) == target


def start(seq: int, ts: float, intent: str, frame: str, api: str = "startService") -> ContextEvent:
    return ContextEvent(
        id=f"ev{seq:07d}",
        seq=seq,
        ts=ts,
        topic="component_start",
        entry=f"components.{api}",
        api=f"android.app.ContextImpl.{api}",
        signature="(android.content.Intent)",
        thread="main",
        args=(intent,),
        ret=None,
        stack=(f"android.app.ContextImpl.{api}(ContextImpl.java:1)", frame),
    )


def test_other_apps_components_are_associated_starts_own_and_implicit_are_not() -> None:
    events = [
        start(0, 2.0, f"Intent {{ cmp={PACKAGE}/.CleanService }}", APP_FRAME),  # its own
        start(1, 3.0, "Intent { act=android.intent.action.VIEW }", APP_FRAME, "startActivity"),
        start(2, 4.0, "Intent { cmp=com.news/com.igexin.sdk.PushService }", GETUI_FRAME),
        start(
            3, 4.1, "Intent { cmp=com.news/com.igexin.sdk.PushService }", GETUI_FRAME, "bindService"
        ),
        start(4, 4.2, "Intent { act=WAKE pkg=com.deals }", GETUI_FRAME, "sendBroadcast"),
        start(5, 12.0, "Intent { cmp=com.maps/.NaviActivity }", APP_FRAME, "startActivity"),
    ]
    tl = build_timeline(
        [marker(1, 0.0, MarkerKind.LAUNCH), marker(2, 10.0, MarkerKind.CONSENT_ACCEPT)],
        [],
        [],
        CLOCK,
        0.0,
        60.0,
        context_events=events,
    )
    found = [f for f in findings(tl) if f.rule == "associated-start"]
    assert keys(found) == {
        ("associated-start", "", "pre_consent", "Getui Push"),
        ("associated-start", "", "post_consent", "first_party"),
    }
    sdk = next(f for f in found if f.collector == "Getui Push")
    assert [e.id for e in sdk.evidence] == ["ev0000002", "ev0000003", "ev0000004"]
    assert sdk.details["targets"] == ["com.deals", "com.news"]
    assert sdk.details["components"] == ["com.news/com.igexin.sdk.PushService"]
    assert "164号文" in sdk.regulation


def test_no_component_start_no_finding() -> None:
    tl = build_timeline([marker(1, 0.0, MarkerKind.LAUNCH)], [], [], CLOCK, 0.0, 60.0)
    assert not keys(findings(tl), "associated-start")


def test_self_start_cites_the_starts_and_what_the_started_process_read() -> None:
    from dataclasses import replace

    from harness.model import DataCategory, HookEvent
    from tests.rules.builders import read

    def in_core(event: HookEvent) -> HookEvent:
        return replace(event, process=f"{PACKAGE}:core")

    line = f"Start proc 42:{PACKAGE}:core/u0a201 for broadcast {{{PACKAGE}/{PACKAGE}.Boot}}"
    markers = [
        marker(1, 0.0, MarkerKind.LAUNCH),
        marker(2, 5.0, MarkerKind.CONSENT_ACCEPT),
        marker(3, 20.0, MarkerKind.APP_STOPPED),
        marker(4, 20.0, MarkerKind.BACKGROUND_START),
        replace(marker(5, 21.0, MarkerKind.APP_SELF_STARTED), detail=f"line 12: {line}"),
    ]
    events = [
        read(0, 6.0, DataCategory.ANDROID_ID),  # the app in use: not the started process's
        in_core(read(1, 22.0, DataCategory.DEVICE_ID)),
        in_core(read(2, 22.5, DataCategory.LOCATION, api="android.location.Location.getLatitude")),
    ]
    tl = build_timeline(markers, events, [], CLOCK, 0.0, 60.0)
    found = findings(tl)
    (finding,) = [f for f in found if f.rule == "self-start"]
    assert (finding.phase.value, finding.collector, finding.count) == (
        "post_consent",
        "first_party",
        1,
    )
    assert [e.id for e in finding.evidence] == ["m0005", "ev0000001", "ev0000002"]
    assert finding.details["collected"] == {"device_id": 1, "location": 1}
    assert finding.details["processes"] == [f"{PACKAGE}:core"]
    assert line in finding.details["starts"][0]
    # Its reads are background collection too (the app was stopped: not in the foreground).
    assert ("background-collection", "device_id", "post_consent", "first_party") in keys(found)
    # No probe, or a probe that started nothing: no finding.
    quiet = build_timeline(markers[:4], events, [], CLOCK, 0.0, 60.0)
    assert not keys(findings(quiet), "self-start")


def test_a_push_sdks_receiver_started_is_the_sdks_self_start() -> None:
    from dataclasses import replace

    def started(n: int, ts: float, cls: str) -> object:
        line = f"Start proc {n}:{PACKAGE}:pushcore/u0a201 for broadcast {{{PACKAGE}/{cls}}}"
        return replace(marker(n, ts, MarkerKind.APP_SELF_STARTED), detail=f"line 9: {line}")

    markers = [
        marker(1, 0.0, MarkerKind.LAUNCH),
        marker(2, 5.0, MarkerKind.CONSENT_ACCEPT),
        started(3, 21.0, "cn.jpush.android.service.PushReceiver"),
        started(4, 24.0, ".BootReceiver"),  # the app's own, written the Android 5-9 way
    ]
    tl = build_timeline(markers, [], [], CLOCK, 0.0, 60.0)  # type: ignore[arg-type]
    found = [f for f in findings(tl) if f.rule == "self-start"]
    assert {(f.collector, f.count) for f in found} == {("JPush", 1), ("first_party", 1)}
    jpush = next(f for f in found if f.collector == "JPush")
    assert jpush.details["attributed_by"].startswith("cn.jpush.android.service.PushReceiver")
