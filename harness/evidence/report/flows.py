"""Flows shaped for reading: where each known identifier sits, highlighted in place.

The matches come from the bundle when the traffic matcher recorded them on the flow row;
otherwise they are found again here with the harness's matcher, over the identifiers the
bundle itself proves: the device's entry in the manifest and the values hooks returned.
The URL and a form body are also shown decoded when an identifier is only visible so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote_plus

from harness.evidence.report.highlight import Piece, clip, pieces
from harness.evidence.views import FlowView, HookView, MatchView, Record
from harness.model import DataCategory, FlowRecord, KnownIdentifier
from harness.rules.context import IDENTIFIER_CATEGORIES
from harness.traffic.matcher import IdentifierMatcher

_MIN_IDENTIFIER_LENGTH = 6  # shorter return values (a "1", a "gps") are not identifiers
_BINARY_SHARE = 0.3
_CATEGORIES = frozenset(c.value for c in DataCategory)


def known_identifiers(
    manifest: Mapping[str, Any], records: tuple[Record, ...]
) -> list[KnownIdentifier]:
    found: dict[tuple[str, str], KnownIdentifier] = {}
    device = manifest.get("device")
    fingerprint = device.get("fingerprint") if isinstance(device, dict) else None
    entry = fingerprint.get("entry") if isinstance(fingerprint, dict) else None
    identifiers = entry.get("identifiers") if isinstance(entry, dict) else None
    for name, value in (identifiers or {}).items():
        if name in _CATEGORIES and isinstance(value, str) and value:
            found.setdefault((name, value), KnownIdentifier(DataCategory(name), value, "manifest"))
    for record in records:
        if (
            isinstance(record, HookView)
            and record.category in _CATEGORIES
            and DataCategory(record.category) in IDENTIFIER_CATEGORIES
            and record.ret
            and len(record.ret) >= _MIN_IDENTIFIER_LENGTH
        ):
            key = (record.category, record.ret)
            found.setdefault(
                key, KnownIdentifier(DataCategory(record.category), record.ret, record.id)
            )
    return list(found.values())


def with_matches(records: tuple[Record, ...], known: list[KnownIdentifier]) -> tuple[Record, ...]:
    """Flows lacking recorded matches get them from the matcher (only known values count)."""
    out: list[Record] = []
    matcher = IdentifierMatcher(known)  # one automaton for every flow
    for record in records:
        if isinstance(record, FlowView) and not record.matches and known:
            flow = FlowRecord(
                id=record.id,
                ts=record.ts,
                method=record.method,
                url=record.url,
                host=record.host,
                http_version=record.http_version,
                request_headers=record.headers,
                request_body=record.body or b"",
                status=record.status,
                error=record.error,
            )
            found = matcher.match(flow)
            record = replace(
                record,
                matches=tuple(
                    MatchView(m.category.value, m.identifier, m.encoding, m.where, m.identifier)
                    for m in found
                ),
            )
        out.append(record)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Shown:
    label: str  # "", or "decoded" for a second, decoded view
    parts: tuple[Piece, ...]
    clipped: int = 0  # characters left out


@dataclass(frozen=True, slots=True)
class FlowDisplay:
    flow: FlowView
    url: tuple[Shown, ...]
    headers: tuple[tuple[str, Shown], ...]
    body: tuple[Shown, ...]
    body_note: str
    categories: tuple[str, ...]
    receiver_sdks: tuple[str, ...]
    highlighted: int  # how many places carry a highlight


def _views(raw: str, needles: list[tuple[str, str]], decode: bool) -> tuple[Shown, ...]:
    text, left_out = clip(raw)
    shown = [Shown("", pieces(text, needles), left_out)]
    if decode and ("%" in raw or "+" in raw):
        decoded, decoded_left = clip(unquote_plus(raw))
        if decoded != text:
            shown.append(Shown("decoded", pieces(decoded, needles), decoded_left))
    return tuple(shown)


def _is_binary(body: bytes) -> bool:
    sample = body[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return bool(sample) and controls / len(sample) > _BINARY_SHARE


def display(flow: FlowView, receiver_sdks: tuple[str, ...]) -> FlowDisplay:
    needles = [(m.shown, m.category) for m in flow.matches]
    headers = tuple((name, _views(value, needles, decode=False)[0]) for name, value in flow.headers)
    note = ""
    body: tuple[Shown, ...] = ()
    if flow.body is None:
        note = f"{flow.body_size} bytes; the body is not in flows.mitm"
    elif not flow.body:
        note = "no body"
    elif _is_binary(flow.body):
        note = f"{len(flow.body)} bytes of binary data; first 256 bytes in hex"
        body = (Shown("hex", (Piece(flow.body[:256].hex(" ")),)),)
    else:
        body = _views(flow.body.decode("utf-8", errors="replace"), needles, decode=True)
    url = _views(flow.url, needles, decode=True)
    places = [*url, *(s for _, s in headers), *body]
    return FlowDisplay(
        flow=flow,
        url=url,
        headers=headers,
        body=body,
        body_note=note,
        categories=tuple(dict.fromkeys(m.category for m in flow.matches)),
        receiver_sdks=receiver_sdks,
        highlighted=sum(1 for s in places if any(p.label for p in s.parts)),
    )
