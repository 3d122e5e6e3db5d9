"""Scoring a session's timeline, and the record of it that goes into the bundle.

`score_timeline` is what a session (and `harness score`) calls on a timeline whose flows the
traffic layer analysed (harness.traffic.analysis): context, rules, and a `scoring.json` record
saying which rule pack judged the bundle, by which profile, manifest and known identifiers,
which rules ran, which were skipped and why. `findings.json` stays a plain list of findings;
scoring.json holds everything a later re-scoring needs to reproduce the inputs, so
`harness score` works offline from the bundle alone.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.model import DataCategory, KnownIdentifier
from harness.necessity import NecessityTable, default_necessity
from harness.profile import AppProfile
from harness.rules.attribution import UnattributedGroup, unattributed_collectors
from harness.rules.context import ScoringContext
from harness.rules.engine import Scored, build_context, evaluate
from harness.rules.pack import RulePack
from harness.sdk import SdkDatabase
from harness.timeline import Timeline

SCORING_FILE = "scoring.json"
SCORING_FORMAT = "harness-scoring/1"


@dataclass(frozen=True, slots=True)
class ScoringInputs:
    """What the rules judge the app by, besides the timeline."""

    profile: AppProfile
    profile_source: str  # "app.yaml", a profile file's path, "bundle", or "none"
    # The device's identifiers the flows were matched against (configured, or read from the
    # device), placeholders dropped (harness.traffic.placeholders): recorded for a re-score.
    known: tuple[KnownIdentifier, ...]
    manifest_permissions: tuple[str, ...] | None  # None: not known (no manifest)


@dataclass(frozen=True, slots=True)
class ScoringOutcome:
    scored: Scored
    record: dict[str, Any]  # scoring.json


def pack_digest(pack: RulePack) -> str:
    """sha256 of the pack's content (not its file's bytes: comments do not change a verdict)."""
    return hashlib.sha256(pack.model_dump_json().encode("utf-8")).hexdigest()


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Scoring builds one record per read (placements, evidence references, groups) that all
    live until it returns and hold no reference cycles, so CPython's cycle collector only
    re-traverses them, again and again as they pile up: on a million-event timeline that is
    a fifth of the time. Reference counting still frees everything; the collector is back
    on (if it was on) when scoring returns, and a concurrent scorer at most ends the pause
    early."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def score_timeline(
    timeline: Timeline,
    inputs: ScoringInputs,
    pack: RulePack,
    *,
    pack_path: Path | None = None,
    sdk_db: SdkDatabase | None = None,
    necessity: NecessityTable | None = None,
) -> ScoringOutcome:
    sdk_db = sdk_db or SdkDatabase.load()
    necessity = necessity or default_necessity()
    with _cycle_collector_paused():
        context = build_context(
            timeline,
            inputs.profile,
            pack=pack,
            sdk_db=sdk_db,
            manifest_permissions=inputs.manifest_permissions,
            necessity=necessity,
        )
        scored = evaluate(timeline, context, pack)
    by_rule = Counter(f.rule for f in scored.findings)
    by_collector = Counter(f.collector for f in scored.findings)
    record: dict[str, Any] = {
        "format": SCORING_FORMAT,
        "rule_pack": {
            "version": pack.version,
            "sha256": pack_digest(pack),
            "file": pack_path.name if pack_path else None,
        },
        "necessity": {"version": necessity.version, "regulation": necessity.regulation},
        "sdk_database": [
            {"file": s.file, "source": s.source, "license": s.license, "sdks": s.count}
            for s in sdk_db.sources
        ],
        "profile": inputs.profile.to_json(),
        "profile_source": inputs.profile_source,
        "app_type": context.app_type.to_json() if context.app_type else None,
        "manifest_permissions": (
            None if inputs.manifest_permissions is None else list(inputs.manifest_permissions)
        ),
        # The device's identifiers the matcher used: a placeholder in devices.yaml or read
        # from the device (02:00:00:00:00:00) is never one (dropped by the caller).
        "known_identifiers": [
            {"category": k.category.value, "value": k.value, "source": k.source}
            for k in inputs.known
        ],
        "rules_run": list(scored.ran),
        "rules_skipped": [s.to_json() for s in scored.skipped],
        # Reads and permission requests made by code outside the app and outside every known
        # SDK: counted as the app's, but a lab sees here when its SDK database is the gap.
        "unattributed_collectors": [
            group.to_json() for group in _unattributed(timeline, context, inputs.profile.package)
        ],
        "findings": {
            "file": "findings.json",
            "count": len(scored.findings),
            "by_rule": dict(sorted(by_rule.items())),
            "by_collector": dict(sorted(by_collector.items())),
        },
    }
    return ScoringOutcome(scored, record)


def _unattributed(
    timeline: Timeline, context: ScoringContext, package: str
) -> list[UnattributedGroup]:
    columns = context.event_columns(timeline)
    requests = [context.collector(timed.request.id) for timed in timeline.permission_requests]
    return unattributed_collectors(
        [*columns.who, *requests], [*columns.category, *([None] * len(requests))], package
    )


def inputs_from_record(record: dict[str, Any], package: str, where: str) -> ScoringInputs:
    """The inputs a bundle was scored with, read back from its scoring.json."""
    profile = AppProfile.model_validate(record.get("profile") or {"package": package})
    manifest = record.get("manifest_permissions")
    known = tuple(
        KnownIdentifier(DataCategory(k["category"]), str(k["value"]), str(k["source"]))
        for k in record.get("known_identifiers", [])
    )
    return ScoringInputs(
        profile=profile,
        profile_source=where,
        known=known,
        manifest_permissions=None if manifest is None else tuple(str(p) for p in manifest),
    )
