"""Typed records and scoring contexts for rule tests: timelines built by hand, no processes.

`scored` and `findings` analyse a timeline's flows first (harness.traffic.analysis), as a
session does, so a rule test may give flows and known identifiers as before."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from harness.apk.permissions import PermissionTable
from harness.model import (
    ClockOffset,
    DataCategory,
    Finding,
    FlowRecord,
    HookEvent,
    KnownIdentifier,
    Marker,
    MarkerKind,
    PermissionAnswer,
    PermissionPrompt,
    PermissionRequest,
)
from harness.profile import AppProfile
from harness.rules.engine import Scored, build_context, evaluate
from harness.rules.pack import RulePack, load_rule_pack
from harness.sdk import SdkDatabase
from harness.testkit.records import flow, hook, marker
from harness.timeline import Timeline, build_timeline
from harness.traffic.analysis import analyse_timeline

CLOCK = ClockOffset(0.0, 0.001, "same-host")
PACKAGE = "com.harnesslab.sample"
APP_FRAME = f"{PACKAGE}.Collector.collect(Collector.java:10)"
UMENG_FRAME = "com.umeng.analytics.MobclickAgent.onStartup(MobclickAgent.java:20)"
IMEI = "867530912345678"

__all__ = ["IMEI", "flow", "marker"]


@cache
def sdk_db() -> SdkDatabase:
    return SdkDatabase.load()


@cache
def default_pack() -> RulePack:
    return load_rule_pack()


@cache
def permission_table() -> PermissionTable:
    return PermissionTable.load()


def profile(
    app_type: str | None = "实用工具",
    declared: Sequence[DataCategory] = (),
    own: Sequence[str] = ("harnesslab.com",),
) -> AppProfile:
    return AppProfile(
        package=PACKAGE,
        app_type=app_type,
        declared_categories=tuple(declared),
        own_domains=tuple(own),
    )


def read(
    seq: int,
    ts: float,
    category: DataCategory,
    *,
    frame: str = APP_FRAME,
    ret: str | None = None,
    thread: str = "main",
    api: str = "android.telephony.TelephonyManager.getDeviceId",
) -> HookEvent:
    callers = (frame, "android.app.Activity.onCreate(Activity.java:1)")
    return hook(seq, ts, category, ret, api, thread=thread, callers=callers)


def request(seq: int, ts: float, *permissions: str, frame: str = APP_FRAME) -> PermissionRequest:
    return PermissionRequest(
        id=f"pr{seq:05d}",
        seq=seq,
        ts=ts,
        api="android.app.Activity.requestPermissions",
        permissions=permissions,
        thread="main",
        stack=("android.app.Activity.requestPermissions(Activity.java:1)", frame),
    )


def prompt(
    n: int,
    ts: float,
    permission: str,
    answer: PermissionAnswer,
    answered_after: float = 0.5,
) -> PermissionPrompt:
    return PermissionPrompt(
        id=f"pp{n:04d}",
        ts=ts,
        permission=permission,
        answer=answer,
        answered_ts=ts + answered_after if answer is not PermissionAnswer.UNANSWERED else None,
        package="com.google.android.permissioncontroller",
        evidence=(f"ui/{n:04d}-permission.xml",),
    )


def timeline(
    events: Iterable[HookEvent] = (),
    flows: Iterable[FlowRecord] = (),
    *,
    markers: Iterable[Marker] | None = None,
    consent: MarkerKind | None = MarkerKind.CONSENT_ACCEPT,
    consent_ts: float = 10.0,
    requests: Iterable[PermissionRequest] = (),
    prompts: Iterable[PermissionPrompt] = (),
    start: float = 0.0,
    end: float = 60.0,
) -> Timeline:
    if markers is None:
        markers = [marker(1, 0.0, MarkerKind.LAUNCH)]
        if consent is not None:
            markers.append(marker(2, consent_ts, consent))
    return build_timeline(
        list(markers),
        list(events),
        list(flows),
        CLOCK,
        start,
        end,
        permission_requests=list(requests),
        permission_prompts=list(prompts),
    )


def scored(
    tl: Timeline,
    app: AppProfile | None = None,
    *,
    known: Iterable[KnownIdentifier] = (),
    manifest: Sequence[str] | None = None,
    pack: RulePack | None = None,
) -> Scored:
    pack = pack or default_pack()
    app = app or profile()
    # As a session does: the traffic layer analyses the flows, then the rules read that.
    tl = analyse_timeline(tl, known, app, sdk_db())
    context = build_context(
        tl,
        app,
        pack=pack,
        sdk_db=sdk_db(),
        manifest_permissions=manifest,
        permissions=permission_table(),
    )
    return evaluate(tl, context, pack)


def findings(tl: Timeline, app: AppProfile | None = None, **kwargs: object) -> list[Finding]:
    return list(scored(tl, app, **kwargs).findings)  # type: ignore[arg-type]


def keys(found: Iterable[Finding], rule: str | None = None) -> set[tuple[str, str, str, str]]:
    """(rule, category, phase, collector) of each finding, optionally of one rule."""
    return {(*f.key(), f.collector) for f in found if rule is None or f.rule == rule}
