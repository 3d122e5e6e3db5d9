"""Known identifier values found in a flow's request, in plain text.

The walking skeleton's matcher: the exact value in the URL, a header or the body. Encoded,
hashed and compressed forms are the traffic issue's work (an automaton over all forms).
"""

from __future__ import annotations

from urllib.parse import unquote_plus

from harness.model import FlowRecord, IdentifierMatch, KnownIdentifier


def find_identifiers(flow: FlowRecord, known: list[KnownIdentifier]) -> list[IdentifierMatch]:
    places: list[tuple[str, str]] = [("url", unquote_plus(flow.url))]
    places += [(f"header:{name}", value) for name, value in flow.request_headers]
    body = flow.request_body.decode("utf-8", errors="replace")
    places.append(("body", body))
    if "%" in body or "+" in body:
        places.append(("body", unquote_plus(body)))
    matches: dict[tuple[str, str, str], IdentifierMatch] = {}
    for ident in known:
        for where, text in places:
            if ident.value and ident.value in text:
                key = (ident.category.value, ident.value, where)
                matches.setdefault(
                    key,
                    IdentifierMatch(
                        flow_id=flow.id,
                        category=ident.category,
                        identifier=ident.value,
                        encoding="plain",
                        where=where,
                    ),
                )
    return list(matches.values())
