"""Matching: find the known identifiers in each flow, in every form, as it completes.

The `known_identifiers` option lists `category=value` pairs (from devices.yaml, the
device, and every value the hooks see returned during the session: the owner adds those
while the proxy runs). Each finished request is searched by one multi-pattern automaton
(harness.traffic.matcher) and the matches go into `flow.metadata["harness.matches"]`,
which the recorder (after this addon) writes into flows.mitm with the flow.

When: at `request` for ordinary exchanges (the request is complete, and the recorder
writes at `response` or `error`, later); for a WebSocket again at its end, with every
message; for a WebSocket still open when the proxy stops, at `done` (this addon comes
before the recorder, whose `done` writes it). A value the hooks report after a flow
completed is not in that flow's recorded matches; the session's final analysis
(events.jsonl) matches every flow against every value.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

from mitmproxy import addonmanager, ctx, exceptions, http

from harness.model import DataCategory, KnownIdentifier
from harness.traffic.flows import MATCHES_KEY, flow_record
from harness.traffic.matcher import IdentifierMatcher
from harness.traffic.placeholders import Placeholders


def parse_known(values: Sequence[str]) -> list[KnownIdentifier]:
    """`["device_id=8675...", ...]` -> KnownIdentifiers; raises ValueError naming a bad one."""
    known = []
    for item in values:
        category, sep, value = item.partition("=")
        try:
            parsed = DataCategory(category.strip())
        except ValueError:
            raise ValueError(f"{item!r}: {category!r} is not a data category") from None
        if not sep or not value.strip():
            raise ValueError(f"{item!r} is not category=value")
        known.append(KnownIdentifier(parsed, value, "proxy option"))
    return known


class KnownSet:
    """The identifiers a proxy looks for; its owner adds to it from any thread."""

    def __init__(
        self, identifiers: Iterable[KnownIdentifier] = (), placeholders: Placeholders | None = None
    ) -> None:
        self._lock = threading.Lock()
        self._known: dict[tuple[str, str], KnownIdentifier] = {}
        self._placeholders = placeholders or Placeholders.load()
        self.add(identifiers)

    def add(self, identifiers: Iterable[KnownIdentifier]) -> bool:
        """Add the new ones (never a placeholder); whether there were any."""
        added = False
        with self._lock:
            for ident in self._placeholders.real(identifiers):
                key = (ident.category.value, ident.value)
                if ident.value.strip() and key not in self._known:
                    self._known[key] = ident
                    added = True
        return added

    def option_values(self) -> list[str]:
        """The `known_identifiers` option's value: `category=value` strings."""
        with self._lock:
            return [f"{i.category.value}={i.value}" for i in self._known.values()]


class IdentifierMatching:
    def __init__(self) -> None:
        self._matcher = IdentifierMatcher(())
        self._open_websockets: dict[str, http.HTTPFlow] = {}

    def load(self, loader: addonmanager.Loader) -> None:
        loader.add_option(
            "known_identifiers",
            Sequence[str],
            [],
            """
            Identifier values to look for in every request, as category=value (e.g.
            device_id=867530912345678). Found in any form (hashed, base64, URL-encoded, in
            a gzipped body, ...), they are recorded on the flow as harness.matches.
            """,
        )

    def configure(self, updated: set[str]) -> None:
        if "known_identifiers" not in updated:
            return
        try:
            known = parse_known(ctx.options.known_identifiers)
        except ValueError as exc:
            raise exceptions.OptionsError(f"known_identifiers: {exc}") from exc
        self._matcher = IdentifierMatcher(known)

    def request(self, flow: http.HTTPFlow) -> None:
        self._annotate(flow)

    def websocket_start(self, flow: http.HTTPFlow) -> None:
        self._open_websockets[flow.id] = flow

    def websocket_end(self, flow: http.HTTPFlow) -> None:
        self._open_websockets.pop(flow.id, None)
        self._annotate(flow)

    def done(self) -> None:
        for flow in list(self._open_websockets.values()):
            self._annotate(flow)
        self._open_websockets.clear()

    def _annotate(self, flow: http.HTTPFlow) -> None:
        matches = self._matcher.match(flow_record(flow))
        flow.metadata[MATCHES_KEY] = [m.to_json() for m in matches]
