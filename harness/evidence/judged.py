"""A sealed evidence bundle read back into what the rules judge: timeline and inputs.

Markers, hook events, context calls and permission records come from `events.jsonl` (already
on the host clock; harness.evidence.events is its codec); flows come from `flows.mitm`,
which keeps the request bodies the matcher searches (events.jsonl only gives their size).
The profile, manifest and known identifiers come from `scoring.json` when the bundle has
one. Nothing in the bundle is written. The timeline comes back unanalysed: whoever judges it
analyses its flows (harness.traffic.analysis) with the profile it judges by.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.evidence.events import EVENTS_FILE, read_judged_records
from harness.evidence.verify import read_bundle_manifest
from harness.model import ClockOffset, FlowRecord
from harness.profile import AppProfile
from harness.rules.scoring import SCORING_FILE, ScoringInputs, inputs_from_record
from harness.timeline import Timeline, build_timeline
from harness.traffic.flows import FLOWS_FILE, read_flows


@dataclass(frozen=True, slots=True)
class JudgedBundle:
    manifest: dict[str, Any]
    timeline: Timeline  # not analysed yet
    inputs: ScoringInputs  # as recorded at the time (or a bare profile for old bundles)
    record: dict[str, Any] | None  # the bundle's scoring.json, if it has one


def _flows(bundle: Path, listed: int) -> list[FlowRecord]:
    path = bundle / FLOWS_FILE
    if not path.is_file():
        if listed:
            raise InputError(path, f"missing: {EVENTS_FILE} lists {listed} flows")
        return []
    return read_flows(path)


def read_judged_bundle(bundle: Path) -> JudgedBundle:
    manifest: dict[str, Any] = dict(read_bundle_manifest(bundle))
    judged = read_judged_records(bundle / EVENTS_FILE)
    markers = judged.markers
    flows = _flows(bundle, judged.flow_rows)
    clock = manifest.get("clock") or {}
    # The timeline's times are host times already: only the uncertainty carries over.
    offset = ClockOffset(0.0, float(clock.get("uncertainty_s", 0.0)), "recorded")
    started = float(manifest.get("started", min((m.ts for m in markers), default=0.0)))
    ended = float(manifest.get("ended", max((m.ts for m in markers), default=started)))
    timeline = build_timeline(
        markers,
        judged.events,
        flows,
        offset,
        started,
        ended,
        permission_requests=judged.permission_requests,
        permission_prompts=judged.permission_prompts,
        context_events=judged.context_events,
        upgrades=judged.upgrades,
    )
    package = str(manifest.get("app_package", "unknown.app"))
    record_path = bundle / SCORING_FILE
    record: dict[str, Any] | None = None
    if record_path.is_file():
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            inputs = inputs_from_record(record or {}, package, "bundle")
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(record_path, f"a scoring record ({exc})") from None
    else:
        inputs = ScoringInputs(AppProfile(package=package), "none", (), None)
    return JudgedBundle(manifest, timeline, inputs, record)
