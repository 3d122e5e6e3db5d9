"""A sealed evidence bundle read back into what the rules judge: timeline and inputs.

Markers, hook events and permission records come from `events.jsonl` (already on the host
clock); flows come from `flows.mitm`, which keeps the request bodies the rules search
(events.jsonl only gives their size). The profile, manifest and known identifiers come from
`scoring.json` when the bundle has one. Nothing in the bundle is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.evidence.verify import read_manifest
from harness.model import (
    ClockOffset,
    DataCategory,
    FlowRecord,
    HookEvent,
    Marker,
    MarkerKind,
    PermissionAnswer,
    PermissionPrompt,
    PermissionRequest,
)
from harness.profile import AppProfile
from harness.rules.scoring import SCORING_FILE, ScoringInputs, inputs_from_record
from harness.timeline import Timeline, build_timeline
from harness.traffic.flows import FLOWS_FILE, read_flows

EVENTS_FILE = "events.jsonl"


@dataclass(frozen=True, slots=True)
class BundleContents:
    manifest: dict[str, Any]
    timeline: Timeline
    inputs: ScoringInputs  # as recorded at the time (or a bare profile for old bundles)
    record: dict[str, Any] | None  # the bundle's scoring.json, if it has one


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


Judged = Marker | HookEvent | PermissionRequest | PermissionPrompt


def _parse_row(row: dict[str, Any]) -> Judged | None:
    kind = row.get("type")
    if kind == "marker":
        return Marker(
            id=str(row["id"]),
            ts=float(row["ts"]),
            kind=MarkerKind(row["kind"]),
            detail=str(row.get("detail", "")),
            evidence=_strings(row.get("evidence", ())),
        )
    if kind == "hook":
        return HookEvent(
            id=str(row["id"]),
            seq=int(row["seq"]),
            ts=float(row["ts"]),
            category=DataCategory(row["category"]),
            api=str(row["api"]),
            signature=str(row["signature"]),
            thread=str(row["thread"]),
            args=_strings(row["args"]),
            ret=None if row["ret"] is None else str(row["ret"]),
            stack=_strings(row["stack"]),
            threw=None if row.get("threw") is None else str(row["threw"]),
            process=str(row.get("process", "")),
        )
    if kind == "permission_request":
        return PermissionRequest(
            id=str(row["id"]),
            seq=int(row["seq"]),
            ts=float(row["ts"]),
            api=str(row["api"]),
            permissions=_strings(row["permissions"]),
            thread=str(row["thread"]),
            stack=_strings(row["stack"]),
            process=str(row.get("process", "")),
        )
    if kind == "permission_prompt":
        answered = row.get("answered_ts")
        return PermissionPrompt(
            id=str(row["id"]),
            ts=float(row["ts"]),
            permission=str(row["permission"]),
            answer=PermissionAnswer(row["answer"]),
            answered_ts=None if answered is None else float(answered),
            package=str(row.get("package", "")),
            evidence=_strings(row.get("evidence", ())),
        )
    return None  # flows (read from flows.mitm) and record types this harness does not judge


def read_events(
    path: Path,
) -> tuple[list[Marker], list[HookEvent], list[PermissionRequest], list[PermissionPrompt], int]:
    """The judged records of events.jsonl, and how many flow rows it lists."""
    markers: list[Marker] = []
    events: list[HookEvent] = []
    requests: list[PermissionRequest] = []
    prompts: list[PermissionPrompt] = []
    flow_rows = 0
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot read the bundle's timeline: {exc.strerror}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                record = _parse_row(row)
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise InputError(path, f"a timeline record ({exc})", line=number) from None
            match record:
                case Marker():
                    markers.append(record)
                case HookEvent():
                    events.append(record)
                case PermissionRequest():
                    requests.append(record)
                case PermissionPrompt():
                    prompts.append(record)
            flow_rows += row.get("type") == "flow"
    return markers, events, requests, prompts, flow_rows


def _flows(bundle: Path, listed: int) -> list[FlowRecord]:
    path = bundle / FLOWS_FILE
    if not path.is_file():
        if listed:
            raise InputError(path, f"missing: {EVENTS_FILE} lists {listed} flows")
        return []
    return read_flows(path)


def read_bundle(bundle: Path) -> BundleContents:
    manifest: dict[str, Any] = dict(read_manifest(bundle))
    markers, events, requests, prompts, listed = read_events(bundle / EVENTS_FILE)
    flows = _flows(bundle, listed)
    clock = manifest.get("clock") or {}
    # The timeline's times are host times already: only the uncertainty carries over.
    offset = ClockOffset(0.0, float(clock.get("uncertainty_s", 0.0)), "recorded")
    started = float(manifest.get("started", min((m.ts for m in markers), default=0.0)))
    ended = float(manifest.get("ended", max((m.ts for m in markers), default=started)))
    timeline = build_timeline(
        markers,
        events,
        flows,
        offset,
        started,
        ended,
        permission_requests=requests,
        permission_prompts=prompts,
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
    return BundleContents(manifest, timeline, inputs, record)
