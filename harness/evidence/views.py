"""A finished bundle's records as the reports read them, parsed tolerantly once.

Bundles come from older and newer harness versions, and from runs that failed part way, so
every field may be absent or of the wrong type. Each parser takes one JSON row and returns
a typed view with safe defaults; a row that cannot be a record at all yields None, and the
reader notes it as a problem. Everything here is data the app controls or the harness
wrote: it is displayed only through escaping templates and serialisers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


def text(row: dict[str, Any], key: str, default: str = "") -> str:
    value = row.get(key, default)
    if value is None:
        return default
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def number(row: dict[str, Any], key: str) -> float | None:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def strings(row: dict[str, Any], key: str) -> tuple[str, ...]:
    value = row.get(key)
    if not isinstance(value, list):
        return ()
    return tuple(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value)


@dataclass(frozen=True, slots=True)
class Placement:
    phase: str  # "" when the record carries none
    background: bool
    near_phase_change: bool

    @classmethod
    def of(cls, row: dict[str, Any]) -> Placement:
        return cls(
            phase=text(row, "phase"),
            background=row.get("background") is True,
            near_phase_change=row.get("near_phase_change") is True,
        )


@dataclass(frozen=True, slots=True)
class MarkerView:
    id: str
    ts: float
    kind: str
    detail: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HookView:
    id: str
    ts: float
    category: str
    api: str
    signature: str
    thread: str
    args: tuple[str, ...]
    ret: str | None
    stack: tuple[str, ...]
    placement: Placement
    threw: str | None = None  # the exception the call threw (then ret is None)
    process: str = ""  # the app process that made the call; "" in bundles from before


@dataclass(frozen=True, slots=True)
class MatchView:
    """Where a known identifier was found in a flow (recorded in the bundle, or recomputed)."""

    category: str
    identifier: str
    encoding: str
    where: str  # "url", "header:<name>", "body", ...
    shown: str  # the text to highlight: the identifier, or its encoded form when recorded


@dataclass(frozen=True, slots=True)
class FlowView:
    id: str
    ts: float
    method: str
    url: str
    host: str
    http_version: str
    status: int | None
    error: str | None
    headers: tuple[tuple[str, str], ...]
    body: bytes | None  # None when flows.mitm does not hold this flow
    body_size: int
    placement: Placement
    matches: tuple[MatchView, ...]
    sdk: str = ""  # the receiver's SDK as the traffic layer attributed it, when recorded
    # The database ids behind `sdk` (several when one vendor's SDKs share the host).
    sdk_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OtherView:
    """A record type this report does not know in detail (permission requests, ...)."""

    id: str
    ts: float
    type: str
    fields: tuple[tuple[str, str], ...]
    stack: tuple[str, ...]
    placement: Placement


Record = MarkerView | HookView | FlowView | OtherView


def _headers(row: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    value = row.get("request_headers")
    if not isinstance(value, list):
        return ()
    pairs = []
    for item in value:
        if isinstance(item, list) and len(item) == 2:
            pairs.append((str(item[0]), str(item[1])))
    return tuple(pairs)


def parse_matches(value: Any) -> tuple[MatchView, ...] | None:
    """Matches a traffic matcher recorded on a flow row; None when the row has none."""
    if not isinstance(value, list):
        return None
    out = []
    for item in value:
        if isinstance(item, dict) and isinstance(item.get("identifier"), str):
            out.append(
                MatchView(
                    category=text(item, "category"),
                    identifier=item["identifier"],
                    encoding=text(item, "encoding", "plain"),
                    where=text(item, "where"),
                    shown=text(item, "found") or text(item, "encoded") or item["identifier"],
                )
            )
    return tuple(out)


def _analysis(row: dict[str, Any]) -> dict[str, Any]:
    """The traffic layer's conclusions on a flow: on the row itself or nested under a key."""
    for key in ("analysis", "attribution"):
        nested = row.get(key)
        if isinstance(nested, dict) and ("matches" in nested or "sdk" in nested):
            return {**row, **nested}
    return row


def parse_record(row: dict[str, Any]) -> Record | None:
    record_id = text(row, "id")
    ts = number(row, "ts")
    if not record_id or ts is None:
        return None
    kind = text(row, "type")
    placement = Placement.of(row)
    if kind == "marker":
        return MarkerView(
            record_id, ts, text(row, "kind"), text(row, "detail"), strings(row, "evidence")
        )
    if kind == "hook":
        ret = row.get("ret")
        return HookView(
            id=record_id,
            ts=ts,
            category=text(row, "category"),
            api=text(row, "api"),
            signature=text(row, "signature"),
            thread=text(row, "thread"),
            args=strings(row, "args"),
            ret=None if ret is None else text(row, "ret"),
            stack=strings(row, "stack"),
            placement=placement,
            threw=None if row.get("threw") is None else text(row, "threw"),
            process=text(row, "process"),
        )
    if kind == "flow":
        analysis = _analysis(row)
        status = row.get("status")
        size = number(row, "request_body_size")
        return FlowView(
            id=record_id,
            ts=ts,
            method=text(row, "method"),
            url=text(row, "url"),
            host=text(row, "host"),
            http_version=text(row, "http_version"),
            status=status if isinstance(status, int) and not isinstance(status, bool) else None,
            error=text(row, "error") or None,
            headers=_headers(row),
            body=None,
            body_size=int(size) if size is not None else 0,
            placement=placement,
            matches=parse_matches(analysis.get("matches")) or (),
            sdk=text(analysis, "sdk"),
            sdk_ids=strings(analysis, "sdk_ids"),
        )
    skip = {"type", "id", "ts", "stack", "phase", "background", "near_phase_change"}
    fields = tuple((key, text(row, key)) for key in row if key not in skip)
    return OtherView(record_id, ts, kind or "unknown", fields, strings(row, "stack"), placement)


@dataclass(frozen=True, slots=True)
class Regulation:
    """The clause a finding tests: as recorded (one string), or in both languages."""

    text: str
    zh: str
    en: str

    @classmethod
    def of(cls, value: Any, english: Any = None) -> Regulation:
        """From `regulation` (Chinese, or {zh, en}) and the optional `regulation_en`."""
        if isinstance(value, dict):
            zh, en = text(value, "zh"), text(value, "en")
            return cls(text=zh or en, zh=zh, en=en)
        zh = value if isinstance(value, str) else ""
        en = english if isinstance(english, str) else ""
        return cls(text=zh or en, zh=zh, en=en)


@dataclass(frozen=True, slots=True)
class FindingView:
    id: str  # "F1", "F2", ... in findings.json order
    rule: str
    title: str
    severity: str
    category: str | None
    phase: str | None
    collector: str
    regulation: Regulation
    first_ts: float | None
    count: int
    evidence: tuple[tuple[str, str], ...]  # (kind, id)
    details: dict[str, Any]


def parse_finding(index: int, row: dict[str, Any]) -> FindingView | None:
    rule = text(row, "rule")
    if not rule:
        return None
    refs = []
    for ref in row.get("evidence") or ():
        if isinstance(ref, dict) and ref.get("id") is not None:
            refs.append((text(ref, "kind"), text(ref, "id")))
    count = row.get("count")
    details = row.get("details")
    return FindingView(
        id=f"F{index + 1}",
        rule=rule,
        title=text(row, "title") or rule,
        severity=text(row, "severity") or "unknown",
        category=text(row, "category") or None,
        phase=text(row, "phase") or None,
        collector=text(row, "collector"),
        regulation=Regulation.of(row.get("regulation"), row.get("regulation_en")),
        first_ts=number(row, "first_ts"),
        count=count if isinstance(count, int) and not isinstance(count, bool) else len(refs),
        evidence=tuple(refs),
        details=details if isinstance(details, dict) else {},
    )
