"""The consent phase in force at an instant, from the markers alone (for rules that judge a
marker, such as a search or a probe, rather than a timed record)."""

from __future__ import annotations

from collections.abc import Iterable

from harness.model import Marker, MarkerKind, Phase

_PHASE_OF = {
    MarkerKind.CONSENT_ACCEPT: Phase.POST_CONSENT,
    MarkerKind.CONSENT_REFUSE: Phase.REFUSED,
    MarkerKind.CONSENT_WITHDRAWN: Phase.WITHDRAWN,
}


def phase_at(markers: Iterable[Marker], ts: float) -> Phase:
    """The phase the last consent marker at or before `ts` started (markers in time order)."""
    phase = Phase.PRE_CONSENT
    for marker in markers:
        if marker.ts > ts:
            break
        phase = _PHASE_OF.get(marker.kind, phase)
    return phase
