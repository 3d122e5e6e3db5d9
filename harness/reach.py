"""How far the privacy policy was from the main screen: the policy_reach marker's detail.

What: `Reach` (the taps to the policy, None when not found; how deep the search looked;
whether it looked everywhere within that depth; the path of labels), `reach_detail` writes
it as the marker's detail (`taps=5 searched=6 complete=yes; path: 我的 > … > 隐私政策`) and
`parse_reach` reads it back. How: one format, written by the policy_reach step
(harness.scenario.probes) and read by the policy-too-deep rule (harness.rules.dialog_rules),
so a bundle re-scored later reads what the session wrote.
Known gaps: a label holding " > " is written with "›" by the step, so the path splits right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reach:
    """What the search found: the taps to the policy (None: not found), how deep it looked,
    and whether it looked everywhere within that depth (else a budget or a lost way cut it)."""

    taps: int | None
    searched: int
    complete: bool
    path: tuple[str, ...] = ()


_DETAIL = re.compile(r"^taps=(\d+|none) searched=(\d+) complete=(yes|no)(?:; path: (.*))?$")


def reach_detail(reach: Reach) -> str:
    taps = "none" if reach.taps is None else str(reach.taps)
    head = f"taps={taps} searched={reach.searched} complete={'yes' if reach.complete else 'no'}"
    return f"{head}; path: {' > '.join(reach.path)}" if reach.path else head


def parse_reach(detail: str) -> Reach | None:
    """A policy_reach marker's detail as a Reach (None: not written by reach_detail)."""
    match = _DETAIL.match(detail)
    if match is None:
        return None
    taps, searched, complete, path = match.groups()
    return Reach(
        None if taps == "none" else int(taps),
        int(searched),
        complete == "yes",
        tuple(path.split(" > ")) if path else (),
    )
