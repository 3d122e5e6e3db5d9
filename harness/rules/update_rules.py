"""permissions-changed-on-update (认定方法 三、5): version N+1 installed over the app changed
the runtime-permission settings the user had chosen (harness.rules.grant_changes says what
counts: a user's grant revoked or denial overturned, a decision reset to "ask", a grant made
without the user).

One finding per data category the changed permissions guard (the pack's permission groups;
none for a permission outside them), citing the upgrade's marker and its screens; details list
each change with the states before and after and the two versions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from harness.model import DataCategory, EvidenceRef, Finding, MarkerKind
from harness.rules.attribution import APP
from harness.rules.context import RuleInput
from harness.rules.findings import make_finding
from harness.rules.grant_changes import grant_changes
from harness.timeline import Timeline


def permissions_changed_on_update(timeline: Timeline, rule: RuleInput) -> list[Finding]:
    groups = rule.context.groups
    markers = {m.ts: m for m in timeline.markers if m.kind is MarkerKind.APP_UPGRADED}
    findings: list[Finding] = []
    for upgrade in timeline.upgrades:
        changes = grant_changes(dict(upgrade.before), dict(upgrade.after))
        by_category: dict[DataCategory | None, list[dict[str, Any]]] = defaultdict(list)
        for change in changes:
            category = None
            if groups is not None:
                category = groups.category_of(groups.group_of(change.permission))
            by_category[category].append(change.to_json())
        marker = markers.get(upgrade.ts)
        refs: list[tuple[float, EvidenceRef]] = [(upgrade.ts, EvidenceRef("event", upgrade.id))]
        if marker is not None:
            refs.append((marker.ts, EvidenceRef("marker", marker.id)))
            refs += [(marker.ts, EvidenceRef("file", name)) for name in marker.evidence]
        for category, listed in sorted(by_category.items(), key=lambda kv: kv[0] or ""):
            details = {
                "from_version": upgrade.from_version,
                "to_version": upgrade.to_version,
                "changes": listed,
            }
            findings.append(
                make_finding(rule, category, None, refs, APP, details, count=len(listed))
            )
    return findings
