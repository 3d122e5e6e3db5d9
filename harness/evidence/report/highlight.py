"""Text cut into plain and highlighted pieces, so templates never join markup by hand.

A template renders each piece escaped, wrapping the highlighted ones in <mark>; the app's
text therefore reaches the page only through the template engine's escaping.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_SHOWN_CHARS = 16_384


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    label: str = ""  # non-empty: highlighted, and why (e.g. "device_id")


def pieces(text: str, needles: Iterable[tuple[str, str]]) -> tuple[Piece, ...]:
    """`text` split at every occurrence of each (needle, label); longest needle wins ties."""
    spans: list[tuple[int, int, str]] = []
    for needle, label in needles:
        if not needle:
            continue
        start = text.find(needle)
        while start != -1:
            spans.append((start, start + len(needle), label))
            start = text.find(needle, start + 1)
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[Piece] = []
    cursor = 0
    for start, end, label in spans:
        if start < cursor:
            continue  # overlaps a piece already highlighted
        if start > cursor:
            out.append(Piece(text[cursor:start]))
        out.append(Piece(text[start:end], label))
        cursor = end
    if cursor < len(text) or not out:
        out.append(Piece(text[cursor:]))
    return tuple(out)


def marked(parts: tuple[Piece, ...]) -> int:
    return sum(1 for p in parts if p.label)


def clip(text: str, limit: int = MAX_SHOWN_CHARS) -> tuple[str, int]:
    """The first `limit` characters and how many were left out."""
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit
