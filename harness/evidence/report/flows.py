"""Flows shaped for reading: where each known identifier sits, highlighted in place.

The matches are the ones the traffic layer's analysis recorded on the flow row
(harness.traffic.analysis): the report shows what the rules judged by and finds nothing
again (a flow row without an analysis shows no highlight). The URL and a form body are also
shown decoded when an identifier is only visible so.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote_plus

from harness.evidence.report.highlight import Piece, clip, pieces
from harness.evidence.views import FlowView

_BINARY_SHARE = 0.3


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
