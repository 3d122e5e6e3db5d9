"""The `events.jsonl` codec: a session's timeline as JSON rows, one per line, and back.

How: each record's row is its `to_json()` (harness.model) followed by its placement on the
timeline (and a flow's analysis), in time order (`Timeline.records_json`); a line is the row
as compact JSON, non-ASCII kept as is (`encode_line`). The session's writer and its journal
(journal.jsonl has the same rows) write lines with `encode_line`; the re-scorer reads the
judged records back with `read_judged_records` (typed, strict: a bad row is an input error
naming the file and line); the report reads every row with `decode_line` and shapes it for
reading itself (harness.evidence.views), because it must show a damaged bundle too.

Known gaps: flow rows carry no bodies (flows.mitm has them, harness.traffic.flows), so a
flow is read back from there; a row of a type the rules do not judge (context calls, agent
problems, process records) is skipped by `decode_record`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.model import (
    ContextEvent,
    DataCategory,
    FlowAnalysis,
    HookEvent,
    Marker,
    MarkerKind,
    PermissionAnswer,
    PermissionPrompt,
    PermissionRequest,
    PermissionUpgrade,
)
from harness.timeline import ANALYSIS_KEY

EVENTS_FILE = "events.jsonl"

Judged = (
    Marker | HookEvent | PermissionRequest | PermissionPrompt | ContextEvent | PermissionUpgrade
)


def encode_line(row: dict[str, Any]) -> str:
    """One row as its line (newline included)."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


def encode_lines(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(encode_line(row) for row in rows)


def decode_line(line: str) -> dict[str, Any]:
    """A line's row; ValueError (json.JSONDecodeError included) when it is not a JSON object."""
    row = json.loads(line)
    if not isinstance(row, dict):
        raise ValueError(f"a JSON object, not {type(row).__name__}")
    return row


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _optional(value: Any) -> str | None:
    return None if value is None else str(value)


def _stack_id(row: dict[str, Any]) -> int | None:
    value = row.get("stack_id")
    return None if value is None else int(value)


def decode_record(row: dict[str, Any]) -> Judged | None:
    """The typed record of a row (KeyError, TypeError, ValueError when it is malformed), or
    None for a flow row (flows are read from flows.mitm) and types no rule judges."""
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
            ret=_optional(row["ret"]),
            stack=_strings(row["stack"]),
            entry=str(row.get("entry", "")),
            stack_id=_stack_id(row),
            threw=_optional(row.get("threw")),
            process=str(row.get("process", "")),
        )
    if kind == "context":
        return ContextEvent(
            id=str(row["id"]),
            seq=int(row["seq"]),
            ts=float(row["ts"]),
            topic=str(row["topic"]),
            entry=str(row.get("entry", "")),
            api=str(row["api"]),
            signature=str(row["signature"]),
            thread=str(row["thread"]),
            args=_strings(row["args"]),
            ret=_optional(row["ret"]),
            stack=_strings(row["stack"]),
            stack_id=_stack_id(row),
            threw=_optional(row.get("threw")),
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
    if kind == "permission_upgrade":
        return PermissionUpgrade.from_json(row)
    return None


def decode_analysis(row: dict[str, Any]) -> FlowAnalysis | None:
    """A flow row's analysis (what the traffic layer concluded), None when it has none."""
    data = row.get(ANALYSIS_KEY)
    return None if data is None else FlowAnalysis.from_json(data)


@dataclass(slots=True)
class JudgedRecords:
    """The records of an events.jsonl that the rules judge, by kind, in file order."""

    markers: list[Marker] = field(default_factory=list)
    events: list[HookEvent] = field(default_factory=list)
    permission_requests: list[PermissionRequest] = field(default_factory=list)
    permission_prompts: list[PermissionPrompt] = field(default_factory=list)
    context_events: list[ContextEvent] = field(default_factory=list)
    upgrades: list[PermissionUpgrade] = field(default_factory=list)  # the `upgrade` step's
    flow_rows: int = 0  # how many flow rows it lists (their flows are in flows.mitm)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot read the bundle's timeline: {exc.strerror}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line


def read_judged_records(path: Path) -> JudgedRecords:
    """Every judged record of an events.jsonl; InputError naming the line of a bad row."""
    found = JudgedRecords()
    for number, line in _lines(path):
        try:
            row = decode_line(line)
            record = decode_record(row)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(path, f"a timeline record ({exc})", line=number) from None
        match record:
            case Marker():
                found.markers.append(record)
            case HookEvent():
                found.events.append(record)
            case PermissionRequest():
                found.permission_requests.append(record)
            case PermissionPrompt():
                found.permission_prompts.append(record)
            case ContextEvent():
                found.context_events.append(record)
            case PermissionUpgrade():
                found.upgrades.append(record)
        found.flow_rows += row.get("type") == "flow"
    return found
