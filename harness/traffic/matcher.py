"""Known identifiers found in a flow, in every form they travel in, by one automaton.

    matcher = IdentifierMatcher(known)          # built once per set of identifiers
    matches = matcher.match(flow_record)        # IdentifierMatch per (identifier, form, place)

Every form of every known value (variants.py) goes into one Aho-Corasick automaton; each
place of the request (places.py: URL, query, headers, cookies, body fields, WebSocket
messages, after undoing compression and nested encodings) is read once by it. Placeholder
values (placeholders.py: 02:00:00:00:00:00, all-zero ids, "unknown") are never searched. A hit
counts only if its edges are right (an IMEI inside a longer number is not the IMEI;
see variants.Boundary), and a coordinate only if its digits agree (coordinates.py).

Where a place's container escapes its values (percent-encoding in a query, escapes in a
JSON string), the matcher looks at the text as sent and at the unescaped value; a form
found only in the unescaped value is named after the escaping, e.g. "urlencoded(base64)".

One identifier is reported once per form and place. When it is found both in a place
and inside a document decoded from that place, the report keeps the more telling one:
`query:d` "base64" rather than `query:d/base64` "plain", but `body/form:data/json:$.imei`
rather than the form field that holds the whole JSON document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from harness.model import FlowRecord, IdentifierMatch, KnownIdentifier
from harness.traffic import coordinates
from harness.traffic.placeholders import Placeholders
from harness.traffic.places import Place, request_places
from harness.traffic.scanner import AutomatonScanner, ScannerFactory
from harness.traffic.variants import Boundary, variants

_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_NAME = _WORD | frozenset("._")
_BASE64 = _WORD | frozenset("+/-_")
_TRANSFORM_STEPS = ("base64", "gzip", "zlib", "deflate", "brotli")


@dataclass(frozen=True, slots=True)
class _Target:
    """What one literal means for one known identifier."""

    ident: KnownIdentifier
    encoding: str
    boundary: Boundary
    reported: str  # the value the match names (the known value, or one coordinate of it)
    rank: int  # order of generation: of two forms with one literal, the first names it


def _edges_ok(text: str, start: int, end: int, literal: str, allowed: frozenset[str]) -> bool:
    if start > 0 and literal[0] in allowed and text[start - 1] in allowed:
        return False
    return not (end < len(text) and literal[-1] in allowed and text[end] in allowed)


def _accept(
    text: str, start: int, end: int, literal: str, target: _Target
) -> tuple[str, int] | None:
    """(encoding name, end of what was found) if the hit counts, else None."""
    match target.boundary:
        case Boundary.WORD:
            ok = _edges_ok(text, start, end, literal, _WORD)
        case Boundary.NAME:
            ok = _edges_ok(text, start, end, literal, _NAME)
        case Boundary.BASE64:
            ok = _edges_ok(text, start, end, literal, _BASE64)
        case Boundary.COORDINATE:
            return coordinates.verify(text, start, end, target.reported)
        case _:
            ok = True
    return (target.encoding, end) if ok else None


class IdentifierMatcher:
    def __init__(
        self,
        known: Iterable[KnownIdentifier],
        scanner: ScannerFactory = AutomatonScanner,
        placeholders: Placeholders | None = None,
    ) -> None:
        unique: dict[tuple[str, str], KnownIdentifier] = {}
        # Whatever the source, a placeholder (02:00:00:00:00:00, "unknown") is never searched.
        for ident in (placeholders or Placeholders.load()).real(known):
            if ident.value.strip():
                unique.setdefault((ident.category.value, ident.value), ident)
        self.known = tuple(unique.values())
        table: dict[str, list[_Target]] = {}
        forms = [(ident, variant) for ident in self.known for variant in variants(ident)]
        for rank, (ident, variant) in enumerate(forms):
            target = _Target(
                ident, variant.encoding, variant.boundary, variant.part or ident.value, rank
            )
            table.setdefault(variant.text, []).append(target)
        self._table = {literal: tuple(targets) for literal, targets in table.items()}
        self._scanner = scanner(self._table)

    @property
    def pattern_count(self) -> int:
        return len(self._table)

    def match(self, flow: FlowRecord) -> tuple[IdentifierMatch, ...]:
        return self.match_places(flow.id, request_places(flow))

    def match_places(self, flow_id: str, places: Iterable[Place]) -> tuple[IdentifierMatch, ...]:
        found: dict[tuple[str, str, str, str], IdentifierMatch] = {}
        for place in places:
            for target, encoding, text in self._match_place(place):
                match = IdentifierMatch(
                    flow_id=flow_id,
                    category=target.ident.category,
                    identifier=target.reported,
                    encoding=encoding,
                    where=place.where,
                    found=text,
                )
                key = (match.category.value, match.identifier, encoding, place.where)
                if key not in found or text < found[key].found:  # the same whatever the order
                    found[key] = match
        kept = _keep_most_telling(list(found.values()))
        # Several values of one category (an app list's packages) can share a place and form:
        # the value and the text decide their order, so every scanner gives the same tuple.
        return tuple(
            sorted(
                kept, key=lambda m: (m.where, m.category.value, m.encoding, m.identifier, m.found)
            )
        )

    def _match_place(self, place: Place) -> list[tuple[_Target, str, str]]:
        raw = self._scan(place.text)
        results = [hit for hits in raw.values() for hit in hits]
        if place.decoded is not None:
            for key, hits in self._scan(place.decoded).items():
                if key in raw:
                    continue
                for target, encoding, text in hits:
                    named = place.layer if encoding == "plain" else f"{place.layer}({encoding})"
                    results.append((target, named, text))
        return results

    def _scan(self, text: str) -> dict[tuple[str, str], list[tuple[_Target, str, str]]]:
        """Accepted hits per identifier, without those inside another form of the same value.

        Forms of one value can overlap (a base64 fragment inside the full base64, the
        plain value inside its own URL-encoding): the outermost is how it was sent. Equal
        spans go to the first-named form, so the automaton and the naive loop agree.
        """
        spans: dict[tuple[str, str], list[tuple[int, int, _Target, str]]] = {}
        for start, end, literal in self._scanner.hits(text):
            for target in self._table[literal]:
                accepted = _accept(text, start, end, literal, target)
                if accepted is not None:
                    key = (target.ident.category.value, target.reported)
                    spans.setdefault(key, []).append((start, accepted[1], target, accepted[0]))
        result: dict[tuple[str, str], list[tuple[_Target, str, str]]] = {}
        for key, hits in spans.items():
            hits.sort(key=lambda h: (h[0], -h[1], h[2].rank))
            kept: list[tuple[int, int, _Target, str]] = []
            for hit in hits:
                if not any(k[0] <= hit[0] and hit[1] <= k[1] for k in kept):
                    kept.append(hit)
            result[key] = [(hit[2], hit[3], text[hit[0] : hit[1]]) for hit in kept]
        return result


def _keep_most_telling(matches: list[IdentifierMatch]) -> list[IdentifierMatch]:
    dropped: set[int] = set()
    for i, outer in enumerate(matches):
        for j, inner in enumerate(matches):
            if i == j or (outer.category, outer.identifier) != (inner.category, inner.identifier):
                continue
            if not inner.where.startswith(outer.where + "/"):
                continue
            step = inner.where[len(outer.where) + 1 :]
            if step.startswith(_TRANSFORM_STEPS) and "base64-embedded" not in outer.encoding:
                dropped.add(j)  # the outer place already says how it was encoded
            else:
                dropped.add(i)  # the inner place says more precisely where it was
    return [m for k, m in enumerate(matches) if k not in dropped]
