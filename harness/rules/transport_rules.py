"""cleartext-personal-data (明文传输): a known identifier or an observed value in a flow that
did not use TLS.

A flow is clear text when its URL's scheme is `http` or `ws`: the request crossed the network
readable by anyone on the path, whatever the phase and whoever received it. One finding per
data category and receiver; its evidence is every such flow, and its details name each value
as matched (the encoded form found, where in the request, and the URL).
Known gaps: only what the capture records as an HTTP flow is judged; a plain TCP or UDP
socket that does not speak HTTP leaves no flow row, and HTTPS to a proxy that downgrades it
upstream is invisible from the device.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

from harness.model import EvidenceRef, Finding
from harness.rules.context import RuleInput
from harness.rules.findings import Grouped, GroupKey
from harness.timeline import Timeline

CLEARTEXT_SCHEMES = frozenset({"http", "ws"})
MAX_VALUES_LISTED = 20  # per finding; a long session repeats the same few values


def is_cleartext(url: str) -> bool:
    return urlsplit(url).scheme.lower() in CLEARTEXT_SCHEMES


def cleartext_personal_data(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    grouped = Grouped()
    values: dict[GroupKey, list[dict[str, Any]]] = defaultdict(list)
    context = rule.context
    for timed_flow in timeline.flows:
        flow = timed_flow.flow
        if not is_cleartext(flow.url):
            continue
        matches = context.flow_matches.get(flow.id, ())
        if not matches:
            continue
        receiver = context.receiver(flow.id, flow.host)
        ref = EvidenceRef("flow", flow.id)
        for match in matches:
            key = grouped.add(match.category, receiver, None, flow.ts, ref)
            listed = values[key]
            if len(listed) < MAX_VALUES_LISTED:
                listed.append(
                    {
                        "flow_id": flow.id,
                        "url": flow.url,
                        "identifier": match.identifier,
                        "found": match.found or match.identifier,
                        "encoding": match.encoding,
                        "where": match.where,
                    }
                )
    details = {key: {"values": listed} for key, listed in values.items()}
    return grouped.findings(rule, details)
